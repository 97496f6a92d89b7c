/*
 * The record cache's files, in $GIT_DIR/plan/, each a cache file
 * (cachefile.h) whose payload is:
 *
 *   events.bin   (kind "events", key: the schemas') count (4), then count
 *                index entries (blob id 20, offset 4 from the payload's
 *                start, length 4) sorted by blob id, then the entries' bytes;
 *   events.new   (kind "journal", key: the schemas') entries (blob id 20,
 *                length 4, bytes), the journal of what came since;
 *   worktree.bin (kind "worktree") written-at (8), count (4), then entries
 *                sorted by path (path length 2, path and its NUL, mtime 8+4,
 *                ctime 8+4, size 8, inode 8, blob id 20).
 *
 * An entry's bytes: the serialized event's length (0xffffffff: no record)
 * and bytes, whether it was valid (4), the number of findings (4), and per
 * finding line, column, severity (4 each) and rule, message, pointer and
 * schema location as strings. Numbers are little-endian.
 */
#define _POSIX_C_SOURCE 200809L
#include "store/rcache.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/binio.h"
#include "util/buf.h"
#include "util/cachefile.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

enum {
	INDEX_ENTRY = HIST_RAWSZ + 8,
	STAT_FIXED = 12 + 12 + 8 + 8 + HIST_RAWSZ /* a stat entry after its path */
};

typedef struct jentry {
	hist_oid oid;
	unsigned char *data; /* owned */
	size_t len;
	int fresh; /* made in this run */
} jentry;

typedef struct sentry {
	const char *path; /* owned by snew, or pointing into the loaded file */
	rcache_stat st;
	hist_oid oid;
	int seen;
	int loaded; /* from the file, as opposed to made in this run */
} sentry;

struct rcache {
	char *dir;
	hist_oid key;
	/* events.bin, mapped: its payload */
	cachefile main_cf;
	const unsigned char *main;
	size_t main_len, main_count;
	/* the journal and this run's new entries */
	jentry *j;
	size_t nj, jcap, nfresh;
	size_t *jslots;
	size_t njslots;
	/* the stat store */
	cachefile stat_cf;
	const unsigned char *stat_file;
	size_t stat_len;
	int64_t stat_written;
	sentry *s;
	size_t ns, scap;
	sentry *snew;
	size_t nsnew, snewcap;
	int stat_dirty;
	int stat_used; /* this run looked at the work tree */
};

static void
jslot_insert(rcache *c, size_t idx)
{
	size_t i;

	for (i = binio_hash_bytes(c->j[idx].oid.id, 8) & (c->njslots - 1); c->jslots[i] != 0;
	     i = (i + 1) & (c->njslots - 1))
		;
	c->jslots[i] = idx + 1;
}

static void
journal_add(rcache *c, const hist_oid *oid, unsigned char *data, size_t len, int fresh)
{
	size_t i;

	c->j = xgrow(c->j, &c->jcap, c->nj + 1, sizeof(*c->j));
	c->j[c->nj].oid = *oid;
	c->j[c->nj].data = data;
	c->j[c->nj].len = len;
	c->j[c->nj].fresh = fresh;
	c->nj++;
	if (fresh)
		c->nfresh++;
	if (c->nj * 2 > c->njslots) {
		free(c->jslots);
		c->njslots = c->njslots ? c->njslots * 2 : 1024;
		c->jslots = xcalloc(c->njslots, sizeof(*c->jslots));
		for (i = 0; i < c->nj; i++)
			jslot_insert(c, i);
	} else {
		jslot_insert(c, c->nj - 1);
	}
}

static const jentry *
journal_find(const rcache *c, const hist_oid *oid)
{
	size_t i;

	if (c->njslots == 0)
		return NULL;
	for (i = binio_hash_bytes(oid->id, 8) & (c->njslots - 1); c->jslots[i] != 0;
	     i = (i + 1) & (c->njslots - 1))
		if (hist_oid_equal(&c->j[c->jslots[i] - 1].oid, oid))
			return &c->j[c->jslots[i] - 1];
	return NULL;
}

static void
file_id(const rcache *c, cachefile_id *id, const char *kind)
{
	id->kind = kind;
	id->version = 1;
	id->key = strcmp(kind, "worktree") == 0 ? NULL : c->key.id;
}

