#include "config.h"

#include "db_private.h"
#include "fixture_careplan.h"
#include "schema.h"
#include "testlib.h"

static const struct cl_worklist_filter everyone = { .mine = false };
static const struct cl_worklist_filter mine = { .mine = true };

static int page(struct cl_db *db, enum cl_worklist_section s, const struct cl_worklist_filter *f,
		struct cl_worklist_row *rows, int max)
{
	struct cl_error err = { 0 };
	int n = -1;

	if (cl_worklist_page(db, s, f, NULL, rows, max, &n, &err))
		fail_msg("page: %s", err.message);
	return n;
}

static long long count(struct cl_db *db, enum cl_worklist_section s,
		       const struct cl_worklist_filter *f, long cap, bool *capped)
{
	struct cl_error err = { 0 };
	long long c = -1;
	bool cap_seen;

	if (cl_worklist_count(db, s, f, cap, &c, &cap_seen, &err))
		fail_msg("count: %s", err.message);
	if (capped)
		*capped = cap_seen;
	return c;
}

static void tasks_due(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_patient p;
	struct cl_task yesterday, today, tomorrow, done, older;

	fix_patient(db, "W1", "low", "", &p);
	fix_task(db, &p, "Due yesterday", "2026-03-14", cl_db_user(db), &yesterday);
	fix_task(db, &p, "Due today", FIX_TODAY, cl_db_user(db), &today);
	fix_task(db, &p, "Due tomorrow", "2026-03-16", cl_db_user(db), &tomorrow);
	fix_task(db, &p, "Done already", "2026-03-01", cl_db_user(db), &done);
	fix_task(db, &p, "Long overdue", "2026-02-13", cl_db_user(db), &older);
	assert_int_equal(cl_task_close(db, &done, CL_TASK_DONE, &err), CL_OK);

	assert_int_equal(page(db, CL_WORKLIST_TASKS, &everyone, rows, 8), 3);
	/* Most overdue first; tomorrow's and the done one are not there. */
	assert_string_equal(rows[0].what, "Long overdue");
	assert_int_equal(rows[0].days, 30);
	assert_string_equal(rows[1].what, "Due yesterday");
	assert_int_equal(rows[1].days, 1);
	assert_string_equal(rows[1].date, "2026-03-14");
	assert_true(cl_id_equal(&rows[1].record_id, &yesterday.id));
	assert_int_equal(rows[1].record_version, yesterday.version);
	assert_true(cl_id_equal(&rows[1].patient_id, &p.id));
	assert_string_equal(rows[1].mrn, "W1");
	assert_string_equal(rows[2].what, "Due today");
	assert_int_equal(rows[2].days, 0);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, NULL), 3);

	/* Closing one from the list takes it off. */
	assert_int_equal(cl_task_close(db, &yesterday, CL_TASK_CANCELLED, &err), CL_OK);
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &everyone, rows, 8), 2);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, NULL), 2);

	/* Tomorrow, the task due then joins the list (CARELOOP_TODAY is "today"). */
	setenv("CARELOOP_TODAY", "2026-03-16", 1);
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &everyone, rows, 8), 3);
	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
}

static void tasks_mine_and_reassigned(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_patient p;
	struct cl_task t1, t2;

	fix_other_cm(db);
	fix_patient(db, "W2", "low", "", &p);
	fix_task(db, &p, "Mine", "2026-03-10", cl_db_user(db), &t1);
	fix_task(db, &p, "Bea's", "2026-03-11", "bwells", &t2);
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &everyone, rows, 8), 2);
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &mine, rows, 8), 1);
	assert_string_equal(rows[0].what, "Mine");
	assert_string_equal(rows[0].care_manager_name, cl_db_user_display(db));
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &mine, 0, NULL), 1);
	/* Handing my task to Bea moves it out of "mine", not out of everyone's. */
	cl_task_field_set(&t1, "assignee", "bwells", &err);
	assert_int_equal(cl_task_update(db, &t1, &err), CL_OK);
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &mine, rows, 8), 0);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &mine, 0, NULL), 0);
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &everyone, rows, 8), 2);
	assert_string_equal(rows[0].care_manager_name, "Bea Wells");
}

