#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "form.h"
#include "format.h"
#include "date.h"
#include "keymap.h"
#include "text.h"
#include "theme.h"

#define BOX_WIDTH	 32 /* display columns inside the brackets */
#define LABEL_X		 2  /* where the labels start */
#define FIELD_GAP	 3  /* columns between a label and its box, a box and its side note */
#define ERROR_COLS_LEAST 10 /* an error wraps in at least this many columns */

int ui_form_init(struct ui_form *form, const struct cl_field *defs, const struct ui_form_ops *ops)
{
	int n = 0, i;

	memset(form, 0, sizeof(*form));
	while (defs[n].key)
		n++;
	form->fields = calloc((size_t)(n ? n : 1), sizeof(*form->fields));
	if (!form->fields)
		return CL_ENOMEM;
	form->nfields = n;
	form->ops = *ops;
	for (i = 0; i < n; i++) {
		struct ui_form_field *f = &form->fields[i];

		f->def = &defs[i];
		f->codes = defs[i].choices;
		while (f->codes && f->codes[f->nchoices])
			f->nchoices++;
	}
	return 0;
}

void ui_form_free(struct ui_form *form)
{
	free(form->fields);
	form->fields = NULL;
	form->nfields = 0;
}

void ui_form_load(struct ui_form *form, const void *record)
{
	int i;

	for (i = 0; i < form->nfields; i++) {
		struct ui_form_field *f = &form->fields[i];

		if (form->ops.get(record, f->def->key, f->text, sizeof(f->text)))
			f->text[0] = '\0';
		memcpy(f->loaded, f->text, sizeof(f->loaded));
		f->cursor = strlen(f->text);
		f->error[0] = '\0';
	}
	form->search[0] = '\0';
	form->search_miss = false;
}

static struct ui_form_field *find_field(struct ui_form *form, const char *key, int *index)
{
	int i;

	for (i = 0; i < form->nfields; i++) {
		if (strcmp(form->fields[i].def->key, key) == 0) {
			if (index)
				*index = i;
			return &form->fields[i];
		}
	}
	return NULL;
}

void ui_form_set_choices(struct ui_form *form, const char *key, const char *const *codes,
			 const char *const *labels, int n)
{
	struct ui_form_field *f = find_field(form, key, NULL);

	if (!f)
		return;
	f->codes = codes;
	f->labels = labels;
	f->nchoices = n;
}

bool ui_form_changed(const struct ui_form *form)
{
	int i;

	for (i = 0; i < form->nfields; i++)
		if (strcmp(form->fields[i].text, form->fields[i].loaded) != 0)
			return true;
	return false;
}

/*
 * A date field takes what people type ("t", "+7", "-1m", "1/2/50": cl_date_parse_input) and
 * shows the date it means. False with err filled when it means none; the text stays.
 */
static bool date_normalize(struct ui_form_field *f, struct cl_error *err)
{
	char today[CL_DATE_LEN], date[CL_DATE_LEN];

	if (f->def->kind != CL_FIELD_DATE || !f->text[strspn(f->text, " \t")])
		return true;
	cl_date_today(today);
	if (cl_date_parse_input(f->text, today, cl_date_window_of(f->def->key), date, err))
		return false;
	snprintf(f->text, sizeof(f->text), "%s", date);
	f->cursor = strlen(f->text);
	return true;
}

int ui_form_apply(struct ui_form *form, void *record)
{
	int i, bad = 0;

	for (i = 0; i < form->nfields; i++) {
		struct ui_form_field *f = &form->fields[i];
		struct cl_error err = { 0 };

		f->error[0] = '\0';
		if (date_normalize(f, &err) &&
		    form->ops.set(record, f->def->key, f->text, &err) == 0)
			continue;
		snprintf(f->error, sizeof(f->error), "%s", err.message);
		if (!bad++)
			form->focus = i;
	}
	return bad;
}

bool ui_form_set_error(struct ui_form *form, const char *key, const char *message)
{
	int index;
	struct ui_form_field *f = find_field(form, key, &index);

	if (!f)
		return false;
	snprintf(f->error, sizeof(f->error), "%s", message);
	form->search[0] = '\0'; /* a type-ahead search belongs to the field it was typed in */
	form->search_miss = false;
	form->focus = index;
	return true;
}

const char *ui_form_focus_error(const struct ui_form *form)
{
	const struct ui_form_field *f;

	if (!form->nfields)
		return NULL;
	f = &form->fields[form->focus];
	return f->error[0] ? f->error : NULL;
}

/* Stop a type-ahead search over a choice field. */
static void search_end(struct ui_form *form)
{
	form->search[0] = '\0';
	form->search_miss = false;
}

