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

#define PATIENT_SELECT                                                                         \
	"SELECT p.id, p.mrn, p.given_name, p.family_name, p.birth_date, p.sex, p.language,"    \
	" p.phone, p.address, p.city, p.state, p.postal_code, p.payer, p.risk_tier, p.status," \
	" coalesce(cm.login, ''), coalesce(cm.display_name, ''), p.created_at, p.updated_at,"  \
	" p.updated_by, p.version, p.death_date"                                               \
	" FROM patient p LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"

static const char sql_by_id[] = PATIENT_SELECT " WHERE p.id = ?1";
static const char sql_by_mrn[] = PATIENT_SELECT " WHERE p.mrn = ?1";
static const char sql_mrn_taken[] = "SELECT 1 FROM patient WHERE mrn = ?1 AND id <> ?2";
static const char sql_care_manager[] = "SELECT id, display_name FROM care_manager WHERE login = ?1";
static const char sql_insert[] =
	"INSERT INTO patient (id, mrn, given_name, family_name, birth_date, sex, language, phone,"
	" address, city, state, postal_code, payer, risk_tier, status, care_manager_id,"
	" created_at, updated_at, updated_by, version, death_date)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
	" ?17, ?17, ?18, 1, ?20)";
static const char sql_update[] =
	"UPDATE patient SET mrn = ?2, given_name = ?3, family_name = ?4, birth_date = ?5,"
	" sex = ?6, language = ?7, phone = ?8, address = ?9, city = ?10, state = ?11,"
	" postal_code = ?12, payer = ?13, risk_tier = ?14, status = ?15, care_manager_id = ?16,"
	" updated_at = ?17, updated_by = ?18, version = version + 1, death_date = ?20"
	" WHERE id = ?1 AND version = ?19";
static const char sql_stamp[] =
	"SELECT p.updated_at, coalesce(cm.display_name, p.updated_by)"
	" FROM patient p LEFT JOIN care_manager cm ON cm.login = p.updated_by WHERE p.id = ?1";

/* Check p (cl_patient_validate) and put every field in canonical form ("(555) 123-4567"). */
static int patient_normalize(struct cl_patient *p, struct cl_error *err)
{
	char buf[512];
	int rc = cl_patient_validate(p, err);

	for (const struct cl_field *f = cl_patient_fields; !rc && f->key; f++) {
		cl_patient_field_get(p, f->key, buf, sizeof(buf));
		rc = cl_patient_field_set(p, f->key, buf, err);
	}
	return rc;
}

/* The enum columns are read back through the field table, which knows their codes. */
static int patient_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_patient *p = rec;
	static const struct {
		int col;
		const char *key;
	} codes[] = { { 5, "sex" }, { 12, "payer" }, { 13, "risk_tier" }, { 14, "status" } };
	char code[16];

	memset(p, 0, sizeof(*p));
	if (cl_db_column_id(st, 0, &p->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
	cl_db_column_text(st, 1, p->mrn, sizeof(p->mrn));
	cl_db_column_text(st, 2, p->given_name, sizeof(p->given_name));
	cl_db_column_text(st, 3, p->family_name, sizeof(p->family_name));
	cl_db_column_text(st, 4, p->birth_date, sizeof(p->birth_date));
	cl_db_column_text(st, 6, p->language, sizeof(p->language));
	cl_db_column_text(st, 7, p->phone, sizeof(p->phone));
	cl_db_column_text(st, 8, p->address, sizeof(p->address));
	cl_db_column_text(st, 9, p->city, sizeof(p->city));
	cl_db_column_text(st, 10, p->state, sizeof(p->state));
	cl_db_column_text(st, 11, p->postal_code, sizeof(p->postal_code));
	cl_db_column_text(st, 15, p->care_manager, sizeof(p->care_manager));
	cl_db_column_text(st, 16, p->care_manager_name, sizeof(p->care_manager_name));
	cl_db_column_text(st, 17, p->created_at, sizeof(p->created_at));
	cl_db_column_text(st, 18, p->updated_at, sizeof(p->updated_at));
	cl_db_column_text(st, 19, p->updated_by, sizeof(p->updated_by));
	p->version = sqlite3_column_int64(st, 20);
	cl_db_column_text(st, 21, p->death_date, sizeof(p->death_date));
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		cl_db_column_text(st, codes[i].col, code, sizeof(code));
		if (cl_patient_field_set(p, codes[i].key, code, NULL))
			return cl_error_set(err, CL_ECORRUPT,
					    "a stored patient has an unknown code");
	}
	return CL_OK;
}

