-- careloop schema 14: corrections, as clinical records require (nothing is deleted), and
-- the patient's consent to care management. See src/correction.h and src/consent.h.

-- A contact, goal, clinical event or screening entered in error: why (a reason code of
-- src/correction.c, '' while the record stands), when (UTC) and by whom (login). The row
-- stays (the chart shows it struck through); every count, measure, worklist section and
-- risk rule leaves it out.
ALTER TABLE contact ADD COLUMN error_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN error_at TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN error_by TEXT NOT NULL DEFAULT '';
ALTER TABLE goal ADD COLUMN error_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE goal ADD COLUMN error_at TEXT NOT NULL DEFAULT '';
ALTER TABLE goal ADD COLUMN error_by TEXT NOT NULL DEFAULT '';
ALTER TABLE clinical_event ADD COLUMN error_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE clinical_event ADD COLUMN error_at TEXT NOT NULL DEFAULT '';
ALTER TABLE clinical_event ADD COLUMN error_by TEXT NOT NULL DEFAULT '';
ALTER TABLE screening ADD COLUMN error_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE screening ADD COLUMN error_at TEXT NOT NULL DEFAULT '';
ALTER TABLE screening ADD COLUMN error_by TEXT NOT NULL DEFAULT '';

-- Every correction, append-only: a done task reopened or cancelled (reason: the
-- coordinator's words), a record entered in error (reason: its code). Who, when, why.
CREATE TABLE correction (
	id          BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id  BLOB NOT NULL REFERENCES patient (id),
	record_type TEXT NOT NULL
		CHECK (record_type IN ('task', 'contact', 'goal', 'clinical_event', 'screening')),
	record_id   BLOB NOT NULL CHECK (length(record_id) = 16),
	action      TEXT NOT NULL CHECK (action IN ('reopen', 'cancel', 'entered-in-error')),
	reason      TEXT NOT NULL CHECK (length(CAST(reason AS BLOB)) BETWEEN 1 AND 500),
	at          TEXT NOT NULL,
	by          TEXT NOT NULL
);
CREATE INDEX correction_record ON correction (record_id, at);
CREATE INDEX correction_patient ON correction (patient_id, at);
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
BEGIN
	SELECT RAISE(ABORT, 'corrections are append-only');
END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN
	SELECT RAISE(ABORT, 'corrections are append-only');
END;

-- "Last reached" and the follow-ups an event owes leave out contacts entered in error.
DROP TRIGGER contact_reached_update;
CREATE TRIGGER contact_reached_update
AFTER UPDATE OF outcome, occurred_at, patient_id, error_reason ON contact
BEGIN
	UPDATE patient SET last_reached_at = coalesce((SELECT max(occurred_at) FROM contact
		WHERE patient_id = patient.id AND outcome = 'reached' AND error_reason = ''), '')
	WHERE id IN (old.patient_id, new.patient_id);
END;

-- (Replaced below: the step leaves out contacts entered in error.)
DROP VIEW clinical_event_followup_now;
CREATE VIEW clinical_event_followup_now AS
SELECT e.id AS id,
	CASE
	WHEN e.kind = 'ed-visit' THEN
		CASE WHEN EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = e.patient_id
			AND substr(c.occurred_at, 1, 10) >= e.event_date AND c.outcome = 'reached'
			AND c.mode IN ('phone', 'video', 'in-person') AND c.error_reason = '')
		THEN '' ELSE 'contact' END
	WHEN EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = e.patient_id
		AND substr(c.occurred_at, 1, 10) >= e.event_date AND c.outcome = 'reached'
		AND c.mode = 'in-person' AND c.error_reason = '') THEN ''
	WHEN EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = e.patient_id
		AND substr(c.occurred_at, 1, 10) >= e.event_date AND c.outcome = 'reached'
		AND c.mode IN ('phone', 'video', 'in-person') AND c.error_reason = '')
	  OR (SELECT count(*) FROM contact c WHERE c.patient_id = e.patient_id
		AND substr(c.occurred_at, 1, 10) >= e.event_date
		AND substr(c.occurred_at, 1, 10) <= e.contact_due AND c.outcome <> 'reached'
		AND c.mode IN ('phone', 'video', 'in-person') AND c.error_reason = '') >= 2
	THEN 'visit'
	ELSE 'contact'
	END AS step
