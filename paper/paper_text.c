#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "text.h"

enum { WIDTH = 76 };

/*
 * Write one line of text (no newline in it) wrapped at WIDTH columns: the first row after
 * first (a prefix), the next ones after an indent of the same width. Made inert for a
 * terminal first; a word wider than a row is cut.
 */
static void wrap(FILE *f, const char *first, const char *text)
{
	size_t size = cl_text_encoded_size(text);
	char *safe = malloc(size), *p, word[1024];
	int indent = cl_text_width(first), col;

	if (!safe) {
		fprintf(f, "%s(out of memory)\n", first);
		return;
	}
	cl_text_encode(text, CL_TEXT_TERMINAL, safe, size);
	fputs(first, f);
	col = indent;
	for (p = safe; *p;) {
		size_t n;
		int w;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		snprintf(word, sizeof(word), "%.*s", (int)(n < sizeof(word) ? n : sizeof(word) - 1),
			 p);
		w = cl_text_width(word);
		if (col > indent && col + 1 + w > WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		while (col + (col > indent) + w > WIDTH && col == indent) {
			/* A word wider than a row: as much as fits, then the rest. */
			char part[1024];
			int pw = cl_text_fit(word, WIDTH - indent, 0, part, sizeof(part));
			size_t bytes = strlen(part);

			if (!bytes)
				break;
			fprintf(f, "%s\n%*s", part, indent, "");
			memmove(word, word + bytes, strlen(word + bytes) + 1);
			w -= pw;
		}
		fprintf(f, "%s%s", col > indent ? " " : "", word);
		col += (col > indent) + w;
		p += n;
	}
	fputc('\n', f);
	free(safe);
}

/* wrap() each line of a text that may hold newlines, the first after first. */
static void lines(FILE *f, const char *first, const char *text)
{
	char pad[64], *copy = malloc(strlen(text) + 1), *line, *save = NULL;
	bool started = false;

	snprintf(pad, sizeof(pad), "%*s", cl_text_width(first), "");
	if (!copy)
		return;
	strcpy(copy, text);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		wrap(f, started ? pad : first, line);
		started = true;
	}
	if (!started)
		fprintf(f, "%s\n", first);
	free(copy);
}

static void underline(FILE *f, const char *text, char c)
{
	int w = cl_text_width(text);

	while (w-- > 0)
		fputc(c, f);
	fputc('\n', f);
}

int paper_text_write(const struct cl_document *doc, FILE *f, struct cl_error *err)
{
	bool titled = false;
	char label[256];
	size_t i;

	for (i = 0; i < doc->n; i++) {
		const struct cl_doc_block *b = &doc->blocks[i];

		if (!titled && b->kind != CL_DOC_LETTERHEAD) {
			wrap(f, "", doc->title);
			underline(f, doc->title, '=');
			fputc('\n', f);
			titled = true;
		}
		switch (b->kind) {
		case CL_DOC_LETTERHEAD:
			wrap(f, "", b->label);
			lines(f, "", b->text);
			fputc('\n', f);
			break;
		case CL_DOC_HEADING:
			fputc('\n', f);
			wrap(f, "", b->text);
			underline(f, b->text, '-');
			break;
		case CL_DOC_FIELD:
			cl_text_encode(b->label, CL_TEXT_TERMINAL, label, sizeof(label) - 2);
			strcat(label, ": ");
			wrap(f, label, b->text);
			break;
		case CL_DOC_PARAGRAPH:
			lines(f, "", b->text);
			break;
		case CL_DOC_ITEM:
			wrap(f, "  - ", b->text);
			break;
		}
	}
	if (doc->footer[0]) {
		fputc('\n', f);
		wrap(f, "-- ", doc->footer);
	}
	if (fflush(f) != 0 || ferror(f))
		return cl_error_set(err, CL_EIO, "cannot write the text");
	return CL_OK;
}
