#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "form_view.h"
#include "format.h"
#include "keymap.h"
#include "patient.h"
#include "views.h"

#define MANAGERS_MAX 256

struct patient_form {
	struct ui_form_view fv;	       /* first: a struct ui_view * is a struct patient_form * */
	struct cl_patient base, draft; /* base: as loaded (edit) or the new record's defaults */
	struct cl_care_manager *managers;
	const char *codes[MANAGERS_MAX + 2], *labels[MANAGERS_MAX + 2];
	const char *language_labels[64];
	char heading[256];
};

static struct patient_form *to_form(struct ui_form_view *fv)
{
	return (struct patient_form *)fv;
}

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
	struct patient_form *pf = ctx;
	struct cl_patient scratch = pf->base;

	return cl_patient_field_set(&scratch, key, value, err);
}

/* The care manager field offers the active care managers (and whoever is assigned now). */
static void form_managers(struct patient_form *pf)
{
	struct cl_error err = { 0 };
	int n = 0, i, k = 0;
	bool current = !pf->base.care_manager[0];

	pf->managers = calloc(MANAGERS_MAX, sizeof(*pf->managers));
	if (!pf->managers ||
	    cl_care_manager_list(ui_app_db(pf->fv.view.app), pf->managers, MANAGERS_MAX, &n, &err))
		n = 0;
	pf->codes[k] = "";
	pf->labels[k++] = "(unassigned)";
	for (i = 0; i < n; i++) {
		pf->codes[k] = pf->managers[i].login;
		pf->labels[k++] = pf->managers[i].display_name;
		if (strcmp(pf->managers[i].login, pf->base.care_manager) == 0)
			current = true;
	}
	if (!current) {
		pf->codes[k] = pf->base.care_manager;
		pf->labels[k++] = pf->base.care_manager_name[0] ? pf->base.care_manager_name
								: pf->base.care_manager;
	}
	ui_form_set_choices(&pf->fv.form, "care_manager", pf->codes, pf->labels, k);
}

/* Languages show their names ("Spanish"); the form stores the code. */
static void form_languages(struct patient_form *pf)
{
	int n;

	for (n = 0; cl_language_codes[n] && n < 64; n++)
		pf->language_labels[n] = cl_language_name(cl_language_codes[n]);
	ui_form_set_choices(&pf->fv.form, "language", cl_language_codes, pf->language_labels, n);
}

static int patient_save(struct ui_form_view *fv, void *draft, struct cl_error *err)
{
	struct cl_db *db = ui_app_db(fv->view.app);
	struct cl_patient *p = draft;
	int rc;

	rc = cl_patient_validate(p, err);
	if (!rc)
		rc = fv->adding ? cl_patient_create(db, p, err) : cl_patient_update(db, p, err);
	return rc;
}

static int patient_saved(struct ui_form_view *fv, void *draft)
{
	struct cl_patient *p = draft;

	if (fv->adding)
		ui_app_push(fv->view.app, ui_chart_new(fv->view.app, &p->id));
	ui_app_message(fv->view.app, UI_ROLE_OK, "Saved.");
	return UI_POP;
}

static int patient_reload(struct ui_form_view *fv, struct cl_error *err)
{
	struct patient_form *pf = to_form(fv);
	struct cl_patient fresh;
	int rc = cl_patient_get(ui_app_db(fv->view.app), &pf->base.id, &fresh, err);

	if (!rc)
		pf->base = fresh;
	return rc;
}

static void patient_free(struct ui_form_view *fv)
{
	free(to_form(fv)->managers);
}

static const struct ui_form_view_ops patient_ops = {
	.noun = "patient",
	.save = patient_save,
	.saved = patient_saved,
	.reload = patient_reload,
	.free = patient_free,
};

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true,
	  NULL /* generic */ },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the patient", true, ui_form_view_save },
	{ UI_CTRL('S'), "^S", "save", "save the patient", false, ui_form_view_save },
	UI_FORM_VIEW_MOVE_KEYS,
	UI_FORM_VIEW_CANCEL_KEY,
	UI_FORM_VIEW_RELOAD_KEY(true),
	UI_FORM_VIEW_CHOICE_KEYS,
	UI_FORM_VIEW_PICK_KEYS,
	UI_FORM_VIEW_LINE_KEYS,
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase before the cursor", false, NULL },
	{ UI_KEY(KEY_DC), "Delete", "delete", "erase under the cursor", false, NULL },
	{ UI_CTRL('U'), "^U", "clear", "clear the field", false, NULL },
	{ 0 },
};

struct ui_view *ui_patient_form_new(struct ui_app *app, const struct cl_id *id)
{
	struct patient_form *pf = calloc(1, sizeof(*pf));
	struct ui_form_ops ops = {
		.get = patient_get,
		.set = patient_set,
		.check = patient_check,
	};
	struct cl_error err = { 0 };

	if (!pf) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	pf->fv.adding = !id;
	ui_form_view_setup(&pf->fv, app, pf->fv.adding ? "Add patient" : "Edit patient", form_keys,
			   &patient_ops, &pf->base, &pf->draft, sizeof(pf->base));
	pf->fv.heading = pf->heading;
	if (pf->fv.adding) {
		cl_patient_init(&pf->base, ui_app_db(app));
	} else if (cl_patient_get(ui_app_db(app), id, &pf->base, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the record: %s", err.message);
		free(pf);
		return NULL;
	} else {
		ui_format_name(pf->base.family_name, pf->base.given_name, pf->heading,
			       sizeof(pf->heading));
	}
	ops.ctx = pf;
	if (ui_form_view_form(&pf->fv, cl_patient_fields, &ops)) {
		free(pf);
		return NULL;
	}
	form_managers(pf);
	form_languages(pf);
	ui_form_load(&pf->fv.form, &pf->base);
	return &pf->fv.view;
}
