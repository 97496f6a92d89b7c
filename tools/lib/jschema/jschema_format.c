/*
 * The `format` keyword's checks for dates and times (RFC 3339), durations,
 * e-mail addresses (RFC 5321), IP addresses, UUIDs, JSON pointers (RFC 6901
 * and relative ones) and regular expressions, and the table of all formats.
 * The URI formats are in jschema_format_uri.c, the internationalised host
 * names in jschema_idn.c. Every check takes the exact bytes of the text: a
 * trailing newline or space makes it invalid.
 */
#include <string.h>
#include <strings.h>

#include "jschema/jschema_int.h"
#include "util/date.h"
#include "util/i18n.h"

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n ASCII digits at s[*i]. */
static int
read_digits(const char *s, size_t len, size_t *i, size_t n, int *out)
{
	size_t k;

	*out = 0;
	if (*i + n > len)
		return -1;
	for (k = 0; k < n; k++) {
		if (!digit(s[*i + k]))
			return -1;
		*out = *out * 10 + (s[*i + k] - '0');
	}
	*i += n;
	return 0;
}

static int
format_date(const char *s, size_t len)
{
	date_days d;

	return date_parse(s, len, &d) == 0;
}

/*
 * RFC 3339 full-time: HH:MM:SS[.frac] then Z or +HH:MM / -HH:MM. Second 60
 * is a leap second, which happens at 23:59:60 UTC only.
 */
static int
format_time(const char *s, size_t len)
{
	size_t i = 0;
	int h, m, sec, oh = 0, om = 0, sign = 0, utc;

	if (read_digits(s, len, &i, 2, &h) < 0 || i >= len || s[i++] != ':' ||
	    read_digits(s, len, &i, 2, &m) < 0 || i >= len || s[i++] != ':' ||
	    read_digits(s, len, &i, 2, &sec) < 0)
		return 0;
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	if (i < len && s[i] == '.') {
		size_t start = ++i;

		while (i < len && digit(s[i]))
			i++;
		if (i == start)
			return 0;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i++] == '+' ? 1 : -1;
		if (read_digits(s, len, &i, 2, &oh) < 0 || i >= len || s[i++] != ':' ||
		    read_digits(s, len, &i, 2, &om) < 0 || oh > 23 || om > 59)
			return 0;
	} else {
		return 0;
	}
	if (i != len)
		return 0;
	if (sec == 60) {
		utc = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int
format_date_time(const char *s, size_t len)
{
	return len > 11 && (s[10] == 'T' || s[10] == 't') && format_date(s, 10) &&
	       format_time(s + 11, len - 11);
}

/*
 * RFC 3339 appendix A: P then date units in the order Y, M, D without gaps
 * (or weeks alone), then T and H, M, S likewise; whole numbers only.
 */
static int
format_duration(const char *s, size_t len)
{
	static const char date_units[] = "YMD", time_units[] = "HMS";
	size_t i = 1;
	int in_time = 0, any = 0, weeks = 0, last = -1;

	if (len < 2 || s[0] != 'P')
		return 0;
	while (i < len) {
		size_t start = i;
		const char *units = in_time ? time_units : date_units;
		const char *u;
		int pos;

		if (s[i] == 'T') {
			if (in_time || weeks || i + 1 >= len)
				return 0;
			in_time = 1;
			last = -1;
			i++;
			continue;
		}
		while (i < len && digit(s[i]))
			i++;
		if (i == start || i >= len)
			return 0;
		if (!in_time && s[i] == 'W') {
			if (any)
				return 0;
			weeks = 1;
			any = 1;
			i++;
			continue;
		}
		if (weeks)
			return 0;
		u = strchr(units, s[i]);
		if (u == NULL || s[i] == '\0')
			return 0;
		pos = (int)(u - units);
		if (last >= 0 && pos != last + 1)
			return 0;
		last = pos;
		any = 1;
		i++;
	}
	return any && !(in_time && last < 0);
}

/* A dotted decimal IPv4 address without leading zeros. */
int
js_format_ipv4(const char *s, size_t len)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;

		if (part > 0) {
			if (i >= len || s[i] != '.')
				return 0;
			start = ++i;
		}
		while (i < len && digit(s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return 0;
	}
	return i == len;
}

static int
hexdigit(char c)
{
	return hex_value(c) >= 0;
}

/* RFC 4291 text form: eight groups, one "::", an IPv4 tail in the last two. */
int
js_format_ipv6(const char *s, size_t len)
{
	size_t i = 0, groups = 0;
	int gap = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 1;
		i = 2;
		if (i == len)
			return 1;
	} else if (len > 0 && s[0] == ':') {
		return 0;
	}
	while (i < len) {
		size_t start = i, dots = 0, k;

		for (k = i; k < len && s[k] != ':'; k++)
			dots += s[k] == '.';
		if (dots > 0) {
			/* The IPv4 tail counts as two groups and ends the address. */
			if (k != len || !js_format_ipv4(s + i, len - i))
				return 0;
			groups += 2;
			i = len;
			break;
		}
		while (i < len && hexdigit(s[i]) && i - start < 4)
			i++;
		if (i == start || (i < len && s[i] != ':'))
			return 0;
		groups++;
		if (i == len)
			break;
		i++; /* the ':' */
		if (i < len && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
			if (i == len)
				break;
		} else if (i == len) {
			return 0;
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

int
js_ldh_label(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!(digit(s[i]) || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      s[i] == '-'))
			return 0;
	return 1;
}

static int
atext(unsigned char c, int utf8)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit((char)c) ||
	       (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL) || (utf8 && c >= 0x80);
}

/* The local part of an address: a dot-string or a quoted string. */
static int
local_part(const char *s, size_t len, int utf8)
{
	size_t i;

	if (len == 0 || len > 64)
		return 0;
	if (s[0] == '"') {
		if (len < 2 || s[len - 1] != '"')
			return 0;
		for (i = 1; i < len - 1; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				if (++i >= len - 1)
					return 0;
				continue;
			}
			if (c == '"' || (c < 32 && !utf8) || (c >= 0x7f && !utf8))
				return 0;
		}
		return 1;
	}
	if (s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!atext((unsigned char)s[i], utf8)) {
			return 0;
		}
	}
	return 1;
}

