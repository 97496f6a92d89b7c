/*
 * The office's workflow without Git knowledge: the people of a new ledger,
 * submit, sync and the branches waiting for review. Git's own commands do
 * the writes (so that its hooks, configuration and signing apply); this
 * file decides which, and prints nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/range.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "workflow.h"
#include "yaml/ytree.h"

/* Runs git in root; its output into out (may be NULL). On failure sets the error to git's words. */
static int
git(const char *root, const char *const argv[], buf *out)
{
	buf err = BUF_INIT, o = BUF_INIT;
	int rc = proc_run(root, argv, NULL, out != NULL ? out : &o, &err);

	if (rc != 0) {
		size_t n = err.len;

		while (n > 0 && (err.ptr[n - 1] == '\n' || err.ptr[n - 1] == ' '))
			n--;
		error_set(_("git %s failed: %.*s"), argv[1], (int)n,
			  n > 0 ? err.ptr : _("no reason given"));
	}
	buf_free(&err);
	buf_free(&o);
	return rc == 0 ? 0 : -1;
}

/* The first line of git's output, without the line break. */
static char *
git_line(const char *root, const char *const argv[])
{
	buf out = BUF_INIT;
	char *s;

	if (git(root, argv, &out) != 0) {
		buf_free(&out);
		return NULL;
	}
	s = xstrndup(out.ptr != NULL ? out.ptr : "", strcspn(buf_cstr(&out), "\n"));
	buf_free(&out);
	return s;
}

static int
ref_exists(const char *root, const char *ref)
{
	const char *const argv[] = {"git", "rev-parse", "-q", "--verify", ref, NULL};
	buf out = BUF_INIT;
	int rc = proc_run(root, argv, NULL, &out, NULL);

	buf_free(&out);
	return rc == 0;
}

/* How many commits a..b holds; -1 on failure. */
static long
count_range(const char *root, const char *a, const char *b)
{
	char *range = xasprintf("%s..%s", a, b), *line;
	const char *const argv[] = {"git", "rev-list", "--count", range, NULL};
	long n = -1;

	line = git_line(root, argv);
	if (line != NULL)
		n = strtol(line, NULL, 10);
	free(line);
	free(range);
	return n;
}

/* ------------------------------------------------------------------ people */

void
wf_person_free(wf_person *p)
{
	free(p->id);
	free(p->name);
	free(p->email);
	free(p->key);
	memset(p, 0, sizeof(*p));
}

/* The key as allowed_signers takes it: "TYPE BASE64", from the text or from a .pub file. */
static char *
read_key(const char *v)
{
	buf text = BUF_INIT;
	char *key = NULL;
	const char *s = v;
	int too_big;
	size_t a, b;

	if (strncmp(v, "ssh-", 4) != 0 && strncmp(v, "ecdsa-", 6) != 0 &&
	    strncmp(v, "sk-", 3) != 0) {
		if (fsutil_read_file(v, 65536, &text, &too_big) != 0) {
			error_set(_("cannot read the public key %s (key= takes the path of a .pub "
				    "file, such as ~/.ssh/id_ed25519.pub, or the key itself)"),
				  v);
			return NULL;
		}
		s = buf_cstr(&text);
	}
	a = strcspn(s, " \t\n");
	b = a < strlen(s) ? strcspn(s + a + 1, " \t\n") : 0;
	if (a == 0 || b == 0 ||
	    (strncmp(s, "ssh-", 4) != 0 && strncmp(s, "ecdsa-", 6) != 0 && strncmp(s, "sk-", 3) != 0))
		error_set(_("%s is no SSH public key (it starts with its type, such as ssh-ed25519, "
			    "then the key)"),
			  v);
	else
		key = xstrndup(s, a + 1 + b);
	buf_free(&text);
	return key;
}

