/* Colours as named roles, with a monochrome theme for NO_COLOR and plain terminals. */
#ifndef UI_THEME_H
#define UI_THEME_H

#include <curses.h>
#include <stdbool.h>

enum ui_role {
	UI_ROLE_NORMAL,
	UI_ROLE_TITLE,	   /* title bar */
	UI_ROLE_TAB,	   /* the current view's tab in the title bar */
	UI_ROLE_HEADER,	   /* column headers, section titles */
	UI_ROLE_SELECTED,  /* the cursor row of a list */
	UI_ROLE_ERROR,	   /* error messages */
	UI_ROLE_OK,	   /* confirmations ("Saved.") */
	UI_ROLE_DIM,	   /* inactive rows, secondary text */
	UI_ROLE_HINT,	   /* key hint bar */
	UI_ROLE_FIELD,	   /* a form's input field */
	UI_ROLE_FOCUS,	   /* the focused input field */
	UI_ROLE_RISK_HIGH, /* "high" risk tier */
	UI_ROLE_RISK_RISING,
	UI_ROLE_COUNT,
};

/*
 * Choose the theme after initscr: colours when the terminal has them and neither
 * no_color nor $NO_COLOR (any value but "") says otherwise; else monochrome attributes.
 */
void ui_theme_init(bool no_color);

/* The attributes of a role for wattrset / wattron. */
attr_t ui_attr(enum ui_role role);

/* True when the colour theme is in use. */
bool ui_theme_colored(void);

#endif
