#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
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
	{ "kind", "Kind", CL_FIELD_CHOICE, 16, true, NULL },
	{ "service", "Domain or specialty", CL_FIELD_CHOICE, 63, true, NULL },
	{ "organization", "Partner", CL_FIELD_CHOICE, 36, true, NULL },
	{ "reason", "Reason", CL_FIELD_TEXT, 511, false, NULL },
	{ "priority", "Priority", CL_FIELD_CHOICE, 16, true, NULL },
	{ "mode", "E-consult or referral", CL_FIELD_CHOICE, 16, true, NULL },
	{ "consent", "Consent to share", CL_FIELD_CHOICE, 3, false, yes_no },
	{ "referred_on", "Referred on", CL_FIELD_DATE, 10, true, NULL },
	{ "due_date", "Loop due", CL_FIELD_DATE, 10, false, NULL },
	{ "care_manager", "Care manager", CL_FIELD_CHOICE, 63, false, NULL },
	{ NULL, NULL, CL_FIELD_TEXT, 0, false, NULL },
};

struct referral_form_view {
	struct ui_view view; /* first */
	struct ui_form form;
	struct cl_referral base;
	struct cl_patient patient;
	bool adding;
	bool confirming;
	char notice[512];
	char today[CL_DATE_LEN];
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

static struct referral_form_view *to_form(struct ui_view *view)
{
	return (struct referral_form_view *)view;
}

static void form_confirm(struct referral_form_view *fv, bool asking);

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
	int i;

