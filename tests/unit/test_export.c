/*
 * Exports (export.h): CSV columns and escaping, FHIR shapes (required elements, code
 * systems, dates), reference integrity across the whole export, NDJSON one resource a
 * line, the Bundle's entries. JSON is checked with SQLite's own JSON functions on a
 * connection of the test's own.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"
#include "demo.h"
#include "export.h"
#include "testdb.h"

struct fixture {
	struct cl_db *db;
	struct cl_id tricky; /* the patient with a hard name */
};

/* Quote, backslash, UTF-8; control characters are put in by SQL (no form takes them). */
#define TRICKY_GIVEN  "Jo \"JJ\" \\ Đặng"
#define TRICKY_FAMILY "=SUM(A1)"

static int setup(void **state)
{
	struct cl_demo_options opt = { .patients = 150, .seed = 7 };
	struct fixture *f = calloc(1, sizeof(*f));
	struct cl_error err = { 0 };
	struct cl_patient p;

	if (!f || cl_db_open(":memory:", CL_DB_CREATE, &f->db, &err) ||
	    cl_demo_generate(f->db, &opt, &err))
		return -1;
	cl_patient_init(&p, f->db);
	if (cl_patient_field_set(&p, "mrn", "TRICKY1", &err) ||
	    cl_patient_field_set(&p, "given_name", TRICKY_GIVEN, &err) ||
	    cl_patient_field_set(&p, "family_name", TRICKY_FAMILY, &err) ||
	    cl_patient_field_set(&p, "birth_date", "1970-01-02", &err) ||
	    cl_patient_field_set(&p, "sex", "female", &err) || cl_patient_create(f->db, &p, &err))
		return -1;
	f->tricky = p.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cl_db_close(f->db);
	free(f);
	return 0;
}

/* ---- CSV ---- */

static char *csv_of(struct cl_db *db, const char *kind, const char *since, long long *rows)
{
	struct cl_error err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	if (cl_export_csv(db, kind, since, out, rows, &err))
		fail_msg("export csv %s: %s", kind, err.message);
	fclose(out);
	return buf;
}

static void csv_patients_are_the_fields(void **state)
{
	struct fixture *f = *state;
	char header[1024] = "";
	long long rows;
	char *csv = csv_of(f->db, "patients", "", &rows);

	for (const struct cl_field *fl = cl_patient_fields; fl->key; fl++) {
		strcat(header, fl->key);
		strcat(header, fl[1].key ? "," : "\r\n");
	}
	assert_true(strncmp(csv, header, strlen(header)) == 0);
	assert_int_equal(rows, test_count(f->db, "SELECT count(*) FROM patient"));
	free(csv);
}

/* Every kind: a header, then one CRLF-ended row a record; the header names its fields. */
static void csv_every_kind(void **state)
{
	static const struct {
		const char *kind, *count, *column;
	} kinds[] = {
		{ "patients", "SELECT count(*) FROM patient", "mrn" },
		{ "referrals", "SELECT count(*) FROM referral", "service" },
		{ "screenings", "SELECT count(*) FROM screening", "71802-3" },
		{ "goals", "SELECT count(*) FROM goal", "description" },
		{ "tasks", "SELECT count(*) FROM task", "title" },
		{ "contacts", "SELECT count(*) FROM contact", "minutes" },
		{ "events", "SELECT count(*) FROM clinical_event", "event_date" },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct cl_csv_reader *in;
		const struct cl_csv_record *rec;
		struct cl_error err = { 0 };
		long long rows, read = 0;
		char *csv = csv_of(f->db, kinds[i].kind, "", &rows);

		assert_int_equal(rows, test_count(f->db, kinds[i].count));
		assert_true(rows > 0);
		assert_int_equal(cl_csv_open_mem(csv, strlen(csv), &in, &err), CL_OK);
		assert_int_equal(cl_csv_next(in, &rec, &err), CL_OK);
		assert_true(cl_csv_header_index(rec, kinds[i].column) >= 0);
		while (cl_csv_next(in, &rec, &err) == CL_OK && rec)
			read++;
		assert_int_equal(read, rows);
		cl_csv_close(in);
		free(csv);
	}
	{
		struct cl_error err = { 0 };
		long long rows;

		assert_int_equal(cl_export_csv(f->db, "nothing", "", stdout, &rows, &err),
				 CL_EINVAL);
		assert_int_equal(
			cl_export_csv(f->db, "patients", "2026-02-30", stdout, &rows, &err),
			CL_EINVAL);
	}
}

