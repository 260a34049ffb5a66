/* The partner directory: records, lists, search, suggestions and the CSV import. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "testlib.h"

struct fixture {
	struct cl_db *db;
	char dir[256];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct cl_error err = { 0 };

	setenv("CARELOOP_TODAY", "2026-06-15", 1);
	if (!fx || cl_db_open(":memory:", CL_DB_CREATE, &fx->db, &err))
		return -1;
	test_temp_dir(fx->dir, sizeof(fx->dir));
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	cl_db_close(fx->db);
	test_remove_tree(fx->dir);
	free(fx);
	return 0;
}

static long long query_count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void make_org(struct cl_db *db, const char *kind, const char *name, const char *services,
		     const char *languages, const char *verified, struct cl_org *o)
{
	struct cl_error err = { 0 };

	cl_org_init(o);
	assert_int_equal(cl_org_field_set(o, "kind", kind, &err), CL_OK);
	assert_int_equal(cl_org_field_set(o, "name", name, &err), CL_OK);
	assert_int_equal(cl_org_field_set(o, "services", services, &err), CL_OK);
	assert_int_equal(cl_org_field_set(o, "languages", languages, &err), CL_OK);
	assert_int_equal(cl_org_field_set(o, "last_verified", verified, &err), CL_OK);
	if (cl_org_create(db, o, &err))
		fail_msg("create: %s", err.message);
}

static void test_fields(void **state)
{
	struct fixture *fx = *state;
	struct cl_error err = { 0 };
	struct cl_org o;
	char buf[600];

	(void)fx;
	cl_org_init(&o);
	assert_int_equal(cl_org_field_set(&o, "services",
					  "Food-Insecurity; housing-instability,food-insecurity",
					  &err),
			 CL_OK);
	assert_string_equal(o.services, "food-insecurity, housing-instability");
	assert_int_equal(cl_org_field_set(&o, "services", "cardiology", &err), CL_EINVAL);
	assert_string_equal(err.field, "services");
	assert_int_equal(cl_org_field_set(&o, "kind", "specialty", &err), CL_OK);
	assert_int_equal(cl_org_field_set(&o, "services", "cardiology pulmonology", &err), CL_OK);
	assert_int_equal(cl_org_field_set(&o, "languages", "es en", &err), CL_OK);
	assert_string_equal(o.languages, "es, en");
	assert_int_equal(cl_org_field_set(&o, "languages", "klingon", &err), CL_EINVAL);
	assert_int_equal(cl_org_field_set(&o, "last_verified", "13/45/2020", &err), CL_EINVAL);
	assert_string_equal(err.field, "last_verified");
	assert_int_equal(cl_org_field_set(&o, "agreement_start", "01/02/2026", &err), CL_OK);
	assert_string_equal(o.agreement_start, "2026-01-02");
	assert_int_equal(cl_org_field_set(&o, "name", "  ", &err), CL_EINVAL);
	assert_int_equal(cl_org_field_set(&o, "email", "nobody", &err), CL_EINVAL);
	assert_int_equal(cl_org_field_set(&o, "active", "maybe", &err), CL_EINVAL);
	assert_int_equal(cl_org_field_set(&o, "active", "no", &err), CL_OK);
	assert_false(o.active);
	assert_int_equal(cl_org_field_set(&o, "nonsense", "x", &err), CL_EINVAL);
	assert_int_equal(cl_org_field_get(&o, "kind", buf, sizeof(buf)), CL_OK);
	assert_string_equal(buf, "specialty");
	for (const struct cl_field *f = cl_org_fields; f->key; f++)
		assert_int_equal(cl_org_field_get(&o, f->key, buf, sizeof(buf)), CL_OK);
	/* An agreement ends after it starts; only specialty partners have one. */
	assert_int_equal(cl_org_field_set(&o, "name", "Heart Clinic", &err), CL_OK);
	assert_int_equal(cl_org_field_set(&o, "agreement_end", "2025-12-31", &err), CL_OK);
	assert_int_equal(cl_org_validate(&o, &err), CL_EINVAL);
	assert_string_equal(err.field, "agreement_end");
	o.kind = CL_ORG_COMMUNITY;
	o.services[0] = '\0';
	o.agreement_end[0] = '\0';
	assert_int_equal(cl_org_validate(&o, &err), CL_EINVAL);
	assert_string_equal(err.field, "agreement_start");
}

