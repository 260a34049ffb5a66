#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "demo_rng.h"
#include "demo_screening.h"
#include "instrument.h"
#include "scoring.h"

/*
 * Speed: as the care-plan generator (demo_careplan.c), patients are visited in id order in
 * batches, one transaction each, with time-ordered ids for the new rows (their indexes grow at
 * the end), foreign-key checks and per-commit syncs off while generating, and one audit row a
 * batch. A screening is scored in memory by the rule engine, and the derived rows are written
 * once a patient, from what was generated. Measured (2 cores): screening 60% of 1,000,000
 * patients (720,000 screenings, 12 million rows) took 76 s, longer than making the patients;
 * so a run screens at most SCREENED_MAX patients, the first in id order (ids are random, so
 * they are a random sample): every demo up to ~160,000 patients is screened in full.
 */
#define INSTRUMENT     "ahc-hrsn"
#define BATCH_PATIENTS 20000
#define SCREENED_PCT   60
#define TWICE_PCT      20 /* of the screened: an older screening too */
#define DECLINED_PCT   7
#define PARTIAL_PCT    10
#define CACHE_KIB      262144
#define SCREENED_MAX   100000

static const char sql_patients[] = "SELECT p.id, p.language, p.care_manager_id FROM patient p "
				   "JOIN screening_status st ON st.patient_id = p.id "
				   "WHERE p.id > ?1 AND st.last_on = '' ORDER BY p.id LIMIT ?2";
static const char sql_screening[] =
	"INSERT INTO screening (id, patient_id, instrument_id, screened_on, status, language, "
	"screened_by, review, source, created_at, updated_at, updated_by, version) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'interface', ?9, ?9, ?10, 1)";
static const char sql_answer[] = "INSERT INTO screening_answer (screening_id, question_id, "
				 "answer_option_id) VALUES (?1, ?2, ?3)";
static const char sql_result[] =
	"INSERT INTO screening_result (screening_id, domain_id, result) VALUES (?1, ?2, ?3)";
static const char sql_status[] = "UPDATE screening_status SET last_on = ?2, last_id = ?3, "
				 "scored_id = ?4 WHERE patient_id = ?1";
static const char sql_positive[] =
	"INSERT INTO screening_positive (domain_code, patient_id, screened_on, screening_id, "
	"sensitive) VALUES (?1, ?2, ?3, ?4, ?5)";

struct patient_seed {
	struct cl_id id;
	bool spanish;
	bool has_cm;
	struct cl_id cm;
};

/* One generated screening, in memory until written. */
struct generated {
	struct cl_id id;
	char on[CL_DATE_LEN];
	bool declined;
	struct cl_answer answers[CL_INSTRUMENT_MAX_QUESTIONS];
	struct cl_score score;
};

struct gen {
	const struct cl_instrument *in;
	uint64_t counter; /* the time-ordered part of new ids */
	struct cl_demo_rng ids;
	char today[CL_DATE_LEN], now[32];
	const char *user;
	struct cl_demo_screening_stats stats;
};

static void new_id(struct gen *g, struct cl_id *id)
{
	uint64_t c = g->counter++, x = cl_demo_rng_next(&g->ids);

	for (int i = 0; i < 6; i++)
		id->bytes[i] = (unsigned char)(c >> (8 * (5 - i)));
	for (int i = 6; i < 16; i++)
		id->bytes[i] = (unsigned char)(x >> (8 * (i % 8)));
	id->bytes[6] = (unsigned char)((id->bytes[6] & 0x0f) | 0x70);
	id->bytes[8] = (unsigned char)((id->bytes[8] & 0x3f) | 0x80);
}

static void give(struct cl_answer *a, int option)
{
	if (option < 0)
		return;
	a->state = CL_ANSWER_GIVEN;
	a->chosen |= UINT32_C(1) << option;
}

/* The patient's needs, rolled once so that the answers of one screening agree. */
struct needs {
	int housing; /* 0 steady, 1 worried, 2 no steady place */
	bool quality, food, transport, utilities;
	int safety; /* 0 none, 1 some, 2 a lot (over the cut-off) */
};

