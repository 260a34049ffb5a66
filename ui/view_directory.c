#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "org.h"
#include "popup.h"
#include "views.h"

#define SEARCH_MAX  200
#define FILTERS_MAX 96

struct directory_view {
	struct ui_view view; /* first: a struct ui_view * is a struct directory_view * */
	struct cl_org_filter filter;
	char service[64]; /* filter.service points here when set */
	struct ui_list list;
	struct ui_list_search search;
	struct cl_org_row *results;
	/* the filter menu: its items and what each sets */
	char filter_items[FILTERS_MAX][96];
	int filter_kind[FILTERS_MAX];
	const char *filter_service[FILTERS_MAX];
	int nfilters;
	/* the last v, for u: which entry, its date before, and its version after */
	struct cl_id undo_id;
	char undo_name[128];
	char undo_verified[CL_DATE_LEN];
	long long undo_version; /* 0: nothing to undo */
};

enum { COL_NAME, COL_KIND, COL_SERVICES, COL_PHONE, COL_VERIFIED };
/* At 80 columns; a wider terminal widens the name and the services (ui_format_layout). */
static const struct ui_column columns[] = {
	[COL_NAME] = { .title = "Name", .width = 19, .grow = 3, .max = 48 },
	[COL_KIND] = { .title = "Kind", .width = 9 },
	[COL_SERVICES] = { .title = "Services", .width = 18, .grow = 2, .max = 60 },
	[COL_PHONE] = { .title = "Phone", .width = 12, .keep = true },
	[COL_VERIFIED] = { .title = "Verified", .width = 16, .keep = true },
};

static struct directory_view *to_directory(struct ui_view *view)
{
	return (struct directory_view *)view;
}

static int directory_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	struct directory_view *dv = ctx;
	struct cl_error err = { 0 };
	int rc;

	rc = cl_org_page(ui_app_db(dv->view.app), &dv->filter, after, backward, rows, max, n, &err);
	if (rc)
		ui_app_message(dv->view.app, UI_ROLE_ERROR, "Could not read the directory: %s",
			       err.message);
	return rc;
}

static void directory_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			   enum ui_role *role)
{
	const struct cl_org_row *row = data;

	(void)ctx;
	switch (col) {
	case COL_NAME:
		snprintf(buf, size, "%s%s", row->name, row->active ? "" : " (retired)");
		break;
	case COL_KIND:
		snprintf(buf, size, "%s", cl_org_kind_code(row->kind));
		break;
	case COL_SERVICES:
		/* Community services as domain keys ("food, housing"), as the CSV prints them. */
		if (row->kind == CL_ORG_COMMUNITY)
			cl_domain_keys_text(row->services, buf, size);
		else
			snprintf(buf, size, "%s", row->services);
		break;
	case COL_PHONE:
		snprintf(buf, size, "%s", row->phone);
		break;
	case COL_VERIFIED:
		snprintf(buf, size, "%s%s", row->last_verified[0] ? row->last_verified : "never",
			 row->stale ? " stale" : "");
		if (row->stale)
			*role = UI_ROLE_ERROR;
		break;
	}
	if (!row->active)
		*role = UI_ROLE_DIM;
}

