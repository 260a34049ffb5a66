/* careloop's core, all of it: what the program, the interface and the tests include. */
#ifndef CARELOOP_H
#define CARELOOP_H

#include "access.h"
#include "audit.h"
#include "careplan.h"
#include "check.h"
#include "contact.h"
#include "csv.h"
#include "date.h"
#include "db.h"
#include "demo.h"
#include "domain.h"
#include "error.h"
#include "id.h"
#include "import.h"
#include "instrument.h"
#include "org.h"
#include "patient.h"
#include "record.h"
#include "referral.h"
#include "risk.h"
#include "scoring.h"
#include "screening.h"
#include "screening_import.h"
#include "setting.h"
#include "text.h"
#include "worklist.h"

#endif
