#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "behavioral.h"
#include "format.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "views.h"

/*
 * The collaborative care registry (Reports, b): patients enrolled in behavioral care
 * management, who needs attention first (cl_bh_registry): open safety flags, then flagged
 * for psychiatric case review (not improving), then overdue contact. Enter opens the chart
 * at its BH section; the list is read again when a view above it closes.
 */

#define REGISTRY_MAX 2000

struct registry_view {
	struct ui_view view; /* first */
	struct ui_list list;
	struct cl_bh_registry_row *rows;
	int nrows;
	bool more;
	char today[CL_DATE_LEN];
	unsigned long generation;
};

enum { REG_NAME, REG_MRN, REG_WEEKS, REG_LAST, REG_ON, REG_CHANGE, REG_NEXT, REG_FLAG };
static const struct ui_column registry_columns[] = {
	[REG_NAME] = { .title = "Patient", .width = 14, .grow = 1, .max = 32 },
	[REG_MRN] = { .title = "MRN", .width = 8, .keep = true },
	[REG_WEEKS] = { .title = "Wks", .width = 3, .keep = true, .right = true },
	[REG_LAST] = { .title = "PHQ9", .width = 4, .keep = true, .right = true },
	[REG_ON] = { .title = "On", .width = 10, .keep = true },
	[REG_CHANGE] = { .title = "Change", .width = 8, .keep = true },
	[REG_NEXT] = { .title = "Contact", .width = 10, .keep = true },
	[REG_FLAG] = { .title = "Attention", .width = 9, .grow = 1 },
};
#define NCOLUMNS ((int)(sizeof(registry_columns) / sizeof(registry_columns[0])))

static struct registry_view *to_registry(struct ui_view *view)
{
	return (struct registry_view *)view;
}

/* The rows are held (ui_list_set_rows): the source pages nothing. */
static int registry_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	(void)ctx;
	(void)after;
	(void)backward;
	(void)rows;
	(void)max;
	*n = 0;
	return 0;
}

static void registry_cell(void *ctx, const void *data, int col, char *buf, size_t size,
			  enum ui_role *role)
{
	const struct cl_bh_registry_row *r = data;
	const struct cl_bh_progress *p = &r->phq9;

	(void)ctx;
	switch (col) {
	case REG_NAME:
		ui_format_name(r->family_name, r->given_name, buf, size);
		break;
	case REG_MRN:
		snprintf(buf, size, "%s", r->mrn);
		break;
	case REG_WEEKS:
		snprintf(buf, size, "%ld", p->weeks);
		break;
	case REG_LAST:
		if (p->last >= 0)
			snprintf(buf, size, "%d", p->last);
		else
			snprintf(buf, size, "-");
		break;
	case REG_ON:
		snprintf(buf, size, "%s", p->last_on[0] ? p->last_on : "no score");
		break;
	case REG_CHANGE:
		if (p->nscores >= 2)
			snprintf(buf, size, "%+d %+d%%", p->change, p->change_percent);
		else
			snprintf(buf, size, "-");
		break;
	case REG_NEXT:
		snprintf(buf, size, "%s", r->next_contact);
		if (r->contact_overdue)
			*role = UI_ROLE_ERROR;
		break;
	case REG_FLAG:
		if (r->safety)
			snprintf(buf, size, "SAFETY");
		else if (r->review)
			snprintf(buf, size, "psych review");
		else if (r->contact_overdue)
			snprintf(buf, size, "overdue");
		else if (p->remission)
			snprintf(buf, size, "remission");
		else if (p->response)
			snprintf(buf, size, "response");
		else
			buf[0] = '\0';
		if (r->safety || r->review || r->contact_overdue)
			*role = UI_ROLE_ERROR;
		break;
	}
}

/* Read the registry (and record who listed it); 0, or non-zero with the message shown. */
static int registry_load(struct registry_view *rv)
{
	struct cl_db *db = ui_app_db(rv->view.app);
	struct cl_error err = { 0 };
	int n = 0;

	cl_date_today(rv->today);
	rv->generation = ui_app_generation(rv->view.app);
	if (cl_access_ready(db, &err) ||
	    cl_bh_registry(db, rv->today, rv->rows, REGISTRY_MAX + 1, &n, &err) ||
	    cl_access_report(db, "bh-registry", n > REGISTRY_MAX ? REGISTRY_MAX : n, &err)) {
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Could not read the registry: %s",
			       err.message);
		return -1;
	}
	rv->more = n > REGISTRY_MAX;
	rv->nrows = rv->more ? REGISTRY_MAX : n;
	if (ui_list_set_rows(&rv->list, rv->rows, rv->nrows)) {
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Out of memory.");
		return -1;
	}
	return 0;
}

static void registry_draw(struct ui_view *view, WINDOW *win)
{
	struct registry_view *rv = to_registry(view);
	char status[UI_LIST_VIEW_STATUS_MAX], count[32];
	int attention = 0;

	for (int i = 0; i < rv->nrows; i++)
		if (rv->rows[i].safety || rv->rows[i].review || rv->rows[i].contact_overdue)
			attention++;
	ui_format_count(rv->nrows, count, sizeof(count));
	snprintf(status, sizeof(status),
		 "Behavioral care registry: %s%s enrolled, %d need attention (%s)",
		 rv->more ? "the first " : "", count, attention, rv->today);
	ui_list_view_draw(view, win, status);
}

static struct ui_list *registry_list_of(struct ui_view *view)
{
	return &to_registry(view)->list;
}

static int registry_open(struct ui_view *view)
{
	const struct cl_bh_registry_row *row = ui_list_selected(view->list(view));

	if (row)
		ui_app_push(view->app, ui_chart_new_at(view->app, &row->patient_id, "BH"));
	return UI_HANDLED;
}

/* Back from a chart: a score, a contact or a closed task may have moved someone. */
static void registry_resume(struct ui_view *view)
{
	struct registry_view *rv = to_registry(view);

	if (ui_app_generation(view->app) != rv->generation)
		registry_load(rv);
}

static int registry_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static void registry_free(struct ui_view *view)
{
	struct registry_view *rv = to_registry(view);

	ui_list_free(&rv->list);
	free(rv->rows);
	free(rv);
}

static const struct ui_binding registry_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS("patient"),
	{ '\r', "Enter", "open", "open the patient's chart at its BH section", true, registry_open,
	  UI_ENTER_MORE },
	{ 'q', "q, Esc", "back", "back to the measures", true, registry_back, .more = { UI_ESC } },
	{ 0 },
};

struct ui_view *ui_bh_registry_new(struct ui_app *app)
{
	struct registry_view *rv = calloc(1, sizeof(*rv));
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_bh_registry_row),
		.page = registry_page,
		.cell = registry_cell,
	};

	if (!rv || !(rv->rows = calloc(REGISTRY_MAX + 1, sizeof(*rv->rows)))) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		free(rv);
		return NULL;
	}
	rv->view = (struct ui_view){
		.title = "Behavioral care registry",
		.keys = registry_keys,
		.draw = registry_draw,
		.list = registry_list_of,
		.resume = registry_resume,
		.free = registry_free,
		.app = app,
	};
	source.ctx = rv;
	if (ui_list_init(&rv->list, registry_columns, NCOLUMNS, &source) || registry_load(rv)) {
		ui_list_free(&rv->list);
		free(rv->rows);
		free(rv);
		return NULL;
	}
	rv->list.empty = "nobody is enrolled in behavioral care management (chart: BH, E)";
	return &rv->view;
}
