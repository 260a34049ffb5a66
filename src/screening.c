#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "careplan.h"
#include "correction.h"
#include "db_private.h"
#include "field.h"
#include "patient.h"
#include "screening.h"
#include "setting.h"

static const char *const status_codes[] = { "in-progress", "completed", "partial", "declined",
					    "entered-in-error" };

#define NSTATUS ((int)(sizeof(status_codes) / sizeof(status_codes[0])))

const char *cl_screening_status_code(enum cl_screening_status s)
{
	return (int)s >= 0 && (int)s < NSTATUS ? status_codes[s] : status_codes[0];
}

int cl_screening_status_parse(const char *code)
{
	for (int i = 0; i < NSTATUS; i++)
		if (strcmp(status_codes[i], code) == 0)
			return i;
	return -1;
}

/* ---- a screening in memory ---- */

int cl_screening_new(struct cl_instrument *in, const struct cl_id *patient_id,
		     struct cl_screening **out, struct cl_error *err)
{
	struct cl_screening *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s || !(s->answers = calloc((size_t)in->nquestions, sizeof(*s->answers)))) {
		free(s);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	s->instrument = in;
	s->patient_id = *patient_id;
	s->status = CL_SCREENING_IN_PROGRESS;
	s->source = CL_SCREENING_FROM_INTERFACE;
	s->language = CL_LANG_EN;
	cl_date_today(s->screened_on);
	*out = s;
	return CL_OK;
}

int cl_screening_start(struct cl_db *db, const struct cl_id *patient_id,
		       const char *instrument_code, struct cl_screening **out, struct cl_error *err)
{
	struct cl_instrument *in = NULL;
	struct cl_patient patient;
	int rc;

	*out = NULL;
	rc = cl_patient_get(db, patient_id, &patient, err);
	if (rc == CL_ENOTFOUND)
		rc = cl_error_field(err, CL_ENOTFOUND, "patient", "no such patient");
	if (rc)
		return rc;
	if ((rc = cl_instrument_load(db, instrument_code, &in, err)))
		return rc;
	if ((rc = cl_screening_new(in, patient_id, out, err))) {
		cl_instrument_free(in);
		return rc;
	}
	(*out)->owns_instrument = true;
	(*out)->language = cl_lang_for(patient.language);
	return CL_OK;
}

int cl_screening_load(struct cl_db *db, const struct cl_id *id, struct cl_screening **out,
		      struct cl_error *err)
{
	static const char head_sql[] =
		"SELECT s.patient_id, i.code, s.screened_on, s.status, s.language, s.source "
		"FROM screening s JOIN instrument i ON i.id = s.instrument_id WHERE s.id = ?1";
	static const char answers_sql[] =
		"SELECT question_id, answer_option_id FROM screening_answer WHERE screening_id = ?1";
	char code[CL_CODE_LEN] = "", status[24] = "", lang[8] = "", source[16] = "";
	char date[CL_DATE_LEN] = "";
	struct cl_screening *s = NULL;
	struct cl_id patient, question, option;
	sqlite3_stmt *st;
	int rc, step, q, o;

