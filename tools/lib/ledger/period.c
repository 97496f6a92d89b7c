/*
 * Periods in a plan's words: a tokenizer that folds case and knows the
 * plan's dashes and spaces, then a small recursive-descent parser over the
 * tokens. See period.h for the forms understood.
 */
#include "ledger/period.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The longest text and the most tokens a period may have. */
enum { MAX_TEXT = 200, MAX_TOKENS = 24, WORD_MAX = 32 };

typedef enum tok_kind { TOK_WORD, TOK_NUM, TOK_DATE, TOK_DASH, TOK_END } tok_kind;

typedef struct tok {
	tok_kind kind;
	size_t off, len;    /* where the token is in the text */
	char low[WORD_MAX]; /* TOK_WORD: lower-cased; empty when too long */
	int num;            /* TOK_NUM: the value (when at most 4 digits) */
	size_t digits;      /* TOK_NUM: how many digits */
	date_days date;     /* TOK_DATE */
} tok;

typedef struct parser {
	const char *text;
	size_t len;
	const period *plan;
	tok toks[MAX_TOKENS + 1];
	size_t n, i;
	buf why; /* the first failure's message, empty until then */
} parser;

/* A point in time as written: a year, a half, a quarter or a day. */
typedef enum point_kind { PT_YEAR, PT_HALF, PT_QUARTER, PT_DAY } point_kind;

typedef struct point {
	point_kind kind;
	int part;      /* PT_HALF: 1 spring, 2 autumn; PT_QUARTER: 1 to 4 */
	int year;      /* 0 when left out */
	date_days day; /* PT_DAY */
	size_t first;  /* its first and last token */
	size_t last;
} point;

/* Said after each message: translated where it is used, as _(understood). */
static const char understood[] =
	N_("the forms understood are a year (2019), a range (2018–2019 or 2018-2019), "
	"våren or hösten with a year (hösten 2018, hösten 2018–2020, 2018–våren 2019), "
	"a quarter with a year (Kv 3 2019, Kv 1–Kv 2 2020), a day (2019-05-20), löpande, "
	"löpande årsvis and återkommande med start våren 2018, and in English spring, "
	"autumn or fall, Q3 2019, ongoing, ongoing yearly and recurring from spring 2018");

/* Records the failure's message, unless an earlier one is already there. */
static int fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->why.len > 0)
		return -1;
	va_start(ap, fmt);
	buf_vprintf(&p->why, fmt, ap);
	va_end(ap);
	return -1;
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == ',' || cp == 0xa0 ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

static int
is_dash(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

/* Letters of words: ASCII and the Latin-1 and Latin Extended-A letters. */
static int
is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0xc0 && cp <= 0x17f && cp != 0xd7 && cp != 0xf7);
}

static uint32_t
fold(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		return cp + 0x20;
	return cp;
}

/* Quotes the text of tokens first to last, for messages. */
static void
quote_toks(buf *b, const parser *p, size_t first, size_t last)
{
	size_t from = p->toks[first].off;
	size_t to = p->toks[last].off + p->toks[last].len;

	buf_putc(b, '"');
	buf_put(b, p->text + from, to - from);
	buf_putc(b, '"');
}

/* Says which character at off was not understood, printable or not. */
static int
fail_char(parser *p, size_t off, uint32_t cp, size_t n)
{
	if (n == 0)
		return fail(p, _("did not understand the byte 0x%02X, which is not UTF-8; %s"),
		            (unsigned)(unsigned char)p->text[off], _(understood));
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return fail(p, _("did not understand the character U+%04X; %s"), (unsigned)cp,
		            _(understood));
	return fail(p, _("did not understand \"%.*s\"; %s"), (int)n, p->text + off,
	            _(understood));
}

