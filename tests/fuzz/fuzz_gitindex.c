/*
 * libFuzzer target for the Git index reader (store/gitindex.c), which reads
 * a binary file of its own format: any bytes must give either the entries
 * or "not a form this reader knows" (1), never a crash, a read past the
 * end, or an entry without a path. The input is written to a file, as the
 * reader takes a path.
 */
#include <stdio.h>
#include <unistd.h>

#include "store/gitindex.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static const char *const prefixes[] = {"records/", "schemas/"};
	hist_entries out = HIST_ENTRIES_INIT;
	FILE *f;
	size_t i;
	int rc;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/plan-fuzz-gitindex-%ld", (long)getpid());
	f = fopen(path, "wb");
	if (f == NULL)
		return 0;
	check(fwrite(data, 1, size, f) == size);
	check(fclose(f) == 0);
	rc = gitindex_entries(path, prefixes, 2, &out);
	check(rc == 0 || rc == 1);
	if (rc == 1)
		check(out.n == 0);
	for (i = 0; i < out.n; i++) {
		check(out.v[i].path != NULL);
		check(strncmp(out.v[i].path, "records/", 8) == 0 ||
		      strncmp(out.v[i].path, "schemas/", 8) == 0);
	}
	hist_entries_free(&out);
	unlink(path);
	return 0;
}
