/*
 * Behavioral health: the PHQ-2, PHQ-9 and GAD-7 as data scored by the same engine (every
 * band edge), the PHQ-9 item-9 safety flag at each answer, progress (response, remission,
 * not improving), enrollment, the registry's order and the collaborative-care CPT codes.
 */
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

static int setup(void **state)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	setenv("CARELOOP_TODAY", "2026-06-15", 1);
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

/* Answers (0-3 each, one per question) whose points add up to total, spread from the top. */
static void answers_for(const struct cl_instrument *in, int total, struct cl_answer *a)
{
	memset(a, 0, sizeof(*a) * (size_t)in->nquestions);
	for (int q = 0; q < in->nquestions; q++) {
		int pts = total > 3 ? 3 : total;

		total -= pts;
		a[q].state = CL_ANSWER_GIVEN;
		a[q].chosen = UINT32_C(1) << pts; /* option index = points (0..3) */
	}
	assert_int_equal(total, 0);
}

/* Score a total of the instrument code: its band code and whether the domain is positive. */
static void check_band(struct cl_db *db, const char *code, int total, const char *band,
		       bool positive)
{
	struct cl_answer answers[CL_INSTRUMENT_MAX_QUESTIONS];
	struct cl_error err = { 0 };
	struct cl_instrument *in;
	struct cl_score score;

	if (cl_instrument_load(db, code, &in, &err))
		fail_msg("%s: %s", code, err.message);
	/* Item 9 of the PHQ-9 last: keep the points off it so no safety flag interferes. */
	answers_for(in, total, answers);
	cl_score(in, answers, &score);
	assert_int_equal(score.total, total);
	assert_true(score.band >= 0);
	if (strcmp(in->bands[score.band].code, band) != 0)
		fail_msg("%s total %d: band %s, expected %s", code, total,
			 in->bands[score.band].code, band);
	assert_int_equal(in->bands[score.band].positive, positive);
	assert_int_equal(score.domain[0] == CL_DOMAIN_POSITIVE, positive);
	cl_instrument_free(in);
}

static void phq9_bands(void **state)
{
	struct cl_db *db = *state;

	check_band(db, "phq-9", 0, "none-minimal", false);
	check_band(db, "phq-9", 4, "none-minimal", false);
	check_band(db, "phq-9", 5, "mild", false);
	check_band(db, "phq-9", 9, "mild", false);
	check_band(db, "phq-9", 10, "moderate", true);
	check_band(db, "phq-9", 14, "moderate", true);
	check_band(db, "phq-9", 15, "moderately-severe", true);
	check_band(db, "phq-9", 19, "moderately-severe", true);
	check_band(db, "phq-9", 20, "severe", true);
	check_band(db, "phq-9", 24, "severe", true);
}

static void gad7_bands(void **state)
{
	struct cl_db *db = *state;

	check_band(db, "gad-7", 0, "minimal", false);
	check_band(db, "gad-7", 4, "minimal", false);
	check_band(db, "gad-7", 5, "mild", false);
	check_band(db, "gad-7", 9, "mild", false);
	check_band(db, "gad-7", 10, "moderate", true);
	check_band(db, "gad-7", 14, "moderate", true);
	check_band(db, "gad-7", 15, "severe", true);
	check_band(db, "gad-7", 21, "severe", true);
}

static void phq2_bands(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_instrument *in;

	check_band(db, "phq-2", 2, "negative", false);
	check_band(db, "phq-2", 3, "positive", true);
	check_band(db, "phq-2", 6, "positive", true);
	assert_int_equal(cl_instrument_load(db, "phq-2", &in, &err), CL_OK);
	assert_string_equal(in->bands[1].follow_up, "phq-9");
	assert_string_equal(in->bands[0].follow_up, "");
	assert_string_equal(in->loinc, "55757-9");
	cl_instrument_free(in);
}