/* The search's rows (struct ui_list_search's find). */
static const void *directory_find(struct ui_view *view, const char *text, int *n)
{
	struct directory_view *dv = to_directory(view);
	struct cl_error err = { 0 };

	if (cl_org_search(ui_app_db(view->app), text, &dv->filter, dv->results, SEARCH_MAX, n,
			  &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Search failed: %s", err.message);
		*n = 0;
	}
	return dv->results;
}

/* "community · food-insecurity" or "all entries", for the status line. */
static void filter_words(const struct directory_view *dv, char *buf, size_t size)
{
	if (dv->filter.service)
		snprintf(buf, size, "serving %s",
			 dv->filter.kind == CL_ORG_SPECIALTY ? cl_specialty_name(dv->filter.service)
							     : cl_domain_name(dv->filter.service));
	else if (dv->filter.kind == CL_ORG_SPECIALTY)
		snprintf(buf, size, "specialty care partners");
	else if (dv->filter.kind == CL_ORG_COMMUNITY)
		snprintf(buf, size, "community organizations");
	else
		snprintf(buf, size, "all entries");
}

static void directory_draw(struct ui_view *view, WINDOW *win)
{
	struct directory_view *dv = to_directory(view);
	const struct ui_list_search *search = &dv->search;
	char status[UI_LIST_VIEW_STATUS_MAX], words[160];

	filter_words(dv, words, sizeof(words));
	if (search->found)
		snprintf(status, sizeof(status), "Directory  %s  search: \"%s\"  %d%s %s", words,
			 search->text, search->matches, search->matches >= SEARCH_MAX ? "+" : "",
			 search->matches == 1 ? "match" : "matches");
	else if (search->searching) /* `/` here searches partners, not patients: say so */
		snprintf(status, sizeof(status), "Directory  search partners by name or service");
	else
		snprintf(status, sizeof(status), "Directory  %s%s", words,
			 dv->filter.include_retired ? " (with retired)" : "");
	ui_list_view_draw(view, win, status);
}

/* ---- actions ---- */

/* The list the list keys move. */
static struct ui_list *directory_list_of(struct ui_view *view)
{
	return &to_directory(view)->list;
}

static const struct cl_org_row *selected(struct ui_view *view)
{
	const struct cl_org_row *row = ui_list_selected(&to_directory(view)->list);

	if (!row)
		ui_app_message(view->app, UI_ROLE_NORMAL, "No entry is selected.");
	return row;
}

static int act_edit(struct ui_view *view)
{
	const struct cl_org_row *row = selected(view);

	if (row)
		ui_app_push(view->app, ui_org_form_new(view->app, &row->id));
	return UI_HANDLED;
}

static int act_add(struct ui_view *view)
{
	ui_app_push(view->app, ui_org_form_new(view->app, NULL));
	return UI_HANDLED;
}

static void retire_yes(struct ui_view *view)
{
	const struct cl_org_row *row = ui_list_selected(&to_directory(view)->list);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_error err = { 0 };
	struct cl_org o;

	if (!row)
		return;
	if (cl_org_get(db, &row->id, &o, &err) || cl_org_retire(db, &o, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not retired: %s", err.message);
		return;
	}
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Retired %s (i shows retired entries).", o.name);
}

static int act_retire(struct ui_view *view)
{
	const struct cl_org_row *row = selected(view);
	char question[200];

	if (!row)
		return UI_HANDLED;
	if (!row->active) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "This entry is already retired.");
		return UI_HANDLED;
	}
	snprintf(question, sizeof(question), "Retire %s? (y/n) ", row->name);
	ui_app_push(view->app, ui_confirm_new(view->app, view, question, retire_yes));
	return UI_HANDLED;
}

static void verify_yes(struct ui_view *view)
{
	struct directory_view *dv = to_directory(view);
	const struct cl_org_row *row = ui_list_selected(&dv->list);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_error err = { 0 };
	char before[CL_DATE_LEN];
	struct cl_org o;

	if (!row)
		return;
	if (cl_org_get(db, &row->id, &o, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return;
	}
	memcpy(before, o.last_verified, sizeof(before));
	if (cl_org_mark_verified(db, &o, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return;
	}
	dv->undo_id = o.id;
	snprintf(dv->undo_name, sizeof(dv->undo_name), "%s", o.name);
	memcpy(dv->undo_verified, before, sizeof(dv->undo_verified));
	dv->undo_version = o.version;
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Verified %s today (%s); u undoes.", o.name,
		       o.last_verified);
}

static int act_verify(struct ui_view *view)
{
	const struct cl_org_row *row = selected(view);
	char question[240], today[CL_DATE_LEN];

	if (!row)
		return UI_HANDLED;
	cl_date_today(today);
	snprintf(question, sizeof(question), "Mark %s verified today (%s)? (y/n) ", row->name,
		 today);
	ui_app_push(view->app, ui_confirm_new(view->app, view, question, verify_yes));
	return UI_HANDLED;
}

/* u: put back the date the last v replaced, unless someone changed the entry since. */
static int act_undo_verify(struct ui_view *view)
{
	struct directory_view *dv = to_directory(view);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_error err = { 0 };
	struct cl_org o;

	if (!dv->undo_version) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "Nothing to undo.");
		return UI_HANDLED;
	}
	if (cl_org_get(db, &dv->undo_id, &o, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not undone: %s", err.message);
		return UI_HANDLED;
	}
	if (o.version != dv->undo_version) {
		dv->undo_version = 0;
		ui_app_message(view->app, UI_ROLE_ERROR,
			       "Not undone: %s was changed since it was verified.", o.name);
		return UI_HANDLED;
	}
	memcpy(o.last_verified, dv->undo_verified, sizeof(o.last_verified));
	if (cl_org_update(db, &o, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not undone: %s", err.message);
		return UI_HANDLED;
	}
	dv->undo_version = 0;
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Undone: %s is back to %s.", o.name,
		       o.last_verified[0] ? o.last_verified : "never verified");
	view->resume(view);
	return UI_HANDLED;
}

static void filter_chosen(struct ui_view *view, int index)
{
	struct directory_view *dv = to_directory(view);

	if (index < 0 || index >= dv->nfilters)
		return;
	dv->filter.kind = dv->filter_kind[index];
	dv->filter.service = NULL;
	if (dv->filter_service[index]) {
		snprintf(dv->service, sizeof(dv->service), "%s", dv->filter_service[index]);
		dv->filter.service = dv->service;
	}
	ui_list_view_search_refilter(view);
}

