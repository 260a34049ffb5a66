/* The directory of partner organizations (declared in org.h): pages, search, suggestions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "org.h"
#include "record.h"
#include "setting.h"
#include "text.h"

/* ---- lists ---- */

/* The oldest last_verified date that is still fresh today. */
static void stale_cutoff(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long months = cl_setting_int(db, "directory_stale_months");
	int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
	long total = (long)y * 12 + (m - 1) - months;
	int last;

	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	snprintf(out, CL_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

bool cl_org_is_stale(struct cl_db *db, const char *last_verified, const char *today)
{
	char cutoff[CL_DATE_LEN];

	if (!last_verified || !last_verified[0])
		return true;
	stale_cutoff(db, today, cutoff);
	return strcmp(last_verified, cutoff) < 0;
}

/* Parameters: ?1 kind or NULL, ?2 service or NULL, ?3 limit, ?4 stale cutoff, ?5 ?6 after,
 * ?7 search expression, ?8 language. */
#define ROW_COLUMNS                                                                \
	"SELECT o.id, o.kind, o.name, o.services, o.phone, o.languages, o.active," \
	" (o.last_verified = '' OR o.last_verified < ?4), o.sort_name,"            \
	" instr(', ' || o.languages || ',', ', ' || ?8 || ',') > 0, o.last_verified"
#define FILTER                                                                  \
	" (?1 IS NULL OR o.kind = ?1) AND (?2 IS NULL OR EXISTS (SELECT 1 FROM" \
	" organization_service s WHERE s.code = ?2 AND s.organization_id = o.id))"
#define ACTIVE " AND o.active = 1"
#define FROM   " FROM organization o WHERE"
#define AFTER  " AND (o.sort_name, o.id) > (?5, ?6)"
#define BEFORE " AND (o.sort_name, o.id) < (?5, ?6)"
#define ASC    " ORDER BY o.sort_name, o.id LIMIT ?3"
#define DESC   " ORDER BY o.sort_name DESC, o.id DESC LIMIT ?3"

/* [include_retired][after][backward] */
static const char *const page_sql[2][2][2] = {
	{
		{ ROW_COLUMNS FROM FILTER ACTIVE ASC, ROW_COLUMNS FROM FILTER ACTIVE DESC },
		{ ROW_COLUMNS FROM FILTER ACTIVE AFTER ASC,
		  ROW_COLUMNS FROM FILTER ACTIVE BEFORE DESC },
	},
	{
		{ ROW_COLUMNS FROM FILTER ASC, ROW_COLUMNS FROM FILTER DESC },
		{ ROW_COLUMNS FROM FILTER AFTER ASC, ROW_COLUMNS FROM FILTER BEFORE DESC },
	},
};
static const char sql_search[] =
	ROW_COLUMNS " FROM organization_fts JOIN organization o ON o.rowid = organization_fts.rowid"
		    " WHERE organization_fts MATCH ?7 AND" FILTER " AND (?9 OR o.active = 1)"
		    " ORDER BY organization_fts.rank LIMIT ?3";
static const char sql_suggest[] =
	ROW_COLUMNS " FROM organization_service s JOIN organization o ON o.id = s.organization_id"
		    " WHERE s.code = ?2 AND o.active = 1"
		    " ORDER BY 10 DESC, 8 ASC, o.sort_name, o.id LIMIT ?3";

static int row_from_stmt(sqlite3_stmt *st, struct cl_org_row *r, struct cl_error *err)
{
	char kind[16];

	memset(r, 0, sizeof(*r));
	if (cl_db_column_id(st, 0, &r->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored organization has a malformed id");
	cl_db_column_text(st, 1, kind, sizeof(kind));
	r->kind = strcmp(kind, "specialty") == 0 ? CL_ORG_SPECIALTY : CL_ORG_COMMUNITY;
	cl_db_column_text(st, 2, r->name, sizeof(r->name));
	cl_db_column_text(st, 3, r->services, sizeof(r->services));
	cl_db_column_text(st, 4, r->phone, sizeof(r->phone));
	cl_db_column_text(st, 5, r->languages, sizeof(r->languages));
	r->active = sqlite3_column_int(st, 6) != 0;
	r->stale = sqlite3_column_int(st, 7) != 0;
	cl_db_column_text(st, 8, r->sort_key, sizeof(r->sort_key));
	r->language_match = sqlite3_column_int(st, 9) != 0;
	cl_db_column_text(st, 10, r->last_verified, sizeof(r->last_verified));
	return CL_OK;
}

static int bind_filter(struct cl_db *db, sqlite3_stmt *st, const struct cl_org_filter *filter,
		       int max, struct cl_error *err)
{
	char today[CL_DATE_LEN], cutoff[CL_DATE_LEN];
	bool kind = filter && filter->kind >= 0;
	bool service = filter && filter->service && filter->service[0];
	int rc;

	cl_date_today(today);
	stale_cutoff(db, today, cutoff);
	if ((rc = cl_db_bind_text(
		     st, 1, kind ? cl_org_kind_code((enum cl_org_kind)filter->kind) : NULL, err)) ||
	    (rc = cl_db_bind_text(st, 2, service ? filter->service : NULL, err)) ||
	    (rc = cl_db_bind_int(st, 3, max, err)) || (rc = cl_db_bind_text(st, 4, cutoff, err)))
		return rc;
	return CL_OK;
}

static int collect(struct cl_db *db, sqlite3_stmt *st, struct cl_org_row *rows, int max, int *n,
		   struct cl_error *err)
{
	int step = SQLITE_DONE, rc = CL_OK;

	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = row_from_stmt(st, &rows[*n], err)))
			break;
		(*n)++;
	}
	if (!rc && *n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		*n = 0;
	return rc;
}

int cl_org_page(struct cl_db *db, const struct cl_org_filter *filter,
		const struct cl_org_row *after, bool backward, struct cl_org_row *rows, int max,
		int *n, struct cl_error *err)
{
	bool all = filter && filter->include_retired;
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, page_sql[all][after != NULL][backward], err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_filter(db, st, filter, max, err)))
		return rc;
	if (after && ((rc = cl_db_bind_text(st, 5, after->sort_key, err)) ||
		      (rc = cl_db_bind_id(st, 6, &after->id, err))))
		return rc;
	if ((rc = collect(db, st, rows, max, n, err)))
		return rc;
	for (int i = 0, j = *n - 1; backward && i < j; i++, j--) {
		struct cl_org_row t = rows[i];

		rows[i] = rows[j];
		rows[j] = t;
	}
	return CL_OK;
}

int cl_org_search(struct cl_db *db, const char *text, const struct cl_org_filter *filter,
		  struct cl_org_row *rows, int max, int *n, struct cl_error *err)
{
	char query[512];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0 || !text || cl_text_fts_query(text, query, sizeof(query)) <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_search, err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_filter(db, st, filter, max, err)) ||
	    (rc = cl_db_bind_text(st, 7, query, err)) ||
	    (rc = cl_db_bind_int(st, 9, filter && filter->include_retired, err)))
		return rc;
	return collect(db, st, rows, max, n, err);
}

int cl_org_suggest(struct cl_db *db, const char *service, const char *language,
		   struct cl_org_row *rows, int max, int *n, struct cl_error *err)
{
	struct cl_org_filter filter = { -1, service, false };
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0 || !service || !service[0])
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_suggest, err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_filter(db, st, &filter, max, err)) ||
	    (rc = cl_db_bind_text(st, 8, language ? language : "", err)))
		return rc;
	return collect(db, st, rows, max, n, err);
}