/* Reads a run of digits, or a day written YYYY-MM-DD, at off. */
static size_t
scan_number(parser *p, size_t off, tok *t)
{
	size_t end = off;

	while (end < p->len && p->text[end] >= '0' && p->text[end] <= '9')
		end++;
	if (end - off == 4 && end + 6 <= p->len && p->text[end] == '-' && p->text[end + 3] == '-') {
		size_t k;
		int shaped = 1;

		for (k = 1; k <= 5; k++)
			if (k != 3 && (p->text[end + k] < '0' || p->text[end + k] > '9'))
				shaped = 0;
		if (shaped &&
		    (end + 6 == p->len || p->text[end + 6] < '0' || p->text[end + 6] > '9')) {
			t->kind = TOK_DATE;
			t->len = 10;
			if (date_parse(p->text + off, 10, &t->date) != 0) {
				fail(p, _("\"%.10s\" is not a real day"), p->text + off);
				return 0;
			}
			return 10;
		}
	}
	t->kind = TOK_NUM;
	t->len = end - off;
	t->digits = end - off;
	t->num = 0;
	if (t->digits <= 4) {
		size_t k;

		for (k = off; k < end; k++)
			t->num = t->num * 10 + (p->text[k] - '0');
	}
	return end - off;
}

/* Reads a word at off, folding its letters to lower case in t->low. */
static size_t
scan_word(parser *p, size_t off, tok *t)
{
	size_t pos = off, lowlen = 0;
	int fits = 1;

	t->kind = TOK_WORD;
	while (pos < p->len) {
		uint32_t cp;
		size_t n = utf8_decode(p->text + pos, p->len - pos, &cp);
		char enc[4];
		size_t m;

		if (n == 0 || !is_letter(cp))
			break;
		m = utf8_encode(fold(cp), enc);
		if (lowlen + m < WORD_MAX) {
			memcpy(t->low + lowlen, enc, m);
			lowlen += m;
		} else {
			fits = 0;
		}
		pos += n;
	}
	t->low[fits ? lowlen : 0] = '\0';
	t->len = pos - off;
	return t->len;
}

/* Splits the text into tokens; words and numbers split where they meet. */
static int
tokenize(parser *p)
{
	size_t pos = 0;

	p->n = 0;
	while (pos < p->len) {
		uint32_t cp;
		size_t n = utf8_decode(p->text + pos, p->len - pos, &cp);
		tok *t;

		if (n > 0 && is_space(cp)) {
			pos += n;
			continue;
		}
		if (p->n == MAX_TOKENS)
			return fail(p, _("the text is too long to be a period; %s"), _(understood));
		t = &p->toks[p->n];
		memset(t, 0, sizeof(*t));
		t->off = pos;
		if (n > 0 && is_dash(cp)) {
			t->kind = TOK_DASH;
			t->len = n;
		} else if (n > 0 && cp >= '0' && cp <= '9') {
			if (scan_number(p, pos, t) == 0)
				return -1;
		} else if (n > 0 && is_letter(cp)) {
			scan_word(p, pos, t);
		} else {
			return fail_char(p, pos, cp, n);
		}
		pos += t->len;
		p->n++;
	}
	memset(&p->toks[p->n], 0, sizeof(p->toks[p->n]));
	p->toks[p->n].kind = TOK_END;
	p->toks[p->n].off = p->len;
	return 0;
}

static const tok *
peek(const parser *p, size_t ahead)
{
	size_t k = p->i + ahead;

	return &p->toks[k < p->n ? k : p->n];
}

/* 1 when the token ahead is one of the words in the NULL-terminated list. */
static int
word_in(const parser *p, size_t ahead, const char *const *words)
{
	const tok *t = peek(p, ahead);

	if (t->kind != TOK_WORD || t->low[0] == '\0')
		return 0;
	for (; *words != NULL; words++)
		if (strcmp(t->low, *words) == 0)
			return 1;
	return 0;
}

