/*
 * What the unit tests that work in a real Git repository share: a
 * temporary repository and running git in it. A test file includes this
 * once; `repo` holds the repository's folder.
 */
#ifndef PLAN_TESTS_GITREPO_H
#define PLAN_TESTS_GITREPO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

static char repo[64];

/* Runs a shell command inside the test repository; fails the test when it fails. */
static void
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));

static void
sh(const char *fmt, ...)
{
	va_list ap;
	buf cmd = BUF_INIT;

	buf_printf(&cmd, "cd %s && { ", repo);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	buf_puts(&cmd, "; } >/dev/null 2>&1");
	if (system(cmd.ptr) != 0)
		fail_msg("command failed: %s", cmd.ptr);
	buf_free(&cmd);
}

/* What a git command prints in the repository, without its final line breaks. */
static char *git_out(const char *args) __attribute__((unused));

static char *
git_out(const char *args)
{
	char *cmd = xasprintf("cd %s && git %s", repo, args);
	FILE *p = popen(cmd, "r");
	buf b = BUF_INIT;
	char line[4096];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p) != NULL)
		buf_puts(&b, line);
	pclose(p);
	free(cmd);
	while (b.len > 0 && b.ptr[b.len - 1] == '\n')
		b.ptr[--b.len] = '\0';
	return buf_detach(&b);
}

/* The first line a git command prints in the repository. */
static char *git_line(const char *args) __attribute__((unused));

static char *
git_line(const char *args)
{
	char *out = git_out(args);

	out[strcspn(out, "\n")] = '\0';
	return out;
}

#endif
