#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import.h"

static const char sql_savepoint[] = "SAVEPOINT import_row";
static const char sql_release[] = "RELEASE import_row";
static const char sql_undo_row[] = "ROLLBACK TO import_row";

/* Where each of ops->columns is in the file (-1 = absent), from the header record. */
struct layout {
	int *index;
	size_t ncols;
	int reject_col; /* a reject_reason column read back from a reject file, or -1 */
};

static size_t count_columns(const char *const *list)
{
	size_t n = 0;

	while (list && list[n])
		n++;
	return n;
}

static int locate(struct cl_error *err, int code, long line, int column, const char *field,
		  const char *msg)
{
	char text[sizeof(err->message)];

	snprintf(text, sizeof(text), "%s", msg);
	if (column > 0 && field && *field)
		cl_error_set(err, code, "line %ld, column %d (%s): %s", line, column, field, text);
	else if (field && *field)
		cl_error_set(err, code, "line %ld (%s): %s", line, field, text);
	else
		cl_error_set(err, code, "line %ld: %s", line, text);
	if (err) {
		err->line = line;
		err->column = column;
		snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	}
	return code;
}

static int read_header(const struct cl_csv_record *header, const struct cl_import_ops *ops,
		       struct layout *lay, struct cl_error *err)
{
	size_t i, j;
	char msg[160];

	lay->ncols = count_columns(ops->columns);
	lay->reject_col = -1;
	lay->index = malloc((lay->ncols ? lay->ncols : 1) * sizeof(*lay->index));
	if (!lay->index)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (j = 0; j < lay->ncols; j++)
		lay->index[j] = cl_csv_header_index(header, ops->columns[j]);
	for (i = 0; i < header->count; i++) {
		const struct cl_csv_field *f = &header->fields[i];
		int known = 0;

		for (j = 0; j < lay->ncols; j++)
			if (lay->index[j] == (int)i)
				known = 1;
		if (cl_csv_header_index(header, CL_IMPORT_REJECT_COLUMN) == (int)i) {
			lay->reject_col = (int)i;
			known = 1;
		}
		if (known)
			continue;
		/* Unknown, or a repeated name (cl_csv_header_index finds the first one). */
		snprintf(msg, sizeof(msg), "unknown or repeated column name in the header");
		return locate(err, CL_EINVAL, f->line, f->column, "", msg);
	}
	for (j = 0; ops->required && ops->required[j]; j++) {
		if (cl_csv_header_index(header, ops->required[j]) < 0) {
			snprintf(msg, sizeof(msg), "the header has no \"%s\" column",
				 ops->required[j]);
			return locate(err, CL_EINVAL, header->line, 0, ops->required[j], msg);
		}
	}
	return CL_OK;
}

static int write_reject(FILE *out, const struct cl_csv_record *rec, int skip, const char *reason)
{
	const char **cells = calloc(rec->count + 1, sizeof(*cells));
	size_t i, n = 0;
	int rc;

	if (!cells)
		return CL_ENOMEM;
	for (i = 0; i < rec->count; i++)
		if ((int)i != skip)
			cells[n++] = rec->fields[i].text;
	cells[n++] = reason;
	rc = cl_csv_write_record(out, cells, n);
	free(cells);
	return rc;
}

/* Check and store one data record; a bad row returns CL_EINVAL with err located. */
static int import_row(struct cl_db *db, const struct cl_csv_record *rec,
		      const struct cl_csv_record *header, const struct cl_import_ops *ops,
		      const struct layout *lay, const char **values, struct cl_error *err)
{
	struct cl_import_row row = { values, rec->line };
	struct cl_error row_err = { 0 };
	size_t j;
	int rc;

	if (rec->count != header->count) {
		char msg[96];

		snprintf(msg, sizeof(msg), "%zu fields where the header has %zu", rec->count,
			 header->count);
		return locate(err, CL_EINVAL, rec->line, 0, "", msg);
	}
	for (j = 0; j < lay->ncols; j++)
		values[j] = lay->index[j] >= 0 ? rec->fields[lay->index[j]].text : NULL;
	if ((rc = cl_db_exec(db, sql_savepoint, err)))
		return rc;
	rc = ops->row(db, &row, ops->arg, &row_err);
	if (rc) {
		long line = rec->line;
		int column = 0;

		cl_db_exec(db, sql_undo_row, NULL);
		cl_db_exec(db, sql_release, NULL);
		for (j = 0; j < lay->ncols; j++) {
			if (lay->index[j] >= 0 && strcmp(row_err.field, ops->columns[j]) == 0) {
				/* The field's place in the record: the spreadsheet column. */
				line = rec->fields[lay->index[j]].line;
				column = lay->index[j] + 1;
			}
		}
		if (rc != CL_EINVAL && rc != CL_EEXIST) {
			if (err)
				*err = row_err;
			return rc;
		}
		return locate(err, CL_EINVAL, line, column, row_err.field, row_err.message);
	}
	return cl_db_exec(db, sql_release, err);
}

