/* Screenings saved, read back, due lists and the paper-form CSV import. */
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
#include "testlib.h"

static int setup(void **state)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	unsetenv("CARELOOP_TODAY");
	if (cl_db_open(":memory:", 0, &db, &err))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	cl_db_close(*state);
	unsetenv("CARELOOP_TODAY");
	return 0;
}

static void add_patient(struct cl_db *db, const char *mrn, struct cl_patient *p)
{
	struct cl_error err = { 0 };

	cl_patient_init(p, db);
	if (cl_patient_field_set(p, "mrn", mrn, &err) ||
	    cl_patient_field_set(p, "given_name", "Ana", &err) ||
	    cl_patient_field_set(p, "family_name", "Test", &err) ||
	    cl_patient_field_set(p, "birth_date", "1960-01-01", &err) ||
	    cl_patient_create(db, p, &err))
		fail_msg("patient: %s", err.message);
}

static long long count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(cl_db_sqlite(db)));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Answer every question from cells (LA codes; "" unanswered, "-" skipped). */
static void fill(struct cl_screening *s, const char *const *cells)
{
	struct cl_error err = { 0 };

	for (int q = 0; q < s->instrument->nquestions; q++) {
		if (!cells[q][0])
			continue;
		if (strcmp(cells[q], "-") == 0)
			assert_int_equal(cl_screening_skip(s, q, &err), CL_OK);
		else if (cl_screening_answer_codes(s, q, cells[q], &err))
			fail_msg("q%d: %s", q + 1, err.message);
	}
}

/* Food and utilities positive, q7 "rarely": review flag, safety negative (sum 5). */
static const char *const food_utilities[] = { "LA31993-1", "LA9-3",   "LA6729-3",  "LA28398-8",
					      "LA32-8",	   "LA33-6",  "LA10066-1", "LA6270-8",
					      "LA6270-8",  "LA6270-8" };
/* Safety positive (sum 12) and housing. */
static const char *const safety_housing[] = { "LA31994-9", "LA9-3",   "LA28398-8", "LA28398-8",
					      "LA32-8",	   "LA32-8",  "LA6482-9",  "LA6482-9",
					      "LA6270-8",  "LA6270-8" };

static void screen(struct cl_db *db, const struct cl_patient *p, const char *date,
		   const char *const *cells, struct cl_screening **out)
{
	struct cl_error err = { 0 };
	struct cl_screening *s;

	assert_int_equal(cl_screening_start(db, &p->id, "ahc-hrsn", &s, &err), CL_OK);
	snprintf(s->screened_on, sizeof(s->screened_on), "%s", date);
	if (cells)
		fill(s, cells);
	if ((cells ? cl_screening_complete(db, s, &err) : cl_screening_decline(db, s, &err)))
		fail_msg("save: %s", err.message);
	if (out)
		*out = s;
	else
		cl_screening_free(s);
}

/* ---- the life of a screening ---- */

static void complete_saves_once(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_screening *s;
	struct cl_patient p;
	long long audit_before;
	char sql[256], id[CL_ID_STRLEN];

	add_patient(db, "S1", &p);
	assert_int_equal(cl_screening_start(db, &p.id, "ahc-hrsn", &s, &err), CL_OK);
	assert_int_equal(s->language, CL_LANG_EN);
	fill(s, food_utilities);
	/* In progress: nothing in the database. */
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_answer"), 0);
	audit_before = count(db, "SELECT count(*) FROM audit");
	assert_int_equal(cl_screening_complete(db, s, &err), CL_OK);
	assert_int_equal(s->status, CL_SCREENING_COMPLETED);
	assert_false(cl_id_is_nil(&s->id));
	assert_int_equal(count(db, "SELECT count(*) FROM screening WHERE status = 'completed' "
				   "AND review = 1"),
			 1);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_answer"), 10);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_result"), 6);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_result WHERE result = "
				   "'positive'"),
			 2);
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), audit_before + 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE entity = 'screening' AND action = 'create' "
		 "AND hex(record_id) = upper(replace('%s', '-', ''))",
		 cl_id_str(&s->id, id));
	assert_int_equal(count(db, sql), 1);
	/* Saved once: a second save, or another answer, is refused. */
	assert_int_equal(cl_screening_complete(db, s, &err), CL_EEXIST);
	assert_int_equal(cl_screening_skip(s, 0, &err), CL_EEXIST);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 1);
	cl_screening_free(s);
}

