/*
 * Unit tests of the JSON Schema validator: the words, positions and
 * pointers of its findings, references across the files of a folder, and
 * bad schemas and values that must end in a finding, not a crash or a hang.
 */
#define _POSIX_C_SOURCE 200809L
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

#include "jschema/jschema.h"
#include "util/error.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

static ytree_doc *
parse(const char *path, const char *text)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;

	assert_int_equal(ytree_parse(&doc, path, text, strlen(text), YTREE_GENERAL, NULL, &f),
			 YTREE_OK);
	diag_list_free(&f);
	return doc;
}

/* Adds text as the schema plan:///schemas/<name> and compiles it. */
static const jschema *
compile(jschema_registry *r, const char *name, const char *text)
{
	char *uri = xasprintf("plan:///schemas/%s", name);
	diag_list f = DIAG_LIST_INIT;
	const jschema *s = NULL;
	size_t i;

	jschema_registry_add(r, uri, parse(name, text));
	if (jschema_get(&s, r, uri, &f) != 0)
		for (i = 0; i < f.n; i++)
			fprintf(stderr, "%u:%u: %s\n", f.items[i].line, f.items[i].col,
				f.items[i].message);
	assert_non_null(s);
	diag_list_free(&f);
	free(uri);
	return s;
}

/* Compiles a schema that must be rejected; returns its findings. */
static diag_list
compile_bad(const char *text)
{
	jschema_registry *r = jschema_registry_new(NULL);
	diag_list f = DIAG_LIST_INIT;
	const jschema *s = NULL;

	jschema_registry_add(r, "plan:///schemas/bad.schema.yaml", parse("bad.schema.yaml", text));
	assert_int_equal(jschema_get(&s, r, "plan:///schemas/bad.schema.yaml", &f), 1);
	assert_null(s);
	assert_true(f.n >= 1);
	/* A second request gives the same answer. */
	{
		diag_list again = DIAG_LIST_INIT;

		assert_int_equal(jschema_get(&s, r, "plan:///schemas/bad.schema.yaml", &again), 1);
		assert_int_equal(again.n, f.n);
		diag_list_free(&again);
	}
	jschema_registry_free(r);
	return f;
}

static diag_list
check(const jschema *s, const char *record)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = parse("record.yaml", record);
	size_t n = jschema_validate(s, doc->root, "record.yaml", &f);

	assert_int_equal(n, f.n);
	assert_int_equal(jschema_valid(s, doc->root), n == 0);
	ytree_doc_free(doc);
	return f;
}

static void
assert_finding(const diag *d, unsigned line, unsigned col, const char *message,
	       const char *pointer, const char *schema_loc)
{
	assert_string_equal(d->rule, "schema");
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->message, message);
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
	if (pointer != NULL)
		assert_string_equal(d->pointer, pointer);
	if (schema_loc != NULL)
		assert_string_equal(d->schema_loc, schema_loc);
}

static const char event_schema[] =
	"type: object\n"
	"required: [id, date, kind]\n"
	"additionalProperties: false\n"
	"properties:\n"
	"  id: {type: string, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+$'}\n"
	"  date: {type: string, format: date}\n"
	"  kind: {enum: [seminar, report, meeting]}\n"
	"  priority: {enum: [high, medium-high]}\n"
	"  title: {type: string, minLength: 1}\n"
	"  indicators: {type: array, minItems: 1, items: {type: string}}\n"
	"  participants: {type: integer, minimum: 0}\n";

