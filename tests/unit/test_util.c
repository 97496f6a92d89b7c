/* Unit tests of the util layer: dates, UTF-8, buffers, atomic writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/diag.h"
#include "util/binio.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/oid.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Removes a test's temporary folder and all in it. */
static void
remove_dir(const char *dir)
{
	char *cmd = xasprintf("rm -rf %s", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
test_date__round_trips_every_day_of_the_plan_period(void **state)
{
	date_days d, start = date_from_ymd(2017, 12, 1), end = date_from_ymd(2022, 2, 1);
	char s[DATE_BUFSZ];

	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	for (d = start; d < end; d++) {
		date_days back;

		date_format(d, s);
		assert_int_equal(date_parse(s, strlen(s), &back), 0);
		assert_int_equal(back, d);
	}
	assert_int_equal(end - start, 365 * 4 + 1 + 31 + 31);
}

static void
test_date__rejects_days_that_do_not_exist(void **state)
{
	date_days d;

	(void)state;
	assert_int_equal(date_parse("2019-02-30", 10, &d), -1);
	assert_int_equal(date_parse("2019-13-01", 10, &d), -1);
	assert_int_equal(date_parse("2019-4-12", 9, &d), -1);
	assert_int_equal(date_parse("2019-04-12x", 11, &d), -1);
	assert_int_equal(date_parse("2020-02-29", 10, &d), 0);
	assert_int_equal(date_parse("2100-02-29", 10, &d), -1);
}

static void
test_date__unix_time_with_offset_falls_on_the_local_day(void **state)
{
	(void)state;
	/* 2019-04-11T23:30:00Z is 2019-04-12 in Stockholm (+02:00). */
	assert_int_equal(date_from_time(1555025400, 120), date_from_ymd(2019, 4, 12));
	assert_int_equal(date_from_time(1555025400, 0), date_from_ymd(2019, 4, 11));
	assert_int_equal(date_from_time(-1, 0), -1);
}

static void
test_utf8__rejects_overlongs_and_surrogates(void **state)
{
	size_t bad = 0;
	uint32_t cp;

	(void)state;
	assert_true(utf8_valid("Örebro län", strlen("Örebro län"), NULL));
	assert_false(utf8_valid("a\xc0\xaf", 3, &bad));
	assert_int_equal(bad, 1);
	assert_false(utf8_valid("\xed\xa0\x80", 3, NULL));
	assert_int_equal(utf8_decode("\xf0\x9f\x92\xa9", 4, &cp), 4);
	assert_int_equal(cp, 0x1f4a9);
	assert_int_equal(utf8_count("Hösten", strlen("Hösten")), 6);
}

static void
test_buf__json_strings_escape_controls(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	buf_put_json_str(&b, "a\"b\\c\n\x01", 7);
	assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\"");
	buf_free(&b);
}

static void
test_fsutil__atomic_write_never_clobbers(void **state)
{
	char dir[] = "/tmp/plan-util-XXXXXX";
	char *path;
	buf b = BUF_INIT;
	int exists = 0, too_big = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/sub/a.yaml", dir);
	{
		char *sub = xasprintf("%s/sub", dir);

		assert_int_equal(fsutil_mkdirs(sub), 0);
		free(sub);
	}
	assert_int_equal(fsutil_write_atomic(path, "one\n", 4, 1, &exists), 0);
	assert_int_equal(fsutil_write_atomic(path, "two\n", 4, 1, &exists), -1);
	assert_true(exists);
	assert_int_equal(fsutil_read_file(path, 100, &b, &too_big), 0);
	assert_string_equal(b.ptr, "one\n");
	assert_int_equal(fsutil_read_file(path, 2, &b, &too_big), 0);
	assert_true(too_big);
	buf_free(&b);
	remove_dir(dir);
	free(path);
}

/* The last part of a path, and its length without the suffix when it has it. */
static void
test_fsutil__base_names_the_last_part_without_its_suffix(void **state)
{
	size_t n;

	(void)state;
	assert_string_equal(fsutil_base("records/goals/M1.yaml", ".yaml", &n), "M1.yaml");
	assert_int_equal(n, 2);
	assert_string_equal(fsutil_base("https://example.org/plan.git", ".git", &n), "plan.git");
	assert_int_equal(n, 4);
	assert_string_equal(fsutil_base("plan", ".git", &n), "plan");
	assert_int_equal(n, 4);
	/* A name that is only the suffix keeps it. */
	assert_string_equal(fsutil_base("x/.git", ".git", &n), ".git");
	assert_int_equal(n, 4);
	assert_string_equal(fsutil_base("x/", ".git", &n), "");
	assert_int_equal(n, 0);
}

/* A cache file reads back as written; any one bit changed, or a byte cut, and it does not. */
static void
test_fsutil__a_cache_file_carries_its_checksum(void **state)
{
	char dir[] = "/tmp/plan-util-XXXXXX";
	char *path;
	unsigned char data[300];
	buf b = BUF_INIT;
	size_t i, n;
	int bit;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/c.bin", dir);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 31 + 7);
	assert_int_equal(fsutil_write_cache(path, data, sizeof(data)), 0);
	assert_int_equal(fsutil_read_cache(path, sizeof(data), &b), 0);
	assert_int_equal(b.len, sizeof(data));
	assert_memory_equal(b.ptr, data, sizeof(data));
	assert_int_equal(fsutil_read_cache(path, sizeof(data) - 1, &b), -1);
	assert_int_equal(b.len, 0);
	/* Every length from 0 up (the lanes and the tails), each bit of each byte. */
	for (n = 0; n < 70; n++) {
		uint64_t sum = binio_checksum(data, n);

		assert_true(binio_checksum(data, n) == sum);
		for (i = 0; i < n; i++)
			for (bit = 0; bit < 8; bit++) {
				data[i] ^= (unsigned char)(1u << bit);
				assert_true(binio_checksum(data, n) != sum);
				data[i] ^= (unsigned char)(1u << bit);
			}
		assert_true(n == 0 || binio_checksum(data, n - 1) != sum);
	}
	data[150] ^= 4;
	{
		FILE *f = fopen(path, "r+b");

		assert_non_null(f);
		assert_int_equal(fseek(f, 150, SEEK_SET), 0);
		assert_int_equal(fputc(data[150], f), data[150]);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(fsutil_read_cache(path, sizeof(data), &b), -1);
	assert_int_equal(truncate(path, 100), 0);
	assert_int_equal(fsutil_read_cache(path, sizeof(data), &b), -1);
	buf_free(&b);
	remove_dir(dir);
	free(path);
}

static void
test_diag__sorts_by_path_then_position(void **state)
{
	diag_list l = DIAG_LIST_INIT;

	(void)state;
	diag_add(&l, "b.yaml", 1, 1, DIAG_ERROR, "yaml", "x");
	diag_add(&l, "a.yaml", 9, 2, DIAG_WARNING, "window", "y");
	diag_add(&l, "a.yaml", 3, 7, DIAG_ERROR, "schema", "z %d", 1);
	diag_set_location(&l, "/date", "event.schema.yaml#/properties/date");
	diag_sort(&l);
	assert_string_equal(l.items[0].message, "z 1");
	assert_string_equal(l.items[0].pointer, "/date");
	assert_string_equal(l.items[1].rule, "window");
	assert_string_equal(l.items[2].path, "b.yaml");
	assert_int_equal(diag_errors(&l), 2);
	diag_list_free(&l);
}

/* An object id reads back as written, in either case; anything but 40 hex digits is refused. */
static void
test_oid__parses_and_formats_full_ids(void **state)
{
	const char *hex = "0123456789abcdef0123456789abcdef01234567";
	char out[HIST_HEXSZ + 1];
	hist_oid a, b;

	(void)state;
	assert_int_equal(hist_oid_parse(&a, hex), 0);
	assert_string_equal(hist_oid_fmt(&a, out), hex);
	assert_int_equal(hist_oid_parse(&b, "0123456789ABCDEF0123456789ABCDEF01234567"), 0);
	assert_true(hist_oid_equal(&a, &b));
	assert_int_equal(hist_oid_cmp(&a, &b), 0);
	assert_false(hist_oid_is_zero(&a));
	assert_int_equal(hist_oid_parse(&b, "0000000000000000000000000000000000000000"), 0);
	assert_true(hist_oid_is_zero(&b));
	assert_true(hist_oid_cmp(&b, &a) < 0);
	assert_int_equal(hist_oid_parse(&b, "0123456789abcdef0123456789abcdef0123456"), -1);
	assert_int_equal(hist_oid_parse(&b, "0123456789abcdef0123456789abcdef0123456g"), -1);
	assert_int_equal(hist_oid_parse(&b, "0123456789abcdef0123456789abcdef012345678"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date__round_trips_every_day_of_the_plan_period),
		cmocka_unit_test(test_date__rejects_days_that_do_not_exist),
		cmocka_unit_test(test_date__unix_time_with_offset_falls_on_the_local_day),
		cmocka_unit_test(test_utf8__rejects_overlongs_and_surrogates),
		cmocka_unit_test(test_buf__json_strings_escape_controls),
		cmocka_unit_test(test_fsutil__atomic_write_never_clobbers),
		cmocka_unit_test(test_fsutil__base_names_the_last_part_without_its_suffix),
		cmocka_unit_test(test_fsutil__a_cache_file_carries_its_checksum),
		cmocka_unit_test(test_diag__sorts_by_path_then_position),
		cmocka_unit_test(test_oid__parses_and_formats_full_ids),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
