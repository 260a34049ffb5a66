/* The field engine (declared in field.h): every stored record's fields as data. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_private.h"
#include "field.h"
#include "id.h"
#include "text.h"

int cl_code_index(const char *const *codes, const char *code)
{
	for (int i = 0; codes && code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

int cl_choice_index(const char *const *codes, const char *text)
{
	for (int i = 0; codes && codes[i]; i++)
		if (cl_text_ascii_ieq(codes[i], text))
			return i;
	return -1;
}

int cl_field_index(const struct cl_field *fields, const char *key)
{
	for (int i = 0; key && fields[i].key; i++)
		if (strcmp(fields[i].key, key) == 0)
			return i;
	return -1;
}

int cl_field_keys(const struct cl_field *fields, const char **keys, size_t max)
{
	size_t n = 0;

	for (; fields[n].key; n++) {
		if (n + 1 >= max)
			return CL_EINVAL;
		keys[n] = fields[n].key;
	}
	keys[n] = NULL;
	return CL_OK;
}

bool cl_field_text_ok(const char *s, bool multiline)
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
static const char *parse_datetime(const char *in, char *out, size_t size)
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

static const char *check_login(const char *in)
{
	for (const char *s = in; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || strchr("._-", *s)))
			return "is not a valid login";
	return NULL;
}

/* The text of an enum's value, or "" when it is out of range. */
static const char *enum_code(const struct cl_field *f, const void *rec)
{
	int v;

	memcpy(&v, (const char *)rec + f->offset, sizeof(v));
	for (int c = 0; f->choices[c]; c++)
		if (c == v)
			return f->choices[c];
	return "";
}

int cl_field_get(const struct cl_field *fields, const void *rec, const char *key, char *buf,
		 size_t size)
{
	int i = cl_field_index(fields, key);
	const struct cl_field *f;

	if (i < 0)
		return CL_EINVAL;
	f = &fields[i];
	if (size == 0)
		return CL_OK;
	switch (f->kind) {
	case CL_FIELD_ENUM:
		snprintf(buf, size, "%s", enum_code(f, rec));
		break;
	case CL_FIELD_INT: {
		long v;

		memcpy(&v, (const char *)rec + f->offset, sizeof(v));
		snprintf(buf, size, "%ld", v);
		break;
	}
	case CL_FIELD_YESNO: {
		bool v;

		memcpy(&v, (const char *)rec + f->offset, sizeof(v));
		snprintf(buf, size, "%s", v ? "yes" : "no");
		break;
	}
	case CL_FIELD_ID: {
		struct cl_id id;
		char text[CL_ID_STRLEN];

		memcpy(&id, (const char *)rec + f->offset, sizeof(id));
		snprintf(buf, size, "%s", cl_id_is_nil(&id) ? "" : cl_id_str(&id, text));
		break;
	}
	default:
		snprintf(buf, size, "%s", (const char *)rec + f->offset);
	}
	return CL_OK;
}

/* The trimmed text of value into in; CL_EINVAL (on f) when it does not fit or is not text. */
static int trimmed(const struct cl_field *f, const char *value, char *in, size_t size,
		   struct cl_error *err)
{
	const char *start, *end;

	for (start = value ? value : ""; *start == ' ' || *start == '\t'; start++)
		;
	for (end = start + strlen(start); end > start && strchr(" \t\r\n", end[-1]);)
		end--;
	if ((size_t)(end - start) >= size)
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long", f->label);
	memcpy(in, start, (size_t)(end - start));
	in[end - start] = '\0';
	if (f->multiline) {
		/* Line ends as a spreadsheet writes them (CR LF) become LF. */
		char *to = in;

		for (const char *from = in; *from; from++)
			if (!(from[0] == '\r' && from[1] == '\n'))
				*to++ = *from;
		*to = '\0';
	}
	if (!cl_field_text_ok(in, f->multiline))
		return cl_error_field(err, CL_EINVAL, f->key,
				      "%s has characters that are not allowed", f->label);
	return CL_OK;
}

