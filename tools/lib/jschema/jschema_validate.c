/*
 * Validation: applying a compiled schema to a value.
 *
 * eval() applies one schema and returns 1 when the value matches. In
 * collecting mode it goes on after a failure so that every failure is
 * recorded; otherwise it stops at the first. The in-place applicators
 * (anyOf, oneOf, not, if, contains) try their subschemas without collecting
 * and only go back to explain when the keyword fails.
 *
 * unevaluatedProperties and unevaluatedItems need to know which fields and
 * items the schema's other keywords looked at, including through $ref,
 * allOf and the branches of anyOf that matched. A schema that has one of
 * them keeps a bit set for its value and hands it down to the subschemas
 * applied to the same value; branches that fail drop their bits. Schemas
 * without them pass nothing, so ordinary validation allocates nothing.
 *
 * The schemas being applied form a stack of frames. Its depth is limited,
 * so a deeply nested value cannot exhaust the C stack, and it gives
 * $dynamicRef its dynamic scope.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/*
 * The most schemas applied inside each other (four for each level of the
 * deepest value a general YAML file may hold), and the most stack that
 * validation may use, whichever comes first. A level costs about 300 bytes
 * of stack, 600 with AddressSanitizer.
 */
enum { MAX_DEPTH = 4000 };
/*
 * The most schemas one validation may apply. anyOf inside anyOf on a deep
 * value can take exponential time; past this, about a second of work, the
 * validation stops with a finding instead of hanging.
 */
enum { MAX_STEPS = 10000000 };
#define MAX_STACK ((ptrdiff_t)3 * 1024 * 1024)

/*
 * The keywords' functions stay out of eval() and eval_kw(), so that each
 * level of nesting costs only the stack of the keyword at work.
 */
#define NOINLINE __attribute__((noinline))

/* Which fields (of a mapping) or items (of a list) have been looked at. */
typedef struct js_ann {
	uint64_t *bits;
	size_t words;
	uint64_t small[2];
} js_ann;

static void
ann_init(js_ann *a, const ytree_node *inst)
{
	size_t n = inst->kind == YT_MAP || inst->kind == YT_SEQ ? inst->n : 0;

	a->words = (n + 63) / 64;
	a->small[0] = a->small[1] = 0;
	a->bits = a->words <= 2 ? a->small : xcalloc(a->words, sizeof(*a->bits));
}

static void
ann_done(js_ann *a)
{
	if (a->bits != a->small)
		free(a->bits);
}

static void
ann_merge(js_ann *dst, const js_ann *src)
{
	size_t i;

	for (i = 0; i < dst->words && i < src->words; i++)
		dst->bits[i] |= src->bits[i];
}

