#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "careplan.h"
#include "db.h"
#include "format.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "popup.h"
#include "setting.h"
#include "text.h"
#include "views.h"
#include "worklist.h"

/*
 * The worklist, the first view: six sections (tasks due, referrals overdue, screenings
 * due, high-risk patients not reached, discharged patients owed transitional care, ED
 * visits owed a follow-up), every count shown at once in a selector of two columns, the
 * current section's rows in a virtual list over cl_worklist_page. `m` switches between my
 * work and everyone's.
 */

#define NSECTIONS     CL_WORKLIST_NSECTIONS
#define NCOLUMNS      6
#define SELECTOR_ROWS ((NSECTIONS + 1) / 2) /* the section counts, two a row */

struct worklist_view;

/* One section's list and what its page callback needs. */
struct section_list {
	struct worklist_view *wv;
	enum cl_worklist_section section;
	struct ui_list list;
	bool ready;
	long long count;
	bool capped, counted;
};

struct worklist_view {
	struct ui_view view; /* first: a struct ui_view * is a struct worklist_view * */
	struct cl_worklist_filter filter;
	struct section_list sections[NSECTIONS];
	int current;		     /* index into sections */
	unsigned long counted_at;    /* ui_app_generation of the counts */
	bool counts_stale;	     /* the filter changed since the counts */
	struct cl_worklist_row done; /* the task `x` asks about */
};

/* The chart section Enter opens for a row of each section. */
static const char *const chart_section[NSECTIONS] = {
	[CL_WORKLIST_TASKS] = "Tasks",		 [CL_WORKLIST_REFERRALS] = "Referrals",
	[CL_WORKLIST_SCREENINGS] = "Screenings", [CL_WORKLIST_NOT_REACHED] = "Contacts",
	[CL_WORKLIST_DISCHARGED] = "Events",	 [CL_WORKLIST_ED_VISITS] = "Events",
	[CL_WORKLIST_POSITIVES] = "Referrals",	 [CL_WORKLIST_SAFETY] = "BH",
	[CL_WORKLIST_CHRONIC] = "Conditions",
};

enum column {
	COL_PATIENT,
	COL_WHAT,
	COL_DATE,
	COL_LATE,
	COL_RISK,
	COL_WHO,
	COL_COUNTDOWN,
	COL_PREFERRED, /* not reached: the best time and way to reach them */
};

/* Each section's columns and what each shows (tasks and referrals: how late, not the date). */
/* At 80 columns; a wider terminal widens the text columns (ui_format_layout). */
#define PATIENT(t)                                            \
	{                                                     \
		.title = t, .width = 22, .grow = 2, .max = 40 \
	}
#define RECORD(t)                                             \
	{                                                     \
		.title = t, .width = 23, .grow = 3, .max = 60 \
	}
#define PERSON(t)                                             \
	{                                                     \
		.title = t, .width = 12, .grow = 1, .max = 24 \
	}
#define KEEP(t, w)                                   \
	{                                            \
		.title = t, .width = w, .keep = true \
	}
#define RISK                                \
	{                                   \
		.title = "Risk", .width = 6 \
	}
