/*
 * Risk and care management: the patient's risk tier with its reason and history, the
 * hospital events and chronic-condition count the risk rules read, the rules' suggestion
 * (which the coordinator accepts or overrides), and care manager (re)assignment.
 */
#ifndef CL_RISK_H
#define CL_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"
#include "patient.h"

/* ---- clinical events (ED visits, admissions, discharges) ---- */

enum cl_event_kind { CL_EVENT_ED_VISIT, CL_EVENT_ADMISSION, CL_EVENT_DISCHARGE };
/* "ed-visit", "admission", "discharge". */
const char *cl_event_kind_code(enum cl_event_kind v);

/* Where an event came from: typed in the chart, an HIE portal's CSV, an HL7 ADT message. */
enum cl_event_source { CL_EVENT_FROM_CHART, CL_EVENT_FROM_CSV, CL_EVENT_FROM_HL7 };
/* "chart", "csv", "hl7". */
const char *cl_event_source_code(enum cl_event_source v);

/* The follow-up an event owes now (schema/011_events.sql): nothing, a contact, a visit. */
enum cl_followup_step { CL_FOLLOWUP_NONE, CL_FOLLOWUP_CONTACT, CL_FOLLOWUP_VISIT };

struct cl_clinical_event {
	struct cl_id id;
	struct cl_id patient_id;
	enum cl_event_kind kind;
	char event_date[CL_DATE_LEN]; /* not in the future */
	char event_time[6];	      /* local "HH:MM", or "" when not known */
	char facility[201];
	char reason[501]; /* as the source gives it: a complaint or a diagnosis */
	char note[501];
	/* Set by imports (the chart leaves them ""): PV1-2 patient class, PV1-36 disposition. */
	char patient_class[9];
	char disposition[17];
	/* Where it came from and its identity there (imports; see cl_event_store). */
	enum cl_event_source source;
	char source_sender[201];
	char source_key[301];
	/* Read only (kept by the core): the follow-up owed and its due dates, "" for none. */
	enum cl_followup_step followup_step;
	char followup_due[CL_DATE_LEN];
	char contact_due[CL_DATE_LEN];
	char visit_due[CL_DATE_LEN];
	char error_reason[24]; /* entered in error: why (correction.h), else "" */
	char created_at[32];
	char updated_by[64];
	long long version;
};

/* Fields: kind, event_date, event_time, facility, reason, note. */
extern const struct cl_field cl_event_fields[];
void cl_event_init(struct cl_clinical_event *e, const struct cl_id *patient);
int cl_event_field_set(struct cl_clinical_event *e, const char *key, const char *value,
		       struct cl_error *err);
int cl_event_field_get(const struct cl_clinical_event *e, const char *key, char *buf, size_t size);

/*
 * Record an event (audit "create") in its own transaction; a date after today is CL_EINVAL
 * on "event_date". The follow-up it owes is set here, from the settings and today:
 * - a discharge: a contact within 2 business days (cl_business_days_add: weekends and the
 *   clinic's holidays skipped), then a face-to-face visit within 7 days when the patient is
 *   high risk, 14 days otherwise (transitional care management);
 * - an ED visit: a contact within ed_followup_days;
 * - an admission owes nothing, nor does an event older than followup_window_days (history
 *   entered late). A contact already logged since the event counts (the schema's triggers).
 * On success e->id, version and the follow-up members are filled.
 */
int cl_event_add(struct cl_db *db, struct cl_clinical_event *e, struct cl_error *err);

/*
 * As cl_event_add inside the caller's transaction (an import), with the audit action
 * given (CL_AUDIT_IMPORT). An event with the same patient, source, source_sender and
 * source_key as a stored one is CL_EEXIST (nothing written).
 */
int cl_event_store(struct cl_db *db, struct cl_clinical_event *e, int audit_action,
		   struct cl_error *err);

/* Is an event with this identity stored (patient, source, sender, key)? */
int cl_event_source_exists(struct cl_db *db, const struct cl_id *patient,
			   enum cl_event_source source, const char *sender, const char *key,
			   bool *exists, struct cl_error *err);

/*
 * Recompute the contact due dates of every discharge whose contact is still owed (after the
 * holidays changed), in the caller's transaction.
 */
int cl_event_followup_refresh(struct cl_db *db, struct cl_error *err);

/* A patient's events, newest first, at most max. */
int cl_event_list(struct cl_db *db, const struct cl_id *patient, struct cl_clinical_event *rows,
		  int max, int *n, struct cl_error *err);

