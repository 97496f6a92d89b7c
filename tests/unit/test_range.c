/*
 * Unit tests of range (the checks of a push, a review and an approval) on
 * main lines built here with the real git binary: every commit passes the
 * rules on its own tree, judged on its own day; events approved on main are
 * immutable; main is neither deleted nor rewritten, and what reaches it is
 * approved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/range.h"
#include "util/error.h"

#include "gitrepo.h"

static int
setup_repo(void **state)
{
	(void)state;
	ledger_repo("range");
	/* One approved event on main, which the branches below start from. */
	sh("git checkout -q -b sem main");
	write_event("2019-04-12", "sem", "seminar", "I14");
	sh(AS(1, "2019-04-12") "git commit -q -m sem && git checkout -q main && "
	   AS(2, "2019-04-12") "git merge -q --no-ff -m approve "
	   "-m 'Approved-by: handlaggare-2 <handlaggare-2@example.org>' sem");
	return 0;
}

/* Checks old..new (git revisions) as a push of refname (or NULL); returns the findings. */
static diag_list
check_range(const char *old, const char *new, const char *refname, size_t *ncommits)
{
	history *h = NULL;
	hist_oid o, n;
	range_options ro = {refname, "refs/heads/main", NULL};
	diag_list out = DIAG_LIST_INIT;
	size_t i;

	if (history_open(&h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	memset(&o, 0, sizeof(o));
	memset(&n, 0, sizeof(n));
	if (old != NULL)
		assert_int_equal(history_resolve(h, old, &o), 0);
	if (new != NULL)
		assert_int_equal(history_resolve(h, new, &n), 0);
	if (range_check(h, &o, &n, &ro, &out, ncommits) != 0)
		fail_msg("range_check: %s", error_last());
	for (i = 0; i < out.n; i++)
		print_message("  %s %s: %s\n", out.items[i].rule,
			      out.items[i].path ? out.items[i].path : "-", out.items[i].message);
	history_free(h);
	return out;
}

/* How many findings of rule have words in their message and path_piece in their path. */
static size_t
count(const diag_list *l, const char *rule, const char *words, const char *path_piece)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += strcmp(l->items[i].rule, rule) == 0 &&
		     strstr(l->items[i].message, words) != NULL &&
		     (path_piece == NULL ||
		      (l->items[i].path != NULL && strstr(l->items[i].path, path_piece) != NULL));
	return n;
}

static void
test_range__a_clean_branch_has_no_findings(void **state)
{
	diag_list out;
	size_t n;

	(void)state;
	sh("git checkout -q -b ny main");
	write_event("2019-05-02", "ny", "seminar", "I14");
	sh(AS(1, "2019-05-02") "git commit -q -m ny");
	write_event("2019-05-03", "ny2", "seminar", "I14");
	sh(AS(1, "2019-05-03") "git commit -q -m ny2");
	out = check_range("main", "ny", NULL, &n);
	assert_int_equal(n, 2);
	assert_int_equal(out.n, 0);
	diag_list_free(&out);
}

static void
test_range__each_commit_is_checked_on_its_own_tree(void **state)
{
	diag_list out;
	size_t n;
	char *first, *where;

	(void)state;
	/* The first commit names an indicator that does not exist; the second fixes it. */
	sh("git checkout -q -b fel main");
	write_event("2019-05-02", "fel", "seminar", "I99");
	sh(AS(1, "2019-05-02") "git commit -q -m fel");
	sh("sed -i 's/I99/I14/' records/events/2019/05/2019-05-02-fel.yaml && git add records && "
	   AS(1, "2019-05-02") "git commit -q -m fixed");
	out = check_range("main", "fel", NULL, &n);
	first = git_line("rev-parse --short=12 fel~1");
	where = xasprintf("%s:records/events/2019/05/2019-05-02-fel.yaml", first);
	assert_int_equal(n, 2);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.items[0].rule, "ref");
	assert_string_equal(out.items[0].path, where);
	assert_non_null(strstr(out.items[0].message, "I99"));
	free(first);
	free(where);
	diag_list_free(&out);
}