int
wf_person_parse(const char *spec, wf_person *out)
{
	char *copy = xstrdup(spec), *save = NULL, *part;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	for (part = strtok_r(copy, ",", &save); part != NULL; part = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(part, '='), *k, *v;

		while (*part == ' ')
			part++;
		if (eq == NULL) {
			error_set(_("'%s' in --person '%s' has no '=': write each part as key=value, "
				    "such as id=handlaggare-1,name=Handläggare Ett,"
				    "email=handlaggare-1@example.org,roles=staff+reviewer"),
				  part, spec);
			goto done;
		}
		*eq = '\0';
		k = part;
		v = eq + 1;
		if (strcmp(k, "id") == 0)
			out->id = xstrdup(v);
		else if (strcmp(k, "name") == 0)
			out->name = xstrdup(v);
		else if (strcmp(k, "email") == 0)
			out->email = xstrdup(v);
		else if (strcmp(k, "key") == 0) {
			if ((out->key = read_key(v)) == NULL)
				goto done;
		} else if (strcmp(k, "roles") == 0) {
			char *save2 = NULL, *r;

			for (r = strtok_r(v, "+ ", &save2); r != NULL; r = strtok_r(NULL, "+ ", &save2)) {
				if (strcmp(r, "staff") == 0)
					out->roles |= ROLE_STAFF;
				else if (strcmp(r, "reviewer") == 0)
					out->roles |= ROLE_REVIEWER;
				else if (strcmp(r, "auditor") == 0)
					out->roles |= ROLE_AUDITOR;
				else {
					error_set(_("'%s' is no role; the roles are staff, reviewer and "
						    "auditor, joined by '+' (roles=staff+reviewer)"),
						  r);
					goto done;
				}
			}
		} else {
			error_set(_("--person takes id, name, email, roles and key, not '%s'"), k);
			goto done;
		}
	}
	if (out->id == NULL || out->name == NULL || out->email == NULL || out->roles == 0) {
		error_set(_("--person '%s' needs id, name, email and roles, such as "
			    "--person 'id=handlaggare-1,name=Handläggare Ett,"
			    "email=handlaggare-1@example.org,roles=staff+reviewer'"),
			  spec);
		goto done;
	}
	if (strspn(out->id, "abcdefghijklmnopqrstuvwxyz0123456789.-_") != strlen(out->id) ||
	    out->id[0] == '\0') {
		error_set(_("the id '%s' may hold only small letters a-z, digits, '.', '-' and "
			    "'_' (it names the person's branches), such as handlaggare-1"),
			  out->id);
		goto done;
	}
	if (strchr(out->email, '@') == NULL || strpbrk(out->email, " \t\"") != NULL) {
		error_set(_("'%s' is no e-mail address"), out->email);
		goto done;
	}
	if (strpbrk(out->name, "\"\\\n") != NULL) {
		error_set(_("the name '%s' may not hold quotes or backslashes"), out->name);
		goto done;
	}
	rc = 0;
done:
	free(copy);
	if (rc != 0)
		wf_person_free(out);
	return rc;
}

int
wf_people_check(const wf_person *p, size_t n, int sign)
{
	size_t i, j, reviewers = 0, keyed = 0;

	if (n == 0)
		return error_set(_("name the ledger's people: --person 'id=...,name=...,email=...,"
				   "roles=staff+reviewer' for each"));
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(p[i].id, p[j].id) == 0)
				return error_set(_("two people have the id %s; give each their own"),
						 p[i].id);
			if (strcasecmp(p[i].email, p[j].email) == 0)
				return error_set(_("%s and %s have the same e-mail address %s; give "
						   "each their own"),
						 p[j].id, p[i].id, p[i].email);
		}
		if (p[i].roles & ROLE_REVIEWER) {
			reviewers++;
			if (p[i].key != NULL)
				keyed++;
		}
		if (sign && p[i].key == NULL && (p[i].roles & ROLE_REVIEWER))
			return error_set(_("the ledger asks for signed changes, so every reviewer "
					   "needs a public key: add key=~/.ssh/id_ed25519.pub (their "
					   "file) to --person of %s, or make the ledger with --unsigned"),
					 p[i].id);
	}
	if (sign && reviewers < 2)
		return error_set(_("the ledger asks for signed approvals, and nobody may approve "
				   "their own change, so it needs at least two reviewers, each with "
				   "a key: give a second person roles=staff+reviewer"));
	if (reviewers == 0)
		return error_set(_("nobody could approve a change: give at least one person the "
				   "reviewer role (roles=staff+reviewer), better two"));
	(void)keyed;
	return 0;
}

