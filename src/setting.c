#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "setting.h"
#include "text.h"

const struct cl_setting_info cl_settings[] = {
	{ "lock_minutes", 10, 0, 1440,
	  "idle minutes before the screen hides patient data (0 = never)" },
	{ "rescreen_months", 12, 1, 60, "months after a screening until the patient is due again" },
	{ "loop_days_routine", 30, 1, 365, "days to close the loop of a routine referral" },
	{ "loop_days_urgent", 7, 1, 365, "days to close the loop of an urgent referral" },
	{ "directory_stale_months", 12, 1, 120,
	  "months before a directory entry needs re-verifying" },
	{ "not_reached_days", 30, 1, 365,
	  "days without reaching a high-risk patient before the worklist lists them" },
	{ "ccm_minutes", 20, 1, 600,
	  "monthly care-management minutes that meet the billing threshold" },
	{ "risk_months", 6, 1, 36,
	  "months of ED visits and admissions the risk rules look back over" },
	{ "risk_ed_visits", 2, 1, 99, "ED visits in risk_months that suggest high risk" },
	{ "risk_admissions", 1, 1, 99,
	  "hospital admissions in risk_months that suggest high risk" },
	{ "risk_chronic_conditions", 3, 1, 99, "chronic conditions that count as a risk rule" },
	{ "risk_hrsn", 1, 0, 1, "1: any positive social-needs domain counts as a risk rule" },
	{ "risk_uncontrolled", 1, 0, 1,
	  "1: an uncontrolled blood pressure (140/90 or more) or A1c over 9% counts as a risk "
	  "rule" },
	{ "ed_followup_days", 7, 1, 90,
	  "days after an ED visit to contact the patient (worklist \"ED visit: follow up\")" },
	{ "followup_window_days", 30, 0, 3650,
	  "an ED visit or discharge older than this when recorded owes no follow-up (history)" },
	{ "worklist_count_cap", 999, 10, 1000000,
	  "worklist section counts above this show as \"over N\"" },
	/* Letters and summaries (careloop referral letter, careloop summary): who sends them. */
	{ "practice_name", 0, 0, 120, "the practice's name, at the top of letters", true },
	{ "practice_address", 0, 0, 200,
	  "the practice's postal address on letters (\"; \" starts a new line)", true },
	{ "practice_phone", 0, 0, 32, "the practice's phone on letters", true },
	{ "practice_fax", 0, 0, 32, "the fax number partners send outcomes back to", true },
	/* Sync (careloop sync): no password here; libpq reads ~/.pgpass. */
	{ "hub", 0, 0, 500,
	  "the PostgreSQL hub's libpq connection string (empty: the PG* environment)", true },
	/* Behavioral health (PHQ-9, GAD-7, collaborative care). */
	{ "safety_protocol", 0, 0, 600,
	  "what to do at once when a PHQ-9 raises the safety flag (shown in the popup)", true,
	  "Stay with the patient. Tell the clinician on duty now: a same-day safety assessment "
	  "is needed. If there is imminent danger, call 911. The 988 Suicide & Crisis Lifeline "
	  "(call or text 988) is available 24/7, in English and Spanish." },
	{ "bh_contact_days", 14, 1, 90,
	  "days between contacts with a patient in behavioral care management" },
	{ "bh_review_weeks", 10, 4, 52,
	  "weeks in behavioral care without a 50% drop before psychiatric case review" },
	{ NULL, 0, 0, 0, NULL, false, NULL },
};

const struct cl_setting_info *cl_setting_find(const char *key)
{
	const struct cl_setting_info *s;

	for (s = cl_settings; s->key; s++)
		if (strcmp(s->key, key) == 0)
			return s;
	return NULL;
}

long cl_setting_int(struct cl_db *db, const char *key)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	const struct cl_setting_info *info = cl_setting_find(key);
	long value = info ? info->def : 0;
	sqlite3_stmt *st = cl_db_stmt(db, sql, NULL);

	if (!st || cl_db_bind_text(st, 1, key, NULL))
		return value; /* the database cannot say: the default */
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		char *end;
		long v = text ? strtol(text, &end, 10) : 0;

		if (text && *text && !*end && info && !info->text && v >= info->min &&
		    v <= info->max)
			value = v;
	}
	sqlite3_reset(st);
	return value;
}

/* Store text as key's value inside the caller's transaction; *changed: it was different. */
static int store_in(struct cl_db *db, const char *key, const char *text, bool *changed,
		    struct cl_error *err)
{
	static const char sql[] =
		"INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3, updated_by = ?4"
		" WHERE value IS NOT ?2";
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, key, err)) || (rc = cl_db_bind_text(st, 2, text, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_db_now(now, sizeof(now)), err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (changed)
		*changed = !rc && sqlite3_changes(cl_db_sqlite(db)) > 0;
	return rc;
}

/* Store text as key's value, in its own transaction. */
static int store(struct cl_db *db, const char *key, const char *text, struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = store_in(db, key, text, NULL, err))) {
		cl_db_rollback(db);
		return rc;
	}
	return cl_db_commit(db, err);
}

