/*
 * Compiling a schema: each schema object becomes a jschema with a list of
 * keywords whose values are checked and prepared once (references
 * resolved to compiled schemas, regular expressions compiled, property
 * names sorted). Compiling works through a list of schemas still to do
 * rather than by recursion, so a long chain of references cannot exhaust
 * the stack; every schema is compiled once per registry, keyed by its node.
 * jschema_get.c then checks what was compiled as a whole.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/xalloc.h"

typedef struct compiler {
	jschema_registry *r;
	jschema **todo;
	size_t ntodo, todocap;
	js_kw *kw; /* the keywords of the schema being compiled */
	size_t nkw, kwcap;
	const ytree_node *additional_items; /* draft 2019-09's additionalItems */
} compiler;

/* How a keyword's value is read. */
enum handler {
	H_TYPE,
	H_ENUM,
	H_CONST,
	H_NUMBER,
	H_POSITIVE,
	H_COUNT,
	H_PATTERN,
	H_FORMAT,
	H_UNIQUE,
	H_REQUIRED,
	H_DEPENDENT_REQUIRED,
	H_PROPERTIES,
	H_PATTERN_PROPERTIES,
	H_ADDITIONAL_PROPERTIES,
	H_SCHEMA,
	H_DEPENDENT_SCHEMAS,
	H_DEPENDENCIES,
	H_PREFIX_ITEMS,
	H_ITEMS,
	H_ADDITIONAL_ITEMS,
	H_CONTAINS,
	H_MIN_CONTAINS,
	H_MAX_CONTAINS,
	H_LIST,
	H_IF,
	H_THEN,
	H_ELSE,
	H_REF,
	H_DYNAMIC_REF
};

typedef struct keyword {
	const char *name;
	unsigned char handler;
	unsigned char op;
	unsigned char vocab;
} keyword;

