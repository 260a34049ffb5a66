#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "text.h"
#include "views.h"

#define HELP_LINES	64
#define HELP_KEYS_WIDTH 18 /* the keys column: "PgDn, ^F, Space" and a little */
#define MORE_BELOW	"more below: Down, j"
#define MORE_BELOW_GAP	3 /* columns right of MORE_BELOW */

struct help_view {
	struct ui_view view; /* first: a struct ui_view * is a struct help_view * */
	char title[128];
	struct ui_help_line own[HELP_LINES], global[HELP_LINES];
	int nown, nglobal;
	int scroll;
};

static struct help_view *to_help(struct ui_view *view)
{
	return (struct help_view *)view;
}

static void help_put(WINDOW *win, int row, const struct ui_help_line *line)
{
	char text[400], clean[400], fitted[400];

	snprintf(text, sizeof(text), "  %-*s %s", HELP_KEYS_WIDTH, line->keys, line->help);
	cl_text_sanitize(text, clean, sizeof(clean));
	cl_text_fit(clean, getmaxx(win) - 2, 1, fitted, sizeof(fitted));
	mvwaddstr(win, row, 1, fitted);
}

static void help_draw(struct ui_view *view, WINDOW *win)
{
	struct help_view *hv = to_help(view);
	int height = getmaxy(win), total = 2 + hv->nown + 2 + hv->nglobal, line, row, i;

	if (hv->scroll > total - (height - 2))
		hv->scroll = total - (height - 2);
	if (hv->scroll < 0)
		hv->scroll = 0;
	wattrset(win, ui_attr(UI_ROLE_HEADER));
	mvwaddstr(win, 0, 1, hv->title);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	/* the lines below the title scroll: a heading, the view's keys, a heading, the rest */
	for (line = hv->scroll, row = 2; line < total && row < height; line++, row++) {
		if (line == 0) {
			wattrset(win, A_BOLD);
			mvwaddstr(win, row, 1, "Keys on this screen");
			wattrset(win, ui_attr(UI_ROLE_NORMAL));
		} else if (line - 1 < hv->nown) {
			help_put(win, row, &hv->own[line - 1]);
		} else if (line == hv->nown + 2) {
			wattrset(win, A_BOLD);
			mvwaddstr(win, row, 1, "Other keys that work here");
			wattrset(win, ui_attr(UI_ROLE_NORMAL));
		} else if ((i = line - hv->nown - 3) >= 0 && i < hv->nglobal) {
			help_put(win, row, &hv->global[i]);
		}
	}
	if (line < total) {
		wattrset(win, ui_attr(UI_ROLE_DIM));
		mvwaddstr(win, 1, getmaxx(win) - (int)strlen(MORE_BELOW) - MORE_BELOW_GAP,
			  MORE_BELOW);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
}

static int act_close(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static int act_down(struct ui_view *view)
{
	to_help(view)->scroll++;
	return UI_HANDLED;
}

static int act_up(struct ui_view *view)
{
	to_help(view)->scroll--;
	return UI_HANDLED;
}

static void help_free(struct ui_view *view)
{
	free(to_help(view));
}

static const struct ui_binding help_keys[] = {
	{ 'q', "q", "close", "close the help", true, act_close },
	{ UI_ESC, "Esc", "close", "close the help", false, act_close },
	{ '?', "?", "close", "close the help", false, act_close },
	{ UI_KEY(KEY_DOWN), "Down, j", "scroll", "scroll down", true, act_down, .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "scroll up", false, act_up, .more = { 'k' } },
	{ 0 },
};

struct ui_view *ui_help_new(struct ui_app *app, const struct ui_view *of)
{
	struct help_view *hv = calloc(1, sizeof(*hv));

	if (!hv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	hv->view = (struct ui_view){
		.title = "Help",
		.keys = help_keys,
		.modal = true, /* closed first: a number key here never drops a form under it */
		.draw = help_draw,
		.free = help_free,
		.app = app,
	};
	snprintf(hv->title, sizeof(hv->title), "Help: %s", of ? of->title : "careloop");
	if (of) {
		hv->nown = ui_keymap_help_lines(of->section_keys, hv->own, HELP_LINES);
		hv->nown +=
			ui_keymap_help_lines(of->keys, hv->own + hv->nown, HELP_LINES - hv->nown);
	}
	/* exactly the generic keys that work in the view (not typed, not taken over) */
	hv->nglobal = ui_keymap_generic_lines(of, hv->global, HELP_LINES);
	return &hv->view;
}
