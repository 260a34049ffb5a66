#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

#define HISTORY_MAX 200
#define PAGE	    256

struct options {
	const char *patient;
	const char *positive;
	long limit; /* 0: all */
	enum cli_format format;
};

static int parse_options(const char *cmd, int argc, char **argv, struct options *opt)
{
	int i = 2;

	while (i < argc) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (strcmp(argv[i], "--patient") && strcmp(argv[i], "--positive") &&
		    strcmp(argv[i], "--format") && strcmp(argv[i], "--limit"))
			return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
		if (!value)
			return cli_usage_error(cmd, "%s needs a value", argv[i]);
		if (strcmp(argv[i], "--patient") == 0) {
			opt->patient = value;
		} else if (strcmp(argv[i], "--positive") == 0) {
			opt->positive = value;
		} else if (strcmp(argv[i], "--format") == 0) {
			if (cli_parse_format(value, &opt->format))
				return cli_usage_error(cmd, "--format must be table, csv or json");
		} else {
			errno = 0;
			opt->limit = strtol(value, &end, 10);
			if (errno || *end || !*value || opt->limit < 0)
				return cli_usage_error(cmd,
						       "--limit must be a whole number (0: all)");
		}
		i += 2;
	}
	return EX_OK;
}

/*
 * --patient -: the MRN is the first line of standard input (asked for with "MRN: " on a
 * terminal), so that it stays out of the process list (ps) and shell history. Into buf;
 * 0 or an EX_* code.
 */
static int read_mrn(char *buf, size_t size)
{
	size_t len;

	if (isatty(STDIN_FILENO))
		fputs("MRN: ", stderr);
	if (!fgets(buf, (int)size, stdin))
		return cli_usage_error("screening list", "--patient -: no MRN on standard input");
	len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' && !feof(stdin))
		return cli_usage_error("screening list", "--patient -: the MRN is too long");
	buf[len] = '\0';
	if (!buf[0])
		return cli_usage_error("screening list", "--patient -: no MRN on standard input");
	return EX_OK;
}

/*
 * The domain key asked for by --positive (any spelling: "food", "food-insecurity", "Food
 * insecurity") into key, checked against the domains the instruments score before anything
 * is printed: a mistyped one names the valid ones (EX_USAGE), a sensitive one is refused
 * (EX_DATAERR): safety is never listed over patients.
 */
static int check_domain(struct cl_db *db, const char *asked, char *key, size_t size)
{
	char codes[CL_INSTRUMENT_MAX_DOMAINS * 4][CL_CODE_LEN], valid[512];
	bool sensitive[CL_INSTRUMENT_MAX_DOMAINS * 4];
	struct cl_error err = { 0 };
	size_t len = 0;
	int n, i;

	snprintf(key, size, "%s", cl_domain_key(asked));
	if (cl_screening_domains(db, codes, sensitive, CL_INSTRUMENT_MAX_DOMAINS * 4, &n, &err)) {
		cli_error("--positive", err.message);
		return cli_exit_code(err.code);
	}
	valid[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(codes[i], key) == 0 && sensitive[i]) {
			cli_error("--positive", "a sensitive domain is never listed over patients; "
						"it stays in each patient's chart");
			return EX_DATAERR;
		}
		if (strcmp(codes[i], key) == 0)
			return EX_OK;
		if (!sensitive[i] && len < sizeof(valid))
			len += (size_t)snprintf(valid + len, sizeof(valid) - len, "%s%s",
						len ? ", " : "", codes[i]);
	}
	return cli_usage_error("screening list", "unknown domain '%s' (valid: %s)", asked, valid);
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

	if (cl_patient_by_mrn(db, opt->patient, &patient, &err)) {
		/* The core's message quotes the MRN: keep it out of the (logged) stderr. */
		cli_error("--patient",
			  err.code == CL_ENOTFOUND ? "no patient with that MRN" : err.message);
		return cli_exit_code(err.code);
	}
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
			const char *key = cl_domain_key(rows[i].domains[j].code);

			for (k = 0; k < ndomains; k++)
				if (strcmp(columns[NFIXED + k], key) == 0)
					break;
			if (k == ndomains && ncols < MAXCOLS - 1) {
				columns[NFIXED + ndomains++] = key;
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
				if (strcmp(columns[NFIXED + k],
					   cl_domain_key(r->domains[j].code)) == 0)
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
	if (rc == EX_OK || printed)
		cli_out_end(o);
	else
		cli_out_discard(o); /* refused before the first row: nothing on stdout */
	free(rows);
	if (rc == EX_OK)
		rc = cli_record_report(db, domain ? "screening list --positive" : "screening due",
				       printed);
	return rc;
}

/*
 * careloop screening list --patient MRN|- | list --positive DOMAIN | due, with --format and
 * --limit. Sensitive domains (interpersonal safety) appear only in one patient's list, never
 * in the lists of patients. Domains are printed and taken as the keys of domain.h.
 */
int cli_cmd_screening(const struct cli_globals *g, int argc, char **argv)
{
	struct options opt = { .limit = 100, .format = CLI_TABLE };
	char mrn[64], key[CL_CODE_LEN];
	struct cl_db *db = NULL;
	bool list, due;
	int rc;

	list = argc > 1 && strcmp(argv[1], "list") == 0;
	due = argc > 1 && strcmp(argv[1], "due") == 0;
	if (argc < 2)
		return cli_usage_error("screening", "which subcommand? (list, due)");
	if (!list && !due)
		return cli_usage_error("screening", "unknown subcommand '%s'", argv[1]);
	if ((rc = parse_options(list ? "screening list" : "screening due", argc, argv, &opt)))
		return rc;
	if (list && !opt.patient == !opt.positive)
		return cli_usage_error("screening list", "give one of --patient MRN and "
							 "--positive DOMAIN");
	if (due && (opt.patient || opt.positive))
		return cli_usage_error("screening due", "takes no --patient or --positive");
	if (opt.patient && strcmp(opt.patient, "-") == 0) {
		if ((rc = read_mrn(mrn, sizeof(mrn))))
			return rc;
		opt.patient = mrn;
	}
	if ((rc = cli_open_report(g, &db)))
		return rc;
	if (list && opt.positive && (rc = check_domain(db, opt.positive, key, sizeof(key)))) {
		cl_db_close(db);
		return rc;
	}
	if (list && opt.patient)
		rc = list_patient(db, &opt);
	else
		rc = list_patients(db, &opt, list ? key : NULL);
	cl_db_close(db);
	return rc;
}
