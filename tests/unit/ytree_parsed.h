/*
 * What the tests of both tree readers (test_ytree.c, test_ytree_json.c)
 * check of a parse. A test file includes this once.
 */
#ifndef PLAN_TESTS_YTREE_PARSED_H
#define PLAN_TESTS_YTREE_PARSED_H

#include <stdio.h>

#include "util/diag.h"
#include "yaml/ytree.h"

/* The parse was accepted, with a tree and no findings (shown when there are); frees f. */
static void
accepted(int rc, const ytree_doc *doc, diag_list *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		fprintf(stderr, "%u:%u: %s\n", f->items[i].line, f->items[i].col,
			f->items[i].message);
	assert_int_equal(rc, YTREE_OK);
	assert_non_null(doc);
	assert_int_equal(f->n, 0);
	diag_list_free(f);
}

/* The parse was rejected, with no tree and findings, the first of the reader's rule. */
static void
rejected(int rc, const ytree_doc *doc, const diag_list *f, const char *rule)
{
	assert_int_equal(rc, YTREE_REJECTED);
	assert_null(doc);
	assert_true(f->n >= 1);
	assert_string_equal(f->items[0].rule, rule);
}

#endif
