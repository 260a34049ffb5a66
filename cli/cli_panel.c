/*
 * `careloop import patients`: the panel import's own part of `careloop import` (cli_import.c
 * has the options, the reject file and the failures every import shares): the changes of a
 * dry run field by field, the columns not imported, a progress bar, and the confirmation
 * before patients absent from the file are marked inactive.
 */
#include "config.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_import.h"
#include "cli_out.h"

/* What the callbacks of one run need. */
struct panel_run {
	const char *file;
	struct cli_bad_rows *bad; /* the import's count of bad rows shown and not */
	bool show_changes;	  /* a dry run: every change on stdout */
	const char *arrow;
	bool columns_told; /* the columns not imported were told (by the check before) */
	/* The progress bar (stderr a terminal): total rows, when it was last drawn. */
	bool progress;
	long total;
	struct timespec drawn;
	bool shown;
	long duplicates_shown;
};

/* The possible duplicates told one by one; the rest are in the summary's count. */
#define DUPLICATES_SHOWN 50

static void show_change(const struct cl_patient_change *c, void *arg)
{
	struct panel_run *run = arg;
	char mrn[64], before[1024], after[1024];

	if (!run->show_changes)
		return;
	cli_safe(c->mrn, mrn, sizeof(mrn));
	cli_safe(c->before[0] ? c->before : "(empty)", before, sizeof(before));
	cli_safe(c->after[0] ? c->after : "(empty)", after, sizeof(after));
	if (c->line)
		printf("row %ld MRN %s: %s: %s %s %s\n", c->line, mrn, c->field, before, run->arrow,
		       after);
	else
		printf("MRN %s (not in the file): %s: %s %s %s\n", mrn, c->field, before,
		       run->arrow, after);
}

static void clear_progress(struct panel_run *run)
{
	if (run->shown)
		fputs("\r\033[K", stderr);
	run->shown = false;
}

static void report_ignored(const struct cl_error *err, void *arg)
{
	struct panel_run *run = arg;

	if (run->columns_told)
		return;
	clear_progress(run);
	cli_error(run->file, err->message);
}

/*
 * A new row like a patient already there. On stderr (which may be a log) by its line alone;
 * the dry run's report on stdout, the person's own, names both MRNs.
 */
static void report_duplicate(long line, const char *mrn, const struct cl_duplicate *other,
			     void *arg)
{
	struct panel_run *run = arg;
	const char *why = other->reason & CL_DUPLICATE_NAME ? "same name and date of birth"
							    : "same phone and date of birth";
	char msg[160], a[64], b[64];

	if (run->columns_told || run->duplicates_shown++ >= DUPLICATES_SHOWN)
		return;
	clear_progress(run);
	if (run->show_changes) {
		printf("row %ld MRN %s: possible duplicate of MRN %s (%s)\n", line,
		       cli_safe(mrn, a, sizeof(a)), cli_safe(other->mrn, b, sizeof(b)), why);
		return;
	}
	snprintf(msg, sizeof(msg), "row %ld: possible duplicate of an existing patient (%s)", line,
		 why);
	cli_error(run->file, msg);
}

static void report_bad(const struct cl_error *err, void *arg)
{
	struct panel_run *run = arg;

	clear_progress(run);
	cli_bad_row(run->bad, err);
}

