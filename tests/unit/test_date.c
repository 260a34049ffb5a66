#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

static void test_valid(void **state)
{
	static const char *const good[] = { "1900-01-01", "2000-02-29", "2024-02-29", "1999-12-31",
					    "9999-12-31", "1970-01-01", "2023-04-30" };
	static const char *const bad[] = {
		"1900-02-29", /* divisible by 100, not by 400: common year */
		"2100-02-29",  "2023-02-29",  "2023-04-31", "2023-13-01", "2023-00-10",
		"2023-01-00",  "1899-12-31", /* before 1900 */
		"2023-1-01",   "2023-01-1",   "23-01-01",   "2023/01/01", "2023-01-01 ",
		" 2023-01-01", "2023-01-01x", "abcd-ef-gh", "",		  "2023-0a-01",
		"+023-01-01",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(cl_date_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cl_date_valid(bad[i]))
			fail_msg("accepted %s", bad[i]);
	}
	assert_false(cl_date_valid(NULL));
}

static void test_parse(void **state)
{
	char out[CL_DATE_LEN];
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_date_parse("1950-03-07", out, &err), CL_OK);
	assert_string_equal(out, "1950-03-07");
	assert_int_equal(cl_date_parse("03/07/1950", out, &err), CL_OK);
	assert_string_equal(out, "1950-03-07");
	assert_int_equal(cl_date_parse("3/7/1950", out, &err), CL_OK);
	assert_string_equal(out, "1950-03-07");
	assert_int_equal(cl_date_parse("  2/29/2000 ", out, &err), CL_OK);
	assert_string_equal(out, "2000-02-29");

	assert_int_equal(cl_date_parse("2/29/1900", out, &err), CL_EINVAL);
	assert_non_null(strstr(err.message, "YYYY-MM-DD"));
	assert_int_equal(cl_date_parse("13/01/2000", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse("1/1/99", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse("1/1/1899", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse("001/1/2000", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse("1//2000", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse("1/1/2000/", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse("", out, &err), CL_EINVAL);
	assert_int_equal(cl_date_parse(NULL, out, NULL), CL_EINVAL);
	assert_int_equal(cl_date_parse("January 1, 2000", out, &err), CL_EINVAL);
}

static void test_days(void **state)
{
	char out[CL_DATE_LEN];

	(void)state;
	assert_int_equal(cl_date_days("1970-01-01"), 0);
	assert_int_equal(cl_date_days("1970-01-02"), 1);
	assert_int_equal(cl_date_days("1969-12-31"), -1);
	assert_int_equal(cl_date_days("2000-03-01"), 11017);
	assert_int_equal(cl_date_days("1900-01-01"), -25567);
	assert_int_equal(cl_date_days("2024-03-01") - cl_date_days("2024-02-28"), 2);
	assert_int_equal(cl_date_days("2023-03-01") - cl_date_days("2023-02-28"), 1);
	assert_int_equal(cl_date_days("2100-03-01") - cl_date_days("2100-02-28"), 1);
	assert_int_equal(cl_date_days("2001-01-01") - cl_date_days("2000-01-01"), 366);

	cl_date_add_days("2024-02-28", 1, out);
	assert_string_equal(out, "2024-02-29");
	cl_date_add_days("2023-02-28", 1, out);
	assert_string_equal(out, "2023-03-01");
	cl_date_add_days("2000-01-01", -1, out);
	assert_string_equal(out, "1999-12-31");
	cl_date_add_days("2024-01-31", 30, out);
	assert_string_equal(out, "2024-03-01");

	/* Round trip over every day from 1900 to 2100. */
	for (long d = cl_date_days("1900-01-01"); d <= cl_date_days("2100-12-31"); d++) {
		cl_date_add_days("1970-01-01", d, out);
		assert_true(cl_date_valid(out));
		assert_int_equal(cl_date_days(out), d);
	}
}

static void test_age(void **state)
{
	(void)state;
	assert_int_equal(cl_date_age("2000-06-15", "2020-06-14"), 19);
	assert_int_equal(cl_date_age("2000-06-15", "2020-06-15"), 20);
	assert_int_equal(cl_date_age("2000-06-15", "2020-06-16"), 20);
	assert_int_equal(cl_date_age("2000-06-15", "2000-06-15"), 0);
	assert_int_equal(cl_date_age("2000-06-15", "2000-06-14"), -1);
	/* Leap-day birthdays come of age on March 1 in common years. */
	assert_int_equal(cl_date_age("2000-02-29", "2018-02-28"), 17);
	assert_int_equal(cl_date_age("2000-02-29", "2018-03-01"), 18);
	assert_int_equal(cl_date_age("2000-02-29", "2020-02-29"), 20);
	assert_int_equal(cl_date_age("1900-01-01", "2000-12-31"), 100);
	assert_int_equal(cl_date_age("1999-12-31", "2000-01-01"), 0);
}

static void test_today(void **state)
{
	char out[CL_DATE_LEN];

	(void)state;
	setenv("CARELOOP_TODAY", "2031-07-04", 1);
	cl_date_today(out);
	assert_string_equal(out, "2031-07-04");
	setenv("CARELOOP_TODAY", "not a date", 1);
	cl_date_today(out);
	assert_true(cl_date_valid(out));
	assert_string_not_equal(out, "2031-07-04");
	unsetenv("CARELOOP_TODAY");
	cl_date_today(out);
	assert_true(cl_date_valid(out));
}

/* POSIX TZ strings, so the test needs no tzdata: Denver-like, Tokyo, UTC. */
static const char *const zones[] = { "MST7MDT,M3.2.0,M11.1.0", "JST-9", "UTC0" };

static void set_zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void test_local_date(void **state)
{
	char out[CL_DATE_LEN];

	(void)state;
	/* 20:00 in Denver is 03:00 UTC the next day: a person there did it on the 1st. */
	set_zone(zones[0]);
	cl_date_local("2026-12-02T03:00:00.000Z", out);
	assert_string_equal(out, "2026-12-01");
	cl_date_local("2026-07-02T05:59:59Z", out); /* daylight time: UTC-6 */
	assert_string_equal(out, "2026-07-01");
	cl_date_local("2026-07-02T06:00:00Z", out);
	assert_string_equal(out, "2026-07-02");
	/* 01:00 in Tokyo is 16:00 UTC the day before. */
	set_zone(zones[1]);
	cl_date_local("2026-12-01T16:00:00.000Z", out);
	assert_string_equal(out, "2026-12-02");
	set_zone(zones[2]);
	cl_date_local("2026-12-01T23:59:59.999Z", out);
	assert_string_equal(out, "2026-12-01");
	/* Not an instant: nothing. */
	cl_date_local("2026-12-01", out);
	assert_string_equal(out, "");
	cl_date_local("2026-13-01T00:00:00Z", out);
	assert_string_equal(out, "");
	cl_date_local(NULL, out);
	assert_string_equal(out, "");
	unsetenv("TZ");
	tzset();
}

/* Stored instants and "today" come from one clock: an instant stamped now is today. */
static void test_clock_agrees(void **state)
{
	char today[CL_DATE_LEN], stamp[40], day[CL_DATE_LEN];
	struct timespec ts;
	struct tm tm;

	(void)state;
	setenv("CARELOOP_TODAY", "2026-11-23", 1);
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		set_zone(zones[i]);
		cl_clock_now(&ts);
		assert_non_null(gmtime_r(&ts.tv_sec, &tm));
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
		cl_date_local(stamp, day);
		assert_string_equal(day, "2026-11-23");
		cl_date_today(today);
		assert_string_equal(today, "2026-11-23");
	}
	unsetenv("CARELOOP_TODAY");
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		set_zone(zones[i]);
		cl_clock_now(&ts);
		assert_non_null(gmtime_r(&ts.tv_sec, &tm));
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
		cl_date_local(stamp, day);
		cl_date_today(today);
		/* Unless midnight passed between the two calls. */
		if (strcmp(day, today) != 0) {
			char next[CL_DATE_LEN];

			cl_date_add_days(day, 1, next);
			assert_string_equal(next, today);
		}
	}
	unsetenv("TZ");
	tzset();
}

/* The date text gives as typed into a form on today (CARELOOP_TODAY), or "" when refused. */
static const char *typed(const char *text, enum cl_date_window window)
{
	static char out[CL_DATE_LEN];
	char today[CL_DATE_LEN];
	struct cl_error err = { 0 };

	cl_date_today(today);
	if (cl_date_parse_input(text, today, window, out, &err) != CL_OK) {
		assert_int_equal(err.code, CL_EINVAL);
		assert_non_null(strstr(err.message, "+7"));
		return "";
	}
	assert_true(cl_date_valid(out));
	return out;
}

static void test_parse_input(void **state)
{
	(void)state;
	setenv("CARELOOP_TODAY", "2027-01-31", 1);
	/* today, days, weeks, months (clamped to the month's end), years */
	assert_string_equal(typed("t", CL_DATE_NEAR), "2027-01-31");
	assert_string_equal(typed(" today ", CL_DATE_NEAR), "2027-01-31");
	assert_string_equal(typed("+7", CL_DATE_NEAR), "2027-02-07");
	assert_string_equal(typed("+7d", CL_DATE_NEAR), "2027-02-07");
	assert_string_equal(typed("-1", CL_DATE_NEAR), "2027-01-30");
	assert_string_equal(typed("+0", CL_DATE_NEAR), "2027-01-31");
	assert_string_equal(typed("+2w", CL_DATE_NEAR), "2027-02-14");
	assert_string_equal(typed("+1m", CL_DATE_NEAR), "2027-02-28");
	assert_string_equal(typed("-1m", CL_DATE_NEAR), "2026-12-31");
	assert_string_equal(typed("-13M", CL_DATE_NEAR), "2025-12-31");
	assert_string_equal(typed("+1y", CL_DATE_NEAR), "2028-01-31");
	assert_string_equal(typed("+400", CL_DATE_NEAR), "2028-03-06");
	/* what cl_date_parse takes */
	assert_string_equal(typed("1950-01-02", CL_DATE_PAST), "1950-01-02");
	assert_string_equal(typed("1/2/1950", CL_DATE_PAST), "1950-01-02");
	assert_string_equal(typed("12/31/2027", CL_DATE_NEAR), "2027-12-31");
	/* two-digit years: birth dates are never after today */
	assert_string_equal(typed("1/2/50", CL_DATE_PAST), "1950-01-02");
	assert_string_equal(typed("1/2/27", CL_DATE_PAST), "2027-01-02");
	assert_string_equal(typed("1/31/27", CL_DATE_PAST), "2027-01-31");
	assert_string_equal(typed("2/1/27", CL_DATE_PAST), "1927-02-01");
	assert_string_equal(typed("12/1/26", CL_DATE_PAST), "2026-12-01");
	assert_string_equal(typed("2/29/28", CL_DATE_PAST), "1928-02-29");
	assert_string_equal(typed("2/29/25", CL_DATE_PAST), "");
	/* … other dates: the nearest year, 49 back to 50 ahead */
	assert_string_equal(typed("3/4/77", CL_DATE_NEAR), "2077-03-04");
	assert_string_equal(typed("3/4/78", CL_DATE_NEAR), "1978-03-04");
	assert_string_equal(typed("3/4/28", CL_DATE_NEAR), "2028-03-04");
	assert_string_equal(typed("03/04/00", CL_DATE_NEAR), "2000-03-04");
	/* refused: the form keeps the text and says what it takes */
	static const char *const bad[] = { "",	      "x",	 "+",	    "+7x",   "7",
					   "++7",     "+7dd",	 "1/2",	    "1/2/3", "1/2/123",
					   "13/1/50", "2/30/50", "0/1/50",  "1//50", "+999999",
					   "t+1",     "-99999y", "1/2/1899" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (typed(bad[i], CL_DATE_NEAR)[0])
			fail_msg("accepted \"%s\"", bad[i]);
	/* the window of a field */
	assert_int_equal(cl_date_window_of("birth_date"), CL_DATE_PAST);
	assert_int_equal(cl_date_window_of("death_date"), CL_DATE_PAST);
	assert_int_equal(cl_date_window_of("due_date"), CL_DATE_NEAR);
	/* another today, late in a leap year */
	setenv("CARELOOP_TODAY", "2028-02-29", 1);
	assert_string_equal(typed("-1y", CL_DATE_NEAR), "2027-02-28");
	assert_string_equal(typed("2/29/28", CL_DATE_PAST), "2028-02-29");
	assert_string_equal(typed("3/1/28", CL_DATE_PAST), "1928-03-01");
	unsetenv("CARELOOP_TODAY");
}

/* A date from a file (an EHR's export) on an explicit today, or "" when refused. */
static const char *from_file(const char *text, const char *today, enum cl_date_window window)
{
	static char out[CL_DATE_LEN];
	struct cl_error err = { 0 };

	if (cl_date_parse_file(text, today, window, out, &err) != CL_OK) {
		assert_int_equal(err.code, CL_EINVAL);
		assert_non_null(strstr(err.message, "M/D/YY"));
		return "";
	}
	assert_true(cl_date_valid(out));
	return out;
}

static void test_parse_file(void **state)
{
	static const char today[] = "2026-12-07";

	(void)state;
	/* ISO, US with four digits, one or two digits for month and day */
	assert_string_equal(from_file("1950-03-07", today, CL_DATE_PAST), "1950-03-07");
	assert_string_equal(from_file("03/07/1950", today, CL_DATE_PAST), "1950-03-07");
	assert_string_equal(from_file(" 3/7/1950 ", today, CL_DATE_PAST), "1950-03-07");
	assert_string_equal(from_file("12/31/1999", today, CL_DATE_PAST), "1999-12-31");
	/* M/D/YY: a birth date is never after today, so the boundary is today itself */
	assert_string_equal(from_file("12/7/26", today, CL_DATE_PAST), "2026-12-07");
	assert_string_equal(from_file("12/8/26", today, CL_DATE_PAST), "1926-12-08");
	assert_string_equal(from_file("12/06/26", today, CL_DATE_PAST), "2026-12-06");
	assert_string_equal(from_file("1/1/27", today, CL_DATE_PAST), "1927-01-01");
	assert_string_equal(from_file("7/4/00", today, CL_DATE_PAST), "2000-07-04");
	assert_string_equal(from_file("7/4/99", today, CL_DATE_PAST), "1999-07-04");
	assert_string_equal(from_file("2/29/24", today, CL_DATE_PAST), "2024-02-29");
	assert_string_equal(from_file("2/29/28", today, CL_DATE_PAST), "1928-02-29");
	/* the same on the last day of a year */
	assert_string_equal(from_file("12/31/26", "2026-12-31", CL_DATE_PAST), "2026-12-31");
	assert_string_equal(from_file("1/1/27", "2026-12-31", CL_DATE_PAST), "1927-01-01");
	/* no relative forms, nothing but dates */
	static const char *const bad[] = { "",	       "t",	    "today",	"+7",
					   "-1m",      "1/2",	    "1/2/3",	"1/2/123",
					   "13/1/50",  "2/30/1950", "0/1/50",	"1950/3/7",
					   "3-7-1950", "1/2/1899",  "19500307", "2/29/27" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (from_file(bad[i], today, CL_DATE_PAST)[0])
			fail_msg("accepted \"%s\"", bad[i]);
	/* a bad today is refused, not guessed */
	assert_string_equal(from_file("3/7/50", "", CL_DATE_PAST), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),	     cmocka_unit_test(test_parse),
		cmocka_unit_test(test_days),	     cmocka_unit_test(test_age),
		cmocka_unit_test(test_today),	     cmocka_unit_test(test_local_date),
		cmocka_unit_test(test_clock_agrees), cmocka_unit_test(test_parse_input),
		cmocka_unit_test(test_parse_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
