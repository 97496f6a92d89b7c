/*
 * Regular expressions for `pattern` and `patternProperties`. JSON Schema
 * speaks ECMA-262; pcre2 speaks Perl. A small parser reads the ECMA-262
 * syntax (rejecting what ECMA-262 does not have, such as (?i) or \a) and
 * writes the pcre2 equivalent, which pcre2 then compiles in UTF mode with
 * `$` only at the very end:
 *   - \d, \w and \b stay ASCII (pcre2 without UCP);
 *   - \s and \S become ECMA-262's whitespace and line terminators;
 *   - `.` does not match a line terminator (\n, \r, U+2028, U+2029);
 *   - \uXXXX (surrogate pairs joined), \u{X...} and \xXX become \x{...};
 *   - \p{Letter} and the other long names of general categories become the
 *     short names pcre2 knows (\p{L});
 *   - [] matches nothing and [^] anything.
 * Each pattern is compiled once per registry and cached by its text.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ECMA-262 WhiteSpace and LineTerminator, as the inside of a pcre2 class. */
#define ECMA_SPACE                                                                      \
	"\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}" \
	"\\x{205F}\\x{3000}\\x{FEFF}"

/*
 * How many steps a match may take before it counts as too hard to finish;
 * set in the pattern itself as well, so that no match context can raise it.
 */
#define MATCH_LIMIT "(*LIMIT_MATCH=1000000)"

/*
 * PCRE2 counts its match limit afresh at each place in the value where a
 * match is tried, so a pattern that is not anchored costs up to the limit
 * times the value's length: (a|b)*[cd] took 97 s on a 64 KiB value. The
 * limit of each try is therefore this budget shared out over the places a
 * match may start (at least MATCH_FLOOR each), and the backtracking depth
 * and memory of the interpreter (used when the JIT's stack is too small)
 * are bounded too.
 */
enum {
	MATCH_BUDGET = 4000000,
	MATCH_FLOOR = 1000,
	DEPTH_LIMIT = 10000,
	HEAP_LIMIT_KIB = 16384
};

typedef struct translator {
	const char *s;
	size_t len, i;
	buf out;
	const char *error; /* static text, set on the first error */
	int groups;	   /* open groups */
} translator;

static int
fail(translator *t, const char *why)
{
	if (t->error == NULL)
		t->error = _(why);
	return -1;
}