static void not_reached(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_patient never, long_ago, recent, rising, inactive, edge;

	fix_patient(db, "N1", "high", cl_db_user(db), &never);
	fix_patient(db, "N2", "high", cl_db_user(db), &long_ago);
	fix_patient(db, "N3", "high", cl_db_user(db), &recent);
	fix_patient(db, "N4", "rising", cl_db_user(db), &rising);
	fix_patient(db, "N5", "high", cl_db_user(db), &inactive);
	fix_patient(db, "N6", "high", cl_db_user(db), &edge);
	assert_int_equal(cl_patient_retire(db, &inactive, CL_PATIENT_INACTIVE, &err), CL_OK);
	fix_contact(db, &long_ago, "2026-01-20 10:00", "reached", "10");
	/* Tried lately but not reached: still not reached. */
	fix_contact(db, &long_ago, "2026-03-10 10:00", "no-answer", "2");
	fix_contact(db, &recent, "2026-03-01 09:00", "reached", "10");
	/* Exactly 30 days ago counts as within the 30 days. */
	fix_contact(db, &edge, "2026-02-13 09:00", "reached", "10");

	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &everyone, rows, 8), 2);
	/* Never reached first, then the longest ago. */
	assert_string_equal(rows[0].mrn, "N1");
	assert_int_equal(rows[0].days, -1);
	assert_string_equal(rows[0].date, "");
	assert_string_equal(rows[1].mrn, "N2");
	assert_string_equal(rows[1].date, "2026-01-20");
	assert_int_equal(rows[1].days, 54);
	assert_int_equal(rows[1].risk_tier, CL_RISK_HIGH);
	assert_int_equal(count(db, CL_WORKLIST_NOT_REACHED, &everyone, 0, NULL), 2);
	/* The window is a setting. */
	assert_int_equal(cl_setting_set_int(db, "not_reached_days", 60, &err), CL_OK);
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &everyone, rows, 8), 1);
	assert_int_equal(cl_setting_set_int(db, "not_reached_days", 30, &err), CL_OK);
	/* Reaching the patient takes them off. */
	fix_contact(db, &never, "2026-03-15 08:00", "reached", "15");
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &everyone, rows, 8), 1);
	assert_string_equal(rows[0].mrn, "N2");
	/* A tier change moves them in or out. */
	assert_int_equal(cl_risk_set(db, &long_ago.id, &long_ago.version, CL_RISK_RISING, "better",
				     CL_RISK_BY_COORDINATOR, NULL, &err),
			 CL_OK);
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &everyone, rows, 8), 0);
}

static void not_reached_mine_moves_on_reassignment(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_patient a, b;

	fix_other_cm(db);
	fix_patient(db, "M1", "high", cl_db_user(db), &a);
	fix_patient(db, "M2", "high", "bwells", &b);
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &mine, rows, 8), 1);
	assert_string_equal(rows[0].mrn, "M1");
	assert_int_equal(count(db, CL_WORKLIST_NOT_REACHED, &mine, 0, NULL), 1);
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &everyone, rows, 8), 2);
	/* Bulk-reassign M1 to Bea: gone from mine, still in everyone's. */
	assert_int_equal(cl_assign_care_manager(db, &a.id, 1, "bwells", NULL, &err), CL_OK);
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &mine, rows, 8), 0);
	assert_int_equal(count(db, CL_WORKLIST_NOT_REACHED, &mine, 0, NULL), 0);
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &everyone, rows, 8), 2);
	/* And both come to me. */
	{
		struct cl_id ids[2] = { a.id, b.id };

		assert_int_equal(cl_assign_care_manager(db, ids, 2, cl_db_user(db), NULL, &err),
				 CL_OK);
	}
	assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, &mine, rows, 8), 2);
}

static void paging_and_capped_counts(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[4], all[32];
	struct cl_patient p;
	char text[32], due[CL_DATE_LEN];
	int n, total = 0;
	bool capped;

	fix_patient(db, "P1", "low", "", &p);
	for (int i = 0; i < 25; i++) {
		struct cl_task t;

		/* Pairs on the same date: the id breaks the tie. */
		cl_date_add_days(FIX_TODAY, -(i / 2), due);
		fix_task(db, &p, "Task", due, "", &t);
	}
	/* Pages of 4 walk all 25 in order, without repeats. */
	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_TASKS, &everyone, NULL, rows, 4, &n, &err), CL_OK);
	while (n > 0) {
		memcpy(&all[total], rows, sizeof(rows[0]) * (size_t)n);
		total += n;
		assert_true(total <= 25);
		assert_int_equal(cl_worklist_page(db, CL_WORKLIST_TASKS, &everyone, &rows[n - 1],
						  rows, 4, &n, &err),
				 CL_OK);
	}
	assert_int_equal(total, 25);
	for (int i = 1; i < total; i++) {
		int c = strcmp(all[i - 1].date, all[i].date);

		assert_true(c < 0 || (c == 0 && memcmp(all[i - 1].record_id.bytes,
						       all[i].record_id.bytes, CL_ID_LEN) < 0));
	}
	/* The not-reached section pages the same way (all never reached: the id orders). */
	for (int i = 0; i < 7; i++) {
		struct cl_patient h;
		char mrn[16];

		snprintf(mrn, sizeof(mrn), "H%d", i);
		fix_patient(db, mrn, "high", "", &h);
	}
	total = 0;
	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_NOT_REACHED, &everyone, NULL, rows, 3, &n, &err),
		CL_OK);
	while (n > 0) {
		memcpy(&all[total], rows, sizeof(rows[0]) * (size_t)n);
		total += n;
		assert_true(total <= 7);
		assert_int_equal(cl_worklist_page(db, CL_WORKLIST_NOT_REACHED, &everyone,
						  &rows[n - 1], rows, 3, &n, &err),
				 CL_OK);
	}
	assert_int_equal(total, 7);
	for (int i = 1; i < total; i++)
		assert_true(memcmp(all[i - 1].patient_id.bytes, all[i].patient_id.bytes,
				   CL_ID_LEN) < 0);
	/* Counts stop at the cap. */
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 10, &capped), 10);
	assert_true(capped);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 25, &capped), 25);
	assert_false(capped);
	assert_int_equal(cl_setting_set_int(db, "worklist_count_cap", 20, &err), CL_OK);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, &capped), 20);
	assert_true(capped);
	cl_worklist_count_text(999, true, text, sizeof(text));
	assert_string_equal(text, "over 999");
	cl_worklist_count_text(12, false, text, sizeof(text));
	assert_string_equal(text, "12");
}

