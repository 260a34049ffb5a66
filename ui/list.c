#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "format.h"
#include "list.h"
#include "text.h"

#define LIST_MIN_PAGE	    50
#define LIST_PAGE_EXTRA	    10 /* rows a page holds beyond a screenful */
#define LIST_HEIGHT_UNDRAWN 20 /* the viewport assumed until the first draw */

static unsigned char *row_at(const struct ui_list *list, int i)
{
	return list->rows + (size_t)i * list->src.row_size;
}

/* Size the cache for a viewport of height rows: pages a little taller than the screen. */
static int list_size(struct ui_list *list, int height)
{
	int page =
		height + LIST_PAGE_EXTRA > LIST_MIN_PAGE ? height + LIST_PAGE_EXTRA : LIST_MIN_PAGE;
	int cap = 4 * page;
	unsigned char *rows, *scratch;

	if (cap <= list->cap)
		return 0;
	rows = realloc(list->rows, (size_t)cap * list->src.row_size);
	if (!rows)
		return CL_ENOMEM;
	list->rows = rows;
	scratch = realloc(list->scratch, (size_t)page * list->src.row_size);
	if (!scratch)
		return CL_ENOMEM;
	list->scratch = scratch;
	list->cap = cap;
	list->page = page;
	return 0;
}

/*
 * Fetch one page next to anchor (forward: after it, appended; backward: before it,
 * prepended) and drop rows from the far end of the cache when it is full.
 * Returns the number of rows added.
 */
static int list_fetch(struct ui_list *list, const void *anchor, bool backward)
{
	size_t rs = list->src.row_size;
	int n = 0, drop;

	if (list->fixed || !list->src.page)
		return 0;
	if (list->src.page(list->src.ctx, anchor, backward, list->scratch, list->page, &n) || n < 0)
		n = 0;
	if (n > list->page)
		n = list->page;
	if (!backward) {
		if (n < list->page)
			list->at_end = true;
		drop = list->count + n - list->cap;
		if (drop > 0) {
			memmove(list->rows, row_at(list, drop), (size_t)(list->count - drop) * rs);
			list->count -= drop;
			list->top -= drop;
			list->sel -= drop;
			list->at_start = false;
		}
		memcpy(row_at(list, list->count), list->scratch, (size_t)n * rs);
		list->count += n;
	} else {
		if (n < list->page)
			list->at_start = true;
		drop = list->count + n - list->cap;
		if (drop > 0) {
			list->count -= drop;
			list->at_end = false;
		}
		memmove(row_at(list, n), list->rows, (size_t)list->count * rs);
		memcpy(list->rows, list->scratch, (size_t)n * rs);
		list->count += n;
		list->top += n;
		list->sel += n;
	}
	return n;
}

static int fetch_forward(struct ui_list *list)
{
	return list_fetch(list, list->count ? row_at(list, list->count - 1) : NULL, false);
}

static int fetch_backward(struct ui_list *list)
{
	return list_fetch(list, list->count ? row_at(list, 0) : NULL, true);
}

static void list_clear(struct ui_list *list)
{
	list->count = 0;
	list->top = 0;
	list->sel = 0;
	list->at_start = false;
	list->at_end = false;
}

int ui_list_init(struct ui_list *list, const struct ui_column *columns, int ncolumns,
		 const struct ui_list_source *src)
{
	int rc;

	memset(list, 0, sizeof(*list));
	list->columns = columns;
	list->ncolumns = ncolumns;
	list->src = *src;
	list->height = LIST_HEIGHT_UNDRAWN;
	rc = list_size(list, list->height);
	if (rc)
		return rc;
	ui_list_reset(list);
	return 0;
}

void ui_list_free(struct ui_list *list)
{
	free(list->rows);
	free(list->scratch);
	list->rows = NULL;
	list->scratch = NULL;
	list->cap = 0;
	list->count = 0;
}

void ui_list_reset(struct ui_list *list)
{
	list->fixed = false;
	list_clear(list);
	list->at_start = true;
	fetch_forward(list);
}

int ui_list_set_rows(struct ui_list *list, const void *rows, int n)
{
	int rc = 0;

	if (n > list->cap) {
		unsigned char *grown = realloc(list->rows, (size_t)n * list->src.row_size);

		if (!grown) {
			n = list->cap;
			rc = CL_ENOMEM;
		} else {
			list->rows = grown;
			list->cap = n;
		}
	}
	list_clear(list);
	list->fixed = true;
	list->at_start = true;
	list->at_end = true;
	if (n > 0)
		memcpy(list->rows, rows, (size_t)n * list->src.row_size);
	list->count = n > 0 ? n : 0;
	return rc;
}

/* Keep the cursor inside the cache and on screen, fetching what the screen needs. */
static void list_settle(struct ui_list *list)
{
	if (list->sel >= list->count)
		list->sel = list->count - 1;
	if (list->sel < 0)
		list->sel = 0;
	if (list->top > list->sel)
		list->top = list->sel;
	if (list->sel >= list->top + list->height)
		list->top = list->sel - list->height + 1;
	if (list->top + list->height > list->count && !list->at_end)
		fetch_forward(list);
	/* at the end of the data, fill the screen rather than leave blank rows */
	if (list->top + list->height > list->count && list->at_end) {
		int top = list->count - list->height;

		while (top < 0 && !list->at_start && fetch_backward(list) > 0)
			top = list->count - list->height;
		if (top < 0)
			top = 0;
		if (top < list->top)
			list->top = top;
	}
}

