/*
 * The URI formats: uri and uri-reference (RFC 3986), iri and iri-reference
 * (RFC 3987, which allows non-ASCII letters where RFC 3986 allows
 * unreserved characters) and uri-template (RFC 6570), checked against
 * their grammars.
 */
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/utf8.h"

typedef struct uri_check {
	const char *s;
	size_t len;
	int iri; /* allow non-ASCII characters */
} uri_check;

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(char c)
{
	return hex_value(c) >= 0;
}

static int
unreserved(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
sub_delim(char c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * Checks that s[from, to) holds only unreserved characters, percent
 * escapes, sub-delimiters and the characters in extra (and, for an IRI,
 * non-ASCII characters other than controls and specials).
 */
static int
chars_ok(const uri_check *u, size_t from, size_t to, const char *extra)
{
	size_t i = from;

	while (i < to) {
		char c = u->s[i];

		if (c == '%') {
			if (i + 2 >= to)
				return 0;
			if (!is_hex(u->s[i + 1]) || !is_hex(u->s[i + 2]))
				return 0;
			i += 3;
		} else if ((unsigned char)c >= 0x80) {
			uint32_t cp;
			size_t k = utf8_decode(u->s + i, to - i, &cp);

			if (!u->iri || k == 0 || cp < 0xa0 || (cp >= 0xfdd0 && cp <= 0xfdef) ||
			    (cp & 0xfffe) == 0xfffe)
				return 0;
			i += k;
		} else if (unreserved(c) || sub_delim(c) ||
			   (c != '\0' && strchr(extra, c) != NULL)) {
			i++;
		} else {
			return 0;
		}
	}
	return 1;
}

/* host = IP-literal / IPv4address / reg-name. */
static int
host_ok(const uri_check *u, size_t from, size_t to)
{
	const char *h = u->s + from;
	size_t n = to - from, i;

	if (n > 0 && h[0] == '[') {
		if (n < 2 || h[n - 1] != ']')
			return 0;
		if (n > 2 && (h[1] == 'v' || h[1] == 'V')) {
			/* IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ) */
			for (i = 2; i < n - 1 && is_hex(h[i]); i++)
				;
			if (i == 2 || i >= n - 1 || h[i] != '.' || i + 1 >= n - 1)
				return 0;
			return chars_ok(u, from + i + 1, to - 1, ":");
		}
		return js_format_ipv6(h + 1, n - 2);
	}
	return chars_ok(u, from, to, "");
}

/* authority = [ userinfo "@" ] host [ ":" port ], in s[from, to). */
static int
authority_ok(const uri_check *u, size_t from, size_t to)
{
	const char *at = memchr(u->s + from, '@', to - from);
	size_t host = from, end = to, i;

	if (at != NULL) {
		size_t a = (size_t)(at - u->s);

		if (memchr(at + 1, '@', to - a - 1) != NULL || !chars_ok(u, from, a, ":"))
			return 0;
		host = a + 1;
	}
	if (host < to && u->s[host] == '[') {
		const char *close = memchr(u->s + host, ']', to - host);

		if (close == NULL)
			return 0;
		end = (size_t)(close - u->s) + 1;
	} else {
		const char *colon = memchr(u->s + host, ':', to - host);

		end = colon != NULL ? (size_t)(colon - u->s) : to;
	}
	if (!host_ok(u, host, end))
		return 0;
	if (end < to) {
		if (u->s[end] != ':')
			return 0;
		for (i = end + 1; i < to; i++)
			if (!is_digit(u->s[i]))
				return 0;
	}
	return 1;
}

/*
 * Checks a URI (need_scheme) or a URI reference. The parts: scheme ":",
 * "//" authority, path, "?" query, "#" fragment.
 */
static int
uri_ok(const char *s, size_t len, int need_scheme, int iri)
{
	uri_check u = {s, len, iri};
	size_t i = 0, path, qmark, hash, first_seg;
	const char *p;

	while (i < len && (is_alpha(s[i]) || (i > 0 && (is_digit(s[i]) || s[i] == '+' ||
							  s[i] == '-' || s[i] == '.'))))
		i++;
	if (i > 0 && i < len && s[i] == ':' && is_alpha(s[0])) {
		i++;
	} else {
		if (need_scheme)
			return 0;
		i = 0;
	}
	p = memchr(s + i, '#', len - i);
	hash = p != NULL ? (size_t)(p - s) : len;
	p = memchr(s + i, '?', hash - i);
	qmark = p != NULL ? (size_t)(p - s) : hash;
	path = i;
	if (qmark - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		const char *slash = memchr(s + i + 2, '/', qmark - i - 2);
		size_t end = slash != NULL ? (size_t)(slash - s) : qmark;

		if (!authority_ok(&u, i + 2, end))
			return 0;
		path = end;
	} else if (i == 0) {
		/* A relative path's first segment may not hold a ':'. */
		p = memchr(s, '/', qmark);
		first_seg = p != NULL ? (size_t)(p - s) : qmark;
		if (memchr(s, ':', first_seg) != NULL)
			return 0;
	}
	if (!chars_ok(&u, path, qmark, ":@/"))
		return 0;
	if (qmark < hash && !chars_ok(&u, qmark + 1, hash, ":@/?"))
		return 0;
	if (hash < len && !chars_ok(&u, hash + 1, len, ":@/?"))
		return 0;
	return 1;
}

int
js_format_uri(const char *s, size_t len)
{
	return uri_ok(s, len, 1, 0);
}

int
js_format_uri_reference(const char *s, size_t len)
{
	return uri_ok(s, len, 0, 0);
}

int
js_format_iri(const char *s, size_t len)
{
	return uri_ok(s, len, 1, 1);
}

int
js_format_iri_reference(const char *s, size_t len)
{
	return uri_ok(s, len, 0, 1);
}

/* varspec = varname [ ":" max-length / "*" ]; varname = varchar *( ["."] varchar ). */
static int
varspec_ok(const char *s, size_t len)
{
	size_t i = 0;
	int prev_dot = 1;

	while (i < len && s[i] != ':' && s[i] != '*') {
		if (s[i] == '.') {
			if (prev_dot)
				return 0;
			prev_dot = 1;
			i++;
			continue;
		}
		if (s[i] == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return 0;
			i += 3;
		} else if (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_') {
			i++;
		} else {
			return 0;
		}
		prev_dot = 0;
	}
	if (i == 0 || prev_dot)
		return 0;
	if (i == len)
		return 1;
	if (s[i] == '*')
		return i + 1 == len;
	/* ":" max-length, 1 to 9999 without a leading zero. */
	i++;
	if (len - i < 1 || len - i > 4 || s[i] == '0')
		return 0;
	for (; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

int
js_format_uri_template(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '{') {
			const char *close = memchr(s + i, '}', len - i);
			size_t end, start;

			if (close == NULL)
				return 0;
			end = (size_t)(close - s);
			start = i + 1;
			if (start < end && strchr("+#./;?&=,!@|", s[start]) != NULL)
				start++;
			if (start >= end)
				return 0;
			while (start <= end) {
				const char *comma = memchr(s + start, ',', end - start);
				size_t stop = comma != NULL ? (size_t)(comma - s) : end;

				if (!varspec_ok(s + start, stop - start))
					return 0;
				start = stop + 1;
			}
			i = end + 1;
		} else if (c == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return 0;
			i += 3;
		} else if (c >= 0x80) {
			uint32_t cp;
			size_t k = utf8_decode(s + i, len - i, &cp);

			if (k == 0 || cp < 0xa0)
				return 0;
			i += k;
		} else if (c <= 0x20 || c == 0x7f || strchr("\"%<>\\^`{|}", c) != NULL) {
			return 0;
		} else {
			i++;
		}
	}
	return 1;
}
