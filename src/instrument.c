#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "instrument.h"

const char *cl_lang_code(enum cl_lang lang)
{
	return lang == CL_LANG_ES ? "es" : "en";
}

enum cl_lang cl_lang_for(const char *language_code)
{
	return language_code && strcmp(language_code, "es") == 0 ? CL_LANG_ES : CL_LANG_EN;
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const char *text = (const char *)sqlite3_column_text(st, col);
	size_t len = text ? strlen(text) : 0;
	char *copy = malloc(len + 1);

	if (copy) {
		if (len)
			memcpy(copy, text, len);
		copy[len] = '\0';
	}
	return copy;
}

/* Copy columns col, col+1 (English, Spanish) into text[]; CL_ENOMEM on failure. */
static int dup_texts(sqlite3_stmt *st, int col, char *text[CL_LANG_COUNT], struct cl_error *err)
{
	text[CL_LANG_EN] = dup_text(st, col);
	text[CL_LANG_ES] = dup_text(st, col + 1);
	if (!text[CL_LANG_EN] || !text[CL_LANG_ES])
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

static void free_texts(char *text[CL_LANG_COUNT])
{
	for (int i = 0; i < CL_LANG_COUNT; i++)
		free(text[i]);
}

void cl_instrument_free(struct cl_instrument *in)
{
	int i, j;

	if (!in)
		return;
	for (i = 0; in->domains && i < in->ndomains; i++)
		free_texts(in->domains[i].name);
	free(in->domains);
	for (i = 0; in->questions && i < in->nquestions; i++) {
		struct cl_question *q = &in->questions[i];

		for (j = 0; q->options && j < q->noptions; j++)
			free_texts(q->options[j].text);
		free(q->options);
		free_texts(q->intro);
		free_texts(q->text);
	}
	free(in->questions);
	for (i = 0; in->rules && i < in->nrules; i++)
		free(in->rules[i].terms);
	free(in->rules);
	for (i = 0; in->bands && i < in->nbands; i++)
		free_texts(in->bands[i].name);
	free(in->bands);
	free_texts(in->name);
	free(in);
}

/* N for a question named "q<N>" or "Q<N>" (its ordinal: no sign, no leading 0), else -1. */
static int question_ordinal(const char *name)
{
	size_t digits = strspn(name + (name[0] ? 1 : 0), "0123456789");

	if ((name[0] == 'q' || name[0] == 'Q') && name[1] >= '1' && name[1] <= '9' &&
	    name[1 + digits] == '\0' && digits < 6)
		return atoi(name + 1);
	return -1;
}

int cl_instrument_question(const struct cl_instrument *in, const char *code)
{
	int i, ordinal = question_ordinal(code);

	for (i = 0; i < in->nquestions; i++)
		if (strcmp(in->questions[i].code, code) == 0)
			return i;
	for (i = 0; ordinal > 0 && i < in->nquestions; i++)
		if (in->questions[i].ordinal == ordinal)
			return i;
	return -1;
}

/* Step st (bound) for whether it has a row. */
static int has_row(struct cl_db *db, sqlite3_stmt *st, bool *found, struct cl_error *err)
{
	int step = sqlite3_step(st);

	*found = step == SQLITE_ROW;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
}

int cl_instrument_is_question(struct cl_db *db, const char *name, bool *known, struct cl_error *err)
{
	static const char sql[] = "SELECT 1 FROM question WHERE code = ?1 OR ordinal = ?2 LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	*known = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, name, err)) ||
	    (rc = cl_db_bind_int(st, 2, question_ordinal(name), err)))
		return rc;
	return has_row(db, st, known, err);
}

int cl_instrument_same_question(struct cl_db *db, const char *a, const char *b, bool *same,
				struct cl_error *err)
{
	static const char sql[] =
		"SELECT 1 FROM question x JOIN question y ON y.instrument_id = x.instrument_id "
		"AND y.ordinal = x.ordinal WHERE (x.code = ?1 OR x.ordinal = ?2) "
		"AND (y.code = ?3 OR y.ordinal = ?4) LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	*same = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, a, err)) ||
	    (rc = cl_db_bind_int(st, 2, question_ordinal(a), err)) ||
	    (rc = cl_db_bind_text(st, 3, b, err)) ||
	    (rc = cl_db_bind_int(st, 4, question_ordinal(b), err)))
		return rc;
	return has_row(db, st, same, err);
}

