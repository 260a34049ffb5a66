#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include <csv.h> /* libcsv's (ours is "csv.h": -iquote keeps them apart) */

/*
 * The file is read in blocks and fed to libcsv ONE BYTE AT A TIME: libcsv reports a field
 * only when it ends, so feeding byte by byte is what lets us know the physical line and
 * column of the byte that started it (and of the byte libcsv refused in strict mode).
 */

enum pending { PENDING_NONE, PENDING_FIELD, PENDING_RECORD };

struct cl_csv_reader {
	FILE *in;
	bool own;  /* close in on cl_csv_close */
	char *mem; /* cl_csv_open_mem's copy, read instead of in */
	size_t mem_len, mem_pos;
	struct csv_parser parser;
	bool parser_ready;

	unsigned char block[4096];
	size_t block_len, block_pos;
	bool eof, finished, bom_checked;

	long line; /* position of the next byte to feed */
	int column;
	int utf8_need;			/* continuation bytes still expected */
	unsigned char utf8_lo, utf8_hi; /* range of the next continuation byte */
	long utf8_line;
	int utf8_column;

	enum pending pending;
	long field_line; /* where the field being read started */
	int field_column;
	size_t field_raw; /* bytes fed since that start */

	/* The record being assembled: field texts packed NUL-separated in text. */
	char *text;
	size_t text_len, text_cap;
	size_t *offsets;
	struct cl_csv_field *fields;
	size_t count, cap;
	bool record_done;
	long records;
	struct cl_csv_record record;

	int failed; /* sticky status after an error */
	struct cl_error error;
	bool cb_failed; /* a callback hit a limit or ran out of memory */
};

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int fail_at(struct cl_csv_reader *r, struct cl_error *err, int code, long line, int column,
		   const char *msg)
{
	cl_error_set(&r->error, code, "line %ld, column %d: %s", line, column, msg);
	r->error.line = line;
	r->error.column = column;
	r->failed = code;
	if (err)
		*err = r->error;
	return code;
}

static int reader_new(struct cl_csv_reader **out, struct cl_error *err)
{
	struct cl_csv_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	r->parser_ready = true;
	csv_set_space_func(&r->parser, no_space);
	r->line = 1;
	r->column = 1;
	r->pending = PENDING_RECORD;
	*out = r;
	return CL_OK;
}

int cl_csv_open_stream(FILE *in, struct cl_csv_reader **out, struct cl_error *err)
{
	int rc = reader_new(out, err);

	if (rc)
		return rc;
	(*out)->in = in;
	return CL_OK;
}

int cl_csv_open(const char *path, struct cl_csv_reader **out, struct cl_error *err)
{
	FILE *in = fopen(path, "rb");
	int rc;

	*out = NULL;
	if (!in)
		return cl_error_set(err, errno == ENOENT ? CL_ENOTFOUND : CL_EIO, "cannot open: %s",
				    strerror(errno));
	rc = cl_csv_open_stream(in, out, err);
	if (rc) {
		fclose(in);
		return rc;
	}
	(*out)->own = true;
	return CL_OK;
}

