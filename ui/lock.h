/*
 * The idle lock's screen: it hides every patient datum and opens again only for the OS user
 * running careloop, proved by PAM (service "careloop"; Linux-PAM reads /etc/pam.d/other when
 * there is no /etc/pam.d/careloop), the way vlock and physlock do. After LOCK_TRIES refused
 * passwords it waits LOCK_DELAY seconds before it asks again.
 */
#ifndef UI_LOCK_H
#define UI_LOCK_H

#include <stdbool.h>
#include <time.h>

struct ui_lock {
	char user[64];		    /* the OS login that may unlock */
	char message[256];	    /* why it is still locked ("Wrong password …"), or "" */
	int failures;		    /* refused tries since the last wait */
	struct timespec wait_until; /* no try before this (CLOCK_MONOTONIC); 0: none */
};

/* Lock: forget earlier messages and learn who may unlock (the real uid's login). */
void ui_lock_begin(struct ui_lock *lock);

/* Draw the lock screen on stdscr (staged with wnoutrefresh). */
void ui_lock_draw(const struct ui_lock *lock);

/*
 * A key came while locked: ask for the password on the lock screen (echo off) and check it
 * with PAM. Returns true when the person proved to be the user; false keeps it locked,
 * with lock->message saying why (wrong password, tries left, how long to wait).
 */
bool ui_lock_try(struct ui_lock *lock);

#endif
