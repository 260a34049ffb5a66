#include "config.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "db_private.h"
#include "domain.h"
#include "measure.h"
#include "org.h"
#include "record.h"
#include "referral.h"
#include "screening.h"
#include "setting.h"
#include "worklist.h"

/*
 * Each section: one query for everyone and one for "mine" (so that each has its own
 * partial index: task_open_due / task_open_assignee_due in schema/007_deceased.sql,
 * patient_not_reached / patient_not_reached_cm in 005, referral_worklist /
 * referral_worklist_cm in 007, screening_due in 002 and 006). Parameters, the same in all:
 * ?1 the section's bound (due on or before / reached before), ?2 ?3 the keyset position,
 * ?4 the row limit, ?5 the current user's care manager id. Each page query exists
 * forwards (rows after ?2 ?3, most urgent first) and backwards (rows before it, read from
 * the end: the list widget scrolling up or jumping to the end).
 * Counts read their index alone (no table rows), so that "over 999" costs 1,000 index
 * entries. A deceased or inactive patient's work leaves every section at once (their
 * tasks, due screening and "not reached" row), but for their open referrals: those come
 * first in "Referrals overdue", flagged for the coordinator to close with a reason.
 * Columns: record id, record version, what, date text, patient id, mrn, given, family,
 * risk tier, care manager name, key text, key id, patient status, detail (tasks: their
 * goal's domain; referrals: the service code), partner name (referrals).
 */
#define FORWARD(k1, k2) " AND (" k1 ", " k2 ") > (?2, ?3) ORDER BY " k1 ", " k2 " LIMIT ?4"
#define BACKWARD(k1, k2) \
	" AND (" k1 ", " k2 ") < (?2, ?3) ORDER BY " k1 " DESC, " k2 " DESC LIMIT ?4"

#define TASKS_SELECT                                                                                                     \
	"SELECT t.id, t.version, t.title, t.due_date, p.id, p.mrn, p.given_name,"                                        \
	" p.family_name, p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, ''), t.due_date, t.id," \
	" p.status, coalesce(g.domain, ''), '' FROM task t"                                                              \
	" JOIN patient p ON p.id = t.patient_id LEFT JOIN goal g ON g.id = t.goal_id"                                    \
	" LEFT JOIN care_manager cm ON cm.id = t.assignee_id"                                                            \
	" WHERE t.status = 'open' AND t.patient_active = 1"
#define TASKS_MINE " AND t.assignee_id = ?5"

static const char sql_tasks_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM task t WHERE t.status = 'open'"
	" AND t.patient_active = 1 AND t.due_date <= ?1 LIMIT ?4)";
static const char sql_tasks_count_mine[] =
	"SELECT count(*) FROM (SELECT 1 FROM task t WHERE t.status = 'open'"
	" AND t.patient_active = 1 AND t.due_date <= ?1 AND t.assignee_id = ?5 LIMIT ?4)";

/*
 * Open referrals past their loop-closure date (due before today), and every open referral
 * of a retired patient first (worklist_key, schema/007_deceased.sql), whatever its date.
 */
#define REFERRAL_OPEN " r.status IN " CL_REFERRAL_OPEN_STATUSES
#define REFERRALS_SELECT                                                                                                    \
	"SELECT r.id, r.version, '', r.due_date, p.id,"                                                                     \
	" p.mrn, p.given_name, p.family_name, p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, '')," \
	" r.worklist_key, r.id, p.status, r.service, coalesce(o.name, '')"                                                  \
	" FROM referral r JOIN patient p ON p.id = r.patient_id"                                                            \
	" LEFT JOIN organization o ON o.id = r.organization_id"                                                             \
	" LEFT JOIN care_manager cm ON cm.id = r.care_manager_id"                                                           \
	" WHERE" REFERRAL_OPEN
#define REFERRALS_MINE " AND r.care_manager_id = ?5"

static const char sql_referrals_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM referral r"
	" WHERE" REFERRAL_OPEN " AND r.worklist_key < ?1 LIMIT ?4)";
