#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_review.h"
#include "chart.h"
#include "chart_list.h"
#include "db.h"
#include "format.h"
#include "keymap.h"
#include "views.h"

/*
 * The chart's Audit, for supervisors only (others do not see the section): who opened or
 * changed this patient's chart, when and what, newest first (cl_audit_review). Read when
 * the section is first shown, not when the chart opens, because reading it is itself
 * recorded ("audit-read" in the access log).
 */

struct audit_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_audit_entry *rows;
	bool loaded;
};

static bool audit_shown(struct ui_view *chart)
{
	return cl_db_user_may(ui_app_db(chart->app), CL_POWER_READ_AUDIT);
}

static void audit_load(struct ui_view *chart, struct audit_state *st)
{
	struct cl_audit_query q = { .has_patient = true, .patient = ui_chart_patient(chart)->id };
	struct cl_error err = { 0 };

	free(st->rows);
	st->rows = NULL;
	st->list.n = 0;
	st->loaded = true;
	if (cl_audit_review(ui_app_db(chart->app), &q, &st->rows, &st->list.n, &err))
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the audit: %s",
			       err.message);
	ui_chart_list_loaded(&st->list);
}

static void *audit_open(struct ui_view *chart)
{
	(void)chart;
	return calloc(1, sizeof(struct audit_state));
}

static void audit_reload(struct ui_view *chart, void *state)
{
	struct audit_state *st = state;

	(void)chart;
	if (st)
		st->loaded = false; /* read again when shown */
}

static void audit_free(void *state)
{
	struct audit_state *st = state;

	if (st)
		free(st->rows);
	free(st);
}

/* When (UTC), Who, What. */
static const struct ui_column audit_columns[] = {
	{ .title = "When (UTC)", .width = 16, .keep = true },
	{ .title = "Who", .width = 12 },
	{ .title = "What", .width = 20, .grow = 1 },
};

/* "opened the chart", "update task", "read the audit (12 rows)". */
static void what_text(const struct cl_audit_entry *e, char *buf, size_t size)
{
	if (!e->change && strcmp(e->action, "view") == 0 && strcmp(e->what, "patient") == 0)
		snprintf(buf, size, "opened the chart");
	else if (!e->change && strcmp(e->what, "audit-read") == 0)
		snprintf(buf, size, "read the audit (%lld rows)", e->count);
	else if (e->change && strcmp(e->what, "patient") == 0)
		snprintf(buf, size, "%s the record", e->action);
	else
		snprintf(buf, size, "%s %s", e->action, e->what);
}

static enum ui_role audit_row(void *ctx, int row, char *buf, size_t size)
{
	const struct audit_state *st = ctx;
	const struct cl_audit_entry *e = &st->rows[row];
	char when[17], what[128];

	snprintf(when, sizeof(when), "%.16s", e->at);
	if (when[10] == 'T')
		when[10] = ' ';
	what_text(e, what, sizeof(what));
	ui_format_columns(buf, size, audit_columns, (const char *const[]){ when, e->actor, what },
			  3, st->list.width, 2);
	return e->change ? UI_ROLE_NORMAL : UI_ROLE_DIM;
}

static void audit_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct audit_state *st = state;
	char text[600];

	if (!st)
		return;
	if (!st->loaded)
		audit_load(chart, st);
	snprintf(text, sizeof(text), "Who opened or changed this chart: %d, newest first",
		 st->list.n);
	ui_chart_put(win, 0, 1, text, UI_ROLE_NORMAL);
	if (!st->list.n) {
		ui_chart_put(win, 2, 3, "Nothing recorded yet.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), audit_columns, NULL, 3, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 1, 1, text, audit_row, st);
}

static const struct ui_binding audit_keys[] = {
	UI_CHART_LIST_KEYS("next row", "previous row", "newest row", "oldest row"),
	{ 0 },
};

const struct ui_chart_section ui_chart_audit = {
	.name = "Audit",
	.keys = audit_keys,
	.open = audit_open,
	.reload = audit_reload,
	.draw = audit_draw,
	.key = ui_chart_list_key,
	.free = audit_free,
	.shown = audit_shown,
};
