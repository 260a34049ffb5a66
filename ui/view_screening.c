#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "careplan.h"
#include "chart.h"
#include "domain.h"
#include "format.h"
#include "keymap.h"
#include "patient.h"
#include "screening.h"
#include "setting.h"
#include "text.h"
#include "views.h"

/*
 * Screening a patient: one question a screen, then a summary of the domains, then (once
 * saved) a follow-up for each positive domain. The answers live in a struct cl_screening in
 * memory until the summary saves them whole; a decline saves at once. Nothing typed is lost
 * silently: Esc and q ask, number keys answer instead of switching views. A saved score whose
 * band names a follow-up instrument (a positive PHQ-2: the PHQ-9) offers it at once.
 */

#define INSTRUMENT     "ahc-hrsn"
#define FOLLOWUP_DAYS  7 /* a follow-up task is due a week after the screening */
#define LINE_MAX_BYTES 1024
#define ASK_LEAVE      "Leave the screening? Answers will be lost. (y/n) "
#define ASK_QUIT       "Quit careloop? The screening's answers will be lost. (y/n) "
#define ASK_DECLINE    "Record that the patient declined? (y/n) "
/* The summary's columns: a domain's result (after the longest label), a note beside it. */
#define SUMMARY_RESULT_X 32
#define SUMMARY_NOTE_X	 44

enum screening_mode { MODE_QUESTION, MODE_SUMMARY, MODE_FOLLOWUP };
enum screening_ask {
	ASK_NONE,
	ASK_TO_LEAVE,
	ASK_TO_DECLINE,
	ASK_TO_QUIT,
	ASK_SAFETY,
	ASK_FOLLOW_UP, /* saved: start the band's follow-up instrument now? */
};

/* A positive domain of the saved screening and what was recorded for it. */
struct followup {
	int domain; /* index into the instrument's domains */
	bool task, referral;
};

struct screening_view {
	struct ui_view view; /* first: a struct ui_view * is a struct screening_view * */
	struct cl_screening *s;
	char name[256]; /* "GARCÍA, María" as the chart writes it: "Family, Given" */
	enum screening_mode mode;
	enum screening_ask ask;
	int cursor; /* the option under the cursor on a question screen */
	int nfollowups, fsel;
	int referring;		    /* followup whose referral form is open, or -1 */
	unsigned long referring_at; /* ui_app_generation when it opened */
	struct followup followups[CL_INSTRUMENT_MAX_DOMAINS];
	bool safety_seen;	     /* the safety popup was acknowledged */
	bool saved;		     /* cl_screening_complete succeeded: nothing is left to lose */
	char follow_up[CL_CODE_LEN]; /* the saved band's next instrument ("phq-9"), or "" */
	char protocol[640];	     /* the practice's safety protocol (setting safety_protocol) */
};

static struct screening_view *to_screening(struct ui_view *view)
{
	return (struct screening_view *)view;
}

static const struct ui_binding question_keys[], summary_keys[], followup_keys[], ask_keys[],
	safety_keys[];

static void screening_mode(struct screening_view *sv, enum screening_mode mode)
{
	static const struct ui_binding *const keys[] = {
		[MODE_QUESTION] = question_keys,
		[MODE_SUMMARY] = summary_keys,
		[MODE_FOLLOWUP] = followup_keys,
	};

	sv->mode = mode;
	sv->view.keys = keys[mode];
}

static void screening_ask(struct screening_view *sv, enum screening_ask ask)
{
	sv->ask = ask;
	if (ask == ASK_NONE) {
		ui_app_prompt_end(sv->view.app);
		screening_mode(sv, sv->mode);
	} else {
		sv->view.keys = ask == ASK_SAFETY ? safety_keys : ask_keys;
	}
}

/*
 * The same-day safety flag shows at once, the moment the answer is given (PHQ-9 item 9), and
 * must be acknowledged before anything else; saving makes the task due today.
 */
static void safety_check(struct screening_view *sv)
{
	struct cl_score score;

	cl_screening_score(sv->s, &score);
	if (score.safety && !sv->safety_seen)
		screening_ask(sv, ASK_SAFETY);
}

static const struct cl_question *current_question(const struct screening_view *sv)
{
	return &sv->s->instrument->questions[sv->s->current];
}

