/* Unit tests of sheets read from CSV: rows as a spreadsheet numbers them, separators, encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sheet/sheet.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"

static sheet *
read_csv(const char *text)
{
	sheet *s = NULL;

	if (sheet_csv_read(&s, text, strlen(text)) != 0)
		fprintf(stderr, "%s\n", error_last());
	assert_non_null(s);
	return s;
}

static void
test_sheet__crlf_ends_one_row_and_empty_lines_keep_their_numbers(void **state)
{
	sheet *s = read_csv("a,b\r\n\r\nc,\"d\r\ne\"\r\n\r\nf,g");

	(void)state;
	assert_int_equal(s->nrows, 3);
	assert_int_equal(s->rows[0].row, 1);
	assert_int_equal(s->rows[1].row, 3);
	assert_int_equal(s->rows[2].row, 5);
	assert_string_equal(s->rows[1].cells[1].text, "d\ne");
	assert_int_equal(s->sep, ',');
	assert_string_equal(s->encoding, "UTF-8");
	sheet_free(s);
}

static void
test_sheet__the_separator_is_the_one_the_first_line_holds_most(void **state)
{
	sheet *s = read_csv("\"a,b\";c;d\n1,5;2;3\n");

	(void)state;
	assert_int_equal(s->sep, ';');
	assert_int_equal(s->rows[0].ncells, 3);
	assert_string_equal(s->rows[0].cells[0].text, "a,b");
	assert_string_equal(s->rows[1].cells[0].text, "1,5");
	sheet_free(s);
	s = read_csv("a\tb\tc\n");
	assert_int_equal(s->sep, '\t');
	assert_int_equal(s->rows[0].ncells, 3);
	sheet_free(s);
}

static void
test_sheet__windows_1252_and_a_bom_become_utf8(void **state)
{
	sheet *s = read_csv("\xd6rebro;\x80 5\n");

	(void)state;
	assert_string_equal(s->encoding, "Windows-1252");
	assert_string_equal(s->rows[0].cells[0].text, "\xc3\x96rebro");
	assert_string_equal(s->rows[0].cells[1].text, "\xe2\x82\xac 5");
	sheet_free(s);
	s = read_csv("\xef\xbb\xbf\xc3\x96rebro\n");
	assert_string_equal(s->encoding, "UTF-8 with BOM");
	assert_string_equal(s->rows[0].cells[0].text, "\xc3\x96rebro");
	sheet_free(s);
}

static void
test_sheet__unpaired_quotes_and_utf16_are_refused_in_words(void **state)
{
	sheet *s = NULL;

	(void)state;
	assert_int_equal(sheet_csv_read(&s, "a,b\nc,\"d\n", 9), -1);
	assert_null(s);
	assert_non_null(strstr(error_last(), "row 2"));
	assert_int_equal(sheet_csv_read(&s, "\xff\xfe" "a\0", 4), -1);
	assert_non_null(strstr(error_last(), "UTF-16"));
	assert_int_equal(sheet_csv_read(&s, "a\x81\x8d", 3), -1);
	assert_non_null(strstr(error_last(), "Windows-1252"));
}

static void
test_sheet__excel_days_and_column_letters(void **state)
{
	char d[DATE_BUFSZ], c[8];
	date_days day;

	(void)state;
	assert_int_equal(sheet_excel_day(43567, &day), 0);
	assert_string_equal(date_format(day, d), "2019-04-12");
	assert_int_equal(sheet_excel_day(43567.75, &day), 0);
	assert_string_equal(date_format(day, d), "2019-04-12");
	assert_int_equal(sheet_excel_day(61, &day), 0);
	assert_string_equal(date_format(day, d), "1900-03-01");
	assert_int_equal(sheet_excel_day(12, &day), -1);
	assert_int_equal(sheet_excel_day(-1, &day), -1);
	assert_string_equal(sheet_column_name(0, c), "A");
	assert_string_equal(sheet_column_name(25, c), "Z");
	assert_string_equal(sheet_column_name(26, c), "AA");
	assert_string_equal(sheet_column_name(701, c), "ZZ");
	assert_string_equal(sheet_column_name(702, c), "AAA");
}

static void
test_sheet__reseparated_csv_has_semicolons_and_decimal_commas(void **state)
{
	const char *in = "\xef\xbb\xbfid,expected,text\r\nI1,0.50,\"a; b, c\"\r\nI2,,1.2.3\r\n";
	buf out = BUF_INIT;

	(void)state;
	assert_int_equal(sheet_csv_reseparate(in, strlen(in), ';', &out), 0);
	assert_string_equal(buf_cstr(&out),
	                    "\xef\xbb\xbfid;expected;text\r\nI1;0,50;\"a; b, c\"\r\nI2;;1.2.3\r\n");
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet__crlf_ends_one_row_and_empty_lines_keep_their_numbers),
		cmocka_unit_test(test_sheet__the_separator_is_the_one_the_first_line_holds_most),
		cmocka_unit_test(test_sheet__windows_1252_and_a_bom_become_utf8),
		cmocka_unit_test(test_sheet__unpaired_quotes_and_utf16_are_refused_in_words),
		cmocka_unit_test(test_sheet__excel_days_and_column_letters),
		cmocka_unit_test(test_sheet__reseparated_csv_has_semicolons_and_decimal_commas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
