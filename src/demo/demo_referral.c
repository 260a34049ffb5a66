#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "demo_referral.h"
#include "demo_rng.h"
#include "id.h"
#include "record.h"
#include "referral.h"

#define BATCH_PATIENTS 20000
#define NELEM(a)       ((int)(sizeof(a) / sizeof((a)[0])))

/* The demo directory. verified: days before today it was last checked; -1 = never. */
static const struct demo_org {
	const char *kind, *name, *services, *phone, *languages, *hours;
	int verified;
} orgs[] = {
	{ "community", "Valley Food Pantry", "food-insecurity", "(555) 010-2001", "en, es",
	  "Tue and Thu 9-4", 40 },
	{ "community", "St. Anne's Community Kitchen", "food-insecurity", "(555) 010-2002", "en",
	  "Daily 11-1", 200 },
	{ "community", "Mesa Abierta Food Bank", "food-insecurity, financial-insecurity",
	  "(555) 010-2003", "es, en", "Mon-Fri 8-5", 500 },
	{ "community", "County Housing Authority", "housing-instability, homelessness",
	  "(555) 010-2004", "en", "Mon-Fri 8-4:30", 90 },
	{ "community", "Safe Harbor Shelter", "homelessness, intimate-partner-violence",
	  "(555) 010-2005", "en, es", "24 hours", 30 },
	{ "community", "Habitat Home Repair", "inadequate-housing", "(555) 010-2006", "en",
	  "Mon-Thu 9-3", -1 },
	{ "community", "Rural Ride Program", "transportation-insecurity", "(555) 010-2007",
	  "en, es", "Mon-Fri 7-6", 60 },
	{ "community", "Volunteer Drivers Network", "transportation-insecurity", "(555) 010-2008",
	  "en", "Call a day ahead", 420 },
	{ "community", "Energy Assistance Office", "utility-insecurity", "(555) 010-2009", "en, es",
	  "Mon-Fri 9-5", 150 },
	{ "community", "Power Up Utility Fund", "utility-insecurity, financial-insecurity",
	  "(555) 010-2010", "en", "Mon-Wed 10-2", 700 },
	{ "community", "Harbor DV Services", "intimate-partner-violence", "(555) 010-2011",
	  "en, es", "24-hour hotline", 20 },
	{ "community", "Senior Connections", "social-connection, elder-abuse", "(555) 010-2012",
	  "en", "Mon-Fri 9-4", 250 },
	{ "specialty", "Summit Cardiology", "cardiology", "(555) 010-3001", "en", "Mon-Fri 8-5",
	  100 },
	{ "specialty", "Lakeside Heart Center", "cardiology", "(555) 010-3002", "en, es",
	  "Mon-Fri 8-6", 450 },
	{ "specialty", "Riverbend Behavioral Health", "behavioral-health", "(555) 010-3003",
	  "en, es", "Mon-Sat 8-8", 45 },
	{ "specialty", "Mountain Lung Clinic", "pulmonology", "(555) 010-3004", "en", "Tue-Fri 8-4",
	  300 },
	{ "specialty", "Valley Orthopedics", "orthopedics", "(555) 010-3005", "en", "Mon-Fri 8-5",
	  800 },
	{ "specialty", "Comfort Palliative Care", "hospice-palliative", "(555) 010-3006", "en, es",
	  "Mon-Fri 9-5", 120 },
	{ "specialty", "Prairie Counseling Group", "behavioral-health", "(555) 010-3007", "en",
	  "Mon-Thu 9-7", -1 },
	{ "community", "Food on Wheels", "food-insecurity", "(555) 010-2013", "en", "Mon-Fri 10-2",
	  15 },
};

