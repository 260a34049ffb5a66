/*
 * A virtual list: it asks a data source for the rows it shows (keyset pages before or after
 * a row it holds) and keeps only a small window of rows around the viewport, so a table of
 * 1,000,000 rows opens and scrolls as fast as one of 10. A list can also hold a fixed set
 * of rows (search results).
 */
#ifndef UI_LIST_H
#define UI_LIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "theme.h"

struct ui_list_source {
	size_t row_size; /* bytes of one row */
	/*
	 * Up to max rows that follow after (NULL: from the top), or with backward the rows
	 * before it (NULL: the last rows), always in forward order, into rows; *n gets the
	 * count. Returns 0, or a CL_E* code (the source reports the error itself).
	 */
	int (*page)(void *ctx, const void *after, bool backward, void *rows, int max, int *n);
	/*
	 * Text of column col of row into buf (raw: the list sanitizes and fits it) and the
	 * role to draw it in (*role starts as UI_ROLE_NORMAL).
	 */
	void (*cell)(void *ctx, const void *row, int col, char *buf, size_t size,
		     enum ui_role *role);
	void *ctx;
};

struct ui_list {
	const struct ui_column *columns;
	int ncolumns;
	struct ui_list_source src;
	const char *empty; /* drawn when there are no rows, e.g. "no patients match" */
	bool fixed;	   /* rows set by ui_list_set_rows; no paging */
	/* the window cache: rows[0 .. count) of the data; top and sel index into it */
	unsigned char *rows, *scratch;
	int count, cap, page;
	int top, sel;
	bool at_start, at_end; /* the cache holds the first / the last row of the data */
	int height;	       /* data rows shown by the last draw */
};

/* Set up list over src with the columns (kept, not copied) and load the first rows. */
int ui_list_init(struct ui_list *list, const struct ui_column *columns, int ncolumns,
		 const struct ui_list_source *src);
void ui_list_free(struct ui_list *list);

/* Back to paging from the top of the source. */
void ui_list_reset(struct ui_list *list);

/* Fetch again around the rows on screen (after an edit), keeping the cursor's screen row. */
void ui_list_reload(struct ui_list *list);

/* Hold exactly these n rows (copied) instead of paging; ui_list_reset returns to paging. */
int ui_list_set_rows(struct ui_list *list, const void *rows, int n);

/* Move the cursor by delta rows; with page, the view scrolls by as much. */
void ui_list_move(struct ui_list *list, int delta, bool page);
void ui_list_home(struct ui_list *list);
void ui_list_end(struct ui_list *list);

/* The row under the cursor, or NULL when the list is empty. Valid until the next call. */
const void *ui_list_selected(const struct ui_list *list);

/*
 * Draw the column header on row y of win and the rows below it, in height rows. The columns
 * are laid out for the window's width (ui_format_layout), a keep column as wide as its
 * widest cell on screen.
 */
void ui_list_draw(struct ui_list *list, WINDOW *win, int y, int height);

#endif
