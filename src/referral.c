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

const struct cl_field cl_referral_fields[] = {
	{ "kind", "Kind", CL_FIELD_CHOICE, 16, true, kind_codes },
	{ "organization", "Partner", CL_FIELD_TEXT, 36, true, NULL },
	{ "service", "Domain or specialty", CL_FIELD_TEXT, 63, true, NULL },
	{ "reason", "Reason", CL_FIELD_TEXT, 511, false, NULL },
	{ "priority", "Priority", CL_FIELD_CHOICE, 16, true, priority_codes },
	{ "mode", "Mode", CL_FIELD_CHOICE, 16, true, mode_codes },
	{ "consent_date", "Consent to share", CL_FIELD_DATE, 10, false, NULL },
	{ "referred_on", "Referred on", CL_FIELD_DATE, 10, true, NULL },
	{ "due_date", "Loop due", CL_FIELD_DATE, 10, false, NULL },
	{ "care_manager", "Care manager", CL_FIELD_CHOICE, 63, false, NULL },
	{ NULL, NULL, CL_FIELD_TEXT, 0, false, NULL },
};

static const struct cl_field *find_field(const char *key)
{
	int i = cl_record_field_index(cl_referral_fields, key);

	return i < 0 ? NULL : &cl_referral_fields[i];
}

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
	char id[CL_ID_STRLEN];

	if (!strcmp(key, "kind"))
		snprintf(buf, size, "%s", cl_referral_kind_code(r->kind));
	else if (!strcmp(key, "organization"))
		snprintf(buf, size, "%s",
			 cl_id_is_nil(&r->organization_id) ? ""
							   : cl_id_str(&r->organization_id, id));
	else if (!strcmp(key, "service"))
		snprintf(buf, size, "%s", r->service);
	else if (!strcmp(key, "reason"))
		snprintf(buf, size, "%s", r->reason);
	else if (!strcmp(key, "priority"))
		snprintf(buf, size, "%s", cl_referral_priority_code(r->priority));
	else if (!strcmp(key, "mode"))
		snprintf(buf, size, "%s", cl_referral_mode_code(r->mode));
	else if (!strcmp(key, "consent_date"))
		snprintf(buf, size, "%s", r->consent_date);
	else if (!strcmp(key, "referred_on"))
		snprintf(buf, size, "%s", r->referred_on);
	else if (!strcmp(key, "due_date"))
		snprintf(buf, size, "%s", r->due_date);
	else if (!strcmp(key, "care_manager"))
		snprintf(buf, size, "%s", r->care_manager);
	else
		return CL_EINVAL;
	return CL_OK;
}

/* Bounded copy (the caller checked the length against the field table). */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int cl_referral_field_set(struct cl_referral *r, const char *key, const char *value,
			  struct cl_error *err)
{
	const struct cl_field *f = find_field(key);
	char buf[600], date[CL_DATE_LEN];
	int i;

	if (!f)
		return cl_error_field(err, CL_EINVAL, key, "unknown field");
	if (snprintf(buf, sizeof(buf), "%s", value ? value : "") >= (int)sizeof(buf))
		return cl_error_field(err, CL_EINVAL, key, "%s is too long", f->label);
	cl_text_trim(buf);
	if (!cl_record_text_ok(buf, false))
		return cl_error_field(err, CL_EINVAL, key, "%s has characters that are not allowed",
				      f->label);
	if (f->required && !buf[0])
		return cl_error_field(err, CL_EINVAL, key, "%s is required", f->label);
	if (strlen(buf) > (size_t)f->max_len)
		return cl_error_field(err, CL_EINVAL, key, "%s is too long (at most %d bytes)",
				      f->label, f->max_len);
	if (f->choices) {
		if ((i = cl_code_index(f->choices, buf)) < 0)
			return cl_error_field(err, CL_EINVAL, key, "%s: not one of the choices",
					      f->label);
		if (!strcmp(key, "kind"))
			r->kind = (enum cl_referral_kind)i;
		else if (!strcmp(key, "priority"))
			r->priority = (enum cl_referral_priority)i;
		else
			r->mode = (enum cl_referral_mode)i;
		return CL_OK;
	}
	if (f->kind == CL_FIELD_DATE) {
		struct cl_error date_err = { 0 };

		date[0] = '\0';
		if (buf[0] && cl_date_parse(buf, date, &date_err))
			return cl_error_field(err, CL_EINVAL, key, "%s: %s", f->label,
					      date_err.message);
		if (!strcmp(key, "consent_date"))
			memcpy(r->consent_date, date, CL_DATE_LEN);
		else if (!strcmp(key, "referred_on"))
			memcpy(r->referred_on, date, CL_DATE_LEN);
		else
			memcpy(r->due_date, date, CL_DATE_LEN);
		return CL_OK;
	}
	if (!strcmp(key, "organization")) {
		if (cl_id_parse(buf, &r->organization_id))
			return cl_error_field(err, CL_EINVAL, key, "%s: not a directory entry",
					      f->label);
	} else if (!strcmp(key, "service")) {
		copy_text(r->service, sizeof(r->service), buf);
	} else if (!strcmp(key, "reason")) {
		copy_text(r->reason, sizeof(r->reason), buf);
	} else {
		copy_text(r->care_manager, sizeof(r->care_manager), buf);
	}
	return CL_OK;
}

