/*
 * Record types as data: one descriptor per stored record type (its table and, per field, the
 * key, label, SQL column, place in the struct, kind, choices, normalizer and limits). The
 * descriptor drives reading and writing a field as text (forms, imports, tests), validation,
 * binding a record into its INSERT/UPDATE and reading it back from a row. Adding a stored
 * field to a record is its migration, its struct member and one row of its field table.
 */
#ifndef CL_FIELD_H
#define CL_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct sqlite3_stmt; /* the core's stores bind and read rows (db.h) */

/* What a field holds and how it is stored in its struct (and typed in a form). */
enum cl_field_kind {
	CL_FIELD_TEXT,	   /* char[size]; with choices: one of them or "" */
	CL_FIELD_DATE,	   /* char[CL_DATE_LEN], YYYY-MM-DD (cl_date_parse accepts MM/DD/YYYY) */
	CL_FIELD_CHOICE,   /* char[size]: one of choices (ASCII case ignored) or "" */
	CL_FIELD_PHONE,	   /* char[size], put in canonical form by the normalizer */
	CL_FIELD_DATETIME, /* char[17], YYYY-MM-DDTHH:MM (a space is accepted for the T) */
	CL_FIELD_ENUM,	/* int-sized enum: the index of its code in choices; stored as the code */
	CL_FIELD_INT,	/* long in [min, max] */
	CL_FIELD_LOGIN, /* char[size], a care manager's login or "" (a choice in forms) */
	CL_FIELD_YESNO, /* bool, "yes" or "no" (also true/false, 1/0); stored as 1 or 0 */
	CL_FIELD_ID,	/* struct cl_id of another record, "" when nil; stored as its id */
};

/*
 * Put a field's trimmed, non-empty text in canonical form into out (size bytes); rec is the
 * record being set (for checks that depend on another field). NULL when fine, else why not,
 * as the end of a sentence that starts with the field's label ("is in the future").
 */
typedef const char *cl_field_normalize_fn(const void *rec, const char *in, char *out, size_t size);

struct cl_field {
	const char *key;   /* "mrn", "given_name", … (also the CSV column name) */
	const char *label; /* "MRN", "Given name", … */
	enum cl_field_kind kind;
	int max_len; /* in bytes, after normalizing */
	bool required;
	const char *const *choices; /* NULL-terminated codes for choices and enums, else NULL */
	/* Where it lives. Tables built for a form alone (no struct) leave these zero. */
	size_t offset, size;
	const char *column; /* SQL column, NULL when the store handles it apart */
	cl_field_normalize_fn *normalize;
	long min, max;	/* CL_FIELD_INT */
	bool multiline; /* newlines and tabs allowed */
};

/* Field rows: CL_FIELD_AT(struct cl_patient, mrn), kind, …, with the member's place filled. */
#define CL_FIELD_AT(type, member) \
	.offset = offsetof(type, member), .size = sizeof(((type *)0)->member)

/* A row of a table that only a form or an import reads (no place in a struct). */
#define CL_FORM_FIELD(key_, label_, kind_, max_len_, required_, choices_)         \
	{                                                                         \
		.key = key_, .label = label_, .kind = kind_, .max_len = max_len_, \
		.required = required_, .choices = choices_                        \
	}

/* A stored record type: its table and fields (ending with a { NULL } entry). */
struct cl_record_type {
	const char *table; /* "patient" */
	const struct cl_field *fields;
	size_t size; /* sizeof the record's struct */
};

/* Choices and enums are picked from a list in forms; logins from the care managers. */
static inline bool cl_field_is_choice(const struct cl_field *f)
{
	return f->kind == CL_FIELD_CHOICE || f->kind == CL_FIELD_ENUM ||
	       f->kind == CL_FIELD_LOGIN || f->kind == CL_FIELD_YESNO;
}

/* A normalizer for dates that have happened (birth, death, last verified): "is in the future". */
cl_field_normalize_fn cl_field_past_date;

/* Field key → index in fields (ends with a { NULL } entry), or -1. */
int cl_field_index(const struct cl_field *fields, const char *key);

/*
 * The keys of fields into keys, NULL-terminated (a CSV import's columns). CL_EINVAL when
 * more than max - 1.
 */
int cl_field_keys(const struct cl_field *fields, const char **keys, size_t max);

/* Index of code in a NULL-terminated list, or -1 (exact match). */
int cl_code_index(const char *const *codes, const char *code);

/* Index of text in a NULL-terminated code list, ASCII case ignored, or -1. */
int cl_choice_index(const char *const *codes, const char *text);

/*
 * Valid UTF-8 without control characters: C0, DEL, C1, bidi controls, line and paragraph
 * separators (newlines and tabs allowed when multiline).
 */
bool cl_field_text_ok(const char *s, bool multiline);

/* Read field key of record rec as text into buf. 0 or CL_EINVAL for an unknown key. */
int cl_field_get(const struct cl_field *fields, const void *rec, const char *key, char *buf,
		 size_t size);

/*
 * Parse, normalize and check one field from text (trimmed; required, length, choices,
 * dates, numbers, the field's normalizer). On error rec is unchanged and err->field is key;
 * messages name the field by its label, never quote the value.
 */
int cl_field_set(const struct cl_field *fields, void *rec, const char *key, const char *value,
		 struct cl_error *err);

/*
 * Check every field of rec (of size bytes, at most 4096) by putting it through cl_field_set
 * on a copy. 0 or the first field's error.
 */
int cl_field_validate(const struct cl_field *fields, const void *rec, size_t size,
		      struct cl_error *err);

/*
 * Put every field of rec in canonical form (dates typed as MM/DD/YYYY and the like). Returns
 * 0, or the first field's error (the fields before it are already canonical).
 */
int cl_field_normalize(const struct cl_field *fields, void *rec, struct cl_error *err);

/*
 * A statement over a record's stored fields, written once as a template and made from the
 * field table at first use: in template, {columns} is replaced by the stored columns in field
 * order (each prefixed with alias, e.g. "p."), {params} by their named parameters (":mrn"),
 * {assign} by "mrn = :mrn, …", {copy} by "mrn = s.mrn, …" (alias "s."). Every numbered parameter (?1 …) must appear before the first
 * named one (it may appear again after): SQLite numbers a named parameter after the highest
 * number so far, and a template that breaks this is refused.
 */
struct cl_field_stmt {
	const char *template;
	const char *alias; /* for {columns}; NULL or "" for bare column names */
	char sql[2048];	   /* made on first use; cl_db_stmt keeps the statement by its address */
};

/* The prepared statement of s for the fields of t (cached by cl_db_stmt). NULL on error. */
struct cl_db;
struct sqlite3_stmt *cl_field_stmt(struct cl_db *db, const struct cl_record_type *t,
				   struct cl_field_stmt *s, struct cl_error *err);

/* Bind each stored field of rec to its named parameter ":column" of st (absent ones skipped). */
int cl_field_bind(const struct cl_record_type *t, struct sqlite3_stmt *st, const void *rec,
		  struct cl_error *err) CL_MUST_CHECK;

/*
 * Read the stored fields of rec from the row of st, the first in column first and the rest
 * after it in field order (as cl_field_sql's select list). CL_ECORRUPT when an enum's stored
 * code is not one of its choices.
 */
int cl_field_read(const struct cl_record_type *t, struct sqlite3_stmt *st, int first, void *rec,
		  struct cl_error *err);

#endif
