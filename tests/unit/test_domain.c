#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"

/* The table and the stored codes list agree, entry for entry; keys and codes are unique. */
static void test_table_consistent(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; cl_domains[i].key; i++) {
		assert_non_null(cl_domain_codes[i]);
		assert_string_equal(cl_domains[i].gravity, cl_domain_codes[i]);
		assert_non_null(cl_domains[i].label[CL_LANG_EN]);
		assert_non_null(cl_domains[i].label[CL_LANG_ES]);
		for (j = 0; j < i; j++) {
			assert_string_not_equal(cl_domains[i].key, cl_domains[j].key);
			assert_string_not_equal(cl_domains[i].gravity, cl_domains[j].gravity);
		}
	}
	assert_null(cl_domain_codes[i]);
	/* Every domain a goal may have is in the table. */
	for (i = 0; cl_hrsn_domain_codes[i]; i++)
		assert_non_null(cl_domain_find(cl_hrsn_domain_codes[i]));
}

/* Every old spelling finds the same domain; a typo finds none. */
static void test_aliases(void **state)
{
	static const char *const food[] = { "food",
					    "FOOD",
					    "food-insecurity",
					    "Food-Insecurity",
					    "Food insecurity",
					    "food insecurity",
					    "Inseguridad alimentaria" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(food) / sizeof(food[0]); i++) {
		const struct cl_domain *d = cl_domain_find(food[i]);

		print_message("%s\n", food[i]);
		assert_non_null(d);
		assert_string_equal(d->key, "food");
	}
	assert_null(cl_domain_find("fod"));
	assert_null(cl_domain_find(""));
	assert_null(cl_domain_find(NULL));
	assert_string_equal(cl_domain_key("inadequate-housing"), "housing-quality");
	assert_string_equal(cl_domain_key("cardiology"), "cardiology"); /* not a domain */
	assert_string_equal(cl_domain_name("utility-insecurity"), "Utilities");
	assert_string_equal(cl_domain_label("food", CL_LANG_ES), "Inseguridad alimentaria");
	assert_true(cl_domain_sensitive("safety"));
	assert_true(cl_domain_sensitive("intimate-partner-violence"));
	assert_true(cl_domain_sensitive("elder-abuse"));
	assert_false(cl_domain_sensitive("food-insecurity"));
	assert_false(cl_domain_sensitive("cardiology"));
}

static void test_keys_text(void **state)
{
	char buf[64];

	(void)state;
	cl_domain_keys_text("food-insecurity, inadequate-housing, something-new", buf, sizeof(buf));
	assert_string_equal(buf, "food, housing-quality, something-new");
	cl_domain_keys_text("", buf, sizeof(buf));
	assert_string_equal(buf, "");
}

/* The AHC tool's domains are the table's keys, with its labels and codes in both languages. */
static void test_ahc_matches_table(void **state)
{
	struct cl_error err = { 0 };
	struct cl_instrument *in = NULL;
	struct cl_db *db = NULL;
	int d;

	(void)state;
	assert_int_equal(cl_db_open(":memory:", CL_DB_CREATE, &db, &err), CL_OK);
	assert_int_equal(cl_instrument_load(db, "ahc-hrsn", &in, &err), CL_OK);
	for (d = 0; d < in->ndomains; d++) {
		const struct cl_instrument_domain *dom = &in->domains[d];
		const struct cl_domain *t = cl_domain_find(dom->code);

		print_message("%s\n", dom->code);
		assert_non_null(t);
		assert_string_equal(t->key, dom->code);
		assert_string_equal(t->gravity, dom->sdoh_category);
		assert_int_equal(t->sensitive, dom->sensitive);
		assert_string_equal(t->label[CL_LANG_EN], dom->name[CL_LANG_EN]);
		assert_string_equal(t->label[CL_LANG_ES], dom->name[CL_LANG_ES]);
		assert_string_equal(cl_instrument_domain_label(dom, CL_LANG_ES),
				    dom->name[CL_LANG_ES]);
	}
	cl_instrument_free(in);
	cl_db_close(db);
}

/* A screen in Spanish says the result in Spanish. */
static void test_result_names(void **state)
{
	(void)state;
	assert_string_equal(cl_domain_result_name(CL_DOMAIN_POSITIVE, CL_LANG_ES), "positivo");
	assert_string_equal(cl_domain_result_name(CL_DOMAIN_NEGATIVE, CL_LANG_ES), "negativo");
	assert_string_equal(cl_domain_result_name(CL_DOMAIN_INCOMPLETE, CL_LANG_ES), "incompleto");
	assert_string_equal(cl_domain_result_name(CL_DOMAIN_POSITIVE, CL_LANG_EN), "positive");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_consistent), cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_keys_text),	 cmocka_unit_test(test_ahc_matches_table),
		cmocka_unit_test(test_result_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
