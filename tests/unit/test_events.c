/*
 * Hospital and ED events: the follow-ups they owe (transitional care, ED follow-up) and how
 * contacts meet them; `import events` from HL7 v2 ADT and from an HIE portal's CSV, each event
 * once, unmatched patients told by number.
 */
#include "config.h"

#include "fixture_careplan.h"

static void event(struct cl_db *db, const struct cl_patient *p, enum cl_event_kind kind,
		  const char *date, struct cl_clinical_event *e)
{
	struct cl_error err = { 0 };

	cl_event_init(e, &p->id);
	e->kind = kind;
	if (cl_event_field_set(e, "event_date", date, &err) || cl_event_add(db, e, &err))
		fail_msg("event: %s", err.message);
}

/* The event's stored state, re-read. */
static struct cl_clinical_event stored(struct cl_db *db, const struct cl_patient *p,
				       const struct cl_clinical_event *e)
{
	struct cl_clinical_event rows[16];
	struct cl_error err = { 0 };
	int n;

	assert_int_equal(cl_event_list(db, &p->id, rows, 16, &n, &err), CL_OK);
	for (int i = 0; i < n; i++)
		if (cl_id_equal(&rows[i].id, &e->id))
			return rows[i];
	fail_msg("event not found");
	return rows[0];
}

static void contact(struct cl_db *db, const struct cl_patient *p, const char *when,
		    const char *mode, const char *outcome)
{
	struct cl_error err = { 0 };
	struct cl_contact c;

	cl_contact_init(&c, &p->id);
	if (cl_contact_field_set(&c, "occurred_at", when, &err) ||
	    cl_contact_field_set(&c, "mode", mode, &err) ||
	    cl_contact_field_set(&c, "outcome", outcome, &err) ||
	    cl_contact_log(db, &c, NULL, 0, &err))
		fail_msg("contact: %s (%s)", err.message, err.field);
}

static void fields(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_clinical_event e;
	struct cl_patient p;
	char buf[64];

	fix_patient(db, "F1", "low", "", &p);
	cl_event_init(&e, &p.id);
	assert_int_equal(cl_event_field_set(&e, "event_time", "9:30", &err), CL_OK);
	cl_event_field_get(&e, "event_time", buf, sizeof(buf));
	assert_string_equal(buf, "09:30");
	assert_int_equal(cl_event_field_set(&e, "event_time", "2359", &err), CL_OK);
	cl_event_field_get(&e, "event_time", buf, sizeof(buf));
	assert_string_equal(buf, "23:59");
	assert_int_equal(cl_event_field_set(&e, "event_time", "24:00", &err), CL_EINVAL);
	assert_string_equal(err.field, "event_time");
	assert_int_equal(cl_event_field_set(&e, "event_date", "2026-02-30", &err), CL_EINVAL);
	assert_string_equal(err.field, "event_date");
	assert_int_equal(cl_event_field_set(&e, "facility", "Mercy General", &err), CL_OK);
	assert_int_equal(cl_event_field_set(&e, "reason", "Chest pain", &err), CL_OK);
	assert_int_equal(cl_event_field_set(&e, "kind", "discharge", &err), CL_OK);
	assert_int_equal(cl_event_field_set(&e, "event_date", "03/13/2026", &err), CL_OK);
	assert_int_equal(cl_event_add(db, &e, &err), CL_OK);
	e = stored(db, &p, &e);
	assert_string_equal(e.facility, "Mercy General");
	assert_string_equal(e.reason, "Chest pain");
	assert_string_equal(e.event_time, "23:59");
	assert_int_equal(e.source, CL_EVENT_FROM_CHART);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM audit WHERE action = 'create'"
				 " AND entity = 'clinical_event'",
				 NULL),
			 1);
}

