/* Record ids: random UUIDs, stored as 16-byte BLOBs, shown and exported as text. */
#ifndef CL_ID_H
#define CL_ID_H

#include <stdbool.h>

#define CL_ID_LEN    16
#define CL_ID_STRLEN 37 /* 36 characters and the NUL */

struct cl_id {
	unsigned char bytes[CL_ID_LEN];
};

/* A new random (version 4) UUID. */
void cl_id_new(struct cl_id *id);

/* The id of the care manager with this login: the same at every site (a version 5 UUID). */
void cl_id_for_login(const char *login, struct cl_id *id);

/* Lower-case text form into buf (at least CL_ID_STRLEN bytes); returns buf. */
char *cl_id_str(const struct cl_id *id, char *buf);

/* Parse the text form; returns 0 or CL_EINVAL. */
int cl_id_parse(const char *text, struct cl_id *id);

bool cl_id_is_nil(const struct cl_id *id);
bool cl_id_equal(const struct cl_id *a, const struct cl_id *b);

#endif
