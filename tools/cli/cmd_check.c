/*
 * plan check [--today DATE] [--format text|json|gnu] [PATH...]: every rule that
 * needs no history, on the work tree. With paths, the whole ledger is read
 * (references cross files) but only findings about those paths are shown.
 *
 * plan check --staged: the same on what the next commit will contain (the
 * index, as GIT_INDEX_FILE names it in a hook).
 *
 * plan check --range OLD..NEW [--ref REF]: every commit of a push, with the
 * history rules; OLD may be the zero id (a new branch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "cli.h"
#include "workflow.h"
#include "audit/range.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/*
 * The contents of path as the check saw them: the file in the work tree, or
 * its blob in the index (--staged). 0 when read.
 */
static int
read_checked(history *h, const char *root, const char *path, int staged, buf *out)
{
	int too_big = 0, rc = -1;

	buf_reset(out);
	if (staged) {
		hist_entries e = HIST_ENTRIES_INIT;
		size_t i;

		if (h != NULL && history_index_entries(h, path, &e) == 0)
			for (i = 0; i < e.n; i++)
				if (e.v[i].stage == 0 && strcmp(e.v[i].path, path) == 0 &&
				    e.v[i].mode != HIST_MODE_LINK && e.v[i].mode != HIST_MODE_GITLINK) {
					rc = history_read_blob(h, &e.v[i].oid, (size_t)16 << 20, out,
							       &too_big);
					break;
				}
		hist_entries_free(&e);
	} else {
		char *full = xasprintf("%s/%s", root, path);

		rc = fsutil_read_regular(full, (size_t)16 << 20, out, &too_big);
		free(full);
	}
	return rc == 0 && !too_big ? 0 : -1;
}

/*
 * Findings count columns in characters; Vim (and GNU tools) count bytes, so
 * after an 'Å' Vim would land one column early. For --format gnu, each
 * column becomes the byte column of its line in the file as it was checked.
 */
static void
byte_columns(diag_list *l, history *h, const char *root, int staged)
{
	buf data = BUF_INIT;
	const char *cur = NULL;
	int have = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		diag *d = &l->items[i];
		const char *p, *start, *end;
		unsigned line = 1, chars;

		if (d->line == 0 || d->col == 0 || d->path == NULL)
			continue;
		if (cur == NULL || strcmp(cur, d->path) != 0) {
			cur = d->path;
			have = read_checked(h, root, d->path, staged, &data) == 0;
		}
		if (!have)
			continue;
		p = data.ptr != NULL ? data.ptr : "";
		end = p + data.len;
		for (; line < d->line && p < end; p++)
			if (*p == '\n')
				line++;
		if (line < d->line)
			continue;
		start = p;
		for (chars = 1; chars < d->col && p < end && *p != '\n'; chars++)
			for (p++; p < end && ((unsigned char)*p & 0xC0) == 0x80; p++)
				;
		d->col = (unsigned)(p - start) + 1 + (d->col - chars);
	}
	buf_free(&data);
}

/* Resolves one side of OLD..NEW: a full id (the zero id allowed) or a revision. */
static int
range_end(history *h, const char *s, size_t len, hist_oid *out)
{
	char *rev = xstrndup(s, len);
	int rc;

	if (len == HIST_HEXSZ && strspn(rev, "0") == HIST_HEXSZ) {
		memset(out, 0, sizeof(*out));
		rc = 0;
	} else {
		rc = history_resolve(h, rev, out);
	}
	free(rev);
	return rc;
}

