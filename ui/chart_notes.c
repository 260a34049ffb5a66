#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_list.h"
#include "editor.h"
#include "format.h"
#include "keymap.h"
#include "note.h"
#include "popup.h"
#include "text.h"
#include "views.h"

/*
 * The chart's Notes: the case notes, newest first (when, kind, author, the text's start). A
 * note is written in the editor (a), read whole (Enter), amended (A: a new note with the
 * text to correct; the original stays, drawn dimmed after a "✗ amended" marker, as every
 * struck record is drawn), and found by its words (/).
 */

#define ROWS_MAX 200

/* How a struck (amended) note or record starts its line; dimmed with it. */
#define STRUCK_MARK "\xe2\x9c\x97 amended"

struct notes_state {
	struct ui_chart_list list; /* first: ui_chart_list_key */
	struct cl_note_row rows[ROWS_MAX];
	char query[128]; /* the search's words, "" for every note */
};

static void notes_load(struct ui_view *chart, struct notes_state *st)
{
	const struct cl_patient *p = ui_chart_patient(chart);
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };
	int rc;

	rc = st->query[0]
		     ? cl_note_search(db, &p->id, st->query, st->rows, ROWS_MAX, &st->list.n, &err)
		     : cl_note_list(db, &p->id, st->rows, ROWS_MAX, &st->list.n, &err);
	if (rc) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the notes: %s",
			       err.message);
		st->list.n = 0;
	}
	ui_chart_list_loaded(&st->list);
}

static void *notes_open(struct ui_view *chart)
{
	struct notes_state *st = calloc(1, sizeof(*st));

	if (st)
		notes_load(chart, st);
	return st;
}

static void notes_reload(struct ui_view *chart, void *state)
{
	if (state)
		notes_load(chart, state);
}

/* When, Kind, By, Text. */
static const struct ui_column note_columns[] = {
	{ .title = "When", .width = 16, .keep = true },
	{ .title = "Kind", .width = 12 },
	{ .title = "By", .width = 8, .max = 12, .grow = 1 },
	{ .title = "Text", .width = 10, .grow = 8 },
};

/* The text's start on one line: newlines and tabs as spaces. */
static void one_line(const char *text, char *buf, size_t size)
{
	snprintf(buf, size, "%s", text + strspn(text, " \t\r\n"));
	for (char *s = buf; *s; s++)
		if (*s == '\n' || *s == '\t' || *s == '\r')
			*s = ' ';
}

static const char *kind_short(const char *kind)
{
	int i = cl_code_index(cl_note_kinds, kind);
	static const char *const shorts[] = { "Note", "Phone call", "Home visit", "Conference" };

	return i >= 0 && i < (int)(sizeof(shorts) / sizeof(shorts[0])) ? shorts[i] : kind;
}

static enum ui_role note_row(void *ctx, int row, char *buf, size_t size)
{
	const struct notes_state *st = ctx;
	const struct cl_note_row *r = &st->rows[row];
	char when[17], text[sizeof(r->preview) + 64], line[sizeof(r->preview)];

	snprintf(when, sizeof(when), "%s", r->occurred_at);
	if (when[10] == 'T')
		when[10] = ' ';
	one_line(r->preview, line, sizeof(line));
	snprintf(text, sizeof(text), "%s%s%s", r->amended ? STRUCK_MARK " " : "",
		 r->amends ? "(amends) " : "", line);
	ui_format_columns(buf, size, note_columns,
			  (const char *const[]){ when, kind_short(r->kind), r->author_name, text },
			  4, st->list.width, 2);
	return r->amended ? UI_ROLE_DIM : UI_ROLE_NORMAL;
}

