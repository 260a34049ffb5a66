/*
 * The demo clinic's chronic registry: for a patient with `count` chronic conditions, that
 * many active conditions (hypertension and diabetes the most common), blood pressures for
 * most with hypertension and A1c results for most with diabetes over the year before today
 * (about a third of them out of control, some missing this year). Its own random stream
 * from seed and the patient's rowid, so the other demo tables do not move. Inside the
 * caller's transaction; triggers may be off (the caller writes the chronic count: *active,
 * the patient's active conditions after the call). A condition the patient has already
 * is kept.
 */
#ifndef CL_DEMO_CHRONIC_H
#define CL_DEMO_CHRONIC_H

#include <stdint.h>

#include "date.h"
#include "db.h"
#include "error.h"
#include "id.h"

int cl_demo_chronic_patient(struct cl_db *db, uint64_t seed, int64_t rowid,
			    const struct cl_id *patient, int count, const char *today,
			    const char *now, int *active, struct cl_error *err);

#endif
