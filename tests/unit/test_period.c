/* Unit tests of periods in the plan's words: every form, English, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/period.h"
#include "util/date.h"

/* The Örebro plan's period, 2018-01-01 to 2021-12-31. */
static period
plan_period(void)
{
	period p;

	p.start = date_from_ymd(2018, 1, 1);
	p.end = date_from_ymd(2021, 12, 31);
	p.yearly = 0;
	return p;
}

/* Parses text against the plan period and checks the dates and the flag. */
static void
expect(const char *text, const char *start, const char *end, int yearly)
{
	period plan = plan_period(), got;
	char *why = NULL;
	char s[DATE_BUFSZ], e[DATE_BUFSZ];
	int rc = period_parse(text, strlen(text), &plan, &got, &why);

	if (rc != 0)
		fprintf(stderr, "\"%s\": %s\n", text, why);
	assert_int_equal(rc, 0);
	assert_null(why);
	if (strcmp(date_format(got.start, s), start) != 0 ||
	    strcmp(date_format(got.end, e), end) != 0)
		fprintf(stderr, "\"%s\" gave %s to %s\n", text, s, e);
	assert_string_equal(s, start);
	assert_string_equal(e, end);
	assert_int_equal(got.yearly, yearly);
}

/*
 * Parses text that must be refused; checks that *out is left alone and that
 * the message holds want. Returns nothing: the message is freed here.
 */
static void
refuse(const char *text, size_t len, const period *plan, const char *want)
{
	period got = {12345, 12345, 7};
	char *why = NULL;

	assert_int_equal(period_parse(text, len, plan, &got, &why), -1);
	assert_non_null(why);
	if (strstr(why, want) == NULL)
		fprintf(stderr, "\"%.*s\": wanted \"%s\" in: %s\n", (int)len, text, want, why);
	assert_non_null(strstr(why, want));
	assert_int_equal(got.start, 12345);
	assert_int_equal(got.end, 12345);
	assert_int_equal(got.yearly, 7);
	free(why);
}

static void
refuse_str(const char *text, const char *want)
{
	period plan = plan_period();

	refuse(text, strlen(text), &plan, want);
}

static void
test_period__a_year_is_january_to_december(void **state)
{
	(void)state;
	expect("2021", "2021-01-01", "2021-12-31", 0);
	expect("2020", "2020-01-01", "2020-12-31", 0);
}

static void
test_period__ranges_take_an_en_dash_a_hyphen_or_words(void **state)
{
	(void)state;
	expect("2018–2019", "2018-01-01", "2019-12-31", 0);
	expect("2018-2019", "2018-01-01", "2019-12-31", 0);
	expect("2019—2020", "2019-01-01", "2020-12-31", 0);
	expect("2018 – 2019", "2018-01-01", "2019-12-31", 0);
	expect("2018 till 2019", "2018-01-01", "2019-12-31", 0);
	expect("2018 to 2019", "2018-01-01", "2019-12-31", 0);
	expect("2019 through 2020", "2019-01-01", "2020-12-31", 0);
}

static void
test_period__varen_is_january_to_june(void **state)
{
	(void)state;
	expect("Våren 2019", "2019-01-01", "2019-06-30", 0);
	expect("våren 2019", "2019-01-01", "2019-06-30", 0);
	expect("VÅREN 2019", "2019-01-01", "2019-06-30", 0);
	expect("vår 2019", "2019-01-01", "2019-06-30", 0);
	expect("spring 2019", "2019-01-01", "2019-06-30", 0);
	expect("Spring 2019", "2019-01-01", "2019-06-30", 0);
}

static void
test_period__hosten_is_july_to_december(void **state)
{
	(void)state;
	expect("Hösten 2019", "2019-07-01", "2019-12-31", 0);
	expect("HÖSTEN 2019", "2019-07-01", "2019-12-31", 0);
	expect("höst 2021", "2021-07-01", "2021-12-31", 0);
	expect("autumn 2019", "2019-07-01", "2019-12-31", 0);
	expect("Fall 2019", "2019-07-01", "2019-12-31", 0);
}

