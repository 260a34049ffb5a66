#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "calendar.h"
#include "chronic.h"
#include "db_private.h"
#include "record.h"
#include "risk.h"
#include "setting.h"

static const char *const event_codes[] = { "ed-visit", "admission", "discharge", NULL };
static const char *const risk_codes[] = { "high", "rising", "low", NULL };
static const char *const source_codes[] = { "coordinator", "rules", "record", NULL };
static const char *const event_source_codes[] = { "chart", "csv", "hl7", NULL };
static const char *const step_codes[] = { "", "contact", "visit", NULL };

int (*cl_risk_hrsn_hook)(struct cl_db *db, const struct cl_id *patient,
			 struct cl_error *err) = NULL;

const char *cl_event_kind_code(enum cl_event_kind v)
{
	return v >= CL_EVENT_ED_VISIT && v <= CL_EVENT_DISCHARGE ? event_codes[v] : "";
}

const char *cl_event_source_code(enum cl_event_source v)
{
	return v >= CL_EVENT_FROM_CHART && v <= CL_EVENT_FROM_HL7 ? event_source_codes[v] : "";
}

const char *cl_risk_source_code(enum cl_risk_source v)
{
	return v >= CL_RISK_BY_COORDINATOR && v <= CL_RISK_BY_RECORD ? source_codes[v] : "";
}

/* ---- clinical events ---- */

#define AT(member) CL_FIELD_AT(struct cl_clinical_event, member), .column = #member

/* A time of day as "HH:MM" (also "H:MM" and "HHMM", as HL7 and spreadsheets write it). */
static const char *event_time_normalize(const void *rec, const char *in, char *out, size_t size)
{
	unsigned h, m;
	char rest;

	(void)rec;
	if ((sscanf(in, "%2u:%2u%c", &h, &m, &rest) != 2 &&
	     (strlen(in) != 4 || strspn(in, "0123456789") != 4 ||
	      sscanf(in, "%2u%2u", &h, &m) != 2)) ||
	    h > 23 || m > 59)
		return "must be a time of day as HH:MM (24-hour)";
	snprintf(out, size, "%02u:%02u", h % 100, m % 100);
	return NULL;
}

const struct cl_field cl_event_fields[] = {
	{ "kind", "Event", CL_FIELD_ENUM, 15, true, event_codes, AT(kind) },
	{ "event_date", "Date", CL_FIELD_DATE, 10, true, NULL, AT(event_date) },
	{ "event_time", "Time", CL_FIELD_TEXT, 5, false, NULL, AT(event_time),
	  .normalize = event_time_normalize },
	{ "facility", "Facility", CL_FIELD_TEXT, 200, false, NULL, AT(facility) },
	{ "reason", "Reason", CL_FIELD_TEXT, 500, false, NULL, AT(reason) },
	{ "note", "Note", CL_FIELD_TEXT, 500, false, NULL, AT(note), .multiline = true },
	{ .key = NULL },
};

static const struct cl_record_type event_type = {
	.table = "clinical_event",
	.fields = cl_event_fields,
	.size = sizeof(struct cl_clinical_event),
};

void cl_event_init(struct cl_clinical_event *e, const struct cl_id *patient)
{
	memset(e, 0, sizeof(*e));
	if (patient)
		e->patient_id = *patient;
	e->kind = CL_EVENT_ED_VISIT;
	cl_date_today(e->event_date);
}

int cl_event_field_set(struct cl_clinical_event *e, const char *key, const char *value,
		       struct cl_error *err)
{
	return cl_field_set(cl_event_fields, e, key, value, err);
}

int cl_event_field_get(const struct cl_clinical_event *e, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_event_fields, e, key, buf, size);
}

/* Made from the field table (field.h): ?1 id, ?2 patient, ?3 now, ?4 user, named fields. */
/*
 * ?5 .. ?9: source, sender, key, patient class, disposition; ?10 contact_due, ?11
 * visit_due, ?12 the step owed ('' or 'contact'; the insert trigger moves it on when a
 * contact already counts).
 */
