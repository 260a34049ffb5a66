#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "app.h"
#include "careloop.h"
#include "cli.h"

/* How many patients the throw-away --demo clinic gets, and from which seed. */
#define DEMO_PATIENTS 2000
#define DEMO_SEED     1

static void usage(FILE *out)
{
	fputs("Usage: careloop [OPTION]... [COMMAND [ARG]...]\n"
	      "Case management for care coordinators: a registry of high-need patients,\n"
	      "social-needs screening, closed-loop referrals. With no command, opens the\n"
	      "terminal interface.\n"
	      "\n"
	      "Options:\n"
	      "  --db PATH        the database file (default: $CARELOOP_DB, else\n"
	      "                   $XDG_DATA_HOME/careloop/careloop.db)\n"
	      "  --demo           open the interface on a throw-away demo clinic\n"
	      "  --no-color       draw in monochrome (also when NO_COLOR is set)\n"
	      "  --lock MINUTES   hide patient data after MINUTES idle (default: the\n"
	      "                   lock_minutes setting, 10; 0 = never; 90s = seconds)\n"
	      "  --help           show this help and exit\n"
	      "  --version        show the version and exit\n"
	      "\n"
	      "Commands:\n",
	      out);
	cli_commands_help(out);
	fputs("\n"
	      "Report commands take --format table|csv|json; careloop COMMAND --help\n"
	      "shows a command's options.\n"
	      "\n"
	      "See careloop(1) for keys, files and exit codes.\n",
	      out);
}

/* A private folder for --demo: $XDG_RUNTIME_DIR, else $TMPDIR, else /tmp. */
static int demo_dir(char *dir, size_t size)
{
	const char *base = getenv("XDG_RUNTIME_DIR");

	if (!base || base[0] != '/' || access(base, W_OK) != 0)
		base = getenv("TMPDIR");
	if (!base || base[0] != '/' || access(base, W_OK) != 0)
		base = "/tmp";
	if (snprintf(dir, size, "%s/careloop-demo-XXXXXX", base) >= (int)size)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

/*
 * The interface never creates a database silently (a mistyped --db would open an empty
 * clinic): it asks on the terminal, before curses starts. 1 for yes; 0 for no, or when
 * nobody can answer (no terminal).
 */
static int ask_create(const char *path)
{
	char answer[16];

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
			"careloop: there is no database at %s\n"
			"careloop: to create one there: careloop --db '%s' init\n",
			path, path);
		return 0;
	}
	/* The terminal the interface would draw on (stderr may go to a log). */
	printf("careloop: there is no database at %s\n"
	       "Create a new, empty one there? [y/N] ",
	       path);
	fflush(stdout);
	if (!fgets(answer, sizeof(answer), stdin))
		return 0;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static int run_interface(const char *path, int create_flags, const struct ui_options *base)
{
	struct ui_options opt = *base;
	struct cl_error err = { 0 };
	struct cl_db *db;
	struct stat st;
	int rc;

	if (cl_db_open(path, 0, &db, &err)) {
		if (err.code != CL_ENOTFOUND || lstat(path, &st) == 0 || !create_flags) {
			cli_error(path, err.message);
			return cli_exit_code(err.code);
		}
		if (!ask_create(path)) {
			fprintf(stderr, "careloop: nothing created\n");
			return EX_NOINPUT;
		}
		cl_error_clear(&err);
		if (cl_db_open(path, create_flags, &db, &err)) {
			cli_error(path, err.message);
			return cli_exit_code(err.code);
		}
	}
	if (opt.lock_seconds < 0)
		opt.lock_seconds = 60 * (int)cl_setting_int(db, "lock_minutes");
	rc = ui_run(db, &opt);
	cl_db_close(db);
	return rc;
}

/*
 * The --demo clinic's files, precomputed so that a signal handler can remove them with
 * unlink(2) and rmdir(2) alone (async-signal-safe): the database, its -wal/-shm/-journal
 * and its access log with its own.
 */
static const char *const demo_suffixes[] = { "",	"-wal",	       "-shm",	     "-journal",
					     "-access", "-access-wal", "-access-shm" };
#define DEMO_NFILES (sizeof(demo_suffixes) / sizeof(demo_suffixes[0]))
static char demo_folder[4096];
static char demo_files[DEMO_NFILES][4300];
static volatile sig_atomic_t demo_signal;
static volatile sig_atomic_t demo_in_ui;

static void demo_remove(void)
{
	size_t i;

	for (i = 0; i < DEMO_NFILES; i++)
		unlink(demo_files[i]);
	rmdir(demo_folder);
}

/*
 * SIGHUP (terminal closed, ssh dropped), SIGTERM, SIGINT: the files go at once. Before the
 * interface runs nothing needs restoring, so the process ends here; in the interface the
 * app loop sees demo_signal and restores the terminal first.
 */
