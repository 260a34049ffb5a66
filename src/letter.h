/*
 * What a referral letter and a care-plan summary say, as a document (document.h) that
 * paper/ draws. The content is decided here, without drawing, so a unit test can read it.
 *
 * The consent rule for safety (interpersonal safety) referrals: the referral's consent field
 * (consent_date) is the patient's agreement to share their information with the partner.
 * A safety referral with a consent date prints everything a letter holds; without one, the
 * letter still identifies the patient and names the partner, the priority and the dates
 * (the partner needs them to act), but the reason and the social-needs screening are
 * replaced by "details withheld at the patient's request". A letter for any other referral
 * never names a safety screening result: those stay in the patient's chart.
 */
#ifndef CL_LETTER_H
#define CL_LETTER_H

#include <stdbool.h>

#include "db.h"
#include "document.h"
#include "error.h"
#include "id.h"
#include "org.h"
#include "patient.h"
#include "referral.h"
#include "screening.h"

/* What a letter or summary says in place of withheld details. */
#define CL_LETTER_WITHHELD "details withheld at the patient's request"

/* The sender, from the settings practice_name, practice_address, practice_phone, practice_fax. */
struct cl_practice {
	char name[128];
	char address[256]; /* "; " separates its lines */
	char phone[40];
	char fax[40];
};

void cl_practice_load(struct cl_db *db, struct cl_practice *p);

/* Everything a referral letter is made of (no database needed). */
struct cl_letter_input {
	const struct cl_practice *practice;
	const char *coordinator; /* display name of who follows the referral */
	const struct cl_patient *patient;
	const struct cl_referral *referral;
	const struct cl_org *partner;
	const struct cl_screening_latest *screening; /* may be NULL: none shown */
	const char *today;			     /* YYYY-MM-DD: the date printed */
};

/* May the letter for r show its reason and screening (the consent rule above)? */
bool cl_letter_shares_details(const struct cl_referral *r);

/* Fill doc (initialized here; free with cl_document_free) with the letter. 0 or CL_ENOMEM. */
int cl_letter_compose(const struct cl_letter_input *in, struct cl_document *doc);

/*
 * Load referral id, its patient, partner, screening and the practice settings, compose the
 * letter for today into doc (free with cl_document_free) and record in the access log that
 * the OS user printed it ("referral letter", the referral's id). CL_ENOTFOUND when there is
 * no such referral (or it was entered in error).
 */
int cl_letter_build(struct cl_db *db, const struct cl_id *id, const char *today,
		    struct cl_document *doc, struct cl_error *err);

/*
 * A patient's care-plan summary for today into doc: the patient, risk tier, goals with their
 * status and target dates, open tasks, the last contacts and the open referrals. Safety
 * goals, tasks and referrals read "private" (a summary may be handed to the patient). Recorded
 * in the access log ("care plan summary", the patient's id).
 */
int cl_summary_build(struct cl_db *db, const struct cl_id *patient, const char *today,
		     struct cl_document *doc, struct cl_error *err);

#endif
