/*
 * Unit tests of the libgit2 layer, against repositories made by the real git
 * binary in a temporary folder.
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
#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"

#include "gitrepo.h"


static int
setup(void **state)
{
	(void)state;
	if (temp_repo("history") != 0)
		return -1;
	git_identity("Handläggare Ett", "handlaggare-1@example.org");
	setenv("GIT_COMMITTER_NAME", "Granskare Ett", 1);
	setenv("GIT_COMMITTER_EMAIL", "granskare-1@example.org", 1);
	setenv("GIT_AUTHOR_DATE", "2019-04-12T10:00:00+02:00", 1);
	setenv("GIT_COMMITTER_DATE", "2019-04-12T10:00:00+02:00", 1);
	sh("git init -q -b main . && mkdir -p records/events/2019/04 records/goals && "
	   "echo 'id: M1' > records/goals/M1.yaml && echo 'id: a' > records/events/2019/04/a.yaml && "
	   "echo readme > README && git add -A && git commit -q -m first");
	sh("echo 'id: b' > records/events/2019/04/b.yaml && echo 'id: a2' > records/events/2019/04/a.yaml && "
	   "git add -A && git commit -q -m second -m 'Approved-by: granskare-1 <granskare-1@example.org>'");
	return 0;
}

static void
test_history__tree_entries_list_files_under_a_prefix(void **state)
{
	history *h = open_repo();
	hist_entries l = HIST_ENTRIES_INIT;
	hist_oid head;
	hist_commit c;

	(void)state;
	assert_int_equal(history_resolve(h, "HEAD", &head), 0);
	assert_int_equal(history_commit(h, &head, &c), 0);
	assert_int_equal(history_tree_entries(h, &c.tree, "records/", &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].path, "records/events/2019/04/a.yaml");
	assert_string_equal(l.v[1].path, "records/events/2019/04/b.yaml");
	assert_string_equal(l.v[2].path, "records/goals/M1.yaml");
	assert_int_equal(l.v[0].mode, HIST_MODE_BLOB);
	hist_entries_free(&l);
	assert_int_equal(history_tree_entries(h, &c.tree, "nothing/", &l), 0);
	assert_int_equal(l.n, 0);
	hist_commit_free(&c);
	history_free(h);
}

static void
test_history__commit_carries_people_dates_and_trailers(void **state)
{
	history *h = open_repo();
	hist_oid head;
	hist_commit c;
	char **v;
	size_t n;

	(void)state;
	assert_int_equal(history_resolve(h, "main", &head), 0);
	assert_int_equal(history_commit(h, &head, &c), 0);
	assert_string_equal(c.author.name, "Handläggare Ett");
	assert_string_equal(c.committer.email, "granskare-1@example.org");
	assert_int_equal(c.author.offset, 120);
	assert_int_equal(c.author.time, 1555056000);
	assert_int_equal(c.nparents, 1);
	assert_int_equal(history_trailers(c.message, "approved-by", &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "granskare-1 <granskare-1@example.org>");
	hist_strings_free(v, n);
	assert_int_equal(history_commit_signature(h, &head, &(buf)BUF_INIT, &(buf)BUF_INIT), 1);
	hist_commit_free(&c);
	history_free(h);
}

static void
test_history__tree_changes_match_git_diff_tree(void **state)
{
	history *h = open_repo();
	hist_changes ch = HIST_CHANGES_INIT;
	hist_oid a, b;
	hist_commit ca, cb;
	char *want = git_out("diff-tree -r --no-renames --name-status HEAD~1 HEAD -- records");
	buf got = BUF_INIT;
	size_t i;

	(void)state;
	assert_int_equal(history_resolve(h, "HEAD~1", &a), 0);
	assert_int_equal(history_resolve(h, "HEAD", &b), 0);
	assert_int_equal(history_commit(h, &a, &ca), 0);
	assert_int_equal(history_commit(h, &b, &cb), 0);
	assert_int_equal(history_tree_changes(h, &ca.tree, &cb.tree, "records/", &ch), 0);
	for (i = 0; i < ch.n; i++)
		buf_printf(&got, "%s%c\t%s", i ? "\n" : "", "ADM"[ch.v[i].kind], ch.v[i].path);
	assert_string_equal(got.ptr, want);
	hist_changes_free(&ch);
	/* From no tree at all, everything is added. */
	assert_int_equal(history_tree_changes(h, NULL, &ca.tree, "records/", &ch), 0);
	assert_int_equal(ch.n, 2);
	assert_int_equal(ch.v[0].kind, HIST_ADDED);
	hist_changes_free(&ch);
	buf_free(&got);
	free(want);
	hist_commit_free(&ca);
	hist_commit_free(&cb);
	history_free(h);
}

