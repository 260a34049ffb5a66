/* The demo clinic's chronic registry (see demo_chronic.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db_private.h"
#include "demo_chronic.h"
#include "demo_rng.h"

/* The kinds drawn, most common first, and how often (without repeats). */
static const char *const kinds[] = { "hypertension",  "diabetes", "depression", "copd",
				     "heart-failure", "asthma",	  "ckd" };
static const int weights[] = { 45, 28, 14, 6, 5, 6, 4 };
#define NKINDS ((int)(sizeof(kinds) / sizeof(kinds[0])))

static const char sql_condition[] =
	"INSERT OR IGNORE INTO condition (id, patient_id, kind, status, onset_date, created_at,"
	" updated_at,"
	" updated_by) VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?5, ?6)";
static const char sql_active[] =
	"SELECT count(*) FROM condition WHERE patient_id = ?1 AND status = 'active'";
static const char sql_result[] =
	"INSERT OR IGNORE INTO observation (id, patient_id, observed_on, loinc, value, source,"
	" created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, 'csv', ?6, ?7)";

static int step(struct cl_db *db, sqlite3_stmt *st, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	return rc;
}

static int result(struct cl_db *db, struct cl_demo_rng *r, const struct cl_id *patient,
		  const char *date, const char *loinc, double value, const char *now,
		  struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_result, err);
	struct cl_id id;
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	cl_demo_rng_id(r, &id);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, patient, err)) ||
	    (rc = cl_db_bind_text(st, 3, date, err)) || (rc = cl_db_bind_text(st, 4, loinc, err)))
		return rc;
	if (sqlite3_bind_double(st, 5, value) != SQLITE_OK) {
		sqlite3_reset(st);
		return cl_db_error(db, err);
	}
	if ((rc = cl_db_bind_text(st, 6, now, err)) ||
	    (rc = cl_db_bind_text(st, 7, cl_db_user(db), err)))
		return rc;
	return step(db, st, err);
}

/* A date `lo`..`hi` days before today. */
static void days_back(struct cl_demo_rng *r, const char *today, long lo, long hi,
		      char out[CL_DATE_LEN])
{
	cl_date_add_days(today, -cl_demo_rng_range(r, lo, hi), out);
}

static int readings(struct cl_db *db, struct cl_demo_rng *r, const struct cl_id *patient, bool bp,
		    const char *today, const char *now, struct cl_error *err)
{
	int shape = (int)cl_demo_rng_range(r, 0, 99), n, rc = CL_OK;
	char date[CL_DATE_LEN];
	/* 10 in 100 never measured, 10 only long ago (a year or more), the rest mostly in the
	 * last three months */
	long lo = shape < 20 ? 370 : 3, hi = shape < 20 ? 540 : shape < 40 ? 300 : 90;

	if (shape < 10)
		return CL_OK;
	n = (int)cl_demo_rng_range(r, 1, 3);
	for (int i = 0; i < n && !rc; i++) {
		bool controlled = cl_demo_rng_percent(r, bp ? 62 : 66);

		days_back(r, today, lo, hi, date);
		if (bp) {
			double sys = (double)(controlled ? cl_demo_rng_range(r, 112, 139)
							 : cl_demo_rng_range(r, 140, 178));
			double dia = (double)(controlled ? cl_demo_rng_range(r, 66, 89)
							 : cl_demo_rng_range(r, 82, 104));

			if ((rc = result(db, r, patient, date, "8480-6", sys, now, err)) == CL_OK)
				rc = result(db, r, patient, date, "8462-4", dia, now, err);
		} else {
			long tenths = controlled ? cl_demo_rng_range(r, 58, 90)
						 : cl_demo_rng_range(r, 91, 128);

			rc = result(db, r, patient, date, "4548-4", (double)tenths / 10, now, err);
		}
	}
	return rc;
}

int cl_demo_chronic_patient(struct cl_db *db, uint64_t seed, int64_t rowid,
			    const struct cl_id *patient, int count, const char *today,
			    const char *now, int *active, struct cl_error *err)
{
	struct cl_demo_rng r = { seed ^ 0x6368726f6e6963ULL ^
				 ((uint64_t)rowid * 0x9e3779b97f4a7c15ULL) };
	int w[NKINDS], rc = CL_OK;
	sqlite3_stmt *st;

	memcpy(w, weights, sizeof(w));
	if (count > NKINDS)
		count = NKINDS;
	for (int i = 0; i < count && !rc; i++) {
		int k = cl_demo_rng_weighted(&r, w, NKINDS);
		char onset[CL_DATE_LEN];
		struct cl_id id;

		w[k] = 0; /* once each */
		if (!(st = cl_db_stmt(db, sql_condition, err)))
			return err ? err->code : CL_EIO;
		cl_demo_rng_id(&r, &id);
		days_back(&r, today, 400, 6000, onset);
		if ((rc = cl_db_bind_id(st, 1, &id, err)) ||
		    (rc = cl_db_bind_id(st, 2, patient, err)) ||
		    (rc = cl_db_bind_text(st, 3, kinds[k], err)) ||
		    (rc = cl_db_bind_text(st, 4, onset, err)) ||
		    (rc = cl_db_bind_text(st, 5, now, err)) ||
		    (rc = cl_db_bind_text(st, 6, cl_db_user(db), err)) || (rc = step(db, st, err)))
			return rc;
		if (k == 0 || k == 1)
			rc = readings(db, &r, patient, k == 0, today, now, err);
	}
	/* The count the chart shows: the active conditions (a second run keeps the first's). */
	if (rc || !(st = cl_db_stmt(db, sql_active, err)))
		return rc ? rc : err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*active = sqlite3_column_int(st, 0);
	else
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
