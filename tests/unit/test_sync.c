/*
 * Sync without a hub (the two-site scenarios with a real PostgreSQL are tests/e2e/sync*.sh):
 * a file that never synced queues nothing; the first sync, even offline, makes the file a
 * site with every record queued and says since when the hub is away; edits queue their
 * row with the version they were based on, derived updates queue nothing; careloop check
 * knows a site's triggers; a conflict is shown field by field and resolved by taking
 * fields, as a new version on the hub's that the next sync sends.
 */
#include "config.h"

#include "fixture_careplan.h"

/* A hub that is not there: a socket folder that does not exist. */
#define NO_HUB "host=/nonexistent/careloop-test dbname=none connect_timeout=2"

static long long outbox(struct cl_db *db)
{
	return fix_int(db, "SELECT count(*) FROM outbox", NULL);
}

static void never_synced(void **state)
{
	struct cl_db *db = *state;
	struct cl_sync_status s;
	struct cl_error err = { 0 };
	struct cl_patient p;

	fix_patient(db, "S1", "low", "", &p);
	fix_contact(db, &p, "2026-03-10 10:00", "reached", "10");
	assert_false(cl_sync_is_site(db));
	assert_int_equal(outbox(db), 0);
	assert_int_equal(cl_sync_status(db, &s, &err), CL_OK);
	assert_string_equal(s.site, "");
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
				 " AND name LIKE 'outbox%'",
				 NULL),
			 0);
}

static void offline_first_sync(void **state)
{
	struct cl_db *db = *state;
	struct cl_sync_stats st;
	struct cl_sync_status s;
	struct cl_error err = { 0 };
	struct cl_patient p;
	long long records, before;

	fix_patient(db, "S1", "low", "", &p);
	fix_contact(db, &p, "2026-03-10 10:00", "reached", "10");
	records = fix_int(db,
			  "SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM contact)"
			  " + (SELECT count(*) FROM care_manager)",
			  NULL);

	assert_int_equal(cl_sync_run(db, NO_HUB, "north", &st, &err), CL_EIO);
	assert_true(st.unreachable);
	assert_int_equal(st.queued, records);
	assert_int_equal(outbox(db), records);
	assert_true(cl_sync_is_site(db));
	assert_int_equal(cl_sync_status(db, &s, &err), CL_OK);
	assert_string_equal(s.name, "north");
	assert_int_equal(strlen(s.site), 36);
	assert_string_equal(s.synced_at, "");
	assert_int_not_equal(s.failed_at[0], '\0');
	assert_int_equal(s.outbox, records);
	/* The message names the hub's problem, never a record. */
	assert_non_null(strstr(err.message, "the hub"));

	/* A second failure keeps the first one's time; nothing is queued twice. */
	{
		char first[32];

		snprintf(first, sizeof(first), "%s", s.failed_at);
		assert_int_equal(cl_sync_run(db, NO_HUB, NULL, &st, &err), CL_EIO);
		assert_int_equal(st.queued, 0);
		assert_int_equal(cl_sync_status(db, &s, &err), CL_OK);
		assert_string_equal(s.failed_at, first);
		assert_int_equal(s.outbox, records);
	}

	/* An edit queues the new row with its base version. */
	before = outbox(db);
	assert_int_equal(cl_patient_field_set(&p, "phone", "555-010-4242", &err), CL_OK);
	assert_int_equal(cl_patient_update(db, &p, &err), CL_OK);
	assert_int_equal(outbox(db), before + 1);
	assert_int_equal(fix_int(db,
				 "SELECT base_version = 1 AND version = 2 AND entity = 'patient'"
				 " AND json_extract(row, '$.phone') = '(555) 010-4242'"
				 " AND json_extract(row, '$.mrn') = 'S1' AND key = lower(hex(?1))"
				 " FROM outbox ORDER BY seq DESC LIMIT 1",
				 &p.id),
			 1);
	/* Derived columns are not sent: last_reached_at is each site's own. */
	assert_int_equal(
		fix_int(db,
			"SELECT count(*) FROM outbox WHERE json_type(row, '$.last_reached_at')"
			" IS NOT NULL",
			NULL),
		0);
	/* A contact queues itself; the patient's derived update (no new version) does not. */
	before = outbox(db);
	fix_contact(db, &p, "2026-03-12 09:00", "reached", "5");
	assert_int_equal(
		fix_int(db, "SELECT last_reached_at = '2026-03-12T09:00' FROM patient", NULL), 1);
	assert_int_equal(outbox(db), before + 1);
	assert_int_equal(fix_int(db,
				 "SELECT entity = 'contact' FROM outbox ORDER BY seq DESC LIMIT 1",
				 NULL),
			 1);
	assert_int_equal(fix_int(db, "SELECT applying FROM sync_state", NULL), 0);
}