/* Canonical text of a non-empty in by the field's kind; NULL or why not. */
static const char *parse_kind(const struct cl_field *f, const char *in, char *out, size_t size,
			      long *number, int *choice)
{
	static const char *const yes[] = { "yes", "true", "1", NULL };
	static const char *const no[] = { "no", "false", "0", NULL };

	if (f->kind == CL_FIELD_YESNO) {
		*number = cl_choice_index(yes, in) >= 0;
		if (!*number && cl_choice_index(no, in) < 0)
			return "must be yes or no";
		snprintf(out, size, "%s", *number ? "yes" : "no");
		return NULL;
	}
	if (f->kind == CL_FIELD_ID) {
		struct cl_id id;

		if (cl_id_parse(in, &id))
			return "is not a known record";
		snprintf(out, size, "%s", in);
		return NULL;
	}
	if (f->choices) {
		*choice = cl_choice_index(f->choices, in);
		if (*choice < 0)
			return "is not one of the choices";
		snprintf(out, size, "%s", f->choices[*choice]);
		return NULL;
	}
	switch (f->kind) {
	case CL_FIELD_DATE:
		if (cl_date_parse(in, out, NULL) != CL_OK)
			return "must be a real date as YYYY-MM-DD or MM/DD/YYYY, from 1900 on";
		return NULL;
	case CL_FIELD_DATETIME:
		return parse_datetime(in, out, size);
	case CL_FIELD_INT: {
		char *stop;

		errno = 0;
		*number = strtol(in, &stop, 10);
		if (errno || *stop || *number < f->min || *number > f->max)
			return "must be a whole number";
		snprintf(out, size, "%ld", *number);
		return NULL;
	}
	case CL_FIELD_LOGIN:
		snprintf(out, size, "%s", in);
		return check_login(in);
	default:
		snprintf(out, size, "%s", in);
		return NULL;
	}
}

/* Kept in the struct as the text itself (a char array of f->size bytes). */
static bool stored_as_text(const struct cl_field *f)
{
	return f->kind != CL_FIELD_ENUM && f->kind != CL_FIELD_INT && f->kind != CL_FIELD_YESNO &&
	       f->kind != CL_FIELD_ID;
}

const char *cl_field_past_date(const void *rec, const char *in, char *out, size_t size)
{
	char today[CL_DATE_LEN];

	(void)rec;
	cl_date_today(today);
	if (strcmp(in, today) > 0)
		return "is in the future";
	snprintf(out, size, "%s", in);
	return NULL;
}

int cl_field_set(const struct cl_field *fields, void *rec, const char *key, const char *value,
		 struct cl_error *err)
{
	int i = cl_field_index(fields, key);
	const struct cl_field *f;
	char in[1024], out[1024], done[1024];
	const char *why = NULL;
	long number = 0;
	int choice = -1, rc;

	if (i < 0)
		return cl_error_field(err, CL_EINVAL, key ? key : "", "unknown field");
	f = &fields[i];
	if ((rc = trimmed(f, value, in, sizeof(in), err)))
		return rc;
	out[0] = '\0';
	if (!in[0]) {
		if (f->required || f->kind == CL_FIELD_ENUM || f->kind == CL_FIELD_INT ||
		    f->kind == CL_FIELD_YESNO)
			return cl_error_field(err, CL_EINVAL, f->key, "%s is required", f->label);
	} else {
		why = parse_kind(f, in, out, sizeof(out), &number, &choice);
		if (!why && f->normalize) {
			why = f->normalize(rec, out, done, sizeof(done));
			if (!why)
				memcpy(out, done, sizeof(out));
		}
	}
	if (why && f->kind == CL_FIELD_INT && !f->choices)
		return cl_error_field(err, CL_EINVAL, f->key,
				      "%s must be a whole number from %ld to %ld", f->label, f->min,
				      f->max);
	if (why)
		return cl_error_field(err, CL_EINVAL, f->key, "%s %s", f->label, why);
	if (strlen(out) > (size_t)f->max_len || (stored_as_text(f) && strlen(out) >= f->size))
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long (at most %d bytes)",
				      f->label, f->max_len);

	switch (f->kind) {
	case CL_FIELD_ENUM:
		memcpy((char *)rec + f->offset, &choice, sizeof(choice));
		break;
	case CL_FIELD_INT:
		memcpy((char *)rec + f->offset, &number, sizeof(number));
		break;
	case CL_FIELD_YESNO: {
		bool v = number != 0;

		memcpy((char *)rec + f->offset, &v, sizeof(v));
		break;
	}
	case CL_FIELD_ID: {
		struct cl_id id = { 0 };

		if (out[0])
			cl_id_parse(out, &id);
		memcpy((char *)rec + f->offset, &id, sizeof(id));
		break;
	}
	default:
		snprintf((char *)rec + f->offset, f->size, "%s", out);
	}
	return CL_OK;
}

