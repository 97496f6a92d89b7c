/*
 * Unit tests of provenance: which commit of the main line recorded each
 * event file, against a history made by the real git binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/history.h"
#include "audit/provenance.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"

#include "gitrepo.h"


#define EV "records/events/2019/"

/* Commits everything on a day (noon UTC) with a message. */
static void
commit_on(const char *day, const char *msg)
{
	sh("git add -A && GIT_AUTHOR_DATE=%sT12:00:00Z GIT_COMMITTER_DATE=%sT12:00:00Z "
	   "git commit -q -m '%s'",
	   day, day, msg);
}

/*
 * The history: a and a README in the first commit, b in the second, c from
 * a branch by another author merged with an approval, a edited, b deleted
 * and added again, d added and deleted.
 */
static int
setup(void **state)
{
	(void)state;
	snprintf(repo, sizeof(repo), "/tmp/plan-provenance-XXXXXX");
	if (mkdtemp(repo) == NULL)
		return -1;
	setenv("GIT_AUTHOR_NAME", "Handläggare Ett", 1);
	setenv("GIT_AUTHOR_EMAIL", "handlaggare-1@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Handläggare Ett", 1);
	setenv("GIT_COMMITTER_EMAIL", "handlaggare-1@example.org", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", repo, 1);
	sh("git init -q -b main . && mkdir -p " EV "01 " EV "02 " EV "03 " EV "04 records/goals");
	sh("echo 'id: M1' >records/goals/M1.yaml && echo notes >records/events/README.md && "
	   "echo 'id: a' >" EV "01/2019-01-10-a.yaml");
	commit_on("2019-01-15", "first");
	sh("echo 'id: b' >" EV "02/2019-02-01-b.yaml");
	commit_on("2019-02-02", "second");
	sh("git checkout -q -b feature && echo 'id: c' >" EV "03/2019-03-01-c.yaml");
	sh("git add -A && GIT_AUTHOR_NAME='Handläggare Två' "
	   "GIT_AUTHOR_EMAIL=handlaggare-2@example.org GIT_AUTHOR_DATE=2019-03-02T12:00:00Z "
	   "GIT_COMMITTER_DATE=2019-03-02T12:00:00Z git commit -q -m 'the c event'");
	sh("git checkout -q main && GIT_AUTHOR_DATE=2019-03-05T12:00:00Z "
	   "GIT_COMMITTER_DATE=2019-03-05T12:00:00Z git merge -q --no-ff feature "
	   "-m 'Approve feature' -m 'Approved-by: handlaggare-1 <handlaggare-1@example.org>'");
	sh("echo 'id: a, edited' >" EV "01/2019-01-10-a.yaml");
	commit_on("2019-04-01", "edit a");
	sh("git rm -q " EV "02/2019-02-01-b.yaml");
	commit_on("2019-04-02", "delete b");
	sh("mkdir -p " EV "02 && echo 'id: b again' >" EV "02/2019-02-01-b.yaml");
	commit_on("2019-04-03", "add b again");
	sh("echo 'id: d' >" EV "04/2019-04-04-d.yaml");
	commit_on("2019-04-04", "add d");
	sh("git rm -q " EV "04/2019-04-04-d.yaml");
	commit_on("2019-04-05", "delete d");
	return 0;
}

static provenance *
build(history **h)
{
	provenance *p = NULL;
	hist_oid tip;

	*h = NULL;
	if (history_open(h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	assert_int_equal(history_resolve(*h, "main", &tip), 0);
	if (provenance_build(&p, *h, &tip) != 0)
		fail_msg("provenance_build: %s", error_last());
	return p;
}

/* Asserts that a commit is the one git names with these arguments. */
static void
assert_commit_is(const prov_commit *c, const char *git_args)
{
	char *want = git_line(git_args);
	char hex[HIST_HEXSZ + 1];

	assert_non_null(c);
	assert_string_equal(hist_oid_fmt(&c->id, hex), want);
	free(want);
}

static void
test_provenance__maps_each_event_file_at_the_tip_to_the_commit_that_added_it(void **state)
{
	history *h;
	provenance *p = build(&h);
	const prov_entry *a = provenance_find(p, EV "01/2019-01-10-a.yaml");
	const prov_entry *b = provenance_find(p, EV "02/2019-02-01-b.yaml");

	(void)state;
	/* a, b and c; not the README, not d (deleted). */
	assert_int_equal(provenance_count(p), 3);
	/* Eight commits on the main line; the branch's own commit is not one. */
	assert_int_equal(provenance_commits(p), 8);
	assert_non_null(a);
	assert_commit_is(a->added, "log --diff-filter=A --first-parent --format=%H -- " EV "01");
	assert_commit_is(a->added, "rev-parse main~7");
	assert_null(a->added->approver);
	assert_string_equal(a->added->author_name, "Handläggare Ett");
	/* b was deleted and added again: the second addition is the one that stands. */
	assert_non_null(b);
	assert_commit_is(b->added, "rev-parse main~2");
	assert_null(b->changed);
	assert_null(provenance_find(p, EV "04/2019-04-04-d.yaml"));
	assert_null(provenance_find(p, "records/events/README.md"));
	provenance_free(p);
	history_free(h);
}

static void
test_provenance__a_merge_names_the_branch_author_and_the_approver(void **state)
{
	history *h;
	provenance *p = build(&h);
	const prov_entry *c = provenance_find(p, EV "03/2019-03-01-c.yaml");
	char d[DATE_BUFSZ];

	(void)state;
	assert_non_null(c);
	assert_commit_is(c->added, "rev-parse main~5");
	assert_string_equal(c->added->author_name, "Handläggare Två");
	assert_string_equal(c->added->author_email, "handlaggare-2@example.org");
	assert_non_null(c->added->approver);
	assert_string_equal(c->added->approver, "handlaggare-1 <handlaggare-1@example.org>");
	assert_string_equal(date_format(c->added->day, d), "2019-03-05");
	provenance_free(p);
	history_free(h);
}

static void
test_provenance__an_edit_after_the_addition_is_kept_beside_it(void **state)
{
	history *h;
	provenance *p = build(&h);
	const prov_entry *a = provenance_find(p, EV "01/2019-01-10-a.yaml");
	char d[DATE_BUFSZ];

	(void)state;
	assert_non_null(a);
	assert_commit_is(a->changed, "rev-parse main~4");
	assert_string_equal(date_format(a->changed->day, d), "2019-04-01");
	assert_string_equal(date_format(a->added->day, d), "2019-01-15");
	provenance_free(p);
	history_free(h);
}

static void
test_provenance__a_tip_on_the_way_sees_only_its_own_past(void **state)
{
	history *h = NULL;
	provenance *p = NULL;
	hist_oid tip;

	(void)state;
	assert_int_equal(history_open(&h, repo), 0);
	assert_int_equal(history_resolve(h, "main~7", &tip), 0);
	assert_int_equal(provenance_build(&p, h, &tip), 0);
	assert_int_equal(provenance_count(p), 1);
	assert_int_equal(provenance_commits(p), 1);
	assert_null(provenance_find(p, EV "02/2019-02-01-b.yaml"));
	assert_null(provenance_find(NULL, EV "01/2019-01-10-a.yaml"));
	provenance_free(p);
	provenance_free(NULL);
	history_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_provenance__maps_each_event_file_at_the_tip_to_the_commit_that_added_it),
		cmocka_unit_test(test_provenance__a_merge_names_the_branch_author_and_the_approver),
		cmocka_unit_test(test_provenance__an_edit_after_the_addition_is_kept_beside_it),
		cmocka_unit_test(test_provenance__a_tip_on_the_way_sees_only_its_own_past),
	};

	return cmocka_run_group_tests_name("provenance", tests, setup, remove_repo);
}
