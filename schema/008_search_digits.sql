-- careloop schema 8: search finds an MRN by its number alone ("1062" finds MRN0001062) and
-- a phone by its local digits in any punctuation ("0810924" finds (505) 081-0924).

-- The MRN's number as two words: without its leading letters and separators ("0001062"),
-- and without its leading zeros too ("1062").
ALTER TABLE patient ADD COLUMN mrn_number TEXT GENERATED ALWAYS AS
	(ltrim(upper(mrn), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ #-./_:') || ' ' ||
	 ltrim(ltrim(upper(mrn), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ #-./_:'), '0')) VIRTUAL;
-- The last 7, 6, 5 and 4 digits of the phone as words: a prefix search on them finds any
-- run of digits inside the local number (phone_digits serves those from the area code).
ALTER TABLE patient ADD COLUMN phone_tail TEXT GENERATED ALWAYS AS
	(CASE WHEN length(phone_digits) > 4 THEN
		substr(phone_digits, -7) || ' ' || substr(phone_digits, -6) || ' ' ||
		substr(phone_digits, -5) || ' ' || substr(phone_digits, -4)
	 ELSE '' END) VIRTUAL;

-- The index of schema 1 with the two columns added, rebuilt from the patients.
DROP TRIGGER patient_fts_insert;
DROP TRIGGER patient_fts_delete;
DROP TRIGGER patient_fts_update;
DROP TABLE patient_fts;
CREATE VIRTUAL TABLE patient_fts USING fts5 (
	family_fold, given_fold, mrn, phone, phone_digits, mrn_number, phone_tail,
	content = 'patient', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER patient_fts_insert AFTER INSERT ON patient
BEGIN
	INSERT INTO patient_fts (rowid, family_fold, given_fold, mrn, phone, phone_digits,
				 mrn_number, phone_tail)
	VALUES (new.rowid, new.family_fold, new.given_fold, new.mrn, new.phone, new.phone_digits,
		new.mrn_number, new.phone_tail);
END;
CREATE TRIGGER patient_fts_delete AFTER DELETE ON patient
BEGIN
	INSERT INTO patient_fts (patient_fts, rowid, family_fold, given_fold, mrn, phone,
				 phone_digits, mrn_number, phone_tail)
	VALUES ('delete', old.rowid, old.family_fold, old.given_fold, old.mrn, old.phone,
		old.phone_digits, old.mrn_number, old.phone_tail);
END;
CREATE TRIGGER patient_fts_update AFTER UPDATE OF family_name, given_name, mrn, phone ON patient
BEGIN
	INSERT INTO patient_fts (patient_fts, rowid, family_fold, given_fold, mrn, phone,
				 phone_digits, mrn_number, phone_tail)
	VALUES ('delete', old.rowid, old.family_fold, old.given_fold, old.mrn, old.phone,
		old.phone_digits, old.mrn_number, old.phone_tail);
	INSERT INTO patient_fts (rowid, family_fold, given_fold, mrn, phone, phone_digits,
				 mrn_number, phone_tail)
	VALUES (new.rowid, new.family_fold, new.given_fold, new.mrn, new.phone, new.phone_digits,
		new.mrn_number, new.phone_tail);
END;
INSERT INTO patient_fts (patient_fts) VALUES ('rebuild');
