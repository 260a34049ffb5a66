#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "patient.h"
#include "popup.h"
#include "risk.h"
#include "views.h"

/* A search shows its best matches; with more, the list pages through them all by name. */
#define SEARCH_MAX   CL_PATIENT_SEARCH_RANKED
#define SEARCH_CAP   9999 /* matches counted at most ("over 9,999") */
#define MARKS_MAX    1000 /* patients marked at once for a bulk reassignment */
#define MANAGERS_MAX 128  /* care managers offered by A (a menu holds UI_PICK_MAX) */

struct patients_view {
	struct ui_view view; /* first: a struct ui_view * is a struct patients_view * */
	struct cl_patient_filter filter;
	struct ui_list list;
	/* "N patients", per include_inactive; counting is O(n), so it waits for idle time */
	long long count[2];
	bool counted[2];
	unsigned long counted_at[2]; /* ui_app_generation of each count */
	struct ui_list_search search;
	struct cl_patient_row *results;
	/* More than SEARCH_MAX matches: the list pages through them (cl_patient_search_page). */
	bool paged;
	long long paged_count;
	bool paged_capped;
	char today[CL_DATE_LEN];
	/* Bulk reassignment: the marked patients (Space) and A's care managers. */
	struct cl_id *marks;
	int nmarks;
	struct cl_id *assigning; /* the patients A is asking about */
	int nassigning;
	struct cl_care_manager *managers;
	int nmanagers, manager; /* manager: the index chosen; nmanagers: "(unassigned)" */
};

enum { COL_MARK, COL_NAME, COL_AGE, COL_MRN, COL_RISK, COL_CARE_MANAGER };
/* clang-format off */
/* At 80 columns; a wider terminal widens the name and the care manager (ui_format_layout). */
static const struct ui_column columns[] = {
	[COL_MARK] = { .title = "", .width = 1 },
	[COL_NAME] = { .title = "Name", .width = 31, .grow = 2, .max = 56 },
	[COL_AGE] = { .title = "Age", .width = 3, .right = true, .keep = true },
	[COL_MRN] = { .title = "MRN", .width = 12, .keep = true },
	[COL_RISK] = { .title = "Risk", .width = 6 },
	[COL_CARE_MANAGER] = { .title = "Care manager", .width = 20, .grow = 1, .max = 32 },
};
/* clang-format on */

static struct patients_view *to_patients(struct ui_view *view)
{
	return (struct patients_view *)view;
}

/* The index of patient id among the marked ones, or -1. */
static int mark_index(const struct patients_view *pv, const struct cl_id *id)
{
	int i;

	for (i = 0; i < pv->nmarks; i++)
		if (cl_id_equal(&pv->marks[i], id))
			return i;
	return -1;
}

static int patients_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	struct patients_view *pv = ctx;
	struct cl_error err = { 0 };
	int rc;

	if (pv->paged && pv->search.found)
		rc = cl_patient_search_page(ui_app_db(pv->view.app), pv->search.text,
					    pv->filter.include_inactive, after, backward, rows, max,
					    n, &err);
	else
		rc = cl_patient_page(ui_app_db(pv->view.app), &pv->filter, after, backward, rows,
				     max, n, &err);
	if (rc)
		ui_app_message(pv->view.app, UI_ROLE_ERROR, "Could not read the patients: %s",
			       err.message);
	return rc;
}

static void patients_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			  enum ui_role *role)
{
	struct patients_view *pv = ctx;
	const struct cl_patient_row *row = data;
	bool active = row->status == CL_PATIENT_ACTIVE;
	char name[200];
	int age;

	switch (col) {
	case COL_MARK:
		if (mark_index(pv, &row->id) >= 0)
			snprintf(buf, size, "*");
		break;
	case COL_NAME:
		ui_format_name(row->family_name, row->given_name, name, sizeof(name));
		if (active)
			snprintf(buf, size, "%s", name);
		else
			snprintf(buf, size, "%s (%s)", name, cl_patient_status_code(row->status));
		break;
	case COL_AGE:
		age = cl_date_valid(row->birth_date) ? cl_date_age(row->birth_date, pv->today) : -1;
		if (age >= 0)
			snprintf(buf, size, "%d", age);
		break;
	case COL_MRN:
		snprintf(buf, size, "%s", row->mrn);
		break;
	case COL_RISK:
		snprintf(buf, size, "%s", cl_risk_code(row->risk_tier));
		*role = ui_risk_role(row->risk_tier);
		break;
	case COL_CARE_MANAGER:
		snprintf(buf, size, "%s", row->care_manager_name);
		break;
	}
	if (!active)
		*role = UI_ROLE_DIM;
}

