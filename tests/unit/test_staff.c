/*
 * Staff: roles as data, the bootstrap rule (the file's owner manages staff until a
 * supervisor exists), a deactivated person refused at open and their tasks unassigned, a
 * read-only role refused on every kind of write (and on raw SQL: no write path gets past
 * it), and the access review by patient, by user and by dates, itself recorded.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit_review.h"
#include "careloop.h"
#include "db_private.h"
#include "fixture_careplan.h"
#include "staff.h"
#include "testdb.h"
#include "testlib.h"
#include "worklist.h"

struct fixture {
	char dir[256];
	char path[512];
};

/* Open the fixture's database as login (NULL: the OS user, the file's owner). */
static struct cl_db *open_as(struct fixture *f, const char *login)
{
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;

	if (login)
		setenv("CARELOOP_USER", login, 1);
	else
		unsetenv("CARELOOP_USER");
	if (cl_db_open(f->path, 0, &db, &err))
		fail_msg("open as %s: %s", login ? login : "owner", err.message);
	unsetenv("CARELOOP_USER");
	return db;
}

/* Open as login and expect a refusal: its status, and the message in err. */
static int open_refused(struct fixture *f, const char *login, struct cl_error *err)
{
	struct cl_db *db = NULL;
	int rc;

	setenv("CARELOOP_USER", login, 1);
	rc = cl_db_open(f->path, 0, &db, err);
	unsetenv("CARELOOP_USER");
	cl_db_close(db);
	return rc;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cl_error err = { 0 };
	struct cl_db *db;

	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
	setenv("TZ", "UTC", 1);
	unsetenv("CARELOOP_USER");
	test_temp_dir(f->dir, sizeof(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/careloop.db", f->dir);
	if (cl_db_open(f->path, CL_DB_CREATE, &db, &err))
		return -1;
	/* A care manager from before staff existed (registered by first use). */
	fix_other_cm(db);
	cl_db_close(db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unsetenv("CARELOOP_USER");
	test_remove_tree(f->dir);
	free(f);
	return 0;
}

/* The owner adds sup (supervisor), coord (coordinator) and ro (read-only). */
static void add_staff(struct fixture *f)
{
	struct cl_error err = { 0 };
	struct cl_db *db = open_as(f, NULL);

	assert_true(cl_db_user_bootstrap(db));
	assert_int_equal(cl_staff_add(db, "sup", "Sue Pervisor", "supervisor", &err), CL_OK);
	assert_int_equal(cl_staff_add(db, "coord", "Cory Ordinator", NULL, &err), CL_OK);
	assert_int_equal(cl_staff_add(db, "ro", "Rita Only", "readonly", &err), CL_OK);
	cl_db_close(db);
}

static const struct cl_staff *find(const struct cl_staff *rows, int n, const char *login)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].login, login) == 0)
			return &rows[i];
	fail_msg("%s is not on the staff list", login);
	return NULL;
}

