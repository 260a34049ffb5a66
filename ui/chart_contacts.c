#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
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
	struct cl_contact rows[ROWS_MAX];
	int n, sel, top;
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
	if (cl_contact_list(db, &p->id, st->rows, ROWS_MAX, &st->n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the contacts: %s",
			       err.message);
		st->n = 0;
	}
	/* Newest first: this month's contacts are at the top (a month holds far fewer). */
	st->month_minutes = 0;
	for (i = 0; i < st->n; i++)
		if (strncmp(st->rows[i].occurred_at, st->month, 7) == 0)
			st->month_minutes += st->rows[i].minutes;
	st->threshold = cl_setting_int(db, "ccm_minutes");
	if (st->sel >= st->n)
		st->sel = st->n ? st->n - 1 : 0;
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
static const int contact_widths[] = { 16, 9, 3, 12, 3, 4, 0 };

static void contacts_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct contacts_state *st = state;
	int rows = getmaxy(win), i, y;
	char text[1200];

	(void)chart;
	if (!st)
		return;
	snprintf(text, sizeof(text), "Minutes this month (%s): %ld of %ld%s", st->month,
		 st->month_minutes, st->threshold,
		 st->month_minutes >= st->threshold ? "  (threshold met)" : "");
	ui_chart_put(win, 0, 1, text,
		     st->month_minutes >= st->threshold ? UI_ROLE_OK : UI_ROLE_NORMAL);
	if (!st->n) {
		ui_chart_put(win, 2, 3, "No contacts yet. c: log a contact.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text),
			  (const char *const[]){ "When", "Mode", "Dir", "Outcome", "Min", "Task",
						 "By / note" },
			  contact_widths, 7, 2);
	ui_chart_put(win, 1, 1, text, UI_ROLE_HEADER);
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + rows - 2)
		st->top = st->sel - (rows - 3);
	for (i = st->top, y = 2; i < st->n && y < rows; i++, y++) {
		const struct cl_contact *c = &st->rows[i];
		char when[17], minutes[16], by[600];

		snprintf(when, sizeof(when), "%s", c->occurred_at);
		if (when[10] == 'T')
			when[10] = ' ';
		snprintf(minutes, sizeof(minutes), "%3ld", c->minutes);
		snprintf(by, sizeof(by), "%s%s%s", c->care_manager_name, c->note[0] ? ": " : "",
			 c->note);
		ui_format_columns(
			text, sizeof(text),
			(const char *const[]){ when, cl_contact_mode_code(c->mode),
					       c->direction == CL_CONTACT_INBOUND ? "in" : "out",
					       cl_contact_outcome_code(c->outcome), minutes,
					       cl_id_is_nil(&c->task_id) ? "" : "done", by },
			contact_widths, 7, 2);
		ui_chart_put(win, y, 1, text, i == st->sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
	}
}

static int contacts_key(struct ui_view *chart, void *state, int key)
{
	struct contacts_state *st = state;

	(void)chart;
	if (!st)
		return UI_UNHANDLED;
	if (key == 'j' || key == UI_KEY(KEY_DOWN)) {
		if (st->sel + 1 < st->n)
			st->sel++;
		return UI_HANDLED;
	}
	if (key == 'k' || key == UI_KEY(KEY_UP)) {
		if (st->sel > 0)
			st->sel--;
		return UI_HANDLED;
	}
	if (key == 'g' || key == UI_KEY(KEY_HOME)) {
		st->sel = 0;
		return UI_HANDLED;
	}
	if (key == 'G' || key == UI_KEY(KEY_END)) {
		st->sel = st->n ? st->n - 1 : 0;
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

int ui_chart_contact(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_contact_form_new(chart->app, &ui_chart_patient(chart)->id, NULL));
	return UI_HANDLED;
}

static const struct ui_binding contacts_keys[] = {
	{ 'c', "c", "contact", "log a contact (call, visit, message)", true, ui_chart_contact },
	{ UI_KEY(KEY_DOWN), "Down", "down", "next contact", false, NULL },
	{ 'j', "j", "down", "next contact", false, NULL },
	{ UI_KEY(KEY_UP), "Up", "up", "previous contact", false, NULL },
	{ 'k', "k", "up", "previous contact", false, NULL },
	{ 'g', "g", "top", "newest contact", false, NULL },
	{ 'G', "G", "bottom", "oldest contact", false, NULL },
	{ 0 },
};

const struct ui_chart_section ui_chart_contacts = {
	.name = "Contacts",
	.keys = contacts_keys,
	.open = contacts_open,
	.reload = contacts_reload,
	.draw = contacts_draw,
	.key = contacts_key,
	.free = free,
};
