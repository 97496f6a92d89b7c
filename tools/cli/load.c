/*
 * Loading the ledger as it stands in a commit, for the commands that report
 * on it (status, trace, report, review).
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
