#include "util/binio.h"

#include <string.h>

#include "util/xalloc.h"

void
binio_put32(buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};

	buf_put(b, x, 4);
}

void
binio_put64(buf *b, uint64_t v)
{
	binio_put32(b, (uint32_t)v);
	binio_put32(b, (uint32_t)(v >> 32));
}

void
binio_put_str(buf *b, const char *s)
{
	if (s == NULL) {
		binio_put32(b, BINIO_NONE);
		return;
	}
	binio_put32(b, (uint32_t)strlen(s));
	buf_puts(b, s);
}

void
binio_put_strz(buf *b, const char *s)
{
	binio_put_str(b, s);
	if (s != NULL)
		buf_putc(b, '\0');
}

uint32_t
binio_rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t
binio_rd64(const unsigned char *p)
{
	return (uint64_t)binio_rd32(p) | (uint64_t)binio_rd32(p + 4) << 32;
}

#define CK_P1 0x9e3779b185ebca87ULL
#define CK_P2 0xc2b2ae3d27d4eb4fULL
#define CK_P3 0x165667b19e3779f9ULL

static uint64_t
ck_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t
ck_lane(uint64_t acc, uint64_t v)
{
	return ck_rotl(acc + v * CK_P2, 31) * CK_P1;
}

uint64_t
binio_checksum(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t l[4] = {CK_P1 + CK_P2, CK_P2, 0, (uint64_t)0 - CK_P1}, h;
	size_t i, k;

	/* Four independent lanes over 32-byte blocks, so the multiplies overlap. */
	for (i = 0; i + 32 <= n; i += 32)
		for (k = 0; k < 4; k++)
			l[k] = ck_lane(l[k], binio_rd64(p + i + 8 * k));
	h = ck_rotl(l[0], 1) + ck_rotl(l[1], 7) + ck_rotl(l[2], 12) + ck_rotl(l[3], 18);
	h ^= (uint64_t)n * CK_P3;
	for (; i + 8 <= n; i += 8)
		h = ck_rotl(h ^ ck_lane(0, binio_rd64(p + i)), 27) * CK_P1 + CK_P3;
	for (; i < n; i++)
		h = ck_rotl(h ^ (p[i] * CK_P3), 11) * CK_P1;
	h ^= h >> 33;
	h *= CK_P2;
	h ^= h >> 29;
	h *= CK_P3;
	h ^= h >> 32;
	return h;
}

void
binio_reader_init(binio_reader *r, const void *data, size_t len)
{
	r->p = data;
	r->end = r->p + len;
	r->bad = 0;
}

uint32_t
binio_get32(binio_reader *r)
{
	uint32_t v;

	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	v = binio_rd32(r->p);
	r->p += 4;
	return v;
}

uint64_t
binio_get64(binio_reader *r)
{
	uint64_t lo = binio_get32(r);

	return lo | (uint64_t)binio_get32(r) << 32;
}

void
binio_get_bytes(binio_reader *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
}

/* The bytes of the next string, or NULL; *n receives their number. */
static const unsigned char *
next_str(binio_reader *r, size_t *n)
{
	uint32_t len = binio_get32(r);
	const unsigned char *s;

	if (r->bad || len == BINIO_NONE)
		return NULL;
	if ((size_t)(r->end - r->p) < len) {
		r->bad = 1;
		return NULL;
	}
	s = r->p;
	r->p += len;
	*n = len;
	return s;
}

const char *
binio_get_str(binio_reader *r, arena *a)
{
	size_t n = 0;
	const unsigned char *s = next_str(r, &n);

	return s != NULL ? arena_strndup(a, (const char *)s, n) : NULL;
}

const char *
binio_get_strz(binio_reader *r)
{
	size_t n = 0;
	const unsigned char *s = next_str(r, &n);

	if (s == NULL)
		return NULL;
	if (r->p >= r->end || *r->p != '\0') {
		r->bad = 1;
		return NULL;
	}
	r->p++;
	return (const char *)s;
}

char *
binio_get_strdup(binio_reader *r)
{
	size_t n = 0;
	const unsigned char *s = next_str(r, &n);

	return s != NULL ? xstrndup((const char *)s, n) : NULL;
}

size_t
binio_hash_str(const char *s)
{
	size_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

size_t
binio_hash_bytes(const unsigned char *p, size_t n)
{
	size_t h = 1469598103934665603u, i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}
