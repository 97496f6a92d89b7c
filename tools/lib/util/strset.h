/*
 * A set of byte strings, by hash: adding or looking up one key costs the
 * same however many the set holds, so a check that asks "seen before?" of
 * every item of its input stays linear in it. The set keeps its own copies
 * of the keys; strset_free releases them.
 */
#ifndef PLAN_UTIL_STRSET_H
#define PLAN_UTIL_STRSET_H

#include <stddef.h>

typedef struct strset {
	char **keys;   /* each key after its length and value (size_t), owned */
	size_t n, cap; /* cap: a power of two, or 0 */
} strset;

#define STRSET_INIT {NULL, 0, 0}

/* Adds the key; returns 1 when it is new, 0 when the set held it already. */
int strset_add(strset *s, const void *key, size_t len);
/*
 * Adds the key with a value kept beside it (an index, a line number). When
 * the set held the key already, returns 0 and stores the value it was added
 * with in *had (when not NULL); else returns 1.
 */
int strset_put(strset *s, const void *key, size_t len, size_t value, size_t *had);
/* Adds a NUL-terminated key; the same. */
int strset_add_str(strset *s, const char *key);
int strset_has(const strset *s, const void *key, size_t len);
void strset_free(strset *s);

#endif