static void roles_and_bootstrap(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_staff *rows;
	struct cl_db *db;
	int n;

	/* Before any supervisor: the owner manages staff (add_staff checks it). */
	add_staff(f);

	/* A supervisor exists: the owner is a coordinator like anyone else. */
	db = open_as(f, NULL);
	assert_false(cl_db_user_bootstrap(db));
	assert_false(cl_db_user_may(db, CL_POWER_MANAGE_STAFF));
	assert_false(cl_db_user_may(db, CL_POWER_READ_AUDIT));
	assert_int_equal(cl_staff_add(db, "x1", "X", NULL, &err), CL_EPERM);
	assert_non_null(strstr(err.message, "only a supervisor manages staff"));
	cl_db_close(db);
	db = open_as(f, "coord");
	assert_string_equal(cl_db_user_role(db), "coordinator");
	assert_true(cl_db_user_may(db, CL_POWER_WRITE));
	assert_false(cl_db_user_may(db, CL_POWER_SEE_EVERYONE));
	assert_int_equal(cl_staff_set_role(db, "coord", "supervisor", &err), CL_EPERM);
	assert_int_equal(cl_staff_set_active(db, "ro", false, &err), CL_EPERM);
	cl_db_close(db);

	db = open_as(f, "sup");
	assert_string_equal(cl_db_user_role(db), "supervisor");
	assert_true(cl_db_user_may(db, CL_POWER_MANAGE_STAFF));
	assert_true(cl_db_user_may(db, CL_POWER_SEE_EVERYONE));
	assert_true(cl_db_user_may(db, CL_POWER_READ_AUDIT));
	assert_int_equal(cl_staff_add(db, "coord", "Again", NULL, &err), CL_EEXIST);
	assert_int_equal(cl_staff_add(db, "x2", "X", "boss", &err), CL_EINVAL);
	assert_string_equal(err.field, "role");
	assert_int_equal(cl_staff_add(db, "bad login", "X", NULL, &err), CL_EINVAL);
	assert_int_equal(cl_staff_add(db, "x3", "", NULL, &err), CL_EINVAL);
	assert_int_equal(cl_staff_set_role(db, "nobody", "readonly", &err), CL_ENOTFOUND);
	assert_int_equal(cl_staff_set_active(db, "sup", false, &err), CL_EINVAL);
	assert_int_equal(cl_staff_set_role(db, "bwells", "readonly", &err), CL_OK);
	assert_int_equal(cl_staff_set_role(db, "bwells", "coordinator", &err), CL_OK);

	/* Roles are data: the list shows each with its label; the first-use one is a coordinator. */
	assert_int_equal(cl_staff_list(db, &rows, &n, &err), CL_OK);
	assert_string_equal(find(rows, n, "bwells")->role, "coordinator");
	assert_string_equal(find(rows, n, "bwells")->role_label, "Coordinator");
	assert_string_equal(find(rows, n, "sup")->role_label, "Supervisor");
	assert_string_equal(find(rows, n, "ro")->role, "readonly");
	assert_true(find(rows, n, "ro")->active);
	free(rows);
	/* Every change to the staff is audited. */
	assert_true(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'care_manager'") >=
		    5);
	/* A role not in staff_role cannot be stored, even by hand. */
	assert_int_not_equal(cl_db_exec(db, "UPDATE care_manager SET role = 'boss'", &err), CL_OK);
	cl_db_close(db);

	/* The last supervisor demoted: the owner may manage staff again (bootstrap). */
	db = open_as(f, "sup");
	assert_int_equal(cl_staff_set_role(db, "sup", "coordinator", &err), CL_OK);
	cl_db_close(db);
	db = open_as(f, NULL);
	assert_true(cl_db_user_bootstrap(db));
	assert_true(cl_db_user_may(db, CL_POWER_MANAGE_STAFF));
	cl_db_close(db);
}

static void deactivated_refused_at_open(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_staff s;
	struct cl_db *db;

	add_staff(f);
	db = open_as(f, "sup");
	assert_int_equal(cl_staff_set_active(db, "coord", false, &err), CL_OK);
	cl_db_close(db);
	assert_int_equal(open_refused(f, "coord", &err), CL_EPERM);
	assert_string_equal(err.message, "your account (coord) is deactivated in this database; "
					 "ask a supervisor");
	/* Nothing deleted: the row is there, inactive; activated, they open again. */
	db = open_as(f, "sup");
	assert_int_equal(cl_staff_get(db, "coord", &s, &err), CL_OK);
	assert_false(s.active);
	assert_int_equal(cl_staff_set_active(db, "coord", true, &err), CL_OK);
	cl_db_close(db);
	cl_db_close(open_as(f, "coord"));
}

/* Counts of every table a readonly user's writes would touch, and the audit's. */
static long long total_rows(struct cl_db *db)
{
	return test_count(db,
			  "SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM task)"
			  " + (SELECT count(*) FROM contact) + (SELECT count(*) FROM screening)"
			  " + (SELECT count(*) FROM audit) + (SELECT count(*) FROM setting)"
			  " + (SELECT total(version) FROM patient) + (SELECT total(version) FROM"
			  " task)");
}

