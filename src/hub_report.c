/* The program measures over the hub's records (see hub_report.h). */
#include "config.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "hub_report.h"
#include "measure_private.h"
#include "setting.h"

struct cl_hub_report {
	PGconn *conn;
	long ccm_minutes;
};

/*
 * err from a failed libpq call: the server's primary message; a data error (class 22)
 * may quote a record's value, so it is named by its code only (no PHI in messages).
 */
static int report_error(PGconn *conn, PGresult *res, struct cl_error *err)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char line[200];

	if (state && strncmp(state, "22", 2) == 0)
		return cl_error_set(err, CL_EIO,
				    "the hub: a record has a value the measure cannot read "
				    "(SQLSTATE %s)",
				    state);
	if (!msg) {
		snprintf(line, sizeof(line), "%s", PQerrorMessage(conn));
		line[strcspn(line, "\n")] = '\0';
		msg = line;
	}
	return cl_error_set(err, CL_EIO, "the hub: %s", msg);
}

/* Run sql with n text parameters (types: NULL, or their OIDs); tuples into *out if asked. */
static int run(PGconn *conn, const char *sql, int n, const unsigned *types,
	       const char *const *params, PGresult **out, struct cl_error *err)
{
	PGresult *res = PQexecParams(conn, sql, n, types, params, NULL, NULL, 0);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = CL_OK;

	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK)
		rc = report_error(conn, res, err);
	if (out && !rc)
		*out = res;
	else
		PQclear(res);
	return rc;
}

/*
 * The one thing of the measures' SQL the dialect layer cannot take: SQLite's own syntax.
 * ?N becomes $N (outside quotes) and an index hint (INDEXED BY name) is dropped. Returns
 * the text (free it) and the highest parameter number in *nparams; NULL when out of memory.
 */
static char *postgres_text(const char *sql, int *nparams)
{
	static const char hint[] = " INDEXED BY ";
	size_t len = strlen(sql), i = 0, o = 0;
	char *out = malloc(len + 1);
	bool quoted = false;

	*nparams = 0;
	if (!out)
		return NULL;
	while (i < len) {
		if (sql[i] == '\'')
			quoted = !quoted;
		if (!quoted && strncmp(sql + i, hint, sizeof(hint) - 1) == 0) {
			i += sizeof(hint) - 1;
			while (isalnum((unsigned char)sql[i]) || sql[i] == '_')
				i++;
			continue;
		}
		if (!quoted && sql[i] == '?' && isdigit((unsigned char)sql[i + 1])) {
			int k = atoi(sql + i + 1);

			if (k > *nparams)
				*nparams = k;
			out[o++] = '$';
			i++;
			continue;
		}
		out[o++] = sql[i++];
	}
	out[o] = '\0';
	return out;
}

/*
 * The reference tables the measures read, from the site's file into temporary tables of
 * the session (they are seed data, the same in every file, and not synced).
 */
static const struct reference {
	const char *sqlite; /* one JSON array of the rows */
	const char *create, *fill;
} references[] = {
	{ "SELECT json_group_array(json_object('id', lower(hex(id)), 'code', code,"
	  " 'social_needs', social_needs)) FROM instrument",
	  "CREATE TEMP TABLE instrument (id text PRIMARY KEY, code text, social_needs bigint)",
	  "INSERT INTO pg_temp.instrument SELECT * FROM jsonb_to_recordset($1::jsonb)"
	  " AS x(id text, code text, social_needs bigint)" },
	{ "SELECT json_group_array(json_object('id', lower(hex(id)), 'instrument_id',"
	  " lower(hex(instrument_id)), 'ordinal', ordinal, 'code', code, 'sdoh_category',"
	  " sdoh_category, 'cms_domain', cms_domain, 'sensitive', sensitive))"
	  " FROM screening_domain",
	  "CREATE TEMP TABLE screening_domain (id text PRIMARY KEY, instrument_id text,"
	  " ordinal bigint, code text, sdoh_category text, cms_domain text, sensitive bigint)",
	  "INSERT INTO pg_temp.screening_domain SELECT * FROM jsonb_to_recordset($1::jsonb)"
	  " AS x(id text, instrument_id text, ordinal bigint, code text, sdoh_category text,"
	  " cms_domain text, sensitive bigint)" },
};

static int bring_references(struct cl_db *db, PGconn *conn, struct cl_error *err)
{
	for (size_t i = 0; i < sizeof(references) / sizeof(references[0]); i++) {
		sqlite3_stmt *st = cl_db_stmt(db, references[i].sqlite, err);
		char *rows = NULL;
		int rc = CL_OK;

		if (!st)
			return err ? err->code : CL_EIO;
		if (sqlite3_step(st) != SQLITE_ROW)
			rc = cl_db_error(db, err);
		else if (!(rows = strdup((const char *)sqlite3_column_text(st, 0))))
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		sqlite3_reset(st);
		if (rc)
			return rc;
		rc = run(conn, references[i].create, 0, NULL, NULL, NULL, err);
		if (!rc) {
			const char *params[1] = { rows };

			rc = run(conn, references[i].fill, 1, NULL, params, NULL, err);
		}
		free(rows);
		if (rc)
			return rc;
	}
	return CL_OK;
}

