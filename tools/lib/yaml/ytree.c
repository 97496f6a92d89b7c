/*
 * Building the tree from libyaml's events. The builder keeps its own stack of
 * open lists and mappings, so the depth of the input never reaches the C
 * stack; the children of every open collection wait in one shared array of
 * slots and move into the arena when the collection ends.
 */
#include "yaml/ytree.h"
#include "yaml/ytree_build.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/error.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/binio.h"
#include "util/decimal.h"
#include "util/xalloc.h"
#include "util/i18n.h"

const ytree_limits ytree_record_limits = {64 * 1024, 16, 4096, 10000};
const ytree_limits ytree_general_limits = {64 * 1024 * 1024, 1000, 16 * 1024 * 1024,
					   10000000};

#define TAG_PREFIX "tag:yaml.org,2002:"

/* Text from the file quoted in a message: at most SHOW_CHARS characters. */
enum { SHOW_CHARS = 40, SHOW_BUF = SHOW_CHARS * 4 + 8 };

typedef struct anchor {
	char *name; /* owned */
	ytree_node *node;
	size_t weight; /* nodes it expands to; 0 while still open */
} anchor;

typedef struct frame {
	ytree_node *node;
	size_t start;	 /* first slot of this collection's children */
	size_t weight;	 /* 1 + the weight of the children so far */
	size_t anchor;	 /* index + 1 into the anchor table, 0 when none */
} frame;

typedef struct builder {
	ytree_doc *doc;
	ytree_mode mode;
	const ytree_limits *lim;
	ytree_report rep; /* the findings, and whether to read on */
	const char *data;
	size_t len;
	frame *stack;
	size_t depth, stack_cap;
	ytree_slots slots;
	anchor *anchors;
	size_t nanchors, anchor_cap;
	size_t *hash; /* open addressing: index + 1 into anchors, 0 free */
	size_t hash_cap;
	ytree_node **docs;
	size_t ndocs, docs_cap;
	size_t total; /* nodes so far, aliases counted as what they expand to */
} builder;

/* A finding at line:col (fmt is translated), or none past the most a file gets. */
#define finding(b, ...) ytree_report_add(&(b)->rep, __VA_ARGS__)

/*
 * Text from the file (a key, an anchor's name, a tag) for a message: at most
 * SHOW_CHARS characters followed by "..." when longer, with line breaks and
 * other control characters written as escapes, so that a finding stays one
 * short line whatever the text holds. out has SHOW_BUF bytes.
 */
