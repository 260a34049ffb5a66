/*
 * The care plan: goals in the patient's words and tasks with due dates. Each record has a
 * field table for forms (cl_goal_fields, cl_task_fields; drive them with cl_goal_field_set
 * and friends), an optimistic save (CL_ECONFLICT "changed by … at …" when someone saved
 * first) and a list for the chart. Nothing is deleted: goals and tasks end by status.
 */
#ifndef CL_CAREPLAN_H
#define CL_CAREPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"
#include "patient.h"

/*
 * HRSN domains a goal may be about: the Gravity Project SDOH category codes (as referrals
 * use), NULL-terminated: food-insecurity housing-instability inadequate-housing
 * transportation-insecurity utility-insecurity intimate-partner-violence
 * financial-insecurity social-connection.
 */
extern const char *const cl_hrsn_domain_codes[];

/* ---- goals ---- */

enum cl_goal_status { CL_GOAL_PROPOSED, CL_GOAL_ACTIVE, CL_GOAL_ACHIEVED, CL_GOAL_CANCELLED };
const char *cl_goal_status_code(enum cl_goal_status v);

struct cl_goal {
	struct cl_id id; /* nil until created */
	struct cl_id patient_id;
	char description[501]; /* in the patient's words */
	char domain[32];       /* "" or one of cl_hrsn_domain_codes */
	char target_date[CL_DATE_LEN];
	enum cl_goal_status status;
	char error_reason[24]; /* entered in error: why (correction.h), else "" (read only) */
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version; /* 0 until created */
};

/* Fields: description, domain, target_date, status. */
extern const struct cl_field cl_goal_fields[];

/* A new goal for patient: proposed, target date in 90 days. */
void cl_goal_init(struct cl_goal *g, const struct cl_id *patient);
int cl_goal_field_get(const struct cl_goal *g, const char *key, char *buf, size_t size);
int cl_goal_field_set(struct cl_goal *g, const char *key, const char *value, struct cl_error *err);
int cl_goal_validate(const struct cl_goal *g, struct cl_error *err);

/* May a goal go from one status to another? (proposed → active | achieved | cancelled,
 * active → achieved | cancelled; achieved and cancelled are final.) Same status: true. */
bool cl_goal_can_move(enum cl_goal_status from, enum cl_goal_status to);

/*
 * Insert g (id, version 1, stamps assigned) with an audit "create" row, one transaction.
 * A new goal must be proposed or active. On failure g is unchanged.
 */
int cl_goal_create(struct cl_db *db, struct cl_goal *g, struct cl_error *err);

/*
 * Save g over stored version g->version (text, domain, date, status; a status change must
 * be allowed by cl_goal_can_move from the stored status). A goal entered in error is kept
 * as it was: CL_EINVAL. CL_ECONFLICT when someone saved first; on success version and stamps
 * move on. Audit "update" ("retire" when cancelled).
 */
int cl_goal_update(struct cl_db *db, struct cl_goal *g, struct cl_error *err);

int cl_goal_get(struct cl_db *db, const struct cl_id *id, struct cl_goal *g, struct cl_error *err);

/* A patient's goals by target date (at most max; closed and entered-in-error ones only when
 * include_closed). */
int cl_goal_list(struct cl_db *db, const struct cl_id *patient, bool include_closed,
		 struct cl_goal *rows, int max, int *n, struct cl_error *err);

/* ---- tasks ---- */

enum cl_task_status { CL_TASK_OPEN, CL_TASK_DONE, CL_TASK_CANCELLED };
const char *cl_task_status_code(enum cl_task_status v);

struct cl_task {
	struct cl_id id; /* nil until created */
	struct cl_id patient_id;
	struct cl_id goal_id; /* nil: not part of a goal */
	char title[201];
	char due_date[CL_DATE_LEN];
	char assignee[64];	    /* care manager login, "" = unassigned */
	char assignee_name[96];	    /* display name (read only, filled on load) */
	enum cl_task_status status; /* change it with cl_task_close, not in the form */
	char closed_at[32];	    /* UTC, when done or cancelled, else "" */
	char closed_by[64];	    /* login, when done or cancelled, else "" */
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version;
};

/* Fields: title, due_date, assignee. (The goal is picked from cl_goal_list.) */
extern const struct cl_field cl_task_fields[];

/* A new open task for patient, due today, assigned to the current user. */
void cl_task_init(struct cl_task *t, struct cl_db *db, const struct cl_id *patient);
int cl_task_field_get(const struct cl_task *t, const char *key, char *buf, size_t size);
int cl_task_field_set(struct cl_task *t, const char *key, const char *value, struct cl_error *err);
int cl_task_validate(const struct cl_task *t, struct cl_error *err);

/*
 * Insert t (open) with an audit "create" row. The goal, when set, must belong to the same
 * patient and not be entered in error (CL_EINVAL on field "goal"). On failure t is
 * unchanged.
 */
int cl_task_create(struct cl_db *db, struct cl_task *t, struct cl_error *err);

/*
 * Save title, due date, assignee and goal of an open task over t->version (CL_ECONFLICT).
 * A task may stay under a goal entered in error, not be moved to one (CL_EINVAL on "goal").
 */
int cl_task_update(struct cl_db *db, struct cl_task *t, struct cl_error *err);

/*
 * Close an open task as done or cancelled over t->version, keeping who and when (audit
 * "update" for done, "retire" for cancelled). A closed task is CL_EINVAL; CL_ECONFLICT
 * when someone saved first. On success t is reloaded.
 */
int cl_task_close(struct cl_db *db, struct cl_task *t, enum cl_task_status status,
		  struct cl_error *err);

int cl_task_get(struct cl_db *db, const struct cl_id *id, struct cl_task *t, struct cl_error *err);

/* A patient's tasks by due date (at most max; closed ones only when include_closed). */
int cl_task_list(struct cl_db *db, const struct cl_id *patient, bool include_closed,
		 struct cl_task *rows, int max, int *n, struct cl_error *err);

/* ---- for contact.c and screening.c: inside the caller's transaction ---- */

/* Create task t (as cl_task_create) with its audit row; sets t->id. Does not begin or commit. */
int cl_task_create_in_tx(struct cl_db *db, struct cl_task *t, struct cl_error *err);

/* Close task id (expected at version) as done/cancelled by the current user, now, with
 * its audit row. Does not begin or commit. */
int cl_task_close_in_tx(struct cl_db *db, const struct cl_id *id, long long version,
			enum cl_task_status status, const struct cl_id *patient,
			struct cl_error *err);

#endif
