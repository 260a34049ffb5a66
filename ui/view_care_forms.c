#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "behavioral.h"
#include "careplan.h"
#include "chronic.h"
#include "contact.h"
#include "domain.h"
#include "form.h"
#include "form_view.h"
#include "format.h"
#include "keymap.h"
#include "risk.h"
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

enum care_kind {
	CARE_GOAL,
	CARE_TASK,
	CARE_CONTACT,
	CARE_EVENT,
	CARE_ENROLLMENT,
	CARE_CONDITION,
	CARE_RESULT
};

/* What the form edits: the record and the text of its extra field (an id, or ""). */
struct care_record {
	enum care_kind kind;
	union {
		struct cl_goal goal;
		struct cl_task task;
		struct cl_contact contact;
		struct cl_clinical_event event;
		struct cl_bh_enrollment enrollment;
		struct cl_condition condition;
		struct cl_result_entry result;
	} u;
	char link[CL_ID_STRLEN];
};

struct care_form {
	struct ui_form_view fv; /* first: a struct ui_view * is a struct care_form * */
	struct cl_field fields[FIELDS_MAX];
	struct care_record base, draft; /* base: as loaded (edit) or the new record's defaults */
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
	const char *domain_codes[DOMAINS_MAX];	      /* the goal's social need: "" and the codes */
	const char *domain_labels[DOMAINS_MAX];	      /* "(none)" and their labels (domain.h) */
	const char *kind_codes[16], *kind_labels[16]; /* a condition's kinds (chronic.h) */
};

static struct care_form *to_care(struct ui_form_view *fv)
{
	return (struct care_form *)fv;
}

/* The extra field of each kind (NULL: none) and where it goes in the form. */
static const struct cl_field goal_link_field =
	CL_FORM_FIELD("goal", "Part of goal", CL_FIELD_CHOICE, 36, false, NULL);
static const struct cl_field task_link_field =
	CL_FORM_FIELD("task", "Completes task", CL_FIELD_CHOICE, 36, false, NULL);

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
	case CARE_EVENT:
		return cl_event_field_get(&r->u.event, key, buf, size);
	case CARE_ENROLLMENT:
		return cl_field_get(cl_bh_enrollment_fields, &r->u.enrollment, key, buf, size);
	case CARE_CONDITION:
		return cl_condition_field_get(&r->u.condition, key, buf, size);
	case CARE_RESULT:
		return cl_result_field_get(&r->u.result, key, buf, size);
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
	case CARE_EVENT:
		return cl_event_field_set(&r->u.event, key, value, err);
	case CARE_ENROLLMENT:
		return cl_field_set(cl_bh_enrollment_fields, &r->u.enrollment, key, value, err);
	case CARE_CONDITION:
		return cl_condition_field_set(&r->u.condition, key, value, err);
	case CARE_RESULT:
		return cl_result_field_set(&r->u.result, key, value, err);
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
	ui_form_set_choices(&cf->fv.form, key, cf->link_codes, cf->link_labels,
			    offer ? cf->nlinks + 1 : 1);
}

