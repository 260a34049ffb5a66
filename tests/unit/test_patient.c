#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "careloop.h"
#include "db_private.h"

static int setup(void **state)
{
	struct cl_error err = { 0 };
	struct cl_db *db;

	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	if (cl_db_open(":memory:", 0, &db, &err))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	cl_db_close(*state);
	return 0;
}

static long long query_int(struct cl_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void exec(struct cl_db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static void set(struct cl_patient *p, const char *key, const char *value)
{
	struct cl_error err = { 0 };

	if (cl_patient_field_set(p, key, value, &err))
		fail_msg("set %s: %s", key, err.message);
}

static void fill(struct cl_db *db, struct cl_patient *p, const char *mrn, const char *given,
		 const char *family)
{
	cl_patient_init(p, db);
	set(p, "mrn", mrn);
	set(p, "given_name", given);
	set(p, "family_name", family);
	set(p, "birth_date", "1950-03-07");
	set(p, "sex", "female");
	set(p, "payer", "medicaid");
}

static void create(struct cl_db *db, struct cl_patient *p)
{
	struct cl_error err = { 0 };

	if (cl_patient_create(db, p, &err))
		fail_msg("create: %s", err.message);
}

/* ---- validation ---- */

static void test_validation_table(void **state)
{
	static const struct {
		const char *key, *value;
	} bad[] = {
		{ "mrn", "" },
		{ "mrn", "MRN 12" },
		{ "mrn", "MRN_12" },
		{ "mrn", "A234567890123456789012345678901" },
		{ "given_name", "" },
		{ "given_name", "   " },
		{ "family_name", "" },
		{ "family_name", "Bad\x1b[2Jname" },
		{ "family_name", "Bad\xff" },
		{ "birth_date", "" },
		{ "birth_date", "1961-02-29" },
		{ "birth_date", "13/01/1980" },
		{ "birth_date", "1899-12-31" },
		{ "birth_date", "2025-06-02" }, /* tomorrow, with CARELOOP_TODAY */
		{ "birth_date", "yesterday" },
		{ "sex", "f" },
		{ "sex", "" },
		{ "language", "klingon" },
		{ "payer", "medicaidx" },
		{ "risk_tier", "extreme" },
		{ "status", "gone" },
		{ "phone", "555-1234" },
		{ "phone", "555-123-45678" },
		{ "phone", "555-CALL-NOW" },
		{ "phone", "2-555-123-4567" },
		{ "state", "ZZ" },
		{ "state", "Mass" },
		{ "postal_code", "9876" },
		{ "postal_code", "987654" },
		{ "postal_code", "98765-432" },
		{ "postal_code", "ABCDE" },
		{ "care_manager", "no such login!" },
		{ "death_date", "2025-06-02" }, /* tomorrow */
		{ "death_date", "1899-12-31" },
		{ "death_date", "soon" },
	};
	struct cl_db *db = *state;
	struct cl_patient p, before;
	struct cl_error err;

	fill(db, &p, "MRN-1", "Ana", "Ruiz");
	assert_int_equal(cl_patient_validate(&p, &err), CL_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cl_error_clear(&err);
		before = p;
		if (cl_patient_field_set(&p, bad[i].key, bad[i].value, &err) != CL_EINVAL)
			fail_msg("%s accepted a bad value (case %zu)", bad[i].key, i);
		assert_string_equal(err.field, bad[i].key);
		assert_int_not_equal(err.message[0], '\0');
		/* The message names the field, never the value. */
		if (bad[i].value[0] && strlen(bad[i].value) > 2 &&
		    strstr(err.message, bad[i].value))
			fail_msg("message for %s carries the value: %s", bad[i].key, err.message);
		assert_memory_equal(&p, &before, sizeof(p));
	}
	assert_int_equal(cl_patient_field_set(&p, "shoe_size", "9", &err), CL_EINVAL);

	/* The same checks apply to a whole record. */
	snprintf(p.birth_date, sizeof(p.birth_date), "2030-01-01");
	assert_int_equal(cl_patient_validate(&p, &err), CL_EINVAL);
	assert_string_equal(err.field, "birth_date");
	snprintf(p.birth_date, sizeof(p.birth_date), "1950-03-07");
	p.given_name[0] = '\0';
	assert_int_equal(cl_patient_validate(&p, &err), CL_EINVAL);
	assert_string_equal(err.field, "given_name");
	set(&p, "given_name", "Ana");
	p.risk_tier = (enum cl_risk)7;
	assert_int_equal(cl_patient_validate(&p, &err), CL_EINVAL);
	assert_string_equal(err.field, "risk_tier");
}

/* A date of death: required when deceased, only then, never before birth or after today. */
static void test_death_date(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p, q;
	struct cl_error err = { 0 };

	fill(db, &p, "MRN-D1", "Ana", "Ruiz");
	set(&p, "status", "deceased");
	assert_int_equal(cl_patient_validate(&p, &err), CL_EINVAL);
	assert_string_equal(err.field, "death_date");
	assert_non_null(strstr(err.message, "required"));
	assert_int_equal(cl_patient_create(db, &p, &err), CL_EINVAL);
	assert_string_equal(err.field, "death_date");
	/* Before the birth date (1950-03-07). */
	set(&p, "death_date", "1950-03-06");
	assert_int_equal(cl_patient_validate(&p, &err), CL_EINVAL);
	assert_string_equal(err.field, "death_date");
	assert_non_null(strstr(err.message, "birth"));
	/* In the future: refused as the field is typed (CARELOOP_TODAY is 2025-06-01). */
	assert_int_equal(cl_patient_field_set(&p, "death_date", "2025-06-02", &err), CL_EINVAL);
	assert_string_equal(err.field, "death_date");
	/* Today and the birth date itself are fine; US dates are read as everywhere. */
	set(&p, "death_date", "1950-03-07");
	assert_int_equal(cl_patient_validate(&p, &err), CL_OK);
	set(&p, "death_date", "6/1/2025");
	assert_string_equal(p.death_date, "2025-06-01");
	create(db, &p);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_string_equal(q.death_date, "2025-06-01");
	assert_int_equal(q.status, CL_PATIENT_DECEASED);

	/* A living patient has none: the date is refused until cleared. */
	set(&q, "status", "active");
	assert_int_equal(cl_patient_update(db, &q, &err), CL_EINVAL);
	assert_string_equal(err.field, "death_date");
	set(&q, "death_date", "");
	assert_int_equal(cl_patient_update(db, &q, &err), CL_OK);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_string_equal(q.death_date, "");
	assert_int_equal(q.status, CL_PATIENT_ACTIVE);
	/* Made inactive by retire: no date asked for, none kept. */
	assert_int_equal(cl_patient_retire(db, &q, CL_PATIENT_INACTIVE, &err), CL_OK);
	assert_string_equal(q.death_date, "");
}

static void test_normalize(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	char buf[64];

	fill(db, &p, "MRN-1", "Ana", "Ruiz");
	set(&p, "phone", "555.123.4567");
	assert_string_equal(p.phone, "(555) 123-4567");
	set(&p, "phone", "+1 (555) 123 4567");
	assert_string_equal(p.phone, "(555) 123-4567");
	set(&p, "phone", "5551234567");
	assert_string_equal(p.phone, "(555) 123-4567");
	set(&p, "phone", "");
	assert_string_equal(p.phone, "");
	set(&p, "postal_code", "021394307");
	assert_string_equal(p.postal_code, "02139-4307");
	set(&p, "postal_code", " 02139 ");
	assert_string_equal(p.postal_code, "02139");
	set(&p, "state", "ma");
	assert_string_equal(p.state, "MA");
	set(&p, "birth_date", "2/29/1952");
	assert_string_equal(p.birth_date, "1952-02-29");
	set(&p, "sex", "Male");
	assert_int_equal(p.sex, CL_SEX_MALE);
	set(&p, "risk_tier", "RISING");
	assert_int_equal(p.risk_tier, CL_RISK_RISING);
	set(&p, "language", "HMN");
	assert_string_equal(p.language, "hmn");
	set(&p, "given_name", "  José  ");
	assert_string_equal(p.given_name, "José");

	assert_int_equal(cl_patient_field_get(&p, "risk_tier", buf, sizeof(buf)), CL_OK);
	assert_string_equal(buf, "rising");
	assert_int_equal(cl_patient_field_get(&p, "payer", buf, sizeof(buf)), CL_OK);
	assert_string_equal(buf, "medicaid");
	assert_int_equal(cl_patient_field_get(&p, "nope", buf, sizeof(buf)), CL_EINVAL);

	/* Every field of the table reads back what was set. */
	for (const struct cl_field *f = cl_patient_fields; f->key; f++) {
		assert_int_equal(cl_patient_field_get(&p, f->key, buf, sizeof(buf)), CL_OK);
		set(&p, f->key, buf);
	}
	assert_string_equal(cl_language_name("es"), "Spanish");
	assert_string_equal(cl_language_name("hmn"), "Hmong");
	assert_string_equal(cl_language_name("xx"), "xx");
	assert_string_equal(cl_sex_code(CL_SEX_OTHER), "other");
	assert_string_equal(cl_payer_code(CL_PAYER_DUAL), "dual");
	assert_string_equal(cl_patient_status_code(CL_PATIENT_DECEASED), "deceased");
}

/* ---- records ---- */

static void test_round_trip(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p, q;
	struct cl_error err = { 0 };
	struct cl_id nil = { { 0 } };

	fill(db, &p, "MRN-100", "José", "Núñez");
	set(&p, "phone", "555 123 4567");
	set(&p, "address", "12 Rue de l'Église");
	set(&p, "city", "Łódź Falls");
	set(&p, "state", "nm");
	set(&p, "postal_code", "87501");
	set(&p, "language", "es");
	set(&p, "risk_tier", "high");
	create(db, &p);
	assert_false(cl_id_is_nil(&p.id));
	assert_int_equal(p.version, 1);
	assert_string_equal(p.updated_by, cl_db_user(db));
	assert_string_equal(p.care_manager, cl_db_user(db));

	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_true(cl_id_equal(&p.id, &q.id));
	assert_string_equal(q.given_name, "José");
	assert_string_equal(q.family_name, "Núñez");
	assert_string_equal(q.phone, "(555) 123-4567");
	assert_string_equal(q.city, "Łódź Falls");
	assert_string_equal(q.state, "NM");
	assert_string_equal(q.language, "es");
	assert_int_equal(q.risk_tier, CL_RISK_HIGH);
	assert_int_equal(q.sex, CL_SEX_FEMALE);
	assert_int_equal(q.payer, CL_PAYER_MEDICAID);
	assert_int_equal(q.status, CL_PATIENT_ACTIVE);
	assert_int_equal(q.version, 1);
	assert_string_equal(q.created_at, p.created_at);
	assert_string_equal(q.care_manager, cl_db_user(db));
	assert_string_equal(q.care_manager_name, cl_db_user_display(db));

	fill(db, &p, "MRN-101", "Thị Lan", "Đặng");
	create(db, &p);
	assert_int_equal(cl_patient_by_mrn(db, "MRN-101", &q, &err), CL_OK);
	assert_string_equal(q.family_name, "Đặng");
	fill(db, &p, "MRN-102", "明", "王");
	set(&p, "care_manager", "");
	create(db, &p);
	assert_int_equal(cl_patient_by_mrn(db, "MRN-102", &q, &err), CL_OK);
	assert_string_equal(q.family_name, "王");
	assert_string_equal(q.care_manager, "");
	assert_string_equal(q.care_manager_name, "");

	assert_int_equal(cl_patient_by_mrn(db, "MRN-999", &q, &err), CL_ENOTFOUND);
	assert_int_equal(cl_patient_get(db, &nil, &q, &err), CL_ENOTFOUND);

	/* An unknown care manager login is refused at save, field "care_manager". */
	fill(db, &p, "MRN-103", "Ana", "Ruiz");
	set(&p, "care_manager", "nobody");
	assert_int_equal(cl_patient_create(db, &p, &err), CL_EINVAL);
	assert_string_equal(err.field, "care_manager");
	assert_int_equal(cl_patient_by_mrn(db, "MRN-103", &q, &err), CL_ENOTFOUND);
}

/*
 * Pronouns: free text, optional, at most 32 bytes; read and written like every field of the
 * table, stored and read back, and changed by an update.
 */
static void test_pronouns(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p, q;
	struct cl_error err = { 0 };
	char buf[64];

	fill(db, &p, "MRN-300", "Sam", "Okafor");
	assert_string_equal(p.pronouns, "");
	assert_int_equal(cl_patient_validate(&p, &err), CL_OK); /* optional */
	set(&p, "pronouns", "  they/them ");
	assert_string_equal(p.pronouns, "they/them");
	assert_int_equal(cl_patient_field_get(&p, "pronouns", buf, sizeof(buf)), CL_OK);
	assert_string_equal(buf, "they/them");

	/* Too long (33 bytes) or with a control character: refused, p unchanged. */
	assert_int_equal(
		cl_patient_field_set(&p, "pronouns", "abcdefghijklmnopqrstuvwxyz0123456", &err),
		CL_EINVAL);
	assert_string_equal(err.field, "pronouns");
	assert_non_null(strstr(err.message, "Pronouns is too long"));
	assert_int_equal(cl_patient_field_set(&p, "pronouns", "she\x1b[2J", &err), CL_EINVAL);
	assert_string_equal(err.field, "pronouns");
	assert_string_equal(p.pronouns, "they/them");
	/* Bytes, not characters: 17 two-byte letters are too many, 32 bytes are not. */
	assert_int_equal(cl_patient_field_set(&p, "pronouns", "ééééééééééééééééé", &err),
			 CL_EINVAL);
	set(&p, "pronouns", "él/ella/elle");
	set(&p, "pronouns", "abcdefghijklmnopqrstuvwxyz012345");

	/* A record whose pronouns were written around the table is checked all the same. */
	q = p;
	snprintf(q.pronouns, sizeof(q.pronouns), "she\tthey");
	assert_int_equal(cl_patient_validate(&q, &err), CL_EINVAL);
	assert_string_equal(err.field, "pronouns");

	/* Round trip through the store: create, get, update, get. */
	set(&p, "pronouns", "she/they");
	create(db, &p);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_string_equal(q.pronouns, "she/they");
	set(&q, "pronouns", "");
	assert_int_equal(cl_patient_update(db, &q, &err), CL_OK);
	assert_int_equal(cl_patient_by_mrn(db, "MRN-300", &q, &err), CL_OK);
	assert_string_equal(q.pronouns, "");
	assert_int_equal(q.version, 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient WHERE pronouns = ''"
				       " AND mrn = 'MRN-300'"),
			 1);
}

static void test_duplicate_mrn(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p, q;
	struct cl_error err = { 0 };
	long long audits;

	fill(db, &p, "MRN-7", "Ana", "Ruiz");
	create(db, &p);
	audits = query_int(db, "SELECT count(*) FROM audit");
	fill(db, &q, "MRN-7", "Bo", "Chen");
	assert_int_equal(cl_patient_create(db, &q, &err), CL_EEXIST);
	assert_string_equal(err.field, "mrn");
	assert_null(strstr(err.message, "MRN-7"));
	assert_true(cl_id_is_nil(&q.id)); /* q unchanged */
	assert_int_equal(query_int(db, "SELECT count(*) FROM patient"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM audit"), audits);

	/* Taking another patient's MRN by update is refused the same way. */
	set(&q, "mrn", "MRN-8");
	create(db, &q);
	set(&q, "mrn", "MRN-7");
	assert_int_equal(cl_patient_update(db, &q, &err), CL_EEXIST);
	assert_string_equal(err.field, "mrn");
	assert_int_equal(q.version, 1);
	/* Keeping one's own MRN is fine. */
	set(&p, "given_name", "Ana María");
	assert_int_equal(cl_patient_update(db, &p, &err), CL_OK);
	assert_int_equal(p.version, 2);
}

static void test_conflict(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p, a, b, stored;
	struct cl_error err = { 0 };
	char when[64];

	fill(db, &p, "MRN-20", "Ana", "Ruiz");
	create(db, &p);
	assert_int_equal(cl_patient_get(db, &p.id, &a, &err), CL_OK);
	assert_int_equal(cl_patient_get(db, &p.id, &b, &err), CL_OK);

	set(&a, "phone", "5550001111");
	assert_int_equal(cl_patient_update(db, &a, &err), CL_OK);
	assert_int_equal(a.version, 2);

	set(&b, "city", "Taos");
	assert_int_equal(cl_patient_update(db, &b, &err), CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by "));
	assert_non_null(strstr(err.message, cl_db_user_display(db)));
	assert_int_equal(b.version, 1); /* left as the caller's input */
	assert_string_equal(b.city, "Taos");

	assert_int_equal(cl_patient_get(db, &p.id, &stored, &err), CL_OK);
	assert_int_equal(stored.version, 2);
	assert_string_equal(stored.phone, "(555) 000-1111");
	assert_string_equal(stored.city, "");

	/* Reload, apply the change again, save: works. */
	b = stored;
	set(&b, "city", "Taos");
	assert_int_equal(cl_patient_update(db, &b, &err), CL_OK);
	assert_int_equal(b.version, 3);
	assert_int_equal(cl_patient_get(db, &p.id, &stored, &err), CL_OK);
	assert_string_equal(stored.city, "Taos");
	assert_string_equal(stored.phone, "(555) 000-1111");

	/* Another coordinator saved it: the message names her and her local time. */
	exec(db, "INSERT INTO care_manager (id, login, display_name, created_at, updated_at,"
		 " updated_by) VALUES (randomblob(16), 'aruiz', 'Ana Ruiz', 'x', 'x', 'x')");
	exec(db, "UPDATE patient SET version = version + 1, updated_by = 'aruiz',"
		 " updated_at = '2025-05-30T14:05:00.000Z' WHERE mrn = 'MRN-20'");
	set(&b, "city", "Questa");
	assert_int_equal(cl_patient_update(db, &b, &err), CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by Ana Ruiz at "));
	{
		time_t t = 1748613900; /* 2025-05-30T14:05:00Z */
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%H:%M %Y-%m-%d", &tm);
	}
	assert_non_null(strstr(err.message, when));
	/* An unknown login is shown as itself. */
	exec(db,
	     "UPDATE patient SET version = version + 1, updated_by = 'ghost' WHERE mrn = 'MRN-20'");
	assert_int_equal(cl_patient_update(db, &b, &err), CL_ECONFLICT);
	assert_non_null(strstr(err.message, "changed by ghost at "));

	/* A record that does not exist is not a conflict. */
	b.id.bytes[0] ^= 0xff;
	set(&b, "mrn", "MRN-21");
	assert_int_equal(cl_patient_update(db, &b, &err), CL_ENOTFOUND);
}

static long long audit_count(struct cl_db *db, const struct cl_id *id, const char *action)
{
	struct cl_error err = { 0 };
	long long n = -1;

	/* Views are recorded in the access log, changes in the audit (access.h). */
	if (strcmp(action, "view") == 0)
		assert_int_equal(cl_access_count(db, "view", "patient", id, &n, &err), CL_OK);
	else
		assert_int_equal(cl_audit_count(db, "patient", id, action, &n, &err), CL_OK);
	return n;
}

static void test_audit(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p, q;
	struct cl_error err = { 0 };
	long long rows;

	fill(db, &p, "MRN-30", "Ana", "Ruiz");
	create(db, &p);
	assert_int_equal(audit_count(db, &p.id, "create"), 1);
	assert_int_equal(audit_count(db, &p.id, "update"), 0);
	assert_int_equal(audit_count(db, &p.id, "view"), 0);

	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_int_equal(audit_count(db, &p.id, "view"), 0); /* get writes no audit */
	assert_int_equal(cl_patient_open_chart(db, &p.id, &q, &err), CL_OK);
	assert_string_equal(q.family_name, "Ruiz");
	assert_int_equal(audit_count(db, &p.id, "view"), 1);

	set(&p, "risk_tier", "high");
	assert_int_equal(cl_patient_update(db, &p, &err), CL_OK);
	assert_int_equal(audit_count(db, &p.id, "update"), 1);

	assert_int_equal(cl_patient_retire(db, &p, CL_PATIENT_ACTIVE, &err), CL_EINVAL);
	/* Deceased needs the date of death: refused without, nothing written. */
	assert_int_equal(cl_patient_retire(db, &p, CL_PATIENT_DECEASED, &err), CL_EINVAL);
	assert_string_equal(err.field, "death_date");
	assert_int_equal(audit_count(db, &p.id, "retire"), 0);
	set(&p, "death_date", "2025-05-30");
	assert_int_equal(cl_patient_retire(db, &p, CL_PATIENT_DECEASED, &err), CL_OK);
	assert_int_equal(p.status, CL_PATIENT_DECEASED);
	assert_int_equal(p.version, 3);
	assert_int_equal(audit_count(db, &p.id, "retire"), 1);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_int_equal(q.status, CL_PATIENT_DECEASED);
	assert_string_equal(q.death_date, "2025-05-30");

	/* A failed update (conflict) writes no audit row. */
	q.version = 1;
	assert_int_equal(cl_patient_update(db, &q, &err), CL_ECONFLICT);
	assert_int_equal(audit_count(db, &p.id, "update"), 1);

	/*
	 * When the audit row cannot be written, the change is rolled back with it: the
	 * patient row and the audit row live or die together.
	 */
	exec(db, "CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON audit"
		 " BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
	fill(db, &q, "MRN-31", "Bo", "Chen");
	assert_int_not_equal(cl_patient_create(db, &q, &err), CL_OK);
	assert_int_equal(cl_patient_by_mrn(db, "MRN-31", &q, &err), CL_ENOTFOUND);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	set(&q, "city", "Gallup");
	assert_int_not_equal(cl_patient_update(db, &q, &err), CL_OK);
	assert_int_equal(q.version, 3);
	assert_int_equal(cl_patient_get(db, &p.id, &q, &err), CL_OK);
	assert_string_equal(q.city, "");
	assert_int_equal(q.version, 3);
	/* No chart without its record: see test_access (views are in the access log). */
	exec(db, "DROP TRIGGER temp.audit_fails");

	assert_int_equal(cl_audit_verify(db, &rows, &err), CL_OK);
	assert_int_equal(rows, query_int(db, "SELECT count(*) FROM audit"));
}

/* ---- search ---- */

static int search(struct cl_db *db, const char *text, bool all, struct cl_patient_row *rows,
		  int max)
{
	struct cl_error err = { 0 };
	int n = -1;

	if (cl_patient_search(db, text, all, rows, max, &n, &err))
		fail_msg("search failed: %s", err.message);
	return n;
}

static bool found(const struct cl_patient_row *rows, int n, const char *mrn)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].mrn, mrn) == 0)
			return true;
	return false;
}

static void test_search(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_row rows[50];
	struct cl_error err = { 0 };
	int n;

	fill(db, &p, "A100", "José", "Núñez");
	set(&p, "phone", "(505) 555-0142");
	create(db, &p);
	fill(db, &p, "A101", "Josephine", "Baker");
	create(db, &p);
	fill(db, &p, "A10", "Thị Lan", "Đặng");
	set(&p, "phone", "575-555-9876");
	create(db, &p);
	fill(db, &p, "B-2000", "Ana", "Ruiz");
	create(db, &p);
	fill(db, &p, "B-2001", "Ana", "Rodríguez O'Brien");
	set(&p, "status", "inactive");
	create(db, &p);

	/* Accent-free prefixes find accented names. */
	n = search(db, "jos", false, rows, 50);
	assert_int_equal(n, 2);
	assert_true(found(rows, n, "A100") && found(rows, n, "A101"));
	n = search(db, "nunez", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A100");
	assert_string_equal(rows[0].family_name, "Núñez");
	/* Đ has no Unicode decomposition: the schema folds it to D for the index. */
	n = search(db, "dang", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A10");
	n = search(db, "Đặ", false, rows, 50);
	assert_int_equal(n, 1);

	/* Every word must match: "jos nu" is José Núñez only, in either order. */
	n = search(db, "jos nu", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A100");
	n = search(db, "NU JOS", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "jos zzz", false, rows, 50);
	assert_int_equal(n, 0);

	/* Exact MRN first, then the prefix matches. */
	n = search(db, "A10", false, rows, 50);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].mrn, "A10");
	assert_true(found(rows, n, "A100") && found(rows, n, "A101"));
	n = search(db, "b-2000", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "B-2000", false, rows, 1);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "B-2000");

	/* Phone digits, typed with or without punctuation, or the last four. */
	n = search(db, "5055550142", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A100");
	n = search(db, "505555", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "(505) 555-01", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A100");
	n = search(db, "505-555-0142", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "9876", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "A10");

	/* Inactive patients only when asked for. */
	n = search(db, "ana", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "ana", true, rows, 50);
	assert_int_equal(n, 2);
	n = search(db, "o'brien", true, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "B-2001");
	n = search(db, "B-2001", false, rows, 50);
	assert_int_equal(n, 0);

	/* Hostile text is only text: never an FTS5 syntax error. */
	static const char *const hostile[] = {
		"\"",	       "*",
		"AND",	       "(",
		")",	       "jos\"",
		"\"jos",       "jos*",
		"^jos",	       "family_name:jos",
		"-jos",	       "jos OR",
		"NOT jos",     "NEAR(jos nu)",
		"' OR 1=1 --", "a AND OR NOT",
		"\"\"\"",      ":",
		"{",	       "}",
		"+",	       "jos AND",
		"((((",	       "\\",
		"\x01",	       "\xff\xfe",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		if (cl_patient_search(db, hostile[i], true, rows, 50, &n, &err))
			fail_msg("search case %zu failed: %s", i, err.message);
	}
	n = search(db, "jos*", false, rows, 50);
	assert_int_equal(n, 2);
	n = search(db, "(jos)", false, rows, 50);
	assert_int_equal(n, 2);
	n = search(db, "AND", true, rows, 50);
	assert_int_equal(n, 0);

	/* Nothing to search for: no rows. */
	assert_int_equal(search(db, "", false, rows, 50), 0);
	assert_int_equal(search(db, "   ", false, rows, 50), 0);
	assert_int_equal(search(db, "*", false, rows, 50), 0);

	/* A renamed patient is found by the new name only (the index follows updates). */
	assert_int_equal(cl_patient_by_mrn(db, "A101", &p, &err), CL_OK);
	set(&p, "given_name", "Walter");
	assert_int_equal(cl_patient_update(db, &p, &err), CL_OK);
	n = search(db, "jos", false, rows, 50);
	assert_int_equal(n, 1);
	assert_int_equal(search(db, "walt", false, rows, 50), 1);
}

/* The digits alone find an MRN by its number and a phone in any punctuation (issue 8). */
static void test_search_digits(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_row rows[50];
	int n;

	fill(db, &p, "MRN0001062", "Rosa", "Villaseñor");
	set(&p, "phone", "(505) 081-0924");
	create(db, &p);
	fill(db, &p, "MRN0010620", "Ana", "Ruiz");
	set(&p, "phone", "575-555-1234");
	create(db, &p);
	fill(db, &p, "B-7740", "Tom", "Baker");
	create(db, &p);
	/* matches "1062" three times (MRN number, phone, phone tail): bm25 would rank it first */
	fill(db, &p, "MRN0010625", "Eve", "Moss");
	set(&p, "phone", "(505) 555-1062");
	create(db, &p);

	/* The MRN's number, with or without its leading zeros; as a prefix while typing. */
	n = search(db, "1062", false, rows, 50);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].mrn, "MRN0001062"); /* the exact number first */
	assert_true(found(rows, n, "MRN0010620") && found(rows, n, "MRN0010625"));
	n = search(db, "0001062", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "MRN0001062");
	n = search(db, "7740", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "B-7740");
	n = search(db, "10620", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "MRN0010620");

	/* The local number's digits, in any punctuation; part of it while typing. */
	n = search(db, "0810924", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "MRN0001062");
	n = search(db, "081-0924", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "081.09", false, rows, 50);
	assert_int_equal(n, 1);
	n = search(db, "5550081", false, rows, 50);
	assert_int_equal(n, 0);
	n = search(db, "5551234", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "MRN0010620");

	/* An edit moves the patient in the index. */
	cl_patient_init(&p, db);
	{
		struct cl_error err = { 0 };

		if (cl_patient_by_mrn(db, "MRN0001062", &p, &err))
			fail_msg("by mrn: %s", err.message);
		set(&p, "phone", "(505) 222-3344");
		if (cl_patient_update(db, &p, &err))
			fail_msg("update: %s", err.message);
	}
	assert_int_equal(search(db, "0810924", false, rows, 50), 0);
	n = search(db, "2223344", false, rows, 50);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "MRN0001062");
}

static void test_search_ranking(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_row rows[20];
	char mrn[16], given[32];
	int n;

	/* A name that matches in two columns outranks one that matches in one. */
	fill(db, &p, "R1", "Martin", "Garcia");
	create(db, &p);
	fill(db, &p, "R2", "Martin", "Martin");
	create(db, &p);
	fill(db, &p, "R3", "Ana", "Martinez");
	create(db, &p);
	n = search(db, "martin", false, rows, 20);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].mrn, "R2");

	/* Beyond the ranking cap, matches come in name order. */
	for (int i = 0; i < 300; i++) {
		snprintf(mrn, sizeof(mrn), "S%03d", i);
		snprintf(given, sizeof(given), "Sam%03d", (i * 7919) % 300);
		fill(db, &p, mrn, given, "Smith");
		create(db, &p);
	}
	n = search(db, "smi", false, rows, 20);
	assert_int_equal(n, 20);
	for (int i = 1; i < n; i++)
		assert_true(strcmp(rows[i - 1].given_name, rows[i].given_name) < 0);
	/* An exact MRN still comes first. */
	n = search(db, "S299", false, rows, 20);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "S299");
}

