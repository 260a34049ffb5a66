/*
 * Referrals' storage (declared in referral.h): load, validate against the database, create,
 * update and transition, each write one BEGIN IMMEDIATE transaction with its audit row.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "record.h"
#include "referral.h"
#include "setting.h"
#include "text.h"

/* ---- storage ---- */

/*
 * Whole referrals are read and written by statements made from the field table (field.h):
 * ?1 id, ?2 patient, ?3 status, ?4 care manager id, ?5 now, ?6 user, ?7 the version the
 * caller read; the fields' own parameters are named. The status moves by transition only.
 */
static struct cl_field_stmt sql_get = {
	"SELECT r.id, r.patient_id, r.status, r.status_reason, r.outcome, r.closed_on,"
	" coalesce(cm.login, ''), coalesce(cm.display_name, ''), r.created_at, r.updated_at,"
	" r.updated_by, r.version, {columns} FROM referral r"
	" LEFT JOIN care_manager cm ON cm.id = r.care_manager_id WHERE r.id = ?1",
	"r.",
	"",
};
#define FIRST_FIELD_COLUMN 12
static const char sql_patient_exists[] = "SELECT 1 FROM patient WHERE id = ?1";
static struct cl_field_stmt sql_insert = {
	"INSERT INTO referral (id, patient_id, status, care_manager_id, created_at, updated_at,"
	" updated_by, version, {columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, 1, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_update = {
	"UPDATE referral SET care_manager_id = ?4, updated_at = ?5, updated_by = ?6,"
	" version = ?7 + 1, {assign} WHERE id = ?1 AND version = ?7",
	NULL,
	"",
};
static const char sql_set_status[] =
	"UPDATE referral SET status = ?2, status_reason = ?3, outcome = ?4, closed_on = ?5,"
	" updated_at = ?6, updated_by = ?7, version = version + 1 WHERE id = ?1 AND version = ?8";
static const char sql_event[] =
	"INSERT INTO referral_event (id, referral_id, at, actor, from_status, to_status,"
	" status_reason, outcome, note, happened_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" ?10)";
/* The day the referral's last status change happened (its creation aside): a backdated
 * change may not go before it. */
static const char sql_last_change[] =
	"SELECT coalesce(max(coalesce(nullif(happened_on, ''), date(at, 'localtime'))), '')"
	" FROM referral_event WHERE referral_id = ?1 AND from_status <> ''";
static const char sql_stamp[] =
	"SELECT r.updated_at, coalesce(cm.display_name, r.updated_by) FROM referral r"
	" LEFT JOIN care_manager cm ON cm.login = r.updated_by WHERE r.id = ?1";
static const char sql_events[] =
	"SELECT at, actor, from_status, to_status, status_reason, outcome, note, happened_on"
	" FROM referral_event WHERE referral_id = ?1 ORDER BY at, rowid LIMIT ?2";

static int referral_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_referral *r = rec;
	char code[32];
	int i;

	memset(r, 0, sizeof(*r));
	if (cl_db_column_id(st, 0, &r->id) || cl_db_column_id(st, 1, &r->patient_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has a malformed id");
	cl_db_column_text(st, 2, code, sizeof(code));
	if ((i = cl_referral_status_parse(code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored referral has an unknown status");
	r->status = (enum cl_referral_status)i;
	cl_db_column_text(st, 3, r->status_reason, sizeof(r->status_reason));
	cl_db_column_text(st, 4, code, sizeof(code));
	i = cl_referral_outcome_parse(code);
	r->outcome = i > 0 ? (enum cl_referral_outcome)i : CL_OUTCOME_NONE;
	cl_db_column_text(st, 5, r->closed_on, sizeof(r->closed_on));
	cl_db_column_text(st, 6, r->care_manager, sizeof(r->care_manager));
	cl_db_column_text(st, 7, r->care_manager_name, sizeof(r->care_manager_name));
	cl_record_read_stamps(st, 8, r->created_at, r->updated_at, r->updated_by, &r->version);
	return cl_field_read(&cl_referral_type, st, FIRST_FIELD_COLUMN, r, err);
}

int cl_referral_get(struct cl_db *db, const struct cl_id *id, struct cl_referral *r,
		    struct cl_error *err)
{
	return cl_record_load(db, &cl_referral_type, &sql_get, id, referral_from_row, r, err);
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
	if (!cl_field_text_ok(r->reason, true))
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
	    (rc = cl_db_bind_text(st, 3, cl_referral_status_code(r->status), err)) ||
	    (rc = cl_record_bind_opt_id(st, 4, care_manager, err)) ||
	    (rc = cl_db_bind_text(st, 5, now, err)) || (rc = cl_db_bind_text(st, 6, user, err)))
		return rc;
	return cl_field_bind(&cl_referral_type, st, r, err);
}

static int add_event(struct cl_db *db, const struct cl_id *referral, const char *now,
		     const char *from, const char *to, const char *reason, const char *outcome,
		     const char *note, const char *happened_on, struct cl_error *err)
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
	    (rc = cl_db_bind_text(st, 9, note ? note : "", err)) ||
	    (rc = cl_db_bind_text(st, 10, happened_on ? happened_on : "", err)))
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
	if (!(st = cl_field_stmt(db, &cl_referral_type, &sql_insert, err)))
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
			       NULL, NULL, NULL, err);
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

	if (!(st = cl_field_stmt(db, &cl_referral_type, &sql_update, err)))
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
	    (rc = cl_db_bind_int(st, 7, work.version, err)))
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
	if ((c->status_reason && !cl_field_text_ok(c->status_reason, false)) ||
	    (c->note && !cl_field_text_ok(c->note, true)))
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

