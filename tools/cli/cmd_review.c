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
#include "util/xalloc.h"
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
	if (review_run(h, &r) != 0) {
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

int
cmd_review(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1}, {"at", 0, 1}, {NULL, 0, 0}};
	history *h = NULL;
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
	}
	if (a.npos > 1) {
		cli_usage_error(a.cmd, "give at most one range, such as main..handlaggare-1/april");
		goto done;
	}
	if (cli_open_history(&h, "review") != 0)
		goto done;
	rc = run_review(h, a.npos == 1 ? a.pos[0] : "main..HEAD", at, fmt);
done:
	history_free(h);
	cli_args_free(&a);
	return rc;
}