static const char *const w_spring[] = {"våren", "vår", "spring", NULL};
static const char *const w_autumn[] = {"hösten", "höst", "autumn", "fall", NULL};
static const char *const w_quarter[] = {"kv", "kvartal", "q", "quarter", NULL};
static const char *const w_to[] = {"till", "to", "through", NULL};
static const char *const w_ongoing[] = {"löpande", "ongoing", NULL};
static const char *const w_recurring[] = {"återkommande", "recurring", NULL};
/* Phrases of one or more words; a longer phrase comes before its prefix. */
static const char *const p_start[] = {
	"med start", "starting from", "starting in", "starting", "från", "from", NULL,
};
static const char *const p_yearly[] = {
	"årsvis", "årligen", "varje år", "per år", "yearly",
	"annually", "every year", "each year", "per year", NULL,
};

/* Reads "2019" after a half or quarter, or leaves year 0 when none follows. */
static int
parse_year_opt(parser *p, point *pt)
{
	const tok *t = peek(p, 0);

	if (t->kind != TOK_NUM)
		return 0;
	if (t->digits != 4 || t->num == 0) {
		buf msg = BUF_INIT;

		quote_toks(&msg, p, p->i, p->i);
		fail(p, _("%s is no year: a year has four digits, as in 2019; %s"), buf_cstr(&msg),
		     _(understood));
		buf_free(&msg);
		return -1;
	}
	pt->year = t->num;
	pt->last = p->i;
	p->i++;
	return 0;
}

/*
 * Reads one point in time. Returns 1 when one was read, 0 when the tokens
 * ahead are no point (nothing consumed), -1 on a malformed one.
 */
static int
parse_point(parser *p, point *pt)
{
	const tok *t = peek(p, 0);

	memset(pt, 0, sizeof(*pt));
	pt->first = pt->last = p->i;
	if (t->kind == TOK_DATE) {
		pt->kind = PT_DAY;
		pt->day = t->date;
		pt->year = date_year(t->date);
		p->i++;
		return 1;
	}
	if (t->kind == TOK_NUM) {
		pt->kind = PT_YEAR;
		return parse_year_opt(p, pt) < 0 ? -1 : 1;
	}
	if (word_in(p, 0, w_spring) || word_in(p, 0, w_autumn)) {
		pt->kind = PT_HALF;
		pt->part = word_in(p, 0, w_spring) ? 1 : 2;
		p->i++;
		return parse_year_opt(p, pt) < 0 ? -1 : 1;
	}
	if (word_in(p, 0, w_quarter)) {
		const tok *q = peek(p, 1);

		if (q->kind != TOK_NUM || q->digits != 1 || q->num < 1 || q->num > 4) {
			buf msg = BUF_INIT;

			quote_toks(&msg, p, p->i, q->kind == TOK_END ? p->i : p->i + 1);
			fail(p,
			     _("%s is no quarter: the quarters are Kv 1 to Kv 4 (Q1 to Q4), "
			       "followed by a year; %s"),
			     buf_cstr(&msg), _(understood));
			buf_free(&msg);
			return -1;
		}
		pt->kind = PT_QUARTER;
		pt->part = q->num;
		pt->last = p->i + 1;
		p->i += 2;
		return parse_year_opt(p, pt) < 0 ? -1 : 1;
	}
	return 0;
}

/* The first and last day of a point whose year is known. */
static void
point_span(const point *pt, date_days *start, date_days *end)
{
	switch (pt->kind) {
	case PT_YEAR:
		*start = date_from_ymd(pt->year, 1, 1);
		*end = date_from_ymd(pt->year, 12, 31);
		break;
	case PT_HALF:
		*start = date_from_ymd(pt->year, pt->part == 1 ? 1 : 7, 1);
		*end = pt->part == 1 ? date_from_ymd(pt->year, 6, 30)
		                     : date_from_ymd(pt->year, 12, 31);
		break;
	case PT_QUARTER: {
		int last_month = pt->part * 3;

		*start = date_from_ymd(pt->year, last_month - 2, 1);
		*end = date_from_ymd(pt->year, last_month,
		                     date_days_in_month(pt->year, last_month));
		break;
	}
	case PT_DAY: *start = *end = pt->day; break;
	}
}

