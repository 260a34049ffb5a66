#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "format.h"
#include "keymap.h"
#include "org.h"
#include "text.h"
#include "views.h"

struct org_form_view {
	struct ui_view view; /* first: a struct ui_view * is a struct org_form_view * */
	struct ui_form form;
	struct cl_org base; /* as loaded (edit) or the new record's defaults (add) */
	bool adding;
	bool confirming;  /* asking "Discard changes? (y/n)" */
	char notice[512]; /* a message about the whole form (a save conflict), or "" */
};

static struct org_form_view *to_form(struct ui_view *view)
{
	return (struct org_form_view *)view;
}

static void form_confirm(struct org_form_view *fv, bool asking);

static int org_get(const void *record, const char *key, char *buf, size_t size)
{
	return cl_org_field_get(record, key, buf, size);
}

static int org_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	return cl_org_field_set(record, key, value, err);
}

static const struct ui_form_field *field(const struct org_form_view *fv, const char *key)
{
	int i;

	for (i = 0; i < fv->form.nfields; i++)
		if (strcmp(fv->form.fields[i].def->key, key) == 0)
			return &fv->form.fields[i];
	return NULL;
}

/* Services are checked against the kind typed in the form, not the stored one. */
static int org_check(void *ctx, const char *key, const char *value, struct cl_error *err)
{
	struct org_form_view *fv = ctx;
	const struct ui_form_field *kind = field(fv, "kind");
	struct cl_org scratch = fv->base;
	struct cl_error ignored = { 0 };

	if (kind)
		cl_org_field_set(&scratch, "kind", kind->text, &ignored);
	return cl_org_field_set(&scratch, key, value, err);
}

