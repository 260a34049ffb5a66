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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_hostile),
		cmocka_unit_test(test_sanitize_every_byte),
		cmocka_unit_test(test_sanitize_never_splits),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
