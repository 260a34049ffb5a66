/*
 * What the list views (the worklist, patients, referrals, the directory, the screening lists)
 * share: the keys every list view moves its list with, as one set of bindings (as the forms
 * share UI_FORM_VIEW_MOVE_KEYS), and the body's status line over the list. A view lists the
 * set in its keymap where its help shows it and says which list the keys move with its list
 * callback (struct ui_view).
 */
#ifndef UI_LIST_VIEW_H
#define UI_LIST_VIEW_H

#include "keymap.h"
#include "view.h"

/*
 * The six moves, a binding each with all its keys, so that each is one help line
 * ("Down, j  next patient"). noun is a string literal: "patient" gives "next patient".
 * UI_LIST_VIEW_MOVE_KEYS_SPACE: Space also pages down (lists where Space does nothing else).
 */
/* clang-format off */
#define UI_LIST_VIEW_KEYS_(noun, page_down_names, space) \
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "next " noun, false, ui_list_view_down, \
	  .more = { 'j' } }, \
	{ UI_KEY(KEY_UP), "Up, k", "up", "previous " noun, false, ui_list_view_up, \
	  .more = { 'k' } }, \
	{ UI_KEY(KEY_NPAGE), page_down_names, "page", "next page", false, \
	  ui_list_view_page_down, .more = { UI_CTRL('F'), space } }, \
	{ UI_KEY(KEY_PPAGE), "PgUp, ^B", "page", "previous page", false, \
	  ui_list_view_page_up, .more = { UI_CTRL('B') } }, \
	{ 'g', "g, Home", "top", "first " noun, false, ui_list_view_top, \
	  .more = { UI_KEY(KEY_HOME) } }, \
	{ 'G', "G, End", "bottom", "last " noun, false, ui_list_view_bottom, \
	  .more = { UI_KEY(KEY_END) } }
#define UI_LIST_VIEW_MOVE_KEYS(noun) UI_LIST_VIEW_KEYS_(noun, "PgDn, ^F", 0)
#define UI_LIST_VIEW_MOVE_KEYS_SPACE(noun) UI_LIST_VIEW_KEYS_(noun, "PgDn, ^F, Space", ' ')
/* The moves while a search is typed (letters are text there): the arrows only. */
#define UI_LIST_VIEW_SEARCH_KEYS \
	{ UI_KEY(KEY_DOWN), "Down", "down", "next match", false, ui_list_view_down }, \
	{ UI_KEY(KEY_UP), "Up", "up", "previous match", false, ui_list_view_up }
/* clang-format on */

/* Bytes of a list view's status line. */
#define UI_LIST_VIEW_STATUS_MAX 400

/*
 * Draw a list view's body into win: status (sanitized, cut to the width) in bold on the first
 * row, the view's list (view->list) in the rows below.
 */
void ui_list_view_draw(struct ui_view *view, WINDOW *win, const char *status);

/* Actions of the set: they move view->list(view); each returns UI_HANDLED. */
int ui_list_view_down(struct ui_view *view);
int ui_list_view_up(struct ui_view *view);
int ui_list_view_page_down(struct ui_view *view);
int ui_list_view_page_up(struct ui_view *view);
int ui_list_view_top(struct ui_view *view);
int ui_list_view_bottom(struct ui_view *view);

#endif
