#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "screening.h"
#include "setting.h"

/*
 * Saved screenings read back: history, the latest state for the chart header, the rescreen
 * clock, and the keyset-paged due and "positive in domain" lists (see screening.h).
 */

/* ---- month arithmetic for the rescreen clock ---- */

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* ymd moved by months; the day is clamped to the target month's length; last_day forces it. */
static void shift_months(const char *ymd, long months, bool last_day, char out[CL_DATE_LEN])
{
	int y = 0, m = 0, d = 0;
	long total;

	if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(out, CL_DATE_LEN, "%s", "");
		return;
	}
	total = (long)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (last_day || d > days_in_month(y, m))
		d = days_in_month(y, m);
	if (y < 1 || y > 9999) {
		snprintf(out, CL_DATE_LEN, "%s", "");
		return;
	}
	snprintf(out, CL_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

void cl_date_add_months(const char *ymd, long months, char out[CL_DATE_LEN])
{
	shift_months(ymd, months, false, out);
}

/*
 * The latest screening date that makes a patient due today: due when
 * cl_date_add_months(last_on, months) <= today, i.e. last_on <= cutoff. On the last day of a
 * month every date up to the last day of the month `months` back is due (2024-02-29 + 12 months
 * is 2025-02-28).
 */
static void due_cutoff(const char *today, long months, char out[CL_DATE_LEN])
{
	int y = 0, m = 0, d = 0;
	bool last = sscanf(today, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 &&
		    d == days_in_month(y, m);

	shift_months(today, -months, last, out);
}

/* ---- reading ---- */

static int load_results(struct cl_db *db, struct cl_screening_summary *row, struct cl_error *err)
{
	static const char sql[] =
		"SELECT d.code, d.name_en, d.sdoh_category, d.sensitive, r.result "
		"FROM screening_result r JOIN screening_domain d ON d.id = r.domain_id "
		"WHERE r.screening_id = ?1 ORDER BY d.ordinal";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	char result[16];
	int step = SQLITE_DONE, rc = CL_OK;

	row->ndomains = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &row->id, err)))
		return rc;
	while (row->ndomains < CL_INSTRUMENT_MAX_DOMAINS &&
	       (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_screening_domain_result *d = &row->domains[row->ndomains++];
		int r;

		cl_db_column_text(st, 0, d->code, sizeof(d->code));
		cl_db_column_text(st, 1, d->name, sizeof(d->name));
		cl_db_column_text(st, 2, d->sdoh_category, sizeof(d->sdoh_category));
		d->sensitive = sqlite3_column_int(st, 3) != 0;
		cl_db_column_text(st, 4, result, sizeof(result));
		r = cl_domain_result_parse(result);
		d->result = r < 0 ? CL_DOMAIN_INCOMPLETE : (enum cl_domain_result)r;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/* ?3: 1 to list the entered-in-error ones too. */
static int history(struct cl_db *db, const struct cl_id *patient_id, bool all,
		   struct cl_screening_summary *rows, int max, int *n, struct cl_error *err)
{
	static const char sql[] =
		"SELECT s.id, s.version, s.screened_on, i.code, s.status, "
		"coalesce(cm.display_name, s.updated_by), s.review, s.error_reason "
		"FROM screening s JOIN instrument i ON i.id = s.instrument_id "
		"LEFT JOIN care_manager cm ON cm.id = s.screened_by "
		"WHERE s.patient_id = ?1 AND (?3 OR s.status != 'entered-in-error') "
		"ORDER BY s.screened_on DESC, s.created_at DESC, s.rowid DESC LIMIT ?2";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	char status[24];
	int step = SQLITE_DONE, rc = CL_OK, i;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient_id, err)) ||
	    (rc = cl_db_bind_int(st, 2, max, err)) || (rc = cl_db_bind_int(st, 3, all, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_screening_summary *row = &rows[(*n)++];
		int code;

		memset(row, 0, sizeof(*row));
		cl_db_column_id(st, 0, &row->id);
		row->version = sqlite3_column_int64(st, 1);
		cl_db_column_text(st, 2, row->screened_on, sizeof(row->screened_on));
		cl_db_column_text(st, 3, row->instrument, sizeof(row->instrument));
		cl_db_column_text(st, 4, status, sizeof(status));
		code = cl_screening_status_parse(status);
		row->status = code < 0 ? CL_SCREENING_PARTIAL : (enum cl_screening_status)code;
		cl_db_column_text(st, 5, row->screened_by, sizeof(row->screened_by));
		row->review = sqlite3_column_int(st, 6) != 0;
		cl_db_column_text(st, 7, row->error_reason, sizeof(row->error_reason));
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	for (i = 0; rc == CL_OK && i < *n; i++)
		rc = load_results(db, &rows[i], err);
	return rc;
}

int cl_screening_history(struct cl_db *db, const struct cl_id *patient_id,
			 struct cl_screening_summary *rows, int max, int *n, struct cl_error *err)
{
	return history(db, patient_id, false, rows, max, n, err);
}

int cl_screening_history_all(struct cl_db *db, const struct cl_id *patient_id,
			     struct cl_screening_summary *rows, int max, int *n,
			     struct cl_error *err)
{
	return history(db, patient_id, true, rows, max, n, err);
}

int cl_screening_latest(struct cl_db *db, const struct cl_id *patient_id, unsigned flags,
			struct cl_screening_latest *out, struct cl_error *err)
{
	static const char state_sql[] =
		"SELECT st.last_on, s.status, sc.review FROM screening_status st "
		"LEFT JOIN screening s ON s.id = st.last_id "
		"LEFT JOIN screening sc ON sc.id = st.scored_id WHERE st.patient_id = ?1";
	static const char positive_sql[] =
		"SELECT d.code, d.name_en, d.sdoh_category, d.sensitive, sp.screening_id, "
		"sp.screened_on FROM screening_positive sp "
		"JOIN screening s ON s.id = sp.screening_id "
		"JOIN screening_domain d ON d.instrument_id = s.instrument_id AND d.code = sp.domain_code "
		"WHERE sp.patient_id = ?1 ORDER BY d.ordinal";
	bool without = flags & CL_SCREENING_WITHOUT_SENSITIVE;
	char today[CL_DATE_LEN], status[24] = "";
	sqlite3_stmt *st;
	int step, rc = CL_OK, code;

	memset(out, 0, sizeof(*out));
	if (!(st = cl_db_stmt(db, state_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient_id, err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_text(st, 0, out->last_on, sizeof(out->last_on));
		cl_db_column_text(st, 1, status, sizeof(status));
		out->review = !without && sqlite3_column_int(st, 2) != 0;
	} else if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	out->screened = out->last_on[0] != '\0';
	code = cl_screening_status_parse(status);
	out->last_status = code < 0 ? CL_SCREENING_IN_PROGRESS : (enum cl_screening_status)code;
	cl_date_today(today);
	if (out->screened) {
		cl_date_add_months(out->last_on, cl_setting_int(db, "rescreen_months"),
				   out->due_on);
		out->due = strcmp(today, out->due_on) >= 0;
	} else {
		out->due = true;
	}

	if (!(st = cl_db_stmt(db, positive_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient_id, err)))
		return rc;
	while (out->npositive < CL_INSTRUMENT_MAX_DOMAINS &&
	       (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_screening_positive *p = &out->positive[out->npositive];

		if (without && sqlite3_column_int(st, 3))
			continue;
		cl_db_column_text(st, 0, p->code, sizeof(p->code));
		cl_db_column_text(st, 1, p->name, sizeof(p->name));
		cl_db_column_text(st, 2, p->sdoh_category, sizeof(p->sdoh_category));
		p->sensitive = sqlite3_column_int(st, 3) != 0;
		cl_db_column_id(st, 4, &p->screening_id);
		cl_db_column_text(st, 5, p->screened_on, sizeof(p->screened_on));
		out->npositive++;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_screening_positive_text(struct cl_db *db, const struct cl_id *patient_id, unsigned flags,
			       char *buf, size_t size, struct cl_error *err)
{
	struct cl_screening_latest latest;
	size_t used = 0;
	int rc;

	if (size)
		buf[0] = '\0';
	if ((rc = cl_screening_latest(db, patient_id, flags, &latest, err)))
		return rc;
	for (int i = 0; i < latest.npositive && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
				 latest.positive[i].code);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return CL_OK;
}

/* ---- the due and positive lists ---- */

/* Fill rows from a (patient_id, mrn, given, family, date) statement; due_on from date. */
static int page_rows(struct cl_db *db, sqlite3_stmt *st, long months,
		     struct cl_screening_due_row *rows, int max, int *n, struct cl_error *err)
{
	int step = SQLITE_DONE, rc = CL_OK;

	*n = 0;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_screening_due_row *row = &rows[(*n)++];

		memset(row, 0, sizeof(*row));
		cl_db_column_id(st, 0, &row->patient_id);
		cl_db_column_text(st, 1, row->mrn, sizeof(row->mrn));
		cl_db_column_text(st, 2, row->given_name, sizeof(row->given_name));
		cl_db_column_text(st, 3, row->family_name, sizeof(row->family_name));
		cl_db_column_text(st, 4, row->last_on, sizeof(row->last_on));
		if (row->last_on[0])
			cl_date_add_months(row->last_on, months, row->due_on);
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/* Bind the keyset position (date, id) at ?2, ?3: before every row when after is NULL. */
static int bind_after(sqlite3_stmt *st, const struct cl_screening_due_row *after,
		      struct cl_error *err)
{
	int rc;

	if (after) {
		if ((rc = cl_db_bind_text(st, 2, after->last_on, err)) ||
		    (rc = cl_db_bind_id(st, 3, &after->patient_id, err)))
			return rc;
	} else {
		if ((rc = cl_db_bind_text(st, 2, "", err)) ||
		    (rc = cl_db_bind_blob(st, 3, "", 0, err)))
			return rc;
	}
	return CL_OK;
}

int cl_screening_due_page(struct cl_db *db, const struct cl_screening_due_row *after,
			  struct cl_screening_due_row *rows, int max, int *n, struct cl_error *err)
{
	static const char sql[] =
		"SELECT st.patient_id, p.mrn, p.given_name, p.family_name, st.last_on "
		"FROM screening_status st JOIN patient p ON p.id = st.patient_id "
		"WHERE st.active = 1 AND st.last_on <= ?1 AND (st.last_on, st.patient_id) > (?2, ?3) "
		"ORDER BY st.last_on, st.patient_id LIMIT ?4";
	long months = cl_setting_int(db, "rescreen_months");
	char today[CL_DATE_LEN], cutoff[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	due_cutoff(today, months, cutoff);
	if ((rc = cl_db_bind_text(st, 1, cutoff, err)) || (rc = bind_after(st, after, err)) ||
	    (rc = cl_db_bind_int(st, 4, max, err)))
		return rc;
	return page_rows(db, st, months, rows, max, n, err);
}

/* Bind the keyset position (date, id) at ?2, ?3: after every row when before is NULL. */
static int bind_before(sqlite3_stmt *st, const struct cl_screening_due_row *before,
		       struct cl_error *err)
{
	int rc;

	if (before) {
		if ((rc = cl_db_bind_text(st, 2, before->last_on, err)) ||
		    (rc = cl_db_bind_id(st, 3, &before->patient_id, err)))
			return rc;
	} else {
		/* "~" sorts after every date */
		if ((rc = cl_db_bind_text(st, 2, "~", err)) ||
		    (rc = cl_db_bind_blob(st, 3, "", 0, err)))
			return rc;
	}
	return CL_OK;
}

/* Rows read newest first back into the list's order. */
static void reverse_rows(struct cl_screening_due_row *rows, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		struct cl_screening_due_row t = rows[i];

		rows[i] = rows[j];
		rows[j] = t;
	}
}

int cl_screening_due_page_before(struct cl_db *db, const struct cl_screening_due_row *before,
				 struct cl_screening_due_row *rows, int max, int *n,
				 struct cl_error *err)
{
	static const char sql[] =
		"SELECT st.patient_id, p.mrn, p.given_name, p.family_name, st.last_on "
		"FROM screening_status st JOIN patient p ON p.id = st.patient_id "
		"WHERE st.active = 1 AND st.last_on <= ?1 AND (st.last_on, st.patient_id) < (?2, ?3) "
		"ORDER BY st.last_on DESC, st.patient_id DESC LIMIT ?4";
	long months = cl_setting_int(db, "rescreen_months");
	char today[CL_DATE_LEN], cutoff[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	due_cutoff(today, months, cutoff);
	if ((rc = cl_db_bind_text(st, 1, cutoff, err)) || (rc = bind_before(st, before, err)) ||
	    (rc = cl_db_bind_int(st, 4, max, err)))
		return rc;
	if ((rc = page_rows(db, st, months, rows, max, n, err)) == CL_OK)
		reverse_rows(rows, *n);
	return rc;
}

int cl_screening_due_count(struct cl_db *db, long long *count, struct cl_error *err)
{
	static const char sql[] =
		"SELECT count(*) FROM screening_status WHERE active = 1 AND last_on <= ?1";
	char today[CL_DATE_LEN], cutoff[CL_DATE_LEN];
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	cl_date_today(today);
	due_cutoff(today, cl_setting_int(db, "rescreen_months"), cutoff);
	if ((rc = cl_db_bind_text(st, 1, cutoff, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		rc = CL_OK;
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

int cl_screening_positive_page(struct cl_db *db, const char *domain, unsigned flags,
			       const struct cl_screening_due_row *after,
			       struct cl_screening_due_row *rows, int max, int *n,
			       struct cl_error *err)
{
	static const char sensitive_sql[] =
		"SELECT 1 FROM screening_domain WHERE code = ?1 AND sensitive = 1 LIMIT 1";
	static const char sql[] =
		"SELECT sp.patient_id, p.mrn, p.given_name, p.family_name, sp.screened_on "
		"FROM screening_positive sp JOIN patient p ON p.id = sp.patient_id "
		"WHERE sp.domain_code = ?1 AND (sp.screened_on, sp.patient_id) > (?2, ?3) "
		"AND p.status = 'active' ORDER BY sp.screened_on, sp.patient_id LIMIT ?4";
	sqlite3_stmt *st;
	bool sensitive;
	int rc, step;

	*n = 0;
	if (!(st = cl_db_stmt(db, sensitive_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, domain, err)))
		return rc;
	step = sqlite3_step(st);
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc; /* unknown is not "not sensitive" */
	sensitive = step == SQLITE_ROW;
	if (sensitive && (flags & CL_SCREENING_WITHOUT_SENSITIVE))
		return cl_error_field(err, CL_EINVAL, "domain",
				      "%s is a sensitive domain: it is not listed", domain);
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, domain, err)) || (rc = bind_after(st, after, err)) ||
	    (rc = cl_db_bind_int(st, 4, max, err)))
		return rc;
	return page_rows(db, st, cl_setting_int(db, "rescreen_months"), rows, max, n, err);
}

int cl_screening_positive_page_before(struct cl_db *db, const char *domain, unsigned flags,
				      const struct cl_screening_due_row *before,
				      struct cl_screening_due_row *rows, int max, int *n,
				      struct cl_error *err)
{
	static const char sensitive_sql[] =
		"SELECT 1 FROM screening_domain WHERE code = ?1 AND sensitive = 1 LIMIT 1";
	static const char sql[] =
		"SELECT sp.patient_id, p.mrn, p.given_name, p.family_name, sp.screened_on "
		"FROM screening_positive sp JOIN patient p ON p.id = sp.patient_id "
		"WHERE sp.domain_code = ?1 AND (sp.screened_on, sp.patient_id) < (?2, ?3) "
		"AND p.status = 'active' ORDER BY sp.screened_on DESC, sp.patient_id DESC LIMIT ?4";
	sqlite3_stmt *st;
	bool sensitive;
	int rc, step;

	*n = 0;
	if (!(st = cl_db_stmt(db, sensitive_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, domain, err)))
		return rc;
	step = sqlite3_step(st);
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc; /* unknown is not "not sensitive" */
	sensitive = step == SQLITE_ROW;
	if (sensitive && (flags & CL_SCREENING_WITHOUT_SENSITIVE))
		return cl_error_field(err, CL_EINVAL, "domain",
				      "%s is a sensitive domain: it is not listed", domain);
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, domain, err)) || (rc = bind_before(st, before, err)) ||
	    (rc = cl_db_bind_int(st, 4, max, err)))
		return rc;
	rc = page_rows(db, st, cl_setting_int(db, "rescreen_months"), rows, max, n, err);
	if (rc == CL_OK)
		reverse_rows(rows, *n);
	return rc;
}

int cl_screening_domains(struct cl_db *db, char (*codes)[CL_CODE_LEN], bool *sensitive, int max,
			 int *n, struct cl_error *err)
{
	/* Social-needs instruments only: only their positives are listed (screening_positive). */
	static const char sql[] =
		"SELECT code, max(sensitive) FROM screening_domain "
		"WHERE instrument_id IN (SELECT id FROM instrument "
		"WHERE social_needs = 1) GROUP BY code ORDER BY min(ordinal), code";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int step = SQLITE_DONE, rc = CL_OK;

	*n = 0;
	if (!st)
		return CL_EIO;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_text(st, 0, codes[*n], CL_CODE_LEN);
		sensitive[*n] = sqlite3_column_int(st, 1) != 0;
		(*n)++;
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}
