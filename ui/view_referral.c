#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymap.h"
#include "letters.h"
#include "popup.h"
#include "referral.h"
#include "referral_fmt.h"
#include "text.h"
#include "views.h"

#define EVENTS_MAX 200
#define RULES_MAX  16

struct referral_view {
	struct ui_view view; /* first: a struct ui_view * is a struct referral_view * */
	struct cl_id id;
	struct cl_referral r;
	struct cl_patient patient;
	struct cl_org org;
	bool org_stale;
	struct cl_referral_event *events;
	int nevents;
	int scroll; /* first history line shown */
	char today[CL_DATE_LEN];
	char notice[512]; /* a refused change (conflict), or "" */
	/* the status change being asked for, step by step */
	const struct cl_referral_transition_rule *rules[RULES_MAX];
	int nrules;
	const struct cl_referral_transition_rule *rule;
	char reason[256], note[512], happened[64];
	char happened_error[256]; /* why the date was refused, shown in its question, or "" */
	enum cl_referral_outcome outcome;
	bool reason_done, outcome_done, note_done, happened_done;
};

static struct referral_view *to_referral(struct ui_view *view)
{
	return (struct referral_view *)view;
}

static int referral_load(struct referral_view *rv)
{
	struct cl_db *db = ui_app_db(rv->view.app);
	struct cl_error err = { 0 };

	if (cl_referral_get(db, &rv->id, &rv->r, &err) ||
	    cl_patient_get(db, &rv->r.patient_id, &rv->patient, &err) ||
	    cl_org_get(db, &rv->r.organization_id, &rv->org, &err) ||
	    cl_referral_events(db, &rv->id, rv->events, EVENTS_MAX, &rv->nevents, &err)) {
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Could not open the referral: %s",
			       err.message);
		return err.code ? err.code : CL_EIO;
	}
	cl_date_today(rv->today);
	rv->org_stale = cl_org_is_stale(db, rv->org.last_verified, rv->today);
	return 0;
}

static void put(WINDOW *win, int y, int x, const char *text, enum ui_role role)
{
	char clean[1024], fitted[1024];
	int cols = getmaxx(win) - x - 1;

	if (cols <= 0 || y >= getmaxy(win))
		return;
	cl_text_sanitize(text, clean, sizeof(clean));
	cl_text_fit(clean, cols, 1, fitted, sizeof(fitted));
	wattrset(win, ui_attr(role));
	mvwaddstr(win, y, x, fitted);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
}

/* One event of the history: "2026-11-01 10:42  ana  requested → accepted", then its
 * reason, outcome and note on lines of their own; returns the next free row. */
static int event_draw(WINDOW *win, int y, const struct cl_referral_event *e)
{
	char when[64], text[700];
	int o = cl_referral_outcome_parse(e->outcome);

	ui_format_time(e->at, when, sizeof(when));
	snprintf(text, sizeof(text), "%s  %s  %s \xe2\x86\x92 %s", when, e->actor,
		 e->from_status[0] ? e->from_status : "created", e->to_status);
	/* backdated: the day it happened, when not the day it was recorded */
	if (e->happened_on[0] && strncmp(when, e->happened_on, 10) != 0) {
		size_t len = strlen(text);

		snprintf(text + len, sizeof(text) - len, "  (happened %s)", e->happened_on);
	}
	put(win, y++, 3, text, UI_ROLE_NORMAL);
	if (e->status_reason[0]) {
		snprintf(text, sizeof(text), "reason: %s", e->status_reason);
		put(win, y++, 7, text, UI_ROLE_DIM);
	}
	if (e->outcome[0]) {
		snprintf(text, sizeof(text), "outcome: %s",
			 o > 0 ? cl_referral_outcome_name(o) : e->outcome);
		put(win, y++, 7, text, UI_ROLE_DIM);
	}
	if (e->note[0]) {
		snprintf(text, sizeof(text), "note: %s", e->note);
		put(win, y++, 7, text, UI_ROLE_DIM);
	}
	return y;
}

