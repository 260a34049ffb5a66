-- careloop schema 17: behavioral health. The PHQ-2, PHQ-9 and GAD-7 (public domain) as
-- instruments beside the AHC tool, scored by the same engine: an instrument may now be
-- scored as a sum of its answers' points with severity bands (data, score_band), and a
-- domain may raise the same-day safety flag (PHQ-9 item 9). Then measurement-based care:
-- enrollment in behavioral care management (the collaborative care registry).
-- English: the published wording (Pfizer, public domain). Spanish: the Pfizer Spanish (USA)
-- version as far as it could be checked here: "-- es: verify" marks it for a bilingual
-- clinician to confirm. Ids are UUIDv5 (URL namespace) of "careloop:<instrument>:…".

-- scoring 'rules': domains by rules only (AHC); 'sum': also a total of the answers' points,
-- banded by score_band (only when every question is answered). total_loinc: the total's
-- LOINC code. social_needs: the instrument screens for social needs, so that its screenings
-- move the rescreen clock and its positive domains are the patient's current needs; a
-- behavioral instrument does neither.
ALTER TABLE instrument ADD COLUMN scoring TEXT NOT NULL DEFAULT 'rules'
	CHECK (scoring IN ('rules', 'sum'));
ALTER TABLE instrument ADD COLUMN total_loinc TEXT NOT NULL DEFAULT '';
ALTER TABLE instrument ADD COLUMN social_needs INTEGER NOT NULL DEFAULT 1
	CHECK (social_needs IN (0, 1));

-- A domain whose positive result is a same-day safety flag (a task due today, the popup,
-- the top of the worklist) rather than a need waiting for follow-up.
ALTER TABLE screening_domain ADD COLUMN safety INTEGER NOT NULL DEFAULT 0
	CHECK (safety IN (0, 1));

-- The bands of a sum-scored instrument's total, low..high inclusive, without gaps or
-- overlaps (checked when the instrument is loaded). positive: a positive screen;
-- follow_up: the code of the instrument to offer next ("phq-9" after a positive PHQ-2).
CREATE TABLE score_band (
	instrument_id BLOB NOT NULL REFERENCES instrument (id),
	low           INTEGER NOT NULL,
	high          INTEGER NOT NULL CHECK (high >= low),
	code          TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 31),
	name_en       TEXT NOT NULL,
	name_es       TEXT NOT NULL,
	positive      INTEGER NOT NULL DEFAULT 0 CHECK (positive IN (0, 1)),
	follow_up     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (instrument_id, low)
) WITHOUT ROWID;

-- A saved screening of a sum-scored instrument: its total (NULL when not every question was
-- answered, or for rules-only instruments) and band code; safety_task_id: the task the
-- safety flag made, in the screening's transaction. The flag stands while that task is open.
ALTER TABLE screening ADD COLUMN total INTEGER;
ALTER TABLE screening ADD COLUMN band TEXT NOT NULL DEFAULT '';
ALTER TABLE screening ADD COLUMN safety_task_id BLOB REFERENCES task (id);
-- The measures (src/measure.c) count social-needs screenings only: their covering indexes
-- (012) gain the instrument, so that they still read the index alone.
DROP INDEX screening_on;
CREATE INDEX screening_on ON screening (screened_on, status, patient_id, instrument_id);
DROP INDEX screening_patient;
CREATE INDEX screening_patient ON screening (patient_id, screened_on, created_at, status, id,
	instrument_id);
-- A patient's scores of one instrument over time (the trend in the chart).
CREATE INDEX screening_scores ON screening (patient_id, instrument_id, screened_on)
	WHERE total IS NOT NULL;