/* The count for the current filter, or -1 while it is not known yet. */
static long long patients_count(struct patients_view *pv)
{
	int i = pv->filter.include_inactive;

	if (!pv->counted[i] || pv->counted_at[i] != ui_app_generation(pv->view.app))
		return -1;
	return pv->count[i];
}

static bool patients_idle(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);
	struct cl_error err = { 0 };
	int i = pv->filter.include_inactive;

	if (patients_count(pv) >= 0 || pv->search.found)
		return false;
	pv->counted[i] = true;
	pv->counted_at[i] = ui_app_generation(view->app);
	if (cl_patient_count(ui_app_db(view->app), &pv->filter, &pv->count[i], &err)) {
		pv->count[i] = -2; /* failed: not counted again until the data changes */
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not count the patients: %s",
			       err.message);
	}
	return true;
}

/* The search's rows (struct ui_list_search's find). */
static const void *patients_find(struct ui_view *view, const char *text, int *n)
{
	struct patients_view *pv = to_patients(view);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_error err = { 0 };

	/* More than are ranked: every match, paged by name, and counted. */
	pv->paged = false;
	if (cl_patient_search_count(db, text, pv->filter.include_inactive, SEARCH_CAP,
				    &pv->paged_count, &pv->paged_capped, &err) == CL_OK &&
	    pv->paged_count > SEARCH_MAX) {
		pv->paged = true;
		*n = -1;
		return NULL;
	}
	if (cl_patient_search(db, text, pv->filter.include_inactive, pv->results, SEARCH_MAX, n,
			      &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Search failed: %s", err.message);
		*n = 0;
	}
	return pv->results;
}

static void patients_draw(struct ui_view *view, WINDOW *win)
{
	struct patients_view *pv = to_patients(view);
	char count[32], status[UI_LIST_VIEW_STATUS_MAX];

	const struct ui_list_search *search = &pv->search;

	if (search->searching && !search->found) {
		snprintf(status, sizeof(status), "Find a patient by name, MRN or phone digits");
	} else if (search->found) {
		long long matches = pv->paged ? pv->paged_count : search->matches;

		ui_format_count(matches, count, sizeof(count));
		snprintf(status, sizeof(status), "Patients  search: \"%s\"  %s%s %s", search->text,
			 pv->paged && pv->paged_capped ? "over " : "", count,
			 matches == 1 ? "match" : "matches");
	} else {
		long long n = patients_count(pv);

		if (n >= 0)
			ui_format_count(n, count, sizeof(count));
		snprintf(status, sizeof(status), "Patients by %s  %s %s%s",
			 pv->filter.sort == CL_PATIENT_BY_RISK ? "risk" : "name",
			 n >= 0	   ? count
			 : n == -1 ? "counting"
				   : "?",
			 n == 1 ? "patient" : "patients",
			 pv->filter.include_inactive ? " (with inactive)" : "");
	}
	if (pv->nmarks) {
		size_t len = strlen(status);

		snprintf(status + len, sizeof(status) - len, "  \xc2\xb7 %d marked (A: assign)",
			 pv->nmarks);
	}
	ui_list_view_draw(view, win, status);
}

/* ---- actions ---- */

/* The list the list keys move. */
static struct ui_list *patients_list_of(struct ui_view *view)
{
	return &to_patients(view)->list;
}

static int act_open(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);
	const struct cl_patient_row *row = ui_list_selected(&pv->list);

	if (row)
		ui_app_push(view->app, ui_chart_new(view->app, &row->id));
	return UI_HANDLED;
}

