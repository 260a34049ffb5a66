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

void ui_format_ago(const char *utc, time_t now, char *buf, size_t size)
{
	struct tm tm = { 0 };
	long long ago;
	time_t t;

	if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(buf, size, "%s", "");
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((t = timegm(&tm)) == (time_t)-1) {
		snprintf(buf, size, "%s", "");
		return;
	}
	ago = (long long)now - (long long)t;
	if (ago < 60)
		snprintf(buf, size, "just now");
	else if (ago < 3600)
		snprintf(buf, size, "%lld min ago", ago / 60);
	else if (ago < 48 * 3600)
		snprintf(buf, size, "%lld h ago", ago / 3600);
	else
		snprintf(buf, size, "%lld days ago", ago / 86400);
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

#define TEXT_FLOOR 4 /* a text column is narrowed to no fewer columns than this */

/* Take up to excess columns from the columns that kind selects, widest first. */
static int shrink(const struct ui_column *columns, int n, int *widths, int excess, bool text)
{
	while (excess > 0) {
		int widest = -1, floor, i;

		for (i = 0; i < n; i++) {
			if (columns[i].keep || (columns[i].grow > 0) != text)
				continue;
			floor = text ? (columns[i].width < TEXT_FLOOR ? columns[i].width
								      : TEXT_FLOOR)
				     : 1;
			if (widths[i] > floor && (widest < 0 || widths[i] > widths[widest]))
				widest = i;
		}
		if (widest < 0)
			break;
		widths[widest]--;
		excess--;
	}
	return excess;
}

/* Share room among the text columns by their grow, up to their max; returns what is left. */
static int grow(const struct ui_column *columns, int n, int *widths, int room)
{
	while (room > 0) {
		int shares = 0, given = 0, i;

		for (i = 0; i < n; i++)
			if (columns[i].grow > 0 && (!columns[i].max || widths[i] < columns[i].max))
				shares += columns[i].grow;
		if (!shares)
			break;
		for (i = 0; i < n && given < room; i++) {
			int add;

			if (columns[i].grow <= 0 || (columns[i].max && widths[i] >= columns[i].max))
				continue;
			add = room * columns[i].grow / shares;
			if (add < 1)
				add = 1; /* the remainder, a column each in order */
			if (columns[i].max && widths[i] + add > columns[i].max)
				add = columns[i].max - widths[i];
			if (add > room - given)
				add = room - given;
			widths[i] += add;
			given += add;
		}
		room -= given;
		if (!given)
			break;
	}
	return room;
}

void ui_format_layout(const struct ui_column *columns, const int *need, int n, int total, int gap,
		      int *widths)
{
	int used = 0, i;

	for (i = 0; i < n; i++) {
		widths[i] = columns[i].width;
		if (columns[i].keep && need && need[i] > widths[i])
			widths[i] = need[i];
		used += widths[i] + (i ? gap : 0);
	}
	if (used > total)
		shrink(columns, n, widths, shrink(columns, n, widths, used - total, true), false);
	else if (used < total)
		grow(columns, n, widths, total - used);
}

void ui_format_cell(char *buf, size_t size, const char *text, int width, bool right)
{
	char clean[512], fitted[512];
	int used, pad;

	if (!size)
		return;
	cl_text_sanitize(text ? text : "", clean, sizeof(clean));
	used = cl_text_fit(clean, width, 1, fitted, sizeof(fitted));
	pad = width > used ? width - used : 0;
	if (right)
		snprintf(buf, size, "%*s%s", pad, "", fitted);
	else
		snprintf(buf, size, "%s%*s", fitted, pad, "");
}

void ui_format_columns(char *buf, size_t size, const struct ui_column *columns,
		       const char *const *cells, int n, int total, int gap)
{
	int widths[UI_COLUMNS_MAX], i;
	size_t len = 0;

	if (!size)
		return;
	buf[0] = '\0';
	if (n > UI_COLUMNS_MAX)
		n = UI_COLUMNS_MAX;
	ui_format_layout(columns, NULL, n, total, gap, widths);
	for (i = 0; i < n && len + 1 < size; i++) {
		const char *text = cells ? cells[i] : columns[i].title;

		if (i)
			len += (size_t)snprintf(buf + len, size - len, "%*s", gap, "");
		if (len + 1 >= size)
			break;
		/* the last column is not padded: a line has no trailing blanks */
		ui_format_cell(buf + len, size - len, text, widths[i],
			       columns[i].right || i + 1 < n ? columns[i].right : false);
		if (i + 1 == n && !columns[i].right) {
			size_t end = strlen(buf);

			while (end > len && buf[end - 1] == ' ')
				end--;
			buf[end] = '\0';
		}
		len = strlen(buf);
	}
}

const char *ui_format_bar_cell(bool utf8, int eighths_total, int level)
{
	static const char *const blocks[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	int in_row = eighths_total - level * 8;

	if (in_row <= 0)
		return " ";
	if (!utf8)
		return in_row >= 4 ? "#" : " ";
	return blocks[in_row >= 8 ? 8 : in_row];
}
