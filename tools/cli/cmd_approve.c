/*
 * plan approve BRANCH: a reviewer, on the main branch, approves a branch by
 * a merge commit whose tree is the branch's, with an Approved-by trailer,
 * signed when the ledger asks for signed approvals. Refuses when the branch
 * does not pass the checks of a push, when the configured user is no
 * reviewer in main's records, or when the reviewer made any of its commits.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/check.h"
#include "cli.h"
#include "audit/approval.h"
#include "audit/audit.h"
#include "audit/range.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "util/i18n.h"
#include "workflow.h"

/* The message: what is approved, one line per event added, and the trailer. */
static int
compose_message(history *h, const hist_oid *main_tip, const hist_oid *branch,
		const char *branch_name, const rec_person *me, buf *msg)
{
	hist_changes ch = HIST_CHANGES_INIT;
	hist_commit m, b;
	buf lines = BUF_INIT;
	size_t i, events = 0, other = 0;

	if (history_commit(h, main_tip, &m) != 0)
		return -1;
	if (history_commit(h, branch, &b) != 0) {
		hist_commit_free(&m);
		return -1;
	}
	if (history_tree_changes(h, &m.tree, &b.tree, "records/", &ch) != 0) {
		hist_commit_free(&m);
		hist_commit_free(&b);
		return -1;
	}
	for (i = 0; i < ch.n; i++) {
		const char *base = strrchr(ch.v[i].path, '/') + 1;

		if (ch.v[i].kind == HIST_ADDED && records_kind_of(ch.v[i].path) == REC_EVENT) {
			events++;
			buf_printf(&lines, "%.*s\n", (int)(strlen(base) - 5), base);
		} else {
			other++;
			buf_printf(&lines, "%s %s\n",
				   ch.v[i].kind == HIST_ADDED	? "added" :
				   ch.v[i].kind == HIST_DELETED ? "deleted" :
								  "changed",
				   ch.v[i].path);
		}
	}
	buf_printf(msg, "Approve %s: %zu event%s", branch_name, events, events == 1 ? "" : "s");
	if (other > 0)
		buf_printf(msg, ", %zu other change%s", other, other == 1 ? "" : "s");
	buf_printf(msg, "\n\n%s\nApproved-by: %s <%s>\n", buf_cstr(&lines), me->id, me->email);
	buf_free(&lines);
	hist_changes_free(&ch);
	hist_commit_free(&m);
	hist_commit_free(&b);
	return 0;
}

/* Whether tracked files have changes that are not committed. */
static int
worktree_dirty(const char *root)
{
	const char *const argv[] = {"git", "status", "--porcelain", "--untracked-files=no", NULL};
	buf out = BUF_INIT;
	int rc = proc_run(root, argv, NULL, &out, NULL);
	int dirty = rc != 0 || out.len > 0;

	buf_free(&out);
	return dirty;
}

