/*
 * Unit tests of store: ledger_load on ledgers built in the test (the
 * project's own plan records and schemas, events written here), from a
 * commit's tree, the index and the work tree; the cache kept between runs
 * found on a second load, and a damaged cache a miss that changes nothing.
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

#include "store/store.h"
#include "util/error.h"

#include "gitrepo.h"

/* Committed: a; staged: b; only in the work tree: c. */
static int
setup(void **state)
{
	(void)state;
	ledger_repo("store");
	write_event("2019-04-12", "a", "seminar", "I14");
	sh(AS(1, "2019-04-12") "git commit -q -m a");
	write_event("2019-04-13", "b", "seminar", "I14");
	put_event("2019-04-14", "c", "seminar", "I14", "");
	return 0;
}

static void
head_tree(history *h, hist_oid *tree)
{
	hist_oid head;
	hist_commit c;

	assert_int_equal(history_resolve(h, "HEAD", &head), 0);
	assert_int_equal(history_commit(h, &head, &c), 0);
	*tree = c.tree;
	hist_commit_free(&c);
}

static ledger *
load(history *h, ledger_where where, const char *cache_dir, ledger_load_stats *stats,
     diag_list *findings)
{
	ledger_load_options o;
	ledger_from from;
	ledger *l = NULL;

	memset(&o, 0, sizeof(o));
	o.cache_dir = cache_dir;
	o.stats = stats;
	memset(&from, 0, sizeof(from));
	from.where = where;
	from.root = repo;
	if (where == LEDGER_TREE)
		head_tree(h, &from.tree);
	if (ledger_load(&l, h, &from, &o, findings) != 0)
		fail_msg("ledger_load: %s", error_last());
	return l;
}

static int
has_event(const ledger *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->nevents; i++)
		if (strcmp(l->events[i].id, id) == 0)
			return 1;
	return 0;
}

static void
test_store__tree_index_and_work_tree_each_hold_their_own_events(void **state)
{
	history *h = open_repo();
	diag_list f = DIAG_LIST_INIT;
	ledger *tree, *index, *wt;

	(void)state;
	tree = load(h, LEDGER_TREE, NULL, NULL, &f);
	index = load(h, LEDGER_INDEX, NULL, NULL, &f);
	wt = load(h, LEDGER_WORKTREE, NULL, NULL, &f);
	assert_int_equal(diag_errors(&f), 0);
	assert_int_equal(tree->nevents, 1);
	assert_true(has_event(tree, "2019-04-12-a"));
	assert_int_equal(index->nevents, 2);
	assert_true(has_event(index, "2019-04-13-b"));
	assert_int_equal(wt->nevents, 3);
	assert_true(has_event(wt, "2019-04-14-c"));
	/* The plan's records come with each. */
	assert_non_null(tree->plan);
	assert_true(tree->ngoals > 0 && tree->ngoals == wt->ngoals);
	assert_true(tree->nindicators > 0 && tree->nindicators == index->nindicators);
	/* Only a commit's tree is named by an id, for the rules' cache. */
	assert_true(tree->has_tree);
	assert_false(index->has_tree || wt->has_tree);
	ledger_free(tree);
	ledger_free(index);
	ledger_free(wt);
	diag_list_free(&f);
	history_free(h);
}

static void
test_store__load_gives_file_findings_and_check_the_rules(void **state)
{
	history *h = open_repo();
	diag_list f = DIAG_LIST_INIT;
	check_options co;
	ledger_from from;
	ledger *l;
	size_t i, schema = 0, ref = 0;

	(void)state;
	/* A field no event has (schema) and an indicator that does not exist (ref). */
	put_event("2019-04-15", "d", "seminar", "I14", "titel: extra\\n");
	sh("sed -i 's/I14/I99/' records/events/2019/04/2019-04-15-d.yaml");
	l = load(h, LEDGER_WORKTREE, NULL, NULL, &f);
	for (i = 0; i < f.n; i++) {
		schema += strcmp(f.items[i].rule, "schema") == 0;
		ref += strcmp(f.items[i].rule, "ref") == 0;
	}
	assert_true(schema > 0);
	assert_int_equal(ref, 0);
	/* check over the loaded ledger adds the rules' findings. */
	memset(&co, 0, sizeof(co));
	co.today = -1;
	check_ledger(l, &co, &f);
	for (i = 0, ref = 0; i < f.n; i++)
		ref += strcmp(f.items[i].rule, "ref") == 0;
	assert_true(ref > 0);
	ledger_free(l);
	diag_list_free(&f);
	/* store_check does both, and keeps only the paths asked for. */
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = repo;
	{
		const char *only[] = {"records/events/2019/04/2019-04-15-d.yaml"};

		co.only = only;
		co.nonly = 1;
		assert_int_equal(store_check(NULL, h, &from, NULL, &co, &f), 0);
	}
	assert_true(f.n > 0);
	for (i = 0; i < f.n; i++)
		assert_string_equal(f.items[i].path, "records/events/2019/04/2019-04-15-d.yaml");
	diag_list_free(&f);
	history_free(h);
}

