#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "format.h"
#include "keymap.h"
#include "list.h"
#include "list_view.h"
#include "measure.h"
#include "patient.h"
#include "text.h"
#include "views.h"

/*
 * Reports (view 5): the program measures (src/measure.h) for a month, everyone's or one
 * care manager's, each with its numerator, denominator and percentage, and a bar chart of
 * the selected measure over the 12 months ending with the period. A measure over a
 * million patients takes a fraction of a second, so nothing is computed before the first
 * draw: the view draws at once with "…" and the idle callback fills in one figure at a
 * time (the period's measures first, then the trend of the selected one), each kept in the
 * view until the data changes (ui_app_generation): moving the period back and forth or
 * between measures computes nothing twice. Enter lists a measure's gap (who still needs
 * screening, whose loop is open…), and Enter there opens the patient's chart.
 */

#define TREND_MONTHS 12
#define CACHE_MAX    512  /* figures kept (7 measures x 12 months x a few care managers) */
#define CM_MAX	     64	  /* care managers c cycles through */
#define GAP_MAX	     1000 /* rows a gap list holds */

/* One computed whole figure: measure, month, care manager (nil: everyone). */
struct cached {
	const struct cl_measure *measure;
	char from[CL_DATE_LEN];
	struct cl_id care_manager;
	bool failed;
	struct cl_measure_figure whole;
};

struct reports_view {
	struct ui_view view; /* first: a struct ui_view * is a struct reports_view * */
	const struct cl_measure *measures;
	int nmeasures;
	int sel;
	struct cl_measure_query q;
	struct cl_care_manager cms[CM_MAX];
	int ncms, cm; /* cm: index into cms, -1 everyone */
	bool utf8;
	struct cached cache[CACHE_MAX];
	int ncache;
	unsigned long generation; /* of the cached figures */
};

static struct reports_view *to_reports(struct ui_view *view)
{
	return (struct reports_view *)view;
}

/* The query of month from for the view's care manager. */
static struct cl_measure_query month_query(const struct reports_view *rv, const char *from)
{
	struct cl_measure_query q = rv->q;

	snprintf(q.from, sizeof(q.from), "%s", from);
	cl_measure_query_shift(&q, 0);
	return q;
}

static const struct cached *cache_find(struct reports_view *rv, const struct cl_measure *m,
				       const char *from)
{
	struct cl_id nil = { 0 };
	const struct cl_id *cm = rv->cm >= 0 ? &rv->cms[rv->cm].id : &nil;
	int i;

	if (rv->generation != ui_app_generation(rv->view.app)) {
		rv->ncache = 0;
		rv->generation = ui_app_generation(rv->view.app);
	}
	for (i = 0; i < rv->ncache; i++)
		if (rv->cache[i].measure == m && strcmp(rv->cache[i].from, from) == 0 &&
		    cl_id_equal(&rv->cache[i].care_manager, cm))
			return &rv->cache[i];
	return NULL;
}

/* Compute m's whole figure for month from and keep it. */
static void cache_compute(struct reports_view *rv, const struct cl_measure *m, const char *from)
{
	struct cl_measure_query q = month_query(rv, from);
	struct cl_measure_result r;
	struct cl_error err = { 0 };
	struct cached *c;

	if (rv->ncache == CACHE_MAX)
		rv->ncache = 0; /* full: start again */
	c = &rv->cache[rv->ncache++];
	memset(c, 0, sizeof(*c));
	c->measure = m;
	snprintf(c->from, sizeof(c->from), "%s", q.from);
	if (rv->cm >= 0)
		c->care_manager = rv->cms[rv->cm].id;
	if (cl_measure_compute(ui_app_db(rv->view.app), m, &q, &r, &err)) {
		c->failed = true;
		ui_app_message(rv->view.app, UI_ROLE_ERROR, "Could not compute %s: %s", m->key,
			       err.message);
		return;
	}
	c->whole = r.figures[0];
	cl_measure_result_free(&r);
}

/* The first day of the month `back` months before the period's. */
static void trend_month(const struct reports_view *rv, int back, char out[CL_DATE_LEN])
{
	struct cl_measure_query q = rv->q;

	cl_measure_query_shift(&q, -back);
	snprintf(out, CL_DATE_LEN, "%s", q.from);
}