static void roll_needs(struct cl_demo_rng *r, struct needs *n)
{
	long h = cl_demo_rng_range(r, 0, 99);

	n->housing = h < 82 ? 0 : h < 94 ? 1 : 2;
	n->quality = cl_demo_rng_percent(r, 22);
	n->food = cl_demo_rng_percent(r, 25);
	n->transport = cl_demo_rng_percent(r, 16);
	n->utilities = cl_demo_rng_percent(r, 11);
	h = cl_demo_rng_range(r, 0, 99);
	n->safety = h < 88 ? 0 : h < 96 ? 1 : 2;
}

/* Answer question q as a patient with these needs would (AHC HRSN codes; else option 0). */
static void answer(struct cl_demo_rng *r, const struct cl_question *q, const struct needs *n,
		   bool sensitive, struct cl_answer *a)
{
	const char *code = q->code;

	memset(a, 0, sizeof(*a));
	if (strcmp(code, "71802-3") == 0) {
		give(a, cl_question_option(q, n->housing == 0	? "LA31993-1"
					      : n->housing == 1 ? "LA31994-9"
								: "LA31995-6"));
	} else if (strcmp(code, "96778-6") == 0) {
		if (!n->quality) {
			give(a, cl_question_option(q, "LA9-3"));
		} else {
			long k = cl_demo_rng_range(r, 1, 2);

			for (long i = 0; i < k; i++) {
				int o = (int)cl_demo_rng_range(r, 0, q->noptions - 1);

				if (!q->options[o].exclusive)
					give(a, o);
			}
			if (!a->chosen)
				give(a, 0);
		}
	} else if (strcmp(code, "88122-7") == 0 || strcmp(code, "88123-5") == 0) {
		/* often, sometimes, never true; the first question carries the need */
		static const char *const often[] = { "LA28397-0", "LA6729-3", "LA28398-8" };
		long worst = strcmp(code, "88122-7") == 0 ? 1 : 2;

		give(a, cl_question_option(q, n->food ? often[cl_demo_rng_range(r, 0, worst)]
						      : often[2]));
	} else if (strcmp(code, "93030-5") == 0) {
		give(a, cl_question_option(q, n->transport ? "LA33-6" : "LA32-8"));
	} else if (strcmp(code, "96779-4") == 0) {
		give(a, cl_question_option(q, !n->utilities		   ? "LA32-8"
					      : cl_demo_rng_percent(r, 70) ? "LA33-6"
									   : "LA32002-0"));
	} else if (sensitive && q->kind == CL_QUESTION_SINGLE) {
		/* never .. frequently: none, some (below the cut-off), a lot */
		int lo = n->safety == 2 ? 2 : 0, hi = n->safety == 0 ? 0 : n->safety == 1 ? 2 : 4;

		give(a, (int)cl_demo_rng_range(r, lo, hi < q->noptions ? hi : q->noptions - 1));
	} else {
		give(a, 0);
	}
	if (a->state == CL_ANSWER_GIVEN && !a->chosen)
		a->state = CL_ANSWER_NONE;
}

static void generate(struct gen *g, struct cl_demo_rng *r, const struct needs *n, long days_back,
		     struct generated *s)
{
	const struct cl_instrument *in = g->in;

	memset(s, 0, sizeof(*s));
	new_id(g, &s->id);
	cl_date_add_days(g->today, -days_back, s->on);
	s->declined = cl_demo_rng_percent(r, DECLINED_PCT);
	if (s->declined)
		return;
	for (int q = 0; q < in->nquestions; q++)
		answer(r, &in->questions[q], n, in->domains[in->questions[q].domain].sensitive,
		       &s->answers[q]);
	if (cl_demo_rng_percent(r, PARTIAL_PCT)) {
		long k = cl_demo_rng_range(r, 1, 2);

		for (long i = 0; i < k; i++) {
			struct cl_answer *a =
				&s->answers[cl_demo_rng_range(r, 0, in->nquestions - 1)];

			a->state = CL_ANSWER_SKIPPED;
			a->chosen = 0;
		}
	}
	cl_score(in, s->answers, &s->score);
}

static int step_done(struct cl_db *db, sqlite3_stmt *st, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	return rc;
}

