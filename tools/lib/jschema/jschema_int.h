/*
 * The inside of jschema, shared by its files (jschema_*.c) and by nothing
 * else: the registry, the compiled form of a schema, and the helpers the
 * compiler and the validator have in common. See jschema.h for the public
 * side.
 */
#ifndef PLAN_JSCHEMA_INT_H
#define PLAN_JSCHEMA_INT_H

#include <stddef.h>
#include <stdint.h>

#include "jschema/jschema.h"
#include "util/hex.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/hmap.h"

/* The registry's maps (util/hmap.h) borrow their keys from the registry's arena. */

/*
 * URIs (RFC 3986). js_uri_resolve resolves ref (len bytes) against base
 * (an absolute URI, or NULL) and appends the result to out, fragment
 * included. js_uri_fragment returns the length of uri before its '#' and
 * points *frag after it (NULL when there is none).
 */
void js_uri_resolve(buf *out, const char *base, const char *ref, size_t len);
size_t js_uri_fragment(const char *uri, const char **frag);
/* Appends a JSON pointer token with ~0 and ~1 escapes. */
void js_pointer_put(buf *out, const char *token, size_t len);
/*
 * Decodes the percent escapes of a URI fragment into out; returns -1 when
 * an escape is malformed.
 */
int js_percent_decode(buf *out, const char *s, size_t len);

/* The vocabularies of draft 2020-12, as bits. */
enum {
	JS_V_CORE = 1,
	JS_V_APPLICATOR = 2,
	JS_V_UNEVALUATED = 4,
	JS_V_VALIDATION = 8,
	JS_V_METADATA = 16,
	JS_V_FORMAT_ANNOTATION = 32,
	JS_V_FORMAT_ASSERTION = 64,
	JS_V_CONTENT = 128,
	JS_V_DEFAULT = 0xff & ~JS_V_FORMAT_ASSERTION
};

/* JSON types, as bits. A whole number is both JS_T_INT and JS_T_NUM. */
enum {
	JS_T_NULL = 1,
	JS_T_BOOL = 2,
	JS_T_INT = 4,
	JS_T_NUM = 8,
	JS_T_STR = 16,
	JS_T_ARR = 32,
	JS_T_OBJ = 64
};

typedef struct js_doc {
	const char *uri;  /* retrieval URI */
	const char *path; /* names the file in findings about the schema */
	const char *name; /* short name for locations: the URI's last segment */
	const ytree_node *root;
	ytree_doc *owned; /* NULL when borrowed */
} js_doc;

typedef struct js_dynanchor {
	const char *name;
	const ytree_node *node;
	const char *ptr; /* JSON pointer of node in its document */
	jschema *compiled;
} js_dynanchor;

/* A schema resource: a document's root, or a subschema with an $id. */
typedef struct js_resource {
	const char *uri; /* absolute, without fragment */
	const ytree_node *node;
	js_doc *doc;
	const char *ptr; /* JSON pointer of node in doc, "" for the root */
	js_dynanchor *dyn;
	size_t ndyn, dyncap;
	unsigned vocab;	  /* JS_V_* enabled here; set when first compiled */
	short dialect;	  /* 2020 or 2019 */
	unsigned char vocab_done;
	unsigned char anchors_done; /* dynamic anchors given to the compiler */
} js_resource;

/* A place a URI leads to. */
typedef struct js_place {
	const ytree_node *node;
	js_resource *res;
	const char *ptr; /* JSON pointer of node in its document */
} js_place;

typedef struct js_regex {
	const char *src; /* the pattern as written */
	size_t len;
	void *code;	 /* pcre2_code *; NULL when it does not compile */
	int anchored;	 /* tried at the start of a value only */
	char *error;	 /* owned: why it does not compile */
} js_regex;

typedef int (*js_format_fn)(const char *s, size_t len);