static void
test_period__half_years_combine_with_years_and_halves(void **state)
{
	(void)state;
	expect("Hösten 2018–2020", "2018-07-01", "2020-12-31", 0);
	expect("2018–våren 2019", "2018-01-01", "2019-06-30", 0);
	expect("Hösten 2018–våren 2019", "2018-07-01", "2019-06-30", 0);
	expect("autumn 2018–2020", "2018-07-01", "2020-12-31", 0);
	expect("2018 to spring 2019", "2018-01-01", "2019-06-30", 0);
	expect("autumn 2018 to spring 2019", "2018-07-01", "2019-06-30", 0);
	expect("våren–hösten 2019", "2019-01-01", "2019-12-31", 0);
}

static void
test_period__quarters_are_calendar_quarters(void **state)
{
	(void)state;
	expect("Kv 1 2019", "2019-01-01", "2019-03-31", 0);
	expect("Kv 2 2019", "2019-04-01", "2019-06-30", 0);
	expect("Kv 3 2019", "2019-07-01", "2019-09-30", 0);
	expect("Kv 4 2019", "2019-10-01", "2019-12-31", 0);
	expect("kv3 2019", "2019-07-01", "2019-09-30", 0);
	expect("KV 3 2019", "2019-07-01", "2019-09-30", 0);
	expect("kvartal 4 2020", "2020-10-01", "2020-12-31", 0);
	expect("Q3 2019", "2019-07-01", "2019-09-30", 0);
	expect("q1 2020", "2020-01-01", "2020-03-31", 0);
	expect("quarter 2 2020", "2020-04-01", "2020-06-30", 0);
}

static void
test_period__quarter_ranges_may_share_one_year(void **state)
{
	(void)state;
	expect("Kv 1–Kv 2 2020", "2020-01-01", "2020-06-30", 0);
	expect("Q1-Q3 2019", "2019-01-01", "2019-09-30", 0);
	expect("Kv 3 2019–Kv 2 2020", "2019-07-01", "2020-06-30", 0);
	expect("Q4 2018 to Q1 2019", "2018-10-01", "2019-03-31", 0);
	expect("Kv 3 2019–2020", "2019-07-01", "2020-12-31", 0);
}

static void
test_period__lopande_is_the_plan_period(void **state)
{
	(void)state;
	expect("Löpande", "2018-01-01", "2021-12-31", 0);
	expect("löpande.", "2018-01-01", "2021-12-31", 0);
	expect("LÖPANDE", "2018-01-01", "2021-12-31", 0);
	expect("ongoing", "2018-01-01", "2021-12-31", 0);
	expect("Ongoing.", "2018-01-01", "2021-12-31", 0);
}

static void
test_period__lopande_arsvis_is_the_plan_period_every_year(void **state)
{
	(void)state;
	expect("Löpande årsvis", "2018-01-01", "2021-12-31", 1);
	expect("LÖPANDE ÅRSVIS.", "2018-01-01", "2021-12-31", 1);
	expect("löpande, varje år", "2018-01-01", "2021-12-31", 1);
	expect("ongoing yearly", "2018-01-01", "2021-12-31", 1);
	expect("ongoing, yearly", "2018-01-01", "2021-12-31", 1);
	expect("Ongoing annually", "2018-01-01", "2021-12-31", 1);
	expect("ongoing, every year", "2018-01-01", "2021-12-31", 1);
	expect("2019–2020 per år", "2019-01-01", "2020-12-31", 1);
	expect("2019–2020 årligen", "2019-01-01", "2020-12-31", 1);
	expect("2019 to 2020, each year", "2019-01-01", "2020-12-31", 1);
	expect("2019 to 2020 per year", "2019-01-01", "2020-12-31", 1);
}

