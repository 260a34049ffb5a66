/* Program measures: one table, one cohort statement each (see measure.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db_private.h"
#include "domain.h"
#include "measure.h"
#include "measure_private.h"
#include "referral.h"
#include "setting.h"

/*
 * Every cohort statement returns one row per unit it counts (a patient, a referral, a
 * discharge, a patient-month) — or per group of units already counted — with the columns:
 *   grp   the breakdown ('' for none), ord its order (then grp), cm the patient's care
 *   manager (NULL unassigned), pid the patient (for the gap list), gdate and what (the gap
 *   list's date and words), den num excl (1/0 for a unit, counts for a group), x1 x2 (the
 *   measure's extra figures), days (a numerator unit's days, for the median, or NULL).
 * The gap list is the cohort's units in the denominator and not in the numerator.
 * Parameters, the same in all: ?1 the period's first day, ?2 its last day (inclusive),
 * ?3 the care manager (NULL: everyone), ?4 today, ?5 the ccm_minutes setting, ?6 1 when
 * figures go per care manager (cohorts that count groups in SQL); the gap adds ?7 ?8 (the
 * keyset position: date, MRN) and ?9 (the row limit).
 * "Care manager" is always the patient's assigned care manager (patient.care_manager_id).
 */
#define ADULT " p.birth_date <= date(?1, '-18 years')"
#define BY_CM " (?3 IS NULL OR p.care_manager_id = ?3)"
/* A scored social-needs screening (a PHQ-9 or GAD-7 is no social-needs screening). */
#define SOCIAL_NEEDS	" s.instrument_id IN (SELECT id FROM instrument WHERE social_needs = 1)"
#define SCORED		" s.status IN ('completed', 'partial') AND" SOCIAL_NEEDS
#define CLOSED_STATUSES "('completed', 'failed', 'rejected', 'cancelled')"
/* A contact on one of the days d1 .. d2 (occurred_at is local "YYYY-MM-DDTHH:MM"). */
#define CONTACT_ON(d1, d2)                                              \
	" c.occurred_at >= " d1 " AND c.occurred_at <= " d2 " || 'T99'" \
	" AND c.error_reason = ''"

/*
 * An encounter in the period, from what careloop records (it has no visit table): a contact
 * that reached the patient (any mode), a screening saved for them (completed, partial or
 * declined: the patient was there to be offered it), or a clinical event (ED visit,
 * admission, discharge).
 */
#define ENCOUNTERS                                                                                            \
	"SELECT c.patient_id FROM contact c WHERE" CONTACT_ON(                                                \
		"?1",                                                                                         \
		"?2") " AND c.outcome = 'reached'"                                                            \
		      " UNION SELECT s.patient_id FROM screening s WHERE s.screened_on BETWEEN ?1 AND ?2"     \
		      " AND s.status <> 'entered-in-error'"                                                   \
		      " UNION SELECT e.patient_id FROM clinical_event e WHERE e.event_date BETWEEN ?1 AND ?2" \
		      " AND e.error_reason = ''"

/* The CMS domains the patient's completed or partial screenings of the period scored. */
#define DOMAINS_SCORED                                                              \
	"(SELECT count(DISTINCT d.cms_domain) FROM screening s"                     \
	" JOIN screening_result r ON r.screening_id = s.id"                         \
	" JOIN screening_domain d ON d.id = r.domain_id"                            \
	" WHERE s.patient_id = p.id AND s.screened_on BETWEEN ?1 AND ?2 AND" SCORED \
	" AND d.cms_domain <> '' AND r.result <> 'incomplete')"                     \
	" >= (SELECT count(DISTINCT cms_domain) FROM screening_domain WHERE cms_domain <> '')"

/* MIPS #487 (CMS SDOH-1). */
#define COHORT_SCREENING                                                                               \
	"WITH u AS MATERIALIZED (SELECT p.id AS pid, p.care_manager_id AS cm,"                         \
	" p.status = 'deceased' AND (p.death_date = '' OR p.death_date <= ?2) AS dead," DOMAINS_SCORED \
	" AS screened,"                                                                                \
	" EXISTS (SELECT 1 FROM screening s WHERE s.patient_id = p.id"                                 \
	" AND s.screened_on BETWEEN ?1 AND ?2 AND s.status = 'declined' AND" SOCIAL_NEEDS ")"          \
	" AS declined,"                                                                                \
	" EXISTS (SELECT 1 FROM screening s WHERE s.patient_id = p.id"                                 \
	" AND s.screened_on BETWEEN ?1 AND ?2 AND" SCORED ") AS partial,"                              \
	" coalesce((SELECT max(s.screened_on) FROM screening s WHERE s.patient_id = p.id AND" SCORED   \
	" AND s.screened_on <= ?2), '') AS gdate"                                                      \
	" FROM (" ENCOUNTERS ") e JOIN patient p ON p.id = e.patient_id WHERE" ADULT " AND" BY_CM      \
	")"                                                                                            \
	" SELECT '' AS grp, 0 AS ord, cm, pid, gdate,"                                                 \
	" CASE WHEN gdate = '' THEN 'never screened' WHEN partial THEN 'not all five domains'"         \
	" ELSE 'last screened' END AS what,"                                                           \
	" NOT dead AND (screened OR NOT declined) AS den, NOT dead AND screened AS num,"               \
	" dead AS excl, NOT dead AND declined AND NOT screened AS x1, 0 AS x2, NULL AS days"           \
	" FROM u"

