/* `careloop import orgs` over any bytes (see fuzz_import.h). */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_import fi = {
		.run = cl_org_import,
		.count_sql = "SELECT count(*) FROM organization",
		.patients = 0,
	};

	return import_one(&fi, data, size);
}
