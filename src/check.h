/*
 * What careloop check verifies besides SQLite's integrity and the audit chain: that the
 * schema's triggers are the ones this careloop defines (the append-only guards, the derived
 * tables' upkeep), and that every derived (denormalized) column agrees with its source.
 * Findings name tables, columns, triggers and counts, never row contents.
 */
#ifndef CL_CHECK_H
#define CL_CHECK_H

#include <stddef.h>

#include "audit.h"
#include "db.h"
#include "error.h"

/*
 * Compare db's triggers with those of the schema this binary embeds (built afresh in
 * memory): each missing, changed or foreign trigger is passed to found (one line, with arg).
 * Returns CL_OK, CL_ECORRUPT when something was found (err: the first finding), or the
 * error that stopped the comparison. Reads only.
 */
int cl_check_triggers(struct cl_db *db, void (*found)(const char *problem, void *arg), void *arg,
		      struct cl_error *err);

/*
 * Recompute each derived column from its source and count the rows that disagree:
 * patient.last_reached_at (contact), screening_status (patient, screening),
 * screening_positive (screening_result), organization_service (organization.services),
 * referral.status (referral_event). Each disagreement, "TABLE.COLUMN: N rows disagree with
 * SOURCE", is passed to found. Returns as cl_check_triggers. Reads only.
 */
int cl_check_derived(struct cl_db *db, void (*found)(const char *problem, void *arg), void *arg,
		     struct cl_error *err);

/* What cl_check_all found: the audit chain's head (its rows) and the access log's rows. */
struct cl_check_summary {
	struct cl_audit_checkpoint head;
	long long access_rows;
	int problems; /* 0: everything verified */
};

/*
 * Everything careloop check verifies, in its order: SQLite's integrity and foreign keys,
 * the triggers, the derived columns, the audit chain (extending the n expected checkpoints,
 * which may be none) and the access log's chain. Each problem is passed to found with what
 * was being checked ("integrity", "triggers", "derived", "audit", "access log") and one
 * line that names tables and counts, never row contents. Returns CL_OK when nothing was
 * found, else CL_ECORRUPT; *out (always set) counts the problems. Reads only.
 */
int cl_check_all(struct cl_db *db, const struct cl_audit_checkpoint *expect, size_t n,
		 void (*found)(const char *what, const char *problem, void *arg), void *arg,
		 struct cl_check_summary *out);

#endif
