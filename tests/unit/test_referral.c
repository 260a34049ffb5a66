/* Referrals: the transition table, due dates, consent, history and the lists. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"

struct fixture {
	struct cl_db *db;
	struct cl_patient patient;
	struct cl_org food, heart;
};

#define S(x) CL_REFERRAL_##x
/* DOMAIN.md's lifecycle, written out again independently of referral.c's table. */
static bool expected_legal(enum cl_referral_status from, enum cl_referral_status to)
{
	static const int open[] = { S(DRAFT), S(REQUESTED), S(ACCEPTED), S(IN_PROGRESS),
				    S(ON_HOLD) };
	static const int legal[][2] = {
		{ S(DRAFT), S(REQUESTED) },
		{ S(REQUESTED), S(ACCEPTED) },
		{ S(REQUESTED), S(REJECTED) },
		{ S(ACCEPTED), S(IN_PROGRESS) },
		{ S(IN_PROGRESS), S(COMPLETED) },
		{ S(IN_PROGRESS), S(FAILED) },
		{ S(IN_PROGRESS), S(ON_HOLD) },
		{ S(ON_HOLD), S(IN_PROGRESS) },
		/* reopen a closed referral */
		{ S(REJECTED), S(REQUESTED) },
		{ S(CANCELLED), S(REQUESTED) },
		{ S(FAILED), S(IN_PROGRESS) },
		{ S(COMPLETED), S(IN_PROGRESS) },
	};

	if (to == S(ENTERED_IN_ERROR))
		return from != S(ENTERED_IN_ERROR);
	if (to == S(CANCELLED))
		for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++)
			if ((int)from == open[i])
				return true;
	for (size_t i = 0; i < sizeof(legal) / sizeof(legal[0]); i++)
		if (legal[i][0] == (int)from && legal[i][1] == (int)to)
			return true;
	return false;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct cl_error err = { 0 };

	setenv("CARELOOP_TODAY", "2026-06-15", 1);
	if (!fx || cl_db_open(":memory:", CL_DB_CREATE, &fx->db, &err))
		return -1;
	cl_patient_init(&fx->patient, fx->db);
	if (cl_patient_field_set(&fx->patient, "mrn", "T100", &err) ||
	    cl_patient_field_set(&fx->patient, "given_name", "Test", &err) ||
	    cl_patient_field_set(&fx->patient, "family_name", "Person", &err) ||
	    cl_patient_field_set(&fx->patient, "birth_date", "1960-01-01", &err) ||
	    cl_patient_field_set(&fx->patient, "language", "es", &err) ||
	    cl_patient_create(fx->db, &fx->patient, &err)) {
		fprintf(stderr, "patient: %s\n", err.message);
		return -1;
	}
	cl_org_init(&fx->food);
	cl_org_field_set(&fx->food, "name", "Food Bank", &err);
	cl_org_field_set(&fx->food, "services", "food-insecurity", &err);
	cl_org_field_set(&fx->food, "last_verified", "2026-01-01", &err);
	cl_org_init(&fx->heart);
	cl_org_field_set(&fx->heart, "kind", "specialty", &err);
	cl_org_field_set(&fx->heart, "name", "Heart Clinic", &err);
	cl_org_field_set(&fx->heart, "services", "cardiology", &err);
	if (cl_org_create(fx->db, &fx->food, &err) || cl_org_create(fx->db, &fx->heart, &err)) {
		fprintf(stderr, "org: %s\n", err.message);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	cl_db_close(fx->db);
	free(fx);
	return 0;
}

static long long query_count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A community referral for food with consent, as requested (or per status). */
static void make_referral(struct fixture *fx, enum cl_referral_status status,
			  enum cl_referral_priority priority, const char *referred_on,
			  struct cl_referral *r)
{
	struct cl_error err = { 0 };

