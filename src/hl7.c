/* HL7 version 2 messages: see hl7.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hl7.h"

#define MLLP_START '\x0b'
#define MLLP_END   '\x1c'

static bool is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A separator must be a visible, non-alphanumeric ASCII character. */
static bool separator_ok(char c)
{
	return c > ' ' && c < 0x7f && !is_alnum(c);
}

int cl_hl7_parse(const char *text, size_t len, struct cl_hl7_message *m, struct cl_error *err)
{
	const char defaults[] = "^~\\&";
	char *enc[] = { &m->component, &m->repetition, &m->escape, &m->subcomponent };
	size_t i, start;

	memset(m, 0, sizeof(*m));
	if (len < 4 || memcmp(text, "MSH", 3) != 0 || !separator_ok(text[3])) {
		err->line = 1;
		return cl_error_set(err, CL_EINVAL,
				    "not an HL7 v2 message: it does not start with MSH");
	}
	m->field = text[3];
	/* MSH-2: up to four encoding characters; the ones left out take their defaults. */
	for (i = 0; i < 4; i++) {
		char c = 4 + i < len ? text[4 + i] : m->field;

		if (c == m->field || c == '\r' || c == '\n') {
			for (; i < 4; i++)
				*enc[i] = defaults[i];
			break;
		}
		if (!separator_ok(c) || c == m->field) {
			err->line = 1;
			return cl_error_set(err, CL_EINVAL,
					    "MSH-2: an encoding character is not valid");
		}
		*enc[i] = c;
	}
	if (m->component == m->repetition || m->component == m->escape ||
	    m->component == m->subcomponent || m->repetition == m->escape ||
	    m->repetition == m->subcomponent || m->escape == m->subcomponent) {
		err->line = 1;
		return cl_error_set(err, CL_EINVAL, "MSH-2: two encoding characters are the same");
	}
	/* Segments: ended by CR, LF or CRLF; empty lines skipped. */
	for (start = 0; start < len;) {
		size_t end = start;

		while (end < len && text[end] != '\r' && text[end] != '\n')
			end++;
		if (end > start) {
			const char *s = text + start;
			size_t n = end - start;

			if (m->nsegments == CL_HL7_MAX_SEGMENTS) {
				err->line = m->nsegments + 1;
				return cl_error_set(err, CL_EINVAL,
						    "more than %d segments in one message",
						    CL_HL7_MAX_SEGMENTS);
			}
			if (n < 3 || !is_alnum(s[0]) || !is_alnum(s[1]) || !is_alnum(s[2]) ||
			    (n > 3 && s[3] != m->field)) {
				err->line = m->nsegments + 1;
				return cl_error_set(err, CL_EINVAL,
						    "segment %d: not a segment (three letters or "
						    "digits, then the field separator)",
						    m->nsegments + 1);
			}
			m->segments[m->nsegments].start = s;
			m->segments[m->nsegments].len = n;
			m->nsegments++;
		}
		start = end + 1;
	}
	return CL_OK;
}

const struct cl_hl7_segment *cl_hl7_segment(const struct cl_hl7_message *m, const char *id, int n)
{
	for (int i = 0; i < m->nsegments; i++)
		if (memcmp(m->segments[i].start, id, 3) == 0 && --n == 0)
			return &m->segments[i];
	return NULL;
}

/* The n-th (from 1) piece of s[0 .. len) between separators sep; false when there is none. */
static bool piece(const char *s, size_t len, char sep, int n, const char **out, size_t *out_len)
{
	size_t i = 0;

	if (n < 1)
		return false;
	while (--n > 0) {
		const char *next = memchr(s + i, sep, len - i);

		if (!next)
			return false;
		i = (size_t)(next - s) + 1;
	}
	*out = s + i;
	{
		const char *next = memchr(s + i, sep, len - i);

		*out_len = next ? (size_t)(next - (s + i)) : len - i;
	}
	return true;
}

