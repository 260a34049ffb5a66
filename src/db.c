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

#include "access.h"
#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "schema.h"
#include "sync.h"

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
	bool user_active;	  /* false: deactivated, refused at open */
	char user_role[16];	  /* the staff role's code ("" before schema 16) */
	unsigned user_powers;	  /* 1 << enum cl_db_power */
	bool user_bootstrap;	  /* the file's owner, no active supervisor: manages staff */
	bool audit_pending;	  /* the open transaction added audit rows */
	bool writable;		  /* opened read-write */
	char *path;		  /* as opened, for the access log beside it */
	struct cl_access *access; /* access.c's, opened on first use */
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

/* The folder part of path into dir ("." for a bare name, "/" for a file at the root). */
static int dir_of(const char *path, char *dir, size_t size, struct cl_error *err)
{
	char *slash;

	if (snprintf(dir, size, "%s", path) >= (int)size)
		return cl_error_set(err, CL_EINVAL, "database path too long");
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return CL_OK;
}

/*
 * The database's folder must exist: careloop never creates a chain of folders (a mistyped
 * --db would grow one). With mkdir_one, the folder itself is created (mode, set exactly:
 * setgid for a shared folder) when its parent exists: the XDG default's careloop/.
 */
static int make_folder(const char *path, bool mkdir_one, mode_t mode, struct cl_error *err)
{
	char dir[4096];
	struct stat st;
	int rc;

	if ((rc = dir_of(path, dir, sizeof(dir), err)))
		return rc;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? CL_OK
					   : cl_error_set(err, CL_EPERM, "%s is not a folder", dir);
	if (errno != ENOENT || !mkdir_one)
		return cl_error_set(err, CL_ENOTFOUND,
				    "no folder %s (careloop creates no folders there: check the "
				    "path, or create it first: mkdir -p -m 700 %s)",
				    dir, dir);
	if (mkdir(dir, mode) != 0) {
		if (errno == ENOENT)
			return cl_error_set(err, CL_ENOTFOUND,
					    "no folder above %s (create it first: mkdir -p -m 700 "
					    "\"$(dirname %s)\")",
					    dir, dir);
		if (errno != EEXIST)
			return cl_error_set(err, CL_EPERM, "cannot create the folder %s: %s", dir,
					    strerror(errno));
		return CL_OK;
	}
	/* mkdir applies the umask; set the exact mode (setgid for a shared folder). */
	if (chmod(dir, mode) != 0)
		return cl_error_set(err, CL_EPERM, "cannot set the mode of %s: %s", dir,
				    strerror(errno));
	return CL_OK;
}

/*
 * Filesystems careloop accepts: local disks (an allow-list, so that a network or cluster
 * filesystem it has never heard of is refused too). overlayfs and ecryptfs stack on a local
 * filesystem (containers, encrypted homes); FUSE is refused because it may be sshfs or a
 * cluster client. Magic numbers from <linux/magic.h> and the filesystems' sources.
 */
static const struct fs_type {
	unsigned long magic;
	const char *name;
	enum cl_fs_kind kind;
} fs_types[] = {
	{ 0xEF53, "ext2/ext3/ext4", CL_FS_LOCAL }, { 0x58465342, "xfs", CL_FS_LOCAL },
	{ 0x9123683E, "btrfs", CL_FS_LOCAL },	   { 0xF2F52010, "f2fs", CL_FS_LOCAL },
	{ 0x2FC12FC1, "zfs", CL_FS_LOCAL },	   { 0xCA451A4E, "bcachefs", CL_FS_LOCAL },
	{ 0x3153464A, "jfs", CL_FS_LOCAL },	   { 0x52654973, "reiserfs", CL_FS_LOCAL },
	{ 0x3434, "nilfs2", CL_FS_LOCAL },	   { 0x01021994, "tmpfs", CL_FS_LOCAL },
	{ 0x858458F6, "ramfs", CL_FS_LOCAL },	   { 0x794C7630, "overlayfs", CL_FS_LOCAL },
	{ 0xF15F, "ecryptfs", CL_FS_LOCAL },	   { 0x6969, "NFS", CL_FS_NETWORK },
	{ 0x517B, "SMB", CL_FS_NETWORK },	   { 0xFF534D42, "CIFS", CL_FS_NETWORK },
	{ 0xFE534D42, "SMB2", CL_FS_NETWORK },	   { 0x65735546, "FUSE", CL_FS_NETWORK },
	{ 0x01021997, "9p", CL_FS_NETWORK },	   { 0x00C36400, "CephFS", CL_FS_NETWORK },
	{ 0x5346414F, "AFS", CL_FS_NETWORK },	   { 0x6B414653, "kAFS", CL_FS_NETWORK },
	{ 0x0BD00BD0, "Lustre", CL_FS_NETWORK },   { 0x47504653, "GPFS", CL_FS_NETWORK },
	{ 0x01161970, "GFS2", CL_FS_NETWORK },	   { 0x7461636F, "OCFS2", CL_FS_NETWORK },
	{ 0x20030528, "OrangeFS", CL_FS_NETWORK }, { 0x564C, "NCP", CL_FS_NETWORK },
	{ 0x73757245, "Coda", CL_FS_NETWORK },
};

