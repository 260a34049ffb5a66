#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"
#include "demo.h"

int cli_exit_code(int status)
{
	switch (status) {
	case CL_OK:
		return EX_OK;
	case CL_EINVAL:
	case CL_ENOTDB:
	case CL_ECORRUPT:
	case CL_EEXIST:
	case CL_ECONFLICT:
		return EX_DATAERR;
	case CL_ENOTFOUND:
		return EX_NOINPUT;
	case CL_EBUSY:
		return EX_TEMPFAIL;
	case CL_EVERSION:
		return EX_UNAVAILABLE;
	case CL_EPERM:
		return EX_NOPERM;
	case CL_ENOMEM:
		return EX_OSERR;
	default:
		return EX_IOERR;
	}
}

void cli_error(const char *what, const char *why)
{
	char w[1024], y[4096];

	fprintf(stderr, "careloop: %s: %s\n", cli_safe(what, w, sizeof(w)),
		cli_safe(why, y, sizeof(y)));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char line[2048], safe[4096], top[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* "referral list" → see 'careloop referral --help' */
	snprintf(top, sizeof(top), "%.*s", (int)strcspn(cmd, " "), cmd);
	fprintf(stderr, "careloop: %s: %s; see 'careloop %s --help'\n", cmd,
		cli_safe(line, safe, sizeof(safe)), top);
	return EX_USAGE;
}

int cli_db_path(const struct cli_globals *g, char *buf, size_t size)
{
	struct cl_error err = { 0 };

	if (g->db_path) {
		if (snprintf(buf, size, "%s", g->db_path) >= (int)size) {
			cli_error("--db", "path too long");
			return EX_USAGE;
		}
		return EX_OK;
	}
	if (cl_db_default_path(buf, size, &err)) {
		cli_error("database", err.message);
		return cli_exit_code(err.code);
	}
	return EX_OK;
}

/* Parse a whole decimal number in [min, max]; 0 or -1. */
static int parse_long(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	if (!text || !*text)
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_open_db(const struct cli_globals *g, int flags, struct cl_db **db, char *path, size_t size)
{
	struct cl_error err = { 0 };
	int rc = cli_db_path(g, path, size);

	if (rc)
		return rc;
	if (cl_db_open(path, flags, db, &err)) {
		cli_error(path, err.message);
		return cli_exit_code(err.code);
	}
	return EX_OK;
}

int cli_open_report(const struct cli_globals *g, struct cl_db **db)
{
	struct cl_error err = { 0 };
	char path[4096];
	int rc = cli_open_db(g, CL_DB_READONLY, db, path, sizeof(path));

	if (rc)
		return rc;
	if (cl_access_ready(*db, &err)) {
		cli_error(path, err.message);
		cl_db_close(*db);
		*db = NULL;
		return cli_exit_code(err.code);
	}
	return EX_OK;
}

int cli_record_report(struct cl_db *db, const char *report, long long patients)
{
	struct cl_error err = { 0 };

	if (cl_access_report(db, report, patients, &err)) {
		cli_error(report, err.message);
		return cli_exit_code(err.code);
	}
	return EX_OK;
}

bool cli_db_path_is_default(const struct cli_globals *g)
{
	const char *env = getenv("CARELOOP_DB");

	return !g->db_path && !(env && *env);
}

/* Print the commands that make path's folder and file the group's, for whoever may run them. */
static void share_commands(const char *path, const char *group)
{
	char dir[4096];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	fprintf(stderr,
		"careloop: init --shared: as the folder's owner or root, run:\n"
		"  chgrp %s '%s' && chmod 2770 '%s'\n"
		"  chgrp %s '%s'* && chmod 0660 '%s'*\n",
		group, dir, dir, group, path, path);
}

/*
 * careloop init [--shared [--group NAME]]: create the database (only init and demo create
 * one). --shared makes the folder 2770 and the file 0660 of the group (default: the
 * folder's), also on an existing database, or says what to run.
 */
static int cmd_init(const struct cli_globals *g, int argc, char **argv)
{
	struct cl_error err = { 0 };
	const char *group = NULL;
	char path[4096], dir[4096], name[64];
	bool shared = false;
	struct cl_db *db;
	struct group *gr;
	struct stat st;
	int flags = CL_DB_CREATE;
	int i, rc, version;
	char *slash;
	gid_t gid;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--shared") == 0) {
			shared = true;
		} else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc) {
			group = argv[++i];
		} else if (strncmp(argv[i], "--group=", 8) == 0) {
			group = argv[i] + 8;
		} else {
			return cli_usage_error("init", "unknown option '%s'", argv[i]);
		}
	}
	if (group && !shared) {
		cli_error("init", "--group goes with --shared");
		return EX_USAGE;
	}
	if (group && !(gr = getgrnam(group))) {
		fprintf(stderr, "careloop: init: no group named '%s'\n", group);
		return EX_USAGE;
	}
	gid = group ? gr->gr_gid : 0;
	if ((rc = cli_db_path(g, path, sizeof(path))))
		return rc;
	if (cli_db_path_is_default(g))
		flags |= CL_DB_MKDIR; /* careloop/ in $XDG_DATA_HOME: one level, never a chain */
	if (shared) {
		flags |= CL_DB_SHARED;
		umask(007);
	}
	if (cl_db_open(path, flags, &db, &err)) {
		cli_error(path, err.message);
		return cli_exit_code(err.code);
	}
	version = cl_db_user_version(db);
	cl_db_close(db);
	if (shared) {
		snprintf(dir, sizeof(dir), "%s", path);
		slash = strrchr(dir, '/');
		if (!slash)
			snprintf(dir, sizeof(dir), ".");
		else if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		if (!group) {
			if (stat(dir, &st) != 0) {
				cli_error(dir, strerror(errno));
				return EX_IOERR;
			}
			gid = st.st_gid;
		}
		gr = getgrgid(gid);
		if (gr)
			snprintf(name, sizeof(name), "%s", gr->gr_name);
		else
			snprintf(name, sizeof(name), "%lu", (unsigned long)gid);
		if (cl_db_share(path, (unsigned)gid, &err)) {
			cli_error("init --shared", err.message);
			share_commands(path, name);
			return EX_NOPERM;
		}
		printf("%s: careloop database, schema %d, shared with group %s (folder 2770, "
		       "file 0660)\n",
		       path, version, name);
		return EX_OK;
	}
	printf("%s: careloop database, schema %d\n", path, version);
	return EX_OK;
}

