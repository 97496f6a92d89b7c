#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil and civil_from_days. */
date_days
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (date_days)(era * 146097 + doe - 719468);
}

void
date_to_ymd(date_days day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int mm = mp + (mp < 10 ? 3 : -9);

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mm;
	*y = yoe + era * 400 + (mm <= 2);
}

int
date_year(date_days day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y;
}

int
date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
date_valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
date_parse(const char *s, size_t len, date_days *out)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) != 0 ||
	    digits(s + 5, 2, &m) != 0 || digits(s + 8, 2, &d) != 0 || !date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

char *
date_format(date_days day, char *out)
{
	int y, m, d;
	unsigned uy, um, ud;

	date_to_ymd(day, &y, &m, &d);
	uy = (unsigned)(y < 0 ? 0 : y) % 10000u;
	um = (unsigned)m % 100u;
	ud = (unsigned)d % 100u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = '\0';
	return out;
}

date_days
date_today(void)
{
	const char *fixed = getenv("PLAN_TODAY");
	date_days day;
	time_t now;
	struct tm tm;

	if (fixed != NULL && date_parse(fixed, strlen(fixed), &day) == 0)
		return day;
	now = time(NULL);
	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

date_days
date_from_time(int64_t seconds, int offset_minutes)
{
	int64_t local = seconds + (int64_t)offset_minutes * 60;
	int64_t days = local / 86400;

	if (local % 86400 < 0)
		days--;
	return (date_days)days;
}
