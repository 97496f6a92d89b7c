/*
 * Unit tests of a ledger loaded on several threads (ledger_load_options
 * threads): on a ledger built in the test with some hundred events and bad
 * files among them (YAML errors, schema errors, a file too large, a named
 * pipe, a symbolic link, a file where no record belongs, one that cannot be
 * read), the ledger and the findings are the same, in the same order, as
 * when one thread loads it, with and without the cache kept between runs;
 * and a folder that cannot be listed gives the same error.
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

static char cwd[4096];

static int
setup(void **state)
{
	(void)state;
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	if (temp_repo("threads") != 0)
		return -1;
	git_identity("Handläggare Ett", "handlaggare-1@example.org");
	sh("git init -q -b main . && cp -R %s/schemas %s/records . && git add -A && "
	   "git commit -q -m plan",
	   cwd, cwd);
	/* 600 events over 12 months (more than a few pieces of files); every
	 * 7th names an indicator that does not exist, every 11th has a field no
	 * event has, every 13th no kind. */
	sh("python3 -c \"\nimport os\nfor i in range(600):\n"
	   "    m, d = '%%02d' %% (i %% 12 + 1), '%%02d' %% (i %% 28 + 1)\n"
	   "    os.makedirs('records/events/2019/' + m, exist_ok=True)\n"
	   "    kind = '' if i %% 13 == 0 else 'kind: seminar'\n"
	   "    ind = 'I99' if i %% 7 == 0 else 'I14'\n"
	   "    extra = 'titel: extra' if i %% 11 == 0 else ''\n"
	   "    open('records/events/2019/%%s/2019-%%s-%%s-e%%d.yaml' %% (m, m, d, i), 'w').write("
	   "'id: 2019-%%s-%%s-e%%d\\\\ndate: 2019-%%s-%%s\\\\n%%s\\\\ntitle: Event %%d\\\\n"
	   "indicators: [%%s]\\\\nresponsible: anders.bro\\\\n%%s\\\\n' "
	   "%% (m, d, i, m, d, kind, i, ind, extra))\n\"");
	/* Bad files among them. */
	sh("printf 'id: [unclosed\\n' >records/events/2019/03/2019-03-05-yaml-error.yaml && "
	   "printf 'id: 2019-05-06-tab\\n\\tdate: x\\n' >records/events/2019/05/2019-05-06-tab.yaml && "
	   "printf 'notes\\n' >records/events/2019/06/notes.txt && "
	   "head -c 70000 /dev/zero | tr '\\0' a >records/events/2019/07/2019-07-01-big.yaml && "
	   "git add -A && git commit -q -m events && "
	   "mkfifo records/events/2019/08/2019-08-01-pipe.yaml && "
	   "ln -s ../../../plan.yaml records/events/2019/09/2019-09-01-link.yaml");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("chmod -R u+rwx %s; rm -rf %s", repo, repo);

	(void)state;
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	return 0;
}

/* Loads (and checks the rules over) the ledger; returns ledger_load's result. */
static int
load(history *h, ledger_where where, unsigned threads, const char *cache_dir, ledger **l,
     diag_list *findings, ledger_load_stats *stats)
{
	ledger_load_options o;
	ledger_from from;
	check_options co;

	memset(&o, 0, sizeof(o));
	o.cache_dir = cache_dir;
	o.threads = threads;
	o.stats = stats;
	memset(&from, 0, sizeof(from));
	from.where = where;
	from.root = repo;
	memset(&co, 0, sizeof(co));
	co.today = 18000; /* 2019-04-14 */
	co.today_words = "today";
	co.threads = threads;
	return store_check(l, h, &from, &o, &co, findings);
}

static void
assert_same_ledger(const ledger *a, const ledger *b)
{
	size_t i;

	assert_int_equal(a->nevents, b->nevents);
	for (i = 0; i < a->nevents; i++) {
		const rec_event *x = &a->events[i], *y = &b->events[i];

		assert_string_equal(x->path, y->path);
		if (x->id != NULL || y->id != NULL)
			assert_string_equal(x->id != NULL ? x->id : "(none)", y->id != NULL ? y->id : "(none)");
		assert_int_equal(x->valid, y->valid);
		assert_int_equal(x->date, y->date);
		assert_int_equal(x->nindicators, y->nindicators);
		assert_int_equal(x->superseded_by, y->superseded_by);
	}
	assert_int_equal(a->ngoals, b->ngoals);
	assert_int_equal(a->nactivities, b->nactivities);
	assert_int_equal(a->nindicators, b->nindicators);
	assert_int_equal(a->npeople, b->npeople);
	for (i = 0; i < a->nindicators; i++)
		assert_string_equal(a->indicators[i].path, b->indicators[i].path);
	assert_non_null(a->plan);
	assert_non_null(b->plan);
	assert_string_equal(a->plan->path, b->plan->path);
}

static void
assert_same_findings(const diag_list *a, const diag_list *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		const diag *x = &a->items[i], *y = &b->items[i];

		assert_string_equal(x->path, y->path);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->col, y->col);
		assert_int_equal(x->severity, y->severity);
		assert_string_equal(x->rule, y->rule);
		assert_string_equal(x->message, y->message);
	}
}

static size_t
count_rule(const diag_list *f, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += strcmp(f->items[i].rule, rule) == 0;
	return n;
}