static void
load_main(rcache *c)
{
	char *path = xasprintf("%s/events.bin", c->dir);
	cachefile_id id;
	int miss;

	file_id(c, &id, "events");
	miss = cachefile_open(&c->main_cf, path, &id);
	free(path);
	if (miss)
		return;
	c->main = c->main_cf.data;
	c->main_len = c->main_cf.len;
	c->main_count = c->main_len >= 4 ? binio_rd32(c->main) : 0;
	if (c->main_len < 4 || c->main_count > (c->main_len - 4) / INDEX_ENTRY) {
		cachefile_close(&c->main_cf);
		c->main = NULL;
		c->main_len = c->main_count = 0;
	}
}

static void
load_journal(rcache *c)
{
	char *path = xasprintf("%s/events.new", c->dir);
	cachefile cf;
	cachefile_id id;
	size_t len, off;
	const unsigned char *d;
	int miss;

	file_id(c, &id, "journal");
	miss = cachefile_open(&cf, path, &id);
	free(path);
	if (miss)
		return;
	d = cf.data;
	len = cf.len;
	for (off = 0; off + HIST_RAWSZ + 4 <= len;) {
		hist_oid oid;
		size_t n = binio_rd32(d + off + HIST_RAWSZ);

		if (n > len - off - HIST_RAWSZ - 4)
			break;
		memcpy(oid.id, d + off, HIST_RAWSZ);
		journal_add(c, &oid, (unsigned char *)xstrndup((const char *)d + off + HIST_RAWSZ + 4, n),
			    n, 0);
		off += HIST_RAWSZ + 4 + n;
	}
	cachefile_close(&cf);
}

/* By path; of two entries for one path, this run's comes first. */
static int
cmp_sentry(const void *pa, const void *pb)
{
	const sentry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	return c != 0 ? c : a->loaded - b->loaded;
}

static void
load_stat(rcache *c)
{
	char *path = xasprintf("%s/worktree.bin", c->dir);
	cachefile_id id;
	size_t off, count, i;
	int miss;

	file_id(c, &id, "worktree");
	miss = cachefile_open(&c->stat_cf, path, &id);
	free(path);
	if (miss || c->stat_cf.len < 12)
		return;
	c->stat_file = c->stat_cf.data;
	c->stat_len = c->stat_cf.len;
	c->stat_written = (int64_t)binio_rd64(c->stat_file);
	count = binio_rd32(c->stat_file + 8);
	off = 12;
	for (i = 0; i < count; i++) {
		size_t plen;
		sentry *e;

		if (off + 2 > c->stat_len)
			break;
		plen = (size_t)c->stat_file[off] | (size_t)c->stat_file[off + 1] << 8;
		if (off + 2 + plen + 1 + STAT_FIXED > c->stat_len)
			break;
		c->s = xgrow(c->s, &c->scap, c->ns + 1, sizeof(*c->s));
		e = &c->s[c->ns++];
		/* The path is stored with its NUL, so it can be used in place. */
		e->path = (const char *)c->stat_file + off + 2;
		off += 2 + plen + 1;
		e->st.mtime_s = (int64_t)binio_rd64(c->stat_file + off);
		e->st.mtime_ns = (int32_t)binio_rd32(c->stat_file + off + 8);
		e->st.ctime_s = (int64_t)binio_rd64(c->stat_file + off + 12);
		e->st.ctime_ns = (int32_t)binio_rd32(c->stat_file + off + 20);
		e->st.size = binio_rd64(c->stat_file + off + 24);
		e->st.ino = binio_rd64(c->stat_file + off + 32);
		memcpy(e->oid.id, c->stat_file + off + 40, HIST_RAWSZ);
		e->seen = 0;
		e->loaded = 1;
		off += STAT_FIXED;
	}
}

rcache *
rcache_open(const char *dir, const hist_oid *schemas_key)
{
	rcache *c = xcalloc(1, sizeof(*c));

	c->dir = xstrdup(dir);
	c->key = *schemas_key;
	load_main(c);
	load_journal(c);
	load_stat(c);
	return c;
}

void
rcache_free(rcache *c)
{
	size_t i;

	if (c == NULL)
		return;
	cachefile_close(&c->main_cf);
	for (i = 0; i < c->nj; i++)
		free(c->j[i].data);
	free(c->j);
	free(c->jslots);
	for (i = 0; i < c->nsnew; i++)
		free((char *)c->snew[i].path);
	free(c->snew);
	free(c->s);
	cachefile_close(&c->stat_cf);
	free(c->dir);
	free(c);
}

