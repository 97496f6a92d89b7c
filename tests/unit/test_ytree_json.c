/*
 * Unit tests of the JSON reader: RFC 8259 exactly, any Unicode in text,
 * positions on every node and every finding, the limits.
 */
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
parse_ok_len(const char *text, size_t len)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int rc = ytree_parse_json(&doc, "t.json", text, len, NULL, &f);

	accepted(rc, doc, &f);
	return doc;
}

static ytree_doc *
parse_ok(const char *text)
{
	return parse_ok_len(text, strlen(text));
}

/*
 * Parses text that must be rejected: checks the first finding's rule and
 * position and that its message holds want.
 */
static void
rejected_at(const char *text, unsigned line, unsigned col, const char *want)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int rc = ytree_parse_json(&doc, "t.json", text, strlen(text), NULL, &f);

	rejected(rc, doc, &f, "json");
	if (strstr(f.items[0].message, want) == NULL || f.items[0].line != line ||
	    f.items[0].col != col)
		fprintf(stderr, "for %s: %u:%u: %s\n", text, f.items[0].line, f.items[0].col,
			f.items[0].message);
	assert_int_equal(f.items[0].line, line);
	assert_int_equal(f.items[0].col, col);
	assert_non_null(strstr(f.items[0].message, want));
	diag_list_free(&f);
}

static void
test_ytree_json__values_of_every_kind_with_positions(void **state)
{
	ytree_doc *doc = parse_ok("{\"a\": [1, -2.5e3, true, false, null],\r\n"
				  "  \"b\": {\"\xc3\xa5\xc3\xa4\": \"x\"}, \"c\": []}");
	const ytree_node *a = ytree_get(doc->root, "a"), *b = ytree_get(doc->root, "b");
	const ytree_pair *p;

	(void)state;
	assert_int_equal(doc->ndocs, 1);
	assert_int_equal(doc->root->kind, YT_MAP);
	assert_int_equal(doc->root->style, YTREE_STYLE_FLOW);
	assert_int_equal(a->kind, YT_SEQ);
	assert_int_equal(a->n, 5);
	assert_int_equal(a->items[0]->kind, YT_INT);
	assert_int_equal(a->items[0]->integer, 1);
	assert_int_equal(a->items[1]->kind, YT_FLOAT);
	assert_true(a->items[1]->number == -2500.0);
	assert_string_equal(a->items[1]->str, "-2.5e3");
	assert_int_equal(a->items[2]->kind, YT_BOOL);
	assert_int_equal(a->items[2]->boolean, 1);
	assert_int_equal(a->items[3]->boolean, 0);
	assert_int_equal(a->items[4]->kind, YT_NULL);
	assert_int_equal(a->items[4]->line, 1);
	assert_int_equal(a->items[4]->col, 32);
	/* CR LF is one line break; columns count characters, not bytes. */
	p = ytree_get_pair(b, "\xc3\xa5\xc3\xa4");
	assert_non_null(p);
	assert_int_equal(p->key->line, 2);
	assert_int_equal(p->key->col, 9);
	assert_int_equal(p->value->col, 15);
	assert_int_equal(p->value->style, YTREE_STYLE_DOUBLE);
	assert_int_equal(ytree_get(doc->root, "c")->n, 0);
	ytree_doc_free(doc);
}

/* What YAML 1.1 changes or refuses, JSON keeps as it is. */
static void
test_ytree_json__any_unicode_stays_as_written(void **state)
{
	const char text[] = "[\"a\xc2\x85" "b\", \"\xef\xbf\xbf\", \"\x7f\", \"\xf0\x9f\x98\x80\"]";
	ytree_doc *doc = parse_ok(text);

	(void)state;
	assert_int_equal(doc->root->items[0]->len, 4);
	assert_memory_equal(doc->root->items[0]->str, "a\xc2\x85" "b", 4);
	assert_string_equal(doc->root->items[1]->str, "\xef\xbf\xbf");
	assert_string_equal(doc->root->items[2]->str, "\x7f");
	assert_string_equal(doc->root->items[3]->str, "\xf0\x9f\x98\x80");
	ytree_doc_free(doc);
}

static void
test_ytree_json__escapes_are_decoded(void **state)
{
	ytree_doc *doc =
		parse_ok("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e5 \\ud83d\\ude00 \\u0000!\"");

	(void)state;
	assert_int_equal(doc->root->kind, YT_STR);
	assert_int_equal(doc->root->len, 25);
	assert_memory_equal(doc->root->str,
			    "q\" b\\ s/ \b\f\n\r\t \xc3\xa5 \xf0\x9f\x98\x80 \0!", 25);
	ytree_doc_free(doc);
}

