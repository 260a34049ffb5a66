/*
 * The import engine (import.h) over a made-up record: a table of readings, an "id" column
 * the ops know by name and columns named by the data ("x_…"), as a screening's questions are.
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
#include "db_private.h"
#include "testlib.h"

struct fixture {
	struct cl_db *db;
	char dir[256];
	char path[512];
	/* The last import's: */
	struct cl_import_result res;
	struct cl_error err;
	struct test_problems list;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx || cl_db_open(":memory:", CL_DB_CREATE, &fx->db, &fx->err) ||
	    cl_db_exec(fx->db, "CREATE TABLE reading (id TEXT, name TEXT, value TEXT)", &fx->err))
		return -1;
	test_temp_dir(fx->dir, sizeof(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/in.csv", fx->dir);
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

static long long readings(struct cl_db *db)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(
		sqlite3_prepare_v2(cl_db_sqlite(db), "SELECT count(*) FROM reading", -1, &st, NULL),
		SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *const columns[] = { "id", "note", NULL };
static const char *const required[] = { "id", NULL };

/*
 * Columns named by the data: "x_<name>"; "x_bad" is refused, and so is a second column
 * whose name differs from an earlier one only after "x_" by a trailing "2" (one reading
 * under two names).
 */
static int data_column(struct cl_db *db, const struct cl_import_header *header, size_t column,
		       void *arg, struct cl_error *err)
{
	const char *name = header->names[column];
	char letters[8];

	(void)db;
	(void)arg;
	if (strncmp(name, "x_", 2) != 0)
		return cl_error_set(err, CL_ENOTFOUND, "a reading is x_<name>");
	if (strcmp(name, "x_bad") == 0)
		return cl_error_set(err, CL_EINVAL, "no such reading");
	for (size_t j = 0; j < column; j++) {
		size_t len = strlen(header->names[j]);

		if (header->by_data[j] && strncmp(header->names[j], name, len) == 0 &&
		    strcmp(name + len, "2") == 0) {
			cl_import_column_letters((int)j + 1, letters);
			return cl_error_set(err, CL_EINVAL, "the same reading as column %s",
					    letters);
		}
	}
	return CL_OK;
}

/* Each reading a number; "oom" in the note is the failure of the import, never a bad row. */
static int store_row(struct cl_db *db, const struct cl_import_row *row, void *arg,
		     struct cl_error *err)
{
	static const char sql[] = "INSERT INTO reading (id, name, value) VALUES (?1, ?2, ?3)";
	bool bad = false;
	sqlite3_stmt *st;
	int rc;

	(void)arg;
	if (row->values[1] && strcmp(row->values[1], "oom") == 0)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!row->values[0][0])
		bad = cl_import_problem(row, "id", "is empty") != 0;
	for (size_t k = 0; k < row->ndata; k++)
		if (row->data_values[k][strspn(row->data_values[k], "0123456789")])
			bad = cl_import_problem(row, row->data_names[k], "must be a number") != 0;
	if (bad)
		return CL_EINVAL;
	for (size_t k = 0; k < row->ndata; k++) {
		if (!(st = cl_db_stmt(db, sql, err)))
			return CL_EIO;
		if ((rc = cl_db_bind_text(st, 1, row->values[0], err)) ||
		    (rc = cl_db_bind_text(st, 2, row->data_names[k], err)) ||
		    (rc = cl_db_bind_text(st, 3, row->data_values[k], err)))
			return rc;
		rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
		sqlite3_reset(st);
		if (rc)
			return rc;
	}
	return CL_OK;
}

static const struct cl_import_ops ops = {
	.what = "readings",
	.columns = columns,
	.required = required,
	.row = store_row,
	.data_column = data_column,
};

/* Import text with opt (NULL: none) into fx->res, fx->err and fx->list. */
static int import(struct fixture *fx, const char *text, struct cl_import_options *opt)
{
	struct cl_import_options none = { 0 };

	if (!opt)
		opt = &none;
	memset(&fx->list, 0, sizeof(fx->list));
	cl_error_clear(&fx->err);
	opt->bad_row = test_collect_problem;
	opt->arg = &fx->list;
	assert_int_equal(test_write_file(fx->path, text, strlen(text)), 0);
	return cl_import_csv(fx->db, fx->path, &ops, opt, &fx->res, &fx->err);
}

/* Columns named by the data reach the row with their names; the rest of the header is checked. */
static void test_data_columns(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(import(fx, "id,x_pulse, x_weight \nA,60,70\nB,61,71\n", NULL), CL_OK);
	assert_int_equal(fx->res.imported, 2);
	assert_int_equal(readings(fx->db), 4);
	/* Unknown (with what the data allows), refused, repeated, the same under two names. */
	assert_int_equal(import(fx, "id,y,x_bad,x_a,X_A,x_a2\n", NULL), CL_EINVAL);
	assert_int_equal(fx->res.outcome, CL_IMPORT_BAD_HEADER);
	assert_int_equal(fx->list.n, 4);
	assert_string_equal(fx->list.e[0].message,
			    "line 1: unknown column 'y' (column B): a reading is x_<name>");
	assert_int_equal(fx->list.e[0].column, 2);
	assert_string_equal(fx->list.e[0].field, "y");
	assert_string_equal(fx->list.e[1].message, "line 1, column C (x_bad): no such reading");
	assert_int_equal(fx->list.e[1].column, 3);
	assert_string_equal(fx->list.e[1].field, "x_bad");
	assert_string_equal(fx->list.e[2].message,
			    "line 1: repeated column 'X_A' (columns D and E)");
	assert_string_equal(fx->list.e[3].message,
			    "line 1, column F (x_a2): the same reading as column D");
	assert_string_equal(fx->err.message, fx->list.e[0].message);
	/* A missing required column is named in the problem's field. */
	assert_int_equal(import(fx, "note,x_a\n", NULL), CL_EINVAL);
	assert_int_equal(fx->list.n, 1);
	assert_string_equal(fx->list.e[0].field, "id");
	assert_non_null(strstr(fx->list.e[0].message, "no 'id' column"));
	assert_int_equal(readings(fx->db), 4);
}

/* Every problem of a row, at its line and column, data columns too; nothing kept. */
static void test_every_problem_of_a_row(void **state)
{
	struct fixture *fx = *state;
	struct cl_import_options opt = { .skip_bad = true };
	char rejects[600], buf[1024];
	long len;

	assert_int_equal(import(fx, "x_a,note,id,x_b\n1,,A,2\nlots,\"a\nb\",,many\n", NULL),
			 CL_EINVAL);
	assert_int_equal(fx->res.outcome, CL_IMPORT_BAD_ROWS);
	assert_int_equal(fx->res.rows, 2);
	assert_int_equal(fx->res.rejected, 1);
	assert_int_equal(fx->list.n, 3);
	/* The cells after the quoted one start on line 4. */
	assert_string_equal(fx->list.e[0].message, "line 4, column C (id): is empty");
	assert_string_equal(fx->list.e[1].message, "line 3, column A (x_a): must be a number");
	assert_string_equal(fx->list.e[2].message, "line 4, column D (x_b): must be a number");
	assert_int_equal(fx->list.e[2].line, 4);
	assert_int_equal(fx->list.e[2].column, 4);
	assert_string_equal(fx->list.e[2].field, "x_b");
	assert_int_equal(readings(fx->db), 0);

	/* --skip-bad: the good row kept, the bad one rejected with all its reasons. */
	snprintf(rejects, sizeof(rejects), "%s/rejects.csv", fx->dir);
	assert_non_null(opt.rejects = fopen(rejects, "wb"));
	assert_int_equal(import(fx, "x_a,note,id,x_b\n1,,A,2\nlots,\"a\nb\",,many\n", &opt), CL_OK);
	fclose(opt.rejects);
	assert_int_equal(fx->res.imported, 1);
	assert_int_equal(fx->res.rejected, 1);
	assert_int_equal(readings(fx->db), 2);
	len = test_read_file(rejects, buf, sizeof(buf) - 1);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_string_equal(buf, "x_a,note,id,x_b,reject_reason\r\n"
				 "lots,\"a\nb\",,many,\"line 4, column C (id): is empty; line 3, "
				 "column A (x_a): must be a number; line 4, column D (x_b): must "
				 "be a number\"\r\n");
}

/* Rows of empty cells, as spreadsheets write at the end, are skipped whatever their width. */
static void test_blank_rows(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(import(fx, "id,x_a\nA,1\n,\n , \t\n,,,\n,\nB,2\n,\n", NULL), CL_OK);
	assert_int_equal(fx->res.rows, 2);
	assert_int_equal(fx->res.imported, 2);
	assert_int_equal(fx->list.n, 0);
	/* Read back from a reject file, a row whose only text was its reason is blank too. */
	assert_int_equal(import(fx, "id,x_a,reject_reason\nC,3,\n,,line 9: gone\n", NULL), CL_OK);
	assert_int_equal(fx->res.rows, 1);
	assert_int_equal(readings(fx->db), 3);
}

/* A failure of the import itself (out of memory) is never a bad row, even after one. */
static void test_failure_is_no_bad_row(void **state)
{
	struct fixture *fx = *state;
	struct cl_import_options opt = { .skip_bad = true };

	assert_int_equal(import(fx, "id,note,x_a\nA,,1\n,,2\nC,oom,3\nD,,4\n", &opt), CL_ENOMEM);
	assert_int_equal(fx->res.outcome, CL_IMPORT_FAILED);
	assert_string_equal(fx->err.message, "out of memory");
	assert_int_equal(fx->err.line, 0);
	assert_int_equal(fx->list.n, 1); /* the bad row before it, and nothing else */
	assert_int_equal(fx->res.rejected, 1);
	assert_int_equal(fx->res.imported, 0);
	assert_int_equal(readings(fx->db), 0);
	/* A dry run of a good file keeps nothing. */
	opt = (struct cl_import_options){ .dry_run = true };
	assert_int_equal(import(fx, "id,x_a\nA,1\n", &opt), CL_OK);
	assert_int_equal(fx->res.imported, 1);
	assert_int_equal(readings(fx->db), 0);
}

static void write_text(struct fixture *fx, const char *text)
{
	assert_int_equal(test_write_file(fx->path, text, strlen(text)), 0);
}

/* "reading id" and "ID#" are other names of id; "note" one of note, the rest are unknown. */
static int alias(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "reading id") == 0 || strcmp(name, "ID#") == 0)
		return 0;
	return strcmp(name, "remark") == 0 ? 1 : -1;
}

