#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

bool error_set(struct error *e, enum error_code code, const char *fmt, ...)
{
	e->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return false;
}

enum error_code error_from_errno(int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
		return ERROR_FULL;
	case EROFS:
	case EACCES:
	case EPERM:
		return ERROR_READ_ONLY;
	case EFBIG:
		return ERROR_TOO_LARGE;
	case EBUSY:
	case EAGAIN:
		return ERROR_LOCKED;
	default:
		return ERROR_FAILED;
	}
}

const char *error_code_name(enum error_code code)
{
	static const char *const names[] = {
		[ERROR_NONE] = "none",           [ERROR_BAD_INPUT] = "bad input",
		[ERROR_TOO_LARGE] = "too large", [ERROR_LOCKED] = "locked",
		[ERROR_DAMAGED] = "damaged",     [ERROR_READ_ONLY] = "read-only",
		[ERROR_FULL] = "full",           [ERROR_FAILED] = "failed",
	};
	return (unsigned)code < sizeof(names) / sizeof(names[0]) ? names[code] : "failed";
}
