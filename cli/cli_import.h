/* `careloop import WHAT FILE.csv`: one dispatch table of importers sharing their options. */
#ifndef CL_CLI_IMPORT_H
#define CL_CLI_IMPORT_H

#include "db.h"
#include "error.h"
#include "import.h"

/*
 * A core importer: reads path into db as cl_import_csv does (all or nothing, dry run,
 * skip_bad with a reject file). cl_org_import is one.
 */
typedef int cli_importer_fn(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			    struct cl_import_result *res, struct cl_error *err);

#endif