int
wf_people_write(const char *dir, const wf_person *p, size_t n, int sign)
{
	buf y = BUF_INIT, k = BUF_INIT;
	char *path;
	size_t i;
	int rc;

	buf_puts(&y, "# yaml-language-server: $schema=../schemas/people.schema.yaml\npeople:\n");
	for (i = 0; i < n; i++) {
		const char *sep = "";

		buf_printf(&y, "  - id: %s\n    name: \"%s\"\n    email: \"%s\"\n    fte: 1.0\n    roles: [",
			   p[i].id, p[i].name, p[i].email);
		if (p[i].roles & ROLE_STAFF) {
			buf_printf(&y, "%sstaff", sep);
			sep = ", ";
		}
		if (p[i].roles & ROLE_REVIEWER) {
			buf_printf(&y, "%sreviewer", sep);
			sep = ", ";
		}
		if (p[i].roles & ROLE_AUDITOR)
			buf_printf(&y, "%sauditor", sep);
		buf_puts(&y, "]\n");
		if (p[i].key != NULL)
			buf_printf(&k, "%s namespaces=\"git\" %s\n", p[i].email, p[i].key);
	}
	path = xasprintf("%s/records/people.yaml", dir);
	rc = fsutil_write_atomic(path, y.ptr, y.len, 0, NULL);
	free(path);
	if (rc == 0 && sign && k.len > 0) {
		buf old = BUF_INIT;
		int too_big;

		path = xasprintf("%s/records/allowed_signers", dir);
		if (fsutil_read_file(path, 1 << 20, &old, &too_big) == 0)
			buf_puts(&old, "");
		buf_put(&old, k.ptr, k.len);
		rc = fsutil_write_atomic(path, old.ptr, old.len, 0, NULL);
		buf_free(&old);
		free(path);
	}
	buf_free(&y);
	buf_free(&k);
	return rc;
}

int
wf_load_people(history *h, const char *rev, ledger **out)
{
	static const struct {
		const char *path;
		rec_kind kind;
	} files[] = {{"records/people.yaml", REC_PEOPLE}, {"records/plan.yaml", REC_PLAN}};
	buf data = BUF_INIT;
	hist_oid id;
	hist_commit c;
	size_t i;

	*out = NULL;
	if (history_resolve(h, rev, &id) != 0 || history_commit(h, &id, &c) != 0)
		return -1;
	*out = ledger_new();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		diag_list ignored = DIAG_LIST_INIT;
		ytree_doc *doc = NULL;
		hist_oid oid;
		unsigned mode;
		int too_big, r = history_tree_file(h, &c.tree, files[i].path, &oid, &mode);

		if (r < 0 || (r == 0 && history_read_blob(h, &oid, 1 << 20, &data, &too_big) != 0)) {
			buf_free(&data);
			hist_commit_free(&c);
			return -1;
		}
		if (r == 0 && !too_big &&
		    ytree_parse(&doc, files[i].path, data.ptr, data.len, YTREE_RECORD, NULL,
				&ignored) == YTREE_OK)
			ledger_add(*out, files[i].kind, files[i].path, doc->root, 1, NULL);
		ytree_doc_free(doc);
		diag_list_free(&ignored);
	}
	hist_commit_free(&c);
	buf_free(&data);
	return 0;
}

int
wf_has_origin(const char *root)
{
	const char *const argv[] = {"git", "remote", "get-url", "origin", NULL};
	buf out = BUF_INIT;
	int rc = proc_run(root, argv, NULL, &out, NULL);

	buf_free(&out);
	return rc == 0;
}

/* The person the configured e-mail address names in the people of rev. */
static int
whoami(history *h, const char *rev, char **id, ledger **people)
{
	char *email = NULL;
	const rec_person *me;

	*id = NULL;
	if (wf_load_people(h, rev, people) != 0)
		return -1;
	if (history_config(h, "user.email", &email) != 0)
		return error_set(_("Git does not know who you are; set your e-mail address as "
				   "records/people.yaml has it: git config user.email "
				   "you@example.org"));
	me = ledger_person_by_email(*people, email);
	if (me == NULL) {
		error_set(_("you (%s, git config user.email) are not in records/people.yaml; "
			    "set git config user.email to your address there, or ask a colleague "
			    "listed there to add you (they edit records/people.yaml and run plan "
			    "submit; after a reviewer approves it, run plan sync)"),
			  email);
		free(email);
		return -1;
	}
	free(email);
	*id = xstrdup(me->id);
	return 0;
}

