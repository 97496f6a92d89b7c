/*
 * plan list events [filters] [--all] [--format text|csv|json|xlsx]
 *                  [--output FILE] [--csv-separator SEP] [--rev REV]
 * The events of the ledger, filtered, for people and for spreadsheets. The
 * work tree is read (what plan check sees), or the commit REV.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "cli.h"
#include "ledger/event_list.h"
#include "ledger/event_write.h"
#include "report/render_xlsx.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "util/i18n.h"

int
cli_csv_separator(const char *cmd, const char *value, char *out)
{
	static const char *const vars[] = {"LC_ALL", "LC_NUMERIC", "LANG"};
	size_t i;

	if (value != NULL) {
		if ((value[0] == ',' || value[0] == ';') && value[1] == '\0') {
			*out = value[0];
			return 0;
		}
		cli_usage_error(cmd, "--csv-separator is ',' or ';', not '%s'", value);
		return -1;
	}
	*out = ',';
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0') {
			if (strncmp(v, "sv", 2) == 0)
				*out = ';';
			break;
		}
	}
	return 0;
}

/* Adds the ids of one --indicator value ("I14,I15") to the filter's list. */
static void
add_ids(char ***ids, size_t *n, size_t *cap, const char *list)
{
	const char *p = list;

	while (*p != '\0') {
		size_t k = strcspn(p, ", ");

		if (k > 0) {
			*ids = xgrow(*ids, cap, *n + 1, sizeof(**ids));
			(*ids)[(*n)++] = event_write_indicator_id(p, k);
		}
		p += k;
		p += strspn(p, ", ");
	}
}

/* Checks that the ids the filter names exist, so a typing error is not an empty list. */
static int
check_filter(const char *cmd, const ledger *l, event_filter *f, const char *kind)
{
	size_t i;

	for (i = 0; i < f->nindicators; i++)
		if (ledger_indicator(l, f->indicators[i]) == NULL)
			return cli_usage_error(cmd, "there is no indicator '%s' in this plan (see 'plan list indicators')",
			                       f->indicators[i]);
	if (f->activity != NULL && ledger_activity(l, f->activity) == NULL)
		return cli_usage_error(cmd, "there is no activity '%s' in this plan", f->activity);
	if (f->goal != NULL && ledger_goal(l, f->goal) == NULL)
		return cli_usage_error(cmd, "there is no goal '%s' in this plan", f->goal);
	if (f->person != NULL && ledger_person(l, f->person) == NULL)
		return cli_usage_error(cmd, "there is no person '%s' in records/people.yaml (see 'plan list people')",
		                       f->person);
	if (kind != NULL && (f->kind = event_list_find_kind(l, kind)) == NULL) {
		buf all = BUF_INIT;
		const char *guess = event_list_suggest_kind(l, kind, &all);

		if (guess != NULL && cli_swedish() && ledger_kind_label(l, guess, "sv") != NULL)
			guess = ledger_kind_label(l, guess, "sv");
		if (guess != NULL)
			cli_usage_error(cmd, "there is no kind of event '%s'; did you mean %s? The kinds are: %s",
					kind, guess, buf_cstr(&all));
		else
			cli_usage_error(cmd, "there is no kind of event '%s'; the kinds are: %s", kind,
					buf_cstr(&all));
		buf_free(&all);
		return EXIT_TROUBLE;
	}
	return 0;
}

enum {
	O_INDICATOR,
	O_ACTIVITY,
	O_GOAL,
	O_KIND,
	O_PERSON,
	O_FROM,
	O_TO,
	O_TEXT,
	O_ALL,
	O_FORMAT,
	O_OUTPUT,
	O_SEP,
	O_REV
};

