/*
 * I/O faults in the middle of a write, by a fault-injecting VFS: a shim over the default VFS
 * (registered as the default) that fails the Nth write with SQLITE_IOERR_WRITE or
 * SQLITE_FULL, the Nth sync with SQLITE_IOERR_FSYNC, or the Nth read with SQLITE_IOERR_READ,
 * for N = 0, 1, 2, … until the write completes without reaching N. Each time the write
 * either fails with a clear error (CL_EIO, naming a full disk when the disk is full) or
 * succeeds whole; and after the database is closed and opened again (SQLite rolls back or
 * recovers what the fault cut), its integrity check passes, the audit chain verifies, and
 * it holds the records of before the write or of after it, never a part.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "testdb.h"
#include "testlib.h"

/* ---- the failing VFS ---- */

enum fault { FAULT_WRITE, FAULT_FULL, FAULT_SYNC, FAULT_READ };
static const char *const fault_names[] = { "write error", "disk full", "fsync error",
					   "read error" };

static sqlite3_vfs *real_vfs;
static enum fault fault_kind;
static long countdown = -1; /* calls of the kind left before the one that fails; -1: none */
static bool fired;

static bool fail_now(enum fault kind)
{
	if (countdown < 0 || kind != (fault_kind == FAULT_FULL ? FAULT_WRITE : fault_kind))
		return false;
	if (countdown-- > 0)
		return false;
	fired = true;
	return true;
}

/* A file of the shim: the real file's methods follow this header. */
struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int shim_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;

	sqlite3_free(REAL(f));
	return rc;
}

static int shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (fail_now(FAULT_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (fail_now(FAULT_WRITE))
		return fault_kind == FAULT_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int shim_sync(sqlite3_file *f, int flags)
{
	if (fail_now(FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int shim_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int shim_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int shim_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int shim_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int shim_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int shim_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int shim_device_characteristics(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int shim_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), region, size, extend, out);
}

static int shim_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void shim_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int shim_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}

static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
	/* No memory-mapped pages: every read goes through xRead, where it can fail. */
	(void)f;
	(void)off;
	(void)n;
	*out = NULL;
	return SQLITE_OK;
}

static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods shim_methods = {
	.iVersion = 3,
	.xClose = shim_close,
	.xRead = shim_read,
	.xWrite = shim_write,
	.xTruncate = shim_truncate,
	.xSync = shim_sync,
	.xFileSize = shim_file_size,
	.xLock = shim_lock,
	.xUnlock = shim_unlock,
	.xCheckReservedLock = shim_check_reserved,
	.xFileControl = shim_file_control,
	.xSectorSize = shim_sector_size,
	.xDeviceCharacteristics = shim_device_characteristics,
	.xShmMap = shim_shm_map,
	.xShmLock = shim_shm_lock,
	.xShmBarrier = shim_shm_barrier,
	.xShmUnmap = shim_shm_unmap,
	.xFetch = shim_fetch,
	.xUnfetch = shim_unfetch,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct shim_file *s = (struct shim_file *)f;
	int rc;

	(void)vfs;
	s->base.pMethods = NULL;
	if (!(s->real = sqlite3_malloc(real_vfs->szOsFile)))
		return SQLITE_NOMEM;
	memset(s->real, 0, (size_t)real_vfs->szOsFile);
	rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out);
	if (rc != SQLITE_OK) {
		if (s->real->pMethods)
			s->real->pMethods->xClose(s->real);
		sqlite3_free(s->real);
		return rc;
	}
	s->base.pMethods = &shim_methods;
	return SQLITE_OK;
}

static int shim_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int shim_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int shim_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int shim_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int shim_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int shim_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static int shim_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int install_vfs(void **state)
{
	static sqlite3_vfs shim;

	(void)state;
	if (!(real_vfs = sqlite3_vfs_find(NULL)) || real_vfs->iVersion < 2)
		return -1;
	shim = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = sizeof(struct shim_file),
		.mxPathname = real_vfs->mxPathname,
		.zName = "fault",
		.xOpen = shim_open,
		.xDelete = shim_delete,
		.xAccess = shim_access,
		.xFullPathname = shim_full_pathname,
		.xRandomness = shim_randomness,
		.xSleep = shim_sleep,
		.xCurrentTimeInt64 = shim_current_time_int64,
		.xGetLastError = shim_last_error,
	};
	return sqlite3_vfs_register(&shim, 1) == SQLITE_OK ? 0 : -1;
}