static void
test_jschema__enum_lists_the_choices(void **state)
{
	jschema_options o = {1};
	jschema_registry *r = jschema_registry_new(&o);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-05-20-x\ndate: 2019-05-20\nkind: report\n"
			       "priority: low\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_finding(&f.items[0], 4, 11, "/priority: must be one of: high, medium-high",
		       "/priority", "event.schema.yaml#/properties/priority/enum");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__bad_date_is_named_with_its_pointer_and_keyword(void **state)
{
	jschema_options o = {1};
	jschema_registry *r = jschema_registry_new(&o);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-02-30-x\ndate: 2019-02-30\nkind: report\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_finding(&f.items[0], 2, 7, "/date: is not a valid date: 2019-02-30", "/date",
		       "event.schema.yaml#/properties/date/format");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__missing_field_points_at_its_mapping(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-05-20-x\nkind: report\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_finding(&f.items[0], 1, 1, "(top): the required field 'date' is missing", "",
		       "event.schema.yaml#/required");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__unknown_field_suggests_the_closest_name(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-05-20-x\nkind: report\ndat: 2019-05-20\n");

	(void)state;
	assert_int_equal(f.n, 2);
	diag_sort(&f);
	assert_string_equal(f.items[0].message, "(top): the required field 'date' is missing");
	assert_finding(&f.items[1], 3, 1,
		       "(top): the field 'dat' is not allowed here (did you mean 'date'?)", "",
		       "event.schema.yaml#/additionalProperties");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__wrong_type_says_what_it_got(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-05-20-x\ndate: [2019-05-20]\nkind: report\n"
			       "participants: 2.5\n");

	(void)state;
	assert_int_equal(f.n, 2);
	assert_finding(&f.items[0], 2, 7, "/date: must be text, not a list", "/date",
		       "event.schema.yaml#/properties/date/type");
	assert_finding(&f.items[1], 4, 15, "/participants: must be a whole number, not 2.5",
		       "/participants", NULL);
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__empty_list_needs_at_least_one_item(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-05-20-x\ndate: 2019-05-20\nkind: report\n"
			       "indicators: [x]\ntitle: ''\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_string_equal(f.items[0].message, "/title: must be at least 1 character long");
	diag_list_free(&f);
	f = check(s, "id: 2019-05-20-x\ndate: 2019-05-20\nkind: report\nindicators: [1, []]\n");
	assert_int_equal(f.n, 2);
	assert_finding(&f.items[0], 4, 14, "/indicators/0: must be text, not a whole number",
		       "/indicators/0", "event.schema.yaml#/properties/indicators/items/type");
	assert_string_equal(f.items[1].message, "/indicators/1: must be text, not a list");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__every_failure_is_reported(void **state)
{
	jschema_options o = {1};
	jschema_registry *r = jschema_registry_new(&o);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: x\ndate: 2019-13-01\nkind: trip\npriority: none\n"
			       "participants: -1\nextra: 1\n");

	(void)state;
	assert_int_equal(f.n, 6);
	assert_string_equal(f.items[0].message,
			    "/id: does not match the pattern "
			    "^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+$: x");
	assert_string_equal(f.items[1].message, "/date: is not a valid date: 2019-13-01");
	assert_string_equal(f.items[2].message, "/kind: must be one of: seminar, report, meeting");
	assert_string_equal(f.items[4].message, "/participants: must be at least 0");
	assert_string_equal(f.items[5].message, "(top): the field 'extra' is not allowed here");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__any_of_says_what_would_do(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(
		r, "window.schema.yaml",
		"properties:\n"
		"  when: {anyOf: [{type: string}, {type: array}]}\n"
		"  kind: {oneOf: [{const: count}, {enum: [deliverable]}]}\n"
		"  target:\n"
		"    oneOf:\n"
		"      - {type: object, required: [min], properties: {min: {type: integer}}}\n"
		"      - {type: string}\n");
	diag_list f = check(s, "when: 3\nkind: sum\ntarget: {min: many}\n");

	(void)state;
	assert_int_equal(f.n, 3);
	assert_string_equal(f.items[0].message, "/when: must be text or a list, not a whole number");
	assert_string_equal(f.items[1].message, "/kind: must be one of: count, deliverable");
	assert_finding(&f.items[2], 3, 15, "/target/min: must be a whole number, not text",
		       "/target/min", "window.schema.yaml#/properties/target/oneOf/0/properties/min/type");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__field_names_and_forms_in_plain_words(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "n.yaml",
				   "propertyNames: {pattern: '^[a-z]+$'}\n"
				   "properties:\n"
				   "  n: {oneOf: [{type: integer}, {minimum: 2}]}\n"
				   "  tags: {prefixItems: [{type: string}], unevaluatedItems: false}\n");
	diag_list f = check(s, "Abc: 1\nn: 5\ntags: [a, b]\n");

	(void)state;
	assert_int_equal(f.n, 3);
	assert_finding(&f.items[0], 1, 1,
		       "(top): the field name 'Abc': does not match the pattern ^[a-z]+$", "",
		       "n.yaml#/propertyNames/pattern");
	assert_string_equal(f.items[1].message,
			    "/n: matches more than one of the allowed forms (the 1st and the 2nd); "
			    "it must match exactly one");
	assert_finding(&f.items[2], 3, 11, "/tags/1: this item is not allowed here", "/tags/1",
		       "n.yaml#/properties/tags/unevaluatedItems");
	diag_list_free(&f);
	jschema_registry_free(r);
}

/* Writes text to dir/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

static void
test_jschema__refs_reach_other_files_of_the_folder(void **state)
{
	char dir[] = "/tmp/test_jschema.XXXXXX";
	jschema_options o = {1};
	jschema_registry *r = jschema_registry_new(&o);
	diag_list f = DIAG_LIST_INIT;
	const jschema *s = NULL, *date = NULL;
	char *uri, *path, *date_uri;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "common.schema.yaml",
		   "$defs:\n  date: {type: string, format: date}\n");
	write_file(dir, "event.schema.yaml",
		   "properties:\n  date: {$ref: 'common.schema.yaml#/$defs/date'}\n");
	write_file(dir, "notes.txt", "not a schema\n");
	assert_int_equal(jschema_registry_add_dir(r, dir, &f), 0);
	path = xasprintf("%s/event.schema.yaml", dir);
	uri = jschema_file_uri(path);
	assert_non_null(uri);
	assert_int_equal(jschema_get(&s, r, uri, &f), 0);
	diag_list_free(&f);
	f = check(s, "date: 2019-04-31\n");
	assert_int_equal(f.n, 1);
	assert_finding(&f.items[0], 1, 7, "/date: is not a valid date: 2019-04-31", "/date",
		       "common.schema.yaml#/$defs/date/format");
	diag_list_free(&f);
	/* A fragment names a subschema; asking twice gives the same object. */
	date_uri = xasprintf("%.*scommon.schema.yaml#/$defs/date", (int)(strlen(uri) - 17), uri);
	assert_int_equal(jschema_get(&date, r, date_uri, &f), 0);
	assert_string_equal(jschema_location(date), "common.schema.yaml#/$defs/date");
	assert_int_equal(jschema_get(&s, r, date_uri, &f), 0);
	assert_ptr_equal(s, date);
	diag_list_free(&f);
	jschema_registry_free(r);
	free(date_uri);
	free(uri);
	free(path);
	path = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	free(path);
}

static void
test_jschema__a_tree_of_schemas_is_read_under_a_base_uri(void **state)
{
	char dir[] = "/tmp/test_jschema.XXXXXX";
	jschema_registry *r = jschema_registry_new(NULL);
	diag_list f = DIAG_LIST_INIT;
	const jschema *s = NULL;
	char *sub, *cmd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/nested", dir);
	assert_int_equal(mkdir(sub, 0777), 0);
	write_file(sub, "name.json", "{\"type\": \"string\", \"$anchor\": \"name\"}");
	write_file(dir, "person.json",
		   "{\"$id\": \"https://example.org/person\",\n"
		   " \"properties\": {\"name\": {\"$ref\": \"http://localhost:1234/nested/name.json#name\"}}}");
	write_file(dir, "broken.json", "{\"type\": [");
	assert_int_equal(jschema_registry_add_tree(r, dir, "http://localhost:1234", &f), 1);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.items[0].path, "broken.json"));
	diag_list_free(&f);
	/* The retrieval URI and the $id name the same schema. */
	assert_int_equal(jschema_get(&s, r, "http://localhost:1234/person.json", &f), 0);
	assert_int_equal(jschema_get(&s, r, "https://example.org/person", &f), 0);
	diag_list_free(&f);
	f = check(s, "name: 12\n");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.items[0].message, "/name: must be text, not a whole number");
	assert_string_equal(f.items[0].schema_loc, "name.json#/type");
	diag_list_free(&f);
	jschema_registry_free(r);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(sub);
}

