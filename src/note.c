#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "note.h"
#include "record.h"
#include "text.h"

/* The kinds of note: adding one is a line here (and its label below). */
const char *const cl_note_kinds[] = { "note", "phone-call", "home-visit", "care-conference", NULL };
const char *const cl_note_kind_labels[] = { "Note", "Phone call summary", "Home visit",
					    "Care conference", NULL };

const char *cl_note_kind_label(const char *code)
{
	int i = cl_code_index(cl_note_kinds, code);

	return i < 0 ? code : cl_note_kind_labels[i];
}

#define AT(member) CL_FIELD_AT(struct cl_note, member), .column = #member

const struct cl_field cl_note_fields[] = {
	{ "occurred_at", "Date and time", CL_FIELD_DATETIME, 16, true, NULL, AT(occurred_at) },
	{ "kind", "Kind", CL_FIELD_CHOICE, 31, true, cl_note_kinds, AT(kind) },
	{ .key = NULL },
};

static const struct cl_record_type note_type = {
	.table = "note",
	.fields = cl_note_fields,
	.size = sizeof(struct cl_note),
};

void cl_note_init(struct cl_note *n, const struct cl_id *patient)
{
	char today[CL_DATE_LEN];
	struct timespec now;
	struct tm tm = { 0 };

	memset(n, 0, sizeof(*n));
	if (patient)
		n->patient_id = *patient;
	cl_date_today(today);
	cl_clock_now(&now);
	localtime_r(&now.tv_sec, &tm);
	snprintf(n->occurred_at, sizeof(n->occurred_at), "%.10sT%02u:%02u", today,
		 (unsigned)tm.tm_hour % 24, (unsigned)tm.tm_min % 60);
	snprintf(n->kind, sizeof(n->kind), "%s", cl_note_kinds[0]);
}

void cl_note_clear(struct cl_note *n)
{
	free(n->body);
	n->body = NULL;
}

int cl_note_field_get(const struct cl_note *n, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_note_fields, n, key, buf, size);
}

int cl_note_field_set(struct cl_note *n, const char *key, const char *value, struct cl_error *err)
{
	return cl_field_set(cl_note_fields, n, key, value, err);
}

int cl_note_check_body(const char *text, struct cl_error *err)
{
	size_t len = text ? strlen(text) : 0;

	if (len > CL_NOTE_MAX_BYTES)
		return cl_error_field(err, CL_EINVAL, "body",
				      "Note is too long: %zu bytes, the limit is %d", len,
				      CL_NOTE_MAX_BYTES);
	if (!text || text[strspn(text, " \t\r\n")] == '\0')
		return cl_error_field(err, CL_EINVAL, "body", "Note is empty");
	if (!cl_field_text_ok(text, true))
		return cl_error_field(err, CL_EINVAL, "body",
				      "Note holds a control character or invalid UTF-8");
	return CL_OK;
}

int cl_note_set_body(struct cl_note *n, const char *text, struct cl_error *err)
{
	char *copy;
	int rc;

	if ((rc = cl_note_check_body(text, err)))
		return rc;
	if (!(copy = strdup(text)))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	free(n->body);
	n->body = copy;
	return CL_OK;
}

/* The fields, the text and a time not after today; n is put in canonical form. */
static int note_validate(struct cl_note *n, struct cl_error *err)
{
	char today[CL_DATE_LEN];
	int rc;

	if (cl_id_is_nil(&n->patient_id))
		return cl_error_field(err, CL_EINVAL, "patient", "Patient is required");
	if ((rc = cl_field_validate(cl_note_fields, n, sizeof(*n), err)) ||
	    (rc = cl_note_check_body(n->body, err)))
		return rc;
	if ((rc = cl_field_normalize(cl_note_fields, n, err)))
		return rc;
	cl_date_today(today);
	if (strncmp(n->occurred_at, today, 10) > 0)
		return cl_error_field(err, CL_EINVAL, "occurred_at",
				      "Date and time is in the future");
	return CL_OK;
}

/*
 * Made from the field table (field.h): ?1 id, ?2 patient, ?3 author's care manager id, ?4
 * body, ?5 supersedes, ?6 now, ?7 user; the fields' own parameters are named.
 */
#define NOTE_SELECT                                                                                    \
	"SELECT n.id, n.patient_id, coalesce(cm.login, ''), coalesce(cm.display_name, ''),"            \
	" n.body, n.supersedes, n.amended_at, n.amended_by,"                                           \
	" coalesce((SELECT display_name FROM care_manager WHERE login = n.amended_by), n.amended_by)," \
	" n.created_at, n.updated_at, n.updated_by, n.version, {columns}"                              \
	" FROM note n LEFT JOIN care_manager cm ON cm.id = n.care_manager_id"
#define FIRST_FIELD_COLUMN 13

