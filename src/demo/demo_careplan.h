/*
 * Demo care plans: goals, tasks, contacts, clinical events and chronic-condition counts for
 * the demo clinic's patients, deterministic for a seed. Called by the demo generator after
 * the patients exist (src/demo.c).
 */
#ifndef CL_DEMO_CAREPLAN_H
#define CL_DEMO_CAREPLAN_H

#include "db.h"
#include "error.h"

struct cl_demo_careplan_stats {
	long patients, goals, tasks, contacts, events;
};

/*
 * Add a care plan to every patient that has no task, contact or goal yet (so a second run
 * adds to new patients only): about 10 rows a patient (more for high risk: overdue tasks,
 * hospital events, gaps in contact), over the year before today. Same seed and patients,
 * same rows. One transaction for the whole run (derived patient columns included: a run
 * that fails or is killed adds nothing), one audit "import" row per table and batch. progress (may be NULL) is called after each batch with patients done and total.
 * stats (may be NULL) gets what was added.
 */
int cl_demo_careplan(struct cl_db *db, unsigned long seed,
		     void (*progress)(long done, long total, void *arg), void *arg,
		     struct cl_demo_careplan_stats *stats, struct cl_error *err);

/* As cl_demo_careplan, for at most max_patients patients. */
int cl_demo_careplan_max(struct cl_db *db, unsigned long seed, long max_patients,
			 void (*progress)(long done, long total, void *arg), void *arg,
			 struct cl_demo_careplan_stats *stats, struct cl_error *err);

#endif
