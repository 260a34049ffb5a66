#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "audit.h"
#include "date.h"
#include "db.h"
#include "schema.h"

/* PRAGMA application_id of a careloop database: "CLOP". */
#define CL_APPLICATION_ID 0x434c4f50

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct cl_db {
	sqlite3 *sq;
	struct stmt_slot *stmts;
	int nstmts, capstmts;
	char user[64];
	char user_display[96];
	struct cl_id user_id;
	bool audit_pending; /* the open transaction added audit rows */
};

int cl_db_schema_version(void)
{
	return atoi(cl_schema_files[cl_schema_file_count - 1].name);
}

static int join_path(char *buf, size_t size, const char *a, const char *b, struct cl_error *err)
{
	int n = snprintf(buf, size, "%s%s", a, b);

	if (n < 0 || (size_t)n >= size)
		return cl_error_set(err, CL_EINVAL, "database path too long");
	return CL_OK;
}

int cl_db_default_path(char *buf, size_t size, struct cl_error *err)
{
	const char *env = getenv("CARELOOP_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return join_path(buf, size, env, "", err);
	/* The XDG spec says a relative path is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		return join_path(buf, size, xdg, "/careloop/careloop.db", err);
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(geteuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || home[0] != '/')
		return cl_error_set(err, CL_EINVAL, "no home folder: set HOME or use --db");
	return join_path(buf, size, home, "/.local/share/careloop/careloop.db", err);
}

/* mkdir -p of path's parent folders; the last one gets mode (and is chmod'ed to it). */
static int make_parent(const char *path, mode_t mode, struct cl_error *err)
{
	char dir[4096];
	char *slash;
	size_t i;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return cl_error_set(err, CL_EINVAL, "database path too long");
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return CL_OK;
	*slash = '\0';
	for (i = 1; dir[i]; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			goto fail;
		dir[i] = '/';
	}
	if (mkdir(dir, mode) == 0) {
		/* mkdir applies the umask; set the exact mode (setgid for a shared folder). */
		if (chmod(dir, mode) != 0)
			goto fail;
	} else if (errno != EEXIST) {
		goto fail;
	}
	return CL_OK;
fail:
	return cl_error_set(err, CL_EPERM, "cannot create the database folder: %s",
			    strerror(errno));
}

/* Refuse network filesystems: SQLite's locking is unreliable on them. */
static int check_local_disk(const char *path, struct cl_error *err)
{
#ifdef __linux__
	static const struct {
		long magic;
		const char *name;
	} remote[] = {
		{ 0x6969, "NFS" },
		{ 0x517B, "SMB" },
		{ (long)0xFF534D42, "CIFS" },
		{ (long)0xFE534D42, "SMB2" },
		{ 0x65735546, "FUSE" },
		{ 0x564c, "NCP" },
		{ 0x5346414F, "AFS" },
		{ 0x73757245, "Coda" },
	};
	char dir[4096];
	struct statfs fs;
	char *slash;
	size_t i;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return cl_error_set(err, CL_EINVAL, "database path too long");
	if (statfs(dir, &fs) != 0) {
		slash = strrchr(dir, '/');
		if (slash == dir)
			dir[1] = '\0';
		else if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof(dir), ".");
		if (statfs(dir, &fs) != 0)
			return CL_OK; /* the open that follows reports the real problem */
	}
	for (i = 0; i < sizeof(remote) / sizeof(remote[0]); i++)
		if ((long)fs.f_type == remote[i].magic)
			return cl_error_set(err, CL_EPERM,
					    "the database is on a network filesystem (%s): "
					    "careloop needs a local disk",
					    remote[i].name);
#else
	(void)path;
	(void)err;
#endif
	return CL_OK;
}

/*
 * Create the file ourselves so that it gets its mode (0600, or 0660 shared) from the start;
 * SQLite gives the -wal and -shm files the same mode as the database.
 */
static int create_file(const char *path, mode_t mode, struct cl_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0) {
		if (errno == EEXIST)
			return CL_OK;
		return cl_error_set(err, CL_EPERM, "cannot create the database: %s",
				    strerror(errno));
	}
	if (fchmod(fd, mode) != 0) {
		close(fd);
		return cl_error_set(err, CL_EPERM, "cannot set the database mode: %s",
				    strerror(errno));
	}
	close(fd);
	return CL_OK;
}

