/*
 * Reading the Git index file (gitindex.h), as Git's documentation
 * gitformat-index describes it: "DIRC", the version and the number of
 * entries (4 bytes each, big-endian); per entry ten 4-byte stat fields
 * (the sixth the mode), the blob id (20), 2 bytes of flags (the stage in
 * bits 12-13, an extended-flags word follows when bit 14 is set, format 3
 * and up), then the path: in formats 2 and 3 ending in NUL and padded so
 * that the entry's length is a multiple of 8; in format 4 as the number of
 * bytes to drop from the end of the previous path (a varint) and what
 * follows, ending in NUL. Then extensions (a 4-byte signature and a 4-byte
 * length each) and the checksum.
 */
#define _POSIX_C_SOURCE 200809L
#include "store/gitindex.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

enum { STAT_BYTES = 40, ENTRY_FIXED = STAT_BYTES + HIST_RAWSZ + 2, F_EXTENDED = 0x4000 };

char *
gitindex_path(const history *h)
{
	const char *env = getenv("GIT_INDEX_FILE");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	return xasprintf("%sindex", history_gitdir(h));
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
wanted(const char *path, size_t len, const char *const *prefixes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t k = strlen(prefixes[i]);

		if (len >= k && memcmp(path, prefixes[i], k) == 0)
			return 1;
	}
	return 0;
}

/* Git's varint of format 4: 7 bits a byte, each continuation adding one. */
static int
varint(const unsigned char **p, const unsigned char *end, size_t *out)
{
	const unsigned char *q = *p;
	size_t v;
	unsigned char c;

	if (q >= end)
		return -1;
	c = *q++;
	v = c & 127;
	while (c & 128) {
		if (q >= end || v > (SIZE_MAX >> 8))
			return -1;
		c = *q++;
		v = ((v + 1) << 7) + (c & 127);
	}
	*p = q;
	*out = v;
	return 0;
}

/* Reads the mapped index m of len bytes; 1 when it is not in a form read here. */
static int
parse(const unsigned char *m, size_t len, const char *const *prefixes, size_t np,
      hist_entries *out)
{
	const unsigned char *p = m + 12, *end = m + len - HIST_RAWSZ;
	uint32_t version, count, i;
	buf prev = BUF_INIT;
	size_t first = out->n;

	if (len < 12 + HIST_RAWSZ || memcmp(m, "DIRC", 4) != 0)
		return 1;
	version = be32(m + 4);
	count = be32(m + 8);
	if (version < 2 || version > 4)
		return 1;
	for (i = 0; i < count; i++) {
		const unsigned char *e = p, *name;
		unsigned mode, flags;
		size_t hdr = ENTRY_FIXED, nlen;
		const unsigned char *nul;

		if ((size_t)(end - p) < ENTRY_FIXED)
			goto unknown;
		mode = be32(e + 24);
		flags = (unsigned)e[STAT_BYTES + HIST_RAWSZ] << 8 | e[STAT_BYTES + HIST_RAWSZ + 1];
		if (flags & F_EXTENDED) {
			if (version < 3)
				goto unknown;
			hdr += 2;
		}
		/* A sparse index lists whole folders: libgit2's to read. */
		if ((mode & 0170000) == 0040000 || (size_t)(end - p) < hdr)
			goto unknown;
		name = e + hdr;
		if (version == 4) {
			size_t drop;

			if (varint(&name, end, &drop) != 0 || drop > prev.len)
				goto unknown;
			nul = memchr(name, '\0', (size_t)(end - name));
			if (nul == NULL)
				goto unknown;
			prev.len -= drop;
			buf_put(&prev, name, (size_t)(nul - name));
			p = nul + 1;
		} else {
			nul = memchr(name, '\0', (size_t)(end - name));
			if (nul == NULL)
				goto unknown;
			nlen = (size_t)(nul - name);
			buf_reset(&prev);
			buf_put(&prev, name, nlen);
			/* The entry's length: a multiple of 8, with 1 to 8 NULs after the path. */
			if ((size_t)(end - e) < ((hdr + nlen + 8) & ~(size_t)7))
				goto unknown;
			p = e + ((hdr + nlen + 8) & ~(size_t)7);
		}
		if (wanted(prev.ptr, prev.len, prefixes, np)) {
			hist_entry *h;

			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof(*out->v));
			h = &out->v[out->n++];
			h->path = arena_strndup(&out->arena, prev.ptr, prev.len);
			memcpy(h->oid.id, e + STAT_BYTES, HIST_RAWSZ);
			h->mode = mode;
			h->stage = (int)(flags >> 12 & 3);
		}
	}
	/* The extensions: a split index keeps its entries in another file. */
	while ((size_t)(end - p) >= 8) {
		uint32_t size = be32(p + 4);

		if (memcmp(p, "link", 4) == 0 || memcmp(p, "sdir", 4) == 0 ||
		    size > (size_t)(end - p) - 8)
			goto unknown;
		p += 8 + size;
	}
	if (p != end)
		goto unknown;
	buf_free(&prev);
	return 0;
unknown:
	buf_free(&prev);
	out->n = first;
	return 1;
}

int
gitindex_entries(const char *path, const char *const *prefixes, size_t n, hist_entries *out)
{
	const unsigned char *m;
	size_t size;
	int rc;

	if (fsutil_map(path, 32, &m, &size) != 0)
		return 1;
	rc = parse(m, size, prefixes, n, out);
	fsutil_unmap(m, size);
	return rc;
}
