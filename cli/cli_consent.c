#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

/*
 * careloop consent MRN --verbal|--written [--date D] | --withdraw [--date D]: record the
 * patient's consent to care management (given on D, today by default) or withdraw it.
 * Without an action, say whether consent is in force today.
 */
int cli_cmd_consent(const struct cli_globals *g, int argc, char **argv)
{
	const char *mrn = NULL, *date = NULL, *method = NULL;
	bool withdraw = false;
	struct cl_error err = { 0 };
	struct cl_consent c;
	struct cl_patient p;
	struct cl_db *db = NULL;
	char path[4096], today[CL_DATE_LEN];
	bool found;
	int rc, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--verbal") == 0 || strcmp(argv[i], "--written") == 0) {
			if (method || withdraw)
				return cli_usage_error("consent", "one of --verbal, --written, "
								  "--withdraw");
			method = argv[i] + 2;
		} else if (strcmp(argv[i], "--withdraw") == 0) {
			if (method || withdraw)
				return cli_usage_error("consent", "one of --verbal, --written, "
								  "--withdraw");
			withdraw = true;
		} else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
			date = argv[++i];
		} else if (argv[i][0] != '-' && !mrn) {
			mrn = argv[i];
		} else {
			return cli_usage_error("consent", "unknown or incomplete option '%s'",
					       argv[i]);
		}
	}
	if (!mrn)
		return cli_usage_error("consent", "whose consent? (an MRN)");
	if (date && !method && !withdraw)
		return cli_usage_error("consent", "--date goes with --verbal, --written or "
						  "--withdraw");
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		return rc;
	if (cl_patient_by_mrn(db, mrn, &p, &err)) {
		/* Never the MRN itself in a message. */
		cli_error("consent",
			  err.code == CL_ENOTFOUND ? "no patient with that MRN" : err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (withdraw) {
		if (cl_consent_withdraw(db, &p.id, date, &err)) {
			cli_error("consent --withdraw", err.message);
			rc = err.code == CL_EINVAL ? EX_DATAERR : cli_exit_code(err.code);
			goto out;
		}
		printf("Consent withdrawn.\n");
	} else if (method) {
		cl_consent_init(&c, &p.id);
		if (cl_consent_field_set(&c, "method", method, &err) ||
		    (date && cl_consent_field_set(&c, "given_on", date, &err))) {
			cli_error("consent --date", err.message);
			rc = EX_DATAERR;
			goto out;
		}
		if (cl_consent_record(db, &c, &err)) {
			cli_error("consent", err.message);
			rc = err.code == CL_EINVAL || err.code == CL_EEXIST
				     ? EX_DATAERR
				     : cli_exit_code(err.code);
			goto out;
		}
		printf("Consent recorded: %s, given %s.\n", cl_consent_method_code(c.method),
		       c.given_on);
	} else {
		if (cl_consent_latest(db, &p.id, &c, &found, &err)) {
			cli_error("consent", err.message);
			rc = cli_exit_code(err.code);
			goto out;
		}
		cl_date_today(today);
		if (!found)
			printf("No consent to care management recorded.\n");
		else if (cl_consent_in_force(&c, today))
			printf("Consent to care management: %s, given %s, recorded by %s.\n",
			       cl_consent_method_code(c.method), c.given_on, c.recorded_by);
		else
			printf("Consent to care management withdrawn %s (given %s).\n",
			       c.withdrawn_on, c.given_on);
	}
	rc = EX_OK;
out:
	cl_db_close(db);
	return rc;
}
