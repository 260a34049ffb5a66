#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "careloop.h"
#include "letters.h"
#include "outfile.h"
#include "paper.h"

int ui_letters_dir(char *buf, size_t size)
{
	const char *env = getenv("CARELOOP_LETTERS");
	const char *home = getenv("HOME");

	/* As for $XDG_*: a relative path is ignored. */
	if (env && env[0] == '/')
		return snprintf(buf, size, "%s", env) < (int)size ? 0 : -1;
	if (!home || home[0] != '/')
		return -1;
	return snprintf(buf, size, "%s/careloop-letters", home) < (int)size ? 0 : -1;
}

/* Create the folder (0700) unless it exists; the message says why not. 0 or -1. */
static int make_dir(struct ui_app *app, const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0 ||
	    (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	ui_app_message(app, UI_ROLE_ERROR, "No letter: cannot make the folder %s: %s", dir,
		       errno == EEXIST ? "not a folder" : strerror(errno));
	return -1;
}

void ui_letter_write(struct ui_app *app, const struct cl_id *id)
{
	struct cl_document doc = { 0 };
	struct cl_outfile out = { 0 };
	struct cl_error err = { 0 };
	char dir[3800], path[4096], text[CL_ID_STRLEN], today[CL_DATE_LEN];
	const char *home = getenv("HOME"), *name;
	int pages = 0, n, rc;
	size_t len;

	if (ui_letters_dir(dir, sizeof(dir))) {
		ui_app_message(app, UI_ROLE_ERROR,
			       "No letter: set HOME or CARELOOP_LETTERS to an absolute path");
		return;
	}
	if (make_dir(app, dir))
		return;
	cl_date_today(today);
	cl_id_str(id, text);
	/* A new name each time: a letter is never written over another. */
	for (n = 1, rc = CL_EEXIST; rc == CL_EEXIST && n < 100; n++) {
		if (n == 1)
			snprintf(path, sizeof(path), "%s/referral-%.8s-%s.pdf", dir, text, today);
		else
			snprintf(path, sizeof(path), "%s/referral-%.8s-%s-%d.pdf", dir, text, today,
				 n);
		cl_error_clear(&err);
		rc = cl_outfile_open(&out, path, false, NULL, &err);
	}
	if (rc) {
		ui_app_message(app, UI_ROLE_ERROR, "No letter: %s", err.message);
		return;
	}
	if (!(rc = cl_letter_build(ui_app_db(app), id, today, &doc, &err))) {
		rc = paper_pdf_write(&doc, out.f, &pages, &err);
		paper_release();
	}
	if (rc || (rc = cl_outfile_commit(&out, &err))) {
		cl_outfile_discard(&out);
		ui_app_message(app, UI_ROLE_ERROR, "No letter: %s", err.message);
	} else {
		/* The file's name first (the line may be cut), the folder after it, ~ for HOME. */
		name = strrchr(path, '/') + 1;
		len = home ? strlen(home) : 0;
		if (len > 1 && strncmp(dir, home, len) == 0 && dir[len] == '/')
			ui_app_message(app, UI_ROLE_OK, "Letter written: %s (%d page%s) in ~%s",
				       name, pages, pages == 1 ? "" : "s", dir + len);
		else
			ui_app_message(app, UI_ROLE_OK, "Letter written: %s (%d page%s) in %s",
				       name, pages, pages == 1 ? "" : "s", dir);
	}
	cl_document_free(&doc);
}