/* A saved screening read back question by question: the same answers, the same results. */
static void saved_read_back(void **state)
{
	static const char *const cells[] = { "LA31994-9", "LA9-3",  "-",	"LA28398-8",
					     "LA32-8",	  "LA32-8", "LA6482-9", "LA6482-9",
					     "LA6270-8",  "" };
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_screening *saved, *back;
	struct cl_score a, b;
	struct cl_patient p;

	add_patient(db, "S9", &p);
	screen(db, &p, "2026-01-05", cells, &saved);
	assert_int_equal(cl_screening_load(db, &saved->id, &back, &err), CL_OK);
	assert_true(cl_id_equal(&back->id, &saved->id));
	assert_string_equal(back->screened_on, "2026-01-05");
	assert_int_equal(back->status, CL_SCREENING_PARTIAL);
	assert_int_equal(back->instrument->nquestions, saved->instrument->nquestions);
	for (int q = 0; q < back->instrument->nquestions; q++) {
		assert_int_equal(back->answers[q].state, saved->answers[q].state);
		assert_int_equal(back->answers[q].chosen, saved->answers[q].chosen);
	}
	assert_int_equal(back->answers[2].state, CL_ANSWER_SKIPPED);
	assert_int_equal(back->answers[9].state, CL_ANSWER_NONE);
	cl_screening_score(saved, &a);
	cl_screening_score(back, &b);
	for (int d = 0; d < back->instrument->ndomains; d++)
		assert_int_equal(a.domain[d], b.domain[d]);
	/* Read only. */
	assert_int_equal(cl_screening_skip(back, 0, &err), CL_EEXIST);
	cl_screening_free(back);
	cl_screening_free(saved);
	saved = NULL;
	assert_int_equal(cl_screening_load(db, &p.id, &back, &err), CL_ENOTFOUND);
}

static void partial_and_refusals(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_screening *s;
	struct cl_patient p;
	struct cl_id nobody = { { 9 } };

	add_patient(db, "S2", &p);
	assert_int_equal(cl_screening_start(db, &nobody, "ahc-hrsn", &s, &err), CL_ENOTFOUND);
	assert_int_equal(cl_screening_start(db, &p.id, "nonesuch", &s, &err), CL_ENOTFOUND);
	assert_int_equal(cl_screening_start(db, &p.id, "ahc-hrsn", &s, &err), CL_OK);
	/* Nothing answered: record a decline instead. */
	assert_int_equal(cl_screening_complete(db, s, &err), CL_EINVAL);
	assert_int_equal(cl_screening_skip(s, 0, &err), CL_OK);
	assert_int_equal(cl_screening_complete(db, s, &err), CL_EINVAL);
	/* A date in the future, or not a date. */
	fill(s, (const char *const[]){ "", "LA9-3", "", "", "LA33-6", "", "", "", "", "" });
	snprintf(s->screened_on, sizeof(s->screened_on), "2999-01-01");
	assert_int_equal(cl_screening_complete(db, s, &err), CL_EINVAL);
	assert_string_equal(err.field, "date");
	snprintf(s->screened_on, sizeof(s->screened_on), "2024-02-30");
	assert_int_equal(cl_screening_complete(db, s, &err), CL_EINVAL);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
	snprintf(s->screened_on, sizeof(s->screened_on), "2024-02-29");
	assert_int_equal(cl_screening_complete(db, s, &err), CL_OK);
	assert_int_equal(s->status, CL_SCREENING_PARTIAL);
	/* The skipped question is kept as such (NULL answer); unanswered ones leave no row. */
	assert_int_equal(count(db, "SELECT count(*) FROM screening_answer WHERE "
				   "answer_option_id IS NULL"),
			 1);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_answer"), 3);
	assert_int_equal(count(db, "SELECT count(*) FROM screening WHERE status = 'partial'"), 1);
	cl_screening_free(s);
}

