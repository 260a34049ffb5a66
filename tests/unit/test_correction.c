/*
 * Corrections (src/correction.h): a done task reopened or cancelled with a reason; a
 * contact, goal, event and screening entered in error — kept, marked, out of what counts.
 * Today is 2026-03-15 (fixture_careplan.h).
 */
#include "config.h"

#include "fixture_careplan.h"
#include "testdb.h"

static void task_reopen_and_cancel(void **state)
{
	struct cl_db *db = *state;
	struct cl_correction rows[4];
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_task t, stale;
	int n = 0;

	fix_patient(db, "C1", "high", "", &p);
	fix_task(db, &p, "Call about food bank", "2026-03-10", "", &t);

	/* An open task has nothing to reopen or cancel this way. */
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_OPEN, "mistake", &err), CL_EINVAL);
	assert_string_equal(err.field, "status");
	assert_int_equal(cl_task_close(db, &t, CL_TASK_DONE, &err), CL_OK);
	stale = t;

	/* A reason is required; nothing changes without one. */
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_OPEN, "", &err), CL_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_DONE, "x", &err), CL_EINVAL);
	assert_int_equal(t.status, CL_TASK_DONE);

	/* Reopened: open again, closed stamps cleared, back on the worklist's tasks. */
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_OPEN, "marked done by mistake", &err),
			 CL_OK);
	assert_int_equal(t.status, CL_TASK_OPEN);
	assert_string_equal(t.closed_at, "");
	assert_int_equal(fix_int(db, "SELECT count(*) FROM task WHERE status = 'open'", NULL), 1);
	/* The copy read before is stale: a conflict, not an overwrite. */
	assert_int_equal(cl_task_correct(db, &stale, CL_TASK_CANCELLED, "late", &err),
			 CL_ECONFLICT);

	/* Done again, then cancelled with a reason; a cancelled task is not cancelled twice but
	   may be reopened. */
	assert_int_equal(cl_task_close(db, &t, CL_TASK_DONE, &err), CL_OK);
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_CANCELLED, "patient moved away", &err),
			 CL_OK);
	assert_int_equal(t.status, CL_TASK_CANCELLED);
	assert_string_not_equal(t.closed_at, "");
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_CANCELLED, "again", &err), CL_EINVAL);
	assert_int_equal(cl_task_correct(db, &t, CL_TASK_OPEN, "moved back", &err), CL_OK);

	/* Who, when, why: newest first; and audited. */
	assert_int_equal(cl_correction_list(db, &t.id, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].action, "reopen");
	assert_string_equal(rows[0].reason, "moved back");
	assert_string_equal(rows[1].action, "cancel");
	assert_string_equal(rows[1].reason, "patient moved away");
	assert_string_equal(rows[2].reason, "marked done by mistake");
	assert_string_equal(rows[2].by, cl_db_user(db));
	assert_string_equal(rows[2].record_type, "task");
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'task'"
					" AND action = 'retire'"),
			 1);
	/* The corrections are append-only. */
	assert_int_not_equal(
		sqlite3_exec(cl_db_sqlite(db), "DELETE FROM correction", NULL, NULL, NULL),
		SQLITE_OK);
}

