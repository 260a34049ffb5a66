#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_import.h"
#include "cli_out.h"
#include "outfile.h"

/* The chronic registry's imports: their own counts (added, duplicates, unmatched MRNs). */
static struct cl_chronic_import_result chronic_counts;

static int import_results(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			  struct cl_import_result *res, struct cl_error *err)
{
	int rc = cl_result_import(db, path, opt, &chronic_counts, err);

	*res = chronic_counts.base;
	return rc;
}

static int import_conditions(struct cl_db *db, const char *path,
			     const struct cl_import_options *opt, struct cl_import_result *res,
			     struct cl_error *err)
{
	int rc = cl_condition_import(db, path, opt, &chronic_counts, err);

	*res = chronic_counts.base;
	return rc;
}

/* What `careloop import` can read: add a line per kind of file. */
static const struct importer {
	const char *what;
	cli_importer_fn *run;
} importers[] = {
	{ "orgs", cl_org_import },
	{ "patients", cl_patient_import_csv }, /* with cli_panel.c's own part */
	{ "screenings", cl_screening_import },
	{ "events", NULL }, /* its own (import_events): HL7 or CSV, unmatched patients */
	{ "results", import_results },
	{ "conditions", import_conditions },
};

/* A row's message may quote the file (a header cell, a value): cli_error makes it inert. */
void cli_bad_row(struct cli_bad_rows *bad, const struct cl_error *err)
{
	if (bad->shown >= CLI_BAD_ROWS_SHOWN) {
		bad->hidden++;
		return;
	}
	bad->shown++;
	cli_error(bad->file, err->message);
}

void cli_bad_rows_hidden(const struct cli_bad_rows *bad, bool skip_bad)
{
	char safe[4200];

	if (!bad->hidden)
		return;
	fprintf(stderr, "careloop: %s: %ld more problems not shown%s\n",
		cli_safe(bad->file, safe, sizeof(safe)), bad->hidden,
		skip_bad ? " (the reject file has every bad row with its reason)"
			 : " (--skip-bad writes every bad row with its reason to a reject file)");
}

static void report_bad_row(const struct cl_error *err, void *arg)
{
	cli_bad_row(arg, err);
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

/*
 * Create the reject file: never over the database (nor its -wal, -shm, -journal) or the
 * file being imported, never over an existing file without --force (see outfile.h).
 * 0 or an EX_* code (the reason printed).
 */
static int open_rejects(const char *path, bool force, const char *db_path, const char *file,
			struct cl_outfile *out)
{
	char wal[4200], shm[4200], journal[4200];
	const struct cl_outfile_guard guards[] = {
		{ db_path, "the database" },	     { wal, "the database's -wal file" },
		{ shm, "the database's -shm file" }, { journal, "the database's -journal file" },
		{ file, "the file being imported" }, { NULL, NULL },
	};
	struct cl_error err = { 0 };
	char what[4200];

	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	snprintf(shm, sizeof(shm), "%s-shm", db_path);
	snprintf(journal, sizeof(journal), "%s-journal", db_path);
	if (!cl_outfile_open(out, path, force, guards, &err))
		return EX_OK;
	snprintf(what, sizeof(what), "reject file %s", path);
	cli_error(what, err.message);
	return EX_CANTCREAT;
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
		cli_error(file, err->message);
		fprintf(stderr, "careloop: import %s: nothing imported\n", imp->what);
		break;
	}
	return cli_exit_code(rc);
}

/* An events import's reporting: problems and unmatched patients (by number on stderr, with
 * their MRN only in the --unmatched file, 0600). */
struct events_report {
	const char *file; /* the imported file, for messages */
	bool hl7;
	FILE *list; /* --unmatched, or NULL */
	long told;
};

static void report_bad_event(const struct cl_error *err, void *arg)
{
	cli_error(((struct events_report *)arg)->file, err->message);
}

static void report_unmatched(long number, long line, const char *control_id, const char *mrn,
			     void *arg)
{
	struct events_report *r = arg;
	char safe[256], where[32];

	if (r->list) {
		const char *head[3] = { r->hl7 ? "message" : "line", "control_id", "mrn" };
		const char *cells[3] = { where, control_id, mrn };

		snprintf(where, sizeof(where), "%ld", number);
		if (r->told == 0)
			cl_csv_write_record(r->list, head, 3);
		cl_csv_write_record(r->list, cells, 3);
	}
	r->told++;
	if (r->hl7)
		fprintf(stderr,
			"careloop: import events: message %ld (line %ld%s%s): no patient with "
			"its MRN (PID-3)\n",
			number, line, control_id[0] ? ", control id " : "",
			control_id[0] ? cli_safe(control_id, safe, sizeof(safe)) : "");
	else
		fprintf(stderr, "careloop: import events: line %ld: no patient with its MRN\n",
			line);
}

