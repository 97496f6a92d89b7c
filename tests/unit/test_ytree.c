/* Unit tests of the YAML tree: positions, the core schema, record rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

#include "ytree_parsed.h"

static ytree_doc *
parse_ok(const char *text, ytree_mode mode)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int rc = ytree_parse(&doc, "t.yaml", text, strlen(text), mode, NULL, &f);

	accepted(rc, doc, &f);
	return doc;
}

/* Parses text that must be rejected; returns the first finding's message. */
static char *
parse_rejected(const char *text, size_t len, ytree_mode mode, unsigned *line, unsigned *col)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int rc = ytree_parse(&doc, "t.yaml", text, len, mode, NULL, &f);
	char *msg;

	rejected(rc, doc, &f, "yaml");
	assert_int_equal(f.items[0].severity, DIAG_ERROR);
	if (line != NULL)
		*line = f.items[0].line;
	if (col != NULL)
		*col = f.items[0].col;
	msg = xstrdup(f.items[0].message);
	diag_list_free(&f);
	return msg;
}

static void
assert_rejected_with(const char *text, const char *words, unsigned want_line)
{
	unsigned line = 0;
	char *msg = parse_rejected(text, strlen(text), YTREE_RECORD, &line, NULL);

	if (strstr(msg, words) == NULL)
		fail_msg("message '%s' lacks '%s'", msg, words);
	if (want_line != 0)
		assert_int_equal(line, want_line);
	free(msg);
}

static void
test_ytree__nodes_carry_line_and_column(void **state)
{
	ytree_doc *d = parse_ok("id: A2.6\nwindow:\n  start: 2018-07-01\n  end: x\n", YTREE_RECORD);
	const ytree_pair *p = ytree_get_pair(d->root, "window");
	const ytree_node *start = ytree_get(p->value, "start");

	(void)state;
	assert_int_equal(p->key->line, 2);
	assert_int_equal(p->key->col, 1);
	assert_int_equal(start->line, 3);
	assert_int_equal(start->col, 10);
	assert_int_equal(start->kind, YT_STR);
	assert_string_equal(start->str, "2018-07-01");
	ytree_doc_free(d);
}

static void
test_ytree__columns_count_characters_not_bytes(void **state)
{
	ytree_doc *d = parse_ok("titel: Överenskommelsen är klar\nå: x\n", YTREE_RECORD);
	const ytree_pair *p = ytree_get_pair(d->root, "å");

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->value->col, 4);
	ytree_doc_free(d);
}

static void
test_ytree__core_schema_resolves_plain_scalars(void **state)
{
	ytree_doc *d = parse_ok("[null, ~, true, False, 12, -3, 0x1F, 0o17, 1.5, 1e3, .inf, "
				"no, yes, '12', 2019-04-12, 010, 1:30, 99999999999999999999999]",
				YTREE_GENERAL);
	const ytree_node *r = d->root;

	(void)state;
	assert_int_equal(r->n, 18);
	assert_int_equal(r->items[0]->kind, YT_NULL);
	assert_int_equal(r->items[1]->kind, YT_NULL);
	assert_int_equal(r->items[2]->kind, YT_BOOL);
	assert_true(r->items[2]->boolean);
	assert_int_equal(r->items[3]->kind, YT_BOOL);
	assert_false(r->items[3]->boolean);
	assert_int_equal(r->items[4]->integer, 12);
	assert_int_equal(r->items[5]->integer, -3);
	assert_int_equal(r->items[6]->integer, 31);
	assert_int_equal(r->items[7]->integer, 15);
	assert_int_equal(r->items[8]->kind, YT_FLOAT);
	assert_true(r->items[9]->number == 1000.0);
	assert_int_equal(r->items[10]->kind, YT_FLOAT);
	/* YAML 1.1's booleans, quoted numbers, dates and times stay text. */
	assert_int_equal(r->items[11]->kind, YT_STR);
	assert_int_equal(r->items[12]->kind, YT_STR);
	assert_int_equal(r->items[13]->kind, YT_STR);
	assert_int_equal(r->items[14]->kind, YT_STR);
	assert_int_equal(r->items[15]->kind, YT_INT);
	assert_int_equal(r->items[15]->integer, 10);
	assert_int_equal(r->items[16]->kind, YT_STR);
	assert_int_equal(r->items[17]->kind, YT_INT);
	assert_true(r->items[17]->big);
	ytree_doc_free(d);
}

