/*
 * Duplicate patients (merge.h): the duplicate check (name and birth date, accents and case
 * aside; phone and birth date), and the merge: every row of every table moves, nothing is
 * lost, the merged patient stays and its MRN finds the survivor; the refusals.
 */
#include "config.h"

#include "fixture_careplan.h"

/* Every table's rows (but the audit, which grows, and the search index's own tables). */
struct census {
	char table[48][64];
	long long rows[48];
	int n;
};

static void take_census(struct cl_db *db, struct census *c)
{
	static const char sql[] =
		"SELECT name FROM sqlite_schema WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'patient_fts%'"
		" AND name <> 'audit' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name";
	sqlite3_stmt *st;

	memset(c, 0, sizeof(*c));
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char count[160];

		assert_true(c->n < 48);
		snprintf(c->table[c->n], sizeof(c->table[c->n]), "%s", sqlite3_column_text(st, 0));
		snprintf(count, sizeof(count), "SELECT count(*) FROM \"%s\"", c->table[c->n]);
		c->rows[c->n] = fix_int(db, count, NULL);
		c->n++;
	}
	sqlite3_finalize(st);
}

/* Rows of table for the patient id. */
static long long rows_of(struct cl_db *db, const char *table, const struct cl_id *id)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%.63s\" WHERE patient_id = ?1", table);
	return fix_int(db, sql, id);
}

static void rename_patient(struct cl_db *db, struct cl_patient *p, const char *given,
			   const char *family, const char *birth, const char *phone)
{
	struct cl_error err = { 0 };

	if (cl_patient_field_set(p, "given_name", given, &err) ||
	    cl_patient_field_set(p, "family_name", family, &err) ||
	    cl_patient_field_set(p, "birth_date", birth, &err) ||
	    cl_patient_field_set(p, "phone", phone, &err) || cl_patient_update(db, p, &err))
		fail_msg("rename: %s (%s)", err.message, err.field);
}

/* A new (unsaved) patient to check against the registry. */
static void candidate(struct cl_db *db, struct cl_patient *p, const char *mrn, const char *given,
		      const char *family, const char *birth, const char *phone)
{
	struct cl_error err = { 0 };

	cl_patient_init(p, db);
	if (cl_patient_field_set(p, "mrn", mrn, &err) ||
	    cl_patient_field_set(p, "given_name", given, &err) ||
	    cl_patient_field_set(p, "family_name", family, &err) ||
	    cl_patient_field_set(p, "birth_date", birth, &err) ||
	    cl_patient_field_set(p, "phone", phone, &err))
		fail_msg("candidate: %s (%s)", err.message, err.field);
}

static void fold_name(void **state)
{
	char buf[64];

	(void)state;
	cl_text_fold_name("José", buf, sizeof(buf));
	assert_string_equal(buf, "jose");
	cl_text_fold_name("JOSE", buf, sizeof(buf));
	assert_string_equal(buf, "jose");
	cl_text_fold_name("Đặng Thị", buf, sizeof(buf));
	assert_string_equal(buf, "dangthi");
	cl_text_fold_name("O'Brien-Núñez", buf, sizeof(buf));
	assert_string_equal(buf, "obriennunez");
	cl_text_fold_name("Jose\xcc\x81", buf, sizeof(buf)); /* e + combining acute */
	assert_string_equal(buf, "jose");
	cl_text_fold_name("Łukasz Müller", buf, sizeof(buf));
	assert_string_equal(buf, "lukaszmuller");
	cl_text_fold_name("王芳", buf, sizeof(buf));
	assert_string_equal(buf, "王芳");
	cl_text_fold_name("Jos\xff", buf, sizeof(buf)); /* invalid byte skipped */
	assert_string_equal(buf, "jos");
	cl_text_fold_name("Józef", buf, 4);
	assert_string_equal(buf, "joz");
}