static void
ann_set(js_ann *a, size_t i)
{
	if (a != NULL && i / 64 < a->words)
		a->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static int
ann_has(const js_ann *a, size_t i)
{
	return i / 64 < a->words && (a->bits[i / 64] >> (i % 64)) & 1;
}

static int eval(js_ctx *c, const jschema *s, const ytree_node *inst, js_ann *ann);

/* The stack used since validation began, in bytes, whichever way it grows. */
static ptrdiff_t
stack_used(const js_ctx *c)
{
	ptrdiff_t d = (char *)c->stack_base - (char *)__builtin_frame_address(0);

	return d < 0 ? -d : d;
}

static void
push_key(js_ctx *c, const ytree_node *key)
{
	js_seg_room(c);
	c->segs[c->nsegs].key = key->str != NULL ? key->str : "";
	c->segs[c->nsegs].len = key->str != NULL ? key->len : 0;
	c->nsegs++;
}

static void
push_index(js_ctx *c, size_t i)
{
	js_seg_room(c);
	c->segs[c->nsegs].key = NULL;
	c->segs[c->nsegs].len = i;
	c->nsegs++;
}

/*
 * Stops the whole validation (too deep, or a loop): recorded whatever the
 * mode, once, so that the caller always hears why.
 */
static int __attribute__((format(printf, 4, 5)))
stop(js_ctx *c, const ytree_node *at, const char *loc, const char *fmt, ...)
{
	if (!c->stopped) {
		buf b = BUF_INIT;
		va_list ap;

		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
		c->stopped = 1;
		c->stop.at = at;
		c->stop.ptr = js_pointer(c);
		c->stop.kw = NULL;
		c->stop.loc = loc;
		c->stop.body = buf_detach(&b);
	}
	return 0;
}

/*
 * Takes note of one part's result; returns 0 when the whole should stop
 * here (the part failed and failures are not being collected, or a limit
 * was hit).
 */
static int
go_on(const js_ctx *c, int ok, int *valid)
{
	if (ok)
		return 1;
	*valid = 0;
	return c->collect && !c->stopped;
}

/* Applies sub to the value of a field, or says the field is not allowed. */
static int
apply_field(js_ctx *c, const jschema *sub, const ytree_node *obj, size_t i, const char **names,
	    const size_t *lens, size_t nnames)
{
	const ytree_node *key = obj->pairs[i].key;
	int ok;

	if (sub->boolean == 0) {
		const char *name = key->str != NULL ? key->str : "";
		size_t len = key->str != NULL ? key->len : 0;
		const char *guess = NULL;
		size_t j, k;

		if (!c->collect)
			return 0;
		if (nnames > 0)
			guess = js_closest(name, len, names, lens, nnames);
		for (j = 0; guess != NULL && j < obj->n; j++) {
			const ytree_node *other = obj->pairs[j].key;

			for (k = 0; k < nnames; k++)
				if (names[k] == guess && other->str != NULL &&
				    other->len == lens[k] && memcmp(other->str, guess, lens[k]) == 0)
					guess = NULL; /* the right one is there too */
		}
		if (guess != NULL)
			js_failf(c, key, NULL, sub->loc,
				 _("%s: the field '%.*s' is not allowed here (did you mean '%s'?)"),
				 js_where(c), (int)len, name, guess);
		else
			js_failf(c, key, NULL, sub->loc, _("%s: the field '%.*s' is not allowed here"),
				 js_where(c), (int)len, name);
		return 0;
	}
	push_key(c, key);
	ok = eval(c, sub, obj->pairs[i].value, NULL);
	c->nsegs--;
	return ok;
}

static const js_prop *
find_prop(const js_props *p, const char *name, size_t len)
{
	size_t lo = 0, hi = p->nprops;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const js_prop *m = &p->props[mid];
		int d = m->len != len ? (m->len < len ? -1 : 1) : memcmp(m->name, name, len);

		if (d == 0)
			return m;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The names of properties, for "did you mean": the caller frees both arrays. */
static size_t
prop_names(const js_props *p, const char ***names, size_t **lens)
{
	size_t i;

	*names = xmalloc((p->nprops + 1) * sizeof(**names));
	*lens = xmalloc((p->nprops + 1) * sizeof(**lens));
	for (i = 0; i < p->nprops; i++) {
		(*names)[i] = p->props[i].name;
		(*lens)[i] = p->props[i].len;
	}
	return p->nprops;
}

/* properties, patternProperties and additionalProperties, in one pass. */
static int NOINLINE
eval_properties(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	const js_props *p = k->u.props;
	int valid = 1;
	size_t i, j;

	if (inst->kind != YT_MAP)
		return 1;
	for (i = 0; i < inst->n; i++) {
		const ytree_node *key = inst->pairs[i].key;
		const char *name = key->str != NULL ? key->str : "";
		size_t len = key->str != NULL ? key->len : 0;
		const js_prop *pr = find_prop(p, name, len);
		int matched = 0, ok = 1;

		if (pr != NULL) {
			matched = 1;
			ok = apply_field(c, pr->s, inst, i, NULL, NULL, 0);
		}
		for (j = 0; j < p->npats && (ok || c->collect); j++) {
			int m = js_regex_match(&c->md, p->pats[j].re, name, len);

			if (m < 0) {
				js_failf(c, key, k, k->loc,
					 _("%s: the field name '%.*s' could not be checked against "
					   "the pattern %s (matching takes too long)"),
					 js_where(c), (int)len, name, p->pats[j].re->src);
				ok = 0;
			} else if (m > 0) {
				matched = 1;
				ok &= apply_field(c, p->pats[j].s, inst, i, NULL, NULL, 0);
			}
		}
		if (!matched && p->additional != NULL) {
			const char **names = NULL;
			size_t *lens = NULL, n = 0;

			if (p->additional->boolean == 0 && c->collect)
				n = prop_names(p, &names, &lens);
			matched = 1;
			ok = apply_field(c, p->additional, inst, i, names, lens, n);
			free(names);
			free(lens);
		}
		if (matched)
			ann_set(ann, i);
		if (!go_on(c, ok, &valid))
			return 0;
	}
	return valid;
}

/*
 * Property names a schema and the schemas it applies in place know, for the
 * "did you mean" of unevaluatedProperties (a bounded walk).
 */
typedef struct name_list {
	const char **names;
	size_t *lens;
	size_t n, cap;
	size_t visits; /* schemas still to look at: the walk is bounded */
} name_list;

static void
known_names(const jschema *s, name_list *l)
{
	size_t i, j;

	if (s->boolean >= 0 || l->visits == 0)
		return;
	l->visits--;
	for (i = 0; i < s->nkw; i++) {
		const js_kw *k = &s->kw[i];

		switch (k->op) {
		case JS_OP_PROPERTIES:
			for (j = 0; j < k->u.props->nprops; j++) {
				size_t cap = l->cap;

				l->names = xgrow(l->names, &l->cap, l->n + 1, sizeof(*l->names));
				l->lens = xgrow(l->lens, &cap, l->n + 1, sizeof(*l->lens));
				l->names[l->n] = k->u.props->props[j].name;
				l->lens[l->n++] = k->u.props->props[j].len;
			}
			break;
		case JS_OP_ALL_OF:
		case JS_OP_ANY_OF:
		case JS_OP_ONE_OF:
			for (j = 0; j < k->u.list.n; j++)
				known_names(k->u.list.v[j], l);
			break;
		case JS_OP_REF:
		case JS_OP_DYNAMIC_REF:
			known_names(k->u.ref.target, l);
			break;
		case JS_OP_IF:
			if (k->u.ifs.then != NULL)
				known_names(k->u.ifs.then, l);
			if (k->u.ifs.otherwise != NULL)
				known_names(k->u.ifs.otherwise, l);
			break;
		default:
			break;
		}
	}
}

static int NOINLINE
eval_unevaluated_properties(js_ctx *c, const jschema *s, const js_kw *k,
			    const ytree_node *inst, js_ann *ann)
{
	name_list l = {NULL, NULL, 0, 0, 64};
	int valid = 1, looked = 0;
	size_t i;

	if (inst->kind != YT_MAP || ann == NULL)
		return 1;
	for (i = 0; i < inst->n; i++) {
		if (ann_has(ann, i))
			continue;
		if (k->u.sub->boolean == 0 && c->collect && !looked) {
			known_names(s, &l);
			looked = 1;
		}
		if (!go_on(c, apply_field(c, k->u.sub, inst, i, l.names, l.lens, l.n), &valid))
			break;
		ann_set(ann, i);
	}
	free(l.names);
	free(l.lens);
	return valid;
}

static int NOINLINE
eval_items(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	int valid = 1;
	size_t i;

	if (inst->kind != YT_SEQ)
		return 1;
	for (i = 0; i < inst->n; i++) {
		const jschema *sub = i < k->u.items.nprefix ? k->u.items.prefix[i] : k->u.items.rest;
		int ok;

		if (sub == NULL)
			break;
		if (sub->boolean == 0 && i >= k->u.items.nprefix) {
			js_failf(c, inst, NULL, sub->loc,
				 ngettext("%s: must have at most %zu item",
					  "%s: must have at most %zu items",
					  (unsigned long)k->u.items.nprefix),
				 js_where(c), k->u.items.nprefix);
			return 0;
		}
		push_index(c, i);
		ok = eval(c, sub, inst->items[i], NULL);
		c->nsegs--;
		ann_set(ann, i);
		if (!go_on(c, ok, &valid))
			return 0;
	}
	return valid;
}

static int NOINLINE
eval_unevaluated_items(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	int valid = 1;
	size_t i;

	if (inst->kind != YT_SEQ || ann == NULL)
		return 1;
	for (i = 0; i < inst->n; i++) {
		int ok;

		if (ann_has(ann, i))
			continue;
		push_index(c, i);
		if (k->u.sub->boolean == 0) {
			js_failf(c, inst->items[i], NULL, k->u.sub->loc,
				 _("%s: this item is not allowed here"), js_where(c));
			ok = 0;
		} else {
			ok = eval(c, k->u.sub, inst->items[i], NULL);
		}
		c->nsegs--;
		ann_set(ann, i);
		if (!go_on(c, ok, &valid))
			break;
	}
	return valid;
}

static int NOINLINE
eval_contains(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	size_t i, count = 0;
	int saved = c->collect;

	if (inst->kind != YT_SEQ)
		return 1;
	c->collect = 0;
	for (i = 0; i < inst->n && !c->stopped; i++) {
		if (eval(c, k->u.contains.s, inst->items[i], NULL)) {
			count++;
			ann_set(ann, i);
		}
		if (ann == NULL && count >= k->u.contains.min &&
		    (k->u.contains.max == SIZE_MAX || count > k->u.contains.max))
			break;
	}
	c->collect = saved;
	if (count < k->u.contains.min) {
		const char *loc = k->u.contains.min_loc != NULL ? k->u.contains.min_loc : k->loc;

		if (count == 0)
			js_failf(c, inst, k, loc,
				 ngettext("%s: must contain at least %zu item of the required "
					  "kind, and has none",
					  "%s: must contain at least %zu items of the required "
					  "kind, and has none",
					  (unsigned long)k->u.contains.min),
				 js_where(c), k->u.contains.min);
		else
			js_failf(c, inst, k, loc,
				 ngettext("%s: must contain at least %zu item of the required "
					  "kind, and has only %zu",
					  "%s: must contain at least %zu items of the required "
					  "kind, and has only %zu",
					  (unsigned long)k->u.contains.min),
				 js_where(c), k->u.contains.min, count);
		return 0;
	}
	if (count > k->u.contains.max) {
		js_failf(c, inst, k, k->u.contains.max_loc,
			 ngettext("%s: must contain at most %zu item of that kind, and has %zu",
				  "%s: must contain at most %zu items of that kind, and has %zu",
				  (unsigned long)k->u.contains.max),
			 js_where(c), k->u.contains.max, count);
		return 0;
	}
	return 1;
}

static int NOINLINE
eval_property_names(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	int valid = 1;
	size_t i, j;

	if (inst->kind != YT_MAP)
		return 1;
	for (i = 0; i < inst->n; i++) {
		const ytree_node *key = inst->pairs[i].key;
		ytree_node name = *key;
		size_t first = c->nfails;
		int ok;

		/* Field names are text in JSON, whatever YAML made of them. */
		name.kind = YT_STR;
		name.n = 0;
		if (name.str == NULL) {
			name.str = "";
			name.len = 0;
		}
		/* The failures name the field name as their place. */
		c->naming = name.str;
		c->naming_len = name.len;
		ok = eval(c, k->u.sub, &name, NULL);
		c->naming = NULL;
		if (ok)
			continue;
		valid = 0;
		for (j = first; j < c->nfails; j++)
			c->fails[j].at = key;
		if (!c->collect || c->stopped)
			break;
	}
	return valid;
}

static void
drop_fails(js_ctx *c, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		free(c->fails[i].ptr);
		free(c->fails[i].body);
	}
	memmove(&c->fails[from], &c->fails[to], (c->nfails - to) * sizeof(*c->fails));
	c->nfails -= to - from;
}

/* A branch that failed only because of its type, const or enum, right here. */
static int
simple_failure(const js_ctx *c, size_t from, size_t to, const ytree_node *inst)
{
	const js_fail *f = &c->fails[from];

	return to - from == 1 && f->at == inst && f->kw != NULL &&
	       (f->kw->op == JS_OP_TYPE || f->kw->op == JS_OP_CONST || f->kw->op == JS_OP_ENUM);
}

static int
type_mismatch(const js_ctx *c, size_t from, size_t to, const ytree_node *inst)
{
	size_t i;

	for (i = from; i < to; i++)
		if (c->fails[i].at == inst && c->fails[i].kw != NULL &&
		    c->fails[i].kw->op == JS_OP_TYPE)
			return 1;
	return 0;
}

/* One message for branches that each failed simply: "must be text or a list". */
static char *
summarize(js_ctx *c, const size_t *start, size_t n, const ytree_node *inst)
{
	unsigned types = 0;
	buf t = BUF_INIT, v = BUF_INIT, m = BUF_INIT;
	size_t i, shown = 0;

	for (i = 0; i < n; i++) {
		const js_kw *k = c->fails[start[i]].kw;

		if (k->op == JS_OP_TYPE)
			types |= k->u.types;
		else
			js_put_allowed(&v, k, &shown, NULL);
	}
	if (types != 0)
		js_put_types(&t, types);
	if (v.len == 0)
		buf_printf(&m, _("%s: must be %s, not %s"), js_where(c), js_text(&t),
			   js_kind_words(inst));
	else if (types == 0)
		buf_printf(&m, _("%s: must be one of: %s"), js_where(c), js_text(&v));
	else
		/* TRANSLATORS: "/n: must be text, or one of: 1, 2" */
		buf_printf(&m, _("%s: must be %s, or one of: %s"), js_where(c), js_text(&t),
			   js_text(&v));
	buf_free(&t);
	buf_free(&v);
	return buf_detach(&m);
}

/*
 * anyOf or oneOf matched no branch. Runs the branches again collecting
 * their failures, then keeps what a person can act on: one summary when
 * every branch failed on its type or value right here, else the failures
 * of the closest branch (one whose type fits, with the fewest failures).
 */
static void NOINLINE
explain_no_branch(js_ctx *c, const js_kw *k, const ytree_node *inst)
{
	size_t n = k->u.list.n, i, best = n, base = c->nfails;
	size_t *start = xmalloc((n + 1) * sizeof(*start));
	int all_simple = 1;

	for (i = 0; i < n && !c->stopped; i++) {
		start[i] = c->nfails;
		eval(c, k->u.list.v[i], inst, NULL);
	}
	for (; i <= n; i++)
		start[i] = c->nfails;
	for (i = 0; i < n; i++)
		all_simple &= simple_failure(c, start[i], start[i + 1], inst);
	if (all_simple) {
		char *body = summarize(c, start, n, inst);

		drop_fails(c, base, c->nfails);
		js_fail_add(c, inst, k, k->loc, body);
		free(start);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t cnt = start[i + 1] - start[i];

		if (cnt == 0 || type_mismatch(c, start[i], start[i + 1], inst))
			continue;
		if (best == n || cnt < start[best + 1] - start[best])
			best = i;
	}
	for (i = 0; i < n && best == n; i++)
		if (start[i + 1] > start[i] &&
		    (best == n || start[i + 1] - start[i] < start[best + 1] - start[best]))
			best = i;
	if (best == n) {
		drop_fails(c, base, c->nfails);
		js_failf(c, inst, k, k->loc, _("%s: does not match any of the allowed forms"),
			 js_where(c));
	} else {
		/* Keep [start[best], start[best + 1]) only. */
		drop_fails(c, start[best + 1], c->nfails);
		drop_fails(c, base, start[best]);
	}
	free(start);
}

static int NOINLINE
eval_any_of(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	int saved = c->collect, any = 0;
	size_t i;

	c->collect = 0;
	for (i = 0; i < k->u.list.n && !c->stopped; i++) {
		if (ann == NULL) {
			if (eval(c, k->u.list.v[i], inst, NULL)) {
				any = 1;
				break;
			}
		} else {
			js_ann mine;

			ann_init(&mine, inst);
			if (eval(c, k->u.list.v[i], inst, &mine)) {
				any = 1;
				ann_merge(ann, &mine);
			}
			ann_done(&mine);
		}
	}
	c->collect = saved;
	if (!any && c->collect && !c->stopped)
		explain_no_branch(c, k, inst);
	return any;
}

/* The suffix of an ordinal number: 1st, 2nd, 3rd, 4th, 11th, 21st. */
static const char *
ordinal(size_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

static int NOINLINE
eval_one_of(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	int saved = c->collect;
	size_t i, matched = 0, first = 0, second = 0;
	js_ann keep;

	if (ann != NULL)
		ann_init(&keep, inst);
	c->collect = 0;
	for (i = 0; i < k->u.list.n && matched < 2 && !c->stopped; i++) {
		js_ann mine;
		int ok;

		if (ann != NULL)
			ann_init(&mine, inst);
		ok = eval(c, k->u.list.v[i], inst, ann != NULL ? &mine : NULL);
		if (ok && matched++ == 0) {
			first = i;
			if (ann != NULL)
				ann_merge(&keep, &mine);
		} else if (ok) {
			second = i;
		}
		if (ann != NULL)
			ann_done(&mine);
	}
	c->collect = saved;
	if (ann != NULL) {
		if (matched == 1)
			ann_merge(ann, &keep);
		ann_done(&keep);
	}
	if (matched == 1)
		return 1;
	if (c->collect && !c->stopped) {
		if (matched == 0)
			explain_no_branch(c, k, inst);
		else
			/* TRANSLATORS: the numbers with their English suffixes, "the
			 * 1st and the 2nd"; %.0s leaves a suffix out. */
			js_failf(c, inst, k, k->loc,
				 _("%s: matches more than one of the allowed forms (the %zu%s and "
				   "the %zu%s); it must match exactly one"),
				 js_where(c), first + 1, ordinal(first + 1), second + 1,
				 ordinal(second + 1));
	}
	return 0;
}

/* "must not be text": words for what a `not` excluded. */
static char *
not_words(js_ctx *c, const jschema *sub)
{
	buf b = BUF_INIT, m = BUF_INIT;
	const js_kw *k = sub->nkw == 1 ? &sub->kw[0] : NULL;
	size_t i, shown = 0;

	if (sub->boolean == 1 || (sub->boolean < 0 && sub->nkw == 0)) {
		buf_printf(&m, _("%s: is not allowed here"), js_where(c));
	} else if (k != NULL && k->op == JS_OP_TYPE) {
		js_put_types(&b, k->u.types);
		buf_printf(&m, _("%s: must not be %s"), js_where(c), js_text(&b));
	} else if (k != NULL && k->op == JS_OP_REQUIRED && k->value->n >= 1) {
		for (i = 0; i < k->value->n; i++)
			buf_printf(&b, "%s'%.*s'", i > 0 ? ", " : "", (int)k->value->items[i]->len,
				   k->value->items[i]->str);
		buf_printf(&m,
			   k->value->n == 1 ? _("%s: must not have the field %s")
					    : _("%s: must not have all of the fields %s"),
			   js_where(c), js_text(&b));
	} else if (k != NULL && (k->op == JS_OP_CONST || k->op == JS_OP_ENUM)) {
		js_put_allowed(&b, k, &shown, NULL);
		buf_printf(&m, k->op == JS_OP_ENUM ? _("%s: must not be any of: %s")
						   : _("%s: must not be %s"),
			   js_where(c), js_text(&b));
	} else {
		buf_printf(&m, _("%s: is not allowed here: it matches a form the schema excludes"),
			   js_where(c));
	}
	buf_free(&b);
	return buf_detach(&m);
}

static int NOINLINE
eval_if(js_ctx *c, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	int saved = c->collect, ok;

	c->collect = 0;
	if (ann != NULL) {
		js_ann mine;

		ann_init(&mine, inst);
		ok = eval(c, k->u.ifs.cond, inst, &mine);
		if (ok)
			ann_merge(ann, &mine);
		ann_done(&mine);
	} else {
		ok = eval(c, k->u.ifs.cond, inst, NULL);
	}
	c->collect = saved;
	if (c->stopped)
		return 0;
	if (ok)
		return k->u.ifs.then == NULL || eval(c, k->u.ifs.then, inst, ann);
	return k->u.ifs.otherwise == NULL || eval(c, k->u.ifs.otherwise, inst, ann);
}

/*
 * The schema a $dynamicRef lands on: the outermost resource in the dynamic
 * scope with a $dynamicAnchor of that name, or the static target.
 */
static const jschema *
dynamic_target(const js_ctx *c, const js_kw *k)
{
	const js_resource *prev = NULL;
	size_t i, j;

	for (i = 0; i < c->nframes; i++) {
		const js_resource *res = c->frames[i].s->res;

		if (res == prev)
			continue;
		prev = res;
		for (j = 0; j < res->ndyn; j++)
			if (res->dyn[j].compiled != NULL && strcmp(res->dyn[j].name, k->u.ref.anchor) == 0)
				return res->dyn[j].compiled;
	}
	return k->u.ref.target;
}

/* 1 when target is already being applied to inst, with nothing in between but
 * keywords that stay on the same value: applying it again would never end. */
static int
in_place_loop(const js_ctx *c, const jschema *target, const ytree_node *inst)
{
	size_t i = c->nframes;

	while (i > 0 && c->frames[i - 1].inst == inst) {
		if (c->frames[i - 1].s == target)
			return 1;
		i--;
	}
	return 0;
}

static int
eval_kw(js_ctx *c, const jschema *s, const js_kw *k, const ytree_node *inst, js_ann *ann)
{
	const jschema *t;
	size_t i;
	int ok, saved;

	switch (k->op) {
	case JS_OP_PROPERTIES:
		return eval_properties(c, k, inst, ann);
	case JS_OP_PROPERTY_NAMES:
		return eval_property_names(c, k, inst);
	case JS_OP_DEPENDENT_SCHEMAS:
		ok = 1;
		if (inst->kind != YT_MAP)
			return 1;
		for (i = 0; i < k->u.deps.n && (ok || c->collect); i++)
			if (js_has_field(inst, k->u.deps.v[i].name, k->u.deps.v[i].len))
				ok &= eval(c, k->u.deps.v[i].s, inst, ann);
		return ok;
	case JS_OP_ITEMS:
		return eval_items(c, k, inst, ann);
	case JS_OP_CONTAINS:
		return eval_contains(c, k, inst, ann);
	case JS_OP_ALL_OF:
		ok = 1;
		for (i = 0; i < k->u.list.n && (ok || c->collect) && !c->stopped; i++)
			ok &= eval(c, k->u.list.v[i], inst, ann);
		return ok;
	case JS_OP_ANY_OF:
		return eval_any_of(c, k, inst, ann);
	case JS_OP_ONE_OF:
		return eval_one_of(c, k, inst, ann);
	case JS_OP_NOT:
		saved = c->collect;
		c->collect = 0;
		ok = eval(c, k->u.sub, inst, NULL);
		c->collect = saved;
		if (ok && !c->stopped)
			js_fail_add(c, inst, k, k->loc, c->collect ? not_words(c, k->u.sub) : NULL);
		return !ok && !c->stopped;
	case JS_OP_IF:
		return eval_if(c, k, inst, ann);
	case JS_OP_REF:
		return eval(c, k->u.ref.target, inst, ann);
	case JS_OP_DYNAMIC_REF:
		t = k->u.ref.anchor != NULL ? dynamic_target(c, k) : k->u.ref.target;
		if (in_place_loop(c, t, inst))
			return stop(c, inst, k->loc,
				    _("%s: cannot be checked: the schema's $dynamicRef goes round "
				      "in a loop without looking into the data"),
				    js_where_always(c));
		return eval(c, t, inst, ann);
	case JS_OP_UNEVALUATED_PROPERTIES:
		return eval_unevaluated_properties(c, s, k, inst, ann);
	case JS_OP_UNEVALUATED_ITEMS:
		return eval_unevaluated_items(c, k, inst, ann);
	default:
		return js_assert(c, k, inst);
	}
}

static int
eval(js_ctx *c, const jschema *s, const ytree_node *inst, js_ann *ann)
{
	js_ann local, *mine = ann;
	int valid = 1;
	size_t i;

	if (c->stopped)
		return 0;
	if (s->boolean >= 0) {
		if (s->boolean == 0)
			js_failf(c, inst, NULL, s->loc, _("%s: is not allowed here"), js_where(c));
		return s->boolean;
	}
	if (++c->steps > MAX_STEPS)
		return stop(c, inst, s->loc,
			    _("%s: cannot be checked: the schema takes too long to apply to this "
			      "value"),
			    js_where_always(c));
	if (c->nframes >= MAX_DEPTH || stack_used(c) > MAX_STACK)
		return stop(c, inst, s->loc,
			    _("%s: is nested too deeply to be checked (the schema would have to "
			      "be applied thousands of levels deep)"),
			    js_where_always(c));
	js_frame_room(c);
	c->frames[c->nframes].s = s;
	c->frames[c->nframes].inst = inst;
	c->nframes++;
	if (s->unevaluated && (inst->kind == YT_MAP || inst->kind == YT_SEQ)) {
		/* Only what this schema's own keywords looked at counts here. */
		ann_init(&local, inst);
		mine = &local;
	}
	for (i = 0; i < s->nkw; i++) {
		if (eval_kw(c, s, &s->kw[i], inst, mine))
			continue;
		valid = 0;
		if (!c->collect || c->stopped || s->kw[i].op == JS_OP_TYPE)
			break;
	}
	if (mine == &local) {
		if (valid && ann != NULL)
			ann_merge(ann, &local);
		ann_done(&local);
	}
	c->nframes--;
	return valid;
}

static void
ctx_free(js_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nfails; i++) {
		free(c->fails[i].ptr);
		free(c->fails[i].body);
	}
	free(c->fails);
	if (c->frames != c->frame0)
		free(c->frames);
	if (c->segs != c->seg0)
		free(c->segs);
	free(c->stop.ptr);
	free(c->stop.body);
	free(c->where);
	js_regex_md_free(c->md);
}

static void
add_finding(diag_list *out, const char *path, const js_fail *f)
{
	diag_add_owned(out, path, f->at->line, f->at->col, DIAG_ERROR, "schema", xstrdup(f->body));
	diag_set_location(out, f->ptr, f->loc);
}

size_t
jschema_validate(const jschema *s, const ytree_node *instance, const char *path,
		 diag_list *findings)
{
	js_ctx c;
	size_t i, n;

	js_ctx_init(&c, 1);
	c.stack_base = __builtin_frame_address(0);
	eval(&c, s, instance, NULL);
	for (i = 0; i < c.nfails; i++)
		add_finding(findings, path, &c.fails[i]);
	n = c.nfails;
	if (c.stopped) {
		add_finding(findings, path, &c.stop);
		n++;
	}
	ctx_free(&c);
	return n;
}

int
jschema_valid(const jschema *s, const ytree_node *instance)
{
	js_ctx c;
	int ok;

	js_ctx_init(&c, 0);
	c.stack_base = __builtin_frame_address(0);
	ok = eval(&c, s, instance, NULL) && !c.stopped;
	ctx_free(&c);
	return ok;
}
