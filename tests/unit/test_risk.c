#include "config.h"

#include "db_private.h"
#include "fixture_careplan.h"

static void add_event(struct cl_db *db, const struct cl_patient *p, const char *kind,
		      const char *date)
{
	struct cl_error err = { 0 };
	struct cl_clinical_event e;

	cl_event_init(&e, &p->id);
	if (cl_event_field_set(&e, "kind", kind, &err) ||
	    cl_event_field_set(&e, "event_date", date, &err) || cl_event_add(db, &e, &err))
		fail_msg("event: %s", err.message);
}

static enum cl_risk suggest(struct cl_db *db, const struct cl_patient *p,
			    struct cl_risk_suggestion *s)
{
	struct cl_error err = { 0 };

	if (cl_risk_suggest(db, &p->id, s, &err))
		fail_msg("suggest: %s", err.message);
	return s->tier;
}

static void set_chronic(struct cl_db *db, struct cl_patient *p, int n)
{
	struct cl_error err = { 0 };

	if (cl_risk_set_chronic_conditions(db, &p->id, &p->version, n, &err))
		fail_msg("chronic: %s", err.message);
}

static void event_validation(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_clinical_event e, list[4];
	struct cl_patient p;
	int n;

	fix_patient(db, "E1", "low", "", &p);
	cl_event_init(&e, &p.id);
	assert_int_equal(cl_event_field_set(&e, "kind", "icu", &err), CL_EINVAL);
	assert_string_equal(err.field, "kind");
	assert_int_equal(cl_event_field_set(&e, "kind", "admission", &err), CL_OK);
	assert_int_equal(cl_event_field_set(&e, "event_date", "2026-03-16", &err), CL_OK);
	assert_int_equal(cl_event_add(db, &e, &err), CL_EINVAL);
	assert_string_equal(err.field, "event_date");
	assert_int_equal(cl_event_field_set(&e, "event_date", "03/01/2026", &err), CL_OK);
	assert_int_equal(cl_event_add(db, &e, &err), CL_OK);
	assert_int_equal(cl_event_list(db, &p.id, list, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].kind, CL_EVENT_ADMISSION);
	assert_string_equal(list[0].event_date, "2026-03-01");
	memset(&e.patient_id, 0, sizeof(e.patient_id));
	assert_int_equal(cl_event_add(db, &e, &err), CL_EINVAL);
}

static void rule_ed_visits(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_risk_suggestion s;
	struct cl_patient p;

	fix_patient(db, "R1", "low", "", &p);
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_string_equal(s.reason, "no risk rule met");
	/* Seven months back is outside the six-month window. */
	add_event(db, &p, "ed-visit", "2025-08-10");
	add_event(db, &p, "ed-visit", "2026-01-10");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(s.ed_visits, 1);
	assert_false(s.utilization_rule);
	/* The second within six months: high on its own (utilization). */
	add_event(db, &p, "ed-visit", "2025-09-15");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_HIGH);
	assert_int_equal(s.ed_visits, 2);
	assert_true(s.utilization_rule);
	assert_false(s.chronic_rule);
	assert_non_null(strstr(s.reason, "2 ED visits in 6 months"));
	/* Thresholds are settings. */
	assert_int_equal(cl_setting_set_int(db, "risk_ed_visits", 3, &err), CL_OK);
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(cl_setting_set_int(db, "risk_months", 12, &err), CL_OK);
	assert_int_equal(suggest(db, &p, &s), CL_RISK_HIGH);
	assert_int_equal(s.ed_visits, 3);
	/* Discharges are not ED visits. */
	fix_patient(db, "R1B", "low", "", &p);
	add_event(db, &p, "discharge", "2026-03-01");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
}

static void rule_admission(void **state)
{
	struct cl_db *db = *state;
	struct cl_risk_suggestion s;
	struct cl_patient p;

	fix_patient(db, "R2", "low", "", &p);
	add_event(db, &p, "admission", "2026-02-01");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_HIGH);
	assert_int_equal(s.admissions, 1);
	assert_int_equal(s.ed_visits, 0);
	assert_non_null(strstr(s.reason, "1 admission in 6 months"));
}

