/*
 * `careloop import patients` over any bytes (see fuzz_import.h): EHR header names, US dates
 * with two-digit years, phones, duplicate MRNs. From an empty registry every good row adds a
 * patient, so the patient count moves by the rows imported.
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_import fi = {
		.run = cl_patient_import_csv,
		.count_sql = "SELECT count(*) FROM patient",
		.patients = 0,
	};

	return import_one(&fi, data, size);
}
