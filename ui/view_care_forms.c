#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "careplan.h"
#include "contact.h"
#include "form.h"
#include "format.h"
#include "keymap.h"
#include "text.h"
#include "views.h"

/*
 * The care plan's forms: a goal, a task, a contact. One view over the core's field tables
 * (cl_goal_fields, cl_task_fields, cl_contact_fields) plus one field of the form's own:
 * the task's goal, or the task a contact completes. Save with F10 or ^S; Esc asks before
 * dropping typed input; a conflict keeps the input (^R reloads the saved version).
 */

#define MANAGERS_MAX 256
#define LINKS_MAX    64 /* goals a task may belong to, open tasks a contact may complete */
#define FIELDS_MAX   12
#define DOMAINS_MAX  16

enum care_kind { CARE_GOAL, CARE_TASK, CARE_CONTACT };

/* What the form edits: the record and the text of its extra field (an id, or ""). */
struct care_record {
	enum care_kind kind;
	union {
		struct cl_goal goal;
		struct cl_task task;
		struct cl_contact contact;
	} u;
	char link[CL_ID_STRLEN];
};

struct care_form {
	struct ui_view view; /* first: a struct ui_view * is a struct care_form * */
	struct ui_form form;
	struct cl_field fields[FIELDS_MAX];
	struct care_record base; /* as loaded (edit) or the new record's defaults (add) */
	bool adding;
	bool confirming;
	char notice[512];
	char heading[256];
	char title[64];
	/* the extra field's choices: "" (none) and up to LINKS_MAX ids */
	char link_ids[LINKS_MAX][CL_ID_STRLEN];
	char link_names[LINKS_MAX][96];
	long long link_versions[LINKS_MAX];
	const char *link_codes[LINKS_MAX + 1], *link_labels[LINKS_MAX + 1];
	int nlinks;
	bool links_offered; /* contact: the tasks are offered (the outcome is reached) */
	/* the assignee's choices (tasks) */
	struct cl_care_manager *managers;
	const char *codes[MANAGERS_MAX + 2], *labels[MANAGERS_MAX + 2];
	const char *domain_codes[DOMAINS_MAX]; /* the goal's social need: "" and the codes */
};

static struct care_form *to_care(struct ui_view *view)
{
	return (struct care_form *)view;
}

static const char *const goal_domain_labels[] = {
	"(none)",    "food",   "housing instability", "inadequate housing", "transportation",
	"utilities", "safety", "financial strain",    "social connection",  NULL,
};

/* The extra field of each kind (NULL: none) and where it goes in the form. */
static const struct cl_field goal_link_field = { "goal", "Part of goal", CL_FIELD_CHOICE,
						 36,	 false,		 NULL };
static const struct cl_field task_link_field = { "task",	  "Completes task",
						 CL_FIELD_CHOICE, 36,
						 false,		  NULL };

static int record_get(const void *record, const char *key, char *buf, size_t size)
{
	const struct care_record *r = record;

	if (strcmp(key, "goal") == 0 || strcmp(key, "task") == 0) {
		snprintf(buf, size, "%s", r->link);
		return CL_OK;
	}
	switch (r->kind) {
	case CARE_GOAL:
		return cl_goal_field_get(&r->u.goal, key, buf, size);
	case CARE_TASK:
		return cl_task_field_get(&r->u.task, key, buf, size);
	default:
		return cl_contact_field_get(&r->u.contact, key, buf, size);
	}
}

static int record_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	struct care_record *r = record;
	struct cl_id id;

	if (strcmp(key, "goal") == 0 || strcmp(key, "task") == 0) {
		if (!value[0])
			memset(&id, 0, sizeof(id));
		else if (cl_id_parse(value, &id))
			return cl_error_field(err, CL_EINVAL, key, "choose one from the list");
		snprintf(r->link, sizeof(r->link), "%s", value);
		if (r->kind == CARE_TASK)
			r->u.task.goal_id = id;
		return CL_OK;
	}
	switch (r->kind) {
	case CARE_GOAL:
		return cl_goal_field_set(&r->u.goal, key, value, err);
	case CARE_TASK:
		return cl_task_field_set(&r->u.task, key, value, err);
	default:
		return cl_contact_field_set(&r->u.contact, key, value, err);
	}
}

static int record_check(void *ctx, const char *key, const char *value, struct cl_error *err)
{
	struct care_form *cf = ctx;
	struct care_record scratch = cf->base;

	return record_set(&scratch, key, value, err);
}

