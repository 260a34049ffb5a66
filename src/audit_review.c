/* The access review (audit_review.h): the access log and the audit trail merged. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit_review.h"
#include "db_private.h"

/*
 * Each audited record kind with the patient it belongs to. A change's audit row names its
 * table (entity) and record; this maps it to the patient's chart.
 */
static const char sql_changes[] =
	"WITH rec(entity, id, patient_id) AS ("
	" SELECT 'patient', id, id FROM patient"
	" UNION ALL SELECT 'referral', id, patient_id FROM referral"
	" UNION ALL SELECT 'screening', id, patient_id FROM screening"
	" UNION ALL SELECT 'goal', id, patient_id FROM goal"
	" UNION ALL SELECT 'task', id, patient_id FROM task"
	" UNION ALL SELECT 'contact', id, patient_id FROM contact"
	" UNION ALL SELECT 'clinical_event', id, patient_id FROM clinical_event"
	" UNION ALL SELECT 'note', id, patient_id FROM note"
	" UNION ALL SELECT 'consent', id, patient_id FROM consent"
	" UNION ALL SELECT 'bh_enrollment', id, patient_id FROM bh_enrollment"
	" UNION ALL SELECT 'condition', id, patient_id FROM condition"
	" UNION ALL SELECT 'observation', id, patient_id FROM observation)"
	" SELECT a.at, a.actor, a.action, a.entity, coalesce(p.mrn, '') FROM audit a"
	" LEFT JOIN rec ON rec.entity = a.entity AND rec.id = a.record_id"
	" LEFT JOIN patient p ON p.id = rec.patient_id"
	" WHERE (?1 IS NULL OR rec.patient_id = ?1) AND (?2 IS NULL OR a.actor = ?2)"
	" AND (?3 IS NULL OR a.at >= ?3) AND (?4 IS NULL OR a.at < ?4) ORDER BY a.seq";
static const char sql_mrn[] = "SELECT mrn FROM patient WHERE id = ?1";

struct collect {
	struct cl_db *db;
	const struct cl_audit_query *q;
	struct cl_audit_entry *rows;
	int n, cap;
	struct cl_error *err;
};

/* Is the UTC instant at inside q's local dates? */
static bool in_range(const struct cl_audit_query *q, const char *at)
{
	char day[CL_DATE_LEN];

	if (!q->from[0] && !q->to[0])
		return true;
	cl_date_local(at, day);
	if (!day[0])
		return false;
	return (!q->from[0] || strcmp(day, q->from) >= 0) && (!q->to[0] || strcmp(day, q->to) <= 0);
}

static struct cl_audit_entry *push(struct collect *c)
{
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct cl_audit_entry *grown = realloc(c->rows, (size_t)cap * sizeof(*grown));

		if (!grown) {
			cl_error_set(c->err, CL_ENOMEM, "out of memory");
			return NULL;
		}
		c->rows = grown;
		c->cap = cap;
	}
	memset(&c->rows[c->n], 0, sizeof(c->rows[0]));
	return &c->rows[c->n++];
}

/* The MRN of a patient id ("" when the record is not a patient). */
static int mrn_of(struct cl_db *db, const struct cl_id *id, char *buf, size_t size,
		  struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_mrn, err);
	int rc, step;

	buf[0] = '\0';
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		cl_db_column_text(st, 0, buf, size);
	else if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

static int add_look(const struct cl_access_row *row, void *arg)
{
	struct collect *c = arg;
	struct cl_audit_entry *e;
	int rc;

	if (!in_range(c->q, row->at))
		return CL_OK;
	if (!(e = push(c)))
		return CL_ENOMEM;
	snprintf(e->at, sizeof(e->at), "%s", row->at);
	snprintf(e->actor, sizeof(e->actor), "%s", row->actor);
	snprintf(e->action, sizeof(e->action), "%s", row->action);
	snprintf(e->what, sizeof(e->what), "%s", row->what);
	e->count = row->has_patients ? row->patients : -1;
	if (!cl_id_is_nil(&row->record) &&
	    (rc = mrn_of(c->db, &row->record, e->mrn, sizeof(e->mrn), c->err)))
		return rc;
	return CL_OK;
}

static int add_changes(struct collect *c, const char *from, const char *to)
{
	const struct cl_audit_query *q = c->q;
	sqlite3_stmt *st = cl_db_stmt(c->db, sql_changes, c->err);
	struct cl_audit_entry *e;
	char at[32];
	int rc, step;

	if (!st)
		return c->err ? c->err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, q->has_patient ? &q->patient : NULL, c->err)) ||
	    (rc = cl_db_bind_text(st, 2, q->user, c->err)) ||
	    (rc = cl_db_bind_text(st, 3, from, c->err)) ||
	    (rc = cl_db_bind_text(st, 4, to, c->err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_text(st, 0, at, sizeof(at));
		if (!in_range(q, at))
			continue;
		if (!(e = push(c))) {
			rc = CL_ENOMEM;
			goto out;
		}
		snprintf(e->at, sizeof(e->at), "%s", at);
		cl_db_column_text(st, 1, e->actor, sizeof(e->actor));
		cl_db_column_text(st, 2, e->action, sizeof(e->action));
		cl_db_column_text(st, 3, e->what, sizeof(e->what));
		cl_db_column_text(st, 4, e->mrn, sizeof(e->mrn));
		e->count = -1;
		e->change = true;
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(c->db, c->err);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Newest first; at the same instant, a change before the look that led to it. */
static int newest_first(const void *a, const void *b)
{
	const struct cl_audit_entry *x = a, *y = b;
	int c = strcmp(y->at, x->at);

	return c ? c : (int)y->change - (int)x->change;
}

int cl_audit_review(struct cl_db *db, const struct cl_audit_query *q, struct cl_audit_entry **rows,
		    int *n, struct cl_error *err)
{
	struct collect c = { .db = db, .q = q, .err = err };
	char from[CL_DATE_LEN] = "", to[CL_DATE_LEN] = "";
	int rc;

	*rows = NULL;
	*n = 0;
	if (!cl_db_user_may(db, CL_POWER_READ_AUDIT))
		return cl_error_set(err, CL_EPERM, "only a supervisor reads the audit");
	if ((q->from[0] && !cl_date_valid(q->from)) || (q->to[0] && !cl_date_valid(q->to)))
		return cl_error_field(err, CL_EINVAL, "date", "not a date (YYYY-MM-DD)");
	if (q->from[0] && q->to[0] && strcmp(q->from, q->to) > 0)
		return cl_error_field(err, CL_EINVAL, "date", "--from is after --to");
	/* UTC bounds a day wider than the local dates (any time zone); in_range is exact. */
	if (q->from[0])
		cl_date_add_days(q->from, -1, from);
	if (q->to[0])
		cl_date_add_days(q->to, 2, to);
	if ((rc = cl_access_ready(db, err)))
		return rc;
	if ((rc = cl_access_each(db, q->has_patient ? &q->patient : NULL, q->user,
				 from[0] ? from : NULL, to[0] ? to : NULL, add_look, &c, err)) ||
	    (rc = add_changes(&c, from[0] ? from : NULL, to[0] ? to : NULL)))
		goto fail;
	if (c.n > 1)
		qsort(c.rows, (size_t)c.n, sizeof(c.rows[0]), newest_first);
	if ((rc = cl_access_audit_read(db, q->has_patient ? &q->patient : NULL, c.n, err)))
		goto fail;
	*rows = c.rows;
	*n = c.n;
	return CL_OK;
fail:
	free(c.rows);
	return rc;
}
