#include "config.h"

#include "chart.h"
#include "chart_list.h"

/* Sized for the widest section line (Contacts' note); ui_chart_put fits it to the window. */
#define LINE_MAX 1200

void ui_chart_list_loaded(struct ui_chart_list *list)
{
	if (list->sel >= list->n)
		list->sel = list->n ? list->n - 1 : 0;
	if (list->scroll && list->top >= list->n)
		list->top = 0;
}

int ui_chart_list_key(struct ui_view *chart, void *state, int key)
{
	struct ui_chart_list *list = state;
	int *at;

	(void)chart;
	if (!list)
		return UI_UNHANDLED;
	at = list->scroll ? &list->top : &list->sel;
	if (key == 'j' || key == UI_KEY(KEY_DOWN)) {
		if (*at + 1 < list->n)
			(*at)++;
	} else if (key == 'k' || key == UI_KEY(KEY_UP)) {
		if (*at > 0)
			(*at)--;
	} else if (key == 'g' || key == UI_KEY(KEY_HOME)) {
		*at = 0;
	} else if (key == 'G' || key == UI_KEY(KEY_END)) {
		*at = list->n ? list->n - 1 : 0;
	} else {
		return UI_UNHANDLED;
	}
	return UI_HANDLED;
}

void ui_chart_list_draw(struct ui_chart_list *list, WINDOW *win, int y, int x, const char *header,
			ui_chart_list_row row, void *ctx)
{
	int rows = getmaxy(win), shown = rows - (y + 1), i;
	char text[LINE_MAX];

	list->width = getmaxx(win) - x - 1;
	ui_chart_put(win, y, x, header, UI_ROLE_HEADER);
	if (!list->scroll) {
		if (list->sel < list->top)
			list->top = list->sel;
		if (list->sel >= list->top + shown)
			list->top = list->sel - (shown - 1);
	}
	for (i = list->top, y++; i < list->n && y < rows; i++, y++) {
		enum ui_role role = row(ctx, i, text, sizeof(text));

		ui_chart_put(win, y, x, text,
			     !list->scroll && i == list->sel ? UI_ROLE_SELECTED : role);
	}
}
