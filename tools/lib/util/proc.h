/* Running another program and collecting what it says (libc only). */
#ifndef PLAN_UTIL_PROC_H
#define PLAN_UTIL_PROC_H

#include "util/buf.h"

typedef struct proc_opts {
	const char *dir;     /* where it runs (NULL: here) */
	const char *in_path; /* its standard input from this file (NULL: /dev/null) */
	int keep_stdin;	     /* or this process's standard input */
	buf *out, *err;	     /* its standard output and error, or NULL: where ours go */
	int out_to_err;	     /* with out NULL: its standard output to our standard error */
	int not_started;     /* set on return: 1 when the program could not be started */
} proc_opts;

/*
 * The one way the tool runs another program: argv (argv[0] looked up on
 * PATH) as o says. Returns the exit status (0 to 255), 128 for death by a
 * signal, 127 when the program could not start (with o->not_started set
 * and the error set, saying why); or -1 with the error set when it could
 * not be run at all.
 */
int proc_exec(proc_opts *o, const char *const argv[]);
/* proc_exec in dir with standard input from in_path, collecting into out and err. */
int proc_run(const char *dir, const char *const argv[], const char *in_path, buf *out, buf *err);

#endif
