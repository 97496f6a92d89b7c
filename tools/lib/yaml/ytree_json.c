/*
 * A JSON reader (RFC 8259) that builds the same tree as the YAML reader.
 *
 * JSON is not read through libyaml: YAML 1.1 turns a raw U+0085 inside text
 * into a line break (the data changes without a word) and refuses U+FFFF
 * and DEL, which JSON allows. This reader takes exactly RFC 8259: any
 * Unicode character in text (control characters below U+0020 only
 * escaped), no trailing commas, no comments, no single quotes, nothing
 * after the value. A key written twice in one object is a finding, as in
 * YTREE_DATA mode.
 *
 * Like the YAML builder it keeps its own stack of open lists and objects,
 * so the depth of the input never reaches the C stack, and the children of
 * every open collection wait in one shared array until it closes.
 * Positions are 1-based lines and columns in characters; the column is
 * counted forward from the last position asked for, so a file of one long
 * line costs no more than one of many.
 */
#include "yaml/ytree.h"
#include "yaml/ytree_build.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Text from the file quoted in a message: at most SHOW_CHARS characters. */
enum { SHOW_CHARS = 40, SHOW_BUF = SHOW_CHARS * 6 + 8 };

typedef struct jframe {
	ytree_node *node;
	size_t start; /* first slot of this collection's children */
} jframe;

typedef struct jreader {
	const unsigned char *s;
	size_t len, pos;
	const ytree_limits *lim;
	ytree_report rep; /* the findings, and whether to read on */
	ytree_doc *doc;
	unsigned line;
	size_t line_start;
	size_t cpos;   /* the column is known up to here */
	unsigned ccol; /* the column of the character at cpos */
	jframe *stack;
	size_t depth, stack_cap;
	ytree_slots slots;
	buf text; /* a string being unescaped */
	size_t total;
} jreader;

/* The column of the character at byte offset pos of the current line. */
static unsigned
col_at(jreader *r, size_t pos)
{
	if (r->cpos < r->line_start || r->cpos > pos) {
		r->cpos = r->line_start;
		r->ccol = 1;
	}
	for (; r->cpos < pos; r->cpos++)
		if ((r->s[r->cpos] & 0xc0) != 0x80)
			r->ccol++;
	return r->ccol;
}

/* A finding at line:col (fmt is translated), or none past the most a file gets. */
#define finding_at(r, ...) ytree_report_add(&(r)->rep, __VA_ARGS__)

/* A finding at byte offset pos (on the current line) that ends the reading. */
static void
fail_at(jreader *r, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
fail_at(jreader *r, size_t pos, const char *fmt, ...)
{
	buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&m, _(fmt), ap);
	va_end(ap);
	finding_at(r, r->line, col_at(r, pos), "%s", buf_cstr(&m));
	buf_free(&m);
	r->rep.stop = 1;
}

/* Text quoted in a message, control characters escaped, cut at SHOW_CHARS. */
static const char *
show_text(char *out, const char *s, size_t len)
{
	size_t i, o = 0, chars = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) != 0x80) {
			if (chars == SHOW_CHARS)
				break;
			chars++;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, 7, "\\u%04X", c);
		else
			out[o++] = (char)c;
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/* The character at pos, quoted for a message ("'x'", "the end of the file"). */
static const char *
show_char(jreader *r, size_t pos, char *out, size_t outlen)
{
	uint32_t cp;
	size_t n;

	if (pos >= r->len)
		return _("the end of the file");
	n = utf8_decode((const char *)r->s + pos, r->len - pos, &cp);
	if (n == 0)
		snprintf(out, outlen, _("a byte that is not UTF-8 (0x%02X)"), r->s[pos]);
	else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		snprintf(out, outlen, _("the control character U+%04X"), (unsigned)cp);
	else
		snprintf(out, outlen, "'%.*s'", (int)n, (const char *)r->s + pos);
	return out;
}

