/*
 * Replays fuzz inputs without libFuzzer: linked with one fuzz_<name>.c, it
 * calls LLVMFuzzerTestOneInput on every file named on the command line and
 * on every file in every folder named there (not descending further), in
 * name order. A crash or an abort is the failure; an input that returns is
 * a pass. A path that cannot be read is a failure too, so that a missing
 * corpus does not pass unseen.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The most a replayed input may hold; libFuzzer's -max_len is far below. */
#define REPLAY_MAX (64u * 1024 * 1024)

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one file; returns 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	buf data = BUF_INIT;
	int too_big = 0;

	if (fsutil_read_file(path, REPLAY_MAX, &data, &too_big) != 0 || too_big) {
		printf("FAIL %s: %s\n", path, too_big ? "too large to replay" : error_last());
		buf_free(&data);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data.ptr, data.len);
	buf_free(&data);
	return 0;
}

/* Runs every file of a folder in name order; counts into passed and failed. */
static void
replay_folder(const char *dir, size_t *passed, size_t *failed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (d == NULL) {
		printf("FAIL %s: cannot open the folder: %s\n", dir, strerror(errno));
		(*failed)++;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(names[i]) == 0)
				(*passed)++;
			else
				(*failed)++;
		}
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	size_t passed = 0, failed = 0;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE-OR-FOLDER...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			replay_folder(argv[i], &passed, &failed);
		} else if (replay_file(argv[i]) == 0) {
			passed++;
		} else {
			failed++;
		}
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed != 0;
}