int cl_csv_open_mem(const char *buf, size_t len, struct cl_csv_reader **out, struct cl_error *err)
{
	struct cl_csv_reader *r;
	int rc = reader_new(&r, err);

	if (rc)
		return rc;
	if (!(r->mem = malloc(len ? len : 1))) {
		cl_csv_close(r);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	if (len)
		memcpy(r->mem, buf, len);
	r->mem_len = len;
	*out = r;
	return CL_OK;
}

void cl_csv_close(struct cl_csv_reader *r)
{
	if (!r)
		return;
	if (r->parser_ready)
		csv_free(&r->parser);
	if (r->own && r->in)
		fclose(r->in);
	free(r->mem);
	free(r->text);
	free(r->offsets);
	free(r->fields);
	free(r);
}

/* Append a finished field (called by libcsv). */
static void on_field(void *data, size_t len, void *arg)
{
	struct cl_csv_reader *r = arg;
	size_t need;

	if (r->cb_failed)
		return;
	if (r->pending == PENDING_FIELD || r->pending == PENDING_RECORD) {
		/* The field ended without a byte of its own (a trailing comma at end of file). */
		r->field_line = r->line;
		r->field_column = r->column;
	}
	if (r->count == CL_CSV_MAX_FIELDS) {
		r->cb_failed = true;
		fail_at(r, NULL, CL_EINVAL, r->field_line, r->field_column,
			"too many fields in one record");
		return;
	}
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		size_t *offsets = realloc(r->offsets, cap * sizeof(*offsets));
		struct cl_csv_field *fields;

		if (offsets)
			r->offsets = offsets;
		fields = offsets ? realloc(r->fields, cap * sizeof(*fields)) : NULL;
		if (!fields)
			goto nomem;
		r->fields = fields;
		r->cap = cap;
	}
	need = r->text_len + len + 1;
	if (need > r->text_cap) {
		size_t cap = r->text_cap ? r->text_cap : 1024;
		char *text;

		while (cap < need)
			cap *= 2;
		if (!(text = realloc(r->text, cap)))
			goto nomem;
		r->text = text;
		r->text_cap = cap;
	}
	if (len)
		memcpy(r->text + r->text_len, data, len);
	r->text[r->text_len + len] = '\0';
	r->offsets[r->count] = r->text_len;
	r->fields[r->count].len = len;
	r->fields[r->count].line = r->field_line;
	r->fields[r->count].column = r->field_column;
	r->count++;
	r->text_len = need;
	r->pending = PENDING_FIELD;
	r->field_raw = 0;
	return;
nomem:
	r->cb_failed = true;
	fail_at(r, NULL, CL_ENOMEM, r->field_line, r->field_column, "out of memory");
}

/* End of a record (called by libcsv after its last field). */
static void on_record(int c, void *arg)
{
	struct cl_csv_reader *r = arg;

	(void)c;
	if (r->cb_failed)
		return;
	r->record_done = true;
	r->pending = PENDING_RECORD;
}

static int fill_block(struct cl_csv_reader *r, struct cl_error *err)
{
	r->block_pos = 0;
	if (r->mem) {
		r->block_len = r->mem_len - r->mem_pos;
		if (r->block_len > sizeof(r->block))
			r->block_len = sizeof(r->block);
		memcpy(r->block, r->mem + r->mem_pos, r->block_len);
		r->mem_pos += r->block_len;
	} else {
		r->block_len = fread(r->block, 1, sizeof(r->block), r->in);
	}
	if (r->block_len == 0) {
		if (!r->mem && ferror(r->in))
			return fail_at(r, err, CL_EIO, r->line, r->column, "read error");
		r->eof = true;
	}
	return CL_OK;
}

/* Track UTF-8 validity of byte c (at the current position); 0 or an error. */
static int check_utf8(struct cl_csv_reader *r, unsigned char c, struct cl_error *err)
{
	if (r->utf8_need) {
		if (c < r->utf8_lo || c > r->utf8_hi)
			return fail_at(r, err, CL_EINVAL, r->utf8_line, r->utf8_column,
				       "invalid UTF-8 (save the file as UTF-8)");
		r->utf8_lo = 0x80;
		r->utf8_hi = 0xBF;
		r->utf8_need--;
		return CL_OK;
	}
	if (c < 0x80)
		return CL_OK;
	r->utf8_line = r->line;
	r->utf8_column = r->column;
	r->utf8_lo = 0x80;
	r->utf8_hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		r->utf8_need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		r->utf8_need = 2;
		if (c == 0xE0)
			r->utf8_lo = 0xA0;
		else if (c == 0xED)
			r->utf8_hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		r->utf8_need = 3;
		if (c == 0xF0)
			r->utf8_lo = 0x90;
		else if (c == 0xF4)
			r->utf8_hi = 0x8F;
	} else {
		return fail_at(r, err, CL_EINVAL, r->line, r->column,
			       "invalid UTF-8 (save the file as UTF-8)");
	}
	return CL_OK;
}

/* Feed one byte to libcsv, tracking where fields start. */
static int feed(struct cl_csv_reader *r, unsigned char c, struct cl_error *err)
{
	int rc;

	if (c == '\0')
		return fail_at(r, err, CL_EINVAL, r->line, r->column, "a NUL byte");
	if ((rc = check_utf8(r, c, err)))
		return rc;
	if (r->pending == PENDING_FIELD ||
	    (r->pending == PENDING_RECORD && c != '\r' && c != '\n')) {
		r->field_line = r->line;
		r->field_column = r->column;
		r->pending = PENDING_NONE;
		r->field_raw = 0;
	}
	if (r->pending == PENDING_NONE && ++r->field_raw > CL_CSV_MAX_FIELD)
		return fail_at(r, err, CL_EINVAL, r->field_line, r->field_column, "field too long");
	if (csv_parse(&r->parser, &c, 1, on_field, on_record, r) != 1) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			return fail_at(r, err, CL_EINVAL, r->line, r->column,
				       c == '"' ? "a quote inside an unquoted field (quote the "
						  "whole field and double the quote)"
						: "text after a closing quote");
		return fail_at(r, err, CL_ENOMEM, r->line, r->column, "out of memory");
	}
	if (r->cb_failed) {
		if (err)
			*err = r->error;
		return r->failed;
	}
	if (c == '\n') {
		r->line++;
		r->column = 1;
	} else if ((c & 0xC0) != 0x80) {
		r->column++;
	}
	return CL_OK;
}

