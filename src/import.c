#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "import.h"
#include "text.h"

static const char sql_savepoint[] = "SAVEPOINT import_row";
static const char sql_release[] = "RELEASE import_row";
static const char sql_undo_row[] = "ROLLBACK TO import_row";

/* The header record, and where the columns the ops know are in it. */
struct layout {
	struct cl_csv_record header; /* a copy: the reader reuses its record */
	char **names;		     /* each column's name, trimmed */
	bool *by_data;		     /* columns named by the data (ops->data_column) */
	int *index;		     /* where each of ops->columns is (-1 = absent) */
	size_t ncols;
	size_t *data; /* where each data column is */
	size_t ndata;
	int reject_col; /* a reject_reason column read back from a reject file, or -1 */
};

/* One import under way. */
struct run {
	struct cl_db *db;
	const struct cl_import_ops *ops;
	const struct cl_import_options *opt;
	struct layout lay;
	struct cl_import_result counts;
	struct cl_error first; /* the first problem in the file */
	bool began;	       /* the transaction is open */
	/* The data row being checked, as the ops see it. */
	const struct cl_csv_record *rec;
	const char **values, **data_names, **data_values;
	int row_problems;
	char reasons[1024]; /* its problems joined by "; ": the reject file's last column */
};

static int out_of_memory(struct cl_error *err)
{
	return cl_error_set(err, CL_ENOMEM, "out of memory");
}

static size_t count_columns(const char *const *list)
{
	size_t n = 0;

	while (list && list[n])
		n++;
	return n;
}

void cl_import_column_letters(int n, char buf[8])
{
	char rev[8];
	int len = 0;

	while (n > 0 && len < 7) {
		n--;
		rev[len++] = (char)('A' + n % 26);
		n /= 26;
	}
	for (int i = 0; i < len; i++)
		buf[i] = rev[len - 1 - i];
	buf[len] = '\0';
}

int cl_import_locate(struct cl_error *err, long line, int column, const char *field,
		     const char *msg)
{
	char text[sizeof(err->message)], letters[8];

	if (!err)
		return CL_EINVAL;
	snprintf(text, sizeof(text), "%s", msg); /* msg may be err->message */
	if (!field)
		field = "";
	cl_import_column_letters(column, letters);
	if (column > 0 && *field)
		cl_error_set(err, CL_EINVAL, "line %ld, column %s (%s): %s", line, letters, field,
			     text);
	else if (column > 0)
		cl_error_set(err, CL_EINVAL, "line %ld, column %s: %s", line, letters, text);
	else if (*field)
		cl_error_set(err, CL_EINVAL, "line %ld (%s): %s", line, field, text);
	else
		cl_error_set(err, CL_EINVAL, "line %ld: %s", line, text);
	err->line = line;
	err->column = column;
	snprintf(err->field, sizeof(err->field), "%s", field);
	return CL_EINVAL;
}

/* Count a located problem and pass it on. */
static void note_problem(struct run *run, const struct cl_error *e)
{
	if (!run->counts.problems)
		run->first = *e;
	run->counts.problems++;
	if (run->opt->bad_row)
		run->opt->bad_row(e, run->opt->arg);
}

/* The file has problems: err is the first. Returns CL_EINVAL. */
static int file_problems(struct run *run, enum cl_import_outcome outcome, struct cl_error *err)
{
	run->counts.outcome = outcome;
	if (err)
		*err = run->first;
	return CL_EINVAL;
}

/* ---- the header ---- */

/* A problem of the header's column (1-based; 0 = the whole header) named field: "line L: msg". */
static void header_problem(struct run *run, long line, int column, const char *field,
			   const char *msg)
{
	struct cl_error e = { 0 };

	cl_import_locate(&e, line, 0, "", msg);
	e.column = column;
	snprintf(e.field, sizeof(e.field), "%.*s", (int)sizeof(e.field) - 1, field);
	note_problem(run, &e);
}

/* Keep a copy of the header record (the reader reuses its own), and its names trimmed. */
static int copy_header(struct layout *lay, const struct cl_csv_record *rec, struct cl_error *err)
{
	struct cl_csv_record *h = &lay->header;

	*h = *rec;
	h->count = 0;
	h->fields = calloc(rec->count + 1, sizeof(*h->fields));
	lay->names = calloc(rec->count + 1, sizeof(*lay->names));
	lay->by_data = calloc(rec->count + 1, sizeof(*lay->by_data));
	lay->data = calloc(rec->count + 1, sizeof(*lay->data));
	if (!h->fields || !lay->names || !lay->by_data || !lay->data)
		return out_of_memory(err);
	while (h->count < rec->count) {
		size_t i = h->count++;

		h->fields[i] = rec->fields[i];
		h->fields[i].text = strdup(rec->fields[i].text);
		lay->names[i] = strdup(rec->fields[i].text);
		if (!h->fields[i].text || !lay->names[i])
			return out_of_memory(err);
		cl_text_trim(lay->names[i]);
	}
	return CL_OK;
}

