#include "config.h"

#include "db_private.h"
#include "demo.h"
#include "fixture_careplan.h"

#include "demo_careplan.h"

/* ---- goals ---- */

static void goal_validation(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_goal g;
	char buf[64];

	fix_patient(db, "G1", "low", "", &p);
	cl_goal_init(&g, &p.id);
	/* Required: the patient's words. */
	assert_int_equal(cl_goal_validate(&g, &err), CL_EINVAL);
	assert_string_equal(err.field, "description");
	assert_int_equal(cl_goal_create(db, &g, &err), CL_EINVAL);
	assert_int_equal(cl_goal_field_set(&g, "description", "  I want to walk to church  ", &err),
			 CL_OK);
	assert_string_equal(g.description, "I want to walk to church");
	/* Domain: "" or a known code. */
	assert_int_equal(cl_goal_field_set(&g, "domain", "food", &err), CL_EINVAL);
	assert_string_equal(err.field, "domain");
	assert_int_equal(cl_goal_field_set(&g, "domain", "food-insecurity", &err), CL_OK);
	assert_int_equal(cl_goal_field_set(&g, "domain", "", &err), CL_OK);
	/* Dates: real ones, US form accepted and normalized. */
	assert_int_equal(cl_goal_field_set(&g, "target_date", "2026-02-30", &err), CL_EINVAL);
	assert_string_equal(err.field, "target_date");
	assert_int_equal(cl_goal_field_set(&g, "target_date", "", &err), CL_EINVAL);
	assert_int_equal(cl_goal_field_set(&g, "target_date", "6/30/2026", &err), CL_OK);
	assert_string_equal(g.target_date, "2026-06-30");
	assert_int_equal(cl_goal_field_set(&g, "status", "done", &err), CL_EINVAL);
	assert_int_equal(cl_goal_field_set(&g, "status", "active", &err), CL_OK);
	assert_int_equal(g.status, CL_GOAL_ACTIVE);
	cl_goal_field_get(&g, "status", buf, sizeof(buf));
	assert_string_equal(buf, "active");
	/* Control characters are refused, the message names the field, not the value. */
	assert_int_equal(cl_goal_field_set(&g, "description", "walk\x1b[2J", &err), CL_EINVAL);
	assert_null(strstr(err.message, "walk"));
	assert_int_equal(cl_goal_validate(&g, &err), CL_OK);
	/* A broken enum is caught by validate. */
	g.status = (enum cl_goal_status)9;
	assert_int_equal(cl_goal_validate(&g, &err), CL_EINVAL);
	assert_string_equal(err.field, "status");
	/* No patient, no goal. */
	cl_goal_init(&g, NULL);
	cl_goal_field_set(&g, "description", "x", &err);
	assert_int_equal(cl_goal_validate(&g, &err), CL_EINVAL);
	assert_string_equal(err.field, "patient");
}

