/*
 * The worklist ("my day"): sections of patients to act on, each counted and listed by
 * urgency, for everyone or just mine. Every section is an indexed, LIMITed query: a page
 * costs O(page) and a count stops at a cap (worklist_count_cap), at any table size.
 */
#ifndef CL_WORKLIST_H
#define CL_WORKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"
#include "patient.h"

enum cl_worklist_section {
	CL_WORKLIST_TASKS,	 /* active patients' open tasks due today or overdue, most
				    overdue first */
	CL_WORKLIST_REFERRALS,	 /* open referrals of retired patients (to close), then open
				    referrals past their loop-closure date, oldest first */
	CL_WORKLIST_SCREENINGS,	 /* active patients due for screening (rescreen_months) */
	CL_WORKLIST_NOT_REACHED, /* active high-risk patients not reached in not_reached_days */
	CL_WORKLIST_DISCHARGED,	 /* active patients discharged, transitional care owed: the
				    contact (2 business days), then the visit; soonest due first */
	CL_WORKLIST_ED_VISITS,	 /* active patients after an ED visit, contact owed
				    (ed_followup_days); soonest due first */
	CL_WORKLIST_POSITIVES,	 /* active patients whose latest screening is positive, not
				    yet connected to a community service provider for those
				    needs, in the 60 days of MIPS #498: fewest days left first */
	CL_WORKLIST_SAFETY,	 /* active patients with an open same-day safety flag (PHQ-9
				    item 9): every one, in "mine" too; oldest first. The
				    worklist opens on it when it holds anyone */
	CL_WORKLIST_CHRONIC,	 /* active patients with active hypertension whose last blood
				    pressure is 140/90 or over or not of this year, and with
				    active diabetes whose last A1c is over 9% or not of this year
				    (a row for each): never measured first, then oldest first */
	CL_WORKLIST_NSECTIONS,
};

struct cl_worklist_filter {
	/* false: everyone. true: tasks assigned to me, patients whose care manager I am
	 * ("me" is the OS user's care manager row, cl_db_user_id). */
	bool mine;
};

/* One line of a section. */
struct cl_worklist_row {
	enum cl_worklist_section section;
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	enum cl_risk risk_tier;
	char care_manager_name[96]; /* tasks: the assignee; patients: their care manager */
	struct cl_id record_id;	    /* tasks: the task; referrals: the referral; else nil */
	long long record_version;   /* tasks: the task's version (to close it from the list) */
	char what[201];		    /* tasks: the title; referrals: "Food insecurity, partner"
				       (safety: CL_PRIVATE_FOLLOWUP / CL_PRIVATE_REFERRAL);
				       discharges, ED visits: the countdown, "contact due in 1
				       business day", "contact overdue 2 days", "visit due in 5
				       days"; positives: the needs' keys ("food, housing"; safety:
				       CL_PRIVATE_FOLLOWUP); not reached: how the patient
				       prefers to be reached, "morning, phone" ("" unknown);
				       chronic: the last reading ("BP 152/96",
				       "none this year: A1c 7.2%", "no A1c on record"); else "" */
	char date[CL_DATE_LEN];	    /* tasks, referrals: due date; screenings: last screened;
				       not reached: last reached; discharges, ED visits: the
				       event's date; positives: screened on; chronic: the last
				       reading's; "" never */
	long days;		    /* tasks, referrals: days overdue (tasks: 0 due today);
				       screenings, not reached: days since, -1 never;
				       discharges, ED visits: days since the event;
				       positives: days left of the 60 (0: the last day) */
	char due[CL_DATE_LEN];	    /* discharges, ED visits: when the step owed is due */
	long overdue;		    /* discharges, ED visits: days past due (> 0 late) */
	char facility[64];	    /* discharges, ED visits: where */
	/* active; or, in "Referrals overdue" only, inactive or deceased: the patient's open
	   referral is listed first, to be closed with a reason (cl_worklist_row_to_close) */
	enum cl_patient_status patient_status;
	/* keyset position: opaque, passed back as `after` */
	char key_text[32];
	struct cl_id key_id;
};

/*
 * True for a row of "Referrals overdue" whose patient is deceased or inactive: the
 * referral is still open and waits for the coordinator to close it with a reason.
 */
bool cl_worklist_row_to_close(const struct cl_worklist_row *row);

/* "close: patient deceased" or "close: patient inactive" for such a row, else "". */
const char *cl_worklist_close_text(const struct cl_worklist_row *row);

/* "Tasks due", "Referrals overdue", "Screenings due", "Not reached", "Discharged: contact
 * due", "ED visit: follow up". */
const char *cl_worklist_title(enum cl_worklist_section section);

/* Stable short names for scripts: "tasks", "referrals", "screenings", "not-reached",
 * "discharged", "ed-visits", "positives", "urgent". */
const char *cl_worklist_code(enum cl_worklist_section section);

/* False for a section whose module has not been wired in yet (its hook is empty). */
bool cl_worklist_available(enum cl_worklist_section section);

/*
 * Up to max rows of a section that follow `after` (NULL: from the top), most urgent
 * first; *n gets the number. An unavailable section gives 0 rows. O(max) rows read.
 */
int cl_worklist_page(struct cl_db *db, enum cl_worklist_section section,
		     const struct cl_worklist_filter *filter, const struct cl_worklist_row *after,
		     struct cl_worklist_row *rows, int max, int *n, struct cl_error *err);

/*
 * As cl_worklist_page backwards: up to max rows before `before` (NULL: the last rows), in
 * the section's own order (most urgent first), for a list scrolling up or jumping to its end.
 */
int cl_worklist_page_before(struct cl_db *db, enum cl_worklist_section section,
			    const struct cl_worklist_filter *filter,
			    const struct cl_worklist_row *before, struct cl_worklist_row *rows,
			    int max, int *n, struct cl_error *err);

/*
 * The number of rows of a section, counting no further than cap (cap <= 0: the
 * worklist_count_cap setting): *count is then cap and *capped true ("over 999").
 */
int cl_worklist_count(struct cl_db *db, enum cl_worklist_section section,
		      const struct cl_worklist_filter *filter, long cap, long long *count,
		      bool *capped, struct cl_error *err);

/* A count as shown: "12", or "over 999" when capped. */
void cl_worklist_count_text(long long count, bool capped, char *buf, size_t size);

#endif