/*
 * Where an object id would be among n sorted ones. Object ids are uniformly
 * spread, so its first four bytes say roughly where: start there and widen
 * the range until it brackets the id, then halve it (a few comparisons near
 * one another instead of some eighteen across the whole index).
 */
static size_t
oid_bracket(const unsigned char *index, size_t n, const unsigned char *id, size_t *hi_out)
{
	uint64_t top = (uint64_t)id[0] << 24 | (uint64_t)id[1] << 16 | (uint64_t)id[2] << 8 | id[3];
	size_t g = (size_t)((top * n) >> 32), lo = 0, hi = n, step;

	if (n == 0) {
		*hi_out = 0;
		return 0;
	}
	if (memcmp(index + g * INDEX_ENTRY, id, HIST_RAWSZ) < 0) {
		lo = g + 1;
		for (step = 4; g + step < n; step *= 2) {
			if (memcmp(index + (g + step) * INDEX_ENTRY, id, HIST_RAWSZ) >= 0) {
				hi = g + step + 1;
				break;
			}
			lo = g + step + 1;
		}
	} else {
		hi = g + 1;
		for (step = 4; step <= g; step *= 2) {
			if (memcmp(index + (g - step) * INDEX_ENTRY, id, HIST_RAWSZ) <= 0) {
				lo = g - step;
				break;
			}
			hi = g - step;
		}
	}
	*hi_out = hi;
	return lo;
}

