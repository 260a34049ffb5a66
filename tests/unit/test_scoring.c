/* The rule engine over the AHC HRSN seed data, and a second instrument defined only in SQL. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"

struct fixture {
	struct cl_db *db;
	struct cl_instrument *ahc;
};

static int setup(void **state)
{
	static struct fixture f;
	struct cl_error err = { 0 };

	if (cl_db_open(":memory:", 0, &f.db, &err))
		return -1;
	if (cl_instrument_load(f.db, "ahc-hrsn", &f.ahc, &err)) {
		fprintf(stderr, "load: %s\n", err.message);
		return -1;
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cl_instrument_free(f->ahc);
	cl_db_close(f->db);
	return 0;
}

/* ---- the seed data ---- */

static void ahc_shape(void **state)
{
	static const char *const loinc[] = {
		"71802-3", "96778-6", "88122-7", "88123-5", "93030-5",
		"96779-4", "95618-5", "95617-7", "95616-9", "95615-1"
	};
	static const int noptions[] = { 3, 8, 3, 3, 2, 3, 5, 5, 5, 5 };
	static const char *const domains[] = { "housing",	 "housing-quality", "food",
					       "transportation", "utilities",	    "safety" };
	static const char *const gravity[] = { "housing-instability", "inadequate-housing",
					       "food-insecurity",     "transportation-insecurity",
					       "utility-insecurity",  "intimate-partner-violence" };
	const struct cl_instrument *in = ((struct fixture *)*state)->ahc;
	int q, o, d;

	assert_string_equal(in->loinc, "96777-8");
	assert_int_equal(in->nquestions, 10);
	assert_int_equal(in->ndomains, 6);
	for (d = 0; d < 6; d++) {
		assert_string_equal(in->domains[d].code, domains[d]);
		assert_string_equal(in->domains[d].sdoh_category, gravity[d]);
		assert_true(in->domains[d].name[CL_LANG_ES][0]);
		/* Only interpersonal safety is sensitive. */
		assert_int_equal(in->domains[d].sensitive, d == 5);
	}
	for (q = 0; q < 10; q++) {
		const struct cl_question *question = &in->questions[q];

		assert_string_equal(question->loinc, loinc[q]);
		assert_int_equal(question->noptions, noptions[q]);
		assert_int_equal(question->kind,
				 q == 1 ? CL_QUESTION_MULTIPLE : CL_QUESTION_SINGLE);
		/* Spanish text for every question and every answer. */
		assert_true(strlen(question->text[CL_LANG_EN]) > 10);
		assert_true(strlen(question->text[CL_LANG_ES]) > 10);
		assert_string_not_equal(question->text[CL_LANG_EN], question->text[CL_LANG_ES]);
		for (o = 0; o < question->noptions; o++) {
			assert_true(question->options[o].text[CL_LANG_EN][0]);
			assert_true(question->options[o].text[CL_LANG_ES][0]);
			assert_true(strncmp(question->options[o].code, "LA", 2) == 0);
		}
	}
	/* The published wording, and the answers' LA codes in published order. */
	assert_string_equal(in->questions[0].text[CL_LANG_EN],
			    "What is your living situation today?");
	assert_string_equal(in->questions[6].text[CL_LANG_EN],
			    "How often does anyone, including family and friends, physically hurt "
			    "you?");
	assert_true(strstr(in->questions[6].intro[CL_LANG_EN], "violence and abuse"));
	assert_true(strstr(in->questions[2].intro[CL_LANG_EN], "OFTEN, SOMETIMES, or NEVER"));
	assert_string_equal(in->questions[1].options[7].code, "LA9-3");
	assert_true(in->questions[1].options[7].exclusive);
	assert_string_equal(in->questions[5].options[2].code, "LA32002-0");
	/* Never 1 .. frequently 5. */
	for (o = 0; o < 5; o++)
		assert_int_equal(in->questions[9].options[o].points, o + 1);
	assert_int_equal(cl_instrument_question(in, "q7"), 6);
	assert_int_equal(cl_instrument_question(in, "95618-5"), 6);
	assert_int_equal(cl_instrument_question(in, "q11"), -1);
}

