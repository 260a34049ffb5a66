#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

#define HISTORY_MAX 200
#define PAGE	    256

static const char usage[] =
	"usage: careloop screening list --patient MRN [--format table|csv|json]\n"
	"       careloop screening list --positive DOMAIN [--limit N] [--format table|csv|json]\n"
	"       careloop screening due [--limit N] [--format table|csv|json]";

struct options {
	const char *patient;
	const char *positive;
	long limit; /* 0: all */
	enum cli_format format;
};

static int parse_options(int argc, char **argv, struct options *opt)
{
	int i = 2;

	while (i < argc) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (!value)
			return -1;
		if (strcmp(argv[i], "--patient") == 0) {
			opt->patient = value;
		} else if (strcmp(argv[i], "--positive") == 0) {
			opt->positive = value;
		} else if (strcmp(argv[i], "--format") == 0) {
			if (cli_parse_format(value, &opt->format))
				return -1;
		} else if (strcmp(argv[i], "--limit") == 0) {
			errno = 0;
			opt->limit = strtol(value, &end, 10);
			if (errno || *end || !*value || opt->limit < 0)
				return -1;
		} else {
			return -1;
		}
		i += 2;
	}
	return 0;
}

static int fail(const char *what, const struct cl_error *err)
{
	cli_error(what, err->message);
	return cli_exit_code(err->code);
}

/* A patient's screenings: one row each, one column per domain met in any of them. */
static int list_patient(struct cl_db *db, const struct options *opt)
{
	static const char *const fixed[] = { "date", "instrument", "status", "by" };
	enum { NFIXED = 4, MAXCOLS = NFIXED + 2 * CL_INSTRUMENT_MAX_DOMAINS + 1 };
	const char *columns[MAXCOLS], *cells[MAXCOLS];
	struct cl_screening_summary *rows = NULL;
	struct cl_error err = { 0 };
	struct cl_patient patient;
	struct cli_out *o = NULL;
	int n = 0, ncols = NFIXED, ndomains = 0, i, j, k, rc = EX_OK;

	if (cl_patient_by_mrn(db, opt->patient, &patient, &err))
		return fail("--patient", &err);
	if (!(rows = calloc(HISTORY_MAX, sizeof(*rows)))) {
		cli_error("screening", "out of memory");
		return EX_OSERR;
	}
	if (cl_screening_history(db, &patient.id, rows, HISTORY_MAX, &n, &err) ||
	    cl_access_view(db, "patient", &patient.id, &err)) {
		rc = fail("screening", &err);
		goto out;
	}
	memcpy(columns, fixed, sizeof(fixed));
	for (i = 0; i < n; i++)
		for (j = 0; j < rows[i].ndomains; j++) {
			for (k = 0; k < ndomains; k++)
				if (strcmp(columns[NFIXED + k], rows[i].domains[j].code) == 0)
					break;
			if (k == ndomains && ncols < MAXCOLS - 1) {
				columns[NFIXED + ndomains++] = rows[i].domains[j].code;
				ncols++;
			}
		}
	columns[ncols++] = "review";
	if (!(o = cli_out_new(stdout, opt->format, columns, ncols))) {
		cli_error("screening", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct cl_screening_summary *r = &rows[i];

		cells[0] = r->screened_on;
		cells[1] = r->instrument;
		cells[2] = cl_screening_status_code(r->status);
		cells[3] = r->screened_by;
		for (k = 0; k < ndomains; k++) {
			cells[NFIXED + k] = NULL;
			for (j = 0; j < r->ndomains; j++)
				if (strcmp(columns[NFIXED + k], r->domains[j].code) == 0)
					cells[NFIXED + k] =
						cl_domain_result_code(r->domains[j].result);
		}
		cells[ncols - 1] = r->review ? "yes" : "";
		cli_out_row(o, cells);
	}
	cli_out_end(o);
out:
	free(rows);
	return rc;
}

/* Page through the due list (domain NULL) or the positive list of domain, up to limit rows. */
static int list_patients(struct cl_db *db, const struct options *opt, const char *domain)
{
	static const char *const due_columns[] = { "mrn",	    "family_name", "given_name",
						   "last_screened", "due_on",	   "positive" };
	static const char *const positive_columns[] = { "mrn", "family_name", "given_name",
							"screened_on", "positive" };
	struct cl_screening_due_row *rows = calloc(PAGE, sizeof(*rows));
	const struct cl_screening_due_row *after = NULL;
	struct cl_screening_due_row last;
	struct cl_error err = { 0 };
	struct cli_out *o = NULL;
	long printed = 0;
	int n, i, rc = EX_OK;

	if (!rows) {
		cli_error("screening", "out of memory");
		return EX_OSERR;
	}
	o = domain ? cli_out_new(stdout, opt->format, positive_columns, 5)
		   : cli_out_new(stdout, opt->format, due_columns, 6);
	if (!o) {
		free(rows);
		cli_error("screening", "out of memory");
		return EX_OSERR;
	}
	do {
		int max = PAGE;

		if (opt->limit && opt->limit - printed < max)
			max = (int)(opt->limit - printed);
		if (domain ? cl_screening_positive_page(db, domain, CL_SCREENING_WITHOUT_SENSITIVE,
							after, rows, max, &n, &err)
			   : cl_screening_due_page(db, after, rows, max, &n, &err)) {
			rc = fail(domain ? "--positive" : "screening due", &err);
			break;
		}
		for (i = 0; i < n; i++) {
			char positive[256];
			const char *cells[6] = { rows[i].mrn, rows[i].family_name,
						 rows[i].given_name,
						 rows[i].last_on[0] ? rows[i].last_on : NULL };

			if (cl_screening_positive_text(db, &rows[i].patient_id,
						       CL_SCREENING_WITHOUT_SENSITIVE, positive,
						       sizeof(positive), &err)) {
				rc = fail("screening", &err);
				break;
			}
			if (domain) {
				cells[4] = positive;
			} else {
				cells[4] = rows[i].due_on[0] ? rows[i].due_on : NULL;
				cells[5] = positive;
			}
			cli_out_row(o, cells);
			printed++;
		}
		if (n > 0) {
			last = rows[n - 1];
			after = &last;
		}
	} while (rc == EX_OK && n == PAGE && (!opt->limit || printed < opt->limit));
	cli_out_end(o);
	free(rows);
	if (rc == EX_OK)
		rc = cli_record_report(db, domain ? "screening list --positive" : "screening due",
				       printed);
	return rc;
}

/*
 * careloop screening list --patient MRN | list --positive DOMAIN | due, with --format and
 * --limit. Sensitive domains (interpersonal safety) appear only in one patient's list, never
 * in the lists of patients.
 */
int cli_cmd_screening(const struct cli_globals *g, int argc, char **argv)
{
	struct options opt = { .limit = 100, .format = CLI_TABLE };
	struct cl_db *db = NULL;
	bool list, due;
	int rc;

	list = argc > 1 && strcmp(argv[1], "list") == 0;
	due = argc > 1 && strcmp(argv[1], "due") == 0;
	if ((!list && !due) || parse_options(argc, argv, &opt) ||
	    (list && !opt.patient == !opt.positive) || (due && (opt.patient || opt.positive))) {
		cli_error("screening", usage);
		return EX_USAGE;
	}
	if ((rc = cli_open_report(g, &db)))
		return rc;
	if (list && opt.patient)
		rc = list_patient(db, &opt);
	else
		rc = list_patients(db, &opt, list ? opt.positive : NULL);
	cl_db_close(db);
	return rc;
}