/* The form's fields: the core's table, then the extra field. */
static void fields_build(struct care_form *cf, const struct cl_field *core,
			 const struct cl_field *extra)
{
	int n = 0;

	for (; core[n].key && n < FIELDS_MAX - 2; n++)
		cf->fields[n] = core[n];
	if (extra)
		cf->fields[n++] = *extra;
	cf->fields[n] = (struct cl_field){ .key = NULL };
}

/* Offer the links (goals or tasks) as choices; a contact offers them only when reached. */
static void links_offer(struct care_form *cf, bool offer)
{
	const char *key = cf->base.kind == CARE_TASK ? "goal" : "task";

	cf->links_offered = offer;
	ui_form_set_choices(&cf->form, key, cf->link_codes, cf->link_labels,
			    offer ? cf->nlinks + 1 : 1);
}

/* The field with key, or NULL. */
static struct ui_form_field *form_field(struct care_form *cf, const char *key)
{
	int i;

	for (i = 0; i < cf->form.nfields; i++)
		if (strcmp(cf->form.fields[i].def->key, key) == 0)
			return &cf->form.fields[i];
	return NULL;
}

/* A contact completes a task only when it reached the patient: follow the outcome field. */
static void contact_follow_outcome(struct care_form *cf)
{
	struct ui_form_field *outcome = form_field(cf, "outcome");
	struct ui_form_field *task = form_field(cf, "task");
	bool reached;

	if (cf->base.kind != CARE_CONTACT || !outcome || !task)
		return;
	reached = strcmp(outcome->text, cl_contact_outcome_code(CL_CONTACT_REACHED)) == 0;
	if (reached == cf->links_offered)
		return;
	if (!reached) {
		task->text[0] = '\0';
		task->cursor = 0;
	}
	links_offer(cf, reached);
}

static void links_init(struct care_form *cf)
{
	int i;

	cf->link_codes[0] = "";
	cf->link_labels[0] = "(none)";
	for (i = 0; i < cf->nlinks; i++) {
		cf->link_codes[i + 1] = cf->link_ids[i];
		cf->link_labels[i + 1] = cf->link_names[i];
	}
}

/* The goals a task may belong to: the patient's open goals (and the task's own). */
static int links_goals(struct care_form *cf, struct cl_db *db, struct cl_error *err)
{
	struct cl_goal *goals = calloc(LINKS_MAX, sizeof(*goals));
	int n = 0, i, rc;

	if (!goals)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	rc = cl_goal_list(db, &cf->base.u.task.patient_id, true, goals, LINKS_MAX, &n, err);
	for (i = 0; !rc && i < n; i++) {
		bool own = cl_id_equal(&goals[i].id, &cf->base.u.task.goal_id);

		if (!own &&
		    (goals[i].status == CL_GOAL_ACHIEVED || goals[i].status == CL_GOAL_CANCELLED))
			continue;
		cl_id_str(&goals[i].id, cf->link_ids[cf->nlinks]);
		snprintf(cf->link_names[cf->nlinks], sizeof(cf->link_names[0]), "%s",
			 goals[i].description);
		cf->nlinks++;
	}
	free(goals);
	return rc;
}

/* The tasks a contact may complete: the patient's open tasks, soonest due first. */
static int links_tasks(struct care_form *cf, struct cl_db *db, struct cl_error *err)
{
	struct cl_task *tasks = calloc(LINKS_MAX, sizeof(*tasks));
	int n = 0, i, rc;

	if (!tasks)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	rc = cl_task_list(db, &cf->base.u.contact.patient_id, false, tasks, LINKS_MAX, &n, err);
	for (i = 0; !rc && i < n; i++) {
		cl_id_str(&tasks[i].id, cf->link_ids[cf->nlinks]);
		snprintf(cf->link_names[cf->nlinks], sizeof(cf->link_names[0]), "%s (due %s)",
			 tasks[i].title, tasks[i].due_date);
		cf->link_versions[cf->nlinks] = tasks[i].version;
		cf->nlinks++;
	}
	free(tasks);
	return rc;
}