	*out = NULL;
	if (!(st = cl_db_stmt(db, head_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_id(st, 0, &patient);
		cl_db_column_text(st, 1, code, sizeof(code));
		cl_db_column_text(st, 2, date, sizeof(date));
		cl_db_column_text(st, 3, status, sizeof(status));
		cl_db_column_text(st, 4, lang, sizeof(lang));
		cl_db_column_text(st, 5, source, sizeof(source));
		rc = CL_OK;
	} else {
		rc = step == SQLITE_DONE ? cl_error_set(err, CL_ENOTFOUND, "no such screening")
					 : cl_db_error(db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc || (rc = cl_screening_start(db, &patient, code, &s, err)))
		return rc;
	s->id = *id;
	memcpy(s->screened_on, date, sizeof(s->screened_on));
	s->language = strcmp(lang, "es") == 0 ? CL_LANG_ES : CL_LANG_EN;
	s->source = strcmp(source, "import") == 0 ? CL_SCREENING_FROM_IMPORT
						  : CL_SCREENING_FROM_INTERFACE;
	if (!(st = cl_db_stmt(db, answers_sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		goto fail;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_id(st, 0, &question);
		for (q = 0; q < s->instrument->nquestions; q++)
			if (cl_id_equal(&s->instrument->questions[q].id, &question))
				break;
		if (q == s->instrument->nquestions)
			continue;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			s->answers[q].state = CL_ANSWER_SKIPPED;
			continue;
		}
		cl_db_column_id(st, 1, &option);
		for (o = 0; o < s->instrument->questions[q].noptions && o < 32; o++)
			if (cl_id_equal(&s->instrument->questions[q].options[o].id, &option)) {
				s->answers[q].state = CL_ANSWER_GIVEN;
				s->answers[q].chosen |= UINT32_C(1) << o;
			}
	}
	rc = step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		goto fail;
	rc = cl_screening_status_parse(status);
	s->status = rc < 0 ? CL_SCREENING_PARTIAL : (enum cl_screening_status)rc;
	*out = s;
	return CL_OK;
fail:
	cl_screening_free(s);
	return rc;
}

void cl_screening_free(struct cl_screening *s)
{
	if (!s)
		return;
	if (s->owns_instrument)
		cl_instrument_free(s->instrument);
	free(s->answers);
	free(s);
}

static int check_open(const struct cl_screening *s, int q, struct cl_error *err)
{
	if (s->status != CL_SCREENING_IN_PROGRESS)
		return cl_error_set(err, CL_EEXIST, "this screening is already saved");
	if (q < 0 || q >= s->instrument->nquestions)
		return cl_error_field(err, CL_EINVAL, "question", "no such question");
	return CL_OK;
}

int cl_screening_answer(struct cl_screening *s, int q, const int *options, int n,
			struct cl_error *err)
{
	const struct cl_question *question;
	uint32_t chosen = 0;
	int rc, i;

	if ((rc = check_open(s, q, err)))
		return rc;
	question = &s->instrument->questions[q];
	if (n < 1 || (question->kind == CL_QUESTION_SINGLE && n != 1))
		return cl_error_field(err, CL_EINVAL, "answer",
				      question->kind == CL_QUESTION_SINGLE
					      ? "question %s takes exactly one answer"
					      : "question %s needs at least one answer",
				      question->code);
	for (i = 0; i < n; i++) {
		if (options[i] < 0 || options[i] >= question->noptions)
			return cl_error_field(err, CL_EINVAL, "answer",
					      "no such answer to question %s", question->code);
		chosen |= UINT32_C(1) << options[i];
	}
	s->answers[q].state = CL_ANSWER_GIVEN;
	s->answers[q].chosen = chosen;
	s->current = q + 1;
	return CL_OK;
}

int cl_screening_answer_codes(struct cl_screening *s, int q, const char *codes,
			      struct cl_error *err)
{
	int options[CL_INSTRUMENT_MAX_OPTIONS];
	const struct cl_question *question;
	char code[CL_CODE_LEN];
	const char *p = codes, *end;
	int rc, n = 0;

	if ((rc = check_open(s, q, err)))
		return rc;
	question = &s->instrument->questions[q];
	while (*p) {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		end = p + strcspn(p, ";");
		len = (size_t)(end - p);
		while (len && strchr(" \t\r\n", p[len - 1]))
			len--;
		if (len == 0 || len >= sizeof(code))
			return cl_error_field(err, CL_EINVAL, "answer",
					      len ? "unknown answer code for question %s"
						  : "empty answer code for question %s",
					      question->code);
		memcpy(code, p, len);
		code[len] = '\0';
		if ((options[n] = cl_question_option(question, code)) < 0)
			return cl_error_field(err, CL_EINVAL, "answer",
					      "unknown answer code for question %s",
					      question->code);
		for (int i = 0; i < n; i++)
			if (options[i] == options[n])
				return cl_error_field(err, CL_EINVAL, "answer",
						      "answer code repeated for question %s",
						      question->code);
		if (++n >= CL_INSTRUMENT_MAX_OPTIONS && *end)
			return cl_error_field(err, CL_EINVAL, "answer",
					      "too many answers for question %s", question->code);
		p = *end ? end + 1 : end;
	}
	if (n == 0)
		return cl_error_field(err, CL_EINVAL, "answer", "no answer for question %s",
				      question->code);
	return cl_screening_answer(s, q, options, n, err);
}

int cl_screening_toggle(struct cl_screening *s, int q, int o, struct cl_error *err)
{
	const struct cl_question *question;
	struct cl_answer *a;
	uint32_t bit;
	int rc;

	if ((rc = check_open(s, q, err)))
		return rc;
	question = &s->instrument->questions[q];
	a = &s->answers[q];
	if (question->kind != CL_QUESTION_MULTIPLE)
		return cl_error_field(err, CL_EINVAL, "answer", "question %s takes one answer",
				      question->code);
	if (o < 0 || o >= question->noptions)
		return cl_error_field(err, CL_EINVAL, "answer", "no such answer to question %s",
				      question->code);
	bit = UINT32_C(1) << o;
	if (a->state != CL_ANSWER_GIVEN)
		a->chosen = 0;
	if (a->chosen & bit) {
		a->chosen &= ~bit;
	} else if (question->options[o].exclusive) {
		a->chosen = bit;
	} else {
		for (int i = 0; i < question->noptions; i++)
			if (question->options[i].exclusive)
				a->chosen &= ~(UINT32_C(1) << i);
		a->chosen |= bit;
	}
	a->state = a->chosen ? CL_ANSWER_GIVEN : CL_ANSWER_NONE;
	return CL_OK;
}

int cl_screening_skip(struct cl_screening *s, int q, struct cl_error *err)
{
	int rc;

	if ((rc = check_open(s, q, err)))
		return rc;
	s->answers[q].state = CL_ANSWER_SKIPPED;
	s->answers[q].chosen = 0;
	s->current = q + 1;
	return CL_OK;
}

int cl_screening_back(struct cl_screening *s)
{
	if (s->current > s->instrument->nquestions)
		s->current = s->instrument->nquestions;
	if (s->current > 0)
		s->current--;
	return s->current;
}

void cl_screening_score(const struct cl_screening *s, struct cl_score *out)
{
	cl_score(s->instrument, s->answers, out);
}

/* ---- saving ---- */

/*
 * cl_screening_refresh: the patient's derived rows (screening_status, screening_positive)
 * recomputed from the saved screenings, inside the caller's transaction. Social-needs
 * instruments only: a PHQ-9 neither moves the rescreen clock nor hides the needs of the
 * last social-needs screening.
 */
int cl_screening_refresh(struct cl_db *db, const struct cl_id *patient, struct cl_error *err)
{
	static const char latest_sql[] =
		"SELECT id, screened_on FROM screening WHERE patient_id = ?1 "
		"AND status != 'entered-in-error' AND instrument_id IN "
		"(SELECT id FROM instrument WHERE social_needs = 1) "
		"ORDER BY screened_on DESC, created_at DESC, rowid DESC LIMIT 1";
	static const char scored_sql[] =
		"SELECT id FROM screening WHERE patient_id = ?1 "
		"AND status IN ('completed', 'partial') AND instrument_id IN "
		"(SELECT id FROM instrument WHERE social_needs = 1) "
		"ORDER BY screened_on DESC, created_at DESC, rowid DESC LIMIT 1";
	static const char status_sql[] =
		"INSERT INTO screening_status (patient_id, active, last_on, last_id, scored_id) "
		"VALUES (?1, (SELECT status = 'active' FROM patient WHERE id = ?1), ?2, ?3, ?4) "
		"ON CONFLICT (patient_id) DO UPDATE SET last_on = ?2, last_id = ?3, scored_id = ?4";
	static const char clear_sql[] = "DELETE FROM screening_positive WHERE patient_id = ?1";
	static const char positive_sql[] =
		"INSERT INTO screening_positive (domain_code, patient_id, screened_on, screening_id, "
		"sensitive) SELECT d.code, s.patient_id, s.screened_on, s.id, d.sensitive "
		"FROM screening s JOIN screening_result r ON r.screening_id = s.id "
		"JOIN screening_domain d ON d.id = r.domain_id "
		"WHERE s.id = ?1 AND r.result = 'positive'";
	struct cl_id last_id, scored_id;
	bool has_last = false, has_scored = false;
	char last_on[CL_DATE_LEN] = "";
	sqlite3_stmt *st;
	int rc = CL_OK, step;

	if (!(st = cl_db_stmt(db, latest_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		has_last = cl_db_column_id(st, 0, &last_id) == CL_OK;
		cl_db_column_text(st, 1, last_on, sizeof(last_on));
	} else if (step != SQLITE_DONE) {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;

	if (!(st = cl_db_stmt(db, scored_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		has_scored = cl_db_column_id(st, 0, &scored_id) == CL_OK;
	else if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc;

	if (!(st = cl_db_stmt(db, status_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) ||
	    (rc = cl_db_bind_text(st, 2, last_on, err)) ||
	    (rc = cl_db_bind_id(st, 3, has_last ? &last_id : NULL, err)) ||
	    (rc = cl_db_bind_id(st, 4, has_scored ? &scored_id : NULL, err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc;

	if (!(st = cl_db_stmt(db, clear_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc || !has_scored)
		return rc;

	if (!(st = cl_db_stmt(db, positive_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &scored_id, err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

static int insert_answers(struct cl_db *db, const struct cl_screening *s, struct cl_error *err)
{
	static const char sql[] = "INSERT INTO screening_answer (screening_id, question_id, "
				  "answer_option_id) VALUES (?1, ?2, ?3)";
	const struct cl_instrument *in = s->instrument;
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	for (int q = 0; rc == CL_OK && q < in->nquestions; q++) {
		const struct cl_answer *a = &s->answers[q];

		for (int o = -1; rc == CL_OK && o < in->questions[q].noptions; o++) {
			bool chosen = o >= 0 && a->state == CL_ANSWER_GIVEN &&
				      (a->chosen & (UINT32_C(1) << o));
			bool skipped = o < 0 && (a->state == CL_ANSWER_SKIPPED ||
						 (a->state == CL_ANSWER_GIVEN && !a->chosen));

			if (!chosen && !skipped)
				continue;
			if ((rc = cl_db_bind_id(st, 1, &s->id, err)) ||
			    (rc = cl_db_bind_id(st, 2, &in->questions[q].id, err)) ||
			    (rc = cl_db_bind_id(
				     st, 3, chosen ? &in->questions[q].options[o].id : NULL, err)))
				break;
			rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
			sqlite3_reset(st);
		}
	}
	return rc;
}

static int insert_results(struct cl_db *db, const struct cl_screening *s,
			  const struct cl_score *score, struct cl_error *err)
{
	static const char sql[] =
		"INSERT INTO screening_result (screening_id, domain_id, result) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	for (int d = 0; rc == CL_OK && d < s->instrument->ndomains; d++) {
		if ((rc = cl_db_bind_id(st, 1, &s->id, err)) ||
		    (rc = cl_db_bind_id(st, 2, &s->instrument->domains[d].id, err)) ||
		    (rc = cl_db_bind_text(st, 3, cl_domain_result_code(score->domain[d]), err)))
			break;
		rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
		sqlite3_reset(st);
	}
	return rc;
}

/*
 * The same-day safety flag: a task due today for the patient's care manager (else the
 * user), in the screening's transaction; its id into *task. The title names no answer.
 */
static int safety_task(struct cl_db *db, const struct cl_screening *s, struct cl_id *task,
		       struct cl_error *err)
{
	static const char manager_sql[] =
		"SELECT coalesce((SELECT cm.login FROM patient p JOIN care_manager cm "
		"ON cm.id = p.care_manager_id WHERE p.id = ?1), "
		"(SELECT login FROM care_manager WHERE login = ?2), '')";
	struct cl_task t;
	sqlite3_stmt *st;
	int rc, step;

	cl_task_init(&t, db, &s->patient_id);
	snprintf(t.title, sizeof(t.title), "URGENT: same-day clinician review (%s, see BH)",
		 s->instrument->code);
	if (!(st = cl_db_stmt(db, manager_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &s->patient_id, err)) ||
	    (rc = cl_db_bind_text(st, 2, cl_db_user(db), err)))
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		cl_db_column_text(st, 0, t.assignee, sizeof(t.assignee));
	else if (step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc;
	cl_date_today(t.due_date);
	if ((rc = cl_task_create_in_tx(db, &t, err)))
		return rc;
	*task = t.id;
	return CL_OK;
}

/* Total, band and safety task of a saved screening of a sum-scored or safety instrument. */
static int save_scores(struct cl_db *db, struct cl_screening *s, const struct cl_score *score,
		       struct cl_error *err)
{
	static const char sql[] =
		"UPDATE screening SET total = ?2, band = ?3, safety_task_id = ?4 WHERE id = ?1";
	struct cl_id task;
	sqlite3_stmt *st;
	int rc;

	if (score->total < 0 && !score->safety)
		return CL_OK;
	if (score->safety && (rc = safety_task(db, s, &task, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, &s->id, err)) ||
	    (rc = score->total >= 0 ? cl_db_bind_int(st, 2, score->total, err)
				    : cl_db_bind_null(st, 2, err)) ||
	    (rc = cl_db_bind_text(
		     st, 3, score->band >= 0 ? s->instrument->bands[score->band].code : "", err)) ||
	    (rc = cl_db_bind_id(st, 4, score->safety ? &task : NULL, err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	return rc;
}

int cl_screening_save_in(struct cl_db *db, struct cl_screening *s, bool declined,
			 enum cl_audit_action action, struct cl_error *err)
{
	static const char sql[] =
		"INSERT INTO screening (id, patient_id, instrument_id, screened_on, status, language, "
		"screened_by, review, source, created_at, updated_at, updated_by, version) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, 1)";
	enum cl_screening_status status;
	char today[CL_DATE_LEN], now[32];
	const struct cl_id *by = cl_db_user_id(db);
	struct cl_score score;
	sqlite3_stmt *st;
	struct cl_id id;
	int rc;

	if (s->status != CL_SCREENING_IN_PROGRESS)
		return cl_error_set(err, CL_EEXIST, "this screening is already saved");
	cl_date_today(today);
	if (!cl_date_valid(s->screened_on))
		return cl_error_field(err, CL_EINVAL, "date", "the date must be a real date");
	if (strcmp(s->screened_on, today) > 0)
		return cl_error_field(err, CL_EINVAL, "date", "the date is in the future");
	cl_screening_score(s, &score);
	if (declined)
		status = CL_SCREENING_DECLINED;
	else if (score.answered == 0)
		return cl_error_field(err, CL_EINVAL, "answer",
				      "no question is answered: record that the patient declined");
	else
		status = score.answered == s->instrument->nquestions ? CL_SCREENING_COMPLETED
								     : CL_SCREENING_PARTIAL;
	if (!(st = cl_db_stmt(db, sql, err)))
		return err ? err->code : CL_EIO;
	cl_id_new(&id);
	if ((rc = cl_db_bind_id(st, 1, &id, err)) ||
	    (rc = cl_db_bind_id(st, 2, &s->patient_id, err)) ||
	    (rc = cl_db_bind_id(st, 3, &s->instrument->id, err)) ||
	    (rc = cl_db_bind_text(st, 4, s->screened_on, err)) ||
	    (rc = cl_db_bind_text(st, 5, cl_screening_status_code(status), err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_lang_code(s->language), err)) ||
	    (rc = cl_db_bind_id(st, 7, by && !cl_id_is_nil(by) ? by : NULL, err)) ||
	    (rc = cl_db_bind_int(st, 8, !declined && score.review, err)) ||
	    (rc = cl_db_bind_text(
		     st, 9, s->source == CL_SCREENING_FROM_IMPORT ? "import" : "interface", err)) ||
	    (rc = cl_db_bind_text(st, 10, cl_db_now(now, sizeof(now)), err)) ||
	    (rc = cl_db_bind_text(st, 11, cl_db_user(db), err)))
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	if (rc)
		return rc;
	s->id = id;
	if (!declined && (rc = insert_answers(db, s, err)))
		goto fail;
	if (!declined && (rc = insert_results(db, s, &score, err)))
		goto fail;
	if (!declined && (rc = save_scores(db, s, &score, err)))
		goto fail;
	if ((rc = cl_screening_refresh(db, &s->patient_id, err)))
		goto fail;
	if ((rc = cl_audit_log(db, action, "screening", &id, err)))
		goto fail;
	s->status = status;
	return CL_OK;
fail:
	memset(&s->id, 0, sizeof(s->id));
	return rc;
}

static int save(struct cl_db *db, struct cl_screening *s, bool declined, struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = cl_screening_save_in(db, s, declined, CL_AUDIT_CREATE, err))) {
		cl_db_rollback(db);
		return rc;
	}
	if ((rc = cl_db_commit(db, err))) {
		memset(&s->id, 0, sizeof(s->id));
		s->status = CL_SCREENING_IN_PROGRESS;
	}
	return rc;
}

int cl_screening_complete(struct cl_db *db, struct cl_screening *s, struct cl_error *err)
{
	return save(db, s, false, err);
}

int cl_screening_decline(struct cl_db *db, struct cl_screening *s, struct cl_error *err)
{
	return save(db, s, true, err);
}

int cl_screening_exists(struct cl_db *db, const struct cl_id *patient_id,
			const struct cl_id *instrument_id, const char *date, bool *exists,
			struct cl_error *err)
{
	static const char sql[] =
		"SELECT 1 FROM screening WHERE patient_id = ?1 AND instrument_id = ?2 "
		"AND screened_on = ?3 AND status != 'entered-in-error' LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc, step;

	*exists = false;
	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient_id, err)) ||
	    (rc = cl_db_bind_id(st, 2, instrument_id, err)) ||
	    (rc = cl_db_bind_text(st, 3, date, err)))
		return rc;
	step = sqlite3_step(st);
	*exists = step == SQLITE_ROW;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
}

int cl_screening_retire(struct cl_db *db, const struct cl_id *id, long long version,
			const char *reason, struct cl_error *err)
{
	static const char get_sql[] =
		"SELECT s.patient_id, s.version, s.status, s.updated_at, "
		"coalesce(cm.display_name, s.updated_by) FROM screening s "
		"LEFT JOIN care_manager cm ON cm.login = s.updated_by WHERE s.id = ?1";
	static const char update_sql[] =
		"UPDATE screening SET status = 'entered-in-error', updated_at = ?3, updated_by = ?4, "
		"error_reason = ?5, error_at = ?3, error_by = ?4, "
		"version = version + 1 WHERE id = ?1 AND version = ?2 "
		"AND status != 'entered-in-error'";
	char who[96] = "", when[32] = "", status[24] = "", now[32];
	struct cl_id patient;
	long long stored = 0;
	sqlite3_stmt *st;
	int rc, step;

	if (cl_code_index(cl_error_reason_codes, reason ? reason : "") < 0)
		return cl_error_field(err, CL_EINVAL, "reason",
				      "say why it was entered in error (wrong-patient, wrong-date, "
				      "duplicate, wrong-details, other)");
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, get_sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	if ((rc = cl_db_bind_id(st, 1, id, err)))
		goto fail;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cl_db_column_id(st, 0, &patient);
		stored = sqlite3_column_int64(st, 1);
		cl_db_column_text(st, 2, status, sizeof(status));
		cl_db_column_text(st, 3, when, sizeof(when));
		cl_db_column_text(st, 4, who, sizeof(who));
		rc = CL_OK;
	} else if (step == SQLITE_DONE) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no such screening");
	} else {
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	if (rc)
		goto fail;
	if (stored != version || strcmp(status, "entered-in-error") == 0) {
		rc = cl_error_set(err, CL_ECONFLICT, "changed by %s at %s", who, when);
		goto fail;
	}
	if (!(st = cl_db_stmt(db, update_sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	if ((rc = cl_db_bind_id(st, 1, id, err)) || (rc = cl_db_bind_int(st, 2, version, err)) ||
	    (rc = cl_db_bind_text(st, 3, cl_db_now(now, sizeof(now)), err)) ||
	    (rc = cl_db_bind_text(st, 4, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 5, reason, err)))
		goto fail;
	rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	if (rc == CL_OK && sqlite3_changes(cl_db_sqlite(db)) != 1)
		rc = cl_error_set(err, CL_ECONFLICT, "changed by %s at %s", who, when);
	sqlite3_reset(st);
	if (rc || (rc = cl_screening_refresh(db, &patient, err)) ||
	    (rc = cl_correction_add_in_tx(db, &patient, "screening", id, "entered-in-error", reason,
					  err)) ||
	    (rc = cl_audit_log(db, CL_AUDIT_RETIRE, "screening", id, err)))
		goto fail;
	return cl_db_commit(db, err);
fail:
	cl_db_rollback(db);
	return rc;
}
