/*
 * careloop export csv (export.h): each record type's CSV, its columns read from the field
 * descriptors (field.h), so that a field added to a record is a column of its export.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "careplan.h"
#include "contact.h"
#include "csv.h"
#include "db_private.h"
#include "export.h"
#include "field.h"
#include "id.h"
#include "instrument.h"
#include "patient.h"
#include "referral.h"
#include "risk.h"
#include "text.h"

const char *const cl_export_csv_kinds[] = {
	"patients", "referrals", "screenings", "goals", "tasks", "contacts", "events", NULL,
};

/* A column outside the descriptor: its header and SQL (alias x: the record, p: its patient). */
struct column {
	const char *header;
	const char *expr;
	bool id; /* a 16-byte id, written as its UUID text */
};

/* A field that the store keeps apart (no column): the SQL that gives its text. */
struct derived {
	const char *key;
	const char *expr;
};

#define MAX_EXTRA 8

/*
 * One record type's export: the fields in their order, led by lead and followed by tail.
 * A record that can be entered in error (correction.h) ends with entered_in_error (the
 * reason code) and entered_in_error_at (UTC), both empty while it stands: last, so that the
 * columns before them keep their places.
 * joins name the patient p and the care manager cm where a column needs them.
 */
static struct csv_kind {
	const char *name;
	const char *table;
	const struct cl_field *fields;
	size_t size; /* of the record's struct */
	const char *joins;
	struct column lead[MAX_EXTRA], tail[MAX_EXTRA];
	struct derived derived[MAX_EXTRA];
	char sql[4096]; /* made on first use; cl_db_stmt keeps the statement by its address */
} kinds[] = {
	{
		/* Exactly the columns `import patients` reads: the export imports back. */
		.name = "patients",
		.table = "patient",
		.fields = cl_patient_fields,
		.size = sizeof(struct cl_patient),
		.joins = "LEFT JOIN care_manager cm ON cm.id = x.care_manager_id",
		.derived = { { "care_manager", "cm.login" } },
	},
	{
		.name = "referrals",
		.table = "referral",
		.fields = cl_referral_fields,
		.size = sizeof(struct cl_referral),
		.joins = "JOIN patient p ON p.id = x.patient_id "
			 "LEFT JOIN care_manager cm ON cm.id = x.care_manager_id",
		.lead = { { "id", "x.id", true }, { "patient_mrn", "p.mrn", false } },
		.tail = { { "status", "x.status", false },
			  { "status_reason", "x.status_reason", false },
			  { "outcome", "x.outcome", false },
			  { "closed_on", "x.closed_on", false },
			  { "created_at", "x.created_at", false },
			  { "updated_at", "x.updated_at", false },
			  { "updated_by", "x.updated_by", false } },
		.derived = { { "care_manager", "cm.login" } },
	},
	{
		.name = "screenings", /* written by screenings_csv: the import's own format */
		.table = "screening",
	},
	{
		.name = "goals",
		.table = "goal",
		.fields = cl_goal_fields,
		.size = sizeof(struct cl_goal),
		.joins = "JOIN patient p ON p.id = x.patient_id",
		.lead = { { "id", "x.id", true }, { "patient_mrn", "p.mrn", false } },
		.tail = { { "created_at", "x.created_at", false },
			  { "updated_at", "x.updated_at", false },
			  { "updated_by", "x.updated_by", false },
			  { "entered_in_error", "x.error_reason", false },
			  { "entered_in_error_at", "x.error_at", false } },
	},
	{
		.name = "tasks",
		.table = "task",
		.fields = cl_task_fields,
		.size = sizeof(struct cl_task),
		.joins = "JOIN patient p ON p.id = x.patient_id "
			 "LEFT JOIN care_manager cm ON cm.id = x.assignee_id",
		.lead = { { "id", "x.id", true },
			  { "patient_mrn", "p.mrn", false },
			  { "goal_id", "x.goal_id", true } },
		.tail = { { "status", "x.status", false },
			  { "closed_at", "x.closed_at", false },
			  { "closed_by", "x.closed_by", false },
			  { "created_at", "x.created_at", false },
			  { "updated_at", "x.updated_at", false },
			  { "updated_by", "x.updated_by", false } },
		.derived = { { "assignee", "cm.login" } },
	},
	{
		.name = "contacts",
		.table = "contact",
		.fields = cl_contact_fields,
		.size = sizeof(struct cl_contact),
		.joins = "JOIN patient p ON p.id = x.patient_id "
			 "LEFT JOIN care_manager cm ON cm.id = x.care_manager_id",
		.lead = { { "id", "x.id", true }, { "patient_mrn", "p.mrn", false } },
		.tail = { { "care_manager", "cm.login", false },
			  { "task_id", "x.task_id", true },
			  { "created_at", "x.created_at", false },
			  { "updated_at", "x.updated_at", false },
			  { "updated_by", "x.updated_by", false },
			  { "entered_in_error", "x.error_reason", false },
			  { "entered_in_error_at", "x.error_at", false } },
	},
	{
		.name = "events",
		.table = "clinical_event",
		.fields = cl_event_fields,
		.size = sizeof(struct cl_clinical_event),
		.joins = "JOIN patient p ON p.id = x.patient_id",
		.lead = { { "id", "x.id", true }, { "patient_mrn", "p.mrn", false } },
		.tail = { { "created_at", "x.created_at", false },
			  { "updated_at", "x.updated_at", false },
			  { "updated_by", "x.updated_by", false },
			  { "entered_in_error", "x.error_reason", false },
			  { "entered_in_error_at", "x.error_at", false } },
	},
};

