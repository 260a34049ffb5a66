#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "format.h"
#include "keymap.h"
#include "letters.h"
#include "referral.h"
#include "referral_fmt.h"
#include "views.h"

#define ROWS_MAX 200

struct referrals_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_referral_row rows[ROWS_MAX];
	int overdue;
	int to_close;		/* open referrals of a deceased or inactive patient */
	const char *close_text; /* "close: patient deceased", or "" */
	char today[CL_DATE_LEN];
};

static void referrals_load(struct ui_view *chart, struct referrals_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_error err = { 0 };
	int i;

	cl_date_today(st->today);
	if (cl_referral_for_patient(ui_app_db(chart->app), &p->id, st->rows, ROWS_MAX, &st->list.n,
				    &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the referrals: %s",
			       err.message);
		st->list.n = 0;
	}
	st->overdue = 0;
	st->to_close = 0;
	st->close_text = p->status == CL_PATIENT_DECEASED   ? "close: patient deceased"
			 : p->status == CL_PATIENT_INACTIVE ? "close: patient inactive"
							    : "";
	for (i = 0; i < st->list.n; i++) {
		st->overdue += st->rows[i].overdue;
		/* Never closed for the coordinator: flagged, to close with a reason. */
		st->to_close += st->close_text[0] && cl_referral_status_open(st->rows[i].status);
	}
	ui_chart_list_loaded(&st->list);
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
static const struct ui_column referral_columns[] = {
	{ .title = "Referred", .width = 10, .keep = true },
	{ .title = "Partner", .width = 20, .grow = 3, .max = 48 },
	{ .title = "Kind/domain", .width = 15, .grow = 2, .max = 36 },
	{ .title = "Status", .width = 11, .grow = 1, .max = 21 },
	{ .title = "Age", .width = 5, .right = true, .keep = true },
	{ .title = "Due", .width = 12, .keep = true },
};

static enum ui_role referral_row(void *ctx, int row, char *buf, size_t size)
{
	const struct referrals_state *st = ctx;
	const struct cl_referral_row *r = &st->rows[row];
	char age[16], due[40];

	bool to_close = st->close_text[0] && cl_referral_status_open(r->status);

	ui_referral_due_text(r->due_date, r->overdue, st->today, due, sizeof(due));
	/* The header says why ("1 open referral to close (patient deceased)"). */
	if (to_close)
		snprintf(due, sizeof(due), "to close");
	snprintf(age, sizeof(age), "%3ld d", r->age_days);
	ui_format_columns(
		buf, size, referral_columns,
		(const char *const[]){ r->referred_on, r->organization,
				       ui_referral_service_name(r->kind, r->service),
				       cl_referral_status_name(r->status), age,
				       cl_referral_status_closed(r->status) ? "loop closed" : due },
		6, st->list.width, 1);
	return r->overdue || to_close		      ? UI_ROLE_ERROR
	       : cl_referral_status_closed(r->status) ? UI_ROLE_DIM
						      : UI_ROLE_NORMAL;
}

static void referrals_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct referrals_state *st = state;
	char text[400];

	(void)chart;
	if (!st)
		return;
	if (!st->list.n) {
		ui_chart_put(win, 0, 3, "No referrals. r: refer the patient.", UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), referral_columns, NULL, 6, getmaxx(win) - 2, 1);
	ui_chart_list_draw(&st->list, win, 0, 1, text, referral_row, st);
}

static void referrals_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	struct referrals_state *st = state;

	(void)chart;
	if (st && st->to_close)
		snprintf(buf, size, "%d open referral%s to close (%s)", st->to_close,
			 st->to_close == 1 ? "" : "s", st->close_text + 7);
	else if (st && st->overdue)
		snprintf(buf, size, "%d referral%s overdue", st->overdue,
			 st->overdue == 1 ? "" : "s");
}

static int act_open(struct ui_view *chart)
{
	struct referrals_state *st = ui_chart_state(chart, "Referrals");

	if (st && st->list.n)
		ui_app_push(chart->app, ui_referral_new(chart->app, &st->rows[st->list.sel].id));
	return UI_HANDLED;
}

static int act_letter(struct ui_view *chart)
{
	struct referrals_state *st = ui_chart_state(chart, "Referrals");

	if (st && st->list.n)
		ui_letter_write(chart->app, &st->rows[st->list.sel].id);
	return UI_HANDLED;
}

int ui_chart_refer(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_referral_form_new(chart->app, &ui_chart_patient(chart)->id, NULL, NULL));
	return UI_HANDLED;
}

static const struct ui_binding referrals_keys[] = {
	{ '\r', "Enter", "open", "open the referral", true, act_open, UI_ENTER_MORE },
	{ 'l', "l", "letter", "write the referral's letter (PDF) to the letters folder", true,
	  act_letter },
	UI_CHART_LIST_KEYS("next referral", "previous referral", "first referral", "last referral"),
	{ 0 },
};

const struct ui_chart_section ui_chart_referrals = {
	.name = "Referrals",
	.keys = referrals_keys,
	.open = referrals_open,
	.reload = referrals_reload,
	.draw = referrals_draw,
	.key = ui_chart_list_key,
	.header = referrals_header,
	.free = free,
};
