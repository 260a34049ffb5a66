/*
 * Sync through a PostgreSQL hub: the outbox triggers, the push and the pull (see sync.h and
 * schema/hub/hub.sql). The synced tables and their keys are the list below; their columns
 * are read from the database itself (PRAGMA table_info), so a migration that adds a column
 * syncs it once the triggers are remade (cl_sync_ensure, at open).
 */
#include "config.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "db_private.h"
#include "screening.h"
#include "setting.h"
#include "sync.h"

extern const char cl_hub_sql[]; /* schema/hub/hub.sql, embedded (src/hub_sql.c) */

/*
 * The synced tables, parents before children (the order the first sync queues them in).
 * skip: derived columns, kept by each site's own triggers (",name,name,"). order: the
 * order rows are queued in at the first sync (a merged chart after the one it went into).
 */
static const struct sync_table {
	const char *name;
	const char *key[4]; /* the key columns (BLOB ids), NULL-ended */
	bool versioned;	    /* has a version column: edits are checked against it */
	const char *author; /* the column naming who wrote the row, or NULL */
	const char *skip;
	const char *order;
} tables[] = {
	{ "care_manager", { "id" }, true, "updated_by", "", "rowid" },
	{ "organization", { "id" }, true, "updated_by", "", "rowid" },
	{ "patient",
	  { "id" },
	  true,
	  "updated_by",
	  ",last_reached_at,",
	  "merged_into IS NOT NULL, rowid" },
	{ "goal", { "id" }, true, "updated_by", "", "rowid" },
	{ "task", { "id" }, true, "updated_by", ",patient_active,", "rowid" },
	{ "referral", { "id" }, true, "updated_by", ",patient_active,", "rowid" },
	{ "referral_event", { "id" }, false, "actor", "", "rowid" },
	{ "contact", { "id" }, true, "updated_by", "", "rowid" },
	{ "clinical_event", { "id" }, true, "updated_by", "", "rowid" },
	{ "screening", { "id" }, true, "updated_by", "", "rowid" },
	{ "screening_answer",
	  { "screening_id", "question_id", "answer_option_id" },
	  false,
	  NULL,
	  "",
	  "rowid" },
	{ "screening_result",
	  { "screening_id", "domain_id" },
	  false,
	  NULL,
	  "",
	  "screening_id, domain_id" },
	{ "note", { "id" }, true, "updated_by", "", "rowid" },
	{ "correction", { "id" }, false, "by", "", "rowid" },
	{ "consent", { "id" }, true, "updated_by", "", "rowid" },
	{ "bh_enrollment", { "id" }, true, "updated_by", "", "rowid" },
	{ "condition", { "id" }, true, "updated_by", "", "rowid" },
	{ "observation", { "id" }, false, "created_by", "", "rowid" },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* Stamps that differ between any two versions: not shown as differences in a conflict. */
#define STAMPS ",version,created_at,updated_at,updated_by,"

/* Is the table's key its id alone (so that a row can be replaced by it)? */
static bool by_id(const struct sync_table *t)
{
	return strcmp(t->key[0], "id") == 0 && !t->key[1];
}

static const struct sync_table *table_named(const char *name)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

/* ---- SQL text built from a table's columns ---- */

struct buf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (b->oom)
		return;
	va_start(ap, fmt);
	len = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
	va_end(ap);
	if (len < 0) {
		b->oom = true;
		return;
	}
	if (!b->p || b->n + (size_t)len + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap : 256);
		char *p;

		while (cap < b->n + (size_t)len + 1)
			cap *= 2;
		if (!(p = realloc(b->p, cap))) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
		va_start(ap, fmt);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)len;
}

#define MAX_COLUMNS 64

struct columns {
	int n;
	char name[MAX_COLUMNS][40];
	bool blob[MAX_COLUMNS];
};

/* The table's synced columns: all but the derived ones (generated columns are not listed). */
static int read_columns(struct cl_db *db, const struct sync_table *t, struct columns *c,
			struct cl_error *err)
{
	static const char sql[] = "SELECT name, upper(type) FROM pragma_table_info(?1)";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK, step;

	c->n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, t->name, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 1);
		char probe[48];

		snprintf(probe, sizeof(probe), ",%s,", name ? name : "");
		if (!name || strstr(t->skip, probe))
			continue;
		if (c->n == MAX_COLUMNS || strlen(name) >= sizeof(c->name[0])) {
			rc = cl_error_set(err, CL_EIO, "sync: table %s has too many columns",
					  t->name);
			break;
		}
		snprintf(c->name[c->n], sizeof(c->name[0]), "%s", name);
		c->blob[c->n] = type && strcmp(type, "BLOB") == 0;
		c->n++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	if (!rc && c->n == 0)
		rc = cl_error_set(err, CL_EIO, "sync: no table %s", t->name);
	return rc;
}

static int column_index(const struct columns *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return i;
	return -1;
}

/* A column's value as JSON takes it: ids as lower-case hex. p: "NEW." or "". */
static void put_value(struct buf *b, const struct columns *c, int i, const char *p)
{
	if (c->blob[i])
		put(b, "CASE WHEN %s\"%s\" IS NULL THEN NULL ELSE lower(hex(%s\"%s\")) END", p,
		    c->name[i], p, c->name[i]);
	else
		put(b, "%s\"%s\"", p, c->name[i]);
}

/* The values of one outbox row for table t, from row prefix p; base: the base version. */
static void put_outbox_values(struct buf *b, const struct sync_table *t, const struct columns *c,
			      const char *p, const char *base)
{
	put(b, "'%s', ", t->name);
	for (int k = 0; t->key[k]; k++)
		put(b, "%slower(hex(%s\"%s\"))", k ? " || '-' || " : "", p, t->key[k]);
	put(b, ", %s, ", base);
	if (t->versioned)
		put(b, "%s\"version\"", p);
	else
		put(b, "NULL");
	put(b, ", json_object(");
	for (int i = 0; i < c->n; i++) {
		put(b, "%s'%s', ", i ? ", " : "", c->name[i]);
		put_value(b, c, i, p);
	}
	put(b, "), ");
	if (t->author)
		put(b, "coalesce(%s\"%s\", '')", p, t->author);
	else
		put(b, "''");
	put(b, ", strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')");
}

static int exec_buf(struct cl_db *db, struct buf *b, struct cl_error *err)
{
	int rc;

	if (b->oom)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	rc = cl_db_exec(db, b->p, err);
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
	return rc;
}

#define OUTBOX_COLUMNS "outbox (entity, key, base_version, version, row, author, at)"
#define APPLYING       "(SELECT applying FROM sync_state) = 0"

