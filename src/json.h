/*
 * A small streaming JSON writer (RFC 8259) for exports: compact (no newline inside a value,
 * so that NDJSON stays one value a line), every string through the one sanitizer
 * (cl_text_encode, CL_TEXT_JSON). Keys are the program's own ASCII names. Write errors are
 * remembered and reported by cl_json_error.
 */
#ifndef CL_JSON_H
#define CL_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define CL_JSON_MAX_DEPTH 32

struct cl_json {
	FILE *out;
	int depth;
	bool comma[CL_JSON_MAX_DEPTH];	/* a value was written at this depth: the next needs ',' */
	char closer[CL_JSON_MAX_DEPTH]; /* '}' or ']' of the object or array open at depth */
	bool failed;
	char *buf; /* encoding buffer, grown as needed */
	size_t cap;
	char pending[65536]; /* output not yet handed to out: one fwrite per 64 KiB */
	size_t npending;
};

/* Start writing values to out (no output yet). */
void cl_json_init(struct cl_json *j, FILE *out);

/* Hand what is pending to out (fwrite; out is not flushed). */
void cl_json_flush(struct cl_json *j);

/* Free the writer's buffer (out stays open; call cl_json_flush first to keep the output). */
void cl_json_free(struct cl_json *j);

/*
 * In an object, key names the value; in an array or at the top, key is NULL. A top-level
 * value starts a fresh sequence: nothing is written between two top-level values.
 */
void cl_json_object(struct cl_json *j, const char *key);
void cl_json_array(struct cl_json *j, const char *key);
void cl_json_end(struct cl_json *j); /* closes the innermost object or array */

/* A string (NULL is written as ""); cl_json_text skips the member when s is NULL or "". */
void cl_json_string(struct cl_json *j, const char *key, const char *s);
void cl_json_text(struct cl_json *j, const char *key, const char *s);
void cl_json_bool(struct cl_json *j, const char *key, bool v);
void cl_json_int(struct cl_json *j, const char *key, long long v);

/* Write raw text outside any value (a line end between NDJSON values, a Bundle's frame). */
void cl_json_raw(struct cl_json *j, const char *text);

/* True when a write failed (or memory ran out) since init (pending output not yet written). */
bool cl_json_error(const struct cl_json *j);

#endif
