/*
 * The patients list and search (declared in patient.h): keyset pages over the indexes
 * of schema/001_core.sql, and FTS5 prefix search over names, MRN and phone (the index of
 * schema/008_search_digits.sql).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db_private.h"
#include "patient.h"

/* Columns of one list row; the two last are the keyset position (risk_rank, sort_name). */
#define ROW_COLUMNS                                                                \
	"SELECT p.id, p.mrn, p.given_name, p.family_name, p.birth_date, p.status," \
	" coalesce(cm.display_name, ''), p.risk_rank, p.sort_name"
#define ROW_FROM   " FROM patient p LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"
#define ROW_SELECT ROW_COLUMNS ROW_FROM

/*
 * Pages: ?1 risk rank, ?2 sort name, ?3 id of the row the page follows (or precedes),
 * ?4 the page size. The comparisons are plain row values over the indexed columns so that
 * SQLite seeks the index (patient_by_name[_active], patient_by_risk[_active]) and reads
 * max rows: no sort, whatever the table size.
 */
#define ACTIVE	    "p.status = 'active'"
#define NAME_AFTER  "(p.sort_name, p.id) > (?2, ?3)"
#define NAME_BEFORE "(p.sort_name, p.id) < (?2, ?3)"
#define RISK_AFTER  "(p.risk_rank, p.sort_name, p.id) > (?1, ?2, ?3)"
#define RISK_BEFORE "(p.risk_rank, p.sort_name, p.id) < (?1, ?2, ?3)"
#define NAME_ASC    " ORDER BY p.sort_name, p.id LIMIT ?4"
#define NAME_DESC   " ORDER BY p.sort_name DESC, p.id DESC LIMIT ?4"
#define RISK_ASC    " ORDER BY p.risk_rank, p.sort_name, p.id LIMIT ?4"
#define RISK_DESC   " ORDER BY p.risk_rank DESC, p.sort_name DESC, p.id DESC LIMIT ?4"

/* [sort][include_inactive][has after][backward] */
static const char *const page_sql[2][2][2][2] = {
	[CL_PATIENT_BY_NAME] = {
		[false] = {
			[false] = { ROW_SELECT " WHERE " ACTIVE NAME_ASC,
				    ROW_SELECT " WHERE " ACTIVE NAME_DESC },
			[true] = { ROW_SELECT " WHERE " ACTIVE " AND " NAME_AFTER NAME_ASC,
				   ROW_SELECT " WHERE " ACTIVE " AND " NAME_BEFORE NAME_DESC },
		},
		[true] = {
			[false] = { ROW_SELECT NAME_ASC, ROW_SELECT NAME_DESC },
			[true] = { ROW_SELECT " WHERE " NAME_AFTER NAME_ASC,
				   ROW_SELECT " WHERE " NAME_BEFORE NAME_DESC },
		},
	},
	[CL_PATIENT_BY_RISK] = {
		[false] = {
			[false] = { ROW_SELECT " WHERE " ACTIVE RISK_ASC,
				    ROW_SELECT " WHERE " ACTIVE RISK_DESC },
			[true] = { ROW_SELECT " WHERE " ACTIVE " AND " RISK_AFTER RISK_ASC,
				   ROW_SELECT " WHERE " ACTIVE " AND " RISK_BEFORE RISK_DESC },
		},
		[true] = {
			[false] = { ROW_SELECT RISK_ASC, ROW_SELECT RISK_DESC },
			[true] = { ROW_SELECT " WHERE " RISK_AFTER RISK_ASC,
				   ROW_SELECT " WHERE " RISK_BEFORE RISK_DESC },
		},
	},
};

/* Kept by the triggers of schema/009_patient_count.sql: one row, not a count of rows. */
static const char sql_count_active[] = "SELECT n FROM patient_count WHERE status = 'active'";
static const char sql_count_all[] = "SELECT coalesce(sum(n), 0) FROM patient_count";