enum cl_fs_kind cl_db_fs_kind(unsigned long magic, const char **name)
{
	size_t i;

	magic &= 0xFFFFFFFFUL; /* f_type is signed on some ABIs */
	for (i = 0; i < sizeof(fs_types) / sizeof(fs_types[0]); i++) {
		if (fs_types[i].magic == magic) {
			if (name)
				*name = fs_types[i].name;
			return fs_types[i].kind;
		}
	}
	if (name)
		*name = NULL;
	return CL_FS_UNKNOWN;
}

/*
 * Refuse anything but a local disk, looking at path or, when it does not exist yet, at the
 * nearest folder above it that does: this runs before anything is created.
 */
int cl_db_check_local(const char *path, struct cl_error *err)
{
#ifdef __linux__
	char dir[4096], up[4096];
	struct statfs fs;
	const char *name;
	enum cl_fs_kind kind;
	int rc;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return cl_error_set(err, CL_EINVAL, "database path too long");
	while (statfs(dir, &fs) != 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return CL_OK; /* the open that follows reports the real problem */
		if (strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0)
			return CL_OK;
		if ((rc = dir_of(dir, up, sizeof(up), err)))
			return rc;
		memcpy(dir, up, sizeof(dir));
	}
	kind = cl_db_fs_kind((unsigned long)fs.f_type, &name);
	if (kind == CL_FS_NETWORK)
		return cl_error_set(err, CL_EPERM,
				    "the database is on a network filesystem (%s): careloop needs "
				    "a local disk",
				    name);
	if (kind == CL_FS_UNKNOWN)
		return cl_error_set(
			err, CL_EPERM,
			"the database is on a filesystem careloop does not know to be "
			"a local disk (type 0x%lx): use a local disk (ext4, xfs, btrfs…)",
			(unsigned long)fs.f_type & 0xFFFFFFFFUL);
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
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

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

/*
 * An existing file must start with SQLite's header, checked before SQLite opens it. An empty
 * file is a new database only when the caller creates (init, demo): a report never turns a
 * stray empty file into a careloop database.
 */
static int check_header(const char *path, bool create, struct cl_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return cl_error_set(err, CL_ENOTFOUND,
					    "no database there (run 'careloop init' first)");
		return cl_error_set(err, CL_EPERM, "cannot open the database: %s", strerror(errno));
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n == 0)
		return create ? CL_OK
			      : cl_error_set(err, CL_ENOTDB,
					     "an empty file, not a careloop database ('careloop "
					     "init' makes one)");
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(head)) != 0)
		return cl_error_set(err, CL_ENOTDB, "not a careloop database (not SQLite)");
	return CL_OK;
}

/* May this process write the file? Mode bits count too: root ignores a 0444 file's. */
static bool writable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && (st.st_mode & 0222) && access(path, W_OK) == 0;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* No -wal, or an empty one (no frames: the file alone is the whole database). */
static bool no_wal_frames(const char *wal)
{
	struct stat st;

	return lstat(wal, &st) != 0 || (S_ISREG(st.st_mode) && st.st_size == 0);
}