/* Reads n hex digits at t->i; returns the value or -1. */
static long
read_hex(translator *t, size_t n)
{
	long v = 0;
	size_t k;

	if (t->i + n > t->len)
		return -1;
	for (k = 0; k < n; k++) {
		int h = hex_value(t->s[t->i + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	t->i += n;
	return v;
}

/*
 * Reads the code point of a \u escape (t->i just after the 'u'), joining a
 * surrogate pair written as two escapes. Returns -1 when malformed; a lone
 * surrogate comes back as itself.
 */
static long
read_u_escape(translator *t)
{
	long cp;

	if (t->i < t->len && t->s[t->i] == '{') {
		size_t start = ++t->i;

		cp = 0;
		while (t->i < t->len && hex_value(t->s[t->i]) >= 0 && cp <= 0x10ffff)
			cp = cp * 16 + hex_value(t->s[t->i++]);
		if (t->i == start || t->i >= t->len || t->s[t->i] != '}' || cp > 0x10ffff)
			return -1;
		t->i++;
		return cp;
	}
	cp = read_hex(t, 4);
	if (cp >= 0xd800 && cp <= 0xdbff && t->i + 6 <= t->len && t->s[t->i] == '\\' &&
	    t->s[t->i + 1] == 'u') {
		size_t save = t->i;
		long lo;

		t->i += 2;
		lo = read_hex(t, 4);
		if (lo >= 0xdc00 && lo <= 0xdfff)
			return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		t->i = save;
	}
	return cp;
}

static void
put_cp(translator *t, long cp)
{
	if (cp >= 0xd800 && cp <= 0xdfff)
		buf_puts(&t->out, "(?!)"); /* a lone surrogate never occurs in UTF-8 */
	else
		buf_printf(&t->out, "\\x{%lX}", (unsigned long)cp);
}

/* Long names of general categories, and ECMA-262 aliases, to pcre2's. */
static const char *
property_name(const char *name, size_t len)
{
	static const char *const map[][2] = {
		{"Letter", "L"}, {"Cased_Letter", "L&"}, {"LC", "L&"},
		{"Uppercase_Letter", "Lu"}, {"Lowercase_Letter", "Ll"},
		{"Titlecase_Letter", "Lt"}, {"Modifier_Letter", "Lm"}, {"Other_Letter", "Lo"},
		{"Mark", "M"}, {"Combining_Mark", "M"}, {"Nonspacing_Mark", "Mn"},
		{"Spacing_Mark", "Mc"}, {"Enclosing_Mark", "Me"}, {"Number", "N"},
		{"Decimal_Number", "Nd"}, {"digit", "Nd"}, {"Letter_Number", "Nl"},
		{"Other_Number", "No"}, {"Punctuation", "P"}, {"punct", "P"},
		{"Connector_Punctuation", "Pc"}, {"Dash_Punctuation", "Pd"},
		{"Open_Punctuation", "Ps"}, {"Close_Punctuation", "Pe"},
		{"Initial_Punctuation", "Pi"}, {"Final_Punctuation", "Pf"},
		{"Other_Punctuation", "Po"}, {"Symbol", "S"}, {"Math_Symbol", "Sm"},
		{"Currency_Symbol", "Sc"}, {"Modifier_Symbol", "Sk"}, {"Other_Symbol", "So"},
		{"Separator", "Z"}, {"Space_Separator", "Zs"}, {"Line_Separator", "Zl"},
		{"Paragraph_Separator", "Zp"}, {"Other", "C"}, {"Control", "Cc"},
		{"cntrl", "Cc"}, {"Format", "Cf"}, {"Surrogate", "Cs"}, {"Private_Use", "Co"},
		{"Unassigned", "Cn"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i][0]) == len && memcmp(map[i][0], name, len) == 0)
			return map[i][1];
	return NULL;
}

/* \p{...} or \P{...}, t->i just after the 'p' or 'P'. */
static int
put_property(translator *t, int negated)
{
	const char *name, *eq, *mapped;
	size_t len;

	if (t->i >= t->len || t->s[t->i] != '{')
		return fail(t, N_("\\p must be followed by a property name in braces, as \\p{Letter}"));
	name = t->s + t->i + 1;
	eq = memchr(name, '}', t->len - t->i - 1);
	if (eq == NULL)
		return fail(t, N_("a \\p{...} property name is missing its closing brace"));
	len = (size_t)(eq - name);
	t->i += len + 2;
	if (len == 0)
		return fail(t, N_("\\p{} names no property"));
	buf_puts(&t->out, negated ? "\\P{" : "\\p{");
	eq = memchr(name, '=', len);
	if (eq != NULL) {
		size_t klen = (size_t)(eq - name);

		if ((klen == 16 && memcmp(name, "General_Category", 16) == 0) ||
		    (klen == 2 && memcmp(name, "gc", 2) == 0)) {
			len -= klen + 1;
			name = eq + 1;
			eq = NULL;
		}
	}
	mapped = eq == NULL ? property_name(name, len) : NULL;
	if (mapped != NULL)
		buf_puts(&t->out, mapped);
	else
		buf_put(&t->out, name, len);
	buf_putc(&t->out, '}');
	return 0;
}

static int
is_syntax_char(char c)
{
	return strchr("^$\\.*+?()[]{}|/", c) != NULL && c != '\0';
}

/*
 * One escape, t->i just after the backslash. Inside a class (in_class),
 * \b is a backspace and \s/\S are written without their brackets; *negated
 * is set for \S there, which the class writes separately.
 */
static int
put_escape(translator *t, int in_class, int *negated_space)
{
	char c;
	long cp;

	if (t->i >= t->len)
		return fail(t, N_("the pattern ends with a lone backslash"));
	c = t->s[t->i++];
	switch (c) {
	case 'd': case 'D': case 'w': case 'W':
		buf_putc(&t->out, '\\');
		buf_putc(&t->out, c);
		return 0;
	case 'b': case 'B':
		if (in_class && c == 'b') {
			buf_puts(&t->out, "\\x{8}");
			return 0;
		}
		if (in_class)
			return fail(t, N_("\\B cannot stand in a character class"));
		buf_putc(&t->out, '\\');
		buf_putc(&t->out, c);
		return 0;
	case 's':
		buf_puts(&t->out, in_class ? ECMA_SPACE : "[" ECMA_SPACE "]");
		return 0;
	case 'S':
		if (in_class) {
			*negated_space = 1;
			return 0;
		}
		buf_puts(&t->out, "[^" ECMA_SPACE "]");
		return 0;
	case 't': case 'n': case 'v': case 'f': case 'r':
		buf_printf(&t->out, "\\x{%X}", c == 't' ? 9 : c == 'n' ? 10 : c == 'v' ? 11
							: c == 'f' ? 12 : 13);
		return 0;
	case 'c':
		if (t->i < t->len && ((t->s[t->i] >= 'a' && t->s[t->i] <= 'z') ||
				      (t->s[t->i] >= 'A' && t->s[t->i] <= 'Z'))) {
			buf_printf(&t->out, "\\x{%X}", t->s[t->i] % 32);
			t->i++;
			return 0;
		}
		return fail(t, N_("\\c must be followed by a letter"));
	case '0':
		if (t->i < t->len && t->s[t->i] >= '0' && t->s[t->i] <= '9')
			return fail(t, N_("octal escapes such as \\01 are not allowed"));
		buf_puts(&t->out, "\\x{0}");
		return 0;
	case 'x':
		if ((cp = read_hex(t, 2)) < 0)
			return fail(t, N_("\\x must be followed by two hexadecimal digits"));
		put_cp(t, cp);
		return 0;
	case 'u':
		if ((cp = read_u_escape(t)) < 0)
			return fail(t, N_("\\u must be followed by four hexadecimal digits or {...}"));
		put_cp(t, cp);
		return 0;
	case 'p': case 'P':
		return put_property(t, c == 'P');
	case 'k':
		if (in_class || t->i >= t->len || t->s[t->i] != '<')
			return fail(t, N_("\\k must be followed by a group name, as \\k<name>"));
		buf_puts(&t->out, "\\k");
		return 0;
	case '-':
		buf_puts(&t->out, "\\-");
		return 0;
	default:
		break;
	}
	if (c >= '1' && c <= '9' && !in_class) {
		buf_putc(&t->out, '\\');
		buf_putc(&t->out, c);
		while (t->i < t->len && t->s[t->i] >= '0' && t->s[t->i] <= '9')
			buf_putc(&t->out, t->s[t->i++]);
		return 0;
	}
	if (is_syntax_char(c)) {
		buf_putc(&t->out, '\\');
		buf_putc(&t->out, c);
		return 0;
	}
	return fail(t, N_("the pattern uses an escape that ECMA-262 regular expressions do not have"));
}

/* A literal character (one UTF-8 sequence) at t->i, escaped for pcre2. */
static int
put_literal(translator *t)
{
	uint32_t cp;
	size_t k = utf8_decode(t->s + t->i, t->len - t->i, &cp);

	if (k == 0)
		return fail(t, N_("the pattern is not valid UTF-8"));
	if (k == 1 && !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			(cp >= '0' && cp <= '9') || cp >= 0x80))
		buf_printf(&t->out, "\\x{%X}", (unsigned)cp);
	else
		buf_put(&t->out, t->s + t->i, k);
	t->i += k;
	return 0;
}

/*
 * A character class, t->i just after '['. pcre2 classes cannot hold a
 * negated set such as \S, so a class with \S is written as an alternative.
 */
static int
put_class(translator *t)
{
	int negated = 0, nspace = 0, members = 0;
	size_t start;
	buf inner = BUF_INIT, saved;

	if (t->i < t->len && t->s[t->i] == '^') {
		negated = 1;
		t->i++;
	}
	saved = t->out;
	t->out = inner;
	start = t->i;
	while (t->i < t->len && t->s[t->i] != ']') {
		members++;
		if (t->s[t->i] == '\\') {
			t->i++;
			if (put_escape(t, 1, &nspace) < 0)
				break;
		} else if (t->s[t->i] == '-') {
			buf_putc(&t->out, '-');
			t->i++;
		} else if (t->s[t->i] == '[') {
			buf_puts(&t->out, "\\[");
			t->i++;
		} else if (put_literal(t) < 0) {
			break;
		}
	}
	inner = t->out;
	t->out = saved;
	(void)start;
	if (t->error == NULL && t->i >= t->len)
		fail(t, N_("a character class '[' is not closed with ']'"));
	if (t->error != NULL) {
		buf_free(&inner);
		return -1;
	}
	t->i++;
	if (members == 0) {
		buf_puts(&t->out, negated ? "[\\s\\S]" : "(?!)");
	} else if (!nspace) {
		buf_puts(&t->out, negated ? "[^" : "[");
		buf_put(&t->out, inner.ptr, inner.len);
		buf_putc(&t->out, ']');
	} else if (!negated) {
		/* [a\S]: a, or anything but whitespace. */
		buf_puts(&t->out, "(?:[^" ECMA_SPACE "]");
		if (inner.len > 0) {
			buf_puts(&t->out, "|[");
			buf_put(&t->out, inner.ptr, inner.len);
			buf_putc(&t->out, ']');
		}
		buf_putc(&t->out, ')');
	} else {
		/* [^a\S]: whitespace that is not a. */
		buf_puts(&t->out, "(?:");
		if (inner.len > 0) {
			buf_puts(&t->out, "(?![");
			buf_put(&t->out, inner.ptr, inner.len);
			buf_puts(&t->out, "])");
		}
		buf_puts(&t->out, "[" ECMA_SPACE "])");
	}
	buf_free(&inner);
	return 0;
}

/* Reads {n}, {n,} or {n,m} at t->i; returns 1 with t->i past it, 0 if none. */
static int
quantifier_braces(translator *t, int *bad_order)
{
	size_t i = t->i + 1;
	unsigned long lo = 0, hi = 0;
	int has_lo = 0, has_hi = 0, comma = 0;

	*bad_order = 0;
	while (i < t->len && t->s[i] >= '0' && t->s[i] <= '9') {
		lo = lo * 10 + (unsigned long)(t->s[i++] - '0');
		has_lo = 1;
		if (lo > 100000)
			lo = 100000;
	}
	if (i < t->len && t->s[i] == ',') {
		comma = 1;
		i++;
		while (i < t->len && t->s[i] >= '0' && t->s[i] <= '9') {
			hi = hi * 10 + (unsigned long)(t->s[i++] - '0');
			has_hi = 1;
			if (hi > 100000)
				hi = 100000;
		}
	}
	if (!has_lo || i >= t->len || t->s[i] != '}')
		return 0;
	if (comma && has_hi && hi < lo)
		*bad_order = 1;
	buf_put(&t->out, t->s + t->i, i + 1 - t->i);
	t->i = i + 1;
	return 1;
}

/* A group's opening, t->i just after '('. */
static int
put_group(translator *t)
{
	const char *s = t->s + t->i;
	size_t left = t->len - t->i;

	t->groups++;
	if (left == 0 || s[0] != '?') {
		buf_putc(&t->out, '(');
		return 0;
	}
	if (left >= 2 && (s[1] == ':' || s[1] == '=' || s[1] == '!')) {
		buf_put(&t->out, "(?", 2);
		buf_putc(&t->out, s[1]);
		t->i += 2;
		return 0;
	}
	if (left >= 3 && s[1] == '<' && (s[2] == '=' || s[2] == '!')) {
		buf_put(&t->out, "(?<", 3);
		buf_putc(&t->out, s[2]);
		t->i += 3;
		return 0;
	}
	if (left >= 3 && s[1] == '<') {
		size_t k = 2;

		while (k < left && s[k] != '>' &&
		       ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
			s[k] == '_' || s[k] == '$' || (k > 2 && s[k] >= '0' && s[k] <= '9')))
			k++;
		if (k == 2 || k >= left || s[k] != '>')
			return fail(t, N_("a named group must look like (?<name>...)"));
		buf_put(&t->out, "(", 1);
		buf_put(&t->out, s, k + 1);
		t->i += k + 1;
		return 0;
	}
	return fail(t, N_("the pattern uses a group '(?' that ECMA-262 regular expressions do not "
		       "have (such as inline flags or comments)"));
}

