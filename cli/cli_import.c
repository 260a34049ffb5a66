#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_import.h"

/* What `careloop import` can read: add a line per kind of file. */
static const struct importer {
	const char *what;
	cli_importer_fn *run;
} importers[] = {
	{ "orgs", cl_org_import },
	{ "screenings", cl_screening_import_csv },
};

static const char usage[] = "usage: careloop import orgs|screenings FILE.csv [--dry-run] "
			    "[--skip-bad [--reject-file PATH]]";

static void report_bad_row(const struct cl_error *err, void *arg)
{
	fprintf(stderr, "careloop: %s: %s\n", (const char *)arg, err->message);
}

/* FILE.csv → FILE.rejected.csv (next to it). */
static int reject_path(const char *file, char *buf, size_t size)
{
	size_t len = strlen(file);

	if (len > 4 && strcmp(file + len - 4, ".csv") == 0)
		len -= 4;
	if (snprintf(buf, size, "%.*s.rejected.csv", (int)len, file) >= (int)size)
		return -1;
	return 0;
}

/* Rejected rows may hold patient data: the file is created 0600. */
static FILE *open_rejects(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "w")))
		close(fd);
	return f;
}

/* Say why nothing was imported; returns the exit code. */
static int report_failure(const struct importer *imp, const char *file, int rc,
			  const struct cl_import_result *res, const struct cl_error *err,
			  bool skip_bad)
{
	switch (res->outcome) {
	case CL_IMPORT_BAD_ROWS:
		fprintf(stderr, "careloop: import %s: nothing imported (%ld of %ld rows bad)\n",
			imp->what, res->rejected, res->rows);
		break;
	case CL_IMPORT_BAD_HEADER:
		fprintf(stderr, "careloop: import %s: nothing imported: the header row is bad\n",
			imp->what);
		break;
	case CL_IMPORT_BAD_CSV:
		fprintf(stderr,
			"careloop: import %s: nothing imported: the file is not valid CSV at "
			"line %ld%s\n",
			imp->what, err->line,
			skip_bad ? " (--skip-bad skips bad rows, not broken CSV)" : "");
		break;
	default:
		/* Not the file's fault (disk full, I/O, memory): say what it is. */
		fprintf(stderr, "careloop: %s: %s\n", file, err->message);
		fprintf(stderr, "careloop: import %s: nothing imported\n", imp->what);
		break;
	}
	return cli_exit_code(rc);
}

int cli_cmd_import(const struct cli_globals *g, int argc, char **argv)
{
	const struct importer *imp = NULL;
	struct cl_import_options opt = { 0 };
	struct cl_import_result res = { 0 };
	struct cl_error err = { 0 };
	const char *file = NULL, *rejects = NULL;
	char path[4096], reject_buf[4096];
	struct cl_db *db = NULL;
	FILE *reject_file = NULL;
	size_t k;
	int i, rc;

	for (k = 0; argc > 1 && k < sizeof(importers) / sizeof(importers[0]); k++)
		if (strcmp(argv[1], importers[k].what) == 0)
			imp = &importers[k];
	for (i = 2; imp && i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			opt.dry_run = true;
		} else if (strcmp(argv[i], "--skip-bad") == 0) {
			opt.skip_bad = true;
		} else if (strcmp(argv[i], "--reject-file") == 0 && i + 1 < argc) {
			rejects = argv[++i];
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			imp = NULL;
		}
	}
	if (!imp || !file || (rejects && !opt.skip_bad)) {
		cli_error("import", usage);
		return EX_USAGE;
	}
	if (opt.skip_bad && !opt.dry_run) {
		if (!rejects && reject_path(file, reject_buf, sizeof(reject_buf)) == 0)
			rejects = reject_buf;
		if (!rejects || !(reject_file = open_rejects(rejects))) {
			cli_error("reject file", rejects ? strerror(errno) : "path too long");
			return EX_CANTCREAT;
		}
		opt.rejects = reject_file;
	}
	opt.bad_row = report_bad_row;
	opt.arg = (void *)file;
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		goto out;
	rc = imp->run(db, file, &opt, &res, &err);
	if (rc) {
		rc = report_failure(imp, file, rc, &res, &err, opt.skip_bad);
		goto out;
	}
	if (res.rows && !res.imported) {
		/* --skip-bad found no good row: a script must not take this for success. */
		fprintf(stderr, "careloop: import %s: nothing %s: all %ld rows are bad%s%s%s\n",
			imp->what, opt.dry_run ? "would be imported" : "imported", res.rows,
			reject_file ? " (written to " : "", reject_file ? rejects : "",
			reject_file ? ")" : "");
		rc = EX_DATAERR;
		goto out;
	}
	printf("%s: %ld rows, %ld %s, %ld rejected%s%s%s\n", imp->what, res.rows, res.imported,
	       opt.dry_run ? "would be imported (dry run)" : "imported", res.rejected,
	       reject_file && res.rejected ? " (written to " : "",
	       reject_file && res.rejected ? rejects : "", reject_file && res.rejected ? ")" : "");
	rc = EX_OK;
out:
	if (reject_file) {
		if (fclose(reject_file) != 0 && !rc) {
			cli_error("reject file", strerror(errno));
			rc = EX_IOERR;
		}
		if (!res.rejected)
			unlink(rejects);
	}
	cl_db_close(db);
	return rc;
}
