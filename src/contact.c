#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "careplan.h"
#include "contact.h"
#include "date.h"
#include "db_private.h"
#include "record.h"
#include "setting.h"

static const char *const mode_codes[] = { "phone", "in-person", "video", "text", "letter", NULL };
static const char *const direction_codes[] = { "outbound", "inbound", NULL };
static const char *const outcome_codes[] = { "reached", "left-message", "no-answer", "wrong-number",
					     NULL };

const char *cl_contact_mode_code(enum cl_contact_mode v)
{
	return v >= CL_CONTACT_PHONE && v <= CL_CONTACT_LETTER ? mode_codes[v] : "";
}

const char *cl_contact_direction_code(enum cl_contact_direction v)
{
	return v >= CL_CONTACT_OUTBOUND && v <= CL_CONTACT_INBOUND ? direction_codes[v] : "";
}

const char *cl_contact_outcome_code(enum cl_contact_outcome v)
{
	return v >= CL_CONTACT_REACHED && v <= CL_CONTACT_WRONG_NUMBER ? outcome_codes[v] : "";
}

#define AT(member) CL_FIELD_AT(struct cl_contact, member), .column = #member

const struct cl_field cl_contact_fields[] = {
	{ "occurred_at", "Date and time", CL_FIELD_DATETIME, 16, true, NULL, AT(occurred_at) },
	{ "mode", "Mode", CL_FIELD_ENUM, 15, true, mode_codes, AT(mode) },
	{ "direction", "Direction", CL_FIELD_ENUM, 15, true, direction_codes, AT(direction) },
	{ "outcome", "Outcome", CL_FIELD_ENUM, 15, true, outcome_codes, AT(outcome) },
	{ "minutes", "Minutes", CL_FIELD_INT, 3, true, NULL, AT(minutes), .min = 0,
	  .max = CL_CONTACT_MAX_MINUTES },
	{ "note", "Note", CL_FIELD_TEXT, 1000, false, NULL, AT(note), .multiline = true },
	{ .key = NULL },
};

static const struct cl_record_type contact_type = {
	.table = "contact",
	.fields = cl_contact_fields,
	.size = sizeof(struct cl_contact),
};

void cl_contact_init(struct cl_contact *c, const struct cl_id *patient)
{
	char today[CL_DATE_LEN];
	struct timespec now;
	struct tm tm = { 0 };

	memset(c, 0, sizeof(*c));
	if (patient)
		c->patient_id = *patient;
	cl_date_today(today);
	cl_clock_now(&now);
	localtime_r(&now.tv_sec, &tm);
	snprintf(c->occurred_at, sizeof(c->occurred_at), "%.10sT%02u:%02u", today,
		 (unsigned)tm.tm_hour % 24, (unsigned)tm.tm_min % 60);
	c->mode = CL_CONTACT_PHONE;
	c->direction = CL_CONTACT_OUTBOUND;
	c->outcome = CL_CONTACT_REACHED;
}

int cl_contact_field_get(const struct cl_contact *c, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_contact_fields, c, key, buf, size);
}

int cl_contact_field_set(struct cl_contact *c, const char *key, const char *value,
			 struct cl_error *err)
{
	return cl_field_set(cl_contact_fields, c, key, value, err);
}