static const char sql_referrals_count_mine[] =
	"SELECT count(*) FROM (SELECT 1 FROM referral r WHERE" REFERRAL_OPEN
	" AND r.worklist_key < ?1 AND r.care_manager_id = ?5 LIMIT ?4)";

/*
 * Active patients due for screening: the latest screening on or before the cutoff (never
 * screened: '' sorts first). CROSS JOIN keeps screening_status as the outer loop (the
 * index gives the order; the patient is one lookup a row). Mine: the patient's care
 * manager as copied into screening_status (006), a range of screening_due_cm.
 */
#define SCREENINGS_SELECT                                                                                        \
	"SELECT NULL, 0, '', s.last_on, p.id, p.mrn, p.given_name, p.family_name,"                               \
	" p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, ''), s.last_on, s.patient_id," \
	" p.status, '', ''"                                                                                      \
	" FROM screening_status s CROSS JOIN patient p ON p.id = s.patient_id"                                   \
	" LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"                                                \
	" WHERE s.active = 1"
#define SCREENINGS_MINE " AND s.care_manager_id = ?5"

static const char sql_screenings_count[] = "SELECT count(*) FROM (SELECT 1 FROM"
					   " screening_status s WHERE s.active = 1"
					   " AND s.last_on <= ?1 LIMIT ?4)";
static const char sql_screenings_count_mine[] =
	"SELECT count(*) FROM (SELECT 1 FROM screening_status s WHERE s.active = 1"
	" AND s.last_on <= ?1 AND s.care_manager_id = ?5 LIMIT ?4)";

/* what: how the patient prefers to be reached ("morning, phone"; "" when not recorded). */
#define REACHED_SELECT                                                                                 \
	"SELECT NULL, 0, p.contact_time || CASE WHEN p.contact_time <> '' AND"                         \
	" p.contact_method <> '' THEN ', ' ELSE '' END || p.contact_method,"                           \
	" substr(p.last_reached_at, 1, 10), p.id, p.mrn, p.given_name,"                                \
	" p.family_name, p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, '')," \
	" p.last_reached_at, p.id, p.status, '', ''"                                                   \
	" FROM patient p LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"                       \
	" WHERE p.risk_tier = 'high' AND p.status = 'active'"
#define REACHED_MINE " AND p.care_manager_id = ?5"

static const char sql_reached_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM patient p WHERE p.risk_tier = 'high'"
	" AND p.status = 'active' AND p.last_reached_at < ?1 LIMIT ?4)";
static const char sql_reached_count_mine[] =
	"SELECT count(*) FROM (SELECT 1 FROM patient p WHERE p.risk_tier = 'high'"
	" AND p.status = 'active' AND p.last_reached_at < ?1 AND p.care_manager_id = ?5"
	" LIMIT ?4)";

/*
 * Patients owed a follow-up after a hospital event (schema/011_events.sql): the event's
 * followup_due orders them, soonest first (every one is listed, due or not: the row counts
 * down). Columns 13 and 14: the step owed and the facility.
 */
#define FOLLOWUP_SELECT(kind)                                                                                           \
	"SELECT e.id, e.version, '', e.event_date, p.id, p.mrn, p.given_name, p.family_name,"                           \
	" p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, ''), e.followup_due, e.id, p.status," \
	" e.followup_step, e.facility FROM clinical_event e CROSS JOIN patient p"                                       \
	" ON p.id = e.patient_id LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"                                \
	" WHERE e.kind = '" kind "' AND e.followup_step <> '' AND p.status = 'active'"
#define FOLLOWUP_MINE " AND p.care_manager_id = ?5"
#define FOLLOWUP_COUNT(kind)                                                          \
	"SELECT count(*) FROM (SELECT 1 FROM clinical_event e CROSS JOIN patient p"   \
	" ON p.id = e.patient_id WHERE e.kind = '" kind "' AND e.followup_step <> ''" \
	" AND p.status = 'active' AND e.followup_due <= ?1"
static const char sql_discharged_count[] = FOLLOWUP_COUNT("discharge") " LIMIT ?4)";
static const char sql_discharged_count_mine[] =
	FOLLOWUP_COUNT("discharge") FOLLOWUP_MINE " LIMIT ?4)";