static void phone_key(void **state)
{
	char buf[16];

	(void)state;
	cl_phone_key("(505) 081-0924", buf, sizeof(buf));
	assert_string_equal(buf, "5050810924");
	cl_phone_key("+1 505 081 0924", buf, sizeof(buf));
	assert_string_equal(buf, "5050810924");
	cl_phone_key("0924", buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void duplicates_by_name(void **state)
{
	struct cl_db *db = *state;
	struct cl_duplicate d[CL_DUPLICATES_MAX];
	struct cl_patient a, b, c;
	struct cl_error err = { 0 };
	int n;

	fix_patient(db, "MRN-A", "low", "", &a);
	rename_patient(db, &a, "José", "García", "1950-03-07", "(505) 555-0100");
	fix_patient(db, "MRN-B", "low", "", &b);
	rename_patient(db, &b, "Ana", "Ruiz", "1950-03-07", "");

	/* Accents, case and spaces aside; the other record's MRN, name, birth date, phone. */
	candidate(db, &c, "MRN-NEW", "JOSE", "garcia", "1950-03-07", "");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].mrn, "MRN-A");
	assert_string_equal(d[0].given_name, "José");
	assert_string_equal(d[0].birth_date, "1950-03-07");
	assert_string_equal(d[0].phone, "(505) 555-0100");
	assert_int_equal(d[0].reason, CL_DUPLICATE_NAME);

	/* Another birth date: not a duplicate; nor a given name that only starts the same. */
	candidate(db, &c, "MRN-NEW", "José", "García", "1950-03-08", "");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	candidate(db, &c, "MRN-NEW", "Jo", "García", "1950-03-07", "");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 0);

	/* The patient itself (same id, same MRN) is not its own duplicate. */
	assert_int_equal(cl_patient_duplicates(db, &a, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	candidate(db, &c, "MRN-A", "José", "García", "1950-03-07", "");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 0);
}

static void duplicates_by_phone(void **state)
{
	struct cl_db *db = *state;
	struct cl_duplicate d[CL_DUPLICATES_MAX];
	struct cl_patient a, c;
	struct cl_error err = { 0 };
	int n;

	fix_patient(db, "MRN-A", "low", "", &a);
	rename_patient(db, &a, "Maria", "Lopez", "1960-01-02", "(505) 555-0100");

	/* Same phone in other punctuation, same birth date, other name (a married name). */
	candidate(db, &c, "MRN-NEW", "Maria", "Lopez Chavez", "1960-01-02", "505.555.0100");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].reason, CL_DUPLICATE_PHONE);
	/* Name and phone both. */
	candidate(db, &c, "MRN-NEW", "MARÍA", "LÓPEZ", "1960-01-02", "5055550100");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].reason, CL_DUPLICATE_NAME | CL_DUPLICATE_PHONE);
	/* Same phone, another birth date (a family sharing a phone): not a duplicate. */
	candidate(db, &c, "MRN-NEW", "Pedro", "Lopez", "1990-05-05", "(505) 555-0100");
	assert_int_equal(cl_patient_duplicates(db, &c, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
	assert_int_equal(n, 0);
}

/* Two charts of one person, each with rows in the tables a chart has. */
struct pair {
	struct cl_patient keep, gone, other;
};

static void screening_of(struct cl_db *db, int s, const struct cl_id *patient, const char *date,
			 const char *positive)
{
	struct cl_error err = { 0 };
	char sql[512];
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO screening (id, patient_id, instrument_id, screened_on, status,"
		 " created_at, updated_at, updated_by) VALUES (X'%032x', ?1,"
		 " (SELECT id FROM instrument WHERE code = 'ahc-hrsn'), '%s', 'completed',"
		 " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'x')",
		 0x5000 + s, date);
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_bind_blob(st, 1, patient->bytes, CL_ID_LEN, SQLITE_TRANSIENT),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO screening_result (screening_id, domain_id, result) VALUES"
		 " (X'%032x', (SELECT id FROM screening_domain WHERE code = '%s'), 'positive')",
		 0x5000 + s, positive);
	fix_exec(db, sql);
	assert_int_equal(cl_screening_refresh(db, patient, &err), CL_OK);
}

