/*
 * A form over a field table (struct cl_field): one line per field, "Label  [value]", the
 * field's error right under it. The form keeps what was typed; reading and parsing the
 * record goes through ops, so that validation lives in the core.
 */
#ifndef UI_FORM_H
#define UI_FORM_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "field.h"

#define UI_FORM_TEXT 256

struct ui_form_ops {
	/* Read field key of record as text into buf. Returns 0 or a CL_E* code. */
	int (*get)(const void *record, const char *key, char *buf, size_t size);
	/* Parse value into field key of record; on error fills err (record unchanged). */
	int (*set)(void *record, const char *key, const char *value, struct cl_error *err);
	/* Check value for field key without keeping it (inline validation); may be NULL. */
	int (*check)(void *ctx, const char *key, const char *value, struct cl_error *err);
	void *ctx;
};

struct ui_form_field {
	const struct cl_field *def;
	char text[UI_FORM_TEXT];   /* as typed */
	char loaded[UI_FORM_TEXT]; /* as loaded: the form is changed when any text differs */
	size_t cursor;		   /* byte offset of the cursor in text */
	char error[256];	   /* the core's message about this field, or "" */
	/* choices: the def's codes, or a list set by ui_form_set_choices */
	const char *const *codes;
	const char *const *labels; /* what to show for each code, or NULL: the code */
	int nchoices;
};

struct ui_form {
	struct ui_form_field *fields;
	int nfields;
	int focus;
	int scroll;	/* first line drawn */
	int error_cols; /* width errors wrap to (set by ui_form_draw) */
	struct ui_form_ops ops;
	/*
	 * Type-ahead over the focused choice field: letters typed within a second of each
	 * other search the choices by the prefix of their code or label; a search that matches
	 * nothing puts back the value it started from.
	 */
	char search[32];
	char search_from[UI_FORM_TEXT];
	bool search_miss;
	double search_at; /* seconds (monotonic) of the last letter */
};

/* Set up a form over defs (ends with a NULL key; kept, not copied). */
int ui_form_init(struct ui_form *form, const struct cl_field *defs, const struct ui_form_ops *ops);
void ui_form_free(struct ui_form *form);

/* Fill every field from record (as loaded: the form is unchanged after this). */
void ui_form_load(struct ui_form *form, const void *record);

/* Offer these choices (kept, not copied) for field key; labels may be NULL. */
void ui_form_set_choices(struct ui_form *form, const char *key, const char *const *codes,
			 const char *const *labels, int n);

/* True when any field differs from what was loaded. */
bool ui_form_changed(const struct ui_form *form);

/*
 * Parse every field into record through ops->set. Each refused field gets its error; the
 * focus moves to the first one. Returns the number of refused fields.
 */
int ui_form_apply(struct ui_form *form, void *record);

/* Attach an error message to field key (and focus it); false when there is no such field. */
bool ui_form_set_error(struct ui_form *form, const char *key, const char *message);

/* The focused field's error, or NULL. */
const char *ui_form_focus_error(const struct ui_form *form);

/* Move the focus by delta fields (checking the field it leaves). */
void ui_form_focus_move(struct ui_form *form, int delta);

/* What a choice field shows for its choice i: the label, the code, or "(none)". */
const char *ui_form_choice_label(const struct ui_form_field *f, int i);

/* Set the focused choice field to its choice i (a picker's answer). */
void ui_form_choose(struct ui_form *form, int i);

/* Editing keys (see keymap.h for key values). Returns true when the key was used. */
bool ui_form_key(struct ui_form *form, int key);

/*
 * Draw the fields from row y of win in height rows, scrolled so the focus shows.
 * *cy, *cx get the terminal cursor's place in the focused field.
 */
void ui_form_draw(struct ui_form *form, WINDOW *win, int y, int height, int *cy, int *cx);

#endif