/* ---- the engine, over a table of answer sets ---- */

/*
 * answers: one cell per question, as in a CSV import: LA codes (';' between several), "" for
 * unanswered, "-" for skipped. expect: one letter per domain (housing, housing-quality, food,
 * transportation, utilities, safety): P positive, N negative, I incomplete.
 */
struct scoring_case {
	const char *name;
	const char *answers[10];
	const char *expect;
	bool review;
};

#define NEVER  "LA6270-8"
#define RARELY "LA10066-1"
#define SOMET  "LA10082-8"
#define FAIRLY "LA16644-9"
#define FREQ   "LA6482-9"
#define ALL_NEGATIVE_EXCEPT_SAFETY \
	"LA31993-1", "LA9-3", "LA28398-8", "LA28398-8", "LA32-8", "LA32-8"

static const struct scoring_case cases[] = {
	{ "all negative",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, NEVER, NEVER, NEVER, NEVER },
	  "NNNNNN",
	  false },
	{ "q1 worried about losing it",
	  { "LA31994-9", "LA9-3", "LA28398-8", "LA28398-8", "LA32-8", "LA32-8", NEVER, NEVER, NEVER,
	    NEVER },
	  "PNNNNN",
	  false },
	{ "q1 no steady place",
	  { "LA31995-6", "LA9-3", "LA28398-8", "LA28398-8", "LA32-8", "LA32-8", NEVER, NEVER, NEVER,
	    NEVER },
	  "PNNNNN",
	  false },
	{ "q2 pests",
	  { "LA31993-1", "LA31996-4", "LA28398-8", "LA28398-8", "LA32-8", "LA32-8", NEVER, NEVER,
	    NEVER, NEVER },
	  "NPNNNN",
	  false },
	{ "q2 mold and water leaks",
	  { "LA31993-1", "LA28580-1;LA32001-2", "LA28398-8", "LA28398-8", "LA32-8", "LA32-8", NEVER,
	    NEVER, NEVER, NEVER },
	  "NPNNNN",
	  false },
	{ "q2 none of the above ticked with another box",
	  { "LA31993-1", "LA9-3;LA31998-0", "LA28398-8", "LA28398-8", "LA32-8", "LA32-8", NEVER,
	    NEVER, NEVER, NEVER },
	  "NPNNNN",
	  false },
	{ "q3 often true",
	  { "LA31993-1", "LA9-3", "LA28397-0", "LA28398-8", "LA32-8", "LA32-8", NEVER, NEVER, NEVER,
	    NEVER },
	  "NNPNNN",
	  false },
	{ "q4 sometimes true",
	  { "LA31993-1", "LA9-3", "LA28398-8", "LA6729-3", "LA32-8", "LA32-8", NEVER, NEVER, NEVER,
	    NEVER },
	  "NNPNNN",
	  false },
	{ "q3 sometimes, q4 skipped: already positive",
	  { "LA31993-1", "LA9-3", "LA6729-3", "-", "LA32-8", "LA32-8", NEVER, NEVER, NEVER, NEVER },
	  "NNPNNN",
	  false },
	{ "q3 never, q4 skipped: incomplete",
	  { "LA31993-1", "LA9-3", "LA28398-8", "-", "LA32-8", "LA32-8", NEVER, NEVER, NEVER,
	    NEVER },
	  "NNINNN",
	  false },
	{ "q5 yes",
	  { "LA31993-1", "LA9-3", "LA28398-8", "LA28398-8", "LA33-6", "LA32-8", NEVER, NEVER, NEVER,
	    NEVER },
	  "NNNPNN",
	  false },
	{ "q6 yes",
	  { "LA31993-1", "LA9-3", "LA28398-8", "LA28398-8", "LA32-8", "LA33-6", NEVER, NEVER, NEVER,
	    NEVER },
	  "NNNNPN",
	  false },
	{ "q6 already shut off",
	  { "LA31993-1", "LA9-3", "LA28398-8", "LA28398-8", "LA32-8", "LA32002-0", NEVER, NEVER,
	    NEVER, NEVER },
	  "NNNNPN",
	  false },
	{ "safety sum 10 is negative",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, NEVER, SOMET, SOMET, SOMET },
	  "NNNNNN",
	  false },
	{ "safety sum 11 is positive",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, NEVER, SOMET, SOMET, FAIRLY },
	  "NNNNNP",
	  false },
	{ "safety sum 20", { ALL_NEGATIVE_EXCEPT_SAFETY, FREQ, FREQ, FREQ, FREQ }, "NNNNNP", true },
	{ "q7 rarely: negative sum, but review with clinician",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, RARELY, NEVER, NEVER, NEVER },
	  "NNNNNN",
	  true },
	{ "q7 never, others high: positive without the review flag",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, NEVER, FREQ, FREQ, FREQ },
	  "NNNNNP",
	  false },
	{ "safety 11 reached with q10 unanswered",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, SOMET, FREQ, SOMET, "" },
	  "NNNNNP",
	  true },
	/* A sum over q7-q10 with a blank is incomplete, never negative (issue 8). */
	{ "safety 3 with q10 skipped: incomplete, not negative",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, NEVER, NEVER, NEVER, "-" },
	  "NNNNNI",
	  false },
	{ "safety 3 with q10 unanswered: incomplete",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, NEVER, NEVER, NEVER, "" },
	  "NNNNNI",
	  false },
	{ "safety q7 alone skipped, the rest never: incomplete",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, "-", NEVER, NEVER, NEVER },
	  "NNNNNI",
	  false },
	{ "safety 10 with q10 skipped: incomplete",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, FAIRLY, SOMET, SOMET, "-" },
	  "NNNNNI",
	  true },
	{ "safety 11 reached by three answers, q8 skipped: positive",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, FAIRLY, "-", FAIRLY, SOMET },
	  "NNNNNP",
	  true },
	{ "safety only q7 answered, frequently: incomplete (5 of 11), review",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, FREQ, "", "", "" },
	  "NNNNNI",
	  true },
	{ "safety 10 with two unanswered could still reach 11",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, FREQ, FREQ, "", "" },
	  "NNNNNI",
	  true },
	{ "safety all skipped: incomplete",
	  { ALL_NEGATIVE_EXCEPT_SAFETY, "-", "-", "-", "-" },
	  "NNNNNI",
	  false },
	{ "nothing answered", { "", "", "", "", "", "", "", "", "", "" }, "IIIIII", false },
	{ "only housing answered",
	  { "LA31995-6", "", "", "", "", "", "", "", "", "" },
	  "PIIIII",
	  false },
	{ "everything positive",
	  { "LA31995-6", "LA31996-4;LA28580-1;LA31997-2;LA31998-0;LA31999-8;LA32000-4;LA32001-2",
	    "LA28397-0", "LA28397-0", "LA33-6", "LA33-6", FREQ, FREQ, FREQ, FREQ },
	  "PPPPPP",
	  true },
};