/* The bytes of a cached entry, from the journal or the main file. */
static int
find_entry(const rcache *c, const hist_oid *oid, const unsigned char **data, size_t *len)
{
	const jentry *j = journal_find(c, oid);
	const unsigned char *index = c->main + 4;
	size_t hi, lo;

	if (j != NULL) {
		*data = j->data;
		*len = j->len;
		return 1;
	}
	lo = oid_bracket(index, c->main_count, oid->id, &hi);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = index + mid * INDEX_ENTRY;
		int cmp = memcmp(e, oid->id, HIST_RAWSZ);

		if (cmp == 0) {
			size_t off = binio_rd32(e + HIST_RAWSZ), n = binio_rd32(e + HIST_RAWSZ + 4);

			if (off > c->main_len || n > c->main_len - off)
				return 0;
			*data = c->main + off;
			*len = n;
			return 1;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
rcache_entry_decode(const unsigned char *data, size_t len, const hist_oid *oid, const char *path,
		    int lend_path, ledger *l, diag_list *out, int *valid)
{
	size_t first = out->n, before = l->nevents;
	binio_reader k;
	uint32_t rec_len, n, i;

	binio_reader_init(&k, data, len);
	rec_len = binio_get32(&k);
	if (rec_len != BINIO_NONE) {
		if ((size_t)(k.end - k.p) < rec_len ||
		    (lend_path ? ledger_add_serialized_lent(l, path, oid, k.p, rec_len)
			       : ledger_add_serialized(l, path, oid, k.p, rec_len)) != 0)
			goto damaged;
		k.p += rec_len;
	}
	*valid = (int)binio_get32(&k);
	n = binio_get32(&k);
	for (i = 0; i < n && !k.bad; i++) {
		unsigned line = binio_get32(&k), col = binio_get32(&k), sev = binio_get32(&k);
		char *rule = binio_get_strdup(&k), *msg = binio_get_strdup(&k);
		char *ptr = binio_get_strdup(&k), *loc = binio_get_strdup(&k);

		if (!k.bad && rule != NULL && msg != NULL) {
			diag_add_owned(out, path, line, col, sev ? DIAG_WARNING : DIAG_ERROR,
				       diag_rule_static(rule), msg);
			msg = NULL;
			diag_set_location(out, ptr, loc);
		}
		free(rule);
		free(msg);
		free(ptr);
		free(loc);
	}
	if (k.bad || k.p != k.end)
		goto damaged;
	return 1;
damaged:
	/* A damaged entry is a miss: take back what was added. */
	while (out->n > first) {
		diag *d = &out->items[--out->n];

		free(d->path);
		free(d->message);
		free(d->pointer);
		free(d->schema_loc);
	}
	l->nevents = before;
	return 0;
}

int
rcache_get_event(rcache *c, const hist_oid *oid, const char *path, ledger *l, diag_list *out,
		 int *valid)
{
	const unsigned char *data;
	size_t len;

	if (!find_entry(c, oid, &data, &len))
		return 0;
	return rcache_entry_decode(data, len, oid, path, 0, l, out, valid);
}

void
rcache_entry_encode(buf *b, const rec_event *e, const diag_list *findings, size_t first, int valid)
{
	buf rec = BUF_INIT;
	size_t i;

	if (e != NULL) {
		records_serialize_event(e, &rec);
		binio_put32(b, (uint32_t)rec.len);
		buf_put(b, rec.ptr, rec.len);
	} else {
		binio_put32(b, BINIO_NONE);
	}
	binio_put32(b, (uint32_t)valid);
	binio_put32(b, (uint32_t)(findings->n - first));
	for (i = first; i < findings->n; i++) {
		const diag *d = &findings->items[i];

		binio_put32(b, d->line);
		binio_put32(b, d->col);
		binio_put32(b, d->severity == DIAG_WARNING);
		binio_put_str(b, d->rule);
		binio_put_str(b, d->message);
		binio_put_str(b, d->pointer);
		binio_put_str(b, d->schema_loc);
	}
	buf_free(&rec);
}

void
rcache_put_event(rcache *c, const hist_oid *oid, const rec_event *e, const diag_list *findings,
		 size_t first, int valid)
{
	buf b = BUF_INIT;
	size_t len;

	if (journal_find(c, oid) != NULL)
		return;
	rcache_entry_encode(&b, e, findings, first, valid);
	len = b.len;
	journal_add(c, oid, (unsigned char *)buf_detach(&b), len, 1);
}

static int
same_stat(const rcache_stat *a, const rcache_stat *b)
{
	return a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
	       a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns && a->size == b->size &&
	       a->ino == b->ino;
}

void
rcache_stat_use(rcache *c)
{
	c->stat_used = 1;
}

int
rcache_stat_get(rcache *c, const char *path, const rcache_stat *st, hist_oid *oid)
{
	size_t lo = 0, hi = c->ns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->s[mid].path, path);

		if (cmp == 0) {
			c->s[mid].seen = 1;
			/* A file changed in the second the cache was written might change again
			 * unseen within that second: not trusted, as Git's racy-clean rule. */
			if (!same_stat(&c->s[mid].st, st) || st->mtime_s >= c->stat_written ||
			    st->ctime_s >= c->stat_written)
				return 0;
			*oid = c->s[mid].oid;
			return 1;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void
rcache_stat_put(rcache *c, const char *path, const rcache_stat *st, const hist_oid *oid)
{
	sentry *e;

	c->snew = xgrow(c->snew, &c->snewcap, c->nsnew + 1, sizeof(*c->snew));
	e = &c->snew[c->nsnew++];
	e->path = xstrdup(path);
	e->st = *st;
	e->oid = *oid;
	e->seen = 1;
	e->loaded = 0;
	c->stat_dirty = 1;
	c->stat_used = 1;
}

static int
write_file(rcache *c, const char *name, buf *b)
{
	char *path = xasprintf("%s/%s", c->dir, name);
	int rc = cachefile_write(path, b);

	free(path);
	return rc;
}

typedef struct merged {
	hist_oid oid;
	const unsigned char *data;
	size_t len;
} merged;

static int
cmp_merged(const void *pa, const void *pb)
{
	return hist_oid_cmp(&((const merged *)pa)->oid, &((const merged *)pb)->oid);
}

/* Folds the journal into a new events.bin and empties the journal. */
static int
compact(rcache *c)
{
	merged *all = xcalloc(c->main_count + c->nj + 1, sizeof(*all));
	const unsigned char *index = c->main + 4;
	size_t n = 0, i, off;
	buf b = BUF_INIT;
	cachefile_id id;
	char *jpath;
	int rc;

	for (i = 0; i < c->nj; i++) {
		all[n].oid = c->j[i].oid;
		all[n].data = c->j[i].data;
		all[n++].len = c->j[i].len;
	}
	for (i = 0; i < c->main_count; i++) {
		const unsigned char *e = index + i * INDEX_ENTRY;
		hist_oid oid;
		size_t o = binio_rd32(e + HIST_RAWSZ), len = binio_rd32(e + HIST_RAWSZ + 4);

		memcpy(oid.id, e, HIST_RAWSZ);
		if (o > c->main_len || len > c->main_len - o || journal_find(c, &oid) != NULL)
			continue;
		all[n].oid = oid;
		all[n].data = c->main + o;
		all[n++].len = len;
	}
	if (n > 1)
		qsort(all, n, sizeof(*all), cmp_merged);
	file_id(c, &id, "events");
	cachefile_begin(&b, &id);
	binio_put32(&b, (uint32_t)n);
	off = 4 + n * INDEX_ENTRY;
	for (i = 0; i < n; i++) {
		buf_put(&b, all[i].oid.id, HIST_RAWSZ);
		binio_put32(&b, (uint32_t)off);
		binio_put32(&b, (uint32_t)all[i].len);
		off += all[i].len;
	}
	for (i = 0; i < n; i++)
		buf_put(&b, all[i].data, all[i].len);
	rc = write_file(c, "events.bin", &b);
	if (rc == 0) {
		jpath = xasprintf("%s/events.new", c->dir);
		unlink(jpath);
		free(jpath);
	}
	buf_free(&b);
	free(all);
	return rc;
}

static int
save_journal(rcache *c)
{
	buf b = BUF_INIT;
	cachefile_id id;
	size_t i;
	int rc;

	file_id(c, &id, "journal");
	cachefile_begin(&b, &id);
	for (i = 0; i < c->nj; i++) {
		buf_put(&b, c->j[i].oid.id, HIST_RAWSZ);
		binio_put32(&b, (uint32_t)c->j[i].len);
		buf_put(&b, c->j[i].data, c->j[i].len);
	}
	rc = write_file(c, "events.new", &b);
	buf_free(&b);
	return rc;
}

/* Writes the stat store: what this run saw, newest data winning. */
static int
save_stat(rcache *c)
{
	sentry *all = xcalloc(c->ns + c->nsnew + 1, sizeof(*all));
	size_t n = 0, i, k = 0;
	buf b = BUF_INIT;
	cachefile_id id;
	int rc;

	for (i = 0; i < c->nsnew; i++)
		all[n++] = c->snew[i];
	for (i = 0; i < c->ns; i++)
		if (c->s[i].seen)
			all[n++] = c->s[i];
	if (n > 1)
		qsort(all, n, sizeof(*all), cmp_sentry);
	file_id(c, &id, "worktree");
	cachefile_begin(&b, &id);
	binio_put64(&b, (uint64_t)time(NULL));
	binio_put32(&b, 0);
	for (i = 0; i < n; i++) {
		size_t plen = strlen(all[i].path);
		unsigned char l2[2] = {(unsigned char)plen, (unsigned char)(plen >> 8)};

		if ((i > 0 && strcmp(all[i].path, all[i - 1].path) == 0) || plen > 0xffff)
			continue;
		buf_put(&b, l2, 2);
		buf_put(&b, all[i].path, plen + 1);
		binio_put64(&b, (uint64_t)all[i].st.mtime_s);
		binio_put32(&b, (uint32_t)all[i].st.mtime_ns);
		binio_put64(&b, (uint64_t)all[i].st.ctime_s);
		binio_put32(&b, (uint32_t)all[i].st.ctime_ns);
		binio_put64(&b, all[i].st.size);
		binio_put64(&b, all[i].st.ino);
		buf_put(&b, all[i].oid.id, HIST_RAWSZ);
		k++;
	}
	b.ptr[CACHEFILE_HEADER + 8] = (char)(k & 0xff);
	b.ptr[CACHEFILE_HEADER + 9] = (char)((k >> 8) & 0xff);
	b.ptr[CACHEFILE_HEADER + 10] = (char)((k >> 16) & 0xff);
	b.ptr[CACHEFILE_HEADER + 11] = (char)((k >> 24) & 0xff);
	rc = write_file(c, "worktree.bin", &b);
	buf_free(&b);
	free(all);
	return rc;
}

int
rcache_save(rcache *c)
{
	size_t i, seen = 0;
	int rc = 0;

	for (i = 0; i < c->ns; i++)
		seen += c->s[i].seen;
	if (c->nfresh == 0 && !c->stat_dirty && (!c->stat_used || seen == c->ns))
		return 0;
	if (fsutil_mkdirs(c->dir) != 0)
		return -1;
	if (c->nfresh > 0) {
		if (c->nj > 4096 && c->nj > c->main_count / 8)
			rc = compact(c);
		else
			rc = save_journal(c);
	}
	if (rc == 0 && c->stat_used && (c->stat_dirty || seen != c->ns))
		rc = save_stat(c);
	return rc;
}
