/* Hospital and ED events from HL7 v2 ADT messages or an HIE portal's CSV: see event_import.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "event_import.h"
#include "hl7.h"
#include "patient.h"
#include "risk.h"
#include "text.h"

/* A file larger than this is refused (an ADT feed's day is a few megabytes). */
#define MAX_FILE_BYTES (256L * 1024 * 1024)

const struct cl_event_csv_column cl_event_csv_columns[] = {
	{ "mrn", "MRN, Patient MRN, Medical Record Number, Patient ID, Record Number" },
	{ "type", "Event Type, Event, Type, Encounter Type, Visit Type, Notification Type" },
	{ "date", "Event Date, Event Date/Time, Event DateTime, Date, Date/Time, Encounter Date, "
		  "Visit Date, Admit Date, Discharge Date" },
	{ "time", "Event Time, Time" },
	{ "facility", "Facility, Facility Name, Hospital, Location, Sending Facility" },
	{ "reason", "Reason, Diagnosis, Reason/Diagnosis, Chief Complaint, Reason for Visit, Dx, "
		    "Admit Reason, Diagnosis Description" },
	{ "id", "Encounter ID, Event ID, Visit ID, Notification ID, Message ID, Control ID" },
	{ NULL, NULL },
};
enum csv_column { COL_MRN, COL_TYPE, COL_DATE, COL_TIME, COL_FACILITY, COL_REASON, COL_ID, NCOL };

/* What an event type cell says, letters and digits only, lower case. */
static const struct {
	const char *word;
	enum cl_event_kind kind;
} type_words[] = {
	{ "ed", CL_EVENT_ED_VISIT },
	{ "er", CL_EVENT_ED_VISIT },
	{ "e", CL_EVENT_ED_VISIT },
	{ "emergency", CL_EVENT_ED_VISIT },
	{ "emergencydepartment", CL_EVENT_ED_VISIT },
	{ "emergencyroom", CL_EVENT_ED_VISIT },
	{ "edvisit", CL_EVENT_ED_VISIT },
	{ "ervisit", CL_EVENT_ED_VISIT },
	{ "emergencyvisit", CL_EVENT_ED_VISIT },
	{ "edregistration", CL_EVENT_ED_VISIT },
	{ "eddischarge", CL_EVENT_ED_VISIT },
	{ "erdischarge", CL_EVENT_ED_VISIT },
	{ "emergencydischarge", CL_EVENT_ED_VISIT },
	{ "a04", CL_EVENT_ED_VISIT },
	{ "admit", CL_EVENT_ADMISSION },
	{ "admission", CL_EVENT_ADMISSION },
	{ "admitted", CL_EVENT_ADMISSION },
	{ "inpatient", CL_EVENT_ADMISSION },
	{ "inpatientadmit", CL_EVENT_ADMISSION },
	{ "inpatientadmission", CL_EVENT_ADMISSION },
	{ "ip", CL_EVENT_ADMISSION },
	{ "i", CL_EVENT_ADMISSION },
	{ "a01", CL_EVENT_ADMISSION },
	{ "discharge", CL_EVENT_DISCHARGE },
	{ "discharged", CL_EVENT_DISCHARGE },
	{ "inpatientdischarge", CL_EVENT_DISCHARGE },
	{ "hospitaldischarge", CL_EVENT_DISCHARGE },
	{ "d", CL_EVENT_DISCHARGE },
	{ "a03", CL_EVENT_DISCHARGE },
};

/* The column (enum csv_column) a header name means, or -1. */
static int column_of(const char *name)
{
	char want[64], alias[64];

	cl_text_fold(name, want, sizeof(want));
	if (!want[0])
		return -1;
	for (int c = 0; cl_event_csv_columns[c].column; c++) {
		const char *a = cl_event_csv_columns[c].aliases;

		while (*a) {
			size_t len = strcspn(a, ",");
			char one[64];

			snprintf(one, sizeof(one), "%.*s", (int)(len < 63 ? len : 63), a);
			cl_text_fold(one, alias, sizeof(alias));
			if (strcmp(alias, want) == 0)
				return c;
			a += len;
			a += strspn(a, ", ");
		}
	}
	return -1;
}

