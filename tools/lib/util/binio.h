/*
 * Little-endian numbers and length-prefixed strings in byte buffers: the
 * format of every cache file the tools keep. A reader never reads past its
 * end; a short or damaged input sets bad, and every later read returns
 * nothing, so a caller checks bad once at the end.
 */
#ifndef PLAN_UTIL_BINIO_H
#define PLAN_UTIL_BINIO_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

/* The length that stands for "no string" (NULL). */
#define BINIO_NONE 0xffffffffu

void binio_put32(buf *b, uint32_t v);
void binio_put64(buf *b, uint64_t v);
/* A length (BINIO_NONE for NULL) and the bytes. */
void binio_put_str(buf *b, const char *s);
/* The same with a NUL after the bytes, so a reader can lend the string in place. */
void binio_put_strz(buf *b, const char *s);

uint32_t binio_rd32(const unsigned char *p);
uint64_t binio_rd64(const unsigned char *p);

/*
 * A 64-bit checksum of n bytes, fast enough to run over every cache file
 * each time it is read (several GB/s): it catches damage, it does not
 * resist a forger (the caches hold nothing a forger could gain by).
 */
uint64_t binio_checksum(const void *data, size_t n);

typedef struct binio_reader {
	const unsigned char *p, *end;
	int bad;
} binio_reader;

void binio_reader_init(binio_reader *r, const void *data, size_t len);
uint32_t binio_get32(binio_reader *r);
uint64_t binio_get64(binio_reader *r);
/* Copies n raw bytes into out (zeros when the input is short). */
void binio_get_bytes(binio_reader *r, void *out, size_t n);
/* A string copied into a (NULL for BINIO_NONE, or when bad). */
const char *binio_get_str(binio_reader *r, arena *a);
/* A string copied with malloc (the caller frees it), or NULL. */
char *binio_get_strdup(binio_reader *r);
/* A string written by binio_put_strz, lent in place (valid as long as the input is). */
const char *binio_get_strz(binio_reader *r);

/* FNV-1a of a NUL-terminated string and of the first bytes of an id. */
size_t binio_hash_str(const char *s);
size_t binio_hash_bytes(const unsigned char *p, size_t n);

#endif
