/*
 * Checking every commit of a push. Record files are parsed once across all
 * the commits (a cache keyed by blob id), so a push of many commits costs
 * little more than one; a finding that stays in later commits is reported
 * once, at the first commit that has it.
 */
#include "audit/range.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "ledger/records.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hmap.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/*
 * A finding's identity across commits: its place, rule and words, without
 * the commit that prefixes its path. Kept in a set, so that a push whose
 * every commit has thousands of findings is judged in time linear in them.
 */
static int
first_report(hmap *seen, const diag *d)
{
	buf k = BUF_INIT;
	int fresh;

	buf_printf(&k, "%u:%u:%s:%s", d->line, d->col, d->rule, d->path);
	buf_putc(&k, '\0');
	buf_puts(&k, d->message);
	hmap_insert(seen, k.ptr, k.len, &fresh);
	buf_free(&k);
	return fresh;
}

/* Moves the findings of one commit to out, prefixed with the commit, unless reported already. */
static void
add_commit_findings(diag_list *out, hmap *seen, diag_list *found, const char *prefix)
{
	size_t i;

	for (i = 0; i < found->n; i++) {
		diag *d = &found->items[i];

		if (!first_report(seen, d))
			continue;
		diag_add(out, NULL, d->line, d->col, d->severity, d->rule, "%s", d->message);
		free(out->items[out->n - 1].path);
		out->items[out->n - 1].path = xasprintf("%s%s", prefix, d->path);
		diag_set_location(out, d->pointer, d->schema_loc);
	}
	diag_list_free(found);
}

/*
 * Events on the main branch may not be edited or deleted, judged against
 * every parent: a merge whose first parent predates an approved event and
 * whose tree leaves it out deletes it as surely as a plain commit does.
 */
static int
check_immutable(history *h, const hist_commit *c, const hist_oid *base_tree, const char *prefix,
		diag_list *out)
{
	hist_changes ch = HIST_CHANGES_INIT;
	size_t i, k, first = out->n;

	if (base_tree == NULL || c->nparents == 0)
		return 0;
	for (k = 0; k < c->nparents; k++) {
		hist_commit parent;

		if (history_commit(h, &c->parents[k], &parent) != 0)
			goto fail;
		if (history_tree_changes(h, &parent.tree, &c->tree, "records/events/", &ch) != 0) {
			hist_commit_free(&parent);
			goto fail;
		}
		hist_commit_free(&parent);
	}
	for (i = 0; i < ch.n; i++) {
		const hist_change *x = &ch.v[i];
		hist_oid in_base;
		unsigned mode;
		const char *name;
		char *path;
		size_t j;
		int r, seen = 0;

		if (x->kind == HIST_ADDED || records_kind_of(x->path) != REC_EVENT)
			continue;
		r = history_tree_file(h, base_tree, x->path, &in_base, &mode);
		if (r < 0)
			goto fail;
		/* Putting back the approved version is no edit. */
		if (r != 0 || (x->kind == HIST_MODIFIED && hist_oid_equal(&in_base, &x->new_oid)))
			continue;
		/* Against several parents, one event is named once. */
		path = xasprintf("%s%s", prefix, x->path);
		for (j = first; j < out->n && !seen; j++)
			seen = strcmp(out->items[j].path, path) == 0;
		if (seen) {
			free(path);
			continue;
		}
		name = strrchr(x->path, '/') + 1;
		diag_add(out, NULL, 0, 0, DIAG_ERROR, "immutable",
			 "this event is already approved on the main branch, so it may not be %s; "
			 "put the file back as main has it, and correct the event with: plan "
			 "correct %.*s (a new event that supersedes it, with the reason)",
			 x->kind == HIST_DELETED ? _("deleted") : _("edited"), (int)(strlen(name) - 5), name);
		free(out->items[out->n - 1].path);
		out->items[out->n - 1].path = path;
	}
	hist_changes_free(&ch);
	return 0;
fail:
	hist_changes_free(&ch);
	return -1;
}