/* An existing non-empty file must start with SQLite's header, checked before SQLite opens it. */
static int check_header(const char *path, struct cl_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return cl_error_set(err, CL_ENOTFOUND,
					    "no database there (run 'careloop init' first)");
		return cl_error_set(err, CL_EPERM, "cannot open the database: %s", strerror(errno));
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n == 0)
		return CL_OK; /* empty: a new database */
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(head)) != 0)
		return cl_error_set(err, CL_ENOTDB, "not a careloop database (not SQLite)");
	return CL_OK;
}

int cl_db_error(struct cl_db *db, struct cl_error *err)
{
	int rc = sqlite3_errcode(db->sq);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cl_error_set(err, CL_EBUSY,
				    "the database is busy (another careloop is saving); try again");
	case SQLITE_NOMEM:
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	case SQLITE_CONSTRAINT:
		/* SQLite names the constraint, never the values. */
		return cl_error_set(err, CL_EINVAL, "refused by the database: %s",
				    sqlite3_errmsg(db->sq));
	case SQLITE_NOTADB:
		return cl_error_set(err, CL_ENOTDB, "not a careloop database");
	case SQLITE_CORRUPT:
		return cl_error_set(err, CL_ECORRUPT, "the database file is damaged");
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return cl_error_set(err, CL_EPERM, "database: %s", sqlite3_errmsg(db->sq));
	default:
		if ((rc & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db->sq))
			/* "disk I/O error" alone hides a full disk or a size limit. */
			return cl_error_set(err, CL_EIO, "database error: %s (%s)",
					    sqlite3_errmsg(db->sq),
					    strerror(sqlite3_system_errno(db->sq)));
		return cl_error_set(err, CL_EIO, "database error: %s", sqlite3_errmsg(db->sq));
	}
}

int cl_db_exec(struct cl_db *db, const char *sql, struct cl_error *err)
{
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	return CL_OK;
}

int cl_db_begin(struct cl_db *db, struct cl_error *err)
{
	return cl_db_exec(db, "BEGIN IMMEDIATE", err);
}

int cl_db_commit(struct cl_db *db, struct cl_error *err)
{
	int rc = cl_db_exec(db, "COMMIT", err);

	if (rc) {
		cl_db_rollback(db);
	} else if (db->audit_pending) {
		/* Committed: its checkpoint goes where a database user cannot rewrite it. */
		db->audit_pending = false;
		cl_audit_checkpoint_log(db, NULL, NULL);
	}
	return rc;
}

void cl_db_audit_pending(struct cl_db *db)
{
	db->audit_pending = true;
}

void cl_db_rollback(struct cl_db *db)
{
	db->audit_pending = false;
	if (!sqlite3_get_autocommit(db->sq))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *cl_db_stmt(struct cl_db *db, const char *sql, struct cl_error *err)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->nstmts; i++)
		if (db->stmts[i].sql == sql)
			return db->stmts[i].st;
	if (db->nstmts == db->capstmts) {
		int cap = db->capstmts ? db->capstmts * 2 : 32;
		struct stmt_slot *grown = realloc(db->stmts, (size_t)cap * sizeof(*grown));

		if (!grown) {
			cl_error_set(err, CL_ENOMEM, "out of memory");
			return NULL;
		}
		db->stmts = grown;
		db->capstmts = cap;
	}
	if (sqlite3_prepare_v3(db->sq, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		cl_db_error(db, err);
		return NULL;
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts].st = st;
	db->nstmts++;
	return st;
}

static int query_int(struct cl_db *db, const char *sql, int *value, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(st, 0);
		rc = CL_OK;
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_finalize(st);
	return rc;
}

int cl_db_user_version(struct cl_db *db)
{
	int v = -1;

	query_int(db, "PRAGMA user_version", &v, NULL);
	return v;
}

/*
 * Is this file ours? An empty SQLite file (no tables) is a new database. Anything else must
 * carry careloop's application_id and a schema version this binary knows. Reads only.
 */