typedef struct js_format {
	const char *name;
	js_format_fn check;
	/* The whole message when a value is not of the format: the place
	 * (js_where) and the value, "%s: is not a valid date: %s". */
	const char *sentence;
} js_format;

enum js_op {
	JS_OP_TYPE,
	JS_OP_ENUM,
	JS_OP_CONST,
	JS_OP_MULTIPLE_OF,
	JS_OP_MAXIMUM,
	JS_OP_EXCLUSIVE_MAXIMUM,
	JS_OP_MINIMUM,
	JS_OP_EXCLUSIVE_MINIMUM,
	JS_OP_MAX_LENGTH,
	JS_OP_MIN_LENGTH,
	JS_OP_PATTERN,
	JS_OP_FORMAT,
	JS_OP_MAX_ITEMS,
	JS_OP_MIN_ITEMS,
	JS_OP_UNIQUE_ITEMS,
	JS_OP_MAX_PROPERTIES,
	JS_OP_MIN_PROPERTIES,
	JS_OP_REQUIRED,
	JS_OP_DEPENDENT_REQUIRED,
	JS_OP_PROPERTIES, /* properties, patternProperties, additionalProperties */
	JS_OP_PROPERTY_NAMES,
	JS_OP_DEPENDENT_SCHEMAS,
	JS_OP_ITEMS,	/* prefixItems and items */
	JS_OP_CONTAINS, /* contains, minContains, maxContains */
	JS_OP_ALL_OF,
	JS_OP_ANY_OF,
	JS_OP_ONE_OF,
	JS_OP_NOT,
	JS_OP_IF, /* if, then, else */
	JS_OP_REF,
	JS_OP_DYNAMIC_REF,
	JS_OP_UNEVALUATED_PROPERTIES,
	JS_OP_UNEVALUATED_ITEMS
};

typedef struct js_prop {
	const char *name;
	size_t len;
	jschema *s;
} js_prop;

typedef struct js_patprop {
	js_regex *re;
	jschema *s;
} js_patprop;

typedef struct js_props {
	js_prop *props; /* sorted by length, then bytes */
	size_t nprops;
	js_patprop *pats;
	size_t npats;
	jschema *additional; /* NULL when absent */
} js_props;

/* dependentRequired and dependentSchemas: a field name and what it brings. */
typedef struct js_dep {
	const char *name;
	size_t len;
	const ytree_node *required; /* dependentRequired: a list of names */
	jschema *s;		    /* dependentSchemas */
} js_dep;

typedef struct js_kw {
	unsigned char op;	  /* enum js_op */
	const char *loc;	  /* the keyword's location, short form */
	const ytree_node *value; /* the keyword's value in the schema */
	union {
		unsigned types;
		jschema *sub;
		struct {
			jschema **v;
			size_t n;
		} list;
		size_t count;
		const ytree_node *num;
		js_regex *re;
		const js_format *fmt;
		js_props *props;
		struct {
			js_dep *v;
			size_t n;
		} deps;
		struct {
			jschema **prefix;
			size_t nprefix;
			jschema *rest; /* NULL when absent */
		} items;
		struct {
			jschema *s;
			size_t min, max; /* max SIZE_MAX when absent */
			const char *min_loc, *max_loc; /* NULL when absent */
		} contains;
		struct {
			jschema *cond, *then, *otherwise; /* then and otherwise may be NULL */
		} ifs;
		struct {
			jschema *target;
			const char *anchor; /* DYNAMIC_REF: the name, or NULL for a plain $ref */
		} ref;
	} u;
} js_kw;

struct jschema {
	const ytree_node *node;
	js_resource *res;
	const char *loc; /* the schema's location, short form */
	const char *ptr; /* its JSON pointer in its document */
	js_kw *kw;
	size_t nkw;
	signed char boolean;	   /* -1 for a mapping; 0 or 1 for false and true */
	unsigned char compiled;	   /* its keywords are done */
	unsigned char bad;	   /* it has findings in the registry's errors */
	unsigned char mark;	   /* scratch for graph walks */
	unsigned char unevaluated; /* it has unevaluatedProperties or unevaluatedItems */
	size_t err_first, err_n;   /* its findings in the registry's errors */
	size_t loop_err;	   /* 1 + the index of its finding about a loop, or 0 */
};

