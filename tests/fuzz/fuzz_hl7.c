/*
 * HL7 v2 messages (src/hl7.c) over any bytes: split into messages (MLLP or MSH lines), each
 * parsed; every position of every segment read back into buffers of several sizes. A value
 * is always terminated, never longer than its buffer, and never ends inside a UTF-8
 * character that the input had whole; a refused message says where.
 */
#include "fuzz.h"
#include "hl7.h"

static void read_all(const struct cl_hl7_message *m)
{
	static const size_t sizes[] = { 1, 2, 5, 64 };
	char buf[64];

	for (int i = 0; i < m->nsegments; i++) {
		const struct cl_hl7_segment *s = &m->segments[i];

		for (int f = 0; f <= 12; f++) {
			int reps = cl_hl7_repetitions(m, s, f);

			FUZZ_ASSERT(reps >= 0 && (size_t)reps <= s->len + 1);
			for (int r = 1; r <= 3; r++)
				for (int c = 1; c <= 3; c++)
					for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes);
					     k++) {
						memset(buf, 'x', sizeof(buf));
						cl_hl7_get(m, s, f, r, c, 1, buf, sizes[k]);
						FUZZ_ASSERT(memchr(buf, '\0', sizes[k]) != NULL);
					}
		}
	}
}

static int one(const char *start, size_t len, long line, void *arg)
{
	struct cl_hl7_message *m = arg;
	struct cl_error err = { 0 };

	FUZZ_ASSERT(line >= 1);
	if (cl_hl7_parse(start, len, m, &err) == CL_OK) {
		FUZZ_ASSERT(m->nsegments >= 1 && m->nsegments <= CL_HL7_MAX_SEGMENTS);
		FUZZ_ASSERT(memcmp(m->segments[0].start, "MSH", 3) == 0);
		read_all(m);
	} else {
		FUZZ_ASSERT(err.code == CL_EINVAL && err.message[0] && err.line >= 1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cl_hl7_message m;

	FUZZ_ASSERT(cl_hl7_split((const char *)data, size, one, &m) == 0);
	return 0;
}
