/*
 * plan status [--at DATE] [--rev REV] [--year Y] [--indicator ID]
 *             [--format text|json|csv|md]
 * How far each indicator has come: the ledger as it stands in REV (default
 * HEAD), at the end of DATE (default today): events of that day count, and
 * a period that ends on it is closed. --year narrows every figure, the
 * statuses and roll-ups included, to the periods that overlap that year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ledger/fulfil.h"
#include "report/render.h"
#include "report/render_xlsx.h"
#include "sheet/sheet.h"
#include "store/results.h"
#include "util/binio.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"

static void
warn_errors(const char *rev, size_t errors)
{
	if (errors > 0)
		fprintf(stderr,
			"plan: warning: the ledger at %s has %zu error%s; run 'plan check' to see "
			"them. The figures count only the events that could be read.\n",
			rev, errors, errors == 1 ? "" : "s");
}

/*
 * What the figures depend on: the commit (and so its tree), the day, the
 * options. Returns 0 with the key of the result kept by it (results.h).
 */
static int
status_key(history *h, const char *rev, date_days at, const render_ctx *rc, cli_format fmt,
	   char sep, hist_oid *key)
{
	hist_oid commit;
	hist_commit c;
	buf text = BUF_INIT;
	char hex[HIST_HEXSZ + 1], thex[HIST_HEXSZ + 1];
	int r;

	if (history_resolve(h, rev, &commit) != 0 || history_commit(h, &commit, &c) != 0)
		return -1;
	buf_printf(&text, "status\nrev %s\ncommit %s\ntree %s\nat %ld\nyear %d\nonly %s\n"
		   "format %d\nseparator %d\n",
		   rev, hist_oid_fmt(&commit, hex), hist_oid_fmt(&c.tree, thex), (long)at, rc->year,
		   rc->only != NULL ? rc->only : "", (int)fmt, sep);
	hist_commit_free(&c);
	r = results_key(text.ptr, key);
	buf_free(&text);
	return r;
}

int
cmd_status(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1}, {"at", 0, 1},	 {"rev", 0, 1},
					  {"year", 0, 1},   {"indicator", 0, 1}, {"output", 'o', 1},
					  {"csv-separator", 0, 1}, {NULL, 0, 0}};
	const char *output = NULL, *sep_opt = NULL;
	char sep = ',';
	cli_format fmt = FMT_TEXT;
	const char *rev = "HEAD", *val;
	date_days at = date_today();
	history *h = NULL;
	ledger *l = NULL;
	fulfil_result *r = NULL;
	char hex[HIST_HEXSZ + 1];
	hist_oid commit;
	render_ctx rc;
	buf out = BUF_INIT, kept = BUF_INIT;
	char *cache_dir = NULL;
	hist_oid key;
	int keyed = 0;
	size_t errors = 0;
	cli_args a;
	int opt, status = EXIT_TROUBLE;

	memset(&rc, 0, sizeof(rc));
	cli_args_init(&a, "status", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "status");
			status = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 &&
		    cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON | FMT_CSV | FMT_MD | FMT_XLSX,
				     &fmt) != 0)
			goto done;
		if (opt == 1 && cli_parse_date(a.cmd, "--at", val, &at) != 0)
			goto done;
		if (opt == 2)
			rev = val;
		if (opt == 3) {
			char *end;
			long y = strtol(val, &end, 10);

			if (*end != '\0' || y < 1000 || y > 9999) {
				cli_usage_error(a.cmd, "--year needs a year such as 2019, not '%s'", val);
				goto done;
			}
			rc.year = (int)y;
		}
		if (opt == 4)
			rc.only = val;
		if (opt == 5)
			output = val;
		if (opt == 6)
			sep_opt = val;
	}
	if (cli_csv_separator(a.cmd, sep_opt, &sep) != 0)
		goto done;
	if (fmt == FMT_XLSX && output == NULL) {
		cli_usage_error(a.cmd, "an Excel file is written to a file: add --output FILE.xlsx");
		goto done;
	}
	if (a.npos > 0) {
		cli_usage_error(a.cmd, "unexpected argument '%s'", a.pos[0]);
		goto done;
	}
	if (cli_open_history(&h, "status") != 0)
		goto done;
	/* The figures of a commit on a day are kept: a second run only prints them. */
	cache_dir = cli_cache_dir(h);
	keyed = cache_dir != NULL && fmt != FMT_XLSX &&
		status_key(h, rev, at, &rc, fmt, sep, &key) == 0;
	if (keyed && results_get(cache_dir, "status", &key, &kept) && kept.len >= 4) {
		errors = binio_rd32((const unsigned char *)kept.ptr);
		buf_put(&out, kept.ptr + 4, kept.len - 4);
		keyed = 0;
		goto print;
	}
	if (cli_load_ledger(h, rev, &l, &commit, &errors) != 0)
		goto done;
	if (rc.only != NULL && ledger_indicator(l, rc.only) == NULL) {
		cli_usage_error(a.cmd, "there is no indicator '%s' in this plan", rc.only);
		goto done;
	}
	r = fulfil_compute_year(l, at, rc.year);
	rc.l = l;
	rc.r = r;
	rc.rev = hist_oid_fmt(&commit, hex);
	rc.width = 100;
	switch (fmt) {
	case FMT_JSON: render_status_json(&out, &rc); break;
	case FMT_CSV: render_status_csv(&out, &rc); break;
	case FMT_MD: render_status_md(&out, &rc); break;
	case FMT_XLSX:
		warn_errors(rev, errors);
		if (render_xlsx_status(output, &rc, cli_swedish()) != 0) {
			cli_error("%s", error_last());
			goto done;
		}
		status = EXIT_OK;
		goto done;
	default: render_status_text(&out, &rc); break;
	}
	if (fmt == FMT_CSV && sep != ',') {
		buf resep = BUF_INIT;

		if (sheet_csv_reseparate(out.ptr, out.len, sep, &resep) != 0) {
			buf_free(&resep);
			cli_error("%s", error_last());
			goto done;
		}
		buf_free(&out);
		out = resep;
	}
	if (keyed) {
		buf_reset(&kept);
		binio_put32(&kept, (uint32_t)errors);
		buf_put(&kept, out.ptr, out.len);
		/* A result that cannot be kept only makes the next run slower. */
		results_put(cache_dir, "status", &key, kept.ptr, kept.len);
	}
print:
	warn_errors(rev, errors);
	if (output != NULL && fsutil_write_atomic(output, out.ptr, out.len, 0, NULL) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (output == NULL)
		fwrite(out.ptr, 1, out.len, stdout);
	status = EXIT_OK;
done:
	buf_free(&out);
	buf_free(&kept);
	free(cache_dir);
	fulfil_free(r);
	ledger_free(l);
	history_free(h);
	cli_args_free(&a);
	return status;
}
