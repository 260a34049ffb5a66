/*
 * Demo behavioral health: PHQ-9 and GAD-7 screenings for some of the demo clinic's
 * patients, and the collaborative care registry's stories, so that a newcomer sees each one:
 * a patient responding (a 50% drop), one in remission (PHQ-9 below 5), one not improving
 * after 13 weeks (flagged for case review), each enrolled with four PHQ-9s and contacts
 * whose minutes make CPT codes. (No same-day safety flag yet: its task would take a random
 * id, and the same seed must give the same rows.)
 * Deterministic for a seed. Called by the demo generator after the care plans.
 */
#ifndef CL_DEMO_BEHAVIORAL_H
#define CL_DEMO_BEHAVIORAL_H

#include "db.h"
#include "error.h"

struct cl_demo_behavioral_stats {
	long screenings; /* PHQ-9 and GAD-7 saved */
	long enrolled;
	long safety_flags;
};

/*
 * Through the core's own calls (each screening, enrollment and contact its transaction):
 * for patients with no PHQ-9 or GAD-7 yet (a second run adds to new patients only), the
 * last active adults by MRN, at most 60 screened and 3 enrolled. stats may be NULL.
 */
int cl_demo_behavioral(struct cl_db *db, unsigned long seed, struct cl_demo_behavioral_stats *stats,
		       struct cl_error *err);

#endif
