/*
 * Ledger snapshots (snapshot.h). Each is a cache file (cachefile.h) of
 * kind "snapshot", $GIT_DIR/plan/snap-<tree id>.bin (the index's:
 * snap-index.bin), whose key hashes the tree id, the tool's version and the
 * language. Its payload:
 *
 *   the schemas' key (20), the count of files (4), where the paths end (4);
 *   per file, in path order (40 bytes): the path's offset (4), the blob id
 *   (20), the mode (4), flags (4: 1 has a blob id, 2 has an entry, the
 *   stage in bits 8-15), the entry's offset and length (4 + 4);
 *   the paths, each ending in NUL; the entries (rcache_entry_encode).
 *
 * Offsets count from the payload's start; numbers are little-endian.
 */
#define _POSIX_C_SOURCE 200809L
#include "store/snapshot.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/rcache.h"
#include "util/binio.h"
#include "util/buf.h"
#include "util/cachefile.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum {
	HEAD_LEN = HIST_RAWSZ + 4 + 4,
	ENTRY_LEN = 4 + HIST_RAWSZ + 4 + 4 + 4 + 4,
	F_OID = 1,
	F_DATA = 2
};

#define PREFIX "snap-"
#define SUFFIX ".bin"
#define INDEX_NAME "index"

struct snapshot {
	cachefile cf;
	hist_oid schemas;
	size_t n;
	const unsigned char *ents;
	size_t str_lo, str_hi;
	size_t cursor;
};

struct snapshot_writer {
	hist_oid schemas;
	buf ents, strs, data;
	size_t n;
};

/* The key of tree's snapshot (NULL: the index's). */
static int
snapshot_key(const hist_oid *tree, hist_oid *key)
{
	buf k = BUF_INIT;
	char hex[HIST_HEXSZ + 1];
	int rc;

	buf_printf(&k, "plan %s snapshot 1, %s\n%s\n", PLAN_VERSION, i18n_language(),
		   tree != NULL ? hist_oid_fmt(tree, hex) : INDEX_NAME);
	rc = history_hash_blob(k.ptr, k.len, key);
	buf_free(&k);
	return rc;
}

static char *
snapshot_path(const char *cache_dir, const hist_oid *tree)
{
	char hex[HIST_HEXSZ + 1];

	return xasprintf("%s/" PREFIX "%s" SUFFIX, cache_dir,
			 tree != NULL ? hist_oid_fmt(tree, hex) : INDEX_NAME);
}

static const char *
entry_path(const snapshot *s, const unsigned char *e)
{
	size_t off = binio_rd32(e);

	return off >= s->str_lo && off < s->str_hi ? (const char *)s->cf.data + off : NULL;
}

snapshot *
snapshot_open(const char *cache_dir, const hist_oid *tree)
{
	snapshot *s;
	cachefile_id id = {"snapshot", 1, NULL};
	hist_oid key;
	char *path;
	int miss;

	if (cache_dir == NULL || snapshot_key(tree, &key) != 0)
		return NULL;
	id.key = key.id;
	s = xcalloc(1, sizeof(*s));
	path = snapshot_path(cache_dir, tree);
	miss = cachefile_open(&s->cf, path, &id);
	free(path);
	if (miss || s->cf.len < HEAD_LEN)
		goto miss;
	memcpy(s->schemas.id, s->cf.data, HIST_RAWSZ);
	s->n = binio_rd32(s->cf.data + HIST_RAWSZ);
	s->str_hi = binio_rd32(s->cf.data + HIST_RAWSZ + 4);
	if (s->n > (s->cf.len - HEAD_LEN) / ENTRY_LEN)
		goto miss;
	s->ents = s->cf.data + HEAD_LEN;
	s->str_lo = HEAD_LEN + s->n * ENTRY_LEN;
	/* Every path ends in a NUL before the paths' end. */
	if (s->str_hi < s->str_lo || s->str_hi > s->cf.len ||
	    (s->str_hi > s->str_lo && s->cf.data[s->str_hi - 1] != '\0'))
		goto miss;
	return s;
miss:
	snapshot_free(s);
	return NULL;
}

