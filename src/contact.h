/*
 * The outreach log: each call, visit, video, text or letter with its outcome and minutes.
 * A contact that reached the patient can complete one of their open tasks in the same
 * save. Monthly minutes per patient feed chronic care management billing (ccm_minutes).
 */
#ifndef CL_CONTACT_H
#define CL_CONTACT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "id.h"
#include "patient.h"

enum cl_contact_mode {
	CL_CONTACT_PHONE,
	CL_CONTACT_IN_PERSON,
	CL_CONTACT_VIDEO,
	CL_CONTACT_TEXT,
	CL_CONTACT_LETTER,
};
enum cl_contact_direction { CL_CONTACT_OUTBOUND, CL_CONTACT_INBOUND };
enum cl_contact_outcome {
	CL_CONTACT_REACHED,
	CL_CONTACT_LEFT_MESSAGE,
	CL_CONTACT_NO_ANSWER,
	CL_CONTACT_WRONG_NUMBER,
};

/* Stored codes: "phone" "in-person" "video" "text" "letter"; "outbound" "inbound";
 * "reached" "left-message" "no-answer" "wrong-number". */
const char *cl_contact_mode_code(enum cl_contact_mode v);
const char *cl_contact_direction_code(enum cl_contact_direction v);
const char *cl_contact_outcome_code(enum cl_contact_outcome v);

#define CL_CONTACT_MAX_MINUTES 600

struct cl_contact {
	struct cl_id id; /* nil until logged */
	struct cl_id patient_id;
	char occurred_at[17]; /* clinic wall-clock "YYYY-MM-DDTHH:MM" */
	enum cl_contact_mode mode;
	enum cl_contact_direction direction;
	enum cl_contact_outcome outcome;
	long minutes; /* 0 .. CL_CONTACT_MAX_MINUTES */
	char note[1001];
	char care_manager[64];	    /* login of who made the contact (set on save) */
	char care_manager_name[96]; /* read only */
	struct cl_id task_id;	    /* the task it completed, nil if none (read only) */
	char error_reason[24];	    /* entered in error: why (correction.h), else "" */
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version;
};

/* Fields: occurred_at, mode, direction, outcome, minutes, note. */
extern const struct cl_field cl_contact_fields[];

/* A new contact for patient: now (local time), phone, outbound, reached, 0 minutes. */
void cl_contact_init(struct cl_contact *c, const struct cl_id *patient);
int cl_contact_field_get(const struct cl_contact *c, const char *key, char *buf, size_t size);
int cl_contact_field_set(struct cl_contact *c, const char *key, const char *value,
			 struct cl_error *err);
int cl_contact_validate(const struct cl_contact *c, struct cl_error *err);

/*
 * Log c (made by the current user) with an audit "create" row; a date after today is
 * CL_EINVAL on "occurred_at". When task is not NULL,
 * the same transaction closes that open task of the same patient as done (its version
 * must be task_version): the contact's outcome must be reached (CL_EINVAL on field
 * "task" otherwise); a task that moved on is CL_ECONFLICT and nothing is saved.
 * Updates the patient's "last reached" date. On success c gets its id and stamps.
 */
int cl_contact_log(struct cl_db *db, struct cl_contact *c, const struct cl_id *task,
		   long long task_version, struct cl_error *err);

int cl_contact_get(struct cl_db *db, const struct cl_id *id, struct cl_contact *c,
		   struct cl_error *err);

/* A patient's contacts, newest first, at most max (entered-in-error ones too: error_reason). */
int cl_contact_list(struct cl_db *db, const struct cl_id *patient, struct cl_contact *rows, int max,
		    int *n, struct cl_error *err);

/* ---- monthly minutes ---- */

struct cl_minutes_row {
	struct cl_id patient_id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char care_manager_name[96];
	long contacts;
	long minutes;
	bool meets_threshold; /* minutes >= the ccm_minutes setting */
	/* of minutes, those logged on a day without the patient's consent to care management
	   in force (consent.h): not billable */
	long minutes_without_consent;
};

/*
 * Care-management minutes of month "YYYY-MM" (contacts whose occurred_at falls in that
 * calendar month, entered-in-error ones left out), one row per patient with any contact,
 * by MRN, with the minutes logged on days without consent in force. Calls row(r, arg) for
 * each; a non-zero return stops early. *threshold (may be NULL) gets ccm_minutes.
 */
/*
 * The first day of month "YYYY-MM" and of the month after it; CL_EINVAL (field "month",
 * "Month must be YYYY-MM") for anything else.
 */
int cl_month_range(const char *month, char first[CL_DATE_LEN], char next[CL_DATE_LEN],
		   struct cl_error *err);

int cl_contact_minutes(struct cl_db *db, const char *month,
		       int (*row)(const struct cl_minutes_row *r, void *arg), void *arg,
		       long *threshold, struct cl_error *err);

#endif
