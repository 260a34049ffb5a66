/*
 * M: merge two charts of one person (views.h, ui_merge_start). Asks for the other chart (a
 * search, then a menu of the matches), which chart survives, then a form of the fields where
 * the two differ, each a choice between the surviving chart's value (the default) and the
 * other's; F10 says what moves and asks; yes merges (cl_patient_merge) and opens the
 * surviving chart.
 */
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

#define MATCHES_MAX 20
#define FIELDS_MAX  32

static const char *const keep_other[] = { "keep", "other", NULL };

/* The merge being chosen (one at a time: the menus before the form hold no record). */
static struct {
	struct cl_id first;   /* the chart M was pressed on */
	struct ui_view *from; /* where: a chart, closed when it is the one merged away */
	bool from_chart;
	struct cl_patient_row found[MATCHES_MAX];
	int nfound;
	struct cl_patient a, b; /* first, and the other chart */
	char rows[MATCHES_MAX][300];
	const char *items[MATCHES_MAX];
	struct ui_view *form; /* the merge form, when open */
} pending;

static const struct ui_column match_columns[] = {
	{ "Name", 12, false, 2, 40, false },
	{ "Born", 10, false, 0, 0, true },
	{ "MRN", 10, false, 0, 0, true },
	{ "Status", 8, false, 0, 0, true },
};
static const struct ui_column survivor_columns[] = {
	{ "", 10, false, 0, 0, true },
	{ "MRN", 10, false, 0, 0, true },
	{ "Name", 12, false, 2, 40, false },
	{ "Born", 10, false, 0, 0, true },
};

/* The form's record: for each field that differs, "keep" or "other". */
struct merge_choices {
	const struct cl_field *defs;
	char pick[FIELDS_MAX][8];
};

struct merge_view {
	struct ui_form_view fv; /* first: a struct ui_view * is a struct merge_view * */
	struct cl_patient keep, gone;
	struct cl_field defs[FIELDS_MAX + 1];
	char values[FIELDS_MAX][2][320];
	const char *labels[FIELDS_MAX][2];
	struct merge_choices base, draft;
	char heading[200];
	char question[1400];
	struct cl_patient merged;
};

static int choice_index(const struct merge_choices *c, const char *key)
{
	for (int i = 0; c->defs[i].key; i++)
		if (strcmp(c->defs[i].key, key) == 0)
			return i;
	return -1;
}

static int choices_get(const void *record, const char *key, char *buf, size_t size)
{
	const struct merge_choices *c = record;
	int i = choice_index(c, key);

	if (i < 0)
		return CL_EINVAL;
	snprintf(buf, size, "%s", c->pick[i]);
	return CL_OK;
}

static int choices_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	struct merge_choices *c = record;
	int i = choice_index(c, key);

	if (i < 0 || cl_code_index(keep_other, value) < 0)
		return cl_error_field(err, CL_EINVAL, key, "choose the value to keep");
	snprintf(c->pick[i], sizeof(c->pick[i]), "%s", value);
	return CL_OK;
}

/* The surviving record with the chosen fields taken from the other: into mv->merged. */
static int merged_record(struct merge_view *mv, const struct merge_choices *c, struct cl_error *err)
{
	char value[256];
	int rc;

	mv->merged = mv->keep;
	for (int i = 0; c->defs[i].key; i++) {
		if (strcmp(c->pick[i], "other") != 0)
			continue;
		cl_patient_field_get(&mv->gone, c->defs[i].key, value, sizeof(value));
		if ((rc = cl_patient_field_set(&mv->merged, c->defs[i].key, value, err)))
			return rc;
	}
	return cl_patient_validate(&mv->merged, err);
}

