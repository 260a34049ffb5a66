/* The patient registry: records, validation, optimistic saves, the virtual list and search. */
#ifndef CL_PATIENT_H
#define CL_PATIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "date.h"
#include "db.h"
#include "error.h"
#include "field.h"
#include "id.h"

enum cl_sex { CL_SEX_UNKNOWN, CL_SEX_FEMALE, CL_SEX_MALE, CL_SEX_OTHER };
enum cl_payer {
	CL_PAYER_UNKNOWN,
	CL_PAYER_MEDICARE,
	CL_PAYER_MEDICAID,
	CL_PAYER_DUAL,
	CL_PAYER_COMMERCIAL,
	CL_PAYER_UNINSURED,
};
/* Ordered by urgency: sorting by risk puts high first. */
enum cl_risk { CL_RISK_HIGH, CL_RISK_RISING, CL_RISK_LOW };
enum cl_patient_status { CL_PATIENT_ACTIVE, CL_PATIENT_INACTIVE, CL_PATIENT_DECEASED };

/* Stored codes and the words shown for them ("medicaid", "Medicaid"). */
const char *cl_sex_code(enum cl_sex v);
const char *cl_payer_code(enum cl_payer v);
const char *cl_risk_code(enum cl_risk v);
const char *cl_patient_status_code(enum cl_patient_status v);

/*
 * Preferred-language choices, NULL-terminated: en es vi zh ht pt ru ar so ne fr ko tl hmn
 * other (BCP 47 codes; "other" for the rest). cl_language_name gives the English name to
 * show ("es" → "Spanish"); an unknown code is returned as it is.
 */
extern const char *const cl_language_codes[];

/* When and how the patient prefers to be contacted, NULL-terminated: morning afternoon
 * evening any; phone text mail in-person portal. */
extern const char *const cl_contact_time_codes[];
extern const char *const cl_contact_method_codes[];
const char *cl_language_name(const char *code);

struct cl_patient {
	struct cl_id id; /* nil until created */
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char pronouns[33]; /* as the patient gives them ("she/her"), "" = not recorded */
	char birth_date[CL_DATE_LEN];
	enum cl_sex sex;
	char language[16]; /* preferred language, a BCP 47 code from a choice list: "en", "es", … */
	char phone[32];
	char address[128];
	char city[64];
	char state[3]; /* USPS code */
	char postal_code[11];
	enum cl_payer payer;
	enum cl_risk risk_tier;
	enum cl_patient_status status;
	char death_date[CL_DATE_LEN]; /* required when deceased, else ""; birth_date .. today */
	char care_manager[64];	      /* login of the assigned care manager, "" = unassigned */
	char care_manager_name[96];   /* display name (read only, filled on load) */
	char contact_time[16];	      /* "" or one of cl_contact_time_codes */
	char contact_method[16];      /* "" or one of cl_contact_method_codes */
	char guardian_name[96];	      /* a guardian or caregiver, "" = none */
	char guardian_relation[32];
	char guardian_phone[32];
	bool guardian_share; /* may we share information with them */
	char emergency_name[96];
	char emergency_relation[32];
	char emergency_phone[32];
	bool emergency_share;
	char created_at[32];
	char updated_at[32];
	char updated_by[64]; /* login */
	long long version;   /* 0 until created */
};

/* A new record with defaults: active, low risk, "en", assigned to the current user. */
void cl_patient_init(struct cl_patient *p, struct cl_db *db);

/*
 * Check the whole record (required fields, dates, codes, and a date of death that a
 * deceased patient must have, no other may have, and that is not before the birth date).
 * Fills err->field on failure.
 */
int cl_patient_validate(const struct cl_patient *p, struct cl_error *err);

/*
 * Field table for forms and imports (field.h): each field of a patient as text. Choice fields
 * list their codes; the care manager field's choices come from cl_care_manager_list.
 */
extern const struct cl_field cl_patient_fields[]; /* ends with a { NULL } entry */
extern const struct cl_record_type cl_patient_type;

/* Read a field as text into buf. Returns 0 or CL_EINVAL for an unknown key. */
int cl_patient_field_get(const struct cl_patient *p, const char *key, char *buf, size_t size);

/*
 * Parse, normalize and validate one field from text (dates as cl_date_parse; a birth date
 * in the future, an empty required field, an unknown code are refused). On error p is
 * unchanged and err->field is key.
 */
int cl_patient_field_set(struct cl_patient *p, const char *key, const char *value,
			 struct cl_error *err);

/*
 * Insert p: assigns id, version 1 and timestamps, writes an audit "create" row, all in one
 * transaction. A duplicate MRN is CL_EEXIST with field "mrn".
 */
int cl_patient_create(struct cl_db *db, struct cl_patient *p, struct cl_error *err);

/*
 * Save p over the stored version p->version. If someone saved it since (version moved),
 * nothing is written and CL_ECONFLICT says who and when ("changed by Ana Ruiz at 10:42");
 * p is left as the caller's input. On success p->version and updated_* move on.
 */
int cl_patient_update(struct cl_db *db, struct cl_patient *p, struct cl_error *err);