/* The task's assignee offers the active care managers (and whoever is assigned now). */
static void form_managers(struct care_form *cf)
{
	const struct cl_task *t = &cf->base.u.task;
	struct cl_error err = { 0 };
	int n = 0, i, k = 0;
	bool current = !t->assignee[0];

	cf->managers = calloc(MANAGERS_MAX, sizeof(*cf->managers));
	if (!cf->managers ||
	    cl_care_manager_list(ui_app_db(cf->view.app), cf->managers, MANAGERS_MAX, &n, &err))
		n = 0;
	cf->codes[k] = "";
	cf->labels[k++] = "(unassigned)";
	for (i = 0; i < n; i++) {
		cf->codes[k] = cf->managers[i].login;
		cf->labels[k++] = cf->managers[i].display_name;
		if (strcmp(cf->managers[i].login, t->assignee) == 0)
			current = true;
	}
	if (!current) {
		cf->codes[k] = t->assignee;
		cf->labels[k++] = t->assignee_name[0] ? t->assignee_name : t->assignee;
	}
	ui_form_set_choices(&cf->form, "assignee", cf->codes, cf->labels, k);
}

static void form_draw(struct ui_view *view, WINDOW *win)
{
	struct care_form *cf = to_care(view);
	int y = 2, cy, cx;

	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, view->title);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	if (cf->heading[0]) {
		char clean[300], fitted[300];

		cl_text_sanitize(cf->heading, clean, sizeof(clean));
		cl_text_fit(clean, getmaxx(win) - (int)strlen(view->title) - 5, 1, fitted,
			    sizeof(fitted));
		mvwaddstr(win, 0, (int)strlen(view->title) + 3, fitted);
	}
	if (cf->notice[0]) {
		char clean[600], part[600];
		const char *rest = clean;
		size_t n;

		cl_text_sanitize(cf->notice, clean, sizeof(clean));
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
	ui_form_draw(&cf->form, win, y, getmaxy(win) - y, &cy, &cx);
	if (cf->confirming)
		ui_app_prompt(view->app, "Discard changes? (y/n) ", "", 0);
	else if (cy >= 0)
		ui_app_cursor(view->app, win, cy, cx);
}

/* ---- actions ---- */

static int act_next(struct ui_view *view)
{
	ui_form_focus_move(&to_care(view)->form, 1);
	return UI_HANDLED;
}

static int act_prev(struct ui_view *view)
{
	ui_form_focus_move(&to_care(view)->form, -1);
	return UI_HANDLED;
}

static void show_field_error(struct care_form *cf)
{
	const char *error = ui_form_focus_error(&cf->form);

	ui_app_message(cf->view.app, UI_ROLE_ERROR, "Not saved: %s",
		       error ? error : "check the fields marked.");
}

/* Save r; a contact completes the chosen task (at the version listed) in the same save. */
static int record_save(struct care_form *cf, struct care_record *r, struct cl_error *err)
{
	struct cl_db *db = ui_app_db(cf->view.app);
	struct cl_id task;
	int rc, i;

	switch (r->kind) {
	case CARE_GOAL:
		if ((rc = cl_goal_validate(&r->u.goal, err)))
			return rc;
		return cf->adding ? cl_goal_create(db, &r->u.goal, err)
				  : cl_goal_update(db, &r->u.goal, err);
	case CARE_TASK:
		if ((rc = cl_task_validate(&r->u.task, err)))
			return rc;
		return cf->adding ? cl_task_create(db, &r->u.task, err)
				  : cl_task_update(db, &r->u.task, err);
	default:
		if ((rc = cl_contact_validate(&r->u.contact, err)))
			return rc;
		if (!r->link[0])
			return cl_contact_log(db, &r->u.contact, NULL, 0, err);
		for (i = 0; i < cf->nlinks; i++)
			if (strcmp(cf->link_ids[i], r->link) == 0)
				break;
		if (i == cf->nlinks || cl_id_parse(r->link, &task))
			return cl_error_field(err, CL_EINVAL, "task",
					      "choose one of the open tasks");
		return cl_contact_log(db, &r->u.contact, &task, cf->link_versions[i], err);
	}
}

