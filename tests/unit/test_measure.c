/*
 * The program measures on crafted data, each figure computed by hand: the period is March
 * 2026 (2026-03-01 .. 2026-03-31, a Sunday the 1st), today 2026-04-10. Rows are written with
 * SQL so that each test says exactly what is in the database.
 */
#include "config.h"

#include "fixture_careplan.h"
#include "testdb.h"

#define STAMP "'2026-03-01T12:00:00.000Z', '2026-03-01T12:00:00.000Z', 'test'"

static void sqlf(struct cl_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sqlf(struct cl_db *db, const char *fmt, ...)
{
	char sql[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	fix_exec(db, sql);
}

/* Patient n (id X'…n', MRN M00n): birth date, status, death date, care manager m (0: none). */
static void patient(struct cl_db *db, int n, const char *birth, const char *status,
		    const char *death, int cm, const char *tier)
{
	char cmv[48];

	if (cm)
		snprintf(cmv, sizeof(cmv), "X'%032x'", 0xc000 + cm);
	else
		snprintf(cmv, sizeof(cmv), "NULL");
	sqlf(db,
	     "INSERT INTO patient (id, mrn, given_name, family_name, birth_date, sex, language,"
	     " payer, risk_tier, status, death_date, care_manager_id, created_at, updated_at,"
	     " updated_by) VALUES (X'%032x', 'M%03d', 'Given', 'Family%03d', '%s', 'female', 'en',"
	     " 'medicaid', '%s', '%s', '%s', %s, " STAMP ")",
	     n, n, n, birth, tier, status, death, cmv);
}

static void adult(struct cl_db *db, int n)
{
	patient(db, n, "1970-06-01", "active", "", 0, "low");
}

static void care_manager(struct cl_db *db, int cm, const char *name)
{
	sqlf(db,
	     "INSERT INTO care_manager (id, login, display_name, created_at, updated_at,"
	     " updated_by) VALUES (X'%032x', 'cm%d', '%s', " STAMP ")",
	     0xc000 + cm, cm, name);
}

/*
 * Screening s of patient n on date with status; results: "food+ housing- …" (domain code,
 * + positive, - negative, ? incomplete); domains not named get no result row.
 */
static void screening(struct cl_db *db, int s, int n, const char *date, const char *status,
		      const char *results)
{
	char copy[256], *tok, *save = NULL;

	sqlf(db,
	     "INSERT INTO screening (id, patient_id, instrument_id, screened_on, status,"
	     " created_at, updated_at, updated_by) VALUES (X'%032x', X'%032x',"
	     " (SELECT id FROM instrument WHERE code = 'ahc-hrsn'), '%s', '%s', " STAMP ")",
	     0x5000 + s, n, date, status);
	snprintf(copy, sizeof(copy), "%s", results);
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(tok);
		char sign = tok[len - 1];

		tok[len - 1] = '\0';
		sqlf(db,
		     "INSERT INTO screening_result (screening_id, domain_id, result) VALUES"
		     " (X'%032x', (SELECT id FROM screening_domain WHERE code = '%s'), '%s')",
		     0x5000 + s, tok,
		     sign == '+'   ? "positive"
		     : sign == '-' ? "negative"
				   : "incomplete");
	}
}

#define ALL_NEGATIVE "housing- housing-quality- food- transportation- utilities- safety-"

static void contact(struct cl_db *db, int c, int n, const char *at, const char *mode,
		    const char *outcome, int minutes)
{
	sqlf(db,
	     "INSERT INTO contact (id, patient_id, occurred_at, mode, direction, outcome, minutes,"
	     " created_at, updated_at, updated_by) VALUES (X'%032x', X'%032x', '%s', '%s',"
	     " 'outbound', '%s', %d, " STAMP ")",
	     0x7000 + c, n, at, mode, outcome, minutes);
}

static void event(struct cl_db *db, int e, int n, const char *kind, const char *date)
{
	sqlf(db,
	     "INSERT INTO clinical_event (id, patient_id, kind, event_date, created_at,"
	     " updated_at, updated_by) VALUES (X'%032x', X'%032x', '%s', '%s', " STAMP ")",
	     0x8000 + e, n, kind, date);
}

static void org(struct cl_db *db, int o, const char *kind, const char *name)
{
	sqlf(db,
	     "INSERT INTO organization (id, kind, name, created_at, updated_at, updated_by)"
	     " VALUES (X'%032x', '%s', '%s', " STAMP ")",
	     0x9000 + o, kind, name);
}

/* Referral r of patient n to organization o. */
static void referral(struct cl_db *db, int r, int n, int o, const char *kind, const char *service,
		     const char *referred_on, const char *due, const char *status,
		     const char *closed_on)
{
	sqlf(db,
	     "INSERT INTO referral (id, patient_id, kind, organization_id, service, priority,"
	     " mode, referred_on, due_date, status, closed_on, created_at, updated_at, updated_by)"
	     " VALUES (X'%032x', X'%032x', '%s', X'%032x', '%s', 'routine', 'referral', '%s',"
	     " '%s', '%s', '%s', " STAMP ")",
	     0xa000 + r, n, kind, 0x9000 + o, service, referred_on, due, status, closed_on);
}

static void referral_event(struct cl_db *db, int r, const char *at, const char *to)
{
	sqlf(db,
	     "INSERT INTO referral_event (id, referral_id, at, actor, from_status, to_status)"
	     " VALUES (randomblob(16), X'%032x', '%s', 'test', 'accepted', '%s')",
	     0xa000 + r, at, to);
}

static struct cl_measure_query march(void)
{
	struct cl_measure_query q = { .from = "2026-03-01",
				      .to = "2026-03-31",
				      .today = "2026-04-10" };
	return q;
}

static struct cl_measure_result compute(struct cl_db *db, const char *key,
					const struct cl_measure_query *q)
{
	struct cl_error err = { 0 };
	struct cl_measure_result r;
	const struct cl_measure *m = cl_measure_find(key);

	assert_non_null(m);
	if (cl_measure_compute(db, m, q, &r, &err))
		fail_msg("%s: %s", key, err.message);
	assert_true(r.n >= 1);
	return r;
}

/* The figure of group (care manager name or "" when not by care manager). */
static const struct cl_measure_figure *figure(const struct cl_measure_result *r,
					      const char *care_manager, const char *group)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->figures[i].group, group) == 0 &&
		    strcmp(r->figures[i].care_manager, care_manager) == 0)
			return &r->figures[i];
	fail_msg("no figure '%s' '%s'", care_manager, group);
	return NULL;
}

