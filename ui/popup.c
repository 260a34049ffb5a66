#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "keymap.h"
#include "popup.h"
#include "text.h"

#define ITEM_LEN     256
#define PICK_COLUMNS 8	/* columns of a menu (ui_pick_new_columns) */
#define PICK_PAGE    10 /* items PgDn and PgUp move in a menu */

bool ui_line_key(char *buf, size_t size, int key)
{
	size_t len = strlen(buf);

	if (key == UI_KEY(KEY_BACKSPACE) || key == 0x7f || key == UI_CTRL('H')) {
		while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
			len--; /* a UTF-8 continuation byte: remove the whole character */
		if (len > 0)
			len--;
		buf[len] = '\0';
		return true;
	}
	if (key == UI_CTRL('U')) {
		buf[0] = '\0';
		return true;
	}
	if (key >= 0x20 && key < UI_KEY_FN && key != 0x7f) {
		char utf8[MB_LEN_MAX + 1];
		mbstate_t state = { 0 };
		size_t n = wcrtomb(utf8, (wchar_t)key, &state);

		if (n == (size_t)-1 || len + n >= size)
			return true;
		memcpy(buf + len, utf8, n);
		buf[len + n] = '\0';
		return true;
	}
	return false;
}

/* ---- the menu ---- */

struct pick_view {
	struct ui_view view; /* first */
	struct ui_view *below;
	char title[ITEM_LEN];
	char (*items)[ITEM_LEN];
	const struct ui_column *columns; /* NULL: an item is one line of text */
	int ncolumns;
	int n, sel, top;
	void (*done)(struct ui_view *below, int index);
};

static struct pick_view *to_pick(struct ui_view *view)
{
	return (struct pick_view *)view;
}

/* Cell col of a menu item ("name\tphone\tlanguages") into buf. */
static void pick_cell(const char *item, int col, char *buf, size_t size)
{
	size_t len;

	while (col-- > 0 && item)
		if ((item = strchr(item, '\t')))
			item++;
	if (!item)
		item = "";
	len = strcspn(item, "\t");
	snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), item);
}

/* The display width of the widest cell of each column, and of the whole widest item. */
static int pick_measure(struct pick_view *pv, int *need)
{
	int i, c, width = 0;

	for (c = 0; c < pv->ncolumns; c++)
		need[c] = 0;
	for (i = 0; i < pv->n; i++) {
		char cell[ITEM_LEN], clean[ITEM_LEN * 3];
		int w;

		if (!pv->columns) {
			cl_text_sanitize(pv->items[i], clean, sizeof(clean));
			w = cl_text_width(clean);
			width = w > width ? w : width;
			continue;
		}
		for (c = 0; c < pv->ncolumns; c++) {
			pick_cell(pv->items[i], c, cell, sizeof(cell));
			cl_text_sanitize(cell, clean, sizeof(clean));
			w = cl_text_width(clean);
			need[c] = w > need[c] ? w : need[c];
		}
	}
	for (c = 0; c < pv->ncolumns; c++)
		width += need[c] + (c ? 2 : 0);
	return width;
}

/* Item index as one line of width columns (a menu of columns: laid out in widths). */
static void pick_line(struct pick_view *pv, int index, const int *widths, int width, char *buf,
		      size_t size)
{
	size_t len = 0;
	int c;

	if (!pv->columns) {
		ui_format_cell(buf, size, pv->items[index], width, false);
		return;
	}
	buf[0] = '\0';
	for (c = 0; c < pv->ncolumns && len + 1 < size; c++) {
		char cell[ITEM_LEN];

		pick_cell(pv->items[index], c, cell, sizeof(cell));
		ui_format_cell(buf + len, size - len, cell, widths[c], pv->columns[c].right);
		len = strlen(buf);
		if (c + 1 < pv->ncolumns)
			len += (size_t)snprintf(buf + len, size - len, "  ");
	}
}

