/*
 * CSV imports, all or nothing: a header row names the columns, every data row is checked
 * and stored inside ONE transaction, and unless every row is good nothing is kept (or, with
 * skip_bad, the good rows are kept and the bad ones written to a reject file). A dry run
 * checks everything (the database too: duplicates) and keeps nothing. A row of empty cells
 * (as spreadsheets write at the end of a sheet) is skipped, not counted.
 * Each kind of record (organizations, screenings, …) supplies a struct cl_import_ops: the
 * columns it knows by name, and optionally columns named by the data (a screening's
 * question codes), which it accepts or refuses one by one as the header is read.
 */
#ifndef CL_IMPORT_H
#define CL_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "csv.h"
#include "db.h"
#include "error.h"

/* The column an import adds to its reject file (and ignores when it reads one back). */
#define CL_IMPORT_REJECT_COLUMN "reject_reason"

/*
 * Where problems are: "line L, column X (field): message" for a cell, X being the column's
 * spreadsheet letters (A, B, …, Z, AA, …) and L the PHYSICAL line where the cell starts;
 * "line L: message" for a whole row or the header, naming the column ("line 1: unknown
 * column 'website' (column C)"), but a header cell that data_column refuses is told as a
 * cell ("line 1, column E (71802-3): the same question as column D (q1)"). Either way
 * err->column and err->field say which column. Messages never quote a cell's value.
 */

/* The spreadsheet name of 1-based column n into buf: 1 → "A", 26 → "Z", 27 → "AA". */
void cl_import_column_letters(int n, char buf[8]);

/*
 * Fill err (code CL_EINVAL) with msg located at line and column (1-based; 0 = the whole
 * row) in the format above; field names the column (may be "" or NULL). Returns CL_EINVAL.
 */
int cl_import_locate(struct cl_error *err, long line, int column, const char *field,
		     const char *msg);

/* One data row as the ops see it: values in the order of ops->columns. */
struct cl_import_row {
	const char *const *values; /* NULL when the file has no such column */
	long line;		   /* physical line where the record starts */
	/*
	 * Report one problem of this row and go on checking it (every problem of a row is
	 * reported, not only its first): e->field names the column at fault (one of
	 * ops->columns or data_names; "" for the whole row), the import adds that cell's line
	 * and column. Returns CL_EINVAL.
	 */
	int (*problem)(const struct cl_import_row *row, const struct cl_error *e);
	void *ctx; /* the import's, for problem */
	/* The columns named by the data (ops->data_column), in the file's order. */
	size_t ndata;
	const char *const *data_names;	/* as the header has them, trimmed */
	const char *const *data_values; /* this row's cells */
};

/* row->problem with message (not a cell's value) at the column field ("": the whole row). */
int cl_import_problem(const struct cl_import_row *row, const char *field, const char *message);

/* The header as ops->data_column sees it. */
struct cl_import_header {
	const char *const *names; /* each column's name, trimmed */
	size_t count;
	const bool *by_data; /* the columns data_column took so far */
};

struct cl_import_result;