static const keyword keywords[] = {
	{"type", H_TYPE, JS_OP_TYPE, JS_V_VALIDATION},
	{"enum", H_ENUM, JS_OP_ENUM, JS_V_VALIDATION},
	{"const", H_CONST, JS_OP_CONST, JS_V_VALIDATION},
	{"multipleOf", H_POSITIVE, JS_OP_MULTIPLE_OF, JS_V_VALIDATION},
	{"maximum", H_NUMBER, JS_OP_MAXIMUM, JS_V_VALIDATION},
	{"exclusiveMaximum", H_NUMBER, JS_OP_EXCLUSIVE_MAXIMUM, JS_V_VALIDATION},
	{"minimum", H_NUMBER, JS_OP_MINIMUM, JS_V_VALIDATION},
	{"exclusiveMinimum", H_NUMBER, JS_OP_EXCLUSIVE_MINIMUM, JS_V_VALIDATION},
	{"maxLength", H_COUNT, JS_OP_MAX_LENGTH, JS_V_VALIDATION},
	{"minLength", H_COUNT, JS_OP_MIN_LENGTH, JS_V_VALIDATION},
	{"pattern", H_PATTERN, JS_OP_PATTERN, JS_V_VALIDATION},
	{"format", H_FORMAT, JS_OP_FORMAT, JS_V_FORMAT_ANNOTATION | JS_V_FORMAT_ASSERTION},
	{"maxItems", H_COUNT, JS_OP_MAX_ITEMS, JS_V_VALIDATION},
	{"minItems", H_COUNT, JS_OP_MIN_ITEMS, JS_V_VALIDATION},
	{"uniqueItems", H_UNIQUE, JS_OP_UNIQUE_ITEMS, JS_V_VALIDATION},
	{"maxProperties", H_COUNT, JS_OP_MAX_PROPERTIES, JS_V_VALIDATION},
	{"minProperties", H_COUNT, JS_OP_MIN_PROPERTIES, JS_V_VALIDATION},
	{"required", H_REQUIRED, JS_OP_REQUIRED, JS_V_VALIDATION},
	{"dependentRequired", H_DEPENDENT_REQUIRED, JS_OP_DEPENDENT_REQUIRED, JS_V_VALIDATION},
	{"properties", H_PROPERTIES, JS_OP_PROPERTIES, JS_V_APPLICATOR},
	{"patternProperties", H_PATTERN_PROPERTIES, JS_OP_PROPERTIES, JS_V_APPLICATOR},
	{"additionalProperties", H_ADDITIONAL_PROPERTIES, JS_OP_PROPERTIES, JS_V_APPLICATOR},
	{"propertyNames", H_SCHEMA, JS_OP_PROPERTY_NAMES, JS_V_APPLICATOR},
	{"dependentSchemas", H_DEPENDENT_SCHEMAS, JS_OP_DEPENDENT_SCHEMAS, JS_V_APPLICATOR},
	{"dependencies", H_DEPENDENCIES, JS_OP_DEPENDENT_SCHEMAS, JS_V_APPLICATOR},
	{"prefixItems", H_PREFIX_ITEMS, JS_OP_ITEMS, JS_V_APPLICATOR},
	{"items", H_ITEMS, JS_OP_ITEMS, JS_V_APPLICATOR},
	{"additionalItems", H_ADDITIONAL_ITEMS, JS_OP_ITEMS, JS_V_APPLICATOR},
	{"contains", H_CONTAINS, JS_OP_CONTAINS, JS_V_APPLICATOR},
	{"minContains", H_MIN_CONTAINS, JS_OP_CONTAINS, JS_V_VALIDATION},
	{"maxContains", H_MAX_CONTAINS, JS_OP_CONTAINS, JS_V_VALIDATION},
	{"allOf", H_LIST, JS_OP_ALL_OF, JS_V_APPLICATOR},
	{"anyOf", H_LIST, JS_OP_ANY_OF, JS_V_APPLICATOR},
	{"oneOf", H_LIST, JS_OP_ONE_OF, JS_V_APPLICATOR},
	{"not", H_SCHEMA, JS_OP_NOT, JS_V_APPLICATOR},
	{"if", H_IF, JS_OP_IF, JS_V_APPLICATOR},
	{"then", H_THEN, JS_OP_IF, JS_V_APPLICATOR},
	{"else", H_ELSE, JS_OP_IF, JS_V_APPLICATOR},
	{"$ref", H_REF, JS_OP_REF, JS_V_CORE},
	{"$dynamicRef", H_DYNAMIC_REF, JS_OP_DYNAMIC_REF, JS_V_CORE},
	{"unevaluatedProperties", H_SCHEMA, JS_OP_UNEVALUATED_PROPERTIES, JS_V_UNEVALUATED},
	{"unevaluatedItems", H_SCHEMA, JS_OP_UNEVALUATED_ITEMS, JS_V_UNEVALUATED},
};

static const keyword *
find_keyword(const ytree_node *key)
{
	size_t i;

	if (key->str == NULL)
		return NULL;
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].name) == key->len &&
		    memcmp(keywords[i].name, key->str, key->len) == 0)
			return &keywords[i];
	return NULL;
}

