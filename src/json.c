/* The streaming JSON writer (json.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"

void cl_json_init(struct cl_json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

void cl_json_free(struct cl_json *j)
{
	free(j->buf);
	j->buf = NULL;
	j->cap = 0;
}

void cl_json_flush(struct cl_json *j)
{
	if (j->npending && !j->failed && fwrite(j->pending, 1, j->npending, j->out) != j->npending)
		j->failed = true;
	j->npending = 0;
}

static void put_len(struct cl_json *j, const char *s, size_t n)
{
	if (j->npending + n > sizeof(j->pending))
		cl_json_flush(j);
	if (n > sizeof(j->pending)) {
		if (!j->failed && fwrite(s, 1, n, j->out) != n)
			j->failed = true;
		return;
	}
	memcpy(j->pending + j->npending, s, n);
	j->npending += n;
}

static void put(struct cl_json *j, const char *s)
{
	put_len(j, s, strlen(s));
}

/* Printable ASCII but quote and backslash: what the sanitizer would copy as it is. */
static bool plain(const char *s, size_t *len)
{
	const char *p = s;

	for (; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return false;
	*len = (size_t)(p - s);
	return true;
}

/* The text of s inside quotes, made inert (json.h). */
static void quoted(struct cl_json *j, const char *s)
{
	size_t need, len;

	if (plain(s, &len)) { /* most codes, dates and names: the same bytes, faster */
		put_len(j, "\"", 1);
		put_len(j, s, len);
		put_len(j, "\"", 1);
		return;
	}
	need = cl_text_encoded_size(s);

	if (need > j->cap) {
		char *grown = realloc(j->buf, need);

		if (!grown) {
			j->failed = true;
			return;
		}
		j->buf = grown;
		j->cap = need;
	}
	cl_text_encode(s, CL_TEXT_JSON, j->buf, j->cap);
	put(j, "\"");
	put(j, j->buf);
	put(j, "\"");
}

/* Before a value: the comma after the previous one, and the key. */
static void member(struct cl_json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->comma[j->depth])
			put(j, ",");
		j->comma[j->depth] = true;
	}
	if (key) {
		quoted(j, key);
		put(j, ":");
	}
}

static void open_value(struct cl_json *j, const char *key, const char *bracket)
{
	member(j, key);
	put(j, bracket);
	if (j->depth + 1 >= CL_JSON_MAX_DEPTH) {
		j->failed = true;
		return;
	}
	j->depth++;
	j->comma[j->depth] = false;
	j->closer[j->depth] = bracket[0] == '{' ? '}' : ']';
}

void cl_json_object(struct cl_json *j, const char *key)
{
	open_value(j, key, "{");
}

void cl_json_array(struct cl_json *j, const char *key)
{
	open_value(j, key, "[");
}

void cl_json_end(struct cl_json *j)
{
	char closer[2] = { 0, 0 };

	if (j->depth == 0) {
		j->failed = true;
		return;
	}
	closer[0] = j->closer[j->depth];
	put(j, closer);
	j->depth--;
}

void cl_json_string(struct cl_json *j, const char *key, const char *s)
{
	member(j, key);
	quoted(j, s ? s : "");
}

void cl_json_text(struct cl_json *j, const char *key, const char *s)
{
	if (s && *s)
		cl_json_string(j, key, s);
}

void cl_json_bool(struct cl_json *j, const char *key, bool v)
{
	member(j, key);
	put(j, v ? "true" : "false");
}

void cl_json_int(struct cl_json *j, const char *key, long long v)
{
	char text[32];

	member(j, key);
	snprintf(text, sizeof(text), "%lld", v);
	put(j, text);
}

void cl_json_raw(struct cl_json *j, const char *text)
{
	put(j, text);
}

bool cl_json_error(const struct cl_json *j)
{
	return j->failed || ferror(j->out);
}
