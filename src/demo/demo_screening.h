/*
 * Demo screenings: AHC HRSN screenings for about 60% of the demo clinic's patients, with
 * realistic answer mixes (positives in every domain, partial and declined screenings, some
 * older than the rescreen interval so that they are due), deterministic for a seed. Called by
 * the demo generator after the patients exist (src/demo.c).
 */
#ifndef CL_DEMO_SCREENING_H
#define CL_DEMO_SCREENING_H

#include "db.h"
#include "error.h"

struct cl_demo_screening_stats {
	long patients; /* patients looked at (never screened before) */
	long patients_screened;
	long screenings;	 /* saved, declined included */
	long declined, positive; /* positive: screenings with at least one positive domain */
};

/*
 * Screen the patients that have never been screened (so a second run only adds to new
 * patients): each is screened or not by the seed and its id alone, so the same seed and
 * patients give the same rows. At most 100,000 patients a run are screened (the first in id
 * order), to keep a demo of millions quick. Scored by the instrument's rules (scoring.h); the derived rows
 * (rescreen clock, positives) are kept as cl_screening_complete keeps them. Batches of patients
 * per transaction with one audit "import" row each. stats may be NULL.
 */
int cl_demo_screening(struct cl_db *db, unsigned long seed, struct cl_demo_screening_stats *stats,
		      struct cl_error *err);

#endif