/*
 * Set the number of chronic conditions on the patient's problem list (0-99) over the
 * patient's version *version (CL_ECONFLICT when it moved; on success *version moves on).
 * The count follows the chronic registry (chronic.h): adding, resolving or reactivating a
 * listed condition sets it to the number of active listed conditions; a count set here may
 * be higher (conditions the registry has no kind for), never lower (CL_EINVAL).
 */
int cl_risk_set_chronic_conditions(struct cl_db *db, const struct cl_id *patient,
				   long long *version, int count, struct cl_error *err);

/* ---- the rules' suggestion ---- */

/*
 * What the rules found for one patient. Settings: risk_months (look-back), risk_ed_visits
 * and risk_admissions (counts in the look-back that meet the utilization rule: either),
 * risk_chronic_conditions, risk_hrsn (1: any positive HRSN domain counts as a rule),
 * risk_uncontrolled (1: the last blood pressure of a patient with active hypertension at
 * 140/90 or more, or the last A1c of a patient with active diabetes over 9%, counts as a
 * rule; a missing reading does not: src/chronic.h).
 * Tier: high when the utilization rule is met or two or more rules are; rising with one
 * rule; low with none.
 */
struct cl_risk_suggestion {
	enum cl_risk tier;
	int ed_visits, admissions; /* in the look-back window */
	int chronic_conditions;
	int hrsn_positive_domains; /* -1: no screening data in this database */
	bool uncontrolled;	   /* the registry's last readings are out of control */
	bool utilization_rule, chronic_rule, hrsn_rule, uncontrolled_rule;
	char reason[256]; /* e.g. "2 ED visits in 6 months; 3 chronic conditions" */
};

int cl_risk_suggest(struct cl_db *db, const struct cl_id *patient, struct cl_risk_suggestion *s,
		    struct cl_error *err);

/*
 * Where the HRSN rule gets the number of positive domains of the patient's latest scored
 * screening (-1: no screening data; below -1: an error, err set). NULL (the default):
 * the screening module's screening_positive table (schema 002), or -1 when the database
 * has none. Tests and other instruments may point it elsewhere.
 */
extern int (*cl_risk_hrsn_hook)(struct cl_db *db, const struct cl_id *patient,
				struct cl_error *err);

/* ---- the tier and its history ---- */

enum cl_risk_source { CL_RISK_BY_COORDINATOR, CL_RISK_BY_RULES, CL_RISK_BY_RECORD };
/* "coordinator", "rules", "record". */
const char *cl_risk_source_code(enum cl_risk_source v);

/*
 * Change the patient's tier over the patient's version *version, with a reason (required,
 * 1-500 bytes) and source; suggested (may be NULL) is what the rules said at the time.
 * Writes the risk_change row, the patient update and an audit "update", one transaction.
 * Same tier: CL_EINVAL on "risk_tier". CL_ECONFLICT when the patient was saved since.
 * On success *version moves on.
 */
int cl_risk_set(struct cl_db *db, const struct cl_id *patient, long long *version,
		enum cl_risk tier, const char *reason, enum cl_risk_source source,
		const enum cl_risk *suggested, struct cl_error *err);

/* Accept the rules' suggestion s: cl_risk_set with source rules and s->reason. */
int cl_risk_accept(struct cl_db *db, const struct cl_id *patient, long long *version,
		   const struct cl_risk_suggestion *s, struct cl_error *err);

struct cl_risk_change {
	char changed_at[32];
	char changed_by[64];
	enum cl_risk from, to;
	bool has_suggested;
	enum cl_risk suggested;
	enum cl_risk_source source;
	char reason[501];
};

/* A patient's tier changes, newest first, at most max. */
int cl_risk_history(struct cl_db *db, const struct cl_id *patient, struct cl_risk_change *rows,
		    int max, int *n, struct cl_error *err);

/* ---- care manager assignment ---- */

/*
 * Assign n patients to the care manager with login (NULL or "": unassign), in one
 * transaction with one audit "update" per patient; each patient's version moves on (an
 * open form on one of them then gets CL_ECONFLICT). An unknown patient or login rolls
 * everything back (CL_ENOTFOUND / CL_EINVAL on "care_manager"). *changed (may be NULL)
 * gets the number of patients whose care manager changed.
 */
int cl_assign_care_manager(struct cl_db *db, const struct cl_id *patients, size_t n,
			   const char *login, size_t *changed, struct cl_error *err);

#endif
