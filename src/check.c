#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "sync.h"
#include "db_private.h"

/* One finding: to found, and the first one into err. */
static void report(int *count, void (*found)(const char *, void *), void *arg, struct cl_error *err,
		   const char *problem)
{
	if (found)
		found(problem, arg);
	if ((*count)++ == 0)
		cl_error_set(err, CL_ECORRUPT, "%s", problem);
}

struct trigger {
	char *name, *table, *sql;
};

static void triggers_free(struct trigger *t, int n)
{
	for (int i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].table);
		free(t[i].sql);
	}
	free(t);
}

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *text = sqlite3_column_text(st, col);

	return strdup(text ? (const char *)text : "");
}

/* The triggers of db's main schema, by name. On success *out (free with triggers_free). */
static int read_triggers(struct cl_db *db, struct trigger **out, int *n, struct cl_error *err)
{
	static const char sql[] = "SELECT name, tbl_name, sql FROM sqlite_master "
				  "WHERE type = 'trigger' ORDER BY name";
	struct trigger *t = NULL;
	sqlite3_stmt *st;
	int cap = 0, rc = CL_OK, step;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct trigger *grown;

			cap = cap ? 2 * cap : 32;
			if (!(grown = realloc(t, (size_t)cap * sizeof(*t)))) {
				rc = cl_error_set(err, CL_ENOMEM, "out of memory");
				break;
			}
			t = grown;
		}
		t[*n].name = column_dup(st, 0);
		t[*n].table = column_dup(st, 1);
		t[*n].sql = column_dup(st, 2);
		(*n)++;
		if (!t[*n - 1].name || !t[*n - 1].table || !t[*n - 1].sql) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
			break;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_finalize(st);
	if (rc) {
		triggers_free(t, *n);
		*n = 0;
		return rc;
	}
	*out = t;
	return CL_OK;
}