/* Translates the whole pattern; returns 0, or -1 with t->error set. */
static int
translate(translator *t)
{
	int atom = 0; /* the last thing written can take a quantifier */

	while (t->i < t->len && t->error == NULL) {
		char c = t->s[t->i];
		int bad_order;

		switch (c) {
		case '\\':
			t->i++;
			if (put_escape(t, 0, NULL) < 0)
				return -1;
			atom = 1;
			break;
		case '[':
			t->i++;
			if (put_class(t) < 0)
				return -1;
			atom = 1;
			break;
		case '(':
			t->i++;
			if (put_group(t) < 0)
				return -1;
			atom = 0;
			break;
		case ')':
			if (t->groups == 0)
				return fail(t, N_("a ')' has no '(' to close"));
			t->groups--;
			buf_putc(&t->out, ')');
			t->i++;
			atom = 1;
			break;
		case '|':
		case '^':
		case '$':
			buf_putc(&t->out, c);
			t->i++;
			atom = 0;
			break;
		case '.':
			buf_puts(&t->out, "[^\\n\\r\\x{2028}\\x{2029}]");
			t->i++;
			atom = 1;
			break;
		case '*':
		case '+':
		case '?':
		case '{':
			if (c == '{' && !atom) {
				int q = quantifier_braces(t, &bad_order);

				if (q)
					return fail(t, N_("a repetition {n,m} has nothing before it "
						       "to repeat"));
				buf_puts(&t->out, "\\{");
				t->i++;
				atom = 1;
				break;
			}
			if (!atom)
				return fail(t, N_("a repetition (*, + or ?) has nothing before it to "
					       "repeat"));
			if (c == '{') {
				if (!quantifier_braces(t, &bad_order)) {
					buf_puts(&t->out, "\\{");
					t->i++;
					break;
				}
				if (bad_order)
					return fail(t, N_("a repetition {n,m} has m smaller than n"));
			} else {
				buf_putc(&t->out, c);
				t->i++;
			}
			if (t->i < t->len && t->s[t->i] == '?') {
				buf_putc(&t->out, '?');
				t->i++;
			}
			atom = 0;
			break;
		default:
			if (put_literal(t) < 0)
				return -1;
			atom = 1;
			break;
		}
	}
	if (t->error == NULL && t->groups > 0)
		return fail(t, N_("a '(' is not closed with ')'"));
	return t->error != NULL ? -1 : 0;
}