/* Put the cursor on the first chosen option of the current question, else the first. */
static void cursor_home(struct screening_view *sv)
{
	const struct cl_answer *a;
	int o;

	sv->cursor = 0;
	if (sv->s->current >= sv->s->instrument->nquestions)
		return;
	a = &sv->s->answers[sv->s->current];
	if (a->state != CL_ANSWER_GIVEN)
		return;
	for (o = 0; o < current_question(sv)->noptions; o++) {
		if (a->chosen & (UINT32_C(1) << o)) {
			sv->cursor = o;
			return;
		}
	}
}

/* After an answer or a skip moved current on: the next question, or the summary. */
static void screening_next(struct screening_view *sv)
{
	if (sv->s->current >= sv->s->instrument->nquestions) {
		sv->s->current = sv->s->instrument->nquestions;
		screening_mode(sv, MODE_SUMMARY);
	} else {
		cursor_home(sv);
	}
}

/* Anything answered or skipped: leaving would lose it. */
static bool screening_touched(const struct screening_view *sv)
{
	int q;

	for (q = 0; q < sv->s->instrument->nquestions; q++)
		if (sv->s->answers[q].state != CL_ANSWER_NONE)
			return true;
	return false;
}

/* ---- drawing ---- */

/*
 * Draw text word-wrapped in the columns [x, x + cols) from row y, no further than row
 * last; the first line in role, later lines indented by hang. Returns the rows used.
 */
static int put_wrapped(WINDOW *win, int y, int x, int cols, int hang, int last, const char *text,
		       enum ui_role role)
{
	char clean[LINE_MAX_BYTES * 2], line[LINE_MAX_BYTES];
	const char *p = clean;
	int rows = 0;

	if (cols <= hang)
		return 0;
	cl_text_sanitize(text, clean, sizeof(clean));
	while (*p && y + rows <= last) {
		int indent = rows ? hang : 0;
		size_t used = ui_format_wrap(p, cols - indent, line, sizeof(line));

		if (!used)
			break;
		wattrset(win, ui_attr(role));
		mvwaddstr(win, y + rows, x + indent, line);
		p += used;
		rows++;
	}
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	return rows;
}

static const char *const lang_names[CL_LANG_COUNT] = { "English", "Espa\xc3\xb1ol" };

/* The top line: what this is, for whom, in which language. */
static void draw_title(struct screening_view *sv, WINDOW *win, const char *what)
{
	const char *lang = lang_names[sv->s->language];
	enum ui_role role = UI_ROLE_DIM;
	char text[512];

	/* the name shortens for a long one; the language always shows, at the right */
	snprintf(text, sizeof(text), "%s  %s", what, sv->name);
	ui_chart_header_line(win, 0, 1, text, UI_ROLE_HEADER, &lang, &role, 1, 3, true);
}

static void draw_progress(struct screening_view *sv, WINDOW *win)
{
	struct cl_score score;
	char text[256];

	cl_screening_score(sv->s, &score);
	snprintf(text, sizeof(text), "Answered %d of %d, skipped %d", score.answered,
		 sv->s->instrument->nquestions, score.skipped);
	ui_chart_put(win, getmaxy(win) - 1, 1, text, UI_ROLE_DIM);
}

