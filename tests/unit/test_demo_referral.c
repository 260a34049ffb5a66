/* The demo directory and referrals: deterministic, every status, legal histories. */
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
#include "demo.h"
#include "demo_referral.h"
#include "testdb.h"

static struct cl_db *demo_db(unsigned long seed)
{
	struct cl_demo_options opt = { .patients = 3000, .seed = seed };
	struct cl_error err = { 0 };
	struct cl_db *db;

	assert_int_equal(cl_db_open(":memory:", CL_DB_CREATE, &db, &err), CL_OK);
	if (cl_demo_generate(db, &opt, &err))
		fail_msg("demo: %s", err.message);
	return db;
}

/* A digest of every referral, event and organization row (ids and times included). */
static uint64_t digest(struct cl_db *db)
{
	static const char *const sql[] = {
		/* the clinic's own user gets a random id when the database opens: its login */
		("SELECT r.id, r.patient_id, r.kind, r.organization_id, r.service, r.reason,"
		 " r.priority, r.mode, r.consent_date, r.referred_on, r.due_date, r.status,"
		 " r.status_reason, r.outcome, r.closed_on, cm.login, r.created_at, r.updated_at,"
		 " r.version FROM referral r LEFT JOIN care_manager cm ON cm.id = r.care_manager_id"
		 " ORDER BY r.id"),
		"SELECT * FROM referral_event ORDER BY id",
		("SELECT id, kind, name, services, last_verified, created_at FROM organization"
		 " ORDER BY id"),
	};
	uint64_t h = 1469598103934665603ULL;
	size_t q;

	for (q = 0; q < sizeof(sql) / sizeof(sql[0]); q++) {
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql[q], -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int c;

			for (c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *b = sqlite3_column_blob(st, c);
				int n = sqlite3_column_bytes(st, c), i;

				for (i = 0; i < n; i++)
					h = (h ^ b[i]) * 1099511628211ULL;
				h = (h ^ 0xff) * 1099511628211ULL;
			}
		}
		sqlite3_finalize(st);
	}
	return h;
}

static void test_same_seed_same_data(void **state)
{
	struct cl_db *a, *b, *c;

	(void)state;
	setenv("CARELOOP_TODAY", "2026-11-23", 1);
	a = demo_db(7);
	b = demo_db(7);
	c = demo_db(8);
	assert_true(digest(a) == digest(b));
	assert_true(digest(a) != digest(c));
	cl_db_close(a);
	cl_db_close(b);
	cl_db_close(c);
}

static void test_living_directory(void **state)
{
	struct cl_db *db;
	struct cl_error err = { 0 };
	struct cl_demo_referral_stats stats;
	long long referrals, active, overdue;
	int s;

	(void)state;
	setenv("CARELOOP_TODAY", "2026-11-23", 1);
	db = demo_db(7);
	/* about 20 organizations, both kinds, some stale, each with its services indexed */
	assert_int_equal(test_count(db, "SELECT count(*) FROM organization"), 20);
	assert_true(test_count(db, "SELECT count(*) FROM organization WHERE kind = 'specialty'") >=
		    5);
	assert_true(test_count(db,
			       "SELECT count(*) FROM organization"
			       " WHERE last_verified = '' OR last_verified < '2025-11-23'") >= 3);
	assert_int_equal(test_count(db, "SELECT count(*) FROM organization o WHERE NOT EXISTS"
					" (SELECT 1 FROM organization_service s"
					" WHERE s.organization_id = o.id)"),
			 0);
	/* referrals for about 5% of the active patients */
	referrals = test_count(db, "SELECT count(*) FROM referral");
	active = test_count(db, "SELECT count(*) FROM patient WHERE status = 'active'");
	assert_true(referrals * 100 >= active * 3 && referrals * 100 <= active * 8);
	/* every status */
	for (s = 0; s < CL_REFERRAL_STATUS_COUNT; s++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM referral WHERE status = '%s'",
			 cl_referral_status_code(s));
		if (test_count(db, sql) < 1)
			fail_msg("no demo referral is %s", cl_referral_status_code(s));
	}
	/* some overdue, and the core agrees */
	assert_int_equal(cl_referral_overdue_count(db, &overdue, &err), CL_OK);
	assert_true(overdue >= 3);
	/* closed ones carry an outcome and the day they closed; open ones neither */
	assert_int_equal(test_count(db, "SELECT count(*) FROM referral WHERE status IN"
					" ('completed', 'failed', 'rejected', 'cancelled')"
					" AND (outcome = '' OR closed_on = '')"),
			 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM referral WHERE status IN"
					" ('draft', 'requested', 'accepted', 'in-progress',"
					" 'on-hold') AND (outcome <> '' OR closed_on <> '')"),
			 0);
	/* community referrals past draft have the patient's consent */
	assert_int_equal(test_count(db, "SELECT count(*) FROM referral WHERE kind = 'community'"
					" AND status <> 'draft' AND consent_date = ''"),
			 0);
	/* a second run adds no organizations and no referrals to the same patients */
	if (cl_demo_referrals(db, 7, &stats, &err))
		fail_msg("second run: %s", err.message);
	assert_int_equal(stats.organizations, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM organization"), 20);
	cl_db_close(db);
}

/* Every demo history walks the core's transition table and ends in the referral's status. */
static void test_histories_are_legal(void **state)
{
	struct cl_db *db;
	sqlite3_stmt *st;
	long long checked = 0;

	(void)state;
	setenv("CARELOOP_TODAY", "2026-11-23", 1);
	db = demo_db(11);
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db),
					    "SELECT e.from_status, e.to_status, r.status,"
					    " e.at = (SELECT max(at) FROM referral_event x"
					    " WHERE x.referral_id = r.id)"
					    " FROM referral_event e JOIN referral r"
					    " ON r.id = e.referral_id ORDER BY r.id, e.at",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(st, 0);
		const char *to = (const char *)sqlite3_column_text(st, 1);
		int f = cl_referral_status_parse(from), t = cl_referral_status_parse(to);

		assert_true(t >= 0);
		if (from[0] && !cl_referral_rule(f, t))
			fail_msg("illegal demo move %s -> %s", from, to);
		if (!from[0] && t != CL_REFERRAL_DRAFT && t != CL_REFERRAL_REQUESTED)
			fail_msg("a demo referral was created as %s", to);
		if (sqlite3_column_int(st, 3))
			assert_string_equal(to, (const char *)sqlite3_column_text(st, 2));
		checked++;
	}
	sqlite3_finalize(st);
	assert_true(checked > 100);
	assert_int_equal(test_count(db, "SELECT count(*) FROM referral r WHERE r.version <>"
					" (SELECT count(*) FROM referral_event e"
					" WHERE e.referral_id = r.id)"),
			 0);
	cl_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_data),
		cmocka_unit_test(test_living_directory),
		cmocka_unit_test(test_histories_are_legal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
