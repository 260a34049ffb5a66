/*
 * Hospital and ED events from outside: `careloop import events FILE`. The file is either
 * - HL7 v2 ADT messages, as encounter-notification services deliver them: MLLP frames
 *   (0x0B … 0x1C 0x0D) or one message per group of lines starting at "MSH", segments ended
 *   by CR, LF or CRLF. A01 is an admission, A03 a discharge, A04 an ED visit when PV1-2 is
 *   E (other registrations and every other event, A08 updates included, are counted as
 *   ignored). The event's date and time: PV1-44 (admit) or PV1-45 (discharge), else EVN-2,
 *   else MSH-7; its facility PV1-39, else PV1-3's facility, else MSH-4; its reason PV2-3,
 *   else the first DG1's description or code. Its identity is MSH-10, the message control
 *   id, from MSH-3^MSH-4 (sending application and facility): a message imported once is
 *   counted as a duplicate after that.
 *   The patient: PID-3, every repetition in order whose identifier type (PID-3.5) is empty,
 *   MR, MRN, PI or PT; the first whose id (PID-3.1) is a patient's MRN. The assigning
 *   authority (PID-3.4) is not compared: the clinic's MRNs are one namespace (a feed whose
 *   MR identifiers are another organization's numbers will not match, or must be mapped
 *   before import). Social security, driver's license and insurance numbers are never used.
 * - or CSV as an HIE portal exports it: a header row, then one event a row. Columns are
 *   found by name, ASCII case, spaces and punctuation ignored, under several aliases
 *   (cl_event_csv_columns); columns it does not know (names, birth dates) are ignored. The
 *   event type cell takes ED, ER, Emergency, Admit, Admission, Inpatient, Discharge … (see
 *   event_import.c). A row's identity: its encounter id column when the file has one, else
 *   its type, date, time and facility.
 * Either way: one transaction, all or nothing (or --skip-bad: the good ones kept), dry run.
 * A message or row whose patient is not in the database is not an error: it is counted and
 * told to opt->unmatched by its number, never by MRN or name.
 */
#ifndef CL_EVENT_IMPORT_H
#define CL_EVENT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "import.h"

/* The CSV columns and their aliases: { "mrn", "MRN, Patient MRN, …" } rows, { NULL } last. */
struct cl_event_csv_column {
	const char *column;  /* what it holds: mrn, type, date, time, facility, reason, id */
	const char *aliases; /* the header names that mean it, ", " between them */
};
extern const struct cl_event_csv_column cl_event_csv_columns[];

struct cl_event_import_options {
	/* dry_run, skip_bad, rejects (CSV only), bad_row (each problem, located) */
	struct cl_import_options base;
	/*
	 * A record whose patient is unknown: its number (the message's, from 1, or the row's
	 * line), the line where it starts, its control id (HL7; "" for CSV rows without an id
	 * column) and the MRN it gave (the first of PID-3: for a 0600 file, never for stderr).
	 * May be NULL.
	 */
	void (*unmatched)(long number, long line, const char *control_id, const char *mrn,
			  void *arg);
};

struct cl_event_import_result {
	bool hl7;	 /* the file was HL7 (else CSV) */
	long records;	 /* messages or data rows read */
	long imported;	 /* events stored (a dry run: that would be) */
	long duplicates; /* imported before (or twice in the file) */
	long unmatched;	 /* no patient with that MRN */
	long ignored;	 /* messages that are no event careloop records (A08, …) */
	long rejected;	 /* bad messages or rows */
	enum cl_import_outcome outcome;
};

/*
 * Import the file at path (see above). Returns as cl_import_csv does: 0 when kept (or a
 * dry run that would be), CL_EINVAL when problems in the file left the database unchanged,
 * other codes for I/O and database failures.
 */
int cl_event_import(struct cl_db *db, const char *path, const struct cl_event_import_options *opt,
		    struct cl_event_import_result *res, struct cl_error *err);

/*
 * Does a file that starts with these len bytes hold HL7 (an MLLP start byte anywhere, or
 * "MSH" first after blanks and a byte-order mark)? Else it is read as CSV.
 */
bool cl_event_file_is_hl7(const char *data, size_t len);

/* As cl_event_import over len bytes at data (tests, fuzzing). */
int cl_event_import_mem(struct cl_db *db, const char *data, size_t len,
			const struct cl_event_import_options *opt,
			struct cl_event_import_result *res, struct cl_error *err);

#endif
