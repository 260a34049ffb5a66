#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "popup.h"
#include "sync.h"
#include "text.h"
#include "views.h"

/*
 * The sync conflicts (Reports, y): records edited here and at another site before either
 * synced, kept apart by the hub (cl_sync_conflicts), and the hub's changes this site could
 * not apply (negative ids: an MRN already used here, ...). Enter opens one: its fields side
 * by side (ui/view_sync_fields.c), where the person keeps the hub's or this site's value of
 * each. The list is read again when that view closes.
 */

#define CONFLICTS_MAX 500

struct sync_list_view {
	struct ui_view view; /* first */
	struct ui_list list;
	struct cl_sync_conflict *rows;
	int nrows;
	bool more, site;
	unsigned long generation;
};

enum { COL_RECORD, COL_FIELDS, COL_AUTHOR, COL_AT };
static const struct ui_column conflict_columns[] = {
	[COL_RECORD] = { .title = "Record", .width = 18, .grow = 1, .max = 32 },
	[COL_FIELDS] = { .title = "Differs", .width = 20, .grow = 3 },
	[COL_AUTHOR] = { .title = "By", .width = 10, .grow = 1, .max = 24 },
	[COL_AT] = { .title = "When", .width = 16, .keep = true },
};
#define NCOLUMNS ((int)(sizeof(conflict_columns) / sizeof(conflict_columns[0])))

static struct sync_list_view *to_list(struct ui_view *view)
{
	return (struct sync_list_view *)view;
}

/* The rows are held (ui_list_set_rows): the source pages nothing. */
static int conflicts_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	(void)ctx;
	(void)after;
	(void)backward;
	(void)rows;
	(void)max;
	*n = 0;
	return 0;
}

static void conflicts_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			   enum ui_role *role)
{
	const struct cl_sync_conflict *c = data;

	(void)ctx;
	switch (col) {
	case COL_RECORD:
		snprintf(buf, size, "%s", c->label);
		break;
	case COL_FIELDS:
		if (c->id < 0) {
			snprintf(buf, size, "could not apply here: %s", c->problem);
			*role = UI_ROLE_ERROR;
		} else {
			snprintf(buf, size, "%s", c->fields);
		}
		break;
	case COL_AUTHOR:
		snprintf(buf, size, "%s", c->author);
		break;
	case COL_AT:
		ui_format_time(c->at, buf, size);
		break;
	}
}

/* Read the open conflicts; 0, or non-zero with the message shown. */
static int conflicts_load(struct sync_list_view *lv)
{
	struct cl_db *db = ui_app_db(lv->view.app);
	struct cl_sync_status s;
	struct cl_error err = { 0 };
	int n = 0;

	lv->generation = ui_app_generation(lv->view.app);
	if (cl_sync_glance(db, &s, &err) ||
	    cl_sync_conflicts(db, lv->rows, CONFLICTS_MAX + 1, &n, &err)) {
		ui_app_message(lv->view.app, UI_ROLE_ERROR, "Could not read the conflicts: %s",
			       err.message);
		return -1;
	}
	lv->site = s.site[0] != '\0';
	lv->more = n > CONFLICTS_MAX;
	lv->nrows = lv->more ? CONFLICTS_MAX : n;
	lv->list.empty = lv->site ? "no open sync conflicts"
				  : "this file does not sync (careloop sync makes it a site)";
	if (ui_list_set_rows(&lv->list, lv->rows, lv->nrows)) {
		ui_app_message(lv->view.app, UI_ROLE_ERROR, "Out of memory.");
		return -1;
	}
	return 0;
}

static void conflicts_draw(struct ui_view *view, WINDOW *win)
{
	struct sync_list_view *lv = to_list(view);
	char status[UI_LIST_VIEW_STATUS_MAX];

	if (lv->nrows)
		snprintf(status, sizeof(status),
			 "Sync conflicts: %s%d open (Enter: compare the versions and choose)",
			 lv->more ? "the first " : "", lv->nrows);
	else
		snprintf(status, sizeof(status), "Sync conflicts: none open");
	ui_list_view_draw(view, win, status);
}

static struct ui_list *conflicts_list_of(struct ui_view *view)
{
	return &to_list(view)->list;
}

static int conflicts_open(struct ui_view *view)
{
	const struct cl_sync_conflict *row = ui_list_selected(view->list(view));

	if (row)
		ui_app_push(view->app, ui_sync_conflict_new(view->app, row));
	return UI_HANDLED;
}

/* Back from a conflict: resolved, it leaves the list. */
static void conflicts_resume(struct ui_view *view)
{
	struct sync_list_view *lv = to_list(view);

	if (ui_app_generation(view->app) != lv->generation)
		conflicts_load(lv);
}

static int conflicts_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static void conflicts_free(struct ui_view *view)
{
	struct sync_list_view *lv = to_list(view);

	ui_list_free(&lv->list);
	free(lv->rows);
	free(lv);
}

static const struct ui_binding conflicts_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS("conflict"),
	{ '\r', "Enter", "compare",
	  "the conflict's fields side by side: keep the hub's or this site's value of each", true,
	  conflicts_open, UI_ENTER_MORE },
	{ 'q', "q, Esc", "back", "back to the measures", true, conflicts_back, .more = { UI_ESC } },
	{ 0 },
};

struct ui_view *ui_sync_conflicts_new(struct ui_app *app)
{
	struct sync_list_view *lv = calloc(1, sizeof(*lv));
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_sync_conflict),
		.page = conflicts_page,
		.cell = conflicts_cell,
	};

	if (!lv || !(lv->rows = calloc(CONFLICTS_MAX + 1, sizeof(*lv->rows)))) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		free(lv);
		return NULL;
	}
	lv->view = (struct ui_view){
		.title = "Sync conflicts",
		.keys = conflicts_keys,
		.draw = conflicts_draw,
		.list = conflicts_list_of,
		.resume = conflicts_resume,
		.free = conflicts_free,
		.app = app,
	};
	source.ctx = lv;
	if (ui_list_init(&lv->list, conflict_columns, NCOLUMNS, &source) || conflicts_load(lv)) {
		ui_list_free(&lv->list);
		free(lv->rows);
		free(lv);
		return NULL;
	}
	return &lv->view;
}