static int act_save(struct ui_view *view)
{
	struct care_form *cf = to_care(view);
	struct care_record r = cf->base;
	struct cl_error err = { 0 };
	int rc;

	cf->notice[0] = '\0';
	if (ui_form_apply(&cf->form, &r)) {
		show_field_error(cf);
		return UI_HANDLED;
	}
	rc = record_save(cf, &r, &err);
	if (rc == CL_ECONFLICT) {
		snprintf(cf->notice, sizeof(cf->notice),
			 "Not saved: %s. Your input is kept \xe2\x80\x94 Ctrl-R reloads the saved "
			 "version.",
			 err.message);
		ui_app_message(view->app, UI_ROLE_ERROR, "%s", cf->notice);
		return UI_HANDLED;
	}
	if (rc && err.field[0] && ui_form_set_error(&cf->form, err.field, err.message)) {
		show_field_error(cf);
		return UI_HANDLED;
	}
	if (rc) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	if (r.kind == CARE_CONTACT && r.link[0])
		ui_app_message(view->app, UI_ROLE_OK, "Contact logged; the task is done.");
	else
		ui_app_message(view->app, UI_ROLE_OK, "%s",
			       r.kind == CARE_CONTACT ? "Contact logged." : "Saved.");
	return UI_POP;
}

static int act_cancel(struct ui_view *view)
{
	struct care_form *cf = to_care(view);

	if (!ui_form_changed(&cf->form))
		return UI_POP;
	cf->confirming = true;
	return UI_HANDLED;
}

/* Load the saved version of the record (edit) into base; 0 or a CL_E* code. */
static int record_load(struct care_form *cf, const struct cl_id *id, struct cl_error *err)
{
	struct cl_db *db = ui_app_db(cf->view.app);
	struct care_record *r = &cf->base;
	int rc;

	if (r->kind == CARE_GOAL)
		return cl_goal_get(db, id, &r->u.goal, err);
	rc = cl_task_get(db, id, &r->u.task, err);
	if (!rc && !cl_id_is_nil(&r->u.task.goal_id))
		cl_id_str(&r->u.task.goal_id, r->link);
	return rc;
}

static int act_reload(struct ui_view *view)
{
	struct care_form *cf = to_care(view);
	struct care_record saved = cf->base;
	struct cl_error err = { 0 };
	struct cl_id id;

	if (cf->adding) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "Nothing to reload: the record is new.");
		return UI_HANDLED;
	}
	id = cf->base.kind == CARE_GOAL ? cf->base.u.goal.id : cf->base.u.task.id;
	if (record_load(cf, &id, &err)) {
		cf->base = saved;
		ui_app_message(view->app, UI_ROLE_ERROR, "Could not reload: %s", err.message);
		return UI_HANDLED;
	}
	cf->notice[0] = '\0';
	ui_form_load(&cf->form, &cf->base);
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
	to_care(view)->confirming = false;
	ui_app_prompt_end(view->app);
	return UI_HANDLED;
}

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(10)), "F10", "save", "save", true, act_save },
	{ UI_CTRL('S'), "^S", "save", "save", false, act_save },
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

/* Text goes to the focused field; while asking to discard, only the answers count. */
static int form_key(struct ui_view *view, int key)
{
	struct care_form *cf = to_care(view);
	const struct ui_binding *b;
	bool used;

	if (cf->confirming) {
		for (b = confirm_keys; b->key; b++)
			if (b->key == key)
				return b->run(view);
		return UI_HANDLED; /* anything else waits for y or n */
	}
	used = ui_form_key(&cf->form, key);
	contact_follow_outcome(cf);
	return used ? UI_HANDLED : UI_UNHANDLED;
}

static void form_free(struct ui_view *view)
{
	struct care_form *cf = to_care(view);

	ui_form_free(&cf->form);
	free(cf->managers);
	free(cf);
}

/* A form of kind for patient; the caller fills base, then form_start sets up the fields. */
static struct care_form *form_new(struct ui_app *app, enum care_kind kind, const char *title)
{
	struct care_form *cf = calloc(1, sizeof(*cf));

	if (!cf) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	snprintf(cf->title, sizeof(cf->title), "%s", title);
	cf->view = (struct ui_view){
		.title = cf->title,
		.keys = form_keys,
		.types_text = true,
		.draw = form_draw,
		.key = form_key,
		.free = form_free,
		.app = app,
	};
	cf->base.kind = kind;
	return cf;
}

/* The heading: the patient's name. */
static void form_heading(struct care_form *cf, const struct cl_id *patient)
{
	struct cl_error err = { 0 };
	struct cl_patient p;

	if (!cl_patient_get(ui_app_db(cf->view.app), patient, &p, &err))
		ui_format_name(p.family_name, p.given_name, cf->heading, sizeof(cf->heading));
}

