/*
 * plan check [--today DATE] [--format text|json] [PATH...]: every rule that
 * needs no history, on the work tree. With paths, the whole ledger is read
 * (references cross files) but only findings about those paths are shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "util/error.h"
#include "util/xalloc.h"

static size_t
count_records(const source *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nfiles; i++)
		if (strncmp(s->files[i].path, "records/", 8) == 0)
			n++;
	return n;
}

int
cmd_check(int argc, char **argv)
{
	static const cli_option opts[] = {
		{"format", 0, 1}, {"today", 0, 1}, {NULL, 0, 0}};
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	cli_format fmt = FMT_TEXT;
	history *h = NULL;
	source *src = NULL;
	char *root = NULL, *prefix = NULL;
	char **only = NULL;
	cli_args a;
	const char *val;
	int i, opt, rc = EXIT_TROUBLE;

	memset(&co, 0, sizeof(co));
	co.today = date_today();
	co.today_words = "today";
	cli_args_init(&a, "check", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "check");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &fmt) != 0)
			goto done;
		if (opt == 1 && cli_parse_date(a.cmd, "--today", val, &co.today) != 0)
			goto done;
	}
	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	if (a.npos > 0) {
		only = xcalloc((size_t)a.npos, sizeof(*only));
		for (i = 0; i < a.npos; i++)
			only[i] = cli_repo_path(prefix, a.pos[i]);
		co.only = (const char *const *)only;
		co.nonly = (size_t)a.npos;
	}
	if (source_worktree(&src, root) != 0 || check_source(src, &co, &findings, NULL) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	rc = cli_print_findings(stdout, &findings, fmt, count_records(src));
done:
	for (i = 0; only != NULL && i < a.npos; i++)
		free(only[i]);
	free(only);
	diag_list_free(&findings);
	source_free(src);
	history_free(h);
	free(root);
	free(prefix);
	cli_args_free(&a);
	return rc;
}