static void
test_history__file_turned_folder_is_a_deletion_and_an_addition(void **state)
{
	history *h;
	hist_changes ch = HIST_CHANGES_INIT;
	hist_oid a, b;
	hist_commit ca, cb;

	(void)state;
	sh("git checkout -q -b shape && git rm -q records/goals/M1.yaml && mkdir -p records/goals/M1.yaml && "
	   "echo x > records/goals/M1.yaml/inner && git add -A && git commit -q -m shape");
	h = open_repo();
	assert_int_equal(history_resolve(h, "main", &a), 0);
	assert_int_equal(history_resolve(h, "shape", &b), 0);
	assert_int_equal(history_commit(h, &a, &ca), 0);
	assert_int_equal(history_commit(h, &b, &cb), 0);
	assert_int_equal(history_tree_changes(h, &ca.tree, &cb.tree, "records", &ch), 0);
	assert_int_equal(ch.n, 2);
	assert_string_equal(ch.v[0].path, "records/goals/M1.yaml");
	assert_int_equal(ch.v[0].kind, HIST_DELETED);
	assert_string_equal(ch.v[1].path, "records/goals/M1.yaml/inner");
	assert_int_equal(ch.v[1].kind, HIST_ADDED);
	hist_changes_free(&ch);
	hist_commit_free(&ca);
	hist_commit_free(&cb);
	history_free(h);
	sh("git checkout -q main");
}

static void
test_history__index_shows_staged_content_and_conflicts(void **state)
{
	history *h;
	hist_entries l = HIST_ENTRIES_INIT;
	hist_oid want;
	buf data = BUF_INIT;
	int too_big;

	(void)state;
	sh("echo 'id: c' > records/events/2019/04/c.yaml && git add records/events/2019/04/c.yaml && "
	   "echo 'changed after staging' > records/events/2019/04/c.yaml && "
	   "ln -s ../README records/link.yaml && git add records/link.yaml");
	h = open_repo();
	assert_int_equal(history_index_entries(h, "records/", &l), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[2].path, "records/events/2019/04/c.yaml");
	assert_int_equal(history_read_blob(h, &l.v[2].oid, 1000, &data, &too_big), 0);
	assert_string_equal(data.ptr, "id: c\n");
	assert_int_equal(history_hash_blob("id: c\n", 6, &want), 0);
	assert_true(hist_oid_equal(&want, &l.v[2].oid));
	assert_int_equal(history_read_blob(h, &l.v[2].oid, 3, &data, &too_big), 0);
	assert_true(too_big);
	assert_int_equal(l.v[4].mode, HIST_MODE_LINK);
	hist_entries_free(&l);
	buf_free(&data);
	history_free(h);
	sh("git reset -q --hard");
	/* A merge that conflicts leaves stages 1 to 3 in the index. */
	sh("git checkout -q -b other main~1 && echo 'id: theirs' > records/events/2019/04/a.yaml && "
	   "git commit -q -am theirs && git checkout -q main && "
	   "(git merge -q other || true)");
	h = open_repo();
	assert_int_equal(history_index_entries(h, "records/events/", &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0].stage, 1);
	assert_int_equal(l.v[1].stage, 2);
	assert_int_equal(l.v[2].stage, 3);
	assert_int_equal(l.v[3].stage, 0);
	hist_entries_free(&l);
	history_free(h);
	sh("git merge --abort && git branch -q -D other");
}