int cl_instrument_domain(const struct cl_instrument *in, const char *code)
{
	for (int i = 0; i < in->ndomains; i++)
		if (strcmp(in->domains[i].code, code) == 0)
			return i;
	return -1;
}

int cl_question_option(const struct cl_question *q, const char *code)
{
	for (int i = 0; i < q->noptions; i++)
		if (strcmp(q->options[i].code, code) == 0)
			return i;
	return -1;
}

/* Count rows of a one-parameter (id) COUNT query. */
static int count_of(struct cl_db *db, const char *sql, const struct cl_id *id, int *n,
		    struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*n = sqlite3_column_int(st, 0);
		rc = CL_OK;
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

static int load_domains(struct cl_db *db, struct cl_instrument *in, struct cl_error *err)
{
	static const char count_sql[] =
		"SELECT count(*) FROM screening_domain WHERE instrument_id = ?1";
	static const char sql[] =
		"SELECT id, code, name_en, name_es, sdoh_category, cms_domain, sensitive, safety "
		"FROM screening_domain WHERE instrument_id = ?1 ORDER BY ordinal";
	sqlite3_stmt *st;
	int rc, i = 0;

	if ((rc = count_of(db, count_sql, &in->id, &in->ndomains, err)))
		return rc;
	if (in->ndomains < 1 || in->ndomains > CL_INSTRUMENT_MAX_DOMAINS)
		return cl_error_set(err, CL_EINVAL, "instrument %s: needs 1 to %d domains",
				    in->code, CL_INSTRUMENT_MAX_DOMAINS);
	if (!(in->domains = calloc((size_t)in->ndomains, sizeof(*in->domains))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &in->id, err)))
		return rc;
	while (rc == CL_OK && i < in->ndomains && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_instrument_domain *d = &in->domains[i++];

		cl_db_column_id(st, 0, &d->id);
		cl_db_column_text(st, 1, d->code, sizeof(d->code));
		rc = dup_texts(st, 2, d->name, err);
		cl_db_column_text(st, 4, d->sdoh_category, sizeof(d->sdoh_category));
		cl_db_column_text(st, 5, d->cms_domain, sizeof(d->cms_domain));
		d->sensitive = sqlite3_column_int(st, 6) != 0;
		d->safety = sqlite3_column_int(st, 7) != 0;
	}
	if (rc == CL_OK && i < in->ndomains)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

static int load_options(struct cl_db *db, struct cl_instrument *in, struct cl_question *q,
			struct cl_error *err)
{
	static const char count_sql[] = "SELECT count(*) FROM answer_option WHERE question_id = ?1";
	static const char sql[] = "SELECT id, code, text_en, text_es, points, exclusive "
				  "FROM answer_option WHERE question_id = ?1 ORDER BY ordinal";
	sqlite3_stmt *st;
	int rc, i = 0;

	if ((rc = count_of(db, count_sql, &q->id, &q->noptions, err)))
		return rc;
	if (q->noptions < 1 || q->noptions > CL_INSTRUMENT_MAX_OPTIONS)
		return cl_error_set(err, CL_EINVAL,
				    "instrument %s: question %s needs 1 to %d answers", in->code,
				    q->code, CL_INSTRUMENT_MAX_OPTIONS);
	if (!(q->options = calloc((size_t)q->noptions, sizeof(*q->options))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &q->id, err)))
		return rc;
	while (rc == CL_OK && i < q->noptions && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_answer_option *o = &q->options[i++];

		cl_db_column_id(st, 0, &o->id);
		cl_db_column_text(st, 1, o->code, sizeof(o->code));
		rc = dup_texts(st, 2, o->text, err);
		o->points = sqlite3_column_int(st, 4);
		o->exclusive = sqlite3_column_int(st, 5) != 0;
	}
	if (rc == CL_OK && i < q->noptions)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

static int load_questions(struct cl_db *db, struct cl_instrument *in, struct cl_error *err)
{
	static const char count_sql[] = "SELECT count(*) FROM question WHERE instrument_id = ?1";
	static const char sql[] =
		"SELECT id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, "
		"text_es FROM question WHERE instrument_id = ?1 ORDER BY ordinal";
	char domain[CL_CODE_LEN], kind[16];
	sqlite3_stmt *st;
	int rc, i = 0;

	if ((rc = count_of(db, count_sql, &in->id, &in->nquestions, err)))
		return rc;
	if (in->nquestions < 1 || in->nquestions > CL_INSTRUMENT_MAX_QUESTIONS)
		return cl_error_set(err, CL_EINVAL, "instrument %s: needs 1 to %d questions",
				    in->code, CL_INSTRUMENT_MAX_QUESTIONS);
	if (!(in->questions = calloc((size_t)in->nquestions, sizeof(*in->questions))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &in->id, err)))
		return rc;
	while (rc == CL_OK && i < in->nquestions && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_question *q = &in->questions[i++];

		cl_db_column_id(st, 0, &q->id);
		q->ordinal = sqlite3_column_int(st, 1);
		cl_db_column_text(st, 2, q->code, sizeof(q->code));
		cl_db_column_text(st, 3, q->loinc, sizeof(q->loinc));
		cl_db_column_text(st, 4, domain, sizeof(domain));
		cl_db_column_text(st, 5, kind, sizeof(kind));
		q->kind = strcmp(kind, "multiple") == 0 ? CL_QUESTION_MULTIPLE : CL_QUESTION_SINGLE;
		q->domain = cl_instrument_domain(in, domain);
		if (q->domain < 0)
			rc = cl_error_set(err, CL_EINVAL,
					  "instrument %s: question %s has an unknown domain",
					  in->code, q->code);
		if (rc == CL_OK)
			rc = dup_texts(st, 6, q->intro, err);
		if (rc == CL_OK)
			rc = dup_texts(st, 8, q->text, err);
	}
	if (rc == CL_OK && i < in->nquestions)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	/* Options after the question statement is reset: load_options uses its own statements. */
	for (i = 0; rc == CL_OK && i < in->nquestions; i++)
		rc = load_options(db, in, &in->questions[i], err);
	return rc;
}

