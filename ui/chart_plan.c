#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "careplan.h"
#include "chart.h"
#include "chart_list.h"
#include "keymap.h"
#include "views.h"

/*
 * The chart's Plan: the patient's goals (in their words), each with its tasks under it.
 * The cursor moves over goals: Enter edits one, `t` adds a task to it, `o` adds a goal.
 */

#define GOALS_MAX 64
#define TASKS_MAX 200

struct plan_state {
	/* first (ui_chart_list_key): n and sel over the goals; top: the first screen line */
	struct ui_chart_list list;
	struct cl_goal goals[GOALS_MAX];
	struct cl_task tasks[TASKS_MAX];
	int ntasks, loose; /* loose: open tasks outside any goal */
	char today[CL_DATE_LEN];
};

static void plan_load(struct ui_view *chart, struct plan_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };
	int i;

	cl_date_today(st->today);
	if (cl_goal_list(db, &p->id, true, st->goals, GOALS_MAX, &st->list.n, &err) ||
	    cl_task_list(db, &p->id, true, st->tasks, TASKS_MAX, &st->ntasks, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the care plan: %s",
			       err.message);
		st->list.n = st->ntasks = 0;
	}
	st->loose = 0;
	for (i = 0; i < st->ntasks; i++)
		if (cl_id_is_nil(&st->tasks[i].goal_id) && st->tasks[i].status == CL_TASK_OPEN)
			st->loose++;
	ui_chart_list_loaded(&st->list);
}

static void *plan_open(struct ui_view *chart)
{
	struct plan_state *st = calloc(1, sizeof(*st));

	if (st)
		plan_load(chart, st);
	return st;
}

static void plan_reload(struct ui_view *chart, void *state)
{
	if (state)
		plan_load(chart, state);
}

static bool goal_closed(const struct cl_goal *g)
{
	return g->status == CL_GOAL_ACHIEVED || g->status == CL_GOAL_CANCELLED ||
	       g->error_reason[0];
}

/* One screen line of the plan: a goal (task < 0) or one of its tasks. */
struct plan_line {
	int goal, task;
};

/* The lines of the plan in order; returns their number (at most max). */
static int plan_lines(const struct plan_state *st, struct plan_line *lines, int max)
{
	int n = 0, g, t;

	for (g = 0; g < st->list.n && n < max; g++) {
		lines[n++] = (struct plan_line){ g, -1 };
		for (t = 0; t < st->ntasks && n < max; t++)
			if (cl_id_equal(&st->tasks[t].goal_id, &st->goals[g].id))
				lines[n++] = (struct plan_line){ g, t };
	}
	return n;
}

/* "[ ]" open, "[x]" done, "[-]" cancelled: the mark between the brackets. */
static const char *task_box(const struct cl_task *t)
{
	return t->status == CL_TASK_OPEN ? " " : t->status == CL_TASK_DONE ? "x" : "-";
}

