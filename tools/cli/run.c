/*
 * Running other programs (git for the writes that must run Git's own hooks
 * and configuration), and finding the files the tool ships with.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int
run(const char *dir, const char *const argv[], int stdout_to_stderr)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dir != NULL && chdir(dir) != 0)
			_exit(127);
		if (stdout_to_stderr && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, _("plan: cannot run %s: %s\n"), argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
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
