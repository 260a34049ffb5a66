#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "editor.h"
#include "text.h"

#define TAB_SPACES 4

int ui_editor_init(struct ui_editor *ed, const char *text, size_t max)
{
	size_t len = text ? strlen(text) : 0;

	memset(ed, 0, sizeof(*ed));
	ed->max = max;
	ed->cap = (len > max ? len : max) + 1;
	ed->goal = -1;
	ed->width = 1;
	ed->height = 1;
	if (!(ed->text = malloc(ed->cap)) || !(ed->loaded = strdup(text ? text : ""))) {
		ui_editor_free(ed);
		return -1;
	}
	memcpy(ed->text, text ? text : "", len + 1);
	ed->len = len;
	return 0;
}

void ui_editor_free(struct ui_editor *ed)
{
	free(ed->text);
	free(ed->loaded);
	ed->text = ed->loaded = NULL;
	ed->len = ed->cap = 0;
}

const char *ui_editor_text(const struct ui_editor *ed)
{
	return ed->text ? ed->text : "";
}

bool ui_editor_changed(const struct ui_editor *ed)
{
	return strcmp(ui_editor_text(ed), ed->loaded ? ed->loaded : "") != 0;
}

bool ui_editor_blank(const struct ui_editor *ed)
{
	const char *s = ui_editor_text(ed);

	return s[strspn(s, " \t\r\n")] == '\0';
}

/* ---- characters ---- */

/* Bytes of the character at s (1 for a stray byte); at the end, 0. */
static size_t char_len(const char *s, size_t left)
{
	mbstate_t ps;
	size_t n;

	if (!left)
		return 0;
	memset(&ps, 0, sizeof(ps));
	n = mbrlen(s, left, &ps);
	return n == 0 || n > left ? 1 : n;
}

/* Display columns of the character at s (a stray byte or a control: 1). */
static int char_width(const char *s, size_t left, size_t *len)
{
	mbstate_t ps;
	wchar_t wc;
	size_t n;
	int w;

	memset(&ps, 0, sizeof(ps));
	n = mbrtowc(&wc, s, left, &ps);
	if (n == 0 || n > left) {
		*len = 1;
		return 1;
	}
	*len = n;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/* The start of the character before offset at. */
static size_t char_before(const struct ui_editor *ed, size_t at)
{
	if (!at)
		return 0;
	do
		at--;
	while (at > 0 && ((unsigned char)ed->text[at] & 0xC0) == 0x80);
	return at;
}

/* UTF-8 of code point c into out (4 bytes); 0 for what never goes into the text. */
static size_t encode(int c, char out[4])
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0xd800 && c < 0xe000) ||
	    c > 0x10ffff)
		return 0;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Insert n bytes at the cursor; false (ed->full) when they would pass the limit. */
static bool insert(struct ui_editor *ed, const char *bytes, size_t n)
{
	if (ed->len + n > ed->max || ed->len + n + 1 > ed->cap) {
		ed->full = true;
		return false;
	}
	memmove(ed->text + ed->cursor + n, ed->text + ed->cursor, ed->len - ed->cursor + 1);
	memcpy(ed->text + ed->cursor, bytes, n);
	ed->len += n;
	ed->cursor += n;
	return true;
}

static void delete_range(struct ui_editor *ed, size_t from, size_t to)
{
	memmove(ed->text + from, ed->text + to, ed->len - to + 1);
	ed->len -= to - from;
	ed->cursor = from;
}

/* ---- rows ---- */

/*
 * Wrap the text at width columns: starts[i] is the byte where row i begins (at most max
 * rows). A row ends at a newline, or before the character that would pass width: after the
 * row's last space when it has one, else there.
 */
static int layout(const struct ui_editor *ed, int width, size_t *starts, int max)
{
	size_t row = 0;
	int n = 0;

	if (width < 1)
		width = 1;
	while (n < max) {
		size_t q = row, brk = 0, clen;
		int col = 0, w;

		starts[n++] = row;
		while (q < ed->len && ed->text[q] != '\n') {
			w = char_width(ed->text + q, ed->len - q, &clen);
			if (col + w > width && q > row)
				break;
			col += w;
			q += clen;
			if (ed->text[q - clen] == ' ')
				brk = q;
		}
		if (q >= ed->len)
			break;
		if (ed->text[q] == '\n')
			row = q + 1;
		else if (ed->text[q] == ' ')
			row = q + 1; /* the space that passed the width ends the row unseen */
		else
			row = brk > row ? brk : q;
	}
	return n;
}

