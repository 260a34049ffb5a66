#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

/* The exit code of a failed sync: the hub away is temporary (cron tries again later). */
static int sync_exit(const struct cl_error *err, bool unreachable)
{
	if (unreachable)
		return EX_TEMPFAIL;
	if (err->code == CL_EVERSION)
		return EX_UNAVAILABLE;
	if (err->code == CL_ECORRUPT)
		return EX_DATAERR;
	return cli_exit_code(err->code);
}

static int sync_status(struct cl_db *db)
{
	struct cl_sync_status s;
	struct cl_error err = { 0 };
	char safe[512];

	if (cl_sync_status(db, &s, &err)) {
		cli_error("sync --status", err.message);
		return cli_exit_code(err.code);
	}
	if (!s.site[0]) {
		printf("not a site yet: careloop sync makes it one\n");
		return EX_OK;
	}
	printf("site %s (%s)\n", cli_safe(s.name, safe, sizeof(safe)), s.site);
	printf("last sync: %s\n", s.synced_at[0] ? s.synced_at : "never");
	if (s.failed_at[0])
		printf("hub unreachable since %s: %s\n", s.failed_at,
		       cli_safe(s.failure, safe, sizeof(safe)));
	printf("waiting for the hub: %lld change%s\n", s.outbox, s.outbox == 1 ? "" : "s");
	printf("open conflicts: %lld\n", s.conflicts);
	return s.failed_at[0] ? EX_TEMPFAIL : EX_OK;
}

static int sync_conflicts(struct cl_db *db, enum cli_format format)
{
	static const char *const columns[] = {
		"id", "record", "fields", "author", "at", "problem"
	};
	struct cl_sync_conflict rows[500];
	struct cl_error err = { 0 };
	struct cli_out *o;
	int n = 0;

	if (cl_sync_conflicts(db, rows, 500, &n, &err)) {
		cli_error("sync conflicts", err.message);
		return cli_exit_code(err.code);
	}
	if (!(o = cli_out_new(stdout, format, columns, 6)))
		return EX_OSERR;
	cli_out_numbers(o, 1u << 0);
	for (int i = 0; i < n; i++) {
		char id[24];
		const char *cells[6] = { id,	     rows[i].label,  rows[i].fields, rows[i].author,
					 rows[i].at, rows[i].problem };

		snprintf(id, sizeof(id), "%lld", rows[i].id);
		cli_out_row(o, cells);
	}
	cli_out_end(o);
	return EX_OK;
}

static int sync_show(struct cl_db *db, long long id, enum cli_format format)
{
	static const char *const columns[] = { "field", "hub", "this site", "differs" };
	struct cl_sync_field rows[64];
	struct cl_error err = { 0 };
	struct cli_out *o;
	int n = 0;

	if (cl_sync_conflict_fields(db, id, rows, 64, &n, &err)) {
		cli_error("sync show", err.message);
		return cli_exit_code(err.code);
	}
	if (!(o = cli_out_new(stdout, format, columns, 4)))
		return EX_OSERR;
	for (int i = 0; i < n; i++) {
		const char *cells[4] = { rows[i].name, rows[i].hub, rows[i].site,
					 rows[i].differs ? "*" : "" };

		cli_out_row(o, cells);
	}
	cli_out_end(o);
	return EX_OK;
}

/*
 * careloop sync [--hub CONNINFO] [--site NAME] | --status; sync conflicts [--format F];
 * sync show ID [--format F]; sync resolve ID --keep hub|site | --take FIELD,…
 */
int cli_cmd_sync(const struct cli_globals *g, int argc, char **argv)
{
	const char *hub = NULL, *site = NULL, *keep = NULL, *take = NULL, *sub = NULL;
	enum cli_format format = CLI_TABLE;
	struct cl_sync_stats st;
	struct cl_error err = { 0 };
	bool status = false;
	long long id = 0;
	char path[4096];
	struct cl_db *db;
	int rc, i = 1;

	if (argc > 1 && argv[1][0] != '-') {
		sub = argv[1];
		i = 2;
		if (strcmp(sub, "conflicts") && strcmp(sub, "show") && strcmp(sub, "resolve"))
			return cli_usage_error("sync", "unknown subcommand '%s'", sub);
		if (strcmp(sub, "conflicts")) {
			char *end;

			if (argc < 3 || (id = strtoll(argv[2], &end, 10)) == 0 || *end)
				return cli_usage_error("sync", "which conflict? sync %s ID", sub);
			i = 3;
		}
	}
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc && !sub)
			hub = argv[++i];
		else if (strcmp(argv[i], "--site") == 0 && i + 1 < argc && !sub)
			site = argv[++i];
		else if (strcmp(argv[i], "--status") == 0 && !sub)
			status = true;
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc && sub &&
			 strcmp(sub, "resolve")) {
			if (cli_parse_format(argv[++i], &format))
				return cli_usage_error("sync", "--format table, csv or json");
		} else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc && sub &&
			   !strcmp(sub, "resolve") && !keep && !take)
			keep = argv[++i];
		else if (strcmp(argv[i], "--take") == 0 && i + 1 < argc && sub &&
			 !strcmp(sub, "resolve") && !keep && !take)
			take = argv[++i];
		else
			return cli_usage_error("sync", "unknown or incomplete option '%s'",
					       argv[i]);
	}
	if (keep && strcmp(keep, "hub") && strcmp(keep, "site"))
		return cli_usage_error("sync", "--keep hub or --keep site");
	if (sub && !strcmp(sub, "resolve") && !keep && !take)
		return cli_usage_error("sync", "resolve ID --keep hub|site or --take FIELD,...");
	if ((rc = cli_open_db(g, status || (sub && strcmp(sub, "resolve")) ? CL_DB_READONLY : 0,
			      &db, path, sizeof(path))))
		return rc;
	if (status) {
		rc = sync_status(db);
	} else if (sub && !strcmp(sub, "conflicts")) {
		rc = sync_conflicts(db, format);
	} else if (sub && !strcmp(sub, "show")) {
		rc = sync_show(db, id, format);
	} else if (sub) {
		if (cl_sync_resolve(db, id, keep ? (strcmp(keep, "site") ? "" : "*") : take,
				    &err)) {
			cli_error("sync resolve", err.message);
			rc = err.code == CL_EINVAL ? EX_USAGE : cli_exit_code(err.code);
		} else {
			printf("Conflict %lld resolved; the next sync sends it.\n", id);
		}
	} else if (cl_sync_run(db, hub, site, &st, &err)) {
		/* Offline at its first sync, the file is a site all the same: work is queued. */
		if (st.queued)
			printf("This file is now a site: %lld records queued for the hub.\n",
			       st.queued);
		cli_error("sync", err.message);
		rc = sync_exit(&err, st.unreachable);
	} else {
		if (st.queued)
			printf("This file is now a site: %lld records queued for the hub.\n",
			       st.queued);
		if (st.settings)
			printf("%lld network setting%s from the hub.\n", st.settings,
			       st.settings == 1 ? "" : "s");
		printf("sent %lld (%lld applied on the hub, %lld conflicts); received %lld "
		       "(%lld applied here, %lld not applied); %lld open conflict%s\n",
		       st.pushed, st.accepted, st.conflicts, st.pulled, st.applied, st.failed,
		       st.open, st.open == 1 ? "" : "s");
	}
	cl_db_close(db);
	return rc;
}

