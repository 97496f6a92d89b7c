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
		history_free(*h);
		*h = NULL;
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

char *
cli_cache_dir(history *h)
{
	return xasprintf("%splan", history_gitdir(h));
}

char *
cli_repo_path(const char *prefix, const char *arg)
{
	buf in = BUF_INIT, out = BUF_INIT;
	const char *p;

	if (arg[0] == '/')
		buf_puts(&in, arg);
	else
		buf_printf(&in, "%s%s", prefix, arg);
	/* Collapse "./", "//" and "dir/.." so that the path compares as Git's would. */
	p = in.ptr;
	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
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
	buf_free(&in);
	return buf_detach(&out);
}
