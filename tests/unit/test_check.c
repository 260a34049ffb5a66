/* careloop check beyond the chain: the schema's triggers and every derived column. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "demo.h"
#include "demo_careplan.h"
#include "testlib.h"

static struct cl_db *demo_db(long patients)
{
	struct cl_demo_options opt = { .patients = patients, .seed = 11 };
	struct cl_error err = { 0 };
	struct cl_db *db;

	assert_int_equal(cl_db_open(":memory:", CL_DB_CREATE, &db, &err), CL_OK);
	if (cl_demo_generate(db, &opt, &err))
		fail_msg("demo: %s", err.message);
	return db;
}

static void exec(struct cl_db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* The findings, one a line. */
struct findings {
	int n;
	char text[2048];
};

static void collect(const char *problem, void *arg)
{
	struct findings *f = arg;
	size_t len = strlen(f->text);

	f->n++;
	snprintf(f->text + len, sizeof(f->text) - len, "%s\n", problem);
}

static void demo_checks_clean(void **state)
{
	struct cl_db *db = demo_db(3000);
	struct findings f = { 0 };
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_check_triggers(db, collect, &f, &err), CL_OK);
	assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_OK);
	assert_int_equal(f.n, 0);
	cl_db_close(db);
}

static void triggers_are_compared_with_the_schema(void **state)
{
	struct cl_db *db;
	struct findings f = { 0 };
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_db_open(":memory:", 0, &db, &err), CL_OK);
	assert_int_equal(cl_check_triggers(db, collect, &f, &err), CL_OK);
	/* The guards dropped, one rewritten to do nothing, one of someone else's added. */
	exec(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; "
		 "DROP TRIGGER risk_change_no_delete; CREATE TRIGGER risk_change_no_delete "
		 "BEFORE DELETE ON risk_change BEGIN SELECT 1; END; "
		 "CREATE TRIGGER audit_quiet AFTER INSERT ON audit BEGIN SELECT 1; END");
	assert_int_equal(cl_check_triggers(db, collect, &f, &err), CL_ECORRUPT);
	assert_int_equal(f.n, 4);
	assert_non_null(strstr(f.text, "trigger audit_no_update on audit is missing\n"));
	assert_non_null(strstr(f.text, "trigger audit_no_delete on audit is missing\n"));
	assert_non_null(
		strstr(f.text, "trigger risk_change_no_delete on risk_change was changed\n"));
	assert_non_null(strstr(f.text, "trigger audit_quiet on audit is not careloop's\n"));
	assert_non_null(strstr(err.message, "audit_no_"));
	cl_db_close(db);
}