/* The terms of rule r (already holding its kind), resolved to question and option indexes. */
static int load_terms(struct cl_db *db, struct cl_instrument *in, struct cl_scoring_rule *r,
		      const struct cl_id *rule_id, struct cl_error *err)
{
	static const char count_sql[] = "SELECT count(*) FROM scoring_rule_term WHERE rule_id = ?1";
	static const char sql[] =
		"SELECT question_code, answer_code FROM scoring_rule_term WHERE rule_id = ?1 "
		"ORDER BY rowid";
	char question[CL_CODE_LEN], answer[CL_CODE_LEN];
	sqlite3_stmt *st;
	int rc, i = 0;

	if ((rc = count_of(db, count_sql, rule_id, &r->nterms, err)))
		return rc;
	if (r->nterms < 1 || r->nterms > 1024)
		return cl_error_set(err, CL_EINVAL,
				    "instrument %s: a rule of domain %s has no terms", in->code,
				    in->domains[r->domain].code);
	if (!(r->terms = calloc((size_t)r->nterms, sizeof(*r->terms))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, rule_id, err)))
		return rc;
	while (rc == CL_OK && i < r->nterms && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_rule_term *t = &r->terms[i++];
		bool has_answer = sqlite3_column_type(st, 1) != SQLITE_NULL;

		cl_db_column_text(st, 0, question, sizeof(question));
		cl_db_column_text(st, 1, answer, sizeof(answer));
		t->question = cl_instrument_question(in, question);
		t->option = -1;
		if (t->question < 0) {
			rc = cl_error_set(err, CL_EINVAL,
					  "instrument %s: a rule names unknown question %s",
					  in->code, question);
		} else if (r->kind == CL_RULE_ANY_ANSWER) {
			t->option =
				has_answer ? cl_question_option(&in->questions[t->question], answer)
					   : -1;
			if (t->option < 0)
				rc = cl_error_set(
					err, CL_EINVAL,
					"instrument %s: a rule names an unknown answer of "
					"question %s",
					in->code, question);
		} else if (has_answer) {
			rc = cl_error_set(
				err, CL_EINVAL,
				"instrument %s: a points rule names an answer of question %s",
				in->code, question);
		}
	}
	if (rc == CL_OK && i < r->nterms)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