static void make_pair(struct cl_db *db, struct pair *p)
{
	struct cl_error err = { 0 };
	struct cl_clinical_event e;
	struct cl_goal g;
	struct cl_task t;

	fix_patient(db, "MRN-KEEP", "low", "", &p->keep);
	rename_patient(db, &p->keep, "José", "García", "1950-03-07", "(505) 555-0100");
	fix_patient(db, "MRN-GONE", "low", "", &p->gone);
	rename_patient(db, &p->gone, "Jose", "Garcia", "1950-03-07", "(505) 555-0199");
	fix_patient(db, "MRN-OTHER", "low", "", &p->other);

	fix_task(db, &p->keep, "Call", "2026-03-20", "", &t);
	fix_task(db, &p->gone, "Visit", "2026-03-21", "", &t);
	fix_task(db, &p->gone, "Mail", "2026-03-22", "", &t);
	fix_task(db, &p->other, "Other", "2026-03-22", "", &t);
	fix_contact(db, &p->gone, "2026-03-10 10:00", "reached", "15");
	fix_contact(db, &p->gone, "2026-03-11 10:00", "no-answer", "5");
	fix_contact(db, &p->keep, "2026-03-01 10:00", "reached", "10");
	cl_goal_init(&g, &p->gone.id);
	if (cl_goal_field_set(&g, "description", "Find housing", &err) ||
	    cl_goal_create(db, &g, &err))
		fail_msg("goal: %s", err.message);
	cl_event_init(&e, &p->gone.id);
	if (cl_event_field_set(&e, "kind", "discharge", &err) ||
	    cl_event_field_set(&e, "event_date", "2026-03-09", &err) || cl_event_add(db, &e, &err))
		fail_msg("event: %s", err.message);
	assert_int_equal(cl_patient_get(db, &p->gone.id, &p->gone, &err), CL_OK);
	assert_int_equal(cl_risk_set(db, &p->gone.id, &p->gone.version, CL_RISK_HIGH, "ED visits",
				     CL_RISK_BY_COORDINATOR, NULL, &err),
			 CL_OK);
	screening_of(db, 1, &p->keep.id, "2026-01-05", "housing");
	screening_of(db, 2, &p->gone.id, "2026-03-01", "food");
	assert_int_equal(cl_patient_get(db, &p->keep.id, &p->keep, &err), CL_OK);
	assert_int_equal(cl_patient_get(db, &p->gone.id, &p->gone, &err), CL_OK);
}

