#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "careplan.h"
#include "contact.h"
#include "domain.h"
#include "letter.h"
#include "setting.h"

void cl_practice_load(struct cl_db *db, struct cl_practice *p)
{
	cl_setting_text(db, "practice_name", p->name, sizeof(p->name));
	cl_setting_text(db, "practice_address", p->address, sizeof(p->address));
	cl_setting_text(db, "practice_phone", p->phone, sizeof(p->phone));
	cl_setting_text(db, "practice_fax", p->fax, sizeof(p->fax));
}

static bool safety(const struct cl_referral *r)
{
	return r->kind == CL_REFERRAL_COMMUNITY && cl_domain_sensitive(r->service);
}

bool cl_letter_shares_details(const struct cl_referral *r)
{
	return !safety(r) || r->consent_date[0] != '\0';
}

static const char *or_none(const char *s)
{
	return s && *s ? s : "not recorded";
}

/* The practice's name and address lines, phone and fax, at the top of every document. */
static void letterhead(struct cl_document *doc, const struct cl_practice *p)
{
	char lines[sizeof(p->address) + 2 * sizeof(p->phone) + 32];
	const char *a = p->address;
	size_t len = 0;

	/* "; " in the address setting starts a new line. */
	while (*a && len < sizeof(lines) - 1) {
		if (a[0] == ';' && a[1] == ' ') {
			lines[len++] = '\n';
			a += 2;
		} else {
			lines[len++] = *a++;
		}
	}
	lines[len] = '\0';
	if (p->phone[0] || p->fax[0])
		snprintf(lines + len, sizeof(lines) - len, "%sPhone %s   Fax %s", len ? "\n" : "",
			 or_none(p->phone), or_none(p->fax));
	cl_document_add(doc, CL_DOC_LETTERHEAD, p->name[0] ? p->name : "(practice name not set)",
			"%s", lines);
}

/* "Specialty: cardiology" in words: the service's name for its kind. */
static const char *service_name(const struct cl_referral *r)
{
	return r->kind == CL_REFERRAL_COMMUNITY ? cl_domain_name(r->service)
						: cl_specialty_name(r->service);
}

/* What the partner is asked to do, from the referral's kind and mode. */
static void request(struct cl_document *doc, const struct cl_referral *r)
{
	const char *service = service_name(r);

	if (r->mode == CL_MODE_ECONSULT)
		cl_document_add(doc, CL_DOC_PARAGRAPH, NULL,
				"Please review this e-consult request (%s) and reply with your "
				"recommendations for the patient's care.",
				service);
	else if (r->kind == CL_REFERRAL_SPECIALTY)
		cl_document_add(doc, CL_DOC_PARAGRAPH, NULL,
				"Please see the patient in %s for the reason above and send us "
				"your findings and recommendations.",
				service);
	else
		cl_document_add(doc, CL_DOC_PARAGRAPH, NULL,
				"Please contact the patient to offer help with %s, and tell us "
				"whether they got help.",
				service);
}

/* The latest screening's positive domains the letter may name. */
static void screening(struct cl_document *doc, const struct cl_letter_input *in)
{
	const struct cl_screening_latest *s = in->screening;
	char positive[512];
	size_t len = 0;
	int i;

	if (!s || !s->screened || in->referral->kind != CL_REFERRAL_COMMUNITY)
		return;
	positive[0] = '\0';
	for (i = 0; i < s->npositive && len < sizeof(positive); i++) {
		/* A safety result only in a safety referral's letter (its consent checked). */
		if (s->positive[i].sensitive && !safety(in->referral))
			continue;
		len += (size_t)snprintf(positive + len, sizeof(positive) - len, "%s%s",
					len ? ", " : "", cl_domain_name(s->positive[i].code));
	}
	cl_document_add(doc, CL_DOC_FIELD, "Social-needs screening", "%s, positive for: %s",
			s->last_on, len ? positive : "none");
}