static const char *
show_text(char *out, const char *s, size_t len)
{
	size_t i, o = 0, chars = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) != 0x80) {
			/* A character starts here; it takes at most 4 bytes. */
			if (chars == SHOW_CHARS || o + 4 > SHOW_BUF - 4)
				break;
			chars++;
		} else if (o + 1 > SHOW_BUF - 4) {
			break;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			out[o++] = '\\';
			out[o++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(out + o, 5, "\\x%02X", c);
		} else {
			out[o++] = (char)c;
		}
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/* Line and column (1-based, column in characters) of a byte offset. */
static void
offset_position(const char *data, size_t len, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * A size and the limit it is over, in words: exact bytes when the rounded
 * words would read the same ("4097 bytes long; at most 4096 bytes", never
 * "4.0 KiB long; at most 4.0 KiB").
 */
static void
size_pair(size_t n, size_t limit, char *a, char *b, size_t len)
{
	ytree_size_words(n, a, len);
	ytree_size_words(limit, b, len);
	if (strcmp(a, b) == 0) {
		snprintf(a, len, "%zu bytes", n);
		snprintf(b, len, "%zu bytes", limit);
	}
}

/*
 * Record mode looks at the bytes before libyaml does: encodings and invisible
 * characters are where a non-programmer's file goes wrong without anything
 * showing on screen, and libyaml's own words for them are cryptic.
 */
static void
scan_bytes(builder *b)
{
	const unsigned char *s = (const unsigned char *)b->data;
	size_t i = 0, n = b->len;
	unsigned line = 1, col = 1;
	int seen_nul = 0, seen_c1 = 0, seen_bidi = 0;

	if (n >= 2 && ((s[0] == 0xfe && s[1] == 0xff) || (s[0] == 0xff && s[1] == 0xfe))) {
		finding(b, 1, 1,
			"the file is saved as UTF-16; save it as UTF-8 (in most editors: "
			"\"Save with encoding\", UTF-8)");
		b->rep.stop = 1;
		return;
	}
	if (n >= 2 && (s[0] == 0) != (s[1] == 0)) {
		/* YAML's own rule for telling encodings apart: one NUL in the
		 * first two bytes is UTF-16 (or UTF-32) without a byte-order mark. */
		finding(b, 1, 1,
			"the file is saved as UTF-16 (every other byte is 0); save it as "
			"UTF-8 (in most editors: \"Save with encoding\", UTF-8)");
		b->rep.stop = 1;
		return;
	}
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		finding(b, 1, 1,
			"the file starts with a byte-order mark, an invisible character some "
			"editors add; save it as UTF-8 without BOM");
		i = 3;
	}
	while (i < n) {
		uint32_t cp;
		size_t k;

		if (s[i] < 0x80) {
			if (s[i] == 0 && !seen_nul) {
				seen_nul = 1;
				finding(b, line, col,
					"the file contains a NUL character (byte 0); it may be a "
					"binary file or saved as UTF-16 - save it as UTF-8 text");
			}
			if (s[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
			i++;
			continue;
		}
		k = utf8_decode((const char *)s + i, n - i, &cp);
		if (k == 0) {
			finding(b, line, col,
				"the file is not valid UTF-8 here (byte 0x%02X); it may be saved "
				"as Latin-1 (ISO-8859-1) or Windows-1252 - save it as UTF-8",
				s[i]);
			b->rep.stop = 1;
			return;
		}
		if (cp >= 0x80 && cp <= 0x9f && !seen_c1) {
			seen_c1 = 1;
			finding(b, line, col,
				"the file contains the invisible control character U+%04X; "
				"delete it (it often comes from text pasted out of another program)",
				(unsigned)cp);
		}
		if ((cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		     (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) &&
		    !seen_bidi) {
			seen_bidi = 1;
			finding(b, line, col,
				"the file contains the invisible character U+%04X, which changes "
				"the direction text is shown in, so the text may not read as it "
				"is stored; delete it",
				(unsigned)cp);
		}
		col++;
		i += k;
	}
	if (seen_nul)
		b->rep.stop = 1;
}

/* Plain words for libyaml's problems, keeping libyaml's own for experts. */
static const char *
explain(const char *problem)
{
	static const struct {
		const char *problem;
		const char *words;
	} table[] = {
		{"mapping values are not allowed in this context",
		 "a ': ' here starts a new key where none may start; if the value is "
		 "text containing ': ', put it in quotes"},
		{"found character that cannot start any token",
		 "this character cannot start a value (a tab used for indenting, or a "
		 "'@' or '`' at the start?); indent with spaces, or put the text in quotes"},
		{"did not find expected key",
		 "this line does not line up with the keys above it; check its indentation"},
		{"did not find expected '-' indicator",
		 "this line does not line up with the list above it; check its indentation"},
		{"found unexpected end of stream",
		 "the file ends inside a quoted text or a bracket; close it"},
		{"found unknown escape character",
		 "a backslash in double-quoted text starts an unknown escape; write \\\\ "
		 "for a backslash, or use single quotes"},
		{"did not find expected node content",
		 "a value is missing here, or a bracket or comma is out of place"},
		{"did not find expected ',' or ']'",
		 "a list in brackets is not closed: a ',' or ']' is missing"},
		{"did not find expected ',' or '}'",
		 "a mapping in braces is not closed: a ',' or '}' is missing"},
		{"found undefined alias", "this alias (*name) has no anchor (&name) before it"},
		{"found unexpected ':'", "a ':' is out of place here; put the text in quotes"},
		{"block sequence entries are not allowed in this context",
		 "a list item ('- ') is out of place here; check the indentation"},
		{"could not find expected ':'",
		 "a key is missing its ':', or a quoted text runs over several lines"},
		{"found a tab character that violates indentation",
		 "a tab is used for indenting here; indent with spaces"},
		{"found a tab character where an indentation space is expected",
		 "a tab is used for indenting here; indent with spaces"},
	};
	size_t i;

	if (problem == NULL)
		return "the YAML cannot be read here";
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(problem, table[i].problem) == 0)
			return table[i].words;
	return NULL;
}

static void
parser_finding(builder *b, const yaml_parser_t *p)
{
	unsigned line, col;
	const char *words = explain(p->problem);
	const char *problem = p->problem != NULL ? p->problem : "unknown problem";

	if (p->error == YAML_READER_ERROR) {
		offset_position(b->data, b->len, p->problem_offset, &line, &col);
		finding(b, line, col,
			"the file cannot be read as text here (%s); save it as UTF-8", problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		finding(b, 1, 1, "the file is too large to read");
		return;
	}
	line = (unsigned)p->problem_mark.line + 1;
	col = (unsigned)p->problem_mark.column + 1;
	if (words != NULL)
		finding(b, line, col, "%s (YAML: %s)", words, problem);
	else if (p->context != NULL)
		finding(b, line, col, "the YAML cannot be read here: %s %s", p->context, problem);
	else
		finding(b, line, col, "the YAML cannot be read here: %s", problem);
}

static anchor *
anchor_find(builder *b, const char *name)
{
	size_t i;

	if (b->hash_cap == 0)
		return NULL;
	for (i = binio_hash_str(name) & (b->hash_cap - 1); b->hash[i] != 0;
	     i = (i + 1) & (b->hash_cap - 1))
		if (strcmp(b->anchors[b->hash[i] - 1].name, name) == 0)
			return &b->anchors[b->hash[i] - 1];
	return NULL;
}

static void
hash_insert(builder *b, size_t idx)
{
	size_t i;

	for (i = binio_hash_str(b->anchors[idx].name) & (b->hash_cap - 1); b->hash[i] != 0;
	     i = (i + 1) & (b->hash_cap - 1))
		;
	b->hash[i] = idx + 1;
}

/*
 * Defines (or redefines, as YAML allows) an anchor and returns its index + 1.
 */
static size_t
anchor_define(builder *b, const char *name, ytree_node *node, size_t weight)
{
	anchor *a = anchor_find(b, name);
	size_t i;

	if (a != NULL) {
		a->node = node;
		a->weight = weight;
		return (size_t)(a - b->anchors) + 1;
	}
	b->anchors = xgrow(b->anchors, &b->anchor_cap, b->nanchors + 1, sizeof(*b->anchors));
	b->anchors[b->nanchors].name = xstrdup(name);
	b->anchors[b->nanchors].node = node;
	b->anchors[b->nanchors].weight = weight;
	b->nanchors++;
	if (b->nanchors * 2 > b->hash_cap) {
		free(b->hash);
		b->hash_cap = b->hash_cap ? b->hash_cap * 2 : 64;
		b->hash = xcalloc(b->hash_cap, sizeof(*b->hash));
		for (i = 0; i < b->nanchors; i++)
			hash_insert(b, i);
	} else {
		hash_insert(b, b->nanchors - 1);
	}
	return b->nanchors;
}

static ytree_node *
new_node(builder *b, ytree_kind kind, const yaml_mark_t *mark)
{
	return ytree_new_node(b->doc, kind, (unsigned)mark->line + 1, (unsigned)mark->column + 1);
}

/* Adds a finished node (of the given expanded weight) to its parent or the stream. */
static void
attach(builder *b, ytree_node *node, size_t weight)
{
	if (b->depth == 0) {
		b->docs = xgrow(b->docs, &b->docs_cap, b->ndocs + 1, sizeof(*b->docs));
		b->docs[b->ndocs++] = node;
		return;
	}
	ytree_slots_push(&b->slots, node);
	b->stack[b->depth - 1].weight += weight;
}

static int
parse_int(const char *s, size_t len, ytree_node *n)
{
	const char *p = s;
	int base = 10;
	size_t i;

	if (len == 0)
		return 0;
	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		base = s[1] == 'o' ? 8 : 16;
		p = s + 2;
	} else {
		if (*p == '-' || *p == '+')
			p++;
	}
	if (p == s + len)
		return 0;
	for (i = (size_t)(p - s); i < len; i++) {
		char c = s[i];

		if (base == 10 && !(c >= '0' && c <= '9'))
			return 0;
		if (base == 8 && !(c >= '0' && c <= '7'))
			return 0;
		if (base == 16 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
				    (c >= 'A' && c <= 'F')))
			return 0;
	}
	n->kind = YT_INT;
	errno = 0;
	if (base == 10) {
		n->integer = strtoll(s, NULL, 10);
	} else {
		unsigned long long u = strtoull(p, NULL, base);

		if (errno == 0 && u > INT64_MAX)
			errno = ERANGE;
		n->integer = (int64_t)u;
	}
	if (errno == ERANGE) {
		n->big = 1;
		if (base == 10) {
			n->number = strtod(s, NULL);
		} else {
			/* strtoull stops at its largest value; the double goes on. */
			n->number = 0;
			for (i = (size_t)(p - s); i < len; i++)
				n->number = n->number * base +
					    (s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
		}
	} else {
		n->number = (double)n->integer;
	}
	return 1;
}

static int
parse_float(const char *s, size_t len, ytree_node *n)
{
	size_t i = 0, digits = 0;

	if (len == 0)
		return 0;
	if (s[0] == '-' || s[0] == '+')
		i++;
	if (len - i == 4 && s[i] == '.' &&
	    (strcmp(s + i, ".inf") == 0 || strcmp(s + i, ".Inf") == 0 ||
	     strcmp(s + i, ".INF") == 0)) {
		n->kind = YT_FLOAT;
		n->number = s[0] == '-' ? -INFINITY : INFINITY;
		return 1;
	}
	if (i == 0 && (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
		       strcmp(s, ".NAN") == 0)) {
		n->kind = YT_FLOAT;
		n->number = NAN;
		return 1;
	}
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (exp == 0)
			return 0;
	}
	if (i != len)
		return 0;
	n->kind = YT_FLOAT;
	n->number = strtod(s, NULL);
	return 1;
}

/* The YAML 1.2 core schema, for a plain scalar without a tag. */
static void
resolve_plain(ytree_node *n)
{
	const char *s = n->str;
	size_t len = n->len;

	n->kind = YT_STR;
	if (len == 0 || (len == 1 && s[0] == '~') || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0) {
		n->kind = YT_NULL;
		return;
	}
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0) {
		n->kind = YT_BOOL;
		n->boolean = 1;
		return;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0) {
		n->kind = YT_BOOL;
		n->boolean = 0;
		return;
	}
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.') {
		if (!parse_int(s, len, n))
			parse_float(s, len, n);
	}
}

