/* Referral letters and care-plan summaries: what goes in (without Cairo), the consent rule
 * for safety referrals, the practice's text settings, and the access log of a printout. */
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
#include "testlib.h"

static const struct cl_practice practice = {
	.name = "Mesa Valley Family Health",
	.address = "12 Main St; Gallup, NM 87301",
	.phone = "(505) 555-0100",
	.fax = "(505) 555-0199",
};

/* A letter's parts, filled as cl_letter_build would from the database. */
struct parts {
	struct cl_patient patient;
	struct cl_referral referral;
	struct cl_org partner;
	struct cl_screening_latest screening;
	struct cl_letter_input in;
};

static void parts_init(struct parts *p, enum cl_referral_kind kind, const char *service)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->patient.given_name, sizeof(p->patient.given_name), "José");
	snprintf(p->patient.family_name, sizeof(p->patient.family_name), "Núñez");
	snprintf(p->patient.birth_date, sizeof(p->patient.birth_date), "1958-03-09");
	snprintf(p->patient.mrn, sizeof(p->patient.mrn), "MRN0000042");
	snprintf(p->patient.phone, sizeof(p->patient.phone), "(505) 555-0123");
	snprintf(p->patient.language, sizeof(p->patient.language), "es");
	cl_id_new(&p->referral.id);
	p->referral.kind = kind;
	snprintf(p->referral.service, sizeof(p->referral.service), "%s", service);
	snprintf(p->referral.reason, sizeof(p->referral.reason), "Shortness of breath on stairs");
	p->referral.priority = CL_PRIORITY_URGENT;
	p->referral.status = CL_REFERRAL_REQUESTED;
	snprintf(p->referral.referred_on, sizeof(p->referral.referred_on), "2026-05-01");
	snprintf(p->referral.due_date, sizeof(p->referral.due_date), "2026-05-08");
	snprintf(p->partner.name, sizeof(p->partner.name), "Mesa Partner");
	snprintf(p->partner.fax, sizeof(p->partner.fax), "(505) 555-0177");
	p->screening.screened = true;
	snprintf(p->screening.last_on, sizeof(p->screening.last_on), "2026-04-20");
	p->screening.npositive = 2;
	snprintf(p->screening.positive[0].code, CL_CODE_LEN, "food");
	snprintf(p->screening.positive[1].code, CL_CODE_LEN, "safety");
	p->screening.positive[1].sensitive = true;
	p->in = (struct cl_letter_input){
		.practice = &practice,
		.coordinator = "Ana Martínez",
		.patient = &p->patient,
		.referral = &p->referral,
		.partner = &p->partner,
		.screening = &p->screening,
		.today = "2026-05-02",
	};
}

/* Every field a partner needs, the date printed being the one passed in. */
static void test_letter_fields(void **state)
{
	struct parts *p = malloc(sizeof(*p));
	struct cl_document doc;
	char id[CL_ID_STRLEN];

	(void)state;
	parts_init(p, CL_REFERRAL_SPECIALTY, "cardiology");
	assert_int_equal(cl_letter_compose(&p->in, &doc), CL_OK);
	assert_string_equal(doc.title, "Referral to specialty care");
	assert_string_equal(doc.printed_on, "2026-05-02");
	assert_string_equal(cl_document_field(&doc, "Date"), "2026-05-02");
	assert_string_equal(cl_document_field(&doc, "Name"), "José Núñez");
	assert_string_equal(cl_document_field(&doc, "Date of birth"), "1958-03-09");
	assert_string_equal(cl_document_field(&doc, "MRN"), "MRN0000042");
	assert_string_equal(cl_document_field(&doc, "Phone"), "(505) 555-0123");
	assert_string_equal(cl_document_field(&doc, "Preferred language"), "Spanish");
	assert_string_equal(cl_document_field(&doc, "Priority"), "urgent");
	assert_string_equal(cl_document_field(&doc, "To"), "Mesa Partner");
	assert_string_equal(cl_document_field(&doc, "From"), "Ana Martínez, care coordinator");
	assert_string_equal(cl_document_field(&doc, "Consent"), "not recorded");
	/* the loop closes on the referral's due date; the outcome comes back by fax or phone */
	assert_string_equal(cl_document_field(&doc, "Loop closes"), "2026-05-08");
	assert_string_equal(cl_document_field(&doc, "Outcome by fax"), "(505) 555-0199");
	assert_string_equal(cl_document_field(&doc, "Outcome by phone"), "(505) 555-0100");
	assert_string_equal(cl_document_field(&doc, "Referral id"), cl_id_str(&p->referral.id, id));
	assert_true(cl_document_contains(&doc, "Shortness of breath on stairs"));
	assert_true(cl_document_contains(&doc, "Mesa Valley Family Health"));
	assert_true(strstr(doc.footer, id) != NULL);
	/* a specialty letter has no social-needs screening */
	assert_null(cl_document_field(&doc, "Social-needs screening"));
	assert_true(cl_letter_shares_details(&p->referral));
	cl_document_free(&doc);
	free(p);
}