/* Search: see cl_patient_search. */
enum { SEARCH_RANK_CAP = CL_PATIENT_SEARCH_RANKED };
static const char sql_search_candidates[] =
	"SELECT rowid FROM patient_fts WHERE patient_fts MATCH ?1 LIMIT ?2";
static const char sql_search_ranked[] =
	ROW_COLUMNS " FROM patient_fts JOIN patient p ON p.rowid = patient_fts.rowid"
		    " LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"
		    " WHERE patient_fts MATCH ?1 AND (?3 OR " ACTIVE ")"
		    " ORDER BY patient_fts.rank LIMIT ?2";
/*
 * More candidates than are ranked: every match in name order, after the keyset position
 * (?4, ?5), ?2 rows (SQLite keeps the first ?2 of the match set as it sorts). ?1 the match.
 * The sort reads the two keys alone; the rows' columns are read for the ?2 kept (at
 * 1,000,000 patients, "smi": 12,846 matches sorted in 25 ms instead of 42).
 */
#define SEARCH_MATCHES " p.rowid IN (SELECT rowid FROM patient_fts WHERE patient_fts MATCH ?1)"
#define SEARCH_BY_NAME(cmp, dir)                                                       \
	ROW_COLUMNS " FROM (SELECT p.rowid AS r FROM patient p WHERE" SEARCH_MATCHES   \
		    " AND (?3 OR " ACTIVE ") AND (p.sort_name, p.id) " cmp " (?4, ?5)" \
		    " ORDER BY p.sort_name " dir ", p.id " dir " LIMIT ?2) s"          \
		    " JOIN patient p ON p.rowid = s.r"                                 \
		    " LEFT JOIN care_manager cm ON cm.id = p.care_manager_id"          \
		    " ORDER BY p.sort_name " dir ", p.id " dir
/* [backward] */
static const char *const sql_search_by_name[2] = { SEARCH_BY_NAME(">", "ASC"),
						   SEARCH_BY_NAME("<", "DESC") };
