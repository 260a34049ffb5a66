/*
 * The clinic's calendar: business days (Monday to Friday, the clinic's holidays skipped),
 * as transitional care counts them ("a contact within 2 business days of discharge"), and
 * the holidays themselves (`careloop config holidays`).
 */
#ifndef CL_CALENDAR_H
#define CL_CALENDAR_H

#include <stdbool.h>

#include "date.h"
#include "db.h"
#include "error.h"

/* Day of the week of a valid date: 0 Sunday, 1 Monday … 6 Saturday. */
int cl_date_weekday(const char *ymd);

/* Is date (valid) a business day: Monday to Friday and not one of the clinic's holidays? */
int cl_business_day(struct cl_db *db, const char *date, bool *yes, struct cl_error *err);

/*
 * The date n business days after date (n from 0 to 366): the n-th business day that
 * follows it, whatever day date itself is. n = 0 gives date. Discharged on a Friday, 2
 * business days after is the Tuesday (the Wednesday when that Monday is a holiday).
 * CL_EINVAL when date is not a valid date or n is out of range.
 */
int cl_business_days_add(struct cl_db *db, const char *date, int n, char out[CL_DATE_LEN],
			 struct cl_error *err);

/*
 * Business days from `from` to `to` (valid dates): the number of business days d with
 * from < d <= to; when to is before from, minus the number with to < d <= from. From a
 * Friday to the next Tuesday: 2 (Monday, Tuesday); from that Tuesday to the Friday: -2.
 * So "due in N business days" is cl_business_days_between(today, due), and a negative
 * result is how many business days have passed since the due date. CL_EINVAL on a date that is not valid.
 */
int cl_business_days_between(struct cl_db *db, const char *from, const char *to, long *days,
			     struct cl_error *err);

/* ---- holidays ---- */

struct cl_holiday {
	char date[CL_DATE_LEN];
	char name[101];
};

/*
 * Add a holiday (date as cl_date_parse takes it; name may be "" or NULL, at most 100
 * bytes), in one transaction with the due dates of the discharges it moves. CL_EEXIST when
 * the date is already a holiday.
 */
int cl_holiday_add(struct cl_db *db, const char *date, const char *name, struct cl_error *err);

/* Remove a holiday; CL_ENOTFOUND when the date is none. */
int cl_holiday_remove(struct cl_db *db, const char *date, struct cl_error *err);

/* The holidays from `from` on ("" or NULL: all), by date, at most max. */
int cl_holiday_list(struct cl_db *db, const char *from, struct cl_holiday *rows, int max, int *n,
		    struct cl_error *err);

#endif