static void notes_draw(struct ui_view *chart, void *state, WINDOW *win)
{
	struct notes_state *st = state;
	char text[600];

	(void)chart;
	if (!st)
		return;
	if (st->query[0])
		snprintf(text, sizeof(text), "Notes with \"%s\": %d%s  (Esc: every note)",
			 st->query, st->list.n, st->list.n == ROWS_MAX ? "+" : "");
	else
		snprintf(text, sizeof(text), "Notes: %d%s, newest first", st->list.n,
			 st->list.n == ROWS_MAX ? "+" : "");
	ui_chart_put(win, 0, 1, text, UI_ROLE_NORMAL);
	if (!st->list.n) {
		ui_chart_put(win, 2, 3,
			     st->query[0]
				     ? "No note has these words. /: search again, Esc: every note."
				     : "No notes yet. a: write a note.",
			     UI_ROLE_DIM);
		return;
	}
	ui_format_columns(text, sizeof(text), note_columns, NULL, 4, getmaxx(win) - 2, 2);
	ui_chart_list_draw(&st->list, win, 1, 1, text, note_row, st);
}

/* ---- writing: the editor ---- */

struct note_draft {
	struct cl_id patient;
	char kind[32];
	char occurred_at[17];  /* the original's, when amending */
	struct cl_id original; /* nil for a new note */
	long long original_version;
};

static int note_save(void *ctx, struct ui_app *app, const char *text, struct cl_error *err)
{
	struct note_draft *d = ctx;
	struct cl_note n;
	bool amend = !cl_id_is_nil(&d->original);
	int rc;

	cl_note_init(&n, &d->patient);
	if ((rc = cl_note_field_set(&n, "kind", d->kind, err)) ||
	    (amend && (rc = cl_note_field_set(&n, "occurred_at", d->occurred_at, err))) ||
	    (rc = cl_note_set_body(&n, text, err)))
		goto out;
	rc = amend ? cl_note_amend(ui_app_db(app), &d->original, d->original_version, &n, err)
		   : cl_note_add(ui_app_db(app), &n, err);
	if (!rc)
		ui_app_message(app, UI_ROLE_OK,
			       amend ? "Note amended; the original stays, marked amended."
				     : "Note saved.");
out:
	cl_note_clear(&n);
	return rc;
}

static const struct ui_editor_ops note_editor_ops = {
	.save = note_save,
	.free = free,
};

static void write_note(struct ui_view *chart, int kind)
{
	struct note_draft *d = calloc(1, sizeof(*d));
	char heading[200];

	if (!d) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Out of memory.");
		return;
	}
	d->patient = ui_chart_patient(chart)->id;
	snprintf(d->kind, sizeof(d->kind), "%s", cl_note_kinds[kind]);
	snprintf(heading, sizeof(heading), "New note: %s", cl_note_kind_labels[kind]);
	ui_app_push(chart->app,
		    ui_editor_view_new(chart->app, "Note", heading, "F10 or ^S saves; Esc leaves.",
				       NULL, CL_NOTE_MAX_BYTES, &note_editor_ops, d));
}

static void kind_picked(struct ui_view *chart, int index)
{
	write_note(chart, index);
}

static int act_write(struct ui_view *chart)
{
	int n = 0;

	while (cl_note_kind_labels[n])
		n++;
	ui_app_push(chart->app, ui_pick_new(chart->app, chart, "Kind of note", cl_note_kind_labels,
					    n, 0, kind_picked));
	return UI_HANDLED;
}

/* Open the editor to amend note id: the text to correct, the original's kind and time. */
static void amend_note(struct ui_view *chart, const struct cl_id *id)
{
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };
	struct note_draft *d;
	struct cl_note n;
	char heading[200], when[17];

	if (cl_note_get(db, id, &n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the note: %s",
			       err.message);
		return;
	}
	if (n.amended_at[0]) {
		ui_app_message(chart->app, UI_ROLE_ERROR,
			       "This note was amended already: amend its newest version.");
		cl_note_clear(&n);
		return;
	}
	if (!(d = calloc(1, sizeof(*d)))) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Out of memory.");
		cl_note_clear(&n);
		return;
	}
	d->patient = n.patient_id;
	d->original = n.id;
	d->original_version = n.version;
	snprintf(d->kind, sizeof(d->kind), "%s", n.kind);
	snprintf(d->occurred_at, sizeof(d->occurred_at), "%s", n.occurred_at);
	snprintf(when, sizeof(when), "%s", n.occurred_at);
	if (when[10] == 'T')
		when[10] = ' ';
	snprintf(heading, sizeof(heading), "Amend: %s of %s", cl_note_kind_label(n.kind), when);
	ui_app_push(chart->app,
		    ui_editor_view_new(chart->app, "Amend note", heading,
				       "The original stays, marked amended with your name and "
				       "the time. F10 or ^S saves; Esc leaves.",
				       n.body, CL_NOTE_MAX_BYTES, &note_editor_ops, d));
	cl_note_clear(&n);
}