/* A community food referral for p referred on `on`, due `due`, followed by login cm. */
static void make_referral(struct cl_db *db, const struct cl_patient *p, const struct cl_id *org,
			  const char *on, const char *due, const char *cm, struct cl_referral *r)
{
	struct cl_error err = { 0 };

	cl_referral_init(r, db);
	r->patient_id = p->id;
	r->organization_id = *org;
	snprintf(r->service, sizeof(r->service), "food-insecurity");
	snprintf(r->consent_date, sizeof(r->consent_date), "%s", on);
	snprintf(r->referred_on, sizeof(r->referred_on), "%s", on);
	snprintf(r->due_date, sizeof(r->due_date), "%s", due);
	snprintf(r->care_manager, sizeof(r->care_manager), "%s", cm);
	if (cl_referral_create(db, r, NULL, &err))
		fail_msg("referral: %s (%s)", err.message, err.field);
}

static void move_referral(struct cl_db *db, struct cl_referral *r, enum cl_referral_status to)
{
	struct cl_referral_change ch = { .to = to, .outcome = CL_OUTCOME_NONE };
	struct cl_error err = { 0 };

	if (cl_referral_status_closed(to))
		ch.outcome = CL_OUTCOME_GOT_HELP;
	if (cl_referral_transition(db, r, &ch, &err))
		fail_msg("transition: %s", err.message);
}

/*
 * A patient who dies (or leaves) takes their work off the worklist at once: the open task,
 * the due screening and the "not reached" row leave, and the counts drop; their open
 * referrals stay open, listed first in "Referrals overdue" whatever their due date and
 * flagged for the coordinator to close with a reason. The chart keeps everything.
 */