/* Discharged on Friday 13 March (high risk): contact by Tuesday 17, visit by Friday 20. */
static void discharge_contact_then_visit(void **state)
{
	struct cl_db *db = *state;
	struct cl_clinical_event e;
	struct cl_patient p;

	setenv("CARELOOP_TODAY", "2026-03-20", 1); /* the contacts below have happened */
	fix_patient(db, "T1", "high", "", &p);
	event(db, &p, CL_EVENT_DISCHARGE, "2026-03-13", &e);
	assert_int_equal(e.followup_step, CL_FOLLOWUP_CONTACT);
	assert_string_equal(e.contact_due, "2026-03-17");
	assert_string_equal(e.visit_due, "2026-03-20");
	assert_string_equal(e.followup_due, "2026-03-17");
	/* A text message is not an interactive contact; a letter neither. */
	contact(db, &p, "2026-03-16 09:00", "text", "reached");
	assert_int_equal(stored(db, &p, &e).followup_step, CL_FOLLOWUP_CONTACT);
	contact(db, &p, "2026-03-16 10:00", "phone", "reached");
	e = stored(db, &p, &e);
	assert_int_equal(e.followup_step, CL_FOLLOWUP_VISIT);
	assert_string_equal(e.followup_due, "2026-03-20");
	contact(db, &p, "2026-03-19 10:00", "in-person", "reached");
	e = stored(db, &p, &e);
	assert_int_equal(e.followup_step, CL_FOLLOWUP_NONE);
	assert_string_equal(e.followup_due, "");
	assert_string_equal(e.contact_due, "2026-03-17");
}

/* Low risk: the visit within 14 days; two unsuccessful attempts by the due date count. */
static void two_attempts_count(void **state)
{
	struct cl_db *db = *state;
	struct cl_clinical_event e, late;
	struct cl_patient p, q;

	fix_patient(db, "T2", "low", "", &p);
	event(db, &p, CL_EVENT_DISCHARGE, "2026-03-12", &e); /* a Thursday */
	assert_string_equal(e.contact_due, "2026-03-16");
	assert_string_equal(e.visit_due, "2026-03-26");
	contact(db, &p, "2026-03-13 09:00", "phone", "no-answer");
	assert_int_equal(stored(db, &p, &e).followup_step, CL_FOLLOWUP_CONTACT);
	contact(db, &p, "2026-03-13 15:00", "phone", "left-message");
	e = stored(db, &p, &e);
	assert_int_equal(e.followup_step, CL_FOLLOWUP_VISIT);
	assert_string_equal(e.followup_due, "2026-03-26");

	/* Attempts before the discharge, or after the contact's due date, do not count. */
	fix_patient(db, "T3", "low", "", &q);
	contact(db, &q, "2026-02-20 09:00", "phone", "no-answer");
	event(db, &q, CL_EVENT_DISCHARGE, "2026-02-27", &late); /* Friday: due Tuesday 3 */
	contact(db, &q, "2026-02-26 09:00", "phone", "no-answer");
	contact(db, &q, "2026-03-04 09:00", "phone", "no-answer");
	contact(db, &q, "2026-03-05 09:00", "phone", "no-answer");
	assert_int_equal(stored(db, &q, &late).followup_step, CL_FOLLOWUP_CONTACT);
	/* A contact that reached the patient, late, still meets it. */
	contact(db, &q, "2026-03-06 09:00", "video", "reached");
	assert_int_equal(stored(db, &q, &late).followup_step, CL_FOLLOWUP_VISIT);
}

static void count_found(const char *problem, void *arg)
{
	(void)problem;
	(*(int *)arg)++;
}

/* careloop check recomputes what each event owes from the contacts. */
static void check_followups(void **state)
{
	struct cl_db *db = *state;
	struct cl_error err = { 0 };
	struct cl_clinical_event e;
	struct cl_patient p;
	int found = 0;

	fix_patient(db, "C1", "low", "", &p);
	event(db, &p, CL_EVENT_DISCHARGE, "2026-03-12", &e);
	contact(db, &p, "2026-03-13 09:00", "phone", "reached");
	assert_int_equal(cl_check_derived(db, count_found, &found, &err), CL_OK);
	assert_int_equal(found, 0);
	fix_exec(db, "UPDATE clinical_event SET followup_step = 'contact'");
	assert_int_equal(cl_check_derived(db, count_found, &found, &err), CL_ECORRUPT);
	assert_int_equal(found, 2); /* the step, and its due date now the contact's */
}