void cl_referral_default_due(struct cl_db *db, enum cl_referral_priority priority,
			     const char *referred_on, char out[CL_DATE_LEN])
{
	long days = cl_setting_int(db, priority == CL_PRIORITY_URGENT ? "loop_days_urgent"
								      : "loop_days_routine");

	cl_date_add_days(referred_on, days, out);
}

/* ---- storage ---- */

#define REF_COLUMNS                                                                                  \
	"r.id, r.patient_id, r.kind, r.organization_id, r.service, r.reason, r.priority, r.mode,"    \
	" r.consent_date, r.referred_on, r.due_date, r.status, r.status_reason, r.outcome,"          \
	" r.closed_on, coalesce(cm.login, ''), r.created_at, r.updated_at, r.updated_by, r.version," \
	" coalesce(cm.display_name, '')"

static const char sql_get[] =
	"SELECT " REF_COLUMNS " FROM referral r"
	" LEFT JOIN care_manager cm ON cm.id = r.care_manager_id WHERE r.id = ?1";
static const char sql_patient_exists[] = "SELECT 1 FROM patient WHERE id = ?1";
static const char sql_insert[] =
	"INSERT INTO referral (id, patient_id, kind, organization_id, service, reason, priority,"
	" mode, consent_date, referred_on, due_date, status, care_manager_id, created_at,"
	" updated_at, updated_by, version)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, 1)";
static const char sql_update[] =
	"UPDATE referral SET kind = ?3, organization_id = ?4, service = ?5, reason = ?6,"
	" priority = ?7, mode = ?8, consent_date = ?9, referred_on = ?10, due_date = ?11,"
	" care_manager_id = ?13, updated_at = ?14, updated_by = ?15, version = version + 1"
	" WHERE id = ?1 AND version = ?16";
static const char sql_set_status[] =
	"UPDATE referral SET status = ?2, status_reason = ?3, outcome = ?4, closed_on = ?5,"
	" updated_at = ?6, updated_by = ?7, version = version + 1 WHERE id = ?1 AND version = ?8";
static const char sql_event[] =
	"INSERT INTO referral_event (id, referral_id, at, actor, from_status, to_status,"
	" status_reason, outcome, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_stamp[] =
	"SELECT r.updated_at, coalesce(cm.display_name, r.updated_by) FROM referral r"
	" LEFT JOIN care_manager cm ON cm.login = r.updated_by WHERE r.id = ?1";
static const char sql_events[] =
	"SELECT at, actor, from_status, to_status, status_reason, outcome, note"
	" FROM referral_event WHERE referral_id = ?1 ORDER BY at, rowid LIMIT ?2";