static int load_rules(struct cl_db *db, struct cl_instrument *in, struct cl_error *err)
{
	static const char count_sql[] =
		"SELECT count(*) FROM scoring_rule WHERE instrument_id = ?1";
	static const char sql[] =
		"SELECT id, domain_code, kind, threshold, effect FROM scoring_rule "
		"WHERE instrument_id = ?1 ORDER BY rowid";
	struct cl_id *ids = NULL;
	char text[CL_CODE_LEN];
	sqlite3_stmt *st;
	int rc, i = 0;

	if ((rc = count_of(db, count_sql, &in->id, &in->nrules, err)))
		return rc;
	if (in->nrules > 256)
		return cl_error_set(err, CL_EINVAL, "instrument %s: too many rules", in->code);
	if (in->nrules == 0)
		return CL_OK;
	in->rules = calloc((size_t)in->nrules, sizeof(*in->rules));
	ids = calloc((size_t)in->nrules, sizeof(*ids));
	if (!in->rules || !ids) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (!(st = cl_db_stmt(db, sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_id(st, 1, &in->id, err)))
		goto out;
	while (rc == CL_OK && i < in->nrules && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_scoring_rule *r = &in->rules[i];

		cl_db_column_id(st, 0, &ids[i++]);
		cl_db_column_text(st, 1, text, sizeof(text));
		r->domain = cl_instrument_domain(in, text);
		cl_db_column_text(st, 2, text, sizeof(text));
		r->kind = strcmp(text, "points_at_least") == 0 ? CL_RULE_POINTS_AT_LEAST
							       : CL_RULE_ANY_ANSWER;
		r->threshold = sqlite3_column_int(st, 3);
		cl_db_column_text(st, 4, text, sizeof(text));
		r->effect = strcmp(text, "review") == 0 ? CL_RULE_REVIEW : CL_RULE_POSITIVE;
		if (r->domain < 0)
			rc = cl_error_set(err, CL_EINVAL,
					  "instrument %s: a rule has an unknown domain", in->code);
	}
	if (rc == CL_OK && i < in->nrules)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	for (i = 0; rc == CL_OK && i < in->nrules; i++)
		rc = load_terms(db, in, &in->rules[i], &ids[i], err);
out:
	free(ids);
	return rc;
}

int cl_instrument_band(const struct cl_instrument *in, int total)
{
	for (int i = 0; i < in->nbands; i++)
		if (total >= in->bands[i].low && total <= in->bands[i].high)
			return i;
	return -1;
}

/* The highest total the questions can reach: each question's best option (or all, multiple). */
static int max_total(const struct cl_instrument *in)
{
	int sum = 0;

	for (int q = 0; q < in->nquestions; q++) {
		const struct cl_question *qu = &in->questions[q];
		int best = 0;

		for (int o = 0; o < qu->noptions; o++) {
			if (qu->kind == CL_QUESTION_MULTIPLE)
				best += qu->options[o].points > 0 ? qu->options[o].points : 0;
			else if (qu->options[o].points > best)
				best = qu->options[o].points;
		}
		sum += best;
	}
	return sum;
}

/* The bands of a sum-scored instrument: from 0 to the highest total, no gap, no overlap. */
static int load_bands(struct cl_db *db, struct cl_instrument *in, struct cl_error *err)
{
	static const char count_sql[] = "SELECT count(*) FROM score_band WHERE instrument_id = ?1";
	static const char sql[] = "SELECT low, high, code, name_en, name_es, positive, follow_up "
				  "FROM score_band WHERE instrument_id = ?1 ORDER BY low";
	sqlite3_stmt *st;
	int rc, i = 0;

	if (!in->sum)
		return CL_OK;
	if ((rc = count_of(db, count_sql, &in->id, &in->nbands, err)))
		return rc;
	if (in->nbands < 1 || in->nbands > CL_INSTRUMENT_MAX_BANDS)
		return cl_error_set(err, CL_EINVAL, "instrument %s: needs 1 to %d score bands",
				    in->code, CL_INSTRUMENT_MAX_BANDS);
	if (!(in->bands = calloc((size_t)in->nbands, sizeof(*in->bands))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &in->id, err)))
		return rc;
	while (rc == CL_OK && i < in->nbands && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_score_band *b = &in->bands[i++];

		b->low = sqlite3_column_int(st, 0);
		b->high = sqlite3_column_int(st, 1);
		cl_db_column_text(st, 2, b->code, sizeof(b->code));
		rc = dup_texts(st, 3, b->name, err);
		b->positive = sqlite3_column_int(st, 5) != 0;
		cl_db_column_text(st, 6, b->follow_up, sizeof(b->follow_up));
	}
	if (rc == CL_OK && i < in->nbands)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	for (i = 0; rc == CL_OK && i < in->nbands; i++)
		if (in->bands[i].low != (i ? in->bands[i - 1].high + 1 : 0))
			rc = cl_error_set(err, CL_EINVAL,
					  "instrument %s: score bands leave a gap or overlap at %d",
					  in->code, in->bands[i].low);
	if (rc == CL_OK && in->bands[in->nbands - 1].high != max_total(in))
		rc = cl_error_set(err, CL_EINVAL,
				  "instrument %s: score bands end at %d, the highest total is %d",
				  in->code, in->bands[in->nbands - 1].high, max_total(in));
	return rc;
}

