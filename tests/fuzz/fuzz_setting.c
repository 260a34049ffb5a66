/*
 * Setting values (src/setting.c): a key and a value as `careloop config KEY VALUE` gets
 * them, and a value as anything may have stored it in the database (an old careloop, a
 * hand edit). A known key always reads back within its range; an out-of-range value is
 * refused and leaves the stored one as it was. Text settings go through their own setter.
 * Input: KEY, a NUL byte, VALUE (text); the key may also be picked by the first byte.
 */
#include <errno.h>

#include "db_private.h"
#include "fuzz.h"

static struct cl_db *db;

static const struct cl_setting_info *find(const char *key)
{
	for (const struct cl_setting_info *s = cl_settings; s->key; s++)
		if (strcmp(s->key, key) == 0)
			return s;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cl_setting_info *info;
	const uint8_t *nul = memchr(data, '\0', size);
	char *key, *value, *end;
	size_t nkeys = 0;
	long v, before;
	int rc;

	if (!db)
		db = fuzz_open_db();
	/* Each input from no stored setting (settings keep no audit rows). */
	if (sqlite3_exec(cl_db_sqlite(db), "DELETE FROM setting", NULL, NULL, NULL) != SQLITE_OK)
		abort();
	if (!nul)
		return 0;
	key = fuzz_cstr(data, (size_t)(nul - data));
	value = fuzz_cstr(nul + 1, size - (size_t)(nul - data) - 1);
	while (cl_settings[nkeys].key)
		nkeys++;
	info = find(key);
	if (!info && key[0] == '\0' && value[0])
		info = &cl_settings[(unsigned char)value[0] % nkeys];

	/*
	 * A text setting (the practice's name, address, phone, fax) as `careloop config KEY
	 * TEXT` sets it: kept only within its length and without control characters, and a
	 * refused value leaves the stored one as it was; its integer reading is the default.
	 */
	if (info && info->text) {
		struct cl_error err = { 0 };
		char was[512], now[512];

		cl_setting_text(db, info->key, was, sizeof(was));
		rc = cl_setting_set_text(db, info->key, value, &err);
		cl_setting_text(db, info->key, now, sizeof(now));
		if (rc == CL_OK) {
			FUZZ_ASSERT(strlen(now) <= (size_t)info->max);
			for (const unsigned char *c = (const unsigned char *)now; *c; c++)
				FUZZ_ASSERT(*c >= 0x20 && *c != 0x7f);
		} else {
			FUZZ_ASSERT(rc == CL_EINVAL && strcmp(was, now) == 0);
		}
		FUZZ_ASSERT(cl_setting_int(db, info->key) == info->def);
		free(key);
		free(value);
		return 0;
	}

	/* Set it as the command line does (strtol, whole text). */
	before = info ? cl_setting_int(db, info->key) : 0;
	errno = 0;
	v = strtol(value, &end, 10);
	if (value[0] && !*end && !errno) {
		struct cl_error err = { 0 };

		rc = cl_setting_set_int(db, info ? info->key : key, v, &err);
		if (!info) {
			FUZZ_ASSERT(rc == CL_EINVAL);
		} else if (v < info->min || v > info->max) {
			FUZZ_ASSERT(rc == CL_EINVAL && cl_setting_int(db, info->key) == before);
		} else {
			FUZZ_ASSERT(rc == CL_OK && cl_setting_int(db, info->key) == v);
		}
	}

	/* Stored as is, by something else: read back within range, else the default. */
	if (info) {
		sqlite3_stmt *st;
		long got;

		if (sqlite3_prepare_v2(
			    cl_db_sqlite(db),
			    "INSERT OR REPLACE INTO setting (key, value, updated_at, "
			    "updated_by) VALUES (?1, ?2, '2026-01-01T00:00:00.000Z', 'x')",
			    -1, &st, NULL) != SQLITE_OK)
			abort();
		if (sqlite3_bind_text(st, 1, info->key, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC) != SQLITE_OK)
			abort();
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		got = cl_setting_int(db, info->key);
		FUZZ_ASSERT(got >= info->min && got <= info->max);
		if (rc == SQLITE_DONE &&
		    !(value[0] && !*end && !errno && v >= info->min && v <= info->max))
			FUZZ_ASSERT(got == info->def);
	}
	free(key);
	free(value);
	return 0;
}
