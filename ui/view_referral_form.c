#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "form_view.h"
#include "format.h"
#include "keymap.h"
#include "popup.h"
#include "referral.h"
#include "text.h"
#include "views.h"

#define ORGS_MAX     64
#define MANAGERS_MAX 64
#define SERVICES_MAX 64

static const char *const yes_no[] = { "yes", "no", NULL };

/*
 * The form's fields: the core's table, with the partner and the service as choices (filled
 * from the directory and the kind) and the consent as yes/no (the date is recorded).
 * Same keys as cl_referral_fields but "consent", which stands for consent_date.
 */
static const struct cl_field form_fields[] = {
	CL_FORM_FIELD("kind", "Kind", CL_FIELD_CHOICE, 16, true, NULL),
	CL_FORM_FIELD("service", "Domain or specialty", CL_FIELD_CHOICE, 63, true, NULL),
	CL_FORM_FIELD("organization", "Partner", CL_FIELD_CHOICE, 36, true, NULL),
	CL_FORM_FIELD("reason", "Reason", CL_FIELD_TEXT, 511, false, NULL),
	CL_FORM_FIELD("priority", "Priority", CL_FIELD_CHOICE, 16, true, NULL),
	CL_FORM_FIELD("mode", "E-consult or referral", CL_FIELD_CHOICE, 16, true, NULL),
	CL_FORM_FIELD("consent", "Consent to share", CL_FIELD_CHOICE, 3, false, yes_no),
	CL_FORM_FIELD("referred_on", "Referred on", CL_FIELD_DATE, 10, true, NULL),
	CL_FORM_FIELD("due_date", "Loop due", CL_FIELD_DATE, 10, false, NULL),
	CL_FORM_FIELD("care_manager", "Care manager", CL_FIELD_CHOICE, 63, false, NULL),
	{ .key = NULL },
};

struct referral_form_view {
	struct ui_form_view fv; /* first: a struct ui_view * is a struct referral_form_view * */
	struct cl_referral base, draft;
	struct cl_patient patient;
	char today[CL_DATE_LEN];
	bool stale; /* the partner saved with is stale */
	/* what the dynamic choices were computed for */
	char shown_kind[UI_FORM_TEXT], shown_service[UI_FORM_TEXT], shown_priority[UI_FORM_TEXT];
	/* partner choices: cl_org_suggest for the service */
	struct cl_org_row orgs[ORGS_MAX];
	int norgs;
	char org_ids[ORGS_MAX][CL_ID_STRLEN];
	char org_labels[ORGS_MAX][160];
	const char *org_codes[ORGS_MAX], *org_label_ptrs[ORGS_MAX];
	const char *service_labels[SERVICES_MAX];
	struct cl_care_manager managers[MANAGERS_MAX];
	const char *manager_codes[MANAGERS_MAX + 2], *manager_labels[MANAGERS_MAX + 2];
};

static struct referral_form_view *to_form(struct ui_form_view *fv)
{
	return (struct referral_form_view *)fv;
}

