#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "careplan.h"
#include "db_private.h"
#include "record.h"

const char *const cl_hrsn_domain_codes[] = {
	"food-insecurity",	     "housing-instability", "inadequate-housing",
	"transportation-insecurity", "utility-insecurity",  "intimate-partner-violence",
	"financial-insecurity",	     "social-connection",   NULL,
};

static const char *const goal_status_codes[] = { "proposed", "active", "achieved", "cancelled",
						 NULL };
static const char *const task_status_codes[] = { "open", "done", "cancelled", NULL };

const char *cl_goal_status_code(enum cl_goal_status v)
{
	return v >= CL_GOAL_PROPOSED && v <= CL_GOAL_CANCELLED ? goal_status_codes[v] : "";
}

const char *cl_task_status_code(enum cl_task_status v)
{
	return v >= CL_TASK_OPEN && v <= CL_TASK_CANCELLED ? task_status_codes[v] : "";
}

/* ---- goals ---- */

#define GOAL_AT(member) CL_FIELD_AT(struct cl_goal, member), .column = #member

const struct cl_field cl_goal_fields[] = {
	{ "description", "Goal (patient's words)", CL_FIELD_TEXT, 500, true, NULL,
	  GOAL_AT(description), .multiline = true },
	{ "domain", "Social need", CL_FIELD_CHOICE, 31, false, cl_hrsn_domain_codes,
	  GOAL_AT(domain) },
	{ "target_date", "Target date", CL_FIELD_DATE, 10, true, NULL, GOAL_AT(target_date) },
	{ "status", "Status", CL_FIELD_ENUM, 15, true, goal_status_codes, GOAL_AT(status) },
	{ .key = NULL },
};

static const struct cl_record_type goal_type = {
	.table = "goal",
	.fields = cl_goal_fields,
	.size = sizeof(struct cl_goal),
};

/* Allowed goal moves: the rules as a table. */
static const struct goal_move {
	enum cl_goal_status from, to;
} goal_moves[] = {
	{ CL_GOAL_PROPOSED, CL_GOAL_ACTIVE },	 { CL_GOAL_PROPOSED, CL_GOAL_ACHIEVED },
	{ CL_GOAL_PROPOSED, CL_GOAL_CANCELLED }, { CL_GOAL_ACTIVE, CL_GOAL_ACHIEVED },
	{ CL_GOAL_ACTIVE, CL_GOAL_CANCELLED },
};

bool cl_goal_can_move(enum cl_goal_status from, enum cl_goal_status to)
{
	if (from == to)
		return true;
	for (size_t i = 0; i < sizeof(goal_moves) / sizeof(goal_moves[0]); i++)
		if (goal_moves[i].from == from && goal_moves[i].to == to)
			return true;
	return false;
}

void cl_goal_init(struct cl_goal *g, const struct cl_id *patient)
{
	char today[CL_DATE_LEN];

	memset(g, 0, sizeof(*g));
	if (patient)
		g->patient_id = *patient;
	g->status = CL_GOAL_PROPOSED;
	cl_date_today(today);
	cl_date_add_days(today, 90, g->target_date);
}

int cl_goal_field_get(const struct cl_goal *g, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_goal_fields, g, key, buf, size);
}

int cl_goal_field_set(struct cl_goal *g, const char *key, const char *value, struct cl_error *err)
{
	return cl_field_set(cl_goal_fields, g, key, value, err);
}