-- Open safety flags (the worklist's top section): few rows, a partial index.
CREATE INDEX screening_safety ON screening (screened_on, patient_id)
	WHERE safety_task_id IS NOT NULL;

-- Enrollment in behavioral care management (collaborative care): at most one open
-- enrollment a patient. target_below: the PHQ-9 total the care aims under (5: remission).
CREATE TABLE bh_enrollment (
	id              BLOB PRIMARY KEY CHECK (length(id) = 16),
	patient_id      BLOB NOT NULL REFERENCES patient (id),
	enrolled_on     TEXT NOT NULL CHECK (length(enrolled_on) = 10),
	care_manager_id BLOB REFERENCES care_manager (id),
	psychiatrist    TEXT NOT NULL DEFAULT '',
	target_below    INTEGER NOT NULL DEFAULT 5 CHECK (target_below BETWEEN 1 AND 27),
	disenrolled_on  TEXT NOT NULL DEFAULT '' -- '' while enrolled
		CHECK (disenrolled_on = '' OR disenrolled_on >= enrolled_on),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX bh_enrollment_open ON bh_enrollment (patient_id)
	WHERE disenrolled_on = '';
CREATE INDEX bh_enrollment_patient ON bh_enrollment (patient_id, enrolled_on);

-- ---- the instruments (generated; each item in English and Spanish) ----
-- es: verify against the Pfizer Spanish (USA) PHQ-9 and GAD-7
-- Patient Health Questionnaire-2 (PHQ-2)
INSERT INTO instrument (id, code, loinc, name_en, name_es, scoring, total_loinc, social_needs) VALUES
	(X'1586faf788945452b014cd7289469c3e', 'phq-2', '55757-9', 'Patient Health Questionnaire-2 (PHQ-2)', 'Cuestionario sobre la salud del paciente-2 (PHQ-2)', 'sum', '55758-7', 0);
INSERT INTO screening_domain (id, instrument_id, ordinal, code, name_en, name_es, sensitive, safety) VALUES
	(X'e0be6e41e13f51b5b7221565846ebadf', X'1586faf788945452b014cd7289469c3e', 1, 'depression', 'Depression', 'Depresión', 0, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'b4177e492ddd560da7c8e7ca12a21d3e', X'1586faf788945452b014cd7289469c3e', 1, '44250-9', '44250-9', 'depression', 'single', 'Over the last 2 weeks, how often have you been bothered by any of the following problems?', 'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
	 'Little interest or pleasure in doing things',
	 'Poco interés o placer en hacer cosas');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'5016b2ba3e9f5efaada89789ac4d2b4b', X'b4177e492ddd560da7c8e7ca12a21d3e', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'0e0c959ec6075f93995fdbf2adcdbee9', X'b4177e492ddd560da7c8e7ca12a21d3e', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'da6d8685b14e5ae4990d2fc9a4d1758f', X'b4177e492ddd560da7c8e7ca12a21d3e', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'626d5fbfd47a559089b5130690de581d', X'b4177e492ddd560da7c8e7ca12a21d3e', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'35c704fa68d65a89a72078bf83490e1e', X'1586faf788945452b014cd7289469c3e', 2, '44255-8', '44255-8', 'depression', 'single', '', '',
	 'Feeling down, depressed, or hopeless',
	 'Se ha sentido decaído(a), deprimido(a) o sin esperanzas');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'06eb7563ff295bd5a7643b1c3c9f6bbc', X'35c704fa68d65a89a72078bf83490e1e', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'835e157015405395a892bc2a8b72d932', X'35c704fa68d65a89a72078bf83490e1e', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'8734f5da80a25e37ba16e3084ccf760b', X'35c704fa68d65a89a72078bf83490e1e', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'523d021336e255a2ba41bd21beea9798', X'35c704fa68d65a89a72078bf83490e1e', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
-- total 3 or more: positive, offer the PHQ-9
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'e2e61b54bb4356f5a5cd3ced28cdbc9f', X'1586faf788945452b014cd7289469c3e', 'depression', 'points_at_least', 3, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'e2e61b54bb4356f5a5cd3ced28cdbc9f', '44250-9', NULL),
	(X'e2e61b54bb4356f5a5cd3ced28cdbc9f', '44255-8', NULL);
-- Severity bands of the total (all questions answered)
INSERT INTO score_band (instrument_id, low, high, code, name_en, name_es, positive, follow_up) VALUES
	(X'1586faf788945452b014cd7289469c3e', 0, 2, 'negative', 'Negative', 'Negativo', 0, ''),
	(X'1586faf788945452b014cd7289469c3e', 3, 6, 'positive', 'Positive: offer the PHQ-9', 'Positivo: ofrecer el PHQ-9', 1, 'phq-9');

-- Patient Health Questionnaire-9 (PHQ-9)
INSERT INTO instrument (id, code, loinc, name_en, name_es, scoring, total_loinc, social_needs) VALUES
	(X'd4727520030d57d4ac33689429fd4144', 'phq-9', '44249-1', 'Patient Health Questionnaire-9 (PHQ-9)', 'Cuestionario sobre la salud del paciente-9 (PHQ-9)', 'sum', '44261-6', 0);
