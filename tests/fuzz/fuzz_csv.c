/*
 * The CSV reader (src/csv.c) over any bytes: it never crashes, every field it gives is
 * within the limits and placed at a sane line and column, and what it reads, written back
 * with cl_csv_write_record, reads again as the same records.
 */
#include "fuzz.h"

/* Every record of buf into a flat list (text and lengths) for comparison; -1 on a CSV error. */
struct records {
	char *text;
	size_t text_len, text_cap;
	size_t *count; /* fields per record */
	size_t n, cap;
};

static void push_text(struct records *rs, const char *s, size_t len)
{
	if (rs->text_len + len + 1 > rs->text_cap) {
		rs->text_cap = 2 * (rs->text_len + len + 1);
		if (!(rs->text = realloc(rs->text, rs->text_cap)))
			abort();
	}
	memcpy(rs->text + rs->text_len, s, len);
	rs->text_len += len;
	rs->text[rs->text_len++] = '\0';
}

static int read_all(const char *buf, size_t len, struct records *rs, FILE *copy)
{
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	struct cl_error err = { 0 };
	long number = 0, last_end = 0;
	int rc;

	if (cl_csv_open_mem(buf, len, &r, &err))
		abort();
	while (!(rc = cl_csv_next(r, &rec, &err)) && rec) {
		const char *fields[CL_CSV_MAX_FIELDS];

		FUZZ_ASSERT(rec->number == ++number);
		FUZZ_ASSERT(rec->count >= 1 && rec->count <= CL_CSV_MAX_FIELDS);
		/* >=: a lone CR ends a record without starting a line (lines count LFs). */
		FUZZ_ASSERT(rec->line >= last_end && rec->end_line >= rec->line);
		last_end = rec->end_line;
		for (size_t i = 0; i < rec->count; i++) {
			const struct cl_csv_field *f = &rec->fields[i];

			FUZZ_ASSERT(f->len <= CL_CSV_MAX_FIELD);
			FUZZ_ASSERT(f->text[f->len] == '\0');
			FUZZ_ASSERT(f->line >= rec->line && f->line <= rec->end_line);
			FUZZ_ASSERT(f->column >= 1);
			fields[i] = f->text;
			push_text(rs, f->text, f->len);
		}
		if (copy && cl_csv_write_record(copy, fields, rec->count))
			abort();
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? 2 * rs->cap : 16;
			if (!(rs->count = realloc(rs->count, rs->cap * sizeof(*rs->count))))
				abort();
		}
		rs->count[rs->n++] = rec->count;
	}
	if (rc) {
		FUZZ_ASSERT(err.code == CL_EINVAL || err.code == CL_ENOMEM);
		FUZZ_ASSERT(err.line >= 1);
		/* After an error every call gives the same one. */
		struct cl_error again = { 0 };
		FUZZ_ASSERT(cl_csv_next(r, &rec, &again) == rc && again.line == err.line);
	}
	cl_csv_close(r);
	return rc ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct records first = { 0 }, second = { 0 };
	char *out = NULL;
	size_t out_len = 0;
	FILE *copy = open_memstream(&out, &out_len);

	if (!copy)
		abort();
	if (read_all((const char *)data, size, &first, copy) == 0) {
		if (fclose(copy))
			abort();
		/* Fields holding a NUL byte are refused, so the written copy is the same CSV. */
		FUZZ_ASSERT(read_all(out, out_len, &second, NULL) == 0);
		FUZZ_ASSERT(second.n == first.n);
		FUZZ_ASSERT(second.n == 0 ||
			    memcmp(second.count, first.count, first.n * sizeof(*first.count)) == 0);
		FUZZ_ASSERT(second.text_len == first.text_len);
		FUZZ_ASSERT(first.text_len == 0 ||
			    memcmp(second.text, first.text, first.text_len) == 0);
	} else {
		fclose(copy);
	}
	free(out);
	free(first.text);
	free(first.count);
	free(second.text);
	free(second.count);
	return 0;
}
