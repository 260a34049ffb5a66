-- careloop schema 7: patients who die or leave. A deceased or inactive patient keeps every
-- record (the chart shows them all), but their work leaves the worklist at once: open
-- tasks leave "Tasks due", and open referrals are flagged at the top of "Referrals
-- overdue" for the coordinator to close with a reason (never closed by the program).
-- Screenings due and "not reached" already follow patient.status (002, 005).

-- The date of death: 'YYYY-MM-DD' or '' (required by the core when status is deceased,
-- checked against the birth date and today; a patient made deceased before this column
-- existed has '' until the record is next saved).
ALTER TABLE patient ADD COLUMN death_date TEXT NOT NULL DEFAULT '';

-- Derived, never versioned: whether the row's patient is active (patient.status =
-- 'active'), kept by the triggers below like screening_status.active, so that the
-- worklist's partial indexes leave a retired patient's rows out without reading patient.
ALTER TABLE task ADD COLUMN patient_active INTEGER NOT NULL DEFAULT 1
	CHECK (patient_active IN (0, 1));
ALTER TABLE referral ADD COLUMN patient_active INTEGER NOT NULL DEFAULT 1
	CHECK (patient_active IN (0, 1));
UPDATE task SET patient_active = 0
WHERE patient_id IN (SELECT id FROM patient WHERE status <> 'active');
UPDATE referral SET patient_active = 0
WHERE patient_id IN (SELECT id FROM patient WHERE status <> 'active');

-- "Referrals overdue" orders by this key: an open referral of a retired patient comes
-- first whatever its due date ('-' sorts below every date), an active patient's by due
-- date. The section lists keys before today.
ALTER TABLE referral ADD COLUMN worklist_key TEXT GENERATED ALWAYS AS
	(CASE WHEN patient_active = 1 THEN due_date ELSE '-' || due_date END) VIRTUAL;

-- "Tasks due": only the tasks of active patients are in the worklist's indexes.
DROP INDEX task_open_due;
DROP INDEX task_open_assignee_due;
CREATE INDEX task_open_due ON task (due_date, id) WHERE status = 'open' AND patient_active = 1;
CREATE INDEX task_open_assignee_due ON task (assignee_id, due_date, id)
	WHERE status = 'open' AND patient_active = 1;

-- "Referrals overdue", everyone's and mine (referral_open_due in 004 stays: the referral
-- lists page over it). The open statuses: CL_REFERRAL_OPEN_STATUSES (src/referral.h), as in 004.
DROP INDEX referral_open_cm_due;
CREATE INDEX referral_worklist ON referral (worklist_key, id)
	WHERE status IN ('draft', 'requested', 'accepted', 'in-progress', 'on-hold');
CREATE INDEX referral_worklist_cm ON referral (care_manager_id, worklist_key, id)
	WHERE status IN ('draft', 'requested', 'accepted', 'in-progress', 'on-hold');

CREATE TRIGGER patient_active_status AFTER UPDATE OF status ON patient
WHEN (old.status = 'active') <> (new.status = 'active')
BEGIN
	UPDATE task SET patient_active = (new.status = 'active') WHERE patient_id = new.id;
	UPDATE referral SET patient_active = (new.status = 'active') WHERE patient_id = new.id;
END;
-- A task or referral made for (or moved to) a retired patient.
CREATE TRIGGER task_patient_active AFTER INSERT ON task
WHEN (SELECT status FROM patient WHERE id = new.patient_id) <> 'active'
BEGIN
	UPDATE task SET patient_active = 0 WHERE id = new.id;
END;
CREATE TRIGGER task_patient_active_move AFTER UPDATE OF patient_id ON task
BEGIN
	UPDATE task SET patient_active =
		coalesce((SELECT status = 'active' FROM patient WHERE id = new.patient_id), 1)
	WHERE id = new.id;
END;
CREATE TRIGGER referral_patient_active AFTER INSERT ON referral
WHEN (SELECT status FROM patient WHERE id = new.patient_id) <> 'active'
BEGIN
	UPDATE referral SET patient_active = 0 WHERE id = new.id;
END;
CREATE TRIGGER referral_patient_active_move AFTER UPDATE OF patient_id ON referral
BEGIN
	UPDATE referral SET patient_active =
		coalesce((SELECT status = 'active' FROM patient WHERE id = new.patient_id), 1)
	WHERE id = new.id;
END;
