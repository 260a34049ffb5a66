/*
 * The partner directory: specialty care partners and community organizations, the
 * services (specialties or HRSN domains) they offer, the languages they speak, and when
 * someone last checked the entry (directories go stale: see directory_stale_months).
 */
#ifndef CL_ORG_H
#define CL_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "db.h"
#include "domain.h"
#include "error.h"
#include "id.h"
#include "import.h"
#include "patient.h"

enum cl_org_kind { CL_ORG_SPECIALTY, CL_ORG_COMMUNITY };

/* "specialty" / "community". */
const char *cl_org_kind_code(enum cl_org_kind v);

/*
 * The HRSN domains a community organization serves and a community referral is for are
 * stored as Gravity codes: cl_domain_codes, cl_domain_name and friends in domain.h.
 */

/* Specialty codes a specialty care partner offers, NULL-terminated: cardiology, … */
extern const char *const cl_specialty_codes[];
const char *cl_specialty_name(const char *code);

/* The service codes that fit kind (cl_domain_codes or cl_specialty_codes). */
const char *const *cl_org_service_codes(enum cl_org_kind kind);

struct cl_org {
	struct cl_id id; /* nil until created */
	enum cl_org_kind kind;
	char name[128];
	char services[512]; /* service codes joined by ", " (validated against kind) */
	char phone[32];
	char fax[32];
	char email[128];
	char address[256];
	char hours[128];
	char languages[128]; /* language codes (cl_language_codes) joined by ", " */
	char notes[1024];
	bool active;
	char last_verified[CL_DATE_LEN];   /* "" = never verified */
	char agreement_start[CL_DATE_LEN]; /* collaborative care agreement; specialty only */
	char agreement_end[CL_DATE_LEN];
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version; /* 0 until created */
};

/* A new record with defaults: community, active, never verified. */
void cl_org_init(struct cl_org *o);

/*
 * Field table for the directory form and the CSV import (key = CSV column name):
 * kind name services phone fax email address hours languages notes active last_verified
 * agreement_start agreement_end. Ends with a { NULL } entry. "services" and "languages"
 * are lists: codes separated by commas, semicolons or blanks.
 */
extern const struct cl_field cl_org_fields[];
extern const struct cl_record_type cl_org_type; /* the table and its stored fields */

/* Read a field as text into buf. 0 or CL_EINVAL for an unknown key. */
int cl_org_field_get(const struct cl_org *o, const char *key, char *buf, size_t size);

/*
 * Parse, normalize and check one field from text (trimmed; lists deduplicated and joined
 * by ", "; dates as cl_date_parse; "active" takes yes/no/true/false/1/0). Service codes are
 * checked against o->kind, so set "kind" first. On error o is unchanged, err->field = key.
 */
int cl_org_field_set(struct cl_org *o, const char *key, const char *value, struct cl_error *err);

/* Check the whole record (required fields, codes for its kind, agreement dates in order). */
int cl_org_validate(const struct cl_org *o, struct cl_error *err);

/* True when o serves code (a service code). */
bool cl_org_serves(const struct cl_org *o, const char *code);

/*
 * True when the entry needs re-verifying: never verified, or last verified more than
 * directory_stale_months months before today (YYYY-MM-DD).
 */
bool cl_org_is_stale(struct cl_db *db, const char *last_verified, const char *today);

/* Insert o (id, version 1, timestamps, services index, audit "create") in one transaction. */
int cl_org_create(struct cl_db *db, struct cl_org *o, struct cl_error *err);

/*
 * Save o over the stored version o->version; CL_ECONFLICT "changed by … at …" if someone
 * saved it since (nothing written). On success o->version and updated_* move on.
 */
int cl_org_update(struct cl_db *db, struct cl_org *o, struct cl_error *err);

/* Retire (active = 0; never deleted) as an update with an audit "retire". */
int cl_org_retire(struct cl_db *db, struct cl_org *o, struct cl_error *err);

/*
 * Record that someone checked the entry today (last_verified = today) as an update over
 * o->version (CL_ECONFLICT as cl_org_update). On success o is the saved record.
 */
int cl_org_mark_verified(struct cl_db *db, struct cl_org *o, struct cl_error *err);

/* Load by id. CL_ENOTFOUND when missing. */
int cl_org_get(struct cl_db *db, const struct cl_id *id, struct cl_org *o, struct cl_error *err);

/* ---- the directory list ---- */

/* One line of the directory list. */
struct cl_org_row {
	struct cl_id id;
	enum cl_org_kind kind;
	char name[128];
	char services[512];
	char phone[32];
	char languages[128];
	bool active;
	bool stale;			 /* needs re-verifying (cl_org_is_stale) */
	char last_verified[CL_DATE_LEN]; /* "" = never verified */
	bool language_match;		 /* cl_org_suggest only: speaks the patient's language */
	char sort_key[128];		 /* keyset position: opaque, passed back in `after` */
};

struct cl_org_filter {
	int kind;	      /* -1 = any, else an enum cl_org_kind */
	const char *service;  /* NULL or "" = any, else a service code */
	bool include_retired; /* false: active entries only */
};

/*
 * Keyset pagination by name: up to max rows after `after` (or before it when backward;
 * rows still come in forward order); after == NULL starts at the top (bottom). *n gets the
 * number of rows.
 */
int cl_org_page(struct cl_db *db, const struct cl_org_filter *filter,
		const struct cl_org_row *after, bool backward, struct cl_org_row *rows, int max,
		int *n, struct cl_error *err);

/*
 * Search names and services by word prefixes ("food ban"), within the filter, best match
 * first. At most max rows; empty text gives none.
 */
int cl_org_search(struct cl_db *db, const char *text, const struct cl_org_filter *filter,
		  struct cl_org_row *rows, int max, int *n, struct cl_error *err);

/*
 * Active organizations serving service (a domain or specialty code): those speaking
 * language (a patient's cl_language_codes code; NULL = no preference) first, then
 * verified before stale, then by name. For "refer from a positive screening domain".
 */
int cl_org_suggest(struct cl_db *db, const char *service, const char *language,
		   struct cl_org_row *rows, int max, int *n, struct cl_error *err);

/* ---- import ---- */

/*
 * `careloop import orgs`: one organization per CSV row; the header names columns by the
 * keys of cl_org_fields (any order; "kind" and "name" required; "reject_reason" ignored).
 * A row that repeats an active entry of the same kind and name is refused. See import.h
 * for dry runs, --skip-bad and the reject file.
 */
int cl_org_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
		  struct cl_import_result *res, struct cl_error *err);

#endif
