#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymap.h"
#include "popup.h"
#include "sync.h"
#include "text.h"
#include "views.h"

/*
 * One sync conflict, field by field (from the Sync conflicts list): Field | Hub | This site
 * | Keep, the fields that differ marked. Each differing field keeps the hub's value until
 * the person switches it (Space; h and s switch them all); F10 says what happens and asks,
 * then resolves (cl_sync_resolve with the fields kept from this site). A hub change this
 * site could not apply (a negative id) shows the hub's row and the problem; d marks it
 * dealt with. q and Esc go back and change nothing.
 */

#define FIELDS_MAX 64
#define HEAD_ROWS  3 /* the record, what the choice means, the column header */

struct sync_fields_view {
	struct ui_view view; /* first */
	struct cl_sync_conflict conflict;
	struct cl_sync_field fields[FIELDS_MAX];
	bool take[FIELDS_MAX]; /* keep this site's value (else the hub's) */
	int n, sel, top;
	char take_list[1024]; /* for cl_sync_resolve, built at F10 */
	char question[1400];
};

enum { COL_MARK, COL_FIELD, COL_HUB, COL_SITE, COL_KEEP };
static const struct ui_column field_columns[] = {
	[COL_MARK] = { .title = "", .width = 1, .keep = true },
	[COL_FIELD] = { .title = "Field", .width = 12, .grow = 1, .max = 24 },
	[COL_HUB] = { .title = "Hub", .width = 20, .grow = 3 },
	[COL_SITE] = { .title = "This site", .width = 20, .grow = 3 },
	[COL_KEEP] = { .title = "Keep", .width = 9, .keep = true },
};
#define NCOLUMNS ((int)(sizeof(field_columns) / sizeof(field_columns[0])))

static struct sync_fields_view *to_fields(struct ui_view *view)
{
	return (struct sync_fields_view *)view;
}

/* A column's name as a person reads it: "given name" for given_name. */
static void field_label(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s", name);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
}

static void put_line(WINDOW *win, int y, const char *text, enum ui_role role)
{
	char clean[600], fitted[600];

	cl_text_sanitize(text, clean, sizeof(clean));
	cl_text_fit(clean, getmaxx(win) - 2, 1, fitted, sizeof(fitted));
	wattrset(win, ui_attr(role));
	mvwaddstr(win, y, 1, fitted);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
}