static void referral_draw(struct ui_view *view, WINDOW *win)
{
	struct referral_view *rv = to_referral(view);
	const struct cl_referral *r = &rv->r;
	bool overdue = cl_referral_status_open(r->status) && strcmp(r->due_date, rv->today) < 0;
	char name[256], text[1024], due[64];
	int y = 0, i, rows = getmaxy(win);

	ui_format_name(rv->patient.family_name, rv->patient.given_name, name, sizeof(name));
	snprintf(text, sizeof(text), "Referral  %s  MRN %s", name, rv->patient.mrn);
	put(win, y++, 1, text, UI_ROLE_HEADER);
	if (rv->notice[0])
		put(win, y++, 1, rv->notice, UI_ROLE_ERROR);
	y++;
#define LINE(label, role, ...)                                 \
	do {                                                   \
		snprintf(text, sizeof(text), __VA_ARGS__);     \
		put(win, y, UI_LABEL_X, (label), UI_ROLE_DIM); \
		put(win, y++, UI_VALUE_X, text, (role));       \
	} while (0)
	LINE("Status", cl_referral_status_closed(r->status) ? UI_ROLE_OK : UI_ROLE_NORMAL,
	     "%s%s%s%s", cl_referral_status_name(r->status),
	     cl_referral_status_closed(r->status) ? " (loop closed)" : "",
	     r->status_reason[0] ? "  reason: " : "", r->status_reason);
	if (r->outcome != CL_OUTCOME_NONE)
		LINE("Outcome", UI_ROLE_NORMAL, "%s  (closed %s)",
		     cl_referral_outcome_name(r->outcome), r->closed_on);
	LINE("Partner", rv->org_stale ? UI_ROLE_ERROR : UI_ROLE_NORMAL, "%s  %s%s%s", rv->org.name,
	     rv->org.phone, rv->org_stale ? "  stale: not verified lately" : "",
	     rv->org.active ? "" : "  (retired)");
	LINE("For", UI_ROLE_NORMAL, "%s \xc2\xb7 %s", cl_referral_kind_code(r->kind),
	     ui_referral_service_name(r->kind, r->service));
	LINE("Reason", UI_ROLE_NORMAL, "%s", r->reason);
	LINE("Priority", r->priority == CL_PRIORITY_URGENT ? UI_ROLE_ERROR : UI_ROLE_NORMAL,
	     "%s \xc2\xb7 %s", cl_referral_priority_code(r->priority),
	     cl_referral_mode_code(r->mode));
	LINE("Consent", r->consent_date[0] ? UI_ROLE_NORMAL : UI_ROLE_ERROR, "%s%s",
	     r->consent_date[0] ? "yes, recorded " : "not recorded", r->consent_date);
	ui_referral_due_text(r->due_date, overdue, rv->today, due, sizeof(due));
	LINE("Referred on", UI_ROLE_NORMAL, "%s", r->referred_on);
	LINE("Loop due", overdue ? UI_ROLE_ERROR : UI_ROLE_NORMAL, "%s%s%s", r->due_date,
	     overdue ? "  " : "", overdue ? due : "");
	LINE("Care manager", UI_ROLE_NORMAL, "%s",
	     r->care_manager[0] ? r->care_manager_name : "(unassigned)");
#undef LINE
	y++;
	put(win, y++, 1, "History", UI_ROLE_HEADER);
	if (rv->scroll > rv->nevents - 1)
		rv->scroll = rv->nevents > 0 ? rv->nevents - 1 : 0;
	for (i = rv->scroll; i < rv->nevents && y < rows; i++)
		y = event_draw(win, y, &rv->events[i]);
}

/* ---- the status change ---- */

static void change_step(struct referral_view *rv);