static void demo_progress(long done, long total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rcareloop: demo: %ld of %ld patients", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int generate(struct cl_db *db, long patients, unsigned long seed, bool progress)
{
	struct cl_demo_options opt = {
		.patients = patients,
		.seed = seed,
		.progress = progress ? demo_progress : NULL,
	};
	struct cl_error err = { 0 };

	if (cl_demo_generate(db, &opt, &err)) {
		cli_error("demo", err.message);
		return cli_exit_code(err.code);
	}
	return EX_OK;
}

int cli_make_demo(const char *path, long patients, unsigned long seed)
{
	struct cl_error err = { 0 };
	struct cl_db *db;
	int rc;

	if (cl_db_open(path, CL_DB_CREATE, &db, &err)) {
		cli_error(path, err.message);
		return cli_exit_code(err.code);
	}
	rc = generate(db, patients, seed, isatty(STDERR_FILENO));
	cl_db_close(db);
	return rc;
}

static int cmd_demo(const struct cli_globals *g, int argc, char **argv)
{
	long patients = 1000, seed = 1;
	char path[4096];
	struct cl_db *db;
	int i, rc;

	/* Options come in pairs: --patients N, --seed S. */
	for (i = 1; i < argc; i += 2) {
		long *target = NULL;
		long max = 0;

		if (strcmp(argv[i], "--patients") == 0) {
			target = &patients;
			max = 100000000;
		} else if (strcmp(argv[i], "--seed") == 0) {
			target = &seed;
			max = LONG_MAX;
		}
		if (!target)
			return cli_usage_error("demo", "unknown option '%s'", argv[i]);
		if (i + 1 >= argc || parse_long(argv[i + 1], 0, max, target))
			return cli_usage_error("demo", "%s needs a whole number from 0 to %ld",
					       argv[i], max);
	}
	if ((rc = cli_open_db(g, CL_DB_CREATE | (cli_db_path_is_default(g) ? CL_DB_MKDIR : 0), &db,
			      path, sizeof(path))))
		return rc;
	rc = generate(db, patients, (unsigned long)seed, isatty(STDERR_FILENO));
	cl_db_close(db);
	return rc;
}

static void check_found(const char *what, const char *problem, void *arg)
{
	(void)arg;
	cli_error(what, problem);
}

/* Checkpoints given to check: --expect and --expect-from, grown as they come. */
struct expected {
	struct cl_audit_checkpoint *cp;
	size_t n, cap;
};

static int expect_add(struct expected *e, const struct cl_audit_checkpoint *cp)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 16;
		struct cl_audit_checkpoint *grown = realloc(e->cp, cap * sizeof(*grown));

		if (!grown)
			return -1;
		e->cp = grown;
		e->cap = cap;
	}
	e->cp[e->n++] = *cp;
	return 0;
}

