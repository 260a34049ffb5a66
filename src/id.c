#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <uuid/uuid.h>

#include "error.h"
#include "id.h"

/*
 * A random (version 4) UUID from one getrandom call. libuuid's uuid_generate_random made
 * six system calls an id (it stirs its fallback generator with getpid, getppid, getuid,
 * gettid each time); an import of 100,000 patients makes 100,000 ids.
 */
void cl_id_new(struct cl_id *id)
{
	if (getrandom(id->bytes, CL_ID_LEN, 0) != (ssize_t)CL_ID_LEN) {
		uuid_generate_random(id->bytes);
		return;
	}
	id->bytes[6] = (unsigned char)((id->bytes[6] & 0x0f) | 0x40); /* version 4 */
	id->bytes[8] = (unsigned char)((id->bytes[8] & 0x3f) | 0x80); /* RFC 4122 variant */
}

/*
 * A care manager's id from the login (a version 5 UUID in careloop's own namespace): the
 * same login gets the same id at every site, so that sites syncing through a hub hold one
 * record of a person, not one per site.
 */
void cl_id_for_login(const char *login, struct cl_id *id)
{
	static const uuid_t logins = { 0x6c, 0x1f, 0x3a, 0x52, 0x0e, 0x4b, 0x4d, 0x2a,
				       0x9b, 0x7e, 0x5c, 0x61, 0x83, 0x20, 0xaf, 0x11 };

	uuid_generate_sha1(id->bytes, logins, login, strlen(login));
}

char *cl_id_str(const struct cl_id *id, char *buf)
{
	uuid_unparse_lower(id->bytes, buf);
	return buf;
}

int cl_id_parse(const char *text, struct cl_id *id)
{
	if (!text || strlen(text) != CL_ID_STRLEN - 1 || uuid_parse(text, id->bytes) != 0)
		return CL_EINVAL;
	return CL_OK;
}

bool cl_id_is_nil(const struct cl_id *id)
{
	return uuid_is_null(id->bytes);
}

bool cl_id_equal(const struct cl_id *a, const struct cl_id *b)
{
	return memcmp(a->bytes, b->bytes, CL_ID_LEN) == 0;
}
