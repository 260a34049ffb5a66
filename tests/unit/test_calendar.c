/* Business days and the clinic's holidays (src/calendar.c). */
#include "config.h"

#include "fixture_careplan.h"

static void add(struct cl_db *db, const char *date, int n, const char *want)
{
	struct cl_error err = { 0 };
	char out[CL_DATE_LEN];

	if (cl_business_days_add(db, date, n, out, &err))
		fail_msg("%s + %d: %s", date, n, err.message);
	if (strcmp(out, want) != 0)
		fail_msg("%s + %d business days: %s, expected %s", date, n, out, want);
}

static long between(struct cl_db *db, const char *from, const char *to)
{
	struct cl_error err = { 0 };
	long days = -999;

	if (cl_business_days_between(db, from, to, &days, &err))
		fail_msg("%s .. %s: %s", from, to, err.message);
	return days;
}

static void holiday(struct cl_db *db, const char *date)
{
	struct cl_error err = { 0 };

	if (cl_holiday_add(db, date, "closed", &err))
		fail_msg("holiday %s: %s", date, err.message);
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(cl_date_weekday("1970-01-01"), 4);
	assert_int_equal(cl_date_weekday("1969-12-31"), 3);
	assert_int_equal(cl_date_weekday("2000-02-29"), 2);
	assert_int_equal(cl_date_weekday("2026-11-20"), 5);
	assert_int_equal(cl_date_weekday("2026-11-22"), 0);
	assert_int_equal(cl_date_weekday("2026-11-21"), 6);
}

static void friday_discharge(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	char out[CL_DATE_LEN];
	bool yes;

	/* Friday: Monday is the first business day, Tuesday the second. */
	add(db, "2026-11-20", 1, "2026-11-23");
	add(db, "2026-11-20", 2, "2026-11-24");
	/* Saturday and Sunday count from Monday too. */
	add(db, "2026-11-21", 2, "2026-11-24");
	add(db, "2026-11-22", 2, "2026-11-24");
	add(db, "2026-11-23", 2, "2026-11-25");
	add(db, "2026-11-20", 0, "2026-11-20");
	add(db, "2026-11-20", 5, "2026-11-27");
	assert_int_equal(cl_business_day(db, "2026-11-21", &yes, &err), CL_OK);
	assert_false(yes);
	assert_int_equal(cl_business_day(db, "2026-11-20", &yes, &err), CL_OK);
	assert_true(yes);
	assert_int_equal(cl_business_days_add(db, "2026-11-31", 2, out, &err), CL_EINVAL);
	assert_int_equal(cl_business_days_add(db, "2026-11-20", -1, out, &err), CL_EINVAL);
	assert_int_equal(cl_business_days_add(db, "2026-11-20", 367, out, &err), CL_EINVAL);
}