/*
 * Every checkpoint line of file ("-": standard input) about the database named name (or
 * naming none). Returns EX_OK, or prints why not and returns an exit code.
 */
static int expect_from(struct expected *e, const char *file, const char *name)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *line = NULL, db[4096];
	size_t size = 0;
	int rc = EX_OK;

	if (!f) {
		fprintf(stderr, "careloop: check: %s: %s\n", file, strerror(errno));
		return EX_NOINPUT;
	}
	while (getline(&line, &size, f) >= 0) {
		struct cl_audit_checkpoint cp;

		if (cl_audit_checkpoint_parse(line, &cp, db, sizeof(db)) ||
		    (db[0] && strcmp(db, name) != 0))
			continue;
		if (expect_add(e, &cp)) {
			rc = EX_OSERR;
			cli_error("check", "out of memory");
			break;
		}
	}
	if (!rc && ferror(f)) {
		fprintf(stderr, "careloop: check: %s: %s\n", file, strerror(errno));
		rc = EX_IOERR;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int cmd_check(const struct cli_globals *g, int argc, char **argv)
{
	struct expected expect = { 0 };
	struct cl_check_summary sum;
	const char *from = NULL;
	bool checkpoint = false;
	char path[4096], name[4096];
	struct cl_db *db = NULL;
	int i, rc, problems = 0, froms = 0;

	for (i = 1; i < argc; i++) {
		struct cl_audit_checkpoint cp;

		if (strcmp(argv[i], "--checkpoint") == 0) {
			checkpoint = true;
		} else if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc) {
			if (cl_audit_checkpoint_parse(argv[++i], &cp, NULL, 0)) {
				cli_error("check", "--expect takes ROWS:HASH (64 hex digits) or a "
						   "checkpoint line (rows=N head=HASH)");
				rc = EX_USAGE;
				goto out;
			}
			if (expect_add(&expect, &cp)) {
				rc = EX_OSERR;
				goto out;
			}
		} else if (strcmp(argv[i], "--expect-from") == 0 && i + 1 < argc) {
			from = argv[++i];
			froms++;
		} else {
			rc = cli_usage_error("check", "unknown option or missing value '%s'",
					     argv[i]);
			goto out;
		}
	}
	if (froms > 1) {
		rc = cli_usage_error("check", "--expect-from is given once");
		goto out;
	}
	if ((rc = cli_open_db(g, CL_DB_READONLY, &db, path, sizeof(path))))
		goto out;
	cl_audit_db_name(db, name, sizeof(name));
	if (from) {
		size_t before = expect.n;

		if ((rc = expect_from(&expect, from, name)))
			goto out;
		if (expect.n == before) {
			fprintf(stderr, "careloop: audit: no checkpoint of %s in %s\n", name,
				strcmp(from, "-") == 0 ? "standard input" : from);
			problems++;
		}
	}
	if (cl_check_all(db, expect.cp, expect.n, check_found, NULL, &sum))
		problems += sum.problems;
	rc = EX_OK;
	if (problems) {
		rc = EX_DATAERR;
		goto out;
	}
	printf("%s: ok (integrity, foreign keys, triggers, derived columns, audit chain of %lld "
	       "rows",
	       path, sum.head.rows);
	if (expect.n)
		printf(", extending %zu checkpoint%s", expect.n, expect.n == 1 ? "" : "s");
	printf(")\n");
	printf("%s-access: ok (access log chain of %lld rows)\n", path, sum.access_rows);
	if (checkpoint) {
		char text[CL_AUDIT_CHECKPOINT_TEXT];

		/* Only a verified chain is vouched for. */
		cl_audit_checkpoint_log(db, &sum.head, NULL);
		printf("audit checkpoint %s db=%s\n",
		       cl_audit_checkpoint_text(&sum.head, text, sizeof(text)), name);
	}
out:
	cl_db_close(db);
	free(expect.cp);
	return rc;
}