static char letter(enum cl_domain_result r)
{
	return r == CL_DOMAIN_POSITIVE ? 'P' : r == CL_DOMAIN_NEGATIVE ? 'N' : 'I';
}

/* Fill a screening from a case's cells through the public API. */
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

static void scoring_table(void **state)
{
	struct fixture *f = *state;
	struct cl_id patient = { { 1 } };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cl_screening *s;
		struct cl_error err = { 0 };
		struct cl_score score;
		char got[7] = "";

		assert_int_equal(cl_screening_new(f->ahc, &patient, &s, &err), CL_OK);
		fill(s, cases[i].answers);
		cl_screening_score(s, &score);
		for (int d = 0; d < 6; d++)
			got[d] = letter(score.domain[d]);
		if (strcmp(got, cases[i].expect) != 0 || score.review != cases[i].review)
			fail_msg("%s: got %s review %d, expected %s review %d", cases[i].name, got,
				 score.review, cases[i].expect, cases[i].review);
		cl_screening_free(s);
	}
}

static void answer_counts(void **state)
{
	struct fixture *f = *state;
	struct cl_id patient = { { 1 } };
	struct cl_error err = { 0 };
	struct cl_screening *s;
	struct cl_score score;

	assert_int_equal(cl_screening_new(f->ahc, &patient, &s, &err), CL_OK);
	fill(s, (const char *const[]){ "LA31993-1", "-", "", "", "LA33-6", "", "", "", "", "" });
	cl_screening_score(s, &score);
	assert_int_equal(score.answered, 2);
	assert_int_equal(score.skipped, 1);
	assert_int_equal(score.unanswered, 7);
	assert_int_equal(score.npositive, 1);
	cl_screening_free(s);
}

