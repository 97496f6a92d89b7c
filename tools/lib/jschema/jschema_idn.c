/*
 * Host names: hostname (RFC 1123, with the A-labels of IDNA checked too)
 * and idn-hostname (IDNA 2008: RFC 5890-5893). A label that is not plain
 * ASCII, or an "xn--" label once Punycode-decoded (RFC 3492), must hold
 * only characters IDNA allows, meet the contextual rules for the few that
 * need company (middle dots, joiners, Greek keraia, Hebrew geresh, Arabic
 * digits), not start with a combining mark, and in a name that holds
 * right-to-left text, meet the Bidi rule.
 *
 * IDNA's tables derive from Unicode properties; pcre2 knows them
 * (categories, scripts, Bidi classes), so each check asks it with tiny
 * patterns compiled for the occasion. "Allowed" follows RFC 5892 closely
 * but not to the letter: letters (except capitals and title case), marks and
 * decimal digits are allowed, with the RFC's exceptions listed explicitly.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum { MAX_LABEL_CPS = 256 };

/* Punycode (RFC 3492). */
enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72 };

static uint32_t
adapt(uint32_t delta, uint32_t points, int first)
{
	uint32_t k = 0;

	delta = first ? delta / DAMP : delta / 2;
	delta += delta / points;
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static int
threshold(uint32_t k, uint32_t bias)
{
	return k <= bias ? TMIN : k >= bias + TMAX ? TMAX : (int)(k - bias);
}

/* Decodes s into out (at most max code points); returns the count or -1. */
static long
puny_decode(const char *s, size_t len, uint32_t *out, size_t max)
{
	uint32_t n = 128, i = 0, bias = INITIAL_BIAS;
	size_t b = 0, in, outlen = 0, j;

	for (j = 0; j < len; j++)
		if (s[j] == '-')
			b = j;
	for (j = 0; j < b; j++) {
		if ((unsigned char)s[j] >= 0x80 || outlen >= max)
			return -1;
		out[outlen++] = (unsigned char)s[j];
	}
	for (in = b > 0 ? b + 1 : (len > 0 && s[0] == '-' ? 1 : 0); in < len;) {
		uint32_t oldi = i, w = 1, k;

		for (k = BASE;; k += BASE) {
			char c = in < len ? s[in++] : '\0';
			uint32_t digit;
			int t;

			if (c >= '0' && c <= '9')
				digit = (uint32_t)(c - '0' + 26);
			else if (c >= 'a' && c <= 'z')
				digit = (uint32_t)(c - 'a');
			else if (c >= 'A' && c <= 'Z')
				digit = (uint32_t)(c - 'A');
			else
				return -1;
			if (digit > (UINT32_MAX - i) / w)
				return -1;
			i += digit * w;
			t = threshold(k, bias);
			if (digit < (uint32_t)t)
				break;
			if (w > UINT32_MAX / (BASE - (uint32_t)t))
				return -1;
			w *= BASE - (uint32_t)t;
		}
		bias = adapt(i - oldi, (uint32_t)outlen + 1, oldi == 0);
		if (i / (outlen + 1) > 0x10ffff - n)
			return -1;
		n += i / ((uint32_t)outlen + 1);
		i %= (uint32_t)outlen + 1;
		if (outlen >= max || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff))
			return -1;
		memmove(out + i + 1, out + i, (outlen - i) * sizeof(*out));
		out[i++] = n;
		outlen++;
	}
	return (long)outlen;
}

static char
puny_digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + d - 26);
}