/* One import's state, for either format. */
struct run {
	struct cl_db *db;
	const struct cl_event_import_options *opt;
	struct cl_event_import_result *res;
	long bad;	   /* bad records (each may have had several problems) */
	long stored;	   /* stored in this transaction */
	bool columns_told; /* CSV: a missing column was told once */
};

/* ---- the event's date and time ---- */

/*
 * "YYYYMMDD[HHMM[SS[.S]]][+/-ZZZZ]" (HL7 DTM) into date and time ("" when absent). The
 * offset is dropped: the time is the sender's local time, as a person there would say it.
 */
static bool hl7_datetime(const char *text, char date[CL_DATE_LEN], char time[6])
{
	char ymd[16];

	time[0] = '\0';
	if (strlen(text) < 8 || strspn(text, "0123456789") < 8)
		return false;
	snprintf(ymd, sizeof(ymd), "%.4s-%.2s-%.2s", text, text + 4, text + 6);
	if (!cl_date_valid(ymd))
		return false;
	memcpy(date, ymd, CL_DATE_LEN);
	if (strspn(text + 8, "0123456789") >= 4) {
		unsigned h = (unsigned)(text[8] - '0') * 10 + (unsigned)(text[9] - '0');
		unsigned m = (unsigned)(text[10] - '0') * 10 + (unsigned)(text[11] - '0');

		if (h < 24 && m < 60)
			snprintf(time, 6, "%02u:%02u", h, m);
	}
	return true;
}

/*
 * A CSV date and time cell: a date as cl_date_parse takes it or YYYYMMDD[HHMM], then
 * optionally a space or T and HH:MM[:SS] with an optional AM/PM.
 */
static bool csv_datetime(const char *text, char date[CL_DATE_LEN], char time[6])
{
	char part[32], rest[32], ampm[8] = "";
	unsigned h, m;
	size_t len;

	time[0] = '\0';
	text += strspn(text, " ");
	len = strcspn(text, " ");
	if (len == strlen(text) && len > 10 && text[10] == 'T')
		len = 10;
	if (len >= sizeof(part))
		return false;
	snprintf(part, sizeof(part), "%.*s", (int)len, text);
	if (strspn(part, "0123456789") == len && len >= 8)
		return hl7_datetime(part, date, time);
	if (cl_date_parse(part, date, NULL))
		return false;
	text += len;
	text += strspn(text, " T");
	if (!*text)
		return true;
	if (strlen(text) >= sizeof(rest))
		return false;
	if (sscanf(text, "%2u:%2u%31s", &h, &m, rest) < 2)
		return false;
	/* ":SS" then maybe " AM" */
	text = strchr(text, ':') + 1;
	text += strspn(text, "0123456789");
	if (*text == ':')
		text += 1 + strspn(text + 1, "0123456789");
	text += strspn(text, " ");
	cl_text_fold(text, ampm, sizeof(ampm));
	if (strcmp(ampm, "pm") == 0 && h >= 1 && h <= 12)
		h = h % 12 + 12;
	else if (strcmp(ampm, "am") == 0 && h >= 1 && h <= 12)
		h %= 12;
	else if (ampm[0] || *text)
		return false;
	if (h > 23 || m > 59)
		return false;
	snprintf(time, 6, "%02u:%02u", h, m);
	return true;
}

/* Copy src into dst (size bytes), cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Store e (the patient known); counts a duplicate. CL_EINVAL: a bad record (err says). */
static int store(struct run *run, struct cl_clinical_event *e, struct cl_error *err)
{
	int rc = cl_event_store(run->db, e, CL_AUDIT_IMPORT, err);

	if (rc == CL_EEXIST) {
		run->res->duplicates++;
		return CL_OK;
	}
	if (!rc) {
		run->stored++;
		run->res->imported++;
	}
	return rc;
}

/* ---- HL7 ---- */

