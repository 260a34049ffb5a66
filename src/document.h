/*
 * A document to print — a referral letter, a care-plan summary — as data: a title, the date
 * it was printed and a list of blocks (headings, "label: value" fields, paragraphs, items).
 * The core decides what a document says (letter.c); paper/ draws it as PDF or plain text.
 * Text is stored as the database holds it; whoever draws it makes it inert.
 */
#ifndef CL_DOCUMENT_H
#define CL_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

enum cl_doc_kind {
	CL_DOC_LETTERHEAD, /* the sender: the practice's name (label) and a line under it */
	CL_DOC_HEADING,	   /* a section's heading */
	CL_DOC_FIELD,	   /* label: value on one line (wrapped when long) */
	CL_DOC_PARAGRAPH,  /* text wrapped to the page */
	CL_DOC_ITEM,	   /* one line of a list */
};

struct cl_doc_block {
	enum cl_doc_kind kind;
	char *label; /* FIELD, LETTERHEAD; else NULL */
	char *text;  /* never NULL */
};

struct cl_document {
	char title[128];	      /* "Referral", "Care plan summary": heading and PDF title */
	char printed_on[CL_DATE_LEN]; /* the "today" the document was made for */
	char footer[160];	      /* on every page beside "Page i of n" */
	struct cl_doc_block *blocks;
	size_t n, cap;
	bool failed; /* an allocation failed: cl_document_add returned CL_ENOMEM */
};

/* An empty document titled title, printed on today (YYYY-MM-DD). */
void cl_document_init(struct cl_document *doc, const char *title, const char *today);

/*
 * Append a block: label (may be NULL) and the printf-style text. 0, or CL_ENOMEM (then the
 * document is marked failed and later adds do nothing).
 */
int cl_document_add(struct cl_document *doc, enum cl_doc_kind kind, const char *label,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The text of the first FIELD labelled label, or NULL. */
const char *cl_document_field(const struct cl_document *doc, const char *label);

/* Does any block's label or text contain needle? */
bool cl_document_contains(const struct cl_document *doc, const char *needle);

/* Free the blocks; the document is empty again. NULL is fine. */
void cl_document_free(struct cl_document *doc);

#endif