/* Bad answers are refused, and leave the answer as it was. */
static void answer_checks(void **state)
{
	struct fixture *f = *state;
	struct cl_id patient = { { 1 } };
	struct cl_error err = { 0 };
	struct cl_screening *s;
	int two[2] = { 0, 1 }, bad = 9;

	assert_int_equal(cl_screening_new(f->ahc, &patient, &s, &err), CL_OK);
	/* Single choice takes one. */
	assert_int_equal(cl_screening_answer(s, 0, two, 2, &err), CL_EINVAL);
	assert_string_equal(err.field, "answer");
	assert_int_equal(cl_screening_answer(s, 0, &bad, 1, &err), CL_EINVAL);
	assert_int_equal(s->answers[0].state, CL_ANSWER_NONE);
	/* An unknown code names the question, never the text typed. */
	assert_int_equal(cl_screening_answer_codes(s, 2, "LA-BOGUS-1", &err), CL_EINVAL);
	assert_null(strstr(err.message, "BOGUS"));
	assert_non_null(strstr(err.message, "88122-7"));
	/* A code of another question is not an answer to this one. */
	assert_int_equal(cl_screening_answer_codes(s, 0, "LA33-6", &err), CL_EINVAL);
	assert_int_equal(cl_screening_answer_codes(s, 1, "LA31996-4;LA31996-4", &err), CL_EINVAL);
	assert_int_equal(cl_screening_answer_codes(s, 1, " LA31996-4 ; LA28580-1 ", &err), CL_OK);
	assert_int_equal(s->answers[1].chosen, 3u);
	assert_int_equal(cl_screening_answer(s, 10, &bad, 1, &err), CL_EINVAL);
	cl_screening_free(s);
}

/* The interface's ticking of "all that apply": "none of the above" is exclusive. */
static void toggle_exclusive(void **state)
{
	struct fixture *f = *state;
	struct cl_id patient = { { 1 } };
	struct cl_error err = { 0 };
	struct cl_screening *s;
	struct cl_score score;

	assert_int_equal(cl_screening_new(f->ahc, &patient, &s, &err), CL_OK);
	assert_int_equal(cl_screening_toggle(s, 0, 1, &err), CL_EINVAL); /* single choice */
	assert_int_equal(cl_screening_toggle(s, 1, 0, &err), CL_OK);	 /* pests */
	assert_int_equal(cl_screening_toggle(s, 1, 1, &err), CL_OK);	 /* mold */
	assert_int_equal(s->answers[1].chosen, 3u);
	assert_int_equal(cl_screening_toggle(s, 1, 7, &err), CL_OK); /* none: clears the others */
	assert_int_equal(s->answers[1].chosen, 1u << 7);
	cl_screening_score(s, &score);
	assert_int_equal(score.domain[1], CL_DOMAIN_NEGATIVE);
	assert_int_equal(cl_screening_toggle(s, 1, 3, &err), CL_OK); /* heat: clears none */
	assert_int_equal(s->answers[1].chosen, 1u << 3);
	assert_int_equal(cl_screening_toggle(s, 1, 3, &err), CL_OK); /* untick the last box */
	assert_int_equal(s->answers[1].state, CL_ANSWER_NONE);
	cl_screening_score(s, &score);
	assert_int_equal(score.domain[1], CL_DOMAIN_INCOMPLETE);
	cl_screening_free(s);
}

