/* The referral lists (declared in referral.h): worklist pages, a patient's referrals, counts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "record.h"
#include "referral.h"
#include "text.h"

/* ---- lists ---- */

/* ?1 kind, ?2 organization, ?3 care manager login, ?4 status, ?5 ?6 after, ?7 today, ?8 limit */
#define ROW_SELECT                                                                               \
	"SELECT r.id, r.patient_id, p.mrn, p.family_name || ', ' || p.given_name, r.kind,"       \
	" o.name, r.service, r.priority, r.status, r.outcome, r.referred_on, r.due_date,"        \
	" coalesce(cm.display_name, ''), r.closed_on, p.status FROM referral r"                  \
	" JOIN patient p ON p.id = r.patient_id JOIN organization o ON o.id = r.organization_id" \
	" LEFT JOIN care_manager cm ON cm.id = r.care_manager_id WHERE "
/* Word for word the WHERE of the partial index referral_open_due. */
#define OPEN "r.status IN " CL_REFERRAL_OPEN_STATUSES
#define FILTER                                                                        \
	" AND (?1 IS NULL OR r.kind = ?1) AND (?2 IS NULL OR r.organization_id = ?2)" \
	" AND (?3 IS NULL OR cm.login = ?3)"
/* One status; ?10 set: only those past due. */
#define STATUS "r.status = ?4 AND (?10 IS NULL OR r.due_date < ?7)"
#define AFTER  " AND (r.due_date, r.id) > (?5, ?6)"
#define ORDER  " ORDER BY r.due_date, r.id LIMIT ?8"

/* [scope][after] */
static const char *const list_sql[4][2] = {
	{ ROW_SELECT OPEN FILTER ORDER, ROW_SELECT OPEN FILTER AFTER ORDER },
	{ ROW_SELECT OPEN " AND r.due_date < ?7" FILTER ORDER,
	  ROW_SELECT OPEN " AND r.due_date < ?7" FILTER AFTER ORDER },
	{ ROW_SELECT STATUS FILTER ORDER, ROW_SELECT STATUS FILTER AFTER ORDER },
	{ ROW_SELECT "r.status <> 'entered-in-error'" FILTER ORDER,
	  ROW_SELECT "r.status <> 'entered-in-error'" FILTER AFTER ORDER },
};
#define BEFORE " AND (r.due_date, r.id) < (?5, ?6)"
#define DESC   " ORDER BY r.due_date DESC, r.id DESC LIMIT ?8"
/* [scope][before]: the same lists read backward (cl_referral_page). */
static const char *const back_sql[4][2] = {
	{ ROW_SELECT OPEN FILTER DESC, ROW_SELECT OPEN FILTER BEFORE DESC },
	{ ROW_SELECT OPEN " AND r.due_date < ?7" FILTER DESC,
	  ROW_SELECT OPEN " AND r.due_date < ?7" FILTER BEFORE DESC },
	{ ROW_SELECT STATUS FILTER DESC, ROW_SELECT STATUS FILTER BEFORE DESC },
	{ ROW_SELECT "r.status <> 'entered-in-error'" FILTER DESC,
	  ROW_SELECT "r.status <> 'entered-in-error'" FILTER BEFORE DESC },
};
static const char sql_for_patient[] =
	ROW_SELECT "r.patient_id = ?9 AND r.status <> 'entered-in-error'"
		   " ORDER BY r.referred_on DESC, r.created_at DESC LIMIT ?8";
static const char sql_overdue_count[] =
	"SELECT count(*) FROM referral r WHERE " OPEN " AND r.due_date < ?1";

static int list_row(sqlite3_stmt *st, const char *today, struct cl_referral_row *row,
		    struct cl_error *err)
{
	char code[32], closed[CL_DATE_LEN];
	int i;

