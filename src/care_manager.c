/* Care managers: the OS logins that coordinate care, with the names shown for them. */
#include "config.h"

#include <string.h>

#include "db_private.h"
#include "patient.h"

static const char sql_list[] = "SELECT id, login, display_name FROM care_manager WHERE active = 1"
			       " ORDER BY display_name COLLATE NOCASE, login LIMIT ?1";

int cl_care_manager_list(struct cl_db *db, struct cl_care_manager *rows, int max, int *n,
			 struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc = CL_OK, step = SQLITE_DONE;

	*n = 0;
	if (max <= 0)
		return CL_OK;
	st = cl_db_stmt(db, sql_list, err);
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_care_manager *cm = &rows[*n];

		memset(cm, 0, sizeof(*cm));
		if (cl_db_column_id(st, 0, &cm->id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a care manager has a malformed id");
			goto out;
		}
		cl_db_column_text(st, 1, cm->login, sizeof(cm->login));
		cl_db_column_text(st, 2, cm->display_name, sizeof(cm->display_name));
		(*n)++;
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
out:
	sqlite3_reset(st);
	if (rc)
		*n = 0;
	return rc;
}
