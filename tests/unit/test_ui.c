/* The interface's widgets without a terminal: the virtual list, the form, formatting. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "editor.h"
#include "form.h"
#include "format.h"
#include "text.h"
#include "keymap.h"
#include "list.h"

/* ---- a data source of the numbers 0 .. total-1, counting what the list asks for ---- */

struct number {
	long value;
};

static struct numbers {
	long total;
	long fetched; /* rows handed out, all calls together */
	int calls, biggest;
} numbers;

static int numbers_page(void *ctx, const void *after, bool backward, void *rows, int max, int *n)
{
	const struct number *a = after;
	struct number *out = rows;
	long start, end, v;

	(void)ctx;
	if (!backward) {
		start = a ? a->value + 1 : 0;
		end = start + max < numbers.total ? start + max : numbers.total;
	} else {
		end = a ? a->value : numbers.total;
		start = end - max > 0 ? end - max : 0;
	}
	*n = 0;
	for (v = start; v < end; v++)
		out[(*n)++].value = v;
	numbers.calls++;
	numbers.fetched += *n;
	if (max > numbers.biggest)
		numbers.biggest = max;
	return 0;
}

static void numbers_cell(void *ctx, const void *row, int col, char *buf, size_t size,
			 enum ui_role *role)
{
	(void)ctx;
	(void)col;
	(void)role;
	snprintf(buf, size, "%ld", ((const struct number *)row)->value);
}

static const struct ui_column number_columns[] = { { .title = "Number", .width = 1, .grow = 1 } };

static void list_open(struct ui_list *list, long total)
{
	struct ui_list_source src = {
		.row_size = sizeof(struct number),
		.page = numbers_page,
		.cell = numbers_cell,
	};

	memset(&numbers, 0, sizeof(numbers));
	numbers.total = total;
	assert_int_equal(ui_list_init(list, number_columns, 1, &src), 0);
	list->height = 20; /* as a draw in a 22-row window would set it */
}

static long selected(const struct ui_list *list)
{
	const struct number *row = ui_list_selected(list);

	return row ? row->value : -1;
}

static void test_list_opens_without_loading_the_table(void **state)
{
	struct ui_list list;

	(void)state;
	list_open(&list, 1000000);
	assert_int_equal(selected(&list), 0);
	assert_int_equal(numbers.calls, 1);
	assert_true(numbers.fetched <= 100);
	ui_list_free(&list);
}

static void test_list_scrolls_a_million_rows_in_a_small_window(void **state)
{
	struct ui_list list;
	int i;

	(void)state;
	list_open(&list, 1000000);
	for (i = 0; i < 5000; i++)
		ui_list_move(&list, 1, false);
	assert_int_equal(selected(&list), 5000);
	assert_true(list.count <= list.cap);
	assert_true(numbers.fetched < 5000 + 3 * list.page); /* each row fetched about once */
	assert_true(list.sel - list.top >= 0 && list.sel - list.top < list.height);
	for (i = 0; i < 4990; i++)
		ui_list_move(&list, -1, false);
	assert_int_equal(selected(&list), 10);
	assert_true(list.count <= list.cap);
	ui_list_free(&list);
}

static void test_list_end_home_and_pages(void **state)
{
	struct ui_list list;
	long before;

	(void)state;
	list_open(&list, 1000000);
	before = numbers.fetched;
	ui_list_end(&list);
	assert_int_equal(selected(&list), 999999);
	assert_true(numbers.fetched - before <= list.page); /* the end is one page, not a scan */
	assert_int_equal(list.top, list.count - list.height);
	ui_list_move(&list, 1, false);
	assert_int_equal(selected(&list), 999999);
	ui_list_move(&list, -list.height, true);
	assert_int_equal(selected(&list), 999999 - 20);
	ui_list_home(&list);
	assert_int_equal(selected(&list), 0);
	ui_list_move(&list, -1, false);
	assert_int_equal(selected(&list), 0);
	ui_list_move(&list, list.height, true);
	assert_int_equal(selected(&list), 20);
	assert_int_equal(list.top, 20);
	ui_list_move(&list, 3 * list.cap, false); /* far past the cache */
	assert_int_equal(selected(&list), 20 + 3 * list.cap);
	ui_list_free(&list);
}