static int write_screening(struct cl_db *db, struct gen *g, const struct patient_seed *p,
			   const struct generated *s, struct cl_error *err)
{
	const struct cl_instrument *in = g->in;
	sqlite3_stmt *st;
	int rc;

	if (!(st = cl_db_stmt(db, sql_screening, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &s->id, err)) || (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
	    (rc = cl_db_bind_id(st, 3, &in->id, err)) ||
	    (rc = cl_db_bind_text(st, 4, s->on, err)) ||
	    (rc = cl_db_bind_text(st, 5,
				  s->declined				? "declined"
				  : s->score.answered == in->nquestions ? "completed"
									: "partial",
				  err)) ||
	    (rc = cl_db_bind_text(st, 6, p->spanish ? "es" : "en", err)) ||
	    (rc = cl_db_bind_id(st, 7, p->has_cm ? &p->cm : NULL, err)) ||
	    (rc = cl_db_bind_int(st, 8, !s->declined && s->score.review, err)) ||
	    (rc = cl_db_bind_text(st, 9, g->now, err)) ||
	    (rc = cl_db_bind_text(st, 10, g->user, err)))
		return rc;
	if ((rc = step_done(db, st, err)) || s->declined)
		return rc;

	if (!(st = cl_db_stmt(db, sql_answer, err)))
		return err ? err->code : CL_EIO;
	for (int q = 0; !rc && q < in->nquestions; q++) {
		const struct cl_answer *a = &s->answers[q];

		for (int o = -1; !rc && o < in->questions[q].noptions; o++) {
			bool chosen = o >= 0 && a->state == CL_ANSWER_GIVEN &&
				      (a->chosen & (UINT32_C(1) << o));

			if (!chosen && !(o < 0 && a->state == CL_ANSWER_SKIPPED))
				continue;
			if ((rc = cl_db_bind_id(st, 1, &s->id, err)) ||
			    (rc = cl_db_bind_id(st, 2, &in->questions[q].id, err)) ||
			    (rc = cl_db_bind_id(
				     st, 3, chosen ? &in->questions[q].options[o].id : NULL, err)))
				break;
			rc = step_done(db, st, err);
		}
	}
	if (rc || !(st = cl_db_stmt(db, sql_result, err)))
		return rc ? rc : err ? err->code : CL_EIO;
	for (int d = 0; !rc && d < in->ndomains; d++) {
		if ((rc = cl_db_bind_id(st, 1, &s->id, err)) ||
		    (rc = cl_db_bind_id(st, 2, &in->domains[d].id, err)) ||
		    (rc = cl_db_bind_text(st, 3, cl_domain_result_code(s->score.domain[d]), err)))
			break;
		rc = step_done(db, st, err);
	}
	return rc;
}

/* The derived rows: the rescreen clock and the positives of the latest scored screening. */
static int write_derived(struct cl_db *db, struct gen *g, const struct patient_seed *p,
			 const struct generated *last, const struct generated *scored,
			 struct cl_error *err)
{
	const struct cl_instrument *in = g->in;
	sqlite3_stmt *st;
	int rc;

	if (!(st = cl_db_stmt(db, sql_status, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &p->id, err)) ||
	    (rc = cl_db_bind_text(st, 2, last->on, err)) ||
	    (rc = cl_db_bind_id(st, 3, &last->id, err)) ||
	    (rc = cl_db_bind_id(st, 4, scored ? &scored->id : NULL, err)))
		return rc;
	if ((rc = step_done(db, st, err)) || !scored)
		return rc;
	if (!(st = cl_db_stmt(db, sql_positive, err)))
		return err ? err->code : CL_EIO;
	for (int d = 0; !rc && d < in->ndomains; d++) {
		if (scored->score.domain[d] != CL_DOMAIN_POSITIVE)
			continue;
		if ((rc = cl_db_bind_text(st, 1, in->domains[d].code, err)) ||
		    (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
		    (rc = cl_db_bind_text(st, 3, scored->on, err)) ||
		    (rc = cl_db_bind_id(st, 4, &scored->id, err)) ||
		    (rc = cl_db_bind_int(st, 5, in->domains[d].sensitive, err)))
			break;
		rc = step_done(db, st, err);
	}
	return rc;
}

/* Screen one patient (or not), by the seed and the patient's id. */
static int screen_patient(struct cl_db *db, struct gen *g, unsigned long seed,
			  const struct patient_seed *p, struct cl_error *err)
{
	struct generated s[2];
	const struct generated *scored = NULL;
	struct needs needs;
	struct cl_demo_rng r = { (uint64_t)seed ^ 0x73637265656e696eULL }; /* "screenin" */
	int ns = 0, rc = CL_OK;

	for (int i = 0; i < CL_ID_LEN; i++)
		r.s = (r.s ^ p->id.bytes[i]) * 0x100000001b3ULL;
	if (!cl_demo_rng_percent(&r, SCREENED_PCT) || g->stats.patients_screened >= SCREENED_MAX)
		return CL_OK;
	g->stats.patients_screened++;
	roll_needs(&r, &needs);
	/* About 40% of the latest screenings are over 12 months old: due again. */
	if (cl_demo_rng_percent(&r, TWICE_PCT))
		generate(g, &r, &needs, cl_demo_rng_range(&r, 400, 760), &s[ns++]);
	generate(g, &r, &needs, cl_demo_rng_range(&r, 0, 600), &s[ns++]);
	if (ns == 2 && strcmp(s[0].on, s[1].on) >= 0) /* keep the older one first */
		cl_date_add_days(s[0].on, 1, s[1].on);
	for (int i = 0; !rc && i < ns; i++) {
		rc = write_screening(db, g, p, &s[i], err);
		if (!s[i].declined)
			scored = &s[i];
		g->stats.screenings++;
		g->stats.declined += s[i].declined;
		g->stats.positive += !s[i].declined && s[i].score.npositive > 0;
	}
	return rc ? rc : write_derived(db, g, p, &s[ns - 1], scored, err);
}

static int read_patients(struct cl_db *db, struct cl_id *after, bool first,
			 struct patient_seed *out, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_patients, err);
	char language[16];
	int rc = CL_OK, step;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = first ? cl_db_bind_blob(st, 1, "", 0, err) : cl_db_bind_id(st, 1, after, err)) ||
	    (rc = cl_db_bind_int(st, 2, BATCH_PATIENTS, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct patient_seed *p = &out[*n];

		memset(p, 0, sizeof(*p));
		if (cl_db_column_id(st, 0, &p->id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
			break;
		}
		cl_db_column_text(st, 1, language, sizeof(language));
		p->spanish = strcmp(language, "es") == 0;
		p->has_cm = sqlite3_column_type(st, 2) != SQLITE_NULL &&
			    !cl_db_column_id(st, 2, &p->cm);
		*after = p->id;
		(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_demo_screening(struct cl_db *db, unsigned long seed, struct cl_demo_screening_stats *stats,
		      struct cl_error *err)
{
	struct patient_seed *batch = calloc(BATCH_PATIENTS, sizeof(*batch));
	struct cl_instrument *in = NULL;
	struct cl_id after = { { 0 } };
	struct gen g;
	char pragma[64];
	bool first = true;
	int rc, n;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (!batch)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if ((rc = cl_instrument_load(db, INSTRUMENT, &in, err)))
		goto out;
	memset(&g, 0, sizeof(g));
	g.in = in;
	g.ids.s = (uint64_t)seed ^ 0x64656d6f73637265ULL;
	g.user = cl_db_user(db);
	cl_date_today(g.today);
	cl_db_now(g.now, sizeof(g.now));
	g.counter = ((uint64_t)cl_date_days(g.today) * 86400000ULL) + 0x5c000000ULL;
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", CACHE_KIB);
	cl_db_exec(db, pragma, NULL);
	/* Generated rows are consistent by construction (see demo_careplan.c); restored below. */
	cl_db_exec(db, "PRAGMA foreign_keys = OFF", NULL);
	cl_db_exec(db, "PRAGMA synchronous = NORMAL", NULL);
	while (g.stats.patients_screened < SCREENED_MAX) {
		if ((rc = read_patients(db, &after, first, batch, &n, err)) || n == 0)
			break;
		first = false;
		if ((rc = cl_db_begin(db, err)))
			break;
		for (int i = 0; i < n && !rc; i++)
			rc = screen_patient(db, &g, seed, &batch[i], err);
		if (!rc)
			rc = cl_audit_log(db, CL_AUDIT_IMPORT, "screening", NULL, err);
		if (rc) {
			cl_db_rollback(db);
			break;
		}
		if ((rc = cl_db_commit(db, err)))
			break;
		g.stats.patients += n;
	}
	cl_db_exec(db, "PRAGMA cache_size = -2000", NULL);
	cl_db_exec(db, "PRAGMA foreign_keys = ON", NULL);
	cl_db_exec(db, "PRAGMA synchronous = FULL", NULL);
	if (stats)
		*stats = g.stats;
out:
	cl_instrument_free(in);
	free(batch);
	return rc;
}