static int referral_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_referral *r = rec;
	char code[32];
	int i;

	memset(r, 0, sizeof(*r));
	if (cl_db_column_id(st, 0, &r->id) || cl_db_column_id(st, 1, &r->patient_id) ||
	    cl_db_column_id(st, 3, &r->organization_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has a malformed id");
	cl_db_column_text(st, 2, code, sizeof(code));
	r->kind = strcmp(code, "specialty") == 0 ? CL_REFERRAL_SPECIALTY : CL_REFERRAL_COMMUNITY;
	cl_db_column_text(st, 4, r->service, sizeof(r->service));
	cl_db_column_text(st, 5, r->reason, sizeof(r->reason));
	cl_db_column_text(st, 6, code, sizeof(code));
	r->priority = strcmp(code, "urgent") == 0 ? CL_PRIORITY_URGENT : CL_PRIORITY_ROUTINE;
	cl_db_column_text(st, 7, code, sizeof(code));
	r->mode = strcmp(code, "e-consult") == 0 ? CL_MODE_ECONSULT : CL_MODE_REFERRAL;
	cl_db_column_text(st, 8, r->consent_date, sizeof(r->consent_date));
	cl_db_column_text(st, 9, r->referred_on, sizeof(r->referred_on));
	cl_db_column_text(st, 10, r->due_date, sizeof(r->due_date));
	cl_db_column_text(st, 11, code, sizeof(code));
	if ((i = cl_referral_status_parse(code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has an unknown status");
	r->status = (enum cl_referral_status)i;
	cl_db_column_text(st, 12, r->status_reason, sizeof(r->status_reason));
	cl_db_column_text(st, 13, code, sizeof(code));
	i = cl_referral_outcome_parse(code);
	r->outcome = i > 0 ? (enum cl_referral_outcome)i : CL_OUTCOME_NONE;
	cl_db_column_text(st, 14, r->closed_on, sizeof(r->closed_on));
	cl_db_column_text(st, 15, r->care_manager, sizeof(r->care_manager));
	cl_db_column_text(st, 16, r->created_at, sizeof(r->created_at));
	cl_db_column_text(st, 17, r->updated_at, sizeof(r->updated_at));
	cl_db_column_text(st, 18, r->updated_by, sizeof(r->updated_by));
	cl_db_column_text(st, 20, r->care_manager_name, sizeof(r->care_manager_name));
	r->version = sqlite3_column_int64(st, 19);
	return CL_OK;
}

int cl_referral_get(struct cl_db *db, const struct cl_id *id, struct cl_referral *r,
		    struct cl_error *err)
{
	return cl_record_get(db, sql_get, id, "referral", referral_from_row, r, err);
}

static int patient_exists(struct cl_db *db, const struct cl_id *id, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_patient_exists, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = CL_OK;
		break;
	case SQLITE_DONE:
		rc = cl_error_field(err, CL_EINVAL, "patient", "no such patient");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

int cl_referral_validate(struct cl_db *db, const struct cl_referral *r, struct cl_error *err)
{
	const char *const *codes =
		r->kind == CL_REFERRAL_SPECIALTY ? cl_specialty_codes : cl_domain_codes;
	struct cl_org org;
	int rc;

	if ((rc = patient_exists(db, &r->patient_id, err)))
		return rc;
	if (cl_code_index(codes, r->service) < 0)
		return cl_error_field(err, CL_EINVAL, "service",
				      r->kind == CL_REFERRAL_SPECIALTY ? "not a known specialty"
								       : "not a known HRSN domain");
	if (!cl_record_text_ok(r->reason, true))
		return cl_error_field(err, CL_EINVAL, "reason",
				      "Reason has characters that are not allowed");
	if (!cl_date_valid(r->referred_on))
		return cl_error_field(err, CL_EINVAL, "referred_on", "Referred on is not a date");
	if (r->due_date[0] && !cl_date_valid(r->due_date))
		return cl_error_field(err, CL_EINVAL, "due_date", "Loop due is not a date");
	if (r->due_date[0] && strcmp(r->due_date, r->referred_on) < 0)
		return cl_error_field(err, CL_EINVAL, "due_date",
				      "Loop due is before the referral");
	if (r->consent_date[0] && !cl_date_valid(r->consent_date))
		return cl_error_field(err, CL_EINVAL, "consent_date", "Consent is not a date");
	if (r->kind == CL_REFERRAL_COMMUNITY && r->status != CL_REFERRAL_DRAFT &&
	    !r->consent_date[0])
		return cl_error_field(err, CL_EINVAL, "consent_date",
				      "a community referral needs the patient's consent to share "
				      "their information (with its date)");
	if ((rc = cl_org_get(db, &r->organization_id, &org, err))) {
		if (rc == CL_ENOTFOUND)
			rc = cl_error_field(err, CL_EINVAL, "organization",
					    "no such directory entry");
		return rc;
	}
	if (!org.active)
		return cl_error_field(err, CL_EINVAL, "organization", "the partner is retired");
	if ((int)org.kind != (int)r->kind)
		return cl_error_field(err, CL_EINVAL, "organization",
				      "the partner is not a %s organization",
				      cl_referral_kind_code(r->kind));
	return CL_OK;
}

static int bind_fields(sqlite3_stmt *st, const struct cl_referral *r,
		       const struct cl_id *care_manager, const char *now, const char *user,
		       struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_bind_id(st, 1, &r->id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &r->patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_referral_kind_code(r->kind), err)) ||
	    (rc = cl_db_bind_id(st, 4, &r->organization_id, err)) ||
	    (rc = cl_db_bind_text(st, 5, r->service, err)) ||
	    (rc = cl_db_bind_text(st, 6, r->reason, err)) ||
	    (rc = cl_db_bind_text(st, 7, cl_referral_priority_code(r->priority), err)) ||
	    (rc = cl_db_bind_text(st, 8, cl_referral_mode_code(r->mode), err)) ||
	    (rc = cl_db_bind_text(st, 9, r->consent_date, err)) ||
	    (rc = cl_db_bind_text(st, 10, r->referred_on, err)) ||
	    (rc = cl_db_bind_text(st, 11, r->due_date, err)) ||
	    (rc = cl_db_bind_text(st, 12, cl_referral_status_code(r->status), err)) ||
	    (rc = cl_record_bind_opt_id(st, 13, care_manager, err)) ||
	    (rc = cl_db_bind_text(st, 14, now, err)) || (rc = cl_db_bind_text(st, 15, user, err)))
		return rc;
	return CL_OK;
}

static int add_event(struct cl_db *db, const struct cl_id *referral, const char *now,
		     const char *from, const char *to, const char *reason, const char *outcome,
		     const char *note, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_event, err);
	struct cl_id id;
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	cl_id_new(&id);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, referral, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 5, from, err)) || (rc = cl_db_bind_text(st, 6, to, err)) ||
	    (rc = cl_db_bind_text(st, 7, reason ? reason : "", err)) ||
	    (rc = cl_db_bind_text(st, 8, outcome ? outcome : "", err)) ||
	    (rc = cl_db_bind_text(st, 9, note ? note : "", err)))
		return rc;
	return cl_record_step(db, st, NULL, NULL, NULL, err);
}