/* Quotes and backslashes survive; a formula gets its '; a control character is made inert. */
static void csv_escaping(void **state)
{
	struct fixture *f = *state;
	struct cl_csv_reader *in;
	const struct cl_csv_record *rec;
	struct cl_error err = { 0 };
	long long rows;
	char *csv;
	int given, family, city;
	bool found = false;

	assert_int_equal(cl_db_exec(f->db,
				    "UPDATE patient SET city = 'Bell' || char(7) || 'ville'"
				    " WHERE mrn = 'TRICKY1'",
				    &err),
			 CL_OK);
	csv = csv_of(f->db, "patients", "", &rows);
	assert_int_equal(cl_csv_open_mem(csv, strlen(csv), &in, &err), CL_OK);
	assert_int_equal(cl_csv_next(in, &rec, &err), CL_OK);
	given = cl_csv_header_index(rec, "given_name");
	family = cl_csv_header_index(rec, "family_name");
	city = cl_csv_header_index(rec, "city");
	assert_true(given > 0 && family > 0 && city > 0);
	while (cl_csv_next(in, &rec, &err) == CL_OK && rec) {
		if (strcmp(rec->fields[0].text, "TRICKY1") != 0)
			continue;
		found = true;
		assert_string_equal(rec->fields[given].text, TRICKY_GIVEN);
		assert_string_equal(rec->fields[family].text, "'" TRICKY_FAMILY);
		assert_string_equal(rec->fields[city].text, "Bell\xef\xbf\xbdville");
	}
	assert_true(found);
	cl_csv_close(in);
	free(csv);
}

/*
 * The patients export reads back through the field engine, as an import does: every cell
 * of every row is accepted by its field, the record validates, and each field reads back as
 * the cell (a value a spreadsheet would run as a formula carries the guard's leading ').
 */
static void csv_patients_read_back(void **state)
{
	struct fixture *f = *state;
	struct cl_csv_reader *in;
	const struct cl_csv_record *header, *rec;
	struct cl_error err = { 0 };
	const char *keys[64];
	long long rows, read = 0;
	char *csv = csv_of(f->db, "patients", "", &rows);
	size_t n;

	assert_int_equal(cl_csv_open_mem(csv, strlen(csv), &in, &err), CL_OK);
	assert_int_equal(cl_csv_next(in, &header, &err), CL_OK);
	n = header->count;
	assert_true(n < 64);
	for (size_t c = 0; c < n; c++)
		keys[c] = strdup(header->fields[c].text);
	while (cl_csv_next(in, &rec, &err) == CL_OK && rec) {
		struct cl_patient p;

		cl_patient_init(&p, NULL);
		assert_int_equal(rec->count, n);
		for (size_t c = 0; c < n; c++) {
			const char *cell = rec->fields[c].text;

			if (cell[0] == '\'' && strchr("=+-@", cell[1]))
				cell++; /* the formula guard */
			if (cl_patient_field_set(&p, keys[c], cell, &err))
				fail_msg("row %lld, column %s: %s", read + 2, keys[c], err.message);
		}
		if (cl_patient_validate(&p, &err))
			fail_msg("row %lld: %s", read + 2, err.message);
		for (size_t c = 0; c < n; c++) {
			char value[256];
			const char *cell = rec->fields[c].text;

			assert_int_equal(cl_patient_field_get(&p, keys[c], value, sizeof(value)),
					 CL_OK);
			if (cell[0] == '\'' && strchr("=+-@", cell[1]))
				cell++;
			assert_string_equal(value, cell);
		}
		read++;
	}
	assert_int_equal(read, rows);
	for (size_t c = 0; c < n; c++)
		free((char *)keys[c]);
	cl_csv_close(in);
	free(csv);
}

/* --since: only what changed on or after that day (the clinic's midnight). */
static void csv_since(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	char from[32];
	long long rows;
	char *csv;

	assert_int_equal(cl_db_exec(f->db,
				    "UPDATE patient SET updated_at = '2099-06-01T12:00:00.000Z'"
				    " WHERE mrn = 'TRICKY1'",
				    &err),
			 CL_OK);
	csv = csv_of(f->db, "patients", "2099-05-30", &rows);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(csv, "TRICKY1"));
	free(csv);
	assert_int_equal(cl_export_since("2099-05-30", from, &err), CL_OK);
	assert_int_equal(strlen(from), 24);
	assert_true(strncmp(from, "2099-05-", 8) == 0);
	assert_int_equal(cl_export_since("", from, &err), CL_OK);
	assert_string_equal(from, "");
}

/* ---- FHIR ---- */

/* The export in memory: one buffer per type (NDJSON) or one for the Bundle. */
struct memout {
	char *buf[CL_FHIR_NTYPES];
	size_t len[CL_FHIR_NTYPES];
	FILE *f[CL_FHIR_NTYPES];
	long long counts[CL_FHIR_NTYPES];
};

static FILE *mem_stream(void *arg, enum cl_fhir_type type, struct cl_error *err)
{
	struct memout *m = arg;

	(void)err;
	assert_null(m->f[type]); /* each type's stream is asked for once */
	m->f[type] = open_memstream(&m->buf[type], &m->len[type]);
	return m->f[type];
}