static void
test_range__future_is_judged_on_the_day_of_the_commit(void **state)
{
	diag_list out;
	size_t n;

	(void)state;
	sh("git checkout -q -b tidig main");
	write_event("2019-06-01", "tidig", "seminar", "I14");
	sh(AS(1, "2019-05-02") "git commit -q -m tidig");
	out = check_range("main", "tidig", NULL, &n);
	assert_int_equal(count(&out, "future", "the day it was committed", "tidig"), 1);
	assert_int_equal(out.n, 1);
	diag_list_free(&out);
}

static void
test_range__an_approved_event_is_immutable(void **state)
{
	diag_list out;
	size_t n;

	(void)state;
	sh("git checkout -q -b andra main && "
	   "sed -i 's/title: .*/title: Changed/' records/events/2019/04/2019-04-12-sem.yaml && "
	   "git add records && " AS(1, "2019-05-02") "git commit -q -m edit");
	sh("git rm -q records/events/2019/04/2019-04-12-sem.yaml && "
	   AS(1, "2019-05-02") "git commit -q -m delete");
	out = check_range("main", "andra", NULL, &n);
	assert_int_equal(n, 2);
	assert_int_equal(count(&out, "immutable", "may not be edited", "2019-04-12-sem"), 1);
	assert_int_equal(count(&out, "immutable", "may not be deleted", "2019-04-12-sem"), 1);
	assert_int_equal(count(&out, "immutable", "plan correct 2019-04-12-sem", NULL), 2);
	assert_int_equal(out.n, 2);
	diag_list_free(&out);
}

static void
test_range__putting_back_the_approved_version_is_no_edit(void **state)
{
	diag_list out;
	size_t n;

	(void)state;
	sh("git checkout -q -b tillbaka main && "
	   "sed -i 's/title: .*/title: Changed/' records/events/2019/04/2019-04-12-sem.yaml && "
	   "git add records && " AS(1, "2019-05-02") "git commit -q -m edit && "
	   "git checkout main -- records && " AS(1, "2019-05-02") "git commit -q -m back");
	/* Judged from the edit on: the commit that puts it back changes it again, and passes. */
	out = check_range("tillbaka~1", "tillbaka", NULL, &n);
	assert_int_equal(n, 1);
	assert_int_equal(out.n, 0);
	diag_list_free(&out);
}

static void
test_range__main_is_neither_deleted_nor_rewritten(void **state)
{
	diag_list out;
	size_t n;

	(void)state;
	out = check_range("main", NULL, "refs/heads/main", &n);
	assert_int_equal(count(&out, "immutable", "may not be deleted", "refs/heads/main"), 1);
	diag_list_free(&out);
	sh("git checkout -q -b omskriven main~1");
	write_event("2019-05-02", "ny", "seminar", "I14");
	sh(AS(1, "2019-05-02") "git commit -q -m ny");
	out = check_range("main", "omskriven", "refs/heads/main", &n);
	assert_int_equal(out.n, 1);
	assert_int_equal(count(&out, "immutable", "rewrite the main branch", "refs/heads/main"), 1);
	diag_list_free(&out);
}

static void
test_range__what_reaches_main_is_audited(void **state)
{
	diag_list out;
	size_t n;

	(void)state;
	sh("git checkout -q main");
	write_event("2019-05-02", "direkt", "seminar", "I14");
	sh(AS(2, "2019-05-02") "git commit -q -m direkt");
	out = check_range("main~1", "main", "refs/heads/main", &n);
	assert_int_equal(n, 1);
	assert_int_equal(count(&out, "approval", "directly on the main branch", NULL), 1);
	assert_int_equal(out.n, 1);
	diag_list_free(&out);
	/* The same commit on a branch of its own is no push to main: no audit. */
	out = check_range("main~1", "main", NULL, &n);
	assert_int_equal(out.n, 0);
	diag_list_free(&out);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(test_range__##name, setup_repo, remove_repo)
	const struct CMUnitTest tests[] = {
		T(a_clean_branch_has_no_findings),
		T(each_commit_is_checked_on_its_own_tree),
		T(future_is_judged_on_the_day_of_the_commit),
		T(an_approved_event_is_immutable),
		T(putting_back_the_approved_version_is_no_edit),
		T(main_is_neither_deleted_nor_rewritten),
		T(what_reaches_main_is_audited),
	};
#undef T

	return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
