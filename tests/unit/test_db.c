#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "testlib.h"

struct fixture {
	char dir[256];
	char path[512];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	test_temp_dir(f->dir, sizeof(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sub/careloop.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_remove_tree(f->dir);
	free(f);
	return 0;
}

static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *sq;
	int rc;

	if (sqlite3_open(path, &sq) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(sq, sql, NULL, NULL, NULL);
	sqlite3_close(sq);
	return rc;
}

static void fresh_database_is_migrated(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db;
	struct stat st;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	assert_true(cl_db_schema_version() >= 1);
	/* The OS user is a care manager from the first open. */
	assert_false(cl_id_is_nil(cl_db_user_id(db)));
	assert_true(strlen(cl_db_user(db)) > 0);
	assert_true(strlen(cl_db_user_display(db)) > 0);
	cl_db_close(db);

	/* Personal database: 0600 in a 0700 folder. */
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(f->path + strlen(f->dir), sizeof(f->path) - strlen(f->dir), "/sub");
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

static void reopening_is_idempotent(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db;
	struct cl_id first;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	first = *cl_db_user_id(db);
	cl_db_close(db);
	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_OK);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	assert_true(cl_id_equal(&first, cl_db_user_id(db)));
	cl_db_close(db);
}

static void missing_file_without_create_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db = (struct cl_db *)1;
	struct stat st;

	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_ENOTFOUND);
	assert_null(db);
	assert_int_not_equal(stat(f->path, &st), 0);
}

static void newer_database_is_refused(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	char sql[64];
	struct cl_db *db;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	cl_db_close(db);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", cl_db_schema_version() + 1);
	assert_int_equal(raw_exec(f->path, sql), SQLITE_OK);
	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_EVERSION);
	assert_non_null(strstr(err.message, "newer careloop"));
}

static void foreign_files_are_refused_unmodified(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "MRN,given,family\n1,Ana,Ruiz\n";
	char other[600], before[65536], after[65536];
	struct cl_error err = { 0 };
	struct cl_db *db;
	long n1, n2;

	/* A text file. */
	snprintf(other, sizeof(other), "%s/notes.txt", f->dir);
	assert_int_equal(test_write_file(other, text, sizeof(text) - 1), 0);
	assert_int_equal(cl_db_open(other, CL_DB_CREATE, &db, &err), CL_ENOTDB);
	n1 = test_read_file(other, after, sizeof(after));
	assert_int_equal(n1, sizeof(text) - 1);
	assert_memory_equal(after, text, sizeof(text) - 1);
	/* No message carries the file's contents. */
	assert_null(strstr(err.message, "Ruiz"));

	/* Another program's SQLite database. */
	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	assert_int_equal(raw_exec(other, "CREATE TABLE t (x); INSERT INTO t VALUES (42);"),
			 SQLITE_OK);
	n1 = test_read_file(other, before, sizeof(before));
	assert_true(n1 > 0);
	assert_int_equal(cl_db_open(other, CL_DB_CREATE, &db, &err), CL_ENOTDB);
	n2 = test_read_file(other, after, sizeof(after));
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, (size_t)n1);
}

static void shared_database_modes(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	char path[600];
	struct cl_db *db;
	struct stat st;

	snprintf(path, sizeof(path), "%s/clinic/careloop.db", f->dir);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE | CL_DB_SHARED | CL_DB_MKDIR, &db, &err),
			 CL_OK);
	cl_db_close(db);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
	snprintf(path, sizeof(path), "%s/clinic", f->dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 02770);
}

