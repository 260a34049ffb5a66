/*
 * Referrals and the closed loop: a referral to a specialty care partner or a community
 * organization, its status (the FHIR Task codes of the Gravity SDOH Clinical Care guide)
 * moved only along the transition table in referral.c, every move an event in its history,
 * and a loop-closure due date that puts overdue referrals on the worklist.
 */
#ifndef CL_REFERRAL_H
#define CL_REFERRAL_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"
#include "org.h"
#include "patient.h"

/* In the order of the codes: draft … entered-in-error. */
enum cl_referral_status {
	CL_REFERRAL_DRAFT,
	CL_REFERRAL_REQUESTED,
	CL_REFERRAL_ACCEPTED,
	CL_REFERRAL_REJECTED,
	CL_REFERRAL_IN_PROGRESS,
	CL_REFERRAL_ON_HOLD,
	CL_REFERRAL_FAILED,
	CL_REFERRAL_COMPLETED,
	CL_REFERRAL_CANCELLED,
	CL_REFERRAL_ENTERED_IN_ERROR,
	CL_REFERRAL_STATUS_COUNT
};

/* The outcome a coordinator records when the loop closes ("" while open: CL_OUTCOME_NONE). */
enum cl_referral_outcome {
	CL_OUTCOME_NONE,
	CL_OUTCOME_GOT_HELP,
	CL_OUTCOME_COULD_NOT_CONTACT,
	CL_OUTCOME_NOT_ELIGIBLE,
	CL_OUTCOME_NO_CAPACITY,
	CL_OUTCOME_COULD_NOT_GET_HELP,
	CL_OUTCOME_NO_LONGER_INTERESTED,
	CL_OUTCOME_REFERRED_ELSEWHERE,
	CL_OUTCOME_COUNT
};

enum cl_referral_kind { CL_REFERRAL_SPECIALTY, CL_REFERRAL_COMMUNITY };
enum cl_referral_priority { CL_PRIORITY_ROUTINE, CL_PRIORITY_URGENT };
enum cl_referral_mode { CL_MODE_REFERRAL, CL_MODE_ECONSULT };

/* Stored codes ("in-progress", "could-not-contact", "e-consult", …) and words to show. */
const char *cl_referral_status_code(enum cl_referral_status v);
const char *cl_referral_status_name(enum cl_referral_status v);
const char *cl_referral_outcome_code(enum cl_referral_outcome v);
const char *
cl_referral_outcome_name(enum cl_referral_outcome v); /* "couldn't contact the patient" */
const char *cl_referral_kind_code(enum cl_referral_kind v);
const char *cl_referral_priority_code(enum cl_referral_priority v);
const char *cl_referral_mode_code(enum cl_referral_mode v);

/* Code → value; -1 when unknown. */
int cl_referral_status_parse(const char *code);
int cl_referral_outcome_parse(const char *code);

/*
 * The open statuses, the one list (cl_referral_status_open reads it): the SQL term the
 * core's queries put after "status IN ". The migrations repeat it word for word in the WHERE
 * of the partial indexes referral_open_due (schema/004_referral.sql), referral_worklist and
 * referral_worklist_cm (schema/007_deceased.sql): an index's WHERE cannot read a table or
 * a C constant, and SQLite uses a partial index only for a query that repeats its term.
 * test_referral checks that the stored indexes still say this.
 */
#define CL_REFERRAL_OPEN_STATUSES "('draft', 'requested', 'accepted', 'in-progress', 'on-hold')"

/* Open: CL_REFERRAL_OPEN_STATUSES. Closed: completed, failed, rejected, cancelled.
 * entered-in-error is neither (hidden from lists). */
bool cl_referral_status_open(enum cl_referral_status v);
bool cl_referral_status_closed(enum cl_referral_status v);

/* ---- the transition table ---- */

struct cl_referral_transition_rule {
	enum cl_referral_status from, to;
	bool needs_reason; /* a status reason is required (rejected, failed, cancelled) */
	bool reopens;	   /* a closed referral reopened: a note is required */
	const char *label; /* the action as a coordinator says it: "accept", "reopen", … */
};

