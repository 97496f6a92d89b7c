/*
 * What the YAML and the JSON reader share in building a tree (see
 * ytree_build.h).
 */
#include "yaml/ytree_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

void
ytree_report_addv(ytree_report *r, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	buf m = BUF_INIT;

	if (r->nfound++ >= YTREE_MAX_FINDINGS) {
		if (r->nfound == YTREE_MAX_FINDINGS + 1)
			diag_add(r->findings, r->path, line, col, DIAG_ERROR, r->rule,
				 "there are more problems from here on; fix the ones above "
				 "and check the file again");
		r->stop = 1;
		return;
	}
	buf_vprintf(&m, _(fmt), ap);
	diag_add_owned(r->findings, r->path, line, col, DIAG_ERROR, r->rule, buf_detach(&m));
}

void
ytree_report_add(ytree_report *r, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ytree_report_addv(r, line, col, fmt, ap);
	va_end(ap);
}

ytree_node *
ytree_new_node(ytree_doc *doc, ytree_kind kind, unsigned line, unsigned col)
{
	ytree_node *n = arena_alloc(&doc->arena, sizeof(*n));

	n->kind = kind;
	n->line = line;
	n->col = col;
	return n;
}

void
ytree_slots_push(ytree_slots *s, ytree_node *node)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = node;
}

void
ytree_slots_close(ytree_doc *doc, ytree_slots *s, ytree_node *n, size_t start)
{
	size_t count = s->n - start, i;
	/* Before any child has been held, v is NULL, and even adding 0 to it is undefined. */
	ytree_node **kids = count > 0 ? s->v + start : NULL;

	if (n->kind == YT_SEQ) {
		n->n = count;
		n->items = arena_alloc(&doc->arena, count * sizeof(*n->items));
		if (count > 0)
			memcpy(n->items, kids, count * sizeof(*n->items));
	} else {
		n->n = count / 2;
		n->pairs = arena_alloc(&doc->arena, n->n * sizeof(*n->pairs));
		for (i = 0; i < n->n; i++) {
			n->pairs[i].key = kids[2 * i];
			n->pairs[i].value = kids[2 * i + 1];
		}
	}
	s->n = start;
}

const char *
ytree_size_words(size_t n, char *out, size_t outlen)
{
	if (n >= 1024 * 1024)
		snprintf(out, outlen, "%.1f MiB", (double)n / (1024.0 * 1024.0));
	else if (n >= 1024)
		snprintf(out, outlen, "%.1f KiB", (double)n / 1024.0);
	else
		snprintf(out, outlen, "%zu bytes", n);
	return out;
}

int
ytree_key_equal(const ytree_node *a, const ytree_node *b)
{
	return a->str != NULL && b->str != NULL && a->len == b->len &&
	       memcmp(a->str, b->str, a->len) == 0;
}

int
ytree_cmp_pair_ptr(const void *pa, const void *pb)
{
	const ytree_pair *a = *(const ytree_pair *const *)pa;
	const ytree_pair *b = *(const ytree_pair *const *)pb;
	size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
	int c = n > 0 ? memcmp(a->key->str, b->key->str, n) : 0;

	if (c != 0)
		return c;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* (first, later) couples by the later one's place in the mapping. */
static int
cmp_later(const void *pa, const void *pb)
{
	const ytree_pair *a = ((const ytree_pair *const *)pa)[1];
	const ytree_pair *b = ((const ytree_pair *const *)pb)[1];

	return a < b ? -1 : a > b;
}

void
ytree_check_duplicates(ytree_report *r, const ytree_node *map, const char *fmt,
		       ytree_show_fn *show)
{
	const ytree_pair **dup = NULL; /* couples of (first, later) */
	size_t i, j, n = map->n, ndup = 0, cap = 0;
	char s[YTREE_SHOW_BUF];

	if (n < 2)
		return;
	if (n <= 32) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (ytree_key_equal(map->pairs[i].key, map->pairs[j].key)) {
					dup = xgrow(dup, &cap, 2 * ndup + 2, sizeof(*dup));
					dup[2 * ndup] = &map->pairs[j];
					dup[2 * ndup++ + 1] = &map->pairs[i];
					break;
				}
	} else {
		const ytree_pair **sorted = xmalloc(n * sizeof(*sorted));
		size_t m = 0;

		for (i = 0; i < n; i++)
			if (map->pairs[i].key->str != NULL)
				sorted[m++] = &map->pairs[i];
		qsort(sorted, m, sizeof(*sorted), ytree_cmp_pair_ptr);
		for (i = 1; i < m; i++)
			if (ytree_key_equal(sorted[i]->key, sorted[i - 1]->key)) {
				dup = xgrow(dup, &cap, 2 * ndup + 2, sizeof(*dup));
				dup[2 * ndup] = sorted[i - 1];
				dup[2 * ndup++ + 1] = sorted[i];
			}
		free(sorted);
		qsort(dup, ndup, 2 * sizeof(*dup), cmp_later);
	}
	for (i = 0; i < ndup && !r->stop; i++)
		ytree_report_add(r, dup[2 * i + 1]->key->line, dup[2 * i + 1]->key->col, fmt,
				 show(s, dup[2 * i + 1]->key->str, dup[2 * i + 1]->key->len),
				 dup[2 * i]->key->line, dup[2 * i + 1]->key->line);
	free(dup);
}