static void ed_visit_and_others(void **state)
{
	struct cl_db *db = *state;
	struct cl_clinical_event ed, adm, old, known;
	struct cl_patient p, q;
	struct cl_error err = { 0 };

	fix_patient(db, "E1", "rising", "", &p);
	event(db, &p, CL_EVENT_ED_VISIT, "2026-03-14", &ed);
	assert_int_equal(ed.followup_step, CL_FOLLOWUP_CONTACT);
	assert_string_equal(ed.followup_due, "2026-03-21");
	assert_int_equal(cl_setting_set_int(db, "ed_followup_days", 3, &err), CL_OK);
	event(db, &p, CL_EVENT_ADMISSION, "2026-03-14", &adm);
	assert_int_equal(adm.followup_step, CL_FOLLOWUP_NONE);
	assert_string_equal(adm.contact_due, "");
	/* Recorded long after: history, nothing owed. */
	event(db, &p, CL_EVENT_ED_VISIT, "2026-01-10", &old);
	assert_int_equal(old.followup_step, CL_FOLLOWUP_NONE);
	contact(db, &p, "2026-03-14 20:00", "phone", "reached");
	assert_int_equal(stored(db, &p, &ed).followup_step, CL_FOLLOWUP_NONE);

	/* A contact logged before the event was recorded (an import arriving late) counts. */
	fix_patient(db, "E2", "low", "", &q);
	contact(db, &q, "2026-03-14 18:00", "phone", "reached");
	event(db, &q, CL_EVENT_ED_VISIT, "2026-03-13", &known);
	assert_int_equal(known.followup_step, CL_FOLLOWUP_NONE);
	assert_string_equal(known.contact_due, "2026-03-16");
}

/* ---- import ---- */

struct told {
	long numbers[8], lines[8];
	char controls[8][32], mrns[8][32];
	int n, problems;
	char first_problem[256];
};

static void on_unmatched(long number, long line, const char *control_id, const char *mrn, void *arg)
{
	struct told *t = arg;

	if (t->n < 8) {
		t->numbers[t->n] = number;
		t->lines[t->n] = line;
		snprintf(t->controls[t->n], sizeof(t->controls[0]), "%s", control_id);
		snprintf(t->mrns[t->n], sizeof(t->mrns[0]), "%s", mrn);
	}
	t->n++;
}

static void on_problem(const struct cl_error *err, void *arg)
{
	struct told *t = arg;

	if (!t->problems++)
		snprintf(t->first_problem, sizeof(t->first_problem), "%s", err->message);
}

static int import(struct cl_db *db, const char *text, bool dry, bool skip, struct told *t,
		  struct cl_event_import_result *res)
{
	struct cl_event_import_options opt = { 0 };
	struct cl_error err = { 0 };

	memset(t, 0, sizeof(*t));
	opt.base.dry_run = dry;
	opt.base.skip_bad = skip;
	opt.base.bad_row = on_problem;
	opt.base.arg = t;
	opt.unmatched = on_unmatched;
	return cl_event_import_mem(db, text, strlen(text), &opt, res, &err);
}

/* MLLP-framed, CRLF segments; an SSN repetition before the MRN; an escaped reason. */
static const char adt[] =
	"\x0b"
	"MSH|^~\\&|EPIC|MERCY|ENS|CLINIC|202603131410||ADT^A03^ADT_A03|M1|P|2.5.1\r\n"
	"EVN|A03|202603131405\r\n"
	"PID|1||123-45-6789^^^SSA^SS~P1^^^CLINIC^MR||Test^Ana\r\n"
	"PV1|1|I|4W^412^A^MERCY\r\n"
	"PV2|||^Fall \\T\\ hip fracture\r\n"
	"\x1c\r"
	"\x0b"
	"MSH|^~\\&|EPIC|MERCY|ENS|CLINIC|202603121000||ADT^A04|M2|P|2.5.1\r"
	"PID|1||P2^^^CLINIC^MR\r"
	"PV1|1|E\r"
	"\x1c\r"
	"\x0b"
	"MSH|^~\\&|EPIC|MERCY|ENS|CLINIC|202603121100||ADT^A04|M3|P|2.5.1\r"
	"PID|1||P2^^^CLINIC^MR\r"
	"PV1|1|O\r"
	"\x1c\r"
	"\x0b"
	"MSH|^~\\&|EPIC|MERCY|ENS|CLINIC|202603121200||ADT^A08|M4|P|2.5.1\r"
	"PID|1||P2^^^CLINIC^MR\r"
	"PV1|1|I\r"
	"\x1c\r"
	"\x0b"
	"MSH|^~\\&|EPIC|MERCY|ENS|CLINIC|202603101200||ADT^A01|M5|P|2.5.1\r"
	"PID|1||NOBODY^^^CLINIC^MR\r"
	"PV1|1|I\r"
	"\x1c\r"
	"\x0b"
	"MSH|^~\\&|EPIC|MERCY|ENS|CLINIC|202603101200||ADT^A01|M6|P|2.5.1\r"
	"PID|1||P1^^^CLINIC^MR\r"
	"PV1|1|I||||||||||||||||||||||||||||||||||||||||||202603100830\r"
	"\x1c\r";

