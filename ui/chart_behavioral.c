#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "behavioral.h"
#include "chart.h"
#include "format.h"
#include "keymap.h"
#include "popup.h"
#include "setting.h"
#include "views.h"

/*
 * The chart's BH section (behavioral health, measurement-based care): the enrollment in
 * behavioral care management, then each instrument's scores over time as a small trend of
 * block characters (the Reports trend's bars, ui_format_bar_cell), with baseline, last and
 * change, and response, remission or "not improving: case review" marked. An open safety flag
 * shows here and in the chart header.
 */

#define SECTION "BH"

/* The instruments the section trends, in order; remission_below: PHQ-9 < 5. */
static const struct trended {
	const char *code, *label;
	int max, remission_below;
} trended[] = {
	{ "phq-9", "PHQ-9", 27, 5 },
	{ "gad-7", "GAD-7", 21, 0 },
	{ "phq-2", "PHQ-2", 6, 0 },
};

#define NTRENDED  ((int)(sizeof(trended) / sizeof(trended[0])))
#define TREND_MAX 16 /* the latest scores a trend shows */

struct bh_state {
	bool enrolled;
	struct cl_bh_enrollment enrollment;
	bool safety;
	char safety_on[CL_DATE_LEN], safety_instrument[CL_CODE_LEN];
	struct cl_bh_score scores[NTRENDED][TREND_MAX];
	int nscores[NTRENDED];
	struct cl_bh_progress progress[NTRENDED];
	long review_weeks;
	bool utf8;
};

static void bh_load(struct ui_view *chart, struct bh_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_bh_score *all = calloc(CL_BH_MAX_SCORES, sizeof(*all));
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];
	int rc, i;

	cl_date_today(today);
	st->review_weeks = cl_setting_int(db, "bh_review_weeks");
	rc = cl_bh_enrollment_current(db, &p->id, &st->enrollment, &err);
	st->enrolled = rc == CL_OK;
	if (rc && rc != CL_ENOTFOUND)
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the enrollment: %s",
			       err.message);
	if (cl_bh_safety_open(db, &p->id, &st->safety, st->safety_on, st->safety_instrument, &err))
		st->safety = false;
	for (i = 0; i < NTRENDED; i++) {
		int n = 0, from;

		st->nscores[i] = 0;
		if (!all ||
		    cl_bh_scores(db, &p->id, trended[i].code, all, CL_BH_MAX_SCORES, &n, &err))
			n = 0;
		/* Enrolled: the scores of this episode of care (baseline shortly before). */
		from = st->enrolled ? cl_bh_scores_since(all, n, st->enrollment.enrolled_on) : 0;
		cl_bh_progress(all + from, n - from, st->enrolled ? st->enrollment.enrolled_on : "",
			       today, trended[i].remission_below, st->review_weeks,
			       &st->progress[i]);
		if (n - from > TREND_MAX)
			from = n - TREND_MAX;
		memcpy(st->scores[i], all + from, sizeof(*all) * (size_t)(n - from));
		st->nscores[i] = n - from;
	}
	free(all);
}

static void *bh_open(struct ui_view *chart)
{
	struct bh_state *st = calloc(1, sizeof(*st));
	const char *codeset = nl_langinfo(CODESET);

	if (st) {
		st->utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
		bh_load(chart, st);
	}
	return st;
}

static void bh_reload(struct ui_view *chart, void *state)
{
	if (state)
		bh_load(chart, state);
}

/* One instrument: the trend (one bar a score, two rows high) and its figures beside it. */
static int draw_trend(struct bh_state *st, int i, WINDOW *win, int y, int last)
{
	const struct cl_bh_progress *p = &st->progress[i];
	const struct trended *t = &trended[i];
	int n = st->nscores[i], x0 = 10, k, level;
	char text[256], marks[128] = "";

	if (y + 1 > last)
		return 0;
	ui_chart_put(win, y + 1, 1, t->label, UI_ROLE_HEADER);
	for (k = 0; k < n; k++) {
		int eighths = (st->scores[i][k].total * 16 + t->max / 2) / t->max;

		if (st->scores[i][k].total > 0 && eighths == 0)
			eighths = 1;
		for (level = 0; level < 2; level++) {
			wattrset(win, ui_attr(k == n - 1 ? UI_ROLE_HEADER : UI_ROLE_NORMAL));
			mvwaddstr(win, y + 1 - level, x0 + k,
				  ui_format_bar_cell(st->utf8, eighths, level));
		}
	}
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (p->response)
		snprintf(marks, sizeof(marks), "RESPONSE");
	if (p->remission)
		snprintf(marks + strlen(marks), sizeof(marks) - strlen(marks), "%sREMISSION",
			 marks[0] ? ", " : "");
	if (p->not_improving)
		snprintf(marks, sizeof(marks), "not improving: case review");
	snprintf(text, sizeof(text), "baseline %d  last %d  change %+d (%+d%%)", p->baseline,
		 p->last, p->change, p->change_percent);
	ui_chart_put(win, y, x0 + TREND_MAX + 2, text, UI_ROLE_NORMAL);
	snprintf(text, sizeof(text), "%s to %s, %d score%s", p->baseline_on, p->last_on, p->nscores,
		 p->nscores == 1 ? "" : "s");
	k = ui_chart_put(win, y + 1, x0 + TREND_MAX + 2, text, UI_ROLE_DIM);
	if (marks[0])
		ui_chart_put(win, y + 1, x0 + TREND_MAX + 4 + k, marks,
			     p->not_improving ? UI_ROLE_ERROR : UI_ROLE_OK);
	return 3;
}

