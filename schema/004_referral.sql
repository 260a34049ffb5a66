-- careloop schema 4: the partner directory (specialty care partners and community
-- organizations) and referrals with their status history (the closed loop).
-- Codes are the text of the cl_*_code() functions in src/org.c and src/referral.c.

-- A partner. services and languages hold the codes as ", "-joined text (what a form and the
-- search index show); organization_service holds the same service codes one per row, so
-- that "who serves food-insecurity" is an index seek.
CREATE TABLE organization (
	id              BLOB PRIMARY KEY CHECK (length(id) = 16),
	kind            TEXT NOT NULL CHECK (kind IN ('specialty', 'community')),
	name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 127),
	services        TEXT NOT NULL DEFAULT '',
	phone           TEXT NOT NULL DEFAULT '',
	fax             TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL DEFAULT '',
	address         TEXT NOT NULL DEFAULT '',
	hours           TEXT NOT NULL DEFAULT '',
	languages       TEXT NOT NULL DEFAULT '',
	notes           TEXT NOT NULL DEFAULT '',
	active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	last_verified   TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD, '' = never verified
	agreement_start TEXT NOT NULL DEFAULT '', -- collaborative care agreement (specialty)
	agreement_end   TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1,
	sort_name       TEXT GENERATED ALWAYS AS (lower(name)) VIRTUAL
);
-- The directory pages by keyset over (sort_name, id); "active only" is the usual view.
CREATE INDEX organization_by_name ON organization (sort_name, id);
CREATE INDEX organization_by_name_active ON organization (sort_name, id) WHERE active = 1;

CREATE TABLE organization_service (
	organization_id BLOB NOT NULL REFERENCES organization (id),
	code            TEXT NOT NULL,
	PRIMARY KEY (code, organization_id)
) WITHOUT ROWID;
CREATE INDEX organization_service_org ON organization_service (organization_id);

CREATE VIRTUAL TABLE organization_fts USING fts5 (
	name, services,
	content = 'organization', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER organization_fts_insert AFTER INSERT ON organization
BEGIN
	INSERT INTO organization_fts (rowid, name, services) VALUES (new.rowid, new.name, new.services);
END;
CREATE TRIGGER organization_fts_delete AFTER DELETE ON organization
BEGIN
	INSERT INTO organization_fts (organization_fts, rowid, name, services)
	VALUES ('delete', old.rowid, old.name, old.services);
END;
CREATE TRIGGER organization_fts_update AFTER UPDATE OF name, services ON organization
BEGIN
	INSERT INTO organization_fts (organization_fts, rowid, name, services)
	VALUES ('delete', old.rowid, old.name, old.services);
	INSERT INTO organization_fts (rowid, name, services) VALUES (new.rowid, new.name, new.services);
END;

-- A referral. Status codes are the FHIR Task codes of the Gravity SDOH Clinical Care guide;
-- service is a Gravity SDOH category code (community) or a specialty code (specialty).
-- consent_date: the day the patient agreed to share their information ('' = not recorded).
CREATE TABLE referral (
	id              BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id      BLOB NOT NULL REFERENCES patient (id),
	kind            TEXT NOT NULL CHECK (kind IN ('specialty', 'community')),
	organization_id BLOB NOT NULL REFERENCES organization (id),
	service         TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 63),
	reason          TEXT NOT NULL DEFAULT '',
	priority        TEXT NOT NULL CHECK (priority IN ('routine', 'urgent')),
	mode            TEXT NOT NULL CHECK (mode IN ('referral', 'e-consult')),
	consent_date    TEXT NOT NULL DEFAULT '',
	referred_on     TEXT NOT NULL, -- YYYY-MM-DD
	due_date        TEXT NOT NULL, -- loop-closure due date
	status          TEXT NOT NULL CHECK (status IN ('draft', 'requested', 'accepted',
				'rejected', 'in-progress', 'on-hold', 'failed', 'completed',
				'cancelled', 'entered-in-error')),
	status_reason   TEXT NOT NULL DEFAULT '',
	outcome         TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'got-help',
				'could-not-contact', 'not-eligible', 'no-capacity', 'could-not-get-help',
				'no-longer-interested', 'referred-elsewhere')),
	closed_on       TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD the loop closed, '' while open
	care_manager_id BLOB REFERENCES care_manager (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
-- Open referrals by due date: the overdue list and the open list ("overdue first" is the
-- due-date order) seek this partial index. Queries repeat its WHERE term word for word.
-- The open statuses are CL_REFERRAL_OPEN_STATUSES in src/referral.h (an index's WHERE
-- cannot read a table): change both, and referral_worklist* in 007, together.
CREATE INDEX referral_open_due ON referral (due_date, id)
	WHERE status IN ('draft', 'requested', 'accepted', 'in-progress', 'on-hold');
CREATE INDEX referral_patient ON referral (patient_id, referred_on);
CREATE INDEX referral_organization ON referral (organization_id, due_date);
CREATE INDEX referral_care_manager ON referral (care_manager_id, due_date);
-- Every other list (a given status, closed ones) pages over (due_date, id).
CREATE INDEX referral_by_due ON referral (due_date, id);

-- Append-only status history: one row per change, in the transaction of the change.
CREATE TABLE referral_event (
	id            BLOB PRIMARY KEY CHECK (length(id) = 16),
	referral_id   BLOB NOT NULL REFERENCES referral (id),
	at            TEXT NOT NULL,
	actor         TEXT NOT NULL, -- OS login
	from_status   TEXT NOT NULL DEFAULT '', -- '' for the creation
	to_status     TEXT NOT NULL,
	status_reason TEXT NOT NULL DEFAULT '',
	outcome       TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_event_referral ON referral_event (referral_id, at);
CREATE TRIGGER referral_event_no_update BEFORE UPDATE ON referral_event
BEGIN
	SELECT RAISE(ABORT, 'referral history is append-only');
END;
CREATE TRIGGER referral_event_no_delete BEFORE DELETE ON referral_event
BEGIN
	SELECT RAISE(ABORT, 'referral history is append-only');
END;
