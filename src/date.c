#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The value of n decimal digits at s, or -1 when any is not a digit. */
static long digits(const char *s, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool ymd_ok(long y, long m, long d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, (int)m);
}

/* Split a valid "YYYY-MM-DD" into numbers. */
static void ymd_split(const char *ymd, long *y, int *m, int *d)
{
	*y = digits(ymd, 4);
	*m = (int)digits(ymd + 5, 2);
	*d = (int)digits(ymd + 8, 2);
}

/* Years outside 0..9999 (far past the valid range) are clamped to keep the form. */
static void ymd_format(long y, int m, int d, char out[CL_DATE_LEN])
{
	unsigned yy = (unsigned)(y < 0 ? 0 : y > 9999 ? 9999 : y) % 10000;

	snprintf(out, CL_DATE_LEN, "%04u-%02u-%02u", yy, (unsigned)m % 100, (unsigned)d % 100);
}

bool cl_date_valid(const char *ymd)
{
	if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
		return false;
	return ymd_ok(digits(ymd, 4), digits(ymd + 5, 2), digits(ymd + 8, 2));
}

/*
 * MM/DD/YYYY with one- or two-digit month and day ("3/7/1950"), as US clinics write it.
 * Returns false when text is not of that form.
 */
static bool parse_us(const char *text, long *y, long *m, long *d)
{
	const char *s = text;
	long part[3];

	for (int i = 0; i < 3; i++) {
		int n = 0;

		while (is_digit(s[n]))
			n++;
		if (n == 0 || (i < 2 && n > 2) || (i == 2 && n != 4))
			return false;
		part[i] = digits(s, n);
		s += n;
		if (i < 2 && *s++ != '/')
			return false;
	}
	if (*s)
		return false;
	*m = part[0];
	*d = part[1];
	*y = part[2];
	return true;
}

int cl_date_parse(const char *text, char out[CL_DATE_LEN], struct cl_error *err)
{
	char buf[32];
	size_t len;
	const char *s;
	long y, m, d;

	if (!text)
		text = "";
	while (*text == ' ' || *text == '\t')
		text++;
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len >= sizeof(buf))
		goto bad;
	memcpy(buf, text, len);
	buf[len] = '\0';
	s = buf;

	if (cl_date_valid(s)) {
		memcpy(out, s, CL_DATE_LEN);
		return CL_OK;
	}
	if (parse_us(s, &y, &m, &d) && ymd_ok(y, m, d)) {
		ymd_format(y, (int)m, (int)d, out);
		return CL_OK;
	}
bad:
	return cl_error_set(err, CL_EINVAL,
			    "expected a date as YYYY-MM-DD or MM/DD/YYYY (from 1900 on)");
}

void cl_clock_now(struct timespec *ts)
{
	const char *env = getenv("CARELOOP_TODAY");
	struct tm real, fake;
	time_t moved;

	/* The last second moved: localtime_r and mktime read the zone file each call. */
	static _Thread_local time_t last_real = (time_t)-1, last_moved;
	static _Thread_local char last_env[CL_DATE_LEN], last_tz[128];
	const char *tz = getenv("TZ");

	clock_gettime(CLOCK_REALTIME, ts);
	if (!env || !cl_date_valid(env))
		return;
	if (!tz)
		tz = "";
	if (ts->tv_sec == last_real && strcmp(env, last_env) == 0 && strcmp(tz, last_tz) == 0) {
		ts->tv_sec = last_moved;
		return;
	}
	if (!localtime_r(&ts->tv_sec, &real))
		return;
	/* The same wall-clock time on the given local date; mktime settles daylight saving. */
	fake = real;
	fake.tm_year = (int)digits(env, 4) - 1900;
	fake.tm_mon = (int)digits(env + 5, 2) - 1;
	fake.tm_mday = (int)digits(env + 8, 2);
	fake.tm_isdst = -1;
	moved = mktime(&fake);
	if (moved == (time_t)-1)
		return;
	/* A zone too long to keep is never matched again: the next call works it out. */
	last_real = strlen(tz) < sizeof(last_tz) ? ts->tv_sec : (time_t)-1;
	last_moved = moved;
	snprintf(last_tz, sizeof(last_tz), "%s", tz);
	snprintf(last_env, sizeof(last_env), "%s", env);
	ts->tv_sec = moved;
}