static int
fail_no_year(parser *p, const point *pt)
{
	buf msg = BUF_INIT;

	quote_toks(&msg, p, pt->first, pt->last);
	fail(p, _("%s needs a year, as in \"%.*s 2019\"; %s"), buf_cstr(&msg),
	     (int)(p->toks[pt->last].off + p->toks[pt->last].len - p->toks[pt->first].off),
	     p->text + p->toks[pt->first].off, _(understood));
	buf_free(&msg);
	return -1;
}

static int
fail_unexpected(parser *p)
{
	buf msg = BUF_INIT;
	const tok *t = peek(p, 0);

	if (t->kind == TOK_END && p->n == 0)
		return fail(p, _("the period is empty; %s"), _(understood));
	if (p->i == 0)
		return fail(p, _("did not understand \"%.*s\"; %s"), (int)t->len, p->text + t->off,
		            _(understood));
	quote_toks(&msg, p, 0, p->i - 1);
	if (t->kind == TOK_END)
		fail(p, _("something is missing after %s; %s"), buf_cstr(&msg), _(understood));
	else
		fail(p, _("did not understand \"%.*s\" after %s; %s"), (int)t->len,
		     p->text + t->off, buf_cstr(&msg), _(understood));
	buf_free(&msg);
	return -1;
}

/* What words that need the plan period mean, for need_plan. */
enum plan_meaning { TO_PLAN_END, WHOLE_PLAN, EVERY_PLAN_YEAR };

static int
need_plan(parser *p, size_t first, size_t last, enum plan_meaning meaning)
{
	buf msg = BUF_INIT;
	const char *fmt;

	if (p->plan != NULL)
		return 0;
	quote_toks(&msg, p, first, last);
	switch (meaning) {
	case TO_PLAN_END:
		fmt = _("%s runs to the end of the plan period, but the plan period is not known "
		        "here");
		break;
	case WHOLE_PLAN:
		fmt = _("%s runs over the whole plan period, but the plan period is not known "
		        "here");
		break;
	default:
		fmt = _("%s runs every year over the plan period, but the plan period is not "
		        "known here");
		break;
	}
	fail(p, fmt, buf_cstr(&msg));
	buf_free(&msg);
	return -1;
}

/* 1 when a separator of a range ("–", "till", "to") is ahead; consumes it. */
static int
take_separator(parser *p)
{
	if (peek(p, 0)->kind == TOK_DASH || word_in(p, 0, w_to)) {
		p->i++;
		return 1;
	}
	return 0;
}

/*
 * Reads a range or a single point into *out. open_end is set when the text
 * began with "från"/"from" or a start word, so the range runs to the plan's
 * end.
 */
static int
parse_range(parser *p, period *out, int open_end)
{
	point a, b;
	date_days s, e, s2, e2;
	size_t first = p->i;
	int rc = parse_point(p, &a);

	if (rc <= 0)
		return rc < 0 ? -1 : fail_unexpected(p);
	if (!open_end && take_separator(p)) {
		if (peek(p, 0)->kind == TOK_END) {
			open_end = 1;
		} else {
			rc = parse_point(p, &b);
			if (rc <= 0)
				return rc < 0 ? -1 : fail_unexpected(p);
			if (b.year == 0)
				return fail_no_year(p, &b);
			if (a.year == 0)
				a.year = b.year;
			point_span(&a, &s, &e);
			point_span(&b, &s2, &e2);
			out->start = s;
			out->end = e2;
			if (s > e2) {
				buf msg = BUF_INIT;
				char d1[DATE_BUFSZ], d2[DATE_BUFSZ];

				quote_toks(&msg, p, first, b.last);
				fail(p,
				     _("%s runs backwards: it would start on %s, after its end on %s"),
				     buf_cstr(&msg), date_format(s, d1), date_format(e2, d2));
				buf_free(&msg);
				return -1;
			}
			return 0;
		}
	}
	if (a.year == 0)
		return fail_no_year(p, &a);
	point_span(&a, &s, &e);
	out->start = s;
	out->end = e;
	if (open_end) {
		char d1[DATE_BUFSZ];
		buf msg = BUF_INIT;

		if (need_plan(p, first, p->i - 1, TO_PLAN_END) < 0)
			return -1;
		out->end = p->plan->end;
		if (s <= p->plan->end)
			return 0;
		quote_toks(&msg, p, 0, p->i - 1);
		fail(p, _("%s starts after the plan period, which ends on %s"), buf_cstr(&msg),
		     date_format(p->plan->end, d1));
		buf_free(&msg);
		return -1;
	}
	return 0;
}

