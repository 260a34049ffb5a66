#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void cl_error_clear(struct cl_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

static int error_vset(struct cl_error *err, int code, const char *field, const char *fmt,
		      va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	return code;
}

int cl_error_set(struct cl_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int cl_error_field(struct cl_error *err, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, code, field, fmt, ap);
	va_end(ap);
	return code;
}

const char *cl_status_name(int code)
{
	static const char *const names[] = {
		[CL_OK] = "ok",
		[CL_EINVAL] = "invalid",
		[CL_ENOTFOUND] = "not found",
		[CL_EEXIST] = "already exists",
		[CL_ECONFLICT] = "conflict",
		[CL_EBUSY] = "busy",
		[CL_EVERSION] = "newer version",
		[CL_ENOTDB] = "not a careloop database",
		[CL_EPERM] = "not permitted",
		[CL_EIO] = "i/o error",
		[CL_ENOMEM] = "out of memory",
		[CL_ECORRUPT] = "corrupt",
	};

	if (code < 0 || (size_t)code >= sizeof(names) / sizeof(names[0]) || !names[code])
		return "error";
	return names[code];
}
