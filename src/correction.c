#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "correction.h"
#include "db_private.h"
#include "field.h"
#include "record.h"
#include "screening.h"

const char *const cl_error_reason_codes[] = {
	"wrong-patient", "wrong-date", "duplicate", "wrong-details", "other", NULL,
};
static const char *const error_reason_labels[] = {
	"wrong patient", "wrong date", "duplicate", "wrong details", "other",
};

const char *cl_error_reason_label(const char *code)
{
	int i = cl_code_index(cl_error_reason_codes, code ? code : "");

	return i < 0 ? code : error_reason_labels[i];
}

/*
 * Each record that can be entered in error, as data: its table (also its record_type in
 * correction), the read of its patient, version and reason, the marking UPDATE (?1 id, ?2
 * version, ?3 reason, ?4 now, ?5 user) and the "changed by" stamp. Screenings go through
 * cl_screening_retire, which also moves the rescreen clock.
 */
#define GET(table) "SELECT t.patient_id, t.version, t.error_reason FROM " table " t WHERE t.id = ?1"
#define STAMP(table)                                                                    \
	"SELECT t.updated_at, coalesce(cm.display_name, t.updated_by) FROM " table " t" \
	" LEFT JOIN care_manager cm ON cm.login = t.updated_by WHERE t.id = ?1"
#define MARK(table, more)                                                                        \
	"UPDATE " table " SET error_reason = ?3, error_at = ?4, error_by = ?5, updated_at = ?4," \
	" updated_by = ?5, version = version + 1" more                                           \
	" WHERE id = ?1 AND version = ?2 AND error_reason = ''"

static const struct correctable {
	const char *name, *table, *get, *mark, *stamp;
} correctables[] = {
	[CL_CORRECT_CONTACT] = { "contact", "contact", GET("contact"), MARK("contact", ""),
				 STAMP("contact") },
	[CL_CORRECT_GOAL] = { "goal", "goal", GET("goal"), MARK("goal", ""), STAMP("goal") },
	/* An event entered in error owes no follow-up: it leaves the worklist. */
	[CL_CORRECT_EVENT] = { "event", "clinical_event", GET("clinical_event"),
			       MARK("clinical_event", ", followup_step = '', followup_due = ''"),
			       STAMP("clinical_event") },
	[CL_CORRECT_SCREENING] = { "screening", "screening", NULL, NULL, NULL },
};

const char *cl_correctable_name(enum cl_correctable what)
{
	return (unsigned)what < sizeof(correctables) / sizeof(correctables[0])
		       ? correctables[what].name
		       : "";
}

int cl_correction_add_in_tx(struct cl_db *db, const struct cl_id *patient, const char *record_type,
			    const struct cl_id *record, const char *action, const char *reason,
			    struct cl_error *err)
{
	static const char sql[] =
		"INSERT INTO correction (id, patient_id, record_type, record_id,"
		" action, reason, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	struct cl_id id;
	char now[32];
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	cl_id_new(&id);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_id(st, 2, patient, err)) ||
	    (rc = cl_db_bind_text(st, 3, record_type, err)) ||
	    (rc = cl_db_bind_id(st, 4, record, err)) ||
	    (rc = cl_db_bind_text(st, 5, action, err)) ||
	    (rc = cl_db_bind_text(st, 6, reason, err)) || (rc = cl_db_bind_text(st, 7, now, err)) ||
	    (rc = cl_db_bind_text(st, 8, cl_db_user(db), err)))
		return rc;
	return cl_record_step(db, st, NULL, record, record_type, err);
}

/* What GET reads. */
struct stored {
	struct cl_id patient;
	long long version;
	char reason[24];
};

static int stored_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct stored *s = rec;

	if (cl_db_column_id(st, 0, &s->patient))
		return cl_error_set(err, CL_ECORRUPT, "a stored record has a malformed id");
	s->version = sqlite3_column_int64(st, 1);
	cl_db_column_text(st, 2, s->reason, sizeof(s->reason));
	return CL_OK;
}

int cl_entered_in_error(struct cl_db *db, enum cl_correctable what, const struct cl_id *id,
			long long version, const char *reason, struct cl_error *err)
{
	const struct correctable *c;
	struct stored stored = { 0 };
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((unsigned)what >= sizeof(correctables) / sizeof(correctables[0]))
		return cl_error_set(err, CL_EINVAL, "not a record that can be entered in error");
	if (cl_code_index(cl_error_reason_codes, reason ? reason : "") < 0)
		return cl_error_field(err, CL_EINVAL, "reason",
				      "say why it was entered in error (wrong-patient, wrong-date, "
				      "duplicate, wrong-details, other)");
	if (what == CL_CORRECT_SCREENING)
		return cl_screening_retire(db, id, version, reason, err);
	c = &correctables[what];
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_record_get(db, c->get, id, c->name, stored_from_row, &stored, err)))
		goto fail;
	if (stored.version != version || stored.reason[0]) {
		rc = cl_record_conflict(db, c->stamp, id, c->name, err);
		goto fail;
	}
	if (!(st = cl_db_stmt(db, c->mark, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, id, err)) || (rc = cl_db_bind_int(st, 2, version, err)) ||
	    (rc = cl_db_bind_text(st, 3, reason, err)) || (rc = cl_db_bind_text(st, 4, now, err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_db_user(db), err)))
		goto fail;
	if ((rc = cl_record_step(db, st, c->stamp, id, c->name, err)) ||
	    (rc = cl_correction_add_in_tx(db, &stored.patient, c->table, id, "entered-in-error",
					  reason, err)) ||
	    (rc = cl_audit_log(db, CL_AUDIT_RETIRE, c->table, id, err)))
		goto fail;
	return cl_db_commit(db, err);