int
cmd_list_events(int argc, char **argv)
{
	static const cli_option opts[] = {
	        {"indicator", 0, 1}, {"activity", 0, 1}, {"goal", 0, 1},      {"kind", 0, 1},
	        {"person", 0, 1},    {"from", 0, 1},     {"to", 0, 1},        {"text", 0, 1},
	        {"all", 0, 0},       {"format", 0, 1},   {"output", 'o', 1},  {"csv-separator", 0, 1},
	        {"rev", 0, 1},       {NULL, 0, 0}};
	event_filter f;
	char **ids = NULL;
	size_t nids = 0, cap = 0, n = 0, errors = 0, i;
	const char *val, *kind = NULL, *output = NULL, *sep_opt = NULL, *rev = NULL;
	const rec_event **ev = NULL;
	cli_format fmt = FMT_TEXT;
	ledger *l = NULL;
	history *h = NULL;
	hist_oid commit;
	buf out = BUF_INIT;
	char sep = ',';
	int opt, rc = EXIT_TROUBLE;
	cli_args a;

	memset(&f, 0, sizeof(f));
	cli_args_init(&a, "list events", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "list");
			rc = EXIT_OK;
			goto done;
		}
		switch (opt) {
		case CLI_ARGS_ERROR: goto done;
		case O_INDICATOR: add_ids(&ids, &nids, &cap, val); break;
		case O_ACTIVITY: f.activity = val; break;
		case O_GOAL: f.goal = val; break;
		case O_KIND: kind = val; break;
		case O_PERSON: f.person = val; break;
		case O_FROM:
			f.has_from = 1;
			if (cli_parse_date(a.cmd, "--from", val, &f.from) != 0)
				goto done;
			break;
		case O_TO:
			f.has_to = 1;
			if (cli_parse_date(a.cmd, "--to", val, &f.to) != 0)
				goto done;
			break;
		case O_TEXT: f.text = val; break;
		case O_ALL: f.all = 1; break;
		case O_FORMAT:
			if (cli_parse_format(a.cmd, val, FMT_TEXT | FMT_CSV | FMT_JSON | FMT_XLSX,
			                     &fmt) != 0)
				goto done;
			break;
		case O_OUTPUT: output = val; break;
		case O_SEP: sep_opt = val; break;
		case O_REV: rev = val; break;
		}
	}
	if (a.npos > 0) {
		cli_usage_error(a.cmd, "unexpected argument '%s'", a.pos[0]);
		goto done;
	}
	if (cli_csv_separator(a.cmd, sep_opt, &sep) != 0)
		goto done;
	if (fmt == FMT_XLSX && output == NULL) {
		cli_usage_error(a.cmd, "an Excel file is written to a file: add --output FILE.xlsx");
		goto done;
	}
	f.indicators = (const char *const *)ids;
	f.nindicators = nids;
	if (rev != NULL) {
		if (cli_open_history(&h, "list events") != 0 ||
		    cli_load_ledger(h, rev, &l, &commit, &errors) != 0)
			goto done;
	} else if (cli_load_worktree(&l, &errors) != 0) {
		goto done;
	}
	if (check_filter(a.cmd, l, &f, kind) != 0)
		goto done;
	if (errors > 0)
		fprintf(stderr,
		        "plan: warning: the ledger has %zu error%s; run 'plan check' to see them. "
		        "The list holds the events that could be read.\n",
		        errors, errors == 1 ? "" : "s");
	n = event_list_select(l, &f, &ev);
	switch (fmt) {
	case FMT_CSV: event_list_csv(&out, l, ev, n, sep); break;
	case FMT_JSON: event_list_json(&out, l, ev, n); break;
	case FMT_XLSX:
		if (render_xlsx_events(output, l, ev, n) != 0) {
			cli_error("%s", error_last());
			goto done;
		}
		rc = EXIT_OK;
		goto done;
	default: event_list_text(&out, l, ev, n); break;
	}
	if (output != NULL) {
		if (fsutil_write_atomic(output, out.ptr, out.len, 0, NULL) != 0) {
			cli_error("%s", error_last());
			goto done;
		}
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	rc = EXIT_OK;
done:
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(ev);
	buf_free(&out);
	ledger_free(l);
	history_free(h);
	cli_args_free(&a);
	return rc;
}
