-- careloop schema 6: what the worklist's "mine" needs to seek an index at any size, as the
-- everyone view does (see src/worklist.c).

-- "Referrals overdue", mine: open referrals I follow, by due date (referral_open_due in 004
-- is the everyone view).
CREATE INDEX referral_open_cm_due ON referral (care_manager_id, due_date, id)
	WHERE status IN ('draft', 'requested', 'accepted', 'in-progress', 'on-hold');

-- "Screenings due", mine: the patient's care manager beside the rescreen clock (derived,
-- kept by the triggers below, never versioned), so that my due patients are a range of one
-- index instead of a walk of everyone's due list checking each patient.
ALTER TABLE screening_status ADD COLUMN care_manager_id BLOB;
UPDATE screening_status SET care_manager_id =
	(SELECT care_manager_id FROM patient WHERE id = screening_status.patient_id);
CREATE INDEX screening_due_cm ON screening_status (care_manager_id, last_on, patient_id)
	WHERE active = 1;
-- A status row is made after its patient (by a trigger or the screening core): copy.
CREATE TRIGGER screening_status_cm_insert AFTER INSERT ON screening_status
BEGIN
	UPDATE screening_status SET care_manager_id =
		(SELECT care_manager_id FROM patient WHERE id = new.patient_id)
	WHERE patient_id = new.patient_id;
END;
CREATE TRIGGER screening_status_cm_patient AFTER UPDATE OF care_manager_id ON patient
BEGIN
	UPDATE screening_status SET care_manager_id = new.care_manager_id
	WHERE patient_id = new.id;
END;