/* An explicit tag in general mode: the standard ones decide, others mean text. */
static void
resolve_tagged(ytree_node *n, const char *tag)
{
	const char *t;

	n->kind = YT_STR;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
		return;
	t = tag + strlen(TAG_PREFIX);
	if (strcmp(t, "null") == 0) {
		n->kind = YT_NULL;
	} else if (strcmp(t, "bool") == 0) {
		resolve_plain(n);
		if (n->kind != YT_BOOL)
			n->kind = YT_STR;
	} else if (strcmp(t, "int") == 0) {
		if (!parse_int(n->str, n->len, n))
			n->kind = YT_STR;
	} else if (strcmp(t, "float") == 0) {
		if (!parse_int(n->str, n->len, n) && !parse_float(n->str, n->len, n))
			n->kind = YT_STR;
		else
			n->kind = YT_FLOAT;
	}
}

static int
over_nodes(builder *b, size_t weight, const yaml_mark_t *mark)
{
	if (b->total + weight <= b->lim->max_nodes) {
		b->total += weight;
		return 0;
	}
	finding(b, (unsigned)mark->line + 1, (unsigned)mark->column + 1,
		"the file has more than %zu values%s; it is too large to check",
		b->lim->max_nodes,
		b->mode != YTREE_RECORD ? " once its aliases are expanded" : "");
	b->rep.stop = 1;
	return 1;
}