/* CMS SDOH-2, per domain; the whole is "any of the five". */
#define COHORT_POSITIVE                                                                         \
	"SELECT d.cms AS grp, d.ord AS ord, p.care_manager_id AS cm, p.id AS pid, '' AS gdate," \
	" '' AS what, 1 AS den,"                                                                \
	" EXISTS (SELECT 1 FROM screening s JOIN screening_result r ON r.screening_id = s.id"   \
	" JOIN screening_domain sd ON sd.id = r.domain_id WHERE s.patient_id = p.id"            \
	" AND s.screened_on BETWEEN ?1 AND ?2 AND" SCORED " AND r.result = 'positive'"          \
	" AND sd.cms_domain <> '' AND (d.cms = '' OR sd.cms_domain = d.cms)) AS num,"           \
	" 0 AS excl, 0 AS x1, 0 AS x2, NULL AS days"                                            \
	" FROM (SELECT DISTINCT s.patient_id FROM screening s"                                  \
	" WHERE s.screened_on BETWEEN ?1 AND ?2 AND" SCORED ") sp"                              \
	" JOIN patient p ON p.id = sp.patient_id"                                               \
	" JOIN (SELECT '' AS cms, 0 AS ord UNION SELECT cms_domain, min(ordinal)"               \
	" FROM screening_domain WHERE cms_domain <> '' GROUP BY cms_domain) d ON true"          \
	" WHERE" ADULT " AND" BY_CM

/* A patient's first positive screen (any of the five domains) of the period. */
#define POSITIVE_SCREENS                                                               \
	"SELECT s.patient_id, min(s.screened_on) AS sdate FROM screening s"            \
	" CROSS JOIN screening_result r JOIN screening_domain d ON d.id = r.domain_id" \
	" WHERE r.screening_id = s.id AND s.screened_on BETWEEN ?1 AND ?2 AND" SCORED  \
	" AND r.result = 'positive'"                                                   \
	" AND d.cms_domain <> '' GROUP BY s.patient_id"

/*
 * MIPS #498. Contact with a community service provider: a community referral for one of
 * the needs the patient screened positive for in the period that reached in-progress
 * (the organization is serving the patient; completed counts too, for histories that
 * skip it) on a local day from the screen's day to 60 days after it, inclusive.
 */
/* The local day a referral's status change happened: backdated, or the day it was recorded. */
#define EVENT_DAY "coalesce(nullif(e.happened_on, ''), date(e.at, 'localtime'))"
#define COHORT_CONNECTION                                                                             \
	"WITH u AS MATERIALIZED (SELECT p.id AS pid, p.care_manager_id AS cm, x.sdate,"               \
	" 60 - CAST(julianday(?4) - julianday(x.sdate) AS INTEGER) AS days_left,"                     \
	" p.status = 'deceased' AND (p.death_date = '' OR p.death_date <= date(x.sdate, '+60 days'))" \
	" AS dead,"                                                                                   \
	" (SELECT min(julianday(" EVENT_DAY ") - julianday(x.sdate)) FROM referral f"                 \
	" JOIN referral_event e ON e.referral_id = f.id"                                              \
	" WHERE f.patient_id = p.id AND f.kind = 'community' AND f.status <> 'entered-in-error'"      \
	" AND e.to_status IN ('in-progress', 'completed')"                                            \
	" AND " EVENT_DAY " BETWEEN x.sdate AND date(x.sdate, '+60 days')"                            \
	" AND f.service IN (SELECT d.sdoh_category FROM screening s"                                  \
	" JOIN screening_result r ON r.screening_id = s.id"                                           \
	" JOIN screening_domain d ON d.id = r.domain_id WHERE s.patient_id = p.id"                    \
	" AND s.screened_on BETWEEN ?1 AND ?2 AND" SCORED " AND r.result = 'positive'"                \
	" AND d.cms_domain <> '')) AS conn"                                                           \
	" FROM (" POSITIVE_SCREENS ") x JOIN patient p ON p.id = x.patient_id WHERE" ADULT            \
	" AND" BY_CM ")"                                                                              \
	" SELECT '' AS grp, 0 AS ord, cm, pid, sdate AS gdate,"                                       \
	" CASE WHEN days_left >= 0 THEN days_left || ' days left' ELSE '60 days passed' END AS what," \
	" NOT (dead AND conn IS NULL) AS den, conn IS NOT NULL AS num,"                               \
	" dead AND conn IS NULL AS excl, 0 AS x1, 0 AS x2, conn AS days"                              \
	" FROM u"

/* Referrals made in the period, by partner: closed, median days to closure, overdue. */
#define COHORT_LOOP                                                                                  \
	"SELECT o.name AS grp, 0 AS ord, p.care_manager_id AS cm, p.id AS pid, f.due_date AS gdate," \
	" CASE WHEN f.service IN (SELECT sdoh_category FROM screening_domain WHERE sensitive = 1)"   \
	" THEN '" CL_PRIVATE_REFERRAL "' ELSE o.name END AS what,"                                   \
	" f.status <> 'entered-in-error' AS den, f.status IN " CLOSED_STATUSES " AS num,"            \
	" f.status = 'entered-in-error' AS excl,"                                                    \
	" f.status IN " CL_REFERRAL_OPEN_STATUSES " AND f.due_date < ?4 AS x1, 0 AS x2,"             \
	" CASE WHEN f.status IN " CLOSED_STATUSES " AND f.closed_on <> ''"                           \
	" THEN julianday(f.closed_on) - julianday(f.referred_on) END AS days"                        \
	" FROM referral f JOIN organization o ON o.id = f.organization_id"                           \
	" JOIN patient p INDEXED BY patient_measure ON p.id = f.patient_id"                          \
	" WHERE f.referred_on BETWEEN ?1 AND ?2 AND" BY_CM