/* Encodes code points into out (Punycode, without "xn--"). */
static void
puny_encode(const uint32_t *cp, size_t n, buf *out)
{
	uint32_t next = 128, delta = 0, bias = INITIAL_BIAS, h, b = 0;
	size_t j;

	for (j = 0; j < n; j++)
		if (cp[j] < 0x80) {
			buf_putc(out, (char)cp[j]);
			b++;
		}
	if (b > 0)
		buf_putc(out, '-');
	for (h = b; h < n;) {
		uint32_t m = UINT32_MAX;

		for (j = 0; j < n; j++)
			if (cp[j] >= next && cp[j] < m)
				m = cp[j];
		delta += (m - next) * (h + 1);
		next = m;
		for (j = 0; j < n; j++) {
			if (cp[j] < next)
				delta++;
			if (cp[j] == next) {
				uint32_t q = delta, k;

				for (k = BASE;; k += BASE) {
					uint32_t t = (uint32_t)threshold(k, bias);

					if (q < t)
						break;
					buf_putc(out, puny_digit(t + (q - t) % (BASE - t)));
					q = (q - t) / (BASE - t);
				}
				buf_putc(out, puny_digit(q));
				bias = adapt(delta, h + 1, h == b);
				delta = 0;
				h++;
			}
		}
		delta++;
		next++;
	}
}

/* Unicode properties through pcre2. */
enum {
	U_MARK,
	U_NONSPACING,
	U_GREEK,
	U_HEBREW,
	U_KANA_HAN,
	U_ALLOWED,
	U_JOIN_BEFORE, /* joining type L or D (approximately) */
	U_JOIN_AFTER,  /* joining type R or D (approximately) */
	U_BIDI,
	U_COUNT
};

static const char *const class_patterns[U_COUNT] = {
	"^\\p{M}",
	"^\\p{Mn}",
	"^\\p{Greek}",
	"^\\p{Hebrew}",
	"^[\\p{Hiragana}\\p{Katakana}\\p{Han}]",
	"^[\\p{Ll}\\p{Lo}\\p{Lm}\\p{Mn}\\p{Mc}\\p{Nd}a-z0-9\\-]",
	("^(?![\\x{622}-\\x{625}\\x{627}\\x{629}\\x{62F}-\\x{632}\\x{648}\\x{671}-\\x{673}"
	 "\\x{675}-\\x{677}\\x{688}-\\x{699}\\x{6C0}\\x{6C3}-\\x{6CB}\\x{6CD}\\x{6CF}\\x{6D2}"
	 "\\x{6D3}\\x{6D5}\\x{6EE}\\x{6EF}])[\\p{Arabic}\\p{Syriac}\\p{Nko}\\p{Mongolian}]"
	 "(?<=\\p{L})"),
	"^[\\p{Arabic}\\p{Syriac}\\p{Nko}\\p{Mongolian}](?<=\\p{L})",
	("^(?:(\\p{bc=L})|(\\p{bc=R})|(\\p{bc=AL})|(\\p{bc=AN})|(\\p{bc=EN})|(\\p{bc=ES})|"
	 "(\\p{bc=CS})|(\\p{bc=ET})|(\\p{bc=ON})|(\\p{bc=BN})|(\\p{bc=NSM}))"),
};

/* Bidi classes, numbered as the groups of the U_BIDI pattern. */
enum { B_L = 1, B_R, B_AL, B_AN, B_EN, B_ES, B_CS, B_ET, B_ON, B_BN, B_NSM };

typedef struct uprops {
	pcre2_code *re[U_COUNT];
	pcre2_match_data *md;
	int ok;
} uprops;

static void
uprops_init(uprops *u)
{
	size_t i;
	int err;
	PCRE2_SIZE off;

	memset(u, 0, sizeof(*u));
	u->ok = 1;
	for (i = 0; i < U_COUNT; i++) {
		u->re[i] = pcre2_compile((PCRE2_SPTR)class_patterns[i], PCRE2_ZERO_TERMINATED,
					 PCRE2_UTF, &err, &off, NULL);
		if (u->re[i] == NULL)
			u->ok = 0;
	}
	u->md = u->ok ? pcre2_match_data_create_from_pattern(u->re[U_BIDI], NULL) : NULL;
	if (u->md == NULL)
		u->ok = 0;
}

