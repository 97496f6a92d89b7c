/* Unit tests of exact decimal comparison and multiples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/decimal.h"

static int
cmp(const char *a, const char *b)
{
	int c = 99;

	assert_int_equal(decimal_cmp(a, strlen(a), b, strlen(b), &c), 0);
	return c;
}

static int
multiple(const char *x, const char *d)
{
	return decimal_is_multiple(x, strlen(x), d, strlen(d));
}

static void
test_decimal__numbers_beyond_a_double_compare_exactly(void **state)
{
	(void)state;
	assert_int_equal(cmp("18446744073709551616", "18446744073709551615"), 1);
	assert_int_equal(cmp("18446744073709551615", "18446744073709551616"), -1);
	assert_int_equal(cmp("-18446744073709551616", "-18446744073709551615"), -1);
	assert_int_equal(cmp("9007199254740993", "9007199254740992.0"), 1);
	assert_int_equal(cmp("1e400", "2e400"), -1);
	assert_int_equal(cmp("-1e400", "1e-400"), -1);
	assert_int_equal(cmp("1e99999999999999999999", "1e400"), 1);
}

static void
test_decimal__one_value_in_many_spellings_is_equal(void **state)
{
	(void)state;
	assert_int_equal(cmp("1", "1.0"), 0);
	assert_int_equal(cmp("10e-1", "1"), 0);
	assert_int_equal(cmp("0.0075", "75e-4"), 0);
	assert_int_equal(cmp("-0", "0.0e5"), 0);
	assert_int_equal(cmp("+12", "0012"), 0);
	assert_int_equal(cmp("18446744073709551616", "1.8446744073709551616e19"), 0);
}

static void
test_decimal__other_forms_are_not_decimal(void **state)
{
	int c;

	(void)state;
	assert_int_equal(decimal_valid("0x10", 4), 0);
	assert_int_equal(decimal_valid(".inf", 4), 0);
	assert_int_equal(decimal_valid("1e", 2), 0);
	assert_int_equal(decimal_valid("", 0), 0);
	assert_int_equal(decimal_valid(NULL, 0), 0);
	assert_int_equal(decimal_valid("5.", 2), 1);
	assert_int_equal(decimal_cmp("1", 1, "abc", 3, &c), -1);
}

static void
test_decimal__multiples_are_exact(void **state)
{
	(void)state;
	assert_int_equal(multiple("100000000000000000000000000000000000002", "3"), 1);
	assert_int_equal(multiple("100000000000000000000000000000000000001", "3"), 0);
	assert_int_equal(multiple("0.0075", "0.0001"), 1);
	assert_int_equal(multiple("0.00751", "0.0001"), 0);
	assert_int_equal(multiple("19.99", "0.01"), 1);
	assert_int_equal(multiple("1e308", "0.123456789"), 0);
	assert_int_equal(multiple("36893488147419103232", "18446744073709551616"), 1);
	assert_int_equal(multiple("36893488147419103233", "18446744073709551616"), 0);
	assert_int_equal(multiple("0", "7"), 1);
	assert_int_equal(multiple("4.5", "1.5"), 1);
	assert_int_equal(multiple("1", "3"), 0);
	/* Too long to divide, or a zero divisor: the caller decides. */
	assert_int_equal(multiple("1e999999", "3"), -1);
	assert_int_equal(multiple("5", "0.0"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal__numbers_beyond_a_double_compare_exactly),
		cmocka_unit_test(test_decimal__one_value_in_many_spellings_is_equal),
		cmocka_unit_test(test_decimal__other_forms_are_not_decimal),
		cmocka_unit_test(test_decimal__multiples_are_exact),
	};

	return cmocka_run_group_tests_name("decimal", tests, NULL, NULL);
}