/* LOINC codes, Spanish texts and the answer list as data. */
static void instruments_as_data(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_instrument *in;

	assert_int_equal(cl_instrument_load(db, "phq-9", &in, &err), CL_OK);
	assert_true(in->sum);
	assert_false(in->social_needs);
	assert_string_equal(in->loinc, "44249-1");
	assert_string_equal(in->total_loinc, "44261-6");
	assert_int_equal(in->nquestions, 9);
	assert_string_equal(in->questions[8].code, "44260-8");
	assert_string_equal(in->questions[8].options[1].text[CL_LANG_ES], "Varios días");
	assert_string_equal(in->questions[8].options[3].text[CL_LANG_EN], "Nearly every day");
	assert_int_equal(in->questions[8].options[3].points, 3);
	cl_instrument_free(in);
	assert_int_equal(cl_instrument_load(db, "gad-7", &in, &err), CL_OK);
	assert_string_equal(in->loinc, "69737-5");
	assert_string_equal(in->total_loinc, "70274-6");
	assert_int_equal(in->nquestions, 7);
	assert_string_equal(in->questions[0].options[0].text[CL_LANG_ES], "Ningún día");
	cl_instrument_free(in);
	/* The AHC tool keeps its rules-only scoring: no total. */
	assert_int_equal(cl_instrument_load(db, "ahc-hrsn", &in, &err), CL_OK);
	assert_false(in->sum);
	assert_true(in->social_needs);
	cl_instrument_free(in);
}

/* A partly answered PHQ-9 has no total and no band (never a low one). */
static void partial_has_no_total(void **state)
{
	struct cl_answer answers[CL_INSTRUMENT_MAX_QUESTIONS];
	struct cl_error err = { 0 };
	struct cl_instrument *in;
	struct cl_score score;

	assert_int_equal(cl_instrument_load(*state, "phq-9", &in, &err), CL_OK);
	answers_for(in, 3, answers);
	answers[4].state = CL_ANSWER_SKIPPED;
	answers[4].chosen = 0;
	cl_score(in, answers, &score);
	assert_int_equal(score.total, -1);
	assert_int_equal(score.band, -1);
	assert_int_equal(score.domain[0], CL_DOMAIN_INCOMPLETE);
	cl_instrument_free(in);
}