static struct notes_state *notes_of(struct ui_view *chart)
{
	return ui_chart_state(chart, ui_chart_notes.name);
}

static int act_amend(struct ui_view *chart)
{
	struct notes_state *st = notes_of(chart);

	if (!st || !st->list.n) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "No note to amend.");
		return UI_HANDLED;
	}
	amend_note(chart, &st->rows[st->list.sel].id);
	return UI_HANDLED;
}

/* ---- reading a note whole ---- */

struct reader_view {
	struct ui_view view; /* first */
	struct ui_view *chart;
	struct ui_editor ed; /* read only: the movement keys alone */
	struct cl_id id;
	char lines[3][300];
	bool amended;
};

static void reader_draw(struct ui_view *view, WINDOW *win)
{
	struct reader_view *rv = (struct reader_view *)view;
	int y = 0, cy, cx, i;

	for (i = 0; i < 3; i++) {
		if (!rv->lines[i][0])
			continue;
		ui_chart_put(win, y++, 1, rv->lines[i],
			     i == 0		     ? UI_ROLE_HEADER
			     : i == 1 && rv->amended ? UI_ROLE_ERROR
						     : UI_ROLE_DIM);
	}
	if (rv->amended)
		wattrset(win, ui_attr(UI_ROLE_DIM));
	ui_editor_draw(&rv->ed, win, y + 1, 1, getmaxy(win) - y - 1, getmaxx(win) - 2, &cy, &cx);
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
}

static int reader_key(struct ui_view *view, int key)
{
	struct reader_view *rv = (struct reader_view *)view;

	if (key == 'j')
		key = UI_KEY(KEY_DOWN);
	else if (key == 'k')
		key = UI_KEY(KEY_UP);
	else if (key == ' ')
		key = UI_KEY(KEY_NPAGE);
	return ui_editor_key(&rv->ed, key) ? UI_HANDLED : UI_UNHANDLED;
}

static int reader_back(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static int reader_amend(struct ui_view *view)
{
	struct reader_view *rv = (struct reader_view *)view;
	struct ui_view *chart = rv->chart;
	struct cl_id id = rv->id;

	if (rv->amended) {
		ui_app_message(view->app, UI_ROLE_ERROR,
			       "This note was amended already: amend its newest version.");
		return UI_HANDLED;
	}
	/* the editor takes the reader's place over the chart */
	amend_note(chart, &id);
	return UI_POP;
}

static const struct ui_binding reader_keys[] = {
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "scroll down", false, NULL, .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "scroll up", false, NULL, .more = { 'k' } },
	{ UI_KEY(KEY_NPAGE), "PgDn, Space", "page", "a screenful down", false, NULL,
	  .more = { ' ' } },
	{ UI_KEY(KEY_PPAGE), "PgUp", "page", "a screenful up", false, NULL },
	{ UI_KEY(KEY_HOME), "Home", "top", "the start of the note", false, NULL },
	{ UI_KEY(KEY_END), "End", "bottom", "the end of the note", false, NULL },
	{ 'A', "A", "amend", "amend the note (the original stays, marked amended)", true,
	  reader_amend },
	{ 'q', "q", "back", "back to the chart", true, reader_back },
	{ UI_ESC, "Esc", "back", "back to the chart", false, reader_back },
	{ 0 },
};

static void reader_free(struct ui_view *view)
{
	struct reader_view *rv = (struct reader_view *)view;

	ui_editor_free(&rv->ed);
	free(rv);
}