static const char sql_ed_count[] = FOLLOWUP_COUNT("ed-visit") " LIMIT ?4)";
static const char sql_ed_count_mine[] = FOLLOWUP_COUNT("ed-visit") FOLLOWUP_MINE " LIMIT ?4)";

/*
 * Open positives (MIPS #498's 60 days, src/measure.h): the positives of each active
 * patient's latest scored screening (screening_positive, one row per domain: the row of
 * the patient's first domain stands for them) screened on or after the bound (today - 60),
 * while no community referral for one of those needs has reached in-progress (or
 * completed) since. Oldest first: fewest days left. screening_positive_on (012).
 */
#define POSITIVE_OPEN                                                                              \
	" sp.domain_code = (SELECT min(x.domain_code) FROM screening_positive x"                   \
	" WHERE x.patient_id = sp.patient_id) AND p.status = 'active'"                             \
	" AND NOT EXISTS (SELECT 1 FROM referral f JOIN referral_event e ON e.referral_id = f.id"  \
	" WHERE f.patient_id = sp.patient_id AND f.kind = 'community'"                             \
	" AND f.status <> 'entered-in-error' AND e.to_status IN ('in-progress', 'completed')"      \
	" AND coalesce(nullif(e.happened_on, ''), e.at) >= sp.screened_on"                         \
	" AND f.service IN (SELECT d.sdoh_category"                                                \
	" FROM screening_positive x JOIN screening s ON s.id = x.screening_id"                     \
	" JOIN screening_domain d ON d.instrument_id = s.instrument_id AND d.code = x.domain_code" \
	" WHERE x.patient_id = sp.patient_id))"
#define POSITIVES_SELECT                                                                                               \
	"SELECT NULL, 0, (SELECT group_concat(CASE WHEN x.sensitive THEN '" CL_PRIVATE_FOLLOWUP                        \
	"' ELSE x.domain_code END, ', ') FROM screening_positive x"                                                    \
	" WHERE x.patient_id = sp.patient_id), sp.screened_on, p.id, p.mrn, p.given_name,"                             \
	" p.family_name, p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, ''), sp.screened_on," \
	" sp.patient_id, p.status, '', ''"                                                                             \
	" FROM screening_positive sp CROSS JOIN patient p ON p.id = sp.patient_id"                                     \
	" LEFT JOIN care_manager cm ON cm.id = p.care_manager_id WHERE" POSITIVE_OPEN
#define POSITIVES_MINE " AND p.care_manager_id = ?5"

static const char sql_positives_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM screening_positive sp CROSS JOIN patient p"
	" ON p.id = sp.patient_id WHERE sp.screened_on >= ?1 AND" POSITIVE_OPEN " LIMIT ?4)";
static const char sql_positives_count_mine[] =
	"SELECT count(*) FROM (SELECT 1 FROM screening_positive sp CROSS JOIN patient p"
	" ON p.id = sp.patient_id WHERE sp.screened_on >= ?1 AND" POSITIVE_OPEN
	" AND p.care_manager_id = ?5 LIMIT ?4)";

/*
 * Open same-day safety flags (schema/017_behavioral.sql): a screening whose safety task is
 * still open. Never filtered to "mine": a flag waits for no one (?5 is bound, not used).
 * The row names no answer: "same-day clinician review" (the chart says more).
 */
#define SAFETY_FROM                                                 \
	" FROM screening s JOIN task t ON t.id = s.safety_task_id"  \
	" CROSS JOIN patient p ON p.id = s.patient_id"              \
	" WHERE s.safety_task_id IS NOT NULL AND t.status = 'open'" \
	" AND s.status <> 'entered-in-error' AND p.status = 'active'"