/* ---- the list ---- */

struct expected {
	char key[200];
	struct cl_id id;
	int rank;
};

static int expected_cmp(const void *a, const void *b)
{
	const struct expected *x = a, *y = b;
	int c;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	c = strcmp(x->key, y->key);
	return c ? c : memcmp(x->id.bytes, y->id.bytes, CL_ID_LEN);
}

static void lower_ascii(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		out[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
	out[n] = '\0';
}

/* The order a list must show, computed here without SQL. */
static int expected_order(struct cl_db *db, const struct cl_patient_filter *f, struct expected *out,
			  int max)
{
	sqlite3_stmt *st;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db),
					    "SELECT id, family_name, given_name, risk_tier, status"
					    " FROM patient",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < max) {
		char fam[100], giv[100];
		const char *risk = (const char *)sqlite3_column_text(st, 3);
		const char *status = (const char *)sqlite3_column_text(st, 4);

		if (!f->include_inactive && strcmp(status, "active") != 0)
			continue;
		memcpy(out[n].id.bytes, sqlite3_column_blob(st, 0), CL_ID_LEN);
		lower_ascii((const char *)sqlite3_column_text(st, 1), fam, sizeof(fam));
		lower_ascii((const char *)sqlite3_column_text(st, 2), giv, sizeof(giv));
		snprintf(out[n].key, sizeof(out[n].key), "%s\1%s", fam, giv);
		out[n].rank = f->sort == CL_PATIENT_BY_NAME ? 0
			      : strcmp(risk, "high") == 0   ? 0
			      : strcmp(risk, "rising") == 0 ? 1
							    : 2;
		n++;
	}
	sqlite3_finalize(st);
	qsort(out, (size_t)n, sizeof(out[0]), expected_cmp);
	return n;
}

