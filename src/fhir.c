/*
 * careloop export fhir (export.h): FHIR R4 resources in the shapes of the Gravity Project's
 * SDOH Clinical Care guide, streamed one resource at a time as NDJSON (FHIR Bulk Data: a
 * file per resource type, a resource a line) or as one Bundle of type collection. JSON is
 * written by json.c, every string through the one sanitizer. The mapping is in the man page.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "domain.h"
#include "export.h"
#include "field.h"
#include "id.h"
#include "json.h"
#include "org.h"
#include "referral.h"
#include "risk.h"
#include "sha256.h"

/* Code systems. */
#define SYS_LOINC	  "http://loinc.org"
#define SYS_OBS_CATEGORY  "http://terminology.hl7.org/CodeSystem/observation-category"
#define SYS_US_CORE_CAT	  "http://hl7.org/fhir/us/core/CodeSystem/us-core-category"
#define SYS_CONDITION_CAT "http://hl7.org/fhir/us/core/CodeSystem/condition-category"
#define SYS_SDOHCC \
	"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
#define SYS_CLINICAL	    "http://terminology.hl7.org/CodeSystem/condition-clinical"
#define SYS_VERIFICATION    "http://terminology.hl7.org/CodeSystem/condition-ver-status"
#define SYS_ICD10CM	    "http://hl7.org/fhir/sid/icd-10-cm"
#define SYS_V2_0203	    "http://terminology.hl7.org/CodeSystem/v2-0203"
#define SYS_BCP47	    "urn:ietf:bcp:47"
#define SYS_TASK_CODE	    "http://hl7.org/fhir/CodeSystem/task-code"
#define SYS_ACT_CODE	    "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define SYS_CONSENT_SCOPE   "http://terminology.hl7.org/CodeSystem/consentscope"
#define SYS_PARTICIPATION   "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
#define SYS_GOAL_ACHIEVE    "http://terminology.hl7.org/CodeSystem/goal-achievement"
#define SYS_CONFIDENTIALITY "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

static const char *const type_names[CL_FHIR_NTYPES] = {
	[CL_FHIR_PATIENT] = "Patient",
	[CL_FHIR_ORGANIZATION] = "Organization",
	[CL_FHIR_QUESTIONNAIRE_RESPONSE] = "QuestionnaireResponse",
	[CL_FHIR_OBSERVATION] = "Observation",
	[CL_FHIR_CONDITION] = "Condition",
	[CL_FHIR_CONSENT] = "Consent",
	[CL_FHIR_SERVICE_REQUEST] = "ServiceRequest",
	[CL_FHIR_TASK] = "Task",
	[CL_FHIR_GOAL] = "Goal",
	[CL_FHIR_ENCOUNTER] = "Encounter",
};

const char *cl_fhir_type_name(enum cl_fhir_type type)
{
	return type >= 0 && type < CL_FHIR_NTYPES ? type_names[type] : "";
}

/* The export under way: where each type goes, what was written. */
struct export
{
	struct cl_db *db;
	const struct cl_fhir_options *opt;
	char since[32]; /* UTC instant, "" for everything */
	FILE *streams[CL_FHIR_NTYPES];
	struct cl_json json[CL_FHIR_NTYPES]; /* NDJSON: one writer a stream */
	struct cl_json bundle;
	bool bundle_started, entries;
	long long *counts, total;
	struct cl_error *err;
};

/* ---- ids ---- */

/*
 * A resource made from part of a record (an answer's Observation, a referral's Task) gets a
 * UUID of its own derived from the record's id and the part's name: the first 16 bytes of
 * SHA-256(id || part), marked as a version 8 (custom) RFC 9562 UUID. The same in every run.
 */
static void derived_id(const struct cl_id *record, const char *part, char out[CL_ID_STRLEN])
{
	unsigned char digest[CL_SHA256_LEN];
	struct cl_sha256 c;
	struct cl_id id;

	cl_sha256_init(&c);
	cl_sha256_update(&c, record->bytes, CL_ID_LEN);
	cl_sha256_update(&c, part, strlen(part));
	cl_sha256_final(&c, digest);
	memcpy(id.bytes, digest, CL_ID_LEN);
	id.bytes[6] = (unsigned char)((id.bytes[6] & 0x0f) | 0x80);
	id.bytes[8] = (unsigned char)((id.bytes[8] & 0x3f) | 0x80);
	cl_id_str(&id, out);
}

static void column_id(sqlite3_stmt *st, int col, struct cl_id *id, char text[CL_ID_STRLEN])
{
	memset(id, 0, sizeof(*id));
	text[0] = '\0';
	if (sqlite3_column_type(st, col) != SQLITE_NULL && cl_db_column_id(st, col, id) == 0)
		cl_id_str(id, text);
}

/* ---- writing resources ---- */

/*
 * Start a resource of type: its stream (opened on first use), the Bundle's entry around it
 * or nothing for NDJSON. Returns its writer, NULL when the stream cannot be made.
 */
static struct cl_json *begin(struct export *x, enum cl_fhir_type type, const char *id)
{
	struct cl_json *j;
	char url[64];

	if (!x->streams[type]) {
		if (x->opt->bundle && x->bundle_started) {
			x->streams[type] = x->bundle.out;
		} else if (!(x->streams[type] = x->opt->stream(x->opt->arg, type, x->err))) {
			return NULL;
		}
		if (!x->opt->bundle)
			cl_json_init(&x->json[type], x->streams[type]);
	}
	if (x->opt->bundle) {
		j = &x->bundle;
		if (!x->entries) {
			cl_json_array(j, "entry");
			x->entries = true;
		}
		cl_json_object(j, NULL);
		snprintf(url, sizeof(url), "urn:uuid:%s", id);
		cl_json_string(j, "fullUrl", url);
		cl_json_object(j, "resource");
	} else {
		j = &x->json[type];
		cl_json_object(j, NULL);
	}
	cl_json_string(j, "resourceType", type_names[type]);
	cl_json_string(j, "id", id);
	x->counts[type]++;
	if (++x->total % 10000 == 0 && x->opt->progress)
		x->opt->progress(x->opt->arg, x->total);
	return j;
}

