#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csv.h"
#include "screening.h"
#include "screening_import.h"

#define MAX_INSTRUMENTS 8

/* The fixed columns; every other header names a question. */
enum fixed { COL_MRN, COL_DATE, COL_INSTRUMENT, COL_DECLINED, COL_LANGUAGE, NFIXED };
static const char *const fixed_names[NFIXED] = { "mrn", "date", "instrument", "declined",
						 "language" };

struct import {
	struct cl_db *db;
	cl_screening_import_error_fn on_error;
	void *arg;
	struct cl_screening_import_result counts;
	struct cl_error first;
	struct cl_instrument *instruments[MAX_INSTRUMENTS];
	int ninstruments;
	char **names; /* header names, trimmed */
	size_t ncols;
	int fixed[NFIXED]; /* column index of each fixed column, or -1 */
};

/* Report one problem at line and column (0: the whole row); field names the column. */
static void report(struct import *im, long line, int column, const char *field, const char *fmt,
		   ...) __attribute__((format(printf, 5, 6)));

static void report(struct import *im, long line, int column, const char *field, const char *fmt,
		   ...)
{
	struct cl_error e = { 0 };
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cl_import_locate(&e, line, column, column > 0 ? field : "", msg);
	snprintf(e.field, sizeof(e.field), "%s", field ? field : "");
	if (!im->counts.errors)
		im->first = e;
	im->counts.errors++;
	if (im->on_error)
		im->on_error(&e, im->arg);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copy text without surrounding blanks into buf; false when it does not fit. */
static bool trimmed(const char *text, char *buf, size_t size)
{
	size_t len;

	while (is_blank(*text))
		text++;
	len = strlen(text);
	while (len && is_blank(text[len - 1]))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

static bool blank(const char *text)
{
	while (is_blank(*text))
		text++;
	return *text == '\0';
}

static bool ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/* N for a column named "q<N>" (a question's number in its instrument), else -1. */
static int question_number(const char *name)
{
	if ((name[0] == 'q' || name[0] == 'Q') && name[1] >= '1' && name[1] <= '9' &&
	    strspn(name + 1, "0123456789") == strlen(name + 1) && strlen(name + 1) < 6)
		return atoi(name + 1);
	return -1;
}

/*
 * Can columns a and b name the same question of one instrument ("q1" and "71802-3" both
 * are the AHC tool's first question)? A row would then hold two answers to it.
 */
static int same_question(struct cl_db *db, const char *a, const char *b, bool *same,
			 struct cl_error *err)
{
	static const char sql[] =
		"SELECT 1 FROM question x JOIN question y ON y.instrument_id = x.instrument_id "
		"AND y.ordinal = x.ordinal WHERE (x.code = ?1 OR x.ordinal = ?2) "
		"AND (y.code = ?3 OR y.ordinal = ?4) LIMIT 1";
	sqlite3_stmt *st;
	int step;

	*same = false;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if (sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(st, 2, question_number(a)) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(st, 4, question_number(b)) != SQLITE_OK) {
		sqlite3_reset(st);
		return cl_db_error(db, err);
	}
	step = sqlite3_step(st);
	*same = step == SQLITE_ROW;
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
}

/* Is name a question code of any instrument (or "q<N>" with some instrument's N)? */
static int known_question(struct cl_db *db, const char *name, bool *known, struct cl_error *err)
{
	static const char sql[] = "SELECT 1 FROM question WHERE code = ?1 OR ordinal = ?2 LIMIT 1";
	sqlite3_stmt *st;
	int step, rc;

	*known = false;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, name, err)) ||
	    (rc = cl_db_bind_int(st, 2, question_number(name), err)))
		return rc;
	step = sqlite3_step(st);
	*known = step == SQLITE_ROW;
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
}