static void draw_question(struct screening_view *sv, WINDOW *win)
{
	const struct cl_instrument *in = sv->s->instrument;
	const struct cl_question *q = current_question(sv);
	const struct cl_answer *a = &sv->s->answers[sv->s->current];
	enum cl_lang lang = sv->s->language;
	int cols = getmaxx(win), last = getmaxy(win) - 3, y = 1, o;
	char text[LINE_MAX_BYTES];

	draw_title(sv, win, "Screening");
	snprintf(text, sizeof(text), "Question %d of %d \xc2\xb7 %s", sv->s->current + 1,
		 in->nquestions, cl_instrument_domain_label(&in->domains[q->domain], lang));
	ui_chart_put(win, y, 1, text, UI_ROLE_HEADER);
	y += 2;
	if (q->intro[lang] && q->intro[lang][0])
		y += put_wrapped(win, y, 3, cols - 5, 0, last, q->intro[lang], UI_ROLE_DIM);
	y += put_wrapped(win, y, 3, cols - 5, 0, last, q->text[lang], UI_ROLE_NORMAL) + 1;
	for (o = 0; o < q->noptions && y <= last; o++) {
		bool chosen = a->state == CL_ANSWER_GIVEN && (a->chosen & (UINT32_C(1) << o));
		const char *mark = q->kind == CL_QUESTION_MULTIPLE ? (chosen ? "[x]" : "[ ]")
								   : (chosen ? "(*)" : "( )");

		if (o < 9)
			snprintf(text, sizeof(text), "%d %s %s", o + 1, mark,
				 q->options[o].text[lang]);
		else
			snprintf(text, sizeof(text), "  %s %s", mark, q->options[o].text[lang]);
		y += put_wrapped(win, y, 3, cols - 5, 6, last, text,
				 o == sv->cursor ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
	}
	if (a->state == CL_ANSWER_SKIPPED)
		ui_chart_put(win, getmaxy(win) - 2, 1, "This question was skipped.", UI_ROLE_DIM);
	draw_progress(sv, win);
}

static enum ui_role result_role(enum cl_domain_result r)
{
	return r == CL_DOMAIN_POSITIVE	 ? UI_ROLE_ERROR
	       : r == CL_DOMAIN_NEGATIVE ? UI_ROLE_NORMAL
					 : UI_ROLE_DIM;
}

static void draw_summary(struct screening_view *sv, WINDOW *win)
{
	const struct cl_instrument *in = sv->s->instrument;
	enum cl_lang lang = sv->s->language;
	int last = getmaxy(win) - 1, y = 1, d;
	struct cl_score score;
	char text[512];

	cl_screening_score(sv->s, &score);
	draw_title(sv, win, sv->saved ? "Screening saved" : "Screening summary");
	snprintf(text, sizeof(text), "%s \xc2\xb7 %s \xc2\xb7 answered %d of %d, skipped %d",
		 in->code, sv->s->screened_on, score.answered, in->nquestions, score.skipped);
	ui_chart_put(win, y, 1, text, UI_ROLE_DIM);
	y += 2;
	for (d = 0; d < in->ndomains && y <= last; d++, y++) {
		const struct cl_instrument_domain *dom = &in->domains[d];

		/* The patient reads this with the coordinator: their language throughout. */
		ui_chart_put(win, y, 3, cl_instrument_domain_label(dom, lang), UI_ROLE_NORMAL);
		ui_chart_put(win, y, SUMMARY_RESULT_X, cl_domain_result_name(score.domain[d], lang),
			     result_role(score.domain[d]));
		if (dom->sensitive && score.domain[d] == CL_DOMAIN_POSITIVE)
			ui_chart_put(win, y, SUMMARY_NOTE_X, "sensitive: discuss in private",
				     UI_ROLE_DIM);
	}
	if (score.total >= 0 && y <= last) {
		const struct cl_score_band *b = score.band >= 0 ? &in->bands[score.band] : NULL;

		snprintf(text, sizeof(text), "Total %d of %d: %s", score.total,
			 in->bands[in->nbands - 1].high, b ? b->name[lang] : "");
		ui_chart_put(win, y++, 3, text, b && b->positive ? UI_ROLE_ERROR : UI_ROLE_HEADER);
	} else if (in->sum && y <= last) {
		ui_chart_put(win, y++, 3, "No total: every question must be answered.",
			     UI_ROLE_DIM);
	}
	if (score.safety && y <= last)
		ui_chart_put(
			win, y++, 3,
			"SAFETY FLAG: self-harm question positive; saving makes a task due today.",
			UI_ROLE_ERROR);
	if (score.review && y <= last)
		ui_chart_put(win, y++, 3,
			     "Review with clinician: an answer other than \"never\" to "
			     "\"physically hurt you\".",
			     UI_ROLE_ERROR);
	y++;
	if (sv->saved)
		return; /* the follow-up question is on the message line */
	if (score.answered == 0)
		snprintf(
			text, sizeof(text),
			"Nothing is answered: go back (b) or record that the patient declined (d).");
	else if (score.answered == in->nquestions)
		snprintf(text, sizeof(text), "Saves as completed. Enter or F10 saves.");
	else
		snprintf(text, sizeof(text),
			 "Saves as partial (%d not answered). Enter or F10 saves.",
			 in->nquestions - score.answered);
	if (y <= last)
		ui_chart_put(win, y++, 1, text, UI_ROLE_NORMAL);
	if (y <= last)
		ui_chart_put(win, y, 1,
			     "b goes back to change an answer; Esc leaves without saving.",
			     UI_ROLE_DIM);
}

static void draw_followup(struct screening_view *sv, WINDOW *win)
{
	const struct cl_instrument *in = sv->s->instrument;
	int last = getmaxy(win) - 1, y = 1, i;
	char text[512];

	draw_title(sv, win, "Screening saved: follow-up");
	ui_chart_put(win, y, 1, "Record a follow-up for each positive domain; Enter when done.",
		     UI_ROLE_DIM);
	y += 2;
	for (i = 0; i < sv->nfollowups && y <= last; i++, y++) {
		const struct followup *f = &sv->followups[i];

		snprintf(text, sizeof(text), " %-28s %s%s%s",
			 cl_instrument_domain_label(&in->domains[f->domain], CL_LANG_EN),
			 f->task ? "task added" : "", f->task && f->referral ? ", " : "",
			 f->referral ? "referral added" : "");
		ui_chart_put(win, y, 2, text, i == sv->fsel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
	}
}

/* The safety popup, boxed over the screen. */
static void draw_safety(struct screening_view *sv, WINDOW *win)
{
	int rows = getmaxy(win), cols = getmaxx(win), w = cols - 4, h = rows - 2, y, last;
	WINDOW *box;

	if (w < 20 || h < 6 || !(box = derwin(win, h, w, 1, 2)))
		return;
	werase(box);
	wattrset(box, ui_attr(UI_ROLE_ERROR));
	box(box, 0, 0);
	wattrset(box, ui_attr(UI_ROLE_NORMAL));
	last = h - 3;
	ui_chart_put(box, 1, 2, "SAFETY FLAG: same-day review", UI_ROLE_ERROR);
	y = 3;
	y += put_wrapped(box, y, 2, w - 4, 0, last,
			 "The patient reported thoughts of being better off dead or of self-harm "
			 "(PHQ-9 item 9). Do not leave the patient alone.",
			 UI_ROLE_NORMAL);
	y++;
	if (y <= last)
		y += put_wrapped(box, y, 2, w - 4, 0, last, sv->protocol, UI_ROLE_HEADER);
	y++;
	if (y <= last)
		put_wrapped(box, y, 2, w - 4, 0, last,
			    "Saving the screening makes a task due today for the clinician; the "
			    "flag shows in the chart and on top of the worklist.",
			    UI_ROLE_DIM);
	ui_chart_put(box, h - 2, 2, "Press a (or Enter) to acknowledge.", UI_ROLE_ERROR);
	delwin(box);
}

/* "PHQ-9" for "phq-9": instrument codes are ASCII. */
static void code_upper(const char *code, char *buf, size_t size)
{
	size_t i;

	for (i = 0; code[i] && i + 1 < size; i++)
		buf[i] = (char)toupper((unsigned char)code[i]);
	if (size)
		buf[i] = '\0';
}

/* "PHQ-2 score 3: positive. Start the PHQ-9 now? (y/n) ", in the screening's language. */
static void draw_follow_up_ask(struct screening_view *sv)
{
	const struct cl_instrument *in = sv->s->instrument;
	char code[CL_CODE_LEN], next[CL_CODE_LEN], question[256];
	struct cl_score score;
	const char *result;

	cl_screening_score(sv->s, &score);
	if (score.band < 0)
		return;
	code_upper(in->code, code, sizeof(code));
	code_upper(sv->follow_up, next, sizeof(next));
	if (sv->s->language == CL_LANG_ES) {
		result = in->bands[score.band].positive ? "positivo" : in->bands[score.band].code;
		snprintf(question, sizeof(question),
			 "%s puntuaci\xc3\xb3n %d: %s. \xc2\xbf"
			 "Empezar el %s ahora? (y/n) ",
			 code, score.total, result, next);
	} else {
		result = in->bands[score.band].positive ? "positive" : in->bands[score.band].code;
		snprintf(question, sizeof(question), "%s score %d: %s. Start the %s now? (y/n) ",
			 code, score.total, result, next);
	}
	ui_app_prompt(sv->view.app, question, "", 0);
}

static void screening_draw(struct ui_view *view, WINDOW *win)
{
	struct screening_view *sv = to_screening(view);

	switch (sv->mode) {
	case MODE_QUESTION:
		draw_question(sv, win);
		break;
	case MODE_SUMMARY:
		draw_summary(sv, win);
		break;
	case MODE_FOLLOWUP:
		draw_followup(sv, win);
		break;
	}
	if (sv->ask == ASK_SAFETY)
		draw_safety(sv, win);
	else if (sv->ask == ASK_TO_LEAVE)
		ui_app_prompt(view->app, ASK_LEAVE, "", 0);
	else if (sv->ask == ASK_TO_QUIT)
		ui_app_prompt(view->app, ASK_QUIT, "", 0);
	else if (sv->ask == ASK_TO_DECLINE)
		ui_app_prompt(view->app, ASK_DECLINE, "", 0);
	else if (sv->ask == ASK_FOLLOW_UP)
		draw_follow_up_ask(sv);
}

/* ---- answering ---- */

static void show_error(struct screening_view *sv, const char *what, const struct cl_error *err)
{
	ui_app_message(sv->view.app, UI_ROLE_ERROR, "%s: %s", what, err->message);
}

/* Choose option o of the current question: single choice answers and moves on; multiple
 * choice ticks or unticks it. */
static int choose(struct screening_view *sv, int o)
{
	const struct cl_question *q = current_question(sv);
	struct cl_error err = { 0 };
	int q_index = sv->s->current;

	if (o < 0 || o >= q->noptions)
		return UI_HANDLED;
	sv->cursor = o;
	if (q->kind == CL_QUESTION_MULTIPLE) {
		if (cl_screening_toggle(sv->s, q_index, o, &err))
			show_error(sv, "Could not tick the answer", &err);
		return UI_HANDLED;
	}
	if (cl_screening_answer(sv->s, q_index, &o, 1, &err)) {
		show_error(sv, "Could not keep the answer", &err);
		return UI_HANDLED;
	}
	screening_next(sv);
	safety_check(sv);
	return UI_HANDLED;
}

static int act_enter(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	const struct cl_question *q = current_question(sv);
	const struct cl_answer *a = &sv->s->answers[sv->s->current];
	int options[CL_INSTRUMENT_MAX_OPTIONS], n = 0, o;
	struct cl_error err = { 0 };

	if (q->kind == CL_QUESTION_SINGLE)
		return choose(sv, sv->cursor);
	for (o = 0; a->state == CL_ANSWER_GIVEN && o < q->noptions; o++)
		if (a->chosen & (UINT32_C(1) << o))
			options[n++] = o;
	if (!n) {
		ui_app_message(view->app, UI_ROLE_ERROR,
			       "Tick the answers with Space or their numbers, or skip with n.");
		return UI_HANDLED;
	}
	if (cl_screening_answer(sv->s, sv->s->current, options, n, &err)) {
		show_error(sv, "Could not keep the answer", &err);
		return UI_HANDLED;
	}
	screening_next(sv);
	safety_check(sv);
	return UI_HANDLED;
}

/* Space: tick the answer under the cursor (on a single-choice question, choose it). */
static int act_toggle(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	return choose(sv, sv->cursor);
}

static int act_down(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->cursor + 1 < current_question(sv)->noptions)
		sv->cursor++;
	return UI_HANDLED;
}

static int act_up(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->cursor > 0)
		sv->cursor--;
	return UI_HANDLED;
}