/* Text that would reorder or hide what is shown around it is refused, field by field. */
static void test_hostile_text_and_future(void **state)
{
	static const char *const hostile[] = {
		"Evil\xe2\x80\xae"
		"Corp", /* U+202E RIGHT-TO-LEFT OVERRIDE */
		"Evil\xe2\x81\xa6"
		"Corp", /* U+2066 LEFT-TO-RIGHT ISOLATE */
		"Evil\xe2\x80\x8f"
		"Corp", /* U+200F RIGHT-TO-LEFT MARK */
		"Evil\xd8\x9c"
		"Corp", /* U+061C ARABIC LETTER MARK */
		"Evil\xe2\x80\xa8"
		"Corp", /* U+2028 LINE SEPARATOR */
		"Evil\xc2\x9b"
		"Corp", /* U+009B CSI (C1) */
		"Evil\x1b]0;owned\x07"
		"Corp", /* ESC ] 0 ; … BEL */
		"Evil\x7f"
		"Corp", /* DEL */
	};
	struct cl_error err = { 0 };
	struct cl_org o;

	(void)state;
	cl_org_init(&o);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		if (cl_org_field_set(&o, "name", hostile[i], &err) != CL_EINVAL)
			fail_msg("hostile name %zu accepted", i);
		assert_string_equal(err.field, "name");
		assert_int_equal(cl_org_field_set(&o, "notes", hostile[i], &err), CL_EINVAL);
	}
	assert_string_equal(o.name, "");
	/* Letters of every script are fine, and so are tabs and newlines in notes. */
	assert_int_equal(
		cl_org_field_set(&o, "name", "Cl\xc3\xadnica \xd8\xb4\xd9\x81\xd8\xa7", &err),
		CL_OK);
	assert_int_equal(cl_org_field_set(&o, "notes", "a\tb\nc", &err), CL_OK);
	/* Nobody verified an entry in the future (today is 2026-06-15 here). */
	assert_int_equal(cl_org_field_set(&o, "last_verified", "9999-12-31", &err), CL_EINVAL);
	assert_string_equal(err.field, "last_verified");
	assert_int_equal(cl_org_field_set(&o, "last_verified", "2026-06-16", &err), CL_EINVAL);
	assert_int_equal(cl_org_field_set(&o, "last_verified", "2026-06-15", &err), CL_OK);
	assert_int_equal(cl_org_field_set(&o, "last_verified", "06/14/2026", &err), CL_OK);
	/* An agreement may end in the future. */
	assert_int_equal(cl_org_field_set(&o, "agreement_end", "9999-12-31", &err), CL_OK);
}

/* The import refuses the same text at its line and column, and stores nothing of it. */
static void test_import_hostile_text(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "kind,name,notes,last_verified\n"
				   "community,Fine Pantry,,2026-01-01\n"
				   "community,\"Evil\xe2\x80\xae"
				   "Corp\",,\n"
				   "community,Late,,9999-12-31\n";
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/hostile.csv", fx->dir);
	assert_int_equal(test_write_file(path, text, strlen(text)), 0);
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 2);
	assert_string_equal(err.field, "name");
	assert_null(strstr(err.message, "Evil"));
	assert_int_equal(res.rejected, 2);
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM organization"), 0);
	/* Kept apart with --skip-bad: only the good row is stored. */
	{
		struct cl_import_options opt = { .skip_bad = true };

		assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_OK);
		assert_int_equal(res.imported, 1);
		assert_int_equal(res.rejected, 2);
		assert_int_equal(
			query_count(fx->db,
				    "SELECT count(*) FROM organization WHERE "
				    "instr(name, char(8238)) OR last_verified > '2026-06-15'"),
			0);
		assert_int_equal(query_count(fx->db, "SELECT count(*) FROM organization"), 1);
	}
}