/* (Re)make the outbox triggers of every synced table; inside the caller's transaction. */
static int install_triggers(struct cl_db *db, struct cl_error *err)
{
	struct buf b = { 0 };
	struct columns c;
	int rc = CL_OK;

	for (size_t i = 0; !rc && i < NTABLES; i++) {
		const struct sync_table *t = &tables[i];

		if ((rc = read_columns(db, t, &c, err)))
			break;
		put(&b,
		    "DROP TRIGGER IF EXISTS \"outbox_%s_insert\";"
		    " DROP TRIGGER IF EXISTS \"outbox_%s_update\";",
		    t->name, t->name);
		put(&b,
		    "CREATE TRIGGER \"outbox_%s_insert\" AFTER INSERT ON \"%s\" WHEN " APPLYING
		    " BEGIN INSERT INTO " OUTBOX_COLUMNS " VALUES (",
		    t->name, t->name);
		put_outbox_values(&b, t, &c, "NEW.", "NULL");
		put(&b, "); END;");
		if (t->versioned) {
			/* A derived column's update (no new version) is not an edit. */
			put(&b,
			    "CREATE TRIGGER \"outbox_%s_update\" AFTER UPDATE ON \"%s\" WHEN " APPLYING
			    " AND NEW.version IS NOT OLD.version BEGIN INSERT INTO " OUTBOX_COLUMNS
			    " VALUES (",
			    t->name, t->name);
			put_outbox_values(&b, t, &c, "NEW.", "OLD.version");
			put(&b, "); END;");
		} else if (by_id(t)) {
			/*
			 * A record without versions changes only when a merge moves it to the
			 * surviving chart: the row as it is now, the last one sent winning.
			 */
			put(&b,
			    "CREATE TRIGGER \"outbox_%s_update\" AFTER UPDATE ON \"%s\" WHEN " APPLYING
			    " BEGIN INSERT INTO " OUTBOX_COLUMNS " VALUES (",
			    t->name, t->name);
			put_outbox_values(&b, t, &c, "NEW.", "NULL");
			put(&b, "); END;");
		}
		rc = exec_buf(db, &b, err);
	}
	if (!rc) {
		static const char sql[] = "UPDATE sync_state SET triggers_for = ?1";
		sqlite3_stmt *st = cl_db_stmt(db, sql, err);

		if (!st)
			rc = err ? err->code : CL_EIO;
		else if (!(rc = cl_db_bind_int(st, 1, cl_db_schema_version(), err)) &&
			 sqlite3_step(st) != SQLITE_DONE)
			rc = cl_db_error(db, err);
		if (st)
			sqlite3_reset(st);
	}
	free(b.p);
	return rc;
}

/* Queue every record of every synced table (the first sync). */
static int queue_all(struct cl_db *db, long long *queued, struct cl_error *err)
{
	struct buf b = { 0 };
	struct columns c;
	int rc = CL_OK;

	for (size_t i = 0; !rc && i < NTABLES; i++) {
		const struct sync_table *t = &tables[i];

		if ((rc = read_columns(db, t, &c, err)))
			break;
		put(&b, "INSERT INTO " OUTBOX_COLUMNS " SELECT ");
		put_outbox_values(&b, t, &c, "", "NULL");
		put(&b, " FROM \"%s\" ORDER BY %s", t->name, t->order);
		if (!(rc = exec_buf(db, &b, err)))
			*queued += sqlite3_changes(cl_db_sqlite(db));
	}
	free(b.p);
	return rc;
}

struct state {
	char site[40];
	char name[64];
	long long triggers_for;
	long long pulled_seq;
};

static int read_state(struct cl_db *db, struct state *s, struct cl_error *err)
{
	static const char sql[] = "SELECT site, name, triggers_for, pulled_seq FROM sync_state";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	memset(s, 0, sizeof(*s));
	if (!st)
		return err ? err->code : CL_EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		cl_db_column_text(st, 0, s->site, sizeof(s->site));
		cl_db_column_text(st, 1, s->name, sizeof(s->name));
		s->triggers_for = sqlite3_column_int64(st, 2);
		s->pulled_seq = sqlite3_column_int64(st, 3);
	} else {
		rc = cl_db_error(db, err);
		if (!rc)
			rc = cl_error_set(err, CL_ECORRUPT, "sync_state has no row");
	}
	sqlite3_reset(st);
	return rc;
}

bool cl_sync_is_site(struct cl_db *db)
{
	struct state s;

	return read_state(db, &s, NULL) == CL_OK && s.site[0];
}

int cl_sync_install(struct cl_db *db, struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = install_triggers(db, err)) || (rc = cl_db_commit(db, err)))
		cl_db_rollback(db);
	return rc;
}

int cl_sync_ensure(struct cl_db *db, struct cl_error *err)
{
	struct state s;
	int rc;

	if ((rc = read_state(db, &s, err)))
		return rc;
	if (!s.site[0] || s.triggers_for == cl_db_schema_version())
		return CL_OK;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = install_triggers(db, err)) || (rc = cl_db_commit(db, err)))
		cl_db_rollback(db);
	return rc;
}

/* The first sync: a site id, the triggers, every record queued; one transaction. */
static int join(struct cl_db *db, const char *name, struct cl_sync_stats *stats,
		struct cl_error *err)
{
	static const char sql[] = "UPDATE sync_state SET site = ?1, name = ?2";
	char id[CL_ID_STRLEN], host[64] = "";
	sqlite3_stmt *st;
	struct cl_id uuid;
	int rc;

	if (!name || !*name) {
		if (gethostname(host, sizeof(host) - 1) != 0 || !host[0])
			snprintf(host, sizeof(host), "site");
		name = host;
	}
	cl_id_new(&uuid);
	cl_id_str(&uuid, id);
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql, err))) {
		rc = err ? err->code : CL_EIO;
	} else {
		if (!(rc = cl_db_bind_text(st, 1, id, err)) &&
		    !(rc = cl_db_bind_text(st, 2, name, err)) && sqlite3_step(st) != SQLITE_DONE)
			rc = cl_db_error(db, err);
		sqlite3_reset(st);
	}
	if (!rc)
		rc = install_triggers(db, err);
	if (!rc)
		rc = queue_all(db, &stats->queued, err);
	if (!rc)
		rc = cl_db_commit(db, err);
	if (rc)
		cl_db_rollback(db);
	return rc;
}

/* ---- the hub ---- */

/* err from a failed libpq call: the server's primary message only (never DETAIL: values). */
static int hub_error(PGconn *conn, PGresult *res, struct cl_error *err)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char line[200];

	if (!msg) {
		snprintf(line, sizeof(line), "%s", PQerrorMessage(conn));
		line[strcspn(line, "\n")] = '\0';
		msg = line;
	}
	if (state && strcmp(state, "42883") == 0) /* undefined_function: careloop.push */
		return cl_error_set(err, CL_EVERSION,
				    "the hub has no careloop tables: run careloop hub init");
	return cl_error_set(err, CL_EIO, "the hub: %s", msg);
}

