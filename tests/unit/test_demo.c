#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit.h"
#include "date.h"
#include "db.h"
#include "db_private.h"
#include "demo.h"
#include "error.h"
#include "merge.h"
#include "patient.h"

#define TODAY "2025-06-15"

static struct cl_db *open_memory(void)
{
	struct cl_error err;
	struct cl_db *db = NULL;

	if (cl_db_open(":memory:", CL_DB_CREATE, &db, &err) != CL_OK)
		fail_msg("open: %s", err.message);
	return db;
}

static void generate(struct cl_db *db, long patients, unsigned long seed)
{
	struct cl_demo_options opt = { .patients = patients, .seed = seed };
	struct cl_error err;

	if (cl_demo_generate(db, &opt, &err) != CL_OK)
		fail_msg("demo: %s", err.message);
}

static long long query_int(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row of sql as text, into buf. */
static const char *query_text(struct cl_db *db, const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	cl_db_column_text(st, 0, buf, size);
	sqlite3_finalize(st);
	return buf;
}

/*
 * FNV-1a over every generated column of every patient in MRN order (the care manager by
 * login: the OS user's care_manager id is random per database). Timestamps are left out.
 */
static uint64_t digest(struct cl_db *db)
{
	static const char sql[] =
		"SELECT p.id, mrn, given_name, family_name, birth_date, sex, language, phone, "
		"address, city, state, postal_code, payer, risk_tier, status, "
		"coalesce(cm.login, '-'), p.version FROM patient p "
		"LEFT JOIN care_manager cm ON cm.id = p.care_manager_id ORDER BY mrn";
	uint64_t h = 0xcbf29ce484222325ULL;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int col;

		for (col = 0; col < sqlite3_column_count(st); col++) {
			const unsigned char *b = sqlite3_column_blob(st, col);
			int i, n = sqlite3_column_bytes(st, col);

			for (i = 0; i < n; i++)
				h = (h ^ b[i]) * 0x100000001b3ULL;
			h = (h ^ 0xff) * 0x100000001b3ULL; /* column separator */
		}
	}
	sqlite3_finalize(st);
	return h;
}

static int setup(void **state)
{
	(void)state;
	return setenv("CARELOOP_TODAY", TODAY, 1);
}

static void test_same_seed_same_clinic(void **state)
{
	static const char managers_sql[] =
		"SELECT group_concat(hex(id) || login, ',') FROM (SELECT * FROM care_manager "
		"WHERE login IN ('amartinez', 'kobrien', 'dnguyen', 'jyazzie', 'mmuller', "
		"'lgarcia', 'tjohnson', 'shassan', 'rlindqvist', 'pvang') ORDER BY login)";
	struct cl_db *a = open_memory(), *b = open_memory();
	char ma[2048], mb[2048];

	(void)state;
	generate(a, 1500, 42);
	generate(b, 1500, 42);
	assert_int_equal(query_int(a, "SELECT count(*) FROM patient"), 1500);
	assert_true(digest(a) == digest(b));
	/* the care managers too, ids included (but for the OS user's own row) */
	assert_string_equal(query_text(a, managers_sql, ma, sizeof(ma)),
			    query_text(b, managers_sql, mb, sizeof(mb)));
	assert_true(strlen(ma) > 6 * 32);
	cl_db_close(a);
	cl_db_close(b);
}

/*
 * Seed 7's clinic, as the e2e scenarios and the README know it, whatever compiler built
 * careloop: every draw is made in an order C fixes (two draws in one call's arguments were
 * taken in the order gcc and clang each chose, so a clang build made another clinic).
 */
