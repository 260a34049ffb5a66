/*
 * Each interactive operation as careloop does it beside the same SQL through the SQLite C
 * API, in the same run, on the same connection (same page cache, same pragmas): the SQL is
 * what careloop ran, caught by sqlite3_trace_v2 with its values bound (expanded), prepared
 * once, then stepped to the end reading every column, as a program using SQLite alone would.
 * The two sides alternate, warm; medians; the ratio is careloop / raw. Prints a flag where an
 * operation is over OPS_TARGET_MS, or over OPS_TARGET_RATIO by more than OPS_NOISE_MS (the
 * regression target of issue 13).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "contact.h"
#include "date.h"
#include "db.h"
#include "db_private.h"
#include "error.h"
#include "merge.h"
#include "ops.h"
#include "patient.h"
#include "referral.h"
#include "screening.h"
#include "worklist.h"

#define OPS_RUNS	 21
#define OPS_TARGET_MS	 20.0
#define OPS_TARGET_RATIO 1.2
#define OPS_NOISE_MS	 0.05
#define OPS_MAX_STMTS	 64
#define LIST_ROWS	 20 /* the rows an 80x24 list shows */

static double median(double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	return ms[n / 2];
}

/* ---- what careloop runs, caught ---- */

struct capture {
	char *sql[OPS_MAX_STMTS];
	int n;
	bool overflow;
};

static int on_stmt(unsigned type, void *ctx, void *p, void *x)
{
	struct capture *c = ctx;
	const char *text = x;
	char *sql;

	if (type != SQLITE_TRACE_STMT || (text && text[0] == '-' && text[1] == '-'))
		return 0; /* a trigger's own statements run inside the statement that fired it */
	if (c->n == OPS_MAX_STMTS) {
		c->overflow = true;
		return 0;
	}
	if ((sql = sqlite3_expanded_sql(p)))
		c->sql[c->n++] = sql;
	return 0;
}

/* Run the statements to the end, reading every column of every row; rows read. */
static long run_raw(sqlite3_stmt **st, int n)
{
	long rows = 0;

	for (int i = 0; i < n; i++) {
		while (sqlite3_step(st[i]) == SQLITE_ROW) {
			int cols = sqlite3_column_count(st[i]);

			for (int c = 0; c < cols; c++)
				if (sqlite3_column_type(st[i], c) == SQLITE_BLOB)
					(void)sqlite3_column_blob(st[i], c);
				else
					(void)sqlite3_column_text(st[i], c);
			rows++;
		}
		sqlite3_reset(st[i]);
	}
	return rows;
}

struct op {
	const char *name;
	int (*run)(struct cl_db *db, void *arg, struct cl_error *err);
	void *arg;
	bool writes; /* careloop also records it in the access log (not in the raw side) */
};

struct ops_result {
	int flagged, total;
};

static void measure(struct cl_db *db, const struct op *op, struct ops_result *res)
{
	double a[OPS_RUNS], b[OPS_RUNS], ma, mb;
	sqlite3_stmt *st[OPS_MAX_STMTS];
	struct capture cap = { 0 };
	struct cl_error err = { 0 };
	sqlite3 *sq = cl_db_sqlite(db);
	int n = 0, i;
	long rows = 0;
	bool flag;

	/* Once to warm the cache and catch the SQL. */
	if (op->run(db, op->arg, &err) != CL_OK) {
		printf("  %-34s failed: %s\n", op->name, err.message);
		return;
	}
	sqlite3_trace_v2(sq, SQLITE_TRACE_STMT, on_stmt, &cap);
	if (op->run(db, op->arg, &err) != CL_OK) {
		sqlite3_trace_v2(sq, 0, NULL, NULL);
		printf("  %-34s failed: %s\n", op->name, err.message);
		return;
	}
	sqlite3_trace_v2(sq, 0, NULL, NULL);
	for (i = 0; i < cap.n; i++) {
		/* Reads only: a write (BEGIN, INSERT …) would change what is measured. */
		if (sqlite3_prepare_v2(sq, cap.sql[i], -1, &st[n], NULL) == SQLITE_OK && st[n] &&
		    sqlite3_stmt_readonly(st[n]) && strncmp(cap.sql[i], "BEGIN", 5) != 0 &&
		    strncmp(cap.sql[i], "COMMIT", 6) != 0)
			n++;
		else if (st[n])
			sqlite3_finalize(st[n]);
		sqlite3_free(cap.sql[i]);
	}
	for (i = 0; i < OPS_RUNS; i++) {
		double t0 = now_ms();

		if (op->run(db, op->arg, &err) != CL_OK)
			break;
		a[i] = now_ms() - t0;
		t0 = now_ms();
		rows = run_raw(st, n);
		b[i] = now_ms() - t0;
	}
	for (int k = 0; k < n; k++)
		sqlite3_finalize(st[k]);
	if (i < OPS_RUNS) {
		printf("  %-34s failed: %s\n", op->name, err.message);
		return;
	}
	ma = median(a, OPS_RUNS);
	mb = median(b, OPS_RUNS);
	/* A ratio over a difference below OPS_NOISE_MS is the clock's, not careloop's. */
	flag = ma > OPS_TARGET_MS ||
	       (mb > 0 && ma / mb > OPS_TARGET_RATIO && ma - mb > OPS_NOISE_MS);
	res->total++;
	res->flagged += flag;
	printf("  %-34s %9.3f ms %9.3f ms %6.2fx %3d stmt %6ld rows%s%s\n", op->name, ma, mb,
	       mb > 0 ? ma / mb : 0.0, n, rows, cap.overflow ? " (more stmts)" : "",
	       flag ? (op->writes ? "  <- over target (records a view)" : "  <- over target") : "");
}