static int act_skip(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	struct cl_error err = { 0 };

	if (cl_screening_skip(sv->s, sv->s->current, &err)) {
		show_error(sv, "Could not skip the question", &err);
		return UI_HANDLED;
	}
	screening_next(sv);
	return UI_HANDLED;
}

static int act_back(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->mode == MODE_QUESTION && sv->s->current == 0) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "This is the first question.");
		return UI_HANDLED;
	}
	cl_screening_back(sv->s);
	screening_mode(sv, MODE_QUESTION);
	cursor_home(sv);
	return UI_HANDLED;
}

static int act_summary(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	sv->s->current = sv->s->instrument->nquestions;
	screening_mode(sv, MODE_SUMMARY);
	return UI_HANDLED;
}

static int act_language(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	sv->s->language = sv->s->language == CL_LANG_EN ? CL_LANG_ES : CL_LANG_EN;
	ui_app_message(view->app, UI_ROLE_NORMAL, "Asking in %s; answers are kept.",
		       lang_names[sv->s->language]);
	return UI_HANDLED;
}

static int act_decline(struct ui_view *view)
{
	screening_ask(to_screening(view), ASK_TO_DECLINE);
	return UI_HANDLED;
}

static int act_leave(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (!screening_touched(sv))
		return UI_POP;
	screening_ask(sv, ASK_TO_LEAVE);
	return UI_HANDLED;
}

