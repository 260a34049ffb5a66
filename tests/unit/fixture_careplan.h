/* Fixtures shared by the care-plan tests (test_careplan, test_risk, test_worklist). */
#ifndef CL_FIXTURE_CAREPLAN_H
#define CL_FIXTURE_CAREPLAN_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"

/* Every test runs on "2026-03-15" (a Sunday; the month boundary tests use March). */
#define FIX_TODAY "2026-03-15"

static inline int fix_setup(void **state)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	setenv("CARELOOP_TODAY", FIX_TODAY, 1);
	setenv("TZ", "UTC", 1);
	if (cl_db_open(":memory:", 0, &db, &err))
		return -1;
	*state = db;
	return 0;
}

static inline int fix_teardown(void **state)
{
	cl_db_close(*state);
	return 0;
}

static inline void fix_exec(struct cl_db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static inline long long fix_int(struct cl_db *db, const char *sql, const struct cl_id *id)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (id)
		assert_int_equal(sqlite3_bind_blob(st, 1, id->bytes, CL_ID_LEN, SQLITE_TRANSIENT),
				 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A second care manager, "bwells", besides the OS user. */
static inline void fix_other_cm(struct cl_db *db)
{
	fix_exec(db, "INSERT INTO care_manager (id, login, display_name, created_at, updated_at,"
		     " updated_by) VALUES (x'00112233445566778899aabbccddeeff', 'bwells',"
		     " 'Bea Wells', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'x')");
}

/* A patient with MRN mrn and risk tier risk, assigned to login cm ("" = unassigned). */
static inline void fix_patient(struct cl_db *db, const char *mrn, const char *risk, const char *cm,
			       struct cl_patient *p)
{
	struct cl_error err = { 0 };

	cl_patient_init(p, db);
	if (cl_patient_field_set(p, "mrn", mrn, &err) ||
	    cl_patient_field_set(p, "given_name", "Ana", &err) ||
	    cl_patient_field_set(p, "family_name", "Test", &err) ||
	    cl_patient_field_set(p, "birth_date", "1950-03-07", &err) ||
	    cl_patient_field_set(p, "risk_tier", risk, &err) ||
	    cl_patient_field_set(p, "care_manager", cm, &err) || cl_patient_create(db, p, &err))
		fail_msg("patient: %s (%s)", err.message, err.field);
}

/* An open task due on due, assigned to login who, for p. */
static inline void fix_task(struct cl_db *db, const struct cl_patient *p, const char *title,
			    const char *due, const char *who, struct cl_task *t)
{
	struct cl_error err = { 0 };

	cl_task_init(t, db, &p->id);
	if (cl_task_field_set(t, "title", title, &err) ||
	    cl_task_field_set(t, "due_date", due, &err) ||
	    cl_task_field_set(t, "assignee", who, &err) || cl_task_create(db, t, &err))
		fail_msg("task: %s (%s)", err.message, err.field);
}

/* A contact with p at when ("YYYY-MM-DD HH:MM"), outcome, minutes. */
static inline void fix_contact(struct cl_db *db, const struct cl_patient *p, const char *when,
			       const char *outcome, const char *minutes)
{
	struct cl_error err = { 0 };
	struct cl_contact c;

	cl_contact_init(&c, &p->id);
	if (cl_contact_field_set(&c, "occurred_at", when, &err) ||
	    cl_contact_field_set(&c, "outcome", outcome, &err) ||
	    cl_contact_field_set(&c, "minutes", minutes, &err) ||
	    cl_contact_log(db, &c, NULL, 0, &err))
		fail_msg("contact: %s (%s)", err.message, err.field);
}

#endif