static void
test_jschema__anchors_answer_to_either_name_of_their_document(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = NULL, *by_id = NULL;
	diag_list f = DIAG_LIST_INIT;

	(void)state;
	jschema_registry_add(r, "plan:///schemas/a.yaml",
			     parse("a.yaml", "$id: https://example.org/a\n"
					     "$defs: {d: {$anchor: day, type: integer}}\n"));
	assert_int_equal(jschema_get(&s, r, "plan:///schemas/a.yaml#day", &f), 0);
	assert_int_equal(jschema_get(&by_id, r, "https://example.org/a#day", &f), 0);
	assert_ptr_equal(s, by_id);
	assert_string_equal(jschema_location(s), "a.yaml#/$defs/d");
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__ref_to_itself_is_a_schema_finding(void **state)
{
	diag_list f = compile_bad("title: loop\n$ref: '#'\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_string_equal(f.items[0].path, "bad.schema.yaml");
	assert_int_equal(f.items[0].line, 2);
	assert_int_equal(f.items[0].col, 7);
	assert_non_null(strstr(f.items[0].message, "'$ref' leads into a loop"));
	diag_list_free(&f);
}

static void
test_jschema__ref_loop_through_two_schemas_is_a_schema_finding(void **state)
{
	diag_list f = compile_bad("$defs:\n"
				  "  a: {$ref: '#/$defs/b'}\n"
				  "  b: {allOf: [{$ref: '#/$defs/a'}]}\n"
				  "properties:\n"
				  "  x: {$ref: '#/$defs/a'}\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.items[0].message, "loop"));
	assert_int_equal(f.items[0].line, 3);
	diag_list_free(&f);
}

static void
test_jschema__ref_to_a_missing_place_is_a_schema_finding(void **state)
{
	diag_list f = compile_bad("properties:\n  date: {$ref: 'common.schema.yaml#/$defs/dat'}\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_int_equal(f.items[0].line, 2);
	assert_int_equal(f.items[0].col, 16);
	assert_string_equal(f.items[0].message,
			    "'$ref' points to nothing: there is no schema at "
			    "'plan:///schemas/common.schema.yaml#/$defs/dat'");
	assert_string_equal(f.items[0].schema_loc, "bad.schema.yaml#/properties/date/$ref");
	diag_list_free(&f);
}

static void
test_jschema__invalid_regex_is_a_finding_at_its_position(void **state)
{
	diag_list f = compile_bad("properties:\n  id: {pattern: '^(I[0-9]+$'}\n"
				  "patternProperties:\n  '(?i)x': true\n");

	(void)state;
	assert_int_equal(f.n, 2);
	diag_sort(&f);
	assert_int_equal(f.items[0].line, 2);
	assert_int_equal(f.items[0].col, 17);
	assert_string_equal(f.items[0].message, "'pattern' is not a valid regular expression: a "
						"'(' is not closed with ')'");
	assert_int_equal(f.items[1].line, 4);
	assert_non_null(strstr(f.items[1].message, "'(?i)x' in 'patternProperties'"));
	diag_list_free(&f);
}

static void
test_jschema__non_schema_values_are_findings(void **state)
{
	diag_list f = compile_bad("type: 12\nproperties: 3\nitems: [1]\nminLength: -1\n"
				  "required: [1]\nnot: hello\n");

	(void)state;
	assert_int_equal(f.n, 6);
	diag_sort(&f);
	assert_string_equal(f.items[0].message, "'type' must name a type (string, number, integer, "
						"boolean, null, array, object) or list them");
	assert_string_equal(f.items[1].message,
			    "'properties' must be a mapping of field names to schemas");
	assert_string_equal(f.items[2].message,
			    "a schema must be a mapping or true/false, not a list");
	assert_int_equal(f.items[2].line, 3);
	assert_string_equal(f.items[3].message, "'minLength' must be a whole number, 0 or more");
	assert_string_equal(f.items[4].message, "'required' must be a list of field names");
	assert_string_equal(f.items[5].message,
			    "a schema must be a mapping or true/false, not text");
	diag_list_free(&f);
}

static void
test_jschema__ten_thousand_levels_deep_stop_cleanly(void **state)
{
	enum { LEVELS = 10000 };
	ytree_node *nodes = xcalloc(LEVELS + 1, sizeof(*nodes));
	ytree_node **items = xcalloc(LEVELS, sizeof(*items));
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "tree.schema.yaml", "items: {$ref: '#'}\n");
	diag_list f = DIAG_LIST_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < LEVELS; i++) {
		nodes[i].kind = YT_SEQ;
		nodes[i].line = (unsigned)i + 1;
		nodes[i].col = 1;
		nodes[i].n = 1;
		items[i] = &nodes[i + 1];
		nodes[i].items = &items[i];
	}
	nodes[LEVELS].kind = YT_NULL;
	nodes[LEVELS].line = LEVELS + 1;
	nodes[LEVELS].col = 1;
	assert_int_equal(jschema_validate(s, &nodes[0], "deep.json", &f), 1);
	assert_non_null(strstr(f.items[0].message, "is nested too deeply to be checked"));
	assert_true(f.items[0].line > 100);
	assert_int_equal(jschema_valid(s, &nodes[0]), 0);
	/* The same schema on a value of ordinary depth. */
	assert_int_equal(jschema_valid(s, &nodes[LEVELS - 200]), 1);
	diag_list_free(&f);
	jschema_registry_free(r);
	free(items);
	free(nodes);
}

static void
test_jschema__dynamic_ref_loop_stops_cleanly(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "dyn.schema.yaml",
				   "$dynamicAnchor: node\n$dynamicRef: '#node'\n");
	diag_list f = check(s, "{a: 1}\n");

	(void)state;
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.items[0].message, "goes round in a loop"));
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__schema_compiled_once_serves_many_records(void **state)
{
	jschema_options o = {1};
	jschema_registry *r = jschema_registry_new(&o);
	const jschema *s = compile(r, "event.schema.yaml", event_schema), *again = NULL;
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *good = parse("good.yaml", "id: 2019-05-20-x\ndate: 2019-05-20\nkind: report\n"
					     "indicators: [I18]\nparticipants: 14\n");
	ytree_doc *bad = parse("bad.yaml", "id: 2019-05-20-x\ndate: 2019-05-32\nkind: report\n");
	size_t i, failures = 0;

	(void)state;
	assert_int_equal(jschema_get(&again, r, "plan:///schemas/event.schema.yaml", &f), 0);
	assert_ptr_equal(again, s);
	for (i = 0; i < 1000; i++) {
		failures += jschema_validate(s, good->root, "good.yaml", &f);
		failures += jschema_validate(s, bad->root, "bad.yaml", &f);
	}
	assert_int_equal(failures, 1000);
	assert_int_equal(f.n, 1000);
	diag_list_free(&f);
	ytree_doc_free(good);
	ytree_doc_free(bad);
	jschema_registry_free(r);
}

