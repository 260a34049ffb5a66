/*
 * The panel import (patient_import.h): EHR column names, dates and phones as EHRs write
 * them, updates by MRN told field by field, all or nothing, --skip-bad, and the patients
 * absent from a whole panel marked inactive.
 */
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
#include "testdb.h"
#include "testlib.h"

#define TODAY "2026-12-07"

struct fixture {
	struct cl_db *db;
	char dir[256], db_path[512], csv[512];
	/* The last import's: */
	struct cl_panel_result res;
	struct cl_error err;
	struct test_problems list;
	char changes[4096];   /* "line mrn field: before -> after\n" each */
	char duplicates[512]; /* "line mrn ~ other reason\n" each */
	int ignored;	      /* columns told not imported */
	long progress;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	setenv("CARELOOP_TODAY", TODAY, 1);
	if (!fx)
		return -1;
	test_temp_dir(fx->dir, sizeof(fx->dir));
	snprintf(fx->db_path, sizeof(fx->db_path), "%s/panel.db", fx->dir);
	snprintf(fx->csv, sizeof(fx->csv), "%s/panel.csv", fx->dir);
	if (cl_db_open(fx->db_path, CL_DB_CREATE, &fx->db, &fx->err))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	cl_db_close(fx->db);
	test_remove_tree(fx->dir);
	free(fx);
	unsetenv("CARELOOP_TODAY");
	return 0;
}

static void collect_change(const struct cl_patient_change *c, void *arg)
{
	struct fixture *fx = arg;
	size_t len = strlen(fx->changes);

	snprintf(fx->changes + len, sizeof(fx->changes) - len, "%ld %s %s: %s -> %s\n", c->line,
		 c->mrn, c->field, c->before, c->after);
}

static void collect_duplicate(long line, const char *mrn, const struct cl_duplicate *other,
			      void *arg)
{
	struct fixture *fx = arg;
	size_t len = strlen(fx->duplicates);

	snprintf(fx->duplicates + len, sizeof(fx->duplicates) - len, "%ld %s ~ %s %u\n", line, mrn,
		 other->mrn, other->reason);
}

static void count_ignored(const struct cl_error *err, void *arg)
{
	struct fixture *fx = arg;

	assert_int_equal(err->line, 1);
	fx->ignored++;
}

static void count_progress(long rows, void *arg)
{
	((struct fixture *)arg)->progress = rows;
}

/* Import text with opt (NULL: none; its callbacks are the fixture's). */
static int import(struct fixture *fx, const char *text, struct cl_panel_options *opt)
{
	struct cl_panel_options none = { .expect_inactivate = -1 };

	if (!opt)
		opt = &none;
	memset(&fx->list, 0, sizeof(fx->list));
	fx->changes[0] = '\0';
	fx->duplicates[0] = '\0';
	fx->ignored = 0;
	fx->progress = 0;
	cl_error_clear(&fx->err);
	opt->import.bad_row = test_collect_problem;
	opt->import.arg = &fx->list;
	opt->changed = collect_change;
	opt->duplicate = collect_duplicate;
	opt->ignored_column = count_ignored;
	opt->progress = count_progress;
	opt->arg = fx;
	opt->today = TODAY;
	assert_int_equal(test_write_file(fx->csv, text, strlen(text)), 0);
	return cl_patient_import(fx->db, fx->csv, opt, &fx->res, &fx->err);
}

static void must_import(struct fixture *fx, const char *text, struct cl_panel_options *opt)
{
	if (import(fx, text, opt) != CL_OK)
		fail_msg("import: %s (first problem: %s)", fx->err.message,
			 fx->list.n ? fx->list.e[0].message : "none");
}

static struct cl_patient patient(struct fixture *fx, const char *mrn)
{
	struct cl_patient p;
	struct cl_error err = { 0 };

	if (cl_patient_by_mrn(fx->db, mrn, &p, &err))
		fail_msg("no patient %s: %s", mrn, err.message);
	return p;
}

static long long patients(struct fixture *fx)
{
	return test_count(fx->db, "SELECT count(*) FROM patient");
}