static void test_create_update_retire(void **state)
{
	struct fixture *fx = *state;
	struct cl_error err = { 0 };
	struct cl_org o, other, again;

	make_org(fx->db, "community", "Valley Food Bank", "food-insecurity", "en, es", "2026-01-10",
		 &o);
	assert_int_equal(o.version, 1);
	assert_int_equal(cl_org_get(fx->db, &o.id, &again, &err), CL_OK);
	assert_string_equal(again.name, "Valley Food Bank");
	assert_string_equal(again.services, "food-insecurity");

	/* The same active name and kind twice is refused. */
	cl_org_init(&other);
	cl_org_field_set(&other, "name", "valley food bank", &err);
	assert_int_equal(cl_org_create(fx->db, &other, &err), CL_EEXIST);

	/* Optimistic save: the second writer of version 1 loses, nothing overwritten. */
	snprintf(o.phone, sizeof(o.phone), "555-0100");
	assert_int_equal(cl_org_update(fx->db, &o, &err), CL_OK);
	assert_int_equal(o.version, 2);
	snprintf(again.phone, sizeof(again.phone), "555-0199");
	assert_int_equal(cl_org_update(fx->db, &again, &err), CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by"));
	assert_int_equal(cl_org_get(fx->db, &o.id, &again, &err), CL_OK);
	assert_string_equal(again.phone, "555-0100");

	/* Services are indexed: change them and the filter follows. */
	cl_org_field_set(&o, "services", "housing-instability", &err);
	assert_int_equal(cl_org_update(fx->db, &o, &err), CL_OK);
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM organization_service"
					     " WHERE code = 'food-insecurity'"),
			 0);
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM organization_service"
					     " WHERE code = 'housing-instability'"),
			 1);

	assert_int_equal(cl_org_retire(fx->db, &o, &err), CL_OK);
	assert_false(o.active);
	assert_int_equal(cl_org_get(fx->db, &o.id, &again, &err), CL_OK);
	assert_false(again.active);
	assert_int_equal(query_count(fx->db,
				     "SELECT count(*) FROM audit WHERE entity = 'organization'"
				     " AND action = 'retire'"),
			 1);
	/* Retired: the name is free again. */
	assert_int_equal(cl_org_create(fx->db, &other, &err), CL_OK);
}

/* Marking an entry verified stamps today, clears the stale flag and is a versioned update. */
static void test_mark_verified(void **state)
{
	struct fixture *fx = *state;
	struct cl_org_filter filter = { -1, NULL, false };
	struct cl_org_row rows[4];
	struct cl_error err = { 0 };
	struct cl_org o, old;
	int n;

	make_org(fx->db, "community", "Old Pantry", "food-insecurity", "en", "2024-01-02", &o);
	assert_true(cl_org_is_stale(fx->db, o.last_verified, "2026-06-15"));
	old = o;
	assert_int_equal(cl_org_mark_verified(fx->db, &o, &err), CL_OK);
	assert_string_equal(o.last_verified, "2026-06-15");
	assert_int_equal(o.version, 2);
	assert_int_equal(cl_org_page(fx->db, &filter, NULL, false, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_false(rows[0].stale);
	assert_string_equal(rows[0].last_verified, "2026-06-15");
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM organization"
					     " WHERE last_verified = '2026-06-15'"),
			 1);
	/* A stale copy (version 1) is refused and changes nothing. */
	assert_int_equal(cl_org_mark_verified(fx->db, &old, &err), CL_ECONFLICT);
	assert_string_equal(old.last_verified, "2024-01-02");
	assert_int_equal(old.version, 1);
}