/* The codes a list field takes, shown under the form while it has the focus. */
static void codes_hint(const struct org_form_view *fv, char *buf, size_t size)
{
	const struct ui_form_field *f = &fv->form.fields[fv->form.focus];
	const struct ui_form_field *kind = field(fv, "kind");
	const char *const *codes = NULL;
	size_t len;

	buf[0] = '\0';
	if (strcmp(f->def->key, "services") == 0)
		codes = cl_org_service_codes(kind && strcmp(kind->text, "specialty") == 0
						     ? CL_ORG_SPECIALTY
						     : CL_ORG_COMMUNITY);
	else if (strcmp(f->def->key, "languages") == 0)
		codes = cl_language_codes;
	if (!codes)
		return;
	len = (size_t)snprintf(buf, size, "Codes, separated by commas: ");
	for (; *codes && len < size; codes++) {
		int n = snprintf(buf + len, size - len, "%s%s", *codes, codes[1] ? ", " : "");

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

static void form_draw(struct ui_view *view, WINDOW *win)
{
	struct org_form_view *fv = to_form(view);
	char hint[1024], clean[1200], part[1200];
	const char *rest;
	int y = 2, cy, cx, bottom = getmaxy(win), lines = 0;
	size_t n;

	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, view->title);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (!fv->adding) {
		char fitted[300];

		cl_text_sanitize(fv->base.name, clean, sizeof(clean));
		cl_text_fit(clean, getmaxx(win) - (int)strlen(view->title) - 5, 1, fitted,
			    sizeof(fitted));
		mvwaddstr(win, 0, (int)strlen(view->title) + 3, fitted);
	}
	if (fv->notice[0]) {
		cl_text_sanitize(fv->notice, clean, sizeof(clean));
		rest = clean;
		wattrset(win, ui_attr(UI_ROLE_ERROR));
		y = 1;
		while ((n = ui_format_wrap(rest, getmaxx(win) - 2, part, sizeof(part))) > 0 &&
		       y < 4) {
			mvwaddstr(win, y++, 1, part);
			rest += n;
		}
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
		y++;
	}
	codes_hint(fv, hint, sizeof(hint));
	if (hint[0]) {
		cl_text_sanitize(hint, clean, sizeof(clean));
		for (rest = clean;
		     (n = ui_format_wrap(rest, getmaxx(win) - 4, part, sizeof(part))) > 0 &&
		     lines < 3;
		     rest += n)
			lines++;
		wattrset(win, ui_attr(UI_ROLE_DIM));
		for (rest = clean, lines = bottom - lines;
		     (n = ui_format_wrap(rest, getmaxx(win) - 4, part, sizeof(part))) > 0 &&
		     lines < bottom;
		     rest += n)
			mvwaddstr(win, lines++, 2, part);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
		bottom -= 4;
	}
	ui_form_draw(&fv->form, win, y, bottom - y, &cy, &cx);
	if (fv->confirming)
		ui_app_prompt(view->app, "Discard changes? (y/n) ", "", 0);
	else if (cy >= 0)
		ui_app_cursor(view->app, win, cy, cx);
}

/* ---- actions ---- */

static int act_next(struct ui_view *view)
{
	ui_form_focus_move(&to_form(view)->form, 1);
	return UI_HANDLED;
}

static int act_prev(struct ui_view *view)
{
	ui_form_focus_move(&to_form(view)->form, -1);
	return UI_HANDLED;
}

/* Long or multi-line text the form cannot hold whole stays as stored unless retyped. */
static void keep_untouched(const struct org_form_view *fv, struct cl_org *o)
{
	const struct ui_form_field *notes = field(fv, "notes");
	const struct ui_form_field *address = field(fv, "address");

	if (notes && strcmp(notes->text, notes->loaded) == 0)
		memcpy(o->notes, fv->base.notes, sizeof(o->notes));
	if (address && strcmp(address->text, address->loaded) == 0)
		memcpy(o->address, fv->base.address, sizeof(o->address));
}

static int act_save(struct ui_view *view)
{
	struct org_form_view *fv = to_form(view);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_org o = fv->base;
	struct cl_error err = { 0 };
	const char *error;
	int rc;

	fv->notice[0] = '\0';
	if (ui_form_apply(&fv->form, &o)) {
		error = ui_form_focus_error(&fv->form);
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s",
			       error ? error : "check the fields marked.");
		return UI_HANDLED;
	}
	keep_untouched(fv, &o);
	rc = cl_org_validate(&o, &err);
	if (!rc)
		rc = fv->adding ? cl_org_create(db, &o, &err) : cl_org_update(db, &o, &err);
	if (rc == CL_ECONFLICT) {
		snprintf(fv->notice, sizeof(fv->notice),
			 "Not saved: %s. Your input is kept \xe2\x80\x94 Ctrl-R reloads the saved "
			 "version.",
			 err.message);
		ui_app_message(view->app, UI_ROLE_ERROR, "%s", fv->notice);
		return UI_HANDLED;
	}
	if (rc && err.field[0] && ui_form_set_error(&fv->form, err.field, err.message)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	if (rc) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Saved %s.", o.name);
	return UI_POP;
}

static int act_cancel(struct ui_view *view)
{
	struct org_form_view *fv = to_form(view);

	if (!ui_form_changed(&fv->form))
		return UI_POP;
	form_confirm(fv, true);
	return UI_HANDLED;
}

static int act_reload(struct ui_view *view)
{
	struct org_form_view *fv = to_form(view);
	struct cl_error err = { 0 };
	struct cl_org fresh;

	if (fv->adding) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "Nothing to reload: the entry is new.");
		return UI_HANDLED;
	}
	if (cl_org_get(ui_app_db(view->app), &fv->base.id, &fresh, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not reload: %s", err.message);
		return UI_HANDLED;
	}
	fv->base = fresh;
	fv->notice[0] = '\0';
	ui_form_load(&fv->form, &fv->base);
	ui_app_message(view->app, UI_ROLE_NORMAL, "Reloaded the saved version.");
	return UI_HANDLED;
}

static int act_discard(struct ui_view *view)
{
	ui_app_prompt_end(view->app);
	return UI_POP;
}

static int act_keep(struct ui_view *view)
{
	form_confirm(to_form(view), false);
	ui_app_prompt_end(view->app);
	return UI_HANDLED;
}

