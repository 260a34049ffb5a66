#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "behavioral.h"
#include "contact.h"
#include "db_private.h"
#include "record.h"
#include "setting.h"

/* ---- enrollment ---- */

#define ENROLL_AT(member) CL_FIELD_AT(struct cl_bh_enrollment, member), .column = #member

/* The disenrollment date: not before the enrollment. */
static const char *not_before_enrolled(const void *rec, const char *in, char *out, size_t size)
{
	const struct cl_bh_enrollment *e = rec;

	snprintf(out, size, "%s", in);
	if (e->enrolled_on[0] && strcmp(in, e->enrolled_on) < 0)
		return "is before the enrollment date";
	return NULL;
}

const struct cl_field cl_bh_enrollment_fields[] = {
	{ "enrolled_on", "Enrolled on", CL_FIELD_DATE, 10, true, NULL, ENROLL_AT(enrolled_on),
	  .normalize = cl_field_past_date },
	{ "care_manager", "Care manager", CL_FIELD_LOGIN, 63, false, NULL,
	  CL_FIELD_AT(struct cl_bh_enrollment, care_manager) },
	{ "psychiatrist", "Consulting psychiatrist", CL_FIELD_TEXT, 96, false, NULL,
	  ENROLL_AT(psychiatrist) },
	{ "target_below", "Target: PHQ-9 below", CL_FIELD_INT, 2, true, NULL,
	  ENROLL_AT(target_below), .min = 1, .max = 27 },
	{ "disenrolled_on", "Disenrolled on", CL_FIELD_DATE, 10, false, NULL,
	  ENROLL_AT(disenrolled_on), .normalize = not_before_enrolled },
	{ .key = NULL },
};

static const struct cl_record_type enrollment_type = {
	.table = "bh_enrollment",
	.fields = cl_bh_enrollment_fields,
	.size = sizeof(struct cl_bh_enrollment),
};

void cl_bh_enrollment_init(struct cl_bh_enrollment *e, struct cl_db *db,
			   const struct cl_id *patient)
{
	memset(e, 0, sizeof(*e));
	if (patient)
		e->patient_id = *patient;
	cl_date_today(e->enrolled_on);
	e->target_below = 5;
	if (db && cl_db_user(db))
		snprintf(e->care_manager, sizeof(e->care_manager), "%s", cl_db_user(db));
}

/* ?1 id, ?2 patient, ?3 care manager id, ?4 now, ?5 user, ?6 version read; fields named. */
#define ENROLL_SELECT                                                                          \
	"SELECT e.id, e.patient_id, coalesce(cm.login, ''), coalesce(cm.display_name, ''),"    \
	" e.created_at, e.updated_at, e.updated_by, e.version, {columns} FROM bh_enrollment e" \
	" LEFT JOIN care_manager cm ON cm.id = e.care_manager_id"
#define ENROLL_FIRST_FIELD 8

static struct cl_field_stmt sql_enroll_current = {
	ENROLL_SELECT " WHERE e.patient_id = ?1 AND e.disenrolled_on = ''", "e.", ""
};
static struct cl_field_stmt sql_enroll_insert = {
	"INSERT INTO bh_enrollment (id, patient_id, care_manager_id, created_at, updated_at,"
	" updated_by, version, {columns}) VALUES (?1, ?2, ?3, ?4, ?4, ?5, 1, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_enroll_update = {
	"UPDATE bh_enrollment SET care_manager_id = ?3, updated_at = ?4, updated_by = ?5,"
	" version = ?6 + 1, {assign} WHERE id = ?1 AND patient_id = ?2 AND version = ?6",
	NULL,
	"",
};
static const char sql_enroll_stamp[] =
	"SELECT e.updated_at, coalesce(cm.display_name, e.updated_by) FROM bh_enrollment e"
	" LEFT JOIN care_manager cm ON cm.login = e.updated_by WHERE e.id = ?1";
static const char sql_enroll_open[] =
	"SELECT 1 FROM bh_enrollment WHERE patient_id = ?1 AND disenrolled_on = ''";