/* Each derived column corrupted by SQL is reported by table/column and count. */
static void corrupted_derived_columns_are_reported(void **state)
{
	static const struct {
		const char *sql, *finding;
	} cases[] = {
		{ "UPDATE patient SET last_reached_at = '' WHERE id IN (SELECT id FROM patient "
		  "WHERE last_reached_at != '' LIMIT 5)",
		  "patient.last_reached_at: 5 rows disagree with contact" },
		{ "UPDATE patient SET last_reached_at = '2001-01-01T09:00' WHERE id IN (SELECT id "
		  "FROM patient WHERE last_reached_at = '' LIMIT 1)",
		  "patient.last_reached_at: 1 row disagrees with contact" },
		/* (of patients without positives, which would disagree too: ids are random) */
		{ "DELETE FROM screening_status WHERE patient_id IN (SELECT patient_id FROM "
		  "screening_status st WHERE NOT EXISTS (SELECT 1 FROM screening_positive sp "
		  "WHERE sp.patient_id = st.patient_id) LIMIT 2)",
		  "screening_status: 2 rows disagree with patient" },
		{ "UPDATE screening_status SET active = 1 - active WHERE patient_id IN (SELECT "
		  "patient_id FROM screening_status LIMIT 3)",
		  "screening_status.active: 3 rows disagree with patient.status" },
		{ "UPDATE screening_status SET care_manager_id = NULL WHERE patient_id IN (SELECT "
		  "patient_id FROM screening_status WHERE care_manager_id IS NOT NULL LIMIT 3)",
		  "screening_status.care_manager_id: 3 rows disagree with patient.care_manager_id" },
		{ "UPDATE screening_status SET last_on = '2000-01-01' WHERE patient_id IN (SELECT "
		  "patient_id FROM screening_status WHERE last_on != '' LIMIT 4)",
		  "screening_status.last_on: 4 rows disagree with screening" },
		/* (of patients without positives, which would disagree too) */
		{ "UPDATE screening_status SET scored_id = NULL WHERE patient_id IN (SELECT "
		  "patient_id FROM screening_status st WHERE scored_id IS NOT NULL AND NOT EXISTS "
		  "(SELECT 1 FROM screening_positive sp WHERE sp.patient_id = st.patient_id) "
		  "LIMIT 2)",
		  "screening_status.scored_id: 2 rows disagree with screening" },
		{ "DELETE FROM screening_positive WHERE (domain_code, screened_on, patient_id) IN "
		  "(SELECT domain_code, screened_on, patient_id FROM screening_positive LIMIT 2)",
		  "screening_positive: 2 rows disagree with screening_result" },
		{ "DELETE FROM organization_service WHERE organization_id IN (SELECT id FROM "
		  "organization LIMIT 1)",
		  "organization_service: 1 row disagrees with organization.services" },
		{ "UPDATE patient_count SET n = n + 7 WHERE status = 'active'",
		  "patient_count: 1 row disagrees with patient" },
		{ "UPDATE task SET patient_active = 1 - patient_active WHERE id IN (SELECT id "
		  "FROM task LIMIT 3)",
		  "task.patient_active: 3 rows disagree with patient.status" },
		{ "UPDATE referral SET patient_active = 0 WHERE id IN (SELECT r.id FROM referral r "
		  "JOIN patient p ON p.id = r.patient_id WHERE p.status = 'active' LIMIT 2)",
		  "referral.patient_active: 2 rows disagree with patient.status" },
		{ "UPDATE referral SET status = 'completed' WHERE id IN (SELECT id FROM referral "
		  "WHERE status = 'requested' LIMIT 2)",
		  "referral.status: 2 rows disagree with referral_event" },
		/* A care gap's fields, the rows themselves, each counted once by (patient, kind) */
		{ "UPDATE chronic_gap SET controlled = 1 - controlled WHERE id IN (SELECT id FROM "
		  "chronic_gap WHERE kind = 'bp' AND last_on != '' LIMIT 1)",
		  "chronic_gap: 1 row disagrees with condition, observation" },
		{ "UPDATE chronic_gap SET controlled = 1 - controlled WHERE id IN (SELECT id FROM "
		  "chronic_gap WHERE kind = 'a1c' LIMIT 2)",
		  "chronic_gap: 2 rows disagree with condition, observation" },
		{ "UPDATE chronic_gap SET reading = '200/120' WHERE id IN (SELECT id FROM "
		  "chronic_gap WHERE kind = 'bp' AND last_on != '' LIMIT 1)",
		  "chronic_gap: 1 row disagrees with condition, observation" },
		{ "UPDATE chronic_gap SET last_on = '2001-01-01' WHERE id IN (SELECT id FROM "
		  "chronic_gap WHERE kind = 'a1c' LIMIT 1)",
		  "chronic_gap: 1 row disagrees with condition, observation" },
		{ "DELETE FROM chronic_gap WHERE id IN (SELECT id FROM chronic_gap LIMIT 3)",
		  "chronic_gap: 3 rows disagree with condition, observation" },
		{ "INSERT INTO chronic_gap (id, patient_id, kind) SELECT randomblob(16), p.id, 'a1c' "
		  "FROM patient p WHERE NOT EXISTS (SELECT 1 FROM condition c WHERE c.patient_id = "
		  "p.id) LIMIT 1",
		  "chronic_gap: 1 row disagrees with condition, observation" },
	};
	struct cl_db *db = demo_db(3000);
	struct cl_error err = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct findings f = { 0 };

		exec(db, "BEGIN");
		exec(db, cases[i].sql);
		assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_ECORRUPT);
		exec(db, "ROLLBACK");
		if (f.n != 1 || strncmp(f.text, cases[i].finding, strlen(cases[i].finding)) != 0)
			fail_msg("%s: want \"%s\", got \"%s\"", cases[i].sql, cases[i].finding,
				 f.text);
		assert_string_equal(err.message, cases[i].finding);
	}
	cl_db_close(db);
}

