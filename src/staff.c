/* The practice's staff: roles, adding, deactivating (staff.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "staff.h"

static int refuse(struct cl_error *err)
{
	return cl_error_set(err, CL_EPERM,
			    "only a supervisor manages staff (or the database file's owner while "
			    "no active supervisor exists)");
}

#define STAFF_SELECT                                                                         \
	"SELECT cm.id, cm.login, cm.display_name, cm.role, coalesce(r.label, cm.role),"      \
	" cm.active, (SELECT count(*) FROM task t WHERE t.assignee_id = cm.id"               \
	" AND t.status = 'open'), (SELECT count(*) FROM patient p WHERE p.care_manager_id =" \
	" cm.id AND p.status = 'active') FROM care_manager cm"                               \
	" LEFT JOIN staff_role r ON r.code = cm.role"

static const char sql_list[] =
	STAFF_SELECT " ORDER BY cm.active DESC, cm.display_name COLLATE NOCASE, cm.login";
static const char sql_get[] = STAFF_SELECT " WHERE cm.login = ?1";
static const char sql_role_known[] = "SELECT 1 FROM staff_role WHERE code = ?1";
static const char sql_insert[] =
	"INSERT INTO care_manager (id, login, display_name, role, created_at, updated_at,"
	" updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)";
static const char sql_set_role[] = "UPDATE care_manager SET role = ?2, updated_at = ?3,"
				   " updated_by = ?4, version = version + 1 WHERE id = ?1";
static const char sql_set_active[] = "UPDATE care_manager SET active = ?2, updated_at = ?3,"
				     " updated_by = ?4, version = version + 1 WHERE id = ?1";

static int staff_from_row(sqlite3_stmt *st, struct cl_staff *s, struct cl_error *err)
{
	memset(s, 0, sizeof(*s));
	if (cl_db_column_id(st, 0, &s->id))
		return cl_error_set(err, CL_ECORRUPT, "a care manager has a malformed id");
	cl_db_column_text(st, 1, s->login, sizeof(s->login));
	cl_db_column_text(st, 2, s->display_name, sizeof(s->display_name));
	cl_db_column_text(st, 3, s->role, sizeof(s->role));
	cl_db_column_text(st, 4, s->role_label, sizeof(s->role_label));
	s->active = sqlite3_column_int(st, 5) != 0;
	s->open_tasks = sqlite3_column_int64(st, 6);
	s->patients = sqlite3_column_int64(st, 7);
	return CL_OK;
}

int cl_staff_list(struct cl_db *db, struct cl_staff **rows, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_list, err);
	struct cl_staff *all = NULL;
	int cap = 0, rc = CL_OK, step;

	*rows = NULL;
	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct cl_staff *grown;

			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(all, (size_t)cap * sizeof(*grown)))) {
				rc = cl_error_set(err, CL_ENOMEM, "out of memory");
				goto out;
			}
			all = grown;
		}
		if ((rc = staff_from_row(st, &all[*n], err)))
			goto out;
		(*n)++;
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
out:
	sqlite3_reset(st);
	if (rc) {
		free(all);
		*n = 0;
		return rc;
	}
	*rows = all;
	return CL_OK;
}

int cl_staff_get(struct cl_db *db, const char *login, struct cl_staff *out, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_get, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, login, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = staff_from_row(st, out, err);
		break;
	case SQLITE_DONE:
		rc = cl_error_set(err, CL_ENOTFOUND, "no one on the staff has that login");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

bool cl_staff_role_known(struct cl_db *db, const char *role)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_role_known, NULL);
	bool known;

	if (!st || cl_db_bind_text(st, 1, role, NULL))
		return false;
	known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return known;
}

static int check_role(struct cl_db *db, const char *role, struct cl_error *err)
{
	if (!cl_staff_role_known(db, role))
		return cl_error_field(err, CL_EINVAL, "role",
				      "not a role: use coordinator, supervisor or readonly");
	return CL_OK;
}

/* Run st (bound by the caller) in the open transaction and audit it; commit or roll back. */
static int write_audited(struct cl_db *db, sqlite3_stmt *st, enum cl_audit_action action,
			 const struct cl_id *id, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!rc)
		rc = cl_audit_log(db, action, "care_manager", id, err);
	if (rc) {
		cl_db_rollback(db);
		return rc;
	}
	return cl_db_commit(db, err);
}