static void
test_period__aterkommande_runs_every_year_from_its_start_to_the_plan_end(void **state)
{
	(void)state;
	expect("Återkommande med start våren 2018", "2018-01-01", "2021-12-31", 1);
	expect("återkommande med start hösten 2019.", "2019-07-01", "2021-12-31", 1);
	expect("ÅTERKOMMANDE MED START VÅREN 2018", "2018-01-01", "2021-12-31", 1);
	expect("återkommande från 2019", "2019-01-01", "2021-12-31", 1);
	expect("Återkommande", "2018-01-01", "2021-12-31", 1);
	expect("återkommande 2018–2019", "2018-01-01", "2019-12-31", 1);
	expect("recurring from spring 2018", "2018-01-01", "2021-12-31", 1);
	expect("Recurring, starting autumn 2019", "2019-07-01", "2021-12-31", 1);
	expect("recurring starting in 2020", "2020-01-01", "2021-12-31", 1);
	expect("recurring starting from Q3 2020", "2020-07-01", "2021-12-31", 1);
	expect("återkommande, årsvis", "2018-01-01", "2021-12-31", 1);
	expect("recurring", "2018-01-01", "2021-12-31", 1);
}

static void
test_period__open_ends_run_to_the_plan_end(void **state)
{
	(void)state;
	expect("från 2019", "2019-01-01", "2021-12-31", 0);
	expect("from autumn 2019", "2019-07-01", "2021-12-31", 0);
	expect("med start hösten 2019", "2019-07-01", "2021-12-31", 0);
	expect("starting Q2 2020", "2020-04-01", "2021-12-31", 0);
	expect("2019–", "2019-01-01", "2021-12-31", 0);
	expect("Hösten 2020 -", "2020-07-01", "2021-12-31", 0);
}

static void
test_period__days_and_ranges_of_days(void **state)
{
	(void)state;
	expect("2019-05-20", "2019-05-20", "2019-05-20", 0);
	expect("2019-05-20–2019-06-10", "2019-05-20", "2019-06-10", 0);
	expect("2019-07-01 to 2019-12-31", "2019-07-01", "2019-12-31", 0);
	expect("2020-02-29 to 2020-03-01, every year", "2020-02-29", "2020-03-01", 1);
	expect("2019-03-15–hösten 2019", "2019-03-15", "2019-12-31", 0);
}

static void
test_period__spaces_case_and_a_final_full_stop_are_ignored(void **state)
{
	(void)state;
	expect("  Hösten   2018 –  2020 .  ", "2018-07-01", "2020-12-31", 0);
	expect("Hösten\xc2\xa0"
	       "2019",
	       "2019-07-01", "2019-12-31", 0);
	expect("\tHösten 2019\r\n", "2019-07-01", "2019-12-31", 0);
	expect("Löpande,  årsvis", "2018-01-01", "2021-12-31", 1);
}

static void
test_period__text_need_not_end_in_nul(void **state)
{
	period plan = plan_period(), got;
	const char text[] = "2019-2020 and more that is not read";

	(void)state;
	assert_int_equal(period_parse(text, 9, &plan, &got, NULL), 0);
	assert_int_equal(got.start, date_from_ymd(2019, 1, 1));
	assert_int_equal(got.end, date_from_ymd(2020, 12, 31));
	/* Three bytes cut "2019" short: a three-digit number is no year. */
	refuse(text, 3, &plan, "four digits");
}