static int form_key(struct ui_view *view, int key)
{
	struct org_form_view *fv = to_form(view);

	if (fv->confirming) {
		const struct ui_binding *b;

		for (b = view->keys; b->key; b++)
			if (b->key == key)
				return UI_UNHANDLED;
		return UI_HANDLED;
	}
	return ui_form_key(&fv->form, key) ? UI_HANDLED : UI_UNHANDLED;
}

static void form_free(struct ui_view *view)
{
	struct org_form_view *fv = to_form(view);

	ui_form_free(&fv->form);
	free(fv);
}

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true, NULL },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the entry", true, act_save },
	{ UI_CTRL('S'), "^S", "save", "save the entry", false, act_save },
	{ '\t', "Tab", "next", "next field", true, act_next },
	{ UI_KEY(KEY_DOWN), "Down", "next", "next field", false, act_next },
	{ UI_KEY(KEY_BTAB), "Shift-Tab", "previous", "previous field", false, act_prev },
	{ UI_KEY(KEY_UP), "Up", "previous", "previous field", false, act_prev },
	{ UI_ESC, "Esc", "cancel", "leave the form (asks first when something changed)", true,
	  act_cancel },
	{ UI_CTRL('R'), "^R", "reload", "reload the saved version (your input is dropped)", true,
	  act_reload },
	{ UI_KEY(KEY_LEFT), "Left", "left", "move left; the previous choice", false, NULL },
	{ UI_KEY(KEY_RIGHT), "Right", "right", "move right; the next choice", false, NULL },
	{ ' ', "Space", "choose", "the next choice (in a choice field)", false, NULL },
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase before the cursor", false, NULL },
	{ UI_CTRL('U'), "^U", "clear", "clear the field", false, NULL },
	{ 0 },
};

static const struct ui_binding confirm_keys[] = {
	{ 'y', "y", "discard", "discard the changes and leave the form", true, act_discard },
	{ 'Y', "Y", "discard", "discard the changes and leave the form", false, act_discard },
	{ 'n', "n", "keep", "keep editing (nothing is lost)", true, act_keep },
	{ 'N', "N", "keep", "keep editing (nothing is lost)", false, act_keep },
	{ UI_ESC, "Esc", "keep", "keep editing (nothing is lost)", false, act_keep },
	{ 0 },
};

static void form_confirm(struct org_form_view *fv, bool asking)
{
	fv->confirming = asking;
	fv->view.keys = asking ? confirm_keys : form_keys;
}

struct ui_view *ui_org_form_new(struct ui_app *app, const struct cl_id *id)
{
	struct org_form_view *fv = calloc(1, sizeof(*fv));
	struct ui_form_ops ops = {
		.get = org_get,
		.set = org_set,
		.check = org_check,
	};
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];

	if (!fv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	fv->adding = !id;
	fv->view = (struct ui_view){
		.title = fv->adding ? "Add directory entry" : "Directory entry",
		.keys = form_keys,
		.types_text = true,
		.draw = form_draw,
		.key = form_key,
		.free = form_free,
		.app = app,
	};
	if (fv->adding) {
		cl_org_init(&fv->base);
	} else if (cl_org_get(ui_app_db(app), id, &fv->base, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the entry: %s", err.message);
		free(fv);
		return NULL;
	}
	ops.ctx = fv;
	if (ui_form_init(&fv->form, cl_org_fields, &ops)) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		free(fv);
		return NULL;
	}
	ui_form_load(&fv->form, &fv->base);
	if (!fv->adding && !fv->base.active)
		snprintf(fv->notice, sizeof(fv->notice),
			 "This entry is retired: set Active to yes to use it again.");
	else if (!fv->adding && (cl_date_today(today),
				 cl_org_is_stale(ui_app_db(app), fv->base.last_verified, today)))
		snprintf(fv->notice, sizeof(fv->notice),
			 "Not verified in a while: check the details with the partner (v in the "
			 "directory marks it verified).");
	return &fv->view;
}