/* One problem of message number n at line: "message N (line L): msg". */
static int message_problem(struct run *run, long n, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int message_problem(struct run *run, long n, long line, const char *fmt, ...)
{
	struct cl_error e = { 0 };
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e.code = CL_EINVAL;
	e.line = line;
	snprintf(e.message, sizeof(e.message), "message %ld (line %ld): %s", n, line, msg);
	if (run->opt && run->opt->base.bad_row)
		run->opt->base.bad_row(&e, run->opt->base.arg);
	return CL_EINVAL;
}

struct hl7_run {
	struct run *run;
	struct cl_error *err;
	int rc; /* a failure that stops the import */
};

static bool get(const struct cl_hl7_message *m, const char *seg, int field, int component,
		char *buf, size_t size)
{
	const struct cl_hl7_segment *s = cl_hl7_segment(m, seg, 1);

	return cl_hl7_get(m, s, field, 1, component, 1, buf, size) && buf[0];
}

/* The patient of PID-3 (see event_import.h); *found false when none matches. */
static int hl7_patient(struct run *run, const struct cl_hl7_message *m, struct cl_id *patient,
		       bool *found, struct cl_error *err)
{
	static const char *const mrn_types[] = { "", "MR", "MRN", "PI", "PT", NULL };
	const struct cl_hl7_segment *pid = cl_hl7_segment(m, "PID", 1);
	int reps = cl_hl7_repetitions(m, pid, 3);

	*found = false;
	for (int r = 1; r <= reps; r++) {
		char id[64], type[16];
		struct cl_error why = { 0 };
		struct cl_patient p;
		bool typed_ok = false;
		int rc;

		if (!cl_hl7_get(m, pid, 3, r, 1, 1, id, sizeof(id)) || !id[0])
			continue;
		cl_hl7_get(m, pid, 3, r, 5, 1, type, sizeof(type));
		for (int t = 0; mrn_types[t]; t++)
			typed_ok = typed_ok || strcmp(type, mrn_types[t]) == 0;
		if (!typed_ok)
			continue;
		rc = cl_patient_by_mrn(run->db, id, &p, &why);
		if (rc == CL_ENOTFOUND || rc == CL_EINVAL)
			continue;
		if (rc) {
			*err = why;
			return rc;
		}
		*patient = p.id;
		*found = true;
		return CL_OK;
	}
	return CL_OK;
}

static int hl7_one(const char *text, size_t len, long line, void *arg)
{
	struct hl7_run *h = arg;
	struct run *run = h->run;
	struct cl_event_import_result *res = run->res;
	struct cl_clinical_event e;
	struct cl_hl7_message *m;
	struct cl_error why = { 0 };
	char type[8], event[8], control[200], app[100], facility[100], when[40], pclass[16];
	long n = ++res->records;
	bool found;
	int rc;

	if (!(m = malloc(sizeof(*m)))) {
		h->rc = cl_error_set(h->err, CL_ENOMEM, "out of memory");
		return h->rc;
	}
	if (cl_hl7_parse(text, len, m, &why)) {
		message_problem(run, n, line + (why.line > 1 ? why.line - 1 : 0), "%s",
				why.message);
		goto bad;
	}
	cl_hl7_get(m, &m->segments[0], 9, 1, 1, 1, type, sizeof(type));
	cl_hl7_get(m, &m->segments[0], 9, 1, 2, 1, event, sizeof(event));
	if (!event[0])
		get(m, "EVN", 1, 1, event, sizeof(event));
	if (!get(m, "MSH", 10, 1, control, sizeof(control))) {
		message_problem(run, n, line, "MSH-10 (message control id) is empty");
		goto bad;
	}
	if (strcmp(type, "ADT") != 0) {
		res->ignored++;
		goto done;
	}
	get(m, "PV1", 2, 1, pclass, sizeof(pclass));
	cl_event_init(&e, NULL);
	if (strcmp(event, "A01") == 0) {
		e.kind = CL_EVENT_ADMISSION;
	} else if (strcmp(event, "A03") == 0) {
		/* An ED patient sent home: the end of an ED visit, owed the ED follow-up. */
		e.kind = strcmp(pclass, "E") == 0 ? CL_EVENT_ED_VISIT : CL_EVENT_DISCHARGE;
	} else if (strcmp(event, "A04") == 0 && strcmp(pclass, "E") == 0) {
		e.kind = CL_EVENT_ED_VISIT;
	} else {
		res->ignored++;
		goto done;
	}
	if (!cl_hl7_segment(m, "PID", 1)) {
		message_problem(run, n, line, "no PID segment");
		goto bad;
	}
	if ((h->rc = hl7_patient(run, m, &e.patient_id, &found, h->err)))
		goto out;
	if (!found) {
		char mrn[64];

		res->unmatched++;
		cl_hl7_get(m, cl_hl7_segment(m, "PID", 1), 3, 1, 1, 1, mrn, sizeof(mrn));
		if (run->opt && run->opt->unmatched)
			run->opt->unmatched(n, line, control, mrn, run->opt->base.arg);
		goto done;
	}
	/* When: the visit's own time, else the event's, else the message's. */
	if (!((e.kind == CL_EVENT_DISCHARGE && get(m, "PV1", 45, 1, when, sizeof(when))) ||
	      (e.kind != CL_EVENT_DISCHARGE && get(m, "PV1", 44, 1, when, sizeof(when))) ||
	      get(m, "EVN", 2, 1, when, sizeof(when)) || get(m, "MSH", 7, 1, when, sizeof(when))) ||
	    !hl7_datetime(when, e.event_date, e.event_time)) {
		message_problem(run, n, line, "no valid event date (PV1-44/45, EVN-2 or MSH-7)");
		goto bad;
	}
	if (!get(m, "PV1", 39, 1, facility, sizeof(facility)) &&
	    !get(m, "PV1", 3, 4, facility, sizeof(facility)))
		get(m, "MSH", 4, 1, facility, sizeof(facility));
	copy_cut(e.facility, sizeof(e.facility), facility);
	if (!get(m, "PV2", 3, 2, e.reason, sizeof(e.reason)) &&
	    !get(m, "PV2", 3, 1, e.reason, sizeof(e.reason)) &&
	    !get(m, "DG1", 4, 1, e.reason, sizeof(e.reason)) &&
	    !get(m, "DG1", 3, 2, e.reason, sizeof(e.reason)))
		get(m, "DG1", 3, 1, e.reason, sizeof(e.reason));
	copy_cut(e.patient_class, sizeof(e.patient_class), pclass);
	get(m, "PV1", 36, 1, e.disposition, sizeof(e.disposition));
	e.source = CL_EVENT_FROM_HL7;
	get(m, "MSH", 3, 1, app, sizeof(app));
	get(m, "MSH", 4, 1, facility, sizeof(facility));
	snprintf(e.source_sender, sizeof(e.source_sender), "%s^%s", app, facility);
	copy_cut(e.source_key, sizeof(e.source_key), control);
	memset(&why, 0, sizeof(why));
	rc = store(run, &e, &why);
	if (rc == CL_EINVAL) {
		message_problem(run, n, line, "%s", why.message);
		goto bad;
	}
	if (rc) {
		*h->err = why;
		h->rc = rc;
	}
	goto out;
bad:
	run->bad++;
	res->rejected++;
done:
out:
	free(m);
	return h->rc;
}

static int import_hl7(struct run *run, const char *data, size_t len, struct cl_error *err)
{
	struct hl7_run h = { run, err, CL_OK };

	run->res->hl7 = true;
	cl_hl7_split(data, len, hl7_one, &h);
	return h.rc;
}

/* ---- CSV, on the import engine ---- */

/* The cell of column c in this row, trimmed into buf; "" when absent. False when too long. */
static bool csv_cell(const struct cl_import_row *row, int c, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < row->ndata; i++) {
		const char *text = row->data_values[i];
		size_t len;

		if (column_of(row->data_names[i]) != c || !text)
			continue;
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
	return true;
}

static bool csv_has(const struct cl_import_row *row, int c)
{
	for (size_t i = 0; i < row->ndata; i++)
		if (column_of(row->data_names[i]) == c)
			return true;
	return false;
}

/* The header's name of column c in this file (for "line 2, column C (Event Type)"). */
static const char *csv_name(const struct cl_import_row *row, int c)
{
	for (size_t i = 0; i < row->ndata; i++)
		if (column_of(row->data_names[i]) == c)
			return row->data_names[i];
	return cl_event_csv_columns[c].column;
}

/* Every column is the data's: an alias of one of ours, or one this import ignores. */
static int csv_column(struct cl_db *db, const struct cl_import_header *header, size_t column,
		      void *arg, struct cl_error *err)
{
	static const enum csv_column need[] = { COL_MRN, COL_TYPE, COL_DATE };

	(void)db;
	(void)arg;
	if (column + 1 < header->count)
		return CL_OK;
	/* The last column: are the ones every event needs there? */
	for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++) {
		bool seen = false;

		for (size_t i = 0; i < header->count; i++)
			seen = seen || (int)need[k] == column_of(header->names[i]);
		if (!seen)
			return cl_error_set(err, CL_EINVAL,
					    "the header has no %s column (one of: %s)",
					    cl_event_csv_columns[need[k]].column,
					    cl_event_csv_columns[need[k]].aliases);
	}
	return CL_OK;
}

