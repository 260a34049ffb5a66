#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "text.h"

void ui_format_name(const char *family, const char *given, char *buf, size_t size)
{
	if (*family && *given)
		snprintf(buf, size, "%s, %s", family, given);
	else
		snprintf(buf, size, "%s%s", family, given);
}

void ui_format_count(long long n, char *buf, size_t size)
{
	char digits[32], out[48];
	int len, i, o = 0;

	len = snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
	if (n < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}

void ui_format_time(const char *utc, char *buf, size_t size)
{
	struct tm tm = { 0 }, local;
	time_t t;

	if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(buf, size, "%s", utc);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1 || !localtime_r(&t, &local) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M", &local))
		snprintf(buf, size, "%s", utc);
}

enum ui_role ui_risk_role(enum cl_risk risk)
{
	switch (risk) {
	case CL_RISK_HIGH:
		return UI_ROLE_RISK_HIGH;
	case CL_RISK_RISING:
		return UI_ROLE_RISK_RISING;
	default:
		return UI_ROLE_NORMAL;
	}
}

size_t ui_format_wrap(const char *s, int cols, char *out, size_t size)
{
	size_t n, cut;

	cl_text_fit(s, cols, 0, out, size);
	n = strlen(out);
	if (!s[n] || n == 0)
		return n;
	for (cut = n; cut > 0 && out[cut - 1] != ' '; cut--)
		;
	if (cut > 0)
		n = cut; /* break after the last space that fits */
	out[n] = '\0';
	return n;
}

void ui_format_columns(char *buf, size_t size, const char *const *cells, const int *widths, int n,
		       int gap)
{
	size_t len = 0;
	int i, pad;

	if (!size)
		return;
	buf[0] = '\0';
	for (i = 0; i < n && len + 1 < size; i++) {
		char clean[512], fitted[512];
		int used;

		cl_text_sanitize(cells[i] ? cells[i] : "", clean, sizeof(clean));
		if (widths[i] > 0) {
			used = cl_text_fit(clean, widths[i], 1, fitted, sizeof(fitted));
			pad = i + 1 < n ? widths[i] - used + gap : 0;
		} else {
			snprintf(fitted, sizeof(fitted), "%s", clean);
			pad = i + 1 < n ? gap : 0;
		}
		len += (size_t)snprintf(buf + len, size - len, "%s", fitted);
		while (pad-- > 0 && len + 1 < size)
			buf[len++] = ' ';
		if (len >= size)
			len = size - 1;
		buf[len] = '\0';
	}
}