/* Deferred: the period's figures, then the selected measure's trend, one at a time. */
static bool reports_idle(struct ui_view *view)
{
	struct reports_view *rv = to_reports(view);
	char from[CL_DATE_LEN];
	int i;

	for (i = 0; i < rv->nmeasures; i++)
		if (!cache_find(rv, &rv->measures[i], rv->q.from)) {
			cache_compute(rv, &rv->measures[i], rv->q.from);
			return true;
		}
	for (i = 1; i < TREND_MONTHS; i++) {
		trend_month(rv, i, from);
		if (!cache_find(rv, &rv->measures[rv->sel], from)) {
			cache_compute(rv, &rv->measures[rv->sel], from);
			return true;
		}
	}
	return false;
}

/* ---- drawing ---- */

static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static const char *month_name(const char *from)
{
	int m = atoi(from + 5);

	return m >= 1 && m <= 12 ? month_names[m - 1] : "?";
}

static void put(WINDOW *win, int y, int x, enum ui_role role, const char *text)
{
	char clean[256];

	cl_text_sanitize(text, clean, sizeof(clean));
	wattrset(win, ui_attr(role));
	mvwaddstr(win, y, x, clean);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
}

enum { COL_MEASURE, COL_NUM, COL_DEN, COL_PCT, COL_EXCL, COL_MORE };
static const struct ui_column columns[] = {
	[COL_MEASURE] = { .title = "Measure", .width = 21, .grow = 1, .max = 24 },
	[COL_NUM] = { .title = "Numerator", .width = 9, .right = true },
	[COL_DEN] = { .title = "Denominator", .width = 11, .right = true },
	[COL_PCT] = { .title = "%", .width = 5, .right = true },
	[COL_EXCL] = { .title = "Excluded", .width = 8, .right = true },
	[COL_MORE] = { .title = "Also", .width = 14, .grow = 4 },
};
#define NCOLUMNS ((int)(sizeof(columns) / sizeof(columns[0])))

/* An extra figure's name as the narrow "Also" column shows it. */
static const char *short_name(const char *extra)
{
	return strcmp(extra, "minutes") == 0 ? "min" : extra;
}

static void measure_line(struct reports_view *rv, int i, char *buf, size_t size, int width)
{
	const struct cl_measure *m = &rv->measures[i];
	const struct cached *c = cache_find(rv, m, rv->q.from);
	char num[32], den[32], pct[16], excl[32], more[64];
	const char *cells[NCOLUMNS] = { m->short_title, num, den, pct, excl, more };

	more[0] = '\0';
	if (!c || c->failed) {
		const char *what = c ? "failed" : "…";

		snprintf(num, sizeof(num), "%s", what);
		snprintf(den, sizeof(den), "%s", c ? "" : "…");
		pct[0] = excl[0] = '\0';
	} else {
		const struct cl_measure_figure *f = &c->whole;
		double p = cl_measure_percent(f);
		size_t len = 0;
		int k;

		ui_format_count(f->numerator, num, sizeof(num));
		ui_format_count(f->denominator, den, sizeof(den));
		ui_format_count(f->exclusions, excl, sizeof(excl));
		if (p < 0)
			snprintf(pct, sizeof(pct), "-");
		else
			snprintf(pct, sizeof(pct), "%.1f", p);
		for (k = 0; k < 2; k++)
			if (m->extra[k] && len < sizeof(more))
				len += (size_t)snprintf(more + len, sizeof(more) - len, "%s%s %lld",
							len ? ", " : "", short_name(m->extra[k]),
							f->extra[k]);
		if (f->has_median && len < sizeof(more))
			snprintf(more + len, sizeof(more) - len, "%smedian %.0f d", len ? ", " : "",
				 f->median_days);
	}
	ui_format_columns(buf, size, columns, cells, NCOLUMNS, width, 1);
}