static void goal_lifecycle(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_goal g, stale, list[4];
	int n;

	fix_patient(db, "G2", "low", "", &p);
	cl_goal_init(&g, &p.id);
	cl_goal_field_set(&g, "description", "Have food every week", &err);
	cl_goal_field_set(&g, "domain", "food-insecurity", &err);
	/* A goal cannot start achieved. */
	g.status = CL_GOAL_ACHIEVED;
	assert_int_equal(cl_goal_create(db, &g, &err), CL_EINVAL);
	assert_true(cl_id_is_nil(&g.id));
	g.status = CL_GOAL_PROPOSED;
	assert_int_equal(cl_goal_create(db, &g, &err), CL_OK);
	assert_false(cl_id_is_nil(&g.id));
	assert_int_equal(g.version, 1);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM audit WHERE entity = 'goal' AND"
				 " action = 'create' AND record_id = ?1",
				 &g.id),
			 1);
	stale = g;
	g.status = CL_GOAL_ACTIVE;
	assert_int_equal(cl_goal_update(db, &g, &err), CL_OK);
	assert_int_equal(g.version, 2);
	/* The stale copy loses: nothing overwritten, who and when said. */
	stale.status = CL_GOAL_CANCELLED;
	assert_int_equal(cl_goal_update(db, &stale, &err), CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by"));
	assert_int_equal(cl_goal_get(db, &g.id, &stale, &err), CL_OK);
	assert_int_equal(stale.status, CL_GOAL_ACTIVE);
	/* Achieved is final. */
	g.status = CL_GOAL_ACHIEVED;
	assert_int_equal(cl_goal_update(db, &g, &err), CL_OK);
	g.status = CL_GOAL_ACTIVE;
	assert_int_equal(cl_goal_update(db, &g, &err), CL_EINVAL);
	assert_string_equal(err.field, "status");
	assert_false(cl_goal_can_move(CL_GOAL_CANCELLED, CL_GOAL_ACTIVE));
	assert_true(cl_goal_can_move(CL_GOAL_PROPOSED, CL_GOAL_ACTIVE));
	/* Lists: closed goals only on request. */
	assert_int_equal(cl_goal_list(db, &p.id, false, list, 4, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cl_goal_list(db, &p.id, true, list, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].description, "Have food every week");
	assert_string_equal(list[0].domain, "food-insecurity");
}

/* ---- tasks ---- */

static void task_validation(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p, other;
	struct cl_task t;
	struct cl_goal g;

	fix_patient(db, "T1", "low", "", &p);
	fix_patient(db, "T2", "low", "", &other);
	cl_task_init(&t, db, &p.id);
	assert_string_equal(t.due_date, FIX_TODAY);
	assert_string_equal(t.assignee, cl_db_user(db));
	assert_int_equal(cl_task_create(db, &t, &err), CL_EINVAL);
	assert_string_equal(err.field, "title");
	assert_int_equal(cl_task_field_set(&t, "title", "Call about refill", &err), CL_OK);
	assert_int_equal(cl_task_field_set(&t, "due_date", "tomorrow", &err), CL_EINVAL);
	assert_string_equal(err.field, "due_date");
	assert_int_equal(cl_task_field_set(&t, "assignee", "no body", &err), CL_EINVAL);
	/* An unknown login is refused at save, on the assignee field. */
	assert_int_equal(cl_task_field_set(&t, "assignee", "nobody", &err), CL_OK);
	assert_int_equal(cl_task_create(db, &t, &err), CL_EINVAL);
	assert_string_equal(err.field, "assignee");
	assert_int_equal(cl_task_field_set(&t, "assignee", "", &err), CL_OK);
	/* The goal must be this patient's. */
	cl_goal_init(&g, &other.id);
	cl_goal_field_set(&g, "description", "Other's goal", &err);
	assert_int_equal(cl_goal_create(db, &g, &err), CL_OK);
	t.goal_id = g.id;
	assert_int_equal(cl_task_create(db, &t, &err), CL_EINVAL);
	assert_string_equal(err.field, "goal");
	memset(&t.goal_id, 0, sizeof(t.goal_id));
	assert_int_equal(cl_task_create(db, &t, &err), CL_OK);
	assert_string_equal(t.assignee_name, "");
	assert_int_equal(fix_int(db, "SELECT count(*) FROM task", NULL), 1);
}

static void task_close_keeps_who_and_when(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_task t, stale, list[4];
	int n;

	fix_patient(db, "T3", "low", "", &p);
	fix_task(db, &p, "Call", "2026-03-10", cl_db_user(db), &t);
	assert_string_equal(t.assignee_name, cl_db_user_display(db));
	stale = t;
	assert_int_equal(cl_task_close(db, &t, CL_TASK_DONE, &err), CL_OK);
	assert_int_equal(t.status, CL_TASK_DONE);
	assert_string_equal(t.closed_by, cl_db_user(db));
	assert_true(strlen(t.closed_at) > 10);
	assert_int_equal(t.version, 2);
	/* Closing again, or from a stale copy, changes nothing. */
	assert_int_equal(cl_task_close(db, &t, CL_TASK_CANCELLED, &err), CL_EINVAL);
	assert_int_equal(cl_task_close(db, &stale, CL_TASK_CANCELLED, &err), CL_EINVAL);
	assert_int_equal(cl_task_get(db, &t.id, &stale, &err), CL_OK);
	assert_int_equal(stale.status, CL_TASK_DONE);
	/* A closed task is not edited. */
	snprintf(t.title, sizeof(t.title), "Renamed");
	assert_int_equal(cl_task_update(db, &t, &err), CL_ECONFLICT);
	/* Not a closing status. */
	fix_task(db, &p, "Visit", "2026-03-20", "", &t);
	assert_int_equal(cl_task_close(db, &t, CL_TASK_OPEN, &err), CL_EINVAL);
	/* Cancelled keeps who and when too, and is a "retire" in the audit. */
	assert_int_equal(cl_task_close(db, &t, CL_TASK_CANCELLED, &err), CL_OK);
	assert_string_equal(t.closed_by, cl_db_user(db));
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM audit WHERE entity = 'task' AND"
				 " action = 'retire' AND record_id = ?1",
				 &t.id),
			 1);
	assert_int_equal(cl_task_list(db, &p.id, false, list, 4, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cl_task_list(db, &p.id, true, list, 4, &n, &err), CL_OK);
	assert_int_equal(n, 2);
}

