#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "id.h"

static void new_ids_are_random_v4(void **state)
{
	struct cl_id a, b;

	(void)state;
	cl_id_new(&a);
	cl_id_new(&b);
	assert_false(cl_id_equal(&a, &b));
	assert_false(cl_id_is_nil(&a));
	assert_int_equal(a.bytes[6] >> 4, 4);	   /* version 4 */
	assert_int_equal(a.bytes[8] & 0xC0, 0x80); /* RFC 4122 variant */
}

static void text_round_trip(void **state)
{
	char text[CL_ID_STRLEN];
	struct cl_id a, b;

	(void)state;
	cl_id_new(&a);
	cl_id_str(&a, text);
	assert_int_equal(strlen(text), 36);
	assert_int_equal(text[8], '-');
	assert_int_equal(cl_id_parse(text, &b), CL_OK);
	assert_true(cl_id_equal(&a, &b));
	assert_int_equal(cl_id_parse("8F14E45F-CEEA-467F-A0A6-F1D0C3A1B2C3", &b), CL_OK);
	assert_string_equal(cl_id_str(&b, text), "8f14e45f-ceea-467f-a0a6-f1d0c3a1b2c3");
}

static void bad_text_is_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"not-a-uuid",
		"8f14e45f-ceea-467f-a0a6-f1d0c3a1b2c",
		"8f14e45f-ceea-467f-a0a6-f1d0c3a1b2c3x",
		"8f14e45fxceea-467f-a0a6-f1d0c3a1b2c3",
		"gf14e45f-ceea-467f-a0a6-f1d0c3a1b2c3",
	};
	struct cl_id id;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cl_id_parse(bad[i], &id), CL_EINVAL);
	assert_int_equal(cl_id_parse(NULL, &id), CL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_ids_are_random_v4),
		cmocka_unit_test(text_round_trip),
		cmocka_unit_test(bad_text_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