/* Header names as EHRs write them, in any case, spacing and punctuation. */
static void test_aliases(void **state)
{
	static const struct {
		const char *name, *key;
	} names[] = {
		{ "MRN", "mrn" },
		{ "Medical Record Number", "mrn" },
		{ "Patient ID", "mrn" },
		{ "patient_id", "mrn" },
		{ "DOB", "birth_date" },
		{ "Date of Birth", "birth_date" },
		{ "BIRTH_DATE", "birth_date" },
		{ "Birth Date", "birth_date" },
		{ "Last Name", "family_name" },
		{ "Patient Last Name", "family_name" },
		{ "Family Name", "family_name" },
		{ "first name", "given_name" },
		{ "Given Name", "given_name" },
		{ "Sex", "sex" },
		{ "Sex at birth", "sex" },
		{ "Gender", "sex" },
		{ "Phone", "phone" },
		{ "Home Phone", "phone" },
		{ "Mobile", "phone" },
		{ "Zip Code", "postal_code" },
		{ "Preferred Language", "language" },
		{ " care-manager ", "care_manager" },
		{ "Last Visit", NULL },
		{ "", NULL },
		{ "Name", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *key = cl_patient_import_column(names[i].name);

		if (!names[i].key ? key != NULL : !key || strcmp(key, names[i].key) != 0)
			fail_msg("'%s' is %s", names[i].name, key ? key : "nothing");
	}
	assert_non_null(cl_patient_import_aliases("birth_date"));
	assert_null(cl_patient_import_aliases("no_such_field"));
}

/* A newcomer's EHR export: other names, US dates, phones with +1, words for codes. */
static void test_ehr_export(void **state)
{
	struct fixture *fx = *state;
	struct cl_patient p;

	must_import(fx,
		    "Patient ID,Patient Last Name,First Name,DOB,Sex at birth,Home Phone,"
		    "Preferred Language,Last Visit\n"
		    "A100,Rivera,Ana,03/07/1950,F,+1 (505) 555-0101,Spanish,2026-01-01\n"
		    "A101,Begay,Nathan,7/4/62,M,505.555.0102,English,\n"
		    "A102,Nguyen,Linh,1988-11-30,female,5055550103,vi,\n"
		    "A103,Old,Rose,12/8/26,U,,,\n"
		    "A104,Young,Baby,12/7/26,,,,\n",
		    NULL);
	assert_int_equal(fx->res.added, 5);
	assert_int_equal(fx->res.updated, 0);
	assert_int_equal(fx->res.rows.rows, 5);
	assert_int_equal(fx->ignored, 1); /* Last Visit */
	assert_int_equal(fx->progress, 5);
	p = patient(fx, "A100");
	assert_string_equal(p.family_name, "Rivera");
	assert_string_equal(p.birth_date, "1950-03-07");
	assert_int_equal(p.sex, CL_SEX_FEMALE);
	assert_string_equal(p.phone, "(505) 555-0101");
	assert_string_equal(p.language, "es");
	assert_int_equal(p.status, CL_PATIENT_ACTIVE);
	assert_string_equal(p.care_manager, ""); /* unassigned */
	p = patient(fx, "A101");
	assert_string_equal(p.birth_date, "1962-07-04");
	assert_string_equal(p.phone, "(505) 555-0102");
	/* The century boundary: a two-digit year is never after today. */
	assert_string_equal(patient(fx, "A103").birth_date, "1926-12-08");
	assert_string_equal(patient(fx, "A104").birth_date, "2026-12-07");
	assert_int_equal(patient(fx, "A104").sex, CL_SEX_UNKNOWN);
	assert_int_equal(test_count(fx->db, "SELECT count(*) FROM audit WHERE action = 'import'"),
			 5);
}

/* Every date form, bad phones and dates told at their line and column (never the value). */
static void test_dates_and_phones(void **state)
{
	struct fixture *fx = *state;

	must_import(fx,
		    "mrn,given_name,family_name,birth_date,phone\n"
		    "D1,A,B,1950-01-02,\n"
		    "D2,A,B,01/02/1950,15055550111\n"
		    "D3,A,B,1/2/1950,505-555-0112\n"
		    "D4,A,B,1/2/50,(505)5550113\n",
		    NULL);
	for (int i = 1; i <= 4; i++) {
		char mrn[8];

		snprintf(mrn, sizeof(mrn), "D%d", i);
		assert_string_equal(patient(fx, mrn).birth_date, "1950-01-02");
	}
	assert_string_equal(patient(fx, "D2").phone, "(505) 555-0111");
	assert_int_equal(import(fx,
				"mrn,given_name,family_name,birth_date,phone\n"
				"E1,A,B,1950-02-30,555-0101\n"
				"E2,A,B,2027-01-01,25055550111\n"
				"E3,A,B,1/2/3,505 555 0112 x7\n",
				NULL),
			 CL_EINVAL);
	assert_int_equal(fx->list.n, 6);
	assert_string_equal(fx->list.e[0].message,
			    "line 2, column D (birth_date): Birth date is not a date "
			    "(YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY or M/D/YY)");
	assert_string_equal(fx->list.e[1].message,
			    "line 2, column E (phone): Phone must have 10 digits");
	assert_string_equal(fx->list.e[2].message,
			    "line 3, column D (birth_date): Birth date is in the future");
	assert_int_equal(fx->list.e[3].line, 3);
	assert_int_equal(fx->list.e[3].column, 5);
	assert_int_equal(fx->list.e[5].column, 5);
	for (int i = 0; i < fx->list.n; i++)
		assert_null(strstr(fx->list.e[i].message, "555"));
	assert_int_equal(patients(fx), 4);
}

/* Existing patients are updated by MRN, each change told; unchanged rows counted. */
static void test_update_by_mrn(void **state)
{
	struct fixture *fx = *state;
	struct cl_panel_options dry = { .import.dry_run = true, .expect_inactivate = -1 };
	static const char first[] = "MRN,Last Name,First Name,DOB,Phone,Address\n"
				    "U1,Lee,Ann,1960-05-05,5055550101,1 Main St\n"
				    "U2,Kim,Bo,1970-06-06,5055550102,\n"
				    "U3,Cho,Cy,1980-07-07,,\n";
	static const char second[] = "MRN,Last Name,First Name,DOB,Phone,Address\n"
				     "U1,Lee,Ann,1960-05-05,(505) 555-0101,\n"
				     "U2,Kim,Bo,1970-06-06,5055550199,\n"
				     "U3,Cho,Cy,1980-07-07,,\n"
				     "U4,New,Nu,1990-08-08,,\n";
	long long version;

	must_import(fx, first, NULL);
	version = patient(fx, "U2").version;
	/* The dry run tells each change and keeps none. */
	must_import(fx, second, &dry);
	assert_string_equal(fx->changes, "2 U1 address: 1 Main St -> \n"
					 "3 U2 phone: (505) 555-0102 -> (505) 555-0199\n");
	assert_int_equal(fx->res.added, 1);
	assert_int_equal(fx->res.updated, 2);
	assert_int_equal(fx->res.unchanged, 1);
	assert_string_equal(patient(fx, "U2").phone, "(505) 555-0102");
	assert_int_equal(patients(fx), 3);
	/* The import does what the dry run said. */
	must_import(fx, second, NULL);
	assert_int_equal(fx->res.added, 1);
	assert_int_equal(fx->res.updated, 2);
	assert_int_equal(fx->res.unchanged, 1);
	assert_string_equal(patient(fx, "U2").phone, "(505) 555-0199");
	assert_string_equal(patient(fx, "U1").address, "");
	assert_int_equal(patient(fx, "U2").version, version + 1);
	assert_int_equal(patient(fx, "U3").version, 1);
	assert_int_equal(test_count(fx->db, "SELECT count(*) FROM audit WHERE action = 'update'"),
			 2);
	/* A column absent from the file keeps what the patient has; so does an empty sex. */
	must_import(fx, "mrn,given_name,family_name,birth_date,sex\nU2,Bo,Kim,1970-06-06,\n", NULL);
	assert_int_equal(fx->res.unchanged, 1);
	assert_string_equal(patient(fx, "U2").phone, "(505) 555-0199");
}

/* The bytes of the database file (closed), into a malloc'd buffer of *len bytes. */
static unsigned char *db_bytes(struct fixture *fx, long *len)
{
	unsigned char *buf = malloc(1 << 22);

	assert_non_null(buf);
	cl_db_close(fx->db);
	fx->db = NULL;
	*len = test_read_file(fx->db_path, buf, 1 << 22);
	assert_true(*len > 0);
	assert_int_equal(cl_db_open(fx->db_path, 0, &fx->db, &fx->err), CL_OK);
	return buf;
}

/* A bad row at the end leaves the database as it was, byte for byte; so does a duplicate MRN. */
static void test_all_or_nothing(void **state)
{
	struct fixture *fx = *state;
	unsigned char *before, *after;
	long len_before, len_after;
	char text[40000];
	size_t len;

	must_import(fx, "mrn,given_name,family_name,birth_date\nK1,Kept,One,1950-01-01\n", NULL);
	before = db_bytes(fx, &len_before);
	len = (size_t)snprintf(text, sizeof(text),
			       "mrn,given_name,family_name,birth_date\n"
			       "K1,Changed,One,1950-01-01\n");
	for (int i = 0; i < 500; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "N%d,New,Row,1960-01-01\n",
					i);
	snprintf(text + len, sizeof(text) - len, "BAD,No,Date,someday\n");
	assert_int_equal(import(fx, text, NULL), CL_EINVAL);
	assert_int_equal(fx->res.rows.outcome, CL_IMPORT_BAD_ROWS);
	assert_int_equal(fx->list.n, 1);
	assert_int_equal(fx->list.e[0].line, 503);
	assert_int_equal(fx->res.added, 0);
	after = db_bytes(fx, &len_after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(after, before, (size_t)len_before);
	free(after);

	/* Two rows with one MRN: the second is bad, naming the first's line. */
	assert_int_equal(import(fx,
				"mrn,given_name,family_name,birth_date\n"
				"Z1,A,B,1950-01-01\nZ2,A,B,1950-01-01\nz-1,A,B,1950-01-01\n"
				"Z1,C,D,1960-01-01\n",
				NULL),
			 CL_EINVAL);
	assert_int_equal(fx->list.n, 1);
	assert_string_equal(fx->list.e[0].message,
			    "line 5, column A (mrn): the same MRN as line 2");
	after = db_bytes(fx, &len_after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(after, before, (size_t)len_before);
	free(after);
	free(before);

	/* Required columns missing: each named, no row read. */
	assert_int_equal(import(fx, "Patient ID,First Name,Phone\n", NULL), CL_EINVAL);
	assert_int_equal(fx->res.rows.outcome, CL_IMPORT_BAD_HEADER);
	assert_int_equal(fx->list.n, 2);
	assert_string_equal(fx->list.e[0].field, "family_name");
	assert_string_equal(fx->list.e[1].field, "birth_date");
	/* Two names of one field: a repeated column. */
	assert_int_equal(import(fx, "MRN,First Name,Last Name,DOB,Date of Birth\n", NULL),
			 CL_EINVAL);
	assert_int_equal(fx->list.n, 1);
	assert_string_equal(fx->list.e[0].message, "line 1: repeated column 'Date of Birth' "
						   "(columns D and E are both birth_date)");
}

/* --skip-bad keeps the good rows and writes the bad ones to the reject file. */
static void test_skip_bad(void **state)
{
	struct fixture *fx = *state;
	struct cl_panel_options opt = { .import.skip_bad = true, .expect_inactivate = -1 };
	char path[600], buf[1024];
	long len;

	snprintf(path, sizeof(path), "%s/rejects.csv", fx->dir);
	assert_non_null(opt.import.rejects = fopen(path, "wb"));
	must_import(fx,
		    "MRN,First Name,Last Name,DOB,Phone\n"
		    "S1,A,B,1950-01-01,\n"
		    "S2,A,B,1950-01-01,123\n"
		    "S3,A,B,1950-01-01,\n",
		    &opt);
	fclose(opt.import.rejects);
	assert_int_equal(fx->res.added, 2);
	assert_int_equal(fx->res.rows.rejected, 1);
	assert_int_equal(patients(fx), 2);
	len = test_read_file(path, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_string_equal(buf, "MRN,First Name,Last Name,DOB,Phone,reject_reason\r\n"
				 "S2,A,B,1950-01-01,123,\"line 3, column E (phone): Phone must "
				 "have 10 digits\"\r\n");
}

/* A whole panel: those not in it become inactive, those in it active again. */
static void test_inactivate_missing(void **state)
{
	struct fixture *fx = *state;
	struct cl_panel_options opt = { .inactivate_missing = true, .expect_inactivate = -1 };
	static const char header[] = "mrn,given_name,family_name,birth_date\n";
	char text[512];

	must_import(fx,
		    "mrn,given_name,family_name,birth_date,status,death_date\n"
		    "I1,A,B,1950-01-01,,\nI2,A,B,1950-01-01,,\nI3,A,B,1950-01-01,,\n"
		    "I4,A,B,1950-01-01,deceased,2026-01-01\n",
		    NULL);
	/* Dry run: the count and each patient, nothing kept. */
	opt.import.dry_run = true;
	snprintf(text, sizeof(text), "%sI1,A,B,1950-01-01\n", header);
	must_import(fx, text, &opt);
	assert_int_equal(fx->res.inactivated, 2);
	assert_string_equal(fx->changes, "0 I2 status: active -> inactive\n"
					 "0 I3 status: active -> inactive\n");
	assert_int_equal(patient(fx, "I2").status, CL_PATIENT_ACTIVE);
	/* A number confirmed that is no longer the number: refused, nothing kept. */
	opt.import.dry_run = false;
	opt.expect_inactivate = 1;
	assert_int_equal(import(fx, text, &opt), CL_ECONFLICT);
	assert_int_equal(patient(fx, "I2").status, CL_PATIENT_ACTIVE);
	opt.expect_inactivate = 2;
	must_import(fx, text, &opt);
	assert_int_equal(fx->res.inactivated, 2);
	assert_int_equal(patient(fx, "I2").status, CL_PATIENT_INACTIVE);
	assert_int_equal(patient(fx, "I4").status, CL_PATIENT_DECEASED);
	assert_int_equal(test_count(fx->db, "SELECT count(*) FROM audit WHERE action = 'retire'"),
			 2);
	assert_int_equal(
		test_count(fx->db, "SELECT n FROM patient_count WHERE status = 'inactive'"), 2);
	/* Back on the panel: active again. */
	opt.expect_inactivate = -1;
	snprintf(text, sizeof(text), "%sI1,A,B,1950-01-01\nI2,A,B,1950-01-01\n", header);
	must_import(fx, text, &opt);
	assert_int_equal(fx->res.updated, 1);
	assert_int_equal(fx->res.inactivated, 0);
	assert_int_equal(patient(fx, "I2").status, CL_PATIENT_ACTIVE);
	assert_int_equal(patient(fx, "I3").status, CL_PATIENT_INACTIVE);
	/* Never from a partial panel: --skip-bad with a rejected row is refused whole. */
	opt.import.skip_bad = true;
	snprintf(text, sizeof(text), "%sI1,A,B,1950-01-01\nI9,A,B,never\n", header);
	assert_int_equal(import(fx, text, &opt), CL_EINVAL);
	assert_int_equal(fx->res.rows.outcome, CL_IMPORT_BAD_ROWS);
	assert_non_null(strstr(fx->err.message, "--inactivate-missing"));
	assert_int_equal(patient(fx, "I2").status, CL_PATIENT_ACTIVE);
	assert_int_equal(patients(fx), 4);
	/* … but a --skip-bad run with no bad row is a whole panel. */
	snprintf(text, sizeof(text), "%sI1,A,B,1950-01-01\n", header);
	must_import(fx, text, &opt);
	assert_int_equal(fx->res.inactivated, 1);
}

/*
 * A new MRN with the name and birth date (accents and case aside), or the phone and birth
 * date, of a patient already there: added all the same, counted and told by its line; an
 * update of the patient itself is no duplicate.
 */
static void test_possible_duplicates(void **state)
{
	struct fixture *fx = *state;

	must_import(fx,
		    "mrn,given_name,family_name,birth_date,phone\n"
		    "A1,José,García,1950-03-07,5055550100\n"
		    "A2,Ana,Ruiz,1960-01-01,5055550111\n",
		    NULL);
	assert_int_equal(fx->res.duplicates, 0);
	must_import(fx,
		    "mrn,given_name,family_name,birth_date,phone\n"
		    "A1,José,García,1950-03-07,5055550199\n"
		    "B1,JOSE,garcia,1950-03-07,\n"
		    "B2,Anita,Ruiz Lopez,1960-01-01,(505) 555-0111\n"
		    "B3,Ana,Ruiz,1960-01-02,\n",
		    NULL);
	assert_int_equal(fx->res.added, 3);
	assert_int_equal(fx->res.updated, 1);
	assert_int_equal(fx->res.duplicates, 2);
	assert_string_equal(fx->duplicates, "3 B1 ~ A1 1\n4 B2 ~ A2 2\n");
	assert_int_equal(patients(fx), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases),
		cmocka_unit_test_setup_teardown(test_ehr_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_and_phones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_by_mrn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactivate_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_possible_duplicates, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