int cl_goal_validate(const struct cl_goal *g, struct cl_error *err)
{
	if (cl_id_is_nil(&g->patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	return cl_field_validate(cl_goal_fields, g, sizeof(*g), err);
}

/*
 * Made from the field table (field.h): ?1 id, ?2 patient, ?3 now, ?4 user, ?5 the version
 * the caller read; the fields' own parameters are named.
 */
#define GOAL_SELECT                                                                         \
	"SELECT id, patient_id, created_at, updated_at, updated_by, version, error_reason," \
	" {columns} FROM goal"
#define GOAL_FIRST_FIELD 7

static struct cl_field_stmt sql_goal_by_id = { GOAL_SELECT " WHERE id = ?1", NULL, "" };
static struct cl_field_stmt sql_goal_list = {
	GOAL_SELECT " WHERE patient_id = ?1"
		    " AND (?2 OR (status IN ('proposed', 'active') AND error_reason = ''))"
		    " ORDER BY target_date, id LIMIT ?3",
	NULL,
	"",
};
static struct cl_field_stmt sql_goal_insert = {
	"INSERT INTO goal (id, patient_id, created_at, updated_at, updated_by, version, {columns})"
	" VALUES (?1, ?2, ?3, ?3, ?4, 1, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_goal_update = {
	"UPDATE goal SET updated_at = ?3, updated_by = ?4, version = ?5 + 1, {assign}"
	" WHERE id = ?1 AND patient_id = ?2 AND version = ?5",
	NULL,
	"",
};
static const char sql_goal_stamp[] =
	"SELECT g.updated_at, coalesce(cm.display_name, g.updated_by) FROM goal g"
	" LEFT JOIN care_manager cm ON cm.login = g.updated_by WHERE g.id = ?1";
static const char sql_goal_status[] = "SELECT status, error_reason FROM goal WHERE id = ?1";

static int goal_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_goal *g = rec;

	memset(g, 0, sizeof(*g));
	if (cl_db_column_id(st, 0, &g->id) || cl_db_column_id(st, 1, &g->patient_id))
		return cl_error_set(err, CL_ECORRUPT, "a stored goal has a malformed id");
	cl_record_read_stamps(st, 2, g->created_at, g->updated_at, g->updated_by, &g->version);
	cl_db_column_text(st, 6, g->error_reason, sizeof(g->error_reason));
	return cl_field_read(&goal_type, st, GOAL_FIRST_FIELD, g, err);
}

int cl_goal_get(struct cl_db *db, const struct cl_id *id, struct cl_goal *g, struct cl_error *err)
{
	return cl_record_load(db, &goal_type, &sql_goal_by_id, id, goal_from_row, g, err);
}

int cl_goal_list(struct cl_db *db, const struct cl_id *patient, bool include_closed,
		 struct cl_goal *rows, int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &goal_type, &sql_goal_list, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_int(st, 2, include_closed, err)) ||
	    (rc = cl_db_bind_int(st, 3, max, err)))
		return rc;
	return cl_record_rows(db, st, goal_from_row, rows, sizeof(*rows), max, n, err);
}

/* A goal as stored (sql_goal_status, inside the write transaction). */
struct goal_state {
	enum cl_goal_status status;
	bool in_error; /* entered in error: kept as it was */
};