/* ^C while answers are unsaved asks first, as Esc does. */
static bool screening_ask_quit(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->saved || sv->mode == MODE_FOLLOWUP || !screening_touched(sv))
		return false;
	screening_ask(sv, ASK_TO_QUIT);
	return true;
}

/* The saved score, on the message line: "Saved: phq-9 total 12 (moderate)." */
static void saved_message(struct screening_view *sv)
{
	struct ui_app *app = sv->view.app;
	struct cl_score score;

	cl_screening_score(sv->s, &score);
	if (score.total >= 0 && score.band >= 0)
		ui_app_message(app, score.safety ? UI_ROLE_ERROR : UI_ROLE_OK,
			       "Saved: %s total %d (%s)%s.", sv->s->instrument->code, score.total,
			       sv->s->instrument->bands[score.band].code,
			       score.safety ? "; SAFETY task due today" : "");
	else
		ui_app_message(app, score.safety ? UI_ROLE_ERROR : UI_ROLE_OK, "Saved (%s)%s.",
			       cl_screening_status_code(sv->s->status),
			       score.safety ? "; SAFETY task due today" : "");
}

/*
 * y to the follow-up question: the follow-up instrument's screening for the same patient, in
 * the language of this one, takes this view's place (as p and choosing it would open it).
 */
