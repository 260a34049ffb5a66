#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "behavioral.h"
#include "contact.h"
#include "date.h"
#include "db_private.h"
#include "demo_behavioral.h"
#include "demo_rng.h"
#include "patient.h"
#include "screening.h"

#define SCREENED_MAX 60
#define CANDIDATES   (SCREENED_MAX + 8)

/* Active adults without a PHQ-9 or GAD-7 yet, the last MRNs first (the first ones are the
 * ones the guides and tests walk through). */
static const char sql_candidates[] =
	"SELECT p.id FROM patient p WHERE p.status = 'active' AND p.birth_date <= ?1"
	" AND NOT EXISTS (SELECT 1 FROM screening s JOIN instrument i ON i.id = s.instrument_id"
	" WHERE s.patient_id = p.id AND i.scoring = 'sum')"
	" AND NOT EXISTS (SELECT 1 FROM bh_enrollment e WHERE e.patient_id = p.id)"
	" ORDER BY p.mrn DESC LIMIT ?2";

/* The registry's stories: days before today of each PHQ-9, and its total. */
static const struct story {
	int enrolled_days_ago;
	int days_ago[4], totals[4];
	int contact_minutes[4]; /* this month's contacts (days 1, 3, 5, 7 ago), 0: none */
} stories[] = {
	{ 84, { 84, 56, 28, 7 }, { 18, 14, 11, 8 }, { 30, 25, 10, 0 } },  /* responding */
	{ 112, { 112, 84, 42, 10 }, { 16, 10, 6, 3 }, { 20, 15, 0, 0 } }, /* remission */
	{ 91, { 91, 63, 35, 6 }, { 17, 16, 15, 14 }, { 40, 20, 15, 5 } }, /* not improving */
};

#define NSTORIES ((int)(sizeof(stories) / sizeof(stories[0])))

/* Save a screening of in for patient on the day days_ago with answers worth total. */
static int screen(struct cl_db *db, const struct cl_id *patient, const char *code,
		  const char *today, int days_ago, int total, int item9, struct cl_error *err)
{
	struct cl_screening *s = NULL;
	int rc, q, n;

	if ((rc = cl_screening_start(db, patient, code, &s, err)))
		return rc;
	cl_date_add_days(today, -days_ago, s->screened_on);
	n = s->instrument->nquestions - (item9 >= 0 ? 1 : 0);
	for (q = 0; rc == CL_OK && q < s->instrument->nquestions; q++) {
		/* Spread the total over the questions, the first ones higher. */
		int pts = q < n ? total / n + (q < total % n ? 1 : 0) : item9;

		if (pts > 3)
			pts = 3;
		rc = cl_screening_answer(s, q, &pts, 1, err);
	}
	if (rc == CL_OK)
		rc = cl_screening_complete(db, s, err);
	cl_screening_free(s);
	return rc;
}

static int contact(struct cl_db *db, const struct cl_id *patient, const char *today, int days_ago,
		   int minutes, struct cl_error *err)
{
	char day[CL_DATE_LEN], at[32], text[16];
	struct cl_contact c;
	int rc;

	cl_contact_init(&c, patient);
	cl_date_add_days(today, -days_ago, day);
	snprintf(at, sizeof(at), "%sT10:30", day);
	snprintf(text, sizeof(text), "%d", minutes);
	if ((rc = cl_contact_field_set(&c, "occurred_at", at, err)) ||
	    (rc = cl_contact_field_set(&c, "minutes", text, err)))
		return rc;
	return cl_contact_log(db, &c, NULL, 0, err);
}

static int enroll(struct cl_db *db, const struct cl_id *patient, const char *today,
		  const struct story *st, struct cl_error *err)
{
	struct cl_bh_enrollment e;
	struct cl_patient p;
	int rc, i;

	if ((rc = cl_patient_get(db, patient, &p, err)))
		return rc;
	cl_bh_enrollment_init(&e, db, patient);
	cl_date_add_days(today, -st->enrolled_days_ago, e.enrolled_on);
	snprintf(e.care_manager, sizeof(e.care_manager), "%s", p.care_manager);
	snprintf(e.psychiatrist, sizeof(e.psychiatrist), "Dr. Amara Okafor");
	for (i = 0; i < 4; i++)
		if ((rc = screen(db, patient, "phq-9", today, st->days_ago[i], st->totals[i], 0,
				 err)))
			return rc;
	if ((rc = cl_bh_enrollment_save(db, &e, err)))
		return rc;
	for (i = 0; i < 4; i++)
		if (st->contact_minutes[i] &&
		    (rc = contact(db, patient, today, 1 + 2 * i, st->contact_minutes[i], err)))
			return rc;
	return CL_OK;
}

int cl_demo_behavioral(struct cl_db *db, unsigned long seed, struct cl_demo_behavioral_stats *stats,
		       struct cl_error *err)
{
	struct cl_demo_behavioral_stats local = { 0 };
	struct cl_demo_rng r = { .s = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 17 };
	struct cl_id *ids = calloc(CANDIDATES, sizeof(*ids));
	char today[CL_DATE_LEN], adult[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc = CL_OK, n = 0, i, step;

	if (!ids)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	cl_date_today(today);
	cl_date_add_months(today, -12 * 18, adult);
	if (!(st = cl_db_stmt(db, sql_candidates, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_text(st, 1, adult, err)) ||
	    (rc = cl_db_bind_int(st, 2, CANDIDATES, err)))
		goto out;
	while (n < CANDIDATES && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (cl_db_column_id(st, 0, &ids[n]) == CL_OK)
			n++;
	sqlite3_reset(st);
	/* The stories first, then the safety flag, then everyday screenings. */
	for (i = 0; rc == CL_OK && i < n; i++) {
		if (i < NSTORIES) {
			if (!(rc = enroll(db, &ids[i], today, &stories[i], err))) {
				local.enrolled++;
				local.screenings += 4;
			}
		} else if (i == NSTORIES) {
			/*
			 * No same-day flag: its task's id comes from the core's random ids, and
			 * the same seed must give the same rows (test_careplan's fingerprint).
			 */
			continue;
		} else if (i - NSTORIES - 1 < SCREENED_MAX - NSTORIES - 1) {
			static const int weights[] = { 45, 30, 15, 10 }; /* minimal .. severe-ish */
			int band = cl_demo_rng_weighted(&r, weights, 4);
			int total = (int)cl_demo_rng_range(&r, band * 5, band * 5 + 4);
			bool gad = cl_demo_rng_percent(&r, 40);

			rc = screen(db, &ids[i], gad ? "gad-7" : "phq-9", today,
				    (int)cl_demo_rng_range(&r, 1, 330), total, gad ? -1 : 0, err);
			local.screenings++;
		}
	}
out:
	free(ids);
	if (stats)
		*stats = local;
	return rc;
}