/*
 * With signed changes asked for by the main branch's records, a commit that
 * changes records/ or schemas/ is signed by the key of its committer
 * (audit.h, rule 7). A push, a review and an approval judge it today.
 */
static int
check_proven(history *h, const hist_commit *c, const audit_rules *rules, const char *prefix,
	     diag_list *out)
{
	char *why = NULL;
	int r;

	if (rules == NULL)
		return 0;
	r = audit_commit_proven(h, c, rules, (int64_t)time(NULL), NULL, &why);
	if (r < 0)
		return -1;
	if (r > 0) {
		diag_add(out, NULL, 0, 0, DIAG_ERROR, "approval",
			 "this commit changes records/ or schemas/, and the ledger asks that every "
			 "such commit be signed by the key of the person whose address it carries "
			 "(records/plan.yaml, records/allowed_signers), but %s; sign your commits "
			 "(git config gpg.format ssh, user.signingkey YOUR-KEY, commit.gpgsign "
			 "true) and make them again (git rebase --exec 'git commit --amend "
			 "--no-edit -S' main)",
			 why);
		free(out->items[out->n - 1].path);
		out->items[out->n - 1].path = xasprintf("%.*s", (int)strlen(prefix) - 1, prefix);
	}
	free(why);
	return 0;
}

static int
check_commit(history *h, const hist_oid *id, const hist_oid *base_tree, const audit_rules *rules,
	     ledger_memo *memo, const char *cache_dir, diag_list *out, hmap *seen)
{
	diag_list found = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	hist_commit c;
	char hex[HIST_HEXSZ + 1], prefix[HIST_HEXSZ + 2];
	int rc = -1;

	if (history_commit(h, id, &c) != 0)
		return -1;
	snprintf(prefix, sizeof(prefix), "%.12s:", hist_oid_fmt(id, hex));
	/* Once the ledger has a main branch, every later commit descends from its beginning. */
	if (base_tree != NULL && c.nparents == 0) {
		diag_add(out, NULL, 0, 0, DIAG_ERROR, "immutable",
			 "this commit has no parent: it starts a new history beside the ledger's "
			 "own, where nothing approved on the main branch need be kept; make your "
			 "changes on a branch of the main branch instead");
		free(out->items[out->n - 1].path);
		out->items[out->n - 1].path = xasprintf("%.12s", hex);
	}
	memset(&co, 0, sizeof(co));
	co.today = date_from_time(c.committer.time, c.committer.offset);
	co.today_words = "the day it was committed";
	memset(&lo, 0, sizeof(lo));
	lo.memo = memo;
	lo.cache_dir = cache_dir;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	from.tree = c.tree;
	if (store_check(NULL, h, &from, &lo, &co, &found) != 0) {
		diag_list_free(&found);
		goto done;
	}
	add_commit_findings(out, seen, &found, prefix);
	rc = check_immutable(h, &c, base_tree, prefix, out);
	if (rc == 0)
		rc = check_proven(h, &c, rules, prefix, out);
done:
	hist_commit_free(&c);
	return rc;
}

static void
ref_finding(diag_list *out, const char *ref, const char *message)
{
	diag_add(out, ref, 0, 0, DIAG_ERROR, "immutable", "%s", message);
}

/*
 * A release tag's name: one word of letters, digits and . _ + -, that no
 * one could take for the main branch, HEAD or an abbreviated commit id.
 */
static int
plain_tag_name(const char *name)
{
	size_t n = strlen(name), hex = strspn(name, "0123456789abcdefABCDEF");

	return n > 0 && n <= 100 &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-") == n &&
	       strchr("._+-", name[0]) == NULL && strstr(name, "..") == NULL &&
	       (n < 5 || strcmp(name + n - 5, ".lock") != 0) && strcmp(name, "HEAD") != 0 &&
	       strcmp(name, "main") != 0 && !(hex == n && n >= 7);
}

