/*
 * Small modal views drawn over the view that opened them (which keeps showing under them):
 * a menu to pick one item, a one-line question on the message line, and a y/n
 * confirmation. Each calls back into the view below when answered and closes itself;
 * cancelling (Esc, n) calls nothing. A callback may push another view (the next question).
 */
#ifndef UI_POPUP_H
#define UI_POPUP_H

#include <stdbool.h>

#include "format.h"
#include "view.h"

#define UI_PICK_MAX 128 /* items in one menu; more are left out */

/*
 * A menu titled title over below: items (copied) with the cursor on selected; Enter calls
 * done(below, index). NULL (message shown) when out of memory or n is 0.
 */
struct ui_view *ui_pick_new(struct ui_app *app, struct ui_view *below, const char *title,
			    const char *const *items, int n, int selected,
			    void (*done)(struct ui_view *below, int index));

/*
 * A menu as ui_pick_new whose items are rows of cells separated by tabs ("name\tphone"),
 * drawn in columns (kept, not copied): each as wide as its widest cell, text columns cut
 * (by display width, with "…") when the menu is wider than the screen, keep columns never.
 */
struct ui_view *ui_pick_new_columns(struct ui_app *app, struct ui_view *below, const char *title,
				    const struct ui_column *columns, int ncolumns,
				    const char *const *items, int n, int selected,
				    void (*done)(struct ui_view *below, int index));

/*
 * Ask for one line of text on the message line ("Status reason: "); Enter calls
 * done(below, text). With required, empty text is refused with a message. Esc leaves,
 * asking first when something was typed.
 */
struct ui_view *ui_ask_new(struct ui_app *app, struct ui_view *below, const char *label,
			   bool required, void (*done)(struct ui_view *below, const char *text));

/* Put text in the line of a ui_ask_new view before it shows (an answer refused, kept). */
void ui_ask_set_text(struct ui_view *ask, const char *text);

/* Ask question ("Retire Valley Food Bank? (y/n) "); y calls yes(below); n or Esc cancels. */
struct ui_view *ui_confirm_new(struct ui_app *app, struct ui_view *below, const char *question,
			       void (*yes)(struct ui_view *below));

/* Edit a UTF-8 line buffer with key (Backspace, ^U, printable text); true when used. */
bool ui_line_key(char *buf, size_t size, int key);

#endif