static void bh_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct bh_state *st = state;
	int last = getmaxy(win) - 1, y = 0, i, shown = 0;
	char text[512];

	if (!st)
		return;
	if (st->safety) {
		snprintf(text, sizeof(text),
			 "SAFETY FLAG: %s safety question positive on %s: same-day review "
			 "(its task is open)",
			 st->safety_instrument, st->safety_on);
		ui_chart_put(win, y++, 1, text, UI_ROLE_ERROR);
	}
	if (st->enrolled) {
		const struct cl_bh_enrollment *e = &st->enrollment;

		snprintf(text, sizeof(text),
			 "Behavioral care since %s (%ld weeks)  CM %s  psychiatrist %s  target "
			 "PHQ-9 < %ld",
			 e->enrolled_on, st->progress[0].weeks,
			 e->care_manager[0] ? e->care_manager_name : "(none)",
			 e->psychiatrist[0] ? e->psychiatrist : "(none)", e->target_below);
		ui_chart_put(win, y++, 1, text, UI_ROLE_NORMAL);
	} else {
		ui_chart_put(win, y++, 1, "Not enrolled in behavioral care management (E enrolls).",
			     UI_ROLE_DIM);
	}
	y++;
	for (i = 0; i < NTRENDED && y <= last; i++) {
		if (!st->nscores[i])
			continue;
		y += draw_trend(st, i, win, y, last);
		shown++;
	}
	if (!shown && y <= last)
		ui_chart_put(win, y, 1, "No PHQ-9, GAD-7 or PHQ-2 scores yet (p screens).",
			     UI_ROLE_DIM);
	(void)chart;
}

/* The header note: an open safety flag never waits in a section. */
static void bh_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	struct bh_state *st = state;

	(void)chart;
	if (st && st->safety)
		snprintf(buf, size, "SAFETY FLAG %s", st->safety_on);
	else if (st && st->enrolled && st->progress[0].not_improving)
		snprintf(buf, size, "BH: case review");
}

static void instrument_chosen(struct ui_view *chart, int index)
{
	if (index >= 0 && index < NTRENDED)
		ui_app_push(chart->app,
			    ui_screening_new_with(chart->app, &ui_chart_patient(chart)->id,
						  trended[index].code));
}

/* p: screen with the PHQ-9, GAD-7 or PHQ-2. */
static int act_screen(struct ui_view *chart)
{
	static const char *const items[NTRENDED] = {
		"PHQ-9 (depression, 9 questions)",
		"GAD-7 (anxiety, 7 questions)",
		"PHQ-2 (depression, first 2 questions)",
	};

	ui_app_push(chart->app, ui_pick_new(chart->app, chart, "Screen with", items, NTRENDED, 0,
					    instrument_chosen));
	return UI_HANDLED;
}

/* E: enroll, or edit the enrollment (a disenrollment date ends it). */
static int act_enroll(struct ui_view *chart)
{
	struct bh_state *st = ui_chart_state(chart, SECTION);

	ui_app_push(chart->app, ui_enrollment_form_new(chart->app, &ui_chart_patient(chart)->id,
						       st && st->enrolled));
	return UI_HANDLED;
}

static const struct ui_binding bh_keys[] = {
	{ 'p', "p", "PHQ/GAD", "screen with the PHQ-9, GAD-7 or PHQ-2", true, act_screen },
	{ 'E', "E", "enroll",
	  "enroll in behavioral care management, or edit the enrollment (disenroll with a date)",
	  true, act_enroll },
	{ 0 },
};

static void bh_free(void *state)
{
	free(state);
}

const struct ui_chart_section ui_chart_behavioral = {
	.name = SECTION,
	.keys = bh_keys,
	.open = bh_open,
	.reload = bh_reload,
	.draw = bh_draw,
	.header = bh_header,
	.free = bh_free,
};
