/*
 * cachefile: the one format of every cache file under $GIT_DIR/plan/.
 *
 *   "PLANCACH" (8), the format's version (4: CACHEFILE_FORMAT), the
 *   cache's own version (4), its kind (16, NUL-padded: "events",
 *   "trees"...), its key (20), the payload's length (8), the payload,
 *   then a checksum (8, binio_checksum) of everything before it.
 *   Numbers are little-endian.
 *
 * A file is replaced atomically (written beside it, then renamed). A file
 * that is missing, damaged, of another kind or version, or made for
 * another key is a miss: a cache makes the tools slower or faster, never
 * wrong. The payload is read with one mmap and stays mapped until
 * cachefile_close.
 */
#ifndef PLAN_CACHEFILE_H
#define PLAN_CACHEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum { CACHEFILE_FORMAT = 1, CACHEFILE_KEYSZ = 20, CACHEFILE_HEADER = 60 };

/* What a cache file must be to be used. */
typedef struct cachefile_id {
	const char *kind;          /* at most 16 bytes */
	uint32_t version;          /* the cache's own layout */
	const unsigned char *key;  /* CACHEFILE_KEYSZ bytes; NULL: all zero */
} cachefile_id;

/* An open cache file: its payload, mapped. */
typedef struct cachefile {
	const unsigned char *data;
	size_t len;
	void *map;
	size_t map_len;
} cachefile;

/*
 * Opens path. Returns 0 with the payload in cf, or 1 on a miss (cf then
 * holds an empty payload). Never fails otherwise.
 */
int cachefile_open(cachefile *cf, const char *path, const cachefile_id *id);
void cachefile_close(cachefile *cf);

/* Starts a new file's bytes in b (emptied first): its header. The payload follows. */
void cachefile_begin(buf *b, const cachefile_id *id);
/*
 * Writes b (begun with cachefile_begin, the payload after it) to path,
 * atomically, creating its folder. Returns 0 or -1 with the error set.
 */
int cachefile_write(const char *path, buf *b);

#endif
