/*
 * The database: one SQLite file, opened with careloop's pragmas and migrated to the
 * schema this binary knows. What the interface and the commands may use: open, close,
 * share, check. The SQLite API (statements, binds, transactions) is the core's own, in
 * db_private.h.
 */
#ifndef CL_DB_H
#define CL_DB_H

#include <stdbool.h>
#include <stddef.h>

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
 * CL_EPERM (naming the filesystem) when path, or the nearest folder of it that exists, is
 * not on a local disk careloop knows; else 0. cl_db_open checks this first.
 */
int cl_db_check_local(const char *path, struct cl_error *err);

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
 * SQLite's integrity_check and foreign_key_check. CL_ECORRUPT with the first problem in
 * err (SQLite's words: pages and tables, never row contents) when either finds one.
 */
int cl_db_integrity(struct cl_db *db, struct cl_error *err);

/*
 * The OS login of this process, its display name (GECOS, else the login) and care_manager id.
 * CARELOOP_USER=LOGIN acts as LOGIN instead, honoured only for the database file's owner
 * (tests; an administrator trying a role); anyone else setting it is refused at open.
 */
const char *cl_db_user(struct cl_db *db);
const char *cl_db_user_display(struct cl_db *db);
const struct cl_id *cl_db_user_id(struct cl_db *db);

/*
 * What the user's staff role (staff_role, schema/016_staff.sql) lets them do, read at open.
 * The file's owner while no active supervisor exists has a supervisor's powers (bootstrap).
 */
enum cl_db_power {
	CL_POWER_WRITE,	       /* change anything: else every write is refused (CL_EPERM) */
	CL_POWER_MANAGE_STAFF, /* careloop staff add/set/deactivate/activate */
	CL_POWER_SEE_EVERYONE, /* the worklist opens on everyone's work */
	CL_POWER_READ_AUDIT,   /* the chart's Audit section, careloop audit */
};
bool cl_db_user_may(struct cl_db *db, enum cl_db_power power);
/* The user's role code ("coordinator", "supervisor", "readonly"). */
const char *cl_db_user_role(struct cl_db *db);
/* The file's owner acting before any active supervisor exists. */
bool cl_db_user_bootstrap(struct cl_db *db);
/* A login careloop accepts: letters, digits, ".", "_", "-" (not first), 1 to 63 bytes. */
bool cl_db_login_valid(const char *login);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf (at least 32 bytes). */
char *cl_db_now(char *buf, size_t size);

/* The SQLite library's version ("3.40.1"), for --version. */
const char *cl_db_sqlite_version(void);

#endif
