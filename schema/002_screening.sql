-- careloop schema 2: screening for health-related social needs. Instruments are data
-- (instrument, screening_domain, question, answer_option, scoring_rule, scoring_rule_term),
-- so that PRAPARE or a state's tool is added by SQL alone (schema/instruments/); the core's
-- rule engine (src/scoring.c) reads the rules. Saved screenings, their answers and per-domain
-- results, and two derived tables behind the rescreen-due and "positive in domain" lists.
-- See src/instrument.h, src/scoring.h and src/screening.h.

-- Instrument rows carry defaults for their bookkeeping columns so that seed files stay short.
-- Seed rows have fixed ids (UUIDv5 of their codes), the same in every database, so that
-- screenings made on different machines point to the same questions.

CREATE TABLE instrument (
	id         BLOB PRIMARY KEY CHECK (length(id) = 16),
	code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 31),
	loinc      TEXT NOT NULL DEFAULT '', -- the panel's LOINC code
	name_en    TEXT NOT NULL,
	name_es    TEXT NOT NULL,
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_by TEXT NOT NULL DEFAULT 'careloop',
	version    INTEGER NOT NULL DEFAULT 1
);

-- The domains an instrument scores. sdoh_category: the Gravity Project SDOH category code
-- (food-insecurity, housing-instability, …) used for follow-up referrals and FHIR exports;
-- cms_domain: which of the five domains of CMS SDOH-1 it counts for (housing, food,
-- transportation, utilities, safety) or ''. A sensitive domain (interpersonal safety) is never
-- shown in a list column.
CREATE TABLE screening_domain (
	id            BLOB PRIMARY KEY CHECK (length(id) = 16),
	instrument_id BLOB NOT NULL REFERENCES instrument (id),
	ordinal       INTEGER NOT NULL,
	code          TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 31),
	name_en       TEXT NOT NULL,
	name_es       TEXT NOT NULL,
	sdoh_category TEXT NOT NULL DEFAULT '',
	cms_domain    TEXT NOT NULL DEFAULT '',
	sensitive     INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
	created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_by    TEXT NOT NULL DEFAULT 'careloop',
	version       INTEGER NOT NULL DEFAULT 1,
	UNIQUE (instrument_id, code),
	UNIQUE (instrument_id, ordinal)
);

-- Questions in the order they are asked. code: what CSV imports name the column by (the
-- LOINC code where there is one). intro: text read before the question (a section's
-- preamble), or ''.
CREATE TABLE question (
	id            BLOB PRIMARY KEY CHECK (length(id) = 16),
	instrument_id BLOB NOT NULL REFERENCES instrument (id),
	ordinal       INTEGER NOT NULL,
	code          TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 31),
	loinc         TEXT NOT NULL DEFAULT '',
	domain_code   TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('single', 'multiple')),
	intro_en      TEXT NOT NULL DEFAULT '',
	intro_es      TEXT NOT NULL DEFAULT '',
	text_en       TEXT NOT NULL,
	text_es       TEXT NOT NULL,
	created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_by    TEXT NOT NULL DEFAULT 'careloop',
	version       INTEGER NOT NULL DEFAULT 1,
	UNIQUE (instrument_id, code),
	UNIQUE (instrument_id, ordinal),
	FOREIGN KEY (instrument_id, domain_code) REFERENCES screening_domain (instrument_id, code)
);

-- The answer list belongs to the instrument's question, not to the question's LOINC code
-- (PRAPARE asks 71802-3 with other answers). code: the LOINC answer (LA) code. An exclusive
-- answer ("none of the above") is chosen alone in the interface.
CREATE TABLE answer_option (
	id          BLOB PRIMARY KEY CHECK (length(id) = 16),
	question_id BLOB NOT NULL REFERENCES question (id),
	ordinal     INTEGER NOT NULL,
	code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 31),
	text_en     TEXT NOT NULL,
	text_es     TEXT NOT NULL,
	points      INTEGER NOT NULL DEFAULT 0,
	exclusive   INTEGER NOT NULL DEFAULT 0 CHECK (exclusive IN (0, 1)),
	created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_by  TEXT NOT NULL DEFAULT 'careloop',
	version     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (question_id, code),
	UNIQUE (question_id, ordinal)
);