static void holidays_skipped(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_holiday rows[4];
	bool yes;
	int n;

	holiday(db, "2026-11-26"); /* Thanksgiving, a Thursday */
	holiday(db, "11/27/2026");
	holiday(db, "2026-11-23"); /* a Monday */
	add(db, "2026-11-20", 2, "2026-11-25");
	/* Wednesday before Thanksgiving: Thursday and Friday closed, then the weekend. */
	add(db, "2026-11-25", 1, "2026-11-30");
	add(db, "2026-11-25", 2, "2026-12-01");
	assert_int_equal(cl_business_day(db, "2026-11-26", &yes, &err), CL_OK);
	assert_false(yes);
	assert_int_equal(between(db, "2026-11-20", "2026-11-24"), 1);
	assert_int_equal(between(db, "2026-11-24", "2026-11-20"), -1);
	assert_int_equal(between(db, "2026-11-25", "2026-11-30"), 1);

	assert_int_equal(cl_holiday_list(db, NULL, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].date, "2026-11-23");
	assert_string_equal(rows[2].date, "2026-11-27");
	assert_string_equal(rows[2].name, "closed");
	assert_int_equal(cl_holiday_list(db, "2026-11-24", rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(cl_holiday_add(db, "2026-11-26", "", &err), CL_EEXIST);
	assert_int_equal(cl_holiday_add(db, "2026-11-31", "", &err), CL_EINVAL);
	assert_string_equal(err.field, "date");
	assert_int_equal(cl_holiday_remove(db, "2026-11-23", &err), CL_OK);
	assert_int_equal(cl_holiday_remove(db, "2026-11-23", &err), CL_ENOTFOUND);
	add(db, "2026-11-20", 2, "2026-11-24");
}

static void year_end(void **state)
{
	struct cl_db *db = *state;

	/* Thursday 31 December, New Year's Day a holiday: Monday 4, Tuesday 5 January. */
	holiday(db, "2027-01-01");
	add(db, "2026-12-31", 1, "2027-01-04");
	add(db, "2026-12-31", 2, "2027-01-05");
	assert_int_equal(between(db, "2026-12-30", "2027-01-05"), 3);
	/* Across a leap day. */
	add(db, "2028-02-28", 2, "2028-03-01");
	/* A whole year: 2026 has 261 weekdays, one of them (Thursday 1 January) the start. */
	assert_int_equal(between(db, "2026-01-01", "2026-12-31"), 260);
	assert_int_equal(between(db, "2025-12-31", "2026-12-31"), 261);
}

static void between_counts(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	long days;

	assert_int_equal(between(db, "2026-11-20", "2026-11-24"), 2);
	assert_int_equal(between(db, "2026-11-24", "2026-11-20"), -2);
	assert_int_equal(between(db, "2026-11-20", "2026-11-20"), 0);
	assert_int_equal(between(db, "2026-11-20", "2026-11-22"), 0);
	assert_int_equal(between(db, "2026-11-20", "2026-11-23"), 1);
	/* Against day-by-day counting over many starting days and spans. */
	for (int start = 0; start < 14; start++) {
		char from[CL_DATE_LEN], to[CL_DATE_LEN], d[CL_DATE_LEN];

		cl_date_add_days("2026-11-16", start, from);
		for (int span = 0; span < 30; span++) {
			long want = 0;

			cl_date_add_days(from, span, to);
			for (int k = 1; k <= span; k++) {
				int wd;

				cl_date_add_days(from, k, d);
				wd = cl_date_weekday(d);
				want += wd != 0 && wd != 6;
			}
			assert_int_equal(between(db, from, to), want);
			assert_int_equal(between(db, to, from), -want);
		}
	}
	assert_int_equal(cl_business_days_between(db, "2026-02-30", "2026-03-01", &days, &err),
			 CL_EINVAL);
}

/* A discharge's contact due date moves when a holiday lands in its two days. */
static void holiday_moves_due_date(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_clinical_event e, list[2];
	struct cl_patient p;
	int n;

	fix_patient(db, "H1", "low", "", &p);
	cl_event_init(&e, &p.id);
	e.kind = CL_EVENT_DISCHARGE;
	snprintf(e.event_date, sizeof(e.event_date), "2026-03-13"); /* a Friday */
	assert_int_equal(cl_event_add(db, &e, &err), CL_OK);
	assert_string_equal(e.contact_due, "2026-03-17");
	holiday(db, "2026-03-16");
	assert_int_equal(cl_event_list(db, &p.id, list, 2, &n, &err), CL_OK);
	assert_string_equal(list[0].contact_due, "2026-03-18");
	assert_string_equal(list[0].followup_due, "2026-03-18");
	assert_int_equal(cl_holiday_remove(db, "2026-03-16", &err), CL_OK);
	assert_int_equal(cl_event_list(db, &p.id, list, 2, &n, &err), CL_OK);
	assert_string_equal(list[0].contact_due, "2026-03-17");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weekdays),
		cmocka_unit_test_setup_teardown(friday_discharge, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(holidays_skipped, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(year_end, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(between_counts, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(holiday_moves_due_date, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