static void export_fhir(struct cl_db *db, const char *since, bool bundle, struct memout *m)
{
	struct cl_fhir_options opt = {
		.since = since, .bundle = bundle, .stream = mem_stream, .arg = m
	};
	struct cl_error err = { 0 };

	memset(m, 0, sizeof(*m));
	if (cl_fhir_export(db, &opt, m->counts, &err))
		fail_msg("export fhir: %s", err.message);
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		if (m->f[t])
			fclose(m->f[t]);
}

static void memout_free(struct memout *m)
{
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		free(m->buf[t]);
}

/* A connection of the test's own, with every resource as a row of res(rtype, id, json). */
static sqlite3 *load(const struct memout *m, bool bundle)
{
	sqlite3 *sq;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(":memory:", &sq), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq, "CREATE TABLE res (rtype TEXT, id TEXT, json TEXT)", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(sq,
					    "INSERT INTO res VALUES (?1 ->> '$.resourceType',"
					    " ?1 ->> '$.id', json(?1))",
					    -1, &st, NULL),
			 SQLITE_OK);
	if (bundle) {
		sqlite3_stmt *entries;

		assert_non_null(m->buf[CL_FHIR_PATIENT]);
		assert_int_equal(sqlite3_prepare_v2(sq,
						    "SELECT value ->> '$.fullUrl',"
						    " value -> '$.resource' FROM json_each(?1, "
						    "'$.entry')",
						    -1, &entries, NULL),
				 SQLITE_OK);
		assert_int_equal(
			sqlite3_bind_text(entries, 1, m->buf[CL_FHIR_PATIENT], -1, SQLITE_STATIC),
			SQLITE_OK);
		while (sqlite3_step(entries) == SQLITE_ROW) {
			char url[80];
			const char *json = (const char *)sqlite3_column_text(entries, 1);

			assert_int_equal(sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT),
					 SQLITE_OK);
			assert_int_equal(sqlite3_step(st), SQLITE_DONE);
			sqlite3_reset(st);
			/* fullUrl is urn:uuid: and the resource's id */
			snprintf(url, sizeof(url), "urn:uuid:%s", strstr(json, "\"id\":\"") + 6);
			*strchr(url + 9, '"') = '\0';
			assert_string_equal((const char *)sqlite3_column_text(entries, 0), url);
		}
		sqlite3_finalize(entries);
	} else {
		for (int t = 0; t < CL_FHIR_NTYPES; t++) {
			long long lines = 0;

			for (char *line = m->buf[t], *nl; line && *line; line = nl + 1) {
				/* one resource a line, each line a whole JSON object */
				assert_non_null(nl = strchr(line, '\n'));
				*nl = '\0';
				assert_int_equal(
					sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT),
					SQLITE_OK);
				assert_int_equal(sqlite3_step(st), SQLITE_DONE);
				sqlite3_reset(st);
				*nl = '\n';
				lines++;
			}
			assert_int_equal(lines, m->counts[t]);
		}
	}
	sqlite3_finalize(st);
	return sq;
}

static long long count(sqlite3 *sq, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(sq));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#define ASSERT_NONE(sq, sql)                                                            \
	do {                                                                            \
		long long bad_ = count(sq, sql);                                        \
		if (bad_ != 0)                                                          \
			fail_msg("%lld resources where none should be: %s", bad_, sql); \
	} while (0)

