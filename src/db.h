/*
 * The database: one SQLite file, opened with careloop's pragmas and migrated to the
 * schema this binary knows. Core modules (never ui/) use cl_db_sqlite and cl_db_stmt.
 */
#ifndef CL_DB_H
#define CL_DB_H

#include <sqlite3.h>

#include "error.h"
#include "id.h"

struct cl_db;

enum cl_db_flags {
	CL_DB_CREATE = 1 << 0,	 /* create the file (and its folder) if missing */
	CL_DB_READONLY = 1 << 1, /* open read-only; no migration, no writes */
	CL_DB_SHARED = 1 << 2,	 /* clinic-shared file: 0660 in a 2770 folder, umask 007 */
};

/*
 * The default database path: $CARELOOP_DB, else $XDG_DATA_HOME/careloop/careloop.db,
 * else ~/.local/share/careloop/careloop.db (a relative XDG_DATA_HOME is ignored).
 * Writes into buf (size bytes); returns 0 or CL_EINVAL when it does not fit or HOME is unset.
 */
int cl_db_default_path(char *buf, size_t size, struct cl_error *err);

/*
 * Open (and with CL_DB_CREATE create) the database at path, refuse network filesystems,
 * files that are not careloop databases (left unmodified) and databases from a newer
 * careloop, apply pending migrations (one transaction each) and register the OS user as
 * a care manager. ":memory:" opens a private in-memory database (tests).
 * On success *out is set; free with cl_db_close.
 */
int cl_db_open(const char *path, int flags, struct cl_db **out, struct cl_error *err);
void cl_db_close(struct cl_db *db);

/* The schema version this binary migrates to, and the version of an open database. */
int cl_db_schema_version(void);
int cl_db_user_version(struct cl_db *db);

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

/*
 * SQLite's integrity_check and foreign_key_check. CL_ECORRUPT with the first problem in
 * err (SQLite's words: pages and tables, never row contents) when either finds one.
 */
int cl_db_integrity(struct cl_db *db, struct cl_error *err);

/* Translate the connection's last SQLite error into err (busy, constraint, …). */
int cl_db_error(struct cl_db *db, struct cl_error *err);

/* The OS login of this process, its display name (GECOS, else the login) and care_manager id. */
const char *cl_db_user(struct cl_db *db);
const char *cl_db_user_display(struct cl_db *db);
const struct cl_id *cl_db_user_id(struct cl_db *db);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf (at least 32 bytes). */
char *cl_db_now(char *buf, size_t size);

/* Bind/read a cl_id as a 16-byte BLOB. cl_db_column_id returns CL_EINVAL on a bad blob. */
int cl_db_bind_id(sqlite3_stmt *st, int index, const struct cl_id *id);
int cl_db_column_id(sqlite3_stmt *st, int col, struct cl_id *id);

/* Copy a text column into buf (truncating at a UTF-8 boundary); NULL becomes "". */
void cl_db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size);

#endif
