/*
 * plan audit [--format text|json] [A..B]: every change to the records on
 * the main line approved by an eligible reviewer who is not its author
 * (see tools/lib/audit/audit.h for the seven rules). Exit 1 when any is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"
#include "util/i18n.h"

int
cmd_audit(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1}, {"no-cache", 0, 0}, {NULL, 0, 0}};
	diag_list findings = DIAG_LIST_INIT;
	cli_format fmt = FMT_TEXT;
	history *h = NULL;
	hist_oid from, to;
	int have_from = 0;
	audit_counts counts;
	audit_options ao;
	char *cache_dir = NULL;
	const char *val;
	int opt, no_cache = 0, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "audit", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "audit");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &fmt) != 0)
			goto done;
		if (opt == 1)
			no_cache = 1;
	}
	if (a.npos > 1) {
		cli_usage_error(a.cmd, "give at most one range, such as v2019..main");
		goto done;
	}
	/* The audit reads each commit and tree about once: a cache would only fill. */
	history_cache_objects(0);
	if (cli_open_history(&h, "audit") != 0)
		goto done;
	if (a.npos == 1) {
		const char *dots = strstr(a.pos[0], "..");
		char *left;

		if (dots == NULL) {
			if (cli_main_line(h, a.pos[0], &to) != 0)
				goto done;
		} else {
			left = xstrndup(a.pos[0], (size_t)(dots - a.pos[0]));
			if (*left != '\0') {
				if (history_resolve(h, left, &from) != 0) {
					free(left);
					cli_error("%s", error_last());
					goto done;
				}
				have_from = 1;
			}
			free(left);
			if (cli_main_line(h, dots[2] ? dots + 2 : NULL, &to) != 0)
				goto done;
		}
	} else if (cli_main_line(h, NULL, &to) != 0) {
		goto done;
	}
	memset(&ao, 0, sizeof(ao));
	if (!no_cache)
		ao.cache_dir = cache_dir = cli_cache_dir(h);
	if (audit_run(h, have_from ? &from : NULL, &to, &ao, &findings, &counts) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (fmt == FMT_JSON) {
		buf b = BUF_INIT;

		buf_putc(&b, '{');
		cli_findings_json(&b, &findings);
		buf_printf(&b, ",\"identities\":\"%s\"}\n",
			   counts.self_asserted ? "self-asserted" : "proven");
		fwrite(b.ptr, 1, b.len, stdout);
		buf_free(&b);
		rc = diag_errors(&findings) > 0 ? EXIT_FINDINGS : EXIT_OK;
	} else {
		size_t i, bad = 0;

		rc = cli_print_findings_in_order(stdout, &findings, fmt);
		if (counts.self_asserted)
			printf(_("note: records/plan.yaml does not ask for signed approvals (approval: "
				 "{signed: false}), so who made and who approved each change is only "
				 "what Git's author and committer fields say, which anyone can set: "
				 "these identities are self-asserted, not proven; set 'signed: true', "
				 "with every person's key in records/allowed_signers, to prove them\n"));

		/* Findings come commit by commit; count the commits that have any. */
		for (i = 0; i < findings.n; i++)
			if (i == 0 || strcmp(findings.items[i].path, findings.items[i - 1].path) != 0)
				bad++;
		printf(ngettext("%zu commit on the main line, %zu changing records, %zu of them not "
				"properly approved",
				"%zu commits on the main line, %zu changing records, %zu of them not "
				"properly approved", counts.walked),
		       counts.walked, counts.audited, bad);
		if (counts.signed_ok > 0)
			printf(ngettext("; %zu signature verified", "; %zu signatures verified",
					counts.signed_ok), counts.signed_ok);
		printf("\n");
		if (getenv("PLAN_CACHE_STATS") != NULL)
			fprintf(stderr, "cache: %zu of %zu commits' verdicts from the cache\n",
				counts.cached, counts.walked);
	}
done:
	diag_list_free(&findings);
	free(cache_dir);
	history_free(h);
	cli_args_free(&a);
	return rc;
}
