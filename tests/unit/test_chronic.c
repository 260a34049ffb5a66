/*
 * The chronic conditions registry: condition codes, the control rules at their edges, the
 * measures on a small fixture counted by hand, the chronic count, the risk rule and the
 * imports. Today is 2026-04-10; the report's period is March 2026, so the measurement
 * year runs 2026-01-01 .. 2026-03-31.
 */
#include "config.h"

#include "fixture_careplan.h"
#include "testdb.h"

#define TODAY "2026-04-10"

static struct cl_patient pats[20];

static int setup(void **state)
{
	int rc = fix_setup(state);

	memset(pats, 0, sizeof(pats));
	setenv("CARELOOP_TODAY", TODAY, 1);
	return rc;
}

/* Patient n (MRN C0n). */
static struct cl_patient *pat(struct cl_db *db, int n)
{
	char mrn[16];

	if (cl_id_is_nil(&pats[n].id)) {
		snprintf(mrn, sizeof(mrn), "C%02d", n);
		fix_patient(db, mrn, "low", "", &pats[n]);
	}
	return &pats[n];
}

static void condition(struct cl_db *db, int n, const char *kind, const char *status)
{
	struct cl_error err = { 0 };
	struct cl_condition c;

	cl_condition_init(&c, &pat(db, n)->id);
	if (cl_condition_field_set(&c, "kind", kind, &err) ||
	    cl_condition_field_set(&c, "status", status, &err) || cl_condition_save(db, &c, &err))
		fail_msg("condition: %s (%s)", err.message, err.field);
}

static void bp(struct cl_db *db, int n, const char *date, const char *sys, const char *dia)
{
	struct cl_error err = { 0 };
	struct cl_result_entry r;

	cl_result_entry_init(&r, &pat(db, n)->id);
	if (cl_result_field_set(&r, "observed_on", date, &err) ||
	    cl_result_field_set(&r, "systolic", sys, &err) ||
	    cl_result_field_set(&r, "diastolic", dia, &err) || cl_result_record(db, &r, &err))
		fail_msg("bp: %s (%s)", err.message, err.field);
}

static void a1c(struct cl_db *db, int n, const char *date, const char *value)
{
	struct cl_error err = { 0 };
	struct cl_result_entry r;

	cl_result_entry_init(&r, &pat(db, n)->id);
	if (cl_result_field_set(&r, "observed_on", date, &err) ||
	    cl_result_field_set(&r, "a1c", value, &err) || cl_result_record(db, &r, &err))
		fail_msg("a1c: %s (%s)", err.message, err.field);
}

static void codes_map(void **state)
{
	(void)state;
	assert_string_equal(cl_condition_kind_of_code("", "I10")->code, "hypertension");
	assert_string_equal(cl_condition_kind_of_code("icd10cm", "I16.0")->code, "hypertension");
	assert_null(cl_condition_kind_of_code("icd10cm", "I17"));
	assert_null(cl_condition_kind_of_code("icd10cm", "I09.9"));
	assert_string_equal(cl_condition_kind_of_code("", "e11.9")->code, "diabetes");
	assert_string_equal(cl_condition_kind_of_code("", "E08")->code, "diabetes");
	assert_string_equal(cl_condition_kind_of_code("", "E119")->code, "diabetes");
	assert_null(cl_condition_kind_of_code("", "E14"));
	assert_string_equal(cl_condition_kind_of_code("", "J44.9")->code, "copd");
	assert_string_equal(cl_condition_kind_of_code("", "I50.9")->code, "heart-failure");
	assert_string_equal(cl_condition_kind_of_code("", "F33.1")->code, "depression");
	assert_null(cl_condition_kind_of_code("", "F34"));
	assert_string_equal(cl_condition_kind_of_code("snomed", "38341003")->code, "hypertension");
	assert_string_equal(cl_condition_kind_of_code("", "44054006")->code, "diabetes");
	assert_string_equal(cl_condition_kind_of_code("", "13645005")->code, "copd");
	assert_string_equal(cl_condition_kind_of_code("", "84114007")->code, "heart-failure");
	assert_string_equal(cl_condition_kind_of_code("", "35489007")->code, "depression");
	assert_null(cl_condition_kind_of_code("", "12345"));
	assert_null(cl_condition_kind_of_code("snomed", "I10"));
	assert_null(cl_condition_kind_of_code("", ""));
	assert_non_null(cl_condition_kind_find("Hypertension"));
	assert_null(cl_condition_kind_find("gout"));
}

