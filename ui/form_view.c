#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_view.h"
#include "format.h"
#include "popup.h"
#include "text.h"

static struct ui_form_view *to_fv(struct ui_view *view)
{
	return (struct ui_form_view *)view;
}

static void form_confirm(struct ui_form_view *fv, bool asking);

struct ui_form_field *ui_form_view_field(struct ui_form_view *fv, const char *key)
{
	int i;

	for (i = 0; i < fv->form.nfields; i++)
		if (strcmp(fv->form.fields[i].def->key, key) == 0)
			return &fv->form.fields[i];
	return NULL;
}

void ui_form_view_draw_head(struct ui_form_view *fv, WINDOW *win, int *y)
{
	const char *title = fv->view.title;

	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, title);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (fv->heading && fv->heading[0]) {
		char clean[300], fitted[300];

		cl_text_sanitize(fv->heading, clean, sizeof(clean));
		cl_text_fit(clean, getmaxx(win) - (int)strlen(title) - 5, 1, fitted,
			    sizeof(fitted));
		mvwaddstr(win, 0, (int)strlen(title) + 3, fitted);
	}
	if (fv->notice[0]) {
		/* the whole notice, word-wrapped on as many lines as it needs */
		char clean[600], part[600];
		const char *rest = clean;
		size_t n;

		cl_text_sanitize(fv->notice, clean, sizeof(clean));
		wattrset(win, ui_attr(UI_ROLE_ERROR));
		*y = 1;
		while ((n = ui_format_wrap(rest, getmaxx(win) - 2, part, sizeof(part))) > 0 &&
		       *y < 4) {
			mvwaddstr(win, (*y)++, 1, part);
			rest += n;
		}
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
		(*y)++;
	}
}

static void form_draw(struct ui_view *view, WINDOW *win)
{
	struct ui_form_view *fv = to_fv(view);
	int y = 2, bottom = getmaxy(win), cy, cx;

	if (fv->ops->draw)
		fv->ops->draw(fv, win, &y, &bottom);
	else
		ui_form_view_draw_head(fv, win, &y);
	ui_form_draw(&fv->form, win, y, bottom - y, &cy, &cx);
	if (fv->confirming)
		ui_app_prompt(view->app,
			      fv->reloading ? "Drop your input and reload the saved version? (y/n) "
			      : fv->quitting ? "Discard changes and quit? (y/n) "
					     : "Discard changes? (y/n) ",
			      "", 0);
	else if (cy >= 0)
		ui_app_cursor(view->app, win, cy, cx);
}

static void form_sync(struct ui_form_view *fv)
{
	if (fv->ops->sync)
		fv->ops->sync(fv);
}

/* ---- actions ---- */

int ui_form_view_next(struct ui_view *view)
{
	ui_form_focus_move(&to_fv(view)->form, 1);
	form_sync(to_fv(view));
	return UI_HANDLED;
}

int ui_form_view_prev(struct ui_view *view)
{
	ui_form_focus_move(&to_fv(view)->form, -1);
	form_sync(to_fv(view));
	return UI_HANDLED;
}

static int show_field_error(struct ui_form_view *fv)
{
	const char *error = ui_form_focus_error(&fv->form);

	ui_app_message(fv->view.app, UI_ROLE_ERROR, "Not saved: %s",
		       error ? error : "check the fields marked.");
	return UI_HANDLED;
}

int ui_form_view_save(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);
	struct cl_error err = { 0 };
	int rc;

	form_sync(fv);
	fv->notice[0] = '\0';
	memcpy(fv->draft, fv->base, fv->size);
	if (ui_form_apply(&fv->form, fv->draft))
		return show_field_error(fv);
	rc = fv->ops->save(fv, fv->draft, &err);
	if (rc == CL_ECONFLICT) {
		snprintf(fv->notice, sizeof(fv->notice),
			 "Not saved: %s. Your input is kept \xe2\x80\x94 Ctrl-R reloads the saved "
			 "version.",
			 err.message);
		ui_app_message(view->app, UI_ROLE_ERROR, "%s", fv->notice);
		return UI_HANDLED;
	}
	if (rc && err.field[0] && ui_form_set_error(&fv->form, err.field, err.message))
		return show_field_error(fv);
	if (rc) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	return fv->ops->saved(fv, fv->draft);
}