static void check_paging(struct cl_db *db, const struct cl_patient_filter *f)
{
	enum { PAGE = 17 };
	static struct expected want[600];
	static struct cl_patient_row seen[600];
	struct cl_patient_row page[PAGE];
	struct cl_error err = { 0 };
	long long count;
	int total = expected_order(db, f, want, 600), got = 0, n, pages = 0;

	assert_int_equal(cl_patient_count(db, f, &count, &err), CL_OK);
	assert_int_equal(count, total);

	/* Forward from the top, page after page. */
	assert_int_equal(cl_patient_page(db, f, NULL, false, page, PAGE, &n, &err), CL_OK);
	while (n > 0) {
		assert_true(got + n <= total);
		memcpy(&seen[got], page, (size_t)n * sizeof(page[0]));
		got += n;
		pages++;
		assert_int_equal(
			cl_patient_page(db, f, &seen[got - 1], false, page, PAGE, &n, &err), CL_OK);
	}
	assert_int_equal(got, total);
	assert_true(pages > 20);
	for (int i = 0; i < total; i++)
		if (!cl_id_equal(&seen[i].id, &want[i].id))
			fail_msg("forward row %d out of order", i);

	/* Backward from the bottom: pages come in forward order, and join up exactly. */
	got = total;
	assert_int_equal(cl_patient_page(db, f, NULL, true, page, PAGE, &n, &err), CL_OK);
	while (n > 0) {
		assert_true(got - n >= 0);
		for (int i = 0; i < n; i++)
			if (!cl_id_equal(&page[i].id, &want[got - n + i].id))
				fail_msg("backward row %d out of order", got - n + i);
		got -= n;
		assert_int_equal(cl_patient_page(db, f, &page[0], true, page, PAGE, &n, &err),
				 CL_OK);
	}
	assert_int_equal(got, 0);

	/* From the middle, both ways, with a row the caller built by hand (no sort_key). */
	{
		struct cl_patient_row mid = seen[total / 2];

		mid.sort_key[0] = '\0';
		assert_int_equal(cl_patient_page(db, f, &mid, false, page, PAGE, &n, &err), CL_OK);
		assert_int_equal(n, PAGE);
		assert_true(cl_id_equal(&page[0].id, &want[total / 2 + 1].id));
		assert_int_equal(cl_patient_page(db, f, &mid, true, page, PAGE, &n, &err), CL_OK);
		assert_int_equal(n, PAGE);
		assert_true(cl_id_equal(&page[PAGE - 1].id, &want[total / 2 - 1].id));
	}
}