static void counted(const char *problem, void *arg)
{
	(void)problem;
	++*(int *)arg;
}

static void check_knows_site_triggers(void **state)
{
	struct cl_db *db = *state;
	struct cl_sync_stats st;
	struct cl_error err = { 0 };
	int problems = 0;

	assert_int_equal(cl_sync_run(db, NO_HUB, "north", &st, &err), CL_EIO);
	assert_int_equal(cl_check_triggers(db, counted, &problems, &err), 0);
	assert_int_equal(problems, 0);
	/* One missing is found... */
	fix_exec(db, "DROP TRIGGER outbox_note_insert");
	assert_int_equal(cl_check_triggers(db, counted, &problems, &err), CL_ECORRUPT);
	assert_int_equal(problems, 1);
	/* ...and made again at the next open after the schema moved on. */
	fix_exec(db, "UPDATE sync_state SET triggers_for = 0");
	assert_int_equal(cl_sync_ensure(db, &err), CL_OK);
	problems = 0;
	assert_int_equal(cl_check_triggers(db, counted, &problems, &err), 0);
	assert_int_equal(problems, 0);
}

/*
 * A conflict as a sync copies it from the hub: the hub's version of p (another site's
 * phone, same version) beside this site's.
 */
static void fake_conflict(struct cl_db *db, const struct cl_patient *p, long long id)
{
	char sql[1024];
	char hex[33];

	for (int i = 0; i < CL_ID_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", p->id.bytes[i]);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO sync_conflict (id, entity, key, hub_version, hub_row, site_version,"
		 " site_row, author, at) SELECT %lld, 'patient', '%s', version,"
		 " json_set(row, '$.phone', '(555) 000-1111', '$.updated_by', 'other',"
		 " '$.updated_at', '2026-03-14T08:00:00.000Z'), version, row, 'root',"
		 " '2026-03-14T08:00:00.000Z' FROM outbox WHERE entity = 'patient' AND key = '%s'"
		 " ORDER BY seq DESC LIMIT 1",
		 id, hex, hex);
	fix_exec(db, sql);
}

