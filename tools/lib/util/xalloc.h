/*
 * Allocation that cannot fail: on exhaustion the process stops with a message.
 *
 * Every other kind of failure in the library is returned to the caller; running
 * out of memory is the one exception, as in git, because no caller could do
 * anything useful with it.
 */
#ifndef PLAN_UTIL_XALLOC_H
#define PLAN_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of count elements of size bytes to at least need elements. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats into a new string the caller frees with free(). */
/* Stops the program as when an allocation of size bytes fails (for libraries that report it). */
void xalloc_failed(size_t size) __attribute__((noreturn));
/*
 * What to say, instead of "out of memory", when memory runs out because of a
 * limit the program set itself (a budget; message ends in a newline); the
 * program then exits with status 2 instead of aborting. NULL: the default.
 */
void xalloc_set_oom_message(const char *message);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
