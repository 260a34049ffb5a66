/*
 * Output of the report-like commands as an aligned text table, CSV (RFC 4180) or JSON (an
 * array of objects keyed by column name). Cells are UTF-8 strings, made inert for where they
 * go by the one sanitizer (cl_text_encode: terminal, CSV with the formula guard, JSON), and
 * aligned by display width in a table. Nothing is printed before the first row or the end,
 * so that a command refused after cli_out_new prints nothing on stdout (cli_out_discard).
 */
#ifndef CL_CLI_OUT_H
#define CL_CLI_OUT_H

#include <stddef.h>
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

/* Columns whose cells are numbers (bit i: column i): JSON numbers, or null when not one. */
void cli_out_numbers(struct cli_out *o, unsigned long columns);

/* Columns of text of several lines (bit i: column i): CSV keeps their newlines and tabs
 * (in the quoted cell); JSON always escapes them, a table shows them as U+FFFD. */
void cli_out_lines(struct cli_out *o, unsigned long columns);

/* One row of ncols cells (copied). A NULL cell is empty (JSON null). */
void cli_out_row(struct cli_out *o, const char *const *cells);

/* Finish (prints a buffered table, closes the JSON array) and free. Returns rows written. */
long cli_out_end(struct cli_out *o);

/* Free without printing anything more (a command refused before its first row). */
void cli_out_discard(struct cli_out *o);

/* s (NULL: "") made inert for a terminal or stderr into buf (size bytes); returns buf. */
const char *cli_safe(const char *s, char *buf, size_t size);

#endif
