/*
 * careloop export csv KIND [--since D] [-o FILE [--force]]
 * careloop export fhir [--since D] (--ndjson DIR | --bundle FILE) [--force]
 * The core writes (export.h); this file parses, opens the outputs by the rules of
 * outfile.h (0600, O_EXCL, --force replaces atomically) and records the export in the
 * access log before the files are committed: no record, no export.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "export.h"
#include "outfile.h"

/* The files an export must never be written over: the database and its companions. */
struct guards {
	char wal[4200], shm[4200], journal[4200], access[4200];
	struct cl_outfile_guard list[6];
};

static void guards_init(struct guards *g, const char *db_path)
{
	snprintf(g->wal, sizeof(g->wal), "%s-wal", db_path);
	snprintf(g->shm, sizeof(g->shm), "%s-shm", db_path);
	snprintf(g->journal, sizeof(g->journal), "%s-journal", db_path);
	snprintf(g->access, sizeof(g->access), "%s-access", db_path);
	g->list[0] = (struct cl_outfile_guard){ db_path, "the database" };
	g->list[1] = (struct cl_outfile_guard){ g->wal, "the database's -wal file" };
	g->list[2] = (struct cl_outfile_guard){ g->shm, "the database's -shm file" };
	g->list[3] = (struct cl_outfile_guard){ g->journal, "the database's -journal file" };
	g->list[4] = (struct cl_outfile_guard){ g->access, "the access log" };
	g->list[5] = (struct cl_outfile_guard){ NULL, NULL };
}

static int open_output(struct cl_outfile *o, const char *path, bool force, const char *db_path)
{
	struct cl_error err = { 0 };
	struct guards g;

	guards_init(&g, db_path);
	if (!cl_outfile_open(o, path, force, g.list, &err))
		return EX_OK;
	cli_error(path, err.message);
	return EX_CANTCREAT;
}

/* Record the export; on failure says why (the outputs are then discarded). */
static int record(struct cl_db *db, const char *what, long long records)
{
	struct cl_error err = { 0 };

	if (cl_access_export(db, what, records, &err)) {
		cli_error("export", err.message);
		return cli_exit_code(err.code);
	}
	return EX_OK;
}

/* Options both forms share; the rest are the form's own. */
struct options {
	const char *since, *out, *ndjson, *bundle;
	bool force;
};

static int parse(const char *cmd, int argc, char **argv, int first, struct options *o,
		 const char **kind)
{
	for (int i = first; i < argc; i++) {
		const char **target = NULL;

		if (strcmp(argv[i], "--force") == 0) {
			o->force = true;
			continue;
		}
		if (strcmp(argv[i], "--since") == 0)
			target = &o->since;
		else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0)
			target = &o->out;
		else if (strcmp(argv[i], "--ndjson") == 0)
			target = &o->ndjson;
		else if (strcmp(argv[i], "--bundle") == 0)
			target = &o->bundle;
		if (target) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return cli_usage_error(cmd, "%s needs a value", argv[i]);
			*target = argv[++i];
		} else if (kind && !*kind && argv[i][0] != '-') {
			*kind = argv[i];
		} else {
			return cli_usage_error(cmd, "unknown option or argument '%s'", argv[i]);
		}
	}
	return EX_OK;
}

static bool known_kind(const char *kind)
{
	for (int i = 0; cl_export_csv_kinds[i]; i++)
		if (strcmp(cl_export_csv_kinds[i], kind) == 0)
			return true;
	return false;
}

static int export_csv(const struct cli_globals *g, int argc, char **argv)
{
	struct cl_outfile file = { 0 };
	struct options o = { 0 };
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	const char *kind = NULL;
	char path[4096], what[64], since[32];
	long long rows = 0;
	int rc;

	if ((rc = parse("export csv", argc, argv, 2, &o, &kind)))
		return rc;
	if (!kind)
		return cli_usage_error("export csv", "what to export? (patients, referrals, "
						     "screenings, goals, tasks, contacts, events)");
	if (!known_kind(kind))
		return cli_usage_error("export csv", "unknown kind '%s'", kind);
	if (o.ndjson || o.bundle)
		return cli_usage_error("export csv", "--ndjson and --bundle are for export fhir");
	if (o.force && !o.out)
		return cli_usage_error("export csv", "--force goes with -o FILE");
	if (cl_export_since(o.since, since, &err))
		return cli_usage_error("export csv", "%s", err.message);
	if ((rc = cli_open_report(g, &db)))
		return rc;
	snprintf(path, sizeof(path), "%s", cl_db_path(db));
	if (o.out && (rc = open_output(&file, o.out, o.force, path)))
		goto out;
	snprintf(what, sizeof(what), "csv %s", kind);
	/*
	 * A reader that stops early (| head) must not kill the export before it is recorded:
	 * the write fails instead, and the rows that went out are recorded.
	 */
	if (!o.out)
		signal(SIGPIPE, SIG_IGN);
	if (cl_export_csv(db, kind, o.since, o.out ? file.f : stdout, &rows, &err)) {
		cli_error(o.out ? o.out : "export csv", err.message);
		rc = cli_exit_code(err.code);
		/* Rows that reached standard output were exported all the same. */
		if (!o.out && rows)
			record(db, what, rows);
		goto out;
	}
	if ((rc = record(db, what, rows)))
		goto out;
	if (o.out && cl_outfile_commit(&file, &err)) {
		cli_error(o.out, err.message);
		rc = EX_IOERR;
		goto out;
	}
	if (o.out)
		fprintf(stderr, "careloop: export csv %s: %lld rows written to %s\n", kind, rows,
			o.out);
out:
	cl_outfile_discard(&file);
	cl_db_close(db);
	return rc;
}

