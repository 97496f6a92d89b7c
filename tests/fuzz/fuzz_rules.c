/*
 * libFuzzer target for the rules across records: the input is a whole small
 * ledger, its files one after another, each beginning with a line
 * "=== records/PATH" (the bytes before the first such line are ignored).
 * They are checked with the schemas of this repository (schemas/, read from
 * the folder the fuzzer runs in: the project's root) by store_check, as
 * plan check does, with every rule on and "future" judged against a fixed
 * day.
 *
 * Beyond not crashing, leaking or hanging, every finding must name a file
 * of the ledger, carry a rule and a one-line message, and the same input
 * must give the same findings twice.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/diag.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include "fuzz.h"

/* Adds the input's files to the list (paths owned by it); returns how many. */
static size_t
add_files(ledger_file **files, size_t *nfiles, const char *p, const char *end)
{
	const char *mark = "=== ";
	size_t n = 0;

	while (p < end) {
		const char *line_end, *next, *body;
		char *path;

		if ((size_t)(end - p) < 4 || memcmp(p, mark, 4) != 0) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl != NULL ? nl + 1 : end;
			continue;
		}
		line_end = memchr(p, '\n', (size_t)(end - p));
		if (line_end == NULL)
			break;
		body = line_end + 1;
		for (next = body; next < end; next++)
			if ((next == body || next[-1] == '\n') && (size_t)(end - next) >= 4 &&
			    memcmp(next, mark, 4) == 0)
				break;
		path = xstrndup(p + 4, (size_t)(line_end - p - 4));
		if (strncmp(path, "records/", 8) == 0 && strlen(path) > 8 &&
		    memchr(path, '\0', (size_t)(line_end - p - 4)) == NULL) {
			*files = xrealloc(*files, (*nfiles + 1) * sizeof(**files));
			(*files)[*nfiles].path = path;
			(*files)[*nfiles].data = body;
			(*files)[(*nfiles)++].len = (size_t)(next - body);
			path = NULL;
			n++;
		}
		free(path);
		p = next;
	}
	return n;
}

static void
run(const uint8_t *data, size_t size, diag_list *out)
{
	ledger_file *files = xcalloc(1, sizeof(*files));
	size_t nfiles = 1, i;
	ledger_from from;
	check_options o;

	/* Of the folder's own files, only the schemas. */
	files[0].path = xstrdup("records/");
	files[0].data = NULL;
	add_files(&files, &nfiles, (const char *)data, (const char *)data + size);
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = ".";
	from.files = files;
	from.nfiles = nfiles;
	memset(&o, 0, sizeof(o));
	date_parse("2020-06-30", 10, &o.today);
	o.today_words = "today";
	store_check(NULL, NULL, &from, NULL, &o, out);
	for (i = 0; i < nfiles; i++)
		free((char *)files[i].path);
	free(files);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT;
	size_t i;

	run(data, size, &a);
	run(data, size, &b);
	check(a.n == b.n);
	for (i = 0; i < a.n; i++) {
		const diag *d = &a.items[i];

		check(d->rule != NULL && d->message != NULL && d->message[0] != '\0');
		check(strchr(d->message, '\n') == NULL);
		check(strncmp(d->path, "records/", 8) == 0 || strncmp(d->path, "schemas/", 8) == 0);
		check(strcmp(d->message, b.items[i].message) == 0 &&
		      strcmp(d->path, b.items[i].path) == 0 && d->line == b.items[i].line);
	}
	diag_list_free(&a);
	diag_list_free(&b);
	return 0;
}
