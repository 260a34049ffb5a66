-- careloop schema 12: what the program measures (src/measure.c) read, so that each one
-- reads small, dense indexes instead of a million wide patient rows at random
-- (measured at 1,000,000 patients on a disk the page cache cannot hold: 1-10 s without,
-- see README "Performance" for the figures with).

-- A measure joins its units (contacts, screenings, referrals, discharges) to the patient
-- for age, care manager and death: this covers those reads.
CREATE INDEX patient_measure ON patient (id, birth_date, care_manager_id, status, death_date);
-- Caseload: patients by care manager, tier and status, counted from the index alone.
CREATE INDEX patient_caseload ON patient (care_manager_id, risk_tier, status);
-- Screenings of a period (encounters, positive screens) by date.
CREATE INDEX screening_on ON screening (screened_on, status, patient_id);
-- Contacts of a period: contact_month (005) again with what an encounter and the
-- transitional-care clock ask of a contact, so that they read the index alone.
DROP INDEX contact_month;
CREATE INDEX contact_month ON contact (occurred_at, patient_id, minutes, outcome, mode);
-- Discharges of a period.
CREATE INDEX clinical_event_on ON clinical_event (kind, event_date, patient_id);
-- The worklist's "Positive: connect" (src/worklist.c): the latest positives by the day
-- they were screened, the last 60 days a range.
CREATE INDEX screening_positive_on ON screening_positive (screened_on, patient_id);
-- A patient's screenings of a period (screened in all five domains? declined?): the
-- index covers status and id too, so that the measures never read a screening row.
DROP INDEX screening_patient;
CREATE INDEX screening_patient ON screening (patient_id, screened_on, created_at, status, id);