/* The reviewers other than id, "a (Name), b (Name)". */
static void
other_reviewers(const ledger *people, const char *id, buf *out)
{
	size_t i;

	for (i = 0; i < people->npeople; i++) {
		const rec_person *p = &people->people[i];

		if (!(p->roles & ROLE_REVIEWER) || strcmp(p->id, id) == 0)
			continue;
		buf_printf(out, "%s%s (%s)", out->len > 0 ? ", " : "", p->id, p->name);
	}
}

/* ------------------------------------------------------------------ submit */

void
wf_submit_result_free(wf_submit_result *r)
{
	free(r->branch);
	free(r->person);
	diag_list_free(&r->findings);
	buf_free(&r->reviewers);
	buf_free(&r->files);
	memset(r, 0, sizeof(*r));
}

static int
reopen(history **h, const char *root)
{
	history_free(*h);
	*h = NULL;
	return history_open(h, root);
}

int
wf_submit(history **h, const char *root, const char *today, const char *message,
	  wf_submit_result *r)
{
	const char *const fetch[] = {"git", "fetch", "-q", "origin", NULL};
	const char *const head_argv[] = {"git", "symbolic-ref", "-q", "--short", "HEAD", NULL};
	ledger *people = NULL;
	char *head = NULL, *prefix = NULL;
	long n;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (!wf_has_origin(root))
		return error_set(_("this clone has no central repository to send to; make your "
				   "clone with plan join URL"));
	if (git(root, fetch, NULL) != 0)
		return -1;
	if (!ref_exists(root, "refs/remotes/origin/main"))
		return error_set(_("the central repository has no main branch yet; whoever set it "
				   "up makes it with plan init --bare DIR --from LEDGER"));
	if (whoami(*h, "refs/remotes/origin/main", &r->person, &people) != 0)
		goto done;
	other_reviewers(people, r->person, &r->reviewers);
	head = git_line(root, head_argv);
	if (head == NULL) {
		error_set(_("you are on no branch (a detached HEAD); go back to the main branch "
			    "with git switch main, then plan submit"));
		goto done;
	}
	prefix = xasprintf("%s/", r->person);
	if (strncmp(head, prefix, strlen(prefix)) == 0) {
		r->branch = xstrdup(head);
	} else {
		int k;

		if (strcmp(head, "main") != 0) {
			error_set(_("you are on the branch %s, and plan submit sends your own "
				    "branches, named %s...; go back to the main branch with git switch "
				    "main, then plan submit"),
				  head, prefix);
			goto done;
		}
		for (k = 1; k < 100; k++) {
			char *ref;

			free(r->branch);
			r->branch = k == 1 ? xasprintf("%s%s", prefix, today) :
					     xasprintf("%s%s-%d", prefix, today, k);
			ref = xasprintf("refs/heads/%s", r->branch);
			if (!ref_exists(root, ref)) {
				char *rref = xasprintf("refs/remotes/origin/%s", r->branch);
				int taken = ref_exists(root, rref);

				free(rref);
				free(ref);
				if (!taken)
					break;
				continue;
			}
			free(ref);
		}
		n = count_range(root, "refs/remotes/origin/main", "refs/heads/main");
		if (n < 0)
			goto done;
		r->moved = (size_t)n;
		{
			/* The branch takes main's commits; then main is the central one again. */
			const char *const sw[] = {"git", "switch", "-q", "-c", r->branch, NULL};
			const char *const reset[] = {"git", "branch", "-f", "main", "origin/main", NULL};

			if (git(root, sw, NULL) != 0)
				goto done;
			if (n > 0 && git(root, reset, NULL) != 0)
				goto done;
		}
	}
	{
		const char *const add[] = {"git", "add", "-A", "--", "records", NULL};
		const char *const staged[] = {"git", "diff", "--cached", "--name-only", NULL};
		buf names = BUF_INIT;

		if (git(root, add, NULL) != 0 || git(root, staged, &names) != 0) {
			buf_free(&names);
			goto done;
		}
		if (names.len > 0) {
			char *msg;
			const char *p;

			for (p = names.ptr; *p != '\0'; p = strchr(p, '\n') + 1) {
				r->committed++;
				if (strchr(p, '\n') == NULL)
					break;
			}
			msg = message != NULL ? xstrdup(message) :
						xasprintf(r->committed == 1 ? "Record %zu change of %s" :
									      "Record %zu changes of %s",
							  r->committed, today);
			{
				const char *const commit[] = {"git", "commit", "-q", "-m", msg, NULL};

				if (git(root, commit, NULL) != 0) {
					free(msg);
					buf_free(&names);
					goto done;
				}
			}
			free(msg);
		}
		buf_free(&names);
	}
	/* A branch that lacks the latest main could not be approved: replay it on it. */
	n = count_range(root, "HEAD", "refs/remotes/origin/main");
	if (n < 0)
		goto done;
	if (n > 0) {
		const char *const rebase[] = {"git", "rebase", "-q", "origin/main", NULL};
		const char *const abort_[] = {"git", "rebase", "--abort", NULL};

		if (git(root, rebase, NULL) != 0) {
			(void)git(root, abort_, NULL);
			error_set(_("your changes and what was approved since change the same lines, "
				    "so they cannot be put on the latest main; nothing was sent"));
			goto done;
		}
	}
	n = count_range(root, "refs/remotes/origin/main", "HEAD");
	if (n < 0)
		goto done;
	r->commits = (size_t)n;
	if (n == 0) {
		rc = 0;
		goto done;
	}
	{
		char *range = xasprintf("origin/main...%s", r->branch);
		const char *const diff[] = {"git", "diff", "--name-status", range, "--", "records", NULL};
		int d = git(root, diff, &r->files);

		free(range);
		if (d != 0)
			goto done;
	}
	if (reopen(h, root) != 0)
		goto done;
	{
		hist_oid base, tip;
		range_options ro;
		size_t ncommits;

		memset(&ro, 0, sizeof(ro));
		ro.main_ref = "refs/remotes/origin/main";
		if (history_ref(*h, "refs/remotes/origin/main", &base) != 0 ||
		    history_resolve(*h, "HEAD", &tip) != 0 ||
		    range_check(*h, &base, &tip, &ro, &r->findings, &ncommits) != 0)
			goto done;
	}
	if (diag_errors(&r->findings) > 0) {
		rc = 0;
		goto done;
	}
	{
		char *spec = xasprintf("+HEAD:refs/heads/%s", r->branch);
		char *up = xasprintf("branch.%s.remote", r->branch);
		const char *const push[] = {"git", "push", "-q", "origin", spec, NULL};
		const char *const track[] = {"git", "config", up, "origin", NULL};
		int p = git(root, push, NULL);

		if (p == 0)
			(void)git(root, track, NULL);
		free(spec);
		free(up);
		if (p != 0)
			goto done;
	}
	r->pushed = 1;
	rc = 0;
done:
	ledger_free(people);
	free(head);
	free(prefix);
	return rc;
}

