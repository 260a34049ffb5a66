#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keymap.h"
#include "view.h"
#include "views.h"

static int generic_help(struct ui_view *view)
{
	ui_app_help(view->app);
	return UI_HANDLED;
}

static int generic_patients(struct ui_view *view)
{
	ui_app_show_tab(view->app, 2);
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
	{ '1', "1", "worklist", "go to the worklist", false, ui_show_worklist },
	{ '2', "2", "patients", "go to the patients list", false, generic_patients },
	{ '3', "3", "referrals", "go to the referrals", false, ui_show_referrals },
	{ '4', "4", "directory", "go to the partner directory", false, ui_show_directory },
	{ UI_CTRL('L'), "^L", "redraw", "redraw the screen", false, generic_redraw },
	{ UI_CTRL('C'), "^C", "quit", "leave careloop at once (unsaved input is lost)", false,
	  generic_quit },
	{ 0 },
};

/* Bindings without an action only document keys the view handles itself: skip them. */
static const struct ui_binding *find_in(const struct ui_binding *keys, int key)
{
	for (; keys && keys->key; keys++)
		if (keys->key == key && keys->run)
			return keys;
	return NULL;
}

const struct ui_binding *ui_keymap_find(const struct ui_binding *keys, int key)
{
	const struct ui_binding *b = find_in(keys, key);

	return b ? b : find_in(ui_generic_keys, key);
}

const struct ui_binding *ui_keymap_find_view(const struct ui_view *view, int key)
{
	const struct ui_binding *b = find_in(view->section_keys, key);

	return b ? b : ui_keymap_find(view->keys, key);
}

static bool printable(int key)
{
	return key >= 0x20 && key < UI_KEY_FN && key != 0x7f;
}

/* Add the hints of keys, leaving out those taken over by the bindings in `over`. */
static size_t add_hints(const struct ui_binding *keys, const struct ui_binding *over,
			bool skip_printable, char *buf, size_t size, size_t len)
{
	for (; keys && keys->key; keys++) {
		int n;

		if (!keys->hint || (skip_printable && printable(keys->key)) ||
		    (over && find_in(over, keys->key)))
			continue;
		n = snprintf(buf + len, size - len, " %s:%s ", keys->key_name, keys->action);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0';
			break;
		}
		len += (size_t)n;
	}
	return len;
}

void ui_keymap_hints(const struct ui_view *view, char *buf, size_t size)
{
	size_t len;

	if (!size)
		return;
	buf[0] = '\0';
	len = add_hints(ui_generic_keys, view->keys, view->types_text, buf, size, 0);
	len = add_hints(view->section_keys, NULL, false, buf, size, len);
	add_hints(view->keys, view->section_keys, false, buf, size, len);
}

/* True when the list "Down, j" already holds name (Enter is bound to several codes). */
static bool lists_name(const char *list, const char *name)
{
	size_t len = strlen(name);

	while (*list) {
		if (strncmp(list, name, len) == 0 && (list[len] == ',' || !list[len]))
			return true;
		list = strchr(list, ',');
		if (!list)
			break;
		list += 2;
	}
	return false;
}

int ui_keymap_help_lines(const struct ui_binding *keys, struct ui_help_line *lines, int max)
{
	int n = 0;

	for (; keys && keys->key && n < max; keys++) {
		struct ui_help_line *prev = n ? &lines[n - 1] : NULL;
		size_t len;

		if (prev && strcmp(prev->help, keys->help) == 0) {
			len = strlen(prev->keys);
			if (!lists_name(prev->keys, keys->key_name))
				snprintf(prev->keys + len, sizeof(prev->keys) - len, ", %s",
					 keys->key_name);
			continue;
		}
		snprintf(lines[n].keys, sizeof(lines[n].keys), "%s", keys->key_name);
		lines[n].help = keys->help;
		n++;
	}
	return n;
}
