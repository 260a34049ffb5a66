-- careloop schema 16: staff. Every care manager (an OS login) has a role; what a role may
-- do is data (staff_role), read at open. Care managers known before this schema (their
-- first use registered them) are coordinators. Deactivating never deletes (active = 0).

CREATE TABLE staff_role (
	code          TEXT PRIMARY KEY,
	label         TEXT NOT NULL,
	may_write     INTEGER NOT NULL CHECK (may_write IN (0, 1)),     -- any change at all
	manages_staff INTEGER NOT NULL CHECK (manages_staff IN (0, 1)), -- careloop staff add/set/…
	sees_everyone INTEGER NOT NULL CHECK (sees_everyone IN (0, 1)), -- worklist default
	reads_audit   INTEGER NOT NULL CHECK (reads_audit IN (0, 1)),   -- chart Audit, careloop audit
	rank          INTEGER NOT NULL UNIQUE
);
INSERT INTO staff_role VALUES
	('coordinator', 'Coordinator', 1, 0, 0, 0, 1),
	('supervisor',  'Supervisor',  1, 1, 1, 1, 2),
	('readonly',    'Read-only',   0, 0, 1, 0, 3);

ALTER TABLE care_manager ADD COLUMN role TEXT NOT NULL DEFAULT 'coordinator';

CREATE TRIGGER care_manager_role_insert BEFORE INSERT ON care_manager
WHEN NEW.role NOT IN (SELECT code FROM staff_role)
BEGIN
	SELECT RAISE(ABORT, 'care_manager.role is not a staff role');
END;
CREATE TRIGGER care_manager_role_update BEFORE UPDATE OF role ON care_manager
WHEN NEW.role NOT IN (SELECT code FROM staff_role)
BEGIN
	SELECT RAISE(ABORT, 'care_manager.role is not a staff role');
END;

-- The access review by person (careloop audit --user): the audit trail by actor.
CREATE INDEX audit_actor ON audit (actor, seq);