	cl_referral_init(r, fx->db);
	r->patient_id = fx->patient.id;
	r->organization_id = fx->food.id;
	r->status = status;
	r->priority = priority;
	snprintf(r->service, sizeof(r->service), "food-insecurity");
	snprintf(r->consent_date, sizeof(r->consent_date), "2026-06-01");
	if (referred_on)
		snprintf(r->referred_on, sizeof(r->referred_on), "%s", referred_on);
	if (cl_referral_create(fx->db, r, NULL, &err))
		fail_msg("create: %s", err.message);
}

/* Put r straight into status (test set-up only: bypasses the table) and reload it. */
static void force_status(struct fixture *fx, struct cl_referral *r, enum cl_referral_status s)
{
	struct cl_error err = { 0 };
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(fx->db),
					    "UPDATE referral SET status = ?1 WHERE id = ?2", -1,
					    &st, NULL),
			 SQLITE_OK);
	assert_int_equal(cl_db_bind_text(st, 1, cl_referral_status_code(s), &err), CL_OK);
	assert_int_equal(cl_db_bind_id(st, 2, &r->id, &err), CL_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(cl_referral_get(fx->db, &r->id, r, &err), CL_OK);
	/* The follower is shown by name, not login. */
	assert_string_equal(r->care_manager, cl_db_user(fx->db));
	assert_string_equal(r->care_manager_name, cl_db_user_display(fx->db));
}

/* A change to `to` with everything it could need. */
static struct cl_referral_change full_change(enum cl_referral_status to)
{
	struct cl_referral_change c = { to, "partner said so", CL_OUTCOME_NONE, "a note" };

	if (cl_referral_status_closed(to))
		c.outcome = CL_OUTCOME_NOT_ELIGIBLE;
	return c;
}

static void test_every_pair(void **state)
{
	struct fixture *fx = *state;
	int legal = 0;

	for (int from = 0; from < CL_REFERRAL_STATUS_COUNT; from++) {
		for (int to = 0; to < CL_REFERRAL_STATUS_COUNT; to++) {
			struct cl_referral_change c = full_change((enum cl_referral_status)to);
			struct cl_error err = { 0 };
			struct cl_referral r, again;
			int events;
			bool ok = expected_legal((enum cl_referral_status)from,
						 (enum cl_referral_status)to);

			make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, NULL, &r);
			force_status(fx, &r, (enum cl_referral_status)from);
			assert_int_equal(cl_referral_rule((enum cl_referral_status)from,
							  (enum cl_referral_status)to) != NULL,
					 ok);
			{
				struct cl_referral_event ev[8];

				assert_int_equal(
					cl_referral_events(fx->db, &r.id, ev, 8, &events, &err),
					CL_OK);
			}
			if (ok) {
				struct cl_referral_change missing = c;

				legal++;
				/* What a move needs is refused when missing (and nothing changes). */
				missing.status_reason = NULL;
				if (to == S(REJECTED) || to == S(FAILED) || to == S(CANCELLED)) {
					assert_int_equal(
						cl_referral_transition(fx->db, &r, &missing, &err),
						CL_EINVAL);
					assert_string_equal(err.field, "status_reason");
				}
				missing = c;
				missing.outcome = CL_OUTCOME_NONE;
				if (cl_referral_status_closed((enum cl_referral_status)to)) {
					assert_int_equal(
						cl_referral_transition(fx->db, &r, &missing, &err),
						CL_EINVAL);
					assert_string_equal(err.field, "outcome");
				}
				missing = c;
				missing.note = "";
				if (cl_referral_rule((enum cl_referral_status)from,
						     (enum cl_referral_status)to)
					    ->reopens) {
					assert_int_equal(
						cl_referral_transition(fx->db, &r, &missing, &err),
						CL_EINVAL);
					assert_string_equal(err.field, "note");
				}
				if (cl_referral_transition(fx->db, &r, &c, &err))
					fail_msg("%s -> %s refused: %s",
						 cl_referral_status_code(
							 (enum cl_referral_status)from),
						 cl_referral_status_code(
							 (enum cl_referral_status)to),
						 err.message);
				assert_int_equal(r.status, to);
				assert_int_equal(r.version, 2);
				assert_int_equal(
					r.closed_on[0] != '\0',
					cl_referral_status_closed((enum cl_referral_status)to));
			} else {
				assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err),
						 CL_EINVAL);
				assert_non_null(strstr(err.message, "cannot go from"));
				assert_non_null(strstr(
					err.message,
					cl_referral_status_code((enum cl_referral_status)to)));
			}
			assert_int_equal(cl_referral_get(fx->db, &r.id, &again, &err), CL_OK);
			assert_int_equal(again.status, ok ? to : from);
			{
				struct cl_referral_event ev[8];
				int after;

				assert_int_equal(
					cl_referral_events(fx->db, &r.id, ev, 8, &after, &err),
					CL_OK);
				assert_int_equal(after, events + ok);
				if (ok) {
					assert_string_equal(ev[after - 1].from_status,
							    cl_referral_status_code(
								    (enum cl_referral_status)from));
					assert_string_equal(ev[after - 1].to_status,
							    cl_referral_status_code(
								    (enum cl_referral_status)to));
					assert_string_equal(ev[after - 1].note, "a note");
				}
			}
		}
	}
	{
		size_t n;

		cl_referral_transitions(&n);
		assert_int_equal((size_t)legal, n); /* the table has nothing beyond DOMAIN.md */
	}
}