static void spanish_patient(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_screening *s;
	struct cl_patient p;

	cl_patient_init(&p, db);
	assert_int_equal(cl_patient_field_set(&p, "mrn", "ES1", &err), CL_OK);
	assert_int_equal(cl_patient_field_set(&p, "given_name", "José", &err), CL_OK);
	assert_int_equal(cl_patient_field_set(&p, "family_name", "Ruiz", &err), CL_OK);
	assert_int_equal(cl_patient_field_set(&p, "birth_date", "1970-05-05", &err), CL_OK);
	assert_int_equal(cl_patient_field_set(&p, "language", "es", &err), CL_OK);
	assert_int_equal(cl_patient_create(db, &p, &err), CL_OK);
	assert_int_equal(cl_screening_start(db, &p.id, "ahc-hrsn", &s, &err), CL_OK);
	assert_int_equal(s->language, CL_LANG_ES);
	assert_string_equal(s->instrument->questions[0].text[s->language],
			    "¿Cuál es su situación de vivienda hoy?");
	fill(s, food_utilities);
	assert_int_equal(cl_screening_complete(db, s, &err), CL_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM screening WHERE language = 'es'"), 1);
	cl_screening_free(s);
}

static void history_and_latest(void **state)
{
	struct cl_db *db = *state;
	struct cl_screening_summary rows[8];
	struct cl_screening_latest latest;
	struct cl_error err = { 0 };
	struct cl_patient p;
	char text[128];
	int n = 0, i;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "H1", &p);
	assert_int_equal(cl_screening_latest(db, &p.id, 0, &latest, &err), CL_OK);
	assert_false(latest.screened);
	assert_true(latest.due);
	assert_int_equal(latest.npositive, 0);

	screen(db, &p, "2024-01-10", safety_housing, NULL);
	screen(db, &p, "2025-03-01", food_utilities, NULL);
	screen(db, &p, "2025-05-01", NULL, NULL); /* declined */

	assert_int_equal(cl_screening_history(db, &p.id, rows, 8, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].screened_on, "2025-05-01");
	assert_int_equal(rows[0].status, CL_SCREENING_DECLINED);
	assert_int_equal(rows[0].ndomains, 0);
	assert_string_equal(rows[1].screened_on, "2025-03-01");
	assert_int_equal(rows[1].ndomains, 6);
	assert_true(rows[1].review);
	assert_string_equal(rows[1].screened_by, cl_db_user_display(db));
	assert_string_equal(rows[2].instrument, "ahc-hrsn");
	for (i = 0; i < 6; i++) {
		bool positive = strcmp(rows[2].domains[i].code, "housing") == 0 ||
				strcmp(rows[2].domains[i].code, "safety") == 0;

		assert_int_equal(rows[2].domains[i].result,
				 positive ? CL_DOMAIN_POSITIVE : CL_DOMAIN_NEGATIVE);
	}
	assert_true(rows[2].domains[5].sensitive);

	/* Latest: the decline sets the clock; the needs come from the latest scored screening. */
	assert_int_equal(cl_screening_latest(db, &p.id, 0, &latest, &err), CL_OK);
	assert_true(latest.screened);
	assert_string_equal(latest.last_on, "2025-05-01");
	assert_int_equal(latest.last_status, CL_SCREENING_DECLINED);
	assert_string_equal(latest.due_on, "2026-05-01");
	assert_false(latest.due);
	assert_true(latest.review);
	assert_int_equal(latest.npositive, 2);
	assert_string_equal(latest.positive[0].code, "food");
	assert_string_equal(latest.positive[0].sdoh_category, "food-insecurity");
	assert_string_equal(latest.positive[1].code, "utilities");
	assert_string_equal(latest.positive[1].sdoh_category, "utility-insecurity");
	assert_string_equal(latest.positive[1].screened_on, "2025-03-01");

	/* A later screening with a safety positive: shown in the chart, not in list columns. */
	screen(db, &p, "2025-05-20", safety_housing, NULL);
	assert_int_equal(cl_screening_latest(db, &p.id, 0, &latest, &err), CL_OK);
	assert_int_equal(latest.npositive, 2);
	assert_string_equal(latest.positive[0].code, "housing");
	assert_string_equal(latest.positive[0].sdoh_category, "housing-instability");
	assert_string_equal(latest.positive[1].code, "safety");
	assert_string_equal(latest.positive[1].sdoh_category, "intimate-partner-violence");
	assert_true(latest.review);
	assert_int_equal(
		cl_screening_latest(db, &p.id, CL_SCREENING_WITHOUT_SENSITIVE, &latest, &err),
		CL_OK);
	assert_int_equal(latest.npositive, 1);
	assert_string_equal(latest.positive[0].code, "housing");
	assert_false(latest.review);
	assert_int_equal(cl_screening_positive_text(db, &p.id, CL_SCREENING_WITHOUT_SENSITIVE, text,
						    sizeof(text), &err),
			 CL_OK);
	assert_string_equal(text, "housing");
	assert_int_equal(cl_screening_positive_text(db, &p.id, 0, text, sizeof(text), &err), CL_OK);
	assert_string_equal(text, "housing, safety");

	/* Entered in error: hidden, and the chart goes back to what came before. */
	assert_int_equal(cl_screening_history(db, &p.id, rows, 8, &n, &err), CL_OK);
	assert_int_equal(
		cl_screening_retire(db, &rows[0].id, rows[0].version + 1, "duplicate", &err),
		CL_ECONFLICT);
	assert_int_equal(cl_screening_retire(db, &rows[0].id, rows[0].version, "duplicate", &err),
			 CL_OK);
	assert_int_equal(cl_screening_retire(db, &rows[0].id, rows[0].version, "duplicate", &err),
			 CL_ECONFLICT);
	assert_int_equal(cl_screening_history(db, &p.id, rows, 8, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(cl_screening_latest(db, &p.id, 0, &latest, &err), CL_OK);
	assert_string_equal(latest.last_on, "2025-05-01");
	assert_int_equal(latest.npositive, 2);
	assert_string_equal(latest.positive[0].code, "food");
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE entity = 'screening' AND "
				   "action = 'retire'"),
			 1);
}

/* ---- the due list ---- */

/* Is the patient in the due list (walked page by page, 2 rows a page)? */
static bool in_due_list(struct cl_db *db, const struct cl_patient *p, int *total)
{
	struct cl_screening_due_row rows[2], last;
	const struct cl_screening_due_row *after = NULL;
	struct cl_error err = { 0 };
	bool found = false;
	int n;

	*total = 0;
	do {
		assert_int_equal(cl_screening_due_page(db, after, rows, 2, &n, &err), CL_OK);
		for (int i = 0; i < n; i++) {
			if (i > 0 || after)
				/* Keyset order: never screened first, then oldest. */
				assert_true(strcmp((i ? rows[i - 1] : last).last_on,
						   rows[i].last_on) <= 0);
			found = found || cl_id_equal(&rows[i].patient_id, &p->id);
			(*total)++;
		}
		if (n) {
			last = rows[n - 1];
			after = &last;
		}
	} while (n == 2);
	return found;
}