static void
uprops_free(uprops *u)
{
	size_t i;

	for (i = 0; i < U_COUNT; i++)
		pcre2_code_free(u->re[i]);
	pcre2_match_data_free(u->md);
}

/* For U_BIDI the Bidi class (B_*), else 1 when cp has the property. */
static int
uprop(uprops *u, int which, uint32_t cp)
{
	char enc[4];
	size_t n = utf8_encode(cp, enc), g;
	int rc;

	if (!u->ok)
		return 0;
	rc = pcre2_match(u->re[which], (PCRE2_SPTR)enc, n, 0, 0, u->md, NULL);
	if (rc < 0)
		return 0;
	if (which != U_BIDI)
		return 1;
	for (g = 1; g < (size_t)rc; g++)
		if (pcre2_get_ovector_pointer(u->md)[2 * g] != PCRE2_UNSET)
			return (int)g;
	return 0;
}

static int
is_virama(uint32_t cp)
{
	static const uint32_t viramas[] = {
		0x94d, 0x9cd, 0xa4d, 0xacd, 0xb4d, 0xbcd, 0xc4d, 0xccd, 0xd3b, 0xd3c, 0xd4d,
		0xdca, 0xe3a, 0xeba, 0xf84, 0x1039, 0x103a, 0x1714, 0x1734, 0x17d2, 0x1a60,
		0x1b44, 0x1baa, 0x1bab, 0x1bf2, 0x1bf3, 0x2d7f, 0xa806, 0xa8c4, 0xa953,
		0xa9c0, 0xaaf6, 0xabed, 0x10a3f, 0x11046, 0x1107f, 0x110b9, 0x11133, 0x11134,
		0x111c0, 0x11235, 0x112ea, 0x1134d, 0x11442, 0x114c2, 0x115bf, 0x1163f,
		0x116b6, 0x1172b, 0x11839, 0x119e0, 0x11a34, 0x11a47, 0x11a99, 0x11c3f,
		0x11d44, 0x11d45, 0x11d97};
	size_t i;

	for (i = 0; i < sizeof(viramas) / sizeof(viramas[0]); i++)
		if (viramas[i] == cp)
			return 1;
	return 0;
}

/* RFC 5892 appendix A: the joiners. */
static int
joiner_ok(uprops *u, const uint32_t *cp, size_t n, size_t i)
{
	size_t j;

	if (i > 0 && is_virama(cp[i - 1]))
		return 1;
	if (cp[i] == 0x200d)
		return 0;
	/* ZWNJ: (L|D) T* ZWNJ T* (R|D), T being transparent (non-spacing marks). */
	for (j = i; j > 0 && uprop(u, U_NONSPACING, cp[j - 1]); j--)
		;
	if (j == 0 || !uprop(u, U_JOIN_BEFORE, cp[j - 1]))
		return 0;
	for (j = i + 1; j < n && uprop(u, U_NONSPACING, cp[j]); j++)
		;
	return j < n && uprop(u, U_JOIN_AFTER, cp[j]);
}

/* RFC 5892 appendix A: the other characters that need context. */
static int
context_ok(uprops *u, const uint32_t *cp, size_t n, size_t i)
{
	size_t j;

	switch (cp[i]) {
	case 0xb7: /* MIDDLE DOT, between two l */
		return i > 0 && i + 1 < n && cp[i - 1] == 'l' && cp[i + 1] == 'l';
	case 0x375: /* GREEK LOWER NUMERAL SIGN, before Greek */
		return i + 1 < n && uprop(u, U_GREEK, cp[i + 1]);
	case 0x5f3:
	case 0x5f4: /* GERESH, GERSHAYIM, after Hebrew */
		return i > 0 && uprop(u, U_HEBREW, cp[i - 1]);
	case 0x30fb: /* KATAKANA MIDDLE DOT, with kana or Han in the label */
		for (j = 0; j < n; j++)
			if (cp[j] != 0x30fb && uprop(u, U_KANA_HAN, cp[j]))
				return 1;
		return 0;
	default:
		break;
	}
	if (cp[i] >= 0x660 && cp[i] <= 0x669) {
		for (j = 0; j < n; j++)
			if (cp[j] >= 0x6f0 && cp[j] <= 0x6f9)
				return 0;
		return 1;
	}
	if (cp[i] >= 0x6f0 && cp[i] <= 0x6f9) {
		for (j = 0; j < n; j++)
			if (cp[j] >= 0x660 && cp[j] <= 0x669)
				return 0;
		return 1;
	}
	return -1; /* not a contextual character */
}