static int goal_status_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct goal_state *stored = rec;
	char code[16], reason[24];
	int i;

	cl_db_column_text(st, 0, code, sizeof(code));
	cl_db_column_text(st, 1, reason, sizeof(reason));
	if ((i = cl_code_index(goal_status_codes, code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored goal has an unknown status");
	stored->status = (enum cl_goal_status)i;
	stored->in_error = reason[0] != '\0';
	return CL_OK;
}

static int goal_save(struct cl_db *db, struct cl_goal *g, bool creating, struct cl_error *err)
{
	struct cl_goal v = *g;
	struct goal_state stored = { CL_GOAL_PROPOSED, false };
	enum cl_audit_action action = creating ? CL_AUDIT_CREATE : CL_AUDIT_UPDATE;
	sqlite3_stmt *st = NULL;
	bool in_tx = false;
	char now[32];
	int rc;

	if ((rc = cl_goal_validate(&v, err)))
		goto out;
	cl_field_normalize(cl_goal_fields, &v, NULL);
	if (creating && v.status != CL_GOAL_PROPOSED && v.status != CL_GOAL_ACTIVE) {
		rc = cl_error_field(err, CL_EINVAL, "status", "A new goal is proposed or active");
		goto out;
	}
	if (!creating && cl_id_is_nil(&v.id)) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no such goal");
		goto out;
	}
	if ((rc = cl_db_begin(db, err)))
		goto out;
	in_tx = true;
	if (!creating) {
		if ((rc = cl_record_get(db, sql_goal_status, &v.id, "goal", goal_status_from_row,
					&stored, err)))
			goto out;
		/* A record entered in error stays as it was when it was marked. */
		if (stored.in_error) {
			rc = cl_error_set(err, CL_EINVAL,
					  "this goal was entered in error: it cannot be changed");
			goto out;
		}
		if (!cl_goal_can_move(stored.status, v.status)) {
			rc = cl_error_field(
				err, CL_EINVAL, "status", "Status cannot change from %s to %s",
				cl_goal_status_code(stored.status), cl_goal_status_code(v.status));
			goto out;
		}
		if (v.status == CL_GOAL_CANCELLED && stored.status != CL_GOAL_CANCELLED)
			action = CL_AUDIT_RETIRE;
	} else {
		cl_id_new(&v.id);
	}
	if (!(st = cl_field_stmt(db, &goal_type, creating ? &sql_goal_insert : &sql_goal_update,
				 err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &v.id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v.patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (!creating && (rc = cl_db_bind_int(st, 5, v.version, err))) ||
	    (rc = cl_field_bind(&goal_type, st, &v, err)))
		goto out;
	if ((rc = cl_record_write(db, st, creating ? NULL : sql_goal_stamp, action, "goal", &v.id,
				  err)))
		goto out;
	if ((rc = cl_db_commit(db, err)))
		goto out;
	in_tx = false;
	cl_record_saved(db, now, &v.version, creating ? v.created_at : NULL, v.updated_at,
			v.updated_by);
	*g = v;
out:
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	if (in_tx)
		cl_db_rollback(db);
	return rc;
}

int cl_goal_create(struct cl_db *db, struct cl_goal *g, struct cl_error *err)
{
	return goal_save(db, g, true, err);
}

int cl_goal_update(struct cl_db *db, struct cl_goal *g, struct cl_error *err)
{
	return goal_save(db, g, false, err);
}

/* ---- tasks ---- */

#define TASK_AT(member) CL_FIELD_AT(struct cl_task, member), .column = #member

/* The assignee is stored as an id (assignee_id), looked up by login on save. */
const struct cl_field cl_task_fields[] = {
	{ "title", "Task", CL_FIELD_TEXT, 200, true, NULL, TASK_AT(title) },
	{ "due_date", "Due date", CL_FIELD_DATE, 10, true, NULL, TASK_AT(due_date) },
	{ "assignee", "Assigned to", CL_FIELD_LOGIN, 63, false, NULL,
	  CL_FIELD_AT(struct cl_task, assignee) },
	{ .key = NULL },
};

static const struct cl_record_type task_type = {
	.table = "task",
	.fields = cl_task_fields,
	.size = sizeof(struct cl_task),
};

void cl_task_init(struct cl_task *t, struct cl_db *db, const struct cl_id *patient)
{
	memset(t, 0, sizeof(*t));
	if (patient)
		t->patient_id = *patient;
	t->status = CL_TASK_OPEN;
	cl_date_today(t->due_date);
	if (db) {
		snprintf(t->assignee, sizeof(t->assignee), "%s", cl_db_user(db));
		snprintf(t->assignee_name, sizeof(t->assignee_name), "%s", cl_db_user_display(db));
	}
}

int cl_task_field_get(const struct cl_task *t, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_task_fields, t, key, buf, size);
}

int cl_task_field_set(struct cl_task *t, const char *key, const char *value, struct cl_error *err)
{
	return cl_field_set(cl_task_fields, t, key, value, err);
}

int cl_task_validate(const struct cl_task *t, struct cl_error *err)
{
	if (cl_id_is_nil(&t->patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	return cl_field_validate(cl_task_fields, t, sizeof(*t), err);
}

/*
 * Made from the field table (field.h): ?1 id, ?2 patient, ?3 goal, ?4 assignee id, ?5 now,
 * ?6 user, ?7 the version the caller read; the fields' own parameters are named.
 */
#define TASK_SELECT                                                                        \
	"SELECT t.id, t.patient_id, t.goal_id, coalesce(cm.login, ''),"                    \
	" coalesce(cm.display_name, ''), t.status, coalesce(t.closed_at, ''),"             \
	" coalesce(t.closed_by, ''), t.created_at, t.updated_at, t.updated_by, t.version," \
	" {columns} FROM task t LEFT JOIN care_manager cm ON cm.id = t.assignee_id"
#define TASK_FIRST_FIELD 12

static struct cl_field_stmt sql_task_by_id = { TASK_SELECT " WHERE t.id = ?1", "t.", "" };
static struct cl_field_stmt sql_task_list = {
	TASK_SELECT " WHERE t.patient_id = ?1 AND (?2 OR t.status = 'open')"
		    " ORDER BY t.due_date, t.id LIMIT ?3",
	"t.",
	"",
};
static struct cl_field_stmt sql_task_insert = {
	"INSERT INTO task (id, patient_id, goal_id, assignee_id, status, created_at, updated_at,"
	" updated_by, version, {columns}) VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?5, ?6, 1, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_task_update = {
	"UPDATE task SET goal_id = ?3, assignee_id = ?4, updated_at = ?5, updated_by = ?6,"
	" version = ?7 + 1, {assign} WHERE id = ?1 AND patient_id = ?2 AND version = ?7"
	" AND status = 'open'",
	NULL,
	"",
};
static const char sql_task_close[] =
	"UPDATE task SET status = ?3, closed_at = ?4, closed_by = ?5, updated_at = ?4,"
	" updated_by = ?5, version = version + 1"
	" WHERE id = ?1 AND version = ?2 AND status = 'open' AND patient_id = ?6";
static const char sql_task_stamp[] =
	"SELECT t.updated_at, coalesce(cm.display_name, t.updated_by) FROM task t"
	" LEFT JOIN care_manager cm ON cm.login = t.updated_by WHERE t.id = ?1";
static const char sql_task_state[] = "SELECT status, patient_id FROM task WHERE id = ?1";
/* ?3 the task: whether it is under this goal already (NULL for a new task). */
static const char sql_goal_patient[] =
	"SELECT error_reason, (SELECT goal_id FROM task WHERE id = ?3) IS ?1 FROM goal"
	" WHERE id = ?1 AND patient_id = ?2";

static int task_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_task *t = rec;
	char code[16];
	int status;

	memset(t, 0, sizeof(*t));
	if (cl_db_column_id(st, 0, &t->id) || cl_db_column_id(st, 1, &t->patient_id) ||
	    (sqlite3_column_type(st, 2) != SQLITE_NULL && cl_db_column_id(st, 2, &t->goal_id)))
		return cl_error_set(err, CL_ECORRUPT, "a stored task has a malformed id");
	cl_db_column_text(st, 3, t->assignee, sizeof(t->assignee));
	cl_db_column_text(st, 4, t->assignee_name, sizeof(t->assignee_name));
	cl_db_column_text(st, 5, code, sizeof(code));
	cl_db_column_text(st, 6, t->closed_at, sizeof(t->closed_at));
	cl_db_column_text(st, 7, t->closed_by, sizeof(t->closed_by));
	cl_record_read_stamps(st, 8, t->created_at, t->updated_at, t->updated_by, &t->version);
	if ((status = cl_code_index(task_status_codes, code)) < 0)
		return cl_error_set(err, CL_ECORRUPT, "a stored task has an unknown status");
	t->status = (enum cl_task_status)status;
	return cl_field_read(&task_type, st, TASK_FIRST_FIELD, t, err);
}

int cl_task_get(struct cl_db *db, const struct cl_id *id, struct cl_task *t, struct cl_error *err)
{
	return cl_record_load(db, &task_type, &sql_task_by_id, id, task_from_row, t, err);
}

int cl_task_list(struct cl_db *db, const struct cl_id *patient, bool include_closed,
		 struct cl_task *rows, int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &task_type, &sql_task_list, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_int(st, 2, include_closed, err)) ||
	    (rc = cl_db_bind_int(st, 3, max, err)))
		return rc;
	return cl_record_rows(db, st, task_from_row, rows, sizeof(*rows), max, n, err);
}

/*
 * Inside the transaction: the goal, when set, is one of the task's patient's goals; a goal
 * entered in error takes no new task (a task already under it may still be worked).
 */
static int check_goal(struct cl_db *db, const struct cl_task *t, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (cl_id_is_nil(&t->goal_id))
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_goal_patient, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &t->goal_id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &t->patient_id, err)) ||
	    (rc = cl_db_bind_id(st, 3, &t->id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = CL_OK;
		if (sqlite3_column_bytes(st, 0) > 0 && !sqlite3_column_int(st, 1))
			rc = cl_error_field(err, CL_EINVAL, "goal",
					    "this goal was entered in error: it takes no task");
		break;
	case SQLITE_DONE:
		rc = cl_error_field(err, CL_EINVAL, "goal", "Goal is not one of this patient's");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * Write task v (validated and normalized here) as a new or changed row with its audit row,
 * inside the caller's transaction; on success v->id is set (creating) and *now the time.
 */
static int task_write(struct cl_db *db, struct cl_task *v, bool creating, char now[32],
		      struct cl_error *err)
{
	struct cl_id assignee = { { 0 } };
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = cl_task_validate(v, err)))
		return rc;
	cl_field_normalize(cl_task_fields, v, NULL);
	if (!creating && cl_id_is_nil(&v->id))
		return cl_error_set(err, CL_ENOTFOUND, "no such task");
	if (v->assignee[0] &&
	    (rc = cl_record_care_manager(db, v->assignee, "assignee", &assignee, err)))
		return rc;
	if ((rc = check_goal(db, v, err)))
		return rc;
	if (creating)
		cl_id_new(&v->id);
	if (!(st = cl_field_stmt(db, &task_type, creating ? &sql_task_insert : &sql_task_update,
				 err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, 32);
	if ((rc = cl_db_bind_id(st, 1, &v->id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v->patient_id, err)) ||
	    (rc = cl_record_bind_opt_id(st, 3, &v->goal_id, err)) ||
	    (rc = cl_record_bind_opt_id(st, 4, v->assignee[0] ? &assignee : NULL, err)) ||
	    (rc = cl_db_bind_text(st, 5, now, err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_db_user(db), err)) ||
	    (!creating && (rc = cl_db_bind_int(st, 7, v->version, err))) ||
	    (rc = cl_field_bind(&task_type, st, v, err)))
		goto out;
	rc = cl_record_write(db, st, creating ? NULL : sql_task_stamp,
			     creating ? CL_AUDIT_CREATE : CL_AUDIT_UPDATE, "task", &v->id, err);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cl_task_create_in_tx(struct cl_db *db, struct cl_task *t, struct cl_error *err)
{
	char now[32];

	return task_write(db, t, true, now, err);
}

static int task_save(struct cl_db *db, struct cl_task *t, bool creating, struct cl_error *err)
{
	struct cl_task v = *t;
	char now[32];
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = task_write(db, &v, creating, now, err)) || (rc = cl_db_commit(db, err))) {
		cl_db_rollback(db);
		return rc;
	}
	cl_record_saved(db, now, &v.version, creating ? v.created_at : NULL, v.updated_at,
			v.updated_by);
	*t = v;
	/* The display name of the assignee, for the caller's screen. */
	cl_task_get(db, &v.id, t, NULL);
	return CL_OK;
}

int cl_task_create(struct cl_db *db, struct cl_task *t, struct cl_error *err)
{
	return task_save(db, t, true, err);
}

int cl_task_update(struct cl_db *db, struct cl_task *t, struct cl_error *err)
{
	return task_save(db, t, false, err);
}

/* A task about to close (sql_task_state): the patient it must belong to, and its owner. */
struct task_state {
	const struct cl_id *patient;
	struct cl_id owner;
};

/* Say why nothing would change before trying: closed already, or another patient's. */
static int task_state_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct task_state *state = rec;
	char code[16];

	cl_db_column_text(st, 0, code, sizeof(code));
	if (cl_db_column_id(st, 1, &state->owner))
		return cl_error_set(err, CL_ECORRUPT, "a stored task has a malformed id");
	if (state->patient && !cl_id_equal(&state->owner, state->patient))
		return cl_error_field(err, CL_EINVAL, "task", "Task is not this patient's");
	if (strcmp(code, "open") != 0)
		return cl_error_field(err, CL_EINVAL, "task", "Task is already %s", code);
	return CL_OK;
}