static void expect(const struct cl_measure_figure *f, long long num, long long den, long long excl)
{
	assert_int_equal(f->numerator, num);
	assert_int_equal(f->denominator, den);
	assert_int_equal(f->exclusions, excl);
}

static int gap(struct cl_db *db, const char *key, const struct cl_measure_query *q,
	       struct cl_measure_gap_row *rows, int max)
{
	struct cl_error err = { 0 };
	int n = -1;

	if (cl_measure_gap(db, cl_measure_find(key), q, NULL, rows, max, &n, &err))
		fail_msg("gap %s: %s", key, err.message);
	return n;
}

static void screening_rate(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;
	struct cl_measure_gap_row rows[8];

	/* 1: 18 on the period's first day, seen and fully screened: numerator. */
	patient(db, 1, "2008-03-01", "active", "", 0, "low");
	contact(db, 1, 1, "2026-03-05T10:00", "phone", "reached", 10);
	screening(db, 1, 1, "2026-03-05", "completed", ALL_NEGATIVE);
	/* 2: 18 on the period's second day: not counted at all. */
	patient(db, 2, "2008-03-02", "active", "", 0, "low");
	contact(db, 2, 2, "2026-03-05T10:00", "phone", "reached", 10);
	/* 3: seen, never screened: denominator only (the gap). */
	adult(db, 3);
	event(db, 1, 3, "ed-visit", "2026-03-12");
	/* 4: declined: an exception, out of the denominator, counted as declined. */
	adult(db, 4);
	screening(db, 2, 4, "2026-03-10", "declined", "");
	/* 5: seen, then died in the period: excluded. */
	patient(db, 5, "1950-01-01", "deceased", "2026-03-20", 0, "high");
	contact(db, 3, 5, "2026-03-02T09:00", "in-person", "reached", 30);
	/* 6: a partial screening without safety: denominator, not numerator. */
	adult(db, 6);
	screening(db, 3, 6, "2026-03-20", "partial",
		  "housing+ housing-quality- food- transportation- utilities- safety?");
	/* 7: only a call nobody answered: no encounter. */
	adult(db, 7);
	contact(db, 4, 7, "2026-03-03T09:00", "phone", "no-answer", 1);
	/* 8: screened in February: outside the period, not seen in it. */
	adult(db, 8);
	screening(db, 4, 8, "2026-02-27", "completed", ALL_NEGATIVE);

	r = compute(db, "sdoh-screening", &q);
	assert_int_equal(r.n, 1);
	expect(&r.figures[0], 1, 3, 1);
	assert_int_equal(r.figures[0].extra[0], 1); /* declined */
	cl_measure_result_free(&r);

	assert_int_equal(gap(db, "sdoh-screening", &q, rows, 8), 2);
	assert_string_equal(rows[0].mrn, "M003"); /* never screened: date "" first */
	assert_string_equal(rows[0].what, "never screened");
	assert_string_equal(rows[1].mrn, "M006");
	assert_string_equal(rows[1].date, "2026-03-20");
	assert_string_equal(rows[1].what, "not all five domains");

	/* April: nobody seen, one whole figure of zeros. */
	cl_measure_query_shift(&q, 1);
	assert_string_equal(q.from, "2026-04-01");
	assert_string_equal(q.to, "2026-04-30");
	r = compute(db, "sdoh-screening", &q);
	assert_int_equal(r.n, 1);
	expect(&r.figures[0], 0, 0, 0);
	assert_true(cl_measure_percent(&r.figures[0]) < 0);
	cl_measure_result_free(&r);
}