struct cl_import_ops {
	const char *what;	     /* "organizations", for messages */
	const char *const *columns;  /* known column names, NULL-terminated */
	const char *const *required; /* columns the header must have, NULL-terminated */
	/*
	 * Check and store one row (inside the import's transaction; a savepoint undoes a
	 * failed row). A bad row returns CL_EINVAL (or CL_EEXIST) after passing each of its
	 * problems to row->problem; when it reported none, err is its one problem (err->field
	 * the column at fault or ""). Any other code stops the import (I/O, disk full, out of
	 * memory: err says which) and is never counted as a bad row.
	 */
	int (*row)(struct cl_db *db, const struct cl_import_row *row, void *arg,
		   struct cl_error *err);
	/*
	 * Columns named by the data (NULL: there are none). Called, in the header's order, for
	 * each column that is none of columns and has a name not seen before in the header:
	 * 0 takes it (row->data_names); CL_ENOTFOUND leaves it an unknown column (a message
	 * in err says what such a column may be); CL_EINVAL refuses it, err->message saying
	 * why (it may name other columns: cl_import_column_letters); any other code stops the
	 * import.
	 */
	int (*data_column)(struct cl_db *db, const struct cl_import_header *header, size_t column,
			   void *arg, struct cl_error *err);
	/*
	 * Other names a column may have (NULL: none). Called for each header cell that is none
	 * of columns by name (ASCII case ignored): the index in columns of the column it names
	 * under another name ("DOB" for birth_date), or -1. The first cell naming a column
	 * takes it; a second is a repeated column. A required column may come by any name.
	 */
	int (*column_alias)(const char *name, void *arg);
	/*
	 * row writes nothing for a bad row (it checks everything first, and each of its writes
	 * is one statement that a failure leaves undone): then no savepoint is taken per row.
	 * A savepoint makes SQLite's FTS5 write out its pending index, one segment per row:
	 * 100,000 rows took minutes instead of seconds.
	 */
	bool atomic_rows;
	/*
	 * After the last row, when the import is to be kept (in a dry run too), inside its
	 * transaction (NULL: nothing to do): work over the whole file, counts being the rows'.
	 * CL_EINVAL refuses the file (outcome BAD_ROWS, err saying why, nothing kept); any
	 * other code fails the import.
	 */
	int (*finish)(struct cl_db *db, const struct cl_import_result *counts, void *arg,
		      struct cl_error *err);
	void *arg; /* for row, data_column, column_alias and finish */
};

struct cl_import_options {
	bool dry_run;
	bool skip_bad; /* keep the good rows; bad ones go to rejects */
	FILE *rejects; /* with skip_bad: header + bad rows + reject_reason column; may be NULL */
	/*
	 * Called for each problem in the file, located (err has line, column, field and a
	 * message "line L, …"): each bad cell or row, each header problem, bad CSV syntax.
	 * Never for an I/O or database failure (that is the import's err). May be NULL.
	 */
	void (*bad_row)(const struct cl_error *err, void *arg);
	void *arg;
};

/* How an import ended: what the caller should tell. */
enum cl_import_outcome {
	CL_IMPORT_DONE,	      /* kept (all good, or skip_bad); a dry run: would be kept */
	CL_IMPORT_BAD_ROWS,   /* bad rows (without skip_bad): nothing kept */
	CL_IMPORT_BAD_HEADER, /* the header row is bad (or missing): no row was read */
	CL_IMPORT_BAD_CSV,    /* not valid CSV at err's line and column: nothing kept */
	CL_IMPORT_FAILED,     /* I/O, disk full, out of memory, database: err says which */
};

struct cl_import_result {
	long rows;     /* data rows read */
	long imported; /* rows stored (or, in a dry run, that would be) */
	long rejected; /* bad rows */
	long problems; /* problems passed to bad_row (a bad row may have several) */
	enum cl_import_outcome outcome;
};

/*
 * Import path with ops. Returns 0 when the import is kept (all rows good, or skip_bad —
 * then imported may be 0 when every row is bad), CL_EINVAL when problems in the file left
 * the database unchanged (outcome BAD_ROWS, BAD_HEADER or BAD_CSV; err holds the first
 * problem), other codes for I/O and database failures (outcome FAILED, even after bad rows;
 * nothing changed). res (may be NULL) gets the counts either way.
 * CSV syntax errors (an unterminated quote…) stop the import even with skip_bad.
 */
int cl_import_csv(struct cl_db *db, const char *path, const struct cl_import_ops *ops,
		  const struct cl_import_options *opt, struct cl_import_result *res,
		  struct cl_error *err);

/* As cl_import_csv over an open reader (tests). The reader is not closed. */
int cl_import_reader(struct cl_db *db, struct cl_csv_reader *in, const struct cl_import_ops *ops,
		     const struct cl_import_options *opt, struct cl_import_result *res,
		     struct cl_error *err);

#endif
