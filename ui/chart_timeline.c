#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "format.h"
#include "keymap.h"
#include "popup.h"
#include "timeline.h"
#include "views.h"

/*
 * The chart's Timeline: the patient's story newest first, one row a record (notes, contacts,
 * screenings, referral status changes, tasks done, hospital and ED events, risk changes),
 * filtered by kind (f cycles, F picks). Rows come a page at a time (keyset: the last row
 * shown is where the next page starts) as the selection nears the end of what is loaded.
 * A struck row (an amended note) is dimmed after a "✗" marker, as in Notes.
 */

#define PAGE	   100
#define LOAD_AHEAD 30 /* rows before the end of what is loaded that fetch the next page */

struct timeline_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_timeline_row *rows;
	int cap;
	bool end; /* every row is loaded */
	enum cl_timeline_kind kind;
};

/* Load the next page after the rows loaded (the first when there are none). */
static void timeline_more(struct ui_view *chart, struct timeline_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_error err = { 0 };
	int n = 0;

	if (st->end)
		return;
	if (st->list.n + PAGE > st->cap) {
		struct cl_timeline_row *grown =
			realloc(st->rows, (size_t)(st->list.n + PAGE) * sizeof(*grown));

		if (!grown) {
			ui_app_message(chart->app, UI_ROLE_ERROR, "Out of memory.");
			st->end = true;
			return;
		}
		st->rows = grown;
		st->cap = st->list.n + PAGE;
	}
	if (cl_timeline_page(ui_app_db(chart->app), &p->id, st->kind,
			     st->list.n ? &st->rows[st->list.n - 1] : NULL, st->rows + st->list.n,
			     PAGE, &n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the timeline: %s",
			       err.message);
		st->end = true;
	}
	st->list.n += n;
	if (n < PAGE)
		st->end = true;
}

/* From the newest again, keeping the selection's place as far as it goes. */
static void timeline_load(struct ui_view *chart, struct timeline_state *st)
{
	int want = st->list.sel;

	st->list.n = 0;
	st->end = false;
	do
		timeline_more(chart, st);
	while (!st->end && st->list.n <= want + LOAD_AHEAD);
	ui_chart_list_loaded(&st->list);
}

static void *timeline_open(struct ui_view *chart)
{
	struct timeline_state *st = calloc(1, sizeof(*st));

	if (st)
		timeline_load(chart, st);
	return st;
}

static void timeline_reload(struct ui_view *chart, void *state)
{
	if (state)
		timeline_load(chart, state);
}

static void timeline_free(void *state)
{
	struct timeline_state *st = state;

	free(st->rows);
	free(st);
}

/* When, Kind, What. */
static const struct ui_column row_columns[] = {
	{ .title = "When", .width = 16, .keep = true },
	{ .title = "Kind", .width = 9 },
	{ .title = "What", .width = 10, .grow = 1 },
};

static enum ui_role timeline_row(void *ctx, int row, char *buf, size_t size)
{
	const struct timeline_state *st = ctx;
	const struct cl_timeline_row *r = &st->rows[row];
	char when[17], what[sizeof(r->line) + 32];

	snprintf(when, sizeof(when), "%s", r->at);
	if (when[10] == 'T')
		when[10] = ' ';
	if (strcmp(when + 10, " 00:00") == 0)
		when[10] = '\0'; /* only the day is known */
	snprintf(what, sizeof(what), "%s%s",
		 r->struck ? (r->kind == CL_TIMELINE_NOTE ? "\xe2\x9c\x97 amended "
							  : "\xe2\x9c\x97 in error ")
			   : "",
		 r->line);
	ui_format_columns(buf, size, row_columns,
			  (const char *const[]){ when, cl_timeline_kind_code(r->kind), what }, 3,
			  st->list.width, 2);
	return r->struck ? UI_ROLE_DIM : UI_ROLE_NORMAL;
}

static void timeline_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct timeline_state *st = state;
	char text[300];

	(void)chart;
	if (!st)
		return;
	snprintf(text, sizeof(text), "Timeline: %s, newest first (%d%s)   f: kind",
		 st->kind == CL_TIMELINE_ALL ? "everything" : cl_timeline_kind_code(st->kind),
		 st->list.n, st->end ? "" : "+");
	ui_chart_put(win, 0, 1, text, UI_ROLE_NORMAL);
	if (!st->list.n) {
		ui_chart_put(win, 2, 3,
			     st->kind == CL_TIMELINE_ALL
				     ? "Nothing recorded yet."
				     : "Nothing of this kind. f: the next kind.",
			     UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), row_columns, NULL, 3, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 1, 1, text, timeline_row, st);
}