/* Close the resource: the Bundle entry, or the NDJSON line. */
static int end(struct export *x, enum cl_fhir_type type, struct cl_json *j)
{
	cl_json_end(j); /* the resource */
	if (x->opt->bundle)
		cl_json_end(j); /* the entry */
	else
		cl_json_raw(j, "\n");
	if (cl_json_error(j))
		return cl_error_set(x->err, CL_EIO, "cannot write the %s resources",
				    type_names[type]);
	return CL_OK;
}

/* meta: lastUpdated, and the restricted label of interpersonal-safety data. */
static void meta(struct cl_json *j, const char *updated_at, bool sensitive)
{
	if (!updated_at[0] && !sensitive)
		return;
	cl_json_object(j, "meta");
	cl_json_text(j, "lastUpdated", updated_at);
	if (sensitive) {
		cl_json_array(j, "security");
		cl_json_object(j, NULL);
		cl_json_string(j, "system", SYS_CONFIDENTIALITY);
		cl_json_string(j, "code", "R");
		cl_json_end(j);
		cl_json_end(j);
	}
	cl_json_end(j);
}

static void coding(struct cl_json *j, const char *system, const char *code, const char *display)
{
	cl_json_object(j, NULL);
	cl_json_text(j, "system", system);
	cl_json_string(j, "code", code);
	cl_json_text(j, "display", display);
	cl_json_end(j);
}

/* A CodeableConcept of one coding (key NULL: an array item). */
static void concept(struct cl_json *j, const char *key, const char *system, const char *code,
		    const char *display)
{
	cl_json_object(j, key);
	cl_json_array(j, "coding");
	coding(j, system, code, display);
	cl_json_end(j);
	cl_json_end(j);
}

static void concept_text(struct cl_json *j, const char *key, const char *text)
{
	cl_json_object(j, key);
	cl_json_string(j, "text", text);
	cl_json_end(j);
}

static void reference(struct cl_json *j, const char *key, const char *type, const char *id)
{
	char ref[80];

	snprintf(ref, sizeof(ref), "%s/%s", type, id);
	cl_json_object(j, key);
	cl_json_string(j, "reference", ref);
	cl_json_end(j);
}

/* Step st for each row, calling write_row; resets st. */
typedef int row_fn(struct export *x, sqlite3_stmt *st);

static int each_row(struct export *x, const char *sql, row_fn *write_row)
{
	sqlite3_stmt *st = cl_db_stmt(x->db, sql, x->err);
	int rc, step = SQLITE_DONE;

	if (!st)
		return x->err ? x->err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, x->since, x->err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = write_row(x, st)))
			goto out;
	if (step != SQLITE_DONE)
		rc = cl_db_error(x->db, x->err);
out:
	sqlite3_reset(st);
	return rc;
}

static void text_at(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	cl_db_column_text(st, col, buf, size);
}

/* ---- Patient ---- */

/* The patients in the export: changed since ?1, or with any exported record changed since. */
#define PATIENT_IN_EXPORT                                                                         \
	"(?1 = '' OR x.updated_at >= ?1"                                                          \
	" OR EXISTS (SELECT 1 FROM screening s WHERE s.patient_id = x.id AND s.updated_at >= ?1)" \
	" OR EXISTS (SELECT 1 FROM referral r WHERE r.patient_id = x.id AND r.updated_at >= ?1)"  \
	" OR EXISTS (SELECT 1 FROM goal g WHERE g.patient_id = x.id AND g.updated_at >= ?1)"      \
	" OR EXISTS (SELECT 1 FROM clinical_event e WHERE e.patient_id = x.id"                    \
	" AND e.updated_at >= ?1))"

static int patient_row(struct export *x, sqlite3_stmt *st)
{
	char id[CL_ID_STRLEN], mrn[32], given[96], family[96], birth[16], sex[16], lang[16];
	char phone[32], address[128], city[64], state[4], postal[16], status[16], death[16];
	char updated[32];
	struct cl_json *j;
	struct cl_id rid;

	column_id(st, 0, &rid, id);
	text_at(st, 1, mrn, sizeof(mrn));
	text_at(st, 2, given, sizeof(given));
	text_at(st, 3, family, sizeof(family));
	text_at(st, 4, birth, sizeof(birth));
	text_at(st, 5, sex, sizeof(sex));
	text_at(st, 6, lang, sizeof(lang));
	text_at(st, 7, phone, sizeof(phone));
	text_at(st, 8, address, sizeof(address));
	text_at(st, 9, city, sizeof(city));
	text_at(st, 10, state, sizeof(state));
	text_at(st, 11, postal, sizeof(postal));
	text_at(st, 12, status, sizeof(status));
	text_at(st, 13, death, sizeof(death));
	text_at(st, 14, updated, sizeof(updated));
	if (!(j = begin(x, CL_FHIR_PATIENT, id)))
		return x->err ? x->err->code : CL_EIO;
	meta(j, updated, false);
	cl_json_array(j, "identifier");
	cl_json_object(j, NULL);
	concept(j, "type", SYS_V2_0203, "MR", "Medical record number");
	cl_json_string(j, "value", mrn);
	cl_json_end(j);
	cl_json_end(j);
	cl_json_bool(j, "active", strcmp(status, "active") == 0);
	cl_json_array(j, "name");
	cl_json_object(j, NULL);
	cl_json_string(j, "family", family);
	cl_json_array(j, "given");
	cl_json_string(j, NULL, given);
	cl_json_end(j);
	cl_json_end(j);
	cl_json_end(j);
	if (phone[0]) {
		cl_json_array(j, "telecom");
		cl_json_object(j, NULL);
		cl_json_string(j, "system", "phone");
		cl_json_string(j, "value", phone);
		cl_json_end(j);
		cl_json_end(j);
	}
	/* careloop's codes are FHIR's administrative genders. */
	cl_json_string(j, "gender", sex);
	cl_json_string(j, "birthDate", birth);
	if (death[0])
		cl_json_string(j, "deceasedDateTime", death);
	else if (strcmp(status, "deceased") == 0)
		cl_json_bool(j, "deceasedBoolean", true);
	if (address[0] || city[0] || state[0] || postal[0]) {
		cl_json_array(j, "address");
		cl_json_object(j, NULL);
		if (address[0]) {
			cl_json_array(j, "line");
			cl_json_string(j, NULL, address);
			cl_json_end(j);
		}
		cl_json_text(j, "city", city);
		cl_json_text(j, "state", state);
		cl_json_text(j, "postalCode", postal);
		cl_json_end(j);
		cl_json_end(j);
	}
	if (lang[0] && strcmp(lang, "other") != 0) {
		cl_json_array(j, "communication");
		cl_json_object(j, NULL);
		concept(j, "language", SYS_BCP47, lang, NULL);
		cl_json_bool(j, "preferred", true);
		cl_json_end(j);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_PATIENT, j);
}