static void
refused_ref(diag_list *out, const char *ref, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
refused_ref(diag_list *out, const char *ref, const char *fmt, ...)
{
	buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&m, _(fmt), ap);
	va_end(ap);
	diag_add_owned(out, ref, 0, 0, DIAG_ERROR, "approval", buf_detach(&m));
}

/* 1 when the repository has the ref PREFIX NAME ("refs/tags/" "main"), 0 when not, -1 on failure. */
static int
has_ref(history *h, const char *prefix, const char *name)
{
	hist_oid id;
	char *ref = xasprintf("%s%s", prefix, name);
	int r = history_ref(h, ref, &id);

	free(ref);
	return r < 0 ? -1 : r == 0;
}

/*
 * What a push may update besides branches: only plain release tags of
 * commits the main branch has, and no name that another ref's name could be
 * mistaken for (Git looks a name up as a tag before it looks for a branch,
 * so a tag "main" would stand in for the main branch in every clone).
 * Returns 0 when the ref's commits are to be checked, 1 when there is
 * nothing more to check (refused, or a tag of approved commits), -1 on
 * failure.
 */
static int
check_ref(history *h, const char *refname, const hist_oid *new, const char *main_ref,
	  diag_list *out)
{
	hist_oid main_tip;
	int r;

	if (strncmp(refname, "refs/heads/", 11) == 0) {
		const char *name = refname + 11;

		if (hist_oid_is_zero(new))
			return 0;
		if (strcmp(name, "HEAD") == 0 || strncmp(name, "refs/", 5) == 0) {
			refused_ref(out, refname,
				    "a branch may not be called '%s', which Git reads as another "
				    "name; push your work under another branch name, such as "
				    "<your person id>/<today's date>",
				    name);
			return 1;
		}
		if ((r = has_ref(h, "refs/tags/", name)) < 0)
			return -1;
		if (r == 1) {
			refused_ref(out, refname,
				    "the server has a tag called '%s', and a branch of the same name "
				    "would be hidden behind it in every clone; push your work under "
				    "another branch name",
				    name);
			return 1;
		}
		return 0;
	}
	if (hist_oid_is_zero(new))
		return 1; /* a tag or other ref deleted: nothing reaches anyone */
	if (strncmp(refname, "refs/tags/", 10) != 0) {
		refused_ref(out, refname,
			    "the server takes branches (refs/heads/...) and release tags "
			    "(refs/tags/...) only, and %s is neither: nothing else is checked, so "
			    "nothing else may be pushed; push your work as a branch (git push "
			    "origin HEAD:refs/heads/<your person id>/<today's date>)",
			    refname);
		return 1;
	}
	if (!plain_tag_name(refname + 10)) {
		refused_ref(out, refname,
			    "'%s' is no plain release tag name: a tag is one word of letters, "
			    "digits and . _ + - (such as v2019 or uppfoljning-2019), and not "
			    "'main', 'HEAD' or what looks like a commit id",
			    refname + 10);
		return 1;
	}
	if ((r = has_ref(h, "refs/heads/", refname + 10)) < 0)
		return -1;
	if (r == 1) {
		refused_ref(out, refname,
			    "there is a branch called '%s' on the server, and a tag of the same name "
			    "would stand in for it in every clone; choose another tag name",
			    refname + 10);
		return 1;
	}
	r = history_ref(h, main_ref, &main_tip);
	if (r == 0)
		r = history_is_ancestor(h, new, &main_tip) == 1 ? 2 : 0;
	if (r < 0)
		return -1;
	if (r != 2)
		refused_ref(out, refname,
			    "a release tag marks a state of the main branch, and the commit this tag "
			    "names is not on the main branch (on the server); push the branch, have "
			    "it approved into main, and tag a commit of main");
	return 1;
}

