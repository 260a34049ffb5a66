#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "format.h"
#include "keymap.h"
#include "lock.h"
#include "sync.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "views.h"

#define MIN_COLS  80
#define MIN_LINES 24
#define MAX_VIEWS 16
#define TICK_MS	  1000 /* how often an idle loop wakes to check the lock */
#define BURST_MAX 8192 /* keys typed into a text view between two redraws (a paste) */
#define TOO_SMALL "terminal too small (needs 80x24)"

struct ui_app {
	struct cl_db *db;
	const struct ui_options *opt;
	struct ui_view *stack[MAX_VIEWS];
	int depth;
	WINDOW *title, *body, *msg, *hints; /* NULL while the terminal is too small */
	bool quit, locked;
	struct ui_lock lock; /* while locked: who may unlock, tries, the last message */
	int key;	     /* the key being handled */
	int pending_tab;     /* a number key switches views after the key's handler returned */
	void (*pending_then)(struct ui_view *view); /* and then this, on the view shown */
	unsigned long generation;		    /* bumped by ui_app_touch */
	struct timespec last_key;
	char message[512];
	enum ui_role message_role;
	bool prompting;
	char prompt_label[256], prompt_text[512]; /* a y/n question is its label */
	size_t prompt_cursor;
	WINDOW *cursor_win; /* where the terminal cursor shows on this frame, or NULL */
	int cursor_y, cursor_x;
};

static struct ui_view *top(struct ui_app *app)
{
	return app->depth ? app->stack[app->depth - 1] : NULL;
}

/* ---- the top-level views and the generic keys ---- */

/*
 * The top-level views, a row each: its number, its tab's name in the title bar, its number
 * key's word and help line, and the view it opens; the first opens first. The tabs, their
 * number keys and what those open all come from these rows: a new top-level view is its file
 * and a row here.
 */
/* clang-format off */
#define TABS(TAB) \
	TAB(1, "Worklist",  "worklist",  "go to the worklist",          ui_worklist_new) \
	TAB(2, "Patients",  "patients",  "go to the patients list",     ui_patients_new) \
	TAB(3, "Referrals", "referrals", "go to the referrals",         ui_referrals_new) \
	TAB(4, "Directory", "directory", "go to the partner directory", ui_directory_new) \
	TAB(5, "Reports",   "reports",   "go to the program measures",  ui_reports_new)
/* clang-format on */

static const struct ui_tab {
	int number; /* its key: '0' + number */
	const char *name;
	struct ui_view *(*open)(struct ui_app *app);
} tabs[] = {
#define TAB_ROW(number, name, word, help, open) { number, name, open },
	TABS(TAB_ROW)
#undef TAB_ROW
};

#define NTABS ((int)(sizeof(tabs) / sizeof(tabs[0])))

/* The number of the tab that open opens (0: none). */
static int tab_opening(struct ui_view *(*open)(struct ui_app *app))
{
	int i;

	for (i = 0; i < NTABS; i++)
		if (tabs[i].open == open)
			return tabs[i].number;
	return 0;
}

/* Make the top-level view number the only view, after the key being handled has run. */
static void show_tab(struct ui_app *app, int number)
{
	app->pending_tab = number;
	app->pending_then = NULL;
}

/*
 * As show_tab, then call then with the view shown (its search started, ...); then is not
 * called when the view could not open.
 */
static void show_tab_then(struct ui_app *app, int number, void (*then)(struct ui_view *view))
{
	app->pending_tab = number;
	app->pending_then = then;
}

static int generic_help(struct ui_view *view)
{
	ui_app_help(view->app);
	return UI_HANDLED;
}

/* A number key: its tab. */
static int generic_tab(struct ui_view *view)
{
	show_tab(view->app, view->app->key - '0');
	return UI_HANDLED;
}

/* `/` away from a searchable list: the patients list's search, from any screen. */
static int generic_find(struct ui_view *view)
{
	show_tab_then(view->app, tab_opening(ui_patients_new), ui_patients_find);
	return UI_HANDLED;
}

static int generic_redraw(struct ui_view *view)
{
	ui_app_redraw(view->app);
	return UI_HANDLED;
}

static int generic_quit(struct ui_view *view)
{
	(void)view;
	return UI_QUIT;
}

