#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "demo_notes.h"
#include "demo_rng.h"
#include "note.h"
#include "record.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* What each kind of note says: a first line, then (sometimes) a next step. */
static const char *const phone_texts[] = {
	"Called to review medications. Taking them as prescribed; no side effects reported.",
	"Spoke with her daughter: the patient was admitted on Monday and is still inpatient.",
	"Left a message with the señora at home; will try again tomorrow morning.",
	("Patient reports blood pressure readings around 150/90 at home. Discussed salt and the "
	 "log."),
	"Called about the food bank appointment: she went and got a two-week box.",
	"Patient asked for help with the electric bill shutoff notice.",
};
static const char *const visit_texts[] = {
	"Home visit: fridge nearly empty. Referred to the food bank and applied for SNAP.",
	("Home visit with the nurse: stairs are a fall risk; grab bars requested from the "
	 "landlord."),
	("Home visit: pill bottles reviewed, two duplicates removed, pill box filled for the "
	 "week."),
	"Visited with the interpreter (español). The family prefers calls after 3 pm.",
};
static const char *const conference_texts[] = {
	"Care conference with Dr. Patel and the pharmacist: simplify the insulin regimen.",
	"Team reviewed the ED visits; plan for a same-week appointment after any ED visit.",
	"Care conference: hospice discussed with the family; they will think about it.",
};
static const char *const note_texts[] = {
	"Patient prefers calls after 3 pm on weekdays.",
	"Transportation arranged through the county van for the cardiology visit.",
	"Housing application submitted; waiting list about six months.",
	"Caregiver (son) asked to be called before any appointment changes.",
};
static const char *const next_steps[] = {
	"Next step: call again in one week.",
	"Next step: check in after the specialist visit.",
	"Next step: bring this up at the next care conference.",
	"Next step: confirm the ride two days before.",
};
static const char *const corrections[] = {
	" (Correction: it was her son, not her daughter.)",
	" (Correction: the visit is on Thursday.)",
	" (Corrected the reading: 160/95.)",
};

static const char sql_patients[] =
	"SELECT p.id, p.risk_rank, p.care_manager_id FROM patient p WHERE p.status = 'active'"
	" AND NOT EXISTS (SELECT 1 FROM note n WHERE n.patient_id = p.id) ORDER BY p.id LIMIT ?1";
static const char sql_note[] =
	"INSERT INTO note (id, patient_id, occurred_at, kind, body, care_manager_id, supersedes,"
	" created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)";
static const char sql_amended[] =
	"UPDATE note SET amended_at = ?2, amended_by = ?3, updated_at = ?2, updated_by = ?3,"
	" version = version + 1 WHERE id = ?1";

struct seed_patient {
	struct cl_id id, cm;
	int risk; /* 0 high, 1 rising, 2 low */
	bool has_cm;
};

static int read_patients(struct cl_db *db, long max, struct seed_patient **out, long *n,
			 struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_patients, err);
	struct seed_patient *rows;
	int step, rc = CL_OK;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if (!(rows = calloc((size_t)(max > 0 ? max : 1), sizeof(*rows))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if ((rc = cl_db_bind_int(st, 1, max, err))) {
		free(rows);
		return rc;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct seed_patient *p = &rows[*n];

		if (cl_db_column_id(st, 0, &p->id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
			break;
		}
		p->risk = sqlite3_column_int(st, 1);
		p->has_cm = sqlite3_column_type(st, 2) != SQLITE_NULL &&
			    !cl_db_column_id(st, 2, &p->cm);
		(*n)++;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		free(rows);
	else
		*out = rows;
	return rc;
}

static int insert_note(struct cl_db *db, const struct seed_patient *p, const struct cl_id *id,
		       const char *when, const char *kind, const char *body,
		       const struct cl_id *supersedes, const char *now, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_note, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)) || (rc = cl_db_bind_id(st, 2, &p->id, err)) ||
	    (rc = cl_db_bind_text(st, 3, when, err)) || (rc = cl_db_bind_text(st, 4, kind, err)) ||
	    (rc = cl_db_bind_text(st, 5, body, err)) ||
	    (rc = cl_record_bind_opt_id(st, 6, p->has_cm ? &p->cm : NULL, err)) ||
	    (rc = cl_record_bind_opt_id(st, 7, supersedes, err)) ||
	    (rc = cl_db_bind_text(st, 8, now, err)) ||
	    (rc = cl_db_bind_text(st, 9, cl_db_user(db), err)))
		return rc;
	return cl_record_step(db, st, NULL, NULL, "note", err);
}

