/*
 * A list inside a chart section (Tasks, Contacts, Referrals, Plan; the Screenings and Risk
 * histories): n rows, the selected one and the first one shown, moved by j/k/Up/Down/g/G/Home/
 * End, and a draw loop that asks the section for each row's line.
 */
#ifndef UI_CHART_LIST_H
#define UI_CHART_LIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "theme.h"
#include "view.h"

struct ui_chart_list {
	int n;	     /* rows */
	int sel;     /* the selected row (0 when there are none) */
	int top;     /* the first row shown */
	bool scroll; /* no selection (a history): the keys move top instead of sel */
	int width;   /* display columns a row may take: set by ui_chart_list_draw for the rows */
};

/* After a (re)load that set list->n: keep sel (scroll: top) in range. */
void ui_chart_list_loaded(struct ui_chart_list *list);

/*
 * A section's key callback for a state whose FIRST member is its struct ui_chart_list:
 * j/Down and k/Up move the selection (scroll: the history) by one, g/Home and G/End to the
 * first and last row. Returns UI_HANDLED for those keys, else UI_UNHANDLED (also for a NULL
 * state).
 */
int ui_chart_list_key(struct ui_view *chart, void *state, int key);

/*
 * Writes row's line into buf (size bytes); returns the role it is drawn in when it is not
 * the selected row. ctx is what ui_chart_list_draw was given.
 */
typedef enum ui_role (*ui_chart_list_row)(void *ctx, int row, char *buf, size_t size);

/*
 * Draw header (UI_ROLE_HEADER) at line y of win and the rows from list->top on the lines below
 * it to the bottom of win, all at column x. A list with a selection first scrolls so that the
 * selected row shows, and draws it in UI_ROLE_SELECTED.
 */
void ui_chart_list_draw(struct ui_chart_list *list, WINDOW *win, int y, int x, const char *header,
			ui_chart_list_row row, void *ctx);

/*
 * The list keys for a section's keymap (ui_chart_list_key handles them); next, prev, first
 * and last are their help lines ("next task").
 */
/* clang-format off */
#define UI_CHART_LIST_KEYS(next, prev, first, last) \
	{ UI_KEY(KEY_DOWN), "Down, j", "down", next, false, NULL, .more = { 'j' } }, \
	{ UI_KEY(KEY_UP), "Up, k", "up", prev, false, NULL, .more = { 'k' } }, \
	{ 'g', "g, Home", "top", first, false, NULL, .more = { UI_KEY(KEY_HOME) } }, \
	{ 'G', "G, End", "bottom", last, false, NULL, .more = { UI_KEY(KEY_END) } }
/* clang-format on */

#endif
