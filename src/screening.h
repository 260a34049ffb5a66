/*
 * Screening a patient for health-related social needs. A screening in progress is a struct in
 * memory that the form holds (start, answer, skip, back, score); nothing reaches the database
 * until cl_screening_complete or cl_screening_decline saves it whole, in one transaction with
 * an audit row. Then: history, the latest positives for the chart header, the rescreen-due
 * list and the "positive in domain" list, both keyset-paged over indexes.
 */
#ifndef CL_SCREENING_H
#define CL_SCREENING_H

#include <stdbool.h>

#include "audit.h"
#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"
#include "instrument.h"
#include "scoring.h"

enum cl_screening_status {
	CL_SCREENING_IN_PROGRESS, /* in memory only */
	CL_SCREENING_COMPLETED,	  /* every question answered */
	CL_SCREENING_PARTIAL,	  /* saved with questions skipped or unanswered */
	CL_SCREENING_DECLINED,	  /* the patient declined: offered, no answers */
	CL_SCREENING_ENTERED_IN_ERROR,
};

/* "in-progress", "completed", "partial", "declined", "entered-in-error"; back: -1 if unknown. */
const char *cl_screening_status_code(enum cl_screening_status s);
int cl_screening_status_parse(const char *code);

enum cl_screening_source { CL_SCREENING_FROM_INTERFACE, CL_SCREENING_FROM_IMPORT };

struct cl_screening {
	struct cl_instrument *instrument; /* owned unless made by cl_screening_new */
	struct cl_id id;		  /* nil until saved */
	struct cl_id patient_id;
	char screened_on[CL_DATE_LEN]; /* today by default; a paper form's date may be set */
	enum cl_lang language;	       /* the language asked in (the patient's, en or es) */
	enum cl_screening_status status;
	enum cl_screening_source source;
	int current;		   /* the question the form shows (0 .. nquestions) */
	struct cl_answer *answers; /* one per question */
	bool owns_instrument;
};

/*
 * Start screening the patient with the instrument of this code (e.g. "ahc-hrsn"), dated today,
 * in the patient's language. Nothing is written. CL_ENOTFOUND for an unknown patient or
 * instrument. On success *out is heap memory the form holds: free with cl_screening_free.
 */
int cl_screening_start(struct cl_db *db, const struct cl_id *patient_id,
		       const char *instrument_code, struct cl_screening **out,
		       struct cl_error *err);

void cl_screening_free(struct cl_screening *s);

/*
 * A saved screening read back whole, to look at (each question, the answer given or
 * skipped, and with cl_screening_score the domain results): its instrument, date, language,
 * status and answers. Read only: answering it is CL_EEXIST. CL_ENOTFOUND when there is none.
 * On success *out is heap memory: free with cl_screening_free.
 */
int cl_screening_load(struct cl_db *db, const struct cl_id *id, struct cl_screening **out,
		      struct cl_error *err);

/*
 * As cl_screening_start with an instrument the caller already loaded and keeps (it must
 * outlive s), and no database: for imports of many screenings. Dated today, in English.
 */
int cl_screening_new(struct cl_instrument *in, const struct cl_id *patient_id,
		     struct cl_screening **out, struct cl_error *err);

/*
 * Answer question q with the options at indexes options[0..n-1], replacing any earlier answer
 * (going back to change an answer is answering again). Single choice takes exactly one; multiple
 * choice one or more (an exclusive option with others is accepted, as a paper form may hold it,
 * and scored by the rules). Then current moves to the question after q. CL_EINVAL (field
 * "answer") for a bad index or count; s is unchanged on error.
 */
int cl_screening_answer(struct cl_screening *s, int q, const int *options, int n,
			struct cl_error *err);

/*
 * As cl_screening_answer with answer codes: "LA31996-4;LA28580-1" (';'-separated, blanks
 * around codes ignored). An unknown code is CL_EINVAL naming the question, not the text.
 */
int cl_screening_answer_codes(struct cl_screening *s, int q, const char *codes,
			      struct cl_error *err);

/*
 * For a multiple-choice form: tick or untick option o of question q without moving on.
 * Ticking an exclusive option ("none of the above") unticks the others, and ticking another
 * unticks it. Unticking the last box leaves the question unanswered.
 */
int cl_screening_toggle(struct cl_screening *s, int q, int o, struct cl_error *err);

