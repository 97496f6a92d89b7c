/*
 * The assertion keywords: those that look at a value itself and need no
 * subschema (type, enum, const, the number and length limits, pattern,
 * format, counts of items and fields, uniqueItems, required,
 * dependentRequired). Each returns 1 when it holds and, when it does not
 * and failures are being collected, records one in plain words.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/decimal.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Arrays up to this size are checked for duplicates pair by pair. */
enum { UNIQUE_PAIRWISE = 16 };

/* Grows an array that starts in the context itself (inline) into the heap. */
static void *
grow_inline(void *p, size_t *cap, size_t need, size_t size, void *inline_buf)
{
	void *q;

	if (need <= *cap)
		return p;
	if (p != inline_buf)
		return xgrow(p, cap, need, size);
	q = xmalloc(*cap * 2 * size);
	memcpy(q, p, *cap * size);
	*cap *= 2;
	return q;
}

void
js_seg_room(js_ctx *c)
{
	c->segs = grow_inline(c->segs, &c->segcap, c->nsegs + 1, sizeof(*c->segs), c->seg0);
}

void
js_frame_room(js_ctx *c)
{
	c->frames = grow_inline(c->frames, &c->framecap, c->nframes + 1, sizeof(*c->frames),
				c->frame0);
}

void
js_ctx_init(js_ctx *c, int collect)
{
	memset(c, 0, offsetof(js_ctx, frame0));
	c->collect = collect;
	c->frames = c->frame0;
	c->framecap = JS_INLINE_FRAMES;
	c->segs = c->seg0;
	c->segcap = JS_INLINE_SEGS;
}

char *
js_pointer(const js_ctx *c)
{
	buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, "");
	for (i = 0; i < c->nsegs; i++) {
		buf_putc(&b, '/');
		if (c->segs[i].key != NULL)
			js_pointer_put(&b, c->segs[i].key, c->segs[i].len);
		else
			buf_printf(&b, "%zu", c->segs[i].len);
	}
	return buf_detach(&b);
}

void
js_fail_add(js_ctx *c, const ytree_node *at, const js_kw *kw, const char *loc, char *body)
{
	js_fail *f;

	if (!c->collect) {
		free(body);
		return;
	}
	c->fails = xgrow(c->fails, &c->failcap, c->nfails + 1, sizeof(*c->fails));
	f = &c->fails[c->nfails++];
	f->at = at;
	f->ptr = js_pointer(c);
	f->kw = kw;
	f->loc = loc;
	f->body = body;
}

const char *
js_where_always(js_ctx *c)
{
	char *ptr = js_pointer(c);
	buf b = BUF_INIT;

	/* TRANSLATORS: the place of a value in a record, as the first %s of the
	 * schema's messages: "(top)" is the record itself ("posten"), "/%s" a
	 * field by its path ("fältet %s"), and the last the name of a field
	 * being checked, in the record or field of the first %s. */
	if (ptr[0] == '\0')
		buf_puts(&b, pgettext("schema place", "(top)"));
	else
		buf_printf(&b, pgettext("schema place", "/%s"), ptr + 1);
	if (c->naming != NULL) {
		char *at = buf_detach(&b);

		buf_printf(&b, pgettext("schema place", "%s: the field name '%.*s'"), at,
			   (int)c->naming_len, c->naming);
		free(at);
	}
	free(ptr);
	free(c->where);
	c->where = buf_detach(&b);
	return c->where;
}

const char *
js_where(js_ctx *c)
{
	return c->collect ? js_where_always(c) : "";
}

void
js_failf(js_ctx *c, const ytree_node *at, const js_kw *kw, const char *loc, const char *fmt,
	 ...)
{
	buf b = BUF_INIT;
	va_list ap;

	if (!c->collect)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	js_fail_add(c, at, kw, loc, buf_detach(&b));
}

static int
is_number(const ytree_node *n)
{
	return n->kind == YT_INT || n->kind == YT_FLOAT;
}

/*
 * Compares two numbers. Whole numbers that fit compare as such. Doubles
 * that differ are in the order of the values they round (rounding keeps
 * order); beyond int64_t or a double's range, equal doubles may round
 * different values (18446744073709551616 and 18446744073709551617), so
 * those compare by their decimal text, exactly.
 */
static int
num_cmp(const ytree_node *a, const ytree_node *b)
{
	int c;

	if (a->kind == YT_INT && b->kind == YT_INT && !a->big && !b->big)
		return (a->integer > b->integer) - (a->integer < b->integer);
	if (a->number != b->number)
		return (a->number > b->number) - (a->number < b->number);
	if ((a->big || b->big || !isfinite(a->number)) &&
	    decimal_cmp(a->str, a->len, b->str, b->len, &c) == 0)
		return c;
	return 0;
}

