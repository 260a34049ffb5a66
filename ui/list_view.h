/*
 * What the list views (the worklist, patients, referrals, the directory, the screening lists)
 * share: the keys every list view moves its list with, as one set of bindings (as the forms
 * share UI_FORM_VIEW_MOVE_KEYS), the body's status line over the list, and search as you
 * type. A view lists the set in its keymap where its help shows it and says which list the
 * keys move with its list callback (struct ui_view).
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
/*
 * The keys while a search is typed (letters are text there): keep the results, cancel
 * ("...and show every " noun), erase, and the arrows.
 */
#define UI_LIST_VIEW_SEARCH_KEYS(noun) \
	{ '\r', "Enter", "keep", "keep the results and browse them", true, \
	  ui_list_view_search_keep, UI_ENTER_MORE }, \
	{ UI_ESC, "Esc", "cancel", "cancel the search and show every " noun, true, \
	  ui_list_view_search_clear }, \
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase the last character", false, NULL }, \
	{ UI_CTRL('U'), "^U", "erase", "erase the whole search", false, NULL }, \
	{ UI_KEY(KEY_DOWN), "Down", "down", "next match", false, ui_list_view_down }, \
	{ UI_KEY(KEY_UP), "Up", "up", "previous match", false, ui_list_view_up }
/* clang-format on */

/*
 * Search as you type over a list view (the patients list, the directory): / opens the
 * Search: prompt, each key edits the text and runs the search, Enter keeps the results to
 * browse, Esc clears them. The view holds one, points its search at it, lists
 * ui_list_view_search (/) and ui_list_view_search_clear (Esc) in its browse keys, and
 * takes ui_list_view_search_key as its key callback.
 */
struct ui_list_search {
	char text[128];	  /* what was typed, UTF-8 */
	bool searching;	  /* typing at the Search: prompt */
	bool found;	  /* the list holds the results of text */
	int matches;	  /* how many */
	const char *none; /* the list's empty text with results, and Enter's note on none */
	const char *all;  /* its empty text without (NULL: none) */
	/* The view's keys while browsing and while typing (UI_LIST_VIEW_SEARCH_KEYS). */
	const struct ui_binding *browse_keys, *typing_keys;
	/*
	 * The rows matching text, at most the view's own limit: returns them (the view's
	 * buffer, kept until the next find) with their count in *n; on error it shows the
	 * message and gives no rows. *n = -1: too many to hold, the list pages through
	 * them from its source (which then pages the results).
	 */
	const void *(*find)(struct ui_view *view, const char *text, int *n);
};

/* Run the search for the text as it is; no text shows the whole list again. */
void ui_list_view_search_run(struct ui_view *view);

/* The list's rows changed under a filter: the results again, or the list from its top. */
void ui_list_view_search_refilter(struct ui_view *view);

/* The data changed (a view above closed): the results again, or the rows on screen. */
void ui_list_view_search_reload(struct ui_view *view);

/* The key callback: text keys edit the search while it is typed, and run it. */
int ui_list_view_search_key(struct ui_view *view, int key);

/* /: start a new search; Enter: keep its results; Esc: clear them. Return UI_HANDLED. */
int ui_list_view_search(struct ui_view *view);
int ui_list_view_search_keep(struct ui_view *view);
int ui_list_view_search_clear(struct ui_view *view);

/* Bytes of a list view's status line. */
#define UI_LIST_VIEW_STATUS_MAX 400

/*
 * Draw a list view's body into win: status (sanitized, cut to the width) in bold on the first
 * row, the view's list (view->list) in the rows below; the Search: prompt while one is typed.
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