static void
test_ytree__equality_follows_json(void **state)
{
	ytree_doc *a = parse_ok("{a: 1, b: [x, 2.0]}", YTREE_GENERAL);
	ytree_doc *b = parse_ok("{\"b\": [\"x\", 2], \"a\": 1.0}", YTREE_GENERAL);
	ytree_doc *c = parse_ok("{a: 1, b: [x, '2']}", YTREE_GENERAL);

	(void)state;
	assert_true(ytree_equal(a->root, b->root));
	assert_false(ytree_equal(a->root, c->root));
	ytree_doc_free(a);
	ytree_doc_free(b);
	ytree_doc_free(c);
}

static void
test_ytree__json_output_round_trips(void **state)
{
	ytree_doc *a = parse_ok("k: \"tab\\there \\\"q\\\"\"\nl: [1, true, null]\n", YTREE_GENERAL);
	buf out = BUF_INIT;

	(void)state;
	ytree_to_json(&out, a->root);
	assert_string_equal(out.ptr, "{\"k\":\"tab\\there \\\"q\\\"\",\"l\":[1,true,null]}");
	buf_free(&out);
	ytree_doc_free(a);
}

static void
test_ytree__general_mode_resolves_aliases(void **state)
{
	ytree_doc *d = parse_ok("a: &x {k: v}\nb: *x\n", YTREE_GENERAL);

	(void)state;
	assert_ptr_equal(ytree_get(d->root, "a"), ytree_get(d->root, "b"));
	ytree_doc_free(d);
}

static void
test_ytree__general_mode_keeps_every_document(void **state)
{
	ytree_doc *d = parse_ok("--- 1\n--- [2]\n...\n", YTREE_GENERAL);

	(void)state;
	assert_int_equal(d->ndocs, 2);
	assert_int_equal(d->docs[1]->kind, YT_SEQ);
	ytree_doc_free(d);
}

static void
test_ytree__empty_stream_has_no_root(void **state)
{
	ytree_doc *d = parse_ok("# only a comment\n", YTREE_RECORD);

	(void)state;
	assert_null(d->root);
	ytree_doc_free(d);
}

static void
test_ytree__record_rejects_duplicate_keys_naming_both_lines(void **state)
{
	(void)state;
	assert_rejected_with("id: I1\ntext: a\nid: I2\n", "on line 1 and line 3", 3);
}

static void
test_ytree__record_rejects_duplicates_in_big_mappings(void **state)
{
	buf b = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_printf(&b, "k%d: %d\n", i, i);
	buf_puts(&b, "k42: again\n");
	assert_rejected_with(b.ptr, "'k42' appears twice", 101);
	buf_free(&b);
}

static void
test_ytree__record_rejects_anchors_aliases_tags_and_merge_keys(void **state)
{
	(void)state;
	assert_rejected_with("a: &x 1\n", "anchors", 1);
	assert_rejected_with("a: !!str 1\n", "tags", 1);
	assert_rejected_with("a: !local 1\n", "tags", 1);
	assert_rejected_with("a:\n  <<: {b: 1}\n", "merge keys", 2);
}

static void
test_ytree__record_rejects_a_second_document(void **state)
{
	(void)state;
	assert_rejected_with("id: a\n---\nid: b\n", "more than one document", 2);
}

static void
test_ytree__record_rejects_invisible_and_broken_characters(void **state)
{
	unsigned line, col;
	char *m;

	(void)state;
	assert_rejected_with("\xef\xbb\xbfid: a\n", "byte-order mark", 1);
	assert_rejected_with("id: a\ntitle: \xe5r\n", "Latin-1", 2);
	assert_rejected_with("id: \"a\xe2\x80\xae b\"\n", "U+202E", 1);
	assert_rejected_with("id: a\xc2\x85\n", "U+0085", 1);
	m = parse_rejected("id: \"a\0b\"\n", 10, YTREE_RECORD, &line, &col);
	assert_non_null(strstr(m, "NUL"));
	assert_int_equal(col, 7);
	free(m);
	m = parse_rejected("\xff\xfei\0d\0", 6, YTREE_RECORD, NULL, NULL);
	assert_non_null(strstr(m, "UTF-16"));
	free(m);
}

static void
test_ytree__record_limits_depth_and_value_size(void **state)
{
	buf b = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		buf_puts(&b, "[");
	assert_rejected_with(b.ptr, "nested more than 16", 1);
	buf_reset(&b);
	buf_puts(&b, "a: ");
	for (i = 0; i < 5000; i++)
		buf_putc(&b, 'x');
	assert_rejected_with(b.ptr, "at most 4.0 KiB", 1);
	buf_free(&b);
}

