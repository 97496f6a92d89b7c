/*
 * Exact arithmetic on numbers written in decimal ("18446744073709551616",
 * "-1.5e3", "0.0075"), for the comparisons a double cannot settle: numbers
 * beyond int64_t or with more digits than a double holds. The text is read
 * as written: an optional sign, digits with an optional decimal point, an
 * optional exponent. Other forms (hexadecimal, ".inf") are not decimal.
 */
#ifndef PLAN_UTIL_DECIMAL_H
#define PLAN_UTIL_DECIMAL_H

#include <stddef.h>

/* 1 when the text is a number written in decimal. */
int decimal_valid(const char *s, size_t len);

/*
 * Compares two numbers written in decimal by value: sets *out to -1, 0 or 1
 * and returns 0; returns -1 when either text is not decimal. 1.0, 1 and
 * 10e-1 are equal.
 */
int decimal_cmp(const char *a, size_t alen, const char *b, size_t blen, int *out);

/*
 * Whether x is a whole multiple of d (d not zero), both written in decimal:
 * 1 or 0; -1 when either is not decimal or zero, or when the division would
 * take too long (the two numbers' digits, multiplied, over 100,000: the
 * caller then falls back to doubles).
 */
int decimal_is_multiple(const char *x, size_t xlen, const char *d, size_t dlen);

#endif