static int code_index(const char *const *codes, const char *code)
{
	int i;

	for (i = 0; codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

static struct ui_form_field *field(struct referral_form_view *fv, const char *key)
{
	return ui_form_view_field(&fv->fv, key);
}

static void field_put(struct ui_form_field *f, const char *text)
{
	snprintf(f->text, sizeof(f->text), "%s", text);
	f->cursor = strlen(f->text);
}

static int referral_get(const void *record, const char *key, char *buf, size_t size)
{
	const struct cl_referral *r = record;

	if (strcmp(key, "consent") == 0) {
		snprintf(buf, size, "%s", r->consent_date[0] ? "yes" : "no");
		return 0;
	}
	return cl_referral_field_get(r, key, buf, size);
}

/* Consent "yes" keeps the date it was first recorded, or records today. */
static int referral_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	struct cl_referral *r = record;
	char today[CL_DATE_LEN];

	if (strcmp(key, "consent") != 0)
		return cl_referral_field_set(r, key, value, err);
	if (strcmp(value, "yes") == 0) {
		if (r->consent_date[0])
			return CL_OK;
		cl_date_today(today);
		return cl_referral_field_set(r, "consent_date", today, err);
	}
	if (strcmp(value, "no") == 0 || !value[0])
		return cl_referral_field_set(r, "consent_date", "", err);
	return cl_error_field(err, CL_EINVAL, key, "Consent to share: yes or no");
}

static int referral_check(void *ctx, const char *key, const char *value, struct cl_error *err)
{
	struct referral_form_view *fv = ctx;
	struct cl_referral scratch = fv->base;

	return referral_set(&scratch, key, value, err);
}

/* Partner choices: organizations serving the service, the patient's language first. */
static void load_partners(struct referral_form_view *fv, const char *service)
{
	struct cl_error err = { 0 };
	int i;

	fv->norgs = 0;
	if (service[0] && cl_org_suggest(ui_app_db(fv->fv.view.app), service, fv->patient.language,
					 fv->orgs, ORGS_MAX, &fv->norgs, &err)) {
		ui_app_message(fv->fv.view.app, UI_ROLE_ERROR, "Could not read the directory: %s",
			       err.message);
		fv->norgs = 0;
	}
	for (i = 0; i < fv->norgs; i++) {
		cl_id_str(&fv->orgs[i].id, fv->org_ids[i]);
		snprintf(fv->org_labels[i], sizeof(fv->org_labels[i]), "%s%s%s", fv->orgs[i].name,
			 fv->orgs[i].language_match ? " \xc2\xb7 speaks " : "",
			 fv->orgs[i].language_match ? fv->patient.language : "");
		if (fv->orgs[i].stale) {
			size_t len = strlen(fv->org_labels[i]);

			snprintf(fv->org_labels[i] + len, sizeof(fv->org_labels[i]) - len,
				 " (stale)");
		}
		fv->org_codes[i] = fv->org_ids[i];
		fv->org_label_ptrs[i] = fv->org_labels[i];
	}
	ui_form_set_choices(&fv->fv.form, "organization", fv->org_codes, fv->org_label_ptrs,
			    fv->norgs);
}

static const struct cl_org_row *chosen_partner(struct referral_form_view *fv)
{
	struct ui_form_field *f = field(fv, "organization");
	int i;

	for (i = 0; f && i < fv->norgs; i++)
		if (strcmp(fv->org_ids[i], f->text) == 0)
			return &fv->orgs[i];
	return NULL;
}

/* Offer the stored partner too (retired, or no longer listed for the service). */
static bool keep_partner(struct referral_form_view *fv, const struct cl_id *id)
{
	struct cl_error err = { 0 };
	struct cl_org o;
	int i = fv->norgs;

	if (i >= ORGS_MAX || cl_org_get(ui_app_db(fv->fv.view.app), id, &o, &err))
		return false;
	memset(&fv->orgs[i], 0, sizeof(fv->orgs[i]));
	fv->orgs[i].id = o.id;
	snprintf(fv->orgs[i].name, sizeof(fv->orgs[i].name), "%s", o.name);
	snprintf(fv->orgs[i].phone, sizeof(fv->orgs[i].phone), "%s", o.phone);
	snprintf(fv->orgs[i].languages, sizeof(fv->orgs[i].languages), "%s", o.languages);
	memcpy(fv->orgs[i].last_verified, o.last_verified, sizeof(o.last_verified));
	fv->orgs[i].stale = cl_org_is_stale(ui_app_db(fv->fv.view.app), o.last_verified, fv->today);
	cl_id_str(&o.id, fv->org_ids[i]);
	snprintf(fv->org_labels[i], sizeof(fv->org_labels[i]), "%s (current)", o.name);
	fv->org_codes[i] = fv->org_ids[i];
	fv->org_label_ptrs[i] = fv->org_labels[i];
	fv->norgs++;
	ui_form_set_choices(&fv->fv.form, "organization", fv->org_codes, fv->org_label_ptrs,
			    fv->norgs);
	return true;
}

/* Keep the choices in step with what was typed: kind → services → partners; due date. */
static void choices_sync(struct referral_form_view *fv)
{
	struct ui_form_field *kind = field(fv, "kind"), *service = field(fv, "service");
	struct ui_form_field *org = field(fv, "organization"), *priority = field(fv, "priority");
	struct ui_form_field *due = field(fv, "due_date"), *referred = field(fv, "referred_on");
	const char *const *codes;
	int n;

	if (strcmp(kind->text, fv->shown_kind) != 0) {
		codes = cl_org_service_codes(
			strcmp(kind->text, "specialty") == 0 ? CL_ORG_SPECIALTY : CL_ORG_COMMUNITY);
		for (n = 0; codes[n] && n < SERVICES_MAX; n++)
			fv->service_labels[n] = strcmp(kind->text, "specialty") == 0
							? cl_specialty_name(codes[n])
							: cl_domain_name(codes[n]);
		ui_form_set_choices(&fv->fv.form, "service", codes, fv->service_labels, n);
		if (service->text[0] && code_index(codes, service->text) < 0)
			field_put(service, "");
		snprintf(fv->shown_kind, sizeof(fv->shown_kind), "%s", kind->text);
	}
	if (strcmp(service->text, fv->shown_service) != 0) {
		bool kept = false;
		int i;

		load_partners(fv, service->text);
		for (i = 0; i < fv->norgs; i++)
			kept = kept || strcmp(fv->org_ids[i], org->text) == 0;
		if (!kept && org->text[0] && strcmp(org->text, org->loaded) == 0)
			kept = keep_partner(fv, &fv->base.organization_id);
		if (!kept)
			field_put(org, fv->norgs ? fv->org_ids[0] : "");
		snprintf(fv->shown_service, sizeof(fv->shown_service), "%s", service->text);
	}
	if (strcmp(priority->text, fv->shown_priority) != 0) {
		char old[CL_DATE_LEN] = "", now[CL_DATE_LEN], on[CL_DATE_LEN];
		struct cl_error err = { 0 };

		if (!cl_date_parse(referred->text, on, &err)) {
			cl_referral_default_due(ui_app_db(fv->fv.view.app),
						strcmp(fv->shown_priority, "urgent") == 0
							? CL_PRIORITY_URGENT
							: CL_PRIORITY_ROUTINE,
						on, old);
			cl_referral_default_due(ui_app_db(fv->fv.view.app),
						strcmp(priority->text, "urgent") == 0
							? CL_PRIORITY_URGENT
							: CL_PRIORITY_ROUTINE,
						on, now);
			if (fv->shown_priority[0] && (!due->text[0] || strcmp(due->text, old) == 0))
				field_put(due, now);
		}
		snprintf(fv->shown_priority, sizeof(fv->shown_priority), "%s", priority->text);
	}
}

static void managers_load(struct referral_form_view *fv)
{
	struct cl_error err = { 0 };
	int n = 0, i, k = 0;
	bool current = !fv->base.care_manager[0];

	if (cl_care_manager_list(ui_app_db(fv->fv.view.app), fv->managers, MANAGERS_MAX, &n, &err))
		n = 0;
	fv->manager_codes[k] = "";
	fv->manager_labels[k++] = "(unassigned)";
	for (i = 0; i < n; i++) {
		fv->manager_codes[k] = fv->managers[i].login;
		fv->manager_labels[k++] = fv->managers[i].display_name;
		current = current || strcmp(fv->managers[i].login, fv->base.care_manager) == 0;
	}
	if (!current) {
		fv->manager_codes[k] = fv->base.care_manager;
		fv->manager_labels[k++] = fv->base.care_manager;
	}
	ui_form_set_choices(&fv->fv.form, "care_manager", fv->manager_codes, fv->manager_labels, k);
}

static void referral_sync(struct ui_form_view *fv)
{
	choices_sync(to_form(fv));
}

/* The title and the patient's name, the notice on one line, the partner at the bottom. */
static void referral_draw(struct ui_form_view *v, WINDOW *win, int *y, int *bottom)
{
	struct referral_form_view *fv = to_form(v);
	const struct cl_org_row *partner = chosen_partner(fv);
	char text[600], clean[1200], part[1200];
	int last = getmaxy(win) - 2;

	snprintf(text, sizeof(text), "%s  ", v->view.title);
	ui_format_name(fv->patient.family_name, fv->patient.given_name, text + strlen(text),
		       sizeof(text) - strlen(text));
	cl_text_sanitize(text, clean, sizeof(clean));
	cl_text_fit(clean, getmaxx(win) - 2, 1, part, sizeof(part));
	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, part);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (v->notice[0]) {
		cl_text_sanitize(v->notice, clean, sizeof(clean));
		cl_text_fit(clean, getmaxx(win) - 2, 1, part, sizeof(part));
		wattrset(win, ui_attr(UI_ROLE_ERROR));
		mvwaddstr(win, 1, 1, part);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
	/* the partner chosen, under the form: its phone, languages, and whether it is stale */
	text[0] = '\0';
	if (partner)
		snprintf(text, sizeof(text), "%s \xc2\xb7 %s \xc2\xb7 speaks %s \xc2\xb7 %s%s",
			 partner->name, partner->phone[0] ? partner->phone : "no phone",
			 partner->languages[0] ? partner->languages : "?",
			 partner->stale ? "STALE: verified " : "verified ",
			 partner->last_verified[0] ? partner->last_verified : "never");
	else if (field(fv, "service")->text[0])
		snprintf(text, sizeof(text), "No active partner in the directory offers this.");
	if (text[0]) {
		cl_text_sanitize(text, clean, sizeof(clean));
		cl_text_fit(clean, getmaxx(win) - 4, 1, part, sizeof(part));
		wattrset(win, ui_attr(partner && !partner->stale ? UI_ROLE_DIM : UI_ROLE_ERROR));
		mvwaddstr(win, last, 2, part);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
	*y = 2;
	*bottom = last - 1;
}

static void partner_chosen(struct ui_view *view, int index)
{
	struct referral_form_view *fv = to_form((struct ui_form_view *)view);

	if (index >= 0 && index < fv->norgs)
		field_put(field(fv, "organization"), fv->org_ids[index]);
}

/* The partner menu: the name (cut first when the screen is narrow), the phone kept whole. */
static const struct ui_column partner_columns[] = {
	{ .title = "Partner", .grow = 2 },
	{ .title = "Phone", .keep = true },
	{ .title = "Languages", .grow = 1 },
};

/* Enter on the partner opens the list of suggestions; elsewhere it moves on. */
static int act_enter(struct ui_view *view)
{
	struct referral_form_view *fv = to_form((struct ui_form_view *)view);
	const char *items[ORGS_MAX];
	char labels[ORGS_MAX][256];
	int i, current = 0;

	if (strcmp(fv->fv.form.fields[fv->fv.form.focus].def->key, "organization") != 0)
		return ui_form_view_next(view);
	if (!fv->norgs) {
		ui_app_message(view->app, UI_ROLE_NORMAL,
			       "Choose the domain or specialty first: no partner offers it.");
		return UI_HANDLED;
	}
	for (i = 0; i < fv->norgs; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%s\t%s\t%s", fv->org_labels[i],
			 fv->orgs[i].phone, fv->orgs[i].languages);
		items[i] = labels[i];
		if (strcmp(fv->org_ids[i], field(fv, "organization")->text) == 0)
			current = i;
	}
	ui_app_push(view->app,
		    ui_pick_new_columns(view->app, view, "Partner (language match first)",
					partner_columns, 3, items, fv->norgs, current,
					partner_chosen));
	return UI_HANDLED;
}

static int referral_save(struct ui_form_view *v, void *draft, struct cl_error *err)
{
	struct referral_form_view *fv = to_form(v);
	struct cl_db *db = ui_app_db(v->view.app);
	struct cl_referral *r = draft;
	int rc;

	fv->stale = false;
	rc = cl_referral_validate(db, r, err);
	if (!rc)
		rc = v->adding ? cl_referral_create(db, r, &fv->stale, err)
			       : cl_referral_update(db, r, err);
	if (rc && strcmp(err->field, "consent_date") == 0)
		snprintf(err->field, sizeof(err->field), "consent");
	return rc;
}

static int referral_saved(struct ui_form_view *v, void *draft)
{
	struct referral_form_view *fv = to_form(v);
	const struct cl_org_row *partner = chosen_partner(fv);

	(void)draft;
	if (fv->stale)
		ui_app_message(v->view.app, UI_ROLE_ERROR,
			       "Referral saved. The partner's entry is stale: check it before "
			       "relying on it.");
	else
		ui_app_message(v->view.app, UI_ROLE_OK, "Referral %s%s%s.",
			       v->adding ? "saved" : "updated", partner ? " to " : "",
			       partner ? partner->name : "");
	return UI_POP;
}

static int referral_reload(struct ui_form_view *v, struct cl_error *err)
{
	struct referral_form_view *fv = to_form(v);
	struct cl_referral fresh;
	int rc = cl_referral_get(ui_app_db(v->view.app), &fv->base.id, &fresh, err);

	if (rc)
		return rc;
	fv->base = fresh;
	fv->shown_kind[0] = fv->shown_service[0] = fv->shown_priority[0] = '\0';
	return CL_OK;
}

static const struct ui_form_view_ops referral_ops = {
	.noun = "referral",
	.save = referral_save,
	.saved = referral_saved,
	.reload = referral_reload,
	.sync = referral_sync,
	.draw = referral_draw,
};

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true, NULL },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the referral", true, ui_form_view_save },
	{ UI_CTRL('S'), "^S", "save", "save the referral", false, ui_form_view_save },
	UI_FORM_VIEW_MOVE_KEYS,
	{ '\r', "Enter", "list", "on Partner: choose from the suggested partners; else next field",
	  true, act_enter, UI_ENTER_MORE },
	UI_FORM_VIEW_CANCEL_KEY,
	UI_FORM_VIEW_RELOAD_KEY(false),
	{ ' ', "Space", "choose", "the next choice (in a choice field)", false, NULL },
	{ UI_KEY(KEY_LEFT), "Left", "left", "move left; the previous choice", false, NULL },
	{ UI_KEY(KEY_RIGHT), "Right", "right", "move right; the next choice", false, NULL },
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase before the cursor", false, NULL },
	{ UI_CTRL('U'), "^U", "clear", "clear the field", false, NULL },
	{ 0 },
};

