/* The registry's CSV imports: results and conditions (see chronic_import.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronic.h"
#include "chronic_import.h"
#include "db_private.h"
#include "patient.h"
#include "text.h"

/* One import's state. */
struct run {
	struct cl_chronic_import_result *res;
	char today[CL_DATE_LEN];
};

/* Another name of a column, folded (cl_text_fold), and the column it means. */
struct alias {
	const char *folded;
	int column;
};

static int alias_of(const struct alias *aliases, const char *name)
{
	char folded[64];

	cl_text_fold(name, folded, sizeof(folded));
	for (; aliases->folded; aliases++)
		if (strcmp(aliases->folded, folded) == 0)
			return aliases->column;
	return -1;
}

/* Cell c of row, trimmed, into buf; false when it does not fit. */
static bool cell(const struct cl_import_row *row, int c, char *buf, size_t size)
{
	const char *text = row->values[c];
	size_t len;

	buf[0] = '\0';
	if (!text)
		return true;
	text += strspn(text, " \t\r\n");
	len = strlen(text);
	while (len && strchr(" \t\r\n", text[len - 1]))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

/* The patient of mrn; *found false (and the row counted as unmatched) when there is none. */
static int patient_of(struct cl_db *db, struct run *run, const char *mrn, struct cl_id *id,
		      bool *found, struct cl_error *err)
{
	struct cl_error why = { 0 };
	struct cl_patient p;
	int rc = cl_patient_by_mrn(db, mrn, &p, &why);

	*found = false;
	if (rc == CL_ENOTFOUND || rc == CL_EINVAL) {
		run->res->unmatched++;
		return CL_OK;
	}
	if (rc) {
		*err = why;
		return rc;
	}
	*id = p.id;
	*found = true;
	return CL_OK;
}

static int finish_counts(int rc, const struct cl_import_result *r, struct run *run)
{
	run->res->base = *r;
	if (rc || r->outcome != CL_IMPORT_DONE)
		run->res->added = run->res->duplicates = run->res->unmatched = 0;
	return rc;
}

/* ---- results ---- */

enum { R_MRN, R_DATE, R_LOINC, R_VALUE, R_UNIT };
static const char *const result_columns[] = { "mrn", "date", "loinc", "value", "unit", NULL };
static const char *const result_required[] = { "mrn", "date", "loinc", "value", NULL };
static const struct alias result_aliases[] = {
	{ "patientmrn", R_MRN },
	{ "medicalrecordnumber", R_MRN },
	{ "resultdate", R_DATE },
	{ "observationdate", R_DATE },
	{ "effectivedate", R_DATE },
	{ "loinccode", R_LOINC },
	{ "code", R_LOINC },
	{ "result", R_VALUE },
	{ "resultvalue", R_VALUE },
	{ "units", R_UNIT },
	{ NULL, 0 },
};

static int result_alias(const char *name, void *arg)
{
	(void)arg;
	return alias_of(result_aliases, name);
}

/* Does unit (trimmed, may be "") fit loinc? */
static bool unit_fits(const char *loinc, const char *unit)
{
	char folded[32];

	if (!unit[0])
		return true;
	if (strcmp(loinc, CL_LOINC_A1C) == 0)
		return strcmp(unit, "%") == 0 ||
		       (cl_text_fold(unit, folded, sizeof(folded)), strcmp(folded, "percent") == 0);
	cl_text_fold(unit, folded, sizeof(folded));
	return strcmp(folded, "mmhg") == 0;
}

static int result_row(struct cl_db *db, const struct cl_import_row *row, void *arg,
		      struct cl_error *err)
{
	struct run *run = arg;
	char mrn[64], date[40], loinc[32], value[32], unit[32], day[CL_DATE_LEN], *end;
	struct cl_error why = { 0 };
	double v = 0, min = 0, max = 0;
	struct cl_id patient;
	int problems = 0, rc;
	bool found, added, code_ok = false;

	if (!cell(row, R_MRN, mrn, sizeof(mrn)))
		problems += !!cl_import_problem(row, "mrn", "is too long");
	else if (!mrn[0])
		problems += !!cl_import_problem(row, "mrn", "is empty");
	if (!cell(row, R_DATE, date, sizeof(date)) || !date[0] ||
	    cl_date_parse_file(date, run->today, CL_DATE_NEAR, day, &why))
		problems += !!cl_import_problem(row, "date",
						"must be a date (YYYY-MM-DD or MM/DD/YYYY)");
	else if (strcmp(day, run->today) > 0)
		problems += !!cl_import_problem(row, "date", "is in the future");
	if (!cell(row, R_LOINC, loinc, sizeof(loinc)) || !cl_result_range(loinc, &min, &max))
		problems += !!cl_import_problem(
			row, "loinc",
			"is not a code careloop records (8480-6 systolic, 8462-4 diastolic, "
			"4548-4 A1c)");
	else
		code_ok = true;
	if (!cell(row, R_VALUE, value, sizeof(value)) || !value[0] ||
	    (v = strtod(value, &end), *end) || strspn(value, "0123456789.") != strlen(value))
		problems += !!cl_import_problem(row, "value", "must be a number");
	else if (code_ok && (v < min || v > max))
		problems += !!cl_import_problem(row, "value",
						strcmp(loinc, CL_LOINC_A1C) == 0
							? "must be from 3.0 to 20.0 (%)"
							: "is out of range for a blood pressure");
	if (!cell(row, R_UNIT, unit, sizeof(unit)) || (code_ok && !unit_fits(loinc, unit)))
		problems += !!cl_import_problem(row, "unit",
						code_ok && strcmp(loinc, CL_LOINC_A1C) == 0
							? "must be % for an A1c"
							: "must be mmHg for a blood pressure");
	if (problems)
		return CL_EINVAL;
	if ((rc = patient_of(db, run, mrn, &patient, &found, err)) || !found)
		return rc;
	if ((rc = cl_result_store(db, &patient, day, loinc, v, true, &added, err)))
		return rc == CL_EINVAL ? cl_import_problem(row, "value", err->message) : rc;
	if (added)
		run->res->added++;
	else
		run->res->duplicates++;
	return CL_OK;
}

int cl_result_import_reader(struct cl_db *db, struct cl_csv_reader *in,
			    const struct cl_import_options *opt,
			    struct cl_chronic_import_result *res, struct cl_error *err)
{
	struct run run = { .res = res };
	const struct cl_import_ops ops = {
		.what = "results",
		.columns = result_columns,
		.required = result_required,
		.row = result_row,
		.column_alias = result_alias,
		.atomic_rows = true,
		.arg = &run,
	};
	struct cl_import_result r = { 0 };

	memset(res, 0, sizeof(*res));
	cl_date_today(run.today);
	return finish_counts(cl_import_reader(db, in, &ops, opt, &r, err), &r, &run);
}

int cl_result_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
		     struct cl_chronic_import_result *res, struct cl_error *err)
{
	struct cl_csv_reader *in;
	int rc;