static int check_identity(struct cl_db *db, struct cl_error *err)
{
	int app = 0, version = 0, tables = 0, rc;

	if ((rc = query_int(db, "PRAGMA application_id", &app, err)) ||
	    (rc = query_int(db, "PRAGMA user_version", &version, err)) ||
	    (rc = query_int(db, "SELECT count(*) FROM sqlite_master", &tables, err)))
		return rc == CL_EIO ? cl_error_set(err, CL_ENOTDB, "not a careloop database") : rc;
	if (app == 0 && version == 0 && tables == 0)
		return CL_OK;
	if (app != CL_APPLICATION_ID)
		return cl_error_set(err, CL_ENOTDB,
				    "not a careloop database (another program's SQLite file)");
	if (version > cl_db_schema_version())
		return cl_error_set(err, CL_EVERSION,
				    "the database is from a newer careloop (schema %d; this "
				    "careloop knows up to %d): upgrade careloop",
				    version, cl_db_schema_version());
	return CL_OK;
}

/* Apply each pending migration in its own transaction; safe when two processes race. */
static int migrate(struct cl_db *db, struct cl_error *err)
{
	int i, rc, version;

	for (i = 0; i < cl_schema_file_count; i++) {
		int target = atoi(cl_schema_files[i].name);
		char pragma[64];

		if ((rc = cl_db_begin(db, err)))
			return rc;
		if ((rc = query_int(db, "PRAGMA user_version", &version, err)))
			goto fail;
		if (version >= target) {
			cl_db_rollback(db);
			continue;
		}
		if (sqlite3_exec(db->sq, cl_schema_files[i].sql, NULL, NULL, NULL) != SQLITE_OK) {
			cl_db_error(db, err);
			rc = cl_error_set(err, CL_EIO, "migration %s failed: %s",
					  cl_schema_files[i].name, sqlite3_errmsg(db->sq));
			goto fail;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", target);
		if ((rc = cl_db_exec(db, pragma, err)))
			goto fail;
		if (target == 1) {
			snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d",
				 CL_APPLICATION_ID);
			if ((rc = cl_db_exec(db, pragma, err)))
				goto fail;
		}
		if ((rc = cl_db_commit(db, err)))
			return rc;
	}
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

int cl_db_integrity(struct cl_db *db, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc = CL_OK, step;

	if (sqlite3_prepare_v2(db->sq, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line && strcmp(line, "ok") != 0 && rc == CL_OK)
			rc = cl_error_set(err, CL_ECORRUPT, "%s", line);
	}
	if (step != SQLITE_DONE && rc == CL_OK)
		rc = cl_db_error(db, err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(db->sq, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = cl_error_set(err, CL_ECORRUPT, "table %s has a row pointing to a missing %s",
				  sqlite3_column_text(st, 0), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return rc;
}

char *cl_db_now(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;

	cl_clock_now(&ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
	return buf;
}

/* The OS user becomes a care manager the first time it opens the database. */
static int register_user(struct cl_db *db, bool writable, struct cl_error *err)
{
	static const char insert_sql[] =
		"INSERT INTO care_manager (id, login, display_name, created_at, updated_at, "
		"updated_by) VALUES (?1, ?2, ?3, ?4, ?4, ?2) ON CONFLICT (login) DO NOTHING";
	static const char select_sql[] =
		"SELECT id, display_name FROM care_manager WHERE login = ?1";
	struct passwd *pw = getpwuid(geteuid());
	sqlite3_stmt *st;
	struct cl_id id;
	char now[32];
	int rc = CL_OK;

	if (pw) {
		size_t n = strcspn(pw->pw_gecos ? pw->pw_gecos : "", ",");

		snprintf(db->user, sizeof(db->user), "%s", pw->pw_name);
		if (n > 0 && n < sizeof(db->user_display))
			snprintf(db->user_display, sizeof(db->user_display), "%.*s", (int)n,
				 pw->pw_gecos);
		else
			snprintf(db->user_display, sizeof(db->user_display), "%s", pw->pw_name);
	} else {
		snprintf(db->user, sizeof(db->user), "uid%ld", (long)geteuid());
		snprintf(db->user_display, sizeof(db->user_display), "%s", db->user);
	}
	if (writable) {
		if (!(st = cl_db_stmt(db, insert_sql, err)))
			return CL_EIO;
		if ((rc = cl_db_begin(db, err)))
			return rc;
		cl_id_new(&id);
		cl_db_bind_id(st, 1, &id);
		sqlite3_bind_text(st, 2, db->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, db->user_display, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, cl_db_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
		sqlite3_reset(st);
		if (rc) {
			cl_db_rollback(db);
			return rc;
		}
		if ((rc = cl_db_commit(db, err)))
			return rc;
	}
	if (!(st = cl_db_stmt(db, select_sql, err)))
		return CL_EIO;
	sqlite3_bind_text(st, 1, db->user, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		cl_db_column_id(st, 0, &db->user_id);
		cl_db_column_text(st, 1, db->user_display, sizeof(db->user_display));
	}
	sqlite3_reset(st);
	return rc;
}

int cl_db_open(const char *path, int flags, struct cl_db **out, struct cl_error *err)
{
	bool memory = strcmp(path, ":memory:") == 0;
	bool readonly = flags & CL_DB_READONLY;
	bool shared = flags & CL_DB_SHARED;
	struct cl_db *db;
	int oflags, rc;

	*out = NULL;
	if (!(db = calloc(1, sizeof(*db))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!memory) {
		if ((flags & CL_DB_CREATE) && !readonly) {
			if ((rc = make_parent(path, shared ? 02770 : 0700, err)) ||
			    (rc = check_local_disk(path, err)) ||
			    (rc = create_file(path, shared ? 0660 : 0600, err)))
				goto fail;
		} else if ((rc = check_local_disk(path, err))) {
			goto fail;
		}
		if ((rc = check_header(path, err)))
			goto fail;
	}
	oflags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW |
		 SQLITE_OPEN_EXRESCODE;
	if (memory)
		oflags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
	if (sqlite3_open_v2(path, &db->sq, oflags, NULL) != SQLITE_OK) {
		rc = db->sq ? cl_db_error(db, err) : cl_error_set(err, CL_ENOMEM, "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db->sq, 5000);
	if ((rc = check_identity(db, err)))
		goto fail;
	if ((rc = cl_db_exec(db,
			     "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; "
			     "PRAGMA synchronous = FULL;",
			     err)))
		goto fail;
	if (!readonly) {
		if (!memory && (rc = cl_db_exec(db, "PRAGMA journal_mode = WAL", err)))
			goto fail;
		if ((rc = migrate(db, err)))
			goto fail;
	} else if (cl_db_user_version(db) != cl_db_schema_version()) {
		rc = cl_error_set(err, CL_EVERSION,
				  "the database needs an upgrade: open it once read-write");
		goto fail;
	}
	if ((rc = register_user(db, !readonly, err)))
		goto fail;
	*out = db;
	return CL_OK;
fail:
	cl_db_close(db);
	return rc;
}

void cl_db_close(struct cl_db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].st);
	free(db->stmts);
	sqlite3_close(db->sq);
	free(db);
}

sqlite3 *cl_db_sqlite(struct cl_db *db)
{
	return db->sq;
}

const char *cl_db_user(struct cl_db *db)
{
	return db->user;
}

const char *cl_db_user_display(struct cl_db *db)
{
	return db->user_display;
}

const struct cl_id *cl_db_user_id(struct cl_db *db)
{
	return &db->user_id;
}

int cl_db_bind_id(sqlite3_stmt *st, int index, const struct cl_id *id)
{
	if (!id)
		return sqlite3_bind_null(st, index);
	return sqlite3_bind_blob(st, index, id->bytes, CL_ID_LEN, SQLITE_TRANSIENT);
}

int cl_db_column_id(sqlite3_stmt *st, int col, struct cl_id *id)
{
	const void *blob = sqlite3_column_blob(st, col);

	if (!blob || sqlite3_column_bytes(st, col) != CL_ID_LEN) {
		memset(id, 0, sizeof(*id));
		return CL_EINVAL;
	}
	memcpy(id->bytes, blob, CL_ID_LEN);
	return CL_OK;
}

void cl_db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	const unsigned char *text = sqlite3_column_text(st, col);
	size_t n;

	if (size == 0)
		return;
	if (!text) {
		buf[0] = '\0';
		return;
	}
	n = (size_t)sqlite3_column_bytes(st, col);
	if (n >= size) {
		n = size - 1;
		/* Back off to the start of a UTF-8 sequence. */
		while (n > 0 && (text[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf, text, n);
	buf[n] = '\0';
}
