#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access.h"
#include "backup.h"
#include "check.h"
#include "db_private.h"

/* How long a step waits for a lock it cannot have, in all (a busy writer, a checkpoint). */
enum { BUSY_TRIES = 200, BUSY_SLEEP_MS = 50 };

static int sqlite_failure(int rc, const char *doing, const char *path, struct cl_error *err)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cl_error_set(err, CL_EBUSY, "%s: the database stayed locked; try again",
				    doing);
	case SQLITE_NOMEM:
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	case SQLITE_FULL:
		return cl_error_set(err, CL_EIO, "%s: %s: disk full", doing, path);
	case SQLITE_READONLY:
		return cl_error_set(err, CL_EIO,
				    "%s: %s cannot take these pages (a different page size?)",
				    doing, path);
	default:
		return cl_error_set(err, CL_EIO, "%s: %s: %s", doing, path, sqlite3_errstr(rc));
	}
}

/* Copy the main database of from into the (new, empty, or live) database to. */
static int copy_pages(sqlite3 *from, sqlite3 *to, const char *to_path, const char *doing,
		      long long *pages, struct cl_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc, tries = 0;

	if (!b)
		return sqlite_failure(sqlite3_extended_errcode(to), doing, to_path, err);
	/*
	 * All pages in one step: one read transaction on the source, so that a writer
	 * elsewhere (who does not wait for a WAL reader) never makes the copy start over.
	 */
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (++tries > BUSY_TRIES)
			break;
		sqlite3_sleep(BUSY_SLEEP_MS);
	}
	if (pages)
		*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if ((rc & 0xff) == SQLITE_NOTADB) /* the destination is ours: the source is not one */
		return cl_error_set(err, CL_ENOTDB, "%s: the source is not a database", doing);
	if (rc != SQLITE_DONE)
		return sqlite_failure(rc, doing, to_path, err);
	return CL_OK;
}

static bool exists(const char *path);

/*
 * Copy the file at from (a plain SQLite file, opened read-only) into the new file to. What
 * the read leaves beside from (an empty -wal, a -shm) is removed when it was not there
 * before: a backup being restored is left as it was found.
 */
static int copy_file(const char *from, const char *to, long long *pages, struct cl_error *err)
{
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	sqlite3 *src = NULL, *dst = NULL;
	bool had_wal, had_shm;
	struct stat st;
	int rc;

	snprintf(wal, sizeof(wal), "%s-wal", from);
	snprintf(shm, sizeof(shm), "%s-shm", from);
	had_wal = exists(wal);
	had_shm = exists(shm);
	if ((rc = cl_db_open_file(from, true, false, 0, -1, &src, err)))
		return rc;
	if ((rc = cl_db_open_file(to, false, false, 0, -1, &dst, err)))
		goto out;
	if ((rc = copy_pages(src, dst, to, "backup", pages, err)) == CL_ENOTDB)
		cl_error_set(err, CL_ENOTDB, "%s is not a careloop database", from);
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (!had_wal && lstat(wal, &st) == 0 && st.st_size == 0)
		unlink(wal);
	if (!had_shm && !exists(wal))
		unlink(shm);
	return rc;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* path with suffix into buf; CL_EINVAL when it does not fit. */
static int with_suffix(char *buf, size_t size, const char *path, const char *suffix,
		       struct cl_error *err)
{
	int n = snprintf(buf, size, "%s%s", path, suffix);

	if (n < 0 || (size_t)n >= size)
		return cl_error_set(err, CL_EINVAL, "path too long");
	return CL_OK;
}

/* Remove path and the files SQLite and careloop keep beside it (a failed copy's leftovers). */
static void remove_copy(const char *path)
{
	static const char *const beside[] = { "",	 "-wal",	"-shm",	      "-journal",
					      "-access", "-access-wal", "-access-shm" };
	char p[PATH_MAX + 32];
	size_t i;

	for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++)
		if (snprintf(p, sizeof(p), "%s%s", path, beside[i]) < (int)sizeof(p))
			unlink(p);
}

