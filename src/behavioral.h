/*
 * Behavioral health and measurement-based care (the collaborative care model): enrollment in
 * behavioral care management, each patient's scores over time (PHQ-9, GAD-7 totals saved by
 * screening.c), their progress (baseline, last, change; response, remission, not improving),
 * the registry of enrolled patients sorted by who needs attention, the same-day safety flags
 * (PHQ-9 item 9) and the monthly collaborative-care minutes with their CPT codes.
 */
#ifndef CL_BEHAVIORAL_H
#define CL_BEHAVIORAL_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "field.h"
#include "id.h"
#include "instrument.h"

/* ---- enrollment ---- */

struct cl_bh_enrollment {
	struct cl_id id; /* nil until enrolled */
	struct cl_id patient_id;
	char enrolled_on[CL_DATE_LEN];
	char care_manager[64];		  /* login, "" = none */
	char care_manager_name[96];	  /* display name (read only) */
	char psychiatrist[97];		  /* the consulting psychiatrist's name */
	long target_below;		  /* PHQ-9 target: below this (5: remission) */
	char disenrolled_on[CL_DATE_LEN]; /* "" while enrolled */
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version;
};

/* Fields: enrolled_on, care_manager, psychiatrist, target_below, disenrolled_on. */
extern const struct cl_field cl_bh_enrollment_fields[];

/* A new enrollment for patient: today, the current user as care manager, target PHQ-9 < 5. */
void cl_bh_enrollment_init(struct cl_bh_enrollment *e, struct cl_db *db,
			   const struct cl_id *patient);

/*
 * Enroll (e->id nil: create; CL_EEXIST when the patient is already enrolled) or save changes
 * over e->version (CL_ECONFLICT if it moved), a disenrollment date included, with an audit
 * row, in one transaction. The disenrollment date may not come before the enrollment.
 */
int cl_bh_enrollment_save(struct cl_db *db, struct cl_bh_enrollment *e, struct cl_error *err);

/* The patient's open enrollment into e; CL_ENOTFOUND when not enrolled. */
int cl_bh_enrollment_current(struct cl_db *db, const struct cl_id *patient,
			     struct cl_bh_enrollment *e, struct cl_error *err);

/* ---- scores over time ---- */

struct cl_bh_score {
	char on[CL_DATE_LEN];
	int total;
	char band[CL_CODE_LEN];
};

#define CL_BH_MAX_SCORES 64

/*
 * The patient's totals of the instrument with this code ("phq-9"), oldest first, the latest
 * max of them (entered-in-error and partial screenings left out); *n gets the count.
 */
int cl_bh_scores(struct cl_db *db, const struct cl_id *patient, const char *instrument,
		 struct cl_bh_score *rows, int max, int *n, struct cl_error *err);

/* Where a patient's scores stand (pure: from the scores and the dates passed in). */
struct cl_bh_progress {
	int nscores;
	int baseline, last; /* totals; -1 when no score */
	char baseline_on[CL_DATE_LEN], last_on[CL_DATE_LEN];
	int change;	    /* last - baseline (negative: better) */
	int change_percent; /* of baseline, rounded toward zero; 0 when baseline is 0 */
	long weeks;	    /* in treatment (since enrolled_on), -1 when not enrolled */
	bool response;	    /* at least a 50% drop from baseline (two scores or more) */
	bool remission;	    /* last below remission_below (PHQ-9 < 5; 0: not applicable) */
	bool not_improving; /* review_weeks or more in treatment, neither response nor remission */
};

/*
 * Progress of scores (oldest first, n of them; the first is the baseline) for a patient
 * enrolled on enrolled_on ("" when not) as of today. remission_below: the total under which
 * the last score is remission (5 for the PHQ-9), 0 when the instrument has none.
 */
void cl_bh_progress(const struct cl_bh_score *scores, int n, const char *enrolled_on,
		    const char *today, int remission_below, long review_weeks,
		    struct cl_bh_progress *out);

/*
 * The scores that count for an enrollment: those on or after 30 days before enrolled_on (a
 * screening shortly before enrolling is the baseline). Returns the index of the first.
 */
int cl_bh_scores_since(const struct cl_bh_score *scores, int n, const char *enrolled_on);

/* ---- safety flags ---- */

/*
 * Does the patient have an open safety flag (a screening whose safety task is still open)?
 * *open says; on_date (may be NULL) gets the screening's date, instrument its code.
 */
int cl_bh_safety_open(struct cl_db *db, const struct cl_id *patient, bool *open,
		      char on_date[CL_DATE_LEN], char instrument[CL_CODE_LEN],
		      struct cl_error *err);

struct cl_bh_safety_row {
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char screened_on[CL_DATE_LEN];
	char instrument[CL_CODE_LEN];
};

/* Every open safety flag (active patients), oldest first, at most max; *n gets the count. */
int cl_bh_safety_list(struct cl_db *db, struct cl_bh_safety_row *rows, int max, int *n,
		      struct cl_error *err);

/* ---- the registry ---- */

struct cl_bh_registry_row {
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char care_manager_name[96];
	char enrolled_on[CL_DATE_LEN];
	struct cl_bh_progress phq9;
	char next_contact[CL_DATE_LEN]; /* last contact (or enrollment) + bh_contact_days */
	bool contact_overdue;		/* next_contact before today */
	bool safety;			/* an open safety flag */
	bool review;			/* flagged for psychiatric case review (not improving) */
};

/*
 * Patients enrolled today (active), who needs attention first: open safety flags, then
 * flagged for review, then overdue contact, then by next contact due; at most max rows;
 * *n gets the count. today: "YYYY-MM-DD".
 */
int cl_bh_registry(struct cl_db *db, const char *today, struct cl_bh_registry_row *rows, int max,
		   int *n, struct cl_error *err);

/* ---- collaborative care minutes ---- */

/*
 * The CPT codes a month of collaborative-care minutes supports, into buf ("" when none):
 * the first month of care (the calendar month of enrollment) 99492 at 70 minutes, later
 * months 99493 at 60, each further full 30 minutes 99494 ("99492 + 99494 x2"); below the
 * month's threshold, general behavioral health integration 99484 at 20 minutes.
 */
void cl_bh_cpt_codes(long minutes, bool first_month, char *buf, size_t size);

struct cl_bh_minutes_row {
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char care_manager_name[96];
	char enrolled_on[CL_DATE_LEN];
	bool first_month;
	long contacts, minutes;
	char codes[64];
};

/*
 * Collaborative-care minutes of month "YYYY-MM": the contacts of patients while enrolled
 * (on or after the enrollment date, not after the disenrollment date), one row per patient
 * enrolled at any time in the month (with no contact too), by MRN. row(r, arg) for each; a
 * non-zero return stops early.
 */
int cl_bh_minutes(struct cl_db *db, const char *month,
		  int (*row)(const struct cl_bh_minutes_row *r, void *arg), void *arg,
		  struct cl_error *err);

#endif