/* ---- the database files ---- */

static char dir[256], db_path[512], template_path[512];

static void remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[600];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

/* Put the fixture database (closed, checkpointed into one file) back at db_path. */
static void restore(void)
{
	static char bytes[4 << 20];
	long n = test_read_file(template_path, bytes, sizeof(bytes));

	assert_true(n > 0 && n < (long)sizeof(bytes));
	remove_db(db_path);
	assert_int_equal(test_write_file(db_path, bytes, (size_t)n), 0);
}

static struct cl_db *open_db(void)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	if (cl_db_open(db_path, 0, &db, &err))
		fail_msg("open: %s", err.message);
	return db;
}

/* ---- the writes under test ---- */

struct scenario {
	const char *name;
	/* Fixture records, written without faults. */
	void (*prepare)(struct cl_db *db);
	/* The write under test. */
	int (*write)(struct cl_db *db, struct cl_error *err);
	/* The records the write adds or changes: before it, n_before; after it, n_after. */
	const char *count_sql;
	long long n_before, n_after;
};

/*
 * After a run, in a fresh connection without faults: intact, chained, all or nothing.
 * Returns whether the database holds the write.
 */
static bool verify(const struct scenario *sc, enum fault kind, long n)
{
	struct cl_error err = { 0 };
	struct cl_db *db = open_db();
	long long rows, got;

	if (cl_db_integrity(db, &err))
		fail_msg("%s, %s %ld: integrity: %s", sc->name, fault_names[kind], n, err.message);
	if (cl_audit_verify(db, &rows, &err))
		fail_msg("%s, %s %ld: check fails: %s", sc->name, fault_names[kind], n,
			 err.message);
	got = test_count(db, sc->count_sql);
	if (got != sc->n_before && got != sc->n_after)
		fail_msg("%s, %s %ld: %lld records, neither %lld (before) nor %lld (after)",
			 sc->name, fault_names[kind], n, got, sc->n_before, sc->n_after);
	cl_db_close(db);
	return got == sc->n_after;
}

/* Run the write once with call n of kind failing; returns whether the fault fired. */
static bool run_once(const struct scenario *sc, enum fault kind, long n, long *failed)
{
	struct cl_error err = { 0 };
	struct cl_db *db;
	bool hit, held;
	int rc;

	restore();
	db = open_db();
	fault_kind = kind;
	fired = false;
	countdown = n;
	rc = sc->write(db, &err);
	countdown = -1;
	hit = fired;
	if (!sqlite3_get_autocommit(cl_db_sqlite(db)))
		fail_msg("%s, %s %ld: a transaction was left open", sc->name, fault_names[kind], n);
	if (rc) {
		if (!hit)
			fail_msg("%s failed without a fault: %s", sc->name, err.message);
		if (rc != CL_EIO || err.code != CL_EIO)
			fail_msg("%s, %s %ld: returned %d (%s) \"%s\", not an I/O error", sc->name,
				 fault_names[kind], n, rc, cl_status_name(rc), err.message);
		if (kind == FAULT_FULL && !strstr(err.message, "full"))
			fail_msg("%s, %s %ld: \"%s\" does not say the disk is full", sc->name,
				 fault_names[kind], n, err.message);
		(*failed)++;
	}
	cl_db_close(db);
	held = verify(sc, kind, n);
	/* A write that said it succeeded is there (one that failed at its sync may be too). */
	if (!rc && !held)
		fail_msg("%s, %s %ld: succeeded but is not in the database", sc->name,
			 fault_names[kind], n);
	return hit;
}

static void run_scenario(const struct scenario *sc)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	remove_db(template_path);
	if (cl_db_open(template_path, CL_DB_CREATE, &db, &err))
		fail_msg("open: %s", err.message);
	sc->prepare(db);
	cl_db_close(db);
	for (enum fault kind = FAULT_WRITE; kind <= FAULT_READ; kind++) {
		long n, failed = 0;

		for (n = 0; run_once(sc, kind, n, &failed); n++)
			;
		/* Each call of the kind was made to fail once, and there were some. */
		assert_true(n > 0);
		assert_true(failed > 0);
		print_message("%s: %s: %ld calls, each failed once (%ld writes failed)\n", sc->name,
			      fault_names[kind], n, failed);
	}
}

