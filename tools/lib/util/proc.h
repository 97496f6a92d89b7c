/* Running another program and collecting what it says (libc only). */
#ifndef PLAN_UTIL_PROC_H
#define PLAN_UTIL_PROC_H

#include "util/buf.h"

/*
 * Runs argv (argv[0] looked up on PATH) in dir (NULL: here), with stdin
 * read from the file in_path (NULL: /dev/null). When out is not NULL it
 * receives standard output; when err is not NULL, standard error (else
 * they go where this process's go). Returns the exit status (0 to 255), 128
 * for death by a signal, 127 when the program could not start; or -1 with
 * the error set when it could not be run at all.
 */
int proc_run(const char *dir, const char *const argv[], const char *in_path, buf *out, buf *err);

#endif