/* Is column i one of ops->columns, or a reject file's reject_reason? */
static bool named_column(const struct layout *lay, size_t i)
{
	bool known = lay->reject_col == (int)i;

	for (size_t j = 0; j < lay->ncols; j++)
		known = known || lay->index[j] == (int)i;
	return known;
}

/* Does the data name column i (ops->data_column)? 0 takes it; else why says why not. */
static int data_column(struct run *run, size_t i, struct cl_error *why)
{
	const struct cl_import_ops *ops = run->ops;
	struct layout *lay = &run->lay;
	const struct cl_import_header header = { (const char *const *)lay->names, lay->header.count,
						 lay->by_data };
	int rc = ops->data_column ? ops->data_column(run->db, &header, i, ops->arg, why)
				  : CL_ENOTFOUND;

	if (!rc) {
		lay->by_data[i] = true;
		lay->data[lay->ndata++] = i;
	}
	return rc;
}

/*
 * Column i is none of ops->columns: taken if the data names it, else reported nameless,
 * repeated, unknown or refused by data_column. Returns 0 (its problem reported) or a failure.
 */
static int other_column(struct run *run, size_t i, struct cl_error *err)
{
	const struct cl_csv_record *header = &run->lay.header;
	const char *name = run->lay.names[i];
	int first = cl_csv_header_index(header, name), rc;
	char msg[200], shown[48], a[8], b[8];
	struct cl_error why = { 0 };

	cl_text_sanitize(name, shown, sizeof(shown)); /* the name as a message may show it */
	cl_import_column_letters((int)i + 1, b);
	if (!name[0]) {
		snprintf(msg, sizeof(msg), "a column without a name (column %s)", b);
	} else if (first >= 0 && first < (int)i) {
		cl_import_column_letters(first + 1, a);
		snprintf(msg, sizeof(msg), "repeated column '%s' (columns %s and %s)", shown, a, b);
	} else if ((rc = data_column(run, i, &why)) == CL_EINVAL) {
		/* Refused by the data: located at the column, as a cell's problem. */
		cl_import_locate(&why, header->fields[i].line, (int)i + 1, shown, why.message);
		note_problem(run, &why);
		return CL_OK;
	} else if (rc != CL_ENOTFOUND) {
		if (rc && err)
			*err = why;
		return rc;
	} else {
		snprintf(msg, sizeof(msg), "unknown column '%s' (column %s)%s%.80s", shown, b,
			 why.message[0] ? ": " : "", why.message);
	}
	header_problem(run, header->fields[i].line, (int)i + 1, shown, msg);
	return CL_OK;
}

/* Is the column name (one of ops->columns, or else by name) in the header? */
static bool has_column(const struct layout *lay, const struct cl_import_ops *ops, const char *name)
{
	for (size_t j = 0; j < lay->ncols; j++)
		if (strcmp(ops->columns[j], name) == 0)
			return lay->index[j] >= 0;
	return cl_csv_header_index(&lay->header, name) >= 0;
}

/* The index in ops->columns of the column that column i names by another name, or -1. */
static int aliased(const struct run *run, size_t i)
{
	const char *name = run->lay.names[i];
	int j;

	if (!run->ops->column_alias || !name[0])
		return -1;
	j = run->ops->column_alias(name, run->ops->arg);
	return j >= 0 && (size_t)j < run->lay.ncols ? j : -1;
}

/*
 * Column i under another name of one of ops->columns (ops->column_alias): the column's when
 * it is not in the header yet; a second name for it is a repeated column (reported).
 */
static void alias_column(struct run *run, size_t i)
{
	struct layout *lay = &run->lay;
	const char *name = lay->names[i];
	char msg[200], shown[48], a[8], b[8];
	int j = aliased(run, i);

	if (j < 0)
		return;
	if (lay->index[j] < 0) {
		lay->index[j] = (int)i;
		return;
	}
	cl_text_sanitize(name, shown, sizeof(shown));
	cl_import_column_letters(lay->index[j] + 1, a);
	cl_import_column_letters((int)i + 1, b);
	snprintf(msg, sizeof(msg), "repeated column '%s' (columns %s and %s are both %s)", shown, a,
		 b, run->ops->columns[j]);
	header_problem(run, lay->header.fields[i].line, (int)i + 1, shown, msg);
}

