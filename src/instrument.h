/*
 * Screening instruments as data: an instrument's domains, questions (with LOINC codes, English
 * and Spanish text), answer options (LOINC LA codes, points) and scoring rules, loaded from
 * the database (schema/002_screening.sql; seed data in schema/instruments/). Adding an
 * instrument is SQL only; the rule engine that scores it is src/scoring.h.
 */
#ifndef CL_INSTRUMENT_H
#define CL_INSTRUMENT_H

#include <stdbool.h>

#include "db.h"
#include "error.h"
#include "id.h"

/* Limits of one instrument (a bigger one is refused by cl_instrument_load with CL_EINVAL). */
#define CL_INSTRUMENT_MAX_DOMAINS   16
#define CL_INSTRUMENT_MAX_QUESTIONS 64
#define CL_INSTRUMENT_MAX_OPTIONS   32 /* per question: a chosen set is a 32-bit mask */
#define CL_CODE_LEN		    32 /* codes of instruments, domains, questions, answers */

/* The languages an instrument's texts are in; index of the text arrays below. */
enum cl_lang { CL_LANG_EN, CL_LANG_ES, CL_LANG_COUNT };

/* "en" / "es"; and the language for a patient's preferred-language code (Spanish or English). */
const char *cl_lang_code(enum cl_lang lang);
enum cl_lang cl_lang_for(const char *language_code);

enum cl_question_kind { CL_QUESTION_SINGLE, CL_QUESTION_MULTIPLE };
enum cl_rule_kind { CL_RULE_ANY_ANSWER, CL_RULE_POINTS_AT_LEAST };
enum cl_rule_effect { CL_RULE_POSITIVE, CL_RULE_REVIEW };

struct cl_answer_option {
	struct cl_id id;
	char code[CL_CODE_LEN]; /* LOINC answer code, "LA31993-1" */
	char *text[CL_LANG_COUNT];
	int points;
	bool exclusive; /* "none of the above": chosen alone in the interface */
};

struct cl_question {
	struct cl_id id;
	int ordinal;
	char code[CL_CODE_LEN];	 /* CSV column name (the LOINC code for the AHC tool) */
	char loinc[CL_CODE_LEN]; /* "" when none */
	int domain;		 /* index into the instrument's domains */
	enum cl_question_kind kind;
	char *intro[CL_LANG_COUNT]; /* read before the question, "" when none */
	char *text[CL_LANG_COUNT];
	int noptions;
	struct cl_answer_option *options;
};

struct cl_instrument_domain {
	struct cl_id id;
	char code[CL_CODE_LEN];		 /* "food", "safety", … (the "positive in" filter) */
	char *name[CL_LANG_COUNT];	 /* "Food insecurity" */
	char sdoh_category[CL_CODE_LEN]; /* Gravity code: "food-insecurity", or "" */
	char cms_domain[CL_CODE_LEN];	 /* CMS SDOH-1 domain: housing food transportation
					    utilities safety, or "" */
	bool sensitive;			 /* interpersonal safety: never in a list column */
	bool safety;			 /* positive: the same-day safety flag (PHQ-9 item 9) */
};

/* One term of a rule: a question, and an option of it (any_answer) or -1 (points). */
struct cl_rule_term {
	int question;
	int option;
};

struct cl_scoring_rule {
	int domain;
	enum cl_rule_kind kind;
	enum cl_rule_effect effect;
	int threshold; /* points_at_least */
	int nterms;
	struct cl_rule_term *terms;
};

/* A band of a sum-scored instrument's total, low..high inclusive ("moderate", 10-14). */
struct cl_score_band {
	int low, high;
	char code[CL_CODE_LEN];
	char *name[CL_LANG_COUNT];
	bool positive;
	char follow_up[CL_CODE_LEN]; /* instrument to offer next ("phq-9"), or "" */
};

#define CL_INSTRUMENT_MAX_BANDS 16

struct cl_instrument {
	struct cl_id id;
	char code[CL_CODE_LEN]; /* "ahc-hrsn" */
	char loinc[CL_CODE_LEN];
	char *name[CL_LANG_COUNT];
	int ndomains;
	struct cl_instrument_domain *domains;
	int nquestions;
	struct cl_question *questions; /* in the order they are asked */
	int nrules;
	struct cl_scoring_rule *rules;
	bool sum;		       /* scored as a total of points too, with bands */
	char total_loinc[CL_CODE_LEN]; /* the total's LOINC code, "" when none */
	bool social_needs; /* moves the rescreen clock; its positives are current needs */
	int nbands;	   /* sum: contiguous, from the lowest total to the highest */
	struct cl_score_band *bands;
};

/* Index of the band holding total, or -1. */
int cl_instrument_band(const struct cl_instrument *in, int total);

/*
 * Load the instrument with this code (active or not), with its domains, questions, options and
 * rules (and bands), checked: a rule naming an unknown question or answer, a question of an
 * unknown domain, a single-choice question without options, a sum-scored instrument whose bands
 * leave a gap, overlap or miss a possible total, or an instrument over the limits is
 * CL_EINVAL naming what is wrong. CL_ENOTFOUND when there is no such instrument.
 * On success *out is heap memory: free with cl_instrument_free.
 */
int cl_instrument_load(struct cl_db *db, const char *code, struct cl_instrument **out,
		       struct cl_error *err);

/* As cl_instrument_load, by id. */
int cl_instrument_load_id(struct cl_db *db, const struct cl_id *id, struct cl_instrument **out,
			  struct cl_error *err);

void cl_instrument_free(struct cl_instrument *in);

/* Index of the question with this code (or "q<ordinal>", as "q7"), or -1. */
int cl_instrument_question(const struct cl_instrument *in, const char *code);

/*
 * Can name head a column of answers in an import: some instrument's question code
 * ("71802-3"), or "q<N>" with N the ordinal of some instrument's question? *known says.
 */
int cl_instrument_is_question(struct cl_db *db, const char *name, bool *known,
			      struct cl_error *err);

/*
 * Can columns a and b name the same question of one instrument ("q1" and "71802-3" both
 * name the AHC tool's first question)? A row would then hold two answers to it. *same says.
 */
int cl_instrument_same_question(struct cl_db *db, const char *a, const char *b, bool *same,
				struct cl_error *err);

/* Index of the domain with this code, or -1. */
int cl_instrument_domain(const struct cl_instrument *in, const char *code);

/* Index of the option with this answer code in question q, or -1. */
int cl_question_option(const struct cl_question *q, const char *code);

/* One active instrument, for a chooser. */
struct cl_instrument_info {
	char code[CL_CODE_LEN];
	char name[128]; /* English name */
	int nquestions;
};

/* Active instruments by code (at most max); *n gets the count. */
int cl_instrument_list(struct cl_db *db, struct cl_instrument_info *rows, int max, int *n,
		       struct cl_error *err);

#endif
