/*
 * Finding the ledger a command works on, and turning the paths a user typed
 * into paths relative to the ledger's root.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/workpool.h"
#include "util/xalloc.h"

int
cli_find_root(history **h, char **root, char **prefix)
{
	char cwd[PATH_MAX];
	char *real_root;
	size_t n;

	*h = NULL;
	*root = NULL;
	*prefix = NULL;
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return cli_error("cannot tell the current folder");
	if (history_open(h, NULL) == 0 && history_workdir(*h) != NULL) {
		*root = xstrdup(history_workdir(*h));
	} else {
		int bare = *h != NULL;

		history_free(*h);
		*h = NULL;
		if (bare && !fsutil_exists("records"))
			return cli_error("this is a bare Git repository, with no work tree of files to "
					 "work on; clone it and work in the clone (status, trace, "
					 "report, review, audit and check --range work here too)");
		if (!fsutil_exists("records")) {
			return cli_error("no ledger here: this folder is not in a Git repository and "
					 "has no records/ folder (make a ledger with 'plan init DIR')");
		}
		*root = xasprintf("%s/", cwd);
	}
	real_root = realpath(*root, NULL);
	n = real_root != NULL ? strlen(real_root) : 0;
	if (real_root != NULL && strncmp(cwd, real_root, n) == 0 && cwd[n] == '/')
		*prefix = xasprintf("%s/", cwd + n + 1);
	else
		*prefix = xstrdup("");
	free(real_root);
	return 0;
}

int
cli_open_history(history **h, const char *cmd)
{
	if (history_open(h, NULL) == 0)
		return 0;
	*h = NULL;
	return cli_error("no ledger here: plan %s reads the ledger from Git, and this folder is "
			 "not in a Git repository (go to the ledger's folder, or give it with "
			 "'plan -C DIR %s')",
			 cmd, cmd);
}

char *
cli_plan_dir(history *h)
{
	return xasprintf("%splan", history_gitdir(h));
}

char *
cli_cache_dir(history *h)
{
	return getenv("PLAN_NO_CACHE") != NULL ? NULL : cli_plan_dir(h);
}

unsigned
cli_threads(void)
{
	const char *v = getenv("PLAN_THREADS");
	char *end;
	long n;

	if (v != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end == '\0' && n >= 1)
			return n > 64 ? 64 : (unsigned)n;
	}
	return workpool_cpus();
}

/*
 * "a/./b//c/../d" as "a/b/d", without a leading slash, as Git's paths
 * compare; NULL when a ".." climbs above the start.
 */
static char *
collapse(const char *in)
{
	buf out = BUF_INIT;
	const char *p = in;

	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (out.len == 0) {
				buf_free(&out);
				return NULL;
			}
			while (out.len > 0 && out.ptr[out.len - 1] == '/')
				out.len--;
			while (out.len > 0 && out.ptr[out.len - 1] != '/')
				out.len--;
			if (out.ptr != NULL)
				out.ptr[out.len] = '\0';
		} else {
			buf_put(&out, p, len);
			if (slash != NULL)
				buf_putc(&out, '/');
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (out.ptr == NULL)
		buf_puts(&out, "");
	return buf_detach(&out);
}

/* The part of an absolute path below root (also absolute), or NULL when it is not below it. */
static char *
below(const char *path, const char *root)
{
	char *p = collapse(path), *r = collapse(root), *rest = NULL;
	size_t n = r != NULL ? strlen(r) : 0;

	if (p == NULL || r == NULL) {
		free(p);
		free(r);
		return NULL;
	}
	while (n > 0 && r[n - 1] == '/')
		n--;
	if (strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0'))
		rest = xstrdup(p[n] == '/' ? p + n + 1 : "");
	free(p);
	free(r);
	return rest;
}

char *
cli_repo_path(const char *root, const char *prefix, const char *arg)
{
	char *real_arg, *real_root, *rest, *joined;

	if (arg[0] != '/') {
		char cwd[PATH_MAX];

		joined = xasprintf("%s%s", prefix, arg);
		rest = collapse(joined);
		free(joined);
		/* "../L/records" typed at L's root climbs out and back in. */
		if (rest != NULL || getcwd(cwd, sizeof(cwd)) == NULL)
			return rest;
		joined = xasprintf("%s/%s", cwd, arg);
		rest = cli_repo_path(root, prefix, joined);
		free(joined);
		return rest;
	}
	/* An absolute path: as typed, or through the links it passes, below the ledger's root. */
	real_arg = realpath(arg, NULL);
	real_root = realpath(root, NULL);
	rest = below(arg, root);
	if (rest == NULL && real_root != NULL)
		rest = below(real_arg != NULL ? real_arg : arg, real_root);
	free(real_arg);
	free(real_root);
	return rest;
}

char *
cli_configured_email(history *h)
{
	const char *env = getenv("GIT_AUTHOR_EMAIL");
	char *v = NULL;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (h != NULL && (history_config(h, "author.email", &v) == 0 ||
			  history_config(h, "user.email", &v) == 0))
		return v;
	env = getenv("EMAIL");
	return env != NULL && *env != '\0' ? xstrdup(env) : NULL;
}

int
cli_main_line(history *h, const char *rev, hist_oid *out)
{
	if (history_main_line(h, rev, out) != 0)
		return cli_error("%s", error_last());
	return 0;
}