/*
 * Today's caseload (the period does not change it: the registry keeps no history of
 * assignments): per tier, active patients in the tier over active patients; the whole,
 * active patients with a care manager over active patients; inactive and deceased
 * patients are the exclusions.
 */
#define COHORT_CASELOAD                                                                             \
	"WITH c AS (SELECT p.care_manager_id AS cm, p.risk_tier AS tier,"                           \
	" sum(CASE WHEN p.status = 'active' THEN 1 ELSE 0 END) AS act,"                             \
	" sum(CASE WHEN p.status = 'active' THEN 0 ELSE 1 END) AS gone FROM patient p"              \
	" WHERE" BY_CM " GROUP BY p.care_manager_id, p.risk_tier),"                                 \
	" t AS (SELECT CASE WHEN ?6 THEN cm END AS cm, tier, sum(act) AS act,"                      \
	" sum(CASE WHEN cm IS NULL THEN 0 ELSE act END) AS assigned, sum(gone) AS gone"             \
	" FROM c GROUP BY 1, 2)"                                                                    \
	" SELECT tier AS grp, CASE tier WHEN 'high' THEN 0 WHEN 'rising' THEN 1 ELSE 2 END AS ord," \
	" cm, NULL AS pid, '' AS gdate, '' AS what, sum(act) OVER (PARTITION BY cm) AS den,"        \
	" act AS num, 0 AS excl, 0 AS x1, 0 AS x2, NULL AS days FROM t"                             \
	" UNION ALL SELECT '', 0, cm, NULL, '', '', sum(act), sum(assigned), sum(gone), 0, 0, NULL" \
	" FROM t GROUP BY cm"

/* Per month: patients with a contact, those at ccm_minutes or more, contacts, minutes. */
#define COHORT_MINUTES                                                                                      \
	"WITH m AS MATERIALIZED (SELECT c.patient_id AS pid, substr(c.occurred_at, 1, 7) AS month,"         \
	" max(substr(c.occurred_at, 1, 10)) AS last_on, count(*) AS contacts,"                              \
	" sum(c.minutes) AS minutes FROM contact c WHERE" CONTACT_ON(                                       \
		"?1",                                                                                       \
		"?2") " GROUP BY c.patient_id, substr(c.occurred_at, 1, 7))"                                \
		      " SELECT m.month AS grp, 0 AS ord, p.care_manager_id AS cm, m.pid AS pid,"            \
		      " m.last_on AS gdate, m.minutes || ' min' AS what, 1 AS den, m.minutes >= ?5 AS num," \
		      " 0 AS excl, m.contacts AS x1, m.minutes AS x2, NULL AS days"                         \
		      " FROM m JOIN patient p INDEXED BY patient_measure ON p.id = m.pid WHERE" BY_CM

/*
 * Transitional care: a discharge in the period met when an interactive contact (phone,
 * video or in person) reached the patient from the discharge day to 2 business days
 * after it, or when two or more such attempts were made in that time (CMS counts two
 * documented unsuccessful attempts). A patient who died by then is excluded.
 */
#define TCM_CONTACT " AND c.mode IN ('phone', 'in-person', 'video')"
#define COHORT_TCM                                                                                           \
	"WITH u AS MATERIALIZED (SELECT p.id AS pid, p.care_manager_id AS cm, e.event_date AS gdate, e.due," \
	" p.status = 'deceased' AND (p.death_date = '' OR p.death_date <= e.due) AS dead,"                   \
	" (EXISTS (SELECT 1 FROM contact c WHERE c.patient_id = p.id AND" CONTACT_ON(                        \
		"e.event_date", "e.due") TCM_CONTACT                                                         \
		" AND c.outcome = 'reached')"                                                                \
		" OR (SELECT count(*) FROM contact c WHERE c.patient_id = p.id AND" CONTACT_ON(              \
			"e.event_date", "e.due") TCM_CONTACT                                                 \
		") >= 2) AS met"                                                                             \
		" FROM (SELECT patient_id, event_date, cl_business_days_add(event_date, 2) AS due"           \
		" FROM clinical_event WHERE kind = 'discharge' AND event_date BETWEEN ?1 AND ?2"             \
		" AND error_reason = '') e"                                                                  \
		" JOIN patient p ON p.id = e.patient_id WHERE" BY_CM ")"                                     \
		" SELECT '' AS grp, 0 AS ord, cm, pid, gdate, 'contact due by ' || due AS what,"             \
		" NOT dead AS den, NOT dead AND met AS num, dead AS excl, 0 AS x1, 0 AS x2, NULL AS days"    \
		" FROM u"

/*
 * The chronic registry (schema/018_chronic.sql). The measurement year: January 1 of the
 * period's last day's year to that day. Denominators: patients 18 or older with an active
 * condition of the kind (onset, when known, by the period's end); a patient who died by the
 * period's end is excluded.
 */
#define YEAR_START " strftime('%Y', ?2) || '-01-01'"
#define CHRONIC_DEN(kind)                                                                   \
	" FROM condition k JOIN patient p ON p.id = k.patient_id WHERE k.kind = '" kind "'" \
	" AND k.status = 'active' AND (k.onset_date = '' OR k.onset_date <= ?2) AND" ADULT  \
	" AND" BY_CM
