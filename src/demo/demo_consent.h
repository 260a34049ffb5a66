/*
 * Demo consents and corrections: most patients with a consent to care management (verbal or
 * written), a few without, a few who withdrew it; and a few contacts entered in error. Chosen
 * by the patients' and contacts' ids, so the same seed gives the same clinic. Called by the
 * demo generator after the care plans (src/demo.c).
 */
#ifndef CL_DEMO_CONSENT_H
#define CL_DEMO_CONSENT_H

#include "db.h"
#include "error.h"

/*
 * Give every patient without a consent row one (about 1 in 8 none, 1 in 16 withdrawn since,
 * the rest standing; given up to 300 days before today), and mark about 1 contact in 100
 * entered in error (wrong patient or duplicate) with its correction row, in one transaction
 * with audit "import" rows. A second run adds consents to new patients only.
 */
int cl_demo_consent(struct cl_db *db, struct cl_error *err);

#endif