/* The rows of the text at ed->width (malloc'd into *starts); 0 when out of memory. */
static int rows_of(const struct ui_editor *ed, size_t **starts)
{
	int max = (int)(ed->len < 1000000 ? ed->len : 1000000) + 2;

	*starts = malloc((size_t)max * sizeof(**starts));
	return *starts ? layout(ed, ed->width, *starts, max) : 0;
}

/* The row holding offset at: the last one starting at or before it. */
static int row_of(const size_t *starts, int n, size_t at)
{
	int r = 0;

	while (r + 1 < n && starts[r + 1] <= at)
		r++;
	return r;
}

/*
 * The end of row r: the last row's end, else on the row's last character (its newline, the
 * space it wrapped after, or the character before the wrap).
 */
static size_t row_end(const struct ui_editor *ed, const size_t *starts, int n, int r)
{
	size_t end;

	if (r + 1 >= n)
		return ed->len;
	end = char_before(ed, starts[r + 1]);
	return end > starts[r] ? end : starts[r];
}

/* Columns from the start of row r to offset at. */
static int column_of(const struct ui_editor *ed, size_t from, size_t at)
{
	size_t clen;
	int col = 0;

	while (from < at) {
		col += char_width(ed->text + from, ed->len - from, &clen);
		from += clen;
	}
	return col;
}

/* The offset in row r nearest column goal. */
static size_t at_column(const struct ui_editor *ed, const size_t *starts, int n, int r, int goal)
{
	size_t at = starts[r], end = row_end(ed, starts, n, r), clen;
	int col = 0, w;

	while (at < end) {
		w = char_width(ed->text + at, ed->len - at, &clen);
		if (col + w > goal)
			break;
		col += w;
		at += clen;
	}
	return at;
}

/* Move the cursor by delta rows, keeping the goal column. */
static void move_rows(struct ui_editor *ed, int delta)
{
	size_t *starts;
	int n = rows_of(ed, &starts), r, target;

	if (!n) {
		free(starts);
		return;
	}
	r = row_of(starts, n, ed->cursor);
	if (ed->goal < 0)
		ed->goal = column_of(ed, starts[r], ed->cursor);
	target = r + delta;
	if (target < 0) {
		ed->cursor = 0;
	} else if (target >= n) {
		ed->cursor = ed->len;
	} else {
		ed->cursor = at_column(ed, starts, n, target, ed->goal);
		ed->top += target - r; /* a page keeps the cursor's place on screen */
		if (ed->top < 0)
			ed->top = 0;
	}
	free(starts);
}

static void move_home_end(struct ui_editor *ed, bool end)
{
	size_t *starts;
	int n = rows_of(ed, &starts), r;

	if (n) {
		r = row_of(starts, n, ed->cursor);
		ed->cursor = end ? row_end(ed, starts, n, r) : starts[r];
	}
	free(starts);
}

bool ui_editor_key(struct ui_editor *ed, int key)
{
	char bytes[4];
	size_t n;
	int page = ed->height > 1 ? ed->height - 1 : 1;

	ed->full = false;
	if (ed->read_only) {
		switch (key) {
		case UI_KEY(KEY_UP):
			ed->top--;
			break;
		case UI_KEY(KEY_DOWN):
			ed->top++;
			break;
		case UI_KEY(KEY_PPAGE):
			ed->top -= page;
			break;
		case UI_KEY(KEY_NPAGE):
			ed->top += page;
			break;
		case UI_KEY(KEY_HOME):
			ed->top = 0;
			break;
		case UI_KEY(KEY_END):
			ed->top =
				(int)ed->len + 1; /* drawing brings it back to the last screenful */
			break;
		default:
			return false;
		}
		return true;
	}
	switch (key) {
	case UI_KEY(KEY_UP):
		move_rows(ed, -1);
		return true;
	case UI_KEY(KEY_DOWN):
		move_rows(ed, 1);
		return true;
	case UI_KEY(KEY_PPAGE):
		move_rows(ed, -page);
		return true;
	case UI_KEY(KEY_NPAGE):
		move_rows(ed, page);
		return true;
	}
	ed->goal = -1;
	switch (key) {
	case UI_KEY(KEY_LEFT):
		ed->cursor = char_before(ed, ed->cursor);
		return true;
	case UI_KEY(KEY_RIGHT):
		ed->cursor += char_len(ed->text + ed->cursor, ed->len - ed->cursor);
		return true;
	case UI_KEY(KEY_HOME):
	case UI_CTRL('A'):
		move_home_end(ed, false);
		return true;
	case UI_KEY(KEY_END):
	case UI_CTRL('E'):
		move_home_end(ed, true);
		return true;
	case UI_KEY(KEY_BACKSPACE):
	case 127:
	case 8:
		if (ed->cursor)
			delete_range(ed, char_before(ed, ed->cursor), ed->cursor);
		return true;
	case UI_KEY(KEY_DC):
	case UI_CTRL('D'):
		if (ed->cursor < ed->len)
			delete_range(ed, ed->cursor,
				     ed->cursor +
					     char_len(ed->text + ed->cursor, ed->len - ed->cursor));
		return true;
	case '\r':
	case '\n':
	case UI_KEY(KEY_ENTER):
		insert(ed, "\n", 1);
		return true;
	case '\t':
		insert(ed, "    ", TAB_SPACES);
		return true;
	}
	if (key >= UI_KEY_FN || !(n = encode(key, bytes)))
		return false;
	/* bidi controls and line separators would reorder what is shown around them */
	if (n > 1 && cl_text_reorders(bytes))
		return true;
	insert(ed, bytes, n);
	return true;
}