int cl_letter_compose(const struct cl_letter_input *in, struct cl_document *doc)
{
	const struct cl_referral *r = in->referral;
	const struct cl_patient *p = in->patient;
	const struct cl_practice *practice = in->practice;
	bool shares = cl_letter_shares_details(r);
	char id[CL_ID_STRLEN];

	cl_id_str(&r->id, id);
	cl_document_init(doc,
			 r->mode == CL_MODE_ECONSULT	    ? "E-consult request"
			 : r->kind == CL_REFERRAL_COMMUNITY ? "Referral for community services"
							    : "Referral to specialty care",
			 in->today);
	snprintf(doc->footer, sizeof(doc->footer), "Confidential health information - referral %s",
		 id);
	letterhead(doc, practice);
	cl_document_add(doc, CL_DOC_FIELD, "Date", "%s", in->today);
	cl_document_add(doc, CL_DOC_FIELD, "To", "%s", in->partner->name);
	if (in->partner->address[0])
		cl_document_add(doc, CL_DOC_FIELD, "Address", "%s", in->partner->address);
	if (in->partner->phone[0] || in->partner->fax[0])
		cl_document_add(doc, CL_DOC_FIELD, "Phone / fax", "%s / %s",
				or_none(in->partner->phone), or_none(in->partner->fax));
	cl_document_add(doc, CL_DOC_FIELD, "From", "%s, care coordinator", in->coordinator);
	cl_document_add(doc, CL_DOC_FIELD, "Referral id", "%s", id);

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Patient");
	cl_document_add(doc, CL_DOC_FIELD, "Name", "%s %s", p->given_name, p->family_name);
	cl_document_add(doc, CL_DOC_FIELD, "Date of birth", "%s", p->birth_date);
	cl_document_add(doc, CL_DOC_FIELD, "MRN", "%s", p->mrn);
	cl_document_add(doc, CL_DOC_FIELD, "Phone", "%s", or_none(p->phone));
	cl_document_add(doc, CL_DOC_FIELD, "Preferred language", "%s",
			cl_language_name(p->language));

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Referral");
	cl_document_add(doc, CL_DOC_FIELD, "Service", "%s (%s)", service_name(r),
			cl_referral_kind_code(r->kind));
	cl_document_add(doc, CL_DOC_FIELD, "Priority", "%s",
			cl_referral_priority_code(r->priority));
	cl_document_add(doc, CL_DOC_FIELD, "Referred on", "%s", r->referred_on);
	if (r->consent_date[0])
		cl_document_add(doc, CL_DOC_FIELD, "Consent",
				"the patient agreed on %s to share their information with you",
				r->consent_date);
	else
		cl_document_add(doc, CL_DOC_FIELD, "Consent", "not recorded");
	cl_document_add(doc, CL_DOC_FIELD, "Status", "%s", cl_referral_status_name(r->status));
	if (shares)
		screening(doc, in);

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Reason for referral");
	if (!shares)
		cl_document_add(doc, CL_DOC_PARAGRAPH, NULL, "%s.", CL_LETTER_WITHHELD);
	else
		cl_document_add(doc, CL_DOC_PARAGRAPH, NULL, "%s",
				r->reason[0] ? r->reason : "(no reason written)");

	cl_document_add(doc, CL_DOC_HEADING, NULL, "What we ask");
	request(doc, r);

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Closing the loop");
	cl_document_add(doc, CL_DOC_FIELD, "Loop closes", "%s", r->due_date);
	cl_document_add(doc, CL_DOC_PARAGRAPH, NULL,
			"Please send us the outcome by %s: whether the patient was seen or got "
			"help, could not be contacted, was not eligible, or was referred "
			"elsewhere. Fax it to %s or call %s, quoting referral %s.",
			r->due_date, or_none(practice->fax), or_none(practice->phone), id);
	cl_document_add(doc, CL_DOC_FIELD, "Outcome by fax", "%s", or_none(practice->fax));
	cl_document_add(doc, CL_DOC_FIELD, "Outcome by phone", "%s", or_none(practice->phone));
	return doc->failed ? CL_ENOMEM : CL_OK;
}

