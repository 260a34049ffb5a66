#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymap.h"
#include "screening.h"
#include "text.h"
#include "views.h"

/*
 * A saved screening read back, question by question (Enter on a screening in the chart's
 * Screenings section): the domain results, then each question with the answer given, or
 * "skipped" or "not asked". Read only; entered-in-error ones say so at the top.
 */

#define LINES_MAX 400
#define LINE_LEN  600

struct answers_view {
	struct ui_view view; /* first: a struct ui_view * is a struct answers_view * */
	char title[96];
	char (*lines)[LINE_LEN]; /* the text before wrapping: one per paragraph */
	enum ui_role *roles;
	int nlines, scroll, shown, total;
};

static struct answers_view *to_answers(struct ui_view *view)
{
	return (struct answers_view *)view;
}

static void add(struct answers_view *av, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add(struct answers_view *av, enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	if (av->nlines >= LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(av->lines[av->nlines], LINE_LEN, fmt, ap);
	va_end(ap);
	av->roles[av->nlines++] = role;
}

/* The chosen options of answer a to question q, "; "-joined, in the screening's language. */
static void answer_text(const struct cl_question *q, const struct cl_answer *a, enum cl_lang lang,
			char *buf, size_t size)
{
	size_t len = 0;
	int o;

	buf[0] = '\0';
	if (a->state == CL_ANSWER_SKIPPED) {
		snprintf(buf, size, "skipped (preferred not to say)");
		return;
	}
	if (a->state == CL_ANSWER_NONE) {
		snprintf(buf, size, "not asked");
		return;
	}
	for (o = 0; o < q->noptions && o < 32 && len < size; o++) {
		if (!(a->chosen & (UINT32_C(1) << o)))
			continue;
		snprintf(buf + len, size - len, "%s%s", len ? "; " : "",
			 q->options[o].text[lang] ? q->options[o].text[lang] : q->options[o].code);
		len = strlen(buf);
	}
}

static void fill(struct answers_view *av, const struct cl_screening *s, const char *error_reason)
{
	const struct cl_instrument *in = s->instrument;
	struct cl_score score;
	char answer[LINE_LEN];
	int q, d;

	if (error_reason && error_reason[0])
		add(av, UI_ROLE_ERROR,
		    "Entered in error (%s): kept for the record, counted nowhere.", error_reason);
	add(av, UI_ROLE_NORMAL, "%s, %s, %s (asked in %s)", in->name[CL_LANG_EN], s->screened_on,
	    cl_screening_status_code(s->status), s->language == CL_LANG_ES ? "Spanish" : "English");
	cl_screening_score(s, &score);
	for (d = 0; d < in->ndomains; d++)
		add(av, score.domain[d] == CL_DOMAIN_POSITIVE ? UI_ROLE_ERROR : UI_ROLE_NORMAL,
		    "  %-24s %s", in->domains[d].name[CL_LANG_EN],
		    cl_domain_result_code(score.domain[d]));
	if (score.review)
		add(av, UI_ROLE_ERROR, "  Review with clinician: reported being physically hurt");
	for (q = 0; q < in->nquestions; q++) {
		const struct cl_question *question = &in->questions[q];

		add(av, UI_ROLE_NORMAL, "%s", "");
		add(av, UI_ROLE_HEADER, "%d. %s", q + 1,
		    question->text[s->language] ? question->text[s->language]
						: question->text[CL_LANG_EN]);
		answer_text(question, &s->answers[q], s->language, answer, sizeof(answer));
		add(av, s->answers[q].state == CL_ANSWER_GIVEN ? UI_ROLE_OK : UI_ROLE_DIM,
		    "   Answer: %s   [%s]", answer, in->domains[question->domain].code);
	}
}

static void answers_draw(struct ui_view *view, WINDOW *win)
{
	struct answers_view *av = to_answers(view);
	int height = getmaxy(win), width = getmaxx(win) - 2, line, i;
	char clean[LINE_LEN], part[LINE_LEN];

	/* wrapped rows: count them all, keep scroll in range, draw the window's part */
	for (line = 0, av->total = 0; line < av->nlines; line++) {
		const char *rest = clean;
		size_t n;

		cl_text_sanitize(av->lines[line], clean, sizeof(clean));
		if (!clean[0]) {
			av->total++;
			continue;
		}
		while ((n = ui_format_wrap(rest, width, part, sizeof(part))) > 0) {
			i = av->total++ - av->scroll;
			if (i >= 0 && i < height) {
				wattrset(win, ui_attr(av->roles[line]));
				mvwaddstr(win, i, 1, part);
			}
			rest += n;
		}
	}
	wattrset(win, ui_attr(UI_ROLE_NORMAL));
	av->shown = height;
}

static int act_close(struct ui_view *view)
{
	(void)view;
	return UI_POP;
}

static int scroll_by(struct ui_view *view, int by)
{
	struct answers_view *av = to_answers(view);

	av->scroll += by;
	if (av->scroll > av->total - av->shown)
		av->scroll = av->total - av->shown;
	if (av->scroll < 0)
		av->scroll = 0;
	return UI_HANDLED;
}

static int act_down(struct ui_view *view)
{
	return scroll_by(view, 1);
}

static int act_up(struct ui_view *view)
{
	return scroll_by(view, -1);
}

static int act_page_down(struct ui_view *view)
{
	return scroll_by(view, to_answers(view)->shown - 1);
}

static int act_page_up(struct ui_view *view)
{
	return scroll_by(view, -(to_answers(view)->shown - 1));
}

static void answers_free(struct ui_view *view)
{
	struct answers_view *av = to_answers(view);

	free(av->lines);
	free(av->roles);
	free(av);
}

static const struct ui_binding answers_keys[] = {
	{ 'q', "q", "back", "back to the chart", true, act_close },
	{ UI_ESC, "Esc", "back", "back to the chart", false, act_close },
	{ UI_KEY(KEY_DOWN), "Down, j", "scroll", "scroll down", true, act_down, .more = { 'j' } },
	{ UI_KEY(KEY_UP), "Up, k", "up", "scroll up", false, act_up, .more = { 'k' } },
	{ UI_KEY(KEY_NPAGE), "PgDn, Space", "page", "a page down", false, act_page_down,
	  .more = { ' ' } },
	{ UI_KEY(KEY_PPAGE), "PgUp", "page up", "a page up", false, act_page_up },
	{ 0 },
};

struct ui_view *ui_screening_answers_new(struct ui_app *app, const struct cl_id *screening,
					 const char *error_reason)
{
	struct answers_view *av = calloc(1, sizeof(*av));
	struct cl_screening *s = NULL;
	struct cl_error err = { 0 };

	if (!av || !(av->lines = calloc(LINES_MAX, sizeof(*av->lines))) ||
	    !(av->roles = calloc(LINES_MAX, sizeof(*av->roles)))) {
		if (av)
			free(av->lines);
		free(av);
		ui_app_message(app, UI_ROLE_ERROR, "Out of memory.");
		return NULL;
	}
	if (cl_screening_load(ui_app_db(app), screening, &s, &err)) {
		ui_app_message(app, UI_ROLE_ERROR, "Could not read the screening: %s", err.message);
		answers_free(&av->view);
		return NULL;
	}
	fill(av, s, error_reason);
	snprintf(av->title, sizeof(av->title), "Screening answers: %s", s->screened_on);
	cl_screening_free(s);
	av->view = (struct ui_view){
		.title = av->title,
		.keys = answers_keys,
		.draw = answers_draw,
		.free = answers_free,
		.app = app,
	};
	return &av->view;
}
