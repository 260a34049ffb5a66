/*
 * The patient chart is a header and a row of sections (Demographics, Screenings,
 * Referrals, Plan, …). Each section is a struct of callbacks in its own file, listed once in
 * the sections table of view_chart.c; the chart owns the patient record, the header and
 * switching between sections, and passes a section its keys and its part of the screen.
 */
#ifndef UI_CHART_H
#define UI_CHART_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "correction.h"
#include "keymap.h"
#include "patient.h"
#include "view.h"

struct ui_chart_section {
	const char *name;	       /* in the section bar: "Screenings" */
	const struct ui_binding *keys; /* this section's keys (run with the chart view), or NULL */
	/* Load what the section shows for the chart's patient; NULL = nothing (no state). */
	void *(*open)(struct ui_view *chart);
	/* The chart came back to the top (an edit closed): reload. May be NULL. */
	void (*reload)(struct ui_view *chart, void *state);
	/* Draw into win, the rows below the section bar. */
	void (*draw)(struct ui_view *chart, void *state, WINDOW *win);
	/* Raw keys before the keymaps (a section's own list movement); may be NULL. */
	int (*key)(struct ui_view *chart, void *state, int key);
	/*
	 * A short note for the chart header (e.g. "HRSN+: food, transportation"), written into
	 * buf; leave buf empty for none. Never put sensitive results here that must stay in
	 * the section (DOMAIN.md: safety). May be NULL.
	 */
	void (*header)(struct ui_view *chart, void *state, char *buf, size_t size);
	void (*free)(void *state);
	/* Is the section for this user at all (NULL: for everyone)? A hidden section is not
	 * opened, not in the section bar and never focused. */
	bool (*shown)(struct ui_view *chart);
};

/* The patient the chart shows (reloaded after edits). */
const struct cl_patient *ui_chart_patient(struct ui_view *chart);

/* The state section's open returned (NULL when it returned NULL or the name is unknown). */
void *ui_chart_state(struct ui_view *chart, const char *section);

/* Reload the patient and every section (after a section saved something). */
void ui_chart_reload(struct ui_view *chart);

/* Make the named section current (no-op when unknown). */
void ui_chart_show(struct ui_view *chart, const char *section);

/* The Referrals section (ui/chart_referrals.c), and its `r` (refer) for every section. */
extern const struct ui_chart_section ui_chart_referrals;
int ui_chart_refer(struct ui_view *chart);

/* The Screenings section (ui/chart_screenings.c), and its `s` (screen) for every section. */
extern const struct ui_chart_section ui_chart_screenings;
int ui_chart_screen(struct ui_view *chart);

/* The care plan's sections (ui/chart_plan.c, chart_tasks.c, chart_contacts.c, chart_risk.c)
 * and `c` (log a contact) for every section. */
extern const struct ui_chart_section ui_chart_plan;
extern const struct ui_chart_section ui_chart_tasks;
extern const struct ui_chart_section ui_chart_contacts;
extern const struct ui_chart_section ui_chart_risk;
int ui_chart_contact(struct ui_view *chart);

/* The Events section (ui/chart_events.c), and `n` (the chronic conditions count), which Risk
 * offers too. */
extern const struct ui_chart_section ui_chart_events;
int ui_chart_chronic(struct ui_view *chart);

/*
 * The Notes section (ui/chart_notes.c), `a` (write a note: pick a kind, then the editor),
 * and a note read whole (from Notes and the Timeline). Amended notes, and every record that
 * no longer counts, are drawn dimmed after a "✗ amended" (or other "✗") marker.
 */
extern const struct ui_chart_section ui_chart_notes;
int ui_chart_note(struct ui_view *chart);
void ui_chart_note_read(struct ui_view *chart, const struct cl_id *id);

/* The Timeline section (ui/chart_timeline.c): every kind of record, newest first. */
extern const struct ui_chart_section ui_chart_timeline;

/* The BH section (ui/chart_behavioral.c): enrollment, score trends, the safety flag. */
extern const struct ui_chart_section ui_chart_behavioral;
/*
 * Entered in error (ui/chart_correct.c): ask why (a menu of cl_error_reason_codes), confirm
 * ("Mark <describe> entered in error (why)? (y/n)"), mark the record and reload the chart.
 * reason: the record's own error_reason ("" while it stands; else only a message).
 */
int ui_chart_entered_in_error(struct ui_view *chart, enum cl_correctable what,
			      const struct cl_id *id, long long version, const char *reason,
			      const char *describe);

/* The marker a struck-through row shows: "✗ entered in error: wrong date" (X without UTF-8). */
const char *ui_chart_error_mark(const char *reason, char *buf, size_t size);

/* The short flag "✗ in error" for a list column; the reason goes in another column. */
const char *ui_chart_error_flag(void);

/*
 * The patient's consent to care management (ui/chart_consent.c), kept as the Demographics
 * section's state: its open, reload, header ("No CM consent") and keys (K), and its line.
 */
void *ui_consent_open(struct ui_view *chart);
void ui_consent_reload(struct ui_view *chart, void *state);
void ui_consent_header(struct ui_view *chart, void *state, char *buf, size_t size);
void ui_consent_text(const void *state, char *buf, size_t size);
extern const struct ui_binding ui_consent_keys[];
/* The Audit section (ui/chart_audit.c): who opened or changed the chart; supervisors only. */
extern const struct ui_chart_section ui_chart_audit;
/* The Conditions section (ui/chart_conditions.c): the chronic registry. */
extern const struct ui_chart_section ui_chart_conditions;

/* Draw text sanitized and fitted at (y, x) in role; returns the width drawn. */
int ui_chart_put(WINDOW *win, int y, int x, const char *text, enum ui_role role);

/*
 * A header line on row y of win from column x: text in role, shortened (with "…") so that the n kept
 * parts (an age, an MRN, a language, a due date), each in its role, always show whole
 * after it, gap spaces apart; with right, the kept parts end at the right edge.
 */
void ui_chart_header_line(WINDOW *win, int y, int x, const char *text, enum ui_role role,
			  const char *const *kept, const enum ui_role *roles, int n, int gap,
			  bool right);

#endif
