/* `careloop import screenings` over any bytes (see fuzz_import.h), for 20 demo patients. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_import fi = {
		.run = cl_screening_import,
		.count_sql = "SELECT count(*) FROM screening",
		.patients = 20,
	};

	return import_one(&fi, data, size);
}