/* M: merge the selected patient's chart with a duplicate. */
static int act_merge(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);
	const struct cl_patient_row *row = ui_list_selected(&pv->list);

	return row ? ui_merge_start(view, &row->id, false) : UI_HANDLED;
}

/* Space: mark or unmark the selected patient, then move down. */
static int act_mark(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);
	const struct cl_patient_row *row;
	int i;

	if (!(row = ui_list_selected(&pv->list)))
		return UI_HANDLED;
	if ((i = mark_index(pv, &row->id)) >= 0) {
		pv->marks[i] = pv->marks[--pv->nmarks];
	} else if (pv->nmarks == MARKS_MAX) {
		ui_app_message(view->app, UI_ROLE_ERROR, "At most %d patients at once.", MARKS_MAX);
		return UI_HANDLED;
	} else {
		pv->marks[pv->nmarks++] = row->id;
	}
	ui_list_move(&pv->list, 1, false);
	return UI_HANDLED;
}

static void assign_confirmed(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);
	const char *login = pv->manager < pv->nmanagers ? pv->managers[pv->manager].login : "";
	struct cl_error err = { 0 };
	size_t changed = 0;

	if (cl_assign_care_manager(ui_app_db(view->app), pv->assigning, (size_t)pv->nassigning,
				   login, &changed, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not assigned: %s", err.message);
		return;
	}
	pv->nmarks = 0;
	ui_app_touch(view->app);
	ui_list_reload(&pv->list);
	ui_app_message(view->app, UI_ROLE_OK, "Assigned %zu patient%s to %s.", changed,
		       changed == 1 ? "" : "s",
		       login[0] ? pv->managers[pv->manager].display_name : "nobody");
}

static void assign_chosen(struct ui_view *view, int index)
{
	struct patients_view *pv = to_patients(view);
	char question[300];

	if (index < 0 || index > pv->nmanagers)
		return;
	pv->manager = index;
	snprintf(question, sizeof(question), "Assign %d patient%s to %s? (y/n) ", pv->nassigning,
		 pv->nassigning == 1 ? "" : "s",
		 index < pv->nmanagers ? pv->managers[index].display_name : "(unassigned)");
	ui_app_push(view->app, ui_confirm_new(view->app, view, question, assign_confirmed));
}

/* A: assign the marked patients (or the selected one) to a care manager. */
static int act_assign(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);
	const struct cl_patient_row *row;
	const char *items[MANAGERS_MAX + 1];
	struct cl_error err = { 0 };
	char title[64];
	int i;

	if (pv->nmarks) {
		memcpy(pv->assigning, pv->marks, sizeof(*pv->marks) * (size_t)pv->nmarks);
		pv->nassigning = pv->nmarks;
	} else if ((row = ui_list_selected(&pv->list))) {
		pv->assigning[0] = row->id;
		pv->nassigning = 1;
	} else {
		return UI_HANDLED;
	}
	if (cl_care_manager_list(ui_app_db(view->app), pv->managers, MANAGERS_MAX, &pv->nmanagers,
				 &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not read the care managers: %s",
			       err.message);
		return UI_HANDLED;
	}
	for (i = 0; i < pv->nmanagers; i++)
		items[i] = pv->managers[i].display_name;
	items[pv->nmanagers] = "(unassigned)";
	snprintf(title, sizeof(title), "Assign %d patient%s to:", pv->nassigning,
		 pv->nassigning == 1 ? "" : "s");
	ui_app_push(view->app, ui_pick_new(view->app, view, title, items, pv->nmanagers + 1, 0,
					   assign_chosen));
	return UI_HANDLED;
}

static int act_add(struct ui_view *view)
{
	ui_app_push(view->app, ui_patient_form_new(view->app, NULL));
	return UI_HANDLED;
}

static int act_sort(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);

	pv->filter.sort =
		pv->filter.sort == CL_PATIENT_BY_NAME ? CL_PATIENT_BY_RISK : CL_PATIENT_BY_NAME;
	if (!pv->search.found)
		ui_list_reset(&pv->list);
	else
		ui_app_message(view->app, UI_ROLE_NORMAL, "Search results stay best match first.");
	return UI_HANDLED;
}