static void change_apply(struct referral_view *rv)
{
	struct cl_referral_change change = {
		.to = rv->rule->to,
		.status_reason = rv->reason,
		.outcome = rv->outcome,
		.note = rv->note,
		.happened_on = rv->happened,
	};
	struct cl_error err = { 0 };
	int rc;

	rc = cl_referral_transition(ui_app_db(rv->view.app), &rv->r, &change, &err);
	if (rc == CL_ECONFLICT) {
		snprintf(rv->notice, sizeof(rv->notice),
			 "Not saved: %s. Ctrl-R reloads the saved version.", err.message);
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "%s", rv->notice);
		return;
	}
	if (rc && err.field[0] && strcmp(err.field, "happened_on") == 0) {
		/* refused at its question, the date kept to correct; the rest stays answered */
		snprintf(rv->happened_error, sizeof(rv->happened_error), "%s", err.message);
		rv->happened_done = false;
		change_step(rv);
		return;
	}
	if (rc) {
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Not changed: %s", err.message);
		return;
	}
	ui_app_touch(rv->view.app);
	referral_load(rv);
	ui_app_message(rv->view.app, UI_ROLE_OK, "The referral is now %s.",
		       cl_referral_status_name(rv->r.status));
}

static void reason_given(struct ui_view *view, const char *text)
{
	struct referral_view *rv = to_referral(view);

	snprintf(rv->reason, sizeof(rv->reason), "%s", text);
	rv->reason_done = true;
	change_step(rv);
}

static void outcome_chosen(struct ui_view *view, int index)
{
	struct referral_view *rv = to_referral(view);

	rv->outcome = (enum cl_referral_outcome)(index + 1);
	rv->outcome_done = true;
	change_step(rv);
}

static void happened_given(struct ui_view *view, const char *text)
{
	struct referral_view *rv = to_referral(view);

	snprintf(rv->happened, sizeof(rv->happened), "%s", text);
	rv->happened_done = true;
	change_step(rv);
}

static void note_given(struct ui_view *view, const char *text)
{
	struct referral_view *rv = to_referral(view);

	snprintf(rv->note, sizeof(rv->note), "%s", text);
	rv->note_done = true;
	change_step(rv);
}

/* Ask what the rule needs, one question at a time, then make the change. */
static void change_step(struct referral_view *rv)
{
	struct ui_app *app = rv->view.app;

	if (rv->rule->needs_reason && !rv->reason_done) {
		ui_app_push(app, ui_ask_new(app, &rv->view, "Status reason (required): ", true,
					    reason_given));
	} else if (cl_referral_status_closed(rv->rule->to) && !rv->outcome_done) {
		const char *items[CL_OUTCOME_COUNT];
		int i;

		for (i = 1; i < CL_OUTCOME_COUNT; i++)
			items[i - 1] = cl_referral_outcome_name(i);
		ui_app_push(app, ui_pick_new(app, &rv->view, "Outcome (the loop closes)", items,
					     CL_OUTCOME_COUNT - 1, 0, outcome_chosen));
	} else if (!rv->note_done) {
		ui_app_push(app, ui_ask_new(app, &rv->view,
					    rv->rule->reopens ? "Note (required to reopen): "
							      : "Note (Enter for none): ",
					    rv->rule->reopens, note_given));
	} else if (!rv->happened_done) {
		char label[300];
		struct ui_view *ask;

		if (rv->happened_error[0])
			snprintf(label, sizeof(label), "%s. Happened on: ", rv->happened_error);
		else
			snprintf(label, sizeof(label),
				 "Happened on (Enter for today, or a past date): ");
		ask = ui_ask_new(app, &rv->view, label, false, happened_given);

		ui_ask_set_text(ask, rv->happened);
		ui_app_push(app, ask);
	} else {
		change_apply(rv);
	}
}

static void status_chosen(struct ui_view *view, int index)
{
	struct referral_view *rv = to_referral(view);

	if (index < 0 || index >= rv->nrules)
		return;
	rv->rule = rv->rules[index];
	rv->reason[0] = rv->note[0] = rv->happened[0] = rv->happened_error[0] = '\0';
	rv->outcome = CL_OUTCOME_NONE;
	rv->reason_done = rv->outcome_done = rv->note_done = rv->happened_done = false;
	change_step(rv);
}