	memset(row, 0, sizeof(*row));
	if (cl_db_column_id(st, 0, &row->id) || cl_db_column_id(st, 1, &row->patient_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has a malformed id");
	cl_db_column_text(st, 2, row->mrn, sizeof(row->mrn));
	cl_db_column_text(st, 3, row->patient_name, sizeof(row->patient_name));
	cl_db_column_text(st, 4, code, sizeof(code));
	row->kind = strcmp(code, "specialty") == 0 ? CL_REFERRAL_SPECIALTY : CL_REFERRAL_COMMUNITY;
	cl_db_column_text(st, 5, row->organization, sizeof(row->organization));
	cl_db_column_text(st, 6, row->service, sizeof(row->service));
	cl_db_column_text(st, 7, code, sizeof(code));
	row->priority = strcmp(code, "urgent") == 0 ? CL_PRIORITY_URGENT : CL_PRIORITY_ROUTINE;
	cl_db_column_text(st, 8, code, sizeof(code));
	if ((i = cl_referral_status_parse(code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has an unknown status");
	row->status = (enum cl_referral_status)i;
	cl_db_column_text(st, 9, code, sizeof(code));
	i = cl_referral_outcome_parse(code);
	row->outcome = i > 0 ? (enum cl_referral_outcome)i : CL_OUTCOME_NONE;
	cl_db_column_text(st, 10, row->referred_on, sizeof(row->referred_on));
	cl_db_column_text(st, 11, row->due_date, sizeof(row->due_date));
	cl_db_column_text(st, 12, row->care_manager_name, sizeof(row->care_manager_name));
	cl_db_column_text(st, 13, closed, sizeof(closed));
	if (cl_date_valid(row->referred_on))
		row->age_days = cl_date_days(cl_date_valid(closed) ? closed : today) -
				cl_date_days(row->referred_on);
	row->overdue = cl_referral_status_open(row->status) && strcmp(row->due_date, today) < 0;
	cl_db_column_text(st, 14, code, sizeof(code));
	for (i = CL_PATIENT_ACTIVE; i < CL_PATIENT_DECEASED; i++)
		if (strcmp(code, cl_patient_status_code((enum cl_patient_status)i)) == 0)
			break;
	row->patient_status = (enum cl_patient_status)i;
	row->sensitive = row->kind == CL_REFERRAL_COMMUNITY && cl_domain_sensitive(row->service);
	return CL_OK;
}

static int collect(struct cl_db *db, sqlite3_stmt *st, const char *today,
		   struct cl_referral_row *rows, int max, int *n, struct cl_error *err)
{
	int step = SQLITE_DONE, rc = CL_OK;

	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = list_row(st, today, &rows[*n], err)))
			break;
		(*n)++;
	}
	if (!rc && *n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		*n = 0;
	return rc;
}

int cl_referral_list(struct cl_db *db, const struct cl_referral_filter *filter,
		     const struct cl_referral_row *after, struct cl_referral_row *rows, int max,
		     int *n, struct cl_error *err)
{
	return cl_referral_page(db, filter, after, false, rows, max, n, err);
}

int cl_referral_page(struct cl_db *db, const struct cl_referral_filter *filter,
		     const struct cl_referral_row *after, bool backward,
		     struct cl_referral_row *rows, int max, int *n, struct cl_error *err)
{
	static const struct cl_referral_filter defaults = {
		CL_REFERRALS_OPEN, CL_REFERRAL_DRAFT, -1, NULL, NULL, false
	};
	char today[CL_DATE_LEN];
	const char *kind;
	sqlite3_stmt *st;
	int scope, rc, i;

	*n = 0;
	if (!filter)
		filter = &defaults;
	if (max <= 0)
		return CL_OK;
	scope = (int)filter->scope;
	if (scope < 0 || scope > CL_REFERRALS_ALL)
		scope = CL_REFERRALS_OPEN;
	if (filter->overdue && scope != CL_REFERRALS_STATUS)
		scope = CL_REFERRALS_OVERDUE; /* a closed referral is never overdue */
	if (scope == CL_REFERRALS_STATUS && filter->status == CL_REFERRAL_ENTERED_IN_ERROR)
		return CL_OK; /* hidden from lists; kept in the audit */
	if (!(st = cl_db_stmt(db, (backward ? back_sql : list_sql)[scope][after != NULL], err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	kind = filter->kind >= 0 ? cl_referral_kind_code((enum cl_referral_kind)filter->kind)
				 : NULL;
	if ((rc = cl_db_bind_text(st, 1, kind, err)) ||
	    (rc = cl_db_bind_id(st, 2, filter->organization, err)) ||
	    (rc = cl_db_bind_text(st, 3, filter->care_manager, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_referral_status_code(filter->status), err)) ||
	    (after && (rc = cl_db_bind_text(st, 5, after->due_date, err))) ||
	    (after && (rc = cl_db_bind_id(st, 6, &after->id, err))) ||
	    (rc = cl_db_bind_text(st, 7, today, err)) || (rc = cl_db_bind_int(st, 8, max, err)) ||
	    (scope == CL_REFERRALS_STATUS && filter->overdue &&
	     (rc = cl_db_bind_int(st, 10, 1, err))))
		return rc;
	if ((rc = collect(db, st, today, rows, max, n, err)))
		return rc;
	/* A list over patients: safety stays in the patient's own chart. */
	for (i = 0; i < *n; i++)
		if (rows[i].sensitive)
			rows[i].organization[0] = rows[i].service[0] = '\0';
	if (!backward)
		return rc;
	for (i = 0; i < *n / 2; i++) {
		struct cl_referral_row swap = rows[i];

		rows[i] = rows[*n - 1 - i];
		rows[*n - 1 - i] = swap;
	}
	return CL_OK;
}

int cl_referral_for_patient(struct cl_db *db, const struct cl_id *patient,
			    struct cl_referral_row *rows, int max, int *n, struct cl_error *err)
{
	char today[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_for_patient, err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	if ((rc = cl_db_bind_int(st, 8, max, err)) || (rc = cl_db_bind_id(st, 9, patient, err)))
		return rc;
	return collect(db, st, today, rows, max, n, err);
}

int cl_referral_overdue_count(struct cl_db *db, long long *count, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_overdue_count, err);
	char today[CL_DATE_LEN];
	int rc = CL_OK;

	*count = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	if ((rc = cl_db_bind_text(st, 1, today, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
