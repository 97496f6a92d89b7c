/*
 * Unit tests of the ledger snapshots (store/snapshot.h) through ledger_load,
 * on ledgers built in the test: a tree loaded from its snapshot, and the
 * index loaded as HEAD's snapshot plus the changed paths, give the same
 * ledger and findings as a load without any cache; a damaged or cut
 * snapshot is a miss; a staged schema makes the snapshot unused. And the
 * Git index read from its file (store/gitindex.h) lists what libgit2 lists,
 * in the index formats 2, 3 and 4 and with a merge conflict.
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

#include "store/gitindex.h"
#include "store/store.h"
#include "util/error.h"

#include "gitrepo.h"

static char cwd[4096];
/* Whether the loads keep a snapshot (ledger_load_options.keep_snapshot). */
static int keep = 1;
/* The threads the loads read files on (ledger_load_options.threads). */
static unsigned threads = 1;

static void
snap_event(const char *date, const char *slug, const char *extra)
{
	sh("mkdir -p records/events/%.4s/%.2s && printf 'id: %s-%s\\ndate: %s\\nkind: seminar\\n"
	   "title: Invented event %s\\nindicators: [I14]\\nresponsible: anders.bro\\n%s' "
	   ">records/events/%.4s/%.2s/%s-%s.yaml",
	   date, date + 5, date, slug, date, slug, extra, date, date + 5, date, slug);
}