static int
multiple_of(const ytree_node *x, const ytree_node *d)
{
	double q;
	int m;

	if (x->kind == YT_INT && d->kind == YT_INT && !x->big && !d->big && d->integer > 0)
		return x->integer % d->integer == 0;
	/* Exactly, on the decimal text, where it is decimal and not too long. */
	m = decimal_is_multiple(x->str, x->len, d->str, d->len);
	if (m >= 0)
		return m;
	if (!isfinite(x->number))
		return 0;
	q = x->number / d->number;
	if (!isfinite(q)) {
		/* Too big to divide: a whole number is a multiple of 1/k. */
		double inv = 1.0 / d->number;

		return x->number == floor(x->number) && isfinite(inv) && inv == floor(inv);
	}
	return fabs(q - round(q)) <= fmax(1.0, fabs(q)) * 8 * DBL_EPSILON;
}

int
js_has_field(const ytree_node *map, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const ytree_node *k = map->pairs[i].key;

		/* The first byte first: most names differ there. */
		if (k->str != NULL && k->len == len && (len == 0 || k->str[0] == name[0]) &&
		    memcmp(k->str, name, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * A count (characters, items, fields) against the bound of a max* or min*
 * keyword: "must be at least 3 characters long", "must have at most 2 items".
 */
static int
check_count(js_ctx *c, const js_kw *k, const ytree_node *inst, size_t n)
{
	unsigned long m = k->u.count;
	const char *fmt;

	switch (k->op) {
	case JS_OP_MAX_LENGTH:
		if (n <= m)
			return 1;
		fmt = ngettext("%s: must be at most %zu character long",
			       "%s: must be at most %zu characters long", m);
		break;
	case JS_OP_MIN_LENGTH:
		if (n >= m)
			return 1;
		fmt = ngettext("%s: must be at least %zu character long",
			       "%s: must be at least %zu characters long", m);
		break;
	case JS_OP_MAX_ITEMS:
		if (n <= m)
			return 1;
		fmt = ngettext("%s: must have at most %zu item", "%s: must have at most %zu items", m);
		break;
	case JS_OP_MIN_ITEMS:
		if (n >= m)
			return 1;
		fmt = ngettext("%s: must have at least %zu item", "%s: must have at least %zu items",
			       m);
		break;
	case JS_OP_MAX_PROPERTIES:
		if (n <= m)
			return 1;
		fmt = ngettext("%s: must have at most %zu field", "%s: must have at most %zu fields",
			       m);
		break;
	default: /* JS_OP_MIN_PROPERTIES */
		if (n >= m)
			return 1;
		fmt = ngettext("%s: must have at least %zu field",
			       "%s: must have at least %zu fields", m);
		break;
	}
	if (c->collect)
		js_failf(c, inst, k, k->loc, fmt, js_where(c), k->u.count);
	return 0;
}

/* The x-labels of the schema being applied (the words of its values in
 * each language), or NULL. */
static const ytree_node *
labels_here(const js_ctx *c)
{
	if (c->nframes == 0)
		return NULL;
	return ytree_get(c->frames[c->nframes - 1].s->node, "x-labels");
}

static int
check_type(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	unsigned have = js_types_of(inst);
	buf b = BUF_INIT;

	if (k->u.types & have)
		return 1;
	if (!c->collect)
		return 0;
	js_put_types(&b, k->u.types);
	if ((k->u.types & JS_T_INT) && (have & JS_T_NUM)) {
		buf v = BUF_INIT;

		js_put_value(&v, inst);
		/* TRANSLATORS: "/participants: must be a whole number, not 2.5" */
		js_failf(c, inst, k, k->loc, _("%s: must be %s, not %s"), js_where(c), js_text(&b), js_text(&v));
		buf_free(&v);
	} else {
		js_failf(c, inst, k, k->loc, _("%s: must be %s, not %s"), js_where(c), js_text(&b),
			 js_kind_words(inst));
	}
	buf_free(&b);
	return 0;
}

static int
check_enum(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	const ytree_node *list = k->value;
	buf b = BUF_INIT;
	size_t i, shown = 0;

	for (i = 0; i < list->n; i++)
		if (ytree_equal(list->items[i], inst))
			return 1;
	if (!c->collect)
		return 0;
	if (list->n == 0) {
		js_failf(c, inst, k, k->loc,
			 _("%s: is not allowed here: the list of allowed values is empty"),
			 js_where(c));
		return 0;
	}
	js_put_allowed(&b, k, &shown, labels_here(c));
	js_failf(c, inst, k, k->loc, list->n == 1 ? _("%s: must be exactly: %s")
						 : _("%s: must be one of: %s"),
		 js_where(c), js_text(&b));
	buf_free(&b);
	return 0;
}

static int
check_number(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	const ytree_node *lim = k->u.num;
	const char *fmt;
	int ok;

	if (!is_number(inst))
		return 1;
	switch (k->op) {
	case JS_OP_MULTIPLE_OF:
		ok = multiple_of(inst, lim);
		fmt = _("%s: must be a multiple of %.*s");
		break;
	case JS_OP_MAXIMUM:
		ok = num_cmp(inst, lim) <= 0;
		fmt = _("%s: must be at most %.*s");
		break;
	case JS_OP_EXCLUSIVE_MAXIMUM:
		ok = num_cmp(inst, lim) < 0;
		fmt = _("%s: must be less than %.*s");
		break;
	case JS_OP_MINIMUM:
		ok = num_cmp(inst, lim) >= 0;
		fmt = _("%s: must be at least %.*s");
		break;
	default:
		ok = num_cmp(inst, lim) > 0;
		fmt = _("%s: must be greater than %.*s");
		break;
	}
	if (!ok)
		js_failf(c, inst, k, k->loc, fmt, js_where(c), (int)lim->len, lim->str);
	return ok;
}

static int
check_string(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	buf b = BUF_INIT;
	size_t n;
	int m;

	if (inst->kind != YT_STR)
		return 1;
	switch (k->op) {
	case JS_OP_MAX_LENGTH:
	case JS_OP_MIN_LENGTH:
		/* A character takes one to four bytes: often the bytes settle it. */
		if (k->op == JS_OP_MAX_LENGTH ? inst->len <= k->u.count
					      : (inst->len + 3) / 4 >= k->u.count)
			return 1;
		n = utf8_count(inst->str, inst->len);
		return check_count(c, k, inst, n);
	case JS_OP_PATTERN:
		m = js_regex_match(&c->md, k->u.re, inst->str, inst->len);
		if (m > 0)
			return 1;
		if (!c->collect)
			return 0;
		if (m < 0) {
			js_failf(c, inst, k, k->loc,
				 _("%s: could not be checked against the pattern %s (matching "
				   "takes too long)"),
				 js_where(c), k->u.re->src);
		} else if (c->naming != NULL) {
			/* The place names the value already. */
			js_failf(c, inst, k, k->loc, _("%s: does not match the pattern %s"),
				 js_where(c), k->u.re->src);
		} else {
			js_put_value(&b, inst);
			js_failf(c, inst, k, k->loc, _("%s: does not match the pattern %s: %s"),
				 js_where(c), k->u.re->src, js_text(&b));
			buf_free(&b);
		}
		return 0;
	default: /* JS_OP_FORMAT */
		if (k->u.fmt->check(inst->str, inst->len))
			return 1;
		if (!c->collect)
			return 0;
		js_put_value(&b, inst);
		js_failf(c, inst, k, k->loc, _(k->u.fmt->sentence), js_where(c), js_text(&b));
		buf_free(&b);
		return 0;
	}
}

/* A hash that agrees with ytree_equal: equal values hash alike. */
static uint64_t
hash_node(const ytree_node *n, int depth)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	if (depth > 64)
		return 0;
	switch (n->kind) {
	case YT_NULL:
		return 1;
	case YT_BOOL:
		return 2 + (uint64_t)n->boolean;
	case YT_INT:
	case YT_FLOAT: {
		double d = n->number == 0 ? 0.0 : n->number;
		uint64_t bits;

		memcpy(&bits, &d, sizeof(bits));
		return bits * 0x9e3779b97f4a7c15ull;
	}
	case YT_STR:
		for (i = 0; i < n->len; i++) {
			h ^= (unsigned char)n->str[i];
			h *= 1099511628211ull;
		}
		return h;
	case YT_SEQ:
		for (i = 0; i < n->n; i++)
			h = (h ^ hash_node(n->items[i], depth + 1)) * 1099511628211ull;
		return h + 3;
	case YT_MAP: {
		uint64_t sum = 5;

		for (i = 0; i < n->n; i++) {
			const ytree_node *k = n->pairs[i].key;
			uint64_t kh = 1469598103934665603ull;
			size_t j;

			for (j = 0; k->str != NULL && j < k->len; j++) {
				kh ^= (unsigned char)k->str[j];
				kh *= 1099511628211ull;
			}
			sum += (kh ^ (hash_node(n->pairs[i].value, depth + 1) * 31)) *
			       0xff51afd7ed558ccdull;
		}
		return sum;
	}
	}
	return 0;
}

typedef struct hashed {
	uint64_t h;
	size_t i;
} hashed;

static int
cmp_hashed(const void *a, const void *b)
{
	const hashed *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int
report_duplicate(js_ctx *c, const js_kw *k, const ytree_node *inst, size_t first, size_t dup)
{
	char *list;

	if (!c->collect)
		return 0;
	list = js_pointer(c);
	js_seg_room(c);
	c->segs[c->nsegs++] = (js_seg){NULL, dup};
	js_failf(c, inst->items[dup], k, k->loc,
		 _("%s: is the same as the item %s/%zu; every item must be different"),
		 js_where(c), list, first);
	c->nsegs--;
	free(list);
	return 0;
}

static int
check_unique(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	hashed *v;
	size_t i, j, run;
	int ok = 1;

	if (inst->kind != YT_SEQ || inst->n < 2)
		return 1;
	if (inst->n <= UNIQUE_PAIRWISE) {
		for (j = 1; j < inst->n; j++)
			for (i = 0; i < j; i++)
				if (ytree_equal(inst->items[i], inst->items[j])) {
					ok = report_duplicate(c, k, inst, i, j);
					if (!c->collect)
						return 0;
					break;
				}
		return ok;
	}
	v = xmalloc(inst->n * sizeof(*v));
	for (i = 0; i < inst->n; i++) {
		v[i].h = hash_node(inst->items[i], 0);
		v[i].i = i;
	}
	qsort(v, inst->n, sizeof(*v), cmp_hashed);
	for (run = 0; run < inst->n && (ok || c->collect); run = j) {
		for (j = run + 1; j < inst->n && v[j].h == v[run].h; j++) {
			for (i = run; i < j; i++)
				if (ytree_equal(inst->items[v[i].i], inst->items[v[j].i])) {
					ok = report_duplicate(c, k, inst, v[i].i, v[j].i);
					break;
				}
		}
	}
	free(v);
	return ok;
}

static int
check_object(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	int ok = 1;
	size_t i, j;

	if (inst->kind != YT_MAP)
		return 1;
	switch (k->op) {
	case JS_OP_MAX_PROPERTIES:
	case JS_OP_MIN_PROPERTIES:
		return check_count(c, k, inst, inst->n);
	case JS_OP_REQUIRED:
		for (i = 0; i < k->value->n; i++) {
			const ytree_node *name = k->value->items[i];

			if (js_has_field(inst, name->str, name->len))
				continue;
			ok = 0;
			if (!c->collect)
				break;
			js_failf(c, inst, k, k->loc, _("%s: the required field '%.*s' is missing"),
				 js_where(c), (int)name->len, name->str);
		}
		return ok;
	default: /* JS_OP_DEPENDENT_REQUIRED */
		for (i = 0; i < k->u.deps.n && (ok || c->collect); i++) {
			const js_dep *d = &k->u.deps.v[i];

			if (!js_has_field(inst, d->name, d->len))
				continue;
			for (j = 0; j < d->required->n; j++) {
				const ytree_node *name = d->required->items[j];

				if (js_has_field(inst, name->str, name->len))
					continue;
				ok = 0;
				js_failf(c, inst, k, k->loc,
					 _("%s: the field '%.*s' is required when '%.*s' is present"),
					 js_where(c), (int)name->len, name->str, (int)d->len,
					 d->name);
			}
		}
		return ok;
	}
}

int
js_assert(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	switch (k->op) {
	case JS_OP_TYPE:
		return check_type(c, k, inst);
	case JS_OP_ENUM:
		return check_enum(c, k, inst);
	case JS_OP_CONST:
		if (ytree_equal(k->value, inst))
			return 1;
		if (c->collect) {
			buf b = BUF_INIT;
			size_t shown = 0;

			js_put_allowed(&b, k, &shown, labels_here(c));
			js_failf(c, inst, k, k->loc, _("%s: must be exactly: %s"), js_where(c), js_text(&b));
			buf_free(&b);
		}
		return 0;
	case JS_OP_MULTIPLE_OF:
	case JS_OP_MAXIMUM:
	case JS_OP_EXCLUSIVE_MAXIMUM:
	case JS_OP_MINIMUM:
	case JS_OP_EXCLUSIVE_MINIMUM:
		return check_number(c, k, inst);
	case JS_OP_MAX_LENGTH:
	case JS_OP_MIN_LENGTH:
	case JS_OP_PATTERN:
	case JS_OP_FORMAT:
		return check_string(c, k, inst);
	case JS_OP_MAX_ITEMS:
	case JS_OP_MIN_ITEMS:
		if (inst->kind != YT_SEQ)
			return 1;
		return check_count(c, k, inst, inst->n);
	case JS_OP_UNIQUE_ITEMS:
		return check_unique(c, k, inst);
	default:
		return check_object(c, k, inst);
	}
}