/* Is the file HL7 (from its first bytes)? */
static bool file_is_hl7(const char *file)
{
	FILE *f = fopen(file, "rb");
	char head[4096];
	size_t n;

	if (!f)
		return false;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return cl_event_file_is_hl7(head, n);
}

/*
 * The events import (event_import.h): the file's format is found from its content. rejects:
 * the CSV reject file (--skip-bad), kept only when rows were rejected. 0 or an EX_* code.
 */
static int import_events(const char *file, struct cl_db *db, struct cl_import_options *base,
			 struct cl_outfile *rejects, const char *unmatched_path, bool force,
			 const char *db_path)
{
	struct cl_event_import_result res = { 0 };
	struct cl_event_import_options opt = { .base = *base };
	struct events_report report = { .file = file };
	struct cl_outfile list = { 0 };
	struct cl_error err = { 0 };
	char safe[4200];
	int rc;

	report.hl7 = file_is_hl7(file);
	if (unmatched_path && !base->dry_run) {
		if ((rc = open_rejects(unmatched_path, force, db_path, file, &list)))
			return rc;
		report.list = list.f;
	}
	opt.base.bad_row = report_bad_event;
	opt.base.arg = &report;
	opt.unmatched = report_unmatched;
	rc = cl_event_import(db, file, &opt, &res, &err);
	if (rc) {
		switch (res.outcome) {
		case CL_IMPORT_BAD_ROWS:
			fprintf(stderr,
				"careloop: import events: nothing imported (%ld of %ld %s bad)\n",
				res.rejected, res.records, res.hl7 ? "messages" : "rows");
			break;
		case CL_IMPORT_BAD_HEADER:
			fprintf(stderr, "careloop: import events: nothing imported: the header row "
					"is bad\n");
			break;
		case CL_IMPORT_BAD_CSV:
			fprintf(stderr,
				"careloop: import events: nothing imported: the file is neither HL7 "
				"nor valid CSV (line %ld)\n",
				err.line);
			break;
		default:
			cli_error(file, err.message);
			fprintf(stderr, "careloop: import events: nothing imported\n");
		}
		cl_outfile_discard(&list);
		return cli_exit_code(rc);
	}
	if (list.f && !report.told) {
		cl_outfile_discard(&list);
	} else if (list.f && cl_outfile_commit(&list, &err)) {
		cli_error(unmatched_path, err.message);
		return EX_IOERR;
	}
	if (rejects->f && !res.hl7 && res.rejected) {
		if (cl_outfile_commit(rejects, &err)) {
			cli_error(rejects->path, err.message);
			return EX_IOERR;
		}
		printf("Rejected rows written to %s.\n",
		       cli_safe(rejects->path, safe, sizeof(safe)));
	}
	printf("events (%s): %ld %s, %ld %s, %ld already imported, %ld unmatched, %ld ignored, "
	       "%ld rejected\n",
	       res.hl7 ? "HL7" : "CSV", res.records, res.hl7 ? "messages" : "rows", res.imported,
	       base->dry_run ? "would be imported (dry run)" : "imported", res.duplicates,
	       res.unmatched, res.ignored, res.rejected);
	if (res.duplicates && !res.imported)
		printf("Nothing new: the file's events were imported before.\n");
	if (report.told && list.path[0] && !base->dry_run)
		printf("Unmatched patients (with their MRNs) listed in %s.\n",
		       cli_safe(unmatched_path, safe, sizeof(safe)));
	return EX_OK;
}

