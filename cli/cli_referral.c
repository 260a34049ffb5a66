#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

enum { PAGE = 256 };

/* A community referral's service as a domain key ("food"), a specialty as its code. */
static const char *service_key(const struct cl_referral_row *r)
{
	return r->kind == CL_REFERRAL_COMMUNITY ? cl_domain_key(r->service) : r->service;
}

/* "draft, requested, …" (every status a list can show). */
static void status_list(char *buf, size_t size)
{
	size_t len = 0;
	int s;

	buf[0] = '\0';
	for (s = 0; s < CL_REFERRAL_STATUS_COUNT && len < size; s++) {
		if (s == CL_REFERRAL_ENTERED_IN_ERROR)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
					cl_referral_status_code((enum cl_referral_status)s));
	}
}

static void emit(struct cli_out *o, const struct cl_referral_row *r)
{
	char days[24], id[CL_ID_STRLEN];
	const char *cells[12] = {
		r->due_date,
		days,
		cl_referral_status_code(r->status),
		cl_referral_priority_code(r->priority),
		cl_referral_kind_code(r->kind),
		r->sensitive ? CL_PRIVATE_REFERRAL : service_key(r),
		r->organization,
		r->mrn,
		r->patient_name,
		r->care_manager_name,
		r->overdue ? "yes" : "no",
		cl_id_str(&r->id, id),
	};

	snprintf(days, sizeof(days), "%ld", r->age_days);
	cli_out_row(o, cells);
}

/*
 * careloop referral list [--overdue] [--status S | --all]: open referrals by due date
 * (overdue first); --overdue narrows to those past due (of status S with --status).
 * A safety referral reads "private referral", with no partner (a list over patients).
 */
static int referral_list(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "due",	  "days",	  "status",  "priority",
					       "kind",	  "service",	  "partner", "mrn",
					       "patient", "care_manager", "overdue", "id" };
	struct cl_referral_filter filter = {
		CL_REFERRALS_OPEN, CL_REFERRAL_DRAFT, -1, NULL, NULL, false
	};
	enum cli_format format = CLI_TABLE;
	struct cl_referral_row *rows = NULL, last;
	const struct cl_referral_row *after = NULL;
	struct cl_error err = { 0 };
	struct cli_out *o = NULL;
	struct cl_db *db = NULL;
	long long listed = 0;
	int i, n, rc, status;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--overdue") == 0) {
			filter.overdue = true;
		} else if (strcmp(argv[i], "--all") == 0) {
			if (filter.scope == CL_REFERRALS_STATUS)
				return cli_usage_error("referral list",
						       "--all and --status cannot be combined");
			filter.scope = CL_REFERRALS_ALL;
		} else if (strcmp(argv[i], "--status") == 0) {
			char valid[256];

			if (filter.scope != CL_REFERRALS_OPEN)
				return cli_usage_error(
					"referral list",
					filter.scope == CL_REFERRALS_ALL
						? "--all and --status cannot be combined"
						: "--status given twice");
			status_list(valid, sizeof(valid));
			if (i + 1 >= argc)
				return cli_usage_error("referral list", "--status needs one of: %s",
						       valid);
			status = cl_referral_status_parse(argv[++i]);
			if (status < 0 || status == CL_REFERRAL_ENTERED_IN_ERROR)
				return cli_usage_error("referral list",
						       "unknown status '%s' (valid: %s)", argv[i],
						       valid);
			filter.scope = CL_REFERRALS_STATUS;
			filter.status = (enum cl_referral_status)status;
		} else if (strcmp(argv[i], "--format") == 0) {
			if (i + 1 >= argc || cli_parse_format(argv[++i], &format))
				return cli_usage_error("referral list",
						       "--format must be table, csv or json");
		} else {
			return cli_usage_error("referral list", "unknown option '%s'", argv[i]);
		}
	}
	/* --overdue narrows the others; with --all it would mean "--overdue" alone. */
	if (filter.overdue && filter.scope == CL_REFERRALS_ALL)
		return cli_usage_error("referral list",
				       "--overdue lists open referrals only: it cannot be combined "
				       "with --all");
	if (filter.overdue && filter.scope == CL_REFERRALS_STATUS &&
	    !cl_referral_status_open(filter.status))
		return cli_usage_error("referral list",
				       "a %s referral is closed, never overdue: --overdue needs an "
				       "open --status",
				       cl_referral_status_code(filter.status));
	if ((rc = cli_open_report(g, &db)))
		return rc;
	rows = calloc(PAGE, sizeof(*rows));
	o = rows ? cli_out_new(stdout, format, columns, 12) : NULL;
	if (!o) {
		cli_error("referral list", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
	cli_out_numbers(o, 1UL << 1);
	do {
		if (cl_referral_list(db, &filter, after, rows, PAGE, &n, &err)) {
			cli_error("referral list", err.message);
			rc = cli_exit_code(err.code);
			goto out;
		}
		for (i = 0; i < n; i++)
			emit(o, &rows[i]);
		listed += n;
		if (n) {
			last = rows[n - 1];
			after = &last;
		}
	} while (n == PAGE);
	cli_out_end(o);
	o = NULL;
	rc = cli_record_report(db, "referral list", listed);
out:
	cli_out_discard(o);
	free(rows);
	cl_db_close(db);
	return rc;
}

/* careloop referral SUBCOMMAND …: list, letter (the interface does the rest). */
int cli_cmd_referral(const struct cli_globals *g, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "list") == 0)
		return referral_list(g, argc, argv);
	if (argc > 1 && strcmp(argv[1], "letter") == 0)
		return cli_referral_letter(g, argc, argv);
	if (argc > 1)
		return cli_usage_error("referral", "unknown subcommand '%s'", argv[1]);
	return cli_usage_error("referral", "which subcommand? (list, letter)");
}
