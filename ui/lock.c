#include "config.h"

#include <curses.h>
#include <pwd.h>
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "keymap.h"
#include "lock.h"
#include "text.h"

#define LOCK_TRIES     3     /* refused passwords before a wait */
#define LOCK_DELAY     30    /* seconds of that wait */
#define PROMPT_IDLE_MS 60000 /* a half-typed password is dropped after a minute */
#define LOCK_SERVICE   "careloop"
#define LOCK_FALLBACK  "login" /* when the careloop service cannot be started at all */
#define ANSWER_MAX     512

/* Wipe a secret so that the compiler cannot drop the stores as dead. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void ui_lock_begin(struct ui_lock *lock)
{
	struct passwd *pw = getpwuid(getuid());

	snprintf(lock->user, sizeof(lock->user), "%s", pw && pw->pw_name ? pw->pw_name : "");
	lock->message[0] = '\0';
}

/* One centered line of the lock screen at row y. */
static void centered(int y, const char *text)
{
	char clean[ANSWER_MAX + 512], fitted[ANSWER_MAX + 512];
	int width;

	cl_text_sanitize(text, clean, sizeof(clean));
	width = cl_text_fit(clean, COLS, 1, fitted, sizeof(fitted));
	mvwaddstr(stdscr, y, (COLS - width) / 2 > 0 ? (COLS - width) / 2 : 0, fitted);
}

/* The lock screen: the notice, the prompt (or how to start), the last message. */
static void lock_screen(const struct ui_lock *lock, const char *prompt, int *cy, int *cx)
{
	char line[ANSWER_MAX + 512];
	int y = LINES / 2 - 2;

	werase(stdscr);
	centered(y, "careloop locked");
	if (prompt) {
		char clean[sizeof(line)];
		int width;

		snprintf(line, sizeof(line), "Unlock as %s. %s", lock->user, prompt);
		cl_text_sanitize(line, clean, sizeof(clean));
		width = cl_text_width(clean);
		if (width > COLS - 2)
			width = COLS - 2;
		centered(y + 2, line);
		*cy = y + 2;
		*cx = (COLS - width) / 2 + width;
		if (*cx >= COLS)
			*cx = COLS - 1;
		centered(y + 6, "(nothing shows as you type; Enter: unlock, Esc: back)");
	} else {
		snprintf(line, sizeof(line), "press any key to unlock as %s", lock->user);
		centered(y + 2, line);
	}
	if (lock->message[0])
		centered(y + 4, lock->message);
}

void ui_lock_draw(const struct ui_lock *lock)
{
	int cy, cx;

	lock_screen(lock, NULL, &cy, &cx);
	wnoutrefresh(stdscr);
}

/*
 * Read an answer to prompt on the lock screen; echo off shows nothing of it. False when the
 * person gave up (Esc, Ctrl-C, a minute without a key).
 */
static bool lock_ask(struct ui_lock *lock, const char *prompt, bool echo, char *answer, size_t size)
{
	size_t len = 0;

	answer[0] = '\0';
	for (;;) {
		char shown[ANSWER_MAX + 256];
		int cy = 0, cx = 0, rc;
		wint_t ch;

		snprintf(shown, sizeof(shown), "%s%s", prompt, echo ? answer : "");
		lock_screen(lock, shown, &cy, &cx);
		curs_set(1);
		wmove(stdscr, cy, cx);
		wrefresh(stdscr);
		wtimeout(stdscr, PROMPT_IDLE_MS);
		rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			return false;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_ENTER)
				return true;
			if (ch == KEY_BACKSPACE && len > 0) {
				while (len > 0 && ((unsigned char)answer[--len] & 0xc0) == 0x80)
					;
				answer[len] = '\0';
			}
			continue; /* KEY_RESIZE and the rest: draw again */
		}
		if (ch == '\r' || ch == '\n')
			return true;
		if (ch == UI_ESC || ch == UI_CTRL('C'))
			return false;
		if (ch == UI_CTRL('U')) {
			wipe(answer, size);
			len = 0;
		} else if (ch == 0x7f || ch == UI_CTRL('H')) {
			while (len > 0 && ((unsigned char)answer[--len] & 0xc0) == 0x80)
				;
			answer[len] = '\0';
		} else if (ch >= 0x20) {
			char utf8[8];
			mbstate_t state = { 0 };
			size_t n = wcrtomb(utf8, (wchar_t)ch, &state);

			if (n != (size_t)-1 && len + n < size) {
				memcpy(answer + len, utf8, n);
				len += n;
				answer[len] = '\0';
			}
		}
	}
}

/* What the conversation needs besides PAM's arguments. */
struct conv_ctx {
	struct ui_lock *lock;
	bool cancelled;
};

