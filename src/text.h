/*
 * Text from the database on its way to a terminal: made inert (no control characters or
 * escape sequences can reach the terminal) and measured in display columns (UTF-8,
 * East Asian wide characters, combining marks). Needs an UTF-8 LC_CTYPE for widths.
 */
#ifndef CL_TEXT_H
#define CL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Copy src into dst (size bytes, always NUL-terminated when size > 0), replacing C0 and C1
 * control characters, DEL, invalid UTF-8 and Unicode bidi controls with U+FFFD, so that
 * the result is safe to draw. Never splits a UTF-8 sequence. Returns the bytes written.
 */
size_t cl_text_sanitize(const char *src, char *dst, size_t size);

/* Where sanitized text goes: each has its own inert form of the same unsafe characters. */
enum cl_text_sink {
	CL_TEXT_TERMINAL,  /* a terminal or stderr: as cl_text_sanitize */
	CL_TEXT_CSV,	   /* a CSV cell a person may open in a spreadsheet: as the terminal,
			     and a cell starting with = + - @ TAB or CR (a formula to Excel and
			     LibreOffice) gets a leading ' (OWASP "CSV injection"); a plain
			     number such as -12 is left alone. Quoting is the caller's. */
	CL_TEXT_CSV_LINES, /* as CSV, but a multiline field's own newlines and tabs are kept
			      (an export: the writer quotes the cell) */
	CL_TEXT_JSON,	   /* the inside of a JSON string (RFC 8259): " and \ escaped, C0, DEL,
			     C1 and U+2028/9 as \uXXXX, bidi controls and invalid UTF-8 as
			     U+FFFD. */
};

/* Bytes that cl_text_encode may need for src (NUL included): the worst case. */
size_t cl_text_encoded_size(const char *src);

/*
 * The one sanitizer for every byte from the database or an input file that leaves the
 * program: copy src (NULL: "") into dst (size bytes, always NUL-terminated when size > 0) in
 * the inert form for sink. Never splits a character or an escape. Returns the bytes written.
 */
size_t cl_text_encode(const char *src, enum cl_text_sink sink, char *dst, size_t size);

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

/*
 * text's ASCII letters and digits, lower case, into buf (size bytes, always terminated):
 * how the imports compare a header or a value word ("Date of Birth" → "dateofbirth").
 */
void cl_text_fold(const char *text, char *buf, size_t size);

/*
 * A name as the duplicate check compares it: cl_text_fold with accents folded the way the
 * search index (FTS5 remove_diacritics) folds them, Latin and Vietnamese letters to their
 * base letter ("José" and "JOSE" → "jose", "Đặng" → "dang"), spaces, hyphens and
 * apostrophes dropped; letters of other scripts kept as they are. buf always terminated.
 */
void cl_text_fold_name(const char *text, char *buf, size_t size);

/*
 * Length in bytes of the character at s when it is strictly valid UTF-8 (RFC 3629) and not
 * a C1 control (U+0080-U+009F), else 0. What input checks walk text with.
 */
size_t cl_utf8_len(const char *s);

/*
 * Does the character at s reorder or break the text around it when shown: a bidi control
 * (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) or U+2028/9? False for invalid UTF-8.
 */
bool cl_text_reorders(const char *s);

/* a and b are equal but for the case of ASCII letters (header names, yes/no answers). */
bool cl_text_ascii_ieq(const char *a, const char *b);

/*
 * text's words (runs of ASCII letters and digits and any non-ASCII bytes) as quoted FTS5
 * prefix terms into out (size bytes): "food"* "ban"*, so that nothing typed is FTS5 syntax.
 * Returns the length written (0: no word), or -1 when out is too small.
 */
int cl_text_fts_query(const char *text, char *out, size_t size);

#endif