/* The lifecycle paths the demo referrals take, weighted: each ends in its status. */
static const struct demo_path {
	int weight;
	const char *steps[6]; /* statuses after creation ("requested" or "draft" first) */
	const char *reason;   /* status reason of the last step, or NULL */
	const char *outcome;  /* when the last step closes the loop */
	bool open;
} paths[] = {
	{ 4, { "draft" }, NULL, NULL, true },
	{ 20, { "requested" }, NULL, NULL, true },
	{ 14, { "requested", "accepted" }, NULL, NULL, true },
	{ 18, { "requested", "accepted", "in-progress" }, NULL, NULL, true },
	{ 5, { "requested", "accepted", "in-progress", "on-hold" }, NULL, NULL, true },
	{ 18, { "requested", "accepted", "in-progress", "completed" }, NULL, "got-help", false },
	{ 6,
	  { "requested", "accepted", "in-progress", "failed" },
	  "no answer after 3 calls",
	  "could-not-contact",
	  false },
	{ 6, { "requested", "rejected" }, "outside our service area", "not-eligible", false },
	{ 6, { "requested", "cancelled" }, "patient moved away", "no-longer-interested", false },
	{ 2, { "requested", "entered-in-error" }, NULL, NULL, false },
	{ 1,
	  { "requested", "accepted", "in-progress", "completed", "in-progress" },
	  NULL,
	  NULL,
	  true },
};

static const char *const reasons[] = {
	"Screened positive; asked for help",
	"Needs follow-up after ED visit",
	"Patient asked for a referral",
	"Worsening symptoms",
	"",
};

struct gen {
	struct cl_demo_rng r;
	char today[CL_DATE_LEN];
	const char *user;
	struct cl_id org_ids[NELEM(orgs)];
	int org_kind[NELEM(orgs)]; /* 0 specialty, 1 community */
	int norgs;
	struct cl_demo_referral_stats stats;
};

static const char sql_org_count[] = "SELECT count(*) FROM organization";
static const char sql_referral_count[] = "SELECT count(*) FROM referral";
static const char sql_org_list[] =
	"SELECT id, kind, services FROM organization WHERE active = 1 ORDER BY sort_name, id"
	" LIMIT 64";
static const char sql_org_insert[] =
	"INSERT INTO organization (id, kind, name, services, phone, languages, hours, active,"
	" last_verified, created_at, updated_at, updated_by, version)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?9, ?10, 1)";
static const char sql_org_service[] =
	"INSERT INTO organization_service (organization_id, code) VALUES (?1, ?2)";
static const char sql_patients[] =
	"SELECT p.id, p.care_manager_id FROM patient p WHERE p.id > ?1 AND p.status = 'active'"
	" AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.patient_id = p.id)"
	" ORDER BY p.id LIMIT ?2";
static const char sql_referral[] =
	"INSERT INTO referral (id, patient_id, kind, organization_id, service, reason, priority,"
	" mode, consent_date, referred_on, due_date, status, status_reason, outcome, closed_on,"
	" care_manager_id, created_at, updated_at, updated_by, version)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20)";
static const char sql_event[] =
	"INSERT INTO referral_event (id, referral_id, at, actor, from_status, to_status,"
	" status_reason, outcome, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static int step_done(struct cl_db *db, sqlite3_stmt *st, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* "YYYY-MM-DDTHH:MM:00.000Z" for a day and a time drawn from the stream. */
static void stamp(struct gen *g, const char *day, char out[32])
{
	/* Drawn one at a time: the order of a call's arguments is the compiler's. */
	unsigned minute = (unsigned)cl_demo_rng_range(&g->r, 0, 59);
	unsigned hour = (unsigned)cl_demo_rng_range(&g->r, 13, 22);

	snprintf(out, 32, "%.10sT%02u:%02u:00.000Z", day, hour, minute);
}