static void hl7_import(void **state)
{
	struct cl_db *db = *state;
	struct cl_event_import_result res;
	struct cl_clinical_event rows[8];
	struct cl_error err = { 0 };
	struct cl_patient p1, p2;
	struct told t;
	int n;

	fix_patient(db, "P1", "low", "", &p1);
	fix_patient(db, "P2", "low", "", &p2);
	/* A dry run checks everything and keeps nothing. */
	assert_int_equal(import(db, adt, true, false, &t, &res), CL_OK);
	assert_true(res.hl7);
	assert_int_equal(res.records, 6);
	assert_int_equal(res.imported, 3);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM clinical_event", NULL), 0);

	assert_int_equal(import(db, adt, false, false, &t, &res), CL_OK);
	assert_int_equal(res.records, 6);
	assert_int_equal(res.imported, 3);
	assert_int_equal(res.ignored, 2); /* A04 outpatient, A08 */
	assert_int_equal(res.unmatched, 1);
	assert_int_equal(res.duplicates, 0);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.numbers[0], 5);
	assert_string_equal(t.controls[0], "M5");
	assert_string_equal(t.mrns[0], "NOBODY");

	assert_int_equal(cl_event_list(db, &p1.id, rows, 8, &n, &err), CL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].kind, CL_EVENT_DISCHARGE);
	assert_string_equal(rows[0].event_date, "2026-03-13");
	assert_string_equal(rows[0].event_time, "14:05"); /* EVN-2: no PV1-45 */
	assert_string_equal(rows[0].facility, "MERCY");
	assert_string_equal(rows[0].reason, "Fall & hip fracture");
	assert_string_equal(rows[0].patient_class, "I");
	assert_int_equal(rows[0].source, CL_EVENT_FROM_HL7);
	assert_string_equal(rows[0].source_sender, "EPIC^MERCY");
	assert_string_equal(rows[0].source_key, "M1");
	assert_int_equal(rows[0].followup_step, CL_FOLLOWUP_CONTACT);
	assert_string_equal(rows[0].followup_due, "2026-03-17");
	assert_int_equal(rows[1].kind, CL_EVENT_ADMISSION);
	assert_string_equal(rows[1].event_time, "08:30"); /* PV1-44 */
	assert_int_equal(cl_event_list(db, &p2.id, rows, 8, &n, &err), CL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].kind, CL_EVENT_ED_VISIT);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM audit WHERE action = 'import'"
				 " AND entity = 'clinical_event'",
				 NULL),
			 3);

	/* Again: each message is known by its control id; nothing new. */
	assert_int_equal(import(db, adt, false, false, &t, &res), CL_OK);
	assert_int_equal(res.imported, 0);
	assert_int_equal(res.duplicates, 3);
	assert_int_equal(res.unmatched, 1);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM clinical_event", NULL), 3);
}

/* Line groups with LF; a bad message (no control id) refuses the whole file. */
static void hl7_all_or_nothing(void **state)
{
	static const char file[] = "MSH|^~\\&|A|F|||202603131410||ADT^A01|G1|P|2.5.1\n"
				   "PID|1||P1\n"
				   "PV1|1|I\n"
				   "\n"
				   "MSH|^~\\&|A|F|||202603131410||ADT^A03||P|2.5.1\n"
				   "PID|1||P1\n"
				   "PV1|1|I\n"
				   "MSH|^~\\&|A|F|||20260399||ADT^A03|G3|P|2.5.1\n"
				   "PID|1||P1\n"
				   "PV1|1|I\n";
	struct cl_db *db = *state;
	struct cl_event_import_result res;
	struct cl_patient p1;
	struct told t;

	fix_patient(db, "P1", "low", "", &p1);
	assert_int_equal(import(db, file, false, false, &t, &res), CL_EINVAL);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_ROWS);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(t.problems, 2);
	assert_string_equal(t.first_problem,
			    "message 2 (line 5): MSH-10 (message control id) is empty");
	assert_int_equal(fix_int(db, "SELECT count(*) FROM clinical_event", NULL), 0);
	/* --skip-bad keeps the good one. */
	assert_int_equal(import(db, file, false, true, &t, &res), CL_OK);
	assert_int_equal(res.imported, 1);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(fix_int(db, "SELECT count(*) FROM clinical_event", NULL), 1);
}