static void merge_loses_nothing(void **state)
{
	struct cl_db *db = *state;
	struct cl_merge_move moves[CL_MERGE_TABLES_MAX], preview[CL_MERGE_TABLES_MAX];
	struct census before, after;
	struct cl_patient_row rows[4];
	struct cl_error err = { 0 };
	struct cl_patient gone;
	struct cl_id into;
	struct pair p;
	long long moved = 0, was_keep, was_gone;
	int n, np;

	make_pair(db, &p);
	/* A table a later version adds with a patient_id column moves too (found in the schema). */
	fix_exec(db, "CREATE TABLE later_note (id INTEGER PRIMARY KEY, patient_id BLOB NOT NULL)");
	fix_exec(db, "INSERT INTO later_note (patient_id) SELECT id FROM patient"
		     " WHERE mrn = 'MRN-GONE'");
	take_census(db, &before);
	assert_int_equal(cl_merge_preview(db, &p.gone.id, preview, &np, &err), CL_OK);
	assert_true(np >= 8);

	/* The survivor takes the other's phone (a field chosen from the other chart). */
	snprintf(p.keep.phone, sizeof(p.keep.phone), "%s", p.gone.phone);
	was_keep = rows_of(db, "task", &p.keep.id);
	was_gone = rows_of(db, "task", &p.gone.id);
	assert_int_equal(cl_patient_merge(db, &p.keep, &p.gone.id, moves, &n, &err), CL_OK);
	assert_int_equal(n, np);

	/* Every table holds as many rows as before: moved, never deleted. */
	take_census(db, &after);
	assert_int_equal(after.n, before.n);
	for (int i = 0; i < before.n; i++) {
		bool derived = false;

		for (const char *const *t = cl_merge_derived_tables; *t; t++)
			derived |= strcmp(*t, before.table[i]) == 0;
		assert_string_equal(after.table[i], before.table[i]);
		if (!derived && after.rows[i] != before.rows[i])
			fail_msg("%s: %lld rows before, %lld after", before.table[i],
				 before.rows[i], after.rows[i]);
	}
	/* Nothing is left with the merged patient; the preview said what would move. */
	for (int i = 0; i < n; i++) {
		assert_string_equal(moves[i].table, preview[i].table);
		assert_int_equal(moves[i].rows, preview[i].rows);
		assert_int_equal(rows_of(db, moves[i].table, &p.gone.id), 0);
		moved += moves[i].rows;
	}
	/* 2 tasks, 2 contacts, goal, event, risk change, screening, the later table's row */
	assert_int_equal(moved, 9);
	assert_int_equal(rows_of(db, "later_note", &p.keep.id), 1);
	{
		char what[256];

		cl_merge_describe(moves, n, what, sizeof(what));
		assert_string_equal(what,
				    "1 event, 2 contacts, 1 goal, 1 later_note, 1 risk change,"
				    " 1 screening, 2 tasks");
		cl_merge_describe(moves, 0, what, sizeof(what));
		assert_string_equal(what, "nothing else");
	}
	assert_int_equal(rows_of(db, "task", &p.keep.id), was_keep + was_gone);
	assert_int_equal(rows_of(db, "risk_change", &p.keep.id), 1);

	/* The merged patient is still there, inactive, pointing at the survivor. */
	assert_int_equal(cl_patient_get(db, &p.gone.id, &gone, &err), CL_OK);
	assert_int_equal(gone.status, CL_PATIENT_INACTIVE);
	assert_int_equal(cl_patient_merged_into(db, &p.gone.id, &into, &err), CL_OK);
	assert_true(cl_id_equal(&into, &p.keep.id));
	assert_int_equal(cl_patient_merged_into(db, &p.keep.id, &into, &err), CL_OK);
	assert_true(cl_id_is_nil(&into));

	/* The chosen field, the survivor's latest screening (the moved one), last reached. */
	assert_int_equal(cl_patient_get(db, &p.keep.id, &p.keep, &err), CL_OK);
	assert_string_equal(p.keep.phone, "(505) 555-0199");
	assert_string_equal(p.keep.mrn, "MRN-KEEP");
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM screening_status WHERE patient_id = ?1"
				 " AND last_on = '2026-03-01'",
				 &p.keep.id),
			 1);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM screening_positive WHERE patient_id = ?1"
				 " AND domain_code = 'food'",
				 &p.keep.id),
			 1);
	assert_int_equal(rows_of(db, "screening_positive", &p.gone.id), 0);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM patient WHERE id = ?1"
				 " AND last_reached_at LIKE '2026-03-10%'",
				 &p.keep.id),
			 1);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM task WHERE patient_id = ?1"
				 " AND patient_active = 1",
				 &p.keep.id),
			 rows_of(db, "task", &p.keep.id));

	/* Audited; the old MRN finds the survivor (also among inactive patients). */
	assert_int_equal(fix_int(db, "SELECT count(*) FROM audit WHERE entity = 'merge'", NULL), 2);
	assert_int_equal(cl_patient_search(db, "MRN-GONE", false, rows, 4, &n, &err), CL_OK);
	assert_true(n >= 1);
	assert_string_equal(rows[0].mrn, "MRN-KEEP");
	assert_int_equal(cl_patient_search(db, "MRN-GONE", true, rows, 4, &n, &err), CL_OK);
	assert_true(n >= 1);
	assert_string_equal(rows[0].mrn, "MRN-KEEP");
	/* … and the merged chart is no longer anyone's duplicate. */
	{
		struct cl_duplicate d[CL_DUPLICATES_MAX];

		assert_int_equal(
			cl_patient_duplicates(db, &p.other, d, CL_DUPLICATES_MAX, &n, &err), CL_OK);
		for (int i = 0; i < n; i++)
			assert_string_not_equal(d[i].mrn, "MRN-GONE");
	}
	long long v;
	assert_int_equal(cl_audit_verify(db, &v, &err), CL_OK);
	/* Every derived column agrees with its source; the merge pointer too. */
	assert_int_equal(cl_check_derived(db, NULL, NULL, &err), CL_OK);
	fix_exec(db, "UPDATE patient SET status = 'active' WHERE mrn = 'MRN-GONE'");
	assert_int_equal(cl_check_derived(db, NULL, NULL, &err), CL_ECORRUPT);
}

