/*
 * libFuzzer target for the JSON reader: `make fuzz` runs it with clang's
 * sanitizers, and tests/run.sh replays its corpus through replay.c in every
 * test run.
 *
 * Beyond not crashing, leaking or hanging, it checks what ytree_parse_json
 * promises, and aborts when it does not hold:
 *   - a parse is accepted with no findings, or rejected with findings that
 *     all have rule "json", a position, and a one-line message, at most
 *     YTREE_MAX_FINDINGS + 1 of them;
 *   - every node has a position;
 *   - what ytree_to_json writes of an accepted document is read back, and
 *     written again the same (the compact form is a fixed point).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

#include "fuzz.h"

/* Every node has a position; walked with a stack, not recursion. */
static void
check_positions(const ytree_node *root)
{
	const ytree_node **stack = NULL;
	size_t n = 0, cap = 0, i;

	stack = xgrow(stack, &cap, 1, sizeof(*stack));
	stack[n++] = root;
	while (n > 0) {
		const ytree_node *node = stack[--n];

		check(node->line >= 1 && node->col >= 1);
		if (node->kind == YT_SEQ)
			for (i = 0; i < node->n; i++) {
				stack = xgrow(stack, &cap, n + 1, sizeof(*stack));
				stack[n++] = node->items[i];
			}
		if (node->kind == YT_MAP)
			for (i = 0; i < node->n; i++) {
				stack = xgrow(stack, &cap, n + 2, sizeof(*stack));
				stack[n++] = node->pairs[i].key;
				stack[n++] = node->pairs[i].value;
			}
	}
	free(stack);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL, *again = NULL, *third = NULL;
	buf out = BUF_INIT, out2 = BUF_INIT;
	int rc = ytree_parse_json(&doc, "fuzz.json", (const char *)data, size, NULL, &f);

	check_findings(&f, rc, "json");
	diag_list_free(&f);
	if (rc != YTREE_OK || doc->root == NULL) {
		ytree_doc_free(doc);
		return 0;
	}
	check_positions(doc->root);
	ytree_to_json(&out, doc->root);
	rc = ytree_parse_json(&again, "again.json", out.ptr, out.len, NULL, &f);
	check(rc == YTREE_OK && f.n == 0);
	ytree_to_json(&out2, again->root);
	check(out.len == out2.len && memcmp(out.ptr, out2.ptr, out.len) == 0);
	rc = ytree_parse_json(&third, "third.json", out2.ptr, out2.len, NULL, &f);
	check(rc == YTREE_OK && ytree_equal(again->root, third->root));
	diag_list_free(&f);
	buf_free(&out);
	buf_free(&out2);
	ytree_doc_free(doc);
	ytree_doc_free(again);
	ytree_doc_free(third);
	return 0;
}