static int patients(struct export *x)
{
	static const char sql[] =
		"SELECT x.id, x.mrn, x.given_name, x.family_name, x.birth_date, x.sex, x.language,"
		" x.phone, x.address, x.city, x.state, x.postal_code, x.status, x.death_date,"
		" x.updated_at FROM patient x WHERE " PATIENT_IN_EXPORT " ORDER BY x.rowid";

	return each_row(x, sql, patient_row);
}

/* ---- Organization ---- */

static void telecom(struct cl_json *j, const char *system, const char *value, bool *open)
{
	if (!value[0])
		return;
	if (!*open)
		cl_json_array(j, "telecom");
	*open = true;
	cl_json_object(j, NULL);
	cl_json_string(j, "system", system);
	cl_json_string(j, "value", value);
	cl_json_end(j);
}

static int organization_row(struct export *x, sqlite3_stmt *st)
{
	char id[CL_ID_STRLEN], kind[16], name[128], phone[32], fax[32], email[128];
	char address[256], updated[32];
	bool open = false;
	struct cl_json *j;
	struct cl_id rid;

	column_id(st, 0, &rid, id);
	text_at(st, 1, kind, sizeof(kind));
	text_at(st, 2, name, sizeof(name));
	text_at(st, 3, phone, sizeof(phone));
	text_at(st, 4, fax, sizeof(fax));
	text_at(st, 5, email, sizeof(email));
	text_at(st, 6, address, sizeof(address));
	text_at(st, 8, updated, sizeof(updated));
	if (!(j = begin(x, CL_FHIR_ORGANIZATION, id)))
		return x->err ? x->err->code : CL_EIO;
	meta(j, updated, false);
	cl_json_bool(j, "active", sqlite3_column_int(st, 7) != 0);
	cl_json_array(j, "type");
	concept_text(j, NULL,
		     strcmp(kind, "specialty") == 0 ? "Specialty care partner"
						    : "Community-based organization");
	cl_json_end(j);
	cl_json_string(j, "name", name);
	telecom(j, "phone", phone, &open);
	telecom(j, "fax", fax, &open);
	telecom(j, "email", email, &open);
	if (open)
		cl_json_end(j);
	if (address[0]) {
		cl_json_array(j, "address");
		cl_json_object(j, NULL);
		cl_json_string(j, "text", address);
		cl_json_end(j);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_ORGANIZATION, j);
}

/* Partners: changed since, or named by a referral in the export (every reference resolves). */
static int organizations(struct export *x)
{
	static const char sql[] =
		"SELECT x.id, x.kind, x.name, x.phone, x.fax, x.email, x.address, x.active,"
		" x.updated_at FROM organization x WHERE ?1 = '' OR x.updated_at >= ?1"
		" OR x.id IN (SELECT organization_id FROM referral WHERE updated_at >= ?1)"
		" ORDER BY x.rowid";

	return each_row(x, sql, organization_row);
}

/* ---- QuestionnaireResponse and Observation ---- */

#define MAX_ANSWERS 64

/* One chosen answer of a screening, as the query below gives it. */
struct answer {
	char question[32], loinc[32], kind[16], text[512], category[32];
	char code[32], display[512];
	bool sensitive;
};

/* A screening and its answers, gathered before its resources are written. */
struct screening {
	struct cl_id id;
	char id_text[CL_ID_STRLEN], patient[CL_ID_STRLEN], status[24], on[16], language[8];
	char panel[32], updated[32];
	int n;
	struct answer answers[MAX_ANSWERS];
};

static const char *answer_system(const char *code)
{
	return strncmp(code, "LA", 2) == 0 ? SYS_LOINC : NULL;
}