static void test_reasons_outcomes_notes(void **state)
{
	struct fixture *fx = *state;
	struct cl_referral_change c = { S(REJECTED), NULL, CL_OUTCOME_NO_CAPACITY, NULL };
	struct cl_error err = { 0 };
	struct cl_referral r;
	long long audit_before;

	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, NULL, &r);
	assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err), CL_EINVAL);
	assert_string_equal(err.field, "status_reason");
	c.status_reason = "full";
	c.outcome = CL_OUTCOME_NONE;
	assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err), CL_EINVAL);
	assert_string_equal(err.field, "outcome");
	c.outcome = CL_OUTCOME_NO_CAPACITY;
	assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err), CL_OK);
	assert_int_equal(r.status, S(REJECTED));
	assert_int_equal(r.outcome, CL_OUTCOME_NO_CAPACITY);
	assert_string_equal(r.closed_on, "2026-06-15");
	assert_string_equal(r.status_reason, "full");

	/* An outcome only when the loop closes. */
	{
		struct cl_referral other;
		struct cl_referral_change accept = { S(ACCEPTED), NULL, CL_OUTCOME_GOT_HELP, NULL };

		make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, NULL, &other);
		assert_int_equal(cl_referral_transition(fx->db, &other, &accept, &err), CL_EINVAL);
		assert_string_equal(err.field, "outcome");
	}

	/* Reopen: needs a note; clears the outcome and the closing date. */
	c = (struct cl_referral_change){ S(REQUESTED), NULL, CL_OUTCOME_NONE, NULL };
	audit_before = query_count(fx->db, "SELECT count(*) FROM audit WHERE entity = 'referral'");
	assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err), CL_EINVAL);
	assert_string_equal(err.field, "note");
	assert_int_equal(
		query_count(fx->db, "SELECT count(*) FROM audit WHERE entity = 'referral'"),
		audit_before);
	c.note = "partner has room again";
	assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err), CL_OK);
	assert_int_equal(r.status, S(REQUESTED));
	assert_int_equal(r.outcome, CL_OUTCOME_NONE);
	assert_string_equal(r.closed_on, "");
	assert_int_equal(
		query_count(fx->db, "SELECT count(*) FROM audit WHERE entity = 'referral'"),
		audit_before + 1);

	/* A stale version is a conflict and writes nothing. */
	{
		struct cl_referral stale = r;
		struct cl_referral_change accept = { S(ACCEPTED), NULL, CL_OUTCOME_NONE, NULL };
		struct cl_referral_change cancel = { S(CANCELLED), "moved",
						     CL_OUTCOME_REFERRED_ELSEWHERE, NULL };
		long long events = query_count(fx->db, "SELECT count(*) FROM referral_event");

		assert_int_equal(cl_referral_transition(fx->db, &r, &accept, &err), CL_OK);
		assert_int_equal(cl_referral_transition(fx->db, &stale, &cancel, &err),
				 CL_ECONFLICT);
		assert_non_null(strstr(err.message, "changed by"));
		assert_int_equal(query_count(fx->db, "SELECT count(*) FROM referral_event"),
				 events + 1);
	}
	/* History rows are append-only. */
	assert_int_not_equal(
		sqlite3_exec(cl_db_sqlite(fx->db), "DELETE FROM referral_event", NULL, NULL, NULL),
		SQLITE_OK);
}