/* Skips spaces, tabs and line breaks (LF, CR, CR LF), counting lines. */
static void
skip_ws(jreader *r)
{
	while (r->pos < r->len) {
		unsigned char c = r->s[r->pos];

		if (c == ' ' || c == '\t') {
			r->pos++;
		} else if (c == '\n' || c == '\r') {
			r->pos++;
			if (c == '\r' && r->pos < r->len && r->s[r->pos] == '\n')
				r->pos++;
			r->line++;
			r->line_start = r->pos;
		} else {
			break;
		}
	}
}

static ytree_node *
new_node(jreader *r, ytree_kind kind, size_t pos)
{
	if (r->total >= r->lim->max_nodes) {
		fail_at(r, pos, "the file has more than %zu values; it is too large to check",
			r->lim->max_nodes);
		return NULL;
	}
	r->total++;
	return ytree_new_node(r->doc, kind, r->line, col_at(r, pos));
}

/* Reads 4 hexadecimal digits at pos into *out; 0 when they are not there. */
static int
hex4(jreader *r, size_t pos, uint32_t *out)
{
	size_t i;

	*out = 0;
	if (r->len - pos < 4)
		return 0;
	for (i = 0; i < 4; i++) {
		unsigned char c = r->s[pos + i];
		unsigned v;

		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = (unsigned)((c | 0x20) - 'a' + 10);
		else
			return 0;
		*out = *out << 4 | v;
	}
	return 1;
}

/*
 * Reads the text in double quotes at r->pos into a new string node (the
 * opening quote at r->pos). Returns NULL after a finding.
 */
static ytree_node *
read_string(jreader *r)
{
	size_t start = r->pos, p = r->pos + 1, run = p;
	int escaped = 0;
	ytree_node *n;
	char s[SHOW_BUF];

	buf_reset(&r->text);
	for (;;) {
		unsigned char c;

		if (p >= r->len) {
			fail_at(r, start, "this text has no closing '\"' before the end of the file");
			return NULL;
		}
		c = r->s[p];
		if (c == '"')
			break;
		if (c == '\\') {
			uint32_t cp, lo;
			char u[4];

			escaped = 1;
			buf_put(&r->text, (const char *)r->s + run, p - run);
			if (p + 1 >= r->len) {
				fail_at(r, start,
					"this text has no closing '\"' before the end of the file");
				return NULL;
			}
			switch (r->s[p + 1]) {
			case '"': buf_putc(&r->text, '"'); p += 2; break;
			case '\\': buf_putc(&r->text, '\\'); p += 2; break;
			case '/': buf_putc(&r->text, '/'); p += 2; break;
			case 'b': buf_putc(&r->text, '\b'); p += 2; break;
			case 'f': buf_putc(&r->text, '\f'); p += 2; break;
			case 'n': buf_putc(&r->text, '\n'); p += 2; break;
			case 'r': buf_putc(&r->text, '\r'); p += 2; break;
			case 't': buf_putc(&r->text, '\t'); p += 2; break;
			case 'u':
				if (!hex4(r, p + 2, &cp)) {
					fail_at(r, p,
						"'\\u' must be followed by four hexadecimal digits "
						"(as in \\u00e9)");
					return NULL;
				}
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					fail_at(r, p,
						"'\\u%04X' is the second half of a character written as "
						"two escapes, without the first half; write the whole "
						"character, or both halves",
						(unsigned)cp);
					return NULL;
				}
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (p + 12 > r->len || r->s[p + 6] != '\\' || r->s[p + 7] != 'u' ||
					    !hex4(r, p + 8, &lo) || lo < 0xdc00 || lo > 0xdfff) {
						fail_at(r, p,
							"'\\u%04X' is the first half of a character "
							"written as two escapes, and its second half "
							"(\\uDC00 to \\uDFFF) does not follow; write the "
							"whole character, or both halves",
							(unsigned)cp);
						return NULL;
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				}
				buf_put(&r->text, u, utf8_encode(cp, u));
				p += 6;
				break;
			default:
				if (r->s[p + 1] > 0x20 && r->s[p + 1] < 0x7f)
					fail_at(r, p,
						"'\\%c' is not an escape JSON knows; a backslash "
						"itself is written '\\\\'",
						r->s[p + 1]);
				else
					fail_at(r, p,
						"a backslash followed by %s is not an escape JSON "
						"knows; a backslash itself is written '\\\\'",
						show_char(r, p + 1, s, sizeof(s)));
				return NULL;
			}
			run = p;
		} else if (c < 0x20) {
			if (c == '\n' || c == '\r')
				fail_at(r, start,
					"this text has no closing '\"' on its line; close it, or write "
					"a line break inside it as \\n");
			else
				fail_at(r, p,
					"the control character U+%04X may not stand in text as it is; "
					"write it as \\u%04X%s",
					c, c, c == '\t' ? " or \\t" : "");
			return NULL;
		} else if (c < 0x80) {
			p++;
		} else {
			uint32_t cp;
			size_t k = utf8_decode((const char *)r->s + p, r->len - p, &cp);

			if (k == 0) {
				fail_at(r, p,
					"the bytes here are not valid UTF-8; save the file as UTF-8");
				return NULL;
			}
			p += k;
		}
		if ((escaped ? r->text.len + (p - run) : p - start - 1) > r->lim->max_scalar) {
			char s1[32];

			ytree_size_words(r->lim->max_scalar, s1, sizeof(s1));
			fail_at(r, start, "this text is longer than %s, the most a value may be",
				s1);
			return NULL;
		}
	}
	n = new_node(r, YT_STR, start);
	if (n == NULL)
		return NULL;
	if (escaped) {
		buf_put(&r->text, (const char *)r->s + run, p - run);
		n->str = arena_strndup(&r->doc->arena, r->text.ptr, r->text.len);
		n->len = r->text.len;
	} else {
		n->str = arena_strndup(&r->doc->arena, (const char *)r->s + start + 1, p - start - 1);
		n->len = p - start - 1;
	}
	n->style = YTREE_STYLE_DOUBLE;
	r->pos = p + 1;
	return n;
}