static void test_list_search_stale(void **state)
{
	struct fixture *fx = *state;
	struct cl_org_filter filter = { -1, NULL, false };
	struct cl_org_row rows[10], after;
	struct cl_error err = { 0 };
	struct cl_org o;
	int n;

	make_org(fx->db, "community", "Bread Basket", "food-insecurity", "en", "2026-05-01", &o);
	make_org(fx->db, "community", "Casa Segura",
		 "housing-instability, intimate-partner-violence", "es", "2024-01-01", &o);
	make_org(fx->db, "specialty", "Apex Cardiology", "cardiology", "en", "", &o);
	make_org(fx->db, "community", "Ride Share Rural", "transportation-insecurity", "en",
		 "2025-06-15", &o);
	assert_int_equal(cl_org_retire(fx->db, &o, &err), CL_OK);

	assert_int_equal(cl_org_page(fx->db, &filter, NULL, false, rows, 2, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].name, "Apex Cardiology");
	assert_true(rows[0].stale); /* never verified */
	assert_string_equal(rows[1].name, "Bread Basket");
	assert_false(rows[1].stale);
	after = rows[1];
	assert_int_equal(cl_org_page(fx->db, &filter, &after, false, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].name, "Casa Segura");
	assert_true(rows[0].stale); /* verified 2024-01-01, more than 12 months ago */
	after = rows[0];
	assert_int_equal(cl_org_page(fx->db, &filter, &after, true, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].name, "Apex Cardiology");

	filter.include_retired = true;
	assert_int_equal(cl_org_page(fx->db, &filter, NULL, false, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 4);
	filter.include_retired = false;
	filter.kind = CL_ORG_SPECIALTY;
	assert_int_equal(cl_org_page(fx->db, &filter, NULL, false, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	filter.kind = -1;
	filter.service = "housing-instability";
	assert_int_equal(cl_org_page(fx->db, &filter, NULL, false, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].name, "Casa Segura");

	filter.service = NULL;
	assert_int_equal(cl_org_search(fx->db, "bre", &filter, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].name, "Bread Basket");
	assert_int_equal(cl_org_search(fx->db, "intimate", &filter, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cl_org_search(fx->db, "ride", &filter, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 0); /* retired */
	assert_int_equal(cl_org_search(fx->db, "\"*(", &filter, rows, 10, &n, &err), CL_OK);
	assert_int_equal(n, 0);

	/* The stale window is a setting. */
	assert_int_equal(cl_setting_set_int(fx->db, "directory_stale_months", 36, &err), CL_OK);
	assert_false(cl_org_is_stale(fx->db, "2024-01-01", "2026-06-15"));
	assert_true(cl_org_is_stale(fx->db, "2023-06-14", "2026-06-15"));
	assert_false(cl_org_is_stale(fx->db, "2023-06-15", "2026-06-15"));
	assert_true(cl_org_is_stale(fx->db, "", "2026-06-15"));
}

static void test_suggest_language_first(void **state)
{
	struct fixture *fx = *state;
	struct cl_org_row rows[10];
	struct cl_error err = { 0 };
	struct cl_org o;
	int n;

	make_org(fx->db, "community", "Alpha Pantry", "food-insecurity", "en", "2026-05-01", &o);
	make_org(fx->db, "community", "Zeta Despensa", "food-insecurity", "en, es", "2026-05-01",
		 &o);
	make_org(fx->db, "community", "Beta Shelter", "housing-instability", "es", "2026-05-01",
		 &o);
	assert_int_equal(cl_org_suggest(fx->db, "food-insecurity", "es", rows, 10, &n, &err),
			 CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].name, "Zeta Despensa");
	assert_true(rows[0].language_match);
	assert_false(rows[1].language_match);
	assert_int_equal(cl_org_suggest(fx->db, "food-insecurity", "en", rows, 10, &n, &err),
			 CL_OK);
	assert_string_equal(rows[0].name, "Alpha Pantry");
}

/* ---- import ---- */

static void write_file(struct fixture *fx, const char *name, const char *text, char *path,
		       size_t size)
{
	snprintf(path, size, "%s/%s", fx->dir, name);
	assert_int_equal(test_write_file(path, text, strlen(text)), 0);
}

static long long org_count(struct fixture *fx)
{
	return query_count(fx->db, "SELECT count(*) FROM organization");
}

static void test_import_tricky_good(void **state)
{
	static const char text[] =
		"\xEF\xBB\xBF"
		"kind,name,services,phone,address,languages,hours,notes,last_verified\r\n"
		"community,\"Food, Shelter & More\",\"food-insecurity;housing-instability\",555-0101,"
		"\"12 Main St, Suite 3\",\"en,es\",9-5,\"line one\r\nline two\",2026-01-05\r\n"
		"specialty,Apex Cardiology,cardiology,,,,,\"She said \"\"call first\"\"\",03/04/2026\r\n"
		"community,Ride Rural,transportation-insecurity,,,,,,\r\n";
	struct cl_import_result res;
	struct cl_error err = { 0 };
	struct cl_org_row rows[5];
	struct cl_org o;
	char path[512];
	int n;

	write_file(*state, "good.csv", text, path, sizeof(path));
	if (cl_org_import(((struct fixture *)*state)->db, path, NULL, &res, &err))
		fail_msg("import: %s", err.message);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.imported, 3);
	assert_int_equal(org_count(*state), 3);
	assert_int_equal(
		cl_org_search(((struct fixture *)*state)->db, "shelter", NULL, rows, 5, &n, &err),
		CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cl_org_get(((struct fixture *)*state)->db, &rows[0].id, &o, &err), CL_OK);
	assert_string_equal(o.name, "Food, Shelter & More");
	assert_string_equal(o.address, "12 Main St, Suite 3");
	assert_string_equal(o.notes, "line one\nline two");
	assert_string_equal(o.services, "food-insecurity, housing-instability");
	assert_string_equal(o.languages, "en, es");
	assert_int_equal(query_count(((struct fixture *)*state)->db,
				     "SELECT count(*) FROM audit WHERE action = 'import'"),
			 3);
}

/* A bad date on physical line 7 (record 5, after a quoted field with a newline). */
static const char bad_line7[] = "kind,name,services,notes,last_verified\n"    /* line 1 */
				"community,One,food-insecurity,,2026-01-01\n" /* 2 */
				"community,Two,food-insecurity,\"a\nb\",\n"   /* 3-4 */
				"community,Three,,\"x\ny\",2026-02-02\n"      /* 5-6 */
				"community,Four,,,2026-13-40\n"		      /* 7: bad */
				"community,Five,,,\n";			      /* 8 */

static void test_import_bad_line_changes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct cl_import_result res;
	struct cl_error err = { 0 };
	long long audit_before = query_count(fx->db, "SELECT count(*) FROM audit");
	char path[512];

	write_file(fx, "bad.csv", bad_line7, path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 5); /* the fifth field: the spreadsheet column */
	assert_string_equal(err.field, "last_verified");
	assert_non_null(strstr(err.message, "line 7"));
	assert_null(strstr(err.message, "2026-13-40")); /* no values in messages */
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.rejected, 1);
	assert_int_equal(res.imported, 0);
	/* Three good rows came before it: none of them is kept, nor their audit rows. */
	assert_int_equal(org_count(fx), 0);
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM organization_service"), 0);
	assert_int_equal(query_count(fx->db, "SELECT count(*) FROM audit"), audit_before);

	/* A dry run of a good file keeps nothing either. */
	{
		struct cl_import_options opt = { .dry_run = true };
		static const char good[] = "kind,name\ncommunity,Alone\n";

		write_file(fx, "dry.csv", good, path, sizeof(path));
		assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_OK);
		assert_int_equal(res.imported, 1);
		assert_int_equal(org_count(fx), 0);
	}
}

