/*
 * Calendar dates as a count of days since 1970-01-01 (proleptic Gregorian),
 * so that comparing and subtracting dates is integer arithmetic.
 */
#ifndef PLAN_UTIL_DATE_H
#define PLAN_UTIL_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t date_days;

/* Room for "YYYY-MM-DD" and its NUL. */
enum { DATE_BUFSZ = 11 };

date_days date_from_ymd(int y, int m, int d);
void date_to_ymd(date_days day, int *y, int *m, int *d);
int date_year(date_days day);
/* 1 when y-m-d names a real day (2019-02-30 does not). */
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
/*
 * Parses exactly "YYYY-MM-DD" (len bytes, no more, no less) naming a real
 * day. Returns 0, or -1 when the text is not such a date.
 */
int date_parse(const char *s, size_t len, date_days *out);
/* Writes "YYYY-MM-DD" into out (DATE_BUFSZ bytes) and returns out. */
char *date_format(date_days day, char *out);
/* Today in the local time zone (TZ), or the PLAN_TODAY environment
 * variable ("YYYY-MM-DD") when set, so tests and demos can fix the day. */
date_days date_today(void);
/* The day a Unix time falls on, at the given offset from UTC in minutes. */
date_days date_from_time(int64_t seconds, int offset_minutes);

#endif