#define CHRONIC_DEAD " p.status = 'deceased' AND (p.death_date = '' OR p.death_date <= ?2)"

/* Controlling high blood pressure: the last BP of the year below 140/90; none: not. */
#define BP_SYS "substr(bp, 12, instr(substr(bp, 12), ' ') - 1)"
#define BP_DIA "substr(bp, instr(substr(bp, 12), ' ') + 12)"
#define COHORT_BP                                                                                                 \
	"WITH u AS MATERIALIZED (SELECT p.id AS pid, p.care_manager_id AS cm," CHRONIC_DEAD                       \
	" AS dead, (SELECT b.observed_on || ' ' || b.systolic || ' ' || b.diastolic"                              \
	" FROM patient_last_bp b WHERE b.patient_id = p.id AND b.observed_on BETWEEN" YEAR_START                  \
	" AND ?2 ORDER BY b.observed_on DESC LIMIT 1) AS bp" CHRONIC_DEN(                                         \
		"hypertension") ")"                                                                               \
				" SELECT '' AS grp, 0 AS ord, cm, pid, coalesce(substr(bp, 1, 10), '') AS gdate," \
				" CASE WHEN bp IS NULL THEN 'no BP this year' ELSE 'last BP '"                    \
				" || CAST(CAST(" BP_SYS " AS DOUBLE PRECISION) AS INTEGER) || '/'"                \
				" || CAST(CAST(" BP_DIA " AS DOUBLE PRECISION) AS INTEGER) END"                   \
				" AS what, NOT dead AS den, NOT dead AND bp IS NOT NULL"                          \
				" AND CAST(" BP_SYS " AS DOUBLE PRECISION) < 140"                                 \
				" AND CAST(" BP_DIA " AS DOUBLE PRECISION) < 90 AS num,"                          \
				" dead AS excl, 0 AS x1, 0 AS x2, NULL AS days FROM u"

/* A1c poor control (inverse: lower is better): the last A1c of the year over 9%, or none. */
#define COHORT_A1C                                                                                                          \
	"WITH u AS MATERIALIZED (SELECT p.id AS pid, p.care_manager_id AS cm," CHRONIC_DEAD                                 \
	" AS dead, (SELECT o.observed_on || ' ' || max(o.value) FROM observation o"                                         \
	" WHERE o.patient_id = p.id AND o.loinc = '4548-4' AND o.observed_on BETWEEN" YEAR_START                            \
	" AND ?2 GROUP BY o.observed_on ORDER BY o.observed_on DESC LIMIT 1) AS a1c" CHRONIC_DEN(                           \
		"diabetes") ")"                                                                                             \
			    " SELECT '' AS grp, 0 AS ord, cm, pid, coalesce(substr(a1c, 1, 10), '') AS gdate,"              \
			    " CASE WHEN a1c IS NULL THEN 'no A1c this year' ELSE 'last A1c '"                               \
			    " || round(CAST(substr(a1c, 12) AS DOUBLE PRECISION), 1) || '%' END AS what,"                   \
			    " NOT dead AS den, NOT dead AND (a1c IS NULL OR CAST(substr(a1c, 12) AS DOUBLE PRECISION) > 9)" \
			    " AS num, dead AS excl, 0 AS x1, 0 AS x2, NULL AS days FROM u"

/*
 * A reading this year: patients with active hypertension or diabetes who had each reading
 * their conditions call for (a BP; an A1c) in the measurement year.
 */
#define COHORT_READING                                                                                                        \
	"WITH k AS (SELECT patient_id, max(CASE WHEN kind = 'hypertension' THEN 1 ELSE 0 END) AS htn,"                        \
	" max(CASE WHEN kind = 'diabetes' THEN 1 ELSE 0 END) AS dm FROM condition WHERE kind IN ('hypertension', 'diabetes')" \
	" AND status = 'active' AND (onset_date = '' OR onset_date <= ?2) GROUP BY patient_id),"                              \
	" u AS MATERIALIZED (SELECT p.id AS pid, p.care_manager_id AS cm," CHRONIC_DEAD                                       \
	" AS dead, k.htn, k.dm,"                                                                                              \
	" (SELECT max(b.observed_on) FROM patient_last_bp b WHERE b.patient_id = p.id"                                        \
	" AND b.observed_on BETWEEN" YEAR_START " AND ?2) AS bp_on,"                                                          \
	" (SELECT max(o.observed_on) FROM observation o WHERE o.patient_id = p.id"                                            \
	" AND o.loinc = '4548-4' AND o.observed_on BETWEEN" YEAR_START " AND ?2) AS a1c_on"                                   \
	" FROM k JOIN patient p ON p.id = k.patient_id WHERE" ADULT " AND" BY_CM ")"                                          \
	" SELECT '' AS grp, 0 AS ord, cm, pid,"                                                                               \
	" coalesce(CASE WHEN htn = 1 THEN bp_on ELSE a1c_on END, '') AS gdate,"                                               \
	" CASE WHEN htn = 1 AND bp_on IS NULL AND dm = 1 AND a1c_on IS NULL THEN 'no BP or A1c'"                              \
	" WHEN htn = 1 AND bp_on IS NULL THEN 'no BP this year' WHEN dm = 1 AND a1c_on IS NULL"                               \
	" THEN 'no A1c this year' ELSE '' END AS what, NOT dead AS den,"                                                      \
	" NOT dead AND (htn = 0 OR bp_on IS NOT NULL) AND (dm = 0 OR a1c_on IS NOT NULL) AS num,"                             \
	" dead AS excl, 0 AS x1, 0 AS x2, NULL AS days FROM u"