/* Walking the due list backwards (2 rows a page) gives the forward walk in reverse. */
static void due_backward_matches(struct cl_db *db)
{
	struct cl_screening_due_row fwd[64], back[64], rows[2], first;
	const struct cl_screening_due_row *pos = NULL;
	struct cl_error err = { 0 };
	int nf = 0, nb = 0, n;

	do {
		assert_int_equal(cl_screening_due_page(db, pos, rows, 2, &n, &err), CL_OK);
		for (int i = 0; i < n && nf < 64; i++)
			fwd[nf++] = rows[i];
		pos = nf ? &fwd[nf - 1] : NULL;
	} while (n == 2);
	pos = NULL;
	do {
		assert_int_equal(cl_screening_due_page_before(db, pos, rows, 2, &n, &err), CL_OK);
		if (n == 2) /* a page comes in list order */
			assert_true(strcmp(rows[0].last_on, rows[1].last_on) <= 0);
		for (int i = n - 1; i >= 0 && nb < 64; i--)
			back[nb++] = rows[i];
		if (n) {
			first = rows[0];
			pos = &first;
		}
	} while (n == 2);
	assert_int_equal(nb, nf);
	for (int i = 0; i < nf; i++)
		assert_true(cl_id_equal(&fwd[i].patient_id, &back[nf - 1 - i].patient_id));
}

static void due_boundaries(void **state)
{
	static const struct {
		const char *screened, *today;
		bool due;
	} table[] = {
		{ "2024-03-15", "2025-03-14", false },
		{ "2024-03-15", "2025-03-15", true }, /* exactly 12 months */
		{ "2024-03-15", "2025-03-16", true },
		{ "2024-02-29", "2025-02-27", false },
		{ "2024-02-29", "2025-02-28", true }, /* no 29th: the month's last day */
		{ "2024-01-31", "2024-12-31", false },
		{ "2024-01-31", "2025-01-30", false },
		{ "2024-01-31", "2025-01-31", true },
		{ "2023-12-31", "2024-12-30", false },
		{ "2023-12-31", "2024-12-31", true },
	};
	struct cl_db *db = *state;
	struct cl_screening_latest latest;
	struct cl_error err = { 0 };
	struct cl_patient never, p[sizeof(table) / sizeof(table[0])];
	long long due_count;
	int total;
	size_t i;
	char mrn[16];

	add_patient(db, "NEVER", &never);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		snprintf(mrn, sizeof(mrn), "D%zu", i);
		add_patient(db, mrn, &p[i]);
		setenv("CARELOOP_TODAY", table[i].screened, 1);
		screen(db, &p[i], table[i].screened, i % 2 ? NULL : food_utilities, NULL);
	}
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		setenv("CARELOOP_TODAY", table[i].today, 1);
		if (in_due_list(db, &p[i], &total) != table[i].due)
			fail_msg("screened %s, today %s: due list says %s", table[i].screened,
				 table[i].today, table[i].due ? "not due" : "due");
		assert_true(in_due_list(db, &never, &total));
		assert_int_equal(cl_screening_latest(db, &p[i].id, 0, &latest, &err), CL_OK);
		if (latest.due != table[i].due)
			fail_msg("screened %s, today %s: latest says %s", table[i].screened,
				 table[i].today, latest.due ? "due" : "not due");
		assert_int_equal(cl_screening_due_count(db, &due_count, &err), CL_OK);
		assert_int_equal(due_count, total);
		due_backward_matches(db);
	}
	/* The setting moves the clock; inactive patients are not listed. */
	setenv("CARELOOP_TODAY", "2025-03-14", 1);
	assert_false(in_due_list(db, &p[0], &total));
	assert_int_equal(cl_setting_set_int(db, "rescreen_months", 6, &err), CL_OK);
	assert_true(in_due_list(db, &p[0], &total));
	assert_int_equal(cl_patient_retire(db, &p[0], CL_PATIENT_INACTIVE, &err), CL_OK);
	assert_false(in_due_list(db, &p[0], &total));
	assert_true(in_due_list(db, &never, &total));
}

static void month_arithmetic(void **state)
{
	char out[CL_DATE_LEN];

	(void)state;
	cl_date_add_months("2024-02-29", 12, out);
	assert_string_equal(out, "2025-02-28");
	cl_date_add_months("2024-01-31", 1, out);
	assert_string_equal(out, "2024-02-29");
	cl_date_add_months("2024-11-15", 3, out);
	assert_string_equal(out, "2025-02-15");
	cl_date_add_months("2025-03-31", -1, out);
	assert_string_equal(out, "2025-02-28");
}