int ui_form_view_cancel(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);

	if (!ui_form_changed(&fv->form))
		return UI_POP;
	fv->quitting = false;
	fv->reloading = false;
	form_confirm(fv, true);
	return UI_HANDLED;
}

/* ^C asks as Esc does (the question says careloop will quit). */
static bool form_ask_quit(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);

	if (!ui_form_changed(&fv->form))
		return false;
	fv->quitting = true;
	fv->reloading = false;
	form_confirm(fv, true);
	return true;
}

/*
 * The labels of the fields whose saved value (in record) differs from what the form started
 * from, "Phone, Care manager", into buf; returns how many.
 */
static int changed_since_loaded(struct ui_form_view *fv, const void *record, char *buf, size_t size)
{
	size_t len = 0;
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < fv->form.nfields; i++) {
		const struct ui_form_field *f = &fv->form.fields[i];
		char now[UI_FORM_TEXT];

		if (fv->form.ops.get(record, f->def->key, now, sizeof(now)))
			now[0] = '\0';
		if (strcmp(now, f->loaded) == 0)
			continue;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", n ? ", " : "",
						f->def->label);
		n++;
	}
	return n;
}

/* Show the saved version (in base): the form starts again from it. */
static void reload_show(struct ui_form_view *fv, const char *changed, int n)
{
	ui_form_load(&fv->form, fv->base);
	form_sync(fv);
	if (n)
		snprintf(fv->notice, sizeof(fv->notice),
			 "Reloaded the saved version. Changed since you opened it: %s.", changed);
	else
		fv->notice[0] = '\0';
	ui_app_message(fv->view.app, UI_ROLE_NORMAL, "Reloaded the saved version.");
}

/*
 * ^R: read the saved version and say which fields someone else changed since the form was
 * opened. With nothing typed it shows at once; else it asks before the input is dropped
 * (the saved version waits in draft; base stays what the input was made over, so that a
 * save after "n" is still refused as a conflict).
 */
int ui_form_view_reload(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);
	struct cl_error err = { 0 };
	char changed[400];
	int n;

	if (fv->adding) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "Nothing to reload: the %s is new.",
			       fv->ops->noun);
		return UI_HANDLED;
	}
	memcpy(fv->draft, fv->base, fv->size);
	if (fv->ops->reload(fv, &err)) {
		memcpy(fv->base, fv->draft, fv->size);
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not reload: %s", err.message);
		return UI_HANDLED;
	}
	n = changed_since_loaded(fv, fv->base, changed, sizeof(changed));
	if (!ui_form_changed(&fv->form)) {
		reload_show(fv, changed, n);
		return UI_HANDLED;
	}
	/* keep the saved version in draft and the one the input was made over in base */
	{
		unsigned char *a = fv->base, *b = fv->draft;
		size_t i;

		for (i = 0; i < fv->size; i++) {
			unsigned char t = a[i];

			a[i] = b[i];
			b[i] = t;
		}
	}
	if (n)
		snprintf(fv->notice, sizeof(fv->notice),
			 "Changed since you opened it: %s. Reloading drops your input.", changed);
	else
		snprintf(fv->notice, sizeof(fv->notice),
			 "No field of this form changed since you opened it. Reloading drops your "
			 "input.");
	fv->quitting = false;
	fv->reloading = true;
	form_confirm(fv, true);
	return UI_HANDLED;
}

static void form_picked(struct ui_view *below, int index)
{
	struct ui_form_view *fv = to_fv(below);

	ui_form_choose(&fv->form, index);
	form_sync(fv);
}