/* The raw text of field n of segment s (MSH numbering included); false when absent. */
static bool field_text(const struct cl_hl7_message *m, const struct cl_hl7_segment *s, int n,
		       const char **out, size_t *len)
{
	bool msh = memcmp(s->start, "MSH", 3) == 0;

	if (n < 1)
		return false;
	if (msh && n == 1) {
		/* (a later MSH segment may be the three letters alone) */
		if (s->len < 4)
			return false;
		*out = s->start + 3;
		*len = 1;
		return true;
	}
	/* Pieces between field separators: 1 is the id; MSH's 2 is MSH-2. */
	return piece(s->start, s->len, m->field, msh ? n : n + 1, out, len);
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Append byte c to buf at *n if room is left (one byte kept for the terminator). */
static void put(char *buf, size_t size, size_t *n, bool *cut, char c)
{
	if (*n + 1 < size)
		buf[(*n)++] = c;
	else
		*cut = true;
}

/* Decode s[0 .. len) into buf: escape sequences replaced, the rest copied. */
static void decode(const struct cl_hl7_message *m, const char *s, size_t len, char *buf,
		   size_t size)
{
	size_t i = 0, n = 0;
	bool cut = false;

	while (i < len) {
		const char *close;
		size_t k, seq;

		if (s[i] != m->escape || !(close = memchr(s + i + 1, m->escape, len - i - 1))) {
			put(buf, size, &n, &cut, s[i++]);
			continue;
		}
		seq = (size_t)(close - (s + i + 1));
		k = i + 1;
		if (seq == 1 && s[k] == 'F')
			put(buf, size, &n, &cut, m->field);
		else if (seq == 1 && s[k] == 'S')
			put(buf, size, &n, &cut, m->component);
		else if (seq == 1 && s[k] == 'T')
			put(buf, size, &n, &cut, m->subcomponent);
		else if (seq == 1 && s[k] == 'R')
			put(buf, size, &n, &cut, m->repetition);
		else if (seq == 1 && s[k] == 'E')
			put(buf, size, &n, &cut, m->escape);
		else if (seq >= 3 && s[k] == 'X' && seq % 2 == 1)
			for (size_t h = k + 1; h + 1 < k + seq; h += 2) {
				int hi = hex(s[h]), lo = hex(s[h + 1]);

				if (hi < 0 || lo < 0)
					break;
				put(buf, size, &n, &cut, (char)(hi << 4 | lo));
			}
		/* else: formatting (\.br\, \H\, \N\ …) or unknown: dropped */
		i += seq + 2;
	}
	/* Cut short: never inside a UTF-8 character (a last one that is whole stays). */
	if (cut) {
		size_t k = n;

		while (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0xc0) {
			unsigned char lead = (unsigned char)buf[k - 1];
			size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;

			if (n - (k - 1) < need)
				n = k - 1;
		}
	}
	buf[n] = '\0';
}

bool cl_hl7_get(const struct cl_hl7_message *m, const struct cl_hl7_segment *s, int field,
		int repetition, int component, int subcomponent, char *buf, size_t size)
{
	const char *t;
	size_t len;

	buf[0] = '\0';
	if (!s || !field_text(m, s, field, &t, &len))
		return false;
	if (memcmp(s->start, "MSH", 3) == 0 && field <= 2) {
		/* The separators themselves: never split nor decoded. */
		if (repetition != 1 || component != 1 || subcomponent != 1)
			return false;
		snprintf(buf, size, "%.*s", (int)len, t);
		return true;
	}
	if (!piece(t, len, m->repetition, repetition, &t, &len) ||
	    !piece(t, len, m->component, component, &t, &len) ||
	    !piece(t, len, m->subcomponent, subcomponent, &t, &len))
		return false;
	decode(m, t, len, buf, size);
	return true;
}

int cl_hl7_repetitions(const struct cl_hl7_message *m, const struct cl_hl7_segment *s, int field)
{
	const char *t;
	size_t len;
	int n = 1;

	if (!s || !field_text(m, s, field, &t, &len) || len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		n += t[i] == m->repetition;
	return n;
}

/* Lines ended before data + at (LF, CRLF, or a lone CR each end one). */
static long line_of(const char *data, size_t at, size_t *from, long *line)
{
	for (; *from < at; (*from)++)
		if (data[*from] == '\n' ||
		    (data[*from] == '\r' && (*from + 1 >= at || data[*from + 1] != '\n')))
			(*line)++;
	return *line;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

int cl_hl7_split(const char *data, size_t len,
		 int (*one)(const char *start, size_t len, long line, void *arg), void *arg)
{
	size_t counted = 0, i = 0, start = 0;
	long line = 1;
	int rc;

	if (memchr(data, MLLP_START, len)) {
		/* MLLP: VT message FS CR; what lies between frames is ignored. */
		while (i < len) {
			const char *vt = memchr(data + i, MLLP_START, len - i), *fs;
			size_t from, to;

			if (!vt)
				break;
			from = (size_t)(vt - data) + 1;
			fs = memchr(data + from, MLLP_END, len - from);
			to = fs ? (size_t)(fs - data) : len;
			if (!blank(data + from, to - from) &&
			    (rc = one(data + from, to - from, line_of(data, from, &counted, &line),
				      arg)))
				return rc;
			i = to + 1;
		}
		return 0;
	}
	/* Plain: a message starts at each line beginning with MSH. */
	for (i = 0; i <= len; i++) {
		bool line_start = i == 0 || data[i - 1] == '\n' || data[i - 1] == '\r';

		if (i == len ||
		    (line_start && i > start && len - i >= 3 && memcmp(data + i, "MSH", 3) == 0)) {
			size_t end = i;

			while (start < end && (data[start] == '\r' || data[start] == '\n'))
				start++;
			while (end > start && (data[end - 1] == '\r' || data[end - 1] == '\n'))
				end--;
			if (!blank(data + start, end - start) &&
			    (rc = one(data + start, end - start,
				      line_of(data, start, &counted, &line), arg)))
				return rc;
			start = i;
		}
	}
	return 0;
}
