/*
 * jschema: a JSON Schema draft 2020-12 validator on the YAML tree.
 *
 * A registry holds schema documents under their URIs. jschema_get compiles
 * the schema at a URI once into an internal form (references resolved,
 * regular expressions compiled, keywords in a list), and jschema_validate
 * then checks any number of instances against it without looking at the
 * schema's text again.
 *
 * Two kinds of trouble, as everywhere in the library:
 *   - a schema that cannot be used (a bad regular expression, a $ref to a
 *     place that does not exist, a value where a schema should be) is a
 *     finding with rule "schema" at the schema file's line and column;
 *   - an instance that does not match is a finding with rule "schema" at the
 *     instance's line and column, with its JSON pointer and the schema
 *     keyword's location set through diag_set_location.
 * Failures to run (a folder that cannot be read) return -1 with error_set.
 *
 * Ownership: the registry owns the documents given to jschema_registry_add
 * and everything it compiles; a const jschema * is borrowed from its
 * registry and lives until jschema_registry_free. Documents given to
 * jschema_registry_add_node stay the caller's and must outlive the
 * registry. A registry is not safe for use from several threads at once
 * while schemas are being added or compiled; validating against compiled
 * schemas only reads them. Add every document before compiling: when two
 * documents claim the same URI, the first keeps it.
 *
 * Limits: no network; "https://json-schema.org/draft/2020-12/schema" is
 * built in (a condensed form of the meta-schema). Validation applies
 * schemas at most 4,000 deep, uses at most about 3 MB of stack and stops
 * after ten million schema applications; reaching a limit, or a
 * $dynamicRef that loops, is a finding, never a crash or a hang. Patterns
 * that backtrack too much end in a finding too.
 */
#ifndef PLAN_JSCHEMA_H
#define PLAN_JSCHEMA_H

#include <stddef.h>

#include "util/diag.h"
#include "yaml/ytree.h"

typedef struct jschema_registry jschema_registry;
typedef struct jschema jschema; /* a compiled schema, owned by its registry */

typedef struct jschema_options {
	int format_assertion; /* 1: `format` asserts; 0: it is only an annotation */
} jschema_options;

/* A new, empty registry; opts may be NULL (format assertion off). */
jschema_registry *jschema_registry_new(const jschema_options *opts);
/* Frees its documents and compiled schemas; NULL does nothing. */
void jschema_registry_free(jschema_registry *r);

/*
 * Adds a parsed document under its retrieval URI (e.g.
 * "file:///abs/schemas/event.schema.yaml", or
 * "plan:///schemas/event.schema.yaml" for a schema read from a Git blob) and
 * takes ownership of doc. $id, $anchor and $dynamicAnchor inside it are
 * indexed too. Findings about the schema name doc->path.
 */
void jschema_registry_add(jschema_registry *r, const char *uri, ytree_doc *doc);

/*
 * Adds a schema that is a node of a document the caller keeps (a test
 * suite's schema, say): root is borrowed and must outlive the registry.
 * path names the file in findings about the schema (NULL: the URI).
 */
void jschema_registry_add_node(jschema_registry *r, const char *uri, const ytree_node *root,
			       const char *path);

/* 1 when a document or a schema's $id already holds uri (no fragment). */
int jschema_registry_has(jschema_registry *r, const char *uri);

/*
 * Parses every *.yaml, *.yml and *.json file of a folder (YAML in ytree
 * data mode, JSON with ytree_parse_json; not descending into subfolders)
 * and adds each under
 * file://<absolute path>. Returns 0; 1 when a file could not be parsed
 * (findings added, the other files are added); -1 with the error set when
 * the folder cannot be read.
 */
int jschema_registry_add_dir(jschema_registry *r, const char *dir, diag_list *findings);

/* 1 when jschema_registry_add_dir reads a file of that name (.yaml, .yml, .json). */
int jschema_is_schema_file(const char *name);

/*
 * Like jschema_registry_add_dir, but descends into subfolders and adds each
 * file under base_uri followed by its path below dir: with base_uri
 * "http://localhost:1234/", dir/nested/a.json is added as
 * "http://localhost:1234/nested/a.json". For a test suite's remotes.
 */
int jschema_registry_add_tree(jschema_registry *r, const char *dir, const char *base_uri,
			      diag_list *findings);

/*
 * The file: URI of a path ("file:///abs/schemas/event.schema.yaml"), as
 * jschema_registry_add_dir names its files. The caller frees it with
 * free(); NULL with the error set when the path does not exist.
 */
char *jschema_file_uri(const char *path);

/*
 * Compiles (once; later calls return the same object) the schema at uri,
 * which may carry a fragment ("…/common.schema.yaml#/$defs/date").
 * Returns 0 with *out set; 1 when the schema itself is invalid (findings
 * with rule "schema" at the schema file's line and column, *out NULL); -1
 * with the error set when nothing is registered at uri.
 */
int jschema_get(const jschema **out, jschema_registry *r, const char *uri, diag_list *findings);

/*
 * Validates instance against s and appends one finding per failure: rule
 * "schema", severity error, the given path, the instance node's line and
 * column, a message in plain words that starts with the instance's JSON
 * pointer ("/date: is not a valid date: 2019-02-30"; "(top)" for the
 * whole document), and through diag_set_location the JSON pointer and the
 * keyword's schema location ("event.schema.yaml#/properties/date/format").
 * Returns the number of findings added (0: valid).
 */
size_t jschema_validate(const jschema *s, const ytree_node *instance, const char *path,
			diag_list *findings);

/*
 * Returns 1 when instance is valid against s and 0 when not, stopping at
 * the first failure and building no messages: the fast yes-or-no.
 */
int jschema_valid(const jschema *s, const ytree_node *instance);

/* The schema's location in short form ("event.schema.yaml#/$defs/date"); borrowed. */
const char *jschema_location(const jschema *s);

#endif