/* A committed ledger of twelve events, one with a schema error and one with a bad reference. */
static int
setup(void **state)
{
	static const char *const slugs[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
	size_t i;

	(void)state;
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	if (temp_repo("snapshot") != 0)
		return -1;
	git_identity("Handläggare Ett", "handlaggare-1@example.org");
	unsetenv("GIT_INDEX_FILE");
	sh("git init -q -b main . && cp -R %s/schemas %s/records . && git add -A && "
	   "git commit -q -m plan",
	   cwd, cwd);
	for (i = 0; i < sizeof(slugs) / sizeof(slugs[0]); i++) {
		char date[16];

		snprintf(date, sizeof(date), "2019-04-%02zu", i + 10);
		snap_event(date, slugs[i], "");
	}
	snap_event("2019-05-01", "fel", "titel: extra\\n");
	snap_event("2019-05-02", "ref", "");
	sh("sed -i 's/I14/I99/' records/events/2019/05/2019-05-02-ref.yaml");
	sh("git add -A && git commit -q -m events");
	return 0;
}

static ledger *
load(history *h, ledger_where where, int cached, ledger_load_stats *stats, diag_list *findings)
{
	ledger_load_options o;
	ledger_from from;
	ledger *l = NULL;
	char *dir = xasprintf("%s/.git/plan", repo);

	memset(&o, 0, sizeof(o));
	o.cache_dir = cached ? dir : NULL;
	o.keep_snapshot = keep;
	o.threads = threads;
	o.stats = stats;
	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	memset(&from, 0, sizeof(from));
	from.where = where;
	from.root = repo;
	if (where == LEDGER_TREE) {
		hist_oid head;
		hist_commit c;

		assert_int_equal(history_resolve(h, "HEAD", &head), 0);
		assert_int_equal(history_commit(h, &head, &c), 0);
		from.tree = c.tree;
		hist_commit_free(&c);
	}
	if (ledger_load(&l, h, &from, &o, findings) != 0)
		fail_msg("ledger_load: %s", error_last());
	free(dir);
	return l;
}

static void
same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* The same events, in the same order, and the same findings. */
static void
assert_same(const ledger *a, const diag_list *fa, const ledger *b, const diag_list *fb)
{
	size_t i, k;

	assert_int_equal(a->nevents, b->nevents);
	for (i = 0; i < a->nevents; i++) {
		const rec_event *x = &a->events[i], *y = &b->events[i];

		assert_string_equal(x->path, y->path);
		same_string(x->id, y->id);
		same_string(x->title, y->title);
		same_string(x->kind, y->kind);
		assert_int_equal(x->date, y->date);
		assert_int_equal(x->valid, y->valid);
		assert_int_equal(x->id_pos.line, y->id_pos.line);
		assert_memory_equal(x->oid.id, y->oid.id, HIST_RAWSZ);
		assert_int_equal(x->nindicators, y->nindicators);
		for (k = 0; k < x->nindicators; k++)
			same_string(x->indicators[k].id, y->indicators[k].id);
	}
	assert_int_equal(a->nindicators, b->nindicators);
	assert_int_equal(fa->n, fb->n);
	for (i = 0; i < fa->n; i++) {
		same_string(fa->items[i].path, fb->items[i].path);
		same_string(fa->items[i].rule, fb->items[i].rule);
		same_string(fa->items[i].message, fb->items[i].message);
		same_string(fa->items[i].pointer, fb->items[i].pointer);
		assert_int_equal(fa->items[i].line, fb->items[i].line);
		assert_int_equal(fa->items[i].col, fb->items[i].col);
		assert_int_equal(fa->items[i].severity, fb->items[i].severity);
	}
}

/*
 * HEAD's tree read three ways: with no cache, with the cache (on the given
 * number of threads: it writes the snapshot), and from the snapshot alone.
 * All three give the same events and findings. Returns the events' count.
 */
static size_t
assert_snapshot_round_trip(unsigned load_threads)
{
	history *h = open_repo();
	diag_list f0 = DIAG_LIST_INIT, f1 = DIAG_LIST_INIT, f2 = DIAG_LIST_INIT;
	ledger_load_stats s1, s2;
	ledger *l0, *l1, *l2;
	size_t n;

	threads = 1;
	l0 = load(h, LEDGER_TREE, 0, NULL, &f0);
	n = l0->nevents;
	assert_true(diag_errors(&f0) > 0);
	threads = load_threads;
	l1 = load(h, LEDGER_TREE, 1, &s1, &f1);
	threads = 1;
	assert_int_equal(s1.from_snapshot, 0);
	assert_int_equal(s1.misses, n);
	/* Gone from the cache of single files: only the snapshot can answer. */
	sh("rm -f .git/plan/events.* .git/plan/trees.bin && ls .git/plan/snap-*.bin");
	l2 = load(h, LEDGER_TREE, 1, &s2, &f2);
	assert_int_equal(s2.from_snapshot, n);
	assert_int_equal(s2.misses, 0);
	assert_same(l0, &f0, l1, &f1);
	assert_same(l0, &f0, l2, &f2);
	assert_true(l2->has_tree);
	ledger_free(l0);
	ledger_free(l1);
	ledger_free(l2);
	diag_list_free(&f0);
	diag_list_free(&f1);
	diag_list_free(&f2);
	history_free(h);
	return n;
}

static void
test_snapshot__a_tree_from_its_snapshot_is_the_same_as_read_anew(void **state)
{
	(void)state;
	assert_int_equal(assert_snapshot_round_trip(1), 12);
}

/*
 * A tree read on several threads, in pieces of files merged in order,
 * writes the same snapshot as one thread does: the snapshot's notes name
 * each file's event and findings in the merged ledger, not in its piece.
 */
static void
test_snapshot__a_snapshot_written_on_several_threads_is_the_same(void **state)
{
	(void)state;
	/* Some 280 events: several pieces, and findings in more than one of them. */
	sh("for d in 01 02 03; do for i in $(seq 10 99); do "
	   "mkdir -p records/events/2020/$d && printf 'id: 2020-%%s-%%s-t\\ndate: 2020-%%s-%%02d\\n"
	   "kind: seminar\\ntitle: Invented event\\nindicators: [I14]\\nresponsible: anders.bro\\n' "
	   "$d $i $d $((i %% 28 + 1)) >records/events/2020/$d/2020-$d-$i-t.yaml; done; done");
	sh("printf 'titel: extra\\n' >>records/events/2020/02/2020-02-50-t.yaml");
	sh("sed -i 's/I14/I99/' records/events/2020/03/2020-03-77-t.yaml");
	sh("git add -A && git commit -q -m more");
	assert_int_equal(assert_snapshot_round_trip(3), 12 + 3 * 90);
}

static void
test_snapshot__only_loads_asked_to_keep_one_write_it_and_all_use_it(void **state)
{
	history *h = open_repo();
	diag_list f = DIAG_LIST_INIT;
	ledger_load_stats s;

	(void)state;
	keep = 0;
	ledger_free(load(h, LEDGER_TREE, 1, &s, &f));
	sh("! ls .git/plan/snap-*.bin");
	keep = 1;
	ledger_free(load(h, LEDGER_TREE, 1, &s, &f));
	sh("ls .git/plan/snap-*.bin");
	keep = 0;
	ledger_free(load(h, LEDGER_TREE, 1, &s, &f));
	assert_int_equal(s.from_snapshot, 12);
	keep = 1;
	diag_list_free(&f);
	history_free(h);
}

static void
test_snapshot__a_damaged_or_cut_snapshot_is_a_miss(void **state)
{
	static const char *const damage[] = {
		/* cut in half */
		"f=$(ls .git/plan/snap-*.bin) && head -c $(($(stat -c %s $f) / 2)) $f >t && mv t $f",
		/* one byte changed in the middle */
		"f=$(ls .git/plan/snap-*.bin) && n=$(($(stat -c %s $f) / 2)) && "
		"printf 'X' | dd of=$f bs=1 seek=$n conv=notrunc",
		/* only the header left */
		"f=$(ls .git/plan/snap-*.bin) && head -c 60 $f >t && mv t $f",
	};
	history *h = open_repo();
	diag_list f0 = DIAG_LIST_INIT;
	ledger *l0;
	size_t i;

	(void)state;
	l0 = load(h, LEDGER_TREE, 0, NULL, &f0);
	for (i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		diag_list f = DIAG_LIST_INIT;
		ledger_load_stats s;
		ledger *l;

		sh("rm -rf .git/plan");
		ledger_free(load(h, LEDGER_TREE, 1, NULL, &f));
		diag_list_free(&f);
		sh("rm -f .git/plan/events.*");
		sh("%s", damage[i]);
		l = load(h, LEDGER_TREE, 1, &s, &f);
		assert_int_equal(s.from_snapshot, 0);
		assert_int_equal(s.misses, 12);
		assert_same(l0, &f0, l, &f);
		ledger_free(l);
		diag_list_free(&f);
	}
	ledger_free(l0);
	diag_list_free(&f0);
	history_free(h);
}

static void
test_snapshot__the_index_is_heads_snapshot_and_the_changed_paths(void **state)
{
	history *h = open_repo();
	diag_list f0 = DIAG_LIST_INIT, f1 = DIAG_LIST_INIT, ft = DIAG_LIST_INIT;
	ledger_load_stats s;
	ledger *l0, *l1;

	(void)state;
	ledger_free(load(h, LEDGER_TREE, 1, NULL, &ft));
	/* Added, changed (now valid), deleted. */
	snap_event("2019-06-01", "ny", "");
	sh("sed -i 's/I99/I14/' records/events/2019/05/2019-05-02-ref.yaml");
	sh("git rm -q records/events/2019/04/2019-04-10-a.yaml && git add -A");
	l0 = load(h, LEDGER_INDEX, 0, NULL, &f0);
	l1 = load(h, LEDGER_INDEX, 1, &s, &f1);
	assert_int_equal(l0->nevents, 12);
	assert_int_equal(s.from_snapshot, 10);
	assert_int_equal(s.hits + s.misses, 12);
	assert_same(l0, &f0, l1, &f1);
	ledger_free(l0);
	ledger_free(l1);
	diag_list_free(&f0);
	diag_list_free(&f1);
	diag_list_free(&ft);
	history_free(h);
}

static void
test_snapshot__a_staged_schema_leaves_the_snapshot_unused(void **state)
{
	history *h = open_repo();
	diag_list f0 = DIAG_LIST_INIT, f1 = DIAG_LIST_INIT, ft = DIAG_LIST_INIT;
	ledger_load_stats s;
	ledger *l0, *l1;

	(void)state;
	ledger_free(load(h, LEDGER_TREE, 1, NULL, &ft));
	/* Titles of at most ten characters: every event breaks the new rule. */
	sh("sed -i 's/^    maxLength: .*/    maxLength: 10/' schemas/common.schema.yaml && "
	   "grep -q 'maxLength: 10' schemas/common.schema.yaml && git add schemas");
	l0 = load(h, LEDGER_INDEX, 0, NULL, &f0);
	l1 = load(h, LEDGER_INDEX, 1, &s, &f1);
	assert_int_equal(s.from_snapshot, 0);
	assert_true(diag_errors(&f0) > diag_errors(&ft));
	assert_same(l0, &f0, l1, &f1);
	ledger_free(l0);
	ledger_free(l1);
	diag_list_free(&f0);
	diag_list_free(&f1);
	diag_list_free(&ft);
	history_free(h);
}

/* What libgit2 and the direct reader list of the index: the same entries. */
static void
same_index_listing(history *h)
{
	static const char *const prefixes[] = {"records", "schemas"};
	hist_entries a = HIST_ENTRIES_INIT, b = HIST_ENTRIES_INIT;
	char *path = gitindex_path(h);
	size_t i;

	assert_int_equal(history_index_entries(h, "records", &a), 0);
	assert_int_equal(history_index_entries(h, "schemas", &a), 0);
	assert_int_equal(gitindex_entries(path, prefixes, 2, &b), 0);
	assert_true(a.n > 10);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].path, b.v[i].path);
		assert_memory_equal(a.v[i].oid.id, b.v[i].oid.id, HIST_RAWSZ);
		assert_int_equal(a.v[i].mode, b.v[i].mode);
		assert_int_equal(a.v[i].stage, b.v[i].stage);
	}
	hist_entries_free(&a);
	hist_entries_free(&b);
	free(path);
}

