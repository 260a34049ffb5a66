#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "popup.h"
#include "screening.h"
#include "views.h"

#define DOMAINS_MAX	32 /* domains the "positive in" list can choose from */
#define INSTRUMENTS_MAX 8  /* active instruments whose domains are offered */

/* The lists f steps through, after the patients list: due for screening, positive in. */
enum screening_list { LIST_DUE, LIST_POSITIVE };

struct screening_lists_view {
	struct ui_view view; /* first: a struct ui_view * is a struct screening_lists_view * */
	enum screening_list shown;
	struct ui_list list;	  /* other rows than the patients list's: never a safety one */
	char domain[CL_CODE_LEN]; /* of LIST_POSITIVE */
	long long due_count;
	bool due_counted;
	unsigned long due_counted_at;
	int ndomains;
	char domain_codes[DOMAINS_MAX][CL_CODE_LEN];
	char domain_names[DOMAINS_MAX][64];
};

enum { COL_NAME, COL_MRN, COL_LAST, COL_DUE };
static const struct ui_column columns[] = {
	[COL_NAME] = { .title = "Name", .width = 38, .grow = 1, .max = 60 },
	[COL_MRN] = { .title = "MRN", .width = 12, .keep = true },
	[COL_LAST] = { .title = "Last screened", .width = 13, .keep = true },
	[COL_DUE] = { .title = "Rescreen due", .width = 12, .keep = true },
};

/* Keys of the patients list that do nothing here, and why. */
static const struct patients_only {
	int key;
	const char *why;
} patients_only[] = {
	{ ' ', "Marks are for the patients list (f)." },
	{ 'A', "Assign from the patients list (f)." },
	{ 's', "Screening lists are in screening-date order, oldest first." },
	{ 'i', "Screening lists hold active patients only." },
};

static struct screening_lists_view *to_screening_lists(struct ui_view *view)
{
	return (struct screening_lists_view *)view;
}

static int screening_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	struct screening_lists_view *sv = ctx;
	struct cl_db *db = ui_app_db(sv->view.app);
	struct cl_error err = { 0 };
	int rc;

	if (sv->shown == LIST_DUE)
		rc = backward ? cl_screening_due_page_before(db, after, rows, max, n, &err)
			      : cl_screening_due_page(db, after, rows, max, n, &err);
	else
		rc = backward ? cl_screening_positive_page_before(db, sv->domain,
								  CL_SCREENING_WITHOUT_SENSITIVE,
								  after, rows, max, n, &err)
			      : cl_screening_positive_page(db, sv->domain,
							   CL_SCREENING_WITHOUT_SENSITIVE, after,
							   rows, max, n, &err);
	if (rc)
		ui_app_message(sv->view.app, UI_ROLE_ERROR, "Could not read the screening list: %s",
			       err.message);
	return rc;
}

static void screening_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			   enum ui_role *role)
{
	const struct cl_screening_due_row *row = data;

	(void)ctx;
	switch (col) {
	case COL_NAME:
		ui_format_name(row->family_name, row->given_name, buf, size);
		break;
	case COL_MRN:
		snprintf(buf, size, "%s", row->mrn);
		break;
	case COL_LAST:
		snprintf(buf, size, "%s", row->last_on[0] ? row->last_on : "never");
		break;
	case COL_DUE:
		snprintf(buf, size, "%s", row->due_on[0] ? row->due_on : "now");
		if (!row->due_on[0])
			*role = UI_ROLE_DIM;
		break;
	}
}

/* Whether the due count is of the data as it is now. */
static bool due_known(struct screening_lists_view *sv)
{
	return sv->due_counted && sv->due_counted_at == ui_app_generation(sv->view.app);
}

static bool screening_lists_idle(struct ui_view *view)
{
	struct screening_lists_view *sv = to_screening_lists(view);
	struct cl_error err = { 0 };

	if (sv->shown != LIST_DUE || due_known(sv))
		return false;
	sv->due_counted = true;
	sv->due_counted_at = ui_app_generation(view->app);
	if (cl_screening_due_count(ui_app_db(view->app), &sv->due_count, &err)) {
		sv->due_count = -2; /* failed: not counted again until the data changes */
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not count: %s", err.message);
	}
	return true;
}

static void screening_lists_draw(struct ui_view *view, WINDOW *win)
{
	struct screening_lists_view *sv = to_screening_lists(view);
	char count[32], status[UI_LIST_VIEW_STATUS_MAX];

	if (sv->shown == LIST_DUE) {
		bool known = due_known(sv) && sv->due_count >= 0;

		if (known)
			ui_format_count(sv->due_count, count, sizeof(count));
		snprintf(status, sizeof(status), "Screening due  %s %s  (f: next filter)",
			 known ? count : "counting",
			 known && sv->due_count == 1 ? "patient" : "patients");
	} else {
		snprintf(status, sizeof(status),
			 "Positive: %s  (latest screening; f: all patients)", sv->domain);
	}
	ui_list_view_draw(view, win, status);
}

/* Show list from its top. */
static void screening_lists_show(struct screening_lists_view *sv, enum screening_list list)
{
	sv->shown = list;
	ui_list_reset(&sv->list);
	sv->list.empty = list == LIST_DUE ? "no patient is due for screening"
					  : "no patient is positive in this domain";
}