/* Item 9 at each answer: 0 no flag; 1, 2, 3 the flag, and a task due today when saved. */
static void item9_each_answer(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };

	for (int a = 0; a < 4; a++) {
		struct cl_screening *s;
		struct cl_score score;
		struct cl_patient p;
		char mrn[16], on[CL_DATE_LEN], code[CL_CODE_LEN];
		bool open;
		int zero = 0;

		snprintf(mrn, sizeof(mrn), "I9-%d", a);
		add_patient(db, mrn, &p);
		assert_int_equal(cl_screening_start(db, &p.id, "phq-9", &s, &err), CL_OK);
		for (int q = 0; q < 8; q++)
			assert_int_equal(cl_screening_answer(s, q, &zero, 1, &err), CL_OK);
		cl_screening_score(s, &score);
		assert_false(score.safety);
		assert_int_equal(cl_screening_answer(s, 8, &a, 1, &err), CL_OK);
		cl_screening_score(s, &score);
		assert_int_equal(score.safety, a > 0);
		assert_int_equal(score.total, a);
		assert_int_equal(cl_screening_complete(db, s, &err), CL_OK);
		cl_screening_free(s);
		assert_int_equal(cl_bh_safety_open(db, &p.id, &open, on, code, &err), CL_OK);
		assert_int_equal(open, a > 0);
		if (a > 0) {
			assert_string_equal(on, "2026-06-15");
			assert_string_equal(code, "phq-9");
		}
	}
	/* One task per flag, due today, open. */
	assert_int_equal(count(db, "SELECT count(*) FROM task WHERE due_date = '2026-06-15' "
				   "AND status = 'open' AND title LIKE 'URGENT: same-day%'"),
			 3);
	assert_int_equal(count(db, "SELECT count(*) FROM screening WHERE safety_task_id "
				   "IS NOT NULL"),
			 3);
	/* A PHQ-9 neither moves the social-needs rescreen clock nor lists positives. */
	assert_int_equal(count(db, "SELECT count(*) FROM screening_status WHERE last_on != ''"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM screening_positive"), 0);
}

/* The flag stands while its task is open; the worklist lists it until then. */
static void safety_flag_clears_with_task(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_bh_safety_row rows[4];
	struct cl_screening *s;
	struct cl_patient p;
	struct cl_task t;
	struct cl_id task_id;
	sqlite3_stmt *st;
	bool open;
	int n, answer = 2;

	add_patient(db, "SF-1", &p);
	assert_int_equal(cl_screening_start(db, &p.id, "phq-9", &s, &err), CL_OK);
	assert_int_equal(cl_screening_answer(s, 8, &answer, 1, &err), CL_OK);
	assert_int_equal(cl_screening_complete(db, s, &err), CL_OK); /* partial: still flagged */
	cl_screening_free(s);
	assert_int_equal(cl_bh_safety_list(db, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "SF-1");
	/* The worklist's Safety section, for everyone and in "mine" too (it waits for no one). */
	for (int mine = 0; mine < 2; mine++) {
		struct cl_worklist_filter filter = { .mine = mine };
		struct cl_worklist_row wrows[2];
		long long c = -1;
		bool capped;

		assert_int_equal(
			cl_worklist_count(db, CL_WORKLIST_SAFETY, &filter, 0, &c, &capped, &err),
			CL_OK);
		assert_int_equal(c, 1);
		assert_int_equal(
			cl_worklist_page(db, CL_WORKLIST_SAFETY, &filter, NULL, wrows, 2, &n, &err),
			CL_OK);
		assert_int_equal(n, 1);
		assert_string_equal(wrows[0].what, "same-day clinician review");
	}
	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db),
					    "SELECT safety_task_id FROM screening", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	memcpy(task_id.bytes, sqlite3_column_blob(st, 0), 16);
	sqlite3_finalize(st);
	assert_int_equal(cl_task_get(db, &task_id, &t, &err), CL_OK);
	assert_int_equal(cl_task_close(db, &t, CL_TASK_DONE, &err), CL_OK);
	assert_int_equal(cl_bh_safety_open(db, &p.id, &open, NULL, NULL, &err), CL_OK);
	assert_false(open);
	assert_int_equal(cl_bh_safety_list(db, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	{
		struct cl_worklist_filter filter = { .mine = false };
		long long c = -1;
		bool capped;

		assert_int_equal(
			cl_worklist_count(db, CL_WORKLIST_SAFETY, &filter, 0, &c, &capped, &err),
			CL_OK);
		assert_int_equal(c, 0);
	}
}

static void progress_rules(void **state)
{
	struct cl_bh_score s[3] = { { "2026-01-05", 18, "" },
				    { "2026-02-02", 12, "" },
				    { "2026-03-02", 9, "" } };
	struct cl_bh_progress p;

	(void)state;
	/* 18 -> 9: exactly 50%: response; not remission (9 >= 5). */
	cl_bh_progress(s, 3, "2026-01-05", "2026-03-16", 5, 10, &p);
	assert_int_equal(p.baseline, 18);
	assert_int_equal(p.last, 9);
	assert_int_equal(p.change, -9);
	assert_int_equal(p.change_percent, -50);
	assert_true(p.response);
	assert_false(p.remission);
	assert_false(p.not_improving);
	assert_int_equal(p.weeks, 10);
	/* 18 -> 10: 44%: no response; 10 weeks in: not improving. */
	s[2].total = 10;
	cl_bh_progress(s, 3, "2026-01-05", "2026-03-16", 5, 10, &p);
	assert_false(p.response);
	assert_true(p.not_improving);
	/* At 9 weeks not yet flagged. */
	cl_bh_progress(s, 3, "2026-01-05", "2026-03-15", 5, 10, &p);
	assert_int_equal(p.weeks, 9);
	assert_false(p.not_improving);
	/* Remission: last below 5 (4), not at 5. */
	s[2].total = 5;
	cl_bh_progress(s, 3, "2026-01-05", "2026-03-16", 5, 10, &p);
	assert_false(p.remission);
	assert_true(p.response);
	s[2].total = 4;
	cl_bh_progress(s, 3, "2026-01-05", "2026-03-16", 5, 10, &p);
	assert_true(p.remission);
	assert_false(p.not_improving);
	/* One score: no response however low; GAD-7 (no remission rule). */
	cl_bh_progress(s, 1, "2026-01-05", "2026-03-16", 0, 10, &p);
	assert_false(p.response);
	assert_false(p.remission);
	assert_true(p.not_improving);
	/* Baseline 0: never a response. */
	s[0].total = 0;
	s[2].total = 0;
	cl_bh_progress(s, 3, "", "2026-03-16", 0, 10, &p);
	assert_false(p.response);
	assert_int_equal(p.weeks, -1);
	assert_false(p.not_improving);
}

static void scores_since_enrollment(void **state)
{
	struct cl_bh_score s[3] = { { "2025-06-01", 20, "" },
				    { "2026-01-01", 15, "" },
				    { "2026-02-01", 7, "" } };

	(void)state;
	/* The screening 10 days before enrolling is the baseline; last year's is not. */
	assert_int_equal(cl_bh_scores_since(s, 3, "2026-01-11"), 1);
	assert_int_equal(cl_bh_scores_since(s, 3, "2026-01-31"), 1);
	assert_int_equal(cl_bh_scores_since(s, 3, "2026-02-01"), 2);
	assert_int_equal(cl_bh_scores_since(s, 3, "2026-03-15"), 3);
	assert_int_equal(cl_bh_scores_since(s, 3, ""), 0);
}

static void cpt_codes_at_thresholds(void **state)
{
	char codes[64];

	(void)state;
	/* First month: 99492 at 70; below it 99484 at 20. */
	cl_bh_cpt_codes(19, true, codes, sizeof(codes));
	assert_string_equal(codes, "");
	cl_bh_cpt_codes(20, true, codes, sizeof(codes));
	assert_string_equal(codes, "99484");
	cl_bh_cpt_codes(69, true, codes, sizeof(codes));
	assert_string_equal(codes, "99484");
	cl_bh_cpt_codes(70, true, codes, sizeof(codes));
	assert_string_equal(codes, "99492");
	cl_bh_cpt_codes(99, true, codes, sizeof(codes));
	assert_string_equal(codes, "99492");
	cl_bh_cpt_codes(100, true, codes, sizeof(codes));
	assert_string_equal(codes, "99492 + 99494");
	cl_bh_cpt_codes(130, true, codes, sizeof(codes));
	assert_string_equal(codes, "99492 + 99494 x2");
	/* Later months: 99493 at 60. */
	cl_bh_cpt_codes(59, false, codes, sizeof(codes));
	assert_string_equal(codes, "99484");
	cl_bh_cpt_codes(60, false, codes, sizeof(codes));
	assert_string_equal(codes, "99493");
	cl_bh_cpt_codes(89, false, codes, sizeof(codes));
	assert_string_equal(codes, "99493");
	cl_bh_cpt_codes(90, false, codes, sizeof(codes));
	assert_string_equal(codes, "99493 + 99494");
}

static void add_contact(struct cl_db *db, const struct cl_patient *p, const char *at, long minutes)
{
	struct cl_error err = { 0 };
	struct cl_contact c;
	char text[16];

	cl_contact_init(&c, p ? &p->id : NULL);
	snprintf(text, sizeof(text), "%ld", minutes);
	if (cl_contact_field_set(&c, "occurred_at", at, &err) ||
	    cl_contact_field_set(&c, "minutes", text, &err) ||
	    cl_contact_log(db, &c, NULL, 0, &err))
		fail_msg("contact: %s", err.message);
}

struct minutes_seen {
	int n;
	struct cl_bh_minutes_row rows[4];
};

static int seen_row(const struct cl_bh_minutes_row *r, void *arg)
{
	struct minutes_seen *m = arg;

	if (m->n < 4)
		m->rows[m->n++] = *r;
	return 0;
}

/* Enrollment and minutes: only contacts while enrolled count; the first month is 99492's. */
static void enrollment_and_minutes(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_bh_enrollment e, again;
	struct minutes_seen m = { 0 };
	struct cl_patient p;

	add_patient(db, "BH-1", &p);
	cl_bh_enrollment_init(&e, db, &p.id);
	assert_int_equal(
		cl_field_set(cl_bh_enrollment_fields, &e, "enrolled_on", "2026-03-10", &err),
		CL_OK);
	assert_int_equal(cl_field_set(cl_bh_enrollment_fields, &e, "care_manager", "", &err),
			 CL_OK);
	assert_int_equal(
		cl_field_set(cl_bh_enrollment_fields, &e, "psychiatrist", "Dr. Rivera", &err),
		CL_OK);
	assert_int_equal(cl_bh_enrollment_save(db, &e, &err), CL_OK);
	cl_bh_enrollment_init(&again, db, &p.id);
	again.care_manager[0] = '\0';
	assert_int_equal(cl_bh_enrollment_save(db, &again, &err), CL_EEXIST);
	/* A disenrollment before the enrollment is refused, naming the field. */
	assert_int_equal(
		cl_field_set(cl_bh_enrollment_fields, &e, "disenrolled_on", "2026-03-01", &err),
		CL_EINVAL);
	assert_string_equal(err.field, "disenrolled_on");

	add_contact(db, &p, "2026-03-09T10:00", 30); /* before enrolling: not counted */
	add_contact(db, &p, "2026-03-10T09:00", 40);
	add_contact(db, &p, "2026-03-31T23:30", 30);
	add_contact(db, &p, "2026-04-01T08:00", 60);
	assert_int_equal(cl_bh_minutes(db, "2026-03", seen_row, &m, &err), CL_OK);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.rows[0].minutes, 70);
	assert_int_equal(m.rows[0].contacts, 2);
	assert_true(m.rows[0].first_month);
	assert_string_equal(m.rows[0].codes, "99492");
	m.n = 0;
	assert_int_equal(cl_bh_minutes(db, "2026-04", seen_row, &m, &err), CL_OK);
	assert_int_equal(m.n, 1);
	assert_false(m.rows[0].first_month);
	assert_string_equal(m.rows[0].codes, "99493");
	assert_int_equal(cl_bh_minutes(db, "2026-13", seen_row, &m, &err), CL_EINVAL);

	/* Disenrolled on April 1st: May has no row. */
	assert_int_equal(cl_bh_enrollment_current(db, &p.id, &e, &err), CL_OK);
	assert_string_equal(e.psychiatrist, "Dr. Rivera");
	assert_int_equal(
		cl_field_set(cl_bh_enrollment_fields, &e, "disenrolled_on", "2026-04-01", &err),
		CL_OK);
	assert_int_equal(cl_bh_enrollment_save(db, &e, &err), CL_OK);
	assert_int_equal(cl_bh_enrollment_current(db, &p.id, &e, &err), CL_ENOTFOUND);
	m.n = 0;
	assert_int_equal(cl_bh_minutes(db, "2026-05", seen_row, &m, &err), CL_OK);
	assert_int_equal(m.n, 0);
}

/* Save a completed PHQ-9 of total points (item 9 "not at all") on date for patient p. */
static void phq9_on(struct cl_db *db, const struct cl_patient *p, const char *date, int total)
{
	struct cl_error err = { 0 };
	struct cl_screening *s;

	assert_int_equal(cl_screening_start(db, &p->id, "phq-9", &s, &err), CL_OK);
	snprintf(s->screened_on, sizeof(s->screened_on), "%s", date);
	for (int q = 0; q < 9; q++) {
		int pts = q == 8 ? 0 : (total > 3 ? 3 : total);

		total -= pts;
		assert_int_equal(cl_screening_answer(s, q, &pts, 1, &err), CL_OK);
	}
	assert_int_equal(cl_screening_complete(db, s, &err), CL_OK);
	cl_screening_free(s);
}

static void enroll(struct cl_db *db, const struct cl_patient *p, const char *on)
{
	struct cl_error err = { 0 };
	struct cl_bh_enrollment e;

	cl_bh_enrollment_init(&e, db, &p->id);
	e.care_manager[0] = '\0';
	snprintf(e.enrolled_on, sizeof(e.enrolled_on), "%s", on);
	if (cl_bh_enrollment_save(db, &e, &err))
		fail_msg("enroll: %s", err.message);
}

/* Safety flags first, then not improving, then overdue contact. */
static void registry_order(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_bh_registry_row rows[8];
	struct cl_patient a, b, c, d;
	struct cl_screening *s;
	int n, answer = 1;

	add_patient(db, "R-A", &a); /* responding, recent contact */
	add_patient(db, "R-B", &b); /* not improving after 12 weeks */
	add_patient(db, "R-C", &c); /* safety flag */
	add_patient(db, "R-D", &d); /* contact overdue */
	enroll(db, &a, "2026-05-01");
	enroll(db, &b, "2026-03-01");
	enroll(db, &c, "2026-06-01");
	enroll(db, &d, "2026-05-01");
	phq9_on(db, &a, "2026-05-01", 16);
	phq9_on(db, &a, "2026-06-10", 6);
	phq9_on(db, &b, "2026-03-01", 16);
	phq9_on(db, &b, "2026-06-01", 14);
	add_contact(db, &a, "2026-06-10T10:00", 10);
	add_contact(db, &b, "2026-06-14T10:00", 10);
	add_contact(db, &c, "2026-06-14T10:00", 10);
	assert_int_equal(cl_screening_start(db, &c.id, "phq-9", &s, &err), CL_OK);
	assert_int_equal(cl_screening_answer(s, 8, &answer, 1, &err), CL_OK);
	assert_int_equal(cl_screening_complete(db, s, &err), CL_OK);
	cl_screening_free(s);

	assert_int_equal(cl_bh_registry(db, "2026-06-15", rows, 8, &n, &err), CL_OK);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].mrn, "R-C");
	assert_true(rows[0].safety);
	assert_string_equal(rows[1].mrn, "R-B");
	assert_true(rows[1].review);
	assert_int_equal(rows[1].phq9.weeks, 15);
	assert_string_equal(rows[2].mrn, "R-D");
	assert_true(rows[2].contact_overdue);
	assert_string_equal(rows[2].next_contact, "2026-05-15");
	assert_string_equal(rows[3].mrn, "R-A");
	assert_true(rows[3].phq9.response);
	assert_int_equal(rows[3].phq9.baseline, 16);
	assert_int_equal(rows[3].phq9.last, 6);
	assert_string_equal(rows[3].next_contact, "2026-06-24");
}

