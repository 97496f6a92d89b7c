/*
 * Writing a new event record: slugs, YAML values that read back exactly,
 * the record's text, its path and the atomic write.
 */
#define _POSIX_C_SOURCE 200809L
#include "ledger/event_write.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/*
 * ASCII for the Latin letters U+00C0 to U+017F, one character each ('*':
 * two letters, see fold_pair; '-': not a letter). Rows of sixteen.
 */
/* clang-format off */
static const char fold_latin[] = "aaaaaa*ceeeeiiii" /* U+00C0 */
				 "dnooooo-ouuuuy**" /* U+00D0 */
				 "aaaaaa*ceeeeiiii" /* U+00E0 */
				 "dnooooo-ouuuuy*y" /* U+00F0 */
				 "aaaaaaccccccccdd" /* U+0100 */
				 "ddeeeeeeeeeegggg" /* U+0110 */
				 "gggghhhhiiiiiiii" /* U+0120 */
				 "ii**jjkkklllllll" /* U+0130 */
				 "lllnnnnnnnnnoooo" /* U+0140 */
				 "oo**rrrrrrssssss" /* U+0150 */
				 "ssttttttuuuuuuuu" /* U+0160 */
				 "uuuuwwyyyzzzzzzs"; /* U+0170 */
/* clang-format on */

/* The letters that fold to two: æ, þ, ß, ĳ, œ. */
static const char *
fold_pair(uint32_t cp)
{
	switch (cp) {
	case 0xc6:
	case 0xe6: return "ae";
	case 0xde:
	case 0xfe: return "th";
	case 0xdf: return "ss";
	case 0x132:
	case 0x133: return "ij";
	case 0x152:
	case 0x153: return "oe";
	}
	return NULL;
}

/*
 * What a code point becomes in a slug: its ASCII letters, "" when it is
 * dropped without a trace (combining accents, apostrophes), or NULL when it
 * separates words.
 */
static const char *
fold(uint32_t cp, char *one)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
		one[0] = (char)cp;
		one[1] = '\0';
		return one;
	}
	if (cp >= 'A' && cp <= 'Z') {
		one[0] = (char)(cp - 'A' + 'a');
		one[1] = '\0';
		return one;
	}
	if (cp == '\'' || cp == 0x2019 || (cp >= 0x300 && cp <= 0x36f))
		return "";
	/* Romanian ș and ț, with a comma below. */
	if (cp >= 0x218 && cp <= 0x21b)
		cp = cp < 0x21a ? 0x15f : 0x163;
	if (cp >= 0xc0 && cp <= 0x17f) {
		char c = fold_latin[cp - 0xc0];

		if (c == '*')
			return fold_pair(cp);
		if (c == '-')
			return NULL;
		one[0] = c;
		one[1] = '\0';
		return one;
	}
	return NULL;
}