static int
allowed(uprops *u, uint32_t cp)
{
	static const uint32_t yes[] = {0xdf, 0x3c2, 0x6fd, 0x6fe, 0xf0b, 0x3007};
	static const uint32_t no[] = {0x640, 0x7fa, 0x302e, 0x302f, 0x3031, 0x3032,
				      0x3033, 0x3034, 0x3035, 0x303b};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (cp == yes[i])
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (cp == no[i])
			return 0;
	if (cp >= 'A' && cp <= 'Z')
		return 1; /* ASCII letters are folded before IDNA applies */
	if (cp >= 0xff00 && cp <= 0xffef)
		return 0; /* full- and half-width forms change under NFKC */
	return uprop(u, U_ALLOWED, cp);
}

/* The rules of RFC 5891 section 4.2.3 and RFC 5892 for one U-label. */
static int
ulabel_ok(uprops *u, const uint32_t *cp, size_t n)
{
	size_t i;

	if (n == 0 || cp[0] == '-' || cp[n - 1] == '-' || (n >= 4 && cp[2] == '-' && cp[3] == '-'))
		return 0;
	if (uprop(u, U_MARK, cp[0]))
		return 0;
	for (i = 0; i < n; i++) {
		int ctx;

		if (cp[i] == 0x200c || cp[i] == 0x200d) {
			if (!joiner_ok(u, cp, n, i))
				return 0;
			continue;
		}
		ctx = context_ok(u, cp, n, i);
		if (ctx == 0)
			return 0;
		if (ctx < 0 && !allowed(u, cp[i]))
			return 0;
	}
	return 1;
}

/* RFC 5893 section 2, for every label of a name that holds RTL text. */
static int
bidi_ok(uprops *u, const uint32_t *cp, size_t n)
{
	int first, last = 0, en = 0, an = 0;
	size_t i;

	if (n == 0)
		return 1;
	first = uprop(u, U_BIDI, cp[0]);
	if (first != B_L && first != B_R && first != B_AL)
		return 0;
	for (i = 0; i < n; i++) {
		int c = uprop(u, U_BIDI, cp[i]);

		if (first == B_L && c != B_L && c != B_EN && c != B_ES && c != B_CS && c != B_ET &&
		    c != B_ON && c != B_BN && c != B_NSM)
			return 0;
		if (first != B_L && (c == B_L || c == 0))
			return 0;
		en |= c == B_EN;
		an |= c == B_AN;
		if (c != B_NSM)
			last = c;
	}
	if (first == B_L)
		return last == B_L || last == B_EN;
	return !(en && an) && (last == B_R || last == B_AL || last == B_EN || last == B_AN);
}

static int
ascii_lower_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

typedef struct label {
	uint32_t cp[MAX_LABEL_CPS];
	size_t n;
	size_t alen; /* its length as an A-label, in bytes */
	int rtl;     /* holds R, AL or AN characters */
} label;

/*
 * Reads one label of len bytes: an ASCII label (an "xn--" one decoded) or,
 * with idn, a Unicode one. Returns 1 when the label is valid on its own.
 */