static void
test_history__first_parent_walk_is_oldest_first_on_request(void **state)
{
	history *h = open_repo();
	history_walk *w;
	hist_oid tip, id, first;
	int n = 0;

	(void)state;
	assert_int_equal(history_resolve(h, "main", &tip), 0);
	assert_int_equal(history_resolve(h, "main~1", &first), 0);
	assert_int_equal(history_walk_new(&w, h, &tip, NULL, HIST_WALK_FIRST_PARENT | HIST_WALK_REVERSE), 0);
	while (history_walk_next(w, &id) == 0) {
		if (n == 0)
			assert_true(hist_oid_equal(&id, &first));
		n++;
	}
	assert_int_equal(n, 2);
	history_walk_free(w);
	assert_int_equal(history_is_ancestor(h, &first, &tip), 1);
	assert_int_equal(history_is_ancestor(h, &tip, &first), 0);
	history_free(h);
}

static void
test_history__a_folder_outside_git_is_a_clear_error(void **state)
{
	history *h = NULL;
	char dir[] = "/tmp/plan-nogit-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	assert_int_equal(history_open(&h, dir), -1);
	assert_non_null(strstr(error_last(), "not inside a Git repository"));
	unsetenv("GIT_CEILING_DIRECTORIES");
	rmdir(dir);
}

/* Git's own lookup takes a tag before a branch; ours takes the branch. */
static void
test_history__a_branch_name_means_the_branch_beside_a_tag(void **state)
{
	history *h = open_repo();
	hist_oid head, got, older;

	(void)state;
	sh("git tag main HEAD~1 && git branch side HEAD~1 && git tag side HEAD");
	assert_int_equal(history_resolve(h, "HEAD", &head), 0);
	assert_int_equal(history_resolve(h, "HEAD~1", &older), 0);
	assert_int_equal(history_resolve(h, "main", &got), 0);
	assert_true(hist_oid_equal(&got, &head));
	assert_int_equal(history_resolve(h, "main~1", &got), 0);
	assert_true(hist_oid_equal(&got, &older));
	assert_int_equal(history_resolve(h, "refs/tags/main", &got), 0);
	assert_true(hist_oid_equal(&got, &older));
	assert_int_equal(history_resolve(h, "side", &got), 0);
	assert_true(hist_oid_equal(&got, &older));
	assert_int_equal(history_resolve(h, "tags/side", &got), 0);
	assert_true(hist_oid_equal(&got, &head));
	sh("git tag -d main side && git branch -D side");
	history_free(h);
}

/* The one first-parent walk: a merged side branch is an ancestor, not on the line. */
static void
test_history__first_parents_reach_along_the_line_only(void **state)
{
	history *h;
	hist_oid tip, base, side, mid;
	size_t steps = 99;

	(void)state;
	sh("git checkout -q -b fp main && echo 1 > fp1 && git add fp1 && git commit -q -m fp1 && "
	   "git checkout -q -b fp-side && echo 2 > fp2 && git add fp2 && git commit -q -m fp2 && "
	   "git checkout -q fp && echo 3 > fp3 && git add fp3 && git commit -q -m fp3 && "
	   "git merge -q --no-ff -m merge fp-side && git checkout -q main");
	h = open_repo();
	assert_int_equal(history_resolve(h, "fp", &tip), 0);
	assert_int_equal(history_resolve(h, "main", &base), 0);
	assert_int_equal(history_resolve(h, "fp-side", &side), 0);
	assert_int_equal(history_resolve(h, "fp~1", &mid), 0);
	/* fp, fp3, fp1 lie after main on the line. */
	assert_int_equal(history_first_parents_reach(h, &base, &tip, SIZE_MAX, &steps), 1);
	assert_int_equal(steps, 3);
	assert_int_equal(history_first_parents_reach(h, &tip, &tip, 0, &steps), 1);
	assert_int_equal(steps, 0);
	assert_int_equal(history_first_parents_reach(h, &mid, &tip, 1, &steps), 1);
	assert_int_equal(steps, 1);
	/* Within two steps main is not reached; within three it is. */
	assert_int_equal(history_first_parents_reach(h, &base, &tip, 2, NULL), 0);
	assert_int_equal(history_first_parents_reach(h, &base, &tip, 3, NULL), 1);
	/* The merged side is an ancestor, but not on the first-parent line. */
	assert_int_equal(history_is_ancestor(h, &side, &tip), 1);
	assert_int_equal(history_first_parents_reach(h, &side, &tip, SIZE_MAX, NULL), 0);
	assert_int_equal(history_on_first_parent_line(h, &side, &tip), 0);
	assert_int_equal(history_on_first_parent_line(h, &base, &tip), 1);
	/* Nor is a descendant on an ancestor's line. */
	assert_int_equal(history_on_first_parent_line(h, &tip, &base), 0);
	history_free(h);
}