static void deceased_patient_leaves_worklist(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_patient dead, alive;
	struct cl_task dead_task, alive_task, later_task;
	struct cl_referral dead_late, dead_not_yet, alive_late, r;
	struct cl_task chart[4];
	struct cl_org food;
	int n, s;

	fix_patient(db, "D1", "high", cl_db_user(db), &dead);
	fix_patient(db, "D2", "high", cl_db_user(db), &alive);
	fix_task(db, &dead, "Call after discharge", "2026-03-10", cl_db_user(db), &dead_task);
	fix_task(db, &alive, "Check pharmacy", "2026-03-11", cl_db_user(db), &alive_task);
	cl_org_init(&food);
	if (cl_org_field_set(&food, "name", "Valley Food Bank", &err) ||
	    cl_org_field_set(&food, "services", "food-insecurity", &err) ||
	    cl_org_field_set(&food, "last_verified", "2026-01-01", &err) ||
	    cl_org_create(db, &food, &err))
		fail_msg("org: %s", err.message);
	make_referral(db, &dead, &food.id, "2026-02-01", "2026-03-01", cl_db_user(db), &dead_late);
	make_referral(db, &dead, &food.id, "2026-03-10", "2026-04-10", cl_db_user(db),
		      &dead_not_yet);
	make_referral(db, &alive, &food.id, "2026-02-01", "2026-03-05", cl_db_user(db),
		      &alive_late);
	/* Both were discharged and seen in the ED: owed follow-ups. */
	for (int k = 0; k < 2; k++) {
		struct cl_clinical_event e;

		cl_event_init(&e, k ? &alive.id : &dead.id);
		e.kind = CL_EVENT_DISCHARGE;
		snprintf(e.event_date, sizeof(e.event_date), "2026-03-12");
		assert_int_equal(cl_event_add(db, &e, &err), CL_OK);
		e.kind = CL_EVENT_ED_VISIT;
		snprintf(e.event_date, sizeof(e.event_date), "2026-03-13");
		assert_int_equal(cl_event_add(db, &e, &err), CL_OK);
	}
	/* Both have hypertension, never measured (the chronic registry, test_chronic). */
	for (int k = 0; k < 2; k++) {
		struct cl_condition c;

		cl_condition_init(&c, k ? &alive.id : &dead.id);
		assert_int_equal(cl_condition_field_set(&c, "kind", "hypertension", &err), CL_OK);
		assert_int_equal(cl_condition_save(db, &c, &err), CL_OK);
	}
	/* Both are never screened and never reached: due in every section. */
	/* Both are never screened and never reached: due in every section but "Positive:
	   connect" (never screened, nothing positive: test_measure has that section) and
	   "Safety" (no PHQ-9: test_behavioral has that one). */
	for (s = 0; s < CL_WORKLIST_NSECTIONS; s++)
		assert_int_equal(count(db, (enum cl_worklist_section)s, &everyone, 0, NULL),
				 s == CL_WORKLIST_POSITIVES || s == CL_WORKLIST_SAFETY ? 0 : 2);

	/* Deceased, in the record form's way: status and date of death in one save. */
	assert_int_equal(cl_patient_field_set(&dead, "status", "deceased", &err), CL_OK);
	assert_int_equal(cl_patient_field_set(&dead, "death_date", "2026-03-14", &err), CL_OK);
	assert_int_equal(cl_patient_update(db, &dead, &err), CL_OK);

	for (int m = 0; m < 2; m++) {
		const struct cl_worklist_filter *f = m ? &mine : &everyone;

		assert_int_equal(page(db, CL_WORKLIST_TASKS, f, rows, 8), 1);
		assert_true(cl_id_equal(&rows[0].record_id, &alive_task.id));
		assert_int_equal(count(db, CL_WORKLIST_TASKS, f, 0, NULL), 1);
		assert_int_equal(page(db, CL_WORKLIST_SCREENINGS, f, rows, 8), 1);
		assert_string_equal(rows[0].mrn, "D2");
		assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, f, 0, NULL), 1);
		assert_int_equal(page(db, CL_WORKLIST_NOT_REACHED, f, rows, 8), 1);
		assert_string_equal(rows[0].mrn, "D2");
		assert_int_equal(count(db, CL_WORKLIST_NOT_REACHED, f, 0, NULL), 1);
		assert_int_equal(page(db, CL_WORKLIST_DISCHARGED, f, rows, 8), 1);
		assert_string_equal(rows[0].mrn, "D2");
		assert_int_equal(count(db, CL_WORKLIST_DISCHARGED, f, 0, NULL), 1);
		assert_int_equal(page(db, CL_WORKLIST_ED_VISITS, f, rows, 8), 1);
		assert_string_equal(rows[0].mrn, "D2");
		assert_int_equal(count(db, CL_WORKLIST_ED_VISITS, f, 0, NULL), 1);
		assert_int_equal(page(db, CL_WORKLIST_CHRONIC, f, rows, 8), 1);
		assert_string_equal(rows[0].mrn, "D2");
		assert_int_equal(count(db, CL_WORKLIST_CHRONIC, f, 0, NULL), 1);

		/* Both open referrals of the deceased patient first (the one not due yet too),
		   flagged; then the living patient's overdue one, not flagged. */
		assert_int_equal(page(db, CL_WORKLIST_REFERRALS, f, rows, 8), 3);
		assert_true(cl_id_equal(&rows[0].record_id, &dead_late.id));
		assert_true(cl_id_equal(&rows[1].record_id, &dead_not_yet.id));
		assert_true(cl_id_equal(&rows[2].record_id, &alive_late.id));
		assert_int_equal(rows[0].patient_status, CL_PATIENT_DECEASED);
		assert_true(cl_worklist_row_to_close(&rows[0]));
		assert_true(cl_worklist_row_to_close(&rows[1]));
		assert_false(cl_worklist_row_to_close(&rows[2]));
		assert_string_equal(cl_worklist_close_text(&rows[1]), "close: patient deceased");
		assert_string_equal(cl_worklist_close_text(&rows[2]), "");
		assert_string_equal(rows[1].date, "2026-04-10");
		assert_int_equal(count(db, CL_WORKLIST_REFERRALS, f, 0, NULL), 3);
	}
	/* Paging on from a flagged row reaches the rest. */
	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_REFERRALS, &everyone, &rows[0], rows, 8, &n, &err),
		CL_OK);
	assert_int_equal(n, 2);
	assert_true(cl_id_equal(&rows[1].record_id, &alive_late.id));

	/* Flagged, never closed: the referrals are as they were. */
	assert_int_equal(cl_referral_get(db, &dead_not_yet.id, &r, &err), CL_OK);
	assert_int_equal(r.status, dead_not_yet.status);
	assert_int_equal(r.version, dead_not_yet.version);
	/* The referral lists (chart, Referrals view) know whose patient died. */
	{
		struct cl_referral_row list[4];

		assert_int_equal(cl_referral_for_patient(db, &dead.id, list, 4, &n, &err), CL_OK);
		assert_int_equal(n, 2);
		assert_int_equal(list[0].patient_status, CL_PATIENT_DECEASED);
		assert_int_equal(cl_referral_for_patient(db, &alive.id, list, 4, &n, &err), CL_OK);
		assert_int_equal(list[0].patient_status, CL_PATIENT_ACTIVE);
	}
	/* The chart keeps everything: the task is still open there. */
	assert_int_equal(cl_task_list(db, &dead.id, false, chart, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_true(cl_id_equal(&chart[0].id, &dead_task.id));
	/* A task added to their chart afterwards stays off the worklist too. */
	fix_task(db, &dead, "Send condolence card", "2026-03-15", cl_db_user(db), &later_task);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, NULL), 1);

	/* Closing the flagged referral with a reason takes it off. */
	{
		struct cl_referral_change ch = { .to = CL_REFERRAL_CANCELLED,
						 .status_reason = "patient deceased",
						 .outcome = CL_OUTCOME_COULD_NOT_GET_HELP };

		if (cl_referral_transition(db, &dead_late, &ch, &err))
			fail_msg("cancel: %s", err.message);
	}
	assert_int_equal(count(db, CL_WORKLIST_REFERRALS, &everyone, 0, NULL), 2);

	/* Inactive (moved away) is flagged as such. */
	assert_int_equal(cl_patient_get(db, &dead.id, &dead, &err), CL_OK);
	assert_int_equal(cl_patient_retire(db, &dead, CL_PATIENT_INACTIVE, &err), CL_OK);
	assert_int_equal(page(db, CL_WORKLIST_REFERRALS, &everyone, rows, 8), 2);
	assert_string_equal(cl_worklist_close_text(&rows[0]), "close: patient inactive");
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, NULL), 1);

	/* Set back to active (a mistake undone): their work returns. */
	assert_int_equal(cl_patient_field_set(&dead, "status", "active", &err), CL_OK);
	assert_int_equal(cl_patient_update(db, &dead, &err), CL_OK);
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, NULL), 3);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &everyone, 0, NULL), 2);
	assert_int_equal(page(db, CL_WORKLIST_REFERRALS, &everyone, rows, 8), 1);
	assert_false(cl_worklist_row_to_close(&rows[0]));
}

