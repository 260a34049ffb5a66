-- careloop schema 10: the patient's pronouns, as the patient gives them ("she/her",
-- "they/them"), free text of at most 32 bytes; '' when not recorded. Shown in the chart.
ALTER TABLE patient ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''
	CHECK (length(CAST(pronouns AS BLOB)) <= 32);
