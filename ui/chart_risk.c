#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "format.h"
#include "keymap.h"
#include "popup.h"
#include "risk.h"
#include "views.h"

/*
 * The chart's Risk: the tier with the reason it was set, what the rules suggest now (and
 * which rules fired), and every change of tier. `R` accepts the suggestion or sets a tier
 * with a reason (the coordinator's override).
 */

#define HISTORY_MAX 100
#define CHOICES_MAX 4

struct risk_state {
	struct ui_chart_list list; /* first (ui_chart_list_key): over the history */
	struct cl_risk_suggestion suggestion;
	bool suggested; /* the rules could run */
	struct cl_risk_change history[HISTORY_MAX];
	/* R's menu: accept, or set one of the other tiers */
	int choices[CHOICES_MAX]; /* -1: accept; else the tier to set */
	int nchoices;
	enum cl_risk setting; /* the tier whose reason is being asked */
};

static void risk_load(struct ui_view *chart, struct risk_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };

	st->suggested = !cl_risk_suggest(db, &p->id, &st->suggestion, &err);
	if (!st->suggested)
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not apply the risk rules: %s",
			       err.message);
	if (cl_risk_history(db, &p->id, st->history, HISTORY_MAX, &st->list.n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the risk history: %s",
			       err.message);
		st->list.n = 0;
	}
	ui_chart_list_loaded(&st->list);
}

static void *risk_open(struct ui_view *chart)
{
	struct risk_state *st = calloc(1, sizeof(*st));

	if (st) {
		st->list.scroll = true;
		risk_load(chart, st);
	}
	return st;
}

static void risk_reload(struct ui_view *chart, void *state)
{
	if (state)
		risk_load(chart, state);
}

/*
 * "Rules: utilization YES (2 ED, 1 adm.) · chronic no (1) · HRSN no (0) · uncontrolled no"
 * (the end is cut on a narrow screen; the reason below names what was met).
 */
static void rules_text(const struct cl_risk_suggestion *s, char *buf, size_t size)
{
	char hrsn[32];

	if (s->hrsn_positive_domains < 0)
		snprintf(hrsn, sizeof(hrsn), "no data");
	else
		snprintf(hrsn, sizeof(hrsn), "%d", s->hrsn_positive_domains);
	snprintf(
		buf, size,
		"Rules: utilization %s (%d ED, %d adm.) \xc2\xb7 chronic %s (%d) \xc2\xb7 HRSN %s (%s)"
		" \xc2\xb7 uncontrolled %s",
		s->utilization_rule ? "YES" : "no", s->ed_visits, s->admissions,
		s->chronic_rule ? "YES" : "no", s->chronic_conditions, s->hrsn_rule ? "YES" : "no",
		hrsn, s->uncontrolled_rule ? "YES" : "no");
}

/* Changed, By, From > to, Source, Reason: the reason takes what a wide terminal gives. */
static const struct ui_column history_columns[] = {
	{ .title = "Changed", .width = 16, .keep = true },
	{ .title = "By", .width = 15, .grow = 1, .max = 24 },
	{ .title = "From > to", .width = 14 },
	{ .title = "Source", .width = 11 },
	{ .title = "Reason", .width = 14, .grow = 3 },
};

static enum ui_role history_row(void *ctx, int row, char *buf, size_t size)
{
	const struct risk_state *st = ctx;
	const struct cl_risk_change *c = &st->history[row];
	char when[64], tiers[32];

	ui_format_time(c->changed_at, when, sizeof(when));
	snprintf(tiers, sizeof(tiers), "%s > %s", cl_risk_code(c->from), cl_risk_code(c->to));
	ui_format_columns(buf, size, history_columns,
			  (const char *const[]){ when, c->changed_by, tiers,
						 cl_risk_source_code(c->source), c->reason },
			  5, st->list.width, 2);
	return UI_ROLE_NORMAL;
}

