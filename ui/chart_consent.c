#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "consent.h"
#include "keymap.h"
#include "popup.h"

/*
 * The patient's consent to care management in the chart: Demographics shows it, the header
 * says "No CM consent" while none is in force, and K records it (how, then the day) or
 * withdraws it (the day, then y/n).
 */

struct ui_consent_state {
	struct cl_consent consent;
	bool found, in_force, failed;
	enum cl_consent_method method; /* being recorded */
	char day[64];		       /* being recorded or withdrawn */
};

static void consent_load(struct ui_view *chart, struct ui_consent_state *st)
{
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];

	st->failed = cl_consent_latest(ui_app_db(chart->app), &ui_chart_patient(chart)->id,
				       &st->consent, &st->found, &err) != CL_OK;
	if (st->failed)
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the consent: %s",
			       err.message);
	cl_date_today(today);
	st->in_force = st->found && cl_consent_in_force(&st->consent, today);
}

void *ui_consent_open(struct ui_view *chart)
{
	struct ui_consent_state *st = calloc(1, sizeof(*st));

	if (st)
		consent_load(chart, st);
	return st;
}

void ui_consent_reload(struct ui_view *chart, void *state)
{
	if (state)
		consent_load(chart, state);
}

void ui_consent_header(struct ui_view *chart, void *state, char *buf, size_t size)
{
	struct ui_consent_state *st = state;

	(void)chart;
	if (st && !st->failed && !st->in_force)
		snprintf(buf, size, "No CM consent");
}

void ui_consent_text(const void *state, char *buf, size_t size)
{
	const struct ui_consent_state *st = state;

	if (!st || st->failed)
		snprintf(buf, size, "?");
	else if (!st->found)
		snprintf(buf, size, "none recorded (K: record it)");
	else if (st->in_force)
		snprintf(buf, size, "%s, given %s, recorded by %s",
			 cl_consent_method_code(st->consent.method), st->consent.given_on,
			 st->consent.recorded_by);
	else if (st->consent.withdrawn_on[0])
		snprintf(buf, size, "withdrawn %s (given %s)", st->consent.withdrawn_on,
			 st->consent.given_on);
	else
		snprintf(buf, size, "from %s", st->consent.given_on);
}

static struct ui_consent_state *consent_state(struct ui_view *chart)
{
	return ui_chart_state(chart, "Demographics");
}

static void withdraw_confirmed(struct ui_view *chart)
{
	struct ui_consent_state *st = consent_state(chart);
	struct cl_error err = { 0 };

	if (!st)
		return;
	if (cl_consent_withdraw(ui_app_db(chart->app), &ui_chart_patient(chart)->id, st->day,
				&err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Not withdrawn: %s", err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK, "Consent to care management withdrawn.");
	ui_chart_reload(chart);
}

static void withdraw_day(struct ui_view *chart, const char *text)
{
	struct ui_consent_state *st = consent_state(chart);

	if (!st)
		return;
	snprintf(st->day, sizeof(st->day), "%s", text);
	ui_app_push(chart->app, ui_confirm_new(chart->app, chart,
					       "Withdraw the consent to care management? (y/n) ",
					       withdraw_confirmed));
}

static void given_day(struct ui_view *chart, const char *text)
{
	struct ui_consent_state *st = consent_state(chart);
	struct cl_error err = { 0 };
	struct cl_consent c;

	if (!st)
		return;
	cl_consent_init(&c, &ui_chart_patient(chart)->id);
	c.method = st->method;
	if ((text[0] && cl_consent_field_set(&c, "given_on", text, &err)) ||
	    cl_consent_record(ui_app_db(chart->app), &c, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Consent not recorded: %s", err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK, "Consent recorded: %s, given %s.",
		       cl_consent_method_code(c.method), c.given_on);
	ui_chart_reload(chart);
}

static void method_picked(struct ui_view *chart, int index)
{
	struct ui_consent_state *st = consent_state(chart);

	if (!st)
		return;
	st->method = index == 1 ? CL_CONSENT_WRITTEN : CL_CONSENT_VERBAL;
	ui_app_push(chart->app, ui_ask_new(chart->app, chart, "Given on (Enter for today): ", false,
					   given_day));
}

static int act_consent(struct ui_view *chart)
{
	static const char *const methods[] = { "verbal", "written" };
	struct ui_consent_state *st = consent_state(chart);

	if (!st)
		return UI_HANDLED;
	if (st->in_force)
		ui_app_push(chart->app, ui_ask_new(chart->app, chart,
						   "Consent withdrawn on (Enter for today): ",
						   false, withdraw_day));
	else
		ui_app_push(chart->app,
			    ui_pick_new(chart->app, chart, "Consent to care management: how?",
					methods, 2, 0, method_picked));
	return UI_HANDLED;
}

const struct ui_binding ui_consent_keys[] = {
	{ 'K', "K", "consent",
	  "consent to care management: record it (verbal or written, the day), or withdraw it",
	  true, act_consent },
	{ 0 },
};