static void
test_ytree__syntax_errors_are_explained_in_words(void **state)
{
	unsigned line, col;
	char *m = parse_rejected("a: b: c\n", 8, YTREE_RECORD, &line, &col);

	(void)state;
	assert_non_null(strstr(m, "put it in quotes"));
	assert_int_equal(line, 1);
	assert_int_equal(col, 5);
	free(m);
}

static void
test_ytree__alias_bomb_is_stopped_in_general_mode(void **state)
{
	buf b = BUF_INIT;
	ytree_limits lim = ytree_general_limits;
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	int i;

	(void)state;
	buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 12; i++)
		buf_printf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			   i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	lim.max_nodes = 100000;
	assert_int_equal(ytree_parse(&d, "bomb.yaml", b.ptr, b.len, YTREE_GENERAL, &lim, &f),
			 YTREE_REJECTED);
	assert_non_null(strstr(f.items[0].message, "aliases are expanded"));
	diag_list_free(&f);
	buf_free(&b);
}

static void
test_ytree__self_referencing_alias_is_rejected(void **state)
{
	char *m = parse_rejected("&a [*a]", 7, YTREE_GENERAL, NULL, NULL);

	(void)state;
	assert_non_null(strstr(m, "contains it"));
	free(m);
}

static void
test_ytree__deep_nesting_stops_without_recursion(void **state)
{
	size_t n = 200000, i;
	char *s = xmalloc(n + 1);
	char *m;

	(void)state;
	for (i = 0; i < n; i++)
		s[i] = '[';
	s[n] = '\0';
	m = parse_rejected(s, n, YTREE_GENERAL, NULL, NULL);
	assert_non_null(strstr(m, "nested more than 1000"));
	free(m);
	free(s);
}

static void
test_ytree__record_rejects_the_non_specific_tag(void **state)
{
	(void)state;
	/* '!' turns 12 into text without anything else showing it. */
	assert_rejected_with("id: ! 12\n", "tags (here '!')", 1);
}

static void
test_ytree__record_alias_gives_one_finding_and_no_stray_ones(void **state)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	const char *text = "a: *x\nb: [1]\n*y : c\n";

	(void)state;
	assert_int_equal(ytree_parse(&d, "t.yaml", text, strlen(text), YTREE_RECORD, NULL, &f),
			 YTREE_REJECTED);
	assert_int_equal(f.n, 2);
	assert_non_null(strstr(f.items[0].message, "aliases (*x)"));
	assert_non_null(strstr(f.items[1].message, "aliases (*y)"));
	diag_list_free(&f);
}

/* Sizes of a MiB and more are said in MiB, as the JSON reader says them (not "MB"). */
static void
test_ytree__sizes_over_a_mebibyte_say_mib(void **state)
{
	const ytree_limits small = {1024 * 1024, 16, 4096, 1000};
	size_t len = 2 * 1024 * 1024;
	char *text = xmalloc(len);
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *d = NULL;

	(void)state;
	memset(text, '#', len);
	assert_int_equal(ytree_parse(&d, "t.yaml", text, len, YTREE_GENERAL, &small, &f),
			 YTREE_REJECTED);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.items[0].message,
			    "the file is 2.0 MiB; a file may be at most 1.0 MiB");
	diag_list_free(&f);
	free(text);
}

static void
test_ytree__messages_quote_keys_on_one_short_line(void **state)
{
	buf b = BUF_INIT;
	char *m;
	int i;

	(void)state;
	m = parse_rejected("\"a\\nb\": 1\n\"a\\nb\": 2\n", 20, YTREE_RECORD, NULL, NULL);
	assert_non_null(strstr(m, "the key 'a\\nb' appears twice"));
	free(m);
	for (i = 0; i < 2; i++) {
		buf_puts(&b, "\"");
		buf_printf(&b, "%0*d", 1000, 7);
		buf_puts(&b, "\": 1\n");
	}
	m = parse_rejected(b.ptr, b.len, YTREE_RECORD, NULL, NULL);
	assert_non_null(strstr(m, "0000...' appears twice"));
	assert_true(strlen(m) < 200);
	free(m);
	buf_free(&b);
}

static void
test_ytree__findings_stop_after_the_limit(void **state)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	buf b = BUF_INIT;
	int i;

	(void)state;
	buf_puts(&b, "a: [");
	for (i = 0; i < 1000; i++)
		buf_puts(&b, "*x, ");
	buf_puts(&b, "]\n");
	assert_int_equal(ytree_parse(&d, "t.yaml", b.ptr, b.len, YTREE_RECORD, NULL, &f),
			 YTREE_REJECTED);
	assert_int_equal(f.n, YTREE_MAX_FINDINGS + 1);
	assert_non_null(strstr(f.items[YTREE_MAX_FINDINGS].message, "more problems"));
	diag_list_free(&f);
	buf_free(&b);
}