static int write_questionnaire_response(struct export *x, const struct screening *s)
{
	const char *status = strcmp(s->status, "declined") == 0		  ? "stopped"
			     : strcmp(s->status, "entered-in-error") == 0 ? "entered-in-error"
									  : "completed";
	struct cl_json *j = begin(x, CL_FHIR_QUESTIONNAIRE_RESPONSE, s->id_text);
	bool sensitive = false;
	char canonical[64];

	if (!j)
		return x->err ? x->err->code : CL_EIO;
	for (int i = 0; i < s->n; i++)
		sensitive = sensitive || s->answers[i].sensitive;
	meta(j, s->updated, sensitive);
	cl_json_text(j, "language", s->language);
	if (s->panel[0]) {
		snprintf(canonical, sizeof(canonical), "http://loinc.org/q/%s", s->panel);
		cl_json_string(j, "questionnaire", canonical);
	}
	cl_json_string(j, "status", status);
	reference(j, "subject", "Patient", s->patient);
	cl_json_string(j, "authored", s->on);
	if (s->n && strcmp(status, "completed") == 0) {
		cl_json_array(j, "item");
		for (int i = 0; i < s->n;) {
			const struct answer *a = &s->answers[i];

			cl_json_object(j, NULL);
			cl_json_string(j, "linkId", a->question);
			if (a->loinc[0]) {
				cl_json_array(j, "code");
				coding(j, SYS_LOINC, a->loinc, NULL);
				cl_json_end(j);
			}
			cl_json_string(j, "text", a->text);
			cl_json_array(j, "answer");
			for (; i < s->n && strcmp(s->answers[i].question, a->question) == 0; i++) {
				cl_json_object(j, NULL);
				cl_json_object(j, "valueCoding");
				cl_json_text(j, "system", answer_system(s->answers[i].code));
				cl_json_string(j, "code", s->answers[i].code);
				cl_json_string(j, "display", s->answers[i].display);
				cl_json_end(j);
				cl_json_end(j);
			}
			cl_json_end(j);
			cl_json_end(j);
		}
		cl_json_end(j);
	}
	return end(x, CL_FHIR_QUESTIONNAIRE_RESPONSE, j);
}

static void category(struct cl_json *j, const char *system, const char *code)
{
	concept(j, NULL, system, code, NULL);
}

/*
 * One Observation per answered question: a multiple-choice one holds each answer as a
 * component. Those of a screening entered in error say so (status entered-in-error).
 */
static int write_observations(struct export *x, const struct screening *s)
{
	bool in_error = strcmp(s->status, "entered-in-error") == 0;

	for (int i = 0; i < s->n;) {
		const struct answer *a = &s->answers[i];
		bool multiple = strcmp(a->kind, "multiple") == 0;
		char id[CL_ID_STRLEN], part[64];
		struct cl_json *j;
		int rc;

		snprintf(part, sizeof(part), "observation:%s", a->question);
		derived_id(&s->id, part, id);
		if (!(j = begin(x, CL_FHIR_OBSERVATION, id)))
			return x->err ? x->err->code : CL_EIO;
		meta(j, s->updated, a->sensitive);
		cl_json_string(j, "status", in_error ? "entered-in-error" : "final");
		cl_json_array(j, "category");
		category(j, SYS_OBS_CATEGORY, "social-history");
		category(j, SYS_OBS_CATEGORY, "survey");
		category(j, SYS_US_CORE_CAT, "sdoh");
		if (a->category[0])
			category(j, SYS_SDOHCC, a->category);
		cl_json_end(j);
		if (a->loinc[0])
		concept(j, "code", SYS_LOINC, a->loinc, a->text);
		else concept_text(j, "code", a->text);
		reference(j, "subject", "Patient", s->patient);
		cl_json_string(j, "effectiveDateTime", s->on);
		if (multiple)
			cl_json_array(j, "component");
		for (int k = i; k < s->n && strcmp(s->answers[k].question, a->question) == 0; k++) {
			const struct answer *v = &s->answers[k];

			if (multiple) {
				cl_json_object(j, NULL);
				if (a->loinc[0])
				concept(j, "code", SYS_LOINC, a->loinc, NULL);
				else concept_text(j, "code", a->text);
			}
			concept(j, "valueCodeableConcept", answer_system(v->code), v->code,
				v->display);
			if (multiple)
				cl_json_end(j);
			i = k + 1;
			if (!multiple)
				break;
		}
		if (multiple)
			cl_json_end(j);
		cl_json_array(j, "derivedFrom");
		reference(j, NULL, "QuestionnaireResponse", s->id_text);
		cl_json_end(j);
		if ((rc = end(x, CL_FHIR_OBSERVATION, j)))
			return rc;
		/* a single-choice question answered twice (never stored): the rest are skipped */
		while (!multiple && i < s->n && strcmp(s->answers[i].question, a->question) == 0)
			i++;
	}
	return CL_OK;
}

static int write_screening(struct export *x, struct screening *s)
{
	int rc;

	if (!s->id_text[0])
		return CL_OK;
	if ((rc = write_questionnaire_response(x, s)))
		return rc;
	/* Entered in error: its Observations too, so that a receiver retracts what it has. */
	if ((rc = write_observations(x, s)))
		return rc;
	s->id_text[0] = '\0';
	s->n = 0;
	return CL_OK;
}

/*
 * Screenings with their chosen answers (none for a declined one), a screening's rows
 * together, questions and answers in their instrument's order. Skipped questions have no
 * option and are left out.
 */