/* A contact completes a task only when it reached the patient: follow the outcome field. */
static void contact_follow_outcome(struct ui_form_view *fv)
{
	struct care_form *cf = to_care(fv);
	struct ui_form_field *outcome = ui_form_view_field(fv, "outcome");
	struct ui_form_field *task = ui_form_view_field(fv, "task");
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

/*
 * The field key (a task's assignee, an enrollment's care manager) offers the active care
 * managers, and whoever is there now (login, display name).
 */
static void form_managers(struct care_form *cf, const char *key, const char *login,
			  const char *name)
{
	struct cl_error err = { 0 };
	int n = 0, i, k = 0;
	bool current = !login[0];

	cf->managers = calloc(MANAGERS_MAX, sizeof(*cf->managers));
	if (!cf->managers ||
	    cl_care_manager_list(ui_app_db(cf->fv.view.app), cf->managers, MANAGERS_MAX, &n, &err))
		n = 0;
	cf->codes[k] = "";
	cf->labels[k++] = "(unassigned)";
	for (i = 0; i < n; i++) {
		cf->codes[k] = cf->managers[i].login;
		cf->labels[k++] = cf->managers[i].display_name;
		if (strcmp(cf->managers[i].login, login) == 0)
			current = true;
	}
	if (!current) {
		cf->codes[k] = login;
		cf->labels[k++] = name[0] ? name : login;
	}
	ui_form_set_choices(&cf->fv.form, key, cf->codes, cf->labels, k);
}

/* Save r; a contact completes the chosen task (at the version listed) in the same save. */
static int record_save(struct care_form *cf, struct care_record *r, struct cl_error *err)
{
	struct cl_db *db = ui_app_db(cf->fv.view.app);
	struct cl_id task;
	int rc, i;

	switch (r->kind) {
	case CARE_GOAL:
		if ((rc = cl_goal_validate(&r->u.goal, err)))
			return rc;
		return cf->fv.adding ? cl_goal_create(db, &r->u.goal, err)
				     : cl_goal_update(db, &r->u.goal, err);
	case CARE_TASK:
		if ((rc = cl_task_validate(&r->u.task, err)))
			return rc;
		return cf->fv.adding ? cl_task_create(db, &r->u.task, err)
				     : cl_task_update(db, &r->u.task, err);
	case CARE_EVENT:
		return cl_event_add(db, &r->u.event, err);
	case CARE_ENROLLMENT:
		return cl_bh_enrollment_save(db, &r->u.enrollment, err);
	case CARE_CONDITION:
		return cl_condition_save(db, &r->u.condition, err);
	case CARE_RESULT:
		return cl_result_record(db, &r->u.result, err);
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

static int care_save(struct ui_form_view *fv, void *draft, struct cl_error *err)
{
	return record_save(to_care(fv), draft, err);
}

static int care_saved(struct ui_form_view *fv, void *draft)
{
	const struct care_record *r = draft;

	if (r->kind == CARE_CONTACT && r->link[0])
		ui_app_message(fv->view.app, UI_ROLE_OK, "Contact logged; the task is done.");
	else if (r->kind == CARE_CONDITION)
		ui_app_message(fv->view.app, UI_ROLE_OK, "%s: %s.",
			       cl_condition_kind_find(r->u.condition.kind)
				       ? cl_condition_kind_find(r->u.condition.kind)->label
				       : r->u.condition.kind,
			       r->u.condition.status);
	else if (r->kind == CARE_RESULT)
		ui_app_message(fv->view.app, UI_ROLE_OK, "Results recorded.");
	else if (r->kind == CARE_EVENT)
		ui_app_message(fv->view.app, UI_ROLE_OK, "%s recorded.",
			       r->u.event.kind == CL_EVENT_ED_VISIT    ? "ED visit"
			       : r->u.event.kind == CL_EVENT_ADMISSION ? "Admission"
								       : "Discharge");
	else if (r->kind == CARE_ENROLLMENT)
		ui_app_message(fv->view.app, UI_ROLE_OK, "%s",
			       r->u.enrollment.disenrolled_on[0] ? "Disenrolled."
			       : fv->adding			 ? "Enrolled in behavioral care."
								 : "Saved.");
	else
		ui_app_message(fv->view.app, UI_ROLE_OK, "%s",
			       r->kind == CARE_CONTACT ? "Contact logged." : "Saved.");
	return UI_POP;
}

/* Load the saved version of the record (edit) into base; 0 or a CL_E* code. */
static int record_load(struct care_form *cf, const struct cl_id *id, struct cl_error *err)
{
	struct cl_db *db = ui_app_db(cf->fv.view.app);
	struct care_record *r = &cf->base;
	int rc;

	if (r->kind == CARE_GOAL)
		return cl_goal_get(db, id, &r->u.goal, err);
	if (r->kind == CARE_ENROLLMENT) /* by patient: the open enrollment */
		return cl_bh_enrollment_current(db, id, &r->u.enrollment, err);
	rc = cl_task_get(db, id, &r->u.task, err);
	if (!rc && !cl_id_is_nil(&r->u.task.goal_id))
		cl_id_str(&r->u.task.goal_id, r->link);
	return rc;
}

static int care_reload(struct ui_form_view *fv, struct cl_error *err)
{
	struct care_form *cf = to_care(fv);
	struct care_record saved = cf->base;
	struct cl_id id = cf->base.kind == CARE_GOAL	     ? cf->base.u.goal.id
			  : cf->base.kind == CARE_ENROLLMENT ? cf->base.u.enrollment.patient_id
							     : cf->base.u.task.id;
	int rc = record_load(cf, &id, err);

	if (rc)
		cf->base = saved;
	return rc;
}

static void care_free(struct ui_form_view *fv)
{
	free(to_care(fv)->managers);
}

static const struct ui_form_view_ops care_ops = {
	.noun = "record",
	.save = care_save,
	.saved = care_saved,
	.reload = care_reload,
	.sync = contact_follow_outcome,
	.free = care_free,
};

static const struct ui_binding form_keys[] = {
	{ UI_KEY(KEY_F(10)), "F10", "save", "save", true, ui_form_view_save },
	{ UI_CTRL('S'), "^S", "save", "save", false, ui_form_view_save },
	UI_FORM_VIEW_MOVE_KEYS,
	UI_FORM_VIEW_CANCEL_KEY,
	UI_FORM_VIEW_RELOAD_KEY(true),
	UI_FORM_VIEW_CHOICE_KEYS,
	UI_FORM_VIEW_PICK_KEYS,
	UI_FORM_VIEW_LINE_KEYS,
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase before the cursor", false, NULL },
	{ UI_CTRL('U'), "^U", "clear", "clear the field", false, NULL },
	{ 0 },
};

/* A form of kind for patient; the caller fills base, then form_start sets up the fields. */
static struct care_form *form_new(struct ui_app *app, enum care_kind kind, const char *title)
{
	struct care_form *cf = calloc(1, sizeof(*cf));

	if (!cf) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	snprintf(cf->title, sizeof(cf->title), "%s", title);
	ui_form_view_setup(&cf->fv, app, cf->title, form_keys, &care_ops, &cf->base, &cf->draft,
			   sizeof(cf->base));
	cf->fv.heading = cf->heading;
	cf->base.kind = kind;
	return cf;
}

/* The heading: the patient's name. */
static void form_heading(struct care_form *cf, const struct cl_id *patient)
{
	struct cl_error err = { 0 };
	struct cl_patient p;

	if (!cl_patient_get(ui_app_db(cf->fv.view.app), patient, &p, &err))
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
	if (ui_form_view_form(&cf->fv, cf->fields, &ops)) {
		free(cf);
		return NULL;
	}
	links_init(cf);
	return &cf->fv.view;
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
	cf->fv.adding = !goal;
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
	/* The social need: "(none)" first, then the Gravity codes with their labels. */
	cf->domain_codes[0] = "";
	cf->domain_labels[0] = "(none)";
	for (n = 0; cl_hrsn_domain_codes[n] && n < DOMAINS_MAX - 2; n++) {
		cf->domain_codes[n + 1] = cl_hrsn_domain_codes[n];
		cf->domain_labels[n + 1] = cl_domain_name(cl_hrsn_domain_codes[n]);
	}
	cf->domain_codes[n + 1] = cf->domain_labels[n + 1] = NULL;
	ui_form_set_choices(&cf->fv.form, "domain", cf->domain_codes, cf->domain_labels, n + 1);
	ui_form_load(&cf->fv.form, &cf->base);
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
	cf->fv.adding = !task;
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
	form_managers(cf, "assignee", cf->base.u.task.assignee, cf->base.u.task.assignee_name);
	links_offer(cf, true);
	ui_form_load(&cf->fv.form, &cf->base);
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
	cf->fv.adding = true;
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
	ui_form_load(&cf->fv.form, &cf->base);
	return view;
}

struct ui_view *ui_event_form_new(struct ui_app *app, const struct cl_id *patient)
{
	struct care_form *cf = form_new(app, CARE_EVENT, "Record hospital or ED event");
	struct ui_view *view;

	if (!cf)
		return NULL;
	cf->fv.adding = true;
	cl_event_init(&cf->base.u.event, patient);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_event_fields, NULL)))
		return NULL;
	ui_form_load(&cf->fv.form, &cf->base);
	return view;
}

