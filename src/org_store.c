/*
 * Partner organizations' storage (declared in org.h): load, create, update, retire, verify,
 * each write one BEGIN IMMEDIATE transaction with its audit row; and the CSV import.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "org.h"
#include "record.h"

/* ---- storage ---- */

/*
 * Whole entries are read and written by statements made from the field table (field.h):
 * ?1 id, ?2 now, ?3 user, ?4 the version the caller read; the fields' own are named.
 */
static struct cl_field_stmt sql_get = {
	"SELECT o.id, o.created_at, o.updated_at, o.updated_by, o.version, {columns}"
	" FROM organization o WHERE o.id = ?1",
	"o.",
	"",
};
#define FIRST_FIELD_COLUMN 5
static struct cl_field_stmt sql_insert = {
	"INSERT INTO organization (id, created_at, updated_at, updated_by, version, {columns})"
	" VALUES (?1, ?2, ?2, ?3, 1, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_update = {
	"UPDATE organization SET updated_at = ?2, updated_by = ?3, version = ?4 + 1, {assign}"
	" WHERE id = ?1 AND version = ?4",
	NULL,
	"",
};
static const char sql_stamp[] =
	"SELECT o.updated_at, coalesce(cm.display_name, o.updated_by) FROM organization o"
	" LEFT JOIN care_manager cm ON cm.login = o.updated_by WHERE o.id = ?1";
static const char sql_service_clear[] =
	"DELETE FROM organization_service WHERE organization_id = ?1";
static const char sql_service_add[] =
	"INSERT OR IGNORE INTO organization_service (organization_id, code) VALUES (?1, ?2)";
static const char sql_same_name[] =
	"SELECT 1 FROM organization WHERE sort_name = lower(?1) AND kind = ?2 AND active = 1"
	" AND id <> ?3 LIMIT 1";

static int org_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_org *o = rec;

	memset(o, 0, sizeof(*o));
	if (cl_db_column_id(st, 0, &o->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored organization has a malformed id");
	cl_record_read_stamps(st, 1, o->created_at, o->updated_at, o->updated_by, &o->version);
	return cl_field_read(&cl_org_type, st, FIRST_FIELD_COLUMN, o, err);
}

int cl_org_get(struct cl_db *db, const struct cl_id *id, struct cl_org *o, struct cl_error *err)
{
	return cl_record_load(db, &cl_org_type, &sql_get, id, org_from_row, o, err);
}

static int bind_fields(sqlite3_stmt *st, const struct cl_org *o, const char *now, const char *user,
		       struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_bind_id(st, 1, &o->id, err)) || (rc = cl_db_bind_text(st, 2, now, err)) ||
	    (rc = cl_db_bind_text(st, 3, user, err)))
		return rc;
	return cl_field_bind(&cl_org_type, st, o, err);
}

/* Rewrite the organization_service rows of o from o->services. */
static int store_services(struct cl_db *db, const struct cl_org *o, struct cl_error *err)
{
	sqlite3_stmt *clear = cl_db_stmt(db, sql_service_clear, err);
	sqlite3_stmt *add = clear ? cl_db_stmt(db, sql_service_add, err) : NULL;
	char list[sizeof(o->services)], *save = NULL, *tok;
	int rc = CL_OK;

	if (!add)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(clear, 1, &o->id, err)))
		return rc;
	if (sqlite3_step(clear) != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(clear);
	snprintf(list, sizeof(list), "%s", o->services);
	for (tok = strtok_r(list, ", ", &save); !rc && tok; tok = strtok_r(NULL, ", ", &save)) {
		if ((rc = cl_db_bind_id(add, 1, &o->id, err)) ||
		    (rc = cl_db_bind_text(add, 2, tok, err)))
			break;
		if (sqlite3_step(add) != SQLITE_DONE)
			rc = cl_db_error(db, err);
		sqlite3_reset(add);
	}
	return rc;
}

