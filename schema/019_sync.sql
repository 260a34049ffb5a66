-- careloop schema 19: a site that syncs through a PostgreSQL hub (src/sync.c, careloop sync).
-- Nothing here is used until the file's first `careloop sync` makes it a site: that sets
-- sync_state.site, installs the outbox triggers (generated from the tables by src/sync.c)
-- and queues every record once. A file that never syncs pays nothing.

-- One row: who this file is to the hub and how far it has come.
CREATE TABLE sync_state (
	only         INTEGER PRIMARY KEY CHECK (only = 1),
	site         TEXT NOT NULL DEFAULT '',   -- the site's id (a UUID); '' before the first sync
	name         TEXT NOT NULL DEFAULT '',   -- the site's name, as the hub lists it
	applying     INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
	-- 1 only inside a sync's own transaction while it writes the hub's changes (the outbox
	-- triggers then stay quiet: a change from the hub is not sent back to it).
	triggers_for INTEGER NOT NULL DEFAULT 0, -- the schema version the outbox triggers were made for
	pulled_seq   INTEGER NOT NULL DEFAULT 0, -- the hub's last change applied here
	synced_at    TEXT NOT NULL DEFAULT '',   -- the last sync that reached the hub (UTC)
	failed_at    TEXT NOT NULL DEFAULT '',   -- since when the hub is unreachable ('' when reached)
	failure      TEXT NOT NULL DEFAULT ''    -- why (libpq's message, which holds no PHI)
);
INSERT INTO sync_state (only) VALUES (1);

-- Every versioned change made here, in order, until the hub has it (same transaction as the
-- change, by trigger). AUTOINCREMENT: a seq is never reused, so the hub's "last seq received
-- from this site" can never skip a new change.
CREATE TABLE outbox (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	entity       TEXT NOT NULL,    -- the table
	key          TEXT NOT NULL,    -- the record's id (hex), or its key columns' joined
	base_version INTEGER,          -- the version the edit was based on; NULL: a new record
	version      INTEGER,          -- the new version (NULL: a record without versions)
	row          TEXT NOT NULL,    -- the record's synced columns as JSON
	author       TEXT NOT NULL,
	at           TEXT NOT NULL
);

-- The hub's conflicts about this site's edits (copied at each sync, so that they can be
-- listed and resolved offline), and the hub's changes that could not be applied here.
CREATE TABLE sync_conflict (
	id           INTEGER PRIMARY KEY, -- the hub's conflict id; negative: could not apply here
	entity       TEXT NOT NULL,
	key          TEXT NOT NULL,
	hub_version  INTEGER,
	hub_row      TEXT NOT NULL,       -- JSON: the hub's version
	site_version INTEGER,
	site_row     TEXT NOT NULL,       -- JSON: this site's version (or the change not applied)
	author       TEXT NOT NULL,
	at           TEXT NOT NULL,
	problem      TEXT NOT NULL DEFAULT '', -- why a hub change could not be applied here
	resolved_at  TEXT NOT NULL DEFAULT ''
);

-- A contact arrives from another site already marked entered in error (sync applies rows as
-- they are now): it must not move "last reached" when it is inserted either.
DROP TRIGGER contact_reached_insert;
CREATE TRIGGER contact_reached_insert AFTER INSERT ON contact
WHEN new.outcome = 'reached' AND new.error_reason = ''
BEGIN
	UPDATE patient SET last_reached_at = new.occurred_at
	WHERE id = new.patient_id AND last_reached_at < new.occurred_at;
END;

-- A condition or a reading moved to another chart (a merge; a merge another site made,
-- applied by sync): both charts' chronic gaps are made again.
CREATE TRIGGER chronic_gap_condition_move AFTER UPDATE OF patient_id ON condition
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (old.patient_id);
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (new.patient_id);
END;
CREATE TRIGGER chronic_gap_observation_move AFTER UPDATE OF patient_id ON observation
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (old.patient_id);
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (new.patient_id);
END;

-- A result still never changes, but it follows its patient into the surviving chart of a
-- merge (the merge failed on any chart with readings).
DROP TRIGGER observation_no_update;
CREATE TRIGGER observation_no_update BEFORE UPDATE ON observation
WHEN new.id IS NOT old.id OR new.observed_on IS NOT old.observed_on
	OR new.loinc IS NOT old.loinc OR new.value IS NOT old.value OR new.source IS NOT old.source
	OR new.created_at IS NOT old.created_at OR new.created_by IS NOT old.created_by
BEGIN
	SELECT RAISE(ABORT, 'a result does not change once recorded');
END;

-- The chronic conditions count follows conditions moved to another chart too (a merge).
CREATE TRIGGER condition_count_move AFTER UPDATE OF patient_id ON condition
BEGIN
	UPDATE patient SET chronic_conditions = min(99, (SELECT count(*) FROM condition
		WHERE patient_id = patient.id AND status = 'active'))
	WHERE id IN (old.patient_id, new.patient_id);
END;
