#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "format.h"
#include "keymap.h"
#include "patient.h"
#include "text.h"
#include "views.h"

#define MANAGERS_MAX 256

struct form_view {
	struct ui_view view; /* first: a struct ui_view * is a struct form_view * */
	struct ui_form form;
	struct cl_patient base; /* as loaded (edit) or the new record's defaults (add) */
	bool adding;
	bool confirming;  /* asking "Discard changes? (y/n)" */
	char notice[512]; /* a message about the whole form (a save conflict), or "" */
	struct cl_care_manager *managers;
	const char *codes[MANAGERS_MAX + 2], *labels[MANAGERS_MAX + 2];
	const char *language_labels[64];
	char heading[256];
};

static struct form_view *to_form(struct ui_view *view)
{
	return (struct form_view *)view;
}

static void form_confirm(struct form_view *fv, bool asking);

static int patient_get(const void *record, const char *key, char *buf, size_t size)
{
	return cl_patient_field_get(record, key, buf, size);
}

static int patient_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	return cl_patient_field_set(record, key, value, err);
}

static int patient_check(void *ctx, const char *key, const char *value, struct cl_error *err)
{
	struct form_view *fv = ctx;
	struct cl_patient scratch = fv->base;

	return cl_patient_field_set(&scratch, key, value, err);
}

/* The care manager field offers the active care managers (and whoever is assigned now). */
static void form_managers(struct form_view *fv)
{
	struct cl_error err = { 0 };
	int n = 0, i, k = 0;
	bool current = !fv->base.care_manager[0];

	fv->managers = calloc(MANAGERS_MAX, sizeof(*fv->managers));
	if (!fv->managers ||
	    cl_care_manager_list(ui_app_db(fv->view.app), fv->managers, MANAGERS_MAX, &n, &err))
		n = 0;
	fv->codes[k] = "";
	fv->labels[k++] = "(unassigned)";
	for (i = 0; i < n; i++) {
		fv->codes[k] = fv->managers[i].login;
		fv->labels[k++] = fv->managers[i].display_name;
		if (strcmp(fv->managers[i].login, fv->base.care_manager) == 0)
			current = true;
	}
	if (!current) {
		fv->codes[k] = fv->base.care_manager;
		fv->labels[k++] = fv->base.care_manager_name[0] ? fv->base.care_manager_name
								: fv->base.care_manager;
	}
	ui_form_set_choices(&fv->form, "care_manager", fv->codes, fv->labels, k);
}

/* Languages show their names ("Spanish"); the form stores the code. */
static void form_languages(struct form_view *fv)
{
	int n;

	for (n = 0; cl_language_codes[n] && n < 64; n++)
		fv->language_labels[n] = cl_language_name(cl_language_codes[n]);
	ui_form_set_choices(&fv->form, "language", cl_language_codes, fv->language_labels, n);
}