int cl_letter_build(struct cl_db *db, const struct cl_id *id, const char *today,
		    struct cl_document *doc, struct cl_error *err)
{
	struct cl_referral *r = calloc(1, sizeof(*r));
	struct cl_patient *p = calloc(1, sizeof(*p));
	struct cl_org *o = calloc(1, sizeof(*o));
	struct cl_screening_latest *s = calloc(1, sizeof(*s));
	struct cl_practice practice;
	struct cl_letter_input in;
	int rc = CL_ENOMEM;

	cl_document_init(doc, "", today);
	if (!r || !p || !o || !s) {
		cl_error_set(err, rc, "out of memory");
		goto out;
	}
	if ((rc = cl_referral_get(db, id, r, err)))
		goto out;
	if (r->status == CL_REFERRAL_ENTERED_IN_ERROR) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no such referral (entered in error)");
		goto out;
	}
	if ((rc = cl_patient_get(db, &r->patient_id, p, err)) ||
	    (rc = cl_org_get(db, &r->organization_id, o, err)) ||
	    (rc = cl_screening_latest(db, &r->patient_id, 0, s, err)))
		goto out;
	cl_practice_load(db, &practice);
	in = (struct cl_letter_input){
		.practice = &practice,
		.coordinator =
			r->care_manager_name[0] ? r->care_manager_name : cl_db_user_display(db),
		.patient = p,
		.referral = r,
		.partner = o,
		.screening = s,
		.today = today,
	};
	if ((rc = cl_letter_compose(&in, doc))) {
		cl_error_set(err, rc, "out of memory");
		goto out;
	}
	rc = cl_access_view(db, "referral letter", id, err);
out:
	if (rc)
		cl_document_free(doc);
	free(s);
	free(o);
	free(p);
	free(r);
	return rc;
}

enum { SUMMARY_MAX = 100, SUMMARY_CONTACTS = 5 };

/* Is the goal with id a safety goal? */
static bool private_goal(const struct cl_goal *goals, int n, const struct cl_id *id)
{
	int i;

	for (i = 0; i < n; i++)
		if (cl_id_equal(&goals[i].id, id))
			return cl_domain_sensitive(goals[i].domain);
	return false;
}

/* The summary's lists, once the patient is loaded. */
static int summary_lists(struct cl_db *db, const struct cl_patient *p, struct cl_document *doc,
			 struct cl_error *err)
{
	struct cl_goal *goals = calloc(SUMMARY_MAX, sizeof(*goals));
	struct cl_task *tasks = calloc(SUMMARY_MAX, sizeof(*tasks));
	struct cl_contact *contacts = calloc(SUMMARY_CONTACTS, sizeof(*contacts));
	struct cl_referral_row *refs = calloc(SUMMARY_MAX, sizeof(*refs));
	int ngoals = 0, ntasks = 0, ncontacts = 0, nrefs = 0, i, open = 0;
	int rc = CL_ENOMEM;