static void test_import_broken_csv_late(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "kind,name\ncommunity,A\ncommunity,B\ncommunity,\"C\n";
	struct cl_import_options opt = { .skip_bad = true };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512];

	write_file(fx, "broken.csv", text, path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_EINVAL);
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 11);
	assert_int_equal(org_count(fx), 0);
}

static void test_import_header_problems(void **state)
{
	struct fixture *fx = *state;
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512];

	write_file(fx, "h1.csv", "kind,name,colour\ncommunity,A,red\n", path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 3); /* the spreadsheet column, C */
	assert_string_equal(err.message, "line 1: unknown column 'colour' (column C)");
	/* A header problem is no row's: no "1 of 0 rows bad". */
	assert_int_equal(res.outcome, CL_IMPORT_BAD_HEADER);
	assert_int_equal(res.rows, 0);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(res.problems, 1);
	write_file(fx, "h2.csv", "kind,phone\ncommunity,1\n", path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_non_null(strstr(err.message, "name"));
	write_file(fx, "h3.csv", "kind,name\ncommunity,A,extra\n", path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_ROWS);
	write_file(fx, "h4.csv", "", path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_HEADER);
	assert_int_equal(org_count(fx), 0);
}

/* Every problem of the header is reported, each naming its column. */
static void test_import_header_every_problem(void **state)
{
	struct fixture *fx = *state;
	struct test_problems list = { 0 };
	struct cl_import_options opt = { .bad_row = test_collect_problem, .arg = &list };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512];

	write_file(fx, "hh.csv", "kind,website,Kind,,phone\ncommunity,x,community,,1\n", path,
		   sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_EINVAL);
	assert_int_equal(list.n, 4);
	assert_string_equal(list.e[0].message, "line 1: unknown column 'website' (column B)");
	assert_int_equal(list.e[0].column, 2);
	assert_string_equal(list.e[1].message, "line 1: repeated column 'Kind' (columns A and C)");
	assert_string_equal(list.e[2].message, "line 1: a column without a name (column D)");
	assert_non_null(strstr(list.e[3].message, "no 'name' column"));
	assert_string_equal(err.message, list.e[0].message);
	assert_int_equal(res.problems, 4);
	/* A header cell's control characters never reach a message. */
	list.n = 0;
	write_file(fx, "he.csv", "kind,name,\"\x1b]0;owned\x07\"\ncommunity,A,x\n", path,
		   sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_EINVAL);
	assert_int_equal(list.n, 1);
	assert_null(strchr(list.e[0].message, '\x1b'));
	assert_null(strchr(list.e[0].message, '\x07'));
	assert_non_null(strstr(list.e[0].message, "(column C)"));
}

