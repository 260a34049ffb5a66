/*
 * Patient search strings (cl_patient_search) over a small demo clinic: any text the
 * search box can hold gives rows or a clear CL_EINVAL, never a crash or an SQL error
 * (FTS5 query syntax in the text must not reach SQLite as syntax).
 */
#include "demo.h"
#include "fuzz.h"

static struct cl_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_patient_row rows[50];
	struct cl_error err = { 0 };
	char *text;
	int n = -1, rc;

	if (!db) {
		struct cl_demo_options demo = { .patients = 200, .seed = 3 };

		db = fuzz_open_db();
		if (cl_demo_generate(db, &demo, &err))
			abort();
	}
	if (size > 4096)
		return 0;
	text = fuzz_cstr(data, size);
	rc = cl_patient_search(db, text, size & 1, rows, 50, &n, &err);
	if (rc && rc != CL_EINVAL) {
		fprintf(stderr, "search failed: %s: %s\n", cl_status_name(rc), err.message);
		abort();
	}
	FUZZ_ASSERT(n >= 0 && n <= 50);
	for (int i = 0; i < n; i++)
		FUZZ_ASSERT(rows[i].mrn[0] && (size & 1 || rows[i].status == CL_PATIENT_ACTIVE));
	free(text);
	return 0;
}