static void positive_rate(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;

	adult(db, 1);
	screening(db, 1, 1, "2026-03-05", "completed",
		  "housing- housing-quality- food+ transportation- utilities- safety-");
	adult(db, 2);
	screening(db, 2, 2, "2026-03-06", "partial", "housing+ food- safety?");
	adult(db, 3);
	screening(db, 3, 3, "2026-03-07", "completed", ALL_NEGATIVE);
	adult(db, 4); /* declined: not screened */
	screening(db, 4, 4, "2026-03-07", "declined", "");
	patient(db, 5, "2010-01-01", "active", "", 0, "low"); /* a child */
	screening(db, 5, 5, "2026-03-07", "completed", "food+");

	r = compute(db, "sdoh-positive", &q);
	expect(figure(&r, "", ""), 2, 3, 0);
	expect(figure(&r, "", "food"), 1, 3, 0);
	expect(figure(&r, "", "housing"), 1, 3, 0);
	expect(figure(&r, "", "safety"), 0, 3, 0);
	expect(figure(&r, "", "transportation"), 0, 3, 0);
	assert_string_equal(r.figures[0].group, ""); /* the whole first */
	cl_measure_result_free(&r);
	assert_null(cl_measure_find("sdoh-positive")->sql_gap);
}

static void connection_within_60_days(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;
	struct cl_measure_gap_row rows[8];

	org(db, 1, "community", "Valley Food Bank");
	/* 1: positive 03-02, the food bank serving them on day 60 (05-01): connected. */
	adult(db, 1);
	screening(db, 1, 1, "2026-03-02", "completed", "food+");
	referral(db, 1, 1, 1, "community", "food-insecurity", "2026-03-02", "2026-04-01",
		 "in-progress", "");
	referral_event(db, 1, "2026-05-01T12:00:00.000Z", "in-progress");
	/* 2: the same on day 61 (05-02): not connected. */
	adult(db, 2);
	screening(db, 2, 2, "2026-03-02", "completed", "food+");
	referral(db, 2, 2, 1, "community", "food-insecurity", "2026-03-02", "2026-04-01",
		 "in-progress", "");
	referral_event(db, 2, "2026-05-02T12:00:00.000Z", "in-progress");
	/* 3: positive for housing, served for food: not a connection for their need. */
	adult(db, 3);
	screening(db, 3, 3, "2026-03-03", "completed", "housing+ food-");
	referral(db, 3, 3, 1, "community", "food-insecurity", "2026-03-03", "2026-04-02",
		 "in-progress", "");
	referral_event(db, 3, "2026-03-10T12:00:00.000Z", "in-progress");
	/* 4: positive, died unconnected within the 60 days: excluded. */
	patient(db, 4, "1940-01-01", "deceased", "2026-03-20", 0, "high");
	screening(db, 4, 4, "2026-03-04", "completed", "utilities+");
	/* 5: accepted only (the organization has not served them): not connected. */
	adult(db, 5);
	screening(db, 5, 5, "2026-03-30", "completed", "food+");
	referral(db, 5, 5, 1, "community", "food-insecurity", "2026-03-30", "2026-04-29",
		 "accepted", "");
	referral_event(db, 5, "2026-04-01T12:00:00.000Z", "accepted");

	r = compute(db, "connection-60", &q);
	assert_int_equal(r.n, 1);
	expect(&r.figures[0], 1, 4, 1);
	assert_true(r.figures[0].has_median);
	assert_true(r.figures[0].median_days == 60.0);
	cl_measure_result_free(&r);

	/* The gap: the open positives with their days left on 2026-04-10. */
	assert_int_equal(gap(db, "connection-60", &q, rows, 8), 3);
	assert_string_equal(rows[0].mrn, "M002");
	assert_string_equal(rows[0].what, "21 days left"); /* 03-02 + 60 = 05-01 */
	assert_string_equal(rows[1].mrn, "M003");
	assert_string_equal(rows[1].what, "22 days left");
	assert_string_equal(rows[2].mrn, "M005");
	assert_string_equal(rows[2].what, "49 days left");
	assert_int_equal(cl_measure_connection_days_left("2026-03-02", "2026-05-01"), 0);
	assert_int_equal(cl_measure_connection_days_left("2026-03-02", "2026-05-02"), -1);
	assert_int_equal(cl_measure_connection_days_left("2026-03-02", "2026-03-02"), 60);

	/* As of 2026-05-02 patient 2's window has passed. */
	snprintf(q.today, sizeof(q.today), "2026-05-02");
	assert_int_equal(gap(db, "connection-60", &q, rows, 8), 3);
	assert_string_equal(rows[0].what, "60 days passed");
}