/* careloop config [KEY [VALUE]]: list the settings, show one, or change one. */
/* careloop config holidays [add DATE [NAME] | remove DATE]: argv[0] is "holidays". */
static int config_holidays(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "date", "name" };
	struct cl_holiday rows[400];
	struct cl_error err = { 0 };
	char path[4096], safe[256];
	struct cl_db *db;
	bool add = argc > 1 && strcmp(argv[1], "add") == 0;
	bool remove = argc > 1 && strcmp(argv[1], "remove") == 0;
	int rc = EX_OK, n;

	if (argc > 1 && !add && !remove)
		return cli_usage_error("config", "holidays: add DATE [NAME], remove DATE, or "
						 "nothing to list them");
	if ((add && (argc < 3 || argc > 4)) || (remove && argc != 3))
		return cli_usage_error("config", "holidays %s: %s", argv[1],
				       add ? "DATE [NAME]" : "DATE");
	if ((rc = cli_open_db(g, argc > 1 ? 0 : CL_DB_READONLY, &db, path, sizeof(path))))
		return rc;
	if (add || remove) {
		if ((add ? cl_holiday_add(db, argv[2], argc == 4 ? argv[3] : "", &err)
			 : cl_holiday_remove(db, argv[2], &err))) {
			cli_error("config holidays", err.message);
			rc = cli_exit_code(err.code);
		} else {
			printf("%s %s holiday.\n", cli_safe(argv[2], safe, sizeof(safe)),
			       add ? "is now a" : "is no longer a");
		}
	} else if (cl_holiday_list(db, NULL, rows, (int)(sizeof(rows) / sizeof(rows[0])), &n,
				   &err)) {
		cli_error("config holidays", err.message);
		rc = cli_exit_code(err.code);
	} else {
		struct cli_out *o = cli_out_new(stdout, CLI_TABLE, columns, 2);

		for (int i = 0; o && i < n; i++) {
			const char *cells[2] = { rows[i].date, rows[i].name };

			cli_out_row(o, cells);
		}
		if (o)
			cli_out_end(o);
	}
	cl_db_close(db);
	return rc;
}