	memset(res, 0, sizeof(*res));
	res->base.outcome = CL_IMPORT_FAILED;
	if ((rc = cl_csv_open(path, &in, err)))
		return rc;
	rc = cl_result_import_reader(db, in, opt, res, err);
	cl_csv_close(in);
	return rc;
}

/* ---- conditions ---- */

enum { C_MRN, C_CODE, C_SYSTEM, C_ONSET, C_STATUS };
static const char *const condition_columns[] = { "mrn",	       "code",	 "code_system",
						 "onset_date", "status", NULL };
static const char *const condition_required[] = { "mrn", "code", NULL };
static const struct alias condition_aliases[] = {
	{ "patientmrn", C_MRN },
	{ "medicalrecordnumber", C_MRN },
	{ "diagnosiscode", C_CODE },
	{ "icd10code", C_CODE },
	{ "snomedcode", C_CODE },
	{ "codesystem", C_SYSTEM },
	{ "system", C_SYSTEM },
	{ "onset", C_ONSET },
	{ "onsetdate", C_ONSET },
	{ "clinicalstatus", C_STATUS },
	{ NULL, 0 },
};

static int condition_alias(const char *name, void *arg)
{
	(void)arg;
	return alias_of(condition_aliases, name);
}

/* "ICD-10-CM", "ICD10", "SNOMED CT", "SCT", "" → "icd10cm", "snomed", ""; NULL when unknown. */
static const char *system_of(const char *text)
{
	char folded[32];

	cl_text_fold(text, folded, sizeof(folded));
	if (!folded[0])
		return "";
	if (strcmp(folded, "icd10cm") == 0 || strcmp(folded, "icd10") == 0 ||
	    strcmp(folded, "icd") == 0)
		return "icd10cm";
	if (strcmp(folded, "snomedct") == 0 || strcmp(folded, "snomed") == 0 ||
	    strcmp(folded, "sct") == 0)
		return "snomed";
	return NULL;
}

