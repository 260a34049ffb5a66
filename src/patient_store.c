/*
 * The patient registry's storage (declared in patient.h): load, create, update and retire,
 * each write one BEGIN IMMEDIATE transaction with its audit row, saves guarded by version.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "db_private.h"
#include "patient.h"
#include "record.h"

/*
 * The statements that read and write a whole patient are made from the field table: the
 * fixed columns first, then {columns}, one for each stored field. Parameters ?1 id, ?2 care
 * manager id, ?3 now, ?4 user, ?5 the version the caller read; the fields' own are named.
 */
#define PATIENT_SELECT                                                                      \
	"SELECT p.id, coalesce(cm.login, ''), coalesce(cm.display_name, ''), p.created_at," \
	" p.updated_at, p.updated_by, p.version, {columns}"                                 \
	" FROM patient p LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"
#define FIRST_FIELD_COLUMN 7

static struct cl_field_stmt sql_by_id = { PATIENT_SELECT " WHERE p.id = ?1", "p.", "" };
static struct cl_field_stmt sql_by_mrn = { PATIENT_SELECT " WHERE p.mrn = ?1", "p.", "" };
static struct cl_field_stmt sql_insert = {
	"INSERT INTO patient (id, care_manager_id, created_at, updated_at, updated_by, version,"
	" {columns}) VALUES (?1, ?2, ?3, ?3, ?4, 1, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_update = {
	"UPDATE patient SET care_manager_id = ?2, updated_at = ?3, updated_by = ?4,"
	" version = ?5 + 1, {assign} WHERE id = ?1 AND version = ?5",
	NULL,
	"",
};
/*
 * Staged writes (cl_patient_stage): a temporary table of the stored columns, without
 * constraints, triggers or indexes; version 0 for a new patient, else the version the
 * update was made from.
 */
#define STAGE_COLUMNS "id, care_manager_id, created_at, updated_at, updated_by, version"
static struct cl_field_stmt sql_stage_table = {
	"CREATE TEMP TABLE IF NOT EXISTS patient_stage AS SELECT " STAGE_COLUMNS ", {columns}"
	" FROM patient WHERE 0",
	NULL,
	"",
};
static struct cl_field_stmt sql_stage = {
	"INSERT INTO temp.patient_stage (" STAGE_COLUMNS ", {columns})"
	" VALUES (?1, ?2, ?3, ?3, ?4, ?5, {params})",
	NULL,
	"",
};
static struct cl_field_stmt sql_stage_insert = {
	"INSERT INTO patient (" STAGE_COLUMNS ", {columns}) SELECT id, care_manager_id,"
	" created_at, updated_at, updated_by, 1, {columns} FROM temp.patient_stage"
	" WHERE version = 0 ORDER BY lower(family_name) || char(1) || lower(given_name)",
	NULL,
	"",
};
static struct cl_field_stmt sql_stage_update = {
	"UPDATE patient SET care_manager_id = s.care_manager_id, updated_at = s.updated_at,"
	" updated_by = s.updated_by, version = s.version + 1, {copy}"
	" FROM temp.patient_stage AS s WHERE patient.id = s.id AND s.version > 0"
	" AND patient.version = s.version",
	"s.",
	"",
};
static const char sql_stage_count[] = "SELECT count(*) FROM temp.patient_stage WHERE version > 0";
static const char sql_stage_clear[] = "DELETE FROM temp.patient_stage";

static const char sql_mrn_taken[] = "SELECT 1 FROM patient WHERE mrn = ?1 AND id <> ?2";
static const char sql_care_manager[] = "SELECT id, display_name FROM care_manager WHERE login = ?1";
static const char sql_stamp[] =
	"SELECT p.updated_at, coalesce(cm.display_name, p.updated_by)"
	" FROM patient p LEFT JOIN care_manager cm ON cm.login = p.updated_by WHERE p.id = ?1";

/* Check p (cl_patient_validate) and put every field in canonical form ("(555) 123-4567"). */
static int patient_normalize(struct cl_patient *p, struct cl_error *err)
{
	int rc = cl_patient_validate(p, err);

	return rc ? rc : cl_field_normalize(cl_patient_fields, p, err);
}