int
js_regex_valid(const char *s, size_t len)
{
	translator t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.s = s;
	t.len = len;
	rc = translate(&t);
	buf_free(&t.out);
	return rc == 0;
}

js_regex *
js_regex_get(jschema_registry *r, const char *pattern, size_t len)
{
	js_regex *re = hmap_get(&r->regexes, pattern, len);
	translator t;

	if (re != NULL)
		return re;
	re = xcalloc(1, sizeof(*re));
	re->src = js_strdup(r, pattern, len);
	re->len = len;
	hmap_put(&r->regexes, re->src, len, re);
	r->relist = xgrow(r->relist, &r->recap, r->nre + 1, sizeof(*r->relist));
	r->relist[r->nre++] = re;
	memset(&t, 0, sizeof(t));
	t.s = pattern;
	t.len = len;
	buf_puts(&t.out, MATCH_LIMIT);
	if (translate(&t) < 0) {
		re->error = xstrdup(t.error);
	} else {
		int err;
		PCRE2_SIZE off;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)(t.out.ptr ? t.out.ptr : ""),
						 t.out.len, PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err,
						 &off, NULL);

		if (code == NULL) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof(msg));
			re->error = xstrdup((const char *)msg);
		} else {
			uint32_t opts = 0;

			pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
			re->code = code;
			if (pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &opts) == 0)
				re->anchored = (opts & PCRE2_ANCHORED) != 0;
		}
	}
	buf_free(&t.out);
	return re;
}