static int read_header(struct import *im, const struct cl_csv_record *rec, struct cl_error *err)
{
	bool question[CL_CSV_MAX_FIELDS] = { false };
	size_t i, j;
	int rc;

	for (i = 0; i < NFIXED; i++)
		im->fixed[i] = -1;
	if (!(im->names = calloc(rec->count, sizeof(*im->names))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	im->ncols = rec->count;
	for (i = 0; i < rec->count; i++) {
		char name[CL_CODE_LEN];
		bool known = false;
		int column = (int)i + 1;

		if (!trimmed(rec->fields[i].text, name, sizeof(name)) || !name[0]) {
			report(im, rec->fields[i].line, column, "",
			       "empty or too long column name");
			continue;
		}
		if (!(im->names[i] = strdup(name)))
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		for (j = 0; j < i; j++)
			if (im->names[j] && ascii_ieq(im->names[j], name))
				report(im, rec->fields[i].line, column, name,
				       "repeated column name");
		for (j = 0; j < NFIXED; j++)
			if (ascii_ieq(fixed_names[j], name) && im->fixed[j] < 0) {
				im->fixed[j] = (int)i;
				known = true;
			}
		if (known)
			continue;
		if ((rc = known_question(im->db, name, &known, err)))
			return rc;
		if (!known) {
			report(im, rec->fields[i].line, column, name,
			       "unknown column (not a question of any instrument)");
			continue;
		}
		question[i] = true;
		for (j = 0; j < i; j++) {
			bool same;
			char letters[8];

			if (!question[j] || ascii_ieq(im->names[j], name))
				continue; /* a repeated name is reported above */
			if ((rc = same_question(im->db, im->names[j], name, &same, err)))
				return rc;
			cl_import_column_letters((int)j + 1, letters);
			if (same)
				report(im, rec->fields[i].line, column, name,
				       "the same question as column %s (%s)", letters,
				       im->names[j]);
		}
	}
	for (j = 0; j < COL_DECLINED; j++)
		if (im->fixed[j] < 0)
			report(im, rec->line, 0, fixed_names[j], "the header has no \"%s\" column",
			       fixed_names[j]);
	return CL_OK;
}

static int find_patient(struct cl_db *db, const char *mrn, struct cl_id *id, bool *found,
			struct cl_error *err)
{
	static const char sql[] = "SELECT id FROM patient WHERE mrn = ?1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int step, rc;

	*found = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, mrn, err)))
		return rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*found = cl_db_column_id(st, 0, id) == CL_OK;
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
}

/* The instrument with this code, loaded once per import; NULL (with *rc 0) when unknown. */
static struct cl_instrument *instrument(struct import *im, const char *code, int *rc,
					struct cl_error *err)
{
	struct cl_instrument *in = NULL;
	struct cl_error load_err = { 0 };
	int i;

	*rc = CL_OK;
	for (i = 0; i < im->ninstruments; i++)
		if (strcmp(im->instruments[i]->code, code) == 0)
			return im->instruments[i];
	if (im->ninstruments == MAX_INSTRUMENTS)
		return NULL;
	*rc = cl_instrument_load(im->db, code, &in, &load_err);
	if (*rc == CL_ENOTFOUND || *rc == CL_EINVAL) {
		*rc = CL_OK;
		return NULL;
	}
	if (*rc) {
		if (err)
			*err = load_err;
		return NULL;
	}
	im->instruments[im->ninstruments++] = in;
	return in;
}

static int already_saved(struct cl_db *db, const struct cl_screening *s, bool *saved,
			 struct cl_error *err)
{
	static const char sql[] =
		"SELECT 1 FROM screening WHERE patient_id = ?1 AND instrument_id = ?2 "
		"AND screened_on = ?3 AND status != 'entered-in-error' LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int step, rc;

	*saved = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &s->patient_id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &s->instrument->id, err)) ||
	    (rc = cl_db_bind_text(st, 3, s->screened_on, err)))
		return rc;
	step = sqlite3_step(st);
	*saved = step == SQLITE_ROW;
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
}

/* A fixed column's cell, trimmed into buf ("" when the file has no such column). */
static const struct cl_csv_field *cell(const struct import *im, const struct cl_csv_record *rec,
				       enum fixed which, char *buf, size_t size, bool *fits)
{
	int i = im->fixed[which];