static int
check_range(const char *range, const char *ref, const char *pusher, cli_format fmt)
{
	diag_list findings = DIAG_LIST_INIT;
	const char *dots = strstr(range, "..");
	range_options ro;
	history *h = NULL;
	hist_oid old, new;
	size_t ncommits = 0;
	char *cache_dir = NULL;
	int rc = EXIT_TROUBLE;

	if (dots == NULL || dots == range || dots[2] == '\0' || dots[2] == '.')
		return cli_usage_error("check", "--range needs OLD..NEW, such as main..HEAD");
	/* Inside a pre-receive hook the environment names the repository and its quarantine. */
	if (history_open(&h, NULL) != 0)
		return cli_error("%s", error_last());
	if (range_end(h, range, (size_t)(dots - range), &old) != 0 ||
	    range_end(h, dots + 2, strlen(dots + 2), &new) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	/* Behind the web server: who logged in may change only what is theirs to change. */
	if (pusher != NULL && *pusher != '\0' && ref != NULL) {
		int may = wf_may_push(h, pusher, ref);

		if (may < 0) {
			cli_error("%s", error_last());
			goto done;
		}
		if (may == 0) {
			diag_add(&findings, ref, 0, 0, DIAG_ERROR, "pusher", "%s", error_last());
			rc = cli_print_findings(stdout, &findings, fmt, 0);
			goto done;
		}
	}
	memset(&ro, 0, sizeof(ro));
	ro.refname = ref;
	ro.main_ref = "refs/heads/main";
	ro.cache_dir = cache_dir = cli_cache_dir(h);
	if (range_check(h, &old, &new, &ro, &findings, &ncommits) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	rc = cli_print_findings(stdout, &findings, fmt, 0);
	if (fmt == FMT_TEXT && (findings.n > 0 || ncommits > 1))
		printf(ngettext("%zu commit checked\n", "%zu commits checked\n", ncommits), ncommits);
done:
	diag_list_free(&findings);
	history_free(h);
	free(cache_dir);
	return rc;
}

/* A whole number above zero, for a budget. */
static int
parse_count(const char *cmd, const char *opt, const char *val, unsigned long *out)
{
	char *end;

	*out = strtoul(val, &end, 10);
	if (*val < '0' || *val > '9' || *end != '\0' || *out == 0 || *out > 1000000) {
		cli_usage_error(cmd, "%s needs a whole number above 0, such as 120; '%s' is not one",
				opt, val);
		return -1;
	}
	return 0;
}

int
cmd_check(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1},	 {"today", 0, 1},
					  {"staged", 0, 0},	 {"range", 0, 1},
					  {"ref", 0, 1},	 {"max-seconds", 0, 1},
					  {"max-memory", 0, 1}, {"full-name", 0, 0},
					  {"pusher", 0, 1},	 {NULL, 0, 0}};
	unsigned long max_seconds = 0, max_memory = 0;
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	ledger_load_stats stats = {0, 0, 0, 0, 0};
	ledger_load_options lo;
	ledger_from from;
	cli_format fmt = FMT_TEXT;
	history *h = NULL;
	char *root = NULL, *prefix = NULL;
	char **only = NULL, *cache_dir = NULL;
	const char *range = NULL, *ref = NULL, *pusher = NULL;
	int staged = 0, full_name = 0;
	cli_args a;
	const char *val;
	int i, opt, rc = EXIT_TROUBLE;

	memset(&co, 0, sizeof(co));
	memset(&lo, 0, sizeof(lo));
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
		if (opt == 0 &&
		    cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON | FMT_GNU, &fmt) != 0)
			goto done;
		if (opt == 1 && cli_parse_date(a.cmd, "--today", val, &co.today) != 0)
			goto done;
		if (opt == 2)
			staged = 1;
		if (opt == 3)
			range = val;
		if (opt == 4)
			ref = val;
		if (opt == 8)
			pusher = val;
		if (opt == 7)
			full_name = 1;
		if ((opt == 5 || opt == 6) &&
		    parse_count(a.cmd, opt == 5 ? "--max-seconds" : "--max-memory", val,
				opt == 5 ? &max_seconds : &max_memory) != 0)
			goto done;
	}
	if ((max_seconds > 0 || max_memory > 0) &&
	    cli_budget(range != NULL ? "the check of this push" : "the check", max_seconds,
		       max_memory) != 0) {
		cli_error("the budget of time and memory cannot be set");
		goto done;
	}
	if ((staged && range != NULL) || (range != NULL && a.npos > 0)) {
		cli_usage_error(a.cmd, "--staged, --range and paths cannot be combined");
		goto done;
	}
	/*
	 * File names after --staged come from tools that pass the staged files
	 * (the pre-commit framework): the rules need the whole ledger, so the
	 * whole index is checked, whatever they name.
	 */
	if (staged)
		a.npos = 0;
	if (fmt == FMT_GNU && range != NULL) {
		cli_usage_error(a.cmd, _("--format gnu goes with a check of the work tree or of "
		                         "--staged, not with --range"));
		goto done;
	}
	if (ref != NULL && range == NULL) {
		cli_usage_error(a.cmd, "--ref goes with --range");
		goto done;
	}
	if (range != NULL) {
		rc = check_range(range, ref, pusher, fmt);
		goto done;
	}
	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	/* Paths as seen from here, as git status shows them; --full-name: from the root. */
	if (!full_name)
		cli_set_display_prefix(prefix);
	if (a.npos > 0) {
		only = xcalloc((size_t)a.npos, sizeof(*only));
		for (i = 0; i < a.npos; i++)
			if ((only[i] = cli_repo_path(root, prefix, a.pos[i])) == NULL) {
				cli_error("%s is outside the ledger, whose folder is %s", a.pos[i], root);
				goto done;
			}
		co.only = (const char *const *)only;
		co.nonly = (size_t)a.npos;
		lo.must_exist = co.only;
		lo.nmust_exist = co.nonly;
	}
	if (staged && h == NULL) {
		cli_error("--staged checks the Git index, and this folder is not in a Git repository");
		goto done;
	}
	if (h != NULL)
		lo.cache_dir = cache_dir = cli_cache_dir(h);
	lo.stats = &stats;
	lo.keep_snapshot = 1;
	lo.threads = co.threads = cli_threads();
	memset(&from, 0, sizeof(from));
	from.where = staged ? LEDGER_INDEX : LEDGER_WORKTREE;
	from.root = root;
	if (store_check(NULL, h, &from, &lo, &co, &findings) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (fmt == FMT_GNU)
		byte_columns(&findings, h, root, staged);
	if (getenv("PLAN_CACHE_STATS") != NULL)
		fprintf(stderr,
			"cache: %zu found, %zu checked anew, %zu unchanged by stat, %zu from a "
			"snapshot\n",
			stats.hits, stats.misses, stats.stat_hits, stats.from_snapshot);
	/* A hook is quiet when all is well; a check run by hand says how many files passed. */
	rc = cli_print_findings(stdout, &findings, fmt, staged ? 0 : stats.record_files);
done:
	for (i = 0; only != NULL && i < a.npos; i++)
		free(only[i]);
	free(only);
	diag_list_free(&findings);
	history_free(h);
	free(cache_dir);
	free(root);
	free(prefix);
	cli_args_free(&a);
	return rc;
}