static void
test_ytree_json__big_numbers_keep_their_text(void **state)
{
	ytree_doc *doc = parse_ok("[18446744073709551616, -9223372036854775808, 1e400]");

	(void)state;
	assert_int_equal(doc->root->items[0]->kind, YT_INT);
	assert_int_equal(doc->root->items[0]->big, 1);
	assert_string_equal(doc->root->items[0]->str, "18446744073709551616");
	assert_int_equal(doc->root->items[1]->big, 0);
	assert_true(doc->root->items[1]->integer == INT64_MIN);
	assert_int_equal(doc->root->items[2]->kind, YT_FLOAT);
	assert_string_equal(doc->root->items[2]->str, "1e400");
	ytree_doc_free(doc);
}

/* What ytree_to_json writes reads back as the same and is written the same. */
static void
test_ytree_json__written_back_numbers_keep_their_value(void **state)
{
	ytree_doc *doc = parse_ok("[-0.0, -91e-13226, 1e400, 2e400, 18446744073709551616, 2.5]");
	ytree_doc *back;
	buf out = BUF_INIT, again = BUF_INIT;

	(void)state;
	ytree_to_json(&out, doc->root);
	assert_string_equal(buf_cstr(&out), "[0,-91e-13226,1e400,2e400,18446744073709551616,2.5]");
	back = parse_ok_len(out.ptr, out.len);
	ytree_to_json(&again, back->root);
	assert_string_equal(buf_cstr(&again), buf_cstr(&out));
	assert_true(ytree_equal(doc->root, back->root));
	assert_false(ytree_equal(back->root->items[2], back->root->items[3]));
	ytree_doc_free(back);
	ytree_doc_free(doc);
	buf_free(&out);
	buf_free(&again);
}

static void
test_ytree_json__a_byte_order_mark_and_white_space_only(void **state)
{
	ytree_doc *doc = parse_ok("\xef\xbb\xbf{\"a\": 1}");

	(void)state;
	assert_int_equal(doc->root->col, 1);
	ytree_doc_free(doc);
	doc = parse_ok(" \n\t ");
	assert_int_equal(doc->ndocs, 0);
	assert_null(doc->root);
	ytree_doc_free(doc);
}

static void
test_ytree_json__what_rfc_8259_forbids_is_refused_with_its_place(void **state)
{
	(void)state;
	rejected_at("[1, 2,]", 1, 7, "a comma before ']' with nothing after it");
	rejected_at("{\"a\": 1,\n}", 2, 1, "a comma before '}'");
	rejected_at("{\"a\": 1 // note\n}", 1, 9, "no comments");
	rejected_at("/* x */ 1", 1, 1, "no comments");
	rejected_at("{'a': 1}", 1, 2, "double quotes");
	rejected_at("['a']", 1, 2, "double quotes");
	rejected_at("[01]", 1, 2, "may not start with 0");
	rejected_at("[1.]", 1, 3, "decimal point");
	rejected_at("[.5]", 1, 2, "where a value should be");
	rejected_at("[+1]", 1, 2, "where a value should be");
	rejected_at("[1e]", 1, 3, "exponent");
	rejected_at("[-]", 1, 2, "'-' must be followed by a digit");
	rejected_at("[NaN]", 1, 2, "no value JSON knows");
	rejected_at("[True]", 1, 2, "small letters");
	rejected_at("[1 2]", 1, 4, "where a ',' or ']' should be");
	rejected_at("{\"a\" 1}", 1, 6, "':' should follow the key 'a'");
	rejected_at("{\"a\": 1", 1, 8, "the file ends inside the object that starts on line 1");
	rejected_at("[\n\"abc", 2, 1, "no closing '\"'");
	rejected_at("[\"a\nb\"]", 1, 2, "no closing '\"' on its line");
	rejected_at("[\"a\tb\"]", 1, 4, "U+0009");
	rejected_at("[\"\\x\"]", 1, 3, "'\\x' is not an escape");
	rejected_at("[\"\\u12\"]", 1, 3, "four hexadecimal digits");
	rejected_at("[\"\\ud800\"]", 1, 3, "first half");
	rejected_at("[\"\\udc00\"]", 1, 3, "second half");
	rejected_at("[\"\xc3\xa5\xff\"]", 1, 4, "not valid UTF-8");
	rejected_at("[\"\xed\xa0\x80\"]", 1, 3, "not valid UTF-8");
	rejected_at("{\"a\": 1} {}", 1, 10, "after the end of the value");
	rejected_at("1 2", 1, 3, "after the end of the value");
	rejected_at("[", 1, 2, "the file ends where a value should be");
	rejected_at("\xc3\xa5", 1, 1, "'\xc3\xa5' where a value should be");
}