static int follow_up_start(struct screening_view *sv)
{
	struct ui_view *next =
		ui_screening_new_with(sv->view.app, &sv->s->patient_id, sv->follow_up);

	if (!next) /* its message says why */
		return UI_POP;
	to_screening(next)->s->language = sv->s->language;
	ui_app_push(sv->view.app, next);
	return UI_POP; /* closes this view, below the new one */
}

static int act_ask_yes(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	enum screening_ask ask = sv->ask;
	struct cl_error err = { 0 };

	screening_ask(sv, ASK_NONE);
	if (ask == ASK_FOLLOW_UP)
		return follow_up_start(sv);
	if (ask == ASK_TO_QUIT)
		return UI_QUIT;
	if (ask == ASK_TO_LEAVE) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "Screening left; nothing was saved.");
		return UI_POP;
	}
	if (cl_screening_decline(ui_app_db(view->app), sv->s, &err)) {
		show_error(sv, "Could not record the decline", &err);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Recorded: the patient declined the screening.");
	return UI_POP;
}

static int act_ask_no(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	enum screening_ask ask = sv->ask;

	screening_ask(sv, ASK_NONE);
	if (ask == ASK_FOLLOW_UP) {
		saved_message(sv);
		return UI_POP;
	}
	return UI_HANDLED;
}

/* The positive domains of the saved screening, for the follow-up step. */
static void followups_load(struct screening_view *sv)
{
	struct cl_score score;
	int d;

	cl_screening_score(sv->s, &score);
	sv->nfollowups = 0;
	sv->fsel = 0;
	for (d = 0; d < sv->s->instrument->ndomains; d++)
		if (score.domain[d] == CL_DOMAIN_POSITIVE)
			sv->followups[sv->nfollowups++] = (struct followup){ .domain = d };
}

static int act_save(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	struct cl_error err = { 0 };

	if (cl_screening_complete(ui_app_db(view->app), sv->s, &err)) {
		show_error(sv, "Not saved", &err);
		return UI_HANDLED;
	}
	ui_app_touch(view->app);
	sv->saved = true;
	if (!sv->s->instrument->social_needs) {
		struct cl_score score;

		cl_screening_score(sv->s, &score);
		if (score.total >= 0 && score.band >= 0 &&
		    sv->s->instrument->bands[score.band].follow_up[0]) {
			snprintf(sv->follow_up, sizeof(sv->follow_up), "%s",
				 sv->s->instrument->bands[score.band].follow_up);
			screening_ask(sv, ASK_FOLLOW_UP);
			return UI_HANDLED;
		}
		saved_message(sv);
		return UI_POP;
	}
	followups_load(sv);
	if (!sv->nfollowups) {
		ui_app_message(view->app, UI_ROLE_OK, "Screening saved (%s): no positive domain.",
			       cl_screening_status_code(sv->s->status));
		return UI_POP;
	}
	ui_app_message(view->app, UI_ROLE_OK, "Screening saved (%s).",
		       cl_screening_status_code(sv->s->status));
	screening_mode(sv, MODE_FOLLOWUP);
	return UI_HANDLED;
}

/* ---- follow-up ---- */

static int act_follow_down(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->fsel + 1 < sv->nfollowups)
		sv->fsel++;
	return UI_HANDLED;
}

static int act_follow_up(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->fsel > 0)
		sv->fsel--;
	return UI_HANDLED;
}