static void loop_closure(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;
	struct cl_measure_gap_row rows[8];
	const struct cl_measure_figure *f;

	org(db, 1, "community", "Alpha Pantry");
	org(db, 2, "specialty", "Beta Cardiology");
	org(db, 3, "community", "Harbor Shelter");
	adult(db, 1);
	referral(db, 1, 1, 1, "community", "food-insecurity", "2026-03-01", "2026-03-31",
		 "completed", "2026-03-11"); /* 10 days */
	referral(db, 2, 1, 1, "community", "food-insecurity", "2026-03-05", "2026-03-20",
		 "requested", ""); /* open, overdue on 04-10 */
	referral(db, 3, 1, 2, "specialty", "cardiology", "2026-03-01", "2026-03-31", "cancelled",
		 "2026-03-21"); /* 20 days */
	referral(db, 4, 1, 2, "specialty", "cardiology", "2026-03-02", "2026-04-01",
		 "entered-in-error", ""); /* excluded */
	referral(db, 5, 1, 1, "community", "food-insecurity", "2026-02-27", "2026-03-29",
		 "requested", ""); /* February: not in the period */
	referral(db, 6, 1, 3, "community", "intimate-partner-violence", "2026-03-06", "2026-05-05",
		 "accepted", ""); /* open, not overdue, private */

	r = compute(db, "loop-closure", &q);
	f = figure(&r, "", "");
	expect(f, 2, 4, 1);
	assert_int_equal(f->extra[0], 1); /* overdue */
	assert_true(f->has_median && f->median_days == 15.0);
	f = figure(&r, "", "Alpha Pantry");
	expect(f, 1, 2, 0);
	assert_int_equal(f->extra[0], 1);
	assert_true(f->median_days == 10.0);
	f = figure(&r, "", "Beta Cardiology");
	expect(f, 1, 1, 1);
	assert_true(f->median_days == 20.0);
	expect(figure(&r, "", "Harbor Shelter"), 0, 1, 0);
	assert_false(figure(&r, "", "Harbor Shelter")->has_median);
	cl_measure_result_free(&r);

	assert_int_equal(gap(db, "loop-closure", &q, rows, 8), 2);
	assert_string_equal(rows[0].date, "2026-03-20");
	assert_string_equal(rows[0].what, "Alpha Pantry");
	assert_string_equal(rows[1].what, CL_PRIVATE_REFERRAL); /* never the shelter's name */
}