static void
test_jschema__patterns_follow_ecma_262(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *digits = compile(r, "d.yaml", "pattern: '^\\d+$'\n");
	const jschema *letter = compile(r, "l.yaml", "pattern: '^\\p{Letter}+$'\n");
	const jschema *space = compile(r, "s.yaml", "pattern: '^a\\sb$'\n");
	ytree_doc *doc = parse("v.yaml", "- '42'\n- \"42\\n\"\n- \"\\u09EA\\u09E8\"\n- école\n"
					 "- \"a\\u00A0b\"\n");
	const ytree_node *const *v = (const ytree_node *const *)doc->root->items;

	(void)state;
	assert_int_equal(jschema_valid(digits, v[0]), 1);
	assert_int_equal(jschema_valid(digits, v[1]), 0); /* $ only at the very end */
	assert_int_equal(jschema_valid(digits, v[2]), 0); /* \d is ASCII */
	assert_int_equal(jschema_valid(letter, v[3]), 1);
	assert_int_equal(jschema_valid(letter, v[0]), 0);
	assert_int_equal(jschema_valid(space, v[4]), 1); /* \s has no-break space */
	ytree_doc_free(doc);
	jschema_registry_free(r);
}

static void
test_jschema__format_can_be_switched_off(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "event.schema.yaml", event_schema);
	diag_list f = check(s, "id: 2019-02-30-x\ndate: 2019-02-30\nkind: report\n");

	(void)state;
	assert_int_equal(f.n, 0);
	diag_list_free(&f);
	jschema_registry_free(r);
}