static int
read_label(uprops *u, const char *s, size_t len, int idn, label *l)
{
	size_t i = 0, k;
	int ascii = 1;

	l->n = 0;
	l->alen = 0;
	l->rtl = 0;
	for (k = 0; k < len; k++)
		if ((unsigned char)s[k] >= 0x80)
			ascii = 0;
	if (ascii) {
		long n;
		buf re = BUF_INIT;
		int ok;

		if (!js_ldh_label(s, len))
			return 0;
		l->alen = len;
		if (len < 4 || !ascii_lower_eq(s, "xn--", 4)) {
			if (len >= 4 && s[2] == '-' && s[3] == '-')
				return 0;
			for (k = 0; k < len; k++)
				l->cp[l->n++] = (unsigned char)s[k];
			return 1;
		}
		n = puny_decode(s + 4, len - 4, l->cp, MAX_LABEL_CPS);
		if (n <= 0)
			return 0;
		l->n = (size_t)n;
		for (k = 0, ok = 0; k < l->n; k++)
			ok |= l->cp[k] >= 0x80;
		if (!ok)
			return 0;
		puny_encode(l->cp, l->n, &re);
		ok = re.len == len - 4 && ascii_lower_eq(re.ptr, s + 4, re.len);
		buf_free(&re);
		return ok && ulabel_ok(u, l->cp, l->n);
	}
	if (!idn)
		return 0;
	while (i < len) {
		uint32_t c;
		size_t step = utf8_decode(s + i, len - i, &c);

		if (step == 0 || l->n >= MAX_LABEL_CPS)
			return 0;
		l->cp[l->n++] = c;
		i += step;
	}
	{
		buf a = BUF_INIT;

		puny_encode(l->cp, l->n, &a);
		l->alen = a.len + 4;
		buf_free(&a);
	}
	return l->alen <= 63 && ulabel_ok(u, l->cp, l->n);
}

/* The length of a label separator at s (., and with idn 。 ． ｡), or 0. */
static size_t
separator(const char *s, size_t left, int idn)
{
	if (s[0] == '.')
		return 1;
	if (idn && left >= 3 &&
	    (memcmp(s, "\xe3\x80\x82", 3) == 0 || memcmp(s, "\xef\xbc\x8e", 3) == 0 ||
	     memcmp(s, "\xef\xbd\xa1", 3) == 0))
		return 3;
	return 0;
}

static int
host_name(const char *s, size_t len, int idn)
{
	uprops u;
	label *labels = NULL;
	size_t n = 0, cap = 0, i = 0, start = 0, total = 0, sep = 0;
	int ok = 1, rtl = 0, needs_props = 0;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || (i + 4 <= len && ascii_lower_eq(s + i, "xn--", 4)))
			needs_props = 1;
	if (needs_props)
		uprops_init(&u);
	else
		memset(&u, 0, sizeof(u));
	for (i = 0; i <= len && ok; i += sep) {
		sep = i < len ? separator(s + i, len - i, idn) : 1;
		if (i < len && sep == 0) {
			sep = 1;
			continue;
		}
		labels = xgrow(labels, &cap, n + 1, sizeof(*labels));
		ok = read_label(&u, s + start, i - start, idn, &labels[n]);
		total += labels[n].alen + (n > 0);
		n++;
		start = i + sep;
	}
	if (ok && total > 253)
		ok = 0;
	for (i = 0; ok && needs_props && i < n; i++) {
		size_t j;

		for (j = 0; j < labels[i].n; j++) {
			int c = uprop(&u, U_BIDI, labels[i].cp[j]);

			if (c == B_R || c == B_AL || c == B_AN)
				rtl = 1;
		}
	}
	for (i = 0; ok && rtl && i < n; i++)
		ok = bidi_ok(&u, labels[i].cp, labels[i].n);
	if (needs_props)
		uprops_free(&u);
	free(labels);
	return ok;
}

int
js_format_hostname(const char *s, size_t len)
{
	return host_name(s, len, 0);
}

int
js_format_idn_hostname(const char *s, size_t len)
{
	return host_name(s, len, 1);
}