static int cmd_config(const struct cli_globals *g, int argc, char **argv)
{
	static const char *const columns[] = { "setting", "value", "default", "meaning" };
	const struct cl_setting_info *s;
	struct cl_error err = { 0 };
	char path[4096];
	struct cl_db *db;
	int rc;

	if (argc > 1 && strcmp(argv[1], "holidays") == 0)
		return config_holidays(g, argc - 1, argv + 1);
	if (argc > 3)
		return cli_usage_error("config", "too many arguments");
	s = cl_settings;
	if (argc > 1)
		while (s->key && strcmp(s->key, argv[1]) != 0)
			s++;
	if (argc > 1 && !s->key)
		return cli_usage_error(
			"config", "unknown setting '%s' (careloop config lists them)", argv[1]);
	/* Only init creates a database: a mistyped --db is an error, never a new clinic. */
	if ((rc = cli_open_db(g, argc == 3 ? 0 : CL_DB_READONLY, &db, path, sizeof(path))))
		return rc;
	if (argc == 3 && s->text) {
		if (cl_setting_set_text(db, s->key, argv[2], &err)) {
			cli_error("config", err.message);
			rc = err.code == CL_EINVAL ? EX_USAGE : cli_exit_code(err.code);
		}
	} else if (argc == 3) {
		long value;

		if (parse_long(argv[2], s->min, s->max, &value)) {
			fprintf(stderr,
				"careloop: config: %s must be a whole number from %ld to %ld\n",
				s->key, s->min, s->max);
			rc = EX_USAGE;
		} else if (cl_setting_set_int(db, s->key, value, &err)) {
			cli_error("config", err.message);
			rc = cli_exit_code(err.code);
		}
	} else if (argc == 2 && s->text) {
		char value[1024], safe[4096];

		cl_setting_text(db, s->key, value, sizeof(value));
		printf("%s\n", cli_safe(value, safe, sizeof(safe)));
	} else if (argc == 2) {
		printf("%ld\n", cl_setting_int(db, s->key));
	} else {
		struct cli_out *o = cli_out_new(stdout, CLI_TABLE, columns, 4);

		for (s = cl_settings; o && s->key; s++) {
			char value[1024], def[32];
			const char *cells[4] = { s->key, value, def, s->help };

			if (s->text) {
				cl_setting_text(db, s->key, value, sizeof(value));
				def[0] = '\0';
			} else {
				snprintf(value, sizeof(value), "%ld", cl_setting_int(db, s->key));
				snprintf(def, sizeof(def), "%ld", s->def);
			}
			cli_out_row(o, cells);
		}
		if (o)
			cli_out_end(o);
	}
	cl_db_close(db);
	return rc;
}

/*
 * Every command with its usage: the forms `careloop --help` lists and `careloop CMD --help`
 * prints (tests/e2e/usage.sh holds the man page's SYNOPSIS and COMMANDS to the same forms).
 */
