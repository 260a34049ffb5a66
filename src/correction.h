/*
 * Corrections, as clinical records require: nothing is deleted, every mistake is fixed in
 * the open. A done (or cancelled) task is reopened, a done one cancelled, each with the
 * coordinator's reason; a contact, goal, clinical event or screening is marked entered in
 * error with a reason code. The record stays (the chart shows it struck through) and every
 * count, measure, worklist section, risk rule and the rescreen clock leave it out. Each
 * correction is an append-only row (who, when, why) and an audit row, in the transaction of
 * the change.
 */
#ifndef CL_CORRECTION_H
#define CL_CORRECTION_H

#include <stdbool.h>
#include <stddef.h>

#include "careplan.h"
#include "db.h"
#include "error.h"
#include "id.h"

/*
 * Why a record was entered in error, NULL-terminated: wrong-patient (charted on the wrong
 * person), wrong-date, duplicate (recorded twice), wrong-details, other.
 */
extern const char *const cl_error_reason_codes[];

/* The words for a reason code ("wrong patient"); the code itself when unknown. */
const char *cl_error_reason_label(const char *code);

/* The records that can be marked entered in error. */
enum cl_correctable {
	CL_CORRECT_CONTACT,
	CL_CORRECT_GOAL,
	CL_CORRECT_EVENT, /* a clinical event (ED visit, admission, discharge) */
	CL_CORRECT_SCREENING,
};

/* "contact", "goal", "event", "screening". */
const char *cl_correctable_name(enum cl_correctable what);

/*
 * Mark the record id of kind what entered in error for reason (one of
 * cl_error_reason_codes: CL_EINVAL on field "reason" otherwise), over its stored version
 * (CL_ECONFLICT "changed by … at …" when it moved or is already entered in error;
 * CL_ENOTFOUND when there is none). An event stops owing its follow-up. One transaction
 * with the correction row and an audit "retire" row.
 */
int cl_entered_in_error(struct cl_db *db, enum cl_correctable what, const struct cl_id *id,
			long long version, const char *reason, struct cl_error *err);

/*
 * Correct a closed task: to CL_TASK_OPEN reopens a done or cancelled task (closed_at and
 * closed_by cleared; audit "update"), to CL_TASK_CANCELLED cancels a done one (closed now,
 * by the current user; audit "retire"). reason: the coordinator's words, 1-500 bytes
 * (CL_EINVAL on field "reason"). An open task, or a move not listed, is CL_EINVAL on field
 * "status"; CL_ECONFLICT when someone saved first. On success t is reloaded.
 */
int cl_task_correct(struct cl_db *db, struct cl_task *t, enum cl_task_status to, const char *reason,
		    struct cl_error *err);

/* One correction as read back (the newest first). */
struct cl_correction {
	char record_type[16]; /* "task", "contact", "goal", "clinical_event", "screening" */
	char action[20];      /* "reopen", "cancel", "entered-in-error" */
	char reason[501];
	char at[32]; /* UTC */
	char by[64]; /* login */
};

/* The corrections of one record, newest first, at most max; *n gets the count. */
int cl_correction_list(struct cl_db *db, const struct cl_id *record, struct cl_correction *rows,
		       int max, int *n, struct cl_error *err);

/* ---- for the stores: inside the caller's transaction ---- */

/* Append a correction row (record_type as stored, action, reason) by the current user, now. */
int cl_correction_add_in_tx(struct cl_db *db, const struct cl_id *patient, const char *record_type,
			    const struct cl_id *record, const char *action, const char *reason,
			    struct cl_error *err);

#endif
