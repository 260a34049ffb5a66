#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "format.h"
#include "keymap.h"
#include "patient.h"
#include "text.h"
#include "views.h"

#define MANAGERS_MAX 256

struct chart_view {
	struct ui_view view; /* first: a struct ui_view * is a struct chart_view * */
	struct cl_id id;
	struct cl_patient patient;
	char updated_by[96]; /* display name of who saved last */
	char today[CL_DATE_LEN];
};

static struct chart_view *to_chart(struct ui_view *view)
{
	return (struct chart_view *)view;
}

/* The display name of login among the care managers, else the login itself. */
static void manager_name(struct cl_db *db, const char *login, char *buf, size_t size)
{
	struct cl_care_manager *managers = calloc(MANAGERS_MAX, sizeof(*managers));
	struct cl_error err = { 0 };
	int n = 0, i;

	snprintf(buf, size, "%s", login);
	if (!managers || cl_care_manager_list(db, managers, MANAGERS_MAX, &n, &err))
		n = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(managers[i].login, login) == 0) {
			snprintf(buf, size, "%s", managers[i].display_name);
			break;
		}
	}
	free(managers);
}

static int chart_load(struct chart_view *cv, bool audit)
{
	struct cl_db *db = ui_app_db(cv->view.app);
	struct cl_error err = { 0 };
	int rc;

	rc = audit ? cl_patient_open_chart(db, &cv->id, &cv->patient, &err)
		   : cl_patient_get(db, &cv->id, &cv->patient, &err);
	if (rc) {
		ui_app_message(cv->view.app, UI_ROLE_ERROR, "Could not open the chart: %s",
			       err.message);
		return rc;
	}
	manager_name(db, cv->patient.updated_by, cv->updated_by, sizeof(cv->updated_by));
	cl_date_today(cv->today);
	return 0;
}

/* "GARCÍA, María": the family name in capitals, as charts write it. */
static void chart_name(const struct cl_patient *p, char *buf, size_t size)
{
	wchar_t wide[128];
	char family[sizeof(p->family_name) * 2];
	size_t n, i;

	n = mbstowcs(wide, p->family_name, sizeof(wide) / sizeof(wide[0]) - 1);
	if (n == (size_t)-1) {
		snprintf(family, sizeof(family), "%s", p->family_name);
	} else {
		wide[n] = L'\0';
		for (i = 0; i < n; i++)
			wide[i] = (wchar_t)towupper((wint_t)wide[i]);
		if (wcstombs(family, wide, sizeof(family)) == (size_t)-1)
			snprintf(family, sizeof(family), "%s", p->family_name);
	}
	ui_format_name(family, p->given_name, buf, size);
}

/* Draw text sanitized and fitted at (y, x) in the role; returns the width drawn. */
static int put_at(WINDOW *win, int y, int x, const char *text, enum ui_role role)
{
	char clean[512], fitted[512];
	int used, cols = getmaxx(win) - x - 1;

	if (cols <= 0)
		return 0;
	cl_text_sanitize(text, clean, sizeof(clean));
	used = cl_text_fit(clean, cols, 1, fitted, sizeof(fitted));
	wattrset(win, ui_attr(role));
	mvwaddstr(win, y, x, fitted);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	return used;
}

static void chart_draw(struct ui_view *view, WINDOW *win)
{
	struct chart_view *cv = to_chart(view);
	const struct cl_patient *p = &cv->patient;
	char name[256], text[512], updated[64];
	int age = cl_date_valid(p->birth_date) ? cl_date_age(p->birth_date, cv->today) : -1;
	int x, row;
	struct {
		const char *label;
		char value[300];
	} lines[12];
	int n = 0, i;

	chart_name(p, name, sizeof(name));
	x = 1 + put_at(win, 0, 1, name, UI_ROLE_HEADER);
	if (age >= 0) {
		snprintf(text, sizeof(text), "%d y", age);
		x += 3 + put_at(win, 0, x + 3, text, UI_ROLE_NORMAL);
	}
	snprintf(text, sizeof(text), "MRN %s", p->mrn);
	x += 3 + put_at(win, 0, x + 3, text, UI_ROLE_NORMAL);
	if (p->status != CL_PATIENT_ACTIVE)
		put_at(win, 0, x + 3, cl_patient_status_code(p->status), UI_ROLE_ERROR);

	snprintf(text, sizeof(text), "risk %s", cl_risk_code(p->risk_tier));
	x = 1 + put_at(win, 1, 1, text, ui_risk_role(p->risk_tier));
	snprintf(text, sizeof(text), "CM %s",
		 p->care_manager[0] ? p->care_manager_name : "(unassigned)");
	x += 3 + put_at(win, 1, x + 3, text, UI_ROLE_NORMAL);
	snprintf(text, sizeof(text), "lang %s", p->language);
	put_at(win, 1, x + 3, text, UI_ROLE_NORMAL);

	put_at(win, 3, 1, "Demographics", UI_ROLE_HEADER);
#define LINE(l, ...)                                                           \
	do {                                                                   \
		lines[n].label = (l);                                          \
		snprintf(lines[n].value, sizeof(lines[n].value), __VA_ARGS__); \
		n++;                                                           \
	} while (0)
	LINE("Birth date", "%s", p->birth_date);
	LINE("Sex", "%s", cl_sex_code(p->sex));
	LINE("Language", "%s (%s)", cl_language_name(p->language), p->language);
	LINE("Phone", "%s", p->phone);
	LINE("Address", "%s", p->address);
	LINE("", "%s%s%s %s", p->city, p->city[0] && p->state[0] ? ", " : "", p->state,
	     p->postal_code);
	LINE("Payer", "%s", cl_payer_code(p->payer));
	LINE("Status", "%s", cl_patient_status_code(p->status));
	LINE("Care manager", "%s", p->care_manager[0] ? p->care_manager_name : "(unassigned)");
#undef LINE
	for (i = 0, row = 4; i < n && row < getmaxy(win); i++, row++) {
		put_at(win, row, 3, lines[i].label, UI_ROLE_DIM);
		put_at(win, row, 18, lines[i].value, UI_ROLE_NORMAL);
	}
	ui_format_time(p->updated_at, updated, sizeof(updated));
	snprintf(text, sizeof(text), "Updated %s by %s", updated, cv->updated_by);
	if (row + 1 < getmaxy(win))
		put_at(win, row + 1, 3, text, UI_ROLE_DIM);
}

static int act_edit(struct ui_view *view)
{
	ui_app_push(view->app, ui_patient_form_new(view->app, &to_chart(view)->id));
	return UI_HANDLED;
}

static int act_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static void chart_resume(struct ui_view *view)
{
	chart_load(to_chart(view), false);
}

static void chart_free(struct ui_view *view)
{
	free(to_chart(view));
}

static const struct ui_binding chart_keys[] = {
	{ 'e', "e", "edit", "edit the patient's record", true, act_edit },
	{ 'q', "q", "back", "back to the list", true, act_back },
	{ UI_ESC, "Esc", "back", "back to the list", false, act_back },
	{ 0 },
};

struct ui_view *ui_chart_new(struct ui_app *app, const struct cl_id *id)
{
	struct chart_view *cv = calloc(1, sizeof(*cv));

	if (!cv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	cv->view = (struct ui_view){
		.title = "Chart",
		.keys = chart_keys,
		.draw = chart_draw,
		.resume = chart_resume,
		.free = chart_free,
		.app = app,
	};
	cv->id = *id;
	if (chart_load(cv, true)) {
		free(cv);
		return NULL;
	}
	return &cv->view;
}