/*
 * Record mode forbids what makes a record mean something other than it
 * shows. libyaml gives a tag only where the file has one; the non-specific
 * tag '!' (which turns 12 into text) counts too, though libyaml calls it
 * implicit.
 */
static void
check_record_event(builder *b, const yaml_char_t *anchor_name, const yaml_char_t *tag,
		   const yaml_mark_t *mark)
{
	unsigned line = (unsigned)mark->line + 1, col = (unsigned)mark->column + 1;
	char s[SHOW_BUF];

	if (anchor_name != NULL) {
		const char *a = (const char *)anchor_name;

		finding(b, line, col,
			"anchors (&%s) are not allowed in records; write the value out in full",
			show_text(s, a, strlen(a)));
	}
	if (tag != NULL) {
		const char *t = (const char *)tag;
		const char *rest = strncmp(t, TAG_PREFIX, strlen(TAG_PREFIX)) == 0 ?
					   t + strlen(TAG_PREFIX) :
					   t;

		finding(b, line, col,
			"tags (here '%s%s') are not allowed in records; remove it, and put "
			"the value in quotes if it must be text",
			t == rest ? "" : "!!", show_text(s, rest, strlen(rest)));
	}
}

/*
 * The first character of a value that a screen would act on or hide
 * instead of showing: NUL, the C0 controls but tab and line feed, DEL, the
 * C1 controls, the characters that change the direction text is shown in
 * (U+061C, U+200E/F, U+202A-202E, U+2066-2069) and the Unicode line and
 * paragraph separators. Written raw or as a YAML escape ("\e", "\0",
 * "\x1b", "\u202e"), they would make what is shown differ from what is
 * stored. Returns 1 and the character in *cp when there is one.
 */
static int
hidden_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t i = 0, k;

	while (i < n) {
		if (s[i] < 0x80) {
			if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') || s[i] == 0x7f) {
				*cp = s[i];
				return 1;
			}
			i++;
			continue;
		}
		k = utf8_decode((const char *)s + i, n - i, cp);
		if (k == 0)
			return 0;
		if ((*cp >= 0x80 && *cp <= 0x9f) || *cp == 0x061c || *cp == 0x200e || *cp == 0x200f ||
		    *cp == 0x2028 || *cp == 0x2029 || (*cp >= 0x202a && *cp <= 0x202e) ||
		    (*cp >= 0x2066 && *cp <= 0x2069))
			return 1;
		i += k;
	}
	return 0;
}

static void
check_hidden_chars(builder *b, yaml_event_t *ev)
{
	uint32_t cp;
	unsigned line = (unsigned)ev->start_mark.line + 1, col = (unsigned)ev->start_mark.column + 1;

	if (!hidden_char(ev->data.scalar.value, ev->data.scalar.length, &cp))
		return;
	if (cp == 0)
		finding(b, line, col,
			"this value contains a NUL character (written \\0), which cuts the text "
			"short wherever it is shown, so what is shown would not be what is stored; "
			"delete it");
	else if (cp < 0x20 || cp == 0x7f)
		finding(b, line, col,
			"this value contains the control character U+%04X%s, which a screen acts on "
			"instead of showing (it can move the cursor or erase text), so what is shown "
			"would not be what is stored; delete it",
			(unsigned)cp, cp == 0x1b ? " (ESC, written \\e or \\x1b)" : cp == '\r' ? " (carriage return, \\r)" : "");
	else if (cp <= 0x9f)
		finding(b, line, col,
			"this value contains the invisible control character U+%04X, so what is "
			"shown would not be what is stored; delete it",
			(unsigned)cp);
	else if (cp == 0x2028 || cp == 0x2029)
		finding(b, line, col,
			"this value contains U+%04X, a line break most programs do not show as one; "
			"use an ordinary line break, or none",
			(unsigned)cp);
	else
		finding(b, line, col,
			"this value contains the invisible character U+%04X, which changes the "
			"direction text is shown in, so the text may not read as it is stored; "
			"delete it",
			(unsigned)cp);
}