static void fields_draw(struct ui_view *view, WINDOW *win)
{
	struct sync_fields_view *fv = to_fields(view);
	const struct cl_sync_conflict *c = &fv->conflict;
	int height = getmaxy(win) - HEAD_ROWS, cols = getmaxx(win) - 2;
	int ncols = c->id < 0 ? COL_HUB + 1 : NCOLUMNS;
	char text[600], when[48], line[1200];

	ui_format_time(c->at, when, sizeof(when));
	if (c->id < 0) {
		snprintf(text, sizeof(text), "%s: the hub's change could not apply here", c->label);
		put_line(win, 0, text, UI_ROLE_HEADER);
		snprintf(text, sizeof(text), "Not applied: %s", c->problem);
		put_line(win, 1, text, UI_ROLE_ERROR);
	} else {
		snprintf(text, sizeof(text), "%s: edited here and at another site (%s, %s)",
			 c->label, c->author, when);
		put_line(win, 0, text, UI_ROLE_HEADER);
		put_line(win, 1,
			 "* differs. Keep the hub's or this site's value of each: Space switches.",
			 UI_ROLE_NORMAL);
	}
	ui_format_columns(line, sizeof(line), field_columns, NULL, ncols, cols, 2);
	put_line(win, 2, line, UI_ROLE_HEADER);
	if (height < 1)
		return;
	if (fv->sel < fv->top)
		fv->top = fv->sel;
	if (fv->sel >= fv->top + height)
		fv->top = fv->sel - height + 1;
	for (int i = fv->top; i < fv->n && i < fv->top + height; i++) {
		const struct cl_sync_field *f = &fv->fields[i];
		char label[64];
		const char *cells[NCOLUMNS] = {
			f->differs ? "*" : "",
			label,
			f->hub,
			f->site,
			!f->differs ? "" : fv->take[i] ? "this site" : "hub",
		};
		enum ui_role role = i == fv->sel ? UI_ROLE_SELECTED
				    : f->differs ? UI_ROLE_NORMAL
						 : UI_ROLE_DIM;

		field_label(f->name, label, sizeof(label));
		ui_format_columns(line, sizeof(line), field_columns, cells, ncols, cols, 2);
		/* the cells are sanitized and cut by ui_format_columns */
		wattrset(win, ui_attr(role));
		mvwaddstr(win, HEAD_ROWS + i - fv->top, 1, line);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
}

static int act_down(struct ui_view *view)
{
	struct sync_fields_view *fv = to_fields(view);

	if (fv->sel + 1 < fv->n)
		fv->sel++;
	return UI_HANDLED;
}

static int act_up(struct ui_view *view)
{
	struct sync_fields_view *fv = to_fields(view);

	if (fv->sel > 0)
		fv->sel--;
	return UI_HANDLED;
}

static int act_switch(struct ui_view *view)
{
	struct sync_fields_view *fv = to_fields(view);

	if (!fv->n)
		return UI_HANDLED;
	if (!fv->fields[fv->sel].differs) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "The two versions agree on this field.");
		return UI_HANDLED;
	}
	fv->take[fv->sel] = !fv->take[fv->sel];
	return UI_HANDLED;
}

/* Every differing field from this site (site) or from the hub. */
static void take_all(struct sync_fields_view *fv, bool site)
{
	for (int i = 0; i < fv->n; i++)
		fv->take[i] = site && fv->fields[i].differs;
}

static int act_all_hub(struct ui_view *view)
{
	take_all(to_fields(view), false);
	ui_app_message(view->app, UI_ROLE_NORMAL, "Keeping the hub's version (F10 saves).");
	return UI_HANDLED;
}

static int act_all_site(struct ui_view *view)
{
	take_all(to_fields(view), true);
	ui_app_message(view->app, UI_ROLE_NORMAL, "Keeping this site's version (F10 saves).");
	return UI_HANDLED;
}

