#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"

/* FILE and [--force] after argv[0]; the file into *file. */
static int parse(const char *cmd, int argc, char **argv, const char **file, bool *force)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			*force = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
		else if (*file)
			return cli_usage_error(cmd, "one file only");
		else if (!*argv[i])
			return cli_usage_error(cmd, "the file name is empty");
		else
			*file = argv[i];
	}
	if (!*file)
		return cli_usage_error(cmd, "which file? %s FILE [--force]", cmd);
	return EX_OK;
}

/* careloop backup FILE [--force] */
int cli_cmd_backup(const struct cli_globals *g, int argc, char **argv)
{
	struct cl_backup_info info;
	struct cl_error err = { 0 };
	const char *file = NULL;
	bool force = false;
	char path[4096];
	struct cl_db *db;
	int rc;

	if ((rc = parse("backup", argc, argv, &file, &force)))
		return rc;
	if ((rc = cli_open_db(g, CL_DB_READONLY, &db, path, sizeof(path))))
		return rc;
	rc = cl_backup(db, file, force, true, &info, &err);
	cl_db_close(db);
	if (rc) {
		cli_error("backup", err.message);
		/* As for every file careloop writes: one that exists is not created (73). */
		return rc == CL_EEXIST ? EX_CANTCREAT : cli_exit_code(rc);
	}
	printf("%s: backup of %s, %lld pages, verified (integrity, triggers, derived columns, "
	       "audit chain of %lld rows",
	       file, path, info.pages, info.audit_rows);
	if (info.access)
		printf(", access log of %lld rows", info.access_rows);
	printf(")\n");
	return EX_OK;
}

/* careloop restore FILE [--force] */
int cli_cmd_restore(const struct cli_globals *g, int argc, char **argv)
{
	struct cl_backup_info info;
	struct cl_error err = { 0 };
	const char *file = NULL;
	char path[4096], aside[4200], now[32];
	bool force = false, existed;
	struct cl_db *db;
	struct stat st;
	int rc;

	if ((rc = parse("restore", argc, argv, &file, &force)))
		return rc;
	if ((rc = cli_db_path(g, path, sizeof(path))))
		return rc;
	existed = lstat(path, &st) == 0;
	if (existed && !force) {
		fprintf(stderr,
			"careloop: restore: %s exists: --force replaces its records with the "
			"backup's (what it holds now is kept aside, as %s.before-restore-TIME)\n",
			path, path);
		return EX_CANTCREAT;
	}
	if ((rc = cli_open_db(g, existed ? 0 : CL_DB_CREATE, &db, path, sizeof(path))))
		return rc;
	if (existed) {
		/* 2026-12-07T05:40:19.123Z → 20261207T054019Z: sorts, and no colons. */
		cl_db_now(now, sizeof(now));
		snprintf(aside, sizeof(aside), "%s.before-restore-%.4s%.2s%.2sT%.2s%.2s%.2sZ", path,
			 now, now + 5, now + 8, now + 11, now + 14, now + 17);
	}
	rc = cl_backup_restore(db, file, existed ? aside : NULL, &info, &err);
	cl_db_close(db);
	if (rc) {
		cli_error("restore", err.message);
		return cli_exit_code(rc);
	}
	if (existed)
		printf("%s: the records it held are kept in %s\n", path, aside);
	printf("%s: restored from %s, %lld pages, verified (audit chain of %lld rows)\n", path,
	       file, info.pages, info.audit_rows);
	return EX_OK;
}
