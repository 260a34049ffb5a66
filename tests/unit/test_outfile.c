/* Output files: never over an existing file without force, a link, the database or the input. */
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

#include "outfile.h"
#include "testlib.h"

struct fixture {
	char dir[256];
	char db[300], wal[300], journal[300], input[300];
	struct cl_outfile_guard guards[5];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	test_temp_dir(fx->dir, sizeof(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/clinic.db", fx->dir);
	snprintf(fx->wal, sizeof(fx->wal), "%s/clinic.db-wal", fx->dir);
	snprintf(fx->journal, sizeof(fx->journal), "%s/clinic.db-journal", fx->dir);
	snprintf(fx->input, sizeof(fx->input), "%s/orgs.csv", fx->dir);
	if (test_write_file(fx->db, "SQLite format 3", 15) || test_write_file(fx->wal, "wal", 3) ||
	    test_write_file(fx->input, "kind,name\n", 10))
		return -1;
	fx->guards[0] = (struct cl_outfile_guard){ fx->db, "the database" };
	fx->guards[1] = (struct cl_outfile_guard){ fx->wal, "the database's -wal file" };
	fx->guards[2] = (struct cl_outfile_guard){ fx->journal, "the database's -journal file" };
	fx->guards[3] = (struct cl_outfile_guard){ fx->input, "the file being imported" };
	fx->guards[4] = (struct cl_outfile_guard){ NULL, NULL };
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	test_remove_tree(fx->dir);
	free(fx);
	return 0;
}

/* The contents of path as a string ("" when missing). */
static const char *contents(const char *path)
{
	static char buf[256];
	long n = test_read_file(path, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Files in the folder but the fixture's own (a temporary file left behind shows here). */
static int stray_files(struct fixture *fx, int expected_others)
{
	DIR *d = opendir(fx->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n - 3 - expected_others; /* clinic.db, clinic.db-wal, orgs.csv */
}

static void creates_new_0600(void **state)
{
	struct fixture *fx = *state;
	struct cl_outfile out;
	struct cl_error err = { 0 };
	char path[300];
	mode_t old = umask(0);

	snprintf(path, sizeof(path), "%s/rejects.csv", fx->dir);
	assert_int_equal(cl_outfile_open(&out, path, false, fx->guards, &err), CL_OK);
	umask(old);
	assert_int_equal(mode_of(path), 0600);
	fputs("kind,name\r\n", out.f);
	assert_int_equal(cl_outfile_commit(&out, &err), CL_OK);
	assert_string_equal(contents(path), "kind,name\r\n");
	assert_int_equal(mode_of(path), 0600);
	/* Discarded: the file it created is removed, nothing else. */
	unlink(path);
	assert_int_equal(cl_outfile_open(&out, path, false, fx->guards, &err), CL_OK);
	fputs("partial", out.f);
	cl_outfile_discard(&out);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(stray_files(fx, 0), 0);
}

static void existing_needs_force(void **state)
{
	struct fixture *fx = *state;
	struct cl_outfile out;
	struct cl_error err = { 0 };
	char path[300];
	struct stat before, after;

	snprintf(path, sizeof(path), "%s/old.csv", fx->dir);
	assert_int_equal(test_write_file(path, "precious", 8), 0);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(cl_outfile_open(&out, path, false, fx->guards, &err), CL_EEXIST);
	assert_null(out.f);
	assert_non_null(strstr(err.message, "--force"));
	assert_string_equal(contents(path), "precious");
	/* With force, discarded (no bad row): the old file is as it was. */
	assert_int_equal(cl_outfile_open(&out, path, true, fx->guards, &err), CL_OK);
	fputs("new", out.f);
	assert_string_equal(contents(path), "precious"); /* untouched while writing */
	cl_outfile_discard(&out);
	assert_string_equal(contents(path), "precious");
	assert_int_equal(mode_of(path), 0644);
	assert_int_equal(stray_files(fx, 1), 0);
	/* With force, committed: replaced whole by a new 0600 file. */
	assert_int_equal(cl_outfile_open(&out, path, true, fx->guards, &err), CL_OK);
	fputs("new", out.f);
	assert_int_equal(cl_outfile_commit(&out, &err), CL_OK);
	assert_string_equal(contents(path), "new");
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(stat(path, &after), 0);
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(stray_files(fx, 1), 0);
}

static void refuses_links_and_others(void **state)
{
	struct fixture *fx = *state;
	struct cl_outfile out;
	struct cl_error err = { 0 };
	char path[300], target[300];

	/* A symbolic link, to a file or to nothing, with or without force. */
	snprintf(target, sizeof(target), "%s/target.csv", fx->dir);
	assert_int_equal(test_write_file(target, "target", 6), 0);
	snprintf(path, sizeof(path), "%s/link.csv", fx->dir);
	assert_int_equal(symlink(target, path), 0);
	for (int force = 0; force < 2; force++) {
		assert_int_equal(cl_outfile_open(&out, path, force, fx->guards, &err), CL_EPERM);
		assert_non_null(strstr(err.message, "symbolic link"));
	}
	unlink(path);
	assert_int_equal(symlink("nowhere.csv", path), 0);
	assert_int_equal(cl_outfile_open(&out, path, false, fx->guards, &err), CL_EPERM);
	assert_int_equal(cl_outfile_open(&out, path, true, fx->guards, &err), CL_EPERM);
	assert_string_equal(contents(target), "target");
	snprintf(target, sizeof(target), "%s/nowhere.csv", fx->dir);
	assert_int_equal(access(target, F_OK), -1);
	/* A folder. */
	assert_int_equal(cl_outfile_open(&out, fx->dir, true, fx->guards, &err), CL_EPERM);
}

static void refuses_guards(void **state)
{
	struct fixture *fx = *state;
	struct cl_outfile out;
	struct cl_error err = { 0 };
	char path[300];

	/* The database, its -wal, the input: by name, and with force too. */
	for (int force = 0; force < 2; force++) {
		assert_int_equal(cl_outfile_open(&out, fx->db, force, fx->guards, &err), CL_EPERM);
		assert_non_null(strstr(err.message, "the database"));
		assert_int_equal(cl_outfile_open(&out, fx->wal, force, fx->guards, &err), CL_EPERM);
		assert_int_equal(cl_outfile_open(&out, fx->input, force, fx->guards, &err),
				 CL_EPERM);
		assert_non_null(strstr(err.message, "the file being imported"));
	}
	/* Another name of the same file (a hard link, a path through ..): by device and inode. */
	snprintf(path, sizeof(path), "%s/innocent.csv", fx->dir);
	assert_int_equal(link(fx->db, path), 0);
	assert_int_equal(cl_outfile_open(&out, path, true, fx->guards, &err), CL_EPERM);
	assert_non_null(strstr(err.message, "the database"));
	snprintf(path, sizeof(path), "%s/../%s/clinic.db", fx->dir, strrchr(fx->dir, '/') + 1);
	assert_int_equal(cl_outfile_open(&out, path, true, fx->guards, &err), CL_EPERM);
	/* A guard that does not exist yet: by name, however it is spelled. */
	snprintf(path, sizeof(path), "%s/./clinic.db-journal", fx->dir);
	assert_int_equal(cl_outfile_open(&out, path, false, fx->guards, &err), CL_EPERM);
	assert_int_equal(access(fx->journal, F_OK), -1);
	assert_string_equal(contents(fx->db), "SQLite format 3");
	assert_string_equal(contents(fx->input), "kind,name\n");
}

/* Discard removes only the very file it created, not one put there since. */
static void discard_removes_only_its_own(void **state)
{
	struct fixture *fx = *state;
	struct cl_outfile out;
	struct cl_error err = { 0 };
	char path[300];

	snprintf(path, sizeof(path), "%s/swapped.csv", fx->dir);
	assert_int_equal(cl_outfile_open(&out, path, false, fx->guards, &err), CL_OK);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(test_write_file(path, "someone else's", 14), 0);
	cl_outfile_discard(&out);
	assert_string_equal(contents(path), "someone else's");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_new_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(existing_needs_force, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_links_and_others, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_guards, setup, teardown),
		cmocka_unit_test_setup_teardown(discard_removes_only_its_own, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