static void referrals_overdue(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_referral late, later, done, not_yet, theirs;
	struct cl_patient p, q;
	struct cl_org food;

	fix_other_cm(db);
	fix_patient(db, "R1", "low", "", &p);
	fix_patient(db, "R2", "rising", "", &q);
	cl_org_init(&food);
	if (cl_org_field_set(&food, "name", "Valley Food Bank", &err) ||
	    cl_org_field_set(&food, "services", "food-insecurity", &err) ||
	    cl_org_field_set(&food, "last_verified", "2026-01-01", &err) ||
	    cl_org_create(db, &food, &err))
		fail_msg("org: %s", err.message);
	make_referral(db, &p, &food.id, "2026-02-01", "2026-03-01", cl_db_user(db), &late);
	make_referral(db, &q, &food.id, "2026-02-20", "2026-03-10", cl_db_user(db), &later);
	make_referral(db, &p, &food.id, "2026-02-01", "2026-02-15", cl_db_user(db), &done);
	make_referral(db, &p, &food.id, "2026-03-01", FIX_TODAY, cl_db_user(db), &not_yet);
	make_referral(db, &q, &food.id, "2026-02-01", "2026-03-05", "bwells", &theirs);
	/* The loop closed: not overdue any more, however old its due date. */
	move_referral(db, &done, CL_REFERRAL_ACCEPTED);
	move_referral(db, &done, CL_REFERRAL_IN_PROGRESS);
	move_referral(db, &done, CL_REFERRAL_COMPLETED);

	assert_true(cl_worklist_available(CL_WORKLIST_REFERRALS));
	/* Past the due date (due today is not yet late), oldest first. */
	assert_int_equal(page(db, CL_WORKLIST_REFERRALS, &everyone, rows, 8), 3);
	assert_true(cl_id_equal(&rows[0].record_id, &late.id));
	assert_true(cl_id_equal(&rows[0].patient_id, &p.id));
	assert_string_equal(rows[0].what, "Food insecurity, Valley Food Bank");
	assert_string_equal(rows[0].date, "2026-03-01");
	assert_int_equal(rows[0].days, 14);
	assert_true(cl_id_equal(&rows[1].record_id, &theirs.id));
	assert_string_equal(rows[1].care_manager_name, "Bea Wells");
	assert_true(cl_id_equal(&rows[2].record_id, &later.id));
	assert_string_equal(rows[2].mrn, "R2");
	assert_int_equal(rows[2].risk_tier, CL_RISK_RISING);
	assert_int_equal(count(db, CL_WORKLIST_REFERRALS, &everyone, 0, NULL), 3);

	/* Mine: the ones I follow. */
	assert_int_equal(page(db, CL_WORKLIST_REFERRALS, &mine, rows, 8), 2);
	assert_true(cl_id_equal(&rows[0].record_id, &late.id));
	assert_true(cl_id_equal(&rows[1].record_id, &later.id));
	assert_int_equal(count(db, CL_WORKLIST_REFERRALS, &mine, 0, NULL), 2);

	/* Completing one takes it off. */
	move_referral(db, &late, CL_REFERRAL_ACCEPTED);
	move_referral(db, &late, CL_REFERRAL_IN_PROGRESS);
	move_referral(db, &late, CL_REFERRAL_COMPLETED);
	assert_int_equal(page(db, CL_WORKLIST_REFERRALS, &everyone, rows, 8), 2);
	assert_int_equal(count(db, CL_WORKLIST_REFERRALS, &mine, 0, NULL), 1);
	/* Tomorrow the one due today is late too. */
	setenv("CARELOOP_TODAY", "2026-03-16", 1);
	assert_int_equal(count(db, CL_WORKLIST_REFERRALS, &everyone, 0, NULL), 3);
	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
}

/* Record that p declined a screening on `on` (a decline starts the rescreen clock). */
static void screened(struct cl_db *db, const struct cl_patient *p, const char *on)
{
	struct cl_screening *s = NULL;
	struct cl_error err = { 0 };

	if (cl_screening_start(db, &p->id, "ahc-hrsn", &s, &err))
		fail_msg("start: %s", err.message);
	snprintf(s->screened_on, sizeof(s->screened_on), "%s", on);
	if (cl_screening_decline(db, s, &err))
		fail_msg("decline: %s", err.message);
	cl_screening_free(s);
}