static void test_seed_7_everywhere(void **state)
{
	static const struct {
		const char *sql, *want;
	} known[] = {
		{ "SELECT phone || '|' || address FROM patient WHERE mrn = 'MRN0000001'",
		  "(555) 003-0807|1111 Willow Trl" },
		{ "SELECT address FROM patient WHERE mrn = 'MRN0000008'", "14372 County Road 22" },
		{ "SELECT address FROM patient WHERE mrn = 'MRN0000015'",
		  "9956 Union Trl, Apt 12" },
		{ "SELECT min(n.occurred_at) FROM note n JOIN patient p ON p.id = n.patient_id "
		  "WHERE p.mrn = 'MRN0000002'",
		  "2025-05-03T17:35" },
		{ "SELECT min(c.occurred_at) FROM contact c JOIN patient p ON p.id = c.patient_id "
		  "WHERE p.mrn = 'MRN0000001'",
		  "2024-08-06T08:56" },
		{ "SELECT min(r.created_at) FROM referral r JOIN patient p ON p.id = r.patient_id "
		  "WHERE p.mrn = 'MRN0000043'",
		  "2025-04-27T16:03:00.000Z" },
	};
	struct cl_db *db = open_memory();
	char got[256];

	(void)state;
	generate(db, 300, 7);
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_string_equal(query_text(db, known[i].sql, got, sizeof(got)), known[i].want);
	cl_db_close(db);
}

static void test_other_seed_other_clinic(void **state)
{
	struct cl_db *a = open_memory(), *b = open_memory();
	int i, same = 0;

	(void)state;
	generate(a, 500, 42);
	generate(b, 500, 43);
	assert_true(digest(a) != digest(b));
	/* not only the ids: the people under the same MRNs differ */
	for (i = 0; i < 50; i++) {
		char sql[200], pa[300], pb[300];

		snprintf(sql, sizeof(sql),
			 "SELECT given_name || '|' || family_name || '|' || birth_date FROM "
			 "patient WHERE mrn = 'MRN%07d'",
			 i + 1);
		same += strcmp(query_text(a, sql, pa, sizeof(pa)),
			       query_text(b, sql, pb, sizeof(pb))) == 0;
	}
	assert_true(same < 5);
	cl_db_close(a);
	cl_db_close(b);
}