/* ----------------------------------------------------------------- pending */

void
wf_branches_free(wf_branch *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(b[i].name);
		free(b[i].author);
	}
	free(b);
}

int
wf_pending(history *h, const char *root, wf_branch **out, size_t *n)
{
	const char *const fetch[] = {"git", "fetch", "-q", "--prune", "origin", NULL};
	const char *const refs[] = {"git", "for-each-ref",
				    "--format=%(refname:short)\t%(authoremail:trim)",
				    "refs/remotes/origin/", NULL};
	buf list = BUF_INIT;
	const char *p;
	size_t cap = 0;

	(void)h;
	*out = NULL;
	*n = 0;
	if (!wf_has_origin(root))
		return error_set(_("this clone has no central repository; make your clone with "
				   "plan join URL"));
	if (git(root, fetch, NULL) != 0 || git(root, refs, &list) != 0) {
		buf_free(&list);
		return -1;
	}
	for (p = buf_cstr(&list); *p != '\0';) {
		const char *nl = strchr(p, '\n'), *tab = strchr(p, '\t');
		char *name;
		long ahead, behind;

		if (nl == NULL)
			nl = p + strlen(p);
		if (tab == NULL || tab > nl)
			tab = nl;
		name = xstrndup(p, (size_t)(tab - p));
		if (strcmp(name, "origin/main") != 0 && strcmp(name, "origin/HEAD") != 0 &&
		    strcmp(name, "origin") != 0 &&
		    (ahead = count_range(root, "refs/remotes/origin/main", name)) > 0) {
			behind = count_range(root, name, "refs/remotes/origin/main");
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*out = xrealloc(*out, cap * sizeof(**out));
			}
			(*out)[*n].name = name;
			(*out)[*n].author = xstrndup(tab < nl ? tab + 1 : "", tab < nl ? (size_t)(nl - tab - 1) : 0);
			(*out)[*n].commits = (size_t)ahead;
			(*out)[*n].behind = behind > 0;
			(*n)++;
			name = NULL;
		}
		free(name);
		p = *nl != '\0' ? nl + 1 : nl;
	}
	buf_free(&list);
	return 0;
}