/* What jschema_get found for a URI, so that a second call repeats it. */
typedef struct js_root {
	jschema *s;
	int status; /* 0 usable, 1 invalid */
} js_root;

struct jschema_registry {
	jschema_options opts;
	arena ar;
	js_doc **docs;
	size_t ndocs, doccap;
	js_resource **res; /* every resource, in the order found */
	size_t nres, rescap;
	hmap by_uri;	  /* uri → js_resource */
	hmap anchors;	  /* "uri#name" → js_place */
	hmap by_node;	  /* resource root node → js_resource */
	hmap compiled;  /* node → jschema */
	hmap roots;	  /* uri asked of jschema_get → js_root */
	hmap regexes;	  /* pattern text → js_regex */
	js_regex **relist; /* for freeing */
	size_t nre, recap;
	diag_list errors; /* findings about schemas, from compiling */
	int meta_loaded;
};

/* One failure of a validation, before it becomes a finding. */
typedef struct js_fail {
	const ytree_node *at; /* where the finding points */
	char *ptr;	      /* owned: the JSON pointer of the value */
	const js_kw *kw;      /* the keyword that failed; NULL for a false schema */
	const char *loc;      /* the schema location */
	char *body;	      /* owned: the whole message, its place (js_where) in it */
} js_fail;

typedef struct js_frame {
	const jschema *s;
	const ytree_node *inst;
} js_frame;

/* A step of the JSON pointer: a key, or (key NULL) an index in len. */
typedef struct js_seg {
	const char *key;
	size_t len;
} js_seg;

enum { JS_INLINE_FRAMES = 48, JS_INLINE_SEGS = 16 };

/* The state of one validation. */
typedef struct js_ctx {
	int collect; /* record failures; otherwise stop at the first */
	js_fail *fails;
	size_t nfails, failcap;
	js_frame *frames; /* the schemas being applied, outermost first */
	size_t nframes, framecap;
	js_seg *segs;
	size_t nsegs, segcap;
	void *md;	    /* regular expression match data */
	js_fail stop;	    /* why validation had to stop (depth, loop), when stopped */
	int stopped;
	void *stack_base;   /* the frame validation started in */
	size_t steps;	    /* schemas applied so far */
	const char *naming; /* propertyNames: the field name being checked, else NULL */
	size_t naming_len;
	char *where;	    /* js_where's last answer */
	/* Room for frames and pointer steps without allocating, for most values;
	 * these stay last (js_ctx_init clears what comes before them). */
	js_frame frame0[JS_INLINE_FRAMES];
	js_seg seg0[JS_INLINE_SEGS];
} js_ctx;

/* Starts a validation's state (the arrays start inside it). */
void js_ctx_init(js_ctx *c, int collect);
/* Makes room for one more pointer step, or one more frame. */
void js_seg_room(js_ctx *c);
void js_frame_room(js_ctx *c);
/* Records a failure at node at (when collecting); takes body (malloc'd). */
void js_fail_add(js_ctx *c, const ytree_node *at, const js_kw *kw, const char *loc, char *body);
/* Records a failure: fmt is a whole translated sentence whose first
 * argument is the place, js_where(c). */
