/*
 * Referrals (declared in referral.h): codes, the loop's state machine, the field table and
 * parsing. Storage and transitions are in referral_store.c, the lists in referral_list.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "domain.h"
#include "record.h"
#include "referral.h"
#include "setting.h"
#include "text.h"

static const char *const status_codes[] = {
	"draft",  "requested", "accepted",  "rejected",		"in-progress", "on-hold",
	"failed", "completed", "cancelled", "entered-in-error", NULL,
};
static const char *const status_names[] = {
	"Draft",   "Requested", "Accepted",  "Rejected",  "In progress",
	"On hold", "Failed",	"Completed", "Cancelled", "Entered in error",
};
static const char *const outcome_codes[] = {
	"",
	"got-help",
	"could-not-contact",
	"not-eligible",
	"no-capacity",
	"could-not-get-help",
	"no-longer-interested",
	"referred-elsewhere",
	NULL,
};
static const char *const outcome_names[] = {
	"",
	"got help",
	"couldn't contact the patient",
	"not eligible",
	"no capacity",
	"couldn't get help",
	"no longer interested",
	"referred elsewhere",
};
static const char *const kind_codes[] = { "specialty", "community", NULL };
static const char *const priority_codes[] = { "routine", "urgent", NULL };
static const char *const mode_codes[] = { "referral", "e-consult", NULL };

#define S(x) CL_REFERRAL_##x
/*
 * The lifecycle (DOMAIN.md, "Referrals and the closed loop"): draft → requested →
 * accepted | rejected; accepted → in-progress; in-progress → completed | failed | on-hold;
 * on-hold → in-progress; any open state → cancelled; any state → entered-in-error; a closed
 * referral reopens (with a note) where its work would resume.
 */
static const struct cl_referral_transition_rule rules[] = {
	{ S(DRAFT), S(REQUESTED), false, false, "send" },
	{ S(REQUESTED), S(ACCEPTED), false, false, "accept" },
	{ S(REQUESTED), S(REJECTED), true, false, "reject" },
	{ S(ACCEPTED), S(IN_PROGRESS), false, false, "start" },
	{ S(IN_PROGRESS), S(COMPLETED), false, false, "complete" },
	{ S(IN_PROGRESS), S(FAILED), true, false, "fail" },
	{ S(IN_PROGRESS), S(ON_HOLD), false, false, "hold" },
	{ S(ON_HOLD), S(IN_PROGRESS), false, false, "resume" },
	{ S(DRAFT), S(CANCELLED), true, false, "cancel" },
	{ S(REQUESTED), S(CANCELLED), true, false, "cancel" },
	{ S(ACCEPTED), S(CANCELLED), true, false, "cancel" },
	{ S(IN_PROGRESS), S(CANCELLED), true, false, "cancel" },
	{ S(ON_HOLD), S(CANCELLED), true, false, "cancel" },
	{ S(REJECTED), S(REQUESTED), false, true, "reopen" },
	{ S(CANCELLED), S(REQUESTED), false, true, "reopen" },
	{ S(FAILED), S(IN_PROGRESS), false, true, "reopen" },
	{ S(COMPLETED), S(IN_PROGRESS), false, true, "reopen" },
	{ S(DRAFT), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(REQUESTED), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(ACCEPTED), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(REJECTED), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(IN_PROGRESS), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(ON_HOLD), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(FAILED), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(COMPLETED), S(ENTERED_IN_ERROR), false, false, "entered in error" },
	{ S(CANCELLED), S(ENTERED_IN_ERROR), false, false, "entered in error" },
};
#undef S

static const char *code_at(const char *const *codes, int n, int i)
{
	return i >= 0 && i < n ? codes[i] : "";
}

const char *cl_referral_status_code(enum cl_referral_status v)
{
	return code_at(status_codes, CL_REFERRAL_STATUS_COUNT, (int)v);
}

const char *cl_referral_status_name(enum cl_referral_status v)
{
	return code_at(status_names, CL_REFERRAL_STATUS_COUNT, (int)v);
}

const char *cl_referral_outcome_code(enum cl_referral_outcome v)
{
	return code_at(outcome_codes, CL_OUTCOME_COUNT, (int)v);
}

const char *cl_referral_outcome_name(enum cl_referral_outcome v)
{
	return code_at(outcome_names, CL_OUTCOME_COUNT, (int)v);
}

