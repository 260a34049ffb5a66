/* careloop's core, all of it: what the program, the interface and the tests include. */
#ifndef CARELOOP_H
#define CARELOOP_H

#include "audit.h"
#include "date.h"
#include "db.h"
#include "demo.h"
#include "error.h"
#include "id.h"
#include "patient.h"
#include "text.h"

#endif