const struct ui_binding ui_generic_keys[] = {
	{ '?', "?", "help", "show the keys of this screen", true, generic_help },
	{ UI_KEY(KEY_F(1)), "F1", "help", "show the keys of this screen", false, generic_help },
	{ '/', "/", "find", "find a patient: go to the patients list and search it", true,
	  generic_find, .leaves = true },
/* clang-format off */
#define TAB_KEY(number, name, word, help, open) \
	{ '0' + (number), #number, word, help, false, generic_tab, .leaves = true },
	TABS(TAB_KEY)
#undef TAB_KEY
	/* clang-format on */
	{ UI_CTRL('L'), "^L", "redraw", "redraw the screen", false, generic_redraw },
	{ UI_CTRL('C'), "^C", "quit", "leave careloop (asks first when a form holds unsaved input)",
	  false, generic_quit },
	{ 0 },
};

void ui_app_push(struct ui_app *app, struct ui_view *view)
{
	if (!view)
		return;
	if (app->depth == MAX_VIEWS) {
		view->free(view);
		ui_app_message(app, UI_ROLE_ERROR, "too many screens open");
		return;
	}
	view->app = app;
	app->stack[app->depth++] = view;
}

/* Take view off the stack wherever it is and free it; the view uncovered reloads. */
static void app_remove(struct ui_app *app, struct ui_view *view)
{
	bool was_top = view == top(app);
	int i;

	for (i = 0; i < app->depth && app->stack[i] != view; i++)
		;
	if (i == app->depth)
		return;
	memmove(&app->stack[i], &app->stack[i + 1], (size_t)(app->depth - i - 1) * sizeof(view));
	app->depth--;
	view->free(view);
	if (was_top && top(app) && top(app)->resume)
		top(app)->resume(top(app));
}

void ui_app_close(struct ui_app *app, struct ui_view *view)
{
	app_remove(app, view);
}

/* Make tab number the only view, opening it (and stamping its number) unless it is open. */
static void app_show_tab_now(struct ui_app *app, int number)
{
	const struct ui_tab *tab = NULL;
	struct ui_view *view;
	int i;

	for (i = 0; i < NTABS; i++)
		if (tabs[i].number == number)
			tab = &tabs[i];
	if (!tab)
		return;
	if (app->depth && app->stack[0]->tab == number) {
		while (app->depth > 1)
			app_remove(app, top(app));
		return;
	}
	while (app->depth)
		app_remove(app, top(app));
	view = tab->open(app);
	if (view)
		view->tab = number;
	ui_app_push(app, view);
}

void ui_app_help(struct ui_app *app)
{
	ui_app_push(app, ui_help_new(app, top(app)));
}

void ui_app_redraw(struct ui_app *app)
{
	(void)app;
	clearok(curscr, TRUE);
}

struct cl_db *ui_app_db(struct ui_app *app)
{
	return app->db;
}

void ui_app_touch(struct ui_app *app)
{
	app->generation++;
}

unsigned long ui_app_generation(struct ui_app *app)
{
	return app->generation;
}

void ui_app_message(struct ui_app *app, enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof(app->message), fmt, ap);
	va_end(ap);
	app->message_role = role;
}

void ui_app_prompt(struct ui_app *app, const char *label, const char *text, size_t cursor)
{
	app->prompting = true;
	snprintf(app->prompt_label, sizeof(app->prompt_label), "%s", label);
	snprintf(app->prompt_text, sizeof(app->prompt_text), "%s", text);
	app->prompt_cursor = cursor < strlen(app->prompt_text) ? cursor : strlen(app->prompt_text);
}

void ui_app_prompt_end(struct ui_app *app)
{
	app->prompting = false;
}

void ui_app_cursor(struct ui_app *app, WINDOW *win, int y, int x)
{
	app->cursor_win = win;
	app->cursor_y = y;
	app->cursor_x = x;
}

/* ---- the screen ---- */

static void windows_free(struct ui_app *app)
{
	WINDOW **wins[] = { &app->title, &app->body, &app->msg, &app->hints };
	size_t i;

	for (i = 0; i < sizeof(wins) / sizeof(wins[0]); i++) {
		if (*wins[i])
			delwin(*wins[i]);
		*wins[i] = NULL;
	}
}