static void screenings_due(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_patient never, last_year, last_month, theirs, retired;

	fix_other_cm(db);
	fix_patient(db, "S1", "low", cl_db_user(db), &never);
	fix_patient(db, "S2", "low", cl_db_user(db), &last_year);
	fix_patient(db, "S3", "low", cl_db_user(db), &last_month);
	fix_patient(db, "S4", "high", "bwells", &theirs);
	fix_patient(db, "S5", "low", cl_db_user(db), &retired);
	screened(db, &last_year, "2025-02-10");
	screened(db, &last_month, "2026-02-10");
	screened(db, &theirs, "2025-03-15"); /* 12 months ago today: due today */
	fix_exec(db, "UPDATE patient SET status = 'inactive' WHERE mrn = 'S5'");

	assert_true(cl_worklist_available(CL_WORKLIST_SCREENINGS));
	/* Never screened first, then the oldest screening; last month's is not due. */
	assert_int_equal(page(db, CL_WORKLIST_SCREENINGS, &everyone, rows, 8), 3);
	assert_true(cl_id_equal(&rows[0].patient_id, &never.id));
	assert_string_equal(rows[0].date, "");
	assert_int_equal(rows[0].days, -1);
	assert_true(cl_id_equal(&rows[1].patient_id, &last_year.id));
	assert_string_equal(rows[1].date, "2025-02-10");
	assert_int_equal(rows[1].days, 398);
	assert_true(cl_id_equal(&rows[2].patient_id, &theirs.id));
	assert_string_equal(rows[2].care_manager_name, "Bea Wells");
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &everyone, 0, NULL), 3);

	/* Mine: my patients only. */
	assert_int_equal(page(db, CL_WORKLIST_SCREENINGS, &mine, rows, 8), 2);
	assert_true(cl_id_equal(&rows[0].patient_id, &never.id));
	assert_true(cl_id_equal(&rows[1].patient_id, &last_year.id));
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &mine, 0, NULL), 2);

	/* Reassigned to me, theirs is mine; back to them, it is not (the 006 triggers). */
	assert_int_equal(cl_assign_care_manager(db, &theirs.id, 1, cl_db_user(db), NULL, &err),
			 CL_OK);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &mine, 0, NULL), 3);
	assert_int_equal(page(db, CL_WORKLIST_SCREENINGS, &mine, rows, 8), 3);
	assert_true(cl_id_equal(&rows[2].patient_id, &theirs.id));
	assert_int_equal(cl_assign_care_manager(db, &theirs.id, 1, "bwells", NULL, &err), CL_OK);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &mine, 0, NULL), 2);

	/* Screened today: off the list. */
	screened(db, &never, FIX_TODAY);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &everyone, 0, NULL), 2);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &mine, 0, NULL), 1);

	/* The setting moves the clock: every month, last month's is due too. */
	assert_int_equal(cl_setting_set_int(db, "rescreen_months", 1, &err), CL_OK);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &everyone, 0, NULL), 3);
}

/* The last day of a month: everything up to the last day of the month back is due. */
static void screenings_due_month_end(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_patient a, b;

	fix_patient(db, "E1", "low", "", &a);
	fix_patient(db, "E2", "low", "", &b);
	screened(db, &a, "2025-02-28");
	screened(db, &b, "2025-03-01");
	assert_int_equal(cl_setting_set_int(db, "rescreen_months", 1, &err), CL_OK);
	/* 2025-03-31 - 1 month: 2025-02-28 (and 2025-02-28 + 1 month = 2025-03-28). */
	setenv("CARELOOP_TODAY", "2025-03-31", 1);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &everyone, 0, NULL), 1);
	setenv("CARELOOP_TODAY", "2025-04-01", 1);
	assert_int_equal(count(db, CL_WORKLIST_SCREENINGS, &everyone, 0, NULL), 2);
	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
}

/* Paging backwards gives the same rows as forwards, in the same order. */
static void paging_backwards(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row fwd[16], back[16], rows[4];
	struct cl_patient p;
	char due[CL_DATE_LEN];
	int n, total = 0, i;

	fix_patient(db, "B1", "low", "", &p);
	for (i = 0; i < 11; i++) {
		struct cl_task t;

		cl_date_add_days(FIX_TODAY, -(i / 3), due);
		fix_task(db, &p, "Task", due, "", &t);
	}
	{
		/* Due tomorrow: in no page, whichever end the list is read from. */
		struct cl_task t;

		cl_date_add_days(FIX_TODAY, 1, due);
		fix_task(db, &p, "Later", due, "", &t);
	}
	assert_int_equal(page(db, CL_WORKLIST_TASKS, &everyone, fwd, 16), 11);
	/* From the end, pages of 4 before the first row of the last page. */
	assert_int_equal(
		cl_worklist_page_before(db, CL_WORKLIST_TASKS, &everyone, NULL, rows, 4, &n, &err),
		CL_OK);
	while (n > 0) {
		total += n;
		assert_true(total <= 11);
		memcpy(&back[11 - total], rows, sizeof(rows[0]) * (size_t)n);
		assert_int_equal(cl_worklist_page_before(db, CL_WORKLIST_TASKS, &everyone, &rows[0],
							 rows, 4, &n, &err),
				 CL_OK);
	}
	assert_int_equal(total, 11);
	for (i = 0; i < 11; i++)
		assert_true(cl_id_equal(&fwd[i].record_id, &back[i].record_id));
	/* Before the first row: nothing. */
	assert_int_equal(cl_worklist_page_before(db, CL_WORKLIST_TASKS, &everyone, &fwd[0], rows, 4,
						 &n, &err),
			 CL_OK);
	assert_int_equal(n, 0);
}

