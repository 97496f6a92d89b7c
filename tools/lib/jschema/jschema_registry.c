/*
 * The registry: schema documents under their URIs, and an index of every
 * schema resource ($id), anchor ($anchor, $dynamicAnchor) found in them, so
 * that a reference resolves with a few hash look-ups.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "jschema/jschema_int.h"
#include "util/error.h"
#include "util/xalloc.h"

#define META_2020_12 "https://json-schema.org/draft/2020-12/schema"

jschema_registry *
jschema_registry_new(const jschema_options *opts)
{
	jschema_registry *r = xcalloc(1, sizeof(*r));

	if (opts != NULL)
		r->opts = *opts;
	return r;
}

void
jschema_registry_free(jschema_registry *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ndocs; i++)
		ytree_doc_free(r->docs[i]->owned);
	for (i = 0; i < r->nre; i++)
		js_regex_free(r->relist[i]);
	free(r->relist);
	free(r->docs);
	for (i = 0; i < r->nres; i++)
		free(r->res[i]->dyn);
	free(r->res);
	hmap_free(&r->by_uri);
	hmap_free(&r->anchors);
	hmap_free(&r->by_node);
	hmap_free(&r->compiled);
	hmap_free(&r->roots);
	hmap_free(&r->regexes);
	diag_list_free(&r->errors);
	arena_free(&r->ar);
	free(r);
}

char *
js_strdup(jschema_registry *r, const char *s, size_t len)
{
	return arena_strndup(&r->ar, s, len);
}

static const char *
node_text(const ytree_node *map, const char *key, size_t *len)
{
	const ytree_node *v = ytree_get(map, key);

	if (v == NULL || v->kind != YT_STR)
		return NULL;
	*len = v->len;
	return v->str;
}

static js_resource *
new_resource(jschema_registry *r, const char *uri, const ytree_node *node, js_doc *doc,
	     const char *ptr)
{
	js_resource *res = arena_alloc(&r->ar, sizeof(*res));

	res->uri = uri;
	res->node = node;
	res->doc = doc;
	res->ptr = ptr;
	res->dialect = 2020;
	r->res = xgrow(r->res, &r->rescap, r->nres + 1, sizeof(*r->res));
	r->res[r->nres++] = res;
	if (hmap_get(&r->by_uri, uri, strlen(uri)) == NULL)
		hmap_put(&r->by_uri, uri, strlen(uri), res);
	hmap_put_p(&r->by_node, node, res);
	return res;
}

/* Registers name as an anchor of res at node. */
static void
add_anchor(jschema_registry *r, js_resource *res, const char *name, size_t len,
	   const ytree_node *node, const char *ptr, int dynamic)
{
	buf key = BUF_INIT;
	js_place *pl;
	char *k;

	buf_printf(&key, "%s#", res->uri);
	buf_put(&key, name, len);
	k = js_strdup(r, key.ptr, key.len);
	buf_free(&key);
	pl = arena_alloc(&r->ar, sizeof(*pl));
	pl->node = node;
	pl->res = res;
	pl->ptr = ptr;
	if (hmap_get(&r->anchors, k, strlen(k)) == NULL)
		hmap_put(&r->anchors, k, strlen(k), pl);
	if (dynamic) {
		js_dynanchor *d;

		res->dyn = xgrow(res->dyn, &res->dyncap, res->ndyn + 1, sizeof(*res->dyn));
		d = &res->dyn[res->ndyn++];
		d->name = js_strdup(r, name, len);
		d->node = node;
		d->ptr = ptr;
		d->compiled = NULL;
	}
}

typedef struct walk_item {
	const ytree_node *node;
	js_resource *res;
	const char *ptr;
} walk_item;

typedef struct walker {
	jschema_registry *r;
	walk_item *v;
	size_t n, cap;
} walker;

static void
walk_push(walker *w, const ytree_node *node, js_resource *res, const char *ptr,
	  const char *key, size_t keylen, const char *sub, size_t sublen)
{
	buf p = BUF_INIT;

	if (node == NULL || (node->kind != YT_MAP && node->kind != YT_SEQ))
		return;
	buf_puts(&p, ptr);
	buf_putc(&p, '/');
	js_pointer_put(&p, key, keylen);
	if (sub != NULL) {
		buf_putc(&p, '/');
		js_pointer_put(&p, sub, sublen);
	}
	w->v = xgrow(w->v, &w->cap, w->n + 1, sizeof(*w->v));
	w->v[w->n].node = node;
	w->v[w->n].res = res;
	w->v[w->n].ptr = js_strdup(w->r, p.ptr, p.len);
	w->n++;
	buf_free(&p);
}

