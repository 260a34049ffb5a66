/*
 * What every stored record shares beyond its fields (field.h): the "changed by … at …"
 * message of an optimistic save that lost the race, and the read and write steps every
 * record's store repeats. Used by the stores of every record type.
 */
#ifndef CL_RECORD_H
#define CL_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "db_private.h"
#include "error.h"
#include "field.h"
#include "id.h"

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

/*
 * Read the stamps every stored record carries from four columns of st's row, from first:
 * created_at, updated_at, updated_by, version.
 */
void cl_record_read_stamps(sqlite3_stmt *st, int first, char created_at[CL_RECORD_AT_LEN],
			   char updated_at[CL_RECORD_AT_LEN], char updated_by[CL_RECORD_BY_LEN],
			   long long *version);

/* Fill the record rec from the current row of st; CL_ECORRUPT when a stored value is bad. */
typedef int cl_record_row_fn(sqlite3_stmt *st, void *rec, struct cl_error *err);

/*
 * Step st (cached, bound by the caller) for its one row and read it into rec with read_row.
 * CL_ENOTFOUND "no such <what>" when there is none. Resets st and clears its bindings.
 */
int cl_record_one(struct cl_db *db, sqlite3_stmt *st, const char *what, cl_record_row_fn *read_row,
		  void *rec, struct cl_error *err);

/* cl_record_one on the statement s made from t's fields (cl_field_stmt), ?1 bound to id. */
int cl_record_load(struct cl_db *db, const struct cl_record_type *t, struct cl_field_stmt *s,
		   const struct cl_id *id, cl_record_row_fn *read_row, void *rec,
		   struct cl_error *err);

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
