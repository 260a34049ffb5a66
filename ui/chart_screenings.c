#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "domain.h"
#include "format.h"
#include "keymap.h"
#include "screening.h"
#include "views.h"

/*
 * The chart's Screenings section: the rescreen date, the current needs, the history (date, by
 * whom, status, result per domain). Interpersonal safety and the "review with clinician" flag
 * show here, inside the chart, and never in the header line (which a passer-by may read).
 */

#define HISTORY_MAX 50

struct screenings_state {
	struct ui_chart_list list;	   /* first (ui_chart_list_key): over the history */
	struct cl_screening_latest latest; /* sensitive domains included */
	struct cl_screening_summary *history;
	bool failed;
};

static void screenings_load(struct ui_view *chart, struct screenings_state *st)
{
	struct cl_db *db = ui_app_db(chart->app);
	const struct cl_id *id = &ui_chart_patient(chart)->id;
	struct cl_error err = { 0 };

	st->list.n = 0;
	st->failed = cl_screening_latest(db, id, 0, &st->latest, &err) ||
		     cl_screening_history_all(db, id, st->history, HISTORY_MAX, &st->list.n, &err);
	if (st->failed)
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the screenings: %s",
			       err.message);
	ui_chart_list_loaded(&st->list);
}

static void *screenings_open(struct ui_view *chart)
{
	struct screenings_state *st = calloc(1, sizeof(*st));

	if (!st || !(st->history = calloc(HISTORY_MAX, sizeof(*st->history)))) {
		free(st);
		ui_app_message(chart->app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	screenings_load(chart, st);
	return st;
}

static void screenings_reload(struct ui_view *chart, void *state)
{
	if (state)
		screenings_load(chart, state);
}

static void screenings_free(void *state)
{
	struct screenings_state *st = state;

	free(st->history);
	free(st);
}

/* "HRSN+: food, transportation   rescreen due": never a sensitive domain or the review flag. */
static void screenings_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	struct screenings_state *st = state;
	size_t len = 0;
	int i, shown = 0;

	(void)chart;
	if (!st || st->failed)
		return;
	for (i = 0; i < st->latest.npositive; i++) {
		const struct cl_screening_positive *p = &st->latest.positive[i];

		if (p->sensitive || len >= size)
			continue;
		snprintf(buf + len, size - len, "%s%s",
			 shown++ ? ", " : "HRSN+: ", cl_domain_key(p->code));
		len = strlen(buf);
	}
	if (len < size && st->latest.due)
		snprintf(buf + len, size - len, "%s%s", len ? "   " : "",
			 st->latest.screened ? "rescreen due" : "not screened");
}

/* One history line's results: "+ food, transportation; incomplete: utilities". */
static void history_results(const struct cl_screening_summary *h, char *buf, size_t size)
{
	static const struct {
		enum cl_domain_result result;
		const char *label;
	} parts[] = { { CL_DOMAIN_POSITIVE, "+ " }, { CL_DOMAIN_INCOMPLETE, "incomplete: " } };
	size_t len = 0, k;
	int d;

	buf[0] = '\0';
	if (h->status == CL_SCREENING_DECLINED)
		return;
	for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		int shown = 0;

		for (d = 0; d < h->ndomains && len < size; d++) {
			if (h->domains[d].result != parts[k].result)
				continue;
			if (shown++)
				snprintf(buf + len, size - len, ", %s",
					 cl_domain_key(h->domains[d].code));
			else
				snprintf(buf + len, size - len, "%s%s%s", len ? "; " : "",
					 parts[k].label, cl_domain_key(h->domains[d].code));
			len = strlen(buf);
		}
	}
	if (!buf[0])
		snprintf(buf, size, "all negative");
}

/* Date, By, Status, Result (the rest). */
static const struct ui_column screening_columns[] = {
	{ .title = "Date", .width = 10, .keep = true },
	{ .title = "By", .width = 12, .grow = 1, .max = 24 },
	{ .title = "Status", .width = 9 },
	{ .title = "Result", .width = 39, .grow = 3 },
};

static enum ui_role history_row(void *ctx, int row, char *buf, size_t size)
{
	const struct screenings_state *st = ctx;
	const struct cl_screening_summary *h = &st->history[row];
	char results[256], result[300];

	if (h->error_reason[0]) {
		ui_chart_error_mark(h->error_reason, result, sizeof(result));
	} else {
		history_results(h, results, sizeof(results));
		snprintf(result, sizeof(result), "%s%s", results, h->review ? "; review" : "");
	}
	ui_format_columns(buf, size, screening_columns,
			  (const char *const[]){ h->screened_on, h->screened_by,
						 cl_screening_status_code(h->status), result },
			  4, st->list.width, 2);
	return h->status == CL_SCREENING_DECLINED || h->error_reason[0] ? UI_ROLE_DIM
									: UI_ROLE_NORMAL;
}

