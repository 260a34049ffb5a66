/*
 * The synthetic-data generator: a deterministic clinic (same seed, same data, ids
 * included) for the demo, tests and benchmarks. No real person's data.
 */
#ifndef CL_DEMO_H
#define CL_DEMO_H

#include "db.h"
#include "error.h"

struct cl_demo_options {
	long patients;	    /* how many patients to add */
	unsigned long seed; /* same seed, same clinic */
	/* Called now and then with progress (may be NULL). */
	void (*progress)(long done, long total, void *arg);
	void *progress_arg;
};

/*
 * Add a demo clinic to db: care managers, then opt->patients patients (UTF-8 names
 * including Spanish and accented ones, ages 0-100, MRNs, phones, addresses in the Making
 * Care Primary states, every risk tier, payer and status). Runs in large transactions;
 * a failure rolls back the batch in progress. Audit rows are written per batch, not per row.
 */
int cl_demo_generate(struct cl_db *db, const struct cl_demo_options *opt, struct cl_error *err);

#endif