/* The part after '@': a host name or an address literal in brackets. */
static int
mail_domain(const char *s, size_t len, int idn)
{
	if (len >= 2 && s[0] == '[') {
		if (s[len - 1] != ']')
			return 0;
		/* RFC 5321: the tag is case-insensitive, as every ABNF string. */
		if (len > 7 && strncasecmp(s + 1, "IPv6:", 5) == 0)
			return js_format_ipv6(s + 6, len - 7);
		return js_format_ipv4(s + 1, len - 2);
	}
	return idn ? js_format_idn_hostname(s, len) : js_format_hostname(s, len);
}

/* Splits at the '@' that ends the local part (quoted parts may hold '@'). */
static int
mailbox(const char *s, size_t len, int idn)
{
	size_t at = len;

	if (len > 0 && s[0] == '"') {
		size_t i;

		for (i = 1; i < len; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				break;
		}
		at = i + 1;
	} else {
		const char *p = memchr(s, '@', len);

		at = p != NULL ? (size_t)(p - s) : len;
	}
	if (at >= len || s[at] != '@')
		return 0;
	return local_part(s, at, idn) && mail_domain(s + at + 1, len - at - 1, idn);
}

static int
format_email(const char *s, size_t len)
{
	return mailbox(s, len, 0);
}

static int
format_idn_email(const char *s, size_t len)
{
	return mailbox(s, len, 1);
}

static int
format_uuid(const char *s, size_t len)
{
	size_t i;

	if (len != 36)
		return 0;
	for (i = 0; i < len; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!hexdigit(s[i])) {
			return 0;
		}
	}
	return 1;
}

/* RFC 6901: empty, or '/' tokens where '~' is followed by 0 or 1. */
static int
format_json_pointer(const char *s, size_t len)
{
	size_t i;

	if (len > 0 && s[0] != '/')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '~' && (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1')))
			return 0;
	return 1;
}

/* A count without leading zeros, then '#' or a JSON pointer. */
static int
format_relative_json_pointer(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && digit(s[i]))
		i++;
	if (i == 0 || (s[0] == '0' && i > 1))
		return 0;
	if (i < len && s[i] == '#')
		return i + 1 == len;
	return format_json_pointer(s + i, len - i);
}

static int
format_regex(const char *s, size_t len)
{
	return js_regex_valid(s, len);
}

static int
format_hostname_format(const char *s, size_t len)
{
	return js_format_hostname(s, len);
}

/* TRANSLATORS: the first %s is the place ("/date" in English, "fältet date"
 * in Swedish), the last the value as written. */
static const js_format formats[] = {
	{"date", format_date, N_("%s: is not a valid date: %s")},
	{"time", format_time, N_("%s: is not a valid time (such as 14:30:00Z): %s")},
	{"date-time", format_date_time, N_("%s: is not a valid date and time (such as 2019-04-12T14:30:00Z): %s")},
	{"duration", format_duration, N_("%s: is not a valid duration (such as P1Y2M or PT30M): %s")},
	{"email", format_email, N_("%s: is not a valid e-mail address: %s")},
	{"idn-email", format_idn_email, N_("%s: is not a valid e-mail address: %s")},
	{"hostname", format_hostname_format, N_("%s: is not a valid host name: %s")},
	{"idn-hostname", js_format_idn_hostname, N_("%s: is not a valid host name: %s")},
	{"ipv4", js_format_ipv4, N_("%s: is not a valid IPv4 address: %s")},
	{"ipv6", js_format_ipv6, N_("%s: is not a valid IPv6 address: %s")},
	{"uri", js_format_uri, N_("%s: is not a valid URI (such as https://example.org/page): %s")},
	{"uri-reference", js_format_uri_reference, N_("%s: is not a valid URI reference: %s")},
	{"iri", js_format_iri, N_("%s: is not a valid IRI (such as https://example.org/sida): %s")},
	{"iri-reference", js_format_iri_reference, N_("%s: is not a valid IRI reference: %s")},
	{"uri-template", js_format_uri_template, N_("%s: is not a valid URI template: %s")},
	{"uuid", format_uuid, N_("%s: is not a valid UUID: %s")},
	{"json-pointer", format_json_pointer, N_("%s: is not a valid JSON pointer: %s")},
	{"relative-json-pointer", format_relative_json_pointer, N_("%s: is not a valid relative JSON pointer: %s")},
	{"regex", format_regex, N_("%s: is not a valid regular expression: %s")},
};

const js_format *
js_format_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strlen(formats[i].name) == len && memcmp(formats[i].name, name, len) == 0)
			return &formats[i];
	return NULL;
}
