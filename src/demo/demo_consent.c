#include "config.h"

#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "demo_consent.h"

/* One hex digit of a patient's id (0 .. 15): which demo consent it gets. */
#define DIGIT(n) "(instr('0123456789ABCDEF', substr(hex(p.id), " #n ", 1)) - 1)"

/* ?1 today, ?2 now. */
static const char sql_consents[] =
	"INSERT INTO consent (id, patient_id, given_on, method, recorded_by, withdrawn_on,"
	" withdrawn_by, created_at, updated_at, updated_by)"
	" SELECT randomblob(16), p.id, date(?1, '-' || (" DIGIT(3) " * 16 + " DIGIT(4) " + 45) || ' days'), CASE WHEN " DIGIT(
		2) " < 6 THEN 'written' ELSE 'verbal' END,"
		   " 'demo', CASE WHEN " DIGIT(1) " = 2 THEN date(?1, '-' || " DIGIT(
			   4) " || ' days')"
			      " ELSE '' END, CASE WHEN " DIGIT(
				      1) " = 2 THEN 'demo' ELSE '' END, ?2, ?2, 'demo'"
					 " FROM patient p WHERE " DIGIT(
						 1) " >= 2"
						    " AND NOT EXISTS (SELECT 1 FROM consent k WHERE k.patient_id = p.id)";
/* Contacts whose id ends in 00: entered in error. ?2 now. */
#define ERROR_PICK   " FROM contact p WHERE substr(hex(p.id), 31, 2) = '00' AND p.error_reason = ''"
#define ERROR_REASON "CASE WHEN " DIGIT(30) " < 8 THEN 'wrong-patient' ELSE 'duplicate' END"
static const char sql_corrections[] =
	"INSERT INTO correction (id, patient_id, record_type, record_id, action, reason, at, by)"
	" SELECT randomblob(16), p.patient_id, 'contact', p.id, 'entered-in-error', " ERROR_REASON
	", ?2, 'demo'" ERROR_PICK;
static const char sql_errors[] =
	"UPDATE contact AS p SET error_reason = " ERROR_REASON ", error_at = ?2, error_by = 'demo',"
	" version = version + 1 WHERE substr(hex(p.id), 31, 2) = '00' AND p.error_reason = ''";

/* Run sql with ?1 today and ?2 now (parameters it does not use are left unbound). */
static int run(struct cl_db *db, const char *sql, const char *today, const char *now,
	       struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, n;

	if (!st)
		return err ? err->code : CL_EIO;
	n = sqlite3_bind_parameter_count(st);
	if ((n >= 1 && (rc = cl_db_bind_text(st, 1, today, err))) ||
	    (n >= 2 && (rc = cl_db_bind_text(st, 2, now, err))))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cl_demo_consent(struct cl_db *db, struct cl_error *err)
{
	char today[CL_DATE_LEN], now[32];
	int rc;

	cl_date_today(today);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = run(db, sql_consents, today, now, err)) ||
	    (rc = run(db, sql_corrections, today, now, err)) ||
	    (rc = run(db, sql_errors, today, now, err)) ||
	    (rc = cl_audit_log(db, CL_AUDIT_IMPORT, "consent", NULL, err)) ||
	    (rc = cl_audit_log(db, CL_AUDIT_IMPORT, "correction", NULL, err))) {
		cl_db_rollback(db);
		return rc;
	}
	return cl_db_commit(db, err);
}
