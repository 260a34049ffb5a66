#include "config.h"

#include <string.h>

#include "scoring.h"

static const char *const result_codes[] = { "incomplete", "negative", "positive" };

const char *cl_domain_result_code(enum cl_domain_result r)
{
	return r >= CL_DOMAIN_INCOMPLETE && r <= CL_DOMAIN_POSITIVE ? result_codes[r]
								    : result_codes[0];
}

const char *cl_domain_result_name(enum cl_domain_result r, enum cl_lang lang)
{
	static const char *const names[CL_LANG_COUNT][3] = {
		{ "incomplete", "negative", "positive" },
		{ "incompleto", "negativo", "positivo" },
	};

	if ((int)lang < 0 || lang >= CL_LANG_COUNT)
		lang = CL_LANG_EN;
	return names[lang][r >= CL_DOMAIN_INCOMPLETE && r <= CL_DOMAIN_POSITIVE ? r : 0];
}

int cl_domain_result_parse(const char *code)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(result_codes[i], code) == 0)
			return i;
	return -1;
}

enum truth { OPEN, HOLDS, CANNOT };

static bool answered(const struct cl_answer *a)
{
	return a->state == CL_ANSWER_GIVEN && a->chosen != 0;
}

static enum truth any_answer(const struct cl_scoring_rule *r, const struct cl_answer *answers)
{
	bool open = false;

	for (int i = 0; i < r->nterms; i++) {
		const struct cl_answer *a = &answers[r->terms[i].question];

		if (!answered(a))
			open = true;
		else if (a->chosen & (UINT32_C(1) << r->terms[i].option))
			return HOLDS;
	}
	return open ? OPEN : CANNOT;
}

/* The points of the options chosen. */
static int points(const struct cl_question *q, uint32_t chosen)
{
	int sum = 0;

	for (int o = 0; o < q->noptions; o++)
		if (chosen & (UINT32_C(1) << o))
			sum += q->options[o].points;
	return sum;
}

/*
 * A sum over a group of questions is a measure of the whole group: a low sum with
 * questions left blank says nothing (the skipped question may be the one that matters, as
 * with "physically hurt you"), so only a complete group can rule the domain out.
 */
static enum truth points_at_least(const struct cl_instrument *in, const struct cl_scoring_rule *r,
				  const struct cl_answer *answers)
{
	bool complete = true;
	long sum = 0;

	for (int i = 0; i < r->nterms; i++) {
		int qi = r->terms[i].question;

		if (answered(&answers[qi]))
			sum += points(&in->questions[qi], answers[qi].chosen);
		else
			complete = false;
	}
	if (sum >= r->threshold)
		return HOLDS;
	return complete ? CANNOT : OPEN;
}

void cl_score(const struct cl_instrument *in, const struct cl_answer *answers, struct cl_score *out)
{
	bool touched[CL_INSTRUMENT_MAX_DOMAINS] = { false };
	bool holds[CL_INSTRUMENT_MAX_DOMAINS] = { false };
	bool open[CL_INSTRUMENT_MAX_DOMAINS] = { false };
	int i;

	long total = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < in->nquestions; i++) {
		if (answered(&answers[i])) {
			out->answered++;
			total += points(&in->questions[i], answers[i].chosen);
			touched[in->questions[i].domain] = true;
		} else if (answers[i].state == CL_ANSWER_NONE) {
			out->unanswered++;
		} else {
			out->skipped++;
		}
	}
	for (i = 0; i < in->nrules; i++) {
		const struct cl_scoring_rule *r = &in->rules[i];
		enum truth t = r->kind == CL_RULE_POINTS_AT_LEAST ? points_at_least(in, r, answers)
								  : any_answer(r, answers);

		if (r->effect == CL_RULE_REVIEW) {
			out->review = out->review || t == HOLDS;
			continue;
		}
		holds[r->domain] = holds[r->domain] || t == HOLDS;
		open[r->domain] = open[r->domain] || t == OPEN;
	}
	for (i = 0; i < in->ndomains; i++) {
		if (holds[i])
			out->domain[i] = CL_DOMAIN_POSITIVE;
		else if (!open[i] && touched[i])
			out->domain[i] = CL_DOMAIN_NEGATIVE;
		else
			out->domain[i] = CL_DOMAIN_INCOMPLETE;
		if (holds[i])
			out->npositive++;
		if (holds[i] && in->domains[i].safety)
			out->safety = true;
	}
	out->total = in->sum && out->answered == in->nquestions ? (int)total : -1;
	out->band = out->total >= 0 ? cl_instrument_band(in, out->total) : -1;
}
