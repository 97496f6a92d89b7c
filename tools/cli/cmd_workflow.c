/*
 * plan submit, plan sync, plan join: the workflow's commands, in words for
 * people who do not know Git. The work is done in workflow.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/date.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "workflow.h"

/* Prints lines of text, each indented. */
static void
print_lines(const buf *b, const char *indent)
{
	const char *p = buf_cstr(b);

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		printf("%s%.*s\n", indent, (int)n, p);
		p += n + (nl != NULL);
	}
}

/* git diff --name-status lines, in words: "added records/events/...". */
static void
print_changes(const buf *b)
{
	const char *p = buf_cstr(b);

	while (*p != '\0') {
		const char *nl = strchr(p, '\n'), *tab = strchr(p, '\t');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (tab != NULL && tab < p + n) {
			const char *what = *p == 'A' ? _("added") : *p == 'D' ? _("deleted") : _("changed");

			printf("    %s %.*s\n", what, (int)(p + n - tab - 1), tab + 1);
		}
		p += n + (nl != NULL);
	}
}

int
cli_submit(history **h, const char *root, const char *message)
{
	wf_submit_result r;
	char today[16];
	int rc = EXIT_TROUBLE;

	date_format(date_today(), today);
	if (wf_submit(h, root, today, message, &r) != 0) {
		cli_error("%s", error_last());
		if (r.branch != NULL)
			fprintf(stderr, _("Your changes are kept on the branch %s; correct what the "
					  "message says, then run plan submit again.\n"),
				r.branch);
		goto done;
	}
	if (r.commits == 0) {
		printf(_("There is nothing to send: you have no new or changed records that the "
			 "central repository does not have.\n"));
		rc = EXIT_OK;
		goto done;
	}
	if (r.moved > 0)
		printf(ngettext("The %zu commit you made on main moved to the branch %s; main is the "
				"central one again.\n",
				"The %zu commits you made on main moved to the branch %s; main is the "
				"central one again.\n",
				r.moved),
		       r.moved, r.branch);
	if (!r.pushed) {
		cli_print_findings(stdout, &r.findings, FMT_TEXT, 0);
		cli_error(_("the checks found errors, so nothing was sent; your changes are kept "
			    "on the branch %s. Correct the records (plan correct ID for an event), "
			    "then run plan submit again"),
			  r.branch);
		rc = EXIT_FINDINGS;
		goto done;
	}
	printf(ngettext("Sent for review: the branch %s (%zu commit) with these changes:\n",
			"Sent for review: the branch %s (%zu commits) with these changes:\n",
			r.commits),
	       r.branch, r.commits);
	print_changes(&r.files);
	printf(_("What happens next: a reviewer (%s) looks at it with plan review --pending "
		 "and approves it with plan approve origin/%s. Nothing counts until then. "
		 "Afterwards plan sync brings the approved ledger here.\n"),
	       r.reviewers.len > 0 ? buf_cstr(&r.reviewers) : _("someone with the reviewer role"),
	       r.branch);
	rc = EXIT_OK;
done:
	wf_submit_result_free(&r);
	return rc;
}

static int
workdir_root(const char *cmd, history **h, char **root)
{
	char *prefix = NULL;

	if (cli_find_root(h, root, &prefix) != 0)
		return -1;
	free(prefix);
	if (*h == NULL) {
		cli_error(_("plan %s works in a clone of the ledger (make one with plan join URL)"),
			  cmd);
		return -1;
	}
	return 0;
}

int
cmd_submit(int argc, char **argv)
{
	static const cli_option opts[] = {{"message", 'm', 1}, {NULL, 0, 0}};
	history *h = NULL;
	char *root = NULL;
	const char *val, *message = NULL;
	int opt, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "submit", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "submit");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0)
			message = val;
	}
	if (a.npos != 0) {
		cli_usage_error(a.cmd, _("plan submit sends all your new and changed records; it "
					 "takes no file names"));
		goto done;
	}
	if (workdir_root("submit", &h, &root) != 0)
		goto done;
	rc = cli_submit(&h, root, message);
done:
	history_free(h);
	free(root);
	cli_args_free(&a);
	return rc;
}

int
cmd_sync(int argc, char **argv)
{
	static const cli_option opts[] = {{NULL, 0, 0}};
	history *h = NULL;
	char *root = NULL;
	const char *val;
	int opt, rc = EXIT_TROUBLE;
	wf_sync_result r;
	cli_args a;

	memset(&r, 0, sizeof(r));
	cli_args_init(&a, "sync", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "sync");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
	}
	if (a.npos != 0) {
		cli_usage_error(a.cmd, _("plan sync takes no arguments"));
		goto done;
	}
	if (workdir_root("sync", &h, &root) != 0)
		goto done;
	if (wf_sync(&h, root, &r) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (r.approved.len > 0) {
		printf(_("Approved since your last sync:\n"));
		print_lines(&r.approved, "    ");
	} else {
		printf(_("Nothing was approved since your last sync.\n"));
	}
	if (r.done.len > 0) {
		printf(_("Your branches now in main (approved):\n"));
		print_lines(&r.done, "    ");
	}
	if (r.updated.len > 0) {
		printf(_("Your branches brought up to date with main (still waiting for a "
			 "reviewer):\n"));
		print_lines(&r.updated, "    ");
	}
	rc = EXIT_OK;
	if (r.conflicts.len > 0) {
		printf(_("Not done:\n"));
		print_lines(&r.conflicts, "    ");
		rc = EXIT_FINDINGS;
	}
done:
	wf_sync_result_free(&r);
	history_free(h);
	free(root);
	cli_args_free(&a);
	return rc;
}
