/*
 * The chronic registry's imports, on the shared CSV engine (import.h: all or nothing, line
 * and column errors, dry run, skip_bad with a reject file):
 * - `careloop import results FILE.csv`: columns MRN, date, LOINC code, value, unit (a
 *   header row names them; also "Patient MRN", "Result Date", "Code", "Result", "Units").
 *   Codes: 8480-6 systolic and 8462-4 diastolic blood pressure (mmHg or mm[Hg]), 4548-4
 *   A1c (%); an empty unit is taken as the code's. Each row is one result; the same
 *   result (patient, day, code, value) imported again adds nothing (a duplicate).
 * - `careloop import conditions FILE.csv`: columns MRN, code (ICD-10-CM or SNOMED CT),
 *   and optionally code system (ICD-10-CM, SNOMED), onset date, status (active, resolved).
 *   A code careloop has no kind for is a bad cell. A condition the chart has already with
 *   the same status, onset and code changes nothing.
 * A row whose MRN is no patient's is not an error: it is counted (never named).
 */
#ifndef CL_CHRONIC_IMPORT_H
#define CL_CHRONIC_IMPORT_H

#include "db.h"
#include "error.h"
#include "import.h"

struct cl_chronic_import_result {
	struct cl_import_result base; /* rows, rejected, outcome (imported: rows taken) */
	long added;		      /* results or conditions stored (dry run: would be) */
	long duplicates;	      /* imported before, or twice in the file */
	long unmatched;		      /* rows whose MRN is no patient's */
};

/* Import results or conditions from path: returns as cl_import_csv. */
int cl_result_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
		     struct cl_chronic_import_result *res, struct cl_error *err);
int cl_condition_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			struct cl_chronic_import_result *res, struct cl_error *err);

/* As above over an open reader (tests). */
int cl_result_import_reader(struct cl_db *db, struct cl_csv_reader *in,
			    const struct cl_import_options *opt,
			    struct cl_chronic_import_result *res, struct cl_error *err);
int cl_condition_import_reader(struct cl_db *db, struct cl_csv_reader *in,
			       const struct cl_import_options *opt,
			       struct cl_chronic_import_result *res, struct cl_error *err);

#endif
