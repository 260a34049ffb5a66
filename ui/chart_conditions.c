#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "chronic.h"
#include "format.h"
#include "keymap.h"
#include "views.h"

/*
 * The chart's Conditions: the last blood pressure and the last A1c with their dates (and
 * whether they are controlled), then the patient's chronic conditions, active first. `a`
 * adds a condition (a kind the chart has already is updated), Enter updates the selected
 * one (resolve it, its onset), `b` records a blood pressure and/or an A1c. Once the chart
 * lists conditions, the chronic conditions count is the number of active ones.
 */

#define ROWS_MAX 32

struct conditions_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_condition rows[ROWS_MAX];
	struct cl_chronic_status status;
	bool status_ok;
};

static void conditions_load(struct ui_view *chart, struct conditions_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];

	cl_date_today(today);
	st->status_ok = !cl_chronic_status(ui_app_db(chart->app), &p->id, today, &st->status, &err);
	if (cl_condition_list(ui_app_db(chart->app), &p->id, st->rows, ROWS_MAX, &st->list.n,
			      &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the conditions: %s",
			       err.message);
		st->list.n = 0;
	}
	ui_chart_list_loaded(&st->list);
}

static void *conditions_open(struct ui_view *chart)
{
	struct conditions_state *st = calloc(1, sizeof(*st));

	if (st)
		conditions_load(chart, st);
	return st;
}

static void conditions_reload(struct ui_view *chart, void *state)
{
	if (state)
		conditions_load(chart, state);
}

static const struct ui_column condition_columns[] = {
	{ .title = "Condition", .width = 22, .grow = 1 },
	{ .title = "Status", .width = 8, .keep = true },
	{ .title = "Onset", .width = 10, .keep = true },
	{ .title = "Code", .width = 16 },
};

static enum ui_role condition_row(void *ctx, int row, char *buf, size_t size)
{
	const struct conditions_state *st = ctx;
	const struct cl_condition *c = &st->rows[row];
	const struct cl_condition_kind *k = cl_condition_kind_find(c->kind);
	char code[48];

	snprintf(code, sizeof(code), "%s%s%s",
		 strcmp(c->code_system, "icd10cm") == 0	 ? "ICD-10 "
		 : strcmp(c->code_system, "snomed") == 0 ? "SNOMED "
							 : "",
		 c->code, "");
	ui_format_columns(buf, size, condition_columns,
			  (const char *const[]){ k ? k->label : c->kind, c->status,
						 c->onset_date[0] ? c->onset_date : "-", code },
			  4, st->list.width, 2);
	return strcmp(c->status, "active") == 0 ? UI_ROLE_NORMAL : UI_ROLE_DIM;
}

/* "Last BP 152/94 on 2026-03-02: not controlled" (or "none"). */
static void bp_text(const struct cl_chronic_status *s, char *buf, size_t size)
{
	if (!s->has_bp)
		snprintf(buf, size, "Last BP: none");
	else
		snprintf(buf, size, "Last BP: %.0f/%.0f on %s%s", s->systolic, s->diastolic,
			 s->bp_on,
			 cl_bp_controlled(s->systolic, s->diastolic) ? "" : " (140/90 or over)");
}

static void a1c_text(const struct cl_chronic_status *s, char *buf, size_t size)
{
	if (!s->has_a1c)
		snprintf(buf, size, "Last A1c: none");
	else
		snprintf(buf, size, "Last A1c: %.1f%% on %s%s", s->a1c, s->a1c_on,
			 cl_a1c_poor(s->a1c) ? " (over 9%)" : "");
}

static void conditions_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct conditions_state *st = state;
	const struct cl_chronic_status *s;
	char text[400];

	(void)chart;
	if (!st)
		return;
	s = &st->status;
	bp_text(s, text, sizeof(text));
	ui_chart_put(win, 0, 1, text,
		     st->status_ok && s->has_bp && !cl_bp_controlled(s->systolic, s->diastolic)
			     ? UI_ROLE_ERROR
			     : UI_ROLE_NORMAL);
	a1c_text(s, text, sizeof(text));
	ui_chart_put(win, 1, 1, text,
		     st->status_ok && s->has_a1c && cl_a1c_poor(s->a1c) ? UI_ROLE_ERROR
									: UI_ROLE_NORMAL);
	if (st->status_ok && (s->bp_gap || s->a1c_gap)) {
		snprintf(text, sizeof(text), "Care gap this year: %s%s%s",
			 !s->bp_gap	    ? ""
			 : !s->bp_this_year ? "no blood pressure"
					    : "blood pressure not controlled",
			 s->bp_gap && s->a1c_gap ? "; " : "",
			 !s->a1c_gap	     ? ""
			 : !s->a1c_this_year ? "no A1c"
					     : "A1c over 9%");
		ui_chart_put(win, 2, 1, text, UI_ROLE_ERROR);
	}
	if (!st->list.n) {
		ui_chart_put(win, 4, 3,
			     "No chronic conditions listed. a: add one; b: record a BP or A1c.",
			     UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), condition_columns, NULL, 4, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 4, 1, text, condition_row, st);
}

/* The header's note when the last readings are out of control: "BP 152/94  A1c 9.4%". */
static void conditions_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	const struct conditions_state *st = state;
	const struct cl_chronic_status *s;
	bool bp, a1c;

	(void)chart;
	if (!st || !st->status_ok || !st->status.uncontrolled)
		return;
	s = &st->status;
	bp = s->hypertension && s->has_bp && !cl_bp_controlled(s->systolic, s->diastolic);
	a1c = s->diabetes && s->has_a1c && cl_a1c_poor(s->a1c);
	if (bp && a1c)
		snprintf(buf, size, "Uncontrolled: BP %.0f/%.0f, A1c %.1f%%", s->systolic,
			 s->diastolic, s->a1c);
	else if (bp)
		snprintf(buf, size, "Uncontrolled: BP %.0f/%.0f", s->systolic, s->diastolic);
	else
		snprintf(buf, size, "Uncontrolled: A1c %.1f%%", s->a1c);
}

static int act_add(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_condition_form_new(chart->app, &ui_chart_patient(chart)->id, NULL));
	return UI_HANDLED;
}

static int act_update(struct ui_view *chart)
{
	struct conditions_state *st = ui_chart_state(chart, "Conditions");

	if (!st || !st->list.n)
		return act_add(chart);
	ui_app_push(chart->app, ui_condition_form_new(chart->app, &ui_chart_patient(chart)->id,
						      &st->rows[st->list.sel]));
	return UI_HANDLED;
}

static int act_result(struct ui_view *chart)
{
	ui_app_push(chart->app, ui_result_form_new(chart->app, &ui_chart_patient(chart)->id));
	return UI_HANDLED;
}

static const struct ui_binding conditions_keys[] = {
	{ 'a', "a", "condition", "add a chronic condition (hypertension, diabetes, COPD, …)", true,
	  act_add },
	{ '\r', "Enter", "update",
	  "update the selected condition: status (resolve it), onset, code", true, act_update,
	  UI_ENTER_MORE },
	{ 'b', "b", "BP/A1c", "record a blood pressure and/or an A1c with its date", true,
	  act_result },
	UI_CHART_LIST_KEYS("next condition", "previous condition", "first condition",
			   "last condition"),
	{ 0 },
};

const struct ui_chart_section ui_chart_conditions = {
	.name = "Conditions",
	.keys = conditions_keys,
	.open = conditions_open,
	.reload = conditions_reload,
	.draw = conditions_draw,
	.key = ui_chart_list_key,
	.header = conditions_header,
	.free = free,
};