static void test_due_dates(void **state)
{
	struct fixture *fx = *state;
	struct cl_error err = { 0 };
	struct cl_referral r;

	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-06-01", &r);
	assert_string_equal(r.due_date, "2026-07-01");
	make_referral(fx, S(REQUESTED), CL_PRIORITY_URGENT, "2026-06-01", &r);
	assert_string_equal(r.due_date, "2026-06-08");
	assert_int_equal(cl_setting_set_int(fx->db, "loop_days_routine", 45, &err), CL_OK);
	assert_int_equal(cl_setting_set_int(fx->db, "loop_days_urgent", 3, &err), CL_OK);
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-12-20", &r);
	assert_string_equal(r.due_date, "2027-02-03");
	make_referral(fx, S(REQUESTED), CL_PRIORITY_URGENT, "2026-12-30", &r);
	assert_string_equal(r.due_date, "2027-01-02");
	/* A due date the coordinator chose is kept; one before the referral is refused. */
	cl_referral_init(&r, fx->db);
	r.patient_id = fx->patient.id;
	r.organization_id = fx->food.id;
	snprintf(r.service, sizeof(r.service), "food-insecurity");
	snprintf(r.consent_date, sizeof(r.consent_date), "2026-06-01");
	assert_int_equal(cl_referral_field_set(&r, "due_date", "07/04/2026", &err), CL_OK);
	assert_int_equal(cl_referral_create(fx->db, &r, NULL, &err), CL_OK);
	assert_string_equal(r.due_date, "2026-07-04");
	assert_int_equal(cl_referral_field_set(&r, "due_date", "2026-01-01", &err), CL_OK);
	assert_int_equal(cl_referral_update(fx->db, &r, &err), CL_EINVAL);
	assert_string_equal(err.field, "due_date");
	/* Clearing it on an edit recomputes it from the priority. */
	r.due_date[0] = '\0';
	r.priority = CL_PRIORITY_URGENT;
	assert_int_equal(cl_referral_update(fx->db, &r, &err), CL_OK);
	assert_string_equal(r.due_date, "2026-06-18");
	assert_int_equal(r.version, 2);
}

