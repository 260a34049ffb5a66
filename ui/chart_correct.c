#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "correction.h"
#include "popup.h"

/*
 * Entered in error from the chart's sections (Contacts, Screenings, Plan, Events): pick
 * why, confirm, mark. Popups are modal, so one correction is pending at a time.
 */

static struct pending {
	enum cl_correctable what;
	struct cl_id id;
	long long version;
	int reason;
	char describe[160];
} pending;

static bool utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset && strcmp(codeset, "UTF-8") == 0;
}

const char *ui_chart_error_flag(void)
{
	return utf8() ? "\u2717 in error" : "X in error";
}

const char *ui_chart_error_mark(const char *reason, char *buf, size_t size)
{
	snprintf(buf, size, "%s entered in error: %s", utf8() ? "\u2717" : "X",
		 cl_error_reason_label(reason));
	return buf;
}

static void marked(struct ui_view *chart)
{
	const char *reason = cl_error_reason_codes[pending.reason];
	struct cl_error err = { 0 };

	if (cl_entered_in_error(ui_app_db(chart->app), pending.what, &pending.id, pending.version,
				reason, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Not marked: %s", err.message);
		return;
	}
	ui_app_touch(chart->app);
	ui_app_message(chart->app, UI_ROLE_OK,
		       "Marked entered in error (%s): kept, struck through.",
		       cl_error_reason_label(reason));
	ui_chart_reload(chart);
}

static void reason_picked(struct ui_view *chart, int index)
{
	char question[300];

	pending.reason = index;
	/* the message line holds about 60 columns: the reason was picked just before */
	snprintf(question, sizeof(question), "Mark %s entered in error? (y/n) ", pending.describe);
	ui_app_push(chart->app, ui_confirm_new(chart->app, chart, question, marked));
}

int ui_chart_entered_in_error(struct ui_view *chart, enum cl_correctable what,
			      const struct cl_id *id, long long version, const char *reason,
			      const char *describe)
{
	const char *labels[8];
	int n = 0;

	if (reason && reason[0]) {
		ui_app_message(chart->app, UI_ROLE_NORMAL, "Already entered in error (%s).",
			       cl_error_reason_label(reason));
		return UI_HANDLED;
	}
	pending.what = what;
	pending.id = *id;
	pending.version = version;
	snprintf(pending.describe, sizeof(pending.describe), "%s", describe);
	while (cl_error_reason_codes[n] && n < 8) {
		labels[n] = cl_error_reason_label(cl_error_reason_codes[n]);
		n++;
	}
	ui_app_push(chart->app, ui_pick_new(chart->app, chart, "Entered in error: why?", labels, n,
					    0, reason_picked));
	return UI_HANDLED;
}
