/*
 * Unit tests of the library's one hash map (util/hmap.h): byte keys by
 * content, pointer keys by identity, borrowed and copied keys, and growth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/hmap.h"

static void
test_hmap__byte_keys_are_found_by_content(void **state)
{
	hmap m = HMAP_INIT;
	char a[] = "I14", b[] = "I14", c[] = "I1";
	int added;
	hmap_entry *e;

	(void)state;
	assert_null(hmap_find(&m, a, 3));
	assert_null(hmap_get(&m, a, 3));
	e = hmap_insert(&m, a, 3, &added);
	assert_true(added);
	assert_int_equal(e->idx, 0);
	e->idx = 7;
	e = hmap_insert(&m, b, 3, &added);
	assert_false(added);
	assert_int_equal(e->idx, 7);
	/* A borrowed key is the caller's own bytes. */
	assert_ptr_equal(e->key, a);
	assert_null(hmap_find(&m, c, 2));
	/* A prefix is another key. */
	assert_null(hmap_find(&m, a, 2));
	assert_int_equal(m.n, 1);
	hmap_free(&m);
	assert_int_equal(m.n, 0);
	assert_null(hmap_find(&m, a, 3));
}

static void
test_hmap__empty_and_binary_keys(void **state)
{
	hmap m = HMAP_INIT_COPY;
	const unsigned char k1[4] = {0, 1, 0, 2}, k2[4] = {0, 1, 0, 3};
	int v1, v2, v3;

	(void)state;
	hmap_put(&m, "", 0, &v1);
	hmap_put(&m, k1, 4, &v2);
	hmap_put(&m, k2, 4, &v3);
	assert_ptr_equal(hmap_get(&m, "", 0), &v1);
	assert_ptr_equal(hmap_get(&m, "x", 0), &v1);
	assert_ptr_equal(hmap_get(&m, k1, 4), &v2);
	assert_ptr_equal(hmap_get(&m, k2, 4), &v3);
	assert_null(hmap_get(&m, k1, 3));
	/* put replaces the value. */
	hmap_put(&m, k1, 4, &v3);
	assert_ptr_equal(hmap_get(&m, k1, 4), &v3);
	assert_int_equal(m.n, 3);
	hmap_free(&m);
}

static void
test_hmap__copied_keys_outlive_the_callers(void **state)
{
	hmap m = HMAP_INIT_COPY;
	const char *path = "records/events/2019/04/2019-04-12-sem.yaml";
	char *k = strdup(path);
	hmap_entry *e;

	(void)state;
	hmap_insert(&m, k, strlen(k), NULL)->idx = 42;
	e = hmap_find(&m, k, strlen(k));
	assert_ptr_not_equal(e->key, k);
	memset(k, 'x', strlen(k));
	free(k);
	e = hmap_find(&m, path, strlen(path));
	assert_non_null(e);
	assert_int_equal(e->idx, 42);
	hmap_free(&m);
}

static void
test_hmap__pointer_keys_are_found_by_identity(void **state)
{
	hmap m = HMAP_INIT;
	char a[] = "same", b[] = "same";
	int v;

	(void)state;
	hmap_put_p(&m, a, &v);
	assert_ptr_equal(hmap_get_p(&m, a), &v);
	assert_null(hmap_get_p(&m, b));
	hmap_free(&m);
}

static void
test_hmap__a_hundred_thousand_keys_through_growth(void **state)
{
	hmap m = HMAP_INIT_COPY;
	char k[32];
	size_t i, n = 100000;
	int added;

	(void)state;
	for (i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "2019-04-12-e%zu", i);
		hmap_insert(&m, k, strlen(k), &added)->idx = i;
		assert_true(added);
	}
	assert_int_equal(m.n, n);
	/* At most three quarters full, a power of two. */
	assert_true(m.n * 4 <= m.cap * 3);
	assert_int_equal(m.cap & (m.cap - 1), 0);
	for (i = 0; i < n; i++) {
		hmap_entry *e;

		snprintf(k, sizeof(k), "2019-04-12-e%zu", i);
		e = hmap_find(&m, k, strlen(k));
		assert_non_null(e);
		assert_int_equal(e->idx, i);
	}
	snprintf(k, sizeof(k), "2019-04-12-e%zu", n);
	assert_null(hmap_find(&m, k, strlen(k)));
	hmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmap__byte_keys_are_found_by_content),
		cmocka_unit_test(test_hmap__empty_and_binary_keys),
		cmocka_unit_test(test_hmap__copied_keys_outlive_the_callers),
		cmocka_unit_test(test_hmap__pointer_keys_are_found_by_identity),
		cmocka_unit_test(test_hmap__a_hundred_thousand_keys_through_growth),
	};

	return cmocka_run_group_tests_name("hmap", tests, NULL, NULL);
}