/* PAM's questions become prompts on the lock screen; its messages become the message. */
static int conversation(int n, const struct pam_message **msg, struct pam_response **resp,
			void *data)
{
	struct conv_ctx *ctx = data;
	struct pam_response *answers;
	int i;

	if (n <= 0 || n > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	answers = calloc((size_t)n, sizeof(*answers));
	if (!answers)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++) {
		char answer[ANSWER_MAX];
		int style = msg[i]->msg_style;

		if (style == PAM_ERROR_MSG || style == PAM_TEXT_INFO) {
			snprintf(ctx->lock->message, sizeof(ctx->lock->message), "%s",
				 msg[i]->msg ? msg[i]->msg : "");
			continue;
		}
		if (style != PAM_PROMPT_ECHO_OFF && style != PAM_PROMPT_ECHO_ON)
			goto fail;
		if (!lock_ask(ctx->lock, msg[i]->msg ? msg[i]->msg : "Password: ",
			      style == PAM_PROMPT_ECHO_ON, answer, sizeof(answer))) {
			wipe(answer, sizeof(answer));
			ctx->cancelled = true;
			goto fail;
		}
		answers[i].resp = strdup(answer);
		wipe(answer, sizeof(answer));
		if (!answers[i].resp)
			goto fail;
	}
	*resp = answers;
	return PAM_SUCCESS;
fail:
	for (i = 0; i < n; i++) {
		if (answers[i].resp) {
			wipe(answers[i].resp, strlen(answers[i].resp));
			free(answers[i].resp);
		}
	}
	free(answers);
	return PAM_CONV_ERR;
}

static double seconds_left(const struct timespec *until)
{
	struct timespec now;

	if (!until->tv_sec && !until->tv_nsec)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(until->tv_sec - now.tv_sec) + (until->tv_nsec - now.tv_nsec) / 1e9;
}

bool ui_lock_try(struct ui_lock *lock)
{
	struct conv_ctx ctx = { .lock = lock };
	const struct pam_conv conv = { conversation, &ctx };
	pam_handle_t *pam = NULL;
	double wait = seconds_left(&lock->wait_until);
	const char *tty = ttyname(STDIN_FILENO);
	int rc;

	if (wait > 0) {
		snprintf(lock->message, sizeof(lock->message),
			 "Too many wrong passwords: wait %d more seconds.", (int)(wait + 0.999));
		return false;
	}
	if (!lock->user[0]) {
		snprintf(lock->message, sizeof(lock->message),
			 "Cannot tell which user runs careloop: it stays locked.");
		return false;
	}
	lock->message[0] = '\0';
	rc = pam_start(LOCK_SERVICE, lock->user, &conv, &pam);
	if (rc != PAM_SUCCESS)
		rc = pam_start(LOCK_FALLBACK, lock->user, &conv, &pam);
	if (rc != PAM_SUCCESS) {
		snprintf(lock->message, sizeof(lock->message), "Cannot check passwords (PAM): %s",
			 pam_strerror(pam, rc));
		return false;
	}
	if (tty)
		pam_set_item(pam, PAM_TTY, tty);
	rc = pam_authenticate(pam, 0);
	if (rc == PAM_SUCCESS)
		rc = pam_acct_mgmt(pam, 0);
	curs_set(0);
	if (rc == PAM_SUCCESS) {
		pam_end(pam, rc);
		lock->failures = 0;
		lock->message[0] = '\0';
		return true;
	}
	if (ctx.cancelled) {
		pam_end(pam, rc);
		snprintf(lock->message, sizeof(lock->message), "Still locked.");
		return false;
	}
	lock->failures++;
	if (rc == PAM_AUTH_ERR || rc == PAM_USER_UNKNOWN || rc == PAM_MAXTRIES)
		snprintf(lock->message, sizeof(lock->message), "Wrong password for %s.",
			 lock->user);
	else
		snprintf(lock->message, sizeof(lock->message), "Not unlocked: %s.",
			 pam_strerror(pam, rc));
	pam_end(pam, rc);
	if (lock->failures >= LOCK_TRIES) {
		size_t len = strlen(lock->message);

		clock_gettime(CLOCK_MONOTONIC, &lock->wait_until);
		lock->wait_until.tv_sec += LOCK_DELAY;
		lock->failures = 0;
		snprintf(lock->message + len, sizeof(lock->message) - len,
			 " %d wrong tries: wait %d seconds.", LOCK_TRIES, LOCK_DELAY);
	} else {
		size_t len = strlen(lock->message);
		int left = LOCK_TRIES - lock->failures;

		snprintf(lock->message + len, sizeof(lock->message) - len,
			 " %d %s left before a %d-second wait.", left, left == 1 ? "try" : "tries",
			 LOCK_DELAY);
	}
	return false;
}