/*
 * Upgrading a clinic (schema 6 to 7): a patient who was already deceased, with an open
 * task, has that task off the worklist from the first open of the new careloop; the task
 * itself is untouched.
 */
static void upgrade_retires_old_work(void **state)
{
	char dir[256], path[320];
	struct cl_error err = { 0 };
	struct cl_db *db;
	sqlite3 *sq;
	int i;

	(void)state;
	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/old.db", dir);
	assert_int_equal(sqlite3_open(path, &sq), SQLITE_OK);
	for (i = 0; i < cl_schema_file_count && atoi(cl_schema_files[i].name) <= 6; i++)
		assert_int_equal(sqlite3_exec(sq, cl_schema_files[i].sql, NULL, NULL, NULL),
				 SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(
			sq,
			"PRAGMA user_version = 6; PRAGMA application_id = 1129074512; /* CLOP */"
			"INSERT INTO patient (id, mrn, given_name, family_name, birth_date,"
			" sex, language, payer, risk_tier, status, created_at, updated_at,"
			" updated_by) VALUES (x'0102030405060708090a0b0c0d0e0f10', 'U1', 'Ana',"
			" 'Old', '1940-01-01', 'female', 'en', 'medicare', 'high', 'deceased',"
			" '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'x');"
			"INSERT INTO task (id, patient_id, title, due_date, status, created_at,"
			" updated_at, updated_by) VALUES (x'1102030405060708090a0b0c0d0e0f10',"
			" x'0102030405060708090a0b0c0d0e0f10', 'Old task', '2026-02-01', 'open',"
			" '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'x');",
			NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(sq);

	if (cl_db_open(path, 0, &db, &err))
		fail_msg("open: %s", err.message);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	assert_int_equal(count(db, CL_WORKLIST_TASKS, &everyone, 0, NULL), 0);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM task WHERE status = 'open'", NULL), 1);
	cl_db_close(db);
	test_remove_tree(dir);
}

/* Does EXPLAIN QUERY PLAN of sql mention index (a seek or a covering scan of it)? */
static bool plan_uses(struct cl_db *db, const char *sql, const char *index)
{
	char explain[1024];
	sqlite3_stmt *st;
	bool found = false;

	snprintf(explain, sizeof(explain), "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), explain, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strstr((const char *)sqlite3_column_text(st, 3), index))
			found = true;
	sqlite3_finalize(st);
	return found;
}

/* Every section and direction, for everyone and mine, prepares and runs. */
static void every_query_runs(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[2];
	int s, n;

	/* Running every query also proves each one prepares. */
	for (s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
		for (int m = 0; m < 2; m++) {
			struct cl_worklist_filter f = { .mine = m };
			long long c;

			assert_true(cl_worklist_available((enum cl_worklist_section)s));
			assert_int_equal(cl_worklist_page(db, (enum cl_worklist_section)s, &f, NULL,
							  rows, 2, &n, &err),
					 CL_OK);
			assert_int_equal(cl_worklist_page_before(db, (enum cl_worklist_section)s,
								 &f, NULL, rows, 2, &n, &err),
					 CL_OK);
			assert_int_equal(cl_worklist_count(db, (enum cl_worklist_section)s, &f, 0,
							   &c, NULL, &err),
					 CL_OK);
		}
	}
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
				 " AND name IN ('referral_worklist_cm', 'screening_due_cm')",
				 NULL),
			 2);
	/* Mine counts of the new sections read one index alone. */
	assert_int_equal(
		fix_int(db,
			"SELECT count(*) FROM (SELECT 1 FROM screening_status s WHERE s.active = 1"
			" AND s.last_on <= '2026-01-01' AND s.care_manager_id = x'00' LIMIT 10)",
			NULL),
		0);
	assert_true(
		plan_uses(db,
			  "SELECT 1 FROM screening_status s WHERE s.active = 1"
			  " AND s.last_on <= '2026-01-01' AND s.care_manager_id = x'00' LIMIT 10",
			  "screening_due_cm"));
	/* Tasks and referrals (schema/007_deceased.sql): active patients' rows, one index each. */
	assert_true(
		plan_uses(db,
			  "SELECT 1 FROM referral r WHERE r.status IN ('draft', 'requested',"
			  " 'accepted', 'in-progress', 'on-hold') AND r.worklist_key < '2026-01-01'"
			  " AND r.care_manager_id = x'00' LIMIT 10",
			  "INDEX referral_worklist_cm (care_manager_id=? AND worklist_key<?)"));
	assert_true(
		plan_uses(db,
			  "SELECT 1 FROM referral r WHERE r.status IN ('draft', 'requested',"
			  " 'accepted', 'in-progress', 'on-hold') AND r.worklist_key < '2026-01-01'"
			  " LIMIT 10",
			  "INDEX referral_worklist (worklist_key<?)"));
	assert_true(
		plan_uses(db,
			  "SELECT 1 FROM task t WHERE t.status = 'open' AND t.patient_active = 1"
			  " AND t.due_date <= '2026-01-01' LIMIT 10",
			  "INDEX task_open_due (due_date<?)"));
	assert_true(
		plan_uses(db,
			  "SELECT 1 FROM task t WHERE t.status = 'open' AND t.patient_active = 1"
			  " AND t.due_date <= '2026-01-01' AND t.assignee_id = x'00' LIMIT 10",
			  "INDEX task_open_assignee_due (assignee_id=? AND due_date<?)"));
	/* The page of referrals seeks its index by the keyset position (no sort). */
	assert_true(
		plan_uses(db,
			  "SELECT r.id FROM referral r JOIN patient p ON p.id = r.patient_id"
			  " WHERE r.status IN ('draft', 'requested', 'accepted', 'in-progress',"
			  " 'on-hold') AND r.worklist_key < '2026-01-01' AND (r.worklist_key, r.id)"
			  " > ('', x'') ORDER BY r.worklist_key, r.id LIMIT 10",
			  "INDEX referral_worklist ((worklist_key,id)>(?,?) AND worklist_key<?)"));
	assert_false(
		plan_uses(db,
			  "SELECT r.id FROM referral r JOIN patient p ON p.id = r.patient_id"
			  " WHERE r.status IN ('draft', 'requested', 'accepted', 'in-progress',"
			  " 'on-hold') AND r.worklist_key < '2026-01-01' AND (r.worklist_key,"
			  " r.id) > ('', x'') ORDER BY r.worklist_key, r.id LIMIT 10",
			  "TEMP B-TREE"));
	assert_string_equal(cl_worklist_code(CL_WORKLIST_NOT_REACHED), "not-reached");
	assert_string_equal(cl_worklist_title(CL_WORKLIST_SCREENINGS), "Screenings due");
	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_NSECTIONS, &everyone, NULL, rows, 2, &n, &err),
		CL_EINVAL);
}

