/*
 * Settings: program rules kept as data in the database (rescreen interval, loop-closure
 * window, idle lock, …), so that a practice changes them without a new careloop.
 * Every key has a built-in default in the table in setting.c, documented in careloop(1).
 */
#ifndef CL_SETTING_H
#define CL_SETTING_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"

/*
 * One known setting: its key, default and meaning (for `careloop config` and the man page).
 * A text setting (the practice's name, address, phone and fax on letters) has text set:
 * its default is text_def ("" when NULL), and min and max bound its length in bytes.
 */
struct cl_setting_info {
	const char *key;
	long def;
	long min, max;
	const char *help;
	bool text;
	const char *text_def;
};

/* The known settings, ending with a { NULL } entry. */
extern const struct cl_setting_info cl_settings[];

/* The value of an integer setting: the stored one, else its default (unknown key: 0). */
long cl_setting_int(struct cl_db *db, const char *key);

/* Store an integer setting (checked against the known range), in its own transaction. */
int cl_setting_set_int(struct cl_db *db, const char *key, long value, struct cl_error *err);

/* The known setting key, or NULL. */
const struct cl_setting_info *cl_setting_find(const char *key);

/*
 * The value of a text setting into buf (size bytes, always terminated): the stored one, else
 * its default (also when the database cannot say; "" for an unknown key). Returns buf.
 */
char *cl_setting_text(struct cl_db *db, const char *key, char *buf, size_t size);

/*
 * Store a text setting (trimmed; "" clears it), in its own transaction. Refused (CL_EINVAL,
 * field "value") when longer than its max, not UTF-8, or holding a control character.
 */
int cl_setting_set_text(struct cl_db *db, const char *key, const char *value, struct cl_error *err);

/*
 * A site's own settings (the hub's connection, the practice's letterhead): never the
 * network's. Every other setting may be set on the hub for every site (careloop hub set).
 */
bool cl_setting_is_local(const char *key);

/*
 * Check value for key as careloop config would, for the network (a local key is refused):
 * CL_EINVAL on field "key" or "value". The stored form (trimmed text, the number) into norm.
 */
int cl_setting_check(const char *key, const char *value, char *norm, size_t size,
		     struct cl_error *err);

/*
 * Store a network setting from the hub inside the caller's transaction, checked as
 * cl_setting_check does; *changed when the stored value was different.
 */
int cl_setting_apply_in(struct cl_db *db, const char *key, const char *value, bool *changed,
			struct cl_error *err);

#endif
