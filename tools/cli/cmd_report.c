/*
 * plan report --html FILE [--rev REV] [--at DATE] [--lang sv|en]
 * plan report --format md [--output FILE] [--rev REV] [--at DATE] [--lang sv|en]
 * The follow-up report: one self-contained HTML page with the plan's Gantt
 * chart and every indicator's status, or the same content as Markdown. The
 * ledger is read as it stands in REV (default: the main branch, else
 * HEAD), and the events that count are those dated up to DATE (default:
 * today). A file is written atomically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ledger/fulfil.h"
#include "audit/provenance.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"

#ifndef PLAN_VERSION
#define PLAN_VERSION "0.0.0"
#endif

enum { REPORT_HTML, REPORT_MD };

/* Whether s ends in suffix. */
static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Writes the report to path ("-" or NULL: standard output). */
static int
write_out(const char *path, const buf *b)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(b->ptr, 1, b->len, stdout) != b->len || fflush(stdout) != 0)
			return cli_error("cannot write the report to standard output");
		return EXIT_OK;
	}
	if (fsutil_write_atomic(path, b->ptr, b->len, 0, NULL) != 0)
		return cli_error("%s", error_last());
	return EXIT_OK;
}

int
cmd_report(int argc, char **argv)
{
	static const cli_option opts[] = {{"html", 0, 1}, {"format", 0, 1}, {"output", 'o', 1},
					  {"rev", 0, 1},  {"at", 0, 1},	    {"lang", 0, 1},
					  {NULL, 0, 0}};
	const char *rev = NULL, *output = NULL, *html = NULL, *format = NULL, *val;
	date_days at = date_today();
	report_lang lang = REPORT_SV;
	history *h = NULL;
	ledger *l = NULL;
	fulfil_result *r = NULL;
	provenance *prov = NULL;
	char hex[HIST_HEXSZ + 1];
	hist_oid tip, commit;
	hist_commit hc;
	report_ctx rc;
	buf out = BUF_INIT;
	size_t errors = 0;
	cli_args a;
	int opt, kind = REPORT_HTML, status = EXIT_TROUBLE;

	memset(&rc, 0, sizeof(rc));
	cli_args_init(&a, "report", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "report");
			status = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0)
			html = val;
		if (opt == 1)
			format = val;
		if (opt == 2)
			output = val;
		if (opt == 3)
			rev = val;
		if (opt == 4 && cli_parse_date(a.cmd, "--at", val, &at) != 0)
			goto done;
		if (opt == 5) {
			if (strcmp(val, "sv") == 0)
				lang = REPORT_SV;
			else if (strcmp(val, "en") == 0)
				lang = REPORT_EN;
			else {
				cli_usage_error(a.cmd, "--lang is sv or en, not '%s'", val);
				goto done;
			}
		}
	}
	if (a.npos > 0) {
		cli_usage_error(a.cmd, "unexpected argument '%s'", a.pos[0]);
		goto done;
	}
	if (html != NULL && (output != NULL || (format != NULL && strcmp(format, "html") != 0))) {
		cli_usage_error(a.cmd, "--html FILE is --format html --output FILE; give one or the "
				       "other");
		goto done;
	}
	if (html != NULL)
		output = html;
	if (format != NULL && strcmp(format, "md") == 0)
		kind = REPORT_MD;
	else if (format != NULL && strcmp(format, "html") != 0) {
		cli_usage_error(a.cmd, "--format is html or md, not '%s'", format);
		goto done;
	} else if (format == NULL && output != NULL && ends_with(output, ".md"))
		kind = REPORT_MD;
	if (cli_open_history(&h, "report") != 0)
		goto done;
	if (cli_main_line(h, rev, &tip) != 0)
		goto done;
	hist_oid_fmt(&tip, hex);
	if (cli_load_ledger(h, hex, &l, &commit, &errors) != 0)
		goto done;
	if (errors > 0)
		fprintf(stderr,
			"plan: warning: the ledger at %.12s has %zu error%s; run 'plan check' to see "
			"them. The report counts only the events that could be read.\n",
			hex, errors, errors == 1 ? "" : "s");
	if (history_commit(h, &commit, &hc) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	rc.commit_day = date_from_time(hc.committer.time, hc.committer.offset);
	hist_commit_free(&hc);
	if (provenance_build(&prov, h, &commit) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	r = fulfil_compute(l, at);
	rc.l = l;
	rc.r = r;
	rc.prov = prov;
	rc.commit = hex;
	rc.errors = errors;
	rc.lang = lang;
	rc.generator = "plan " PLAN_VERSION;
	if (kind == REPORT_MD)
		report_md(&out, &rc);
	else
		report_html(&out, &rc);
	status = write_out(output, &out);
done:
	buf_free(&out);
	provenance_free(prov);
	fulfil_free(r);
	ledger_free(l);
	history_free(h);
	cli_args_free(&a);
	return status;
}
