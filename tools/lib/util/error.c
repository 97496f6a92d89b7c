#include "util/error.h"
#include "util/i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last[1024];

int
error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), _(fmt), ap);
	va_end(ap);
	return -1;
}

int
error_set_errno(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), _(fmt), ap);
	va_end(ap);
	n = strlen(last);
	snprintf(last + n, sizeof(last) - n, ": %s", strerror(saved));
	errno = saved;
	return -1;
}

const char *
error_last(void)
{
	return last[0] ? last : "unknown error";
}

void
error_clear(void)
{
	last[0] = '\0';
}
