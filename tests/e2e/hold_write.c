/*
 * Test helper: hold the database's write lock the way a long import does, until told to
 * stop. Usage: hold_write DB READY STOP — begins an IMMEDIATE transaction with one row
 * written, creates the file READY, waits (at most 120 s) until the file STOP exists, then
 * rolls back. Exits 0, or 1 when the lock cannot be taken.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	sqlite3 *sq;
	FILE *ready;
	int i;

	if (argc != 4) {
		fprintf(stderr, "usage: hold_write DB READY STOP\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &sq, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(sq,
			 "BEGIN IMMEDIATE; INSERT INTO setting VALUES ('hold_write', '1', "
			 "'2026-01-01T00:00:00.000Z', 'import')",
			 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "hold_write: %s\n", sqlite3_errmsg(sq));
		return 1;
	}
	if (!(ready = fopen(argv[2], "w")) || fclose(ready) != 0) {
		perror(argv[2]);
		return 1;
	}
	for (i = 0; i < 120 * 20 && access(argv[3], F_OK) != 0; i++)
		nanosleep(&tick, NULL);
	sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(sq);
	return 0;
}
