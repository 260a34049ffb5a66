#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "patient.h"
#include "screening.h"
#include "screening_import.h"

/* Instruments one file may name (a ninth code is told as unknown; one exists today). */
#define MAX_INSTRUMENTS 8

/*
 * The columns every screening may have; every other column names a question. The last two
 * are those of `export csv screenings` (export_csv.c): a screening entered in error.
 */
enum column {
	COL_MRN,
	COL_DATE,
	COL_INSTRUMENT,
	COL_DECLINED,
	COL_LANGUAGE,
	COL_ERROR,
	COL_ERROR_AT
};
static const char *const columns[] = { "mrn",
				       "date",
				       "instrument",
				       "declined",
				       "language",
				       "entered_in_error",
				       "entered_in_error_at",
				       NULL };
static const char *const required[] = { "mrn", "date", "instrument", NULL };

/* One import: the instruments its rows name, each loaded once. */
struct screening_import {
	struct cl_instrument *instruments[MAX_INSTRUMENTS];
	int ninstruments;
};

/* One row being checked: the import's row and how many problems it reported. */
struct checked_row {
	struct cl_db *db;
	struct screening_import *im;
	const struct cl_import_row *row;
	int problems;
};

/* What a row's columns other than the questions say, once checked. */
struct form {
	struct cl_patient patient; /* when found */
	bool found;
	char date[CL_DATE_LEN];
	struct cl_instrument *instrument; /* NULL when unknown */
	bool declined;
	char language[8];
};

/* Report a problem of the row at column field ("": the whole row), never with a cell's value. */
static void problem(struct checked_row *c, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct checked_row *c, const char *field, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cl_import_problem(c->row, field, msg);
	c->problems++;
}

static bool blank(const char *text)
{
	return !text || !text[strspn(text, " \t\r\n")];
}

/* Column col's cell, trimmed, into buf ("" when the file has no such column); false if too long. */
static bool cell(const struct checked_row *c, enum column col, char *buf, size_t size)
{
	const char *text = c->row->values[col];
	size_t len;

	buf[0] = '\0';
	if (!text)
		return true;
	text += strspn(text, " \t\r\n");
	len = strlen(text);
	while (len && strchr(" \t\r\n", text[len - 1]))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

/* ---- the header: columns named by the data ---- */

/*
 * cl_import_ops.data_column: a column is a question of some instrument, by its code or
 * "q<N>", and no other column names the same question (a row would hold two answers to it).
 */
static int question_column(struct cl_db *db, const struct cl_import_header *header, size_t column,
			   void *arg, struct cl_error *err)
{
	const char *name = header->names[column];
	char letters[8];
	bool yes;
	int rc;

	(void)arg;
	if ((rc = cl_instrument_is_question(db, name, &yes, err)))
		return rc;
	if (!yes)
		return cl_error_set(err, CL_ENOTFOUND, "not a question of any instrument");
	for (size_t j = 0; j < column; j++) {
		if (!header->by_data[j])
			continue;
		if ((rc = cl_instrument_same_question(db, header->names[j], name, &yes, err)))
			return rc;
		if (yes) {
			cl_import_column_letters((int)j + 1, letters);
			return cl_error_set(err, CL_EINVAL, "the same question as column %s (%s)",
					    letters, header->names[j]);
		}
	}
	return CL_OK;
}

/* ---- a row: who, when, which instrument ---- */

static int find_patient(struct checked_row *c, struct form *form, struct cl_error *err)
{
	struct cl_error why = { 0 };
	char mrn[64];
	bool fits = cell(c, COL_MRN, mrn, sizeof(mrn));
	int rc;

	if (!fits || !mrn[0]) {
		problem(c, "mrn", fits ? "is empty" : "is too long");
		return CL_OK;
	}
	rc = cl_patient_by_mrn(c->db, mrn, &form->patient, &why);
	if (rc == CL_ENOTFOUND)
		problem(c, "mrn", "no patient with this MRN");
	else if (rc && err)
		*err = why;
	form->found = !rc;
	return rc == CL_ENOTFOUND ? CL_OK : rc;
}

static void check_date(struct checked_row *c, struct form *form)
{
	char text[32], today[CL_DATE_LEN];

	cl_date_today(today);
	if (!cell(c, COL_DATE, text, sizeof(text)) || cl_date_parse(text, form->date, NULL))
		problem(c, "date", "must be a real date as YYYY-MM-DD or MM/DD/YYYY");
	else if (strcmp(form->date, today) > 0)
		problem(c, "date", "is in the future");
}

/* The instrument with this code, loaded once per import; NULL (with 0) when unknown. */
static int load_instrument(struct screening_import *im, struct cl_db *db, const char *code,
			   struct cl_instrument **out, struct cl_error *err)
{
	struct cl_error why = { 0 };
	int rc;

	*out = NULL;
	for (int i = 0; i < im->ninstruments; i++) {
		if (strcmp(im->instruments[i]->code, code) == 0) {
			*out = im->instruments[i];
			return CL_OK;
		}
	}
	if (im->ninstruments == MAX_INSTRUMENTS)
		return CL_OK;
	rc = cl_instrument_load(db, code, out, &why);
	if (rc == CL_ENOTFOUND || rc == CL_EINVAL)
		return CL_OK;
	if (rc) {
		if (err)
			*err = why;
		return rc;
	}
	im->instruments[im->ninstruments++] = *out;
	return CL_OK;
}

static int find_instrument(struct checked_row *c, struct form *form, struct cl_error *err)
{
	char code[CL_CODE_LEN];
	int rc;

	if (cell(c, COL_INSTRUMENT, code, sizeof(code)) && code[0] &&
	    (rc = load_instrument(c->im, c->db, code, &form->instrument, err)))
		return rc;
	if (!form->instrument)
		problem(c, "instrument", "unknown instrument code");
	return CL_OK;
}

/* Is text (lower case) one of the words? */
static bool one_of(const char *const *words, const char *text)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(words[i], text) == 0)
			return true;
	return false;
}

