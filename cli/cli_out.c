#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli_out.h"
#include "text.h"

struct cli_out {
	FILE *out;
	enum cli_format format;
	const char *const *columns;
	int ncols;
	long rows;
	unsigned long numbers; /* bit i: column i is a number (JSON: unquoted, or null) */
	unsigned long lines;   /* bit i: column i keeps its newlines and tabs in CSV */
	bool started;	       /* the CSV header or the JSON "[" is out */
	/* Tables are buffered to align columns: rows × ncols sanitized cells. */
	char **cells;
	long cap;
};

int cli_parse_format(const char *text, enum cli_format *format)
{
	if (strcmp(text, "table") == 0)
		*format = CLI_TABLE;
	else if (strcmp(text, "csv") == 0)
		*format = CLI_CSV;
	else if (strcmp(text, "json") == 0)
		*format = CLI_JSON;
	else
		return -1;
	return 0;
}

/* Encode s for sink into a new string (NULL when out of memory); free it. */
static char *encoded(const char *s, enum cl_text_sink sink)
{
	size_t size = cl_text_encoded_size(s);
	char *copy = malloc(size);

	if (copy)
		cl_text_encode(s, sink, copy, size);
	return copy;
}

static void csv_cell(FILE *out, const char *raw, enum cl_text_sink sink)
{
	char *s;
	const char *p;

	if (!raw)
		return;
	if (!(s = encoded(raw, sink)))
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		free(s);
		return;
	}
	fputc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
	free(s);
}

static void csv_row(FILE *out, const char *const *cells, int n, unsigned long lines)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		csv_cell(out, cells[i], lines & (1UL << i) ? CL_TEXT_CSV_LINES : CL_TEXT_CSV);
	}
	fputs("\r\n", out);
}

static void json_string(FILE *out, const char *s)
{
	char *e;

	if (!s) {
		fputs("null", out);
		return;
	}
	if (!(e = encoded(s, CL_TEXT_JSON)))
		return;
	fputc('"', out);
	fputs(e, out);
	fputc('"', out);
	free(e);
}

/* A JSON number as RFC 8259 writes it: -?digits(.digits)?, no leading zeros, no "+". */
static bool json_number(const char *s)
{
	const char *p = s;

	if (!s || !*s)
		return false;
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	return *p == '\0';
}

/* The CSV header or the JSON "[", at the first row or at the end (never on a refusal). */
static void start(struct cli_out *o)
{
	if (o->started)
		return;
	o->started = true;
	if (o->format == CLI_CSV)
		csv_row(o->out, o->columns, o->ncols, 0);
	else if (o->format == CLI_JSON)
		fputc('[', o->out);
}

struct cli_out *cli_out_new(FILE *out, enum cli_format format, const char *const *columns,
			    int ncols)
{
	struct cli_out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->out = out;
	o->format = format;
	o->columns = columns;
	o->ncols = ncols;
	return o;
}

void cli_out_numbers(struct cli_out *o, unsigned long columns)
{
	o->numbers = columns;
}

void cli_out_lines(struct cli_out *o, unsigned long columns)
{
	o->lines = columns;
}

void cli_out_row(struct cli_out *o, const char *const *cells)
{
	int i;

	start(o);
	switch (o->format) {
	case CLI_CSV:
		csv_row(o->out, cells, o->ncols, o->lines);
		break;
	case CLI_JSON:
		fputs(o->rows ? ",\n {" : "\n {", o->out);
		for (i = 0; i < o->ncols; i++) {
			if (i)
				fputs(", ", o->out);
			json_string(o->out, o->columns[i]);
			fputs(": ", o->out);
			if (!(o->numbers & (1UL << i)))
				json_string(o->out, cells[i]);
			else if (json_number(cells[i]))
				fputs(cells[i], o->out);
			else
				fputs("null", o->out);
		}
		fputc('}', o->out);
		break;
	case CLI_TABLE:
		if ((o->rows + 1) * o->ncols > o->cap) {
			long cap = o->cap ? o->cap * 2 : 64L * o->ncols;
			char **grown = realloc(o->cells, (size_t)cap * sizeof(*grown));

			if (!grown)
				return;
			o->cells = grown;
			o->cap = cap;
		}
		for (i = 0; i < o->ncols; i++)
			o->cells[o->rows * o->ncols + i] = encoded(cells[i], CL_TEXT_TERMINAL);
		break;
	}
	o->rows++;
}

static void table_line(FILE *out, const char *const *cells, const int *widths, int n)
{
	int i, pad;

	for (i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";

		fputs(s, out);
		if (i + 1 < n) {
			pad = widths[i] - cl_text_width(s) + 2;
			while (pad-- > 0)
				fputc(' ', out);
		}
	}
	fputc('\n', out);
}

long cli_out_end(struct cli_out *o)
{
	long rows = o->rows, r;
	int *widths, i;

	start(o);
	switch (o->format) {
	case CLI_CSV:
		break;
	case CLI_JSON:
		fputs(o->rows ? "\n]\n" : "]\n", o->out);
		break;
	case CLI_TABLE:
		widths = calloc((size_t)o->ncols, sizeof(*widths));
		if (!widths)
			break;
		for (i = 0; i < o->ncols; i++)
			widths[i] = cl_text_width(o->columns[i]);
		for (r = 0; r < o->rows; r++)
			for (i = 0; i < o->ncols; i++) {
				const char *s = o->cells[r * o->ncols + i];
				int w = s ? cl_text_width(s) : 0;

				if (w > widths[i])
					widths[i] = w;
			}
		table_line(o->out, o->columns, widths, o->ncols);
		for (r = 0; r < o->rows; r++)
			table_line(o->out, (const char *const *)&o->cells[r * o->ncols], widths,
				   o->ncols);
		free(widths);
		break;
	}
	cli_out_discard(o);
	return rows;
}

void cli_out_discard(struct cli_out *o)
{
	long r;

	if (!o)
		return;
	for (r = 0; o->cells && r < o->rows * o->ncols; r++)
		free(o->cells[r]);
	free(o->cells);
	free(o);
}

const char *cli_safe(const char *s, char *buf, size_t size)
{
	cl_text_encode(s, CL_TEXT_TERMINAL, buf, size);
	return buf;
}
