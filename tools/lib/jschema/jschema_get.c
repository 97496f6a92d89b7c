/*
 * What jschema_get does with a freshly compiled schema: a walk over the
 * keywords that apply a schema to the same value (allOf, $ref, ...) finds
 * loops that would never reach the data, such as "$ref: '#'" at the top,
 * and a walk over everything the schema can reach collects the findings
 * of the parts that could not be compiled.
 */
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/error.h"
#include "util/xalloc.h"

/* Records that keyword k of s leads back into a schema being applied. */
static void
loop_finding(jschema_registry *r, jschema *s, const js_kw *k)
{
	const char *hash = strchr(k->loc, '#');

	if (k->op == JS_OP_REF || k->op == JS_OP_DYNAMIC_REF)
		diag_add(&r->errors, s->res->doc->path, k->value->line, k->value->col, DIAG_ERROR,
			 "schema",
			 "'%s' leads into a loop: it comes back to a schema that is already being "
			 "applied to the same value, without ever looking into the data",
			 k->op == JS_OP_REF ? "$ref" : "$dynamicRef");
	else
		diag_add(&r->errors, s->res->doc->path, k->value->line, k->value->col, DIAG_ERROR,
			 "schema",
			 "this keyword leads into a loop: it comes back to a schema that is already "
			 "being applied to the same value, without ever looking into the data");
	diag_set_location(&r->errors, hash != NULL ? hash + 1 : "", k->loc);
	s->bad = 1;
	s->loop_err = r->errors.n;
}

/*
 * The schemas a keyword applies: with in_place set, only those applied to
 * the same value (the edges along which a loop never reaches the data).
 * Returns the number written to out, at most max.
 */
static size_t
kw_children(const js_kw *k, int in_place, jschema **out, size_t max)
{
	size_t n = 0, i;

#define ADD(x)                                   \
	do {                                     \
		if ((x) != NULL && n < max)      \
			out[n++] = (x);          \
	} while (0)
	switch (k->op) {
	case JS_OP_ALL_OF:
	case JS_OP_ANY_OF:
	case JS_OP_ONE_OF:
		for (i = 0; i < k->u.list.n; i++)
			ADD(k->u.list.v[i]);
		break;
	case JS_OP_NOT:
		ADD(k->u.sub);
		break;
	case JS_OP_IF:
		ADD(k->u.ifs.cond);
		ADD(k->u.ifs.then);
		ADD(k->u.ifs.otherwise);
		break;
	case JS_OP_REF:
		ADD(k->u.ref.target);
		break;
	case JS_OP_DYNAMIC_REF:
		if (!in_place || k->u.ref.anchor == NULL)
			ADD(k->u.ref.target);
		break;
	case JS_OP_DEPENDENT_SCHEMAS:
		for (i = 0; i < k->u.deps.n; i++)
			ADD(k->u.deps.v[i].s);
		break;
	default:
		break;
	}
	if (in_place)
		return n;
	switch (k->op) {
	case JS_OP_PROPERTIES:
		for (i = 0; i < k->u.props->nprops; i++)
			ADD(k->u.props->props[i].s);
		for (i = 0; i < k->u.props->npats; i++)
			ADD(k->u.props->pats[i].s);
		ADD(k->u.props->additional);
		break;
	case JS_OP_PROPERTY_NAMES:
	case JS_OP_UNEVALUATED_PROPERTIES:
	case JS_OP_UNEVALUATED_ITEMS:
		ADD(k->u.sub);
		break;
	case JS_OP_ITEMS:
		for (i = 0; i < k->u.items.nprefix; i++)
			ADD(k->u.items.prefix[i]);
		ADD(k->u.items.rest);
		break;
	case JS_OP_CONTAINS:
		ADD(k->u.contains.s);
		break;
	default:
		break;
	}
#undef ADD
	return n;
}

static size_t
kw_child_count(const js_kw *k)
{
	switch (k->op) {
	case JS_OP_ALL_OF:
	case JS_OP_ANY_OF:
	case JS_OP_ONE_OF:
		return k->u.list.n;
	case JS_OP_DEPENDENT_SCHEMAS:
		return k->u.deps.n;
	case JS_OP_PROPERTIES:
		return k->u.props->nprops + k->u.props->npats + 1;
	case JS_OP_ITEMS:
		return k->u.items.nprefix + 1;
	default:
		return 3;
	}
}

enum { WHITE = 0, GREY = 1, BLACK = 2, COLOR = 3, SEEN = 4 };

typedef struct dfs_frame {
	jschema *s;
	size_t kw, i; /* the next keyword, and the next child within it */
} dfs_frame;

/*
 * Finds loops of keywords that apply schemas to the same value (depth
 * first, without recursion). A schema found black was checked before,
 * with everything below it.
 */