#define SAFETY_SELECT                                                                                                \
	"SELECT t.id, t.version, 'same-day clinician review', s.screened_on, p.id, p.mrn,"                           \
	" p.given_name, p.family_name, p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, '')," \
	" s.screened_on, s.id, p.status, '', ''"                                                                     \
	" FROM screening s JOIN task t ON t.id = s.safety_task_id"                                                   \
	" CROSS JOIN patient p ON p.id = s.patient_id"                                                               \
	" LEFT JOIN care_manager cm ON cm.id = t.assignee_id"                                                        \
	" WHERE s.safety_task_id IS NOT NULL AND t.status = 'open'"                                                  \
	" AND s.status <> 'entered-in-error' AND p.status = 'active'"
#define SAFETY_MINE " AND (?5 IS NULL OR 1)"

static const char sql_safety_count[] =
	"SELECT count(*) FROM (SELECT 1" SAFETY_FROM " AND s.screened_on <= ?1 LIMIT ?4)";
static const char sql_safety_count_mine[] = "SELECT count(*) FROM (SELECT 1" SAFETY_FROM
					    " AND s.screened_on <= ?1" SAFETY_MINE " LIMIT ?4)";

/*
 * The chronic registry's gaps (chronic_gap, schema/018_chronic.sql): a row for each patient
 * with hypertension or diabetes whose last reading is not controlled, older than ?1
 * (January 1 of this year) or missing (''); by the reading's date, none first.
 * chronic_gap_worklist (018).
 */
#define GAP_WHERE " WHERE (g.controlled = 0 OR g.last_on < ?1) AND p.status = 'active'"
#define GAP_WORD  " CASE g.kind WHEN 'bp' THEN 'BP' ELSE 'A1c' END"
#define GAP_SELECT                                                                                                                \
	"SELECT NULL, 0, CASE WHEN g.last_on = '' THEN 'no ' || " GAP_WORD " || ' on record'"                                     \
	" WHEN g.last_on < ?1 THEN 'none this year: ' || " GAP_WORD " || ' ' || g.reading"                                        \
	" ELSE " GAP_WORD " || ' ' || g.reading END, g.last_on, p.id, p.mrn, p.given_name,"                                       \
	" p.family_name, p.risk_tier, coalesce(CASE WHEN cm.active = 1 THEN cm.display_name END, ''), g.last_on, g.id, p.status," \
	" '', '' FROM chronic_gap g CROSS JOIN patient p ON p.id = g.patient_id"                                                  \
	" LEFT JOIN care_manager cm ON cm.id = p.care_manager_id" GAP_WHERE
#define GAP_MINE " AND p.care_manager_id = ?5"
/* clang-format off */
#define GAP_PAGES                                                                    \
	{                                                                            \
		{ GAP_SELECT FORWARD("g.last_on", "g.id"),                           \
		  GAP_SELECT BACKWARD("g.last_on", "g.id") },                        \
		{ GAP_SELECT GAP_MINE FORWARD("g.last_on", "g.id"),                  \
		  GAP_SELECT GAP_MINE BACKWARD("g.last_on", "g.id") }                \
	}
/* clang-format on */
#define GAP_COUNT                                                                \
	"SELECT count(*) FROM (SELECT 1 FROM chronic_gap g CROSS JOIN patient p" \
	" ON p.id = g.patient_id" GAP_WHERE
static const char sql_chronic_count[] = GAP_COUNT " LIMIT ?4)";
static const char sql_chronic_count_mine[] = GAP_COUNT GAP_MINE " LIMIT ?4)";

/*
 * The four page queries of a section: [mine][backward]. The section's bound is k1 op ?1.
 * Backwards it is written +k1 so that it cannot be the index's range: SQLite then seeks on
 * the keyset (k1, k2) < (?2, ?3) as forwards, instead of on k1 op ?1 and reading every
 * row after the position to find the last ones (0.17 s → 0.1 ms for Screenings due at
 * 100,000 patients).
 */
#define PAGES(select, mine, k1, k2, op)                                               \
	{                                                                             \
		{ select " AND " k1 " " op " ?1" FORWARD(k1, k2),                     \
		  select " AND +" k1 " " op " ?1" BACKWARD(k1, k2) },                 \
		{                                                                     \
			select mine " AND " k1 " " op " ?1" FORWARD(k1, k2),          \
				select mine " AND +" k1 " " op " ?1" BACKWARD(k1, k2) \
		}                                                                     \
	}