/* After yes: resolve, and back to the list (which reads itself again). */
static void resolve_yes(struct ui_view *below)
{
	struct sync_fields_view *fv = to_fields(below);
	struct ui_app *app = below->app;
	struct cl_error err = { 0 };
	bool kept = fv->take_list[0] != '\0';

	if (cl_sync_resolve(ui_app_db(app), fv->conflict.id, fv->take_list, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Not resolved: %s", err.message);
		return;
	}
	ui_app_touch(app);
	if (fv->conflict.id < 0)
		ui_app_message(app, UI_ROLE_OK, "Marked dealt with.");
	else if (kept)
		ui_app_message(app, UI_ROLE_OK,
			       "Resolved; the next sync sends this site's values.");
	else
		ui_app_message(app, UI_ROLE_OK, "Resolved: the hub's version is kept here.");
	ui_app_close(app, below);
}

static int act_save(struct ui_view *view)
{
	struct sync_fields_view *fv = to_fields(view);
	char names[1024] = "";
	size_t len = 0;
	int nfields = 0;

	fv->take_list[0] = '\0';
	for (int i = 0; i < fv->n; i++) {
		char label[64];

		if (!fv->take[i])
			continue;
		nfields++;
		field_label(fv->fields[i].name, label, sizeof(label));
		snprintf(fv->take_list + strlen(fv->take_list),
			 sizeof(fv->take_list) - strlen(fv->take_list), "%s%s",
			 fv->take_list[0] ? "," : "", fv->fields[i].name);
		len += (size_t)snprintf(names + len, len < sizeof(names) ? sizeof(names) - len : 0,
					"%s%s", len ? ", " : "", label);
		if (len >= sizeof(names))
			len = sizeof(names) - 1;
	}
	/* the question fits the message line: many fields are counted, not named */
	if (fv->take_list[0] && cl_text_width(names) > 24)
		snprintf(
			fv->question, sizeof(fv->question),
			"Keep this site's %d fields on the hub's version? The next sync sends them. "
			"(y/n) ",
			nfields);
	else if (fv->take_list[0])
		snprintf(fv->question, sizeof(fv->question),
			 "Keep this site's %s on the hub's version? The next sync sends it. (y/n) ",
			 names);
	else
		snprintf(fv->question, sizeof(fv->question),
			 "Keep the hub's version of %s? Drops this site's edit. (y/n) ",
			 fv->conflict.label);
	ui_app_push(view->app, ui_confirm_new(view->app, view, fv->question, resolve_yes));
	return UI_HANDLED;
}

static int act_dealt_with(struct ui_view *view)
{
	struct sync_fields_view *fv = to_fields(view);

	fv->take_list[0] = '\0';
	snprintf(fv->question, sizeof(fv->question),
		 "Mark the hub's change to %s dealt with? It stays unapplied. (y/n) ",
		 fv->conflict.label);
	ui_app_push(view->app, ui_confirm_new(view->app, view, fv->question, resolve_yes));
	return UI_HANDLED;
}

static int act_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static void fields_free(struct ui_view *view)
{
	free(to_fields(view));
}

#define MOVE_KEYS                                                                                \
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "next field", false, act_down, .more = { 'j' } }, \
	{                                                                                        \
		UI_KEY(KEY_UP), "Up, k", "up", "previous field", false, act_up, .more = { 'k' }  \
	}

static const struct ui_binding fields_keys[] = {
	MOVE_KEYS,
	{ ' ', "Space", "switch", "keep the other version of this field (hub or this site)", true,
	  act_switch },
	{ 'h', "h", "hub", "keep the hub's version entirely", true, act_all_hub },
	{ 's', "s", "site", "keep this site's version entirely", true, act_all_site },
	{ UI_KEY(KEY_F(10)), "F10", "save", "say what happens and ask, then resolve the conflict",
	  true, act_save },
	{ UI_CTRL('S'), "^S", "save", "say what happens and ask, then resolve the conflict", false,
	  act_save },
	{ 'q', "q, Esc", "back", "back to the conflicts, changing nothing", true, act_back,
	  .more = { UI_ESC } },
	{ 0 },
};

static const struct ui_binding failed_keys[] = {
	MOVE_KEYS,
	{ 'd', "d", "dealt with",
	  "mark the hub's change dealt with (asks first; this site does not apply it)", true,
	  act_dealt_with },
	{ 'q', "q, Esc", "back", "back to the conflicts, changing nothing", true, act_back,
	  .more = { UI_ESC } },
	{ 0 },
};

struct ui_view *ui_sync_conflict_new(struct ui_app *app, const struct cl_sync_conflict *conflict)
{
	struct sync_fields_view *fv = calloc(1, sizeof(*fv));
	struct cl_error err = { 0 };

	if (!fv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	fv->view = (struct ui_view){
		.title = conflict->id < 0 ? "Sync: a hub change not applied" : "Sync conflict",
		.keys = conflict->id < 0 ? failed_keys : fields_keys,
		.draw = fields_draw,
		.free = fields_free,
		.app = app,
	};
	fv->conflict = *conflict;
	if (cl_sync_conflict_fields(ui_app_db(app), conflict->id, fv->fields, FIELDS_MAX, &fv->n,
				    &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not read the conflict: %s", err.message);
		free(fv);
		return NULL;
	}
	/* the cursor starts on the first field that differs */
	for (int i = 0; i < fv->n; i++)
		if (fv->fields[i].differs) {
			fv->sel = i;
			break;
		}
	return &fv->view;
}
