-- careloop schema 5: the care plan (goals, tasks), the outreach log (contacts), clinical
-- events and chronic conditions for the risk rules, the history of risk tiers, and the
-- columns and indexes behind the worklist. See src/careplan.h, contact.h, risk.h, worklist.h.

-- Derived patient columns, kept by the core (never by the patient form, never versioned):
-- chronic_conditions: the number of chronic conditions on the patient's problem list
--   (a count, set through cl_risk_set_chronic_conditions, for the risk rules);
-- last_reached_at: occurred_at of the latest contact with outcome 'reached', '' if never
--   (kept by the contact triggers below, for the "not reached" worklist section).
ALTER TABLE patient ADD COLUMN chronic_conditions INTEGER NOT NULL DEFAULT 0
	CHECK (chronic_conditions BETWEEN 0 AND 99);
ALTER TABLE patient ADD COLUMN last_reached_at TEXT NOT NULL DEFAULT '';

-- Goals in the patient's words. domain: "" or a Gravity SDOH category code (checked by the
-- core, so that a new code is not a migration).
CREATE TABLE goal (
	id          BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id  BLOB NOT NULL REFERENCES patient (id),
	description TEXT NOT NULL CHECK (length(CAST(description AS BLOB)) BETWEEN 1 AND 500),
	domain      TEXT NOT NULL DEFAULT '',
	target_date TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'achieved', 'cancelled')),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goal_patient ON goal (patient_id, target_date);

-- Tasks with due dates. closed_at/closed_by: who and when it was done or cancelled.
CREATE TABLE task (
	id          BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id  BLOB NOT NULL REFERENCES patient (id),
	goal_id     BLOB REFERENCES goal (id),
	title       TEXT NOT NULL CHECK (length(CAST(title AS BLOB)) BETWEEN 1 AND 200),
	due_date    TEXT NOT NULL,
	assignee_id BLOB REFERENCES care_manager (id),
	status      TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
	closed_at   TEXT,
	closed_by   TEXT,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	CHECK ((status = 'open') = (closed_at IS NULL AND closed_by IS NULL))
);
CREATE INDEX task_patient ON task (patient_id, due_date);
-- Worklist "tasks due": open tasks by due date, everyone's and one assignee's. Partial:
-- done and cancelled tasks (most of them, over time) are not in these indexes at all.
CREATE INDEX task_open_due ON task (due_date, id) WHERE status = 'open';
CREATE INDEX task_open_assignee_due ON task (assignee_id, due_date, id) WHERE status = 'open';

-- The outreach log. occurred_at is the clinic's wall-clock time as entered,
-- "YYYY-MM-DDTHH:MM" (local, not UTC), so that a call at 19:00 on the 31st counts in that
-- month's minutes. task_id: the task this contact completed, if any.
CREATE TABLE contact (
	id              BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id      BLOB NOT NULL REFERENCES patient (id),
	occurred_at     TEXT NOT NULL CHECK (length(occurred_at) = 16),
	mode            TEXT NOT NULL
		CHECK (mode IN ('phone', 'in-person', 'video', 'text', 'letter')),
	direction       TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
	outcome         TEXT NOT NULL
		CHECK (outcome IN ('reached', 'left-message', 'no-answer', 'wrong-number')),
	minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 600),
	note            TEXT NOT NULL DEFAULT '',
	care_manager_id BLOB REFERENCES care_manager (id),
	task_id         BLOB REFERENCES task (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contact_patient ON contact (patient_id, occurred_at);
-- Monthly minutes (careloop minutes): a range of occurred_at, covering minutes.
CREATE INDEX contact_month ON contact (occurred_at, patient_id, minutes);

CREATE TRIGGER contact_reached_insert AFTER INSERT ON contact WHEN new.outcome = 'reached'
BEGIN
	UPDATE patient SET last_reached_at = new.occurred_at
	WHERE id = new.patient_id AND last_reached_at < new.occurred_at;
END;
CREATE TRIGGER contact_reached_update AFTER UPDATE OF outcome, occurred_at, patient_id ON contact
BEGIN
	UPDATE patient SET last_reached_at = coalesce((SELECT max(occurred_at) FROM contact
		WHERE patient_id = patient.id AND outcome = 'reached'), '')
	WHERE id IN (old.patient_id, new.patient_id);
END;

-- Hospital use for the risk rules (and the "just discharged" part of the day).
CREATE TABLE clinical_event (
	id         BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id BLOB NOT NULL REFERENCES patient (id),
	kind       TEXT NOT NULL CHECK (kind IN ('ed-visit', 'admission', 'discharge')),
	event_date TEXT NOT NULL CHECK (length(event_date) = 10),
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX clinical_event_patient ON clinical_event (patient_id, kind, event_date);

-- Risk tier history: append-only, one row per change of patient.risk_tier. source says who
-- decided: the coordinator (override), the rules (suggestion accepted) or the patient
-- record form (a change made there, recorded by the trigger below).
CREATE TABLE risk_change (
	id             BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id     BLOB NOT NULL REFERENCES patient (id),
	changed_at     TEXT NOT NULL,
	changed_by     TEXT NOT NULL,
	from_tier      TEXT NOT NULL CHECK (from_tier IN ('high', 'rising', 'low')),
	to_tier        TEXT NOT NULL CHECK (to_tier IN ('high', 'rising', 'low')),
	suggested_tier TEXT CHECK (suggested_tier IN ('high', 'rising', 'low')),
	source         TEXT NOT NULL CHECK (source IN ('coordinator', 'rules', 'record')),
	reason         TEXT NOT NULL CHECK (length(CAST(reason AS BLOB)) BETWEEN 1 AND 500)
);
CREATE INDEX risk_change_patient ON risk_change (patient_id, changed_at);
CREATE TRIGGER risk_change_no_update BEFORE UPDATE ON risk_change
BEGIN
	SELECT RAISE(ABORT, 'risk history is append-only');
END;
CREATE TRIGGER risk_change_no_delete BEFORE DELETE ON risk_change
BEGIN
	SELECT RAISE(ABORT, 'risk history is append-only');
END;
-- A tier changed outside cl_risk_set (the patient form, an import) still leaves history.
-- cl_risk_set writes its row first, with the same changed_at as the patient's updated_at.
CREATE TRIGGER patient_risk_history AFTER UPDATE OF risk_tier ON patient
WHEN old.risk_tier <> new.risk_tier AND NOT EXISTS (SELECT 1 FROM risk_change
	WHERE patient_id = new.id AND changed_at = new.updated_at AND to_tier = new.risk_tier)
BEGIN
	INSERT INTO risk_change (id, patient_id, changed_at, changed_by, from_tier, to_tier,
				 source, reason)
	VALUES (randomblob(16), new.id, new.updated_at, new.updated_by, old.risk_tier,
		new.risk_tier, 'record', 'changed in the patient record');
END;

-- Worklist "high-risk patients not reached": longest unreached first ('' = never), for
-- everyone and per care manager.
CREATE INDEX patient_not_reached ON patient (last_reached_at, id)
	WHERE risk_tier = 'high' AND status = 'active';
CREATE INDEX patient_not_reached_cm ON patient (care_manager_id, last_reached_at, id)
	WHERE risk_tier = 'high' AND status = 'active';
