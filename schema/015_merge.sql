-- careloop schema 15: duplicate patients and their merge (src/merge.c).

-- A merged patient stays in the registry (never deleted), inactive, pointing at the chart
-- that took everything over; its MRN still finds that chart (cl_patient_search). NULL for
-- every other patient.
ALTER TABLE patient ADD COLUMN merged_into BLOB REFERENCES patient (id);
CREATE INDEX patient_merged ON patient (merged_into) WHERE merged_into IS NOT NULL;

-- The duplicate check (cl_patient_duplicates): the patients born on a date, a few dozen at
-- 1,000,000 patients, compared by folded name and phone digits in C.
CREATE INDEX patient_by_birth ON patient (birth_date);

-- History moves with its patient in a merge, and only then: the row's own facts never
-- change, and its patient only to the chart the old one was merged into.
DROP TRIGGER risk_change_no_update;
CREATE TRIGGER risk_change_no_update BEFORE UPDATE OF id, changed_at, changed_by, from_tier,
	to_tier, suggested_tier, source, reason ON risk_change
BEGIN
	SELECT RAISE(ABORT, 'risk history is append-only');
END;
CREATE TRIGGER risk_change_merge_only BEFORE UPDATE OF patient_id ON risk_change
WHEN new.patient_id IS NOT old.patient_id
	AND new.patient_id IS NOT (SELECT merged_into FROM patient WHERE id = old.patient_id)
BEGIN
	SELECT RAISE(ABORT, 'risk history is append-only');
END;

DROP TRIGGER clinical_event_source_fixed;
CREATE TRIGGER clinical_event_source_fixed BEFORE UPDATE OF source, source_sender, source_key,
	patient_id ON clinical_event
WHEN old.source IS NOT new.source OR old.source_sender IS NOT new.source_sender
	OR old.source_key IS NOT new.source_key
	OR (old.patient_id IS NOT new.patient_id
	    AND new.patient_id IS NOT (SELECT merged_into FROM patient WHERE id = old.patient_id))
BEGIN
	SELECT RAISE(ABORT, 'an event''s source and patient do not change');
END;
