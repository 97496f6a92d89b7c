/*
 * The last failure to run (I/O, libgit2, bad usage), in libgit2's manner:
 * the function where it happens sets the message once and returns -1; its
 * callers pass the -1 up unchanged, and the command prints error_last().
 * Findings about the user's data are not errors; see diag.h.
 */
#ifndef PLAN_UTIL_ERROR_H
#define PLAN_UTIL_ERROR_H

/* Sets the message and returns -1, so that "return error_set(...)" reads well. */
int error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like error_set, with ": <strerror(errno)>" appended. */
int error_set_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The message of the last error_set, or "unknown error"; borrowed. */
const char *error_last(void);
void error_clear(void);

#endif