static int act_inactive(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);

	pv->filter.include_inactive = !pv->filter.include_inactive;
	ui_list_view_search_refilter(view);
	ui_app_message(view->app, UI_ROLE_NORMAL, "%s",
		       pv->filter.include_inactive ? "Showing inactive and deceased patients too."
						   : "Showing active patients only.");
	return UI_HANDLED;
}

/* f: the screening lists (due for screening, then positive in a domain), over this one. */
static int act_filter(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);

	if (pv->search.searching)
		return UI_HANDLED;
	ui_list_view_search_clear(view); /* the screening lists are of every patient */
	ui_app_push(view->app, ui_screening_lists_new(view->app));
	return UI_HANDLED;
}

static int act_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

void ui_patients_find(struct ui_view *view)
{
	ui_list_view_search(view);
}

static void patients_resume(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);

	cl_date_today(pv->today);
	ui_list_view_search_reload(view);
}

static void patients_free(struct ui_view *view)
{
	struct patients_view *pv = to_patients(view);

	ui_list_free(&pv->list);
	free(pv->results);
	free(pv->marks);
	free(pv->assigning);
	free(pv->managers);
	free(pv);
}

static const struct ui_binding patients_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS("patient"),
	{ ' ', "Space", "mark", "mark or unmark the patient (for A)", false, act_mark },
	{ 'A', "A", "assign", "assign the marked (or selected) patients to a care manager", false,
	  act_assign },
	{ '/', "/", "search", "search names, MRN and phone as you type", true,
	  ui_list_view_search },
	{ 'a', "a", "add", "add a patient", true, act_add },
	{ 'M', "M", "merge", "merge the patient's chart with a duplicate of the same person", false,
	  act_merge },
	{ '\r', "Enter", "open", "open the patient's chart", true, act_open, UI_ENTER_MORE },
	{ 's', "s", "sort", "sort by name or by risk", true, act_sort },
	{ 'i', "i", "inactive", "show or hide inactive and deceased patients", true, act_inactive },
	{ 'f', "f", "filter", "all patients, screening due, positive in a domain", true,
	  act_filter },
	{ UI_ESC, "Esc", "clear", "clear the search", false, ui_list_view_search_clear },
	{ 'q', "q", "quit", "leave careloop", true, act_quit },
	{ 0 },
};

static const struct ui_binding search_keys[] = {
	UI_LIST_VIEW_SEARCH_KEYS("patient"),
	{ 0 },
};

struct ui_view *ui_patients_new(struct ui_app *app)
{
	struct patients_view *pv = calloc(1, sizeof(*pv));
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_patient_row),
		.page = patients_page,
		.cell = patients_cell,
	};

	if (!pv)
		goto fail;
	pv->results = calloc(SEARCH_MAX, sizeof(*pv->results));
	pv->marks = calloc(MARKS_MAX, sizeof(*pv->marks));
	pv->assigning = calloc(MARKS_MAX, sizeof(*pv->assigning));
	pv->managers = calloc(MANAGERS_MAX, sizeof(*pv->managers));
	if (!pv->results || !pv->marks || !pv->assigning || !pv->managers)
		goto fail;
	pv->view = (struct ui_view){
		.title = "Patients",
		.keys = patients_keys,
		.draw = patients_draw,
		.key = ui_list_view_search_key,
		.resume = patients_resume,
		.idle = patients_idle,
		.list = patients_list_of,
		.search = &pv->search,
		.free = patients_free,
		.app = app,
	};
	pv->search = (struct ui_list_search){
		.none = "no patients match",
		.browse_keys = patients_keys,
		.typing_keys = search_keys,
		.find = patients_find,
	};
	pv->filter.sort = CL_PATIENT_BY_NAME;
	cl_date_today(pv->today);
	source.ctx = pv;
	if (ui_list_init(&pv->list, columns, (int)(sizeof(columns) / sizeof(columns[0])), &source))
		goto fail;
	return &pv->view;
fail:
	if (pv) {
		free(pv->results);
		free(pv->marks);
		free(pv->assigning);
		free(pv->managers);
	}
	free(pv);
	ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
	return NULL;
}