static void task_update_conflict(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_task t, stale;

	fix_patient(db, "T4", "low", "", &p);
	fix_task(db, &p, "Call", "2026-03-10", "", &t);
	stale = t;
	assert_int_equal(cl_task_field_set(&t, "due_date", "2026-03-20", &err), CL_OK);
	assert_int_equal(cl_task_update(db, &t, &err), CL_OK);
	assert_int_equal(t.version, 2);
	snprintf(stale.title, sizeof(stale.title), "Other");
	assert_int_equal(cl_task_update(db, &stale, &err), CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by"));
	assert_int_equal(cl_task_get(db, &t.id, &stale, &err), CL_OK);
	assert_string_equal(stale.title, "Call");
	assert_string_equal(stale.due_date, "2026-03-20");
}

/* ---- contacts ---- */

static void contact_validation(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_contact c, list[4];
	int n;

	fix_patient(db, "C1", "low", "", &p);
	cl_contact_init(&c, &p.id);
	assert_int_equal(strlen(c.occurred_at), 16);
	assert_int_equal(cl_contact_validate(&c, &err), CL_OK);
	assert_int_equal(cl_contact_field_set(&c, "occurred_at", "2026-03-14 25:00", &err),
			 CL_EINVAL);
	assert_string_equal(err.field, "occurred_at");
	assert_int_equal(cl_contact_field_set(&c, "occurred_at", "2026-03-14", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "occurred_at", "2026-03-14 09:05", &err), CL_OK);
	assert_string_equal(c.occurred_at, "2026-03-14T09:05");
	assert_int_equal(cl_contact_field_set(&c, "mode", "fax", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "mode", "in-person", &err), CL_OK);
	assert_int_equal(c.mode, CL_CONTACT_IN_PERSON);
	assert_int_equal(cl_contact_field_set(&c, "direction", "sideways", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "direction", "inbound", &err), CL_OK);
	assert_int_equal(cl_contact_field_set(&c, "outcome", "busy", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "outcome", "left-message", &err), CL_OK);
	assert_int_equal(cl_contact_field_set(&c, "minutes", "-1", &err), CL_EINVAL);
	assert_string_equal(err.field, "minutes");
	assert_int_equal(cl_contact_field_set(&c, "minutes", "601", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "minutes", "12x", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "minutes", "", &err), CL_EINVAL);
	assert_int_equal(cl_contact_field_set(&c, "minutes", "15", &err), CL_OK);
	assert_int_equal(c.minutes, 15);
	/* Notes may span lines. */
	assert_int_equal(cl_contact_field_set(&c, "note", "Line one\nline two", &err), CL_OK);
	c.minutes = 9999;
	assert_int_equal(cl_contact_log(db, &c, NULL, 0, &err), CL_EINVAL);
	c.minutes = 15;
	assert_int_equal(cl_contact_field_set(&c, "occurred_at", "2026-03-16 08:00", &err), CL_OK);
	assert_int_equal(cl_contact_log(db, &c, NULL, 0, &err), CL_EINVAL);
	assert_string_equal(err.field, "occurred_at");
	assert_int_equal(cl_contact_field_set(&c, "occurred_at", "2026-03-14 09:05", &err), CL_OK);
	c.minutes = 15;
	assert_int_equal(cl_contact_log(db, &c, NULL, 0, &err), CL_OK);
	assert_false(cl_id_is_nil(&c.id));
	assert_string_equal(c.care_manager, cl_db_user(db));
	assert_int_equal(cl_contact_list(db, &p.id, list, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].mode, CL_CONTACT_IN_PERSON);
	assert_int_equal(list[0].direction, CL_CONTACT_INBOUND);
	assert_int_equal(list[0].outcome, CL_CONTACT_LEFT_MESSAGE);
	assert_string_equal(list[0].note, "Line one\nline two");
	/* Not reached: the patient's last-reached date stays empty. */
	assert_int_equal(
		fix_int(db, "SELECT length(last_reached_at) FROM patient WHERE id = ?1", &p.id), 0);
}

static void reached_contact_completes_task(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient p, other;
	struct cl_task t, other_task;
	struct cl_contact c;

	fix_patient(db, "C2", "high", "", &p);
	fix_patient(db, "C3", "high", "", &other);
	fix_task(db, &p, "Call after discharge", "2026-03-14", "", &t);
	fix_task(db, &other, "Other's", "2026-03-14", "", &other_task);
	cl_contact_init(&c, &p.id);
	cl_contact_field_set(&c, "occurred_at", "2026-03-15 10:00", &err);
	cl_contact_field_set(&c, "minutes", "20", &err);

	/* Not reached: cannot complete a task; nothing saved. */
	c.outcome = CL_CONTACT_NO_ANSWER;
	assert_int_equal(cl_contact_log(db, &c, &t.id, t.version, &err), CL_EINVAL);
	assert_string_equal(err.field, "task");
	/* Another patient's task: refused, and the contact is not saved either. */
	c.outcome = CL_CONTACT_REACHED;
	assert_int_equal(cl_contact_log(db, &c, &other_task.id, other_task.version, &err),
			 CL_EINVAL);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM contact", NULL), 0);
	/* A stale task version: conflict, nothing saved (one transaction). */
	assert_int_equal(cl_contact_log(db, &c, &t.id, t.version + 1, &err), CL_ECONFLICT);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM contact", NULL), 0);
	assert_true(cl_id_is_nil(&c.id));
	/* Reached: the contact and the task's completion land together. */
	assert_int_equal(cl_contact_log(db, &c, &t.id, t.version, &err), CL_OK);
	assert_true(cl_id_equal(&c.task_id, &t.id));
	assert_int_equal(cl_task_get(db, &t.id, &t, &err), CL_OK);
	assert_int_equal(t.status, CL_TASK_DONE);
	assert_string_equal(t.closed_by, cl_db_user(db));
	assert_int_equal(
		fix_int(db, "SELECT count(*) FROM contact WHERE task_id IS NOT NULL", NULL), 1);
	assert_int_equal(fix_int(db,
				 "SELECT last_reached_at = '2026-03-15T10:00' FROM patient"
				 " WHERE id = ?1",
				 &p.id),
			 1);
	/* A done task cannot be completed twice. */
	cl_contact_init(&c, &p.id);
	assert_int_equal(cl_contact_log(db, &c, &t.id, t.version, &err), CL_EINVAL);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM contact", NULL), 1);
	/* An older reached contact does not move last_reached back. */
	fix_contact(db, &p, "2026-01-02 09:00", "reached", "5");
	assert_int_equal(fix_int(db,
				 "SELECT last_reached_at = '2026-03-15T10:00' FROM patient"
				 " WHERE id = ?1",
				 &p.id),
			 1);
}

/* ---- monthly minutes ---- */

struct minutes_seen {
	int rows;
	long minutes[4];
	long contacts[4];
	bool meets[4];
};

static int collect(const struct cl_minutes_row *r, void *arg)
{
	struct minutes_seen *s = arg;

	if (s->rows < 4) {
		s->minutes[s->rows] = r->minutes;
		s->contacts[s->rows] = r->contacts;
		s->meets[s->rows] = r->meets_threshold;
	}
	s->rows++;
	return 0;
}

static void minutes_month_boundary(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct minutes_seen seen;
	struct cl_patient a, b;
	long threshold;

	fix_patient(db, "M1", "low", "", &a);
	fix_patient(db, "M2", "low", "", &b);
	/* Contacts are never in the future: log these from May. */
	setenv("CARELOOP_TODAY", "2026-05-01", 1);
	/* February's last minute, March's first and last, April's first. */
	fix_contact(db, &a, "2026-02-28 23:59", "reached", "30");
	fix_contact(db, &a, "2026-03-01 00:00", "reached", "12");
	fix_contact(db, &a, "2026-03-31 23:59", "no-answer", "8");
	fix_contact(db, &a, "2026-04-01 00:00", "reached", "40");
	fix_contact(db, &b, "2026-03-10 10:00", "reached", "19");

	memset(&seen, 0, sizeof(seen));
	assert_int_equal(cl_contact_minutes(db, "2026-03", collect, &seen, &threshold, &err),
			 CL_OK);
	assert_int_equal(threshold, 20);
	assert_int_equal(seen.rows, 2);
	/* By MRN: M1 then M2. */
	assert_int_equal(seen.minutes[0], 20);
	assert_int_equal(seen.contacts[0], 2);
	assert_true(seen.meets[0]);
	assert_int_equal(seen.minutes[1], 19);
	assert_false(seen.meets[1]);

	memset(&seen, 0, sizeof(seen));
	assert_int_equal(cl_contact_minutes(db, "2026-02", collect, &seen, NULL, &err), CL_OK);
	assert_int_equal(seen.rows, 1);
	assert_int_equal(seen.minutes[0], 30);

	/* December rolls over into January. */
	fix_contact(db, &b, "2025-12-31 23:00", "reached", "25");
	fix_contact(db, &b, "2026-01-01 00:30", "reached", "5");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(cl_contact_minutes(db, "2025-12", collect, &seen, NULL, &err), CL_OK);
	assert_int_equal(seen.rows, 1);
	assert_int_equal(seen.minutes[0], 25);

	/* The threshold is a setting. */
	assert_int_equal(cl_setting_set_int(db, "ccm_minutes", 19, &err), CL_OK);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(cl_contact_minutes(db, "2026-03", collect, &seen, &threshold, &err),
			 CL_OK);
	assert_int_equal(threshold, 19);
	assert_true(seen.meets[1]);

	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
	assert_int_equal(cl_contact_minutes(db, "2026-13", collect, &seen, NULL, &err), CL_EINVAL);
	assert_int_equal(cl_contact_minutes(db, "2026-3", collect, &seen, NULL, &err), CL_EINVAL);
	assert_int_equal(cl_contact_minutes(db, "2026-1x", collect, &seen, NULL, &err), CL_EINVAL);
	assert_string_equal(err.field, "month");
}

/* ---- the demo generator's care plans ---- */

static void demo_fingerprint(struct cl_db *db, char *buf, size_t size)
{
	static const char sql[] =
		"SELECT (SELECT count(*) || ':' || coalesce(sum(length(title)), 0) || ':' ||"
		" hex(min(id)) || hex(max(id)) FROM task) || '/' || (SELECT count(*) || ':' ||"
		" coalesce(sum(minutes), 0) FROM contact) || '/' || (SELECT count(*) FROM goal)"
		" || '/' || (SELECT count(*) FROM clinical_event) || '/' ||"
		" (SELECT sum(chronic_conditions) FROM patient)";
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void demo_careplans(void **state)
{
	struct cl_db *db = *state, *again;
	struct cl_demo_options opt = { .patients = 300, .seed = 7 };
	struct cl_demo_careplan_stats stats;
	struct cl_error err = { 0 };
	struct cl_patient p;
	char one[512], two[512];

	/* The demo generator gives every patient (up to its cap) a care plan. */
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM patient p WHERE NOT EXISTS (SELECT 1 FROM"
				 " task t WHERE t.patient_id = p.id) AND NOT EXISTS (SELECT 1 FROM"
				 " contact c WHERE c.patient_id = p.id)",
				 NULL),
			 0);
	assert_true(fix_int(db, "SELECT count(*) FROM task", NULL) >= 300);
	assert_true(fix_int(db, "SELECT count(*) FROM contact", NULL) >= 300);
	/* Every section of the worklist has something to show. */
	assert_true(fix_int(db,
			    "SELECT count(*) FROM task WHERE status = 'open' AND due_date <="
			    " '" FIX_TODAY "'",
			    NULL) > 0);
	assert_true(fix_int(db,
			    "SELECT count(*) FROM patient WHERE risk_tier = 'high' AND"
			    " status = 'active' AND last_reached_at < '2026-02-13'",
			    NULL) > 0);
	/* The derived column is what the trigger would have kept. */
	assert_int_equal(
		fix_int(db,
			"SELECT count(*) FROM patient p WHERE last_reached_at <>"
			" coalesce((SELECT max(occurred_at) FROM contact c WHERE"
			" c.patient_id = p.id AND outcome = 'reached' AND error_reason = ''),"
			" '')",
			NULL),
		0);
	assert_int_equal(cl_db_integrity(db, &err), CL_OK);
	/* A second run adds nothing to patients that have a plan. */
	assert_int_equal(cl_demo_careplan(db, 7, NULL, NULL, &stats, &err), CL_OK);
	assert_int_equal(stats.patients, 0);
	/* Triggers and foreign keys are back on for this connection. */
	fix_patient(db, "D1", "high", "", &p);
	fix_contact(db, &p, "2026-03-15 08:00", "reached", "5");
	assert_int_equal(
		fix_int(db, "SELECT length(last_reached_at) FROM patient WHERE id = ?1", &p.id),
		16);
	assert_int_not_equal(
		sqlite3_exec(cl_db_sqlite(db),
			     "INSERT INTO goal (id, patient_id, description,"
			     " target_date, status, created_at, updated_at,"
			     " updated_by) VALUES (randomblob(16), randomblob(16), 'x',"
			     " '2026-01-01', 'active', '', '', '')",
			     NULL, NULL, NULL),
		SQLITE_OK);
	/* Same seed, same rows. */
	demo_fingerprint(db, one, sizeof(one));
	assert_int_equal(cl_db_open(":memory:", 0, &again, &err), CL_OK);
	assert_int_equal(cl_demo_generate(again, &opt, &err), CL_OK);
	assert_int_equal(cl_demo_careplan(again, 7, NULL, NULL, NULL, &err), CL_OK);
	fix_patient(again, "D1", "high", "", &p);
	fix_contact(again, &p, "2026-03-15 08:00", "reached", "5");
	demo_fingerprint(again, two, sizeof(two));
	cl_db_close(again);
	assert_string_equal(one, two);
	/* A cap stops after that many patients without a plan. */
	for (int i = 0; i < 5; i++) {
		char mrn[8];

		snprintf(mrn, sizeof(mrn), "CAP%d", i);
		fix_patient(db, mrn, "low", "", &p);
	}
	assert_int_equal(cl_demo_careplan_max(db, 8, 3, NULL, NULL, &stats, &err), CL_OK);
	assert_int_equal(stats.patients, 3);
	/* The same seed again over the rest (as bench_worklist after the demo's cap): new ids. */
	assert_int_equal(cl_demo_careplan_max(db, 8, 3, NULL, NULL, &stats, &err), CL_OK);
	assert_int_equal(stats.patients, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(goal_validation, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(goal_lifecycle, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(task_validation, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(task_close_keeps_who_and_when, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(task_update_conflict, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(contact_validation, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(reached_contact_completes_task, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(minutes_month_boundary, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(demo_careplans, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
