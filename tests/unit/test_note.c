/*
 * Case notes: written once, amended (never edited in place), found by their words within one
 * patient's notes; and the patient's timeline over every kind of record, filtered and paged.
 */
#include "config.h"

#include "fixture_careplan.h"

#include "demo.h"
#include "demo_notes.h"

static void note(struct cl_db *db, const struct cl_patient *p, const char *when, const char *kind,
		 const char *text, struct cl_note *n)
{
	struct cl_error err = { 0 };

	cl_note_init(n, &p->id);
	if (cl_note_field_set(n, "occurred_at", when, &err) ||
	    cl_note_field_set(n, "kind", kind, &err) || cl_note_set_body(n, text, &err) ||
	    cl_note_add(db, n, &err))
		fail_msg("note: %s (%s)", err.message, err.field);
}

static void create(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_note n, got;
	struct cl_note_row rows[8];
	struct cl_patient p;
	long long count = 0;
	int nrows;

	fix_patient(db, "N1", "low", "", &p);
	note(db, &p, "2026-03-14 09:30", "phone-call",
	     "Spoke with the señora about her housing.\nShe will call back.", &n);
	assert_false(cl_id_is_nil(&n.id));
	assert_int_equal(n.version, 1);
	assert_string_equal(n.author, cl_db_user(db));

	assert_int_equal(cl_note_get(db, &n.id, &got, &err), CL_OK);
	assert_string_equal(got.body,
			    "Spoke with the señora about her housing.\nShe will call back.");
	assert_string_equal(got.kind, "phone-call");
	assert_string_equal(got.occurred_at, "2026-03-14T09:30");
	assert_string_equal(got.author, cl_db_user(db));
	assert_string_equal(got.amended_at, "");
	assert_true(cl_id_is_nil(&got.supersedes));
	cl_note_clear(&got);

	assert_int_equal(cl_audit_count(db, "note", &n.id, "create", &count, &err), CL_OK);
	assert_int_equal(count, 1);
	assert_int_equal(cl_note_list(db, &p.id, rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
	assert_string_equal(rows[0].kind, "phone-call");
	assert_false(rows[0].amended);
	assert_string_equal(cl_note_kind_label(rows[0].kind), "Phone call summary");

	/* Kinds are the table's; a time in the future and a blank text are refused. */
	assert_int_equal(cl_note_field_set(&n, "kind", "gossip", &err), CL_EINVAL);
	assert_string_equal(err.field, "kind");
	cl_note_clear(&n);
	cl_note_init(&n, &p.id);
	assert_int_equal(cl_note_set_body(&n, " \n\t", &err), CL_EINVAL);
	assert_string_equal(err.field, "body");
	assert_int_equal(cl_note_set_body(&n, "Home visit planned", &err), CL_OK);
	assert_int_equal(cl_note_field_set(&n, "occurred_at", "2026-03-16 08:00", &err), CL_OK);
	assert_int_equal(cl_note_add(db, &n, &err), CL_EINVAL);
	assert_string_equal(err.field, "occurred_at");
	assert_int_equal(cl_note_set_body(&n, "bell\a", &err), CL_EINVAL);
	cl_note_clear(&n);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM note", NULL), 1);
}

static void amend_keeps_original(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_note n, a, got;
	struct cl_note_row rows[8];
	struct cl_patient p;
	long long count = 0;
	int nrows;

	fix_patient(db, "N2", "low", "", &p);
	note(db, &p, "2026-03-10 14:00", "home-visit", "Fridge empty; food bank referral.", &n);

	cl_note_init(&a, NULL); /* the patient is the original's */
	assert_int_equal(cl_note_field_set(&a, "occurred_at", n.occurred_at, &err), CL_OK);
	assert_int_equal(cl_note_field_set(&a, "kind", "home-visit", &err), CL_OK);
	assert_int_equal(
		cl_note_set_body(&a, "Fridge nearly empty; food bank referral made.", &err), CL_OK);
	assert_int_equal(cl_note_amend(db, &n.id, n.version, &a, &err), CL_OK);
	assert_true(cl_id_equal(&a.supersedes, &n.id));
	assert_true(cl_id_equal(&a.patient_id, &p.id));

	/* The original stays, word for word, marked amended with who and when. */
	assert_int_equal(cl_note_get(db, &n.id, &got, &err), CL_OK);
	assert_string_equal(got.body, "Fridge empty; food bank referral.");
	assert_string_not_equal(got.amended_at, "");
	assert_string_equal(got.amended_by, cl_db_user(db));
	assert_int_equal(got.version, 2);
	cl_note_clear(&got);
	assert_int_equal(cl_audit_count(db, "note", &n.id, "update", &count, &err), CL_OK);
	assert_int_equal(count, 1);

	/* Both listed, the amendment first; the original struck. */
	assert_int_equal(cl_note_list(db, &p.id, rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 2);
	assert_true(cl_id_equal(&rows[0].id, &a.id));
	assert_true(rows[0].amends);
	assert_false(rows[0].amended);
	assert_true(rows[1].amended);
	assert_string_not_equal(rows[1].amended_by_name, "");

	/* An amended note is amended no more (amend the newest); nothing changes. */
	cl_note_clear(&a);
	cl_note_init(&a, NULL);
	assert_int_equal(cl_note_set_body(&a, "Third try", &err), CL_OK);
	assert_int_equal(cl_note_amend(db, &n.id, 2, &a, &err), CL_ECONFLICT);
	assert_int_equal(cl_note_amend(db, &n.id, 1, &a, &err), CL_ECONFLICT);
	cl_note_clear(&a);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM note", NULL), 2);

	/* Never edited in place, never deleted, even by SQL. */
	assert_int_not_equal(
		sqlite3_exec(cl_db_sqlite(db), "UPDATE note SET body = 'x'", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(cl_db_sqlite(db), "DELETE FROM note", NULL, NULL, NULL),
			     SQLITE_OK);
	cl_note_clear(&n);
}

static void size_limit(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	char *text = malloc(CL_NOTE_MAX_BYTES + 2);
	struct cl_note n;
	struct cl_patient p;

	assert_non_null(text);
	fix_patient(db, "N3", "low", "", &p);
	memset(text, 'q', CL_NOTE_MAX_BYTES);
	text[CL_NOTE_MAX_BYTES] = '\0';
	cl_note_init(&n, &p.id);
	assert_int_equal(cl_note_set_body(&n, text, &err), CL_OK);
	assert_int_equal(cl_note_add(db, &n, &err), CL_OK);
	cl_note_clear(&n);

	text[CL_NOTE_MAX_BYTES] = 'q';
	text[CL_NOTE_MAX_BYTES + 1] = '\0';
	cl_note_init(&n, &p.id);
	assert_int_equal(cl_note_set_body(&n, text, &err), CL_EINVAL);
	assert_string_equal(err.field, "body");
	assert_non_null(strstr(err.message, "16384"));
	assert_null(strstr(err.message, "qqq")); /* the limit, never the text */
	assert_null(n.body);
	free(text);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM note", NULL), 1);
}

static void search(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_note_row rows[8];
	struct cl_patient p, q;
	struct cl_note n;
	int nrows;

	fix_patient(db, "N4", "low", "", &p);
	fix_patient(db, "N5", "low", "", &q);
	note(db, &p, "2026-03-01 10:00", "note", "La señora asked about housing vouchers.", &n);
	cl_note_clear(&n);
	note(db, &p, "2026-03-02 10:00", "care-conference", "Team agreed on Đặng's plan.", &n);
	cl_note_clear(&n);
	note(db, &q, "2026-03-03 10:00", "note", "Other patient: housing and the señora too.", &n);
	cl_note_clear(&n);

	/* A word's start, accents and case ignored. */
	assert_int_equal(cl_note_search(db, &p.id, "SENORA", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
	assert_non_null(strstr(rows[0].preview, "housing"));
	assert_int_equal(cl_note_search(db, &p.id, "hous", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
	assert_int_equal(cl_note_search(db, &p.id, "vouch hou", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
	assert_int_equal(cl_note_search(db, &p.id, "dang", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
	assert_string_equal(rows[0].kind, "care-conference");
	/* Every word must be there; nothing of another patient; syntax is just words. */
	assert_int_equal(cl_note_search(db, &p.id, "housing team", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 0);
	assert_int_equal(cl_note_search(db, &p.id, "other", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 0);
	assert_int_equal(cl_note_search(db, &q.id, "housing", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
	assert_int_equal(cl_note_search(db, &p.id, "\"* OR NEAR(", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 0);
	assert_int_equal(cl_note_search(db, &p.id, "  ", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 0);

	/* A merge moving notes to another patient moves them in the index. */
	fix_exec(db, "UPDATE note SET patient_id = (SELECT id FROM patient WHERE mrn = 'N5')"
		     " WHERE kind = 'care-conference'");
	assert_int_equal(cl_note_search(db, &p.id, "dang", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 0);
	assert_int_equal(cl_note_search(db, &q.id, "dang", rows, 8, &nrows, &err), CL_OK);
	assert_int_equal(nrows, 1);
}

/* The whole timeline of p in pages of size page, kind filtered. */
static int timeline_all(struct cl_db *db, const struct cl_patient *p, enum cl_timeline_kind kind,
			int page, struct cl_timeline_row *out, int max)
{
	struct cl_error err = { 0 };
	int total = 0, n;

	do {
		assert_true(total + page <= max);
		assert_int_equal(cl_timeline_page(db, &p->id, kind, total ? &out[total - 1] : NULL,
						  out + total, page, &n, &err),
				 CL_OK);
		total += n;
	} while (n == page);
	return total;
}

static void timeline(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_timeline_row all[64], paged[64], some[64];
	struct cl_clinical_event e;
	struct cl_patient p, q;
	struct cl_note n, a;
	struct cl_task t;
	int total, i;

	fix_patient(db, "T1", "low", "", &p);
	fix_patient(db, "T2", "low", "", &q);
	note(db, &p, "2026-03-05 09:00", "note", "First\nnote", &n);
	fix_contact(db, &p, "2026-03-06 10:15", "reached", "20");
	fix_contact(db, &q, "2026-03-06 10:20", "reached", "5"); /* not p's */
	cl_event_init(&e, &p.id);
	assert_int_equal(cl_event_field_set(&e, "event_date", "2026-03-07", &err), CL_OK);
	assert_int_equal(cl_event_field_set(&e, "event_time", "22:10", &err), CL_OK);
	assert_int_equal(cl_event_add(db, &e, &err), CL_OK);
	fix_task(db, &p, "Call pharmacy", "2026-03-20", "", &t);
	assert_int_equal(cl_task_close(db, &t, CL_TASK_DONE, &err), CL_OK);
	{
		long long version = p.version;

		assert_int_equal(cl_risk_set(db, &p.id, &version, CL_RISK_HIGH, "ED visit",
					     CL_RISK_BY_COORDINATOR, NULL, &err),
				 CL_OK);
	}
	cl_note_init(&a, NULL);
	assert_int_equal(cl_note_field_set(&a, "occurred_at", "2026-03-05 09:00", &err), CL_OK);
	assert_int_equal(cl_note_set_body(&a, "First note, corrected", &err), CL_OK);
	assert_int_equal(cl_note_amend(db, &n.id, n.version, &a, &err), CL_OK);

	total = timeline_all(db, &p, CL_TIMELINE_ALL, 64, all, 64);
	assert_int_equal(total, 6); /* 2 notes, a contact, an event, a task, a risk change */
	/* Newest first, by the clinic's clock. */
	for (i = 1; i < total; i++)
		assert_true(strcmp(all[i - 1].at, all[i].at) >= 0);
	assert_int_equal(all[total - 1].kind, CL_TIMELINE_NOTE);
	assert_int_equal(all[total - 2].kind, CL_TIMELINE_NOTE);
	/* the amended original is struck, its amendment not */
	for (i = total - 2; i < total; i++) {
		bool original = cl_id_equal(&all[i].id, &n.id);

		assert_int_equal(all[i].struck, original);
		assert_string_equal(all[i].line,
				    original ? "Note: First note" : "Note: First note, corrected");
	}
	assert_int_equal(all[total - 3].kind, CL_TIMELINE_CONTACT);
	assert_string_equal(all[total - 3].at, "2026-03-06T10:15");
	assert_int_equal(all[total - 4].kind, CL_TIMELINE_EVENT);
	assert_string_equal(all[total - 4].at, "2026-03-07T22:10");
	assert_string_equal(all[total - 4].line, "ED visit");

	/* Pages of 2 give the same rows in the same order. */
	assert_int_equal(timeline_all(db, &p, CL_TIMELINE_ALL, 2, paged, 64), total);
	for (i = 0; i < total; i++)
		assert_true(cl_id_equal(&paged[i].id, &all[i].id));

	/* The filter by kind. */
	assert_int_equal(timeline_all(db, &p, CL_TIMELINE_NOTE, 1, some, 64), 2);
	assert_int_equal(timeline_all(db, &p, CL_TIMELINE_CONTACT, 8, some, 64), 1);
	assert_int_equal(timeline_all(db, &p, CL_TIMELINE_TASK, 8, some, 64), 1);
	assert_string_equal(some[0].line, "Done: Call pharmacy");
	assert_int_equal(timeline_all(db, &p, CL_TIMELINE_RISK, 8, some, 64), 1);
	assert_string_equal(some[0].line, "Risk low → high: ED visit");
	assert_int_equal(timeline_all(db, &p, CL_TIMELINE_SCREENING, 8, some, 64), 0);
	assert_int_equal(timeline_all(db, &q, CL_TIMELINE_ALL, 8, some, 64), 1);
	assert_int_equal(cl_timeline_kind_parse("notes"), CL_TIMELINE_NOTE);
	assert_int_equal(cl_timeline_kind_parse("risk"), CL_TIMELINE_RISK);
	assert_int_equal(cl_timeline_kind_parse("nope"), -1);
	cl_note_clear(&n);
	cl_note_clear(&a);
}

/* A thousand rows (many at the same minute: ties go by id) page by keyset: every page is
 * the next one, none repeats or is skipped. */
static void timeline_many(void **state)
{
	struct cl_db *db = *state;
	static struct cl_timeline_row rows[1100];
	struct cl_patient p;
	int total;

	fix_patient(db, "T3", "low", "", &p);
	fix_exec(db,
		 "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 999)"
		 " INSERT INTO note (id, patient_id, occurred_at, kind, body, created_at,"
		 " updated_at, updated_by) SELECT randomblob(16),"
		 " (SELECT id FROM patient WHERE mrn = 'T3'),"
		 " printf('2025-%02d-%02dT%02d:00', 1 + i / 280 % 12, 1 + i / 10 % 28, 8 + i % 5),"
		 " 'note', 'Routine check-in', '2026-01-01T00:00:00.000Z',"
		 " '2026-01-01T00:00:00.000Z', 'x' FROM k");
	total = timeline_all(db, &p, CL_TIMELINE_ALL, 37, rows, 1100);
	assert_int_equal(total, 1000);
	for (int i = 1; i < total; i++) {
		int c = strcmp(rows[i - 1].at, rows[i].at);

		assert_true(c > 0 || (c == 0 && memcmp(rows[i - 1].id.bytes, rows[i].id.bytes,
						       CL_ID_LEN) > 0));
	}
}

/* One transaction: a write that fails half way leaves nothing, not even the mark. */
static void one_transaction(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_note n, a, got;
	struct cl_patient p;
	long long audits;

	fix_patient(db, "N6", "low", "", &p);
	note(db, &p, "2026-03-12 16:00", "note", "Original", &n);
	audits = fix_int(db, "SELECT count(*) FROM audit", NULL);
	/* The amendment's insert fails after the original was marked amended. */
	fix_exec(db, "CREATE TEMP TRIGGER fail_insert BEFORE INSERT ON note"
		     " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	cl_note_init(&a, NULL);
	assert_int_equal(cl_note_set_body(&a, "Amended", &err), CL_OK);
	assert_int_not_equal(cl_note_amend(db, &n.id, n.version, &a, &err), CL_OK);
	assert_int_equal(cl_note_get(db, &n.id, &got, &err), CL_OK);
	assert_string_equal(got.amended_at, "");
	assert_int_equal(got.version, 1);
	cl_note_clear(&got);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM note", NULL), 1);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM audit", NULL), audits);
	/* and a new note fails whole too */
	assert_int_not_equal(cl_note_add(db, &a, &err), CL_OK);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM note", NULL), 1);
	assert_int_equal(
		fix_int(db, "SELECT count(*) FROM note_fts WHERE note_fts MATCH 'amended'", NULL),
		0);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM audit", NULL), audits);
	fix_exec(db, "DROP TRIGGER fail_insert");
	assert_int_equal(cl_note_amend(db, &n.id, n.version, &a, &err), CL_OK);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM note", NULL), 2);
	cl_note_clear(&n);
	cl_note_clear(&a);
}

/* The demo clinic's notes: the same for the same seed, some amended, found by their words. */
static void demo_notes(void **state)
{
	static const char sql_digest[] =
		"SELECT count(*) * 1000003 + sum(length(body) * (amended_at <> '') + unicode(kind))"
		" FROM note";
	struct cl_demo_options opt = { .patients = 150, .seed = 11 };
	struct cl_db *db = *state, *again;
	struct cl_error err = { 0 };
	long long notes;

	assert_int_equal(cl_demo_generate(db, &opt, &err), CL_OK);
	assert_int_equal(cl_db_open(":memory:", 0, &again, &err), CL_OK);
	assert_int_equal(cl_demo_generate(again, &opt, &err), CL_OK);
	notes = fix_int(db, "SELECT count(*) FROM note", NULL);
	assert_true(notes > 20);
	assert_int_equal(fix_int(db, sql_digest, NULL), fix_int(again, sql_digest, NULL));
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM note a JOIN note o ON o.id = a.supersedes"
				 " WHERE o.amended_at <> ''",
				 NULL),
			 fix_int(db, "SELECT count(*) FROM note WHERE amended_at <> ''", NULL));
	assert_true(fix_int(db, "SELECT count(*) FROM note WHERE amended_at <> ''", NULL) > 0);
	assert_true(fix_int(db, "SELECT count(*) FROM note WHERE body LIKE '%' || char(10) || '%'",
			    NULL) > 0);
	/* every note is in the index, under its patient */
	assert_int_equal(
		fix_int(db, "SELECT count(*) FROM note_fts WHERE note_fts MATCH 'next*'", NULL),
		fix_int(db, "SELECT count(*) FROM note WHERE body LIKE '%Next step%'", NULL));
	/* a second run adds to no patient that has notes */
	assert_int_equal(cl_demo_notes(db, 12, 5000, NULL, &err), CL_OK);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM (SELECT patient_id FROM note GROUP BY"
				 " patient_id HAVING count(DISTINCT created_at) > 1)",
				 NULL),
			 0);
	cl_db_close(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(amend_keeps_original, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(size_limit, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(search, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(timeline, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(timeline_many, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(one_transaction, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(demo_notes, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