/* Whatever the container: the shapes, the codes and the references of every resource. */
static void check_resources(sqlite3 *sq, const struct memout *m)
{
	long long total = 0;

	for (int t = 0; t < CL_FHIR_NTYPES; t++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM res WHERE rtype = '%s'",
			 cl_fhir_type_name(t));
		assert_int_equal(count(sq, sql), m->counts[t]);
		total += m->counts[t];
	}
	assert_int_equal(count(sq, "SELECT count(*) FROM res"), total);
	/* ids: UUIDs, each once */
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE id NOT GLOB "
			"'[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-"
			"[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-"
			"[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*' OR length(id) <> 36");
	assert_int_equal(count(sq, "SELECT count(DISTINCT id) FROM res"), total);
	/* every reference resolves inside the export */
	assert_true(count(sq, "SELECT count(*) FROM res, json_tree(res.json) t"
			      " WHERE t.key = 'reference' AND t.type = 'text'") > total);
	ASSERT_NONE(sq, "SELECT count(*) FROM res, json_tree(res.json) t"
			" WHERE t.key = 'reference' AND t.type = 'text'"
			" AND t.atom NOT IN (SELECT rtype || '/' || id FROM res)");
	/* no empty string, object or array anywhere (FHIR forbids them) */
	ASSERT_NONE(sq, "SELECT count(*) FROM res, json_tree(res.json) t WHERE"
			" (t.type = 'text' AND t.atom = '') OR (t.type = 'array'"
			" AND json_array_length(t.value) = 0) OR (t.type = 'object'"
			" AND t.value = '{}')");
	/* dates and instants */
	ASSERT_NONE(sq, "SELECT count(*) FROM res, json_tree(res.json) t"
			" WHERE t.key IN ('birthDate', 'authored', 'effectiveDateTime',"
			" 'onsetDateTime', 'recordedDate', 'authoredOn', 'dueDate', 'dateTime',"
			" 'deceasedDateTime', 'start', 'end')"
			" AND (t.atom NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
			" OR date(t.atom) IS NOT t.atom)");
	ASSERT_NONE(sq, "SELECT count(*) FROM res, json_tree(res.json) t"
			" WHERE t.key IN ('lastUpdated', 'lastModified')"
			" AND t.atom NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T"
			"[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*Z'");

	/* Patient */
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'Patient' AND ("
			" json ->> '$.identifier[0].value' IS NULL"
			" OR json ->> '$.identifier[0].type.coding[0].code' <> 'MR'"
			" OR json ->> '$.name[0].family' IS NULL"
			" OR json ->> '$.name[0].given[0]' IS NULL"
			" OR json ->> '$.gender' NOT IN ('male', 'female', 'other', 'unknown')"
			" OR json ->> '$.birthDate' IS NULL)");
	/* QuestionnaireResponse: LOINC panel, status, subject; items with LOINC answers */
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'QuestionnaireResponse' AND ("
			" json ->> '$.status' NOT IN ('completed', 'stopped', 'entered-in-error')"
			" OR json ->> '$.questionnaire' NOT IN ('http://loinc.org/q/96777-8',"
			" 'http://loinc.org/q/44249-1', 'http://loinc.org/q/69737-5',"
			" 'http://loinc.org/q/55757-9')"
			" OR json ->> '$.subject.reference' NOT LIKE 'Patient/%'"
			" OR json ->> '$.authored' IS NULL)");
	ASSERT_NONE(sq, "SELECT count(*) FROM res, json_each(res.json, '$.item') i"
			" WHERE rtype = 'QuestionnaireResponse' AND ("
			" i.value ->> '$.answer[0].valueCoding.system' <> 'http://loinc.org'"
			" OR i.value ->> '$.answer[0].valueCoding.code' NOT LIKE 'LA%')");
	/* Observation: the three categories, LOINC question and answer, from its response */
	ASSERT_NONE(
		sq,
		"SELECT count(*) FROM res WHERE rtype = 'Observation' AND ("
		" json ->> '$.status' NOT IN ('final', 'entered-in-error')"
		" OR json ->> '$.category[0].coding[0].code' <> 'social-history'"
		" OR json ->> '$.category[0].coding[0].system' <>"
		" 'http://terminology.hl7.org/CodeSystem/observation-category'"
		" OR json ->> '$.category[1].coding[0].code' <> 'survey'"
		" OR json ->> '$.category[2].coding[0].code' <> 'sdoh'"
		" OR json ->> '$.code.coding[0].system' <> 'http://loinc.org'"
		" OR json ->> '$.effectiveDateTime' IS NULL"
		" OR coalesce(json ->> '$.valueCodeableConcept.coding[0].code',"
		" json ->> '$.component[0].valueCodeableConcept.coding[0].code') NOT LIKE 'LA%'"
		" OR json ->> '$.derivedFrom[0].reference' NOT LIKE 'QuestionnaireResponse/%')");
	assert_true(count(sq, "SELECT count(*) FROM res WHERE rtype = 'Observation'"
			      " AND json ->> '$.category[3].coding[0].system' ="
			      " 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/"
			      "SDOHCC-CodeSystemTemporaryCodes'") > 0);
	/* Condition: a health concern with its Gravity category */
	ASSERT_NONE(sq,
		    "SELECT count(*) FROM res WHERE rtype = 'Condition' AND ("
		    " json ->> '$.category[0].coding[0].code' <> 'health-concern'"
		    " OR json ->> '$.category[0].coding[0].system' <>"
		    " 'http://hl7.org/fhir/us/core/CodeSystem/condition-category'"
		    " OR json ->> '$.category[1].coding[0].code' NOT IN ('food-insecurity',"
		    " 'housing-instability', 'inadequate-housing', 'transportation-insecurity',"
		    " 'utility-insecurity', 'intimate-partner-violence')"
		    " OR (json ->> '$.clinicalStatus.coding[0].code' NOT IN ('active', 'inactive')"
		    " AND json ->> '$.verificationStatus.coding[0].code' IS NOT 'entered-in-error')"
		    " OR (json ->> '$.verificationStatus.coding[0].code' = 'entered-in-error'"
		    " AND json -> '$.clinicalStatus' IS NOT NULL)"
		    " OR json ->> '$.code.text' IS NULL"
		    " OR json ->> '$.evidence[0].detail[0].reference' NOT LIKE 'Observation/%')");
	/* interpersonal safety is labelled restricted */
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'Condition' AND"
			" json ->> '$.category[1].coding[0].code' = 'intimate-partner-violence'"
			" AND json ->> '$.meta.security[0].code' IS NOT 'R'");
	/* ServiceRequest and Task */
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'ServiceRequest' AND ("
			" json ->> '$.status' NOT IN ('draft', 'active', 'on-hold', 'revoked',"
			" 'completed', 'entered-in-error') OR json ->> '$.intent' <> 'order'"
			" OR json ->> '$.subject.reference' NOT LIKE 'Patient/%'"
			" OR json ->> '$.performer[0].reference' NOT LIKE 'Organization/%')");
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'Task' AND ("
			" json ->> '$.status' NOT IN ('draft', 'requested', 'received', 'accepted',"
			" 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed',"
			" 'completed', 'entered-in-error') OR json ->> '$.intent' <> 'order'"
			" OR json ->> '$.code.coding[0].code' <> 'fulfill'"
			" OR json ->> '$.focus.reference' NOT LIKE 'ServiceRequest/%'"
			" OR json ->> '$.for.reference' NOT LIKE 'Patient/%')");
	assert_int_equal(count(sq, "SELECT count(*) FROM res WHERE rtype = 'Task'"),
			 count(sq, "SELECT count(*) FROM res WHERE rtype = 'ServiceRequest'"));
	/* Consent, Goal, Encounter */
	ASSERT_NONE(sq,
		    "SELECT count(*) FROM res WHERE rtype = 'Consent' AND ("
		    " json ->> '$.status' <> 'active' OR json ->> '$.scope.coding[0].code' IS NULL"
		    " OR json ->> '$.category[0].coding[0].code' IS NULL"
		    " OR json ->> '$.policyRule.coding[0].code' IS NULL"
		    " OR json ->> '$.patient.reference' NOT LIKE 'Patient/%')");
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'Goal' AND ("
			" json ->> '$.lifecycleStatus' NOT IN ('proposed', 'active', 'completed',"
			" 'cancelled', 'entered-in-error') OR json ->> '$.description.text' IS NULL"
			" OR json ->> '$.subject.reference' NOT LIKE 'Patient/%')");
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'Encounter' AND ("
			" json ->> '$.status' NOT IN ('finished', 'entered-in-error')"
			" OR json ->> '$.class.code' NOT IN ('EMER', 'IMP')"
			" OR json ->> '$.subject.reference' NOT LIKE 'Patient/%')");
}