/* The one first-parent walk: newest first, up to stop or the limit, each commit whole. */
static void
test_history__first_parents_lists_the_line_newest_first(void **state)
{
	history *h;
	hist_oid tip, base, side;
	hist_commit *line = NULL;
	size_t n = 99;

	(void)state;
	sh("git checkout -q -b fl main && echo 1 > fl1 && git add fl1 && git commit -q -m fl1 && "
	   "git checkout -q -b fl-side && echo 2 > fl2 && git add fl2 && git commit -q -m fl2 && "
	   "git checkout -q fl && git merge -q --no-ff -m 'merge side' fl-side && "
	   "git checkout -q main");
	h = open_repo();
	assert_int_equal(history_resolve(h, "fl", &tip), 0);
	assert_int_equal(history_resolve(h, "main", &base), 0);
	assert_int_equal(history_resolve(h, "fl-side", &side), 0);
	/* Stopping at main: the merge, then fl1 (the side is no first parent). */
	assert_int_equal(history_first_parents(h, &tip, &base, SIZE_MAX, &line, &n), 1);
	assert_int_equal(n, 2);
	assert_true(hist_oid_equal(&line[0].id, &tip));
	assert_int_equal(line[0].nparents, 2);
	assert_true(hist_oid_equal(&line[0].parents[1], &side));
	assert_string_equal(line[0].message, "merge side\n");
	assert_string_equal(line[1].message, "fl1\n");
	assert_true(hist_oid_equal(&line[1].parents[0], &base));
	hist_commits_free(line, n);
	/* Without stop: down to the root, which has no parent. */
	assert_int_equal(history_first_parents(h, &tip, NULL, SIZE_MAX, &line, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(line[3].nparents, 0);
	assert_string_equal(line[3].message, "first\n");
	hist_commits_free(line, n);
	/* A stop off the line is not met; the limit ends the walk early. */
	assert_int_equal(history_first_parents(h, &tip, &side, SIZE_MAX, NULL, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(history_first_parents(h, &tip, NULL, 1, &line, &n), 0);
	assert_int_equal(n, 1);
	hist_commits_free(line, n);
	history_free(h);
}

/*
 * A commit read from its raw text gives what libgit2's parser gives: names
 * and addresses trimmed, the first of two authors, time zones in minutes,
 * other headers skipped, the message without its leading empty lines.
 */
static void
test_history__odd_commit_text_reads_as_libgit2_reads_it(void **state)
{
	history *h;
	hist_oid id;
	hist_commit c;
	char *tree, *parent, *hex;

	(void)state;
	tree = git_line("rev-parse main^{tree}");
	parent = git_line("rev-parse main");
	sh("printf 'tree %s\\nparent %s\\nauthor   Handl\\303\\244ggare  Ett  <  handlaggare-1@example.org > "
	   "1555056000 -0130\\nauthor Someone Else <else@example.org> 1 +0000\\n"
	   "committer Granskare Ett <granskare-1@example.org> 1555056060 +0200\\n"
	   "encoding UTF-8\\ngpgsig -----BEGIN SSH SIGNATURE-----\\n abc\\n -----END SSH SIGNATURE-----\\n"
	   "\\n\\n\\nRecord a seminar\\n\\nApproved-by: granskare-1\\n' > odd.txt && "
	   "git hash-object -w -t commit --literally odd.txt > odd.id && rm odd.txt",
	   tree, parent);
	hex = git_line("-c core.abbrev=40 log -1 --format=%H $(cat odd.id)");
	h = open_repo();
	assert_int_equal(history_resolve(h, hex, &id), 0);
	assert_int_equal(history_commit(h, &id, &c), 0);
	assert_int_equal(c.nparents, 1);
	assert_string_equal(c.author.name, "Handläggare  Ett");
	assert_string_equal(c.author.email, "handlaggare-1@example.org");
	assert_int_equal(c.author.time, 1555056000);
	assert_int_equal(c.author.offset, -90);
	assert_string_equal(c.committer.name, "Granskare Ett");
	assert_int_equal(c.committer.time, 1555056060);
	assert_int_equal(c.committer.offset, 120);
	assert_string_equal(c.message, "Record a seminar\n\nApproved-by: granskare-1\n");
	hist_commit_free(&c);
	/* A blob is no commit: the error is libgit2's. */
	free(hex);
	hex = git_line("rev-parse main:README");
	assert_int_equal(history_resolve_short(h, hex, &id), -1);
	history_free(h);
	free(hex);
	free(tree);
	free(parent);
	sh("rm -f odd.id");
}

/* The main line's tip: a revision given, else the main branch (not HEAD), else HEAD. */
static void
test_history__main_line_is_main_before_head(void **state)
{
	history *h;
	hist_oid got, want;

	(void)state;
	sh("git checkout -q -b ml main && echo 1 > ml1 && git add ml1 && git commit -q -m ml1");
	h = open_repo();
	assert_int_equal(history_main_line(h, NULL, &got), 0);
	assert_int_equal(history_resolve(h, "main", &want), 0);
	assert_true(hist_oid_equal(&got, &want));
	assert_int_equal(history_main_line(h, "ml", &got), 0);
	assert_int_equal(history_resolve(h, "HEAD", &want), 0);
	assert_true(hist_oid_equal(&got, &want));
	assert_int_equal(history_main_line(h, "no-such-branch", &got), -1);
	history_free(h);
	/* Without a main branch, HEAD. */
	sh("git branch -q -m main main-old");
	h = open_repo();
	assert_int_equal(history_main_line(h, NULL, &got), 0);
	assert_true(hist_oid_equal(&got, &want));
	history_free(h);
	sh("git branch -q -m main-old main && git checkout -q main");
}

/* A tree read from the object store alone lists what libgit2's parsed tree lists. */
static void
test_history__raw_tree_children_match_the_parsed_ones(void **state)
{
	history *h;
	hist_oid tip;
	hist_commit c;
	hist_entries a = HIST_ENTRIES_INIT, b = HIST_ENTRIES_INIT;
	size_t i;

	(void)state;
	sh("git checkout -q -b raw main && printf '#!/bin/sh\\n' > run.sh && chmod +x run.sh && "
	   "ln -s README link && git add -A && git commit -q -m raw && git checkout -q main");
	h = open_repo();
	assert_int_equal(history_resolve(h, "raw", &tip), 0);
	assert_int_equal(history_commit(h, &tip, &c), 0);
	assert_int_equal(history_tree_children(h, &c.tree, &a), 0);
	assert_int_equal(history_tree_children_raw(h, &c.tree, &b), 0);
	assert_int_equal(a.n, b.n);
	assert_true(a.n >= 4);
	for (i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].path, b.v[i].path);
		assert_true(hist_oid_equal(&a.v[i].oid, &b.v[i].oid));
		assert_int_equal(a.v[i].mode, b.v[i].mode);
	}
	/* A commit is no tree. */
	assert_int_equal(history_tree_children_raw(h, &tip, &b), -1);
	hist_entries_free(&a);
	hist_entries_free(&b);
	hist_commit_free(&c);
	history_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history__tree_entries_list_files_under_a_prefix),
		cmocka_unit_test(test_history__commit_carries_people_dates_and_trailers),
		cmocka_unit_test(test_history__tree_changes_match_git_diff_tree),
		cmocka_unit_test(test_history__file_turned_folder_is_a_deletion_and_an_addition),
		cmocka_unit_test(test_history__index_shows_staged_content_and_conflicts),
		cmocka_unit_test(test_history__first_parent_walk_is_oldest_first_on_request),
		cmocka_unit_test(test_history__first_parents_reach_along_the_line_only),
		cmocka_unit_test(test_history__first_parents_lists_the_line_newest_first),
		cmocka_unit_test(test_history__odd_commit_text_reads_as_libgit2_reads_it),
		cmocka_unit_test(test_history__main_line_is_main_before_head),
		cmocka_unit_test(test_history__raw_tree_children_match_the_parsed_ones),
		cmocka_unit_test(test_history__a_branch_name_means_the_branch_beside_a_tag),
		cmocka_unit_test(test_history__a_folder_outside_git_is_a_clear_error),
	};

	return cmocka_run_group_tests_name("history", tests, setup, remove_repo);
}