static const struct ui_column columns[NSECTIONS][NCOLUMNS] = {
	[CL_WORKLIST_TASKS] = { PATIENT("Patient"), RECORD("Task"), KEEP("How late", 11), RISK,
				PERSON("Assigned") },
	[CL_WORKLIST_REFERRALS] = { PATIENT("Patient"), RECORD("Referral"), KEEP("How late", 11),
				    RISK, PERSON("Follows") },
	[CL_WORKLIST_SCREENINGS] = { PATIENT("Patient"), KEEP("MRN", 10), KEEP("Last screened", 13),
				     KEEP("Since", 10), RISK, PERSON("Care manager") },
	/* all high risk: the best time and way to call in place of the risk */
	[CL_WORKLIST_NOT_REACHED] = { PATIENT("Patient"),
				      KEEP("MRN", 10),
				      KEEP("Last reached", 13),
				      KEEP("Since", 8),
				      { .title = "Best time, way",
					.width = 14,
					.grow = 1,
					.max = 24 },
				      PERSON("Care manager") },
	[CL_WORKLIST_DISCHARGED] = { PATIENT("Patient"), KEEP("Discharged", 10),
				     KEEP("Follow-up", 29), RISK, PERSON("Care manager") },
	[CL_WORKLIST_ED_VISITS] = { PATIENT("Patient"), KEEP("ED visit", 10), KEEP("Follow-up", 29),
				    RISK, PERSON("Care manager") },
	[CL_WORKLIST_POSITIVES] = { PATIENT("Patient"), RECORD("Positive for"),
				    KEEP("Screened", 10), KEEP("Left", 9), RISK,
				    PERSON("Care manager") },
	[CL_WORKLIST_SAFETY] = { PATIENT("Patient"), RECORD("Flag"), KEEP("Screened", 10), RISK,
				 PERSON("Assigned") },
	[CL_WORKLIST_CHRONIC] = { PATIENT("Patient"), RECORD("Last reading"), KEEP("Measured", 10),
				  KEEP("Since", 10), RISK, PERSON("Care manager") },
};
#undef PATIENT
#undef RECORD
#undef PERSON
#undef KEEP
#undef RISK
static const int ncolumns[NSECTIONS] = { 5, 5, 6, 6, 5, 5, 6, 5, 6 };
static const enum column column_kind[NSECTIONS][NCOLUMNS] = {
	[CL_WORKLIST_TASKS] = { COL_PATIENT, COL_WHAT, COL_LATE, COL_RISK, COL_WHO },
	[CL_WORKLIST_REFERRALS] = { COL_PATIENT, COL_WHAT, COL_LATE, COL_RISK, COL_WHO },
	[CL_WORKLIST_SCREENINGS] = { COL_PATIENT, COL_WHAT, COL_DATE, COL_LATE, COL_RISK, COL_WHO },
	[CL_WORKLIST_NOT_REACHED] = { COL_PATIENT, COL_WHAT, COL_DATE, COL_LATE, COL_PREFERRED,
				      COL_WHO },
	[CL_WORKLIST_DISCHARGED] = { COL_PATIENT, COL_DATE, COL_COUNTDOWN, COL_RISK, COL_WHO },
	[CL_WORKLIST_ED_VISITS] = { COL_PATIENT, COL_DATE, COL_COUNTDOWN, COL_RISK, COL_WHO },
	[CL_WORKLIST_POSITIVES] = { COL_PATIENT, COL_WHAT, COL_DATE, COL_LATE, COL_RISK, COL_WHO },
	[CL_WORKLIST_SAFETY] = { COL_PATIENT, COL_WHAT, COL_DATE, COL_RISK, COL_WHO },
	[CL_WORKLIST_CHRONIC] = { COL_PATIENT, COL_WHAT, COL_DATE, COL_LATE, COL_RISK, COL_WHO },
};

static const char *const empty_text[NSECTIONS] = {
	[CL_WORKLIST_TASKS] = "no task is due today or overdue",
	[CL_WORKLIST_REFERRALS] = "no referral is past its loop-closure date",
	[CL_WORKLIST_SCREENINGS] = "no patient is due for screening",
	[CL_WORKLIST_NOT_REACHED] = "every high-risk patient was reached recently",
	[CL_WORKLIST_DISCHARGED] = "no discharged patient is owed a contact or visit",
	[CL_WORKLIST_ED_VISITS] = "no ED visit is owed a follow-up contact",
	[CL_WORKLIST_POSITIVES] = "no positive screen waits for a connection",
	[CL_WORKLIST_SAFETY] = "no same-day review is open",
	[CL_WORKLIST_CHRONIC] = "every blood pressure and A1c is controlled this year",
};

static struct worklist_view *to_worklist(struct ui_view *view)
{
	return (struct worklist_view *)view;
}

static struct section_list *current(struct worklist_view *wv)
{
	return &wv->sections[wv->current];
}

static int section_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	struct section_list *sl = ctx;
	struct cl_db *db = ui_app_db(sl->wv->view.app);
	struct cl_error err = { 0 };
	int rc;

	rc = backward ? cl_worklist_page_before(db, sl->section, &sl->wv->filter, after, rows, max,
						n, &err)
		      : cl_worklist_page(db, sl->section, &sl->wv->filter, after, rows, max, n,
					 &err);
	if (rc)
		ui_app_message(sl->wv->view.app, UI_ROLE_ERROR, "Could not read the worklist: %s",
			       err.message);
	return rc;
}

