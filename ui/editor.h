/*
 * A multi-line text editor: UTF-8 text wrapped at the window's width (at a space when a
 * row has one), cursor keys, Home/End, PgUp/PgDn, Backspace/Delete, Enter for a new line,
 * and a size limit in bytes that refuses what would pass it. The widget (struct ui_editor)
 * edits and draws; the editor view around it (ui_editor_view_new) adds a heading, the
 * "1,234 / 16,384" count, F10/^S save and Esc (asking before it drops typed text).
 */
#ifndef UI_EDITOR_H
#define UI_EDITOR_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "keymap.h"
#include "view.h"

struct ui_editor {
	char *text; /* NUL-terminated UTF-8, len bytes (no control characters but '\n') */
	size_t len, cap;
	size_t max;	/* bytes the text may hold */
	size_t cursor;	/* byte offset, on a character's first byte */
	char *loaded;	/* the text as loaded: the editor is changed when text differs */
	int top;	/* first row shown */
	int width;	/* columns the rows wrap at (set by ui_editor_draw) */
	int height;	/* rows shown (set by ui_editor_draw): PgUp/PgDn move by it */
	int goal;	/* column Up/Down/PgUp/PgDn aim at; -1: the cursor's own */
	bool full;	/* the last key was refused: it would pass max */
	bool read_only; /* a text to read: the keys scroll it, nothing else */
};

/* Set up ed over a copy of text (NULL: empty) with a limit of max bytes. 0, or -1 (memory). */
int ui_editor_init(struct ui_editor *ed, const char *text, size_t max);
void ui_editor_free(struct ui_editor *ed);

/* The text (owned by ed, valid until the next key). */
const char *ui_editor_text(const struct ui_editor *ed);

/* Whether the text differs from what was loaded, and whether it is blank. */
bool ui_editor_changed(const struct ui_editor *ed);
bool ui_editor_blank(const struct ui_editor *ed);

/*
 * Read only: Up/Down scroll a row, PgUp/PgDn a screenful, Home/End to the start and end.
 * Else an editing key (keymap.h values): characters, Enter, Tab (spaces), Backspace, Delete,
 * Left/Right/Up/Down, Home/End (^A/^E), PgUp/PgDn. True when used; a character that would
 * pass the limit is used but not inserted, and sets ed->full.
 */
bool ui_editor_key(struct ui_editor *ed, int key);

/*
 * Draw the text wrapped into the height x width rectangle of win at (y, x), scrolled so the
 * cursor shows; *cy, *cx get the cursor's place in win.
 */
void ui_editor_draw(struct ui_editor *ed, WINDOW *win, int y, int x, int height, int width, int *cy,
		    int *cx);

/* "12,034 / 16,384" into buf: bytes used and the limit. */
void ui_editor_count(const struct ui_editor *ed, char *buf, size_t size);

/* The editor's keys for a keymap's help (handled by ui_editor_key; run is NULL). */
/* clang-format off */
#define UI_EDITOR_KEYS \
	{ UI_KEY(KEY_UP), "arrows", "move", "move the cursor (Up/Down keep the column)", false, NULL, \
	  .more = { UI_KEY(KEY_DOWN), UI_KEY(KEY_LEFT), UI_KEY(KEY_RIGHT) } }, \
	{ UI_KEY(KEY_HOME), "Home, ^A", "start", "start of the row", false, NULL, \
	  .more = { UI_CTRL('A') } }, \
	{ UI_KEY(KEY_END), "End, ^E", "end", "end of the row", false, NULL, \
	  .more = { UI_CTRL('E') } }, \
	{ UI_KEY(KEY_PPAGE), "PgUp", "page up", "a screenful up", false, NULL }, \
	{ UI_KEY(KEY_NPAGE), "PgDn", "page down", "a screenful down", false, NULL }, \
	{ '\r', "Enter", "new line", "start a new line", false, NULL, UI_ENTER_MORE }, \
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "delete", "delete the character before the cursor", \
	  false, NULL, .more = { 127, 8 } }, \
	{ UI_KEY(KEY_DC), "Delete, ^D", "delete", "delete the character under the cursor", false, \
	  NULL, .more = { UI_CTRL('D') } }
/* clang-format on */

/* What the editor view saves through. */
struct ui_editor_ops {
	/*
	 * Save text (not blank): 0 closes the editor (the callback says what was saved);
	 * otherwise err's message shows and the editor stays with the text.
	 */
	int (*save)(void *ctx, struct ui_app *app, const char *text, struct cl_error *err);
	void (*free)(void *ctx); /* ctx when the view closes; may be NULL */
};

/*
 * A full-screen editor view titled title: heading (bold) and note (dim, may be NULL) above
 * the text, loaded with text (NULL: empty) and limited to max bytes. F10 or ^S saves through
 * ops->save(ctx, …); Esc leaves, asking first when the text changed and is not blank. ctx is
 * kept (ops->free frees it). NULL (message shown) when out of memory.
 */
struct ui_view *ui_editor_view_new(struct ui_app *app, const char *title, const char *heading,
				   const char *note, const char *text, size_t max,
				   const struct ui_editor_ops *ops, void *ctx);

#endif