static void test_list_reload_keeps_the_place(void **state)
{
	struct ui_list list;
	int rel;

	(void)state;
	list_open(&list, 1000000);
	ui_list_move(&list, 777, false);
	rel = list.sel - list.top;
	ui_list_reload(&list);
	assert_int_equal(selected(&list), 777);
	assert_int_equal(list.sel - list.top, rel);
	ui_list_home(&list);
	ui_list_reload(&list);
	assert_int_equal(selected(&list), 0);
	ui_list_free(&list);
}

static void test_list_short_and_fixed(void **state)
{
	struct ui_list list;
	struct number three[3] = { { 7 }, { 8 }, { 9 } };

	(void)state;
	list_open(&list, 5);
	ui_list_end(&list);
	assert_int_equal(selected(&list), 4);
	assert_int_equal(list.top, 0);
	ui_list_set_rows(&list, three, 3);
	assert_int_equal(selected(&list), 7);
	ui_list_move(&list, 10, false);
	assert_int_equal(selected(&list), 9);
	ui_list_set_rows(&list, three, 0);
	assert_null(ui_list_selected(&list));
	ui_list_reset(&list);
	assert_int_equal(selected(&list), 0);
	ui_list_free(&list);

	list_open(&list, 0);
	assert_null(ui_list_selected(&list));
	ui_list_move(&list, 1, false);
	ui_list_end(&list);
	assert_null(ui_list_selected(&list));
	ui_list_free(&list);
}

/* ---- the form, over a small record whose setter refuses what the core would ---- */

struct pet {
	char name[16];
	char kind[8];
};

static const char *const kinds[] = { "cat", "dog", "hen", NULL };
static const struct cl_field pet_fields[] = {
	CL_FORM_FIELD("name", "Name", CL_FIELD_TEXT, 15, true, NULL),
	CL_FORM_FIELD("kind", "Kind", CL_FIELD_CHOICE, 7, true, kinds),
	{ .key = NULL },
};

static int pet_get(const void *record, const char *key, char *buf, size_t size)
{
	const struct pet *p = record;

	snprintf(buf, size, "%s", strcmp(key, "name") == 0 ? p->name : p->kind);
	return 0;
}

static int pet_set(void *record, const char *key, const char *value, struct cl_error *err)
{
	struct pet *p = record;

	if (!*value)
		return cl_error_field(err, CL_EINVAL, key, "%s is required", key);
	if (strcmp(key, "name") == 0)
		snprintf(p->name, sizeof(p->name), "%s", value);
	else
		snprintf(p->kind, sizeof(p->kind), "%s", value);
	return 0;
}

