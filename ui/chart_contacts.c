#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "format.h"
#include "contact.h"
#include "keymap.h"
#include "setting.h"
#include "views.h"

/*
 * The chart's Contacts: the outreach log, newest first, under a line with this month's
 * care-management minutes against the ccm_minutes threshold.
 */

#define ROWS_MAX 200

struct contacts_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_contact rows[ROWS_MAX];
	long month_minutes, threshold;
	char month[8]; /* "YYYY-MM" */
};

static void contacts_load(struct ui_view *chart, struct contacts_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];
	int i;

	cl_date_today(today);
	snprintf(st->month, sizeof(st->month), "%.7s", today);
	if (cl_contact_list(db, &p->id, st->rows, ROWS_MAX, &st->list.n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the contacts: %s",
			       err.message);
		st->list.n = 0;
	}
	/* Newest first: this month's contacts are at the top (a month holds far fewer). */
	st->month_minutes = 0;
	for (i = 0; i < st->list.n; i++)
		if (strncmp(st->rows[i].occurred_at, st->month, 7) == 0 &&
		    !st->rows[i].error_reason[0])
			st->month_minutes += st->rows[i].minutes;
	st->threshold = cl_setting_int(db, "ccm_minutes");
	ui_chart_list_loaded(&st->list);
}

static void *contacts_open(struct ui_view *chart)
{
	struct contacts_state *st = calloc(1, sizeof(*st));

	if (st)
		contacts_load(chart, st);
	return st;
}

static void contacts_reload(struct ui_view *chart, void *state)
{
	if (state)
		contacts_load(chart, state);
}

/* When, Mode, Dir, Outcome, Min, Task, By / note (the rest). */
static const struct ui_column contact_columns[] = {
	{ .title = "When", .width = 16, .keep = true },
	{ .title = "Mode", .width = 9 },
	{ .title = "Dir", .width = 3 },
	{ .title = "Outcome", .width = 12 },
	{ .title = "Min", .width = 3, .right = true, .keep = true },
	{ .title = "Task", .width = 4 },
	{ .title = "By / note", .width = 9, .grow = 1 },
};

static enum ui_role contact_row(void *ctx, int row, char *buf, size_t size)
{
	const struct contacts_state *st = ctx;
	const struct cl_contact *c = &st->rows[row];
	char when[17], minutes[16], by[600];
	const char *outcome = cl_contact_outcome_code(c->outcome);

	snprintf(when, sizeof(when), "%s", c->occurred_at);
	if (when[10] == 'T')
		when[10] = ' ';
	snprintf(minutes, sizeof(minutes), "%3ld", c->minutes);
	/* entered in error: the flag in place of the outcome, the reason first in the note */
	if (c->error_reason[0]) {
		outcome = ui_chart_error_flag();
		snprintf(by, sizeof(by), "%s (was %s)", cl_error_reason_label(c->error_reason),
			 cl_contact_outcome_code(c->outcome));
	} else {
		snprintf(by, sizeof(by), "%s%s%s", c->care_manager_name, c->note[0] ? ": " : "",
			 c->note);
	}
	ui_format_columns(buf, size, contact_columns,
			  (const char *const[]){ when, cl_contact_mode_code(c->mode),
						 c->direction == CL_CONTACT_INBOUND ? "in" : "out",
						 outcome, minutes,
						 cl_id_is_nil(&c->task_id) ? "" : "done", by },
			  7, st->list.width, 2);
	return c->error_reason[0] ? UI_ROLE_DIM : UI_ROLE_NORMAL;
}

static void contacts_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct contacts_state *st = state;
	char text[1200];

	(void)chart;
	if (!st)
		return;
	snprintf(text, sizeof(text), "Minutes this month (%s): %ld of %ld%s", st->month,
		 st->month_minutes, st->threshold,
		 st->month_minutes >= st->threshold ? "  (threshold met)" : "");
	ui_chart_put(win, 0, 1, text,
		     st->month_minutes >= st->threshold ? UI_ROLE_OK : UI_ROLE_NORMAL);
	if (!st->list.n) {
		ui_chart_put(win, 2, 3, "No contacts yet. c: log a contact.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), contact_columns, NULL, 7, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 1, 1, text, contact_row, st);
}

int ui_chart_contact(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_contact_form_new(chart->app, &ui_chart_patient(chart)->id, NULL));
	return UI_HANDLED;
}

static int act_error(struct ui_view *chart)
{
	struct contacts_state *st = ui_chart_state(chart, ui_chart_contacts.name);
	const struct cl_contact *c;
	char describe[80];

	if (!st || !st->list.n)
		return UI_HANDLED;
	c = &st->rows[st->list.sel];
	snprintf(describe, sizeof(describe), "%s contact %.10s", cl_contact_mode_code(c->mode),
		 c->occurred_at);
	return ui_chart_entered_in_error(chart, CL_CORRECT_CONTACT, &c->id, c->version,
					 c->error_reason, describe);
}

static const struct ui_binding contacts_keys[] = {
	{ 'c', "c", "contact", "log a contact (call, visit, message)", true, ui_chart_contact },
	{ 'E', "E", "error", "mark the selected contact entered in error (asks why, then confirms)",
	  true, act_error },
	UI_CHART_LIST_KEYS("next contact", "previous contact", "newest contact", "oldest contact"),
	{ 0 },
};

const struct ui_chart_section ui_chart_contacts = {
	.name = "Contacts",
	.keys = contacts_keys,
	.open = contacts_open,
	.reload = contacts_reload,
	.draw = contacts_draw,
	.key = ui_chart_list_key,
	.free = free,
};
