-- careloop's hub: PostgreSQL 13 or later. `careloop hub init` runs this file as the hub's
-- owner (it is safe to run again: every object is created if missing or replaced).
-- Everything lives in schema careloop. A site's sync: in one hub transaction,
-- careloop.push() its outbox in batches (the function locks careloop.change against other
-- pushes until the commit, so sequence numbers commit in order and a reader never passes a
-- gap that fills later); then read careloop.change after its last sequence number, and its
-- open conflicts. Records are kept as JSON rows by table name (entity) and key, with their
-- version; the site files hold the typed tables. A site's role needs only EXECUTE on
-- careloop.push (which runs as its owner and binds a site to the role that first pushed
-- for it) and SELECT on site, change and conflict: see the man page, SITES AND THE HUB.
SET client_min_messages = warning; -- no "already exists, skipping" when run again
CREATE SCHEMA IF NOT EXISTS careloop;

-- Each site file that has synced, and the last outbox seq the hub received from it.
CREATE TABLE IF NOT EXISTS careloop.site (
	site       text PRIMARY KEY,
	name       text NOT NULL DEFAULT '',
	role       text NOT NULL DEFAULT session_user, -- the role that pushes for it
	pushed_seq bigint NOT NULL DEFAULT 0,
	joined_at  timestamptz NOT NULL DEFAULT now(),
	seen_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE careloop.site ADD COLUMN IF NOT EXISTS role text NOT NULL DEFAULT session_user;

-- The current version of every record.
CREATE TABLE IF NOT EXISTS careloop.record (
	entity  text NOT NULL,
	key     text NOT NULL,
	version bigint,
	row     jsonb NOT NULL,
	seq     bigint NOT NULL,
	PRIMARY KEY (entity, key)
);

-- Every change the hub accepted, in the order sites pull them.
CREATE TABLE IF NOT EXISTS careloop.change (
	seq          bigserial PRIMARY KEY,
	entity       text NOT NULL,
	key          text NOT NULL,
	base_version bigint,
	version      bigint,
	row          jsonb NOT NULL,
	site         text NOT NULL REFERENCES careloop.site,
	site_seq     bigint NOT NULL,
	author       text NOT NULL,
	at           text NOT NULL,
	UNIQUE (site, site_seq)
);

-- The network's settings (careloop hub set): every site takes them at each sync, over its
-- own. A site's own settings (the hub's connection, the practice's letterhead) are never here.
CREATE TABLE IF NOT EXISTS careloop.setting (
	key        text PRIMARY KEY,
	value      text NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	updated_by text NOT NULL DEFAULT session_user
);

-- A site's edit made on a version the hub no longer holds: kept beside the hub's, never
-- applied over it, until the site resolves it (a new version, pushed like any edit).
CREATE TABLE IF NOT EXISTS careloop.conflict (
	id           bigserial PRIMARY KEY,
	entity       text NOT NULL,
	key          text NOT NULL,
	hub_version  bigint,
	hub_row      jsonb NOT NULL,
	site         text NOT NULL REFERENCES careloop.site,
	site_seq     bigint NOT NULL,
	base_version bigint,
	version      bigint,
	row          jsonb NOT NULL,
	author       text NOT NULL,
	at           text NOT NULL,
	found_at     timestamptz NOT NULL DEFAULT now(),
	resolved_at  timestamptz,
	resolved_by  text,
	UNIQUE (site, site_seq)
);
CREATE INDEX IF NOT EXISTS conflict_open ON careloop.conflict (site) WHERE resolved_at IS NULL;

-- Receive a batch of a site's outbox (a JSON array of {seq, entity, key, base, version, row,
-- author, at}, in seq order). A change the hub already received (seq at or below the site's
-- pushed_seq) is skipped: a push cut off after the hub's commit is simply sent again. A new
-- record whose key exists is the same record sent twice: skipped. An edit based on the
-- hub's version is applied; any other is a conflict. Entity "conflict" resolves one.
-- Returns the site's pushed_seq after the batch, and how many were applied and conflicted.
CREATE OR REPLACE FUNCTION careloop.push(p_site text, p_name text, p_changes jsonb,
	OUT pushed bigint, OUT applied integer, OUT conflicts integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	c jsonb;
	cur record;
	s bigint;
	base bigint;
	next_seq bigint;
BEGIN
	applied := 0;
	conflicts := 0;
	LOCK TABLE careloop.change IN EXCLUSIVE MODE; -- until the caller's commit
	INSERT INTO careloop.site (site, name, role) VALUES (p_site, p_name, session_user)
		ON CONFLICT (site) DO UPDATE SET name = excluded.name, seen_at = now();
	SELECT site.pushed_seq INTO pushed FROM careloop.site WHERE site.site = p_site
		AND (site.role = session_user OR EXISTS (SELECT FROM pg_roles
			WHERE rolname = session_user AND rolsuper)) FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'this site pushes as another PostgreSQL role';
	END IF;
	FOR c IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
		s := (c->>'seq')::bigint;
		CONTINUE WHEN s <= pushed;
		pushed := s;
		IF c->>'entity' = 'conflict' THEN
			UPDATE careloop.conflict SET resolved_at = now(), resolved_by = c->>'author'
				WHERE id = (c->>'key')::bigint AND site = p_site AND resolved_at IS NULL;
			CONTINUE;
		END IF;
		base := (c->>'base')::bigint;
		SELECT r.version, r.row INTO cur FROM careloop.record r
			WHERE r.entity = c->>'entity' AND r.key = c->>'key' FOR UPDATE;
		IF FOUND AND c->>'version' IS NULL THEN
			-- A record without versions, changed (a merge moved it): the last one wins.
			CONTINUE WHEN cur.row = c->'row';
		ELSIF FOUND AND (base IS NULL OR (cur.version IS NOT DISTINCT FROM
				(c->>'version')::bigint AND cur.row = c->'row')) THEN
			CONTINUE; -- the same record or version again
		ELSIF FOUND AND cur.version IS DISTINCT FROM base THEN
			INSERT INTO careloop.conflict (entity, key, hub_version, hub_row, site, site_seq,
				base_version, version, row, author, at)
			VALUES (c->>'entity', c->>'key', cur.version, cur.row, p_site, s, base,
				(c->>'version')::bigint, c->'row', c->>'author', c->>'at')
			ON CONFLICT (site, site_seq) DO NOTHING;
			conflicts := conflicts + 1;
			CONTINUE;
		END IF;
		INSERT INTO careloop.change (entity, key, base_version, version, row, site, site_seq,
			author, at)
		VALUES (c->>'entity', c->>'key', base, (c->>'version')::bigint, c->'row', p_site, s,
			c->>'author', c->>'at')
		RETURNING change.seq INTO next_seq;
		INSERT INTO careloop.record (entity, key, version, row, seq)
		VALUES (c->>'entity', c->>'key', (c->>'version')::bigint, c->'row', next_seq)
		ON CONFLICT (entity, key) DO UPDATE
			SET version = excluded.version, row = excluded.row, seq = excluded.seq;
		applied := applied + 1;
	END LOOP;
	UPDATE careloop.site SET pushed_seq = pushed, seen_at = now() WHERE site.site = p_site;
END;
$$;

-- Only the roles the administrator grants it to may push (functions are PUBLIC's by default).
REVOKE ALL ON FUNCTION careloop.push(text, text, jsonb) FROM PUBLIC;