/* careloop hub set KEY VALUE | unset KEY | settings [--format F], each [--hub CONNINFO] */
static int hub_settings(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "key", "value", "set" };
	const char *sub = argv[1], *hub = NULL, *args[2] = { NULL, NULL };
	enum cli_format format = CLI_TABLE;
	int want = strcmp(sub, "set") == 0 ? 2 : strcmp(sub, "unset") == 0 ? 1 : 0, got = 0;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[4096];
	int rc;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc) {
			hub = argv[++i];
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc && !want) {
			if (cli_parse_format(argv[++i], &format))
				return cli_usage_error("hub", "--format table, csv or json");
		} else if (argv[i][0] != '-' && got < want) {
			args[got++] = argv[i];
		} else {
			return cli_usage_error("hub", "unknown or extra argument '%s'", argv[i]);
		}
	}
	if (got < want)
		return cli_usage_error("hub", want == 2 ? "hub set KEY VALUE" : "hub unset KEY");
	if (!hub && (rc = cli_open_db(g, CL_DB_READONLY, &db, path, sizeof(path))))
		return rc;
	if (want) {
		rc = cl_sync_hub_setting(db, hub, args[0], want == 2 ? args[1] : NULL, &err);
	} else {
		struct cl_sync_hub_value *rows = calloc(64, sizeof(*rows));
		int n = 0;

		rc = rows ? cl_sync_hub_settings(db, hub, rows, 64, &n, &err)
			  : cl_error_set(&err, CL_ENOMEM, "out of memory");
		if (!rc) {
			struct cli_out *o = cli_out_new(stdout, format, columns, 3);

			for (int i = 0; o && i < n; i++) {
				const char *cells[3] = { rows[i].key, rows[i].value,
							 rows[i].updated };

				cli_out_row(o, cells);
			}
			if (o)
				cli_out_end(o);
		}
		free(rows);
	}
	if (db)
		cl_db_close(db);
	if (rc) {
		char what[32];

		snprintf(what, sizeof(what), "hub %s", sub);
		cli_error(what, err.message);
		return rc == CL_EINVAL ? EX_USAGE : sync_exit(&err, rc == CL_EIO);
	}
	if (want == 2)
		printf("Set on the hub: every site takes it at its next sync.\n");
	else if (want == 1)
		printf("Removed from the hub: each site keeps the value it has.\n");
	return EX_OK;
}

/* careloop hub init [--hub CONNINFO] */
int cli_cmd_hub(const struct cli_globals *g, int argc, char **argv)
{
	const char *hub = NULL;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[4096];
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "set") == 0 || strcmp(argv[1], "unset") == 0 ||
			  strcmp(argv[1], "settings") == 0))
		return hub_settings(g, argc, argv);
	if (argc < 2 || strcmp(argv[1], "init"))
		return cli_usage_error("hub", "hub init|set|unset|settings [--hub CONNINFO]");
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc)
			hub = argv[++i];
		else
			return cli_usage_error("hub", "unknown or incomplete option '%s'", argv[i]);
	}
	/* The database only for the hub setting (read-only), when --hub does not say. */
	if (!hub && (rc = cli_open_db(g, CL_DB_READONLY, &db, path, sizeof(path))))
		return rc;
	rc = cl_sync_hub_init(hub ? NULL : db, hub, &err);
	if (!hub)
		cl_db_close(db);
	if (rc) {
		cli_error("hub init", err.message);
		return sync_exit(&err, err.code == CL_EIO);
	}
	printf("The hub has careloop's tables (schema careloop).\n");
	return EX_OK;
}