static const char *const kind_choices[] = { "specialty", "community", NULL };
static const char *const priority_choices[] = { "routine", "urgent", NULL };
static const char *const mode_choices[] = { "referral", "e-consult", NULL };

/* The form over base (already loaded or initialised); NULL and a message on failure. */
static struct ui_view *form_open(struct referral_form_view *fv, struct ui_app *app,
				 const char *kind, const char *domain)
{
	struct ui_form_ops ops = {
		.get = referral_get,
		.set = referral_set,
		.check = referral_check,
		.ctx = fv,
	};
	struct cl_error err = { 0 };

	ui_form_view_setup(&fv->fv, app, fv->fv.adding ? "New referral" : "Edit referral",
			   form_keys, &referral_ops, &fv->base, &fv->draft, sizeof(fv->base));
	cl_date_today(fv->today);
	if (cl_patient_get(ui_app_db(app), &fv->base.patient_id, &fv->patient, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the patient: %s", err.message);
		free(fv);
		return NULL;
	}
	if (ui_form_view_form(&fv->fv, form_fields, &ops)) {
		free(fv);
		return NULL;
	}
	ui_form_set_choices(&fv->fv.form, "kind", kind_choices, NULL, 2);
	ui_form_set_choices(&fv->fv.form, "priority", priority_choices, NULL, 2);
	ui_form_set_choices(&fv->fv.form, "mode", mode_choices, NULL, 2);
	managers_load(fv);
	ui_form_load(&fv->fv.form, &fv->base);
	snprintf(fv->shown_priority, sizeof(fv->shown_priority), "%s", field(fv, "priority")->text);
	choices_sync(fv);
	if (fv->fv.adding) {
		/* what the caller pre-filled counts as typed: Esc then asks before leaving */
		if (kind && code_index(kind_choices, kind) >= 0)
			field_put(field(fv, "kind"), kind);
		choices_sync(fv);
		if (domain)
			field_put(field(fv, "service"), domain);
		choices_sync(fv);
		if (domain)
			fv->fv.form.focus = 2; /* the partner: the next thing to choose */
	}
	return &fv->fv.view;
}

struct ui_view *ui_referral_form_new(struct ui_app *app, const struct cl_id *patient,
				     const char *kind, const char *domain)
{
	struct referral_form_view *fv = calloc(1, sizeof(*fv));

	if (!fv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	fv->fv.adding = true;
	cl_referral_init(&fv->base, ui_app_db(app));
	fv->base.patient_id = *patient;
	cl_referral_default_due(ui_app_db(app), fv->base.priority, fv->base.referred_on,
				fv->base.due_date);
	return form_open(fv, app, kind, domain);
}

struct ui_view *ui_referral_form_edit(struct ui_app *app, const struct cl_id *id)
{
	struct referral_form_view *fv = calloc(1, sizeof(*fv));
	struct cl_error err = { 0 };

	if (!fv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	if (cl_referral_get(ui_app_db(app), id, &fv->base, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the referral: %s", err.message);
		free(fv);
		return NULL;
	}
	return form_open(fv, app, NULL, NULL);
}
