/*
 * The rule engine: scores a set of answers against an instrument's rules (data, see
 * instrument.h). Pure: no database, no allocation.
 *
 * A rule holds, cannot hold any more, or is still open:
 * - any_answer: holds when one of its answers is chosen; cannot hold when every question it
 *   names is answered without one of them; open otherwise (a skipped question keeps it open).
 * - points_at_least: the chosen answers' points over its questions; holds when the sum reaches
 *   the threshold, even with questions unanswered; cannot hold when every question is
 *   answered and the sum stays below it; open otherwise — a group left partly blank is
 *   incomplete, never negative (AHC interpersonal safety: q7-q10 sum to 11 or more).
 * A domain is POSITIVE when one of its positive rules holds, NEGATIVE when none can, and
 * INCOMPLETE otherwise (or when nothing of it was answered). A holding "review" rule raises
 * the review flag (AHC: any answer but "never" to "physically hurt you"). A positive domain
 * marked safety raises the safety flag (PHQ-9 item 9 answered anything but "not at all").
 * A sum-scored instrument also gets its total and band once every question is answered
 * (PHQ-9 10-14 "moderate"); a partial one has no total (-1), never a low one.
 */
#ifndef CL_SCORING_H
#define CL_SCORING_H

#include <stdbool.h>
#include <stdint.h>

#include "instrument.h"

enum cl_answer_state {
	CL_ANSWER_NONE,	   /* not asked yet */
	CL_ANSWER_GIVEN,   /* chosen holds the options */
	CL_ANSWER_SKIPPED, /* asked, no answer (the patient preferred not to say) */
};

/* The answer to one question: bit i of chosen is option i. */
struct cl_answer {
	enum cl_answer_state state;
	uint32_t chosen;
};

enum cl_domain_result { CL_DOMAIN_INCOMPLETE, CL_DOMAIN_NEGATIVE, CL_DOMAIN_POSITIVE };

/* "incomplete", "negative", "positive"; and back (-1 when unknown). */
const char *cl_domain_result_code(enum cl_domain_result r);
int cl_domain_result_parse(const char *code);

/* The result in words of lang, for a screen the patient reads: "positive", "positivo". */
const char *cl_domain_result_name(enum cl_domain_result r, enum cl_lang lang);

struct cl_score {
	enum cl_domain_result domain[CL_INSTRUMENT_MAX_DOMAINS]; /* by instrument domain index */
	bool review; /* "review with clinician", apart from the domain results */
	bool safety; /* a safety domain is positive: the same-day flag */
	int total;   /* sum-scored and complete: the points, else -1 */
	int band;    /* index of the total's band, else -1 */
	int answered, skipped, unanswered; /* questions */
	int npositive;
};

/*
 * Score answers (one per question of in, in order) into out. A GIVEN answer with no option
 * chosen counts as skipped. Contradictory paper answers ("none of the above" ticked with
 * other boxes) are scored by the rules as they stand: the other boxes make the domain positive.
 */
void cl_score(const struct cl_instrument *in, const struct cl_answer *answers,
	      struct cl_score *out);

#endif