/* How a keyword holds subschemas: one, a list, or a mapping of them. */
static int
subschema_shape(const char *k, size_t len)
{
	static const char *const one[] = {
		"additionalProperties", "propertyNames", "items", "contains", "not", "if",
		"then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
		"additionalItems", NULL};
	static const char *const list[] = {"allOf", "anyOf", "oneOf", "prefixItems", NULL};
	static const char *const map[] = {"$defs", "definitions", "properties",
					  "patternProperties", "dependentSchemas",
					  "dependencies", NULL};
	const char *const *t;

	for (t = one; *t != NULL; t++)
		if (strlen(*t) == len && memcmp(*t, k, len) == 0)
			return 1;
	for (t = list; *t != NULL; t++)
		if (strlen(*t) == len && memcmp(*t, k, len) == 0)
			return 2;
	for (t = map; *t != NULL; t++)
		if (strlen(*t) == len && memcmp(*t, k, len) == 0)
			return 3;
	return 0;
}

/* Indexes one schema object: its $id, anchors, and its subschemas to visit. */
static void
index_schema(walker *w, const walk_item *it)
{
	jschema_registry *r = w->r;
	const ytree_node *node = it->node;
	js_resource *res = it->res;
	const char *s;
	size_t len, i, j;

	if (node->kind != YT_MAP)
		return;
	s = node_text(node, "$id", &len);
	if (s != NULL && node != res->node) {
		buf uri = BUF_INIT;
		const char *frag;
		size_t keep;

		js_uri_resolve(&uri, res->uri, s, len);
		keep = js_uri_fragment(uri.ptr, &frag);
		if (frag == NULL || *frag == '\0')
			res = new_resource(r, js_strdup(r, uri.ptr, keep), node, res->doc,
					   it->ptr);
		buf_free(&uri);
	}
	if ((s = node_text(node, "$anchor", &len)) != NULL)
		add_anchor(r, res, s, len, node, it->ptr, 0);
	if ((s = node_text(node, "$dynamicAnchor", &len)) != NULL)
		add_anchor(r, res, s, len, node, it->ptr, 1);
	for (i = 0; i < node->n; i++) {
		const ytree_node *k = node->pairs[i].key, *v = node->pairs[i].value;
		int shape;

		if (k->str == NULL)
			continue;
		shape = subschema_shape(k->str, k->len);
		if (shape == 1 && v->kind == YT_SEQ)
			shape = 2; /* items and additionalItems as lists, before 2020-12 */
		if (shape == 1) {
			walk_push(w, v, res, it->ptr, k->str, k->len, NULL, 0);
		} else if (shape == 2 && v->kind == YT_SEQ) {
			for (j = 0; j < v->n; j++) {
				char idx[24];
				int n = snprintf(idx, sizeof(idx), "%zu", j);

				walk_push(w, v->items[j], res, it->ptr, k->str, k->len, idx,
					  (size_t)n);
			}
		} else if (shape == 3 && v->kind == YT_MAP) {
			for (j = 0; j < v->n; j++) {
				const ytree_node *sk = v->pairs[j].key;

				walk_push(w, v->pairs[j].value, res, it->ptr, k->str, k->len,
					  sk->str != NULL ? sk->str : "", sk->str ? sk->len : 0);
			}
		}
	}
}

