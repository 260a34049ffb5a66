#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "access.h"
#include "db_private.h"
#include "sha256.h"

/* PRAGMA application_id of an access log: "CLAL". */
#define ACCESS_APPLICATION_ID 0x434c414c

struct cl_access {
	sqlite3 *sq;
	bool readonly;
};

static const char schema_sql[] =
	"CREATE TABLE access ("
	" seq       INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at        TEXT NOT NULL,"
	" actor     TEXT NOT NULL,"
	" action    TEXT NOT NULL CHECK (action IN ('view', 'report', 'export')),"
	" what      TEXT NOT NULL,"
	" record_id BLOB CHECK (record_id IS NULL OR length(record_id) = 16),"
	" patients  INTEGER,"
	" hash      BLOB NOT NULL CHECK (length(hash) = 32));"
	"CREATE INDEX access_record ON access (record_id, seq);"
	"CREATE TRIGGER access_no_update BEFORE UPDATE ON access"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	"CREATE TRIGGER access_no_delete BEFORE DELETE ON access"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	"PRAGMA application_id = 1129070924;" /* ACCESS_APPLICATION_ID */
	"PRAGMA user_version = 2;";

/*
 * Version 1 allowed only 'view' and 'report'. A CHECK cannot be altered: the table is copied
 * into one that allows 'export' (rows, hashes and the highest seq ever used unchanged, so
 * the chain verifies as before). DROP TABLE fires no delete trigger.
 */
static const char upgrade_v2_sql[] =
	"CREATE TABLE access_v2 ("
	" seq       INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at        TEXT NOT NULL,"
	" actor     TEXT NOT NULL,"
	" action    TEXT NOT NULL CHECK (action IN ('view', 'report', 'export')),"
	" what      TEXT NOT NULL,"
	" record_id BLOB CHECK (record_id IS NULL OR length(record_id) = 16),"
	" patients  INTEGER,"
	" hash      BLOB NOT NULL CHECK (length(hash) = 32));"
	"INSERT INTO access_v2 SELECT seq, at, actor, action, what, record_id, patients, hash"
	" FROM access ORDER BY seq;"
	"CREATE TEMP TABLE access_top AS SELECT seq FROM sqlite_sequence WHERE name = 'access';"
	"DROP TABLE access;"
	"ALTER TABLE access_v2 RENAME TO access;"
	"DELETE FROM sqlite_sequence WHERE name = 'access';"
	"INSERT INTO sqlite_sequence (name, seq) SELECT 'access', seq FROM temp.access_top;"
	"DROP TABLE temp.access_top;"
	"CREATE INDEX access_record ON access (record_id, seq);"
	"CREATE TRIGGER access_no_update BEFORE UPDATE ON access"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	"CREATE TRIGGER access_no_delete BEFORE DELETE ON access"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	"PRAGMA user_version = 2;";

int cl_access_path(const char *db_path, char *buf, size_t size, struct cl_error *err)
{
	int n = strcmp(db_path, ":memory:") == 0 ? snprintf(buf, size, ":memory:")
						 : snprintf(buf, size, "%s-access", db_path);

	if (n < 0 || (size_t)n >= size)
		return cl_error_set(err, CL_EINVAL, "database path too long");
	return CL_OK;
}

void cl_access_close(struct cl_access *access)
{
	if (!access)
		return;
	sqlite3_close(access->sq);
	free(access);
}

static int access_error(sqlite3 *sq, const char *doing, struct cl_error *err)
{
	int rc = sqlite3_errcode(sq) & 0xff;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return cl_error_set(err, CL_EBUSY, "the access log is busy; try again");
	if (rc == SQLITE_NOMEM)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return cl_error_set(err, rc == SQLITE_READONLY || rc == SQLITE_PERM ? CL_EPERM : CL_EIO,
			    "access log: %s: %s", doing, sqlite3_errmsg(sq));
}