/* -------------------------------------------------------------------- sync */

void
wf_sync_result_free(wf_sync_result *r)
{
	buf_free(&r->approved);
	buf_free(&r->updated);
	buf_free(&r->conflicts);
	buf_free(&r->done);
	memset(r, 0, sizeof(*r));
}

int
wf_sync(history **h, const char *root, wf_sync_result *r)
{
	const char *const fetch[] = {"git", "fetch", "-q", "--prune", "origin", NULL};
	const char *const head_argv[] = {"git", "symbolic-ref", "-q", "--short", "HEAD", NULL};
	const char *const last_argv[] = {"git", "config", "--get", "plan.syncedMain", NULL};
	const char *const dirty_argv[] = {"git", "status", "--porcelain", "--untracked-files=no", NULL};
	ledger *people = NULL;
	char *id = NULL, *head = NULL, *last = NULL, *pattern = NULL, *tip = NULL;
	buf branches = BUF_INIT, dirty = BUF_INIT;
	const char *p;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (!wf_has_origin(root))
		return error_set(_("this clone has no central repository; make your clone with "
				   "plan join URL"));
	last = git_line(root, last_argv);
	if (last == NULL) {
		const char *const old[] = {"git", "rev-parse", "-q", "--verify",
					   "refs/remotes/origin/main", NULL};

		last = git_line(root, old);
	}
	if (git(root, fetch, NULL) != 0)
		goto done;
	if (reopen(h, root) != 0)
		goto done;
	if (whoami(*h, "refs/remotes/origin/main", &id, &people) != 0)
		goto done;
	head = git_line(root, head_argv);
	if (git(root, dirty_argv, &dirty) != 0)
		goto done;
	if (dirty.len > 0) {
		error_set(_("files the ledger already had are changed here and not sent; send "
			    "them with plan submit first, then plan sync"));
		goto done;
	}
	/* main: forward to the central one; commits of its own stay for plan submit. */
	if (count_range(root, "refs/remotes/origin/main", "refs/heads/main") > 0) {
		buf_puts(&r->conflicts, _("main has commits that are not sent yet: send them "
					  "with plan submit\n"));
	} else if (count_range(root, "refs/heads/main", "refs/remotes/origin/main") > 0) {
		if (head != NULL && strcmp(head, "main") == 0) {
			const char *const ff[] = {"git", "merge", "-q", "--ff-only", "origin/main", NULL};

			if (git(root, ff, NULL) != 0)
				goto done;
		} else {
			const char *const mv[] = {"git", "branch", "-f", "main", "origin/main", NULL};

			if (git(root, mv, NULL) != 0)
				goto done;
		}
		r->main_moved = 1;
	}
	pattern = xasprintf("refs/heads/%s/", id);
	{
		const char *const refs[] = {"git", "for-each-ref", "--format=%(refname:short)",
					    pattern, NULL};

		if (git(root, refs, &branches) != 0)
			goto done;
	}
	for (p = buf_cstr(&branches); *p != '\0';) {
		const char *nl = strchr(p, '\n');
		char *name = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		char *remote = xasprintf("refs/remotes/origin/%s", name);

		p = nl != NULL ? nl + 1 : p + strlen(p);
		if (count_range(root, "refs/remotes/origin/main", name) == 0) {
			/* Approved: everything on it is in main. */
			const char *const del[] = {"git", "branch", "-q", "-D", name, NULL};

			if (head != NULL && strcmp(head, name) == 0) {
				const char *const sw[] = {"git", "switch", "-q", "main", NULL};

				if (git(root, sw, NULL) == 0) {
					free(head);
					head = xstrdup("main");
				}
			}
			if (head == NULL || strcmp(head, name) != 0)
				(void)git(root, del, NULL);
			buf_printf(&r->done, "%s\n", name);
		} else if (count_range(root, name, "refs/remotes/origin/main") > 0) {
			const char *const rebase[] = {"git", "rebase", "-q", "origin/main", name, NULL};
			const char *const abort_[] = {"git", "rebase", "--abort", NULL};

			if (git(root, rebase, NULL) != 0) {
				(void)git(root, abort_, NULL);
				buf_printf(&r->conflicts,
					   _("%s changes the same lines as what was approved since; "
					     "it stays as it was\n"),
					   name);
			} else {
				int on_server = ref_exists(root, remote);

				if (on_server) {
					char *spec = xasprintf("+refs/heads/%s:refs/heads/%s", name, name);
					const char *const push[] = {"git", "push", "-q", "origin", spec, NULL};

					if (git(root, push, NULL) != 0)
						buf_printf(&r->conflicts, "%s: %s\n", name, error_last());
					free(spec);
				}
				buf_printf(&r->updated, "%s\n", name);
			}
		}
		free(remote);
		free(name);
	}
	/* Back where the person was. */
	if (head != NULL) {
		char *ref = xasprintf("refs/heads/%s", head);

		if (ref_exists(root, ref)) {
			const char *const sw[] = {"git", "switch", "-q", head, NULL};

			(void)git(root, sw, NULL);
		} else {
			const char *const sw[] = {"git", "switch", "-q", "main", NULL};

			(void)git(root, sw, NULL);
		}
		free(ref);
	}
	{
		const char *const now[] = {"git", "rev-parse", "refs/remotes/origin/main", NULL};

		tip = git_line(root, now);
	}
	if (tip == NULL)
		goto done;
	if (last != NULL && strcmp(last, tip) != 0) {
		char *range = xasprintf("%s..%s", last, tip);
		const char *const log[] = {
			"git", "log", "--first-parent", "--reverse",
			"--format=%s%x09%(trailers:key=Approved-by,valueonly,separator=%x2C )",
			range, NULL};

		(void)git(root, log, &r->approved);
		free(range);
	}
	{
		const char *const save[] = {"git", "config", "plan.syncedMain", tip, NULL};

		(void)git(root, save, NULL);
	}
	rc = reopen(h, root);
done:
	ledger_free(people);
	free(id);
	free(head);
	free(last);
	free(pattern);
	free(tip);
	buf_free(&branches);
	buf_free(&dirty);
	return rc;
}