static void
test_store__files_in_memory_stand_over_the_source(void **state)
{
	history *h = open_repo();
	diag_list f = DIAG_LIST_INIT;
	ledger_file files[2];
	ledger_from from;
	ledger *l = NULL;
	const char *text = "id: 2019-04-20-m\ndate: 2019-04-20\nkind: seminar\ntitle: In memory\n"
			   "indicators: [I14]\nresponsible: handlaggare-1\n";

	(void)state;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	head_tree(h, &from.tree);
	files[0].path = "records/events/2019/04/2019-04-20-m.yaml";
	files[0].data = text;
	files[0].len = strlen(text);
	files[1].path = "records/events/2019/04/2019-04-12-a.yaml";
	files[1].data = NULL;
	from.files = files;
	from.nfiles = 2;
	assert_int_equal(ledger_load(&l, h, &from, NULL, &f), 0);
	assert_int_equal(l->nevents, 1);
	assert_true(has_event(l, "2019-04-20-m"));
	/* No longer the tree its id names. */
	assert_false(l->has_tree);
	ledger_free(l);
	diag_list_free(&f);
	history_free(h);
}

static void
test_store__a_second_load_is_found_in_the_cache(void **state)
{
	history *h = open_repo();
	diag_list f1 = DIAG_LIST_INIT, f2 = DIAG_LIST_INIT;
	ledger_load_stats s1, s2;
	char *dir = xasprintf("%s/.git/plan", repo);
	ledger *a, *b;

	(void)state;
	memset(&s1, 0, sizeof(s1));
	memset(&s2, 0, sizeof(s2));
	a = load(h, LEDGER_WORKTREE, dir, &s1, &f1);
	assert_int_equal(s1.hits, 0);
	assert_int_equal(s1.misses, 3);
	b = load(h, LEDGER_WORKTREE, dir, &s2, &f2);
	assert_int_equal(s2.misses, 0);
	assert_int_equal(s2.hits, 3);
	/* Known unchanged by their stat data, except those written this very second. */
	assert_true(s2.stat_hits <= 3);
	assert_int_equal(b->nevents, a->nevents);
	assert_int_equal(f2.n, f1.n);
	assert_int_equal(s2.record_files, s1.record_files);
	ledger_free(a);
	ledger_free(b);
	/* The tree's blobs are found by id: a hit without reading them. */
	memset(&s2, 0, sizeof(s2));
	b = load(h, LEDGER_TREE, dir, &s2, &f2);
	assert_int_equal(s2.hits, 1);
	assert_int_equal(s2.misses, 0);
	ledger_free(b);
	diag_list_free(&f1);
	diag_list_free(&f2);
	free(dir);
	history_free(h);
}

static void
test_store__a_damaged_cache_is_a_miss(void **state)
{
	history *h = open_repo();
	diag_list f1 = DIAG_LIST_INIT, f2 = DIAG_LIST_INIT;
	ledger_load_stats s;
	char *dir = xasprintf("%s/.git/plan", repo);
	ledger *a, *b;
	size_t i;

	(void)state;
	/* A finding to compare: an event with a field no event has. */
	put_event("2019-04-16", "e", "seminar", "I14", "titel: extra\\n");
	a = load(h, LEDGER_WORKTREE, dir, NULL, &f1);
	assert_true(diag_errors(&f1) > 0);
	/* One byte changed in the middle of every cache file. */
	sh("for f in .git/plan/*.bin .git/plan/*.new; do [ -f \"$f\" ] || continue; "
	   "n=$(($(stat -c %%s \"$f\") / 2)); printf 'X' | dd of=\"$f\" bs=1 seek=$n "
	   "conv=notrunc 2>/dev/null; done");
	memset(&s, 0, sizeof(s));
	b = load(h, LEDGER_WORKTREE, dir, &s, &f2);
	assert_int_equal(s.hits, 0);
	assert_int_equal(s.stat_hits, 0);
	assert_int_equal(s.misses, 4);
	assert_int_equal(b->nevents, a->nevents);
	assert_int_equal(f2.n, f1.n);
	for (i = 0; i < f1.n; i++) {
		assert_string_equal(f2.items[i].path, f1.items[i].path);
		assert_string_equal(f2.items[i].message, f1.items[i].message);
	}
	ledger_free(a);
	ledger_free(b);
	diag_list_free(&f1);
	diag_list_free(&f2);
	free(dir);
	history_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_store__tree_index_and_work_tree_each_hold_their_own_events, setup, remove_repo),
		cmocka_unit_test_setup_teardown(test_store__load_gives_file_findings_and_check_the_rules,
						setup, remove_repo),
		cmocka_unit_test_setup_teardown(test_store__files_in_memory_stand_over_the_source,
						setup, remove_repo),
		cmocka_unit_test_setup_teardown(test_store__a_second_load_is_found_in_the_cache, setup,
						remove_repo),
		cmocka_unit_test_setup_teardown(test_store__a_damaged_cache_is_a_miss, setup, remove_repo),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
