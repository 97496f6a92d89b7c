/*
 * Small pieces the schema compiler and validator share: URI reference
 * resolution (RFC 3986 section 5) and JSON pointer tokens.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/hex.h"
#include "util/xalloc.h"

/* The parts of a URI reference; a part that is absent has ptr NULL. */
typedef struct uri_part {
	const char *ptr;
	size_t len;
} uri_part;

typedef struct uri_ref {
	uri_part scheme, authority, path, query, fragment;
} uri_ref;

static int
is_scheme_char(char c, int first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return !first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
}

static void
uri_parse(uri_ref *u, const char *s, size_t len)
{
	size_t i = 0, start;

	memset(u, 0, sizeof(*u));
	while (i < len && is_scheme_char(s[i], i == 0))
		i++;
	if (i > 0 && i < len && s[i] == ':') {
		u->scheme.ptr = s;
		u->scheme.len = i;
		i++;
	} else {
		i = 0;
	}
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		start = i;
		while (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#')
			i++;
		u->authority.ptr = s + start;
		u->authority.len = i - start;
	}
	start = i;
	while (i < len && s[i] != '?' && s[i] != '#')
		i++;
	u->path.ptr = s + start;
	u->path.len = i - start;
	if (i < len && s[i] == '?') {
		start = ++i;
		while (i < len && s[i] != '#')
			i++;
		u->query.ptr = s + start;
		u->query.len = i - start;
	}
	if (i < len && s[i] == '#') {
		u->fragment.ptr = s + i + 1;
		u->fragment.len = len - i - 1;
	}
}

/* Appends path with "." and ".." segments removed (RFC 3986 5.2.4). */
static void
put_without_dots(buf *out, const char *in, size_t len)
{
	size_t base = out->len;
	size_t i = 0;

	while (i < len) {
		const char *p = in + i;
		size_t left = len - i, seg;

		if (left >= 3 && memcmp(p, "../", 3) == 0) {
			i += 3;
		} else if (left >= 2 && memcmp(p, "./", 2) == 0) {
			i += 2;
		} else if (left >= 3 && memcmp(p, "/./", 3) == 0) {
			i += 2;
		} else if (left == 2 && memcmp(p, "/.", 2) == 0) {
			buf_putc(out, '/');
			i += 2;
		} else if ((left >= 4 && memcmp(p, "/../", 4) == 0) ||
			   (left == 3 && memcmp(p, "/..", 3) == 0)) {
			while (out->len > base && out->ptr[out->len - 1] != '/')
				out->len--;
			if (out->len > base)
				out->len--;
			out->ptr[out->len] = '\0';
			if (left == 3)
				buf_putc(out, '/');
			i += 3;
		} else if ((left == 1 && p[0] == '.') || (left == 2 && memcmp(p, "..", 2) == 0)) {
			i = len;
		} else {
			seg = p[0] == '/' ? 1 : 0;
			while (seg < left && p[seg] != '/')
				seg++;
			buf_put(out, p, seg);
			i += seg;
		}
	}
}

static void
put_part(buf *out, const char *before, const uri_part *p)
{
	if (p->ptr == NULL)
		return;
	buf_puts(out, before);
	buf_put(out, p->ptr, p->len);
}

void
js_uri_resolve(buf *out, const char *base, const char *ref, size_t len)
{
	uri_ref b, r;
	const uri_part *authority, *query;
	buf path = BUF_INIT;

	uri_parse(&r, ref, len);
	if (base == NULL || *base == '\0' || r.scheme.ptr != NULL) {
		if (r.scheme.ptr == NULL) {
			buf_put(out, ref, len);
			return;
		}
		b = r;
	} else {
		uri_parse(&b, base, strlen(base));
	}
	buf_init(&path);
	authority = &b.authority;
	query = &r.query;
	if (r.scheme.ptr != NULL || r.authority.ptr != NULL) {
		if (r.authority.ptr != NULL)
			authority = &r.authority;
		put_without_dots(&path, r.path.ptr, r.path.len);
	} else if (r.path.len == 0) {
		buf_put(&path, b.path.ptr, b.path.len);
		if (r.query.ptr == NULL)
			query = &b.query;
	} else if (r.path.ptr[0] == '/') {
		put_without_dots(&path, r.path.ptr, r.path.len);
	} else {
		buf merged = BUF_INIT;

		if (b.authority.ptr != NULL && b.path.len == 0) {
			buf_putc(&merged, '/');
		} else {
			size_t keep = b.path.len;

			while (keep > 0 && b.path.ptr[keep - 1] != '/')
				keep--;
			buf_put(&merged, b.path.ptr, keep);
		}
		buf_put(&merged, r.path.ptr, r.path.len);
		put_without_dots(&path, merged.ptr, merged.len);
		buf_free(&merged);
	}
	buf_put(out, b.scheme.ptr, b.scheme.len);
	buf_putc(out, ':');
	put_part(out, "//", authority);
	buf_put(out, path.ptr != NULL ? path.ptr : "", path.len);
	put_part(out, "?", query);
	put_part(out, "#", &r.fragment);
	buf_free(&path);
}

size_t
js_uri_fragment(const char *uri, const char **frag)
{
	const char *hash = strchr(uri, '#');

	if (hash == NULL) {
		*frag = NULL;
		return strlen(uri);
	}
	*frag = hash + 1;
	return (size_t)(hash - uri);
}

void
js_pointer_put(buf *out, const char *token, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (token[i] == '~')
			buf_put(out, "~0", 2);
		else if (token[i] == '/')
			buf_put(out, "~1", 2);
		else
			buf_putc(out, token[i]);
	}
}

int
js_percent_decode(buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hex_value(s[i + 1]);
			lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			buf_putc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_putc(out, s[i]);
		}
	}
	return 0;
}