/* The bound ?1 of a section, from today and the settings. */
typedef void (*bound_fn)(struct cl_db *db, const char *today, char out[CL_DATE_LEN]);

static void bound_today(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	(void)db;
	snprintf(out, CL_DATE_LEN, "%s", today);
}

/* Every row, due or not (follow-ups count down before they are due). */
static void bound_all(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	(void)db;
	(void)today;
	snprintf(out, CL_DATE_LEN, "9999-12-31");
}

/* Positives screened on or after this day are inside their 60 days. */
static void bound_positive(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	(void)db;
	cl_date_add_days(today, -60, out);
}

/* The measurement year's first day: a reading before it is not this year's. */
static void bound_year(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	(void)db;
	snprintf(out, CL_DATE_LEN, "%.4s-01-01", today);
}

static void bound_not_reached(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	cl_date_add_days(today, -cl_setting_int(db, "not_reached_days"), out);
}

/*
 * The latest screening date that makes a patient due today (rescreen_months): due when
 * cl_date_add_months(last_on, months) <= today. On the last day of a month, every date up
 * to the last day of the month `months` back is due (2024-02-29 + 12 months is 2025-02-28):
 * the day before (the first of next month, months back).
 */
static void bound_screening(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	long months = cl_setting_int(db, "rescreen_months");
	char next[CL_DATE_LEN], first[CL_DATE_LEN];

	cl_date_add_days(today, 1, next);
	if (strcmp(next + 8, "01") == 0) {
		cl_date_add_months(next, -months, first);
		cl_date_add_days(first, -1, out);
	} else {
		cl_date_add_months(today, -months, out);
	}
}

static const struct section {
	const char *code, *title;
	/* [mine][backward] */
	const char *page_sql[2][2];
	const char *count_sql, *count_mine_sql;
	bound_fn bound;
	bool inclusive; /* the bound is k1 <= ?1 (else k1 < ?1) */
	bool lower;	/* the bound is a lower one, k1 >= ?1 (the section ends at today) */
} sections[CL_WORKLIST_NSECTIONS] = {
	[CL_WORKLIST_TASKS] = { "tasks", "Tasks due",
				PAGES(TASKS_SELECT, TASKS_MINE, "t.due_date", "t.id", "<="),
				sql_tasks_count, sql_tasks_count_mine, bound_today, true },
	[CL_WORKLIST_REFERRALS] = { "referrals", "Referrals overdue",
				    PAGES(REFERRALS_SELECT, REFERRALS_MINE, "r.worklist_key",
					  "r.id", "<"),
				    sql_referrals_count, sql_referrals_count_mine, bound_today,
				    false },
	[CL_WORKLIST_SCREENINGS] = { "screenings", "Screenings due",
				     PAGES(SCREENINGS_SELECT, SCREENINGS_MINE, "s.last_on",
					   "s.patient_id", "<="),
				     sql_screenings_count, sql_screenings_count_mine,
				     bound_screening, true },
	[CL_WORKLIST_NOT_REACHED] = { "not-reached", "Not reached",
				      PAGES(REACHED_SELECT, REACHED_MINE, "p.last_reached_at",
					    "p.id", "<"),
				      sql_reached_count, sql_reached_count_mine, bound_not_reached,
				      false },
	[CL_WORKLIST_DISCHARGED] = { "discharged", "Discharged: contact due",
				     PAGES(FOLLOWUP_SELECT("discharge"), FOLLOWUP_MINE,
					   "e.followup_due", "e.id", "<="),
				     sql_discharged_count, sql_discharged_count_mine, bound_all,
				     true },
	[CL_WORKLIST_ED_VISITS] = { "ed-visits", "ED visit: follow up",
				    PAGES(FOLLOWUP_SELECT("ed-visit"), FOLLOWUP_MINE,
					  "e.followup_due", "e.id", "<="),
				    sql_ed_count, sql_ed_count_mine, bound_all, true },
	[CL_WORKLIST_POSITIVES] = { "positives", "Positive: connect",
				    PAGES(POSITIVES_SELECT, POSITIVES_MINE, "sp.screened_on",
					  "sp.patient_id", ">="),
				    sql_positives_count, sql_positives_count_mine, bound_positive,
				    true, true },
	[CL_WORKLIST_SAFETY] = { "urgent", "Urgent: same day",
				 PAGES(SAFETY_SELECT, SAFETY_MINE, "s.screened_on", "s.id", "<="),
				 sql_safety_count, sql_safety_count_mine, bound_all, true },
	/* lower: read backwards from the end ("~"), the bound is no range of the key */
	[CL_WORKLIST_CHRONIC] = { "chronic", "Chronic: not controlled", GAP_PAGES,
				  sql_chronic_count, sql_chronic_count_mine, bound_year, false,
				  true },
};

