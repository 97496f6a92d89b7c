#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

void
diag_add_owned(diag_list *l, const char *path, unsigned line, unsigned col,
	       diag_severity sev, const char *rule, char *message)
{
	diag *d;

	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof(*l->items));
	d = &l->items[l->n++];
	d->path = xstrdup(path != NULL ? path : "");
	d->line = line;
	d->col = col;
	d->severity = sev;
	d->rule = rule;
	d->message = message;
	d->pointer = NULL;
	d->schema_loc = NULL;
}

const char *
diag_rule_static(const char *name)
{
	static const char *const rules[] = {"yaml",	    "schema",	  "id",	   "ref",
					    "window",	    "window-text", "future", "requires",
					    "immutable",    "approval",	  "counts", "supersedes",
					    "file"};
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i], name) == 0)
			return rules[i];
	return "unknown";
}

void
diag_set_location(diag_list *l, const char *pointer, const char *schema_loc)
{
	diag *d;

	if (l->n == 0)
		return;
	d = &l->items[l->n - 1];
	free(d->pointer);
	free(d->schema_loc);
	d->pointer = pointer != NULL ? xstrdup(pointer) : NULL;
	d->schema_loc = schema_loc != NULL ? xstrdup(schema_loc) : NULL;
}

void
diag_add(diag_list *l, const char *path, unsigned line, unsigned col, diag_severity sev,
	 const char *rule, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, _(fmt), ap);
	va_end(ap);
	diag_add_owned(l, path, line, col, sev, rule, buf_detach(&b));
}

void
diag_move(diag_list *dst, diag_list *src)
{
	if (src->n == 0)
		return;
	dst->items = xgrow(dst->items, &dst->cap, dst->n + src->n, sizeof(*dst->items));
	memcpy(dst->items + dst->n, src->items, src->n * sizeof(*src->items));
	dst->n += src->n;
	free(src->items);
	src->items = NULL;
	src->n = src->cap = 0;
}

typedef struct {
	diag d;
	size_t seq;
} diag_seq;

static int
diag_cmp(const void *pa, const void *pb)
{
	const diag_seq *a = pa, *b = pb;
	int c = strcmp(a->d.path, b->d.path);

	if (c != 0)
		return c;
	if (a->d.line != b->d.line)
		return a->d.line < b->d.line ? -1 : 1;
	if (a->d.col != b->d.col)
		return a->d.col < b->d.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_sort(diag_list *l)
{
	diag_seq *tmp;
	size_t i;

	if (l->n < 2)
		return;
	tmp = xmalloc(l->n * sizeof(*tmp));
	for (i = 0; i < l->n; i++) {
		tmp[i].d = l->items[i];
		tmp[i].seq = i;
	}
	qsort(tmp, l->n, sizeof(*tmp), diag_cmp);
	for (i = 0; i < l->n; i++)
		l->items[i] = tmp[i].d;
	free(tmp);
}

size_t
diag_errors(const diag_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (l->items[i].severity == DIAG_ERROR)
			n++;
	return n;
}

void
diag_list_free(diag_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].message);
		free(l->items[i].pointer);
		free(l->items[i].schema_loc);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}