static int add_orgs(struct cl_db *db, struct gen *g, struct cl_error *err)
{
	sqlite3_stmt *ins = cl_db_stmt(db, sql_org_insert, err), *svc;
	int rc = CL_OK, i;

	if (!ins || !(svc = cl_db_stmt(db, sql_org_service, err)))
		return err ? err->code : CL_EIO;
	for (i = 0; i < NELEM(orgs) && !rc; i++) {
		char verified[CL_DATE_LEN] = "", when[32], codes[256], *save = NULL, *code;

		cl_demo_rng_id(&g->r, &g->org_ids[i]);
		if (orgs[i].verified >= 0)
			cl_date_add_days(g->today, -orgs[i].verified, verified);
		stamp(g, g->today, when);
		if ((rc = cl_db_bind_id(ins, 1, &g->org_ids[i], err)) ||
		    (rc = cl_db_bind_text(ins, 2, orgs[i].kind, err)) ||
		    (rc = cl_db_bind_text(ins, 3, orgs[i].name, err)) ||
		    (rc = cl_db_bind_text(ins, 4, orgs[i].services, err)) ||
		    (rc = cl_db_bind_text(ins, 5, orgs[i].phone, err)) ||
		    (rc = cl_db_bind_text(ins, 6, orgs[i].languages, err)) ||
		    (rc = cl_db_bind_text(ins, 7, orgs[i].hours, err)) ||
		    (rc = cl_db_bind_text(ins, 8, verified, err)) ||
		    (rc = cl_db_bind_text(ins, 9, when, err)) ||
		    (rc = cl_db_bind_text(ins, 10, g->user, err)))
			break;
		if ((rc = step_done(db, ins, err)))
			break;
		snprintf(codes, sizeof(codes), "%s", orgs[i].services);
		for (code = strtok_r(codes, ", ", &save); code && !rc;
		     code = strtok_r(NULL, ", ", &save)) {
			if ((rc = cl_db_bind_id(svc, 1, &g->org_ids[i], err)) ||
			    (rc = cl_db_bind_text(svc, 2, code, err)))
				break;
			rc = step_done(db, svc, err);
		}
		g->stats.organizations++;
	}
	return rc ? rc : cl_audit_log(db, CL_AUDIT_IMPORT, "organization", NULL, err);
}

/* The active directory the referrals go to (the demo's own, or what is already there). */
static int read_orgs(struct cl_db *db, struct gen *g, char services[][256], struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_org_list, err);
	int step;

	g->norgs = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	while (g->norgs < NELEM(orgs) && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char kind[16];

		if (cl_db_column_id(st, 0, &g->org_ids[g->norgs]))
			continue;
		cl_db_column_text(st, 1, kind, sizeof(kind));
		g->org_kind[g->norgs] = strcmp(kind, "community") == 0;
		cl_db_column_text(st, 2, services[g->norgs], 256);
		g->norgs++;
	}
	sqlite3_reset(st);
	return CL_OK;
}

/* The n-th service code of a ", "-joined list (into out), counting from 0 and wrapping. */
static void nth_service(const char *services, long n, char *out, size_t size)
{
	char copy[256], *save = NULL, *code, *codes[16];
	int count = 0;

	snprintf(copy, sizeof(copy), "%s", services);
	for (code = strtok_r(copy, ", ", &save); code && count < 16;
	     code = strtok_r(NULL, ", ", &save))
		codes[count++] = code;
	snprintf(out, size, "%s", count ? codes[n % count] : "food-insecurity");
}

static int add_event(struct cl_db *db, struct gen *g, const struct cl_id *referral, const char *day,
		     int step, const char *from, const char *to, const char *reason,
		     const char *outcome, const char *note, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_event, err);
	struct cl_id id;
	char when[32];
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	cl_demo_rng_id(&g->r, &id);
	/* one hour a step, so that a day's moves stay in order */
	snprintf(when, sizeof(when), "%.10sT%02d:%02u:00.000Z", day, 13 + step,
		 (unsigned)cl_demo_rng_range(&g->r, 0, 59));
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, referral, err)) ||
	    (rc = cl_db_bind_text(st, 3, when, err)) ||
	    (rc = cl_db_bind_text(st, 4, g->user, err)) ||
	    (rc = cl_db_bind_text(st, 5, from, err)) || (rc = cl_db_bind_text(st, 6, to, err)) ||
	    (rc = cl_db_bind_text(st, 7, reason ? reason : "", err)) ||
	    (rc = cl_db_bind_text(st, 8, outcome ? outcome : "", err)) ||
	    (rc = cl_db_bind_text(st, 9, note ? note : "", err)))
		return rc;
	g->stats.events++;
	return step_done(db, st, err);
}