static int csv_row(struct cl_db *db, const struct cl_import_row *row, void *arg,
		   struct cl_error *err)
{
	struct run *run = arg;
	struct cl_clinical_event e;
	struct cl_patient p;
	struct cl_error why = { 0 };
	char mrn[64], type[64], word[64], when[64], time[32], id[290];
	int problems = 0, rc;
	size_t k;

	(void)db;
	cl_event_init(&e, NULL);
	if (!csv_has(row, COL_MRN) || !csv_has(row, COL_TYPE) || !csv_has(row, COL_DATE))
		return cl_import_problem(row, "", "the file has no MRN, event type or date column");
	if (!csv_cell(row, COL_MRN, mrn, sizeof(mrn)))
		problems += !!cl_import_problem(row, csv_name(row, COL_MRN), "is too long");
	else if (!mrn[0])
		problems += !!cl_import_problem(row, csv_name(row, COL_MRN), "is empty");
	if (!csv_cell(row, COL_TYPE, type, sizeof(type)) || !type[0]) {
		problems += !!cl_import_problem(row, csv_name(row, COL_TYPE), "is empty");
	} else {
		cl_text_fold(type, word, sizeof(word));
		for (k = 0; k < sizeof(type_words) / sizeof(type_words[0]); k++)
			if (strcmp(word, type_words[k].word) == 0)
				break;
		if (k == sizeof(type_words) / sizeof(type_words[0]))
			problems += !!cl_import_problem(
				row, csv_name(row, COL_TYPE),
				"is not an event type careloop knows (ED, Emergency, Admit, "
				"Inpatient, Discharge …)");
		else
			e.kind = type_words[k].kind;
	}
	if (!csv_cell(row, COL_DATE, when, sizeof(when)) || !when[0] ||
	    !csv_datetime(when, e.event_date, e.event_time))
		problems += !!cl_import_problem(row, csv_name(row, COL_DATE),
						"must be a date (YYYY-MM-DD or MM/DD/YYYY), "
						"optionally with a time");
	if (csv_has(row, COL_TIME)) {
		if (!csv_cell(row, COL_TIME, time, sizeof(time)) ||
		    (time[0] && cl_event_field_set(&e, "event_time", time, &why)))
			problems += !!cl_import_problem(row, csv_name(row, COL_TIME),
							"must be a time as HH:MM");
	}
	if (!csv_cell(row, COL_FACILITY, e.facility, sizeof(e.facility)))
		problems += !!cl_import_problem(row, csv_name(row, COL_FACILITY), "is too long");
	if (!csv_cell(row, COL_REASON, e.reason, sizeof(e.reason)))
		problems += !!cl_import_problem(row, csv_name(row, COL_REASON), "is too long");
	if (!csv_cell(row, COL_ID, id, sizeof(id)))
		problems += !!cl_import_problem(row, csv_name(row, COL_ID), "is too long");
	if (problems)
		return CL_EINVAL;
	rc = cl_patient_by_mrn(run->db, mrn, &p, &why);
	if (rc == CL_ENOTFOUND) {
		run->res->unmatched++;
		if (run->opt && run->opt->unmatched)
			run->opt->unmatched(row->line, row->line, id, mrn, run->opt->base.arg);
		return CL_OK;
	}
	if (rc) {
		*err = why;
		return rc;
	}
	e.patient_id = p.id;
	e.source = CL_EVENT_FROM_CSV;
	if (id[0])
		snprintf(e.source_key, sizeof(e.source_key), "id:%s", id);
	else
		snprintf(e.source_key, sizeof(e.source_key), "%s|%s|%s|%.200s",
			 cl_event_kind_code(e.kind), e.event_date, e.event_time, e.facility);
	memset(&why, 0, sizeof(why));
	rc = store(run, &e, &why);
	if (rc == CL_EINVAL) {
		*err = why;
		return cl_import_problem(
			row,
			why.field[0] && strcmp(why.field, "event_date") != 0 ? why.field : "date",
			why.message);
	}
	if (rc)
		*err = why;
	return rc;
}