/* Every problem of a row is reported, not only its first; the reject file lists them all. */
static void test_import_every_problem_of_a_row(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "kind,name,services,email,last_verified\n"
				   "community,Good,food-insecurity,a@b.org,2026-01-01\n"
				   "community,,cardiology,nobody,2026-02-30\n"
				   "nonsense,Bad Kind,cardiology,,\n";
	struct test_problems list = { 0 };
	struct cl_import_options opt = { .bad_row = test_collect_problem, .arg = &list };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512], rejects[512], buf[2048];
	long len;

	write_file(fx, "rows.csv", text, path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_EINVAL);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_ROWS);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(res.rows, 3);
	assert_int_equal(list.n, 5);
	assert_int_equal(res.problems, 5);
	/* Line 3: name (B), services (C), email (D), last_verified (E), in column order. */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(list.e[i].line, 3);
		assert_int_equal(list.e[i].column, i + 2);
	}
	assert_non_null(strstr(list.e[0].message, "line 3, column B (name): "));
	assert_non_null(strstr(list.e[1].message, "line 3, column C (services): "));
	assert_non_null(strstr(list.e[2].message, "line 3, column D (email): "));
	assert_non_null(strstr(list.e[3].message, "line 3, column E (last_verified): "));
	/* A bad kind: its services cannot be judged, so only the kind is reported. */
	assert_int_equal(list.e[4].line, 4);
	assert_string_equal(list.e[4].field, "kind");
	assert_int_equal(org_count(fx), 0);

	/* With --skip-bad each rejected row carries all its reasons. */
	list.n = 0;
	opt.skip_bad = true;
	snprintf(rejects, sizeof(rejects), "%s/rows.rejected.csv", fx->dir);
	assert_non_null(opt.rejects = fopen(rejects, "wb"));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_OK);
	fclose(opt.rejects);
	assert_int_equal(res.outcome, CL_IMPORT_DONE);
	assert_int_equal(res.imported, 1);
	len = test_read_file(rejects, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_non_null(strstr(buf, "\"line 3, column B (name): Name is required; line 3, column C "
				    "(services): "));
	assert_non_null(strstr(buf, "; line 3, column E (last_verified): "));
}

