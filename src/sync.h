/*
 * Several sites, one record: each site keeps its SQLite file and meets the others' changes
 * in a PostgreSQL hub (schema/hub/hub.sql), over libpq. careloop has no server and no
 * protocol of its own: a sync is SQL on a PostgreSQL connection.
 *
 * A file becomes a site at its first sync: it gets a site id, the outbox triggers (made
 * here from the synced tables' columns) and every record queued once. From then on every
 * versioned write also appends its row to the outbox in the same transaction. A sync
 * pushes the outbox in one hub transaction (the hub applies an edit only when it was made
 * on the hub's version; any other is a conflict, kept beside it), then pulls the hub's
 * changes since the site's last sequence number and applies them in SQLite transactions
 * of at most CL_SYNC_BATCH changes, each moving the watermark with its changes. The outbox
 * loses a row only after the hub committed it. Cut off anywhere, a sync is run again:
 * nothing is applied twice and nothing is lost.
 *
 * Records written once (referral events, screening answers, corrections, readings) and new
 * records of any kind never conflict: they merge. Derived rows (search indexes, counters,
 * the worklist's tables, risk changes) are not sent: each site's triggers and refreshes
 * derive them from the records it applies.
 */
#ifndef CL_SYNC_H
#define CL_SYNC_H

#include <stdbool.h>

#include "db.h"
#include "error.h"

#define CL_SYNC_BATCH 2000 /* changes per push call and per applied SQLite transaction */

struct cl_sync_stats {
	long long queued;    /* records queued when the file became a site (first sync) */
	long long pushed;    /* outbox rows the hub received */
	long long accepted;  /* of which the hub applied */
	long long conflicts; /* of which were conflicts */
	long long pulled;    /* hub changes read */
	long long applied;   /* of which were applied here */
	long long failed;    /* of which could not be applied here (listed as conflicts) */
	long long open;	     /* unresolved conflicts of this site after the sync */
	long long settings;  /* network settings from the hub that changed a value here */
	bool unreachable;    /* the hub could not be reached (err says why) */
};

/*
 * One sync with the hub at conninfo (a libpq connection string; NULL: the hub setting,
 * then the PG* environment). site_name names a new site (NULL: the host name). Needs a
 * role that writes. CL_EIO with stats->unreachable when the hub cannot be reached (the
 * file records since when); CL_EVERSION when the hub lacks careloop's tables; CL_ECORRUPT
 * when the file is behind what it already sent the hub (restored from an older backup).
 */
int cl_sync_run(struct cl_db *db, const char *conninfo, const char *site_name,
		struct cl_sync_stats *stats, struct cl_error *err);

/*
 * Create or update careloop's tables and function on the hub (schema/hub/hub.sql). db: only
 * for the hub setting when conninfo is NULL (may be NULL).
 */
int cl_sync_hub_init(struct cl_db *db, const char *conninfo, struct cl_error *err);

/*
 * Set a network setting on the hub (value checked as careloop config checks it; a site's
 * own setting is refused, CL_EINVAL field "key"), or remove it (value NULL: each site
 * keeps the value it has). Needs a hub role that may write careloop.setting.
 */
int cl_sync_hub_setting(struct cl_db *db, const char *conninfo, const char *key, const char *value,
			struct cl_error *err);

struct cl_sync_hub_value {
	char key[40];
	char value[1024];
	char updated[96]; /* "2026-12-07 10:42 by alice" (UTC) */
};

/* The network settings the hub holds, by key; *n of at most max. */
int cl_sync_hub_settings(struct cl_db *db, const char *conninfo, struct cl_sync_hub_value *rows,
			 int max, int *n, struct cl_error *err);

struct cl_sync_status {
	char site[40]; /* '' before the first sync */
	char name[64];
	char synced_at[32]; /* UTC, '' never */
	char failed_at[32]; /* UTC, '' when the last attempt reached the hub */
	char failure[256];
	long long outbox;    /* changes waiting for the hub */
	long long conflicts; /* unresolved */
	long long pulled_seq;
};

int cl_sync_status(struct cl_db *db, struct cl_sync_status *s, struct cl_error *err);

/*
 * As cl_sync_status without counting the outbox (s->outbox is left 0), and the conflicts
 * counted only for a site: cheap enough for the interface's status line at every redraw
 * (an offline site's outbox may hold every record of the file).
 */
int cl_sync_glance(struct cl_db *db, struct cl_sync_status *s, struct cl_error *err);

struct cl_sync_conflict {
	long long id; /* the hub's conflict id; negative: a hub change not applied here */
	char entity[32];
	char key[80];
	char label[128];  /* what the record is: "patient MRN0001" */
	char fields[256]; /* the fields that differ, comma-separated */
	char problem[256];
	char author[64];
	char at[32];
};

/* Unresolved conflicts, oldest first. */
int cl_sync_conflicts(struct cl_db *db, struct cl_sync_conflict *rows, int max, int *n,
		      struct cl_error *err);

struct cl_sync_field {
	char name[40];
	char hub[256];
	char site[256];
	bool differs;
};

/* The fields of conflict id side by side (stamps left out), differing ones flagged. */
int cl_sync_conflict_fields(struct cl_db *db, long long id, struct cl_sync_field *rows, int max,
			    int *n, struct cl_error *err);

/*
 * Resolve conflict id: the hub's version with the fields named in take (comma-separated;
 * "*": all of them; "" or NULL: none) from this site's. Written as a new version on the
 * hub's, which the next sync sends like any edit. A change that could not be applied here
 * (negative id) is only marked resolved. CL_ENOTFOUND, CL_EINVAL (field "take").
 */
int cl_sync_resolve(struct cl_db *db, long long id, const char *take, struct cl_error *err);

/* Has the file synced (is it a site)? */
bool cl_sync_is_site(struct cl_db *db);

/* Make db's outbox triggers as a site's (careloop check builds its reference with it). */
int cl_sync_install(struct cl_db *db, struct cl_error *err);

/* At open (read-write): a site's outbox triggers remade when the schema moved on. */
int cl_sync_ensure(struct cl_db *db, struct cl_error *err);

#endif
