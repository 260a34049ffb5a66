/*
 * The program measures over the hub (careloop report --hub): the network's figures, every
 * site's records in one place. The cohort SQL of measure.c runs unchanged on PostgreSQL
 * over the hub's reporting layer (schema/hub/report.sql: a typed view per synced table and
 * SQLite's date functions), with search_path set to it. A measure whose not_on_hub says why
 * is refused (CL_EINVAL).
 */
#ifndef CL_HUB_REPORT_H
#define CL_HUB_REPORT_H

#include "db.h"
#include "error.h"
#include "measure.h"

struct cl_hub_report;

/*
 * Connect to the hub at conninfo (NULL: db's hub setting, then the PG* environment) for
 * reading, in one snapshot for every measure computed. db: the site file the reference
 * data (instruments, domains) and the ccm_minutes setting come from. On success *out is
 * the session (close with cl_hub_report_close). CL_EIO when the hub cannot be reached;
 * CL_EVERSION when the hub has no reporting layer (careloop hub init makes it).
 */
int cl_hub_report_open(struct cl_db *db, const char *conninfo, struct cl_hub_report **out,
		       struct cl_error *err);

/*
 * Compute m over q on the hub, as cl_measure_compute does on a file. Figures per care
 * manager (q->by_care_manager) are not computed on the hub: CL_EINVAL, as for a measure
 * with not_on_hub.
 */
int cl_hub_report_compute(struct cl_hub_report *hr, const struct cl_measure *m,
			  const struct cl_measure_query *q, struct cl_measure_result *out,
			  struct cl_error *err);

void cl_hub_report_close(struct cl_hub_report *hr);

#endif