static bool section_ok(enum cl_worklist_section s)
{
	return (int)s >= 0 && s < CL_WORKLIST_NSECTIONS;
}

const char *cl_worklist_title(enum cl_worklist_section s)
{
	return section_ok(s) ? sections[s].title : "";
}

const char *cl_worklist_code(enum cl_worklist_section s)
{
	return section_ok(s) ? sections[s].code : "";
}

bool cl_worklist_available(enum cl_worklist_section s)
{
	return section_ok(s) && sections[s].page_sql[0][0];
}

/* Bind ?1 (bound), ?4 (limit) and, for mine, ?5 (me). */
static int bind_common(struct cl_db *db, sqlite3_stmt *st, const struct section *sec, bool mine,
		       long long limit, char bound[CL_DATE_LEN], struct cl_error *err)
{
	char today[CL_DATE_LEN];
	int rc;

	cl_date_today(today);
	sec->bound(db, today, bound);
	if ((rc = cl_db_bind_text(st, 1, bound, err)) || (rc = cl_db_bind_int(st, 4, limit, err)) ||
	    (mine && (rc = cl_db_bind_id(st, 5, cl_db_user_id(db), err))))
		return rc;
	return CL_OK;
}

/*
 * The countdown of a follow-up row: the contact after a discharge in business days
 * ("contact due in 1 business day"), everything else and lateness in days ("overdue 2
 * days").
 */
static int followup_countdown(struct cl_db *db, const char *today, const char *step,
			      struct cl_worklist_row *r, struct cl_error *err)
{
	const char *what = strcmp(step, "visit") == 0 ? "visit" : "contact";
	long days;
	int rc;

	if (!cl_date_valid(r->due))
		return cl_error_set(err, CL_ECORRUPT, "a stored follow-up has no due date");
	days = cl_date_days(r->due) - cl_date_days(today);
	r->overdue = days < 0 ? -days : 0;
	if (days < 0) {
		snprintf(r->what, sizeof(r->what), "%s overdue %ld day%s", what, -days,
			 days == -1 ? "" : "s");
		return CL_OK;
	}
	if (days == 0) {
		snprintf(r->what, sizeof(r->what), "%s due today", what);
		return CL_OK;
	}
	if (r->section == CL_WORKLIST_DISCHARGED && strcmp(what, "contact") == 0) {
		if ((rc = cl_business_days_between(db, today, r->due, &days, err)))
			return rc;
		snprintf(r->what, sizeof(r->what), "%s due in %ld business day%s", what, days,
			 days == 1 ? "" : "s");
		return CL_OK;
	}
	snprintf(r->what, sizeof(r->what), "%s due in %ld day%s", what, days, days == 1 ? "" : "s");
	return CL_OK;
}