static void count_problem(const char *problem, void *arg)
{
	(void)problem;
	++*(int *)arg;
}

/* A condition of kind for patient (cl_condition_save). */
static void condition(struct cl_db *db, const struct cl_id *patient, const char *kind)
{
	struct cl_error err = { 0 };
	struct cl_condition c;

	cl_condition_init(&c, patient);
	if (cl_condition_field_set(&c, "kind", kind, &err) || cl_condition_save(db, &c, &err))
		fail_msg("condition: %s", err.message);
}

/* An A1c of value on date for patient. */
static void a1c(struct cl_db *db, const struct cl_id *patient, const char *date, const char *value)
{
	struct cl_error err = { 0 };
	struct cl_result_entry r;

	cl_result_entry_init(&r, patient);
	if (cl_result_field_set(&r, "observed_on", date, &err) ||
	    cl_result_field_set(&r, "a1c", value, &err) || cl_result_record(db, &r, &err))
		fail_msg("a1c: %s", err.message);
}

/*
 * Charts with conditions and readings merge: a kind both have stays with the merged chart
 * (the survivor keeps its own), the same reading imported into both stays there once, the
 * rest moves; the survivor's count and care gaps follow. (The merge failed on the gaps' key
 * and on the readings' no-change rule.)
 */
static void merge_with_chronic(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct pair p;
	int problems = 0;

	make_pair(db, &p);
	condition(db, &p.keep.id, "hypertension");
	condition(db, &p.gone.id, "hypertension");
	condition(db, &p.gone.id, "diabetes");
	a1c(db, &p.gone.id, "2026-02-01", "10.2");
	a1c(db, &p.gone.id, "2026-01-05", "8.0");
	a1c(db, &p.keep.id, "2026-01-05", "8.0");
	assert_int_equal(cl_patient_get(db, &p.keep.id, &p.keep, &err), CL_OK);
	assert_int_equal(cl_patient_merge(db, &p.keep, &p.gone.id, NULL, NULL, &err), CL_OK);

	assert_int_equal(rows_of(db, "condition", &p.keep.id), 2);
	assert_int_equal(rows_of(db, "condition", &p.gone.id), 1);
	assert_int_equal(rows_of(db, "observation", &p.keep.id), 2);
	assert_int_equal(rows_of(db, "observation", &p.gone.id), 1);
	assert_int_equal(
		fix_int(db, "SELECT chronic_conditions FROM patient WHERE id = ?1", &p.keep.id), 2);
	assert_int_equal(
		fix_int(db, "SELECT chronic_conditions FROM patient WHERE id = ?1", &p.gone.id), 1);
	/* The survivor's A1c gap reads the moved 10.2 (poor control). */
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM chronic_gap WHERE patient_id = ?1 AND kind ="
				 " 'a1c' AND reading = '10.2%' AND controlled = 0",
				 &p.keep.id),
			 1);
	assert_int_equal(cl_check_derived(db, count_problem, &problems, &err), CL_OK);
	assert_int_equal(problems, 0);
}