static void
test_store_threads__the_same_ledger_and_findings_as_one_thread(void **state)
{
	history *h = open_repo();
	static const unsigned threads[] = {2, 3, 8};
	diag_list one = DIAG_LIST_INIT;
	ledger *serial = NULL;
	size_t t;

	(void)state;
	assert_int_equal(load(h, LEDGER_WORKTREE, 1, NULL, &serial, &one, NULL), 0);
	/* The bad files are there to be found. */
	assert_true(serial->nevents > 500);
	assert_true(count_rule(&one, "yaml") >= 3);
	assert_true(count_rule(&one, "schema") > 40);
	assert_true(count_rule(&one, "file") >= 3);
	assert_true(count_rule(&one, "ref") > 50);
	for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		diag_list many = DIAG_LIST_INIT;
		ledger *l = NULL;

		assert_int_equal(load(h, LEDGER_WORKTREE, threads[t], NULL, &l, &many, NULL), 0);
		assert_same_ledger(serial, l);
		assert_same_findings(&one, &many);
		ledger_free(l);
		diag_list_free(&many);
	}
	ledger_free(serial);
	diag_list_free(&one);
	/* The index and a commit's tree too (their files read from Git). */
	{
		static const ledger_where where[] = {LEDGER_INDEX};
		diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT;
		ledger *la = NULL, *lb = NULL;

		assert_int_equal(load(h, where[0], 1, NULL, &la, &a, NULL), 0);
		assert_int_equal(load(h, where[0], 4, NULL, &lb, &b, NULL), 0);
		assert_true(la->nevents > 500);
		assert_same_ledger(la, lb);
		assert_same_findings(&a, &b);
		ledger_free(la);
		ledger_free(lb);
		diag_list_free(&a);
		diag_list_free(&b);
	}
	history_free(h);
}

static void
test_store_threads__the_cache_gives_the_same_on_any_number_of_threads(void **state)
{
	history *h = open_repo();
	char *d1 = xasprintf("%s/.git/plan-1", repo), *d4 = xasprintf("%s/.git/plan-4", repo);
	diag_list none = DIAG_LIST_INIT;
	ledger *base = NULL;
	int run;

	(void)state;
	assert_int_equal(load(h, LEDGER_WORKTREE, 1, NULL, &base, &none, NULL), 0);
	/* Cold, then warm (from the cache), on one thread and on four. */
	for (run = 0; run < 2; run++) {
		diag_list f1 = DIAG_LIST_INIT, f4 = DIAG_LIST_INIT;
		ledger_load_stats s1, s4;
		ledger *l1 = NULL, *l4 = NULL;

		memset(&s1, 0, sizeof(s1));
		memset(&s4, 0, sizeof(s4));
		assert_int_equal(load(h, LEDGER_WORKTREE, 1, d1, &l1, &f1, &s1), 0);
		assert_int_equal(load(h, LEDGER_WORKTREE, 4, d4, &l4, &f4, &s4), 0);
		assert_same_ledger(base, l1);
		assert_same_ledger(base, l4);
		assert_same_findings(&none, &f1);
		assert_same_findings(&none, &f4);
		assert_int_equal(s1.hits, s4.hits);
		assert_int_equal(s1.misses, s4.misses);
		assert_int_equal(s1.record_files, s4.record_files);
		if (run == 0)
			assert_int_equal(s4.hits, 0);
		else
			assert_true(s4.hits > 500);
		ledger_free(l1);
		ledger_free(l4);
		diag_list_free(&f1);
		diag_list_free(&f4);
	}
	/* Both caches hold the same events. */
	sh("cmp .git/plan-1/events.new .git/plan-4/events.new || cmp .git/plan-1/events.bin "
	   ".git/plan-4/events.bin");
	ledger_free(base);
	diag_list_free(&none);
	free(d1);
	free(d4);
	history_free(h);
}

static void
test_store_threads__a_folder_that_cannot_be_read_gives_the_same_error(void **state)
{
	history *h = open_repo();
	char first[1024];
	unsigned t;

	(void)state;
	/* Too deep, in two places: the first by path is named, whichever thread meets it. */
	sh("mkdir -p records/events/2019/10/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q "
	   "records/events/2019/11/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q");
	for (t = 1; t <= 4; t++) {
		diag_list f = DIAG_LIST_INIT;
		ledger *l = NULL;

		assert_int_equal(load(h, LEDGER_WORKTREE, t, NULL, &l, &f, NULL), -1);
		assert_null(l);
		if (t == 1) {
			snprintf(first, sizeof(first), "%s", error_last());
			assert_non_null(strstr(first, "records/events/2019/10/"));
			assert_non_null(strstr(first, "nested more than"));
		} else {
			assert_string_equal(error_last(), first);
		}
		diag_list_free(&f);
	}
	sh("rm -rf records/events/2019/10/a records/events/2019/11/a");
	/* A file that cannot be read (when permissions hold: not for root). */
	if (geteuid() != 0) {
		sh("chmod 000 records/events/2019/04/2019-04-04-e3.yaml "
		   "records/events/2019/12/2019-12-12-e11.yaml");
		for (t = 1; t <= 4; t++) {
			diag_list f = DIAG_LIST_INIT;
			ledger *l = NULL;

			assert_int_equal(load(h, LEDGER_WORKTREE, t, NULL, &l, &f, NULL), -1);
			if (t == 1)
				snprintf(first, sizeof(first), "%s", error_last());
			else
				assert_string_equal(error_last(), first);
			assert_non_null(strstr(first, "2019-04-04-e3.yaml"));
			diag_list_free(&f);
		}
	}
	history_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_threads__the_same_ledger_and_findings_as_one_thread),
		cmocka_unit_test(test_store_threads__the_cache_gives_the_same_on_any_number_of_threads),
		cmocka_unit_test(test_store_threads__a_folder_that_cannot_be_read_gives_the_same_error),
	};

	/* One ledger for all: building it is the slow part. */
	return cmocka_run_group_tests_name("store_threads", tests, setup, teardown);
}
