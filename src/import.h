/*
 * CSV imports, all or nothing: a header row names the columns, every data row is checked
 * and stored inside ONE transaction, and unless every row is good nothing is kept (or, with
 * skip_bad, the good rows are kept and the bad ones written to a reject file). A dry run
 * checks everything (the database too: duplicates) and keeps nothing.
 * Each kind of record (organizations, screenings, …) supplies a struct cl_import_ops.
 */
#ifndef CL_IMPORT_H
#define CL_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "csv.h"
#include "db.h"
#include "error.h"

/* The column an import adds to its reject file (and ignores when it reads one back). */
#define CL_IMPORT_REJECT_COLUMN "reject_reason"

/* One data row as the ops see it: values in the order of ops->columns. */
struct cl_import_row {
	const char *const *values; /* NULL when the file has no such column */
	long line;		   /* physical line where the record starts */
};

struct cl_import_ops {
	const char *what;	     /* "organizations", for messages */
	const char *const *columns;  /* known column names, NULL-terminated */
	const char *const *required; /* columns the header must have, NULL-terminated */
	/*
	 * Check and store one row (inside the import's transaction; a savepoint undoes a
	 * failed row). On error set err->field to the column name at fault (or "" for the
	 * whole row): the import adds that cell's line and column.
	 */
	int (*row)(struct cl_db *db, const struct cl_import_row *row, void *arg,
		   struct cl_error *err);
	void *arg;
};

struct cl_import_options {
	bool dry_run;
	bool skip_bad; /* keep the good rows; bad ones go to rejects */
	FILE *rejects; /* with skip_bad: header + bad rows + reject_reason column; may be NULL */
	/* Called for each bad row (err has line, column, field and message). May be NULL. */
	void (*bad_row)(const struct cl_error *err, void *arg);
	void *arg;
};

struct cl_import_result {
	long rows;     /* data rows read */
	long imported; /* rows stored (or, in a dry run, that would be) */
	long rejected; /* bad rows */
};

/*
 * Import path with ops. Returns 0 when the import is kept (all rows good, or skip_bad),
 * CL_EINVAL when bad rows (or bad CSV, or a bad header) left the database unchanged —
 * err names the first problem with its line and column; other codes for I/O and database
 * failures (nothing changed). res (may be NULL) gets the counts either way.
 * CSV syntax errors (an unterminated quote…) stop the import even with skip_bad.
 */
int cl_import_csv(struct cl_db *db, const char *path, const struct cl_import_ops *ops,
		  const struct cl_import_options *opt, struct cl_import_result *res,
		  struct cl_error *err);

/* As cl_import_csv over an open reader (tests). The reader is not closed. */
int cl_import_reader(struct cl_db *db, struct cl_csv_reader *in, const struct cl_import_ops *ops,
		     const struct cl_import_options *opt, struct cl_import_result *res,
		     struct cl_error *err);

#endif