static void merge_refusals(void **state)
{
	struct cl_db *db = *state;
	struct census before, after;
	struct cl_error err = { 0 };
	struct cl_patient keep, stale;
	struct pair p;

	make_pair(db, &p);
	take_census(db, &before);

	/* Into itself. */
	keep = p.keep;
	assert_int_equal(cl_patient_merge(db, &keep, &p.keep.id, NULL, NULL, &err), CL_EINVAL);
	assert_non_null(strstr(err.message, "itself"));
	/* The survivor's MRN cannot be taken from the other chart. */
	snprintf(keep.mrn, sizeof(keep.mrn), "MRN-GONE");
	assert_int_equal(cl_patient_merge(db, &keep, &p.gone.id, NULL, NULL, &err), CL_EINVAL);
	/* Someone saved the survivor since it was read: a conflict, nothing written. */
	stale = p.keep;
	keep = p.keep;
	assert_int_equal(cl_patient_update(db, &keep, &err), CL_OK);
	assert_int_equal(cl_patient_merge(db, &stale, &p.gone.id, NULL, NULL, &err), CL_ECONFLICT);
	take_census(db, &after);
	assert_memory_equal(after.rows, before.rows, sizeof(before.rows));
	assert_int_equal(rows_of(db, "task", &p.gone.id), 2);

	/* A merged patient cannot be merged again, either way. */
	assert_int_equal(cl_patient_merge(db, &keep, &p.gone.id, NULL, NULL, &err), CL_OK);
	assert_int_equal(cl_patient_merge(db, &p.other, &p.gone.id, NULL, NULL, &err), CL_EINVAL);
	assert_non_null(strstr(err.message, "merged already"));
	assert_int_equal(cl_patient_get(db, &p.gone.id, &stale, &err), CL_OK);
	assert_int_equal(cl_patient_merge(db, &stale, &p.other.id, NULL, NULL, &err), CL_EINVAL);
	assert_int_equal(rows_of(db, "task", &p.other.id), 1);
}

/* A chain: B into A, then A into C: B's MRN finds C. */
static void merge_chain(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient_row rows[4];
	struct cl_error err = { 0 };
	struct cl_id into;
	struct pair p;
	int n;

	make_pair(db, &p);
	assert_int_equal(cl_patient_merge(db, &p.keep, &p.gone.id, NULL, NULL, &err), CL_OK);
	assert_int_equal(cl_patient_merge(db, &p.other, &p.keep.id, NULL, NULL, &err), CL_OK);
	assert_int_equal(cl_patient_merged_into(db, &p.gone.id, &into, &err), CL_OK);
	assert_true(cl_id_equal(&into, &p.other.id));
	assert_int_equal(cl_patient_search(db, "MRN-GONE", false, rows, 4, &n, &err), CL_OK);
	assert_true(n >= 1);
	assert_string_equal(rows[0].mrn, "MRN-OTHER");
	assert_int_equal(rows_of(db, "task", &p.other.id), 4);
}

/* Risk history and events move only in a merge: their own facts never change. */
static void history_stays_fixed(void **state)
{
	struct cl_db *db = *state;
	struct pair p;
	char *msg = NULL;

	make_pair(db, &p);
	assert_int_not_equal(sqlite3_exec(cl_db_sqlite(db),
					  "UPDATE risk_change SET patient_id = (SELECT id FROM"
					  " patient WHERE mrn = 'MRN-OTHER')",
					  NULL, NULL, &msg),
			     SQLITE_OK);
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(cl_db_sqlite(db), "UPDATE risk_change SET reason = 'x'",
					  NULL, NULL, &msg),
			     SQLITE_OK);
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(cl_db_sqlite(db),
					  "UPDATE clinical_event SET patient_id = (SELECT id FROM"
					  " patient WHERE mrn = 'MRN-OTHER')",
					  NULL, NULL, &msg),
			     SQLITE_OK);
	sqlite3_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_name),
		cmocka_unit_test(phone_key),
		cmocka_unit_test_setup_teardown(duplicates_by_name, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(duplicates_by_phone, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(merge_loses_nothing, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(merge_with_chronic, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(merge_refusals, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(merge_chain, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(history_stays_fixed, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
