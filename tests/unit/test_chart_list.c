/* The chart sections' list: moving the selection, scrolling a history, keeping it in range. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "chart.h"
#include "chart_list.h"

/* The draw loop puts lines through the chart; the key tests never draw. */
int ui_chart_put(WINDOW *win, int y, int x, const char *text, enum ui_role role)
{
	(void)win;
	(void)y;
	(void)x;
	(void)text;
	(void)role;
	return 0;
}

static int press(struct ui_chart_list *list, int key)
{
	return ui_chart_list_key(NULL, list, key);
}

static void test_keys_move_the_selection_within_the_rows(void **state)
{
	struct ui_chart_list list = { .n = 3 };

	(void)state;
	assert_int_equal(press(&list, 'k'), UI_HANDLED);
	assert_int_equal(list.sel, 0);
	press(&list, 'j');
	press(&list, UI_KEY(KEY_DOWN));
	assert_int_equal(list.sel, 2);
	press(&list, 'j');
	assert_int_equal(list.sel, 2);
	press(&list, UI_KEY(KEY_UP));
	assert_int_equal(list.sel, 1);
	press(&list, 'G');
	assert_int_equal(list.sel, 2);
	press(&list, 'g');
	assert_int_equal(list.sel, 0);
	press(&list, UI_KEY(KEY_END));
	assert_int_equal(list.sel, 2);
	press(&list, UI_KEY(KEY_HOME));
	assert_int_equal(list.sel, 0);
	assert_int_equal(list.top, 0);
	assert_int_equal(press(&list, 'x'), UI_UNHANDLED);
	assert_int_equal(ui_chart_list_key(NULL, NULL, 'j'), UI_UNHANDLED);
}

static void test_keys_scroll_a_history_without_a_selection(void **state)
{
	struct ui_chart_list list = { .n = 4, .scroll = true };

	(void)state;
	press(&list, 'j');
	press(&list, 'j');
	assert_int_equal(list.top, 2);
	assert_int_equal(list.sel, 0);
	press(&list, 'G');
	assert_int_equal(list.top, 3);
	press(&list, 'j');
	assert_int_equal(list.top, 3);
	press(&list, 'k');
	assert_int_equal(list.top, 2);
	press(&list, 'g');
	assert_int_equal(list.top, 0);
}

static void test_empty_list_stays_at_zero(void **state)
{
	struct ui_chart_list list = { 0 };

	(void)state;
	press(&list, 'G');
	assert_int_equal(list.sel, 0);
	press(&list, 'j');
	assert_int_equal(list.sel, 0);
}

static void test_a_reload_keeps_the_selection_in_range(void **state)
{
	struct ui_chart_list list = { .n = 2, .sel = 7, .top = 5 };
	struct ui_chart_list history = { .n = 2, .top = 5, .scroll = true };

	(void)state;
	ui_chart_list_loaded(&list);
	assert_int_equal(list.sel, 1);
	list.n = 0;
	ui_chart_list_loaded(&list);
	assert_int_equal(list.sel, 0);
	ui_chart_list_loaded(&history);
	assert_int_equal(history.top, 0);
	history.top = 1;
	ui_chart_list_loaded(&history);
	assert_int_equal(history.top, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_move_the_selection_within_the_rows),
		cmocka_unit_test(test_keys_scroll_a_history_without_a_selection),
		cmocka_unit_test(test_empty_list_stays_at_zero),
		cmocka_unit_test(test_a_reload_keeps_the_selection_in_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