/* Going back to change an answer: the cursor moves back, answering again replaces it. */
static void back_and_change(void **state)
{
	struct fixture *f = *state;
	struct cl_id patient = { { 1 } };
	struct cl_error err = { 0 };
	struct cl_screening *s;
	struct cl_score score;
	int steady = 0, worried = 1;

	assert_int_equal(cl_screening_new(f->ahc, &patient, &s, &err), CL_OK);
	assert_int_equal(s->current, 0);
	assert_int_equal(cl_screening_answer(s, 0, &worried, 1, &err), CL_OK);
	assert_int_equal(s->current, 1);
	assert_int_equal(cl_screening_skip(s, 1, &err), CL_OK);
	assert_int_equal(s->current, 2);
	assert_int_equal(cl_screening_back(s), 1);
	assert_int_equal(cl_screening_back(s), 0);
	assert_int_equal(cl_screening_back(s), 0);
	cl_screening_score(s, &score);
	assert_int_equal(score.domain[0], CL_DOMAIN_POSITIVE);
	assert_int_equal(cl_screening_answer(s, 0, &steady, 1, &err), CL_OK);
	cl_screening_score(s, &score);
	assert_int_equal(score.domain[0], CL_DOMAIN_NEGATIVE);
	assert_int_equal(s->answers[1].state, CL_ANSWER_SKIPPED);
	cl_screening_free(s);
}

/* ---- a second instrument, only as data ---- */

static const char mini_sql[] =
	"INSERT INTO instrument (id, code, name_en, name_es) VALUES "
	" (randomblob(16), 'mini', 'Mini tool', 'Herramienta mini');"
	"INSERT INTO screening_domain (id, instrument_id, ordinal, code, name_en, name_es, "
	" sdoh_category, sensitive) VALUES "
	" (randomblob(16), (SELECT id FROM instrument WHERE code = 'mini'), 1, 'food', 'Food', "
	"  'Comida', 'food-insecurity', 0),"
	" (randomblob(16), (SELECT id FROM instrument WHERE code = 'mini'), 2, 'stress', "
	"  'Stress', 'Estrés', 'stress', 0);"
	"INSERT INTO question (id, instrument_id, ordinal, code, domain_code, kind, text_en, "
	" text_es) VALUES "
	" (randomblob(16), (SELECT id FROM instrument WHERE code = 'mini'), 1, 'M1', 'food', "
	"  'single', 'Did you skip meals?', '¿Se saltó comidas?'),"
	" (randomblob(16), (SELECT id FROM instrument WHERE code = 'mini'), 2, 'M2', 'stress', "
	"  'single', 'Stress at home?', '¿Estrés en casa?'),"
	" (randomblob(16), (SELECT id FROM instrument WHERE code = 'mini'), 3, 'M3', 'stress', "
	"  'multiple', 'Worries?', '¿Preocupaciones?');"
	"CREATE TEMP VIEW mini_q AS SELECT q.id, q.code FROM question q JOIN instrument i "
	" ON i.id = q.instrument_id WHERE i.code = 'mini';"
	"INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points) "
	"VALUES "
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M1'), 1, 'Y', 'Yes', 'Sí', 0),"
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M1'), 2, 'N', 'No', 'No', 0),"
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M2'), 1, 'LOW', 'Low', 'Bajo', 0),"
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M2'), 2, 'MID', 'Some', 'Algo', 1),"
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M2'), 3, 'HIGH', 'High', 'Alto', 2),"
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M3'), 1, 'RENT', 'Rent', 'Renta', 1),"
	" (randomblob(16), (SELECT id FROM mini_q WHERE code = 'M3'), 2, 'JOB', 'Job', 'Empleo', 1);"
	"INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold) VALUES "
	" (X'00000000000000000000000000000a01', (SELECT id FROM instrument WHERE code = 'mini'), "
	"  'food', 'any_answer', 0),"
	" (X'00000000000000000000000000000a02', (SELECT id FROM instrument WHERE code = 'mini'), "
	"  'stress', 'points_at_least', 3);"
	"INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES "
	" (X'00000000000000000000000000000a01', 'M1', 'Y'),"
	" (X'00000000000000000000000000000a02', 'M2', NULL),"
	" (X'00000000000000000000000000000a02', 'M3', NULL);"
	"DROP VIEW mini_q;";