/*
 * Insert (creating) or update p inside the caller's transaction (the core's imports), with
 * an audit row of action: as cl_patient_create and cl_patient_update but for BEGIN and
 * COMMIT (on a failure the caller rolls back).
 */
int cl_patient_save_in(struct cl_db *db, struct cl_patient *p, bool creating,
		       enum cl_audit_action action, struct cl_error *err);

/*
 * Bulk writes inside the caller's transaction (imports): cl_patient_stage checks p and writes
 * its audit row as cl_patient_save_in does, but keeps the insert or update in a staging
 * table until cl_patient_stage_flush writes every staged patient into the registry in two
 * statements (each statement over the patients makes SQLite's FTS5 write out its pending
 * search index: 100,000 one-row writes took minutes). Until flushed, a staged patient is
 * not in the registry: flush before reading it again and before committing.
 * cl_patient_stage_flush: CL_ECONFLICT when a staged update no longer matches its version.
 */
int cl_patient_stage(struct cl_db *db, struct cl_patient *p, bool creating,
		     enum cl_audit_action action, struct cl_error *err);
int cl_patient_stage_flush(struct cl_db *db, struct cl_error *err);

/*
 * Set status inactive or deceased (never deletes), as an update with an audit "retire".
 * Deceased needs p->death_date; inactive clears it.
 */
int cl_patient_retire(struct cl_db *db, struct cl_patient *p, enum cl_patient_status status,
		      struct cl_error *err);

/* Load by id or MRN into p. CL_ENOTFOUND when missing. No audit row. */
int cl_patient_get(struct cl_db *db, const struct cl_id *id, struct cl_patient *p,
		   struct cl_error *err);
int cl_patient_by_mrn(struct cl_db *db, const char *mrn, struct cl_patient *p,
		      struct cl_error *err);

/* Load for display in the chart: as cl_patient_get, and records a view (access.h). */
int cl_patient_open_chart(struct cl_db *db, const struct cl_id *id, struct cl_patient *p,
			  struct cl_error *err);

/* ---- the list ---- */

enum cl_patient_sort { CL_PATIENT_BY_NAME, CL_PATIENT_BY_RISK };

/* One line of the patients list (no chart data). */
struct cl_patient_row {
	struct cl_id id;
	char mrn[32];
	char given_name[96];
	char family_name[96];
	char birth_date[CL_DATE_LEN];
	enum cl_risk risk_tier;
	enum cl_patient_status status;
	char care_manager_name[96];
	char sort_key[200]; /* keyset position: opaque to callers, passed back in `after` */
};

struct cl_patient_filter {
	enum cl_patient_sort sort;
	bool include_inactive; /* false: active patients only */
};

/*
 * Keyset pagination: up to max rows that follow `after` in the filter's order (or precede
 * it when backward; rows are still returned in forward order). after == NULL starts at the
 * top (or, backward, at the bottom). *n gets the number of rows. Cost is O(max), never
 * O(table).
 */
int cl_patient_page(struct cl_db *db, const struct cl_patient_filter *filter,
		    const struct cl_patient_row *after, bool backward, struct cl_patient_row *rows,
		    int max, int *n, struct cl_error *err);

/* Rows in the filter (for "N patients" in the title): one row read, kept by triggers. */
int cl_patient_count(struct cl_db *db, const struct cl_patient_filter *filter, long long *count,
		     struct cl_error *err);

/*
 * Search names, MRN and phone with prefix matching (every word typed must prefix-match a
 * word of the patient; "rui ana", "5551", "MRN0012"): an exact MRN first, then, when at
 * most CL_PATIENT_SEARCH_RANKED patients match, the best matches first; when more do, every
 * match in name order (cl_patient_search_page pages through them). At most max rows;
 * *n gets the count. Quick for short prefixes on 1,000,000 patients. Empty text gives no
 * rows.
 */
#define CL_PATIENT_SEARCH_RANKED 200
int cl_patient_search(struct cl_db *db, const char *text, bool include_inactive,
		      struct cl_patient_row *rows, int max, int *n, struct cl_error *err);

/*
 * The matches of text in name order, a page at a time as cl_patient_page pages the list:
 * up to max rows after `after` (NULL: from the top), or with backward before it (NULL: the
 * last rows), always in forward order (the rows of a search that matched more than
 * CL_PATIENT_SEARCH_RANKED patients, scrolled through). One letter alone: family names
 * starting with it.
 */
int cl_patient_search_page(struct cl_db *db, const char *text, bool include_inactive,
			   const struct cl_patient_row *after, bool backward,
			   struct cl_patient_row *rows, int max, int *n, struct cl_error *err);

/*
 * How many patients text matches, counting no further than cap: *count is then cap and
 * *capped true (the list says "over cap").
 */
int cl_patient_search_count(struct cl_db *db, const char *text, bool include_inactive, long cap,
			    long long *count, bool *capped, struct cl_error *err);

/* ---- care managers ---- */

struct cl_care_manager {
	struct cl_id id;
	char login[64];
	char display_name[96];
};

/* Active care managers by display name (at most max); *n gets the count. */
int cl_care_manager_list(struct cl_db *db, struct cl_care_manager *rows, int max, int *n,
			 struct cl_error *err);

#endif
