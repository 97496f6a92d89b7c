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
#include <unistd.h>

#include "store/history.h"
#include "util/buf.h"
#include "util/error.h"
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

/*
 * A new empty temporary folder for the repository, named prefix
 * ("/tmp/plan-PREFIX-XXXXXX"), with the machine's and the user's git
 * settings kept out. Returns 0, or -1 when it cannot be made.
 */
static int temp_repo(const char *prefix) __attribute__((unused));

static int
temp_repo(const char *prefix)
{
	snprintf(repo, sizeof(repo), "/tmp/plan-%s-XXXXXX", prefix);
	if (mkdtemp(repo) == NULL)
		return -1;
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", repo, 1);
	return 0;
}

/* Commits from here on are authored and committed by name <email>. */
static void git_identity(const char *name, const char *email) __attribute__((unused));

static void
git_identity(const char *name, const char *email)
{
	setenv("GIT_AUTHOR_NAME", name, 1);
	setenv("GIT_AUTHOR_EMAIL", email, 1);
	setenv("GIT_COMMITTER_NAME", name, 1);
	setenv("GIT_COMMITTER_EMAIL", email, 1);
}

/*
 * A ledger repository in a new temporary folder: the shipped plan's
 * records and schemas, three people (handlaggare-1 staff; -2 and -3
 * reviewers), committed on main as "Start the ledger" by handlaggare-1.
 * prefix names the folder ("/tmp/plan-NAME-XXXXXX").
 */
static void ledger_repo(const char *prefix) __attribute__((unused));

static void
ledger_repo(const char *prefix)
{
	char cwd[1024];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(temp_repo(prefix), 0);
	setenv("GIT_AUTHOR_DATE", "2019-04-12T10:00:00+02:00", 1);
	setenv("GIT_COMMITTER_DATE", "2019-04-12T10:00:00+02:00", 1);
	sh("git init -q -b main . && cp -R '%s/records' '%s/schemas' . && "
	   "printf '# yaml-language-server: $schema=../schemas/people.schema.yaml\\npeople:\\n"
	   "  - {id: handlaggare-1, name: H Ett, email: handlaggare-1@example.org, fte: 1.0, roles: [staff]}\\n"
	   "  - {id: handlaggare-2, name: H Två, email: handlaggare-2@example.org, fte: 1.0, roles: [staff, reviewer]}\\n"
	   "  - {id: handlaggare-3, name: H Tre, email: handlaggare-3@example.org, fte: 1.0, roles: [staff, reviewer]}\\n'"
	   " > records/people.yaml && git add -A",
	   cwd, cwd);
	sh("GIT_AUTHOR_NAME=h1 GIT_AUTHOR_EMAIL=handlaggare-1@example.org "
	   "GIT_COMMITTER_NAME=h1 GIT_COMMITTER_EMAIL=handlaggare-1@example.org "
	   "git commit -q -m 'Start the ledger'");
}

/*
 * Writes an event file (the lines as write_event in tests/cli/lib.sh, then
 * extra: more lines, each ending in "\\n", or "") in the work tree only.
 */
static void put_event(const char *date, const char *slug, const char *kind, const char *inds,
		      const char *extra) __attribute__((unused));

static void
put_event(const char *date, const char *slug, const char *kind, const char *inds,
	  const char *extra)
{
	sh("mkdir -p records/events/%.4s/%.2s && printf '# yaml-language-server: "
	   "$schema=../../../../schemas/event.schema.yaml\\nid: %s-%s\\ndate: %s\\nkind: %s\\n"
	   "title: Invented event %s\\nindicators: [%s]\\nresponsible: handlaggare-1\\n%s' "
	   "> records/events/%.4s/%.2s/%s-%s.yaml",
	   date, date + 5, date, slug, date, kind, slug, inds, extra, date, date + 5, date, slug);
}

/* Writes an event file as put_event does, with nothing extra, and stages it. */
static void write_event(const char *date, const char *slug, const char *kind, const char *inds)
	__attribute__((unused));

static void
write_event(const char *date, const char *slug, const char *kind, const char *inds)
{
	put_event(date, slug, kind, inds, "");
	sh("git add records");
}

/* Runs a git command as handlaggare-N (author and committer) on the given day. */
#define AS(n, day) \
	"GIT_AUTHOR_NAME=h" #n " GIT_AUTHOR_EMAIL=handlaggare-" #n "@example.org " \
	"GIT_COMMITTER_NAME=h" #n " GIT_COMMITTER_EMAIL=handlaggare-" #n "@example.org " \
	"GIT_AUTHOR_DATE=" day "T10:00:00+02:00 GIT_COMMITTER_DATE=" day "T10:00:00+02:00 "

/* The test repository's history, opened; fails the test when it cannot be. */
static history *open_repo(void) __attribute__((unused));

static history *
open_repo(void)
{
	history *h = NULL;

	if (history_open(&h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	return h;
}

/* Removes the test repository. */
static int remove_repo(void **state) __attribute__((unused));

static int
remove_repo(void **state)
{
	char *cmd = xasprintf("rm -rf %s", repo);
	int r = system(cmd);

	(void)state;
	free(cmd);
	return r == 0 ? 0 : -1;
}

#endif
