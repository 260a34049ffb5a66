/* Helpers shared by the libFuzzer harnesses (tests/fuzz/README: how to build and run). */
#ifndef CL_FUZZ_H
#define CL_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "careloop.h"
#include "db_private.h"

/* A failed invariant: print it and abort, so libFuzzer saves the input. */
#define FUZZ_ASSERT(cond)                                                                    \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

/* data as a NUL-terminated string (cut at its first NUL); free() it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A fresh in-memory database with the whole schema, or abort. */
static inline struct cl_db *fuzz_open_db(void)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	if (cl_db_open(":memory:", CL_DB_CREATE, &db, &err)) {
		fprintf(stderr, "fuzz: cl_db_open: %s\n", err.message);
		abort();
	}
	return db;
}

/* The database's content now, to restore before each input (sqlite3_serialize). */
struct fuzz_snapshot {
	unsigned char *data;
	sqlite3_int64 size;
};

static inline void fuzz_snapshot_take(struct cl_db *db, struct fuzz_snapshot *s)
{
	s->data = sqlite3_serialize(cl_db_sqlite(db), "main", &s->size, 0);
	if (!s->data)
		abort();
}

/* Put db back to the snapshot, so that every input starts from the same database. */
static inline void fuzz_snapshot_restore(struct cl_db *db, const struct fuzz_snapshot *s)
{
	unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)s->size);

	if (!copy)
		abort();
	memcpy(copy, s->data, (size_t)s->size);
	if (sqlite3_deserialize(cl_db_sqlite(db), "main", copy, s->size, s->size,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
	    SQLITE_OK)
		abort();
}

/* A row count, or abort. */
static inline long long fuzz_count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n < 0)
		abort();
	return n;
}

#endif