	for (i = 0; i < fv->form.nfields; i++)
		if (strcmp(fv->form.fields[i].def->key, key) == 0)
			return &fv->form.fields[i];
	return NULL;
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
	if (service[0] && cl_org_suggest(ui_app_db(fv->view.app), service, fv->patient.language,
					 fv->orgs, ORGS_MAX, &fv->norgs, &err)) {
		ui_app_message(fv->view.app, UI_ROLE_ERROR, "Could not read the directory: %s",
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
	ui_form_set_choices(&fv->form, "organization", fv->org_codes, fv->org_label_ptrs,
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

	if (i >= ORGS_MAX || cl_org_get(ui_app_db(fv->view.app), id, &o, &err))
		return false;
	memset(&fv->orgs[i], 0, sizeof(fv->orgs[i]));
	fv->orgs[i].id = o.id;
	snprintf(fv->orgs[i].name, sizeof(fv->orgs[i].name), "%s", o.name);
	snprintf(fv->orgs[i].phone, sizeof(fv->orgs[i].phone), "%s", o.phone);
	snprintf(fv->orgs[i].languages, sizeof(fv->orgs[i].languages), "%s", o.languages);
	memcpy(fv->orgs[i].last_verified, o.last_verified, sizeof(o.last_verified));
	fv->orgs[i].stale = cl_org_is_stale(ui_app_db(fv->view.app), o.last_verified, fv->today);
	cl_id_str(&o.id, fv->org_ids[i]);
	snprintf(fv->org_labels[i], sizeof(fv->org_labels[i]), "%s (current)", o.name);
	fv->org_codes[i] = fv->org_ids[i];
	fv->org_label_ptrs[i] = fv->org_labels[i];
	fv->norgs++;
	ui_form_set_choices(&fv->form, "organization", fv->org_codes, fv->org_label_ptrs,
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
		ui_form_set_choices(&fv->form, "service", codes, fv->service_labels, n);
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
			cl_referral_default_due(ui_app_db(fv->view.app),
						strcmp(fv->shown_priority, "urgent") == 0
							? CL_PRIORITY_URGENT
							: CL_PRIORITY_ROUTINE,
						on, old);
			cl_referral_default_due(ui_app_db(fv->view.app),
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

	if (cl_care_manager_list(ui_app_db(fv->view.app), fv->managers, MANAGERS_MAX, &n, &err))
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
	ui_form_set_choices(&fv->form, "care_manager", fv->manager_codes, fv->manager_labels, k);
}

static void form_draw(struct ui_view *view, WINDOW *win)
{
	struct referral_form_view *fv = to_form(view);
	const struct cl_org_row *partner = chosen_partner(fv);
	char text[600], clean[1200], part[1200];
	int y = 2, cy, cx, bottom = getmaxy(win) - 2;

	snprintf(text, sizeof(text), "%s  ", view->title);
	ui_format_name(fv->patient.family_name, fv->patient.given_name, text + strlen(text),
		       sizeof(text) - strlen(text));
	cl_text_sanitize(text, clean, sizeof(clean));
	cl_text_fit(clean, getmaxx(win) - 2, 1, part, sizeof(part));
	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, part);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (fv->notice[0]) {
		cl_text_sanitize(fv->notice, clean, sizeof(clean));
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
		mvwaddstr(win, bottom, 2, part);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
	ui_form_draw(&fv->form, win, y, bottom - y - 1, &cy, &cx);
	if (fv->confirming)
		ui_app_prompt(view->app, "Discard changes? (y/n) ", "", 0);
	else if (cy >= 0)
		ui_app_cursor(view->app, win, cy, cx);
}

/* ---- actions ---- */

static int act_next(struct ui_view *view)
{
	ui_form_focus_move(&to_form(view)->form, 1);
	choices_sync(to_form(view));
	return UI_HANDLED;
}

static int act_prev(struct ui_view *view)
{
	ui_form_focus_move(&to_form(view)->form, -1);
	choices_sync(to_form(view));
	return UI_HANDLED;
}

static void partner_chosen(struct ui_view *view, int index)
{
	struct referral_form_view *fv = to_form(view);

	if (index >= 0 && index < fv->norgs)
		field_put(field(fv, "organization"), fv->org_ids[index]);
}

/* Enter on the partner opens the list of suggestions; elsewhere it moves on. */
static int act_enter(struct ui_view *view)
{
	struct referral_form_view *fv = to_form(view);
	const char *items[ORGS_MAX];
	char labels[ORGS_MAX][200];
	int i, current = 0;

	if (strcmp(fv->form.fields[fv->form.focus].def->key, "organization") != 0)
		return act_next(view);
	if (!fv->norgs) {
		ui_app_message(view->app, UI_ROLE_NORMAL,
			       "Choose the domain or specialty first: no partner offers it.");
		return UI_HANDLED;
	}
	for (i = 0; i < fv->norgs; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%-30.30s %-12.12s %s", fv->org_labels[i],
			 fv->orgs[i].phone, fv->orgs[i].languages);
		items[i] = labels[i];
		if (strcmp(fv->org_ids[i], field(fv, "organization")->text) == 0)
			current = i;
	}
	ui_app_push(view->app, ui_pick_new(view->app, view, "Partner (language match first)", items,
					   fv->norgs, current, partner_chosen));
	return UI_HANDLED;
}

static int act_save(struct ui_view *view)
{
	struct referral_form_view *fv = to_form(view);
	struct cl_db *db = ui_app_db(view->app);
	struct cl_referral r = fv->base;
	struct cl_error err = { 0 };
	const struct cl_org_row *partner;
	const char *error, *key;
	bool stale = false;
	int rc;

	choices_sync(fv);
	fv->notice[0] = '\0';
	if (ui_form_apply(&fv->form, &r)) {
		error = ui_form_focus_error(&fv->form);
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s",
			       error ? error : "check the fields marked.");
		return UI_HANDLED;
	}
	rc = cl_referral_validate(db, &r, &err);
	if (!rc)
		rc = fv->adding ? cl_referral_create(db, &r, &stale, &err)
				: cl_referral_update(db, &r, &err);
	if (rc == CL_ECONFLICT) {
		snprintf(fv->notice, sizeof(fv->notice),
			 "Not saved: %s. Your input is kept \xe2\x80\x94 Ctrl-R reloads the saved "
			 "version.",
			 err.message);
		ui_app_message(view->app, UI_ROLE_ERROR, "%s", fv->notice);
		return UI_HANDLED;
	}
	if (rc) {
		key = strcmp(err.field, "consent_date") == 0 ? "consent" : err.field;
		if (key[0])
			ui_form_set_error(&fv->form, key, err.message);
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	partner = chosen_partner(fv);
	if (stale)
		ui_app_message(view->app, UI_ROLE_ERROR,
			       "Referral saved. The partner's entry is stale: check it before "
			       "relying on it.");
	else
		ui_app_message(view->app, UI_ROLE_OK, "Referral %s%s%s.",
			       fv->adding ? "saved" : "updated", partner ? " to " : "",
			       partner ? partner->name : "");
	return UI_POP;
}

static int act_cancel(struct ui_view *view)
{
	struct referral_form_view *fv = to_form(view);

	if (!ui_form_changed(&fv->form))
		return UI_POP;
	form_confirm(fv, true);
	return UI_HANDLED;
}

static int act_reload(struct ui_view *view)
{
	struct referral_form_view *fv = to_form(view);
	struct cl_error err = { 0 };
	struct cl_referral fresh;

	if (fv->adding) {
		ui_app_message(view->app, UI_ROLE_NORMAL,
			       "Nothing to reload: the referral is new.");
		return UI_HANDLED;
	}
	if (cl_referral_get(ui_app_db(view->app), &fv->base.id, &fresh, &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not reload: %s", err.message);
		return UI_HANDLED;
	}
	fv->base = fresh;
	fv->notice[0] = '\0';
	fv->shown_kind[0] = fv->shown_service[0] = fv->shown_priority[0] = '\0';
	ui_form_load(&fv->form, &fv->base);
	choices_sync(fv);
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
	struct referral_form_view *fv = to_form(view);

	if (fv->confirming) {
		const struct ui_binding *b;

		for (b = view->keys; b->key; b++)
			if (b->key == key)
				return UI_UNHANDLED;
		return UI_HANDLED;
	}
	if (!ui_form_key(&fv->form, key))
		return UI_UNHANDLED;
	choices_sync(fv);
	return UI_HANDLED;
}

static void form_free(struct ui_view *view)
{
	ui_form_free(&to_form(view)->form);
	free(view);
}

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", true, NULL },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the referral", true, act_save },
	{ UI_CTRL('S'), "^S", "save", "save the referral", false, act_save },
	{ '\t', "Tab", "next", "next field", true, act_next },
	{ UI_KEY(KEY_DOWN), "Down", "next", "next field", false, act_next },
	{ UI_KEY(KEY_BTAB), "Shift-Tab", "previous", "previous field", false, act_prev },
	{ UI_KEY(KEY_UP), "Up", "previous", "previous field", false, act_prev },
	{ '\r', "Enter", "list", "on Partner: choose from the suggested partners; else next field",
	  true, act_enter },
	{ '\n', "Enter", "list", "on Partner: choose from the suggested partners; else next field",
	  false, act_enter },
	{ UI_KEY(KEY_ENTER), "Enter", "list",
	  "on Partner: choose from the suggested partners; else next field", false, act_enter },
	{ UI_ESC, "Esc", "cancel", "leave the form (asks first when something changed)", true,
	  act_cancel },
	{ UI_CTRL('R'), "^R", "reload", "reload the saved version (your input is dropped)", false,
	  act_reload },
	{ ' ', "Space", "choose", "the next choice (in a choice field)", false, NULL },
	{ UI_KEY(KEY_LEFT), "Left", "left", "move left; the previous choice", false, NULL },
	{ UI_KEY(KEY_RIGHT), "Right", "right", "move right; the next choice", false, NULL },
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

static void form_confirm(struct referral_form_view *fv, bool asking)
{
	fv->confirming = asking;
	fv->view.keys = asking ? confirm_keys : form_keys;
}

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

	fv->view = (struct ui_view){
		.title = fv->adding ? "New referral" : "Edit referral",
		.keys = form_keys,
		.types_text = true,
		.draw = form_draw,
		.key = form_key,
		.free = form_free,
		.app = app,
	};
	cl_date_today(fv->today);
	if (cl_patient_get(ui_app_db(app), &fv->base.patient_id, &fv->patient, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the patient: %s", err.message);
		free(fv);
		return NULL;
	}
	if (ui_form_init(&fv->form, form_fields, &ops)) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		free(fv);
		return NULL;
	}
	ui_form_set_choices(&fv->form, "kind", kind_choices, NULL, 2);
	ui_form_set_choices(&fv->form, "priority", priority_choices, NULL, 2);
	ui_form_set_choices(&fv->form, "mode", mode_choices, NULL, 2);
	managers_load(fv);
	ui_form_load(&fv->form, &fv->base);
	snprintf(fv->shown_priority, sizeof(fv->shown_priority), "%s", field(fv, "priority")->text);
	choices_sync(fv);
	if (fv->adding) {
		/* what the caller pre-filled counts as typed: Esc then asks before leaving */
		if (kind && code_index(kind_choices, kind) >= 0)
			field_put(field(fv, "kind"), kind);
		choices_sync(fv);
		if (domain)
			field_put(field(fv, "service"), domain);
		choices_sync(fv);
		if (domain)
			fv->form.focus = 2; /* the partner: the next thing to choose */
	}
	return &fv->view;
}

struct ui_view *ui_referral_form_new(struct ui_app *app, const struct cl_id *patient,
				     const char *kind, const char *domain)
{
	struct referral_form_view *fv = calloc(1, sizeof(*fv));

	if (!fv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	fv->adding = true;
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
