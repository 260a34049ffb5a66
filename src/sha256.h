/* SHA-256 (FIPS 180-4), for the audit hash chain. */
#ifndef CL_SHA256_H
#define CL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CL_SHA256_LEN 32

struct cl_sha256 {
	uint32_t state[8];
	uint64_t length; /* bytes hashed so far */
	unsigned char block[64];
	size_t used;
};

void cl_sha256_init(struct cl_sha256 *c);
void cl_sha256_update(struct cl_sha256 *c, const void *data, size_t len);
void cl_sha256_final(struct cl_sha256 *c, unsigned char digest[CL_SHA256_LEN]);

#endif
