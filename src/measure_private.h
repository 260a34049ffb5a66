/*
 * The measures' figures summed from cohort rows, whichever database ran the cohort: a
 * site's file (measure.c) or the hub (hub_report.c). Not for the interface.
 */
#ifndef CL_MEASURE_PRIVATE_H
#define CL_MEASURE_PRIVATE_H

#include <stdbool.h>

#include "error.h"
#include "id.h"
#include "measure.h"

/* One row of a cohort statement (see measure.c), its columns read. */
struct cl_measure_unit {
	char group[128];
	long long ord;
	struct cl_id care_manager; /* nil: unassigned, or figures not by care manager */
	long long den, num, excl, x1, x2;
	bool has_days;
	double days;
};

struct cl_measure_agg;

/* The figures so far (start from { 0 }; release with cl_measure_sum_free). */
struct cl_measure_sum {
	struct cl_measure_agg *a;
	int n, cap;
};

/* Add one cohort row of m (and to the whole, when m's groups do not carry it). */
int cl_measure_sum_add(struct cl_measure_sum *s, const struct cl_measure *m,
		       const struct cl_measure_unit *u, struct cl_error *err);

/*
 * The result of m from s's rows, as cl_measure_compute gives it (medians, order; care
 * managers' names only as s holds them). Free out with cl_measure_result_free; s still
 * needs cl_measure_sum_free.
 */
int cl_measure_sum_result(struct cl_measure_sum *s, const struct cl_measure *m,
			  struct cl_measure_result *out, struct cl_error *err);

void cl_measure_sum_free(struct cl_measure_sum *s);

#endif
