#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "sha256.h"
#include "testlib.h"

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

/* What a writer would have sent to the system log: the head as it stands. */
static void checkpoint_now(struct cl_db *db, struct cl_audit_checkpoint *cp)
{
	struct cl_error err = { 0 };

	assert_int_equal(cl_audit_head(db, cp, &err), CL_OK);
}

/*
 * The last rows deleted and sqlite_sequence set back: the chain that is left is intact
 * and AUTOINCREMENT remembers nothing, so only a checkpoint taken before shows the loss.
 */
static void deleted_tail_and_sequence_reset(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_audit_checkpoint cp, head;

	log_some(db, 5);
	checkpoint_now(db, &cp);
	assert_int_equal(cp.rows, 5);
	assert_int_equal(
		sqlite3_exec(cl_db_sqlite(db),
			     "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= "
			     "4; UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit'",
			     NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(cl_audit_verify_checkpoints(db, &cp, 1, &head, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "removed"));
	assert_non_null(strstr(err.message, "3 rows"));
	/* An earlier checkpoint still agrees with what is left. */
	cl_error_clear(&err);
	cp.rows = 0;
	assert_int_equal(cl_audit_verify_checkpoints(db, &cp, 1, &head, &err), CL_OK);
	assert_int_equal(head.rows, 3);
}

static void emptied_table(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_audit_checkpoint cp;

	log_some(db, 4);
	checkpoint_now(db, &cp);
	assert_int_equal(sqlite3_exec(cl_db_sqlite(db),
				      "DROP TRIGGER audit_no_delete; DELETE FROM audit; "
				      "DELETE FROM sqlite_sequence WHERE name = 'audit'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(cl_audit_verify_checkpoints(db, &cp, 1, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "removed"));
}

/* The attacker's tool: recompute every hash from seq on, as careloop would (plain SHA-256). */
static void rechain_from(struct cl_db *db, long long from)
{
	sqlite3 *sq = cl_db_sqlite(db);
	unsigned char prev[CL_SHA256_LEN] = { 0 };
	sqlite3_stmt *st, *up;

	assert_int_equal(sqlite3_prepare_v2(sq,
					    "SELECT seq, at, actor, action, entity, record_id, "
					    "hash FROM audit ORDER BY seq",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(sq, "UPDATE audit SET hash = ?2 WHERE seq = ?1", -1, &up, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const unsigned char *record = sqlite3_column_blob(st, 5);
		unsigned char seqbytes[8], present = record != NULL, hash[CL_SHA256_LEN];
		struct cl_sha256 c;
		int i, col;

		if (seq < from) {
			memcpy(prev, sqlite3_column_blob(st, 6), CL_SHA256_LEN);
			continue;
		}
		for (i = 0; i < 8; i++)
			seqbytes[i] = (unsigned char)((unsigned long long)seq >> (56 - 8 * i));
		cl_sha256_init(&c);
		cl_sha256_update(&c, prev, CL_SHA256_LEN);
		cl_sha256_update(&c, seqbytes, sizeof(seqbytes));
		for (col = 1; col <= 4; col++)
			cl_sha256_update(&c, sqlite3_column_text(st, col),
					 (size_t)sqlite3_column_bytes(st, col) + 1);
		cl_sha256_update(&c, &present, 1);
		if (record)
			cl_sha256_update(&c, record, CL_ID_LEN);
		cl_sha256_final(&c, hash);
		assert_int_equal(sqlite3_bind_int64(up, 1, seq), SQLITE_OK);
		assert_int_equal(sqlite3_bind_blob(up, 2, hash, CL_SHA256_LEN, SQLITE_TRANSIENT),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		memcpy(prev, hash, sizeof(prev));
	}
	sqlite3_finalize(up);
	sqlite3_finalize(st);
}

/* A row edited and the chain recomputed after it: intact in itself, not the one logged. */
static void edit_with_recomputed_chain(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_audit_checkpoint cp[2];

	log_some(db, 3);
	checkpoint_now(db, &cp[0]);
	log_some(db, 2);
	checkpoint_now(db, &cp[1]);
	assert_int_equal(sqlite3_exec(cl_db_sqlite(db),
				      "DROP TRIGGER audit_no_update; UPDATE audit SET actor = "
				      "'mallory' WHERE seq = 2",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	rechain_from(db, 2);
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_OK); /* the chain alone can't tell */
	/* At the head, and at a row the chain has grown past since. */
	assert_int_equal(cl_audit_verify_checkpoints(db, &cp[1], 1, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "rewritten"));
	cl_error_clear(&err);
	assert_int_equal(cl_audit_verify_checkpoints(db, &cp[0], 1, NULL, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "row 3"));
}

static void checkpoint_text_round_trip(void **state)
{
	struct cl_db *db = *state;
	struct cl_audit_checkpoint cp, back;
	char text[CL_AUDIT_CHECKPOINT_TEXT], line[256], name[64];

	(void)state;
	log_some(db, 2);
	checkpoint_now(db, &cp);
	cl_audit_checkpoint_text(&cp, text, sizeof(text));
	assert_int_equal(strncmp(text, "rows=2 head=", 12), 0);
	assert_int_equal(strlen(text), 12 + 2 * CL_SHA256_LEN);
	/* A system log line, as journalctl or /var/log/auth.log shows it. */
	snprintf(line, sizeof(line),
		 "Dec  1 10:00:00 host careloop[42]: audit checkpoint %s db=/srv/a b.db\n", text);
	assert_int_equal(cl_audit_checkpoint_parse(line, &back, name, sizeof(name)), CL_OK);
	assert_int_equal(back.rows, 2);
	assert_memory_equal(back.head, cp.head, CL_SHA256_LEN);
	assert_string_equal(name, "/srv/a b.db");
	/* COUNT:HASH, as given to check --expect. */
	snprintf(line, sizeof(line), "2:%s", text + 12);
	assert_int_equal(cl_audit_checkpoint_parse(line, &back, NULL, 0), CL_OK);
	assert_memory_equal(back.head, cp.head, CL_SHA256_LEN);
	assert_int_equal(cl_audit_checkpoint_parse("2:abc", &back, NULL, 0), CL_EINVAL);
	assert_int_equal(cl_audit_checkpoint_parse("rows=x head=00", &back, NULL, 0), CL_EINVAL);
	assert_int_equal(cl_audit_checkpoint_parse("", &back, NULL, 0), CL_EINVAL);
}

struct sink {
	int lines;
	char last[512];
};

static void capture(const char *line, void *arg)
{
	struct sink *s = arg;

	s->lines++;
	snprintf(s->last, sizeof(s->last), "%s", line);
}

/* Every commit that adds audit rows sends a checkpoint out; a rollback sends none. */
static void writers_log_checkpoints(void **state)
{
	struct cl_error err = { 0 };
	struct cl_audit_checkpoint cp, head;
	struct sink sink = { 0 };
	char dir[256], path[300], name[512], real[PATH_MAX];
	struct cl_db *db;
	struct cl_id id;

	(void)state;
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/c.db", dir);
	cl_audit_set_checkpoint_sink(capture, &sink);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE, &db, &err), CL_OK);
	assert_int_equal(sink.lines, 0); /* opening writes no audit row */
	cl_id_new(&id);
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_CREATE, "patient", &id, &err), CL_OK);
	cl_db_rollback(db);
	assert_int_equal(sink.lines, 0);
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_CREATE, "patient", &id, &err), CL_OK);
	assert_int_equal(cl_audit_log(db, CL_AUDIT_UPDATE, "patient", &id, &err), CL_OK);
	assert_int_equal(sink.lines, 0); /* not before the commit */
	assert_int_equal(cl_db_commit(db, &err), CL_OK);
	assert_int_equal(sink.lines, 1);
	assert_non_null(strstr(sink.last, "audit checkpoint rows=2 head="));
	assert_int_equal(cl_audit_checkpoint_parse(sink.last, &cp, name, sizeof(name)), CL_OK);
	assert_non_null(realpath(path, real));
	assert_string_equal(name, real);
	/* A commit without audit rows sends nothing. */
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_db_commit(db, &err), CL_OK);
	assert_int_equal(sink.lines, 1);
	assert_int_equal(cl_audit_verify_checkpoints(db, &cp, 1, &head, &err), CL_OK);
	assert_int_equal(head.rows, 2);
	cl_db_close(db);
	cl_audit_set_checkpoint_sink(NULL, NULL);
	test_remove_tree(dir);
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
		cmocka_unit_test_setup_teardown(deleted_tail_and_sequence_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(emptied_table, setup, teardown),
		cmocka_unit_test_setup_teardown(edit_with_recomputed_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(checkpoint_text_round_trip, setup, teardown),
		cmocka_unit_test(writers_log_checkpoints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
