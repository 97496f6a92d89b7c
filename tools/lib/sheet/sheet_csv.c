/*
 * CSV files as tables, through libcsv: the encoding and the separator
 * found, row numbers as a spreadsheet shows them. Also the writing of a
 * CSV text again with another separator.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "sheet/sheet.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void
sheet_free(sheet *s)
{
	size_t i, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrows; i++) {
		for (k = 0; k < s->rows[i].ncells; k++)
			free(s->rows[i].cells[k].text);
		free(s->rows[i].cells);
	}
	free(s->rows);
	free(s->name);
	free(s->encoding);
	free(s);
}

char *
sheet_column_name(size_t col, char *out)
{
	char tmp[8];
	size_t n = 0, i;

	col++;
	while (col > 0 && n < sizeof(tmp) - 1) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

int
sheet_excel_day(double serial, date_days *out)
{
	/* Day 60 is 1900-02-29, which never was (Lotus's error, kept by Excel);
	 * every serial from 61 on counts from 1899-12-30. */
	if (!(serial >= 61 && serial < 2958466))
		return -1;
	*out = date_from_ymd(1899, 12, 30) + (date_days)serial;
	return 0;
}

/* The rows being built by libcsv's callbacks. */
typedef struct csv_builder {
	sheet *s;
	sheet_cell *cells;
	size_t ncells, cap;
	unsigned row;  /* rows seen so far */
	int last_term; /* what ended the last record, -2 at the start */
	size_t total;  /* cells kept */
	int too_many;  /* over SHEET_MAX_CELLS: the rest is not kept */
} csv_builder;

static void
on_field(void *data, size_t len, void *ctx)
{
	csv_builder *b = ctx;
	sheet_cell *c;

	if (b->too_many || ++b->total > SHEET_MAX_CELLS) {
		b->too_many = 1;
		return;
	}
	b->cells = xgrow(b->cells, &b->cap, b->ncells + 1, sizeof(*b->cells));
	c = &b->cells[b->ncells++];
	memset(c, 0, sizeof(*c));
	c->text = xstrndup(data != NULL ? data : "", data != NULL ? len : 0);
	/* A line break in a cell is LF, as Excel keeps it, whatever the file's lines end in. */
	if (strchr(c->text, '\r') != NULL) {
		char *r = c->text, *w = c->text;

		for (; *r != '\0'; r++) {
			if (*r == '\r' && r[1] == '\n')
				continue;
			*w++ = *r == '\r' ? '\n' : *r;
		}
		*w = '\0';
	}
}

static void
on_record(int term, void *ctx)
{
	csv_builder *b = ctx;
	size_t i, nonempty = 0;

	/* CR LF ends one record: libcsv reports the LF after it as an empty one. */
	if (b->ncells == 0 && term == '\n' && b->last_term == '\r') {
		b->last_term = term;
		return;
	}
	b->last_term = term;
	b->row++;
	for (i = 0; i < b->ncells; i++)
		nonempty += b->cells[i].text[0] != '\0';
	if (nonempty == 0) {
		for (i = 0; i < b->ncells; i++)
			free(b->cells[i].text);
		b->ncells = 0;
		return;
	}
	b->s->rows = xrealloc(b->s->rows, (b->s->nrows + 1) * sizeof(*b->s->rows));
	b->s->rows[b->s->nrows].row = b->row;
	b->s->rows[b->s->nrows].cells = b->cells;
	b->s->rows[b->s->nrows].ncells = b->ncells;
	b->s->nrows++;
	b->cells = NULL;
	b->ncells = b->cap = 0;
}

/* The separator the first line uses most outside quotes: ',', ';' or a tab. */
static char
find_separator(const char *s, size_t len)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted)
			comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
	}
	if (tab > comma && tab > semi)
		return '\t';
	return semi > comma ? ';' : ',';
}

/* Windows-1252 to UTF-8 through iconv. */
static int
from_cp1252(const char *in, size_t len, buf *out)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	char *src = (char *)in;
	size_t left = len;

	if (cd == (iconv_t)-1)
		return error_set_errno("cannot convert from Windows-1252");
	buf_grow(out, len * 3 + 1);
	while (left > 0) {
		char *dst = out->ptr + out->len;
		size_t room = out->cap - out->len - 1, before = room;

		if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 && errno != E2BIG) {
			size_t at = (size_t)(src - in);

			iconv_close(cd);
			return error_set("the file is neither UTF-8 nor Windows-1252 text (byte 0x%02X "
			                 "at byte %zu); save it from the spreadsheet as \"CSV UTF-8\"",
			                 (unsigned char)in[at], at + 1);
		}
		out->len += before - room;
		if (left > 0)
			buf_grow(out, left * 3 + 16);
	}
	iconv_close(cd);
	out->ptr[out->len] = '\0';
	return 0;
}

