#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "keymap.h"
#include "letters.h"
#include "list.h"
#include "list_view.h"
#include "popup.h"
#include "referral.h"
#include "referral_fmt.h"
#include "views.h"

#define ORGS_MAX     UI_PICK_MAX
#define MANAGERS_MAX 64
#define MENU_MAX     32

/* What the filter menu's items do. */
enum menu_action {
	MENU_OPEN,
	MENU_OVERDUE,
	MENU_ALL,
	MENU_STATUS,
	MENU_KIND,
	MENU_PARTNER,
	MENU_MANAGER,
	MENU_MINE,
	MENU_CLEAR,
};

struct referrals_view {
	struct ui_view view; /* first: a struct ui_view * is a struct referrals_view * */
	struct cl_referral_filter filter;
	struct cl_id organization; /* filter.organization points here when set */
	char organization_name[128];
	char care_manager[64]; /* filter.care_manager points here when set */
	char care_manager_name[96];
	struct ui_list list;
	long long overdue;
	unsigned long counted_at;
	bool counted;
	char today[CL_DATE_LEN];
	/* the menus */
	enum menu_action menu_action[MENU_MAX];
	int menu_arg[MENU_MAX];
	int nmenu;
	struct cl_org_row *orgs;
	int norgs;
	struct cl_care_manager *managers;
	int nmanagers;
};

enum { COL_PATIENT, COL_PARTNER, COL_SERVICE, COL_STATUS, COL_DUE };
/* At 80 columns; a wider terminal widens the text columns (ui_format_layout). */
static const struct ui_column columns[] = {
	[COL_PATIENT] = { .title = "Patient", .width = 17, .grow = 2, .max = 36 },
	[COL_PARTNER] = { .title = "Partner", .width = 17, .grow = 3, .max = 48 },
	[COL_SERVICE] = { .title = "Kind/domain", .width = 15, .grow = 2, .max = 36 },
	[COL_STATUS] = { .title = "Status", .width = 11, .grow = 1, .max = 21 },
	[COL_DUE] = { .title = "Due", .width = 14, .keep = true },
};

static struct referrals_view *to_referrals(struct ui_view *view)
{
	return (struct referrals_view *)view;
}

static int referrals_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	struct referrals_view *rv = ctx;
	struct cl_error err = { 0 };
	int rc;

	rc = cl_referral_page(ui_app_db(rv->view.app), &rv->filter, after, backward, rows, max, n,
			      &err);
	if (rc)
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Could not read the referrals: %s",
			       err.message);
	return rc;
}

static void referrals_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			   enum ui_role *role)
{
	struct referrals_view *rv = ctx;
	const struct cl_referral_row *row = data;

	switch (col) {
	case COL_PATIENT:
		snprintf(buf, size, "%s", row->patient_name);
		break;
	case COL_PARTNER:
		/* A list over patients: safety stays in the patient's chart (the core left
		 * out its partner and service). */
		snprintf(buf, size, "%s", row->sensitive ? CL_PRIVATE_REFERRAL : row->organization);
		if (row->sensitive)
			*role = UI_ROLE_DIM;
		break;
	case COL_SERVICE:
		snprintf(buf, size, "%s",
			 row->sensitive ? "" : ui_referral_service_name(row->kind, row->service));
		break;
	case COL_STATUS:
		snprintf(buf, size, "%s", cl_referral_status_name(row->status));
		if (cl_referral_status_closed(row->status))
			*role = UI_ROLE_DIM;
		break;
	case COL_DUE:
		ui_referral_due_text(row->due_date, row->overdue, rv->today, buf, size);
		/* The patient died or left: open, waiting to be closed with a reason. */
		if (cl_referral_status_open(row->status) &&
		    row->patient_status != CL_PATIENT_ACTIVE)
			snprintf(buf, size, "to close");
		if (row->overdue || (cl_referral_status_open(row->status) &&
				     row->patient_status != CL_PATIENT_ACTIVE))
			*role = UI_ROLE_ERROR;
		break;
	}
}

static bool referrals_idle(struct ui_view *view)
{
	struct referrals_view *rv = to_referrals(view);
	struct cl_error err = { 0 };

	if (rv->counted && rv->counted_at == ui_app_generation(view->app))
		return false;
	rv->counted = true;
	rv->counted_at = ui_app_generation(view->app);
	if (cl_referral_overdue_count(ui_app_db(view->app), &rv->overdue, &err))
		rv->overdue = -1;
	return true;
}

static void filter_words(const struct referrals_view *rv, char *buf, size_t size)
{
	const struct cl_referral_filter *f = &rv->filter;
	size_t len;

	switch (f->scope) {
	case CL_REFERRALS_OVERDUE:
		snprintf(buf, size, "overdue");
		break;
	case CL_REFERRALS_STATUS:
		snprintf(buf, size, "%s", cl_referral_status_name(f->status));
		break;
	case CL_REFERRALS_ALL:
		snprintf(buf, size, "all");
		break;
	default:
		snprintf(buf, size, "open");
	}
	len = strlen(buf);
	if (f->kind >= 0 && len < size)
		len += (size_t)snprintf(buf + len, size - len, " \xc2\xb7 %s",
					cl_referral_kind_code((enum cl_referral_kind)f->kind));
	if (f->organization && len < size)
		len += (size_t)snprintf(buf + len, size - len, " \xc2\xb7 %s",
					rv->organization_name);
	if (f->care_manager && len < size)
		snprintf(buf + len, size - len, " \xc2\xb7 CM %s", rv->care_manager_name);
}

