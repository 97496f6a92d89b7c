/*
 * plan review [--at DATE] [--format text|md|json] [A..B]: a change in words a
 * reviewer can judge (default main..HEAD): events added, corrected, changed
 * or deleted; the plan's own records changed; the findings of the checks a
 * push gets; and which indicator periods change status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "cli.h"
#include "audit/review.h"
#include "report/render_review.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "workflow.h"
#include "util/i18n.h"

static int
load_tree(history *h, const hist_oid *commit, ledger **out)
{
	diag_list ignored = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	hist_commit c;
	char *cache_dir = cli_cache_dir(h);
	int rc;

	memset(&co, 0, sizeof(co));
	co.today = -1;
	memset(&lo, 0, sizeof(lo));
	lo.cache_dir = cache_dir;
	if (history_commit(h, commit, &c) != 0) {
		free(cache_dir);
		return -1;
	}
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	from.tree = c.tree;
	rc = store_check(out, h, &from, &lo, &co, &ignored);
	hist_commit_free(&c);
	diag_list_free(&ignored);
	free(cache_dir);
	return rc;
}

/* The plan records' changes as git diff shows them, for the renderer. */
static int
plan_diffs(review *r)
{
	char a[HIST_HEXSZ + 1], b[HIST_HEXSZ + 1];
	size_t i;

	hist_oid_fmt(&r->base, a);
	hist_oid_fmt(&r->tip, b);
	for (i = 0; i < r->nchanges; i++) {
		review_change *c = &r->changes[i];
		const char *const argv[] = {"git",	    "diff", "--no-color", "--no-ext-diff",
					    "--unified=1", a,	    b,		  "--",
					    c->path,	    NULL};
		buf text = BUF_INIT;

		if (strcmp(c->what, "plan") != 0)
			continue;
		if (proc_run(NULL, argv, NULL, &text, NULL) == 0 && text.len > 0)
			c->diff = buf_detach(&text);
		buf_free(&text);
	}
	return 0;
}

static int
run_review(history *h, const char *spec, date_days at, cli_format fmt)
{
	review r;
	ledger *before = NULL, *after = NULL;
	const char *dots = strstr(spec, "..");
	char *left = dots != NULL ? xstrndup(spec, (size_t)(dots - spec)) : xstrdup(spec);
	const char *right = dots != NULL && dots[2] != '\0' ? dots + 2 : "HEAD";
	buf out = BUF_INIT;
	int rc = EXIT_TROUBLE;

	memset(&r, 0, sizeof(r));
	r.at = at;
	if (history_resolve(h, *left ? left : "refs/heads/main", &r.base) != 0 ||
	    history_resolve(h, right, &r.tip) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (history_merge_base(h, &r.base, &r.tip, &r.base) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (load_tree(h, &r.base, &before) != 0 || load_tree(h, &r.tip, &after) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	r.before = before;
	r.after = after;
	if (review_run(h, &r) != 0 || plan_diffs(&r) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (fmt == FMT_JSON)
		render_review_json(&out, &r);
	else
		render_review_text(&out, &r, fmt == FMT_MD);
	fwrite(out.ptr, 1, out.len, stdout);
	rc = diag_errors(&r.findings) > 0 ? EXIT_FINDINGS : EXIT_OK;
done:
	free(left);
	buf_free(&out);
	review_free(&r);
	ledger_free(before);
	ledger_free(after);
	return rc;
}

/* plan review --pending: the branches on the central repository waiting for approval. */
static int
list_pending(void)
{
	history *h = NULL;
	char *root = NULL, *prefix = NULL;
	wf_branch *b = NULL;
	size_t n = 0, i;
	int rc = EXIT_TROUBLE;

	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	if (h == NULL) {
		cli_error(_("plan review --pending works in a clone of the ledger"));
		goto done;
	}
	if (wf_pending(h, root, &b, &n) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (n == 0)
		printf(_("No branch is waiting for approval.\n"));
	for (i = 0; i < n; i++) {
		printf(ngettext("%s\t%zu commit by %s", "%s\t%zu commits by %s", b[i].commits),
		       b[i].name, b[i].commits, b[i].author);
		if (b[i].behind)
			printf(_(" (behind main: its author runs plan sync first)"));
		putchar('\n');
	}
	if (n > 0)
		printf(_("See one with plan review BRANCH; approve it with plan approve BRANCH.\n"));
	rc = EXIT_OK;
done:
	wf_branches_free(b, n);
	history_free(h);
	free(root);
	free(prefix);
	return rc;
}

int
cmd_review(int argc, char **argv)
{
	static const cli_option opts[] = {
		{"format", 0, 1}, {"at", 0, 1}, {"pending", 0, 0}, {NULL, 0, 0}};
	history *h = NULL;
	char *range = NULL;
	int pending = 0;
	cli_format fmt = FMT_TEXT;
	date_days at = date_today();
	const char *val;
	int opt, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "review", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "review");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_MD | FMT_JSON, &fmt) != 0)
			goto done;
		if (opt == 1 && cli_parse_date(a.cmd, "--at", val, &at) != 0)
			goto done;
		if (opt == 2)
			pending = 1;
	}
	if (pending) {
		rc = a.npos == 0 ? list_pending() :
				   cli_usage_error(a.cmd, _("--pending lists every branch waiting; "
							    "it takes no range"));
		goto done;
	}
	if (a.npos > 1) {
		cli_usage_error(a.cmd, "give at most one range, such as main..handlaggare-1/april");
		goto done;
	}
	if (cli_open_history(&h, "review") != 0)
		goto done;
	/* The central repository's branches as they are now. */
	if (a.npos == 1 && strstr(a.pos[0], "origin/") != NULL && history_workdir(h) != NULL &&
	    wf_has_origin(history_workdir(h))) {
		const char *const fetch[] = {"git", "fetch", "-q", "origin", NULL};

		(void)proc_run(history_workdir(h), fetch, NULL, NULL, NULL);
	}
	/* A branch alone, such as origin/handlaggare-1/2020-03-12: what it brings over main. */
	if (a.npos == 1 && strstr(a.pos[0], "..") == NULL)
		range = xasprintf("main..%s", a.pos[0]);
	rc = run_review(h, range != NULL ? range : a.npos == 1 ? a.pos[0] : "main..HEAD", at, fmt);
done:
	free(range);
	history_free(h);
	cli_args_free(&a);
	return rc;
}
