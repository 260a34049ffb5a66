/*
 * Key bindings as data: one table per view, a generic table every view falls back to.
 * The key hint bar and the help screen are generated from the same tables.
 */
#ifndef UI_KEYMAP_H
#define UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct ui_view;

/*
 * Keys are ints: a character is its Unicode code point; an ncurses function key (KEY_DOWN,
 * KEY_F(10), …) is UI_KEY(code), so that the two never collide.
 */
#define UI_KEY_FN  0x1000000
#define UI_KEY(k)  ((k) | UI_KEY_FN)
#define UI_CTRL(c) ((c)&0x1f)
#define UI_ESC	   27

/* Keys one binding may carry besides its first (PgDn beside ^F and Space). */
#define UI_BINDING_MORE 3

struct ui_binding {
	int key;
	/*
	 * As the help shows it: "Enter", "^S", "j"; with more keys, every name: "Down, j".
	 * The hint bar shows the first name.
	 */
	const char *key_name;
	const char *action; /* one word for the hint bar: "open" */
	const char *help;   /* what it does, for the help screen */
	bool hint;	    /* shown in the key hint bar */
	/*
	 * Runs the action and returns an enum ui_result. NULL: the key is documented here
	 * but handled by the view's key callback (text editing).
	 */
	int (*run)(struct ui_view *view);
	/*
	 * More keys doing the same, after key (j beside Down), ends at 0; key_name names them
	 * all. A generic binding carries one key: a view takes each over on its own.
	 */
	int more[UI_BINDING_MORE];
	/* Goes to another screen (the generic tab numbers and /): not from a modal view. */
	bool leaves;
};

/* The codes Enter sends besides ^M (^J, the keypad's Enter): a binding's more for '\r'. */
#define UI_ENTER_MORE .more = { '\n', UI_KEY(KEY_ENTER) }

/* Whether b is bound to key (its first key or one of its more). */
bool ui_binding_has(const struct ui_binding *b, int key);

/*
 * Keys every view falls back to (help, top-level views, redraw, quit); the app defines them
 * (app.c). Ends with { 0 }.
 */
extern const struct ui_binding ui_generic_keys[];

/*
 * The binding with an action for key in keys (ends with key 0), else in ui_generic_keys;
 * or NULL.
 */
const struct ui_binding *ui_keymap_find(const struct ui_binding *keys, int key);

/* As ui_keymap_find over a view's section keys, then its keys, then the generic ones. */
const struct ui_binding *ui_keymap_find_view(const struct ui_view *view, int key);

/*
 * Whether generic binding b works in view: not taken over by an action of the view's own
 * tables, not a printable key in a view that types text (its key callback takes those),
 * and not a key that leaves the screen in a modal view. The keys dispatched, the hint bar
 * and the help screen all ask this.
 */
bool ui_keymap_generic_works(const struct ui_view *view, const struct ui_binding *b);

/*
 * The key hint bar for a view into buf: " ?:help  /:search  q:quit". Generic hints come
 * first, those that work in the view (ui_keymap_generic_works).
 */
void ui_keymap_hints(const struct ui_view *view, char *buf, size_t size);

/* Lines of a keymap's help: consecutive bindings with the same action share a line. */
struct ui_help_line {
	char keys[32]; /* "Down, j" */
	const char *help;
};

/* Fill up to max lines for keys; returns the number filled. */
int ui_keymap_help_lines(const struct ui_binding *keys, struct ui_help_line *lines, int max);

/* As ui_keymap_help_lines over the generic keys that work in view (all when NULL). */
int ui_keymap_generic_lines(const struct ui_view *view, struct ui_help_line *lines, int max);

#endif
