/* The chronic conditions registry: conditions, results and the rules (see chronic.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronic.h"
#include "db_private.h"
#include "record.h"

/*
 * The kinds: SNOMED CT concepts (the main one first, then common children an EHR sends)
 * and ICD-10-CM category ranges. Adding a kind is one line (and its man page entry).
 */
static const struct cl_condition_kind kinds[] = {
	{ "hypertension", "Hypertension", "38341003 59621000 10725009", "I10", "I16" },
	{ "diabetes", "Diabetes", "73211009 44054006 46635009", "E08", "E13" },
	{ "copd", "COPD", "13645005", "J44", "J44" },
	{ "heart-failure", "Heart failure", "84114007 42343007", "I50", "I50" },
	{ "depression", "Depression", "35489007 370143000", "F32", "F33" },
	{ "asthma", "Asthma", "195967001", "J45", "J45" },
	{ "ckd", "Chronic kidney disease", "709044004 431855005", "N18", "N18" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *const kind_codes[NKINDS + 1] = {
	"hypertension", "diabetes", "copd", "heart-failure", "depression", "asthma", "ckd", NULL,
};
static const char *const status_codes[] = { "active", "resolved", NULL };

const struct cl_condition_kind *cl_condition_kinds(size_t *n)
{
	*n = NKINDS;
	return kinds;
}

const struct cl_condition_kind *cl_condition_kind_find(const char *code)
{
	int i = code ? cl_choice_index(kind_codes, code) : -1;

	return i >= 0 ? &kinds[i] : NULL;
}

/* An ICD-10-CM code's category ("E11.9", "e119" → "E11") into cat; false when not one. */
static bool icd10_category(const char *code, char cat[4])
{
	if (!isalpha((unsigned char)code[0]) || !isdigit((unsigned char)code[1]) ||
	    !isalnum((unsigned char)code[2]))
		return false;
	if (code[3] && code[3] != '.' && !isalnum((unsigned char)code[3]))
		return false;
	cat[0] = (char)toupper((unsigned char)code[0]);
	cat[1] = code[1];
	cat[2] = (char)toupper((unsigned char)code[2]);
	cat[3] = '\0';
	return true;
}

static bool snomed_in(const char *list, const char *code)
{
	size_t len = strlen(code);

	while (*list) {
		size_t n = strcspn(list, " ");

		if (n == len && strncmp(list, code, n) == 0)
			return true;
		list += n;
		list += strspn(list, " ");
	}
	return false;
}

const struct cl_condition_kind *cl_condition_kind_of_code(const char *system, const char *code)
{
	char cat[4], trimmed[32];
	bool icd;
	size_t i, len;

	if (!code)
		return NULL;
	code += strspn(code, " ");
	len = strcspn(code, " ");
	if (!len || len >= sizeof(trimmed))
		return NULL;
	memcpy(trimmed, code, len);
	trimmed[len] = '\0';
	if (system && strcmp(system, "icd10cm") == 0)
		icd = true;
	else if (system && strcmp(system, "snomed") == 0)
		icd = false;
	else
		icd = isalpha((unsigned char)trimmed[0]);
	if (icd) {
		if (!icd10_category(trimmed, cat))
			return NULL;
		for (i = 0; i < NKINDS; i++)
			if (strcmp(cat, kinds[i].icd10_from) >= 0 &&
			    strcmp(cat, kinds[i].icd10_to) <= 0)
				return &kinds[i];
		return NULL;
	}
	if (strspn(trimmed, "0123456789") != len)
		return NULL;
	for (i = 0; i < NKINDS; i++)
		if (snomed_in(kinds[i].snomed, trimmed))
			return &kinds[i];
	return NULL;
}

/* ---- conditions ---- */

#define AT(member) CL_FIELD_AT(struct cl_condition, member), .column = #member

/* A diagnosis code as sent: letters, digits and dots. */
static const char *code_normalize(const void *rec, const char *in, char *out, size_t size)
{
	(void)rec;
	if (strspn(in, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.") !=
	    strlen(in))
		return "must be an ICD-10-CM or SNOMED CT code (letters, digits, dots)";
	snprintf(out, size, "%s", in);
	for (char *c = out; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return NULL;
}

const struct cl_field cl_condition_fields[] = {
	{ "kind", "Condition", CL_FIELD_CHOICE, 31, true, kind_codes, AT(kind) },
	{ "status", "Status", CL_FIELD_CHOICE, 15, true, status_codes, AT(status) },
	{ "onset_date", "Onset", CL_FIELD_DATE, 10, false, NULL, AT(onset_date),
	  .normalize = cl_field_past_date },
	{ "code", "Code", CL_FIELD_TEXT, 20, false, NULL, AT(code), .normalize = code_normalize },
	{ .key = NULL },
};

void cl_condition_init(struct cl_condition *c, const struct cl_id *patient)
{
	memset(c, 0, sizeof(*c));
	if (patient)
		c->patient_id = *patient;
	snprintf(c->status, sizeof(c->status), "active");
}

int cl_condition_field_set(struct cl_condition *c, const char *key, const char *value,
			   struct cl_error *err)
{
	return cl_field_set(cl_condition_fields, c, key, value, err);
}

int cl_condition_field_get(const struct cl_condition *c, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_condition_fields, c, key, buf, size);
}

static const char sql_condition_upsert[] =
	"INSERT INTO condition (id, patient_id, kind, status, onset_date, code_system, code,"
	" source, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	" ?9, ?9, ?10) ON CONFLICT (patient_id, kind) DO UPDATE SET status = excluded.status,"
	" onset_date = CASE excluded.onset_date WHEN '' THEN onset_date"
	" ELSE excluded.onset_date END,"
	" code_system = CASE excluded.code WHEN '' THEN code_system ELSE excluded.code_system END,"
	" code = CASE excluded.code WHEN '' THEN code ELSE excluded.code END,"
	" updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
	" version = version + 1"
	" WHERE status IS NOT excluded.status OR (excluded.onset_date <> ''"
	" AND onset_date IS NOT excluded.onset_date) OR (excluded.code <> ''"
	" AND code IS NOT excluded.code)";
static const char sql_condition_id[] =
	"SELECT id FROM condition WHERE patient_id = ?1 AND kind = ?2";

/* Store c (checked) in the caller's transaction; *changed says whether a row moved. */
static int condition_store(struct cl_db *db, struct cl_condition *c, bool from_import,
			   bool *changed, struct cl_error *err)
{
	const struct cl_condition_kind *k;
	struct cl_condition v = *c;
	sqlite3_stmt *st;
	bool listed;
	char now[32];
	int rc, step;

	*changed = false;
	if (cl_id_is_nil(&v.patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	if ((rc = cl_field_normalize(cl_condition_fields, &v, err)) ||
	    (rc = cl_field_validate(cl_condition_fields, &v, sizeof(v), err)))
		return rc;
	if (v.code[0]) {
		k = cl_condition_kind_of_code(v.code_system, v.code);
		if (!k || strcmp(k->code, v.kind) != 0)
			return cl_error_field(err, CL_EINVAL, "code",
					      "Code is not one of the condition's codes");
		if (!v.code_system[0])
			snprintf(v.code_system, sizeof(v.code_system), "%s",
				 isalpha((unsigned char)v.code[0]) ? "icd10cm" : "snomed");
	} else {
		v.code_system[0] = '\0';
	}
	/* Listed already (an update) or new: the audit says which. */
	if (!(st = cl_db_stmt(db, sql_condition_id, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &v.patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 2, v.kind, err)))
		return rc;
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return cl_db_error(db, err);
	listed = step == SQLITE_ROW;
	cl_id_new(&v.id);
	if (!(st = cl_db_stmt(db, sql_condition_upsert, err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &v.id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v.patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 3, v.kind, err)) ||
	    (rc = cl_db_bind_text(st, 4, v.status, err)) ||
	    (rc = cl_db_bind_text(st, 5, v.onset_date, err)) ||
	    (rc = cl_db_bind_text(st, 6, v.code_system, err)) ||
	    (rc = cl_db_bind_text(st, 7, v.code, err)) ||
	    (rc = cl_db_bind_text(st, 8, from_import ? "csv" : "chart", err)) ||
	    (rc = cl_db_bind_text(st, 9, now, err)) ||
	    (rc = cl_db_bind_text(st, 10, cl_db_user(db), err))) {
		sqlite3_reset(st);
		return rc;
	}
	step = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (step != SQLITE_DONE)
		return cl_db_error(db, err);
	if (sqlite3_changes(cl_db_sqlite(db)) == 0)
		return CL_OK;
	*changed = true;
	/* The audit names the row: the new one, or the kind's row that was updated. */
	if (!(st = cl_db_stmt(db, sql_condition_id, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &v.patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 2, v.kind, err)))
		return rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && cl_db_column_id(st, 0, &v.id))
		step = SQLITE_CORRUPT;
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return step == SQLITE_CORRUPT
			       ? cl_error_set(err, CL_ECORRUPT, "a stored condition is malformed")
			       : cl_db_error(db, err);
	if ((rc = cl_audit_log(db,
			       from_import ? CL_AUDIT_IMPORT
			       : listed	   ? CL_AUDIT_UPDATE
					   : CL_AUDIT_CREATE,
			       "condition", &v.id, err)))
		return rc;
	*c = v;
	return CL_OK;
}

int cl_condition_store(struct cl_db *db, struct cl_condition *c, bool from_import, bool *changed,
		       struct cl_error *err)
{
	return condition_store(db, c, from_import, changed, err);
}

int cl_condition_save(struct cl_db *db, struct cl_condition *c, struct cl_error *err)
{
	bool changed;
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = condition_store(db, c, false, &changed, err)) || (rc = cl_db_commit(db, err)))
		cl_db_rollback(db);
	return rc;
}

static const char sql_condition_list[] =
	"SELECT id, kind, status, onset_date, code_system, code, updated_at, version"
	" FROM condition WHERE patient_id = ?1 ORDER BY status = 'resolved', kind LIMIT ?2";

static int condition_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_condition *c = rec;

	memset(c, 0, sizeof(*c));
	if (cl_db_column_id(st, 0, &c->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored condition is malformed");
	cl_db_column_text(st, 1, c->kind, sizeof(c->kind));
	cl_db_column_text(st, 2, c->status, sizeof(c->status));
	cl_db_column_text(st, 3, c->onset_date, sizeof(c->onset_date));
	cl_db_column_text(st, 4, c->code_system, sizeof(c->code_system));
	cl_db_column_text(st, 5, c->code, sizeof(c->code));
	cl_db_column_text(st, 6, c->updated_at, sizeof(c->updated_at));
	c->version = sqlite3_column_int64(st, 7);
	return CL_OK;
}

int cl_condition_list(struct cl_db *db, const struct cl_id *patient, struct cl_condition *rows,
		      int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_condition_list, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	rc = cl_record_rows(db, st, condition_from_row, rows, sizeof(*rows), max, n, err);
	for (int i = 0; i < *n; i++)
		rows[i].patient_id = *patient;
	return rc;
}

/* ---- results ---- */

static const struct {
	const char *loinc;
	double min, max;
} ranges[] = {
	{ CL_LOINC_SYSTOLIC, 60, 300 },
	{ CL_LOINC_DIASTOLIC, 30, 200 },
	{ CL_LOINC_A1C, 3, 20 },
};

bool cl_result_range(const char *loinc, double *min, double *max)
{
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (strcmp(ranges[i].loinc, loinc) == 0) {
			*min = ranges[i].min;
			*max = ranges[i].max;
			return true;
		}
	return false;
}

bool cl_bp_controlled(double systolic, double diastolic)
{
	return systolic < 140 && diastolic < 90;
}

bool cl_a1c_poor(double a1c)
{
	return a1c > 9.0;
}

/* A number with at most `decimals` decimals within loinc's range, into out. */
static const char *number_in_range(const char *loinc, int decimals, const char *in, char *out,
				   size_t size)
{
	double min = 0, max = 0, v;
	const char *dot = strchr(in, '.');
	char *end;

	cl_result_range(loinc, &min, &max);
	if (strspn(in, "0123456789.") != strlen(in) || !isdigit((unsigned char)in[0]) ||
	    (dot && (strchr(dot + 1, '.') || (int)strlen(dot + 1) > decimals || !dot[1])))
		return decimals ? "must be a number with at most one decimal"
				: "must be a whole number";
	v = strtod(in, &end);
	if (v < min || v > max)
		return decimals				       ? "must be from 3.0 to 20.0"
		       : strcmp(loinc, CL_LOINC_SYSTOLIC) == 0 ? "must be from 60 to 300"
							       : "must be from 30 to 200";
	if (decimals)
		snprintf(out, size, "%.1f", v);
	else
		snprintf(out, size, "%.0f", v);
	return NULL;
}

static const char *systolic_normalize(const void *rec, const char *in, char *out, size_t size)
{
	(void)rec;
	return number_in_range(CL_LOINC_SYSTOLIC, 0, in, out, size);
}

static const char *diastolic_normalize(const void *rec, const char *in, char *out, size_t size)
{
	(void)rec;
	return number_in_range(CL_LOINC_DIASTOLIC, 0, in, out, size);
}

static const char *a1c_normalize(const void *rec, const char *in, char *out, size_t size)
{
	(void)rec;
	return number_in_range(CL_LOINC_A1C, 1, in, out, size);
}

#undef AT
#define AT(member) CL_FIELD_AT(struct cl_result_entry, member)

const struct cl_field cl_result_fields[] = {
	{ "observed_on", "Date", CL_FIELD_DATE, 10, true, NULL, AT(observed_on),
	  .normalize = cl_field_past_date },
	{ "systolic", "Systolic (mmHg)", CL_FIELD_TEXT, 3, false, NULL, AT(systolic),
	  .normalize = systolic_normalize },
	{ "diastolic", "Diastolic (mmHg)", CL_FIELD_TEXT, 3, false, NULL, AT(diastolic),
	  .normalize = diastolic_normalize },
	{ "a1c", "A1c (%)", CL_FIELD_TEXT, 4, false, NULL, AT(a1c), .normalize = a1c_normalize },
	{ .key = NULL },
};

void cl_result_entry_init(struct cl_result_entry *r, const struct cl_id *patient)
{
	memset(r, 0, sizeof(*r));
	if (patient)
		r->patient_id = *patient;
	cl_date_today(r->observed_on);
}

int cl_result_field_set(struct cl_result_entry *r, const char *key, const char *value,
			struct cl_error *err)
{
	return cl_field_set(cl_result_fields, r, key, value, err);
}

int cl_result_field_get(const struct cl_result_entry *r, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_result_fields, r, key, buf, size);
}

static const char sql_result_insert[] =
	"INSERT INTO observation (id, patient_id, observed_on, loinc, value, source, created_at,"
	" created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	" ON CONFLICT (patient_id, loinc, observed_on, value) DO NOTHING";

int cl_result_store(struct cl_db *db, const struct cl_id *patient, const char *observed_on,
		    const char *loinc, double value, bool from_import, bool *added,
		    struct cl_error *err)
{
	sqlite3_stmt *st;
	struct cl_id id;
	double min, max;
	char now[32];
	int rc, step;

	*added = false;
	if (!cl_result_range(loinc, &min, &max))
		return cl_error_field(err, CL_EINVAL, "loinc", "not a code careloop records");
	if (!(value >= min && value <= max))
		return cl_error_field(err, CL_EINVAL, "value", "out of the range for its code");
	if (!cl_date_valid(observed_on))
		return cl_error_field(err, CL_EINVAL, "observed_on", "not a date");
	/* Whole mmHg; A1c to one decimal: the same reading compares equal when sent again. */
	value = strcmp(loinc, CL_LOINC_A1C) == 0 ? (double)(long long)(value * 10 + 0.5) / 10
						 : (double)(long long)(value + 0.5);
	cl_id_new(&id);
	if (!(st = cl_db_stmt(db, sql_result_insert, err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, patient, err)) ||
	    (rc = cl_db_bind_text(st, 3, observed_on, err)) ||
	    (rc = cl_db_bind_text(st, 4, loinc, err)) ||
	    (rc = sqlite3_bind_double(st, 5, value) == SQLITE_OK
			  ? CL_OK
			  : cl_error_set(err, CL_EIO, "could not bind a result")) ||
	    (rc = cl_db_bind_text(st, 6, from_import ? "csv" : "chart", err)) ||
	    (rc = cl_db_bind_text(st, 7, now, err)) ||
	    (rc = cl_db_bind_text(st, 8, cl_db_user(db), err))) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return rc;
	}
	step = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (step != SQLITE_DONE)
		return cl_db_error(db, err);
	if (sqlite3_changes(cl_db_sqlite(db)) == 0)
		return CL_OK;
	*added = true;
	return cl_audit_log(db, from_import ? CL_AUDIT_IMPORT : CL_AUDIT_CREATE, "observation", &id,
			    err);
}

