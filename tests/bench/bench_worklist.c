/*
 * bench_worklist: the worklist's cold-open latency over a generated clinic.
 *
 *   tests/bench/bench_worklist [--patients N] [--seed S] [--db PATH] [--runs R]
 *
 * Generates (when PATH does not exist yet) N demo patients and their care plans (tasks,
 * contacts, goals, events: about 10 rows a patient), timing both; then, R times: evicts
 * the file from the OS page cache (posix_fadvise DONTNEED, best effort), opens the
 * database afresh and does what the worklist view does on opening — every section's
 * count and first 20 rows, for everyone and for "mine" — and prints the timings. Without
 * --db it works in a temporary file and removes it. Prints figures; asserts nothing.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "careloop.h"
#include "demo.h"
#include "demo_careplan.h"

static void evict(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char name[4200];

	for (int i = 0; i < 3; i++) {
		int fd;

		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		if ((fd = open(name, O_RDONLY)) < 0)
			continue;
		fdatasync(fd);
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
	}
}

static int one_open(const char *path, double *open_ms, double *total_ms, bool print)
{
	struct cl_worklist_row rows[20];
	struct cl_error err = { 0 };
	struct cl_db *db;
	double t0 = now_ms(), t1;

	if (cl_db_open(path, 0, &db, &err)) {
		fprintf(stderr, "bench_worklist: open: %s\n", err.message);
		return 1;
	}
	t1 = now_ms();
	for (int mine = 0; mine < 2; mine++) {
		struct cl_worklist_filter f = { .mine = mine };

		for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
			long long count;
			bool capped;
			char text[32];
			int n;
			double a = now_ms();

			if (cl_worklist_count(db, s, &f, 0, &count, &capped, &err) ||
			    cl_worklist_page(db, s, &f, NULL, rows, 20, &n, &err)) {
				fprintf(stderr, "bench_worklist: %s\n", err.message);
				cl_db_close(db);
				return 1;
			}
			cl_worklist_count_text(count, capped, text, sizeof(text));
			if (print && cl_worklist_available(s))
				printf("  %-9s %-18s count %-9s first page %2d rows  %7.2f ms\n",
				       mine ? "mine" : "everyone", cl_worklist_title(s), text, n,
				       now_ms() - a);
		}
	}
	*total_ms = now_ms() - t0;
	*open_ms = t1 - t0;
	cl_db_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	long patients = 100000, seed = 1, runs = 5;
	const char *db_path = NULL;
	char path[4096], dir[4096] = "";
	double open_ms, total[64];
	int rc = 1;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--patients") == 0)
			patients = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--db") == 0)
			db_path = argv[i + 1];
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atol(argv[i + 1]);
	}
	if (runs < 1 || runs > 64)
		runs = 5;
	if (db_path) {
		snprintf(path, sizeof(path), "%s", db_path);
	} else {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/bench-worklist-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(path, sizeof(path), "%s/bench.db", dir);
	}
	if (access(path, F_OK) != 0) {
		struct cl_demo_options opt = { .patients = patients, .seed = (unsigned long)seed };
		struct cl_demo_careplan_stats st;
		struct cl_error err = { 0 };
		struct cl_db *db;
		double t0;

		if (cl_db_open(path, CL_DB_CREATE, &db, &err)) {
			fprintf(stderr, "bench_worklist: %s\n", err.message);
			goto out;
		}
		t0 = now_ms();
		if (cl_demo_generate(db, &opt, &err)) {
			fprintf(stderr, "bench_worklist: demo: %s\n", err.message);
			cl_db_close(db);
			goto out;
		}
		printf("generate %ld patients: %.1f s\n", patients, (now_ms() - t0) / 1e3);
		t0 = now_ms();
		if (cl_demo_careplan(db, (unsigned long)seed, NULL, NULL, &st, &err)) {
			fprintf(stderr, "bench_worklist: care plans: %s\n", err.message);
			cl_db_close(db);
			goto out;
		}
		{
			double s = (now_ms() - t0) / 1e3;
			long rows = st.goals + st.tasks + st.contacts + st.events;

			printf("care plans: %ld goals, %ld tasks, %ld contacts, %ld events "
			       "(%ld rows) in %.1f s, %.0f rows/s\n",
			       st.goals, st.tasks, st.contacts, st.events, rows, s, rows / s);
		}
		cl_db_close(db);
	}
	printf("worklist cold open (%s):\n", path);
	for (long r = 0; r < runs; r++) {
		evict(path);
		if (one_open(path, &open_ms, &total[r], r == 0))
			goto out;
	}
	{
		/* Warm: the same connection, as a screen refreshing its sections. */
		struct cl_worklist_row rows[20];
		struct cl_error err = { 0 };
		struct cl_db *db;
		double t0;
		int n, reps = 200;

		if (cl_db_open(path, 0, &db, &err))
			goto out;
		t0 = now_ms();
		for (int r = 0; r < reps; r++)
			for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++) {
				struct cl_worklist_filter f = { .mine = r % 2 };
				long long count;
				bool capped;

				cl_worklist_count(db, s, &f, 0, &count, &capped, &err);
				cl_worklist_page(db, s, &f, NULL, rows, 20, &n, &err);
			}
		printf("warm: all sections' counts and first pages: %.2f ms a refresh (%d refreshes)\n",
		       (now_ms() - t0) / reps, reps);
		cl_db_close(db);
	}
	qsort(total, (size_t)runs, sizeof(total[0]), cmp_double);
	printf("cold open + all sections' counts and first pages, both toggles: median %.1f ms, "
	       "max %.1f ms over %ld runs (database open alone: %.1f ms)\n",
	       total[runs / 2], total[runs - 1], runs, open_ms);
	rc = 0;
out:
	if (!db_path && dir[0]) {
		char name[4200];

		for (int i = 0; i < 3; i++) {
			snprintf(name, sizeof(name), "%s%s", path,
				 (const char *[]){ "", "-wal", "-shm" }[i]);
			unlink(name);
		}
		rmdir(dir);
	}
	return rc;
}
