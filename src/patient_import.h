/*
 * The practice's panel from its EHR: `careloop import patients FILE.csv`, on the import
 * engine (import.h) as every CSV import is: every problem of a row reported at its line and
 * spreadsheet column, all or nothing (or --skip-bad with a reject file), one transaction.
 *
 * The columns are the patient fields (cl_patient_fields: mrn, given_name, family_name,
 * birth_date, sex, language, phone, …), each also known by the names EHR exports give it
 * ("MRN", "Patient ID", "DOB", "Date of Birth", "Last Name", "Sex at birth", "Home Phone",
 * …): header names are compared with case, spaces and punctuation ignored. mrn, given_name,
 * family_name and birth_date are required. A column that is no patient field is not
 * imported and is told (ignored_column), never refused. Dates are YYYY-MM-DD, MM/DD/YYYY,
 * M/D/YYYY or M/D/YY (cl_date_parse_file: a two-digit birth year that would put the birth
 * after today is in the previous century). Phones are US numbers of 10 digits.
 *
 * A row whose MRN a patient has updates that patient (only what differs; each changed field
 * told to changed), a new MRN adds a patient (active, low risk, unassigned unless the file
 * says otherwise), a row that changes nothing is counted unchanged. An empty cell clears an
 * optional field and keeps a field that cannot be empty (sex, language, payer, risk tier,
 * status). Two rows with one MRN are a bad row (the second, naming the first's line).
 *
 * A new patient (a new MRN) with the name and birth date, or the phone and birth date, of a
 * patient in the registry (cl_patient_duplicates) is a possible duplicate: added all the
 * same (a warning, never a refusal: two people can share a name and a birthday), counted,
 * and told to duplicate. Merge the pair afterwards if it is one person (cl_patient_merge).
 *
 * With inactivate_missing the file is the whole panel: every active patient whose MRN is not
 * in it is marked inactive, and an inactive patient in it is active again (a deceased one
 * stays deceased). It is refused when a --skip-bad run rejected rows (a partial panel must
 * not inactivate anyone).
 */
#ifndef CL_PATIENT_IMPORT_H
#define CL_PATIENT_IMPORT_H

#include <stdbool.h>

#include "db.h"
#include "error.h"
#include "import.h"
#include "merge.h"

/* One field of one patient that the import changes (or, in a dry run, would change). */
struct cl_patient_change {
	long line;	    /* the row's line; 0 for a patient not in the file (inactivated) */
	const char *mrn;    /* the patient's */
	const char *field;  /* its key ("phone") */
	const char *label;  /* "Phone" */
	const char *before; /* as stored, "" when empty */
	const char *after;  /* as it will be */
};

struct cl_panel_options {
	struct cl_import_options import; /* dry run, skip_bad, rejects, bad_row (import.h) */
	bool inactivate_missing;
	/*
	 * With inactivate_missing: the number of patients a person confirmed would be marked
	 * inactive (after a dry run); another number refuses the import (CL_ECONFLICT: the
	 * database changed since). -1: no such check.
	 */
	long expect_inactivate;
	const char *today; /* YYYY-MM-DD for two-digit years; NULL: cl_date_today */
	/* Each changed field (may be NULL); also for each patient marked inactive. */
	void (*changed)(const struct cl_patient_change *change, void *arg);
	/* Each column that is no patient field: err says where ("line 1, column F: …"). */
	void (*ignored_column)(const struct cl_error *err, void *arg);
	/*
	 * A new patient at line that may duplicate other, a patient already in the registry
	 * (may be NULL): mrn is the new row's.
	 */
	void (*duplicate)(long line, const char *mrn, const struct cl_duplicate *other, void *arg);
	/* After each data row: the rows read so far (may be NULL). */
	void (*progress)(long rows, void *arg);
	void *arg; /* for changed, duplicate, ignored_column and progress */
};

struct cl_panel_result {
	struct cl_import_result rows; /* as every import's (import.h) */
	long added, updated, unchanged, inactivated;
	long duplicates; /* of the added: possible duplicates of a patient there before */
};

/*
 * Import the panel at path as cl_import_csv does (see import.h for the outcome, the return
 * code and err). res (may be NULL) gets the counts; they mean something when it returns 0.
 */
int cl_patient_import(struct cl_db *db, const char *path, const struct cl_panel_options *opt,
		      struct cl_panel_result *res, struct cl_error *err);

/* cl_patient_import with opt alone (no inactivation), in the shape of every importer. */
int cl_patient_import_csv(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			  struct cl_import_result *res, struct cl_error *err);

/*
 * The patient field (a key of cl_patient_fields) a CSV header name stands for: its key
 * or one of its other names, case, spaces and punctuation ignored ("Date of Birth" →
 * "birth_date"); NULL when none.
 */
const char *cl_patient_import_column(const char *name);

/*
 * The other names of field key, NULL-terminated (for the manual and --help); NULL when
 * it has none.
 */
const char *const *cl_patient_import_aliases(const char *key);

#endif