/* The trend of the selected measure: 12 bars of its percentage, oldest on the left. */
static void draw_trend(struct reports_view *rv, WINDOW *win, int y, int height)
{
	const struct cl_measure *m = &rv->measures[rv->sel];
	int rows = height - 3, i, level, x0 = 6, step = 6;
	char line[160];

	if (rows < 2)
		return;
	snprintf(line, sizeof(line), "%s, %% by month (12 months to %s %.4s)", m->short_title,
		 month_name(rv->q.from), rv->q.from);
	put(win, y, 1, UI_ROLE_HEADER, line);
	put(win, y + 1, 0, UI_ROLE_DIM, "100%");
	put(win, y + rows, 0, UI_ROLE_DIM, "  0%");
	for (i = 0; i < TREND_MONTHS; i++) {
		char from[CL_DATE_LEN], pct[16];
		const struct cached *c;
		int x = x0 + i * step, eighths = 0;
		bool current = i == TREND_MONTHS - 1;

		trend_month(rv, TREND_MONTHS - 1 - i, from);
		c = cache_find(rv, m, from);
		if (c && !c->failed && cl_measure_percent(&c->whole) >= 0) {
			double p = cl_measure_percent(&c->whole);

			eighths = (int)(p / 100.0 * rows * 8 + 0.5);
			snprintf(pct, sizeof(pct), "%.0f", p);
		} else {
			snprintf(pct, sizeof(pct), "%s", c ? "-" : "…");
		}
		for (level = 0; level < rows; level++) {
			const char *cell = ui_format_bar_cell(rv->utf8, eighths, level);

			wattrset(win, current ? A_BOLD : ui_attr(UI_ROLE_NORMAL));
			mvwaddstr(win, y + rows - level, x + 1, cell);
			mvwaddstr(win, y + rows - level, x + 2, cell);
			mvwaddstr(win, y + rows - level, x + 3, cell);
		}
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
		snprintf(line, sizeof(line), "%s%s%s", current ? "[" : " ", month_name(from),
			 current ? "]" : " ");
		put(win, y + rows + 1, x, current ? UI_ROLE_HEADER : UI_ROLE_NORMAL, line);
		put(win, y + rows + 2, x + 1, UI_ROLE_DIM, pct);
	}
}

static void reports_draw(struct ui_view *view, WINDOW *win)
{
	struct reports_view *rv = to_reports(view);
	int width = getmaxx(win) - 2, height = getmaxy(win), i;
	char line[512], status[UI_LIST_VIEW_STATUS_MAX];

	snprintf(status, sizeof(status), "Reports: %s %.4s (%s to %s)  %s", month_name(rv->q.from),
		 rv->q.from, rv->q.from, rv->q.to,
		 rv->cm >= 0 ? rv->cms[rv->cm].display_name : "everyone");
	cl_text_fit(status, width, 1, line, sizeof(line));
	wattrset(win, A_BOLD);
	mvwaddstr(win, 0, 1, line);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	ui_format_columns(line, sizeof(line), columns, NULL, NCOLUMNS, width, 1);
	put(win, 1, 1, UI_ROLE_HEADER, line);
	for (i = 0; i < rv->nmeasures && 2 + i < height; i++) {
		measure_line(rv, i, line, sizeof(line), width);
		put(win, 2 + i, 1, i == rv->sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL, line);
	}
	draw_trend(rv, win, 3 + rv->nmeasures, height - 3 - rv->nmeasures);
}

/* ---- actions ---- */

static int act_down(struct ui_view *view)
{
	struct reports_view *rv = to_reports(view);

	if (rv->sel + 1 < rv->nmeasures)
		rv->sel++;
	return UI_HANDLED;
}

static int act_up(struct ui_view *view)
{
	struct reports_view *rv = to_reports(view);

	if (rv->sel > 0)
		rv->sel--;
	return UI_HANDLED;
}

static int act_earlier(struct ui_view *view)
{
	cl_measure_query_shift(&to_reports(view)->q, -1);
	return UI_HANDLED;
}

static int act_later(struct ui_view *view)
{
	cl_measure_query_shift(&to_reports(view)->q, 1);
	return UI_HANDLED;
}

/* c: everyone, then each care manager in turn, then everyone again. */
static int act_care_manager(struct ui_view *view)
{
	struct reports_view *rv = to_reports(view);

	rv->cm = rv->cm + 1 < rv->ncms ? rv->cm + 1 : -1;
	rv->q.has_care_manager = rv->cm >= 0;
	if (rv->cm >= 0)
		rv->q.care_manager = rv->cms[rv->cm].id;
	return UI_HANDLED;
}