static int import_csv(struct run *run, const char *data, size_t len, struct cl_error *err)
{
	static const char *const no_columns[] = { NULL };
	const struct cl_import_ops ops = {
		.what = "events",
		.columns = no_columns,
		.required = NULL,
		.row = csv_row,
		.data_column = csv_column,
		.arg = run,
	};
	struct cl_import_result r = { 0 };
	struct cl_csv_reader *in = NULL;
	int rc;

	if ((rc = cl_csv_open_mem(data, len, &in, err)))
		return rc;
	rc = cl_import_reader(run->db, in, &ops, run->opt ? &run->opt->base : NULL, &r, err);
	cl_csv_close(in);
	run->res->records = r.rows; /* a row of the wrong width never reaches csv_row */
	run->res->rejected = r.rejected;
	run->res->outcome = r.outcome;
	/* The engine counts a row it was not told was bad as imported: ours are exact. */
	if (rc || r.outcome != CL_IMPORT_DONE) {
		run->res->imported = 0;
		run->res->duplicates = 0;
	}
	return rc;
}

/* ---- the file ---- */

bool cl_event_file_is_hl7(const char *data, size_t len)
{
	size_t i = 0;

	if (memchr(data, 0x0b, len))
		return true;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	return len - i >= 4 && memcmp(data + i, "MSH", 3) == 0;
}

