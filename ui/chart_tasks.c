#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "careplan.h"
#include "correction.h"
#include "date.h"
#include "chart.h"
#include "chart_list.h"
#include "format.h"
#include "keymap.h"
#include "popup.h"
#include "views.h"

/* The chart's Tasks: open tasks first (soonest due, overdue marked), then closed ones. */

#define ROWS_MAX 200

struct tasks_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_task rows[ROWS_MAX];
	int nopen;
	int overdue;
	char today[CL_DATE_LEN];
	struct cl_task closing; /* the task `x`, `O` or `X` asks about */
	enum cl_task_status to; /* `O`: open (reopen), `X`: cancelled */
	char reason[501];	/* why, as the coordinator typed it */
};

static void tasks_load(struct ui_view *chart, struct tasks_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_task *all = calloc(ROWS_MAX, sizeof(*all));
	struct cl_error err = { 0 };
	int n = 0, i;

	cl_date_today(st->today);
	st->list.n = st->nopen = st->overdue = 0;
	if (!all || cl_task_list(ui_app_db(chart->app), &p->id, true, all, ROWS_MAX, &n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the tasks: %s",
			       all ? err.message : "out of memory");
		n = 0;
	}
	/* Open ones first, each part in due-date order as listed. */
	for (i = 0; i < n; i++) {
		if (all[i].status != CL_TASK_OPEN)
			continue;
		st->rows[st->list.n++] = all[i];
		if (strcmp(all[i].due_date, st->today) < 0)
			st->overdue++;
	}
	st->nopen = st->list.n;
	for (i = 0; i < n; i++)
		if (all[i].status != CL_TASK_OPEN)
			st->rows[st->list.n++] = all[i];
	free(all);
	ui_chart_list_loaded(&st->list);
}

static void *tasks_open(struct ui_view *chart)
{
	struct tasks_state *st = calloc(1, sizeof(*st));

	if (st)
		tasks_load(chart, st);
	return st;
}

static void tasks_reload(struct ui_view *chart, void *state)
{
	if (state)
		tasks_load(chart, state);
}

/* "3 d overdue", "due today", "in 4 d", or the status of a closed task. */
static void task_when(const struct tasks_state *st, const struct cl_task *t, char *buf, size_t size,
		      enum ui_role *role)
{
	long days = cl_date_days(st->today) - cl_date_days(t->due_date);

	char day[CL_DATE_LEN];

	*role = UI_ROLE_NORMAL;
	if (t->status != CL_TASK_OPEN) {
		cl_date_local(t->closed_at, day);
		snprintf(buf, size, "%s %s", cl_task_status_code(t->status), day);
		*role = UI_ROLE_DIM;
	} else if (days > 0) {
		snprintf(buf, size, "%ld d overdue", days);
		*role = UI_ROLE_ERROR;
	} else if (days == 0) {
		snprintf(buf, size, "due today");
	} else {
		snprintf(buf, size, "in %ld d", -days);
	}
}

/* Due, Task, Assigned to, When ("done 2026-11-23"): the task takes what a wide terminal gives. */
static const struct ui_column task_columns[] = {
	{ .title = "Due", .width = 10, .keep = true },
	{ .title = "Task", .width = 33, .grow = 3 },
	{ .title = "Assigned to", .width = 14, .grow = 1, .max = 24 },
	{ .title = "When", .width = 15, .keep = true },
};

static enum ui_role task_row(void *ctx, int row, char *buf, size_t size)
{
	const struct tasks_state *st = ctx;
	const struct cl_task *t = &st->rows[row];
	enum ui_role role;
	char when[40];

	task_when(st, t, when, sizeof(when), &role);
	ui_format_columns(buf, size, task_columns,
			  (const char *const[]){ t->due_date, t->title,
						 t->assignee[0] ? t->assignee_name : "(unassigned)",
						 when },
			  4, st->list.width, 2);
	return role;
}

static void tasks_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct tasks_state *st = state;
	char text[400];

	(void)chart;
	if (!st)
		return;
	if (!st->list.n) {
		ui_chart_put(win, 0, 3, "No tasks. t: add a task.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), task_columns, NULL, 4, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 0, 1, text, task_row, st);
}

static void tasks_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	struct tasks_state *st = state;

	(void)chart;
	if (st && st->overdue)
		snprintf(buf, size, "%d task%s overdue", st->overdue, st->overdue == 1 ? "" : "s");
}

static struct tasks_state *tasks_state(struct ui_view *chart)
{
	return ui_chart_state(chart, ui_chart_tasks.name);
}

static int act_add(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_task_form_new(chart->app, &ui_chart_patient(chart)->id, NULL, NULL));
	return UI_HANDLED;
}

