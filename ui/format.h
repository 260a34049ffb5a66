/* How the interface words and formats what it shows: names, counts, times, languages. */
#ifndef UI_FORMAT_H
#define UI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "patient.h"
#include "theme.h"

/* "Family, Given" (either part may be empty) into buf. */
void ui_format_name(const char *family, const char *given, char *buf, size_t size);

/* 1234567 as "1,234,567" into buf. */
void ui_format_count(long long n, char *buf, size_t size);

/*
 * A stored UTC time "YYYY-MM-DDTHH:MM:SS.mmmZ" as local "YYYY-MM-DD HH:MM" into buf;
 * text it cannot read is copied as it is.
 */
void ui_format_time(const char *utc, char *buf, size_t size);

/*
 * How long ago the stored UTC time utc was at now, in the largest unit that fits: "just
 * now", "5 min ago", "2 h ago", "3 days ago" into buf ("" when utc is not a time). A time
 * after now (another machine's clock) reads "just now".
 */
void ui_format_ago(const char *utc, time_t now, char *buf, size_t size);

/*
 * The next line of s word-wrapped to cols display columns into out (size bytes); returns
 * the bytes of s it took (the space at the break included), 0 at the end of s.
 */
size_t ui_format_wrap(const char *s, int cols, char *out, size_t size);

/*
 * A column of a list, and how it shares the width of the screen (ui_format_layout). Text
 * columns (names, tasks, partners) take the room a wide terminal gives, in proportion to
 * grow; identifiers (MRN, phone, date: keep) are never cut.
 */
struct ui_column {
	const char *title;
	int width;  /* display columns: a fixed column's width, a text column's least width */
	bool right; /* right-aligned */
	int grow;   /* a text column's share of the room left over; 0: a fixed column */
	int max;    /* a text column grows to at most this many columns; 0: no limit */
	bool keep;  /* an identifier: widened to its widest cell (need), never narrowed */
};

/*
 * Widths of n columns laid out in total display columns with gap spaces between them, into
 * widths. need (or NULL) holds each column's widest cell: a keep column is widened to it.
 * When the columns do not fit, text columns give up room first (down to a few columns),
 * then other fixed columns; keep columns never. Room left over goes to the text columns
 * by their grow shares, up to their max.
 */
void ui_format_layout(const struct ui_column *columns, const int *need, int n, int total, int gap,
		      int *widths);

/*
 * One line of n columns laid out in total display columns (ui_format_layout, without need:
 * a keep column's width must hold its cells) into buf: cell i sanitized, cut by display
 * width (with "…") and padded to its column, cells joined by gap spaces. cells NULL: the
 * column titles (the header line). For UTF-8 names printf's %-20s pads by bytes and may
 * cut a character in two: use this instead.
 */
void ui_format_columns(char *buf, size_t size, const struct ui_column *columns,
		       const char *const *cells, int n, int total, int gap);

/* text sanitized and cut to width display columns (with "…"), padded (or right-aligned). */
void ui_format_cell(char *buf, size_t size, const char *text, int width, bool right);

/* Most columns one list or line lays out. */
#define UI_COLUMNS_MAX 16

/*
 * The label-value lines of a record's details (a chart's demographics, a referral): labels
 * from column UI_LABEL_X, values from UI_VALUE_X (room for "Date of death" and a gap).
 */
#define UI_LABEL_X 3
#define UI_VALUE_X 18

/* The role a risk tier is drawn in. */
enum ui_role ui_risk_role(enum cl_risk risk);

/*
 * One cell of a bar eighths_total eighths of a row high at row level from the bottom: a
 * block character (▁ … █), " " above the bar; without UTF-8, "#" for half a row or more.
 * The Reports trend and the chart's score trends draw with it.
 */
const char *ui_format_bar_cell(bool utf8, int eighths_total, int level);

#endif
