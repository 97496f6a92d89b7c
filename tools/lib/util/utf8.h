/* UTF-8 decoding and validation (RFC 3629: no overlongs, no surrogates). */
#ifndef PLAN_UTIL_UTF8_H
#define PLAN_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one code point from s (n bytes available) into *cp and returns its
 * length in bytes, or 0 when the bytes there are not valid UTF-8.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes) and returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Returns 1 when all n bytes are valid UTF-8; otherwise 0 and *bad the offset. */
int utf8_valid(const char *s, size_t n, size_t *bad);
/* The number of code points in valid UTF-8 text. */
size_t utf8_count(const char *s, size_t n);

#endif