static int act_status(struct ui_view *view)
{
	struct referral_view *rv = to_referral(view);
	const struct cl_referral_transition_rule *all;
	char labels[RULES_MAX][96];
	const char *items[RULES_MAX];
	size_t n, i;

	if (rv->notice[0]) {
		ui_app_message(view->app, UI_ROLE_ERROR,
			       "Someone changed this referral: Ctrl-R reloads it first.");
		return UI_HANDLED;
	}
	all = cl_referral_transitions(&n);
	rv->nrules = 0;
	for (i = 0; i < n && rv->nrules < RULES_MAX; i++) {
		if (all[i].from != rv->r.status)
			continue;
		snprintf(labels[rv->nrules], sizeof(labels[0]), "%s \xe2\x86\x92 %s", all[i].label,
			 cl_referral_status_name(all[i].to));
		items[rv->nrules] = labels[rv->nrules];
		rv->rules[rv->nrules++] = &all[i];
	}
	if (!rv->nrules) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "No status change is possible from %s.",
			       cl_referral_status_name(rv->r.status));
		return UI_HANDLED;
	}
	ui_app_push(view->app, ui_pick_new(view->app, view, "Change status", items, rv->nrules, 0,
					   status_chosen));
	return UI_HANDLED;
}

/* ---- other actions ---- */

static int act_edit(struct ui_view *view)
{
	ui_app_push(view->app, ui_referral_form_edit(view->app, &to_referral(view)->id));
	return UI_HANDLED;
}

static int act_chart(struct ui_view *view)
{
	ui_app_push(view->app,
		    ui_chart_new_at(view->app, &to_referral(view)->r.patient_id, "Referrals"));
	return UI_HANDLED;
}

static int act_letter(struct ui_view *view)
{
	ui_letter_write(view->app, &to_referral(view)->r.id);
	return UI_HANDLED;
}

static int act_reload(struct ui_view *view)
{
	struct referral_view *rv = to_referral(view);

	rv->notice[0] = '\0';
	if (!referral_load(rv))
		ui_app_message(view->app, UI_ROLE_NORMAL, "Reloaded the saved version.");
	return UI_HANDLED;
}

static int act_down(struct ui_view *view)
{
	to_referral(view)->scroll++;
	return UI_HANDLED;
}

static int act_up(struct ui_view *view)
{
	struct referral_view *rv = to_referral(view);

	if (rv->scroll > 0)
		rv->scroll--;
	return UI_HANDLED;
}

static int act_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static void referral_resume(struct ui_view *view)
{
	struct referral_view *rv = to_referral(view);

	if (!rv->notice[0])
		referral_load(rv);
}

static void referral_free(struct ui_view *view)
{
	free(to_referral(view)->events);
	free(view);
}

static const struct ui_binding referral_keys[] = {
	{ 's', "s", "status", "change the status (only the moves allowed from this one)", true,
	  act_status },
	{ 'e', "e", "edit", "edit the referral's details", true, act_edit },
	{ 'c', "c", "chart", "open the patient's chart", true, act_chart },
	{ 'l', "l", "letter", "write the referral's letter (PDF) to the letters folder", true,
	  act_letter },
	{ UI_CTRL('R'), "^R", "reload", "reload the saved version", false, act_reload },
	{ UI_KEY(KEY_DOWN), "Down, j", "scroll", "scroll the history down", false, act_down,
	  .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "scroll", "scroll the history up", false, act_up,
	  .more = { 'k' } },
	{ 'q', "q", "back", "back", true, act_back },
	{ UI_ESC, "Esc", "back", "back", false, act_back },
	{ 0 },
};

struct ui_view *ui_referral_new(struct ui_app *app, const struct cl_id *id)
{
	struct referral_view *rv = calloc(1, sizeof(*rv));

	if (!rv || !(rv->events = calloc(EVENTS_MAX, sizeof(*rv->events)))) {
		free(rv);
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	rv->view = (struct ui_view){
		.title = "Referral",
		.keys = referral_keys,
		.draw = referral_draw,
		.resume = referral_resume,
		.free = referral_free,
		.app = app,
	};
	rv->id = *id;
	if (referral_load(rv)) {
		referral_free(&rv->view);
		return NULL;
	}
	return &rv->view;
}