static void positive_list(void **state)
{
	struct cl_db *db = *state;
	struct cl_screening_due_row rows[4];
	struct cl_error err = { 0 };
	struct cl_patient a, b, c;
	int n = 0;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "PA", &a);
	add_patient(db, "PB", &b);
	add_patient(db, "PC", &c);
	screen(db, &a, "2025-02-01", food_utilities, NULL);
	screen(db, &b, "2025-01-01", food_utilities, NULL);
	screen(db, &c, "2025-01-15", safety_housing, NULL);
	assert_int_equal(cl_screening_positive_page(db, "food", CL_SCREENING_WITHOUT_SENSITIVE,
						    NULL, rows, 4, &n, &err),
			 CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].mrn, "PB"); /* oldest first */
	assert_string_equal(rows[1].mrn, "PA");
	assert_string_equal(rows[1].last_on, "2025-02-01");
	/* Keyset: after the first row. */
	assert_int_equal(cl_screening_positive_page(db, "food", 0, &rows[0], rows + 2, 2, &n, &err),
			 CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[2].mrn, "PA");
	/* Backwards: the last rows in list order, then the ones before a row. */
	assert_int_equal(cl_screening_positive_page_before(db, "food", 0, NULL, rows, 4, &n, &err),
			 CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].mrn, "PB");
	assert_string_equal(rows[1].mrn, "PA");
	assert_int_equal(cl_screening_positive_page_before(db, "food", 0, NULL, rows, 1, &n, &err),
			 CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "PA");
	assert_int_equal(
		cl_screening_positive_page_before(db, "food", 0, &rows[0], rows + 1, 4, &n, &err),
		CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[1].mrn, "PB");
	assert_int_equal(cl_screening_positive_page_before(db, "safety",
							   CL_SCREENING_WITHOUT_SENSITIVE, NULL,
							   rows, 4, &n, &err),
			 CL_EINVAL);
	/* Safety is never a list filter from a list screen. */
	assert_int_equal(cl_screening_positive_page(db, "safety", CL_SCREENING_WITHOUT_SENSITIVE,
						    NULL, rows, 4, &n, &err),
			 CL_EINVAL);
	assert_int_equal(n, 0);
	/* A newer negative screening takes the patient out of the list. */
	screen(db, &b, "2025-05-01",
	       (const char *const[]){ "LA31993-1", "LA9-3", "LA28398-8", "LA28398-8", "LA32-8",
				      "LA32-8", "LA6270-8", "LA6270-8", "LA6270-8", "LA6270-8" },
	       NULL);
	assert_int_equal(cl_screening_positive_page(db, "food", 0, NULL, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "PA");
	/* An older screening entered late (paper) does not replace the newer one. */
	screen(db, &b, "2024-12-01", food_utilities, NULL);
	assert_int_equal(cl_screening_positive_page(db, "food", 0, NULL, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
}

/* ---- the CSV import ---- */

static const char header[] = "mrn,date,instrument,71802-3,96778-6,88122-7,88123-5,93030-5,"
			     "96779-4,95618-5,95617-7,95616-9,95615-1\r\n";

static int import_text(struct cl_db *db, const char *text, bool dry_run, struct test_problems *list,
		       struct cl_import_result *res)
{
	struct cl_import_options opt = { .dry_run = dry_run,
					 .bad_row = test_collect_problem,
					 .arg = list };
	struct cl_error err = { 0 };
	char dir[256], path[300];
	int rc;

	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/screenings.csv", dir);
	assert_int_equal(test_write_file(path, text, strlen(text)), 0);
	memset(list, 0, sizeof(*list));
	rc = cl_screening_import(db, path, &opt, res, &err);
	if (rc == CL_EINVAL) {
		assert_true(list->n > 0);
		assert_string_equal(err.message, list->e[0].message);
	}
	test_remove_tree(dir);
	return rc;
}

static void import_good(void **state)
{
	/* A BOM, CRLF, a quoted multiple-choice cell over two lines, a US date, a decline. */
	static const char text[] =
		"\xEF\xBB\xBFmrn,date,instrument,declined,q1,96778-6,88122-7,88123-5,93030-5,"
		"96779-4,95618-5,95617-7,95616-9,95615-1\r\n"
		"I1,2025-01-10,ahc-hrsn,,LA31994-9,\"LA31996-4;\r\nLA28580-1\",LA28398-8,"
		"LA28398-8,LA32-8,LA32-8,LA10066-1,LA6270-8,LA6270-8,LA6270-8\r\n"
		"I2,01/15/2025,ahc-hrsn,no,LA31993-1,LA9-3,LA6729-3,,LA33-6,LA32002-0,LA6482-9,"
		"LA6482-9,LA6270-8,LA6270-8\r\n"
		"I3,2025-02-01,ahc-hrsn,yes,,,,,,,,,,\r\n"
		",,,,,,,,,,,,,\r\n";
	struct cl_db *db = *state;
	struct cl_import_result res;
	struct cl_screening_summary rows[2];
	struct cl_error err = { 0 };
	struct test_problems list;
	struct cl_patient p1, p2, p3;
	int n;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "I1", &p1);
	add_patient(db, "I2", &p2);
	add_patient(db, "I3", &p3);
	/* Dry run: checked, nothing kept. */
	assert_int_equal(import_text(db, text, true, &list, &res), CL_OK);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.imported, 3);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE entity = 'screening'"), 0);
	assert_int_equal(import_text(db, text, false, &list, &res), CL_OK);
	assert_int_equal(res.imported, 3);
	assert_int_equal(count(db, "SELECT count(*) FROM screening WHERE source = 'import'"), 3);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE entity = 'screening' AND "
				   "action = 'import'"),
			 3);
	/* Scored as in the interface. */
	assert_int_equal(cl_screening_history(db, &p1.id, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].status, CL_SCREENING_COMPLETED);
	assert_int_equal(rows[0].domains[0].result, CL_DOMAIN_POSITIVE);
	assert_int_equal(rows[0].domains[1].result, CL_DOMAIN_POSITIVE);
	assert_true(rows[0].review);
	assert_int_equal(cl_screening_history(db, &p2.id, rows, 2, &n, &err), CL_OK);
	assert_string_equal(rows[0].screened_on, "2025-01-15");
	assert_int_equal(rows[0].status, CL_SCREENING_PARTIAL);
	assert_int_equal(rows[0].domains[2].result, CL_DOMAIN_POSITIVE); /* q3 sometimes */
	assert_int_equal(rows[0].domains[5].result, CL_DOMAIN_POSITIVE); /* 5+5+1+1 */
	assert_int_equal(cl_screening_history(db, &p3.id, rows, 2, &n, &err), CL_OK);
	assert_int_equal(rows[0].status, CL_SCREENING_DECLINED);
	/* The same file again: already saved, all refused, nothing added. */
	assert_int_equal(import_text(db, text, false, &list, &res), CL_EINVAL);
	assert_int_equal(list.n, 3);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 3);
}