int
range_check(history *h, const hist_oid *old, const hist_oid *new, const range_options *o,
	    diag_list *out, size_t *ncommits)
{
	const char *main_ref = o->main_ref != NULL ? o->main_ref : "refs/heads/main";
	int to_main = o->refname != NULL && strcmp(o->refname, main_ref) == 0;
	hist_oid base, base_tree, id;
	int have_base = 0, have_rules = 0, r, rc = -1;
	audit_rules rules;
	history_walk *w = NULL;
	ledger_memo *cache = NULL;
	hmap seen = HMAP_INIT_COPY;

	*ncommits = 0;
	/* A push is judged by what is on the server; it starts with a main branch. */
	if (o->refname != NULL) {
		r = history_ref(h, main_ref, &base);
		if (r < 0)
			return -1;
		if (r > 0) {
			ref_finding(out, o->refname,
				    "the server has no main branch yet, so nothing on it says who the "
				    "people are and which keys are theirs, and a push would decide it; a "
				    "central ledger starts from the first commit of a ledger made by the "
				    "person setting it up: plan init --bare DIR --from LEDGER");
			return 0;
		}
		r = check_ref(h, o->refname, new, main_ref, out);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	if (hist_oid_is_zero(new)) {
		if (to_main)
			ref_finding(out, main_ref,
				    "the main branch holds the approved ledger and may not be deleted");
		return 0;
	}
	if (to_main && !hist_oid_is_zero(old)) {
		r = history_is_ancestor(h, old, new);
		if (r < 0)
			return -1;
		if (r == 0) {
			ref_finding(out, main_ref,
				    "this push would rewrite the main branch's approved history (a "
				    "force push); fetch, merge or rebase onto the main branch, and "
				    "push again");
			return 0;
		}
		/* The approved past stays on main's own line, the one plan audit walks. */
		r = history_on_first_parent_line(h, old, new);
		if (r < 0)
			return -1;
		if (r == 0) {
			ref_finding(out, main_ref,
				    "this push would move the main branch's approved history aside: "
				    "the main branch as the server has it must stay the first parent "
				    "line of what is pushed, and it is no longer its first parent "
				    "line here (this happens when the server's main is merged into "
				    "yours, e.g. by git pull after plan approve); put your main back "
				    "to the server's (git fetch, then git reset --hard origin/main; "
				    "branches keep their commits) and approve again");
			return 0;
		}
	}
	/* The approved events: the main branch as it was before this push. */
	if (to_main && !hist_oid_is_zero(old)) {
		base = *old;
		have_base = 1;
	} else if (!to_main) {
		r = history_ref(h, main_ref, &base);
		if (r < 0)
			return -1;
		have_base = r == 0;
	}
	if (have_base) {
		hist_commit bc;

		if (history_commit(h, &base, &bc) != 0)
			return -1;
		base_tree = bc.tree;
		hist_commit_free(&bc);
		/* A push to main is audited below, which proves its commits' signatures. */
		if (!to_main && audit_rules_load(h, &base_tree, &rules) != 0)
			return -1;
		have_rules = !to_main;
	}
	if (history_walk_new(&w, h, new, hist_oid_is_zero(old) ? NULL : old, HIST_WALK_REVERSE) != 0)
		goto done;
	if (hist_oid_is_zero(old) && history_walk_hide_refs(w) != 0)
		goto done;
	cache = ledger_memo_new();
	while ((r = history_walk_next(w, &id)) == 0) {
		(*ncommits)++;
		if (check_commit(h, &id, have_base ? &base_tree : NULL, have_rules ? &rules : NULL,
				 cache, o->cache_dir, out, &seen) != 0)
			goto done;
	}
	if (r < 0)
		goto done;
	/* What reaches main must also be approved. */
	if (to_main) {
		audit_counts counts;
		audit_options ao;

		/* A push is judged today: a key that has expired approves nothing new. */
		memset(&ao, 0, sizeof(ao));
		ao.signatures_now = 1;
		if (audit_run(h, hist_oid_is_zero(old) ? NULL : old, new, &ao, out, &counts) != 0)
			goto done;
	}
	rc = 0;
done:
	if (have_rules)
		audit_rules_free(&rules);
	ledger_memo_free(cache);
	hmap_free(&seen);
	history_walk_free(w);
	return rc;
}