static void
on_scalar(builder *b, yaml_event_t *ev)
{
	ytree_node *n;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length;
	size_t weight = 1;

	if (b->mode == YTREE_RECORD)
		check_record_event(b, ev->data.scalar.anchor, ev->data.scalar.tag, &ev->start_mark);
	if (b->mode == YTREE_RECORD)
		check_hidden_chars(b, ev);
	if (len > b->lim->max_scalar) {
		char s1[32], s2[32];

		finding(b, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
			"this value is %s long; a value may be at most %s",
			(size_pair(len, b->lim->max_scalar, s1, s2, sizeof(s1)), s1), s2);
		b->rep.stop = 1;
		return;
	}
	if (over_nodes(b, 1, &ev->start_mark))
		return;
	n = new_node(b, YT_STR, &ev->start_mark);
	n->str = arena_strndup(&b->doc->arena, (const char *)ev->data.scalar.value, len);
	n->len = len;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = YTREE_STYLE_SINGLE; break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = YTREE_STYLE_DOUBLE; break;
	case YAML_LITERAL_SCALAR_STYLE: n->style = YTREE_STYLE_LITERAL; break;
	case YAML_FOLDED_SCALAR_STYLE: n->style = YTREE_STYLE_FOLDED; break;
	default: n->style = YTREE_STYLE_PLAIN; break;
	}
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    !(ev->data.scalar.plain_implicit && n->style == YTREE_STYLE_PLAIN))
		resolve_tagged(n, tag);
	else if (n->style == YTREE_STYLE_PLAIN && tag == NULL)
		resolve_plain(n);
	if (b->mode == YTREE_RECORD && n->style == YTREE_STYLE_PLAIN && n->len == 2 &&
	    memcmp(n->str, "<<", 2) == 0 && b->depth > 0 &&
	    b->stack[b->depth - 1].node->kind == YT_MAP &&
	    (b->slots.n - b->stack[b->depth - 1].start) % 2 == 0)
		finding(b, n->line, n->col,
			"merge keys (<<) are not allowed in records; write the fields out in full");
	if (ev->data.scalar.anchor != NULL && b->mode != YTREE_RECORD)
		anchor_define(b, (const char *)ev->data.scalar.anchor, n, weight);
	attach(b, n, weight);
}

static void
on_alias(builder *b, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	unsigned line = (unsigned)ev->start_mark.line + 1, col = (unsigned)ev->start_mark.column + 1;
	char s[SHOW_BUF];
	anchor *a;

	show_text(s, name, strlen(name));
	if (b->mode == YTREE_RECORD) {
		ytree_node *stand_in;

		finding(b, line, col,
			"aliases (*%s) are not allowed in records; write the value out in full", s);
		/* A stand-in keeps keys and values paired in the mapping around it,
		 * so that the alias gives this one finding and no others. */
		if (over_nodes(b, 1, &ev->start_mark))
			return;
		stand_in = new_node(b, YT_NULL, &ev->start_mark);
		stand_in->len = strlen(name) + 1;
		stand_in->str = arena_alloc(&b->doc->arena, stand_in->len + 1);
		((char *)stand_in->str)[0] = '*';
		memcpy((char *)stand_in->str + 1, name, stand_in->len - 1);
		attach(b, stand_in, 1);
		return;
	}
	a = anchor_find(b, name);
	if (a == NULL) {
		finding(b, line, col, "the alias *%s has no anchor &%s before it", s, s);
		b->rep.stop = 1;
		return;
	}
	if (a->weight == 0) {
		finding(b, line, col,
			"the alias *%s refers to a value that contains it, which would never end", s);
		b->rep.stop = 1;
		return;
	}
	if (over_nodes(b, a->weight, &ev->start_mark))
		return;
	attach(b, a->node, a->weight);
}

static void
on_start(builder *b, yaml_event_t *ev, ytree_kind kind)
{
	const yaml_char_t *anchor_name, *tag;
	int flow;
	ytree_node *n;
	frame *f;

	if (kind == YT_SEQ) {
		anchor_name = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	} else {
		anchor_name = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	}
	if (b->mode == YTREE_RECORD)
		check_record_event(b, anchor_name, tag, &ev->start_mark);
	if (b->depth >= b->lim->max_depth) {
		finding(b, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
			"lists and mappings are nested more than %zu levels deep here; "
			"that is more than this file may hold",
			b->lim->max_depth);
		b->rep.stop = 1;
		return;
	}
	if (over_nodes(b, 1, &ev->start_mark))
		return;
	n = new_node(b, kind, &ev->start_mark);
	n->style = flow ? YTREE_STYLE_FLOW : YTREE_STYLE_BLOCK;
	b->stack = xgrow(b->stack, &b->stack_cap, b->depth + 1, sizeof(*b->stack));
	f = &b->stack[b->depth++];
	f->node = n;
	f->start = b->slots.n;
	f->weight = 1;
	f->anchor = 0;
	if (anchor_name != NULL && b->mode != YTREE_RECORD)
		f->anchor = anchor_define(b, (const char *)anchor_name, n, 0);
}

