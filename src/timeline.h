/*
 * The story of a patient in one list, newest first: notes, contacts, screenings, referral
 * status changes, tasks done or cancelled, hospital and ED events, risk tier changes. One
 * UNION ALL query over the records, paged by keyset (the last row of a page is where the
 * next starts), so that a patient with thousands of rows pages as fast as one with ten.
 */
#ifndef CL_TIMELINE_H
#define CL_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "id.h"

/* What a row is; the filter's choices, in the order a key cycles them. */
enum cl_timeline_kind {
	CL_TIMELINE_ALL, /* a filter only: every kind */
	CL_TIMELINE_NOTE,
	CL_TIMELINE_CONTACT,
	CL_TIMELINE_SCREENING,
	CL_TIMELINE_REFERRAL,
	CL_TIMELINE_TASK,
	CL_TIMELINE_EVENT,
	CL_TIMELINE_RISK,
};
#define CL_TIMELINE_KINDS (CL_TIMELINE_RISK + 1)

/* "all", "note", "contact", "screening", "referral", "task", "event", "risk". */
const char *cl_timeline_kind_code(enum cl_timeline_kind kind);

/* A code as above (or its plural: "notes") → its kind; -1 when unknown. */
int cl_timeline_kind_parse(const char *code);

struct cl_timeline_row {
	char at[17]; /* clinic wall-clock "YYYY-MM-DDTHH:MM" ("T00:00" when only the day is known) */
	enum cl_timeline_kind kind;
	struct cl_id id; /* the record: a note, a contact, … */
	char line[400];	 /* one line, sanitized by the caller before it is shown */
	/* No longer counts: an amended note; a contact, screening or event entered in error. */
	bool struck;
};

/*
 * A page of patient's timeline, newest first (at, then id), of kind (CL_TIMELINE_ALL: all),
 * at most max rows; after (NULL: from the newest) is the last row of the previous page.
 * *n < max means the end was reached.
 */
int cl_timeline_page(struct cl_db *db, const struct cl_id *patient, enum cl_timeline_kind kind,
		     const struct cl_timeline_row *after, struct cl_timeline_row *rows, int max,
		     int *n, struct cl_error *err);

#endif
