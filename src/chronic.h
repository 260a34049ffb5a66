/*
 * The chronic conditions registry: conditions on the chart (a kind from one table, each with
 * the SNOMED CT codes and ICD-10-CM categories an EHR exports for it), their onset and
 * status, and the results the blood-pressure and diabetes measures read: systolic (LOINC
 * 8480-6) and diastolic (8462-4) blood pressure in mm[Hg], hemoglobin A1c (4548-4) in %.
 * Results are entered in the chart or imported (`careloop import results`, chronic_import.h).
 * The rules: a blood pressure is controlled below 140/90 (139/89 is, 140/89 and 139/90 are
 * not); an A1c over 9.0% is poor control (9.0 is not); several readings on one day: the
 * lowest systolic and lowest diastolic of the day. "This year" is the measurement year: from
 * January 1 of a date's year to that date. Schema: schema/018_chronic.sql.
 */
#ifndef CL_CHRONIC_H
#define CL_CHRONIC_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "field.h"
#include "id.h"

/* The LOINC codes careloop records. */
#define CL_LOINC_SYSTOLIC  "8480-6"
#define CL_LOINC_DIASTOLIC "8462-4"
#define CL_LOINC_A1C	   "4548-4"

/* A kind of chronic condition and the codes that mean it. */
struct cl_condition_kind {
	const char *code;   /* "hypertension": stored, typed, the measures' key */
	const char *label;  /* "Hypertension" */
	const char *snomed; /* SNOMED CT concept ids, space-separated; the first is the main one */
	/* ICD-10-CM categories (letter and two digits) from .. to, inclusive: "I10", "I16" */
	const char *icd10_from, *icd10_to;
};

/* The kinds, in the order the chart lists them; *n gets the count. */
const struct cl_condition_kind *cl_condition_kinds(size_t *n);

/* The kind of code ("hypertension", ASCII case ignored), or NULL. */
const struct cl_condition_kind *cl_condition_kind_find(const char *code);

/*
 * The kind a coded diagnosis means, or NULL: system "icd10cm" (ICD-10-CM, e.g. "E11.9" or
 * "E119": its category E11), "snomed" (SNOMED CT concept id), or "" to tell them apart by
 * the code (a letter first: ICD-10-CM; digits: SNOMED CT).
 */
const struct cl_condition_kind *cl_condition_kind_of_code(const char *system, const char *code);

/* A condition on a patient's chart (one per kind). */
struct cl_condition {
	struct cl_id id, patient_id;
	char kind[32];		      /* a cl_condition_kind code */
	char status[16];	      /* "active" or "resolved" */
	char onset_date[CL_DATE_LEN]; /* "" when not known */
	char code_system[16];	      /* "snomed", "icd10cm", "" (typed as a kind) */
	char code[24];
	char updated_at[32];
	long long version;
};

/* The form's and the import's fields: kind, status, onset_date, code. */
extern const struct cl_field cl_condition_fields[];

/* A new active condition of patient (kind unset). */
void cl_condition_init(struct cl_condition *c, const struct cl_id *patient);
int cl_condition_field_set(struct cl_condition *c, const char *key, const char *value,
			   struct cl_error *err);
int cl_condition_field_get(const struct cl_condition *c, const char *key, char *buf, size_t size);

/*
 * Record c on its patient's chart in its own transaction: a new kind is added, a kind the
 * chart has already gets c's status, onset and code (the newest word on it). The chronic
 * conditions count follows (schema 018).
 */
int cl_condition_save(struct cl_db *db, struct cl_condition *c, struct cl_error *err);

/* As cl_condition_save inside the caller's transaction (imports): *changed false when the
 * chart had the condition with this status, onset and code already. */
int cl_condition_store(struct cl_db *db, struct cl_condition *c, bool from_import, bool *changed,
		       struct cl_error *err);

/* The patient's conditions, active first, then by kind's order; at most max. */
int cl_condition_list(struct cl_db *db, const struct cl_id *patient, struct cl_condition *rows,
		      int max, int *n, struct cl_error *err);

/* A result entry as the chart's form takes it: a date, a blood pressure and/or an A1c. */
struct cl_result_entry {
	struct cl_id patient_id;
	char observed_on[CL_DATE_LEN];
	char systolic[8], diastolic[8]; /* whole mm[Hg]: 60-300 and 30-200, or "" */
	char a1c[8];			/* %, 3.0-20.0 with at most one decimal, or "" */
};

/* The form's fields: observed_on, systolic, diastolic, a1c. */
extern const struct cl_field cl_result_fields[];

/* A new entry for patient dated today. */
void cl_result_entry_init(struct cl_result_entry *r, const struct cl_id *patient);
int cl_result_field_set(struct cl_result_entry *r, const char *key, const char *value,
			struct cl_error *err);
int cl_result_field_get(const struct cl_result_entry *r, const char *key, char *buf, size_t size);

/*
 * Record the entry's results in one transaction: both pressures or neither (the field at
 * fault named), a systolic above its diastolic, a blood pressure or an A1c. A result
 * recorded before (same day, code and value) is kept once.
 */
int cl_result_record(struct cl_db *db, const struct cl_result_entry *r, struct cl_error *err);

/*
 * Store one result (code a CL_LOINC_*, value checked against its range), inside the
 * caller's transaction. *added false when the same result was there already.
 */
int cl_result_store(struct cl_db *db, const struct cl_id *patient, const char *observed_on,
		    const char *loinc, double value, bool from_import, bool *added,
		    struct cl_error *err);

/* The range a result of loinc is accepted in; false for a code careloop does not record. */
bool cl_result_range(const char *loinc, double *min, double *max);

/* The rules. */
bool cl_bp_controlled(double systolic, double diastolic); /* < 140 and < 90 */
bool cl_a1c_poor(double a1c);				  /* > 9.0 */

/* What the chart and the risk rules show of a patient's registry. */
struct cl_chronic_status {
	bool hypertension, diabetes; /* an active condition of the kind */
	int active;		     /* active conditions */
	bool has_bp, has_a1c;
	char bp_on[CL_DATE_LEN], a1c_on[CL_DATE_LEN]; /* the last reading's date */
	double systolic, diastolic, a1c;
	bool bp_this_year, a1c_this_year; /* the last reading is of today's year */
	/* as of today: hypertension with no BP this year or the last one not controlled;
	 * diabetes with no A1c this year or the last one over 9% */
	bool bp_gap, a1c_gap;
	/* the risk rule: the last reading (any year) of a patient with the condition is out of
	 * control (no reading does not count) */
	bool uncontrolled;
};

/* The status of patient as of today (YYYY-MM-DD). */
int cl_chronic_status(struct cl_db *db, const struct cl_id *patient, const char *today,
		      struct cl_chronic_status *s, struct cl_error *err);

#endif
