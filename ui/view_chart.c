#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "chart.h"
#include "format.h"
#include "keymap.h"
#include "patient.h"
#include "text.h"
#include "views.h"

#define MANAGERS_MAX 256

#define SECTIONS_MAX 16

static const struct ui_chart_section demographics_section;

/* The chart's sections, in the order of the section bar: one line a section. */
/* clang-format off */
static const struct ui_chart_section *const sections[] = {
	&demographics_section,
	&ui_chart_referrals,
	&ui_chart_screenings,
	&ui_chart_plan,
	&ui_chart_tasks,
	&ui_chart_contacts,
	&ui_chart_notes,
	&ui_chart_timeline,
	&ui_chart_events,
	&ui_chart_risk,
	&ui_chart_behavioral,
	&ui_chart_conditions,
	&ui_chart_audit,
	NULL,
};
/* clang-format on */

struct chart_view {
	struct ui_view view; /* first: a struct ui_view * is a struct chart_view * */
	struct cl_id id;
	struct cl_patient patient;
	char updated_by[96]; /* display name of who saved last */
	char today[CL_DATE_LEN];
	int current; /* index into sections */
	int nsections;
	void *state[SECTIONS_MAX];
	bool hidden[SECTIONS_MAX]; /* not for this user (its shown() said no): never focused */
};

static struct chart_view *to_chart(struct ui_view *view)
{
	return (struct chart_view *)view;
}

const struct cl_patient *ui_chart_patient(struct ui_view *chart)
{
	return &to_chart(chart)->patient;
}

static int section_index(const char *name)
{
	int i;

	for (i = 0; name && sections[i]; i++)
		if (strcmp(sections[i]->name, name) == 0)
			return i;
	return -1;
}

void *ui_chart_state(struct ui_view *chart, const char *section)
{
	int i = section_index(section);

	return i < 0 ? NULL : to_chart(chart)->state[i];
}

static void chart_focus(struct chart_view *cv, int index)
{
	if (cv->hidden[index])
		index = 0;
	cv->current = index;
	cv->view.section_keys = sections[index]->keys;
}

void ui_chart_show(struct ui_view *chart, const char *section)
{
	int i = section_index(section);

	if (i >= 0)
		chart_focus(to_chart(chart), i);
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

int ui_chart_put(WINDOW *win, int y, int x, const char *text, enum ui_role role)
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

void ui_chart_header_line(WINDOW *win, int y, int x, const char *text, enum ui_role role,
			  const char *const *kept, const enum ui_role *roles, int n, int gap,
			  bool right)
{
	char clean[512], fitted[512];
	int cols = getmaxx(win), rest = 0, room, i;

	for (i = 0; i < n; i++) {
		cl_text_sanitize(kept[i], clean, sizeof(clean));
		rest += gap + cl_text_width(clean);
	}
	cl_text_sanitize(text, clean, sizeof(clean));
	room = cols - 1 - x - rest;
	wattrset(win, ui_attr(role));
	mvwaddstr(win, y, x, "");
	x += cl_text_fit(clean, room > 1 ? room : 1, 1, fitted, sizeof(fitted));
	waddstr(win, fitted);
	if (right && cols - 1 - rest > x)
		x = cols - 1 - rest;
	for (i = 0; i < n; i++)
		x += gap + ui_chart_put(win, y, x + gap, kept[i], roles[i]);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
}

static void demographics_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct chart_view *cv = to_chart(chart);
	const struct cl_patient *p = &cv->patient;
	char text[512], updated[64];
	int row;
	struct {
		const char *label;
		char value[300];
	} lines[20];
	int n = 0, i;

#define LINE(l, ...)                                                           \
	do {                                                                   \
		lines[n].label = (l);                                          \
		snprintf(lines[n].value, sizeof(lines[n].value), __VA_ARGS__); \
		n++;                                                           \
	} while (0)
	LINE("Birth date", "%s", p->birth_date);
	LINE("Pronouns", "%s", p->pronouns[0] ? p->pronouns : "(not recorded)");
	LINE("Sex", "%s", cl_sex_code(p->sex));
	LINE("Language", "%s (%s)", cl_language_name(p->language), p->language);
	LINE("Phone", "%s", p->phone);
	LINE("Address", "%s", p->address);
	LINE("", "%s%s%s %s", p->city, p->city[0] && p->state[0] ? ", " : "", p->state,
	     p->postal_code);
	LINE("Payer", "%s", cl_payer_code(p->payer));
	LINE("Status", "%s", cl_patient_status_code(p->status));
	if (p->status == CL_PATIENT_DECEASED)
		LINE("Date of death", "%s", p->death_date[0] ? p->death_date : "(not recorded)");
	LINE("Care manager", "%s", p->care_manager[0] ? p->care_manager_name : "(unassigned)");
	ui_consent_text(state, lines[n].value, sizeof(lines[n].value));
	lines[n++].label = "CM consent";
	if (p->contact_time[0] || p->contact_method[0])
		LINE("Best time, way", "%s%s%s", p->contact_time,
		     p->contact_time[0] && p->contact_method[0] ? ", " : "", p->contact_method);
	/* the people: name (relation) phone, and whether we may share with them */
	if (p->guardian_name[0])
		LINE("Guardian", "%s%s%s%s  %s  %s", p->guardian_name,
		     p->guardian_relation[0] ? " (" : "", p->guardian_relation,
		     p->guardian_relation[0] ? ")" : "", p->guardian_phone,
		     p->guardian_share ? "may share" : "do not share");
	if (p->emergency_name[0])
		LINE("Emergency", "%s%s%s%s  %s  %s", p->emergency_name,
		     p->emergency_relation[0] ? " (" : "", p->emergency_relation,
		     p->emergency_relation[0] ? ")" : "", p->emergency_phone,
		     p->emergency_share ? "may share" : "do not share");
#undef LINE
	for (i = 0, row = 0; i < n && row < getmaxy(win); i++, row++) {
		ui_chart_put(win, row, UI_LABEL_X, lines[i].label, UI_ROLE_DIM);
		ui_chart_put(win, row, UI_VALUE_X, lines[i].value, UI_ROLE_NORMAL);
	}
	ui_format_time(p->updated_at, updated, sizeof(updated));
	snprintf(text, sizeof(text), "Updated %s by %s", updated, cv->updated_by);
	if (row + 1 < getmaxy(win))
		ui_chart_put(win, row + 1, UI_LABEL_X, text, UI_ROLE_DIM);
}

