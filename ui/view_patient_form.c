#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "form_view.h"
#include "format.h"
#include "keymap.h"
#include "merge.h"
#include "patient.h"
#include "popup.h"
#include "views.h"

#define MANAGERS_MAX 256

struct patient_form {
	struct ui_form_view fv;	       /* first: a struct ui_view * is a struct patient_form * */
	struct cl_patient base, draft; /* base: as loaded (edit) or the new record's defaults */
	struct cl_care_manager *managers;
	const char *codes[MANAGERS_MAX + 2], *labels[MANAGERS_MAX + 2];
	const char *language_labels[64];
	char heading[256];
	/* A new patient like one already there: the warning's rows, and "save anyway" given. */
	struct cl_duplicate duplicates[CL_DUPLICATES_MAX];
	int nduplicates;
	bool duplicate_ok;
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

/* The warning's menu: save anyway, each other chart, go back (kept while it shows). */
static char duplicate_rows[CL_DUPLICATES_MAX + 2][400];
static const char *duplicate_items[CL_DUPLICATES_MAX + 2];
static const struct ui_column duplicate_columns[] = {
	{ "", 12, false, 0, 0, true },	    { "Name", 12, false, 2, 32, false },
	{ "Born", 10, false, 0, 0, true },  { "MRN", 10, false, 0, 0, true },
	{ "Phone", 14, false, 0, 0, true },
};

static void duplicate_chosen(struct ui_view *below, int index)
{
	struct patient_form *pf = (struct patient_form *)below;
	struct ui_app *app = below->app;

	if (index == 0) { /* save anyway */
		pf->duplicate_ok = true;
		if (ui_form_view_save(below) == UI_POP)
			ui_app_close(app, below);
		pf->duplicate_ok = false;
	} else if (index <= pf->nduplicates) { /* the other chart; the form stays under it */
		ui_app_push(app, ui_chart_new(app, &pf->duplicates[index - 1].id));
	}
}

/*
 * F10 on a new patient: when the registry has a patient with the same name and birth date
 * (or phone and birth date), show them first and ask (cl_patient_duplicates); else save.
 */
static int act_save(struct ui_view *view)
{
	struct patient_form *pf = (struct patient_form *)view;
	struct cl_patient draft = pf->base;
	struct cl_error err = { 0 };
	char name[200];
	bool by_name = false;
	int i;

	if (!pf->fv.adding || pf->duplicate_ok || ui_form_apply(&pf->fv.form, &draft) ||
	    cl_patient_validate(&draft, &err) ||
	    cl_patient_duplicates(ui_app_db(view->app), &draft, pf->duplicates, CL_DUPLICATES_MAX,
				  &pf->nduplicates, &err) ||
	    pf->nduplicates == 0)
		return ui_form_view_save(view); /* it tells whatever is wrong */
	snprintf(duplicate_rows[0], sizeof(duplicate_rows[0]), "Save anyway\t\t\t\t");
	duplicate_items[0] = duplicate_rows[0];
	for (i = 0; i < pf->nduplicates; i++) {
		const struct cl_duplicate *d = &pf->duplicates[i];

		by_name |= (d->reason & CL_DUPLICATE_NAME) != 0;
		ui_format_name(d->family_name, d->given_name, name, sizeof(name));
		snprintf(duplicate_rows[i + 1], sizeof(duplicate_rows[i + 1]),
			 "Open chart\t%s\t%s\t%s\t%s", name, d->birth_date, d->mrn, d->phone);
		duplicate_items[i + 1] = duplicate_rows[i + 1];
	}
	snprintf(duplicate_rows[i + 1], sizeof(duplicate_rows[i + 1]), "Go back\t\t\t\t");
	duplicate_items[i + 1] = duplicate_rows[i + 1];
	ui_app_push(view->app, ui_pick_new_columns(
				       view->app, view,
				       by_name ? "Possible duplicate: same name and date of birth"
					       : "Possible duplicate: same phone and date of birth",
				       duplicate_columns, 5, duplicate_items, pf->nduplicates + 2,
				       pf->nduplicates + 1, duplicate_chosen));
	return UI_HANDLED;
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
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the patient (warns of a duplicate)", true,
	  act_save },
	{ UI_CTRL('S'), "^S", "save", "save the patient (warns of a duplicate)", false, act_save },
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
