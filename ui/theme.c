#include "config.h"

#include <stdlib.h>

#include "theme.h"

static const struct role_style {
	short fg, bg; /* colour theme; -1 is the terminal's default */
	attr_t color; /* attributes added in the colour theme */
	attr_t mono;  /* the whole style in the monochrome theme */
} styles[UI_ROLE_COUNT] = {
	[UI_ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[UI_ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[UI_ROLE_TAB] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[UI_ROLE_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[UI_ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_ROLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[UI_ROLE_OK] = { COLOR_GREEN, -1, A_BOLD, A_NORMAL },
	[UI_ROLE_DIM] = { -1, -1, A_DIM, A_DIM },
	[UI_ROLE_HINT] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[UI_ROLE_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[UI_ROLE_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[UI_ROLE_RISK_HIGH] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[UI_ROLE_RISK_RISING] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
};

static attr_t attrs[UI_ROLE_COUNT];
static bool colored;

void ui_theme_init(bool no_color)
{
	const char *env = getenv("NO_COLOR");
	int role;

	colored = !no_color && !(env && *env) && has_colors() && start_color() == OK &&
		  use_default_colors() == OK && COLOR_PAIRS > UI_ROLE_COUNT;
	for (role = 0; role < UI_ROLE_COUNT; role++) {
		const struct role_style *s = &styles[role];

		if (!colored) {
			attrs[role] = s->mono;
			continue;
		}
		if (s->fg == -1 && s->bg == -1) {
			attrs[role] = s->color;
			continue;
		}
		init_pair((short)(role + 1), s->fg, s->bg);
		attrs[role] = COLOR_PAIR(role + 1) | s->color;
	}
}

attr_t ui_attr(enum ui_role role)
{
	if (role < 0 || role >= UI_ROLE_COUNT)
		return A_NORMAL;
	return attrs[role];
}

bool ui_theme_colored(void)
{
	return colored;
}