int cl_hub_report_open(struct cl_db *db, const char *conninfo, struct cl_hub_report **out,
		       struct cl_error *err)
{
	struct cl_hub_report *hr;
	char setting[1024] = "";
	const char *tz = getenv("TZ");
	PGresult *res = NULL;
	int rc = CL_OK;

	*out = NULL;
	if (!conninfo)
		conninfo = cl_setting_text(db, "hub", setting, sizeof(setting));
	if (!(hr = calloc(1, sizeof(*hr))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	hr->ccm_minutes = cl_setting_int(db, "ccm_minutes");
	if (!(hr->conn = PQconnectdb(conninfo ? conninfo : ""))) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (PQstatus(hr->conn) != CONNECTION_OK) {
		rc = report_error(hr->conn, NULL, err);
		goto out;
	}
	if ((rc = run(hr->conn, "SELECT to_regclass('careloop_report.patient') IS NOT NULL", 0,
		      NULL, NULL, &res, err)))
		goto out;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		rc = cl_error_set(err, CL_EVERSION,
				  "the hub has no reporting layer: run careloop hub init");
		goto out;
	}
	/* The measures' SQL names tables and functions bare: the layer's, then built-ins. */
	if ((rc = run(hr->conn, "SELECT set_config('search_path', 'careloop_report', false)", 0,
		      NULL, NULL, NULL, err)))
		goto out;
	/* date(at, 'localtime') as this machine's SQLite sees it, when the hub knows the zone */
	if (tz && *tz == ':')
		tz++;
	if (tz && *tz) {
		const char *params[1] = { tz };
		PGresult *set = PQexecParams(hr->conn, "SELECT set_config('TimeZone', $1, false)",
					     1, NULL, params, NULL, NULL, 0);

		PQclear(set);
	}
	if ((rc = bring_references(db, hr->conn, err)))
		goto out;
	/* One snapshot for every measure of the report. */
	rc = run(hr->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, NULL, NULL,
		 err);
out:
	PQclear(res);
	if (rc) {
		cl_hub_report_close(hr);
		return rc;
	}
	*out = hr;
	return CL_OK;
}

/* A figure column as PostgreSQL gives it (a boolean 't'/'f', or a count) as a number. */
static long long column_count(const PGresult *res, int row, int col)
{
	const char *v;

	if (PQgetisnull(res, row, col))
		return 0;
	v = PQgetvalue(res, row, col);
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

int cl_hub_report_compute(struct cl_hub_report *hr, const struct cl_measure *m,
			  const struct cl_measure_query *q, struct cl_measure_result *out,
			  struct cl_error *err)
{
	/* ?1 from, ?2 to, ?3 care manager, ?4 today, ?5 ccm_minutes, ?6 by care manager */
	static const unsigned types[] = { 25, 25, 25, 25, 20, 16 }; /* text, int8, bool */
	struct cl_measure_sum s = { 0 };
	char cm[2 * sizeof(q->care_manager.bytes) + 1], minutes[24];
	const char *params[6] = { q->from, q->to, NULL, q->today, minutes, "f" };
	PGresult *res = NULL;
	char *sql = NULL;
	int rc, nparams, row;

	memset(out, 0, sizeof(*out));
	out->measure = m;
	if (m->not_on_hub)
		return cl_error_set(err, CL_EINVAL, "%s cannot be computed on the hub: %s", m->key,
				    m->not_on_hub);
	if (q->by_care_manager)
		return cl_error_set(err, CL_EINVAL,
				    "figures per care manager are one site's, not the hub's");
	if ((rc = cl_measure_query_check(q, err)))
		return rc;
	if (q->has_care_manager) {
		for (size_t i = 0; i < sizeof(q->care_manager.bytes); i++)
			snprintf(cm + 2 * i, 3, "%02x", q->care_manager.bytes[i]);
		params[2] = cm;
	}
	snprintf(minutes, sizeof(minutes), "%ld", hr->ccm_minutes);
	if (!(sql = postgres_text(m->sql_cohort, &nparams)))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (nparams > 6) {
		rc = cl_error_set(err, CL_EINVAL, "%s: a cohort takes 6 parameters at most",
				  m->key);
		goto out;
	}
	if ((rc = run(hr->conn, sql, nparams, types, params, &res, err)))
		goto out;
	for (row = 0; row < PQntuples(res); row++) {
		struct cl_measure_unit u = { .ord = column_count(res, row, 1) };

		snprintf(u.group, sizeof(u.group), "%s", PQgetvalue(res, row, 0));
		u.den = column_count(res, row, 6);
		u.num = column_count(res, row, 7);
		u.excl = column_count(res, row, 8);
		u.x1 = column_count(res, row, 9);
		u.x2 = column_count(res, row, 10);
		u.has_days = !PQgetisnull(res, row, 11);
		u.days = u.has_days ? strtod(PQgetvalue(res, row, 11), NULL) : 0;
		if ((rc = cl_measure_sum_add(&s, m, &u, err)))
			goto out;
	}
	rc = cl_measure_sum_result(&s, m, out, err);
out:
	PQclear(res);
	free(sql);
	cl_measure_sum_free(&s);
	return rc;
}

void cl_hub_report_close(struct cl_hub_report *hr)
{
	if (!hr)
		return;
	if (hr->conn)
		PQfinish(hr->conn);
	free(hr);
}
