/*
 * Program measures (the month-end report): each measure is defined once, as one row of the
 * table in measure.c — its key, title, definition and one SQL "cohort" (the units it counts,
 * each marked in the denominator, the numerator or excluded) — and both its figures and its
 * gap list (the denominator's units not in the numerator) are read from that cohort. A
 * result always carries the numerator, the denominator and the exclusions, never only a
 * percentage; some measures add figures of their own (declined, overdue, minutes, median
 * days). Parameters: the period [from, to] (inclusive local dates), "today" (passed in, so
 * that tests fix it) and optionally one care manager. See careloop(1), "MEASURES".
 */
#ifndef CL_MEASURE_H
#define CL_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"

/* One measure: what the report, the Reports view and the man page show of it. */
struct cl_measure {
	const char *key;	 /* "sdoh-screening", … (careloop report MEASURE) */
	const char *title;	 /* "Screening for social drivers of health (MIPS #487)" */
	const char *short_title; /* at most 24 columns, for the Reports view */
	const char *definition;	 /* numerator over denominator, exclusions, in a sentence */
	const char *unit;	 /* what is counted: "patients", "referrals", "discharges" */
	const char *group;	 /* the breakdown's name ("domain", "partner", …) or NULL */
	const char *extra[2];	 /* names of the extra figures ("declined", …) or NULL */
	bool median;		 /* has a median of days (to closure, to connection) */
	bool inverse;		 /* lower is better; the gap list is the numerator */
	const char *gap_title;	 /* the gap list's heading, or NULL when it has none */
	const char *gap_date;	 /* what a gap row's date is: "Last screened", "Due", … */
	const char *not_on_hub;	 /* why the hub cannot compute it, or NULL when it can */
	/* the core's own: the cohort and gap statements, how the total is formed */
	const char *sql_cohort;
	const char *sql_gap;
	bool total_in_cohort;
};

/* The measures, in report order; *n gets the count. */
const struct cl_measure *cl_measures(size_t *n);

/* The measure of key, or NULL. */
const struct cl_measure *cl_measure_find(const char *key);

/* What a measure is computed over. */
struct cl_measure_query {
	char from[CL_DATE_LEN];	   /* first day of the period */
	char to[CL_DATE_LEN];	   /* last day, inclusive */
	char today[CL_DATE_LEN];   /* for overdue and days left */
	bool has_care_manager;	   /* only this care manager's patients */
	struct cl_id care_manager; /* (patient.care_manager_id) */
	bool by_care_manager;	   /* figures per care manager */
};

/*
 * Set q to the last full month before today (today YYYY-MM-DD), everyone's. CL_EINVAL when
 * today is not a date.
 */
int cl_measure_query_last_month(struct cl_measure_query *q, const char *today,
				struct cl_error *err);

/* Move q's period to the calendar month `months` away from the month of q->from. */
void cl_measure_query_shift(struct cl_measure_query *q, int months);

/* Check q's dates (valid, from <= to, today valid): 0 or CL_EINVAL naming the field. */
int cl_measure_query_check(const struct cl_measure_query *q, struct cl_error *err);

/* One line of a result: the whole (group "") or one group, for everyone or one manager. */
struct cl_measure_figure {
	char group[128];       /* "" for the whole; a domain, partner, tier or month */
	char care_manager[96]; /* by_care_manager: the display name ("(unassigned)"); else "" */
	struct cl_id care_manager_id; /* nil when unassigned or not by care manager */
	long long numerator, denominator, exclusions;
	long long extra[2]; /* as named by the measure's extra[] */
	bool has_median;    /* some numerator unit had days */
	double median_days;
};

struct cl_measure_result {
	const struct cl_measure *measure;
	struct cl_measure_figure *figures; /* per care manager (when by): the whole, then groups */
	int n;
};

/*
 * Compute measure m over q. On success out holds the figures (free with
 * cl_measure_result_free): for each care manager in turn when q->by_care_manager (by
 * display name), the whole first, then its groups in order. An empty period gives one
 * whole figure of zeros.
 */
int cl_measure_compute(struct cl_db *db, const struct cl_measure *m,
		       const struct cl_measure_query *q, struct cl_measure_result *out,
		       struct cl_error *err);
void cl_measure_result_free(struct cl_measure_result *r);

/* numerator / denominator in percent, or -1 when the denominator is 0. */
double cl_measure_percent(const struct cl_measure_figure *f);

/* One patient of a gap list (who still needs screening, whose loop is open, …). */
struct cl_measure_gap_row {
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char date[CL_DATE_LEN]; /* the unit's date: last screened, positive screen, referred,
				   discharged, last contact; "" when none */
	char what[96];		/* "never screened", "12 days left", "private referral", … */
};

/*
 * Up to max rows of m's gap over q that come after `after` (NULL: from the top), by date
 * then MRN; *n gets the number. A measure without a gap list (gap_title NULL) gives 0 rows.
 * Safety (interpersonal violence) is never named in `what`.
 */
int cl_measure_gap(struct cl_db *db, const struct cl_measure *m, const struct cl_measure_query *q,
		   const struct cl_measure_gap_row *after, struct cl_measure_gap_row *rows, int max,
		   int *n, struct cl_error *err);

/*
 * Days left of the 60 for connecting a positive screen of screened_on, as of today:
 * 60 on the day of the screen, 0 on day 60, negative once the window has passed.
 */
long cl_measure_connection_days_left(const char *screened_on, const char *today);

#endif
