-- careloop's hub, the reporting layer (schema careloop_report): `careloop hub init` runs it
-- after hub.sql (both are embedded as one text), and `careloop report --hub` runs the
-- program measures' SQL of src/measure.c over it, unchanged, with search_path set to this
-- schema. Safe to run again: every object is replaced.
--
-- One typed view per synced table over careloop.record, named and typed as in SQLite (ids
-- are lower-case hex text, integers bigint, reals double precision, dates and times text);
-- derived columns a site does not send (patient.last_reached_at, …) are not here. Views the
-- measures read (patient_last_bp) are the same views as in the site files. The reference
-- tables the measures read (instrument, screening_domain: seed data, the same in every
-- file) are not on the hub: `careloop report --hub` brings them from its own file as
-- temporary tables of its session. Then a small dialect layer: SQLite's functions with
-- SQLite's names and semantics, for exactly the forms the measures use.
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS careloop_report;

CREATE OR REPLACE VIEW careloop_report.care_manager AS SELECT
	(row->>'id') AS id,
	(row->>'login') AS login,
	(row->>'display_name') AS display_name,
	(row->>'active')::bigint AS active,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version,
	(row->>'role') AS role
FROM careloop.record WHERE entity = 'care_manager';

CREATE OR REPLACE VIEW careloop_report.organization AS SELECT
	(row->>'id') AS id,
	(row->>'kind') AS kind,
	(row->>'name') AS name,
	(row->>'services') AS services,
	(row->>'phone') AS phone,
	(row->>'fax') AS fax,
	(row->>'email') AS email,
	(row->>'address') AS address,
	(row->>'hours') AS hours,
	(row->>'languages') AS languages,
	(row->>'notes') AS notes,
	(row->>'active')::bigint AS active,
	(row->>'last_verified') AS last_verified,
	(row->>'agreement_start') AS agreement_start,
	(row->>'agreement_end') AS agreement_end,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'organization';

CREATE OR REPLACE VIEW careloop_report.patient AS SELECT
	(row->>'id') AS id,
	(row->>'mrn') AS mrn,
	(row->>'given_name') AS given_name,
	(row->>'family_name') AS family_name,
	(row->>'birth_date') AS birth_date,
	(row->>'sex') AS sex,
	(row->>'language') AS language,
	(row->>'phone') AS phone,
	(row->>'address') AS address,
	(row->>'city') AS city,
	(row->>'state') AS state,
	(row->>'postal_code') AS postal_code,
	(row->>'payer') AS payer,
	(row->>'risk_tier') AS risk_tier,
	(row->>'status') AS status,
	(row->>'care_manager_id') AS care_manager_id,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version,
	(row->>'death_date') AS death_date,
	(row->>'pronouns') AS pronouns,
	(row->>'guardian_name') AS guardian_name,
	(row->>'guardian_relation') AS guardian_relation,
	(row->>'guardian_phone') AS guardian_phone,
	(row->>'guardian_share')::bigint AS guardian_share,
	(row->>'emergency_name') AS emergency_name,
	(row->>'emergency_relation') AS emergency_relation,
	(row->>'emergency_phone') AS emergency_phone,
	(row->>'emergency_share')::bigint AS emergency_share,
	(row->>'contact_time') AS contact_time,
	(row->>'contact_method') AS contact_method,
	(row->>'merged_into') AS merged_into
FROM careloop.record WHERE entity = 'patient';

CREATE OR REPLACE VIEW careloop_report.goal AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'description') AS description,
	(row->>'domain') AS domain,
	(row->>'target_date') AS target_date,
	(row->>'status') AS status,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version,
	(row->>'error_reason') AS error_reason,
	(row->>'error_at') AS error_at,
	(row->>'error_by') AS error_by
FROM careloop.record WHERE entity = 'goal';

CREATE OR REPLACE VIEW careloop_report.task AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'goal_id') AS goal_id,
	(row->>'title') AS title,
	(row->>'due_date') AS due_date,
	(row->>'assignee_id') AS assignee_id,
	(row->>'status') AS status,
	(row->>'closed_at') AS closed_at,
	(row->>'closed_by') AS closed_by,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'task';

CREATE OR REPLACE VIEW careloop_report.referral AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'kind') AS kind,
	(row->>'organization_id') AS organization_id,
	(row->>'service') AS service,
	(row->>'reason') AS reason,
	(row->>'priority') AS priority,
	(row->>'mode') AS mode,
	(row->>'consent_date') AS consent_date,
	(row->>'referred_on') AS referred_on,
	(row->>'due_date') AS due_date,
	(row->>'status') AS status,
	(row->>'status_reason') AS status_reason,
	(row->>'outcome') AS outcome,
	(row->>'closed_on') AS closed_on,
	(row->>'care_manager_id') AS care_manager_id,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'referral';