static void import_bad_cells(void **state)
{
	/*
	 * Line 2-3: one record (a quoted cell spans two lines). Line 4: a bad answer code in
	 * column 6 (88122-7), and an unknown MRN on line 5, a bad date and a bad code on line 6.
	 */
	static const char text[] =
		"mrn,date,instrument,71802-3,96778-6,88122-7,88123-5,93030-5,96779-4,95618-5,"
		"95617-7,95616-9,95615-1\r\n"
		"B1,2025-01-10,ahc-hrsn,LA31993-1,\"LA9-3\r\n\",LA28398-8,LA28398-8,LA32-8,LA32-8,"
		"LA6270-8,LA6270-8,LA6270-8,LA6270-8\r\n"
		"B2,2025-01-11,ahc-hrsn,LA31993-1,LA9-3,LA99999-9,LA28398-8,LA32-8,LA32-8,LA6270-8,"
		"LA6270-8,LA6270-8,LA6270-8\r\n"
		"NOPE,2025-01-12,ahc-hrsn,LA31993-1,LA9-3,LA28398-8,LA28398-8,LA32-8,LA32-8,"
		"LA6270-8,LA6270-8,LA6270-8,LA6270-8\r\n"
		"B1,2025-13-01,ahc-hrsn,LA31993-1,LA9-3,LA28398-8,LA28398-8,LA32-8,LA32-8,"
		"LA6270-8,LA6270-8,LA6270-8,LA33-6\r\n";
	struct cl_db *db = *state;
	struct cl_import_result res;
	struct test_problems list;
	struct cl_patient p1, p2;
	long long audit;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "B1", &p1);
	add_patient(db, "B2", &p2);
	audit = count(db, "SELECT count(*) FROM audit");
	assert_int_equal(import_text(db, text, false, &list, &res), CL_EINVAL);
	assert_int_equal(list.n, 4);
	assert_int_equal(list.e[0].line, 4);
	assert_int_equal(list.e[0].column, 6);
	assert_string_equal(list.e[0].field, "88122-7");
	assert_non_null(strstr(list.e[0].message, "line 4, column F (88122-7): "));
	assert_null(strstr(list.e[0].message, "LA99999")); /* never the cell's contents */
	assert_int_equal(list.e[1].line, 5);
	assert_int_equal(list.e[1].column, 1);
	assert_null(strstr(list.e[1].message, "NOPE"));
	assert_int_equal(list.e[2].line, 6);
	assert_int_equal(list.e[2].column, 2);
	assert_int_equal(list.e[3].line, 6);
	assert_int_equal(list.e[3].column, 13);
	assert_int_equal(res.rejected, 3);
	assert_int_equal(res.imported, 0);
	/* All or nothing: the good first row is not kept, no audit rows either. */
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_status WHERE last_on != ''"), 0);
}

/*
 * The screenings export's last columns (export_csv.c): a row entered in error at its source
 * is refused, by that column; a row with them empty is a screening like any other.
 */
static void import_entered_in_error(void **state)
{
	static const char text[] =
		"mrn,date,instrument,71802-3,96778-6,88122-7,88123-5,93030-5,96779-4,95618-5,"
		"95617-7,95616-9,95615-1,entered_in_error,entered_in_error_at\r\n"
		"E1,2025-01-10,ahc-hrsn,LA31993-1,LA9-3,LA28398-8,LA28398-8,LA32-8,LA32-8,"
		"LA6270-8,LA6270-8,LA6270-8,LA6270-8,,\r\n"
		"E1,2025-01-11,ahc-hrsn,LA31993-1,LA9-3,LA28398-8,LA28398-8,LA32-8,LA32-8,"
		"LA6270-8,LA6270-8,LA6270-8,LA6270-8,wrong-patient,2025-01-12T10:00:00.000Z\r\n";
	struct cl_db *db = *state;
	struct cl_import_result res;
	struct test_problems list;
	struct cl_patient p1;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "E1", &p1);
	assert_int_equal(import_text(db, text, false, &list, &res), CL_EINVAL);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.e[0].line, 3);
	assert_string_equal(list.e[0].field, "entered_in_error");
	assert_non_null(strstr(list.e[0].message, "entered in error"));
	assert_int_equal(res.rejected, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
}

