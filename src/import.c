#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

static const char sql_savepoint[] = "SAVEPOINT import_row";
static const char sql_release[] = "RELEASE import_row";
static const char sql_undo_row[] = "ROLLBACK TO import_row";

/* Where each of ops->columns is in the file (-1 = absent), from the header record. */
struct layout {
	int *index;
	size_t ncols;
	int reject_col; /* a reject_reason column read back from a reject file, or -1 */
};

/* One import under way. */
struct run {
	const struct cl_import_ops *ops;
	const struct cl_import_options *opt;
	struct layout lay;
	struct cl_import_result counts;
	struct cl_error first; /* the first problem in the file */
	/* The data row being checked. */
	const struct cl_csv_record *rec;
	int row_problems;
	char reasons[1024]; /* its problems joined by "; ": the reject file's last column */
};

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

/* A problem of the header at column (1-based): "line 1: msg", err->column set. */
static void header_problem(struct run *run, long line, int column, const char *msg)
{
	struct cl_error e = { 0 };

	cl_import_locate(&e, line, 0, "", msg);
	e.column = column;
	note_problem(run, &e);
}

/* A header cell's name as a message may show it: inert, and cut short. */
static void shown_name(const char *text, char *buf, size_t size)
{
	cl_text_sanitize(text, buf, size);
}