/*
 * A -wal or -shm left behind with a mode that no longer lets us write it (the database was
 * 0444 when it was made, and is 0644 again) would make SQLite fall back to read-only and
 * fail the next write: give our own files the database's mode back.
 */
static void repair_wal_modes(const char *path, const char *wal)
{
	char shm[4200];
	const char *files[2] = { wal, shm };
	struct stat db, st;
	int i;

	if (stat(path, &db) != 0)
		return;
	snprintf(shm, sizeof(shm), "%.*s-shm", (int)(strlen(wal) - 4), wal);
	for (i = 0; i < 2; i++)
		if (lstat(files[i], &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    (st.st_mode & 0666) != (db.st_mode & 0666))
			chmod(files[i], db.st_mode & 0666);
}

/*
 * "file:" URI of path with "?immutable=1": every byte but letters, digits and "/._-~"
 * %-escaped; an absolute path gets an empty authority ("file:///…"), so that "//x" is
 * never read as a host.
 */
static int immutable_uri(const char *path, char *buf, size_t size, struct cl_error *err)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o;
	const unsigned char *p;

	if (size < 32)
		return cl_error_set(err, CL_EINVAL, "database path too long");
	o = (size_t)snprintf(buf, size, path[0] == '/' ? "file://" : "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if (o + 4 + sizeof("?immutable=1") >= size)
			return cl_error_set(err, CL_EINVAL, "database path too long");
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("/._-~", *p))) {
			buf[o++] = '%';
			buf[o++] = hex[*p >> 4];
			buf[o++] = hex[*p & 15];
		} else {
			buf[o++] = (char)*p;
		}
	}
	snprintf(buf + o, size - o, "?immutable=1");
	return CL_OK;
}

int cl_db_open_file(const char *path, bool readonly, bool create, unsigned mode, long gid,
		    sqlite3 **out, struct cl_error *err)
{
	char dir[4096], wal[4200], uri[8400];
	bool memory = strcmp(path, ":memory:") == 0;
	int oflags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
	const char *name = path;
	int rc;

	*out = NULL;
	if (memory) {
		oflags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
		goto open;
	}
	if ((rc = dir_of(path, dir, sizeof(dir), err)))
		return rc;
	if (snprintf(wal, sizeof(wal), "%s-wal", path) >= (int)sizeof(wal))
		return cl_error_set(err, CL_EINVAL, "database path too long");
	if (create && !readonly) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			      (mode_t)mode);

		if (fd >= 0) {
			/* Best effort: a setgid folder already gives the group. */
			if ((fchmod(fd, (mode_t)mode) != 0 ||
			     (gid >= 0 && fchown(fd, (uid_t)-1, (gid_t)gid) != 0)) &&
			    errno != EPERM) {
				close(fd);
				return cl_error_set(err, CL_EPERM, "cannot create %s: %s", path,
						    strerror(errno));
			}
			close(fd);
		} else if (errno != EEXIST) {
			return cl_error_set(err, CL_EPERM, "cannot create %s: %s", path,
					    strerror(errno));
		}
	}
	if (!exists(path))
		return cl_error_set(err, CL_ENOTFOUND, "no file %s", path);
	if (!writable(path) || !writable(dir)) {
		/*
		 * A read-write open would leave -wal and -shm behind with the file's 0444 mode
		 * (and fail in a read-only folder): a reader of a file nobody writes opens it
		 * immutable, which creates nothing.
		 */
		if (!readonly)
			return cl_error_set(err, CL_EPERM,
					    "%s is read-only (file mode or folder): careloop needs "
					    "write permission for this",
					    writable(path) ? dir : path);
		if (no_wal_frames(wal)) {
			if ((rc = immutable_uri(path, uri, sizeof(uri), err)))
				return rc;
			name = uri;
			oflags |= SQLITE_OPEN_URI;
		}
	}
	if (!readonly)
		repair_wal_modes(path, wal);
	oflags |= readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
open:
	if (sqlite3_open_v2(name, out, oflags, NULL) != SQLITE_OK) {
		rc = *out ? cl_error_set(err, CL_EPERM, "cannot open %s: %s", path,
					 sqlite3_errmsg(*out))
			  : cl_error_set(err, CL_ENOMEM, "out of memory");
		sqlite3_close(*out);
		*out = NULL;
		return rc;
	}
	sqlite3_busy_timeout(*out, 5000);
	return CL_OK;
}