static size_t
digits(jreader *r, size_t p)
{
	while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
		p++;
	return p;
}

/* Reads a number at r->pos: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static ytree_node *
read_number(jreader *r)
{
	size_t start = r->pos, p = r->pos, q;
	int whole = 1;
	ytree_node *n;
	char *text;

	if (r->s[p] == '-')
		p++;
	if (p >= r->len || r->s[p] < '0' || r->s[p] > '9') {
		fail_at(r, start, "a '-' must be followed by a digit");
		return NULL;
	}
	if (r->s[p] == '0' && p + 1 < r->len && r->s[p + 1] >= '0' && r->s[p + 1] <= '9') {
		fail_at(r, start,
			"a number may not start with 0 followed by more digits; write it without "
			"the leading zero, or in double quotes if it is text");
		return NULL;
	}
	p = digits(r, p);
	if (p < r->len && r->s[p] == '.') {
		whole = 0;
		q = digits(r, p + 1);
		if (q == p + 1) {
			fail_at(r, p, "a decimal point must be followed by a digit (as in 1.0)");
			return NULL;
		}
		p = q;
	}
	if (p < r->len && (r->s[p] == 'e' || r->s[p] == 'E')) {
		whole = 0;
		q = p + 1;
		if (q < r->len && (r->s[q] == '+' || r->s[q] == '-'))
			q++;
		if (digits(r, q) == q) {
			fail_at(r, p, "an exponent must have digits (as in 1e3)");
			return NULL;
		}
		p = digits(r, q);
	}
	if (p - start > r->lim->max_scalar) {
		fail_at(r, start, "this number is too long to read");
		return NULL;
	}
	n = new_node(r, whole ? YT_INT : YT_FLOAT, start);
	if (n == NULL)
		return NULL;
	text = arena_strndup(&r->doc->arena, (const char *)r->s + start, p - start);
	n->str = text;
	n->len = p - start;
	if (whole) {
		errno = 0;
		n->integer = strtoll(text, NULL, 10);
		if (errno == ERANGE) {
			n->big = 1;
			n->integer = 0;
		}
	}
	/* A number beyond a double's range is infinite here; its text is exact. */
	n->number = strtod(text, NULL);
	if (whole && !n->big)
		n->number = (double)n->integer;
	r->pos = p;
	return n;
}