/* The matches, counted up to ?2. */
static const char sql_search_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM patient p WHERE" SEARCH_MATCHES " AND (?3 OR " ACTIVE
	") LIMIT ?2)";
/*
 * The MRN of a merged patient finds the chart it was merged into (schema 15: merged_into),
 * so that an old MRN on a letter or a lab result still leads to the patient.
 */
#define OR_SURVIVOR(match) \
	" p.id = (SELECT coalesce(m.merged_into, m.id) FROM patient m WHERE " match ")"
static const char sql_search_mrn[] =
	ROW_SELECT " WHERE" OR_SURVIVOR("m.mrn = ?1") " AND (?3 OR " ACTIVE ")";
/* ?1 'mrn_number : "1062"': the MRN whose number is exactly what was typed (schema 8). */
static const char sql_search_mrn_number[] =
	ROW_SELECT " WHERE p.id IN (SELECT coalesce(m.merged_into, m.id) FROM patient m"
		   " WHERE m.rowid IN (SELECT rowid FROM patient_fts WHERE patient_fts MATCH ?1))"
		   " AND (?3 OR " ACTIVE ") ORDER BY p.mrn LIMIT 1";

/* One letter: family names starting with it, by the name index (see cl_patient_search). */
/* ?1 ?5 the keyset position, ?2 ?6 the letter's range [?6, ?2), ?4 the page size. */
static const char *const sql_search_initial[2] = {
	ROW_SELECT " WHERE (p.sort_name, p.id) > (?1, ?5) AND p.sort_name < ?2 AND"
		   " p.sort_name >= ?6 AND (?3 OR " ACTIVE ") ORDER BY p.sort_name, p.id LIMIT ?4",
	ROW_SELECT " WHERE (p.sort_name, p.id) < (?1, ?5) AND p.sort_name < ?2 AND"
		   " p.sort_name >= ?6 AND (?3 OR " ACTIVE ")"
		   " ORDER BY p.sort_name DESC, p.id DESC LIMIT ?4",
};
/*
 * Is one word answered by the name index? ?1 the word's matches outside the family name
 * ("- family_fold : ..."): none may exist; ?1 of the count, its matches in the family name,
 * as many as the family names in the range [?1, ?2) (the range's are among them).
 */
static const char sql_search_other_columns[] =
	"SELECT 1 FROM patient_fts WHERE patient_fts MATCH ?1 LIMIT 1";
static const char sql_search_family_count[] =
	"SELECT count(*) FROM patient_fts WHERE patient_fts MATCH ?1";
static const char sql_search_range_count[] =
	"SELECT count(*) FROM patient INDEXED BY patient_by_name WHERE sort_name >= ?1 AND"
	" sort_name < ?2";
static const char sql_search_initial_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM patient p WHERE p.sort_name >= ?1 AND"
	" p.sort_name < ?2 AND (?3 OR " ACTIVE ") LIMIT ?4)";

static const char *status_names[] = { "active", "inactive", "deceased" };

/* The keyset position of a row: its risk rank as one digit, then its sort name. */
static void row_sort_key(struct cl_patient_row *r, int rank, const char *sort_name)
{
	snprintf(r->sort_key, sizeof(r->sort_key), "%d%s", rank, sort_name);
}

static int row_from_stmt(sqlite3_stmt *st, struct cl_patient_row *r, struct cl_error *err)
{
	char status[16];
	const char *sort_name;
	int rank;

	memset(r, 0, sizeof(*r));
	if (cl_db_column_id(st, 0, &r->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has a malformed id");
	cl_db_column_text(st, 1, r->mrn, sizeof(r->mrn));
	cl_db_column_text(st, 2, r->given_name, sizeof(r->given_name));
	cl_db_column_text(st, 3, r->family_name, sizeof(r->family_name));
	cl_db_column_text(st, 4, r->birth_date, sizeof(r->birth_date));
	cl_db_column_text(st, 5, status, sizeof(status));
	cl_db_column_text(st, 6, r->care_manager_name, sizeof(r->care_manager_name));
	rank = sqlite3_column_int(st, 7);
	sort_name = (const char *)sqlite3_column_text(st, 8);
	if (rank < CL_RISK_HIGH || rank > CL_RISK_LOW || !sort_name)
		return cl_error_set(err, CL_ECORRUPT, "a stored patient has an unknown risk tier");
	r->risk_tier = (enum cl_risk)rank;
	r->status = CL_PATIENT_INACTIVE;
	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(status, status_names[i]) == 0)
			r->status = (enum cl_patient_status)i;
	row_sort_key(r, rank, sort_name);
	return CL_OK;
}

/*
 * The keyset values of `after`: from its sort_key, or, for a row the caller filled by
 * hand, computed as the schema's sort_name is (ASCII lower case, joined by char(1)).
 */
static void after_key(const struct cl_patient_row *after, int *rank, char *name, size_t size)
{
	size_t n = 0;

	if (after->sort_key[0] >= '0' && after->sort_key[0] <= '2') {
		*rank = after->sort_key[0] - '0';
		snprintf(name, size, "%s", after->sort_key + 1);
		return;
	}
	*rank = (int)after->risk_tier;
	for (const char *s = after->family_name; *s && n + 1 < size; s++)
		name[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
	if (n + 1 < size)
		name[n++] = '\1';
	for (const char *s = after->given_name; *s && n + 1 < size; s++)
		name[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
	name[n] = '\0';
}

/* Step st, appending rows to rows[*n .. max) (skipping skip, when not NULL). */
static int collect_rows(struct cl_db *db, sqlite3_stmt *st, const struct cl_id *skip,
			struct cl_patient_row *rows, int max, int *n, struct cl_error *err)
{
	int rc = CL_OK, step = SQLITE_DONE;

	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = row_from_stmt(st, &rows[*n], err);
		if (rc)
			return rc;
		if (skip && cl_id_equal(skip, &rows[*n].id))
			continue;
		(*n)++;
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	return rc;
}

int cl_patient_page(struct cl_db *db, const struct cl_patient_filter *filter,
		    const struct cl_patient_row *after, bool backward, struct cl_patient_row *rows,
		    int max, int *n, struct cl_error *err)
{
	static const struct cl_patient_filter defaults = { CL_PATIENT_BY_NAME, false };
	char name[sizeof(after->sort_key)];
	sqlite3_stmt *st;
	int sort, rank, rc;

	*n = 0;
	if (!filter)
		filter = &defaults;
	if (max <= 0)
		return CL_OK;
	sort = filter->sort == CL_PATIENT_BY_RISK ? CL_PATIENT_BY_RISK : CL_PATIENT_BY_NAME;
	st = cl_db_stmt(db, page_sql[sort][filter->include_inactive][after != NULL][backward], err);
	if (!st)
		return err ? err->code : CL_EIO;
	if (after) {
		after_key(after, &rank, name, sizeof(name));
		if ((rc = cl_db_bind_int(st, 1, rank, err)) ||
		    (rc = cl_db_bind_text(st, 2, name, err)) ||
		    (rc = cl_db_bind_id(st, 3, &after->id, err)))
			return rc;
	}
	if ((rc = cl_db_bind_int(st, 4, max, err)))
		return rc;
	rc = collect_rows(db, st, NULL, rows, max, n, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc) {
		*n = 0;
		return rc;
	}
	/* A backward page was read nearest-first; callers get it in forward order. */
	for (int i = 0, j = *n - 1; backward && i < j; i++, j--) {
		struct cl_patient_row t = rows[i];

		rows[i] = rows[j];
		rows[j] = t;
	}
	return CL_OK;
}

int cl_patient_count(struct cl_db *db, const struct cl_patient_filter *filter, long long *count,
		     struct cl_error *err)
{
	bool all = filter && filter->include_inactive;
	sqlite3_stmt *st = cl_db_stmt(db, all ? sql_count_all : sql_count_active, err);
	int rc = CL_OK;

	*count = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

/* ---- search ---- */

static bool is_word_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c >= 0x80;
}

/* Append text to buf at *len as an FTS5 string: in double quotes, quotes doubled. */
static bool append_quoted(char *buf, size_t size, size_t *len, const char *text, size_t n)
{
	if (*len + 2 >= size)
		return false;
	buf[(*len)++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (*len + 4 >= size)
			return false;
		if (text[i] == '"')
			buf[(*len)++] = '"';
		buf[(*len)++] = text[i];
	}
	buf[(*len)++] = '"';
	buf[(*len)++] = '*';
	buf[*len] = '\0';
	return true;
}

static bool append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 >= size)
		return false;
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return true;
}

/*
 * Turn what a person typed into an FTS5 query where each word must prefix-match: every
 * word becomes a quoted string with a prefix star, so that no character of it is FTS5
 * syntax ("AND", '*', '(', ':', '^', '-' are only text). A word of digits with phone
 * punctuation ("555-12", "(555)") is also tried as digits alone, which matches the
 * phone_digits and phone_tail columns ("081-0924" or "0810924" finds (505) 081-0924). A word
 * of digits also matches an MRN's number (mrn_number: "1062" or "0001062" finds
 * MRN0001062). Words with no letter or digit are dropped. Returns the number of
 * words used (0: nothing to search for), or -1 when the text is too long for buf.
 */
static int build_match(const char *text, char *buf, size_t size)
{
	size_t len = 0;
	int words = 0;

	buf[0] = '\0';
	while (*text) {
		const char *w;
		size_t n = 0, nd = 0, ndigit = 0;
		bool has_word_char = false, phone_like = true;
		char digits[64];

		while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
			text++;
		w = text;
		while (*text && *text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
			text++;
		n = (size_t)(text - w);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)w[i];

			has_word_char |= is_word_char(c);
			if (c >= '0' && c <= '9') {
				ndigit++;
				if (nd < sizeof(digits) - 1)
					digits[nd++] = (char)c;
			} else if (!strchr("()-.+", c)) {
				phone_like = false;
			}
		}
		digits[nd] = '\0';
		if (!has_word_char)
			continue;
		/* Explicit AND: FTS5 has no implicit AND before a parenthesized group. */
		if (words > 0 && !append(buf, size, &len, " AND "))
			return -1;
		if (phone_like && ndigit > 0 && ndigit != n) {
			if (!append(buf, size, &len, "(") ||
			    !append_quoted(buf, size, &len, w, n) ||
			    !append(buf, size, &len, " OR ") ||
			    !append_quoted(buf, size, &len, digits, nd) ||
			    !append(buf, size, &len, ")"))
				return -1;
		} else if (!append_quoted(buf, size, &len, w, n)) {
			return -1;
		}
		words++;
	}
	return words;
}

/*
 * Copy text with "Đ" and "đ" as "D" and "d", as the schema's family_fold and given_fold
 * columns index them. False when text does not fit in size.
 */
static bool fold_d(const char *text, char *out, size_t size)
{
	size_t n = 0;

	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (n + 1 >= size)
			return false;
		if (s[0] == 0xc4 && (s[1] == 0x90 || s[1] == 0x91))
			out[n++] = *++s == 0x90 ? 'D' : 'd';
		else
			out[n++] = (char)*s;
	}
	out[n] = '\0';
	return true;
}