static PGconn *hub_connect(struct cl_db *db, const char *conninfo, struct cl_error *err)
{
	char setting[1024] = "";
	PGconn *conn;

	if (!conninfo && db) {
		cl_setting_text(db, "hub", setting, sizeof(setting));
		conninfo = setting;
	} else if (!conninfo) {
		conninfo = setting;
	}
	conn = PQconnectdb(conninfo);
	if (!conn) {
		cl_error_set(err, CL_ENOMEM, "out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		hub_error(conn, NULL, err);
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

/* Run sql with text parameters; a result of status ok (tuples or command) into *out. */
static int hub_run(PGconn *conn, const char *sql, int n, const char *const *params, PGresult **out,
		   struct cl_error *err)
{
	PGresult *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = CL_OK;

	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK)
		rc = hub_error(conn, res, err);
	if (out && !rc)
		*out = res;
	else
		PQclear(res);
	return rc;
}

int cl_sync_hub_init(struct cl_db *db, const char *conninfo, struct cl_error *err)
{
	PGconn *conn = hub_connect(db, conninfo, err);
	PGresult *res;
	int rc = CL_OK;

	if (!conn)
		return err ? err->code : CL_EIO;
	/* Several statements: the simple query protocol, in one transaction. */
	res = PQexec(conn, "BEGIN");
	PQclear(res);
	res = PQexec(conn, cl_hub_sql);
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = hub_error(conn, res, err);
	PQclear(res);
	res = PQexec(conn, rc ? "ROLLBACK" : "COMMIT");
	if (!rc && (!res || PQresultStatus(res) != PGRES_COMMAND_OK))
		rc = hub_error(conn, res, err);
	PQclear(res);
	PQfinish(conn);
	return rc;
}

int cl_sync_hub_setting(struct cl_db *db, const char *conninfo, const char *key, const char *value,
			struct cl_error *err)
{
	char norm[1024];
	PGconn *conn;
	int rc;

	if (value && (rc = cl_setting_check(key, value, norm, sizeof(norm), err)))
		return rc;
	if (!value && !cl_setting_find(key))
		return cl_error_field(err, CL_EINVAL, "key", "unknown setting");
	if (!(conn = hub_connect(db, conninfo, err)))
		return err ? err->code : CL_EIO;
	if (value) {
		const char *p[2] = { key, norm };

		rc = hub_run(conn,
			     "INSERT INTO careloop.setting (key, value) VALUES ($1, $2) ON CONFLICT"
			     " (key) DO UPDATE SET value = excluded.value, updated_at = now(),"
			     " updated_by = session_user",
			     2, p, NULL, err);
	} else {
		const char *p[1] = { key };

		rc = hub_run(conn, "DELETE FROM careloop.setting WHERE key = $1", 1, p, NULL, err);
	}
	PQfinish(conn);
	return rc;
}

int cl_sync_hub_settings(struct cl_db *db, const char *conninfo, struct cl_sync_hub_value *rows,
			 int max, int *n, struct cl_error *err)
{
	PGconn *conn = hub_connect(db, conninfo, err);
	PGresult *res = NULL;
	int rc;

	*n = 0;
	if (!conn)
		return err ? err->code : CL_EIO;
	rc = hub_run(conn,
		     "SELECT key, value, to_char(updated_at AT TIME ZONE 'UTC',"
		     " 'YYYY-MM-DD HH24:MI') || ' by ' || updated_by FROM careloop.setting"
		     " ORDER BY key",
		     0, NULL, &res, err);
	for (int r = 0; !rc && r < PQntuples(res) && *n < max; r++) {
		struct cl_sync_hub_value *v = &rows[(*n)++];

		snprintf(v->key, sizeof(v->key), "%s", PQgetvalue(res, r, 0));
		snprintf(v->value, sizeof(v->value), "%s", PQgetvalue(res, r, 1));
		snprintf(v->updated, sizeof(v->updated), "%s", PQgetvalue(res, r, 2));
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* ---- push ---- */

static long long local_max_seq(struct cl_db *db)
{
	static const char sql[] = "SELECT coalesce((SELECT seq FROM sqlite_sequence"
				  " WHERE name = 'outbox'), 0)";
	sqlite3_stmt *st = cl_db_stmt(db, sql, NULL);
	long long v = 0;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

/*
 * Push the outbox in one hub transaction; *pushed: the site's pushed_seq on the hub after
 * it (every outbox row at or below it is on the hub).
 */
static int push(struct cl_db *db, PGconn *conn, const struct state *s, long long *pushed,
		struct cl_sync_stats *stats, struct cl_error *err)
{
	static const char sql_batch[] =
		"SELECT json_group_array(json_object('seq', seq, 'entity', entity, 'key', key,"
		" 'base', base_version, 'version', version, 'row', json(row), 'author', author,"
		" 'at', at)), max(seq), count(*) FROM (SELECT * FROM outbox WHERE seq > ?1"
		" ORDER BY seq LIMIT ?2)";
	long long after = 0, hub_seq = 0;
	PGresult *res = NULL;
	int rc;

	/* careloop.push() locks careloop.change until the commit: pushes go one at a time. */
	if ((rc = hub_run(conn, "BEGIN", 0, NULL, NULL, err)))
		return rc;
	{
		const char *p[1] = { s->site };

		if ((rc = hub_run(conn, "SELECT pushed_seq FROM careloop.site WHERE site = $1", 1,
				  p, &res, err)))
			goto out;
		if (PQntuples(res) == 1)
			hub_seq = atoll(PQgetvalue(res, 0, 0));
		PQclear(res);
		res = NULL;
	}
	if (hub_seq > local_max_seq(db)) {
		rc = cl_error_set(
			err, CL_ECORRUPT,
			"this file is behind what it already sent the hub (change %lld of "
			"%lld): restored from an older backup? Nothing was sent",
			local_max_seq(db), hub_seq);
		goto out;
	}
	*pushed = hub_seq;
	for (;;) {
		sqlite3_stmt *st = cl_db_stmt(db, sql_batch, err);
		const char *p[3];
		char *batch = NULL;
		long long last = 0, count = 0;

		if (!st) {
			rc = err ? err->code : CL_EIO;
			goto out;
		}
		if ((rc = cl_db_bind_int(st, 1, after, err)) ||
		    (rc = cl_db_bind_int(st, 2, CL_SYNC_BATCH, err)))
			goto out;
		if (sqlite3_step(st) == SQLITE_ROW) {
			count = sqlite3_column_int64(st, 2);
			last = sqlite3_column_int64(st, 1);
			if (count && !(batch = strdup((const char *)sqlite3_column_text(st, 0))))
				rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		} else {
			rc = cl_db_error(db, err);
		}
		sqlite3_reset(st);
		if (rc || !count) {
			free(batch);
			break;
		}
		p[0] = s->site;
		p[1] = s->name;
		p[2] = batch;
		rc = hub_run(
			conn,
			"SELECT pushed, applied, conflicts FROM careloop.push($1, $2, $3::jsonb)",
			3, p, &res, err);
		free(batch);
		if (rc)
			goto out;
		*pushed = atoll(PQgetvalue(res, 0, 0));
		stats->accepted += atoll(PQgetvalue(res, 0, 1));
		stats->conflicts += atoll(PQgetvalue(res, 0, 2));
		stats->pushed += count;
		PQclear(res);
		res = NULL;
		after = last;
	}
	if (!rc && !after) {
		/* Nothing to send: the site is still seen (and registered on its first sync). */
		const char *p[3] = { s->site, s->name, "[]" };

		rc = hub_run(conn, "SELECT pushed FROM careloop.push($1, $2, $3::jsonb)", 3, p,
			     NULL, err);
	}
out:
	PQclear(res);
	if (!rc)
		rc = hub_run(conn, "COMMIT", 0, NULL, NULL, err);
	if (rc)
		PQclear(PQexec(conn, "ROLLBACK"));
	return rc;
}

/* ---- pull ---- */

/* cl_unhex(TEXT) → BLOB: the ids of a JSON row back to their 16 bytes; NULL stays NULL. */
static void unhex_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	unsigned char out[64];
	int n = sqlite3_value_bytes(argv[0]);

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !s) {
		sqlite3_result_null(ctx);
		return;
	}
	if (n % 2 || n / 2 > (int)sizeof(out)) {
		sqlite3_result_error(ctx, "sync: a malformed id", -1);
		return;
	}
	for (int i = 0; i < n / 2; i++) {
		unsigned v = 0;

		for (int k = 0; k < 2; k++) {
			unsigned char ch = s[2 * i + k];

			v <<= 4;
			if (ch >= '0' && ch <= '9')
				v |= ch - '0';
			else if (ch >= 'a' && ch <= 'f')
				v |= ch - 'a' + 10;
			else if (ch >= 'A' && ch <= 'F')
				v |= ch - 'A' + 10;
			else {
				sqlite3_result_error(ctx, "sync: a malformed id", -1);
				return;
			}
		}
		out[i] = (unsigned char)v;
	}
	sqlite3_result_blob(ctx, out, n / 2, SQLITE_TRANSIENT);
}

/* A table's statements for applying rows: ?1 is the row's JSON. */
struct applier {
	sqlite3_stmt *exists; /* its version (NULL when unversioned) when the row is here */
	sqlite3_stmt *upsert;
};

static void put_decoded(struct buf *b, const struct columns *c, int i)
{
	if (c->blob[i])
		put(b, "cl_unhex(json_extract(?1, '$.%s'))", c->name[i]);
	else
		put(b, "json_extract(?1, '$.%s')", c->name[i]);
}

static int prepare(struct cl_db *db, struct buf *b, sqlite3_stmt **st, struct cl_error *err)
{
	int rc;

	if (b->oom)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	rc = sqlite3_prepare_v2(cl_db_sqlite(db), b->p, -1, st, NULL) == SQLITE_OK
		     ? CL_OK
		     : cl_db_error(db, err);
	b->n = 0;
	return rc;
}

static int applier_make(struct cl_db *db, const struct sync_table *t, struct applier *a,
			struct cl_error *err)
{
	struct buf b = { 0 };
	struct columns c;
	int rc;

	if ((rc = read_columns(db, t, &c, err)))
		return rc;
	put(&b, "SELECT %s FROM \"%s\" WHERE ", t->versioned ? "version" : "NULL", t->name);
	for (int k = 0; t->key[k]; k++) {
		int i = column_index(&c, t->key[k]);

		if (i < 0) {
			free(b.p);
			return cl_error_set(err, CL_EIO, "sync: %s has no %s", t->name, t->key[k]);
		}
		put(&b, "%s\"%s\" = ", k ? " AND " : "", t->key[k]);
		put_decoded(&b, &c, i);
	}
	if ((rc = prepare(db, &b, &a->exists, err)))
		goto out;
	put(&b, "INSERT INTO \"%s\" (", t->name);
	for (int i = 0; i < c.n; i++)
		put(&b, "%s\"%s\"", i ? ", " : "", c.name[i]);
	put(&b, ") VALUES (");
	for (int i = 0; i < c.n; i++) {
		put(&b, "%s", i ? ", " : "");
		put_decoded(&b, &c, i);
	}
	put(&b, ")");
	if (by_id(t)) {
		put(&b, " ON CONFLICT (id) DO UPDATE SET ");
		for (int i = 0, first = 1; i < c.n; i++) {
			if (strcmp(c.name[i], "id") == 0)
				continue;
			put(&b, "%s\"%s\" = excluded.\"%s\"", first ? "" : ", ", c.name[i],
			    c.name[i]);
			first = 0;
		}
	}
	rc = prepare(db, &b, &a->upsert, err);
out:
	free(b.p);
	return rc;
}

struct pull {
	struct applier ap[NTABLES];
	sqlite3_stmt *touched; /* a patient whose screenings changed, into temp.sync_touched */
	sqlite3_stmt *services_clear, *services_add;
};

static void pull_free(struct pull *p)
{
	for (size_t i = 0; i < NTABLES; i++) {
		sqlite3_finalize(p->ap[i].exists);
		sqlite3_finalize(p->ap[i].upsert);
	}
	sqlite3_finalize(p->touched);
	sqlite3_finalize(p->services_clear);
	sqlite3_finalize(p->services_add);
	memset(p, 0, sizeof(*p));
}

static int prepare_text(struct cl_db *db, const char *sql, sqlite3_stmt **st, struct cl_error *err)
{
	return sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, st, NULL) == SQLITE_OK
		       ? CL_OK
		       : cl_db_error(db, err);
}

static int pull_make(struct cl_db *db, struct pull *p, struct cl_error *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (sqlite3_create_function(cl_db_sqlite(db), "cl_unhex", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, unhex_fn, NULL,
				    NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	if ((rc = cl_db_exec(db,
			     "CREATE TEMP TABLE IF NOT EXISTS sync_touched"
			     " (patient_id BLOB PRIMARY KEY)",
			     err)))
		return rc;
	for (size_t i = 0; i < NTABLES; i++)
		if ((rc = applier_make(db, &tables[i], &p->ap[i], err)))
			return rc;
	/* The screening (?1 its id, hex) whose patient's derived rows need a refresh. */
	if ((rc = prepare_text(db,
			       "INSERT OR IGNORE INTO temp.sync_touched"
			       " SELECT patient_id FROM screening WHERE id = cl_unhex(?1)",
			       &p->touched, err)) ||
	    (rc = prepare_text(db,
			       "DELETE FROM organization_service WHERE organization_id ="
			       " cl_unhex(json_extract(?1, '$.id'))",
			       &p->services_clear, err)) ||
	    /* The services "a, b" one per row, as the directory's store writes them. */
	    (rc = prepare_text(db,
			       "WITH RECURSIVE s(rest, code) AS (SELECT replace(coalesce("
			       "json_extract(?1, '$.services'), ''), ' ', ',') || ',', ''"
			       " UNION ALL SELECT substr(rest, instr(rest, ',') + 1),"
			       " substr(rest, 1, instr(rest, ',') - 1) FROM s WHERE rest <> '')"
			       " INSERT OR IGNORE INTO organization_service (organization_id, code)"
			       " SELECT cl_unhex(json_extract(?1, '$.id')), code FROM s"
			       " WHERE code <> ''",
			       &p->services_add, err)))
		return rc;
	return CL_OK;
}

static int step_done(struct cl_db *db, sqlite3_stmt *st, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	return rc;
}

/* Keep a hub change that could not be applied here, for the conflicts list. */
static int keep_failed(struct cl_db *db, long long seq, const char *entity, const char *key,
		       const char *version, const char *row, const char *problem,
		       struct cl_error *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO sync_conflict (id, entity, key, hub_version, hub_row,"
		" site_version, site_row, author, at, problem) VALUES (-?1, ?2, ?3, ?4, ?5,"
		" (SELECT NULL), '{}', '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?6)";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, seq, err)) || (rc = cl_db_bind_text(st, 2, entity, err)) ||
	    (rc = cl_db_bind_text(st, 3, key, err)) ||
	    (rc = version ? cl_db_bind_int(st, 4, atoll(version), err)
			  : cl_db_bind_null(st, 4, err)) ||
	    (rc = cl_db_bind_text(st, 5, row, err)) || (rc = cl_db_bind_text(st, 6, problem, err)))
		return rc;
	return step_done(db, st, err);
}

/* Mark the patient of the screening that leads key for a refresh of its derived rows. */
static int touch(struct pull *p, const char *key, struct cl_db *db, struct cl_error *err)
{
	char id[33];
	int rc;

	snprintf(id, sizeof(id), "%s", key); /* the screening's id leads each key */
	if ((rc = cl_db_bind_text(p->touched, 1, id, err)))
		return rc;
	return step_done(db, p->touched, err);
}

/*
 * Apply one hub change: a new record, or an edit made on the version this site holds. A
 * record this site edited since (its version is not the edit's base) is left as it is: the
 * hub holds, or will at the next push, the conflict. 1 when applied, 0 when not; a change
 * the database refuses (a constraint) is kept in the conflicts list and counted in failed.
 */
static int apply_one(struct cl_db *db, struct pull *p, long long seq, const char *entity,
		     const char *key, const char *base, const char *version, const char *row,
		     struct cl_sync_stats *stats, struct cl_error *err)
{
	const struct sync_table *t = table_named(entity);
	struct applier *a;
	bool here = false;
	long long have = 0;
	int rc, step;

	if (!t)
		return keep_failed(db, seq, entity, key, version, row,
				   "a kind of record this careloop does not know", err);
	a = &p->ap[t - tables];
	if ((rc = cl_db_bind_text(a->exists, 1, row, err)))
		return rc;
	step = sqlite3_step(a->exists);
	if (step == SQLITE_ROW) {
		here = true;
		have = sqlite3_column_int64(a->exists, 0);
	}
	sqlite3_reset(a->exists);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return cl_db_error(db, err);
	if (here && !t->versioned && !by_id(t))
		return CL_OK; /* written once: had it already */
	if (here && t->versioned && (!base || have != atoll(base)))
		return CL_OK; /* had it already, or edited here since */
	if ((rc = cl_db_exec(db, "SAVEPOINT sync_one", err)))
		return rc;
	/* A screening moved by a merge leaves a patient whose derived rows change too. */
	if (here && strncmp(entity, "screening", 9) == 0 && (rc = touch(p, key, db, err)))
		return rc;
	if ((rc = cl_db_bind_text(a->upsert, 1, row, err)))
		return rc;
	step = sqlite3_step(a->upsert);
	sqlite3_reset(a->upsert);
	if (step != SQLITE_DONE) {
		struct cl_error why = { 0 };

		cl_db_error(db, &why);
		if (why.code == CL_EBUSY || why.code == CL_ENOMEM || why.code == CL_EIO) {
			/* Not the record's fault: the whole batch stops (and is run again). */
			cl_db_exec(db, "ROLLBACK TO sync_one; RELEASE sync_one", NULL);
			*err = why;
			return why.code;
		}
		if ((rc = cl_db_exec(db, "ROLLBACK TO sync_one; RELEASE sync_one", err)))
			return rc;
		stats->failed++;
		return keep_failed(db, seq, entity, key, version, row, why.message, err);
	}
	if (strncmp(entity, "screening", 9) == 0) {
		if ((rc = touch(p, key, db, err)))
			return rc;
	} else if (strcmp(entity, "organization") == 0) {
		if ((rc = cl_db_bind_text(p->services_clear, 1, row, err)) ||
		    (rc = step_done(db, p->services_clear, err)) ||
		    (rc = cl_db_bind_text(p->services_add, 1, row, err)) ||
		    (rc = step_done(db, p->services_add, err)))
			return rc;
	}
	stats->applied++;
	return cl_db_exec(db, "RELEASE sync_one", err);
}

/* The derived screening rows of every patient whose screenings arrived. */
static int refresh_touched(struct cl_db *db, struct cl_error *err)
{
	static const char sql[] = "SELECT patient_id FROM temp.sync_touched";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_id id;

		if (cl_db_column_id(st, 0, &id) == 0)
			rc = cl_screening_refresh(db, &id, err);
	}
	sqlite3_reset(st);
	return rc ? rc : cl_db_exec(db, "DELETE FROM temp.sync_touched", err);
}

static int set_applying(struct cl_db *db, int on, struct cl_error *err)
{
	return cl_db_exec(db,
			  on ? "UPDATE sync_state SET applying = 1"
			     : "UPDATE sync_state SET applying = 0",
			  err);
}

/* The hub's open conflicts about this site's edits, copied for offline review. */
static int copy_conflicts(struct cl_db *db, PGconn *conn, const struct state *s,
			  struct cl_error *err)
{
	static const char sql_add[] =
		"INSERT OR IGNORE INTO sync_conflict (id, entity, key, hub_version, hub_row,"
		" site_version, site_row, author, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	const char *p[1] = { s->site };
	PGresult *res = NULL;
	int rc;

	if ((rc = hub_run(conn,
			  "SELECT id, entity, key, hub_version, hub_row::text, version, row::text,"
			  " author, at FROM careloop.conflict WHERE site = $1 AND resolved_at IS"
			  " NULL ORDER BY id",
			  1, p, &res, err)))
		return rc;
	rc = cl_db_exec(db, "DELETE FROM sync_conflict WHERE id > 0 AND resolved_at = ''", err);
	for (int r = 0; !rc && r < PQntuples(res); r++) {
		sqlite3_stmt *st = cl_db_stmt(db, sql_add, err);

		if (!st) {
			rc = err ? err->code : CL_EIO;
			break;
		}
		if ((rc = cl_db_bind_int(st, 1, atoll(PQgetvalue(res, r, 0)), err)))
			break;
		for (int c = 1; !rc && c < 9; c++) {
			const char *v = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);

			if (c == 3 || c == 5)
				rc = v ? cl_db_bind_int(st, c + 1, atoll(v), err)
				       : cl_db_bind_null(st, c + 1, err);
			else
				rc = cl_db_bind_text(st, c + 1, v ? v : "", err);
		}
		if (!rc)
			rc = step_done(db, st, err);
	}
	PQclear(res);
	return rc;
}

