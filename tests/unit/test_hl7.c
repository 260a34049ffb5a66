/* HL7 v2 messages (src/hl7.c): separators, fields, repetitions, escapes, files of messages. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hl7.h"

/* An ADT^A03 (discharge) as an encounter notification service sends it. */
static const char a03[] =
	"MSH|^~\\&|HIE|MERCY|CARELOOP|CLINIC|20261130143000||ADT^A03^ADT_A03|MSG00042|P|2.5.1\r"
	"EVN|A03|20261130142500\r"
	"PID|1||MRN0001062^^^CLINIC^MR~77889^^^MERCY^PI||O\\T\\Brien^Jos\\Xc3a9\\\\XZZ\\\\H\\||19500307|F\r"
	"PV1|1|E|ER^^^MERCY||||||||||||||||V123|||||||||||||||||||||||||20261129|20261130\r"
	"DG1|1||R07.9^Chest pain, unspecified^I10|Chest \\F\\ pain \\S\\ \\R\\ \\E\\\\.br\\x\r";

static struct cl_hl7_message m;

static const char *get(const char *seg, int field, int rep, int comp, int sub)
{
	static char buf[256];

	if (!cl_hl7_get(&m, cl_hl7_segment(&m, seg, 1), field, rep, comp, sub, buf, sizeof(buf)))
		return NULL;
	return buf;
}

static void test_fields(void **state)
{
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_hl7_parse(a03, strlen(a03), &m, &err), CL_OK);
	assert_int_equal(m.nsegments, 5);
	assert_int_equal(m.field, '|');
	assert_int_equal(m.component, '^');
	assert_int_equal(m.repetition, '~');
	assert_int_equal(m.escape, '\\');
	assert_int_equal(m.subcomponent, '&');
	/* MSH-1 is the separator, MSH-2 the encoding characters, neither split. */
	assert_string_equal(get("MSH", 1, 1, 1, 1), "|");
	assert_string_equal(get("MSH", 2, 1, 1, 1), "^~\\&");
	assert_string_equal(get("MSH", 3, 1, 1, 1), "HIE");
	assert_string_equal(get("MSH", 9, 1, 1, 1), "ADT");
	assert_string_equal(get("MSH", 9, 1, 2, 1), "A03");
	assert_string_equal(get("MSH", 10, 1, 1, 1), "MSG00042");
	assert_string_equal(get("EVN", 2, 1, 1, 1), "20261130142500");
	/* PID-3: two identifiers. */
	assert_int_equal(cl_hl7_repetitions(&m, cl_hl7_segment(&m, "PID", 1), 3), 2);
	assert_string_equal(get("PID", 3, 1, 1, 1), "MRN0001062");
	assert_string_equal(get("PID", 3, 1, 5, 1), "MR");
	assert_string_equal(get("PID", 3, 2, 1, 1), "77889");
	assert_string_equal(get("PID", 3, 2, 4, 1), "MERCY");
	assert_null(get("PID", 3, 3, 1, 1));
	/* Present but empty, and absent. */
	assert_string_equal(get("PID", 2, 1, 1, 1), "");
	assert_string_equal(get("PID", 3, 1, 2, 1), "");
	assert_null(get("PID", 40, 1, 1, 1));
	assert_null(get("PID", 0, 1, 1, 1));
	assert_null(get("ZZZ", 1, 1, 1, 1));
	assert_string_equal(get("PV1", 2, 1, 1, 1), "E");
	assert_string_equal(get("PV1", 45, 1, 1, 1), "20261130");
	/* A second MSH segment of its three letters alone (found by fuzzing: read past it). */
	{
		static const char two[] = "MSH|^~\\&|A\rMSH\rPID|1";
		char buf[8];

		assert_int_equal(cl_hl7_parse(two, strlen(two), &m, &err), CL_OK);
		assert_false(cl_hl7_get(&m, cl_hl7_segment(&m, "MSH", 2), 1, 1, 1, 1, buf, 8));
		assert_int_equal(cl_hl7_repetitions(&m, cl_hl7_segment(&m, "MSH", 2), 1), 0);
	}
}

