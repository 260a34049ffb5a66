/*
 * The crash test's counter (tests/crash/run.sh): opens a database read-only through the
 * core and prints its row counts on one line, "organizations=N screenings=N patients=N
 * clinical_events=N audit=N inactive=N" (the last: inactive patients), so that the test tells
 * "before" from "after" without the sqlite3 shell.
 * Exit 0, or 1 with the core's message when the database does not open.
 */
#include "config.h"

#include <stdio.h>

#include "careloop.h"
#include "db_private.h"

static long long count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int main(int argc, char **argv)
{
	static const char *const tables[] = { "organization", "screening", "patient",
					      "clinical_event", "audit" };
	struct cl_error err = { 0 };
	struct cl_db *db;
	char sql[64];

	if (argc != 2) {
		fprintf(stderr, "usage: count DB\n");
		return 2;
	}
	if (cl_db_open(argv[1], CL_DB_READONLY, &db, &err)) {
		fprintf(stderr, "count: %s\n", err.message);
		return 1;
	}
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		long long n;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
		if ((n = count(db, sql)) < 0) {
			fprintf(stderr, "count: %s: %s\n", tables[i],
				sqlite3_errmsg(cl_db_sqlite(db)));
			cl_db_close(db);
			return 1;
		}
		printf("%s%ss=%lld", i ? " " : "", tables[i], n);
	}
	printf(" inactive=%lld\n",
	       count(db, "SELECT count(*) FROM patient WHERE status = 'inactive'"));
	cl_db_close(db);
	return 0;
}
