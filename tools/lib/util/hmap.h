/*
 * The one hash map of the library: keys that are byte strings (or
 * pointers, compared as pointers: the *_p functions; a map holds one kind
 * only) to a value that is a pointer or an index. Adding or finding a key
 * costs the same however many the map holds (open addressing, at most
 * three quarters full).
 *
 * A map made with HMAP_INIT borrows its keys: they must live as long as
 * the map. One made with HMAP_INIT_COPY keeps copies of them (in an arena
 * of its own). hmap_free releases what the map holds, never the values.
 */
#ifndef PLAN_UTIL_HMAP_H
#define PLAN_UTIL_HMAP_H

#include <stddef.h>

#include "util/arena.h"

typedef struct hmap_entry {
	const void *key; /* NULL: an empty slot */
	size_t len;	 /* HMAP_PTR for a pointer key */
	size_t hash;
	union {
		void *ptr;
		size_t idx;
	};
} hmap_entry;

typedef struct hmap {
	hmap_entry *e;
	size_t cap, n; /* cap: a power of two, or 0 */
	int copy;      /* keys are copied into keys */
	arena keys;
} hmap;

#define HMAP_INIT {NULL, 0, 0, 0, ARENA_INIT}
#define HMAP_INIT_COPY {NULL, 0, 0, 1, ARENA_INIT}
#define HMAP_PTR ((size_t)-1)

/* The key's entry, or NULL when the map does not hold it. */
hmap_entry *hmap_find(const hmap *m, const void *key, size_t len);
/*
 * The key's entry, added (with a zero value) when the map does not hold
 * it; *added (when not NULL) says which. The entry stays valid until the
 * next key is added.
 */
hmap_entry *hmap_insert(hmap *m, const void *key, size_t len, int *added);
/* The key's pointer value, or NULL; and setting it. */
void *hmap_get(const hmap *m, const void *key, size_t len);
void hmap_put(hmap *m, const void *key, size_t len, void *val);
/* The same for a pointer key. */
void *hmap_get_p(const hmap *m, const void *key);
void hmap_put_p(hmap *m, const void *key, void *val);
void hmap_free(hmap *m);

#endif