/* Run a cached one-row lookup bound to a blob id or a text key. */
static int patient_load(struct cl_db *db, const char *sql, const struct cl_id *id, const char *mrn,
			struct cl_patient *p, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
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
	return patient_load(db, sql_by_id, id, NULL, p, err);
}

int cl_patient_by_mrn(struct cl_db *db, const char *mrn, struct cl_patient *p, struct cl_error *err)
{
	return patient_load(db, sql_by_mrn, NULL, mrn ? mrn : "", p, err);
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

/* Bind ?1 id .. ?18 updated_by and ?20 death_date of sql_insert and sql_update. */
static int bind_patient(sqlite3_stmt *st, const struct cl_patient *p, const struct cl_id *cm,
			const char *now, const char *user, struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_bind_id(st, 1, &p->id, err)) ||
	    (rc = cl_db_bind_text(st, 2, p->mrn, err)) ||
	    (rc = cl_db_bind_text(st, 3, p->given_name, err)) ||
	    (rc = cl_db_bind_text(st, 4, p->family_name, err)) ||
	    (rc = cl_db_bind_text(st, 5, p->birth_date, err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_sex_code(p->sex), err)) ||
	    (rc = cl_db_bind_text(st, 7, p->language, err)) ||
	    (rc = cl_db_bind_text(st, 8, p->phone, err)) ||
	    (rc = cl_db_bind_text(st, 9, p->address, err)) ||
	    (rc = cl_db_bind_text(st, 10, p->city, err)) ||
	    (rc = cl_db_bind_text(st, 11, p->state, err)) ||
	    (rc = cl_db_bind_text(st, 12, p->postal_code, err)) ||
	    (rc = cl_db_bind_text(st, 13, cl_payer_code(p->payer), err)) ||
	    (rc = cl_db_bind_text(st, 14, cl_risk_code(p->risk_tier), err)) ||
	    (rc = cl_db_bind_text(st, 15, cl_patient_status_code(p->status), err)) ||
	    (rc = cl_db_bind_id(st, 16, cm, err)) || (rc = cl_db_bind_text(st, 17, now, err)) ||
	    (rc = cl_db_bind_text(st, 18, user, err)) ||
	    (rc = cl_db_bind_text(st, 20, p->death_date, err)))
		return rc;
	return CL_OK;
}

/*
 * Insert (creating) or update p in one transaction with its audit row. On success p gets
 * the stored id, version, stamps and care manager name; on failure p is unchanged.
 */
static int patient_save(struct cl_db *db, struct cl_patient *p, bool creating,
			enum cl_audit_action action, struct cl_error *err)
{
	struct cl_patient v = *p;
	struct cl_id cm;
	bool has_cm, in_tx = false;
	char now[32];
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
	rc = cl_db_begin(db, err);
	if (rc)
		goto out;
	in_tx = true;
	rc = find_care_manager(db, &v, &cm, &has_cm, err);
	if (rc)
		goto out;
	if (creating)
		cl_id_new(&v.id);
	rc = check_mrn(db, &v, err);
	if (rc)
		goto out;

	st = cl_db_stmt(db, creating ? sql_insert : sql_update, err);
	if (!st) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	cl_db_now(now, sizeof(now));
	if ((rc = bind_patient(st, &v, has_cm ? &cm : NULL, now, user, err)) ||
	    (!creating && (rc = cl_db_bind_int(st, 19, v.version, err))))
		goto out;
	/* A lost race says who saved last and when (cl_record_conflict). */
	rc = cl_record_write(db, st, creating ? NULL : sql_stamp, action, "patient", &v.id, err);
	if (rc)
		goto out;
	rc = cl_db_commit(db, err);
	if (rc)
		goto out;
	in_tx = false;
	cl_record_saved(db, now, &v.version, creating ? v.created_at : NULL, v.updated_at,
			v.updated_by);
	*p = v;
out:
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	if (in_tx)
		cl_db_rollback(db);
	return rc;
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