/* The gap list of a cohort: its units in the denominator, not in the numerator. */
#define GAP(cohort)                                                                            \
	"SELECT p.id, p.mrn, p.given_name, p.family_name, c.gdate, c.what FROM (" cohort ") c" \
	" JOIN patient p ON p.id = c.pid WHERE c.den > 0 AND c.num = 0"                        \
	" AND (c.gdate, p.mrn) > (?7, ?8) ORDER BY c.gdate, p.mrn LIMIT ?9"

/* An inverse measure's gap list: its numerator (the units doing poorly). */
#define GAP_INVERSE(cohort)                                                                    \
	"SELECT p.id, p.mrn, p.given_name, p.family_name, c.gdate, c.what FROM (" cohort ") c" \
	" JOIN patient p ON p.id = c.pid WHERE c.den > 0 AND c.num > 0"                        \
	" AND (c.gdate, p.mrn) > (?7, ?8) ORDER BY c.gdate, p.mrn LIMIT ?9"

static const struct cl_measure measures[] = {
	{ .key = "sdoh-screening",
	  .title = "Screening for social drivers of health (MIPS #487)",
	  .short_title = "SDOH screening",
	  .definition = "patients 18 or older on the period's first day with an encounter in the "
			"period (a contact that reached them, a screening, an ED visit, admission "
			"or discharge) screened for all five domains (food, housing, "
			"transportation, utilities, interpersonal safety) in the period; a decline "
			"without a screening is an exception (out of the denominator, counted as "
			"declined); a patient who died by the period's end is excluded",
	  .unit = "patients",
	  .extra = { "declined", NULL },
	  .gap_title = "Still to screen",
	  .gap_date = "Last screened",
	  .sql_cohort = COHORT_SCREENING,
	  .sql_gap = GAP(COHORT_SCREENING) },
	{ .key = "sdoh-positive",
	  .title = "Screen-positive rate per domain (CMS SDOH-2)",
	  .short_title = "Screen positive",
	  .definition = "patients 18 or older screened (completed or partial) in the period who "
			"were positive in a domain, over patients screened; the whole is positive "
			"in any of the five domains; no exclusions",
	  .unit = "patients",
	  .group = "domain",
	  .sql_cohort = COHORT_POSITIVE,
	  .total_in_cohort = true },
	{ .key = "connection-60",
	  .title = "Connection to a community service provider (MIPS #498)",
	  .short_title = "Connected in 60 days",
	  .definition =
		  "patients 18 or older with a positive screen in the period whose community "
		  "referral for one of those needs reached in-progress (or completed) within "
		  "60 days of their first positive screen of the period (day 60 counts, day 61 "
		  "does not); a patient who died within the 60 days unconnected is excluded; "
		  "median days to the connection",
	  .unit = "patients",
	  .median = true,
	  .gap_title = "Positive, not connected",
	  .gap_date = "Screened",
	  .sql_cohort = COHORT_CONNECTION,
	  .sql_gap = GAP(COHORT_CONNECTION) },
	{ .key = "loop-closure",
	  .title = "Referral loop closure",
	  .short_title = "Loops closed",
	  .definition = "referrals made in the period whose loop is closed (completed, failed, "
			"rejected or cancelled), over referrals made in the period, by partner; "
			"entered-in-error referrals are excluded; median days from referral to "
			"closure; overdue: still open past the loop-closure due date today",
	  .unit = "referrals",
	  .group = "partner",
	  .extra = { "overdue", NULL },
	  .median = true,
	  .gap_title = "Open loops",
	  .gap_date = "Due",
	  .sql_cohort = COHORT_LOOP,
	  .sql_gap = GAP(COHORT_LOOP) },
	{ .key = "caseload",
	  .title = "Caseload per care manager by risk tier",
	  .short_title = "Caseload",
	  .definition = "today's active patients in each risk tier, over active patients; the "
			"whole: active patients with a care manager over active patients; inactive "
			"and deceased patients are the exclusions (the period does not change it)",
	  .unit = "patients",
	  .group = "tier",
	  .sql_cohort = COHORT_CASELOAD,
	  .total_in_cohort = true },
	{ .key = "contacts-minutes",
	  .title = "Contacts and care-management minutes per month",
	  .short_title = "At CCM minutes",
	  .definition = "per month, patients with contacts totalling the ccm_minutes setting "
			"(20) or more, over patients with a contact; with the contacts and the "
			"minutes",
	  .unit = "patients",
	  .group = "month",
	  .extra = { "contacts", "minutes" },
	  .gap_title = "Under the CCM minutes",
	  .gap_date = "Last contact",
	  .sql_cohort = COHORT_MINUTES,
	  .sql_gap = GAP(COHORT_MINUTES) },
	{ .key = "tcm-contact",
	  .title = "Transitional care: contact within 2 business days of discharge",
	  .short_title = "TCM contact in 2 days",
	  .definition =
		  "discharges in the period followed by an interactive contact (phone, "
		  "video, in person) that reached the patient, or two such attempts, from "
		  "the discharge day to 2 business days (Monday to Friday, the clinic's holidays skipped) after it, over "
		  "discharges in the period; a patient who died by then is excluded",
	  .unit = "discharges",
	  .gap_title = "Discharged, no contact in time",
	  .gap_date = "Discharged",
	  .not_on_hub = "its clock is each clinic's own calendar (business days and holidays), "
			"which the hub does not hold",
	  .sql_cohort = COHORT_TCM,
	  .sql_gap = GAP(COHORT_TCM) },
	{ .key = "bp-control",
	  .title = "Controlling high blood pressure (CMS165)",
	  .short_title = "BP controlled",
	  .definition = "patients 18 or older with active hypertension whose last blood "
			"pressure of the measurement year (January 1 to the period's last day) "
			"was below 140/90 (several on one day: the lowest systolic and diastolic); "
			"no reading this year is not controlled; a patient who died by the "
			"period's end is excluded",
	  .unit = "patients",
	  .gap_title = "Blood pressure not controlled",
	  .gap_date = "Last BP",
	  .sql_cohort = COHORT_BP,
	  .sql_gap = GAP(COHORT_BP) },
	{ .key = "a1c-poor",
	  .title = "Diabetes: A1c poor control > 9% (CMS122, inverse)",
	  .short_title = "A1c > 9% (inverse)",
	  .definition = "an inverse measure (lower is better): patients 18 or older with active "
			"diabetes whose last A1c of the measurement year (January 1 to the "
			"period's last day) was over 9.0%, or who had none this year; a patient "
			"who died by the period's end is excluded",
	  .unit = "patients",
	  .inverse = true,
	  .gap_title = "A1c poor control or missing",
	  .gap_date = "Last A1c",
	  .sql_cohort = COHORT_A1C,
	  .sql_gap = GAP_INVERSE(COHORT_A1C) },
	{ .key = "chronic-reading",
	  .title = "Hypertension and diabetes: a reading this year",
	  .short_title = "BP/A1c this year",
	  .definition = "patients 18 or older with active hypertension or diabetes who had a "
			"blood pressure (hypertension) and an A1c (diabetes) in the measurement "
			"year (January 1 to the period's last day); a patient who died by the "
			"period's end is excluded",
	  .unit = "patients",
	  .gap_title = "No reading this year",
	  .gap_date = "Last reading",
	  .sql_cohort = COHORT_READING,
	  .sql_gap = GAP(COHORT_READING) },
};
#define NMEASURES (sizeof(measures) / sizeof(measures[0]))

