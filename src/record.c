#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "record.h"

/* A stored UTC stamp "YYYY-MM-DDTHH:MM:SS…Z" as local "HH:MM YYYY-MM-DD" (else as stored). */
static void local_stamp(const char *utc, char *buf, size_t size)
{
	char ymd[CL_DATE_LEN];
	int h, m, s;
	time_t t;
	struct tm tm;

	snprintf(ymd, sizeof(ymd), "%.10s", utc);
	if (!cl_date_valid(ymd) || sscanf(utc + 10, "T%2d:%2d:%2d", &h, &m, &s) != 3)
		goto raw;
	t = (time_t)cl_date_days(ymd) * 86400 + h * 3600 + m * 60 + s;
	if (!localtime_r(&t, &tm) || strftime(buf, size, "%H:%M %Y-%m-%d", &tm) == 0)
		goto raw;
	return;
raw:
	snprintf(buf, size, "%s", utc);
}

int cl_record_conflict(struct cl_db *db, const char *sql_stamp, const struct cl_id *id,
		       const char *what, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_stamp, err);
	char at[32], who[96], when[40];
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		cl_db_column_text(st, 0, at, sizeof(at));
		cl_db_column_text(st, 1, who, sizeof(who));
		local_stamp(at, when, sizeof(when));
		rc = cl_error_set(err, CL_ECONFLICT, "changed by %s at %s", who, when);
		break;
	case SQLITE_DONE:
		rc = cl_error_set(err, CL_ENOTFOUND, "no such %s", what);
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cl_record_care_manager(struct cl_db *db, const char *login, const char *field, struct cl_id *id,
			   struct cl_error *err)
{
	static const char sql[] = "SELECT id FROM care_manager WHERE login = ?1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, login, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = cl_db_column_id(st, 0, id)
			     ? cl_error_set(err, CL_ECORRUPT, "a care manager has a malformed id")
			     : CL_OK;
		break;
	case SQLITE_DONE:
		rc = cl_error_field(err, CL_EINVAL, field, "not a known care manager");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cl_record_bind_opt_id(sqlite3_stmt *st, int index, const struct cl_id *id, struct cl_error *err)
{
	if (!id || cl_id_is_nil(id))
		return cl_db_bind_null(st, index, err);
	return cl_db_bind_id(st, index, id, err);
}

int cl_record_one(struct cl_db *db, sqlite3_stmt *st, const char *what, cl_record_row_fn *read_row,
		  void *rec, struct cl_error *err)
{
	int rc;

	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = read_row(st, rec, err);
		break;
	case SQLITE_DONE:
		rc = cl_error_set(err, CL_ENOTFOUND, "no such %s", what);
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cl_record_get(struct cl_db *db, const char *sql, const struct cl_id *id, const char *what,
		  cl_record_row_fn *read_row, void *rec, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	return cl_record_one(db, st, what, read_row, rec, err);
}

int cl_record_load(struct cl_db *db, const struct cl_record_type *t, struct cl_field_stmt *s,
		   const struct cl_id *id, cl_record_row_fn *read_row, void *rec,
		   struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, t, s, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	return cl_record_one(db, st, t->table, read_row, rec, err);
}

int cl_record_rows(struct cl_db *db, sqlite3_stmt *st, cl_record_row_fn *read_row, void *rows,
		   size_t size, int max, int *n, struct cl_error *err)
{
	int rc = CL_OK, step;

	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		if ((rc = read_row(st, (char *)rows + (size_t)*n * size, err)))
			break;
		(*n)++;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_record_step(struct cl_db *db, sqlite3_stmt *st, const char *sql_stamp,
		   const struct cl_id *id, const char *what, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!rc && sql_stamp && sqlite3_changes(cl_db_sqlite(db)) == 0)
		rc = cl_record_conflict(db, sql_stamp, id, what, err);
	return rc;
}

int cl_record_write(struct cl_db *db, sqlite3_stmt *st, const char *sql_stamp,
		    enum cl_audit_action action, const char *what, const struct cl_id *id,
		    struct cl_error *err)
{
	int rc = cl_record_step(db, st, sql_stamp, id, what, err);

	if (!rc)
		rc = cl_audit_log(db, action, what, id, err);
	return rc;
}

void cl_record_read_stamps(sqlite3_stmt *st, int first, char created_at[CL_RECORD_AT_LEN],
			   char updated_at[CL_RECORD_AT_LEN], char updated_by[CL_RECORD_BY_LEN],
			   long long *version)
{
	cl_db_column_text(st, first, created_at, CL_RECORD_AT_LEN);
	cl_db_column_text(st, first + 1, updated_at, CL_RECORD_AT_LEN);
	cl_db_column_text(st, first + 2, updated_by, CL_RECORD_BY_LEN);
	*version = sqlite3_column_int64(st, first + 3);
}

void cl_record_saved(struct cl_db *db, const char *now, long long *version,
		     char created_at[CL_RECORD_AT_LEN], char updated_at[CL_RECORD_AT_LEN],
		     char updated_by[CL_RECORD_BY_LEN])
{
	if (created_at) {
		*version = 1;
		snprintf(created_at, CL_RECORD_AT_LEN, "%s", now);
	} else {
		(*version)++;
	}
	snprintf(updated_at, CL_RECORD_AT_LEN, "%s", now);
	snprintf(updated_by, CL_RECORD_BY_LEN, "%s", cl_db_user(db));
}