static void
on_end(builder *b)
{
	frame f = b->stack[--b->depth];
	ytree_node *n = f.node;
	size_t i;

	ytree_slots_close(b->doc, &b->slots, n, f.start);
	if (n->kind != YT_SEQ) {
		for (i = 0; i < n->n && b->mode == YTREE_RECORD; i++)
			if (n->pairs[i].key->str == NULL)
				finding(b, n->pairs[i].key->line, n->pairs[i].key->col,
					"a key must be a single word or text, not a list or mapping");
		if (b->mode != YTREE_GENERAL)
			ytree_check_duplicates(&b->rep, n,
					       N_("the key '%s' appears twice in the same mapping, on "
						  "line %u and line %u; keep one of them"),
					       show_text);
	}
	/* The anchor may have been defined again inside this collection. */
	if (f.anchor != 0 && b->anchors[f.anchor - 1].node == n)
		b->anchors[f.anchor - 1].weight = f.weight;
	attach(b, n, f.weight);
}

static void
builder_free(builder *b)
{
	size_t i;

	for (i = 0; i < b->nanchors; i++)
		free(b->anchors[i].name);
	free(b->anchors);
	free(b->hash);
	free(b->stack);
	free(b->slots.v);
	free(b->docs);
}

int
ytree_parse(ytree_doc **out, const char *path, const char *data, size_t len,
	    ytree_mode mode, const ytree_limits *limits, diag_list *findings)
{
	builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int done = 0, ndocstart = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.mode = mode;
	b.lim = limits != NULL ? limits : mode == YTREE_RECORD ? &ytree_record_limits :
								 &ytree_general_limits;
	b.rep.findings = findings;
	b.rep.path = path;
	b.rep.rule = "yaml";
	b.data = data;
	b.len = len;
	b.doc = xcalloc(1, sizeof(*b.doc));
	b.doc->path = xstrdup(path);

	if (len > b.lim->max_bytes) {
		char s1[32], s2[32];

		size_pair(len, b.lim->max_bytes, s1, s2, sizeof(s1));
		finding(&b, 1, 1, "the file is %s; %s may be at most %s", s1,
			mode == YTREE_RECORD ? "a record file" : "a file", s2);
		ytree_doc_free(b.doc);
		return YTREE_REJECTED;
	}
	if (mode == YTREE_RECORD)
		scan_bytes(&b);
	if (b.rep.stop) {
		ytree_doc_free(b.doc);
		return YTREE_REJECTED;
	}

	/* libyaml reports running out of memory by returning 0 here, or an
	 * empty event later; either would otherwise loop for ever. */
	if (!yaml_parser_initialize(&parser))
		xalloc_failed(sizeof(parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && !b.rep.stop) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR)
				xalloc_failed(0);
			parser_finding(&b, &parser);
			break;
		}
		if (ev.type == YAML_NO_EVENT)
			xalloc_failed(0);
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocstart == 2 && mode == YTREE_RECORD)
				finding(&b, (unsigned)ev.start_mark.line + 1,
					(unsigned)ev.start_mark.column + 1,
					"the file holds more than one document (a second '---'); "
					"a record file holds exactly one");
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(&b, &ev, YT_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(&b, &ev, YT_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&b);
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	b.doc->nodes = b.total;
	b.doc->ndocs = b.ndocs;
	b.doc->docs = arena_alloc(&b.doc->arena, b.ndocs * sizeof(*b.doc->docs));
	if (b.ndocs > 0)
		memcpy(b.doc->docs, b.docs, b.ndocs * sizeof(*b.docs));
	builder_free(&b);
	if (b.rep.nfound > 0 || !done) {
		if (b.rep.nfound == 0)
			finding(&b, 1, 1, "the file could not be read to its end");
		ytree_doc_free(b.doc);
		return YTREE_REJECTED;
	}
	b.doc->root = b.doc->ndocs > 0 ? b.doc->docs[0] : NULL;
	*out = b.doc;
	return YTREE_OK;
}