static js_doc *
add_doc(jschema_registry *r, const char *uri, const ytree_node *root, const char *path,
	ytree_doc *owned)
{
	js_doc *doc = arena_alloc(&r->ar, sizeof(*doc));
	walker w = {r, NULL, 0, 0};
	const char *frag, *slash;
	size_t keep = js_uri_fragment(uri, &frag), len;
	js_resource *res;
	const char *id;

	doc->uri = js_strdup(r, uri, keep);
	doc->path = js_strdup(r, path != NULL ? path : uri, strlen(path != NULL ? path : uri));
	slash = strrchr(doc->uri, '/');
	doc->name = slash != NULL && slash[1] != '\0' ? slash + 1 : doc->uri;
	doc->root = root;
	doc->owned = owned;
	r->docs = xgrow(r->docs, &r->doccap, r->ndocs + 1, sizeof(*r->docs));
	r->docs[r->ndocs++] = doc;
	if (root == NULL)
		return doc;
	res = new_resource(r, doc->uri, root, doc, "");
	id = node_text(root, "$id", &len);
	if (id != NULL) {
		buf abs = BUF_INIT;

		js_uri_resolve(&abs, doc->uri, id, len);
		keep = js_uri_fragment(abs.ptr, &frag);
		if (frag == NULL || *frag == '\0') {
			res->uri = js_strdup(r, abs.ptr, keep);
			hmap_put(&r->by_uri, res->uri, keep, res);
		}
		buf_free(&abs);
	}
	w.v = xmalloc(sizeof(*w.v));
	w.cap = 1;
	w.v[0].node = root;
	w.v[0].res = res;
	w.v[0].ptr = "";
	w.n = 1;
	while (w.n > 0) {
		walk_item it = w.v[--w.n];

		index_schema(&w, &it);
	}
	free(w.v);
	return doc;
}

void
jschema_registry_add(jschema_registry *r, const char *uri, ytree_doc *doc)
{
	add_doc(r, uri, doc != NULL ? doc->root : NULL, doc != NULL ? doc->path : NULL, doc);
}

void
jschema_registry_add_node(jschema_registry *r, const char *uri, const ytree_node *root,
			  const char *path)
{
	add_doc(r, uri, root, path, NULL);
}

int
jschema_registry_has(jschema_registry *r, const char *uri)
{
	return hmap_get(&r->by_uri, uri, strlen(uri)) != NULL;
}

/* Loads the embedded meta-schema the first time a reference asks for it. */
static int
load_meta(jschema_registry *r)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;

	if (r->meta_loaded)
		return -1;
	r->meta_loaded = 1;
	if (ytree_parse(&doc, META_2020_12, js_meta_2020_12, strlen(js_meta_2020_12),
			YTREE_GENERAL, NULL, &f) != YTREE_OK) {
		diag_list_free(&f);
		return -1;
	}
	jschema_registry_add(r, META_2020_12, doc);
	return 0;
}

js_resource *
js_resource_of(jschema_registry *r, const ytree_node *node)
{
	return hmap_get_p(&r->by_node, node);
}

/* Follows a JSON pointer (already percent-decoded) from a resource's root. */
static int
follow_pointer(jschema_registry *r, const char *p, size_t len, js_place *at)
{
	buf tok = BUF_INIT, ptr = BUF_INIT;
	size_t i = 0;
	int rc = 0;

	buf_puts(&ptr, at->ptr);
	while (i < len && rc == 0) {
		const ytree_node *n = at->node, *next = NULL;
		js_resource *res;
		size_t j;

		if (p[i] != '/') {
			rc = -1;
			break;
		}
		buf_reset(&tok);
		for (i++; i < len && p[i] != '/'; i++) {
			if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				buf_putc(&tok, p[i + 1] == '0' ? '~' : '/');
				i++;
			} else {
				buf_putc(&tok, p[i]);
			}
		}
		if (n->kind == YT_MAP) {
			for (j = 0; j < n->n && next == NULL; j++) {
				const ytree_node *k = n->pairs[j].key;

				if (k->str != NULL && k->len == tok.len &&
				    memcmp(k->str, tok.ptr != NULL ? tok.ptr : "", tok.len) == 0)
					next = n->pairs[j].value;
			}
		} else if (n->kind == YT_SEQ && tok.len > 0 && tok.len < 10 &&
			   strspn(tok.ptr, "0123456789") == tok.len &&
			   (tok.len == 1 || tok.ptr[0] != '0')) {
			size_t idx = (size_t)strtoul(tok.ptr, NULL, 10);

			if (idx < n->n)
				next = n->items[idx];
		}
		if (next == NULL) {
			rc = -1;
			break;
		}
		buf_putc(&ptr, '/');
		js_pointer_put(&ptr, tok.ptr != NULL ? tok.ptr : "", tok.len);
		at->node = next;
		if ((res = js_resource_of(r, next)) != NULL)
			at->res = res;
	}
	if (rc == 0)
		at->ptr = js_strdup(r, ptr.ptr != NULL ? ptr.ptr : "", ptr.len);
	buf_free(&tok);
	buf_free(&ptr);
	return rc;
}