static int finish(struct cl_csv_reader *r, struct cl_error *err)
{
	if (r->utf8_need)
		return fail_at(r, err, CL_EINVAL, r->utf8_line, r->utf8_column,
			       "invalid UTF-8 (save the file as UTF-8)");
	r->finished = true;
	if (csv_fini(&r->parser, on_field, on_record, r) != 0)
		return fail_at(r, err, CL_EINVAL, r->field_line, r->field_column,
			       "a quoted field is never closed (missing \")");
	if (r->cb_failed) {
		if (err)
			*err = r->error;
		return r->failed;
	}
	return CL_OK;
}

static void record_reset(struct cl_csv_reader *r)
{
	r->count = 0;
	r->text_len = 0;
	r->record_done = false;
}

int cl_csv_next(struct cl_csv_reader *r, const struct cl_csv_record **rec, struct cl_error *err)
{
	long end_line = 0;
	size_t i;
	int rc;

	*rec = NULL;
	if (r->failed) {
		if (err)
			*err = r->error;
		return r->failed;
	}
	record_reset(r);
	while (!r->record_done && !r->finished) {
		if (r->block_pos == r->block_len) {
			if ((rc = fill_block(r, err)))
				return rc;
			if (!r->bom_checked) {
				/* A block holds at least 3 bytes unless the file is shorter. */
				r->bom_checked = true;
				if (r->block_len >= 3 && memcmp(r->block, "\xEF\xBB\xBF", 3) == 0)
					r->block_pos = 3;
			}
			if (r->eof) {
				end_line = r->line;
				if ((rc = finish(r, err)))
					return rc;
				break;
			}
			if (r->block_pos == r->block_len)
				continue;
		}
		end_line = r->line;
		if ((rc = feed(r, r->block[r->block_pos++], err)))
			return rc;
	}
	if (!r->count)
		return CL_OK;
	for (i = 0; i < r->count; i++)
		r->fields[i].text = r->text + r->offsets[i];
	r->record.fields = r->fields;
	r->record.count = r->count;
	r->record.number = ++r->records;
	r->record.line = r->fields[0].line;
	r->record.end_line = end_line;
	*rec = &r->record;
	return CL_OK;
}

int cl_csv_header_index(const struct cl_csv_record *header, const char *name)
{
	size_t i;

	for (i = 0; i < header->count; i++) {
		const char *s = header->fields[i].text;
		size_t len, n = strlen(name);

		while (*s == ' ' || *s == '\t')
			s++;
		len = strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len != n)
			continue;
		for (len = 0; len < n; len++) {
			unsigned char a = (unsigned char)s[len], b = (unsigned char)name[len];

			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (len == n)
			return (int)i;
	}
	return -1;
}

int cl_csv_write_record(FILE *out, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";

		if (i && fputc(',', out) == EOF)
			return CL_EIO;
		/*
		 * Quoted too, so that it reads back: a lone empty field (else a blank line,
		 * skipped) and a leading byte-order mark (else taken for the file's).
		 */
		if (strpbrk(s, ",\"\r\n") || (n == 1 && !*s) ||
		    strncmp(s, "\xEF\xBB\xBF", 3) == 0) {
			if (fputc('"', out) == EOF)
				return CL_EIO;
			for (; *s; s++) {
				if (*s == '"' && fputc('"', out) == EOF)
					return CL_EIO;
				if (fputc(*s, out) == EOF)
					return CL_EIO;
			}
			if (fputc('"', out) == EOF)
				return CL_EIO;
		} else if (fputs(s, out) == EOF) {
			return CL_EIO;
		}
	}
	if (fputs("\r\n", out) == EOF)
		return CL_EIO;
	return CL_OK;
}
