/*
 * Periods in a plan's own words, turned into explicit dates.
 *
 * The plan times its activities in years, half-years and quarters:
 * "2018–2019", "Hösten 2018–2020", "2018–våren 2019", "Kv 3 2019",
 * "Löpande", "Löpande årsvis", "Återkommande med start våren 2018". The
 * parser reads these and their English equivalents ("autumn 2018–2020",
 * "Q3 2019", "ongoing yearly", "recurring from spring 2018"):
 *
 *   a year             2019
 *   a half-year        våren 2019 (1 January to 30 June), hösten 2019
 *                      (1 July to 31 December); spring, autumn, fall
 *   a quarter          Kv 3 2019, kvartal 3 2019, Q3 2019, quarter 3 2019
 *   a day              2019-05-20
 *   a range            any two of these joined by a hyphen, an en or em
 *                      dash, "till" or "to": from the first's start to the
 *                      second's end; the first may leave out its year when
 *                      the second has one ("Kv 1–Kv 2 2020", "våren–hösten
 *                      2019"); "från 2019", "from 2019" and "2019–" run to
 *                      the plan's end
 *   the plan period    löpande, ongoing
 *   every year         återkommande, recurring (the plan period), or with a
 *                      start: "återkommande med start våren 2018",
 *                      "recurring from spring 2018" (to the plan's end)
 *
 * Any of these may end in "årsvis", "årligen", "varje år", "per år",
 * "yearly", "annually", "every year", "each year" or "per year", which
 * makes the target yearly. Letters are compared without regard to case
 * (å and Å alike); extra spaces, commas and a final full stop are ignored.
 */
#ifndef PLAN_PERIOD_H
#define PLAN_PERIOD_H

#include <stddef.h>

#include "util/date.h"

typedef struct period {
	date_days start; /* the first day */
	date_days end;   /* the last day, included */
	int yearly;      /* 1 when a target applies in every calendar year */
} period;

/* Room for "YYYY-MM-DD to YYYY-MM-DD, every year" and its NUL. */
enum { PERIOD_BUFSZ = 40 };

/*
 * Parses len bytes of text (no NUL needed). plan is the plan period, used
 * for "löpande", "återkommande" and open ends; it may be NULL, and then
 * those forms are refused. Returns 0 and fills *out; or returns -1 and, when
 * why is not NULL, sets *why to a message in plain words that names what was
 * not understood and the forms that are (the caller frees it with free()).
 * *out is left alone on failure.
 */
int period_parse(const char *text, size_t len, const period *plan, period *out, char **why);

/*
 * Writes the period in words into out (PERIOD_BUFSZ bytes) and returns out:
 * "2019-07-01 to 2019-12-31", with ", every year" when yearly. The result
 * parses back to the same period.
 */
char *period_format(const period *p, char *out);

/* 1 when day falls inside the period, both ends included. */
int period_contains(const period *p, date_days day);

/* 1 when a and b have the same start, end and yearly flag. */
int period_equal(const period *a, const period *b);

#endif