static const struct command {
	const char *name;
	int (*run)(const struct cli_globals *g, int argc, char **argv);
	const char *forms[8]; /* each after "careloop ", options in [brackets]; NULL-ended */
	const char *summary;  /* one line for careloop --help */
	const char *help;     /* more for careloop CMD --help, or NULL */
} commands[] = {
	{ "init",
	  cmd_init,
	  { "init [--shared [--group NAME]]" },
	  "create the database (--shared: a clinic's group-shared file)",
	  "--shared: 0660 in a 2770 folder of the group (default group: the folder's).\n" },
	{ "demo",
	  cmd_demo,
	  { "demo [--patients N] [--seed S]" },
	  "add a deterministic synthetic clinic (default 1000 patients, seed 1)",
	  NULL },
	{ "check",
	  cmd_check,
	  { "check [--checkpoint] [--expect ROWS:HASH] [--expect-from FILE|-]" },
	  "verify integrity, triggers, derived columns and the audit chain",
	  "--expect, --expect-from: against checkpoints from the system log.\n" },
	{ "backup",
	  cli_cmd_backup,
	  { "backup FILE [--force]" },
	  "a verified copy of the database while others work",
	  "SQLite's online backup API: a consistent snapshot, mode 0600, checked as check\n"
	  "does before it takes FILE's name (and FILE-access, the access log). --force\n"
	  "replaces an existing FILE. FILE must be on a local disk.\n" },
	{ "restore",
	  cli_cmd_restore,
	  { "restore FILE [--force]" },
	  "put a backup's records back into the database",
	  "The backup is checked (and upgraded) on a copy first. An existing database is\n"
	  "replaced only with --force; what it held is kept as PATH.before-restore-TIME.\n" },
	{ "sync",
	  cli_cmd_sync,
	  { "sync [--hub CONNINFO] [--site NAME]", "sync --status",
	    "sync conflicts [--format table|csv|json]", "sync show ID [--format table|csv|json]",
	    "sync resolve ID --keep hub|site", "sync resolve ID --take FIELD,..." },
	  "send this site's changes to the PostgreSQL hub and apply the other sites'",
	  "CONNINFO: a libpq connection string (default: the hub setting, then the PG*\n"
	  "environment; passwords from ~/.pgpass). The first sync makes the file a site.\n"
	  "Exit 75 when the hub is unreachable. --status: when it last synced, what waits,\n"
	  "open conflicts. resolve: keep the hub's version, this site's, or take FIELDs of\n"
	  "this site's onto the hub's; the next sync sends the resolution.\n" },
	{ "hub",
	  cli_cmd_hub,
	  { "hub init [--hub CONNINFO]", "hub set KEY VALUE [--hub CONNINFO]",
	    "hub unset KEY [--hub CONNINFO]",
	    "hub settings [--hub CONNINFO] [--format table|csv|json]" },
	  "careloop's tables on the PostgreSQL hub; the network's settings",
	  "init: create or update careloop's tables (safe to run again). set: a setting every\n"
	  "site takes at its next sync (checked as config checks it; a site's own - hub,\n"
	  "practice_* - is refused). unset: stop setting it (sites keep their value).\n" },
	{ "config",
	  cmd_config,
	  { "config [KEY [VALUE]]", "config holidays [add DATE [NAME] | remove DATE]" },
	  "list, show or change a setting; the clinic's holidays",
	  "Holidays are skipped when counting business days (transitional care).\n" },
	{ "staff",
	  cli_cmd_staff,
	  { "staff list [--format table|csv|json]",
	    "staff add LOGIN --name NAME [--role coordinator|supervisor|readonly]",
	    "staff set LOGIN --role coordinator|supervisor|readonly", "staff deactivate LOGIN",
	    "staff activate LOGIN" },
	  "the practice's staff and their roles (supervisors manage them)",
	  "Only a supervisor manages staff, or the database file's owner while no active\n"
	  "supervisor exists. A deactivated person cannot open the database; nothing is deleted.\n" },
	{ "audit",
	  cli_cmd_audit,
	  { "audit --patient MRN|- | --user LOGIN [--from YYYY-MM-DD --to YYYY-MM-DD]"
	    " [--format table|csv|json]" },
	  "who opened or changed a chart, or what a person did (supervisors only)",
	  "Views and reports (the access log) and changes (the audit trail), newest first.\n"
	  "Dates are the clinic's local days, inclusive. Reading the audit is itself recorded.\n" },
	{ "worklist",
	  cli_cmd_worklist,
	  { "worklist [--mine] [--limit N] [--format table|csv|json]" },
	  "today's work: tasks, overdue referrals, screenings due, patients not reached",
	  "Each section's count and first N rows (default 50, at most 10000).\n" },
	{ "minutes",
	  cli_cmd_minutes,
	  { "minutes --month YYYY-MM [--cocm] [--format table|csv|json]" },
	  "care-management minutes per patient in a month",
	  "--cocm: collaborative care (behavioral health) minutes of enrolled patients, with\n"
	  "their CPT codes (99492, 99493, 99494; 99484 below those).\n" },
	{ "consent",
	  cli_cmd_consent,
	  { "consent MRN [--verbal | --written] [--date DATE]",
	    "consent MRN --withdraw [--date DATE]" },
	  "record or withdraw a patient's consent to care management (no option: show it)",
	  "--verbal, --written: how it was given, on --date (default today). --withdraw: on\n"
	  "--date (default today). Minutes without consent are flagged by careloop minutes.\n" },
	{ "report",
	  cli_cmd_report,
	  { "report [MEASURE] [--from DATE --to DATE] [--by care-manager]"
	    " [--format table|csv|json]",
	    "report [MEASURE] --hub [CONNINFO] [--from DATE --to DATE] [--format table|csv|json]" },
	  "program measures for a period (default: last month), with both numbers",
	  "MEASURE: sdoh-screening, sdoh-positive, connection-60, loop-closure, caseload,\n"
	  "contacts-minutes, tcm-contact (default: all). --by care-manager: per care manager.\n"
	  "--hub: the network's figures, every site's records on the hub (CONNINFO: default the\n"
	  "hub setting, then PG* variables); tcm-contact is one site's (its calendar).\n" },
	{ "screening",
	  cli_cmd_screening,
	  { "screening list --patient MRN|- [--format table|csv|json]",
	    "screening list --positive DOMAIN [--limit N] [--format table|csv|json]",
	    "screening due [--limit N] [--format table|csv|json]" },
	  "a patient's screenings; patients positive in a domain; patients due",
	  "--patient -: read the MRN from the first line of standard input (keeps it out of ps).\n"
	  "DOMAIN: food, housing, housing-quality, transportation, utilities.\n" },
	{ "referral",
	  cli_cmd_referral,
	  { "referral list [--overdue] [--status STATUS | --all] [--format table|csv|json]",
	    "referral letter ID [--pdf FILE [--force] | --text]" },
	  "referrals, overdue first; the letter to send a partner",
	  "Open referrals by due date; --overdue: past due only (with --status: of that open\n"
	  "status); --status: one status; --all: every status. The id column is the ID\n"
	  "letter takes. letter: a US Letter PDF (--pdf FILE, 0600; --force replaces it) or\n"
	  "plain text on standard output for lp (--text, the default).\n" },
	{ "summary",
	  cli_cmd_summary,
	  { "summary MRN|- [--pdf FILE [--force] | --text]" },
	  "a patient's care-plan summary as PDF or text",
	  "MRN -: read it from the first line of standard input (keeps it out of ps).\n" },
	{ "event",
	  cli_cmd_event,
	  { "event add MRN|- --kind KIND --date DATE [--time HH:MM] [--facility TEXT] [--reason "
	    "TEXT]" },
	  "record an ED visit, admission or discharge (as the chart's form does)",
	  "KIND: ed-visit, admission, discharge. -: read the MRN from standard input.\n" },
	{ "note",
	  cli_cmd_note,
	  { "note add MRN|- --kind KIND [--at \"DATE HH:MM\"] [--file FILE]",
	    "note list MRN|- [--search WORDS] [--format table|csv|json]" },
	  "write a case note (text from FILE or standard input); list or search a patient's notes",
	  "KIND: note, phone-call, home-visit, care-conference. The text: at most 16384 bytes\n"
	  "of UTF-8. -: read the MRN from the first line of standard input (add: the text\n"
	  "follows it). A note is never edited: amend it in the chart (A in Notes).\n" },
	{ "import",
	  cli_cmd_import,
	  { "import orgs FILE.csv [--dry-run] [--skip-bad [--reject-file PATH] [--force]]",
	    "import patients FILE.csv [--dry-run] [--skip-bad [--reject-file PATH] [--force]]"
	    " [--inactivate-missing [--yes]]",
	    "import screenings FILE.csv [--dry-run] [--skip-bad [--reject-file PATH] [--force]]",
	    "import events FILE [--dry-run] [--skip-bad] [--unmatched PATH [--force]]",
	    "import results FILE.csv [--dry-run] [--skip-bad [--reject-file PATH] [--force]]",
	    "import conditions FILE.csv [--dry-run] [--skip-bad [--reject-file PATH] [--force]]" },
	  "all-or-nothing imports (--skip-bad: the good rows)",
	  "--skip-bad keeps the good rows and writes the bad ones to FILE.rejected.csv (or PATH).\n"
	  "patients: the panel from an EHR, matched by MRN (the dry run shows each change);\n"
	  "--inactivate-missing marks active patients absent from the file inactive (asks on a\n"
	  "terminal; --yes without one). Columns, other names and dates: man careloop.\n"
	  "events: HL7 v2 ADT messages (MLLP or one per line group) or an HIE portal's CSV;\n"
	  "each message or row once; --unmatched lists unknown patients (0600).\n"
	  "results: MRN, date, LOINC code, value, unit (8480-6/8462-4 mmHg, 4548-4 A1c %);\n"
	  "conditions: MRN, code (ICD-10-CM or SNOMED CT), code system, onset date, status;\n"
	  "each row once (again: nothing changes); unknown MRNs are counted.\n" },
	{ "merge",
	  cli_cmd_merge,
	  { "merge MRN-KEEP MRN-GONE [--take FIELD[,FIELD...]] [--yes]" },
	  "merge a duplicate chart into the surviving one (asks first)",
	  "Everything of MRN-GONE moves to MRN-KEEP in one transaction; MRN-GONE stays,\n"
	  "inactive, and search finds MRN-KEEP by it. The survivor keeps its fields but those\n"
	  "named by --take (e.g. phone,address), which take the other's value. Asks on a\n"
	  "terminal; --yes without one.\n" },
	{ "export",
	  cli_cmd_export,
	  { "export csv KIND [--since YYYY-MM-DD] [-o FILE [--force]]",
	    "export fhir [--since YYYY-MM-DD] (--ndjson DIR | --bundle FILE) [--force]" },
	  "the practice's data as CSV or FHIR R4 (recorded in the access log)",
	  "KIND: patients, referrals, screenings, goals, tasks, contacts, events.\n"
	  "--since: records changed on or after that day. CSV goes to standard output without -o.\n"
	  "--ndjson DIR: one file per resource type (FHIR Bulk Data); --bundle FILE: one Bundle.\n"
	  "Files are created 0600 and never over an existing file unless --force.\n" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The next " [" of form after p that opens an option at the outer level, or NULL. */
static const char *next_option(const char *form, const char *p)
{
	int depth = 0;
	const char *q;

	for (q = form; *q; q++) {
		if (q > p && depth == 0 && q[0] == ' ' && q[1] == '[')
			return q;
		depth += (*q == '[') - (*q == ']');
	}
	return NULL;
}

/*
 * Print "careloop FORM" after lead, cut before an outer " [" so that no line passes 79
 * columns; the rest of the form lines up under its first option.
 */
static void print_form(FILE *out, const char *lead, const char *form)
{
	const char *first = next_option(form, form);
	size_t start = strlen(lead) + strlen("careloop "), width = start;
	size_t indent = start + (first ? (size_t)(first - form) + 1 : 0);
	const char *rest = form, *cut, *p;

	fprintf(out, "%scareloop ", lead);
	while (width + strlen(rest) > 79) {
		cut = NULL;
		for (p = next_option(form, rest); p && width + (size_t)(p - rest) <= 79;
		     p = next_option(form, p))
			cut = p;
		if (!cut)
			break;
		fprintf(out, "%.*s\n%*s", (int)(cut - rest), rest, (int)indent, "");
		rest = cut + 1;
		width = indent;
	}
	fprintf(out, "%s\n", rest);
}

void cli_commands_help(FILE *out)
{
	size_t i, k;

	for (i = 0; i < NCOMMANDS; i++) {
		for (k = 0; commands[i].forms[k]; k++)
			print_form(out, "  ", commands[i].forms[k]);
		fprintf(out, "      %s\n", commands[i].summary);
	}
}

/* careloop CMD --help: its forms, what it does, then the details. */
static void command_help(const struct command *c)
{
	size_t k;

	for (k = 0; c->forms[k]; k++)
		print_form(stdout, k == 0 ? "usage: " : "       ", c->forms[k]);
	printf("%c%s.\n", toupper((unsigned char)c->summary[0]), c->summary + 1);
	if (c->help)
		fputs(c->help, stdout);
}

int cli_run(const struct cli_globals *g, int argc, char **argv, int *known)
{
	size_t i;
	int k;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[0], commands[i].name) == 0) {
			*known = 1;
			for (k = 1; k < argc; k++)
				if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
					command_help(&commands[i]);
					return EX_OK;
				}
			return commands[i].run(g, argc, argv);
		}
	}
	*known = 0;
	return EX_USAGE;
}