CREATE OR REPLACE VIEW careloop_report.referral_event AS SELECT
	(row->>'id') AS id,
	(row->>'referral_id') AS referral_id,
	(row->>'at') AS "at",
	(row->>'actor') AS actor,
	(row->>'from_status') AS from_status,
	(row->>'to_status') AS to_status,
	(row->>'status_reason') AS status_reason,
	(row->>'outcome') AS outcome,
	(row->>'note') AS note,
	(row->>'happened_on') AS happened_on
FROM careloop.record WHERE entity = 'referral_event';

CREATE OR REPLACE VIEW careloop_report.contact AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'occurred_at') AS occurred_at,
	(row->>'mode') AS mode,
	(row->>'direction') AS direction,
	(row->>'outcome') AS outcome,
	(row->>'minutes')::bigint AS minutes,
	(row->>'note') AS note,
	(row->>'care_manager_id') AS care_manager_id,
	(row->>'task_id') AS task_id,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version,
	(row->>'error_reason') AS error_reason,
	(row->>'error_at') AS error_at,
	(row->>'error_by') AS error_by
FROM careloop.record WHERE entity = 'contact';

CREATE OR REPLACE VIEW careloop_report.clinical_event AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'kind') AS kind,
	(row->>'event_date') AS event_date,
	(row->>'note') AS note,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version,
	(row->>'facility') AS facility,
	(row->>'reason') AS reason,
	(row->>'event_time') AS event_time,
	(row->>'patient_class') AS patient_class,
	(row->>'disposition') AS disposition,
	(row->>'source') AS source,
	(row->>'source_sender') AS source_sender,
	(row->>'source_key') AS source_key,
	(row->>'contact_due') AS contact_due,
	(row->>'visit_due') AS visit_due,
	(row->>'followup_step') AS followup_step,
	(row->>'followup_due') AS followup_due,
	(row->>'error_reason') AS error_reason,
	(row->>'error_at') AS error_at,
	(row->>'error_by') AS error_by
FROM careloop.record WHERE entity = 'clinical_event';

CREATE OR REPLACE VIEW careloop_report.screening AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'instrument_id') AS instrument_id,
	(row->>'screened_on') AS screened_on,
	(row->>'status') AS status,
	(row->>'language') AS language,
	(row->>'screened_by') AS screened_by,
	(row->>'review')::bigint AS review,
	(row->>'source') AS source,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version,
	(row->>'error_reason') AS error_reason,
	(row->>'error_at') AS error_at,
	(row->>'error_by') AS error_by,
	(row->>'total')::bigint AS total,
	(row->>'band') AS band,
	(row->>'safety_task_id') AS safety_task_id
FROM careloop.record WHERE entity = 'screening';

CREATE OR REPLACE VIEW careloop_report.screening_answer AS SELECT
	(row->>'screening_id') AS screening_id,
	(row->>'question_id') AS question_id,
	(row->>'answer_option_id') AS answer_option_id
FROM careloop.record WHERE entity = 'screening_answer';

CREATE OR REPLACE VIEW careloop_report.screening_result AS SELECT
	(row->>'screening_id') AS screening_id,
	(row->>'domain_id') AS domain_id,
	(row->>'result') AS result
FROM careloop.record WHERE entity = 'screening_result';

CREATE OR REPLACE VIEW careloop_report.note AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'occurred_at') AS occurred_at,
	(row->>'kind') AS kind,
	(row->>'body') AS body,
	(row->>'care_manager_id') AS care_manager_id,
	(row->>'supersedes') AS supersedes,
	(row->>'amended_at') AS amended_at,
	(row->>'amended_by') AS amended_by,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'note';

CREATE OR REPLACE VIEW careloop_report.correction AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'record_type') AS record_type,
	(row->>'record_id') AS record_id,
	(row->>'action') AS action,
	(row->>'reason') AS reason,
	(row->>'at') AS "at",
	(row->>'by') AS "by"
FROM careloop.record WHERE entity = 'correction';

CREATE OR REPLACE VIEW careloop_report.consent AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'given_on') AS given_on,
	(row->>'method') AS method,
	(row->>'recorded_by') AS recorded_by,
	(row->>'withdrawn_on') AS withdrawn_on,
	(row->>'withdrawn_by') AS withdrawn_by,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'consent';

CREATE OR REPLACE VIEW careloop_report.bh_enrollment AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'enrolled_on') AS enrolled_on,
	(row->>'care_manager_id') AS care_manager_id,
	(row->>'psychiatrist') AS psychiatrist,
	(row->>'target_below')::bigint AS target_below,
	(row->>'disenrolled_on') AS disenrolled_on,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'bh_enrollment';

CREATE OR REPLACE VIEW careloop_report.condition AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'kind') AS kind,
	(row->>'status') AS status,
	(row->>'onset_date') AS onset_date,
	(row->>'code_system') AS code_system,
	(row->>'code') AS code,
	(row->>'source') AS source,
	(row->>'created_at') AS created_at,
	(row->>'updated_at') AS updated_at,
	(row->>'updated_by') AS updated_by,
	(row->>'version')::bigint AS version
FROM careloop.record WHERE entity = 'condition';

