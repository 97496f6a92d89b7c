/*
 * A bump allocator: many small allocations, freed all at once.
 * A parsed file's nodes and strings live in its arena and die with it.
 */
#ifndef PLAN_UTIL_ARENA_H
#define PLAN_UTIL_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
	arena_chunk *head;
	size_t used; /* bytes handed out, for limits and statistics */
} arena;

#define ARENA_INIT {NULL, 0}

/* Memory aligned for any type, zero-filled. */
void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
void arena_free(arena *a);

#endif
