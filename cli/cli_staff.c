#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "audit_review.h"
#include "careloop.h"
#include "cli.h"
#include "cli_out.h"
#include "staff.h"

/*
 * careloop staff list|add|set|deactivate|activate: the practice's staff and their roles;
 * careloop audit --patient MRN | --user LOGIN [--from D --to D]: the access review.
 */

static int format_option(const char *cmd, const char *value, enum cli_format *format)
{
	if (!value || cli_parse_format(value, format))
		return cli_usage_error(cmd, "--format must be table, csv or json");
	return EX_OK;
}

static int staff_list(struct cl_db *db, enum cli_format format)
{
	static const char *const columns[] = { "login",	 "name",       "role",
					       "status", "open_tasks", "patients" };
	struct cl_error err = { 0 };
	struct cl_staff *rows;
	struct cli_out *o;
	int n, i;

	if (cl_staff_list(db, &rows, &n, &err)) {
		cli_error("staff list", err.message);
		return cli_exit_code(err.code);
	}
	if (!(o = cli_out_new(stdout, format, columns, 6))) {
		free(rows);
		cli_error("staff list", "out of memory");
		return EX_OSERR;
	}
	cli_out_numbers(o, 1ul << 4 | 1ul << 5);
	for (i = 0; i < n; i++) {
		char tasks[24], patients[24];

		snprintf(tasks, sizeof(tasks), "%lld", rows[i].open_tasks);
		snprintf(patients, sizeof(patients), "%lld", rows[i].patients);
		cli_out_row(o, (const char *const[]){ rows[i].login, rows[i].display_name,
						      rows[i].role,
						      rows[i].active ? "active" : "deactivated",
						      tasks, patients });
	}
	cli_out_end(o);
	free(rows);
	return EX_OK;
}

