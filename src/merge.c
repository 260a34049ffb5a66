/*
 * Duplicate patients (merge.h): the duplicate check over the birth-date index, and the
 * merge of two charts in one transaction, with the tables to move found in the schema so
 * that a table added later with a patient_id column moves too.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "merge.h"
#include "screening.h"
#include "text.h"

static const char sql_duplicates[] =
	"SELECT id, mrn, given_name, family_name, birth_date, phone, status FROM patient"
	" WHERE birth_date = ?1 AND merged_into IS NULL AND mrn <> ?2 AND id IS NOT ?3"
	" ORDER BY mrn";
static const char sql_merged_into[] = "SELECT merged_into FROM patient WHERE id = ?1";
/* Every table with a patient_id column, virtual tables (an index, kept by triggers) aside. */
static const char sql_patient_tables[] =
	"SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c"
	" WHERE m.type = 'table' AND c.name = 'patient_id'"
	" AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY m.name";
/* A version more: the mark is an edit that other sites must receive (careloop sync). */
static const char sql_mark_merged[] = "UPDATE patient SET merged_into = ?1, version = version + 1"
				      " WHERE id = ?2 OR merged_into = ?2";

/*
 * Rows made from others, not moved but made again for both charts: the screening rows by
 * cl_screening_refresh, the chronic gaps by the triggers on the moved conditions and
 * readings (schema 19). Moving chronic_gap failed on its key (patient, kind) when both
 * charts had a gap of a kind.
 */
const char *const cl_merge_derived_tables[] = { "screening_positive", "screening_status",
						"chronic_gap", "chronic_gap_refresh", NULL };

/* What a coordinator calls the rows of a table (one, many); else the table's name. */
static const struct {
	const char *table, *word, *words;
} table_words[] = {
	{ "clinical_event", "event", "events" },
	{ "contact", "contact", "contacts" },
	{ "goal", "goal", "goals" },
	{ "referral", "referral", "referrals" },
	{ "risk_change", "risk change", "risk changes" },
	{ "screening", "screening", "screenings" },
	{ "task", "task", "tasks" },
};

static const char *word_of(const char *table, bool plural)
{
	for (size_t i = 0; i < sizeof(table_words) / sizeof(table_words[0]); i++)
		if (strcmp(table_words[i].table, table) == 0)
			return plural ? table_words[i].words : table_words[i].word;
	return NULL;
}

static const char *words_of(const char *table)
{
	return word_of(table, true);
}

void cl_merge_describe(const struct cl_merge_move *moves, int n, char *buf, size_t size)
{
	size_t used = 0;
	int shown = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *word = word_of(moves[i].table, moves[i].rows != 1);
		int w;

		if (moves[i].rows == 0)
			continue;
		w = snprintf(buf + used, size - used, "%s%lld %s", shown ? ", " : "", moves[i].rows,
			     word ? word : moves[i].table);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
		shown++;
	}
	if (!shown)
		snprintf(buf, size, "nothing else");
}

static bool is_derived(const char *table)
{
	for (const char *const *t = cl_merge_derived_tables; *t; t++)
		if (strcmp(*t, table) == 0)
			return true;
	return false;
}

void cl_phone_key(const char *phone, char *buf, size_t size)
{
	char digits[64];
	size_t n = 0;

	if (size == 0)
		return;
	for (; phone && *phone && n + 1 < sizeof(digits); phone++)
		if (*phone >= '0' && *phone <= '9')
			digits[n++] = *phone;
	digits[n] = '\0';
	if (n < 7) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "%s", n > 10 ? digits + n - 10 : digits);
}

static enum cl_patient_status status_from(const char *code)
{
	if (strcmp(code, "inactive") == 0)
		return CL_PATIENT_INACTIVE;
	if (strcmp(code, "deceased") == 0)
		return CL_PATIENT_DECEASED;
	return CL_PATIENT_ACTIVE;
}