static void
test_ytree__record_names_utf16_without_a_byte_order_mark(void **state)
{
	unsigned line, col;
	char *m;

	(void)state;
	m = parse_rejected("i\0d\0:\0 \0x\0", 10, YTREE_RECORD, &line, &col);
	assert_non_null(strstr(m, "saved as UTF-16"));
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	free(m);
	m = parse_rejected("\0i\0d\0:\0 \0x", 10, YTREE_RECORD, NULL, NULL);
	assert_non_null(strstr(m, "saved as UTF-16"));
	free(m);
}

static void
test_ytree__anchor_defined_again_inside_keeps_its_own_size(void **state)
{
	ytree_limits lim = ytree_general_limits;
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	const char *text = "- &a [&a x]\n- [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";

	(void)state;
	/* The root, two lists, x, and ten aliases of the inner x: 14 values. */
	lim.max_nodes = 14;
	assert_int_equal(ytree_parse(&d, "t.yaml", text, strlen(text), YTREE_GENERAL, &lim, &f),
			 YTREE_OK);
	assert_int_equal(d->nodes, 14);
	assert_true(ytree_is_str(d->root->items[1]->items[9], "x"));
	ytree_doc_free(d);
	diag_list_free(&f);
}

static void
test_ytree__equality_with_repeated_keys_takes_the_first(void **state)
{
	ytree_doc *a = parse_ok("{x: 1, x: 1}", YTREE_GENERAL);
	ytree_doc *b = parse_ok("{x: 1, y: 1}", YTREE_GENERAL);
	ytree_doc *c = parse_ok("{x: 1, x: 2}", YTREE_GENERAL);
	ytree_doc *c2 = parse_ok("{x: 1, x: 2}", YTREE_GENERAL);

	(void)state;
	assert_false(ytree_equal(a->root, b->root));
	assert_false(ytree_equal(b->root, a->root));
	assert_true(ytree_equal(c->root, c2->root));
	assert_true(ytree_equal(a->root, c->root));
	ytree_doc_free(a);
	ytree_doc_free(b);
	ytree_doc_free(c);
	ytree_doc_free(c2);
}

static void
test_ytree__big_whole_numbers_compare_and_print_as_json(void **state)
{
	ytree_doc *d = parse_ok("[+099999999999999999999, 99999999999999999999, "
				"-99999999999999999999, 9223372036854775808, "
				"9223372036854775807, 0x1FFFFFFFFFFFFFFFFFFFF]",
				YTREE_GENERAL);
	const ytree_node *r = d->root;
	buf out = BUF_INIT;

	(void)state;
	assert_true(ytree_equal(r->items[0], r->items[1]));
	assert_false(ytree_equal(r->items[1], r->items[2]));
	/* Both are 2^63 as doubles, but only one of them is 2^63. */
	assert_false(ytree_equal(r->items[3], r->items[4]));
	ytree_to_json(&out, r);
	assert_string_equal(out.ptr, "[99999999999999999999,99999999999999999999,"
				     "-99999999999999999999,9223372036854775808,"
				     "9223372036854775807,2.4178516392292583e+24]");
	buf_free(&out);
	ytree_doc_free(d);
}

static void
test_ytree__empty_collections_are_built(void **state)
{
	ytree_doc *d = parse_ok("[]", YTREE_GENERAL);
	ytree_doc *e = parse_ok("{}", YTREE_GENERAL);

	(void)state;
	assert_int_equal(d->root->kind, YT_SEQ);
	assert_int_equal(d->root->n, 0);
	assert_int_equal(e->root->kind, YT_MAP);
	assert_int_equal(e->root->n, 0);
	ytree_doc_free(d);
	ytree_doc_free(e);
}

static void
test_ytree__record_big_mapping_with_list_keys_is_rejected_cleanly(void **state)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	buf b = BUF_INIT;
	int i;

	(void)state;
	/* More than 32 keys take the sorting path, which met keys without text. */
	for (i = 0; i < 40; i++)
		buf_printf(&b, "? [k%d]\n: %d\nk%d: x\n", i, i, i % 39);
	assert_int_equal(ytree_parse(&d, "t.yaml", b.ptr, b.len, YTREE_RECORD, NULL, &f),
			 YTREE_REJECTED);
	assert_non_null(strstr(f.items[0].message, "a key must be a single word or text"));
	diag_list_free(&f);
	buf_free(&b);
}