const struct cl_measure *cl_measures(size_t *n)
{
	*n = NMEASURES;
	return measures;
}

const struct cl_measure *cl_measure_find(const char *key)
{
	size_t i;

	for (i = 0; key && i < NMEASURES; i++)
		if (strcmp(measures[i].key, key) == 0)
			return &measures[i];
	return NULL;
}

/* ---- periods ---- */

/* The first day of month (1-12) of year into out. */
static void first_of_month(int year, int month, char out[CL_DATE_LEN])
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%04d-%02d-01", year, month);
	memcpy(out, buf, CL_DATE_LEN - 1);
	out[CL_DATE_LEN - 1] = '\0';
}

static void month_bounds(int year, int month, struct cl_measure_query *q)
{
	char next[CL_DATE_LEN];

	while (month < 1) {
		month += 12;
		year--;
	}
	while (month > 12) {
		month -= 12;
		year++;
	}
	if (year < 1900 || year > 9998)
		year = year < 1900 ? 1900 : 9998;
	first_of_month(year, month, q->from);
	first_of_month(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, next);
	cl_date_add_days(next, -1, q->to);
}

int cl_measure_query_last_month(struct cl_measure_query *q, const char *today, struct cl_error *err)
{
	int year, month;

	if (!today || !cl_date_valid(today))
		return cl_error_set(err, CL_EINVAL, "today is not a date (YYYY-MM-DD)");
	memset(q, 0, sizeof(*q));
	snprintf(q->today, sizeof(q->today), "%s", today);
	year = atoi(today);
	month = atoi(today + 5);
	month_bounds(year, month - 1, q);
	return CL_OK;
}

void cl_measure_query_shift(struct cl_measure_query *q, int months)
{
	month_bounds(atoi(q->from), atoi(q->from + 5) + months, q);
}

int cl_measure_query_check(const struct cl_measure_query *q, struct cl_error *err)
{
	if (!cl_date_valid(q->from))
		return cl_error_set(err, CL_EINVAL, "from: not a date (YYYY-MM-DD)");
	if (!cl_date_valid(q->to))
		return cl_error_set(err, CL_EINVAL, "to: not a date (YYYY-MM-DD)");
	if (strcmp(q->from, q->to) > 0)
		return cl_error_set(err, CL_EINVAL, "to: before from");
	if (!cl_date_valid(q->today))
		return cl_error_set(err, CL_EINVAL, "today: not a date (YYYY-MM-DD)");
	return CL_OK;
}

/* ---- business days ---- */

long cl_measure_connection_days_left(const char *screened_on, const char *today)
{
	return 60 - (cl_date_days(today) - cl_date_days(screened_on));
}

/*
 * SQL cl_business_days_add(date, n): the transitional-care clock in the cohorts, the
 * clinic's calendar (src/calendar.h: Monday to Friday, its holidays skipped). The
 * function's user data is the struct cl_db it reads the holidays from.
 */