-- Scoring rules, per domain. kind 'any_answer': the rule holds when any listed answer
-- (question_code, answer_code) is chosen; 'points_at_least': when the points of the answers
-- to the listed questions (answer_code NULL) add up to threshold or more. effect 'positive'
-- makes the domain positive; 'review' raises the "review with clinician" flag instead.
-- A domain is positive when one of its positive rules holds, negative when none can hold
-- any more, incomplete otherwise (see src/scoring.h).
CREATE TABLE scoring_rule (
	id            BLOB PRIMARY KEY CHECK (length(id) = 16),
	instrument_id BLOB NOT NULL REFERENCES instrument (id),
	domain_code   TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('any_answer', 'points_at_least')),
	threshold     INTEGER NOT NULL DEFAULT 0,
	effect        TEXT NOT NULL DEFAULT 'positive' CHECK (effect IN ('positive', 'review')),
	created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_by    TEXT NOT NULL DEFAULT 'careloop',
	version       INTEGER NOT NULL DEFAULT 1,
	FOREIGN KEY (instrument_id, domain_code) REFERENCES screening_domain (instrument_id, code)
);
CREATE INDEX scoring_rule_instrument ON scoring_rule (instrument_id);

-- The terms of a rule, by code within the rule's instrument (checked when it is loaded).
CREATE TABLE scoring_rule_term (
	rule_id       BLOB NOT NULL REFERENCES scoring_rule (id),
	question_code TEXT NOT NULL,
	answer_code   TEXT
);
CREATE INDEX scoring_rule_term_rule ON scoring_rule_term (rule_id);

-- A saved screening: completed (every question answered), partial (some skipped), declined
-- by the patient (offered: counts for the rescreen clock), or entered-in-error (kept, hidden).
-- Never half-written: a screening in progress lives in memory until cl_screening_complete or
-- cl_screening_decline saves it in one transaction.
CREATE TABLE screening (
	id            BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id    BLOB NOT NULL REFERENCES patient (id),
	instrument_id BLOB NOT NULL REFERENCES instrument (id),
	screened_on   TEXT NOT NULL CHECK (length(screened_on) = 10),
	status        TEXT NOT NULL
		CHECK (status IN ('completed', 'partial', 'declined', 'entered-in-error')),
	language      TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
	screened_by   BLOB REFERENCES care_manager (id),
	review        INTEGER NOT NULL DEFAULT 0 CHECK (review IN (0, 1)),
	source        TEXT NOT NULL DEFAULT 'interface' CHECK (source IN ('interface', 'import')),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX screening_patient ON screening (patient_id, screened_on, created_at);

-- Answers of a saved screening: one row per chosen option; a skipped question is one row
-- with a NULL option. Written once with the screening, never changed.
CREATE TABLE screening_answer (
	screening_id     BLOB NOT NULL REFERENCES screening (id),
	question_id      BLOB NOT NULL REFERENCES question (id),
	answer_option_id BLOB REFERENCES answer_option (id)
);
CREATE INDEX screening_answer_screening ON screening_answer (screening_id, question_id);

-- Per-domain results of a saved screening (none for a declined one).
CREATE TABLE screening_result (
	screening_id BLOB NOT NULL REFERENCES screening (id),
	domain_id    BLOB NOT NULL REFERENCES screening_domain (id),
	result       TEXT NOT NULL CHECK (result IN ('positive', 'negative', 'incomplete')),
	PRIMARY KEY (screening_id, domain_id)
) WITHOUT ROWID;

-- Derived, kept by the core in the screening's transaction (never versioned): one row per
-- patient (made by the trigger below) with the date of the latest saved screening ('' when
-- never screened), so that the rescreen-due list is a range scan of an index at any size:
-- due when last_on <= today minus rescreen_months. active mirrors patient.status.
CREATE TABLE screening_status (
	patient_id BLOB PRIMARY KEY REFERENCES patient (id),
	active     INTEGER NOT NULL CHECK (active IN (0, 1)),
	last_on    TEXT NOT NULL DEFAULT '',
	last_id    BLOB, -- latest saved screening of any status but entered-in-error
	scored_id  BLOB  -- latest completed or partial one: its positives are the current needs
) WITHOUT ROWID;
CREATE INDEX screening_due ON screening_status (last_on, patient_id) WHERE active = 1;

INSERT INTO screening_status (patient_id, active) SELECT id, status = 'active' FROM patient;
CREATE TRIGGER screening_status_new_patient AFTER INSERT ON patient
BEGIN
	INSERT INTO screening_status (patient_id, active) VALUES (new.id, new.status = 'active');
END;
CREATE TRIGGER screening_status_patient_status AFTER UPDATE OF status ON patient
BEGIN
	UPDATE screening_status SET active = (new.status = 'active') WHERE patient_id = new.id;
END;

-- Derived: the positive domains of each patient's latest completed or partial screening,
-- for the "positive in domain X" list (a range scan by domain) and the chart header.
CREATE TABLE screening_positive (
	domain_code  TEXT NOT NULL,
	patient_id   BLOB NOT NULL REFERENCES patient (id),
	screened_on  TEXT NOT NULL,
	screening_id BLOB NOT NULL REFERENCES screening (id),
	sensitive    INTEGER NOT NULL,
	PRIMARY KEY (domain_code, screened_on, patient_id)
) WITHOUT ROWID;
CREATE INDEX screening_positive_patient ON screening_positive (patient_id);