static void readonly_refused_each_write(void **state)
{
	static const char readonly_msg[] = "read-only: your role cannot change records";
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_import_options opt = { 0 };
	struct cl_import_result res = { 0 };
	struct cl_patient p;
	struct cl_contact c;
	struct cl_task t;
	struct cl_db *db;
	char csv[600];
	long long before, lock;
	FILE *out;

	add_staff(f);
	db = open_as(f, "coord");
	fix_patient(db, "R1", "high", "coord", &p);
	fix_task(db, &p, "Call", "2026-03-10", "coord", &t);
	cl_db_close(db);
	snprintf(csv, sizeof(csv), "%s/screenings.csv", f->dir);
	assert_non_null(out = fopen(csv, "w"));
	fputs("mrn,date,instrument,language,declined\nR1,2026-03-01,ahc-hrsn,en,yes\n", out);
	fclose(out);

	db = open_as(f, "ro");
	assert_string_equal(cl_db_user_role(db), "readonly");
	assert_false(cl_db_user_may(db, CL_POWER_WRITE));
	before = total_rows(db);
	lock = cl_setting_int(db, "lock_minutes");

	/* A patient save. */
	assert_int_equal(cl_patient_by_mrn(db, "R1", &p, &err), CL_OK);
	assert_int_equal(cl_patient_field_set(&p, "phone", "505-555-0100", &err), CL_OK);
	assert_int_equal(cl_patient_update(db, &p, &err), CL_EPERM);
	assert_string_equal(err.message, readonly_msg);
	/* A contact logged. */
	cl_contact_init(&c, &p.id);
	assert_int_equal(cl_contact_field_set(&c, "occurred_at", "2026-03-14 10:00", &err), CL_OK);
	assert_int_equal(cl_contact_field_set(&c, "outcome", "reached", &err), CL_OK);
	assert_int_equal(cl_contact_field_set(&c, "minutes", "10", &err), CL_OK);
	assert_int_equal(cl_contact_log(db, &c, NULL, 0, &err), CL_EPERM);
	assert_string_equal(err.message, readonly_msg);
	/* A task closed. */
	assert_int_equal(cl_task_get(db, &t.id, &t, &err), CL_OK);
	assert_int_equal(cl_task_close(db, &t, CL_TASK_DONE, &err), CL_EPERM);
	assert_string_equal(err.message, readonly_msg);
	/* An import. */
	assert_int_equal(cl_screening_import(db, csv, &opt, &res, &err), CL_EPERM);
	assert_string_equal(err.message, readonly_msg);
	/* A setting. */
	assert_int_equal(cl_setting_set_int(db, "lock_minutes", lock + 5, &err), CL_EPERM);
	assert_string_equal(err.message, readonly_msg);
	/* Staff, and the audit: not a supervisor's. */
	assert_int_equal(cl_staff_add(db, "x", "X", NULL, &err), CL_EPERM);
	/* No write path gets past it: raw SQL outside cl_db_begin, and query_only stays on. */
	assert_int_not_equal(cl_db_exec(db, "UPDATE patient SET phone = ''", &err), CL_OK);
	assert_int_equal(err.code, CL_EPERM);
	assert_int_not_equal(cl_db_exec(db,
					"INSERT INTO setting (key, value, updated_at,"
					" updated_by) VALUES ('x', 'y', 'z', 'w')",
					&err),
			     CL_OK);
	assert_int_not_equal(cl_db_exec(db, "PRAGMA query_only = 0", &err), CL_OK);
	assert_int_not_equal(cl_db_exec(db, "DELETE FROM task", &err), CL_OK);
	assert_int_equal(total_rows(db), before);
	assert_int_equal(cl_setting_int(db, "lock_minutes"), lock);
	/* Looking is allowed, and recorded. */
	assert_int_equal(cl_access_view(db, "patient", &p.id, &err), CL_OK);
	cl_db_close(db);

	db = open_as(f, "coord");
	assert_int_equal(total_rows(db), before);
	assert_int_equal(cl_patient_by_mrn(db, "R1", &p, &err), CL_OK);
	assert_string_equal(p.phone, "");
	cl_db_close(db);
}

static int task_rows(struct cl_db *db, struct cl_worklist_row *rows, int max)
{
	struct cl_worklist_filter everyone = { .mine = false };
	struct cl_error err = { 0 };
	int n = 0;

	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_TASKS, &everyone, NULL, rows, max, &n, &err),
		CL_OK);
	return n;
}

static void deactivated_work_unassigned(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[4];
	struct cl_patient p;
	struct cl_task t;
	struct cl_db *db;

	add_staff(f);
	db = open_as(f, "coord");
	fix_patient(db, "U1", "high", "coord", &p);
	fix_task(db, &p, "Call", "2026-03-10", "coord", &t);
	cl_db_close(db);

	db = open_as(f, "sup");
	assert_int_equal(task_rows(db, rows, 4), 1);
	assert_string_equal(rows[0].care_manager_name, "Cory Ordinator");
	assert_int_equal(cl_staff_set_active(db, "coord", false, &err), CL_OK);
	/* Their open task stays on the worklist, unassigned. */
	assert_int_equal(task_rows(db, rows, 4), 1);
	assert_string_equal(rows[0].care_manager_name, "");
	/* Reassigned, it shows its new care manager. */
	assert_int_equal(cl_task_get(db, &t.id, &t, &err), CL_OK);
	assert_int_equal(cl_task_field_set(&t, "assignee", "bwells", &err), CL_OK);
	assert_int_equal(cl_task_update(db, &t, &err), CL_OK);
	assert_int_equal(task_rows(db, rows, 4), 1);
	assert_string_equal(rows[0].care_manager_name, "Bea Wells");
	/* A deactivated person is no longer offered for assignment. */
	{
		struct cl_care_manager cms[16];
		int n, i;

		assert_int_equal(cl_care_manager_list(db, cms, 16, &n, &err), CL_OK);
		for (i = 0; i < n; i++)
			assert_string_not_equal(cms[i].login, "coord");
	}
	cl_db_close(db);
}

