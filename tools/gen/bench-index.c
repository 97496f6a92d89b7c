/*
 * bench-index: the floor of a pre-commit hook built on libgit2. Opens the
 * repository around the current folder the way plan does (hash
 * verification off), loads its index and lists the entries under records/,
 * and prints how long the index load and listing took, in seconds, on
 * standard output. bench/run.sh prints it beside plan check --staged.
 *
 * It talks to libgit2 directly, outside the project's layering: it measures
 * libgit2, not our code.
 */
#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
	git_repository *repo = NULL;
	git_index *idx = NULL;
	size_t i, n, under = 0;
	double t0, t1;

	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (git_repository_open_ext(&repo, ".", 0, NULL) < 0) {
		fprintf(stderr, "bench-index: %s\n", git_error_last()->message);
		return 1;
	}
	t0 = now();
	if (git_repository_index(&idx, repo) < 0 || git_index_read(idx, 0) < 0) {
		fprintf(stderr, "bench-index: %s\n", git_error_last()->message);
		return 1;
	}
	n = git_index_entrycount(idx);
	for (i = 0; i < n; i++)
		if (strncmp(git_index_get_byindex(idx, i)->path, "records/", 8) == 0)
			under++;
	t1 = now();
	printf("%.6f %zu\n", t1 - t0, under);
	git_index_free(idx);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
