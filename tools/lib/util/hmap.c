#include "util/hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* FNV-1a over the bytes, its high bits folded in: short keys, no adversary that can pick them. */
static size_t
hash_bytes(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 14695981039346656037u;

	while (len-- > 0)
		h = (h ^ *p++) * 1099511628211u;
	return (size_t)(h ^ (h >> 29));
}

static size_t
hash_ptr(const void *key)
{
	uint64_t h = (uint64_t)(uintptr_t)key;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

static size_t
hash_of(const void *key, size_t len)
{
	return len == HMAP_PTR ? hash_ptr(key) : hash_bytes(key, len);
}

/* The slot of a key, or the empty slot where it would go. */
static hmap_entry *
slot(const hmap *m, const void *key, size_t len, size_t hash)
{
	size_t i;

	for (i = hash & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		hmap_entry *e = &m->e[i];

		if (e->key == NULL)
			return e;
		if (e->hash == hash && e->len == len &&
		    (len == HMAP_PTR ? e->key == key : memcmp(e->key, key, len) == 0))
			return e;
	}
}

static void
grow(hmap *m)
{
	hmap_entry *old = m->e;
	size_t cap = m->cap, i;

	m->cap = cap ? cap * 2 : 16;
	m->e = xcalloc(m->cap, sizeof(*m->e));
	for (i = 0; i < cap; i++)
		if (old[i].key != NULL)
			*slot(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

hmap_entry *
hmap_find(const hmap *m, const void *key, size_t len)
{
	hmap_entry *e;

	if (m->cap == 0)
		return NULL;
	e = slot(m, key, len, hash_of(key, len));
	return e->key != NULL ? e : NULL;
}

hmap_entry *
hmap_insert(hmap *m, const void *key, size_t len, int *added)
{
	size_t hash = hash_of(key, len);
	hmap_entry *e;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	e = slot(m, key, len, hash);
	if (added != NULL)
		*added = e->key == NULL;
	if (e->key != NULL)
		return e;
	if (m->copy && len != HMAP_PTR) {
		void *k = arena_alloc(&m->keys, len + 1);

		/* A non-NULL key even for the empty string. */
		key = len > 0 ? memcpy(k, key, len) : k;
	}
	e->key = key;
	e->len = len;
	e->hash = hash;
	m->n++;
	return e;
}

void *
hmap_get(const hmap *m, const void *key, size_t len)
{
	hmap_entry *e = hmap_find(m, key, len);

	return e != NULL ? e->ptr : NULL;
}

void
hmap_put(hmap *m, const void *key, size_t len, void *val)
{
	hmap_insert(m, key, len, NULL)->ptr = val;
}

void *
hmap_get_p(const hmap *m, const void *key)
{
	return hmap_get(m, key, HMAP_PTR);
}

void
hmap_put_p(hmap *m, const void *key, void *val)
{
	hmap_put(m, key, HMAP_PTR, val);
}

void
hmap_free(hmap *m)
{
	free(m->e);
	arena_free(&m->keys);
	m->e = NULL;
	m->cap = m->n = 0;
}
