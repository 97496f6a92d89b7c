/*
 * Unit tests of the approval rules plan approve and plan audit share
 * (audit/approval.h), on a branch built here with the real git binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/approval.h"
#include "audit/audit.h"
#include "util/error.h"

#include "gitrepo.h"

static int
setup_repo(void **state)
{
	(void)state;
	ledger_repo("approval");
	/* On one branch: h1's commit, one h1 authored and h3 committed, and one by a stranger. */
	sh("git checkout -q -b gren main");
	write_event("2019-04-12", "a", "seminar", "I14");
	sh(AS(1, "2019-04-12") "git commit -q -m a");
	write_event("2019-04-13", "b", "seminar", "I14");
	sh(AS(3, "2019-04-13") "GIT_AUTHOR_EMAIL=HANDLAGGARE-1@example.org git commit -q -m b");
	write_event("2019-04-14", "c", "seminar", "I14");
	sh(AS(3, "2019-04-14") "GIT_AUTHOR_EMAIL=okand@example.org git commit -q -m c");
	sh("git checkout -q main");
	return 0;
}

typedef struct fixture {
	history *h;
	audit_rules rules;
	hist_oid *commits;
	size_t n;
} fixture;

static void
open_fixture(fixture *f)
{
	hist_oid main_tip, branch;
	hist_commit c;

	if (history_open(&f->h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	assert_int_equal(history_resolve(f->h, "main", &main_tip), 0);
	assert_int_equal(history_resolve(f->h, "gren", &branch), 0);
	assert_int_equal(history_commit(f->h, &main_tip, &c), 0);
	assert_int_equal(audit_rules_load(f->h, &c.tree, &f->rules), 0);
	hist_commit_free(&c);
	assert_int_equal(approval_branch_commits(f->h, &branch, &main_tip, &f->commits, &f->n), 0);
}

static void
close_fixture(fixture *f)
{
	free(f->commits);
	audit_rules_free(&f->rules);
	history_free(f->h);
}

static void
test_approval__only_reviewers_approve(void **state)
{
	fixture f;

	(void)state;
	open_fixture(&f);
	assert_false(approval_is_reviewer(ledger_person(f.rules.people, "handlaggare-1")));
	assert_true(approval_is_reviewer(ledger_person(f.rules.people, "handlaggare-2")));
	assert_true(approval_is_reviewer(ledger_person(f.rules.people, "handlaggare-3")));
	assert_false(approval_is_reviewer(NULL));
	close_fixture(&f);
}

static void
test_approval__the_commits_a_branch_brings_newest_first(void **state)
{
	fixture f;
	char hex[HIST_HEXSZ + 1], *tip = git_line("rev-parse gren");

	(void)state;
	open_fixture(&f);
	assert_int_equal(f.n, 3);
	assert_string_equal(hist_oid_fmt(&f.commits[0], hex), tip);
	free(tip);
	close_fixture(&f);
}

static void
test_approval__what_the_approver_made_and_what_a_stranger_did(void **state)
{
	fixture f;
	approval_tally t;

	(void)state;
	open_fixture(&f);
	/* handlaggare-3 committed all three: theirs, whoever authored them. */
	assert_int_equal(approval_tally_commits(f.h, f.rules.people,
						ledger_person(f.rules.people, "handlaggare-3"),
						f.commits, f.n, &t),
			 0);
	assert_int_equal(t.total, 3);
	assert_int_equal(t.own, 2);
	assert_int_equal(t.committed, 2);
	assert_int_equal(t.authored, 0);
	approval_tally_free(&t);
	/* handlaggare-1 authored two (an address in other case is theirs too). */
	assert_int_equal(approval_tally_commits(f.h, f.rules.people,
						ledger_person(f.rules.people, "handlaggare-1"),
						f.commits, f.n, &t),
			 0);
	assert_int_equal(t.own, 2);
	assert_int_equal(t.authored, 2);
	assert_int_equal(t.committed, 1);
	assert_int_equal(t.unknown, 1);
	assert_string_equal(t.stranger, "okand@example.org");
	approval_tally_free(&t);
	/* handlaggare-2 made none, and cannot show they did not make the stranger's. */
	assert_int_equal(approval_tally_commits(f.h, f.rules.people,
						ledger_person(f.rules.people, "handlaggare-2"),
						f.commits, f.n, &t),
			 0);
	assert_int_equal(t.own, 0);
	assert_int_equal(t.unknown, 1);
	assert_string_equal(t.stranger, "okand@example.org");
	approval_tally_free(&t);
	close_fixture(&f);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(test_approval__##name, setup_repo, remove_repo)
	const struct CMUnitTest tests[] = {
		T(only_reviewers_approve),
		T(the_commits_a_branch_brings_newest_first),
		T(what_the_approver_made_and_what_a_stranger_did),
	};
#undef T

	return cmocka_run_group_tests_name("approval", tests, NULL, NULL);
}
