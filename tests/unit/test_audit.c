/*
 * Unit tests of the audit's pure helpers: reading an Approved-by value, and
 * finding a person's key in an allowed_signers file; and the audit of a
 * main line built here with the real git binary: an approval that passes,
 * and each rule of audit.h broken once (signatures are tested with real
 * keys in tests/cli/t0055-approval.sh and t0056-identity.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "util/error.h"

#include "gitrepo.h"

static int
listed(const char *text, const char *email)
{
	return audit_signers_list(text, strlen(text), email);
}

static void
test_audit__signers_list_principals_of_the_first_field(void **state)
{
	const char *s = "# keys\n"
			"handlaggare-1@example.org namespaces=\"git\" ssh-ed25519 AAAA1\n"
			"  granskare-1@example.org,granskare-2@example.org ssh-ed25519 AAAA2\n"
			"\"handlaggare-3@example.org,h3@example.org\" ssh-ed25519 AAAA3";

	(void)state;
	assert_true(listed(s, "handlaggare-1@example.org"));
	assert_true(listed(s, "HANDLAGGARE-1@example.org"));
	assert_true(listed(s, "granskare-2@example.org"));
	assert_true(listed(s, "granskare-1@example.org"));
	assert_true(listed(s, "h3@example.org"));
	assert_true(listed(s, "handlaggare-3@example.org"));
	assert_false(listed(s, "keys"));
	assert_false(listed(s, "handlaggare-1@example"));
	assert_false(listed(s, "namespaces=\"git\""));
	assert_false(listed(s, "ssh-ed25519"));
	assert_false(listed("", "handlaggare-1@example.org"));
	assert_false(listed("# handlaggare-1@example.org ssh-ed25519 A\n", "handlaggare-1@example.org"));
}

static void
test_audit__approver_is_a_person_id_and_an_address(void **state)
{
	char *id, *email;

	(void)state;
	assert_int_equal(audit_parse_approver(" granskare-1 <granskare-1@example.org>", &id, &email), 0);
	assert_string_equal(id, "granskare-1");
	assert_string_equal(email, "granskare-1@example.org");
	free(id);
	free(email);
	assert_int_equal(audit_parse_approver("granskare-2", &id, &email), 0);
	assert_string_equal(id, "granskare-2");
	assert_null(email);
	free(id);
	assert_int_equal(audit_parse_approver("  <x@example.org>", &id, &email), -1);
	assert_null(id);
}

static int
setup_repo(void **state)
{
	(void)state;
	ledger_repo("audit");
	return 0;
}

/* handlaggare-AUTHOR records an event on branch NAME; handlaggare-APPROVER merges it. */
#define APPROVE(author, approver, name, day, trailer)                                        \
	do {                                                                                 \
		sh("git checkout -q -b " name " main");                                      \
		write_event(day, name, "seminar", "I14");                                    \
		sh(AS(author, day) "git commit -q -m 'Seminar " name "'");                   \
		sh("git checkout -q main && " AS(approver, day) "git merge -q --no-ff -m "   \
		   "'Approve " name "' -m '" trailer "' " name);                             \
	} while (0)