static void contact_in_error(void **state)
{
	struct cl_db *db = *state;
	struct cl_contact rows[4];
	struct cl_error err = { 0 };
	struct cl_patient p;
	int n = 0;

	fix_patient(db, "C2", "high", "", &p);
	fix_contact(db, &p, "2026-03-02 10:00", "reached", "12");
	fix_contact(db, &p, "2026-03-09 10:00", "reached", "30");
	assert_int_equal(cl_contact_list(db, &p.id, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(fix_int(db,
				 "SELECT last_reached_at = '2026-03-09T10:00' FROM patient"
				 " WHERE id = ?1",
				 &p.id),
			 1);

	/* An unknown reason and a stale version are refused; nothing changes. */
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_CONTACT, &rows[0].id, rows[0].version,
					     "oops", &err),
			 CL_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_CONTACT, &rows[0].id,
					     rows[0].version + 1, "wrong-date", &err),
			 CL_ECONFLICT);
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_CONTACT, &rows[0].id, rows[0].version,
					     "wrong-date", &err),
			 CL_OK);
	/* Twice is a conflict (it moved on). */
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_CONTACT, &rows[0].id,
					     rows[0].version + 1, "wrong-date", &err),
			 CL_ECONFLICT);

	/* Still listed, marked; "last reached" and the month's minutes leave it out. */
	assert_int_equal(cl_contact_list(db, &p.id, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].error_reason, "wrong-date");
	assert_string_equal(rows[1].error_reason, "");
	assert_int_equal(fix_int(db,
				 "SELECT last_reached_at = '2026-03-02T10:00' FROM patient"
				 " WHERE id = ?1",
				 &p.id),
			 1);
	assert_int_equal(
		fix_int(db, "SELECT sum(minutes) FROM contact WHERE error_reason = ''", NULL), 12);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'contact'"
					" AND action = 'retire'"),
			 1);
	/* The Timeline shows both, the one entered in error struck. */
	{
		struct cl_timeline_row tl[8];
		int m = 0, struck = 0;

		assert_int_equal(
			cl_timeline_page(db, &p.id, CL_TIMELINE_CONTACT, NULL, tl, 8, &m, &err),
			CL_OK);
		assert_int_equal(m, 2);
		for (int i = 0; i < m; i++)
			struck += tl[i].struck;
		assert_int_equal(struck, 1);
		/* The newer one: "last reached" fell back to the 2 March contact. */
		assert_true(tl[0].struck);
		assert_false(tl[1].struck);
	}
	/* careloop check agrees with the kept "last reached". */
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM patient p WHERE p.last_reached_at IS NOT"
				 " coalesce((SELECT max(c.occurred_at) FROM contact c WHERE"
				 " c.patient_id = p.id AND c.outcome = 'reached' AND c.error_reason"
				 " = ''), '')",
				 NULL),
			 0);
}

static void event_in_error_owes_nothing(void **state)
{
	struct cl_db *db = *state;
	struct cl_clinical_event ev, rows[2];
	struct cl_error err = { 0 };
	struct cl_patient p;
	int n = 0;

	fix_patient(db, "C3", "high", "", &p);
	cl_event_init(&ev, &p.id);
	if (cl_event_field_set(&ev, "kind", "ed-visit", &err) ||
	    cl_event_field_set(&ev, "event_date", "2026-03-13", &err) ||
	    cl_event_add(db, &ev, &err))
		fail_msg("event: %s", err.message);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM clinical_event WHERE followup_step"
				 " = 'contact'",
				 NULL),
			 1);
	assert_int_equal(cl_event_list(db, &p.id, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_EVENT, &rows[0].id, rows[0].version,
					     "wrong-patient", &err),
			 CL_OK);
	/* Off the worklist (no step owed), still in the chart, marked. */
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM clinical_event WHERE followup_step"
				 " <> ''",
				 NULL),
			 0);
	assert_int_equal(cl_event_list(db, &p.id, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].error_reason, "wrong-patient");
	{
		struct cl_timeline_row tl[2];
		int m = 0;

		assert_int_equal(
			cl_timeline_page(db, &p.id, CL_TIMELINE_EVENT, NULL, tl, 2, &m, &err),
			CL_OK);
		assert_int_equal(m, 1);
		assert_true(tl[0].struck);
	}
	/* A contact later does not bring it back. */
	fix_contact(db, &p, "2026-03-14 10:00", "no-answer", "1");
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM clinical_event WHERE followup_step"
				 " <> ''",
				 NULL),
			 0);
}

/* A contact entered in error that met an ED visit's follow-up makes it owed again. */
static void contact_in_error_reopens_followup(void **state)
{
	struct cl_db *db = *state;
	struct cl_clinical_event ev;
	struct cl_contact rows[2];
	struct cl_error err = { 0 };
	struct cl_patient p;
	int n = 0;

	fix_patient(db, "C4", "high", "", &p);
	cl_event_init(&ev, &p.id);
	if (cl_event_field_set(&ev, "kind", "ed-visit", &err) ||
	    cl_event_field_set(&ev, "event_date", "2026-03-13", &err) ||
	    cl_event_add(db, &ev, &err))
		fail_msg("event: %s", err.message);
	fix_contact(db, &p, "2026-03-14 10:00", "reached", "5");
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM clinical_event WHERE followup_step"
				 " <> ''",
				 NULL),
			 0);
	assert_int_equal(cl_contact_list(db, &p.id, rows, 2, &n, &err), CL_OK);
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_CONTACT, &rows[0].id, rows[0].version,
					     "wrong-patient", &err),
			 CL_OK);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM clinical_event WHERE followup_step"
				 " = 'contact' AND followup_due <> ''",
				 NULL),
			 1);
}

