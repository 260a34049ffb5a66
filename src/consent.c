#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "consent.h"
#include "db_private.h"
#include "record.h"

static const char *const method_codes[] = { "verbal", "written", NULL };

const char *cl_consent_method_code(enum cl_consent_method v)
{
	return v == CL_CONSENT_VERBAL || v == CL_CONSENT_WRITTEN ? method_codes[v] : "";
}

#define AT(member) CL_FIELD_AT(struct cl_consent, member), .column = #member

const struct cl_field cl_consent_fields[] = {
	{ "given_on", "Consent given on", CL_FIELD_DATE, 10, true, NULL, AT(given_on),
	  .normalize = cl_field_past_date },
	{ "method", "How", CL_FIELD_ENUM, 15, true, method_codes, AT(method) },
	{ .key = NULL },
};

static const struct cl_record_type consent_type = {
	.table = "consent",
	.fields = cl_consent_fields,
	.size = sizeof(struct cl_consent),
};

void cl_consent_init(struct cl_consent *c, const struct cl_id *patient)
{
	memset(c, 0, sizeof(*c));
	c->patient_id = *patient;
	c->method = CL_CONSENT_VERBAL;
	cl_date_today(c->given_on);
}

int cl_consent_field_set(struct cl_consent *c, const char *key, const char *value,
			 struct cl_error *err)
{
	return cl_field_set(cl_consent_fields, c, key, value, err);
}

int cl_consent_field_get(const struct cl_consent *c, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_consent_fields, c, key, buf, size);
}

/* ?1 id, ?2 patient, ?3 now, ?4 user; the fields named. */
static struct cl_field_stmt sql_insert = {
	"INSERT INTO consent (id, patient_id, recorded_by, created_at, updated_at, updated_by,"
	" version, {columns}) VALUES (?1, ?2, ?4, ?3, ?3, ?4, 1, {params})",
	NULL,
	"",
};
#define CONSENT_SELECT                                                                \
	"SELECT id, patient_id, recorded_by, withdrawn_on, withdrawn_by, created_at," \
	" updated_at, updated_by, version, {columns} FROM consent"
#define FIRST_FIELD 9
static struct cl_field_stmt sql_latest = {
	CONSENT_SELECT " WHERE patient_id = ?1 ORDER BY given_on DESC, created_at DESC,"
		       " rowid DESC LIMIT 1",
	NULL,
	"",
};
/* ?1 id, ?2 day, ?3 now, ?4 user, ?5 version. */
static const char sql_withdraw[] =
	"UPDATE consent SET withdrawn_on = ?2, withdrawn_by = ?4, updated_at = ?3, updated_by = ?4,"
	" version = version + 1 WHERE id = ?1 AND version = ?5 AND withdrawn_on = ''";
static const char sql_stamp[] =
	"SELECT c.updated_at, coalesce(cm.display_name, c.updated_by) FROM consent c"
	" LEFT JOIN care_manager cm ON cm.login = c.updated_by WHERE c.id = ?1";

static int consent_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_consent *c = rec;

	memset(c, 0, sizeof(*c));
	if (cl_db_column_id(st, 0, &c->id) || cl_db_column_id(st, 1, &c->patient_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored consent has a malformed id");
	cl_db_column_text(st, 2, c->recorded_by, sizeof(c->recorded_by));
	cl_db_column_text(st, 3, c->withdrawn_on, sizeof(c->withdrawn_on));
	cl_db_column_text(st, 4, c->withdrawn_by, sizeof(c->withdrawn_by));
	cl_record_read_stamps(st, 5, c->created_at, c->updated_at, c->updated_by, &c->version);
	return cl_field_read(&consent_type, st, FIRST_FIELD, c, err);
}

int cl_consent_latest(struct cl_db *db, const struct cl_id *patient, struct cl_consent *c,
		      bool *found, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &consent_type, &sql_latest, err);
	int rc, n = 0;

	*found = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		return rc;
	if ((rc = cl_record_rows(db, st, consent_from_row, c, sizeof(*c), 1, &n, err)))
		return rc;
	*found = n == 1;
	return CL_OK;
}

bool cl_consent_in_force(const struct cl_consent *c, const char *day)
{
	return c->given_on[0] && strcmp(c->given_on, day) <= 0 &&
	       (!c->withdrawn_on[0] || strcmp(c->withdrawn_on, day) > 0);
}

int cl_consent_record(struct cl_db *db, struct cl_consent *c, struct cl_error *err)
{
	struct cl_consent last, v = *c;
	sqlite3_stmt *st;
	bool found;
	char now[32];
	int rc;

	if ((rc = cl_field_validate(cl_consent_fields, c, sizeof(*c), err)))
		return rc;
	if (!(st = cl_field_stmt(db, &consent_type, &sql_insert, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_consent_latest(db, &c->patient_id, &last, &found, err)))
		goto fail;
	if (found && !last.withdrawn_on[0]) {
		rc = cl_error_set(err, CL_EEXIST, "consent is already recorded (given %s)",
				  last.given_on);
		goto fail;
	}
	if (found && strcmp(c->given_on, last.withdrawn_on) < 0) {
		rc = cl_error_field(err, CL_EINVAL, "given_on",
				    "Consent given on is before the last consent was withdrawn");
		goto fail;
	}
	cl_id_new(&v.id);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &v.id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v.patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_field_bind(&consent_type, st, &v, err)) ||
	    (rc = cl_record_write(db, st, NULL, CL_AUDIT_CREATE, "consent", &v.id, err)))
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	snprintf(v.recorded_by, sizeof(v.recorded_by), "%s", cl_db_user(db));
	cl_record_saved(db, now, &v.version, v.created_at, v.updated_at, v.updated_by);
	*c = v;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

int cl_consent_withdraw(struct cl_db *db, const struct cl_id *patient, const char *day,
			struct cl_error *err)
{
	char today[CL_DATE_LEN], date[CL_DATE_LEN], now[32];
	struct cl_consent last;
	sqlite3_stmt *st;
	bool found;
	int rc;

	cl_date_today(today);
	if (!day || !day[0])
		snprintf(date, sizeof(date), "%s", today);
	else if (cl_date_parse_input(day, today, CL_DATE_PAST, date, err))
		return cl_error_field(err, CL_EINVAL, "withdrawn_on", "Withdrawn on: %s",
				      err ? err->message : "not a date");
	if (strcmp(date, today) > 0)
		return cl_error_field(err, CL_EINVAL, "withdrawn_on",
				      "Withdrawn on is in the future");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_consent_latest(db, patient, &last, &found, err)))
		goto fail;
	if (!found || last.withdrawn_on[0]) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no consent to withdraw");
		goto fail;
	}
	if (strcmp(date, last.given_on) < 0) {
		rc = cl_error_field(err, CL_EINVAL, "withdrawn_on",
				    "Withdrawn on is before the consent was given");
		goto fail;
	}
	if (!(st = cl_db_stmt(db, sql_withdraw, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &last.id, err)) ||
	    (rc = cl_db_bind_text(st, 2, date, err)) || (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_int(st, 5, last.version, err)) ||
	    (rc = cl_record_write(db, st, sql_stamp, CL_AUDIT_RETIRE, "consent", &last.id, err)))
		goto fail;
	return cl_db_commit(db, err);
fail:
	cl_db_rollback(db);
	return rc;
}