/* "due today", "3 d late"; for screenings and contacts "never", "40 d ago". */
static void late_text(const struct cl_worklist_row *row, char *buf, size_t size)
{
	switch (row->section) {
	case CL_WORKLIST_TASKS:
	case CL_WORKLIST_REFERRALS:
		if (cl_worklist_row_to_close(row))
			snprintf(buf, size, "to close");
		else if (row->days <= 0)
			snprintf(buf, size, "due today");
		else
			snprintf(buf, size, "%ld d late", row->days);
		break;
	case CL_WORKLIST_POSITIVES: /* days left of the 60 of MIPS #498 */
		if (row->days == 0)
			snprintf(buf, size, "last day");
		else
			snprintf(buf, size, "%ld d left", row->days);
		break;
	default:
		if (row->days < 0)
			snprintf(buf, size, "never");
		else
			snprintf(buf, size, "%ld d ago", row->days);
	}
}

static void section_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			 enum ui_role *role)
{
	const struct cl_worklist_row *row = data;
	bool record = row->section == CL_WORKLIST_TASKS || row->section == CL_WORKLIST_REFERRALS ||
		      row->section == CL_WORKLIST_POSITIVES || row->section == CL_WORKLIST_SAFETY ||
		      row->section == CL_WORKLIST_CHRONIC;

	(void)ctx;
	if (col < 0 || col >= NCOLUMNS)
		return;
	switch (column_kind[row->section][col]) {
	case COL_PATIENT:
		ui_format_name(row->family_name, row->given_name, buf, size);
		break;
	case COL_WHAT:
		/* A retired patient's open referral: why it is to close, then the referral. */
		if (cl_worklist_row_to_close(row)) {
			snprintf(buf, size, "%s: %s", cl_patient_status_code(row->patient_status),
				 row->what);
			*role = UI_ROLE_ERROR;
		} else {
			snprintf(buf, size, "%s", record ? row->what : row->mrn);
		}
		if (row->section == CL_WORKLIST_SAFETY)
			*role = UI_ROLE_ERROR;
		break;
	case COL_DATE:
		snprintf(buf, size, "%s", row->date[0] ? row->date : "never");
		if (!row->date[0])
			*role = UI_ROLE_DIM;
		break;
	case COL_LATE:
		late_text(row, buf, size);
		if (row->section == CL_WORKLIST_POSITIVES) {
			if (row->days <= 7)
				*role = UI_ROLE_ERROR;
		} else if (record && (row->days > 0 || cl_worklist_row_to_close(row))) {
			*role = UI_ROLE_ERROR;
		}
		break;
	case COL_RISK:
		snprintf(buf, size, "%s", cl_risk_code(row->risk_tier));
		*role = ui_risk_role(row->risk_tier);
		break;
	case COL_WHO:
		/* nobody, or a deactivated care manager: the work waits for reassignment */
		snprintf(buf, size, "%s",
			 row->care_manager_name[0] ? row->care_manager_name : "(unassigned)");
		if (!row->care_manager_name[0])
			*role = UI_ROLE_DIM;
		break;
	case COL_PREFERRED:
		snprintf(buf, size, "%s", row->what[0] ? row->what : "-");
		if (!row->what[0])
			*role = UI_ROLE_DIM;
		break;
	case COL_COUNTDOWN:
		snprintf(buf, size, "%s", row->what);
		if (row->overdue > 0)
			*role = UI_ROLE_ERROR;
		break;
	}
}

/* "Tasks due (3)", "Not reached in 30 days (over 999)", "(…)" while not counted. */
static void section_heading(struct worklist_view *wv, int s, char *buf, size_t size)
{
	struct section_list *sl = &wv->sections[s];
	char title[64], count[32];

	if (s == CL_WORKLIST_NOT_REACHED)
		snprintf(title, sizeof(title), "Not reached in %ld days",
			 cl_setting_int(ui_app_db(wv->view.app), "not_reached_days"));
	else
		snprintf(title, sizeof(title), "%s",
			 cl_worklist_title((enum cl_worklist_section)s));
	if (sl->counted)
		cl_worklist_count_text(sl->count, sl->capped, count, sizeof(count));
	else
		snprintf(count, sizeof(count), "\xe2\x80\xa6");
	snprintf(buf, size, "%s (%s)", title, count);
}