static void form_draw(struct ui_view *view, WINDOW *win)
{
	struct form_view *fv = to_form(view);
	int y = 2, cy, cx;

	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, view->title);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (fv->heading[0]) {
		char clean[300], fitted[300];

		cl_text_sanitize(fv->heading, clean, sizeof(clean));
		cl_text_fit(clean, getmaxx(win) - (int)strlen(view->title) - 5, 1, fitted,
			    sizeof(fitted));
		mvwaddstr(win, 0, (int)strlen(view->title) + 3, fitted);
	}
	if (fv->notice[0]) {
		/* the whole notice, word-wrapped on as many lines as it needs */
		char clean[600], part[600];
		const char *rest = clean;
		size_t n;

		cl_text_sanitize(fv->notice, clean, sizeof(clean));
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
	ui_form_draw(&fv->form, win, y, getmaxy(win) - y, &cy, &cx);
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

static void show_field_error(struct form_view *fv)
{
	const char *error = ui_form_focus_error(&fv->form);

	ui_app_message(fv->view.app, UI_ROLE_ERROR, "Not saved: %s",
		       error ? error : "check the fields marked.");
}

static int act_save(struct ui_view *view)
{
	struct form_view *fv = to_form(view);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_patient p = fv->base;
	struct cl_error err = { 0 };
	int rc;

	fv->notice[0] = '\0';
	if (ui_form_apply(&fv->form, &p)) {
		show_field_error(fv);
		return UI_HANDLED;
	}
	rc = cl_patient_validate(&p, &err);
	if (!rc)
		rc = fv->adding ? cl_patient_create(db, &p, &err) : cl_patient_update(db, &p, &err);
	if (rc == CL_ECONFLICT) {
		snprintf(fv->notice, sizeof(fv->notice),
			 "Not saved: %s. Your input is kept \xe2\x80\x94 Ctrl-R reloads the saved "
			 "version.",
			 err.message);
		ui_app_message(view->app, UI_ROLE_ERROR, "%s", fv->notice);
		return UI_HANDLED;
	}
	if (rc && err.field[0] && ui_form_set_error(&fv->form, err.field, err.message)) {
		show_field_error(fv);
		return UI_HANDLED;
	}
	if (rc) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	if (fv->adding)
		ui_app_push(view->app, ui_chart_new(view->app, &p.id));
	ui_app_message(view->app, UI_ROLE_OK, "Saved.");
	return UI_POP;
}

static int act_cancel(struct ui_view *view)
{
	struct form_view *fv = to_form(view);

	if (!ui_form_changed(&fv->form))
		return UI_POP;
	form_confirm(fv, true);
	return UI_HANDLED;
}

static int act_reload(struct ui_view *view)
{
	struct form_view *fv = to_form(view);
	struct cl_error err = { 0 };
	struct cl_patient fresh;

	if (fv->adding) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "Nothing to reload: the patient is new.");
		return UI_HANDLED;
	}
	if (cl_patient_get(ui_app_db(view->app), &fv->base.id, &fresh, &err)) {
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

/* Text goes to the focused field; while asking to discard, only the answers count. */
static int form_key(struct ui_view *view, int key)
{
	struct form_view *fv = to_form(view);

	if (fv->confirming) {
		const struct ui_binding *b;

		for (b = view->keys; b->key; b++)
			if (b->key == key)
				return UI_UNHANDLED; /* the answer's binding runs */
		return UI_HANDLED;		     /* anything else waits for y or n */
	}
	return ui_form_key(&fv->form, key) ? UI_HANDLED : UI_UNHANDLED;
}

static void form_free(struct ui_view *view)
{
	struct form_view *fv = to_form(view);

	ui_form_free(&fv->form);
	free(fv->managers);
	free(fv);
}

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true,
	  NULL /* generic */ },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the patient", true, act_save },
	{ UI_CTRL('S'), "^S", "save", "save the patient", false, act_save },
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
	{ UI_KEY(KEY_HOME), "Home", "start", "start of the field", false, NULL },
	{ UI_CTRL('A'), "^A", "start", "start of the field", false, NULL },
	{ UI_KEY(KEY_END), "End", "end", "end of the field", false, NULL },
	{ UI_CTRL('E'), "^E", "end", "end of the field", false, NULL },
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase before the cursor", false, NULL },
	{ UI_KEY(KEY_DC), "Delete", "delete", "erase under the cursor", false, NULL },
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

/* Ask "Discard changes? (y/n)" (the keymap becomes the answers), or stop asking. */
static void form_confirm(struct form_view *fv, bool asking)
{
	fv->confirming = asking;
	fv->view.keys = asking ? confirm_keys : form_keys;
}

struct ui_view *ui_patient_form_new(struct ui_app *app, const struct cl_id *id)
{
	struct form_view *fv = calloc(1, sizeof(*fv));
	struct ui_form_ops ops = {
		.get = patient_get,
		.set = patient_set,
		.check = patient_check,
	};
	struct cl_error err = { 0 };

	if (!fv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	fv->adding = !id;
	fv->view = (struct ui_view){
		.title = fv->adding ? "Add patient" : "Edit patient",
		.keys = form_keys,
		.types_text = true,
		.draw = form_draw,
		.key = form_key,
		.free = form_free,
		.app = app,
	};
	if (fv->adding) {
		cl_patient_init(&fv->base, ui_app_db(app));
	} else if (cl_patient_get(ui_app_db(app), id, &fv->base, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the record: %s", err.message);
		free(fv);
		return NULL;
	} else {
		ui_format_name(fv->base.family_name, fv->base.given_name, fv->heading,
			       sizeof(fv->heading));
	}
	ops.ctx = fv;
	if (ui_form_init(&fv->form, cl_patient_fields, &ops)) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		free(fv);
		return NULL;
	}
	form_managers(fv);
	form_languages(fv);
	ui_form_load(&fv->form, &fv->base);
	return &fv->view;
}