static void control_edges(void **state)
{
	(void)state;
	assert_true(cl_bp_controlled(139, 89));
	assert_false(cl_bp_controlled(140, 89));
	assert_false(cl_bp_controlled(139, 90));
	assert_false(cl_a1c_poor(9.0));
	assert_true(cl_a1c_poor(9.1));
}

static void entry_refused_at_field(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_result_entry r;

	cl_result_entry_init(&r, &pat(db, 1)->id);
	assert_int_equal(cl_result_field_set(&r, "systolic", "400", &err), CL_EINVAL);
	assert_string_equal(err.field, "systolic");
	assert_int_equal(cl_result_field_set(&r, "a1c", "9.15", &err), CL_EINVAL);
	assert_string_equal(err.field, "a1c");
	assert_int_equal(cl_result_field_set(&r, "observed_on", "2026-04-11", &err), CL_EINVAL);
	assert_int_equal(cl_result_field_set(&r, "systolic", "130", &err), CL_OK);
	assert_int_equal(cl_result_record(db, &r, &err), CL_EINVAL);
	assert_string_equal(err.field, "diastolic");
	assert_int_equal(cl_result_field_set(&r, "diastolic", "135", &err), CL_OK);
	assert_int_equal(cl_result_record(db, &r, &err), CL_EINVAL);
	assert_string_equal(err.field, "diastolic");
	assert_int_equal(test_count(db, "SELECT count(*) FROM observation"), 0);
	/* the same reading twice is one */
	bp(db, 1, "2026-03-02", "130", "80");
	bp(db, 1, "2026-03-02", "130", "80");
	assert_int_equal(test_count(db, "SELECT count(*) FROM observation"), 2);
}

/* The fixture of the measures (see the file's comment for the year). */
static void fixture(struct cl_db *db)
{
	struct cl_error err = { 0 };
	bool added;

	condition(db, 1, "hypertension", "active");
	bp(db, 1, "2026-02-10", "139", "89"); /* controlled */
	condition(db, 2, "hypertension", "active");
	bp(db, 2, "2026-02-10", "140", "89"); /* not */
	condition(db, 3, "hypertension", "active");
	bp(db, 3, "2026-02-10", "139", "90"); /* not */
	condition(db, 4, "hypertension", "active");
	bp(db, 4, "2025-12-20", "120", "80"); /* none this year: not */
	condition(db, 5, "hypertension", "active");
	bp(db, 5, "2026-03-05", "150", "85"); /* one day: lowest of each, 135/85 */
	bp(db, 5, "2026-03-05", "135", "95");
	condition(db, 6, "hypertension", "resolved"); /* not in the denominator */
	bp(db, 6, "2026-03-05", "170", "100");
	condition(db, 7, "hypertension", "active"); /* died: excluded */
	fix_exec(db, "UPDATE patient SET status = 'deceased', death_date = '2026-03-10'"
		     " WHERE mrn = 'C07'");
	condition(db, 8, "hypertension", "active");
	bp(db, 8, "2026-01-05", "150", "95"); /* the last of the year counts, not April's */
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_result_store(db, &pat(db, 8)->id, "2026-04-02", CL_LOINC_SYSTOLIC, 120,
					 false, &added, &err),
			 CL_OK);
	assert_int_equal(cl_result_store(db, &pat(db, 8)->id, "2026-04-02", CL_LOINC_DIASTOLIC, 80,
					 false, &added, &err),
			 CL_OK);
	assert_int_equal(cl_db_commit(db, &err), CL_OK);

	condition(db, 10, "diabetes", "active");
	a1c(db, 10, "2026-02-01", "9.0"); /* not poor */
	condition(db, 11, "diabetes", "active");
	a1c(db, 11, "2026-02-01", "9.1");	 /* poor */
	condition(db, 12, "diabetes", "active"); /* none: poor */
	condition(db, 13, "diabetes", "active");
	a1c(db, 13, "2025-11-01", "7.0");    /* none this year: poor */
	condition(db, 14, "copd", "active"); /* in none of them */
}