static void default_path_follows_environment(void **state)
{
	struct cl_error err = { 0 };
	char path[512];

	(void)state;
	setenv("CARELOOP_DB", "/srv/clinic/careloop.db", 1);
	assert_int_equal(cl_db_default_path(path, sizeof(path), &err), CL_OK);
	assert_string_equal(path, "/srv/clinic/careloop.db");
	unsetenv("CARELOOP_DB");
	setenv("XDG_DATA_HOME", "/home/x/data", 1);
	assert_int_equal(cl_db_default_path(path, sizeof(path), &err), CL_OK);
	assert_string_equal(path, "/home/x/data/careloop/careloop.db");
	/* A relative XDG_DATA_HOME is ignored, as the XDG spec says. */
	setenv("XDG_DATA_HOME", "relative/data", 1);
	setenv("HOME", "/home/y", 1);
	assert_int_equal(cl_db_default_path(path, sizeof(path), &err), CL_OK);
	assert_string_equal(path, "/home/y/.local/share/careloop/careloop.db");
	unsetenv("XDG_DATA_HOME");
}

static void pragmas_are_set(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	sqlite3_stmt *st;
	struct cl_db *db;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	st = cl_db_stmt(db, "PRAGMA journal_mode", &err);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_reset(st);
	st = cl_db_stmt(db, "PRAGMA foreign_keys", &err);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	st = cl_db_stmt(db, "PRAGMA secure_delete", &err);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	st = cl_db_stmt(db, "PRAGMA synchronous", &err);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 2); /* FULL */
	sqlite3_reset(st);
	cl_db_close(db);
}

static void statements_are_cached(void **state)
{
	static const char sql[] = "SELECT 1";
	struct cl_error err = { 0 };
	sqlite3_stmt *a, *b;
	struct cl_db *db;

	(void)state;
	assert_int_equal(cl_db_open(":memory:", 0, &db, &err), CL_OK);
	a = cl_db_stmt(db, sql, &err);
	b = cl_db_stmt(db, sql, &err);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_null(cl_db_stmt(db, "SELEC nonsense", &err));
	assert_int_equal(err.code, CL_EIO);
	cl_db_close(db);
}

static void rollback_discards_writes(void **state)
{
	struct cl_error err = { 0 };
	sqlite3_stmt *st;
	struct cl_db *db;

	(void)state;
	assert_int_equal(cl_db_open(":memory:", 0, &db, &err), CL_OK);
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_db_exec(db, "INSERT INTO setting VALUES ('k', 'v', 'now', 'me')", &err),
			 CL_OK);
	cl_db_rollback(db);
	st = cl_db_stmt(db, "SELECT count(*) FROM setting", &err);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_reset(st);
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_db_exec(db, "INSERT INTO setting VALUES ('k', 'v', 'now', 'me')", &err),
			 CL_OK);
	assert_int_equal(cl_db_commit(db, &err), CL_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	assert_int_equal(cl_db_integrity(db, &err), CL_OK);
	cl_db_close(db);
}

static void busy_database_is_reported(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *a, *b;
	sqlite3 *raw;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &a, &err), CL_OK);
	assert_int_equal(cl_db_open(f->path, 0, &b, &err), CL_OK);
	raw = cl_db_sqlite(b);
	sqlite3_busy_timeout(raw, 10); /* don't wait 5 s in a test */
	assert_int_equal(cl_db_begin(a, &err), CL_OK);
	assert_int_equal(cl_db_begin(b, &err), CL_EBUSY);
	cl_db_rollback(a);
	assert_int_equal(cl_db_begin(b, &err), CL_OK);
	assert_int_equal(cl_db_commit(b, &err), CL_OK);
	cl_db_close(b);
	cl_db_close(a);
}

