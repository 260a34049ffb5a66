#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

static int parse_format_option(const char *cmd, const char *value, enum cli_format *format)
{
	if (!value || cli_parse_format(value, format))
		return cli_usage_error(cmd, "--format must be table, csv or json");
	return EX_OK;
}

/* "Family, Given" into buf. */
static void full_name(const char *family, const char *given, char *buf, size_t size)
{
	snprintf(buf, size, "%s, %s", family, given);
}

/* Each section's count, read before anything is printed (a failure prints nothing). */
struct section_count {
	bool available, capped;
	long long count;
};

static void print_counts_table(const struct section_count *counts)
{
	for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
		char text[32];

		if (!counts[s].available)
			continue;
		cl_worklist_count_text(counts[s].count, counts[s].capped, text, sizeof(text));
		printf("%-24s %s\n", cl_worklist_title((enum cl_worklist_section)s), text);
	}
	printf("\n");
}

static void print_counts_json(const struct section_count *counts)
{
	bool first = true;

	fputs("{\"sections\": [", stdout);
	for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
		if (!counts[s].available)
			continue;
		printf("%s\n {\"section\": \"%s\", \"title\": \"%s\", \"count\": %lld, "
		       "\"capped\": %s}",
		       first ? "" : ",", cl_worklist_code((enum cl_worklist_section)s),
		       cl_worklist_title((enum cl_worklist_section)s), counts[s].count,
		       counts[s].capped ? "true" : "false");
		first = false;
	}
	fputs("],\n\"rows\": ", stdout);
}

/*
 * careloop worklist [--mine] [--limit N] [--format table|csv|json]: each available
 * section's first N rows (most urgent first) and its count, for a morning cron mail. JSON:
 * {"sections": [{section, title, count, capped}…], "rows": [rows…]}; days is a number, or
 * null for "never". Safety follow-ups read "private follow-up" (the core's rows).
 */
int cli_cmd_worklist(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "section",      "mrn",  "patient", "risk",
					       "care_manager", "what", "date",	  "days" };
	struct section_count counts[CL_WORKLIST_NSECTIONS] = { { false, false, 0 } };
	struct cl_worklist_filter filter = { .mine = false };
	enum cli_format format = CLI_TABLE;
	struct cl_worklist_row *rows = NULL;
	struct cl_error err = { 0 };
	struct cli_out *o = NULL;
	struct cl_db *db = NULL;
	long long listed = 0;
	long limit = 50;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--mine") == 0) {
			filter.mine = true;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if ((rc = parse_format_option("worklist", argv[++i], &format)))
				return rc;
		} else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			char *end;

			errno = 0;
			limit = strtol(argv[++i], &end, 10);
			if (errno || *end || limit < 1 || limit > 10000)
				return cli_usage_error("worklist",
						       "--limit must be a number from 1 to 10000");
		} else if (strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "--limit") == 0) {
			return cli_usage_error("worklist", "%s needs a value", argv[i]);
		} else {
			return cli_usage_error("worklist", "unknown option '%s'", argv[i]);
		}
	}
	if (!(rows = calloc((size_t)limit, sizeof(*rows)))) {
		cli_error("worklist", "out of memory");
		return EX_OSERR;
	}
	if ((rc = cli_open_report(g, &db)))
		goto out;
	for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
		counts[s].available = cl_worklist_available((enum cl_worklist_section)s);
		if (counts[s].available &&
		    cl_worklist_count(db, (enum cl_worklist_section)s, &filter, 0, &counts[s].count,
				      &counts[s].capped, &err))
			goto fail;
	}
	if (!(o = cli_out_new(stdout, format, columns, 8))) {
		cli_error("worklist", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
	cli_out_numbers(o, 1UL << 7);
	if (format == CLI_TABLE)
		print_counts_table(counts);
	else if (format == CLI_JSON)
		print_counts_json(counts);
	for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
		int n;

		if (cl_worklist_page(db, (enum cl_worklist_section)s, &filter, NULL, rows,
				     (int)limit, &n, &err))
			goto fail;
		for (int r = 0; r < n; r++) {
			char name[200], days[24], what[260];
			const char *cells[8] = { cl_worklist_code((enum cl_worklist_section)s),
						 rows[r].mrn,
						 name,
						 cl_risk_code(rows[r].risk_tier),
						 rows[r].care_manager_name,
						 what,
						 rows[r].date,
						 days };

			full_name(rows[r].family_name, rows[r].given_name, name, sizeof(name));
			/* A retired patient's open referral, flagged to close with a reason. */
			snprintf(what, sizeof(what), "%s%s%s", cl_worklist_close_text(&rows[r]),
				 cl_worklist_row_to_close(&rows[r]) ? ", " : "", rows[r].what);
			if (rows[r].days < 0)
				snprintf(days, sizeof(days), "never");
			else
				snprintf(days, sizeof(days), "%ld", rows[r].days);
			cli_out_row(o, cells);
		}
		listed += n;
	}
	cli_out_end(o);
	o = NULL;
	if (format == CLI_JSON)
		fputs("}\n", stdout);
	rc = cli_record_report(db, "worklist", listed);
	goto out;
fail:
	cli_error("worklist", err.message);
	rc = cli_exit_code(err.code);
out:
	cli_out_discard(o);
	if (db)
		cl_db_close(db);
	free(rows);
	return rc;
}

static const char *const minutes_columns[] = { "mrn",	    "patient", "care_manager",
					       "contacts",  "minutes", "meets_threshold",
					       "no_consent" };
