/*
 * A view over a form (ui/form.h) that edits one record: the title and a heading, a notice
 * (a save conflict) under them, F10/^S save with the fields' errors, Esc asking "Discard
 * changes? (y/n)" when something changed, ^R reloading the saved version. Each form fills a
 * struct ui_form_view_ops with what is its own (how to save and reload, extra drawing) and
 * embeds a struct ui_form_view first in its own struct.
 */
#ifndef UI_FORM_VIEW_H
#define UI_FORM_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "form.h"
#include "keymap.h"
#include "view.h"

struct ui_form_view;

struct ui_form_view_ops {
	const char *noun; /* "patient": "Nothing to reload: the patient is new." */
	/*
	 * Validate and store draft (the form applied to a copy of base). Returns 0 or a CL_E*
	 * code with err filled; err->field names the form's field to mark, or "".
	 */
	int (*save)(struct ui_form_view *fv, void *draft, struct cl_error *err);
	/* The draft was saved (the app is touched): say so. Returns enum ui_result. */
	int (*saved)(struct ui_form_view *fv, void *draft);
	/* Read the saved version into base; on error base is unchanged. 0 or a CL_E* code. */
	int (*reload)(struct ui_form_view *fv, struct cl_error *err);
	/* After a key changed the fields or the focus moved: keep dependent fields in step. */
	void (*sync)(struct ui_form_view *fv);
	/*
	 * Draw what is around the form into win and narrow the rows it gets (from *y, before
	 * *bottom). NULL: ui_form_view_draw_head.
	 */
	void (*draw)(struct ui_form_view *fv, WINDOW *win, int *y, int *bottom);
	void (*free)(struct ui_form_view *fv); /* what the form holds besides itself; may be NULL */
};

struct ui_form_view {
	struct ui_view view; /* first: a struct ui_view * is a struct ui_form_view * */
	struct ui_form form;
	const struct ui_form_view_ops *ops;
	const struct ui_binding *keys; /* the form's keymap (view.keys while not asking) */
	void *base;		       /* as loaded (edit) or the new record's defaults (add) */
	void *draft;		       /* room for a copy of base, size bytes */
	size_t size;
	bool adding;
	bool confirming;     /* asking "Discard changes? (y/n)" */
	bool quitting;	     /* … after ^C: yes leaves careloop */
	bool reloading;	     /* asking "Drop your input and reload? (y/n)": draft holds the saved
				version meanwhile */
	const char *heading; /* shown after the title, or NULL */
	char notice[512];    /* a message about the whole form (a save conflict), or "" */
};

/*
 * Set up fv (inside a zeroed struct that starts with it) as a view of app titled title with
 * keymap keys, editing base (size bytes; draft has room for as many). Nothing to undo.
 */
void ui_form_view_setup(struct ui_form_view *fv, struct ui_app *app, const char *title,
			const struct ui_binding *keys, const struct ui_form_view_ops *ops,
			void *base, void *draft, size_t size);

/* ui_form_init over defs; says "Out of memory." and returns non-zero when it fails. */
int ui_form_view_form(struct ui_form_view *fv, const struct cl_field *defs,
		      const struct ui_form_ops *form_ops);

/* Draw the title, the heading and the notice (wrapped); *y becomes the form's first row. */
void ui_form_view_draw_head(struct ui_form_view *fv, WINDOW *win, int *y);

/* The field with key, or NULL. */
struct ui_form_field *ui_form_view_field(struct ui_form_view *fv, const char *key);

/* Keymap rows the forms share (each form lists them where its help shows them). */
/* clang-format off */
#define UI_FORM_VIEW_MOVE_KEYS \
	{ '\t', "Tab", "next", "next field", true, ui_form_view_next }, \
	{ UI_KEY(KEY_DOWN), "Down", "next", "next field", false, ui_form_view_next }, \
	{ UI_KEY(KEY_BTAB), "Shift-Tab", "previous", "previous field", false, ui_form_view_prev }, \
	{ UI_KEY(KEY_UP), "Up", "previous", "previous field", false, ui_form_view_prev }
#define UI_FORM_VIEW_CANCEL_KEY \
	{ UI_ESC, "Esc", "cancel", "leave the form (asks first when something changed)", true, \
	  ui_form_view_cancel }
#define UI_FORM_VIEW_RELOAD_KEY(hint) \
	{ UI_CTRL('R'), "^R", "reload", "reload the saved version (asks first when you changed something)", hint, \
	  ui_form_view_reload }
#define UI_FORM_VIEW_CHOICE_KEYS \
	{ UI_KEY(KEY_LEFT), "Left", "left", "move left; the previous choice", false, NULL }, \
	{ UI_KEY(KEY_RIGHT), "Right", "right", "move right; the next choice", false, NULL }, \
	{ ' ', "Space", "choose", "the next choice (in a choice field; letters find a choice)", \
	  false, NULL }
#define UI_FORM_VIEW_PICK_KEYS \
	{ '\r', "Enter", "pick", "in a choice field: a menu of the choices; else next field", \
	  false, ui_form_view_pick, UI_ENTER_MORE }
#define UI_FORM_VIEW_LINE_KEYS \
	{ UI_KEY(KEY_HOME), "Home", "start", "start of the field", false, NULL }, \
	{ UI_CTRL('A'), "^A", "start", "start of the field", false, NULL }, \
	{ UI_KEY(KEY_END), "End", "end", "end of the field", false, NULL }, \
	{ UI_CTRL('E'), "^E", "end", "end of the field", false, NULL }
/* clang-format on */

/* Actions for the forms' keymaps. */
int ui_form_view_save(struct ui_view *view);
int ui_form_view_next(struct ui_view *view);
int ui_form_view_prev(struct ui_view *view);
int ui_form_view_cancel(struct ui_view *view);
int ui_form_view_reload(struct ui_view *view);
int ui_form_view_pick(struct ui_view *view);

#endif
