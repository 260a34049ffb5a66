#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "outfile.h"
#include "paper.h"

/* Where a document goes: a new PDF file (--pdf FILE, --force to replace) or text on stdout. */
struct doc_target {
	const char *pdf;
	bool force, text;
};

/* Parse [--pdf FILE [--force] | --text] after argv[first]; the one argument into *arg. */
static int parse(const char *cmd, int argc, char **argv, int first, const char *what,
		 const char **arg, struct doc_target *t)
{
	int i;

	for (i = first; i < argc; i++) {
		if (strcmp(argv[i], "--pdf") == 0) {
			if (i + 1 >= argc || !*argv[i + 1])
				return cli_usage_error(cmd, "--pdf needs a file name");
			if (t->pdf)
				return cli_usage_error(cmd, "--pdf given twice");
			t->pdf = argv[++i];
		} else if (strcmp(argv[i], "--force") == 0) {
			t->force = true;
		} else if (strcmp(argv[i], "--text") == 0) {
			t->text = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
		} else if (*arg) {
			return cli_usage_error(cmd, "one %s only", what);
		} else {
			*arg = argv[i];
		}
	}
	if (!*arg)
		return cli_usage_error(cmd, "which %s?", what);
	if (t->pdf && t->text)
		return cli_usage_error(cmd, "--pdf and --text cannot be combined");
	if (t->force && !t->pdf)
		return cli_usage_error(cmd, "--force goes with --pdf");
	return EX_OK;
}

/*
 * Create the PDF file as outfile.h says (0600, never over an existing file without --force,
 * never over the database or its access log). 0 or an EX_* code (the reason printed).
 */
static int open_pdf(const char *cmd, const struct cli_globals *g, const struct doc_target *t,
		    struct cl_outfile *out)
{
	char db[4096], wal[4200], shm[4200], journal[4200], access[4200], awal[4300], ashm[4300];
	const struct cl_outfile_guard guards[] = {
		{ db, "the database" },
		{ wal, "the database's -wal file" },
		{ shm, "the database's -shm file" },
		{ journal, "the database's -journal file" },
		{ access, "the access log" },
		{ awal, "the access log's -wal file" },
		{ ashm, "the access log's -shm file" },
		{ NULL, NULL },
	};
	struct cl_error err = { 0 };
	char what[4200];
	int rc;

	if ((rc = cli_db_path(g, db, sizeof(db))))
		return rc;
	snprintf(wal, sizeof(wal), "%s-wal", db);
	snprintf(shm, sizeof(shm), "%s-shm", db);
	snprintf(journal, sizeof(journal), "%s-journal", db);
	snprintf(access, sizeof(access), "%s-access", db);
	snprintf(awal, sizeof(awal), "%s-wal", access);
	snprintf(ashm, sizeof(ashm), "%s-shm", access);
	if (!cl_outfile_open(out, t->pdf, t->force, guards, &err))
		return EX_OK;
	snprintf(what, sizeof(what), "%s: %s", cmd, t->pdf);
	cli_error(what, err.message);
	return err.code == CL_EEXIST ? EX_CANTCREAT : cli_exit_code(err.code);
}

/* Write doc where t says; the file is committed only when the whole PDF is written. */
static int write_doc(const char *cmd, const struct doc_target *t, const struct cl_document *doc,
		     struct cl_outfile *out)
{
	struct cl_error err = { 0 };
	int pages = 0, rc;

	if (!t->pdf) {
		if (paper_text_write(doc, stdout, &err)) {
			cli_error(cmd, err.message);
			return cli_exit_code(err.code);
		}
		return EX_OK;
	}
	rc = paper_pdf_write(doc, out->f, &pages, &err);
	paper_release();
	if (rc || cl_outfile_commit(out, &err)) {
		cli_error(cmd, err.message);
		cl_outfile_discard(out);
		return cli_exit_code(err.code);
	}
	printf("%s: %s, %d page%s\n", t->pdf, doc->title, pages, pages == 1 ? "" : "s");
	return EX_OK;
}

/*
 * careloop referral letter ID [--pdf FILE [--force] | --text]: the letter to send the
 * partner, as PDF or as text on stdout (the default). Recorded in the access log.
 */
int cli_referral_letter(const struct cli_globals *g, int argc, char **argv)
{
	static const char cmd[] = "referral letter";
	struct doc_target t = { 0 };
	struct cl_outfile out = { 0 };
	struct cl_document doc = { 0 };
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];
	const char *text = NULL;
	struct cl_db *db = NULL;
	struct cl_id id;
	int rc;

	if ((rc = parse(cmd, argc, argv, 2, "referral id", &text, &t)))
		return rc;
	if (cl_id_parse(text, &id))
		return cli_usage_error(cmd,
				       "'%s' is not a referral id (careloop referral list "
				       "shows them)",
				       text);
	if ((rc = cli_open_report(g, &db)))
		return rc;
	if (t.pdf && (rc = open_pdf(cmd, g, &t, &out)))
		goto out;
	cl_date_today(today);
	if (cl_letter_build(db, &id, today, &doc, &err)) {
		cli_error(cmd, err.code == CL_ENOTFOUND ? "no such referral" : err.message);
		rc = cli_exit_code(err.code);
		cl_outfile_discard(&out);
		goto out;
	}
	rc = write_doc(cmd, &t, &doc, &out);
out:
	cl_document_free(&doc);
	cl_db_close(db);
	return rc;
}

/*
 * careloop summary MRN [--pdf FILE [--force] | --text]: the patient's care-plan summary.
 * MRN "-": read from the first line of standard input (kept out of ps).
 */
int cli_cmd_summary(const struct cli_globals *g, int argc, char **argv)
{
	static const char cmd[] = "summary";
	struct doc_target t = { 0 };
	struct cl_outfile out = { 0 };
	struct cl_document doc = { 0 };
	struct cl_error err = { 0 };
	struct cl_patient *p = NULL;
	char today[CL_DATE_LEN], line[256];
	const char *mrn = NULL;
	struct cl_db *db = NULL;
	int rc;

	if ((rc = parse(cmd, argc, argv, 1, "MRN", &mrn, &t)))
		return rc;
	if (strcmp(mrn, "-") == 0) {
		if (!fgets(line, sizeof(line), stdin)) {
			cli_error(cmd, "no MRN on standard input");
			return EX_USAGE;
		}
		line[strcspn(line, "\r\n")] = '\0';
		mrn = cl_text_trim(line);
	}
	if (!(p = calloc(1, sizeof(*p)))) {
		cli_error(cmd, "out of memory");
		return EX_OSERR;
	}
	if ((rc = cli_open_report(g, &db)))
		goto out;
	if (cl_patient_by_mrn(db, mrn, p, &err)) {
		/* Never the MRN in a message: it is the patient's. */
		cli_error(cmd, err.code == CL_ENOTFOUND ? "no patient with that MRN" : err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (t.pdf && (rc = open_pdf(cmd, g, &t, &out)))
		goto out;
	cl_date_today(today);
	if (cl_summary_build(db, &p->id, today, &doc, &err)) {
		cli_error(cmd, err.message);
		rc = cli_exit_code(err.code);
		cl_outfile_discard(&out);
		goto out;
	}
	rc = write_doc(cmd, &t, &doc, &out);
out:
	cl_document_free(&doc);
	cl_db_close(db);
	free(p);
	return rc;
}