int cl_export_since(const char *since, char out[32], struct cl_error *err)
{
	struct tm tm = { 0 }, utc;
	time_t t;

	out[0] = '\0';
	if (!since || !since[0])
		return CL_OK;
	if (strlen(since) != 10 || !cl_date_valid(since))
		return cl_error_set(err, CL_EINVAL, "--since must be a date as YYYY-MM-DD");
	tm.tm_year = atoi(since) - 1900;
	tm.tm_mon = atoi(since + 5) - 1;
	tm.tm_mday = atoi(since + 8);
	tm.tm_isdst = -1; /* the clinic's midnight, summer or winter */
	if ((t = mktime(&tm)) == (time_t)-1 || !gmtime_r(&t, &utc))
		return cl_error_set(err, CL_EINVAL, "--since is out of range");
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
	return CL_OK;
}

static size_t count_columns(const struct column *c)
{
	size_t n = 0;

	while (n < MAX_EXTRA && c[n].header)
		n++;
	return n;
}

static const char *derived_expr(const struct csv_kind *k, const char *key)
{
	for (size_t i = 0; i < MAX_EXTRA && k->derived[i].key; i++)
		if (strcmp(k->derived[i].key, key) == 0)
			return k->derived[i].expr;
	return NULL;
}

/* Append ", what" (or "what" first) to sql; false when it does not fit. */
static bool add(char *sql, size_t size, size_t *len, const char *prefix, const char *what)
{
	int n = snprintf(sql + *len, size - *len, "%s%s%s", *len > 7 ? ", " : "", prefix, what);

	if (n < 0 || (size_t)n >= size - *len)
		return false;
	*len += (size_t)n;
	return true;
}

/*
 * SELECT lead, tail, the fields kept apart (their derived expression, or NULL), then the
 * stored fields (as cl_field_read reads them), changed since ?1, in table order.
 */