/* Redrawn at most ten times a second: "[#####     ] 12000 / 100000 rows". */
static void show_progress(long rows, void *arg)
{
	struct panel_run *run = arg;
	struct timespec now;
	char bar[41];
	long width = 30, filled;

	if (!run->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (run->shown && rows < run->total &&
	    (now.tv_sec - run->drawn.tv_sec) * 1000 + (now.tv_nsec - run->drawn.tv_nsec) / 1000000 <
		    100)
		return;
	run->drawn = now;
	filled = run->total > 0 ? (rows > run->total ? width : rows * width / run->total) : 0;
	memset(bar, '#', (size_t)filled);
	memset(bar + filled, '.', (size_t)(width - filled));
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %ld / %ld rows", bar, rows, run->total);
	fflush(stderr);
	run->shown = true;
}

/* The records after the header, for the progress bar's total (0 when the file is bad). */
static long count_rows(const char *file)
{
	struct cl_csv_reader *in;
	const struct cl_csv_record *rec;
	long n = -1;

	if (cl_csv_open(file, &in, NULL))
		return 0;
	while (cl_csv_next(in, &rec, NULL) == CL_OK && rec)
		n++;
	cl_csv_close(in);
	return n < 0 ? 0 : n;
}

/* A terminal answers yes to question (on stderr). */
static bool confirm(const char *question)
{
	char answer[16];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static int run_once(struct cl_db *db, const char *file, const struct cl_import_options *opt,
		    const struct cli_panel_args *args, long expect, struct panel_run *run,
		    struct cl_panel_result *res, struct cl_error *err)
{
	struct cl_panel_options panel = {
		.import = *opt,
		.inactivate_missing = args->inactivate_missing,
		.expect_inactivate = expect,
		.changed = show_change,
		.duplicate = report_duplicate,
		.ignored_column = report_ignored,
		.progress = show_progress,
		.arg = run,
	};
	int rc;

	run->bad = opt->arg; /* cli_cmd_import's */
	panel.import.bad_row = report_bad;
	panel.import.arg = run;
	rc = cl_patient_import(db, file, &panel, res, err);
	clear_progress(run);
	return rc;
}

int cli_panel_import(struct cl_db *db, const char *file, const struct cl_import_options *opt,
		     const struct cli_panel_args *args, struct cl_panel_result *res,
		     struct cl_error *err)
{
	const char *codeset = nl_langinfo(CODESET);
	struct panel_run run = {
		.file = file,
		.show_changes = opt->dry_run,
		.arrow = codeset && strcmp(codeset, "UTF-8") == 0 ? "\u2192" : "->",
		.progress = isatty(STDERR_FILENO),
	};
	struct cl_import_options check = *opt;
	char question[96];
	int rc;

	if (run.progress)
		run.total = count_rows(file);
	if (!args->inactivate_missing || opt->dry_run || args->yes)
		return run_once(db, file, opt, args, -1, &run, res, err);
	/*
	 * Ask on the terminal, with no transaction open while it waits: check the whole file
	 * first (a dry run, its columns and bad rows told once), then import it, refused if
	 * another number of patients would be marked inactive by then.
	 */
	check.dry_run = true;
	check.rejects = NULL;
	if ((rc = run_once(db, file, &check, args, -1, &run, res, err)) || !res->inactivated)
		return rc ? rc : run_once(db, file, opt, args, 0, &run, res, err);
	snprintf(question, sizeof(question), "Mark %ld patient%s inactive?", res->inactivated,
		 res->inactivated == 1 ? "" : "s");
	if (!confirm(question))
		return CLI_PANEL_DECLINED;
	run.columns_told = true;
	return run_once(db, file, opt, args, res->inactivated, &run, res, err);
}

void cli_panel_summary(const struct cl_panel_result *res, const struct cl_import_options *opt,
		       const struct cli_panel_args *args, const char *rejects)
{
	char safe[4096];

	printf("patients: %ld rows: added %ld, updated %ld, unchanged %ld", res->rows.rows,
	       res->added, res->updated, res->unchanged);
	if (args->inactivate_missing)
		printf(", inactivated %ld", res->inactivated);
	printf(", rejected %ld", res->rows.rejected);
	if (res->duplicates)
		printf(", possible duplicates %ld (added; see careloop merge)", res->duplicates);
	if (rejects)
		printf(" (written to %s)", cli_safe(rejects, safe, sizeof(safe)));
	if (opt->dry_run)
		printf(" (dry run: nothing was changed)");
	printf("\n");
}
