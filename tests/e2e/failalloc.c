/*
 * Fault injection for tests/e2e/import_oom.sh, loaded with LD_PRELOAD into the real
 * careloop: before main, SQLite's allocator is replaced (SQLITE_CONFIG_MALLOC, lookaside
 * off) by one that fails allocation number $CARELOOP_FAIL_ALLOC (0 is the first) once.
 * With $CARELOOP_ALLOC_COUNT set to a file, the number of allocations made is written there
 * at exit. Without either variable nothing changes. Test-only: never installed.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static sqlite3_mem_methods real_mem;
static long countdown = -1, allocations;

static int fail_now(void)
{
	allocations++;
	if (countdown < 0 || countdown-- > 0)
		return 0;
	return 1;
}

static void *fail_malloc(int n)
{
	return fail_now() ? NULL : real_mem.xMalloc(n);
}

static void *fail_realloc(void *p, int n)
{
	return fail_now() ? NULL : real_mem.xRealloc(p, n);
}

static void write_count(void)
{
	const char *path = getenv("CARELOOP_ALLOC_COUNT");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fprintf(f, "%ld\n", allocations);
		fclose(f);
	}
}

__attribute__((constructor)) static void install(void)
{
	static sqlite3_mem_methods mem;
	const char *n = getenv("CARELOOP_FAIL_ALLOC");

	if (!n && !getenv("CARELOOP_ALLOC_COUNT"))
		return;
	countdown = n ? atol(n) : -1;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
		abort();
	mem = real_mem;
	mem.xMalloc = fail_malloc;
	mem.xRealloc = fail_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK)
		abort();
	atexit(write_count);
}