/* Lay the windows out for the terminal's size; none when it is below 80x24. */
static void windows_layout(struct ui_app *app)
{
	windows_free(app);
	if (LINES < MIN_LINES || COLS < MIN_COLS)
		return;
	app->title = newwin(1, COLS, 0, 0);
	app->body = newwin(LINES - 3, COLS, 1, 0);
	app->msg = newwin(1, COLS, LINES - 2, 0);
	app->hints = newwin(1, COLS, LINES - 1, 0);
	if (!app->title || !app->body || !app->msg || !app->hints) {
		windows_free(app);
		return;
	}
	keypad(app->title, TRUE);
	keypad(app->body, TRUE);
	keypad(app->msg, TRUE);
	keypad(app->hints, TRUE);
	wbkgdset(app->title, ' ' | ui_attr(UI_ROLE_TITLE));
	wbkgdset(app->hints, ' ' | ui_attr(UI_ROLE_HINT));
}

/* Draw sanitized text fitted into cols columns at the window's cursor; returns its width. */
static int put_fitted(WINDOW *win, const char *text, int cols)
{
	char clean[512], fitted[512];
	int used;

	if (cols <= 0)
		return 0;
	cl_text_sanitize(text, clean, sizeof(clean));
	used = cl_text_fit(clean, cols, 1, fitted, sizeof(fitted));
	waddstr(win, fitted);
	return used;
}

/* A whole-screen notice on stdscr: the too-small screen and the idle lock. */
static void draw_notice(const char *text)
{
	int cols = COLS, width;
	char fitted[128];

	werase(stdscr);
	width = cl_text_fit(text, cols, 0, fitted, sizeof(fitted));
	mvwaddstr(stdscr, LINES / 2, (cols - width) / 2 > 0 ? (cols - width) / 2 : 0, fitted);
	wnoutrefresh(stdscr);
}

static void draw_title(struct ui_app *app)
{
	WINDOW *w = app->title;
	const struct ui_view *current = app->depth ? app->stack[0] : NULL;
	char right[256];
	int cols = getmaxx(w), right_width;
	int i;

	werase(w);
	wattrset(w, ui_attr(UI_ROLE_TITLE));
	mvwaddstr(w, 0, 1, "careloop ");
	for (i = 0; i < NTABS; i++) {
		bool on = current && current->tab == tabs[i].number;
		char tab[64];

		snprintf(tab, sizeof(tab), "[%d %s]", tabs[i].number, tabs[i].name);
		waddch(w, ' ');
		wattrset(w, ui_attr(on ? UI_ROLE_TAB : UI_ROLE_TITLE));
		waddstr(w, tab);
		wattrset(w, ui_attr(UI_ROLE_TITLE));
	}
	snprintf(right, sizeof(right), "%s  %s",
		 app->opt && app->opt->db_label ? app->opt->db_label : "",
		 cl_db_user_display(app->db));
	{
		char clean[256], fitted[256];
		int room = cols - getcurx(w) - 2; /* never over the tabs */

		cl_text_sanitize(right, clean, sizeof(clean));

		if (room > cols / 2 - 1)
			room = cols / 2 - 1;
		right_width = room > 0 ? cl_text_fit(clean, room, 1, fitted, sizeof(fitted)) : 0;
		if (right_width > 0)
			mvwaddstr(w, 0, cols - right_width - 1, fitted);
	}
	wnoutrefresh(w);
}

/*
 * A site's sync at a glance, at the right end of the message line on every screen: its open
 * conflicts, then since when the hub is unreachable or how long ago it last synced. Nothing
 * for a file that never synced. One one-row query a frame (cl_sync_glance). The message
 * (used columns of the line) comes first: what does not fit after it is left out, the age
 * before the conflicts.
 */
static void draw_sync_note(struct ui_app *app, WINDOW *w, int used)
{
	struct cl_sync_status s;
	char conflicts[48] = "", state[96] = "", when[48];
	enum ui_role state_role = UI_ROLE_DIM;
	int cols = getmaxx(w), room = cols - used - (used ? 2 : 0) - 1, cw, sw;

	if (cl_sync_glance(app->db, &s, NULL) || !s.site[0])
		return;
	if (s.conflicts > 0)
		snprintf(conflicts, sizeof(conflicts), "%lld conflict%s", s.conflicts,
			 s.conflicts == 1 ? "" : "s");
	if (s.failed_at[0]) {
		ui_format_time(s.failed_at, when, sizeof(when));
		snprintf(state, sizeof(state), "hub unreachable since %s", when);
		state_role = UI_ROLE_ERROR;
	} else if (s.synced_at[0]) {
		/* synced_at is SQLite's clock, the real one (not CARELOOP_TODAY's) */
		ui_format_ago(s.synced_at, time(NULL), when, sizeof(when));
		if (when[0])
			snprintf(state, sizeof(state), "synced %s", when);
	}
	cw = cl_text_width(conflicts);
	sw = cl_text_width(state);
	if (cw + (cw && sw ? 2 : 0) + sw > room)
		sw = 0; /* the age gives way first */
	if (cw > room)
		return;
	wmove(w, 0, cols - 1 - sw - (cw && sw ? 2 : 0) - cw);
	if (cw) {
		/* the attention of the worklist's URGENT line, reversed to stand out of any text */
		wattrset(w, ui_attr(UI_ROLE_ERROR) | A_REVERSE);
		waddstr(w, conflicts);
		wattrset(w, ui_attr(UI_ROLE_NORMAL));
		if (sw)
			waddstr(w, "  ");
	}
	if (sw) {
		wattrset(w, ui_attr(state_role));
		waddstr(w, state);
	}
	wattrset(w, ui_attr(UI_ROLE_NORMAL));
}