INSERT INTO screening_domain (id, instrument_id, ordinal, code, name_en, name_es, sensitive, safety) VALUES
	(X'02cf8878e22a5802858239213387b663', X'd4727520030d57d4ac33689429fd4144', 1, 'depression', 'Depression', 'Depresión', 0, 0),
	(X'89257486ccb456cba5f4a379684ac153', X'd4727520030d57d4ac33689429fd4144', 2, 'self-harm', 'Thoughts of self-harm', 'Pensamientos de hacerse daño', 1, 1);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'e57c2c147bc75ff0aa13093b45aeba08', X'd4727520030d57d4ac33689429fd4144', 1, '44250-9', '44250-9', 'depression', 'single', 'Over the last 2 weeks, how often have you been bothered by any of the following problems?', 'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
	 'Little interest or pleasure in doing things',
	 'Poco interés o placer en hacer cosas');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'07c06b44bdb75e4a80fa0cc2c58a332e', X'e57c2c147bc75ff0aa13093b45aeba08', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'ff61910a57d85475b3a3cf9e71188fd4', X'e57c2c147bc75ff0aa13093b45aeba08', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'641380284b3e5f2fb05ac9ad94c9fad1', X'e57c2c147bc75ff0aa13093b45aeba08', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'e01f1619773f592cb9f8ff164bea460e', X'e57c2c147bc75ff0aa13093b45aeba08', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'602ab446fd1153f1b38a6ff5a879cdd4', X'd4727520030d57d4ac33689429fd4144', 2, '44255-8', '44255-8', 'depression', 'single', '', '',
	 'Feeling down, depressed, or hopeless',
	 'Se ha sentido decaído(a), deprimido(a) o sin esperanzas');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'b5bf3dd216fb573eb1f89544bd706701', X'602ab446fd1153f1b38a6ff5a879cdd4', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'198e3c4e0650592c83ac8487ebbfd64e', X'602ab446fd1153f1b38a6ff5a879cdd4', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'b843c5b1047f5a4e9bb35dc86ace1041', X'602ab446fd1153f1b38a6ff5a879cdd4', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'f537adeaf8d3537b83c42a38fb223f89', X'602ab446fd1153f1b38a6ff5a879cdd4', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'a294f1c24b7a57eaaa49618f5613e7ab', X'd4727520030d57d4ac33689429fd4144', 3, '44259-0', '44259-0', 'depression', 'single', '', '',
	 'Trouble falling or staying asleep, or sleeping too much',
	 'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'590897e9d60851aba3059ce6116961fe', X'a294f1c24b7a57eaaa49618f5613e7ab', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'f371984226c8549eafbd67ff123b3999', X'a294f1c24b7a57eaaa49618f5613e7ab', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'b2a1f5161717552690242245502c8108', X'a294f1c24b7a57eaaa49618f5613e7ab', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'cf4ca058f4a65821a915c7176f6d5d9a', X'a294f1c24b7a57eaaa49618f5613e7ab', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'f8bbed96865d5d73986f3929697c8ef2', X'd4727520030d57d4ac33689429fd4144', 4, '44254-1', '44254-1', 'depression', 'single', '', '',
	 'Feeling tired or having little energy',
	 'Se ha sentido cansado(a) o con poca energía');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'88d0cf88d1d65eff9864d97acdfcf36b', X'f8bbed96865d5d73986f3929697c8ef2', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'4dfbad770557511caacd66a60a5b3275', X'f8bbed96865d5d73986f3929697c8ef2', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'dbd1ab7d65bb54f88e3696cb73ef42ca', X'f8bbed96865d5d73986f3929697c8ef2', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'1144f357ba425f36a2e070e3b0e77e4c', X'f8bbed96865d5d73986f3929697c8ef2', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'697d0531502856ea922361a20a8df9bb', X'd4727520030d57d4ac33689429fd4144', 5, '44251-7', '44251-7', 'depression', 'single', '', '',
	 'Poor appetite or overeating',
	 'Sin apetito o ha comido en exceso');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'72ac809ca9ac58a6b5947a3418239a02', X'697d0531502856ea922361a20a8df9bb', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'826d1c6f50115e9180e3179f77716367', X'697d0531502856ea922361a20a8df9bb', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'aabc83f3cfc55cd6a7da88c387cda2ca', X'697d0531502856ea922361a20a8df9bb', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'f4c9def902f05f76ae6580dc11cea125', X'697d0531502856ea922361a20a8df9bb', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'dffc0d2aa72357fc8b2784a307e8d626', X'd4727520030d57d4ac33689429fd4144', 6, '44258-2', '44258-2', 'depression', 'single', '', '',
	 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
	 'Se ha sentido mal con usted mismo(a) — o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'1445099f5c2e50dbb5fc5d6a772725eb', X'dffc0d2aa72357fc8b2784a307e8d626', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'e8ef44cb00c25407acb0fc81cb263256', X'dffc0d2aa72357fc8b2784a307e8d626', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'f473945d492752d89c5010d6abd35156', X'dffc0d2aa72357fc8b2784a307e8d626', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'6c2abb2494d4506090fd3bd54d6501c5', X'dffc0d2aa72357fc8b2784a307e8d626', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'4180fe8cdd80577fb187bf2fa7f83b4d', X'd4727520030d57d4ac33689429fd4144', 7, '44252-5', '44252-5', 'depression', 'single', '', '',
	 'Trouble concentrating on things, such as reading the newspaper or watching television',
	 'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'31881944489c566b808b6e342cd119b5', X'4180fe8cdd80577fb187bf2fa7f83b4d', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'b9f049c5ff415e11b7df84a6a7e1eabb', X'4180fe8cdd80577fb187bf2fa7f83b4d', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'98ceea6f4ea75beb980d27d190b2ad7d', X'4180fe8cdd80577fb187bf2fa7f83b4d', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'ace6aad3b05d5080898072160ea4e0ca', X'4180fe8cdd80577fb187bf2fa7f83b4d', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'c529fb3bda6d575b9b09adfae24033e9', X'd4727520030d57d4ac33689429fd4144', 8, '44253-3', '44253-3', 'depression', 'single', '', '',
	 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
	 '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? O lo contrario — muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'8e5eda2a4c1f5af4971e9cfa8b44e6d7', X'c529fb3bda6d575b9b09adfae24033e9', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'762bc89d35d054b5b467218ff04e8282', X'c529fb3bda6d575b9b09adfae24033e9', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'453d9846a5c259bdb9e82edcfe72362d', X'c529fb3bda6d575b9b09adfae24033e9', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'cf9136f545b650d3b90eb1b955685d9a', X'c529fb3bda6d575b9b09adfae24033e9', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'485f75d4f8a659809664e32d3387ecc9', X'd4727520030d57d4ac33689429fd4144', 9, '44260-8', '44260-8', 'self-harm', 'single', '', '',
	 'Thoughts that you would be better off dead or of hurting yourself in some way',
	 'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'8f35443b464f50a1b6018b0382d63bad', X'485f75d4f8a659809664e32d3387ecc9', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'2cb17a3884f45277ac3e771b512190a8', X'485f75d4f8a659809664e32d3387ecc9', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'4b638a07727e53a4aa838d7bce25983c', X'485f75d4f8a659809664e32d3387ecc9', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'16f6d0cbeccf5161ad36a425d0314b2a', X'485f75d4f8a659809664e32d3387ecc9', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