static void resolve(void **state)
{
	struct cl_db *db = *state;
	struct cl_sync_conflict rows[4];
	struct cl_sync_field f[64];
	struct cl_sync_stats st;
	struct cl_error err = { 0 };
	struct cl_patient p, q;
	long long audits, before;
	int n = 0, differ = 0, at = -1;

	fix_patient(db, "S1", "low", "", &p);
	fix_patient(db, "S2", "low", "", &q);
	assert_int_equal(cl_sync_run(db, NO_HUB, "south", &st, &err), CL_EIO);
	assert_int_equal(cl_patient_field_set(&p, "phone", "555-010-2222", &err), CL_OK);
	assert_int_equal(cl_patient_update(db, &p, &err), CL_OK);
	fake_conflict(db, &p, 7);
	fake_conflict(db, &q, 8);

	assert_int_equal(cl_sync_conflicts(db, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, 7);
	assert_string_equal(rows[0].label, "patient S1");
	assert_string_equal(rows[0].fields, "phone");

	assert_int_equal(cl_sync_conflict_fields(db, 7, f, 64, &n, &err), CL_OK);
	for (int i = 0; i < n; i++) {
		differ += f[i].differs;
		if (strcmp(f[i].name, "phone") == 0)
			at = i;
		assert_string_not_equal(f[i].name, "updated_by"); /* stamps are not fields */
	}
	assert_int_equal(differ, 1);
	assert_true(at >= 0 && f[at].differs);
	assert_string_equal(f[at].hub, "(555) 000-1111");
	assert_string_equal(f[at].site, "(555) 010-2222");
	assert_int_equal(cl_sync_conflict_fields(db, 99, f, 64, &n, &err), CL_ENOTFOUND);

	/* A field that is not there: refused, nothing changed. */
	before = outbox(db);
	assert_int_equal(cl_sync_resolve(db, 7, "phone,nosuch", &err), CL_EINVAL);
	assert_string_equal(err.field, "take");
	assert_int_equal(outbox(db), before);
	assert_int_equal(fix_int(db, "SELECT version FROM patient WHERE mrn = 'S1'", NULL), 2);

	/* Take this site's phone: a new version on the hub's, queued with the hub's as base. */
	audits = fix_int(db, "SELECT count(*) FROM audit WHERE action = 'update'", NULL);
	assert_int_equal(cl_sync_resolve(db, 7, "phone", &err), CL_OK);
	assert_int_equal(fix_int(db,
				 "SELECT version = 3 AND phone = '(555) 010-2222' FROM patient"
				 " WHERE mrn = 'S1'",
				 NULL),
			 1);
	assert_int_equal(outbox(db), before + 2);
	assert_int_equal(fix_int(db,
				 "SELECT base_version = 2 AND version = 3 AND"
				 " json_extract(row, '$.phone') = '(555) 010-2222' FROM outbox"
				 " WHERE entity = 'patient' ORDER BY seq DESC LIMIT 1",
				 NULL),
			 1);
	assert_int_equal(fix_int(db,
				 "SELECT key = '7' FROM outbox WHERE entity = 'conflict'"
				 " ORDER BY seq DESC LIMIT 1",
				 NULL),
			 1);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM audit WHERE action = 'update'", NULL),
			 audits + 1);
	assert_int_equal(cl_sync_resolve(db, 7, "phone", &err), CL_ENOTFOUND);

	/* Keep the hub's: this site takes it as it is; nothing of its own to send. */
	before = outbox(db);
	assert_int_equal(cl_sync_resolve(db, 8, "", &err), CL_OK);
	assert_int_equal(fix_int(db,
				 "SELECT version = 1 AND phone = '(555) 000-1111' AND updated_by ="
				 " 'other' FROM patient WHERE mrn = 'S2'",
				 NULL),
			 1);
	assert_int_equal(outbox(db), before + 1); /* the resolution only */
	assert_int_equal(cl_sync_conflicts(db, rows, 4, &n, &err), CL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fix_int(db, "SELECT applying FROM sync_state", NULL), 0);
}

/* What the hub may set for the network, checked as config checks it. */
static void network_settings(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	char norm[64];
	bool changed = true;

	assert_int_equal(cl_setting_check("rescreen_months", "6", norm, sizeof(norm), &err), 0);
	assert_string_equal(norm, "6");
	assert_int_equal(cl_setting_check("rescreen_months", "61", norm, sizeof(norm), &err),
			 CL_EINVAL);
	assert_string_equal(err.field, "value");
	assert_int_equal(cl_setting_check("rescreen_months", "6x", norm, sizeof(norm), &err),
			 CL_EINVAL);
	assert_int_equal(cl_setting_check("hub", "host=x", norm, sizeof(norm), &err), CL_EINVAL);
	assert_string_equal(err.field, "key");
	assert_int_equal(cl_setting_check("practice_fax", "555", norm, sizeof(norm), &err),
			 CL_EINVAL);
	assert_int_equal(cl_setting_check("no_such_key", "1", norm, sizeof(norm), &err), CL_EINVAL);
	assert_int_equal(cl_setting_check("safety_protocol", "  Call the clinician.  ", norm,
					  sizeof(norm), &err),
			 0);
	assert_string_equal(norm, "Call the clinician.");

	assert_int_equal(cl_db_begin(db, &err), 0);
	assert_int_equal(cl_setting_apply_in(db, "rescreen_months", "6", &changed, &err), 0);
	assert_true(changed);
	assert_int_equal(cl_setting_apply_in(db, "rescreen_months", "6", &changed, &err), 0);
	assert_false(changed);
	assert_int_equal(cl_setting_apply_in(db, "hub", "host=x", &changed, &err), CL_EINVAL);
	assert_int_equal(cl_db_commit(db, &err), 0);
	assert_int_equal(cl_setting_int(db, "rescreen_months"), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(never_synced, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(offline_first_sync, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(check_knows_site_triggers, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(resolve, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(network_settings, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
