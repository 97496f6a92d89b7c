/*
 * Unit tests of event_write: slugs, YAML values that read back exactly,
 * the record's text, unique ids, the atomic write; and source_add_memory,
 * through which a record is checked before it is written.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <ftw.h>

#include "ledger/event_write.h"
#include "store/source.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

/* Asserts that got (which it frees) is want. */
static void
is(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
slug_is(const char *title, const char *want)
{
	char *got = event_write_slug(title, EVENT_SLUG_MAX);

	if (strcmp(got, want) != 0)
		fail_msg("slug of '%s': got '%s', want '%s'", title, got, want);
	free(got);
}

static void
test_slug__folds_swedish_letters_and_joins_words_with_hyphens(void **state)
{
	(void)state;
	slug_is("Anbudsskola om upphandling med social hänsyn",
	        "anbudsskola-om-upphandling-med-social-hansyn");
	slug_is("Åsa och Örjan på Älvängen", "asa-och-orjan-pa-alvangen");
	slug_is("Kartläggning av sociala företag presenterad för nämnden",
	        "kartlaggning-av-sociala-foretag-presenterad-for");
	slug_is("Möte: budget 2019 (utkast) -- del 2!", "mote-budget-2019-utkast-del-2");
	slug_is("  --Leading and trailing--  ", "leading-and-trailing");
}

static void
test_slug__folds_other_latin_letters_and_drops_the_rest(void **state)
{
	(void)state;
	slug_is("Café Müller, Señor Ørsted", "cafe-muller-senor-orsted");
	slug_is("Straße, Æble, Œuvre, Þing, Ĳssel", "strasse-aeble-oeuvre-thing-ijssel");
	slug_is("Łódź, Škoda, Đakovo, Şanlıurfa, Țara", "lodz-skoda-dakovo-sanliurfa-tara");
	/* Apostrophes and combining accents (decomposed text) leave no gap. */
	slug_is("Region’s plan, Örebro's län", "regions-plan-orebros-lan");
	slug_is("ha\xcc\x88nsyn", "hansyn");
	/* Letters of other scripts and symbols separate words. */
	slug_is("Αθήνα 2019 × Москва", "2019");
	slug_is("Möte 😀 idag", "mote-idag");
	slug_is("Встреча", "");
	slug_is("!!!", "");
	slug_is("", "");
}

static void
test_slug__is_cut_at_a_word_boundary(void **state)
{
	char *s;

	(void)state;
	slug_is("Ett mycket långt namn på ett seminarium om upphandling med social hänsyn i "
	        "Örebro län",
	        "ett-mycket-langt-namn-pa-ett-seminarium");
	/* A cut leaves no short word dangling at the end. */
	slug_is("Informationsseminarium om social hänsyn i upphandling",
	        "informationsseminarium-om-social-hansyn");
	/* One word longer than the limit is cut inside it. */
	s = event_write_slug("Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung",
	                     EVENT_SLUG_MAX);
	assert_int_equal(strlen(s), EVENT_SLUG_MAX);
	free(s);
	/* A boundary right at the limit keeps the whole word before it. */
	is(event_write_slug("aaaa bbbb cccc", 9), "aaaa-bbbb");
	is(event_write_slug("aaaa bbbbb cccc", 9), "aaaa");
}

/*
 * Writes v as a value, parses it back in record mode, and compares. A value
 * with a character records may not hold (a control, a direction mark) is
 * refused in record mode with a finding naming it, and read back exactly
 * in data mode.
 */
static void
round_trip(const char *v, size_t len, int flow)
{
	buf doc = BUF_INIT;
	diag_list findings = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	const ytree_node *n;

	if (flow) {
		buf_puts(&doc, "v: [");
		event_write_scalar(&doc, v, len, 0, 1);
		buf_puts(&doc, ", x]\n");
	} else {
		buf_puts(&doc, "v: ");
		event_write_scalar(&doc, v, len, 2, 0);
		buf_puts(&doc, "\nw: after\n");
	}
	if (ytree_parse(&d, "t.yaml", doc.ptr, doc.len, YTREE_RECORD, NULL, &findings) != YTREE_OK) {
		if (findings.n == 0 || strstr(findings.items[0].message, "this value contains") == NULL)
			fail_msg("'%s' did not parse: %s", doc.ptr,
			         findings.n ? findings.items[0].message : "?");
		ytree_doc_free(d);
		diag_list_free(&findings);
		if (ytree_parse(&d, "t.yaml", doc.ptr, doc.len, YTREE_DATA, NULL, &findings) != YTREE_OK)
			fail_msg("'%s' did not parse as data: %s", doc.ptr,
			         findings.n ? findings.items[0].message : "?");
	}
	n = ytree_get(d->root, "v");
	if (flow)
		n = n != NULL && n->kind == YT_SEQ && n->n == 2 ? n->items[0] : NULL;
	if (n == NULL || n->kind != YT_STR || n->len != len || memcmp(n->str, v, len) != 0)
		fail_msg("'%s' read back as something else from:\n%s", v, doc.ptr);
	if (!flow && !ytree_is_str(ytree_get(d->root, "w"), "after"))
		fail_msg("the value after '%s' was lost:\n%s", v, doc.ptr);
	ytree_doc_free(d);
	diag_list_free(&findings);
	buf_free(&doc);
}

/* The YAML text of a value. The caller frees it. */
static char *
written(const char *v, int flow)
{
	buf b = BUF_INIT;

	event_write_scalar(&b, v, strlen(v), 2, flow);
	return buf_detach(&b);
}

/* clang-format off */
static const char *const misread[] = {
	/* YAML 1.1 booleans and nulls, in any case. */
	"no", "No", "NO", "yes", "Yes", "on", "On", "off", "OFF", "y", "Y", "n", "N", "true",
	"False", "~", "null", "Null", "NULL", "", "=", "<<",
	/* Numbers of every base, floats, sexagesimal, infinities. */
	"010", "0x1F", "0X1F", "0o17", "0b101", "0x", "+0x_1", "1_000", "1e3", "1E-3", ".5",
	"5.", "-1", "+1", "1.2.3",
	"1:30", "190:20:30", "-1:30.5", ".inf", "-.Inf", ".NaN", "+", ".", "...",
	/* Dates and timestamps. */
	"2019-04-12", "2019-4-1", "2019-04-12T10:00:00Z", "2019-04-12 10:00",
	/* Indicator characters at the start. */
	"-", "- item", "-x", "?", "? q", ":", ": c", ",a", "[a]", "]", "{b}", "}", "#tag", "&a",
	"*b", "!t", "|p", ">f", "'s'", "\"d\"", "%p", "@a", "`b`",
	/* Comments and mapping values inside, or a key-like end. */
	"a: b", "a #b", "Möte: budget", "Att göra:",
	/* Spaces at either end, including ones that cannot be seen. */
	" a", "a ", "  indrag  ", "\xc2\xa0" "a", "a\xe3\x80\x80",
	/* Controls and invisible characters. */
	"tab\there", "a\rb", "bell\a", "del\x7f", "nel\xc2\x85", "c1\xc2\x9f", "zw\xe2\x80\x8b",
	"rlo\xe2\x80\xae" "evil", "ls\xe2\x80\xa8", "bom\xef\xbb\xbf", "nonchar\xef\xbf\xbe",
	"quote\" and \\ backslash\x01",
	/* Several lines. */
	"two\nlines", "trailing\n", "keep\n\n", "\nleading", " indented\nfirst", "a\n   \nb",
	"a\n\tb",
};
/* clang-format on */

static void
test_scalar__quotes_what_a_yaml_1_1_reader_would_misread(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(misread) / sizeof(misread[0]); i++) {
		char *w = written(misread[i], 0);

		if (w[0] != '"' && w[0] != '|')
			fail_msg("'%s' was written plain: %s", misread[i], w);
		free(w);
		round_trip(misread[i], strlen(misread[i]), 0);
		round_trip(misread[i], strlen(misread[i]), 1);
	}
}