/*
 * The network's settings from the hub, over this site's (in the first pull transaction). A
 * key this careloop does not know (a newer one's) or a site's own is left alone.
 */
static int take_settings(struct cl_db *db, PGconn *conn, struct cl_sync_stats *stats,
			 struct cl_error *err)
{
	PGresult *res = NULL;
	int rc;

	if ((rc = hub_run(conn, "SELECT key, value FROM careloop.setting ORDER BY key", 0, NULL,
			  &res, err)))
		return rc;
	for (int r = 0; !rc && r < PQntuples(res); r++) {
		const char *key = PQgetvalue(res, r, 0);
		struct cl_error why = { 0 };
		bool changed = false;

		if (!cl_setting_find(key) || cl_setting_is_local(key))
			continue;
		rc = cl_setting_apply_in(db, key, PQgetvalue(res, r, 1), &changed, &why);
		if (rc == CL_EINVAL) {
			rc = CL_OK; /* checked when it was set: a newer careloop's range */
			continue;
		}
		if (rc)
			*err = why;
		stats->settings += changed;
	}
	PQclear(res);
	return rc;
}

/* After the hub committed up to pushed: the outbox forgets what the hub has. */
static int forget_pushed(struct cl_db *db, long long pushed, struct cl_error *err)
{
	static const char sql[] = "DELETE FROM outbox WHERE seq <= ?1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, pushed, err)))
		return rc;
	return step_done(db, st, err);
}

