#include "config.h"

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

static void csv_cell(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_row(FILE *out, const char *const *cells, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		csv_cell(out, cells[i]);
	}
	fputs("\r\n", out);
}

static void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
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
	if (format == CLI_CSV)
		csv_row(out, columns, ncols);
	else if (format == CLI_JSON)
		fputc('[', out);
	return o;
}

static char *sanitized(const char *s)
{
	size_t size = (s ? strlen(s) : 0) * 3 + 1; /* each bad byte may become U+FFFD */
	char *copy = malloc(size);

	if (copy)
		cl_text_sanitize(s ? s : "", copy, size);
	return copy;
}

void cli_out_row(struct cli_out *o, const char *const *cells)
{
	int i;

	switch (o->format) {
	case CLI_CSV:
		csv_row(o->out, cells, o->ncols);
		break;
	case CLI_JSON:
		fputs(o->rows ? ",\n {" : "\n {", o->out);
		for (i = 0; i < o->ncols; i++) {
			if (i)
				fputs(", ", o->out);
			json_string(o->out, o->columns[i]);
			fputs(": ", o->out);
			json_string(o->out, cells[i]);
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
			o->cells[o->rows * o->ncols + i] = sanitized(cells[i]);
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
	for (r = 0; o->cells && r < o->rows * o->ncols; r++)
		free(o->cells[r]);
	free(o->cells);
	free(o);
	return rows;
}