int
sheet_csv_read(sheet **out, const char *data, size_t len)
{
	struct csv_parser p;
	csv_builder b;
	buf conv = BUF_INIT;
	const char *enc = "UTF-8";
	size_t bad = 0, i;
	sheet *s;

	*out = NULL;
	if (len >= 2 && (((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe) ||
	                 ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff)))
		return error_set("the file is UTF-16 text (\"Unicode text\"); save it from the "
		                 "spreadsheet as \"CSV UTF-8\" or \"CSV\" instead");
	if (memchr(data, '\0', len) != NULL)
		return error_set("the file holds NUL bytes, so it is no CSV text; save it from the "
		                 "spreadsheet as \"CSV UTF-8\"");
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
		enc = "UTF-8 with BOM";
		if (!utf8_valid(data, len, &bad))
			return error_set("the file begins as UTF-8 but is not UTF-8 at byte %zu; save "
			                 "it from the spreadsheet as \"CSV UTF-8\" again",
			                 bad + 4);
	} else if (!utf8_valid(data, len, NULL)) {
		if (from_cp1252(data, len, &conv) != 0) {
			buf_free(&conv);
			return -1;
		}
		data = conv.ptr;
		len = conv.len;
		enc = "Windows-1252";
	}
	s = xcalloc(1, sizeof(*s));
	s->encoding = xstrdup(enc);
	s->sep = find_separator(data, len);
	memset(&b, 0, sizeof(b));
	b.s = s;
	b.last_term = -2;
	if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(s->encoding);
		free(s);
		buf_free(&conv);
		return error_set("cannot start the CSV reader");
	}
	csv_set_delim(&p, (unsigned char)s->sep);
	if (csv_parse(&p, data, len, on_field, on_record, &b) != len ||
	    csv_fini(&p, on_field, on_record, &b) != 0) {
		int err = csv_error(&p);

		error_set("row %u: %s; a field in double quotes must end with a quote followed "
		          "by '%c' or the end of the line, and a quote inside it is written twice (\"\")",
		          b.row + 1, err == CSV_EPARSE ? "the quotes do not pair up" : csv_strerror(err),
		          s->sep);
		csv_free(&p);
		for (i = 0; i < b.ncells; i++)
			free(b.cells[i].text);
		free(b.cells);
		sheet_free(s);
		buf_free(&conv);
		return -1;
	}
	csv_free(&p);
	for (i = 0; i < b.ncells; i++)
		free(b.cells[i].text);
	free(b.cells);
	buf_free(&conv);
	if (b.too_many) {
		sheet_free(s);
		return error_set("the file holds more than %s cells, more than a list of events "
		                 "needs; import it in parts",
		                 "2,000,000");
	}
	*out = s;
	return 0;
}

/* "12.50" and "-0.5": a number with a decimal point, nothing else. */
static int
is_decimal(const char *s)
{
	size_t i = *s == '-' ? 1 : 0, digits = 0, dots = 0;

	for (; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && digits > 0 && dots == 0)
			dots++;
		else
			return 0;
	}
	return digits > 0 && dots == 1 && s[i - 1] != '.';
}

typedef struct resep {
	buf *out;
	char sep;
	int first;
} resep;

static void
resep_field(void *data, size_t len, void *ctx)
{
	resep *r = ctx;
	const char *s = data != NULL ? data : "";
	size_t i;

	if (!r->first)
		buf_putc(r->out, r->sep);
	r->first = 0;
	if (r->sep == ';' && is_decimal(s)) {
		for (i = 0; i < len; i++)
			buf_putc(r->out, s[i] == '.' ? ',' : s[i]);
		return;
	}
	if (memchr(s, r->sep, len) == NULL && strpbrk(s, "\"\r\n") == NULL) {
		buf_put(r->out, s, len);
		return;
	}
	buf_putc(r->out, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_putc(r->out, '"');
		buf_putc(r->out, s[i]);
	}
	buf_putc(r->out, '"');
}

static void
resep_record(int term, void *ctx)
{
	resep *r = ctx;

	(void)term;
	if (r->first)
		return;
	buf_puts(r->out, "\r\n");
	r->first = 1;
}

int
sheet_csv_reseparate(const char *in, size_t len, char sep, buf *out)
{
	struct csv_parser p;
	resep r;

	if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
		buf_put(out, in, 3);
		in += 3;
		len -= 3;
	}
	r.out = out;
	r.sep = sep;
	r.first = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return error_set("cannot start the CSV reader");
	if (csv_parse(&p, in, len, resep_field, resep_record, &r) != len ||
	    csv_fini(&p, resep_field, resep_record, &r) != 0) {
		csv_free(&p);
		return error_set("the table is no CSV: %s", csv_strerror(csv_error(&p)));
	}
	csv_free(&p);
	return 0;
}