static struct ui_view *gap_new(struct ui_app *app, const struct cl_measure *m,
			       const struct cl_measure_query *q, const char *who);

static int act_gap(struct ui_view *view)
{
	struct reports_view *rv = to_reports(view);
	const struct cl_measure *m = &rv->measures[rv->sel];

	if (!m->gap_title) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "%s has no list of patients.",
			       m->short_title);
		return UI_HANDLED;
	}
	ui_app_push(view->app, gap_new(view->app, m, &rv->q,
				       rv->cm >= 0 ? rv->cms[rv->cm].display_name : "everyone"));
	return UI_HANDLED;
}

static int act_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

static int act_registry(struct ui_view *view)
{
	ui_app_push(view->app, ui_bh_registry_new(view->app));
	return UI_HANDLED;
}

static int act_sync(struct ui_view *view)
{
	ui_app_push(view->app, ui_sync_conflicts_new(view->app));
	return UI_HANDLED;
}

static const struct ui_binding reports_keys[] = {
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "next measure", false, act_down, .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "previous measure", false, act_up, .more = { 'k' } },
	{ '[', "[", "earlier", "the month before", true, act_earlier },
	{ ']', "]", "later", "the month after", true, act_later },
	{ 'c', "c", "manager", "everyone, then each care manager in turn", true, act_care_manager },
	{ 'b', "b", "registry",
	  "the behavioral care registry: enrolled patients, who needs attention first", true,
	  act_registry },
	{ 'y', "y", "sync",
	  "the sync conflicts: records edited here and at another site, to compare and settle",
	  true, act_sync },
	{ '\r', "Enter", "patients", "list the patients in the measure's gap", true, act_gap,
	  UI_ENTER_MORE },
	{ 'q', "q", "quit", "leave careloop", true, act_quit },
	{ 0 },
};

static void reports_free(struct ui_view *view)
{
	free(view);
}

struct ui_view *ui_reports_new(struct ui_app *app)
{
	struct reports_view *rv = calloc(1, sizeof(*rv));
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];
	const char *codeset = nl_langinfo(CODESET);
	size_t n;

	if (!rv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	rv->view = (struct ui_view){
		.title = "Reports",
		.keys = reports_keys,
		.draw = reports_draw,
		.idle = reports_idle,
		.free = reports_free,
		.app = app,
	};
	rv->measures = cl_measures(&n);
	rv->nmeasures = (int)n;
	rv->cm = -1;
	rv->utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
	rv->generation = ui_app_generation(app);
	cl_date_today(today);
	cl_measure_query_last_month(&rv->q, today, &err);
	if (cl_care_manager_list(ui_app_db(app), rv->cms, CM_MAX, &rv->ncms, &err)) {
		rv->ncms = 0;
		ui_app_message(app, UI_ROLE_ERROR, "Could not list the care managers: %s",
			       err.message);
	}
	return &rv->view;
}

/* ---- the gap list ---- */

struct gap_view {
	struct ui_view view; /* first */
	const struct cl_measure *measure;
	struct cl_measure_query q;
	char who[96];
	struct ui_column columns[4]; /* gap_columns with the measure's date title */
	struct ui_list list;
	int nrows;
	bool more; /* there were more than GAP_MAX */
};

enum { GAP_NAME, GAP_MRN, GAP_DATE, GAP_WHAT };
static const struct ui_column gap_columns[] = {
	[GAP_NAME] = { .title = "Patient", .width = 24, .grow = 1, .max = 40 },
	[GAP_MRN] = { .title = "MRN", .width = 12, .keep = true },
	[GAP_DATE] = { .title = "Date", .width = 13, .keep = true },
	[GAP_WHAT] = { .title = "Detail", .width = 20, .grow = 1 },
};

static struct gap_view *to_gap(struct ui_view *view)
{
	return (struct gap_view *)view;
}

/* The rows are held (ui_list_set_rows): the source pages nothing. */
static int gap_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	(void)ctx;
	(void)after;
	(void)backward;
	(void)rows;
	(void)max;
	*n = 0;
	return 0;
}

