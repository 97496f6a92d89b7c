/*
 * Loading the ledger as it stands in a commit, for the commands that report
 * on it (status, trace, report, review), or in the work tree (list).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "cli.h"
#include "util/error.h"

int
cli_load_ledger(history *h, const char *rev, ledger **out, hist_oid *commit, size_t *errors)
{
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	hist_commit c;
	char *cache_dir = NULL;
	int rc;

	*out = NULL;
	*errors = 0;
	if (history_resolve(h, rev, commit) != 0)
		return cli_error("%s", error_last());
	if (history_commit(h, commit, &c) != 0)
		return cli_error("%s", error_last());
	memset(&co, 0, sizeof(co));
	co.today = -1;
	memset(&lo, 0, sizeof(lo));
	lo.cache_dir = cache_dir = cli_cache_dir(h);
	lo.keep_snapshot = 1;
	lo.threads = cli_threads();
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	from.tree = c.tree;
	rc = store_check(out, h, &from, &lo, &co, &findings);
	hist_commit_free(&c);
	free(cache_dir);
	if (rc != 0) {
		diag_list_free(&findings);
		return cli_error("%s", error_last());
	}
	*errors = diag_errors(&findings);
	diag_list_free(&findings);
	return 0;
}

int
cli_load_worktree(ledger **out, size_t *errors)
{
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	ledger_from from;
	history *h = NULL;
	char *root = NULL, *prefix = NULL;
	int rc = EXIT_TROUBLE;

	*out = NULL;
	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = root;
	from.no_events = errors == NULL;
	memset(&co, 0, sizeof(co));
	co.today = -1;
	if ((errors == NULL ? ledger_load(out, h, &from, NULL, &findings)
	                    : store_check(out, h, &from, NULL, &co, &findings)) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (errors != NULL)
		*errors = diag_errors(&findings);
	rc = 0;
done:
	diag_list_free(&findings);
	history_free(h);
	free(root);
	free(prefix);
	return rc;
}
