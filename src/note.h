/*
 * Case notes: free text about a patient (a note, a phone call summary, a home visit, a care
 * conference) with when it happened and who wrote it. A note is never edited in place: an
 * amendment is a new note that supersedes the original, which stays, marked amended with
 * who and when. The words of a patient's notes are searchable (FTS5, prefix, accents and
 * case folded).
 */
#ifndef CL_NOTE_H
#define CL_NOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "field.h"
#include "id.h"

/* The longest text of a note, in bytes of UTF-8 (an "ñ" takes two). */
#define CL_NOTE_MAX_BYTES 16384

/* The kinds, as stored ("note", "phone-call", "home-visit", "care-conference"), and their
 * labels in the same order ("Note", "Phone call summary", …); both NULL-terminated. */
extern const char *const cl_note_kinds[];
extern const char *const cl_note_kind_labels[];

/* The label of kind code, or the code itself when it is not one of cl_note_kinds. */
const char *cl_note_kind_label(const char *code);

struct cl_note {
	struct cl_id id; /* nil until saved */
	struct cl_id patient_id;
	char occurred_at[17];	  /* clinic wall-clock "YYYY-MM-DDTHH:MM" */
	char kind[32];		  /* one of cl_note_kinds */
	char *body;		  /* the text (owned: cl_note_set_body, cl_note_clear) */
	char author[64];	  /* login of who wrote it (set on save) */
	char author_name[96];	  /* read only */
	struct cl_id supersedes;  /* the note this one amends, nil if none */
	char amended_at[32];	  /* UTC, "" while not amended */
	char amended_by[64];	  /* login of who amended it, "" while not amended */
	char amended_by_name[96]; /* read only */
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version;
};

/* Fields: occurred_at, kind (the text is set apart: cl_note_set_body). */
extern const struct cl_field cl_note_fields[];

/* A new note about patient: now (local time), kind "note", no text. */
void cl_note_init(struct cl_note *n, const struct cl_id *patient);

/* Free n's text (n stays usable: init or set_body again). */
void cl_note_clear(struct cl_note *n);

int cl_note_field_get(const struct cl_note *n, const char *key, char *buf, size_t size);
int cl_note_field_set(struct cl_note *n, const char *key, const char *value, struct cl_error *err);

/*
 * Whether text may be a note's text: not blank, valid UTF-8 without control characters but
 * newlines and tabs, at most CL_NOTE_MAX_BYTES bytes. CL_EINVAL on field "body" naming the
 * limit, never quoting the text.
 */
int cl_note_check_body(const char *text, struct cl_error *err);

/* Check text (cl_note_check_body) and keep a copy of it as n's text. */
int cl_note_set_body(struct cl_note *n, const char *text, struct cl_error *err);

/*
 * Save n (written by the current user) with an audit "create" row, in one transaction; a
 * time after today is CL_EINVAL on "occurred_at". On success n gets its id and stamps.
 */
int cl_note_add(struct cl_db *db, struct cl_note *n, struct cl_error *err);

/*
 * Amend note original (whose version must still be original_version) with n, the new text
 * (and kind and time): one transaction saves n as a note of the same patient superseding
 * the original, and marks the original amended by the current user now (audit "update" for
 * it, "create" for n). An original already amended, or changed since, is CL_ECONFLICT
 * (amend the newest version); nothing is saved then. On success n gets its id and stamps.
 */
int cl_note_amend(struct cl_db *db, const struct cl_id *original, long long original_version,
		  struct cl_note *n, struct cl_error *err);

/* Read note id into n (its text allocated: free with cl_note_clear). */
int cl_note_get(struct cl_db *db, const struct cl_id *id, struct cl_note *n, struct cl_error *err);

/* A note in a list: its start for a preview, its amendment stamps. */
struct cl_note_row {
	struct cl_id id;
	char occurred_at[17];
	char kind[32];
	char author_name[96];
	char preview[600]; /* the text's first 140 characters */
	size_t bytes;	   /* the whole text's size */
	bool amended;	   /* superseded by an amendment (shown struck) */
	bool amends;	   /* this note amends another */
	char amended_at[32];
	char amended_by_name[96];
	long long version;
};

/* A patient's notes, newest first (occurred_at, then the last saved), at most max. */
int cl_note_list(struct cl_db *db, const struct cl_id *patient, struct cl_note_row *rows, int max,
		 int *n, struct cl_error *err);

/*
 * A patient's notes holding every word of words (each a prefix: "hous" finds "housing";
 * accents and case ignored), newest first, at most max. Words without a letter or digit
 * find nothing (*n = 0). Another patient's notes are never found.
 */
int cl_note_search(struct cl_db *db, const struct cl_id *patient, const char *words,
		   struct cl_note_row *rows, int max, int *n, struct cl_error *err);

#endif