static void
test_snapshot__the_index_file_read_directly_lists_what_libgit2_lists(void **state)
{
	static const char *const forms[] = {
		"git update-index --index-version 2",
		/* extended flags make format 3 */
		"git update-index --index-version 3 && "
		"git update-index --skip-worktree records/events/2019/04/2019-04-11-b.yaml",
		"git update-index --index-version 4",
	};
	size_t i;

	(void)state;
	sh("chmod +x records/events/2019/04/2019-04-12-c.yaml && ln -s plan.yaml records/lank.yaml "
	   "&& git add -A");
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		history *h;

		sh("%s", forms[i]);
		h = open_repo();
		same_index_listing(h);
		history_free(h);
	}
	/* A merge conflict: stages 1 to 3 of one path. */
	sh("git update-index --index-version 2 && git commit -q -m forms && "
	   "git checkout -q -b other && sed -i 's/Invented/Other/' "
	   "records/events/2019/04/2019-04-13-d.yaml && git commit -q -am other && "
	   "git checkout -q main && sed -i 's/Invented/Main/' "
	   "records/events/2019/04/2019-04-13-d.yaml && git commit -q -am main && "
	   "{ git merge -q other || true; } && git ls-files -u | grep -q .");
	{
		history *h = open_repo();
		hist_entries e = HIST_ENTRIES_INIT;
		static const char *const prefixes[] = {"records"};
		char *path = gitindex_path(h);
		size_t k, staged = 0;

		same_index_listing(h);
		assert_int_equal(gitindex_entries(path, prefixes, 1, &e), 0);
		for (k = 0; k < e.n; k++)
			staged += e.v[k].stage > 0;
		assert_int_equal(staged, 3);
		hist_entries_free(&e);
		free(path);
		history_free(h);
	}
	/* Not an index: left to libgit2. */
	{
		hist_entries e = HIST_ENTRIES_INIT;
		static const char *const prefixes[] = {"records"};
		char *bad = xasprintf("%s/not-an-index", repo);

		sh("printf 'DIRC\\000\\000\\000\\002\\000\\000\\000\\005short' >not-an-index");
		assert_int_equal(gitindex_entries(bad, prefixes, 1, &e), 1);
		assert_int_equal(e.n, 0);
		hist_entries_free(&e);
		free(bad);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_snapshot__a_tree_from_its_snapshot_is_the_same_as_read_anew, setup, remove_repo),
		cmocka_unit_test_setup_teardown(
			test_snapshot__only_loads_asked_to_keep_one_write_it_and_all_use_it, setup,
			remove_repo),
		cmocka_unit_test_setup_teardown(
		    test_snapshot__a_snapshot_written_on_several_threads_is_the_same, setup, remove_repo),
		cmocka_unit_test_setup_teardown(test_snapshot__a_damaged_or_cut_snapshot_is_a_miss,
						setup, remove_repo),
		cmocka_unit_test_setup_teardown(
			test_snapshot__the_index_is_heads_snapshot_and_the_changed_paths, setup, remove_repo),
		cmocka_unit_test_setup_teardown(test_snapshot__a_staged_schema_leaves_the_snapshot_unused,
						setup, remove_repo),
		cmocka_unit_test_setup_teardown(
			test_snapshot__the_index_file_read_directly_lists_what_libgit2_lists, setup,
			remove_repo),
	};

	return cmocka_run_group_tests_name("snapshot", tests, NULL, NULL);
}