static void fhir_ndjson(void **state)
{
	struct fixture *f = *state;
	struct memout m;
	sqlite3 *sq;

	export_fhir(f->db, "", false, &m);
	assert_int_equal(m.counts[CL_FHIR_PATIENT],
			 test_count(f->db, "SELECT count(*) FROM patient"));
	assert_int_equal(m.counts[CL_FHIR_SERVICE_REQUEST],
			 test_count(f->db, "SELECT count(*) FROM referral"));
	assert_int_equal(
		m.counts[CL_FHIR_CONSENT],
		test_count(f->db, "SELECT count(*) FROM referral WHERE consent_date <> ''"));
	assert_int_equal(m.counts[CL_FHIR_QUESTIONNAIRE_RESPONSE],
			 test_count(f->db, "SELECT count(*) FROM screening"));
	/* SDOH health concerns: the positives of social-needs screenings (not the PHQ-9's). */
	assert_int_equal(m.counts[CL_FHIR_CONDITION],
			 test_count(f->db,
				    "SELECT count(*) FROM screening_result r JOIN screening s"
				    " ON s.id = r.screening_id WHERE r.result = 'positive'"
				    " AND s.status IN ('completed', 'partial', 'entered-in-error')"
				    " AND s.instrument_id"
				    " IN (SELECT id FROM instrument WHERE social_needs = 1)"));
	for (int t = 0; t < CL_FHIR_NTYPES; t++)
		if (t != CL_FHIR_CONSENT || m.counts[t])
			assert_true(m.counts[t] > 0);
	sq = load(&m, false);
	check_resources(sq, &m);
	sqlite3_close(sq);
	memout_free(&m);
}

