/*
 * libFuzzer target for the YAML tree builder: `make fuzz` runs it with
 * clang's sanitizers, and tests/run.sh replays its corpus through replay.c
 * in every test run.
 *
 * The bytes are parsed in both modes. Beyond not crashing, leaking or
 * hanging, the target checks what ytree promises, and aborts when it does
 * not hold:
 *   - a parse is accepted with no findings, or rejected with findings that
 *     all have rule "yaml", a position, and a one-line message;
 *   - no parse gives more than YTREE_MAX_FINDINGS + 1 findings;
 *   - ytree_to_json writes valid JSON, and the same for the same input;
 *   - two parses of the same input are ytree_equal, and so is the JSON
 *     read back, where JSON can hold the data (no NaN or infinity, no list
 *     or mapping used as a key) and YAML can read it back (no key over
 *     YAML's 1,024 characters, no character libyaml reads differently).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

#include "fuzz.h"

/* Accepted documents up to this many values are also written and compared. */
#define CHECK_NODES 50000

/* Skips a JSON string at s[i] (a '"'); returns the index after it, or 0. */
static size_t
json_string(const char *s, size_t n, size_t i)
{
	static const char hex[] = "0123456789abcdefABCDEF";

	for (i++; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (i + 1 >= n)
				return 0;
			if (s[i + 1] == 'u') {
				if (i + 6 > n || strspn(s + i + 2, hex) < 4)
					return 0;
				i += 6;
			} else if (strchr("\"\\/bfnrt", s[i + 1]) != NULL && s[i + 1] != '\0') {
				i += 2;
			} else {
				return 0;
			}
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return 0;
		i += k;
	}
	return 0;
}