/* Map the header's names to ops->columns and data columns; report every problem. */
static int map_header(struct run *run, struct cl_error *err)
{
	const struct cl_import_ops *ops = run->ops;
	struct layout *lay = &run->lay;
	const struct cl_csv_record *header = &lay->header;
	char msg[200];
	size_t i;
	int rc;

	lay->ncols = count_columns(ops->columns);
	lay->reject_col = cl_csv_header_index(header, CL_IMPORT_REJECT_COLUMN);
	if (!(lay->index = malloc((lay->ncols + 1) * sizeof(*lay->index))))
		return out_of_memory(err);
	for (i = 0; i < lay->ncols; i++)
		lay->index[i] = cl_csv_header_index(header, ops->columns[i]);
	for (i = 0; i < header->count; i++)
		if (!named_column(lay, i))
			alias_column(run, i);
	for (i = 0; i < header->count; i++)
		if (!named_column(lay, i) && aliased(run, i) < 0 &&
		    (rc = other_column(run, i, err)))
			return rc;
	for (i = 0; ops->required && ops->required[i]; i++) {
		if (!has_column(lay, ops, ops->required[i])) {
			snprintf(msg, sizeof(msg), "the header has no '%s' column%s",
				 ops->required[i],
				 ops->column_alias ? " (by that name or another it may have)" : "");
			header_problem(run, header->line, 0, ops->required[i], msg);
		}
	}
	return run->counts.problems ? file_problems(run, CL_IMPORT_BAD_HEADER, err) : CL_OK;
}

/* ---- the file ---- */

/* The next record into *rec (NULL at the end); bad CSV is a problem of the file. */
static int next_record(struct run *run, struct cl_csv_reader *in, const struct cl_csv_record **rec,
		       struct cl_error *err)
{
	struct cl_error csv_err = { 0 };
	int rc = cl_csv_next(in, rec, &csv_err);

	if (rc == CL_EINVAL) {
		/* The reader's message already says "line L, column C: …". */
		note_problem(run, &csv_err);
		run->counts.outcome = CL_IMPORT_BAD_CSV;
	}
	if (rc && err)
		*err = csv_err;
	return rc;
}

/*
 * One line of the reject file: rec's fields but skip (an old reject_reason), then reason,
 * under the header's reject_reason whatever rec's width: a row shorter than the header's
 * width is padded, the extra cells of a longer one follow the reason.
 */
static int write_reject(FILE *out, const struct cl_csv_record *rec, size_t width, int skip,
			const char *reason)
{
	size_t i, n = 0, total = rec->count > width ? rec->count : width;
	const char **cells = calloc(total + 1, sizeof(*cells));
	int rc;

	if (!cells)
		return CL_ENOMEM;
	for (i = 0; i < total; i++) {
		if (i == width)
			cells[n++] = reason;
		if ((int)i != skip)
			cells[n++] = i < rec->count ? rec->fields[i].text : "";
	}
	if (total == width)
		cells[n++] = reason;
	rc = cl_csv_write_record(out, cells, n);
	free(cells);
	return rc;
}

/* With skip_bad and a reject file: rec, and reason in the reject_reason column. */
static int reject(const struct run *run, const struct cl_csv_record *rec, const char *reason,
		  struct cl_error *err)
{
	const struct layout *lay = &run->lay;
	int rc;

	if (!run->opt->skip_bad || !run->opt->rejects)
		return CL_OK;
	rc = write_reject(run->opt->rejects, rec, lay->header.count, lay->reject_col, reason);
	if (rc == CL_ENOMEM)
		return out_of_memory(err);
	return rc ? cl_error_set(err, CL_EIO, "cannot write the reject file") : CL_OK;
}

/* Read the header, map it, and get ready for the rows (the transaction begun). */
static int begin(struct run *run, struct cl_csv_reader *in, struct cl_error *err)
{
	const struct cl_csv_record *rec;
	int rc;

	if ((rc = next_record(run, in, &rec, err)))
		return rc;
	if (!rec) {
		header_problem(run, 1, 0, "", "the file is empty (no header row)");
		return file_problems(run, CL_IMPORT_BAD_HEADER, err);
	}
	if ((rc = copy_header(&run->lay, rec, err)) || (rc = map_header(run, err)))
		return rc;
	run->values = calloc(run->lay.ncols + 1, sizeof(*run->values));
	run->data_names = calloc(run->lay.ndata + 1, sizeof(*run->data_names));
	run->data_values = calloc(run->lay.ndata + 1, sizeof(*run->data_values));
	if (!run->values || !run->data_names || !run->data_values)
		return out_of_memory(err);
	for (size_t k = 0; k < run->lay.ndata; k++)
		run->data_names[k] = run->lay.names[run->lay.data[k]];
	if ((rc = reject(run, &run->lay.header, CL_IMPORT_REJECT_COLUMN, err)))
		return rc;
	if ((rc = cl_db_begin(run->db, err)))
		return rc;
	run->began = true;
	return CL_OK;
}