/* Refuses the file when it had a bad row (a --skip-bad run), else counts what it saw. */
static long finished_rows;

static int finish(struct cl_db *db, const struct cl_import_result *counts, void *arg,
		  struct cl_error *err)
{
	(void)db;
	(void)arg;
	if (counts->rejected)
		return cl_error_set(err, CL_EINVAL, "not from a partial file");
	finished_rows = counts->rows;
	return CL_OK;
}

/* Columns under other names (a second name for one is repeated), the finish step, no savepoints. */
static void test_aliases_and_finish(void **state)
{
	struct fixture *fx = *state;
	struct cl_import_ops other = ops;
	struct cl_import_options opt = { .skip_bad = true };

	other.column_alias = alias;
	other.finish = finish;
	other.atomic_rows = true;
	memset(&fx->list, 0, sizeof(fx->list));
	write_text(fx, "reading id,remark,x_a\nA,,1\nB,,2\n");
	assert_int_equal(cl_import_csv(fx->db, fx->path, &other, NULL, &fx->res, &fx->err), CL_OK);
	assert_int_equal(fx->res.imported, 2);
	assert_int_equal(finished_rows, 2);
	assert_int_equal(readings(fx->db), 2);
	/* Required by another name: still missing; two names of one column: repeated. */
	opt.bad_row = test_collect_problem;
	opt.arg = &fx->list;
	write_text(fx, "remark,x_a\n,1\n");
	assert_int_equal(cl_import_csv(fx->db, fx->path, &other, &opt, &fx->res, &fx->err),
			 CL_EINVAL);
	assert_int_equal(fx->list.n, 1);
	assert_string_equal(fx->list.e[0].message, "line 1: the header has no 'id' column (by that "
						   "name or another it may have)");
	memset(&fx->list, 0, sizeof(fx->list));
	write_text(fx, "ID#,x_a,reading id\nC,3,C\n");
	assert_int_equal(cl_import_csv(fx->db, fx->path, &other, &opt, &fx->res, &fx->err),
			 CL_EINVAL);
	assert_int_equal(fx->list.n, 1);
	assert_string_equal(fx->list.e[0].message,
			    "line 1: repeated column 'reading id' (columns A and C are both id)");
	/* finish refuses a --skip-bad run that rejected a row: nothing kept, bad rows. */
	write_text(fx, "id,x_a\nD,4\nE,x\n");
	assert_int_equal(cl_import_csv(fx->db, fx->path, &other, &opt, &fx->res, &fx->err),
			 CL_EINVAL);
	assert_int_equal(fx->res.outcome, CL_IMPORT_BAD_ROWS);
	assert_string_equal(fx->err.message, "not from a partial file");
	assert_int_equal(readings(fx->db), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_data_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_problem_of_a_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_is_no_bad_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_and_finish, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