static struct cl_field_stmt sql_event_insert = {
	"INSERT INTO clinical_event (id, patient_id, created_at, updated_at, updated_by, version,"
	" source, source_sender, source_key, patient_class, disposition, contact_due, visit_due,"
	" followup_step, followup_due, {columns}) VALUES (?1, ?2, ?3, ?3, ?4, 1, ?5, ?6, ?7, ?8,"
	" ?9, ?10, ?11, ?12, CASE ?12 WHEN '' THEN '' ELSE ?10 END, {params})",
	NULL,
	"",
};
#define EVENT_READ_COLUMNS                                                                       \
	"id, created_at, updated_by, version, source, source_sender, source_key, patient_class," \
	" disposition, followup_step, followup_due, contact_due, visit_due, error_reason,"       \
	" {columns}"
#define EVENT_READ_FIRST_FIELD 14
static struct cl_field_stmt sql_event_list = {
	"SELECT " EVENT_READ_COLUMNS " FROM clinical_event"
	" WHERE patient_id = ?1 ORDER BY event_date DESC, event_time DESC, id LIMIT ?2",
	NULL,
	"",
};
static struct cl_field_stmt sql_event_get = {
	"SELECT " EVENT_READ_COLUMNS " FROM clinical_event WHERE id = ?1",
	NULL,
	"",
};
static const char sql_event_source_exists[] =
	"SELECT 1 FROM clinical_event WHERE patient_id = ?1 AND source = ?2"
	" AND source_sender = ?3 AND source_key = ?4 AND source_key <> ''";
static const char sql_patient_tier[] = "SELECT risk_tier FROM patient WHERE id = ?1";

/* The due dates e owes from its date, kind and the patient's tier; step "" for none. */
static int event_followup(struct cl_db *db, struct cl_clinical_event *e, const char **step,
			  struct cl_error *err)
{
	char today[CL_DATE_LEN], tier[16] = "";
	sqlite3_stmt *st;
	int rc = CL_OK;