/* ---- the rows ---- */

/* Is every cell of rec blank, an old reject_reason aside? */
static bool blank_row(const struct run *run, const struct cl_csv_record *rec)
{
	for (size_t i = 0; i < rec->count; i++) {
		const char *text = rec->fields[i].text;

		if ((int)i != run->lay.reject_col && text[strspn(text, " \t\r\n")])
			return false;
	}
	return true;
}

/* Where the column field is in the row being checked: its index in the record, or -1. */
static int field_index(const struct run *run, const char *field)
{
	const struct layout *lay = &run->lay;

	for (size_t j = 0; j < lay->ncols; j++)
		if (lay->index[j] >= 0 && strcmp(field, run->ops->columns[j]) == 0)
			return lay->index[j];
	for (size_t k = 0; k < lay->ndata; k++)
		if (strcmp(field, run->data_names[k]) == 0)
			return (int)lay->data[k];
	return -1;
}

/* cl_import_row.problem: locate e at its cell of the current row and count it. */
static int row_problem(const struct cl_import_row *row, const struct cl_error *e)
{
	struct run *run = row->ctx;
	int i = field_index(run, e->field);
	struct cl_error located = { 0 };
	size_t len;

	/* A cell's place is its physical line and spreadsheet column. */
	cl_import_locate(&located, i >= 0 ? run->rec->fields[i].line : run->rec->line, i + 1,
			 e->field, e->message);
	note_problem(run, &located);
	len = strlen(run->reasons);
	snprintf(run->reasons + len, sizeof(run->reasons) - len, "%s%s", len ? "; " : "",
		 located.message);
	run->row_problems++;
	return CL_EINVAL;
}

int cl_import_problem(const struct cl_import_row *row, const char *field, const char *message)
{
	struct cl_error e = { 0 };

	cl_error_field(&e, CL_EINVAL, field ? field : "", "%s", message);
	return row->problem(row, &e);
}

/* Run ops->row over the current record, inside a savepoint that undoes a bad row. */
static int store_row(struct run *run, const struct cl_import_row *row, struct cl_error *err)
{
	struct cl_error row_err = { 0 };
	int rc, undo;

	if (run->ops->atomic_rows) {
		rc = run->ops->row(run->db, row, run->ops->arg, &row_err);
		if (rc && rc != CL_EINVAL && rc != CL_EEXIST) {
			if (err)
				*err = row_err;
			return rc;
		}
		if (!rc && !run->row_problems)
			return CL_OK;
		if (!run->row_problems)
			row_problem(row, &row_err);
		return CL_EINVAL;
	}
	if ((rc = cl_db_exec(run->db, sql_savepoint, err)))
		return rc == CL_EINVAL ? CL_EIO : rc;
	rc = run->ops->row(run->db, row, run->ops->arg, &row_err);
	if (!rc && !run->row_problems)
		return cl_db_exec(run->db, sql_release, err);
	if (rc && rc != CL_EINVAL && rc != CL_EEXIST) {
		/* SQLite may have undone the whole transaction already (an I/O error): the
		 * cause to tell is the row's error, not "no such savepoint". */
		cl_db_exec(run->db, sql_undo_row, NULL);
		cl_db_exec(run->db, sql_release, NULL);
		if (err)
			*err = row_err;
		return rc;
	}
	if ((undo = cl_db_exec(run->db, sql_undo_row, err)) ||
	    (undo = cl_db_exec(run->db, sql_release, err)))
		return undo == CL_EINVAL ? CL_EIO : undo;
	if (!run->row_problems)
		row_problem(row, &row_err);
	return CL_EINVAL;
}

/*
 * Check and store the current record. A bad row returns CL_EINVAL, its problems reported;
 * any other code is a failure of the import itself (err says which).
 */