static void second_instrument(void **state)
{
	static const struct {
		const char *m1, *m2, *m3, *expect;
	} table[] = {
		{ "Y", "LOW", "", "PI" },	  /* stress: 0, M3 blank: incomplete */
		{ "Y", "", "RENT;JOB", "PI" },	  /* 2, M2 blank: incomplete */
		{ "Y", "", "RENT", "PI" },	  /* 1, M2 blank: incomplete */
		{ "N", "LOW", "RENT;JOB", "NN" }, /* 0 + 2 */
		{ "N", "MID", "RENT;JOB", "NP" }, /* 1 + 2 = 3 */
		{ "N", "HIGH", "JOB", "NP" },	  /* 2 + 1 */
		{ "N", "HIGH", "", "NI" },	  /* 2 + up to 2 */
		{ "", "LOW", "RENT", "IN" },	  /* 0 + 1 */
	};
	struct fixture *f = *state;
	struct cl_id patient = { { 1 } };
	struct cl_error err = { 0 };
	struct cl_instrument *mini = NULL;
	struct cl_instrument_info list[8];
	int n = 0;

	assert_int_equal(cl_db_exec(f->db, mini_sql, &err), CL_OK);
	assert_int_equal(cl_instrument_load(f->db, "mini", &mini, &err), CL_OK);
	assert_int_equal(mini->nquestions, 3);
	assert_int_equal(mini->nrules, 2);
	/* By code: the AHC tool, the behavioral ones (schema 17) and this one. */
	assert_int_equal(cl_instrument_list(f->db, list, 8, &n, &err), CL_OK);
	assert_int_equal(n, 5);
	assert_string_equal(list[0].code, "ahc-hrsn");
	assert_int_equal(list[0].nquestions, 10);
	assert_string_equal(list[1].code, "gad-7");
	assert_string_equal(list[2].code, "mini");
	assert_string_equal(list[3].code, "phq-2");
	assert_string_equal(list[4].code, "phq-9");
	assert_int_equal(list[4].nquestions, 9);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const char *cells[3] = { table[i].m1, table[i].m2, table[i].m3 };
		struct cl_screening *s;
		struct cl_score score;
		char got[3] = "";

		assert_int_equal(cl_screening_new(mini, &patient, &s, &err), CL_OK);
		for (int q = 0; q < 3; q++)
			if (cells[q][0])
				assert_int_equal(cl_screening_answer_codes(s, q, cells[q], &err),
						 CL_OK);
		cl_screening_score(s, &score);
		got[0] = letter(score.domain[0]);
		got[1] = letter(score.domain[1]);
		if (strcmp(got, table[i].expect) != 0)
			fail_msg("row %zu: got %s, expected %s", i, got, table[i].expect);
		assert_false(score.review);
		cl_screening_free(s);
	}
	cl_instrument_free(mini);

	/* A rule naming an answer the question does not have is refused at load. */
	assert_int_equal(cl_db_exec(f->db,
				    "UPDATE scoring_rule_term SET answer_code = 'MAYBE' "
				    "WHERE rule_id = X'00000000000000000000000000000a01'",
				    &err),
			 CL_OK);
	assert_int_equal(cl_instrument_load(f->db, "mini", &mini, &err), CL_EINVAL);
	assert_null(mini);
	assert_int_equal(cl_instrument_load(f->db, "nonesuch", &mini, &err), CL_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ahc_shape),	     cmocka_unit_test(scoring_table),
		cmocka_unit_test(answer_counts),     cmocka_unit_test(answer_checks),
		cmocka_unit_test(toggle_exclusive),  cmocka_unit_test(back_and_change),
		cmocka_unit_test(second_instrument),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