static void goal_in_error(void **state)
{
	struct cl_db *db = *state;
	struct cl_goal g, rows[2];
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_task before;
	int n = 0;

	fix_patient(db, "C5", "low", "", &p);
	cl_goal_init(&g, &p.id);
	if (cl_goal_field_set(&g, "description", "Find a food pantry near home", &err) ||
	    cl_goal_create(db, &g, &err))
		fail_msg("goal: %s", err.message);
	cl_task_init(&before, db, &p.id);
	before.goal_id = g.id;
	if (cl_task_field_set(&before, "title", "Look up pantries", &err) ||
	    cl_task_create(db, &before, &err))
		fail_msg("task: %s", err.message);
	assert_int_equal(
		cl_entered_in_error(db, CL_CORRECT_GOAL, &g.id, g.version, "duplicate", &err),
		CL_OK);
	/* Gone from the open goals (the task form's choice), kept in the chart's list. */
	assert_int_equal(cl_goal_list(db, &p.id, false, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cl_goal_list(db, &p.id, true, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].error_reason, "duplicate");
	assert_string_equal(cl_error_reason_label("duplicate"), "duplicate");
	assert_string_equal(cl_error_reason_label("wrong-patient"), "wrong patient");
	/* The core keeps it as it was, whatever the interface: no edit, no new task. */
	{
		struct cl_goal edit = rows[0];
		struct cl_task t, other;

		assert_int_equal(cl_goal_field_set(&edit, "description", "Changed", &err), CL_OK);
		assert_int_equal(cl_goal_update(db, &edit, &err), CL_EINVAL);
		assert_non_null(strstr(err.message, "entered in error"));
		assert_int_equal(fix_int(db,
					 "SELECT count(*) FROM goal WHERE description ="
					 " 'Find a food pantry near home'",
					 NULL),
				 1);
		edit = rows[0];
		edit.status = CL_GOAL_CANCELLED;
		assert_int_equal(cl_goal_update(db, &edit, &err), CL_EINVAL);
		assert_int_equal(cl_goal_get(db, &g.id, &edit, &err), CL_OK);
		assert_int_equal(edit.version, rows[0].version);
		assert_int_equal(edit.status, CL_GOAL_PROPOSED);

		cl_task_init(&t, db, &p.id);
		t.goal_id = g.id;
		assert_int_equal(cl_task_field_set(&t, "title", "Call the pantry", &err), CL_OK);
		assert_int_equal(cl_task_create(db, &t, &err), CL_EINVAL);
		assert_string_equal(err.field, "goal");
		assert_non_null(strstr(err.message, "entered in error"));
		/* Nor moved under it. */
		fix_task(db, &p, "Call the pantry", "2026-03-20", "", &other);
		other.goal_id = g.id;
		assert_int_equal(cl_task_update(db, &other, &err), CL_EINVAL);
		assert_string_equal(err.field, "goal");
		assert_int_equal(
			fix_int(db, "SELECT count(*) FROM task WHERE goal_id IS NOT NULL", NULL),
			1);
		/* A task already under it may still be worked. */
		assert_int_equal(cl_task_field_set(&before, "title", "Look up two pantries", &err),
				 CL_OK);
		assert_int_equal(cl_task_update(db, &before, &err), CL_OK);
	}
	/* A missing record. */
	g.id.bytes[0] ^= 0xff;
	assert_int_equal(cl_entered_in_error(db, CL_CORRECT_GOAL, &g.id, 1, "duplicate", &err),
			 CL_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(task_reopen_and_cancel, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(contact_in_error, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(event_in_error_owes_nothing, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(contact_in_error_reopens_followup, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(goal_in_error, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