static void die(long done, long total, void *arg)
{
	(void)done;
	(void)total;
	(void)arg;
	_exit(0); /* as kill -9 would, between two steps of the generator */
}

/*
 * demo killed while it writes care plans: whatever it leaves, patient.last_reached_at
 * agrees with the contacts (it used to commit the contacts, then the patients' column).
 */
static void killed_demo_leaves_derived_columns_right(void **state)
{
	struct cl_demo_options opt = { .patients = 400, .seed = 5 };
	struct findings f = { 0 };
	struct cl_error err = { 0 };
	char dir[256], path[300];
	struct cl_db *db;
	int status;
	pid_t pid;

	(void)state;
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE, &db, &err), CL_OK);
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	/* Patients without care plans, for the generator to fill (the demo's safety flag
	   points to its task: unlinked first). */
	exec(db, "UPDATE screening SET safety_task_id = NULL; "
		 "DELETE FROM contact; DELETE FROM task; DELETE FROM goal; "
		 "DELETE FROM clinical_event; "
		 "UPDATE patient SET last_reached_at = '', chronic_conditions = 0");
	assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_OK);
	cl_db_close(db);

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (cl_db_open(path, 0, &db, &err) == CL_OK)
			cl_demo_careplan(db, 5, die, NULL, NULL, &err);
		_exit(1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_int_equal(cl_db_open(path, 0, &db, &err), CL_OK);
	assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_OK);
	/* And a run to the end fills them. */
	assert_int_equal(cl_demo_careplan(db, 5, NULL, NULL, NULL, &err), CL_OK);
	assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_OK);
	cl_db_close(db);
	test_remove_tree(dir);
}

/*
 * The care gaps are checked without writing: on a read-only file, a gap tampered with is
 * reported and nothing changes (the rows' random ids are not compared: made again, clean).
 */
static void chronic_gap_checked_read_only(void **state)
{
	struct cl_demo_options opt = { .patients = 300, .seed = 7 };
	struct findings f = { 0 };
	struct cl_error err = { 0 };
	char dir[256], path[300];
	struct cl_db *db;
	sqlite3_stmt *st;
	long long gaps, changes;

	(void)state;
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE, &db, &err), CL_OK);
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	/* Every patient's gaps made again (new ids): still what the rule makes. */
	exec(db, "INSERT INTO chronic_gap_refresh (patient_id) SELECT id FROM patient");
	assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_OK);
	assert_int_equal(f.n, 0);
	exec(db, "UPDATE chronic_gap SET controlled = 1 - controlled WHERE id IN (SELECT id "
		 "FROM chronic_gap WHERE kind = 'bp' LIMIT 1)");
	cl_db_close(db);

	assert_int_equal(cl_db_open(path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db),
					    "SELECT (SELECT count(*) FROM chronic_gap), "
					    "total_changes()",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	gaps = sqlite3_column_int64(st, 0);
	changes = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	assert_true(gaps > 0);
	assert_int_equal(cl_check_derived(db, collect, &f, &err), CL_ECORRUPT);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.text, "chronic_gap: 1 row disagrees with condition, observation\n");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), gaps);
	assert_int_equal(sqlite3_column_int64(st, 1), changes);
	sqlite3_finalize(st);
	cl_db_close(db);
	test_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_checks_clean),
		cmocka_unit_test(triggers_are_compared_with_the_schema),
		cmocka_unit_test(corrupted_derived_columns_are_reported),
		cmocka_unit_test(killed_demo_leaves_derived_columns_right),
		cmocka_unit_test(chronic_gap_checked_read_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