static void caseload(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;

	care_manager(db, 1, "Ana");
	care_manager(db, 2, "Bo");
	patient(db, 1, "1970-01-01", "active", "", 1, "high");
	patient(db, 2, "1970-01-01", "active", "", 1, "low");
	patient(db, 3, "1970-01-01", "inactive", "", 1, "low");
	patient(db, 4, "1970-01-01", "active", "", 2, "rising");
	patient(db, 5, "1970-01-01", "active", "", 0, "high");

	r = compute(db, "caseload", &q);
	expect(figure(&r, "", ""), 3, 4, 1);
	expect(figure(&r, "", "high"), 2, 4, 0);
	expect(figure(&r, "", "rising"), 1, 4, 0);
	expect(figure(&r, "", "low"), 1, 4, 0);
	assert_string_equal(r.figures[1].group, "high"); /* tiers in risk order */
	assert_string_equal(r.figures[3].group, "low");
	cl_measure_result_free(&r);

	q.by_care_manager = true;
	r = compute(db, "caseload", &q);
	assert_string_equal(r.figures[0].care_manager, "Ana"); /* by name, unassigned last */
	expect(figure(&r, "Ana", ""), 2, 2, 1);
	expect(figure(&r, "Ana", "high"), 1, 2, 0);
	expect(figure(&r, "Bo", "rising"), 1, 1, 0);
	expect(figure(&r, "(unassigned)", ""), 0, 1, 0);
	assert_string_equal(r.figures[r.n - 1].care_manager, "(unassigned)");
	cl_measure_result_free(&r);

	/* One care manager's patients only. */
	q.by_care_manager = false;
	q.has_care_manager = true;
	memset(&q.care_manager, 0, sizeof(q.care_manager));
	q.care_manager.bytes[CL_ID_LEN - 2] = 0xc0;
	q.care_manager.bytes[CL_ID_LEN - 1] = 0x02;
	r = compute(db, "caseload", &q);
	expect(figure(&r, "", ""), 1, 1, 0);
	cl_measure_result_free(&r);
}

static void contacts_minutes(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;
	struct cl_measure_gap_row rows[4];
	const struct cl_measure_figure *f;

	adult(db, 1);
	contact(db, 1, 1, "2026-03-02T09:00", "phone", "reached", 15);
	contact(db, 2, 1, "2026-03-31T19:00", "phone", "left-message", 5); /* 20: meets */
	adult(db, 2);
	contact(db, 3, 2, "2026-03-10T09:00", "phone", "reached", 19);
	contact(db, 4, 2, "2026-02-28T09:00", "phone", "reached", 30); /* February */

	r = compute(db, "contacts-minutes", &q);
	f = figure(&r, "", "");
	expect(f, 1, 2, 0);
	assert_int_equal(f->extra[0], 3);  /* contacts */
	assert_int_equal(f->extra[1], 39); /* minutes */
	expect(figure(&r, "", "2026-03"), 1, 2, 0);
	cl_measure_result_free(&r);

	/* Two months: one figure each, and the whole. */
	snprintf(q.from, sizeof(q.from), "2026-02-01");
	r = compute(db, "contacts-minutes", &q);
	expect(figure(&r, "", ""), 2, 3, 0);
	expect(figure(&r, "", "2026-02"), 1, 1, 0);
	assert_string_equal(r.figures[1].group, "2026-02");
	cl_measure_result_free(&r);

	q = march();
	assert_int_equal(gap(db, "contacts-minutes", &q, rows, 4), 1);
	assert_string_equal(rows[0].mrn, "M002");
	assert_string_equal(rows[0].what, "19 min");
}