static size_t
digits(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* Skips a JSON number at s[i]; returns the index after it, or 0. */
static size_t
json_number(const char *s, size_t n, size_t i)
{
	size_t j;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if ((j = digits(s, n, i)) > i)
		i = j;
	else
		return 0;
	if (i < n && s[i] == '.') {
		if ((j = digits(s, n, i + 1)) == i + 1)
			return 0;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((j = digits(s, n, i)) == i)
			return 0;
		i = j;
	}
	return i;
}

/*
 * Returns 1 when s is exactly one JSON value (RFC 8259, no spaces, as
 * ytree_to_json writes it), checked with a stack rather than recursion.
 */
static int
json_valid(const char *s, size_t n)
{
	char *stack = xmalloc(n + 1);
	size_t depth = 0, i = 0;
	int ok = 0;

	for (;;) {
		/* A value is expected at s[i]. */
		if (i >= n)
			goto done;
		if (s[i] == '[' || s[i] == '{') {
			stack[depth++] = s[i++];
			if (i < n && s[i] == (stack[depth - 1] == '[' ? ']' : '}')) {
				depth--;
				i++;
				goto after;
			}
			if (stack[depth - 1] == '{')
				goto key;
			continue;
		}
		if (s[i] == '"')
			i = json_string(s, n, i);
		else if (n - i >= 4 && memcmp(s + i, "true", 4) == 0)
			i += 4;
		else if (n - i >= 5 && memcmp(s + i, "false", 5) == 0)
			i += 5;
		else if (n - i >= 4 && memcmp(s + i, "null", 4) == 0)
			i += 4;
		else
			i = json_number(s, n, i);
		if (i == 0)
			goto done;
	after:
		/* A value has ended: a comma, the close of its container, or the end. */
		if (depth == 0) {
			ok = i == n;
			goto done;
		}
		if (i < n && s[i] == (stack[depth - 1] == '[' ? ']' : '}')) {
			depth--;
			i++;
			goto after;
		}
		if (i >= n || s[i] != ',')
			goto done;
		i++;
		if (stack[depth - 1] == '[')
			continue;
	key:
		if (i >= n || s[i] != '"' || (i = json_string(s, n, i)) == 0)
			goto done;
		if (i >= n || s[i] != ':')
			goto done;
		i++;
	}
done:
	free(stack);
	return ok;
}

/* What walk_tree finds out about a tree. */
enum {
	JSON_HOLDS = 1, /* no NaN or infinity, no list or mapping as a key */
	KEYS_SHORT = 2	/* every key short enough to read back from JSON */
};

/*
 * Keys in JSON text are YAML's implicit keys, which may be at most 1,024
 * characters; with escapes ("\u0000") a key's text may be six times its
 * bytes.
 */
#define SHORT_KEY (1024 / 6 - 2)

/*
 * Returns the JSON_HOLDS and KEYS_SHORT that hold for node and everything
 * under it. Shared nodes are walked once per use, which CHECK_NODES keeps
 * small.
 */
static int
walk_tree(const ytree_node *node)
{
	int found = JSON_HOLDS | KEYS_SHORT;
	size_t i;

	if (node->kind == YT_FLOAT && !(node->number - node->number == 0))
		return KEYS_SHORT;
	if (node->kind == YT_SEQ) {
		for (i = 0; i < node->n; i++)
			found &= walk_tree(node->items[i]);
	}
	if (node->kind == YT_MAP) {
		for (i = 0; i < node->n; i++) {
			const ytree_node *k = node->pairs[i].key;

			if (k->str == NULL)
				found &= ~JSON_HOLDS;
			else if (k->len > SHORT_KEY)
				found &= ~KEYS_SHORT;
			found &= walk_tree(node->pairs[i].value);
		}
	}
	return found;
}

/*
 * Returns 0 when the JSON text holds characters that libyaml may read as
 * line breaks (YAML 1.1's NEL, LS and PS) or does not allow in a file (C1
 * controls, the BOM, non-characters), where the text need not read back as
 * the same string; such strings come from escapes like "\x85" in the YAML.
 */
static int
json_reads_back(const buf *json)
{
	size_t i = 0;

	while (i < json->len) {
		uint32_t cp;
		size_t k = utf8_decode(json->ptr + i, json->len - i, &cp);

		if (k == 0)
			return 0;
		if ((cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
			return 0;
		i += k;
	}
	return 1;
}

static void
check_json(const ytree_node *node, const ytree_node *again)
{
	buf a = BUF_INIT, b = BUF_INIT;
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *back = NULL;
	int found;

	ytree_to_json(&a, node);
	ytree_to_json(&b, again);
	check(json_valid(a.ptr, a.len));
	check(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
	found = walk_tree(node);
	if (found & JSON_HOLDS) {
		check(ytree_equal(node, again));
		if ((found & KEYS_SHORT) && json_reads_back(&a)) {
			check(ytree_parse(&back, "back.json", a.ptr, a.len, YTREE_GENERAL, NULL,
					  &f) == YTREE_OK);
			check(back->ndocs == 1 && ytree_equal(node, back->root));
		}
	}
	ytree_doc_free(back);
	diag_list_free(&f);
	buf_free(&a);
	buf_free(&b);
}

static void
run(const char *data, size_t size, ytree_mode mode)
{
	diag_list f = DIAG_LIST_INIT, f2 = DIAG_LIST_INIT;
	ytree_doc *doc = NULL, *again = NULL;
	int rc = ytree_parse(&doc, "fuzz.yaml", data, size, mode, NULL, &f);
	size_t i;

	check_findings(&f, rc, "yaml");
	check((rc == YTREE_OK) == (doc != NULL));
	if (rc == YTREE_OK && doc->nodes <= CHECK_NODES) {
		check(ytree_parse(&again, "fuzz.yaml", data, size, mode, NULL, &f2) == YTREE_OK);
		check(again->ndocs == doc->ndocs);
		check(doc->root == (doc->ndocs > 0 ? doc->docs[0] : NULL));
		for (i = 0; i < doc->ndocs; i++)
			check_json(doc->docs[i], again->docs[i]);
	}
	ytree_doc_free(again);
	ytree_doc_free(doc);
	diag_list_free(&f2);
	diag_list_free(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run((const char *)data, size, YTREE_GENERAL);
	run((const char *)data, size, YTREE_RECORD);
	return 0;
}