static int set_pulled(struct cl_db *db, long long seq, struct cl_error *err)
{
	static const char sql[] =
		"UPDATE sync_state SET pulled_seq = ?1,"
		" synced_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), failed_at = '', failure = ''";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, seq, err)))
		return rc;
	return step_done(db, st, err);
}

/*
 * Pull: every hub change after the watermark from other sites, in SQLite transactions of
 * CL_SYNC_BATCH changes, each moving the watermark with its changes. The first also takes
 * the outbox rows the hub has and the hub's conflicts.
 */
static int pull(struct cl_db *db, PGconn *conn, struct state *s, long long pushed,
		struct cl_sync_stats *stats, struct cl_error *err)
{
	struct pull p;
	bool first = true;
	int rc;

	if ((rc = pull_make(db, &p, err))) {
		pull_free(&p);
		return rc;
	}
	for (;;) {
		char after[24], limit[24];
		const char *params[3] = { after, s->site, limit };
		PGresult *res = NULL;
		long long last = s->pulled_seq;
		int rows;

		snprintf(after, sizeof(after), "%lld", s->pulled_seq);
		snprintf(limit, sizeof(limit), "%d", CL_SYNC_BATCH);
		if ((rc = hub_run(conn,
				  "SELECT seq, entity, key, base_version, version, row::text FROM"
				  " careloop.change WHERE seq > $1 AND site <> $2 ORDER BY seq"
				  " LIMIT $3",
				  3, params, &res, err)))
			break;
		rows = PQntuples(res);
		if (!rows && !first) {
			PQclear(res);
			break;
		}
		if ((rc = cl_db_begin(db, err))) {
			PQclear(res);
			break;
		}
		if (first)
			rc = forget_pushed(db, pushed, err);
		if (!rc && first)
			rc = copy_conflicts(db, conn, s, err);
		if (!rc && first)
			rc = take_settings(db, conn, stats, err);
		if (!rc)
			rc = set_applying(db, 1, err);
		for (int r = 0; !rc && r < rows; r++) {
			last = atoll(PQgetvalue(res, r, 0));
			rc = apply_one(db, &p, last, PQgetvalue(res, r, 1), PQgetvalue(res, r, 2),
				       PQgetisnull(res, r, 3) ? NULL : PQgetvalue(res, r, 3),
				       PQgetisnull(res, r, 4) ? NULL : PQgetvalue(res, r, 4),
				       PQgetvalue(res, r, 5), stats, err);
		}
		PQclear(res);
		if (!rc)
			rc = set_applying(db, 0, err);
		if (!rc)
			rc = refresh_touched(db, err);
		if (!rc)
			rc = set_pulled(db, last, err);
		if (!rc && rows) {
			rc = cl_audit_log(db, CL_AUDIT_IMPORT, "sync", NULL, err);
		}
		if (!rc)
			rc = cl_db_commit(db, err);
		if (rc) {
			cl_db_rollback(db);
			break;
		}
		stats->pulled += rows;
		s->pulled_seq = last;
		first = false;
		if (rows < CL_SYNC_BATCH)
			break;
	}
	pull_free(&p);
	return rc;
}

