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