/* ---- the operations ---- */

/* The worklist as it opens: the four sections' counts, the first section's first page. */
static int op_worklist(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_worklist_filter filter = { .mine = arg != NULL };
	struct cl_worklist_row rows[LIST_ROWS];
	long long count;
	bool capped;
	int n, rc;

	for (int s = 0; s < CL_WORKLIST_NSECTIONS; s++)
		if ((rc = cl_worklist_count(db, s, &filter, 0, &count, &capped, err)))
			return rc;
	return cl_worklist_page(db, CL_WORKLIST_TASKS, &filter, NULL, rows, LIST_ROWS, &n, err);
}

/* A key at depth in a worklist section: the last row after `pages` pages. */
struct wl_depth {
	enum cl_worklist_section section;
	struct cl_worklist_row key;
	bool have;
};

static void wl_find_depth(struct cl_db *db, struct wl_depth *d, int pages)
{
	struct cl_worklist_row rows[LIST_ROWS];
	struct cl_error err;
	int n = 0;

	d->have = false;
	for (int p = 0; p < pages; p++) {
		if (cl_worklist_page(db, d->section, NULL, d->have ? &d->key : NULL, rows,
				     LIST_ROWS, &n, &err) ||
		    n == 0)
			return;
		d->key = rows[n - 1];
		d->have = true;
	}
}

/* Back from a chart: the section's rows around where the list was (a page before it). */
static int op_worklist_back(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct wl_depth *d = arg;
	struct cl_worklist_row rows[LIST_ROWS];
	int n;

	return cl_worklist_page_before(db, d->section, NULL, d->have ? &d->key : NULL, rows,
				       LIST_ROWS, &n, err);
}

static int op_worklist_down(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct wl_depth *d = arg;
	struct cl_worklist_row rows[LIST_ROWS];
	int n;

	return cl_worklist_page(db, d->section, NULL, d->have ? &d->key : NULL, rows, LIST_ROWS, &n,
				err);
}

static int op_search(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_patient_row rows[LIST_ROWS];
	int n;

	return cl_patient_search(db, arg, false, rows, LIST_ROWS, &n, err);
}

static int op_mrn(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_patient p;

	return cl_patient_by_mrn(db, arg, &p, err);
}

/* The check the add form and the import make for a new patient like p (merge.h). */
static int op_duplicates(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_duplicate d[CL_DUPLICATES_MAX];
	struct cl_patient p = *(const struct cl_patient *)arg;
	int n;

	snprintf(p.mrn, sizeof(p.mrn), "NEW-0001"); /* a new MRN: p itself is a duplicate */
	memset(&p.id, 0, sizeof(p.id));
	return cl_patient_duplicates(db, &p, d, CL_DUPLICATES_MAX, &n, err);
}

struct chart_arg {
	struct cl_id id;
};

static int op_chart(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct chart_arg *c = arg;
	struct cl_referral_row refs[LIST_ROWS];
	struct cl_patient p;
	int n, rc;

	if ((rc = cl_patient_open_chart(db, &c->id, &p, err)))
		return rc;
	return cl_referral_for_patient(db, &c->id, refs, LIST_ROWS, &n, err);
}

/* The patients tab: its count and first page. */
static int op_patients_tab(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_patient_filter filter = { .sort = CL_PATIENT_BY_NAME };
	struct cl_patient_row rows[LIST_ROWS];
	long long count;
	int n, rc;

	(void)arg;
	if ((rc = cl_patient_count(db, &filter, &count, err)))
		return rc;
	return cl_patient_page(db, &filter, NULL, false, rows, LIST_ROWS, &n, err);
}

struct pt_depth {
	struct cl_patient_row key;
	bool backward;
};