char *
event_write_slug(const char *title, size_t max)
{
	buf b = BUF_INIT;
	size_t i = 0, n = strlen(title), cut;
	int gap = 0;

	/* Four times max is more than enough to cut from. */
	while (i < n && b.len < 4 * max + 8) {
		uint32_t cp = 0xfffd;
		size_t k = utf8_decode(title + i, n - i, &cp);
		char one[2];
		const char *f;

		i += k > 0 ? k : 1;
		f = fold(cp, one);
		if (f == NULL) {
			gap = 1;
			continue;
		}
		if (*f == '\0')
			continue;
		if (gap && b.len > 0)
			buf_putc(&b, '-');
		gap = 0;
		buf_puts(&b, f);
	}
	if (b.len > max) {
		cut = max;
		if (b.ptr[max] != '-') {
			while (cut > 0 && b.ptr[cut] != '-')
				cut--;
			if (cut == 0)
				cut = max;
		}
		b.len = cut;
		while (b.len > 0 && b.ptr[b.len - 1] == '-')
			b.len--;
		/* A cut should not leave a short word dangling ("...-hansyn-i"). */
		for (;;) {
			char *dash;

			b.ptr[b.len] = '\0';
			dash = strrchr(b.ptr, '-');
			if (dash == NULL || b.len - (size_t)(dash - b.ptr) - 1 >= 3)
				break;
			b.len = (size_t)(dash - b.ptr);
		}
		b.ptr[b.len] = '\0';
	}
	if (b.ptr == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

/*
 * Characters that must not stand unescaped in a record: controls (C0, DEL,
 * C1), the characters YAML 1.1 takes for line breaks, the invisible ones
 * that change how text is shown (zero-width, direction marks), the
 * byte-order mark, and non-characters.
 */
static int
needs_escape(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	       (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* Spaces that YAML does not trim but a reader cannot see at either end. */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

static int
word_is(const char *s, size_t len, const char *w)
{
	size_t i;

	if (strlen(w) != len)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];

		if (c != w[i])
			return 0;
	}
	return 1;
}

/*
 * Words some reader takes for something other than text: YAML 1.1's
 * booleans (y, n, yes, no, on, off, true, false) and null, the value and
 * merge keys, infinities and not-a-number; compared without regard to case,
 * which quotes a few harmless words too.
 */
static int
is_special_word(const char *s, size_t len)
{
	static const char *const words[] = {"y",    "n",     "yes",   "no",  "on", "off",
	                                    "true", "false", "null",  "~",   "=",  "<<",
	                                    ".inf", "+.inf", "-.inf", ".nan"};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (word_is(s, len, words[i]))
			return 1;
	return 0;
}

/*
 * Text that some YAML reader may take for a number: integers in any base
 * (010, 0x1F, 0o17, 0b101, 1_000), floats (1e3, .5, and 1.2.3 in YAML 1.1)
 * and sexagesimal numbers (1:30). Deliberately wide: after an optional
 * sign, either 0x, 0o or 0b and hex digits, or a digit or '.' followed by
 * only digits, '_', '.', ':', 'e', 'E', '+' and '-'. A few codes are quoted
 * that need not be; that costs nothing.
 */
static int
looks_numeric(const char *s, size_t len)
{
	size_t i = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i == len)
		return 1;
	if (len - i >= 2 && s[i] == '0' && strchr("xXoObB", s[i + 1]) != NULL && s[i + 1] != '\0') {
		for (i += 2; i < len; i++)
			if (s[i] == '\0' || strchr("0123456789abcdefABCDEF_", s[i]) == NULL)
				return 0;
		return 1;
	}
	if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		return 0;
	for (; i < len; i++)
		if (s[i] == '\0' || strchr("0123456789_.:eE+-", s[i]) == NULL)
			return 0;
	return 1;
}

/* A YAML 1.1 timestamp: 2019-04-12, or a date with a time after 'T' or spaces. */
static int
looks_like_timestamp(const char *s, size_t len)
{
	size_t i = 0, k;
	int part;

	for (part = 0; part < 3; part++) {
		size_t want = part == 0 ? 4 : 1;

		for (k = 0; i < len && s[i] >= '0' && s[i] <= '9' && k < (part == 0 ? 4u : 2u); k++)
			i++;
		if (k < want)
			return 0;
		if (part < 2) {
			if (i >= len || s[i] != '-')
				return 0;
			i++;
		}
	}
	return i == len || s[i] == 'T' || s[i] == 't' || s[i] == ' ' || s[i] == '\t';
}

/* 1 when the text may stand unquoted, read as the same text by every YAML reader. */
static int
plain_ok(const char *s, size_t len, int flow)
{
	size_t i, k;
	uint32_t cp, last = 0;

	if (len == 0 || strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) != NULL)
		return 0;
	if (is_special_word(s, len) || looks_numeric(s, len) || looks_like_timestamp(s, len))
		return 0;
	for (i = 0; i < len; i += k) {
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0 || needs_escape(cp) || (i == 0 && is_space(cp)))
			return 0;
		if (flow && cp < 0x80 && strchr(",[]{}:#", (int)cp) != NULL)
			return 0;
		if (cp == ':' && (i + 1 == len || s[i + 1] == ' '))
			return 0;
		if (cp == '#' && i > 0 && s[i - 1] == ' ')
			return 0;
		last = cp;
	}
	return !is_space(last);
}