int
ytree_parse_file(ytree_doc **out, const char *path, ytree_mode mode,
		 const ytree_limits *limits, diag_list *findings)
{
	const ytree_limits *lim = limits != NULL ? limits : mode == YTREE_RECORD ?
							&ytree_record_limits :
							&ytree_general_limits;
	buf data = BUF_INIT;
	int too_big = 0, rc;

	*out = NULL;
	if (fsutil_read_file(path, lim->max_bytes, &data, &too_big) != 0) {
		buf_free(&data);
		return -1;
	}
	if (too_big) {
		char s[32];

		diag_add(findings, path, 1, 1, DIAG_ERROR, "yaml",
			 "the file is larger than %s, the most %s may hold",
			 ytree_size_words(lim->max_bytes, s, sizeof(s)),
			 mode == YTREE_RECORD ? "a record file" : "a file");
		buf_free(&data);
		return YTREE_REJECTED;
	}
	rc = ytree_parse(out, path, data.ptr, data.len, mode, limits, findings);
	buf_free(&data);
	return rc;
}

void
ytree_doc_free(ytree_doc *doc)
{
	if (doc == NULL)
		return;
	arena_free(&doc->arena);
	free(doc->path);
	free(doc);
}

const ytree_pair *
ytree_get_pair(const ytree_node *map, const char *key)
{
	size_t i, len;

	if (map == NULL || map->kind != YT_MAP)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++) {
		const ytree_node *k = map->pairs[i].key;

		if (k->str != NULL && k->len == len && memcmp(k->str, key, len) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

const ytree_node *
ytree_get(const ytree_node *map, const char *key)
{
	const ytree_pair *p = ytree_get_pair(map, key);

	return p != NULL ? p->value : NULL;
}

int
ytree_is_str(const ytree_node *node, const char *s)
{
	return node != NULL && node->kind == YT_STR && strlen(s) == node->len &&
	       memcmp(node->str, s, node->len) == 0;
}

/*
 * The digits of a whole number outside int64_t that is written in decimal,
 * without its sign and leading zeros. Returns 0 when it is written in
 * hexadecimal or octal, which only its double holds.
 */
static int
big_digits(const ytree_node *n, const char **digits, size_t *len, int *negative)
{
	const char *s = n->str, *end = n->str + n->len;

	if (n->len > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
		return 0;
	*negative = s < end && *s == '-';
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	while (end - s > 1 && *s == '0')
		s++;
	*digits = s;
	*len = (size_t)(end - s);
	return 1;
}

static int
numbers_equal(const ytree_node *a, const ytree_node *b)
{
	const char *da, *db;
	size_t la, lb;
	int na, nb, c;

	if (a->kind == YT_INT && b->kind == YT_INT) {
		if (!a->big && !b->big)
			return a->integer == b->integer;
		/* One fits in int64_t and the other does not. */
		if (!a->big || !b->big)
			return 0;
	}
	if (a->big && b->big && big_digits(a, &da, &la, &na) && big_digits(b, &db, &lb, &nb))
		return na == nb && la == lb && memcmp(da, db, la) == 0;
	if (a->number != b->number)
		return 0;
	/*
	 * Beyond int64_t or a double's range, equal doubles may round different
	 * values (1e400 and 2e400, a big whole number and a float): the decimal
	 * text settles it where there is one. Within them, numbers are doubles,
	 * as in every JSON Schema validator.
	 */
	if ((a->big || b->big || !isfinite(a->number)) &&
	    decimal_cmp(a->str, a->len, b->str, b->len, &c) == 0)
		return c == 0;
	return 1;
}

/*
 * The first pair of map whose key is the same text as key, before index end;
 * or NULL. Keys without text (lists, mappings) match nothing.
 */
static const ytree_pair *
first_pair(const ytree_node *map, const ytree_node *key, size_t end)
{
	size_t i;

	for (i = 0; i < end; i++)
		if (ytree_key_equal(map->pairs[i].key, key))
			return &map->pairs[i];
	return NULL;
}

/*
 * The pairs of map sorted by key text, the first of equal keys first; NULL
 * when a key has no text (a list or mapping), which matches nothing.
 */
static const ytree_pair **
sorted_pairs(const ytree_node *map)
{
	const ytree_pair **sorted = xmalloc(map->n * sizeof(*sorted));
	size_t i;

	for (i = 0; i < map->n; i++) {
		if (map->pairs[i].key->str == NULL) {
			free(sorted);
			return NULL;
		}
		sorted[i] = &map->pairs[i];
	}
	qsort(sorted, map->n, sizeof(*sorted), ytree_cmp_pair_ptr);
	return sorted;
}

/* The index after the run of pairs whose key is the same text as sorted[i]. */
static size_t
skip_same_key(const ytree_pair **sorted, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && ytree_key_equal(sorted[j]->key, sorted[i]->key))
		j++;
	return j;
}

/*
 * Big mappings side by side in key order, so that the work grows as
 * n log n rather than n squared: a 64 MiB file may hold a million keys.
 */
static int
big_maps_equal(const ytree_node *a, const ytree_node *b)
{
	const ytree_pair **sa = sorted_pairs(a), **sb = sorted_pairs(b);
	size_t i = 0, j = 0, n = a->n;
	int same = sa != NULL && sb != NULL;

	while (same && i < n && j < n) {
		same = ytree_key_equal(sa[i]->key, sb[j]->key) &&
		       ytree_equal(sa[i]->value, sb[j]->value);
		i = skip_same_key(sa, n, i);
		j = skip_same_key(sb, n, j);
	}
	free(sa);
	free(sb);
	return same && i == n && j == n;
}

/*
 * Mappings are equal when they have the same keys, and the same value under
 * each, as ytree_get sees them: where a key appears twice (general mode
 * allows it), the first one counts. Every value is compared at most once,
 * so the work stays in proportion to the trees.
 */
static int
maps_equal(const ytree_node *a, const ytree_node *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	if (a->n > 16)
		return big_maps_equal(a, b);
	for (i = 0; i < a->n; i++) {
		const ytree_pair *other;

		if (first_pair(a, a->pairs[i].key, i) != NULL)
			continue;
		other = first_pair(b, a->pairs[i].key, b->n);
		if (other == NULL || !ytree_equal(a->pairs[i].value, other->value))
			return 0;
	}
	for (i = 0; i < b->n; i++)
		if (first_pair(a, b->pairs[i].key, a->n) == NULL)
			return 0;
	return 1;
}

/*
 * Equality without recursion on depth would need a stack of pairs; the trees
 * compared here are bounded by the parser's depth limit, so plain recursion
 * is safe.
 */
int
ytree_equal(const ytree_node *a, const ytree_node *b)
{
	size_t i;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	if ((a->kind == YT_INT || a->kind == YT_FLOAT) && (b->kind == YT_INT || b->kind == YT_FLOAT))
		return numbers_equal(a, b);
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case YT_NULL:
		return 1;
	case YT_BOOL:
		return a->boolean == b->boolean;
	case YT_STR:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case YT_SEQ:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!ytree_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case YT_MAP:
		return maps_equal(a, b);
	default:
		return 0;
	}
}

/* 1 when s is a number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
is_json_number(const char *s, size_t len)
{
	size_t i = 0, start;

	if (s == NULL)
		return 0;
	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if (i < len && s[i] >= '1' && s[i] <= '9')
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < len && s[i] == '.') {
		start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return 0;
	}
	return i == len;
}

/* 1 when a number's text has a digit other than 0 before its exponent. */
static int
nonzero_text(const ytree_node *n)
{
	size_t i;

	for (i = 0; n->str != NULL && i < n->len && (n->str[i] | 0x20) != 'e'; i++)
		if (n->str[i] >= '1' && n->str[i] <= '9')
			return 1;
	return 0;
}

void
ytree_to_json(buf *out, const ytree_node *node)
{
	const char *digits;
	size_t i, ndigits;
	int negative;

	if (node == NULL) {
		buf_puts(out, "null");
		return;
	}
	switch (node->kind) {
	case YT_NULL:
		buf_puts(out, "null");
		break;
	case YT_BOOL:
		buf_puts(out, node->boolean ? "true" : "false");
		break;
	case YT_INT:
		if (node->big && big_digits(node, &digits, &ndigits, &negative)) {
			/* JSON has no '+', no leading zeros, no hexadecimal. */
			if (negative)
				buf_putc(out, '-');
			buf_put(out, digits, ndigits);
		} else if (node->big) {
			buf_printf(out, "%.17g", node->number);
		} else
			buf_printf(out, "%lld", (long long)node->integer);
		break;
	case YT_FLOAT:
		if (node->number == 0 && !nonzero_text(node))
			buf_putc(out, '0'); /* not "-0", which reads back as 0 */
		else if (isfinite(node->number) && node->number != 0)
			buf_printf(out, "%.17g", node->number);
		else if (is_json_number(node->str, node->len))
			buf_put(out, node->str, node->len); /* 1e400, 1e-400: as written */
		else
			buf_puts(out, isfinite(node->number) ? "0" : "null");
		break;
	case YT_STR:
		buf_put_json_str(out, node->str, node->len);
		break;
	case YT_SEQ:
		buf_putc(out, '[');
		for (i = 0; i < node->n; i++) {
			if (i > 0)
				buf_putc(out, ',');
			ytree_to_json(out, node->items[i]);
		}
		buf_putc(out, ']');
		break;
	case YT_MAP:
		buf_putc(out, '{');
		for (i = 0; i < node->n; i++) {
			const ytree_node *k = node->pairs[i].key;

			if (i > 0)
				buf_putc(out, ',');
			if (k->str != NULL)
				buf_put_json_str(out, k->str, k->len);
			else
				buf_puts(out, "\"\"");
			buf_putc(out, ':');
			ytree_to_json(out, node->pairs[i].value);
		}
		buf_putc(out, '}');
		break;
	}
}

const char *
ytree_kind_words(ytree_kind kind)
{
	switch (kind) {
	case YT_NULL: return "empty";
	case YT_BOOL: return "true or false";
	case YT_INT: return "a whole number";
	case YT_FLOAT: return "a number";
	case YT_STR: return "text";
	case YT_SEQ: return "a list";
	case YT_MAP: return "a mapping (key: value lines)";
	}
	return "a value";
}