/* Mark question q skipped (asked, not answered) and move on. */
int cl_screening_skip(struct cl_screening *s, int q, struct cl_error *err);

/* Move current back one question (not below 0); returns the new current. Answers are kept. */
int cl_screening_back(struct cl_screening *s);

/* Score what has been answered so far (see scoring.h). */
void cl_screening_score(const struct cl_screening *s, struct cl_score *out);

/*
 * Save the screening with its answers and per-domain results, status completed (every
 * question answered) or partial, and an audit "create" row, in one transaction; s->id and
 * s->status are set. Refused (CL_EINVAL) when no question is answered (record a decline) or
 * when the date is invalid or in the future; CL_EEXIST when s was already saved.
 */
int cl_screening_complete(struct cl_db *db, struct cl_screening *s, struct cl_error *err);

/* Save that the patient declined (no answers kept), with an audit "create" row. */
int cl_screening_decline(struct cl_db *db, struct cl_screening *s, struct cl_error *err);

/*
 * For imports: as cl_screening_complete (declined false) or cl_screening_decline, inside the
 * caller's open transaction (cl_db_begin), with an audit row of action. On failure the caller
 * rolls back.
 */
int cl_screening_save_in(struct cl_db *db, struct cl_screening *s, bool declined,
			 enum cl_audit_action action, struct cl_error *err);

/*
 * Recompute the patient's derived rows (screening_status, screening_positive) from the saved
 * screenings, inside the caller's transaction (a save, a retire, a merge).
 */
int cl_screening_refresh(struct cl_db *db, const struct cl_id *patient, struct cl_error *err);

/*
 * Does the patient already have a screening with the instrument on date (entered-in-error
 * ones aside)? *exists says. An import refuses a second: a file imported twice adds nothing.
 */
int cl_screening_exists(struct cl_db *db, const struct cl_id *patient_id,
			const struct cl_id *instrument_id, const char *date, bool *exists,
			struct cl_error *err);

/*
 * Mark a saved screening entered-in-error for reason (one of cl_error_reason_codes,
 * correction.h; CL_EINVAL on field "reason" otherwise): kept, shown struck through in the
 * chart (cl_screening_history_all), left out of every other list, count and measure; the
 * rescreen clock and positives go back to the screening before it. Over its stored version
 * (CL_ECONFLICT if it moved), with a correction row and an audit "retire" row.
 */
int cl_screening_retire(struct cl_db *db, const struct cl_id *id, long long version,
			const char *reason, struct cl_error *err);

/* ---- reading saved screenings ---- */

/* One domain of a saved screening. */
struct cl_screening_domain_result {
	char code[CL_CODE_LEN];
	char name[64]; /* English */
	char sdoh_category[CL_CODE_LEN];
	bool sensitive;
	enum cl_domain_result result;
};

/* One saved screening, for the history and the chart. */
struct cl_screening_summary {
	struct cl_id id;
	long long version;
	char screened_on[CL_DATE_LEN];
	char instrument[CL_CODE_LEN];
	enum cl_screening_status status;
	char screened_by[96]; /* display name */
	bool review;
	char error_reason[24]; /* entered-in-error: why (correction.h), else "" */
	int ndomains;	       /* 0 for a declined screening */
	struct cl_screening_domain_result domains[CL_INSTRUMENT_MAX_DOMAINS];
};

/*
 * The patient's screenings, newest first (entered-in-error ones left out), at most max;
 * *n gets the count. Sensitive domains are included: this is the chart, not a list column.
 */
int cl_screening_history(struct cl_db *db, const struct cl_id *patient_id,
			 struct cl_screening_summary *rows, int max, int *n, struct cl_error *err);

/* As cl_screening_history with the entered-in-error ones too (the chart strikes them). */
int cl_screening_history_all(struct cl_db *db, const struct cl_id *patient_id,
			     struct cl_screening_summary *rows, int max, int *n,
			     struct cl_error *err);

/* Flags for what a caller may show. */
enum cl_screening_flags {
	CL_SCREENING_WITHOUT_SENSITIVE = 1
					 << 0, /* leave out sensitive domains and the review flag */
};