/* An integer setting's value, checked; its text into text. */
static int check_int(const struct cl_setting_info *info, long value, char text[32],
		     struct cl_error *err)
{
	if (value < info->min || value > info->max)
		return cl_error_field(err, CL_EINVAL, "value", "%s must be from %ld to %ld",
				      info->key, info->min, info->max);
	snprintf(text, 32, "%ld", value);
	return CL_OK;
}

int cl_setting_set_int(struct cl_db *db, const char *key, long value, struct cl_error *err)
{
	const struct cl_setting_info *info = cl_setting_find(key);
	char text[32];
	int rc;

	if (!info || info->text)
		return cl_error_field(err, CL_EINVAL, "key", "unknown setting");
	if ((rc = check_int(info, value, text, err)))
		return rc;
	return store(db, key, text, err);
}

char *cl_setting_text(struct cl_db *db, const char *key, char *buf, size_t size)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	const struct cl_setting_info *info = cl_setting_find(key);
	sqlite3_stmt *st;

	if (size)
		buf[0] = '\0';
	if (!info || !info->text)
		return buf;
	if (size)
		snprintf(buf, size, "%s", info->text_def ? info->text_def : "");
	if (!(st = cl_db_stmt(db, sql, NULL)))
		return buf;
	if (!cl_db_bind_text(st, 1, key, NULL) && sqlite3_step(st) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);

		if (text && *text)
			snprintf(buf, size, "%s", text);
	}
	sqlite3_reset(st);
	return buf;
}

/* A text setting's value, checked and trimmed into text (1024 bytes). */
static int check_text(const struct cl_setting_info *info, const char *value, char *text,
		      struct cl_error *err)
{
	const char *p;
	size_t len;

	if (snprintf(text, 1024, "%s", value ? value : "") >= 1024 ||
	    (long)strlen(cl_text_trim(text)) > info->max)
		return cl_error_field(err, CL_EINVAL, "value", "%s is at most %ld bytes", info->key,
				      info->max);
	for (p = text; *p; p += len)
		if (!(len = cl_utf8_len(p)) || (unsigned char)*p < 0x20 || *p == 0x7f ||
		    cl_text_reorders(p))
			return cl_error_field(err, CL_EINVAL, "value",
					      "%s must be UTF-8 text without control characters",
					      info->key);
	return CL_OK;
}

int cl_setting_set_text(struct cl_db *db, const char *key, const char *value, struct cl_error *err)
{
	const struct cl_setting_info *info = cl_setting_find(key);
	char text[1024];
	int rc;

	if (!info || !info->text)
		return cl_error_field(err, CL_EINVAL, "key", "unknown setting");
	if ((rc = check_text(info, value, text, err)))
		return rc;
	return store(db, key, text, err);
}

bool cl_setting_is_local(const char *key)
{
	static const char *const local[] = {
		"hub", "practice_name", "practice_address", "practice_phone", "practice_fax", NULL
	};

	for (int i = 0; local[i]; i++)
		if (strcmp(local[i], key) == 0)
			return true;
	return false;
}

int cl_setting_check(const char *key, const char *value, char *norm, size_t size,
		     struct cl_error *err)
{
	const struct cl_setting_info *info = cl_setting_find(key);
	char text[1024];
	int rc;

	if (!info)
		return cl_error_field(err, CL_EINVAL, "key", "unknown setting");
	if (cl_setting_is_local(key))
		return cl_error_field(err, CL_EINVAL, "key",
				      "%s is each site's own, not the network's", key);
	if (info->text) {
		rc = check_text(info, value, text, err);
	} else {
		char *end;
		long v = strtol(value ? value : "", &end, 10);

		if (!value || !*value || *end)
			return cl_error_field(err, CL_EINVAL, "value", "%s must be a whole number",
					      key);
		rc = check_int(info, v, text, err);
	}
	if (!rc && snprintf(norm, size, "%s", text) >= (int)size)
		rc = cl_error_field(err, CL_EINVAL, "value", "too long");
	return rc;
}

int cl_setting_apply_in(struct cl_db *db, const char *key, const char *value, bool *changed,
			struct cl_error *err)
{
	char text[1024];
	int rc;

	*changed = false;
	if ((rc = cl_setting_check(key, value, text, sizeof(text), err)))
		return rc;
	return store_in(db, key, text, changed, err);
}
