/* The CSV reader on its own: RFC 4180 cases, physical positions, malformed input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "testlib.h"

/* Read every record of text; writes "f1|f2;f1|f2;" into out. Returns the status. */
static int read_all(const char *text, size_t len, char *out, size_t size, struct cl_error *err)
{
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	size_t used = 0;
	int rc;

	out[0] = '\0';
	assert_int_equal(cl_csv_open_mem(text, len, &r, err), CL_OK);
	while ((rc = cl_csv_next(r, &rec, err)) == CL_OK && rec) {
		for (size_t i = 0; i < rec->count; i++)
			used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "|" : "",
						 rec->fields[i].text);
		used += (size_t)snprintf(out + used, size - used, ";");
	}
	cl_csv_close(r);
	return rc;
}

static void test_rfc4180(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "a,b,c\n1,2,3\n", "a|b|c;1|2|3;" },
		{ "a,b\r\n1,2\r\n", "a|b;1|2;" },		 /* CRLF */
		{ "a,b\n1,2", "a|b;1|2;" },			 /* no final newline */
		{ "\xEF\xBB\xBFname,x\n1,2\n", "name|x;1|2;" },	 /* BOM stripped */
		{ "a,\"b,c\",d\n", "a|b,c|d;" },		 /* quoted comma */
		{ "\"say \"\"hi\"\"\",x\n", "say \"hi\"|x;" },	 /* doubled quote */
		{ "\"two\nlines\",x\n", "two\nlines|x;" },	 /* embedded newline */
		{ "\"two\r\nlines\",x\r\n", "two\r\nlines|x;" }, /* embedded CRLF kept */
		{ "a,,\n", "a||;" },				 /* empty fields */
		{ "a,b\n\n\n1,2\n", "a|b;1|2;" },		 /* blank lines skipped */
		{ " a , b \n", " a | b ;" },			 /* spaces kept */
		{ "", "" },
		{ "\xEF\xBB\xBF", "" },
		{ "Jos\xC3\xA9,\xE4\xB8\xAD\n", "Jos\xC3\xA9|\xE4\xB8\xAD;" }, /* UTF-8 */
	};
	char out[256];
	struct cl_error err = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(read_all(cases[i].in, strlen(cases[i].in), out, sizeof(out), &err),
				 CL_OK);
		assert_string_equal(out, cases[i].want);
	}
}

/* Fields know the physical line and column (in characters) where they start. */
static void test_positions(void **state)
{
	static const char text[] = "\xEF\xBB\xBF"
				   "a,b,c\r\n"
				   "1,\"x\ny\",\xC3\xA9t\xC3\xA9\r\n"
				   "\r\n"
				   "z,\xC3\xA9,w";
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_csv_open_mem(text, sizeof(text) - 1, &r, &err), CL_OK);
	assert_int_equal(cl_csv_next(r, &rec, &err), CL_OK);
	assert_non_null(rec);
	assert_int_equal(rec->line, 1);
	assert_int_equal(rec->fields[0].column, 1); /* the BOM is not a column */
	assert_int_equal(rec->fields[2].column, 5);

	assert_int_equal(cl_csv_next(r, &rec, &err), CL_OK);
	assert_int_equal(rec->number, 2);
	assert_int_equal(rec->line, 2);
	assert_int_equal(rec->end_line, 3);
	assert_int_equal(rec->fields[1].line, 2);
	assert_int_equal(rec->fields[1].column, 3);
	assert_int_equal(rec->fields[2].line, 3); /* after the embedded newline */
	assert_int_equal(rec->fields[2].column, 4);
	assert_string_equal(rec->fields[2].text, "\xC3\xA9t\xC3\xA9");

	assert_int_equal(cl_csv_next(r, &rec, &err), CL_OK);
	assert_int_equal(rec->number, 3);
	assert_int_equal(rec->line, 5);		    /* the blank line 4 is counted */
	assert_int_equal(rec->fields[2].column, 5); /* é is one column */

	assert_int_equal(cl_csv_next(r, &rec, &err), CL_OK);
	assert_null(rec);
	cl_csv_close(r);
}

/* Malformed input: the error names the line and column, never the content. */
static void test_malformed(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		long line;
		int column;
		const char *words;
	} cases[] = {
		{ "a,b\n1,\"open\nmore\nstill", 0, 2, 3, "never closed" },
		{ "a,b\nx,y\n\"", 0, 3, 1, "never closed" },
		{ "a,b\n1,x\"y\n", 0, 2, 4, "quote inside an unquoted field" },
		{ "a,b\n1,\"x\"y\n", 0, 2, 6, "after a closing quote" },
		{ "a,b\n1,\"x\" \n", 0, 2, 6, "after a closing quote" },
		{ "a,b\n1,\xFF\n", 0, 2, 3, "UTF-8" },
		{ "a,b\n1,\xC3(\n", 0, 2, 3, "UTF-8" },
		{ "a,b\n1,\xE2\x82", 0, 2, 3, "UTF-8" },       /* truncated at end of file */
		{ "a,b\n1,\xED\xA0\x80\n", 0, 2, 3, "UTF-8" }, /* a surrogate */
		{ "a,b\n1,x\0y\n", 9, 2, 4, "NUL" },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cl_error err = { 0 };
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);

		assert_int_equal(read_all(cases[i].in, len, out, sizeof(out), &err), CL_EINVAL);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.column, cases[i].column);
		if (!strstr(err.message, cases[i].words))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.message, cases[i].words);
	}
}