/*
 * 1 when text on several lines reads back exactly from a literal block
 * ('|'): it has a line break, its first line is not empty and does not start
 * with a space (which would set the block's indentation), no line holds
 * only spaces, and nothing but line breaks needs escaping.
 */
static int
literal_ok(const char *s, size_t len)
{
	size_t i, k, line_start = 0;
	int only_spaces = 1;
	uint32_t cp;

	if (len == 0 || memchr(s, '\n', len) == NULL || s[0] == ' ' || s[0] == '\n')
		return 0;
	for (i = 0; i < len; i += k) {
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0)
			return 0;
		if (cp == '\n') {
			if (only_spaces && i > line_start)
				return 0;
			line_start = i + 1;
			only_spaces = 1;
			continue;
		}
		if (needs_escape(cp))
			return 0;
		if (cp != ' ')
			only_spaces = 0;
	}
	return !(only_spaces && len > line_start);
}

static void
put_literal(buf *out, const char *s, size_t len, int indent)
{
	size_t end = len, i, start;

	/* The chomping indicator keeps exactly the trailing line breaks there are. */
	if (s[len - 1] != '\n')
		buf_puts(out, "|-");
	else if (len >= 2 && s[len - 2] == '\n')
		buf_puts(out, "|+");
	else
		buf_putc(out, '|');
	if (s[len - 1] == '\n')
		end = len - 1;
	for (start = 0; start <= end; start = i + 1) {
		const char *nl = memchr(s + start, '\n', end - start);

		i = nl != NULL ? (size_t)(nl - s) : end;
		buf_putc(out, '\n');
		if (i > start) {
			buf_printf(out, "%*s", indent, "");
			buf_put(out, s + start, i - start);
		}
	}
}

static void
put_double(buf *out, const char *s, size_t len)
{
	size_t i, k;
	uint32_t cp;

	buf_putc(out, '"');
	for (i = 0; i < len; i += k) {
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			cp = 0xfffd;
			k = 1;
		}
		switch (cp) {
		case '"': buf_puts(out, "\\\""); continue;
		case '\\': buf_puts(out, "\\\\"); continue;
		case 0: buf_puts(out, "\\0"); continue;
		case '\a': buf_puts(out, "\\a"); continue;
		case '\b': buf_puts(out, "\\b"); continue;
		case '\t': buf_puts(out, "\\t"); continue;
		case '\n': buf_puts(out, "\\n"); continue;
		case '\v': buf_puts(out, "\\v"); continue;
		case '\f': buf_puts(out, "\\f"); continue;
		case '\r': buf_puts(out, "\\r"); continue;
		case 0x1b: buf_puts(out, "\\e"); continue;
		}
		if (!needs_escape(cp)) {
			if (k == 1 && cp == 0xfffd)
				buf_puts(out, "\xef\xbf\xbd");
			else
				buf_put(out, s + i, k);
		} else if (cp < 0x100) {
			buf_printf(out, "\\x%02X", (unsigned)cp);
		} else if (cp < 0x10000) {
			buf_printf(out, "\\u%04X", (unsigned)cp);
		} else {
			buf_printf(out, "\\U%08X", (unsigned)cp);
		}
	}
	buf_putc(out, '"');
}

void
event_write_scalar(buf *out, const char *s, size_t len, int indent, int flow)
{
	if (plain_ok(s, len, flow))
		buf_put(out, s, len);
	else if (!flow && literal_ok(s, len))
		put_literal(out, s, len, indent);
	else
		put_double(out, s, len);
}

/*
 * "key: value\n" for a text value, after pad spaces, the key standing in
 * column col (which a literal block's lines must pass); nothing when value
 * is NULL.
 */
static void
put_field(buf *out, int pad, int col, const char *key, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(out, "%*s%s: ", pad, "", key);
	event_write_scalar(out, value, strlen(value), col + 2, 0);
	buf_putc(out, '\n');
}