/* Every generated record is one the registry itself accepts, and the clinic looks real. */
static void test_registry_shape(void **state)
{
	struct cl_db *db = open_memory();
	long long high, rising, low, total = 2000, seen = 0, utf8 = 0;
	struct cl_patient p;
	struct cl_error err;
	sqlite3_stmt *st;

	(void)state;
	generate(db, total, 7);
	high = query_int(db, "SELECT count(*) FROM patient WHERE risk_tier = 'high'");
	rising = query_int(db, "SELECT count(*) FROM patient WHERE risk_tier = 'rising'");
	low = query_int(db, "SELECT count(*) FROM patient WHERE risk_tier = 'low'");
	assert_true(high > 0 && rising > 0 && low > 0);
	assert_int_equal(high + rising + low, total);
	/* about 15 / 25 / 60 percent */
	assert_true(high > total * 10 / 100 && high < total * 20 / 100);
	assert_true(rising > total * 20 / 100 && rising < total * 30 / 100);
	assert_true(low > total * 53 / 100 && low < total * 67 / 100);
	/* MRNs unique and shaped "MRN" + 7 digits */
	assert_int_equal(query_int(db, "SELECT count(DISTINCT mrn) FROM patient"), total);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient WHERE mrn GLOB "
				       "'MRN[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"),
			 total);
	/* every code of every choice appears; states only of Making Care Primary */
	assert_int_equal(query_int(db, "SELECT count(DISTINCT payer) FROM patient"), 6);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT status) FROM patient"), 3);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT state) FROM patient"), 8);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient WHERE state NOT IN "
				       "('CO', 'MA', 'MN', 'NJ', 'NM', 'NY', 'NC', 'WA')"),
			 0);
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE status = 'active'") >
		    total * 85 / 100);
	/* mostly English, many Spanish, and others */
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE language = 'en'") >
		    total / 2);
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE language = 'es'") >
		    total / 20);
	assert_true(query_int(db, "SELECT count(DISTINCT language) FROM patient") >= 8);
	/* 6-8 demo care managers and the OS user; the OS user has patients too */
	assert_in_range(query_int(db, "SELECT count(*) FROM care_manager"), 7, 9);
	assert_true(query_int(db, "SELECT count(*) FROM patient p JOIN care_manager c ON "
				  "c.id = p.care_manager_id WHERE c.login NOT IN ('amartinez', "
				  "'kobrien', 'dnguyen', 'jyazzie', 'mmuller', 'lgarcia', "
				  "'tjohnson', 'shassan', 'rlindqvist', 'pvang')") > 0);
	/* accented and other non-ASCII names */
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE given_name = 'José' OR "
				  "family_name IN ('García', 'Nguyễn', 'Muñoz', 'Müller')") > 0);
	/*
	 * One audit row per batch (one batch here), no record id: the patients' insert, the
	 * duplicates made of five of them, and the care plans' update of the patients' derived
	 * columns. The chain holds.
	 */
	assert_int_equal(query_int(db, "SELECT count(*) FROM audit WHERE action = 'import' AND "
				       "entity = 'patient' AND record_id IS NULL"),
			 3);
	/* The last five are possible duplicates of earlier patients, three by an accent. */
	for (int i = 0; i < 5; i++) {
		struct cl_duplicate d[CL_DUPLICATES_MAX];
		char mrn[16];
		int n;

		snprintf(mrn, sizeof(mrn), "MRN%07lld", total - i);
		assert_int_equal(cl_patient_by_mrn(db, mrn, &p, &err), CL_OK);
		assert_int_equal(cl_patient_duplicates(db, &p, d, CL_DUPLICATES_MAX, &n, &err),
				 CL_OK);
		assert_true(n >= 1);
		assert_true(d[0].reason & CL_DUPLICATE_NAME);
		assert_true(strcmp(d[0].family_name, p.family_name) != 0 ||
			    strcmp(d[0].given_name, p.given_name) != 0 || i < 2);
	}
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_OK);

	assert_int_equal(
		sqlite3_prepare_v2(cl_db_sqlite(db), "SELECT id FROM patient", -1, &st, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct cl_id id;
		const unsigned char *c;
		int age;

		assert_int_equal(cl_db_column_id(st, 0, &id), CL_OK);
		assert_int_equal(id.bytes[6] >> 4, 4); /* version 4 shaped */
		assert_int_equal(id.bytes[8] >> 6, 2);
		if (cl_patient_get(db, &id, &p, &err) != CL_OK)
			fail_msg("get: %s", err.message);
		if (cl_patient_validate(&p, &err) != CL_OK)
			fail_msg("validate: field %s: %s", err.field, err.message);
		age = cl_date_age(p.birth_date, TODAY);
		assert_in_range(age, 0, 100);
		assert_int_equal(p.version, 1);
		for (c = (const unsigned char *)p.given_name; *c; c++)
			utf8 += *c >= 0x80;
		for (c = (const unsigned char *)p.family_name; *c; c++)
			utf8 += *c >= 0x80;
		seen++;
	}
	sqlite3_finalize(st);
	assert_int_equal(seen, total);
	assert_true(utf8 > 0);
	/* ages spread over the whole range, skewed old */
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE birth_date > '2007-06-15'") >
		    0);
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE birth_date < '1940-06-15'") >
		    0);
	assert_true(query_int(db, "SELECT count(*) FROM patient WHERE birth_date <= '1960-06-15'") >
		    total * 35 / 100);
	cl_db_close(db);
}

/*
 * Chosen behaviour: running the generator again adds more patients, with MRNs after the
 * highest demo MRN and fresh ids; the care managers are not duplicated.
 */
