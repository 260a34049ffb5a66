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

#endif
