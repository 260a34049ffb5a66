#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

/*
 * careloop event add MRN|- --kind KIND --date DATE [--time HH:MM] [--facility TEXT]
 * [--reason TEXT]: record one hospital or ED event as the chart's form does (the same
 * checks, the same follow-ups owed). "-" reads the MRN from the first line of standard
 * input, to keep it out of the process list.
 */

/* The MRN from standard input into buf; 0 or an EX_* code. */
static int read_mrn(char *buf, size_t size)
{
	size_t len;

	if (isatty(STDIN_FILENO))
		fputs("MRN: ", stderr);
	if (!fgets(buf, (int)size, stdin))
		return cli_usage_error("event", "add -: no MRN on standard input");
	len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' && !feof(stdin))
		return cli_usage_error("event", "add -: the MRN is too long");
	buf[len] = '\0';
	if (!buf[0])
		return cli_usage_error("event", "add -: no MRN on standard input");
	return EX_OK;
}

int cli_cmd_event(const struct cli_globals *g, int argc, char **argv)
{
	static const struct {
		const char *option, *field;
	} options[] = {
		{ "--kind", "kind" },	    { "--date", "event_date" },
		{ "--time", "event_time" }, { "--facility", "facility" },
		{ "--reason", "reason" },
	};
	const char *values[5] = { NULL };
	const char *who = NULL;
	struct cl_clinical_event e;
	struct cl_error err = { 0 };
	struct cl_patient p;
	struct cl_db *db = NULL;
	char mrn[64], path[4096], what[64];
	int rc, i;
	size_t k;

	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_usage_error("event", "what to do? (add)");
	for (i = 2; i < argc; i++) {
		for (k = 0; k < sizeof(options) / sizeof(options[0]); k++)
			if (strcmp(argv[i], options[k].option) == 0)
				break;
		if (k < sizeof(options) / sizeof(options[0]) && i + 1 < argc)
			values[k] = argv[++i];
		else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !who)
			who = argv[i];
		else
			return cli_usage_error("event", "unknown or incomplete option '%s'",
					       argv[i]);
	}
	if (!who)
		return cli_usage_error("event", "add: whose event? (an MRN, or - to read it)");
	if (!values[0] || !values[1])
		return cli_usage_error("event", "add: --kind and --date are required");
	if (strcmp(who, "-") == 0) {
		if ((rc = read_mrn(mrn, sizeof(mrn))))
			return rc;
	} else {
		snprintf(mrn, sizeof(mrn), "%s", who);
	}
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		return rc;
	if (cl_patient_by_mrn(db, mrn, &p, &err)) {
		/* Never the MRN itself in a message. */
		cli_error("event add",
			  err.code == CL_ENOTFOUND ? "no patient with that MRN" : err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	cl_event_init(&e, &p.id);
	for (k = 0; k < sizeof(options) / sizeof(options[0]); k++) {
		if (values[k] && cl_event_field_set(&e, options[k].field, values[k], &err)) {
			snprintf(what, sizeof(what), "event add %s", options[k].option);
			cli_error(what, err.message);
			rc = EX_DATAERR;
			goto out;
		}
	}
	if (cl_event_add(db, &e, &err)) {
		cli_error("event add", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	printf("Recorded: %s %s", cl_event_kind_code(e.kind), e.event_date);
	if (e.followup_step == CL_FOLLOWUP_CONTACT)
		printf("; contact due %s", e.followup_due);
	else if (e.followup_step == CL_FOLLOWUP_VISIT)
		printf("; visit due %s", e.followup_due);
	if (e.kind == CL_EVENT_DISCHARGE && e.visit_due[0] &&
	    e.followup_step == CL_FOLLOWUP_CONTACT)
		printf(", visit due %s", e.visit_due);
	printf(".\n");
	rc = EX_OK;
out:
	cl_db_close(db);
	return rc;
}