static int add_referral(struct cl_db *db, struct gen *g, const struct cl_id *patient,
			const struct cl_id *cm, char services[][256], struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_referral, err);
	int weights = 0, pick, p, o, steps, i, rc;
	const struct demo_path *path;
	bool urgent = cl_demo_rng_range(&g->r, 0, 99) < 15;
	long age;
	char referred[CL_DATE_LEN], due[CL_DATE_LEN], day[CL_DATE_LEN], closed[CL_DATE_LEN] = "";
	char service[64], created[32], updated[32];
	const char *status, *from = "";
	struct cl_id id;

	if (!st)
		return err ? err->code : CL_EIO;
	for (p = 0; p < NELEM(paths); p++)
		weights += paths[p].weight;
	pick = (int)cl_demo_rng_range(&g->r, 0, weights - 1);
	for (p = 0; pick >= paths[p].weight; p++)
		pick -= paths[p].weight;
	path = &paths[p];
	for (steps = 0; steps < 6 && path->steps[steps]; steps++)
		;
	status = path->steps[steps - 1];
	o = (int)cl_demo_rng_range(&g->r, 0, g->norgs - 1);
	nth_service(services[o], cl_demo_rng_range(&g->r, 0, 7), service, sizeof(service));
	/* Open referrals are recent (about half of them past due); closed ones older. */
	age = path->open ? cl_demo_rng_range(&g->r, 1, 60) : cl_demo_rng_range(&g->r, 20, 300);
	cl_date_add_days(g->today, -age, referred);
	cl_date_add_days(referred, urgent ? 7 : 30, due);
	cl_demo_rng_id(&g->r, &id);
	/* the last event's day: when the loop closed, if it did */
	cl_date_add_days(referred, age * (steps - 1) / steps, day);
	if (path->outcome)
		memcpy(closed, day, CL_DATE_LEN);
	stamp(g, referred, created);
	stamp(g, day, updated);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, patient, err)) ||
	    (rc = cl_db_bind_text(st, 3, g->org_kind[o] ? "community" : "specialty", err)) ||
	    (rc = cl_db_bind_id(st, 4, &g->org_ids[o], err)) ||
	    (rc = cl_db_bind_text(st, 5, service, err)) ||
	    (rc = cl_db_bind_text(st, 6, reasons[cl_demo_rng_range(&g->r, 0, NELEM(reasons) - 1)],
				  err)) ||
	    (rc = cl_db_bind_text(st, 7, urgent ? "urgent" : "routine", err)) ||
	    (rc = cl_db_bind_text(st, 8,
				  !g->org_kind[o] && cl_demo_rng_range(&g->r, 0, 4) == 0
					  ? "e-consult"
					  : "referral",
				  err)) ||
	    (rc = cl_db_bind_text(
		     st, 9, g->org_kind[o] && strcmp(status, "draft") != 0 ? referred : "", err)) ||
	    (rc = cl_db_bind_text(st, 10, referred, err)) ||
	    (rc = cl_db_bind_text(st, 11, due, err)) ||
	    (rc = cl_db_bind_text(st, 12, status, err)) ||
	    (rc = cl_db_bind_text(st, 13, path->reason ? path->reason : "", err)) ||
	    (rc = cl_db_bind_text(st, 14, path->outcome ? path->outcome : "", err)) ||
	    (rc = cl_db_bind_text(st, 15, closed, err)) ||
	    (rc = cl_record_bind_opt_id(st, 16, cm, err)) ||
	    (rc = cl_db_bind_text(st, 17, created, err)) ||
	    (rc = cl_db_bind_text(st, 18, updated, err)) ||
	    (rc = cl_db_bind_text(st, 19, g->user, err)) ||
	    (rc = cl_db_bind_int(st, 20, steps, err)))
		return rc;
	g->stats.referrals++;
	if ((rc = step_done(db, st, err)))
		return rc;
	/* the events, spread between the referral and today */
	for (i = 0; i < steps && !rc; i++) {
		bool last = i == steps - 1;
		bool reopen = i > 0 && strcmp(path->steps[i - 1], "completed") == 0;

		cl_date_add_days(referred, age * i / steps, day);
		rc = add_event(db, g, &id, day, i, from, path->steps[i], last ? path->reason : NULL,
			       last ? path->outcome : NULL,
			       reopen ? "Patient called back: still needs help"
			       : i == 0 && cl_demo_rng_range(&g->r, 0, 2) == 0
				       ? "Faxed the referral"
				       : NULL,
			       err);
		from = path->steps[i];
	}
	return rc;
}