/* The NDJSON folder's files, opened as the first resource of each type comes. */
struct fhir_files {
	const char *dir, *bundle, *db_path;
	bool force;
	struct cl_outfile files[CL_FHIR_NTYPES];
	int failed;	 /* the EX_* code of a file that could not be made */
	bool progressed; /* a progress line is on stderr */
};

static FILE *fhir_stream(void *arg, enum cl_fhir_type type, struct cl_error *err)
{
	struct fhir_files *f = arg;
	char path[4200];
	int rc;

	if (f->bundle)
		snprintf(path, sizeof(path), "%s", f->bundle);
	else
		snprintf(path, sizeof(path), "%s/%s.ndjson", f->dir, cl_fhir_type_name(type));
	if ((rc = open_output(&f->files[type], path, f->force, f->db_path))) {
		f->failed = rc;
		cl_error_set(err, CL_EPERM, "cannot create %s", path);
		return NULL;
	}
	return f->files[type].f;
}

static void fhir_progress(void *arg, long long resources)
{
	((struct fhir_files *)arg)->progressed = true;
	fprintf(stderr, "\rcareloop: export fhir: %lld resources", resources);
}

/* An NDJSON folder: an existing folder, or a new one (0700) made here. */
static int make_dir(const char *dir, bool *made)
{
	struct stat st;

	*made = false;
	if (lstat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return EX_OK;
		cli_error(dir, "not a folder");
		return EX_CANTCREAT;
	}
	if (mkdir(dir, 0700) != 0) {
		cli_error(dir, strerror(errno));
		return EX_CANTCREAT;
	}
	*made = true;
	return EX_OK;
}

static int export_fhir(const struct cli_globals *g, int argc, char **argv)
{
	struct fhir_files files = { 0 };
	struct options o = { 0 };
	struct cl_error err = { 0 };
	struct cl_fhir_options opt = { 0 };
	long long counts[CL_FHIR_NTYPES] = { 0 }, total = 0;
	struct cl_db *db = NULL;
	char path[4096], since[32];
	bool made_dir = false, progress;
	int rc;

	if ((rc = parse("export fhir", argc, argv, 2, &o, NULL)))
		return rc;
	if (!o.ndjson == !o.bundle)
		return cli_usage_error("export fhir", "give one of --ndjson DIR or --bundle FILE");
	if (o.out)
		return cli_usage_error("export fhir", "-o is for export csv: use --bundle FILE");
	if (cl_export_since(o.since, since, &err))
		return cli_usage_error("export fhir", "%s", err.message);
	if ((rc = cli_open_report(g, &db)))
		return rc;
	snprintf(path, sizeof(path), "%s", cl_db_path(db));
	if (o.ndjson && (rc = make_dir(o.ndjson, &made_dir)))
		goto out;
	files.dir = o.ndjson;
	files.bundle = o.bundle;
	files.db_path = path;
	files.force = o.force;
	opt.since = o.since;
	opt.bundle = o.bundle != NULL;
	opt.stream = fhir_stream;
	opt.arg = &files;
	/* Long exports show progress on stderr when it is a terminal. */
	progress = isatty(STDERR_FILENO);
	if (progress)
		opt.progress = fhir_progress;
	rc = cl_fhir_export(db, &opt, counts, &err);
	if (files.progressed)
		fputc('\n', stderr);
	if (rc) {
		if (files.failed) {
			rc = files.failed;
		} else {
			cli_error(o.bundle ? o.bundle : o.ndjson, err.message);
			rc = cli_exit_code(err.code);
		}
		goto out;
	}
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		total += counts[t];
	if ((rc = record(db, o.bundle ? "fhir bundle" : "fhir ndjson", total)))
		goto out;
	for (int t = 0; t < CL_FHIR_NTYPES; t++) {
		if (!files.files[t].f)
			continue;
		if (cl_outfile_commit(&files.files[t], &err)) {
			cli_error(files.files[t].path, err.message);
			rc = EX_IOERR;
			goto out;
		}
	}
	made_dir = false;
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		if (counts[t])
			fprintf(stderr, "careloop: export fhir: %lld %s\n", counts[t],
				cl_fhir_type_name(t));
	fprintf(stderr, "careloop: export fhir: %lld resources written to %s\n", total,
		o.bundle ? o.bundle : o.ndjson);
out:
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		cl_outfile_discard(&files.files[t]);
	if (made_dir)
		rmdir(o.ndjson); /* ours, and empty again: the files were removed */
	cl_db_close(db);
	return rc;
}

int cli_cmd_export(const struct cli_globals *g, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("export", "what to export? (csv KIND, fhir)");
	if (strcmp(argv[1], "csv") == 0)
		return export_csv(g, argc, argv);
	if (strcmp(argv[1], "fhir") == 0)
		return export_fhir(g, argc, argv);
	return cli_usage_error("export", "unknown export '%s' (csv, fhir)", argv[1]);
}