/* After an error, the reader keeps returning it. */
static void test_sticky_error(void **state)
{
	static const char text[] = "a\n\"x";
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_csv_open_mem(text, sizeof(text) - 1, &r, &err), CL_OK);
	assert_int_equal(cl_csv_next(r, &rec, &err), CL_OK);
	assert_int_equal(cl_csv_next(r, &rec, &err), CL_EINVAL);
	memset(&err, 0, sizeof(err));
	assert_int_equal(cl_csv_next(r, &rec, &err), CL_EINVAL);
	assert_int_equal(err.line, 2);
	assert_null(rec);
	cl_csv_close(r);
}

static void test_limits(void **state)
{
	static char text[CL_CSV_MAX_FIELD + 64];
	char out[64];
	struct cl_error err = { 0 };
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(text, sizeof(text), "a\n");
	memset(text + n, 'x', CL_CSV_MAX_FIELD + 1);
	n += CL_CSV_MAX_FIELD + 1;
	assert_int_equal(read_all(text, n, out, sizeof(out), &err), CL_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 1);

	n = 0;
	for (int i = 0; i <= CL_CSV_MAX_FIELDS; i++)
		text[n++] = ',';
	text[n++] = '\n';
	assert_int_equal(read_all(text, n, out, sizeof(out), &err), CL_EINVAL);
	assert_non_null(strstr(err.message, "too many fields"));
}

/* A file on disk, larger than one read block, with a record across the block edge. */
static void test_file_and_blocks(void **state)
{
	char dir[256], path[300];
	static char text[10000];
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	struct cl_error err = { 0 };
	size_t n = 0;
	long records = 0, last_line = 0;

	(void)state;
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/big.csv", dir);
	while (n < sizeof(text) - 40)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "row,\"with\nbreak\",%zu\n", n);
	assert_int_equal(test_write_file(path, text, n), 0);
	assert_int_equal(cl_csv_open(path, &r, &err), CL_OK);
	while (cl_csv_next(r, &rec, &err) == CL_OK && rec) {
		assert_int_equal(rec->count, 3);
		assert_string_equal(rec->fields[1].text, "with\nbreak");
		assert_int_equal(rec->line, 2 * records + 1);
		last_line = rec->end_line;
		records++;
	}
	assert_int_equal(err.code, 0);
	assert_true(records > 300);
	assert_int_equal(last_line, 2 * records);
	cl_csv_close(r);

	assert_int_equal(cl_csv_open("/nonexistent/x.csv", &r, &err), CL_ENOTFOUND);
	test_remove_tree(dir);
}

static void test_write_and_header(void **state)
{
	const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", NULL };
	char dir[256], path[300], buf[256], out[256];
	struct cl_error err = { 0 };
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	FILE *f;
	long len;

	(void)state;
	test_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/w.csv", dir);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(cl_csv_write_record(f, fields, 5), CL_OK);
	fclose(f);
	len = test_read_file(path, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
	assert_int_equal(read_all(buf, (size_t)len, out, sizeof(out), &err), CL_OK);
	assert_string_equal(out, "plain|a,b|say \"hi\"|two\nlines|;");

	assert_int_equal(cl_csv_open_mem(" Name ,KIND\n", 12, &r, &err), CL_OK);
	assert_int_equal(cl_csv_next(r, &rec, &err), CL_OK);
	assert_int_equal(cl_csv_header_index(rec, "name"), 0);
	assert_int_equal(cl_csv_header_index(rec, "kind"), 1);
	assert_int_equal(cl_csv_header_index(rec, "phone"), -1);
	cl_csv_close(r);
	test_remove_tree(dir);
}

/*
 * What the writer writes reads back as the same record: a record of one empty field (a bare
 * line end would be a blank line, skipped) and a first field starting with a byte-order mark
 * (read as the file's BOM and dropped) must be quoted.
 */
static void test_write_reads_back(void **state)
{
	static const char *const cases[][2] = {
		{ "", NULL },
		{ "\xEF\xBB\xBFname", "x" },
	};
	static const size_t counts[] = { 1, 2 };
	static const char *const want[] = { ";", "\xEF\xBB\xBFname|x;" };
	char out[256];
	struct cl_error err = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		assert_int_equal(cl_csv_write_record(f, cases[i], counts[i]), CL_OK);
		assert_int_equal(fclose(f), 0);
		assert_int_equal(read_all(buf, len, out, sizeof(out), &err), CL_OK);
		assert_string_equal(out, want[i]);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4180),		 cmocka_unit_test(test_positions),
		cmocka_unit_test(test_malformed),	 cmocka_unit_test(test_sticky_error),
		cmocka_unit_test(test_limits),		 cmocka_unit_test(test_file_and_blocks),
		cmocka_unit_test(test_write_and_header), cmocka_unit_test(test_write_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