static void draw_message(struct ui_app *app)
{
	WINDOW *w = app->msg;
	int cols = getmaxx(w), used = 0;

	werase(w);
	if (app->prompting) {
		char before[512];
		int x;

		wattrset(w, ui_attr(UI_ROLE_NORMAL));
		wmove(w, 0, 0);
		x = put_fitted(w, app->prompt_label, cols);
		put_fitted(w, app->prompt_text, cols - x - 1);
		snprintf(before, sizeof(before), "%.*s", (int)app->prompt_cursor, app->prompt_text);
		{
			char clean[512];

			cl_text_sanitize(before, clean, sizeof(clean));
			x += cl_text_width(clean);
		}
		ui_app_cursor(app, w, 0, x < cols ? x : cols - 1);
	} else if (app->message[0]) {
		wattrset(w, ui_attr(app->message_role));
		wmove(w, 0, 0);
		used = put_fitted(w, app->message, cols);
	}
	wattrset(w, ui_attr(UI_ROLE_NORMAL));
	if (!app->prompting)
		draw_sync_note(app, w, used);
	wnoutrefresh(w);
}

static void draw_hints(struct ui_app *app)
{
	WINDOW *w = app->hints;
	char hints[512];

	werase(w);
	wattrset(w, ui_attr(UI_ROLE_HINT));
	ui_keymap_hints(top(app), hints, sizeof(hints));
	wmove(w, 0, 0);
	put_fitted(w, hints, getmaxx(w));
	wnoutrefresh(w);
}

/* Stage every window and show them with one doupdate. */
static void app_draw(struct ui_app *app)
{
	struct ui_view *view = top(app);

	app->cursor_win = NULL;
	if (!app->body) {
		draw_notice(TOO_SMALL);
	} else if (app->locked) {
		ui_lock_draw(&app->lock);
	} else if (view) {
		draw_title(app);
		werase(app->body);
		view->draw(view, app->body);
		wattrset(app->body, ui_attr(UI_ROLE_NORMAL));
		wnoutrefresh(app->body);
		draw_message(app);
		draw_hints(app);
	}
	if (app->cursor_win) {
		curs_set(1);
		wmove(app->cursor_win, app->cursor_y, app->cursor_x);
		wnoutrefresh(app->cursor_win); /* the last window staged places the cursor */
	} else {
		curs_set(0);
	}
	doupdate();
}

/* ---- input ---- */

static double seconds_since(const struct timespec *then)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - then->tv_sec) + (now.tv_nsec - then->tv_nsec) / 1e9;
}

/* Wait up to ms for a key; returns the key (see keymap.h) or 0 when none came. */
static int read_key(struct ui_app *app, int ms)
{
	WINDOW *w = app->cursor_win ? app->cursor_win : app->hints ? app->hints : stdscr;
	wint_t ch;
	int rc;

	keypad(w, TRUE);
	wtimeout(w, ms);
	rc = wget_wch(w, &ch);
	if (rc == KEY_CODE_YES)
		return UI_KEY((int)ch);
	if (rc == OK)
		return (int)ch;
	return 0;
}

static void app_key(struct ui_app *app, int key)
{
	struct ui_view *view = top(app);
	const struct ui_binding *b;
	int rc = UI_UNHANDLED;

	if (!view)
		return;
	app->key = key;
	if (!app->prompting)
		app->message[0] = '\0';
	if (view->key)
		rc = view->key(view, key);
	if (rc == UI_UNHANDLED) {
		b = ui_keymap_find_view(view, key);
		if (b && b->run)
			rc = b->run(view);
	}
	if (rc == UI_POP)
		app_remove(app, view);
	else if (rc == UI_QUIT)
		app->quit = true;
	if (app->pending_tab) {
		app_show_tab_now(app, app->pending_tab);
		if (app->pending_then && top(app) && top(app)->tab == app->pending_tab)
			app->pending_then(top(app));
		app->pending_tab = 0;
		app->pending_then = NULL;
	}
}

