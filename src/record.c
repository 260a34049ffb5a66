#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "db_private.h"
#include "record.h"
#include "text.h"

int cl_code_index(const char *const *codes, const char *code)
{
	for (int i = 0; codes && code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

int cl_record_field_index(const struct cl_field *fields, const char *key)
{
	for (int i = 0; key && fields[i].key; i++)
		if (strcmp(fields[i].key, key) == 0)
			return i;
	return -1;
}

bool cl_record_text_ok(const char *s, bool multiline)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = cl_utf8_len(s);

		if (n == 0 || c == 0x7f || cl_text_reorders(s))
			return false;
		if (c < 0x20 && !(multiline && (c == '\n' || c == '\t')))
			return false;
		s += n;
	}
	return true;
}

/* "YYYY-MM-DDTHH:MM" (or with a space for the T) with a real date and time. */
static const char *normalize_datetime(const char *in, char *out, size_t size)
{
	char ymd[CL_DATE_LEN];
	int h, m;

	if (strlen(in) != 16 || (in[10] != 'T' && in[10] != ' ') || in[13] != ':')
		return "must be a date and time as YYYY-MM-DD HH:MM";
	memcpy(ymd, in, 10);
	ymd[10] = '\0';
	for (int i = 11; i < 16; i++)
		if (i != 13 && (in[i] < '0' || in[i] > '9'))
			return "must be a date and time as YYYY-MM-DD HH:MM";
	h = (in[11] - '0') * 10 + (in[12] - '0');
	m = (in[14] - '0') * 10 + (in[15] - '0');
	if (!cl_date_valid(ymd) || h > 23 || m > 59)
		return "must be a real date and time as YYYY-MM-DD HH:MM";
	snprintf(out, size, "%sT%02d:%02d", ymd, h, m);
	return NULL;
}

static const char *normalize_login(const char *in)
{
	for (const char *s = in; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || strchr("._-", *s)))
			return "is not a valid login";
	return NULL;
}

int cl_record_field_get(const struct cl_field *fields, const struct cl_slot *slots, const void *rec,
			const char *key, char *buf, size_t size)
{
	int i = cl_record_field_index(fields, key);
	const struct cl_slot *s;
	const char *p;

	if (i < 0)
		return CL_EINVAL;
	s = &slots[i];
	p = (const char *)rec + s->offset;
	if (size == 0)
		return CL_OK;
	switch (s->kind) {
	case CL_SLOT_ENUM: {
		int v;

		memcpy(&v, p, sizeof(v));
		/* An out-of-range value reads as "", so that validation refuses it. */
		buf[0] = '\0';
		for (int c = 0; fields[i].choices[c]; c++)
			if (c == v)
				snprintf(buf, size, "%s", fields[i].choices[c]);
		break;
	}
	case CL_SLOT_INT: {
		long v;

		memcpy(&v, p, sizeof(v));
		snprintf(buf, size, "%ld", v);
		break;
	}
	default:
		snprintf(buf, size, "%s", p);
	}
	return CL_OK;
}

int cl_record_field_set(const struct cl_field *fields, const struct cl_slot *slots, void *rec,
			const char *key, const char *value, struct cl_error *err)
{
	int i = cl_record_field_index(fields, key);
	const struct cl_field *f;
	const struct cl_slot *s;
	char in[1024], out[1024];
	const char *start, *end, *why = NULL;
	char *p;
	long number = 0;
	int choice = -1;

	if (i < 0)
		return cl_error_field(err, CL_EINVAL, key ? key : "", "unknown field");
	f = &fields[i];
	s = &slots[i];
	p = (char *)rec + s->offset;
	if (!value)
		value = "";
	for (start = value; *start == ' ' || *start == '\t'; start++)
		;
	for (end = start + strlen(start); end > start && strchr(" \t\r\n", end[-1]);)
		end--;
	if ((size_t)(end - start) >= sizeof(in))
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long", f->label);
	memcpy(in, start, (size_t)(end - start));
	in[end - start] = '\0';
	if (!cl_record_text_ok(in, f->max_len > 200))
		return cl_error_field(err, CL_EINVAL, f->key,
				      "%s has characters that are not allowed", f->label);
	out[0] = '\0';
	if (!in[0]) {
		if (f->required || s->kind == CL_SLOT_ENUM || s->kind == CL_SLOT_INT)
			return cl_error_field(err, CL_EINVAL, f->key, "%s is required", f->label);
	} else if (f->choices) {
		choice = cl_code_index(f->choices, in);
		if (choice < 0)
			why = "is not one of the choices";
		else
			snprintf(out, sizeof(out), "%s", f->choices[choice]);
	} else if (s->kind == CL_SLOT_DATE) {
		if (cl_date_parse(in, out, NULL) != CL_OK)
			why = "must be a real date as YYYY-MM-DD or MM/DD/YYYY, from 1900 on";
	} else if (s->kind == CL_SLOT_DATETIME) {
		why = normalize_datetime(in, out, sizeof(out));
	} else if (s->kind == CL_SLOT_INT) {
		char *stop;

		errno = 0;
		number = strtol(in, &stop, 10);
		if (errno || *stop || number < s->min || number > s->max) {
			return cl_error_field(err, CL_EINVAL, f->key,
					      "%s must be a whole number from %ld to %ld", f->label,
					      s->min, s->max);
		}
	} else if (s->kind == CL_SLOT_LOGIN) {
		why = normalize_login(in);
		snprintf(out, sizeof(out), "%s", in);
	} else {
		snprintf(out, sizeof(out), "%s", in);
	}
	if (why)
		return cl_error_field(err, CL_EINVAL, f->key, "%s %s", f->label, why);
	if (strlen(out) > (size_t)f->max_len)
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long (at most %d bytes)",
				      f->label, f->max_len);

	switch (s->kind) {
	case CL_SLOT_ENUM:
		memcpy(p, &choice, sizeof(choice));
		break;
	case CL_SLOT_INT:
		memcpy(p, &number, sizeof(number));
		break;
	default:
		snprintf(p, s->size, "%s", out);
	}
	return CL_OK;
}

int cl_record_validate(const struct cl_field *fields, const struct cl_slot *slots, const void *rec,
		       size_t size, struct cl_error *err)
{
	unsigned char copy[4096];
	char buf[1024];
	int rc;

	if (size > sizeof(copy))
		return cl_error_set(err, CL_EINVAL, "record too large to check");
	memcpy(copy, rec, size);
	for (int i = 0; fields[i].key; i++) {
		cl_record_field_get(fields, slots, copy, fields[i].key, buf, sizeof(buf));
		if ((rc = cl_record_field_set(fields, slots, copy, fields[i].key, buf, err)))
			return rc;
	}
	return CL_OK;
}

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

void cl_record_normalize(const struct cl_field *fields, const struct cl_slot *slots, void *rec)
{
	char buf[1024];

	for (int i = 0; fields[i].key; i++) {
		cl_record_field_get(fields, slots, rec, fields[i].key, buf, sizeof(buf));
		cl_record_field_set(fields, slots, rec, fields[i].key, buf, NULL);
	}
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
