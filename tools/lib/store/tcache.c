/*
 * trees.bin, a cache file (cachefile.h) of kind "trees" whose payload is
 * the number of trees (4), then per tree its id
 * (20) and number of files (4), and per file its mode (4), blob id (20),
 * name length (2) and name with a NUL. Numbers are little-endian.
 */
#include "store/tcache.h"

#include <stdlib.h>
#include <string.h>

#include "util/binio.h"
#include "util/cachefile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

static const cachefile_id trees_id = {"trees", 1, NULL};

typedef struct ttree {
	hist_oid oid;
	size_t first, n; /* into entries */
	int used;
} ttree;

struct tcache {
	char *dir;
	cachefile cf;              /* the loaded file */
	const unsigned char *file; /* its payload; names point into it */
	size_t file_len;
	ttree *trees;
	size_t ntrees, trees_cap;
	tcache_entry *entries;
	size_t nentries, entries_cap;
	size_t *slots; /* open addressing: tree index + 1 */
	size_t nslots;
	arena names; /* names of trees put in this run */
	int dirty;
};

static void
slot_insert(tcache *c, size_t idx)
{
	size_t i;

	for (i = binio_hash_bytes(c->trees[idx].oid.id, 8) & (c->nslots - 1); c->slots[i] != 0;
	     i = (i + 1) & (c->nslots - 1))
		;
	c->slots[i] = idx + 1;
}

static ttree *
find(const tcache *c, const hist_oid *oid)
{
	size_t i;

	if (c->nslots == 0)
		return NULL;
	for (i = binio_hash_bytes(oid->id, 8) & (c->nslots - 1); c->slots[i] != 0;
	     i = (i + 1) & (c->nslots - 1))
		if (hist_oid_equal(&c->trees[c->slots[i] - 1].oid, oid))
			return &c->trees[c->slots[i] - 1];
	return NULL;
}

static ttree *
add_tree(tcache *c, const hist_oid *oid)
{
	size_t i;
	ttree *t;

	c->trees = xgrow(c->trees, &c->trees_cap, c->ntrees + 1, sizeof(*c->trees));
	t = &c->trees[c->ntrees++];
	t->oid = *oid;
	t->first = c->nentries;
	t->n = 0;
	t->used = 0;
	if (c->ntrees * 2 > c->nslots) {
		free(c->slots);
		c->nslots = c->nslots ? c->nslots * 2 : 256;
		c->slots = xcalloc(c->nslots, sizeof(*c->slots));
		for (i = 0; i < c->ntrees; i++)
			slot_insert(c, i);
	} else {
		slot_insert(c, c->ntrees - 1);
	}
	return t;
}

static void
add_entry(tcache *c, const char *name, const hist_oid *oid, unsigned mode)
{
	tcache_entry *e;

	c->entries = xgrow(c->entries, &c->entries_cap, c->nentries + 1, sizeof(*c->entries));
	e = &c->entries[c->nentries++];
	e->name = name;
	e->oid = *oid;
	e->mode = mode;
}

/* Reads the file; stops quietly at the first thing that is not right. */
static void
load(tcache *c)
{
	char *path = xasprintf("%s/trees.bin", c->dir);
	size_t off, count, i, j;
	int miss = cachefile_open(&c->cf, path, &trees_id);

	free(path);
	if (miss || c->cf.len < 4)
		return;
	c->file_len = c->cf.len;
	c->file = c->cf.data;
	count = binio_rd32(c->file);
	off = 4;
	for (i = 0; i < count; i++) {
		hist_oid oid;
		size_t n;
		ttree *t;

		if (off + HIST_RAWSZ + 4 > c->file_len)
			return;
		memcpy(oid.id, c->file + off, HIST_RAWSZ);
		n = binio_rd32(c->file + off + HIST_RAWSZ);
		off += HIST_RAWSZ + 4;
		t = add_tree(c, &oid);
		for (j = 0; j < n; j++) {
			hist_oid eo;
			size_t len;

			if (off + 4 + HIST_RAWSZ + 2 > c->file_len)
				goto broken;
			len = (size_t)c->file[off + 24] | (size_t)c->file[off + 25] << 8;
			if (off + 26 + len + 1 > c->file_len || c->file[off + 26 + len] != '\0')
				goto broken;
			memcpy(eo.id, c->file + off + 4, HIST_RAWSZ);
			add_entry(c, (const char *)c->file + off + 26, &eo, binio_rd32(c->file + off));
			off += 26 + len + 1;
		}
		t->n = n;
	}
	return;
broken:
	/* A damaged file is an empty cache. */
	free(c->slots);
	c->slots = NULL;
	c->nslots = 0;
	c->ntrees = 0;
	c->nentries = 0;
}

tcache *
tcache_open(const char *dir)
{
	tcache *c = xcalloc(1, sizeof(*c));

	c->dir = xstrdup(dir);
	load(c);
	return c;
}

int
tcache_get(tcache *c, const hist_oid *tree, const tcache_entry **out, size_t *n)
{
	ttree *t = find(c, tree);

	if (t == NULL)
		return 0;
	t->used = 1;
	*out = c->entries + t->first;
	*n = t->n;
	return 1;
}

void
tcache_put(tcache *c, const hist_oid *tree, const hist_entries *children)
{
	ttree *t;
	size_t i;

	if (find(c, tree) != NULL)
		return;
	for (i = 0; i < children->n; i++)
		if (strlen(children->v[i].path) > 0xffff)
			return;
	t = add_tree(c, tree);
	for (i = 0; i < children->n; i++)
		add_entry(c, arena_strdup(&c->names, children->v[i].path), &children->v[i].oid,
			  children->v[i].mode);
	t->n = children->n;
	t->used = 1;
	c->dirty = 1;
}

int
tcache_save(tcache *c)
{
	char *path;
	buf b = BUF_INIT;
	size_t i, j, n = 0;
	int rc;

	for (i = 0; i < c->ntrees; i++)
		n += c->trees[i].used;
	if (!c->dirty && n == c->ntrees)
		return 0;
	cachefile_begin(&b, &trees_id);
	binio_put32(&b, (uint32_t)n);
	for (i = 0; i < c->ntrees; i++) {
		const ttree *t = &c->trees[i];

		if (!t->used)
			continue;
		buf_put(&b, t->oid.id, HIST_RAWSZ);
		binio_put32(&b, (uint32_t)t->n);
		for (j = 0; j < t->n; j++) {
			const tcache_entry *e = &c->entries[t->first + j];
			size_t len = strlen(e->name);
			unsigned char l2[2] = {(unsigned char)len, (unsigned char)(len >> 8)};

			binio_put32(&b, e->mode);
			buf_put(&b, e->oid.id, HIST_RAWSZ);
			buf_put(&b, l2, 2);
			buf_put(&b, e->name, len + 1);
		}
	}
	path = xasprintf("%s/trees.bin", c->dir);
	rc = cachefile_write(path, &b);
	free(path);
	buf_free(&b);
	return rc;
}

void
tcache_free(tcache *c)
{
	if (c == NULL)
		return;
	cachefile_close(&c->cf);
	free(c->trees);
	free(c->entries);
	free(c->slots);
	arena_free(&c->names);
	free(c->dir);
	free(c);
}