/* After yes: merge, open the surviving chart, close the form (below, when it is one). */
static void merge_confirmed(struct ui_view *below)
{
	struct ui_app *app = below->app;
	struct merge_view *mv = pending.form == below ? (struct merge_view *)below : NULL;
	struct cl_patient keep = mv ? mv->merged : pending.a;
	struct cl_id gone = mv ? mv->gone.id : pending.b.id;
	struct cl_error err = { 0 };
	char gone_mrn[32];

	snprintf(gone_mrn, sizeof(gone_mrn), "%s", mv ? mv->gone.mrn : pending.b.mrn);
	if (cl_patient_merge(ui_app_db(app), &keep, &gone, NULL, NULL, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Not merged: %s", err.message);
		return;
	}
	ui_app_touch(app);
	ui_app_push(app, ui_chart_new(app, &keep.id));
	if (mv) {
		pending.form = NULL;
		ui_app_close(app, below);
	}
	if (pending.from_chart && cl_id_equal(&gone, &pending.first)) {
		ui_app_close(app, pending.from);
		pending.from = NULL;
	}
	ui_app_message(app, UI_ROLE_OK, "Merged %s into %s.", gone_mrn, keep.mrn);
}

/* "Merge MRN-B into MRN-A? This moves 12 contacts, 3 tasks. (y/n) " into buf. */
static int merge_question(struct ui_app *app, const struct cl_patient *keep,
			  const struct cl_patient *gone, char *buf, size_t size)
{
	struct cl_merge_move moves[CL_MERGE_TABLES_MAX];
	struct cl_error err = { 0 };
	char what[1024];
	int n;

	if (cl_merge_preview(ui_app_db(app), &gone->id, moves, &n, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not count the rows: %s", err.message);
		return -1;
	}
	cl_merge_describe(moves, n, what, sizeof(what));
	snprintf(buf, size, "Merge %s into %s? This moves %s. (y/n) ", gone->mrn, keep->mrn, what);
	return 0;
}

/* F10: the chosen record, what moves, and the question. */
static int act_merge(struct ui_view *view)
{
	struct merge_view *mv = (struct merge_view *)view;
	struct cl_error err = { 0 };

	mv->draft = mv->base;
	if (ui_form_apply(&mv->fv.form, &mv->draft))
		return ui_form_view_save(view); /* shows the field's problem */
	if (merged_record(mv, &mv->draft, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not merged: %s", err.message);
		return UI_HANDLED;
	}
	if (merge_question(view->app, &mv->keep, &mv->gone, mv->question, sizeof(mv->question)))
		return UI_HANDLED;
	ui_app_push(view->app, ui_confirm_new(view->app, view, mv->question, merge_confirmed));
	return UI_HANDLED;
}

static int merge_save(struct ui_form_view *fv, void *draft, struct cl_error *err)
{
	(void)fv;
	(void)draft;
	return cl_error_set(err, CL_EINVAL, "press F10 to merge");
}

static int merge_saved(struct ui_form_view *fv, void *draft)
{
	(void)fv;
	(void)draft;
	return UI_HANDLED;
}

static int merge_reload(struct ui_form_view *fv, struct cl_error *err)
{
	(void)fv;
	(void)err;
	return CL_OK;
}

static void merge_free(struct ui_form_view *fv)
{
	if (pending.form == &fv->view)
		pending.form = NULL;
}

static const struct ui_form_view_ops merge_ops = {
	.noun = "merge",
	.save = merge_save,
	.saved = merge_saved,
	.reload = merge_reload,
	.free = merge_free,
};

static const struct ui_binding merge_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true,
	  NULL /* generic */ },
	{ UI_KEY(KEY_F(10)), "F10", "merge", "say what moves and ask, then merge the two charts",
	  true, act_merge },
	{ UI_CTRL('S'), "^S", "merge", "as F10", false, act_merge },
	UI_FORM_VIEW_MOVE_KEYS,
	UI_FORM_VIEW_CANCEL_KEY,
	{ UI_KEY(KEY_LEFT), "Left", "keep", "the surviving chart's value", false, NULL },
	{ UI_KEY(KEY_RIGHT), "Right", "other", "the other chart's value", false, NULL },
	{ ' ', "Space", "switch", "the other value", true, NULL },
	UI_FORM_VIEW_PICK_KEYS,
	{ 0 },
};

/* The form of the fields where keep and gone differ (the MRN is keep's). */
static struct ui_view *merge_form_new(struct ui_app *app, const struct cl_patient *keep,
				      const struct cl_patient *gone, int *nfields)
{
	struct merge_view *mv = calloc(1, sizeof(*mv));
	struct ui_form_ops ops = { .get = choices_get, .set = choices_set };
	int k = 0;

	*nfields = 0;
	if (!mv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	mv->keep = *keep;
	mv->gone = *gone;
	for (const struct cl_field *f = cl_patient_fields; f->key && k < FIELDS_MAX; f++) {
		char a[256], b[256];

		if (strcmp(f->key, "mrn") == 0)
			continue;
		cl_patient_field_get(keep, f->key, a, sizeof(a));
		cl_patient_field_get(gone, f->key, b, sizeof(b));
		if (strcmp(a, b) == 0)
			continue;
		mv->defs[k] = (struct cl_field)CL_FORM_FIELD(f->key, f->label, CL_FIELD_CHOICE, 5,
							     true, keep_other);
		snprintf(mv->values[k][0], sizeof(mv->values[k][0]), "%s", a[0] ? a : "(empty)");
		snprintf(mv->values[k][1], sizeof(mv->values[k][1]), "%s (%s)",
			 b[0] ? b : "(empty)", gone->mrn);
		mv->labels[k][0] = mv->values[k][0];
		mv->labels[k][1] = mv->values[k][1];
		snprintf(mv->base.pick[k], sizeof(mv->base.pick[k]), "keep");
		k++;
	}
	mv->defs[k] = (struct cl_field){ .key = NULL };
	mv->base.defs = mv->defs;
	*nfields = k;
	if (k == 0) {
		free(mv);
		return NULL;
	}
	ui_form_view_setup(&mv->fv, app, "Merge charts", merge_keys, &merge_ops, &mv->base,
			   &mv->draft, sizeof(mv->base));
	snprintf(mv->heading, sizeof(mv->heading), "%s into %s (Space: the other's value)",
		 gone->mrn, keep->mrn);
	mv->fv.heading = mv->heading;
	if (ui_form_view_form(&mv->fv, mv->defs, &ops)) {
		free(mv);
		return NULL;
	}
	for (int i = 0; i < k; i++)
		ui_form_set_choices(&mv->fv.form, mv->defs[i].key, keep_other, mv->labels[i], 2);
	ui_form_load(&mv->fv.form, &mv->base);
	return &mv->fv.view;
}

static void survivor_picked(struct ui_view *below, int index)
{
	struct ui_app *app = below->app;
	const struct cl_patient *keep = index == 0 ? &pending.a : &pending.b;
	const struct cl_patient *gone = index == 0 ? &pending.b : &pending.a;
	static char question[1400];
	struct ui_view *form;
	int nfields;

	form = merge_form_new(app, keep, gone, &nfields);
	if (form) {
		pending.form = form;
		ui_app_push(app, form);
		return;
	}
	if (nfields)
		return; /* out of memory, said */
	/* Nothing differs: straight to the question. */
	if (index != 0) {
		struct cl_patient t = pending.a;

		pending.a = pending.b;
		pending.b = t;
	}
	pending.form = NULL;
	if (merge_question(app, &pending.a, &pending.b, question, sizeof(question)) == 0)
		ui_app_push(app, ui_confirm_new(app, below, question, merge_confirmed));
}

static void other_picked(struct ui_view *below, int index)
{
	struct ui_app *app = below->app;
	struct cl_db *db = ui_app_db(app);
	struct cl_error err = { 0 };
	char name[200];

	if (index < 0 || index >= pending.nfound)
		return;
	if (cl_patient_get(db, &pending.first, &pending.a, &err) ||
	    cl_patient_get(db, &pending.found[index].id, &pending.b, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the charts: %s", err.message);
		return;
	}
	for (int i = 0; i < 2; i++) {
		const struct cl_patient *p = i ? &pending.b : &pending.a;

		ui_format_name(p->family_name, p->given_name, name, sizeof(name));
		snprintf(pending.rows[i], sizeof(pending.rows[i]), "Keep\t%s\t%s\t%s", p->mrn, name,
			 p->birth_date);
		pending.items[i] = pending.rows[i];
	}
	ui_app_push(app,
		    ui_pick_new_columns(app, below, "Which chart survives? (the other is merged)",
					survivor_columns, 4, pending.items, 2, 0, survivor_picked));
}

static void other_asked(struct ui_view *below, const char *text)
{
	struct ui_app *app = below->app;
	struct cl_patient_row rows[MATCHES_MAX + 1];
	struct cl_error err = { 0 };
	char name[200];
	int n;

	if (cl_patient_search(ui_app_db(app), text, false, rows, MATCHES_MAX + 1, &n, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Search failed: %s", err.message);
		return;
	}
	pending.nfound = 0;
	for (int i = 0; i < n && pending.nfound < MATCHES_MAX; i++) {
		const struct cl_patient_row *r = &rows[i];

		if (cl_id_equal(&r->id, &pending.first))
			continue;
		pending.found[pending.nfound] = *r;
		ui_format_name(r->family_name, r->given_name, name, sizeof(name));
		snprintf(pending.rows[pending.nfound], sizeof(pending.rows[0]), "%s\t%s\t%s\t%s",
			 name, r->birth_date, r->mrn, cl_patient_status_code(r->status));
		pending.items[pending.nfound] = pending.rows[pending.nfound];
		pending.nfound++;
	}
	if (!pending.nfound) {
		ui_app_message(app, UI_ROLE_NORMAL, "No other patient matches.");
		return;
	}
	ui_app_push(app, ui_pick_new_columns(app, below, "Merge with which chart?", match_columns,
					     4, pending.items, pending.nfound, 0, other_picked));
}

int ui_merge_start(struct ui_view *from, const struct cl_id *id, bool from_chart)
{
	struct ui_app *app = from->app;
	struct cl_error err = { 0 };
	struct cl_id into;

	if (cl_patient_merged_into(ui_app_db(app), id, &into, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the chart: %s", err.message);
		return UI_HANDLED;
	}
	if (!cl_id_is_nil(&into)) {
		ui_app_message(app, UI_ROLE_NORMAL, "This chart was merged into another already.");
		return UI_HANDLED;
	}
	memset(&pending, 0, sizeof(pending));
	pending.first = *id;
	pending.from = from;
	pending.from_chart = from_chart;
	ui_app_push(app, ui_ask_new(app, from, "Merge with (MRN or name): ", true, other_asked));
	return UI_HANDLED;
}
