/*
 * What plan shows is what is stored: its standard output and standard error
 * go through a filter that writes every control character a terminal might
 * act on, and every character that changes the direction text is shown in,
 * as a visible escape (ESC as \x1B, U+202E as \u202E). Tabs and line breaks
 * (LF, and CR LF as CSV ends its lines) pass as they are; plan itself writes no other control character, so only
 * what came from the data is changed. JSON output stays the same data, as
 * \uXXXX is JSON's own escape.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/utf8.h"

typedef struct esc_stream {
	int fd;
	unsigned char held[4]; /* the start of a character split between writes */
	size_t nheld;
} esc_stream;

static esc_stream streams[2] = {{STDOUT_FILENO, {0}, 0}, {STDERR_FILENO, {0}, 0}};

static int
put(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
shown_as_escape(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0x061c || cp == 0x200e || cp == 0x200f || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The length of the UTF-8 character starting with byte c, or 1 for a stray byte. */
static size_t
char_len(unsigned char c)
{
	return c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Writes s[0..n) escaped; returns how many bytes at the end wait for the rest of a character. */
static size_t
write_escaped(esc_stream *e, const unsigned char *s, size_t n, int final)
{
	size_t i = 0, start = 0;

	while (i < n) {
		size_t k = char_len(s[i]);
		uint32_t cp;
		char esc[16];

		if (s[i] < 0x80) {
			cp = s[i];
			k = 1;
		} else if (i + k > n && !final) {
			break;
		} else if ((k = utf8_decode((const char *)s + i, n - i, &cp)) == 0) {
			i++;
			continue;
		}
		/* CR LF ends a line of CSV (RFC 4180); a lone CR could overwrite one. */
		if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			i += 2;
			continue;
		}
		if (cp == '\r' && i + 1 == n && !final)
			break;
		if (!shown_as_escape(cp)) {
			i += k;
			continue;
		}
		if (put(e->fd, (const char *)s + start, i - start) != 0)
			return 0;
		if (cp < 0x80)
			snprintf(esc, sizeof(esc), "\\x%02X", (unsigned)cp);
		else
			snprintf(esc, sizeof(esc), "\\u%04X", (unsigned)cp);
		put(e->fd, esc, strlen(esc));
		i += k;
		start = i;
	}
	put(e->fd, (const char *)s + start, i - start);
	return n - i;
}

static ssize_t
esc_write(void *cookie, const char *data, size_t size)
{
	esc_stream *e = cookie;
	const unsigned char *s = (const unsigned char *)data;
	size_t used = 0, left;

	/* A CR that ended the last write: a line end if LF follows, else shown. */
	if (e->nheld == 1 && e->held[0] == '\r' && used < size) {
		e->nheld = 0;
		if (s[used] == '\n') {
			put(e->fd, "\r\n", 2);
			used++;
		} else {
			put(e->fd, "\\x0D", 4);
		}
	}
	/* A character begun in the last write: complete it first. */
	while (e->nheld > 0 && used < size) {
		e->held[e->nheld++] = s[used++];
		if (e->nheld == char_len(e->held[0]) || e->nheld == sizeof(e->held)) {
			write_escaped(e, e->held, e->nheld, 1);
			e->nheld = 0;
		}
	}
	left = write_escaped(e, s + used, size - used, 0);
	memcpy(e->held, s + size - left, left);
	e->nheld = left;
	return (ssize_t)size;
}

static int
esc_close(void *cookie)
{
	esc_stream *e = cookie;

	if (e->nheld > 0)
		write_escaped(e, e->held, e->nheld, 1);
	e->nheld = 0;
	return 0;
}

void
cli_escape_streams(void)
{
	cookie_io_functions_t io = {NULL, esc_write, NULL, esc_close};
	FILE *out = fopencookie(&streams[0], "w", io);
	FILE *err = fopencookie(&streams[1], "w", io);

	if (out != NULL) {
		setvbuf(out, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
		stdout = out;
	}
	if (err != NULL) {
		setvbuf(err, NULL, _IONBF, 0);
		stderr = err;
	}
}
