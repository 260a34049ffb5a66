/*
 * One import over any bytes, through the entry point `careloop import` uses, on a database
 * made once per process (and put back after an input that kept rows). What must hold: the outcome agrees
 * with the return code, nothing is kept unless the import says so (all or nothing: row
 * counts before, or before + imported), and what is kept passes the checks of
 * `careloop check` (audit chain, derived columns).
 * A first byte below 0x08 is a mode, not CSV: bit 0 dry run, bit 1 --skip-bad.
 */
#ifndef CL_FUZZ_IMPORT_H
#define CL_FUZZ_IMPORT_H

#include <stdbool.h>
#include <unistd.h>

#include "demo.h"
#include "fuzz.h"

typedef int import_fn(struct cl_db *db, const char *path, const struct cl_import_options *opt,
		      struct cl_import_result *res, struct cl_error *err);

struct fuzz_import {
	import_fn *run;
	const char *count_sql; /* the rows an import adds */
	long patients;	       /* demo patients to set up (their MRNs are MRN0000001 …) */
};

static struct cl_db *import_db;
static struct fuzz_snapshot import_clean;
static char import_path[4096];
static long long import_audit_rows;
static bool import_dirty;

static void found(const char *problem, void *arg)
{
	(void)arg;
	fprintf(stderr, "fuzz: check found: %s\n", problem);
	abort();
}

static void import_setup(const struct fuzz_import *fi)
{
	const char *tmp = getenv("TMPDIR");
	struct cl_demo_options demo = { .patients = fi->patients, .seed = 7 };
	struct cl_error err = { 0 };
	int fd;

	import_db = fuzz_open_db();
	if (fi->patients && cl_demo_generate(import_db, &demo, &err)) {
		fprintf(stderr, "fuzz: demo: %s\n", err.message);
		abort();
	}
	fuzz_snapshot_take(import_db, &import_clean);
	import_audit_rows = fuzz_count(import_db, "SELECT count(*) FROM audit");
	snprintf(import_path, sizeof(import_path), "%s/careloop-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(import_path)) < 0)
		abort();
	close(fd);
}

static void import_unlink(void)
{
	if (import_path[0])
		unlink(import_path);
}

/*
 * The reject file of a --skip-bad import: the header and each bad row, each with its reason
 * under reject_reason, and each reads back as one row.
 */
static void check_rejects(const struct fuzz_import *fi, const char *text, size_t len,
			  const struct cl_import_result *first)
{
	struct cl_import_options opt = { .skip_bad = true, .dry_run = true };
	struct cl_import_result res = { 0 };
	struct cl_error err = { 0 };
	struct cl_csv_reader *r;
	const struct cl_csv_record *rec;
	size_t width = 0;
	long records = 0;
	FILE *f;

	if (cl_csv_open_mem(text, len, &r, &err))
		abort();
	while (cl_csv_next(r, &rec, &err) == CL_OK && rec) {
		if (records++ == 0) {
			width = rec->count;
			FUZZ_ASSERT(strcmp(rec->fields[width - 1].text, CL_IMPORT_REJECT_COLUMN) ==
				    0);
		} else {
			/* Its reason under reject_reason; a long row's extra cells after it. */
			FUZZ_ASSERT(rec->count >= width);
			FUZZ_ASSERT(strncmp(rec->fields[width - 1].text, "line ", 5) == 0);
		}
	}
	FUZZ_ASSERT(err.code == CL_OK);
	FUZZ_ASSERT(records == first->rejected + 1);
	cl_csv_close(r);

	if (!(f = fopen(import_path, "wb")) || fwrite(text, 1, len, f) != len || fclose(f))
		abort();
	FUZZ_ASSERT(fi->run(import_db, import_path, &opt, &res, &err) == CL_OK);
	/* Every bad row reads back (a short one, padded, may now be good). */
	FUZZ_ASSERT(res.rows == first->rejected && res.rejected <= first->rejected);
}

static int import_one(const struct fuzz_import *fi, const uint8_t *data, size_t size)
{
	struct cl_import_options opt = { 0 };
	struct cl_import_result res = { 0 };
	struct cl_error err = { 0 };
	char *rejects = NULL;
	size_t rejects_len = 0;
	long long before, after;
	FILE *f;
	int rc;

	if (!import_db) {
		import_setup(fi);
		atexit(import_unlink);
	}
	if (import_dirty) /* the last input kept rows: start again from the clean database */
		fuzz_snapshot_restore(import_db, &import_clean);
	import_dirty = false;
	if (size && data[0] < 0x08) {
		opt.dry_run = data[0] & 1;
		opt.skip_bad = data[0] & 2;
		data++;
		size--;
	}
	if (!(f = fopen(import_path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	if (opt.skip_bad && !(opt.rejects = open_memstream(&rejects, &rejects_len)))
		abort();

	before = fuzz_count(import_db, fi->count_sql);
	rc = fi->run(import_db, import_path, &opt, &res, &err);
	after = fuzz_count(import_db, fi->count_sql);

	FUZZ_ASSERT(res.rows >= 0 && res.imported >= 0 && res.rejected >= 0);
	FUZZ_ASSERT(res.imported + res.rejected <= res.rows);
	if (rc == CL_OK) {
		FUZZ_ASSERT(res.outcome == CL_IMPORT_DONE);
		FUZZ_ASSERT(after == before + (opt.dry_run ? 0 : res.imported));
		FUZZ_ASSERT(opt.skip_bad || res.rejected == 0);
	} else {
		FUZZ_ASSERT(res.outcome != CL_IMPORT_DONE);
		FUZZ_ASSERT(err.message[0]);
		FUZZ_ASSERT(after == before);
	}
	import_dirty = after != before || (rc == CL_OK && !opt.dry_run);
	if (after != before) {
		long long rows;

		FUZZ_ASSERT(cl_audit_verify(import_db, &rows, &err) == CL_OK);
		FUZZ_ASSERT(rows > import_audit_rows);
		FUZZ_ASSERT(cl_check_derived(import_db, found, NULL, &err) == CL_OK);
	} else {
		FUZZ_ASSERT(fuzz_count(import_db, "SELECT count(*) FROM audit") ==
			    import_audit_rows);
	}
	if (opt.rejects)
		fclose(opt.rejects);
	if (rc == CL_OK && opt.skip_bad && res.rejected)
		check_rejects(fi, rejects, rejects_len, &res);
	free(rejects);
	return 0;
}

#endif
