/*
 * Text from the database on its way to a terminal: made inert (no control characters or
 * escape sequences can reach the terminal) and measured in display columns (UTF-8,
 * East Asian wide characters, combining marks). Needs an UTF-8 LC_CTYPE for widths.
 */
#ifndef CL_TEXT_H
#define CL_TEXT_H

#include <stddef.h>

/*
 * Copy src into dst (size bytes, always NUL-terminated when size > 0), replacing C0 and C1
 * control characters, DEL, invalid UTF-8 and Unicode bidi controls with U+FFFD, so that
 * the result is safe to draw. Never splits a UTF-8 sequence. Returns the bytes written.
 */
size_t cl_text_sanitize(const char *src, char *dst, size_t size);

/* Display width in terminal columns of a sanitized UTF-8 string. */
int cl_text_width(const char *s);

/*
 * Copy the longest prefix of s that fits in cols display columns into dst (size bytes),
 * never splitting a character; with ellipsis, a cut string ends in "…" within cols.
 * Returns the width of what was copied.
 */
int cl_text_fit(const char *s, int cols, int ellipsis, char *dst, size_t size);

/* Trim leading and trailing ASCII white space in place; returns s. */
char *cl_text_trim(char *s);

#endif