static void screenings_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct screenings_state *st = state;
	const struct cl_screening_latest *l;
	int rows = getmaxy(win), y = 0, i;
	char text[512], needs[256] = "";

	(void)chart;
	if (!st)
		return;
	l = &st->latest;
	if (!l->screened)
		snprintf(text, sizeof(text), "Never screened: due now. Press s to screen.");
	else if (l->due)
		snprintf(text, sizeof(text), "Last screened %s (%s): rescreen due since %s.",
			 l->last_on, cl_screening_status_code(l->last_status), l->due_on);
	else
		snprintf(text, sizeof(text), "Last screened %s (%s); rescreen due %s.", l->last_on,
			 cl_screening_status_code(l->last_status), l->due_on);
	ui_chart_put(win, y++, 3, text, l->due ? UI_ROLE_ERROR : UI_ROLE_NORMAL);
	for (i = 0; i < l->npositive; i++) {
		size_t len = strlen(needs);

		if (!l->positive[i].sensitive)
			snprintf(needs + len, sizeof(needs) - len, "%s%s", len ? ", " : "",
				 l->positive[i].name);
	}
	if (needs[0]) {
		snprintf(text, sizeof(text), "Current needs: %s", needs);
		ui_chart_put(win, y++, 3, text, UI_ROLE_ERROR);
	}
	for (i = 0; i < l->npositive; i++) {
		if (!l->positive[i].sensitive)
			continue;
		snprintf(text, sizeof(text), "%s: positive (sensitive: discuss in private)",
			 l->positive[i].name);
		ui_chart_put(win, y++, 3, text, UI_ROLE_ERROR);
	}
	if (l->review)
		ui_chart_put(
			win, y++, 3,
			"Review with clinician: reported being physically hurt (latest screening)",
			UI_ROLE_ERROR);
	y++;
	if (!st->list.n) {
		if (y < rows)
			ui_chart_put(win, y, 3, "No screenings yet.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), screening_columns, NULL, 4, getmaxx(win) - 4, 2);
	ui_chart_list_draw(&st->list, win, y, 3, text, history_row, st);
}

int ui_chart_screen(struct ui_view *chart)
{
	ui_app_push(chart->app, ui_screening_new(chart->app, &ui_chart_patient(chart)->id));
	return UI_HANDLED;
}

static struct screenings_state *screenings_state(struct ui_view *chart)
{
	return ui_chart_state(chart, ui_chart_screenings.name);
}

static int act_answers(struct ui_view *chart)
{
	struct screenings_state *st = screenings_state(chart);
	const struct cl_screening_summary *h;

	if (!st || !st->list.n)
		return UI_HANDLED;
	h = &st->history[st->list.sel];
	if (h->status == CL_SCREENING_DECLINED) {
		ui_app_message(chart->app, UI_ROLE_NORMAL, "Declined: there are no answers.");
		return UI_HANDLED;
	}
	ui_app_push(chart->app, ui_screening_answers_new(chart->app, &h->id, h->error_reason));
	return UI_HANDLED;
}

static int act_error(struct ui_view *chart)
{
	struct screenings_state *st = screenings_state(chart);
	const struct cl_screening_summary *h;
	char describe[80];

	if (!st || !st->list.n)
		return UI_HANDLED;
	h = &st->history[st->list.sel];
	snprintf(describe, sizeof(describe), "screening %s", h->screened_on);
	return ui_chart_entered_in_error(chart, CL_CORRECT_SCREENING, &h->id, h->version,
					 h->error_reason, describe);
}

static const struct ui_binding screenings_keys[] = {
	{ '\r', "Enter", "answers", "the selected screening's answers, question by question", true,
	  act_answers, UI_ENTER_MORE },
	{ 'E', "E", "error",
	  "mark the selected screening entered in error (asks why, then confirms)", true,
	  act_error },
	UI_CHART_LIST_KEYS("next screening", "previous screening", "newest screening",
			   "oldest screening"),
	{ 0 },
};

const struct ui_chart_section ui_chart_screenings = {
	.name = "Screenings",
	.keys = screenings_keys,
	.open = screenings_open,
	.reload = screenings_reload,
	.draw = screenings_draw,
	.key = ui_chart_list_key,
	.header = screenings_header,
	.free = screenings_free,
};