/* Records a finding about the schema s at node, with the keyword's location. */
static void
bad(compiler *c, jschema *s, const ytree_node *at, const char *loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
bad(compiler *c, jschema *s, const ytree_node *at, const char *loc, const char *fmt, ...)
{
	jschema_registry *r = c->r;
	const char *hash = strchr(loc, '#');
	buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	diag_add_owned(&r->errors, s->res->doc->path, at->line, at->col, DIAG_ERROR, "schema",
		       buf_detach(&m));
	diag_set_location(&r->errors, hash != NULL ? hash + 1 : "", loc);
	s->bad = 1;
}

static const char *
location(jschema_registry *r, const js_doc *doc, const char *ptr)
{
	buf b = BUF_INIT;
	char *s;

	buf_printf(&b, "%s#%s", doc->name, ptr);
	s = js_strdup(r, b.ptr, b.len);
	buf_free(&b);
	return s;
}

/* Reads the vocabularies a resource's meta-schema ($schema) turns on. */
static void
resource_vocab(compiler *c, js_resource *res)
{
	static const struct {
		const char *suffix;
		unsigned bit;
	} vocabs[] = {
		{"/vocab/core", JS_V_CORE},
		{"/vocab/applicator", JS_V_APPLICATOR},
		{"/vocab/unevaluated", JS_V_UNEVALUATED},
		{"/vocab/validation", JS_V_VALIDATION},
		{"/vocab/meta-data", JS_V_METADATA},
		{"/vocab/format-annotation", JS_V_FORMAT_ANNOTATION},
		{"/vocab/format-assertion", JS_V_FORMAT_ASSERTION},
		{"/vocab/content", JS_V_CONTENT},
	};
	const ytree_node *schema, *vocab;
	buf uri = BUF_INIT;
	js_place meta;
	size_t i, j;

	if (res->vocab_done)
		return;
	res->vocab_done = 1;
	res->vocab = JS_V_DEFAULT;
	schema = ytree_get(res->node, "$schema");
	if (schema == NULL || schema->kind != YT_STR)
		return;
	if (strncmp(schema->str, "https://json-schema.org/draft/2019-09/schema", 44) == 0) {
		res->dialect = 2019;
		return;
	}
	if (strncmp(schema->str, "https://json-schema.org/draft/2020-12/schema", 44) == 0)
		return;
	js_uri_resolve(&uri, res->uri, schema->str, schema->len);
	if (js_resolve(c->r, uri.ptr, &meta) == 0 &&
	    (vocab = ytree_get(meta.node, "$vocabulary")) != NULL && vocab->kind == YT_MAP) {
		res->vocab = JS_V_CORE;
		for (i = 0; i < vocab->n; i++) {
			const ytree_node *k = vocab->pairs[i].key;

			for (j = 0; j < sizeof(vocabs) / sizeof(vocabs[0]) && k->str != NULL;
			     j++) {
				size_t sl = strlen(vocabs[j].suffix);

				if (k->len >= sl &&
				    memcmp(k->str + k->len - sl, vocabs[j].suffix, sl) == 0)
					res->vocab |= vocabs[j].bit;
			}
		}
	}
	buf_free(&uri);
}

/*
 * The compiled schema for node, created and queued for compiling when it is
 * new. ptr is node's JSON pointer in its document.
 */
static jschema *
shell(compiler *c, const ytree_node *node, js_resource *res, const char *ptr)
{
	jschema_registry *r = c->r;
	jschema *s = hmap_get_p(&r->compiled, node);
	size_t i;

	if (s != NULL)
		return s;
	s = arena_alloc(&r->ar, sizeof(*s));
	s->node = node;
	s->res = res;
	s->ptr = ptr;
	s->loc = location(r, res->doc, ptr);
	s->boolean = -1;
	hmap_put_p(&r->compiled, node, s);
	if (node->kind == YT_BOOL) {
		s->boolean = (signed char)(node->boolean != 0);
		s->compiled = 1;
	} else {
		c->todo = xgrow(c->todo, &c->todocap, c->ntodo + 1, sizeof(*c->todo));
		c->todo[c->ntodo++] = s;
	}
	if (!res->anchors_done) {
		/* A $dynamicRef may land on any dynamic anchor of a resource in use. */
		res->anchors_done = 1;
		for (i = 0; i < res->ndyn; i++)
			res->dyn[i].compiled = shell(c, res->dyn[i].node, res, res->dyn[i].ptr);
	}
	return s;
}

/* The subschema at parent's keyword kw (and key sub within it, when given). */
static jschema *
child(compiler *c, jschema *parent, const ytree_node *node, const char *kw, const char *sub,
      size_t sublen)
{
	js_resource *res = js_resource_of(c->r, node);
	buf p = BUF_INIT;
	const char *ptr;

	buf_puts(&p, parent->ptr);
	buf_putc(&p, '/');
	js_pointer_put(&p, kw, strlen(kw));
	if (sub != NULL) {
		buf_putc(&p, '/');
		js_pointer_put(&p, sub, sublen);
	}
	ptr = js_strdup(c->r, p.ptr, p.len);
	buf_free(&p);
	return shell(c, node, res != NULL ? res : parent->res, ptr);
}

static jschema *
child_at(compiler *c, jschema *parent, const ytree_node *node, const char *kw, size_t index)
{
	char idx[24];
	int n = snprintf(idx, sizeof(idx), "%zu", index);

	return child(c, parent, node, kw, idx, (size_t)n);
}

/* The keyword of op in the list being built, added when missing. */
static js_kw *
kw_of(compiler *c, unsigned char op, const char *loc, const ytree_node *value)
{
	size_t i;
	js_kw *k;

	for (i = 0; i < c->nkw; i++)
		if (c->kw[i].op == op)
			return &c->kw[i];
	c->kw = xgrow(c->kw, &c->kwcap, c->nkw + 1, sizeof(*c->kw));
	k = &c->kw[c->nkw++];
	memset(k, 0, sizeof(*k));
	k->op = op;
	k->loc = loc;
	k->value = value;
	if (op == JS_OP_CONTAINS) {
		k->u.contains.min = 1;
		k->u.contains.max = SIZE_MAX;
	}
	return k;
}

static int
is_number(const ytree_node *n)
{
	return (n->kind == YT_INT || n->kind == YT_FLOAT) && !isnan(n->number);
}

/* Reads a count (a whole number, 0 or more) into *out; -1 when it is none. */
static int
read_count(const ytree_node *n, size_t *out)
{
	if (n->kind == YT_INT && !n->big && n->integer >= 0) {
		*out = (uint64_t)n->integer > SIZE_MAX ? SIZE_MAX : (size_t)n->integer;
		return 0;
	}
	if ((n->kind == YT_INT || n->kind == YT_FLOAT) && n->number >= 0 &&
	    n->number == floor(n->number)) {
		*out = n->number >= 1.8e19 ? SIZE_MAX : (size_t)n->number;
		return 0;
	}
	return -1;
}

static const char *
type_names[] = {"null", "boolean", "integer", "number", "string", "array", "object"};

static unsigned
type_bit(const ytree_node *n)
{
	size_t i;

	if (n->kind != YT_STR)
		return 0;
	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (ytree_is_str(n, type_names[i]))
			return 1u << i;
	return 0;
}

static int
all_strings(const ytree_node *n)
{
	size_t i;

	if (n->kind != YT_SEQ)
		return 0;
	for (i = 0; i < n->n; i++)
		if (n->items[i]->kind != YT_STR)
			return 0;
	return 1;
}

static void
compile_type(compiler *c, jschema *s, const ytree_node *v, const char *loc)
{
	unsigned types = 0;
	size_t i;

	if (v->kind == YT_STR) {
		types = type_bit(v);
	} else if (v->kind == YT_SEQ) {
		for (i = 0; i < v->n; i++) {
			unsigned b = type_bit(v->items[i]);

			if (b == 0) {
				types = 0;
				break;
			}
			types |= b;
		}
		if (v->n == 0)
			types = 0;
	}
	if (types == 0) {
		bad(c, s, v, loc,
		    _("'type' must name a type (string, number, integer, boolean, null, array, "
		      "object) or list them"));
		return;
	}
	/* An integer type is a kind of number; as bits, number implies integer. */
	kw_of(c, JS_OP_TYPE, loc, v)->u.types = types & 8 ? types | 4 : types;
}

static void
compile_list(compiler *c, jschema *s, const keyword *k, const ytree_node *v, const char *loc)
{
	js_kw *kw;
	size_t i;

	if (v->kind != YT_SEQ || v->n == 0) {
		bad(c, s, v, loc, _("'%s' must be a list of one or more schemas"), k->name);
		return;
	}
	if (k->handler == H_PREFIX_ITEMS || (k->handler == H_ITEMS && v->kind == YT_SEQ)) {
		kw = kw_of(c, JS_OP_ITEMS, loc, v);
		kw->u.items.nprefix = v->n;
		kw->u.items.prefix = arena_alloc(&c->r->ar, v->n * sizeof(jschema *));
		for (i = 0; i < v->n; i++)
			kw->u.items.prefix[i] = child_at(c, s, v->items[i], k->name, i);
		return;
	}
	kw = kw_of(c, k->op, loc, v);
	kw->u.list.n = v->n;
	kw->u.list.v = arena_alloc(&c->r->ar, v->n * sizeof(jschema *));
	for (i = 0; i < v->n; i++)
		kw->u.list.v[i] = child_at(c, s, v->items[i], k->name, i);
}

static int
cmp_prop(const void *a, const void *b)
{
	const js_prop *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->name, y->name, x->len);
}