/* What a closed SQLite file leaves beside it (an empty -wal, the -shm): not part of a copy. */
static void remove_beside(const char *path)
{
	char p[PATH_MAX + 16];

	if (snprintf(p, sizeof(p), "%s-wal", path) < (int)sizeof(p))
		unlink(p);
	if (snprintf(p, sizeof(p), "%s-shm", path) < (int)sizeof(p))
		unlink(p);
}

/* A new empty file for a copy, mode 0600, named template with its XXXXXX filled in. */
static int make_temp(char *template, struct cl_error *err)
{
	int fd = mkstemp(template);

	if (fd < 0)
		return cl_error_set(err, errno == EACCES ? CL_EPERM : CL_EIO,
				    "cannot create %s: %s", template, strerror(errno));
	close(fd);
	return CL_OK;
}

/* Flush the folder of path, so that a rename into it survives a crash. */
static void sync_folder(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if (snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path) >= (int)sizeof(dir))
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* A -wal with frames in it belongs to a database someone has open (or did not close). */
static bool wal_in_use(const char *path)
{
	char wal[PATH_MAX + 8];
	struct stat st;

	if (snprintf(wal, sizeof(wal), "%s-wal", path) >= (int)sizeof(wal))
		return true;
	return lstat(wal, &st) == 0 && st.st_size > 0;
}

/* The first problem cl_check_all finds, kept for the error; the rest are counted there. */
struct first_problem {
	char text[256];
};

static void keep_first(const char *what, const char *problem, void *arg)
{
	struct first_problem *f = arg;

	if (!f->text[0])
		snprintf(f->text, sizeof(f->text), "%s: %s", what, problem);
}

/* Open the copy at path as careloop opens a database (flags) and run every check on it. */
static int verify_copy(const char *path, int flags, struct cl_backup_info *info, bool required,
		       struct cl_error *err)
{
	struct first_problem first = { { 0 } };
	struct cl_check_summary sum;
	struct cl_db *copy;
	int rc;

	if ((rc = cl_db_open(path, flags, &copy, err)))
		return rc;
	rc = cl_check_all(copy, NULL, 0, keep_first, &first, &sum);
	cl_db_close(copy);
	info->audit_rows = sum.head.rows;
	info->access_rows = sum.access_rows;
	info->problems = sum.problems;
	if (rc && required)
		return cl_error_set(
			err, CL_ECORRUPT,
			"the copy does not pass careloop check (%d problem%s; first: %s)",
			sum.problems, sum.problems == 1 ? "" : "s", first.text);
	return CL_OK;
}

