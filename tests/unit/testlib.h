/* Small helpers shared by the unit tests: temporary folders and file contents. */
#ifndef CL_TESTLIB_H
#define CL_TESTLIB_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

/* A fresh folder under $TMPDIR or /tmp, into buf (size bytes). Aborts the test on failure. */
static inline const char *test_temp_dir(char *buf, size_t size)
{
	const char *base = getenv("TMPDIR");

	snprintf(buf, size, "%s/careloop-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(buf)) {
		perror("mkdtemp");
		abort();
	}
	return buf;
}

static inline int test_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* rm -rf path. */
static inline void test_remove_tree(const char *path)
{
	nftw(path, test_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write len bytes to a new file at path. Returns 0 on success. */
static inline int test_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

/* Read up to size bytes of path into buf; returns the count, or -1. */
static inline long test_read_file(const char *path, void *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size, f);
	fclose(f);
	return (long)n;
}

/* The problems an import gave its bad_row callback: n counts them all, e keeps the first 16. */
struct test_problems {
	int n;
	struct cl_error e[16];
};

/* cl_import_options.bad_row collecting into the struct test_problems at arg. */
static inline void test_collect_problem(const struct cl_error *err, void *arg)
{
	struct test_problems *list = arg;

	if (list->n < 16)
		list->e[list->n] = *err;
	list->n++;
}

#endif
