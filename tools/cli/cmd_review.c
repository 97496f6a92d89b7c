/*
 * plan review [--at DATE] [--format text|md|json] [A..B]: a change in words a
 * reviewer can judge (default main..HEAD): events added, corrected, changed
 * or deleted; the plan's own records changed; the findings of the checks a
 * push gets; and which indicator periods change status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/check.h"
#include "cli.h"
#include "ledger/fulfil.h"
#include "audit/range.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "workflow.h"

typedef struct change_line {
	const char *what; /* added, corrected, changed, deleted, plan */
	const char *path;
	const rec_event *event; /* the new version, or for a deletion the old one */
} change_line;

typedef struct status_change {
	const char *indicator;
	const char *period;
	fulfil_status before, after;
	int achieved_before, achieved_after, target;
} status_change;

typedef struct review {
	hist_oid base, tip;
	ledger *before, *after;
	fulfil_result *fb, *fa;
	change_line *changes;
	size_t nchanges, changes_cap;
	status_change *status;
	size_t nstatus, status_cap;
	diag_list findings;
	size_t commits;
	date_days at;
} review;

static int
load_tree(history *h, const hist_oid *commit, ledger **out)
{
	diag_list ignored = DIAG_LIST_INIT;
	check_options co;
	hist_commit c;
	source *src = NULL;
	char *cache_dir = cli_cache_dir(h);
	int rc;

	memset(&co, 0, sizeof(co));
	co.today = -1;
	co.cache_dir = cache_dir;
	if (history_commit(h, commit, &c) != 0) {
		free(cache_dir);
		return -1;
	}
	rc = source_tree_cached(&src, h, &c.tree, cache_dir);
	if (rc == 0)
		rc = check_source(src, &co, &ignored, out);
	source_free(src);
	hist_commit_free(&c);
	diag_list_free(&ignored);
	free(cache_dir);
	return rc;
}

static const rec_event *
event_at(const ledger *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nevents; i++)
		if (strcmp(l->events[i].path, path) == 0)
			return &l->events[i];
	return NULL;
}

static void
add_change(review *r, const char *what, const char *path, const rec_event *e)
{
	change_line *c;

	r->changes = xgrow(r->changes, &r->changes_cap, r->nchanges + 1, sizeof(*r->changes));
	c = &r->changes[r->nchanges++];
	c->what = what;
	c->path = path;
	c->event = e;
}

static int
collect_changes(history *h, review *r, hist_changes *ch)
{
	hist_commit b, t;
	size_t i;

	if (history_commit(h, &r->base, &b) != 0)
		return -1;
	if (history_commit(h, &r->tip, &t) != 0) {
		hist_commit_free(&b);
		return -1;
	}
	if (history_tree_changes(h, &b.tree, &t.tree, "records/", ch) != 0 ||
	    history_tree_changes(h, &b.tree, &t.tree, "schemas/", ch) != 0) {
		hist_commit_free(&b);
		hist_commit_free(&t);
		return -1;
	}
	hist_commit_free(&b);
	hist_commit_free(&t);
	for (i = 0; i < ch->n; i++) {
		const char *p = ch->v[i].path;

		if (strncmp(p, "schemas/", 8) == 0) {
			add_change(r, "schema", p, NULL);
		} else if (records_kind_of(p) != REC_EVENT) {
			add_change(r, "plan", p, NULL);
		} else if (ch->v[i].kind == HIST_DELETED) {
			add_change(r, "deleted", p, event_at(r->before, p));
		} else {
			const rec_event *e = event_at(r->after, p);

			add_change(r,
				   ch->v[i].kind == HIST_MODIFIED ? "changed" :
				   e != NULL && e->supersedes.id != NULL ? "corrected" :
									    "added",
				   p, e);
		}
	}
	return 0;
}