snapshot *
snapshot_open_newest(const char *cache_dir)
{
	DIR *d;
	struct dirent *de;
	char *best = NULL;
	struct timespec best_t = {0, 0};
	snapshot *s = NULL;

	if (cache_dir == NULL || (d = opendir(cache_dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *full;
		struct stat st;

		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) != 0 || len <= strlen(PREFIX SUFFIX) ||
		    strcmp(de->d_name + len - strlen(SUFFIX), SUFFIX) != 0)
			continue;
		full = xasprintf("%s/%s", cache_dir, de->d_name);
		if (stat(full, &st) == 0 &&
		    (best == NULL || st.st_mtim.tv_sec > best_t.tv_sec ||
		     (st.st_mtim.tv_sec == best_t.tv_sec && st.st_mtim.tv_nsec > best_t.tv_nsec))) {
			free(best);
			best = xstrndup(de->d_name + strlen(PREFIX),
					len - strlen(PREFIX) - strlen(SUFFIX));
			best_t = st.st_mtim;
		}
		free(full);
	}
	closedir(d);
	if (best != NULL) {
		hist_oid tree;

		if (strcmp(best, INDEX_NAME) == 0)
			s = snapshot_open(cache_dir, NULL);
		else if (strlen(best) == HIST_HEXSZ && hist_oid_parse(&tree, best) == 0)
			s = snapshot_open(cache_dir, &tree);
		free(best);
	}
	return s;
}

void
snapshot_free(snapshot *s)
{
	if (s == NULL)
		return;
	cachefile_close(&s->cf);
	free(s);
}

int
snapshot_schemas_are(const snapshot *s, const hist_oid *schemas_key)
{
	return hist_oid_equal(&s->schemas, schemas_key);
}

source *
snapshot_source(snapshot *s, history *h, const hist_oid *tree)
{
	source *src = xcalloc(1, sizeof(*src));
	char hex[HIST_HEXSZ + 1];
	size_t i;

	src->kind = SOURCE_TREE;
	src->hist = h;
	src->uri_base = xasprintf("git:///%s/", hist_oid_fmt(tree, hex));
	src->files = xcalloc(s->n ? s->n : 1, sizeof(*src->files));
	for (i = 0; i < s->n; i++) {
		const unsigned char *e = s->ents + i * ENTRY_LEN;
		source_file *f = &src->files[i];
		uint32_t flags = binio_rd32(e + 4 + HIST_RAWSZ + 4);

		if ((f->path = entry_path(s, e)) == NULL) {
			source_free(src);
			return NULL;
		}
		memcpy(f->oid.id, e + 4, HIST_RAWSZ);
		f->has_oid = (flags & F_OID) != 0;
		f->mode = binio_rd32(e + 4 + HIST_RAWSZ);
		f->stage = (int)(flags >> 8 & 0xff);
	}
	src->nfiles = s->n;
	return src;
}