int cl_patient_duplicates(struct cl_db *db, const struct cl_patient *p, struct cl_duplicate *rows,
			  int max, int *n, struct cl_error *err)
{
	char family[256], given[256], phone[16], other[256], status[16];
	struct cl_duplicate d;
	sqlite3_stmt *st;
	int rc = CL_OK, step;

	*n = 0;
	if (!p->birth_date[0] || max <= 0)
		return CL_OK;
	cl_text_fold_name(p->family_name, family, sizeof(family));
	cl_text_fold_name(p->given_name, given, sizeof(given));
	cl_phone_key(p->phone, phone, sizeof(phone));
	if (!(st = cl_db_stmt(db, sql_duplicates, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, p->birth_date, err)) ||
	    (rc = cl_db_bind_text(st, 2, p->mrn, err)) ||
	    (rc = cl_db_bind_id(st, 3, cl_id_is_nil(&p->id) ? NULL : &p->id, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		memset(&d, 0, sizeof(d));
		if (cl_db_column_id(st, 0, &d.id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
			break;
		}
		cl_db_column_text(st, 1, d.mrn, sizeof(d.mrn));
		cl_db_column_text(st, 2, d.given_name, sizeof(d.given_name));
		cl_db_column_text(st, 3, d.family_name, sizeof(d.family_name));
		cl_db_column_text(st, 4, d.birth_date, sizeof(d.birth_date));
		cl_db_column_text(st, 5, d.phone, sizeof(d.phone));
		cl_db_column_text(st, 6, status, sizeof(status));
		d.status = status_from(status);
		cl_text_fold_name(d.family_name, other, sizeof(other));
		if (family[0] && strcmp(other, family) == 0) {
			cl_text_fold_name(d.given_name, other, sizeof(other));
			if (given[0] && strcmp(other, given) == 0)
				d.reason |= CL_DUPLICATE_NAME;
		}
		cl_phone_key(d.phone, other, sizeof(other));
		if (phone[0] && strcmp(other, phone) == 0)
			d.reason |= CL_DUPLICATE_PHONE;
		if (d.reason)
			rows[(*n)++] = d;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		*n = 0;
	return rc;
}

int cl_patient_merged_into(struct cl_db *db, const struct cl_id *id, struct cl_id *into,
			   struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_merged_into, err);
	int rc;

	memset(into, 0, sizeof(*into));
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		if (sqlite3_column_type(st, 0) != SQLITE_NULL && cl_db_column_id(st, 0, into))
			rc = cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
		break;
	case SQLITE_DONE:
		rc = cl_error_set(err, CL_ENOTFOUND, "no such patient");
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* The names of the tables a merge moves (not the derived ones) into moves, rows 0. */
static int patient_tables(struct cl_db *db, struct cl_merge_move *moves, int *n,
			  struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_patient_tables, err);
	char name[64];
	int rc = CL_OK, step;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_text(st, 0, name, sizeof(name));
		if (is_derived(name))
			continue;
		if (*n == CL_MERGE_TABLES_MAX) {
			rc = cl_error_set(err, CL_EIO, "too many tables hold patient rows");
			break;
		}
		memset(&moves[*n], 0, sizeof(moves[*n]));
		snprintf(moves[*n].table, sizeof(moves[*n].table), "%s", name);
		moves[*n].words = words_of(name);
		(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/* Does the table have a version column (an optimistically versioned record)? */
static int has_version(struct cl_db *db, const char *table, bool *yes, struct cl_error *err)
{
	static const char sql[] =
		"SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'version'";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	*yes = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, table, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*yes = sqlite3_column_int(st, 0) > 0;
	else
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/*
 * Run "SELECT count(*) FROM table WHERE patient_id = ?1" (update false) or "UPDATE table SET
 * patient_id = ?2 WHERE patient_id = ?1" (update true) for one table; *rows gets the count
 * or the rows changed. The table's name comes from the schema (patient_tables).
 */
static int table_rows(struct cl_db *db, const char *table, const struct cl_id *gone,
		      const struct cl_id *keep, long long *rows, struct cl_error *err)
{
	sqlite3 *sq = cl_db_sqlite(db);
	sqlite3_stmt *st = NULL;
	bool versioned = false;
	char sql[256];
	int rc, step;

	/*
	 * A versioned row moved is an edit: a version more, so that sync sends it. A row the
	 * survivor has already (a condition of the same kind, the same reading imported into
	 * both charts, an open enrollment) stays with the merged chart: OR IGNORE.
	 */
	if (keep && (rc = has_version(db, table, &versioned, err)))
		return rc;
	if (keep)
		snprintf(sql, sizeof(sql),
			 "UPDATE OR IGNORE \"%s\" SET patient_id = ?2%s WHERE patient_id = ?1",
			 table, versioned ? ", version = version + 1" : "");
	else
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\" WHERE patient_id = ?1",
			 table);
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	if ((rc = cl_db_bind_id(st, 1, gone, err)) ||
	    (keep && (rc = cl_db_bind_id(st, 2, keep, err))))
		goto out;
	step = sqlite3_step(st);
	if (!keep && step == SQLITE_ROW) {
		*rows = sqlite3_column_int64(st, 0);
	} else if (keep && step == SQLITE_DONE) {
		*rows = sqlite3_changes(sq);
	} else {
		rc = cl_db_error(db, err);
		if (keep && rc != CL_ENOMEM && rc != CL_EBUSY)
			rc = cl_error_set(err, rc, "the %s of the two charts could not be joined",
					  words_of(table) ? words_of(table) : table);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

int cl_merge_preview(struct cl_db *db, const struct cl_id *gone, struct cl_merge_move *moves,
		     int *n, struct cl_error *err)
{
	int rc = patient_tables(db, moves, n, err);

	for (int i = 0; !rc && i < *n; i++)
		rc = table_rows(db, moves[i].table, gone, NULL, &moves[i].rows, err);
	return rc;
}

/* The checks before a merge: distinct, both there, neither merged, keep's MRN its own. */
static int merge_check(struct cl_db *db, const struct cl_patient *keep, const struct cl_id *gone,
		       struct cl_patient *stored, struct cl_error *err)
{
	struct cl_id into;
	int rc;

	if (cl_id_equal(&keep->id, gone))
		return cl_error_set(err, CL_EINVAL, "a patient cannot be merged into itself");
	if ((rc = cl_patient_get(db, &keep->id, stored, err)))
		return rc;
	if ((rc = cl_patient_merged_into(db, &keep->id, &into, err)))
		return rc;
	if (!cl_id_is_nil(&into))
		return cl_error_set(err, CL_EINVAL,
				    "the surviving chart was merged into another one already");
	if ((rc = cl_patient_merged_into(db, gone, &into, err)))
		return rc;
	if (!cl_id_is_nil(&into))
		return cl_error_set(err, CL_EINVAL, "that chart was merged already");
	if (strcmp(stored->mrn, keep->mrn) != 0)
		return cl_error_field(err, CL_EINVAL, "mrn",
				      "the surviving chart keeps its own MRN in a merge");
	return CL_OK;
}

/* The merge inside the open transaction (cl_patient_merge). */
static int merge_in(struct cl_db *db, struct cl_patient *keep, const struct cl_id *gone,
		    struct cl_merge_move *moves, int *n, struct cl_error *err)
{
	struct cl_patient stored, old;
	sqlite3_stmt *st;
	int rc;

	if ((rc = merge_check(db, keep, gone, &stored, err)) ||
	    (rc = cl_patient_get(db, gone, &old, err)))
		return rc;
	/* The merged patient: inactive (never deleted), pointing at the survivor. */
	old.status = CL_PATIENT_INACTIVE;
	old.death_date[0] = '\0';
	if ((rc = cl_patient_save_in(db, &old, false, CL_AUDIT_RETIRE, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_mark_merged, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &keep->id, err)) || (rc = cl_db_bind_id(st, 2, gone, err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		return rc;

	if ((rc = patient_tables(db, moves, n, err)))
		return rc;
	for (int i = 0; i < *n; i++)
		if ((rc = table_rows(db, moves[i].table, gone, &keep->id, &moves[i].rows, err)))
			return rc;
	if ((rc = cl_screening_refresh(db, gone, err)) ||
	    (rc = cl_screening_refresh(db, &keep->id, err)))
		return rc;
	if ((rc = cl_patient_save_in(db, keep, false, CL_AUDIT_UPDATE, err)))
		return rc;
	if ((rc = cl_audit_log(db, CL_AUDIT_UPDATE, "merge", gone, err)))
		return rc;
	return cl_audit_log(db, CL_AUDIT_UPDATE, "merge", &keep->id, err);
}

int cl_patient_merge(struct cl_db *db, struct cl_patient *keep, const struct cl_id *gone,
		     struct cl_merge_move *moves, int *n, struct cl_error *err)
{
	struct cl_merge_move local[CL_MERGE_TABLES_MAX];
	struct cl_patient v = *keep;
	int local_n, rc;

	if (!moves)
		moves = local;
	if (!n)
		n = &local_n;
	*n = 0;
	if (cl_id_equal(&keep->id, gone))
		return cl_error_set(err, CL_EINVAL, "a patient cannot be merged into itself");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = merge_in(db, &v, gone, moves, n, err)) || (rc = cl_db_commit(db, err))) {
		cl_db_rollback(db);
		*n = 0;
		return rc;
	}
	*keep = v;
	return CL_OK;
}