static int condition_row(struct cl_db *db, const struct cl_import_row *row, void *arg,
			 struct cl_error *err)
{
	struct run *run = arg;
	const struct cl_condition_kind *kind = NULL;
	char mrn[64], code[32], sys[32], onset[40], status[32];
	const char *system = "";
	struct cl_error why = { 0 };
	struct cl_condition c;
	int problems = 0, rc;
	bool found, changed;

	cl_condition_init(&c, NULL);
	if (!cell(row, C_MRN, mrn, sizeof(mrn)))
		problems += !!cl_import_problem(row, "mrn", "is too long");
	else if (!mrn[0])
		problems += !!cl_import_problem(row, "mrn", "is empty");
	if (!cell(row, C_SYSTEM, sys, sizeof(sys)) || !(system = system_of(sys)))
		problems +=
			!!cl_import_problem(row, "code_system", "must be ICD-10-CM or SNOMED CT");
	if (!cell(row, C_CODE, code, sizeof(code)) || !code[0] ||
	    cl_condition_field_set(&c, "code", code, &why))
		problems +=
			!!cl_import_problem(row, "code", "must be an ICD-10-CM or SNOMED CT code");
	else if (system && !(kind = cl_condition_kind_of_code(system, code)))
		problems += !!cl_import_problem(
			row, "code", "is not a chronic condition careloop keeps (see careloop(1))");
	if (!cell(row, C_ONSET, onset, sizeof(onset)) ||
	    (onset[0] && cl_condition_field_set(&c, "onset_date", onset, &why)))
		problems += !!cl_import_problem(row, "onset_date",
						"must be a date (YYYY-MM-DD or MM/DD/YYYY), "
						"not in the future");
	if (!cell(row, C_STATUS, status, sizeof(status)) ||
	    (status[0] && cl_condition_field_set(&c, "status", status, &why)))
		problems += !!cl_import_problem(row, "status", "must be active or resolved");
	if (problems)
		return CL_EINVAL;
	if ((rc = patient_of(db, run, mrn, &c.patient_id, &found, err)) || !found)
		return rc;
	snprintf(c.kind, sizeof(c.kind), "%s", kind->code);
	snprintf(c.code_system, sizeof(c.code_system), "%s", system);
	if ((rc = cl_condition_store(db, &c, true, &changed, err)))
		return rc == CL_EINVAL ? cl_import_problem(row, "code", err->message) : rc;
	if (changed)
		run->res->added++;
	else
		run->res->duplicates++;
	return CL_OK;
}

int cl_condition_import_reader(struct cl_db *db, struct cl_csv_reader *in,
			       const struct cl_import_options *opt,
			       struct cl_chronic_import_result *res, struct cl_error *err)
{
	struct run run = { .res = res };
	const struct cl_import_ops ops = {
		.what = "conditions",
		.columns = condition_columns,
		.required = condition_required,
		.row = condition_row,
		.column_alias = condition_alias,
		.atomic_rows = true,
		.arg = &run,
	};
	struct cl_import_result r = { 0 };

	memset(res, 0, sizeof(*res));
	cl_date_today(run.today);
	return finish_counts(cl_import_reader(db, in, &ops, opt, &r, err), &r, &run);
}

int cl_condition_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			struct cl_chronic_import_result *res, struct cl_error *err)
{
	struct cl_csv_reader *in;
	int rc;

	memset(res, 0, sizeof(*res));
	res->base.outcome = CL_IMPORT_FAILED;
	if ((rc = cl_csv_open(path, &in, err)))
		return rc;
	rc = cl_condition_import_reader(db, in, opt, res, err);
	cl_csv_close(in);
	return rc;
}
