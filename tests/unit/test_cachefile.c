/*
 * Unit tests of cachefile, the one format of the caches: what is written
 * reads back; another kind, version or key, a changed byte, a cut file and
 * a missing one are misses; a write replaces the file whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/cachefile.h"
#include "util/xalloc.h"

static const unsigned char key1[CACHEFILE_KEYSZ] = {1, 2, 3};
static const unsigned char key2[CACHEFILE_KEYSZ] = {1, 2, 4};

typedef struct fixture {
	char dir[32];
	char *path;
} fixture;

static int
setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/plan-cachefile-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	/* A folder that is not there yet: the write makes it. */
	f->path = xasprintf("%s/plan/c.bin", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;
	char *cmd = xasprintf("rm -rf %s", f->dir);
	int rc = system(cmd);

	free(cmd);
	free(f->path);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void
write_payload(const char *path, const cachefile_id *id, const char *payload)
{
	buf b = BUF_INIT;

	cachefile_begin(&b, id);
	buf_puts(&b, payload);
	assert_int_equal(cachefile_write(path, &b), 0);
	buf_free(&b);
}

static void
test_cachefile__reads_back_what_was_written(void **state)
{
	fixture *f = *state;
	cachefile_id id = {"events", 3, key1};
	cachefile cf;

	write_payload(f->path, &id, "the payload");
	assert_int_equal(cachefile_open(&cf, f->path, &id), 0);
	assert_int_equal(cf.len, strlen("the payload"));
	assert_memory_equal(cf.data, "the payload", cf.len);
	cachefile_close(&cf);
	/* Replaced whole: the second write's payload, nothing of the first. */
	write_payload(f->path, &id, "new");
	assert_int_equal(cachefile_open(&cf, f->path, &id), 0);
	assert_int_equal(cf.len, 3);
	assert_memory_equal(cf.data, "new", 3);
	cachefile_close(&cf);
	/* An empty payload is a hit with nothing in it. */
	write_payload(f->path, &id, "");
	assert_int_equal(cachefile_open(&cf, f->path, &id), 0);
	assert_int_equal(cf.len, 0);
	cachefile_close(&cf);
}

static void
test_cachefile__another_kind_version_or_key_is_a_miss(void **state)
{
	fixture *f = *state;
	cachefile_id id = {"events", 3, key1}, other;
	cachefile cf;

	write_payload(f->path, &id, "payload");
	other = id;
	other.kind = "trees";
	assert_int_equal(cachefile_open(&cf, f->path, &other), 1);
	assert_int_equal(cf.len, 0);
	other = id;
	other.version = 4;
	assert_int_equal(cachefile_open(&cf, f->path, &other), 1);
	other = id;
	other.key = key2;
	assert_int_equal(cachefile_open(&cf, f->path, &other), 1);
	other.key = NULL;
	assert_int_equal(cachefile_open(&cf, f->path, &other), 1);
	assert_int_equal(cachefile_open(&cf, f->path, &id), 0);
	cachefile_close(&cf);
}

static void
test_cachefile__damaged_cut_or_missing_is_a_miss(void **state)
{
	fixture *f = *state;
	cachefile_id id = {"rules", 1, NULL};
	cachefile cf;
	long size, at;

	assert_int_equal(cachefile_open(&cf, f->path, &id), 1);
	write_payload(f->path, &id, "0123456789abcdef");
	{
		FILE *fp = fopen(f->path, "rb");

		assert_non_null(fp);
		assert_int_equal(fseek(fp, 0, SEEK_END), 0);
		size = ftell(fp);
		fclose(fp);
	}
	assert_int_equal(size, CACHEFILE_HEADER + 16 + 8);
	/* One changed byte anywhere: in the header, the payload or the checksum. */
	for (at = 0; at < size; at++) {
		FILE *fp = fopen(f->path, "r+b");
		int c;

		assert_non_null(fp);
		assert_int_equal(fseek(fp, at, SEEK_SET), 0);
		c = fgetc(fp);
		assert_int_equal(fseek(fp, at, SEEK_SET), 0);
		fputc(c ^ 0x10, fp);
		fclose(fp);
		assert_int_equal(cachefile_open(&cf, f->path, &id), 1);
		fp = fopen(f->path, "r+b");
		assert_non_null(fp);
		assert_int_equal(fseek(fp, at, SEEK_SET), 0);
		fputc(c, fp);
		fclose(fp);
	}
	assert_int_equal(cachefile_open(&cf, f->path, &id), 0);
	cachefile_close(&cf);
	assert_int_equal(truncate(f->path, size - 1), 0);
	assert_int_equal(cachefile_open(&cf, f->path, &id), 1);
	assert_int_equal(truncate(f->path, 0), 0);
	assert_int_equal(cachefile_open(&cf, f->path, &id), 1);
}

static void
test_cachefile__a_write_leaves_no_temporary_file(void **state)
{
	fixture *f = *state;
	cachefile_id id = {"trees", 1, NULL};
	char *dir = xasprintf("%s/plan", f->dir);
	struct dirent *de;
	DIR *d;
	int n = 0;

	write_payload(f->path, &id, "a");
	write_payload(f->path, &id, "b");
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	assert_int_equal(n, 1);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cachefile__reads_back_what_was_written, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__another_kind_version_or_key_is_a_miss,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__damaged_cut_or_missing_is_a_miss,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__a_write_leaves_no_temporary_file,
						setup, teardown),
	};

	return cmocka_run_group_tests_name("cachefile", tests, NULL, NULL);
}