/* ---- actions ---- */

static struct ui_list *screening_lists_list_of(struct ui_view *view)
{
	return &to_screening_lists(view)->list;
}

static int act_open(struct ui_view *view)
{
	const struct cl_screening_due_row *row = ui_list_selected(view->list(view));

	if (row)
		ui_app_push(view->app, ui_chart_new(view->app, &row->patient_id));
	return UI_HANDLED;
}

static int act_add(struct ui_view *view)
{
	ui_app_push(view->app, ui_patient_form_new(view->app, NULL));
	return UI_HANDLED;
}

/* The domains of the active instruments that a list may filter on (no sensitive one). */
static int screening_domains(struct screening_lists_view *sv)
{
	struct cl_instrument_info infos[INSTRUMENTS_MAX];
	struct cl_db *db = ui_app_db(sv->view.app);
	struct cl_error err = { 0 };
	int ninfos = 0, i, d, k;

	sv->ndomains = 0;
	if (cl_instrument_list(db, infos, INSTRUMENTS_MAX, &ninfos, &err))
		goto fail;
	for (i = 0; i < ninfos; i++) {
		struct cl_instrument *in = NULL;

		if (cl_instrument_load(db, infos[i].code, &in, &err))
			goto fail;
		for (d = 0; d < in->ndomains && sv->ndomains < DOMAINS_MAX; d++) {
			if (in->domains[d].sensitive)
				continue;
			for (k = 0; k < sv->ndomains; k++)
				if (strcmp(sv->domain_codes[k], in->domains[d].code) == 0)
					break;
			if (k < sv->ndomains)
				continue;
			snprintf(sv->domain_codes[k], sizeof(sv->domain_codes[k]), "%s",
				 in->domains[d].code);
			snprintf(sv->domain_names[k], sizeof(sv->domain_names[k]), "%s",
				 in->domains[d].name[CL_LANG_EN]);
			sv->ndomains++;
		}
		cl_instrument_free(in);
	}
	return sv->ndomains;
fail:
	ui_app_message(sv->view.app, UI_ROLE_ERROR, "Could not read the screening domains: %s",
		       err.message);
	return 0;
}

static void domain_chosen(struct ui_view *below, int index)
{
	struct screening_lists_view *sv = to_screening_lists(below);

	if (index < 0 || index >= sv->ndomains)
		return;
	snprintf(sv->domain, sizeof(sv->domain), "%s", sv->domain_codes[index]);
	screening_lists_show(sv, LIST_POSITIVE);
}

/* f: from the due list, those positive in a chosen domain; from there, every patient. */
static int act_filter(struct ui_view *view)
{
	struct screening_lists_view *sv = to_screening_lists(view);
	const char *items[DOMAINS_MAX];
	int i, n;

	if (sv->shown == LIST_POSITIVE)
		return UI_POP; /* the patients list below */
	n = screening_domains(sv);
	for (i = 0; i < n; i++)
		items[i] = sv->domain_names[i];
	ui_app_push(view->app, ui_pick_new(view->app, view, "Positive in which domain?", items, n,
					   0, domain_chosen));
	return UI_HANDLED;
}

static int act_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

/* A key of the patients list that does nothing here says why. */
static int screening_lists_key(struct ui_view *view, int key)
{
	size_t i;

	for (i = 0; i < sizeof(patients_only) / sizeof(patients_only[0]); i++)
		if (patients_only[i].key == key) {
			ui_app_message(view->app, UI_ROLE_NORMAL, "%s", patients_only[i].why);
			return UI_HANDLED;
		}
	return UI_UNHANDLED;
}

static void screening_lists_resume(struct ui_view *view)
{
	ui_list_reload(view->list(view));
}

static void screening_lists_free(struct ui_view *view)
{
	struct screening_lists_view *sv = to_screening_lists(view);

	ui_list_free(&sv->list);
	free(sv);
}

static const struct ui_binding screening_lists_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS("patient"),
	{ 'a', "a", "add", "add a patient", true, act_add },
	{ '\r', "Enter", "open", "open the patient's chart", true, act_open, UI_ENTER_MORE },
	{ 'f', "f", "filter", "all patients, screening due, positive in a domain", true,
	  act_filter },
	{ 'q', "q", "quit", "leave careloop", true, act_quit },
	{ 0 },
};

struct ui_view *ui_screening_lists_new(struct ui_app *app)
{
	struct screening_lists_view *sv = calloc(1, sizeof(*sv));
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_screening_due_row),
		.page = screening_page,
		.cell = screening_cell,
	};

	if (!sv)
		goto fail;
	sv->view = (struct ui_view){
		.title = "Screening lists",
		.keys = screening_lists_keys,
		.draw = screening_lists_draw,
		.key = screening_lists_key,
		.resume = screening_lists_resume,
		.idle = screening_lists_idle,
		.list = screening_lists_list_of,
		.free = screening_lists_free,
		.app = app,
	};
	sv->shown = LIST_DUE;
	source.ctx = sv;
	if (ui_list_init(&sv->list, columns, (int)(sizeof(columns) / sizeof(columns[0])), &source))
		goto fail;
	sv->list.empty = "no patient is due for screening";
	return &sv->view;
fail:
	free(sv);
	ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
	return NULL;
}