void ui_chart_note_read(struct ui_view *chart, const struct cl_id *id)
{
	struct cl_db *db = ui_app_db(chart->app);
	struct cl_error err = { 0 };
	struct reader_view *rv;
	struct cl_note n;
	char when[17], amended[64];

	if (cl_note_get(db, id, &n, &err)) {
		ui_app_message(chart->app, UI_ROLE_ERROR, "Could not read the note: %s",
			       err.message);
		return;
	}
	if (!(rv = calloc(1, sizeof(*rv))) ||
	    ui_editor_init(&rv->ed, n.body, n.body ? strlen(n.body) : 0)) {
		free(rv);
		cl_note_clear(&n);
		ui_app_message(chart->app, UI_ROLE_ERROR, "Out of memory.");
		return;
	}
	rv->view = (struct ui_view){
		.title = "Note",
		.keys = reader_keys,
		.draw = reader_draw,
		.key = reader_key,
		.free = reader_free,
	};
	rv->ed.read_only = true;
	rv->chart = chart;
	rv->id = n.id;
	rv->amended = n.amended_at[0] != '\0';
	snprintf(when, sizeof(when), "%s", n.occurred_at);
	if (when[10] == 'T')
		when[10] = ' ';
	snprintf(rv->lines[0], sizeof(rv->lines[0]), "%s, %s, by %s", cl_note_kind_label(n.kind),
		 when, n.author_name[0] ? n.author_name : n.author);
	if (rv->amended) {
		ui_format_time(n.amended_at, amended, sizeof(amended));
		snprintf(rv->lines[1], sizeof(rv->lines[1]),
			 STRUCK_MARK " by %s on %s: see the newer note", n.amended_by_name,
			 amended);
	}
	if (!cl_id_is_nil(&n.supersedes))
		snprintf(rv->lines[2], sizeof(rv->lines[2]),
			 "This note amends an earlier one (shown struck in the list).");
	cl_note_clear(&n);
	ui_app_push(chart->app, &rv->view);
}

static int act_read(struct ui_view *chart)
{
	struct notes_state *st = notes_of(chart);

	if (st && st->list.n)
		ui_chart_note_read(chart, &st->rows[st->list.sel].id);
	return UI_HANDLED;
}

/* ---- search ---- */

static void searched(struct ui_view *chart, const char *words)
{
	struct notes_state *st = notes_of(chart);

	if (!st)
		return;
	snprintf(st->query, sizeof(st->query), "%s", words);
	cl_text_trim(st->query);
	st->list.sel = st->list.top = 0;
	notes_load(chart, st);
}

static int act_search(struct ui_view *chart)
{
	ui_app_push(chart->app,
		    ui_ask_new(chart->app, chart, "Notes with the words: ", false, searched));
	return UI_HANDLED;
}

/* Esc leaves a search (every note again) before it leaves the chart. */
static int notes_key(struct ui_view *chart, void *state, int key)
{
	struct notes_state *st = state;

	if (st && key == UI_ESC && st->query[0]) {
		searched(chart, "");
		return UI_HANDLED;
	}
	return ui_chart_list_key(chart, state, key);
}

int ui_chart_note(struct ui_view *chart)
{
	return act_write(chart);
}

static const struct ui_binding notes_keys[] = {
	{ 'a', "a", "note", "write a note (pick its kind, then type; F10 or ^S saves)", true,
	  act_write },
	{ '\r', "Enter", "read", "read the selected note whole", true, act_read, UI_ENTER_MORE },
	{ 'A', "A", "amend", "amend the selected note (the original stays, marked amended)", true,
	  act_amend },
	{ '/', "/", "search", "find the patient's notes by their words (Esc: every note)", true,
	  act_search },
	UI_CHART_LIST_KEYS("next note", "previous note", "newest note", "oldest note"),
	{ 0 },
};

const struct ui_chart_section ui_chart_notes = {
	.name = "Notes",
	.keys = notes_keys,
	.open = notes_open,
	.reload = notes_reload,
	.draw = notes_draw,
	.key = notes_key,
	.free = free,
};