#define MINUTES_COLUMNS 7

/* The output, started at the first row (so that a bad month prints no table). */
struct minutes_out {
	enum cli_format format;
	struct cli_out *o;
	long long rows;
	long long unconsented_patients, unconsented_minutes;
};

static int minutes_row(const struct cl_minutes_row *r, void *arg)
{
	struct minutes_out *m = arg;
	char name[200], contacts[24], minutes[24], unconsented[24];
	const char *cells[MINUTES_COLUMNS] = {
		r->mrn,	    name,    r->care_manager_name,
		contacts,   minutes, r->meets_threshold ? "yes" : "no",
		unconsented
	};

	if (!m->o && !(m->o = cli_out_new(stdout, m->format, minutes_columns, MINUTES_COLUMNS)))
		return 1;
	/* minutes without consent on the contact's day (not billable) */
	snprintf(unconsented, sizeof(unconsented), "%ld", r->minutes_without_consent);
	if (r->minutes_without_consent) {
		m->unconsented_patients++;
		m->unconsented_minutes += r->minutes_without_consent;
	}
	cli_out_numbers(m->o, 1UL << 3 | 1UL << 4 | 1UL << 6);
	full_name(r->family_name, r->given_name, name, sizeof(name));
	snprintf(contacts, sizeof(contacts), "%ld", r->contacts);
	snprintf(minutes, sizeof(minutes), "%ld", r->minutes);
	cli_out_row(m->o, cells);
	m->rows++;
	return 0;
}

static const char *const cocm_columns[] = { "mrn",	     "patient",
					    "care_manager",  "enrolled_on",
					    "month_of_care", "contacts",
					    "minutes",	     "cpt" };

static int cocm_row(const struct cl_bh_minutes_row *r, void *arg)
{
	struct minutes_out *m = arg;
	char name[200], contacts[24], minutes[24];
	const char *cells[8] = { r->mrn,
				 name,
				 r->care_manager_name,
				 r->enrolled_on,
				 r->first_month ? "first" : "following",
				 contacts,
				 minutes,
				 r->codes };

	if (!m->o && !(m->o = cli_out_new(stdout, m->format, cocm_columns, 8)))
		return 1;
	cli_out_numbers(m->o, 1UL << 5 | 1UL << 6);
	full_name(r->family_name, r->given_name, name, sizeof(name));
	snprintf(contacts, sizeof(contacts), "%ld", r->contacts);
	snprintf(minutes, sizeof(minutes), "%ld", r->minutes);
	cli_out_row(m->o, cells);
	m->rows++;
	return 0;
}

/*
 * careloop minutes --month YYYY-MM [--cocm] [--format …]: care-management minutes per
 * patient; with --cocm, collaborative-care minutes of enrolled patients and their CPT codes.
 */
int cli_cmd_minutes(const struct cli_globals *g, int argc, char **argv)
{
	struct minutes_out m = { .format = CLI_TABLE, .o = NULL, .rows = 0 };
	struct cl_error err = { 0 };
	const char *month = NULL;
	struct cl_db *db = NULL;
	long threshold = 0;
	bool cocm = false;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--month") == 0 && i + 1 < argc) {
			month = argv[++i];
		} else if (strcmp(argv[i], "--cocm") == 0) {
			cocm = true;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if ((rc = parse_format_option("minutes", argv[++i], &m.format)))
				return rc;
		} else if (strcmp(argv[i], "--month") == 0 || strcmp(argv[i], "--format") == 0) {
			return cli_usage_error("minutes", "%s needs a value", argv[i]);
		} else {
			return cli_usage_error("minutes", "unknown option '%s'", argv[i]);
		}
	}
	if (!month)
		return cli_usage_error("minutes", "--month YYYY-MM is required");
	if ((rc = cli_open_report(g, &db)))
		return rc;
	if (cocm ? cl_bh_minutes(db, month, cocm_row, &m, &err)
		 : cl_contact_minutes(db, month, minutes_row, &m, &threshold, &err)) {
		if (err.code == CL_EINVAL) {
			rc = cli_usage_error("minutes", "%s", err.message);
		} else {
			cli_error("minutes", err.message);
			rc = cli_exit_code(err.code);
		}
		goto out;
	}
	if (!m.o &&
	    !(m.o = cocm ? cli_out_new(stdout, m.format, cocm_columns, 8)
			 : cli_out_new(stdout, m.format, minutes_columns, MINUTES_COLUMNS))) {
		cli_error("minutes", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
	cli_out_numbers(m.o, cocm ? 1UL << 5 | 1UL << 6 : 1UL << 3 | 1UL << 4 | 1UL << 6);
	cli_out_end(m.o);
	m.o = NULL;
	if (m.format == CLI_TABLE && cocm)
		printf("\ncpt: 99492 first month at 70 minutes, 99493 later months at 60, "
		       "99494 each further 30;\nbelow those, 99484 (general BHI) at 20\n");
	else if (m.format == CLI_TABLE)
		printf("\nmeets_threshold: %ld minutes or more in %s (setting ccm_minutes)\n"
		       "no_consent: minutes logged on days without consent to care management:"
		       " %lld patient%s, %lld minutes (not billable)\n",
		       threshold, month, m.unconsented_patients,
		       m.unconsented_patients == 1 ? "" : "s", m.unconsented_minutes);
	rc = cli_record_report(db, "minutes", m.rows);
out:
	cli_out_discard(m.o);
	if (db)
		cl_db_close(db);
	return rc;
}