static int
approve(history *h, const char *root, const char *branch_name, int dry_run, int push)
{
	diag_list findings = DIAG_LIST_INIT;
	audit_rules rules = {NULL, 0, {{0}}};
	ledger *people;
	char *head = NULL, *email = NULL, *msg_path = NULL;
	const rec_person *me;
	hist_oid *brought = NULL;
	approval_tally t = {0, 0, 0, 0, 0, NULL};
	hist_oid main_tip, branch, merge;
	hist_commit mc;
	buf msg = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	range_options ro;
	size_t ncommits, nbrought;
	int r, rc = EXIT_TROUBLE, have_mc = 0;

	if (history_head(h, &head, &main_tip) == 0 && head != NULL &&
	    strcmp(head, "refs/heads/main") != 0 && !worktree_dirty(root)) {
		/* From one's own branch, with nothing left uncommitted: main is a switch away. */
		const char *const sw[] = {"git", "switch", "-q", "main", NULL};

		if (proc_run(root, sw, NULL, NULL, NULL) == 0) {
			free(head);
			head = NULL;
		}
	}
	free(head);
	head = NULL;
	if (history_head(h, &head, &main_tip) != 0 || head == NULL ||
	    strcmp(head, "refs/heads/main") != 0) {
		cli_error(_("plan approve runs on the main branch, and files here are changed and "
			    "not sent; send them with plan submit, then approve"));
		goto done;
	}
	if (push && wf_has_origin(root)) {
		const char *const fetch[] = {"git", "fetch", "-q", "origin", NULL};
		const char *const ff[] = {"git", "merge", "-q", "--ff-only", "origin/main", NULL};

		/* The latest main and the branches of the central repository. */
		if (proc_run(root, fetch, NULL, NULL, NULL) != 0 ||
		    proc_run(root, ff, NULL, NULL, NULL) != 0) {
			cli_error(_("cannot bring main up to date with the central repository; run "
				    "plan sync, then approve"));
			goto done;
		}
		free(head);
		head = NULL;
		if (history_head(h, &head, &main_tip) != 0) {
			cli_error("%s", error_last());
			goto done;
		}
	}
	if (history_resolve(h, branch_name, &branch) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	r = history_is_ancestor(h, &branch, &main_tip);
	if (r != 0) {
		if (r > 0)
			cli_error("there is nothing to approve: main already has everything on %s",
				  branch_name);
		else
			cli_error("%s", error_last());
		goto done;
	}
	r = history_is_ancestor(h, &main_tip, &branch);
	if (r <= 0) {
		if (r == 0)
			cli_error(_("%s does not contain the latest main, so approving it would undo "
				    "what was approved since; its author brings it up to date with "
				    "plan sync (which sends it again), then you approve it again"),
				  branch_name);
		else
			cli_error("%s", error_last());
		goto done;
	}
	if (history_commit(h, &main_tip, &mc) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	have_mc = 1;
	/* The people and the plan as main has them: what an approval is judged by. */
	if (audit_rules_load(h, &mc.tree, &rules) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	people = rules.people;
	if (history_config(h, "user.email", &email) != 0) {
		cli_error("Git does not know who you are; set your e-mail address (git config "
			  "user.email you@example.org) as records/people.yaml has it");
		goto done;
	}
	me = ledger_person_by_email(people, email);
	if (me == NULL) {
		cli_error(_("you (%s, git config user.email) are not in records/people.yaml on the "
			    "main branch, so you cannot approve; a reviewer listed there must approve "
			    "%s (if you are listed with another address, set it with git config "
			    "user.email ADDRESS)"),
			  email, branch_name);
		goto done;
	}
	if (!approval_is_reviewer(me)) {
		cli_error(_("%s has no reviewer role in records/people.yaml on the main branch, so "
			    "cannot approve; a reviewer listed there must approve %s"),
			  me->id, branch_name);
		goto done;
	}
	if (approval_branch_commits(h, &branch, &main_tip, &brought, &nbrought) != 0 ||
	    approval_tally_commits(h, people, me, brought, nbrought, &t) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (t.own > 0) {
		cli_error("you (%s) authored or committed %zu of the %zu commits on %s; someone else "
			  "with the reviewer role must approve it",
			  me->id, t.own, t.total, branch_name);
		goto done;
	}
	if (t.unknown > 0) {
		cli_error("%zu of the %zu commits on %s were made with an e-mail address that "
			  "records/people.yaml does not list (%s), so nobody could show that you did "
			  "not make them; whoever made them sets git config user.email to their "
			  "address in people.yaml and makes them again on the branch (git rebase "
			  "main --exec 'git commit --amend --no-edit --reset-author'), or "
			  "people.yaml gets the address first",
			  t.unknown, t.total, branch_name, t.stranger);
		goto done;
	}
	memset(&ro, 0, sizeof(ro));
	ro.main_ref = "refs/heads/main";
	if (range_check(h, &main_tip, &branch, &ro, &findings, &ncommits) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (diag_errors(&findings) > 0) {
		cli_print_findings(stdout, &findings, FMT_TEXT, 0);
		fprintf(stderr, _("plan approve: %s does not pass the checks; nothing was approved\n"),
			branch_name);
		rc = EXIT_FINDINGS;
		goto done;
	}
	if (compose_message(h, &main_tip, &branch, branch_name, me, &msg) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (dry_run) {
		fputs(msg.ptr, stdout);
		rc = EXIT_OK;
		goto done;
	}
	if (worktree_dirty(root)) {
		cli_error("the work tree has changes that are not committed; commit or stash them, "
			  "then approve");
		goto done;
	}
	{
		char main_hex[HIST_HEXSZ + 1], branch_hex[HIST_HEXSZ + 1], tree_hex[HIST_HEXSZ + 1];
		hist_commit bc;
		int sign = people->plan != NULL && people->plan->signed_approvals;
		const char *argv[12];
		int k = 0;

		if ((msg_path = fsutil_temp_file("plan-approve", msg.ptr, msg.len)) == NULL) {
			cli_error("%s", error_last());
			goto done;
		}
		if (history_commit(h, &branch, &bc) != 0) {
			cli_error("%s", error_last());
			goto done;
		}
		hist_oid_fmt(&bc.tree, tree_hex);
		hist_commit_free(&bc);
		argv[k++] = "git";
		argv[k++] = "commit-tree";
		argv[k++] = tree_hex;
		argv[k++] = "-p";
		argv[k++] = hist_oid_fmt(&main_tip, main_hex);
		argv[k++] = "-p";
		argv[k++] = hist_oid_fmt(&branch, branch_hex);
		argv[k++] = "-F";
		argv[k++] = msg_path;
		if (sign)
			argv[k++] = "-S";
		argv[k] = NULL;
		r = proc_run(root, argv, NULL, &out, &err);
		if (r != 0 || out.len < HIST_HEXSZ) {
			cli_error("git could not write the approval%s: %s",
				  sign ? " (the ledger asks for a signed approval: set git config "
					 "gpg.format ssh and user.signingkey to your key)" :
					 "",
				  err.len ? buf_cstr(&err) : "no reason given");
			goto done;
		}
		out.ptr[HIST_HEXSZ] = '\0';
		if (hist_oid_parse(&merge, out.ptr) != 0) {
			cli_error("%s", error_last());
			goto done;
		}
		{
			const char *const ff[] = {"git", "merge", "--ff-only", "-q", out.ptr, NULL};

			if (proc_run(root, ff, NULL, NULL, NULL) != 0) {
				cli_error("git could not move main to the approval %s", out.ptr);
				goto done;
			}
		}
		printf(_("approved %s as %.12s%s\n"), branch_name, out.ptr, sign ? _(" (signed)") : "");
		if (push && wf_has_origin(root)) {
			const char *const push_argv[] = {"git", "push", "-q", "origin", "main", NULL};
			buf perr = BUF_INIT;

			if (proc_run(root, push_argv, NULL, NULL, &perr) != 0) {
				cli_error(_("the approval is made here, but the central repository did "
					    "not take it: %s; bring your main up to date with plan sync, "
					    "then approve again"),
					  buf_cstr(&perr));
				buf_free(&perr);
				rc = EXIT_TROUBLE;
				goto done;
			}
			buf_free(&perr);
			printf(_("The approval is on the central repository; everyone gets it with "
				 "plan sync.\n"));
		} else {
			printf(_("publish it with: git push origin main\n"));
		}
	}
	rc = EXIT_OK;
done:
	if (msg_path != NULL)
		unlink(msg_path);
	free(msg_path);
	if (have_mc)
		hist_commit_free(&mc);
	audit_rules_free(&rules);
	approval_tally_free(&t);
	free(brought);
	diag_list_free(&findings);
	buf_free(&msg);
	buf_free(&out);
	buf_free(&err);
	free(head);
	free(email);
	return rc;
}

int
cmd_approve(int argc, char **argv)
{
	static const cli_option opts[] = {{"dry-run", 0, 0}, {"no-push", 0, 0}, {NULL, 0, 0}};
	history *h = NULL;
	char *root = NULL, *prefix = NULL;
	const char *val;
	int dry_run = 0, push = 1, opt, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "approve", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "approve");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0)
			dry_run = 1;
		if (opt == 1)
			push = 0;
	}
	if (a.npos != 1) {
		cli_usage_error(a.cmd, "name the branch to approve");
		goto done;
	}
	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	if (h == NULL) {
		cli_error("plan approve works in a Git repository of the ledger");
		goto done;
	}
	rc = approve(h, root, a.pos[0], dry_run, push);
done:
	history_free(h);
	free(root);
	free(prefix);
	cli_args_free(&a);
	return rc;
}