enum cl_date_window cl_date_window_of(const char *key)
{
	return key && (strstr(key, "birth") || strstr(key, "death")) ? CL_DATE_PAST : CL_DATE_NEAR;
}

/* M/D/YY: the two-digit year yy of a valid month and day, placed by window around today. */
static bool century(long yy, long m, long d, const char *today, enum cl_date_window window, long *y)
{
	long ty = digits(today, 4), base = ty - ty % 100;
	char ymd[CL_DATE_LEN];

	*y = base + yy;
	if (window == CL_DATE_PAST) {
		if (!ymd_ok(*y, m, d)) /* 02/29 of a common year this century: try the last */
			*y -= 100;
		else {
			ymd_format(*y, (int)m, (int)d, ymd);
			if (strcmp(ymd, today) > 0)
				*y -= 100;
		}
	} else if (*y > ty + 50) {
		*y -= 100;
	} else if (*y <= ty - 50) {
		*y += 100;
	}
	return ymd_ok(*y, m, d);
}

/*
 * The date months after ymd (negative goes back), on the month's last day when ymd's day is
 * past it (2027-01-31 + 1 month is 2027-02-28). (cl_date_add_months in screening.h is the
 * rescreening rule's own.)
 */
static void add_months(const char *ymd, long months, char out[CL_DATE_LEN])
{
	long y, total;
	int m, d, last;

	ymd_split(ymd, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = (int)(total % 12) + 1;
	last = days_in_month(y, m);
	ymd_format(y, m, d > last ? last : d, out);
}

/* "t", "today", "+7", "-1m", "+2w", "+1y": a date relative to today, or false. */
static bool parse_relative(const char *s, const char *today, char out[CL_DATE_LEN])
{
	long n = 0, sign;
	int len = 0;

	if (strcmp(s, "t") == 0 || strcmp(s, "T") == 0 || strcmp(s, "today") == 0) {
		memcpy(out, today, CL_DATE_LEN);
		return true;
	}
	if (*s != '+' && *s != '-')
		return false;
	sign = *s++ == '-' ? -1 : 1;
	while (is_digit(s[len]) && len < 5)
		n = n * 10 + (s[len++] - '0');
	if (len == 0 || is_digit(s[len]))
		return false;
	s += len;
	if (s[0] && s[1])
		return false;
	switch (*s) {
	case '\0':
	case 'd':
	case 'D':
		cl_date_add_days(today, sign * n, out);
		break;
	case 'w':
	case 'W':
		cl_date_add_days(today, sign * n * 7, out);
		break;
	case 'm':
	case 'M':
		add_months(today, sign * n, out);
		break;
	case 'y':
	case 'Y':
		add_months(today, sign * n * 12, out);
		break;
	default:
		return false;
	}
	return cl_date_valid(out);
}

/* Text trimmed of spaces and tabs into buf; false when it does not fit. */
static bool trim_into(const char *text, char *buf, size_t size)
{
	size_t len;

	if (!text)
		text = "";
	while (*text == ' ' || *text == '\t')
		text++;
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

/* M/D/YY (one or two digits each) with the century by window around today, or false. */
static bool parse_short_us(const char *buf, const char *today, enum cl_date_window window,
			   char out[CL_DATE_LEN])
{
	int n[3] = { 0 }, i;
	long y, m, d;
	const char *s;

	for (i = 0, s = buf; i < 3; i++) {
		while (is_digit(s[n[i]]))
			n[i]++;
		if (n[i] < 1 || n[i] > 2 || (i < 2 && s[n[i]] != '/'))
			return false;
		s += n[i] + (i < 2);
	}
	if (*s || n[2] != 2)
		return false;
	m = digits(buf, n[0]);
	d = digits(buf + n[0] + 1, n[1]);
	y = digits(buf + n[0] + n[1] + 2, 2);
	if (m < 1 || m > 12 || d < 1 || d > 31 || !century(y, m, d, today, window, &y))
		return false;
	ymd_format(y, (int)m, (int)d, out);
	return true;
}

int cl_date_parse_input(const char *text, const char *today, enum cl_date_window window,
			char out[CL_DATE_LEN], struct cl_error *err)
{
	char buf[32];

	if (!trim_into(text, buf, sizeof(buf)) || !cl_date_valid(today))
		goto bad;
	if (parse_relative(buf, today, out))
		return CL_OK;
	if (cl_date_parse(buf, out, NULL) == CL_OK)
		return CL_OK;
	if (parse_short_us(buf, today, window, out))
		return CL_OK;
bad:
	return cl_error_set(err, CL_EINVAL,
			    "not a valid date (type YYYY-MM-DD, M/D/YYYY, t for today, +7, -1m)");
}

int cl_date_parse_file(const char *text, const char *today, enum cl_date_window window,
		       char out[CL_DATE_LEN], struct cl_error *err)
{
	char buf[32];

	if (trim_into(text, buf, sizeof(buf)) && cl_date_valid(today) &&
	    (cl_date_parse(buf, out, NULL) == CL_OK || parse_short_us(buf, today, window, out)))
		return CL_OK;
	return cl_error_set(
		err, CL_EINVAL,
		"not a date (YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY or M/D/YY, from 1900 on)");
}

void cl_date_today(char out[CL_DATE_LEN])
{
	const char *env = getenv("CARELOOP_TODAY");
	struct timespec ts;
	struct tm tm;

	if (env && cl_date_valid(env)) {
		memcpy(out, env, CL_DATE_LEN);
		return;
	}
	cl_clock_now(&ts);
	if (!localtime_r(&ts.tv_sec, &tm)) {
		snprintf(out, CL_DATE_LEN, "1970-01-01");
		return;
	}
	ymd_format(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday, out);
}

/*
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil): eras of 400 years, March-based years so that the leap day is last.
 */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse: the civil date of day z since 1970-01-01 (civil_from_days). */
static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

long cl_date_days(const char *ymd)
{
	long y;
	int m, d;

	ymd_split(ymd, &y, &m, &d);
	return days_from_civil(y, m, d);
}

void cl_date_add_days(const char *ymd, long days, char out[CL_DATE_LEN])
{
	long y;
	int m, d;

	civil_from_days(cl_date_days(ymd) + days, &y, &m, &d);
	ymd_format(y, m, d, out);
}

/*
 * A birthday on 02-29 is counted as reached on 03-01 in common years (the usual legal
 * reading), which falls out of comparing (month, day) pairs.
 */
int cl_date_age(const char *birth, const char *today)
{
	long by, ty;
	int bm, bd, tm, td, age;

	if (strcmp(birth, today) > 0)
		return -1;
	ymd_split(birth, &by, &bm, &bd);
	ymd_split(today, &ty, &tm, &td);
	age = (int)(ty - by);
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return age;
}

void cl_date_local(const char *utc, char out[CL_DATE_LEN])
{
	char ymd[CL_DATE_LEN];
	long h, m, sec;
	time_t t;
	struct tm tm;

	out[0] = '\0';
	if (!utc || strlen(utc) < 19 || utc[10] != 'T' || utc[13] != ':' || utc[16] != ':')
		return;
	memcpy(ymd, utc, 10);
	ymd[10] = '\0';
	h = digits(utc + 11, 2);
	m = digits(utc + 14, 2);
	sec = digits(utc + 17, 2);
	if (!cl_date_valid(ymd) || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return;
	t = (time_t)cl_date_days(ymd) * 86400 + h * 3600 + m * 60 + sec;
	if (!localtime_r(&t, &tm))
		return;
	ymd_format(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday, out);
}