int cl_backup(struct cl_db *db, const char *dest, bool force, bool verify,
	      struct cl_backup_info *info, struct cl_error *err)
{
	struct cl_backup_info local;
	char tmp[PATH_MAX], tmp_access[PATH_MAX + 8], access[PATH_MAX + 8];
	char dest_access[PATH_MAX + 8];
	sqlite3 *dst = NULL;
	int rc;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (strcmp(cl_db_path(db), ":memory:") == 0)
		return cl_error_set(err, CL_EINVAL, "an in-memory database has no backup");
	if ((rc = with_suffix(tmp, sizeof(tmp), dest, ".tmp-XXXXXX", err)) ||
	    (rc = with_suffix(dest_access, sizeof(dest_access), dest, "-access", err)) ||
	    (rc = cl_access_path(cl_db_path(db), access, sizeof(access), err)))
		return rc;
	if (strcmp(dest, cl_db_path(db)) == 0)
		return cl_error_set(err, CL_EINVAL, "the backup would replace the database itself");
	if (!force && exists(dest))
		return cl_error_set(err, CL_EEXIST, "%s exists (--force replaces it)", dest);
	if (wal_in_use(dest))
		return cl_error_set(err, CL_EBUSY,
				    "%s is open (its -wal holds changes): close it, or choose "
				    "another name",
				    dest);
	/* The copy is opened and checked like a database: on a local disk only. */
	if ((rc = cl_db_check_local(dest, err)))
		return rc;
	if ((rc = make_temp(tmp, err)))
		return rc;
	if ((rc = cl_db_open_file(tmp, false, false, 0, -1, &dst, err)))
		goto fail;
	rc = copy_pages(cl_db_sqlite(db), dst, dest, "backup", &info->pages, err);
	sqlite3_close(dst);
	if (rc)
		goto fail;
	/* The access log beside it, when there is one, under the name a database expects. */
	if (exists(access)) {
		snprintf(tmp_access, sizeof(tmp_access), "%s-access", tmp);
		if ((rc = cl_db_open_file(tmp_access, false, true, 0600, -1, &dst, err)))
			goto fail;
		sqlite3_close(dst);
		if ((rc = copy_file(access, tmp_access, NULL, err)))
			goto fail;
		info->access = true;
	}
	if ((rc = verify_copy(tmp, CL_DB_READONLY, info, verify, err)))
		goto fail;
	/* Every connection to the copy is closed: nothing is left in a -wal. */
	remove_beside(tmp);
	if (info->access)
		remove_beside(tmp_access);
	/* Into place: the access log first, so that a database never pairs with a stale one. */
	if (info->access ? rename(tmp_access, dest_access) != 0
			 : (unlink(dest_access) != 0 && errno != ENOENT)) {
		rc = cl_error_set(err, CL_EIO, "cannot write %s: %s", dest_access, strerror(errno));
		goto fail;
	}
	if (rename(tmp, dest) != 0) {
		rc = cl_error_set(err, CL_EIO, "cannot write %s: %s", dest, strerror(errno));
		goto fail;
	}
	sync_folder(dest);
	return CL_OK;
fail:
	remove_copy(tmp);
	return rc;
}

int cl_backup_restore(struct cl_db *db, const char *src, const char *aside,
		      struct cl_backup_info *info, struct cl_error *err)
{
	struct cl_backup_info local, set_aside;
	char stage[PATH_MAX];
	sqlite3 *from = NULL;
	int rc;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (strcmp(cl_db_path(db), ":memory:") == 0)
		return cl_error_set(err, CL_EINVAL, "an in-memory database cannot be restored");
	if ((rc = with_suffix(stage, sizeof(stage), cl_db_path(db), ".restore-XXXXXX", err)))
		return rc;
	if (!exists(src))
		return cl_error_set(err, CL_ENOTFOUND, "no file %s", src);
	/*
	 * Stage: copy the backup beside the database (never changing the backup itself), bring
	 * it to this careloop's schema as an open does, and check it.
	 */
	if ((rc = make_temp(stage, err)))
		return rc;
	if ((rc = copy_file(src, stage, NULL, err)))
		goto out;
	if ((rc = verify_copy(stage, 0, info, true, err))) {
		/* The staging file's name means nothing to the reader: say which file it is. */
		if (rc == CL_ENOTDB)
			cl_error_set(err, rc, "%s is not a careloop database", src);
		else if (rc == CL_EVERSION)
			cl_error_set(err, rc, "%s was made by a newer careloop", src);
		else if (rc == CL_ECORRUPT && err) {
			char why[sizeof(err->message)];

			snprintf(why, sizeof(why), "%s", err->message);
			cl_error_set(err, rc, "%s: %s", src, why);
		}
		goto out;
	}
	if (aside && (rc = cl_backup(db, aside, false, false, &set_aside, err)))
		goto out;
	if ((rc = cl_db_open_file(stage, true, false, 0, -1, &from, err)))
		goto out;
	rc = copy_pages(from, cl_db_sqlite(db), cl_db_path(db), "restore", &info->pages, err);
out:
	sqlite3_close(from);
	remove_copy(stage);
	return rc;
}