void
js_regex_free(js_regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	free(re->error);
	free(re);
}

/*
 * What one validation matches with: the match data, and the limits, which
 * are set anew for each value (so they are not kept in the compiled
 * pattern, which threads validating at once share).
 */
typedef struct js_match {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
} js_match;

int
js_regex_match(void **md, const js_regex *re, const char *s, size_t len)
{
	js_match *m = *md;
	size_t limit;
	int rc;

	if (re->code == NULL)
		return -1;
	if (m == NULL) {
		m = *md = xcalloc(1, sizeof(*m));
		m->md = pcre2_match_data_create(1, NULL);
		m->mctx = pcre2_match_context_create(NULL);
		if (m->mctx != NULL) {
			pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
			pcre2_set_heap_limit(m->mctx, HEAP_LIMIT_KIB);
		}
	}
	if (m->md == NULL || m->mctx == NULL)
		return -1;
	limit = re->anchored ? MATCH_BUDGET : MATCH_BUDGET / (len + 1);
	pcre2_set_match_limit(m->mctx, limit < MATCH_FLOOR ? MATCH_FLOOR : (uint32_t)limit);
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, m->md, m->mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT, m->md, m->mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void
js_regex_md_free(void *md)
{
	js_match *m = md;

	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	free(m);
}