int cli_cmd_import(const struct cli_globals *g, int argc, char **argv)
{
	const struct importer *imp = NULL;
	struct cl_import_options opt = { 0 };
	struct cl_import_result res = { 0 };
	struct cl_error err = { 0 };
	struct cl_outfile reject_file = { 0 };
	struct cli_panel_args panel = { 0 };
	struct cl_panel_result counts = { 0 };
	struct cli_bad_rows bad = { 0 };
	const char *file = NULL, *rejects = NULL, *unmatched = NULL;
	char path[4096], reject_buf[4096], safe[4096];
	struct cl_db *db = NULL;
	bool force = false, keep_rejects = false;
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
		} else if (strcmp(argv[i], "--force") == 0) {
			force = true;
		} else if (strcmp(argv[i], "--inactivate-missing") == 0) {
			panel.inactivate_missing = true;
		} else if (strcmp(argv[i], "--yes") == 0) {
			panel.yes = true;
		} else if (strcmp(argv[i], "--reject-file") == 0 && i + 1 < argc) {
			rejects = argv[++i];
		} else if (strcmp(argv[i], "--unmatched") == 0 && i + 1 < argc &&
			   imp->run == NULL) {
			unmatched = argv[++i];
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			return cli_usage_error("import",
					       argv[i][0] == '-' ? "unknown option '%s'"
								 : "one FILE at a time ('%s')",
					       argv[i]);
		}
	}
	if (argc < 2)
		return cli_usage_error(
			"import", "what to import? (orgs, patients, screenings, events, results, "
				  "conditions)");
	if (!imp)
		return cli_usage_error("import",
				       "unknown kind '%s' (orgs, patients, screenings, events, "
				       "results, conditions)",
				       argv[1]);
	if (!file)
		return cli_usage_error("import", "which FILE.csv?");
	if ((rejects || force) && !opt.skip_bad && !unmatched)
		return cli_usage_error("import", "--reject-file and --force need --skip-bad");
	if ((panel.inactivate_missing || panel.yes) && strcmp(imp->what, "patients") != 0)
		return cli_usage_error("import", "--inactivate-missing and --yes are for patients");
	if (panel.yes && !panel.inactivate_missing)
		return cli_usage_error("import", "--yes confirms --inactivate-missing");
	if (panel.inactivate_missing && !opt.dry_run && !panel.yes && !isatty(STDIN_FILENO))
		return cli_usage_error("import",
				       "--inactivate-missing asks on a terminal: without one, "
				       "confirm with --yes (see --dry-run first)");
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		goto out;
	if (opt.skip_bad && !opt.dry_run) {
		if (!rejects && reject_path(file, reject_buf, sizeof(reject_buf)) == 0)
			rejects = reject_buf;
		if (!rejects) {
			cli_error("reject file", "path too long");
			rc = EX_CANTCREAT;
			goto out;
		}
		if ((rc = open_rejects(rejects, force, path, file, &reject_file)))
			goto out;
		opt.rejects = reject_file.f;
	}
	if (!imp->run) {
		rc = import_events(file, db, &opt, &reject_file, unmatched, force, path);
		goto out;
	}
	bad.file = file;
	opt.bad_row = report_bad_row;
	opt.arg = &bad;
	if (imp->run == cl_patient_import_csv) {
		rc = cli_panel_import(db, file, &opt, &panel, &counts, &err);
		res = counts.rows;
		if (rc == CLI_PANEL_DECLINED) {
			fprintf(stderr, "careloop: import patients: nothing imported\n");
			rc = 1;
			goto out;
		}
		if (rc == CL_EINVAL && res.outcome == CL_IMPORT_BAD_ROWS && opt.skip_bad)
			cli_error(file, err.message); /* rows rejected: no inactivation */
	} else {
		rc = imp->run(db, file, &opt, &res, &err);
	}
	cli_bad_rows_hidden(&bad, opt.skip_bad);
	if (rc) {
		rc = report_failure(imp, file, rc, &res, &err, opt.skip_bad);
		goto out;
	}
	/* Rejects are kept only beside an import that was kept: else nothing changes. */
	if (reject_file.f && res.rejected) {
		if (cl_outfile_commit(&reject_file, &err)) {
			char what[4200];

			snprintf(what, sizeof(what), "reject file %s", rejects);
			cli_error(what, err.message);
			rc = EX_IOERR;
			goto out;
		}
		keep_rejects = true;
	}
	if (res.rows && !res.imported) {
		/* --skip-bad found no good row: a script must not take this for success. */
		fprintf(stderr, "careloop: import %s: nothing %s: all %ld rows are bad%s%s%s\n",
			imp->what, opt.dry_run ? "would be imported" : "imported", res.rows,
			keep_rejects ? " (written to " : "",
			keep_rejects ? cli_safe(rejects, safe, sizeof(safe)) : "",
			keep_rejects ? ")" : "");
		rc = EX_DATAERR;
		goto out;
	}
	if (imp->run == cl_patient_import_csv) {
		cli_panel_summary(&counts, &opt, &panel, keep_rejects ? rejects : NULL);
		rc = EX_OK;
		goto out;
	}
	if (imp->run == import_results || imp->run == import_conditions) {
		printf("%s: %ld rows: %ld %s, %ld already imported, %ld unmatched (no patient "
		       "with that MRN), %ld rejected%s%s%s\n",
		       imp->what, res.rows, chronic_counts.added,
		       opt.dry_run ? "would be added (dry run)" : "added",
		       chronic_counts.duplicates, chronic_counts.unmatched, res.rejected,
		       keep_rejects ? " (written to " : "",
		       keep_rejects ? cli_safe(rejects, safe, sizeof(safe)) : "",
		       keep_rejects ? ")" : "");
		if (!chronic_counts.added && chronic_counts.duplicates)
			printf("Nothing new: the file's %s were imported before.\n", imp->what);
		rc = EX_OK;
		goto out;
	}
	printf("%s: %ld rows, %ld %s, %ld rejected%s%s%s\n", imp->what, res.rows, res.imported,
	       opt.dry_run ? "would be imported (dry run)" : "imported", res.rejected,
	       keep_rejects ? " (written to " : "",
	       keep_rejects ? cli_safe(rejects, safe, sizeof(safe)) : "", keep_rejects ? ")" : "");
	rc = EX_OK;
out:
	cl_outfile_discard(&reject_file);
	cl_db_close(db);
	return rc;
}