static const struct ui_chart_section demographics_section = {
	.name = "Demographics",
	.keys = ui_consent_keys,
	.open = ui_consent_open,
	.reload = ui_consent_reload,
	.draw = demographics_draw,
	.header = ui_consent_header,
	.free = free,
};

/* Rows of the chart body above the section: the header, its notes, the section bar. */
#define CHART_TOP 4

static void chart_draw(struct ui_view *view, WINDOW *win)
{
	struct chart_view *cv = to_chart(view);
	const struct cl_patient *p = &cv->patient;
	char name[256], text[512], notes[512] = "";
	int age = cl_date_valid(p->birth_date) ? cl_date_age(p->birth_date, cv->today) : -1;
	int x, i;
	WINDOW *body;

	/* the name shortens for a long one; the age, MRN and status always show */
	{
		char years[16], mrn[sizeof(p->mrn) + 8], status[64];
		const char *kept[3];
		enum ui_role roles[3];
		int n = 0;

		if (age >= 0) {
			snprintf(years, sizeof(years), "%d y", age);
			roles[n] = UI_ROLE_NORMAL;
			kept[n++] = years;
		}
		snprintf(mrn, sizeof(mrn), "MRN %s", p->mrn);
		roles[n] = UI_ROLE_NORMAL;
		kept[n++] = mrn;
		if (p->status != CL_PATIENT_ACTIVE) {
			/* "deceased 2026-03-14" */
			snprintf(status, sizeof(status), "%s%s%s",
				 cl_patient_status_code(p->status), p->death_date[0] ? " " : "",
				 p->death_date);
			roles[n] = UI_ROLE_ERROR;
			kept[n++] = status;
		}
		chart_name(p, name, sizeof(name));
		ui_chart_header_line(win, 0, 1, name, UI_ROLE_HEADER, kept, roles, n, 3, false);
	}

	/* the risk tier, then the care manager (shortened), then the language */
	snprintf(text, sizeof(text), "risk %s", cl_risk_code(p->risk_tier));
	x = 1 + ui_chart_put(win, 1, 1, text, ui_risk_role(p->risk_tier));
	{
		char lang[32];
		const char *kept[1] = { lang };
		enum ui_role roles[1] = { UI_ROLE_NORMAL };

		snprintf(lang, sizeof(lang), "lang %s", p->language);
		snprintf(text, sizeof(text), "CM %s",
			 p->care_manager[0] ? p->care_manager_name : "(unassigned)");
		ui_chart_header_line(win, 1, x + 3, text, UI_ROLE_NORMAL, kept, roles, 1, 3, false);
	}

	/* Header notes from the sections (positive social needs, flags). */
	for (i = 0; i < cv->nsections; i++) {
		size_t len = strlen(notes);

		if (!sections[i]->header)
			continue;
		text[0] = '\0';
		sections[i]->header(view, cv->state[i], text, sizeof(text));
		if (text[0])
			snprintf(notes + len, sizeof(notes) - len, "%s%s", len ? "   " : "", text);
	}
	if (notes[0])
		ui_chart_put(win, 2, 1, notes, UI_ROLE_ERROR);

	/*
	 * The section bar: names padded by a space each side. When they do not all fit, the bar
	 * scrolls so that the current one shows, "<" and ">" telling that more lie each side.
	 */
	{
		int widths[SECTIONS_MAX], total = 0, room = getmaxx(win) - 2, from = 0, used;

		for (i = 0; i < cv->nsections; i++)
			total += widths[i] =
				cv->hidden[i] ? 0 : cl_text_width(sections[i]->name) + 2;
		while (total > room && from < cv->current) {
			for (used = 2, i = from; i <= cv->current; i++)
				used += widths[i];
			if (used <= room)
				break;
			from++;
		}
		x = 1;
		if (from > 0)
			x += ui_chart_put(win, 3, x, "<", UI_ROLE_DIM);
		for (i = from; i < cv->nsections && x < getmaxx(win) - 2; i++) {
			if (cv->hidden[i])
				continue;
			if (total > room && i > cv->current && x + widths[i] + 1 > room) {
				ui_chart_put(win, 3, x, ">", UI_ROLE_DIM);
				break;
			}
			snprintf(text, sizeof(text), " %s ", sections[i]->name);
			x += ui_chart_put(win, 3, x, text,
					  i == cv->current ? UI_ROLE_SELECTED : UI_ROLE_DIM);
		}
	}
	if (getmaxy(win) <= CHART_TOP)
		return;
	body = derwin(win, getmaxy(win) - CHART_TOP - 1, getmaxx(win), CHART_TOP + 1, 0);
	if (!body)
		return;
	sections[cv->current]->draw(view, cv->state[cv->current], body);
	delwin(body);
}

