/* Subcommands: each does one job and exits, for cron and scripts. Never uses ncurses. */
#ifndef CL_CLI_H
#define CL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "db.h"

/* Options shared by every command and the interface. */
struct cli_globals {
	const char *db_path; /* --db, else NULL for the default */
	const char *program; /* argv[0]'s base name, for messages */
};

/* Map a core status to a sysexits.h exit code. */
int cli_exit_code(int status);

/* Print "careloop: what: why" on stderr, both made inert (cli_safe): they may quote input. */
void cli_error(const char *what, const char *why);

/*
 * A bad option or argument of cmd ("referral list"): one line on stderr, the printf-style
 * message made inert and "see 'careloop referral --help'". Returns EX_USAGE.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Resolve the database path (--db, $CARELOOP_DB, XDG default) into buf. 0 or an EX_* code. */
int cli_db_path(const struct cli_globals *g, char *buf, size_t size);

/* Is the database the XDG default (no --db, no $CARELOOP_DB)? Only then is a folder made. */
bool cli_db_path_is_default(const struct cli_globals *g);

/*
 * Open the database (cli_db_path) with cl_db_open flags; the path goes into path (size
 * bytes) for messages. On failure prints "careloop: PATH: why" and returns the EX_* code.
 * Commands that only read or add to a database pass no CL_DB_CREATE, so that a mistyped
 * --db is an error rather than a new empty file.
 */
int cli_open_db(const struct cli_globals *g, int flags, struct cl_db **db, char *path, size_t size);

/*
 * Open the database read-only for a report over patients (never waiting on a writer) and
 * make sure its run can be recorded in the access log before anything is printed. Messages
 * on stderr; 0 or an EX_* code.
 */
int cli_open_report(const struct cli_globals *g, struct cl_db **db);

/* Record a run of report that listed patients rows (access log). 0, or an EX_* code. */
int cli_record_report(struct cl_db *db, const char *report, long long patients);

/* The commands' forms and one line each, for careloop --help (from the command table). */
void cli_commands_help(FILE *out);

/*
 * Run subcommand argv[0] with its arguments. Returns an exit code; *known is set false when
 * argv[0] is not a command (the caller prints usage).
 */
int cli_run(const struct cli_globals *g, int argc, char **argv, int *known);

/* careloop worklist [--mine] [--limit N] [--format F]; careloop minutes --month YYYY-MM […]. */
int cli_cmd_worklist(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_minutes(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_referral(const struct cli_globals *g, int argc, char **argv);
/* careloop backup FILE [--force]; careloop restore FILE [--force]: see cli_backup.c. */
int cli_cmd_backup(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_restore(const struct cli_globals *g, int argc, char **argv);

/* careloop referral letter ID […]; careloop summary MRN […]: see cli_letter.c. */
int cli_referral_letter(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_summary(const struct cli_globals *g, int argc, char **argv);
/* careloop report [MEASURE] [--from D --to D] [--by care-manager] [--format F]. */
int cli_cmd_report(const struct cli_globals *g, int argc, char **argv);
/* careloop import orgs|screenings FILE.csv [--dry-run] …: see cli_import.c. */
int cli_cmd_import(const struct cli_globals *g, int argc, char **argv);
/* careloop event add MRN|- --kind KIND --date DATE […]: see cli_event.c. */
int cli_cmd_event(const struct cli_globals *g, int argc, char **argv);
/* careloop note add|list (cli/cli_note.c). */
int cli_cmd_note(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_consent(const struct cli_globals *g, int argc, char **argv);

/* careloop sync …; careloop hub init: see cli_sync.c. */
int cli_cmd_sync(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_hub(const struct cli_globals *g, int argc, char **argv);

/* careloop merge MRN-KEEP MRN-GONE [--take FIELD,…] [--yes]: see cli_merge.c. */
int cli_cmd_merge(const struct cli_globals *g, int argc, char **argv);
/* careloop export csv KIND …; careloop export fhir …: see cli_export.c. */
int cli_cmd_export(const struct cli_globals *g, int argc, char **argv);
/* careloop screening list --patient MRN | --positive DOMAIN; careloop screening due. */
int cli_cmd_screening(const struct cli_globals *g, int argc, char **argv);

/* careloop staff list|add|set|deactivate|activate; careloop audit --patient|--user: cli_staff.c. */
int cli_cmd_staff(const struct cli_globals *g, int argc, char **argv);
int cli_cmd_audit(const struct cli_globals *g, int argc, char **argv);

/* Fill a new demo database at path with n patients from seed (used by --demo too). */
int cli_make_demo(const char *path, long patients, unsigned long seed);

#endif
