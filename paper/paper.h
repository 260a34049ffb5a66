/*
 * paper/: documents on paper. Draws a core document (src/document.h: a referral letter, a
 * care-plan summary) as a US Letter PDF with Cairo and Pango, or as plain text for lp. The
 * only layer that links Cairo and Pango; it knows the core's public headers, never SQLite,
 * curses, ui/ or cli/, and writes only to the FILE * its caller hands in.
 */
#ifndef PAPER_H
#define PAPER_H

#include <stdio.h>

#include "document.h"
#include "error.h"

/*
 * Draw doc as a PDF on US Letter paper (8.5 x 11 in, 1 in margins) into f: wrapped
 * paragraphs, a page break wherever the text reaches the bottom margin, "Page i of n" and
 * the document's footer on every page. Every string is made inert first (cl_text_sanitize).
 * *pages (may be NULL) gets the page count. 0, or CL_EIO / CL_ENOMEM with err.
 */
int paper_pdf_write(const struct cl_document *doc, FILE *f, int *pages, struct cl_error *err);

/*
 * Write doc as plain text for a printer (lp) or a terminal into f: 76 columns, every string
 * made inert (cl_text_encode for a terminal: no escape sequence reaches it). 0 or CL_EIO.
 */
int paper_text_write(const struct cl_document *doc, FILE *f, struct cl_error *err);

/*
 * Free what the fonts keep between documents (Pango's font map, Cairo's and Fontconfig's
 * caches), so that a leak checker sees only real leaks. The next PDF loads them again.
 */
void paper_release(void);

#endif
