/*
 * The demo clinic's case notes, deterministic for a seed: a sprinkle of notes (phone call
 * summaries, home visits, care conferences, plain notes; some of several lines, some in
 * Spanish words) on about a third of the active patients, more for higher risk, a few of
 * them amended (the original kept, marked amended). Called by the demo generator after the
 * care plans (src/demo.c).
 */
#ifndef CL_DEMO_NOTES_H
#define CL_DEMO_NOTES_H

#include "db.h"
#include "error.h"

struct cl_demo_notes_stats {
	long patients, notes, amended;
};

/*
 * Add notes to the first max_patients active patients (by id) that have none yet. Same
 * seed, same patients and same today: same rows. One transaction (a failure adds nothing),
 * one audit "import" row. stats (may be NULL) gets what was added.
 */
int cl_demo_notes(struct cl_db *db, unsigned long seed, long max_patients,
		  struct cl_demo_notes_stats *stats, struct cl_error *err);

#endif
