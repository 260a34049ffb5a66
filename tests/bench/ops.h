/* make bench: each interactive operation, careloop beside the same SQL through the C API. */
#ifndef CL_BENCH_OPS_H
#define CL_BENCH_OPS_H

#include "db.h"

/* Print the side-by-side table for a clinic of `patients` demo patients open in db. */
void bench_ops(struct cl_db *db, long patients);

#endif