static void rule_chronic_conditions(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_risk_suggestion s;
	struct cl_patient p;
	long long stale;

	fix_patient(db, "R3", "low", "", &p);
	set_chronic(db, &p, 2);
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(s.chronic_conditions, 2);
	set_chronic(db, &p, 3);
	assert_int_equal(suggest(db, &p, &s), CL_RISK_RISING);
	assert_true(s.chronic_rule);
	assert_string_equal(s.reason, "3 chronic conditions");
	/* The count is versioned with the patient. */
	stale = p.version - 1;
	assert_int_equal(cl_risk_set_chronic_conditions(db, &p.id, &stale, 5, &err), CL_ECONFLICT);
	assert_int_equal(cl_risk_set_chronic_conditions(db, &p.id, &p.version, 100, &err),
			 CL_EINVAL);
}

static int hrsn_domains;
static int fake_hrsn(struct cl_db *db, const struct cl_id *patient, struct cl_error *err)
{
	(void)db;
	(void)patient;
	(void)err;
	return hrsn_domains;
}

/* Two rules that are each "rising" make "high" together. */
static void two_rules_make_high(void **state)
{
	struct cl_db *db = *state;
	struct cl_risk_suggestion s;
	struct cl_patient p;

	fix_patient(db, "R3B", "low", "", &p);
	set_chronic(db, &p, 4);
	cl_risk_hrsn_hook = fake_hrsn;
	hrsn_domains = 1;
	assert_int_equal(suggest(db, &p, &s), CL_RISK_HIGH);
	assert_false(s.utilization_rule);
	assert_string_equal(s.reason, "4 chronic conditions; 1 positive social-need domain");
	cl_risk_hrsn_hook = NULL;
}

static void rule_hrsn(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_risk_suggestion s;
	struct cl_patient p;

	fix_patient(db, "R4", "low", "", &p);
	/* From the screening module's table: none yet. */
	cl_risk_hrsn_hook = NULL;
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(s.hrsn_positive_domains, 0);
	/* Two positive domains of the latest scored screening (rows as the screening module
	 * keeps them; its own tests cover how). */
	fix_exec(db, "PRAGMA foreign_keys = OFF");
	{
		sqlite3_stmt *st;

		assert_int_equal(
			sqlite3_prepare_v2(cl_db_sqlite(db),
					   "INSERT INTO screening_positive (domain_code,"
					   " patient_id, screened_on, screening_id, sensitive)"
					   " SELECT column1, ?1, '2026-03-01', x'01', 0 FROM"
					   " (VALUES ('food'), ('utilities'))",
					   -1, &st, NULL),
			SQLITE_OK);
		assert_int_equal(sqlite3_bind_blob(st, 1, p.id.bytes, CL_ID_LEN, SQLITE_TRANSIENT),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	fix_exec(db, "PRAGMA foreign_keys = ON");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_RISING);
	assert_int_equal(s.hrsn_positive_domains, 2);
	assert_true(s.hrsn_rule);
	assert_string_equal(s.reason, "2 positive social-need domains");
	/* The rule can be turned off. */
	assert_int_equal(cl_setting_set_int(db, "risk_hrsn", 0, &err), CL_OK);
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(cl_setting_set_int(db, "risk_hrsn", 1, &err), CL_OK);
	/* A hook replaces the table. */
	cl_risk_hrsn_hook = fake_hrsn;
	hrsn_domains = 0;
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	hrsn_domains = -1;
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(s.hrsn_positive_domains, -1);
	cl_risk_hrsn_hook = NULL;
	/* Without the screening tables: not available, not a rule. */
	fix_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON");
	fix_exec(db, "ALTER TABLE screening_positive RENAME TO screening_positive_gone");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_LOW);
	assert_int_equal(s.hrsn_positive_domains, -1);
}