void
event_write_text(buf *out, const event_fields *f)
{
	char d[DATE_BUFSZ];
	size_t i;

	buf_puts(out, EVENT_MODELINE "\n");
	put_field(out, 0, 0, "id", f->id);
	buf_printf(out, "date: %s\n", date_format(f->date, d));
	put_field(out, 0, 0, "kind", f->kind);
	put_field(out, 0, 0, "title", f->title);
	buf_puts(out, "indicators: [");
	for (i = 0; i < f->nindicators; i++) {
		if (i > 0)
			buf_puts(out, ", ");
		event_write_scalar(out, f->indicators[i], strlen(f->indicators[i]), 0, 1);
	}
	buf_puts(out, "]\n");
	put_field(out, 0, 0, "responsible", f->responsible);
	if (f->has_participants)
		buf_printf(out, "participants: %lld\n", f->participants);
	if (f->nevidence > 0)
		buf_puts(out, "evidence:\n");
	for (i = 0; i < f->nevidence; i++) {
		buf_puts(out, "  - ");
		put_field(out, 0, 4, "type", f->evidence[i].type);
		put_field(out, 4, 4, "ref", f->evidence[i].ref);
	}
	put_field(out, 0, 0, "note", f->note);
	put_field(out, 0, 0, "supersedes", f->supersedes);
	put_field(out, 0, 0, "reason", f->reason);
	if (f->exception != NULL) {
		buf_puts(out, "exception:\n");
		put_field(out, 2, 2, "reason", f->exception);
	}
}

char *
event_write_path(date_days date, const char *id)
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	return xasprintf("records/events/%04d/%02d/%s.yaml", y, m, id);
}

int
event_write_unique_id(char **id, char **path, const ledger *l, const char *root, date_days date,
                      const char *slug)
{
	char day[DATE_BUFSZ];
	int n;

	date_format(date, day);
	for (n = 1; n < 10000; n++) {
		char *full;
		int taken;

		*id = n == 1 ? xasprintf("%s-%s", day, slug) : xasprintf("%s-%s-%d", day, slug, n);
		*path = event_write_path(date, *id);
		full = xasprintf("%s%s", root, *path);
		taken = fsutil_exists(full) || (l != NULL && ledger_event_index(l, *id) >= 0);
		free(full);
		if (!taken)
			return 0;
		free(*id);
		free(*path);
	}
	*id = *path = NULL;
	return error_set("there are already 9,999 events called %s-%s; give this one another "
	                 "title",
	                 day, slug);
}

/* The folder part of a path ("a/b" of "a/b/c"). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? xstrdup(".") : xstrndup(path, (size_t)(slash - path));
}

int
event_write_file(const char *root, const char *path, const char *text, size_t len,
		 const char *tmp_dir, int *exists)
{
	char *full = xasprintf("%s%s", root, path);
	char *month = dir_of(full);
	char *year = dir_of(month);
	int had_year = fsutil_exists(year), had_month = fsutil_exists(month);
	int rc = -1;

	*exists = 0;
	if (fsutil_mkdirs(month) == 0)
		rc = fsutil_write_atomic_via(tmp_dir, full, text, len, 1, exists);
	if (rc != 0) {
		/* Only folders made just now, and only while empty, go again. */
		if (!had_month)
			rmdir(month);
		if (!had_year)
			rmdir(year);
	}
	free(full);
	free(month);
	free(year);
	return rc;
}

/* Trims ASCII spaces and tabs from both ends of s[0..len). */
static char *
trimmed(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return xstrndup(s, len);
}

int
event_write_parse_evidence(const char *arg, char **type, char **ref)
{
	const char *colon = strchr(arg, ':');

	*type = *ref = NULL;
	if (colon != NULL) {
		*type = trimmed(arg, (size_t)(colon - arg));
		*ref = trimmed(colon + 1, strlen(colon + 1));
		if (**type != '\0' && **ref != '\0')
			return 0;
		free(*type);
		free(*ref);
		*type = *ref = NULL;
	}
	return error_set("'%s' is not evidence written as TYPE:REFERENCE, such as "
	                 "diarienummer:RUN 19/00123",
	                 arg);
}

char *
event_write_indicator_id(const char *s, size_t len)
{
	char *t = trimmed(s, len);
	const char *digits = t[0] == 'I' || t[0] == 'i' ? t + 1 : t;
	char *out;

	if (*digits == '\0' || strspn(digits, "0123456789") != strlen(digits))
		return t;
	out = xasprintf("I%s", digits);
	free(t);
	return out;
}