static int patient_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_patient *p = rec;

	memset(p, 0, sizeof(*p));
	if (cl_db_column_id(st, 0, &p->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
	cl_db_column_text(st, 1, p->care_manager, sizeof(p->care_manager));
	cl_db_column_text(st, 2, p->care_manager_name, sizeof(p->care_manager_name));
	cl_record_read_stamps(st, 3, p->created_at, p->updated_at, p->updated_by, &p->version);
	return cl_field_read(&cl_patient_type, st, FIRST_FIELD_COLUMN, p, err);
}

/* Run a cached one-row lookup bound to a blob id or a text key. */
static int patient_load(struct cl_db *db, struct cl_field_stmt *sql, const struct cl_id *id,
			const char *mrn, struct cl_patient *p, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &cl_patient_type, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = id ? cl_db_bind_id(st, 1, id, err) : cl_db_bind_text(st, 1, mrn, err)))
		return rc;
	return cl_record_one(db, st, "patient", patient_from_row, p, err);
}

int cl_patient_get(struct cl_db *db, const struct cl_id *id, struct cl_patient *p,
		   struct cl_error *err)
{
	return patient_load(db, &sql_by_id, id, NULL, p, err);
}

int cl_patient_by_mrn(struct cl_db *db, const char *mrn, struct cl_patient *p, struct cl_error *err)
{
	return patient_load(db, &sql_by_mrn, NULL, mrn ? mrn : "", p, err);
}

int cl_patient_open_chart(struct cl_db *db, const struct cl_id *id, struct cl_patient *p,
			  struct cl_error *err)
{
	int rc = cl_patient_get(db, id, p, err);

	if (rc)
		return rc;
	/*
	 * No record, no chart: an unrecorded view of PHI is what the audit is there to stop.
	 * The access log, not the database: a long import must not keep the chart closed.
	 */
	rc = cl_access_view(db, "patient", id, err);
	if (rc)
		memset(p, 0, sizeof(*p));
	return rc;
}

/* Inside the write transaction: refuse an MRN that another patient has. */
static int check_mrn(struct cl_db *db, const struct cl_patient *p, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_mrn_taken, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, p->mrn, err)) || (rc = cl_db_bind_id(st, 2, &p->id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = cl_error_field(err, CL_EEXIST, "mrn",
				    "MRN is already used by another patient");
		break;
	case SQLITE_DONE:
		rc = CL_OK;
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* The care manager's id and display name by login; *found is false for "" (unassigned). */
static int find_care_manager(struct cl_db *db, struct cl_patient *p, struct cl_id *cm, bool *found,
			     struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*found = false;
	if (!p->care_manager[0]) {
		p->care_manager_name[0] = '\0';
		return CL_OK;
	}
	st = cl_db_stmt(db, sql_care_manager, err);
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, p->care_manager, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = cl_db_column_id(st, 0, cm);
		if (rc) {
			rc = cl_error_set(err, CL_ECORRUPT, "a care manager has a malformed id");
			break;
		}
		cl_db_column_text(st, 1, p->care_manager_name, sizeof(p->care_manager_name));
		*found = true;
		break;
	case SQLITE_DONE:
		rc = cl_error_field(err, CL_EINVAL, "care_manager",
				    "Care manager is not a known care manager");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Bind ?1 id .. ?4 user and the fields of sql_insert and sql_update. */
static int bind_patient(sqlite3_stmt *st, const struct cl_patient *p, const struct cl_id *cm,
			const char *now, const char *user, struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_bind_id(st, 1, &p->id, err)) || (rc = cl_db_bind_id(st, 2, cm, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) || (rc = cl_db_bind_text(st, 4, user, err)))
		return rc;
	return cl_field_bind(&cl_patient_type, st, p, err);
}

/*
 * Insert (creating) or update p inside the caller's transaction with its audit row. On
 * success p gets the stored id, version, stamps and care manager name (*now the time of the
 * write, for cl_record_saved once committed); on failure p is unchanged.
 */
static int patient_write(struct cl_db *db, struct cl_patient *p, bool creating, bool staged,
			 enum cl_audit_action action, char now[32], struct cl_error *err)
{
	struct cl_patient v = *p;
	struct cl_id cm;
	bool has_cm;
	const char *user = cl_db_user(db);
	sqlite3_stmt *st = NULL;
	int rc;

	rc = patient_normalize(&v, err);
	if (rc)
		goto out;
	if (!creating && cl_id_is_nil(&v.id)) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no such patient");
		goto out;
	}
	rc = find_care_manager(db, &v, &cm, &has_cm, err);
	if (rc)
		goto out;
	if (creating)
		cl_id_new(&v.id);
	rc = check_mrn(db, &v, err);
	if (rc)
		goto out;

	st = cl_field_stmt(db, &cl_patient_type,
			   staged     ? &sql_stage
			   : creating ? &sql_insert
				      : &sql_update,
			   err);
	if (!st) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	cl_db_now(now, 32);
	if ((rc = bind_patient(st, &v, has_cm ? &cm : NULL, now, user, err)) ||
	    ((staged || !creating) && (rc = cl_db_bind_int(st, 5, creating ? 0 : v.version, err))))
		goto out;
	/* A lost race says who saved last and when (cl_record_conflict). */
	rc = cl_record_write(db, st, creating || staged ? NULL : sql_stamp, action, "patient",
			     &v.id, err);
	if (rc)
		goto out;
	*p = v;
out:
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return rc;
}

int cl_patient_save_in(struct cl_db *db, struct cl_patient *p, bool creating,
		       enum cl_audit_action action, struct cl_error *err)
{
	char now[32];
	int rc = patient_write(db, p, creating, false, action, now, err);

	if (!rc)
		cl_record_saved(db, now, &p->version, creating ? p->created_at : NULL,
				p->updated_at, p->updated_by);
	return rc;
}

int cl_patient_stage(struct cl_db *db, struct cl_patient *p, bool creating,
		     enum cl_audit_action action, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &cl_patient_type, &sql_stage_table, err);
	char now[32];
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc || (rc = patient_write(db, p, creating, true, action, now, err)))
		return rc;
	cl_record_saved(db, now, &p->version, creating ? p->created_at : NULL, p->updated_at,
			p->updated_by);
	return CL_OK;
}

