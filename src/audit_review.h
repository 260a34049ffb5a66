/*
 * The access review: who opened or changed a patient's chart, or what one person looked at
 * and changed, over a date range. The access log's views and reports (access.h) and the
 * audit trail's changes (audit.h) merged, newest first. Supervisors only; every review is
 * itself recorded in the access log ("audit-read").
 */
#ifndef CL_AUDIT_REVIEW_H
#define CL_AUDIT_REVIEW_H

#include <stdbool.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"

struct cl_audit_query {
	bool has_patient;
	struct cl_id patient; /* has_patient: rows about this patient and their records */
	const char *user;     /* a login: what they did; NULL: anyone */
	char from[CL_DATE_LEN], to[CL_DATE_LEN]; /* the clinic's local dates, inclusive; "" open */
};

struct cl_audit_entry {
	char at[32];	 /* UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	char actor[64];	 /* the login */
	char action[16]; /* view, report, export (access log); create, update, retire, import… */
	char what[64];	 /* the record's kind ("patient", "task") or the report ("worklist") */
	char mrn[32];	 /* the patient concerned; "" for none (a report, a partner) */
	long long count; /* a report's or export's rows; -1 when none */
	bool change;	 /* from the audit trail (a change), else the access log (a look) */
};

/*
 * Run q: *rows (free with free()) gets the entries, newest first, *n their count. CL_EPERM
 * unless the user may read the audit (a supervisor); CL_EINVAL for a bad date. The review
 * is recorded in the access log before anything is returned: if it cannot be, nothing is.
 */
int cl_audit_review(struct cl_db *db, const struct cl_audit_query *q, struct cl_audit_entry **rows,
		    int *n, struct cl_error *err);

#endif
