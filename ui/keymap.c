#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keymap.h"
#include "view.h"

#define GENERIC_MAX 31 /* generic keys one help screen lists */

bool ui_binding_has(const struct ui_binding *b, int key)
{
	int i;

	if (b->key == key)
		return true;
	for (i = 0; i < UI_BINDING_MORE && b->more[i]; i++)
		if (b->more[i] == key)
			return true;
	return false;
}

/* Bindings without an action only document keys the view handles itself: skip them. */
static const struct ui_binding *find_in(const struct ui_binding *keys, int key)
{
	for (; keys && keys->key; keys++)
		if (keys->run && ui_binding_has(keys, key))
			return keys;
	return NULL;
}

static bool binds(const struct ui_binding *keys, int key)
{
	for (; keys && keys->key; keys++)
		if (ui_binding_has(keys, key))
			return true;
	return false;
}

static bool printable(int key)
{
	return key >= 0x20 && key < UI_KEY_FN && key != 0x7f;
}

bool ui_keymap_generic_works(const struct ui_view *view, const struct ui_binding *b)
{
	if (!view)
		return true;
	if (find_in(view->keys, b->key) || find_in(view->section_keys, b->key))
		return false; /* the view's own action wins */
	if (view->types_text && printable(b->key))
		return false; /* typed as text */
	return !(view->modal && b->leaves);
}

const struct ui_binding *ui_keymap_find(const struct ui_binding *keys, int key)
{
	const struct ui_binding *b = find_in(keys, key);

	return b ? b : find_in(ui_generic_keys, key);
}

const struct ui_binding *ui_keymap_find_view(const struct ui_view *view, int key)
{
	const struct ui_binding *b = find_in(view->section_keys, key);

	if (!b)
		b = find_in(view->keys, key);
	if (!b && (b = find_in(ui_generic_keys, key)) && !ui_keymap_generic_works(view, b))
		b = NULL;
	return b;
}

int ui_keymap_generic_lines(const struct ui_view *view, struct ui_help_line *lines, int max)
{
	struct ui_binding in_effect[GENERIC_MAX + 1];
	const struct ui_binding *b;
	int n = 0;

	/* a key the view documents itself (its own help line) is not listed twice */
	for (b = ui_generic_keys; b->key && n < GENERIC_MAX; b++)
		if (ui_keymap_generic_works(view, b) &&
		    !(view && (binds(view->keys, b->key) || binds(view->section_keys, b->key))))
			in_effect[n++] = *b;
	in_effect[n] = (struct ui_binding){ 0 };
	return ui_keymap_help_lines(in_effect, lines, max);
}

/*
 * Add the hints of keys, leaving out those taken over by the bindings in `over`; with
 * generic_of, keys are the generic ones and only those that work in that view show.
 */
static size_t add_hints(const struct ui_binding *keys, const struct ui_binding *over,
			const struct ui_view *generic_of, char *buf, size_t size, size_t len)
{
	for (; keys && keys->key; keys++) {
		int n;

		if (!keys->hint || (generic_of && !ui_keymap_generic_works(generic_of, keys)) ||
		    (over && find_in(over, keys->key)))
			continue;
		/* the first key's name: "Down" of "Down, j" */
		n = snprintf(buf + len, size - len, " %.*s:%s ", (int)strcspn(keys->key_name, ","),
			     keys->key_name, keys->action);
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
	len = add_hints(ui_generic_keys, NULL, view, buf, size, 0);
	len = add_hints(view->section_keys, NULL, NULL, buf, size, len);
	add_hints(view->keys, view->section_keys, NULL, buf, size, len);
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