/* CL_EEXIST (field "name") when another active entry of the kind has the same name. */
static int check_unique(struct cl_db *db, const struct cl_org *o, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_same_name, err);
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, o->name, err)) ||
	    (rc = cl_db_bind_text(st, 2, cl_org_kind_code(o->kind), err)) ||
	    (rc = cl_db_bind_id(st, 3, &o->id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = cl_error_field(
			err, CL_EEXIST, "name",
			"an active %s organization of that name is already in the directory",
			cl_org_kind_code(o->kind));
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* Insert inside the caller's transaction (cl_org_create, the import). */
static int org_insert(struct cl_db *db, struct cl_org *o, enum cl_audit_action action,
		      struct cl_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = cl_org_validate(o, err)))
		return rc;
	cl_id_new(&o->id);
	if (o->active && (rc = check_unique(db, o, err)))
		return rc;
	if (!(st = cl_field_stmt(db, &cl_org_type, &sql_insert, err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, sizeof(now));
	if ((rc = bind_fields(st, o, now, cl_db_user(db), err)))
		return rc;
	rc = cl_record_step(db, st, NULL, NULL, NULL, err);
	if (!rc)
		rc = store_services(db, o, err);
	if (!rc)
		rc = cl_audit_log(db, action, "organization", &o->id, err);
	if (!rc)
		cl_record_saved(db, now, &o->version, o->created_at, o->updated_at, o->updated_by);
	return rc;
}

int cl_org_create(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	struct cl_org work = *o;
	int rc;

	if ((rc = cl_org_validate(o, err)))
		return rc;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = org_insert(db, &work, CL_AUDIT_CREATE, err))) {
		cl_db_rollback(db);
		return rc;
	}
	if ((rc = cl_db_commit(db, err)))
		return rc;
	*o = work;
	return CL_OK;
}

static int org_save(struct cl_db *db, struct cl_org *o, enum cl_audit_action action,
		    struct cl_error *err)
{
	struct cl_org work = *o;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = cl_org_validate(o, err)))
		return rc;
	if (!(st = cl_field_stmt(db, &cl_org_type, &sql_update, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (work.active && (rc = check_unique(db, &work, err)))
		goto fail;
	cl_db_now(now, sizeof(now));
	if ((rc = bind_fields(st, &work, now, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_int(st, 4, work.version, err)))
		goto fail;
	rc = cl_record_step(db, st, sql_stamp, &work.id, "organization", err);
	if (!rc)
		rc = store_services(db, &work, err);
	if (!rc)
		rc = cl_audit_log(db, action, "organization", &work.id, err);
	if (rc)
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	cl_record_saved(db, now, &work.version, NULL, work.updated_at, work.updated_by);
	*o = work;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

int cl_org_update(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	return org_save(db, o, CL_AUDIT_UPDATE, err);
}

int cl_org_retire(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	struct cl_org work = *o;
	int rc;

	work.active = false;
	if ((rc = org_save(db, &work, CL_AUDIT_RETIRE, err)))
		return rc;
	*o = work;
	return CL_OK;
}

int cl_org_mark_verified(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	struct cl_org work = *o;
	int rc;

	cl_date_today(work.last_verified);
	if ((rc = org_save(db, &work, CL_AUDIT_UPDATE, err)))
		return rc;
	*o = work;
	return CL_OK;
}

/* ---- import ---- */

/* The CSV columns are the field table's keys, in its order (kind first). */
static const char *import_columns[32];
static const char *const import_required[] = { "kind", "name", NULL };

/* One organization: every bad cell is reported (row->problem), then the row is stored. */
static int import_org_row(struct cl_db *db, const struct cl_import_row *row, void *arg,
			  struct cl_error *err)
{
	struct cl_error cell_err;
	bool bad = false, bad_kind = false;
	struct cl_org o;
	size_t i;
	int rc;

	(void)arg;
	cl_org_init(&o);
	/* import_columns starts with kind, so services are checked against the right kind. */
	for (i = 0; import_columns[i]; i++) {
		if (!row->values[i] || (bad_kind && strcmp(import_columns[i], "services") == 0))
			continue;
		cl_error_clear(&cell_err);
		rc = cl_org_field_set(&o, import_columns[i], row->values[i], &cell_err);
		if (rc == CL_EINVAL) {
			row->problem(row, &cell_err);
			bad = true;
			bad_kind = bad_kind || strcmp(import_columns[i], "kind") == 0;
		} else if (rc) {
			if (err)
				*err = cell_err;
			return rc;
		}
	}
	if (bad)
		return CL_EINVAL;
	return org_insert(db, &o, CL_AUDIT_IMPORT, err);
}

int cl_org_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
		  struct cl_import_result *res, struct cl_error *err)
{
	const struct cl_import_ops ops = {
		.what = "organizations",
		.columns = import_columns,
		.required = import_required,
		.row = import_org_row,
		.arg = NULL,
	};

	if (!import_columns[0] && cl_field_keys(cl_org_fields, import_columns,
						sizeof(import_columns) / sizeof(import_columns[0])))
		return cl_error_set(err, CL_EINVAL, "too many organization fields to import");
	return cl_import_csv(db, path, &ops, opt, res, err);
}