/* ------------------------------------------------------------ who pushes */

int
wf_may_push(history *h, const char *login, const char *ref)
{
	ledger *people = NULL;
	const rec_person *me = NULL;
	size_t i, n = strlen(login);
	int rc;

	if (wf_load_people(h, "refs/heads/main", &people) != 0)
		return -1;
	for (i = 0; i < people->npeople; i++)
		if (people->people[i].id != NULL && strcmp(people->people[i].id, login) == 0)
			me = &people->people[i];
	if (me == NULL) {
		error_set(_("you logged in as %s, and records/people.yaml on the main branch has "
			    "nobody with that id; the web server's login is your id there"),
			  login);
		rc = 0;
	} else if (strncmp(ref, "refs/heads/", 11) == 0 && strncmp(ref + 11, login, n) == 0 &&
		   ref[11 + n] == '/') {
		rc = 1;
	} else if (strcmp(ref, "refs/heads/main") == 0 || strncmp(ref, "refs/tags/", 10) == 0) {
		rc = (me->roles & ROLE_REVIEWER) != 0;
		if (!rc)
			error_set(_("%s has no reviewer role, so may not change %s: only a reviewer "
				    "approves into main (send your changes with plan submit)"),
				  login, ref + (strncmp(ref, "refs/heads/", 11) == 0 ? 11 : 5));
	} else {
		error_set(_("%s may push only their own branches, named %s/...; plan submit "
			    "names them so"),
			  login, login);
		rc = 0;
	}
	ledger_free(people);
	return rc;
}