-- total 10 or more (moderate or worse): positive for depression
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', X'd4727520030d57d4ac33689429fd4144', 'depression', 'points_at_least', 10, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44250-9', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44255-8', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44259-0', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44254-1', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44251-7', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44258-2', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44252-5', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44253-3', NULL),
	(X'7f52bb9bbb3a539797ffdcb5e9ba03b8', '44260-8', NULL);
-- item 9 answered anything but "not at all": the same-day safety flag (domain safety = 1)
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'352e088434b3582f8884203c3157b0e5', X'd4727520030d57d4ac33689429fd4144', 'self-harm', 'any_answer', 0, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'352e088434b3582f8884203c3157b0e5', '44260-8', 'LA6569-3'),
	(X'352e088434b3582f8884203c3157b0e5', '44260-8', 'LA6570-1'),
	(X'352e088434b3582f8884203c3157b0e5', '44260-8', 'LA6571-9');
-- Severity bands of the total (all questions answered)
INSERT INTO score_band (instrument_id, low, high, code, name_en, name_es, positive, follow_up) VALUES
	(X'd4727520030d57d4ac33689429fd4144', 0, 4, 'none-minimal', 'None-minimal', 'Ninguna o mínima', 0, ''),
	(X'd4727520030d57d4ac33689429fd4144', 5, 9, 'mild', 'Mild', 'Leve', 0, ''),
	(X'd4727520030d57d4ac33689429fd4144', 10, 14, 'moderate', 'Moderate', 'Moderada', 1, ''),
	(X'd4727520030d57d4ac33689429fd4144', 15, 19, 'moderately-severe', 'Moderately severe', 'Moderadamente grave', 1, ''),
	(X'd4727520030d57d4ac33689429fd4144', 20, 27, 'severe', 'Severe', 'Grave', 1, '');