static void tier_change_history(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_risk_suggestion s;
	struct cl_risk_change h[4];
	struct cl_patient p, q;
	long long version, stale;
	int n;

	fix_patient(db, "R5", "low", "", &p);
	version = p.version;
	/* A reason is required; the same tier is not a change. */
	assert_int_equal(cl_risk_set(db, &p.id, &version, CL_RISK_HIGH, "", CL_RISK_BY_COORDINATOR,
				     NULL, &err),
			 CL_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(cl_risk_set(db, &p.id, &version, CL_RISK_LOW, "why",
				     CL_RISK_BY_COORDINATOR, NULL, &err),
			 CL_EINVAL);
	assert_string_equal(err.field, "risk_tier");
	/* The rules say high; the coordinator overrides with rising. */
	add_event(db, &p, "admission", "2026-02-01");
	assert_int_equal(suggest(db, &p, &s), CL_RISK_HIGH);
	stale = version;
	assert_int_equal(cl_risk_set(db, &p.id, &version, CL_RISK_RISING,
				     "Admission was elective; doing well", CL_RISK_BY_COORDINATOR,
				     &s.tier, &err),
			 CL_OK);
	assert_int_equal(version, stale + 1);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_int_equal(q.risk_tier, CL_RISK_RISING);
	assert_int_equal(q.version, version);
	/* A stale version loses. */
	assert_int_equal(cl_risk_set(db, &p.id, &stale, CL_RISK_HIGH, "x", CL_RISK_BY_COORDINATOR,
				     NULL, &err),
			 CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by"));
	/* Accepting the suggestion later. */
	assert_int_equal(cl_risk_accept(db, &p.id, &version, &s, &err), CL_OK);
	assert_int_equal(cl_risk_history(db, &p.id, h, 4, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].to, CL_RISK_HIGH);
	assert_int_equal(h[0].from, CL_RISK_RISING);
	assert_int_equal(h[0].source, CL_RISK_BY_RULES);
	assert_string_equal(h[0].reason, "1 admission in 6 months");
	assert_int_equal(h[1].source, CL_RISK_BY_COORDINATOR);
	assert_true(h[1].has_suggested);
	assert_int_equal(h[1].suggested, CL_RISK_HIGH);
	assert_string_equal(h[1].reason, "Admission was elective; doing well");
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM audit WHERE entity = 'patient' AND"
				 " action = 'update' AND record_id = ?1",
				 &p.id),
			 2);
	/* A change made in the patient form still leaves history (source "record"). */
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	q.risk_tier = CL_RISK_LOW;
	assert_int_equal(cl_patient_update(db, &q, &err), CL_OK);
	assert_int_equal(cl_risk_history(db, &p.id, h, 4, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(h[0].source, CL_RISK_BY_RECORD);
	assert_int_equal(h[0].to, CL_RISK_LOW);
	/* History is append-only. */
	assert_int_not_equal(
		sqlite3_exec(cl_db_sqlite(db), "DELETE FROM risk_change", NULL, NULL, NULL),
		SQLITE_OK);
}

static void bulk_assignment(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p[3], q;
	struct cl_id ids[4];
	size_t changed;

	fix_other_cm(db);
	fix_patient(db, "A1", "low", cl_db_user(db), &p[0]);
	fix_patient(db, "A2", "low", "", &p[1]);
	fix_patient(db, "A3", "low", "bwells", &p[2]);
	for (int i = 0; i < 3; i++)
		ids[i] = p[i].id;
	/* One unknown patient: nothing changes. */
	cl_id_new(&ids[3]);
	assert_int_equal(cl_assign_care_manager(db, ids, 4, "bwells", &changed, &err),
			 CL_ENOTFOUND);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM patient WHERE care_manager_id ="
				 " x'00112233445566778899aabbccddeeff'",
				 NULL),
			 1);
	assert_int_equal(cl_assign_care_manager(db, ids, 3, "nobody", &changed, &err), CL_EINVAL);
	assert_string_equal(err.field, "care_manager");
	assert_int_equal(cl_assign_care_manager(db, ids, 3, "bwells", &changed, &err), CL_OK);
	assert_int_equal(changed, 2);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM patient WHERE care_manager_id ="
				 " x'00112233445566778899aabbccddeeff'",
				 NULL),
			 3);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM audit WHERE entity = 'patient' AND"
				 " action = 'update'",
				 NULL),
			 2);
	/* An open form on a reassigned patient now conflicts. */
	assert_int_equal(cl_patient_update(db, &p[0], &err), CL_ECONFLICT);
	assert_int_equal(cl_patient_get(db, &p[2].id, &q, &err), CL_OK);
	assert_int_equal(q.version, p[2].version);
	/* Unassign. */
	assert_int_equal(cl_assign_care_manager(db, ids, 1, NULL, &changed, &err), CL_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(cl_patient_get(db, &p[0].id, &q, &err), CL_OK);
	assert_string_equal(q.care_manager, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(event_validation, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(rule_ed_visits, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(rule_admission, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(rule_chronic_conditions, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(two_rules_make_high, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(rule_hrsn, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(tier_change_history, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(bulk_assignment, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