static void referrals_draw(struct ui_view *view, WINDOW *win)
{
	struct referrals_view *rv = to_referrals(view);
	char status[UI_LIST_VIEW_STATUS_MAX], words[300], count[64] = "";

	filter_words(rv, words, sizeof(words));
	if (rv->counted && rv->overdue >= 0)
		snprintf(count, sizeof(count), "  (%lld overdue in all)", rv->overdue);
	snprintf(status, sizeof(status), "Referrals  %s%s", words, count);
	ui_list_view_draw(view, win, status);
}

/* ---- actions ---- */

/* The list the list keys move. */
static struct ui_list *referrals_list_of(struct ui_view *view)
{
	return &to_referrals(view)->list;
}

static int act_open(struct ui_view *view)
{
	const struct cl_referral_row *row = ui_list_selected(&to_referrals(view)->list);

	if (row)
		ui_app_push(view->app, ui_referral_new(view->app, &row->id));
	return UI_HANDLED;
}

static int act_chart(struct ui_view *view)
{
	const struct cl_referral_row *row = ui_list_selected(&to_referrals(view)->list);

	if (row)
		ui_app_push(view->app, ui_chart_new_at(view->app, &row->patient_id, "Referrals"));
	return UI_HANDLED;
}

static int act_letter(struct ui_view *view)
{
	const struct cl_referral_row *row = ui_list_selected(&to_referrals(view)->list);

	if (row)
		ui_letter_write(view->app, &row->id);
	return UI_HANDLED;
}

static void filter_changed(struct referrals_view *rv)
{
	ui_list_reset(&rv->list);
}

static void partner_chosen(struct ui_view *view, int index)
{
	struct referrals_view *rv = to_referrals(view);

	if (index < 0 || index >= rv->norgs)
		return;
	rv->organization = rv->orgs[index].id;
	snprintf(rv->organization_name, sizeof(rv->organization_name), "%s", rv->orgs[index].name);
	rv->filter.organization = &rv->organization;
	filter_changed(rv);
}

static void manager_chosen(struct ui_view *view, int index)
{
	struct referrals_view *rv = to_referrals(view);

	if (index < 0 || index >= rv->nmanagers)
		return;
	snprintf(rv->care_manager, sizeof(rv->care_manager), "%s", rv->managers[index].login);
	snprintf(rv->care_manager_name, sizeof(rv->care_manager_name), "%s",
		 rv->managers[index].display_name);
	rv->filter.care_manager = rv->care_manager;
	filter_changed(rv);
}

static void pick_partner(struct referrals_view *rv)
{
	struct cl_org_filter filter = { -1, NULL, true };
	struct cl_error err = { 0 };
	const char *items[ORGS_MAX];
	int i;

	if (!rv->orgs && !(rv->orgs = calloc(ORGS_MAX, sizeof(*rv->orgs))))
		return;
	if (cl_org_page(ui_app_db(rv->view.app), &filter, NULL, false, rv->orgs, ORGS_MAX,
			&rv->norgs, &err)) {
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Could not read the directory: %s",
			       err.message);
		return;
	}
	if (!rv->norgs) {
		ui_app_message(rv->view.app, UI_ROLE_NORMAL, "The directory is empty.");
		return;
	}
	for (i = 0; i < rv->norgs; i++)
		items[i] = rv->orgs[i].name;
	ui_app_push(rv->view.app, ui_pick_new(rv->view.app, &rv->view, "Partner", items, rv->norgs,
					      0, partner_chosen));
}

static void pick_manager(struct referrals_view *rv)
{
	struct cl_error err = { 0 };
	const char *items[MANAGERS_MAX];
	int i;

	if (!rv->managers && !(rv->managers = calloc(MANAGERS_MAX, sizeof(*rv->managers))))
		return;
	if (cl_care_manager_list(ui_app_db(rv->view.app), rv->managers, MANAGERS_MAX,
				 &rv->nmanagers, &err) ||
	    !rv->nmanagers) {
		ui_app_message(rv->view.app, UI_ROLE_NORMAL, "No care managers to choose from.");
		return;
	}
	for (i = 0; i < rv->nmanagers; i++)
		items[i] = rv->managers[i].display_name;
	ui_app_push(rv->view.app, ui_pick_new(rv->view.app, &rv->view, "Care manager", items,
					      rv->nmanagers, 0, manager_chosen));
}