static void
compile_map(compiler *c, jschema *s, const keyword *k, const ytree_node *v, const char *loc)
{
	jschema_registry *r = c->r;
	js_kw *kw;
	size_t i;

	if (v->kind != YT_MAP) {
		bad(c, s, v, loc,
		    k->handler == H_DEPENDENT_REQUIRED
			    ? _("'%s' must be a mapping of field names to lists of field names")
		    : k->handler == H_PATTERN_PROPERTIES
			    ? _("'%s' must be a mapping of patterns to schemas")
			    : _("'%s' must be a mapping of field names to schemas"),
		    k->name);
		return;
	}
	kw = kw_of(c, k->op, loc, v);
	if (k->handler == H_PROPERTIES || k->handler == H_PATTERN_PROPERTIES) {
		if (kw->u.props == NULL)
			kw->u.props = arena_alloc(&r->ar, sizeof(*kw->u.props));
	}
	if (k->handler == H_PROPERTIES) {
		js_props *p = kw->u.props;

		p->props = arena_alloc(&r->ar, (v->n + 1) * sizeof(*p->props));
		for (i = 0; i < v->n; i++) {
			const ytree_node *key = v->pairs[i].key;

			p->props[i].name = key->str != NULL ? key->str : "";
			p->props[i].len = key->str != NULL ? key->len : 0;
			p->props[i].s = child(c, s, v->pairs[i].value, k->name, p->props[i].name,
					      p->props[i].len);
		}
		p->nprops = v->n;
		qsort(p->props, p->nprops, sizeof(*p->props), cmp_prop);
	} else if (k->handler == H_PATTERN_PROPERTIES) {
		js_props *p = kw->u.props;

		p->pats = arena_alloc(&r->ar, (v->n + 1) * sizeof(*p->pats));
		for (i = 0; i < v->n; i++) {
			const ytree_node *key = v->pairs[i].key;
			const char *name = key->str != NULL ? key->str : "";
			size_t len = key->str != NULL ? key->len : 0;

			p->pats[i].re = js_regex_get(r, name, len);
			if (p->pats[i].re->code == NULL)
				bad(c, s, key, loc,
				    _("the pattern '%s' in 'patternProperties' is not a valid "
				      "regular expression: %s"),
				    name, p->pats[i].re->error);
			p->pats[i].s = child(c, s, v->pairs[i].value, k->name, name, len);
		}
		p->npats = v->n;
	} else {
		/* dependentRequired, dependentSchemas, dependencies. */
		size_t base = kw->u.deps.n;
		js_dep *deps = arena_alloc(&r->ar, (base + v->n + 1) * sizeof(*deps));

		if (base > 0)
			memcpy(deps, kw->u.deps.v, base * sizeof(*deps));
		for (i = 0; i < v->n; i++) {
			const ytree_node *key = v->pairs[i].key, *val = v->pairs[i].value;
			js_dep *d = &deps[kw->u.deps.n];

			d->name = key->str != NULL ? key->str : "";
			d->len = key->str != NULL ? key->len : 0;
			if (k->handler == H_DEPENDENT_REQUIRED ||
			    (k->handler == H_DEPENDENCIES && val->kind == YT_SEQ)) {
				if (!all_strings(val)) {
					bad(c, s, val, loc,
					    _("'%s' must list field names for '%s'"), k->name,
					    d->name);
					continue;
				}
				if (k->handler == H_DEPENDENCIES) {
					/* The old keyword's lists go with dependentRequired. */
					js_kw *req = kw_of(c, JS_OP_DEPENDENT_REQUIRED, loc, v);
					js_dep *rd = arena_alloc(
						&r->ar, (req->u.deps.n + 1) * sizeof(*rd));

					kw = kw_of(c, k->op, loc, v);
					if (req->u.deps.n > 0)
						memcpy(rd, req->u.deps.v,
						       req->u.deps.n * sizeof(*rd));
					rd[req->u.deps.n] = *d;
					rd[req->u.deps.n].required = val;
					req->u.deps.v = rd;
					req->u.deps.n++;
					continue;
				}
				d->required = val;
			} else {
				d->s = child(c, s, val, k->name, d->name, d->len);
			}
			kw->u.deps.n++;
		}
		kw->u.deps.v = deps;
	}
}

