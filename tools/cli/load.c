/*
 * Loading the ledger as it stands in a commit, for the commands that report
 * on it (status, trace, report, review).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/check.h"
#include "cli.h"
#include "util/error.h"

int
cli_load_ledger(history *h, const char *rev, ledger **out, hist_oid *commit, size_t *errors)
{
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	hist_commit c;
	source *src = NULL;
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
	co.cache_dir = cache_dir = cli_cache_dir(h);
	rc = source_tree_cached(&src, h, &c.tree, cache_dir);
	if (rc == 0)
		rc = check_source(src, &co, &findings, out);
	hist_commit_free(&c);
	source_free(src);
	free(cache_dir);
	if (rc != 0) {
		diag_list_free(&findings);
		return cli_error("%s", error_last());
	}
	*errors = diag_errors(&findings);
	diag_list_free(&findings);
	return 0;
}