static void menu_chosen(struct ui_view *view, int index)
{
	struct referrals_view *rv = to_referrals(view);
	struct cl_referral_filter *f = &rv->filter;

	if (index < 0 || index >= rv->nmenu)
		return;
	switch (rv->menu_action[index]) {
	case MENU_OPEN:
		f->scope = CL_REFERRALS_OPEN;
		break;
	case MENU_OVERDUE:
		f->scope = CL_REFERRALS_OVERDUE;
		break;
	case MENU_ALL:
		f->scope = CL_REFERRALS_ALL;
		break;
	case MENU_STATUS:
		f->scope = CL_REFERRALS_STATUS;
		f->status = (enum cl_referral_status)rv->menu_arg[index];
		break;
	case MENU_KIND:
		f->kind = rv->menu_arg[index];
		break;
	case MENU_PARTNER:
		pick_partner(rv);
		return;
	case MENU_MANAGER:
		pick_manager(rv);
		return;
	case MENU_MINE:
		snprintf(rv->care_manager, sizeof(rv->care_manager), "%s",
			 cl_db_user(ui_app_db(view->app)));
		snprintf(rv->care_manager_name, sizeof(rv->care_manager_name), "%s",
			 cl_db_user_display(ui_app_db(view->app)));
		f->care_manager = rv->care_manager;
		break;
	case MENU_CLEAR:
		f->scope = CL_REFERRALS_OPEN;
		f->kind = -1;
		f->organization = NULL;
		f->care_manager = NULL;
		break;
	}
	filter_changed(rv);
}

static int act_filter(struct ui_view *view)
{
	struct referrals_view *rv = to_referrals(view);
	char labels[MENU_MAX][64];
	const char *items[MENU_MAX];
	int s;

#define ITEM(action, arg, ...)                                                       \
	do {                                                                         \
		if (rv->nmenu < MENU_MAX) {                                          \
			snprintf(labels[rv->nmenu], sizeof(labels[0]), __VA_ARGS__); \
			items[rv->nmenu] = labels[rv->nmenu];                        \
			rv->menu_action[rv->nmenu] = (action);                       \
			rv->menu_arg[rv->nmenu++] = (arg);                           \
		}                                                                    \
	} while (0)
	rv->nmenu = 0;
	ITEM(MENU_OPEN, 0, "Open referrals");
	ITEM(MENU_OVERDUE, 0, "Overdue only");
	ITEM(MENU_ALL, 0, "All referrals (closed too)");
	for (s = 0; s < CL_REFERRAL_ENTERED_IN_ERROR; s++)
		ITEM(MENU_STATUS, s, "Status: %s", cl_referral_status_name(s));
	ITEM(MENU_KIND, -1, "Kind: any");
	ITEM(MENU_KIND, CL_REFERRAL_COMMUNITY, "Kind: community");
	ITEM(MENU_KIND, CL_REFERRAL_SPECIALTY, "Kind: specialty");
	ITEM(MENU_PARTNER, 0, "Partner...");
	ITEM(MENU_MANAGER, 0, "Care manager...");
	ITEM(MENU_MINE, 0, "My referrals");
	ITEM(MENU_CLEAR, 0, "Clear the filters");
#undef ITEM
	ui_app_push(view->app, ui_pick_new(view->app, view, "Show referrals", items, rv->nmenu, 0,
					   menu_chosen));
	return UI_HANDLED;
}

static int act_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

static void referrals_resume(struct ui_view *view)
{
	struct referrals_view *rv = to_referrals(view);

	cl_date_today(rv->today);
	ui_list_reload(&rv->list);
}

static void referrals_free(struct ui_view *view)
{
	struct referrals_view *rv = to_referrals(view);

	ui_list_free(&rv->list);
	free(rv->orgs);
	free(rv->managers);
	free(rv);
}

static const struct ui_binding referrals_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS_SPACE("referral"),
	{ '\r', "Enter", "open", "open the referral", true, act_open, UI_ENTER_MORE },
	{ 'c', "c", "chart", "open the patient's chart", true, act_chart },
	{ 'l', "l", "letter", "write the referral's letter (PDF) to the letters folder", true,
	  act_letter },
	{ 'f', "f", "filter", "show by status, kind, partner or care manager", true, act_filter },
	{ 'q', "q", "quit", "leave careloop", true, act_quit },
	{ 0 },
};

struct ui_view *ui_referrals_new(struct ui_app *app)
{
	struct referrals_view *rv = calloc(1, sizeof(*rv));
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_referral_row),
		.page = referrals_page,
		.cell = referrals_cell,
	};

	if (!rv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	rv->view = (struct ui_view){
		.title = "Referrals",
		.keys = referrals_keys,
		.draw = referrals_draw,
		.resume = referrals_resume,
		.idle = referrals_idle,
		.list = referrals_list_of,
		.free = referrals_free,
		.app = app,
	};
	rv->filter.scope = CL_REFERRALS_OPEN;
	rv->filter.kind = -1;
	cl_date_today(rv->today);
	source.ctx = rv;
	if (ui_list_init(&rv->list, columns, (int)(sizeof(columns) / sizeof(columns[0])),
			 &source)) {
		free(rv);
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	rv->list.empty = "no referrals here (f: filter)";
	return &rv->view;
}
