/*
 * The access log: who looked at what. Views of a patient's record (a chart opened, one
 * patient's screenings listed) and runs of bulk reports (worklist, referral list, screening
 * lists, minutes) and exports are recorded in a SQLite file of their own beside the database,
 * PATH-access (WAL, the database's mode and group), chained by SHA-256 like the audit. So
 * a view never waits for the database's write lock: a long import does not stop anyone
 * from opening a chart or running a report. Changes stay in the audit trail (audit.h), in
 * the change's own transaction. Rows hold who, when, what and a record id or a count:
 * never a name.
 */
#ifndef CL_ACCESS_H
#define CL_ACCESS_H

#include <stdbool.h>

#include "db.h"
#include "error.h"
#include "id.h"

struct cl_access;

/* The access log's file for a database at path ("PATH-access"); 0 or CL_EINVAL. */
int cl_access_path(const char *db_path, char *buf, size_t size, struct cl_error *err);

/*
 * Make sure db's access log can be written (creating it, with the database's mode and
 * group, on first use). A report calls it before it prints anything: no record, no report.
 */
int cl_access_ready(struct cl_db *db, struct cl_error *err);

/* Record that the OS user of db viewed record (of table entity, e.g. "patient"). */
int cl_access_view(struct cl_db *db, const char *entity, const struct cl_id *record,
		   struct cl_error *err);

/* Record a run of report (e.g. "worklist") that listed patients rows of patients. */
int cl_access_report(struct cl_db *db, const char *report, long long patients,
		     struct cl_error *err);

/*
 * Record an export by the OS user of db: what ("csv patients", "fhir ndjson") and how many
 * records (rows or resources) it wrote. Kept in the patients column of the log.
 */
int cl_access_export(struct cl_db *db, const char *what, long long records, struct cl_error *err);

/*
 * Count rows: action "view", "report" or "export" (NULL: any), what (entity or report name; NULL:
 * any), record (NULL: any). The access log not existing yet is a count of 0.
 */
int cl_access_count(struct cl_db *db, const char *action, const char *what,
		    const struct cl_id *record, long long *count, struct cl_error *err);

/*
 * Record that the OS user of db read the audit (careloop audit, the chart's Audit section):
 * a "report" row named "audit-read", with the patient's id when the review was of one
 * patient (else NULL) and the number of rows it listed.
 */
int cl_access_audit_read(struct cl_db *db, const struct cl_id *patient, long long rows,
			 struct cl_error *err);

/* One row of the access log as read back. */
struct cl_access_row {
	long long seq;
	char at[32];
	char actor[64];
	char action[16];     /* "view", "report", "export" */
	char what[64];	     /* entity ("patient") or report ("worklist", "audit-read") */
	struct cl_id record; /* nil when none */
	bool has_patients;
	long long patients; /* a report's or export's count */
};

/*
 * Call fn for each row (oldest first) about record (NULL: any) by actor (NULL: anyone) at
 * or after from and before to (UTC "YYYY-MM-DD…" text; NULL: open). fn's non-zero result
 * stops the walk and is returned. The log not existing yet has no rows.
 */
int cl_access_each(struct cl_db *db, const struct cl_id *record, const char *actor,
		   const char *from, const char *to,
		   int (*fn)(const struct cl_access_row *row, void *arg), void *arg,
		   struct cl_error *err);

/*
 * Recompute the access log's hash chain (careloop check): 0 when intact or absent,
 * CL_ECORRUPT naming the first bad row otherwise. *rows gets the rows checked (may be NULL).
 */
int cl_access_verify(struct cl_db *db, long long *rows, struct cl_error *err);

/* Close an access log (cl_db_close does it). NULL is fine. */
void cl_access_close(struct cl_access *access);

#endif