static int query_int(sqlite3 *sq, const char *sql, long long *value, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		return access_error(sq, "read", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(st, 0);
		rc = CL_OK;
	} else {
		rc = access_error(sq, "read", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* An empty file becomes an access log (one transaction); anything else must be one. */
static int check_schema(sqlite3 *sq, bool readonly, struct cl_error *err)
{
	long long app = 0, version = 0, tables = 0;
	int rc;

	if ((rc = query_int(sq, "PRAGMA application_id", &app, err)) ||
	    (rc = query_int(sq, "PRAGMA user_version", &version, err)) ||
	    (rc = query_int(sq, "SELECT count(*) FROM sqlite_master", &tables, err)))
		return rc;
	if (app == ACCESS_APPLICATION_ID && (version == 2 || (version == 1 && readonly)))
		return CL_OK;
	if (!(app == ACCESS_APPLICATION_ID && version == 1) &&
	    (app != 0 || version != 0 || tables != 0))
		return cl_error_set(err, CL_ENOTDB,
				    "the -access file is not careloop's access log");
	if (readonly)
		return CL_OK; /* empty: nothing recorded yet */
	if (sqlite3_exec(sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return access_error(sq, "create", err);
	if ((rc = query_int(sq, "PRAGMA user_version", &version, err)))
		goto fail;
	if (version == 0 && sqlite3_exec(sq, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = access_error(sq, "create", err);
		goto fail;
	}
	if (version == 1 && sqlite3_exec(sq, upgrade_v2_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = access_error(sq, "upgrade", err);
		goto fail;
	}
	if (sqlite3_exec(sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = access_error(sq, "create", err);
		goto fail;
	}
	return CL_OK;
fail:
	sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Open db's access log: for writing (created with the database's mode and group), or for
 * reading (*absent set when there is none yet). Kept open in db's slot.
 */
static int access_open(struct cl_db *db, bool readonly, bool *absent, struct cl_error *err)
{
	struct cl_access **slot = cl_db_access_slot(db);
	struct cl_access *a = *slot;
	bool memory = strcmp(cl_db_path(db), ":memory:") == 0;
	unsigned mode = 0600;
	long gid = -1;
	char path[4200];
	struct stat st;
	int rc;

	if (absent)
		*absent = false;
	if (memory)
		readonly = false; /* a private in-memory log (tests) lives as long as db */
	if (a && (readonly || !a->readonly))
		return CL_OK;
	cl_access_close(a);
	*slot = NULL;
	if ((rc = cl_access_path(cl_db_path(db), path, sizeof(path), err)))
		return rc;
	if (!memory && readonly && lstat(path, &st) != 0) {
		if (absent)
			*absent = true;
		return CL_OK;
	}
	/* Whoever may read a shared (group-writable) database must be able to record it. */
	if (!memory && stat(cl_db_path(db), &st) == 0) {
		mode = (st.st_mode & 0060) == 0060 ? 0660 : 0600;
		gid = (long)st.st_gid;
	}
	if (!(a = calloc(1, sizeof(*a))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	a->readonly = readonly;
	rc = cl_db_open_file(path, readonly, !readonly, mode, gid, &a->sq, err);
	if (rc) {
		char why[sizeof(err->message)];

		free(a);
		snprintf(why, sizeof(why), "%s", err ? err->message : "");
		return cl_error_set(err, rc, "cannot record who looks at patient data: %s", why);
	}
	if (!readonly && !memory &&
	    sqlite3_exec(a->sq, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
		rc = access_error(a->sq, "open", err);
		goto fail;
	}
	/*
	 * A view's row is not synced on its own: opening a chart must not wait for the disk
	 * (the sync was most of the chart's 4 ms). WAL with synchronous NORMAL stays
	 * consistent; a power cut can lose the last rows not yet checkpointed (man page,
	 * FILES). A change's audit row is in the database, synced with the change.
	 */
	if (sqlite3_exec(a->sq, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
		rc = access_error(a->sq, "open", err);
		goto fail;
	}
	if ((rc = check_schema(a->sq, readonly, err)))
		goto fail;
	*slot = a;
	return CL_OK;
fail:
	cl_access_close(a);
	return rc;
}

int cl_access_ready(struct cl_db *db, struct cl_error *err)
{
	return access_open(db, false, NULL, err);
}

/* SHA-256 over the previous hash and every field of the row; any change shows. */
static void row_hash(const unsigned char prev[CL_SHA256_LEN], long long seq, const char *at,
		     const char *actor, const char *action, const char *what,
		     const unsigned char *record, bool has_patients, long long patients,
		     unsigned char out[CL_SHA256_LEN])
{
	unsigned char seqbytes[8], countbytes[8], present;
	struct cl_sha256 c;
	int i;

	for (i = 0; i < 8; i++) {
		seqbytes[i] = (unsigned char)((unsigned long long)seq >> (56 - 8 * i));
		countbytes[i] = (unsigned char)((unsigned long long)patients >> (56 - 8 * i));
	}
	cl_sha256_init(&c);
	cl_sha256_update(&c, prev, CL_SHA256_LEN);
	cl_sha256_update(&c, seqbytes, sizeof(seqbytes));
	cl_sha256_update(&c, at, strlen(at) + 1);
	cl_sha256_update(&c, actor, strlen(actor) + 1);
	cl_sha256_update(&c, action, strlen(action) + 1);
	cl_sha256_update(&c, what, strlen(what) + 1);
	present = record != NULL;
	cl_sha256_update(&c, &present, 1);
	if (record)
		cl_sha256_update(&c, record, CL_ID_LEN);
	present = has_patients;
	cl_sha256_update(&c, &present, 1);
	if (has_patients)
		cl_sha256_update(&c, countbytes, sizeof(countbytes));
	cl_sha256_final(&c, out);
}

/* Append one row in its own short transaction on the access log (never the database's). */
static int append(struct cl_db *db, const char *action, const char *what,
		  const struct cl_id *record, bool has_patients, long long patients,
		  struct cl_error *err)
{
	static const char last_sql[] = "SELECT seq, hash FROM access ORDER BY seq DESC LIMIT 1";
	static const char insert_sql[] = "INSERT INTO access (seq, at, actor, action, what, "
					 "record_id, patients, hash) VALUES (?1, ?2, ?3, ?4, ?5, "
					 "?6, ?7, ?8)";
	unsigned char prev[CL_SHA256_LEN] = { 0 }, hash[CL_SHA256_LEN];
	sqlite3_stmt *st = NULL;
	long long seq = 1;
	char now[32];
	sqlite3 *sq;
	int rc;

	if ((rc = access_open(db, false, NULL, err)))
		return rc;
	sq = (*cl_db_access_slot(db))->sq;
	if (sqlite3_exec(sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return access_error(sq, "record", err);
	if (sqlite3_prepare_v2(sq, last_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = access_error(sq, "record", err);
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == CL_SHA256_LEN)
			memcpy(prev, sqlite3_column_blob(st, 1), CL_SHA256_LEN);
		rc = CL_OK;
	} else {
		rc = rc == SQLITE_DONE ? CL_OK : access_error(sq, "record", err);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc)
		goto out;
	cl_db_now(now, sizeof(now));
	row_hash(prev, seq, now, cl_db_user(db), action, what, record ? record->bytes : NULL,
		 has_patients, patients, hash);
	if (sqlite3_prepare_v2(sq, insert_sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, seq) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, cl_db_user(db), -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 5, what, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    (record ? sqlite3_bind_blob(st, 6, record->bytes, CL_ID_LEN, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, 6)) != SQLITE_OK ||
	    (has_patients ? sqlite3_bind_int64(st, 7, patients) : sqlite3_bind_null(st, 7)) !=
		    SQLITE_OK ||
	    sqlite3_bind_blob(st, 8, hash, CL_SHA256_LEN, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		rc = access_error(sq, "record", err);
		goto out;
	}
out:
	sqlite3_finalize(st);
	if (rc) {
		sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (sqlite3_exec(sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = access_error(sq, "record", err);
		sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

int cl_access_view(struct cl_db *db, const char *entity, const struct cl_id *record,
		   struct cl_error *err)
{
	return append(db, "view", entity, record, false, 0, err);
}

int cl_access_report(struct cl_db *db, const char *report, long long patients, struct cl_error *err)
{
	return append(db, "report", report, NULL, true, patients, err);
}

int cl_access_export(struct cl_db *db, const char *what, long long records, struct cl_error *err)
{
	return append(db, "export", what, NULL, true, records, err);
}

int cl_access_count(struct cl_db *db, const char *action, const char *what,
		    const struct cl_id *record, long long *count, struct cl_error *err)
{
	static const char sql[] =
		"SELECT count(*) FROM access WHERE (?1 IS NULL OR action = ?1) "
		"AND (?2 IS NULL OR what = ?2) AND (?3 IS NULL OR record_id = ?3)";
	sqlite3_stmt *st = NULL;
	bool absent;
	sqlite3 *sq;
	int rc;

	*count = 0;
	if ((rc = access_open(db, true, &absent, err)) || absent)
		return rc;
	sq = (*cl_db_access_slot(db))->sq;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK) {
		/* an empty log opened read-only has no table yet */
		rc = strstr(sqlite3_errmsg(sq), "no such table") ? CL_OK
								 : access_error(sq, "read", err);
		goto out;
	}
	if ((action ? sqlite3_bind_text(st, 1, action, -1, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, 1)) != SQLITE_OK ||
	    (what ? sqlite3_bind_text(st, 2, what, -1, SQLITE_TRANSIENT)
		  : sqlite3_bind_null(st, 2)) != SQLITE_OK ||
	    (record ? sqlite3_bind_blob(st, 3, record->bytes, CL_ID_LEN, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, 3)) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = access_error(sq, "read", err);
		goto out;
	}
	*count = sqlite3_column_int64(st, 0);
out:
	sqlite3_finalize(st);
	return rc;
}

int cl_access_audit_read(struct cl_db *db, const struct cl_id *patient, long long rows,
			 struct cl_error *err)
{
	return append(db, "report", "audit-read", patient, true, rows, err);
}

static int bind_opt_text(sqlite3_stmt *st, int i, const char *text)
{
	return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, i);
}

int cl_access_each(struct cl_db *db, const struct cl_id *record, const char *actor,
		   const char *from, const char *to,
		   int (*fn)(const struct cl_access_row *row, void *arg), void *arg,
		   struct cl_error *err)
{
	static const char sql[] =
		"SELECT seq, at, actor, action, what, record_id, patients FROM access"
		" WHERE (?1 IS NULL OR record_id = ?1) AND (?2 IS NULL OR actor = ?2)"
		" AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4) ORDER BY seq";
	struct cl_access_row row;
	sqlite3_stmt *st = NULL;
	bool absent;
	sqlite3 *sq;
	int rc, step;

	if ((rc = access_open(db, true, &absent, err)) || absent)
		return rc;
	sq = (*cl_db_access_slot(db))->sq;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = strstr(sqlite3_errmsg(sq), "no such table") ? CL_OK
								 : access_error(sq, "read", err);
		goto out;
	}
	if ((record ? sqlite3_bind_blob(st, 1, record->bytes, CL_ID_LEN, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, 1)) != SQLITE_OK ||
	    bind_opt_text(st, 2, actor) != SQLITE_OK || bind_opt_text(st, 3, from) != SQLITE_OK ||
	    bind_opt_text(st, 4, to) != SQLITE_OK) {
		rc = access_error(sq, "read", err);
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.seq = sqlite3_column_int64(st, 0);
		cl_db_column_text(st, 1, row.at, sizeof(row.at));
		cl_db_column_text(st, 2, row.actor, sizeof(row.actor));
		cl_db_column_text(st, 3, row.action, sizeof(row.action));
		cl_db_column_text(st, 4, row.what, sizeof(row.what));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			cl_db_column_id(st, 5, &row.record);
		row.has_patients = sqlite3_column_type(st, 6) != SQLITE_NULL;
		row.patients = sqlite3_column_int64(st, 6);
		if ((rc = fn(&row, arg)))
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = access_error(sq, "read", err);
out:
	sqlite3_finalize(st);
	return rc;
}

static bool text_col(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	cl_db_column_text(st, col, buf, size);
	return sqlite3_column_type(st, col) == SQLITE_TEXT;
}

int cl_access_verify(struct cl_db *db, long long *rows, struct cl_error *err)
{
	static const char sql[] = "SELECT seq, at, actor, action, what, record_id, patients, hash "
				  "FROM access ORDER BY seq";
	static const char seq_sql[] =
		"SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'access'), 0), "
		"coalesce((SELECT max(seq) FROM access), 0)";
	unsigned char prev[CL_SHA256_LEN] = { 0 }, hash[CL_SHA256_LEN];
	char at[32], actor[64], action[16], what[64];
	long long seq, expect = 1, n = 0;
	sqlite3_stmt *st = NULL;
	bool absent;
	sqlite3 *sq;
	int rc, step;

	if (rows)
		*rows = 0;
	if ((rc = access_open(db, true, &absent, err)) || absent)
		return rc;
	sq = (*cl_db_access_slot(db))->sq;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = strstr(sqlite3_errmsg(sq), "no such table") ? CL_OK
								 : access_error(sq, "read", err);
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *record = sqlite3_column_blob(st, 5);
		bool has_patients = sqlite3_column_type(st, 6) != SQLITE_NULL;

		seq = sqlite3_column_int64(st, 0);
		if (seq != expect) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "access log row %lld is missing (chain jumps to %lld)",
					  expect, seq);
			goto out;
		}
		if (!text_col(st, 1, at, sizeof(at)) || !text_col(st, 2, actor, sizeof(actor)) ||
		    !text_col(st, 3, action, sizeof(action)) ||
		    !text_col(st, 4, what, sizeof(what)) ||
		    (record && sqlite3_column_bytes(st, 5) != CL_ID_LEN) ||
		    sqlite3_column_bytes(st, 7) != CL_SHA256_LEN) {
			rc = cl_error_set(err, CL_ECORRUPT, "access log row %lld is malformed",
					  seq);
			goto out;
		}
		row_hash(prev, seq, at, actor, action, what, record, has_patients,
			 sqlite3_column_int64(st, 6), hash);
		if (memcmp(hash, sqlite3_column_blob(st, 7), CL_SHA256_LEN) != 0) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "access log row %lld was altered (hash chain broken)",
					  seq);
			goto out;
		}
		memcpy(prev, hash, sizeof(prev));
		expect = seq + 1;
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = access_error(sq, "read", err);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* AUTOINCREMENT remembers the highest seq ever used: rows cut from the end show. */
	if (sqlite3_prepare_v2(sq, seq_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = access_error(sq, "read", err);
		goto out;
	}
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) > sqlite3_column_int64(st, 1))
		rc = cl_error_set(err, CL_ECORRUPT, "access log rows after %lld were removed",
				  sqlite3_column_int64(st, 1));
out:
	sqlite3_finalize(st);
	if (rows)
		*rows = n;
	return rc;
}
