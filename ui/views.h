/* The views: each constructor returns a new view for ui_app_push, or NULL (message shown). */
#ifndef UI_VIEWS_H
#define UI_VIEWS_H

#include <stdbool.h>

#include "id.h"
#include "view.h"

/* The patients list (a top-level view). */
struct ui_view *ui_patients_new(struct ui_app *app);

/* Start the patients list's search (view is the patients view): `/` from any screen. */
void ui_patients_find(struct ui_view *view);

/* A patient's chart; writes an audit "view" row. */
struct ui_view *ui_chart_new(struct ui_app *app, const struct cl_id *id);

/* A patient's chart opened at the named section ("Tasks"; unknown: the first). */
struct ui_view *ui_chart_new_at(struct ui_app *app, const struct cl_id *id, const char *section);

/*
 * M: merge the chart of patient id with another (view_merge.c): asks for the other chart,
 * the surviving one, the value of each field that differs, then what moves; opens the
 * surviving chart, closing from when it is the chart (from_chart) merged away. Returns
 * enum ui_result.
 */
int ui_merge_start(struct ui_view *from, const struct cl_id *id, bool from_chart);

/* The patient form: edit the patient id, or add a new patient when id is NULL. */
struct ui_view *ui_patient_form_new(struct ui_app *app, const struct cl_id *id);

/* The open referrals, overdue first (a top-level view). */
struct ui_view *ui_referrals_new(struct ui_app *app);

/* One referral: its details, history and status changes. */
struct ui_view *ui_referral_new(struct ui_app *app, const struct cl_id *id);

/*
 * A new referral for patient. kind ("community" / "specialty") and domain (a service code:
 * an HRSN domain or a specialty) pre-fill the form when not NULL; the partner choice then
 * lists the organizations serving it, the patient's language first.
 */
struct ui_view *ui_referral_form_new(struct ui_app *app, const struct cl_id *patient,
				     const char *kind, const char *domain);

/* Edit the details of referral id (not its status: see ui_referral_new). */
struct ui_view *ui_referral_form_edit(struct ui_app *app, const struct cl_id *id);

/* The partner directory (a top-level view). */
struct ui_view *ui_directory_new(struct ui_app *app);

/* The directory form: edit the entry id, or add a new entry when id is NULL. */
struct ui_view *ui_org_form_new(struct ui_app *app, const struct cl_id *id);

/*
 * The screening lists over the patients list: the patients due for screening, then (f) those
 * positive in a domain the user picks (never a sensitive one); f from there closes them.
 */
struct ui_view *ui_screening_lists_new(struct ui_app *app);

/*
 * A saved screening, question by question: each question, the answer, the domain results;
 * read only (ui/view_screening_answers.c). error_reason: its entered-in-error reason or "".
 */
struct ui_view *ui_screening_answers_new(struct ui_app *app, const struct cl_id *screening,
					 const char *error_reason);

/* Screen patient for social needs (AHC HRSN): questions, summary, save, follow-up. */
struct ui_view *ui_screening_new(struct ui_app *app, const struct cl_id *patient);

/* Screen the patient with the instrument of this code ("phq-9"): the same screens. */
struct ui_view *ui_screening_new_with(struct ui_app *app, const struct cl_id *patient,
				      const char *instrument);

/*
 * Enroll the patient in behavioral care management (edit: the open enrollment, where a
 * disenrollment date ends it).
 */
struct ui_view *ui_enrollment_form_new(struct ui_app *app, const struct cl_id *patient, bool edit);

/* The collaborative care registry (a Reports sub-view): enrolled patients by need. */
struct ui_view *ui_bh_registry_new(struct ui_app *app);

/* The sync conflicts (a Reports sub-view, ui/view_sync.c): open ones, Enter compares. */
struct ui_view *ui_sync_conflicts_new(struct ui_app *app);

/*
 * One sync conflict (copied) side by side, field by field, to keep the hub's or this site's
 * value of each (ui/view_sync_fields.c); a hub change not applied here, to mark dealt with.
 */
struct cl_sync_conflict;
struct ui_view *ui_sync_conflict_new(struct ui_app *app, const struct cl_sync_conflict *conflict);

/* The program measures of a month and their 12-month trend (a top-level view). */
struct ui_view *ui_reports_new(struct ui_app *app);

/* The worklist (a top-level view: the first). */
struct ui_view *ui_worklist_new(struct ui_app *app);

/* A goal of patient: edit goal id, or add one when id is NULL. */
struct ui_view *ui_goal_form_new(struct ui_app *app, const struct cl_id *patient,
				 const struct cl_id *id);

/* A task of patient: edit open task id, or add one (part of goal, may be NULL) when id is NULL. */
struct ui_view *ui_task_form_new(struct ui_app *app, const struct cl_id *patient,
				 const struct cl_id *id, const struct cl_id *goal);

/* Log a contact with patient; task (may be NULL) is offered first as the task it completes. */
struct ui_view *ui_contact_form_new(struct ui_app *app, const struct cl_id *patient,
				    const struct cl_id *task);

/* Record an ED visit, admission or discharge of patient (ui/view_care_forms.c). */
struct ui_view *ui_event_form_new(struct ui_app *app, const struct cl_id *patient);

/*
 * The chronic registry's forms (view_care_forms.c): a condition (current: update that one,
 * NULL: a new one; a kind the chart has already is updated), and a blood pressure and/or
 * an A1c with its date.
 */
struct cl_condition;
struct ui_view *ui_condition_form_new(struct ui_app *app, const struct cl_id *patient,
				      const struct cl_condition *current);
struct ui_view *ui_result_form_new(struct ui_app *app, const struct cl_id *patient);

/* The help screen for view (which stays under it on the stack). */
struct ui_view *ui_help_new(struct ui_app *app, const struct ui_view *view);

#endif