static void
test_scalar__leaves_ordinary_text_plain(void **state)
{
	static const char *const plain[] = {
	        "Anbudsskola om upphandling med social hänsyn",
	        "RUN 19/00123",
	        "Möte 1:30",
	        "I15",
	        "handlaggare-1",
	        "2019-04-12-anbudsskola",
	        "2019-04-12-x",
	        "2019-04-12-abc",
	        "e5",
	        "0xy",
	        "e-post",
	        "a:b",
	        "C#",
	        "50%",
	        "no way",
	        "Yesterday",
	        "100 deltagare",
	        "https://example.org/a?b=c#d",
	        "Kv 3 2019",
	        "ÅÄÖ",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		char *w = written(plain[i], 0);

		assert_string_equal(w, plain[i]);
		free(w);
		round_trip(plain[i], strlen(plain[i]), 0);
	}
}

static void
test_scalar__flow_items_quote_flow_characters(void **state)
{
	static const char *const v[] = {"I1, I2", "I1]", "[I1", "{a}", "a:b", "a#b", "I15"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		round_trip(v[i], strlen(v[i]), 1);
	is(written("I1, I2", 1), "\"I1, I2\"");
	is(written("I15", 1), "I15");
}

static void
test_scalar__escapes_controls_and_keeps_nul(void **state)
{
	(void)state;
	is(written("a\x01"
	           "b\xe2\x80\xae"
	           "c\xf4\x8f\xbf\xbf",
	           0),
	   "\"a\\x01b\\u202Ec\\U0010FFFF\"");
	round_trip("a\0b", 3, 0);
	is(written("bad \xff byte", 0), "\"bad \xef\xbf\xbd byte\"");
}

static void
test_scalar__writes_lines_as_a_literal_block(void **state)
{
	char *w;

	(void)state;
	is(written("Första raden\n  indragen rad\n\nsista", 0),
	   "|-\n  Första raden\n    indragen rad\n\n  sista");
	is(written("en rad\n", 0), "|\n  en rad");
	is(written("två\n\n", 0), "|+\n  två\n");
	w = xstrdup("# not a comment\n--- not a document\n... nor an end");
	round_trip(w, strlen(w), 0);
	free(w);
}

static void
test_record__reads_back_field_by_field(void **state)
{
	static const char *const inds[] = {"I15", "no"};
	static const event_evidence ev[] = {{"diarienummer", "RUN 19/00123"}, {"url", ": x"}};
	static const char head[] = EVENT_MODELINE "\nid: 2019-04-12-anbudsskola\n"
	                                          "date: 2019-04-12\nkind: training\n"
	                                          "title: \"yes\"\nindicators: [I15, \"no\"]\n"
	                                          "responsible: handlaggare-1\nparticipants: 14\n"
	                                          "evidence:\n  - type: diarienummer\n"
	                                          "    ref: RUN 19/00123\n";
	event_fields f;
	buf text = BUF_INIT;
	diag_list findings = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	const ytree_node *r, *e;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.id = "2019-04-12-anbudsskola";
	f.date = date_from_ymd(2019, 4, 12);
	f.kind = "training";
	f.title = "yes";
	f.indicators = inds;
	f.nindicators = 2;
	f.responsible = "handlaggare-1";
	f.has_participants = 1;
	f.participants = 14;
	f.evidence = ev;
	f.nevidence = 2;
	f.note = "rad ett\nrad två\n";
	f.supersedes = "2019-04-11-x";
	f.reason = "010";
	f.exception = "Planerat\ttidigare";
	event_write_text(&text, &f);
	assert_true(strncmp(text.ptr, head, strlen(head)) == 0);
	assert_int_equal(
	        ytree_parse(&d, "e.yaml", text.ptr, text.len, YTREE_RECORD, NULL, &findings),
	        YTREE_OK);
	r = d->root;
	assert_true(ytree_is_str(ytree_get(r, "title"), "yes"));
	assert_true(ytree_is_str(ytree_get(r, "date"), "2019-04-12"));
	assert_true(ytree_is_str(ytree_get(r, "indicators")->items[1], "no"));
	assert_int_equal(ytree_get(r, "participants")->kind, YT_INT);
	assert_int_equal(ytree_get(r, "participants")->integer, 14);
	e = ytree_get(r, "evidence");
	assert_int_equal(e->n, 2);
	assert_true(ytree_is_str(ytree_get(e->items[0], "ref"), "RUN 19/00123"));
	assert_true(ytree_is_str(ytree_get(e->items[1], "ref"), ": x"));
	assert_true(ytree_is_str(ytree_get(r, "note"), "rad ett\nrad två\n"));
	assert_true(ytree_is_str(ytree_get(r, "reason"), "010"));
	assert_true(
	        ytree_is_str(ytree_get(ytree_get(r, "exception"), "reason"), "Planerat\ttidigare"));
	ytree_doc_free(d);
	diag_list_free(&findings);
	buf_free(&text);
}

static void
test_record__literal_blocks_nest_under_their_keys(void **state)
{
	static const event_evidence ev[] = {{"a\nb", "c\nd"}};
	event_fields f;
	buf text = BUF_INIT;
	diag_list findings = DIAG_LIST_INIT;
	ytree_doc *d = NULL;
	const ytree_node *e;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.id = "2019-04-12-x";
	f.date = date_from_ymd(2019, 4, 12);
	f.evidence = ev;
	f.nevidence = 1;
	f.exception = "e\nf";
	event_write_text(&text, &f);
	assert_int_equal(
	        ytree_parse(&d, "e.yaml", text.ptr, text.len, YTREE_RECORD, NULL, &findings),
	        YTREE_OK);
	e = ytree_get(d->root, "evidence")->items[0];
	assert_true(ytree_is_str(ytree_get(e, "type"), "a\nb"));
	assert_true(ytree_is_str(ytree_get(e, "ref"), "c\nd"));
	assert_true(ytree_is_str(ytree_get(ytree_get(d->root, "exception"), "reason"), "e\nf"));
	ytree_doc_free(d);
	diag_list_free(&findings);
	buf_free(&text);
}

static void
test_parse__evidence_and_indicator_ids(void **state)
{
	char *t, *r;

	(void)state;
	assert_int_equal(event_write_parse_evidence("diarienummer:RUN 19/00123", &t, &r), 0);
	assert_string_equal(t, "diarienummer");
	assert_string_equal(r, "RUN 19/00123");
	free(t);
	free(r);
	assert_int_equal(event_write_parse_evidence(" url : https://example.org/x ", &t, &r), 0);
	assert_string_equal(t, "url");
	assert_string_equal(r, "https://example.org/x");
	free(t);
	free(r);
	assert_int_equal(event_write_parse_evidence("no colon", &t, &r), -1);
	assert_non_null(strstr(error_last(), "TYPE:REFERENCE"));
	assert_int_equal(event_write_parse_evidence("type:", &t, &r), -1);
	assert_int_equal(event_write_parse_evidence(":ref", &t, &r), -1);
	is(event_write_indicator_id(" i15 ", 5), "I15");
	is(event_write_indicator_id("15", 2), "I15");
	is(event_write_indicator_id("A2.4", 4), "A2.4");
	is(event_write_indicator_id("I", 1), "I");
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Removes a temporary folder and everything in it, and frees its name. */
static void
remove_tree(char *root)
{
	assert_int_equal(nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

/* A temporary folder with a trailing '/'; remove_tree removes it. */
static char *
temp_root(void)
{
	char tmpl[] = "/tmp/test_event_write.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return xasprintf("%s/", tmpl);
}

static void
test_file__unique_ids_and_writes_that_never_clobber(void **state)
{
	char *root = temp_root(), *id, *path, *full;
	date_days d = date_from_ymd(2019, 4, 12);
	buf back = BUF_INIT;
	int exists, too_big;

	(void)state;
	assert_int_equal(event_write_unique_id(&id, &path, NULL, root, d, "x"), 0);
	assert_string_equal(id, "2019-04-12-x");
	assert_string_equal(path, "records/events/2019/04/2019-04-12-x.yaml");
	assert_int_equal(event_write_file(root, path, "one\n", 4, NULL, &exists), 0);
	assert_int_equal(event_write_file(root, path, "two\n", 4, NULL, &exists), -1);
	assert_true(exists);
	full = xasprintf("%s%s", root, path);
	assert_int_equal(fsutil_read_file(full, 100, &back, &too_big), 0);
	assert_string_equal(back.ptr, "one\n");
	free(id);
	free(path);
	assert_int_equal(event_write_unique_id(&id, &path, NULL, root, d, "x"), 0);
	assert_string_equal(id, "2019-04-12-x-2");
	free(full);
	free(id);
	free(path);
	buf_free(&back);
	remove_tree(root);
}

static void
test_file__a_failed_write_takes_back_the_folders_it_made(void **state)
{
	char *root = temp_root(), *events = xasprintf("%srecords/events", root);
	char *year = xasprintf("%s/2019", events);
	char name[300];
	char *path;
	int exists;

	(void)state;
	assert_int_equal(fsutil_mkdirs(events), 0);
	/* A file name longer than any file system allows makes the write fail. */
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	path = xasprintf("records/events/2019/04/%s.yaml", name);
	assert_int_equal(event_write_file(root, path, "x", 1, NULL, &exists), -1);
	assert_false(exists);
	assert_false(fsutil_exists(year));
	assert_true(fsutil_exists(events));
	free(path);
	free(year);
	free(events);
	remove_tree(root);
}

static void
test_source__files_in_memory_are_listed_in_order_and_read_back(void **state)
{
	char *root = temp_root(), *dir = xasprintf("%srecords/goals", root);
	char *file = xasprintf("%s/M1.yaml", dir);
	source *s = NULL;
	buf out = BUF_INIT;
	int too_big;

	(void)state;
	assert_int_equal(fsutil_mkdirs(dir), 0);
	assert_int_equal(fsutil_write_atomic(file, "id: M1\n", 7, 1, NULL), 0);
	assert_int_equal(source_worktree(&s, root), 0);
	assert_int_equal(s->nfiles, 1);
	source_add_memory(s, "records/events/2019/04/2019-04-12-x.yaml", "id: x\n", 6);
	source_add_memory(s, "records/activities/A1.1.yaml", "id: A1.1\n", 9);
	assert_int_equal(s->nfiles, 3);
	assert_string_equal(s->files[0].path, "records/activities/A1.1.yaml");
	assert_string_equal(s->files[1].path, "records/events/2019/04/2019-04-12-x.yaml");
	assert_string_equal(s->files[2].path, "records/goals/M1.yaml");
	assert_int_equal(source_read(s, &s->files[1], 100, &out, &too_big), 0);
	assert_string_equal(out.ptr, "id: x\n");
	assert_int_equal(source_read(s, &s->files[1], 3, &out, &too_big), 0);
	assert_true(too_big);
	assert_int_equal(out.len, 0);
	/* A file in memory replaces one on disk at the same path. */
	source_add_memory(s, "records/goals/M1.yaml", "id: M9\n", 7);
	assert_int_equal(s->nfiles, 3);
	assert_int_equal(source_read(s, &s->files[2], 100, &out, &too_big), 0);
	assert_string_equal(out.ptr, "id: M9\n");
	source_drop(s, "records/events/");
	assert_int_equal(s->nfiles, 2);
	assert_string_equal(s->files[1].path, "records/goals/M1.yaml");
	source_free(s);
	buf_free(&out);
	free(dir);
	free(file);
	remove_tree(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_slug__folds_swedish_letters_and_joins_words_with_hyphens),
	        cmocka_unit_test(test_slug__folds_other_latin_letters_and_drops_the_rest),
	        cmocka_unit_test(test_slug__is_cut_at_a_word_boundary),
	        cmocka_unit_test(test_scalar__quotes_what_a_yaml_1_1_reader_would_misread),
	        cmocka_unit_test(test_scalar__leaves_ordinary_text_plain),
	        cmocka_unit_test(test_scalar__flow_items_quote_flow_characters),
	        cmocka_unit_test(test_scalar__escapes_controls_and_keeps_nul),
	        cmocka_unit_test(test_scalar__writes_lines_as_a_literal_block),
	        cmocka_unit_test(test_record__reads_back_field_by_field),
	        cmocka_unit_test(test_record__literal_blocks_nest_under_their_keys),
	        cmocka_unit_test(test_parse__evidence_and_indicator_ids),
	        cmocka_unit_test(test_file__unique_ids_and_writes_that_never_clobber),
	        cmocka_unit_test(test_file__a_failed_write_takes_back_the_folders_it_made),
	        cmocka_unit_test(test_source__files_in_memory_are_listed_in_order_and_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
