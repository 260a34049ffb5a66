#include "config.h"

#include "list.h"
#include "list_view.h"
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