int cl_import_reader(struct cl_db *db, struct cl_csv_reader *in, const struct cl_import_ops *ops,
		     const struct cl_import_options *opt, struct cl_import_result *res,
		     struct cl_error *err)
{
	static const struct cl_import_options defaults = { 0 };
	struct cl_import_result counts = { 0, 0, 0 };
	struct cl_csv_record header = { 0 };
	const struct cl_csv_record *rec;
	struct layout lay = { NULL, 0, -1 };
	struct cl_error first = { 0 };
	const char **values = NULL;
	bool began = false;
	size_t i;
	int rc;

	if (!opt)
		opt = &defaults;
	if ((rc = cl_csv_next(in, &rec, err)))
		goto out;
	if (!rec) {
		rc = cl_error_set(err, CL_EINVAL, "the file is empty (no header row)");
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
	if ((rc = read_header(&header, ops, &lay, err)))
		goto out;
	values = calloc(lay.ncols + 1, sizeof(*values));
	if (!values) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (opt->skip_bad && opt->rejects) {
		if ((rc = write_reject(opt->rejects, &header, lay.reject_col,
				       CL_IMPORT_REJECT_COLUMN))) {
			rc = cl_error_set(err, rc, "cannot write the reject file");
			goto out;
		}
	}
	if ((rc = cl_db_begin(db, err)))
		goto out;
	began = true;
	for (;;) {
		struct cl_error row_err = { 0 };

		if ((rc = cl_csv_next(in, &rec, err)))
			goto out; /* bad CSV: nothing is kept */
		if (!rec)
			break;
		counts.rows++;
		rc = import_row(db, rec, &header, ops, &lay, values, &row_err);
		if (!rc) {
			counts.imported++;
			continue;
		}
		if (rc != CL_EINVAL) {
			if (err)
				*err = row_err;
			goto out;
		}
		counts.rejected++;
		if (!first.code)
			first = row_err;
		if (opt->bad_row)
			opt->bad_row(&row_err, opt->arg);
		if (opt->skip_bad && opt->rejects &&
		    write_reject(opt->rejects, rec, lay.reject_col, row_err.message)) {
			rc = cl_error_set(err, CL_EIO, "cannot write the reject file");
			goto out;
		}
	}
	if (counts.rejected && !opt->skip_bad) {
		counts.imported = 0;
		if (err)
			*err = first;
		rc = CL_EINVAL;
		goto out;
	}
	if (opt->dry_run) {
		rc = CL_OK;
		goto out; /* rolled back below */
	}
	rc = cl_db_commit(db, err);
	began = false;
out:
	if (began)
		cl_db_rollback(db);
	if (rc && rc != CL_EINVAL)
		counts.imported = 0;
	if (res)
		*res = counts;
	for (i = 0; header.fields && i < header.count; i++)
		free(header.fields[i].text);
	free(header.fields);
	free(lay.index);
	free(values);
	return rc;
}

int cl_import_csv(struct cl_db *db, const char *path, const struct cl_import_ops *ops,
		  const struct cl_import_options *opt, struct cl_import_result *res,
		  struct cl_error *err)
{
	struct cl_csv_reader *in;
	int rc;

	if (res)
		memset(res, 0, sizeof(*res));
	if ((rc = cl_csv_open(path, &in, err)))
		return rc;
	rc = cl_import_reader(db, in, ops, opt, res, err);
	cl_csv_close(in);
	return rc;
}
