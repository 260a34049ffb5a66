/*
 * careloop report [MEASURE] [--from D --to D] [--by care-manager] [--format F];
 * careloop report [MEASURE] --hub [CONNINFO] [--from D --to D] [--format F].
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cli_out.h"
#include "date.h"
#include "hub_report.h"
#include "measure.h"
#include "text.h"

/* CSV and JSON: one row per figure, the same columns for every measure (empty: not its). */
static const char *const flat_columns[] = {
	"measure", "from",	 "to",	     "care_manager", "group",	 "numerator", "denominator",
	"percent", "exclusions", "declined", "overdue",	     "contacts", "minutes",   "median_days"
};
#define NFLAT 14
#define FLAT_NUMBERS                                                                    \
	(1UL << 5 | 1UL << 6 | 1UL << 7 | 1UL << 8 | 1UL << 9 | 1UL << 10 | 1UL << 11 | \
	 1UL << 12 | 1UL << 13)

/* The table: one block per measure, its title above (fits 80 columns). */
static const char *const table_columns[] = { "group",	"numerator", "denominator",
					     "percent", "excluded",  "more" };
#define NTABLE 6

/* The extra figure named name of f, as text into buf, or NULL when m has none such. */
static const char *extra_text(const struct cl_measure *m, const struct cl_measure_figure *f,
			      const char *name, char *buf, size_t size)
{
	int k;

	for (k = 0; k < 2; k++)
		if (m->extra[k] && strcmp(m->extra[k], name) == 0) {
			snprintf(buf, size, "%lld", f->extra[k]);
			return buf;
		}
	return NULL;
}

static void percent_text(const struct cl_measure_figure *f, char *buf, size_t size)
{
	double p = cl_measure_percent(f);

	if (p < 0)
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, "%.1f", p);
}

static void flat_rows(struct cli_out *o, const struct cl_measure_query *q,
		      const struct cl_measure_result *r)
{
	const struct cl_measure *m = r->measure;
	int i;

	for (i = 0; i < r->n; i++) {
		const struct cl_measure_figure *f = &r->figures[i];
		char num[24], den[24], pct[16], excl[24], dec[24], over[24], con[24], min[24],
			med[24];
		const char *cells[NFLAT];

		percent_text(f, pct, sizeof(pct));
		const char *row[NFLAT] = {
			m->key,
			q->from,
			q->to,
			q->by_care_manager ? f->care_manager : NULL,
			f->group,
			num,
			den,
			pct[0] ? pct : NULL,
			excl,
			extra_text(m, f, "declined", dec, sizeof(dec)),
			extra_text(m, f, "overdue", over, sizeof(over)),
			extra_text(m, f, "contacts", con, sizeof(con)),
			extra_text(m, f, "minutes", min, sizeof(min)),
			f->has_median ? med : NULL,
		};
		memcpy(cells, row, sizeof(cells));

		snprintf(num, sizeof(num), "%lld", f->numerator);
		snprintf(den, sizeof(den), "%lld", f->denominator);
		snprintf(excl, sizeof(excl), "%lld", f->exclusions);
		snprintf(med, sizeof(med), "%.1f", f->median_days);
		cli_out_row(o, cells);
	}
}

/* The "more" cell of the table: the extra figures and the median, in words. */
static void more_text(const struct cl_measure *m, const struct cl_measure_figure *f, char *buf,
		      size_t size)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < 2; k++)
		if (m->extra[k] && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s %lld", len ? ", " : "",
						m->extra[k], f->extra[k]);
	if (f->has_median && len < size)
		snprintf(buf + len, size - len, "%smedian %.1f d", len ? ", " : "", f->median_days);
}

static int table_block(const struct cl_measure_query *q, const struct cl_measure_result *r)
{
	const struct cl_measure *m = r->measure;
	struct cli_out *o;
	int i;

	printf("%s: %s\n", m->key, m->title);
	if (!(o = cli_out_new(stdout, CLI_TABLE, table_columns, NTABLE)))
		return -1;
	for (i = 0; i < r->n; i++) {
		const struct cl_measure_figure *f = &r->figures[i];
		char group[260], cut[160], num[24], den[24], pct[16], excl[24], more[96];
		const char *cells[NTABLE] = { cut, num, den, pct, excl, more };

		if (q->by_care_manager)
			snprintf(group, sizeof(group), "%s%s", f->group[0] ? "  " : f->care_manager,
				 f->group[0] ? f->group : "");
		else
			snprintf(group, sizeof(group), "%s%s", f->group[0] ? "  " : "all",
				 f->group);
		cl_text_fit(group, 24, 1, cut, sizeof(cut));
		snprintf(num, sizeof(num), "%lld", f->numerator);
		snprintf(den, sizeof(den), "%lld", f->denominator);
		snprintf(excl, sizeof(excl), "%lld", f->exclusions);
		percent_text(f, pct, sizeof(pct));
		if (pct[0])
			strcat(pct, "%");
		else
			snprintf(pct, sizeof(pct), "-");
		more_text(m, f, more, sizeof(more));
		cli_out_row(o, cells);
	}
	cli_out_end(o);
	return 0;
}