static int mark_amended(struct cl_db *db, const struct cl_id *id, const char *now,
			struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_amended, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)) || (rc = cl_db_bind_text(st, 2, now, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_db_user(db), err)))
		return rc;
	return cl_record_step(db, st, NULL, NULL, "note", err);
}

/* One patient's notes: none, or one to four (high risk more often and more). */
static int patient_notes(struct cl_db *db, struct cl_demo_rng *r, const struct seed_patient *p,
			 const char *today, const char *now, struct cl_demo_notes_stats *s,
			 struct cl_error *err)
{
	static const int kind_w[] = { 30, 40, 18, 12 }; /* note, phone, visit, conference */
	static const int chance[] = { 70, 40, 15 };
	int n, rc = CL_OK;

	if (!cl_demo_rng_percent(r, chance[p->risk >= 0 && p->risk <= 2 ? p->risk : 2]))
		return CL_OK;
	n = (int)cl_demo_rng_range(r, 1, p->risk == 0 ? 4 : 2);
	s->patients++;
	for (int i = 0; i < n && !rc; i++) {
		int kind = cl_demo_rng_weighted(r, kind_w, 4);
		const char *first =
			kind == 0   ? note_texts[cl_demo_rng_range(r, 0, NELEM(note_texts) - 1)]
			: kind == 1 ? phone_texts[cl_demo_rng_range(r, 0, NELEM(phone_texts) - 1)]
			: kind == 2 ? visit_texts[cl_demo_rng_range(r, 0, NELEM(visit_texts) - 1)]
				    : conference_texts[cl_demo_rng_range(
					      r, 0, NELEM(conference_texts) - 1)];
		const char *step = next_steps[cl_demo_rng_range(r, 0, NELEM(next_steps) - 1)];
		bool two_lines = cl_demo_rng_percent(r, 50), amend = cl_demo_rng_percent(r, 15);
		const char *fix = corrections[cl_demo_rng_range(r, 0, NELEM(corrections) - 1)];
		char day[CL_DATE_LEN], when[17], body[600], fixed[700];
		struct cl_id id, amendment;
		unsigned hour, minute;

		cl_date_add_days(today, -cl_demo_rng_range(r, 0, 200), day);
		/* One draw at a time: the order of a call's arguments is the compiler's. */
		minute = (unsigned)cl_demo_rng_range(r, 0, 59);
		hour = (unsigned)cl_demo_rng_range(r, 8, 17);
		snprintf(when, sizeof(when), "%.10sT%02u:%02u", day, hour, minute);
		snprintf(body, sizeof(body), "%s%s%s", first, two_lines ? "\n\n" : "",
			 two_lines ? step : "");
		cl_demo_rng_id(r, &id);
		cl_demo_rng_id(r, &amendment);
		rc = insert_note(db, p, &id, when, cl_note_kinds[kind], body, NULL, now, err);
		s->notes += !rc;
		if (rc || !amend)
			continue;
		snprintf(fixed, sizeof(fixed), "%s%s", body, fix);
		if (!(rc = mark_amended(db, &id, now, err)))
			rc = insert_note(db, p, &amendment, when, cl_note_kinds[kind], fixed, &id,
					 now, err);
		s->notes += !rc;
		s->amended += !rc;
	}
	return rc;
}

int cl_demo_notes(struct cl_db *db, unsigned long seed, long max_patients,
		  struct cl_demo_notes_stats *stats, struct cl_error *err)
{
	struct cl_demo_notes_stats s = { 0 };
	struct cl_demo_rng r = { (uint64_t)seed ^ 0x6e6f746573ULL }; /* "notes" */
	struct seed_patient *patients = NULL;
	char today[CL_DATE_LEN], now[32];
	long n = 0;
	int rc;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	cl_date_today(today);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = read_patients(db, max_patients, &patients, &n, err)))
		goto out;
	for (long i = 0; i < n && !rc; i++)
		rc = patient_notes(db, &r, &patients[i], today, now, &s, err);
	if (!rc && s.notes)
		rc = cl_audit_log(db, CL_AUDIT_IMPORT, "note", NULL, err);
	if (!rc)
		rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	else if (stats)
		*stats = s;
	free(patients);
	return rc;
}
