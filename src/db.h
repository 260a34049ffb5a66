/*
 * The database: one SQLite file, opened with careloop's pragmas and migrated to the
 * schema this binary knows. Core modules (never ui/) use cl_db_sqlite and cl_db_stmt.
 */
#ifndef CL_DB_H
#define CL_DB_H

#include <sqlite3.h>
#include <stdbool.h>

#include "error.h"
#include "id.h"

struct cl_db;

enum cl_db_flags {
	CL_DB_CREATE = 1 << 0,	 /* create the file if missing (its folder must exist) */
	CL_DB_READONLY = 1 << 1, /* open read-only; no migration, no writes, no -wal left */
	CL_DB_SHARED = 1 << 2,	 /* clinic-shared file: 0660 in a 2770 folder, umask 007 */
	CL_DB_MKDIR = 1 << 3,	 /* with CL_DB_CREATE: also the file's own folder, one level
				    (the XDG default's careloop/), never a chain */
};

/*
 * The default database path: $CARELOOP_DB, else $XDG_DATA_HOME/careloop/careloop.db,
 * else ~/.local/share/careloop/careloop.db (a relative XDG_DATA_HOME is ignored).
 * Writes into buf (size bytes); returns 0 or CL_EINVAL when it does not fit or HOME is unset.
 */
int cl_db_default_path(char *buf, size_t size, struct cl_error *err);

/*
 * Open (and with CL_DB_CREATE create) the database at path. Refuses, before creating
 * anything: a filesystem not known to be local (cl_db_fs_kind), a missing folder (unless
 * CL_DB_MKDIR, one level), files that are not careloop databases (left unmodified; an
 * empty file is one only with CL_DB_CREATE) and databases from a newer careloop. Applies
 * pending migrations (one transaction each, only when there are some) and registers the OS
 * user as a care manager when new (never waiting on a writer for it). A file nobody may
 * write (mode 0444) or a folder that is read-only opens with CL_DB_READONLY only, then as
 * immutable when the -wal is missing or empty, so that no -wal/-shm is made or changed;
 * read-write is refused. A read-write open gives our own -wal/-shm the file's mode back.
 * A group-writable (shared) file sets the process umask to 007.
 * ":memory:" opens a private in-memory database (tests).
 * On success *out is set; free with cl_db_close.
 */
int cl_db_open(const char *path, int flags, struct cl_db **out, struct cl_error *err);
void cl_db_close(struct cl_db *db);

/* Where a database lives, as classified by cl_db_fs_kind. */
enum cl_fs_kind {
	CL_FS_LOCAL,   /* a local disk filesystem careloop knows (ext4, xfs, btrfs, …) */
	CL_FS_NETWORK, /* a network or cluster filesystem: refused */
	CL_FS_UNKNOWN, /* not on the allow-list: refused too */
};

/*
 * Classify a Linux statfs f_type. *name (may be NULL) gets the filesystem's name, or NULL
 * when unknown. Only CL_FS_LOCAL is accepted: SQLite's locking and WAL shared memory are
 * only reliable on a local disk.
 */
enum cl_fs_kind cl_db_fs_kind(unsigned long magic, const char **name);

/*
 * Make an existing database clinic-shared: its folder 2770 and the file (and its -wal,
 * -shm, -access files) 0660, all of group gid. CL_EPERM naming the step that failed when
 * the OS refuses (not the owner, not a member of the group); nothing is undone.
 */
int cl_db_share(const char *path, unsigned gid, struct cl_error *err);

/* The path the database was opened with (":memory:" for tests). */
const char *cl_db_path(struct cl_db *db);

/* The schema version this binary migrates to, and the version of an open database. */
int cl_db_schema_version(void);
int cl_db_user_version(struct cl_db *db);

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