/* Map the header's names to ops->columns; report every problem. Nonzero on a problem. */
static int read_header(struct run *run, const struct cl_csv_record *header, struct cl_error *err)
{
	const struct cl_import_ops *ops = run->ops;
	struct layout *lay = &run->lay;
	long problems = run->counts.problems;
	char msg[200], name[48], probe[256], a[8], b[8];
	size_t i, j;

	lay->ncols = count_columns(ops->columns);
	lay->reject_col = cl_csv_header_index(header, CL_IMPORT_REJECT_COLUMN);
	lay->index = malloc((lay->ncols ? lay->ncols : 1) * sizeof(*lay->index));
	if (!lay->index)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (j = 0; j < lay->ncols; j++)
		lay->index[j] = cl_csv_header_index(header, ops->columns[j]);
	for (i = 0; i < header->count; i++) {
		const struct cl_csv_field *f = &header->fields[i];
		bool known = lay->reject_col == (int)i;
		int first;

		for (j = 0; j < lay->ncols; j++)
			known = known || lay->index[j] == (int)i;
		if (known)
			continue;
		snprintf(probe, sizeof(probe), "%s", f->text);
		first = cl_csv_header_index(header, cl_text_trim(probe));
		shown_name(f->text, name, sizeof(name));
		cl_import_column_letters((int)i + 1, b);
		if (!cl_text_trim(name)[0]) {
			snprintf(msg, sizeof(msg), "a column without a name (column %s)", b);
		} else if (first >= 0 && first < (int)i) {
			cl_import_column_letters(first + 1, a);
			snprintf(msg, sizeof(msg), "repeated column '%s' (columns %s and %s)", name,
				 a, b);
		} else {
			snprintf(msg, sizeof(msg), "unknown column '%s' (column %s)", name, b);
		}
		header_problem(run, f->line, (int)i + 1, msg);
	}
	for (j = 0; ops->required && ops->required[j]; j++) {
		if (cl_csv_header_index(header, ops->required[j]) < 0) {
			snprintf(msg, sizeof(msg), "the header has no '%s' column",
				 ops->required[j]);
			header_problem(run, header->line, 0, msg);
		}
	}
	if (run->counts.problems == problems)
		return CL_OK;
	if (err)
		*err = run->first;
	return CL_EINVAL;
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

/* cl_import_row.problem: locate e at its cell of the current row and count it. */
static int row_problem(const struct cl_import_row *row, const struct cl_error *e)
{
	struct run *run = row->ctx;
	const struct layout *lay = &run->lay;
	struct cl_error located = { 0 };
	long line = run->rec->line;
	int column = 0;
	size_t len;

	for (size_t j = 0; j < lay->ncols; j++) {
		if (lay->index[j] >= 0 && strcmp(e->field, run->ops->columns[j]) == 0) {
			/* The field's place in the record: the spreadsheet column. */
			line = run->rec->fields[lay->index[j]].line;
			column = lay->index[j] + 1;
		}
	}
	cl_import_locate(&located, line, column, e->field, e->message);
	note_problem(run, &located);
	len = strlen(run->reasons);
	snprintf(run->reasons + len, sizeof(run->reasons) - len, "%s%s", len ? "; " : "",
		 located.message);
	run->row_problems++;
	return CL_EINVAL;
}

/*
 * Check and store one data record. A bad row returns CL_EINVAL, its problems reported; any
 * other code is a failure of the import itself (err says which).
 */
static int import_row(struct cl_db *db, struct run *run, const char **values,
		      const struct cl_csv_record *header, struct cl_error *err)
{
	const struct cl_csv_record *rec = run->rec;
	struct cl_import_row row = { values, rec->line, row_problem, run };
	struct cl_error row_err = { 0 };
	size_t j;
	int rc, undo;

	run->row_problems = 0;
	run->reasons[0] = '\0';
	if (rec->count != header->count) {
		snprintf(row_err.message, sizeof(row_err.message),
			 "%zu fields where the header has %zu", rec->count, header->count);
		return row_problem(&row, &row_err);
	}
	for (j = 0; j < run->lay.ncols; j++)
		values[j] = run->lay.index[j] >= 0 ? rec->fields[run->lay.index[j]].text : NULL;
	if ((rc = cl_db_exec(db, sql_savepoint, err)))
		return rc == CL_EINVAL ? CL_EIO : rc;
	rc = run->ops->row(db, &row, run->ops->arg, &row_err);
	if (!rc && !run->row_problems)
		return cl_db_exec(db, sql_release, err);
	if (rc && rc != CL_EINVAL && rc != CL_EEXIST) {
		/* SQLite may have undone the whole transaction already (an I/O error): the
		 * cause to tell is the row's error, not "no such savepoint". */
		cl_db_exec(db, sql_undo_row, NULL);
		cl_db_exec(db, sql_release, NULL);
		if (err)
			*err = row_err;
		return rc;
	}
	if ((undo = cl_db_exec(db, sql_undo_row, err)) || (undo = cl_db_exec(db, sql_release, err)))
		return undo == CL_EINVAL ? CL_EIO : undo;
	if (!run->row_problems)
		row_problem(&row, &row_err);
	return CL_EINVAL;
}

int cl_import_reader(struct cl_db *db, struct cl_csv_reader *in, const struct cl_import_ops *ops,
		     const struct cl_import_options *opt, struct cl_import_result *res,
		     struct cl_error *err)
{
	static const struct cl_import_options defaults = { 0 };
	struct run run = { .ops = ops, .opt = opt ? opt : &defaults, .lay = { NULL, 0, -1 } };
	struct cl_csv_record header = { 0 };
	const struct cl_csv_record *rec;
	struct cl_error csv_err = { 0 };
	const char **values = NULL;
	bool began = false;
	size_t i;
	int rc;

	opt = run.opt;
	run.counts.outcome = CL_IMPORT_FAILED;
	if ((rc = cl_csv_next(in, &rec, &csv_err)))
		goto bad_csv;
	if (!rec) {
		header_problem(&run, 1, 0, "the file is empty (no header row)");
		run.counts.outcome = CL_IMPORT_BAD_HEADER;
		rc = CL_EINVAL;
		if (err)
			*err = run.first;
		goto out;
	}
	/* Keep a copy of the header: the reader reuses its record. */
	header = *rec;
	header.fields = calloc(rec->count, sizeof(*header.fields));
	if (!header.fields) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < rec->count; i++) {
		header.fields[i] = rec->fields[i];
		header.fields[i].text = strdup(rec->fields[i].text);
		if (!header.fields[i].text) {
			header.count = i;
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
			goto out;
		}
	}
	if ((rc = read_header(&run, &header, err))) {
		if (rc == CL_EINVAL)
			run.counts.outcome = CL_IMPORT_BAD_HEADER;
		goto out;
	}
	values = calloc(run.lay.ncols + 1, sizeof(*values));
	if (!values) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (opt->skip_bad && opt->rejects) {
		if (write_reject(opt->rejects, &header, header.count, run.lay.reject_col,
				 CL_IMPORT_REJECT_COLUMN)) {
			rc = cl_error_set(err, CL_EIO, "cannot write the reject file");
			goto out;
		}
	}
	if ((rc = cl_db_begin(db, err)))
		goto out;
	began = true;
	for (;;) {
		if ((rc = cl_csv_next(in, &rec, &csv_err)))
			goto bad_csv; /* nothing is kept */
		if (!rec)
			break;
		run.counts.rows++;
		run.rec = rec;
		rc = import_row(db, &run, values, &header, err);
		if (!rc) {
			run.counts.imported++;
			continue;
		}
		if (rc != CL_EINVAL)
			goto out; /* not the row's fault: err says what */
		run.counts.rejected++;
		if (opt->skip_bad && opt->rejects &&
		    write_reject(opt->rejects, rec, header.count, run.lay.reject_col,
				 run.reasons)) {
			rc = cl_error_set(err, CL_EIO, "cannot write the reject file");
			goto out;
		}
	}
	if (run.counts.rejected && !opt->skip_bad) {
		run.counts.outcome = CL_IMPORT_BAD_ROWS;
		if (err)
			*err = run.first;
		rc = CL_EINVAL;
		goto out;
	}
	/* The rejects are on disk before the good rows are kept: none can be lost. */
	if (opt->skip_bad && opt->rejects && (fflush(opt->rejects) != 0 || ferror(opt->rejects))) {
		rc = cl_error_set(err, CL_EIO, "cannot write the reject file");
		goto out;
	}
	if (opt->dry_run) {
		run.counts.outcome = CL_IMPORT_DONE;
		rc = CL_OK;
		goto out; /* rolled back below */
	}
	began = false;
	if ((rc = cl_db_commit(db, err)))
		goto out;
	run.counts.outcome = CL_IMPORT_DONE;
	goto out;
bad_csv:
	if (rc == CL_EINVAL) {
		/* The reader's message already says "line L, column C: …". */
		note_problem(&run, &csv_err);
		run.counts.outcome = CL_IMPORT_BAD_CSV;
	}
	if (err)
		*err = csv_err;
out:
	if (began)
		cl_db_rollback(db);
	if (rc == CL_EINVAL && run.counts.outcome == CL_IMPORT_FAILED)
		rc = CL_EIO; /* a failure is never mistaken for a bad file */
	if (run.counts.outcome != CL_IMPORT_DONE)
		run.counts.imported = 0;
	if (res)
		*res = run.counts;
	for (i = 0; header.fields && i < header.count; i++)
		free(header.fields[i].text);
	free(header.fields);
	free(run.lay.index);
	free(values);
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