/* A connection string or URI (what follows --hub when it is not the next option or MEASURE). */
static bool is_conninfo(const char *arg)
{
	return strchr(arg, '=') || strncmp(arg, "postgres://", 11) == 0 ||
	       strncmp(arg, "postgresql://", 13) == 0;
}

/* careloop report [MEASURE] [--from D --to D] [--by care-manager | --hub [CONNINFO]] [--format F]. */
int cli_cmd_report(const struct cli_globals *g, int argc, char **argv)
{
	enum cli_format format = CLI_TABLE;
	struct cl_measure_query q;
	struct cl_error err = { 0 };
	const struct cl_measure *all, *only = NULL;
	const char *from = NULL, *to = NULL;
	struct cli_out *o = NULL;
	struct cl_db *db = NULL;
	struct cl_hub_report *hr = NULL;
	const char *conninfo = NULL;
	bool hub = false;
	char today[CL_DATE_LEN];
	long long figures = 0;
	size_t n, k;
	bool by = false;
	int i, rc;

	cl_date_today(today);
	if (cl_measure_query_last_month(&q, today, &err)) {
		cli_error("report", err.message);
		return EX_SOFTWARE;
	}
	all = cl_measures(&n);
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];

		if ((strcmp(opt, "--from") == 0 || strcmp(opt, "--to") == 0 ||
		     strcmp(opt, "--by") == 0 || strcmp(opt, "--format") == 0) &&
		    i + 1 >= argc)
			return cli_usage_error("report", "%s needs a value", opt);
		if (strcmp(opt, "--from") == 0) {
			from = argv[++i];
		} else if (strcmp(opt, "--to") == 0) {
			to = argv[++i];
		} else if (strcmp(opt, "--by") == 0) {
			if (strcmp(argv[++i], "care-manager") != 0)
				return cli_usage_error("report", "--by takes only care-manager");
			by = true;
		} else if (strcmp(opt, "--hub") == 0) {
			hub = true;
			if (i + 1 < argc && is_conninfo(argv[i + 1]))
				conninfo = argv[++i];
		} else if (strcmp(opt, "--format") == 0) {
			if (cli_parse_format(argv[++i], &format))
				return cli_usage_error("report",
						       "--format must be table, csv or json");
		} else if (opt[0] == '-') {
			return cli_usage_error("report", "unknown option '%s'", opt);
		} else if (only) {
			return cli_usage_error("report", "one measure at most");
		} else if (!(only = cl_measure_find(opt))) {
			return cli_usage_error("report", "unknown measure '%s'", opt);
		}
	}
	if (!from != !to)
		return cli_usage_error("report", "--from and --to go together");
	if (from && (cl_date_parse(from, q.from, &err) || cl_date_parse(to, q.to, &err)))
		return cli_usage_error("report", "%s: %s",
				       cl_date_valid(q.from) ? "--to" : "--from", err.message);
	if (cl_measure_query_check(&q, &err))
		return cli_usage_error("report", "%s", err.message);
	if (hub && by)
		return cli_usage_error("report", "--by care-manager is one site's, not with --hub");
	if (hub && only && only->not_on_hub) {
		char why[512];

		snprintf(why, sizeof(why), "%s cannot be computed on the hub: %s", only->key,
			 only->not_on_hub);
		cli_error("report", why);
		return EX_UNAVAILABLE;
	}
	q.by_care_manager = by;
	if ((rc = cli_open_report(g, &db)))
		return rc;
	/* The site's file still gives the hub setting, the reference data and the access log. */
	if (hub && cl_hub_report_open(db, conninfo, &hr, &err)) {
		cli_error("report", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (format != CLI_TABLE) {
		if (!(o = cli_out_new(stdout, format, flat_columns, NFLAT))) {
			cli_error("report", "out of memory");
			rc = EX_OSERR;
			goto out;
		}
		cli_out_numbers(o, FLAT_NUMBERS);
	}
	if (!o && hub)
		printf("Network figures from the hub: every site's records\n");
	if (!o)
		printf("Period %s to %s, %s\n\n", q.from, q.to,
		       by ? "per care manager" : "everyone");
	for (k = 0; k < n; k++) {
		struct cl_measure_result r;

		if (only && only != &all[k])
			continue;
		if (hub && all[k].not_on_hub) {
			char why[512];

			snprintf(why, sizeof(why),
				 "%s left out: it cannot be computed on the hub: %s", all[k].key,
				 all[k].not_on_hub);
			cli_error("report", why);
			continue;
		}
		if (hub ? cl_hub_report_compute(hr, &all[k], &q, &r, &err)
			: cl_measure_compute(db, &all[k], &q, &r, &err)) {
			cli_error("report", err.message);
			rc = cli_exit_code(err.code);
			goto out;
		}
		figures += r.n;
		if (o) {
			flat_rows(o, &q, &r);
		} else {
			if (figures > r.n)
				putchar('\n');
			if (table_block(&q, &r)) {
				cl_measure_result_free(&r);
				cli_error("report", "out of memory");
				rc = EX_OSERR;
				goto out;
			}
		}
		cl_measure_result_free(&r);
	}
	if (o) {
		cli_out_end(o);
		o = NULL;
	}
	rc = cli_record_report(db, "report", figures);
out:
	if (o)
		cli_out_discard(o);
	cl_hub_report_close(hr);
	if (db)
		cl_db_close(db);
	return rc;
}