/* Reads true, false or null at r->pos; NULL after a finding. */
static ytree_node *
read_word(jreader *r)
{
	static const struct {
		const char *word;
		ytree_kind kind;
	} words[] = {{"true", YT_BOOL}, {"false", YT_BOOL}, {"null", YT_NULL}};
	size_t i, p = r->pos, end = p;
	ytree_node *n;
	char s[SHOW_BUF], s2[SHOW_BUF];

	while (end < r->len && end - p < SHOW_CHARS &&
	       ((r->s[end] | 0x20) >= 'a' && (r->s[end] | 0x20) <= 'z'))
		end++;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t wl = strlen(words[i].word);

		if (end - p == wl && memcmp(r->s + p, words[i].word, wl) == 0) {
			n = new_node(r, words[i].kind, p);
			if (n == NULL)
				return NULL;
			n->str = words[i].word;
			n->len = wl;
			n->boolean = words[i].word[0] == 't';
			r->pos = end;
			return n;
		}
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (end - p == strlen(words[i].word) &&
		    strncasecmp((const char *)r->s + p, words[i].word, end - p) == 0) {
			fail_at(r, p, "'%s' must be written in small letters in JSON: %s",
				show_text(s, (const char *)r->s + p, end - p), words[i].word);
			return NULL;
		}
	fail_at(r, p, "'%s' is no value JSON knows; text must be in double quotes (\"%s\")",
		show_text(s, (const char *)r->s + p, end - p),
		show_text(s2, (const char *)r->s + p, end - p));
	return NULL;
}

/* 1 when the last character before r->pos, white space aside, is a comma. */
static int
after_comma(const jreader *r)
{
	size_t p = r->pos;

	while (p > 0 && (r->s[p - 1] == ' ' || r->s[p - 1] == '\t' || r->s[p - 1] == '\n' ||
			 r->s[p - 1] == '\r'))
		p--;
	return p > 0 && r->s[p - 1] == ',';
}

/* Says why the character at r->pos cannot start a value. */
static void
no_value(jreader *r, const char *where)
{
	unsigned char c = r->pos < r->len ? r->s[r->pos] : 0;
	char s[SHOW_BUF];

	if (r->pos >= r->len)
		fail_at(r, r->pos, "the file ends where %s should be", where);
	else if (c == '/')
		fail_at(r, r->pos, "JSON allows no comments; remove it");
	else if (c == '\'')
		fail_at(r, r->pos, "text must be in double quotes (\"...\") in JSON, not single");
	else if ((c == ']' || c == '}') && after_comma(r))
		fail_at(r, r->pos, "a comma before '%c' with nothing after it; remove the comma",
			c);
	else if (c == ',')
		fail_at(r, r->pos, "a comma where %s should be; remove it", where);
	else
		fail_at(r, r->pos, "%s where %s should be", show_char(r, r->pos, s, sizeof(s)),
			where);
}

/* Adds a finished value to the open collection. */
static void
hold(jreader *r, ytree_node *n)
{
	ytree_slots_push(&r->slots, n);
}

/* Closes the innermost collection; returns its node. */
static ytree_node *
close_top(jreader *r)
{
	jframe f = r->stack[--r->depth];
	ytree_node *n = f.node;

	ytree_slots_close(r->doc, &r->slots, n, f.start);
	if (n->kind != YT_SEQ)
		ytree_check_duplicates(&r->rep, n,
				       N_("the key '%s' appears twice in the same object, on line "
					  "%u and line %u; keep one of them"),
				       show_text);
	return n;
}