static int op_patients_page(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct pt_depth *d = arg;
	struct cl_patient_filter filter = { .sort = CL_PATIENT_BY_NAME };
	struct cl_patient_row rows[LIST_ROWS];
	int n;

	return cl_patient_page(db, &filter, &d->key, d->backward, rows, LIST_ROWS, &n, err);
}

static int op_screening_due(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_screening_due_row rows[LIST_ROWS];
	int n;

	(void)arg;
	return cl_screening_due_page(db, NULL, rows, LIST_ROWS, &n, err);
}

static int op_referrals_overdue(struct cl_db *db, void *arg, struct cl_error *err)
{
	struct cl_referral_filter filter = { .scope = CL_REFERRALS_OVERDUE, .kind = -1 };
	struct cl_referral_row rows[LIST_ROWS];
	int n;

	(void)arg;
	return cl_referral_page(db, &filter, NULL, false, rows, LIST_ROWS, &n, err);
}

static int count_minutes(const struct cl_minutes_row *r, void *arg)
{
	(void)r;
	++*(long *)arg;
	return 0;
}

static int op_minutes(struct cl_db *db, void *arg, struct cl_error *err)
{
	long rows = 0;

	return cl_contact_minutes(db, arg, count_minutes, &rows, NULL, err);
}

void bench_ops(struct cl_db *db, long patients)
{
	static struct wl_depth tasks = { .section = CL_WORKLIST_TASKS },
			       due = { .section = CL_WORKLIST_SCREENINGS },
			       due_end = { .section = CL_WORKLIST_SCREENINGS };
	static struct chart_arg chart;
	static struct cl_patient like;
	static struct pt_depth down, up;
	struct cl_patient_filter filter = { .sort = CL_PATIENT_BY_NAME };
	struct cl_patient_row rows[LIST_ROWS];
	struct ops_result res = { 0 };
	struct cl_error err;
	struct cl_patient p;
	char mrn[32], month[8], today[CL_DATE_LEN];
	int n = 0;

	snprintf(mrn, sizeof(mrn), "MRN%07ld", patients / 2);
	if (cl_patient_by_mrn(db, mrn, &p, &err) == CL_OK) {
		chart.id = p.id;
		like = p;
	}
	wl_find_depth(db, &tasks, 5);
	wl_find_depth(db, &due, 50);
	/* Patients at depth: 200 pages down by name. */
	for (int i = 0; i < 200; i++) {
		if (cl_patient_page(db, &filter, i ? &down.key : NULL, false, rows, LIST_ROWS, &n,
				    &err) ||
		    n == 0)
			break;
		down.key = rows[n - 1];
	}
	up = down;
	up.backward = true;
	cl_date_today(today);
	snprintf(month, sizeof(month), "%.7s", today);

	{
		const struct op ops[] = {
			{ "worklist open, everyone", op_worklist, NULL, false },
			{ "worklist open, mine", op_worklist, (void *)1, false },
			{ "worklist page down (tasks, 5 pgs)", op_worklist_down, &tasks, false },
			{ "back to worklist (tasks, 5 pages)", op_worklist_back, &tasks, false },
			{ "back to worklist (due, 50 pages)", op_worklist_back, &due, false },
			{ "worklist end (due, last page)", op_worklist_back, &due_end, false },
			{ "search \"s\" (1st key)", op_search, "s", false },
			{ "search \"smi\"", op_search, "smi", false },
			{ "search \"garcia ma\"", op_search, "garcia ma", false },
			{ "search \"1062\" (MRN number)", op_search, "1062", false },
			{ "MRN lookup", op_mrn, mrn, false },
			{ "duplicate check (new patient)", op_duplicates, &like, false },
			{ "chart open", op_chart, &chart, true },
			{ "patients tab (count, 1st page)", op_patients_tab, NULL, false },
			{ "patients page down at depth", op_patients_page, &down, false },
			{ "patients page up at depth", op_patients_page, &up, false },
			{ "report: screenings due, 1st page", op_screening_due, NULL, false },
			{ "report: referrals overdue, 1st pg", op_referrals_overdue, NULL, false },
			{ "report: minutes this month", op_minutes, month, false },
		};

		printf("side by side, warm, median of %d (careloop, the same SQL through the C API, "
		       "ratio; target <= %.0f ms and <= %.1fx):\n",
		       OPS_RUNS, OPS_TARGET_MS, OPS_TARGET_RATIO);
		printf("  %-34s %12s %12s %7s\n", "operation", "careloop", "raw SQLite", "ratio");
		for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++)
			measure(db, &ops[i], &res);
	}
	printf("  %d of %d operations over target\n", res.flagged, res.total);
}