/* A community letter names the positive domains, but never a safety result. */
static void test_letter_screening_without_safety(void **state)
{
	struct parts *p = malloc(sizeof(*p));
	struct cl_document doc;

	(void)state;
	parts_init(p, CL_REFERRAL_COMMUNITY, "food-insecurity");
	snprintf(p->referral.consent_date, CL_DATE_LEN, "2026-05-01");
	assert_int_equal(cl_letter_compose(&p->in, &doc), CL_OK);
	assert_string_equal(doc.title, "Referral for community services");
	assert_string_equal(cl_document_field(&doc, "Social-needs screening"),
			    "2026-04-20, positive for: Food insecurity");
	assert_false(cl_document_contains(&doc, "safety"));
	assert_false(cl_document_contains(&doc, "Safety"));
	assert_false(cl_document_contains(&doc, CL_LETTER_WITHHELD));
	cl_document_free(&doc);
	free(p);
}

/* The consent rule: a safety referral without consent withholds its reason and screening. */
static void test_letter_safety_consent(void **state)
{
	struct parts *p = malloc(sizeof(*p));
	struct cl_document doc;

	(void)state;
	parts_init(p, CL_REFERRAL_COMMUNITY, "intimate-partner-violence");
	snprintf(p->referral.reason, sizeof(p->referral.reason), "Partner threatened her");
	p->referral.status = CL_REFERRAL_DRAFT;
	assert_false(cl_letter_shares_details(&p->referral));
	assert_int_equal(cl_letter_compose(&p->in, &doc), CL_OK);
	assert_true(cl_document_contains(&doc, CL_LETTER_WITHHELD));
	assert_false(cl_document_contains(&doc, "threatened"));
	assert_null(cl_document_field(&doc, "Social-needs screening"));
	assert_false(cl_document_contains(&doc, "Food insecurity"));
	/* still who, when and how to answer: the partner needs them to act */
	assert_string_equal(cl_document_field(&doc, "Name"), "José Núñez");
	assert_string_equal(cl_document_field(&doc, "Loop closes"), "2026-05-08");
	assert_string_equal(cl_document_field(&doc, "Consent"), "not recorded");
	cl_document_free(&doc);

	/* consent recorded: the letter carries what the patient agreed to share */
	snprintf(p->referral.consent_date, CL_DATE_LEN, "2026-05-01");
	assert_true(cl_letter_shares_details(&p->referral));
	assert_int_equal(cl_letter_compose(&p->in, &doc), CL_OK);
	assert_false(cl_document_contains(&doc, CL_LETTER_WITHHELD));
	assert_true(cl_document_contains(&doc, "Partner threatened her"));
	assert_string_equal(cl_document_field(&doc, "Social-needs screening"),
			    "2026-04-20, positive for: Food insecurity, Interpersonal safety");
	assert_string_equal(cl_document_field(&doc, "Consent"),
			    "the patient agreed on 2026-05-01 to share their information with you");
	cl_document_free(&doc);
	free(p);
}

/* Unset practice settings say so rather than print an empty line. */
static void test_letter_unset_practice(void **state)
{
	static const struct cl_practice none = { .name = "" };
	struct parts *p = malloc(sizeof(*p));
	struct cl_document doc;

	(void)state;
	parts_init(p, CL_REFERRAL_SPECIALTY, "cardiology");
	p->in.practice = &none;
	p->in.screening = NULL;
	assert_int_equal(cl_letter_compose(&p->in, &doc), CL_OK);
	assert_string_equal(cl_document_field(&doc, "Outcome by fax"), "not recorded");
	assert_true(cl_document_contains(&doc, "(practice name not set)"));
	cl_document_free(&doc);
	free(p);
}

struct db_fixture {
	char dir[256], path[300];
	struct cl_db *db;
};