static int enrollment_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_bh_enrollment *e = rec;

	memset(e, 0, sizeof(*e));
	if (cl_db_column_id(st, 0, &e->id) || cl_db_column_id(st, 1, &e->patient_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored enrollment has a malformed id");
	cl_db_column_text(st, 2, e->care_manager, sizeof(e->care_manager));
	cl_db_column_text(st, 3, e->care_manager_name, sizeof(e->care_manager_name));
	cl_record_read_stamps(st, 4, e->created_at, e->updated_at, e->updated_by, &e->version);
	return cl_field_read(&enrollment_type, st, ENROLL_FIRST_FIELD, e, err);
}

int cl_bh_enrollment_current(struct cl_db *db, const struct cl_id *patient,
			     struct cl_bh_enrollment *e, struct cl_error *err)
{
	return cl_record_load(db, &enrollment_type, &sql_enroll_current, patient,
			      enrollment_from_row, e, err);
}

int cl_bh_enrollment_save(struct cl_db *db, struct cl_bh_enrollment *e, struct cl_error *err)
{
	struct cl_bh_enrollment v = *e;
	struct cl_id manager = { { 0 } };
	bool creating = cl_id_is_nil(&v.id), open = false;
	sqlite3_stmt *st;
	char now[32];
	int rc, step;

	if (cl_id_is_nil(&v.patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	if ((rc = cl_field_validate(cl_bh_enrollment_fields, &v, sizeof(v), err)))
		return rc;
	cl_field_normalize(cl_bh_enrollment_fields, &v, NULL);
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (v.care_manager[0] &&
	    (rc = cl_record_care_manager(db, v.care_manager, "care_manager", &manager, err)))
		goto fail;
	if (creating) {
		if (!(st = cl_db_stmt(db, sql_enroll_open, err))) {
			rc = err ? err->code : CL_EIO;
			goto fail;
		}
		if ((rc = cl_db_bind_id(st, 1, &v.patient_id, err)))
			goto fail;
		step = sqlite3_step(st);
		open = step == SQLITE_ROW;
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = cl_db_error(db, err);
			goto fail;
		}
		if (open) {
			rc = cl_error_set(err, CL_EEXIST, "the patient is already enrolled");
			goto fail;
		}
		cl_id_new(&v.id);
	}
	if (!(st = cl_field_stmt(db, &enrollment_type,
				 creating ? &sql_enroll_insert : &sql_enroll_update, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &v.id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v.patient_id, err)) ||
	    (rc = cl_record_bind_opt_id(st, 3, v.care_manager[0] ? &manager : NULL, err)) ||
	    (rc = cl_db_bind_text(st, 4, now, err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_db_user(db), err)) ||
	    (!creating && (rc = cl_db_bind_int(st, 6, v.version, err))) ||
	    (rc = cl_field_bind(&enrollment_type, st, &v, err))) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		goto fail;
	}
	if ((rc = cl_record_write(db, st, creating ? NULL : sql_enroll_stamp,
				  creating ? CL_AUDIT_CREATE : CL_AUDIT_UPDATE, "bh_enrollment",
				  &v.id, err)))
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	cl_record_saved(db, now, &v.version, creating ? v.created_at : NULL, v.updated_at,
			v.updated_by);
	*e = v;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

/* ---- scores ---- */

int cl_bh_scores(struct cl_db *db, const struct cl_id *patient, const char *instrument,
		 struct cl_bh_score *rows, int max, int *n, struct cl_error *err)
{
	static const char sql[] =
		"SELECT screened_on, total, band FROM (SELECT s.screened_on, s.total, s.band,"
		" s.created_at, s.rowid AS r FROM screening s JOIN instrument i"
		" ON i.id = s.instrument_id WHERE s.patient_id = ?1 AND i.code = ?2"
		" AND s.total IS NOT NULL AND s.status = 'completed'"
		" ORDER BY s.screened_on DESC, s.created_at DESC, r DESC LIMIT ?3)"
		" ORDER BY screened_on, created_at, r";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, step;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_text(st, 2, instrument, err)) ||
	    (rc = cl_db_bind_int(st, 3, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_bh_score *r = &rows[(*n)++];

		cl_db_column_text(st, 0, r->on, sizeof(r->on));
		r->total = sqlite3_column_int(st, 1);
		cl_db_column_text(st, 2, r->band, sizeof(r->band));
	}
	rc = *n == max || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_bh_scores_since(const struct cl_bh_score *scores, int n, const char *enrolled_on)
{
	char from[CL_DATE_LEN];
	int i = 0;

	if (!enrolled_on || !cl_date_valid(enrolled_on))
		return 0;
	cl_date_add_days(enrolled_on, -30, from);
	while (i < n && strcmp(scores[i].on, from) < 0)
		i++;
	return i;
}

void cl_bh_progress(const struct cl_bh_score *scores, int n, const char *enrolled_on,
		    const char *today, int remission_below, long review_weeks,
		    struct cl_bh_progress *out)
{
	const struct cl_bh_score *first, *last;

	memset(out, 0, sizeof(*out));
	out->baseline = out->last = -1;
	out->weeks = -1;
	if (enrolled_on && enrolled_on[0] && cl_date_valid(enrolled_on) && today &&
	    cl_date_valid(today) && strcmp(today, enrolled_on) >= 0)
		out->weeks = (cl_date_days(today) - cl_date_days(enrolled_on)) / 7;
	out->nscores = n;
	if (n < 1)
		return;
	first = &scores[0];
	last = &scores[n - 1];
	out->baseline = first->total;
	out->last = last->total;
	snprintf(out->baseline_on, sizeof(out->baseline_on), "%s", first->on);
	snprintf(out->last_on, sizeof(out->last_on), "%s", last->on);
	out->change = last->total - first->total;
	out->change_percent = first->total > 0 ? out->change * 100 / first->total : 0;
	/* At least a 50% drop: last <= baseline / 2, in integers without rounding. */
	out->response = n >= 2 && first->total > 0 && last->total * 2 <= first->total;
	out->remission = remission_below > 0 && last->total < remission_below;
	out->not_improving =
		out->weeks >= 0 && out->weeks >= review_weeks && !out->response && !out->remission;
}

/* ---- safety flags ---- */

int cl_bh_safety_open(struct cl_db *db, const struct cl_id *patient, bool *open,
		      char on_date[CL_DATE_LEN], char instrument[CL_CODE_LEN], struct cl_error *err)
{
	static const char sql[] =
		"SELECT s.screened_on, i.code FROM screening s JOIN task t ON t.id = s.safety_task_id"
		" JOIN instrument i ON i.id = s.instrument_id WHERE s.patient_id = ?1"
		" AND t.status = 'open' AND s.status != 'entered-in-error'"
		" ORDER BY s.screened_on DESC LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, step;

	*open = false;
	if (on_date)
		on_date[0] = '\0';
	if (instrument)
		instrument[0] = '\0';
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*open = true;
		if (on_date)
			cl_db_column_text(st, 0, on_date, CL_DATE_LEN);
		if (instrument)
			cl_db_column_text(st, 1, instrument, CL_CODE_LEN);
	}
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_bh_safety_list(struct cl_db *db, struct cl_bh_safety_row *rows, int max, int *n,
		      struct cl_error *err)
{
	static const char sql[] =
		"SELECT p.id, p.mrn, p.given_name, p.family_name, s.screened_on, i.code"
		" FROM screening s JOIN task t ON t.id = s.safety_task_id"
		" JOIN patient p ON p.id = s.patient_id JOIN instrument i ON i.id = s.instrument_id"
		" WHERE s.safety_task_id IS NOT NULL AND t.status = 'open'"
		" AND s.status != 'entered-in-error' AND p.status = 'active'"
		" ORDER BY s.screened_on, p.mrn LIMIT ?1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, step = SQLITE_DONE;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_bh_safety_row *r = &rows[*n];

		memset(r, 0, sizeof(*r));
		if (cl_db_column_id(st, 0, &r->patient_id))
			continue;
		cl_db_column_text(st, 1, r->mrn, sizeof(r->mrn));
		cl_db_column_text(st, 2, r->given_name, sizeof(r->given_name));
		cl_db_column_text(st, 3, r->family_name, sizeof(r->family_name));
		cl_db_column_text(st, 4, r->screened_on, sizeof(r->screened_on));
		cl_db_column_text(st, 5, r->instrument, sizeof(r->instrument));
		(*n)++;
	}
	rc = *n == max || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/* ---- the registry ---- */

/* The date of the patient's last contact on or after from, into out ("" when none). */
static int last_contact(struct cl_db *db, const struct cl_id *patient, const char *from,
			char out[CL_DATE_LEN], struct cl_error *err)
{
	static const char sql[] = "SELECT max(substr(occurred_at, 1, 10)) FROM contact"
				  " WHERE patient_id = ?1 AND occurred_at >= ?2";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, step;

	out[0] = '\0';
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_text(st, 2, from, err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		cl_db_column_text(st, 0, out, CL_DATE_LEN);
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/* Who needs attention first (see cl_bh_registry). */
static int registry_order(const void *a, const void *b)
{
	const struct cl_bh_registry_row *x = a, *y = b;
	int c;

	if (x->safety != y->safety)
		return x->safety ? -1 : 1;
	if (x->review != y->review)
		return x->review ? -1 : 1;
	if (x->contact_overdue != y->contact_overdue)
		return x->contact_overdue ? -1 : 1;
	if ((c = strcmp(x->next_contact, y->next_contact)))
		return c;
	return strcmp(x->mrn, y->mrn);
}

int cl_bh_registry(struct cl_db *db, const char *today, struct cl_bh_registry_row *rows, int max,
		   int *n, struct cl_error *err)
{
	static const char sql[] =
		"SELECT p.id, p.mrn, p.given_name, p.family_name, coalesce(cm.display_name, ''),"
		" e.enrolled_on FROM bh_enrollment e JOIN patient p ON p.id = e.patient_id"
		" LEFT JOIN care_manager cm ON cm.id = e.care_manager_id"
		" WHERE e.disenrolled_on = '' AND p.status = 'active' ORDER BY p.mrn LIMIT ?1";
	struct cl_bh_score *scores = NULL;
	long contact_days = cl_setting_int(db, "bh_contact_days");
	long review_weeks = cl_setting_int(db, "bh_review_weeks");
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, step = SQLITE_DONE;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_bh_registry_row *r = &rows[*n];

		memset(r, 0, sizeof(*r));
		if (cl_db_column_id(st, 0, &r->patient_id))
			continue;
		cl_db_column_text(st, 1, r->mrn, sizeof(r->mrn));
		cl_db_column_text(st, 2, r->given_name, sizeof(r->given_name));
		cl_db_column_text(st, 3, r->family_name, sizeof(r->family_name));
		cl_db_column_text(st, 4, r->care_manager_name, sizeof(r->care_manager_name));
		cl_db_column_text(st, 5, r->enrolled_on, sizeof(r->enrolled_on));
		(*n)++;
	}
	rc = *n == max || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (!(scores = calloc(CL_BH_MAX_SCORES, sizeof(*scores))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (int i = 0; rc == CL_OK && i < *n; i++) {
		struct cl_bh_registry_row *r = &rows[i];
		char last[CL_DATE_LEN];
		int ns = 0, from;

		if ((rc = cl_bh_scores(db, &r->patient_id, "phq-9", scores, CL_BH_MAX_SCORES, &ns,
				       err)))
			break;
		from = cl_bh_scores_since(scores, ns, r->enrolled_on);
		cl_bh_progress(scores + from, ns - from, r->enrolled_on, today, 5, review_weeks,
			       &r->phq9);
		r->review = r->phq9.not_improving;
		if ((rc = cl_bh_safety_open(db, &r->patient_id, &r->safety, NULL, NULL, err)) ||
		    (rc = last_contact(db, &r->patient_id, r->enrolled_on, last, err)))
			break;
		cl_date_add_days(last[0] ? last : r->enrolled_on, contact_days, r->next_contact);
		r->contact_overdue = strcmp(r->next_contact, today) < 0;
	}
	free(scores);
	if (rc == CL_OK)
		qsort(rows, (size_t)*n, sizeof(*rows), registry_order);
	return rc;
}

/* ---- collaborative care minutes ---- */

void cl_bh_cpt_codes(long minutes, bool first_month, char *buf, size_t size)
{
	long base = first_month ? 70 : 60, extra;

	if (minutes >= base) {
		extra = (minutes - base) / 30;
		if (extra == 0)
			snprintf(buf, size, "%s", first_month ? "99492" : "99493");
		else if (extra == 1)
			snprintf(buf, size, "%s + 99494", first_month ? "99492" : "99493");
		else
			snprintf(buf, size, "%s + 99494 x%ld", first_month ? "99492" : "99493",
				 extra);
	} else if (minutes >= 20) {
		snprintf(buf, size, "99484");
	} else if (size) {
		buf[0] = '\0';
	}
}

int cl_bh_minutes(struct cl_db *db, const char *month,
		  int (*row)(const struct cl_bh_minutes_row *r, void *arg), void *arg,
		  struct cl_error *err)
{
	/* ?1 first day of the month, ?2 first day of the next. A contact counts while enrolled. */
	static const char sql[] =
		"SELECT p.id, p.mrn, p.given_name, p.family_name, coalesce(cm.display_name, ''),"
		" e.enrolled_on, (SELECT count(*) FROM contact c WHERE c.patient_id = e.patient_id"
		" AND c.occurred_at >= max(?1, e.enrolled_on) AND c.occurred_at < ?2"
		" AND (e.disenrolled_on = '' OR substr(c.occurred_at, 1, 10) <= e.disenrolled_on)),"
		" (SELECT coalesce(sum(c.minutes), 0) FROM contact c WHERE c.patient_id = e.patient_id"
		" AND c.occurred_at >= max(?1, e.enrolled_on) AND c.occurred_at < ?2"
		" AND (e.disenrolled_on = '' OR substr(c.occurred_at, 1, 10) <= e.disenrolled_on))"
		" FROM bh_enrollment e JOIN patient p ON p.id = e.patient_id"
		" LEFT JOIN care_manager cm ON cm.id = e.care_manager_id"
		" WHERE e.enrolled_on < ?2 AND (e.disenrolled_on = '' OR e.disenrolled_on >= ?1)"
		" ORDER BY p.mrn, e.enrolled_on";
	char first[CL_DATE_LEN], next[CL_DATE_LEN];
	struct cl_bh_minutes_row r;
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = cl_month_range(month, first, next, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, first, err)) || (rc = cl_db_bind_text(st, 2, next, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		if (cl_db_column_id(st, 0, &r.patient_id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
			break;
		}
		cl_db_column_text(st, 1, r.mrn, sizeof(r.mrn));
		cl_db_column_text(st, 2, r.given_name, sizeof(r.given_name));
		cl_db_column_text(st, 3, r.family_name, sizeof(r.family_name));
		cl_db_column_text(st, 4, r.care_manager_name, sizeof(r.care_manager_name));
		cl_db_column_text(st, 5, r.enrolled_on, sizeof(r.enrolled_on));
		r.contacts = (long)sqlite3_column_int64(st, 6);
		r.minutes = (long)sqlite3_column_int64(st, 7);
		r.first_month = strcmp(r.enrolled_on, first) >= 0;
		cl_bh_cpt_codes(r.minutes, r.first_month, r.codes, sizeof(r.codes));
		if (row(&r, arg))
			break;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