/* Remember since when the hub is unreachable (kept from the first failure). */
static void record_failure(struct cl_db *db, const char *why)
{
	static const char sql[] =
		"UPDATE sync_state SET failure = ?1, failed_at = CASE failed_at WHEN '' THEN"
		" strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE failed_at END";
	sqlite3_stmt *st;

	if (cl_db_begin(db, NULL))
		return;
	st = cl_db_stmt(db, sql, NULL);
	if (st && cl_db_bind_text(st, 1, why, NULL) == 0 && step_done(db, st, NULL) == 0 &&
	    cl_db_commit(db, NULL) == 0)
		return;
	if (st)
		sqlite3_reset(st);
	cl_db_rollback(db);
}

static long long count_open(struct cl_db *db)
{
	static const char sql[] = "SELECT count(*) FROM sync_conflict WHERE resolved_at = ''";
	sqlite3_stmt *st = cl_db_stmt(db, sql, NULL);
	long long n = 0;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

int cl_sync_run(struct cl_db *db, const char *conninfo, const char *site_name,
		struct cl_sync_stats *stats, struct cl_error *err)
{
	long long pushed = 0;
	struct state s;
	PGconn *conn;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if ((rc = read_state(db, &s, err)))
		return rc;
	if (!s.site[0] &&
	    ((rc = join(db, site_name, stats, err)) || (rc = read_state(db, &s, err))))
		return rc;
	if (!(conn = hub_connect(db, conninfo, err))) {
		stats->unreachable = true;
		record_failure(db, err ? err->message : "");
		return err ? err->code : CL_EIO;
	}
	rc = push(db, conn, &s, &pushed, stats, err);
	if (!rc)
		rc = pull(db, conn, &s, pushed, stats, err);
	if (rc && PQstatus(conn) != CONNECTION_OK) {
		stats->unreachable = true;
		record_failure(db, err ? err->message : "");
	}
	PQfinish(conn);
	stats->open = count_open(db);
	return rc;
}

/* ---- status and conflicts ---- */

int cl_sync_status(struct cl_db *db, struct cl_sync_status *out, struct cl_error *err)
{
	static const char sql[] = "SELECT site, name, synced_at, failed_at, failure, (SELECT"
				  " count(*) FROM outbox), (SELECT count(*) FROM sync_conflict"
				  " WHERE resolved_at = ''), pulled_seq FROM sync_state";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	memset(out, 0, sizeof(*out));
	if (!st)
		return err ? err->code : CL_EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		cl_db_column_text(st, 0, out->site, sizeof(out->site));
		cl_db_column_text(st, 1, out->name, sizeof(out->name));
		cl_db_column_text(st, 2, out->synced_at, sizeof(out->synced_at));
		cl_db_column_text(st, 3, out->failed_at, sizeof(out->failed_at));
		cl_db_column_text(st, 4, out->failure, sizeof(out->failure));
		out->outbox = sqlite3_column_int64(st, 5);
		out->conflicts = sqlite3_column_int64(st, 6);
		out->pulled_seq = sqlite3_column_int64(st, 7);
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

int cl_sync_glance(struct cl_db *db, struct cl_sync_status *out, struct cl_error *err)
{
	static const char sql[] = "SELECT site, name, synced_at, failed_at, CASE site WHEN ''"
				  " THEN 0 ELSE (SELECT count(*) FROM sync_conflict WHERE"
				  " resolved_at = '') END, pulled_seq FROM sync_state";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	memset(out, 0, sizeof(*out));
	if (!st)
		return err ? err->code : CL_EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		cl_db_column_text(st, 0, out->site, sizeof(out->site));
		cl_db_column_text(st, 1, out->name, sizeof(out->name));
		cl_db_column_text(st, 2, out->synced_at, sizeof(out->synced_at));
		cl_db_column_text(st, 3, out->failed_at, sizeof(out->failed_at));
		out->conflicts = sqlite3_column_int64(st, 4);
		out->pulled_seq = sqlite3_column_int64(st, 5);
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

int cl_sync_conflicts(struct cl_db *db, struct cl_sync_conflict *rows, int max, int *n,
		      struct cl_error *err)
{
	/* What the record is, without PHI beyond what the chart shows: an MRN, a table. */
	static const char sql[] =
		"SELECT c.id, c.entity, c.key, c.problem, c.author, c.at,"
		" CASE c.entity WHEN 'patient' THEN 'patient ' || coalesce(json_extract(c.hub_row,"
		" '$.mrn'), json_extract(c.site_row, '$.mrn'), '') ELSE replace(c.entity, '_', ' ')"
		" END, (SELECT group_concat(s.key, ', ') FROM json_each(c.site_row) s"
		" WHERE instr('" STAMPS "', ',' || s.key || ',') = 0 AND s.value IS NOT"
		" json_extract(c.hub_row, '$.' || s.key)) FROM sync_conflict c"
		" WHERE c.resolved_at = '' ORDER BY c.at, c.id LIMIT ?1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK, step;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, max, err)))
		return rc;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_sync_conflict *c = &rows[(*n)++];

		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(st, 0);
		cl_db_column_text(st, 1, c->entity, sizeof(c->entity));
		cl_db_column_text(st, 2, c->key, sizeof(c->key));
		cl_db_column_text(st, 3, c->problem, sizeof(c->problem));
		cl_db_column_text(st, 4, c->author, sizeof(c->author));
		cl_db_column_text(st, 5, c->at, sizeof(c->at));
		cl_db_column_text(st, 6, c->label, sizeof(c->label));
		cl_db_column_text(st, 7, c->fields, sizeof(c->fields));
	}
	sqlite3_reset(st);
	return rc;
}

int cl_sync_conflict_fields(struct cl_db *db, long long id, struct cl_sync_field *rows, int max,
			    int *n, struct cl_error *err)
{
	static const char sql[] =
		"SELECT h.key, h.value, json_extract(c.site_row, '$.' || h.key),"
		" h.value IS NOT json_extract(c.site_row, '$.' || h.key) AND c.id > 0"
		" FROM sync_conflict c, json_each(c.hub_row) h WHERE c.id = ?1"
		" AND instr('" STAMPS "', ',' || h.key || ',') = 0 ORDER BY h.id";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	*n = 0;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, id, err)))
		return rc;
	while (*n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct cl_sync_field *f = &rows[(*n)++];

		cl_db_column_text(st, 0, f->name, sizeof(f->name));
		cl_db_column_text(st, 1, f->hub, sizeof(f->hub));
		cl_db_column_text(st, 2, f->site, sizeof(f->site));
		f->differs = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (!*n)
		rc = cl_error_set(err, CL_ENOTFOUND, "no conflict %lld", id);
	return rc;
}