/* The care manager's id for r (nil when unassigned). */
static int care_manager_id(struct cl_db *db, const struct cl_referral *r, struct cl_id *id,
			   struct cl_error *err)
{
	memset(id, 0, sizeof(*id));
	if (!r->care_manager[0])
		return CL_OK;
	return cl_record_care_manager(db, r->care_manager, "care_manager", id, err);
}

int cl_referral_create(struct cl_db *db, struct cl_referral *r, bool *stale_partner,
		       struct cl_error *err)
{
	struct cl_referral work = *r;
	struct cl_id cm;
	struct cl_org org;
	sqlite3_stmt *st;
	char now[32], today[CL_DATE_LEN];
	int rc;

	if (stale_partner)
		*stale_partner = false;
	if (work.status != CL_REFERRAL_DRAFT && work.status != CL_REFERRAL_REQUESTED)
		return cl_error_field(err, CL_EINVAL, "status",
				      "a new referral is a draft or requested");
	if (!work.referred_on[0])
		cl_date_today(work.referred_on);
	if (!work.due_date[0] && cl_date_valid(work.referred_on))
		cl_referral_default_due(db, work.priority, work.referred_on, work.due_date);
	if (!(st = cl_db_stmt(db, sql_insert, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_referral_validate(db, &work, err)) ||
	    (rc = care_manager_id(db, &work, &cm, err)))
		goto fail;
	cl_id_new(&work.id);
	cl_db_now(now, sizeof(now));
	if ((rc = bind_fields(st, &work, &cm, now, cl_db_user(db), err)))
		goto fail;
	rc = cl_record_step(db, st, NULL, NULL, NULL, err);
	if (!rc)
		rc = add_event(db, &work.id, now, "", cl_referral_status_code(work.status), NULL,
			       NULL, NULL, err);
	if (!rc)
		rc = cl_audit_log(db, CL_AUDIT_CREATE, "referral", &work.id, err);
	if (rc)
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	cl_record_saved(db, now, &work.version, work.created_at, work.updated_at, work.updated_by);
	*r = work;
	if (stale_partner && cl_org_get(db, &r->organization_id, &org, NULL) == CL_OK) {
		cl_date_today(today);
		*stale_partner = cl_org_is_stale(db, org.last_verified, today);
	}
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

int cl_referral_update(struct cl_db *db, struct cl_referral *r, struct cl_error *err)
{
	struct cl_referral work = *r;
	struct cl_id cm;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!(st = cl_db_stmt(db, sql_update, err)))
		return err ? err->code : CL_EIO;
	if (!work.due_date[0] && cl_date_valid(work.referred_on))
		cl_referral_default_due(db, work.priority, work.referred_on, work.due_date);
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_referral_validate(db, &work, err)) ||
	    (rc = care_manager_id(db, &work, &cm, err)))
		goto fail;
	cl_db_now(now, sizeof(now));
	if ((rc = bind_fields(st, &work, &cm, now, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_int(st, 16, work.version, err)))
		goto fail;
	rc = cl_record_write(db, st, sql_stamp, CL_AUDIT_UPDATE, "referral", &work.id, err);
	/* Reloaded before COMMIT: once the change is kept, nothing after it can fail. */
	if (rc || (rc = cl_referral_get(db, &work.id, &work, err)))
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	*r = work;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

/* The checks of cl_referral_transition that need the stored referral. */
static int check_change(const struct cl_referral *stored, const struct cl_referral_change *c,
			struct cl_error *err)
{
	const struct cl_referral_transition_rule *rule = cl_referral_rule(stored->status, c->to);
	bool closes = cl_referral_status_closed(c->to);

	if ((int)c->to < 0 || c->to >= CL_REFERRAL_STATUS_COUNT)
		return cl_error_field(err, CL_EINVAL, "status", "unknown status");
	if (!rule)
		return cl_error_field(
			err, CL_EINVAL, "status", "a referral cannot go from %s to %s",
			cl_referral_status_code(stored->status), cl_referral_status_code(c->to));
	if (rule->needs_reason && (!c->status_reason || !c->status_reason[0]))
		return cl_error_field(err, CL_EINVAL, "status_reason",
				      "a referral %s needs a status reason",
				      cl_referral_status_code(c->to));
	if (closes && (c->outcome <= CL_OUTCOME_NONE || c->outcome >= CL_OUTCOME_COUNT))
		return cl_error_field(err, CL_EINVAL, "outcome",
				      "closing the loop needs an outcome (got help, couldn't "
				      "contact the patient, …)");
	if (!closes && c->outcome != CL_OUTCOME_NONE)
		return cl_error_field(err, CL_EINVAL, "outcome",
				      "an outcome is recorded only when the loop closes");
	if (rule->reopens && (!c->note || !c->note[0]))
		return cl_error_field(err, CL_EINVAL, "note", "reopening a referral needs a note");
	if ((c->status_reason && !cl_record_text_ok(c->status_reason, false)) ||
	    (c->note && !cl_record_text_ok(c->note, true)))
		return cl_error_field(err, CL_EINVAL, "note",
				      "the text has characters that are not allowed");
	if (c->status_reason && strlen(c->status_reason) >= sizeof(stored->status_reason))
		return cl_error_field(err, CL_EINVAL, "status_reason",
				      "the status reason is too long");
	if (c->note && strlen(c->note) >= 512)
		return cl_error_field(err, CL_EINVAL, "note", "the note is too long");
	if (stored->kind == CL_REFERRAL_COMMUNITY && stored->status == CL_REFERRAL_DRAFT &&
	    c->to == CL_REFERRAL_REQUESTED && !stored->consent_date[0])
		return cl_error_field(err, CL_EINVAL, "consent_date",
				      "a community referral needs the patient's consent to share "
				      "their information before it is sent");
	return CL_OK;
}

int cl_referral_transition(struct cl_db *db, struct cl_referral *r,
			   const struct cl_referral_change *change, struct cl_error *err)
{
	struct cl_referral stored;
	sqlite3_stmt *st;
	char now[32], today[CL_DATE_LEN];
	const char *from, *to;
	int rc;

	if (!(st = cl_db_stmt(db, sql_set_status, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_referral_get(db, &r->id, &stored, err)))
		goto fail;
	if (stored.version != r->version) {
		rc = cl_record_conflict(db, sql_stamp, &r->id, "referral", err);
		goto fail;
	}
	if ((rc = check_change(&stored, change, err)))
		goto fail;
	from = cl_referral_status_code(stored.status);
	to = cl_referral_status_code(change->to);
	cl_db_now(now, sizeof(now));
	cl_date_today(today);
	if ((rc = cl_db_bind_id(st, 1, &r->id, err)) || (rc = cl_db_bind_text(st, 2, to, err)) ||
	    (rc = cl_db_bind_text(st, 3, change->status_reason ? change->status_reason : "",
				  err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_referral_outcome_code(change->outcome), err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_referral_status_closed(change->to) ? today : "",
				  err)) ||
	    (rc = cl_db_bind_text(st, 6, now, err)) ||
	    (rc = cl_db_bind_text(st, 7, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_int(st, 8, r->version, err)))
		goto fail;
	rc = cl_record_step(db, st, sql_stamp, &r->id, "referral", err);
	if (!rc)
		rc = add_event(db, &r->id, now, from, to, change->status_reason,
			       cl_referral_outcome_code(change->outcome), change->note, err);
	if (!rc)
		rc = cl_audit_log(db,
				  change->to == CL_REFERRAL_ENTERED_IN_ERROR ? CL_AUDIT_RETIRE
									     : CL_AUDIT_UPDATE,
				  "referral", &r->id, err);
	/* Reloaded before COMMIT: once the change is kept, nothing after it can fail. */
	if (rc || (rc = cl_referral_get(db, &r->id, &stored, err)))
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	*r = stored;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

int cl_referral_events(struct cl_db *db, const struct cl_id *referral, struct cl_referral_event *ev,
		       int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_events, err);
	int step = SQLITE_DONE, rc = CL_OK;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, referral, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_referral_event *e = &ev[(*n)++];

		cl_db_column_text(st, 0, e->at, sizeof(e->at));
		cl_db_column_text(st, 1, e->actor, sizeof(e->actor));
		cl_db_column_text(st, 2, e->from_status, sizeof(e->from_status));
		cl_db_column_text(st, 3, e->to_status, sizeof(e->to_status));
		cl_db_column_text(st, 4, e->status_reason, sizeof(e->status_reason));
		cl_db_column_text(st, 5, e->outcome, sizeof(e->outcome));
		cl_db_column_text(st, 6, e->note, sizeof(e->note));
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* ---- lists ---- */

/* ?1 kind, ?2 organization, ?3 care manager login, ?4 status, ?5 ?6 after, ?7 today, ?8 limit */
#define ROW_SELECT                                                                               \
	"SELECT r.id, r.patient_id, p.mrn, p.family_name || ', ' || p.given_name, r.kind,"       \
	" o.name, r.service, r.priority, r.status, r.outcome, r.referred_on, r.due_date,"        \
	" coalesce(cm.display_name, ''), r.closed_on, p.status FROM referral r"                  \
	" JOIN patient p ON p.id = r.patient_id JOIN organization o ON o.id = r.organization_id" \
	" LEFT JOIN care_manager cm ON cm.id = r.care_manager_id WHERE "
/* Word for word the WHERE of the partial index referral_open_due. */
#define OPEN "r.status IN " CL_REFERRAL_OPEN_STATUSES
#define FILTER                                                                        \
	" AND (?1 IS NULL OR r.kind = ?1) AND (?2 IS NULL OR r.organization_id = ?2)" \
	" AND (?3 IS NULL OR cm.login = ?3)"
/* One status; ?10 set: only those past due. */
#define STATUS "r.status = ?4 AND (?10 IS NULL OR r.due_date < ?7)"
#define AFTER  " AND (r.due_date, r.id) > (?5, ?6)"
#define ORDER  " ORDER BY r.due_date, r.id LIMIT ?8"

/* [scope][after] */
static const char *const list_sql[4][2] = {
	{ ROW_SELECT OPEN FILTER ORDER, ROW_SELECT OPEN FILTER AFTER ORDER },
	{ ROW_SELECT OPEN " AND r.due_date < ?7" FILTER ORDER,
	  ROW_SELECT OPEN " AND r.due_date < ?7" FILTER AFTER ORDER },
	{ ROW_SELECT STATUS FILTER ORDER, ROW_SELECT STATUS FILTER AFTER ORDER },
	{ ROW_SELECT "r.status <> 'entered-in-error'" FILTER ORDER,
	  ROW_SELECT "r.status <> 'entered-in-error'" FILTER AFTER ORDER },
};
#define BEFORE " AND (r.due_date, r.id) < (?5, ?6)"
#define DESC   " ORDER BY r.due_date DESC, r.id DESC LIMIT ?8"
/* [scope][before]: the same lists read backward (cl_referral_page). */
static const char *const back_sql[4][2] = {
	{ ROW_SELECT OPEN FILTER DESC, ROW_SELECT OPEN FILTER BEFORE DESC },
	{ ROW_SELECT OPEN " AND r.due_date < ?7" FILTER DESC,
	  ROW_SELECT OPEN " AND r.due_date < ?7" FILTER BEFORE DESC },
	{ ROW_SELECT STATUS FILTER DESC, ROW_SELECT STATUS FILTER BEFORE DESC },
	{ ROW_SELECT "r.status <> 'entered-in-error'" FILTER DESC,
	  ROW_SELECT "r.status <> 'entered-in-error'" FILTER BEFORE DESC },
};
static const char sql_for_patient[] =
	ROW_SELECT "r.patient_id = ?9 AND r.status <> 'entered-in-error'"
		   " ORDER BY r.referred_on DESC, r.created_at DESC LIMIT ?8";
static const char sql_overdue_count[] =
	"SELECT count(*) FROM referral r WHERE " OPEN " AND r.due_date < ?1";

static int list_row(sqlite3_stmt *st, const char *today, struct cl_referral_row *row,
		    struct cl_error *err)
{
	char code[32], closed[CL_DATE_LEN];
	int i;

	memset(row, 0, sizeof(*row));
	if (cl_db_column_id(st, 0, &row->id) || cl_db_column_id(st, 1, &row->patient_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has a malformed id");
	cl_db_column_text(st, 2, row->mrn, sizeof(row->mrn));
	cl_db_column_text(st, 3, row->patient_name, sizeof(row->patient_name));
	cl_db_column_text(st, 4, code, sizeof(code));
	row->kind = strcmp(code, "specialty") == 0 ? CL_REFERRAL_SPECIALTY : CL_REFERRAL_COMMUNITY;
	cl_db_column_text(st, 5, row->organization, sizeof(row->organization));
	cl_db_column_text(st, 6, row->service, sizeof(row->service));
	cl_db_column_text(st, 7, code, sizeof(code));
	row->priority = strcmp(code, "urgent") == 0 ? CL_PRIORITY_URGENT : CL_PRIORITY_ROUTINE;
	cl_db_column_text(st, 8, code, sizeof(code));
	if ((i = cl_referral_status_parse(code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has an unknown status");
	row->status = (enum cl_referral_status)i;
	cl_db_column_text(st, 9, code, sizeof(code));
	i = cl_referral_outcome_parse(code);
	row->outcome = i > 0 ? (enum cl_referral_outcome)i : CL_OUTCOME_NONE;
	cl_db_column_text(st, 10, row->referred_on, sizeof(row->referred_on));
	cl_db_column_text(st, 11, row->due_date, sizeof(row->due_date));
	cl_db_column_text(st, 12, row->care_manager_name, sizeof(row->care_manager_name));
	cl_db_column_text(st, 13, closed, sizeof(closed));
	if (cl_date_valid(row->referred_on))
		row->age_days = cl_date_days(cl_date_valid(closed) ? closed : today) -
				cl_date_days(row->referred_on);
	row->overdue = cl_referral_status_open(row->status) && strcmp(row->due_date, today) < 0;
	cl_db_column_text(st, 14, code, sizeof(code));
	for (i = CL_PATIENT_ACTIVE; i < CL_PATIENT_DECEASED; i++)
		if (strcmp(code, cl_patient_status_code((enum cl_patient_status)i)) == 0)
			break;
	row->patient_status = (enum cl_patient_status)i;
	row->sensitive = row->kind == CL_REFERRAL_COMMUNITY && cl_domain_sensitive(row->service);
	return CL_OK;
}

static int collect(struct cl_db *db, sqlite3_stmt *st, const char *today,
		   struct cl_referral_row *rows, int max, int *n, struct cl_error *err)
{
	int step = SQLITE_DONE, rc = CL_OK;

	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = list_row(st, today, &rows[*n], err)))
			break;
		(*n)++;
	}
	if (!rc && *n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		*n = 0;
	return rc;
}

int cl_referral_list(struct cl_db *db, const struct cl_referral_filter *filter,
		     const struct cl_referral_row *after, struct cl_referral_row *rows, int max,
		     int *n, struct cl_error *err)
{
	return cl_referral_page(db, filter, after, false, rows, max, n, err);
}

int cl_referral_page(struct cl_db *db, const struct cl_referral_filter *filter,
		     const struct cl_referral_row *after, bool backward,
		     struct cl_referral_row *rows, int max, int *n, struct cl_error *err)
{
	static const struct cl_referral_filter defaults = {
		CL_REFERRALS_OPEN, CL_REFERRAL_DRAFT, -1, NULL, NULL, false
	};
	char today[CL_DATE_LEN];
	const char *kind;
	sqlite3_stmt *st;
	int scope, rc, i;

	*n = 0;
	if (!filter)
		filter = &defaults;
	if (max <= 0)
		return CL_OK;
	scope = (int)filter->scope;
	if (scope < 0 || scope > CL_REFERRALS_ALL)
		scope = CL_REFERRALS_OPEN;
	if (filter->overdue && scope != CL_REFERRALS_STATUS)
		scope = CL_REFERRALS_OVERDUE; /* a closed referral is never overdue */
	if (scope == CL_REFERRALS_STATUS && filter->status == CL_REFERRAL_ENTERED_IN_ERROR)
		return CL_OK; /* hidden from lists; kept in the audit */
	if (!(st = cl_db_stmt(db, (backward ? back_sql : list_sql)[scope][after != NULL], err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	kind = filter->kind >= 0 ? cl_referral_kind_code((enum cl_referral_kind)filter->kind)
				 : NULL;
	if ((rc = cl_db_bind_text(st, 1, kind, err)) ||
	    (rc = cl_db_bind_id(st, 2, filter->organization, err)) ||
	    (rc = cl_db_bind_text(st, 3, filter->care_manager, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_referral_status_code(filter->status), err)) ||
	    (after && (rc = cl_db_bind_text(st, 5, after->due_date, err))) ||
	    (after && (rc = cl_db_bind_id(st, 6, &after->id, err))) ||
	    (rc = cl_db_bind_text(st, 7, today, err)) || (rc = cl_db_bind_int(st, 8, max, err)) ||
	    (scope == CL_REFERRALS_STATUS && filter->overdue &&
	     (rc = cl_db_bind_int(st, 10, 1, err))))
		return rc;
	if ((rc = collect(db, st, today, rows, max, n, err)))
		return rc;
	/* A list over patients: safety stays in the patient's own chart. */
	for (i = 0; i < *n; i++)
		if (rows[i].sensitive)
			rows[i].organization[0] = rows[i].service[0] = '\0';
	if (!backward)
		return rc;
	for (i = 0; i < *n / 2; i++) {
		struct cl_referral_row swap = rows[i];

		rows[i] = rows[*n - 1 - i];
		rows[*n - 1 - i] = swap;
	}
	return CL_OK;
}

int cl_referral_for_patient(struct cl_db *db, const struct cl_id *patient,
			    struct cl_referral_row *rows, int max, int *n, struct cl_error *err)
{
	char today[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_for_patient, err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	if ((rc = cl_db_bind_int(st, 8, max, err)) || (rc = cl_db_bind_id(st, 9, patient, err)))
		return rc;
	return collect(db, st, today, rows, max, n, err);
}

int cl_referral_overdue_count(struct cl_db *db, long long *count, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_overdue_count, err);
	char today[CL_DATE_LEN];
	int rc = CL_OK;

	*count = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	if ((rc = cl_db_bind_text(st, 1, today, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