static void test_form_edits_and_refuses(void **state)
{
	struct ui_form_ops ops = { .get = pet_get, .set = pet_set };
	struct pet pet = { "Rex", "dog" }, out = pet;
	struct ui_form form;
	const char *e_acute = "\xc3\xa9";

	(void)state;
	assert_int_equal(ui_form_init(&form, pet_fields, &ops), 0);
	ui_form_load(&form, &pet);
	assert_false(ui_form_changed(&form));
	/* UTF-8 in, one Backspace takes the whole character out */
	assert_true(ui_form_key(&form, 0xe9));
	assert_string_equal(form.fields[0].text, "Rex\xc3\xa9");
	assert_true(strstr(form.fields[0].text, e_acute) != NULL);
	assert_true(ui_form_changed(&form));
	assert_true(ui_form_key(&form, UI_KEY(KEY_BACKSPACE)));
	assert_string_equal(form.fields[0].text, "Rex");
	assert_true(ui_form_key(&form, UI_KEY(KEY_HOME)));
	assert_true(ui_form_key(&form, 'T'));
	assert_string_equal(form.fields[0].text, "TRex");
	/* max_len is enforced */
	assert_true(ui_form_key(&form, UI_KEY(KEY_END)));
	while (strlen(form.fields[0].text) < 20)
		if (ui_form_key(&form, 'x') && strlen(form.fields[0].text) >= 15)
			break;
	ui_form_key(&form, 'y');
	assert_int_equal(strlen(form.fields[0].text), 15);
	/* a required field left empty is refused, the focus goes to it, the text stays */
	assert_true(ui_form_key(&form, UI_CTRL('U')));
	ui_form_focus_move(&form, 1);
	assert_int_equal(form.focus, 1);
	assert_int_equal(ui_form_apply(&form, &out), 1);
	assert_int_equal(form.focus, 0);
	assert_string_equal(ui_form_focus_error(&form), "name is required");
	assert_string_equal(out.name, "Rex");
	/* choices cycle both ways and wrap; letters jump */
	ui_form_focus_move(&form, 1);
	assert_true(ui_form_key(&form, ' '));
	assert_string_equal(form.fields[1].text, "hen");
	assert_true(ui_form_key(&form, UI_KEY(KEY_RIGHT)));
	assert_string_equal(form.fields[1].text, "cat");
	assert_true(ui_form_key(&form, UI_KEY(KEY_LEFT)));
	assert_string_equal(form.fields[1].text, "hen");
	assert_true(ui_form_key(&form, 'd'));
	assert_string_equal(form.fields[1].text, "dog");
	assert_false(ui_form_key(&form, '\t')); /* Tab is the keymap's, not the field's */
	ui_form_focus_move(&form, -1);
	ui_form_key(&form, 'Z');
	assert_int_equal(ui_form_apply(&form, &out), 0);
	assert_string_equal(out.name, "Z");
	assert_string_equal(out.kind, "dog");
	assert_true(ui_form_set_error(&form, "kind", "taken"));
	assert_int_equal(form.focus, 1);
	assert_false(ui_form_set_error(&form, "colour", "no such field"));
	ui_form_free(&form);
}