/* A positive domain of the latest scored screening: what a follow-up referral needs. */
struct cl_screening_positive {
	char code[CL_CODE_LEN];
	char name[64];
	char sdoh_category[CL_CODE_LEN]; /* Gravity code: "food-insecurity", … */
	bool sensitive;
	struct cl_id screening_id;
	char screened_on[CL_DATE_LEN];
};

/* The patient's screening state, for the chart header and the follow-up step. */
struct cl_screening_latest {
	bool screened;		   /* any saved screening (declined included) */
	char last_on[CL_DATE_LEN]; /* its date, "" if never */
	enum cl_screening_status last_status;
	char due_on[CL_DATE_LEN]; /* rescreen date, "" when never screened (due now) */
	bool due;		  /* today >= due_on, or never screened */
	bool review;		  /* latest scored screening raised the review flag */
	int npositive;
	struct cl_screening_positive positive[CL_INSTRUMENT_MAX_DOMAINS];
};

/*
 * Fill out for the patient: last screening, rescreen due date (rescreen_months after the
 * latest saved screening, declined included), and the positive domains of the latest completed
 * or partial screening (a later decline does not hide known needs). flags may leave out
 * sensitive domains and the review flag (list columns).
 */
int cl_screening_latest(struct cl_db *db, const struct cl_id *patient_id, unsigned flags,
			struct cl_screening_latest *out, struct cl_error *err);

/*
 * The date months after ymd; a day past the end of the target month becomes its last day
 * (2024-02-29 + 12 months = 2025-02-28).
 */
void cl_date_add_months(const char *ymd, long months, char out[CL_DATE_LEN]);

/* One row of the due list or the "positive in domain" list (an active patient). */
struct cl_screening_due_row {
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char last_on
		[CL_DATE_LEN]; /* due list: latest screening, "" never; positive list: its date */
	char due_on[CL_DATE_LEN]; /* "" when never screened */
};

/*
 * Active patients due for screening today (never screened first, then by the date of the
 * latest screening, oldest first): up to max rows after `after` (NULL: from the top), keyset
 * over an index, O(max) at any size. *n gets the count.
 */
int cl_screening_due_page(struct cl_db *db, const struct cl_screening_due_row *after,
			  struct cl_screening_due_row *rows, int max, int *n, struct cl_error *err);

/*
 * As cl_screening_due_page backwards: up to max rows before `before` (NULL: the last rows),
 * in the list's own order (oldest first), for a list scrolling up or jumping to its end.
 */
int cl_screening_due_page_before(struct cl_db *db, const struct cl_screening_due_row *before,
				 struct cl_screening_due_row *rows, int max, int *n,
				 struct cl_error *err);

/* How many active patients are due (walks the index: O(due)). */
int cl_screening_due_count(struct cl_db *db, long long *count, struct cl_error *err);

/*
 * Active patients whose latest scored screening is positive in domain (a domain code, e.g.
 * "food"), oldest screening first, keyset-paged like the due list. A sensitive domain is
 * refused (CL_EINVAL) unless flags is 0 — pass CL_SCREENING_WITHOUT_SENSITIVE from list screens.
 */
int cl_screening_positive_page(struct cl_db *db, const char *domain, unsigned flags,
			       const struct cl_screening_due_row *after,
			       struct cl_screening_due_row *rows, int max, int *n,
			       struct cl_error *err);

/* As cl_screening_positive_page backwards (see cl_screening_due_page_before). */
int cl_screening_positive_page_before(struct cl_db *db, const char *domain, unsigned flags,
				      const struct cl_screening_due_row *before,
				      struct cl_screening_due_row *rows, int max, int *n,
				      struct cl_error *err);

/*
 * The domain codes the social-needs instruments score (the keys of domain.h for the AHC
 * tool; not the PHQ-9's or GAD-7's, whose results are no needs), each
 * once, in instrument order, with whether it is sensitive: up to max into codes and
 * sensitive; *n gets the count. For checking a "positive in" domain before listing.
 */
int cl_screening_domains(struct cl_db *db, char (*codes)[CL_CODE_LEN], bool *sensitive, int max,
			 int *n, struct cl_error *err);

/*
 * The codes of the latest positive domains of a patient as "food, utilities" into buf (size
 * bytes), "" when none; flags as cl_screening_latest. For list columns and reports.
 */
int cl_screening_positive_text(struct cl_db *db, const struct cl_id *patient_id, unsigned flags,
			       char *buf, size_t size, struct cl_error *err);

#endif