/* ^C leaves careloop, but first asks the topmost view holding unsaved input (a form). */
static void app_interrupt(struct ui_app *app)
{
	int i;

	for (i = app->depth - 1; i >= 0; i--) {
		struct ui_view *view = app->stack[i];

		if (view->ask_quit && view->ask_quit(view)) {
			while (top(app) != view)
				app_remove(app, top(app));
			return;
		}
	}
	app->quit = true;
}

/*
 * A paste arrives as a burst of keys: while a view that types text stays on top, take the
 * keys already waiting without drawing between them (one redraw after the burst, not one
 * per key). Returns a key read that the loop must handle itself (a resize, ^C), or 0.
 */
static int app_burst(struct ui_app *app)
{
	for (int n = 0; n < BURST_MAX && !app->quit && app->depth && top(app)->types_text; n++) {
		int key = read_key(app, 0);

		if (!key)
			break;
		if (key == UI_KEY(KEY_RESIZE) || key == UI_CTRL('C'))
			return key;
		app_key(app, key);
	}
	return 0;
}

static void app_loop(struct ui_app *app)
{
	double lock_after = app->opt ? app->opt->lock_seconds : 600.0;
	bool dirty = true, idle = true;
	int next = 0; /* a key read ahead during a burst, not yet handled */

	clock_gettime(CLOCK_MONOTONIC, &app->last_key);
	while (!app->quit && app->depth && !(app->opt && app->opt->stop && *app->opt->stop)) {
		struct ui_view *view = top(app);
		int key;

		if (dirty)
			app_draw(app); /* an idle tick changes nothing on screen: no redraw */
		dirty = true;
		idle = idle && view->idle && app->body && !app->locked;
		key = next ? next : read_key(app, idle ? 0 : TICK_MS);
		next = 0;
		if (key == UI_KEY(KEY_RESIZE)) {
			windows_layout(app);
			idle = true;
			continue;
		}
		if (!key && idle) {
			/* the screen is up and no key waits: the view's deferred work */
			dirty = idle = view->idle(view);
			continue;
		}
		if (!key) {
			dirty = lock_after > 0 && !app->locked &&
				seconds_since(&app->last_key) >= lock_after;
			if (dirty) {
				app->locked = true;
				ui_lock_begin(&app->lock);
			}
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &app->last_key);
		idle = true; /* after a key, the view may have deferred work again */
		if (app->locked) {
			/*
			 * The key that wakes the screen does nothing else; not even ^C leaves:
			 * the shell behind careloop would open the same data to whoever came.
			 */
			app->locked = !ui_lock_try(&app->lock);
			windows_layout(app); /* the terminal may have changed size meanwhile */
			clock_gettime(CLOCK_MONOTONIC, &app->last_key); /* typing took a while */
		} else if (key == UI_CTRL('C')) {
			app_interrupt(app);
		} else if (app->body) {
			app_key(app, key);
			next = app_burst(app);
		}
	}
}

int ui_run(struct cl_db *db, const struct ui_options *opt)
{
	struct ui_app app = { .db = db, .opt = opt };
	SCREEN *screen = NULL;
	int rc = 0;

	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "careloop: the interface needs a terminal; see careloop --help\n");
		return EX_USAGE;
	}
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		fprintf(stderr, "careloop: cannot use the terminal (TERM is unset or unknown)\n");
		return EX_UNAVAILABLE;
	}
	set_term(screen);
	set_escdelay(25);
	raw(); /* ^S and ^C reach careloop: ^S saves, ^C quits through endwin */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	ui_theme_init(opt && opt->no_color);
	windows_layout(&app);
	app_show_tab_now(&app, tabs[0].number); /* the first tab opens first */
	if (!app.depth)
		rc = EX_SOFTWARE; /* the first view could not open; its message says why */
	app_loop(&app);

	while (app.depth) {
		struct ui_view *view = app.stack[--app.depth];

		view->free(view);
	}
	windows_free(&app);
	endwin();
	delscreen(screen);
	if (rc && app.message[0])
		fprintf(stderr, "careloop: %s\n", app.message);
	return rc;
}
