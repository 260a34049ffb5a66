#include "config.h"

#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "careplan.h"
#include "date.h"
#include "db_private.h"
#include "demo_careplan.h"
#include "demo_chronic.h"
#include "demo_rng.h"
#include "record.h"

/*
 * Speed (10,000,000 rows in minutes): patients are visited in id order, so the rows of
 * each table arrive in patient_id order (the (patient_id, …) indexes grow at their end);
 * the new rows' ids are time-ordered (a 48-bit counter, then random bits: the UUID
 * version 7 shape), so each primary key index also grows at its end; a large page cache
 * holds the other indexes while generating; one transaction per batch of patients;
 * triggers, foreign-key checks and per-commit syncs are off while generating (below).
 * The patient rows' derived columns (chronic count, last reached) are written in passes
 * in rowid order after the batches, so that each patient page is written once, not once
 * a batch (measured at 1,000,000 patients: the per-batch updates and the random index
 * contact_month made 16 GB of writes in 4 minutes before this).
 * The whole run is one transaction, those passes included: a run killed half-way leaves
 * nothing, never contacts whose patients' last_reached_at was not written yet (careloop
 * check compares the two). SQLite writes a page again in place in the WAL while the
 * transaction is open, so the passes still write each patient page about once.
 */
#define BATCH_PATIENTS 100000
#define MAX_ROWS       32 /* per patient and table */
#define CACHE_KIB      1048576
#define DEFER_MAX      1000000 /* patient updates kept before a pass */

/* A patient row's derived columns, written later in rowid order. */
struct deferred {
	sqlite3_int64 rowid;
	int chronic;
	char last_reached[17];
};

struct gen {
	struct cl_demo_rng r;
	uint64_t seed;	  /* the run's, for the chronic registry's own stream */
	uint64_t counter; /* the time-ordered part of new ids */
	char today[CL_DATE_LEN];
	char now[32];
	struct cl_demo_careplan_stats stats;
	struct deferred *deferred; /* patient updates waiting for a pass, DEFER_MAX at most */
	long ndeferred;
};

static void new_id(struct gen *g, struct cl_id *id)
{
	uint64_t c = g->counter++, x = cl_demo_rng_next(&g->r);

	for (int i = 0; i < 6; i++)
		id->bytes[i] = (unsigned char)(c >> (8 * (5 - i)));
	for (int i = 6; i < 16; i++)
		id->bytes[i] = (unsigned char)(x >> (8 * (i % 8)));
	id->bytes[6] = (unsigned char)((id->bytes[6] & 0x0f) | 0x70);
	id->bytes[8] = (unsigned char)((id->bytes[8] & 0x3f) | 0x80);
}