static void csv_import(void **state)
{
	static const char file[] =
		"Patient MRN,Patient Name,Event Type,Event Date/Time,Facility,Reason/Diagnosis\n"
		"P1,\"Test, Ana\",Emergency,03/14/2026 11:15 PM,Mercy General,Asthma\n"
		"P1,\"Test, Ana\",Inpatient,2026-03-10 08:00,St. Luke's,Cellulitis\n"
		"P1,\"Test, Ana\",Discharge,2026-03-13,St. Luke's,Cellulitis\n"
		"NOBODY,\"Nobody\",ED,2026-03-14,Mercy General,Laceration\n";
	static const char bad[] = "MRN,Type,Date,Encounter ID\n"
				  "P1,Observation,2026-03-14,X1\n"
				  "P1,ED,2026-03-40,X2\n"
				  "P1,ED,2026-03-14,X3\n";
	static const char no_type[] = "MRN,Date\nP1,2026-03-14\n";
	struct cl_db *db = *state;
	struct cl_event_import_result res;
	struct cl_clinical_event rows[8];
	struct cl_error err = { 0 };
	struct cl_patient p1;
	struct told t;
	int n;

	fix_patient(db, "P1", "low", "", &p1);
	assert_int_equal(import(db, file, false, false, &t, &res), CL_OK);
	assert_false(res.hl7);
	assert_int_equal(res.records, 4);
	assert_int_equal(res.imported, 3);
	assert_int_equal(res.unmatched, 1);
	assert_int_equal(t.numbers[0], 5); /* its line */
	assert_string_equal(t.controls[0], "");
	assert_int_equal(cl_event_list(db, &p1.id, rows, 8, &n, &err), CL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].kind, CL_EVENT_ED_VISIT);
	assert_string_equal(rows[0].event_time, "23:15");
	assert_string_equal(rows[0].facility, "Mercy General");
	assert_string_equal(rows[0].reason, "Asthma");
	assert_int_equal(rows[0].source, CL_EVENT_FROM_CSV);
	assert_int_equal(rows[1].kind, CL_EVENT_DISCHARGE);
	assert_int_equal(rows[2].kind, CL_EVENT_ADMISSION);
	/* Again: the same rows (type, date, time, facility) add nothing. */
	assert_int_equal(import(db, file, false, false, &t, &res), CL_OK);
	assert_int_equal(res.imported, 0);
	assert_int_equal(res.duplicates, 3);

	/* Bad rows: each problem at its line and column; nothing kept. */
	assert_int_equal(import(db, bad, false, false, &t, &res), CL_EINVAL);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_ROWS);
	assert_int_equal(t.problems, 2);
	assert_string_equal(t.first_problem,
			    "line 2, column B (Type): is not an event type careloop knows (ED, "
			    "Emergency, Admit, Inpatient, Discharge \xe2\x80\xa6)");
	assert_int_equal(fix_int(db, "SELECT count(*) FROM clinical_event", NULL), 3);
	assert_int_equal(import(db, bad, false, true, &t, &res), CL_OK);
	assert_int_equal(res.imported, 1);
	assert_int_equal(fix_int(db,
				 "SELECT count(*) FROM clinical_event"
				 " WHERE source_key = 'id:X3'",
				 NULL),
			 1);
	/* The header must name the type. */
	assert_int_equal(import(db, no_type, false, false, &t, &res), CL_EINVAL);
	assert_int_equal(res.outcome, CL_IMPORT_BAD_HEADER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fields, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(discharge_contact_then_visit, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(two_attempts_count, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(ed_visit_and_others, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(check_followups, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(hl7_import, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(hl7_all_or_nothing, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(csv_import, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