static int make_sql(struct csv_kind *k)
{
	size_t len = strlen("SELECT ");
	int n;

	if (k->sql[0])
		return CL_OK;
	memcpy(k->sql, "SELECT ", len + 1);
	for (size_t i = 0; i < count_columns(k->lead); i++)
		if (!add(k->sql, sizeof(k->sql), &len, "", k->lead[i].expr))
			goto long_sql;
	for (size_t i = 0; i < count_columns(k->tail); i++)
		if (!add(k->sql, sizeof(k->sql), &len, "", k->tail[i].expr))
			goto long_sql;
	for (const struct cl_field *f = k->fields; f->key; f++) {
		const char *expr = derived_expr(k, f->key);

		if (!f->column && !add(k->sql, sizeof(k->sql), &len, "", expr ? expr : "NULL"))
			goto long_sql;
	}
	for (const struct cl_field *f = k->fields; f->key; f++)
		if (f->column && !add(k->sql, sizeof(k->sql), &len, "x.", f->column))
			goto long_sql;
	n = snprintf(k->sql + len, sizeof(k->sql) - len,
		     " FROM %s x %s WHERE (?1 = '' OR x.updated_at >= ?1) ORDER BY x.rowid",
		     k->table, k->joins ? k->joins : "");
	if (n < 0 || (size_t)n >= sizeof(k->sql) - len)
		goto long_sql;
	return CL_OK;
long_sql:
	k->sql[0] = '\0';
	return CL_EINVAL;
}

/* A column's text: an id as its UUID ("" when NULL), else the text. */
static void column_text(sqlite3_stmt *st, int col, bool id, char *buf, size_t size)
{
	struct cl_id value;
	char text[CL_ID_STRLEN];

	if (!id) {
		cl_db_column_text(st, col, buf, size);
		return;
	}
	if (sqlite3_column_type(st, col) == SQLITE_NULL || cl_db_column_id(st, col, &value))
		buf[0] = '\0';
	else
		snprintf(buf, size, "%s", cl_id_str(&value, text));
}

/* Cells of one row, each made inert for a CSV file, then written. */
struct row {
	char **cells;
	size_t n, max;
	size_t cell_size; /* bytes of each raw cell */
	char *raw;
};

static int row_init(struct row *r, size_t max)
{
	r->max = max;
	r->n = 0;
	r->cell_size = 2048; /* the longest field is 1023 bytes */
	r->cells = calloc(max, sizeof(*r->cells));
	r->raw = malloc(r->cell_size);
	for (size_t i = 0; r->cells && i < max; i++)
		if (!(r->cells[i] = malloc(r->cell_size * 6 + 2)))
			return CL_ENOMEM;
	return r->cells && r->raw ? CL_OK : CL_ENOMEM;
}

static void row_free(struct row *r)
{
	for (size_t i = 0; r->cells && i < r->max; i++)
		free(r->cells[i]);
	free(r->cells);
	free(r->raw);
}

/* Add raw text (at most cell_size - 1 bytes are kept) as the next cell. */
static void row_add(struct row *r, const char *raw, bool multiline)
{
	if (r->n >= r->max)
		return;
	cl_text_encode(raw, multiline ? CL_TEXT_CSV_LINES : CL_TEXT_CSV, r->cells[r->n],
		       r->cell_size * 6 + 2);
	r->n++;
}

static int row_write(struct row *r, FILE *out, struct cl_error *err)
{
	int rc = cl_csv_write_record(out, (const char *const *)r->cells, r->n);

	r->n = 0;
	return rc ? cl_error_set(err, CL_EIO, "cannot write the export") : CL_OK;
}

