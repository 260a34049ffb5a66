/*
 * Dates as people type them and as stored instants (src/date.c): cl_date_parse,
 * cl_date_parse_file, cl_date_valid and cl_date_local over any text; a date that parses is valid, survives
 * parsing again unchanged, and its day arithmetic round-trips.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char out[CL_DATE_LEN], again[CL_DATE_LEN], local[CL_DATE_LEN], moved[CL_DATE_LEN];
	struct cl_error err = { 0 };

	/* A date from a file: what cl_date_parse takes, the same; else M/D/YY never after today. */
	if (cl_date_parse_file(text, "2026-12-07", CL_DATE_PAST, out, NULL) == CL_OK) {
		FUZZ_ASSERT(cl_date_valid(out));
		if (cl_date_parse(text, again, NULL) == CL_OK)
			FUZZ_ASSERT(strcmp(again, out) == 0);
		else
			FUZZ_ASSERT(strcmp(out, "2026-12-07") <= 0 &&
				    strcmp(out, "1926-12-07") > 0);
	}
	cl_date_local(text, local);
	FUZZ_ASSERT(local[0] == '\0' || strlen(local) == 10);
	if (cl_date_valid(text))
		FUZZ_ASSERT(cl_date_parse(text, out, NULL) == CL_OK && strcmp(out, text) == 0);
	if (cl_date_parse(text, out, &err) == CL_OK) {
		long days, step;

		FUZZ_ASSERT(cl_date_valid(out));
		FUZZ_ASSERT(cl_date_parse(out, again, NULL) == CL_OK && strcmp(again, out) == 0);
		days = cl_date_days(out);
		cl_date_add_days(out, 0, again);
		FUZZ_ASSERT(strcmp(again, out) == 0);
		/* A step from the input's bytes, within the calendar's range. */
		step = size ? (long)(data[0] * 131 + data[size - 1]) * (data[0] & 1 ? -1 : 1) : 1;
		cl_date_add_days(out, step, moved);
		/* Within the calendar (past it, add_days clamps the year: date.c). */
		if (days + step >= cl_date_days("1900-01-01") &&
		    days + step <= cl_date_days("9999-12-31")) {
			FUZZ_ASSERT(cl_date_valid(moved));
			FUZZ_ASSERT(cl_date_days(moved) == days + step);
			cl_date_add_days(moved, -step, again);
			FUZZ_ASSERT(strcmp(again, out) == 0);
			FUZZ_ASSERT(cl_date_age(out, moved) ==
				    (step < 0 ? -1 : cl_date_age(out, moved)));
			if (step >= 0)
				FUZZ_ASSERT(cl_date_age(out, moved) >= 0 &&
					    cl_date_age(out, moved) <= step / 365 + 1);
		}
	} else {
		FUZZ_ASSERT(err.code == CL_EINVAL && err.message[0]);
	}
	free(text);
	return 0;
}
