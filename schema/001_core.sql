-- careloop schema 1: care managers, the patient registry with its search index, the audit.
-- Ids are random UUIDs stored as 16-byte BLOBs. Every mutable row carries
-- created_at, updated_at, updated_by (OS login) and version (optimistic concurrency).
-- Times are UTC ISO 8601 text ("2026-11-23T10:42:00.000Z"); dates are "YYYY-MM-DD".

CREATE TABLE care_manager (
	id           BLOB PRIMARY KEY CHECK (length(id) = 16),
	login        TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1
);

-- The patient registry. A rowid table, so that the FTS5 index (external content) can
-- follow it by rowid; rowids are never shown. Codes are the text of cl_*_code().
CREATE TABLE patient (
	id              BLOB PRIMARY KEY CHECK (length(id) = 16),
	mrn             TEXT NOT NULL UNIQUE CHECK (length(mrn) BETWEEN 1 AND 30),
	given_name      TEXT NOT NULL CHECK (length(CAST(given_name AS BLOB)) BETWEEN 1 AND 95),
	family_name     TEXT NOT NULL CHECK (length(CAST(family_name AS BLOB)) BETWEEN 1 AND 95),
	birth_date      TEXT NOT NULL,
	sex             TEXT NOT NULL CHECK (sex IN ('unknown', 'female', 'male', 'other')),
	language        TEXT NOT NULL,
	phone           TEXT NOT NULL DEFAULT '',
	address         TEXT NOT NULL DEFAULT '',
	city            TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL DEFAULT '',
	postal_code     TEXT NOT NULL DEFAULT '',
	payer           TEXT NOT NULL
		CHECK (payer IN ('unknown', 'medicare', 'medicaid', 'dual', 'commercial', 'uninsured')),
	risk_tier       TEXT NOT NULL CHECK (risk_tier IN ('high', 'rising', 'low')),
	status          TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'deceased')),
	care_manager_id BLOB REFERENCES care_manager (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1,
	-- Sorting by risk puts high first (the order of enum cl_risk).
	risk_rank       INTEGER GENERATED ALWAYS AS
		(CASE risk_tier WHEN 'high' THEN 0 WHEN 'rising' THEN 1 ELSE 2 END) VIRTUAL,
	-- Family then given name, case-folded (ASCII only: SQLite's lower() without ICU), joined
	-- by char(1), which sorts below any character a name may hold: the list's order.
	sort_name       TEXT GENERATED ALWAYS AS
		(lower(family_name) || char(1) || lower(given_name)) VIRTUAL,
	-- Names as the search index reads them: FTS5's remove_diacritics folds "ặ" to "a" but
	-- not "Đ" (it has no Unicode decomposition); folding it here lets "dang" find "Đặng".
	family_fold     TEXT GENERATED ALWAYS AS
		(replace(replace(family_name, 'Đ', 'D'), 'đ', 'd')) VIRTUAL,
	given_fold      TEXT GENERATED ALWAYS AS
		(replace(replace(given_name, 'Đ', 'D'), 'đ', 'd')) VIRTUAL,
	-- The phone's digits alone, so that "5551234" finds "(555) 123-4567".
	phone_digits    TEXT GENERATED ALWAYS AS
		(replace(replace(replace(replace(replace(replace(phone, '(', ''), ')', ''), ' ', ''),
		 '-', ''), '.', ''), '+', '')) VIRTUAL
);

-- The patients list pages by keyset (cl_patient_page) over (sort_name, id), or
-- (risk_rank, sort_name, id): one index per order, and a partial one for the usual
-- "active only" view, so that a page costs O(page) at any table size. The columns are
-- plain columns of the index (not COLLATE expressions) so that SQLite seeks on the whole
-- row value "(sort_name, id) > (?, ?)".
CREATE INDEX patient_by_name ON patient (sort_name, id);
CREATE INDEX patient_by_name_active ON patient (sort_name, id) WHERE status = 'active';
CREATE INDEX patient_by_risk ON patient (risk_rank, sort_name, id);
CREATE INDEX patient_by_risk_active ON patient (risk_rank, sort_name, id) WHERE status = 'active';
CREATE INDEX patient_care_manager ON patient (care_manager_id);

-- Search (cl_patient_search): names, MRN and phone, accents folded ("jos" finds José),
-- prefix indexes for 2 and 3 characters. The phone is indexed twice: as written, so that
-- "4567" finds the last four digits, and as digits alone, so that "5551234" finds it.
CREATE VIRTUAL TABLE patient_fts USING fts5 (
	family_fold, given_fold, mrn, phone, phone_digits,
	content = 'patient', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER patient_fts_insert AFTER INSERT ON patient
BEGIN
	INSERT INTO patient_fts (rowid, family_fold, given_fold, mrn, phone, phone_digits)
	VALUES (new.rowid, new.family_fold, new.given_fold, new.mrn, new.phone, new.phone_digits);
END;
CREATE TRIGGER patient_fts_delete AFTER DELETE ON patient
BEGIN
	INSERT INTO patient_fts (patient_fts, rowid, family_fold, given_fold, mrn, phone,
				 phone_digits)
	VALUES ('delete', old.rowid, old.family_fold, old.given_fold, old.mrn, old.phone,
		old.phone_digits);
END;
CREATE TRIGGER patient_fts_update AFTER UPDATE OF family_name, given_name, mrn, phone ON patient
BEGIN
	INSERT INTO patient_fts (patient_fts, rowid, family_fold, given_fold, mrn, phone,
				 phone_digits)
	VALUES ('delete', old.rowid, old.family_fold, old.given_fold, old.mrn, old.phone,
		old.phone_digits);
	INSERT INTO patient_fts (rowid, family_fold, given_fold, mrn, phone, phone_digits)
	VALUES (new.rowid, new.family_fold, new.given_fold, new.mrn, new.phone, new.phone_digits);
END;

-- Append-only: who did what to which record, when. Each row's hash covers its fields
-- and the previous row's hash, so an edited or deleted row breaks the chain.
CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL CHECK (action IN ('view', 'create', 'update', 'retire', 'export', 'import')),
	entity    TEXT NOT NULL,
	record_id BLOB,
	hash      BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX audit_record ON audit (record_id, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

-- Settings: program rules are data (rescreen interval, loop-closure window, idle lock…).
CREATE TABLE setting (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