int cl_event_import_mem(struct cl_db *db, const char *data, size_t len,
			const struct cl_event_import_options *opt,
			struct cl_event_import_result *res, struct cl_error *err)
{
	struct cl_event_import_result scratch;
	struct run run = { .db = db, .opt = opt };
	bool dry = opt && opt->base.dry_run, skip = opt && opt->base.skip_bad;
	int rc;

	if (!res)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	run.res = res;
	if (!cl_event_file_is_hl7(data, len))
		return import_csv(&run, data, len, err);
	if ((rc = cl_db_begin(db, err))) {
		res->outcome = CL_IMPORT_FAILED;
		return rc;
	}
	rc = import_hl7(&run, data, len, err);
	if (!rc && run.bad && !skip) {
		res->outcome = CL_IMPORT_BAD_ROWS;
		rc = cl_error_set(err, CL_EINVAL, "%ld of %ld messages are bad", run.bad,
				  res->records);
	}
	if (rc || dry) {
		cl_db_rollback(db);
		if (rc && res->outcome == CL_IMPORT_DONE)
			res->outcome = CL_IMPORT_FAILED;
		if (rc) {
			res->imported = 0;
			res->duplicates = 0;
		}
		return rc;
	}
	if ((rc = cl_db_commit(db, err))) {
		res->outcome = CL_IMPORT_FAILED;
		res->imported = 0;
	}
	return rc;
}

int cl_event_import(struct cl_db *db, const char *path, const struct cl_event_import_options *opt,
		    struct cl_event_import_result *res, struct cl_error *err)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0;
	int rc = CL_OK;

	if (res)
		memset(res, 0, sizeof(*res));
	if (!f) {
		if (res)
			res->outcome = CL_IMPORT_FAILED;
		/* As the CSV imports say it: a missing file is no input (66), not an I/O error. */
		return cl_error_set(err, errno == ENOENT ? CL_ENOTFOUND : CL_EIO, "cannot open: %s",
				    strerror(errno));
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			char *grown;

			cap = cap ? 2 * cap : 65536;
			if (cap > (size_t)MAX_FILE_BYTES + 1) {
				rc = cl_error_set(err, CL_EINVAL, "the file is over %ld MiB",
						  MAX_FILE_BYTES / (1024 * 1024));
				break;
			}
			if (!(grown = realloc(data, cap))) {
				rc = cl_error_set(err, CL_ENOMEM, "out of memory");
				break;
			}
			data = grown;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f))
				rc = cl_error_set(err, CL_EIO, "cannot read the file");
			break;
		}
	}
	fclose(f);
	if (!rc)
		rc = cl_event_import_mem(db, data ? data : "", len, opt, res, err);
	else if (res)
		res->outcome = CL_IMPORT_FAILED;
	free(data);
	return rc;
}