int cl_result_record(struct cl_db *db, const struct cl_result_entry *r, struct cl_error *err)
{
	struct cl_result_entry v = *r;
	bool added;
	int rc;

	if (cl_id_is_nil(&v.patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	if ((rc = cl_field_normalize(cl_result_fields, &v, err)) ||
	    (rc = cl_field_validate(cl_result_fields, &v, sizeof(v), err)))
		return rc;
	if (v.systolic[0] && !v.diastolic[0])
		return cl_error_field(err, CL_EINVAL, "diastolic",
				      "Diastolic is required with a systolic pressure");
	if (v.diastolic[0] && !v.systolic[0])
		return cl_error_field(err, CL_EINVAL, "systolic",
				      "Systolic is required with a diastolic pressure");
	if (v.systolic[0] && atof(v.systolic) <= atof(v.diastolic))
		return cl_error_field(err, CL_EINVAL, "diastolic",
				      "Diastolic must be below the systolic pressure");
	if (!v.systolic[0] && !v.a1c[0])
		return cl_error_field(err, CL_EINVAL, "systolic",
				      "Enter a blood pressure or an A1c");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (v.systolic[0] &&
	    ((rc = cl_result_store(db, &v.patient_id, v.observed_on, CL_LOINC_SYSTOLIC,
				   atof(v.systolic), false, &added, err)) ||
	     (rc = cl_result_store(db, &v.patient_id, v.observed_on, CL_LOINC_DIASTOLIC,
				   atof(v.diastolic), false, &added, err))))
		goto out;
	if (v.a1c[0] && (rc = cl_result_store(db, &v.patient_id, v.observed_on, CL_LOINC_A1C,
					      atof(v.a1c), false, &added, err)))
		goto out;
	rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	return rc;
}

/* ---- a patient's status ---- */

static const char sql_status[] =
	"SELECT (SELECT count(*) FROM condition WHERE patient_id = ?1 AND status = 'active'),"
	" EXISTS (SELECT 1 FROM condition WHERE patient_id = ?1 AND kind = 'hypertension'"
	" AND status = 'active'),"
	" EXISTS (SELECT 1 FROM condition WHERE patient_id = ?1 AND kind = 'diabetes'"
	" AND status = 'active'),"
	" b.observed_on, b.systolic, b.diastolic, a.observed_on, a.value"
	" FROM (SELECT 1) LEFT JOIN (SELECT observed_on, systolic, diastolic FROM patient_last_bp"
	" WHERE patient_id = ?1 AND observed_on <= ?2 ORDER BY observed_on DESC LIMIT 1) b"
	" LEFT JOIN (SELECT observed_on, max(value) AS value FROM observation WHERE patient_id = ?1"
	" AND loinc = '" CL_LOINC_A1C "' AND observed_on <= ?2 GROUP BY observed_on"
	" ORDER BY observed_on DESC LIMIT 1) a";

int cl_chronic_status(struct cl_db *db, const struct cl_id *patient, const char *today,
		      struct cl_chronic_status *s, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_status, err);
	char year[CL_DATE_LEN];
	int rc = CL_OK;

	memset(s, 0, sizeof(*s));
	if (!st)
		return err ? err->code : CL_EIO;
	if (!cl_date_valid(today))
		return cl_error_set(err, CL_EINVAL, "today is not a date");
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_text(st, 2, today, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		s->active = sqlite3_column_int(st, 0);
		s->hypertension = sqlite3_column_int(st, 1);
		s->diabetes = sqlite3_column_int(st, 2);
		s->has_bp = sqlite3_column_type(st, 3) != SQLITE_NULL;
		cl_db_column_text(st, 3, s->bp_on, sizeof(s->bp_on));
		s->systolic = sqlite3_column_double(st, 4);
		s->diastolic = sqlite3_column_double(st, 5);
		s->has_a1c = sqlite3_column_type(st, 6) != SQLITE_NULL;
		cl_db_column_text(st, 6, s->a1c_on, sizeof(s->a1c_on));
		s->a1c = sqlite3_column_double(st, 7);
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	snprintf(year, sizeof(year), "%.4s-01-01", today);
	s->bp_this_year = s->has_bp && strcmp(s->bp_on, year) >= 0;
	s->a1c_this_year = s->has_a1c && strcmp(s->a1c_on, year) >= 0;
	s->bp_gap = s->hypertension && (!s->has_bp || strcmp(s->bp_on, year) < 0 ||
					!cl_bp_controlled(s->systolic, s->diastolic));
	s->a1c_gap =
		s->diabetes && (!s->has_a1c || strcmp(s->a1c_on, year) < 0 || cl_a1c_poor(s->a1c));
	s->uncontrolled =
		(s->hypertension && s->has_bp && !cl_bp_controlled(s->systolic, s->diastolic)) ||
		(s->diabetes && s->has_a1c && cl_a1c_poor(s->a1c));
	return CL_OK;
}
