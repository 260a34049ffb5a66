-- careloop schema 9: the number of patients by status, kept by triggers, so that the
-- patients list shows its count without counting a million rows on every open (66-82 ms
-- at 1,000,000 patients). `careloop check` verifies it against the patients.
CREATE TABLE patient_count (
	status TEXT PRIMARY KEY CHECK (status IN ('active', 'inactive', 'deceased')),
	n      INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;
INSERT INTO patient_count (status, n)
	SELECT s.status, (SELECT count(*) FROM patient p WHERE p.status = s.status)
	FROM (SELECT 'active' AS status UNION ALL SELECT 'inactive' UNION ALL SELECT 'deceased') s;

CREATE TRIGGER patient_count_insert AFTER INSERT ON patient
BEGIN
	UPDATE patient_count SET n = n + 1 WHERE status = new.status;
END;
CREATE TRIGGER patient_count_delete AFTER DELETE ON patient
BEGIN
	UPDATE patient_count SET n = n - 1 WHERE status = old.status;
END;
CREATE TRIGGER patient_count_status AFTER UPDATE OF status ON patient
	WHEN old.status IS NOT new.status
BEGIN
	UPDATE patient_count SET n = n - 1 WHERE status = old.status;
	UPDATE patient_count SET n = n + 1 WHERE status = new.status;
END;