/* 2026-03-05 is a Thursday: 2 business days later is Monday 03-09; a Friday's, Tuesday. */
static void tcm_contact(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;
	struct cl_error err = { 0 };

	adult(db, 1); /* reached on the last day, late in the evening: met */
	event(db, 1, 1, "discharge", "2026-03-05");
	contact(db, 1, 1, "2026-03-09T19:30", "phone", "reached", 5);
	adult(db, 2); /* reached a day late: not met */
	event(db, 2, 2, "discharge", "2026-03-05");
	contact(db, 2, 2, "2026-03-10T09:00", "phone", "reached", 5);
	adult(db, 3); /* two unanswered calls over the weekend and Monday: met */
	event(db, 3, 3, "discharge", "2026-03-06");
	contact(db, 3, 3, "2026-03-07T10:00", "phone", "no-answer", 1);
	contact(db, 4, 3, "2026-03-09T10:00", "video", "left-message", 1);
	adult(db, 4); /* a text is not interactive: not met */
	event(db, 4, 4, "discharge", "2026-03-05");
	contact(db, 5, 4, "2026-03-06T10:00", "text", "reached", 1);
	patient(db, 5, "1940-01-01", "deceased", "2026-03-07", 0, "high"); /* excluded */
	event(db, 5, 5, "discharge", "2026-03-05");
	adult(db, 6); /* an admission is not a discharge */
	event(db, 6, 6, "admission", "2026-03-05");

	r = compute(db, "tcm-contact", &q);
	assert_int_equal(r.n, 1);
	expect(&r.figures[0], 2, 4, 1);
	cl_measure_result_free(&r);

	/* Monday 03-09 a clinic holiday: Thursday's discharges are due Tuesday 03-10, and
	   patient 2's contact that day is in time. */
	assert_int_equal(cl_holiday_add(db, "2026-03-09", "test", &err), CL_OK);
	r = compute(db, "tcm-contact", &q);
	expect(&r.figures[0], 3, 4, 1);
	cl_measure_result_free(&r);
}

/* Mark record n (X'base+n', version 1) of kind what entered in error. */
static void in_error(struct cl_db *db, enum cl_correctable what, int id, const char *reason)
{
	struct cl_error err = { 0 };
	struct cl_id rid;
	char hex[40];

	snprintf(hex, sizeof(hex), "%032x", id);
	for (int i = 0; i < CL_ID_LEN; i++)
		sscanf(hex + 2 * i, "%2hhx", &rid.bytes[i]);
	if (cl_entered_in_error(db, what, &rid, 1, reason, &err))
		fail_msg("entered in error: %s", err.message);
}

/*
 * Records entered in error leave every measure: the screening-rate scenario of
 * screening_rate, then corrected record by record, each figure worked out by hand.
 */
