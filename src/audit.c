#include "config.h"

#include <string.h>

#include "audit.h"
#include "sha256.h"

static const char *const action_names[] = {
	[CL_AUDIT_VIEW] = "view",     [CL_AUDIT_CREATE] = "create", [CL_AUDIT_UPDATE] = "update",
	[CL_AUDIT_RETIRE] = "retire", [CL_AUDIT_EXPORT] = "export", [CL_AUDIT_IMPORT] = "import",
};

const char *cl_audit_action_name(enum cl_audit_action action)
{
	if ((unsigned)action >= sizeof(action_names) / sizeof(action_names[0]))
		return "unknown";
	return action_names[action];
}

/*
 * A row's hash: SHA-256 over the previous row's hash and the row's fields, each text
 * NUL-terminated, the record id with a presence byte. Changing or removing any row changes
 * every hash after it.
 */
static void row_hash(const unsigned char prev[CL_SHA256_LEN], long long seq, const char *at,
		     const char *actor, const char *action, const char *entity,
		     const unsigned char *record, unsigned char out[CL_SHA256_LEN])
{
	struct cl_sha256 c;
	unsigned char seqbytes[8];
	unsigned char present = record != NULL;
	int i;

	for (i = 0; i < 8; i++)
		seqbytes[i] = (unsigned char)((unsigned long long)seq >> (56 - 8 * i));
	cl_sha256_init(&c);
	cl_sha256_update(&c, prev, CL_SHA256_LEN);
	cl_sha256_update(&c, seqbytes, sizeof(seqbytes));
	cl_sha256_update(&c, at, strlen(at) + 1);
	cl_sha256_update(&c, actor, strlen(actor) + 1);
	cl_sha256_update(&c, action, strlen(action) + 1);
	cl_sha256_update(&c, entity, strlen(entity) + 1);
	cl_sha256_update(&c, &present, 1);
	if (record)
		cl_sha256_update(&c, record, CL_ID_LEN);
	cl_sha256_final(&c, out);
}

int cl_audit_log(struct cl_db *db, enum cl_audit_action action, const char *entity,
		 const struct cl_id *record, struct cl_error *err)
{
	static const char last_sql[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
	static const char insert_sql[] = "INSERT INTO audit (seq, at, actor, action, entity, "
					 "record_id, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	unsigned char prev[CL_SHA256_LEN] = { 0 }, hash[CL_SHA256_LEN];
	bool own = sqlite3_get_autocommit(cl_db_sqlite(db));
	const char *name = cl_audit_action_name(action);
	sqlite3_stmt *st;
	long long seq = 1;
	char now[32];
	int rc;

	if (own && action != CL_AUDIT_VIEW)
		return cl_error_set(err, CL_EINVAL, "audit outside the change's transaction");
	if (own && (rc = cl_db_begin(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, last_sql, err))) {
		rc = CL_EIO;
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == CL_SHA256_LEN)
			memcpy(prev, sqlite3_column_blob(st, 1), CL_SHA256_LEN);
		rc = CL_OK;
	} else {
		rc = rc == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		goto out;

	cl_db_now(now, sizeof(now));
	row_hash(prev, seq, now, cl_db_user(db), name, entity, record ? record->bytes : NULL, hash);
	if (!(st = cl_db_stmt(db, insert_sql, err))) {
		rc = CL_EIO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, cl_db_user(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, entity, -1, SQLITE_TRANSIENT);
	cl_db_bind_id(st, 6, record);
	sqlite3_bind_blob(st, 7, hash, CL_SHA256_LEN, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
out:
	if (own) {
		if (rc)
			cl_db_rollback(db);
		else
			rc = cl_db_commit(db, err);
	}
	return rc;
}

int cl_audit_count(struct cl_db *db, const char *entity, const struct cl_id *record,
		   const char *action, long long *count, struct cl_error *err)
{
	static const char sql[] = "SELECT count(*) FROM audit WHERE record_id = ?1 AND "
				  "entity = ?2 AND (?3 IS NULL OR action = ?3)";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return CL_EIO;
	cl_db_bind_id(st, 1, record);
	sqlite3_bind_text(st, 2, entity, -1, SQLITE_TRANSIENT);
	if (action)
		sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 3);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		rc = CL_OK;
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

static int text_col(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	cl_db_column_text(st, col, buf, size);
	return sqlite3_column_type(st, col) == SQLITE_TEXT;
}

int cl_audit_verify(struct cl_db *db, long long *rows, struct cl_error *err)
{
	static const char sql[] =
		"SELECT seq, at, actor, action, entity, record_id, hash FROM audit ORDER BY seq";
	static const char seq_sql[] =
		"SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0), "
		"coalesce((SELECT max(seq) FROM audit), 0)";
	unsigned char prev[CL_SHA256_LEN] = { 0 }, hash[CL_SHA256_LEN];
	char at[32], actor[64], action[16], entity[32];
	long long seq, expect = 1, n = 0;
	sqlite3_stmt *st = NULL;
	int rc = CL_OK, step;

	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *record = sqlite3_column_blob(st, 5);

		seq = sqlite3_column_int64(st, 0);
		if (seq != expect) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "audit row %lld is missing (chain jumps to %lld)", expect,
					  seq);
			goto out;
		}
		if (!text_col(st, 1, at, sizeof(at)) || !text_col(st, 2, actor, sizeof(actor)) ||
		    !text_col(st, 3, action, sizeof(action)) ||
		    !text_col(st, 4, entity, sizeof(entity)) ||
		    (record && sqlite3_column_bytes(st, 5) != CL_ID_LEN) ||
		    sqlite3_column_bytes(st, 6) != CL_SHA256_LEN) {
			rc = cl_error_set(err, CL_ECORRUPT, "audit row %lld is malformed", seq);
			goto out;
		}
		row_hash(prev, seq, at, actor, action, entity, record, hash);
		if (memcmp(hash, sqlite3_column_blob(st, 6), CL_SHA256_LEN) != 0) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "audit row %lld was altered (hash chain broken)", seq);
			goto out;
		}
		memcpy(prev, hash, sizeof(prev));
		expect = seq + 1;
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* AUTOINCREMENT remembers the highest seq ever used: rows cut from the end show. */
	if (sqlite3_prepare_v2(cl_db_sqlite(db), seq_sql, -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) > sqlite3_column_int64(st, 1))
		rc = cl_error_set(err, CL_ECORRUPT, "audit rows after %lld were removed",
				  sqlite3_column_int64(st, 1));
out:
	sqlite3_finalize(st);
	if (rows)
		*rows = n;
	return rc;
}