/*
 * Broken CSV on the last line, after a bad row: the syntax error is reported with its line
 * and column (it was hidden behind "1 of 3 rows bad"), with or without --skip-bad.
 */
static void test_import_unclosed_quote_after_bad_rows(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "kind,name,notes\n"
				   "community,A,x\n"
				   "community,,y\n"
				   "community,C,z\n"
				   "community,E,\"unclosed\n";
	struct test_problems list = { 0 };
	struct cl_import_options opt = { .bad_row = test_collect_problem, .arg = &list };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512];

	write_file(fx, "quote.csv", text, path, sizeof(path));
	for (int skip = 0; skip < 2; skip++) {
		list.n = 0;
		opt.skip_bad = skip;
		assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_EINVAL);
		assert_int_equal(res.outcome, CL_IMPORT_BAD_CSV);
		assert_int_equal(list.n, 2); /* the bad row, then the broken CSV */
		assert_int_equal(list.e[1].line, 5);
		assert_int_equal(list.e[1].column, 13);
		assert_non_null(strstr(list.e[1].message, "never closed"));
		assert_int_equal(err.line, 5);
		assert_int_equal(res.imported, 0);
		assert_int_equal(org_count(fx), 0);
	}
	/* --skip-bad over a file where every row is bad keeps nothing, and says so. */
	write_file(fx, "allbad.csv", "kind,name\ncommunity,\nnope,X\n", path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_OK);
	assert_int_equal(res.outcome, CL_IMPORT_DONE);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(res.imported, 0);
}

/*
 * The disk fills up (here: the database may not grow past a few pages) after bad rows:
 * that is the import's failure, said as such, never "N of M rows bad".
 */
static void test_import_disk_full_after_bad_rows(void **state)
{
	struct fixture *fx = *state;
	struct test_problems list = { 0 };
	struct cl_import_options opt = { .bad_row = test_collect_problem, .arg = &list };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512], *text, pragma[64];
	size_t len = 0, cap = 1 << 20;

	assert_non_null(text = malloc(cap));
	len += (size_t)snprintf(text + len, cap - len, "kind,name,notes\n");
	len += (size_t)snprintf(text + len, cap - len, "community,,bad\nbogus,B,bad\n");
	for (int i = 0; i < 400; i++) {
		len += (size_t)snprintf(text + len, cap - len, "community,Org %d,", i);
		memset(text + len, 'n', 900);
		len += 900;
		text[len++] = '\n';
	}
	write_file(fx, "big.csv", "", path, sizeof(path));
	assert_int_equal(test_write_file(path, text, len), 0);
	free(text);
	snprintf(pragma, sizeof(pragma), "PRAGMA max_page_count = %lld",
		 query_count(fx->db, "PRAGMA page_count") + 8);
	assert_int_equal(cl_db_exec(fx->db, pragma, &err), CL_OK);
	for (int skip = 0; skip < 2; skip++) {
		list.n = 0;
		opt.skip_bad = skip;
		cl_error_clear(&err);
		assert_int_not_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_EINVAL);
		assert_int_equal(res.outcome, CL_IMPORT_FAILED);
		assert_non_null(strstr(err.message, "full"));
		assert_int_equal(err.line, 0); /* not a place in the file */
		assert_int_equal(list.n, 2);   /* the two bad rows, and nothing else */
		assert_int_equal(res.imported, 0);
		assert_int_equal(org_count(fx), 0);
	}
}