static void gap_cell(void *ctx, const void *data, int col, char *buf, size_t size,
		     enum ui_role *role)
{
	const struct cl_measure_gap_row *row = data;

	(void)ctx;
	(void)role;
	switch (col) {
	case GAP_NAME:
		ui_format_name(row->family_name, row->given_name, buf, size);
		break;
	case GAP_MRN:
		snprintf(buf, size, "%s", row->mrn);
		break;
	case GAP_DATE:
		snprintf(buf, size, "%s", row->date[0] ? row->date : "never");
		break;
	case GAP_WHAT:
		snprintf(buf, size, "%s", row->what);
		break;
	}
}

static void gap_draw(struct ui_view *view, WINDOW *win)
{
	struct gap_view *gv = to_gap(view);
	char status[UI_LIST_VIEW_STATUS_MAX], count[32];

	ui_format_count(gv->nrows, count, sizeof(count));
	snprintf(status, sizeof(status), "%s: %s%s, %s %.4s, %s", gv->measure->gap_title,
		 gv->more ? "the first " : "", count, month_name(gv->q.from), gv->q.from, gv->who);
	ui_list_view_draw(view, win, status);
}

static struct ui_list *gap_list_of(struct ui_view *view)
{
	return &to_gap(view)->list;
}

static int gap_open(struct ui_view *view)
{
	const struct cl_measure_gap_row *row = ui_list_selected(view->list(view));

	if (row)
		ui_app_push(view->app, ui_chart_new(view->app, &row->patient_id));
	return UI_HANDLED;
}

static int gap_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static void gap_free(struct ui_view *view)
{
	struct gap_view *gv = to_gap(view);

	ui_list_free(&gv->list);
	free(gv);
}

static const struct ui_binding gap_keys[] = {
	UI_LIST_VIEW_MOVE_KEYS("patient"),
	{ '\r', "Enter", "open", "open the patient's chart", true, gap_open, UI_ENTER_MORE },
	{ 'q', "q, Esc", "back", "back to the measures", true, gap_back, .more = { UI_ESC } },
	{ 0 },
};

static struct ui_view *gap_new(struct ui_app *app, const struct cl_measure *m,
			       const struct cl_measure_query *q, const char *who)
{
	struct gap_view *gv = calloc(1, sizeof(*gv));
	struct cl_measure_gap_row *rows = calloc(GAP_MAX + 1, sizeof(*rows));
	struct cl_db *db = ui_app_db(app);
	struct cl_error err = { 0 };
	struct ui_list_source source = {
		.row_size = sizeof(struct cl_measure_gap_row),
		.page = gap_page,
		.cell = gap_cell,
	};
	int n = 0;

	if (!gv || !rows) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		goto fail;
	}
	/* No record, no list: the patients shown are recorded first (access log). */
	if (cl_access_ready(db, &err) ||
	    cl_measure_gap(db, m, q, NULL, rows, GAP_MAX + 1, &n, &err) ||
	    cl_access_report(db, "report-gap", n > GAP_MAX ? GAP_MAX : n, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not list the patients: %s", err.message);
		goto fail;
	}
	gv->view = (struct ui_view){
		.title = "Report: patients",
		.keys = gap_keys,
		.draw = gap_draw,
		.list = gap_list_of,
		.free = gap_free,
		.app = app,
	};
	gv->measure = m;
	gv->q = *q;
	snprintf(gv->who, sizeof(gv->who), "%s", who);
	gv->more = n > GAP_MAX;
	gv->nrows = gv->more ? GAP_MAX : n;
	source.ctx = gv;
	memcpy(gv->columns, gap_columns, sizeof(gv->columns));
	if (m->gap_date)
		gv->columns[GAP_DATE].title = m->gap_date;
	if (ui_list_init(&gv->list, gv->columns, 4, &source) ||
	    ui_list_set_rows(&gv->list, rows, gv->nrows)) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		ui_list_free(&gv->list);
		goto fail;
	}
	gv->list.empty = "nobody: the whole denominator is in the numerator";
	free(rows);
	return &gv->view;
fail:
	free(rows);
	free(gv);
	return NULL;
}
