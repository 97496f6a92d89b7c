/*
 * plan trace [--rev REV] [--format text|json] INDICATOR: every commit of the
 * main line that changed what counts toward an indicator, with who, when,
 * approved by whom, what changed, and the status before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "audit/trace.h"
#include "report/render_trace.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"

int
cmd_trace(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1}, {"rev", 0, 1}, {NULL, 0, 0}};
	cli_format fmt = FMT_TEXT;
	const char *rev = NULL, *val;
	history *h = NULL;
	trace_result *r = NULL;
	ledger *l = NULL;
	char *cache_dir = NULL;
	size_t reused = 0;
	hist_oid tip;
	buf out = BUF_INIT;
	cli_args a;
	int opt, rc, status = EXIT_TROUBLE;

	cli_args_init(&a, "trace", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "trace");
			status = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &fmt) != 0)
			goto done;
		if (opt == 1)
			rev = val;
	}
	if (a.npos != 1) {
		cli_usage_error(a.cmd, "name one indicator, such as I14");
		goto done;
	}
	if (cli_open_history(&h, "trace") != 0)
		goto done;
	if (cli_main_line(h, rev, &tip) != 0)
		goto done;
	cache_dir = cli_cache_dir(h);
	rc = trace_run(h, &tip, a.pos[0], cache_dir, &r, &reused);
	if (rc == 0 && getenv("PLAN_CACHE_STATS") != NULL)
		fprintf(stderr, "cache: %zu of %zu commits not walked again\n", reused,
			r->commits);
	if (rc < 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (rc > 0) {
		cli_usage_error(a.cmd, "there is no indicator '%s' in this plan", a.pos[0]);
		goto done;
	}
	if (fmt == FMT_JSON) {
		render_trace_json(&out, r);
	} else {
		/* People by their names in people.yaml of the tip, as the report names them. */
		char hex[HIST_HEXSZ + 1];
		hist_oid at;
		size_t errors = 0;

		if (cli_load_ledger(h, hist_oid_fmt(&tip, hex), &l, &at, &errors) != 0)
			l = NULL;
		render_trace_text(&out, r, l);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	status = EXIT_OK;
done:
	buf_free(&out);
	trace_free(r);
	ledger_free(l);
	free(cache_dir);
	history_free(h);
	cli_args_free(&a);
	return status;
}