static int db_setup(void **state)
{
	struct db_fixture *f = calloc(1, sizeof(*f));
	struct cl_error err = { 0 };

	setenv("CARELOOP_TODAY", "2026-06-15", 1);
	if (!f)
		return -1;
	test_temp_dir(f->dir, sizeof(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/c.db", f->dir);
	if (cl_db_open(f->path, CL_DB_CREATE, &f->db, &err))
		return -1;
	*state = f;
	return 0;
}

static int db_teardown(void **state)
{
	struct db_fixture *f = *state;

	cl_db_close(f->db);
	test_remove_tree(f->dir);
	free(f);
	return 0;
}

/* The practice's name, address, phone and fax are text settings, checked on the way in. */
static void test_practice_settings(void **state)
{
	struct db_fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_practice p;
	char buf[64], long_name[200];

	assert_true(cl_setting_find("practice_fax")->text);
	assert_string_equal(cl_setting_text(f->db, "practice_fax", buf, sizeof(buf)), "");
	assert_int_equal(cl_setting_set_text(f->db, "practice_fax", "  (505) 555-0199 ", &err), 0);
	assert_int_equal(cl_setting_set_text(f->db, "practice_name", "Clínica del Valle", &err), 0);
	cl_practice_load(f->db, &p);
	assert_string_equal(p.fax, "(505) 555-0199");
	assert_string_equal(p.name, "Clínica del Valle");
	assert_int_equal(cl_setting_set_text(f->db, "practice_name", "Evil\033]0;x\007", &err),
			 CL_EINVAL);
	assert_string_equal(err.field, "value");
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(cl_setting_set_text(f->db, "practice_name", long_name, &err), CL_EINVAL);
	/* a text setting is no number, and a number no text */
	assert_int_equal(cl_setting_set_int(f->db, "practice_fax", 5, &err), CL_EINVAL);
	assert_int_equal(cl_setting_set_text(f->db, "lock_minutes", "5", &err), CL_EINVAL);
	cl_practice_load(f->db, &p);
	assert_string_equal(p.name, "Clínica del Valle");
}

/* A letter from the database: who printed which referral is in the access log. */
static void test_letter_build_logged(void **state)
{
	struct db_fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_patient pt;
	struct cl_org org;
	struct cl_referral r;
	struct cl_document doc;
	struct cl_id missing;
	long long n = -1;

	cl_patient_init(&pt, f->db);
	assert_int_equal(cl_patient_field_set(&pt, "mrn", "T1", &err) ||
				 cl_patient_field_set(&pt, "given_name", "Ana", &err) ||
				 cl_patient_field_set(&pt, "family_name", "Ruiz", &err) ||
				 cl_patient_field_set(&pt, "birth_date", "1970-02-03", &err) ||
				 cl_patient_create(f->db, &pt, &err),
			 0);
	cl_org_init(&org);
	assert_int_equal(cl_org_field_set(&org, "kind", "specialty", &err) ||
				 cl_org_field_set(&org, "name", "Heart Clinic", &err) ||
				 cl_org_field_set(&org, "services", "cardiology", &err) ||
				 cl_org_create(f->db, &org, &err),
			 0);
	cl_referral_init(&r, f->db);
	r.patient_id = pt.id;
	r.kind = CL_REFERRAL_SPECIALTY;
	r.organization_id = org.id;
	assert_int_equal(cl_referral_field_set(&r, "service", "cardiology", &err), 0);
	assert_int_equal(cl_referral_field_set(&r, "reason", "Murmur", &err), 0);
	assert_int_equal(cl_referral_create(f->db, &r, NULL, &err), 0);
	assert_int_equal(cl_setting_set_text(f->db, "practice_fax", "(505) 555-0199", &err), 0);

	assert_int_equal(cl_letter_build(f->db, &r.id, "2026-06-15", &doc, &err), 0);
	assert_string_equal(cl_document_field(&doc, "Name"), "Ana Ruiz");
	assert_string_equal(cl_document_field(&doc, "Outcome by fax"), "(505) 555-0199");
	assert_string_equal(cl_document_field(&doc, "Loop closes"), r.due_date);
	assert_string_equal(cl_document_field(&doc, "Date"), "2026-06-15");
	cl_document_free(&doc);
	assert_int_equal(cl_access_count(f->db, "view", "referral letter", &r.id, &n, &err), 0);
	assert_int_equal(n, 1);

	cl_id_new(&missing);
	assert_int_equal(cl_letter_build(f->db, &missing, "2026-06-15", &doc, &err), CL_ENOTFOUND);
	assert_int_equal(doc.n, 0);

	assert_int_equal(cl_summary_build(f->db, &pt.id, "2026-06-15", &doc, &err), 0);
	assert_string_equal(doc.title, "Care plan summary");
	assert_string_equal(cl_document_field(&doc, "MRN"), "T1");
	assert_true(cl_document_contains(&doc, "Cardiology to Heart Clinic"));
	cl_document_free(&doc);
	assert_int_equal(cl_access_count(f->db, "view", "care plan summary", &pt.id, &n, &err), 0);
	assert_int_equal(n, 1);
}

/* A summary may be handed to the patient: safety goals, tasks and referrals read private. */
static void test_summary_private(void **state)
{
	struct db_fixture *f = *state;
	struct cl_error err = { 0 };
	struct cl_patient pt;
	struct cl_org org;
	struct cl_referral r;
	struct cl_goal g;
	struct cl_task t;
	struct cl_document doc;

	cl_patient_init(&pt, f->db);
	assert_int_equal(cl_patient_field_set(&pt, "mrn", "T2", &err) ||
				 cl_patient_field_set(&pt, "given_name", "Rosa", &err) ||
				 cl_patient_field_set(&pt, "family_name", "Díaz", &err) ||
				 cl_patient_field_set(&pt, "birth_date", "1980-02-03", &err) ||
				 cl_patient_create(f->db, &pt, &err),
			 0);
	cl_org_init(&org);
	assert_int_equal(
		cl_org_field_set(&org, "name", "Safe Harbor Shelter", &err) ||
			cl_org_field_set(&org, "services", "intimate-partner-violence", &err) ||
			cl_org_create(f->db, &org, &err),
		0);
	cl_referral_init(&r, f->db);
	r.patient_id = pt.id;
	r.kind = CL_REFERRAL_COMMUNITY;
	r.organization_id = org.id;
	r.status = CL_REFERRAL_DRAFT;
	assert_int_equal(cl_referral_field_set(&r, "service", "intimate-partner-violence", &err),
			 0);
	assert_int_equal(cl_referral_create(f->db, &r, NULL, &err), 0);
	cl_goal_init(&g, &pt.id);
	assert_int_equal(
		cl_goal_field_set(&g, "description", "Leave the house safely", &err) ||
			cl_goal_field_set(&g, "domain", "intimate-partner-violence", &err) ||
			cl_goal_create(f->db, &g, &err),
		0);
	cl_task_init(&t, f->db, &pt.id);
	t.goal_id = g.id;
	assert_int_equal(cl_task_field_set(&t, "title", "Call the shelter hotline", &err) ||
				 cl_task_create(f->db, &t, &err),
			 0);

	assert_int_equal(cl_summary_build(f->db, &pt.id, "2026-06-15", &doc, &err), 0);
	assert_true(cl_document_contains(&doc, CL_PRIVATE_REFERRAL));
	assert_true(cl_document_contains(&doc, CL_PRIVATE_FOLLOWUP));
	assert_true(cl_document_contains(&doc, "private goal"));
	assert_false(cl_document_contains(&doc, "Safe Harbor"));
	assert_false(cl_document_contains(&doc, "Leave the house"));
	assert_false(cl_document_contains(&doc, "shelter hotline"));
	assert_false(cl_document_contains(&doc, "Interpersonal safety"));
	assert_string_equal(cl_document_field(&doc, "Name"), "Rosa Díaz");
	cl_document_free(&doc);

	/* The letter to the shelter itself, without consent: who, when, not why. */
	assert_int_equal(cl_referral_field_set(&r, "reason", "Husband hit her", &err), 0);
	assert_int_equal(cl_referral_update(f->db, &r, &err), 0);
	assert_int_equal(cl_letter_build(f->db, &r.id, "2026-06-15", &doc, &err), 0);
	assert_true(cl_document_contains(&doc, CL_LETTER_WITHHELD));
	assert_false(cl_document_contains(&doc, "Husband"));
	assert_string_equal(cl_document_field(&doc, "To"), "Safe Harbor Shelter");
	cl_document_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter_fields),
		cmocka_unit_test(test_letter_screening_without_safety),
		cmocka_unit_test(test_letter_safety_consent),
		cmocka_unit_test(test_letter_unset_practice),
		cmocka_unit_test_setup_teardown(test_practice_settings, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_letter_build_logged, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_summary_private, db_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