static void figure(struct cl_db *db, const char *key, long long num, long long den, long long excl)
{
	struct cl_measure_query q;
	struct cl_measure_result r;
	struct cl_error err = { 0 };

	assert_int_equal(cl_measure_query_last_month(&q, TODAY, &err), CL_OK);
	assert_string_equal(q.from, "2026-03-01");
	assert_int_equal(cl_measure_compute(db, cl_measure_find(key), &q, &r, &err), CL_OK);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.figures[0].numerator, num);
	assert_int_equal(r.figures[0].denominator, den);
	assert_int_equal(r.figures[0].exclusions, excl);
	cl_measure_result_free(&r);
}

static void gap_mrns(struct cl_db *db, const char *key, const char *want)
{
	struct cl_measure_query q;
	struct cl_measure_gap_row rows[20];
	struct cl_error err = { 0 };
	char got[256] = "";
	int n;

	assert_int_equal(cl_measure_query_last_month(&q, TODAY, &err), CL_OK);
	assert_int_equal(cl_measure_gap(db, cl_measure_find(key), &q, NULL, rows, 20, &n, &err),
			 CL_OK);
	for (int i = 0; i < n; i++) {
		strcat(got, rows[i].mrn);
		strcat(got, i + 1 < n ? " " : "");
	}
	assert_string_equal(got, want);
}

static void measures(void **state)
{
	struct cl_db *db = *state;

	fixture(db);
	figure(db, "bp-control", 2, 6, 1);
	gap_mrns(db, "bp-control", "C04 C08 C02 C03");
	figure(db, "a1c-poor", 3, 4, 0);
	assert_true(cl_measure_find("a1c-poor")->inverse);
	gap_mrns(db, "a1c-poor", "C12 C13 C11");
	figure(db, "chronic-reading", 7, 10, 1);
	gap_mrns(db, "chronic-reading", "C04 C12 C13");
}

static void gap_closes(void **state)
{
	struct cl_db *db = *state;

	fixture(db);
	bp(db, 2, "2026-03-20", "128", "78");
	figure(db, "bp-control", 3, 6, 1);
	gap_mrns(db, "bp-control", "C04 C08 C03");
}

/*
 * careloop check's care gaps (cl_check_derived) agree with the rule's trigger on the
 * fixture's edges (several readings a day, a resolved condition, no reading, a copd), and
 * after changes; a gap's controlled flipped is a disagreement.
 */
static void count_finding(const char *problem, void *arg)
{
	(void)problem;
	(*(int *)arg)++;
}

static void check_agrees_with_the_rule(void **state)
{
	struct cl_db *db = *state;
	int found = 0;
	struct cl_error err = { 0 };

	fixture(db);
	condition(db, 15, "hypertension", "active");
	condition(db, 15, "diabetes", "active");
	bp(db, 15, "2026-03-01", "150", "95");
	a1c(db, 15, "2026-03-01", "8.2");
	a1c(db, 15, "2026-03-01", "6.0"); /* one day: the highest */
	assert_int_equal(cl_check_derived(db, count_finding, &found, &err), CL_OK);
	fix_exec(db, "UPDATE condition SET status = 'resolved' WHERE kind = 'diabetes' AND "
		     "patient_id IN (SELECT id FROM patient WHERE mrn = 'C10')");
	fix_exec(db, "UPDATE condition SET status = 'active' WHERE kind = 'hypertension' AND "
		     "patient_id IN (SELECT id FROM patient WHERE mrn = 'C06')");
	assert_int_equal(cl_check_derived(db, count_finding, &found, &err), CL_OK);
	assert_int_equal(found, 0);
	fix_exec(db, "UPDATE chronic_gap SET controlled = 1 - controlled WHERE kind = 'bp' AND "
		     "patient_id IN (SELECT id FROM patient WHERE mrn = 'C01')");
	assert_int_equal(cl_check_derived(db, count_finding, &found, &err), CL_ECORRUPT);
	assert_int_equal(found, 1);
	assert_string_equal(err.message,
			    "chronic_gap: 1 row disagrees with condition, observation");
}