/*
 * A backdated change (change->happened_on, "" or NULL for today): a date (YYYY-MM-DD or
 * MM/DD/YYYY, into happened in canonical form; "" when none), not in the future, not
 * before the referral was made nor before its last status change. CL_EINVAL on field
 * "happened_on". Inside the transition's transaction.
 */
static int check_happened(struct cl_db *db, const struct cl_referral *stored,
			  const struct cl_referral_change *c, const char *today,
			  char happened[CL_DATE_LEN], struct cl_error *err)
{
	sqlite3_stmt *st;
	char last[CL_DATE_LEN] = "";
	int step;

	happened[0] = '\0';
	if (!c->happened_on || !c->happened_on[0])
		return CL_OK;
	if (cl_date_parse_input(c->happened_on, today, CL_DATE_PAST, happened, err)) {
		char why[sizeof(err->message)];

		/* A copy: the message is formatted into the buffer it came from. */
		snprintf(why, sizeof(why), "%s", err ? err->message : "not a date");
		happened[0] = '\0';
		return cl_error_field(err, CL_EINVAL, "happened_on", "Happened on: %s", why);
	}
	if (strcmp(happened, today) > 0)
		return cl_error_field(err, CL_EINVAL, "happened_on",
				      "Happened on is in the future");
	if (strcmp(happened, stored->referred_on) < 0)
		return cl_error_field(err, CL_EINVAL, "happened_on",
				      "Happened on is before the referral was made");
	if (!(st = cl_db_stmt(db, sql_last_change, err)))
		return err ? err->code : CL_EIO;
	if (cl_db_bind_id(st, 1, &stored->id, err))
		return err ? err->code : CL_EIO;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		cl_db_column_text(st, 0, last, sizeof(last));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (step != SQLITE_ROW)
		return cl_db_error(db, err);
	if (strcmp(happened, last) < 0)
		return cl_error_field(err, CL_EINVAL, "happened_on",
				      "Happened on is before the referral's last status change");
	return CL_OK;
}

int cl_referral_transition(struct cl_db *db, struct cl_referral *r,
			   const struct cl_referral_change *change, struct cl_error *err)
{
	struct cl_referral stored;
	sqlite3_stmt *st;
	char now[32], today[CL_DATE_LEN], happened[CL_DATE_LEN] = "";
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
	cl_date_today(today);
	if ((rc = check_happened(db, &stored, change, today, happened, err)))
		goto fail;
	from = cl_referral_status_code(stored.status);
	to = cl_referral_status_code(change->to);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &r->id, err)) || (rc = cl_db_bind_text(st, 2, to, err)) ||
	    (rc = cl_db_bind_text(st, 3, change->status_reason ? change->status_reason : "",
				  err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_referral_outcome_code(change->outcome), err)) ||
	    (rc = cl_db_bind_text(st, 5,
				  !cl_referral_status_closed(change->to) ? ""
				  : happened[0]				 ? happened
									 : today,
				  err)) ||
	    (rc = cl_db_bind_text(st, 6, now, err)) ||
	    (rc = cl_db_bind_text(st, 7, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_int(st, 8, r->version, err)))
		goto fail;
	rc = cl_record_step(db, st, sql_stamp, &r->id, "referral", err);
	if (!rc)
		rc = add_event(db, &r->id, now, from, to, change->status_reason,
			       cl_referral_outcome_code(change->outcome), change->note,
			       happened[0] ? happened : today, err);
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
		cl_db_column_text(st, 7, e->happened_on, sizeof(e->happened_on));
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