int cl_field_validate(const struct cl_field *fields, const void *rec, size_t size,
		      struct cl_error *err)
{
	unsigned char copy[4096];

	if (size > sizeof(copy))
		return cl_error_set(err, CL_EINVAL, "record too large to check");
	memcpy(copy, rec, size);
	return cl_field_normalize(fields, copy, err);
}

int cl_field_normalize(const struct cl_field *fields, void *rec, struct cl_error *err)
{
	char buf[1024];
	int rc;

	for (const struct cl_field *f = fields; f->key; f++) {
		/* An enum out of range reads back as "": refuse it for what it is. */
		if (f->kind == CL_FIELD_ENUM && !enum_code(f, rec)[0])
			return cl_error_field(err, CL_EINVAL, f->key,
					      "%s is not one of the choices", f->label);
		cl_field_get(fields, rec, f->key, buf, sizeof(buf));
		if ((rc = cl_field_set(fields, rec, f->key, buf, err)))
			return rc;
	}
	return CL_OK;
}

/* The stored columns of t as one list item: "p.mrn", ":mrn" or "mrn = :mrn" (per token). */
static int field_list(const struct cl_record_type *t, const char *token, const char *alias,
		      char *buf, size_t size)
{
	size_t len = 0;
	int n = 0;

	buf[0] = '\0';
	for (const struct cl_field *f = t->fields; f->key; f++) {
		const char *sep = len ? ", " : "";

		if (!f->column)
			continue;
		if (strcmp(token, "{columns}") == 0)
			n = snprintf(buf + len, size - len, "%s%s%s", sep, alias ? alias : "",
				     f->column);
		else if (strcmp(token, "{params}") == 0)
			n = snprintf(buf + len, size - len, "%s:%s", sep, f->column);
		else if (strcmp(token, "{copy}") == 0)
			n = snprintf(buf + len, size - len, "%s%s = %s%s", sep, f->column,
				     alias ? alias : "", f->column);
		else
			n = snprintf(buf + len, size - len, "%s%s = :%s", sep, f->column,
				     f->column);
		if (n < 0 || (size_t)n >= size - len)
			return CL_EINVAL;
		len += (size_t)n;
	}
	return CL_OK;
}

/* s->template with its tokens replaced, into s->sql. */
static int make_sql(const struct cl_record_type *t, struct cl_field_stmt *s)
{
	static const char *const tokens[] = { "{columns}", "{params}", "{assign}", "{copy}" };
	char list[1536];
	size_t len = 0;
	const char *in = s->template;
	bool named = false;
	long highest = 0; /* the highest ?N before the first named parameter */

	while (*in) {
		const char *token = NULL;
		size_t n;

		for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
			if (strncmp(in, tokens[i], strlen(tokens[i])) == 0)
				token = tokens[i];
		if (token) {
			if (field_list(t, token, s->alias, list, sizeof(list)))
				return CL_EINVAL;
			named = named || token == tokens[1] || token == tokens[2];
			in += strlen(token);
		} else {
			n = strcspn(in + 1, "{") + 1;
			if (n >= sizeof(list))
				return CL_EINVAL;
			snprintf(list, sizeof(list), "%.*s", (int)n, in);
			in += n;
			/* A new ?N after a named parameter would share its number (field.h). */
			for (const char *q = strchr(list, '?'); q; q = strchr(q + 1, '?')) {
				long number = strtol(q + 1, NULL, 10);

				if (!named && number > highest)
					highest = number;
				else if (named && number > highest)
					return CL_EINVAL;
			}
		}
		n = strlen(list);
		if (len + n >= sizeof(s->sql))
			return CL_EINVAL;
		memcpy(s->sql + len, list, n + 1);
		len += n;
	}
	return CL_OK;
}