static void test_paging(void **state)
{
	static const char *const families[] = { "Smith",      "smith",	    "García",  "Garcia",
						"de la Cruz", "De La Cruz", "Lee",     "Leeds",
						"Nguyen",     "Đặng",	    "O'Brien", "Ng" };
	static const char *const givens[] = { "Ana", "ana", "Bo", "Zoë", "Ángel", "Li" };
	static const char *const risks[] = { "high", "rising", "low", "low" };
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_filter f;
	char mrn[16];
	sqlite3_stmt *st = NULL;

	for (int i = 0; i < 500; i++) {
		snprintf(mrn, sizeof(mrn), "P%04d", i);
		fill(db, &p, mrn, givens[(i / 12) % 6], families[i % 12]);
		set(&p, "risk_tier", risks[(i * 7) % 4]);
		if (i % 9 == 0)
			set(&p, "status", i % 2 ? "inactive" : "deceased");
		if (i % 18 == 0)
			set(&p, "death_date", "2025-01-01");
		create(db, &p);
	}
	for (int sort = 0; sort < 2; sort++) {
		for (int all = 0; all < 2; all++) {
			f.sort = (enum cl_patient_sort)sort;
			f.include_inactive = all;
			check_paging(db, &f);
		}
	}
	/* No page query sorted rows: each walked its index. */
	while ((st = sqlite3_next_stmt(cl_db_sqlite(db), st))) {
		if (!strstr(sqlite3_sql(st), "LIMIT ?4"))
			continue;
		assert_int_equal(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_SORT, 0), 0);
		assert_int_equal(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_AUTOINDEX, 0), 0);
	}
}