	*step = "";
	e->contact_due[0] = e->visit_due[0] = '\0';
	cl_date_today(today);
	if (e->kind == CL_EVENT_ADMISSION || cl_date_days(today) - cl_date_days(e->event_date) >
						     cl_setting_int(db, "followup_window_days"))
		return CL_OK;
	if (e->kind == CL_EVENT_ED_VISIT) {
		cl_date_add_days(e->event_date, cl_setting_int(db, "ed_followup_days"),
				 e->contact_due);
		*step = "contact";
		return CL_OK;
	}
	if ((rc = cl_business_days_add(db, e->event_date, 2, e->contact_due, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_patient_tier, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &e->patient_id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		cl_db_column_text(st, 0, tier, sizeof(tier));
		break;
	case SQLITE_DONE:
		rc = cl_error_field(err, CL_ENOTFOUND, "patient", "no such patient");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	cl_date_add_days(e->event_date, strcmp(tier, "high") == 0 ? 7 : 14, e->visit_due);
	*step = "contact";
	return CL_OK;
}

int cl_event_source_exists(struct cl_db *db, const struct cl_id *patient,
			   enum cl_event_source source, const char *sender, const char *key,
			   bool *exists, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_event_source_exists, err);
	int rc;

	*exists = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_text(st, 2, cl_event_source_code(source), err)) ||
	    (rc = cl_db_bind_text(st, 3, sender, err)) || (rc = cl_db_bind_text(st, 4, key, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*exists = true;
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* One row of sql_event_list or sql_event_get; the caller sets the patient. */
static int event_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_clinical_event *e = rec;
	char code[16];
	int i;

	memset(e, 0, sizeof(*e));
	if (cl_db_column_id(st, 0, &e->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored clinical event is malformed");
	cl_db_column_text(st, 1, e->created_at, sizeof(e->created_at));
	cl_db_column_text(st, 2, e->updated_by, sizeof(e->updated_by));
	e->version = sqlite3_column_int64(st, 3);
	cl_db_column_text(st, 4, code, sizeof(code));
	if ((i = cl_code_index(event_source_codes, code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored clinical event is malformed");
	e->source = (enum cl_event_source)i;
	cl_db_column_text(st, 5, e->source_sender, sizeof(e->source_sender));
	cl_db_column_text(st, 6, e->source_key, sizeof(e->source_key));
	cl_db_column_text(st, 7, e->patient_class, sizeof(e->patient_class));
	cl_db_column_text(st, 8, e->disposition, sizeof(e->disposition));
	cl_db_column_text(st, 9, code, sizeof(code));
	if ((i = cl_code_index(step_codes, code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored clinical event is malformed");
	e->followup_step = (enum cl_followup_step)i;
	cl_db_column_text(st, 10, e->followup_due, sizeof(e->followup_due));
	cl_db_column_text(st, 11, e->contact_due, sizeof(e->contact_due));
	cl_db_column_text(st, 12, e->visit_due, sizeof(e->visit_due));
	cl_db_column_text(st, 13, e->error_reason, sizeof(e->error_reason));
	return cl_field_read(&event_type, st, EVENT_READ_FIRST_FIELD, e, err);
}

/* The stored event id into *e (its patient set from patient). */
static int event_get(struct cl_db *db, const struct cl_id *id, const struct cl_id *patient,
		     struct cl_clinical_event *e, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &event_type, &sql_event_get, err);
	int rc, n = 0;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)) ||
	    (rc = cl_record_rows(db, st, event_from_row, e, sizeof(*e), 1, &n, err)))
		return rc;
	if (n != 1)
		return cl_error_set(err, CL_ENOTFOUND, "no such clinical event");
	e->patient_id = *patient;
	return CL_OK;
}

int cl_event_store(struct cl_db *db, struct cl_clinical_event *e, int audit_action,
		   struct cl_error *err)
{
	struct cl_clinical_event v = *e;
	char today[CL_DATE_LEN], now[32];
	sqlite3_stmt *st = NULL;
	const char *step;
	bool exists;
	int rc;

	if (cl_id_is_nil(&v.patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	/* Checked and made canonical (a date typed MM/DD/YYYY); an event has happened. */
	if ((rc = cl_field_normalize(cl_event_fields, &v, err)))
		return rc;
	cl_date_today(today);
	if (strcmp(v.event_date, today) > 0)
		return cl_error_field(err, CL_EINVAL, "event_date", "Date is in the future");
	if (!cl_field_text_ok(v.patient_class, false) || !cl_field_text_ok(v.disposition, false) ||
	    !cl_field_text_ok(v.source_sender, false) || !cl_field_text_ok(v.source_key, false))
		return cl_error_field(err, CL_EINVAL, "source",
				      "The event's source has characters that are not allowed");
	if (v.source_key[0]) {
		if ((rc = cl_event_source_exists(db, &v.patient_id, v.source, v.source_sender,
						 v.source_key, &exists, err)))
			return rc;
		if (exists)
			return cl_error_field(err, CL_EEXIST, "source",
					      "This event was imported before");
	}
	if ((rc = event_followup(db, &v, &step, err)))
		return rc;
	cl_id_new(&v.id);
	if (!(st = cl_field_stmt(db, &event_type, &sql_event_insert, err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &v.id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v.patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_event_source_code(v.source), err)) ||
	    (rc = cl_db_bind_text(st, 6, v.source_sender, err)) ||
	    (rc = cl_db_bind_text(st, 7, v.source_key, err)) ||
	    (rc = cl_db_bind_text(st, 8, v.patient_class, err)) ||
	    (rc = cl_db_bind_text(st, 9, v.disposition, err)) ||
	    (rc = cl_db_bind_text(st, 10, v.contact_due, err)) ||
	    (rc = cl_db_bind_text(st, 11, v.visit_due, err)) ||
	    (rc = cl_db_bind_text(st, 12, step, err)) ||
	    (rc = cl_field_bind(&event_type, st, &v, err))) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return rc;
	}
	if ((rc = cl_record_write(db, st, NULL, (enum cl_audit_action)audit_action,
				  "clinical_event", &v.id, err)))
		return rc;
	/* Read back what the triggers made of the follow-up. */
	return event_get(db, &v.id, &v.patient_id, e, err);
}

int cl_event_add(struct cl_db *db, struct cl_clinical_event *e, struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	e->source = CL_EVENT_FROM_CHART;
	e->source_sender[0] = e->source_key[0] = '\0';
	if ((rc = cl_event_store(db, e, CL_AUDIT_CREATE, err)) || (rc = cl_db_commit(db, err)))
		cl_db_rollback(db);
	return rc;
}

int cl_event_list(struct cl_db *db, const struct cl_id *patient, struct cl_clinical_event *rows,
		  int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &event_type, &sql_event_list, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	rc = cl_record_rows(db, st, event_from_row, rows, sizeof(*rows), max, n, err);
	for (int i = 0; i < *n; i++)
		rows[i].patient_id = *patient;
	return rc;
}

/* ---- the patient row: version checks ---- */

static const char sql_patient_state[] =
	"SELECT risk_tier, version, chronic_conditions FROM patient WHERE id = ?1";
static const char sql_patient_stamp[] =
	"SELECT p.updated_at, coalesce(cm.display_name, p.updated_by) FROM patient p"
	" LEFT JOIN care_manager cm ON cm.login = p.updated_by WHERE p.id = ?1";

/* Where patient_state puts what it reads; a NULL pointer skips its column. */
struct patient_state {
	enum cl_risk *tier;
	long long *version;
	int *chronic;
};

static int patient_state_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct patient_state *state = rec;
	char code[16];
	int t;

	cl_db_column_text(st, 0, code, sizeof(code));
	if ((t = cl_code_index(risk_codes, code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has an unknown tier");
	if (state->tier)
		*state->tier = (enum cl_risk)t;
	if (state->version)
		*state->version = sqlite3_column_int64(st, 1);
	if (state->chronic)
		*state->chronic = sqlite3_column_int(st, 2);
	return CL_OK;
}

/* The stored tier, version and chronic count of a patient. */
static int patient_state(struct cl_db *db, const struct cl_id *patient, enum cl_risk *tier,
			 long long *version, int *chronic, struct cl_error *err)
{
	struct patient_state state = { tier, version, chronic };

	return cl_record_get(db, sql_patient_state, patient, "patient", patient_state_from_row,
			     &state, err);
}

int cl_risk_set_chronic_conditions(struct cl_db *db, const struct cl_id *patient,
				   long long *version, int count, struct cl_error *err)
{
	static const char sql[] =
		"UPDATE patient SET chronic_conditions = ?3, updated_at = ?4, updated_by = ?5,"
		" version = version + 1 WHERE id = ?1 AND version = ?2";
	sqlite3_stmt *st;
	char now[32];
	int rc;

	static const char sql_active[] =
		"SELECT count(*) FROM condition WHERE patient_id = ?1 AND status = 'active'";
	int active = 0, step;

	if (count < 0 || count > 99)
		return cl_error_field(err, CL_EINVAL, "chronic_conditions",
				      "Chronic conditions must be a whole number from 0 to 99");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	/* Never fewer than the Conditions list's active ones (schema 018). */
	if (!(st = cl_db_stmt(db, sql_active, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		goto out;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		active = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW) {
		rc = cl_db_error(db, err);
		goto out;
	}
	if (count < active) {
		rc = cl_error_field(
			err, CL_EINVAL, "chronic_conditions",
			"Chronic conditions must be at least %d: the Conditions section "
			"lists %d active",
			active, active);
		goto out;
	}
	if (!(st = cl_db_stmt(db, sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_int(st, 2, *version, err)) ||
	    (rc = cl_db_bind_int(st, 3, count, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_now(now, sizeof(now)), err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_db_user(db), err)))
		goto out;
	rc = cl_record_write(db, st, sql_patient_stamp, CL_AUDIT_UPDATE, "patient", patient, err);
	if (!rc)
		rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	else
		(*version)++;
	return rc;
}

/* ---- the suggestion ---- */

/* The date `months` calendar months before ymd (the day clamped to the month's end). */
static void months_before(const char *ymd, long months, char out[CL_DATE_LEN])
{
	int y, m, d;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d);
	m -= (int)months;
	while (m < 1) {
		m += 12;
		y--;
	}
	if (d > mdays[m - 1])
		d = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	snprintf(out, CL_DATE_LEN, "%04u-%02u-%02u", (unsigned)(y < 0 ? 0 : y) % 10000,
		 (unsigned)m % 100, (unsigned)d % 100);
}

static const char sql_has_screening[] =
	"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'screening_positive'";
static const char sql_hrsn_positive[] =
	"SELECT count(DISTINCT domain_code) FROM screening_positive WHERE patient_id = ?1";

/*
 * The positive domains of the patient's latest scored screening (screening_positive, kept
 * by the screening module, schema 002), or -1 when this database has no screening tables.
 */
static int hrsn_from_screening(struct cl_db *db, const struct cl_id *patient, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_has_screening, err);
	int n = -1, step;

	if (!st)
		return -2;
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return -1;
	if (step != SQLITE_ROW || !(st = cl_db_stmt(db, sql_hrsn_positive, err))) {
		cl_db_error(db, err);
		return -2;
	}
	if (cl_db_bind_id(st, 1, patient, err))
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		n = (cl_db_error(db, err), -2);
	sqlite3_reset(st);
	return n;
}

static const char sql_event_counts[] =
	"SELECT sum(kind = 'ed-visit'), sum(kind = 'admission') FROM clinical_event"
	" WHERE patient_id = ?1 AND event_date >= ?2 AND event_date <= ?3 AND error_reason = ''";

int cl_risk_suggest(struct cl_db *db, const struct cl_id *patient, struct cl_risk_suggestion *s,
		    struct cl_error *err)
{
	long months = cl_setting_int(db, "risk_months");
	char today[CL_DATE_LEN], since[CL_DATE_LEN];
	size_t len = 0;
	sqlite3_stmt *st;
	int rc, rules;

	memset(s, 0, sizeof(*s));
	if ((rc = patient_state(db, patient, NULL, NULL, &s->chronic_conditions, err)))
		return rc;
	cl_date_today(today);
	months_before(today, months, since);
	if (!(st = cl_db_stmt(db, sql_event_counts, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_text(st, 2, since, err)) || (rc = cl_db_bind_text(st, 3, today, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		s->ed_visits = sqlite3_column_int(st, 0);
		s->admissions = sqlite3_column_int(st, 1);
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	s->hrsn_positive_domains =
		(cl_risk_hrsn_hook ? cl_risk_hrsn_hook : hrsn_from_screening)(db, patient, err);
	if (s->hrsn_positive_domains < -1)
		return err && err->code ? err->code : CL_EIO;

	{
		struct cl_chronic_status cs;

		if ((rc = cl_chronic_status(db, patient, today, &cs, err)))
			return rc;
		s->uncontrolled = cs.uncontrolled;
	}
	s->uncontrolled_rule = cl_setting_int(db, "risk_uncontrolled") && s->uncontrolled;
	s->utilization_rule = s->ed_visits >= cl_setting_int(db, "risk_ed_visits") ||
			      s->admissions >= cl_setting_int(db, "risk_admissions");
	s->chronic_rule = s->chronic_conditions >= cl_setting_int(db, "risk_chronic_conditions");
	s->hrsn_rule = cl_setting_int(db, "risk_hrsn") && s->hrsn_positive_domains > 0;
	rules = s->utilization_rule + s->chronic_rule + s->hrsn_rule + s->uncontrolled_rule;
	s->tier = s->utilization_rule || rules >= 2 ? CL_RISK_HIGH
		  : rules == 1			    ? CL_RISK_RISING
						    : CL_RISK_LOW;

	/* The reason names only what was found: counts, never clinical detail. */
#define REASON(...)                                                                                \
	do {                                                                                       \
		int w = snprintf(s->reason + len, sizeof(s->reason) - len, "%s", len ? "; " : ""); \
		if (w > 0 && (size_t)w < sizeof(s->reason) - len)                                  \
			len += (size_t)w;                                                          \
		w = snprintf(s->reason + len, sizeof(s->reason) - len, __VA_ARGS__);               \
		if (w > 0 && (size_t)w < sizeof(s->reason) - len)                                  \
			len += (size_t)w;                                                          \
	} while (0)
	if (s->utilization_rule && s->ed_visits >= cl_setting_int(db, "risk_ed_visits"))
		REASON("%d ED visits in %ld months", s->ed_visits, months);
	if (s->utilization_rule && s->admissions >= cl_setting_int(db, "risk_admissions"))
		REASON("%d admission%s in %ld months", s->admissions, s->admissions == 1 ? "" : "s",
		       months);
	if (s->chronic_rule)
		REASON("%d chronic conditions", s->chronic_conditions);
	if (s->hrsn_rule)
		REASON("%d positive social-need domain%s", s->hrsn_positive_domains,
		       s->hrsn_positive_domains == 1 ? "" : "s");
	if (s->uncontrolled_rule)
		REASON("blood pressure or A1c not controlled");
	if (!rules)
		REASON("no risk rule met");
#undef REASON
	return CL_OK;
}

/* ---- the tier ---- */

static const char sql_risk_insert[] =
	"INSERT INTO risk_change (id, patient_id, changed_at, changed_by, from_tier, to_tier,"
	" suggested_tier, source, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_risk_update[] =
	"UPDATE patient SET risk_tier = ?3, updated_at = ?4, updated_by = ?5,"
	" version = version + 1 WHERE id = ?1 AND version = ?2";
static const char sql_risk_history[] =
	"SELECT changed_at, changed_by, from_tier, to_tier, suggested_tier, source, reason"
	" FROM risk_change WHERE patient_id = ?1 ORDER BY changed_at DESC, rowid DESC LIMIT ?2";

int cl_risk_set(struct cl_db *db, const struct cl_id *patient, long long *version,
		enum cl_risk tier, const char *reason, enum cl_risk_source source,
		const enum cl_risk *suggested, struct cl_error *err)
{
	enum cl_risk from;
	long long stored;
	struct cl_id id;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((int)tier < CL_RISK_HIGH || tier > CL_RISK_LOW)
		return cl_error_field(err, CL_EINVAL, "risk_tier",
				      "Risk tier is not one of the choices");
	if ((int)source < CL_RISK_BY_COORDINATOR || source > CL_RISK_BY_RECORD)
		return cl_error_field(err, CL_EINVAL, "source", "Source is not one of the choices");
	if (!reason || !*reason)
		return cl_error_field(err, CL_EINVAL, "reason", "Reason is required");
	if (strlen(reason) > 500 || !cl_field_text_ok(reason, true))
		return cl_error_field(err, CL_EINVAL, "reason",
				      "Reason is too long or has characters that are not allowed");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = patient_state(db, patient, &from, &stored, NULL, err)))
		goto out;
	if (stored != *version) {
		rc = cl_record_conflict(db, sql_patient_stamp, patient, "patient", err);
		goto out;
	}
	if (from == tier) {
		rc = cl_error_field(err, CL_EINVAL, "risk_tier", "Risk tier is already %s",
				    cl_risk_code(tier));
		goto out;
	}
	cl_db_now(now, sizeof(now));
	/* The history row first: the patient trigger then sees it and adds none of its own. */
	if (!(st = cl_db_stmt(db, sql_risk_insert, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	cl_id_new(&id);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, patient, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_risk_code(from), err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_risk_code(tier), err)) ||
	    (rc = cl_db_bind_text(st, 7, suggested ? cl_risk_code(*suggested) : NULL, err)) ||
	    (rc = cl_db_bind_text(st, 8, cl_risk_source_code(source), err)) ||
	    (rc = cl_db_bind_text(st, 9, reason, err)))
		goto out;
	if ((rc = cl_record_step(db, st, NULL, NULL, NULL, err)))
		goto out;
	if (!(st = cl_db_stmt(db, sql_risk_update, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_int(st, 2, *version, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_risk_code(tier), err)) ||
	    (rc = cl_db_bind_text(st, 4, now, err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_db_user(db), err)))
		goto out;
	rc = cl_record_write(db, st, sql_patient_stamp, CL_AUDIT_UPDATE, "patient", patient, err);
	if (!rc)
		rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	else
		(*version)++;
	return rc;
}

int cl_risk_accept(struct cl_db *db, const struct cl_id *patient, long long *version,
		   const struct cl_risk_suggestion *s, struct cl_error *err)
{
	return cl_risk_set(db, patient, version, s->tier, s->reason, CL_RISK_BY_RULES, &s->tier,
			   err);
}

/* One row of sql_risk_history. */
static int change_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_risk_change *r = rec;
	char from[16], to[16], sug[16], src[16];
	int f, t, s, g;

	memset(r, 0, sizeof(*r));
	cl_db_column_text(st, 0, r->changed_at, sizeof(r->changed_at));
	cl_db_column_text(st, 1, r->changed_by, sizeof(r->changed_by));
	cl_db_column_text(st, 2, from, sizeof(from));
	cl_db_column_text(st, 3, to, sizeof(to));
	cl_db_column_text(st, 4, sug, sizeof(sug));
	cl_db_column_text(st, 5, src, sizeof(src));
	cl_db_column_text(st, 6, r->reason, sizeof(r->reason));
	f = cl_code_index(risk_codes, from);
	t = cl_code_index(risk_codes, to);
	g = cl_code_index(risk_codes, sug);
	s = cl_code_index(source_codes, src);
	if (f < 0 || t < 0 || s < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored risk change is malformed");
	r->from = (enum cl_risk)f;
	r->to = (enum cl_risk)t;
	r->source = (enum cl_risk_source)s;
	r->has_suggested = g >= 0;
	r->suggested = g >= 0 ? (enum cl_risk)g : CL_RISK_LOW;
	return CL_OK;
}

int cl_risk_history(struct cl_db *db, const struct cl_id *patient, struct cl_risk_change *rows,
		    int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_risk_history, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	return cl_record_rows(db, st, change_from_row, rows, sizeof(*rows), max, n, err);
}

/* ---- assignment ---- */

int cl_assign_care_manager(struct cl_db *db, const struct cl_id *patients, size_t n,
			   const char *login, size_t *changed, struct cl_error *err)
{
	static const char sql_assign[] =
		"UPDATE patient SET care_manager_id = ?2, updated_at = ?3, updated_by = ?4,"
		" version = version + 1 WHERE id = ?1 AND care_manager_id IS NOT ?2";
	static const char sql_exists[] = "SELECT 1 FROM patient WHERE id = ?1";
	struct cl_id cm;
	bool assign = login && *login;
	size_t count = 0;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (changed)
		*changed = 0;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (assign && (rc = cl_record_care_manager(db, login, "care_manager", &cm, err)))
		goto out;
	cl_db_now(now, sizeof(now));
	for (size_t i = 0; i < n; i++) {
		if (!(st = cl_db_stmt(db, sql_assign, err))) {
			rc = err ? err->code : CL_EIO;
			goto out;
		}
		if ((rc = cl_db_bind_id(st, 1, &patients[i], err)) ||
		    (rc = cl_record_bind_opt_id(st, 2, assign ? &cm : NULL, err)) ||
		    (rc = cl_db_bind_text(st, 3, now, err)) ||
		    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)))
			goto out;
		if ((rc = cl_record_step(db, st, NULL, NULL, NULL, err)))
			goto out;
		if (sqlite3_changes(cl_db_sqlite(db)) == 1) {
			count++;
			if ((rc = cl_audit_log(db, CL_AUDIT_UPDATE, "patient", &patients[i], err)))
				goto out;
			continue;
		}
		/* Unchanged: already assigned there, or no such patient. */
		if (!(st = cl_db_stmt(db, sql_exists, err))) {
			rc = err ? err->code : CL_EIO;
			goto out;
		}
		if ((rc = cl_db_bind_id(st, 1, &patients[i], err)))
			goto out;
		switch (sqlite3_step(st)) {
		case SQLITE_ROW:
			break;
		case SQLITE_DONE:
			rc = cl_error_set(err, CL_ENOTFOUND, "no such patient (item %zu of %zu)",
					  i + 1, n);
			break;
		default:
			rc = cl_db_error(db, err);
		}
		sqlite3_reset(st);
		if (rc)
			goto out;
	}
	rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	else if (changed)
		*changed = count;
	return rc;
}

/* ---- follow-ups after the holidays changed ---- */

int cl_event_followup_refresh(struct cl_db *db, struct cl_error *err)
{
	static const char sql_open[] =
		"SELECT id, event_date FROM clinical_event WHERE kind = 'discharge'"
		" AND followup_step = 'contact' AND id > ?1 ORDER BY id LIMIT 1";
	static const char sql_set[] = "UPDATE clinical_event SET contact_due = ?2,"
				      " followup_due = ?2 WHERE id = ?1";
	unsigned char last[CL_ID_LEN] = { 0 };
	bool first = true;
	int rc = CL_OK;

	/* One at a time (the business days query holidays meanwhile); few are ever open. */
	for (;;) {
		char date[CL_DATE_LEN], due[CL_DATE_LEN];
		struct cl_id id;
		sqlite3_stmt *st = cl_db_stmt(db, sql_open, err);
		int step;

		if (!st)
			return err ? err->code : CL_EIO;
		if ((rc = cl_db_bind_blob(st, 1, last, first ? 0 : CL_ID_LEN, err)))
			return rc;
		step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			if (cl_db_column_id(st, 0, &id))
				rc = cl_error_set(err, CL_ECORRUPT,
						  "a stored clinical event is malformed");
			cl_db_column_text(st, 1, date, sizeof(date));
		} else if (step != SQLITE_DONE) {
			rc = cl_db_error(db, err);
		}
		sqlite3_reset(st);
		if (rc || step == SQLITE_DONE)
			return rc;
		first = false;
		memcpy(last, id.bytes, CL_ID_LEN);
		if (!cl_date_valid(date))
			continue;
		if ((rc = cl_business_days_add(db, date, 2, due, err)))
			return rc;
		if (!(st = cl_db_stmt(db, sql_set, err)))
			return err ? err->code : CL_EIO;
		if ((rc = cl_db_bind_id(st, 1, &id, err)) ||
		    (rc = cl_db_bind_text(st, 2, due, err)))
			return rc;
		rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
		sqlite3_reset(st);
		if (rc)
			return rc;
	}
}