static int load(struct cl_db *db, const char *sql, const char *code, const struct cl_id *id,
		struct cl_instrument **out, struct cl_error *err)
{
	struct cl_instrument *in = calloc(1, sizeof(*in));
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (!in)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(db, sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = code ? cl_db_bind_text(st, 1, code, err) : cl_db_bind_id(st, 1, id, err)))
		goto out;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		cl_db_column_id(st, 0, &in->id);
		cl_db_column_text(st, 1, in->code, sizeof(in->code));
		cl_db_column_text(st, 2, in->loinc, sizeof(in->loinc));
		rc = dup_texts(st, 3, in->name, err);
		in->sum = sqlite3_column_int(st, 5) != 0;
		cl_db_column_text(st, 6, in->total_loinc, sizeof(in->total_loinc));
		in->social_needs = sqlite3_column_int(st, 7) != 0;
		break;
	case SQLITE_DONE:
		rc = cl_error_field(err, CL_ENOTFOUND, "instrument", "no such instrument");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc == CL_OK)
		rc = load_domains(db, in, err);
	if (rc == CL_OK)
		rc = load_questions(db, in, err);
	if (rc == CL_OK)
		rc = load_rules(db, in, err);
	if (rc == CL_OK)
		rc = load_bands(db, in, err);
out:
	if (rc)
		cl_instrument_free(in);
	else
		*out = in;
	return rc;
}

int cl_instrument_load(struct cl_db *db, const char *code, struct cl_instrument **out,
		       struct cl_error *err)
{
	static const char sql[] =
		"SELECT id, code, loinc, name_en, name_es, scoring = 'sum', total_loinc, "
		"social_needs FROM instrument WHERE code = ?1";

	return load(db, sql, code ? code : "", NULL, out, err);
}

int cl_instrument_load_id(struct cl_db *db, const struct cl_id *id, struct cl_instrument **out,
			  struct cl_error *err)
{
	static const char sql[] =
		"SELECT id, code, loinc, name_en, name_es, scoring = 'sum', total_loinc, "
		"social_needs FROM instrument WHERE id = ?1";

	return load(db, sql, NULL, id, out, err);
}

int cl_instrument_list(struct cl_db *db, struct cl_instrument_info *rows, int max, int *n,
		       struct cl_error *err)
{
	static const char sql[] =
		"SELECT i.code, i.name_en, (SELECT count(*) FROM question q "
		"WHERE q.instrument_id = i.id) FROM instrument i WHERE i.active = 1 ORDER BY i.code";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int step = SQLITE_DONE, rc = CL_OK;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_instrument_info *row = &rows[(*n)++];

		cl_db_column_text(st, 0, row->code, sizeof(row->code));
		cl_db_column_text(st, 1, row->name, sizeof(row->name));
		row->nquestions = sqlite3_column_int(st, 2);
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
