#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "demo.h"
#include "testlib.h"

struct fixture {
	char dir[256];
	char path[512];	  /* the database */
	char access[600]; /* its access log */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct cl_demo_options opt = { .patients = 5, .seed = 3 };
	struct cl_error err = { 0 };
	struct cl_db *db;

	test_temp_dir(f->dir, sizeof(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/careloop.db", f->dir);
	snprintf(f->access, sizeof(f->access), "%s-access", f->path);
	if (cl_db_open(f->path, CL_DB_CREATE, &db, &err) || cl_demo_generate(db, &opt, &err))
		return -1;
	cl_db_close(db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_remove_tree(f->dir);
	free(f);
	return 0;
}

static long long query(const char *path, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	sqlite3 *sq;

	if (sqlite3_open(path, &sq) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(sq);
	return n;
}

static void first_patient(struct cl_db *db, struct cl_id *id)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), "SELECT id FROM patient LIMIT 1", -1,
					    &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(cl_db_column_id(st, 0, id), CL_OK);
	sqlite3_finalize(st);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Views and report runs go to PATH-access (the database's mode), never to the audit table. */
static void views_and_reports_are_recorded_beside(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	long long n, audit, rows;
	struct cl_db *db;
	struct cl_id id;
	struct stat st;

	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	audit = query(f->path, "SELECT count(*) FROM audit");
	/* Reading the log before anything was recorded creates nothing. */
	assert_int_equal(cl_access_count(db, NULL, NULL, NULL, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	assert_int_not_equal(lstat(f->access, &st), 0);

	first_patient(db, &id);
	assert_int_equal(cl_patient_open_chart(db, &id, &p, &err), CL_OK);
	assert_int_equal(cl_patient_open_chart(db, &id, &p, &err), CL_OK);
	assert_int_equal(cl_access_report(db, "worklist", 42, &err), CL_OK);

	assert_int_equal(cl_access_count(db, "view", "patient", &id, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(cl_access_count(db, "report", "worklist", NULL, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cl_access_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, 3);
	cl_db_close(db);

	assert_int_equal(query(f->path, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(query(f->access, "SELECT patients FROM access WHERE action = 'report'"),
			 42);
	assert_int_equal(query(f->access, "SELECT count(*) FROM access WHERE actor = ''"), 0);
	assert_int_equal(lstat(f->access, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* A clinic's shared database gets a group-writable access log: every reader can record. */
static void shared_database_shares_its_log(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db;
	struct stat st;

	assert_int_equal(chmod(f->path, 0660), 0);
	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_access_report(db, "minutes", 0, &err), CL_OK);
	cl_db_close(db);
	assert_int_equal(stat(f->access, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
}

/*
 * Readers never wait for a writer: while another connection holds the write lock (a long
 * import), the interface's read-write open, a read-only open, a chart and a report all
 * succeed at once; before, each waited the 5 s busy timeout and failed.
 */
static void readers_are_not_blocked_by_a_writer(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *rw = NULL, *ro = NULL;
	struct cl_patient p;
	sqlite3 *writer;
	struct cl_id id;
	long long n;
	double start;

	assert_int_equal(sqlite3_open(f->path, &writer), SQLITE_OK);
	assert_int_equal(sqlite3_exec(writer,
				      "BEGIN IMMEDIATE; INSERT INTO setting VALUES ('t', '1', "
				      "'2026-01-01T00:00:00.000Z', 'import')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	start = now_seconds();
	assert_int_equal(cl_db_open(f->path, 0, &rw, &err), CL_OK);
	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &ro, &err), CL_OK);
	first_patient(rw, &id);
	assert_int_equal(cl_patient_open_chart(rw, &id, &p, &err), CL_OK);
	assert_int_equal(cl_access_report(ro, "referral list", 7, &err), CL_OK);
	assert_true(now_seconds() - start < 2.0);
	assert_int_equal(cl_access_count(ro, NULL, NULL, NULL, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	/* A change still waits for the writer (and says so): its audit row is in its transaction. */
	sqlite3_busy_timeout(cl_db_sqlite(rw), 10);
	assert_int_equal(cl_db_begin(rw, &err), CL_EBUSY);
	assert_int_equal(sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(writer);
	cl_db_close(ro);
	cl_db_close(rw);
}

/*
 * A coordinator opening the database for the first time during an import is not held up
 * either: registered with their first change instead (here: when the id is first asked).
 */
static void new_user_is_registered_after_the_writer(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[600];
	sqlite3 *writer;
	double start;

	snprintf(path, sizeof(path), "%s/fresh.db", f->dir);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE, &db, &err), CL_OK);
	cl_db_close(db);
	assert_int_equal(sqlite3_open(path, &writer), SQLITE_OK);
	assert_int_equal(sqlite3_exec(writer, "DELETE FROM care_manager", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(writer, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	start = now_seconds();
	assert_int_equal(cl_db_open(path, 0, &db, &err), CL_OK);
	assert_true(now_seconds() - start < 2.0);
	assert_int_equal(sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(writer);
	assert_false(cl_id_is_nil(cl_db_user_id(db)));
	cl_db_close(db);
	assert_int_equal(query(path, "SELECT count(*) FROM care_manager"), 1);
}

/* The log's own chain: an edited row and a cut tail are found; triggers guard it. */
static void tampering_with_the_log_is_detected(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db;
	sqlite3 *sq;
	int i;

	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(cl_access_report(db, "worklist", i, &err), CL_OK);
	assert_int_equal(sqlite3_open(f->access, &sq), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(sq, "UPDATE access SET patients = 0", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(sq, "DELETE FROM access", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(sq,
			     "DROP TRIGGER access_no_update; DROP TRIGGER access_no_delete;"
			     "DELETE FROM access WHERE seq = 4",
			     NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(cl_access_verify(db, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "removed"));
	assert_int_equal(
		sqlite3_exec(sq, "UPDATE access SET patients = 9 WHERE seq = 2", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(cl_access_verify(db, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "row 2"));
	sqlite3_close(sq);
	cl_db_close(db);
}

/* No record, no chart: when the access log cannot be written, the chart stays closed. */
static void no_record_no_chart(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_db *db;
	struct cl_id id;

	assert_int_equal(mkdir(f->access, 0700), 0); /* in the way of the log */
	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_OK);
	first_patient(db, &id);
	assert_int_not_equal(cl_patient_open_chart(db, &id, &p, &err), CL_OK);
	assert_string_equal(p.family_name, "");
	assert_non_null(strstr(err.message, "cannot record"));
	cl_db_close(db);
}

/* Something else at PATH-access is never written to. */
static void foreign_file_is_not_a_log(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db;
	sqlite3 *sq;

	assert_int_equal(sqlite3_open(f->access, &sq), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(sq);
	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_access_ready(db, &err), CL_ENOTDB);
	cl_db_close(db);
	assert_int_equal(query(f->access, "SELECT count(*) FROM t"), 0);
}

/* Exports are recorded with what and how many records. */
static void exports_are_recorded(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	long long n, rows;
	struct cl_db *db;

	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_access_export(db, "fhir ndjson", 1234, &err), CL_OK);
	assert_int_equal(cl_access_count(db, "export", "fhir ndjson", NULL, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cl_access_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, 1);
	cl_db_close(db);
	assert_int_equal(query(f->access, "SELECT patients FROM access WHERE action = 'export'"),
			 1234);
}

/*
 * A log made before exports were recorded (version 1: its CHECK allowed only view and
 * report) is widened on the first write, its rows and chain kept.
 */
static void version_1_log_is_upgraded(void **state)
{
	static const char v1[] =
		"CREATE TABLE access (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
		" actor TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ('view', 'report')),"
		" what TEXT NOT NULL, record_id BLOB CHECK (record_id IS NULL OR"
		" length(record_id) = 16), patients INTEGER, hash BLOB NOT NULL CHECK"
		" (length(hash) = 32));"
		"CREATE INDEX access_record ON access (record_id, seq);"
		"CREATE TRIGGER access_no_update BEFORE UPDATE ON access"
		" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
		"CREATE TRIGGER access_no_delete BEFORE DELETE ON access"
		" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
		"PRAGMA application_id = 1129070924; PRAGMA user_version = 1;";
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	long long n, rows;
	struct cl_db *db;
	sqlite3 *sq;

	/* two report rows written by the version 1 code, then the log made version 1 again */
	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_access_report(db, "worklist", 3, &err), CL_OK);
	assert_int_equal(cl_access_report(db, "minutes", 4, &err), CL_OK);
	cl_db_close(db);
	assert_int_equal(sqlite3_open(f->access, &sq), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq,
				      "CREATE TABLE keep AS SELECT * FROM access;"
				      "DROP TABLE access;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq, v1, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq, "INSERT INTO access SELECT * FROM keep; DROP TABLE keep;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(sq);
	assert_int_equal(query(f->access, "PRAGMA user_version"), 1);

	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	/* reading a version 1 log changes nothing */
	assert_int_equal(cl_access_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, 2);
	assert_int_equal(cl_access_export(db, "csv patients", 5, &err), CL_OK);
	assert_int_equal(cl_access_count(db, NULL, NULL, NULL, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(cl_access_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, 3);
	cl_db_close(db);
	assert_int_equal(query(f->access, "PRAGMA user_version"), 2);
	assert_int_equal(query(f->access, "SELECT seq FROM sqlite_sequence WHERE name = 'access'"),
			 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(views_and_reports_are_recorded_beside, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shared_database_shares_its_log, setup, teardown),
		cmocka_unit_test_setup_teardown(readers_are_not_blocked_by_a_writer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(new_user_is_registered_after_the_writer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(tampering_with_the_log_is_detected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(foreign_file_is_not_a_log, setup, teardown),
		cmocka_unit_test_setup_teardown(no_record_no_chart, setup, teardown),
		cmocka_unit_test_setup_teardown(exports_are_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(version_1_log_is_upgraded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
