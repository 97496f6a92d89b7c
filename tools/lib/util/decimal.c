/*
 * A number is read into its significant digits (no leading or trailing
 * zeros) and the power of ten of the last one: 1500 is "15" and 2, 0.0075
 * is "75" and -4. Comparing is then comparing magnitudes (digits + power),
 * then the digits; a multiple is a remainder of zero in long division on
 * the digit strings.
 */
#include "util/decimal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Exponents beyond this are held at it: the values are out of reach anyway. */
#define EXP_CAP 1000000000000000LL

/*
 * Long division may take at most this many digit steps (each a subtraction
 * of up to the divisor's length, at most nine times): about a millisecond.
 */
#define MAX_STEPS 100000

typedef struct dec {
	int negative;
	char *digits; /* owned; "" for zero */
	size_t n;
	long long exp; /* value = digits * 10^exp */
} dec;

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads s into *d; returns 0, or -1 when it is not decimal. */
static int
dec_parse(const char *s, size_t len, dec *d)
{
	size_t i = 0, mant = 0, frac = 0, k, first;
	long long e = 0;
	int eneg = 0;

	memset(d, 0, sizeof(*d));
	if (s == NULL || len == 0)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		d->negative = s[0] == '-';
		i++;
	}
	first = i;
	while (i < len && is_digit(s[i]))
		i++, mant++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, frac++;
	}
	if (mant + frac == 0)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t start;

		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		start = i;
		while (i < len && is_digit(s[i])) {
			if (e < EXP_CAP)
				e = e * 10 + (s[i] - '0');
			i++;
		}
		if (i == start)
			return -1;
		if (e > EXP_CAP)
			e = EXP_CAP;
		if (eneg)
			e = -e;
	}
	if (i != len)
		return -1;
	d->digits = xmalloc(mant + frac + 1);
	for (k = first; k < i && (is_digit(s[k]) || s[k] == '.'); k++)
		if (s[k] != '.' && (d->n > 0 || s[k] != '0'))
			d->digits[d->n++] = s[k];
	d->exp = e - (long long)frac;
	while (d->n > 0 && d->digits[d->n - 1] == '0') {
		d->n--;
		d->exp++;
	}
	d->digits[d->n] = '\0';
	if (d->n == 0) {
		d->negative = 0;
		d->exp = 0;
	}
	return 0;
}

int
decimal_valid(const char *s, size_t len)
{
	dec d;
	int ok = dec_parse(s, len, &d) == 0;

	free(d.digits);
	return ok;
}

/* Compares magnitudes. */
static int
mag_cmp(const dec *a, const dec *b)
{
	long long ma = (long long)a->n + a->exp, mb = (long long)b->n + b->exp;
	size_t n = a->n < b->n ? a->n : b->n;
	int c;

	if (a->n == 0 || b->n == 0)
		return (a->n > 0) - (b->n > 0);
	if (ma != mb)
		return ma < mb ? -1 : 1;
	c = memcmp(a->digits, b->digits, n);
	if (c != 0)
		return c < 0 ? -1 : 1;
	/* No trailing zeros: the longer has more after the shared digits. */
	return (a->n > b->n) - (a->n < b->n);
}

int
decimal_cmp(const char *a, size_t alen, const char *b, size_t blen, int *out)
{
	dec x, y;
	int rc = -1;

	if (dec_parse(a, alen, &x) == 0 && dec_parse(b, blen, &y) == 0) {
		if (x.n == 0 && y.n == 0)
			*out = 0;
		else if (x.negative != y.negative)
			*out = x.negative ? -1 : 1;
		else
			*out = x.negative ? -mag_cmp(&x, &y) : mag_cmp(&x, &y);
		rc = 0;
		free(y.digits);
	}
	free(x.digits);
	return rc;
}

/* rem (len digits, no leading zeros unless "0") compared with m. */
static int
digits_cmp(const char *rem, size_t rl, const char *m, size_t ml)
{
	int c;

	if (rl != ml)
		return rl < ml ? -1 : 1;
	c = memcmp(rem, m, rl);
	return (c > 0) - (c < 0);
}

/* rem -= m, where rem >= m; both without leading zeros; returns the new length. */
static size_t
digits_sub(char *rem, size_t rl, const char *m, size_t ml)
{
	int borrow = 0;
	size_t i, lead = 0;

	for (i = 0; i < rl; i++) {
		int a = rem[rl - 1 - i] - '0' - borrow;
		int b = i < ml ? m[ml - 1 - i] - '0' : 0;

		borrow = a < b;
		rem[rl - 1 - i] = (char)('0' + a - b + (borrow ? 10 : 0));
	}
	while (lead < rl && rem[lead] == '0')
		lead++;
	memmove(rem, rem + lead, rl - lead);
	return rl - lead;
}

int
decimal_is_multiple(const char *xs, size_t xlen, const char *ds, size_t dlen)
{
	dec x, d;
	char *num = NULL, *div = NULL, *rem = NULL;
	size_t nl, dl, rl = 0, i;
	long long k;
	int rc = -1;

	if (dec_parse(xs, xlen, &x) != 0) {
		free(x.digits);
		return -1;
	}
	if (dec_parse(ds, dlen, &d) != 0 || d.n == 0)
		goto done;
	if (x.n == 0) {
		rc = 1;
		goto done;
	}
	/* x / d = (x.digits * 10^k) / d.digits, k = x.exp - d.exp. */
	k = x.exp - d.exp;
	if ((k > 0 && k > MAX_STEPS) || (k < 0 && -k > MAX_STEPS))
		goto done;
	nl = x.n + (size_t)(k > 0 ? k : 0);
	dl = d.n + (size_t)(k < 0 ? -k : 0);
	if (nl > MAX_STEPS || dl > MAX_STEPS || (double)nl * (double)dl > MAX_STEPS)
		goto done;
	if (nl < dl) {
		rc = 0;
		goto done;
	}
	num = xmalloc(nl);
	div = xmalloc(dl);
	rem = xmalloc(dl + 2);
	memcpy(num, x.digits, x.n);
	memset(num + x.n, '0', nl - x.n);
	memcpy(div, d.digits, d.n);
	memset(div + d.n, '0', dl - d.n);
	for (i = 0; i < nl; i++) {
		if (rl > 0 || num[i] != '0')
			rem[rl++] = num[i];
		while (digits_cmp(rem, rl, div, dl) >= 0)
			rl = digits_sub(rem, rl, div, dl);
	}
	rc = rl == 0;
done:
	free(num);
	free(div);
	free(rem);
	free(x.digits);
	free(d.digits);
	return rc;
}