/* The legal transitions, for menus and help; *n gets the count. */
const struct cl_referral_transition_rule *cl_referral_transitions(size_t *n);

/* The rule for from → to, or NULL when the move is not allowed. */
const struct cl_referral_transition_rule *cl_referral_rule(enum cl_referral_status from,
							   enum cl_referral_status to);

struct cl_referral {
	struct cl_id id; /* nil until created */
	struct cl_id patient_id;
	enum cl_referral_kind kind;
	struct cl_id organization_id;
	char service[64]; /* HRSN domain code (community) or specialty code (specialty) */
	char reason[512];
	enum cl_referral_priority priority;
	enum cl_referral_mode mode;
	char consent_date[CL_DATE_LEN]; /* the patient agreed to share information; "" = no */
	char referred_on[CL_DATE_LEN];
	char due_date[CL_DATE_LEN]; /* loop-closure due date; "" on create = from the settings */
	enum cl_referral_status status;
	char status_reason[256];
	enum cl_referral_outcome outcome;
	char closed_on[CL_DATE_LEN];
	char care_manager[64];	    /* login of the coordinator who follows it; "" = unassigned */
	char care_manager_name[96]; /* their display name (read only, filled on load) */
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version; /* 0 until created */
};

/* A new referral: requested, routine, referral mode, today, assigned to the current user. */
void cl_referral_init(struct cl_referral *r, struct cl_db *db);

/* Field table for the referral form (key, label, kind, choices): kind organization service
 * reason priority mode consent_date referred_on due_date care_manager. */
extern const struct cl_field cl_referral_fields[];
extern const struct cl_record_type cl_referral_type; /* the table and its stored fields */

/* Read / parse one field as text (organization as its id's text form). err->field = key. */
int cl_referral_field_get(const struct cl_referral *r, const char *key, char *buf, size_t size);
int cl_referral_field_set(struct cl_referral *r, const char *key, const char *value,
			  struct cl_error *err);

/* The default due date: referred_on + loop_days_routine or loop_days_urgent days. */
void cl_referral_default_due(struct cl_db *db, enum cl_referral_priority priority,
			     const char *referred_on, char out[CL_DATE_LEN]);

/*
 * Check r against the database: patient and organization exist, the organization is active
 * and of the referral's kind, the service code fits the kind, a community referral past
 * draft has the patient's consent, dates are valid and due_date is not before referred_on.
 */
int cl_referral_validate(struct cl_db *db, const struct cl_referral *r, struct cl_error *err);

/*
 * Insert r (status draft or requested). An empty due_date is filled by
 * cl_referral_default_due. Writes the first event ("" → status) and an audit "create", all in
 * one transaction. *stale_partner (may be NULL) is set when the chosen organization's entry
 * needs re-verifying, so the caller can flag it.
 */
int cl_referral_create(struct cl_db *db, struct cl_referral *r, bool *stale_partner,
		       struct cl_error *err);

/*
 * Save the editable fields (not status, reason or outcome: see cl_referral_transition)
 * over the stored version r->version; CL_ECONFLICT when someone saved first.
 */
int cl_referral_update(struct cl_db *db, struct cl_referral *r, struct cl_error *err);

/* Load by id. CL_ENOTFOUND when missing. */
int cl_referral_get(struct cl_db *db, const struct cl_id *id, struct cl_referral *r,
		    struct cl_error *err);

/* A status change as the coordinator asks for it. */
struct cl_referral_change {
	enum cl_referral_status to;
	const char *status_reason;	  /* required for rejected, failed, cancelled */
	enum cl_referral_outcome outcome; /* required when the loop closes; else NONE */
	const char *note;		  /* required to reopen a closed referral */
	/* The day it really happened (backdated), YYYY-MM-DD; NULL or "" for today. */
	const char *happened_on;
};