static void protocol_setting(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	char text[700];

	cl_setting_text(db, "safety_protocol", text, sizeof(text));
	assert_non_null(strstr(text, "988"));
	assert_int_equal(
		cl_setting_set_text(db, "safety_protocol", "Call Dr. Lee at 555-0100.", &err),
		CL_OK);
	assert_string_equal(cl_setting_text(db, "safety_protocol", text, sizeof(text)),
			    "Call Dr. Lee at 555-0100.");
	/* Cleared: the default again. */
	assert_int_equal(cl_setting_set_text(db, "safety_protocol", "", &err), CL_OK);
	assert_non_null(strstr(cl_setting_text(db, "safety_protocol", text, sizeof(text)), "988"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(phq9_bands, setup, teardown),
		cmocka_unit_test_setup_teardown(gad7_bands, setup, teardown),
		cmocka_unit_test_setup_teardown(phq2_bands, setup, teardown),
		cmocka_unit_test_setup_teardown(instruments_as_data, setup, teardown),
		cmocka_unit_test_setup_teardown(partial_has_no_total, setup, teardown),
		cmocka_unit_test_setup_teardown(item9_each_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(safety_flag_clears_with_task, setup, teardown),
		cmocka_unit_test(progress_rules),
		cmocka_unit_test(scores_since_enrollment),
		cmocka_unit_test(cpt_codes_at_thresholds),
		cmocka_unit_test_setup_teardown(enrollment_and_minutes, setup, teardown),
		cmocka_unit_test_setup_teardown(registry_order, setup, teardown),
		cmocka_unit_test_setup_teardown(protocol_setting, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
