/*
 * Running other programs (git for the writes that must run Git's own hooks
 * and configuration), and finding the files the tool ships with.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Runs a program with this process's standard input, saying so when it cannot start. */
static int
run(const char *dir, const char *const argv[], int stdout_to_stderr)
{
	proc_opts o = {dir, NULL, 1, NULL, NULL, stdout_to_stderr, 0};
	int rc = proc_exec(&o, argv);

	if (o.not_started)
		fprintf(stderr, "plan: %s\n", error_last());
	return rc;
}

int
cli_run(const char *dir, const char *const argv[])
{
	return run(dir, argv, 0);
}

int
cli_run_to_stderr(const char *dir, const char *const argv[])
{
	return run(dir, argv, 1);
}

char *
cli_self_path(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		return NULL;
	path[n] = 0;
	return xstrdup(path);
}

/* A folder that holds schemas/ and hooks/. */
static int
is_datadir(const char *dir)
{
	char *s = xasprintf("%s/schemas/common.schema.yaml", dir);
	char *h = xasprintf("%s/hooks/pre-commit", dir);
	int ok = fsutil_exists(s) && fsutil_exists(h);

	free(s);
	free(h);
	return ok;
}

char *
cli_datadir(void)
{
	const char *env = getenv("PLAN_DATADIR");
	char *self = cli_self_path();
	char *cand;

	if (env != NULL && *env != '\0' && is_datadir(env)) {
		free(self);
		return xstrdup(env);
	}
	if (self != NULL) {
		char *slash = strrchr(self, '/');

		if (slash != NULL)
			*slash = '\0';
		/* Installed: PREFIX/bin/plan next to PREFIX/share/plan. */
		cand = xasprintf("%s/../share/plan", self);
		if (is_datadir(cand)) {
			free(self);
			return cand;
		}
		free(cand);
		/* Built: build/plan (or build/sanitize/plan) in the source tree. */
		cand = xasprintf("%s/..", self);
		if (is_datadir(cand)) {
			free(self);
			return cand;
		}
		free(cand);
		cand = xasprintf("%s/../..", self);
		if (is_datadir(cand)) {
			free(self);
			return cand;
		}
		free(cand);
	}
	free(self);
#ifdef PLAN_DATADIR
	if (is_datadir(PLAN_DATADIR))
		return xstrdup(PLAN_DATADIR);
#endif
	return NULL;
}