/*
 * Safety stays in the patient's chart: a safety referral reads "private referral" without
 * its partner, a task of a safety goal "private follow-up" without its title.
 */
static void safety_is_private(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_worklist_row rows[8];
	struct cl_referral food_ref, dv_ref;
	struct cl_patient p;
	struct cl_org food, dv;
	struct cl_goal goal;
	struct cl_task task, plain;
	int n, i;

	fix_patient(db, "S1", "high", "", &p);
	cl_org_init(&food);
	cl_org_init(&dv);
	if (cl_org_field_set(&food, "name", "Valley Food Bank", &err) ||
	    cl_org_field_set(&food, "services", "food", &err) ||
	    cl_org_field_set(&food, "last_verified", "2026-01-01", &err) ||
	    cl_org_create(db, &food, &err) ||
	    cl_org_field_set(&dv, "name", "Harbor DV Services", &err) ||
	    cl_org_field_set(&dv, "services", "intimate-partner-violence", &err) ||
	    cl_org_field_set(&dv, "last_verified", "2026-01-01", &err) ||
	    cl_org_create(db, &dv, &err))
		fail_msg("org: %s", err.message);
	make_referral(db, &p, &food.id, "2026-02-01", "2026-03-01", cl_db_user(db), &food_ref);
	cl_referral_init(&dv_ref, db);
	dv_ref.patient_id = p.id;
	dv_ref.organization_id = dv.id;
	snprintf(dv_ref.service, sizeof(dv_ref.service), "intimate-partner-violence");
	snprintf(dv_ref.consent_date, sizeof(dv_ref.consent_date), "2026-02-02");
	snprintf(dv_ref.referred_on, sizeof(dv_ref.referred_on), "2026-02-02");
	snprintf(dv_ref.due_date, sizeof(dv_ref.due_date), "2026-03-02");
	if (cl_referral_create(db, &dv_ref, NULL, &err))
		fail_msg("referral: %s (%s)", err.message, err.field);

	n = page(db, CL_WORKLIST_REFERRALS, &everyone, rows, 8);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].what, "Food insecurity, Valley Food Bank");
	assert_string_equal(rows[1].what, CL_PRIVATE_REFERRAL);

	cl_goal_init(&goal, &p.id);
	if (cl_goal_field_set(&goal, "description", "Feel safe at home", &err) ||
	    cl_goal_field_set(&goal, "domain", "intimate-partner-violence", &err) ||
	    cl_goal_field_set(&goal, "target_date", "2026-06-01", &err) ||
	    cl_goal_create(db, &goal, &err))
		fail_msg("goal: %s (%s)", err.message, err.field);
	cl_task_init(&task, db, &p.id);
	task.goal_id = goal.id;
	if (cl_task_field_set(&task, "title", "Call about the shelter plan", &err) ||
	    cl_task_field_set(&task, "due_date", "2026-03-10", &err) ||
	    cl_task_create(db, &task, &err))
		fail_msg("task: %s (%s)", err.message, err.field);
	fix_task(db, &p, "Call about food", "2026-03-11", cl_db_user(db), &plain);
	n = page(db, CL_WORKLIST_TASKS, &everyone, rows, 8);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].what, CL_PRIVATE_FOLLOWUP);
	assert_string_equal(rows[1].what, "Call about food");
	for (i = 0; i < n; i++)
		assert_null(strstr(rows[i].what, "shelter"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tasks_due, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(tasks_mine_and_reassigned, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(not_reached, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(not_reached_mine_moves_on_reassignment, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(paging_and_capped_counts, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(referrals_overdue, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(deceased_patient_leaves_worklist, fix_setup,
						fix_teardown),
		cmocka_unit_test(upgrade_retires_old_work),
		cmocka_unit_test_setup_teardown(screenings_due, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(screenings_due_month_end, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(paging_backwards, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(every_query_runs, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(safety_is_private, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
