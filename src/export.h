/*
 * The practice's data out: CSV of each record type (columns from the field descriptors,
 * field.h) and FHIR R4 JSON in the shapes of the Gravity Project's SDOH Clinical Care guide
 * (fhir.c). Both stream: one row or resource at a time, whatever the size of the clinic.
 * The core writes to streams the caller opened (outfile.h); the caller records the export
 * in the access log (cl_access_export).
 */
#ifndef CL_EXPORT_H
#define CL_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "date.h"
#include "db.h"
#include "error.h"

/* What `careloop export csv` writes: patients referrals screenings tasks contacts events. */
extern const char *const cl_export_csv_kinds[]; /* NULL-terminated */

/*
 * The start of the clinic's local day since (YYYY-MM-DD) as a stored UTC instant
 * ("2026-11-23T07:00:00.000Z"), what updated_at is compared with; "" for since "" (all).
 * CL_EINVAL when since is not a real date.
 */
int cl_export_since(const char *since, char out[32], struct cl_error *err);

/*
 * Write the CSV of kind (one of cl_export_csv_kinds) to out: a header row, then one row a
 * record changed on or after since (a local date, "" for every record), RFC 4180 with
 * CRLF, every cell through the one sanitizer (cl_text_encode, CSV_LINES: a spreadsheet
 * formula gets a leading '). The columns are the record's fields by key (field.h), led by
 * the record's id and the patient's MRN and followed by its lifecycle columns; patients
 * have exactly the columns `import patients` reads, screenings those of `import
 * screenings` (it refuses their rows entered in error). Screenings, goals, contacts and
 * events end with entered_in_error and entered_in_error_at (empty while the record
 * stands). *rows gets the records written. CL_EINVAL for an unknown kind or date,
 * CL_EIO when out cannot be written.
 */
int cl_export_csv(struct cl_db *db, const char *kind, const char *since, FILE *out, long long *rows,
		  struct cl_error *err);

/* The FHIR resource types an export writes, in the order it writes them. */
enum cl_fhir_type {
	CL_FHIR_PATIENT,
	CL_FHIR_ORGANIZATION,
	CL_FHIR_QUESTIONNAIRE_RESPONSE,
	CL_FHIR_OBSERVATION,
	CL_FHIR_CONDITION,
	CL_FHIR_CONSENT,
	CL_FHIR_SERVICE_REQUEST,
	CL_FHIR_TASK,
	CL_FHIR_GOAL,
	CL_FHIR_ENCOUNTER,
	CL_FHIR_NTYPES
};

/* "Patient", "Observation", … */
const char *cl_fhir_type_name(enum cl_fhir_type type);

/*
 * Where each resource goes: for NDJSON a stream per type (opened on the first resource of
 * that type, so that a type with none has no file), for a Bundle the one stream. Returns
 * NULL and fills err when the stream cannot be made.
 */
typedef FILE *cl_fhir_stream_fn(void *arg, enum cl_fhir_type type, struct cl_error *err);

struct cl_fhir_options {
	const char *since; /* a local date: what changed on or after it, "" for everything */
	bool bundle;	   /* one Bundle (type collection) instead of NDJSON */
	cl_fhir_stream_fn *stream;
	void *arg;
	/* When not NULL: called with the resources written so far, every 10,000. */
	void (*progress)(void *arg, long long resources);
};

/*
 * Write the export (see the man page for the mapping). Resource ids are the record UUIDs
 * (a resource made from part of a record, such as an Observation of one answer, gets a
 * UUID derived from the record's and the part's); every reference points to a resource of
 * the same export. counts[type] gets the resources written. CL_EIO when a stream cannot be
 * written.
 */
int cl_fhir_export(struct cl_db *db, const struct cl_fhir_options *opt,
		   long long counts[CL_FHIR_NTYPES], struct cl_error *err);

#endif