/* Enter: the focused choice field's choices in a menu; on any other field, the next one. */
int ui_form_view_pick(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);
	const struct ui_form_field *f;
	const char *items[UI_PICK_MAX];
	int i, n, current = 0;

	if (!fv->form.nfields)
		return UI_HANDLED;
	f = &fv->form.fields[fv->form.focus];
	if (!cl_field_is_choice(f->def) || !f->nchoices)
		return ui_form_view_next(view);
	n = f->nchoices < UI_PICK_MAX ? f->nchoices : UI_PICK_MAX;
	for (i = 0; i < n; i++) {
		items[i] = ui_form_choice_label(f, i);
		if (strcmp(f->codes[i], f->text) == 0)
			current = i;
	}
	ui_app_push(view->app,
		    ui_pick_new(view->app, view, f->def->label, items, n, current, form_picked));
	return UI_HANDLED;
}

static int act_discard(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);
	char changed[400];
	int n;

	ui_app_prompt_end(view->app);
	if (!fv->reloading)
		return fv->quitting ? UI_QUIT : UI_POP;
	form_confirm(fv, false);
	memcpy(fv->base, fv->draft, fv->size); /* the saved version, read by ^R */
	n = changed_since_loaded(fv, fv->base, changed, sizeof(changed));
	reload_show(fv, changed, n);
	return UI_HANDLED;
}

static int act_keep(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);

	if (fv->reloading)
		ui_app_message(view->app, UI_ROLE_NORMAL,
			       "Your input is kept; it cannot be saved over the newer version.");
	form_confirm(fv, false);
	ui_app_prompt_end(view->app);
	return UI_HANDLED;
}

static const struct ui_binding confirm_keys[] = {
	{ 'y', "y", "discard", "discard the changes (and leave the form, or reload)", true,
	  act_discard },
	{ 'Y', "Y", "discard", "discard the changes (and leave the form, or reload)", false,
	  act_discard },
	{ 'n', "n", "keep", "keep editing (nothing is lost)", true, act_keep },
	{ 'N', "N", "keep", "keep editing (nothing is lost)", false, act_keep },
	{ UI_ESC, "Esc", "keep", "keep editing (nothing is lost)", false, act_keep },
	{ 0 },
};

/* Ask "Discard changes? (y/n)" (the keymap becomes the answers), or stop asking. */
static void form_confirm(struct ui_form_view *fv, bool asking)
{
	fv->confirming = asking;
	if (!asking)
		fv->reloading = false;
	fv->view.keys = asking ? confirm_keys : fv->keys;
}

/* Text goes to the focused field; while asking to discard, only the answers count. */
static int form_key(struct ui_view *view, int key)
{
	struct ui_form_view *fv = to_fv(view);
	const struct ui_binding *b;

	if (fv->confirming) {
		for (b = confirm_keys; b->key; b++)
			if (ui_binding_has(b, key))
				return UI_UNHANDLED;
		return UI_HANDLED; /* anything else waits for y or n */
	}
	if (!ui_form_key(&fv->form, key))
		return UI_UNHANDLED;
	form_sync(fv);
	return UI_HANDLED;
}

static void form_free(struct ui_view *view)
{
	struct ui_form_view *fv = to_fv(view);

	ui_form_free(&fv->form);
	if (fv->ops->free)
		fv->ops->free(fv);
	free(fv);
}

void ui_form_view_setup(struct ui_form_view *fv, struct ui_app *app, const char *title,
			const struct ui_binding *keys, const struct ui_form_view_ops *ops,
			void *base, void *draft, size_t size)
{
	fv->view = (struct ui_view){
		.title = title,
		.keys = keys,
		.types_text = true,
		.draw = form_draw,
		.key = form_key,
		.ask_quit = form_ask_quit,
		.free = form_free,
		.app = app,
	};
	fv->ops = ops;
	fv->keys = keys;
	fv->base = base;
	fv->draft = draft;
	fv->size = size;
}

int ui_form_view_form(struct ui_form_view *fv, const struct cl_field *defs,
		      const struct ui_form_ops *form_ops)
{
	if (!ui_form_init(&fv->form, defs, form_ops))
		return 0;
	ui_app_message(fv->view.app, UI_ROLE_ERROR, "Out of memory.");
	return -1;
}
