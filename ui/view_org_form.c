#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "form.h"
#include "form_view.h"
#include "format.h"
#include "keymap.h"
#include "org.h"
#include "text.h"
#include "views.h"

struct org_form {
	struct ui_form_view fv;	   /* first: a struct ui_view * is a struct org_form * */
	struct cl_org base, draft; /* base: as loaded (edit) or the new record's defaults (add) */
};

static struct org_form *to_form(struct ui_form_view *fv)
{
	return (struct org_form *)fv;
}

/* A community partner's services show as domain keys ("food, housing"), stored as Gravity
 * codes (cl_org_field_set takes either). */
static int org_get(const void *record, const char *key, char *buf, size_t size)
{
	const struct cl_org *o = record;
	int rc = cl_org_field_get(record, key, buf, size);

	if (rc == 0 && strcmp(key, "services") == 0 && o->kind == CL_ORG_COMMUNITY)
		cl_domain_keys_text(o->services, buf, size);
	return rc;
}

static int org_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	return cl_org_field_set(record, key, value, err);
}

/* Services are checked against the kind typed in the form, not the stored one. */
static int org_check(void *ctx, const char *key, const char *value, struct cl_error *err)
{
	struct org_form *of = ctx;
	const struct ui_form_field *kind = ui_form_view_field(&of->fv, "kind");
	struct cl_org scratch = of->base;
	struct cl_error ignored = { 0 };

	if (kind)
		cl_org_field_set(&scratch, "kind", kind->text, &ignored);
	return cl_org_field_set(&scratch, key, value, err);
}

/* The codes a list field takes, shown under the form while it has the focus. */
static void codes_hint(struct ui_form_view *fv, char *buf, size_t size)
{
	const struct ui_form_field *f = &fv->form.fields[fv->form.focus];
	const struct ui_form_field *kind = ui_form_view_field(fv, "kind");
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
		/* HRSN domains by their keys (the Gravity codes are accepted too). */
		int n = snprintf(buf + len, size - len, "%s%s",
				 cl_domain_find(*codes) ? cl_domain_key(*codes) : *codes,
				 codes[1] ? ", " : "");

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/* The title, the entry's name and the notice; the codes hint at the bottom. */
static void org_draw(struct ui_form_view *fv, WINDOW *win, int *y, int *bottom)
{
	char hint[1024], clean[1200], part[1200];
	const char *rest;
	int lines = 0;
	size_t n;

	ui_form_view_draw_head(fv, win, y);
	codes_hint(fv, hint, sizeof(hint));
	if (!hint[0])
		return;
	cl_text_sanitize(hint, clean, sizeof(clean));
	for (rest = clean;
	     (n = ui_format_wrap(rest, getmaxx(win) - 4, part, sizeof(part))) > 0 && lines < 3;
	     rest += n)
		lines++;
	wattrset(win, ui_attr(UI_ROLE_DIM));
	for (rest = clean, lines = *bottom - lines;
	     (n = ui_format_wrap(rest, getmaxx(win) - 4, part, sizeof(part))) > 0 &&
	     lines < *bottom;
	     rest += n)
		mvwaddstr(win, lines++, 2, part);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	*bottom -= 4;
}

/* Long or multi-line text the form cannot hold whole stays as stored unless retyped. */
static void keep_untouched(struct org_form *of, struct cl_org *o)
{
	const struct ui_form_field *notes = ui_form_view_field(&of->fv, "notes");
	const struct ui_form_field *address = ui_form_view_field(&of->fv, "address");

	if (notes && strcmp(notes->text, notes->loaded) == 0)
		memcpy(o->notes, of->base.notes, sizeof(o->notes));
	if (address && strcmp(address->text, address->loaded) == 0)
		memcpy(o->address, of->base.address, sizeof(o->address));
}

static int org_save(struct ui_form_view *fv, void *draft, struct cl_error *err)
{
	struct cl_db *db = ui_app_db(fv->view.app);
	struct cl_org *o = draft;
	int rc;

	keep_untouched(to_form(fv), o);
	rc = cl_org_validate(o, err);
	if (!rc)
		rc = fv->adding ? cl_org_create(db, o, err) : cl_org_update(db, o, err);
	return rc;
}

static int org_saved(struct ui_form_view *fv, void *draft)
{
	const struct cl_org *o = draft;

	ui_app_message(fv->view.app, UI_ROLE_OK, "Saved %s.", o->name);
	return UI_POP;
}

static int org_reload(struct ui_form_view *fv, struct cl_error *err)
{
	struct org_form *of = to_form(fv);
	struct cl_org fresh;
	int rc = cl_org_get(ui_app_db(fv->view.app), &of->base.id, &fresh, err);

	if (!rc)
		of->base = fresh;
	return rc;
}

static const struct ui_form_view_ops org_ops = {
	.noun = "entry",
	.save = org_save,
	.saved = org_saved,
	.reload = org_reload,
	.draw = org_draw,
};

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true, NULL },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the entry", true, ui_form_view_save },
	{ UI_CTRL('S'), "^S", "save", "save the entry", false, ui_form_view_save },
	UI_FORM_VIEW_MOVE_KEYS,
	UI_FORM_VIEW_CANCEL_KEY,
	UI_FORM_VIEW_RELOAD_KEY(true),
	UI_FORM_VIEW_CHOICE_KEYS,
	UI_FORM_VIEW_PICK_KEYS,
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase before the cursor", false, NULL },
	{ UI_CTRL('U'), "^U", "clear", "clear the field", false, NULL },
	{ 0 },
};

struct ui_view *ui_org_form_new(struct ui_app *app, const struct cl_id *id)
{
	struct org_form *of = calloc(1, sizeof(*of));
	struct ui_form_ops ops = {
		.get = org_get,
		.set = org_set,
		.check = org_check,
	};
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];

	if (!of) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	of->fv.adding = !id;
	ui_form_view_setup(&of->fv, app, of->fv.adding ? "Add directory entry" : "Directory entry",
			   form_keys, &org_ops, &of->base, &of->draft, sizeof(of->base));
	if (of->fv.adding) {
		cl_org_init(&of->base);
		/* who adds an entry has the partner's details in hand: verified today (the
		 * field is there to change) */
		cl_date_today(of->base.last_verified);
	} else if (cl_org_get(ui_app_db(app), id, &of->base, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the entry: %s", err.message);
		free(of);
		return NULL;
	} else {
		of->fv.heading = of->base.name; /* follows a reload */
	}
	ops.ctx = of;
	if (ui_form_view_form(&of->fv, cl_org_fields, &ops)) {
		free(of);
		return NULL;
	}
	ui_form_load(&of->fv.form, &of->base);
	if (!of->fv.adding && !of->base.active)
		snprintf(of->fv.notice, sizeof(of->fv.notice),
			 "This entry is retired: set Active to yes to use it again.");
	else if (!of->fv.adding && (cl_date_today(today),
				    cl_org_is_stale(ui_app_db(app), of->base.last_verified, today)))
		snprintf(of->fv.notice, sizeof(of->fv.notice),
			 "Not verified in a while: check the details with the partner (v in the "
			 "directory marks it verified).");
	return &of->fv.view;
}