static void fhir_bundle(void **state)
{
	struct fixture *f = *state;
	struct memout m;
	long long total = 0;
	sqlite3 *sq;
	sqlite3_stmt *st;

	export_fhir(f->db, "", true, &m);
	for (int t = 0; t < CL_FHIR_NTYPES; t++) {
		total += m.counts[t];
		if (t != CL_FHIR_PATIENT)
			assert_null(m.f[t]); /* one stream for the Bundle */
	}
	sq = load(&m, true);
	assert_int_equal(sqlite3_prepare_v2(sq,
					    "SELECT ?1 ->> '$.resourceType', ?1 ->> '$.type',"
					    " json_array_length(?1, '$.entry'), json_valid(?1)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(st, 1, m.buf[CL_FHIR_PATIENT], -1, SQLITE_STATIC),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "Bundle");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "collection");
	assert_int_equal(sqlite3_column_int64(st, 2), total);
	assert_int_equal(sqlite3_column_int(st, 3), 1);
	sqlite3_finalize(st);
	check_resources(sq, &m);
	sqlite3_close(sq);
	memout_free(&m);
}

/* Names with quotes, backslashes, control characters and UTF-8 come out as JSON strings. */
static void fhir_escaping(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct memout m;
	sqlite3 *sq;
	sqlite3_stmt *st;

	assert_int_equal(cl_db_exec(f->db,
				    "UPDATE patient SET city = 'Bell' || char(7) || 'vi' ||"
				    " char(133) || 'lle' || char(8238) || char(10),"
				    " address = 'Line' || char(9) || 'tab'"
				    " WHERE mrn = 'TRICKY1'",
				    &err),
			 CL_OK);
	export_fhir(f->db, "", false, &m);
	/* the raw line holds escapes, never the control characters themselves */
	assert_non_null(strstr(m.buf[CL_FHIR_PATIENT], "\"Jo \\\"JJ\\\" \\\\ Đặng\""));
	assert_non_null(strstr(m.buf[CL_FHIR_PATIENT], "Bell\\u0007vi\\u0085lle\xef\xbf\xbd\\n"));
	assert_non_null(strstr(m.buf[CL_FHIR_PATIENT], "Line\\ttab"));
	sq = load(&m, false);
	assert_int_equal(sqlite3_prepare_v2(sq,
					    "SELECT json ->> '$.name[0].given[0]',"
					    " json ->> '$.name[0].family' FROM res"
					    " WHERE json ->> '$.identifier[0].value' = 'TRICKY1'",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), TRICKY_GIVEN);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), TRICKY_FAMILY);
	sqlite3_finalize(st);
	sqlite3_close(sq);
	memout_free(&m);
}

/* --since: what changed, and every patient and partner they point to. */
static void fhir_since(void **state)
{
	struct fixture *f = *state;
	struct cl_error err = { 0 };
	struct memout m;
	sqlite3 *sq;

	assert_int_equal(cl_db_exec(f->db,
				    "UPDATE referral SET updated_at = '2099-06-01T12:00:00.000Z'"
				    " WHERE rowid = (SELECT min(rowid) FROM referral);"
				    "UPDATE screening SET updated_at = '2099-06-01T12:00:00.000Z'"
				    " WHERE rowid = (SELECT min(rowid) FROM screening"
				    " WHERE status = 'completed');",
				    &err),
			 CL_OK);
	export_fhir(f->db, "2099-05-30", false, &m);
	assert_int_equal(m.counts[CL_FHIR_SERVICE_REQUEST], 1);
	assert_int_equal(m.counts[CL_FHIR_TASK], 1);
	assert_int_equal(m.counts[CL_FHIR_QUESTIONNAIRE_RESPONSE], 1);
	assert_int_equal(m.counts[CL_FHIR_ORGANIZATION], 1);
	assert_true(m.counts[CL_FHIR_PATIENT] >= 1 && m.counts[CL_FHIR_PATIENT] <= 3);
	assert_int_equal(m.counts[CL_FHIR_GOAL], 0);
	sq = load(&m, false);
	check_resources(sq, &m);
	sqlite3_close(sq);
	memout_free(&m);
}

/* The same records give the same resource ids in every run (derived ones included). */
static void fhir_ids_are_stable(void **state)
{
	struct fixture *f = *state;
	struct memout a, b;

	export_fhir(f->db, "", false, &a);
	export_fhir(f->db, "", false, &b);
	for (int t = 0; t < CL_FHIR_NTYPES; t++) {
		assert_int_equal(a.len[t], b.len[t]);
		if (a.len[t])
			assert_memory_equal(a.buf[t], b.buf[t], a.len[t]);
	}
	memout_free(&a);
	memout_free(&b);
}

/* ---- records entered in error ---- */

/* The record the query's first row names (id, version), with its id as text. */
static void pick(struct cl_db *db, const char *sql, struct cl_id *id, long long *version,
		 char text[CL_ID_STRLEN])
{
	struct cl_error err = { 0 };
	sqlite3_stmt *st = cl_db_stmt(db, sql, &err);

	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(cl_db_column_id(st, 0, id), 0);
	*version = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	cl_id_str(id, text);
}

