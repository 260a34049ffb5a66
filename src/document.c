#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "error.h"

void cl_document_init(struct cl_document *doc, const char *title, const char *today)
{
	memset(doc, 0, sizeof(*doc));
	snprintf(doc->title, sizeof(doc->title), "%s", title);
	snprintf(doc->printed_on, sizeof(doc->printed_on), "%s", today);
}

static char *copy(const char *s)
{
	size_t len = strlen(s) + 1;
	char *c = malloc(len);

	if (c)
		memcpy(c, s, len);
	return c;
}

int cl_document_add(struct cl_document *doc, enum cl_doc_kind kind, const char *label,
		    const char *fmt, ...)
{
	struct cl_doc_block *b;
	va_list ap;
	int len;

	if (doc->failed)
		return CL_ENOMEM;
	if (doc->n == doc->cap) {
		size_t cap = doc->cap ? 2 * doc->cap : 32;
		struct cl_doc_block *grown = realloc(doc->blocks, cap * sizeof(*grown));

		if (!grown)
			goto oom;
		doc->blocks = grown;
		doc->cap = cap;
	}
	b = &doc->blocks[doc->n];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(b->text = malloc((size_t)len + 1)))
		goto oom;
	va_start(ap, fmt);
	vsnprintf(b->text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if (label && !(b->label = copy(label))) {
		free(b->text);
		goto oom;
	}
	doc->n++;
	return CL_OK;
oom:
	doc->failed = true;
	return CL_ENOMEM;
}

const char *cl_document_field(const struct cl_document *doc, const char *label)
{
	size_t i;

	for (i = 0; i < doc->n; i++)
		if (doc->blocks[i].kind == CL_DOC_FIELD && strcmp(doc->blocks[i].label, label) == 0)
			return doc->blocks[i].text;
	return NULL;
}

bool cl_document_contains(const struct cl_document *doc, const char *needle)
{
	size_t i;

	if (strstr(doc->title, needle) || strstr(doc->footer, needle))
		return true;
	for (i = 0; i < doc->n; i++)
		if (strstr(doc->blocks[i].text, needle) ||
		    (doc->blocks[i].label && strstr(doc->blocks[i].label, needle)))
			return true;
	return false;
}

void cl_document_free(struct cl_document *doc)
{
	size_t i;

	if (!doc)
		return;
	for (i = 0; i < doc->n; i++) {
		free(doc->blocks[i].label);
		free(doc->blocks[i].text);
	}
	free(doc->blocks);
	doc->blocks = NULL;
	doc->n = doc->cap = 0;
	doc->failed = false;
}
