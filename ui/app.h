/* The terminal interface: the app loop owns the terminal, the view stack and the idle lock. */
#ifndef UI_APP_H
#define UI_APP_H

#include <signal.h>
#include <stdbool.h>

#include "db.h"

struct ui_options {
	const char *db_label; /* shown in the title bar (file name, or "demo") */
	int lock_seconds;     /* hide patient data after this many idle seconds; 0 = never */
	bool no_color;	      /* monochrome even on a colour terminal (also $NO_COLOR) */
	/* When set and non-zero (a signal handler's flag), the interface ends at its next tick. */
	const volatile sig_atomic_t *stop;
};

/*
 * Run the interface on db until the user quits. Sets the locale, initialises and restores
 * the terminal (also on error). Returns 0, or an EX_* code when the terminal cannot be used.
 */
int ui_run(struct cl_db *db, const struct ui_options *opt);

#endif