static void test_escapes(void **state)
{
	struct cl_error err = { 0 };
	char small[6];

	(void)state;
	assert_int_equal(cl_hl7_parse(a03, strlen(a03), &m, &err), CL_OK);
	/* \T\ is the subcomponent separator as text: not a split. */
	assert_string_equal(get("PID", 5, 1, 1, 1), "O&Brien");
	/* \Xhh…\ bytes (UTF-8 é); not hex: nothing; \H\ (highlight) dropped. */
	assert_string_equal(get("PID", 5, 1, 2, 1), "José");
	/* Every separator as text; a formatting sequence (\.br\) dropped. */
	assert_string_equal(get("DG1", 4, 1, 1, 1), "Chest | pain ^ ~ \\x");
	assert_string_equal(get("DG1", 3, 1, 2, 1), "Chest pain, unspecified");
	/* Cut at a character boundary, never inside one. */
	static const char utf8[] = "MSH|^~\\&\rPID|1||||Ni\\Xc3b1\\o\r";
	assert_int_equal(cl_hl7_parse(utf8, strlen(utf8), &m, &err), CL_OK);
	assert_string_equal(get("PID", 5, 1, 1, 1), "Niño");
	assert_true(cl_hl7_get(&m, cl_hl7_segment(&m, "PID", 1), 5, 1, 1, 1, small, 4));
	assert_string_equal(small, "Ni");
	assert_true(cl_hl7_get(&m, cl_hl7_segment(&m, "PID", 1), 5, 1, 1, 1, small, 5));
	assert_string_equal(small, "Niñ");
}

static void test_separators_and_endings(void **state)
{
	/* Other separators, LF and CRLF endings, blank lines, a short MSH-2. */
	static const char other[] = "MSH#*!/$#A#B\nPID#1##X*Y!Z$W#\r\n\r\nPV1#1\n";
	static const char short_enc[] = "MSH|^~|A\rPID|1||a^b&c\r";
	struct cl_error err = { 0 };

	(void)state;
	assert_int_equal(cl_hl7_parse(other, strlen(other), &m, &err), CL_OK);
	assert_int_equal(m.nsegments, 3);
	assert_string_equal(get("MSH", 3, 1, 1, 1), "A");
	assert_string_equal(get("PID", 3, 1, 1, 1), "X");
	assert_string_equal(get("PID", 3, 1, 2, 1), "Y");
	assert_string_equal(get("PID", 3, 2, 1, 1), "Z");
	assert_string_equal(get("PID", 3, 2, 1, 2), "W");
	assert_int_equal(cl_hl7_parse(short_enc, strlen(short_enc), &m, &err), CL_OK);
	assert_int_equal(m.escape, '\\');
	assert_int_equal(m.subcomponent, '&');
	assert_string_equal(get("PID", 3, 1, 2, 2), "c");
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"PID|1\r",
		"MSHX^~\\&\r",
		"MSH|^^\\&|A\r",
		"MSH|^~\\&|A\rP D|1\r",
		"MSH|^~\\&|A\rPID-1\r",
	};
	static const long lines[] = { 1, 1, 1, 1, 2, 2 };
	static char many[300 * 8];
	struct cl_error err = { 0 };
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cl_error_clear(&err);
		assert_int_equal(cl_hl7_parse(bad[i], strlen(bad[i]), &m, &err), CL_EINVAL);
		assert_int_equal(err.line, lines[i]);
		assert_true(err.message[0]);
	}
	n += (size_t)snprintf(many, sizeof(many), "MSH|^~\\&\r");
	for (int i = 0; i < CL_HL7_MAX_SEGMENTS; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "NTE|%d\r", i % 10);
	assert_int_equal(cl_hl7_parse(many, n, &m, &err), CL_EINVAL);
	assert_int_equal(err.line, CL_HL7_MAX_SEGMENTS + 1);
}

struct seen {
	int n;
	long lines[8];
	char first[8][16];
};

static int on_message(const char *start, size_t len, long line, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		s->lines[s->n] = line;
		snprintf(s->first[s->n], sizeof(s->first[0]), "%.*s", (int)(len < 15 ? len : 15),
			 start);
	}
	s->n++;
	return 0;
}

static void test_split(void **state)
{
	static const char plain[] = "MSH|^~\\&|A\nPID|1\n\nMSH|^~\\&|B\r\nPID|2\r\n"
				    "MSH|^~\\&|C\n";
	static const char mllp[] = "\x0bMSH|^~\\&|A\rPID|1\r\x1c\r\n"
				   "\x0bMSH|^~\\&|B\rPID|2\r\x1c\r\n";
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(cl_hl7_split(plain, strlen(plain), on_message, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.first[0], "MSH|^~\\&|A\nPID|");
	assert_string_equal(s.first[1], "MSH|^~\\&|B\r\nPID");
	assert_string_equal(s.first[2], "MSH|^~\\&|C");
	assert_int_equal(s.lines[0], 1);
	assert_int_equal(s.lines[1], 4);
	assert_int_equal(s.lines[2], 6);
	memset(&s, 0, sizeof(s));
	assert_int_equal(cl_hl7_split(mllp, strlen(mllp), on_message, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.first[0], "MSH|^~\\&|A\rPID|");
	assert_string_equal(s.first[1], "MSH|^~\\&|B\rPID|");
	/* (a lone CR ends a line: the first frame's two segments and its end are three) */
	assert_int_equal(s.lines[1], 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_separators_and_endings),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
