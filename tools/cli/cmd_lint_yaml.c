/*
 * plan lint-yaml FILE...: the record-mode YAML rules on any files, so that a
 * record can be checked for malformed YAML without the rest of the ledger.
 */
#include <stdio.h>

#include "cli.h"
#include "util/error.h"
#include "yaml/ytree.h"

int
cmd_lint_yaml(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1}, {NULL, 0, 0}};
	diag_list findings = DIAG_LIST_INIT;
	cli_format fmt = FMT_TEXT;
	cli_args a;
	const char *val;
	int i, opt, rc, trouble = 0;

	cli_args_init(&a, "lint-yaml", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "lint-yaml");
			cli_args_free(&a);
			return EXIT_OK;
		}
		if (opt == CLI_ARGS_ERROR ||
		    (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &fmt) != 0)) {
			cli_args_free(&a);
			return EXIT_TROUBLE;
		}
	}
	if (a.npos == 0) {
		cli_args_free(&a);
		return cli_usage_error("lint-yaml", "name at least one file");
	}
	for (i = 0; i < a.npos; i++) {
		ytree_doc *doc = NULL;

		if (ytree_parse_file(&doc, a.pos[i], YTREE_RECORD, NULL, &findings) < 0) {
			fprintf(stderr, "%s: error: %s\n", cli_progname, error_last());
			trouble = 1;
		}
		ytree_doc_free(doc);
	}
	rc = cli_print_findings(stdout, &findings, fmt, (size_t)a.npos);
	diag_list_free(&findings);
	cli_args_free(&a);
	return trouble ? EXIT_TROUBLE : rc;
}
