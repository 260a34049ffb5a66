/* `careloop import WHAT FILE.csv`: one dispatch table of importers sharing their options. */
#ifndef CL_CLI_IMPORT_H
#define CL_CLI_IMPORT_H

#include <stdbool.h>

#include "db.h"
#include "error.h"
#include "import.h"
#include "patient_import.h"

/*
 * A core importer: reads path into db as cl_import_csv does (all or nothing, dry run,
 * skip_bad with a reject file). cl_org_import is one.
 */
typedef int cli_importer_fn(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			    struct cl_import_result *res, struct cl_error *err);

/* `careloop import patients` (cli_panel.c): what it adds to the options of every import. */
/*
 * The bad rows of an import on stderr: the first CLI_BAD_ROWS_SHOWN by line and column, the
 * rest counted (a file wrong throughout would print a line a row) and said once at the end.
 */
#define CLI_BAD_ROWS_SHOWN 50
struct cli_bad_rows {
	const char *file;
	long shown, hidden;
};
void cli_bad_row(struct cli_bad_rows *bad, const struct cl_error *err);
void cli_bad_rows_hidden(const struct cli_bad_rows *bad, bool skip_bad);

struct cli_panel_args {
	bool inactivate_missing;
	bool yes; /* mark them inactive without asking (no terminal to ask on) */
};

/* cli_panel_import's return when the person answered no: nothing was changed. */
#define CLI_PANEL_DECLINED (-1)

/*
 * Import the panel in file (cl_patient_import) with opt and args: a dry run prints each change
 * on stdout; with inactivate_missing on a terminal (no --yes), checks the file, asks
 * "Mark N patients inactive? [y/N]" and imports only on yes (else CLI_PANEL_DECLINED).
 * Bad rows and the columns not imported go to stderr, a progress bar too when it is a
 * terminal. Returns cl_patient_import's code.
 */
int cli_panel_import(struct cl_db *db, const char *file, const struct cl_import_options *opt,
		     const struct cli_panel_args *args, struct cl_panel_result *res,
		     struct cl_error *err);

/* The summary line on stdout: "patients: N rows: added N, updated N, unchanged N, …". */
void cli_panel_summary(const struct cl_panel_result *res, const struct cl_import_options *opt,
		       const struct cli_panel_args *args, const char *rejects);

#endif