/* Inline validation of one field, as the user leaves it. */
static void check_field(struct ui_form *form, struct ui_form_field *f)
{
	struct cl_error err = { 0 };

	if (!date_normalize(f, &err)) {
		snprintf(f->error, sizeof(f->error), "%s", err.message);
		return;
	}
	if (!form->ops.check) {
		if (f->def->kind == CL_FIELD_DATE)
			f->error[0] = '\0'; /* the date it said was wrong is one now */
		return;
	}
	if (form->ops.check(form->ops.ctx, f->def->key, f->text, &err))
		snprintf(f->error, sizeof(f->error), "%s", err.message);
	else
		f->error[0] = '\0';
}

void ui_form_focus_move(struct ui_form *form, int delta)
{
	int next;

	if (!form->nfields)
		return;
	next = form->focus + delta;
	if (next < 0)
		next = form->nfields - 1; /* Shift-Tab on the first field wraps, as Tab does */
	if (next >= form->nfields)
		next = 0;
	if (strcmp(form->fields[form->focus].text, form->fields[form->focus].loaded) != 0 ||
	    form->fields[form->focus].error[0])
		check_field(form, &form->fields[form->focus]);
	search_end(form);
	form->focus = next;
	form->fields[next].cursor = strlen(form->fields[next].text);
}

/* ---- editing ---- */

static size_t char_before(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t char_after(const char *s, size_t at)
{
	if (!s[at])
		return at;
	at++;
	while (s[at] && ((unsigned char)s[at] & 0xc0) == 0x80)
		at++;
	return at;
}

static int choice_index(const struct ui_form_field *f)
{
	int i;

	for (i = 0; i < f->nchoices; i++)
		if (strcmp(f->codes[i], f->text) == 0)
			return i;
	return -1;
}

static const char *choice_label(const struct ui_form_field *f, int i)
{
	return f->labels && f->labels[i] ? f->labels[i] : f->codes[i];
}

const char *ui_form_choice_label(const struct ui_form_field *f, int i)
{
	return f->codes[i][0] ? choice_label(f, i) : "(none)";
}

void ui_form_choose(struct ui_form *form, int i)
{
	struct ui_form_field *f;

	if (!form->nfields)
		return;
	f = &form->fields[form->focus];
	if (!cl_field_is_choice(f->def) || i < 0 || i >= f->nchoices)
		return;
	snprintf(f->text, sizeof(f->text), "%s", f->codes[i]);
	f->cursor = strlen(f->text);
	form->search[0] = '\0';
	form->search_miss = false;
}

static void choice_step(struct ui_form_field *f, int delta)
{
	int i = choice_index(f);

	if (!f->nchoices)
		return;
	if (i < 0)
		i = delta > 0 ? -1 : 0;
	i = (i + delta + f->nchoices) % f->nchoices;
	snprintf(f->text, sizeof(f->text), "%s", f->codes[i]);
	f->cursor = strlen(f->text);
}

#define SEARCH_PAUSE 1.0 /* seconds between letters that start a new type-ahead search */

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + now.tv_nsec / 1e9;
}

/* True when s starts with prefix, ASCII letters compared without case. */
static bool starts_with(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return false;
	return true;
}

/* The choice the type-ahead search picks: a code equal to it, else the first code or label
 * it starts; -1 when none. The empty choice ("(none)") is never found by typing. */
static int choice_find(const struct ui_form_field *f, const char *search)
{
	int i;

	for (i = 0; i < f->nchoices; i++)
		if (f->codes[i][0] && strlen(f->codes[i]) == strlen(search) &&
		    starts_with(f->codes[i], search))
			return i;
	for (i = 0; i < f->nchoices; i++)
		if (f->codes[i][0] &&
		    (starts_with(f->codes[i], search) || starts_with(choice_label(f, i), search)))
			return i;
	return -1;
}

/*
 * A key typed on a choice field searches the choices (type-ahead): "NM" finds New Mexico.
 * The value follows the match; when the letters typed so far match nothing, the value is
 * what it was before the search (typing never leaves a choice nobody meant).
 */
static void choice_search(struct ui_form *form, struct ui_form_field *f, int key)
{
	char utf8[MB_LEN_MAX + 1];
	mbstate_t state = { 0 };
	size_t n = wcrtomb(utf8, (wchar_t)key, &state), len;
	double now = monotonic_seconds();
	int i;

	if (!form->search[0] || now - form->search_at > SEARCH_PAUSE) {
		search_end(form);
		snprintf(form->search_from, sizeof(form->search_from), "%s", f->text);
	}
	form->search_at = now;
	len = strlen(form->search);
	if (n == (size_t)-1 || len + n >= sizeof(form->search))
		return;
	memcpy(form->search + len, utf8, n);
	form->search[len + n] = '\0';
	i = choice_find(f, form->search);
	form->search_miss = i < 0;
	snprintf(f->text, sizeof(f->text), "%s", i >= 0 ? f->codes[i] : form->search_from);
	f->cursor = strlen(f->text);
}