static void test_rerun_adds_patients(void **state)
{
	struct cl_db *db = open_memory();
	long long managers;

	(void)state;
	generate(db, 300, 1);
	managers = query_int(db, "SELECT count(*) FROM care_manager");
	generate(db, 200, 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient"), 500);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT mrn) FROM patient"), 500);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT id) FROM patient"), 500);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient WHERE mrn > 'MRN0000300'"),
			 200);
	assert_int_equal(query_int(db, "SELECT max(mrn) = 'MRN0000500' FROM patient"), 1);
	/* same seed, but the second run's people are not copies of the first run's */
	assert_true(query_int(db, "SELECT count(*) FROM patient a JOIN patient b ON "
				  "a.given_name = b.given_name AND a.family_name = b.family_name "
				  "AND a.birth_date = b.birth_date AND a.phone = b.phone WHERE "
				  "a.mrn <= 'MRN0000200' AND b.mrn > 'MRN0000300'") < 5);
	assert_true(query_int(db, "SELECT count(*) FROM care_manager") >= managers);
	assert_int_equal(query_int(db, "SELECT count(*) FROM care_manager") -
				 query_int(db, "SELECT count(DISTINCT login) FROM care_manager"),
			 0);
	cl_db_close(db);
}

struct progress_log {
	long calls, last_done, total;
	int monotonic;
};

static void on_progress(long done, long total, void *arg)
{
	struct progress_log *log = arg;

	if (done <= log->last_done)
		log->monotonic = 0;
	log->calls++;
	log->last_done = done;
	log->total = total;
}

static void test_progress_and_zero(void **state)
{
	struct progress_log log = { .monotonic = 1 };
	struct cl_demo_options opt = {
		.patients = 120, .seed = 5, .progress = on_progress, .progress_arg = &log
	};
	struct cl_db *db = open_memory();
	struct cl_error err;

	(void)state;
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	assert_true(log.calls >= 1 && log.monotonic);
	assert_int_equal(log.last_done, 120);
	assert_int_equal(log.total, 120);
	/* zero patients is fine; a negative count is refused and names the field */
	opt.patients = 0;
	opt.progress = NULL;
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	opt.patients = -1;
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_EINVAL);
	assert_string_equal(err.field, "patients");
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient"), 120);
	cl_db_close(db);
}

/* A failing insert rolls the batch back and leaves no transaction open. */
static void test_failure_rolls_back(void **state)
{
	struct cl_demo_options opt = { .patients = 100, .seed = 9 };
	struct cl_db *db = open_memory();
	struct cl_error err;

	(void)state;
	assert_int_equal(cl_db_exec(db,
				    "CREATE TEMP TRIGGER boom BEFORE INSERT ON patient WHEN "
				    "new.mrn = 'MRN0000070' BEGIN SELECT RAISE(ABORT, 'boom'); END",
				    &err),
			 CL_OK);
	assert_int_not_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM audit WHERE entity = 'patient'"), 0);
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	cl_db_rollback(db);
	assert_int_equal(cl_db_exec(db, "DROP TRIGGER temp.boom", &err), CL_OK);
	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient"), 100);
	cl_db_close(db);
}

/* Search finds demo patients: the FTS index is filled, accents folded. */
static void test_search_index_filled(void **state)
{
	struct cl_db *db = open_memory();
	struct cl_error err;

	(void)state;
	generate(db, 1000, 3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient_fts WHERE patient_fts "
				       "MATCH 'mrn0000999'"),
			 1);
	/* the index agrees with the table, row for row */
	assert_int_equal(
		cl_db_exec(db, "INSERT INTO patient_fts (patient_fts) VALUES ('integrity-check')",
			   &err),
		CL_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient_fts WHERE patient_fts "
				       "MATCH 'garcia'"),
			 query_int(db, "SELECT count(*) FROM patient WHERE family_name = "
				       "'García' OR given_name = 'García' OR family_name = "
				       "'García López'"));
	cl_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_clinic),
		cmocka_unit_test(test_seed_7_everywhere),
		cmocka_unit_test(test_other_seed_other_clinic),
		cmocka_unit_test(test_registry_shape),
		cmocka_unit_test(test_rerun_adds_patients),
		cmocka_unit_test(test_progress_and_zero),
		cmocka_unit_test(test_failure_rolls_back),
		cmocka_unit_test(test_search_index_filled),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