static void entered_in_error_leaves_measures(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_result r;

	adult(db, 1); /* seen (a call) and fully screened */
	contact(db, 1, 1, "2026-03-05T10:00", "phone", "reached", 15);
	contact(db, 2, 1, "2026-03-31T19:00", "phone", "left-message", 5);
	screening(db, 1, 1, "2026-03-05", "completed", ALL_NEGATIVE);
	adult(db, 3); /* seen (an ED visit), never screened */
	event(db, 1, 3, "ed-visit", "2026-03-12");
	adult(db, 6); /* a partial screening */
	screening(db, 3, 6, "2026-03-20", "partial",
		  "housing+ housing-quality- food- transportation- utilities- safety?");
	adult(db, 7); /* discharged Thursday 03-05, reached Monday 03-09: TCM met */
	event(db, 2, 7, "discharge", "2026-03-05");
	contact(db, 3, 7, "2026-03-09T10:00", "phone", "reached", 20);

	/* Before: 1 of 4 screened (1, 3, 6, 7 seen); minutes 1: 20 (meets), 7: 20 (meets). */
	r = compute(db, "sdoh-screening", &q);
	expect(&r.figures[0], 1, 4, 0);
	cl_measure_result_free(&r);
	r = compute(db, "contacts-minutes", &q);
	expect(figure(&r, "", ""), 2, 2, 0);
	assert_int_equal(figure(&r, "", "")->extra[1], 40);
	cl_measure_result_free(&r);
	r = compute(db, "tcm-contact", &q);
	expect(&r.figures[0], 1, 1, 0);
	cl_measure_result_free(&r);

	/* 1's screening in error: 1 is still seen (the call), not screened: 0 of 4. */
	in_error(db, CL_CORRECT_SCREENING, 0x5001, "wrong-patient");
	r = compute(db, "sdoh-screening", &q);
	expect(&r.figures[0], 0, 4, 0);
	cl_measure_result_free(&r);
	assert_int_equal(test_count(db, "SELECT count(*) FROM screening WHERE status ="
					" 'entered-in-error' AND error_reason = 'wrong-patient'"),
			 1);

	/* 1's call in error too: 1 is no longer seen (0 of 3) and has 5 minutes (1 of 2
	   meet, 25 minutes, 2 contacts). */
	in_error(db, CL_CORRECT_CONTACT, 0x7001, "wrong-date");
	r = compute(db, "sdoh-screening", &q);
	expect(&r.figures[0], 0, 3, 0);
	cl_measure_result_free(&r);
	r = compute(db, "contacts-minutes", &q);
	expect(figure(&r, "", ""), 1, 2, 0);
	assert_int_equal(figure(&r, "", "")->extra[0], 2);
	assert_int_equal(figure(&r, "", "")->extra[1], 25);
	cl_measure_result_free(&r);

	/* 3's ED visit in error: 3 is not seen: 0 of 2 (6 and 7). */
	in_error(db, CL_CORRECT_EVENT, 0x8001, "duplicate");
	r = compute(db, "sdoh-screening", &q);
	expect(&r.figures[0], 0, 2, 0);
	cl_measure_result_free(&r);

	/* 7's call in error: the discharge is not followed up (0 of 1); then the discharge
	   itself in error: no discharge at all (0 of 0), and 7 is not seen (0 of 1). */
	in_error(db, CL_CORRECT_CONTACT, 0x7003, "other");
	r = compute(db, "tcm-contact", &q);
	expect(&r.figures[0], 0, 1, 0);
	cl_measure_result_free(&r);
	in_error(db, CL_CORRECT_EVENT, 0x8002, "wrong-patient");
	r = compute(db, "tcm-contact", &q);
	expect(&r.figures[0], 0, 0, 0);
	cl_measure_result_free(&r);
	r = compute(db, "sdoh-screening", &q);
	expect(&r.figures[0], 0, 1, 0);
	cl_measure_result_free(&r);
	/* Nothing was deleted: every row is still there, marked. */
	assert_int_equal(test_count(db, "SELECT count(*) FROM contact"), 3);
	assert_int_equal(test_count(db, "SELECT count(*) FROM clinical_event"), 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM correction"), 5);
}

/* The latest positives as the screening core keeps them (screening_positive). */
static void positive(struct cl_db *db, int s, int n, const char *domain, const char *date,
		     int sensitive)
{
	sqlf(db,
	     "INSERT INTO screening_positive (domain_code, patient_id, screened_on, screening_id,"
	     " sensitive) VALUES ('%s', X'%032x', '%s', X'%032x', %d)",
	     domain, n, date, 0x5000 + s, sensitive);
}

/* The worklist's "Positive: connect": each open positive with its days left of the 60. */
static void worklist_positives(void **state)
{
	struct cl_db *db = *state;
	const struct cl_worklist_filter everyone = { .mine = false };
	struct cl_worklist_row rows[8];
	struct cl_error err = { 0 };
	long long count = -1;
	bool capped;
	int n = -1;

	/* Today is 2026-03-15 (FIX_TODAY). */
	org(db, 1, "community", "Valley Food Bank");
	adult(db, 1); /* day 60 today: the last day */
	screening(db, 1, 1, "2026-01-14", "completed", "food+ housing+");
	positive(db, 1, 1, "food", "2026-01-14", 0);
	positive(db, 1, 1, "housing", "2026-01-14", 0);
	adult(db, 2); /* day 61: the window has passed */
	screening(db, 2, 2, "2026-01-13", "completed", "food+");
	positive(db, 2, 2, "food", "2026-01-13", 0);
	adult(db, 3); /* connected: the food bank is serving them */
	screening(db, 3, 3, "2026-03-01", "completed", "food+");
	positive(db, 3, 3, "food", "2026-03-01", 0);
	referral(db, 1, 3, 1, "community", "food-insecurity", "2026-03-01", "2026-03-31",
		 "in-progress", "");
	referral_event(db, 1, "2026-03-05T12:00:00.000Z", "in-progress");
	adult(db, 4); /* safety: never named in the list */
	screening(db, 4, 4, "2026-03-10", "completed", "safety+");
	positive(db, 4, 4, "safety", "2026-03-10", 1);
	patient(db, 5, "1950-01-01", "deceased", "2026-03-12", 0, "low"); /* leaves the list */
	screening(db, 5, 5, "2026-03-10", "completed", "food+");
	positive(db, 5, 5, "food", "2026-03-10", 0);

	assert_int_equal(
		cl_worklist_page(db, CL_WORKLIST_POSITIVES, &everyone, NULL, rows, 8, &n, &err),
		CL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].mrn, "M001");
	assert_string_equal(rows[0].what, "food, housing");
	assert_string_equal(rows[0].date, "2026-01-14");
	assert_int_equal(rows[0].days, 0);
	assert_string_equal(rows[1].mrn, "M004");
	assert_string_equal(rows[1].what, CL_PRIVATE_FOLLOWUP);
	assert_int_equal(rows[1].days, 55);
	assert_int_equal(
		cl_worklist_count(db, CL_WORKLIST_POSITIVES, &everyone, 0, &count, &capped, &err),
		CL_OK);
	assert_int_equal(count, 2);
	/* From the end, backwards: the same rows. */
	assert_int_equal(cl_worklist_page_before(db, CL_WORKLIST_POSITIVES, &everyone, NULL, rows,
						 1, &n, &err),
			 CL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].mrn, "M004");
	assert_string_equal(cl_worklist_code(CL_WORKLIST_POSITIVES), "positives");
}