static int screenings(struct export *x)
{
	static const char sql[] =
		"SELECT s.id, s.patient_id, s.status, s.screened_on, s.language, i.loinc,"
		" s.updated_at, q.code, q.loinc, q.kind, q.text_en, d.sdoh_category, d.sensitive,"
		" ao.code, ao.text_en"
		" FROM screening s JOIN instrument i ON i.id = s.instrument_id"
		" LEFT JOIN screening_answer sa ON sa.screening_id = s.id"
		" AND sa.answer_option_id IS NOT NULL"
		" LEFT JOIN question q ON q.id = sa.question_id"
		" LEFT JOIN screening_domain d ON d.instrument_id = q.instrument_id"
		" AND d.code = q.domain_code"
		" LEFT JOIN answer_option ao ON ao.id = sa.answer_option_id"
		" WHERE ?1 = '' OR s.updated_at >= ?1"
		" ORDER BY s.rowid, q.ordinal, ao.ordinal";
	struct screening *s = calloc(1, sizeof(*s));
	sqlite3_stmt *st;
	int rc = CL_OK, step = SQLITE_DONE;

	if (!s)
		return cl_error_set(x->err, CL_ENOMEM, "out of memory");
	if (!(st = cl_db_stmt(x->db, sql, x->err))) {
		free(s);
		return x->err ? x->err->code : CL_EIO;
	}
	if ((rc = cl_db_bind_text(st, 1, x->since, x->err)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cl_id id;
		char text[CL_ID_STRLEN];

		column_id(st, 0, &id, text);
		if (strcmp(text, s->id_text) != 0) {
			struct cl_id patient;

			if ((rc = write_screening(x, s)))
				goto out;
			s->id = id;
			memcpy(s->id_text, text, sizeof(text));
			column_id(st, 1, &patient, s->patient);
			text_at(st, 2, s->status, sizeof(s->status));
			text_at(st, 3, s->on, sizeof(s->on));
			text_at(st, 4, s->language, sizeof(s->language));
			text_at(st, 5, s->panel, sizeof(s->panel));
			text_at(st, 6, s->updated, sizeof(s->updated));
		}
		if (sqlite3_column_type(st, 13) != SQLITE_NULL && s->n < MAX_ANSWERS) {
			struct answer *a = &s->answers[s->n++];

			text_at(st, 7, a->question, sizeof(a->question));
			text_at(st, 8, a->loinc, sizeof(a->loinc));
			text_at(st, 9, a->kind, sizeof(a->kind));
			text_at(st, 10, a->text, sizeof(a->text));
			text_at(st, 11, a->category, sizeof(a->category));
			a->sensitive = sqlite3_column_int(st, 12) != 0;
			text_at(st, 13, a->code, sizeof(a->code));
			text_at(st, 14, a->display, sizeof(a->display));
		}
	}
	if (step != SQLITE_DONE)
		rc = cl_db_error(x->db, x->err);
	else
		rc = write_screening(x, s);
out:
	sqlite3_reset(st);
	free(s);
	return rc;
}

/* ---- Condition ---- */

/* ICD-10-CM codes for the Gravity categories that have one of their own. */
static const struct {
	const char *category, *code, *display;
} icd10[] = {
	{ "food-insecurity", "Z59.41", "Food insecurity" },
	{ "transportation-insecurity", "Z59.82", "Transportation insecurity" },
	{ "financial-insecurity", "Z59.86", "Financial insecurity" },
};

static int condition_row(struct export *x, sqlite3_stmt *st)
{
	char screening[CL_ID_STRLEN], patient[CL_ID_STRLEN], on[16], domain[32], category_code[32];
	char name[128], updated[32], id[CL_ID_STRLEN], part[64], questions[512];
	bool sensitive = sqlite3_column_int(st, 6) != 0;
	bool current = sqlite3_column_int(st, 7) != 0;
	bool in_error = sqlite3_column_int(st, 10) != 0;
	struct cl_id sid, pid;
	struct cl_json *j;
	size_t k;

	column_id(st, 0, &sid, screening);
	column_id(st, 1, &pid, patient);
	text_at(st, 2, on, sizeof(on));
	text_at(st, 3, domain, sizeof(domain));
	text_at(st, 4, category_code, sizeof(category_code));
	text_at(st, 5, name, sizeof(name));
	text_at(st, 8, updated, sizeof(updated));
	text_at(st, 9, questions, sizeof(questions));
	snprintf(part, sizeof(part), "condition:%s", domain);
	derived_id(&sid, part, id);
	if (!(j = begin(x, CL_FHIR_CONDITION, id)))
		return x->err ? x->err->code : CL_EIO;
	meta(j, updated, sensitive);
	/*
	 * The latest screening's positives are the patient's current needs. A screening entered
	 * in error retracts its concerns: verificationStatus entered-in-error, and no
	 * clinicalStatus (FHIR's con-5 forbids one then).
	 */
	if (in_error)
	concept(j, "verificationStatus", SYS_VERIFICATION, "entered-in-error", "Entered in Error");
	else concept(j, "clinicalStatus", SYS_CLINICAL, current ? "active" : "inactive", NULL);
	cl_json_array(j, "category");
	category(j, SYS_CONDITION_CAT, "health-concern");
	if (category_code[0])
		category(j, SYS_SDOHCC, category_code);
	cl_json_end(j);
	for (k = 0; k < sizeof(icd10) / sizeof(icd10[0]); k++)
		if (strcmp(icd10[k].category, category_code) == 0)
			break;
	cl_json_object(j, "code");
	if (k < sizeof(icd10) / sizeof(icd10[0])) {
		cl_json_array(j, "coding");
		coding(j, SYS_ICD10CM, icd10[k].code, icd10[k].display);
		cl_json_end(j);
	}
	cl_json_string(j, "text", name);
	cl_json_end(j);
	reference(j, "subject", "Patient", patient);
	cl_json_string(j, "onsetDateTime", on);
	cl_json_string(j, "recordedDate", on);
	if (questions[0]) {
		cl_json_array(j, "evidence");
		cl_json_object(j, NULL);
		cl_json_array(j, "detail");
		for (char *q = strtok(questions, ","); q; q = strtok(NULL, ",")) {
			char obs[CL_ID_STRLEN];

			snprintf(part, sizeof(part), "observation:%s", q);
			derived_id(&sid, part, obs);
			reference(j, NULL, "Observation", obs);
		}
		cl_json_end(j);
		cl_json_end(j);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_CONDITION, j);
}

/*
 * A positive domain of a completed or partial social-needs screening (a PHQ-9's is no SDOH
 * health concern); its evidence: the domain's answers. A screening entered in error keeps
 * the results it was scored with: its concerns go out marked entered in error.
 */
static int conditions(struct export *x)
{
	static const char sql[] =
		"SELECT s.id, s.patient_id, s.screened_on, d.code, d.sdoh_category, d.name_en,"
		" d.sensitive, coalesce(ss.scored_id = s.id, 0), s.updated_at,"
		" (SELECT group_concat(DISTINCT q.code) FROM screening_answer sa"
		"  JOIN question q ON q.id = sa.question_id WHERE sa.screening_id = s.id"
		"  AND sa.answer_option_id IS NOT NULL AND q.instrument_id = d.instrument_id"
		"  AND q.domain_code = d.code), s.status = 'entered-in-error'"
		" FROM screening_result r JOIN screening s ON s.id = r.screening_id"
		" JOIN screening_domain d ON d.id = r.domain_id"
		" LEFT JOIN screening_status ss ON ss.patient_id = s.patient_id"
		" WHERE r.result = 'positive'"
		" AND s.status IN ('completed', 'partial', 'entered-in-error')"
		" AND s.instrument_id IN (SELECT id FROM instrument WHERE social_needs = 1)"
		" AND (?1 = '' OR s.updated_at >= ?1) ORDER BY s.rowid, d.ordinal";

	return each_row(x, sql, condition_row);
}

/* ---- ServiceRequest, Task and Consent ---- */

/* A referral's status as the ServiceRequest's (the Task carries careloop's own code). */
static const char *request_status(const char *status)
{
	static const struct {
		const char *task, *request;
	} map[] = {
		{ "draft", "draft" },	    { "requested", "active" },
		{ "accepted", "active" },   { "in-progress", "active" },
		{ "on-hold", "on-hold" },   { "completed", "completed" },
		{ "rejected", "revoked" },  { "failed", "revoked" },
		{ "cancelled", "revoked" }, { "entered-in-error", "entered-in-error" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].task, status) == 0)
			return map[i].request;
	return "unknown";
}

