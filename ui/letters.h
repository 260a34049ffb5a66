/* The interface's `l`: a referral's letter written as PDF to the letters folder. */
#ifndef UI_LETTERS_H
#define UI_LETTERS_H

#include <stddef.h>

#include "id.h"
#include "view.h"

/*
 * The letters folder: $CARELOOP_LETTERS when it is an absolute path, else ~/careloop-letters
 * (created 0700 on first use, one level, never a chain). 0 or -1 (buf too small, no HOME).
 */
int ui_letters_dir(char *buf, size_t size);

/*
 * Write the letter of referral id as referral-IDPREFIX-TODAY.pdf in the letters folder
 * (-2, -3, … when that name is taken: never over a file), 0600, and say on the message line
 * where it went, or why not. Recorded in the access log as the command's letter is.
 */
void ui_letter_write(struct ui_app *app, const struct cl_id *id);

#endif