static bool text_insert(struct ui_form_field *f, int key)
{
	char utf8[MB_LEN_MAX + 1];
	mbstate_t state = { 0 };
	size_t n = wcrtomb(utf8, (wchar_t)key, &state), len = strlen(f->text);
	size_t max = f->def->max_len > 0 ? (size_t)f->def->max_len : sizeof(f->text) - 1;

	if (max > sizeof(f->text) - 1)
		max = sizeof(f->text) - 1;
	if (n != (size_t)-1)
		utf8[n] = '\0';
	/* What the core refuses in a field (a bidi control, C1 …) is not taken in at all. */
	if (n == (size_t)-1 || len + n > max || !cl_field_text_ok(utf8, false)) {
		beep();
		return true;
	}
	memmove(f->text + f->cursor + n, f->text + f->cursor, len - f->cursor + 1);
	memcpy(f->text + f->cursor, utf8, n);
	f->cursor += n;
	return true;
}

bool ui_form_key(struct ui_form *form, int key)
{
	struct ui_form_field *f;
	size_t len, at;

	if (!form->nfields)
		return false;
	f = &form->fields[form->focus];
	len = strlen(f->text);
	if (cl_field_is_choice(f->def)) {
		if (key > 0x20 && key < UI_KEY_FN && key != 0x7f) {
			choice_search(form, f, key);
			return true;
		}
		search_end(form);
		if (key == ' ' || key == UI_KEY(KEY_RIGHT))
			choice_step(f, 1);
		else if (key == UI_KEY(KEY_LEFT))
			choice_step(f, -1);
		else
			return false;
		return true;
	}
	switch (key) {
	case UI_KEY(KEY_LEFT):
		f->cursor = char_before(f->text, f->cursor);
		return true;
	case UI_KEY(KEY_RIGHT):
		f->cursor = char_after(f->text, f->cursor);
		return true;
	case UI_KEY(KEY_HOME):
	case UI_CTRL('A'):
		f->cursor = 0;
		return true;
	case UI_KEY(KEY_END):
	case UI_CTRL('E'):
		f->cursor = len;
		return true;
	case UI_KEY(KEY_BACKSPACE):
	case 0x7f:
	case UI_CTRL('H'):
		at = char_before(f->text, f->cursor);
		memmove(f->text + at, f->text + f->cursor, len - f->cursor + 1);
		f->cursor = at;
		return true;
	case UI_KEY(KEY_DC):
		at = char_after(f->text, f->cursor);
		memmove(f->text + f->cursor, f->text + at, len - at + 1);
		return true;
	case UI_CTRL('U'):
		f->text[0] = '\0';
		f->cursor = 0;
		return true;
	}
	if (key >= 0x20 && key < UI_KEY_FN && key != 0x7f)
		return text_insert(f, key);
	return false;
}

/* ---- drawing ---- */

static int text_width_n(const char *s, size_t n)
{
	char part[UI_FORM_TEXT], clean[UI_FORM_TEXT * 3];

	snprintf(part, sizeof(part), "%.*s", (int)n, s);
	cl_text_sanitize(part, clean, sizeof(clean));
	return cl_text_width(clean);
}

/* Draw s sanitized and fitted into cols columns; returns the width drawn. */
static int put_text(WINDOW *win, const char *s, int cols, bool ellipsis)
{
	char clean[UI_FORM_TEXT * 3], fitted[UI_FORM_TEXT * 3];
	int used;

	if (cols <= 0)
		return 0;
	cl_text_sanitize(s, clean, sizeof(clean));
	used = cl_text_fit(clean, cols, ellipsis, fitted, sizeof(fitted));
	waddstr(win, fitted);
	return used;
}

static void pad(WINDOW *win, int n)
{
	while (n-- > 0)
		waddch(win, ' ');
}