static int row_from_stmt(struct cl_db *db, sqlite3_stmt *st, enum cl_worklist_section s,
			 const char *today, struct cl_worklist_row *r, struct cl_error *err)
{
	char tier[16], status[16], detail[64], partner[128];
	int t;

	memset(r, 0, sizeof(*r));
	r->section = s;
	if ((sqlite3_column_type(st, 0) != SQLITE_NULL && cl_db_column_id(st, 0, &r->record_id)) ||
	    cl_db_column_id(st, 4, &r->patient_id) || cl_db_column_id(st, 11, &r->key_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored worklist row has a malformed id");
	r->record_version = sqlite3_column_int64(st, 1);
	cl_db_column_text(st, 2, r->what, sizeof(r->what));
	cl_db_column_text(st, 3, r->date, sizeof(r->date));
	cl_db_column_text(st, 5, r->mrn, sizeof(r->mrn));
	cl_db_column_text(st, 6, r->given_name, sizeof(r->given_name));
	cl_db_column_text(st, 7, r->family_name, sizeof(r->family_name));
	cl_db_column_text(st, 8, tier, sizeof(tier));
	cl_db_column_text(st, 9, r->care_manager_name, sizeof(r->care_manager_name));
	cl_db_column_text(st, 10, r->key_text, sizeof(r->key_text));
	cl_db_column_text(st, 12, status, sizeof(status));
	for (t = CL_PATIENT_ACTIVE; t <= CL_PATIENT_DECEASED; t++)
		if (strcmp(status, cl_patient_status_code((enum cl_patient_status)t)) == 0)
			break;
	if (t > CL_PATIENT_DECEASED)
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has an unknown status");
	r->patient_status = (enum cl_patient_status)t;
	for (t = CL_RISK_HIGH; t <= CL_RISK_LOW; t++)
		if (strcmp(tier, cl_risk_code((enum cl_risk)t)) == 0)
			break;
	if (t > CL_RISK_LOW)
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has an unknown tier");
	r->risk_tier = (enum cl_risk)t;
	r->days = cl_date_valid(r->date) ? cl_date_days(today) - cl_date_days(r->date) : -1;
	if (s == CL_WORKLIST_POSITIVES && cl_date_valid(r->date))
		r->days = cl_measure_connection_days_left(r->date, today);
	cl_db_column_text(st, 13, detail, sizeof(detail));
	cl_db_column_text(st, 14, partner, sizeof(partner));
	/* Safety stays in the patient's chart: no domain, no partner in a list over patients. */
	if (s == CL_WORKLIST_TASKS && cl_domain_sensitive(detail))
		snprintf(r->what, sizeof(r->what), "%s", CL_PRIVATE_FOLLOWUP);
	else if (s == CL_WORKLIST_REFERRALS && cl_domain_sensitive(detail))
		snprintf(r->what, sizeof(r->what), "%s", CL_PRIVATE_REFERRAL);
	else if (s == CL_WORKLIST_REFERRALS)
		snprintf(r->what, sizeof(r->what), "%s, %s",
			 cl_domain_find(detail) ? cl_domain_name(detail)
						: cl_specialty_name(detail),
			 partner);
	if (s == CL_WORKLIST_DISCHARGED || s == CL_WORKLIST_ED_VISITS) {
		size_t n = strlen(partner);

		snprintf(r->due, sizeof(r->due), "%.10s", r->key_text);
		/* Cut whole characters: a long facility name never ends in half a letter. */
		if (n >= sizeof(r->facility)) {
			n = sizeof(r->facility) - 1;
			while (n > 0 && ((unsigned char)partner[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(r->facility, partner, n);
		r->facility[n] = '\0';
		return followup_countdown(db, today, detail, r, err);
	}
	return CL_OK;
}

/* A page of section s next to key (NULL: from the top, or backwards from the end). */
static int page(struct cl_db *db, enum cl_worklist_section s,
		const struct cl_worklist_filter *filter, const struct cl_worklist_row *key,
		bool backward, struct cl_worklist_row *rows, int max, int *n, struct cl_error *err)
{
	static const unsigned char past_id[CL_ID_LEN + 1] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	bool mine = filter && filter->mine;
	char bound[CL_DATE_LEN], today[CL_DATE_LEN];
	const struct section *sec;
	sqlite3_stmt *st;
	int rc = CL_OK, step = SQLITE_DONE, i;

	*n = 0;
	if (!section_ok(s))
		return cl_error_set(err, CL_EINVAL, "no such worklist section");
	sec = &sections[s];
	if (!sec->page_sql[0][0] || max <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, sec->page_sql[mine][backward], err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	if ((rc = bind_common(db, st, sec, mine, max, bound, err)))
		return rc;
	if (key) {
		if ((rc = cl_db_bind_text(st, 2, key->key_text, err)) ||
		    (rc = cl_db_bind_id(st, 3, &key->key_id, err)))
			return rc;
	} else if (backward && sec->lower) {
		/* After the last row: above any date. */
		if ((rc = cl_db_bind_text(st, 2, "~", err)) ||
		    (rc = cl_db_bind_blob(st, 3, "", 0, err)))
			return rc;
	} else if (backward) {
		/*
		 * After the last row of the section: at its bound, so that the index is read
		 * from there (not from its far end, through every row past the bound). With
		 * k1 <= bound, after every id there (17 bytes above any 16-byte id); with
		 * k1 < bound, before any (an empty blob).
		 */
		if ((rc = cl_db_bind_text(st, 2, bound, err)) ||
		    (rc = cl_db_bind_blob(st, 3, past_id, sec->inclusive ? sizeof(past_id) : 0,
					  err)))
			return rc;
	} else {
		/* Before every row: '' sorts below any text, an empty blob below any id. */
		if ((rc = cl_db_bind_text(st, 2, "", err)) ||
		    (rc = cl_db_bind_blob(st, 3, "", 0, err)))
			return rc;
	}
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = row_from_stmt(db, st, s, today, &rows[*n], err)))
			break;
		(*n)++;
	}
	if (!rc && *n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	/* Read from the end: back into the list's own order. */
	for (i = 0; backward && !rc && i < *n / 2; i++) {
		struct cl_worklist_row t = rows[i];

		rows[i] = rows[*n - 1 - i];
		rows[*n - 1 - i] = t;
	}
	return rc;
}

int cl_worklist_page(struct cl_db *db, enum cl_worklist_section s,
		     const struct cl_worklist_filter *filter, const struct cl_worklist_row *after,
		     struct cl_worklist_row *rows, int max, int *n, struct cl_error *err)
{
	return page(db, s, filter, after, false, rows, max, n, err);
}

int cl_worklist_page_before(struct cl_db *db, enum cl_worklist_section s,
			    const struct cl_worklist_filter *filter,
			    const struct cl_worklist_row *before, struct cl_worklist_row *rows,
			    int max, int *n, struct cl_error *err)
{
	return page(db, s, filter, before, true, rows, max, n, err);
}

int cl_worklist_count(struct cl_db *db, enum cl_worklist_section s,
		      const struct cl_worklist_filter *filter, long cap, long long *count,
		      bool *capped, struct cl_error *err)
{
	bool mine = filter && filter->mine;
	const struct section *sec;
	char bound[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc = CL_OK;

	*count = 0;
	if (capped)
		*capped = false;
	if (!section_ok(s))
		return cl_error_set(err, CL_EINVAL, "no such worklist section");
	sec = &sections[s];
	if (!sec->count_sql)
		return CL_OK;
	if (cap <= 0)
		cap = cl_setting_int(db, "worklist_count_cap");
	if (!(st = cl_db_stmt(db, mine ? sec->count_mine_sql : sec->count_sql, err)))
		return err ? err->code : CL_EIO;
	/* One row past the cap tells "exactly cap" from "over cap". */
	if ((rc = bind_common(db, st, sec, mine, (long long)cap + 1, bound, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		if (*count > cap) {
			*count = cap;
			if (capped)
				*capped = true;
		}
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

void cl_worklist_count_text(long long count, bool capped, char *buf, size_t size)
{
	snprintf(buf, size, capped ? "over %lld" : "%lld", count);
}

bool cl_worklist_row_to_close(const struct cl_worklist_row *row)
{
	return row->section == CL_WORKLIST_REFERRALS && row->patient_status != CL_PATIENT_ACTIVE;
}

const char *cl_worklist_close_text(const struct cl_worklist_row *row)
{
	if (!cl_worklist_row_to_close(row))
		return "";
	return row->patient_status == CL_PATIENT_DECEASED ? "close: patient deceased"
							  : "close: patient inactive";
}
