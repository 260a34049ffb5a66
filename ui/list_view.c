#include "config.h"

#include "list.h"
#include "list_view.h"

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