/*
 * A care-plan task for the selected domain, due in FOLLOWUP_DAYS. A sensitive domain's task
 * is worded without naming it: task titles show in lists.
 */
static int act_task(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	struct followup *f = &sv->followups[sv->fsel];
	const struct cl_instrument_domain *dom = &sv->s->instrument->domains[f->domain];
	struct cl_db *db = ui_app_db(view->app);
	struct cl_error err = { 0 };
	struct cl_task task;

	if (f->task) {
		ui_app_message(view->app, UI_ROLE_NORMAL, "A task is already added for %s.",
			       dom->name[CL_LANG_EN]);
		return UI_HANDLED;
	}
	cl_task_init(&task, db, &sv->s->patient_id);
	if (dom->sensitive)
		snprintf(task.title, sizeof(task.title), "%s (screening of %s)",
			 CL_PRIVATE_FOLLOWUP, sv->s->screened_on);
	else
		snprintf(task.title, sizeof(task.title), "Follow up on %s (screened %s)",
			 dom->name[CL_LANG_EN], sv->s->screened_on);
	cl_date_add_days(sv->s->screened_on, FOLLOWUP_DAYS, task.due_date);
	if (cl_task_create(db, &task, &err)) {
		show_error(sv, "Task not added", &err);
		return UI_HANDLED;
	}
	f->task = true;
	ui_app_touch(view->app);
	ui_app_message(view->app, UI_ROLE_OK, "Task added, due %s.", task.due_date);
	return UI_HANDLED;
}

/* A community referral for the selected domain (the referral form, pre-filled). */
static int act_refer(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);
	struct followup *f = &sv->followups[sv->fsel];
	const struct cl_instrument_domain *dom = &sv->s->instrument->domains[f->domain];
	struct ui_view *form;

	form = ui_referral_form_new(view->app, &sv->s->patient_id, "community",
				    dom->sdoh_category[0] ? dom->sdoh_category : NULL);
	if (form) {
		sv->referring = sv->fsel;
		sv->referring_at = ui_app_generation(view->app);
		ui_app_push(view->app, form);
	}
	return UI_HANDLED;
}

/* The referral form closed: it saved when the data changed meanwhile. */
static void screening_resume(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	if (sv->referring >= 0 && ui_app_generation(view->app) != sv->referring_at)
		sv->followups[sv->referring].referral = true;
	sv->referring = -1;
}

static int act_done(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

/* Number keys answer; elsewhere they would switch views and drop the screening. */
static int screening_key(struct ui_view *view, int key)
{
	struct screening_view *sv = to_screening(view);
	if (sv->ask != ASK_NONE) /* anything but the answers (and help) waits */
		return ui_keymap_find_view(view, key) ? UI_UNHANDLED : UI_HANDLED;
	if (key < '0' || key > '9' || sv->mode == MODE_FOLLOWUP)
		return UI_UNHANDLED;
	if (sv->mode == MODE_QUESTION && key >= '1')
		return choose(sv, key - '1');
	ui_app_message(view->app, UI_ROLE_NORMAL, "Save or leave the screening first (Esc).");
	return UI_HANDLED;
}

static void screening_free(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	cl_screening_free(sv->s);
	free(sv);
}

static const struct ui_binding question_keys[] = {
	{ '1', "1-9", "answer", "choose that answer (multiple choice: tick or untick it)", true,
	  NULL },
	{ '\r', "Enter", "ok", "choose the answer under the cursor (multiple choice: confirm)",
	  true, act_enter, UI_ENTER_MORE },
	{ ' ', "Space", "tick", "tick or untick the answer under the cursor", false, act_toggle },
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "next answer", false, act_down, .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "previous answer", false, act_up, .more = { 'k' } },
	{ 'b', "b", "back", "back to the previous question (answers are kept)", true, act_back },
	{ UI_KEY(KEY_LEFT), "Left", "back", "back to the previous question (answers are kept)",
	  false, act_back },
	{ 'n', "n", "skip", "skip the question (the patient prefers not to say)", true, act_skip },
	{ UI_KEY(KEY_RIGHT), "Right", "skip", "skip the question (the patient prefers not to say)",
	  false, act_skip },
	{ 'l', "l", "language", "switch English / Spanish (answers are kept)", true, act_language },
	{ 'd', "d", "decline", "record that the patient declined the screening", true,
	  act_decline },
	{ UI_KEY(KEY_F(10)), "F10", "summary", "go to the summary (to save)", false, act_summary },
	{ UI_CTRL('S'), "^S", "summary", "go to the summary (to save)", false, act_summary },
	{ UI_ESC, "Esc", "leave", "leave the screening (asks first)", true, act_leave },
	{ 'q', "q", "leave", "leave the screening (asks first)", false, act_leave },
	{ 0 },
};