void ui_editor_draw(struct ui_editor *ed, WINDOW *win, int y, int x, int height, int width, int *cy,
		    int *cx)
{
	char clean[1024];
	size_t *starts;
	int n, r, cur, col;

	ed->width = width > 1 ? width : 1;
	ed->height = height > 1 ? height : 1;
	*cy = *cx = -1;
	if (!(n = rows_of(ed, &starts))) {
		free(starts);
		return;
	}
	cur = row_of(starts, n, ed->cursor);
	if (ed->read_only) {
		if (ed->top > n - ed->height)
			ed->top = n - ed->height;
	} else {
		if (ed->top > cur)
			ed->top = cur;
		if (cur >= ed->top + ed->height)
			ed->top = cur - ed->height + 1;
		if (ed->top > n - 1)
			ed->top = n - 1;
	}
	if (ed->top < 0)
		ed->top = 0;
	for (r = ed->top; r < n && r - ed->top < ed->height; r++) {
		size_t end = r + 1 < n ? starts[r + 1] : ed->len, len;

		if (end > starts[r] && ed->text[end - 1] == '\n')
			end--;
		len = end - starts[r];
		if (len >= sizeof(clean))
			len = sizeof(clean) - 1;
		memcpy(clean, ed->text + starts[r], len);
		clean[len] = '\0';
		{
			char safe[sizeof(clean) * 3];

			cl_text_sanitize(clean, safe, sizeof(safe));
			mvwaddstr(win, y + r - ed->top, x, safe);
		}
	}
	col = column_of(ed, starts[cur], ed->cursor);
	if (ed->read_only) {
		free(starts);
		return;
	}
	*cy = y + cur - ed->top;
	*cx = x + (col < ed->width ? col : ed->width - 1);
	free(starts);
}