static int chart_key(struct ui_view *view, int key)
{
	struct chart_view *cv = to_chart(view);
	const struct ui_chart_section *s = sections[cv->current];

	return s->key ? s->key(view, cv->state[cv->current], key) : UI_UNHANDLED;
}

static int act_next_section(struct ui_view *view)
{
	struct chart_view *cv = to_chart(view);

	int i = cv->current;

	do
		i = (i + 1) % cv->nsections;
	while (cv->hidden[i]);
	chart_focus(cv, i);
	return UI_HANDLED;
}

static int act_prev_section(struct ui_view *view)
{
	struct chart_view *cv = to_chart(view);

	int i = cv->current;

	do
		i = (i + cv->nsections - 1) % cv->nsections;
	while (cv->hidden[i]);
	chart_focus(cv, i);
	return UI_HANDLED;
}

static int act_edit(struct ui_view *view)
{
	ui_app_push(view->app, ui_patient_form_new(view->app, &to_chart(view)->id));
	return UI_HANDLED;
}

static int act_merge(struct ui_view *view)
{
	return ui_merge_start(view, &to_chart(view)->id, true);
}

static int act_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

void ui_chart_reload(struct ui_view *view)
{
	struct chart_view *cv = to_chart(view);
	int i;

	chart_load(cv, false);
	for (i = 0; i < cv->nsections; i++)
		if (sections[i]->reload)
			sections[i]->reload(view, cv->state[i]);
}

static void chart_resume(struct ui_view *view)
{
	ui_chart_reload(view);
}

static void chart_free(struct ui_view *view)
{
	struct chart_view *cv = to_chart(view);
	int i;

	for (i = 0; i < cv->nsections; i++)
		if (sections[i]->free && cv->state[i])
			sections[i]->free(cv->state[i]);
	free(cv);
}

static const struct ui_binding chart_keys[] = {
	{ 'e', "e", "edit", "edit the patient's record", true, act_edit },
	{ 'r', "r", "refer", "refer the patient to a partner", true, ui_chart_refer },
	{ 's', "s", "screen", "screen the patient for social needs", true, ui_chart_screen },
	{ 'c', "c", "contact", "log a contact (call, visit, message)", false, ui_chart_contact },
	{ 'M', "M", "merge", "merge this chart with a duplicate of the same person", false,
	  act_merge },
	{ '\t', "Tab", "section", "next section", true, act_next_section },
	{ UI_KEY(KEY_RIGHT), "Right", "section", "next section", false, act_next_section },
	{ UI_KEY(KEY_BTAB), "S-Tab", "section", "previous section", false, act_prev_section },
	{ UI_KEY(KEY_LEFT), "Left", "section", "previous section", false, act_prev_section },
	{ 'q', "q", "back", "back to the list", true, act_back },
	{ UI_ESC, "Esc", "back", "back to the list", false, act_back },
	{ 0 },
};

struct ui_view *ui_chart_new_at(struct ui_app *app, const struct cl_id *id, const char *section)
{
	struct chart_view *cv = calloc(1, sizeof(*cv));
	int i;

	if (!cv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	cv->view = (struct ui_view){
		.title = "Chart",
		.keys = chart_keys,
		.draw = chart_draw,
		.key = chart_key,
		.resume = chart_resume,
		.free = chart_free,
		.app = app,
	};
	cv->id = *id;
	if (chart_load(cv, true)) {
		free(cv);
		return NULL;
	}
	for (i = 0; sections[i] && i < SECTIONS_MAX; i++) {
		cv->hidden[i] = sections[i]->shown && !sections[i]->shown(&cv->view);
		cv->state[i] =
			sections[i]->open && !cv->hidden[i] ? sections[i]->open(&cv->view) : NULL;
	}
	cv->nsections = i;
	i = section_index(section);
	chart_focus(cv, i < 0 ? 0 : i);
	return &cv->view;
}

struct ui_view *ui_chart_new(struct ui_app *app, const struct cl_id *id)
{
	return ui_chart_new_at(app, id, NULL);
}
