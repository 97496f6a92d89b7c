#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A stored key: its length, its value, then its bytes. */
#define KEY_AT (2 * sizeof(size_t))

/* FNV-1a over the bytes. */
static size_t
hash_bytes(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037u;

	while (n-- > 0)
		h = (h ^ *p++) * 1099511628211u;
	return (size_t)(h ^ (h >> 29));
}

static int
key_equal(const char *stored, const void *key, size_t len)
{
	size_t have;

	memcpy(&have, stored, sizeof(have));
	return have == len && memcmp(stored + KEY_AT, key, len) == 0;
}

static size_t
key_slot(char **keys, size_t cap, const void *key, size_t len, int *found)
{
	size_t i;

	*found = 0;
	for (i = hash_bytes(key, len) & (cap - 1); keys[i] != NULL; i = (i + 1) & (cap - 1))
		if (key_equal(keys[i], key, len)) {
			*found = 1;
			break;
		}
	return i;
}

static void
grow(strset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 16, i;
	char **keys = xcalloc(cap, sizeof(*keys));

	for (i = 0; i < s->cap; i++)
		if (s->keys[i] != NULL) {
			size_t len;
			int found;

			memcpy(&len, s->keys[i], sizeof(len));
			keys[key_slot(keys, cap, s->keys[i] + KEY_AT, len, &found)] = s->keys[i];
		}
	free(s->keys);
	s->keys = keys;
	s->cap = cap;
}

int
strset_has(const strset *s, const void *key, size_t len)
{
	int found;

	if (s->cap == 0)
		return 0;
	key_slot(s->keys, s->cap, key, len, &found);
	return found;
}

int
strset_put(strset *s, const void *key, size_t len, size_t value, size_t *had)
{
	size_t i;
	int found;
	char *k;

	if ((s->n + 1) * 2 > s->cap)
		grow(s);
	i = key_slot(s->keys, s->cap, key, len, &found);
	if (found) {
		if (had != NULL)
			memcpy(had, s->keys[i] + sizeof(size_t), sizeof(*had));
		return 0;
	}
	k = xmalloc(KEY_AT + len);
	memcpy(k, &len, sizeof(len));
	memcpy(k + sizeof(size_t), &value, sizeof(value));
	memcpy(k + KEY_AT, key, len);
	s->keys[i] = k;
	s->n++;
	return 1;
}

int
strset_add(strset *s, const void *key, size_t len)
{
	return strset_put(s, key, len, 0, NULL);
}

int
strset_add_str(strset *s, const char *key)
{
	return strset_add(s, key, strlen(key));
}

void
strset_free(strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	s->keys = NULL;
	s->n = s->cap = 0;
}