struct referral_row {
	struct cl_id id;
	char id_text[CL_ID_STRLEN], patient[CL_ID_STRLEN], org[CL_ID_STRLEN], kind[16];
	char service[64], reason[512], priority[16], consent[16], referred[16], due[16];
	char status[24], status_reason[256], outcome[32], closed[16], updated[32];
	char consent_id[CL_ID_STRLEN];
};

static int write_consent(struct export *x, const struct referral_row *r)
{
	struct cl_json *j = begin(x, CL_FHIR_CONSENT, r->consent_id);

	if (!j)
		return x->err ? x->err->code : CL_EIO;
	meta(j, r->updated, false);
	cl_json_string(j, "status", "active");
	concept(j, "scope", SYS_CONSENT_SCOPE, "patient-privacy", NULL);
	cl_json_array(j, "category");
	concept(j, NULL, SYS_LOINC, "59284-0", "Patient Consent");
	cl_json_end(j);
	reference(j, "patient", "Patient", r->patient);
	cl_json_string(j, "dateTime", r->consent);
	concept(j, "policyRule", SYS_ACT_CODE, "OPTIN", NULL);
	cl_json_object(j, "provision");
	cl_json_string(j, "type", "permit");
	cl_json_array(j, "actor");
	cl_json_object(j, NULL);
	concept(j, "role", SYS_PARTICIPATION, "IRCP", "information recipient");
	reference(j, "reference", "Organization", r->org);
	cl_json_end(j);
	cl_json_end(j);
	cl_json_end(j);
	return end(x, CL_FHIR_CONSENT, j);
}

static int write_service_request(struct export *x, const struct referral_row *r)
{
	bool community = strcmp(r->kind, "community") == 0;
	struct cl_json *j = begin(x, CL_FHIR_SERVICE_REQUEST, r->id_text);

	if (!j)
		return x->err ? x->err->code : CL_EIO;
	meta(j, r->updated,
	     community && cl_domain_find(r->service) && cl_domain_find(r->service)->sensitive);
	cl_json_string(j, "status", request_status(r->status));
	cl_json_string(j, "intent", "order");
	cl_json_array(j, "category");
	if (community)
		category(j, SYS_SDOHCC, r->service);
	else
		concept_text(j, NULL, "Specialty care referral");
	cl_json_end(j);
	cl_json_string(j, "priority", r->priority);
	concept_text(j, "code",
		     community ? cl_domain_name(r->service) : cl_specialty_name(r->service));
	reference(j, "subject", "Patient", r->patient);
	cl_json_string(j, "authoredOn", r->referred);
	cl_json_array(j, "performer");
	reference(j, NULL, "Organization", r->org);
	cl_json_end(j);
	if (r->reason[0]) {
		cl_json_array(j, "reasonCode");
		concept_text(j, NULL, r->reason);
		cl_json_end(j);
	}
	if (r->consent[0]) {
		cl_json_array(j, "supportingInfo");
		reference(j, NULL, "Consent", r->consent_id);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_SERVICE_REQUEST, j);
}

static int write_task(struct export *x, const struct referral_row *r)
{
	char id[CL_ID_STRLEN];
	struct cl_json *j;
	int outcome;

	derived_id(&r->id, "task", id);
	if (!(j = begin(x, CL_FHIR_TASK, id)))
		return x->err ? x->err->code : CL_EIO;
	meta(j, r->updated,
	     strcmp(r->kind, "community") == 0 && cl_domain_find(r->service) &&
		     cl_domain_find(r->service)->sensitive);
	/* careloop's referral statuses are the Gravity Task statuses themselves. */
	cl_json_string(j, "status", r->status);
	if (r->status_reason[0])
		concept_text(j, "statusReason", r->status_reason);
	outcome = cl_referral_outcome_parse(r->outcome);
	if (outcome > 0)
		concept_text(j, "businessStatus",
			     cl_referral_outcome_name((enum cl_referral_outcome)outcome));
	cl_json_string(j, "intent", "order");
	cl_json_string(j, "priority", r->priority);
	concept(j, "code", SYS_TASK_CODE, "fulfill", "Fulfill the focal request");
	reference(j, "focus", "ServiceRequest", r->id_text);
	reference(j, "for", "Patient", r->patient);
	cl_json_string(j, "authoredOn", r->referred);
	cl_json_text(j, "lastModified", r->updated);
	reference(j, "owner", "Organization", r->org);
	if (r->closed[0]) {
		cl_json_object(j, "executionPeriod");
		cl_json_string(j, "end", r->closed);
		cl_json_end(j);
	}
	if (r->due[0]) {
		/* The loop-closure due date: when the task should be done by. */
		cl_json_object(j, "restriction");
		cl_json_object(j, "period");
		cl_json_string(j, "end", r->due);
		cl_json_end(j);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_TASK, j);
}