static void check_declined(struct checked_row *c, struct form *form)
{
	static const char *const yes[] = { "yes", "y", "true", "1", "x", NULL };
	static const char *const no[] = { "", "no", "n", "false", "0", NULL };
	char flag[16];

	if (!cell(c, COL_DECLINED, flag, sizeof(flag)))
		snprintf(flag, sizeof(flag), "?");
	for (char *p = flag; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	form->declined = one_of(yes, flag);
	if (!form->declined && !one_of(no, flag))
		problem(c, "declined", "must be yes or no");
}

static void check_language(struct checked_row *c, struct form *form)
{
	const char *lang = form->language;

	if (!cell(c, COL_LANGUAGE, form->language, sizeof(form->language)) ||
	    (lang[0] && strcmp(lang, "en") != 0 && strcmp(lang, "es") != 0))
		problem(c, "language", "must be en or es");
}

/* A screening entered in error where it came from is no screening to keep. */
static void check_not_in_error(struct checked_row *c)
{
	char reason[32], at[32];

	if (!cell(c, COL_ERROR, reason, sizeof(reason)) || reason[0])
		problem(c, "entered_in_error",
			"was entered in error at its source: it is not imported");
	else if (!cell(c, COL_ERROR_AT, at, sizeof(at)) || at[0])
		problem(c, "entered_in_error_at",
			"was entered in error at its source: it is not imported");
}

/* The columns other than the questions, each checked (every problem reported). */
static int read_form(struct checked_row *c, struct form *form, struct cl_error *err)
{
	int rc;

	memset(form, 0, sizeof(*form));
	if ((rc = find_patient(c, form, err)))
		return rc;
	check_date(c, form);
	if ((rc = find_instrument(c, form, err)))
		return rc;
	check_declined(c, form);
	check_language(c, form);
	check_not_in_error(c);
	return CL_OK;
}

/* ---- a row: the answers ---- */

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

/* Answer s from the question columns; *answered counts the questions answered. */
static int read_answers(struct checked_row *c, struct cl_screening *s, int *answered,
			struct cl_error *err)
{
	const struct cl_import_row *row = c->row;
	const struct cl_instrument *in = s->instrument;

	*answered = 0;
	for (size_t k = 0; k < row->ndata; k++) {
		const char *name = row->data_names[k];
		struct cl_error why = { 0 };
		int q, o, rc;

		if (blank(row->data_values[k]))
			continue;
		if ((q = cl_instrument_question(in, name)) < 0) {
			problem(c, name, "not a question of instrument %s", in->code);
			continue;
		}
		rc = cl_screening_answer_codes(s, q, row->data_values[k], &why);
		if (rc && rc != CL_EINVAL) {
			if (err)
				*err = why;
			return rc;
		}
		if (rc) {
			problem(c, name, "%s", why.message);
			continue;
		}
		if ((o = exclusive_with_others(&in->questions[q], s->answers[q].chosen)) >= 0) {
			problem(c, name,
				"answer %s (none of the above) is ticked with other answers",
				in->questions[q].options[o].code);
			continue;
		}
		(*answered)++;
	}
	return CL_OK;
}

/* ---- a row: saved ---- */

/* Save s unless the patient has it already (a file imported twice adds nothing). */
static int save(struct checked_row *c, struct cl_screening *s, bool declined, struct cl_error *err)
{
	struct cl_error why = { 0 };
	bool saved;
	int rc;

	if ((rc = cl_screening_exists(c->db, &s->patient_id, &s->instrument->id, s->screened_on,
				      &saved, err)))
		return rc;
	if (saved) {
		problem(c, "date",
			"this patient already has a screening with this instrument on this date");
		return CL_OK;
	}
	rc = cl_screening_save_in(c->db, s, declined, CL_AUDIT_IMPORT, &why);
	if (rc == CL_EINVAL)
		problem(c, "", "%s", why.message);
	else if (rc && err)
		*err = why;
	return rc == CL_EINVAL ? CL_OK : rc;
}

/* cl_import_ops.row: check one screening (every problem reported) and save it. */
static int import_screening(struct cl_db *db, const struct cl_import_row *row, void *arg,
			    struct cl_error *err)
{
	struct checked_row c = { db, arg, row, 0 };
	struct cl_screening *s = NULL;
	struct form form;
	int rc, answered;

	if ((rc = read_form(&c, &form, err)))
		return rc;
	if (!form.instrument || !form.found)
		return CL_EINVAL; /* the answers cannot be checked without both */
	if ((rc = cl_screening_new(form.instrument, &form.patient.id, &s, err)))
		return rc;
	snprintf(s->screened_on, sizeof(s->screened_on), "%s", form.date);
	s->source = CL_SCREENING_FROM_IMPORT;
	s->language = cl_lang_for(form.language);
	if ((rc = read_answers(&c, s, &answered, err)))
		goto out;
	if (form.declined && answered)
		problem(&c, "declined", "a declined screening has no answers");
	else if (!form.declined && !answered && !c.problems)
		problem(&c, "",
			"no answers (if the patient declined, say so in a \"declined\" column)");
	if (!c.problems)
		rc = save(&c, s, form.declined, err);
out:
	cl_screening_free(s);
	return rc ? rc : c.problems ? CL_EINVAL : CL_OK;
}

int cl_screening_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			struct cl_import_result *res, struct cl_error *err)
{
	struct screening_import im = { 0 };
	const struct cl_import_ops ops = {
		.what = "screenings",
		.columns = columns,
		.required = required,
		.row = import_screening,
		.data_column = question_column,
		.arg = &im,
	};
	int rc = cl_import_csv(db, path, &ops, opt, res, err);

	for (int i = 0; i < im.ninstruments; i++)
		cl_instrument_free(im.instruments[i]);
	return rc;
}
