/* The views: each constructor returns a new view for ui_app_push, or NULL (message shown). */
#ifndef UI_VIEWS_H
#define UI_VIEWS_H

#include "id.h"
#include "view.h"

/* The patients list (top-level view 2). */
struct ui_view *ui_patients_new(struct ui_app *app);

/* A patient's chart; writes an audit "view" row. */
struct ui_view *ui_chart_new(struct ui_app *app, const struct cl_id *id);

/* A patient's chart opened at the named section ("Tasks"; unknown: the first). */
struct ui_view *ui_chart_new_at(struct ui_app *app, const struct cl_id *id, const char *section);

/* The patient form: edit the patient id, or add a new patient when id is NULL. */
struct ui_view *ui_patient_form_new(struct ui_app *app, const struct cl_id *id);

/* The help screen for view (which stays under it on the stack). */
struct ui_view *ui_help_new(struct ui_app *app, const struct ui_view *view);

#endif
