#include "config.h"

#include <string.h>

#include "list.h"
#include "list_view.h"
#include "popup.h"
#include "text.h"

void ui_list_view_draw(struct ui_view *view, WINDOW *win, const char *status)
{
	char clean[UI_LIST_VIEW_STATUS_MAX], fitted[UI_LIST_VIEW_STATUS_MAX];

	cl_text_sanitize(status, clean, sizeof(clean));
	cl_text_fit(clean, getmaxx(win) - 2, 1, fitted, sizeof(fitted));
	wattrset(win, A_BOLD);
	mvwaddstr(win, 0, 1, fitted);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	ui_list_draw(view->list(view), win, 1, getmaxy(win) - 1);
	if (view->search && view->search->searching)
		ui_app_prompt(view->app, "Search: ", view->search->text,
			      strlen(view->search->text));
}

/* Typing a search (text keys edit it; the keymap is the search's) or browsing the list. */
static void search_mode(struct ui_view *view, bool searching)
{
	struct ui_list_search *s = view->search;

	s->searching = searching;
	view->types_text = searching;
	view->keys = searching ? s->typing_keys : s->browse_keys;
	if (!searching)
		ui_app_prompt_end(view->app);
}

void ui_list_view_search_run(struct ui_view *view)
{
	struct ui_list_search *s = view->search;
	struct ui_list *list = view->list(view);
	const void *rows;
	int n = 0;

	if (!s->text[0]) {
		s->found = false;
		list->empty = s->all;
		ui_list_reset(list);
		return;
	}
	rows = s->find(view, s->text, &n);
	s->found = true;
	s->matches = n;
	list->empty = s->none;
	if (n < 0)
		ui_list_reset(list); /* too many to hold: the list pages through them */
	else
		ui_list_set_rows(list, rows, n);
}

void ui_list_view_search_refilter(struct ui_view *view)
{
	if (view->search->found)
		ui_list_view_search_run(view);
	else
		ui_list_reset(view->list(view));
}

void ui_list_view_search_reload(struct ui_view *view)
{
	if (view->search->found)
		ui_list_view_search_run(view);
	else
		ui_list_reload(view->list(view));
}

int ui_list_view_search_key(struct ui_view *view, int key)
{
	struct ui_list_search *s = view->search;

	if (!s->searching || !ui_line_key(s->text, sizeof(s->text), key))
		return UI_UNHANDLED;
	ui_list_view_search_run(view);
	return UI_HANDLED;
}

int ui_list_view_search(struct ui_view *view)
{
	struct ui_list_search *s = view->search;

	search_mode(view, true);
	if (s->text[0]) {
		s->text[0] = '\0'; /* a new search starts from the whole list */
		ui_list_view_search_run(view);
	}
	return UI_HANDLED;
}

int ui_list_view_search_keep(struct ui_view *view)
{
	struct ui_list_search *s = view->search;

	search_mode(view, false);
	if (s->found && !s->matches)
		ui_app_message(view->app, UI_ROLE_NORMAL, "%s", s->none);
	return UI_HANDLED;
}

int ui_list_view_search_clear(struct ui_view *view)
{
	struct ui_list_search *s = view->search;

	if (!s->searching && !s->found)
		return UI_HANDLED;
	if (s->searching)
		search_mode(view, false);
	s->text[0] = '\0';
	ui_list_view_search_run(view);
	return UI_HANDLED;
}

int ui_list_view_down(struct ui_view *view)
{
	ui_list_move(view->list(view), 1, false);
	return UI_HANDLED;
}

int ui_list_view_up(struct ui_view *view)
{
	ui_list_move(view->list(view), -1, false);
	return UI_HANDLED;
}

int ui_list_view_page_down(struct ui_view *view)
{
	struct ui_list *list = view->list(view);

	ui_list_move(list, list->height, true);
	return UI_HANDLED;
}

int ui_list_view_page_up(struct ui_view *view)
{
	struct ui_list *list = view->list(view);

	ui_list_move(list, -list->height, true);
	return UI_HANDLED;
}

int ui_list_view_top(struct ui_view *view)
{
	ui_list_home(view->list(view));
	return UI_HANDLED;
}

int ui_list_view_bottom(struct ui_view *view)
{
	ui_list_end(view->list(view));
	return UI_HANDLED;
}
