/* How the interface words and formats what it shows: names, counts, times, languages. */
#ifndef UI_FORMAT_H
#define UI_FORMAT_H

#include <stddef.h>

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
 * The next line of s word-wrapped to cols display columns into out (size bytes); returns
 * the bytes of s it took (the space at the break included), 0 at the end of s.
 */
size_t ui_format_wrap(const char *s, int cols, char *out, size_t size);

/*
 * One line of columns into buf: cell i sanitized, cut to widths[i] display columns (with
 * "…" when cut) and padded to it by display width, cells joined by gap spaces; a width of 0
 * takes the cell as it is (the last column). For UTF-8 names printf's %-20s pads by bytes
 * and may cut a character in two: use this instead.
 */
void ui_format_columns(char *buf, size_t size, const char *const *cells, const int *widths, int n,
		       int gap);

/* The role a risk tier is drawn in. */
enum ui_role ui_risk_role(enum cl_risk risk);

#endif