/* The marked records of the export below; each marked once, by the first test that asks. */
static struct in_error {
	char screening[CL_ID_STRLEN], contact[CL_ID_STRLEN], goal[CL_ID_STRLEN];
	char event[CL_ID_STRLEN], screening_mrn[32], screening_on[16];
} marked;

static void mark_in_error(struct cl_db *db)
{
	static const struct {
		enum cl_correctable what;
		const char *sql, *reason;
		size_t offset;
	} records[] = {
		/* a completed social-needs screening with a positive domain (a Condition) */
		{ CL_CORRECT_SCREENING,
		  "SELECT s.id, s.version FROM screening s JOIN screening_result r"
		  " ON r.screening_id = s.id WHERE r.result = 'positive' AND s.status = 'completed'"
		  " AND s.instrument_id IN (SELECT id FROM instrument WHERE social_needs = 1)"
		  " ORDER BY s.rowid LIMIT 1",
		  "wrong-patient", offsetof(struct in_error, screening) },
		{ CL_CORRECT_CONTACT,
		  "SELECT id, version FROM contact WHERE error_reason = ''"
		  " ORDER BY rowid LIMIT 1",
		  "duplicate", offsetof(struct in_error, contact) },
		{ CL_CORRECT_GOAL, "SELECT id, version FROM goal ORDER BY rowid LIMIT 1",
		  "wrong-details", offsetof(struct in_error, goal) },
		{ CL_CORRECT_EVENT, "SELECT id, version FROM clinical_event ORDER BY rowid LIMIT 1",
		  "wrong-date", offsetof(struct in_error, event) },
	};
	struct cl_error err = { 0 };

	if (marked.screening[0])
		return;
	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		struct cl_id id;
		long long version;

		pick(db, records[i].sql, &id, &version, (char *)&marked + records[i].offset);
		if (cl_entered_in_error(db, records[i].what, &id, version, records[i].reason, &err))
			fail_msg("entered in error: %s", err.message);
	}
	{
		sqlite3_stmt *st = cl_db_stmt(db,
					      "SELECT p.mrn, s.screened_on FROM screening s"
					      " JOIN patient p ON p.id = s.patient_id"
					      " WHERE s.status = 'entered-in-error'",
					      &err);

		assert_non_null(st);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		cl_db_column_text(st, 0, marked.screening_mrn, sizeof(marked.screening_mrn));
		cl_db_column_text(st, 1, marked.screening_on, sizeof(marked.screening_on));
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
}

/*
 * Check the CSV of kind: entered_in_error and entered_in_error_at are its last columns,
 * the row of the marked record has them (reason), and no row but those stored entered in
 * error (table: the demo marks a few contacts too). key_column names the row (id, or mrn
 * for the screenings, whose date must then be on).
 */
