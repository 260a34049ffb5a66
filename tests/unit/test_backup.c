/*
 * careloop backup and restore: a verified copy (0600, nothing left behind when the check
 * fails), an existing file kept without force, a restore that another open connection
 * reads at once, what was there kept aside, and a broken backup that changes nothing.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "demo.h"
#include "testlib.h"

struct fixture {
	char dir[256], db_path[512];
	struct cl_db *db;
};

static int setup(void **state)
{
	struct cl_demo_options opt = { .patients = 40, .seed = 5 };
	struct fixture *f = calloc(1, sizeof(*f));
	struct cl_error err = { 0 };

	if (!f)
		return -1;
	test_temp_dir(f->dir, sizeof(f->dir));
	snprintf(f->db_path, sizeof(f->db_path), "%s/live.db", f->dir);
	if (cl_db_open(f->db_path, CL_DB_CREATE, &f->db, &err) ||
	    cl_demo_generate(f->db, &opt, &err)) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cl_db_close(f->db);
	test_remove_tree(f->dir);
	free(f);
	return 0;
}

static long long count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Files in dir whose names contain part. */
static int files_with(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, part))
			n++;
	closedir(d);
	return n;
}

static void path_in(const struct fixture *f, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", f->dir, name);
}

static void backup_is_verified_and_private(void **state)
{
	struct fixture *f = *state;
	struct cl_backup_info info;
	struct cl_error err = { 0 };
	char dest[600];
	struct cl_db *copy;
	struct stat st;

	path_in(f, "b.db", dest, sizeof(dest));
	assert_int_equal(cl_backup(f->db, dest, false, true, &info, &err), CL_OK);
	assert_true(info.pages > 0);
	assert_true(info.audit_rows > 0);
	assert_int_equal(info.problems, 0);
	assert_int_equal(stat(dest, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(files_with(f->dir, ".tmp-"), 0);
	assert_int_equal(files_with(f->dir, "b.db-"), 0); /* no -wal, -shm left */

	assert_int_equal(cl_db_open(dest, CL_DB_READONLY, &copy, &err), CL_OK);
	assert_int_equal(count(copy, "SELECT count(*) FROM patient"),
			 count(f->db, "SELECT count(*) FROM patient"));
	cl_db_close(copy);

	/* An existing file is kept unless force; the database is never its own backup. */
	assert_int_equal(cl_backup(f->db, dest, false, true, NULL, &err), CL_EEXIST);
	assert_int_equal(cl_backup(f->db, dest, true, true, NULL, &err), CL_OK);
	assert_int_equal(cl_backup(f->db, f->db_path, true, true, NULL, &err), CL_EINVAL);
}

static void a_copy_that_fails_its_check_is_not_kept(void **state)
{
	struct fixture *f = *state;
	struct cl_backup_info info;
	struct cl_error err = { 0 };
	char dest[600];

	/* Someone with the sqlite3 shell dropped an append-only guard. */
	assert_int_equal(
		sqlite3_exec(cl_db_sqlite(f->db), "DROP TRIGGER audit_no_delete", NULL, NULL, NULL),
		SQLITE_OK);
	path_in(f, "c.db", dest, sizeof(dest));
	assert_int_equal(cl_backup(f->db, dest, false, true, &info, &err), CL_ECORRUPT);
	assert_non_null(strstr(err.message, "does not pass careloop check"));
	assert_int_equal(files_with(f->dir, "c.db"), 0);
	/* Unverified (setting a broken database aside): kept, its problems counted. */
	assert_int_equal(cl_backup(f->db, dest, false, false, &info, &err), CL_OK);
	assert_true(info.problems > 0);
	assert_int_equal(files_with(f->dir, ".tmp-"), 0);
}

static void restore_replaces_records_others_read_at_once(void **state)
{
	struct fixture *f = *state;
	struct cl_backup_info info;
	struct cl_error err = { 0 };
	char dest[600], aside[600];
	struct cl_db *other, *kept;
	long long patients = count(f->db, "SELECT count(*) FROM patient");

	path_in(f, "b.db", dest, sizeof(dest));
	path_in(f, "aside.db", aside, sizeof(aside));
	assert_int_equal(cl_backup(f->db, dest, false, true, NULL, &err), CL_OK);
	assert_int_equal(cl_holiday_add(f->db, "2026-12-25", "Christmas", &err), CL_OK);

	/* Another careloop has the database open and sees the holiday. */
	assert_int_equal(cl_db_open(f->db_path, 0, &other, &err), CL_OK);
	assert_int_equal(count(other, "SELECT count(*) FROM holiday"), 1);

	assert_int_equal(cl_backup_restore(f->db, dest, aside, &info, &err), CL_OK);
	assert_true(info.pages > 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM holiday"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM patient"), patients);
	/* … and reads the restored records at its next statement, and can write. */
	assert_int_equal(count(other, "SELECT count(*) FROM holiday"), 0);
	assert_int_equal(cl_holiday_add(other, "2026-07-04", "Independence Day", &err), CL_OK);
	cl_db_close(other);
	assert_int_equal(count(f->db, "SELECT count(*) FROM holiday"), 1);

	/* What was there is kept aside. */
	assert_int_equal(cl_db_open(aside, CL_DB_READONLY, &kept, &err), CL_OK);
	assert_int_equal(count(kept, "SELECT count(*) FROM holiday WHERE name = 'Christmas'"), 1);
	cl_db_close(kept);
	assert_int_equal(files_with(f->dir, ".restore-"), 0);
	assert_int_equal(files_with(f->dir, "b.db-"), 0); /* the backup was only read */
}

static void a_broken_backup_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	char dest[600], aside[600], text[600];
	struct cl_db *copy;

	path_in(f, "b.db", dest, sizeof(dest));
	path_in(f, "aside.db", aside, sizeof(aside));
	path_in(f, "text.db", text, sizeof(text));
	assert_int_equal(cl_backup(f->db, dest, false, true, NULL, &err), CL_OK);
	/* The backup is tampered with after it was written. */
	assert_int_equal(cl_db_open(dest, 0, &copy, &err), CL_OK);
	assert_int_equal(
		sqlite3_exec(cl_db_sqlite(copy), "DROP TRIGGER audit_no_update", NULL, NULL, NULL),
		SQLITE_OK);
	cl_db_close(copy);
	assert_int_equal(cl_holiday_add(f->db, "2026-12-25", "Christmas", &err), CL_OK);

	assert_int_equal(cl_backup_restore(f->db, dest, aside, NULL, &err), CL_ECORRUPT);
	assert_int_equal(count(f->db, "SELECT count(*) FROM holiday"), 1);
	assert_int_equal(files_with(f->dir, "aside.db"), 0);
	assert_int_equal(files_with(f->dir, ".restore-"), 0);

	assert_int_equal(test_write_file(text, "hello\n", 6), 0);
	assert_int_equal(cl_backup_restore(f->db, text, aside, NULL, &err), CL_ENOTDB);
	path_in(f, "missing.db", text, sizeof(text));
	assert_int_equal(cl_backup_restore(f->db, text, aside, NULL, &err), CL_ENOTFOUND);
	assert_int_equal(count(f->db, "SELECT count(*) FROM holiday"), 1);
}

static void memory_databases_refused(void **state)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	(void)state;
	assert_int_equal(cl_db_open(":memory:", 0, &db, &err), CL_OK);
	assert_int_equal(cl_backup(db, "/tmp/never-written.db", false, true, NULL, &err),
			 CL_EINVAL);
	assert_int_equal(cl_backup_restore(db, "/tmp/never-read.db", NULL, NULL, &err), CL_EINVAL);
	cl_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(backup_is_verified_and_private, setup, teardown),
		cmocka_unit_test_setup_teardown(a_copy_that_fails_its_check_is_not_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(restore_replaces_records_others_read_at_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_broken_backup_changes_nothing, setup, teardown),
		cmocka_unit_test(memory_databases_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
