/*
 * The cache files' one format (cachefile.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "util/cachefile.h"

#include <stdlib.h>
#include <string.h>

#include "util/binio.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#define MAGIC "PLANCACH"
enum { KIND_LEN = 16, OFF_LEN = 8 + 4 + 4 + KIND_LEN + CACHEFILE_KEYSZ };

static void
header(unsigned char *h, const cachefile_id *id)
{
	size_t k = strlen(id->kind);
	int i;

	memset(h, 0, CACHEFILE_HEADER);
	memcpy(h, MAGIC, 8);
	for (i = 0; i < 4; i++) {
		h[8 + i] = (unsigned char)((unsigned)CACHEFILE_FORMAT >> (8 * i));
		h[12 + i] = (unsigned char)(id->version >> (8 * i));
	}
	memcpy(h + 16, id->kind, k < KIND_LEN ? k : KIND_LEN);
	if (id->key != NULL)
		memcpy(h + 16 + KIND_LEN, id->key, CACHEFILE_KEYSZ);
}

int
cachefile_open(cachefile *cf, const char *path, const cachefile_id *id)
{
	unsigned char want[CACHEFILE_HEADER];
	const unsigned char *m;
	size_t n, size;
	uint64_t len;

	memset(cf, 0, sizeof(*cf));
	cf->data = (const unsigned char *)"";
	if (fsutil_map(path, CACHEFILE_HEADER + 8, &m, &size) != 0)
		return 1;
	header(want, id);
	len = binio_rd64(m + OFF_LEN);
	if (memcmp(m, want, OFF_LEN) != 0 || len != (uint64_t)size - CACHEFILE_HEADER - 8 ||
	    !fsutil_cache_intact(m, size, &n)) {
		fsutil_unmap(m, size);
		return 1;
	}
	cf->map = (void *)m;
	cf->map_len = size;
	cf->data = m + CACHEFILE_HEADER;
	cf->len = (size_t)len;
	return 0;
}

void
cachefile_close(cachefile *cf)
{
	fsutil_unmap(cf->map, cf->map_len);
	memset(cf, 0, sizeof(*cf));
	cf->data = (const unsigned char *)"";
}

void
cachefile_begin(buf *b, const cachefile_id *id)
{
	unsigned char h[CACHEFILE_HEADER];

	header(h, id);
	buf_reset(b);
	buf_put(b, h, sizeof(h));
}

int
cachefile_write(const char *path, buf *b)
{
	uint64_t len;
	char *dir, *slash;
	int i, rc;

	if (b->len < CACHEFILE_HEADER)
		return error_set("%s: no header to write", path);
	len = b->len - CACHEFILE_HEADER;
	for (i = 0; i < 8; i++)
		b->ptr[OFF_LEN + i] = (char)(unsigned char)(len >> (8 * i));
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	rc = 0;
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		rc = fsutil_mkdirs(dir);
	}
	free(dir);
	return rc != 0 ? -1 : fsutil_write_cache(path, b->ptr, b->len);
}
