/*
 * A growable byte buffer, always NUL-terminated after buf_init.
 * The buffer owns ptr; buf_free releases it, buf_detach hands it over.
 */
#ifndef PLAN_UTIL_BUF_H
#define PLAN_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *ptr;
	size_t len;
	size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_grow(buf *b, size_t extra);
void buf_put(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Returns the string and leaves b empty; the caller frees it with free(). */
char *buf_detach(buf *b);
/* The contents as a C string (never NULL). */
const char *buf_cstr(const buf *b);

/*
 * Appends s as one CSV field (RFC 4180) separated by sep: as it is, or in
 * double quotes, with its quotes doubled, when it holds sep, a quote or a
 * line break. NULL appends nothing (an empty field).
 */
void buf_put_csv_field(buf *b, const char *s, char sep);

/* Appends s with JSON string escaping, including the surrounding quotes. */
void buf_put_json_str(buf *b, const char *s, size_t len);

#endif
