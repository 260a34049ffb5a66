/* A helper the unit tests share over the core's database (SQLite through db_private.h). */
#ifndef CL_TESTDB_H
#define CL_TESTDB_H

#include <cmocka.h>

#include "db_private.h"

/* The integer in the first column of sql's first row (-1 without a row). */
static inline long long test_count(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#endif