static void check_csv_in_error(struct cl_db *db, const char *kind, const char *table,
			       const char *key_column, const char *key, const char *on,
			       const char *reason)
{
	char sql[128];
	long long with_reason = 0;
	struct cl_csv_reader *in;
	const struct cl_csv_record *rec;
	struct cl_error err = { 0 };
	long long rows, read = 0, marked_rows = 0;
	char *csv = csv_of(db, kind, "", &rows);
	int col, at, keycol, date = -1;
	size_t n;

	assert_int_equal(cl_csv_open_mem(csv, strlen(csv), &in, &err), CL_OK);
	assert_int_equal(cl_csv_next(in, &rec, &err), CL_OK);
	n = rec->count;
	col = cl_csv_header_index(rec, "entered_in_error");
	at = cl_csv_header_index(rec, "entered_in_error_at");
	keycol = cl_csv_header_index(rec, key_column);
	if (on)
		date = cl_csv_header_index(rec, "date");
	assert_int_equal(col, (int)n - 2);
	assert_int_equal(at, (int)n - 1);
	assert_true(keycol >= 0);
	while (cl_csv_next(in, &rec, &err) == CL_OK && rec) {
		bool this = strcmp(rec->fields[keycol].text, key) == 0 &&
			    (!on || strcmp(rec->fields[date].text, on) == 0);

		assert_int_equal(rec->count, n);
		read++;
		if (!rec->fields[col].text[0]) {
			assert_string_equal(rec->fields[at].text, "");
			continue;
		}
		assert_int_equal(strlen(rec->fields[at].text), 24); /* a UTC instant */
		with_reason++;
		if (!this)
			continue;
		assert_string_equal(rec->fields[col].text, reason);
		marked_rows++;
	}
	assert_int_equal(read, rows);
	assert_int_equal(marked_rows, 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE error_reason <> ''", table);
	assert_int_equal(with_reason, test_count(db, sql));
	cl_csv_close(in);
	free(csv);
}

static void csv_entered_in_error(void **state)
{
	struct fixture *f = *state;

	mark_in_error(f->db);
	check_csv_in_error(f->db, "contacts", "contact", "id", marked.contact, NULL, "duplicate");
	check_csv_in_error(f->db, "goals", "goal", "id", marked.goal, NULL, "wrong-details");
	check_csv_in_error(f->db, "events", "clinical_event", "id", marked.event, NULL,
			   "wrong-date");
	check_csv_in_error(f->db, "screenings", "screening", "mrn", marked.screening_mrn,
			   marked.screening_on, "wrong-patient");
	/* in the demo, only contacts were entered in error before: these are ours */
	assert_int_equal(test_count(f->db, "SELECT count(*) FROM goal WHERE error_reason <> ''"),
			 1);
	assert_int_equal(
		test_count(f->db, "SELECT count(*) FROM screening WHERE error_reason <> ''"), 1);
}

/* The count the query gives, with ?1 the text bound to it. */
static long long count_of(sqlite3 *sq, const char *sql, const char *text)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(sq));
	if (text)
		assert_int_equal(sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The marked screening's resources, goal and event say entered-in-error; nothing else does. */
static void fhir_entered_in_error(void **state)
{
	struct fixture *f = *state;
	struct memout m;
	long long observations;
	sqlite3 *sq;

	mark_in_error(f->db);
	export_fhir(f->db, "", false, &m);
	sq = load(&m, false);
	check_resources(sq, &m);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'QuestionnaireResponse'"
				  " AND json ->> '$.status' = 'entered-in-error'",
				  NULL),
			 1);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'QuestionnaireResponse'"
				  " AND json ->> '$.status' = 'entered-in-error' AND id = ?1",
				  marked.screening),
			 1);
	/* every Observation of that screening, and only those */
	observations = count_of(sq,
				"SELECT count(*) FROM res WHERE rtype = 'Observation'"
				" AND json ->> '$.derivedFrom[0].reference'"
				" = 'QuestionnaireResponse/' || ?1",
				marked.screening);
	assert_true(observations > 0);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'Observation'"
				  " AND json ->> '$.status' = 'entered-in-error'",
				  NULL),
			 observations);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'Observation'"
				  " AND json ->> '$.status' = 'entered-in-error'"
				  " AND json ->> '$.derivedFrom[0].reference'"
				  " = 'QuestionnaireResponse/' || ?1",
				  marked.screening),
			 observations);
	/* its health concerns are retracted, with no clinical status; the others stand */
	assert_true(
		count_of(sq,
			 "SELECT count(*) FROM res WHERE rtype = 'Condition'"
			 " AND json ->> '$.verificationStatus.coding[0].code' = 'entered-in-error'",
			 NULL) > 0);
	ASSERT_NONE(sq, "SELECT count(*) FROM res c WHERE c.rtype = 'Condition'"
			" AND (json ->> '$.verificationStatus.coding[0].code' = 'entered-in-error')"
			" <> (substr(json ->> '$.evidence[0].detail[0].reference', 13) IN"
			" (SELECT id FROM res WHERE rtype = 'Observation'"
			" AND json ->> '$.status' = 'entered-in-error'))");
	ASSERT_NONE(sq, "SELECT count(*) FROM res WHERE rtype = 'Condition'"
			" AND json ->> '$.verificationStatus.coding[0].code' = 'entered-in-error'"
			" AND json -> '$.clinicalStatus' IS NOT NULL");
	/* the goal and the event */
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'Goal'"
				  " AND json ->> '$.lifecycleStatus' = 'entered-in-error'",
				  NULL),
			 1);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'Goal' AND id = ?1"
				  " AND json ->> '$.lifecycleStatus' = 'entered-in-error'",
				  marked.goal),
			 1);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'Encounter'"
				  " AND json ->> '$.status' = 'entered-in-error'",
				  NULL),
			 1);
	assert_int_equal(count_of(sq,
				  "SELECT count(*) FROM res WHERE rtype = 'Encounter' AND id = ?1"
				  " AND json ->> '$.status' = 'entered-in-error'",
				  marked.event),
			 1);
	sqlite3_close(sq);
	memout_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_patients_are_the_fields),
		cmocka_unit_test(csv_every_kind),
		cmocka_unit_test(csv_patients_read_back),
		cmocka_unit_test(csv_escaping),
		cmocka_unit_test(csv_since),
		cmocka_unit_test(fhir_ndjson),
		cmocka_unit_test(fhir_bundle),
		cmocka_unit_test(fhir_escaping),
		cmocka_unit_test(fhir_since),
		cmocka_unit_test(fhir_ids_are_stable),
		cmocka_unit_test(csv_entered_in_error),
		cmocka_unit_test(fhir_entered_in_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