static void sql_business_days_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct cl_db *db = sqlite3_user_data(ctx);
	const char *date = (const char *)sqlite3_value_text(argv[0]);
	struct cl_error err = { 0 };
	char out[CL_DATE_LEN];

	(void)argc;
	if (!date || !cl_date_valid(date)) {
		sqlite3_result_null(ctx);
		return;
	}
	if (cl_business_days_add(db, date, sqlite3_value_int(argv[1]), out, &err)) {
		sqlite3_result_error(ctx, err.message, -1);
		return;
	}
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* Register the cohorts' SQL functions on db's connection, once. */
static int measure_functions(struct cl_db *db, struct cl_error *err)
{
	static const char sql_known[] =
		"SELECT 1 FROM pragma_function_list WHERE name = 'cl_business_days_add'";
	sqlite3_stmt *st = cl_db_stmt(db, sql_known, err);
	int step;

	if (!st)
		return err ? err->code : CL_EIO;
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return CL_OK;
	if (step != SQLITE_DONE)
		return cl_db_error(db, err);
	if (sqlite3_create_function_v2(cl_db_sqlite(db), "cl_business_days_add", 2, SQLITE_UTF8, db,
				       sql_business_days_add, NULL, NULL, NULL) != SQLITE_OK)
		return cl_db_error(db, err);
	return CL_OK;
}

/* Bind the parameters every cohort shares (those its statement has). */
static int bind_query(struct cl_db *db, sqlite3_stmt *st, const struct cl_measure_query *q,
		      struct cl_error *err)
{
	int count = sqlite3_bind_parameter_count(st), rc = CL_OK;

	if (count >= 1 && (rc = cl_db_bind_text(st, 1, q->from, err)))
		return rc;
	if (count >= 2 && (rc = cl_db_bind_text(st, 2, q->to, err)))
		return rc;
	if (count >= 3 &&
	    (rc = cl_db_bind_id(st, 3, q->has_care_manager ? &q->care_manager : NULL, err)))
		return rc;
	if (count >= 4 && (rc = cl_db_bind_text(st, 4, q->today, err)))
		return rc;
	if (count >= 5 && (rc = cl_db_bind_int(st, 5, cl_setting_int(db, "ccm_minutes"), err)))
		return rc;
	if (count >= 6 && (rc = cl_db_bind_int(st, 6, q->by_care_manager, err)))
		return rc;
	return rc;
}

/* ---- figures ---- */

struct cl_measure_agg {
	struct cl_measure_figure f;
	long long ord;
	double *days;
	size_t ndays, cap;
};

static struct cl_measure_agg *agg_get(struct cl_measure_sum *s, const struct cl_id *cm,
				      const char *grp, long long ord)
{
	struct cl_measure_agg *a;
	int i;

	for (i = 0; i < s->n; i++)
		if (cl_id_equal(&s->a[i].f.care_manager_id, cm) &&
		    strcmp(s->a[i].f.group, grp) == 0)
			return &s->a[i];
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct cl_measure_agg *more = realloc(s->a, (size_t)cap * sizeof(*more));

		if (!more)
			return NULL;
		s->a = more;
		s->cap = cap;
	}
	a = &s->a[s->n++];
	memset(a, 0, sizeof(*a));
	a->f.care_manager_id = *cm;
	snprintf(a->f.group, sizeof(a->f.group), "%s", grp);
	a->ord = ord;
	return a;
}

static int agg_add(struct cl_measure_agg *a, const struct cl_measure_unit *u, bool median)
{
	a->f.denominator += u->den;
	a->f.numerator += u->num;
	a->f.exclusions += u->excl;
	a->f.extra[0] += u->x1;
	a->f.extra[1] += u->x2;
	if (median && u->has_days && u->num > 0) {
		if (a->ndays == a->cap) {
			size_t cap = a->cap ? a->cap * 2 : 32;
			double *more = realloc(a->days, cap * sizeof(*more));

			if (!more)
				return CL_ENOMEM;
			a->days = more;
			a->cap = cap;
		}
		a->days[a->ndays++] = u->days;
	}
	return CL_OK;
}

int cl_measure_sum_add(struct cl_measure_sum *s, const struct cl_measure *m,
		       const struct cl_measure_unit *u, struct cl_error *err)
{
	struct cl_measure_agg *a;

	if (!(a = agg_get(s, &u->care_manager, u->group, u->ord)) || agg_add(a, u, m->median))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (!m->total_in_cohort && u->group[0] &&
	    (!(a = agg_get(s, &u->care_manager, "", 0)) || agg_add(a, u, m->median)))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static int cmp_agg(const void *x, const void *y)
{
	const struct cl_measure_agg *a = x, *b = y;
	int c;

	/* by care manager's name, unassigned last; the whole first; then ord, then group */
	if (!cl_id_equal(&a->f.care_manager_id, &b->f.care_manager_id)) {
		bool na = cl_id_is_nil(&a->f.care_manager_id),
		     nb = cl_id_is_nil(&b->f.care_manager_id);

		if (na != nb)
			return na ? 1 : -1;
		if ((c = strcmp(a->f.care_manager, b->f.care_manager)))
			return c;
		return memcmp(&a->f.care_manager_id, &b->f.care_manager_id,
			      sizeof(a->f.care_manager_id));
	}
	if ((a->f.group[0] == '\0') != (b->f.group[0] == '\0'))
		return a->f.group[0] == '\0' ? -1 : 1;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return strcmp(a->f.group, b->f.group);
}

static const char sql_cm_name[] = "SELECT display_name FROM care_manager WHERE id = ?1";

/* Fill each aggregate's care manager name (by_care_manager). */
static int name_care_managers(struct cl_db *db, struct cl_measure_sum *s, struct cl_error *err)
{
	int i, rc = CL_OK, step;

	for (i = 0; i < s->n; i++) {
		struct cl_measure_figure *f = &s->a[i].f;
		sqlite3_stmt *st;

		if (cl_id_is_nil(&f->care_manager_id)) {
			snprintf(f->care_manager, sizeof(f->care_manager), "(unassigned)");
			continue;
		}
		if (!(st = cl_db_stmt(db, sql_cm_name, err)))
			return err ? err->code : CL_EIO;
		if ((rc = cl_db_bind_id(st, 1, &f->care_manager_id, err)))
			return rc;
		step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			cl_db_column_text(st, 0, f->care_manager, sizeof(f->care_manager));
		else if (step != SQLITE_DONE)
			rc = cl_db_error(db, err);
		sqlite3_reset(st);
		if (rc)
			return rc;
	}
	return rc;
}

int cl_measure_sum_result(struct cl_measure_sum *s, const struct cl_measure *m,
			  struct cl_measure_result *out, struct cl_error *err)
{
	struct cl_id nil = { 0 };
	int i;

	memset(out, 0, sizeof(*out));
	out->measure = m;
	if (s->n == 0 && !agg_get(s, &nil, "", 0))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (i = 0; i < s->n; i++) {
		struct cl_measure_agg *a = &s->a[i];

		if (a->ndays) {
			qsort(a->days, a->ndays, sizeof(double), cmp_double);
			a->f.has_median = true;
			a->f.median_days =
				a->ndays % 2
					? a->days[a->ndays / 2]
					: (a->days[a->ndays / 2 - 1] + a->days[a->ndays / 2]) / 2;
		}
	}
	qsort(s->a, (size_t)s->n, sizeof(*s->a), cmp_agg);
	if (!(out->figures = calloc((size_t)s->n, sizeof(*out->figures))))
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (i = 0; i < s->n; i++)
		out->figures[i] = s->a[i].f;
	out->n = s->n;
	return CL_OK;
}

void cl_measure_sum_free(struct cl_measure_sum *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->a[i].days);
	free(s->a);
	memset(s, 0, sizeof(*s));
}