int cl_contact_validate(const struct cl_contact *c, struct cl_error *err)
{
	if (cl_id_is_nil(&c->patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	return cl_field_validate(cl_contact_fields, c, sizeof(*c), err);
}

/*
 * Made from the field table (field.h): ?1 id, ?2 patient, ?3 care manager id, ?4 task id,
 * ?5 now, ?6 user; the fields' own parameters are named.
 */
#define CONTACT_SELECT                                                                      \
	"SELECT c.id, c.patient_id, coalesce(cm.login, ''), coalesce(cm.display_name, '')," \
	" c.task_id, c.created_at, c.updated_at, c.updated_by, c.version, c.error_reason,"  \
	" {columns} FROM contact c LEFT JOIN care_manager cm ON cm.id = c.care_manager_id"
#define FIRST_FIELD_COLUMN 10

static struct cl_field_stmt sql_contact_by_id = { CONTACT_SELECT " WHERE c.id = ?1", "c.", "" };
static struct cl_field_stmt sql_contact_list = {
	CONTACT_SELECT " WHERE c.patient_id = ?1 ORDER BY c.occurred_at DESC, c.id LIMIT ?2",
	"c.",
	"",
};
static struct cl_field_stmt sql_contact_insert = {
	"INSERT INTO contact (id, patient_id, care_manager_id, task_id, created_at, updated_at,"
	" updated_by, version, {columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, 1, {params})",
	NULL,
	"",
};

static int contact_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_contact *c = rec;

	memset(c, 0, sizeof(*c));
	if (cl_db_column_id(st, 0, &c->id) || cl_db_column_id(st, 1, &c->patient_id) ||
	    (sqlite3_column_type(st, 4) != SQLITE_NULL && cl_db_column_id(st, 4, &c->task_id)))
		return cl_error_set(err, CL_ECORRUPT, "a stored contact has a malformed id");
	cl_db_column_text(st, 2, c->care_manager, sizeof(c->care_manager));
	cl_db_column_text(st, 3, c->care_manager_name, sizeof(c->care_manager_name));
	cl_record_read_stamps(st, 5, c->created_at, c->updated_at, c->updated_by, &c->version);
	cl_db_column_text(st, 9, c->error_reason, sizeof(c->error_reason));
	return cl_field_read(&contact_type, st, FIRST_FIELD_COLUMN, c, err);
}

int cl_contact_get(struct cl_db *db, const struct cl_id *id, struct cl_contact *c,
		   struct cl_error *err)
{
	return cl_record_load(db, &contact_type, &sql_contact_by_id, id, contact_from_row, c, err);
}

int cl_contact_list(struct cl_db *db, const struct cl_id *patient, struct cl_contact *rows, int max,
		    int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &contact_type, &sql_contact_list, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	return cl_record_rows(db, st, contact_from_row, rows, sizeof(*rows), max, n, err);
}

int cl_contact_log(struct cl_db *db, struct cl_contact *c, const struct cl_id *task,
		   long long task_version, struct cl_error *err)
{
	struct cl_contact v = *c;
	sqlite3_stmt *st = NULL;
	bool in_tx = false;
	char now[32];
	int rc;

	if ((rc = cl_contact_validate(&v, err)))
		goto out;
	cl_field_normalize(cl_contact_fields, &v, NULL);
	{
		char today[CL_DATE_LEN];

		cl_date_today(today);
		if (strncmp(v.occurred_at, today, 10) > 0) {
			rc = cl_error_field(err, CL_EINVAL, "occurred_at",
					    "Date and time is in the future");
			goto out;
		}
	}
	if (task && v.outcome != CL_CONTACT_REACHED) {
		rc = cl_error_field(err, CL_EINVAL, "task",
				    "Only a contact that reached the patient completes a task");
		goto out;
	}
	if ((rc = cl_db_begin(db, err)))
		goto out;
	in_tx = true;
	cl_id_new(&v.id);
	memset(&v.task_id, 0, sizeof(v.task_id));
	if (task) {
		v.task_id = *task;
		if ((rc = cl_task_close_in_tx(db, task, task_version, CL_TASK_DONE, &v.patient_id,
					      err)))
			goto out;
	}
	if (!(st = cl_field_stmt(db, &contact_type, &sql_contact_insert, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &v.id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v.patient_id, err)) ||
	    (rc = cl_db_bind_id(st, 3, cl_db_user_id(db), err)) ||
	    (rc = cl_record_bind_opt_id(st, 4, &v.task_id, err)) ||
	    (rc = cl_db_bind_text(st, 5, now, err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_db_user(db), err)) ||
	    (rc = cl_field_bind(&contact_type, st, &v, err)))
		goto out;
	if ((rc = cl_record_write(db, st, NULL, CL_AUDIT_CREATE, "contact", &v.id, err)))
		goto out;
	if ((rc = cl_db_commit(db, err)))
		goto out;
	in_tx = false;
	cl_record_saved(db, now, &v.version, v.created_at, v.updated_at, v.updated_by);
	snprintf(v.care_manager, sizeof(v.care_manager), "%s", cl_db_user(db));
	snprintf(v.care_manager_name, sizeof(v.care_manager_name), "%s", cl_db_user_display(db));
	*c = v;
out:
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	if (in_tx)
		cl_db_rollback(db);
	return rc;
}

/* ---- monthly minutes ---- */

/*
 * The month's contacts are a range of the contact_month index (covering: no table reads),
 * summed per patient, then joined to the patient for the row. ?1 and ?2 bound the month.
 */
static const char sql_minutes[] =
	"SELECT p.id, p.mrn, p.given_name, p.family_name, coalesce(cm.display_name, ''),"
	" m.contacts, m.minutes, m.unconsented FROM (SELECT c.patient_id, count(*) AS contacts,"
	" sum(c.minutes) AS minutes, sum(CASE WHEN EXISTS (SELECT 1 FROM consent k"
	" WHERE k.patient_id = c.patient_id AND k.given_on <= substr(c.occurred_at, 1, 10)"
	" AND (k.withdrawn_on = '' OR k.withdrawn_on > substr(c.occurred_at, 1, 10)))"
	" THEN 0 ELSE c.minutes END) AS unconsented FROM contact c"
	" WHERE c.occurred_at >= ?1 AND c.occurred_at < ?2 AND c.error_reason = ''"
	" GROUP BY c.patient_id) m JOIN patient p ON p.id = m.patient_id"
	" LEFT JOIN care_manager cm ON cm.id = p.care_manager_id ORDER BY p.mrn";

int cl_month_range(const char *month, char first[CL_DATE_LEN], char next[CL_DATE_LEN],
		   struct cl_error *err)
{
	int y, m;

	if (!month || strlen(month) != 7 || month[4] != '-' || strspn(month, "0123456789") != 4 ||
	    strspn(month + 5, "0123456789") != 2 || sscanf(month, "%4d-%2d", &y, &m) != 2 ||
	    m < 1 || m > 12 || y < 1900)
		return cl_error_field(err, CL_EINVAL, "month", "Month must be YYYY-MM");
	snprintf(first, CL_DATE_LEN, "%04u-%02u-01", (unsigned)y % 10000, (unsigned)m % 100);
	if (!cl_date_valid(first) || y > 9998)
		return cl_error_field(err, CL_EINVAL, "month", "Month must be YYYY-MM");
	if (m == 12)
		snprintf(next, CL_DATE_LEN, "%04u-01-01", (unsigned)(y + 1) % 10000);
	else
		snprintf(next, CL_DATE_LEN, "%04u-%02u-01", (unsigned)y % 10000,
			 (unsigned)(m + 1) % 100);
	return CL_OK;
}

int cl_contact_minutes(struct cl_db *db, const char *month,
		       int (*row)(const struct cl_minutes_row *r, void *arg), void *arg,
		       long *threshold, struct cl_error *err)
{
	char first[CL_DATE_LEN], next[CL_DATE_LEN];
	long ccm = cl_setting_int(db, "ccm_minutes");
	struct cl_minutes_row r;
	sqlite3_stmt *st;
	int rc = CL_OK, step;

	if (threshold)
		*threshold = ccm;
	if ((rc = cl_month_range(month, first, next, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_minutes, err)))
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
		r.contacts = (long)sqlite3_column_int64(st, 5);
		r.minutes = (long)sqlite3_column_int64(st, 6);
		r.minutes_without_consent = (long)sqlite3_column_int64(st, 7);
		r.meets_threshold = r.minutes >= ccm;
		if (row(&r, arg))
			break;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
