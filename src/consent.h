/*
 * The patient's consent to care management (CMS requires it before care-management minutes
 * are billed): the day it was given, how (verbal or written), who recorded it, and the day
 * it was withdrawn. A patient may consent again after withdrawing: each consent is a row.
 */
#ifndef CL_CONSENT_H
#define CL_CONSENT_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "field.h"
#include "id.h"

enum cl_consent_method { CL_CONSENT_VERBAL, CL_CONSENT_WRITTEN };

/* "verbal", "written". */
const char *cl_consent_method_code(enum cl_consent_method v);

struct cl_consent {
	struct cl_id id; /* nil until recorded */
	struct cl_id patient_id;
	char given_on[CL_DATE_LEN];
	enum cl_consent_method method;
	char recorded_by[64];		/* login (set on save) */
	char withdrawn_on[CL_DATE_LEN]; /* "" while it stands */
	char withdrawn_by[64];
	char created_at[32];
	char updated_at[32];
	char updated_by[64];
	long long version;
};

/* Fields (for forms and the command line): given_on (not in the future), method. */
extern const struct cl_field cl_consent_fields[];

/* A new consent of patient: given today, verbal. */
void cl_consent_init(struct cl_consent *c, const struct cl_id *patient);
int cl_consent_field_set(struct cl_consent *c, const char *key, const char *value,
			 struct cl_error *err);
int cl_consent_field_get(const struct cl_consent *c, const char *key, char *buf, size_t size);

/*
 * Record c (by the current user) with an audit "create" row, one transaction. Refused
 * (CL_EEXIST) while the patient has a consent that stands (not withdrawn), and
 * (CL_EINVAL on "given_on") when given before the last one was withdrawn.
 */
int cl_consent_record(struct cl_db *db, struct cl_consent *c, struct cl_error *err);

/*
 * Withdraw the patient's standing consent on day (YYYY-MM-DD; NULL or "" for today): not in
 * the future, not before it was given (CL_EINVAL on "withdrawn_on"). CL_ENOTFOUND when no
 * consent stands. Audit "retire".
 */
int cl_consent_withdraw(struct cl_db *db, const struct cl_id *patient, const char *day,
			struct cl_error *err);

/*
 * The patient's latest consent into *c (*found false when never consented). Whether it is
 * in force on a day: cl_consent_in_force.
 */
int cl_consent_latest(struct cl_db *db, const struct cl_id *patient, struct cl_consent *c,
		      bool *found, struct cl_error *err);

/* Was c in force on day (given on or before it, not withdrawn on or before it)? */
bool cl_consent_in_force(const struct cl_consent *c, const char *day);

#endif
