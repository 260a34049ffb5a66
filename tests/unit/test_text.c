#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

#define FFFD "\xef\xbf\xbd"

/* Hostile text from the database and what must reach the terminal instead. */
static const struct hostile {
	const char *what;
	const char *in;
	const char *out;
} hostile[] = {
	{ "plain ASCII", "Ruiz, Ana", "Ruiz, Ana" },
	{ "accented", "Jos\xc3\xa9 Nguy\xe1\xbb\x85n", "Jos\xc3\xa9 Nguy\xe1\xbb\x85n" },
	{ "CJK", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e" },
	{ "4-byte emoji", "a\xf0\x9f\x98\x80z", "a\xf0\x9f\x98\x80z" },
	{ "clear screen", "\x1b[2JAna", FFFD "[2JAna" },
	{ "OSC 52 clipboard write", "\x1b]52;c;cm0gLXJmIH4=\a", FFFD "]52;c;cm0gLXJmIH4=" FFFD },
	{ "CSI in C1 form (UTF-8)",
	  "\xc2\x9b"
	  "31m",
	  FFFD "31m" },
	{ "bare 0x9b byte",
	  "\x9b"
	  "31m",
	  FFFD "31m" },
	{ "C1 NEL U+0085", "a\xc2\x85z", "a" FFFD "z" },
	{ "TAB and newline", "a\tb\nc\r", "a" FFFD "b" FFFD "c" FFFD },
	{ "DEL", "a\x7f", "a" FFFD },
	{ "truncated 3-byte at end", "ab\xe7\x8e", "ab" FFFD },
	{ "truncated 4-byte at end", "ab\xf0\x9f\x98", "ab" FFFD },
	{ "overlong slash", "\xc0\xaf", FFFD FFFD },
	{ "overlong 3-byte NUL", "\xe0\x80\x80", FFFD FFFD FFFD },
	{ "surrogate", "\xed\xa0\x80", FFFD FFFD FFFD },
	{ "above U+10FFFF", "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },
	{ "0xff byte", "a\xff", "a" FFFD },
	{ "stray continuation", "\x80x", FFFD "x" },
	{ "RLO U+202E",
	  "abc\xe2\x80\xae"
	  "fdp.exe",
	  "abc" FFFD "fdp.exe" },
	{ "LRE U+202A", "\xe2\x80\xaa", FFFD },
	{ "RLI U+2067 and PDI U+2069", "\xe2\x81\xa7x\xe2\x81\xa9", FFFD "x" FFFD },
	{ "LRM RLM", "\xe2\x80\x8e\xe2\x80\x8f", FFFD FFFD },
	{ "Arabic letter mark U+061C", "\xd8\x9c", FFFD },
	{ "line separator U+2028", "a\xe2\x80\xa8z", "a" FFFD "z" },
	{ "zero-width joiner kept", "a\xe2\x80\x8dz", "a\xe2\x80\x8dz" },
};

static int setup_locale(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static void test_sanitize_hostile(void **state)
{
	char out[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		size_t n = cl_text_sanitize(hostile[i].in, out, sizeof(out));

		print_message("%s\n", hostile[i].what);
		assert_string_equal(out, hostile[i].out);
		assert_int_equal(n, strlen(hostile[i].out));
	}
}

/* Whatever bytes come in, nothing below 0x20, no DEL, no C1, and the output is valid. */
static void test_sanitize_every_byte(void **state)
{
	char in[3], out[16];
	int a, b;

	(void)state;
	for (a = 1; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			size_t i, n;

			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = '\0';
			n = cl_text_sanitize(in, out, sizeof(out));
			for (i = 0; i < n; i++) {
				unsigned char c = (unsigned char)out[i];

				assert_true(c >= 0x20 && c != 0x7f);
				/* a C1 control in UTF-8 would be 0xc2 0x80-0x9f */
				if (c == 0xc2)
					assert_true((unsigned char)out[i + 1] >= 0xa0);
			}
			/* sanitizing sanitized text changes nothing */
			{
				char again[16];

				cl_text_sanitize(out, again, sizeof(again));
				assert_string_equal(again, out);
			}
		}
	}
}

static void test_sanitize_never_splits(void **state)
{
	const char *name = "Jos\xc3\xa9"; /* 5 bytes */
	char out[8];

	(void)state;
	/* room for 4 bytes + NUL: "Jos" then é (2 bytes) does not fit */
	assert_int_equal(cl_text_sanitize(name, out, 5), 3);
	assert_string_equal(out, "Jos");
	assert_int_equal(cl_text_sanitize(name, out, 6), 5);
	assert_string_equal(out, name);
	/* a replacement needs 3 bytes: none if only 2 are left */
	assert_int_equal(cl_text_sanitize("a\x1b", out, 4), 1);
	assert_string_equal(out, "a");
	assert_int_equal(cl_text_sanitize("a\x1b", out, 5), 4);
	assert_string_equal(out, "a" FFFD);
	/* size 1: just the NUL; size 0: nothing written */
	out[0] = 'x';
	assert_int_equal(cl_text_sanitize("abc", out, 1), 0);
	assert_string_equal(out, "");
	out[0] = 'x';
	assert_int_equal(cl_text_sanitize("abc", out, 0), 0);
	assert_int_equal(out[0], 'x');
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(cl_text_width(""), 0);
	assert_int_equal(cl_text_width("Ana"), 3);
	assert_int_equal(cl_text_width("Jos\xc3\xa9"), 4);
	assert_int_equal(cl_text_width("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"), 6); /* 王小明 */
	assert_int_equal(cl_text_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(cl_text_width("Nguy\xe1\xbb\x85n"), 6);
	assert_int_equal(cl_text_width(FFFD), 1);
	/* not sanitized: an invalid byte or a control still counts one column */
	assert_int_equal(cl_text_width("a\xff"), 2);
	assert_int_equal(cl_text_width("a\x1b"), 2);
}

static void test_fit(void **state)
{
	char out[64];

	(void)state;
	/* fits whole, with or without ellipsis */
	assert_int_equal(cl_text_fit("Ana", 5, 0, out, sizeof(out)), 3);
	assert_string_equal(out, "Ana");
	assert_int_equal(cl_text_fit("Ana", 3, 1, out, sizeof(out)), 3);
	assert_string_equal(out, "Ana");
	/* cut */
	assert_int_equal(cl_text_fit("Martinez", 4, 0, out, sizeof(out)), 4);
	assert_string_equal(out, "Mart");
	assert_int_equal(cl_text_fit("Martinez", 4, 1, out, sizeof(out)), 4);
	assert_string_equal(out, "Mar\xe2\x80\xa6");
	/* accented character at the cut is kept whole */
	assert_int_equal(cl_text_fit("Jos\xc3\xa9 Ruiz", 4, 0, out, sizeof(out)), 4);
	assert_string_equal(out, "Jos\xc3\xa9");
	/* wide characters at the boundary: never half a character */
	assert_int_equal(cl_text_fit("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", 5, 0, out, 64), 4);
	assert_string_equal(out, "\xe7\x8e\x8b\xe5\xb0\x8f");
	assert_int_equal(cl_text_fit("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", 5, 1, out, 64), 5);
	assert_string_equal(out, "\xe7\x8e\x8b\xe5\xb0\x8f\xe2\x80\xa6");
	assert_int_equal(cl_text_fit("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", 4, 1, out, 64), 3);
	assert_string_equal(out, "\xe7\x8e\x8b\xe2\x80\xa6");
	assert_int_equal(cl_text_fit("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", 6, 1, out, 64), 6);
	assert_string_equal(out, "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
	assert_int_equal(cl_text_fit("\xe7\x8e\x8b", 1, 0, out, 64), 0);
	assert_string_equal(out, "");
	/* a combining mark stays with its letter */
	assert_int_equal(cl_text_fit("e\xcc\x81x", 1, 0, out, sizeof(out)), 1);
	assert_string_equal(out, "e\xcc\x81");
	/* ellipsis alone when only one column */
	assert_int_equal(cl_text_fit("Ana", 1, 1, out, sizeof(out)), 1);
	assert_string_equal(out, "\xe2\x80\xa6");
	/* zero columns */
	assert_int_equal(cl_text_fit("Ana", 0, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* the byte size limits too, never splitting: "Jos" + "é" needs 6 bytes */
	assert_int_equal(cl_text_fit("Jos\xc3\xa9", 10, 0, out, 5), 3);
	assert_string_equal(out, "Jos");
	assert_int_equal(cl_text_fit("Jos\xc3\xa9 Ruiz", 10, 1, out, 8), 4);
	assert_string_equal(out, "Jos\xe2\x80\xa6");
}

static void test_trim(void **state)
{
	char a[] = "  \tAna Ruiz \r\n";
	char b[] = "   ";
	char c[] = "x";
	char d[] = "";

	(void)state;
	assert_string_equal(cl_text_trim(a), "Ana Ruiz");
	assert_string_equal(cl_text_trim(b), "");
	assert_string_equal(cl_text_trim(c), "x");
	assert_string_equal(cl_text_trim(d), "");
	assert_ptr_equal(cl_text_trim(a), a);
}

/* The same hostile text on its way to a CSV cell and into a JSON string. */
static const struct sink_case {
	const char *what;
	enum cl_text_sink sink;
	const char *in;
	const char *out;
} sink_cases[] = {
	{ "csv plain", CL_TEXT_CSV, "Ruiz, Ana", "Ruiz, Ana" },
	{ "csv ESC BEL", CL_TEXT_CSV, "\x1b]0;owned\a", FFFD "]0;owned" FFFD },
	{ "csv C1 CSI", CL_TEXT_CSV,
	  "\xc2\x9b"
	  "31m",
	  FFFD "31m" },
	{ "csv DEL", CL_TEXT_CSV, "a\x7f", "a" FFFD },
	{ "csv RLO", CL_TEXT_CSV,
	  "a\xe2\x80\xae"
	  "b",
	  "a" FFFD "b" },
	{ "csv formula =", CL_TEXT_CSV, "=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")" },
	{ "csv formula +", CL_TEXT_CSV, "+1+cmd", "'+1+cmd" },
	{ "csv formula -", CL_TEXT_CSV, "-2+3", "'-2+3" },
	{ "csv formula @", CL_TEXT_CSV, "@SUM(A1)", "'@SUM(A1)" },
	{ "csv formula tab", CL_TEXT_CSV, "\t=1", "'" FFFD "=1" },
	{ "csv formula CR", CL_TEXT_CSV, "\r=1", "'" FFFD "=1" },
	{ "csv negative number", CL_TEXT_CSV, "-12", "-12" },
	{ "csv decimal", CL_TEXT_CSV, "+3.5", "+3.5" },
	{ "csv = inside", CL_TEXT_CSV, "a=b", "a=b" },
	{ "csv empty", CL_TEXT_CSV, "", "" },
	{ "csv newline", CL_TEXT_CSV, "a\nb", "a" FFFD "b" },
	{ "csv lines newline tab", CL_TEXT_CSV_LINES, "a\nb\tc", "a\nb\tc" },
	{ "csv lines ESC CR", CL_TEXT_CSV_LINES, "a\x1b\r", "a" FFFD FFFD },
	{ "csv lines formula", CL_TEXT_CSV_LINES, "=1\n2", "'=1\n2" },
	{ "json plain", CL_TEXT_JSON, "Jos\xc3\xa9", "Jos\xc3\xa9" },
	{ "json quote backslash", CL_TEXT_JSON, "a\"b\\c", "a\\\"b\\\\c" },
	{ "json newline tab", CL_TEXT_JSON, "a\nb\tc", "a\\nb\\tc" },
	{ "json ESC BEL", CL_TEXT_JSON, "\x1b]0;x\a", "\\u001b]0;x\\u0007" },
	{ "json DEL", CL_TEXT_JSON, "a\x7f", "a\\u007f" },
	{ "json C1 U+009B", CL_TEXT_JSON,
	  "\xc2\x9b"
	  "31m",
	  "\\u009b31m" },
	{ "json RLO", CL_TEXT_JSON,
	  "a\xe2\x80\xae"
	  "b",
	  "a" FFFD "b" },
	{ "json LRI", CL_TEXT_JSON, "\xe2\x81\xa6", FFFD },
	{ "json line separator", CL_TEXT_JSON, "a\xe2\x80\xa8", "a\\u2028" },
	{ "json invalid UTF-8", CL_TEXT_JSON, "a\xff", "a" FFFD },
	{ "json bare 0x9b", CL_TEXT_JSON, "\x9b", FFFD },
	{ "json no formula guard", CL_TEXT_JSON, "=1+1", "=1+1" },
	{ "terminal no formula guard", CL_TEXT_TERMINAL, "=1+1", "=1+1" },
	{ "terminal OSC title", CL_TEXT_TERMINAL, "\x1b]0;x\a", FFFD "]0;x" FFFD },
};

static void test_encode_sinks(void **state)
{
	char out[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sink_cases) / sizeof(sink_cases[0]); i++) {
		const struct sink_case *c = &sink_cases[i];
		size_t n = cl_text_encode(c->in, c->sink, out, sizeof(out));

		print_message("%s\n", c->what);
		assert_string_equal(out, c->out);
		assert_int_equal(n, strlen(c->out));
		assert_true(strlen(c->out) < cl_text_encoded_size(c->in));
	}
}

/* JSON never gets half an escape; every byte's worst case fits cl_text_encoded_size. */
static void test_encode_bounds(void **state)
{
	char out[16], in[2] = { 0, 0 };
	int b;

	(void)state;
	assert_int_equal(cl_text_encode("ab\x1b", CL_TEXT_JSON, out, 8), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(cl_text_encode(NULL, CL_TEXT_CSV, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	for (b = 1; b < 256; b++) {
		in[0] = (char)b;
		assert_true(cl_text_encode(in, CL_TEXT_JSON, out, sizeof(out)) + 1 <=
			    cl_text_encoded_size(in));
		assert_true(cl_text_encode(in, CL_TEXT_CSV, out, sizeof(out)) + 1 <=
			    cl_text_encoded_size(in));
	}
}

/* The input checks' character walk: strict UTF-8 without C1; what reorders; ASCII case. */
static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(cl_utf8_len("a"), 1);
	assert_int_equal(cl_utf8_len("\xc3\xa9"), 2);	      /* é */
	assert_int_equal(cl_utf8_len("\xe2\x80\xa6"), 3);     /* … */
	assert_int_equal(cl_utf8_len("\xf0\x9f\x98\x80"), 4); /* 😀 */
	assert_int_equal(cl_utf8_len("\xc2\x85"), 0);	      /* NEL, a C1 control */
	assert_int_equal(cl_utf8_len("\xc0\xaf"), 0);	      /* overlong '/' */
	assert_int_equal(cl_utf8_len("\xed\xa0\x80"), 0);     /* a surrogate */
	assert_int_equal(cl_utf8_len("\xf4\x90\x80\x80"), 0); /* above U+10FFFF */
	assert_int_equal(cl_utf8_len("\xe2\x80"), 0);	      /* cut short */
	assert_int_equal(cl_utf8_len("\x80"), 0);
	assert_true(cl_text_reorders("\xe2\x80\xae"));	/* U+202E RIGHT-TO-LEFT OVERRIDE */
	assert_true(cl_text_reorders("\xd8\x9c"));	/* U+061C ARABIC LETTER MARK */
	assert_true(cl_text_reorders("\xe2\x80\xa8"));	/* U+2028 LINE SEPARATOR */
	assert_true(cl_text_reorders("\xe2\x81\xa9"));	/* U+2069 POP DIRECTIONAL ISOLATE */
	assert_false(cl_text_reorders("\xe2\x80\xa6")); /* … */
	assert_false(cl_text_reorders("a"));
	assert_false(cl_text_reorders("\xe2\x80"));
	assert_true(cl_text_ascii_ieq("MRN", "mrn"));
	assert_true(cl_text_ascii_ieq("", ""));
	assert_false(cl_text_ascii_ieq("mrn", "mrn2"));
	assert_false(cl_text_ascii_ieq("\xc3\x89", "\xc3\xa9")); /* É, é: ASCII only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_hostile),
		cmocka_unit_test(test_sanitize_every_byte),
		cmocka_unit_test(test_sanitize_never_splits),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_encode_sinks),
		cmocka_unit_test(test_encode_bounds),
		cmocka_unit_test(test_utf8_len),
	};

	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