/* n with thousands separators: "16,384". */
static void thousands(size_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len, out = 0;

	snprintf(digits, sizeof(digits), "%zu", n);
	len = strlen(digits);
	for (size_t i = 0; i < len && out + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

void ui_editor_count(const struct ui_editor *ed, char *buf, size_t size)
{
	char used[32], max[32];

	thousands(ed->len, used, sizeof(used));
	thousands(ed->max, max, sizeof(max));
	snprintf(buf, size, "%s / %s", used, max);
}

/* ---- the view ---- */

struct editor_view {
	struct ui_view view; /* first */
	struct ui_editor ed;
	char heading[256];
	char note[256];
	const struct ui_editor_ops *ops;
	void *ctx;
	bool confirming; /* asking "Discard the text? (y/n)" */
	bool quitting;	 /* … after ^C: yes leaves careloop */
	const struct ui_binding *keys;
};

static struct editor_view *to_ev(struct ui_view *view)
{
	return (struct editor_view *)view;
}

static void editor_view_draw(struct ui_view *view, WINDOW *win)
{
	struct editor_view *ev = to_ev(view);
	int h = getmaxy(win), w = getmaxx(win), cy, cx, y = 0;
	char count[80], fitted[512], clean[512];

	wattrset(win, ui_attr(UI_ROLE_HEADER));
	cl_text_sanitize(ev->heading, clean, sizeof(clean));
	cl_text_fit(clean, w - 2, 1, fitted, sizeof(fitted));
	mvwaddstr(win, y++, 1, fitted);
	if (ev->note[0]) {
		wattrset(win, ui_attr(UI_ROLE_DIM));
		cl_text_sanitize(ev->note, clean, sizeof(clean));
		cl_text_fit(clean, w - 2, 1, fitted, sizeof(fitted));
		mvwaddstr(win, y++, 1, fitted);
	}
	/* the count on the last row, in the error colour when full */
	ui_editor_count(&ev->ed, count, sizeof(count));
	snprintf(clean, sizeof(clean), "%s bytes", count);
	wattrset(win,
		 ui_attr(ev->ed.full || ev->ed.len >= ev->ed.max ? UI_ROLE_ERROR : UI_ROLE_DIM));
	if (h > y + 2 && w - 1 - cl_text_width(clean) > 0)
		mvwaddstr(win, h - 1, w - 1 - cl_text_width(clean), clean);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	ui_editor_draw(&ev->ed, win, y + 1, 1, h - y - 2, w - 2, &cy, &cx);
	if (ev->confirming)
		ui_app_prompt(view->app,
			      ev->quitting ? "Discard the text and quit? (y/n) "
					   : "Discard the text? (y/n) ",
			      "", 0);
	else if (cy >= 0)
		ui_app_cursor(view->app, win, cy, cx);
}

static void editor_confirm(struct editor_view *ev, bool asking, bool quitting)
{
	ev->confirming = asking;
	ev->quitting = asking && quitting;
}

static int editor_save(struct ui_view *view)
{
	struct editor_view *ev = to_ev(view);
	struct cl_error err = { 0 };

	if (ui_editor_blank(&ev->ed)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Nothing to save: the text is empty.");
		return UI_HANDLED;
	}
	if (ev->ops->save(ev->ctx, view->app, ui_editor_text(&ev->ed), &err)) {
		ui_app_message(view->app, UI_ROLE_ERROR, "Not saved: %s", err.message);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	return UI_POP;
}

static int editor_cancel(struct ui_view *view)
{
	struct editor_view *ev = to_ev(view);

	if (ui_editor_blank(&ev->ed) || !ui_editor_changed(&ev->ed))
		return UI_POP;
	editor_confirm(ev, true, false);
	return UI_HANDLED;
}

static const struct ui_binding editor_keys[] = {
	{ UI_KEY(KEY_F(10)), "F10", "save", "save", true, editor_save },
	{ UI_CTRL('S'), "^S", "save", "save", false, editor_save },
	{ UI_ESC, "Esc", "cancel", "leave (asks first when the text changed)", true,
	  editor_cancel },
	UI_EDITOR_KEYS,
	{ 0 },
};

/* While asking: y leaves, n or Esc keeps editing; other keys wait. */
static int editor_view_key(struct ui_view *view, int key)
{
	struct editor_view *ev = to_ev(view);

	if (ev->confirming) {
		if (key == 'y' || key == 'Y') {
			ui_app_prompt_end(view->app);
			return ev->quitting ? UI_QUIT : UI_POP;
		}
		if (key == 'n' || key == 'N' || key == UI_ESC) {
			ui_app_prompt_end(view->app);
			editor_confirm(ev, false, false);
		}
		return UI_HANDLED;
	}
	if (!ui_editor_key(&ev->ed, key))
		return UI_UNHANDLED;
	if (ev->ed.full) {
		char max[32];

		thousands(ev->ed.max, max, sizeof(max));
		ui_app_message(view->app, UI_ROLE_ERROR,
			       "The text is full: %s bytes at most; nothing more fits.", max);
	}
	return UI_HANDLED;
}

static bool editor_ask_quit(struct ui_view *view)
{
	struct editor_view *ev = to_ev(view);

	if (ui_editor_blank(&ev->ed) || !ui_editor_changed(&ev->ed))
		return false;
	editor_confirm(ev, true, true);
	return true;
}

static void editor_view_free(struct ui_view *view)
{
	struct editor_view *ev = to_ev(view);

	ui_editor_free(&ev->ed);
	if (ev->ops->free)
		ev->ops->free(ev->ctx);
	free(ev);
}

struct ui_view *ui_editor_view_new(struct ui_app *app, const char *title, const char *heading,
				   const char *note, const char *text, size_t max,
				   const struct ui_editor_ops *ops, void *ctx)
{
	struct editor_view *ev = calloc(1, sizeof(*ev));

	if (!ev || ui_editor_init(&ev->ed, text, max)) {
		free(ev);
		if (ops->free)
			ops->free(ctx);
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	ev->view = (struct ui_view){
		.title = title,
		.keys = editor_keys,
		.types_text = true,
		.modal = true,
		.draw = editor_view_draw,
		.key = editor_view_key,
		.ask_quit = editor_ask_quit,
		.free = editor_view_free,
		.app = app,
	};
	snprintf(ev->heading, sizeof(ev->heading), "%s", heading ? heading : "");
	snprintf(ev->note, sizeof(ev->note), "%s", note ? note : "");
	ev->ops = ops;
	ev->ctx = ctx;
	ev->ed.cursor = ev->ed.len;
	return &ev->view;
}