/* Run the cached statement st (no parameters) to its end; *changes gets the rows it changed. */
static int run_stage_step(struct cl_db *db, sqlite3_stmt *st, long long *changes,
			  struct cl_error *err)
{
	int rc;

	if (!st)
		return err && err->code ? err->code : CL_EIO;
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	if (changes)
		*changes = sqlite3_changes64(cl_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

int cl_patient_stage_flush(struct cl_db *db, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &cl_patient_type, &sql_stage_table, err);
	long long staged = 0, updated = 0;
	int rc;

	if ((rc = run_stage_step(db, st, NULL, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_stage_count, err)))
		return err ? err->code : CL_EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		staged = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if ((rc = run_stage_step(db, cl_field_stmt(db, &cl_patient_type, &sql_stage_insert, err),
				 NULL, err)) ||
	    (rc = run_stage_step(db, cl_field_stmt(db, &cl_patient_type, &sql_stage_update, err),
				 &updated, err)))
		return rc;
	if (updated != staged)
		return cl_error_set(err, CL_ECONFLICT,
				    "a patient changed while being updated: nothing was saved");
	return run_stage_step(db, cl_db_stmt(db, sql_stage_clear, err), NULL, err);
}

/* patient_write in a transaction of its own. */
static int patient_save(struct cl_db *db, struct cl_patient *p, bool creating,
			enum cl_audit_action action, struct cl_error *err)
{
	struct cl_patient v = *p;
	char now[32];
	int rc = cl_db_begin(db, err);

	if (rc)
		return rc;
	if ((rc = patient_write(db, &v, creating, false, action, now, err)) ||
	    (rc = cl_db_commit(db, err))) {
		cl_db_rollback(db);
		return rc;
	}
	cl_record_saved(db, now, &v.version, creating ? v.created_at : NULL, v.updated_at,
			v.updated_by);
	*p = v;
	return CL_OK;
}

int cl_patient_create(struct cl_db *db, struct cl_patient *p, struct cl_error *err)
{
	return patient_save(db, p, true, CL_AUDIT_CREATE, err);
}

int cl_patient_update(struct cl_db *db, struct cl_patient *p, struct cl_error *err)
{
	return patient_save(db, p, false, CL_AUDIT_UPDATE, err);
}

int cl_patient_retire(struct cl_db *db, struct cl_patient *p, enum cl_patient_status status,
		      struct cl_error *err)
{
	struct cl_patient v = *p;
	int rc;

	if (status != CL_PATIENT_INACTIVE && status != CL_PATIENT_DECEASED)
		return cl_error_field(err, CL_EINVAL, "status",
				      "Status for retiring must be inactive or deceased");
	v.status = status;
	if (status == CL_PATIENT_INACTIVE)
		v.death_date[0] = '\0';
	rc = patient_save(db, &v, false, CL_AUDIT_RETIRE, err);
	if (rc == CL_OK)
		*p = v;
	return rc;
}