static void
test_jschema__unknown_uri_is_an_error_to_run(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	diag_list f = DIAG_LIST_INIT;
	const jschema *s = NULL;

	(void)state;
	assert_int_equal(jschema_get(&s, r, "plan:///schemas/none.yaml", &f), -1);
	assert_null(s);
	assert_int_equal(f.n, 0);
	assert_non_null(strstr(error_last(), "plan:///schemas/none.yaml"));
	jschema_registry_free(r);
}

static void
test_jschema__unevaluated_properties_see_through_all_of(void **state)
{
	jschema_registry *r = jschema_registry_new(NULL);
	const jschema *s = compile(r, "u.yaml",
				   "allOf: [{$ref: '#/$defs/base'}]\n"
				   "properties: {extra: true}\n"
				   "unevaluatedProperties: false\n"
				   "$defs: {base: {properties: {id: true, title: true}}}\n");
	diag_list f = check(s, "id: 1\ntitle: x\nextra: 2\n");

	(void)state;
	assert_int_equal(f.n, 0);
	diag_list_free(&f);
	f = check(s, "id: 1\ntitel: x\n");
	assert_int_equal(f.n, 1);
	assert_finding(&f.items[0], 2, 1,
		       "(top): the field 'titel' is not allowed here (did you mean 'title'?)", "",
		       "u.yaml#/unevaluatedProperties");
	diag_list_free(&f);
	jschema_registry_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jschema__enum_lists_the_choices),
		cmocka_unit_test(test_jschema__bad_date_is_named_with_its_pointer_and_keyword),
		cmocka_unit_test(test_jschema__missing_field_points_at_its_mapping),
		cmocka_unit_test(test_jschema__unknown_field_suggests_the_closest_name),
		cmocka_unit_test(test_jschema__wrong_type_says_what_it_got),
		cmocka_unit_test(test_jschema__empty_list_needs_at_least_one_item),
		cmocka_unit_test(test_jschema__every_failure_is_reported),
		cmocka_unit_test(test_jschema__any_of_says_what_would_do),
		cmocka_unit_test(test_jschema__field_names_and_forms_in_plain_words),
		cmocka_unit_test(test_jschema__refs_reach_other_files_of_the_folder),
		cmocka_unit_test(test_jschema__a_tree_of_schemas_is_read_under_a_base_uri),
		cmocka_unit_test(test_jschema__anchors_answer_to_either_name_of_their_document),
		cmocka_unit_test(test_jschema__ref_to_itself_is_a_schema_finding),
		cmocka_unit_test(test_jschema__ref_loop_through_two_schemas_is_a_schema_finding),
		cmocka_unit_test(test_jschema__ref_to_a_missing_place_is_a_schema_finding),
		cmocka_unit_test(test_jschema__invalid_regex_is_a_finding_at_its_position),
		cmocka_unit_test(test_jschema__non_schema_values_are_findings),
		cmocka_unit_test(test_jschema__ten_thousand_levels_deep_stop_cleanly),
		cmocka_unit_test(test_jschema__dynamic_ref_loop_stops_cleanly),
		cmocka_unit_test(test_jschema__schema_compiled_once_serves_many_records),
		cmocka_unit_test(test_jschema__patterns_follow_ecma_262),
		cmocka_unit_test(test_jschema__format_can_be_switched_off),
		cmocka_unit_test(test_jschema__unknown_uri_is_an_error_to_run),
		cmocka_unit_test(test_jschema__unevaluated_properties_see_through_all_of),
	};

	return cmocka_run_group_tests_name("jschema", tests, NULL, NULL);
}
