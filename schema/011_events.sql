-- careloop schema 11: hospital and ED events as they arrive (the chart, an HIE portal's CSV,
-- HL7 v2 ADT messages), the follow-up each one owes (transitional care after a discharge,
-- a contact after an ED visit) and the clinic's holidays that business days skip.
-- See src/risk.h (events), src/event_import.h and src/calendar.h.

-- Where the event happened and why, as the source says it (free text, no code list).
ALTER TABLE clinical_event ADD COLUMN facility TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(facility AS BLOB)) <= 200);
ALTER TABLE clinical_event ADD COLUMN reason TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(reason AS BLOB)) <= 500);
-- The local wall-clock time of day when known ("HH:MM"), else ''.
ALTER TABLE clinical_event ADD COLUMN event_time TEXT NOT NULL DEFAULT ''
	CHECK (event_time = '' OR length(event_time) = 5);
-- PV1-2 patient class (E emergency, I inpatient, O outpatient, …) and, for a discharge,
-- PV1-36 discharge disposition ("01" home, …): as sent, '' when not.
ALTER TABLE clinical_event ADD COLUMN patient_class TEXT NOT NULL DEFAULT ''
	CHECK (length(patient_class) <= 8);
ALTER TABLE clinical_event ADD COLUMN disposition TEXT NOT NULL DEFAULT ''
	CHECK (length(disposition) <= 16);
-- Where the row came from: typed in the chart, a CSV export, an HL7 message. For imports,
-- source_sender ("MSH-3^MSH-4" for HL7; '' for CSV) and source_key (HL7: MSH-10, the
-- message control id; CSV: the file's encounter id, or event|date|time|facility) make the
-- event's identity: importing the same message or row again adds nothing.
ALTER TABLE clinical_event ADD COLUMN source TEXT NOT NULL DEFAULT 'chart'
	CHECK (source IN ('chart', 'csv', 'hl7'));
ALTER TABLE clinical_event ADD COLUMN source_sender TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(source_sender AS BLOB)) <= 200);
ALTER TABLE clinical_event ADD COLUMN source_key TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(source_key AS BLOB)) <= 300);
CREATE UNIQUE INDEX clinical_event_source ON clinical_event
	(patient_id, source, source_sender, source_key) WHERE source_key <> '';

-- The follow-up an event owes, kept by the core at insert and by the triggers below:
-- contact_due: a discharge's interactive contact (2 business days), an ED visit's contact
--   (ed_followup_days); visit_due: a discharge's face-to-face visit (7 days high risk, 14
--   others); '' when the event owes nothing (an admission, or history: recorded long after).
-- followup_step: 'contact' (the contact is owed), 'visit' (a discharge's visit is owed), ''
--   (nothing); followup_due: the date of that step ('' with nothing owed).
ALTER TABLE clinical_event ADD COLUMN contact_due TEXT NOT NULL DEFAULT '';
ALTER TABLE clinical_event ADD COLUMN visit_due TEXT NOT NULL DEFAULT '';
ALTER TABLE clinical_event ADD COLUMN followup_step TEXT NOT NULL DEFAULT ''
	CHECK (followup_step IN ('', 'contact', 'visit'));
ALTER TABLE clinical_event ADD COLUMN followup_due TEXT NOT NULL DEFAULT '';
-- The worklist's "Discharged: contact due" and "ED visit: follow up": soonest due first.
CREATE INDEX clinical_event_followup ON clinical_event (kind, followup_due, id)
	WHERE followup_step <> '';

-- An event's identity and source never change after it is recorded.
CREATE TRIGGER clinical_event_source_fixed BEFORE UPDATE OF source, source_sender, source_key,
	patient_id ON clinical_event
WHEN old.source IS NOT new.source OR old.source_sender IS NOT new.source_sender
	OR old.source_key IS NOT new.source_key OR old.patient_id IS NOT new.patient_id
BEGIN
	SELECT RAISE(ABORT, 'an event''s source and patient do not change');
END;

-- What a contact does to the follow-ups owed (transitional care, DOMAIN.md): reached by
-- phone, video or in person on or after the event's date meets the contact step; for a
-- discharge, so do two unsuccessful attempts (phone, video, in person) by the contact's due
-- date; a reached in-person contact meets the visit (and the contact with it).
CREATE VIEW clinical_event_followup_now AS
SELECT e.id AS id,
	CASE
	WHEN e.kind = 'ed-visit' THEN
		CASE WHEN EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = e.patient_id
			AND substr(c.occurred_at, 1, 10) >= e.event_date AND c.outcome = 'reached'
			AND c.mode IN ('phone', 'video', 'in-person')) THEN '' ELSE 'contact' END
	WHEN EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = e.patient_id
		AND substr(c.occurred_at, 1, 10) >= e.event_date AND c.outcome = 'reached'
		AND c.mode = 'in-person') THEN ''
	WHEN EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = e.patient_id
		AND substr(c.occurred_at, 1, 10) >= e.event_date AND c.outcome = 'reached'
		AND c.mode IN ('phone', 'video', 'in-person'))
	  OR (SELECT count(*) FROM contact c WHERE c.patient_id = e.patient_id
		AND substr(c.occurred_at, 1, 10) >= e.event_date
		AND substr(c.occurred_at, 1, 10) <= e.contact_due AND c.outcome <> 'reached'
		AND c.mode IN ('phone', 'video', 'in-person')) >= 2 THEN 'visit'
	ELSE 'contact'
	END AS step
FROM clinical_event e WHERE e.followup_step <> '';

CREATE TRIGGER clinical_event_followup_insert AFTER INSERT ON clinical_event
WHEN new.followup_step <> ''
BEGIN
	UPDATE clinical_event SET followup_step =
		(SELECT step FROM clinical_event_followup_now WHERE id = new.id)
	WHERE id = new.id;
	UPDATE clinical_event SET followup_due = CASE followup_step WHEN 'contact' THEN contact_due
		WHEN 'visit' THEN visit_due ELSE '' END
	WHERE id = new.id;
END;
CREATE TRIGGER contact_followup_insert AFTER INSERT ON contact
BEGIN
	UPDATE clinical_event SET followup_step =
		(SELECT step FROM clinical_event_followup_now f WHERE f.id = clinical_event.id)
	WHERE patient_id = new.patient_id AND followup_step <> '';
	UPDATE clinical_event SET followup_due = CASE followup_step WHEN 'contact' THEN contact_due
		WHEN 'visit' THEN visit_due ELSE '' END
	WHERE patient_id = new.patient_id AND followup_due <> '';
END;
CREATE TRIGGER contact_followup_update AFTER UPDATE OF outcome, occurred_at, mode ON contact
BEGIN
	UPDATE clinical_event SET followup_step =
		(SELECT step FROM clinical_event_followup_now f WHERE f.id = clinical_event.id)
	WHERE patient_id = new.patient_id AND followup_step <> '';
	UPDATE clinical_event SET followup_due = CASE followup_step WHEN 'contact' THEN contact_due
		WHEN 'visit' THEN visit_due ELSE '' END
	WHERE patient_id = new.patient_id AND followup_due <> '';
END;

-- The clinic's holidays, which business days skip (careloop config holidays add DATE).
CREATE TABLE holiday (
	holiday_date TEXT PRIMARY KEY CHECK (length(holiday_date) = 10),
	name         TEXT NOT NULL DEFAULT '' CHECK (length(CAST(name AS BLOB)) <= 100),
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL
) WITHOUT ROWID;