/* One batch of patients without referrals after *after: about 1 in 20 gets one. */
static int add_batch(struct cl_db *db, struct gen *g, struct cl_id *after, bool first,
		     char services[][256], int *seen, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_patients, err);
	struct cl_id *ids = NULL, *cms = NULL;
	bool *has_cm = NULL;
	int n = 0, i, step, rc = CL_OK;

	*seen = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	ids = calloc(BATCH_PATIENTS, sizeof(*ids));
	cms = calloc(BATCH_PATIENTS, sizeof(*cms));
	has_cm = calloc(BATCH_PATIENTS, sizeof(*has_cm));
	if (!ids || !cms || !has_cm) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = first ? cl_db_bind_blob(st, 1, "", 0, err) : cl_db_bind_id(st, 1, after, err)) ||
	    (rc = cl_db_bind_int(st, 2, BATCH_PATIENTS, err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (cl_db_column_id(st, 0, &ids[n]))
			continue;
		has_cm[n] = sqlite3_column_type(st, 1) != SQLITE_NULL &&
			    !cl_db_column_id(st, 1, &cms[n]);
		*after = ids[n++];
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	*seen = n;
	if (rc || !n)
		goto out;
	if ((rc = cl_db_begin(db, err)))
		goto out;
	for (i = 0; i < n && !rc; i++) {
		if (cl_demo_rng_range(&g->r, 0, 99) >= 5)
			continue;
		rc = add_referral(db, g, &ids[i], has_cm[i] ? &cms[i] : NULL, services, err);
	}
	if (!rc)
		rc = cl_audit_log(db, CL_AUDIT_IMPORT, "referral", NULL, err);
	if (rc)
		cl_db_rollback(db);
	else
		rc = cl_db_commit(db, err);
out:
	free(has_cm);
	free(cms);
	free(ids);
	return rc;
}

int cl_demo_referrals(struct cl_db *db, unsigned long seed, struct cl_demo_referral_stats *stats,
		      struct cl_error *err)
{
	char services[NELEM(orgs)][256];
	struct cl_id after = { { 0 } };
	sqlite3_stmt *st;
	long long existing = 0;
	struct gen g;
	bool first = true;
	int rc, seen;

	memset(&g, 0, sizeof(g));
	g.user = cl_db_user(db);
	cl_date_today(g.today);
	if (!(st = cl_db_stmt(db, sql_referral_count, err)))
		return err ? err->code : CL_EIO;
	rc = sqlite3_step(st) == SQLITE_ROW ? CL_OK : cl_db_error(db, err);
	existing = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc)
		return rc;
	/* A later run on the same database draws other ids: the stream is keyed by what is there. */
	g.r.s = ((uint64_t)seed ^ 0x726566657272616cULL) + /* "referral" */
		(uint64_t)existing * 0xd1342543de82ef95ULL;
	existing = 0;
	if (!(st = cl_db_stmt(db, sql_org_count, err)))
		return err ? err->code : CL_EIO;
	rc = sqlite3_step(st) == SQLITE_ROW ? CL_OK : cl_db_error(db, err);
	existing = rc ? 0 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (!existing) {
		if ((rc = cl_db_begin(db, err)))
			return rc;
		if ((rc = add_orgs(db, &g, err))) {
			cl_db_rollback(db);
			return rc;
		}
		if ((rc = cl_db_commit(db, err)))
			return rc;
	}
	if ((rc = read_orgs(db, &g, services, err)))
		return rc;
	while (g.norgs > 0) {
		if ((rc = add_batch(db, &g, &after, first, services, &seen, err)) || !seen)
			break;
		first = false;
	}
	if (stats)
		*stats = g.stats;
	return rc;
}
