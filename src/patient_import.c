/*
 * The panel import (declared in patient_import.h): the patient fields as CSV columns under
 * the names EHR exports give them, rows matched to patients by MRN, the changes told field
 * by field, and the patients absent from a whole panel marked inactive.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "patient.h"
#include "patient_import.h"
#include "text.h"

/* ---- the columns ---- */

/*
 * The other names of each field, as EHR and practice-management exports write them; a
 * header name is compared once folded (ASCII letters and digits only, lower case): "Date of
 * Birth", "DATE_OF_BIRTH" and "date-of-birth" are all "dateofbirth". The manual's table is
 * this one.
 */
static const struct column_names {
	const char *key;
	const char *const names[12];
} column_names[] = {
	{ "mrn",
	  { "MRN", "Medical Record Number", "Med Rec No", "Patient ID", "Patient MRN",
	    "Patient Number", "Chart Number", NULL } },
	{ "given_name",
	  { "First Name", "Given Name", "Patient First Name", "FName", "First", NULL } },
	{ "family_name",
	  { "Last Name", "Family Name", "Patient Last Name", "Surname", "LName", "Last", NULL } },
	{ "pronouns", { "Preferred Pronouns", "Patient Pronouns", NULL } },
	{ "birth_date",
	  { "DOB", "Date of Birth", "Birth Date", "Birthdate", "Patient DOB", "Birthday", NULL } },
	{ "sex",
	  { "Sex at Birth", "Birth Sex", "Gender", "Patient Sex", "Administrative Sex",
	    "Patient Gender", NULL } },
	{ "language",
	  { "Preferred Language", "Primary Language", "Patient Language", "Lang", NULL } },
	{ "phone",
	  { "Home Phone", "Mobile", "Mobile Phone", "Cell", "Cell Phone", "Phone Number",
	    "Primary Phone", "Patient Phone", "Telephone", NULL } },
	{ "address",
	  { "Street Address", "Address 1", "Address Line 1", "Street", "Home Address",
	    "Patient Address", NULL } },
	{ "city", { "Town", "Patient City", NULL } },
	{ "state", { "State Code", "Patient State", NULL } },
	{ "postal_code", { "ZIP", "ZIP Code", "Postal Code", "Zip5", "Postcode", NULL } },
	{ "payer", { "Payor", "Payer Type", "Primary Payer", "Insurance Type", NULL } },
	{ "risk_tier", { "Risk", "Risk Level", NULL } },
	{ "status", { "Patient Status", NULL } },
	{ "death_date", { "Date of Death", "Deceased Date", "DOD", NULL } },
	{ "care_manager", { "Care Coordinator", NULL } },
};

/* Words other systems write for a choice's code ("F" for female), per field. */
static const struct value_alias {
	const char *key, *text, *code;
} value_aliases[] = {
	{ "sex", "f", "female" },	 { "sex", "m", "male" },
	{ "sex", "u", "unknown" },	 { "sex", "unk", "unknown" },
	{ "sex", "o", "other" },	 { "sex", "x", "other" },
	{ "sex", "woman", "female" },	 { "sex", "man", "male" },
	{ "language", "eng", "en" },	 { "language", "spa", "es" },
	{ "language", "english", "en" }, { "language", "spanish", "es" },
};

static bool same_folded(const char *a, const char *b)
{
	char fa[64], fb[64];

	cl_text_fold(a, fa, sizeof(fa));
	cl_text_fold(b, fb, sizeof(fb));
	return fa[0] && strcmp(fa, fb) == 0;
}

const char *cl_patient_import_column(const char *name)
{
	const struct cl_field *f;

	if (!name || strlen(name) > 60)
		return NULL;
	for (f = cl_patient_fields; f->key; f++)
		if (same_folded(f->key, name))
			return f->key;
	for (size_t i = 0; i < sizeof(column_names) / sizeof(column_names[0]); i++)
		for (const char *const *n = column_names[i].names; *n; n++)
			if (same_folded(*n, name))
				return column_names[i].key;
	return NULL;
}

const char *const *cl_patient_import_aliases(const char *key)
{
	for (size_t i = 0; key && i < sizeof(column_names) / sizeof(column_names[0]); i++)
		if (strcmp(column_names[i].key, key) == 0)
			return column_names[i].names;
	return NULL;
}

/* ---- the MRNs of the file ---- */

