#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct arena_chunk {
	arena_chunk *next;
	size_t size;
	size_t off;
	alignas(max_align_t) unsigned char data[];
};

/*
 * Chunks start small, since a parsed record needs only a few KiB and a
 * ledger may hold hundreds of thousands of them, and double up to a cap.
 */
enum { ARENA_FIRST = 2048, ARENA_MAX = 64 * 1024 };

void *
arena_alloc(arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	arena_chunk *c = a->head;
	void *p;

	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	if (c == NULL || c->size - c->off < size) {
		size_t chunk = c == NULL ? ARENA_FIRST : c->size < ARENA_MAX ? c->size * 2 : ARENA_MAX;
		size_t want = size > chunk / 4 ? size : chunk;

		c = xmalloc(sizeof(*c) + want);
		c->size = want;
		c->off = 0;
		if (want == size && a->head != NULL) {
			/* A big block goes behind the current chunk, which keeps its room. */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->off;
	c->off += size;
	a->used += size;
	memset(p, 0, size);
	return p;
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(arena *a)
{
	arena_chunk *c = a->head;

	while (c != NULL) {
		arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}