static void periods(void **state)
{
	struct cl_measure_query q;
	struct cl_error err = { 0 };
	size_t n, i;
	const struct cl_measure *all = cl_measures(&n);

	(void)state;
	assert_int_equal(cl_measure_query_last_month(&q, "2026-01-15", &err), CL_OK);
	assert_string_equal(q.from, "2025-12-01");
	assert_string_equal(q.to, "2025-12-31");
	assert_string_equal(q.today, "2026-01-15");
	cl_measure_query_shift(&q, 2);
	assert_string_equal(q.from, "2026-02-01");
	assert_string_equal(q.to, "2026-02-28");
	cl_measure_query_shift(&q, -14);
	assert_string_equal(q.from, "2024-12-01");
	assert_int_equal(cl_measure_query_last_month(&q, "2026-13-01", &err), CL_EINVAL);
	q = march();
	snprintf(q.to, sizeof(q.to), "2026-02-01");
	assert_int_equal(cl_measure_query_check(&q, &err), CL_EINVAL);
	assert_int_equal(n, 10); /* 7, and the chronic registry's 3 */
	for (i = 0; i < n; i++) {
		assert_ptr_equal(cl_measure_find(all[i].key), &all[i]);
		assert_true(strlen(all[i].short_title) <= 24);
	}
	assert_null(cl_measure_find("nope"));
}

/* Every measure and gap runs on an empty database, for everyone, by and for one manager. */
static void every_measure_runs(void **state)
{
	struct cl_db *db = *state;
	struct cl_measure_query q = march();
	struct cl_measure_gap_row rows[2];
	size_t n, i;
	const struct cl_measure *all = cl_measures(&n);

	for (i = 0; i < n; i++) {
		struct cl_measure_result r = compute(db, all[i].key, &q);

		cl_measure_result_free(&r);
		q.by_care_manager = true;
		r = compute(db, all[i].key, &q);
		cl_measure_result_free(&r);
		q.by_care_manager = false;
		q.has_care_manager = true;
		r = compute(db, all[i].key, &q);
		cl_measure_result_free(&r);
		q.has_care_manager = false;
		assert_int_equal(gap(db, all[i].key, &q, rows, 2), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(screening_rate, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(positive_rate, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(connection_within_60_days, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(loop_closure, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(caseload, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(contacts_minutes, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(tcm_contact, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(worklist_positives, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(entered_in_error_leaves_measures, fix_setup,
						fix_teardown),
		cmocka_unit_test(periods),
		cmocka_unit_test_setup_teardown(every_measure_runs, fix_setup, fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
