-- careloop schema 18: the chronic conditions registry (src/chronic.h): conditions on the
-- chart (a kind from the table in src/chronic.c, with the SNOMED CT or ICD-10-CM code the
-- EHR sent), blood pressure and A1c results with their dates, and what the measures and
-- the worklist read of them.

-- One row per patient and kind of condition: its onset and whether it is still active.
-- code_system/code: what the EHR sent ('snomed' or 'icd10cm'), '' when typed as a kind.
CREATE TABLE condition (
	id          BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id  BLOB NOT NULL REFERENCES patient (id),
	kind        TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
	status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved')),
	onset_date  TEXT NOT NULL DEFAULT '' CHECK (onset_date = '' OR length(onset_date) = 10),
	code_system TEXT NOT NULL DEFAULT '' CHECK (code_system IN ('', 'snomed', 'icd10cm')),
	code        TEXT NOT NULL DEFAULT '' CHECK (length(code) <= 20),
	source      TEXT NOT NULL DEFAULT 'chart' CHECK (source IN ('chart', 'csv')),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX condition_patient_kind ON condition (patient_id, kind);
-- The measures' denominators: active patients with an active condition of a kind.
CREATE INDEX condition_kind ON condition (kind, status, patient_id);

-- The chronic conditions count (schema 005, the risk rules' "chronic" rule) follows the
-- list: a change to a patient's conditions sets it to the number of active ones. A count
-- typed in the chart (`n`) may be higher (conditions careloop has no kind for), never lower
-- (src/risk.c); a patient without listed conditions keeps the count typed.
CREATE TRIGGER condition_count_insert AFTER INSERT ON condition
BEGIN
	UPDATE patient SET chronic_conditions = min(99, (SELECT count(*) FROM condition
		WHERE patient_id = new.patient_id AND status = 'active'))
	WHERE id = new.patient_id;
END;
CREATE TRIGGER condition_count_update AFTER UPDATE OF status ON condition
BEGIN
	UPDATE patient SET chronic_conditions = min(99, (SELECT count(*) FROM condition
		WHERE patient_id = new.patient_id AND status = 'active'))
	WHERE id = new.patient_id;
END;
CREATE TRIGGER condition_count_delete AFTER DELETE ON condition
BEGIN
	UPDATE patient SET chronic_conditions = min(99, (SELECT count(*) FROM condition
		WHERE patient_id = old.patient_id AND status = 'active'))
	WHERE id = old.patient_id;
END;

-- Results: systolic (LOINC 8480-6) and diastolic (8462-4) blood pressure in mm[Hg], A1c
-- (4548-4) in %. A blood pressure is the pair of one day (several readings on one day: the
-- lowest systolic and the lowest diastolic, as the controlling-high-blood-pressure measure
-- counts them). The same patient, date, code and value is one result: importing a row
-- again adds nothing.
CREATE TABLE observation (
	id          BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id  BLOB NOT NULL REFERENCES patient (id),
	observed_on TEXT NOT NULL CHECK (length(observed_on) = 10),
	loinc       TEXT NOT NULL CHECK (loinc IN ('8480-6', '8462-4', '4548-4')),
	value       REAL NOT NULL,
	source      TEXT NOT NULL DEFAULT 'chart' CHECK (source IN ('chart', 'csv')),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL
);
CREATE UNIQUE INDEX observation_once ON observation (patient_id, loinc, observed_on, value);
CREATE TRIGGER observation_no_update BEFORE UPDATE ON observation
BEGIN
	SELECT RAISE(ABORT, 'a result does not change once recorded');
END;

-- A patient's last blood pressure and last A1c, for the chart and the measures.
CREATE VIEW patient_last_bp AS
SELECT patient_id, observed_on,
	min(CASE WHEN loinc = '8480-6' THEN value END) AS systolic,
	min(CASE WHEN loinc = '8462-4' THEN value END) AS diastolic
FROM observation WHERE loinc IN ('8480-6', '8462-4')
GROUP BY patient_id, observed_on
HAVING systolic IS NOT NULL AND diastolic IS NOT NULL;
