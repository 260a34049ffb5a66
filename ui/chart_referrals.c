#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "format.h"
#include "keymap.h"
#include "referral.h"
#include "referral_fmt.h"
#include "views.h"

#define ROWS_MAX 200

struct referrals_state {
	struct cl_referral_row rows[ROWS_MAX];
	int n, sel, top;
	int overdue;
	char today[CL_DATE_LEN];
};

static void referrals_load(struct ui_view *chart, struct referrals_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_error err = { 0 };
	int i;

	cl_date_today(st->today);
	if (cl_referral_for_patient(ui_app_db(chart->app), &p->id, st->rows, ROWS_MAX, &st->n,
				    &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the referrals: %s",
			       err.message);
		st->n = 0;
	}
	st->overdue = 0;
	for (i = 0; i < st->n; i++)
		st->overdue += st->rows[i].overdue;
	if (st->sel >= st->n)
		st->sel = st->n ? st->n - 1 : 0;
}

static void *referrals_open(struct ui_view *chart)
{
	struct referrals_state *st = calloc(1, sizeof(*st));

	if (st)
		referrals_load(chart, st);
	return st;
}

static void referrals_reload(struct ui_view *chart, void *state)
{
	if (state)
		referrals_load(chart, state);
}

/* Referred, Partner, Kind/domain, Status, Age, Due (the rest). */
static const int referral_widths[] = { 10, 20, 15, 11, 5, 0 };

static void referrals_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct referrals_state *st = state;
	int rows = getmaxy(win), i, y;
	char text[400], due[40];

	(void)chart;
	if (!st)
		return;
	if (!st->n) {
		ui_chart_put(win, 0, 3, "No referrals. r: refer the patient.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text),
			  (const char *const[]){ "Referred", "Partner", "Kind/domain", "Status",
						 "Age", "Due" },
			  referral_widths, 6, 1);
	ui_chart_put(win, 0, 1, text, UI_ROLE_HEADER);
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + rows - 1)
		st->top = st->sel - (rows - 2);
	for (i = st->top, y = 1; i < st->n && y < rows; i++, y++) {
		const struct cl_referral_row *r = &st->rows[i];
		char age[16];
		enum ui_role role = r->overdue				   ? UI_ROLE_ERROR
				    : cl_referral_status_closed(r->status) ? UI_ROLE_DIM
									   : UI_ROLE_NORMAL;

		ui_referral_due_text(r->due_date, r->overdue, st->today, due, sizeof(due));
		snprintf(age, sizeof(age), "%3ld d", r->age_days);
		ui_format_columns(
			text, sizeof(text),
			(const char *const[]){ r->referred_on, r->organization,
					       ui_referral_service_name(r->kind, r->service),
					       cl_referral_status_name(r->status), age,
					       cl_referral_status_closed(r->status) ? "loop closed"
										    : due },
			referral_widths, 6, 1);
		ui_chart_put(win, y, 1, text, i == st->sel ? UI_ROLE_SELECTED : role);
	}
}

static int referrals_key(struct ui_view *chart, void *state, int key)
{
	struct referrals_state *st = state;

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
	return UI_UNHANDLED;
}

static void referrals_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	struct referrals_state *st = state;

	(void)chart;
	if (st && st->overdue)
		snprintf(buf, size, "%d referral%s overdue", st->overdue,
			 st->overdue == 1 ? "" : "s");
}

static int act_open(struct ui_view *chart)
{
	struct referrals_state *st = ui_chart_state(chart, "Referrals");

	if (st && st->n)
		ui_app_push(chart->app, ui_referral_new(chart->app, &st->rows[st->sel].id));
	return UI_HANDLED;
}

int ui_chart_refer(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_referral_form_new(chart->app, &ui_chart_patient(chart)->id, NULL, NULL));
	return UI_HANDLED;
}

static const struct ui_binding referrals_keys[] = {
	{ '\r', "Enter", "open", "open the referral", true, act_open },
	{ '\n', "Enter", "open", "open the referral", false, act_open },
	{ UI_KEY(KEY_ENTER), "Enter", "open", "open the referral", false, act_open },
	{ UI_KEY(KEY_DOWN), "Down", "down", "next referral", false, NULL },
	{ 'j', "j", "down", "next referral", false, NULL },
	{ UI_KEY(KEY_UP), "Up", "up", "previous referral", false, NULL },
	{ 'k', "k", "up", "previous referral", false, NULL },
	{ 0 },
};

const struct ui_chart_section ui_chart_referrals = {
	.name = "Referrals",
	.keys = referrals_keys,
	.open = referrals_open,
	.reload = referrals_reload,
	.draw = referrals_draw,
	.key = referrals_key,
	.header = referrals_header,
	.free = free,
};