/* Audits main, keeping its cache in cache_dir (or none); returns the findings and fills counts. */
static diag_list
audit_cached(audit_counts *counts, const char *cache_dir)
{
	history *h = NULL;
	hist_oid tip;
	audit_options o = {NULL, cache_dir, 0};
	diag_list out = DIAG_LIST_INIT;
	size_t i;

	if (history_open(&h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	assert_int_equal(history_resolve(h, "main", &tip), 0);
	memset(counts, 0, sizeof(*counts));
	if (audit_run(h, NULL, &tip, &o, &out, counts) != 0)
		fail_msg("audit_run: %s", error_last());
	for (i = 0; i < out.n; i++) {
		assert_string_equal(out.items[i].rule, "approval");
		print_message("  finding %s: %s\n", out.items[i].path, out.items[i].message);
	}
	history_free(h);
	return out;
}

static diag_list
audit_main(audit_counts *counts)
{
	return audit_cached(counts, NULL);
}

/* The one finding of an audit is about commit rev and says words. */
static void
assert_one_finding(const char *rev, const char *words)
{
	audit_counts counts;
	diag_list out = audit_main(&counts);
	char *id = git_line(rev);

	assert_int_equal(out.n, 1);
	assert_non_null(strstr(out.items[0].message, words));
	assert_memory_equal(out.items[0].path, id, 12);
	free(id);
	diag_list_free(&out);
}

static void
test_audit__an_approval_by_another_reviewer_passes(void **state)
{
	audit_counts counts;
	diag_list out;

	(void)state;
	APPROVE(1, 2, "sem", "2019-04-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	APPROVE(3, 2, "sem2", "2019-05-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	out = audit_main(&counts);
	assert_int_equal(out.n, 0);
	assert_int_equal(counts.walked, 3);
	assert_int_equal(counts.audited, 2);
	assert_int_equal(counts.signed_ok, 0);
	assert_int_equal(counts.self_asserted, 1);
	diag_list_free(&out);
}

static void
test_audit__a_change_committed_straight_to_main_is_found(void **state)
{
	(void)state;
	APPROVE(1, 2, "sem", "2019-04-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	write_event("2019-05-01", "direkt", "seminar", "I14");
	sh(AS(2, "2019-05-01") "git commit -q -m direct");
	assert_one_finding("rev-parse main", "directly on the main branch");
}

static void
test_audit__a_change_outside_records_needs_no_approval(void **state)
{
	audit_counts counts;
	diag_list out;

	(void)state;
	sh("echo notes > NOTES && git add NOTES && " AS(1, "2019-05-01") "git commit -q -m notes");
	out = audit_main(&counts);
	assert_int_equal(out.n, 0);
	assert_int_equal(counts.walked, 2);
	assert_int_equal(counts.audited, 0);
	diag_list_free(&out);
}

static void
test_audit__a_merge_without_approved_by_is_found(void **state)
{
	(void)state;
	APPROVE(1, 2, "sem", "2019-04-12", "No trailer here");
	assert_one_finding("rev-parse main", "no Approved-by line");
}

static void
test_audit__approving_ones_own_change_is_found(void **state)
{
	(void)state;
	APPROVE(2, 2, "sem", "2019-04-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	assert_one_finding("rev-parse main", "approved a change they made themselves");
}

static void
test_audit__an_approver_without_the_reviewer_role_is_found(void **state)
{
	(void)state;
	APPROVE(3, 1, "sem", "2019-04-12", "Approved-by: handlaggare-1 <handlaggare-1@example.org>");
	assert_one_finding("rev-parse main", "did not have the reviewer role");
}

static void
test_audit__the_approver_must_make_the_merge(void **state)
{
	(void)state;
	APPROVE(1, 3, "sem", "2019-04-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	assert_one_finding("rev-parse main", "not by the approver handlaggare-2");
}

static void
test_audit__a_reviewer_added_by_the_change_itself_does_not_count(void **state)
{
	(void)state;
	/* handlaggare-1 makes themself a reviewer on the branch they then approve. */
	sh("git checkout -q -b grant main && "
	   "sed -i 's/roles: \\[staff\\]}/roles: [staff, reviewer]}/' records/people.yaml && "
	   "grep -q 'handlaggare-1.*reviewer' records/people.yaml && git add records && "
	   AS(3, "2019-04-12") "git commit -q -m grant && git checkout -q main && "
	   AS(1, "2019-04-12") "git merge -q --no-ff -m approve "
	   "-m 'Approved-by: handlaggare-1 <handlaggare-1@example.org>' grant");
	assert_one_finding("rev-parse main", "did not have the reviewer role");
}

static void
test_audit__something_slipped_into_the_merge_is_found(void **state)
{
	(void)state;
	sh("git checkout -q -b sem main");
	write_event("2019-04-12", "sem", "seminar", "I14");
	sh(AS(1, "2019-04-12") "git commit -q -m sem && git checkout -q main && "
	   AS(2, "2019-04-12") "git merge -q --no-ff --no-commit sem && "
	   "echo '# extra' >> records/plan.yaml && git add records && "
	   AS(2, "2019-04-12") "git commit -q -m approve "
	   "-m 'Approved-by: handlaggare-2 <handlaggare-2@example.org>'");
	assert_one_finding("rev-parse main", "differs from the branch it approves");
}

static void
test_audit__a_later_audit_walks_only_what_came_since(void **state)
{
	audit_counts counts;
	diag_list out;
	char *cache = xasprintf("%s/.git/plan", repo);

	(void)state;
	unsetenv("PLAN_NO_CACHE");
	sh("mkdir -p .git/plan");
	APPROVE(1, 2, "sem", "2019-04-12", "No trailer here");
	out = audit_cached(&counts, cache);
	assert_int_equal(out.n, 1);
	assert_int_equal(counts.walked, 2);
	assert_int_equal(counts.cached, 0);
	diag_list_free(&out);
	APPROVE(1, 2, "sem2", "2019-05-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	APPROVE(1, 3, "sem3", "2019-06-12", "Approved-by: handlaggare-3 <handlaggare-3@example.org>");
	/* The two commits since come on top of the two cached, whose finding is kept. */
	out = audit_cached(&counts, cache);
	assert_int_equal(counts.cached, 2);
	assert_int_equal(counts.walked, 4);
	assert_int_equal(counts.audited, 3);
	assert_int_equal(out.n, 1);
	assert_non_null(strstr(out.items[0].message, "no Approved-by line"));
	diag_list_free(&out);
	/* A main line rewritten under the cache is audited whole. */
	sh("git reset -q --hard main~2");
	APPROVE(1, 2, "sem4", "2019-07-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	out = audit_cached(&counts, cache);
	assert_int_equal(counts.cached, 0);
	assert_int_equal(counts.walked, 3);
	assert_int_equal(out.n, 1);
	diag_list_free(&out);
	free(cache);
}

/*
 * A range from a commit off the main line (a branch's, merged since) leaves
 * out the main-line commits it reaches, as git log --first-parent A..B does.
 */
static void
test_audit__a_range_from_a_branch_commit_leaves_out_what_it_reaches(void **state)
{
	history *h = NULL;
	hist_oid from, to;
	audit_counts counts;
	diag_list out = DIAG_LIST_INIT;

	(void)state;
	APPROVE(1, 2, "sem", "2019-04-12", "No trailer here");
	APPROVE(1, 2, "sem2", "2019-05-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	APPROVE(1, 3, "sem3", "2019-06-12", "Approved-by: handlaggare-3 <handlaggare-3@example.org>");
	assert_int_equal(history_open(&h, repo), 0);
	assert_int_equal(history_resolve(h, "sem2", &from), 0);
	assert_int_equal(history_resolve(h, "main", &to), 0);
	/* sem2 grew from the first approval: only the second and third are left. */
	assert_int_equal(audit_run(h, &from, &to, NULL, &out, &counts), 0);
	assert_int_equal(counts.walked, 2);
	assert_int_equal(counts.audited, 2);
	assert_int_equal(out.n, 0);
	/* From the root (on the line) all three are walked, the first found. */
	assert_int_equal(history_resolve(h, "main~3", &from), 0);
	assert_int_equal(audit_run(h, &from, &to, NULL, &out, &counts), 0);
	assert_int_equal(counts.walked, 3);
	assert_int_equal(out.n, 1);
	diag_list_free(&out);
	history_free(h);
}

/* A commit a merge brings that cannot be read (found by the second thread) fails the audit. */
static void
test_audit__an_unreadable_branch_commit_is_an_error(void **state)
{
	history *h = NULL;
	hist_oid tip;
	audit_counts counts;
	diag_list out = DIAG_LIST_INIT;
	char *id;

	(void)state;
	APPROVE(1, 2, "sem", "2019-04-12", "Approved-by: handlaggare-2 <handlaggare-2@example.org>");
	id = git_line("rev-parse sem");
	sh("rm -f .git/objects/%.2s/%s", id, id + 2);
	assert_int_equal(history_open(&h, repo), 0);
	assert_int_equal(history_resolve(h, "main", &tip), 0);
	assert_int_equal(audit_run(h, NULL, &tip, NULL, &out, &counts), -1);
	assert_non_null(strstr(error_last(), id));
	diag_list_free(&out);
	history_free(h);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit__signers_list_principals_of_the_first_field),
		cmocka_unit_test(test_audit__approver_is_a_person_id_and_an_address),
#define T(name) cmocka_unit_test_setup_teardown(test_audit__##name, setup_repo, remove_repo)
		T(an_approval_by_another_reviewer_passes),
		T(a_change_committed_straight_to_main_is_found),
		T(a_change_outside_records_needs_no_approval),
		T(a_merge_without_approved_by_is_found),
		T(approving_ones_own_change_is_found),
		T(an_approver_without_the_reviewer_role_is_found),
		T(the_approver_must_make_the_merge),
		T(a_reviewer_added_by_the_change_itself_does_not_count),
		T(something_slipped_into_the_merge_is_found),
		T(a_later_audit_walks_only_what_came_since),
		T(a_range_from_a_branch_commit_leaves_out_what_it_reaches),
		T(an_unreadable_branch_commit_is_an_error),
#undef T
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