FROM clinical_event e WHERE e.contact_due <> '' AND e.error_reason = '';

-- A contact entered in error may make an event owe its follow-up again: the view covers
-- every event that owes one (a met one gives ''), and the step is worked out anew from the
-- contacts that stand. An event entered in error owes nothing (the core clears its step).
DROP TRIGGER contact_followup_update;
CREATE TRIGGER contact_followup_update
AFTER UPDATE OF outcome, occurred_at, mode, error_reason ON contact
BEGIN
	UPDATE clinical_event SET followup_step =
		(SELECT step FROM clinical_event_followup_now f WHERE f.id = clinical_event.id)
	WHERE patient_id = new.patient_id AND contact_due <> '' AND error_reason = '';
	UPDATE clinical_event SET followup_due = CASE followup_step WHEN 'contact' THEN contact_due
		WHEN 'visit' THEN visit_due ELSE '' END
	WHERE patient_id = new.patient_id AND contact_due <> '' AND error_reason = '';
END;

-- A referral's status change as it really happened: the date the coordinator gives
-- (backdated, never before the referral nor the change before it, never in the future);
-- '' for the creation and for changes recorded before this migration (then the local date
-- of at).
ALTER TABLE referral_event ADD COLUMN happened_on TEXT NOT NULL DEFAULT ''
	CHECK (happened_on = '' OR length(happened_on) = 10);

-- Consent to care management (CMS requires it before billing care-management minutes):
-- when it was given, how (verbal or written), who recorded it, and when it was withdrawn
-- ('' while it stands). A patient may consent again after withdrawing: a new row.
CREATE TABLE consent (
	id           BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id   BLOB NOT NULL REFERENCES patient (id),
	given_on     TEXT NOT NULL CHECK (length(given_on) = 10),
	method       TEXT NOT NULL CHECK (method IN ('verbal', 'written')),
	recorded_by  TEXT NOT NULL,
	withdrawn_on TEXT NOT NULL DEFAULT '' CHECK (withdrawn_on = '' OR length(withdrawn_on) = 10),
	withdrawn_by TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1,
	CHECK (withdrawn_on = '' OR withdrawn_on >= given_on)
);
CREATE INDEX consent_patient ON consent (patient_id, given_on);

-- The patient's people and how to reach them: a guardian or caregiver and an emergency
-- contact (name, relation, phone, may we share information with them: 1/0), and the time
-- and way they prefer to be contacted ('' when not recorded). Patient fields (src/patient.c).
ALTER TABLE patient ADD COLUMN guardian_name TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(guardian_name AS BLOB)) <= 95);
ALTER TABLE patient ADD COLUMN guardian_relation TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(guardian_relation AS BLOB)) <= 31);
ALTER TABLE patient ADD COLUMN guardian_phone TEXT NOT NULL DEFAULT ''
	CHECK (length(guardian_phone) <= 31);
ALTER TABLE patient ADD COLUMN guardian_share INTEGER NOT NULL DEFAULT 0
	CHECK (guardian_share IN (0, 1));
ALTER TABLE patient ADD COLUMN emergency_name TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(emergency_name AS BLOB)) <= 95);
ALTER TABLE patient ADD COLUMN emergency_relation TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(emergency_relation AS BLOB)) <= 31);
ALTER TABLE patient ADD COLUMN emergency_phone TEXT NOT NULL DEFAULT ''
	CHECK (length(emergency_phone) <= 31);
ALTER TABLE patient ADD COLUMN emergency_share INTEGER NOT NULL DEFAULT 0
	CHECK (emergency_share IN (0, 1));
ALTER TABLE patient ADD COLUMN contact_time TEXT NOT NULL DEFAULT ''
	CHECK (contact_time IN ('', 'morning', 'afternoon', 'evening', 'any'));
ALTER TABLE patient ADD COLUMN contact_method TEXT NOT NULL DEFAULT ''
	CHECK (contact_method IN ('', 'phone', 'text', 'mail', 'in-person', 'portal'));

-- The measures' period reads (012) leave out what was entered in error from the index alone.
DROP INDEX contact_month;
CREATE INDEX contact_month ON contact (occurred_at, patient_id, minutes, outcome, mode,
	error_reason);
DROP INDEX clinical_event_on;
CREATE INDEX clinical_event_on ON clinical_event (kind, event_date, patient_id, error_reason);