/* Resolves a $ref or $dynamicRef and queues its target. */
static void
compile_ref(compiler *c, jschema *s, const keyword *k, const ytree_node *v, const char *loc)
{
	buf uri = BUF_INIT;
	js_place at;
	js_kw *kw;
	const char *frag;

	if (v->kind != YT_STR) {
		bad(c, s, v, loc, _("'%s' must be a URI reference (text)"), k->name);
		return;
	}
	js_uri_resolve(&uri, s->res->uri, v->str, v->len);
	if (js_resolve(c->r, uri.ptr, &at) < 0) {
		bad(c, s, v, loc, _("'%s' points to nothing: there is no schema at '%s'"), k->name,
		    uri.ptr);
		buf_free(&uri);
		return;
	}
	kw = kw_of(c, k->op, loc, v);
	kw->u.ref.target = shell(c, at.node, at.res, at.ptr);
	js_uri_fragment(uri.ptr, &frag);
	if (k->handler == H_DYNAMIC_REF && frag != NULL && *frag != '\0' && *frag != '/') {
		/* Dynamic only when it first lands on a $dynamicAnchor of that name. */
		const ytree_node *a = ytree_get(at.node, "$dynamicAnchor");

		if (a != NULL && a->kind == YT_STR && strlen(frag) == a->len &&
		    memcmp(frag, a->str, a->len) == 0)
			kw->u.ref.anchor = js_strdup(c->r, frag, strlen(frag));
	}
	buf_free(&uri);
}