CREATE OR REPLACE VIEW careloop_report.observation AS SELECT
	(row->>'id') AS id,
	(row->>'patient_id') AS patient_id,
	(row->>'observed_on') AS observed_on,
	(row->>'loinc') AS loinc,
	(row->>'value')::double precision AS value,
	(row->>'source') AS source,
	(row->>'created_at') AS created_at,
	(row->>'created_by') AS created_by
FROM careloop.record WHERE entity = 'observation';

-- As schema/018_chronic.sql.
CREATE OR REPLACE VIEW careloop_report.patient_last_bp AS
SELECT patient_id, observed_on,
	min(CASE WHEN loinc = '8480-6' THEN value END) AS systolic,
	min(CASE WHEN loinc = '8462-4' THEN value END) AS diastolic
FROM careloop_report.observation WHERE loinc IN ('8480-6', '8462-4')
GROUP BY patient_id, observed_on
HAVING min(CASE WHEN loinc = '8480-6' THEN value END) IS NOT NULL
	AND min(CASE WHEN loinc = '8462-4' THEN value END) IS NOT NULL;

-- The measures look records up by patient: one index, so that a correlated subquery reads
-- a patient's rows, not the whole table.
CREATE INDEX IF NOT EXISTS record_patient ON careloop.record (entity, (row->>'patient_id'));

-- ---- the dialect: SQLite's date and time functions, as the measures use them ----

-- A date or a time as careloop stores them ('YYYY-MM-DD', 'YYYY-MM-DDTHH:MM[:SS[.SSS]][Z]',
-- UTC when it is a time stamp) as a timestamp; NULL when it is not one (as SQLite).
CREATE OR REPLACE FUNCTION careloop_report.sqlite_time(t text) RETURNS timestamp
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN t ~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$'
		THEN replace(replace(t, 'T', ' '), 'Z', '')::timestamp END
$$;

-- julianday(t): the Julian day number, a fraction for a time of day.
CREATE OR REPLACE FUNCTION careloop_report.julianday(t text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT extract(epoch FROM careloop_report.sqlite_time(t))::double precision / 86400
		+ 2440587.5
$$;

-- date(t, modifier): '+N days', '-N days', '+N months', '+N years' (as SQLite: the day of
-- month kept, an overflow carried into the next month: 2024-02-29 '-1 years' is
-- 2023-03-01) and 'localtime' (t is UTC; the session's TimeZone is local). Any other
-- modifier is an error, not a silent difference.
CREATE OR REPLACE FUNCTION careloop_report.date(t text, modifier text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
	ts timestamp := careloop_report.sqlite_time(t);
	m text[];
	n integer;
	y integer;
	mo integer;
BEGIN
	IF ts IS NULL OR modifier IS NULL THEN
		RETURN NULL;
	END IF;
	IF modifier = 'localtime' THEN
		RETURN to_char((ts AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD');
	END IF;
	m := regexp_match(modifier, '^\s*([+-]?\d+)\s+(day|month|year)s?\s*$');
	IF m IS NULL THEN
		RAISE EXCEPTION 'careloop_report.date: modifier % is not in the dialect', modifier;
	END IF;
	n := m[1]::integer;
	IF m[2] = 'day' THEN
		RETURN to_char(ts::date + n, 'YYYY-MM-DD');
	END IF;
	y := extract(year FROM ts);
	mo := extract(month FROM ts) - 1;
	IF m[2] = 'year' THEN
		y := y + n;
	ELSE
		mo := mo + n;
	END IF;
	y := y + floor(mo / 12.0)::integer;
	mo := mo - 12 * floor(mo / 12.0)::integer;
	RETURN to_char(make_date(y, mo + 1, 1) + (extract(day FROM ts)::integer - 1),
		'YYYY-MM-DD');
END;
$$;

-- strftime(fmt, t) for the formats the measures use: '%Y', '%Y-%m', '%Y-%m-%d'.
CREATE OR REPLACE FUNCTION careloop_report.strftime(fmt text, t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	ts timestamp := careloop_report.sqlite_time(t);
BEGIN
	IF ts IS NULL OR fmt IS NULL THEN
		RETURN NULL;
	END IF;
	CASE fmt
	WHEN '%Y' THEN RETURN to_char(ts, 'YYYY');
	WHEN '%Y-%m' THEN RETURN to_char(ts, 'YYYY-MM');
	WHEN '%Y-%m-%d' THEN RETURN to_char(ts, 'YYYY-MM-DD');
	ELSE RAISE EXCEPTION 'careloop_report.strftime: format % is not in the dialect', fmt;
	END CASE;
END;
$$;

-- instr(s, t): the 1-based position of t in s, 0 when absent.
CREATE OR REPLACE FUNCTION careloop_report.instr(s text, t text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos(s, t) $$;

-- round(x, digits) of a double, a double (PostgreSQL rounds only numeric to digits).
CREATE OR REPLACE FUNCTION careloop_report.round(x double precision, digits integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT round(x::numeric, digits)::double precision $$;