fail:
	cl_db_rollback(db);
	return rc;
}

/* ---- tasks ---- */

static const char sql_task_get[] = "SELECT patient_id, version, status FROM task WHERE id = ?1";
static const char sql_task_stamp[] = STAMP("task");
/* ?1 id, ?2 version, ?3 now, ?4 user, ?5 the status it must have. */
static const char sql_task_reopen[] =
	"UPDATE task SET status = 'open', closed_at = NULL, closed_by = NULL, updated_at = ?3,"
	" updated_by = ?4, version = version + 1 WHERE id = ?1 AND version = ?2 AND status = ?5";
static const char sql_task_cancel[] =
	"UPDATE task SET status = 'cancelled', closed_at = ?3, closed_by = ?4, updated_at = ?3,"
	" updated_by = ?4, version = version + 1 WHERE id = ?1 AND version = ?2 AND status = ?5";

/* What sql_task_get reads: reason holds the status. */
static int task_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	return stored_from_row(st, rec, err);
}

int cl_task_correct(struct cl_db *db, struct cl_task *t, enum cl_task_status to, const char *reason,
		    struct cl_error *err)
{
	struct stored stored = { 0 };
	struct cl_task reloaded;
	sqlite3_stmt *st;
	char now[32];
	bool reopen = to == CL_TASK_OPEN;
	int rc;

	if (to != CL_TASK_OPEN && to != CL_TASK_CANCELLED)
		return cl_error_field(err, CL_EINVAL, "status",
				      "a closed task is reopened or cancelled");
	if (!reason || !reason[0] || strlen(reason) > 500 || !cl_field_text_ok(reason, false))
		return cl_error_field(err, CL_EINVAL, "reason",
				      reason && strlen(reason) > 500
					      ? "the reason is too long (500 bytes at most)"
					      : "say why (a reason is required)");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_record_get(db, sql_task_get, &t->id, "task", task_from_row, &stored, err)))
		goto fail;
	if (stored.version != t->version) {
		rc = cl_record_conflict(db, sql_task_stamp, &t->id, "task", err);
		goto fail;
	}
	if (strcmp(stored.reason, "open") == 0 || (!reopen && strcmp(stored.reason, "done") != 0)) {
		rc = cl_error_field(err, CL_EINVAL, "status",
				    reopen ? "the task is open: there is nothing to reopen"
					   : "only a done task is cancelled this way (it is %s)",
				    stored.reason);
		goto fail;
	}
	if (!(st = cl_db_stmt(db, reopen ? sql_task_reopen : sql_task_cancel, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &t->id, err)) ||
	    (rc = cl_db_bind_int(st, 2, t->version, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 5, stored.reason, err)))
		goto fail;
	if ((rc = cl_record_step(db, st, sql_task_stamp, &t->id, "task", err)) ||
	    (rc = cl_correction_add_in_tx(db, &stored.patient, "task", &t->id,
					  reopen ? "reopen" : "cancel", reason, err)) ||
	    (rc = cl_audit_log(db, reopen ? CL_AUDIT_UPDATE : CL_AUDIT_RETIRE, "task", &t->id,
			       err)) ||
	    (rc = cl_task_get(db, &t->id, &reloaded, err)))
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	*t = reloaded;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

/* ---- reading ---- */

static int correction_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_correction *c = rec;

	(void)err;
	memset(c, 0, sizeof(*c));
	cl_db_column_text(st, 0, c->record_type, sizeof(c->record_type));
	cl_db_column_text(st, 1, c->action, sizeof(c->action));
	cl_db_column_text(st, 2, c->reason, sizeof(c->reason));
	cl_db_column_text(st, 3, c->at, sizeof(c->at));
	cl_db_column_text(st, 4, c->by, sizeof(c->by));
	return CL_OK;
}

int cl_correction_list(struct cl_db *db, const struct cl_id *record, struct cl_correction *rows,
		       int max, int *n, struct cl_error *err)
{
	static const char sql[] = "SELECT record_type, action, reason, at, by FROM correction"
				  " WHERE record_id = ?1 ORDER BY at DESC, rowid DESC LIMIT ?2";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, record, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	return cl_record_rows(db, st, correction_from_row, rows, sizeof(*rows), max, n, err);
}