static void import_bad_files(void **state)
{
	struct cl_db *db = *state;
	struct cl_import_result res;
	struct test_problems list;
	char text[1024];

	/* Unknown column, missing instrument column. */
	assert_int_equal(import_text(db, "mrn,date,71802-3,bogus\r\n", false, &list, &res),
			 CL_EINVAL);
	assert_int_equal(list.n, 2);
	assert_int_equal(list.e[0].column, 4);
	assert_string_equal(list.e[1].field, "instrument");
	/* Empty file. */
	assert_int_equal(import_text(db, "", false, &list, &res), CL_EINVAL);
	/* An unterminated quote: the CSV reader's error, with its line. */
	snprintf(text, sizeof(text), "%sX1,2025-01-01,ahc-hrsn,\"LA31993-1\r\n", header);
	assert_int_equal(import_text(db, text, false, &list, &res), CL_EINVAL);
	assert_int_equal(list.e[0].line, 2);
	/* A row with too few fields; a single-choice question with two answers. */
	add_patient(db, "F1", &(struct cl_patient){ 0 });
	snprintf(text, sizeof(text),
		 "%sF1,2020-01-01,ahc-hrsn\r\nF1,2020-01-01,ahc-hrsn,LA31993-1;LA31994-9,,,,,,,,,"
		 "\r\nF1,2020-02-01,ahc-hrsn,,,,,,,,,,\r\n",
		 header);
	assert_int_equal(import_text(db, text, false, &list, &res), CL_EINVAL);
	assert_int_equal(list.n, 3);
	assert_int_equal(list.e[0].line, 2);
	assert_int_equal(list.e[0].column, 0);
	assert_int_equal(list.e[1].line, 3);
	assert_int_equal(list.e[1].column, 4);
	assert_int_equal(list.e[2].line, 4); /* no answers and not declined */
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
}

/* "None of the above" ticked with another box means nothing: refused at its cell. */
static void import_exclusive_with_others(void **state)
{
	struct cl_db *db = *state;
	struct cl_import_result res;
	struct test_problems list;
	char text[1024];

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "X1", &(struct cl_patient){ 0 });
	snprintf(text, sizeof(text),
		 "%sX1,2025-01-10,ahc-hrsn,LA31993-1,LA9-3;LA31998-0,LA28398-8,LA28398-8,LA32-8,"
		 "LA32-8,LA6270-8,LA6270-8,LA6270-8,LA6270-8\r\n"
		 "X1,2025-01-11,ahc-hrsn,LA31993-1,\"LA31996-4;\r\nLA9-3\",LA28398-8,LA28398-8,"
		 "LA32-8,LA32-8,LA6270-8,LA6270-8,LA6270-8,LA6270-8\r\n",
		 header);
	assert_int_equal(import_text(db, text, false, &list, &res), CL_EINVAL);
	assert_int_equal(list.n, 2);
	assert_int_equal(list.e[0].line, 2);
	assert_int_equal(list.e[0].column, 5);
	assert_string_equal(list.e[0].field, "96778-6");
	assert_non_null(strstr(list.e[0].message, "line 2, column E (96778-6): "));
	assert_non_null(strstr(list.e[0].message, "LA9-3"));
	assert_int_equal(list.e[1].line, 3); /* where the quoted cell starts */
	assert_int_equal(list.e[1].column, 5);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_ROWS);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
	/* Alone, "none of the above" is an answer like any other. */
	snprintf(text, sizeof(text),
		 "%sX1,2025-01-10,ahc-hrsn,LA31993-1,LA9-3,LA28398-8,LA28398-8,LA32-8,"
		 "LA32-8,LA6270-8,LA6270-8,LA6270-8,LA6270-8\r\n",
		 header);
	assert_int_equal(import_text(db, text, false, &list, &res), CL_OK);
	assert_int_equal(res.imported, 1);
}

