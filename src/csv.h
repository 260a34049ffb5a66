/*
 * CSV files in and out (RFC 4180: quoted fields, embedded commas, quotes and newlines, CRLF
 * or LF, an optional UTF-8 byte-order mark). Reading wraps libcsv in strict mode and tells,
 * for every field, the PHYSICAL line and column where it starts in the file, so an import
 * can say "line 7, column 3" even when an earlier record spans several lines.
 *
 * Lines are 1-based and count every LF (a CR LF pair is one line end). Columns are 1-based
 * and count characters (UTF-8 code points), not bytes; the byte-order mark is not counted.
 * Blank lines between records are skipped (but counted).
 */
#ifndef CL_CSV_H
#define CL_CSV_H

#include <stdio.h>
#include <stddef.h>

#include "error.h"

/* Limits that keep a hostile file from eating memory: more is a CL_EINVAL with line/column. */
#define CL_CSV_MAX_FIELDS 256	      /* fields in one record */
#define CL_CSV_MAX_FIELD  (64 * 1024) /* bytes in one field */

/* One field: NUL-terminated text (quotes removed, "" unescaped) and where it starts. */
struct cl_csv_field {
	char *text;
	size_t len; /* bytes, without the NUL (a field may hold NUL bytes: see cl_csv_next) */
	long line;
	int column;
};

/* One record: its fields in order. number is the 1-based record count (header included). */
struct cl_csv_record {
	struct cl_csv_field *fields;
	size_t count;
	long number;
	long line;     /* physical line of the first field */
	long end_line; /* physical line where the record ends (> line when a field has a newline) */
};

struct cl_csv_reader;

/*
 * Open path for reading. On success *out is a reader to release with cl_csv_close.
 * CL_EIO (message names the system error, not the path's contents) when it cannot be read.
 */
int cl_csv_open(const char *path, struct cl_csv_reader **out, struct cl_error *err);

/* As cl_csv_open over an existing stream (not closed by cl_csv_close). */
int cl_csv_open_stream(FILE *in, struct cl_csv_reader **out, struct cl_error *err);

/* As cl_csv_open over len bytes of memory (copied; the caller keeps buf). For tests and fuzzing. */
int cl_csv_open_mem(const char *buf, size_t len, struct cl_csv_reader **out, struct cl_error *err);

/*
 * Read the next record. On success *rec points to it (valid until the next call or
 * cl_csv_close; owned by the reader), or is NULL at the end of the file.
 * Errors, with err->line and err->column where the problem is and a message without the
 * file's contents: CL_EINVAL for bad CSV (unterminated quote — reported at the line and
 * column where the quoted field starts —, a quote inside an unquoted field, text after a
 * closing quote, a NUL byte, invalid UTF-8, a field or record over the limits); CL_EIO for a
 * read error; CL_ENOMEM. After an error every further call returns the same error.
 */
int cl_csv_next(struct cl_csv_reader *r, const struct cl_csv_record **rec, struct cl_error *err);

/* Release the reader (NULL is fine); closes the file that cl_csv_open opened. */
void cl_csv_close(struct cl_csv_reader *r);

/*
 * The index of the field named name (exact, case-insensitive ASCII, surrounding blanks
 * ignored) in a header record, or -1.
 */
int cl_csv_header_index(const struct cl_csv_record *header, const char *name);

/*
 * Write one record of n fields to out, quoting a field only when it holds a comma, quote,
 * CR or LF (quotes doubled), is the record's only field and empty, or starts with a UTF-8
 * byte-order mark (so that every record reads back as written), ending with CRLF as
 * RFC 4180 says. NULL fields are written
 * empty. Returns 0 or CL_EIO.
 */
int cl_csv_write_record(FILE *out, const char *const *fields, size_t n);

#endif
