/*
 * Consent to care management (src/consent.h) and the minutes logged without it
 * (cl_contact_minutes). Today is 2026-03-15 (fixture_careplan.h).
 */
#include "config.h"

#include "fixture_careplan.h"
#include "testdb.h"

static void record_and_withdraw(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_consent c, latest;
	struct cl_patient p;
	bool found = true;

	fix_patient(db, "K1", "high", "", &p);
	assert_int_equal(cl_consent_latest(db, &p.id, &latest, &found, &err), CL_OK);
	assert_false(found);

	cl_consent_init(&c, &p.id);
	assert_string_equal(c.given_on, FIX_TODAY);
	assert_int_equal(cl_consent_field_set(&c, "given_on", "2026-03-16", &err), CL_EINVAL);
	assert_int_equal(cl_consent_field_set(&c, "method", "by telepathy", &err), CL_EINVAL);
	assert_int_equal(cl_consent_field_set(&c, "given_on", "2026-03-01", &err), CL_OK);
	assert_int_equal(cl_consent_field_set(&c, "method", "written", &err), CL_OK);
	assert_int_equal(cl_consent_record(db, &c, &err), CL_OK);
	assert_string_equal(c.recorded_by, cl_db_user(db));
	/* Twice while it stands: refused. */
	assert_int_equal(cl_consent_record(db, &c, &err), CL_EEXIST);

	assert_int_equal(cl_consent_latest(db, &p.id, &latest, &found, &err), CL_OK);
	assert_true(found);
	assert_int_equal(latest.method, CL_CONSENT_WRITTEN);
	assert_false(cl_consent_in_force(&latest, "2026-02-28"));
	assert_true(cl_consent_in_force(&latest, "2026-03-01"));

	/* Withdrawn: never in the future nor before it was given. */
	assert_int_equal(cl_consent_withdraw(db, &p.id, "2026-03-16", &err), CL_EINVAL);
	assert_string_equal(err.field, "withdrawn_on");
	assert_int_equal(cl_consent_withdraw(db, &p.id, "2026-02-28", &err), CL_EINVAL);
	assert_int_equal(cl_consent_withdraw(db, &p.id, "2026-03-10", &err), CL_OK);
	assert_int_equal(cl_consent_withdraw(db, &p.id, NULL, &err), CL_ENOTFOUND);
	assert_int_equal(cl_consent_latest(db, &p.id, &latest, &found, &err), CL_OK);
	assert_true(cl_consent_in_force(&latest, "2026-03-09"));
	assert_false(cl_consent_in_force(&latest, "2026-03-10"));

	/* Given again: not before the withdrawal. */
	cl_consent_init(&c, &p.id);
	assert_int_equal(cl_consent_field_set(&c, "given_on", "2026-03-09", &err), CL_OK);
	assert_int_equal(cl_consent_record(db, &c, &err), CL_EINVAL);
	assert_int_equal(cl_consent_field_set(&c, "given_on", "2026-03-12", &err), CL_OK);
	assert_int_equal(cl_consent_record(db, &c, &err), CL_OK);
	assert_int_equal(test_count(db, "SELECT count(*) FROM consent"), 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'consent'"), 3);
}

struct seen {
	long minutes, without;
	int rows;
};

static int minutes_row(const struct cl_minutes_row *r, void *arg)
{
	struct seen *s = arg;

	s->minutes += r->minutes;
	s->without += r->minutes_without_consent;
	s->rows++;
	return 0;
}

/* Minutes on days without consent in force are flagged: before it, after it is withdrawn. */
static void minutes_without_consent(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_consent c;
	struct cl_patient p, q;
	struct seen s = { 0 };

	fix_patient(db, "K2", "high", "", &p);
	fix_patient(db, "K3", "high", "", &q);
	fix_contact(db, &p, "2026-03-02 10:00", "reached", "10"); /* before consent */
	fix_contact(db, &p, "2026-03-05 10:00", "reached", "20"); /* on the day given */
	fix_contact(db, &p, "2026-03-09 23:59", "reached", "30"); /* the day before withdrawn */
	fix_contact(db, &p, "2026-03-10 08:00", "reached", "40"); /* withdrawn that day */
	fix_contact(db, &q, "2026-03-03 10:00", "reached", "5");  /* never consented */
	cl_consent_init(&c, &p.id);
	assert_int_equal(cl_consent_field_set(&c, "given_on", "2026-03-05", &err), CL_OK);
	assert_int_equal(cl_consent_record(db, &c, &err), CL_OK);
	assert_int_equal(cl_consent_withdraw(db, &p.id, "2026-03-10", &err), CL_OK);

	assert_int_equal(cl_contact_minutes(db, "2026-03", minutes_row, &s, NULL, &err), CL_OK);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.minutes, 105);
	assert_int_equal(s.without, 10 + 40 + 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(record_and_withdraw, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(minutes_without_consent, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