static bool has_entry(const struct cl_audit_entry *rows, int n, const char *actor,
		      const char *action, const char *what)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].actor, actor) == 0 && strcmp(rows[i].action, action) == 0 &&
		    strcmp(rows[i].what, what) == 0)
			return true;
	return false;
}

static void audit_review(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_audit_query q = { 0 };
	struct cl_audit_entry *rows;
	struct cl_patient p, other;
	struct cl_task t;
	struct cl_db *db;
	char now[32], today[CL_DATE_LEN];
	long long reads;
	int n, i;

	add_staff(f);
	db = open_as(f, "coord");
	fix_patient(db, "A1", "high", "coord", &p);
	fix_patient(db, "A2", "low", "coord", &other);
	fix_task(db, &p, "Call", "2026-03-10", "coord", &t);
	assert_int_equal(cl_access_view(db, "patient", &p.id, &err), CL_OK);
	assert_int_equal(cl_access_view(db, "patient", &other.id, &err), CL_OK);
	/* A coordinator may not read the audit: refused, and nothing recorded. */
	q.has_patient = true;
	q.patient = p.id;
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_EPERM);
	assert_null(rows);
	assert_int_equal(cl_access_count(db, "report", "audit-read", NULL, &reads, &err), CL_OK);
	assert_int_equal(reads, 0);
	cl_db_close(db);
	db = open_as(f, "ro");
	assert_int_equal(cl_access_view(db, "patient", &p.id, &err), CL_OK);
	cl_db_close(db);

	db = open_as(f, "sup");
	/* By patient: the views and the changes of this patient and its records only. */
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_true(has_entry(rows, n, "coord", "view", "patient"));
	assert_true(has_entry(rows, n, "ro", "view", "patient"));
	assert_true(has_entry(rows, n, "coord", "create", "patient"));
	assert_true(has_entry(rows, n, "coord", "create", "task"));
	for (i = 0; i < n; i++) {
		assert_string_equal(rows[i].mrn, "A1");
		if (i > 0)
			assert_true(strcmp(rows[i - 1].at, rows[i].at) >= 0); /* newest first */
	}
	assert_int_equal(n, 4);
	free(rows);
	/* Reading it was recorded, with the patient and the rows listed. */
	assert_int_equal(cl_access_count(db, "report", "audit-read", &p.id, &reads, &err), CL_OK);
	assert_int_equal(reads, 1);

	/* By user: what ro did (one view), and what coord did (both patients). */
	memset(&q, 0, sizeof(q));
	q.user = "ro";
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A1");
	assert_string_equal(rows[0].action, "view");
	free(rows);
	q.user = "coord";
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_true(has_entry(rows, n, "coord", "create", "task"));
	for (i = 0; i < n && strcmp(rows[i].mrn, "A2") != 0; i++)
		;
	assert_true(i < n);
	free(rows);
	/* The supervisor's own reading shows in their review. */
	q.user = "sup";
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_true(has_entry(rows, n, "sup", "report", "audit-read"));
	free(rows);

	/* Dates: the clinic's local days, inclusive (whatever the clock says today). */
	cl_date_local(cl_db_now(now, sizeof(now)), today);
	q.user = "ro";
	snprintf(q.from, sizeof(q.from), "%s", today);
	snprintf(q.to, sizeof(q.to), "%s", today);
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	free(rows);
	cl_date_add_days(today, 1, q.from);
	q.to[0] = '\0';
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	free(rows);
	q.from[0] = '\0';
	cl_date_add_days(today, -1, q.to);
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	free(rows);
	snprintf(q.from, sizeof(q.from), "2026-02-30");
	assert_int_equal(cl_audit_review(db, &q, &rows, &n, &err), CL_EINVAL);
	/* Every review above was recorded, the refused one not. */
	assert_int_equal(cl_access_count(db, "report", "audit-read", NULL, &reads, &err), CL_OK);
	assert_int_equal(reads, 7);
	cl_db_close(db);
}

/* CARELOOP_USER must be a login. */
static void user_override_checked(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };

	assert_int_equal(open_refused(f, "bad login", &err), CL_EINVAL);
	assert_non_null(strstr(err.message, "CARELOOP_USER"));
	assert_int_equal(open_refused(f, "-x", &err), CL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(roles_and_bootstrap, setup, teardown),
		cmocka_unit_test_setup_teardown(deactivated_refused_at_open, setup, teardown),
		cmocka_unit_test_setup_teardown(readonly_refused_each_write, setup, teardown),
		cmocka_unit_test_setup_teardown(deactivated_work_unassigned, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_review, setup, teardown),
		cmocka_unit_test_setup_teardown(user_override_checked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