static void test_import_skip_bad_rejects(void **state)
{
	struct fixture *fx = *state;
	struct cl_import_options opt = { .skip_bad = true };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512], rejects[512], buf[2048];
	long len;

	write_file(fx, "skip.csv", bad_line7, path, sizeof(path));
	snprintf(rejects, sizeof(rejects), "%s/skip.rejected.csv", fx->dir);
	assert_non_null(opt.rejects = fopen(rejects, "wb"));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_OK);
	fclose(opt.rejects);
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.imported, 4);
	assert_int_equal(res.rejected, 1);
	assert_int_equal(org_count(fx), 4);
	len = test_read_file(rejects, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_non_null(strstr(buf, "kind,name,services,notes,last_verified,reject_reason\r\n"));
	assert_non_null(strstr(buf, "community,Four,,,2026-13-40,"));
	assert_non_null(strstr(buf, "line 7, column E (last_verified)"));
	assert_null(strstr(buf, "One"));

	/* The reject file, fixed, imports back (its reject_reason column is ignored). */
	{
		static const char fixed[] =
			"kind,name,services,notes,last_verified,reject_reason\r\n"
			"community,Four,,,2026-03-04,line 7: whatever\r\n";

		write_file(fx, "fixed.csv", fixed, path, sizeof(path));
		assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_OK);
		assert_int_equal(org_count(fx), 5);
	}
	/* Importing the same file again: every row repeats an active entry. */
	write_file(fx, "again.csv", bad_line7, path, sizeof(path));
	assert_int_equal(cl_org_import(fx->db, path, NULL, &res, &err), CL_EINVAL);
	assert_int_equal(res.rejected, 5);
	assert_int_equal(org_count(fx), 5);
}

/*
 * A row with fewer or more fields than the header is rejected with its reason under the
 * reject_reason column, not in the cell where its row ends: short rows are padded, extra
 * cells follow the reason. (Found by tests/fuzz/fuzz_import_orgs.)
 */
static void test_import_rejects_ragged_rows(void **state)
{
	static const char text[] = "kind,name,notes\r\n"
				   "community\r\n"
				   "community,Long,n,extra\r\n"
				   "community,Good,\r\n";
	struct fixture *fx = *state;
	struct cl_import_options opt = { .skip_bad = true };
	struct cl_import_result res;
	struct cl_error err = { 0 };
	char path[512], rejects[512], buf[2048];
	long len;

	write_file(fx, "ragged.csv", text, path, sizeof(path));
	snprintf(rejects, sizeof(rejects), "%s/ragged.rejected.csv", fx->dir);
	assert_non_null(opt.rejects = fopen(rejects, "wb"));
	assert_int_equal(cl_org_import(fx->db, path, &opt, &res, &err), CL_OK);
	fclose(opt.rejects);
	assert_int_equal(res.imported, 1);
	assert_int_equal(res.rejected, 2);
	len = test_read_file(rejects, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_string_equal(buf,
			    "kind,name,notes,reject_reason\r\n"
			    "community,,,line 2: 1 fields where the header has 3\r\n"
			    "community,Long,n,line 3: 4 fields where the header has 3,extra\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_text_and_future, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_hostile_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_update_retire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_search_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suggest_language_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_tricky_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_bad_line_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_broken_csv_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_header_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_skip_bad_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_rejects_ragged_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_header_every_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_every_problem_of_a_row, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_unclosed_quote_after_bad_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_disk_full_after_bad_rows, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
