/*
 * Paper screening forms entered in bulk: `careloop import screenings FILE.csv`, on the import
 * engine (import.h) as every CSV import is: every problem of a row reported at its line and
 * spreadsheet column, dry run, --skip-bad with a reject file, one transaction.
 *
 * One row per screening. The header names the columns: mrn, date (YYYY-MM-DD or MM/DD/YYYY),
 * instrument (its code, "ahc-hrsn"), optionally declined (yes/no) and language (en/es), then
 * one column per question, named by the data: the question's code (its LOINC code,
 * "71802-3") or "q<number>" ("q1"), holding the answer code ("LA31993-1"); several codes
 * separated by ';' for a multiple-choice question; empty when not answered. A column that is
 * no instrument's question, or a question under two names, is a header error. Each row is
 * scored by the same engine and saved by the same code as a screening made in the interface
 * (status completed, partial or declined; an audit "import" row each). A screening the
 * patient already has (same instrument, same date) is refused, so a file imported twice
 * adds nothing.
 */
#ifndef CL_SCREENING_IMPORT_H
#define CL_SCREENING_IMPORT_H

#include "db.h"
#include "error.h"
#include "import.h"

/* Import the CSV file at path as cl_import_csv does (see import.h for opt, res and err). */
int cl_screening_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			struct cl_import_result *res, struct cl_error *err);

#endif