int
js_resolve(jschema_registry *r, const char *uri, js_place *out)
{
	const char *frag;
	size_t keep = js_uri_fragment(uri, &frag);
	js_resource *res = hmap_get(&r->by_uri, uri, keep);
	buf dec = BUF_INIT;
	int rc;

	if (res == NULL && keep == strlen(META_2020_12) &&
	    memcmp(uri, META_2020_12, keep) == 0 && load_meta(r) == 0)
		res = hmap_get(&r->by_uri, uri, keep);
	if (res == NULL)
		return -1;
	out->node = res->node;
	out->res = res;
	out->ptr = res->ptr;
	if (frag == NULL || *frag == '\0')
		return 0;
	if (*frag != '/') {
		/* Anchors go by their resource's own URI, whichever name found it. */
		buf key = BUF_INIT;
		const js_place *pl;

		buf_printf(&key, "%s#%s", res->uri, frag);
		pl = hmap_get(&r->anchors, key.ptr, key.len);
		buf_free(&key);
		if (pl == NULL)
			return -1;
		*out = *pl;
		return 0;
	}
	if (js_percent_decode(&dec, frag, strlen(frag)) < 0) {
		buf_free(&dec);
		return -1;
	}
	rc = follow_pointer(r, dec.ptr, dec.len, out);
	buf_free(&dec);
	return rc;
}

/* Appends "file://" and the absolute path, escaping what a URI cannot hold. */
static void
put_file_uri(buf *out, const char *abs)
{
	const char *p;

	buf_puts(out, "file://");
	for (p = abs; *p != '\0'; p++) {
		if (*p == '%' || *p == '#' || *p == '?' || *p == ' ')
			buf_printf(out, "%%%02X", (unsigned char)*p);
		else
			buf_putc(out, *p);
	}
}

char *
jschema_file_uri(const char *path)
{
	char *abs = realpath(path, NULL);
	buf out = BUF_INIT;

	if (abs == NULL) {
		error_set_errno("cannot find '%s'", path);
		return NULL;
	}
	put_file_uri(&out, abs);
	free(abs);
	return buf_detach(&out);
}

int
jschema_is_schema_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds the schema files of dir (path as the user gave it) under base (a
 * URI ending in '/'), descending into subfolders when deep is set.
 */
static int
add_folder(jschema_registry *r, const char *dir, const char *base, int deep,
	   diag_list *findings)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (d == NULL)
		return error_set_errno("cannot read the folder '%s'", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && rc >= 0; i++) {
		char *path = strcmp(dir, ".") == 0 ? xstrdup(names[i])
						   : xasprintf("%s/%s", dir, names[i]);
		buf uri = BUF_INIT;
		struct stat st;

		buf_printf(&uri, "%s%s", base, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (deep) {
				int sub;

				buf_putc(&uri, '/');
				sub = add_folder(r, path, uri.ptr, deep, findings);
				if (sub != 0)
					rc = sub < 0 ? -1 : (rc < 0 ? rc : 1);
			}
		} else if (jschema_is_schema_file(names[i])) {
			ytree_doc *doc = NULL;
			int p = ytree_parse_data_file(&doc, path, YTREE_DATA, NULL, findings);

			if (p < 0)
				rc = -1;
			else if (p == YTREE_REJECTED)
				rc = 1;
			else
				jschema_registry_add(r, uri.ptr, doc);
		}
		buf_free(&uri);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
jschema_registry_add_dir(jschema_registry *r, const char *dir, diag_list *findings)
{
	char *abs = realpath(dir, NULL);
	buf base = BUF_INIT;
	int rc;

	if (abs == NULL)
		return error_set_errno("cannot read the folder '%s'", dir);
	put_file_uri(&base, abs);
	if (base.ptr[base.len - 1] != '/')
		buf_putc(&base, '/');
	free(abs);
	rc = add_folder(r, dir, base.ptr, 0, findings);
	buf_free(&base);
	return rc;
}

int
jschema_registry_add_tree(jschema_registry *r, const char *dir, const char *base_uri,
			  diag_list *findings)
{
	buf base = BUF_INIT;
	int rc;

	buf_puts(&base, base_uri);
	if (base.len == 0 || base.ptr[base.len - 1] != '/')
		buf_putc(&base, '/');
	rc = add_folder(r, dir, base.ptr, 1, findings);
	buf_free(&base);
	return rc;
}
