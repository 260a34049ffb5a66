/*
 * careloop's core as the program, the interface and the tests see it: every public header.
 * The core's own (db_private.h, record.h: the SQLite API) are not here; the core's modules
 * and the unit tests include them by name. Nor is the demo generator (src/demo/demo.h), a
 * tool beside the core.
 */
#ifndef CARELOOP_H
#define CARELOOP_H

#include "access.h"
#include "audit.h"
#include "backup.h"
#include "behavioral.h"
#include "calendar.h"
#include "careplan.h"
#include "check.h"
#include "chronic.h"
#include "chronic_import.h"
#include "consent.h"
#include "contact.h"
#include "correction.h"
#include "csv.h"
#include "date.h"
#include "db.h"
#include "document.h"
#include "domain.h"
#include "error.h"
#include "event_import.h"
#include "export.h"
#include "id.h"
#include "import.h"
#include "instrument.h"
#include "letter.h"
#include "measure.h"
#include "merge.h"
#include "note.h"
#include "org.h"
#include "patient.h"
#include "patient_import.h"
#include "referral.h"
#include "risk.h"
#include "scoring.h"
#include "screening.h"
#include "screening_import.h"
#include "setting.h"
#include "sync.h"
#include "text.h"
#include "timeline.h"
#include "worklist.h"

#endif
