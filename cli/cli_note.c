#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

/*
 * careloop note add MRN|- --kind KIND [--at "YYYY-MM-DD HH:MM"] [--file FILE]: a case note,
 * its text from FILE or standard input (after the MRN's line with "-"), checked as the
 * chart's editor is (the size limit, no control characters).
 * careloop note list MRN|- [--search WORDS] [--format table|csv|json]: a patient's notes,
 * newest first; an amended one says so (and which note amends another).
 */

/* One line from in into buf (the MRN): 0 or an EX_* code. */
static int read_mrn(FILE *in, char *buf, size_t size)
{
	size_t len;

	if (isatty(fileno(in)))
		fputs("MRN: ", stderr);
	if (!fgets(buf, (int)size, in))
		return cli_usage_error("note", "-: no MRN on standard input");
	len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' && !feof(in))
		return cli_usage_error("note", "-: the MRN is too long");
	buf[len] = '\0';
	if (!buf[0])
		return cli_usage_error("note", "-: no MRN on standard input");
	return EX_OK;
}

/* The rest of in as the note's text (malloc'd into *text), trailing blank lines dropped. */
static int read_text(FILE *in, char **text)
{
	size_t cap = CL_NOTE_MAX_BYTES + 2, len;
	char *buf = malloc(cap);

	if (!buf) {
		cli_error("note add", "out of memory");
		return EX_OSERR;
	}
	len = fread(buf, 1, cap - 1, in);
	if (ferror(in)) {
		free(buf);
		cli_error("note add", "cannot read the text");
		return EX_IOERR;
	}
	buf[len] = '\0';
	if (len > CL_NOTE_MAX_BYTES) {
		free(buf);
		fprintf(stderr,
			"careloop: note add: the text is longer than %d bytes (the limit)\n",
			CL_NOTE_MAX_BYTES);
		return EX_DATAERR;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	*text = buf;
	return EX_OK;
}

static int note_add(const struct cli_globals *g, const char *who, const char *kind, const char *at,
		    const char *file)
{
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	struct cl_patient p;
	struct cl_note n;
	char mrn[64], path[4096], *text = NULL;
	FILE *in = stdin;
	int rc;

	if (file && !(in = fopen(file, "r"))) {
		cli_error("note add --file", "cannot open the file");
		return EX_NOINPUT;
	}
	if (strcmp(who, "-") == 0)
		rc = read_mrn(stdin, mrn, sizeof(mrn));
	else
		rc = (snprintf(mrn, sizeof(mrn), "%s", who), EX_OK);
	if (!rc)
		rc = read_text(in, &text);
	if (in != stdin)
		fclose(in);
	if (rc)
		return rc;
	cl_note_init(&n, NULL);
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		goto out;
	if (cl_patient_by_mrn(db, mrn, &p, &err)) {
		/* Never the MRN itself in a message. */
		cli_error("note add",
			  err.code == CL_ENOTFOUND ? "no patient with that MRN" : err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	cl_note_init(&n, &p.id);
	if (cl_note_field_set(&n, "kind", kind, &err) ||
	    (at && cl_note_field_set(&n, "occurred_at", at, &err)) ||
	    cl_note_set_body(&n, text, &err)) {
		cli_error(strcmp(err.field, "kind") == 0	  ? "note add --kind"
			  : strcmp(err.field, "occurred_at") == 0 ? "note add --at"
								  : "note add",
			  err.message);
		rc = EX_DATAERR;
		goto out;
	}
	if (cl_note_add(db, &n, &err)) {
		cli_error("note add", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	printf("Saved: %s note of %s, %zu bytes.\n", n.kind, n.occurred_at, strlen(n.body));
	rc = EX_OK;
out:
	cl_note_clear(&n);
	free(text);
	cl_db_close(db);
	return rc;
}

#define LIST_MAX 10000

static int note_list(const struct cli_globals *g, const char *who, const char *search,
		     enum cli_format format)
{
	static const char *const columns[] = { "when", "kind", "author", "state", "bytes", "text" };
	struct cl_note_row *rows = calloc(LIST_MAX, sizeof(*rows));
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	struct cli_out *o = NULL;
	struct cl_patient p;
	char mrn[64], path[4096];
	int rc, n = 0;

	if (!rows) {
		cli_error("note list", "out of memory");
		return EX_OSERR;
	}
	if (strcmp(who, "-") == 0) {
		if ((rc = read_mrn(stdin, mrn, sizeof(mrn))))
			goto out;
	} else {
		snprintf(mrn, sizeof(mrn), "%s", who);
	}
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		goto out;
	if (cl_patient_by_mrn(db, mrn, &p, &err)) {
		cli_error("note list",
			  err.code == CL_ENOTFOUND ? "no patient with that MRN" : err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	/* Reading a chart's notes is a view of the chart: audited as opening it is. */
	if ((search ? cl_note_search(db, &p.id, search, rows, LIST_MAX, &n, &err)
		    : cl_note_list(db, &p.id, rows, LIST_MAX, &n, &err)) ||
	    cl_audit_log(db, CL_AUDIT_VIEW, "patient", &p.id, &err)) {
		cli_error("note list", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (!(o = cli_out_new(stdout, format, columns, 6))) {
		cli_error("note list", "out of memory");
		rc = EX_OSERR;
		goto out;
	}
	cli_out_numbers(o, 1UL << 4);
	cli_out_lines(o, 1UL << 5);
	for (int i = 0; i < n; i++) {
		const struct cl_note_row *r = &rows[i];
		char when[17], bytes[24], state[64];
		struct cl_note full;
		const char *text = r->preview;

		snprintf(when, sizeof(when), "%s", r->occurred_at);
		if (when[10] == 'T')
			when[10] = ' ';
		snprintf(bytes, sizeof(bytes), "%zu", r->bytes);
		snprintf(state, sizeof(state), "%s%s%s", r->amended ? "amended" : "",
			 r->amended && r->amends ? "," : "", r->amends ? "amends" : "");
		full.body = NULL;
		/* CSV and JSON carry the whole text; a table its first line. */
		if (format != CLI_TABLE && !cl_note_get(db, &r->id, &full, &err))
			text = full.body;
		if (format == CLI_TABLE) {
			static char line[sizeof(r->preview)];

			snprintf(line, sizeof(line), "%.*s", (int)strcspn(r->preview, "\n"),
				 r->preview);
			text = line;
		}
		cli_out_row(o, (const char *const[]){ when, r->kind, r->author_name, state, bytes,
						      text });
		cl_note_clear(&full);
	}
	cli_out_end(o);
	o = NULL;
	rc = EX_OK;
out:
	if (o)
		cli_out_discard(o);
	free(rows);
	cl_db_close(db);
	return rc;
}

int cli_cmd_note(const struct cli_globals *g, int argc, char **argv)
{
	const char *who = NULL, *kind = NULL, *at = NULL, *file = NULL, *search = NULL;
	enum cli_format format = CLI_TABLE;
	bool add;

	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0))
		return cli_usage_error("note", "what to do? (add, list)");
	add = strcmp(argv[1], "add") == 0;
	for (int i = 2; i < argc; i++) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (add && strcmp(argv[i], "--kind") == 0 && value)
			kind = argv[++i];
		else if (add && strcmp(argv[i], "--at") == 0 && value)
			at = argv[++i];
		else if (add && strcmp(argv[i], "--file") == 0 && value)
			file = argv[++i];
		else if (!add && strcmp(argv[i], "--search") == 0 && value)
			search = argv[++i];
		else if (!add && strcmp(argv[i], "--format") == 0 && value) {
			if (cli_parse_format(argv[++i], &format))
				return cli_usage_error("note",
						       "--format must be table, csv or json");
		} else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !who)
			who = argv[i];
		else
			return cli_usage_error("note", "unknown or incomplete option '%s'",
					       argv[i]);
	}
	if (!who)
		return cli_usage_error("note", "%s: whose notes? (an MRN, or - to read it)",
				       argv[1]);
	if (add && !kind)
		return cli_usage_error("note", "add: --kind is required (note, phone-call, "
					       "home-visit, care-conference)");
	return add ? note_add(g, who, kind, at, file) : note_list(g, who, search, format);
}
