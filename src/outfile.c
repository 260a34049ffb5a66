#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* Split path into its folder ("." when none) and last name. false when too long. */
static bool split(const char *path, char *dir, size_t dsize, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		*base = path;
		return snprintf(dir, dsize, ".") < (int)dsize;
	}
	*base = slash + 1;
	if (slash == path)
		return snprintf(dir, dsize, "/") < (int)dsize;
	return snprintf(dir, dsize, "%.*s", (int)(slash - path), path) < (int)dsize;
}

/* path with its folder resolved (the last name as written), or false. */
static bool canonical(const char *path, char *out, size_t size)
{
	char dir[4096], real[PATH_MAX];
	const char *base;

	if (!split(path, dir, sizeof(dir), &base) || !realpath(dir, real))
		return false;
	return snprintf(out, size, "%s/%s", real, base) < (int)size;
}

/* Is the file at path (lstat: st) one of the guards? Returns the guard or NULL. */
static const struct cl_outfile_guard *guarded(const char *path, const struct stat *st,
					      const struct cl_outfile_guard *guards)
{
	char a[PATH_MAX + 256], b[PATH_MAX + 256];
	bool have_a = false;

	for (; guards && guards->path; guards++) {
		struct stat g;

		if (st && stat(guards->path, &g) == 0 && g.st_dev == st->st_dev &&
		    g.st_ino == st->st_ino)
			return guards;
		/* A guard that does not exist yet (a -journal, a -wal) is compared by name. */
		if (!have_a)
			have_a = canonical(path, a, sizeof(a));
		if (have_a && canonical(guards->path, b, sizeof(b)) && strcmp(a, b) == 0)
			return guards;
	}
	return NULL;
}

static int sys_error(struct cl_error *err, const char *what)
{
	return cl_error_set(err, errno == ENOMEM ? CL_ENOMEM : CL_EIO, "%s: %s", what,
			    strerror(errno));
}

int cl_outfile_open(struct cl_outfile *o, const char *path, bool force,
		    const struct cl_outfile_guard *guards, struct cl_error *err)
{
	const struct cl_outfile_guard *g;
	struct stat st;
	bool exists;
	int fd = -1;

	memset(o, 0, sizeof(*o));
	if (snprintf(o->path, sizeof(o->path), "%s", path) >= (int)sizeof(o->path))
		return cl_error_set(err, CL_EIO, "the path is too long");
	exists = lstat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		return sys_error(err, "cannot check the path");
	if ((g = guarded(path, exists ? &st : NULL, guards)))
		return cl_error_set(err, CL_EPERM, "is %s: refused", g->what);
	if (exists && S_ISLNK(st.st_mode))
		return cl_error_set(err, CL_EPERM,
				    "is a symbolic link: refused (give the real path)");
	if (exists && !S_ISREG(st.st_mode))
		return cl_error_set(err, CL_EPERM, "is not a regular file: refused");
	if (exists && !force)
		return cl_error_set(err, CL_EEXIST, "already exists (--force replaces it)");
	if (force) {
		char dir[4096];
		const char *base;

		if (!split(path, dir, sizeof(dir), &base) ||
		    snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.XXXXXX", dir, base) >=
			    (int)sizeof(o->tmp))
			return cl_error_set(err, CL_EIO, "the path is too long");
		fd = mkstemp(o->tmp); /* O_EXCL, mode 0600 */
		if (fd < 0) {
			o->tmp[0] = '\0';
			return sys_error(err, "cannot create a temporary file beside it");
		}
	} else {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno == EEXIST)
			return cl_error_set(err, CL_EEXIST, "already exists (--force replaces it)");
		if (fd < 0)
			return sys_error(err, "cannot create");
	}
	/* 0600 whatever the umask: rejected rows and exports hold patient data. */
	if (fchmod(fd, 0600) != 0 || fstat(fd, &st) != 0 || !(o->f = fdopen(fd, "w"))) {
		int rc = sys_error(err, "cannot create");

		close(fd);
		unlink(o->tmp[0] ? o->tmp : path); /* just created by us with O_EXCL */
		o->tmp[0] = '\0';
		return rc;
	}
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	return CL_OK;
}

/* Remove name if it still is the file we created. */
static void remove_ours(const struct cl_outfile *o, const char *name)
{
	struct stat st;

	if (lstat(name, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == o->dev &&
	    st.st_ino == o->ino)
		unlink(name);
}

static void sync_folder(const char *path)
{
	char dir[4096];
	const char *base;
	int fd;

	if (!split(path, dir, sizeof(dir), &base))
		return;
	fd = open(dir, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd); /* best effort: the rename is done either way */
		close(fd);
	}
}

int cl_outfile_commit(struct cl_outfile *o, struct cl_error *err)
{
	int rc = CL_OK;

	if (!o->f)
		return cl_error_set(err, CL_EIO, "not open");
	if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0)
		rc = sys_error(err, "cannot write");
	if (fclose(o->f) != 0 && !rc)
		rc = sys_error(err, "cannot write");
	o->f = NULL;
	if (!rc && o->tmp[0] && rename(o->tmp, o->path) != 0)
		rc = sys_error(err, "cannot replace it");
	if (rc) {
		remove_ours(o, o->tmp[0] ? o->tmp : o->path);
		return rc;
	}
	if (o->tmp[0])
		sync_folder(o->path);
	o->tmp[0] = '\0';
	return CL_OK;
}

void cl_outfile_discard(struct cl_outfile *o)
{
	if (!o->f)
		return;
	fclose(o->f);
	o->f = NULL;
	remove_ours(o, o->tmp[0] ? o->tmp : o->path);
	o->tmp[0] = '\0';
}
