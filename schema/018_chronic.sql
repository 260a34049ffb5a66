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

-- The worklist's "Chronic: not controlled" (src/worklist.c): per patient with active
-- hypertension ('bp') or diabetes ('a1c'), the last reading's date ('' none), the reading
-- as shown ("152/96", "10.4%") and whether it is controlled, kept by the triggers below
-- (the section lists those not controlled or not measured this year, oldest first). id:
-- the row's own, for the list's keyset (a patient may have both rows on one date).
CREATE TABLE chronic_gap (
	id         BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
	patient_id BLOB NOT NULL REFERENCES patient (id),
	kind       TEXT NOT NULL CHECK (kind IN ('bp', 'a1c')),
	last_on    TEXT NOT NULL DEFAULT '',
	reading    TEXT NOT NULL DEFAULT '',
	controlled INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (patient_id, kind)
) WITHOUT ROWID;
CREATE INDEX chronic_gap_worklist ON chronic_gap (last_on, id, controlled, patient_id);

-- A row here asks for the patient's chronic_gap rows to be made again (then it goes): one
-- place for the rule, which the triggers on conditions and results use.
CREATE TABLE chronic_gap_refresh (patient_id BLOB NOT NULL);
CREATE TRIGGER chronic_gap_refresh_run AFTER INSERT ON chronic_gap_refresh
BEGIN
	DELETE FROM chronic_gap WHERE patient_id = new.patient_id;
	INSERT INTO chronic_gap (id, patient_id, kind, last_on, reading, controlled)
	SELECT randomblob(16), new.patient_id, 'bp', coalesce(d, ''),
		coalesce(CAST(s AS INTEGER) || '/' || CAST(di AS INTEGER), ''),
		coalesce(s < 140 AND di < 90, 0)
	FROM (SELECT d, (SELECT min(value) FROM observation WHERE patient_id = new.patient_id
			AND loinc = '8480-6' AND observed_on = d) AS s,
		(SELECT min(value) FROM observation WHERE patient_id = new.patient_id
			AND loinc = '8462-4' AND observed_on = d) AS di
		FROM (SELECT (SELECT max(o.observed_on) FROM observation o
			WHERE o.patient_id = new.patient_id AND o.loinc = '8480-6'
			AND EXISTS (SELECT 1 FROM observation x WHERE x.patient_id = new.patient_id
				AND x.loinc = '8462-4' AND x.observed_on = o.observed_on)) AS d))
	WHERE EXISTS (SELECT 1 FROM condition WHERE patient_id = new.patient_id
		AND kind = 'hypertension' AND status = 'active');
	INSERT INTO chronic_gap (id, patient_id, kind, last_on, reading, controlled)
	SELECT randomblob(16), new.patient_id, 'a1c', coalesce(d, ''), coalesce(printf('%.1f%%', v), ''),
		coalesce(v <= 9, 0)
	FROM (SELECT d, (SELECT max(value) FROM observation WHERE patient_id = new.patient_id
			AND loinc = '4548-4' AND observed_on = d) AS v
		FROM (SELECT (SELECT max(observed_on) FROM observation
			WHERE patient_id = new.patient_id AND loinc = '4548-4') AS d))
	WHERE EXISTS (SELECT 1 FROM condition WHERE patient_id = new.patient_id
		AND kind = 'diabetes' AND status = 'active');
	DELETE FROM chronic_gap_refresh;
END;
CREATE TRIGGER chronic_gap_condition_insert AFTER INSERT ON condition
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (new.patient_id);
END;
CREATE TRIGGER chronic_gap_condition_update AFTER UPDATE OF status, kind ON condition
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (new.patient_id);
END;
CREATE TRIGGER chronic_gap_condition_delete AFTER DELETE ON condition
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (old.patient_id);
END;
CREATE TRIGGER chronic_gap_observation_insert AFTER INSERT ON observation
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (new.patient_id);
END;
CREATE TRIGGER chronic_gap_observation_delete AFTER DELETE ON observation
BEGIN
	INSERT INTO chronic_gap_refresh (patient_id) VALUES (old.patient_id);
END;