/* A flow mapping of n keys "kI: I", in order or backwards, and a tail. */
static ytree_doc *
big_map(int n, int backwards, const char *tail)
{
	buf b = BUF_INIT;
	ytree_doc *d;
	int i;

	buf_puts(&b, "{");
	for (i = 0; i < n; i++) {
		int k = backwards ? n - 1 - i : i;

		buf_printf(&b, "k%d: %d, ", k, k);
	}
	buf_printf(&b, "%s}", tail);
	d = parse_ok(b.ptr, YTREE_GENERAL);
	buf_free(&b);
	return d;
}

static void
test_ytree__big_mappings_compare_in_any_order(void **state)
{
	/* 50,000 keys: n squared would be felt, n log n is not. */
	ytree_doc *a = big_map(50000, 0, "last: 1, last2: x");
	ytree_doc *b = big_map(50000, 1, "last2: x, last: 1");
	ytree_doc *c = big_map(50000, 1, "last2: x, last: 2");
	ytree_doc *d = big_map(50000, 0, "last: 1, k7: x");
	ytree_doc *e = big_map(50000, 0, "last: 1, k7: y");
	ytree_doc *f = big_map(50000, 0, "last: 1, [l]: x");

	(void)state;
	assert_true(ytree_equal(a->root, b->root));
	assert_false(ytree_equal(a->root, c->root));
	/* The same number of pairs, but k7 twice in place of last2. */
	assert_false(ytree_equal(a->root, d->root));
	assert_false(ytree_equal(d->root, a->root));
	/* The first k7 counts, as for ytree_get. */
	assert_true(ytree_equal(d->root, e->root));
	/* A list as a key has no text, and matches nothing. */
	assert_false(ytree_equal(a->root, f->root));
	assert_false(ytree_equal(f->root, a->root));
	ytree_doc_free(a);
	ytree_doc_free(b);
	ytree_doc_free(c);
	ytree_doc_free(d);
	ytree_doc_free(e);
	ytree_doc_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ytree__nodes_carry_line_and_column),
		cmocka_unit_test(test_ytree__columns_count_characters_not_bytes),
		cmocka_unit_test(test_ytree__core_schema_resolves_plain_scalars),
		cmocka_unit_test(test_ytree__equality_follows_json),
		cmocka_unit_test(test_ytree__json_output_round_trips),
		cmocka_unit_test(test_ytree__general_mode_resolves_aliases),
		cmocka_unit_test(test_ytree__general_mode_keeps_every_document),
		cmocka_unit_test(test_ytree__empty_stream_has_no_root),
		cmocka_unit_test(test_ytree__record_rejects_duplicate_keys_naming_both_lines),
		cmocka_unit_test(test_ytree__record_rejects_duplicates_in_big_mappings),
		cmocka_unit_test(test_ytree__record_rejects_anchors_aliases_tags_and_merge_keys),
		cmocka_unit_test(test_ytree__record_rejects_a_second_document),
		cmocka_unit_test(test_ytree__record_rejects_invisible_and_broken_characters),
		cmocka_unit_test(test_ytree__record_limits_depth_and_value_size),
		cmocka_unit_test(test_ytree__syntax_errors_are_explained_in_words),
		cmocka_unit_test(test_ytree__alias_bomb_is_stopped_in_general_mode),
		cmocka_unit_test(test_ytree__self_referencing_alias_is_rejected),
		cmocka_unit_test(test_ytree__deep_nesting_stops_without_recursion),
		cmocka_unit_test(test_ytree__record_rejects_the_non_specific_tag),
		cmocka_unit_test(test_ytree__record_alias_gives_one_finding_and_no_stray_ones),
		cmocka_unit_test(test_ytree__sizes_over_a_mebibyte_say_mib),
		cmocka_unit_test(test_ytree__messages_quote_keys_on_one_short_line),
		cmocka_unit_test(test_ytree__findings_stop_after_the_limit),
		cmocka_unit_test(test_ytree__record_names_utf16_without_a_byte_order_mark),
		cmocka_unit_test(test_ytree__anchor_defined_again_inside_keeps_its_own_size),
		cmocka_unit_test(test_ytree__equality_with_repeated_keys_takes_the_first),
		cmocka_unit_test(test_ytree__big_whole_numbers_compare_and_print_as_json),
		cmocka_unit_test(test_ytree__empty_collections_are_built),
		cmocka_unit_test(test_ytree__record_big_mapping_with_list_keys_is_rejected_cleanly),
		cmocka_unit_test(test_ytree__big_mappings_compare_in_any_order),
	};

	return cmocka_run_group_tests_name("ytree", tests, NULL, NULL);
}