static int act_edit(struct ui_view *chart)
{
	struct tasks_state *st = tasks_state(chart);

	if (st && st->list.n)
		ui_app_push(chart->app, ui_task_form_new(chart->app, &ui_chart_patient(chart)->id,
							 &st->rows[st->list.sel].id, NULL));
	return UI_HANDLED;
}

static void done_confirmed(struct ui_view *chart)
{
	struct tasks_state *st = tasks_state(chart);
	struct cl_error err = { 0 };

	if (!st)
		return;
	if (cl_task_close(ui_app_db(chart->app), &st->closing, CL_TASK_DONE, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Not marked done: %s", err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK, "Task done.");
	ui_chart_reload(chart);
}

static int act_done(struct ui_view *chart)
{
	struct tasks_state *st = tasks_state(chart);
	char question[300];

	if (!st || !st->list.n)
		return UI_HANDLED;
	if (st->rows[st->list.sel].status != CL_TASK_OPEN) {
		ui_app_message(chart->app, UI_ROLE_NORMAL, "That task is already %s.",
			       cl_task_status_code(st->rows[st->list.sel].status));
		return UI_HANDLED;
	}
	st->closing = st->rows[st->list.sel];
	snprintf(question, sizeof(question), "Mark \"%.60s\" done? (y/n) ", st->closing.title);
	ui_app_push(chart->app, ui_confirm_new(chart->app, chart, question, done_confirmed));
	return UI_HANDLED;
}

static void correct_confirmed(struct ui_view *chart)
{
	struct tasks_state *st = tasks_state(chart);
	struct cl_error err = { 0 };
	bool reopen;

	if (!st)
		return;
	reopen = st->to == CL_TASK_OPEN;
	if (cl_task_correct(ui_app_db(chart->app), &st->closing, st->to, st->reason, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Not %s: %s",
			       reopen ? "reopened" : "cancelled", err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK, reopen ? "Task reopened." : "Task cancelled.");
	ui_chart_reload(chart);
}

static void correct_reason(struct ui_view *chart, const char *text)
{
	struct tasks_state *st = tasks_state(chart);
	char question[300];

	if (!st)
		return;
	snprintf(st->reason, sizeof(st->reason), "%s", text);
	snprintf(question, sizeof(question), "%s \"%.40s\"? (y/n) ",
		 st->to == CL_TASK_OPEN ? "Reopen" : "Cancel", st->closing.title);
	ui_app_push(chart->app, ui_confirm_new(chart->app, chart, question, correct_confirmed));
}

/* `O` and `X`: a closed task reopened, a done one cancelled; a reason, then y/n. */
static int correct(struct ui_view *chart, enum cl_task_status to)
{
	struct tasks_state *st = tasks_state(chart);
	const struct cl_task *t;

	if (!st || !st->list.n)
		return UI_HANDLED;
	t = &st->rows[st->list.sel];
	if (t->status == CL_TASK_OPEN) {
		ui_app_message(chart->app, UI_ROLE_NORMAL,
			       to == CL_TASK_OPEN ? "That task is open."
						  : "That task is open: x marks it done.");
		return UI_HANDLED;
	}
	if (to == CL_TASK_CANCELLED && t->status != CL_TASK_DONE) {
		ui_app_message(chart->app, UI_ROLE_NORMAL, "That task is already cancelled.");
		return UI_HANDLED;
	}
	st->closing = *t;
	st->to = to;
	ui_app_push(chart->app,
		    ui_ask_new(chart->app, chart,
			       to == CL_TASK_OPEN ? "Why reopen it? " : "Why cancel it? ", true,
			       correct_reason));
	return UI_HANDLED;
}

static int act_reopen(struct ui_view *chart)
{
	return correct(chart, CL_TASK_OPEN);
}

static int act_cancel(struct ui_view *chart)
{
	return correct(chart, CL_TASK_CANCELLED);
}

static const struct ui_binding tasks_keys[] = {
	{ 't', "t", "task", "add a task", true, act_add },
	{ 'x', "x", "done", "mark the selected task done (asks first)", true, act_done },
	{ 'O', "O", "reopen",
	  "reopen the selected done or cancelled task (asks why, then confirms)", true,
	  act_reopen },
	{ 'X', "X", "cancel", "cancel the selected done task (asks why, then confirms)", false,
	  act_cancel },
	{ '\r', "Enter", "edit", "edit the selected task", false, act_edit, UI_ENTER_MORE },
	UI_CHART_LIST_KEYS("next task", "previous task", "first task", "last task"),
	{ 0 },
};

const struct ui_chart_section ui_chart_tasks = {
	.name = "Tasks",
	.keys = tasks_keys,
	.open = tasks_open,
	.reload = tasks_reload,
	.draw = tasks_draw,
	.key = ui_chart_list_key,
	.header = tasks_header,
	.free = free,
};