static void test_consent_and_validation(void **state)
{
	struct fixture *fx = *state;
	struct cl_error err = { 0 };
	struct cl_referral r;
	struct cl_referral_change send = { S(REQUESTED), NULL, CL_OUTCOME_NONE, NULL };
	bool stale = false;

	cl_referral_init(&r, fx->db);
	r.patient_id = fx->patient.id;
	r.organization_id = fx->food.id;
	snprintf(r.service, sizeof(r.service), "food-insecurity");
	assert_int_equal(cl_referral_create(fx->db, &r, NULL, &err), CL_EINVAL);
	assert_string_equal(err.field, "consent_date");
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM referral"), 0);
	/* A draft may wait for consent, but is not sent without it. */
	r.status = S(DRAFT);
	assert_int_equal(cl_referral_create(fx->db, &r, NULL, &err), CL_OK);
	assert_int_equal(cl_referral_transition(fx->db, &r, &send, &err), CL_EINVAL);
	assert_string_equal(err.field, "consent_date");
	assert_int_equal(cl_referral_field_set(&r, "consent_date", "2026-06-14", &err), CL_OK);
	assert_int_equal(cl_referral_update(fx->db, &r, &err), CL_OK);
	assert_int_equal(cl_referral_transition(fx->db, &r, &send, &err), CL_OK);

	/* A specialty referral needs no consent; the partner's kind and service must fit. */
	cl_referral_init(&r, fx->db);
	r.patient_id = fx->patient.id;
	r.kind = CL_REFERRAL_SPECIALTY;
	r.organization_id = fx->food.id;
	snprintf(r.service, sizeof(r.service), "cardiology");
	assert_int_equal(cl_referral_create(fx->db, &r, NULL, &err), CL_EINVAL);
	assert_string_equal(err.field, "organization");
	r.organization_id = fx->heart.id;
	snprintf(r.service, sizeof(r.service), "food-insecurity");
	assert_int_equal(cl_referral_create(fx->db, &r, NULL, &err), CL_EINVAL);
	assert_string_equal(err.field, "service");
	snprintf(r.service, sizeof(r.service), "cardiology");
	r.mode = CL_MODE_ECONSULT;
	assert_int_equal(cl_referral_create(fx->db, &r, &stale, &err), CL_OK);
	assert_true(stale); /* the heart clinic was never verified */
	assert_int_equal(cl_referral_field_set(&r, "mode", "fax", &err), CL_EINVAL);

	/* A retired partner takes no new referrals. */
	assert_int_equal(cl_org_retire(fx->db, &fx->heart, &err), CL_OK);
	assert_int_equal(cl_referral_create(fx->db, &r, NULL, &err), CL_EINVAL);
	assert_string_equal(err.field, "organization");
}