/* Every window_text the shipped records use, with the window it must give. */
static void
test_period__every_window_text_of_the_orebro_plan(void **state)
{
	(void)state;
	expect("2018–2019", "2018-01-01", "2019-12-31", 0);
	expect("2021", "2021-01-01", "2021-12-31", 0);
	expect("2019–2020", "2019-01-01", "2020-12-31", 0);
	expect("Våren 2019", "2019-01-01", "2019-06-30", 0);
	expect("2018–våren 2019", "2018-01-01", "2019-06-30", 0);
	expect("Löpande årsvis", "2018-01-01", "2021-12-31", 1);
	expect("Återkommande med start våren 2018", "2018-01-01", "2021-12-31", 1);
	expect("Hösten 2019", "2019-07-01", "2019-12-31", 0);
	expect("Hösten 2018–2020", "2018-07-01", "2020-12-31", 0);
	expect("Löpande", "2018-01-01", "2021-12-31", 0);
	expect("Hösten 2018–våren 2019", "2018-07-01", "2019-06-30", 0);
	expect("Hösten 2021", "2021-07-01", "2021-12-31", 0);
}

static void
test_period__format_reads_back_as_the_same_period(void **state)
{
	static const char *const texts[] = {
		"Hösten 2019",     "Löpande årsvis", "Kv 1 2020",
		"2018–våren 2019", "2019-05-20",     "Återkommande med start hösten 2019",
	};
	period plan = plan_period();
	char out[PERIOD_BUFSZ];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		period a, b;

		assert_int_equal(period_parse(texts[i], strlen(texts[i]), &plan, &a, NULL), 0);
		period_format(&a, out);
		assert_int_equal(period_parse(out, strlen(out), NULL, &b, NULL), 0);
		assert_true(period_equal(&a, &b));
	}
	assert_string_equal(period_format(&plan, out), "2018-01-01 to 2021-12-31");
	plan.yearly = 1;
	assert_string_equal(period_format(&plan, out), "2018-01-01 to 2021-12-31, every year");
}

static void
test_period__contains_includes_both_ends(void **state)
{
	period p;

	(void)state;
	p.start = date_from_ymd(2019, 7, 1);
	p.end = date_from_ymd(2019, 12, 31);
	p.yearly = 0;
	assert_true(period_contains(&p, p.start));
	assert_true(period_contains(&p, p.end));
	assert_false(period_contains(&p, p.start - 1));
	assert_false(period_contains(&p, p.end + 1));
}

static void
test_period__unknown_words_are_named_with_the_forms_understood(void **state)
{
	(void)state;
	refuse_str("Sommaren 2019",
	           "did not understand \"Sommaren\"; the forms understood are a year");
	refuse_str("2019 och 2020", "did not understand \"och\" after \"2019\"");
	refuse_str("Hösten 2018–2020 ungefär", "did not understand \"ungefär\" after "
	                                       "\"Hösten 2018–2020\"");
	refuse_str("mid 2019", "and recurring from spring 2018");
}

static void
test_period__a_quarter_is_kv_1_to_kv_4(void **state)
{
	(void)state;
	refuse_str("Kv 5 2019", "\"Kv 5\" is no quarter: the quarters are Kv 1 to Kv 4");
	refuse_str("Q0 2019", "\"Q0\" is no quarter");
	refuse_str("Kv", "\"Kv\" is no quarter");
	refuse_str("kv 12 2019", "\"kv 12\" is no quarter");
}

static void
test_period__a_half_or_quarter_needs_a_year(void **state)
{
	(void)state;
	refuse_str("Hösten", "\"Hösten\" needs a year, as in \"Hösten 2019\"");
	refuse_str("Kv 2", "\"Kv 2\" needs a year");
	refuse_str("2018–våren", "\"våren\" needs a year");
	refuse_str("Hösten 19", "\"19\" is no year: a year has four digits");
	refuse_str("20190", "\"20190\" is no year");
	refuse_str("0000", "\"0000\" is no year");
}

static void
test_period__backward_ranges_are_refused(void **state)
{
	(void)state;
	refuse_str("2020–2018", "\"2020–2018\" runs backwards: it would start on 2020-01-01, "
	                        "after its end on 2018-12-31");
	refuse_str("Hösten 2019–våren 2019", "runs backwards");
	refuse_str("återkommande med start våren 2023",
	           "starts after the plan period, which ends on 2021-12-31");
	refuse_str("från 2022", "starts after the plan period");
}