int cl_staff_add(struct cl_db *db, const char *login, const char *display_name, const char *role,
		 struct cl_error *err)
{
	struct cl_staff existing;
	sqlite3_stmt *st;
	struct cl_id id;
	char now[32];
	int rc;

	if (!cl_db_user_may(db, CL_POWER_MANAGE_STAFF))
		return refuse(err);
	if (!role)
		role = "coordinator";
	if (!cl_db_login_valid(login))
		return cl_error_field(err, CL_EINVAL, "login",
				      "not a login (letters, digits, . _ -; up to 63)");
	if (!display_name || !display_name[0] || strlen(display_name) >= 96)
		return cl_error_field(err, CL_EINVAL, "name", "a name of 1 to 95 bytes is needed");
	if ((rc = check_role(db, role, err)))
		return rc;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	rc = cl_staff_get(db, login, &existing, NULL);
	if (rc != CL_ENOTFOUND) {
		cl_db_rollback(db);
		return rc ? cl_error_set(err, rc, "could not read the staff")
			  : cl_error_set(err, CL_EEXIST,
					 "%s is on the staff already: use 'careloop staff set'",
					 login);
	}
	if (!(st = cl_db_stmt(db, sql_insert, err))) {
		cl_db_rollback(db);
		return err ? err->code : CL_EIO;
	}
	cl_id_for_login(login, &id);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_bind_id(st, 1, &id, err)) || (rc = cl_db_bind_text(st, 2, login, err)) ||
	    (rc = cl_db_bind_text(st, 3, display_name, err)) ||
	    (rc = cl_db_bind_text(st, 4, role, err)) || (rc = cl_db_bind_text(st, 5, now, err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_db_user(db), err))) {
		cl_db_rollback(db);
		return rc;
	}
	return write_audited(db, st, CL_AUDIT_CREATE, &id, err);
}

/* Look login up inside a new transaction; on failure nothing is left open. */
static int begin_on(struct cl_db *db, const char *login, struct cl_staff *s, struct cl_error *err)
{
	int rc;

	if (!cl_db_user_may(db, CL_POWER_MANAGE_STAFF))
		return refuse(err);
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_staff_get(db, login, s, err)))
		cl_db_rollback(db);
	return rc;
}

int cl_staff_set_role(struct cl_db *db, const char *login, const char *role, struct cl_error *err)
{
	struct cl_staff s;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!cl_db_user_may(db, CL_POWER_MANAGE_STAFF))
		return refuse(err);
	if ((rc = check_role(db, role, err)) || (rc = begin_on(db, login, &s, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_set_role, err))) {
		cl_db_rollback(db);
		return err ? err->code : CL_EIO;
	}
	if ((rc = cl_db_bind_id(st, 1, &s.id, err)) || (rc = cl_db_bind_text(st, 2, role, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_db_now(now, sizeof(now)), err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err))) {
		cl_db_rollback(db);
		return rc;
	}
	return write_audited(db, st, CL_AUDIT_UPDATE, &s.id, err);
}

int cl_staff_set_active(struct cl_db *db, const char *login, bool active, struct cl_error *err)
{
	struct cl_staff s;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!cl_db_user_may(db, CL_POWER_MANAGE_STAFF))
		return refuse(err);
	if (!active && strcmp(login, cl_db_user(db)) == 0)
		return cl_error_set(err, CL_EINVAL,
				    "you cannot deactivate yourself: another supervisor can");
	if ((rc = begin_on(db, login, &s, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_set_active, err))) {
		cl_db_rollback(db);
		return err ? err->code : CL_EIO;
	}
	if ((rc = cl_db_bind_id(st, 1, &s.id, err)) || (rc = cl_db_bind_int(st, 2, active, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_db_now(now, sizeof(now)), err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err))) {
		cl_db_rollback(db);
		return rc;
	}
	return write_audited(db, st, active ? CL_AUDIT_UPDATE : CL_AUDIT_RETIRE, &s.id, err);
}