/* The worklist's "Chronic: not controlled": the last reading as of today (any year). */
static void worklist_section(void **state)
{
	struct cl_db *db = *state;
	struct cl_worklist_filter everyone = { .mine = false };
	struct cl_worklist_row rows[4], all[8];
	struct cl_error err = { 0 };
	long long count;
	bool capped;
	int n, total = 0;

	fixture(db);
	assert_int_equal(
		cl_worklist_count(db, CL_WORKLIST_CHRONIC, &everyone, 0, &count, &capped, &err),
		CL_OK);
	assert_int_equal(count, 6);
	/* pages of 2: every row once, in date order, never measured first */
	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_CHRONIC, &everyone, NULL, rows, 2, &n, &err),
		CL_OK);
	while (n > 0) {
		for (int i = 0; i < n; i++)
			all[total++] = rows[i];
		assert_true(total <= 6);
		assert_int_equal(cl_worklist_page(db, CL_WORKLIST_CHRONIC, &everyone,
						  &all[total - 1], rows, 2, &n, &err),
				 CL_OK);
	}
	assert_int_equal(total, 6);
	assert_string_equal(all[0].mrn, "C12");
	assert_string_equal(all[0].what, "no A1c on record");
	assert_string_equal(all[1].mrn, "C13");
	assert_string_equal(all[1].what, "none this year: A1c 7.0%");
	assert_string_equal(all[2].mrn, "C04");
	assert_string_equal(all[2].what, "none this year: BP 120/80");
	assert_string_equal(all[3].mrn, "C11");
	assert_string_equal(all[3].what, "A1c 9.1%");
	assert_string_equal(all[3].date, "2026-02-01");
	assert_true((strcmp(all[4].mrn, "C02") == 0 && strcmp(all[5].mrn, "C03") == 0) ||
		    (strcmp(all[4].mrn, "C03") == 0 && strcmp(all[5].mrn, "C02") == 0));
	/* a controlled reading takes the patient off; backwards from the end reads the same */
	bp(db, 2, "2026-04-05", "128", "78");
	assert_int_equal(
		cl_worklist_count(db, CL_WORKLIST_CHRONIC, &everyone, 0, &count, &capped, &err),
		CL_OK);
	assert_int_equal(count, 5);
	assert_int_equal(cl_worklist_page_before(db, CL_WORKLIST_CHRONIC, &everyone, NULL, rows, 1,
						 &n, &err),
			 CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "C03");
	/* resolving the condition takes the row off */
	condition(db, 3, "hypertension", "resolved");
	assert_int_equal(
		cl_worklist_count(db, CL_WORKLIST_CHRONIC, &everyone, 0, &count, &capped, &err),
		CL_OK);
	assert_int_equal(count, 4);
}