/* The choices of f on one line: "female · male · other · unknown". */
static void choices_line(const struct ui_form_field *f, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < f->nchoices && len < size; i++) {
		int n = snprintf(buf + len, size - len, "%s%s", i ? " \xc2\xb7 " : "",
				 *f->codes[i] ? choice_label(f, i) : "(none)");

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/* Lines a field takes: itself and its error, wrapped to the width under the box. */
static int field_lines(const struct ui_form *form, const struct ui_form_field *f)
{
	char clean[sizeof(f->error) * 3], line[sizeof(clean)];
	const char *rest = clean;
	size_t n;
	int lines = 1;

	if (!f->error[0])
		return 1;
	cl_text_sanitize(f->error, clean, sizeof(clean));
	while ((n = ui_format_wrap(rest, form->error_cols, line, sizeof(line))) > 0) {
		rest += n;
		lines++;
	}
	return lines;
}

void ui_form_draw(struct ui_form *form, WINDOW *win, int y, int height, int *cy, int *cx)
{
	int label_w = 0, cols = getmaxx(win), i, line, focus_line = 0, box_x, side_x;

	*cy = -1;
	*cx = -1;
	for (i = 0; i < form->nfields; i++) {
		int w = cl_text_width(form->fields[i].def->label);

		if (w > label_w)
			label_w = w;
	}
	box_x = LABEL_X + label_w + FIELD_GAP;
	side_x = box_x + BOX_WIDTH + FIELD_GAP;
	form->error_cols =
		cols - box_x - 1 > ERROR_COLS_LEAST ? cols - box_x - 1 : ERROR_COLS_LEAST;
	for (i = 0, line = 0; i < form->nfields; i++) {
		if (i == form->focus)
			focus_line = line;
		line += field_lines(form, &form->fields[i]);
	}
	if (focus_line < form->scroll)
		form->scroll = focus_line;
	if (focus_line + field_lines(form, &form->fields[form->focus]) > form->scroll + height)
		form->scroll = focus_line + field_lines(form, &form->fields[form->focus]) - height;
	for (i = 0, line = 0; i < form->nfields; line += field_lines(form, &form->fields[i]), i++) {
		struct ui_form_field *f = &form->fields[i];
		bool focused = i == form->focus;
		int row = y + line - form->scroll, used;
		size_t start = 0;
		char side[512];

		if (row < y || row >= y + height)
			continue;
		wattrset(win, ui_attr(f->error[0] ? UI_ROLE_ERROR : UI_ROLE_NORMAL));
		wmove(win, row, LABEL_X);
		put_text(win, f->def->label, label_w, false);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
		mvwaddch(win, row, box_x - 1, '[');
		wattrset(win, ui_attr(focused ? UI_ROLE_FOCUS : UI_ROLE_FIELD));
		if (cl_field_is_choice(f->def)) {
			int c = choice_index(f);
			const char *shown = c >= 0 ? choice_label(f, c) : f->text;

			used = put_text(win, *shown ? shown : "(none)", BOX_WIDTH, true);
			if (focused) { /* the cursor shows where typing goes: the search */
				*cy = row;
				*cx = box_x + (used < BOX_WIDTH ? used : BOX_WIDTH - 1);
			}
		} else {
			/* scroll a long value so that the cursor stays in the box */
			while (text_width_n(f->text + start, f->cursor - start) >= BOX_WIDTH)
				start = char_after(f->text, start);
			used = put_text(win, f->text + start, BOX_WIDTH, false);
			if (focused) {
				*cy = row;
				*cx = box_x + text_width_n(f->text + start, f->cursor - start);
			}
		}
		pad(win, BOX_WIDTH - used);
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
		waddch(win, ']');
		side[0] = '\0';
		if (focused && cl_field_is_choice(f->def) && form->search_miss)
			snprintf(side, sizeof(side), "\"%s\": no match, kept", form->search);
		else if (focused && cl_field_is_choice(f->def) && form->search[0])
			snprintf(side, sizeof(side), "found by \"%s\"", form->search);
		else if (focused && cl_field_is_choice(f->def))
			choices_line(f, side, sizeof(side));
		else if (focused && f->def->kind == CL_FIELD_DATE)
			snprintf(side, sizeof(side), "t +7 -1m 1/2/1950 Y-M-D");
		if (side[0] && cols - side_x > 4) {
			wattrset(win, ui_attr(UI_ROLE_DIM));
			wmove(win, row, side_x);
			put_text(win, side, cols - side_x - 1, true);
		}
		if (f->error[0]) {
			char clean[sizeof(f->error) * 3], part[sizeof(clean)];
			const char *rest = clean;
			size_t n;

			cl_text_sanitize(f->error, clean, sizeof(clean));
			wattrset(win, ui_attr(UI_ROLE_ERROR));
			while ((n = ui_format_wrap(rest, form->error_cols, part, sizeof(part))) >
				       0 &&
			       ++row < y + height) {
				mvwaddstr(win, row, box_x, part);
				rest += n;
			}
		}
		wattrset(win, ui_attr(UI_ROLE_NORMAL));
	}
}