static struct timeline_state *timeline_of(struct ui_view *chart)
{
	return ui_chart_state(chart, ui_chart_timeline.name);
}

static void show_kind(struct ui_view *chart, int kind)
{
	struct timeline_state *st = timeline_of(chart);

	if (!st)
		return;
	st->kind = (enum cl_timeline_kind)kind;
	st->list.sel = st->list.top = 0;
	timeline_load(chart, st);
}

static int act_next_kind(struct ui_view *chart)
{
	struct timeline_state *st = timeline_of(chart);

	if (st)
		show_kind(chart, (st->kind + 1) % CL_TIMELINE_KINDS);
	return UI_HANDLED;
}

static int act_pick_kind(struct ui_view *chart)
{
	struct timeline_state *st = timeline_of(chart);
	const char *items[CL_TIMELINE_KINDS];

	for (int i = 0; i < CL_TIMELINE_KINDS; i++)
		items[i] = cl_timeline_kind_code((enum cl_timeline_kind)i);
	ui_app_push(chart->app, ui_pick_new(chart->app, chart, "Show", items, CL_TIMELINE_KINDS,
					    st ? (int)st->kind : 0, show_kind));
	return UI_HANDLED;
}

static int act_open(struct ui_view *chart)
{
	struct timeline_state *st = timeline_of(chart);

	if (!st || !st->list.n)
		return UI_HANDLED;
	if (st->rows[st->list.sel].kind == CL_TIMELINE_NOTE)
		ui_chart_note_read(chart, &st->rows[st->list.sel].id);
	else
		ui_app_message(chart->app, UI_ROLE_NORMAL,
			       "Its section has the details (Tab: next section).");
	return UI_HANDLED;
}

/* The list keys, then the next page when the selection nears the end of what is loaded. */
static int timeline_key(struct ui_view *chart, void *state, int key)
{
	struct timeline_state *st = state;
	int rc;

	if (!st)
		return UI_UNHANDLED;
	if (key == 'G' || key == UI_KEY(KEY_END)) {
		while (!st->end)
			timeline_more(chart, st);
	}
	rc = ui_chart_list_key(chart, state, key);
	if (key == UI_KEY(KEY_NPAGE) || key == UI_KEY(KEY_PPAGE)) {
		int page = getmaxy(stdscr) > 12 ? getmaxy(stdscr) - 10 : 1;

		st->list.sel += key == UI_KEY(KEY_NPAGE) ? page : -page;
		if (st->list.sel < 0)
			st->list.sel = 0;
		rc = UI_HANDLED;
	}
	while (!st->end && st->list.sel + LOAD_AHEAD >= st->list.n)
		timeline_more(chart, st);
	ui_chart_list_loaded(&st->list);
	return rc;
}

static const struct ui_binding timeline_keys[] = {
	{ 'f', "f", "kind",
	  "show the next kind: all, notes, contacts, screenings, referrals, "
	  "tasks, events, risk",
	  true, act_next_kind },
	{ 'F', "F", "kind", "pick the kind to show from a menu", false, act_pick_kind },
	{ '\r', "Enter", "open", "read the selected note whole", true, act_open, UI_ENTER_MORE },
	{ 'a', "a", "note", "write a note (pick its kind, then type; F10 or ^S saves)", true,
	  ui_chart_note },
	UI_CHART_LIST_KEYS("next row (older)", "previous row (newer)", "newest", "oldest"),
	{ UI_KEY(KEY_NPAGE), "PgDn", "page", "a screenful older", false, NULL },
	{ UI_KEY(KEY_PPAGE), "PgUp", "page", "a screenful newer", false, NULL },
	{ 0 },
};

const struct ui_chart_section ui_chart_timeline = {
	.name = "Timeline",
	.keys = timeline_keys,
	.open = timeline_open,
	.reload = timeline_reload,
	.draw = timeline_draw,
	.key = timeline_key,
	.free = timeline_free,
};
