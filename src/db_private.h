/*
 * The database's SQLite side, for the core (src/) only: statements, binds, transactions and
 * the raw handle. ui/ and cli/ never include this header (nor <sqlite3.h>): they ask the
 * core's modules. `make check-layers` checks it, and the build refuses it outside the core
 * (CL_CORE is defined for src/ and the unit tests alone).
 */
#ifndef CL_DB_PRIVATE_H
#define CL_DB_PRIVATE_H

#ifndef CL_CORE
#error "db_private.h is the core's own (src/): ask a core module instead"
#endif

#include <sqlite3.h>
#include <stdbool.h>

#include "db.h"
#include "error.h"
#include "id.h"

/*
 * Open a plain SQLite file beside the database (the access log) the way cl_db_open opens
 * the database: no symlinks, and read-only as immutable when it cannot leave -wal/-shm.
 * create: make the file with mode (and gid, when not -1) first. For core modules only.
 */
int cl_db_open_file(const char *path, bool readonly, bool create, unsigned mode, long gid,
		    sqlite3 **out, struct cl_error *err);

/* The slot holding db's access log (access.c opens it on first use). For core modules. */
struct cl_access;
struct cl_access **cl_db_access_slot(struct cl_db *db);

/* The raw handle, for core modules only. */
sqlite3 *cl_db_sqlite(struct cl_db *db);

/*
 * A prepared statement for sql, prepared once and cached for the life of db. sql must be
 * a string with static storage (the cache is keyed by its address). The caller resets
 * the statement (sqlite3_reset) when done and never finalizes it. NULL on error (err set).
 */
sqlite3_stmt *cl_db_stmt(struct cl_db *db, const char *sql, struct cl_error *err);

/* Run SQL without results (no parameters). */
int cl_db_exec(struct cl_db *db, const char *sql, struct cl_error *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Every write is one transaction. */
int cl_db_begin(struct cl_db *db, struct cl_error *err);
int cl_db_commit(struct cl_db *db, struct cl_error *err);
void cl_db_rollback(struct cl_db *db);

/* The open transaction added audit rows: cl_db_commit logs a checkpoint (src/audit.h). */
void cl_db_audit_pending(struct cl_db *db);

/* Translate the connection's last SQLite error into err (busy, constraint, …). */
int cl_db_error(struct cl_db *db, struct cl_error *err);

/*
 * Bind parameter ?index of st: text (copied; NULL binds NULL), a whole number, NULL, a blob
 * of size bytes (copied; size 0 binds an empty blob), a cl_id as a 16-byte BLOB (NULL binds
 * NULL). 0, or on failure st's bindings are cleared and err says why: CL_ENOMEM "out of
 * memory", else CL_EIO. A failed bind fails the write: the caller does not step st, and
 * rolls its transaction back.
 */
int cl_db_bind_text(sqlite3_stmt *st, int index, const char *text,
		    struct cl_error *err) CL_MUST_CHECK;
int cl_db_bind_int(sqlite3_stmt *st, int index, long long value,
		   struct cl_error *err) CL_MUST_CHECK;
int cl_db_bind_null(sqlite3_stmt *st, int index, struct cl_error *err) CL_MUST_CHECK;
int cl_db_bind_blob(sqlite3_stmt *st, int index, const void *data, int size,
		    struct cl_error *err) CL_MUST_CHECK;
int cl_db_bind_id(sqlite3_stmt *st, int index, const struct cl_id *id,
		  struct cl_error *err) CL_MUST_CHECK;

/* Read a cl_id stored as a 16-byte BLOB: CL_EINVAL on a bad blob. */
int cl_db_column_id(sqlite3_stmt *st, int col, struct cl_id *id);

/* Copy a text column into buf (truncating at a UTF-8 boundary); NULL becomes "". */
void cl_db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size);

/*
 * SQLite's binds and sqlite3_step, declared again so that a call whose result is ignored
 * does not build with -Werror: a failed bind leaves its parameter NULL, and a write that
 * goes on with it stores a NULL (an audit row without its record id: a broken chain).
 */
int sqlite3_bind_blob(sqlite3_stmt *, int, const void *, int, void (*)(void *)) CL_MUST_CHECK;
int sqlite3_bind_blob64(sqlite3_stmt *, int, const void *, sqlite3_uint64,
			void (*)(void *)) CL_MUST_CHECK;
int sqlite3_bind_double(sqlite3_stmt *, int, double) CL_MUST_CHECK;
int sqlite3_bind_int(sqlite3_stmt *, int, int) CL_MUST_CHECK;
int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64) CL_MUST_CHECK;
int sqlite3_bind_null(sqlite3_stmt *, int) CL_MUST_CHECK;
int sqlite3_bind_pointer(sqlite3_stmt *, int, void *, const char *, void (*)(void *)) CL_MUST_CHECK;
int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *)) CL_MUST_CHECK;
int sqlite3_bind_text64(sqlite3_stmt *, int, const char *, sqlite3_uint64, void (*)(void *),
			unsigned char) CL_MUST_CHECK;
int sqlite3_bind_text16(sqlite3_stmt *, int, const void *, int, void (*)(void *)) CL_MUST_CHECK;
int sqlite3_bind_value(sqlite3_stmt *, int, const sqlite3_value *) CL_MUST_CHECK;
int sqlite3_bind_zeroblob(sqlite3_stmt *, int, int) CL_MUST_CHECK;
int sqlite3_bind_zeroblob64(sqlite3_stmt *, int, sqlite3_uint64) CL_MUST_CHECK;
int sqlite3_step(sqlite3_stmt *) CL_MUST_CHECK;

#endif