static void
test_ytree_json__keys_written_twice_are_findings(void **state)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	buf big = BUF_INIT;
	size_t i;
	const char *text = "{\"a\": 1,\n \"b\": {\"a\": 1, \"x\": 2, \"x\": 3},\n \"a\": 2}";

	(void)state;
	assert_int_equal(ytree_parse_json(&doc, "t.json", text, strlen(text), NULL, &f),
			 YTREE_REJECTED);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.items[0].line, 2);
	assert_int_equal(f.items[0].col, 24);
	assert_string_equal(f.items[0].message,
			    "the key 'x' appears twice in the same object, on line 2 and line 2; "
			    "keep one of them");
	assert_int_equal(f.items[1].line, 3);
	assert_int_equal(f.items[1].col, 2);
	diag_list_free(&f);

	/* A big object is sorted; the findings still come in the file's order. */
	buf_puts(&big, "{");
	for (i = 0; i < 100; i++)
		buf_printf(&big, "%s\n\"k%zu\": %zu", i ? "," : "", i == 70 ? (size_t)3 : i, i);
	buf_puts(&big, ", \"k50\": 0}");
	assert_int_equal(ytree_parse_json(&doc, "t.json", big.ptr, big.len, NULL, &f),
			 YTREE_REJECTED);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.items[0].line, 72);
	assert_int_equal(f.items[1].line, 101);
	diag_list_free(&f);
	buf_free(&big);
}

static void
test_ytree_json__deep_nesting_is_a_finding_not_a_crash(void **state)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	size_t n = 100000, i;
	char *text = xmalloc(2 * n);

	(void)state;
	for (i = 0; i < n; i++) {
		text[i] = '[';
		text[n + i] = ']';
	}
	assert_int_equal(ytree_parse_json(&doc, "t.json", text, 2 * n, NULL, &f),
			 YTREE_REJECTED);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.items[0].col, 1001);
	assert_non_null(strstr(f.items[0].message, "nested more than 1000 levels deep"));
	diag_list_free(&f);
	/* 1,000 levels are allowed. */
	assert_int_equal(ytree_parse_json(&doc, "t.json", text + n - 1000, 2000, NULL, &f),
			 YTREE_OK);
	ytree_doc_free(doc);
	free(text);
}

static void
test_ytree_json__limits_are_kept(void **state)
{
	static const ytree_limits small = {64, 3, 8, 5};
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	const char *t;

	(void)state;
	t = "[\"123456789\"]";
	assert_int_equal(ytree_parse_json(&doc, "t.json", t, strlen(t), &small, &f),
			 YTREE_REJECTED);
	assert_non_null(strstr(f.items[0].message, "longer than 8 bytes"));
	diag_list_free(&f);
	t = "[1, 2, 3, 4, 5]";
	assert_int_equal(ytree_parse_json(&doc, "t.json", t, strlen(t), &small, &f),
			 YTREE_REJECTED);
	assert_non_null(strstr(f.items[0].message, "more than 5 values"));
	assert_int_equal(f.items[0].col, 14);
	diag_list_free(&f);
	t = "[[[[]]]]";
	assert_int_equal(ytree_parse_json(&doc, "t.json", t, strlen(t), &small, &f),
			 YTREE_REJECTED);
	assert_non_null(strstr(f.items[0].message, "more than 3 levels"));
	diag_list_free(&f);
}

/* A minified file of one long line: columns are counted once, not per node. */
static void
test_ytree_json__one_long_line_is_read_in_linear_time(void **state)
{
	buf b = BUF_INIT;
	ytree_doc *doc;
	size_t i;

	(void)state;
	buf_putc(&b, '[');
	for (i = 0; i < 500000; i++)
		buf_puts(&b, i ? ",\"\xc3\xa5\"" : "\"\xc3\xa5\"");
	buf_putc(&b, ']');
	doc = parse_ok_len(b.ptr, b.len);
	assert_int_equal(doc->root->n, 500000);
	assert_int_equal(doc->root->items[499999]->col, 2 + 499999 * 4);
	ytree_doc_free(doc);
	buf_free(&b);
}

static void
test_ytree_json__names_choose_the_reader(void **state)
{
	(void)state;
	assert_int_equal(ytree_is_json_name("a/b.json"), 1);
	assert_int_equal(ytree_is_json_name("B.JSON"), 1);
	assert_int_equal(ytree_is_json_name("a.yaml"), 0);
	assert_int_equal(ytree_is_json_name("json"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ytree_json__values_of_every_kind_with_positions),
		cmocka_unit_test(test_ytree_json__any_unicode_stays_as_written),
		cmocka_unit_test(test_ytree_json__escapes_are_decoded),
		cmocka_unit_test(test_ytree_json__big_numbers_keep_their_text),
		cmocka_unit_test(test_ytree_json__written_back_numbers_keep_their_value),
		cmocka_unit_test(test_ytree_json__a_byte_order_mark_and_white_space_only),
		cmocka_unit_test(test_ytree_json__what_rfc_8259_forbids_is_refused_with_its_place),
		cmocka_unit_test(test_ytree_json__keys_written_twice_are_findings),
		cmocka_unit_test(test_ytree_json__deep_nesting_is_a_finding_not_a_crash),
		cmocka_unit_test(test_ytree_json__limits_are_kept),
		cmocka_unit_test(test_ytree_json__one_long_line_is_read_in_linear_time),
		cmocka_unit_test(test_ytree_json__names_choose_the_reader),
	};

	return cmocka_run_group_tests_name("ytree_json", tests, NULL, NULL);
}