static void test_format(void **state)
{
	char buf[64];
	size_t n;

	(void)state;
	ui_format_count(0, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	ui_format_count(999, buf, sizeof(buf));
	assert_string_equal(buf, "999");
	ui_format_count(1000000, buf, sizeof(buf));
	assert_string_equal(buf, "1,000,000");
	ui_format_count(12345, buf, sizeof(buf));
	assert_string_equal(buf, "12,345");
	ui_format_name("Ruiz", "Ana", buf, sizeof(buf));
	assert_string_equal(buf, "Ruiz, Ana");
	ui_format_name("", "Ana", buf, sizeof(buf));
	assert_string_equal(buf, "Ana");
	n = ui_format_wrap("Not saved: changed by Ana", 12, buf, sizeof(buf));
	assert_string_equal(buf, "Not saved: ");
	assert_int_equal(n, 11);
	n = ui_format_wrap("short", 12, buf, sizeof(buf));
	assert_string_equal(buf, "short");
	assert_int_equal(n, 5);
	assert_int_equal(ui_format_wrap("", 12, buf, sizeof(buf)), 0);
	/* 2026-11-23T12:00:00Z is 1795435200 */
	ui_format_ago("2026-11-23T12:00:00.000Z", 1795435200 + 59, buf, sizeof(buf));
	assert_string_equal(buf, "just now");
	ui_format_ago("2026-11-23T12:00:00.000Z", 1795435200 - 600, buf, sizeof(buf));
	assert_string_equal(buf, "just now");
	ui_format_ago("2026-11-23T12:00:00.000Z", 1795435200 + 5 * 60 + 30, buf, sizeof(buf));
	assert_string_equal(buf, "5 min ago");
	ui_format_ago("2026-11-23T12:00:00Z", 1795435200 + 2 * 3600 + 59 * 60, buf, sizeof(buf));
	assert_string_equal(buf, "2 h ago");
	ui_format_ago("2026-11-23T12:00:00Z", 1795435200 + 3 * 86400, buf, sizeof(buf));
	assert_string_equal(buf, "3 days ago");
	ui_format_ago("never", 1795435200, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

/* Columns pad and cut by display width, never by bytes, and never split a character. */
static void test_format_columns(void **state)
{
	static const struct ui_column columns[] = {
		{ .title = "Name", .width = 6 },
		{ .title = "Code", .width = 4 },
		{ .title = "End", .width = 3, .grow = 1 },
	};
	char line[256];

	(void)state;
	ui_format_columns(line, sizeof(line), columns, (const char *const[]){ "Duc", "ab", "end" },
			  3, 17, 2);
	assert_string_equal(line, "Duc     ab    end");
	/* "Nguyễn" is 6 columns in 8 bytes: no padding, the next column lines up. */
	ui_format_columns(line, sizeof(line), columns,
			  (const char *const[]){ "Nguyễn", "ab", "end" }, 3, 17, 2);
	assert_string_equal(line, "Nguyễn  ab    end");
	/* Cut with an ellipsis inside the width; wide characters are whole or gone. */
	ui_format_columns(line, sizeof(line), columns,
			  (const char *const[]){ "Rodríguez", "王小明", "x" }, 3, 17, 2);
	assert_int_equal(cl_text_width(line), 6 + 2 + 4 + 2 + 1);
	assert_non_null(strstr(line, "\xe2\x80\xa6"));
	assert_non_null(strstr(line, "王"));
	assert_null(strstr(line, "小明"));
	/* Control characters from the database are made inert. */
	ui_format_columns(line, sizeof(line), columns, (const char *const[]){ "a\x1b[2Jb", "", "" },
			  3, 17, 2);
	assert_null(strchr(line, '\x1b'));
	/* NULL cells: the titles, the header line laid out as the rows are. */
	ui_format_columns(line, sizeof(line), columns, NULL, 3, 17, 2);
	assert_string_equal(line, "Name    Code  End");
}

/*
 * The layout (issue 8): identifiers (keep) are as wide as their widest cell and never cut;
 * when room is short the text columns give it up; a wide terminal's room goes to every text
 * column by its share, not all to one.
 */
static void test_format_layout(void **state)
{
	static const struct ui_column columns[] = {
		{ .title = "Name", .width = 19, .grow = 3, .max = 48 },
		{ .title = "Kind", .width = 9 },
		{ .title = "Services", .width = 18, .grow = 2 },
		{ .title = "Phone", .width = 12, .keep = true },
		{ .title = "Verified", .width = 16, .keep = true },
	};
	const int need[] = { 0, 0, 0, 14, 10 };
	int w[5];

	(void)state;
	/* 80 columns: the phone takes 14, the two text columns give up the 2 */
	ui_format_layout(columns, need, 5, 78, 1, w);
	assert_int_equal(w[3], 14);
	assert_int_equal(w[4], 16);
	assert_int_equal(w[1], 9);
	assert_int_equal(w[0] + w[2], 19 + 18 - 2);
	assert_int_equal(w[0] + w[1] + w[2] + w[3] + w[4] + 4, 78);
	/* 120 columns: both text columns grow, the name by 3 shares, the services by 2 */
	ui_format_layout(columns, need, 5, 118, 1, w);
	assert_int_equal(w[0] + w[1] + w[2] + w[3] + w[4] + 4, 118);
	assert_int_equal(w[3], 14);
	assert_int_equal(w[1], 9);
	assert_true(w[0] > 19 && w[2] > 18);
	assert_true(w[0] - 19 >= w[2] - 18);
	assert_true(w[2] - 18 >= (40 - 2) * 2 / 5 - 1);
	/* 300 columns: the name stops at its max, the services take the rest */
	ui_format_layout(columns, need, 5, 298, 1, w);
	assert_int_equal(w[0], 48);
	assert_int_equal(w[0] + w[1] + w[2] + w[3] + w[4] + 4, 298);
	/* a screen too narrow for all: text columns shrink to a few columns, keep never */
	ui_format_layout(columns, need, 5, 50, 1, w);
	assert_int_equal(w[3], 14);
	assert_int_equal(w[4], 16);
	assert_true(w[0] >= 4 && w[2] >= 4);
}

/* The note editor: UTF-8 characters whole, the byte limit, rows wrapped at a space. */
static void test_editor(void **state)
{
	struct ui_editor ed;
	const char *s;

	(void)state;
	assert_int_equal(ui_editor_init(&ed, NULL, 12), 0);
	ed.width = 80; /* as a draw would set it */
	for (s = "señora"; *s;) {
		wchar_t wc;
		int n = mbtowc(&wc, s, 4);

		assert_true(n > 0);
		assert_true(ui_editor_key(&ed, (int)wc));
		s += n;
	}
	assert_string_equal(ui_editor_text(&ed), "señora");
	assert_int_equal(ed.len, 7);
	assert_true(ui_editor_changed(&ed));
	/* Backspace takes the whole "ñ" after a Left */
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_LEFT)));
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_LEFT)));
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_LEFT)));
	assert_true(ui_editor_key(&ed, 127));
	assert_string_equal(ui_editor_text(&ed), "seora");
	/* the limit: 12 bytes; what would pass it is refused, the text kept */
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_END)));
	for (int i = 0; i < 6; i++)
		assert_true(ui_editor_key(&ed, 'x'));
	assert_int_equal(ed.len, 11);
	assert_true(ui_editor_key(&ed, 'x'));
	assert_false(ed.full);
	assert_true(ui_editor_key(&ed, 0xf1)); /* ñ: two bytes, one too many */
	assert_true(ed.full);
	assert_string_equal(ui_editor_text(&ed), "seoraxxxxxxx");
	{
		char count[32];

		ui_editor_count(&ed, count, sizeof(count));
		assert_string_equal(count, "12 / 12");
	}
	/* control characters never go in; F keys are not the editor's */
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_BACKSPACE)));
	assert_false(ui_editor_key(&ed, UI_CTRL('S')));
	assert_false(ui_editor_key(&ed, UI_KEY(KEY_F(10))));
	ui_editor_free(&ed);

	/* Rows wrap at 10 columns after a space: "aaaa bbbb " / "cccc dd"; Home/End/Up/Down. */
	assert_int_equal(ui_editor_init(&ed, "aaaa bbbb cccc dd\nee", 100), 0);
	ed.width = 10;
	ed.cursor = 12; /* in "cccc" */
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_HOME)));
	assert_int_equal(ed.cursor, 10);
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_END)));
	assert_int_equal(ed.cursor, 17); /* before the newline */
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_UP)));
	assert_int_equal(ed.cursor, 7); /* the same column, a row up */
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_DOWN)));
	assert_true(ui_editor_key(&ed, UI_KEY(KEY_DOWN)));
	assert_int_equal(ed.cursor, 20); /* "ee" is shorter: its end */
	assert_true(ui_editor_key(&ed, '\r'));
	assert_string_equal(ui_editor_text(&ed), "aaaa bbbb cccc dd\nee\n");
	assert_false(ui_editor_blank(&ed));
	ui_editor_free(&ed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_opens_without_loading_the_table),
		cmocka_unit_test(test_list_scrolls_a_million_rows_in_a_small_window),
		cmocka_unit_test(test_list_end_home_and_pages),
		cmocka_unit_test(test_list_reload_keeps_the_place),
		cmocka_unit_test(test_list_short_and_fixed),
		cmocka_unit_test(test_form_edits_and_refuses),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_layout),
		cmocka_unit_test(test_format_columns),
		cmocka_unit_test(test_editor),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