static void
compare_status(review *r)
{
	size_t i, j, k;

	for (i = 0; i < r->fa->nindicators; i++) {
		const fulfil_indicator *a = &r->fa->indicators[i];
		const fulfil_indicator *b = fulfil_find(r->fb, a->ind->id);

		for (j = 0; j < a->nperiods; j++) {
			const fulfil_period *pa = &a->periods[j];
			const fulfil_period *pb = NULL;
			status_change *s;

			for (k = 0; b != NULL && k < b->nperiods; k++)
				if (strcmp(b->periods[k].label, pa->label) == 0)
					pb = &b->periods[k];
			if (pb != NULL && pb->status == pa->status && pb->achieved == pa->achieved)
				continue;
			r->status = xgrow(r->status, &r->status_cap, r->nstatus + 1, sizeof(*r->status));
			s = &r->status[r->nstatus++];
			s->indicator = a->ind->id;
			s->period = pa->label;
			s->before = pb != NULL ? pb->status : ST_NOT_STARTED;
			s->after = pa->status;
			s->achieved_before = pb != NULL ? pb->achieved : 0;
			s->achieved_after = pa->achieved;
			s->target = pa->target;
		}
	}
}

static void
event_words(buf *out, const rec_event *e)
{
	char d[DATE_BUFSZ];
	size_t i;

	if (e == NULL)
		return;
	buf_printf(out, " %s: %s, %s \"%s\"", e->id ? e->id : "?",
		   e->has_date ? date_format(e->date, d) : "no date", e->kind ? e->kind : "?",
		   e->title ? e->title : "");
	if (e->nindicators > 0) {
		buf_puts(out, " for ");
		for (i = 0; i < e->nindicators; i++)
			buf_printf(out, "%s%s", i ? ", " : "", e->indicators[i].id);
	}
	if (e->participants >= 0)
		buf_printf(out, _("; %d participants"), e->participants);
	if (e->nevidence > 0) {
		buf_puts(out, _("; evidence: "));
		for (i = 0; i < e->nevidence; i++)
			buf_printf(out, "%s%s %s", i ? ", " : "", e->evidence[i].type ? e->evidence[i].type : "?",
				   e->evidence[i].ref ? e->evidence[i].ref : "");
	} else {
		buf_puts(out, _("; no evidence"));
	}
	if (e->supersedes.id != NULL)
		buf_printf(out, "; corrects %s because: %s", e->supersedes.id,
			   e->reason ? e->reason : "(no reason)");
	if (e->exception != NULL)
		buf_printf(out, "; EXCEPTION: %s", e->exception);
}

/*
 * The lines a change to one of the plan's own records takes away (-) and
 * adds (+), with a line around each, as git diff shows them.
 */