static int import_row(struct run *run, struct cl_error *err)
{
	const struct cl_csv_record *rec = run->rec;
	const struct layout *lay = &run->lay;
	const struct cl_import_row row = {
		.values = run->values,
		.line = rec->line,
		.problem = row_problem,
		.ctx = run,
		.ndata = lay->ndata,
		.data_names = run->data_names,
		.data_values = run->data_values,
	};
	char msg[80];
	size_t j;

	run->row_problems = 0;
	run->reasons[0] = '\0';
	if (rec->count != lay->header.count) {
		snprintf(msg, sizeof(msg), "%zu fields where the header has %zu", rec->count,
			 lay->header.count);
		return cl_import_problem(&row, "", msg);
	}
	for (j = 0; j < lay->ncols; j++)
		run->values[j] = lay->index[j] >= 0 ? rec->fields[lay->index[j]].text : NULL;
	for (j = 0; j < lay->ndata; j++)
		run->data_values[j] = rec->fields[lay->data[j]].text;
	return store_row(run, &row, err);
}

/* Every data row: stored, or reported (and with skip_bad, rejected). */
static int import_rows(struct run *run, struct cl_csv_reader *in, struct cl_error *err)
{
	const struct cl_csv_record *rec;
	int rc;

	for (;;) {
		if ((rc = next_record(run, in, &rec, err)) || !rec)
			return rc; /* bad CSV: nothing is kept */
		if (blank_row(run, rec))
			continue; /* as spreadsheets write at the end */
		run->counts.rows++;
		run->rec = rec;
		rc = import_row(run, err);
		if (!rc) {
			run->counts.imported++;
			continue;
		}
		if (rc != CL_EINVAL)
			return rc; /* not the row's fault: err says what */
		run->counts.rejected++;
		if ((rc = reject(run, rec, run->reasons, err)))
			return rc;
	}
}

/* Keep the rows (all good, or skip_bad) unless it is a dry run. */
static int finish(struct run *run, struct cl_error *err)
{
	const struct cl_import_options *opt = run->opt;
	int rc;

	if (run->counts.rejected && !opt->skip_bad)
		return file_problems(run, CL_IMPORT_BAD_ROWS, err);
	/* The rejects are on disk before the good rows are kept: none can be lost. */
	if (run->ops->finish &&
	    (rc = run->ops->finish(run->db, &run->counts, run->ops->arg, err))) {
		if (rc == CL_EINVAL)
			run->counts.outcome = CL_IMPORT_BAD_ROWS;
		return rc;
	}
	if (opt->skip_bad && opt->rejects && (fflush(opt->rejects) != 0 || ferror(opt->rejects)))
		return cl_error_set(err, CL_EIO, "cannot write the reject file");
	if (!opt->dry_run) {
		run->began = false;
		if ((rc = cl_db_commit(run->db, err)))
			return rc;
	}
	run->counts.outcome = CL_IMPORT_DONE;
	return CL_OK;
}

static void run_free(struct run *run)
{
	struct layout *lay = &run->lay;

	for (size_t i = 0; i < lay->header.count; i++) {
		free(lay->header.fields[i].text);
		free(lay->names[i]);
	}
	free(lay->header.fields);
	free(lay->names);
	free(lay->by_data);
	free(lay->data);
	free(lay->index);
	free(run->values);
	free(run->data_names);
	free(run->data_values);
}

int cl_import_reader(struct cl_db *db, struct cl_csv_reader *in, const struct cl_import_ops *ops,
		     const struct cl_import_options *opt, struct cl_import_result *res,
		     struct cl_error *err)
{
	static const struct cl_import_options defaults = { 0 };
	struct run run = { .db = db, .ops = ops, .opt = opt ? opt : &defaults };
	int rc;

	run.lay.reject_col = -1;
	run.counts.outcome = CL_IMPORT_FAILED;
	if (!(rc = begin(&run, in, err)) && !(rc = import_rows(&run, in, err)))
		rc = finish(&run, err);
	if (run.began)
		cl_db_rollback(db); /* a dry run, or a failure: nothing is kept */
	if (rc == CL_EINVAL && run.counts.outcome == CL_IMPORT_FAILED)
		rc = CL_EIO; /* a failure is never mistaken for a bad file */
	if (run.counts.outcome != CL_IMPORT_DONE)
		run.counts.imported = 0;
	if (res)
		*res = run.counts;
	run_free(&run);
	return rc;
}

int cl_import_csv(struct cl_db *db, const char *path, const struct cl_import_ops *ops,
		  const struct cl_import_options *opt, struct cl_import_result *res,
		  struct cl_error *err)
{
	struct cl_csv_reader *in;
	int rc;

	if (res) {
		memset(res, 0, sizeof(*res));
		res->outcome = CL_IMPORT_FAILED;
	}
	if ((rc = cl_csv_open(path, &in, err)))
		return rc;
	rc = cl_import_reader(db, in, ops, opt, res, err);
	cl_csv_close(in);
	return rc;
}