/* Header errors: one question under two names, a question no instrument has. */
static void import_header_questions(void **state)
{
	struct cl_db *db = *state;
	struct cl_import_result res;
	struct cl_import_options opt = { 0 };
	struct cl_import_result ires;
	struct cl_error err = { 0 };
	struct test_problems list;
	char dir[256], path[300];

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "H1", &(struct cl_patient){ 0 });
	/* q1 and its code 71802-3: two answers to one question, one of them dropped. */
	assert_int_equal(import_text(db,
				     "mrn,date,instrument,q1,71802-3\r\n"
				     "H1,2025-01-10,ahc-hrsn,LA31993-1,LA31995-6\r\n",
				     false, &list, &res),
			 CL_EINVAL);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.e[0].line, 1);
	assert_int_equal(list.e[0].column, 5);
	assert_non_null(strstr(list.e[0].message, "the same question as column D (q1)"));
	assert_int_equal(res.outcome, CL_IMPORT_BAD_HEADER);
	/* The same the other way round, apart: 95618-5 is q7. */
	assert_int_equal(
		import_text(db, "mrn,date,instrument,95618-5,q2,Q7\r\n", false, &list, &res),
		CL_EINVAL);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.e[0].column, 6);
	/* q11: the AHC tool has 10 questions; refused even when its cells are all empty. */
	assert_int_equal(import_text(db,
				     "mrn,date,instrument,declined,q11\r\n"
				     "H1,2025-01-10,ahc-hrsn,yes,\r\n",
				     false, &list, &res),
			 CL_EINVAL);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.e[0].column, 5);
	assert_string_equal(list.e[0].field, "q11");
	assert_int_equal(res.rows, 0);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 0);
	/* q10 is one; q0 and q01 are not questions. */
	assert_int_equal(import_text(db, "mrn,date,instrument,q10,q0,q01\r\n", false, &list, &res),
			 CL_EINVAL);
	assert_int_equal(list.n, 2);
	assert_int_equal(list.e[0].column, 5);
	assert_int_equal(list.e[1].column, 6);
	/* Through the import command's entry: a header error is no row's ("1 of 0 rows bad"). */
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/h.csv", dir);
	assert_int_equal(test_write_file(path, "mrn,date,instrument,q11\r\n", 25), 0);
	assert_int_equal(cl_screening_import(db, path, &opt, &ires, &err), CL_EINVAL);
	assert_int_equal(ires.outcome, CL_IMPORT_BAD_HEADER);
	assert_int_equal(ires.rejected, 0);
	assert_int_equal(ires.rows, 0);
	assert_int_equal(ires.problems, 1);
	test_remove_tree(dir);
}

/*
 * --skip-bad: the good screenings are saved; a bad row goes to the reject file with every
 * problem it has (the columns named by questions too); fixed, that file imports back.
 */
static void import_skip_bad(void **state)
{
	static const char text[] = "mrn,date,instrument,language,q1,q2\r\n"
				   "S1,2025-01-10,ahc-hrsn,en,LA31993-1,LA9-3\r\n"
				   "S2,2025-13-01,ahc-hrsn,fr,LA99999-9,LA9-3;LA31998-0\r\n"
				   "S2,2025-01-12,ahc-hrsn,es,LA31994-9,\r\n"
				   ",,,,,\r\n";
	static const char fixed[] =
		"mrn,date,instrument,language,q1,q2,reject_reason\r\n"
		"S2,2025-01-11,ahc-hrsn,en,LA31993-1,LA9-3,line 3: whatever\r\n";
	struct cl_db *db = *state;
	struct test_problems list = { 0 };
	struct cl_import_options opt = { .skip_bad = true,
					 .bad_row = test_collect_problem,
					 .arg = &list };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char dir[256], path[300], rejects[300], buf[2048];
	long len;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	add_patient(db, "S1", &(struct cl_patient){ 0 });
	add_patient(db, "S2", &(struct cl_patient){ 0 });
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/s.csv", dir);
	snprintf(rejects, sizeof(rejects), "%s/s.rejected.csv", dir);
	assert_int_equal(test_write_file(path, text, strlen(text)), 0);
	assert_non_null(opt.rejects = fopen(rejects, "wb"));
	assert_int_equal(cl_screening_import(db, path, &opt, &res, &err), CL_OK);
	fclose(opt.rejects);
	assert_int_equal(res.outcome, CL_IMPORT_DONE);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.imported, 2);
	assert_int_equal(res.rejected, 1);
	assert_int_equal(res.problems, 4);
	assert_int_equal(list.n, 4);
	assert_int_equal(count(db, "SELECT count(*) FROM screening WHERE source = 'import'"), 2);
	len = test_read_file(rejects, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_string_equal(
		buf, "mrn,date,instrument,language,q1,q2,reject_reason\r\n"
		     "S2,2025-13-01,ahc-hrsn,fr,LA99999-9,LA9-3;LA31998-0,\"line 3, column B "
		     "(date): must be a real date as YYYY-MM-DD or MM/DD/YYYY; line 3, column "
		     "D (language): must be en or es; line 3, column E (q1): unknown answer "
		     "code for question 71802-3; line 3, column F (q2): answer LA9-3 (none of "
		     "the above) is ticked with other answers\"\r\n");
	/* The reject file, fixed, imports back (its reject_reason column is ignored). */
	assert_int_equal(test_write_file(path, fixed, strlen(fixed)), 0);
	memset(&opt, 0, sizeof(opt));
	assert_int_equal(cl_screening_import(db, path, &opt, &res, &err), CL_OK);
	assert_int_equal(res.imported, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM screening"), 3);
	test_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(complete_saves_once, setup, teardown),
		cmocka_unit_test_setup_teardown(partial_and_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(saved_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(spanish_patient, setup, teardown),
		cmocka_unit_test_setup_teardown(history_and_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(due_boundaries, setup, teardown),
		cmocka_unit_test(month_arithmetic),
		cmocka_unit_test_setup_teardown(positive_list, setup, teardown),
		cmocka_unit_test_setup_teardown(import_good, setup, teardown),
		cmocka_unit_test_setup_teardown(import_bad_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(import_entered_in_error, setup, teardown),
		cmocka_unit_test_setup_teardown(import_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(import_exclusive_with_others, setup, teardown),
		cmocka_unit_test_setup_teardown(import_header_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(import_skip_bad, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
