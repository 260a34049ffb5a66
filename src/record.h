/*
 * What every mutable record of the care plan shares: a field table that forms and tests
 * drive by key (like cl_patient_fields), text checks, and the "changed by … at …" message
 * of an optimistic save that lost the race, and the read and write steps every record's store
 * repeats. Used by careplan.c, contact.c, org_store.c, patient_store.c, referral_store.c
 * and risk.c.
 */
#ifndef CL_RECORD_H
#define CL_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "db_private.h"
#include "error.h"
#include "id.h"
#include "patient.h"

/* How a field is stored in its struct. */
enum cl_slot_kind {
	CL_SLOT_TEXT,	  /* char[size]; with choices: one of them or "" */
	CL_SLOT_DATE,	  /* char[CL_DATE_LEN], YYYY-MM-DD (cl_date_parse accepts MM/DD/YYYY) */
	CL_SLOT_DATETIME, /* char[17], YYYY-MM-DDTHH:MM (a space is accepted for the T) */
	CL_SLOT_ENUM,	  /* int-sized enum: the index of its code in choices */
	CL_SLOT_INT,	  /* long in [min, max] */
	CL_SLOT_LOGIN,	  /* char[size], a care manager's login or "" */
};

/* Where field i of a cl_field table lives; same order as the table. */
struct cl_slot {
	enum cl_slot_kind kind;
	size_t offset, size;
	long min, max; /* CL_SLOT_INT */
};

/* Field key → index in fields (ends with a { NULL } entry), or -1. */
int cl_record_field_index(const struct cl_field *fields, const char *key);

/* Read field key of record rec as text into buf. 0 or CL_EINVAL for an unknown key. */
int cl_record_field_get(const struct cl_field *fields, const struct cl_slot *slots, const void *rec,
			const char *key, char *buf, size_t size);

/*
 * Parse, normalize and check one field from text (trimmed; required, length, choices,
 * dates, numbers). On error rec is unchanged and err->field is key; messages name the
 * field by its label, never quote the value.
 */
int cl_record_field_set(const struct cl_field *fields, const struct cl_slot *slots, void *rec,
			const char *key, const char *value, struct cl_error *err);

/*
 * Check every field of rec (of size bytes, at most 4096) by putting it through
 * cl_record_field_set on a copy. 0 or the first field's error.
 */
int cl_record_validate(const struct cl_field *fields, const struct cl_slot *slots, const void *rec,
		       size_t size, struct cl_error *err);

/* Index of code in a NULL-terminated list, or -1. */
int cl_code_index(const char *const *codes, const char *code);

/*
 * Valid UTF-8 without control characters: C0, DEL, C1, bidi controls, line and paragraph
 * separators (newlines and tabs allowed when multiline).
 */
bool cl_record_text_ok(const char *s, bool multiline);

/*
 * After an optimistic UPDATE changed no row: sql_stamp is a cached query taking ?1 id and
 * returning (updated_at, display name of updated_by). Returns CL_ECONFLICT "changed by
 * <name> at <HH:MM YYYY-MM-DD>", or CL_ENOTFOUND "no such <what>" when the row is gone.
 */
int cl_record_conflict(struct cl_db *db, const char *sql_stamp, const struct cl_id *id,
		       const char *what, struct cl_error *err);

/* A care manager's id by login; CL_EINVAL on field `field` when unknown. */
int cl_record_care_manager(struct cl_db *db, const char *login, const char *field, struct cl_id *id,
			   struct cl_error *err);

/* Bind an id, or NULL for an optional id that is nil (as cl_db_bind_id). */
int cl_record_bind_opt_id(sqlite3_stmt *st, int index, const struct cl_id *id,
			  struct cl_error *err) CL_MUST_CHECK;

/*
 * Put every field of rec in canonical form (dates typed as MM/DD/YYYY and the like) through
 * the field table. rec has been validated; a field that does not read back is left as is.
 */
void cl_record_normalize(const struct cl_field *fields, const struct cl_slot *slots, void *rec);

/* Text sizes of the stamps every stored record carries. */
#define CL_RECORD_AT_LEN 32 /* created_at, updated_at */
#define CL_RECORD_BY_LEN 64 /* updated_by */

/*
 * After a save committed at now by the session user, give the record the stamps a reader of
 * its row would see: version 1 and created_at when created, else the next version (pass a
 * NULL created_at for an update, which keeps its own).
 */
void cl_record_saved(struct cl_db *db, const char *now, long long *version,
		     char created_at[CL_RECORD_AT_LEN], char updated_at[CL_RECORD_AT_LEN],
		     char updated_by[CL_RECORD_BY_LEN]);

/* Fill the record rec from the current row of st; CL_ECORRUPT when a stored value is bad. */
typedef int cl_record_row_fn(sqlite3_stmt *st, void *rec, struct cl_error *err);

/*
 * Step st (cached, bound by the caller) for its one row and read it into rec with read_row.
 * CL_ENOTFOUND "no such <what>" when there is none. Resets st and clears its bindings.
 */
int cl_record_one(struct cl_db *db, sqlite3_stmt *st, const char *what, cl_record_row_fn *read_row,
		  void *rec, struct cl_error *err);

/* cl_record_one on the cached query sql with ?1 bound to id. */
int cl_record_get(struct cl_db *db, const char *sql, const struct cl_id *id, const char *what,
		  cl_record_row_fn *read_row, void *rec, struct cl_error *err);

/*
 * Read the rows of st (cached, bound by the caller) into rows, an array of max records of
 * size bytes each, with read_row; *n counts those read (the ones before an error stay).
 * Resets st.
 */
int cl_record_rows(struct cl_db *db, sqlite3_stmt *st, cl_record_row_fn *read_row, void *rows,
		   size_t size, int max, int *n, struct cl_error *err);

/*
 * Run the write st (cached, bound by the caller) inside the caller's transaction, then reset
 * it and clear its bindings. With sql_stamp, an UPDATE that changed no row lost the race:
 * cl_record_conflict(db, sql_stamp, id, what, err).
 */
int cl_record_step(struct cl_db *db, sqlite3_stmt *st, const char *sql_stamp,
		   const struct cl_id *id, const char *what, struct cl_error *err);

/*
 * cl_record_step, then the audit row (action on entity what, record id) in the same
 * transaction: the whole write of one record but for BEGIN and COMMIT.
 */
int cl_record_write(struct cl_db *db, sqlite3_stmt *st, const char *sql_stamp,
		    enum cl_audit_action action, const char *what, const struct cl_id *id,
		    struct cl_error *err);

#endif
