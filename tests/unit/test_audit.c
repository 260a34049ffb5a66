#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "sha256.h"

static int setup(void **state)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	if (cl_db_open(":memory:", 0, &db, &err))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	cl_db_close(*state);
	return 0;
}

static void hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* FIPS 180-4 test vectors. */
static void sha256_vectors(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	unsigned char d[CL_SHA256_LEN];
	char text[2 * CL_SHA256_LEN + 1];
	struct cl_sha256 c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cl_sha256_init(&c);
		cl_sha256_update(&c, v[i].in, strlen(v[i].in));
		cl_sha256_final(&c, d);
		hex(d, sizeof(d), text);
		assert_string_equal(text, v[i].out);
	}
	/* A million 'a's, fed in uneven pieces across block boundaries. */
	cl_sha256_init(&c);
	for (i = 0; i < 1000000; i += 1000) {
		char a[1000];

		memset(a, 'a', sizeof(a));
		cl_sha256_update(&c, a, 333);
		cl_sha256_update(&c, a, 667);
	}
	cl_sha256_final(&c, d);
	hex(d, sizeof(d), text);
	assert_string_equal(text,
			    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static long long count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void rows_go_with_their_transaction(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_id id;
	long long n = 0;

	cl_id_new(&id);
	/* A change's audit row needs the change's transaction. */
	assert_int_equal(cl_audit_log(db, CL_AUDIT_CREATE, "patient", &id, &err), CL_EINVAL);

	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_CREATE, "patient", &id, &err), CL_OK);
	cl_db_rollback(db);
	assert_int_equal(cl_audit_count(db, "patient", &id, NULL, &n, &err), CL_OK);
	assert_int_equal(n, 0);

	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_CREATE, "patient", &id, &err), CL_OK);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_UPDATE, "patient", &id, &err), CL_OK);
	assert_int_equal(cl_db_commit(db, &err), CL_OK);
	/* A view stands alone. */
	assert_int_equal(cl_audit_log(db, CL_AUDIT_VIEW, "patient", &id, &err), CL_OK);
	assert_int_equal(cl_audit_count(db, "patient", &id, NULL, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(cl_audit_count(db, "patient", &id, "view", &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE actor = ''"), 0);
}

static void audit_is_append_only(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_id id;

	cl_id_new(&id);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_VIEW, "patient", &id, &err), CL_OK);
	assert_int_not_equal(
		sqlite3_exec(cl_db_sqlite(db), "UPDATE audit SET actor = 'x'", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(cl_db_sqlite(db), "DELETE FROM audit", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), 1);
}

static void log_some(struct cl_db *db, int n)
{
	struct cl_error err = { 0 };
	struct cl_id id;
	int i;

	for (i = 0; i < n; i++) {
		cl_id_new(&id);
		assert_int_equal(cl_audit_log(db, CL_AUDIT_VIEW, "patient", &id, &err), CL_OK);
	}
}

static void chain_verifies(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	long long rows = -1;

	assert_int_equal(cl_audit_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, 0);
	log_some(db, 5);
	assert_int_equal(cl_audit_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, 5);
}

static void tampering_is_detected(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	sqlite3 *sq = cl_db_sqlite(db);

	log_some(db, 5);
	/* Someone with the sqlite3 shell drops the guard and edits a row. */
	assert_int_equal(sqlite3_exec(sq,
				      "DROP TRIGGER audit_no_update; DROP TRIGGER "
				      "audit_no_delete; UPDATE audit SET actor = 'mallory' "
				      "WHERE seq = 3",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "3"));
}

static void removed_rows_are_detected(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	sqlite3 *sq = cl_db_sqlite(db);

	log_some(db, 5);
	assert_int_equal(sqlite3_exec(sq, "DROP TRIGGER audit_no_delete", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq, "DELETE FROM audit WHERE seq = 2", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "missing"));
}

static void truncated_tail_is_detected(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	sqlite3 *sq = cl_db_sqlite(db);

	log_some(db, 5);
	assert_int_equal(sqlite3_exec(sq,
				      "DROP TRIGGER audit_no_delete; DELETE FROM audit "
				      "WHERE seq >= 4",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "removed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_vectors),
		cmocka_unit_test_setup_teardown(rows_go_with_their_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(tampering_is_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(removed_rows_are_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(truncated_tail_is_detected, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
