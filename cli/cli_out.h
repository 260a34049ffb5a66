/*
 * Output of the report-like commands as an aligned text table, CSV (RFC 4180) or JSON (an
 * array of objects keyed by column name). Cells are UTF-8 strings; in a table they are made
 * inert (cl_text_sanitize) and aligned by display width.
 */
#ifndef CL_CLI_OUT_H
#define CL_CLI_OUT_H

#include <stdio.h>

enum cli_format { CLI_TABLE, CLI_CSV, CLI_JSON };

/* "table", "csv" or "json"; returns 0 or -1. */
int cli_parse_format(const char *text, enum cli_format *format);

struct cli_out;

/*
 * Start output of ncols columns named by columns (kept by pointer: static strings). Tables
 * are buffered to align them; CSV and JSON stream. NULL when out of memory.
 */
struct cli_out *cli_out_new(FILE *out, enum cli_format format, const char *const *columns,
			    int ncols);

/* One row of ncols cells (copied). A NULL cell is empty (JSON null). */
void cli_out_row(struct cli_out *o, const char *const *cells);

/* Finish (prints a buffered table, closes the JSON array) and free. Returns rows written. */
long cli_out_end(struct cli_out *o);

#endif