static int referral_row(struct export *x, sqlite3_stmt *st)
{
	struct referral_row r;
	struct cl_id other;
	int rc;

	memset(&r, 0, sizeof(r));
	column_id(st, 0, &r.id, r.id_text);
	column_id(st, 1, &other, r.patient);
	column_id(st, 2, &other, r.org);
	text_at(st, 3, r.kind, sizeof(r.kind));
	text_at(st, 4, r.service, sizeof(r.service));
	text_at(st, 5, r.reason, sizeof(r.reason));
	text_at(st, 6, r.priority, sizeof(r.priority));
	text_at(st, 7, r.consent, sizeof(r.consent));
	text_at(st, 8, r.referred, sizeof(r.referred));
	text_at(st, 9, r.due, sizeof(r.due));
	text_at(st, 10, r.status, sizeof(r.status));
	text_at(st, 11, r.status_reason, sizeof(r.status_reason));
	text_at(st, 12, r.outcome, sizeof(r.outcome));
	text_at(st, 13, r.closed, sizeof(r.closed));
	text_at(st, 14, r.updated, sizeof(r.updated));
	derived_id(&r.id, "consent", r.consent_id);
	if (r.consent[0] && (rc = write_consent(x, &r)))
		return rc;
	if ((rc = write_service_request(x, &r)))
		return rc;
	return write_task(x, &r);
}

static int referrals(struct export *x)
{
	static const char sql[] =
		"SELECT x.id, x.patient_id, x.organization_id, x.kind, x.service, x.reason,"
		" x.priority, x.consent_date, x.referred_on, x.due_date, x.status,"
		" x.status_reason, x.outcome, x.closed_on, x.updated_at FROM referral x"
		" WHERE ?1 = '' OR x.updated_at >= ?1 ORDER BY x.rowid";

	return each_row(x, sql, referral_row);
}

/* ---- Goal ---- */

static int goal_row(struct export *x, sqlite3_stmt *st)
{
	char id[CL_ID_STRLEN], patient[CL_ID_STRLEN], description[512], domain[32], target[16];
	char status[16], updated[32];
	const char *lifecycle;
	struct cl_id gid, pid;
	struct cl_json *j;

	column_id(st, 0, &gid, id);
	column_id(st, 1, &pid, patient);
	text_at(st, 2, description, sizeof(description));
	text_at(st, 3, domain, sizeof(domain));
	text_at(st, 4, target, sizeof(target));
	text_at(st, 5, status, sizeof(status));
	text_at(st, 6, updated, sizeof(updated));
	/* proposed, active and cancelled are FHIR's own; an achieved goal is completed. */
	lifecycle = sqlite3_column_bytes(st, 7) > 0   ? "entered-in-error"
		    : strcmp(status, "achieved") == 0 ? "completed"
						      : status;
	if (!(j = begin(x, CL_FHIR_GOAL, id)))
		return x->err ? x->err->code : CL_EIO;
	meta(j, updated, domain[0] && cl_domain_find(domain) && cl_domain_find(domain)->sensitive);
	cl_json_string(j, "lifecycleStatus", lifecycle);
	if (strcmp(lifecycle, "completed") == 0)
	concept(j, "achievementStatus", SYS_GOAL_ACHIEVE, "achieved", "Achieved");
	if (domain[0]) {
		cl_json_array(j, "category");
		category(j, SYS_SDOHCC, domain);
		cl_json_end(j);
	}
	concept_text(j, "description", description);
	reference(j, "subject", "Patient", patient);
	if (target[0]) {
		cl_json_array(j, "target");
		cl_json_object(j, NULL);
		cl_json_string(j, "dueDate", target);
		cl_json_end(j);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_GOAL, j);
}

static int goals(struct export *x)
{
	static const char sql[] =
		"SELECT x.id, x.patient_id, x.description, x.domain, x.target_date, x.status,"
		" x.updated_at, x.error_reason FROM goal x WHERE ?1 = '' OR x.updated_at >= ?1 ORDER BY x.rowid";

	return each_row(x, sql, goal_row);
}

/* ---- Encounter ---- */

/*
 * A hospital event is read through its field descriptors (risk.h), so that the fields a
 * later schema adds show without a change here: "facility" becomes serviceProvider's
 * display and "reason" the reasonCode's text, when the record has them.
 */
static const struct cl_record_type event_type = {
	.table = "clinical_event",
	.fields = cl_event_fields,
	.size = sizeof(struct cl_clinical_event),
};

