/* Calendar dates as "YYYY-MM-DD" strings: validation, parsing, arithmetic, age. */
#ifndef CL_DATE_H
#define CL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

#define CL_DATE_LEN 11 /* "YYYY-MM-DD" and the NUL */

/* True when ymd is exactly YYYY-MM-DD and a real calendar date (1900-01-01 .. 9999-12-31). */
bool cl_date_valid(const char *ymd);

/*
 * Parse what a person types: YYYY-MM-DD, or MM/DD/YYYY as US clinics write it. Writes the
 * normalized form to out. CL_EINVAL with a message that says the expected form.
 */
int cl_date_parse(const char *text, char out[CL_DATE_LEN], struct cl_error *err);

/*
 * The one clock of the program: every stored instant and every "today" comes from here, so
 * that they always agree. $CARELOOP_TODAY (YYYY-MM-DD, for tests and demos) moves the clock to
 * that local date at the real local time of day, so that a task done "now" is done on
 * "today" in any time zone, and instants still advance within the day.
 */
void cl_clock_now(struct timespec *ts);

/*
 * How a two-digit year finds its century. CL_DATE_PAST (dates that have happened: birth,
 * death): the latest year that puts the date on or before today (in 2026, 1/2/26 is
 * 2026-01-02 and 12/1/26 is 1926-12-01). CL_DATE_NEAR (every other date): the year nearest
 * today, from 49 years before to 50 after (in 2026: 77 is 1977, 76 is 2076).
 */
enum cl_date_window { CL_DATE_NEAR, CL_DATE_PAST };

/* The window of a field by its key: CL_DATE_PAST for birth and death dates. */
enum cl_date_window cl_date_window_of(const char *key);

/*
 * Parse a date as a person types it into a form, given today (YYYY-MM-DD): what
 * cl_date_parse takes, and "t" or "today"; "+N" or "-N" days from today, or with a unit
 * d, w, m, y ("+2w", "-1m": a month back, on the month's last day when the day is not in
 * it); M/D/YY with the century by window. Writes YYYY-MM-DD to out, or CL_EINVAL with a
 * message naming the forms it takes.
 */
int cl_date_parse_input(const char *text, const char *today, enum cl_date_window window,
			char out[CL_DATE_LEN], struct cl_error *err);

/*
 * Parse a date in a file from another system (an EHR's export, a CSV import), given today
 * (YYYY-MM-DD): YYYY-MM-DD, MM/DD/YYYY or M/D/YYYY, or M/D/YY with the century by window
 * (for birth dates CL_DATE_PAST: a two-digit year that would put the date after today is
 * in the previous century). No relative forms ("t", "+7"). Writes YYYY-MM-DD to out, or
 * CL_EINVAL with a message naming the forms it takes (never the text).
 */
int cl_date_parse_file(const char *text, const char *today, enum cl_date_window window,
		       char out[CL_DATE_LEN], struct cl_error *err);

/* Today's local date (of cl_clock_now). */
void cl_date_today(char out[CL_DATE_LEN]);

/*
 * The clinic's local date of a stored UTC instant "YYYY-MM-DDTHH:MM:SS[.fff]Z": what a person
 * reads as the day something happened. Writes "" when utc is not such an instant.
 */
void cl_date_local(const char *utc, char out[CL_DATE_LEN]);

/* Days since 1970-01-01 of a valid date (civil calendar, no time zones). */
long cl_date_days(const char *ymd);

/* The date `days` after ymd (negative goes back). */
void cl_date_add_days(const char *ymd, long days, char out[CL_DATE_LEN]);

/* Whole years from birth to today (both valid dates); -1 if birth is after today. */
int cl_date_age(const char *birth, const char *today);

#endif