static void count_and_risk(void **state)
{
	struct cl_db *db = *state;
	struct cl_risk_suggestion s;
	struct cl_chronic_status cs;
	struct cl_error err = { 0 };
	long long version;

	/* a count typed with n stands until the chart lists conditions */
	version = pat(db, 1)->version;
	assert_int_equal(cl_risk_set_chronic_conditions(db, &pat(db, 1)->id, &version, 5, &err),
			 CL_OK);
	assert_int_equal(fix_int(db, "SELECT chronic_conditions FROM patient WHERE id = ?1",
				 &pat(db, 1)->id),
			 5);
	condition(db, 1, "hypertension", "active");
	condition(db, 1, "diabetes", "active");
	condition(db, 1, "copd", "resolved");
	assert_int_equal(fix_int(db, "SELECT chronic_conditions FROM patient WHERE id = ?1",
				 &pat(db, 1)->id),
			 2);
	condition(db, 1, "copd", "active");
	assert_int_equal(fix_int(db, "SELECT chronic_conditions FROM patient WHERE id = ?1",
				 &pat(db, 1)->id),
			 3);
	/* n: more than the list (conditions it has no kind for), never fewer */
	version = fix_int(db, "SELECT version FROM patient WHERE id = ?1", &pat(db, 1)->id);
	assert_int_equal(cl_risk_set_chronic_conditions(db, &pat(db, 1)->id, &version, 2, &err),
			 CL_EINVAL);
	assert_non_null(strstr(err.message, "at least 3"));
	assert_int_equal(cl_risk_set_chronic_conditions(db, &pat(db, 1)->id, &version, 4, &err),
			 CL_OK);
	condition(db, 1, "copd", "resolved");
	assert_int_equal(fix_int(db, "SELECT chronic_conditions FROM patient WHERE id = ?1",
				 &pat(db, 1)->id),
			 2);
	condition(db, 1, "copd", "active");

	/* no reading: not "uncontrolled" for the rules, but a gap */
	assert_int_equal(cl_chronic_status(db, &pat(db, 1)->id, TODAY, &cs, &err), CL_OK);
	assert_true(cs.bp_gap && cs.a1c_gap);
	assert_false(cs.uncontrolled);
	bp(db, 1, "2026-04-01", "150", "80");
	assert_int_equal(cl_chronic_status(db, &pat(db, 1)->id, TODAY, &cs, &err), CL_OK);
	assert_true(cs.uncontrolled);
	assert_int_equal(cs.systolic, 150);
	assert_string_equal(cs.bp_on, "2026-04-01");
	assert_int_equal(cl_risk_suggest(db, &pat(db, 1)->id, &s, &err), CL_OK);
	assert_true(s.uncontrolled_rule);
	assert_true(s.chronic_rule);
	assert_int_equal(s.tier, CL_RISK_HIGH);
	assert_non_null(strstr(s.reason, "not controlled"));
	assert_int_equal(cl_setting_set_int(db, "risk_uncontrolled", 0, &err), CL_OK);
	assert_int_equal(cl_risk_suggest(db, &pat(db, 1)->id, &s, &err), CL_OK);
	assert_false(s.uncontrolled_rule);
	assert_int_equal(s.tier, CL_RISK_RISING);
	bp(db, 1, "2026-04-02", "120", "80");
	a1c(db, 1, "2026-04-02", "9.0");
	assert_int_equal(cl_chronic_status(db, &pat(db, 1)->id, TODAY, &cs, &err), CL_OK);
	assert_false(cs.uncontrolled || cs.bp_gap || cs.a1c_gap);
}

struct problems {
	char text[2048];
};

static void collect(const struct cl_error *e, void *arg)
{
	struct problems *p = arg;

	strncat(p->text, e->message, sizeof(p->text) - strlen(p->text) - 2);
	strcat(p->text, "\n");
}

static int import_text(struct cl_db *db, const char *csv, bool results, bool dry, bool skip,
		       struct cl_chronic_import_result *res, struct problems *p)
{
	struct cl_import_options opt = {
		.dry_run = dry, .skip_bad = skip, .bad_row = collect, .arg = p
	};
	struct cl_csv_reader *in;
	struct cl_error err = { 0 };
	int rc;

	memset(p, 0, sizeof(*p));
	assert_int_equal(cl_csv_open_mem(csv, strlen(csv), &in, &err), CL_OK);
	rc = results ? cl_result_import_reader(db, in, &opt, res, &err)
		     : cl_condition_import_reader(db, in, &opt, res, &err);
	cl_csv_close(in);
	return rc;
}