static void
compile_schema_kw(compiler *c, jschema *s, const keyword *k, const ytree_node *v,
		  const char *loc)
{
	jschema *sub;
	js_kw *kw;

	sub = child(c, s, v, k->name, NULL, 0);
	switch (k->handler) {
	case H_ADDITIONAL_PROPERTIES:
		kw = kw_of(c, JS_OP_PROPERTIES, loc, v);
		if (kw->u.props == NULL)
			kw->u.props = arena_alloc(&c->r->ar, sizeof(*kw->u.props));
		kw->u.props->additional = sub;
		break;
	case H_ITEMS:
		kw_of(c, JS_OP_ITEMS, loc, v)->u.items.rest = sub;
		break;
	case H_CONTAINS:
		kw_of(c, JS_OP_CONTAINS, loc, v)->u.contains.s = sub;
		break;
	case H_IF:
		kw_of(c, JS_OP_IF, loc, v)->u.ifs.cond = sub;
		break;
	case H_THEN:
		kw_of(c, JS_OP_IF, loc, v)->u.ifs.then = sub;
		break;
	case H_ELSE:
		kw_of(c, JS_OP_IF, loc, v)->u.ifs.otherwise = sub;
		break;
	default:
		kw_of(c, k->op, loc, v)->u.sub = sub;
		break;
	}
}