-- Generalized Anxiety Disorder-7 (GAD-7)
INSERT INTO instrument (id, code, loinc, name_en, name_es, scoring, total_loinc, social_needs) VALUES
	(X'1591dc449ad65313bcf0ae395bbc7a13', 'gad-7', '69737-5', 'Generalized Anxiety Disorder-7 (GAD-7)', 'Trastorno de ansiedad generalizada-7 (GAD-7)', 'sum', '70274-6', 0);
INSERT INTO screening_domain (id, instrument_id, ordinal, code, name_en, name_es, sensitive, safety) VALUES
	(X'9266f4c228ef59a6bba7230cb6fafac1', X'1591dc449ad65313bcf0ae395bbc7a13', 1, 'anxiety', 'Anxiety', 'Ansiedad', 0, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'3e08ed7dd9ed5a259e252b10c121d2c3', X'1591dc449ad65313bcf0ae395bbc7a13', 1, '69725-0', '69725-0', 'anxiety', 'single', 'Over the last 2 weeks, how often have you been bothered by the following problems?', 'Durante las últimas 2 semanas, ¿con qué frecuencia le han molestado los siguientes problemas?',
	 'Feeling nervous, anxious, or on edge',
	 'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'2c70960f14515df98caff719dcb57943', X'3e08ed7dd9ed5a259e252b10c121d2c3', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'1456d2604e2c5922a9722d4a8c8e4e62', X'3e08ed7dd9ed5a259e252b10c121d2c3', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'd7bf7f84264357728a8e6be3627931e3', X'3e08ed7dd9ed5a259e252b10c121d2c3', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'ca664c6b372a589db4fa69aa1c42706c', X'3e08ed7dd9ed5a259e252b10c121d2c3', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'a7cd5f6309f054cb84ab4fe145260ad1', X'1591dc449ad65313bcf0ae395bbc7a13', 2, '68509-9', '68509-9', 'anxiety', 'single', '', '',
	 'Not being able to stop or control worrying',
	 'No ha sido capaz de parar o controlar su preocupación');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'6ccc59d85dc85a13aff60521d7557180', X'a7cd5f6309f054cb84ab4fe145260ad1', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'567f2b1e2b155129a425bf51404cf209', X'a7cd5f6309f054cb84ab4fe145260ad1', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'7b9d3e85191758d4a5182a2499ca680b', X'a7cd5f6309f054cb84ab4fe145260ad1', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'8318f958a54d528e800917ad360d7a79', X'a7cd5f6309f054cb84ab4fe145260ad1', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'b401282aec66573b92e89a7b92631bba', X'1591dc449ad65313bcf0ae395bbc7a13', 3, '69733-4', '69733-4', 'anxiety', 'single', '', '',
	 'Worrying too much about different things',
	 'Se ha preocupado demasiado por motivos diferentes');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'08eb6301120d57c38ab5bc505efd4b6c', X'b401282aec66573b92e89a7b92631bba', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'9e065a1ed2b356a78142f2ccc918bc3d', X'b401282aec66573b92e89a7b92631bba', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'eed4da22c7755519a4cf47df6771e2c4', X'b401282aec66573b92e89a7b92631bba', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'1d6581eeb0d651acb6e71e4457d5fe31', X'b401282aec66573b92e89a7b92631bba', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'a8b8639769bc544ba3f068884d0cbf33', X'1591dc449ad65313bcf0ae395bbc7a13', 4, '69734-2', '69734-2', 'anxiety', 'single', '', '',
	 'Trouble relaxing',
	 'Ha tenido dificultad para relajarse');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'd12845e70fd55d2a84031434badda5ad', X'a8b8639769bc544ba3f068884d0cbf33', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'b84894072a245cb0b7cb8ab93dc4cf6f', X'a8b8639769bc544ba3f068884d0cbf33', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'2680d97c833555fe83eff7847e767e64', X'a8b8639769bc544ba3f068884d0cbf33', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'6ce60a471a4a5ccfbf80f513627118de', X'a8b8639769bc544ba3f068884d0cbf33', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'a98d67e31a61509095740e77f58cc835', X'1591dc449ad65313bcf0ae395bbc7a13', 5, '69735-9', '69735-9', 'anxiety', 'single', '', '',
	 'Being so restless that it is hard to sit still',
	 'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'524c52b979f05b598f225bd6cf7df7aa', X'a98d67e31a61509095740e77f58cc835', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'4fa5c0ce4f9e51e3824cde3cd503eb35', X'a98d67e31a61509095740e77f58cc835', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'1e0397b1aeaf58d8aca361ffd9994c6e', X'a98d67e31a61509095740e77f58cc835', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'1a66f842a8135cf398072161828e4e21', X'a98d67e31a61509095740e77f58cc835', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'206a2a1c608e540bbf4f4796b5c36fff', X'1591dc449ad65313bcf0ae395bbc7a13', 6, '69689-8', '69689-8', 'anxiety', 'single', '', '',
	 'Becoming easily annoyed or irritable',
	 'Se ha molestado o irritado fácilmente');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'cd2240d82e2951c3af45facf8a336c44', X'206a2a1c608e540bbf4f4796b5c36fff', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'706b3180a4b15efc9c98a8023ea26b82', X'206a2a1c608e540bbf4f4796b5c36fff', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'c0a80a98ac4254de8a024874c60b45b6', X'206a2a1c608e540bbf4f4796b5c36fff', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'a4c9d8edded4566dbabe2ef277da41ac', X'206a2a1c608e540bbf4f4796b5c36fff', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es, text_en, text_es) VALUES
	(X'cbd1f86c0a6c54ad8f6e55256fbfb010', X'1591dc449ad65313bcf0ae395bbc7a13', 7, '69736-7', '69736-7', 'anxiety', 'single', '', '',
	 'Feeling afraid, as if something awful might happen',
	 'Ha tenido miedo de que algo terrible fuera a pasar');
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'6711497771e358aab311bb7585ce867b', X'cbd1f86c0a6c54ad8f6e55256fbfb010', 1, 'LA6568-5', 'Not at all', 'Ningún día', 0, 0),
	(X'b3e58880a25250158c95aa55b864a478', X'cbd1f86c0a6c54ad8f6e55256fbfb010', 2, 'LA6569-3', 'Several days', 'Varios días', 1, 0),
	(X'4f6bfee8953d504f987a8602f7033952', X'cbd1f86c0a6c54ad8f6e55256fbfb010', 3, 'LA6570-1', 'More than half the days', 'Más de la mitad de los días', 2, 0),
	(X'3d67afd5a7925e6e83649d866d3892de', X'cbd1f86c0a6c54ad8f6e55256fbfb010', 4, 'LA6571-9', 'Nearly every day', 'Casi todos los días', 3, 0);
-- total 10 or more (moderate or worse): positive for anxiety
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'3fae99dba8ce528fb0f33c89bb4dd472', X'1591dc449ad65313bcf0ae395bbc7a13', 'anxiety', 'points_at_least', 10, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '69725-0', NULL),
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '68509-9', NULL),
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '69733-4', NULL),
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '69734-2', NULL),
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '69735-9', NULL),
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '69689-8', NULL),
	(X'3fae99dba8ce528fb0f33c89bb4dd472', '69736-7', NULL);
-- Severity bands of the total (all questions answered)
INSERT INTO score_band (instrument_id, low, high, code, name_en, name_es, positive, follow_up) VALUES
	(X'1591dc449ad65313bcf0ae395bbc7a13', 0, 4, 'minimal', 'Minimal', 'Mínima', 0, ''),
	(X'1591dc449ad65313bcf0ae395bbc7a13', 5, 9, 'mild', 'Mild', 'Leve', 0, ''),
	(X'1591dc449ad65313bcf0ae395bbc7a13', 10, 14, 'moderate', 'Moderate', 'Moderada', 1, ''),
	(X'1591dc449ad65313bcf0ae395bbc7a13', 15, 21, 'severe', 'Severe', 'Grave', 1, '');