static void test_page_plans(void **state)
{
	static const char *const sql[] = {
		"SELECT p.id FROM patient p WHERE p.status = 'active' AND (p.sort_name, p.id) > (?2, ?3)"
		" ORDER BY p.sort_name, p.id LIMIT ?4",
		"SELECT p.id FROM patient p WHERE (p.risk_rank, p.sort_name, p.id) < (?1, ?2, ?3)"
		" ORDER BY p.risk_rank DESC, p.sort_name DESC, p.id DESC LIMIT ?4",
	};
	struct cl_db *db = *state;

	/* The shape of the page queries seeks an index and never builds a temp b-tree. */
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		char eqp[512];
		sqlite3_stmt *st;
		bool searched = false;

		snprintf(eqp, sizeof(eqp), "EXPLAIN QUERY PLAN %s", sql[i]);
		assert_int_equal(sqlite3_prepare_v2(cl_db_sqlite(db), eqp, -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);

			assert_null(strstr(detail, "TEMP B-TREE"));
			searched |= strstr(detail, "SEARCH p USING INDEX patient_by_") != NULL;
		}
		sqlite3_finalize(st);
		assert_true(searched);
	}
}

/*
 * More matches than are ranked (CL_PATIENT_SEARCH_RANKED): every one of them, in name
 * order, page after page, and an exact count or "over N" (at 1,000,000 patients "smi" once
 * showed 187 of 12,846 matches, with no sign that there were more).
 */