/* Compiles one keyword of s with value v. */
static void
compile_keyword(compiler *c, jschema *s, const keyword *k, const ytree_node *v)
{
	jschema_registry *r = c->r;
	buf lb = BUF_INIT;
	const char *loc;
	size_t count;
	js_kw *kw;

	buf_printf(&lb, "%s/", s->loc);
	js_pointer_put(&lb, k->name, strlen(k->name));
	loc = js_strdup(r, lb.ptr, lb.len);
	buf_free(&lb);
	switch (k->handler) {
	case H_TYPE:
		compile_type(c, s, v, loc);
		break;
	case H_ENUM:
		if (v->kind != YT_SEQ)
			bad(c, s, v, loc, _("'enum' must be a list of the allowed values"));
		else
			kw_of(c, k->op, loc, v);
		break;
	case H_CONST:
		kw_of(c, k->op, loc, v);
		break;
	case H_NUMBER:
	case H_POSITIVE:
		if (!is_number(v) || (k->handler == H_POSITIVE && v->number <= 0))
			bad(c, s, v, loc,
			    k->handler == H_POSITIVE ? _("'%s' must be a number greater than 0")
						     : _("'%s' must be a number"),
			    k->name);
		else
			kw_of(c, k->op, loc, v)->u.num = v;
		break;
	case H_COUNT:
	case H_MIN_CONTAINS:
	case H_MAX_CONTAINS:
		if (read_count(v, &count) < 0) {
			bad(c, s, v, loc, _("'%s' must be a whole number, 0 or more"), k->name);
			break;
		}
		if (k->handler == H_COUNT) {
			kw_of(c, k->op, loc, v)->u.count = count;
			break;
		}
		kw = kw_of(c, k->op, loc, v);
		if (k->handler == H_MIN_CONTAINS) {
			kw->u.contains.min = count;
			kw->u.contains.min_loc = loc;
		} else {
			kw->u.contains.max = count;
			kw->u.contains.max_loc = loc;
		}
		break;
	case H_PATTERN:
		if (v->kind != YT_STR) {
			bad(c, s, v, loc, _("'pattern' must be a regular expression (text)"));
			break;
		}
		kw = kw_of(c, k->op, loc, v);
		kw->u.re = js_regex_get(r, v->str, v->len);
		if (kw->u.re->code == NULL)
			bad(c, s, v, loc, _("'pattern' is not a valid regular expression: %s"),
			    kw->u.re->error);
		break;
	case H_FORMAT:
		if (v->kind != YT_STR) {
			bad(c, s, v, loc, _("'format' must be the name of a format (text)"));
		} else if ((s->res->vocab & JS_V_FORMAT_ASSERTION) ||
			   (r->opts.format_assertion &&
			    (s->res->vocab & JS_V_FORMAT_ANNOTATION))) {
			const js_format *f = js_format_find(v->str, v->len);

			if (f != NULL)
				kw_of(c, k->op, loc, v)->u.fmt = f;
		}
		break;
	case H_UNIQUE:
		if (v->kind != YT_BOOL)
			bad(c, s, v, loc, _("'uniqueItems' must be true or false"));
		else if (v->boolean)
			kw_of(c, k->op, loc, v);
		break;
	case H_REQUIRED:
		if (!all_strings(v))
			bad(c, s, v, loc, _("'required' must be a list of field names"));
		else
			kw_of(c, k->op, loc, v);
		break;
	case H_DEPENDENT_REQUIRED:
	case H_PROPERTIES:
	case H_PATTERN_PROPERTIES:
	case H_DEPENDENT_SCHEMAS:
	case H_DEPENDENCIES:
		compile_map(c, s, k, v, loc);
		break;
	case H_PREFIX_ITEMS:
	case H_LIST:
		compile_list(c, s, k, v, loc);
		break;
	case H_ITEMS:
		if (v->kind == YT_SEQ && s->res->dialect == 2019)
			compile_list(c, s, k, v, loc);
		else
			compile_schema_kw(c, s, k, v, loc);
		break;
	case H_ADDITIONAL_ITEMS:
		c->additional_items = v;
		break;
	case H_REF:
	case H_DYNAMIC_REF:
		compile_ref(c, s, k, v, loc);
		break;
	default:
		compile_schema_kw(c, s, k, v, loc);
		break;
	}
}