/* The patient whose MRN is exactly text (trimmed), as rows[0], if there is one. */
static int search_exact_mrn(struct cl_db *db, const char *text, bool include_inactive,
			    struct cl_patient_row *rows, int *n, struct cl_error *err)
{
	char mrn[64];
	const char *end;
	sqlite3_stmt *st;
	int rc;

	while (*text == ' ' || *text == '\t')
		text++;
	for (end = text + strlen(text); end > text && (end[-1] == ' ' || end[-1] == '\t');)
		end--;
	if (end == text || (size_t)(end - text) >= sizeof(mrn))
		return CL_OK;
	memcpy(mrn, text, (size_t)(end - text));
	mrn[end - text] = '\0';
	st = cl_db_stmt(db, sql_search_mrn, err);
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, mrn, err)) ||
	    (rc = cl_db_bind_int(st, 3, include_inactive, err)))
		return rc;
	rc = collect_rows(db, st, NULL, rows, 1, n, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/*
 * Typed digits alone ("1062"): the patient whose MRN's number is exactly them
 * (MRN0001062), as rows[0], if there is one; so that it comes first, before the MRNs and
 * phones the digits only start.
 */
static int search_mrn_number(struct cl_db *db, const char *text, bool include_inactive,
			     struct cl_patient_row *rows, int *n, struct cl_error *err)
{
	char match[64];
	size_t len;
	sqlite3_stmt *st;
	int rc;

	text += strspn(text, " \t");
	len = strspn(text, "0123456789");
	if (!len || len > 30 || text[len + strspn(text + len, " \t")])
		return CL_OK;
	snprintf(match, sizeof(match), "mrn_number : \"%.*s\"", (int)len, text);
	st = cl_db_stmt(db, sql_search_mrn_number, err);
	if (!st)
		return err ? err->code : CL_EIO;
	if (sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(st, 3, include_inactive) != SQLITE_OK)
		rc = cl_db_error(db, err);
	else
		rc = collect_rows(db, st, NULL, rows, 1, n, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/*
 * Search in three steps, each cheap at 1,000,000 patients:
 * 1. an exact MRN, by the MRN index, or else the MRN whose number is the digits typed;
 * 2. the first SEARCH_RANK_CAP + 1 matches in index order (FTS5 without a rank reads only
 *    as far as it returns; the prefix index serves 2- and 3-character prefixes);
 * 3. when there are at most SEARCH_RANK_CAP matches, all of them ranked by bm25 (scoring a
 *    few hundred rows is cheap); when there are more, the query is too short to rank
 *    usefully and cheaply (ORDER BY rank scores every match: 100-190 ms on a short prefix),
 *    so the first SEARCH_RANK_CAP matches are shown in name order.
 * A single letter is the first key typed into incremental search. FTS5 has no 1-character
 * prefix index (prefix='2 3') and merges every term with that initial: 14-83 ms at 1M.
 * It is answered like a phone book instead: family names starting with the letter, in
 * name order, straight from the name index (under 1 ms at any size).
 */
/*
 * The letter of a search that is one letter alone (lower case), else 0: family names
 * starting with it, by the name index (FTS5 has no 1-character prefix index).
 */
static char single_letter(const char *t)
{
	while (*t == ' ')
		t++;
	if (((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z')) &&
	    t[1 + strspn(t + 1, " ")] == '\0')
		return (char)(*t | 0x20);
	return 0;
}

/*
 * Family names in [from, to) after (backward: before) the keyset position (name, id; NULL:
 * the top, backward the bottom), read nearest first.
 */
static int search_initial(struct cl_db *db, const char *from, const char *to, bool include_inactive,
			  const char *after_name, const struct cl_id *after_id, bool backward,
			  struct cl_patient_row *rows, int max, int *n, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_search_initial[backward], err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if (!(rc = cl_db_bind_text(st, 1,
				   after_name ? after_name
				   : backward ? to
					      : from,
				   err)) &&
	    !(rc = cl_db_bind_text(st, 2, to, err)) &&
	    !(rc = cl_db_bind_int(st, 3, include_inactive, err)) &&
	    !(rc = cl_db_bind_int(st, 4, max, err)) &&
	    !(rc = after_id ? cl_db_bind_id(st, 5, after_id, err)
			    : cl_db_bind_blob(st, 5, "", 0, err)) &&
	    !(rc = cl_db_bind_text(st, 6, from, err)))
		rc = collect_rows(db, st, NULL, rows, max, n, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* One whole number from st (?1 text a, ?2 text b or NULL), into *out. */
static int count_of(struct cl_db *db, const char *sql, const char *a, const char *b, long long *out,
		    struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	*out = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	rc = cl_db_bind_text(st, 1, a, err);
	if (!rc && b)
		rc = cl_db_bind_text(st, 2, b, err);
	if (!rc) {
		int step = sqlite3_step(st);

		if (step == SQLITE_ROW)
			*out = sqlite3_column_int64(st, 0);
		else if (step != SQLITE_DONE)
			rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/*
 * Can the name index answer text, as a phone book does? Into from and to (size bytes) the
 * range of sort names [from, to) and *yes when so:
 * - one letter alone: family names starting with it (FTS5 has no 1-character prefix index);
 * - one word of ASCII letters whose matches are exactly the family names starting with it:
 *   it matches nothing outside the family name, and its family-name matches are as many as
 *   the sort names in the range (each of which matches: its first word starts with the
 *   word). A surname prefix ("smi": 12,846 of 1,000,000) is then read a page at a time
 *   from the name index instead of every match being sorted; three counts decide it
 *   (0.2-2 ms), and a word that matches given names too ("ma") goes the FTS5 way.
 */
static int name_range(struct cl_db *db, const char *text, char *from, char *to, size_t size,
		      bool *yes, struct cl_error *err)
{
	char q[300];
	long long other = 0, family = 0, range = 0;
	size_t n = 0;
	int rc;

	*yes = false;
	while (*text == ' ')
		text++;
	while (text[n] && n + 2 < size && n < 64 &&
	       ((text[n] >= 'a' && text[n] <= 'z') || (text[n] >= 'A' && text[n] <= 'Z'))) {
		from[n] = (char)(text[n] | 0x20);
		n++;
	}
	if (n == 0 || text[n + strspn(text + n, " ")] != '\0')
		return CL_OK;
	from[n] = '\0';
	memcpy(to, from, n + 1);
	to[n - 1]++;
	if (n == 1) {
		*yes = true;
		return CL_OK;
	}
	snprintf(q, sizeof(q), "- family_fold : \"%s\"*", from);
	if ((rc = count_of(db, sql_search_other_columns, q, NULL, &other, err)) || other)
		return rc;
	snprintf(q, sizeof(q), "family_fold : \"%s\"*", from);
	if ((rc = count_of(db, sql_search_family_count, q, NULL, &family, err)) ||
	    (rc = count_of(db, sql_search_range_count, from, to, &range, err)))
		return rc;
	*yes = family == range;
	return CL_OK;
}

/* The FTS5 query for text into match: its word count, or CL_EINVAL (err) when too long. */
static int search_match(const char *text, char match[1024], struct cl_error *err)
{
	char folded[256];
	int words = fold_d(text, folded, sizeof(folded)) ? build_match(folded, match, 1024) : -1;

	if (words < 0)
		return -cl_error_field(err, CL_EINVAL, "search", "search text is too long");
	return words;
}

/*
 * Rows of the match after (backward: before) the keyset position (sort name, id; NULL
 * name: the top, backward the bottom), read nearest first.
 */
static int search_by_name(struct cl_db *db, const char *match, bool include_inactive,
			  const char *after_name, const struct cl_id *after_id, bool backward,
			  const struct cl_id *skip, struct cl_patient_row *rows, int max, int *n,
			  struct cl_error *err)
{
	static const unsigned char past = 0xff; /* a blob sorts after any text */
	sqlite3_stmt *st = cl_db_stmt(db, sql_search_by_name[backward], err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	/* ?2: one more, in case the exact MRN comes again */
	if (!(rc = cl_db_bind_text(st, 1, match, err)) &&
	    !(rc = cl_db_bind_int(st, 2, max + 1, err)) &&
	    !(rc = cl_db_bind_int(st, 3, include_inactive, err)) &&
	    !(rc = after_name ? cl_db_bind_text(st, 4, after_name, err)
		   : backward ? cl_db_bind_blob(st, 4, &past, 1, err)
			      : cl_db_bind_text(st, 4, "", err)) &&
	    !(rc = after_id ? cl_db_bind_id(st, 5, after_id, err)
			    : cl_db_bind_blob(st, 5, "", 0, err)))
		rc = collect_rows(db, st, skip, rows, max, n, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cl_patient_search_page(struct cl_db *db, const char *text, bool include_inactive,
			   const struct cl_patient_row *after, bool backward,
			   struct cl_patient_row *rows, int max, int *n, struct cl_error *err)
{
	char match[1024], name[sizeof(after->sort_key)], from[80], to[80];
	int words, rank, rc;
	bool range;

	*n = 0;
	if (!text || max <= 0)
		return CL_OK;
	if ((words = search_match(text, match, err)) <= 0)
		return -words;
	if ((rc = name_range(db, text, from, to, sizeof(from), &range, err)))
		return rc;
	if (after)
		after_key(after, &rank, name, sizeof(name));
	if (range)
		rc = search_initial(db, from, to, include_inactive, after ? name : NULL,
				    after ? &after->id : NULL, backward, rows, max, n, err);
	else
		rc = search_by_name(db, match, include_inactive, after ? name : NULL,
				    after ? &after->id : NULL, backward, NULL, rows, max, n, err);
	if (rc) {
		*n = 0;
		return rc;
	}
	/* A backward page was read nearest-first; callers get it in forward order. */
	for (int i = 0, k = *n - 1; backward && i < k; i++, k--) {
		struct cl_patient_row t = rows[i];

		rows[i] = rows[k];
		rows[k] = t;
	}
	return CL_OK;
}

int cl_patient_search_count(struct cl_db *db, const char *text, bool include_inactive, long cap,
			    long long *count, bool *capped, struct cl_error *err)
{
	char match[1024], from[80], to[80];
	sqlite3_stmt *st;
	int words, rc;
	bool range;

	*count = 0;
	*capped = false;
	if (!text || (words = search_match(text, match, err)) <= 0)
		return text ? -words : CL_OK;
	if ((rc = name_range(db, text, from, to, sizeof(from), &range, err)))
		return rc;
	if (range) {
		if (!(st = cl_db_stmt(db, sql_search_initial_count, err)))
			return err ? err->code : CL_EIO;
		rc = cl_db_bind_text(st, 1, from, err);
		if (!rc)
			rc = cl_db_bind_text(st, 2, to, err);
		if (!rc)
			rc = cl_db_bind_int(st, 4, cap + 1, err);
	} else {
		if (!(st = cl_db_stmt(db, sql_search_count, err)))
			return err ? err->code : CL_EIO;
		rc = cl_db_bind_text(st, 1, match, err);
		if (!rc)
			rc = cl_db_bind_int(st, 2, cap + 1, err);
	}
	if (!rc && !(rc = cl_db_bind_int(st, 3, include_inactive, err))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			*count = sqlite3_column_int64(st, 0);
		else
			rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!rc && *count > cap) {
		*count = cap;
		*capped = true;
	}
	return rc;
}

int cl_patient_search(struct cl_db *db, const char *text, bool include_inactive,
		      struct cl_patient_row *rows, int max, int *n, struct cl_error *err)
{
	char folded[256], match[1024], from[80], to[80];
	const struct cl_id *skip = NULL;
	sqlite3_stmt *st = NULL;
	int candidates = 0, step, rc;
	bool range;

	*n = 0;
	if (!text || max <= 0)
		return CL_OK;
	rc = fold_d(text, folded, sizeof(folded)) ? build_match(folded, match, sizeof(match)) : -1;
	if (rc < 0)
		return cl_error_field(err, CL_EINVAL, "search", "search text is too long");
	if (rc == 0)
		return CL_OK;

	if (single_letter(text)) {
		name_range(db, text, from, to, sizeof(from), &range, err);
		return search_initial(db, from, to, include_inactive, NULL, NULL, false, rows, max,
				      n, err);
	}
	rc = search_exact_mrn(db, text, include_inactive, rows, n, err);
	if (!rc && !*n)
		rc = search_mrn_number(db, text, include_inactive, rows, n, err);
	if (rc)
		goto out;
	if (*n)
		skip = &rows[0].id;

	st = cl_db_stmt(db, sql_search_candidates, err);
	if (!st) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_text(st, 1, match, err)) ||
	    (rc = cl_db_bind_int(st, 2, SEARCH_RANK_CAP + 1, err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (++candidates > SEARCH_RANK_CAP)
			break;
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
		goto out;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	st = NULL;
	if (candidates == 0)
		goto out;

	if (candidates > SEARCH_RANK_CAP) {
		/*
		 * Too many to rank: all of them in name order, from the top; a surname prefix
		 * straight from the name index (an MRN found first rules that out: it matched
		 * outside the family name).
		 */
		if (!skip && (rc = name_range(db, text, from, to, sizeof(from), &range, err)))
			goto out;
		if (!skip && range)
			rc = search_initial(db, from, to, include_inactive, NULL, NULL, false, rows,
					    max, n, err);
		else
			rc = search_by_name(db, match, include_inactive, NULL, NULL, false, skip,
					    rows, max, n, err);
		goto out;
	}
	st = cl_db_stmt(db, sql_search_ranked, err);
	if (!st) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	/* ?2: one more, in case the exact MRN comes again */
	if ((rc = cl_db_bind_text(st, 1, match, err)) ||
	    (rc = cl_db_bind_int(st, 2, max + 1, err)) ||
	    (rc = cl_db_bind_int(st, 3, include_inactive, err)))
		goto out;
	rc = collect_rows(db, st, skip, rows, max, n, err);
out:
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	if (rc)
		*n = 0;
	return rc;
}