int cl_task_close_in_tx(struct cl_db *db, const struct cl_id *id, long long version,
			enum cl_task_status status, const struct cl_id *patient,
			struct cl_error *err)
{
	struct task_state state = { .patient = patient };
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (status != CL_TASK_DONE && status != CL_TASK_CANCELLED)
		return cl_error_field(err, CL_EINVAL, "status",
				      "A task closes as done or cancelled");
	if ((rc = cl_record_get(db, sql_task_state, id, "task", task_state_from_row, &state, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_task_close, err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, id, err)) || (rc = cl_db_bind_int(st, 2, version, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_task_status_code(status), err)) ||
	    (rc = cl_db_bind_text(st, 4, now, err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_id(st, 6, &state.owner, err)))
		return rc;
	return cl_record_write(db, st, sql_task_stamp,
			       status == CL_TASK_DONE ? CL_AUDIT_UPDATE : CL_AUDIT_RETIRE, "task",
			       id, err);
}

int cl_task_close(struct cl_db *db, struct cl_task *t, enum cl_task_status status,
		  struct cl_error *err)
{
	struct cl_task done;
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	rc = cl_task_close_in_tx(db, &t->id, t->version, status, NULL, err);
	/* Reloaded before COMMIT: once the change is kept, nothing after it can fail. */
	if (!rc)
		rc = cl_task_get(db, &t->id, &done, err);
	if (!rc)
		rc = cl_db_commit(db, err);
	else
		cl_db_rollback(db);
	if (!rc)
		*t = done;
	return rc;
}