static void pick_draw(struct ui_view *view, WINDOW *win)
{
	struct pick_view *pv = to_pick(view);
	int rows = getmaxy(win), cols = getmaxx(win), w = cl_text_width(pv->title) + 4, h, i;
	int need[PICK_COLUMNS], widths[PICK_COLUMNS];
	struct ui_column natural[PICK_COLUMNS];
	WINDOW *box;

	pv->below->draw(pv->below, win);
	i = pick_measure(pv, need) + 4;
	if (i > w)
		w = i;
	if (w > cols - 4)
		w = cols - 4;
	/* columns as wide as their widest cell; narrowed (text first, never a keep) to fit */
	for (i = 0; i < pv->ncolumns; i++) {
		natural[i] = pv->columns[i];
		natural[i].width = need[i];
	}
	if (pv->columns)
		ui_format_layout(natural, need, pv->ncolumns, w - 4, 2, widths);
	h = pv->n + 2 < rows - 2 ? pv->n + 2 : rows - 2;
	if (h < 3 || w < 8)
		return;
	if (pv->sel < pv->top)
		pv->top = pv->sel;
	if (pv->sel >= pv->top + h - 2)
		pv->top = pv->sel - (h - 3);
	box = derwin(win, h, w, (rows - h) / 2, (cols - w) / 2);
	if (!box)
		return;
	wattrset(box, ui_attr(UI_ROLE_NORMAL));
	werase(box);
	box(box, 0, 0);
	{
		char clean[ITEM_LEN * 3], fitted[ITEM_LEN * 3];

		cl_text_sanitize(pv->title, clean, sizeof(clean));
		cl_text_fit(clean, w - 4, 1, fitted, sizeof(fitted));
		wattrset(box, ui_attr(UI_ROLE_HEADER));
		mvwaddstr(box, 0, 2, fitted);
	}
	for (i = 0; i < h - 2 && pv->top + i < pv->n; i++) {
		char line[ITEM_LEN * 4];
		int index = pv->top + i;

		pick_line(pv, index, widths, w - 4, line, sizeof(line));
		wattrset(box, ui_attr(index == pv->sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL));
		mvwaddch(box, 1 + i, 1, ' ');
		waddstr(box, line);
		wprintw(box, "%*s", w - 3 - cl_text_width(line), "");
	}
	wattrset(box, ui_attr(UI_ROLE_NORMAL));
	delwin(box);
}

static int pick_move(struct ui_view *view, int delta)
{
	struct pick_view *pv = to_pick(view);

	pv->sel += delta;
	if (pv->sel >= pv->n)
		pv->sel = pv->n - 1;
	if (pv->sel < 0)
		pv->sel = 0;
	return UI_HANDLED;
}

static int act_pick_down(struct ui_view *view)
{
	return pick_move(view, 1);
}

static int act_pick_up(struct ui_view *view)
{
	return pick_move(view, -1);
}

static int act_pick_page_down(struct ui_view *view)
{
	return pick_move(view, PICK_PAGE);
}

static int act_pick_page_up(struct ui_view *view)
{
	return pick_move(view, -PICK_PAGE);
}

static int act_pick_top(struct ui_view *view)
{
	return pick_move(view, -to_pick(view)->n);
}

static int act_pick_bottom(struct ui_view *view)
{
	return pick_move(view, to_pick(view)->n);
}

static int act_pick_choose(struct ui_view *view)
{
	struct pick_view *pv = to_pick(view);

	pv->done(pv->below, pv->sel);
	return UI_POP;
}

static int act_popup_cancel(struct ui_view *view)
{
	ui_app_prompt_end(view->app);
	return UI_POP;
}

static void pick_free(struct ui_view *view)
{
	free(to_pick(view)->items);
	free(view);
}