static int records_csv(struct cl_db *db, struct csv_kind *k, const char *since, FILE *out,
		       long long *rows, struct cl_error *err)
{
	const struct cl_record_type type = { .table = k->table,
					     .fields = k->fields,
					     .size = k->size };
	size_t nlead = count_columns(k->lead), ntail = count_columns(k->tail), nfields = 0;
	struct row row = { 0 };
	sqlite3_stmt *st = NULL;
	void *rec = NULL;
	int rc, step = SQLITE_DONE;

	while (k->fields[nfields].key)
		nfields++;
	if (make_sql(k))
		return cl_error_set(err, CL_EINVAL, "the %s export cannot be made", k->name);
	if ((rc = row_init(&row, nlead + nfields + ntail)) || !(rec = malloc(k->size))) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nlead; i++)
		row_add(&row, k->lead[i].header, false);
	for (size_t i = 0; i < nfields; i++)
		row_add(&row, k->fields[i].key, false);
	for (size_t i = 0; i < ntail; i++)
		row_add(&row, k->tail[i].header, false);
	if ((rc = row_write(&row, out, err)))
		goto out;
	if (!(st = cl_db_stmt(db, k->sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_text(st, 1, since, err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int col = (int)(nlead + ntail);

		memset(rec, 0, k->size);
		/* Fields kept apart are read into their place, then the stored ones. */
		for (const struct cl_field *f = k->fields; f->key; f++) {
			if (f->column)
				continue;
			if (f->size)
				cl_db_column_text(st, col, (char *)rec + f->offset, f->size);
			col++;
		}
		if ((rc = cl_field_read(&type, st, col, rec, err)))
			goto out;
		for (size_t i = 0; i < nlead; i++) {
			column_text(st, (int)i, k->lead[i].id, row.raw, row.cell_size);
			row_add(&row, row.raw, false);
		}
		for (const struct cl_field *f = k->fields; f->key; f++) {
			cl_field_get(k->fields, rec, f->key, row.raw, row.cell_size);
			row_add(&row, row.raw, f->multiline);
		}
		for (size_t i = 0; i < ntail; i++) {
			column_text(st, (int)(nlead + i), k->tail[i].id, row.raw, row.cell_size);
			row_add(&row, row.raw, false);
		}
		if ((rc = row_write(&row, out, err)))
			goto out;
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
out:
	if (st)
		sqlite3_reset(st);
	free(rec);
	row_free(&row);
	return rc;
}

#define MAX_QUESTIONS 100

/*
 * Screenings as `import screenings` reads them: mrn, date, instrument, language, declined,
 * then a column per question code of every instrument (answer codes joined by ';', empty
 * when skipped), then entered_in_error and entered_in_error_at (empty while the screening
 * stands; the import refuses a row that has them).
 */
static int screenings_csv(struct cl_db *db, const char *since, FILE *out, long long *rows,
			  struct cl_error *err)
{
	static const char *const fixed[] = { "mrn", "date", "instrument", "language", "declined" };
	static const char *const last[] = { "entered_in_error", "entered_in_error_at" };
	static const char questions_sql[] =
		"SELECT q.code FROM question q JOIN instrument i ON i.id = q.instrument_id"
		" ORDER BY i.code, q.ordinal";
	static const char screenings_sql[] =
		"SELECT s.id, p.mrn, s.screened_on, i.code, s.language, s.status,"
		" s.error_reason, s.error_at"
		" FROM screening s JOIN patient p ON p.id = s.patient_id"
		" JOIN instrument i ON i.id = s.instrument_id"
		" WHERE ?1 = '' OR s.updated_at >= ?1"
		" ORDER BY s.rowid";
	static const char answers_sql[] =
		"SELECT q.code, group_concat(ao.code, ';') FROM screening_answer sa"
		" JOIN question q ON q.id = sa.question_id"
		" LEFT JOIN answer_option ao ON ao.id = sa.answer_option_id"
		" WHERE sa.screening_id = ?1 GROUP BY sa.question_id, q.code";
	const size_t nfixed = sizeof(fixed) / sizeof(fixed[0]),
		     nlast = sizeof(last) / sizeof(last[0]);
	char(*codes)[CL_CODE_LEN] = NULL, **answers = NULL;
	sqlite3_stmt *st = NULL, *ans = NULL;
	struct row row = { 0 };
	size_t ncodes = 0;
	int rc, step;

	if (!(codes = calloc(MAX_QUESTIONS, sizeof(*codes))) ||
	    !(answers = calloc(MAX_QUESTIONS, sizeof(*answers))) ||
	    row_init(&row, nfixed + MAX_QUESTIONS + nlast)) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (!(st = cl_db_stmt(db, questions_sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char code[CL_CODE_LEN];
		size_t i;

		cl_db_column_text(st, 0, code, sizeof(code));
		for (i = 0; i < ncodes && strcmp(codes[i], code) != 0; i++)
			;
		if (i == ncodes && ncodes < MAX_QUESTIONS)
			memcpy(codes[ncodes++], code, sizeof(code));
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
		goto out;
	}
	for (size_t i = 0; i < nfixed; i++)
		row_add(&row, fixed[i], false);
	for (size_t i = 0; i < ncodes; i++)
		row_add(&row, codes[i], false);
	for (size_t i = 0; i < nlast; i++)
		row_add(&row, last[i], false);
	if ((rc = row_write(&row, out, err)))
		goto out;
	if (!(st = cl_db_stmt(db, screenings_sql, err)) ||
	    !(ans = cl_db_stmt(db, answers_sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_text(st, 1, since, err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_id id;
		char text[64];
		int astep;

		for (int c = 1; c <= 4; c++) {
			cl_db_column_text(st, c, row.raw, row.cell_size);
			row_add(&row, row.raw, false);
		}
		cl_db_column_text(st, 5, text, sizeof(text));
		row_add(&row, strcmp(text, "declined") == 0 ? "yes" : "", false);
		if (cl_db_column_id(st, 0, &id)) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "a stored screening has a malformed id");
			goto out;
		}
		if ((rc = cl_db_bind_id(ans, 1, &id, err)))
			goto out;
		while ((astep = sqlite3_step(ans)) == SQLITE_ROW) {
			char code[CL_CODE_LEN];

			cl_db_column_text(ans, 0, code, sizeof(code));
			for (size_t i = 0; i < ncodes; i++)
				if (strcmp(codes[i], code) == 0 && !answers[i]) {
					cl_db_column_text(ans, 1, row.raw, row.cell_size);
					answers[i] = strdup(row.raw);
				}
		}
		sqlite3_reset(ans);
		if (astep != SQLITE_DONE) {
			rc = cl_db_error(db, err);
			goto out;
		}
		for (size_t i = 0; i < ncodes; i++) {
			row_add(&row, answers[i] ? answers[i] : "", false);
			free(answers[i]);
			answers[i] = NULL;
		}
		for (int c = 6; c <= 7; c++) {
			cl_db_column_text(st, c, row.raw, row.cell_size);
			row_add(&row, row.raw, false);
		}
		if ((rc = row_write(&row, out, err)))
			goto out;
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
out:
	if (st)
		sqlite3_reset(st);
	if (ans)
		sqlite3_reset(ans);
	for (size_t i = 0; answers && i < MAX_QUESTIONS; i++)
		free(answers[i]);
	free(answers);
	free(codes);
	row_free(&row);
	return rc;
}

int cl_export_csv(struct cl_db *db, const char *kind, const char *since, FILE *out, long long *rows,
		  struct cl_error *err)
{
	char from[32];
	int rc;

	*rows = 0;
	if ((rc = cl_export_since(since, from, err)))
		return rc;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!kind || strcmp(kinds[i].name, kind) != 0)
			continue;
		/* One read transaction: the export is one moment of the clinic. */
		if ((rc = cl_db_exec(db, "BEGIN", err)))
			return rc;
		if (!kinds[i].fields)
			rc = screenings_csv(db, from, out, rows, err);
		else
			rc = records_csv(db, &kinds[i], from, out, rows, err);
		cl_db_exec(db, "COMMIT", NULL);
		if (!rc && (fflush(out) != 0 || ferror(out)))
			rc = cl_error_set(err, CL_EIO, "cannot write the export");
		return rc;
	}
	return cl_error_set(err, CL_EINVAL, "unknown export '%s'", kind ? kind : "");
}
