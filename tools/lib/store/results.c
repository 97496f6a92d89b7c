/*
 * Kept results (results.h). The payload of <name>.bin: entries, newest
 * first, of a key (20), a length (4) and the bytes.
 */
#include "store/results.h"

#include <stdlib.h>
#include <string.h>

#include "util/binio.h"
#include "util/cachefile.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static char *
results_path(const char *cache_dir, const char *name)
{
	return xasprintf("%s/%s.bin", cache_dir, name);
}

int
results_key(const char *text, hist_oid *key)
{
	buf k = BUF_INIT;
	int rc;

	buf_printf(&k, "plan %s results 1, %s\n%s", PLAN_VERSION, i18n_language(), text);
	rc = history_hash_blob(k.ptr, k.len, key);
	buf_free(&k);
	return rc;
}

/* The next entry; 0 at the end or on damage. */
static int
next(binio_reader *r, hist_oid *key, const unsigned char **data, uint32_t *len)
{
	if (r->bad || r->p >= r->end)
		return 0;
	binio_get_bytes(r, key->id, HIST_RAWSZ);
	*len = binio_get32(r);
	if (r->bad || (size_t)(r->end - r->p) < *len)
		return 0;
	*data = r->p;
	r->p += *len;
	return 1;
}

int
results_get(const char *cache_dir, const char *name, const hist_oid *want, buf *out)
{
	cachefile_id id = {name, 1, NULL};
	cachefile file;
	binio_reader r;
	char *path;
	hist_oid k;
	uint32_t len;
	const unsigned char *data;
	int found = 0;

	buf_reset(out);
	if (cache_dir == NULL)
		return 0;
	path = results_path(cache_dir, name);
	if (cachefile_open(&file, path, &id) != 0) {
		free(path);
		return 0;
	}
	free(path);
	binio_reader_init(&r, file.data, file.len);
	while (!found && next(&r, &k, &data, &len))
		if (hist_oid_equal(&k, want)) {
			buf_put(out, data, len);
			found = 1;
		}
	cachefile_close(&file);
	return found;
}

int
results_put(const char *cache_dir, const char *name, const hist_oid *key, const void *data,
	    size_t len)
{
	cachefile_id id = {name, 1, NULL};
	cachefile file;
	binio_reader r;
	buf b = BUF_INIT;
	char *path = results_path(cache_dir, name);
	size_t kept = 1;
	int rc;

	cachefile_begin(&b, &id);
	buf_put(&b, key->id, HIST_RAWSZ);
	binio_put32(&b, (uint32_t)len);
	buf_put(&b, data, len);
	if (cachefile_open(&file, path, &id) == 0) {
		hist_oid k;
		uint32_t n;
		const unsigned char *d;

		binio_reader_init(&r, file.data, file.len);
		while (kept < RESULTS_KEEP && next(&r, &k, &d, &n))
			if (!hist_oid_equal(&k, key)) {
				buf_put(&b, k.id, HIST_RAWSZ);
				binio_put32(&b, n);
				buf_put(&b, d, n);
				kept++;
			}
		cachefile_close(&file);
	}
	rc = cachefile_write(path, &b);
	free(path);
	buf_free(&b);
	return rc;
}