void js_failf(js_ctx *c, const ytree_node *at, const js_kw *kw, const char *loc,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/*
 * The place of the value being checked, in the language of the messages,
 * as the first argument of a failure's sentence: in English the JSON
 * pointer ("/date", "(top)"), in Swedish "fältet date", "posten". Valid
 * until the next call; "" when failures are not being collected (then
 * js_where_always gives it all the same).
 */
const char *js_where(js_ctx *c);
const char *js_where_always(js_ctx *c);
/* 1 when a mapping has a field of that name. */
int js_has_field(const ytree_node *map, const char *name, size_t len);
/* The current JSON pointer, malloc'd. */
char *js_pointer(const js_ctx *c);
/*
 * Applies an assertion keyword (one that looks only at the value itself:
 * type, enum, numbers, lengths, pattern, format, counts, required, ...).
 * Returns 1 when it holds.
 */
int js_assert(js_ctx *c, const js_kw *k, const ytree_node *inst);

/* Registry (jschema_registry.c). */
char *js_strdup(jschema_registry *r, const char *s, size_t len);
/*
 * Finds the place an absolute URI (with or without fragment) names.
 * Returns 0, or -1 when there is none.
 */
int js_resolve(jschema_registry *r, const char *uri, js_place *out);
/* The resource a resource root node starts, or NULL. */
js_resource *js_resource_of(jschema_registry *r, const ytree_node *node);
/* The embedded draft 2020-12 meta-schema (jschema_meta.c). */
extern const char js_meta_2020_12[];

/*
 * Compiles the schema at a place and everything it refers to (jschema_compile.c);
 * the parts that cannot be compiled are marked bad, with their findings in
 * the registry's errors.
 */
jschema *js_compile(jschema_registry *r, const js_place *at);

/* Regular expressions (jschema_regex.c). */
js_regex *js_regex_get(jschema_registry *r, const char *pattern, size_t len);
/*
 * Matches (searching, not anchored) and returns 1 on a match, 0 on none and
 * -1 when the match could not be finished (a pattern that backtracks too
 * much). *md holds the pcre2 match data and match limits of one
 * validation between calls (never shared between threads: the compiled
 * pattern is only read); free it with js_regex_md_free.
 */
int js_regex_match(void **md, const js_regex *re, const char *s, size_t len);
void js_regex_md_free(void *md);
void js_regex_free(js_regex *re);
/* 1 when s is a regular expression in ECMA-262 syntax that we can run. */
int js_regex_valid(const char *s, size_t len);

/* Formats (jschema_format*.c). */
const js_format *js_format_find(const char *name, size_t len);
int js_format_uri(const char *s, size_t len);
int js_format_uri_reference(const char *s, size_t len);
int js_format_iri(const char *s, size_t len);
int js_format_iri_reference(const char *s, size_t len);
int js_format_uri_template(const char *s, size_t len);
int js_format_hostname(const char *s, size_t len);
int js_format_idn_hostname(const char *s, size_t len);
int js_format_ipv4(const char *s, size_t len);
int js_format_ipv6(const char *s, size_t len);
/* 1 for an RFC 1123 label: letters, digits and inner hyphens, 1 to 63 long. */
int js_ldh_label(const char *s, size_t len);

/* Helpers for messages (jschema_report.c). */
/* The text in a buf, "" when nothing was put in it. */
static inline const char *
js_text(const buf *b)
{
	return b->ptr != NULL ? b->ptr : "";
}
unsigned js_types_of(const ytree_node *n);
/* Appends type names in words: "text or a list". */
void js_put_types(buf *b, unsigned types);
/* Appends a value for a message: text as it is (shortened), others as JSON. */
void js_put_value(buf *b, const ytree_node *n);
/*
 * Appends the values a const or enum keyword allows ("high, medium-high"),
 * a dozen at most over all calls that share *shown (start it at 0).
 */
void js_put_allowed(buf *b, const js_kw *k, size_t *shown, const ytree_node *labels);
/* A node's kind in words, calling 2.0 "a whole number". */
const char *js_kind_words(const ytree_node *n);
/* The closest of names to key within a few edits, or NULL. */
const char *js_closest(const char *key, size_t len, const char **names, const size_t *lens,
		       size_t n);

#endif