/* -- an organization import -- */

static const char orgs_csv[] =
	"kind,name,services,phone,address,languages,notes,last_verified\n"
	"community,Food Bank,\"food-insecurity;housing-instability\",555-0101,\"12 Main St\","
	"\"en,es\",\"call first\",2026-01-05\n"
	"specialty,Heart Clinic,cardiology,555-0102,,,,\n"
	"community,Ride Rural,transportation-insecurity,,,,,\n";

static char orgs_path[512];

static void nothing(struct cl_db *db)
{
	(void)db;
}

static int org_import(struct cl_db *db, struct cl_error *err)
{
	struct cl_import_options opt = { 0 };
	struct cl_import_result res;

	return cl_org_import(db, orgs_path, &opt, &res, err);
}

static void test_org_import(void **state)
{
	static const struct scenario sc = {
		"org import", nothing, org_import, "SELECT count(*) FROM organization", 0, 3
	};

	(void)state;
	run_scenario(&sc);
}

/* -- a patient saved: created, then changed -- */

static void patient_fill(struct cl_db *db, struct cl_patient *p, const char *mrn)
{
	struct cl_error err = { 0 };

	cl_patient_init(p, db);
	if (cl_patient_field_set(p, "mrn", mrn, &err) ||
	    cl_patient_field_set(p, "given_name", "Test", &err) ||
	    cl_patient_field_set(p, "family_name", "Person", &err) ||
	    cl_patient_field_set(p, "birth_date", "1960-01-01", &err) ||
	    cl_patient_field_set(p, "phone", "505-555-0100", &err) ||
	    cl_patient_field_set(p, "city", "Taos", &err))
		fail_msg("patient: %s", err.message);
}

static void one_patient(struct cl_db *db)
{
	struct cl_error err = { 0 };
	struct cl_patient p;

	patient_fill(db, &p, "T100");
	if (cl_patient_create(db, &p, &err))
		fail_msg("patient: %s", err.message);
}

static int patient_create(struct cl_db *db, struct cl_error *err)
{
	struct cl_patient p;

	patient_fill(db, &p, "T101");
	return cl_patient_create(db, &p, err);
}

static int patient_update(struct cl_db *db, struct cl_error *err)
{
	struct cl_patient p;
	int rc;

	if ((rc = cl_patient_by_mrn(db, "T100", &p, err)) ||
	    (rc = cl_patient_field_set(&p, "city", "Santa Fe", err)))
		return rc;
	return cl_patient_update(db, &p, err);
}

static void test_patient_create(void **state)
{
	static const struct scenario sc = {
		"patient create", one_patient, patient_create, "SELECT count(*) FROM patient", 1, 2
	};

	(void)state;
	run_scenario(&sc);
}

static void test_patient_update(void **state)
{
	static const struct scenario sc = {
		"patient update",
		one_patient,
		patient_update,
		"SELECT count(*) FROM patient WHERE city = 'Santa Fe' AND version = 2"
		" AND (SELECT count(*) FROM audit WHERE action = 'update') = 1",
		0,
		1
	};

	(void)state;
	run_scenario(&sc);
}

static int setup(void **state)
{
	if (install_vfs(state) || !test_temp_dir(dir, sizeof(dir)))
		return -1;
	snprintf(db_path, sizeof(db_path), "%s/clinic.db", dir);
	snprintf(template_path, sizeof(template_path), "%s/template.db", dir);
	snprintf(orgs_path, sizeof(orgs_path), "%s/orgs.csv", dir);
	return test_write_file(orgs_path, orgs_csv, sizeof(orgs_csv) - 1);
}

static int teardown(void **state)
{
	(void)state;
	test_remove_tree(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_import),
		cmocka_unit_test(test_patient_create),
		cmocka_unit_test(test_patient_update),
	};

	setenv("CARELOOP_TODAY", "2026-06-15", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
