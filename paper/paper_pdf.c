#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "text.h"

/* US Letter in points, 1 in margins; the footer sits in the bottom margin. */
#define PAGE_W	 612.0
#define PAGE_H	 792.0
#define MARGIN	 72.0
#define BOTTOM	 (PAGE_H - MARGIN)
#define FOOTER_Y (PAGE_H - 48.0)
#define TEXT_W	 (PAGE_W - 2 * MARGIN)
#define ITEM_GAP 14.0
#define KEEP	 54.0 /* a heading's space, its line and two lines of text */
#define FONT	 "DejaVu Sans"

/* Laying out (count: only count pages) or drawing, page by page. */
struct pager {
	cairo_t *cr;
	PangoLayout *layout, *foot; /* the text; the footer (drawn while a text is laid out) */
	const struct cl_document *doc;
	bool draw;
	int page, pages; /* the current page (1-based); pages: the total, when drawing */
	double y;
	bool failed;
};

/* s with each line made inert (newlines kept), malloc'd; NULL when out of memory. */
static char *inert(const char *s)
{
	size_t size = 3 * strlen(s) + 1, len = 0;
	char *out = malloc(size), *line;
	const char *p = s;

	if (!out)
		return NULL;
	out[0] = '\0';
	while (p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (!(line = malloc(n + 1))) {
			free(out);
			return NULL;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (len)
			out[len++] = '\n';
		len += cl_text_sanitize(line, out + len, size - len);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	return out;
}

static void set_font(PangoLayout *layout, const char *spec)
{
	PangoFontDescription *fd = pango_font_description_from_string(spec);

	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
}

/* The footer of the current page: the document's line, and "Page i of n". */
static void footer(struct pager *pg)
{
	char page[64];
	int w, h;
	char *text = inert(pg->doc->footer);

	set_font(pg->foot, FONT " 8");
	if (text) {
		pango_layout_set_text(pg->foot, text, -1);
		cairo_move_to(pg->cr, MARGIN, FOOTER_Y);
		pango_cairo_show_layout(pg->cr, pg->foot);
		free(text);
	}
	snprintf(page, sizeof(page), "Page %d of %d", pg->page, pg->pages);
	pango_layout_set_text(pg->foot, page, -1);
	pango_layout_get_pixel_size(pg->foot, &w, &h);
	cairo_move_to(pg->cr, PAGE_W - MARGIN - w, FOOTER_Y);
	pango_cairo_show_layout(pg->cr, pg->foot);
}

static void new_page(struct pager *pg)
{
	if (pg->draw) {
		footer(pg);
		cairo_show_page(pg->cr);
	}
	pg->page++;
	pg->y = MARGIN;
}

/*
 * Flow text (inert already) in font, indent points from the left margin, line by line,
 * breaking the page where a line would pass the bottom margin. bold_bytes: the first
 * bytes are bold (a field's label). before: space above.
 */
static void flow(struct pager *pg, const char *text, const char *font, double indent,
		 int bold_bytes, double before)
{
	PangoLayoutIter *it;
	PangoAttrList *attrs = NULL;

	set_font(pg->layout, font);
	pango_layout_set_width(pg->layout, (int)((TEXT_W - indent) * PANGO_SCALE));
	pango_layout_set_wrap(pg->layout, PANGO_WRAP_WORD_CHAR);
	if (bold_bytes > 0) {
		PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);

		attrs = pango_attr_list_new();
		bold->start_index = 0;
		bold->end_index = (guint)bold_bytes;
		pango_attr_list_insert(attrs, bold);
	}
	pango_layout_set_attributes(pg->layout, attrs);
	pango_layout_set_text(pg->layout, text, -1);
	if (pg->y > MARGIN)
		pg->y += before;
	it = pango_layout_get_iter(pg->layout);
	do {
		PangoRectangle logical;
		double h, baseline;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		h = (double)logical.height / PANGO_SCALE;
		if (pg->y + h > BOTTOM)
			new_page(pg);
		baseline = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
		if (pg->draw) {
			cairo_move_to(pg->cr, MARGIN + indent + (double)logical.x / PANGO_SCALE,
				      pg->y + baseline);
			pango_cairo_show_layout_line(pg->cr,
						     pango_layout_iter_get_line_readonly(it));
		}
		pg->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	pango_layout_set_attributes(pg->layout, NULL);
	if (attrs)
		pango_attr_list_unref(attrs);
}

/* A block in its style; "label: text" for a field. */
static void block(struct pager *pg, const struct cl_doc_block *b)
{
	char *label = b->label ? inert(b->label) : NULL, *text = inert(b->text), *field;
	size_t n;

	if (!text || (b->label && !label)) {
		pg->failed = true;
		goto out;
	}
	switch (b->kind) {
	case CL_DOC_LETTERHEAD:
		flow(pg, label, FONT " Bold 15", 0, 0, 0);
		if (*text)
			flow(pg, text, FONT " 9", 0, 0, 2);
		pg->y += 8;
		if (pg->draw) {
			cairo_set_line_width(pg->cr, 0.5);
			cairo_move_to(pg->cr, MARGIN, pg->y);
			cairo_line_to(pg->cr, PAGE_W - MARGIN, pg->y);
			cairo_stroke(pg->cr);
		}
		pg->y += 6;
		break;
	case CL_DOC_HEADING:
		/* Never the last line of a page: room for it and two lines, or a new page. */
		if (pg->y + KEEP > BOTTOM)
			new_page(pg);
		flow(pg, text, FONT " Bold 11", 0, 0, 12);
		pg->y += 3;
		break;
	case CL_DOC_FIELD:
		n = strlen(label) + 2 + strlen(text) + 1;
		if (!(field = malloc(n))) {
			pg->failed = true;
			break;
		}
		snprintf(field, n, "%s: %s", label, text);
		flow(pg, field, FONT " 10", 0, (int)strlen(label) + 1, 1);
		free(field);
		break;
	case CL_DOC_PARAGRAPH:
		flow(pg, text, FONT " 10", 0, 0, 3);
		pg->y += 3;
		break;
	case CL_DOC_ITEM:
		n = strlen(text) + 8;
		if (!(field = malloc(n))) {
			pg->failed = true;
			break;
		}
		snprintf(field, n, "\xe2\x80\xa2 %s", text);
		flow(pg, field, FONT " 10", ITEM_GAP, 0, 1);
		free(field);
		break;
	}
out:
	free(label);
	free(text);
}

/* Lay out (or draw) the whole document: the title after the letterhead. */
static void lay_out(struct pager *pg)
{
	char *title = inert(pg->doc->title);
	bool titled = false;
	size_t i;

	pg->page = 1;
	pg->y = MARGIN;
	for (i = 0; i < pg->doc->n && !pg->failed; i++) {
		if (!titled && pg->doc->blocks[i].kind != CL_DOC_LETTERHEAD) {
			if (title)
				flow(pg, title, FONT " Bold 14", 0, 0, 4);
			pg->y += 6;
			titled = true;
		}
		block(pg, &pg->doc->blocks[i]);
	}
	if (!title)
		pg->failed = true;
	free(title);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
							  : CAIRO_STATUS_WRITE_ERROR;
}

int paper_pdf_write(const struct cl_document *doc, FILE *f, int *pages, struct cl_error *err)
{
	cairo_surface_t *surface;
	struct pager pg = { .doc = doc };
	char date[32];
	int rc = CL_OK;

	surface = cairo_pdf_surface_create_for_stream(write_out, f, PAGE_W, PAGE_H);
	/* The PDF's dates are the document's day, not the clock: the same letter, the same file. */
	snprintf(date, sizeof(date), "%sT00:00:00", doc->printed_on);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "careloop");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	pg.cr = cairo_create(surface);
	/* Font sizes in points on a page measured in points: 72 "dpi", not the screen's 96. */
	pg.layout = pango_cairo_create_layout(pg.cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(pg.layout), 72);
	pango_layout_context_changed(pg.layout);
	pg.foot = pango_cairo_create_layout(pg.cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(pg.foot), 72);
	pango_layout_context_changed(pg.foot);
	cairo_set_source_rgb(pg.cr, 0, 0, 0);

	/* Once to count the pages ("Page 1 of 2"), once to draw. */
	lay_out(&pg);
	pg.pages = pg.page;
	pg.draw = true;
	if (!pg.failed)
		lay_out(&pg);
	if (!pg.failed) {
		footer(&pg);
		cairo_show_page(pg.cr);
	}
	g_object_unref(pg.foot);
	g_object_unref(pg.layout);
	cairo_destroy(pg.cr);
	cairo_surface_finish(surface);
	if (pg.failed)
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	else if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
		rc = cl_error_set(err, CL_EIO, "cannot write the PDF: %s",
				  cairo_status_to_string(cairo_surface_status(surface)));
	cairo_surface_destroy(surface);
	if (!rc && pages)
		*pages = pg.pages;
	return rc;
}

void paper_release(void)
{
	/*
	 * Only the font map: cairo_debug_reset_static_data() and FcFini() free more but abort
	 * (measured: 1 run in 10) while a font is still referenced from Pango's thread.
	 */
	pango_cairo_font_map_set_default(NULL);
}