/* The entry at path, or NULL: the one after the last found first, else by halving. */
static const unsigned char *
find(snapshot *s, const char *path)
{
	size_t lo = 0, hi = s->n;

	if (s->cursor < s->n) {
		const char *p = entry_path(s, s->ents + s->cursor * ENTRY_LEN);

		if (p != NULL && strcmp(p, path) == 0)
			return s->ents + s->cursor++ * ENTRY_LEN;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = entry_path(s, s->ents + mid * ENTRY_LEN);
		int cmp;

		if (p == NULL)
			return NULL;
		cmp = strcmp(p, path);
		if (cmp == 0) {
			s->cursor = mid + 1;
			return s->ents + mid * ENTRY_LEN;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
snapshot_get(snapshot *s, const char *path, const hist_oid *oid, ledger *l, diag_list *out,
	     int *valid, const unsigned char **raw, size_t *rawlen)
{
	const unsigned char *e = find(s, path);
	uint32_t flags;
	size_t off, len;

	if (e == NULL || memcmp(e + 4, oid->id, HIST_RAWSZ) != 0)
		return 0;
	flags = binio_rd32(e + 4 + HIST_RAWSZ + 4);
	off = binio_rd32(e + 4 + HIST_RAWSZ + 8);
	len = binio_rd32(e + 4 + HIST_RAWSZ + 12);
	if (!(flags & F_DATA) || !(flags & F_OID) || off < s->str_hi || off > s->cf.len ||
	    len > s->cf.len - off)
		return 0;
	/* The event borrows its path from the snapshot, as its other strings. */
	if (!rcache_entry_decode(s->cf.data + off, len, oid, entry_path(s, e), 1, l, out, valid))
		return 0;
	*raw = s->cf.data + off;
	*rawlen = len;
	return 1;
}

snapshot_writer *
snapshot_writer_new(const hist_oid *schemas_key)
{
	snapshot_writer *w = xcalloc(1, sizeof(*w));

	w->schemas = *schemas_key;
	return w;
}

void
snapshot_writer_add(snapshot_writer *w, const source_file *f, const void *data, size_t len)
{
	uint32_t flags = (f->has_oid ? F_OID : 0) | (data != NULL ? F_DATA : 0) |
			 (uint32_t)(f->stage & 0xff) << 8;

	binio_put32(&w->ents, (uint32_t)w->strs.len);
	buf_put(&w->ents, f->oid.id, HIST_RAWSZ);
	binio_put32(&w->ents, f->mode);
	binio_put32(&w->ents, flags);
	binio_put32(&w->ents, (uint32_t)w->data.len);
	binio_put32(&w->ents, (uint32_t)len);
	buf_put(&w->strs, f->path, strlen(f->path) + 1);
	if (data != NULL)
		buf_put(&w->data, data, len);
	w->n++;
}

void
snapshot_writer_free(snapshot_writer *w)
{
	if (w == NULL)
		return;
	buf_free(&w->ents);
	buf_free(&w->strs);
	buf_free(&w->data);
	free(w);
}

typedef struct kept {
	char *path;
	struct timespec t;
} kept;

static int
cmp_kept(const void *pa, const void *pb)
{
	const kept *a = pa, *b = pb;

	if (a->t.tv_sec != b->t.tv_sec)
		return a->t.tv_sec > b->t.tv_sec ? -1 : 1;
	if (a->t.tv_nsec != b->t.tv_nsec)
		return a->t.tv_nsec > b->t.tv_nsec ? -1 : 1;
	return 0;
}

/* Removes the trees' snapshots beyond the SNAPSHOT_KEEP newest. */
static void
prune(const char *cache_dir)
{
	DIR *d = opendir(cache_dir);
	struct dirent *de;
	kept *v = NULL;
	size_t n = 0, cap = 0, i;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct stat st;
		char *full;

		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) != 0 ||
		    len != strlen(PREFIX SUFFIX) + HIST_HEXSZ ||
		    strcmp(de->d_name + len - strlen(SUFFIX), SUFFIX) != 0)
			continue;
		full = xasprintf("%s/%s", cache_dir, de->d_name);
		if (stat(full, &st) != 0) {
			free(full);
			continue;
		}
		v = xgrow(v, &cap, n + 1, sizeof(*v));
		v[n].path = full;
		v[n++].t = st.st_mtim;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_kept);
	for (i = 0; i < n; i++) {
		if (i >= SNAPSHOT_KEEP)
			unlink(v[i].path);
		free(v[i].path);
	}
	free(v);
}

int
snapshot_writer_save(snapshot_writer *w, const char *cache_dir, const hist_oid *tree)
{
	cachefile_id id = {"snapshot", 1, NULL};
	hist_oid key;
	buf b = BUF_INIT;
	size_t strs_at = HEAD_LEN + w->n * ENTRY_LEN, data_at = strs_at + w->strs.len, i;
	char *path;
	int rc;

	if (data_at + w->data.len > 0xffffffffu) {
		snapshot_writer_free(w);
		return error_set("the ledger is too large for a snapshot");
	}
	if (snapshot_key(tree, &key) != 0) {
		snapshot_writer_free(w);
		return -1;
	}
	id.key = key.id;
	/* The offsets were counted from the paths' and the entries' starts. */
	for (i = 0; i < w->n; i++) {
		unsigned char *e = (unsigned char *)w->ents.ptr + i * ENTRY_LEN;
		unsigned char tmp[4];
		size_t k;
		uint32_t v[2];

		v[0] = binio_rd32(e) + (uint32_t)strs_at;
		v[1] = binio_rd32(e + 4 + HIST_RAWSZ + 8) + (uint32_t)data_at;
		for (k = 0; k < 4; k++)
			tmp[k] = (unsigned char)(v[0] >> (8 * k));
		memcpy(e, tmp, 4);
		for (k = 0; k < 4; k++)
			tmp[k] = (unsigned char)(v[1] >> (8 * k));
		memcpy(e + 4 + HIST_RAWSZ + 8, tmp, 4);
	}
	cachefile_begin(&b, &id);
	buf_put(&b, w->schemas.id, HIST_RAWSZ);
	binio_put32(&b, (uint32_t)w->n);
	binio_put32(&b, (uint32_t)data_at);
	buf_put(&b, w->ents.ptr, w->ents.len);
	buf_put(&b, w->strs.ptr, w->strs.len);
	buf_put(&b, w->data.ptr, w->data.len);
	snapshot_writer_free(w);
	path = snapshot_path(cache_dir, tree);
	rc = cachefile_write(path, &b);
	free(path);
	buf_free(&b);
	if (rc == 0 && tree != NULL)
		prune(cache_dir);
	return rc;
}