static const struct trigger *find_trigger(const struct trigger *t, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

int cl_check_triggers(struct cl_db *db, void (*found)(const char *problem, void *arg), void *arg,
		      struct cl_error *err)
{
	struct trigger *want = NULL, *have = NULL;
	struct cl_db *ref = NULL;
	int nwant = 0, nhave = 0, count = 0, rc;
	char line[256];

	/* The schema as this careloop's migrations make it. */
	if ((rc = cl_db_open(":memory:", 0, &ref, err)) ||
	    /* A site's file has the outbox triggers careloop made from its tables. */
	    (cl_sync_is_site(db) && (rc = cl_sync_install(ref, err))) ||
	    (rc = read_triggers(ref, &want, &nwant, err)) ||
	    (rc = read_triggers(db, &have, &nhave, err)))
		goto out;
	for (int i = 0; i < nwant; i++) {
		const struct trigger *t = find_trigger(have, nhave, want[i].name);

		if (!t)
			snprintf(line, sizeof(line), "trigger %s on %s is missing", want[i].name,
				 want[i].table);
		else if (strcmp(t->sql, want[i].sql) != 0 || strcmp(t->table, want[i].table) != 0)
			snprintf(line, sizeof(line), "trigger %s on %s was changed", want[i].name,
				 want[i].table);
		else
			continue;
		report(&count, found, arg, err, line);
	}
	for (int i = 0; i < nhave; i++) {
		if (find_trigger(want, nwant, have[i].name))
			continue;
		snprintf(line, sizeof(line), "trigger %s on %s is not careloop's", have[i].name,
			 have[i].table);
		report(&count, found, arg, err, line);
	}
	rc = count ? CL_ECORRUPT : CL_OK;
out:
	triggers_free(want, nwant);
	triggers_free(have, nhave);
	cl_db_close(ref);
	return rc;
}

/*
 * Each derived column and the query counting its rows that disagree with the source, as
 * the core computes them (src/screening.c refresh_patient, src/org_store.c store_services, the
 * contact and screening_status triggers of schema/, the follow-up triggers of 011_events).
 */
static const struct derived {
	const char *column, *source, *sql;
} derived[] = {
	{ "patient.last_reached_at", "contact",
	  "SELECT count(*) FROM patient p WHERE p.last_reached_at IS NOT "
	  "coalesce((SELECT max(c.occurred_at) FROM contact c WHERE c.patient_id = p.id "
	  "AND c.outcome = 'reached' AND c.error_reason = ''), '')" },
	{ "screening_status", "patient",
	  "SELECT (SELECT count(*) FROM patient p WHERE NOT EXISTS (SELECT 1 FROM "
	  "screening_status s WHERE s.patient_id = p.id)) + (SELECT count(*) FROM "
	  "screening_status s WHERE NOT EXISTS (SELECT 1 FROM patient p WHERE p.id = "
	  "s.patient_id))" },
	{ "screening_status.active", "patient.status",
	  "SELECT count(*) FROM screening_status s JOIN patient p ON p.id = s.patient_id "
	  "WHERE s.active IS NOT (p.status = 'active')" },
	{ "screening_status.care_manager_id", "patient.care_manager_id",
	  "SELECT count(*) FROM screening_status s JOIN patient p ON p.id = s.patient_id "
	  "WHERE s.care_manager_id IS NOT p.care_manager_id" },
	{ "screening_status.last_on", "screening",
	  "SELECT count(*) FROM screening_status s WHERE s.last_id IS NOT (SELECT id FROM "
	  "screening WHERE patient_id = s.patient_id AND status != 'entered-in-error' "
	  "AND instrument_id IN (SELECT id FROM instrument WHERE social_needs = 1) "
	  "ORDER BY screened_on DESC, created_at DESC, rowid DESC LIMIT 1) OR s.last_on IS NOT "
	  "coalesce((SELECT screened_on FROM screening WHERE id = s.last_id), '')" },
	{ "screening_status.scored_id", "screening",
	  "SELECT count(*) FROM screening_status s WHERE s.scored_id IS NOT (SELECT id FROM "
	  "screening WHERE patient_id = s.patient_id AND status IN ('completed', 'partial') "
	  "AND instrument_id IN (SELECT id FROM instrument WHERE social_needs = 1) "
	  "ORDER BY screened_on DESC, created_at DESC, rowid DESC LIMIT 1)" },
#define POSITIVE_WANT                                                                          \
	"SELECT d.code, s.patient_id, s.screened_on, s.id, d.sensitive FROM screening_status " \
	"st JOIN screening s ON s.id = st.scored_id JOIN screening_result r ON "               \
	"r.screening_id = s.id JOIN screening_domain d ON d.id = r.domain_id WHERE r.result "  \
	"= 'positive'"
#define POSITIVE_HAVE                                                                \
	"SELECT domain_code, patient_id, screened_on, screening_id, sensitive FROM " \
	"screening_positive"
	{ "screening_positive", "screening_result",
	  "SELECT (SELECT count(*) FROM (" POSITIVE_WANT " EXCEPT " POSITIVE_HAVE
	  ")) + (SELECT count(*) FROM (" POSITIVE_HAVE " EXCEPT " POSITIVE_WANT "))" },
	{ "organization_service", "organization.services",
	  "SELECT count(*) FROM organization o WHERE (SELECT count(*) FROM organization_service "
	  "s WHERE s.organization_id = o.id) != length(o.services) - "
	  "length(replace(o.services, ',', '')) + (o.services != '') OR EXISTS (SELECT 1 FROM "
	  "organization_service s WHERE s.organization_id = o.id AND instr(', ' || o.services "
	  "|| ',', ', ' || s.code || ',') = 0)" },
	{ "patient_count", "patient",
	  "SELECT count(*) FROM patient_count c WHERE c.n IS NOT (SELECT count(*) FROM patient p "
	  "WHERE p.status = c.status)" },
	/* A merged patient (merge.c) is inactive and points at a chart that is not merged. */
	{ "patient.merged_into", "patient",
	  "SELECT count(*) FROM patient m WHERE m.merged_into IS NOT NULL AND (m.status <> "
	  "'inactive' OR NOT EXISTS (SELECT 1 FROM patient s WHERE s.id = m.merged_into AND "
	  "s.merged_into IS NULL))" },
	{ "task.patient_active", "patient.status",
	  "SELECT count(*) FROM task t JOIN patient p ON p.id = t.patient_id "
	  "WHERE t.patient_active IS NOT (p.status = 'active')" },
	{ "referral.patient_active", "patient.status",
	  "SELECT count(*) FROM referral r JOIN patient p ON p.id = r.patient_id "
	  "WHERE r.patient_active IS NOT (p.status = 'active')" },
	{ "clinical_event.followup_step", "contact",
	  "SELECT count(*) FROM clinical_event e JOIN clinical_event_followup_now f "
	  "ON f.id = e.id WHERE f.step IS NOT e.followup_step" },
	{ "clinical_event.followup_due", "clinical_event.followup_step",
	  "SELECT count(*) FROM clinical_event WHERE followup_due IS NOT CASE followup_step "
	  "WHEN 'contact' THEN contact_due WHEN 'visit' THEN visit_due ELSE '' END" },
#define CHRONIC_GAP_BP_WANT                                                                    \
	"SELECT pid, 'bp', coalesce(d, ''), coalesce(CAST(s AS INTEGER) || '/' || CAST(di AS " \
	"INTEGER), ''), coalesce(s < 140 AND di < 90, 0) FROM (SELECT pid, d, (SELECT "        \
	"min(value) FROM observation WHERE patient_id = pid AND loinc = '8480-6' AND "         \
	"observed_on = d) AS s, (SELECT min(value) FROM observation WHERE patient_id = pid "   \
	"AND loinc = '8462-4' AND observed_on = d) AS di FROM (SELECT c.patient_id AS pid, "   \
	"(SELECT max(o.observed_on) FROM observation o WHERE o.patient_id = c.patient_id AND " \
	"o.loinc = '8480-6' AND EXISTS (SELECT 1 FROM observation x WHERE x.patient_id = "     \
	"c.patient_id AND x.loinc = '8462-4' AND x.observed_on = o.observed_on)) AS d FROM "   \
	"condition c WHERE c.kind = 'hypertension' AND c.status = 'active'))"
/* (SQLite's printf, as the trigger formats the A1c; split for check-layers' grep) */
#define CHRONIC_GAP_A1C_WANT                                                                    \
	"SELECT pid, 'a1c', coalesce(d, ''), coalesce(printf"                                   \
	"('%.1f%%', v), ''), coalesce(v <= 9, 0) FROM (SELECT pid, d, (SELECT max(value) FROM " \
	"observation WHERE patient_id = pid AND loinc = '4548-4' AND observed_on = d) AS v "    \
	"FROM (SELECT c.patient_id AS pid, (SELECT max(observed_on) FROM observation WHERE "    \
	"patient_id = c.patient_id AND loinc = '4548-4') AS d FROM condition c WHERE c.kind = " \
	"'diabetes' AND c.status = 'active'))"
	/*
	 * The rule of the trigger chronic_gap_refresh_run (schema/018_chronic.sql, compared by
	 * cl_check_triggers) as a SELECT over every patient with an active hypertension or
	 * diabetes: read only, so that the check writes nothing (and runs on a read-only
	 * file). Counted by (patient, kind): a row changed is one disagreement, not a missing
	 * and an extra one; the rows' own random ids are not compared.
	 */
	{ "chronic_gap", "condition, observation",
	  "WITH want (patient_id, kind, last_on, reading, controlled) AS (" CHRONIC_GAP_BP_WANT
	  " UNION ALL " CHRONIC_GAP_A1C_WANT "), have AS (SELECT patient_id, kind, last_on, "
	  "reading, controlled FROM chronic_gap) SELECT count(*) FROM (SELECT patient_id, kind "
	  "FROM (SELECT * FROM want EXCEPT SELECT * FROM have) UNION SELECT patient_id, kind "
	  "FROM (SELECT * FROM have EXCEPT SELECT * FROM want))" },
	{ "referral.status", "referral_event",
	  "SELECT count(*) FROM referral r WHERE r.status IS NOT (SELECT e.to_status FROM "
	  "referral_event e WHERE e.referral_id = r.id ORDER BY e.at DESC, e.rowid DESC "
	  "LIMIT 1)" },
};

int cl_check_derived(struct cl_db *db, void (*found)(const char *problem, void *arg), void *arg,
		     struct cl_error *err)
{
	int count = 0;
	char line[256];

	for (size_t i = 0; i < sizeof(derived) / sizeof(derived[0]); i++) {
		sqlite3_stmt *st;
		long long bad = 0;
		int step;

		if (sqlite3_prepare_v2(cl_db_sqlite(db), derived[i].sql, -1, &st, NULL) !=
		    SQLITE_OK)
			return cl_db_error(db, err);
		if ((step = sqlite3_step(st)) == SQLITE_ROW) {
			bad = sqlite3_column_int64(st, 0);
		} else {
			int rc = cl_db_error(db, err);

			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_finalize(st);
		if (!bad)
			continue;
		snprintf(line, sizeof(line), "%s: %lld row%s disagree%s with %s", derived[i].column,
			 bad, bad == 1 ? "" : "s", bad == 1 ? "s" : "", derived[i].source);
		report(&count, found, arg, err, line);
	}
	return count ? CL_ECORRUPT : CL_OK;
}

/* One check's problems, passed on with its name. */
struct named {
	void (*found)(const char *what, const char *problem, void *arg);
	void *arg;
	const char *what;
};

static void found_named(const char *problem, void *arg)
{
	const struct named *n = arg;

	n->found(n->what, problem, n->arg);
}

int cl_check_all(struct cl_db *db, const struct cl_audit_checkpoint *expect, size_t n,
		 void (*found)(const char *what, const char *problem, void *arg), void *arg,
		 struct cl_check_summary *out)
{
	static const char *const what[] = { "triggers", "derived" };
	int (*const step[])(struct cl_db *, void (*)(const char *, void *), void *,
			    struct cl_error *) = { cl_check_triggers, cl_check_derived };
	struct cl_error err = { 0 };
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (cl_db_integrity(db, &err)) {
		found("integrity", err.message, arg);
		out->problems++;
	}
	cl_error_clear(&err);
	for (i = 0; i < sizeof(step) / sizeof(step[0]); i++) {
		struct named nm = { found, arg, what[i] };

		if ((rc = step[i](db, found_named, &nm, &err))) {
			/* A finding was passed on already; anything else stopped the check. */
			if (rc != CL_ECORRUPT)
				found(what[i], err.message, arg);
			out->problems++;
		}
		cl_error_clear(&err);
	}
	if (cl_audit_verify_checkpoints(db, expect, n, &out->head, &err)) {
		found("audit", err.message, arg);
		out->problems++;
	}
	cl_error_clear(&err);
	if (cl_access_verify(db, &out->access_rows, &err)) {
		found("access log", err.message, arg);
		out->problems++;
	}
	cl_error_clear(&err);
	return out->problems ? CL_ECORRUPT : CL_OK;
}