static const struct ui_binding pick_keys[] = {
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "next item", false, act_pick_down, .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "previous item", false, act_pick_up, .more = { 'k' } },
	{ UI_KEY(KEY_NPAGE), "PgDn", "page", "ten items down", false, act_pick_page_down },
	{ UI_KEY(KEY_PPAGE), "PgUp", "page", "ten items up", false, act_pick_page_up },
	{ 'g', "g, Home", "top", "first item", false, act_pick_top, .more = { UI_KEY(KEY_HOME) } },
	{ 'G', "G, End", "bottom", "last item", false, act_pick_bottom,
	  .more = { UI_KEY(KEY_END) } },
	{ '\r', "Enter", "choose", "choose the item under the cursor", true, act_pick_choose,
	  UI_ENTER_MORE },
	{ UI_ESC, "Esc", "cancel", "close the menu without choosing", true, act_popup_cancel },
	{ 'q', "q", "cancel", "close the menu without choosing", false, act_popup_cancel },
	{ 0 },
};

struct ui_view *ui_pick_new(struct ui_app *app, struct ui_view *below, const char *title,
			    const char *const *items, int n, int selected,
			    void (*done)(struct ui_view *below, int index))
{
	struct pick_view *pv;
	int i;

	if (n <= 0)
		return NULL;
	if (n > UI_PICK_MAX)
		n = UI_PICK_MAX;
	pv = calloc(1, sizeof(*pv));
	if (!pv || !(pv->items = calloc((size_t)n, sizeof(*pv->items)))) {
		free(pv);
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	pv->view = (struct ui_view){
		.title = "Menu",
		.keys = pick_keys,
		.modal = true,
		.draw = pick_draw,
		.free = pick_free,
		.app = app,
	};
	pv->below = below;
	pv->done = done;
	pv->n = n;
	pv->sel = selected >= 0 && selected < n ? selected : 0;
	snprintf(pv->title, sizeof(pv->title), "%s", title);
	for (i = 0; i < n; i++)
		snprintf(pv->items[i], sizeof(pv->items[i]), "%s", items[i] ? items[i] : "");
	return &pv->view;
}

struct ui_view *ui_pick_new_columns(struct ui_app *app, struct ui_view *below, const char *title,
				    const struct ui_column *columns, int ncolumns,
				    const char *const *items, int n, int selected,
				    void (*done)(struct ui_view *below, int index))
{
	struct ui_view *view = ui_pick_new(app, below, title, items, n, selected, done);

	if (view && columns && ncolumns > 0) {
		to_pick(view)->columns = columns;
		to_pick(view)->ncolumns = ncolumns < PICK_COLUMNS ? ncolumns : PICK_COLUMNS;
	}
	return view;
}

/* ---- a question on the message line, and y/n ---- */

struct ask_view {
	struct ui_view view; /* first */
	struct ui_view *below;
	char label[ITEM_LEN];
	char text[512];
	bool required;
	bool discarding; /* asking "Discard what you typed? (y/n)" */
	void (*done)(struct ui_view *below, const char *text);
	void (*yes)(struct ui_view *below);
};

static struct ask_view *to_ask(struct ui_view *view)
{
	return (struct ask_view *)view;
}

static void ask_draw(struct ui_view *view, WINDOW *win)
{
	struct ask_view *av = to_ask(view);

	av->below->draw(av->below, win);
	if (av->discarding)
		ui_app_prompt(view->app, "Discard what you typed? (y/n) ", "", 0);
	else
		ui_app_prompt(view->app, av->label, av->text, strlen(av->text));
}

static const struct ui_binding ask_keys[];
static const struct ui_binding discard_keys[];

static int ask_key(struct ui_view *view, int key)
{
	struct ask_view *av = to_ask(view);

	if (av->discarding || av->yes)
		return UI_UNHANDLED;
	return ui_line_key(av->text, sizeof(av->text), key) ? UI_HANDLED : UI_UNHANDLED;
}

static int act_ask_enter(struct ui_view *view)
{
	struct ask_view *av = to_ask(view);

	cl_text_trim(av->text);
	if (av->required && !av->text[0]) {
		static const char nag[] = "Required (Esc cancels). ";
		size_t len = strlen(av->label);

		beep();
		if (strncmp(av->label, nag, sizeof(nag) - 1) != 0 &&
		    len + sizeof(nag) <= sizeof(av->label)) {
			memmove(av->label + sizeof(nag) - 1, av->label, len + 1);
			memcpy(av->label, nag, sizeof(nag) - 1);
		}
		return UI_HANDLED;
	}
	ui_app_prompt_end(view->app);
	av->done(av->below, av->text);
	return UI_POP;
}

static int act_ask_cancel(struct ui_view *view)
{
	struct ask_view *av = to_ask(view);

	if (!av->text[0])
		return act_popup_cancel(view);
	av->discarding = true;
	view->keys = discard_keys;
	view->types_text = false;
	return UI_HANDLED;
}

static int act_ask_keep(struct ui_view *view)
{
	struct ask_view *av = to_ask(view);

	av->discarding = false;
	view->keys = ask_keys;
	view->types_text = true;
	return UI_HANDLED;
}

static int act_confirm_yes(struct ui_view *view)
{
	struct ask_view *av = to_ask(view);

	ui_app_prompt_end(view->app);
	if (av->yes)
		av->yes(av->below);
	return UI_POP;
}

static const struct ui_binding ask_keys[] = {
	{ '\r', "Enter", "done", "give the answer", true, act_ask_enter, UI_ENTER_MORE },
	{ UI_ESC, "Esc", "cancel", "cancel (asks first when something was typed)", true,
	  act_ask_cancel },
	{ UI_KEY(KEY_BACKSPACE), "Backspace", "erase", "erase the last character", false, NULL },
	{ UI_CTRL('U'), "^U", "erase", "erase the whole answer", false, NULL },
	{ 0 },
};

static const struct ui_binding discard_keys[] = {
	{ 'y', "y", "discard", "discard what was typed and cancel", true, act_popup_cancel },
	{ 'n', "n", "keep", "keep typing (nothing is lost)", true, act_ask_keep },
	{ UI_ESC, "Esc", "keep", "keep typing (nothing is lost)", false, act_ask_keep },
	{ 0 },
};

static const struct ui_binding confirm_keys[] = {
	{ 'y', "y, Y", "yes", "yes, do it", true, act_confirm_yes, .more = { 'Y' } },
	{ 'n', "n, N", "no", "no, leave it as it is", true, act_popup_cancel, .more = { 'N' } },
	{ UI_ESC, "Esc", "no", "no, leave it as it is", false, act_popup_cancel },
	{ 'q', "q", "no", "no, leave it as it is", false, act_popup_cancel },
	{ 0 },
};

/* Anything but the answers (and the generic keys that work here: help) waits. */
static int confirm_key(struct ui_view *view, int key)
{
	return ui_keymap_find_view(view, key) ? UI_UNHANDLED : UI_HANDLED;
}

static void ask_free(struct ui_view *view)
{
	free(to_ask(view));
}

static struct ask_view *ask_alloc(struct ui_app *app, struct ui_view *below, const char *label)
{
	struct ask_view *av = calloc(1, sizeof(*av));

	if (!av) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	av->view = (struct ui_view){
		.title = "Question",
		.keys = ask_keys,
		.modal = true,
		.types_text = true,
		.draw = ask_draw,
		.key = ask_key,
		.free = ask_free,
		.app = app,
	};
	av->below = below;
	snprintf(av->label, sizeof(av->label), "%s", label);
	return av;
}

struct ui_view *ui_ask_new(struct ui_app *app, struct ui_view *below, const char *label,
			   bool required, void (*done)(struct ui_view *below, const char *text))
{
	struct ask_view *av = ask_alloc(app, below, label);

	if (!av)
		return NULL;
	av->required = required;
	av->done = done;
	return &av->view;
}

void ui_ask_set_text(struct ui_view *ask, const char *text)
{
	if (ask)
		snprintf(to_ask(ask)->text, sizeof(to_ask(ask)->text), "%s", text ? text : "");
}

struct ui_view *ui_confirm_new(struct ui_app *app, struct ui_view *below, const char *question,
			       void (*yes)(struct ui_view *below))
{
	struct ask_view *av = ask_alloc(app, below, question);

	if (!av)
		return NULL;
	av->yes = yes;
	av->view.title = "Confirm";
	av->view.keys = confirm_keys;
	av->view.types_text = false;
	av->view.key = confirm_key;
	return &av->view;
}