static void demo_on_signal(int sig)
{
	int saved = errno;

	demo_remove();
	demo_signal = sig;
	if (!demo_in_ui)
		_exit(128 + sig);
	errno = saved;
}

static int run_demo(const struct ui_options *base)
{
	static const int signals[] = { SIGHUP, SIGTERM, SIGINT };
	struct ui_options opt = *base;
	struct sigaction sa;
	char path[4200];
	size_t i;
	int rc;

	if (demo_dir(demo_folder, sizeof(demo_folder)) != 0) {
		cli_error("--demo", "cannot create a temporary folder");
		return EX_CANTCREAT;
	}
	snprintf(path, sizeof(path), "%s/demo.db", demo_folder);
	for (i = 0; i < DEMO_NFILES; i++)
		snprintf(demo_files[i], sizeof(demo_files[i]), "%s%s", path, demo_suffixes[i]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = demo_on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaction(signals[i], &sa, NULL);

	rc = cli_make_demo(path, DEMO_PATIENTS, DEMO_SEED);
	opt.db_label = "demo";
	opt.stop = &demo_signal;
	demo_in_ui = 1;
	if (rc == EX_OK && !demo_signal)
		rc = run_interface(path, 0, &opt);
	/* The demo clinic is thrown away with its WAL files, however the interface ended. */
	demo_remove();
	if (demo_signal) {
		signal(demo_signal, SIG_DFL);
		raise(demo_signal);
	}
	return rc;
}

/* Accept "--name VALUE" and "--name=VALUE"; advances *i past what it used. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		fprintf(stderr, "careloop: %s: needs a value; see 'careloop --help'\n", name);
		exit(EX_USAGE);
	}
	return argv[++*i];
}

int main(int argc, char **argv)
{
	struct cli_globals g = { .program = "careloop" };
	struct ui_options opt = { .lock_seconds = -1 }; /* -1: the lock_minutes setting */
	char **rest = calloc((size_t)argc + 1, sizeof(*rest));
	int nrest = 0, demo = 0, i, rc, known;
	char path[4096];
	const char *v;

	/* The process holds patient data: it never leaves a core file behind. */
	{
		struct rlimit none = { 0, 0 };

		setrlimit(RLIMIT_CORE, &none);
	}
	if (!rest)
		return EX_OSERR;
	/* UTF-8 widths for tables and the interface; messages stay unlocalized. */
	setlocale(LC_CTYPE, "");
	for (i = 1; i < argc; i++) {
		if (nrest > 0) {
			/* After the command, only --db is still global (`careloop check --db X`). */
			if ((v = option_value(argc, argv, &i, "--db")))
				g.db_path = v;
			else
				rest[nrest++] = argv[i];
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			free(rest);
			return EX_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("careloop %s (schema %d, SQLite %s)\n", PACKAGE_VERSION,
			       cl_db_schema_version(), cl_db_sqlite_version());
			free(rest);
			return EX_OK;
		} else if ((v = option_value(argc, argv, &i, "--db"))) {
			g.db_path = v;
		} else if ((v = option_value(argc, argv, &i, "--lock"))) {
			char *end;
			long m;

			/* MINUTES, or seconds with an "s": 90s (tests, kiosks). */
			errno = 0;
			m = strtol(v, &end, 10);
			if (*end == 's' && end[1] == '\0' && end != v && m >= 0 && m <= 24 * 3600) {
				opt.lock_seconds = (int)m;
			} else if (errno || *end || end == v || m < 0 || m > 24 * 60) {
				cli_error("--lock", "MINUTES must be a number from 0 to 1440 (or "
						    "seconds, as in 90s)");
				free(rest);
				return EX_USAGE;
			} else {
				opt.lock_seconds = (int)m * 60;
			}
		} else if (strcmp(argv[i], "--demo") == 0) {
			demo = 1;
		} else if (strcmp(argv[i], "--no-color") == 0) {
			opt.no_color = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_error(argv[i], "unknown option; see 'careloop --help'");
			free(rest);
			return EX_USAGE;
		} else {
			rest[nrest++] = argv[i];
		}
	}

	if (nrest > 0) {
		rc = cli_run(&g, nrest, rest, &known);
		if (!known) {
			cli_error(rest[0], "unknown command; see 'careloop --help'");
		}
	} else if (demo) {
		rc = run_demo(&opt);
	} else if ((rc = cli_db_path(&g, path, sizeof(path))) == EX_OK) {
		const char *slash = strrchr(path, '/');

		opt.db_label = slash ? slash + 1 : path;
		rc = run_interface(
			path, CL_DB_CREATE | (cli_db_path_is_default(&g) ? CL_DB_MKDIR : 0), &opt);
	}
	free(rest);
	return rc;
}