/* The row to write for a resolution: the hub's, with the fields of take from the site's. */
static int resolution_row(struct cl_db *db, long long id, const char *take, char **row,
			  struct cl_error *err)
{
	static const char sql_take[] =
		"SELECT json_set(r, '$.' || ?2, json_extract(s, '$.' || ?2)),"
		" json_type(s, '$.' || ?2) IS NOT NULL FROM (SELECT ?1 AS r, (SELECT site_row"
		" FROM sync_conflict WHERE id = ?3) AS s)";
	static const char sql_hub[] = "SELECT hub_row FROM sync_conflict WHERE id = ?1";
	sqlite3_stmt *st = cl_db_stmt(db, sql_hub, err);
	char list[1024], *save = NULL, *tok;
	int rc = CL_OK;

	*row = NULL;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, id, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*row = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!*row)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	snprintf(list, sizeof(list), "%s", take ? take : "");
	for (tok = strtok_r(list, ", ", &save); !rc && tok; tok = strtok_r(NULL, ", ", &save)) {
		char *next = NULL;
		bool known = false;

		if (!(st = cl_db_stmt(db, sql_take, err)))
			return err ? err->code : CL_EIO;
		if ((rc = cl_db_bind_text(st, 1, *row, err)) ||
		    (rc = cl_db_bind_text(st, 2, tok, err)) ||
		    (rc = cl_db_bind_int(st, 3, id, err)))
			break;
		if (sqlite3_step(st) == SQLITE_ROW) {
			known = sqlite3_column_int(st, 1);
			next = strdup((const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_reset(st);
		if (!known || strstr(STAMPS, tok) || strcmp(tok, "id") == 0) {
			free(next);
			rc = cl_error_field(err, CL_EINVAL, "take",
					    "no field %s to take in this record", tok);
		} else if (!next) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		} else {
			free(*row);
			*row = next;
		}
	}
	if (rc) {
		free(*row);
		*row = NULL;
	}
	return rc;
}

int cl_sync_resolve(struct cl_db *db, long long id, const char *take, struct cl_error *err)
{
	static const char sql_get[] = "SELECT entity, key, hub_version, hub_row, site_row"
				      " FROM sync_conflict WHERE id = ?1 AND resolved_at = ''";
	static const char sql_done[] = "UPDATE sync_conflict SET resolved_at ="
				       " strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1";
	static const char sql_tell[] =
		"INSERT INTO " OUTBOX_COLUMNS " VALUES ('conflict', ?1, NULL, NULL, '{}', ?2,"
		" strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
	/* The edit: the hub's version, then the taken fields as one version more. */
	static const char sql_stamp[] =
		"SELECT json_set(?1, '$.version', ?2 + 1, '$.updated_at', ?3, '$.updated_by', ?4)";
	char entity[32] = "", key[80] = "", all[1024] = "", now[32];
	const struct sync_table *t;
	long long hub_version = 0;
	char *row = NULL, *edited = NULL;
	struct pull p = { 0 };
	sqlite3_stmt *st;
	bool found = false;
	int rc;

	if (!(st = cl_db_stmt(db, sql_get, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_int(st, 1, id, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		cl_db_column_text(st, 0, entity, sizeof(entity));
		cl_db_column_text(st, 1, key, sizeof(key));
		hub_version = sqlite3_column_int64(st, 2);
		if (take && strcmp(take, "*") == 0) {
			/* Every field of the site's version. */
			char *s = strdup((const char *)sqlite3_column_text(st, 4));

			if (s) {
				static const char fields[] =
					"SELECT group_concat(key, ',') FROM json_each(?1)";
				sqlite3_stmt *f = cl_db_stmt(db, fields, NULL);

				if (f && cl_db_bind_text(f, 1, s, NULL) == 0 &&
				    sqlite3_step(f) == SQLITE_ROW)
					cl_db_column_text(f, 0, all, sizeof(all));
				if (f)
					sqlite3_reset(f);
				free(s);
			}
		}
	}
	sqlite3_reset(st);
	if (!found)
		return cl_error_set(err, CL_ENOTFOUND, "no open conflict %lld", id);
	if (take && strcmp(take, "*") == 0) {
		/* Leave the stamps and the id out of "every field". */
		char filtered[1024] = "", *save = NULL, *tok;

		for (tok = strtok_r(all, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char probe[48];

			snprintf(probe, sizeof(probe), ",%s,", tok);
			if (strstr(STAMPS, probe) || strcmp(tok, "id") == 0)
				continue;
			snprintf(filtered + strlen(filtered), sizeof(filtered) - strlen(filtered),
				 "%s%s", filtered[0] ? "," : "", tok);
		}
		snprintf(all, sizeof(all), "%s", filtered);
		take = all;
	}
	if (!(t = table_named(entity)) && id > 0)
		return cl_error_set(err, CL_EINVAL, "a conflict on an unknown kind of record");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (id > 0) {
		if ((rc = pull_make(db, &p, err)) || (rc = resolution_row(db, id, NULL, &row, err)))
			goto out;
		/* This site takes the hub's version as it is (no outbox row: the hub has it)... */
		if ((rc = set_applying(db, 1, err)) ||
		    (rc = cl_db_bind_text(p.ap[t - tables].upsert, 1, row, err)) ||
		    (rc = step_done(db, p.ap[t - tables].upsert, err)) ||
		    (rc = set_applying(db, 0, err)))
			goto out;
		/* ...and what it keeps of its own is an edit on it, sent like any other. */
		if (take && *take) {
			free(row);
			row = NULL;
			if ((rc = resolution_row(db, id, take, &row, err)))
				goto out;
			if (!(st = cl_db_stmt(db, sql_stamp, err))) {
				rc = err ? err->code : CL_EIO;
				goto out;
			}
			if ((rc = cl_db_bind_text(st, 1, row, err)) ||
			    (rc = cl_db_bind_int(st, 2, hub_version, err)) ||
			    (rc = cl_db_bind_text(st, 3, cl_db_now(now, sizeof(now)), err)) ||
			    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)))
				goto out;
			if (sqlite3_step(st) == SQLITE_ROW)
				edited = strdup((const char *)sqlite3_column_text(st, 0));
			sqlite3_reset(st);
			if (!edited) {
				rc = cl_error_set(err, CL_ENOMEM, "out of memory");
				goto out;
			}
			if (t->versioned &&
			    (rc = cl_db_bind_text(p.ap[t - tables].upsert, 1, edited, err)))
				goto out;
			if (t->versioned && (rc = step_done(db, p.ap[t - tables].upsert, err)))
				goto out;
		}
		if ((rc = refresh_touched(db, err)))
			goto out;
		{
			char n[24];

			snprintf(n, sizeof(n), "%lld", id);
			if (!(st = cl_db_stmt(db, sql_tell, err))) {
				rc = err ? err->code : CL_EIO;
				goto out;
			}
			if ((rc = cl_db_bind_text(st, 1, n, err)) ||
			    (rc = cl_db_bind_text(st, 2, cl_db_user(db), err)) ||
			    (rc = step_done(db, st, err)))
				goto out;
		}
	}
	if (!(st = cl_db_stmt(db, sql_done, err))) {
		rc = err ? err->code : CL_EIO;
		goto out;
	}
	if ((rc = cl_db_bind_int(st, 1, id, err)) || (rc = step_done(db, st, err)))
		goto out;
	if (id > 0 && t) {
		struct cl_id rid;

		if (strlen(key) == 32) {
			for (int i = 0; i < CL_ID_LEN; i++) {
				unsigned v;

				sscanf(key + 2 * i, "%2x", &v);
				rid.bytes[i] = (unsigned char)v;
			}
			rc = cl_audit_log(db, CL_AUDIT_UPDATE, t->name, &rid, err);
		}
	}
	if (!rc)
		rc = cl_db_commit(db, err);
out:
	if (rc)
		cl_db_rollback(db);
	pull_free(&p);
	free(row);
	free(edited);
	return rc;
}