struct ui_view *ui_condition_form_new(struct ui_app *app, const struct cl_id *patient,
				      const struct cl_condition *current)
{
	struct care_form *cf =
		form_new(app, CARE_CONDITION, current ? "Update condition" : "Add condition");
	const struct cl_condition_kind *kinds;
	struct ui_view *view;
	size_t n, i;

	if (!cf)
		return NULL;
	cf->fv.adding = true;
	if (current)
		cf->base.u.condition = *current;
	else
		cl_condition_init(&cf->base.u.condition, patient);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_condition_fields, NULL)))
		return NULL;
	kinds = cl_condition_kinds(&n);
	for (i = 0; i < n && i < 15; i++) {
		cf->kind_codes[i] = kinds[i].code;
		cf->kind_labels[i] = kinds[i].label;
	}
	cf->kind_codes[i] = cf->kind_labels[i] = NULL;
	ui_form_set_choices(&cf->fv.form, "kind", cf->kind_codes, cf->kind_labels, (int)i);
	ui_form_load(&cf->fv.form, &cf->base);
	return view;
}

struct ui_view *ui_result_form_new(struct ui_app *app, const struct cl_id *patient)
{
	struct care_form *cf = form_new(app, CARE_RESULT, "Record blood pressure or A1c");
	struct ui_view *view;

	if (!cf)
		return NULL;
	cf->fv.adding = true;
	cl_result_entry_init(&cf->base.u.result, patient);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_result_fields, NULL)))
		return NULL;
	ui_form_load(&cf->fv.form, &cf->base);
	return view;
}

struct ui_view *ui_enrollment_form_new(struct ui_app *app, const struct cl_id *patient, bool edit)
{
	struct care_form *cf = form_new(app, CARE_ENROLLMENT,
					edit ? "Behavioral care enrollment"
					     : "Enroll in behavioral care management");
	struct cl_bh_enrollment *e;
	struct cl_error err = { 0 };
	struct ui_view *view;

	if (!cf)
		return NULL;
	e = &cf->base.u.enrollment;
	cf->fv.adding = !edit;
	if (edit && record_load(cf, patient, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not open the enrollment: %s",
			       err.message);
		free(cf);
		return NULL;
	}
	if (!edit)
		cl_bh_enrollment_init(e, ui_app_db(app), patient);
	form_heading(cf, patient);
	if (!(view = form_start(cf, cl_bh_enrollment_fields, NULL)))
		return NULL;
	form_managers(cf, "care_manager", e->care_manager, e->care_manager_name);
	ui_form_load(&cf->fv.form, &cf->base);
	return view;
}