/*
 * A surname prefix is read from the name index only when its matches are exactly the
 * family names starting with it: a two-word family name ("De Smith"), a family name with a
 * diacritic ("Śmigel") and a given name ("Smitty") match too, and each one seen makes the
 * search go the full-text way. The page and the count always list every match, by name.
 */
static void search_page_names(struct cl_db *db, const char *text, bool all, char *out, size_t size)
{
	struct cl_patient_row rows[16];
	struct cl_error err = { 0 };
	size_t len = 0;
	int n;

	out[0] = '\0';
	assert_int_equal(cl_patient_search_page(db, text, all, NULL, false, rows, 16, &n, &err),
			 CL_OK);
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s %s", i ? "; " : "",
					rows[i].family_name, rows[i].given_name);
}

static long long search_count(struct cl_db *db, const char *text, bool all)
{
	struct cl_error err = { 0 };
	long long count;
	bool capped;

	assert_int_equal(cl_patient_search_count(db, text, all, 1000, &count, &capped, &err),
			 CL_OK);
	return count;
}

static void test_search_surname_range_is_exact(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_error err = { 0 };
	char got[1024];

	fill(db, &p, "R1", "Bo", "Smith");
	create(db, &p);
	fill(db, &p, "R2", "Al", "Smithers");
	create(db, &p);
	fill(db, &p, "R3", "Cy", "Smith");
	create(db, &p);
	fill(db, &p, "R4", "Di", "Smith");
	create(db, &p);
	assert_int_equal(cl_patient_retire(db, &p, CL_PATIENT_INACTIVE, &err), CL_OK);
	fill(db, &p, "R5", "Ed", "Jones");
	create(db, &p);

	search_page_names(db, "smi", false, got, sizeof(got));
	assert_string_equal(got, "Smith Bo; Smith Cy; Smithers Al");
	search_page_names(db, "SMITH", true, got, sizeof(got));
	assert_string_equal(got, "Smith Bo; Smith Cy; Smith Di; Smithers Al");
	assert_int_equal(search_count(db, "smi", false), 3);
	assert_int_equal(search_count(db, "smi", true), 4);
	assert_int_equal(search_count(db, "smithe", false), 1);

	/* The second word of a family name. */
	fill(db, &p, "R6", "Fe", "De Smith");
	create(db, &p);
	search_page_names(db, "smi", false, got, sizeof(got));
	assert_string_equal(got, "De Smith Fe; Smith Bo; Smith Cy; Smithers Al");
	assert_int_equal(search_count(db, "smi", false), 4);

	/* A diacritic the name index's lower() keeps and the search folds. */
	fill(db, &p, "R7", "Gu", "\xc5\x9amigel");
	create(db, &p);
	search_page_names(db, "smig", false, got, sizeof(got));
	assert_string_equal(got, "\xc5\x9amigel Gu");
	assert_int_equal(search_count(db, "smig", false), 1);

	/* A given name. */
	fill(db, &p, "R8", "Smitty", "Abel");
	create(db, &p);
	search_page_names(db, "smith", false, got, sizeof(got));
	assert_string_equal(got, "De Smith Fe; Smith Bo; Smith Cy; Smithers Al");
	search_page_names(db, "smit", false, got, sizeof(got));
	assert_string_equal(got, "Abel Smitty; De Smith Fe; Smith Bo; Smith Cy; Smithers Al");
	assert_int_equal(search_count(db, "smit", false), 5);
}