int cl_measure_compute(struct cl_db *db, const struct cl_measure *m,
		       const struct cl_measure_query *q, struct cl_measure_result *out,
		       struct cl_error *err)
{
	struct cl_measure_sum s = { 0 };
	sqlite3_stmt *st = NULL;
	int rc, step;

	memset(out, 0, sizeof(*out));
	out->measure = m;
	if ((rc = cl_measure_query_check(q, err)) || (rc = measure_functions(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, m->sql_cohort, err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_query(db, st, q, err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_measure_unit u = { .ord = sqlite3_column_int64(st, 1) };

		if (q->by_care_manager && sqlite3_column_type(st, 2) != SQLITE_NULL &&
		    cl_db_column_id(st, 2, &u.care_manager)) {
			rc = cl_error_set(err, CL_ECORRUPT,
					  "a patient has a malformed care manager");
			goto out;
		}
		cl_db_column_text(st, 0, u.group, sizeof(u.group));
		u.den = sqlite3_column_int64(st, 6);
		u.num = sqlite3_column_int64(st, 7);
		u.excl = sqlite3_column_int64(st, 8);
		u.x1 = sqlite3_column_int64(st, 9);
		u.x2 = sqlite3_column_int64(st, 10);
		u.has_days = sqlite3_column_type(st, 11) != SQLITE_NULL;
		u.days = sqlite3_column_double(st, 11);
		if ((rc = cl_measure_sum_add(&s, m, &u, err)))
			goto out;
	}
	if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
		goto out;
	}
	sqlite3_reset(st);
	st = NULL;
	if (q->by_care_manager && (rc = name_care_managers(db, &s, err)))
		goto out;
	rc = cl_measure_sum_result(&s, m, out, err);
out:
	if (st)
		sqlite3_reset(st);
	cl_measure_sum_free(&s);
	return rc;
}

void cl_measure_result_free(struct cl_measure_result *r)
{
	if (!r)
		return;
	free(r->figures);
	r->figures = NULL;
	r->n = 0;
}

double cl_measure_percent(const struct cl_measure_figure *f)
{
	if (f->denominator <= 0)
		return -1;
	return 100.0 * (double)f->numerator / (double)f->denominator;
}

/* ---- gap lists ---- */

int cl_measure_gap(struct cl_db *db, const struct cl_measure *m, const struct cl_measure_query *q,
		   const struct cl_measure_gap_row *after, struct cl_measure_gap_row *rows, int max,
		   int *n, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	*n = 0;
	if (!m->sql_gap || max <= 0)
		return CL_OK;
	if ((rc = cl_measure_query_check(q, err)) || (rc = measure_functions(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, m->sql_gap, err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_query(db, st, q, err)) ||
	    (rc = cl_db_bind_text(st, 7, after ? after->date : "", err)) ||
	    (rc = cl_db_bind_text(st, 8, after ? after->mrn : "", err)) ||
	    (rc = cl_db_bind_int(st, 9, max, err)))
		goto out;
	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_measure_gap_row *r = &rows[*n];

		memset(r, 0, sizeof(*r));
		if (cl_db_column_id(st, 0, &r->patient_id)) {
			rc = cl_error_set(err, CL_ECORRUPT, "a patient has a malformed id");
			goto out;
		}
		cl_db_column_text(st, 1, r->mrn, sizeof(r->mrn));
		cl_db_column_text(st, 2, r->given_name, sizeof(r->given_name));
		cl_db_column_text(st, 3, r->family_name, sizeof(r->family_name));
		cl_db_column_text(st, 4, r->date, sizeof(r->date));
		cl_db_column_text(st, 5, r->what, sizeof(r->what));
		(*n)++;
	}
	if (*n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
out:
	sqlite3_reset(st);
	return rc;
}