static void filter_add(struct directory_view *dv, const char *label, int kind, const char *service)
{
	if (dv->nfilters >= FILTERS_MAX)
		return;
	snprintf(dv->filter_items[dv->nfilters], sizeof(dv->filter_items[0]), "%s", label);
	dv->filter_kind[dv->nfilters] = kind;
	dv->filter_service[dv->nfilters] = service;
	dv->nfilters++;
}

static int act_filter(struct ui_view *view)
{
	struct directory_view *dv = to_directory(view);
	const char *items[FILTERS_MAX];
	const char *const *codes;
	char label[96];
	int i, current = 0;

	dv->nfilters = 0;
	filter_add(dv, "All entries", -1, NULL);
	filter_add(dv, "Specialty care partners", CL_ORG_SPECIALTY, NULL);
	filter_add(dv, "Community organizations", CL_ORG_COMMUNITY, NULL);
	for (codes = cl_domain_codes; *codes; codes++) {
		snprintf(label, sizeof(label), "Serving: %s", cl_domain_name(*codes));
		filter_add(dv, label, CL_ORG_COMMUNITY, *codes);
	}
	for (codes = cl_specialty_codes; *codes; codes++) {
		snprintf(label, sizeof(label), "Specialty: %s", cl_specialty_name(*codes));
		filter_add(dv, label, CL_ORG_SPECIALTY, *codes);
	}
	for (i = 0; i < dv->nfilters; i++) {
		items[i] = dv->filter_items[i];
		if (dv->filter_kind[i] == dv->filter.kind &&
		    (dv->filter_service[i] && dv->filter.service
			     ? strcmp(dv->filter_service[i], dv->filter.service) == 0
			     : dv->filter_service[i] == dv->filter.service))
			current = i;
	}
	ui_app_push(view->app, ui_pick_new(view->app, view, "Show", items, dv->nfilters, current,
					   filter_chosen));
	return UI_HANDLED;
}

static int act_retired(struct ui_view *view)
{
	struct directory_view *dv = to_directory(view);

	dv->filter.include_retired = !dv->filter.include_retired;
	ui_list_view_search_refilter(view);
	ui_app_message(view->app, UI_ROLE_NORMAL, "%s",
		       dv->filter.include_retired ? "Showing retired entries too."
						  : "Showing active entries only.");
	return UI_HANDLED;
}

static int act_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

static void directory_free(struct ui_view *view)
{
	struct directory_view *dv = to_directory(view);

	ui_list_free(&dv->list);
	free(dv->results);
	free(dv);
}

static const struct ui_binding directory_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS_SPACE("entry"),
	{ '/', "/", "search", "search the directory (partners' names and services) as you type",
	  true, ui_list_view_search },
	{ 'f', "f", "filter", "show one kind of partner, or those offering one service", true,
	  act_filter },
	{ 'a', "a", "add", "add an entry", true, act_add },
	{ '\r', "Enter", "open", "open the entry (its form)", true, act_edit, UI_ENTER_MORE },
	{ 'e', "e", "edit", "edit the entry", false, act_edit },
	{ 'v', "v", "verified", "mark the entry verified today (asks first)", true, act_verify },
	{ 'u', "u", "undo", "undo the last v (the date before comes back)", false,
	  act_undo_verify },
	{ 'x', "x", "retire", "retire the entry (asks first; nothing is deleted)", true,
	  act_retire },
	{ 'i', "i", "retired", "show or hide retired entries", false, act_retired },
	{ UI_ESC, "Esc", "clear", "clear the search", false, ui_list_view_search_clear },
	{ 'q', "q", "quit", "leave careloop", true, act_quit },
	{ 0 },
};

static const struct ui_binding search_keys[] = {
	UI_LIST_VIEW_SEARCH_KEYS("entry"),
	{ 0 },
};

struct ui_view *ui_directory_new(struct ui_app *app)
{
	struct directory_view *dv = calloc(1, sizeof(*dv));
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_org_row),
		.page = directory_page,
		.cell = directory_cell,
	};

	if (!dv || !(dv->results = calloc(SEARCH_MAX, sizeof(*dv->results))))
		goto fail;
	dv->view = (struct ui_view){
		.title = "Directory",
		.keys = directory_keys,
		.draw = directory_draw,
		.key = ui_list_view_search_key,
		.resume = ui_list_view_search_reload,
		.list = directory_list_of,
		.search = &dv->search,
		.free = directory_free,
		.app = app,
	};
	dv->filter.kind = -1;
	source.ctx = dv;
	if (ui_list_init(&dv->list, columns, (int)(sizeof(columns) / sizeof(columns[0])), &source))
		goto fail;
	dv->search = (struct ui_list_search){
		.none = "no entries match",
		.all = "no entries (a: add; careloop import orgs FILE.csv)",
		.browse_keys = directory_keys,
		.typing_keys = search_keys,
		.find = directory_find,
	};
	dv->list.empty = dv->search.all;
	return &dv->view;
fail:
	if (dv)
		free(dv->results);
	free(dv);
	ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
	return NULL;
}