static void test_search_pages_every_match(void **state)
{
	enum { SMITHS = CL_PATIENT_SEARCH_RANKED + 57 };
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_row rows[64], last;
	struct cl_error err = { 0 };
	char mrn[16], given[16], prev[sizeof(rows[0].sort_key)] = "";
	long long count;
	bool capped;
	int n, seen = 0;

	for (int i = 0; i < SMITHS; i++) {
		snprintf(mrn, sizeof(mrn), "S%04d", i);
		/* given names out of insertion order, so that name order is not rowid order */
		snprintf(given, sizeof(given), "G%04d", (i * 7919) % SMITHS);
		fill(db, &p, mrn, given, "Smith");
		create(db, &p);
	}
	fill(db, &p, "S9999", "Ann", "Jones");
	create(db, &p);
	fill(db, &p, "S9998", "Zed", "Stone");
	create(db, &p);

	assert_int_equal(cl_patient_search_count(db, "smi", false, 1000, &count, &capped, &err),
			 CL_OK);
	assert_int_equal(count, SMITHS);
	assert_false(capped);
	assert_int_equal(cl_patient_search_count(db, "smi", false, 100, &count, &capped, &err),
			 CL_OK);
	assert_int_equal(count, 100);
	assert_true(capped);

	/* The first page, then the rest after its last row: each Smith once, by name. */
	assert_int_equal(cl_patient_search(db, "smi", false, rows, 64, &n, &err), CL_OK);
	while (n > 0) {
		for (int i = 0; i < n; i++) {
			assert_string_equal(rows[i].family_name, "Smith");
			assert_true(strcmp(rows[i].sort_key, prev) > 0);
			snprintf(prev, sizeof(prev), "%s", rows[i].sort_key);
		}
		seen += n;
		last = rows[n - 1];
		assert_int_equal(
			cl_patient_search_page(db, "smi", false, &last, false, rows, 64, &n, &err),
			CL_OK);
	}
	assert_int_equal(seen, SMITHS);
	/* Backward from the end, page before page: the same patients, the same order. */
	{
		struct cl_patient_row *fwd = calloc(SMITHS, sizeof(*fwd)), first;
		int got = 0, total = 0;

		assert_non_null(fwd);
		assert_int_equal(cl_patient_search_page(db, "smi", false, NULL, false, fwd, SMITHS,
							&got, &err),
				 CL_OK);
		assert_int_equal(got, SMITHS);
		assert_int_equal(
			cl_patient_search_page(db, "smi", false, NULL, true, rows, 64, &n, &err),
			CL_OK);
		while (n > 0) {
			total += n;
			assert_true(total <= SMITHS);
			for (int i = 0; i < n; i++)
				assert_true(cl_id_equal(&rows[i].id, &fwd[SMITHS - total + i].id));
			first = rows[0];
			assert_int_equal(cl_patient_search_page(db, "smi", false, &first, true,
								rows, 64, &n, &err),
					 CL_OK);
		}
		assert_int_equal(total, SMITHS);
		free(fwd);
	}

	/* One letter: family names starting with it, counted and paged the same way. */
	assert_int_equal(cl_patient_search_count(db, "s", false, 1000, &count, &capped, &err),
			 CL_OK);
	assert_int_equal(count, SMITHS + 1);
	seen = 0;
	prev[0] = '\0';
	assert_int_equal(cl_patient_search(db, "s", false, rows, 64, &n, &err), CL_OK);
	while (n > 0) {
		for (int i = 0; i < n; i++) {
			assert_true(strcmp(rows[i].sort_key, prev) > 0);
			snprintf(prev, sizeof(prev), "%s", rows[i].sort_key);
		}
		seen += n;
		last = rows[n - 1];
		assert_int_equal(
			cl_patient_search_page(db, "s", false, &last, false, rows, 64, &n, &err),
			CL_OK);
	}
	assert_int_equal(seen, SMITHS + 1);
	assert_string_equal(last.family_name, "Stone");
}

