/*
 * make bench: careloop's figures over generated clinics. Prints, asserts nothing.
 *
 *   bench [--dir DIR] [--keep] [SIZE...]   generate each SIZE (default 100000 1000000) into
 *                                          DIR/bench-SIZE.db and measure; --keep leaves
 *                                          the files (tests/bench/run.sh times the program
 *                                          in tmux over them, then deletes them)
 *   bench first-page DB                    what a fresh process does before its first
 *                                          screen: open, count, the first 24 rows
 *   bench ops DB                           the side-by-side table (ops.c) alone, over an
 *                                          existing demo clinic
 *   bench measures DB                      each program measure (measure.h) for the last
 *                                          full month, first run and warm median
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "db_private.h"
#include "demo.h"
#include "error.h"
#include "measure.h"
#include "note.h"
#include "ops.h"
#include "patient.h"
#include "timeline.h"

#define PAGE_ROWS    24 /* an 80x24 screen shows about this many */
#define SEARCH_NAMES 100
#define PAGES	     400
#define COLD_RUNS    7

/* Latency summary of n samples (ms), sorted in place. */
static void report(const char *what, double *ms, int n)
{
	if (n == 0) {
		printf("  %-28s no samples\n", what);
		return;
	}
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	printf("  %-28s n=%-5d median %8.3f ms   p95 %8.3f ms   max %8.3f ms\n", what, n, ms[n / 2],
	       ms[(int)(n * 0.95)], ms[n - 1]);
}

static double peak_rss_mib(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ru.ru_maxrss / 1024.0; /* Linux: KiB */
}

/*
 * This process's own peak RSS (VmHWM): getrusage of a forked child also counts the pages it
 * shared with its parent before exec.
 */
static long own_peak_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static int first_page(const char *path)
{
	struct cl_patient_filter filter = { .sort = CL_PATIENT_BY_NAME };
	struct cl_patient_row rows[PAGE_ROWS];
	double t0 = now_ms(), t_open, t_count, t_page;
	struct cl_error err;
	struct cl_db *db;
	long long count;
	int n;

	if (cl_db_open(path, 0, &db, &err) != CL_OK) {
		fprintf(stderr, "bench: open: %s\n", err.message);
		return 1;
	}
	t_open = now_ms();
	if (cl_patient_count(db, &filter, &count, &err) != CL_OK) {
		fprintf(stderr, "bench: count: %s\n", err.message);
		return 1;
	}
	t_count = now_ms();
	if (cl_patient_page(db, &filter, NULL, false, rows, PAGE_ROWS, &n, &err) != CL_OK) {
		fprintf(stderr, "bench: page: %s\n", err.message);
		return 1;
	}
	t_page = now_ms();
	cl_db_close(db);
	/* One line for the parent: open, count, page (ms), rows shown, peak RSS (KiB). */
	printf("%.3f %.3f %.3f %d %ld\n", t_open - t0, t_count - t_open, t_page - t_count, n,
	       own_peak_kib());
	return 0;
}

/* Run `self first-page path` COLD_RUNS times: wall time from fork to exit, and its RSS. */
static void bench_cold_start(const char *self, const char *path)
{
	double wall[COLD_RUNS], open_ms[COLD_RUNS], count_ms[COLD_RUNS], page_ms[COLD_RUNS];
	long rss_max = 0, kib;
	int i, ok = 0;

	for (i = 0; i < COLD_RUNS; i++) {
		int fds[2], status, n;
		double t0 = now_ms();
		char line[128] = "";
		ssize_t got;
		pid_t pid;

		if (pipe(fds) != 0)
			return;
		if ((pid = fork()) == 0) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
			execl(self, self, "first-page", path, (char *)NULL);
			_exit(127);
		}
		close(fds[1]);
		got = read(fds[0], line, sizeof(line) - 1);
		close(fds[0]);
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0 || got <= 0)
			continue;
		wall[ok] = now_ms() - t0;
		line[got] = '\0';
		if (sscanf(line, "%lf %lf %lf %d %ld", &open_ms[ok], &count_ms[ok], &page_ms[ok],
			   &n, &kib) != 5)
			continue;
		if (kib > rss_max)
			rss_max = kib;
		ok++;
	}
	printf("cold start, fresh process (fork+exec, open, count, first %d rows; page cache "
	       "warm), peak RSS %.1f MiB:\n",
	       PAGE_ROWS, rss_max / 1024.0);
	report("process wall time", wall, ok);
	report("  cl_db_open", open_ms, ok);
	report("  cl_patient_count", count_ms, ok);
	report("  cl_patient_page (first)", page_ms, ok);
}

