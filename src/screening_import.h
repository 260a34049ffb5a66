/*
 * Paper screening forms entered in bulk: `careloop import screenings FILE.csv`.
 *
 * One row per screening. The header names the columns: mrn, date (YYYY-MM-DD or MM/DD/YYYY),
 * instrument (its code, "ahc-hrsn"), optionally declined (yes/no) and language (en/es), then
 * one column per question, named by the question's code (its LOINC code, "71802-3") or
 * "q<number>" ("q1"), holding the answer code ("LA31993-1"); several codes separated by ';'
 * for a multiple-choice question; empty when not answered. Each row is scored by the same
 * engine and saved by the same code as a screening made in the interface (status completed,
 * partial or declined; an audit "import" row each).
 *
 * All or nothing: every row is checked, and unless every row is good nothing is kept. Every bad
 * cell is reported with the PHYSICAL line where it starts and its column number (1 = the
 * first column of the row), never with its contents (no PHI in messages).
 */
#ifndef CL_SCREENING_IMPORT_H
#define CL_SCREENING_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "db.h"
#include "error.h"
#include "import.h"

struct cl_screening_import_result {
	long rows;			/* data rows read */
	long saved;			/* screenings saved (a dry run: that would be saved) */
	long errors;			/* bad cells and rows reported */
	long bad_rows;			/* rows with at least one error */
	enum cl_import_outcome outcome; /* why it ended (import.h) */
};

/* Called once per problem: err has line, column (0 for a whole row), field and message. */
typedef void (*cl_screening_import_error_fn)(const struct cl_error *err, void *arg);

/*
 * Import the CSV file at path ("-" reads standard input). dry_run checks everything (the
 * database too: unknown MRNs, screenings already saved) and keeps nothing. Returns 0 when
 * every row is good (and saved unless dry_run); CL_EINVAL when the file has problems — each
 * is passed to on_error (may be NULL), err holds the first, nothing is saved; other codes for
 * I/O and database failures (nothing saved). res (may be NULL) gets the counts.
 */
int cl_screening_import(struct cl_db *db, const char *path, bool dry_run,
			cl_screening_import_error_fn on_error, void *arg,
			struct cl_screening_import_result *res, struct cl_error *err);

/* As cl_screening_import over an open stream (not closed). */
int cl_screening_import_stream(struct cl_db *db, FILE *in, bool dry_run,
			       cl_screening_import_error_fn on_error, void *arg,
			       struct cl_screening_import_result *res, struct cl_error *err);

/*
 * The same import behind `careloop import screenings` (cli_import.c's table, the shape of
 * cl_import_csv): opt->dry_run and opt->bad_row are honoured; opt->skip_bad is refused
 * (CL_EINVAL: screenings are all or nothing). res->rejected counts bad rows.
 */
int cl_screening_import_csv(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			    struct cl_import_result *res, struct cl_error *err);

#endif