static void test_count_and_care_managers(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_filter active = { CL_PATIENT_BY_NAME, false };
	struct cl_patient_filter all = { CL_PATIENT_BY_RISK, true };
	struct cl_care_manager cms[8];
	struct cl_error err = { 0 };
	long long count;
	int n;

	assert_int_equal(cl_patient_count(db, &active, &count, &err), CL_OK);
	assert_int_equal(count, 0);
	fill(db, &p, "C1", "Ana", "Ruiz");
	create(db, &p);
	fill(db, &p, "C2", "Bo", "Chen");
	create(db, &p);
	assert_int_equal(cl_patient_retire(db, &p, CL_PATIENT_INACTIVE, &err), CL_OK);
	assert_int_equal(cl_patient_count(db, &active, &count, &err), CL_OK);
	assert_int_equal(count, 1);
	assert_int_equal(cl_patient_count(db, &all, &count, &err), CL_OK);
	assert_int_equal(count, 2);
	/* Kept by triggers: back to active, and a patient deleted (by hand: careloop never does). */
	assert_int_equal(cl_patient_field_set(&p, "status", "active", &err), CL_OK);
	assert_int_equal(cl_patient_update(db, &p, &err), CL_OK);
	assert_int_equal(cl_patient_count(db, &active, &count, &err), CL_OK);
	assert_int_equal(count, 2);
	exec(db, "PRAGMA foreign_keys = OFF; DELETE FROM patient WHERE mrn = 'C1'; "
		 "PRAGMA foreign_keys = ON");
	assert_int_equal(cl_patient_count(db, &active, &count, &err), CL_OK);
	assert_int_equal(count, 1);
	assert_int_equal(cl_patient_count(db, &all, &count, &err), CL_OK);
	assert_int_equal(count, 1);

	exec(db, "INSERT INTO care_manager (id, login, display_name, created_at, updated_at,"
		 " updated_by) VALUES (randomblob(16), 'aaa', 'Zed Zulu', 'x', 'x', 'x'),"
		 " (randomblob(16), 'zzz', 'Abe Able', 'x', 'x', 'x'),"
		 " (randomblob(16), 'old', 'Aaron Gone', 'x', 'x', 'x')");
	exec(db, "UPDATE care_manager SET active = 0 WHERE login = 'old'");
	assert_int_equal(cl_care_manager_list(db, cms, 8, &n, &err), CL_OK);
	assert_int_equal(n, 3); /* the OS user and two more; not the inactive one */
	assert_string_equal(cms[0].display_name, "Abe Able");
	assert_string_equal(cms[0].login, "zzz");
	assert_string_equal(cms[n - 1].display_name, "Zed Zulu");
	assert_int_equal(cl_care_manager_list(db, cms, 1, &n, &err), CL_OK);
	assert_int_equal(n, 1);

	/* Assigning a patient to another care manager shows that name. */
	fill(db, &p, "C3", "Cy", "Diaz");
	set(&p, "care_manager", "zzz");
	create(db, &p);
	assert_string_equal(p.care_manager_name, "Abe Able");
	{
		struct cl_patient_row rows[4];

		assert_int_equal(cl_patient_search(db, "C3", false, rows, 4, &n, &err), CL_OK);
		assert_int_equal(n, 1);
		assert_string_equal(rows[0].care_manager_name, "Abe Able");
	}
}

/* One letter is the family-name initial, in name order, from the name index. */
static void test_search_initial(void **state)
{
	struct cl_db *db = *state;
	struct cl_patient p;
	struct cl_patient_row rows[10];
	sqlite3_stmt *st;
	int n;

	fill(db, &p, "C1", "Rosa", "Ruiz");
	create(db, &p);
	fill(db, &p, "C2", "Ana", "Reyes");
	create(db, &p);
	fill(db, &p, "C3", "Raúl", "García");
	create(db, &p);
	fill(db, &p, "C4", "Zoe", "Ramos");
	set(&p, "status", "inactive");
	create(db, &p);

	n = search(db, "r", false, rows, 10);
	assert_int_equal(n, 2); /* a given name starting with R does not count */
	assert_string_equal(rows[0].family_name, "Reyes");
	assert_string_equal(rows[1].family_name, "Ruiz");
	n = search(db, " R ", true, rows, 10);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].family_name, "Ramos");
	n = search(db, "r", true, rows, 2);
	assert_int_equal(n, 2);
	n = search(db, "q", false, rows, 10);
	assert_int_equal(n, 0);
	/* It reads the name index, never a sort. */
	st = cl_db_stmt(db,
			"EXPLAIN QUERY PLAN SELECT id FROM patient p WHERE p.sort_name >= 'r' "
			"AND p.sort_name < 's' ORDER BY p.sort_name, p.id LIMIT 5",
			NULL);
	assert_non_null(st);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_null(strstr((const char *)sqlite3_column_text(st, 3), "TEMP B-TREE"));
	sqlite3_reset(st);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_validation_table),
		T(test_normalize),
		T(test_round_trip),
		T(test_duplicate_mrn),
		T(test_conflict),
		T(test_audit),
		T(test_search),
		T(test_search_ranking),
		T(test_search_initial),
		T(test_paging),
		T(test_page_plans),
		T(test_count_and_care_managers),
		T(test_death_date),
		T(test_search_digits),
		T(test_search_pages_every_match),
		T(test_search_surname_range_is_exact),
		T(test_pronouns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
