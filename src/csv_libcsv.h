/*
 * libcsv's own <csv.h>. Our src/csv.h comes first on the include path and hides it, so
 * this header (in the same folder as ours) continues the search past that folder.
 * Only src/csv.c includes it.
 */
#ifndef CL_CSV_LIBCSV_H
#define CL_CSV_LIBCSV_H

#include_next <csv.h>

#endif
