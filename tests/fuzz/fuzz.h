/*
 * What the libFuzzer targets share: the entry point's declaration, check()
 * that aborts when a promise does not hold (the fuzzer's signal), and the
 * promises both tree readers make about their findings. A target includes
 * this once.
 */
#ifndef PLAN_TESTS_FUZZ_H
#define PLAN_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "yaml/ytree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when ok is 0. */
static void
check(int ok)
{
	if (!ok)
		abort();
}

/*
 * What a tree reader (ytree_parse, ytree_parse_json) promises of a parse
 * that returned rc: accepted with no findings, or rejected with 1 to
 * YTREE_MAX_FINDINGS + 1 findings, all of the reader's rule, with a
 * position and a one-line message.
 */
static void check_findings(const diag_list *f, int rc, const char *rule) __attribute__((unused));

static void
check_findings(const diag_list *f, int rc, const char *rule)
{
	size_t i;

	if (rc == YTREE_OK) {
		check(f->n == 0);
		return;
	}
	check(rc == YTREE_REJECTED);
	check(f->n >= 1 && f->n <= YTREE_MAX_FINDINGS + 1);
	for (i = 0; i < f->n; i++) {
		check(strcmp(f->items[i].rule, rule) == 0);
		check(f->items[i].line >= 1 && f->items[i].col >= 1);
		check(f->items[i].message[0] != '\0');
		check(strchr(f->items[i].message, '\n') == NULL);
	}
}

#endif
