#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "audit.h"
#include "db_private.h"
#include "sha256.h"

#ifndef LOG_AUTHPRIV
#define LOG_AUTHPRIV LOG_USER
#endif

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
		rc = err ? err->code : CL_EIO;
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
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_int(st, 1, seq, err)) || (rc = cl_db_bind_text(st, 2, now, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 4, name, err)) ||
	    (rc = cl_db_bind_text(st, 5, entity, err)) ||
	    (rc = cl_db_bind_id(st, 6, record, err)) ||
	    (rc = cl_db_bind_blob(st, 7, hash, CL_SHA256_LEN, err)))
		goto out;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!rc)
		cl_db_audit_pending(db); /* a checkpoint goes out when this commits */
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
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, record, err)) ||
	    (rc = cl_db_bind_text(st, 2, entity, err)) ||
	    (rc = cl_db_bind_text(st, 3, action, err)))
		return rc;
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

static int cmp_checkpoint(const void *a, const void *b)
{
	const struct cl_audit_checkpoint *x = a, *y = b;

	return x->rows < y->rows ? -1 : x->rows > y->rows;
}

int cl_audit_verify_checkpoints(struct cl_db *db, const struct cl_audit_checkpoint *expect,
				size_t n, struct cl_audit_checkpoint *head, struct cl_error *err)
{
	static const char sql[] =
		"SELECT seq, at, actor, action, entity, record_id, hash FROM audit ORDER BY seq";
	static const char seq_sql[] =
		"SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0), "
		"coalesce((SELECT max(seq) FROM audit), 0)";
	unsigned char prev[CL_SHA256_LEN] = { 0 }, hash[CL_SHA256_LEN];
	char at[32], actor[64], action[16], entity[32];
	struct cl_audit_checkpoint *cps = NULL;
	long long seq, expect_seq = 1, n_rows = 0;
	sqlite3_stmt *st = NULL;
	size_t next = 0;
	int rc = CL_OK, step;

	if (head)
		memset(head, 0, sizeof(*head));
	if (n) {
		if (!(cps = malloc(n * sizeof(*cps))))
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		memcpy(cps, expect, n * sizeof(*cps));
		qsort(cps, n, sizeof(*cps), cmp_checkpoint);
	}
	/* A checkpoint of an empty trail holds nothing to compare. */
	while (next < n && cps[next].rows <= 0)
		next++;
	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
		rc = cl_db_error(db, err);
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *record = sqlite3_column_blob(st, 5);

		seq = sqlite3_column_int64(st, 0);
		if (seq != expect_seq) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "audit row %lld is missing (chain jumps to %lld)",
					  expect_seq, seq);
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
		for (; next < n && cps[next].rows == seq; next++) {
			if (memcmp(hash, cps[next].head, CL_SHA256_LEN) != 0) {
				rc = cl_error_set(err, CL_ECORRUPT,
						  "audit row %lld is not the one checkpointed at "
						  "%lld rows: the trail was rewritten",
						  seq, cps[next].rows);
				goto out;
			}
		}
		memcpy(prev, hash, sizeof(prev));
		expect_seq = seq + 1;
		n_rows++;
	}
	if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
		goto out;
	}
	if (head) {
		head->rows = n_rows;
		memcpy(head->head, prev, sizeof(prev));
	}
	if (next < n) {
		rc = cl_error_set(err, CL_ECORRUPT,
				  "the audit trail has %lld rows, a checkpoint had %lld: rows were "
				  "removed from its end",
				  n_rows, cps[n - 1].rows);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* AUTOINCREMENT remembers the highest seq ever used: rows cut from the end show. */
	if (sqlite3_prepare_v2(cl_db_sqlite(db), seq_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = cl_db_error(db, err);
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = cl_db_error(db, err);
	else if (sqlite3_column_int64(st, 0) > sqlite3_column_int64(st, 1))
		rc = cl_error_set(err, CL_ECORRUPT, "audit rows after %lld were removed",
				  sqlite3_column_int64(st, 1));
out:
	sqlite3_finalize(st);
	free(cps);
	return rc;
}

int cl_audit_verify(struct cl_db *db, long long *rows, struct cl_error *err)
{
	struct cl_audit_checkpoint head;
	int rc = cl_audit_verify_checkpoints(db, NULL, 0, &head, err);

	if (rows)
		*rows = head.rows;
	return rc;
}

/* ---- checkpoints ---- */

char *cl_audit_checkpoint_text(const struct cl_audit_checkpoint *cp, char *buf, size_t size)
{
	char hex[2 * CL_SHA256_LEN + 1];
	int i;

	for (i = 0; i < CL_SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", cp->head[i]);
	snprintf(buf, size, "rows=%lld head=%s", cp->rows, hex);
	return buf;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A decimal count then 64 hex digits ending the word; CL_EINVAL otherwise. */
static int parse_pair(const char *count, const char *hex, struct cl_audit_checkpoint *cp)
{
	char *end;
	long long rows;
	int i;

	if (*count < '0' || *count > '9')
		return CL_EINVAL;
	rows = strtoll(count, &end, 10);
	if (rows < 0 || rows == LLONG_MAX)
		return CL_EINVAL;
	for (i = 0; i < 2 * CL_SHA256_LEN; i++)
		if (hex_value((unsigned char)hex[i]) < 0)
			return CL_EINVAL;
	if (hex[i] && hex[i] != ' ' && hex[i] != '\n' && hex[i] != '\r' && hex[i] != '\t')
		return CL_EINVAL;
	cp->rows = rows;
	for (i = 0; i < CL_SHA256_LEN; i++)
		cp->head[i] = (unsigned char)(hex_value((unsigned char)hex[2 * i]) << 4 |
					      hex_value((unsigned char)hex[2 * i + 1]));
	return CL_OK;
}

int cl_audit_checkpoint_parse(const char *text, struct cl_audit_checkpoint *cp, char *db,
			      size_t dbsize)
{
	const char *rows = strstr(text, "rows="), *head, *name;
	int rc;

	if (db && dbsize)
		db[0] = '\0';
	if (!rows) {
		/* COUNT:HASH */
		const char *colon = strchr(text, ':');

		if (!colon || (size_t)(colon - text) != strspn(text, "0123456789"))
			return CL_EINVAL;
		return parse_pair(text, colon + 1, cp);
	}
	head = strstr(rows, " head=");
	if (!head || (size_t)(head - rows - 5) != strspn(rows + 5, "0123456789"))
		return CL_EINVAL;
	if ((rc = parse_pair(rows + 5, head + 6, cp)))
		return rc;
	if (db && dbsize && (name = strstr(head, " db="))) {
		size_t len = strcspn(name + 4, "\r\n");

		if (len >= dbsize)
			len = dbsize - 1;
		memcpy(db, name + 4, len);
		db[len] = '\0';
	}
	return CL_OK;
}

void cl_audit_db_name(struct cl_db *db, char *buf, size_t size)
{
	const char *file = sqlite3_db_filename(cl_db_sqlite(db), "main");
	char real[PATH_MAX];

	if (!file || !*file) {
		snprintf(buf, size, "%s", "");
		return;
	}
	snprintf(buf, size, "%s", realpath(file, real) ? real : file);
	/* One log line: a control character in a path cannot start a forged one. */
	for (; *buf; buf++)
		if ((unsigned char)*buf < 0x20 || *buf == 0x7f)
			*buf = '?';
}

int cl_audit_head(struct cl_db *db, struct cl_audit_checkpoint *cp, struct cl_error *err)
{
	static const char sql[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	memset(cp, 0, sizeof(*cp));
	if (!st)
		return CL_EIO;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		cp->rows = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == CL_SHA256_LEN)
			memcpy(cp->head, sqlite3_column_blob(st, 1), CL_SHA256_LEN);
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

static void (*checkpoint_sink)(const char *line, void *arg);
static void *checkpoint_arg;

void cl_audit_set_checkpoint_sink(void (*sink)(const char *line, void *arg), void *arg)
{
	checkpoint_sink = sink;
	checkpoint_arg = arg;
}

static void syslog_sink(const char *line)
{
	static bool opened;

	if (!opened) {
		openlog("careloop", LOG_PID, LOG_AUTHPRIV);
		opened = true;
	}
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", line);
}

int cl_audit_checkpoint_log(struct cl_db *db, struct cl_audit_checkpoint *cp, struct cl_error *err)
{
	char name[PATH_MAX], text[CL_AUDIT_CHECKPOINT_TEXT], line[PATH_MAX + 160];
	struct cl_audit_checkpoint head;
	int rc;

	if ((rc = cl_audit_head(db, &head, err)))
		return rc;
	if (cp)
		*cp = head;
	cl_audit_db_name(db, name, sizeof(name));
	if (!name[0])
		return CL_OK;
	snprintf(line, sizeof(line), "audit checkpoint %s db=%s",
		 cl_audit_checkpoint_text(&head, text, sizeof(text)), name);
	if (checkpoint_sink)
		checkpoint_sink(line, checkpoint_arg);
	else
		syslog_sink(line);
	return CL_OK;
}