static void risk_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct risk_state *st = state;
	int rows = getmaxy(win);
	char text[800];

	if (!st)
		return;
	snprintf(text, sizeof(text), "Tier: %s", cl_risk_code(p->risk_tier));
	ui_chart_put(win, 0, 1, text, ui_risk_role(p->risk_tier));
	if (st->list.n) {
		snprintf(text, sizeof(text), "Reason: %s (%s)", st->history[0].reason,
			 cl_risk_source_code(st->history[0].source));
		ui_chart_put(win, 1, 1, text, UI_ROLE_NORMAL);
	} else {
		ui_chart_put(win, 1, 1, "Reason: none recorded (set when the patient was added)",
			     UI_ROLE_DIM);
	}
	if (st->suggested) {
		const struct cl_risk_suggestion *s = &st->suggestion;

		snprintf(text, sizeof(text), "Suggested: %s%s \xe2\x80\x94 %s",
			 cl_risk_code(s->tier),
			 s->tier == p->risk_tier ? " (agrees)" : " (differs; R: review)",
			 s->reason[0] ? s->reason : "no rule fired");
		ui_chart_put(win, 2, 1, text,
			     s->tier == p->risk_tier ? UI_ROLE_DIM : UI_ROLE_ERROR);
		rules_text(s, text, sizeof(text));
		ui_chart_put(win, 3, 3, text, UI_ROLE_DIM);
	}
	if (rows < 7)
		return;
	if (!st->list.n) {
		ui_chart_put(win, 5, 1, "No changes of tier yet.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), history_columns, NULL, 5, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 5, 1, text, history_row, st);
}

static struct risk_state *risk_state(struct ui_view *chart)
{
	return ui_chart_state(chart, ui_chart_risk.name);
}

/* Apply a change: accept (reason from the rules) or set st->setting with reason. */
static void risk_apply(struct ui_view *chart, bool accept, const char *reason)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct risk_state *st = risk_state(chart);
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };
	long long version = p->version;
	int rc;

	if (!st)
		return;
	if (accept)
		rc = cl_risk_accept(db, &p->id, &version, &st->suggestion, &err);
	else
		rc = cl_risk_set(db, &p->id, &version, st->setting, reason, CL_RISK_BY_COORDINATOR,
				 st->suggested ? &st->suggestion.tier : NULL, &err);
	if (rc) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Risk tier not changed: %s", err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK, "Risk tier set to %s.",
		       cl_risk_code(accept ? st->suggestion.tier : st->setting));
	ui_chart_reload(chart);
}

static void reason_given(struct ui_view *chart, const char *reason)
{
	risk_apply(chart, false, reason);
}

static void choice_made(struct ui_view *chart, int index)
{
	struct risk_state *st = risk_state(chart);

	if (!st || index < 0 || index >= st->nchoices)
		return;
	if (st->choices[index] < 0) {
		risk_apply(chart, true, NULL);
		return;
	}
	st->setting = (enum cl_risk)st->choices[index];
	ui_app_push(chart->app,
		    ui_ask_new(chart->app, chart, "Reason for the new tier: ", true, reason_given));
}

/* R: the suggestion, and the choices: accept it, or set another tier with a reason. */
static int act_review(struct ui_view *chart)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct risk_state *st = risk_state(chart);
	char items[CHOICES_MAX][160], title[300];
	const char *labels[CHOICES_MAX];
	int t;

	if (!st)
		return UI_HANDLED;
	st->nchoices = 0;
	if (st->suggested && st->suggestion.tier != p->risk_tier) {
		snprintf(items[st->nchoices], sizeof(items[0]), "Accept: %s (%.120s)",
			 cl_risk_code(st->suggestion.tier), st->suggestion.reason);
		st->choices[st->nchoices++] = -1;
	}
	for (t = CL_RISK_HIGH; t <= CL_RISK_LOW; t++) {
		if ((enum cl_risk)t == p->risk_tier)
			continue;
		snprintf(items[st->nchoices], sizeof(items[0]), "Set %s, with a reason",
			 cl_risk_code((enum cl_risk)t));
		st->choices[st->nchoices++] = t;
	}
	for (t = 0; t < st->nchoices; t++)
		labels[t] = items[t];
	if (st->suggested)
		snprintf(title, sizeof(title), "Rules suggest %s: %s",
			 cl_risk_code(st->suggestion.tier),
			 st->suggestion.reason[0] ? st->suggestion.reason : "no rule fired");
	else
		snprintf(title, sizeof(title), "Risk tier (the rules could not run)");
	ui_app_push(chart->app,
		    ui_pick_new(chart->app, chart, title, labels, st->nchoices, 0, choice_made));
	return UI_HANDLED;
}

static const struct ui_binding risk_keys[] = {
	{ 'R', "R", "risk", "review the rules' suggestion: accept it or set a tier with a reason",
	  true, act_review },
	{ 'n', "n", "chronic", "set the number of chronic conditions (a risk rule)", true,
	  ui_chart_chronic },
	UI_CHART_LIST_KEYS("scroll the history", "scroll the history back",
			   "the start of the history", "the end of the history"),
	{ 0 },
};

const struct ui_chart_section ui_chart_risk = {
	.name = "Risk",
	.keys = risk_keys,
	.open = risk_open,
	.reload = risk_reload,
	.draw = risk_draw,
	.key = ui_chart_list_key,
	.free = free,
};