const char *cl_referral_kind_code(enum cl_referral_kind v)
{
	return code_at(kind_codes, 2, (int)v);
}

const char *cl_referral_priority_code(enum cl_referral_priority v)
{
	return code_at(priority_codes, 2, (int)v);
}

const char *cl_referral_mode_code(enum cl_referral_mode v)
{
	return code_at(mode_codes, 2, (int)v);
}

int cl_referral_status_parse(const char *code)
{
	return code ? cl_code_index(status_codes, code) : -1;
}

int cl_referral_outcome_parse(const char *code)
{
	int i = code ? cl_code_index(outcome_codes, code) : -1;

	return i > 0 ? i : -1;
}

bool cl_referral_status_open(enum cl_referral_status v)
{
	char quoted[32];

	if (v < 0 || v >= CL_REFERRAL_STATUS_COUNT)
		return false;
	snprintf(quoted, sizeof(quoted), "'%s'", status_codes[v]);
	return strstr(CL_REFERRAL_OPEN_STATUSES, quoted) != NULL;
}

bool cl_referral_status_closed(enum cl_referral_status v)
{
	return v == CL_REFERRAL_COMPLETED || v == CL_REFERRAL_FAILED || v == CL_REFERRAL_REJECTED ||
	       v == CL_REFERRAL_CANCELLED;
}

const struct cl_referral_transition_rule *cl_referral_transitions(size_t *n)
{
	*n = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct cl_referral_transition_rule *cl_referral_rule(enum cl_referral_status from,
							   enum cl_referral_status to)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].from == from && rules[i].to == to)
			return &rules[i];
	return NULL;
}

/* ---- fields ---- */

#define AT(member) CL_FIELD_AT(struct cl_referral, member), .column = #member

/* The care manager is stored as an id (care_manager_id), looked up by login on save. */
const struct cl_field cl_referral_fields[] = {
	{ "kind", "Kind", CL_FIELD_ENUM, 16, true, kind_codes, AT(kind) },
	{ "organization", "Partner", CL_FIELD_ID, 36, true, NULL,
	  CL_FIELD_AT(struct cl_referral, organization_id), .column = "organization_id" },
	{ "service", "Domain or specialty", CL_FIELD_TEXT, 63, true, NULL, AT(service) },
	{ "reason", "Reason", CL_FIELD_TEXT, 511, false, NULL, AT(reason) },
	{ "priority", "Priority", CL_FIELD_ENUM, 16, true, priority_codes, AT(priority) },
	{ "mode", "Mode", CL_FIELD_ENUM, 16, true, mode_codes, AT(mode) },
	{ "consent_date", "Consent to share", CL_FIELD_DATE, 10, false, NULL, AT(consent_date) },
	{ "referred_on", "Referred on", CL_FIELD_DATE, 10, true, NULL, AT(referred_on) },
	{ "due_date", "Loop due", CL_FIELD_DATE, 10, false, NULL, AT(due_date) },
	{ "care_manager", "Care manager", CL_FIELD_LOGIN, 63, false, NULL,
	  CL_FIELD_AT(struct cl_referral, care_manager) },
	{ .key = NULL },
};

const struct cl_record_type cl_referral_type = {
	.table = "referral",
	.fields = cl_referral_fields,
	.size = sizeof(struct cl_referral),
};

void cl_referral_init(struct cl_referral *r, struct cl_db *db)
{
	memset(r, 0, sizeof(*r));
	r->kind = CL_REFERRAL_COMMUNITY;
	r->priority = CL_PRIORITY_ROUTINE;
	r->mode = CL_MODE_REFERRAL;
	r->status = CL_REFERRAL_REQUESTED;
	cl_date_today(r->referred_on);
	if (db)
		snprintf(r->care_manager, sizeof(r->care_manager), "%s", cl_db_user(db));
}

int cl_referral_field_get(const struct cl_referral *r, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_referral_fields, r, key, buf, size);
}

int cl_referral_field_set(struct cl_referral *r, const char *key, const char *value,
			  struct cl_error *err)
{
	return cl_field_set(cl_referral_fields, r, key, value, err);
}

void cl_referral_default_due(struct cl_db *db, enum cl_referral_priority priority,
			     const char *referred_on, char out[CL_DATE_LEN])
{
	long days = cl_setting_int(db, priority == CL_PRIORITY_URGENT ? "loop_days_urgent"
								      : "loop_days_routine");

	cl_date_add_days(referred_on, days, out);
}