static void import_results(void **state)
{
	struct cl_db *db = *state;
	struct cl_chronic_import_result res;
	struct problems p;
	const char *good = "MRN,Date,LOINC code,Value,Unit\n"
			   "C01,2026-03-02,4548-4,9.4,%\n"
			   "C01,03/03/2026,8480-6,150,mm[Hg]\n"
			   "C01,2026-03-03,8462-4,92,mmHg\n"
			   "NOPE,2026-03-03,8462-4,92,mmHg\n";
	const char *bad = "MRN,Date,LOINC code,Value,Unit\n"
			  "C01,2026-03-02,4548-4,9.4,%\n"
			  "C01,2026-13-02,4548-4,abc,mmHg\n"
			  "C01,2026-03-02,1234-5,7,%\n";

	pat(db, 1);
	/* bad rows: each problem by line and column, nothing kept */
	assert_int_equal(import_text(db, bad, true, false, false, &res, &p), CL_EINVAL);
	assert_int_equal(res.base.outcome, CL_IMPORT_BAD_ROWS);
	assert_non_null(strstr(p.text, "line 3, column B"));
	assert_non_null(strstr(p.text, "line 3, column D"));
	assert_non_null(strstr(p.text, "line 3, column E"));
	assert_non_null(strstr(p.text, "line 4, column C"));
	assert_null(strstr(p.text, "abc"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM observation"), 0);
	/* skip_bad keeps the good row */
	assert_int_equal(import_text(db, bad, true, false, true, &res, &p), CL_OK);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.base.rejected, 2);
	/* a dry run keeps nothing */
	assert_int_equal(import_text(db, good, true, true, false, &res, &p), CL_OK);
	assert_int_equal(res.added, 2);
	assert_int_equal(res.duplicates, 1);
	assert_int_equal(res.unmatched, 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM observation"), 1);
	/* imported, then again: nothing changes */
	assert_int_equal(import_text(db, good, true, false, false, &res, &p), CL_OK);
	assert_int_equal(res.added, 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM observation"), 3);
	assert_int_equal(import_text(db, good, true, false, false, &res, &p), CL_OK);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.duplicates, 3);
	assert_int_equal(res.unmatched, 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM observation"), 3);
	/* a header without a value column */
	assert_int_equal(import_text(db, "MRN,Date,LOINC\nC01,2026-03-02,4548-4\n", true, false,
				     false, &res, &p),
			 CL_EINVAL);
	assert_int_equal(res.base.outcome, CL_IMPORT_BAD_HEADER);
}

static void import_conditions(void **state)
{
	struct cl_db *db = *state;
	struct cl_chronic_import_result res;
	struct problems p;
	const char *csv = "MRN,Code,Code system,Onset date,Status\n"
			  "C01,I10,ICD-10-CM,2020-05-01,active\n"
			  "C01,44054006,SNOMED CT,,\n"
			  "C02,Z99.9,,,\n"
			  "C02,I50.9,snomed,,\n";

	pat(db, 1);
	pat(db, 2);
	assert_int_equal(import_text(db, csv, false, false, false, &res, &p), CL_EINVAL);
	assert_non_null(strstr(p.text, "line 4, column B"));
	assert_non_null(strstr(p.text, "line 5, column B"));
	assert_int_equal(import_text(db, csv, false, false, true, &res, &p), CL_OK);
	assert_int_equal(res.added, 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM condition"), 2);
	assert_int_equal(test_count(db, "SELECT chronic_conditions FROM patient WHERE mrn = 'C01'"),
			 2);
	assert_int_equal(import_text(db, csv, false, false, true, &res, &p), CL_OK);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.duplicates, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_map),
		cmocka_unit_test(control_edges),
		cmocka_unit_test_setup_teardown(entry_refused_at_field, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(measures, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(gap_closes, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(check_agrees_with_the_rule, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(worklist_section, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(count_and_risk, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(import_results, setup, fix_teardown),
		cmocka_unit_test_setup_teardown(import_conditions, setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
