/*
 * What a view is and what the app loop offers it. A view is a struct of callbacks; the app
 * owns the terminal, the view stack, the title bar, the message line, the key hint bar,
 * resizing and the idle lock. A view draws its body and handles its keys.
 */
#ifndef UI_VIEW_H
#define UI_VIEW_H

#include <curses.h>
#include <stdbool.h>

#include "db.h"
#include "theme.h"

struct ui_app;
struct ui_binding;
struct ui_list;
struct ui_list_search;

/* What handling a key did; the app acts on it. */
enum ui_result {
	UI_UNHANDLED = 0, /* not this view's key: try the keymaps */
	UI_HANDLED,	  /* done; redraw */
	UI_POP,		  /* close the view that handled the key */
	UI_QUIT,	  /* leave careloop */
};

struct ui_view {
	const char *title;	       /* "Patients"; the help screen says "Help: <title>" */
	const struct ui_binding *keys; /* this view's keymap; a view may switch it by mode */
	/* Keys of the part in focus (a chart section), consulted before keys; may be NULL. */
	const struct ui_binding *section_keys;
	bool types_text; /* printable keys are text (forms, prompts) */
	/* A question or a step that must end first (menus, y/n, help, a screening): the
	 * generic keys that leave the screen (the tab numbers, /) do not work. */
	bool modal;
	int tab; /* a top-level view's number (set by the app: its tab table), else 0 */
	/* Draw the body into win (the rows between the title bar and the message line). */
	void (*draw)(struct ui_view *view, WINDOW *win);
	/* Raw key first, before the keymaps (text entry); may be NULL. Returns enum ui_result. */
	int (*key)(struct ui_view *view, int key);
	/* The view above this one closed: reload what it may have changed. May be NULL. */
	void (*resume)(struct ui_view *view);
	/*
	 * Deferred work (a slow count), run when no key is waiting, so that the screen
	 * shows first. Returns true when it changed what draw shows. May be NULL.
	 */
	bool (*idle)(struct ui_view *view);
	/*
	 * ^C: when the view holds unsaved input, start asking whether to discard it (a yes
	 * returns UI_QUIT) and return true; false lets careloop quit. May be NULL.
	 */
	bool (*ask_quit)(struct ui_view *view);
	/* The list the list keys move (UI_LIST_VIEW_MOVE_KEYS, list_view.h); may be NULL. */
	struct ui_list *(*list)(struct ui_view *view);
	/* Its search as you type (list_view.h); may be NULL. */
	struct ui_list_search *search;
	void (*free)(struct ui_view *view);
	struct ui_app *app; /* set by ui_app_push */
};

/* Put view on top of the stack (the app frees it when it is popped). NULL is ignored. */
void ui_app_push(struct ui_app *app, struct ui_view *view);

/*
 * Close view (freed), wherever it is on the stack: what returning UI_POP does for the view
 * that handled a key, for a popup's callback that is done with the view below it (a form
 * whose record a menu's answer saved). Not the view handling the current key itself.
 */
void ui_app_close(struct ui_app *app, struct ui_view *view);

/* Open the help screen for the top view. */
void ui_app_help(struct ui_app *app);

/* Force a full repaint (after something else wrote to the terminal). */
void ui_app_redraw(struct ui_app *app);

struct cl_db *ui_app_db(struct ui_app *app);

/*
 * Saved data changed (a view saved a record). Views that keep figures derived from the
 * data (a count) compare ui_app_generation with the one they computed them at.
 */
void ui_app_touch(struct ui_app *app);
unsigned long ui_app_generation(struct ui_app *app);

/* Show a one-line message (printf-style) until the next key. */
void ui_app_message(struct ui_app *app, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Show a prompt on the message line: label, then text with the terminal cursor at byte
 * offset cursor of text. Stays until ui_app_prompt_end. The app copies both strings.
 */
void ui_app_prompt(struct ui_app *app, const char *label, const char *text, size_t cursor);
void ui_app_prompt_end(struct ui_app *app);

/* Called from draw: show the terminal cursor at (y, x) of win on this frame. */
void ui_app_cursor(struct ui_app *app, WINDOW *win, int y, int x);

#endif