/* Opens a list or object at r->pos ('[' or '{'); 0 after a finding. */
static int
open_collection(jreader *r, ytree_kind kind)
{
	ytree_node *n;

	if (r->depth >= r->lim->max_depth) {
		fail_at(r, r->pos,
			"lists and objects are nested more than %zu levels deep here; "
			"that is more than this file may hold",
			r->lim->max_depth);
		return 0;
	}
	n = new_node(r, kind, r->pos);
	if (n == NULL)
		return 0;
	n->style = YTREE_STYLE_FLOW;
	r->stack = xgrow(r->stack, &r->stack_cap, r->depth + 1, sizeof(*r->stack));
	r->stack[r->depth].node = n;
	r->stack[r->depth++].start = r->slots.n;
	r->pos++;
	return 1;
}

/* Reads a key and its ':' at r->pos (after white space); 0 after a finding. */
static int
read_key(jreader *r)
{
	ytree_node *k;

	if (r->pos >= r->len || r->s[r->pos] != '"') {
		if (r->pos < r->len && r->s[r->pos] == '}')
			fail_at(r, r->pos, "a comma before '}' with nothing after it; remove the "
					   "comma");
		else if (r->pos < r->len && r->s[r->pos] == '/')
			fail_at(r, r->pos, "JSON allows no comments; remove it");
		else if (r->pos < r->len && r->s[r->pos] == ',')
			fail_at(r, r->pos, "a comma where a key should be; remove it");
		else if (r->pos < r->len && r->s[r->pos] == '\'')
			fail_at(r, r->pos,
				"a key must be in double quotes (\"name\") in JSON, not single");
		else
			fail_at(r, r->pos, "a key in double quotes (\"name\") should be here");
		return 0;
	}
	k = read_string(r);
	if (k == NULL)
		return 0;
	hold(r, k);
	skip_ws(r);
	if (r->pos >= r->len || r->s[r->pos] != ':') {
		char s[SHOW_BUF];

		fail_at(r, r->pos, "a ':' should follow the key '%s'",
			show_text(s, k->str, k->len));
		return 0;
	}
	r->pos++;
	return 1;
}

/* Reads the one value of the text; returns it, or NULL after a finding. */
static ytree_node *
read_text(jreader *r)
{
	ytree_node *v = NULL;

	for (;;) {
		/* A value is wanted at r->pos. */
		skip_ws(r);
		if (r->pos >= r->len) {
			no_value(r, "a value");
			return NULL;
		}
		switch (r->s[r->pos]) {
		case '{':
			if (!open_collection(r, YT_MAP))
				return NULL;
			skip_ws(r);
			if (r->pos < r->len && r->s[r->pos] == '}') {
				r->pos++;
				v = close_top(r);
				break;
			}
			if (!read_key(r))
				return NULL;
			continue;
		case '[':
			if (!open_collection(r, YT_SEQ))
				return NULL;
			skip_ws(r);
			if (r->pos < r->len && r->s[r->pos] == ']') {
				r->pos++;
				v = close_top(r);
				break;
			}
			continue;
		case '"':
			v = read_string(r);
			break;
		case '-':
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			v = read_number(r);
			break;
		default:
			if ((r->s[r->pos] | 0x20) >= 'a' && (r->s[r->pos] | 0x20) <= 'z')
				v = read_word(r);
			else
				no_value(r, "a value");
			break;
		}
		/* A value is complete: v. Close what it completes. */
		for (;;) {
			jframe *top;
			unsigned char c;
			char s[SHOW_BUF];

			if (v == NULL || r->rep.stop)
				return NULL;
			if (r->depth == 0)
				return v;
			hold(r, v);
			top = &r->stack[r->depth - 1];
			skip_ws(r);
			c = r->pos < r->len ? r->s[r->pos] : 0;
			if (c == ',') {
				r->pos++;
				skip_ws(r);
				if (top->node->kind == YT_MAP && !read_key(r))
					return NULL;
				break;
			}
			if (c == (top->node->kind == YT_SEQ ? ']' : '}')) {
				r->pos++;
				v = close_top(r);
				continue;
			}
			if (r->pos >= r->len)
				fail_at(r, r->pos,
					"the file ends inside the %s that starts on line %u; close it "
					"with '%c'",
					top->node->kind == YT_SEQ ? "list" : "object", top->node->line,
					top->node->kind == YT_SEQ ? ']' : '}');
			else if (c == '/')
				fail_at(r, r->pos, "JSON allows no comments; remove it");
			else
				fail_at(r, r->pos, "%s where a ',' or '%c' should be",
					show_char(r, r->pos, s, sizeof(s)),
					top->node->kind == YT_SEQ ? ']' : '}');
			return NULL;
		}
	}
}