/*
 * The number of tokens ahead that spell one of the phrases (words separated
 * by single spaces), or 0 when none does.
 */
static size_t
phrase_at(const parser *p, const char *const *phrases)
{
	for (; *phrases != NULL; phrases++) {
		const char *w = *phrases;
		size_t k = 0;

		for (;;) {
			const tok *t = peek(p, k);
			size_t n = strcspn(w, " ");

			if (t->kind != TOK_WORD || strlen(t->low) != n ||
			    memcmp(t->low, w, n) != 0)
				break;
			k++;
			if (w[n] == '\0')
				return k;
			w += n + 1;
		}
	}
	return 0;
}

/* Consumes one of the phrases when it is ahead; returns 1 when it was. */
static int
take_phrase(parser *p, const char *const *phrases)
{
	size_t n = phrase_at(p, phrases);

	p->i += n;
	return n > 0;
}

static int
parse_body(parser *p, period *out)
{
	out->yearly = 0;
	if (word_in(p, 0, w_ongoing)) {
		if (need_plan(p, p->i, p->i, WHOLE_PLAN) < 0)
			return -1;
		p->i++;
		out->start = p->plan->start;
		out->end = p->plan->end;
	} else if (word_in(p, 0, w_recurring)) {
		size_t first = p->i++;

		out->yearly = 1;
		if (take_phrase(p, p_start)) {
			if (parse_range(p, out, 1) < 0)
				return -1;
		} else if (peek(p, 0)->kind == TOK_END || phrase_at(p, p_yearly) > 0) {
			if (need_plan(p, first, first, EVERY_PLAN_YEAR) < 0)
				return -1;
			out->start = p->plan->start;
			out->end = p->plan->end;
		} else if (parse_range(p, out, 0) < 0) {
			return -1;
		}
	} else if (take_phrase(p, p_start)) {
		if (parse_range(p, out, 1) < 0)
			return -1;
	} else if (parse_range(p, out, 0) < 0) {
		return -1;
	}
	if (take_phrase(p, p_yearly))
		out->yearly = 1;
	if (peek(p, 0)->kind != TOK_END)
		return fail_unexpected(p);
	return 0;
}

int
period_parse(const char *text, size_t len, const period *plan, period *out, char **why)
{
	parser p;
	period result;

	memset(&p, 0, sizeof(p));
	buf_init(&p.why);
	/* Spaces and one full stop at the end are no part of the period. */
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
	                   text[len - 1] == '\r'))
		len--;
	if (len > 0 && text[len - 1] == '.')
		len--;
	p.text = text;
	p.len = len;
	p.plan = plan;
	if (len > MAX_TEXT)
		fail(&p, _("the text is too long to be a period (over %d bytes); %s"), MAX_TEXT,
		     _(understood));
	else if (tokenize(&p) == 0 && parse_body(&p, &result) == 0) {
		buf_free(&p.why);
		*out = result;
		if (why != NULL)
			*why = NULL;
		return 0;
	}
	if (why != NULL)
		*why = buf_detach(&p.why);
	buf_free(&p.why);
	return -1;
}

char *
period_format(const period *p, char *out)
{
	char s[DATE_BUFSZ], e[DATE_BUFSZ];

	snprintf(out, PERIOD_BUFSZ, "%s to %s%s", date_format(p->start, s), date_format(p->end, e),
	         p->yearly ? ", every year" : "");
	return out;
}

int
period_contains(const period *p, date_days day)
{
	return day >= p->start && day <= p->end;
}

int
period_equal(const period *a, const period *b)
{
	return a->start == b->start && a->end == b->end && !a->yearly == !b->yearly;
}