static int encounter_row(struct export *x, sqlite3_stmt *st)
{
	char id[CL_ID_STRLEN], patient[CL_ID_STRLEN], kind[16], date[16], updated[32];
	char facility[256] = "", reason[512] = "";
	struct cl_clinical_event e;
	bool ed, discharge, in_error;
	struct cl_id eid, pid;
	struct cl_json *j;
	int rc;

	column_id(st, 0, &eid, id);
	column_id(st, 1, &pid, patient);
	text_at(st, 2, updated, sizeof(updated));
	in_error = sqlite3_column_bytes(st, 3) > 0;
	memset(&e, 0, sizeof(e));
	if ((rc = cl_field_read(&event_type, st, 4, &e, x->err)))
		return rc;
	cl_field_get(cl_event_fields, &e, "kind", kind, sizeof(kind));
	cl_field_get(cl_event_fields, &e, "event_date", date, sizeof(date));
	cl_field_get(cl_event_fields, &e, "facility", facility, sizeof(facility));
	cl_field_get(cl_event_fields, &e, "reason", reason, sizeof(reason));
	ed = strcmp(kind, "ed-visit") == 0;
	discharge = strcmp(kind, "discharge") == 0;
	if (!(j = begin(x, CL_FHIR_ENCOUNTER, id)))
		return x->err ? x->err->code : CL_EIO;
	meta(j, updated, false);
	cl_json_string(j, "status", in_error ? "entered-in-error" : "finished");
	cl_json_object(j, "class");
	cl_json_string(j, "system", SYS_ACT_CODE);
	cl_json_string(j, "code", ed ? "EMER" : "IMP");
	cl_json_string(j, "display", ed ? "emergency" : "inpatient encounter");
	cl_json_end(j);
	cl_json_array(j, "type");
	concept_text(j, NULL,
		     ed		 ? "Emergency department visit"
		     : discharge ? "Discharge from hospital"
				 : "Hospital admission");
	cl_json_end(j);
	reference(j, "subject", "Patient", patient);
	/* What careloop records is the day of the admission, the visit or the discharge. */
	cl_json_object(j, "period");
	cl_json_string(j, discharge ? "end" : "start", date);
	cl_json_end(j);
	if (reason[0]) {
		cl_json_array(j, "reasonCode");
		concept_text(j, NULL, reason);
		cl_json_end(j);
	}
	if (facility[0]) {
		cl_json_object(j, "serviceProvider");
		cl_json_string(j, "display", facility);
		cl_json_end(j);
	}
	return end(x, CL_FHIR_ENCOUNTER, j);
}

static int encounters(struct export *x)
{
	static char sql[2048]; /* made once from the descriptors; cached by its address */

	if (!sql[0]) {
		size_t len = (size_t)snprintf(sql, sizeof(sql),
					      "SELECT x.id, x.patient_id, x.updated_at,"
					      " x.error_reason");

		for (const struct cl_field *f = cl_event_fields; f->key; f++) {
			if (!f->column)
				continue;
			len += (size_t)snprintf(sql + len, sizeof(sql) - len, ", x.%s", f->column);
			if (len >= sizeof(sql))
				break;
		}
		if (len >= sizeof(sql) ||
		    (size_t)snprintf(sql + len, sizeof(sql) - len,
				     " FROM clinical_event x WHERE ?1 = '' OR x.updated_at >= ?1"
				     " ORDER BY x.rowid") >= sizeof(sql) - len) {
			sql[0] = '\0';
			return cl_error_set(x->err, CL_EINVAL,
					    "the Encounter export cannot be made");
		}
	}
	return each_row(x, sql, encounter_row);
}

/* ---- the export ---- */

int cl_fhir_export(struct cl_db *db, const struct cl_fhir_options *opt,
		   long long counts[CL_FHIR_NTYPES], struct cl_error *err)
{
	static int (*const passes[])(struct export *) = {
		patients, organizations, screenings, conditions, referrals, goals, encounters,
	};
	struct export *x = calloc(1, sizeof(*x)); /* the writers' buffers: not on the stack */
	int rc;

	memset(counts, 0, sizeof(long long) * CL_FHIR_NTYPES);
	if (!x)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	x->db = db;
	x->opt = opt;
	x->counts = counts;
	x->err = err;
	if ((rc = cl_export_since(opt->since, x->since, err)))
		goto out;
	if (opt->bundle) {
		struct cl_id id;
		char id_text[CL_ID_STRLEN], now[32];
		FILE *f = opt->stream(opt->arg, CL_FHIR_PATIENT, err);

		if (!f) {
			rc = err ? err->code : CL_EIO;
			goto out;
		}
		cl_json_init(&x->bundle, f);
		x->bundle_started = true;
		cl_id_new(&id);
		cl_db_now(now, sizeof(now));
		cl_json_object(&x->bundle, NULL);
		cl_json_string(&x->bundle, "resourceType", "Bundle");
		cl_json_string(&x->bundle, "id", cl_id_str(&id, id_text));
		cl_json_string(&x->bundle, "type", "collection");
		cl_json_string(&x->bundle, "timestamp", now);
	}
	/* Reading in one transaction: the export is one moment of the clinic. */
	if ((rc = cl_db_exec(db, "BEGIN", err)))
		goto out;
	for (size_t i = 0; !rc && i < sizeof(passes) / sizeof(passes[0]); i++)
		rc = passes[i](x);
	cl_db_exec(db, "COMMIT", NULL);
	if (!rc && opt->bundle) {
		if (x->entries)
			cl_json_end(&x->bundle);
		cl_json_end(&x->bundle);
		cl_json_raw(&x->bundle, "\n");
		cl_json_flush(&x->bundle);
		if (cl_json_error(&x->bundle))
			rc = cl_error_set(err, CL_EIO, "cannot write the Bundle");
	}
	for (int t = 0; !rc && t < CL_FHIR_NTYPES; t++) {
		if (!x->streams[t])
			continue;
		if (!opt->bundle)
			cl_json_flush(&x->json[t]);
		if ((!opt->bundle && cl_json_error(&x->json[t])) || fflush(x->streams[t]) != 0)
			rc = cl_error_set(err, CL_EIO, "cannot write the %s resources",
					  type_names[t]);
	}
out:
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		cl_json_free(&x->json[t]);
	cl_json_free(&x->bundle);
	free(x);
	return rc;
}