static bool worklist_idle(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	struct cl_error err = { 0 };
	int s;

	if (!wv->counts_stale && wv->counted_at == ui_app_generation(view->app))
		return false;
	wv->counts_stale = false;
	wv->counted_at = ui_app_generation(view->app);
	for (s = 0; s < NSECTIONS; s++) {
		struct section_list *sl = &wv->sections[s];

		sl->counted = !cl_worklist_count(ui_app_db(view->app), sl->section, &wv->filter, 0,
						 &sl->count, &sl->capped, &err);
		if (!sl->counted)
			ui_app_message(view->app, UI_ROLE_ERROR, "Could not count the worklist: %s",
				       err.message);
	}
	return true;
}

static void put_fitted(WINDOW *win, int y, int x, int cols, const char *text, enum ui_role role)
{
	char clean[400], fitted[400];

	cl_text_sanitize(text, clean, sizeof(clean));
	cl_text_fit(clean, cols, 1, fitted, sizeof(fitted));
	wattrset(win, ui_attr(role));
	mvwaddstr(win, y, x, fitted);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
}

static void worklist_draw(struct ui_view *view, WINDOW *win)
{
	struct worklist_view *wv = to_worklist(view);
	int cols = getmaxx(win), half = (cols - 2) / 2, s;
	char text[300], date[CL_DATE_LEN];

	cl_date_today(date);
	if (wv->filter.mine)
		snprintf(text, sizeof(text), "Worklist: mine (%s)  %s  m: everyone",
			 cl_db_user_display(ui_app_db(view->app)), date);
	else
		snprintf(text, sizeof(text), "Worklist: everyone  %s  m: mine only", date);
	/* Open safety flags take the top line, whatever section is shown: never in a queue. */
	if (wv->sections[CL_WORKLIST_SAFETY].counted &&
	    wv->sections[CL_WORKLIST_SAFETY].count > 0) {
		long long n = wv->sections[CL_WORKLIST_SAFETY].count;

		snprintf(text, sizeof(text), "Worklist: %s  %s  URGENT: %lld same-day review%s",
			 wv->filter.mine ? "mine" : "everyone", date, n, n == 1 ? "" : "s");
		put_fitted(win, 0, 1, cols - 2, text, UI_ROLE_ERROR);
	} else {
		put_fitted(win, 0, 1, cols - 2, text, UI_ROLE_HEADER);
	}
	/* Every section's count at once: rows of two; the current one marked. */
	for (s = 0; s < NSECTIONS; s++) {
		char heading[128];
		bool on = s == wv->current;

		section_heading(wv, s, heading, sizeof(heading));
		snprintf(text, sizeof(text), "%s %s", on ? ">" : " ", heading);
		put_fitted(win, 1 + s / 2, 1 + (s % 2) * half, half - 1, text,
			   on ? UI_ROLE_HEADER : UI_ROLE_NORMAL);
	}
	if (getmaxy(win) > SELECTOR_ROWS + 2)
		ui_list_draw(&current(wv)->list, win, SELECTOR_ROWS + 1,
			     getmaxy(win) - SELECTOR_ROWS - 1);
}

/* ---- actions ---- */

/* The list the list keys move. */
static struct ui_list *worklist_list_of(struct ui_view *view)
{
	return &current(to_worklist(view))->list;
}

static int act_next_section(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);

	wv->current = (wv->current + 1) % NSECTIONS;
	return UI_HANDLED;
}

static int act_prev_section(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);

	wv->current = (wv->current + NSECTIONS - 1) % NSECTIONS;
	return UI_HANDLED;
}

static const struct cl_worklist_row *selected(struct worklist_view *wv)
{
	return ui_list_selected(&current(wv)->list);
}

static int act_open(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	const struct cl_worklist_row *row = selected(wv);

	if (row)
		ui_app_push(view->app, ui_chart_new_at(view->app, &row->patient_id,
						       chart_section[row->section]));
	return UI_HANDLED;
}

static int act_mine(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	int s;

	wv->filter.mine = !wv->filter.mine;
	for (s = 0; s < NSECTIONS; s++) {
		wv->sections[s].counted = false;
		ui_list_reset(&wv->sections[s].list);
	}
	wv->counts_stale = true;
	ui_app_message(view->app, UI_ROLE_NORMAL, "%s",
		       wv->filter.mine ? "Showing my work: my tasks, referrals and patients."
				       : "Showing everyone's work.");
	return UI_HANDLED;
}