/* Does path exist (as anything, a dangling link too)? */
static bool present(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static bool present2(const char *path, const char *suffix)
{
	char name[800];

	snprintf(name, sizeof(name), "%s%s", path, suffix);
	return present(name);
}

/* A mistyped --db never grows folders: only the XDG default's own folder, one level. */
static void folders_are_never_chained(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[600], dir[600];

	snprintf(path, sizeof(path), "%s/a/b/careloop.db", f->dir);
	snprintf(dir, sizeof(dir), "%s/a", f->dir);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_ENOTFOUND);
	assert_null(db);
	assert_false(present(dir));
	snprintf(path, sizeof(path), "%s/a/careloop.db", f->dir);
	assert_int_equal(cl_db_open(path, CL_DB_CREATE, &db, &err), CL_ENOTFOUND);
	assert_non_null(strstr(err.message, "no folder"));
	assert_false(present(dir));
	assert_int_equal(cl_db_open(path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	cl_db_close(db);
	assert_true(present(path));
}

/* Only a creating open (init, demo) makes a careloop database of an empty file. */
static void empty_file_stays_empty(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[600];
	struct stat st;

	snprintf(path, sizeof(path), "%s/empty.db", f->dir);
	assert_int_equal(test_write_file(path, "", 0), 0);
	assert_int_equal(cl_db_open(path, 0, &db, &err), CL_ENOTDB);
	assert_int_equal(cl_db_open(path, CL_DB_READONLY, &db, &err), CL_ENOTDB);
	assert_null(db);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_false(present2(path, "-wal"));
	assert_int_equal(cl_db_open(path, CL_DB_CREATE, &db, &err), CL_OK);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	cl_db_close(db);
}

/* Copy the file at from to to; 0 or -1. */
static int copy_file(const char *from, const char *to)
{
	static char buf[1 << 23];
	long n = test_read_file(from, buf, sizeof(buf));

	return n < 0 || (size_t)n == sizeof(buf) ? -1 : test_write_file(to, buf, (size_t)n);
}

/*
 * A database cut short (a copy stopped half-way, a full disk during a copy): every open,
 * read-write or read-only, says the file is damaged, and leaves its bytes as they were.
 */
static void truncated_database_is_refused_unmodified(void **state)
{
	static char before[1 << 22], after[1 << 22];
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char whole[600], cut[600];
	long size, sizes[3], n;

	snprintf(whole, sizeof(whole), "%s/whole.db", f->dir);
	snprintf(cut, sizeof(cut), "%s/cut.db", f->dir);
	assert_int_equal(cl_db_open(whole, CL_DB_CREATE, &db, &err), CL_OK);
	cl_db_close(db);
	size = test_read_file(whole, before, sizeof(before));
	assert_true(size > 8192 && size < (long)sizeof(before));
	sizes[0] = 100;	     /* inside the header */
	sizes[1] = 4096;     /* the first page alone */
	sizes[2] = size / 2; /* half the pages */
	for (int i = 0; i < 3; i++) {
		for (int mode = 0; mode < 2; mode++) {
			db = NULL;
			assert_int_equal(test_write_file(cut, before, (size_t)sizes[i]), 0);
			assert_int_equal(cl_db_open(cut, mode ? CL_DB_READONLY : 0, &db, &err),
					 CL_ECORRUPT);
			assert_null(db);
			assert_non_null(strstr(err.message, "damaged"));
			n = test_read_file(cut, after, sizeof(after));
			assert_int_equal(n, sizes[i]);
			assert_memory_equal(before, after, (size_t)n);
		}
	}
}

/*
 * careloop killed while it creates a database (turning the new file to WAL writes page 1
 * through a rollback journal) leaves a hot journal, which only a read-write open can roll
 * back: a read-only open (careloop check) says so instead of "attempt to write a readonly
 * database", and a read-write open recovers. (Found by make crash-test.)
 */
static void hot_journal_needs_a_read_write_open(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char live[600], crashed[600], from[620], to[620];
	sqlite3 *sq;

	/*
	 * A careloop database in rollback-journal mode (as a new file is until it turns WAL),
	 * with a write under way whose pages spilled to the file: copied, its journal is hot.
	 */
	snprintf(live, sizeof(live), "%s/live.db", f->dir);
	snprintf(crashed, sizeof(crashed), "%s/crashed.db", f->dir);
	assert_int_equal(cl_db_open(live, CL_DB_CREATE, &db, &err), CL_OK);
	cl_db_close(db);
	db = NULL;
	assert_int_equal(sqlite3_open(live, &sq), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(sq,
			     "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; BEGIN; "
			     "CREATE TABLE t (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
			     "SELECT i + 1 FROM n WHERE i < 200) "
			     "INSERT INTO t SELECT zeroblob(2000) FROM n;",
			     NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(copy_file(live, crashed), 0);
	snprintf(from, sizeof(from), "%s-journal", live);
	snprintf(to, sizeof(to), "%s-journal", crashed);
	assert_int_equal(copy_file(from, to), 0);
	sqlite3_close(sq);

	assert_int_equal(cl_db_open(crashed, CL_DB_READONLY, &db, &err), CL_EPERM);
	assert_null(db);
	assert_non_null(strstr(err.message, "open it once read-write"));
	assert_int_equal(cl_db_open(crashed, 0, &db, &err), CL_OK);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	cl_db_close(db);
	assert_int_equal(cl_db_open(crashed, CL_DB_READONLY, &db, &err), CL_OK);
	cl_db_close(db);
}

/*
 * A database nobody may write (0444): read-only opens work and leave no -wal/-shm (which
 * would keep its 0444 and break the next open after chmod 644); read-write opens are refused
 * before anything is created; after chmod 644 everything works again. Mode bits decide, so
 * that this holds for root too.
 */
static void read_only_file_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	char odd[700];
	struct cl_db *db;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	cl_db_close(db);
	assert_int_equal(chmod(f->path, 0444), 0);
	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	cl_db_close(db);
	assert_false(present2(f->path, "-wal"));
	assert_false(present2(f->path, "-shm"));
	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_EPERM);
	assert_non_null(strstr(err.message, "read-only"));
	assert_false(present2(f->path, "-wal"));
	assert_false(present2(f->path, "-shm"));
	assert_int_equal(chmod(f->path, 0644), 0);
	/* Any name: opened read-only through a URI, every odd byte escaped. */
	snprintf(odd, sizeof(odd), "%s/sub/a b%%3F?#&\xc3\xa9.db", f->dir);
	assert_int_equal(rename(f->path, odd), 0);
	assert_int_equal(chmod(odd, 0444), 0);
	assert_int_equal(cl_db_open(odd, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_db_user_version(db), cl_db_schema_version());
	cl_db_close(db);
	assert_false(present2(odd, "-wal"));
	assert_int_equal(chmod(odd, 0644), 0);
	assert_int_equal(rename(odd, f->path), 0);
	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_OK);
	assert_int_equal(cl_db_begin(db, &err), CL_OK);
	assert_int_equal(cl_db_exec(db, "INSERT INTO setting VALUES ('t', '1', 'x', 'y')", &err),
			 CL_OK);
	assert_int_equal(cl_db_commit(db, &err), CL_OK);
	cl_db_close(db);
}

/* `check` in a folder it cannot write: opens, reads, creates nothing. */
static void read_only_folder_opens_read_only(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	char dir[600];
	struct cl_db *db;

	assert_int_equal(cl_db_open(f->path, CL_DB_CREATE | CL_DB_MKDIR, &db, &err), CL_OK);
	cl_db_close(db);
	snprintf(dir, sizeof(dir), "%s/sub", f->dir);
	assert_int_equal(chmod(dir, 0555), 0);
	assert_int_equal(cl_db_open(f->path, CL_DB_READONLY, &db, &err), CL_OK);
	assert_int_equal(cl_db_integrity(db, &err), CL_OK);
	assert_int_equal(cl_audit_verify(db, NULL, &err), CL_OK);
	assert_int_equal(cl_access_verify(db, NULL, &err), CL_OK);
	cl_db_close(db);
	assert_false(present2(f->path, "-wal"));
	assert_false(present2(f->path, "-shm"));
	assert_false(present2(f->path, "-access"));
	assert_int_equal(cl_db_open(f->path, 0, &db, &err), CL_EPERM);
	assert_int_equal(chmod(dir, 0700), 0);
}

/* The allow-list: local disks pass, network and cluster filesystems and unknowns do not. */
static void filesystems_are_classified(void **state)
{
	static const struct {
		unsigned long magic;
		enum cl_fs_kind kind;
		const char *name;
	} cases[] = {
		{ 0xEF53, CL_FS_LOCAL, "ext2/ext3/ext4" }, { 0x58465342, CL_FS_LOCAL, "xfs" },
		{ 0x9123683E, CL_FS_LOCAL, "btrfs" },	   { 0x01021994, CL_FS_LOCAL, "tmpfs" },
		{ 0xF2F52010, CL_FS_LOCAL, "f2fs" },	   { 0x2FC12FC1, CL_FS_LOCAL, "zfs" },
		{ 0x794C7630, CL_FS_LOCAL, "overlayfs" },  { 0x6969, CL_FS_NETWORK, "NFS" },
		{ 0xFF534D42, CL_FS_NETWORK, "CIFS" },	   { 0xFE534D42, CL_FS_NETWORK, "SMB2" },
		{ 0x517B, CL_FS_NETWORK, "SMB" },	   { 0x65735546, CL_FS_NETWORK, "FUSE" },
		{ 0x01021997, CL_FS_NETWORK, "9p" },	   { 0x00C36400, CL_FS_NETWORK, "CephFS" },
		{ 0x5346414F, CL_FS_NETWORK, "AFS" },	   { 0x6B414653, CL_FS_NETWORK, "kAFS" },
		{ 0x0BD00BD0, CL_FS_NETWORK, "Lustre" },   { 0x47504653, CL_FS_NETWORK, "GPFS" },
		{ 0x01161970, CL_FS_NETWORK, "GFS2" },	   { 0x7461636F, CL_FS_NETWORK, "OCFS2" },
		{ 0x12345678, CL_FS_UNKNOWN, NULL },	   { 0, CL_FS_UNKNOWN, NULL },
	};
	const char *name;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(cl_db_fs_kind(cases[i].magic, &name), cases[i].kind);
		if (cases[i].name)
			assert_string_equal(name, cases[i].name);
		else
			assert_null(name);
	}
	/* f_type may come sign-extended (a 32-bit magic in a signed long). */
	assert_int_equal(cl_db_fs_kind((unsigned long)(long)(int)0xFF534D42, NULL), CL_FS_NETWORK);
	assert_int_equal(cl_db_fs_kind(0x9123683E, NULL), CL_FS_LOCAL);
}

static void now_is_iso_utc(void **state)
{
	char now[32];

	(void)state;
	cl_db_now(now, sizeof(now));
	assert_int_equal(strlen(now), 24);
	assert_int_equal(now[4], '-');
	assert_int_equal(now[10], 'T');
	assert_int_equal(now[19], '.');
	assert_int_equal(now[23], 'Z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fresh_database_is_migrated, setup, teardown),
		cmocka_unit_test_setup_teardown(reopening_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_file_without_create_is_not_found, setup,
						teardown),
		cmocka_unit_test_setup_teardown(newer_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_files_are_refused_unmodified, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shared_database_modes, setup, teardown),
		cmocka_unit_test(default_path_follows_environment),
		cmocka_unit_test_setup_teardown(pragmas_are_set, setup, teardown),
		cmocka_unit_test(statements_are_cached),
		cmocka_unit_test(rollback_discards_writes),
		cmocka_unit_test_setup_teardown(busy_database_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(truncated_database_is_refused_unmodified, setup,
						teardown),
		cmocka_unit_test(now_is_iso_utc),
		cmocka_unit_test_setup_teardown(folders_are_never_chained, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_file_stays_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_file_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_folder_opens_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(hot_journal_needs_a_read_write_open, setup,
						teardown),
		cmocka_unit_test(filesystems_are_classified),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
