/*
 * ytree: a YAML document as a tree of nodes, each with its 1-based line and
 * column, built from libyaml's event stream without recursion on the input's
 * depth. JSON files get the same tree from ytree_parse_json (ytree_json.c),
 * which reads RFC 8259 itself rather than as YAML.
 *
 * Two modes:
 *   YTREE_GENERAL  YAML 1.2 core schema (null, true/false, integers, floats,
 *                  everything else text); aliases are resolved by sharing the
 *                  anchored node. Used for schemas, test suites and any YAML
 *                  file handed to `plan validate`.
 *   YTREE_RECORD   for files under records/: additionally rejects duplicate
 *                  keys, anchors and aliases, tags, merge keys, more than one
 *                  document, a byte-order mark, NUL, C1 and bidi control
 *                  characters, invalid UTF-8, and anything over the limits.
 *
 * Every rejection is a finding with rule "yaml" in plain words (at most
 * YTREE_MAX_FINDINGS of them, then one that says there are more). The tree and
 * every string in it live in the document's arena: ytree_doc_free releases
 * them all. Nodes may be shared (aliases), so the tree is a DAG in general
 * mode and a tree in record mode.
 */
#ifndef PLAN_YTREE_H
#define PLAN_YTREE_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/arena.h"
#include "util/buf.h"

typedef enum ytree_kind {
	YT_NULL,
	YT_BOOL,
	YT_INT,
	YT_FLOAT,
	YT_STR,
	YT_SEQ,
	YT_MAP
} ytree_kind;

typedef enum ytree_style {
	YTREE_STYLE_PLAIN,
	YTREE_STYLE_SINGLE,
	YTREE_STYLE_DOUBLE,
	YTREE_STYLE_LITERAL,
	YTREE_STYLE_FOLDED,
	YTREE_STYLE_BLOCK, /* a block collection */
	YTREE_STYLE_FLOW   /* a flow collection: [a, b] or {a: b} */
} ytree_style;

typedef struct ytree_node ytree_node;

typedef struct ytree_pair {
	ytree_node *key;
	ytree_node *value;
} ytree_pair;

struct ytree_node {
	ytree_kind kind;
	unsigned line; /* 1-based */
	unsigned col;  /* 1-based, in characters */
	/* Scalars of every kind: the text as written (after unescaping). */
	const char *str;
	size_t len;
	int boolean;     /* YT_BOOL */
	int64_t integer; /* YT_INT, unless big */
	double number;   /* YT_INT and YT_FLOAT: the value as a double */
	unsigned char big;   /* YT_INT outside int64_t: only str and number hold it */
	unsigned char style; /* ytree_style */
	size_t n;            /* YT_SEQ: items; YT_MAP: pairs */
	ytree_node **items;
	ytree_pair *pairs;
};

typedef struct ytree_doc {
	char *path; /* as given to the parser */
	/* The first document's root; NULL when the stream holds no document. */
	ytree_node *root;
	/* Every document of the stream (general mode may have several). */
	ytree_node **docs;
	size_t ndocs;
	size_t nodes; /* nodes built, counting each alias as what it expands to */
	arena arena;
} ytree_doc;

/*
 * YTREE_DATA is YTREE_GENERAL that also rejects a key repeated in one
 * mapping, which YAML forbids and JSON leaves open: for schemas and files
 * given to `plan validate`, so that no tool reads them differently from
 * another. YTREE_GENERAL keeps YAML's own reading for the conformance suite.
 */
typedef enum ytree_mode { YTREE_GENERAL, YTREE_RECORD, YTREE_DATA } ytree_mode;

typedef struct ytree_limits {
	size_t max_bytes;  /* the whole file */
	size_t max_depth;  /* nested lists and mappings */
	size_t max_scalar; /* one value, in bytes */
	size_t max_nodes;  /* nodes after alias expansion */
} ytree_limits;

/*
 * The documented limits. Record files: 64 KiB, depth 16, a value 4 KiB,
 * 10,000 nodes. General files: 64 MiB, depth 1,000, a value 16 MiB,
 * 10,000,000 nodes.
 */
extern const ytree_limits ytree_record_limits;
extern const ytree_limits ytree_general_limits;

enum { YTREE_OK = 0, YTREE_REJECTED = 1 };

/*
 * A parse reports at most this many findings; one more then says that there
 * are more, and the file is read no further.
 */
enum { YTREE_MAX_FINDINGS = 20 };

/*
 * Parses len bytes of data. On success returns YTREE_OK and sets *out, which
 * the caller frees with ytree_doc_free. When the input is not acceptable,
 * appends findings (rule "yaml") under path and returns YTREE_REJECTED with
 * *out NULL. limits may be NULL for the mode's defaults. data need not be
 * NUL-terminated.
 */
int ytree_parse(ytree_doc **out, const char *path, const char *data, size_t len,
		ytree_mode mode, const ytree_limits *limits, diag_list *findings);

/*
 * Reads the file at path and parses it; a file over the size limit becomes a
 * finding without being read whole. Returns YTREE_OK, YTREE_REJECTED, or -1
 * with the error set when the file cannot be read.
 */
int ytree_parse_file(ytree_doc **out, const char *path, ytree_mode mode,
		     const ytree_limits *limits, diag_list *findings);

/*
 * Reads len bytes of JSON (RFC 8259) into the same tree, with
 * ytree_general_limits when limits is NULL. Text may hold any Unicode
 * character (U+0085, U+FFFF and DEL as they are; control characters below
 * U+0020 only escaped); no comments, trailing commas or single quotes; a key
 * written twice in one object is a finding. Strings have style
 * YTREE_STYLE_DOUBLE, lists and objects YTREE_STYLE_FLOW; a number keeps its
 * text in str (exact even where the double is not), whole numbers are YT_INT
 * (big when outside int64_t), others YT_FLOAT. A file of only white space
 * holds no document. Findings have rule "json"; returns as ytree_parse.
 */
int ytree_parse_json(ytree_doc **out, const char *path, const char *data, size_t len,
		     const ytree_limits *limits, diag_list *findings);
/* ytree_parse_json on the file at path; returns as ytree_parse_file. */
int ytree_parse_json_file(ytree_doc **out, const char *path, const ytree_limits *limits,
			  diag_list *findings);
/* 1 when the name ends in .json (in any case). */
int ytree_is_json_name(const char *path);
/*
 * A data file by its name: ytree_parse_json_file for *.json, else
 * ytree_parse_file in mode. For schemas and files given to `plan validate`.
 */
int ytree_parse_data_file(ytree_doc **out, const char *path, ytree_mode mode,
			  const ytree_limits *limits, diag_list *findings);

void ytree_doc_free(ytree_doc *doc);

/* The value under key in a mapping, or NULL (also when node is no mapping). */
const ytree_node *ytree_get(const ytree_node *map, const char *key);
/* The pair under key, for the key's position, or NULL. */
const ytree_pair *ytree_get_pair(const ytree_node *map, const char *key);
/* 1 when node is text equal to s. */
int ytree_is_str(const ytree_node *node, const char *s);

/*
 * Equality in JSON's data model: numbers by value (1 equals 1.0), mappings
 * as unordered sets of keys (compared as text; where a key appears twice, the
 * first counts, as for ytree_get), lists item by item.
 */
int ytree_equal(const ytree_node *a, const ytree_node *b);

/*
 * Appends node as compact JSON (keys as text; a number beyond a double as
 * written where JSON can hold it, else null).
 */
void ytree_to_json(buf *out, const ytree_node *node);

/* A kind in plain words: "text", "a list", "a whole number", ... */
const char *ytree_kind_words(ytree_kind kind);

#endif