/*
 * Give path to group gid with mode, unless it has them already: a folder an administrator
 * prepared (install -d -g care -m 2770) may not be ours to chown. Verified afterwards: Linux
 * drops setgid silently for a group the caller is not in.
 */
static int share_one(const char *path, unsigned gid, mode_t mode)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	if (st.st_gid != (gid_t)gid && chown(path, (uid_t)-1, (gid_t)gid) != 0)
		return -1;
	if ((st.st_mode & 07777) != mode && chmod(path, mode) != 0)
		return -1;
	if (stat(path, &st) != 0)
		return -1;
	if (st.st_gid != (gid_t)gid || (st.st_mode & 07777) != mode) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int cl_db_share(const char *path, unsigned gid, struct cl_error *err)
{
	static const char *const suffixes[] = { "-wal", "-shm", "-access", "-access-wal",
						"-access-shm" };
	char dir[4096], file[4200];
	struct stat st;
	size_t i;
	int rc;

	if ((rc = dir_of(path, dir, sizeof(dir), err)))
		return rc;
	if (share_one(dir, gid, 02770) != 0)
		return cl_error_set(err, CL_EPERM,
				    "cannot make the folder %s 2770 of the group: %s", dir,
				    strerror(errno));
	if (share_one(path, gid, 0660) != 0)
		return cl_error_set(err, CL_EPERM, "cannot make %s 0660 of the group: %s", path,
				    strerror(errno));
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		if (lstat(file, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (share_one(file, gid, 0660) != 0)
			return cl_error_set(err, CL_EPERM, "cannot make %s 0660 of the group: %s",
					    file, strerror(errno));
	}
	return CL_OK;
}

static int refuse_readonly(struct cl_error *err)
{
	return cl_error_set(err, CL_EPERM, "read-only: your role cannot change records");
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
	case SQLITE_AUTH:
		if (!cl_db_user_may(db, CL_POWER_WRITE))
			return refuse_readonly(err);
		return cl_error_set(err, CL_EPERM, "database: %s", sqlite3_errmsg(db->sq));
	case SQLITE_READONLY:
		if (db->writable && !cl_db_user_may(db, CL_POWER_WRITE))
			return refuse_readonly(err);
		/* A write cut short (a crash): rolling it back or recovering needs a writer. */
		if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
			return cl_error_set(
				err, CL_EPERM,
				"the database was left in the middle of a write (careloop "
				"stopped or the machine went down): open it once "
				"read-write (careloop, or careloop init) to undo it");
		/* fall through */
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

/*
 * Every write transaction starts here: a role that may not write is refused before the
 * write lock is taken. Writes that would not come through here (a statement run outside a
 * transaction) are refused by the authorizer and query_only set at open (lock_writes).
 */
int cl_db_begin(struct cl_db *db, struct cl_error *err)
{
	if (!cl_db_user_may(db, CL_POWER_WRITE))
		return refuse_readonly(err);
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

/* Prepared at open: rolling back must not need memory to parse (out of memory is a usual
 * reason to roll back, and a ROLLBACK that fails leaves the transaction open). */
static const char sql_rollback[] = "ROLLBACK";

void cl_db_rollback(struct cl_db *db)
{
	sqlite3_stmt *st;

	db->audit_pending = false;
	if (sqlite3_get_autocommit(db->sq))
		return;
	if ((st = cl_db_stmt(db, sql_rollback, NULL))) {
		int done = sqlite3_step(st) == SQLITE_DONE;

		sqlite3_reset(st);
		if (done)
			return;
	}
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

	/* Up to date (nearly always): no write lock, so a long import does not hold us up. */
	if ((rc = query_int(db, "PRAGMA user_version", &version, err)))
		return rc;
	if (version >= cl_db_schema_version())
		return CL_OK;
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
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		rc = cl_error_set(err, CL_ECORRUPT, "table %s has a row pointing to a missing %s",
				  sqlite3_column_text(st, 0), sqlite3_column_text(st, 2));
	else if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_finalize(st);
	return rc;
}

const char *cl_db_sqlite_version(void)
{
	return sqlite3_libversion();
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

static int select_user(struct cl_db *db, bool *found, struct cl_error *err)
{
	static const char select_sql[] =
		"SELECT id, display_name, active, role FROM care_manager WHERE login = ?1";
	sqlite3_stmt *st = cl_db_stmt(db, select_sql, err);
	int rc;

	*found = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, db->user, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		cl_db_column_id(st, 0, &db->user_id);
		cl_db_column_text(st, 1, db->user_display, sizeof(db->user_display));
		db->user_active = sqlite3_column_int(st, 2) != 0;
		cl_db_column_text(st, 3, db->user_role, sizeof(db->user_role));
		*found = true;
		/* fall through */
	case SQLITE_DONE:
		rc = CL_OK;
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* Insert the OS user as a care manager (if still missing) and read its row back. */
static int insert_user(struct cl_db *db, struct cl_error *err)
{
	static const char insert_sql[] =
		"INSERT INTO care_manager (id, login, display_name, created_at, updated_at, "
		"updated_by) VALUES (?1, ?2, ?3, ?4, ?4, ?2) ON CONFLICT (login) DO NOTHING";
	sqlite3_stmt *st = cl_db_stmt(db, insert_sql, err);
	struct cl_id id;
	char now[32];
	bool found;
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	cl_id_for_login(db->user, &id);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_text(st, 2, db->user, err)) ||
	    (rc = cl_db_bind_text(st, 3, db->user_display, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_now(now, sizeof(now)), err)))
		return rc;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc ? rc : select_user(db, &found, err);
}

/*
 * Register the OS user in a transaction of its own, waiting at most wait_ms for the write
 * lock; inside the caller's transaction, as part of it.
 */
static int register_now(struct cl_db *db, int wait_ms, struct cl_error *err)
{
	int rc;

	if (!sqlite3_get_autocommit(db->sq))
		return insert_user(db, err);
	sqlite3_busy_timeout(db->sq, wait_ms);
	rc = cl_db_begin(db, err);
	sqlite3_busy_timeout(db->sq, 5000);
	if (rc)
		return rc;
	if ((rc = insert_user(db, err))) {
		cl_db_rollback(db);
		return rc;
	}
	return cl_db_commit(db, err);
}

/*
 * The OS user becomes a care manager the first time it opens the database read-write. A
 * known user costs one read; a new one a short write that gives up rather than wait for a
 * long import (opening never waits on a writer): cl_db_user_id registers it later, with
 * the user's first change.
 */
static int register_user(struct cl_db *db, bool writable, struct cl_error *err)
{
	struct cl_error busy = { 0 };
	bool found;
	int rc;

	if ((rc = select_user(db, &found, err)) || found || !writable)
		return rc;
	rc = register_now(db, 200, &busy);
	if (rc == CL_EBUSY)
		return CL_OK; /* someone is writing: register with the first change */
	return rc ? cl_error_set(err, rc, "%s", busy.message) : CL_OK;
}

/* Does this process own the database file (an in-memory one is its own)? */
static bool owns_file(struct cl_db *db)
{
	struct stat st;

	if (strcmp(db->path, ":memory:") == 0)
		return true;
	return stat(db->path, &st) == 0 && st.st_uid == geteuid();
}

/* A login careloop accepts in CARELOOP_USER and `careloop staff add`: [A-Za-z0-9._-], 1-63. */
bool cl_db_login_valid(const char *login)
{
	size_t n = strlen(login);

	if (n == 0 || n >= 64 || login[0] == '-')
		return false;
	return strspn(login, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       n;
}

/*
 * Who is working: the OS login of the process (its GECOS name shown), or CARELOOP_USER,
 * honoured only for the database file's owner (who could change any row with sqlite3
 * anyway): the tests and a practice's administrator trying a role out. Anyone else
 * setting it is refused, never silently ignored.
 */
static int identify_user(struct cl_db *db, struct cl_error *err)
{
	const char *as = getenv("CARELOOP_USER");
	struct passwd *pw;

	if (as && *as) {
		if (!cl_db_login_valid(as))
			return cl_error_set(
				err, CL_EINVAL,
				"CARELOOP_USER is not a login (letters, digits, . _ -)");
		if (!owns_file(db))
			return cl_error_set(
				err, CL_EPERM,
				"CARELOOP_USER is honoured only for the database file's "
				"owner: unset it");
		snprintf(db->user, sizeof(db->user), "%s", as);
		snprintf(db->user_display, sizeof(db->user_display), "%s", as);
		return CL_OK;
	}
	pw = getpwuid(geteuid());
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
	return CL_OK;
}

/* A read-only role: no statement may change the database, whoever prepares it. */
static int authorize(void *arg, int action, const char *a1, const char *a2, const char *dbname,
		     const char *trigger)
{
	(void)arg;
	(void)trigger;
	switch (action) {
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_CREATE_VIEW:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_VIEW:
	case SQLITE_ALTER_TABLE:
	case SQLITE_CREATE_VTABLE:
	case SQLITE_DROP_VTABLE:
		/* temp tables are the connection's own scratch space */
		return dbname && strcmp(dbname, "temp") == 0 ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		/* query_only keeps a read-only role's connection read-only: never turned off */
		return a1 &&
				       (strcmp(a1, "query_only") == 0 ||
					strcmp(a1, "writable_schema") == 0) &&
				       a2
			       ? SQLITE_DENY
			       : SQLITE_OK;
	default:
		return SQLITE_OK;
	}
}

static const char sql_role_powers[] =
	"SELECT may_write, manages_staff, sees_everyone, reads_audit FROM staff_role WHERE code = ?1";
static const char sql_active_supervisors[] =
	"SELECT count(*) FROM care_manager cm JOIN staff_role r ON r.code = cm.role"
	" WHERE cm.active = 1 AND r.manages_staff = 1";

/*
 * The user's role and what it may do (staff_role), refusing a deactivated account. A
 * login not registered yet is a coordinator. The file's owner, while no active supervisor
 * exists, has a supervisor's powers (bootstrap: someone must add the first supervisor). A
 * role that may not write gets query_only and the authorizer, so that no write path (a
 * new one included) gets past cl_db_begin's refusal.
 */
static int load_role(struct cl_db *db, struct cl_error *err)
{
	sqlite3_stmt *st;
	long long supervisors = 0;
	int rc = CL_OK, step;

	if (!cl_id_is_nil(&db->user_id) && !db->user_active)
		return cl_error_set(err, CL_EPERM,
				    "your account (%s) is deactivated in this database; ask a "
				    "supervisor",
				    db->user);
	if (!db->user_role[0])
		snprintf(db->user_role, sizeof(db->user_role), "coordinator");
	if (!(st = cl_db_stmt(db, sql_role_powers, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, db->user_role, err)))
		return rc;
	step = sqlite3_step(st);
	db->user_powers = 0;
	if (step == SQLITE_ROW) {
		int i;

		for (i = 0; i < 4; i++)
			if (sqlite3_column_int(st, i))
				db->user_powers |= 1u << i;
	} else if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (!(st = cl_db_stmt(db, sql_active_supervisors, err)))
		return err ? err->code : CL_EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		supervisors = sqlite3_column_int64(st, 0);
	else
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc;
	db->user_bootstrap = supervisors == 0 && owns_file(db);
	if (db->user_bootstrap)
		db->user_powers |= 1u << CL_POWER_MANAGE_STAFF | 1u << CL_POWER_SEE_EVERYONE |
				   1u << CL_POWER_READ_AUDIT;
	if (!(db->user_powers & 1u << CL_POWER_WRITE)) {
		if ((rc = cl_db_exec(db, "PRAGMA query_only = 1", err)))
			return rc;
		sqlite3_set_authorizer(db->sq, authorize, NULL);
	}
	return CL_OK;
}

bool cl_db_user_may(struct cl_db *db, enum cl_db_power power)
{
	return db->user_powers & 1u << power;
}

const char *cl_db_user_role(struct cl_db *db)
{
	return db->user_role;
}

bool cl_db_user_bootstrap(struct cl_db *db)
{
	return db->user_bootstrap;
}

int cl_db_open(const char *path, int flags, struct cl_db **out, struct cl_error *err)
{
	bool memory = strcmp(path, ":memory:") == 0;
	bool readonly = flags & CL_DB_READONLY;
	bool shared = flags & CL_DB_SHARED;
	bool create = (flags & CL_DB_CREATE) && !readonly;
	struct cl_db *db;
	struct stat st;
	int rc;

	*out = NULL;
	if (!(db = calloc(1, sizeof(*db))) || !(db->path = strdup(path))) {
		free(db);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	db->user_powers = 1u << CL_POWER_WRITE; /* migrating and registering, before the role */
	if (!memory) {
		/* Nothing is created before the filesystem and the folder are known good. */
		if ((rc = cl_db_check_local(path, err)))
			goto fail;
		if (create &&
		    ((rc = make_folder(path, flags & CL_DB_MKDIR, shared ? 02770 : 0700, err)) ||
		     (rc = create_file(path, shared ? 0660 : 0600, err))))
			goto fail;
		if ((rc = check_header(path, create, err)))
			goto fail;
		/* A clinic's group-writable file: whatever this process creates stays the group's. */
		if (stat(path, &st) == 0 && (st.st_mode & 0060) == 0060)
			umask(007);
	}
	if ((rc = cl_db_open_file(path, readonly, false, 0, -1, &db->sq, err)))
		goto fail;
	if (!cl_db_stmt(db, sql_rollback, err)) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
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
		if ((rc = migrate(db, err)) || (rc = cl_sync_ensure(db, err)))
			goto fail;
	} else if (cl_db_user_version(db) != cl_db_schema_version()) {
		rc = cl_error_set(err, CL_EVERSION,
				  "the database needs an upgrade: open it once read-write");
		goto fail;
	}
	db->writable = !readonly;
	if ((rc = identify_user(db, err)) || (rc = register_user(db, !readonly, err)) ||
	    (rc = load_role(db, err)))
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
	cl_access_close(db->access);
	for (i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].st);
	free(db->stmts);
	sqlite3_close(db->sq);
	free(db->path);
	free(db);
}

sqlite3 *cl_db_sqlite(struct cl_db *db)
{
	return db->sq;
}

const char *cl_db_path(struct cl_db *db)
{
	return db->path;
}

struct cl_access **cl_db_access_slot(struct cl_db *db)
{
	return &db->access;
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
	/* Not registered at open (a writer was busy then): now, before the id is used. */
	if (db->writable && cl_id_is_nil(&db->user_id) && cl_db_user_may(db, CL_POWER_WRITE))
		register_now(db, 5000, NULL);
	return &db->user_id;
}

/* The result of a bind: on failure no parameter of st stays bound, and err says why. */
static int bound(sqlite3_stmt *st, int rc, struct cl_error *err)
{
	if (rc == SQLITE_OK)
		return CL_OK;
	sqlite3_clear_bindings(st);
	if ((rc & 0xff) == SQLITE_NOMEM)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return cl_error_set(err, CL_EIO, "database error: %s", sqlite3_errstr(rc));
}

int cl_db_bind_text(sqlite3_stmt *st, int index, const char *text, struct cl_error *err)
{
	if (!text)
		return cl_db_bind_null(st, index, err);
	return bound(st, sqlite3_bind_text(st, index, text, -1, SQLITE_TRANSIENT), err);
}

int cl_db_bind_int(sqlite3_stmt *st, int index, long long value, struct cl_error *err)
{
	return bound(st, sqlite3_bind_int64(st, index, value), err);
}

int cl_db_bind_null(sqlite3_stmt *st, int index, struct cl_error *err)
{
	return bound(st, sqlite3_bind_null(st, index), err);
}

int cl_db_bind_blob(sqlite3_stmt *st, int index, const void *data, int size, struct cl_error *err)
{
	/* A NULL pointer would bind NULL, not an empty blob. */
	return bound(st, sqlite3_bind_blob(st, index, size ? data : "", size, SQLITE_TRANSIENT),
		     err);
}

int cl_db_bind_id(sqlite3_stmt *st, int index, const struct cl_id *id, struct cl_error *err)
{
	if (!id)
		return cl_db_bind_null(st, index, err);
	return cl_db_bind_blob(st, index, id->bytes, CL_ID_LEN, err);
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