static void
test_period__plan_words_need_the_plan_period(void **state)
{
	(void)state;
	refuse("Löpande", strlen("Löpande"), NULL,
	       "\"Löpande\" runs over the whole plan period, but the "
	       "plan period is not known here");
	refuse("ongoing yearly", 14, NULL, "plan period is not known");
	refuse("Återkommande med start våren 2018", strlen("Återkommande med start våren 2018"),
	       NULL, "runs to the end of the plan period, but the plan period is not known");
	refuse("2019–", strlen("2019–"), NULL, "plan period is not known");
}

static void
test_period__empty_and_bad_text_is_refused(void **state)
{
	char longtext[400];

	(void)state;
	refuse_str("", "the period is empty");
	refuse_str("   ", "the period is empty");
	refuse_str(" . ", "the period is empty");
	refuse_str("2019-02-30", "\"2019-02-30\" is not a real day");
	refuse_str("2019\x01", "the character U+0001");
	refuse_str("2019\xff", "the byte 0xFF, which is not UTF-8");
	refuse("2019\0", 5, NULL, "U+0000");
	refuse_str("2019 (ungefär)", "did not understand \"(\"");
	refuse_str("från", "something is missing after \"från\"");
	refuse_str("2018 2019", "did not understand \"2019\" after \"2018\"");
	refuse_str("2019..", "did not understand \".\"");
	refuse_str("2019 every", "did not understand \"every\" after \"2019\"");
	refuse_str("återkommande med", "did not understand \"med\" after \"återkommande\"");
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	refuse_str(longtext, "too long");
	refuse_str("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25", "too long");
}

static void
test_period__why_may_be_null(void **state)
{
	period plan = plan_period(), got;

	(void)state;
	assert_int_equal(period_parse("nonsense", 8, &plan, &got, NULL), -1);
	assert_int_equal(period_parse("2019", 4, &plan, &got, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period__a_year_is_january_to_december),
		cmocka_unit_test(test_period__ranges_take_an_en_dash_a_hyphen_or_words),
		cmocka_unit_test(test_period__varen_is_january_to_june),
		cmocka_unit_test(test_period__hosten_is_july_to_december),
		cmocka_unit_test(test_period__half_years_combine_with_years_and_halves),
		cmocka_unit_test(test_period__quarters_are_calendar_quarters),
		cmocka_unit_test(test_period__quarter_ranges_may_share_one_year),
		cmocka_unit_test(test_period__lopande_is_the_plan_period),
		cmocka_unit_test(test_period__lopande_arsvis_is_the_plan_period_every_year),
		cmocka_unit_test(
	                test_period__aterkommande_runs_every_year_from_its_start_to_the_plan_end),
		cmocka_unit_test(test_period__open_ends_run_to_the_plan_end),
		cmocka_unit_test(test_period__days_and_ranges_of_days),
		cmocka_unit_test(test_period__spaces_case_and_a_final_full_stop_are_ignored),
		cmocka_unit_test(test_period__text_need_not_end_in_nul),
		cmocka_unit_test(test_period__every_window_text_of_the_orebro_plan),
		cmocka_unit_test(test_period__format_reads_back_as_the_same_period),
		cmocka_unit_test(test_period__contains_includes_both_ends),
		cmocka_unit_test(test_period__unknown_words_are_named_with_the_forms_understood),
		cmocka_unit_test(test_period__a_quarter_is_kv_1_to_kv_4),
		cmocka_unit_test(test_period__a_half_or_quarter_needs_a_year),
		cmocka_unit_test(test_period__backward_ranges_are_refused),
		cmocka_unit_test(test_period__plan_words_need_the_plan_period),
		cmocka_unit_test(test_period__empty_and_bad_text_is_refused),
		cmocka_unit_test(test_period__why_may_be_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
