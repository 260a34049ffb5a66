/*
 * HL7 version 2 messages, as hospitals' admit/discharge/transfer feeds and encounter
 * notification services send them (ADT A01, A03, A04 …): parsed by the standard's encoding
 * rules, read-only, no PHI in any error message.
 *
 * A message is segments ended by CR (LF and CRLF are accepted too); the first is MSH, whose
 * fourth character is the field separator and whose next ones (MSH-2) are the component,
 * repetition, escape and subcomponent separators (default ^~\&). A field holds repetitions,
 * a repetition components, a component subcomponents. Numbering is the standard's: fields
 * from 1 (MSH-1 is the field separator itself, MSH-2 the encoding characters), repetitions,
 * components and subcomponents from 1.
 */
#ifndef CL_HL7_H
#define CL_HL7_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define CL_HL7_MAX_SEGMENTS 256

struct cl_hl7_segment {
	const char *start; /* in the message's text: "PID|1||…" */
	size_t len;	   /* without the segment terminator */
};

struct cl_hl7_message {
	char field, component, repetition, escape, subcomponent;
	struct cl_hl7_segment segments[CL_HL7_MAX_SEGMENTS];
	int nsegments;
};

/*
 * Parse one message of len bytes at text (which must outlive m: segments point into it).
 * CL_EINVAL when it does not start with MSH and valid separators, has more than
 * CL_HL7_MAX_SEGMENTS segments, or a segment whose id is not three letters or digits;
 * err->line is then the segment's number.
 */
int cl_hl7_parse(const char *text, size_t len, struct cl_hl7_message *m, struct cl_error *err);

/* The n-th (from 1) segment with id ("PID"), or NULL. */
const struct cl_hl7_segment *cl_hl7_segment(const struct cl_hl7_message *m, const char *id, int n);

/*
 * The value at field.repetition.component.subcomponent of segment s (all from 1), its
 * escape sequences decoded (\F\ \S\ \T\ \R\ \E\, \Xhh…\ as bytes; formatting sequences
 * such as \.br\ dropped), into buf (size > 0, always terminated, cut at a character
 * boundary when too long). Returns true when the position exists (its value may be "").
 */
bool cl_hl7_get(const struct cl_hl7_message *m, const struct cl_hl7_segment *s, int field,
		int repetition, int component, int subcomponent, char *buf, size_t size);

/* Number of repetitions of a field of segment s (0 when the field is absent or empty). */
int cl_hl7_repetitions(const struct cl_hl7_message *m, const struct cl_hl7_segment *s, int field);

/*
 * Split a file of messages into messages: MLLP frames (VT … FS CR) when the file has them,
 * else a new message at each line that starts with "MSH". Calls one(start, len, line, arg)
 * for each message (line: the file's line number where it starts); a non-zero return stops
 * and is returned. Blank lines between messages are skipped.
 */
int cl_hl7_split(const char *data, size_t len,
		 int (*one)(const char *start, size_t len, long line, void *arg), void *arg);

#endif
