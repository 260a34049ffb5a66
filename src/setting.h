/*
 * Settings: program rules kept as data in the database (rescreen interval, loop-closure
 * window, idle lock, …), so that a practice changes them without a new careloop.
 * Every key has a built-in default in the table in setting.c, documented in careloop(1).
 */
#ifndef CL_SETTING_H
#define CL_SETTING_H

#include <stddef.h>

#include "db.h"
#include "error.h"

/* One known setting: its key, default and meaning (for `careloop config` and the man page). */
struct cl_setting_info {
	const char *key;
	long def;
	long min, max;
	const char *help;
};

/* The known settings, ending with a { NULL } entry. */
extern const struct cl_setting_info cl_settings[];

/* The value of an integer setting: the stored one, else its default (unknown key: 0). */
long cl_setting_int(struct cl_db *db, const char *key);

/* Store an integer setting (checked against the known range), in its own transaction. */
int cl_setting_set_int(struct cl_db *db, const char *key, long value, struct cl_error *err);

#endif
