/*
 * Backups while others work, and putting one back.
 *
 * A backup is made with SQLite's online backup API: a consistent snapshot of the WAL
 * database taken in one read transaction, while others go on reading and writing (a copy
 * of the file would miss what is still in the -wal, or catch a page half written). It is
 * written to a temporary file beside the destination (mode 0600), with the access log
 * beside it, verified by opening the copy and running every check careloop check runs, and
 * only then renamed into place: a backup that exists has passed the checks.
 *
 * A restore copies a verified backup into the live database through the same API, under
 * the database's write lock, so that other careloop processes read the restored records at
 * their next step instead of writing on into a file that was swapped away underneath them.
 * What was there before is set aside first (a backup of it, in the same folder).
 */
#ifndef CL_BACKUP_H
#define CL_BACKUP_H

#include <stdbool.h>

#include "db.h"
#include "error.h"

struct cl_backup_info {
	long long pages;       /* database pages copied */
	long long audit_rows;  /* the copy's audit chain, verified */
	long long access_rows; /* the copy's access log, verified (0 when there is none) */
	bool access;	       /* the access log was copied too */
	int problems;	       /* what the copy's check found (only when not verified) */
};

/*
 * Write a backup of db to dest (a new file on a local disk; replaced only with force) and
 * dest-access (the access log, when db has one). With verify, the copy must pass every
 * check of cl_check_all or nothing is left at dest (CL_ECORRUPT, err says the first
 * problem); without, the copy is kept and info->problems counts what its check found (used
 * to set a broken database aside before a restore). Refuses a dest whose -wal holds
 * frames (an open database). info may be NULL.
 */
int cl_backup(struct cl_db *db, const char *dest, bool force, bool verify,
	      struct cl_backup_info *info, struct cl_error *err);

/*
 * Replace db's records with the backup at src: src is copied to a staging file beside db,
 * brought to this careloop's schema and checked (a backup that fails, or is not a careloop
 * database, or comes from a newer careloop, changes nothing); then, when aside is not NULL,
 * db's current records are written there (a backup, kept even if it does not pass the
 * checks); then the staged copy is written into db under its write lock. info (may be
 * NULL) describes the restored records. The access log of db is left as it is: it records
 * who looked at the records, and restoring them does not undo a look.
 */
int cl_backup_restore(struct cl_db *db, const char *src, const char *aside,
		      struct cl_backup_info *info, struct cl_error *err);

#endif