/* Length in bytes of the UTF-8 character at s. */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Type "Family Giv" one character at a time for SEARCH_NAMES patients picked at random,
 * searching after every key as the list's incremental search does.
 */
static void bench_search(struct cl_db *db, long patients)
{
	static const char sql[] = "SELECT family_name, given_name FROM patient WHERE rowid = ?";
	static double one[SEARCH_NAMES], two[SEARCH_NAMES], more[SEARCH_NAMES * 16];
	static double all[SEARCH_NAMES * 20];
	struct cl_patient_row rows[PAGE_ROWS];
	int n1 = 0, n2 = 0, nmore = 0, nall = 0, i, misses = 0;
	uint64_t x = 0x2545f4914f6cdd1dULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return;
	for (i = 0; i < SEARCH_NAMES; i++) {
		char typed[200], text[200];
		size_t len = 0, pos = 0;
		int found = 0, chars = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (sqlite3_bind_int64(st, 1, (sqlite3_int64)(x % (uint64_t)patients) + 1) !=
			    SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			continue;
		}
		/* at most 8 characters of the family name, a space, 3 of the given name */
		snprintf(typed, sizeof(typed), "%s", (const char *)sqlite3_column_text(st, 0));
		for (pos = 0; typed[pos] && chars < 8; chars++)
			pos += char_len(typed + pos);
		typed[pos] = '\0';
		len = strlen(typed);
		snprintf(typed + len, sizeof(typed) - len, " %.3s",
			 (const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
		for (pos = 0; typed[pos];) {
			struct cl_error err;
			double t0, ms;
			int n = 0;

			pos += char_len(typed + pos);
			if (typed[pos - 1] == ' ')
				continue; /* a space changes nothing yet */
			memcpy(text, typed, pos);
			text[pos] = '\0';
			t0 = now_ms();
			if (cl_patient_search(db, text, false, rows, PAGE_ROWS, &n, &err) !=
			    CL_OK) {
				fprintf(stderr, "bench: search: %s\n", err.message);
				sqlite3_finalize(st);
				return;
			}
			ms = now_ms() - t0;
			found = n > 0;
			if (pos == 1)
				one[n1++] = ms;
			else if (pos == 2 || (pos == 3 && char_len(typed) == 2))
				two[n2++] = ms;
			else if (nmore < (int)(sizeof(more) / sizeof(more[0])))
				more[nmore++] = ms;
			if (nall < (int)(sizeof(all) / sizeof(all[0])))
				all[nall++] = ms;
		}
		misses += !found;
	}
	sqlite3_finalize(st);
	printf("search per keystroke (%d names typed letter by letter, up to \"Family Giv\", "
	       "%d rows; %d names not found at the end):\n",
	       SEARCH_NAMES, PAGE_ROWS, misses);
	report("every keystroke", all, nall);
	report("1st letter", one, n1);
	report("2nd letter", two, n2);
	report("3rd letter on", more, nmore);
}

static void bench_pages(struct cl_db *db, enum cl_patient_sort sort, bool backward,
			const char *what)
{
	struct cl_patient_filter filter = { .sort = sort };
	struct cl_patient_row rows[PAGE_ROWS], after;
	static double ms[PAGES];
	int i, k = 0, n = 0;

	for (i = 0; i < PAGES; i++) {
		struct cl_error err;
		double t0 = now_ms();

		if (cl_patient_page(db, &filter, i ? &after : NULL, backward, rows, PAGE_ROWS, &n,
				    &err) != CL_OK) {
			fprintf(stderr, "bench: page: %s\n", err.message);
			return;
		}
		ms[k++] = now_ms() - t0;
		if (n == 0)
			break;
		after = rows[backward ? 0 : n - 1];
	}
	report(what, ms, k);
}

/*
 * One patient with a long story: 5,000 notes (and what the demo gave them), then the
 * timeline paged to the end a page at a time (keyset), one kind filtered, and note searches.
 */
#define STORY_NOTES 5000
static void bench_timeline(struct cl_db *db)
{
	static struct cl_timeline_row rows[PAGE_ROWS];
	static struct cl_note_row found[50];
	static double ms[STORY_NOTES / PAGE_ROWS + 2], first[1], search[8];
	struct cl_timeline_row last;
	struct cl_error err = { 0 };
	struct cl_patient p;
	sqlite3_stmt *st;
	int n, pages = 0, total = 0;
	double t0;
	char mrn[32] = "";

	if (sqlite3_prepare_v2(
		    cl_db_sqlite(db),
		    "SELECT mrn FROM patient WHERE status = 'active' ORDER BY rowid LIMIT 1", -1,
		    &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(mrn, sizeof(mrn), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!mrn[0] || cl_patient_by_mrn(db, mrn, &p, &err))
		return;
	st = NULL;
	sqlite3_prepare_v2(
		cl_db_sqlite(db),
		"WITH RECURSIVE g(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM g WHERE k < ?2)"
		" INSERT INTO note (id, patient_id, occurred_at, kind, body, created_at,"
		" updated_at, updated_by) SELECT randomblob(16), ?1,"
		" strftime('%Y-%m-%dT%H:%M', '2026-01-01', '-' || (k * 97) || ' minutes'),"
		" 'phone-call', 'Called about the housing voucher, visit number ' || k,"
		" '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'bench' FROM g",
		-1, &st, NULL);
	if (!st || sqlite3_bind_blob(st, 1, p.id.bytes, CL_ID_LEN, SQLITE_TRANSIENT) ||
	    sqlite3_bind_int(st, 2, STORY_NOTES) || sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "bench: story: %s\n", sqlite3_errmsg(cl_db_sqlite(db)));
		sqlite3_finalize(st);
		return;
	}
	sqlite3_finalize(st);
	t0 = now_ms();
	cl_timeline_page(db, &p.id, CL_TIMELINE_ALL, NULL, rows, PAGE_ROWS, &n, &err);
	first[0] = now_ms() - t0;
	while (n == PAGE_ROWS && pages < (int)(sizeof(ms) / sizeof(ms[0]))) {
		last = rows[n - 1];
		total += n;
		t0 = now_ms();
		cl_timeline_page(db, &p.id, CL_TIMELINE_ALL, &last, rows, PAGE_ROWS, &n, &err);
		ms[pages++] = now_ms() - t0;
	}
	total += n;
	printf("timeline of one patient with %d rows (%d a page):\n", total, PAGE_ROWS);
	report("first page", first, 1);
	report("next page (keyset)", ms, pages);
	t0 = now_ms();
	cl_timeline_page(db, &p.id, CL_TIMELINE_RISK, NULL, rows, PAGE_ROWS, &n, &err);
	first[0] = now_ms() - t0;
	report("first page, risk only", first, 1);
	for (int i = 0; i < 8; i++) {
		static const char *const words[] = { "ho",     "hou", "housing", "voucher visit",
						     "called", "nu",  "zzz",	 "visit 4999" };

		t0 = now_ms();
		cl_note_search(db, &p.id, words[i], found, 50, &n, &err);
		search[i] = now_ms() - t0;
	}
	report("note search (8 queries)", search, 8);
}

static void progress_dot(long done, long total, void *arg)
{
	double *patients_done_at = arg;

	if (done == total)
		*patients_done_at = now_ms();
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r  generating %ld/%ld", done, total);
	if (done == total && isatty(STDERR_FILENO))
		fprintf(stderr, "\r%40s\r", "");
}

static void remove_db(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/*
 * Each measure for the last full month before "today" (everyone's): its first run (what
 * `careloop report` and the Reports view pay on a cold page cache) and the median of 3
 * more; then the 12 months of one measure the Reports view's trend computes.
 */
static int bench_measures(struct cl_db *db)
{
	struct cl_measure_query q;
	struct cl_error err = { 0 };
	char today[CL_DATE_LEN];
	size_t n, i;
	const struct cl_measure *all = cl_measures(&n);
	double total = 0;
	int k;

	cl_date_today(today);
	if (cl_measure_query_last_month(&q, today, &err))
		return 1;
	printf("measures, %s to %s (first run / warm median of 3):\n", q.from, q.to);
	for (i = 0; i < n; i++) {
		double ms[4];
		struct cl_measure_result r;
		long long num = 0, den = 0;

		for (k = 0; k < 4; k++) {
			double t0 = now_ms();

			if (cl_measure_compute(db, &all[i], &q, &r, &err)) {
				fprintf(stderr, "bench: %s: %s\n", all[i].key, err.message);
				return 1;
			}
			ms[k] = now_ms() - t0;
			num = r.figures[0].numerator;
			den = r.figures[0].denominator;
			cl_measure_result_free(&r);
		}
		total += ms[0];
		qsort(ms + 1, 3, sizeof(double), cmp_double);
		printf("  %-18s %8.1f / %8.1f ms   (%lld / %lld)\n", all[i].key, ms[0], ms[2], num,
		       den);
	}
	printf("  %-18s %8.1f ms, first runs\n", "all seven", total);
	for (k = 0, total = 0; k < 12; k++) {
		struct cl_measure_result r;
		struct cl_measure_query m = q;
		double t0 = now_ms();

		cl_measure_query_shift(&m, -k);
		if (cl_measure_compute(db, &all[0], &m, &r, &err)) {
			fprintf(stderr, "bench: trend: %s\n", err.message);
			return 1;
		}
		total += now_ms() - t0;
		cl_measure_result_free(&r);
	}
	printf("  12-month trend of %s: %.1f ms\n", all[0].key, total);
	return 0;
}

static int bench_size(const char *self, const char *dir, long patients, bool keep)
{
	double patients_done_at = 0;
	struct cl_demo_options opt = { .patients = patients,
				       .seed = 1,
				       .progress = progress_dot,
				       .progress_arg = &patients_done_at };
	struct cl_patient_filter filter = { .sort = CL_PATIENT_BY_NAME };
	char path[4096];
	struct cl_error err;
	struct cl_db *db;
	long long count;
	struct stat sb;
	double t0, secs, ms;

	snprintf(path, sizeof(path), "%s/bench-%ld.db", dir, patients);
	remove_db(path);
	printf("\n=== %ld patients ===\n", patients);
	if (cl_db_open(path, CL_DB_CREATE, &db, &err) != CL_OK) {
		fprintf(stderr, "bench: open: %s\n", err.message);
		return 1;
	}
	t0 = now_ms();
	if (cl_demo_generate(db, &opt, &err) != CL_OK) {
		fprintf(stderr, "bench: demo: %s\n", err.message);
		cl_db_close(db);
		return 1;
	}
	secs = (now_ms() - t0) / 1e3;
	cl_db_close(db);
	stat(path, &sb);
	printf("generate: %ld patients in %.2f s = %.0f patients/s; the patients alone (before "
	       "the rest of the clinic) %.2f s = %.0f/s\n",
	       patients, secs, patients / secs, (patients_done_at - t0) / 1e3,
	       patients / ((patients_done_at - t0) / 1e3));
	printf("  file %.1f MiB; peak RSS so far %.1f MiB\n", sb.st_size / 1048576.0,
	       peak_rss_mib(RUSAGE_SELF));

	bench_cold_start(self, path);

	if (cl_db_open(path, 0, &db, &err) != CL_OK) {
		fprintf(stderr, "bench: open: %s\n", err.message);
		return 1;
	}
	t0 = now_ms();
	cl_patient_count(db, &filter, &count, &err);
	ms = now_ms() - t0;
	printf("count of active patients: %lld in %.2f ms\n", count, ms);
	bench_search(db, patients);
	printf("paging (%d rows a page, %d pages from the end):\n", PAGE_ROWS, PAGES);
	bench_pages(db, CL_PATIENT_BY_NAME, false, "page down, by name");
	bench_pages(db, CL_PATIENT_BY_NAME, true, "page up from bottom, by name");
	bench_pages(db, CL_PATIENT_BY_RISK, false, "page down, by risk");
	bench_ops(db, patients);
	bench_measures(db);
	bench_timeline(db);
	cl_db_close(db);
	printf("peak RSS of this process so far: %.1f MiB\n", peak_rss_mib(RUSAGE_SELF));
	if (!keep)
		remove_db(path);
	return 0;
}

static int measures_only(const char *path)
{
	struct cl_error err;
	struct cl_db *db;
	int rc;

	if (cl_db_open(path, 0, &db, &err) != CL_OK) {
		fprintf(stderr, "bench: %s\n", err.message);
		return 1;
	}
	rc = bench_measures(db);
	cl_db_close(db);
	return rc;
}

/* bench ops DB: the side-by-side table alone, over an existing demo clinic. */
static int ops_only(const char *path)
{
	struct cl_patient_filter filter = { .sort = CL_PATIENT_BY_NAME, .include_inactive = true };
	struct cl_error err;
	struct cl_db *db;
	long long count = 0;

	if (cl_db_open(path, 0, &db, &err) != CL_OK ||
	    cl_patient_count(db, &filter, &count, &err) != CL_OK) {
		fprintf(stderr, "bench: %s\n", err.message);
		return 1;
	}
	bench_ops(db, (long)count);
	cl_db_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("BENCH_DIR");
	bool keep = false;
	long sizes[8];
	int nsizes = 0, i, rc = 0;

	if (argc == 3 && strcmp(argv[1], "first-page") == 0)
		return first_page(argv[2]);
	if (argc == 3 && strcmp(argv[1], "ops") == 0)
		return ops_only(argv[2]);
	if (argc == 3 && strcmp(argv[1], "measures") == 0) {
		if (!getenv("CARELOOP_TODAY") && setenv("CARELOOP_TODAY", "2025-06-15", 1) != 0)
			return 1;
		return measures_only(argv[2]);
	}
	setvbuf(stdout, NULL, _IOLBF, 0); /* figures show as they come, also into a file */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--keep") == 0)
			keep = true;
		else if (nsizes < 8 && atol(argv[i]) > 0)
			sizes[nsizes++] = atol(argv[i]);
		else {
			fprintf(stderr, "usage: bench [--dir DIR] [--keep] [SIZE...]\n");
			return 64;
		}
	}
	if (nsizes == 0) {
		sizes[nsizes++] = 100000;
		sizes[nsizes++] = 1000000;
	}
	if (!dir)
		dir = "/tmp";
	if (setenv("CARELOOP_TODAY", "2025-06-15", 1) != 0)
		return 1;
	printf("careloop bench: SQLite %s, %ld CPUs online\n", sqlite3_libversion(),
	       sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < nsizes && rc == 0; i++)
		rc = bench_size(argv[0], dir, sizes[i], keep);
	return rc;
}