static const char *const task_titles[] = {
	"Call to check on new medication",
	"Follow up after ED visit",
	"Schedule primary care visit",
	"Confirm transportation for appointment",
	"Check food pantry enrollment",
	"Review care plan with patient",
	"Follow up on housing application",
	"Call after hospital discharge",
	"Send blood pressure log reminder",
	"Help with utility assistance form",
	"Confirm specialist appointment",
	"Medication reconciliation call",
	"Check in on diabetes self-management class",
	"Arrange home health visit",
	"Recheck depression screening",
};
static const char *const goal_texts[] = {
	"I want to walk to church again",
	"Keep my sugar under control so I can see my grandkids grow up",
	"Have enough food at home every week",
	"Find a place to live that is safe and warm",
	"Get to my appointments without asking my neighbor",
	"Keep the lights on this winter",
	"Take my pills every day",
	"Quiero cuidar mi presión para seguir trabajando",
	"Stay out of the hospital",
	"Feel less alone",
};
/* The HRSN domain each goal text is about ("" for none), same order. */
static const char *const goal_domains[] = {
	"",
	"",
	"food-insecurity",
	"housing-instability",
	"transportation-insecurity",
	"utility-insecurity",
	"",
	"",
	"",
	"social-connection",
};
static const char *const contact_notes[] = {
	"",
	"",
	"",
	"",
	"Doing well",
	"Needs refill",
	"Asked to call back tomorrow",
	"Daughter answered",
	"Discussed care plan",
	"Will bring pill bottles to visit",
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* One patient as read for generating. */
struct patient_seed {
	struct cl_id id;
	sqlite3_int64 rowid;
	int risk; /* 0 high, 1 rising, 2 low */
	bool active;
	bool has_cm;
	struct cl_id cm;
};

static const char sql_patients[] =
	"SELECT p.id, p.risk_rank, p.status = 'active', p.care_manager_id, p.rowid FROM patient p"
	" WHERE p.id > ?1 AND NOT EXISTS (SELECT 1 FROM task t WHERE t.patient_id = p.id)"
	" AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = p.id)"
	" AND NOT EXISTS (SELECT 1 FROM goal g WHERE g.patient_id = p.id)"
	" ORDER BY p.id LIMIT ?2";
static const char sql_goal[] =
	"INSERT INTO goal (id, patient_id, description, domain, target_date, status, created_at,"
	" updated_at, updated_by, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, 1)";
static const char sql_task[] =
	"INSERT INTO task (id, patient_id, goal_id, title, due_date, assignee_id, status,"
	" closed_at, closed_by, created_at, updated_at, updated_by, version, patient_active)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, 1, ?12)";
static const char sql_contact[] =
	"INSERT INTO contact (id, patient_id, occurred_at, mode, direction, outcome, minutes,"
	" note, care_manager_id, created_at, updated_at, updated_by, version)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, 1)";
static const char sql_event[] =
	"INSERT INTO clinical_event (id, patient_id, kind, event_date, note, created_at,"
	" updated_at, updated_by, version) VALUES (?1, ?2, ?3, ?4, '', ?5, ?5, ?6, 1)";
/* What the contact trigger would have kept (triggers are off while generating). */
static const char sql_patient_update[] =
	"UPDATE patient SET chronic_conditions = ?2, last_reached_at = ?3 WHERE rowid = ?1";
static const char sql_total[] = "SELECT count(*) FROM patient";
/* How many tasks a database already has (rowid order: one index lookup). */
static const char sql_tasks_before[] = "SELECT coalesce(max(rowid), 0) FROM task";

static int step_done(struct cl_db *db, sqlite3_stmt *st, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	return rc;
}

static int cmp_desc(const void *a, const void *b)
{
	return strcmp((const char *)b, (const char *)a);
}

static int add_goals(struct cl_db *db, struct gen *g, const struct patient_seed *p,
		     struct cl_id *goals, int *ngoals, struct cl_error *err)
{
	static const char *const statuses[] = { "proposed", "active", "achieved", "cancelled" };
	static const int status_w[] = { 20, 50, 20, 10 };
	sqlite3_stmt *st = cl_db_stmt(db, sql_goal, err);
	int n = (int)(p->risk == 0   ? cl_demo_rng_range(&g->r, 1, 3)
		      : p->risk == 1 ? cl_demo_rng_range(&g->r, 0, 2)
				     : cl_demo_rng_range(&g->r, 0, 1));
	int rc = CL_OK;

	*ngoals = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	for (int i = 0; i < n && !rc; i++) {
		int t = (int)cl_demo_rng_range(&g->r, 0, NELEM(goal_texts) - 1);
		char target[CL_DATE_LEN];

		new_id(g, &goals[i]);
		cl_date_add_days(g->today, cl_demo_rng_range(&g->r, -60, 180), target);
		if ((rc = cl_db_bind_id(st, 1, &goals[i], err)) ||
		    (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
		    (rc = cl_db_bind_text(st, 3, goal_texts[t], err)) ||
		    (rc = cl_db_bind_text(st, 4, goal_domains[t], err)) ||
		    (rc = cl_db_bind_text(st, 5, target, err)) ||
		    (rc = cl_db_bind_text(st, 6, statuses[cl_demo_rng_weighted(&g->r, status_w, 4)],
					  err)) ||
		    (rc = cl_db_bind_text(st, 7, g->now, err)) ||
		    (rc = cl_db_bind_text(st, 8, cl_db_user(db), err)))
			break;
		rc = step_done(db, st, err);
		(*ngoals)++;
		g->stats.goals++;
	}
	return rc;
}

static int add_tasks(struct cl_db *db, struct gen *g, const struct patient_seed *p,
		     const struct cl_id *goals, int ngoals, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_task, err);
	int n = (int)(p->risk == 0   ? cl_demo_rng_range(&g->r, 6, 10)
		      : p->risk == 1 ? cl_demo_rng_range(&g->r, 3, 6)
				     : cl_demo_rng_range(&g->r, 1, 3));
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	for (int i = 0; i < n && !rc; i++) {
		long due = cl_demo_rng_range(&g->r, -300, 45);
		const char *status = "open";
		char due_date[CL_DATE_LEN], closed[32];
		struct cl_id id;

		/*
		 * Old tasks are closed (a worklist topped by tasks a year late is not a
		 * living clinic); the last month's are often still open.
		 */
		if (due < -30)
			status = cl_demo_rng_percent(&g->r, 90) ? "done" : "cancelled";
		else if (due < -3)
			status = cl_demo_rng_percent(&g->r, 70)	  ? "done"
				 : cl_demo_rng_percent(&g->r, 20) ? "cancelled"
								  : "open";
		else if (due <= 0 && cl_demo_rng_percent(&g->r, 30))
			status = "done";
		if (!p->active && strcmp(status, "open") == 0)
			status = "cancelled";
		cl_date_add_days(g->today, due, due_date);
		snprintf(closed, sizeof(closed), "%sT15:00:00.000Z", due_date);
		new_id(g, &id);
		if ((rc = cl_db_bind_id(st, 1, &id, err)) ||
		    (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
		    (rc = cl_record_bind_opt_id(
			     st, 3,
			     ngoals && cl_demo_rng_percent(&g->r, 40)
				     ? &goals[cl_demo_rng_range(&g->r, 0, ngoals - 1)]
				     : NULL,
			     err)) ||
		    (rc = cl_db_bind_text(
			     st, 4,
			     task_titles[cl_demo_rng_range(&g->r, 0, NELEM(task_titles) - 1)],
			     err)) ||
		    (rc = cl_db_bind_text(st, 5, due_date, err)) ||
		    (rc = cl_record_bind_opt_id(st, 6, p->has_cm ? &p->cm : NULL, err)) ||
		    (rc = cl_db_bind_text(st, 7, status, err)) ||
		    (rc = cl_db_bind_text(st, 8, strcmp(status, "open") ? closed : NULL, err)) ||
		    (rc = cl_db_bind_text(st, 9, strcmp(status, "open") ? cl_db_user(db) : NULL,
					  err)) ||
		    (rc = cl_db_bind_text(st, 10, g->now, err)) ||
		    (rc = cl_db_bind_text(st, 11, cl_db_user(db), err)) ||
		    /* What the task_patient_active trigger would have set (triggers are off). */
		    (rc = cl_db_bind_int(st, 12, p->active, err)))
			break;
		rc = step_done(db, st, err);
		g->stats.tasks++;
	}
	return rc;
}

/* Contacts, newest first; last_reached gets the newest reached one's time ("" if none). */
static int add_contacts(struct cl_db *db, struct gen *g, const struct patient_seed *p,
			char last_reached[17], struct cl_error *err)
{
	static const char *const modes[] = { "phone", "in-person", "video", "text", "letter" };
	static const int mode_w[] = { 70, 12, 6, 8, 4 };
	static const char *const outcomes[] = { "reached", "left-message", "no-answer",
						"wrong-number" };
	static const int outcome_w[] = { 55, 20, 20, 5 };
	sqlite3_stmt *st = cl_db_stmt(db, sql_contact, err);
	char when[MAX_ROWS][17];
	int n = (int)(p->risk == 0   ? cl_demo_rng_range(&g->r, 10, 16)
		      : p->risk == 1 ? cl_demo_rng_range(&g->r, 5, 9)
				     : cl_demo_rng_range(&g->r, 1, 5));
	/* A third of high-risk patients have not been reached lately: the worklist's section. */
	long gap = p->risk == 0 && cl_demo_rng_percent(&g->r, 35)
			   ? cl_demo_rng_range(&g->r, 31, 120)
			   : 0;
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	for (int i = 0; i < n; i++) {
		char day[CL_DATE_LEN];
		unsigned hour, minute;

		cl_date_add_days(g->today, -cl_demo_rng_range(&g->r, 0, 364), day);
		/* One draw at a time: the order of a call's arguments is the compiler's. */
		minute = (unsigned)cl_demo_rng_range(&g->r, 0, 59);
		hour = (unsigned)cl_demo_rng_range(&g->r, 8, 17);
		snprintf(when[i], sizeof(when[i]), "%.10sT%02u:%02u", day, hour, minute);
	}
	qsort(when, (size_t)n, sizeof(when[0]), cmp_desc);
	last_reached[0] = '\0';
	for (int i = 0; i < n && !rc; i++) {
		int outcome = cl_demo_rng_weighted(&g->r, outcome_w, 4);
		char cutoff[CL_DATE_LEN];
		struct cl_id id;

		cl_date_add_days(g->today, -gap, cutoff);
		if (gap && outcome == 0 && strncmp(when[i], cutoff, 10) >= 0)
			outcome = 1;
		if (outcome == 0 && !last_reached[0])
			memcpy(last_reached, when[i], 17);
		new_id(g, &id);
		if ((rc = cl_db_bind_id(st, 1, &id, err)) ||
		    (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
		    (rc = cl_db_bind_text(st, 3, when[i], err)) ||
		    (rc = cl_db_bind_text(st, 4, modes[cl_demo_rng_weighted(&g->r, mode_w, 5)],
					  err)) ||
		    (rc = cl_db_bind_text(st, 5,
					  cl_demo_rng_percent(&g->r, 80) ? "outbound" : "inbound",
					  err)) ||
		    (rc = cl_db_bind_text(st, 6, outcomes[outcome], err)) ||
		    (rc = cl_db_bind_int(st, 7,
					 (int)(outcome == 0 ? cl_demo_rng_range(&g->r, 5, 40)
							    : cl_demo_rng_range(&g->r, 1, 5)),
					 err)) ||
		    (rc = cl_db_bind_text(
			     st, 8,
			     contact_notes[cl_demo_rng_range(&g->r, 0, NELEM(contact_notes) - 1)],
			     err)) ||
		    (rc = cl_record_bind_opt_id(st, 9, p->has_cm ? &p->cm : NULL, err)) ||
		    (rc = cl_db_bind_text(st, 10, g->now, err)) ||
		    (rc = cl_db_bind_text(st, 11, cl_db_user(db), err)))
			break;
		rc = step_done(db, st, err);
		g->stats.contacts++;
	}
	return rc;
}

static int add_event(struct cl_db *db, struct gen *g, const struct patient_seed *p,
		     const char *kind, const char *date, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_event, err);
	struct cl_id id;
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	new_id(g, &id);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
	    (rc = cl_db_bind_text(st, 3, kind, err)) || (rc = cl_db_bind_text(st, 4, date, err)) ||
	    (rc = cl_db_bind_text(st, 5, g->now, err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_db_user(db), err)))
		return rc;
	g->stats.events++;
	return step_done(db, st, err);
}

/* Hospital use and the problem-list count, heavier for higher tiers. */
static int add_clinical(struct cl_db *db, struct gen *g, const struct patient_seed *p,
			const char *last_reached, struct cl_error *err)
{
	int ed = (int)(p->risk == 0   ? cl_demo_rng_range(&g->r, 0, 3)
		       : p->risk == 1 ? cl_demo_rng_percent(&g->r, 30)
				      : cl_demo_rng_percent(&g->r, 5));
	int adm = (int)(p->risk == 0 ? cl_demo_rng_range(&g->r, 0, 2)
				     : p->risk == 1 && cl_demo_rng_percent(&g->r, 10));
	int chronic = (int)(p->risk == 0   ? cl_demo_rng_range(&g->r, 2, 6)
			    : p->risk == 1 ? cl_demo_rng_range(&g->r, 1, 4)
					   : cl_demo_rng_range(&g->r, 0, 2));
	char date[CL_DATE_LEN], out[CL_DATE_LEN];
	int rc = CL_OK;

	for (int i = 0; i < ed && !rc; i++) {
		cl_date_add_days(g->today, -cl_demo_rng_range(&g->r, 1, 360), date);
		rc = add_event(db, g, p, "ed-visit", date, err);
	}
	for (int i = 0; i < adm && !rc; i++) {
		long back = cl_demo_rng_range(&g->r, 8, 360);

		cl_date_add_days(g->today, -back, date);
		cl_date_add_days(g->today, -back + cl_demo_rng_range(&g->r, 2, 6), out);
		rc = add_event(db, g, p, "admission", date, err);
		if (!rc)
			rc = add_event(db, g, p, "discharge", out, err);
	}
	if (!rc && chronic)
		rc = cl_demo_chronic_patient(db, g->seed, p->rowid, &p->id, chronic, g->today,
					     g->now, &chronic, err);
	if (!rc && (chronic || last_reached[0])) {
		struct deferred *d = &g->deferred[g->ndeferred++];

		d->rowid = p->rowid;
		d->chronic = chronic;
		memcpy(d->last_reached, last_reached, sizeof(d->last_reached));
	}
	return rc;
}

static int cmp_rowid(const void *a, const void *b)
{
	const struct deferred *x = a, *y = b;

	return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Write the deferred patient updates in rowid order, in the run's transaction. */
static int flush_deferred(struct cl_db *db, struct gen *g, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc = CL_OK;

	if (!g->ndeferred)
		return CL_OK;
	qsort(g->deferred, (size_t)g->ndeferred, sizeof(g->deferred[0]), cmp_rowid);
	if (!(st = cl_db_stmt(db, sql_patient_update, err)))
		return err ? err->code : CL_EIO;
	for (long i = 0; i < g->ndeferred && !rc; i++) {
		if ((rc = cl_db_bind_int(st, 1, g->deferred[i].rowid, err)) ||
		    (rc = cl_db_bind_int(st, 2, g->deferred[i].chronic, err)) ||
		    (rc = cl_db_bind_text(st, 3, g->deferred[i].last_reached, err)))
			break;
		rc = step_done(db, st, err);
	}
	if (!rc)
		rc = cl_audit_log(db, CL_AUDIT_IMPORT, "patient", NULL, err);
	if (!rc)
		g->ndeferred = 0;
	sqlite3_clear_bindings(st);
	return rc;
}

/* The next batch of patients without a care plan, after *after. */
static int read_patients(struct cl_db *db, struct cl_id *after, bool first, int limit,
			 struct patient_seed *out, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_patients, err);
	int rc = CL_OK, step;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = first ? cl_db_bind_blob(st, 1, "", 0, err) : cl_db_bind_id(st, 1, after, err)) ||
	    (rc = cl_db_bind_int(st, 2, limit, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct patient_seed *p = &out[*n];

		memset(p, 0, sizeof(*p));
		if (cl_db_column_id(st, 0, &p->id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
			break;
		}
		p->risk = sqlite3_column_int(st, 1);
		p->active = sqlite3_column_int(st, 2);
		p->has_cm = sqlite3_column_type(st, 3) != SQLITE_NULL &&
			    !cl_db_column_id(st, 3, &p->cm);
		p->rowid = sqlite3_column_int64(st, 4);
		*after = p->id;
		(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_demo_careplan(struct cl_db *db, unsigned long seed,
		     void (*progress)(long done, long total, void *arg), void *arg,
		     struct cl_demo_careplan_stats *stats, struct cl_error *err)
{
	return cl_demo_careplan_max(db, seed, LONG_MAX, progress, arg, stats, err);
}

int cl_demo_careplan_max(struct cl_db *db, unsigned long seed, long max_patients,
			 void (*progress)(long done, long total, void *arg), void *arg,
			 struct cl_demo_careplan_stats *stats, struct cl_error *err)
{
	struct patient_seed *batch = calloc(BATCH_PATIENTS, sizeof(*batch));
	struct deferred *deferred = calloc(DEFER_MAX, sizeof(*deferred));
	struct cl_id after = { { 0 } };
	struct gen g;
	char pragma[64];
	long total = 0;
	sqlite3_stmt *st;
	bool first = true;
	int rc = CL_OK, n, triggers = 1;

	if (!batch || !deferred) {
		free(batch);
		free(deferred);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	memset(&g, 0, sizeof(g));
	g.deferred = deferred;
	g.r.s = (uint64_t)seed ^ 0x63617265706c616eULL; /* "careplan" */
	g.seed = (uint64_t)seed;
	cl_date_today(g.today);
	cl_db_now(g.now, sizeof(g.now));
	/* Time-ordered ids: a millisecond-ish base from now, then a counter. */
	g.counter = ((uint64_t)cl_date_days(g.today) * 86400000ULL) +
		    (cl_demo_rng_next(&g.r) & 0xffffff);
	/*
	 * A second run over the same database (the worklist benchmark fills the patients the
	 * demo's cap left without a plan) takes another stream, else its ids would be the
	 * first run's again; a first run keeps the seed's.
	 */
	if ((st = cl_db_stmt(db, sql_tasks_before, NULL))) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0) {
			g.r.s ^= (uint64_t)sqlite3_column_int64(st, 0) * 0x9e3779b97f4a7c15ULL;
			g.counter += cl_demo_rng_next(&g.r) & 0xffffff;
		}
		sqlite3_reset(st);
	}
	if ((st = cl_db_stmt(db, sql_total, NULL))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			total = (long)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", CACHE_KIB);
	cl_db_exec(db, pragma, NULL);
	/*
	 * Generated rows are consistent by construction, and a demo batch lost to a power cut
	 * is regenerated: skip the per-row foreign-key lookups, and sync at checkpoints only
	 * (WAL with synchronous NORMAL never corrupts the file). Both are restored below.
	 */
	cl_db_exec(db, "PRAGMA foreign_keys = OFF", NULL);
	cl_db_exec(db, "PRAGMA synchronous = NORMAL", NULL);
	/* Statement journals (the contact trigger needs one per insert) stay in memory:
	 * once one spills to a temporary file, every later statement of the batch writes
	 * its pages there (measured: 70,000 page writes for 3,000 patients). */
	cl_db_exec(db, "PRAGMA temp_store = MEMORY", NULL);
	/*
	 * Triggers off too: this connection only inserts care-plan rows here, and keeps the
	 * one derived column a trigger would (patient.last_reached_at) itself, once a patient
	 * instead of once a contact, without a statement journal for every insert.
	 */
	sqlite3_db_config(cl_db_sqlite(db), SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &triggers);
	sqlite3_db_config(cl_db_sqlite(db), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	if (total > max_patients)
		total = max_patients;
	if ((rc = cl_db_begin(db, err)))
		goto restore;
	while (g.stats.patients < max_patients) {
		if (g.ndeferred + BATCH_PATIENTS > DEFER_MAX && (rc = flush_deferred(db, &g, err)))
			break;
		long left = max_patients - g.stats.patients;

		if ((rc = read_patients(db, &after, first,
					left < BATCH_PATIENTS ? (int)left : BATCH_PATIENTS, batch,
					&n, err)) ||
		    n == 0)
			break;
		first = false;
		for (int i = 0; i < n && !rc; i++) {
			struct cl_id goals[4];
			char last_reached[17];
			int ngoals = 0;

			rc = add_goals(db, &g, &batch[i], goals, &ngoals, err);
			if (!rc)
				rc = add_tasks(db, &g, &batch[i], goals, ngoals, err);
			if (!rc)
				rc = add_contacts(db, &g, &batch[i], last_reached, err);
			if (!rc)
				rc = add_clinical(db, &g, &batch[i], last_reached, err);
		}
		for (int t = 0; t < 4 && !rc; t++) {
			static const char *const tables[] = { "goal", "task", "contact",
							      "clinical_event" };

			rc = cl_audit_log(db, CL_AUDIT_IMPORT, tables[t], NULL, err);
		}
		if (rc)
			break;
		g.stats.patients += n;
		if (progress)
			progress(g.stats.patients, total, arg);
	}
	if (!rc)
		rc = flush_deferred(db, &g, err);
	/* The worklist's chronic gaps, as the triggers keep them (schema 018): triggers on. */
	sqlite3_db_config(cl_db_sqlite(db), SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
	if (!rc)
		rc = cl_db_exec(
			db,
			"INSERT INTO chronic_gap_refresh (patient_id) SELECT DISTINCT"
			" patient_id FROM condition WHERE kind IN ('hypertension', 'diabetes')"
			" AND patient_id NOT IN (SELECT patient_id FROM chronic_gap)",
			err);
	if (!rc)
		rc = cl_db_commit(db, err);
	else
		cl_db_rollback(db);
restore:
	cl_db_exec(db, "PRAGMA cache_size = -2000", NULL);
	cl_db_exec(db, "PRAGMA foreign_keys = ON", NULL);
	cl_db_exec(db, "PRAGMA synchronous = FULL", NULL);
	cl_db_exec(db, "PRAGMA temp_store = DEFAULT", NULL);
	sqlite3_db_config(cl_db_sqlite(db), SQLITE_DBCONFIG_ENABLE_TRIGGER, triggers, NULL);
	if (stats) {
		memset(stats, 0, sizeof(*stats));
		if (!rc)
			*stats = g.stats; /* a failed run added nothing */
	}
	free(batch);
	free(deferred);
	return rc;
}
