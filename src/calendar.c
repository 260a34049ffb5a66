/* The clinic's calendar: see calendar.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "calendar.h"
#include "db_private.h"
#include "field.h"
#include "risk.h"

#define MAX_BUSINESS_DAYS 366

int cl_date_weekday(const char *ymd)
{
	/* 1970-01-01 was a Thursday (4). */
	long w = (cl_date_days(ymd) + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static const char sql_is_holiday[] = "SELECT 1 FROM holiday WHERE holiday_date = ?1";

int cl_business_day(struct cl_db *db, const char *date, bool *yes, struct cl_error *err)
{
	sqlite3_stmt *st;
	int wd, rc = CL_OK;

	*yes = false;
	if (!cl_date_valid(date))
		return cl_error_field(err, CL_EINVAL, "date", "Date is not a valid date");
	wd = cl_date_weekday(date);
	if (wd == 0 || wd == 6)
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_is_holiday, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, date, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		*yes = true;
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

int cl_business_days_add(struct cl_db *db, const char *date, int n, char out[CL_DATE_LEN],
			 struct cl_error *err)
{
	char day[CL_DATE_LEN];
	bool yes;
	int rc;

	if (!cl_date_valid(date))
		return cl_error_field(err, CL_EINVAL, "date", "Date is not a valid date");
	if (n < 0 || n > MAX_BUSINESS_DAYS)
		return cl_error_field(err, CL_EINVAL, "days", "Business days must be from 0 to %d",
				      MAX_BUSINESS_DAYS);
	snprintf(day, sizeof(day), "%s", date);
	while (n > 0) {
		cl_date_add_days(day, 1, day);
		if (!cl_date_valid(day))
			return cl_error_field(err, CL_EINVAL, "date", "Date is past the calendar");
		if ((rc = cl_business_day(db, day, &yes, err)))
			return rc;
		n -= yes;
	}
	memcpy(out, day, CL_DATE_LEN);
	return CL_OK;
}

/* Weekdays (Monday to Friday) d with from < d <= to, from <= to, as day numbers. */
static long weekdays_after(long from, long to)
{
	/* Whole weeks have five; then the days left over, one by one (at most six). */
	long n = (to - from) / 7 * 5;

	for (long d = from + (to - from) / 7 * 7 + 1; d <= to; d++) {
		long w = ((d + 4) % 7 + 7) % 7;

		n += w != 0 && w != 6;
	}
	return n;
}

static const char sql_holidays_between[] =
	"SELECT holiday_date FROM holiday WHERE holiday_date > ?1 AND holiday_date <= ?2";

int cl_business_days_between(struct cl_db *db, const char *from, const char *to, long *days,
			     struct cl_error *err)
{
	const char *lo = from, *hi = to;
	sqlite3_stmt *st;
	long n;
	int rc = CL_OK, step;

	*days = 0;
	if (!cl_date_valid(from) || !cl_date_valid(to))
		return cl_error_field(err, CL_EINVAL, "date", "Date is not a valid date");
	if (strcmp(from, to) > 0) {
		lo = to;
		hi = from;
	}
	n = weekdays_after(cl_date_days(lo), cl_date_days(hi));
	if (!(st = cl_db_stmt(db, sql_holidays_between, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, lo, err)) || (rc = cl_db_bind_text(st, 2, hi, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char h[CL_DATE_LEN];
		int wd;

		cl_db_column_text(st, 0, h, sizeof(h));
		if (!cl_date_valid(h))
			continue;
		wd = cl_date_weekday(h);
		n -= wd != 0 && wd != 6;
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	if (!rc)
		*days = lo == from ? n : -n;
	return rc;
}

/* ---- holidays ---- */

static const char sql_holiday_insert[] =
	"INSERT INTO holiday (holiday_date, name, created_at, created_by) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (holiday_date) DO NOTHING";
static const char sql_holiday_delete[] = "DELETE FROM holiday WHERE holiday_date = ?1";
static const char sql_holiday_list[] = "SELECT holiday_date, name FROM holiday"
				       " WHERE holiday_date >= ?1 ORDER BY holiday_date LIMIT ?2";

/* Run the one-date statement sql (bound ?1 date, ?2 name, ?3 now, ?4 user as it takes). */
static int holiday_write(struct cl_db *db, const char *sql, const char *date, const char *name,
			 int missing, const char *missing_msg, struct cl_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_text(st, 1, date, err)))
		goto out;
	if (name && ((rc = cl_db_bind_text(st, 2, name, err)) ||
		     (rc = cl_db_bind_text(st, 3, cl_db_now(now, sizeof(now)), err)) ||
		     (rc = cl_db_bind_text(st, 4, cl_db_user(db), err))))
		goto out;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		goto out;
	if (sqlite3_changes(cl_db_sqlite(db)) == 0) {
		rc = cl_error_field(err, missing, "date", "%s", missing_msg);
		goto out;
	}
	/* The discharges whose contact is owed count business days again. */
	if ((rc = cl_event_followup_refresh(db, err)))
		goto out;
	rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	return rc;
}

int cl_holiday_add(struct cl_db *db, const char *date, const char *name, struct cl_error *err)
{
	char ymd[CL_DATE_LEN];
	int rc;

	if ((rc = cl_date_parse(date, ymd, err))) {
		if (err)
			snprintf(err->field, sizeof(err->field), "date");
		return rc;
	}
	if (!name)
		name = "";
	if (strlen(name) > 100 || !cl_field_text_ok(name, false))
		return cl_error_field(err, CL_EINVAL, "name",
				      "Name is too long or has characters that are not allowed");
	return holiday_write(db, sql_holiday_insert, ymd, name, CL_EEXIST,
			     "That date is already a holiday", err);
}

int cl_holiday_remove(struct cl_db *db, const char *date, struct cl_error *err)
{
	char ymd[CL_DATE_LEN];
	int rc;

	if ((rc = cl_date_parse(date, ymd, err))) {
		if (err)
			snprintf(err->field, sizeof(err->field), "date");
		return rc;
	}
	return holiday_write(db, sql_holiday_delete, ymd, NULL, CL_ENOTFOUND,
			     "That date is not a holiday", err);
}

int cl_holiday_list(struct cl_db *db, const char *from, struct cl_holiday *rows, int max, int *n,
		    struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_holiday_list, err);
	int rc = CL_OK, step = SQLITE_DONE;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, from ? from : "", err)) ||
	    (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_text(st, 0, rows[*n].date, sizeof(rows[*n].date));
		cl_db_column_text(st, 1, rows[*n].name, sizeof(rows[*n].name));
		(*n)++;
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