static void test_lists(void **state)
{
	struct fixture *fx = *state;
	struct cl_referral_filter filter = {
		CL_REFERRALS_OVERDUE, S(DRAFT), -1, NULL, NULL, false
	};
	struct cl_referral a, b, c, d, e, f;
	struct cl_referral_change done = { S(ENTERED_IN_ERROR), NULL, CL_OUTCOME_NONE, NULL };
	struct cl_referral_change cancel = { S(CANCELLED), "moved away",
					     CL_OUTCOME_NO_LONGER_INTERESTED, NULL };
	struct cl_referral_row rows[10], after;
	struct cl_error err = { 0 };
	long long count;
	int n;

	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-04-01", &a); /* due 05-01 */
	make_referral(fx, S(REQUESTED), CL_PRIORITY_URGENT, "2026-06-01", &b);	/* due 06-08 */
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-06-10", &c); /* due 07-10 */
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-03-01", &d); /* due 03-31 */
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-02-01", &e); /* due 03-03 */
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-05-16", &f); /* due today */
	assert_int_equal(cl_referral_transition(fx->db, &d, &cancel, &err), CL_OK);
	assert_int_equal(cl_referral_transition(fx->db, &e, &done, &err), CL_OK);

	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_true(cl_id_equal(&rows[0].id, &a.id));
	assert_true(cl_id_equal(&rows[1].id, &b.id));
	assert_true(rows[0].overdue);
	assert_int_equal(rows[0].age_days, 75);
	assert_string_equal(rows[0].mrn, "T100");
	assert_string_equal(rows[0].organization, "Food Bank");
	assert_int_equal(cl_referral_overdue_count(fx->db, &count, &err), CL_OK);
	assert_int_equal(count, 2);

	/* Open list: overdue first, then by due date; paged by keyset. */
	filter.scope = CL_REFERRALS_OPEN;
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	after = rows[1];
	assert_int_equal(cl_referral_list(fx->db, &filter, &after, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_true(cl_id_equal(&rows[0].id, &f.id));
	assert_false(rows[0].overdue); /* due today is not overdue yet */
	assert_true(cl_id_equal(&rows[1].id, &c.id));
	assert_false(rows[1].overdue);

	/* Filters: status, kind, partner, care manager; entered-in-error never shows. */
	filter.scope = CL_REFERRALS_STATUS;
	filter.status = S(CANCELLED);
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].outcome, CL_OUTCOME_NO_LONGER_INTERESTED);
	assert_int_equal(rows[0].age_days, 106); /* 2026-03-01 to the day it closed */
	filter.status = S(ENTERED_IN_ERROR);
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	filter.scope = CL_REFERRALS_ALL;
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 5);
	filter.kind = CL_REFERRAL_SPECIALTY;
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	filter.kind = -1;
	filter.organization = &fx->food.id;
	filter.care_manager = cl_db_user(fx->db);
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 5);
	filter.care_manager = "someone-else";
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 0);

	assert_int_equal(cl_referral_for_patient(fx->db, &fx->patient.id, rows, 10, &n, &err),
			 CL_OK);
	assert_int_equal(n, 5);
	assert_true(cl_id_equal(&rows[0].id, &c.id)); /* newest first */

	/* The overdue list seeks the partial index. */
	{
		sqlite3_stmt *st;
		bool uses = false;

		assert_int_equal(sqlite3_prepare_v2(
					 cl_db_sqlite(fx->db),
					 "EXPLAIN QUERY PLAN SELECT id FROM referral r WHERE"
					 " r.status IN ('draft', 'requested', 'accepted',"
					 " 'in-progress', 'on-hold') AND r.due_date < '2026-06-15'"
					 " ORDER BY r.due_date, r.id",
					 -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (strstr((const char *)sqlite3_column_text(st, 3), "referral_open_due"))
				uses = true;
		sqlite3_finalize(st);
		assert_true(uses);
	}
}

/* Paging backward gives the rows before the anchor (or the last rows) in forward order. */
static void test_page_backward(void **state)
{
	struct fixture *fx = *state;
	struct cl_referral_filter filter = { CL_REFERRALS_OPEN, S(DRAFT), -1, NULL, NULL, false };
	struct cl_referral a, b, c, d;
	struct cl_referral_row rows[10], anchor;
	struct cl_error err = { 0 };
	int n;

	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-03-01", &a);
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-04-01", &b);
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-05-01", &c);
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-06-01", &d);
	/* The last two, in due-date order. */
	assert_int_equal(cl_referral_page(fx->db, &filter, NULL, true, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_true(cl_id_equal(&rows[0].id, &c.id));
	assert_true(cl_id_equal(&rows[1].id, &d.id));
	/* Before c: a then b. */
	anchor = rows[0];
	assert_int_equal(cl_referral_page(fx->db, &filter, &anchor, true, rows, 10, &n, &err),
			 CL_OK);
	assert_int_equal(n, 2);
	assert_true(cl_id_equal(&rows[0].id, &a.id));
	assert_true(cl_id_equal(&rows[1].id, &b.id));
	assert_true(rows[0].overdue);
	/* Forward from b: c then d, as cl_referral_list. */
	anchor = rows[1];
	assert_int_equal(cl_referral_page(fx->db, &filter, &anchor, false, rows, 10, &n, &err),
			 CL_OK);
	assert_int_equal(n, 2);
	assert_true(cl_id_equal(&rows[0].id, &c.id));
}

/* --overdue with --status: that status, past due only (the scope no longer wins alone). */
static void test_overdue_with_status(void **state)
{
	struct fixture *fx = *state;
	struct cl_referral_filter filter = {
		CL_REFERRALS_STATUS, S(REQUESTED), -1, NULL, NULL, true
	};
	struct cl_referral late, fresh;
	struct cl_referral_row rows[10];
	struct cl_error err = { 0 };
	int n;

	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-04-01", &late);  /* 05-01 */
	make_referral(fx, S(REQUESTED), CL_PRIORITY_ROUTINE, "2026-06-10", &fresh); /* 07-10 */
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_true(cl_id_equal(&rows[0].id, &late.id));
	filter.overdue = false;
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	/* --overdue --all: the overdue ones (a closed referral is never overdue). */
	filter.scope = CL_REFERRALS_ALL;
	filter.overdue = true;
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
}

/* A safety referral in a list over patients: no partner, no service; the chart keeps them. */
static void test_safety_private_in_lists(void **state)
{
	struct fixture *fx = *state;
	struct cl_referral_filter filter = { CL_REFERRALS_ALL, S(DRAFT), -1, NULL, NULL, false };
	struct cl_referral_row rows[10];
	struct cl_error err = { 0 };
	struct cl_referral r;
	struct cl_org dv;
	int n;

	cl_org_init(&dv);
	if (cl_org_field_set(&dv, "name", "Harbor DV Services", &err) ||
	    cl_org_field_set(&dv, "services", "safety", &err) || cl_org_create(fx->db, &dv, &err))
		fail_msg("org: %s", err.message);
	assert_string_equal(dv.services, "intimate-partner-violence"); /* stored by its code */
	cl_referral_init(&r, fx->db);
	r.patient_id = fx->patient.id;
	r.organization_id = dv.id;
	snprintf(r.service, sizeof(r.service), "intimate-partner-violence");
	snprintf(r.consent_date, sizeof(r.consent_date), "2026-06-01");
	if (cl_referral_create(fx->db, &r, NULL, &err))
		fail_msg("create: %s", err.message);
	assert_int_equal(cl_referral_list(fx->db, &filter, NULL, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_true(rows[0].sensitive);
	assert_string_equal(rows[0].organization, "");
	assert_string_equal(rows[0].service, "");
	assert_int_equal(cl_referral_page(fx->db, &filter, NULL, true, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].organization, "");
	/* The patient's own list keeps it all. */
	assert_int_equal(cl_referral_for_patient(fx->db, &fx->patient.id, rows, 10, &n, &err),
			 CL_OK);
	assert_int_equal(n, 1);
	assert_true(rows[0].sensitive);
	assert_string_equal(rows[0].organization, "Harbor DV Services");
	assert_string_equal(rows[0].service, "intimate-partner-violence");
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(cl_referral_status_code(S(IN_PROGRESS)), "in-progress");
	assert_string_equal(cl_referral_status_code(S(ENTERED_IN_ERROR)), "entered-in-error");
	assert_int_equal(cl_referral_status_parse("on-hold"), S(ON_HOLD));
	assert_int_equal(cl_referral_status_parse("received"), -1);
	assert_string_equal(cl_referral_outcome_name(CL_OUTCOME_COULD_NOT_CONTACT),
			    "couldn't contact the patient");
	assert_int_equal(cl_referral_outcome_parse("referred-elsewhere"),
			 CL_OUTCOME_REFERRED_ELSEWHERE);
	assert_int_equal(cl_referral_outcome_parse(""), -1);
	assert_string_equal(cl_referral_mode_code(CL_MODE_ECONSULT), "e-consult");
	assert_false(cl_referral_status_open(S(ENTERED_IN_ERROR)));
	assert_false(cl_referral_status_closed(S(ENTERED_IN_ERROR)));
}
#undef S

/*
 * The open statuses have one definition, CL_REFERRAL_OPEN_STATUSES: cl_referral_status_open
 * reads it, and the partial indexes the migrations create repeat it word for word (or the
 * open lists and the worklist would stop using them).
 */
static void test_open_statuses(void **state)
{
	static const char *const indexes[] = { "referral_open_due", "referral_worklist",
					       "referral_worklist_cm" };
	struct fixture *fx = *state;
	sqlite3_stmt *st;
	size_t i;
	int v, open = 0;

	for (v = 0; v < CL_REFERRAL_STATUS_COUNT; v++) {
		char quoted[32];

		snprintf(quoted, sizeof(quoted), "'%s'", cl_referral_status_code(v));
		assert_int_equal(cl_referral_status_open(v),
				 strstr(CL_REFERRAL_OPEN_STATUSES, quoted) != NULL);
		assert_false(cl_referral_status_open(v) && cl_referral_status_closed(v));
		open += cl_referral_status_open(v);
	}
	assert_int_equal(open, 5);
	assert_false(cl_referral_status_open(CL_REFERRAL_ENTERED_IN_ERROR));
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(fx->db),
					    "SELECT sql FROM sqlite_master WHERE name = ?1", -1,
					    &st, NULL),
			 SQLITE_OK);
	for (i = 0; i < sizeof(indexes) / sizeof(indexes[0]); i++) {
		assert_int_equal(sqlite3_bind_text(st, 1, indexes[i], -1, SQLITE_STATIC),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_non_null(strstr((const char *)sqlite3_column_text(st, 0),
				       "WHERE status IN " CL_REFERRAL_OPEN_STATUSES));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/* Move r to `to` as having happened on day; the result code. */
static int move_on(struct fixture *fx, struct cl_referral *r, enum cl_referral_status to,
		   const char *day, struct cl_error *err)
{
	struct cl_referral_change c = { .to = to, .happened_on = day };

	if (cl_referral_status_closed(to))
		c.outcome = CL_OUTCOME_GOT_HELP;
	memset(err, 0, sizeof(*err));
	return cl_referral_transition(fx->db, r, &c, err);
}

/*
 * A status change backdated to the day it really happened (today is 2026-06-15): never
 * before the referral (made 06-01), nor before the last change, nor in the future; each
 * boundary day itself is fine; a refused change keeps nothing; closing closes on that day.
 */
static void test_backdated_change(void **state)
{
	struct fixture *fx = *state;
	struct cl_referral_event ev[8];
	struct cl_error err;
	struct cl_referral r;
	long long version;
	int n = 0;

	make_referral(fx, CL_REFERRAL_REQUESTED, CL_PRIORITY_ROUTINE, "2026-06-01", &r);
	version = r.version;
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_ACCEPTED, "2026-05-31", &err), CL_EINVAL);
	assert_string_equal(err.field, "happened_on");
	assert_non_null(strstr(err.message, "before the referral was made"));
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_ACCEPTED, "2026-06-16", &err), CL_EINVAL);
	assert_string_equal(err.field, "happened_on");
	assert_non_null(strstr(err.message, "future"));
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_ACCEPTED, "someday", &err), CL_EINVAL);
	assert_string_equal(err.field, "happened_on");
	/* Nothing was kept by the refused ones. */
	assert_int_equal(r.version, version);
	assert_int_equal(r.status, CL_REFERRAL_REQUESTED);
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM referral_event"), 1);

	/* The referral's own day: fine. Then a change before it: refused; on it: fine. */
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_ACCEPTED, "2026-06-01", &err), CL_OK);
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_IN_PROGRESS, "2026-06-05", &err), CL_OK);
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_ON_HOLD, "2026-06-04", &err), CL_EINVAL);
	assert_string_equal(err.field, "happened_on");
	assert_non_null(strstr(err.message, "last status change"));
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_COMPLETED, "2026-06-05", &err), CL_OK);
	/* The loop closed on the day it happened, not the day it was recorded. */
	assert_string_equal(r.closed_on, "2026-06-05");
	assert_int_equal(cl_referral_events(fx->db, &r.id, ev, 8, &n, &err), CL_OK);
	assert_int_equal(n, 4);
	assert_string_equal(ev[1].happened_on, "2026-06-01");
	assert_string_equal(ev[3].happened_on, "2026-06-05");

	/* Reopened today (no date): stored as the day of the change; today is the bound. */
	{
		struct cl_referral_change c = { .to = CL_REFERRAL_IN_PROGRESS, .note = "back" };

		assert_int_equal(cl_referral_transition(fx->db, &r, &c, &err), CL_OK);
	}
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_COMPLETED, "2026-06-14", &err), CL_EINVAL);
	assert_int_equal(move_on(fx, &r, CL_REFERRAL_COMPLETED, "2026-06-15", &err), CL_OK);
	assert_string_equal(r.closed_on, "2026-06-15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasons_outcomes_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consent_and_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_backward, setup, teardown),
		cmocka_unit_test(test_codes),
		cmocka_unit_test_setup_teardown(test_overdue_with_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_safety_private_in_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backdated_change, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