static struct cl_field_stmt sql_note_by_id = { NOTE_SELECT " WHERE n.id = ?1", "n.", "" };
static struct cl_field_stmt sql_note_insert = {
	"INSERT INTO note (id, patient_id, care_manager_id, body, supersedes, created_at,"
	" updated_at, updated_by, version, {columns})"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, 1, {params})",
	NULL,
	"",
};
static const char sql_note_mark_amended[] =
	"UPDATE note SET amended_at = ?3, amended_by = ?4, updated_at = ?3, updated_by = ?4,"
	" version = version + 1 WHERE id = ?1 AND version = ?2 AND amended_at = ''";
static const char sql_note_stamp[] =
	"SELECT CASE WHEN n.amended_at <> '' THEN n.amended_at ELSE n.updated_at END,"
	" coalesce(cm.display_name, n.updated_by) FROM note n"
	" LEFT JOIN care_manager cm ON cm.login = n.updated_by WHERE n.id = ?1";
static const char sql_note_patient[] = "SELECT patient_id FROM note WHERE id = ?1";

static int note_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_note *n = rec;
	const unsigned char *body;

	cl_note_clear(n);
	memset(n, 0, sizeof(*n));
	if (cl_db_column_id(st, 0, &n->id) || cl_db_column_id(st, 1, &n->patient_id) ||
	    (sqlite3_column_type(st, 5) != SQLITE_NULL && cl_db_column_id(st, 5, &n->supersedes)))
		return cl_error_set(err, CL_ECORRUPT, "a stored note has a malformed id");
	cl_db_column_text(st, 2, n->author, sizeof(n->author));
	cl_db_column_text(st, 3, n->author_name, sizeof(n->author_name));
	body = sqlite3_column_text(st, 4);
	if (!(n->body = strdup(body ? (const char *)body : "")))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	cl_db_column_text(st, 6, n->amended_at, sizeof(n->amended_at));
	cl_db_column_text(st, 7, n->amended_by, sizeof(n->amended_by));
	cl_db_column_text(st, 8, n->amended_by_name, sizeof(n->amended_by_name));
	cl_record_read_stamps(st, 9, n->created_at, n->updated_at, n->updated_by, &n->version);
	return cl_field_read(&note_type, st, FIRST_FIELD_COLUMN, n, err);
}

int cl_note_get(struct cl_db *db, const struct cl_id *id, struct cl_note *n, struct cl_error *err)
{
	int rc;

	n->body = NULL;
	rc = cl_record_load(db, &note_type, &sql_note_by_id, id, note_from_row, n, err);
	if (rc)
		cl_note_clear(n);
	return rc;
}

/* Insert v (validated) inside the caller's transaction, with its audit row. */
static int note_insert(struct cl_db *db, struct cl_note *v, const char *now, struct cl_error *err)
{
	sqlite3_stmt *st = cl_field_stmt(db, &note_type, &sql_note_insert, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	cl_id_new(&v->id);
	if ((rc = cl_db_bind_id(st, 1, &v->id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &v->patient_id, err)) ||
	    (rc = cl_db_bind_id(st, 3, cl_db_user_id(db), err)) ||
	    (rc = cl_db_bind_text(st, 4, v->body, err)) ||
	    (rc = cl_record_bind_opt_id(st, 5, &v->supersedes, err)) ||
	    (rc = cl_db_bind_text(st, 6, now, err)) ||
	    (rc = cl_db_bind_text(st, 7, cl_db_user(db), err)) ||
	    (rc = cl_field_bind(&note_type, st, v, err))) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return rc;
	}
	return cl_record_write(db, st, NULL, CL_AUDIT_CREATE, "note", &v->id, err);
}

/* After a commit: the stamps and author a reader of the new row would see. */
static void note_saved(struct cl_db *db, struct cl_note *v, const char *now)
{
	cl_record_saved(db, now, &v->version, v->created_at, v->updated_at, v->updated_by);
	snprintf(v->author, sizeof(v->author), "%s", cl_db_user(db));
	snprintf(v->author_name, sizeof(v->author_name), "%s", cl_db_user_display(db));
	v->amended_at[0] = v->amended_by[0] = v->amended_by_name[0] = '\0';
}

int cl_note_add(struct cl_db *db, struct cl_note *n, struct cl_error *err)
{
	struct cl_note v = *n;
	char now[32];
	int rc;

	memset(&v.supersedes, 0, sizeof(v.supersedes));
	if ((rc = note_validate(&v, err)))
		return rc;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	cl_db_now(now, sizeof(now));
	if ((rc = note_insert(db, &v, now, err)) || (rc = cl_db_commit(db, err))) {
		cl_db_rollback(db);
		return rc;
	}
	note_saved(db, &v, now);
	*n = v;
	return CL_OK;
}