int cli_cmd_staff(const struct cli_globals *g, int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : NULL;
	const char *login = NULL, *name = NULL, *role = NULL, *fmt = NULL;
	enum cli_format format = CLI_TABLE;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[4096], cmd[32];
	int rc, i;

	if (!what || (strcmp(what, "list") && strcmp(what, "add") && strcmp(what, "set") &&
		      strcmp(what, "deactivate") && strcmp(what, "activate")))
		return cli_usage_error("staff",
				       "what to do? (list, add, set, deactivate, activate)");
	snprintf(cmd, sizeof(cmd), "staff %s", what);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			fmt = argv[++i];
		else if (argv[i][0] != '-' && !login)
			login = argv[i];
		else
			return cli_usage_error("staff", "unknown or incomplete option '%s'",
					       argv[i]);
	}
	if (strcmp(what, "list") == 0) {
		if (login || name || role)
			return cli_usage_error("staff", "list takes only --format");
		if (fmt && (rc = format_option("staff", fmt, &format)))
			return rc;
	} else {
		if (!login)
			return cli_usage_error("staff", "%s: whose login?", what);
		if (fmt)
			return cli_usage_error("staff", "%s takes no --format", what);
		if (strcmp(what, "add") == 0 && !name)
			return cli_usage_error("staff", "add: --name \"…\" is required");
		if (strcmp(what, "add") != 0 && name)
			return cli_usage_error("staff", "--name is for add");
		if (strcmp(what, "set") == 0 && !role)
			return cli_usage_error("staff", "set: --role is required");
		if (strcmp(what, "add") != 0 && strcmp(what, "set") != 0 && role)
			return cli_usage_error("staff", "--role is for add and set");
		if (role && strcmp(role, "coordinator") && strcmp(role, "supervisor") &&
		    strcmp(role, "readonly"))
			return cli_usage_error(
				"staff", "--role must be coordinator, supervisor or readonly");
	}
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		return rc;
	if (strcmp(what, "list") == 0) {
		rc = staff_list(db, format);
		goto out;
	}
	if (strcmp(what, "add") == 0)
		rc = cl_staff_add(db, login, name, role, &err);
	else if (strcmp(what, "set") == 0)
		rc = cl_staff_set_role(db, login, role, &err);
	else
		rc = cl_staff_set_active(db, login, strcmp(what, "activate") == 0, &err);
	if (rc) {
		cli_error(cmd, err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (strcmp(what, "add") == 0)
		printf("Added %s as %s.\n", login, role ? role : "coordinator");
	else if (strcmp(what, "set") == 0)
		printf("%s is now %s.\n", login, role);
	else if (strcmp(what, "activate") == 0)
		printf("%s is active again.\n", login);
	else
		printf("%s is deactivated: they cannot open the database; their open tasks show "
		       "as unassigned until reassigned.\n",
		       login);
	rc = EX_OK;
out:
	cl_db_close(db);
	return rc;
}

/* The MRN from standard input into buf; 0 or an EX_* code. */
static int read_mrn(char *buf, size_t size)
{
	size_t len;

	if (isatty(STDIN_FILENO))
		fputs("MRN: ", stderr);
	if (!fgets(buf, (int)size, stdin))
		return cli_usage_error("audit", "--patient -: no MRN on standard input");
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (!buf[0])
		return cli_usage_error("audit", "--patient -: no MRN on standard input");
	return EX_OK;
}

static int date_option(const char *name, const char *value, char out[CL_DATE_LEN])
{
	if (!cl_date_valid(value))
		return cli_usage_error("audit", "%s must be a date (YYYY-MM-DD)", name);
	snprintf(out, CL_DATE_LEN, "%s", value);
	return EX_OK;
}

int cli_cmd_audit(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "at", "user", "action", "what", "mrn", "count" };
	struct cl_audit_query q = { 0 };
	enum cli_format format = CLI_TABLE;
	struct cl_error err = { 0 };
	struct cl_audit_entry *rows = NULL;
	const char *patient = NULL;
	struct cl_db *db = NULL;
	struct cli_out *o;
	struct cl_patient p;
	char mrn[64];
	int rc = EX_OK, i, n = 0;

	for (i = 1; i < argc; i += 2) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!value)
			return cli_usage_error("audit", "unknown or incomplete option '%s'",
					       argv[i]);
		if (strcmp(argv[i], "--patient") == 0)
			patient = value;
		else if (strcmp(argv[i], "--user") == 0)
			q.user = value;
		else if (strcmp(argv[i], "--from") == 0)
			rc = date_option("--from", value, q.from);
		else if (strcmp(argv[i], "--to") == 0)
			rc = date_option("--to", value, q.to);
		else if (strcmp(argv[i], "--format") == 0)
			rc = format_option("audit", value, &format);
		else
			return cli_usage_error("audit", "unknown option '%s'", argv[i]);
		if ((strcmp(argv[i], "--from") == 0 || strcmp(argv[i], "--to") == 0 ||
		     strcmp(argv[i], "--format") == 0) &&
		    rc)
			return rc;
	}
	if (!patient && !q.user)
		return cli_usage_error("audit", "whose? --patient MRN or --user LOGIN");
	if (q.from[0] && q.to[0] && strcmp(q.from, q.to) > 0)
		return cli_usage_error("audit", "--from is after --to");
	if (patient && strcmp(patient, "-") == 0) {
		if ((rc = read_mrn(mrn, sizeof(mrn))))
			return rc;
		patient = mrn;
	}
	if ((rc = cli_open_report(g, &db)))
		return rc;
	if (!cl_db_user_may(db, CL_POWER_READ_AUDIT)) {
		cli_error("audit", "only a supervisor reads the audit");
		rc = EX_NOPERM;
		goto out;
	}
	if (patient) {
		if (cl_patient_by_mrn(db, patient, &p, &err)) {
			cli_error("audit", err.code == CL_ENOTFOUND ? "no patient with that MRN"
								    : err.message);
			rc = cli_exit_code(err.code);
			goto out;
		}
		q.has_patient = true;
		q.patient = p.id;
	}
	if (cl_audit_review(db, &q, &rows, &n, &err)) {
		cli_error("audit", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (!(o = cli_out_new(stdout, format, columns, 6))) {
		cli_error("audit", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
	cli_out_numbers(o, 1ul << 5);
	for (i = 0; i < n; i++) {
		char count[24] = "";

		if (rows[i].count >= 0)
			snprintf(count, sizeof(count), "%lld", rows[i].count);
		cli_out_row(o, (const char *const[]){ rows[i].at, rows[i].actor, rows[i].action,
						      rows[i].what, rows[i].mrn, count });
	}
	cli_out_end(o);
	rc = EX_OK;
out:
	free(rows);
	cl_db_close(db);
	return rc;
}
