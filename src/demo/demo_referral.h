/*
 * The demo clinic's partner directory and referrals, deterministic for a seed: about 20
 * organizations (some not verified lately) and referrals for about 5% of the active patients
 * in every status, with their history, some overdue. Called by the demo generator after the
 * patients exist (src/demo.c).
 */
#ifndef CL_DEMO_REFERRAL_H
#define CL_DEMO_REFERRAL_H

#include "db.h"
#include "error.h"

struct cl_demo_referral_stats {
	long organizations, referrals, events;
};

/*
 * Add the demo directory when the directory is empty, then referrals for about 5% of the
 * active patients that have none yet (each run draws again among those). Dates are
 * relative to today (cl_date_today), ids and times come from the seed: same seed, same
 * patients and same today, same rows. One transaction per batch of patients, one audit
 * "import" row per table and batch. stats (may be NULL) gets what was added.
 */
int cl_demo_referrals(struct cl_db *db, unsigned long seed, struct cl_demo_referral_stats *stats,
		      struct cl_error *err);

#endif