int
ytree_parse_json(ytree_doc **out, const char *path, const char *data, size_t len,
		 const ytree_limits *limits, diag_list *findings)
{
	jreader r;
	ytree_node *root = NULL;
	int rc = YTREE_REJECTED;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.s = (const unsigned char *)data;
	r.len = len;
	r.lim = limits != NULL ? limits : &ytree_general_limits;
	r.rep.path = path;
	r.rep.findings = findings;
	r.rep.rule = "json";
	r.line = 1;
	r.ccol = 1;
	r.doc = xcalloc(1, sizeof(*r.doc));
	r.doc->path = xstrdup(path);
	if (len > r.lim->max_bytes) {
		char s1[32], s2[32];

		ytree_size_words(len, s1, sizeof(s1));
		ytree_size_words(r.lim->max_bytes, s2, sizeof(s2));
		finding_at(&r, 1, 1, "the file is %s; a file may be at most %s", s1, s2);
		goto done;
	}
	/* RFC 8259 lets a reader pass over a byte-order mark. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r.pos = r.line_start = r.cpos = 3;
	skip_ws(&r);
	if (r.pos < r.len) {
		root = read_text(&r);
		if (root != NULL) {
			skip_ws(&r);
			if (r.pos < r.len) {
				char s[SHOW_BUF];

				fail_at(&r, r.pos,
					"%s after the end of the value; a JSON file holds one value "
					"(put several in a list [...])",
					show_char(&r, r.pos, s, sizeof(s)));
			}
		}
	}
	if (r.rep.nfound > 0)
		goto done;
	r.doc->nodes = r.total;
	if (root != NULL) {
		r.doc->ndocs = 1;
		r.doc->docs = arena_alloc(&r.doc->arena, sizeof(*r.doc->docs));
		r.doc->docs[0] = root;
		r.doc->root = root;
	}
	*out = r.doc;
	r.doc = NULL;
	rc = YTREE_OK;
done:
	ytree_doc_free(r.doc);
	free(r.stack);
	free(r.slots.v);
	buf_free(&r.text);
	return rc;
}

int
ytree_is_json_name(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcasecmp(path + n - 5, ".json") == 0;
}

int
ytree_parse_json_file(ytree_doc **out, const char *path, const ytree_limits *limits,
		      diag_list *findings)
{
	const ytree_limits *lim = limits != NULL ? limits : &ytree_general_limits;
	buf data = BUF_INIT;
	int too_big = 0, rc;

	*out = NULL;
	if (fsutil_read_file(path, lim->max_bytes, &data, &too_big) != 0) {
		buf_free(&data);
		return -1;
	}
	if (too_big) {
		char s[32];

		ytree_size_words(lim->max_bytes, s, sizeof(s));
		diag_add(findings, path, 1, 1, DIAG_ERROR, "json",
			 "the file is larger than %s, the most a file may hold", s);
		buf_free(&data);
		return YTREE_REJECTED;
	}
	rc = ytree_parse_json(out, path, data.ptr, data.len, limits, findings);
	buf_free(&data);
	return rc;
}

int
ytree_parse_data_file(ytree_doc **out, const char *path, ytree_mode mode,
		      const ytree_limits *limits, diag_list *findings)
{
	if (ytree_is_json_name(path))
		return ytree_parse_json_file(out, path, limits, findings);
	return ytree_parse_file(out, path, mode, limits, findings);
}