/*
 * Move r to change->to along the transition table, as of r->version: refused with
 * CL_EINVAL (a message naming both statuses) when the table has no such move or a
 * required reason, outcome or note is missing, or (draft → requested of a community
 * referral) the patient's consent is not recorded; CL_ECONFLICT when the referral changed
 * since r was read. A backdated change (happened_on) may not be in the future, nor before
 * referred_on or the day of the referral's last status change (CL_EINVAL on field
 * "happened_on"); closing sets closed_on to that day, and the measures count it.
 * In one transaction: the status (closing sets closed_on and the outcome,
 * reopening clears them), a referral_event (who, when, from, to, reason, outcome, note) and
 * an audit row. On success r is reloaded.
 */
int cl_referral_transition(struct cl_db *db, struct cl_referral *r,
			   const struct cl_referral_change *change, struct cl_error *err);

/* ---- history ---- */

struct cl_referral_event {
	char at[32];
	char actor[64];
	char from_status[20]; /* "" for the creation */
	char to_status[20];
	char status_reason[256];
	char outcome[32];
	char note[512];
	char happened_on[CL_DATE_LEN]; /* the day it happened (backdated or the day recorded);
					  "" for the creation and older rows: the day of at */
};

/* The history of a referral, oldest first (at most max); *n gets the count. */
int cl_referral_events(struct cl_db *db, const struct cl_id *referral, struct cl_referral_event *ev,
		       int max, int *n, struct cl_error *err);

/* ---- lists ---- */

struct cl_referral_row {
	struct cl_id id;
	struct cl_id patient_id;
	char mrn[32];
	char patient_name[192]; /* "Family, Given" */
	enum cl_referral_kind kind;
	char organization[128];
	char service[64];
	enum cl_referral_priority priority;
	enum cl_referral_status status;
	enum cl_referral_outcome outcome;
	char referred_on[CL_DATE_LEN];
	char due_date[CL_DATE_LEN];
	char care_manager_name[96];
	long age_days; /* days since referred_on (to closed_on once closed) */
	bool overdue;  /* open and past its due date */
	/* not active: an open referral is to close with a reason (never closed for you) */
	enum cl_patient_status patient_status;
	bool sensitive; /* a safety referral: in a list over patients (cl_referral_list,
			   cl_referral_page) its organization and service are "" and it reads
			   CL_PRIVATE_REFERRAL; a patient's own list keeps them */
};

/* Which referrals a list shows. */
enum cl_referral_scope {
	CL_REFERRALS_OPEN,    /* every open status (the default) */
	CL_REFERRALS_OVERDUE, /* open and past due */
	CL_REFERRALS_STATUS,  /* exactly filter.status (any status but entered-in-error) */
	CL_REFERRALS_ALL,     /* all but entered-in-error */
};

struct cl_referral_filter {
	enum cl_referral_scope scope;
	enum cl_referral_status status;	  /* CL_REFERRALS_STATUS only */
	int kind;			  /* -1 = any, else enum cl_referral_kind */
	const struct cl_id *organization; /* NULL = any */
	const char *care_manager;	  /* login; NULL = anyone */
	bool overdue;			  /* only those past due: with CL_REFERRALS_STATUS, of
					     that status; with OPEN or ALL, CL_REFERRALS_OVERDUE */
};

/*
 * Referrals in the filter by due date (so overdue ones come first), keyset-paged: up to
 * max rows after `after` (NULL = from the top). entered-in-error is never listed.
 */
int cl_referral_list(struct cl_db *db, const struct cl_referral_filter *filter,
		     const struct cl_referral_row *after, struct cl_referral_row *rows, int max,
		     int *n, struct cl_error *err);

/*
 * As cl_referral_list, in both directions for a virtual list: with backward, up to max rows
 * before `after` (NULL: the last rows), still in forward (due date) order.
 */
int cl_referral_page(struct cl_db *db, const struct cl_referral_filter *filter,
		     const struct cl_referral_row *after, bool backward,
		     struct cl_referral_row *rows, int max, int *n, struct cl_error *err);

/* A patient's referrals (all but entered-in-error), newest first; at most max. */
int cl_referral_for_patient(struct cl_db *db, const struct cl_id *patient,
			    struct cl_referral_row *rows, int max, int *n, struct cl_error *err);

/* Number of open referrals past due today (for the worklist's count). */
int cl_referral_overdue_count(struct cl_db *db, long long *count, struct cl_error *err);

#endif
