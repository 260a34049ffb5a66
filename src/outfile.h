/*
 * Files careloop is asked to create (an import's reject file; exports later). careloop
 * never opens an existing file for writing unless told to replace it (force), never writes
 * through a symbolic link, never writes over the files it must not touch (the database,
 * its -wal, -shm and -journal, the file being imported: compared by device and inode, and
 * by name for those that do not exist yet), and only ever removes a file it created itself.
 *
 * Without force the file is created with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600. With force
 * the data goes to a new temporary file (0600) in the same folder, renamed over the old
 * one at commit: the old file is untouched until the new one is complete, and a discarded
 * output leaves it as it was.
 */
#ifndef CL_OUTFILE_H
#define CL_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

/* A file the output must not be: path (need not exist) and what to call it in messages. */
struct cl_outfile_guard {
	const char *path;
	const char *what; /* "the database", "the file being imported" */
};

struct cl_outfile {
	FILE *f;	 /* write here between cl_outfile_open and commit or discard */
	char path[4096]; /* the file asked for */
	char tmp[4096];	 /* with force: the temporary file beside it, else "" */
	dev_t dev;	 /* of the file created (path or tmp) */
	ino_t ino;
};

/*
 * Create path for writing (see above). guards: an array ended by { NULL, NULL } (may be
 * NULL). Errors: CL_EEXIST when path exists and !force; CL_EPERM when path is a symbolic
 * link, not a regular file, or one of the guards (err names which); CL_EIO (system error)
 * or CL_ENOMEM otherwise. On error nothing was created and o->f is NULL.
 */
int cl_outfile_open(struct cl_outfile *o, const char *path, bool force,
		    const struct cl_outfile_guard *guards, struct cl_error *err);

/*
 * Finish: flush, sync, close and (with force) rename the temporary file over path. On
 * error the temporary file is removed, and path is as it was (CL_EIO).
 */
int cl_outfile_commit(struct cl_outfile *o, struct cl_error *err);

/*
 * Give up: close, and remove what cl_outfile_open created (only if the name still holds
 * that very file). An existing file replaced with force is left as it was. o may be unopened.
 */
void cl_outfile_discard(struct cl_outfile *o);

#endif