static void plan_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct plan_state *st = state;
	struct plan_line lines[GOALS_MAX + TASKS_MAX];
	int rows = getmaxy(win), n, i, y, first = -1, last = -1;
	char text[700];

	(void)chart;
	if (!st)
		return;
	if (!st->list.n) {
		ui_chart_put(win, 0, 3, "No goals yet. o: add a goal in the patient's words.",
			     UI_ROLE_DIM);
		if (st->loose)
			ui_chart_put(win, 1, 3, "Open tasks outside any goal are under Tasks.",
				     UI_ROLE_DIM);
		return;
	}
	n = plan_lines(st, lines, GOALS_MAX + TASKS_MAX);
	/* Scroll so that the selected goal's line (and the one after) shows. */
	for (i = 0; i < n; i++) {
		if (lines[i].goal == st->list.sel && first < 0)
			first = i;
		if (lines[i].goal == st->list.sel)
			last = i;
	}
	if (first < st->list.top)
		st->list.top = first;
	if (last >= st->list.top + rows - 1)
		st->list.top = last - (rows - 2) > first ? first : last - (rows - 2);
	if (st->list.top < 0)
		st->list.top = 0;
	for (i = st->list.top, y = 0; i < n && y < rows - 1; i++, y++) {
		const struct cl_goal *g = &st->goals[lines[i].goal];
		enum ui_role role;

		/* a long goal or task shortens; its status and dates never do */
		if (lines[i].task < 0) {
			char status[160];
			const char *kept = status;

			role = goal_closed(g) ? UI_ROLE_DIM : UI_ROLE_NORMAL;
			if (lines[i].goal == st->list.sel)
				role = UI_ROLE_SELECTED;
			snprintf(text, sizeof(text), "Goal: %s", g->description);
			if (g->error_reason[0])
				snprintf(status, sizeof(status), "[%s]",
					 ui_chart_error_mark(g->error_reason, text, sizeof(text)));
			else
				snprintf(status, sizeof(status), "[%s, target %s%s%s]",
					 cl_goal_status_code(g->status), g->target_date,
					 g->domain[0] ? ", " : "", g->domain);
			ui_chart_header_line(win, y, 1, text, role, &kept, &role, 1, 2, false);
			continue;
		}
		{
			const struct cl_task *t = &st->tasks[lines[i].task];
			bool open = t->status == CL_TASK_OPEN;
			bool late = open && strcmp(t->due_date, st->today) < 0;

			char due[64];
			const char *kept = due;

			snprintf(text, sizeof(text), "    [%s] %s", task_box(t), t->title);
			snprintf(due, sizeof(due), "due %s%s", t->due_date,
				 late	? "  overdue"
				 : open ? ""
					: (t->status == CL_TASK_DONE ? "  done" : "  cancelled"));
			role = late ? UI_ROLE_ERROR : open ? UI_ROLE_NORMAL : UI_ROLE_DIM;
			ui_chart_header_line(win, y, 1, text, role, &kept, &role, 1, 2, false);
		}
	}
	if (st->loose && y < rows)
		ui_chart_put(win, rows - 1, 1,
			     st->loose == 1 ? "1 open task outside any goal: see Tasks."
					    : "Open tasks outside any goal: see Tasks.",
			     UI_ROLE_DIM);
}

static struct plan_state *plan_state(struct ui_view *chart)
{
	return ui_chart_state(chart, ui_chart_plan.name);
}

static int act_goal(struct ui_view *chart)
{
	ui_app_push(chart->app, ui_goal_form_new(chart->app, &ui_chart_patient(chart)->id, NULL));
	return UI_HANDLED;
}

static int act_edit(struct ui_view *chart)
{
	struct plan_state *st = plan_state(chart);

	if (st && st->list.n && st->goals[st->list.sel].error_reason[0])
		ui_app_message(chart->app, UI_ROLE_NORMAL,
			       "That goal was entered in error: it is kept as it was.");
	else if (st && st->list.n)
		ui_app_push(chart->app, ui_goal_form_new(chart->app, &ui_chart_patient(chart)->id,
							 &st->goals[st->list.sel].id));
	return UI_HANDLED;
}

static int act_error(struct ui_view *chart)
{
	struct plan_state *st = plan_state(chart);
	const struct cl_goal *g;
	char describe[80];

	if (!st || !st->list.n)
		return UI_HANDLED;
	g = &st->goals[st->list.sel];
	snprintf(describe, sizeof(describe), "goal \"%.16s\"", g->description);
	return ui_chart_entered_in_error(chart, CL_CORRECT_GOAL, &g->id, g->version,
					 g->error_reason, describe);
}

/* A task for the selected goal (an open one), else a task on its own. */
static int act_task(struct ui_view *chart)
{
	struct plan_state *st = plan_state(chart);
	const struct cl_id *goal = NULL;

	if (st && st->list.n && !goal_closed(&st->goals[st->list.sel]))
		goal = &st->goals[st->list.sel].id;
	ui_app_push(chart->app,
		    ui_task_form_new(chart->app, &ui_chart_patient(chart)->id, NULL, goal));
	return UI_HANDLED;
}

static const struct ui_binding plan_keys[] = {
	{ 'o', "o", "goal", "add a goal (objective) in the patient's words", true, act_goal },
	{ 't', "t", "task", "add a task to the selected goal", true, act_task },
	{ '\r', "Enter", "edit", "edit the selected goal (status: active, achieved, …)", false,
	  act_edit, UI_ENTER_MORE },
	{ 'E', "E", "error", "mark the selected goal entered in error (asks why, then confirms)",
	  true, act_error },
	UI_CHART_LIST_KEYS("next goal", "previous goal", "first goal", "last goal"),
	{ 0 },
};

const struct ui_chart_section ui_chart_plan = {
	.name = "Plan",
	.keys = plan_keys,
	.open = plan_open,
	.reload = plan_reload,
	.draw = plan_draw,
	.key = ui_chart_list_key,
	.free = free,
};