	if (!goals || !tasks || !contacts || !refs) {
		cl_error_set(err, rc, "out of memory");
		goto out;
	}
	if ((rc = cl_goal_list(db, &p->id, true, goals, SUMMARY_MAX, &ngoals, err)) ||
	    (rc = cl_task_list(db, &p->id, false, tasks, SUMMARY_MAX, &ntasks, err)) ||
	    (rc = cl_contact_list(db, &p->id, contacts, SUMMARY_CONTACTS, &ncontacts, err)) ||
	    (rc = cl_referral_for_patient(db, &p->id, refs, SUMMARY_MAX, &nrefs, err)))
		goto out;

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Goals");
	for (i = 0; i < ngoals; i++)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "%s - %s, target %s",
				cl_domain_sensitive(goals[i].domain) ? "private goal"
								     : goals[i].description,
				cl_goal_status_code(goals[i].status), goals[i].target_date);
	if (!ngoals)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "none");

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Open tasks");
	for (i = 0; i < ntasks; i++)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "due %s - %s%s%s", tasks[i].due_date,
				private_goal(goals, ngoals, &tasks[i].goal_id) ? CL_PRIVATE_FOLLOWUP
									       : tasks[i].title,
				tasks[i].assignee_name[0] ? " - " : "", tasks[i].assignee_name);
	if (!ntasks)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "none");

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Recent contacts");
	for (i = 0; i < ncontacts; i++)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "%.10s %s, %s, %s, %ld min%s%s",
				contacts[i].occurred_at, cl_contact_mode_code(contacts[i].mode),
				cl_contact_direction_code(contacts[i].direction),
				cl_contact_outcome_code(contacts[i].outcome), contacts[i].minutes,
				contacts[i].care_manager_name[0] ? " - " : "",
				contacts[i].care_manager_name);
	if (!ncontacts)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "none");

	cl_document_add(doc, CL_DOC_HEADING, NULL, "Open referrals");
	for (i = 0; i < nrefs; i++) {
		const struct cl_referral_row *r = &refs[i];

		if (!cl_referral_status_open(r->status))
			continue;
		open++;
		if (r->sensitive)
			cl_document_add(doc, CL_DOC_ITEM, NULL, "%s - %s, loop closes %s",
					CL_PRIVATE_REFERRAL, cl_referral_status_code(r->status),
					r->due_date);
		else
			cl_document_add(
				doc, CL_DOC_ITEM, NULL, "%s to %s - %s, loop closes %s",
				r->kind == CL_REFERRAL_COMMUNITY ? cl_domain_name(r->service)
								 : cl_specialty_name(r->service),
				r->organization, cl_referral_status_code(r->status), r->due_date);
	}
	if (!open)
		cl_document_add(doc, CL_DOC_ITEM, NULL, "none");
	rc = CL_OK;
out:
	free(refs);
	free(contacts);
	free(tasks);
	free(goals);
	return rc;
}

int cl_summary_build(struct cl_db *db, const struct cl_id *patient, const char *today,
		     struct cl_document *doc, struct cl_error *err)
{
	struct cl_patient *p = calloc(1, sizeof(*p));
	struct cl_practice practice;
	int rc = CL_ENOMEM;

	cl_document_init(doc, "Care plan summary", today);
	if (!p) {
		cl_error_set(err, rc, "out of memory");
		goto out;
	}
	if ((rc = cl_patient_get(db, patient, p, err)))
		goto out;
	cl_practice_load(db, &practice);
	snprintf(doc->footer, sizeof(doc->footer), "Confidential health information - MRN %s",
		 p->mrn);
	letterhead(doc, &practice);
	cl_document_add(doc, CL_DOC_FIELD, "Date", "%s", today);
	cl_document_add(doc, CL_DOC_HEADING, NULL, "Patient");
	cl_document_add(doc, CL_DOC_FIELD, "Name", "%s %s", p->given_name, p->family_name);
	cl_document_add(doc, CL_DOC_FIELD, "Date of birth", "%s", p->birth_date);
	cl_document_add(doc, CL_DOC_FIELD, "MRN", "%s", p->mrn);
	cl_document_add(doc, CL_DOC_FIELD, "Phone", "%s", or_none(p->phone));
	cl_document_add(doc, CL_DOC_FIELD, "Care manager", "%s", or_none(p->care_manager_name));
	cl_document_add(doc, CL_DOC_FIELD, "Risk tier", "%s", cl_risk_code(p->risk_tier));
	if ((rc = summary_lists(db, p, doc, err)))
		goto out;
	if (doc->failed) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	rc = cl_access_view(db, "care plan summary", patient, err);
out:
	if (rc)
		cl_document_free(doc);
	free(p);
	return rc;
}
