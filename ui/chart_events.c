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
 * The chart's Events: the patient's ED visits, admissions and discharges, newest first, each
 * with the follow-up it still owes (a discharge's contact and visit, an ED visit's contact);
 * and the chronic conditions count. Both feed the risk rules (the Risk section). `h` records
 * an event, `n` sets the count.
 */

#define ROWS_MAX 200

struct events_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_clinical_event rows[ROWS_MAX];
	int chronic; /* -1: not known (the rules could not run) */
};

static void events_load(struct ui_view *chart, struct events_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_risk_suggestion s;
	struct cl_error err = { 0 };

	st->chronic = cl_risk_suggest(ui_app_db(chart->app), &p->id, &s, &err)
			      ? -1
			      : s.chronic_conditions;
	if (cl_event_list(ui_app_db(chart->app), &p->id, st->rows, ROWS_MAX, &st->list.n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the events: %s",
			       err.message);
		st->list.n = 0;
	}
	ui_chart_list_loaded(&st->list);
}

static void *events_open(struct ui_view *chart)
{
	struct events_state *st = calloc(1, sizeof(*st));

	if (st)
		events_load(chart, st);
	return st;
}

static void events_reload(struct ui_view *chart, void *state)
{
	if (state)
		events_load(chart, state);
}

/* "contact by 2026-03-17", "visit by 2026-03-20", "done", "" (nothing was owed). */
static void followup_text(const struct cl_clinical_event *e, char *buf, size_t size)
{
	switch (e->followup_step) {
	case CL_FOLLOWUP_CONTACT:
		snprintf(buf, size, "contact by %s", e->followup_due);
		break;
	case CL_FOLLOWUP_VISIT:
		snprintf(buf, size, "visit by %s", e->followup_due);
		break;
	default:
		snprintf(buf, size, "%s", e->contact_due[0] ? "done" : "");
	}
}

/* Date, Time, Event, Follow-up, Facility / reason (the rest). */
static const struct ui_column event_columns[] = {
	{ .title = "Date", .width = 10, .keep = true },
	{ .title = "Time", .width = 5, .keep = true },
	{ .title = "Event", .width = 9 },
	{ .title = "Follow-up", .width = 21, .keep = true },
	{ .title = "Facility / reason", .width = 12, .grow = 1 },
};

static enum ui_role event_row(void *ctx, int row, char *buf, size_t size)
{
	const struct events_state *st = ctx;
	const struct cl_clinical_event *e = &st->rows[row];
	char followup[48], where[720];

	followup_text(e, followup, sizeof(followup));
	/* entered in error: the flag in place of the follow-up (it owes none), then why */
	if (e->error_reason[0]) {
		snprintf(followup, sizeof(followup), "%s", ui_chart_error_flag());
		snprintf(where, sizeof(where), "%s", cl_error_reason_label(e->error_reason));
	} else {
		snprintf(where, sizeof(where), "%s%s%s", e->facility,
			 e->facility[0] && e->reason[0] ? ": " : "", e->reason);
	}
	ui_format_columns(buf, size, event_columns,
			  (const char *const[]){ e->event_date, e->event_time,
						 cl_event_kind_code(e->kind), followup, where },
			  5, st->list.width, 2);
	if (e->error_reason[0])
		return UI_ROLE_DIM;
	return e->followup_step != CL_FOLLOWUP_NONE ? UI_ROLE_ERROR : UI_ROLE_NORMAL;
}

static void events_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct events_state *st = state;
	char text[800], count[16];

	(void)chart;
	if (!st)
		return;
	if (st->chronic < 0)
		snprintf(count, sizeof(count), "?");
	else
		snprintf(count, sizeof(count), "%d", st->chronic);
	snprintf(text, sizeof(text), "Chronic conditions: %s   (n: set; Risk shows the rules)",
		 count);
	ui_chart_put(win, 0, 1, text, UI_ROLE_NORMAL);
	if (!st->list.n) {
		ui_chart_put(win, 2, 3, "No hospital or ED events. h: record one.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), event_columns, NULL, 5, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 2, 1, text, event_row, st);
}

static int act_event(struct ui_view *chart)
{
	ui_app_push(chart->app, ui_event_form_new(chart->app, &ui_chart_patient(chart)->id));
	return UI_HANDLED;
}

static void chronic_given(struct ui_view *chart, const char *text)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_error err = { 0 };
	long long version = p->version;
	char *end;
	long n;

	text += strspn(text, " ");
	n = strtol(text, &end, 10);
	end += strspn(end, " ");
	if (!*text || *end || n < 0 || n > 99) {
		ui_app_message(chart->app, UI_ROLE_ERROR,
			       "Chronic conditions must be a whole number from 0 to 99.");
		return;
	}
	if (cl_risk_set_chronic_conditions(ui_app_db(chart->app), &p->id, &version, (int)n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Chronic conditions not set: %s",
			       err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK, "Chronic conditions set to %ld.", n);
	ui_chart_reload(chart);
}

int ui_chart_chronic(struct ui_view *chart)
{
	ui_app_push(chart->app, ui_ask_new(chart->app, chart,
					   "Chronic conditions on the problem list (0-99): ", true,
					   chronic_given));
	return UI_HANDLED;
}

static int act_error(struct ui_view *chart)
{
	struct events_state *st = ui_chart_state(chart, ui_chart_events.name);
	const struct cl_clinical_event *e;
	char describe[80];

	if (!st || !st->list.n)
		return UI_HANDLED;
	e = &st->rows[st->list.sel];
	snprintf(describe, sizeof(describe), "%s %s", cl_event_kind_code(e->kind), e->event_date);
	return ui_chart_entered_in_error(chart, CL_CORRECT_EVENT, &e->id, e->version,
					 e->error_reason, describe);
}

static const struct ui_binding events_keys[] = {
	{ 'E', "E", "error", "mark the selected event entered in error (asks why, then confirms)",
	  true, act_error },
	{ 'h', "h", "event", "record a hospital or ED event: ED visit, admission, discharge", true,
	  act_event },
	{ 'n', "n", "chronic", "set the number of chronic conditions", true, ui_chart_chronic },
	UI_CHART_LIST_KEYS("next event", "previous event", "newest event", "oldest event"),
	{ 0 },
};

const struct ui_chart_section ui_chart_events = {
	.name = "Events",
	.keys = events_keys,
	.open = events_open,
	.reload = events_reload,
	.draw = events_draw,
	.key = ui_chart_list_key,
	.free = free,
};
