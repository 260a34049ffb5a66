/*
 * Duplicate patients: finding the charts a new or edited patient may duplicate, and merging
 * two charts of one person into one (everything of the other moves over in one transaction;
 * the merged patient stays, inactive, pointing at the survivor).
 */
#ifndef CL_MERGE_H
#define CL_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "error.h"
#include "id.h"
#include "patient.h"

/* Why a patient may be a duplicate (bits: both may hold). */
enum cl_duplicate_reason {
	CL_DUPLICATE_NAME = 1,	/* same family and given name (folded) and birth date */
	CL_DUPLICATE_PHONE = 2, /* same phone (its digits) and birth date */
};

/* A possible duplicate, as the warning shows it. */
struct cl_duplicate {
	struct cl_id id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char birth_date[CL_DATE_LEN];
	char phone[32];
	enum cl_patient_status status;
	unsigned reason; /* enum cl_duplicate_reason bits */
};

/* The most duplicates cl_patient_duplicates reports for one patient. */
#define CL_DUPLICATES_MAX 8

/*
 * The patients p may duplicate: born on p's birth date, not p itself (its id, its MRN) and
 * not merged, with the same family and given name (cl_text_fold_name: case, accents,
 * spaces and hyphens aside) or the same phone (its last ten digits, at least seven). At
 * most max rows into rows; *n gets the count. One range of the birth-date index: a few
 * dozen rows at 1,000,000 patients. No audit row.
 */
int cl_patient_duplicates(struct cl_db *db, const struct cl_patient *p, struct cl_duplicate *rows,
			  int max, int *n, struct cl_error *err);

/* The phone's digits as the duplicate check compares them (last ten; "" under seven). */
void cl_phone_key(const char *phone, char *buf, size_t size);

/* How many rows of one table a merge moves: table is the table's name, words what a
 * coordinator calls its rows ("contacts"). */
struct cl_merge_move {
	char table[64];
	const char *words;
	long long rows;
};

#define CL_MERGE_TABLES_MAX 48

/*
 * What merging the patient gone would move: for each table holding patient rows (found in
 * the schema: every table with a patient_id column but the derived ones, which are worked
 * out again), the rows gone has there. Fills moves (at most CL_MERGE_TABLES_MAX) and *n.
 */
int cl_merge_preview(struct cl_db *db, const struct cl_id *gone, struct cl_merge_move *moves,
		     int *n, struct cl_error *err);

/*
 * The moves as a coordinator reads them, into buf: "12 contacts, 3 referrals, 1 goal" (the
 * tables with rows; "nothing else" when none has any).
 */
void cl_merge_describe(const struct cl_merge_move *moves, int n, char *buf, size_t size);

/*
 * The tables a merge moves rows of and those it works out again (NULL-terminated): derived
 * per-patient rows, recomputed for both patients from the moved screenings.
 */
extern const char *const cl_merge_derived_tables[];

/*
 * Is the patient merged into another chart? *into gets that chart's id (nil when not).
 */
int cl_patient_merged_into(struct cl_db *db, const struct cl_id *id, struct cl_id *into,
			   struct cl_error *err);

/*
 * Merge the patient gone into keep, in one transaction: keep is saved with the field values
 * the caller chose (keep->version must be the stored one, else CL_ECONFLICT); every row of
 * gone in every table with a patient_id (cl_merge_preview) moves to keep; the derived rows
 * are worked out again for both; gone becomes inactive with merged_into = keep (never
 * deleted), and patients merged into gone before now point at keep; audit rows for both
 * ("update" and "retire" of each patient, and a "merge" row). Refused (CL_EINVAL, nothing
 * written): a patient into itself, a patient already merged (either side), keep's MRN
 * changed by the choices. moves (may be NULL) gets what moved as cl_merge_preview counts it.
 * On success keep is the saved record.
 */
int cl_patient_merge(struct cl_db *db, struct cl_patient *keep, const struct cl_id *gone,
		     struct cl_merge_move *moves, int *n, struct cl_error *err);

#endif