sqlite3_stmt *cl_field_stmt(struct cl_db *db, const struct cl_record_type *t,
			    struct cl_field_stmt *s, struct cl_error *err)
{
	if (!s->sql[0] && make_sql(t, s)) {
		s->sql[0] = '\0';
		cl_error_set(err, CL_EINVAL, "a statement over the %s fields cannot be made",
			     t->table);
		return NULL;
	}
	return cl_db_stmt(db, s->sql, err);
}

int cl_field_bind(const struct cl_record_type *t, sqlite3_stmt *st, const void *rec,
		  struct cl_error *err)
{
	char name[80];
	int rc = CL_OK;

	for (const struct cl_field *f = t->fields; !rc && f->key; f++) {
		const char *at = (const char *)rec + f->offset;
		int index;

		if (!f->column)
			continue;
		snprintf(name, sizeof(name), ":%s", f->column);
		if (!(index = sqlite3_bind_parameter_index(st, name)))
			continue;
		if (f->kind == CL_FIELD_ENUM) {
			rc = cl_db_bind_text(st, index, enum_code(f, rec), err);
		} else if (f->kind == CL_FIELD_INT) {
			long v;

			memcpy(&v, at, sizeof(v));
			rc = cl_db_bind_int(st, index, v, err);
		} else if (f->kind == CL_FIELD_YESNO) {
			bool v;

			memcpy(&v, at, sizeof(v));
			rc = cl_db_bind_int(st, index, v, err);
		} else if (f->kind == CL_FIELD_ID) {
			struct cl_id id;

			memcpy(&id, at, sizeof(id));
			rc = cl_id_is_nil(&id) ? cl_db_bind_null(st, index, err)
					       : cl_db_bind_id(st, index, &id, err);
		} else {
			rc = cl_db_bind_text(st, index, at, err);
		}
	}
	return rc;
}

int cl_field_read(const struct cl_record_type *t, sqlite3_stmt *st, int first, void *rec,
		  struct cl_error *err)
{
	int col = first;

	for (const struct cl_field *f = t->fields; f->key; f++) {
		char *at = (char *)rec + f->offset;

		if (!f->column)
			continue;
		if (f->kind == CL_FIELD_ENUM) {
			char code[64];
			int v;

			cl_db_column_text(st, col, code, sizeof(code));
			if ((v = cl_code_index(f->choices, code)) < 0)
				return cl_error_set(err, CL_ECORRUPT,
						    "a stored %s has an unknown code", t->table);
			memcpy(at, &v, sizeof(v));
		} else if (f->kind == CL_FIELD_INT) {
			long v = (long)sqlite3_column_int64(st, col);

			memcpy(at, &v, sizeof(v));
		} else if (f->kind == CL_FIELD_YESNO) {
			bool v = sqlite3_column_int(st, col) != 0;

			memcpy(at, &v, sizeof(v));
		} else if (f->kind == CL_FIELD_ID) {
			struct cl_id id = { 0 };

			if (sqlite3_column_type(st, col) != SQLITE_NULL &&
			    cl_db_column_id(st, col, &id))
				return cl_error_set(err, CL_ECORRUPT,
						    "a stored %s has a malformed id", t->table);
			memcpy(at, &id, sizeof(id));
		} else {
			cl_db_column_text(st, col, at, f->size);
		}
		col++;
	}
	return CL_OK;
}