static void done_confirmed(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_error err = { 0 };
	struct cl_task t;
	int rc;

	rc = cl_task_get(db, &wv->done.record_id, &t, &err);
	if (!rc) {
		/* Close the task as listed: a change since then is a conflict, not a surprise. */
		t.version = wv->done.record_version;
		rc = cl_task_close(db, &t, CL_TASK_DONE, &err);
	}
	if (rc) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not marked done: %s", err.message);
		return;
	}
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Task done.");
}

static int act_done(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	const struct cl_worklist_row *row = selected(wv);
	char question[300];

	if (wv->current != CL_WORKLIST_TASKS) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "x marks a task done: Tab to Tasks due.");
		return UI_HANDLED;
	}
	if (!row)
		return UI_HANDLED;
	wv->done = *row;
	snprintf(question, sizeof(question), "Mark \"%.60s\" done? (y/n) ", row->what);
	ui_app_push(view->app, ui_confirm_new(view->app, view, question, done_confirmed));
	return UI_HANDLED;
}

static int act_contact(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	const struct cl_worklist_row *row = selected(wv);

	if (row)
		ui_app_push(view->app,
			    ui_contact_form_new(view->app, &row->patient_id,
						row->section == CL_WORKLIST_TASKS ? &row->record_id
										  : NULL));
	return UI_HANDLED;
}

static int act_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

static void worklist_resume(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	int s;

	for (s = 0; s < NSECTIONS; s++)
		ui_list_reload(&wv->sections[s].list);
}

static void worklist_free(struct ui_view *view)
{
	struct worklist_view *wv = to_worklist(view);
	int s;

	for (s = 0; s < NSECTIONS; s++)
		if (wv->sections[s].ready)
			ui_list_free(&wv->sections[s].list);
	free(wv);
}

static const struct ui_binding worklist_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS("row"),
	{ '\t', "Tab", "section", "next section", true, act_next_section },
	{ UI_KEY(KEY_RIGHT), "Right", "section", "next section", false, act_next_section },
	{ UI_KEY(KEY_BTAB), "S-Tab", "section", "previous section", false, act_prev_section },
	{ UI_KEY(KEY_LEFT), "Left", "section", "previous section", false, act_prev_section },
	{ '\r', "Enter", "open", "open the chart at the row's section", true, act_open,
	  UI_ENTER_MORE },
	{ 'x', "x", "done", "mark the selected task done (asks first)", true, act_done },
	{ 'c', "c", "contact", "log a contact with the row's patient (from a task: completes it)",
	  true, act_contact },
	{ 'm', "m", "mine", "show my work only, or everyone's", true, act_mine },
	{ 'q', "q", "quit", "leave careloop", true, act_quit },
	{ 0 },
};

struct ui_view *ui_worklist_new(struct ui_app *app)
{
	struct worklist_view *wv = calloc(1, sizeof(*wv));
	int s;

	if (!wv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	wv->view = (struct ui_view){
		.title = "Worklist",
		.keys = worklist_keys,
		.draw = worklist_draw,
		.resume = worklist_resume,
		.idle = worklist_idle,
		.list = worklist_list_of,
		.free = worklist_free,
		.app = app,
	};
	wv->counts_stale = true;
	/* A supervisor (and read-only staff) open on everyone's work, a coordinator on theirs. */
	wv->filter.mine = !cl_db_user_may(ui_app_db(app), CL_POWER_SEE_EVERYONE);
	for (s = 0; s < NSECTIONS; s++) {
		struct section_list *sl = &wv->sections[s];
		struct ui_list_source source = {
			.row_size = sizeof(struct cl_worklist_row),
			.page = section_page,
			.cell = section_cell,
			.ctx = sl,
		};

		sl->wv = wv;
		sl->section = (enum cl_worklist_section)s;
		if (ui_list_init(&sl->list, columns[s], ncolumns[s], &source)) {
			ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
			worklist_free(&wv->view);
			return NULL;
		}
		sl->ready = true;
		sl->list.empty = empty_text[s];
	}
	return &wv->view;
}