int cl_note_amend(struct cl_db *db, const struct cl_id *original, long long original_version,
		  struct cl_note *n, struct cl_error *err)
{
	struct cl_note v = *n;
	struct cl_id patient;
	sqlite3_stmt *st;
	char now[32];
	int rc, step;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	/* The amendment is about the original's patient, whatever n said. */
	if (!(st = cl_db_stmt(db, sql_note_patient, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_id(st, 1, original, err)))
		goto out;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		rc = cl_db_column_id(st, 0, &patient)
			     ? cl_error_set(err, CL_ECORRUPT, "a stored note has a malformed id")
			     : CL_OK;
	} else if (step == SQLITE_DONE) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no such note");
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		goto out;
	v.patient_id = patient;
	v.supersedes = *original;
	if ((rc = note_validate(&v, err)))
		goto out;
	cl_db_now(now, sizeof(now));
	if (!(st = cl_db_stmt(db, sql_note_mark_amended, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_id(st, 1, original, err)) ||
	    (rc = cl_db_bind_int(st, 2, original_version, err)) ||
	    (rc = cl_db_bind_text(st, 3, now, err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err))) {
		sqlite3_reset(st);
		goto out;
	}
	if ((rc = cl_record_write(db, st, sql_note_stamp, CL_AUDIT_UPDATE, "note", original, err)))
		goto out;
	if ((rc = note_insert(db, &v, now, err)) || (rc = cl_db_commit(db, err)))
		goto out;
	note_saved(db, &v, now);
	*n = v;
	return CL_OK;
out:
	cl_db_rollback(db);
	return rc;
}

/* ---- lists ---- */

#define ROW_COLUMNS                                                                     \
	"SELECT n.id, n.occurred_at, n.kind, coalesce(cm.display_name, n.updated_by),"  \
	" substr(n.body, 1, 140), length(CAST(n.body AS BLOB)), n.amended_at <> '',"    \
	" n.supersedes IS NOT NULL, n.amended_at,"                                      \
	" coalesce((SELECT display_name FROM care_manager WHERE login = n.amended_by)," \
	" n.amended_by), n.version"
#define ROW_FROM  " FROM note n LEFT JOIN care_manager cm ON cm.id = n.care_manager_id"
#define ROW_ORDER " ORDER BY n.occurred_at DESC, n.rowid DESC LIMIT ?2"

static const char sql_note_list[] = ROW_COLUMNS ROW_FROM " WHERE n.patient_id = ?1" ROW_ORDER;
/* The patient's word narrows the index to their notes before the words are matched. */
static const char sql_note_search[] = ROW_COLUMNS ROW_FROM
	" WHERE n.rowid IN (SELECT rowid FROM note_fts WHERE note_fts MATCH ?3)"
	" AND n.patient_id = ?1" ROW_ORDER;

static int note_row_from(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_note_row *r = rec;

	memset(r, 0, sizeof(*r));
	if (cl_db_column_id(st, 0, &r->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored note has a malformed id");
	cl_db_column_text(st, 1, r->occurred_at, sizeof(r->occurred_at));
	cl_db_column_text(st, 2, r->kind, sizeof(r->kind));
	cl_db_column_text(st, 3, r->author_name, sizeof(r->author_name));
	cl_db_column_text(st, 4, r->preview, sizeof(r->preview));
	r->bytes = (size_t)sqlite3_column_int64(st, 5);
	r->amended = sqlite3_column_int(st, 6) != 0;
	r->amends = sqlite3_column_int(st, 7) != 0;
	cl_db_column_text(st, 8, r->amended_at, sizeof(r->amended_at));
	cl_db_column_text(st, 9, r->amended_by_name, sizeof(r->amended_by_name));
	r->version = sqlite3_column_int64(st, 10);
	return CL_OK;
}

int cl_note_list(struct cl_db *db, const struct cl_id *patient, struct cl_note_row *rows, int max,
		 int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_note_list, err);
	int rc;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, max, err)))
		return rc;
	return cl_record_rows(db, st, note_row_from, rows, sizeof(*rows), max, n, err);
}

int cl_note_search(struct cl_db *db, const struct cl_id *patient, const char *words,
		   struct cl_note_row *rows, int max, int *n, struct cl_error *err)
{
	char terms[512], query[700], key[40];
	sqlite3_stmt *st;
	int rc, len;

	*n = 0;
	if (max <= 0 || !words)
		return CL_OK;
	len = cl_text_fts_query(words, terms, sizeof(terms));
	if (len < 0)
		return cl_error_set(err, CL_EINVAL, "Too many words to search for");
	if (len == 0)
		return CL_OK;
	for (int i = 0; i < 16; i++)
		snprintf(key + 2 * i, sizeof(key) - 2 * i, "%02x", patient->bytes[i]);
	snprintf(query, sizeof(query), "{patient_key}: \"p%s\" AND {body_fold}: (%s)", key, terms);
	if (!(st = cl_db_stmt(db, sql_note_search, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, max, err)) ||
	    (rc = cl_db_bind_text(st, 3, query, err)))
		return rc;
	return cl_record_rows(db, st, note_row_from, rows, sizeof(*rows), max, n, err);
}