static const struct ui_binding summary_keys[] = {
	{ '\r', "Enter", "save", "save the screening", true, act_save, UI_ENTER_MORE },
	{ UI_KEY(KEY_F(10)), "F10", "save", "save the screening", false, act_save },
	{ UI_CTRL('S'), "^S", "save", "save the screening", false, act_save },
	{ 'b', "b", "back", "back to the last question to change an answer", true, act_back },
	{ UI_KEY(KEY_LEFT), "Left", "back", "back to the last question to change an answer", false,
	  act_back },
	{ 'l', "l", "language", "switch English / Spanish", true, act_language },
	{ 'd', "d", "decline", "record that the patient declined the screening", true,
	  act_decline },
	{ UI_ESC, "Esc", "leave", "leave the screening without saving (asks first)", true,
	  act_leave },
	{ 'q', "q", "leave", "leave the screening without saving (asks first)", false, act_leave },
	{ 0 },
};

static const struct ui_binding followup_keys[] = {
	{ 't', "t", "task", "add a follow-up task for the domain under the cursor", true,
	  act_task },
	{ 'r', "r", "refer", "refer the patient to a community partner for the domain", true,
	  act_refer },
	{ UI_KEY(KEY_DOWN), "Down, j", "down", "next domain", false, act_follow_down,
	  .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "previous domain", false, act_follow_up, .more = { 'k' } },
	{ '\r', "Enter", "done", "back to the chart", true, act_done, UI_ENTER_MORE },
	{ 'q', "q", "done", "back to the chart", false, act_done },
	{ UI_ESC, "Esc", "done", "back to the chart", false, act_done },
	{ 0 },
};

static int act_safety_ack(struct ui_view *view)
{
	struct screening_view *sv = to_screening(view);

	sv->safety_seen = true;
	screening_ask(sv, ASK_NONE);
	ui_app_message(view->app, UI_ROLE_ERROR,
		       "Safety flag acknowledged: finish and save the screening.");
	return UI_HANDLED;
}

static const struct ui_binding safety_keys[] = {
	{ 'a', "a, Enter", "acknowledge", "acknowledge the safety flag (the protocol is read)",
	  true, act_safety_ack, .more = { '\r', '\n', UI_KEY(KEY_ENTER) } },
	{ 0 },
};

static const struct ui_binding ask_keys[] = {
	{ 'y', "y, Y", "yes", "yes", true, act_ask_yes, .more = { 'Y' } },
	{ 'n', "n, N", "no", "no: keep the screening as it is", true, act_ask_no, .more = { 'N' } },
	{ UI_ESC, "Esc", "no", "no: keep the screening as it is", false, act_ask_no },
	{ 0 },
};

struct ui_view *ui_screening_new(struct ui_app *app, const struct cl_id *patient)
{
	return ui_screening_new_with(app, patient, INSTRUMENT);
}

struct ui_view *ui_screening_new_with(struct ui_app *app, const struct cl_id *patient,
				      const char *instrument)
{
	struct screening_view *sv = calloc(1, sizeof(*sv));
	struct cl_db *db = ui_app_db(app);
	struct cl_error err = { 0 };
	struct cl_patient p;

	if (!sv) {
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	if (cl_patient_get(db, patient, &p, &err) ||
	    cl_screening_start(db, patient, instrument, &sv->s, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not start the screening: %s",
			       err.message);
		free(sv);
		return NULL;
	}
	sv->view = (struct ui_view){
		.title = "Screening",
		.modal = true, /* the tab numbers and / would drop the answers: Esc asks first */
		.draw = screening_draw,
		.key = screening_key,
		.resume = screening_resume,
		.ask_quit = screening_ask_quit,
		.free = screening_free,
		.app = app,
	};
	ui_format_name(p.family_name, p.given_name, sv->name, sizeof(sv->name));
	sv->referring = -1;
	cl_setting_text(db, "safety_protocol", sv->protocol, sizeof(sv->protocol));
	screening_mode(sv, MODE_QUESTION);
	cursor_home(sv);
	return &sv->view;
}