/* An open-addressing set of the file's MRNs, each with the line of its row. */
struct mrn_set {
	struct seen {
		char *mrn; /* NULL: a free slot */
		long line;
	} * slots;
	size_t size, used; /* size a power of two */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static struct seen *mrn_slot(const struct mrn_set *set, const char *mrn)
{
	size_t i = hash(mrn) & (set->size - 1);

	while (set->slots[i].mrn && strcmp(set->slots[i].mrn, mrn) != 0)
		i = (i + 1) & (set->size - 1);
	return &set->slots[i];
}

/* The line of mrn in the set, or 0. */
static long mrn_line(const struct mrn_set *set, const char *mrn)
{
	return set->size ? mrn_slot(set, mrn)->line : 0;
}

/* Add mrn at line (not in the set yet). CL_ENOMEM or 0. */
static int mrn_add(struct mrn_set *set, const char *mrn, long line)
{
	struct seen *slot;

	if ((set->used + 1) * 2 > set->size) {
		struct mrn_set bigger = { calloc(set->size ? set->size * 2 : 1024,
						 sizeof(*set->slots)),
					  set->size ? set->size * 2 : 1024, set->used };

		if (!bigger.slots)
			return CL_ENOMEM;
		for (size_t i = 0; i < set->size; i++)
			if (set->slots[i].mrn)
				*mrn_slot(&bigger, set->slots[i].mrn) = set->slots[i];
		free(set->slots);
		*set = bigger;
	}
	slot = mrn_slot(set, mrn);
	if (!(slot->mrn = strdup(mrn)))
		return CL_ENOMEM;
	slot->line = line;
	set->used++;
	return CL_OK;
}

static void mrn_set_free(struct mrn_set *set)
{
	for (size_t i = 0; i < set->size; i++)
		free(set->slots[i].mrn);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

/* ---- a row ---- */

/* The columns: the field table's keys, in its order. */
#define MAX_COLUMNS 32
static const char *columns[MAX_COLUMNS];
static const char *const required[] = { "mrn", "given_name", "family_name", "birth_date", NULL };

/* One import under way. */
struct panel {
	struct cl_db *db;
	const struct cl_panel_options *opt;
	struct cl_panel_result counts;
	struct mrn_set seen;
	char today[CL_DATE_LEN];
	long rows;
	long staged; /* patients staged since the last flush (cl_patient_stage) */
};

/* Patients staged before they are written (cl_patient_stage_flush) in one statement. */
#define STAGE_BATCH 5000

/* One row being checked. */
struct checked_row {
	struct panel *panel;
	const struct cl_import_row *row;
	int problems;
};

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

/* A field's error (from the field engine: its label, never the value) as the row's problem. */
static void field_problem(struct checked_row *c, const struct cl_error *e)
{
	c->row->problem(c->row, e);
	c->problems++;
}

/* text trimmed into buf; false when it does not fit. */
static bool trimmed(const char *text, char *buf, size_t size)
{
	size_t len;

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

/* A field that always has a value, so that an empty cell keeps the one it has. */
static bool never_empty(const struct cl_field *f)
{
	return f->kind == CL_FIELD_ENUM || (f->kind == CL_FIELD_CHOICE && f->required);
}

/* The code other systems' word text stands for in field key (value_aliases), or text. */
static const char *value_code(const char *key, const char *text)
{
	for (size_t i = 0; i < sizeof(value_aliases) / sizeof(value_aliases[0]); i++)
		if (strcmp(value_aliases[i].key, key) == 0 &&
		    cl_text_ascii_ieq(value_aliases[i].text, text))
			return value_aliases[i].code;
	if (strcmp(key, "language") == 0)
		for (int i = 0; cl_language_codes[i]; i++)
			if (cl_text_ascii_ieq(cl_language_name(cl_language_codes[i]), text))
				return cl_language_codes[i];
	return text;
}

/* Set field j of p from its cell (a column of the file); a bad cell is the row's problem. */
static int set_field(struct checked_row *c, struct cl_patient *p, size_t j, struct cl_error *err)
{
	const struct cl_field *f = &cl_patient_fields[j];
	struct cl_error why = { 0 };
	char text[1024], date[CL_DATE_LEN];
	const char *value = text;
	int rc;

	if (!trimmed(c->row->values[j], text, sizeof(text))) {
		problem(c, f->key, "%s is too long", f->label);
		return CL_OK;
	}
	if (!text[0] && never_empty(f))
		return CL_OK;
	if (text[0] && f->kind == CL_FIELD_DATE) {
		if (cl_date_parse_file(text, c->panel->today, cl_date_window_of(f->key), date,
				       NULL)) {
			problem(c, f->key,
				"%s is not a date (YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY or M/D/YY)",
				f->label);
			return CL_OK;
		}
		value = date;
	} else if (text[0] && f->choices) {
		value = value_code(f->key, text);
	}
	rc = cl_field_set(cl_patient_fields, p, f->key, value, &why);
	if (rc == CL_EINVAL)
		field_problem(c, &why);
	else if (rc && err)
		*err = why;
	return rc == CL_EINVAL ? CL_OK : rc;
}

/*
 * The row's MRN, canonical, into mrn ("" when bad: reported); a second row with an MRN is
 * reported with the line of the first.
 */
static int read_mrn(struct checked_row *c, char mrn[32], struct cl_error *err)
{
	struct cl_patient scratch = { 0 };
	struct cl_error why = { 0 };
	long first;
	int rc = cl_field_set(cl_patient_fields, &scratch, "mrn", c->row->values[0], &why);

	mrn[0] = '\0';
	if (rc == CL_EINVAL) {
		field_problem(c, &why);
		return CL_OK;
	}
	if (rc) {
		if (err)
			*err = why;
		return rc;
	}
	if ((first = mrn_line(&c->panel->seen, scratch.mrn))) {
		problem(c, "mrn", "the same MRN as line %ld", first);
		return CL_OK;
	}
	if (mrn_add(&c->panel->seen, scratch.mrn, c->row->line))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	snprintf(mrn, 32, "%s", scratch.mrn);
	return CL_OK;
}

/* Each field that differs between before and after, told when tell; the number that do. */
static int tell_changes(const struct panel *panel, long line, const struct cl_patient *before,
			const struct cl_patient *after, bool tell)
{
	char old[1024], new[1024];
	int n = 0;

	for (const struct cl_field *f = cl_patient_fields; f->key; f++) {
		cl_field_get(cl_patient_fields, before, f->key, old, sizeof(old));
		cl_field_get(cl_patient_fields, after, f->key, new, sizeof(new));
		if (strcmp(old, new) == 0)
			continue;
		n++;
		if (tell && panel->opt->changed) {
			const struct cl_patient_change change = {
				line, after->mrn, f->key, f->label, old, new,
			};

			panel->opt->changed(&change, panel->opt->arg);
		}
	}
	return n;
}

/* A new patient p that may duplicate one in the registry: counted and told, still added. */
static int warn_duplicate(struct checked_row *c, const struct cl_patient *p, struct cl_error *err)
{
	struct panel *panel = c->panel;
	struct cl_duplicate other;
	int n, rc = cl_patient_duplicates(panel->db, p, &other, 1, &n, err);

	if (rc || !n)
		return rc;
	panel->counts.duplicates++;
	if (panel->opt->duplicate)
		panel->opt->duplicate(c->row->line, p->mrn, &other, panel->opt->arg);
	return CL_OK;
}

/* Save p (new, or changed from before), counting it; a refused save is the row's problem. */
static int save(struct checked_row *c, struct cl_patient *p, const struct cl_patient *before,
		struct cl_error *err)
{
	struct panel *panel = c->panel;
	struct cl_error why = { 0 };
	bool creating = !before;
	int rc;

	if (!creating && !tell_changes(panel, c->row->line, before, p, false)) {
		panel->counts.unchanged++;
		return CL_OK;
	}
	/* Checked whole (cl_patient_validate) as it is staged: a bad record is the row's. */
	rc = cl_patient_stage(panel->db, p, creating, creating ? CL_AUDIT_IMPORT : CL_AUDIT_UPDATE,
			      &why);
	if (!rc && ++panel->staged == STAGE_BATCH) {
		panel->staged = 0;
		rc = cl_patient_stage_flush(panel->db, &why);
		if (rc == CL_EINVAL || rc == CL_EEXIST)
			rc = CL_EIO; /* checked rows the registry refuses: not the row's fault */
	}
	if (rc == CL_EINVAL || rc == CL_EEXIST) {
		field_problem(c, &why);
		return CL_OK;
	}
	if (rc) {
		if (err)
			*err = why;
		return rc;
	}
	if (creating) {
		panel->counts.added++;
		rc = warn_duplicate(c, p, err);
	} else {
		tell_changes(panel, c->row->line, before, p, true);
		panel->counts.updated++;
	}
	return CL_OK;
}

/* cl_import_ops.row: check one patient (every problem reported), then add or update it. */
static int import_patient(struct cl_db *db, const struct cl_import_row *row, void *arg,
			  struct cl_error *err)
{
	struct panel *panel = arg;
	struct checked_row c = { panel, row, 0 };
	struct cl_patient p, before;
	struct cl_error why = { 0 };
	bool found = false;
	char mrn[32];
	int rc;

	if (panel->opt->progress)
		panel->opt->progress(++panel->rows, panel->opt->arg);
	if ((rc = read_mrn(&c, mrn, err)))
		return rc;
	if (mrn[0]) {
		rc = cl_patient_by_mrn(db, mrn, &before, &why);
		if (rc && rc != CL_ENOTFOUND) {
			if (err)
				*err = why;
			return rc;
		}
		found = !rc;
	}
	if (found) {
		p = before;
	} else {
		cl_patient_init(&p, NULL); /* unassigned unless the file says whom */
		snprintf(p.mrn, sizeof(p.mrn), "%s", mrn);
	}
	for (size_t j = 1; columns[j]; j++)
		if (row->values[j] && (rc = set_field(&c, &p, j, err)))
			return rc;
	/* A whole panel: a patient in it is on it (a deceased one stays deceased). */
	if (found && panel->opt->inactivate_missing &&
	    !row->values[cl_field_index(cl_patient_fields, "status")] &&
	    p.status == CL_PATIENT_INACTIVE)
		p.status = CL_PATIENT_ACTIVE;
	if (c.problems)
		return CL_EINVAL;
	return (rc = save(&c, &p, found ? &before : NULL, err)) ? rc
	       : c.problems					? CL_EINVAL
								: CL_OK;
}

/* cl_import_ops.column_alias: the field a header name stands for. */
static int column_alias(const char *name, void *arg)
{
	const char *key = cl_patient_import_column(name);

	(void)arg;
	return key ? cl_field_index(cl_patient_fields, key) : -1;
}

/* cl_import_ops.data_column: a column that is no patient field is told and not imported. */
static int other_column(struct cl_db *db, const struct cl_import_header *header, size_t column,
			void *arg, struct cl_error *err)
{
	struct panel *panel = arg;
	struct cl_error told = { 0 };
	char shown[48], msg[160];

	(void)db;
	(void)err;
	if (panel->opt->ignored_column) {
		cl_text_sanitize(header->names[column], shown, sizeof(shown));
		snprintf(msg, sizeof(msg), "'%s' (column %zu) is not a patient field: not imported",
			 shown, column + 1);
		cl_import_locate(&told, 1, (int)column + 1, "", msg);
		panel->opt->ignored_column(&told, panel->opt->arg);
	}
	return CL_OK;
}

/* The active patients whose MRN is not in the file: ids into *ids (free), count into *n. */
static int missing_patients(struct panel *panel, struct cl_id **ids, long *n, struct cl_error *err)
{
	static const char sql[] =
		"SELECT id, mrn FROM patient WHERE status = 'active' ORDER BY mrn";
	sqlite3_stmt *st = cl_db_stmt(panel->db, sql, err);
	size_t room = 0;
	char mrn[32];
	int step;

	*ids = NULL;
	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_text(st, 1, mrn, sizeof(mrn));
		if (mrn_line(&panel->seen, mrn))
			continue;
		if ((size_t)*n == room) {
			struct cl_id *more =
				realloc(*ids, (room = room ? room * 2 : 256) * sizeof(**ids));

			if (!more) {
				sqlite3_reset(st);
				return cl_error_set(err, CL_ENOMEM, "out of memory");
			}
			*ids = more;
		}
		if (cl_db_column_id(st, 0, &(*ids)[*n])) {
			sqlite3_reset(st);
			return cl_error_set(err, CL_ECORRUPT,
					    "a stored patient has a malformed id");
		}
		(*n)++;
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? CL_OK : cl_db_error(panel->db, err);
}

/*
 * cl_import_ops.finish: the staged patients written; with inactivate_missing, the patients
 * not in the file made inactive.
 */
static int inactivate_missing(struct cl_db *db, const struct cl_import_result *counts, void *arg,
			      struct cl_error *err)
{
	struct panel *panel = arg;
	const struct cl_panel_options *opt = panel->opt;
	struct cl_id *ids = NULL;
	struct cl_patient p, before;
	long n = 0;
	int rc;

	(void)db;
	if ((rc = cl_patient_stage_flush(panel->db, err)))
		return rc == CL_EINVAL || rc == CL_EEXIST ? CL_EIO : rc;
	if (!opt->inactivate_missing)
		return CL_OK;
	if (counts->rejected)
		return cl_error_set(err, CL_EINVAL,
				    "%ld rows are bad: --inactivate-missing needs the whole panel "
				    "(nobody is marked inactive from a partial one)",
				    counts->rejected);
	if ((rc = missing_patients(panel, &ids, &n, err)))
		goto out;
	if (opt->expect_inactivate >= 0 && n != opt->expect_inactivate) {
		rc = cl_error_set(err, CL_ECONFLICT,
				  "%ld patients would be marked inactive, not the %ld confirmed "
				  "(the database changed since): run the import again",
				  n, opt->expect_inactivate);
		goto out;
	}
	for (long i = 0; i < n; i++) {
		if ((rc = cl_patient_get(panel->db, &ids[i], &p, err)))
			goto out;
		before = p;
		p.status = CL_PATIENT_INACTIVE;
		if ((rc = cl_patient_save_in(panel->db, &p, false, CL_AUDIT_RETIRE, err)))
			goto out;
		tell_changes(panel, 0, &before, &p, true);
		panel->counts.inactivated++;
	}
out:
	free(ids);
	/* A patient that cannot be saved is the database's problem, not the file's. */
	return rc == CL_EINVAL ? CL_EIO : rc;
}

/*
 * A whole panel is one transaction: with SQLite's default 2 MiB page cache its pages spilled
 * to the -wal file and were read back, four writes and three reads a row (measured at
 * 20,000 rows). A larger cache for the run costs that much memory while importing.
 */
#define IMPORT_CACHE_KIB 65536

static long cache_grow(struct cl_db *db)
{
	sqlite3_stmt *st;
	long old = 0;
	char sql[64];

	if (sqlite3_prepare_v2(cl_db_sqlite(db), "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		old = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (old >= 0 || -old < IMPORT_CACHE_KIB) {
		snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
		sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, NULL);
	}
	return old;
}

static void cache_restore(struct cl_db *db, long old)
{
	char sql[64];

	if (old == 0)
		return;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %ld", old);
	sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, NULL);
}

int cl_patient_import(struct cl_db *db, const char *path, const struct cl_panel_options *opt,
		      struct cl_panel_result *res, struct cl_error *err)
{
	long cache;
	struct panel panel = { .db = db, .opt = opt };
	const struct cl_import_ops ops = {
		.what = "patients",
		.columns = columns,
		.required = required,
		.row = import_patient,
		.data_column = other_column,
		.column_alias = column_alias,
		.atomic_rows = true, /* checked whole before cl_patient_save_in writes */
		.finish = inactivate_missing,
		.arg = &panel,
	};
	int rc;

	if (res)
		memset(res, 0, sizeof(*res));
	if (!columns[0] &&
	    cl_field_keys(cl_patient_fields, columns, sizeof(columns) / sizeof(columns[0])))
		return cl_error_set(err, CL_EINVAL, "too many patient fields to import");
	if (opt->today && cl_date_valid(opt->today))
		snprintf(panel.today, sizeof(panel.today), "%s", opt->today);
	else
		cl_date_today(panel.today);
	cache = cache_grow(db);
	rc = cl_import_csv(db, path, &ops, &opt->import, &panel.counts.rows, err);
	cache_restore(db, cache);
	if (res) {
		*res = panel.counts;
		if (rc)
			res->added = res->updated = res->unchanged = res->inactivated =
				res->duplicates = 0;
	}
	mrn_set_free(&panel.seen);
	return rc;
}

int cl_patient_import_csv(struct cl_db *db, const char *path, const struct cl_import_options *opt,
			  struct cl_import_result *res, struct cl_error *err)
{
	struct cl_panel_options panel = { .expect_inactivate = -1 };
	struct cl_panel_result counts;
	int rc;

	if (opt)
		panel.import = *opt;
	rc = cl_patient_import(db, path, &panel, &counts, err);
	if (res)
		*res = counts.rows;
	return rc;
}
