/*
 * Unit tests of rcache, the cache of checked event files: what is put in
 * comes back after a save, from the journal and from the compacted main
 * file, and nothing comes back that was not put in.
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

#include "util/diag.h"
#include "store/history.h"
#include "store/rcache.h"
#include "ledger/records.h"
#include "util/buf.h"

static char dir[64];

/* A deterministic, evenly spread object id for entry i of a set. */
static hist_oid
oid_of(unsigned i, unsigned set)
{
	hist_oid o;
	uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ULL + set * 0xbf58476d1ce4e5b9ULL + 1;
	size_t k;

	for (k = 0; k < HIST_RAWSZ; k++) {
		x ^= x >> 31;
		x *= 0x94d049bb133111ebULL;
		o.id[k] = (unsigned char)(x >> 56);
	}
	return o;
}

static hist_oid
key_of(unsigned char b)
{
	hist_oid o;

	memset(o.id, b, HIST_RAWSZ);
	return o;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/plan-rcache-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Puts n entries of a set: entry 0 an event, the others rejected files with one finding. */
static void
put_set(unsigned n, unsigned set)
{
	hist_oid key = key_of(7);
	rcache *c = rcache_open(dir, &key);
	rec_event e;
	unsigned i;

	memset(&e, 0, sizeof(e));
	e.id = "2019-04-12-anbudsskola";
	e.kind = "workshop";
	e.title = "Anbudsskola";
	e.participants = -1;
	e.valid = 1;
	for (i = 0; i < n; i++) {
		diag_list f = DIAG_LIST_INIT;
		hist_oid o = oid_of(i, set);

		if (i == 0) {
			rcache_put_event(c, &o, &e, &f, 0, 1);
			continue;
		}
		diag_add(&f, "x.yaml", i, 1, DIAG_ERROR, "schema", "finding %u", i);
		rcache_put_event(c, &o, NULL, &f, 0, 0);
		diag_list_free(&f);
	}
	assert_int_equal(rcache_save(c), 0);
	rcache_free(c);
}

/* Every entry of the set comes back with its own finding; ids never put in miss. */
static void
assert_set(unsigned n, unsigned set)
{
	hist_oid key = key_of(7);
	rcache *c = rcache_open(dir, &key);
	ledger *l = ledger_new();
	unsigned i;

	for (i = 0; i < n; i++) {
		diag_list f = DIAG_LIST_INIT;
		hist_oid o = oid_of(i, set);
		int valid = -1;
		char want[32];

		assert_int_equal(rcache_get_event(c, &o, "x.yaml", l, &f, &valid), 1);
		if (i == 0) {
			assert_int_equal(valid, 1);
			assert_int_equal(f.n, 0);
			assert_int_equal(l->nevents, 1);
			assert_string_equal(l->events[0].id, "2019-04-12-anbudsskola");
			assert_string_equal(l->events[0].kind, "workshop");
		} else {
			assert_int_equal(valid, 0);
			assert_int_equal(f.n, 1);
			assert_int_equal(f.items[0].line, i);
			snprintf(want, sizeof(want), "finding %u", i);
			assert_string_equal(f.items[0].message, want);
		}
		diag_list_free(&f);
	}
	for (i = 0; i < 3 * n + 2; i++) {
		diag_list f = DIAG_LIST_INIT;
		hist_oid o = i < 2 ? key_of(i == 0 ? 0x00 : 0xff) : oid_of(i, set + 100);
		int valid = -1;

		assert_int_equal(rcache_get_event(c, &o, "x.yaml", l, &f, &valid), 0);
		assert_int_equal(f.n, 0);
	}
	assert_int_equal(l->nevents, 1);
	ledger_free(l);
	rcache_free(c);
}

static void
test_rcache__a_few_entries_come_back_from_the_journal(void **state)
{
	(void)state;
	put_set(3, 1);
	assert_set(3, 1);
}

static void
test_rcache__many_entries_come_back_from_the_compacted_file(void **state)
{
	(void)state;
	put_set(6000, 2);
	assert_set(6000, 2);
	/* A few more go to the journal beside the main file; both are found. */
	put_set(5, 3);
	assert_set(5, 3);
	assert_set(6000, 2);
}

static void
test_rcache__a_cache_made_under_other_schemas_is_not_used(void **state)
{
	hist_oid key = key_of(8), o = oid_of(1, 2);
	rcache *c;
	ledger *l = ledger_new();
	diag_list f = DIAG_LIST_INIT;
	int valid = -1;

	(void)state;
	put_set(6000, 2);
	c = rcache_open(dir, &key);
	assert_int_equal(rcache_get_event(c, &o, "x.yaml", l, &f, &valid), 0);
	rcache_free(c);
	ledger_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rcache__a_few_entries_come_back_from_the_journal,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_rcache__many_entries_come_back_from_the_compacted_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_rcache__a_cache_made_under_other_schemas_is_not_used, setup, teardown),
	};

	return cmocka_run_group_tests_name("rcache", tests, NULL, NULL);
}