/* Set up the form's fields over base; on failure frees cf and returns NULL. */
static struct ui_view *form_start(struct care_form *cf, const struct cl_field *core,
				  const struct cl_field *extra)
{
	struct ui_form_ops ops = {
		.get = record_get,
		.set = record_set,
		.check = record_check,
		.ctx = cf,
	};

	fields_build(cf, core, extra);
	if (ui_form_init(&cf->form, cf->fields, &ops)) {
		ui_app_message(cf->view.app, UI_ROLE_ERROR, "Out of memory.");
		free(cf);
		return NULL;
	}
	links_init(cf);
	return &cf->view;
}

struct ui_view *ui_goal_form_new(struct ui_app *app, const struct cl_id *patient,
				 const struct cl_id *goal)
{
	struct care_form *cf = form_new(app, CARE_GOAL, goal ? "Edit goal" : "Add goal");
	struct cl_error err = { 0 };
	struct ui_view *view;
	int n;

	if (!cf)
		return NULL;
	cf->adding = !goal;
	if (goal && record_load(cf, goal, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the goal: %s", err.message);
		free(cf);
		return NULL;
	}
	if (!goal)
		cl_goal_init(&cf->base.u.goal, patient);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_goal_fields, NULL)))
		return NULL;
	/* The social need: "(none)" first, then the Gravity codes with plain names. */
	cf->domain_codes[0] = "";
	for (n = 0; cl_hrsn_domain_codes[n] && n < DOMAINS_MAX - 2; n++)
		cf->domain_codes[n + 1] = cl_hrsn_domain_codes[n];
	cf->domain_codes[n + 1] = NULL;
	ui_form_set_choices(&cf->form, "domain", cf->domain_codes,
			    n == 8 ? goal_domain_labels : NULL, n + 1);
	ui_form_load(&cf->form, &cf->base);
	return view;
}

struct ui_view *ui_task_form_new(struct ui_app *app, const struct cl_id *patient,
				 const struct cl_id *task, const struct cl_id *goal)
{
	struct care_form *cf = form_new(app, CARE_TASK, task ? "Edit task" : "Add task");
	struct cl_error err = { 0 };
	struct ui_view *view;

	if (!cf)
		return NULL;
	cf->adding = !task;
	if (task && record_load(cf, task, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the task: %s", err.message);
		free(cf);
		return NULL;
	}
	if (task && cf->base.u.task.status != CL_TASK_OPEN) {
		ui_app_message(app, UI_ROLE_NORMAL, "That task is %s: nothing to edit.",
			       cl_task_status_code(cf->base.u.task.status));
		free(cf);
		return NULL;
	}
	if (!task) {
		cl_task_init(&cf->base.u.task, ui_app_db(app), patient);
		if (goal && !cl_id_is_nil(goal)) {
			cf->base.u.task.goal_id = *goal;
			cl_id_str(goal, cf->base.link);
		}
	}
	if (links_goals(cf, ui_app_db(app), &err))
		ui_app_message(app, UI_ROLE_ERROR, "Could not read the goals: %s", err.message);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_task_fields, &goal_link_field)))
		return NULL;
	form_managers(cf);
	links_offer(cf, true);
	ui_form_load(&cf->form, &cf->base);
	return view;
}

struct ui_view *ui_contact_form_new(struct ui_app *app, const struct cl_id *patient,
				    const struct cl_id *task)
{
	struct care_form *cf = form_new(app, CARE_CONTACT, "Log contact");
	struct cl_error err = { 0 };
	struct ui_view *view;

	if (!cf)
		return NULL;
	cf->adding = true;
	cl_contact_init(&cf->base.u.contact, patient);
	if (links_tasks(cf, ui_app_db(app), &err))
		ui_app_message(app, UI_ROLE_ERROR, "Could not read the tasks: %s", err.message);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_contact_fields, &task_link_field)))
		return NULL;
	links_offer(cf, cf->base.u.contact.outcome == CL_CONTACT_REACHED);
	/* Opened from a task: that task is the one it completes (when it is still open). */
	if (task && cf->links_offered) {
		char id[CL_ID_STRLEN];
		int i;

		cl_id_str(task, id);
		for (i = 0; i < cf->nlinks; i++)
			if (strcmp(cf->link_ids[i], id) == 0)
				snprintf(cf->base.link, sizeof(cf->base.link), "%s", id);
	}
	ui_form_load(&cf->form, &cf->base);
	return view;
}