static void
check_loops(jschema_registry *r, jschema *root)
{
	dfs_frame *st = NULL;
	size_t n = 0, cap = 0;
	jschema **kids = NULL;
	size_t kidcap = 0;

	if ((root->mark & COLOR) != WHITE)
		return;
	root->mark = (unsigned char)((root->mark & ~COLOR) | GREY);
	st = xgrow(st, &cap, 1, sizeof(*st));
	st[n++] = (dfs_frame){root, 0, 0};
	while (n > 0) {
		dfs_frame *f = &st[n - 1];
		jschema *s = f->s, *next;
		size_t nk, want;
		const js_kw *k;

		if (f->kw >= s->nkw) {
			s->mark = (unsigned char)((s->mark & ~COLOR) | BLACK);
			n--;
			continue;
		}
		k = &s->kw[f->kw];
		want = kw_child_count(k);
		kids = xgrow(kids, &kidcap, want + 1, sizeof(*kids));
		nk = kw_children(k, 1, kids, want);
		if (f->i >= nk) {
			f->kw++;
			f->i = 0;
			continue;
		}
		next = kids[f->i++];
		if ((next->mark & COLOR) == GREY) {
			loop_finding(r, s, k);
		} else if ((next->mark & COLOR) == WHITE) {
			next->mark = (unsigned char)((next->mark & ~COLOR) | GREY);
			st = xgrow(st, &cap, n + 1, sizeof(*st));
			st[n++] = (dfs_frame){next, 0, 0};
		}
	}
	free(st);
	free(kids);
}

/*
 * Visits every schema reachable from root (through any keyword, and the
 * dynamic anchors of the resources met), calls fn on each, and returns
 * whether any of them is bad.
 */
static int
walk_reachable(jschema *root, void (*fn)(void *arg, jschema *s), void *arg)
{
	jschema **st = NULL, **seen = NULL, **kids = NULL;
	size_t n = 0, cap = 0, nseen = 0, seencap = 0, kidcap = 0, i, j;
	int any_bad = 0;

	st = xgrow(st, &cap, 1, sizeof(*st));
	st[n++] = root;
	root->mark |= SEEN;
	while (n > 0) {
		jschema *s = st[--n];

		seen = xgrow(seen, &seencap, nseen + 1, sizeof(*seen));
		seen[nseen++] = s;
		any_bad |= s->bad;
		if (fn != NULL)
			fn(arg, s);
		for (i = 0; i <= s->nkw; i++) {
			size_t nk = 0;

			if (i < s->nkw) {
				size_t want = kw_child_count(&s->kw[i]);

				kids = xgrow(kids, &kidcap, want + 1, sizeof(*kids));
				nk = kw_children(&s->kw[i], 0, kids, want);
			} else {
				kids = xgrow(kids, &kidcap, s->res->ndyn + 1, sizeof(*kids));
				for (j = 0; j < s->res->ndyn; j++)
					if (s->res->dyn[j].compiled != NULL)
						kids[nk++] = s->res->dyn[j].compiled;
			}
			for (j = 0; j < nk; j++) {
				if (kids[j]->mark & SEEN)
					continue;
				kids[j]->mark |= SEEN;
				st = xgrow(st, &cap, n + 1, sizeof(*st));
				st[n++] = kids[j];
			}
		}
	}
	for (i = 0; i < nseen; i++)
		seen[i]->mark &= (unsigned char)~SEEN;
	free(st);
	free(seen);
	free(kids);
	return any_bad;
}

static void
loops_of(void *arg, jschema *s)
{
	check_loops(arg, s);
}

typedef struct copy_arg {
	jschema_registry *r;
	diag_list *to;
} copy_arg;

/* Copies a bad schema's findings to the caller's list. */
static void
copy_findings(void *arg, jschema *s)
{
	copy_arg *a = arg;
	size_t i;

	if (!s->bad || a->to == NULL)
		return;
	for (i = s->err_first; i <= s->err_first + s->err_n; i++) {
		const diag *d;

		if (i == s->err_first + s->err_n) {
			if (s->loop_err == 0)
				break;
			d = &a->r->errors.items[s->loop_err - 1];
		} else {
			d = &a->r->errors.items[i];
		}
		diag_add_owned(a->to, d->path, d->line, d->col, d->severity, d->rule,
			       xstrdup(d->message));
		diag_set_location(a->to, d->pointer, d->schema_loc);
	}
}

int
jschema_get(const jschema **out, jschema_registry *r, const char *uri, diag_list *findings)
{
	js_root *root = hmap_get(&r->roots, uri, strlen(uri));

	*out = NULL;
	if (root == NULL) {
		js_place at;

		if (js_resolve(r, uri, &at) < 0)
			return error_set("there is no schema at '%s'", uri);
		root = arena_alloc(&r->ar, sizeof(*root));
		root->s = js_compile(r, &at);
		walk_reachable(root->s, loops_of, r);
		root->status = walk_reachable(root->s, NULL, NULL) ? 1 : 0;
		hmap_put(&r->roots, js_strdup(r, uri, strlen(uri)), strlen(uri), root);
	}
	if (root->status != 0) {
		copy_arg a = {r, findings};

		walk_reachable(root->s, copy_findings, &a);
		return 1;
	}
	*out = root->s;
	return 0;
}

const char *
jschema_location(const jschema *s)
{
	return s->loc;
}
