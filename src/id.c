#include "config.h"

#include <string.h>
#include <uuid/uuid.h>

#include "error.h"
#include "id.h"

void cl_id_new(struct cl_id *id)
{
	uuid_generate_random(id->bytes);
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
