-- careloop schema 13: case notes on a patient (src/note.h) and their word index.
-- A note is never edited in place: an amendment is a new note whose supersedes names the
-- original, and the original gets amended_at/amended_by (who amended it, when) and stays.

-- A rowid table, so that the FTS5 index (external content) follows it by rowid.
-- occurred_at is the clinic's wall-clock time as entered ("YYYY-MM-DDTHH:MM", as contacts);
-- kind is one of cl_note_kinds (src/note.c: the kinds are data there, not here).
CREATE TABLE note (
	id              BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id      BLOB NOT NULL REFERENCES patient (id),
	occurred_at     TEXT NOT NULL CHECK (length(occurred_at) = 16),
	kind            TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 31),
	body            TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) BETWEEN 1 AND 16384),
	care_manager_id BLOB REFERENCES care_manager (id),
	supersedes      BLOB UNIQUE REFERENCES note (id),
	amended_at      TEXT NOT NULL DEFAULT '',
	amended_by      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1,
	-- The text as the index reads it: "Đ" folded as the patient search folds it (schema 1).
	body_fold       TEXT GENERATED ALWAYS AS
		(replace(replace(body, 'Đ', 'D'), 'đ', 'd')) VIRTUAL,
	-- The patient as one word of the index, so that a search seeks one patient's notes
	-- ("{patient_key}: p… AND …") instead of filtering every match in the clinic.
	patient_key     TEXT GENERATED ALWAYS AS ('p' || lower(hex(patient_id))) VIRTUAL
);
-- The Notes section and the timeline: a patient's notes, newest first.
CREATE INDEX note_patient ON note (patient_id, occurred_at, id);

-- What is written stays: the text, kind, time and author never change, and no note is
-- deleted. Only the amendment stamps (and a merge's move to the surviving patient) change.
CREATE TRIGGER note_fixed BEFORE UPDATE OF body, kind, occurred_at, care_manager_id, supersedes,
	created_at ON note
WHEN old.body IS NOT new.body OR old.kind IS NOT new.kind
	OR old.occurred_at IS NOT new.occurred_at OR old.care_manager_id IS NOT new.care_manager_id
	OR old.supersedes IS NOT new.supersedes OR old.created_at IS NOT new.created_at
BEGIN
	SELECT RAISE(ABORT, 'a note is never edited: amend it');
END;
CREATE TRIGGER note_no_delete BEFORE DELETE ON note
BEGIN
	SELECT RAISE(ABORT, 'a note is never deleted: amend it');
END;

-- Search (cl_note_search): the words of a patient's notes, accents and case folded,
-- prefix indexes for 2 and 3 characters (as the patient search).
CREATE VIRTUAL TABLE note_fts USING fts5 (
	body_fold, patient_key,
	content = 'note', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER note_fts_insert AFTER INSERT ON note
BEGIN
	INSERT INTO note_fts (rowid, body_fold, patient_key)
	VALUES (new.rowid, new.body_fold, new.patient_key);
END;
-- A merge moves notes to the surviving patient: the index follows.
CREATE TRIGGER note_fts_patient AFTER UPDATE OF patient_id ON note
WHEN old.patient_id IS NOT new.patient_id
BEGIN
	INSERT INTO note_fts (note_fts, rowid, body_fold, patient_key)
	VALUES ('delete', old.rowid, old.body_fold, old.patient_key);
	INSERT INTO note_fts (rowid, body_fold, patient_key)
	VALUES (new.rowid, new.body_fold, new.patient_key);
END;

-- The timeline's tasks done or cancelled, by the day they closed.
CREATE INDEX task_patient_closed ON task (patient_id, closed_at) WHERE status <> 'open';
