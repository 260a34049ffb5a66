#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

enum { PAGE = 256 };

static const char list_usage[] =
	"usage: careloop referral list [--overdue | --status STATUS | --all] [--format table|csv|json]";

static void emit(struct cli_out *o, const struct cl_referral_row *r)
{
	char days[24];
	const char *cells[11] = {
		r->due_date,
		days,
		cl_referral_status_code(r->status),
		cl_referral_priority_code(r->priority),
		cl_referral_kind_code(r->kind),
		r->service,
		r->organization,
		r->mrn,
		r->patient_name,
		r->care_manager_name,
		r->overdue ? "yes" : "no",
	};

	snprintf(days, sizeof(days), "%ld", r->age_days);
	cli_out_row(o, cells);
}

/* careloop referral list: open referrals by due date (overdue first), or the overdue ones. */
static int referral_list(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "due",	  "days",	  "status",  "priority",
					       "kind",	  "service",	  "partner", "mrn",
					       "patient", "care_manager", "overdue" };
	struct cl_referral_filter filter = { CL_REFERRALS_OPEN, CL_REFERRAL_DRAFT, -1, NULL, NULL };
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
			filter.scope = CL_REFERRALS_OVERDUE;
		} else if (strcmp(argv[i], "--all") == 0) {
			filter.scope = CL_REFERRALS_ALL;
		} else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc &&
			   (status = cl_referral_status_parse(argv[i + 1])) >= 0) {
			filter.scope = CL_REFERRALS_STATUS;
			filter.status = (enum cl_referral_status)status;
			i++;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
			   cli_parse_format(argv[i + 1], &format) == 0) {
			i++;
		} else {
			cli_error("referral list", list_usage);
			return EX_USAGE;
		}
	}
	if ((rc = cli_open_report(g, &db)))
		return rc;
	rows = calloc(PAGE, sizeof(*rows));
	o = rows ? cli_out_new(stdout, format, columns, 11) : NULL;
	if (!o) {
		cli_error("referral list", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
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
	if (o)
		cli_out_end(o);
	free(rows);
	cl_db_close(db);
	return rc;
}

/* careloop referral SUBCOMMAND …: list (more to come: the interface does the rest). */
int cli_cmd_referral(const struct cli_globals *g, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "list") == 0)
		return referral_list(g, argc, argv);
	cli_error("referral", list_usage);
	return EX_USAGE;
}