/* Puts type first and the unevaluated* keywords last; drops unfinished ones. */
static void
finish_keywords(compiler *c, jschema *s)
{
	static const int rank_last[] = {JS_OP_UNEVALUATED_PROPERTIES, JS_OP_UNEVALUATED_ITEMS};
	js_kw *out;
	size_t i, n = 0, pass;

	out = arena_alloc(&c->r->ar, (c->nkw + 1) * sizeof(*out));
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < c->nkw; i++) {
			const js_kw *k = &c->kw[i];
			int last = k->op == rank_last[0] || k->op == rank_last[1];
			int first = k->op == JS_OP_TYPE;

			if ((pass == 0) != first || (pass == 2) != last)
				continue;
			if ((k->op == JS_OP_CONTAINS && k->u.contains.s == NULL) ||
			    (k->op == JS_OP_IF && k->u.ifs.cond == NULL))
				continue;
			if (k->op == JS_OP_ITEMS && k->u.items.prefix == NULL &&
			    k->u.items.rest == NULL)
				continue;
			if (last)
				s->unevaluated = 1;
			out[n++] = *k;
		}
	}
	s->kw = out;
	s->nkw = n;
}

static void
compile_body(compiler *c, jschema *s)
{
	const ytree_node *node = s->node;
	size_t i;

	s->compiled = 1;
	s->err_first = c->r->errors.n;
	c->nkw = 0;
	c->additional_items = NULL;
	if (node->kind != YT_MAP) {
		bad(c, s, node, s->loc, _("a schema must be a mapping or true/false, not %s"),
		    js_kind_words(node));
		s->err_n = c->r->errors.n - s->err_first;
		return;
	}
	resource_vocab(c, s->res);
	for (i = 0; i < node->n; i++) {
		const keyword *k = find_keyword(node->pairs[i].key);

		if (k == NULL || !(s->res->vocab & k->vocab))
			continue;
		if (s->res->dialect == 2019 && k->handler == H_PREFIX_ITEMS)
			continue;
		if (s->res->dialect != 2019 && k->handler == H_ADDITIONAL_ITEMS)
			continue;
		compile_keyword(c, s, k, node->pairs[i].value);
	}
	if (c->additional_items != NULL) {
		size_t j;

		for (j = 0; j < c->nkw; j++)
			if (c->kw[j].op == JS_OP_ITEMS && c->kw[j].u.items.prefix != NULL)
				c->kw[j].u.items.rest =
					child(c, s, c->additional_items, "additionalItems", NULL, 0);
	}
	finish_keywords(c, s);
	s->err_n = c->r->errors.n - s->err_first;
}

jschema *
js_compile(jschema_registry *r, const js_place *at)
{
	compiler c;
	jschema *s;

	memset(&c, 0, sizeof(c));
	c.r = r;
	s = shell(&c, at->node, at->res, at->ptr);
	while (c.ntodo > 0)
		compile_body(&c, c.todo[--c.ntodo]);
	free(c.todo);
	free(c.kw);
	return s;
}