static void
plan_diff(buf *out, const review *r, const char *path, int md)
{
	char a[HIST_HEXSZ + 1], b[HIST_HEXSZ + 1];
	const char *const argv[] = {"git",
				    "diff",
				    "--no-color",
				    "--no-ext-diff",
				    "--unified=1",
				    hist_oid_fmt(&r->base, a),
				    hist_oid_fmt(&r->tip, b),
				    "--",
				    path,
				    NULL};
	buf text = BUF_INIT;
	const char *p;
	int body = 0;

	if (proc_run(NULL, argv, NULL, &text, NULL) != 0 || text.len == 0) {
		buf_free(&text);
		return;
	}
	if (md)
		buf_puts(out, "\n```diff\n");
	for (p = buf_cstr(&text); *p != '\0';) {
		size_t n = strcspn(p, "\n");

		if (strncmp(p, "@@", 2) == 0)
			body = 1;
		else if (body)
			buf_printf(out, "%s%.*s\n", md ? "" : "      ", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (md)
		buf_puts(out, "```\n\n");
	buf_free(&text);
}

static void
render_text(buf *out, const review *r, int md)
{
	char a[HIST_HEXSZ + 1], b[HIST_HEXSZ + 1];
	size_t i;
	const char *bullet = md ? "- " : "  ";

	buf_printf(out, md ? "## Review of %.12s..%.12s\n\n" : "Review of %.12s..%.12s\n",
		   hist_oid_fmt(&r->base, a), hist_oid_fmt(&r->tip, b));
	buf_printf(out, "%zu commit%s; fulfilment judged on %s\n\n", r->commits,
		   r->commits == 1 ? "" : "s", date_format(r->at, a));
	buf_puts(out, md ? "### Changes\n\n" : "Changes:\n");
	if (r->nchanges == 0)
		buf_printf(out, "%snone to the records\n", bullet);
	for (i = 0; i < r->nchanges; i++) {
		const change_line *c = &r->changes[i];

		if (strcmp(c->what, "plan") == 0) {
			buf_printf(out, "%splan record changed: %s\n", bullet, c->path);
			plan_diff(out, r, c->path, md);
			continue;
		}
		if (strcmp(c->what, "schema") == 0) {
			buf_printf(out,
				   "%sSCHEMA changed: %s (it decides what a valid record is; read the "
				   "change itself: git diff %.12s %.12s -- %s)\n",
				   bullet, c->path, hist_oid_fmt(&r->base, a), hist_oid_fmt(&r->tip, b),
				   c->path);
			continue;
		}
		buf_printf(out, "%s%s event", bullet, c->what);
		event_words(out, c->event);
		buf_putc(out, '\n');
	}
	buf_puts(out, md ? "\n### Checks\n\n" : "\nChecks:\n");
	if (r->findings.n == 0)
		buf_printf(out, "%sall commits pass plan check --range\n", bullet);
	for (i = 0; i < r->findings.n; i++) {
		const diag *d = &r->findings.items[i];

		buf_printf(out, "%s%s%s:%u:%u: %s[%s]: %s%s\n", bullet, md ? "`" : "", d->path, d->line,
			   d->col, d->severity == DIAG_ERROR ? "error" : "warning", d->rule, d->message,
			   md ? "`" : "");
	}
	buf_puts(out, md ? "\n### Effect on fulfilment\n\n" : "\nEffect on fulfilment:\n");
	if (r->nstatus == 0)
		buf_printf(out, "%sno indicator period changes status\n", bullet);
	for (i = 0; i < r->nstatus; i++) {
		const status_change *s = &r->status[i];

		buf_printf(out, "%s%s %s: %s -> %s (%d/%d -> %d/%d)\n", bullet, s->indicator, s->period,
			   fulfil_status_name(s->before), fulfil_status_name(s->after),
			   s->achieved_before, s->target, s->achieved_after, s->target);
	}
}

static void
json_str(buf *out, const char *s)
{
	if (s == NULL)
		buf_puts(out, "null");
	else
		buf_put_json_str(out, s, strlen(s));
}

static void
render_json(buf *out, const review *r)
{
	char a[HIST_HEXSZ + 1];
	size_t i;

	buf_printf(out, "{\"base\":\"%s\"", hist_oid_fmt(&r->base, a));
	buf_printf(out, ",\"tip\":\"%s\",\"commits\":%zu", hist_oid_fmt(&r->tip, a), r->commits);
	buf_printf(out, ",\"at\":\"%s\",\"changes\":[", date_format(r->at, a));
	for (i = 0; i < r->nchanges; i++) {
		const change_line *c = &r->changes[i];

		buf_printf(out, "%s{\"change\":\"%s\",\"path\":", i ? "," : "", c->what);
		json_str(out, c->path);
		buf_puts(out, ",\"event\":");
		json_str(out, c->event != NULL ? c->event->id : NULL);
		buf_puts(out, ",\"supersedes\":");
		json_str(out, c->event != NULL ? c->event->supersedes.id : NULL);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"findings\":[");
	for (i = 0; i < r->findings.n; i++) {
		const diag *d = &r->findings.items[i];

		buf_printf(out, "%s{\"path\":", i ? "," : "");
		json_str(out, d->path);
		buf_printf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":\"%s\",\"message\":",
			   d->line, d->col, d->severity == DIAG_ERROR ? "error" : "warning", d->rule);
		json_str(out, d->message);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"status_changes\":[");
	for (i = 0; i < r->nstatus; i++) {
		const status_change *s = &r->status[i];

		buf_printf(out, "%s{\"indicator\":\"%s\",\"period\":\"%s\",\"before\":\"%s\",\"after\":\"%s\","
			   "\"achieved_before\":%d,\"achieved_after\":%d,\"target\":%d}",
			   i ? "," : "", s->indicator, s->period, fulfil_status_name(s->before),
			   fulfil_status_name(s->after), s->achieved_before, s->achieved_after,
			   s->target);
	}
	buf_puts(out, "]}\n");
}

static int
run_review(history *h, const char *spec, date_days at, cli_format fmt)
{
	review r;
	hist_changes ch = HIST_CHANGES_INIT;
	range_options ro;
	const char *dots = strstr(spec, "..");
	char *left = dots != NULL ? xstrndup(spec, (size_t)(dots - spec)) : xstrdup(spec);
	const char *right = dots != NULL && dots[2] != '\0' ? dots + 2 : "HEAD";
	buf out = BUF_INIT;
	int rc = EXIT_TROUBLE;

	memset(&r, 0, sizeof(r));
	r.at = at;
	if (history_resolve(h, *left ? left : "refs/heads/main", &r.base) != 0 ||
	    history_resolve(h, right, &r.tip) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (history_merge_base(h, &r.base, &r.tip, &r.base) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (load_tree(h, &r.base, &r.before) != 0 || load_tree(h, &r.tip, &r.after) != 0 ||
	    collect_changes(h, &r, &ch) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	memset(&ro, 0, sizeof(ro));
	ro.main_ref = "refs/heads/main";
	if (range_check(h, &r.base, &r.tip, &ro, &r.findings, &r.commits) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	r.fb = fulfil_compute(r.before, at);
	r.fa = fulfil_compute(r.after, at);
	compare_status(&r);
	if (fmt == FMT_JSON)
		render_json(&out, &r);
	else
		render_text(&out, &r, fmt == FMT_MD);
	fwrite(out.ptr, 1, out.len, stdout);
	rc = diag_errors(&r.findings) > 0 ? EXIT_FINDINGS : EXIT_OK;
done:
	free(left);
	buf_free(&out);
	hist_changes_free(&ch);
	fulfil_free(r.fb);
	fulfil_free(r.fa);
	ledger_free(r.before);
	ledger_free(r.after);
	diag_list_free(&r.findings);
	free(r.changes);
	free(r.status);
	return rc;
}

/* plan review --pending: the branches on the central repository waiting for approval. */
static int
list_pending(void)
{
	history *h = NULL;
	char *root = NULL, *prefix = NULL;
	wf_branch *b = NULL;
	size_t n = 0, i;
	int rc = EXIT_TROUBLE;

	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	if (h == NULL) {
		cli_error(_("plan review --pending works in a clone of the ledger"));
		goto done;
	}
	if (wf_pending(h, root, &b, &n) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (n == 0)
		printf(_("No branch is waiting for approval.\n"));
	for (i = 0; i < n; i++) {
		printf(ngettext("%s\t%zu commit by %s", "%s\t%zu commits by %s", b[i].commits),
		       b[i].name, b[i].commits, b[i].author);
		if (b[i].behind)
			printf(_(" (behind main: its author runs plan sync first)"));
		putchar('\n');
	}
	if (n > 0)
		printf(_("See one with plan review BRANCH; approve it with plan approve BRANCH.\n"));
	rc = EXIT_OK;
done:
	wf_branches_free(b, n);
	history_free(h);
	free(root);
	free(prefix);
	return rc;
}

int
cmd_review(int argc, char **argv)
{
	static const cli_option opts[] = {
		{"format", 0, 1}, {"at", 0, 1}, {"pending", 0, 0}, {NULL, 0, 0}};
	history *h = NULL;
	char *range = NULL;
	int pending = 0;
	cli_format fmt = FMT_TEXT;
	date_days at = date_today();
	const char *val;
	int opt, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "review", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "review");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_MD | FMT_JSON, &fmt) != 0)
			goto done;
		if (opt == 1 && cli_parse_date(a.cmd, "--at", val, &at) != 0)
			goto done;
		if (opt == 2)
			pending = 1;
	}
	if (pending) {
		rc = a.npos == 0 ? list_pending() :
				   cli_usage_error(a.cmd, _("--pending lists every branch waiting; "
							    "it takes no range"));
		goto done;
	}
	if (a.npos > 1) {
		cli_usage_error(a.cmd, "give at most one range, such as main..handlaggare-1/april");
		goto done;
	}
	if (cli_open_history(&h, "review") != 0)
		goto done;
	/* The central repository's branches as they are now. */
	if (a.npos == 1 && strstr(a.pos[0], "origin/") != NULL && history_workdir(h) != NULL &&
	    wf_has_origin(history_workdir(h))) {
		const char *const fetch[] = {"git", "fetch", "-q", "origin", NULL};

		(void)proc_run(history_workdir(h), fetch, NULL, NULL, NULL);
	}
	/* A branch alone, such as origin/handlaggare-1/2020-03-12: what it brings over main. */
	if (a.npos == 1 && strstr(a.pos[0], "..") == NULL)
		range = xasprintf("main..%s", a.pos[0]);
	rc = run_review(h, range != NULL ? range : a.npos == 1 ? a.pos[0] : "main..HEAD", at, fmt);
done:
	free(range);
	history_free(h);
	cli_args_free(&a);
	return rc;
}
