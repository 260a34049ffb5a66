/*
 * The audit trail: append-only, one row per view/create/update/retire/export/import,
 * written in the same transaction as the change it records, chained by SHA-256 so that
 * an edited or deleted row is detected by cl_audit_verify (careloop check).
 */
#ifndef CL_AUDIT_H
#define CL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "id.h"
#include "sha256.h"

enum cl_audit_action {
	CL_AUDIT_VIEW,
	CL_AUDIT_CREATE,
	CL_AUDIT_UPDATE,
	CL_AUDIT_RETIRE,
	CL_AUDIT_EXPORT,
	CL_AUDIT_IMPORT,
};

/*
 * Append one row: the OS user of db, now, action, the table name (entity) and the record's
 * id. Must be called inside the transaction of the change it records (cl_db_begin); a
 * VIEW may be written on its own (it opens its own transaction when none is open).
 */
int cl_audit_log(struct cl_db *db, enum cl_audit_action action, const char *entity,
		 const struct cl_id *record, struct cl_error *err);

/* Text of an action ("view", "create", …). */
const char *cl_audit_action_name(enum cl_audit_action action);

/* One audit row as read back. */
struct cl_audit_row {
	long long seq;
	char at[32];
	char actor[64];
	char action[16];
	char entity[32];
	struct cl_id record;
};

/* Number of audit rows about one record (tests, the chart's "viewed N times"). */
int cl_audit_count(struct cl_db *db, const char *entity, const struct cl_id *record,
		   const char *action, long long *count, struct cl_error *err);

/*
 * Recompute the hash chain. Returns 0 when intact, CL_ECORRUPT naming the first bad
 * sequence number in err otherwise. *rows gets the number of rows checked (may be NULL).
 */
int cl_audit_verify(struct cl_db *db, long long *rows, struct cl_error *err);

/*
 * A checkpoint: the chain's length (the head row's sequence number, which is the number of
 * rows of an intact chain) and the head row's hash; no record, no person. Written outside
 * the database (the system log), where a database user cannot rewrite it, so that a
 * rewritten or shortened chain no longer matches an earlier checkpoint.
 */
struct cl_audit_checkpoint {
	long long rows;
	unsigned char head[CL_SHA256_LEN];
};

/* Room for cl_audit_checkpoint_text: "rows=N head=" and 64 hex digits. */
#define CL_AUDIT_CHECKPOINT_TEXT 96

/* "rows=N head=HEX" into buf (CL_AUDIT_CHECKPOINT_TEXT bytes); returns buf. */
char *cl_audit_checkpoint_text(const struct cl_audit_checkpoint *cp, char *buf, size_t size);

/*
 * Parse a checkpoint: "N:HEX", or any line holding "rows=N head=HEX" (a system log line).
 * When db is not NULL it gets what follows " db=" on the line ("" when nothing does).
 * CL_EINVAL when text holds no checkpoint.
 */
int cl_audit_checkpoint_parse(const char *text, struct cl_audit_checkpoint *cp, char *db,
			      size_t dbsize);

/*
 * The name checkpoints give db: its file's absolute path with symbolic links resolved, as
 * the db= of a checkpoint line; "" for an in-memory database.
 */
void cl_audit_db_name(struct cl_db *db, char *buf, size_t size);

/* The chain's head as stored (rows 0, hash all zero when empty). Reads only. */
int cl_audit_head(struct cl_db *db, struct cl_audit_checkpoint *cp, struct cl_error *err);

/*
 * Where checkpoint lines go: syslog(3) with ident "careloop", facility LOG_AUTHPRIV, by
 * default; sink (with arg) instead when not NULL (tests). Process-wide.
 */
void cl_audit_set_checkpoint_sink(void (*sink)(const char *line, void *arg), void *arg);

/*
 * Send "audit checkpoint rows=N head=HEX db=PATH" for db's current head to the sink
 * (nothing for an in-memory database) and store it in *cp (may be NULL). Called after every
 * commit that added audit rows (cl_db_commit) and by careloop check --checkpoint.
 */
int cl_audit_checkpoint_log(struct cl_db *db, struct cl_audit_checkpoint *cp, struct cl_error *err);

/*
 * cl_audit_verify, then compare with checkpoints expect[0..n) (any order, may repeat): the
 * chain must extend each one, i.e. hold at least its rows with its hash at that row.
 * CL_ECORRUPT names the first problem: rows removed from the end (fewer rows than a
 * checkpoint), or the trail rewritten (another hash at a checkpoint's row). *head (may be
 * NULL) gets the verified head.
 */
int cl_audit_verify_checkpoints(struct cl_db *db, const struct cl_audit_checkpoint *expect,
				size_t n, struct cl_audit_checkpoint *head, struct cl_error *err);

#endif
