/*
 * `careloop import events` over any bytes (HL7 v2 ADT or CSV, told from the content), on a
 * database of 20 demo patients made once per process. What must hold: the outcome agrees
 * with the return code; every message or row is counted once (imported, a duplicate,
 * unmatched, ignored or rejected); nothing is kept unless the import says so (all or
 * nothing); what is kept passes the audit chain and the derived columns' check.
 * A first byte below 0x08 is a mode, not data: bit 0 dry run, bit 1 --skip-bad.
 */
#include "demo.h"
#include "fuzz.h"

static struct cl_db *db;
static struct fuzz_snapshot clean;
static long long audit_rows;
static bool dirty;

static void found(const char *problem, void *arg)
{
	(void)arg;
	fprintf(stderr, "fuzz: check found: %s\n", problem);
	abort();
}

static void unmatched(long number, long line, const char *control_id, const char *mrn, void *arg)
{
	(void)arg;
	FUZZ_ASSERT(number >= 1 && line >= 1 && control_id && mrn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_event_import_options opt = { .unmatched = unmatched };
	struct cl_event_import_result res = { 0 };
	struct cl_error err = { 0 };
	long long before, after;
	int rc;

	if (!db) {
		struct cl_demo_options demo = { .patients = 20, .seed = 7 };

		setenv("CARELOOP_TODAY", "2026-11-23", 1);
		db = fuzz_open_db();
		if (cl_demo_generate(db, &demo, &err)) {
			fprintf(stderr, "fuzz: demo: %s\n", err.message);
			abort();
		}
		fuzz_snapshot_take(db, &clean);
		audit_rows = fuzz_count(db, "SELECT count(*) FROM audit");
	}
	if (dirty)
		fuzz_snapshot_restore(db, &clean);
	dirty = false;
	if (size && data[0] < 0x08) {
		opt.base.dry_run = data[0] & 1;
		opt.base.skip_bad = data[0] & 2;
		data++;
		size--;
	}
	before = fuzz_count(db, "SELECT count(*) FROM clinical_event");
	rc = cl_event_import_mem(db, (const char *)data, size, &opt, &res, &err);
	after = fuzz_count(db, "SELECT count(*) FROM clinical_event");

	FUZZ_ASSERT(res.records >= 0 && res.imported >= 0 && res.duplicates >= 0 &&
		    res.unmatched >= 0 && res.ignored >= 0 && res.rejected >= 0);
	FUZZ_ASSERT(res.imported + res.duplicates + res.unmatched + res.ignored + res.rejected <=
		    res.records);
	if (res.hl7 && rc == CL_OK)
		FUZZ_ASSERT(res.imported + res.duplicates + res.unmatched + res.ignored +
				    res.rejected ==
			    res.records);
	if (rc == CL_OK) {
		FUZZ_ASSERT(res.outcome == CL_IMPORT_DONE);
		FUZZ_ASSERT(after == before + (opt.base.dry_run ? 0 : res.imported));
		FUZZ_ASSERT(opt.base.skip_bad || res.rejected == 0);
	} else {
		FUZZ_ASSERT(res.outcome != CL_IMPORT_DONE);
		FUZZ_ASSERT(err.message[0]);
		FUZZ_ASSERT(after == before);
	}
	dirty = after != before;
	if (after != before) {
		long long rows;

		FUZZ_ASSERT(cl_audit_verify(db, &rows, &err) == CL_OK);
		FUZZ_ASSERT(rows > audit_rows);
		FUZZ_ASSERT(cl_check_derived(db, found, NULL, &err) == CL_OK);
	} else {
		FUZZ_ASSERT(fuzz_count(db, "SELECT count(*) FROM audit") == audit_rows);
	}
	return 0;
}