	buf[0] = '\0';
	*fits = true;
	if (i < 0)
		return NULL;
	*fits = trimmed(rec->fields[i].text, buf, size);
	return &rec->fields[i];
}

static void yes_no(struct import *im, const struct cl_csv_field *f, const char *text, int column,
		   bool *value)
{
	static const char *const yes[] = { "yes", "y", "true", "1", "x", NULL };
	static const char *const no[] = { "", "no", "n", "false", "0", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (ascii_ieq(yes[i], text)) {
			*value = true;
			return;
		}
	for (i = 0; no[i]; i++)
		if (ascii_ieq(no[i], text)) {
			*value = false;
			return;
		}
	report(im, f->line, column, "declined", "must be yes or no");
}

/*
 * The exclusive option ("none of the above") chosen together with another option of q, or
 * -1. Paper forms allow it; the answer then means nothing, and scoring it would guess.
 */
static int exclusive_with_others(const struct cl_question *q, uint32_t chosen)
{
	for (int o = 0; o < q->noptions; o++)
		if (q->options[o].exclusive && (chosen & (UINT32_C(1) << o)) &&
		    (chosen & ~(UINT32_C(1) << o)))
			return o;
	return -1;
}

/* Check one data row and, when it is good, save it (in the import's transaction). */
static int import_row(struct import *im, const struct cl_csv_record *rec, struct cl_error *err)
{
	char mrn[64], date_text[32], date[CL_DATE_LEN], code[CL_CODE_LEN], flag[16], lang[8];
	char today[CL_DATE_LEN];
	long errors = im->counts.errors;
	struct cl_screening *s = NULL;
	struct cl_instrument *in = NULL;
	const struct cl_csv_field *f;
	struct cl_error row_err = { 0 };
	bool fits, found = false, declined = false, saved;
	struct cl_id patient;
	int rc = CL_OK, answered = 0;
	size_t i;

	if (rec->count != im->ncols) {
		report(im, rec->line, 0, "", "%zu fields where the header has %zu", rec->count,
		       im->ncols);
		im->counts.rows++;
		im->counts.bad_rows++;
		return CL_OK;
	}
	for (i = 0; i < rec->count && blank(rec->fields[i].text); i++)
		;
	if (i == rec->count)
		return CL_OK; /* a row of empty cells, as spreadsheets write at the end */
	im->counts.rows++;

	f = cell(im, rec, COL_MRN, mrn, sizeof(mrn), &fits);
	if (!fits || !mrn[0])
		report(im, f->line, im->fixed[COL_MRN] + 1, "mrn",
		       fits ? "is empty" : "is too long");
	else if ((rc = find_patient(im->db, mrn, &patient, &found, err)))
		return rc;
	else if (!found)
		report(im, f->line, im->fixed[COL_MRN] + 1, "mrn", "no patient with this MRN");

	f = cell(im, rec, COL_DATE, date_text, sizeof(date_text), &fits);
	cl_date_today(today);
	if (!fits || cl_date_parse(date_text, date, NULL) != CL_OK)
		report(im, f->line, im->fixed[COL_DATE] + 1, "date",
		       "must be a real date as YYYY-MM-DD or MM/DD/YYYY");
	else if (strcmp(date, today) > 0)
		report(im, f->line, im->fixed[COL_DATE] + 1, "date", "is in the future");

	f = cell(im, rec, COL_INSTRUMENT, code, sizeof(code), &fits);
	if (fits && code[0] && !(in = instrument(im, code, &rc, err)) && rc)
		return rc;
	if (!in)
		report(im, f->line, im->fixed[COL_INSTRUMENT] + 1, "instrument",
		       "unknown instrument code");

	if ((f = cell(im, rec, COL_DECLINED, flag, sizeof(flag), &fits)))
		yes_no(im, f, fits ? flag : "?", im->fixed[COL_DECLINED] + 1, &declined);

	lang[0] = '\0';
	if ((f = cell(im, rec, COL_LANGUAGE, lang, sizeof(lang), &fits)) &&
	    (!fits || (lang[0] && strcmp(lang, "en") != 0 && strcmp(lang, "es") != 0)))
		report(im, f->line, im->fixed[COL_LANGUAGE] + 1, "language", "must be en or es");

	if (!in || !found)
		return CL_OK; /* the answers cannot be checked without the instrument */
	if ((rc = cl_screening_new(in, &patient, &s, err)))
		return rc;
	snprintf(s->screened_on, sizeof(s->screened_on), "%s", date);
	s->source = CL_SCREENING_FROM_IMPORT;
	s->language = cl_lang_for(lang);
	for (i = 0; i < rec->count; i++) {
		const struct cl_csv_field *answer = &rec->fields[i];
		bool is_fixed = false;
		int q, o;

		for (int j = 0; j < NFIXED; j++)
			is_fixed = is_fixed || im->fixed[j] == (int)i;
		if (is_fixed || !im->names[i] || blank(answer->text))
			continue;
		if ((q = cl_instrument_question(in, im->names[i])) < 0) {
			report(im, answer->line, (int)i + 1, im->names[i],
			       "not a question of instrument %s", in->code);
			continue;
		}
		cl_error_clear(&row_err);
		if (cl_screening_answer_codes(s, q, answer->text, &row_err)) {
			report(im, answer->line, (int)i + 1, im->names[i], "%s", row_err.message);
			continue;
		}
		if ((o = exclusive_with_others(&in->questions[q], s->answers[q].chosen)) >= 0) {
			report(im, answer->line, (int)i + 1, im->names[i],
			       "answer %s (none of the above) is ticked with other answers",
			       in->questions[q].options[o].code);
			continue;
		}
		answered++;
	}
	if (declined && answered)
		report(im, rec->line, im->fixed[COL_DECLINED] + 1, "declined",
		       "a declined screening has no answers");
	else if (!declined && !answered && im->counts.errors == errors)
		report(im, rec->line, 0, "",
		       "no answers (if the patient declined, say so in a "
		       "\"declined\" column)");
	if (im->counts.errors != errors)
		goto out;
	if ((rc = already_saved(im->db, s, &saved, err)))
		goto out;
	if (saved) {
		report(im, rec->line, im->fixed[COL_DATE] + 1, "date",
		       "this patient already has a screening with this instrument on this date");
		goto out;
	}
	cl_error_clear(&row_err);
	rc = cl_screening_save_in(im->db, s, declined, CL_AUDIT_IMPORT, &row_err);
	if (rc == CL_EINVAL) {
		report(im, rec->line, 0, "", "%s", row_err.message);
		rc = CL_OK;
	} else if (rc) {
		if (err)
			*err = row_err;
	} else {
		im->counts.saved++;
	}
out:
	cl_screening_free(s);
	return rc;
}

/* import_row, counting the row as bad when it reported anything. */
static int check_row(struct import *im, const struct cl_csv_record *rec, struct cl_error *err)
{
	long errors = im->counts.errors;
	int rc = import_row(im, rec, err);

	if (im->counts.errors != errors && rec->count == im->ncols)
		im->counts.bad_rows++;
	return rc;
}

int cl_screening_import_stream(struct cl_db *db, FILE *in, bool dry_run,
			       cl_screening_import_error_fn on_error, void *arg,
			       struct cl_screening_import_result *res, struct cl_error *err)
{
	struct import im = { .db = db,
			     .on_error = on_error,
			     .arg = arg,
			     .counts = { .outcome = CL_IMPORT_FAILED } };
	struct cl_csv_reader *reader = NULL;
	const struct cl_csv_record *rec;
	struct cl_error csv_err = { 0 };
	bool began = false;
	size_t i;
	int rc;

	if ((rc = cl_csv_open_stream(in, &reader, err)))
		goto out;
	if ((rc = cl_csv_next(reader, &rec, &csv_err)))
		goto bad_csv;
	if (!rec) {
		report(&im, 1, 0, "", "the file is empty (no header row)");
		im.counts.outcome = CL_IMPORT_BAD_HEADER;
		goto out;
	}
	if ((rc = read_header(&im, rec, err)))
		goto out;
	if (im.counts.errors) {
		im.counts.outcome = CL_IMPORT_BAD_HEADER;
		goto out;
	}
	if ((rc = cl_db_begin(db, err)))
		goto out;
	began = true;
	for (;;) {
		if ((rc = cl_csv_next(reader, &rec, &csv_err)))
			goto bad_csv;
		if (!rec)
			break;
		if ((rc = check_row(&im, rec, err)))
			goto out;
	}
	if (im.counts.errors) {
		im.counts.outcome = CL_IMPORT_BAD_ROWS;
		goto out; /* rolled back below */
	}
	if (dry_run) {
		im.counts.outcome = CL_IMPORT_DONE;
		goto out;
	}
	began = false;
	if (!(rc = cl_db_commit(db, err)))
		im.counts.outcome = CL_IMPORT_DONE;
	goto out;
bad_csv:
	if (rc == CL_EINVAL) {
		/* The reader's message already says "line L, column C: …". */
		if (!im.counts.errors)
			im.first = csv_err;
		im.counts.errors++;
		if (on_error)
			on_error(&csv_err, arg);
		im.counts.outcome = CL_IMPORT_BAD_CSV;
		rc = CL_OK;
	} else if (err) {
		*err = csv_err;
	}
out:
	if (began)
		cl_db_rollback(db);
	if (rc == CL_OK && im.counts.errors) {
		rc = CL_EINVAL;
		if (err)
			*err = im.first;
	}
	if (rc)
		im.counts.saved = 0;
	if (rc && rc != CL_EINVAL)
		im.counts.outcome = CL_IMPORT_FAILED; /* never mistaken for a bad file */
	if (res)
		*res = im.counts;
	for (i = 0; im.names && i < im.ncols; i++)
		free(im.names[i]);
	free(im.names);
	for (int k = 0; k < im.ninstruments; k++)
		cl_instrument_free(im.instruments[k]);
	cl_csv_close(reader);
	return rc;
}

int cl_screening_import(struct cl_db *db, const char *path, bool dry_run,
			cl_screening_import_error_fn on_error, void *arg,
			struct cl_screening_import_result *res, struct cl_error *err)
{
	FILE *in;
	int rc;

	if (res) {
		memset(res, 0, sizeof(*res));
		res->outcome = CL_IMPORT_FAILED;
	}
	if (strcmp(path, "-") == 0)
		return cl_screening_import_stream(db, stdin, dry_run, on_error, arg, res, err);
	if (!(in = fopen(path, "rb")))
		return cl_error_set(err, CL_ENOTFOUND, "cannot open the file");
	rc = cl_screening_import_stream(db, in, dry_run, on_error, arg, res, err);
	fclose(in);
	return rc;
}

int cl_screening_import_csv(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			    struct cl_import_result *res, struct cl_error *err)
{
	struct cl_screening_import_result counts = { 0 };
	int rc;

	if (res)
		memset(res, 0, sizeof(*res));
	if (res)
		res->outcome = CL_IMPORT_FAILED;
	if (opt && opt->skip_bad)
		return cl_error_set(err, CL_EINVAL,
				    "screenings are imported all or nothing: --skip-bad is not "
				    "supported");
	rc = cl_screening_import(db, path, opt && opt->dry_run, opt ? opt->bad_row : NULL,
				 opt ? opt->arg : NULL, &counts, err);
	if (res) {
		res->rows = counts.rows;
		res->imported = counts.saved;
		res->rejected = counts.bad_rows; /* a bad header or bad CSV is no row's fault */
		res->problems = counts.errors;
		res->outcome = rc && rc != CL_EINVAL ? CL_IMPORT_FAILED : counts.outcome;
	}
	return rc;
}