void ui_list_move(struct ui_list *list, int delta, bool page)
{
	int want = list->sel + delta;

	while (want >= list->count && !list->at_end) {
		int before = list->sel;

		if (fetch_forward(list) == 0)
			break;
		want += list->sel - before; /* rows dropped from the front */
	}
	while (want < 0 && !list->at_start) {
		int added = fetch_backward(list);

		if (added == 0)
			break;
		want += added;
	}
	if (want >= list->count)
		want = list->count - 1;
	if (want < 0)
		want = 0;
	if (page)
		list->top += want - list->sel;
	list->sel = want;
	if (list->top < 0)
		list->top = 0;
	list_settle(list);
}

void ui_list_home(struct ui_list *list)
{
	if (list->fixed || list->at_start) {
		list->top = 0;
		list->sel = 0;
		list_settle(list);
		return;
	}
	ui_list_reset(list);
}

void ui_list_end(struct ui_list *list)
{
	if (!list->fixed && !list->at_end) {
		list_clear(list);
		list->at_end = true;
		fetch_backward(list);
	}
	list->sel = list->count - 1;
	list->top = list->count - list->height;
	if (list->top < 0)
		list->top = 0;
	list_settle(list);
}

void ui_list_reload(struct ui_list *list)
{
	size_t rs = list->src.row_size;
	int rel = list->sel - list->top;
	unsigned char *anchor;

	if (list->fixed || !list->count) {
		if (!list->fixed)
			ui_list_reset(list);
		return;
	}
	anchor = malloc(rs);
	if (!anchor) {
		ui_list_reset(list);
		return;
	}
	memcpy(anchor, row_at(list, list->top), rs);
	list_clear(list);
	list_fetch(list, anchor, true); /* the rows before the old top row */
	list->top = list->count;
	list->sel = list->count;
	fetch_forward(list); /* the old top row (if it is still there) and what follows */
	list->sel = list->top + rel;
	free(anchor);
	list_settle(list);
}

const void *ui_list_selected(const struct ui_list *list)
{
	if (list->sel < 0 || list->sel >= list->count)
		return NULL;
	return row_at(list, list->sel);
}

/* Draw text fitted into width columns at the cursor, padded with spaces. */
static void draw_fitted(WINDOW *win, const char *text, int width, bool right)
{
	char cell[1024];

	ui_format_cell(cell, sizeof(cell), text, width, right);
	waddstr(win, cell);
}

/*
 * Column widths for a window width cols (a space before the first column and after each):
 * keep columns as wide as their widest cell among the rows shown.
 */
static void column_widths(const struct ui_list *list, int cols, int *widths)
{
	int need[UI_COLUMNS_MAX] = { 0 }, i, r;
	char cell[512], clean[512];

	for (i = 0; i < list->ncolumns; i++) {
		if (!list->columns[i].keep)
			continue;
		need[i] = cl_text_width(list->columns[i].title);
		for (r = 0; r < list->height && list->top + r < list->count; r++) {
			enum ui_role role = UI_ROLE_NORMAL;
			int w;

			cell[0] = '\0';
			list->src.cell(list->src.ctx, row_at(list, list->top + r), i, cell,
				       sizeof(cell), &role);
			cl_text_sanitize(cell, clean, sizeof(clean));
			w = cl_text_width(clean);
			if (w > need[i])
				need[i] = w;
		}
	}
	ui_format_layout(list->columns, need, list->ncolumns, cols - 2, 1, widths);
}

void ui_list_draw(struct ui_list *list, WINDOW *win, int y, int height)
{
	int widths[UI_COLUMNS_MAX], cols = getmaxx(win), i, r;
	char cell[512];

	if (list->ncolumns > UI_COLUMNS_MAX || height < 2)
		return;
	if (height - 1 != list->height) {
		list->height = height - 1;
		if (list_size(list, list->height) == 0)
			list_settle(list);
	}
	column_widths(list, cols, widths);
	wmove(win, y, 0);
	wattrset(win, ui_attr(UI_ROLE_HEADER));
	waddch(win, ' ');
	for (i = 0; i < list->ncolumns; i++) {
		draw_fitted(win, list->columns[i].title, widths[i], list->columns[i].right);
		waddch(win, ' ');
	}
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (!list->count && list->empty) {
		wattrset(win, ui_attr(UI_ROLE_DIM));
		mvwaddstr(win, y + 1, 1, list->empty);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
	for (r = 0; r < list->height; r++) {
		int index = list->top + r;
		bool selected = index == list->sel;
		const void *row;

		if (index >= list->count)
			break;
		row = row_at(list, index);
		wmove(win, y + 1 + r, 0);
		wattrset(win, ui_attr(selected ? UI_ROLE_SELECTED : UI_ROLE_NORMAL));
		waddch(win, ' ');
		for (i = 0; i < list->ncolumns; i++) {
			enum ui_role role = UI_ROLE_NORMAL;

			cell[0] = '\0';
			list->src.cell(list->src.ctx, row, i, cell, sizeof(cell), &role);
			wattrset(win, ui_attr(selected ? UI_ROLE_SELECTED : role));
			draw_fitted(win, cell, widths[i], list->columns[i].right);
			waddch(win, ' ');
		}
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
}
