/*
 * A sheet of an XLSX workbook as a table: the parts of the ZIP archive read
 * with minizip, their XML with expat (namespaces resolved, so any prefix
 * will do). The workbook lists the sheets, its relationships say which part
 * holds each, the shared strings hold the text most cells point at.
 */
#define _POSIX_C_SOURCE 200809L
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unzip.h>

#include "sheet/sheet.h"
#include "util/error.h"
#include "util/xalloc.h"

/* One part of a workbook, uncompressed, may be this large. */
enum { XLSX_MAX_PART = 128 << 20 };
/* A sheet may hold this many rows and columns. */
enum { XLSX_MAX_ROWS = 1048576, XLSX_MAX_COLS = 16384 };

/*
 * Reads the part name of the archive into out. Returns 0, 1 when the
 * archive has no such part, or -1 with the error set.
 */
static int
read_part(unzFile zf, const char *name, buf *out)
{
	unz_file_info64 info;
	char chunk[65536];
	int n;

	buf_reset(out);
	if (unzLocateFile(zf, name, 2) != UNZ_OK)
		return 1;
	if (unzGetCurrentFileInfo64(zf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
	    unzOpenCurrentFile(zf) != UNZ_OK)
		return error_set("the workbook's part %s cannot be read; is the file damaged?", name);
	if (info.uncompressed_size > XLSX_MAX_PART) {
		unzCloseCurrentFile(zf);
		return error_set("the workbook's part %s is larger than 128 MiB unpacked", name);
	}
	while ((n = unzReadCurrentFile(zf, chunk, sizeof(chunk))) > 0) {
		if (out->len + (size_t)n > XLSX_MAX_PART) {
			unzCloseCurrentFile(zf);
			return error_set("the workbook's part %s is larger than 128 MiB unpacked", name);
		}
		buf_put(out, chunk, (size_t)n);
	}
	if (unzCloseCurrentFile(zf) != UNZ_OK || n < 0)
		return error_set("the workbook's part %s is damaged (its checksum or packing is "
		                 "wrong)",
		                 name);
	return 0;
}

/* The local name of an element or attribute ("ns|name" or "name"). */
static const char *
local(const char *name)
{
	const char *bar = strrchr(name, '|');

	return bar != NULL ? bar + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Everything the parsers collect; one struct serves every part. */
typedef struct xlsx {
	XML_Parser p;
	/* workbook.xml: the sheets in order, with their relationship ids */
	char **sheet_names, **sheet_rids;
	size_t nsheets;
	/* workbook.xml.rels: the target of the relationship looked for */
	const char *want_rid;
	char *target;
	/* sharedStrings.xml */
	char **strings;
	size_t nstrings;
	int in_si, in_t, in_rph;
	buf text;
	/* the sheet */
	sheet *s;
	sheet_row *row;
	unsigned next_row;
	size_t next_col, col;
	char type[16];
	int in_v, in_is, in_cell;
	int failed;
	size_t total; /* cells allocated, empty ones before a filled one too */
} xlsx;

static void
on_text(void *ud, const XML_Char *s, int len)
{
	xlsx *x = ud;

	if ((x->in_t && !x->in_rph) || x->in_v)
		buf_put(&x->text, s, (size_t)len);
}

static void
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xlsx *x = ud;
	const char *n = attr(atts, "name"), *id = attr(atts, "id");

	if (strcmp(local(name), "sheet") != 0 || n == NULL || id == NULL)
		return;
	x->sheet_names = xrealloc(x->sheet_names, (x->nsheets + 1) * sizeof(char *));
	x->sheet_rids = xrealloc(x->sheet_rids, (x->nsheets + 1) * sizeof(char *));
	x->sheet_names[x->nsheets] = xstrdup(n);
	x->sheet_rids[x->nsheets] = xstrdup(id);
	x->nsheets++;
}

static void
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xlsx *x = ud;
	const char *id = attr(atts, "Id"), *t = attr(atts, "Target");

	if (strcmp(local(name), "Relationship") == 0 && id != NULL && t != NULL &&
	    x->target == NULL && strcmp(id, x->want_rid) == 0)
		x->target = xstrdup(t);
}

static void
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xlsx *x = ud;
	const char *n = local(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		buf_reset(&x->text);
	} else if (strcmp(n, "t") == 0 && x->in_si)
		x->in_t = 1;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 1;
}

static void
sst_end(void *ud, const XML_Char *name)
{
	xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "t") == 0)
		x->in_t = 0;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(n, "si") == 0) {
		x->strings = xrealloc(x->strings, (x->nstrings + 1) * sizeof(char *));
		x->strings[x->nstrings++] = xstrndup(x->text.ptr != NULL ? x->text.ptr : "", x->text.len);
		x->in_si = 0;
	}
}

/* The column and row of a reference such as "C14"; -1 when it is none. */
static int
parse_ref(const char *ref, size_t *col, unsigned *row)
{
	size_t c = 0, i = 0;
	unsigned long r = 0;

	for (; (ref[i] >= 'A' && ref[i] <= 'Z') && i < 4; i++)
		c = c * 26 + (size_t)(ref[i] - 'A' + 1);
	if (i == 0 || c > XLSX_MAX_COLS)
		return -1;
	for (; ref[i] >= '0' && ref[i] <= '9'; i++) {
		r = r * 10 + (unsigned long)(ref[i] - '0');
		if (r > XLSX_MAX_ROWS)
			return -1;
	}
	if (ref[i] != '\0' || r == 0)
		return -1;
	*col = c - 1;
	*row = (unsigned)r;
	return 0;
}

static void
stop(xlsx *x, const char *fmt, const char *what)
{
	if (!x->failed)
		error_set(fmt, what);
	x->failed = 1;
	XML_StopParser(x->p, XML_FALSE);
}

static void
ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		unsigned long num = r != NULL ? strtoul(r, NULL, 10) : x->next_row;

		if (num == 0 || num > XLSX_MAX_ROWS || num < x->next_row) {
			stop(x, "the sheet's rows are out of order or numbered wrongly (row '%s')",
			     r != NULL ? r : "?");
			return;
		}
		x->s->rows = xrealloc(x->s->rows, (x->s->nrows + 1) * sizeof(*x->s->rows));
		x->row = &x->s->rows[x->s->nrows++];
		memset(x->row, 0, sizeof(*x->row));
		x->row->row = (unsigned)num;
		x->next_row = (unsigned)num + 1;
		x->next_col = 0;
	} else if (strcmp(n, "c") == 0 && x->row != NULL) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		unsigned rownum;

		x->col = x->next_col;
		if (r != NULL && (parse_ref(r, &x->col, &rownum) != 0 || rownum != x->row->row)) {
			stop(x, "a cell of the sheet has a reference that is no cell of its row ('%s')", r);
			return;
		}
		x->next_col = x->col + 1;
		snprintf(x->type, sizeof(x->type), "%s", t != NULL ? t : "n");
		x->in_cell = 1;
		buf_reset(&x->text);
	} else if (x->in_cell && strcmp(n, "v") == 0) {
		x->in_v = 1;
	} else if (x->in_cell && strcmp(n, "is") == 0) {
		x->in_is = 1;
	} else if (x->in_is && strcmp(n, "t") == 0) {
		x->in_t = 1;
	} else if (x->in_is && strcmp(n, "rPh") == 0) {
		x->in_rph = 1;
	}
}

/* Puts the finished cell into its row, after empty cells up to its column. */
static void
put_cell(xlsx *x)
{
	sheet_row *r = x->row;
	const char *v = x->text.ptr != NULL ? x->text.ptr : "";
	sheet_cell *c;
	char *end;

	if (x->text.len == 0)
		return;
	if (x->col >= r->ncells) {
		x->total += x->col + 1 - r->ncells;
		if (x->total > SHEET_MAX_CELLS) {
			stop(x, "the sheet holds more than %s cells, more than a list of events "
			        "needs; import it in parts",
			     "2,000,000");
			return;
		}
		r->cells = xrealloc(r->cells, (x->col + 1) * sizeof(*r->cells));
		for (; r->ncells <= x->col; r->ncells++) {
			r->cells[r->ncells].text = xstrdup("");
			r->cells[r->ncells].numeric = 0;
			r->cells[r->ncells].number = 0;
		}
	}
	c = &r->cells[x->col];
	free(c->text);
	c->numeric = 0;
	if (strcmp(x->type, "s") == 0) {
		unsigned long i = strtoul(v, &end, 10);

		if (*end != '\0' || i >= x->nstrings) {
			c->text = xstrdup("");
			stop(x, "a cell points at a shared text that is not in the workbook (%s)", v);
			return;
		}
		c->text = xstrdup(x->strings[i]);
	} else if (strcmp(x->type, "n") == 0) {
		double d = strtod(v, &end);

		if (*end != '\0') {
			c->text = xstrdup(v);
			return;
		}
		c->numeric = 1;
		c->number = d;
		c->text = xasprintf("%.15g", d);
	} else if (strcmp(x->type, "b") == 0) {
		c->text = xstrdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
	} else {
		/* inlineStr, str (a formula's text), e (an error such as #N/A), d (ISO date) */
		c->text = xstrdup(v);
	}
}

static void
ws_end(void *ud, const XML_Char *name)
{
	xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "v") == 0)
		x->in_v = 0;
	else if (strcmp(n, "t") == 0)
		x->in_t = 0;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(n, "is") == 0)
		x->in_is = 0;
	else if (strcmp(n, "c") == 0 && x->in_cell) {
		put_cell(x);
		x->in_cell = 0;
	} else if (strcmp(n, "row") == 0 && x->row != NULL) {
		size_t i, nonempty = 0;

		for (i = 0; i < x->row->ncells; i++)
			nonempty += x->row->cells[i].text[0] != '\0';
		if (nonempty == 0) {
			for (i = 0; i < x->row->ncells; i++)
				free(x->row->cells[i].text);
			free(x->row->cells);
			x->s->nrows--;
		}
		x->row = NULL;
	}
}

/* Parses one part with the handlers given. */
static int
parse(xlsx *x, const char *part, const buf *data, XML_StartElementHandler start,
      XML_EndElementHandler end)
{
	int ok;

	x->p = XML_ParserCreateNS("UTF-8", '|');
	if (x->p == NULL)
		return error_set("out of memory starting the XML reader");
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, on_text);
	x->failed = 0;
	ok = XML_Parse(x->p, data->ptr != NULL ? data->ptr : "", (int)data->len, 1) ==
	     XML_STATUS_OK;
	if (!ok && !x->failed)
		error_set("the workbook's part %s is no well-formed XML (line %lu: %s); is the "
		          "file damaged?",
		          part, (unsigned long)XML_GetCurrentLineNumber(x->p),
		          XML_ErrorString(XML_GetErrorCode(x->p)));
	XML_ParserFree(x->p);
	x->p = NULL;
	return ok && !x->failed ? 0 : -1;
}

static void
xlsx_clear(xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nsheets; i++) {
		free(x->sheet_names[i]);
		free(x->sheet_rids[i]);
	}
	free(x->sheet_names);
	free(x->sheet_rids);
	for (i = 0; i < x->nstrings; i++)
		free(x->strings[i]);
	free(x->strings);
	free(x->target);
	buf_free(&x->text);
}

/* The part a relationship's target names: relative to xl/, or absolute from the root. */
static char *
part_of_target(const char *t)
{
	if (t[0] == '/')
		return xstrdup(t + 1);
	return xasprintf("xl/%s", t);
}

int
sheet_xlsx_read(sheet **out, const char *path, const char *name)
{
	unzFile zf;
	xlsx x;
	buf data = BUF_INIT;
	size_t i, which = 0;
	char *part = NULL;
	int rc = -1, r;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	zf = unzOpen64(path);
	if (zf == NULL)
		return error_set("the file is no Excel workbook (.xlsx) that can be read: it is "
		                 "no ZIP archive, or a damaged one");
	r = read_part(zf, "xl/workbook.xml", &data);
	if (r != 0) {
		if (r > 0)
			error_set("the file is a ZIP archive but no Excel workbook (it has no "
			          "xl/workbook.xml); save it from the spreadsheet as .xlsx%s",
			          "");
		goto done;
	}
	if (parse(&x, "xl/workbook.xml", &data, wb_start, NULL) != 0)
		goto done;
	if (x.nsheets == 0) {
		error_set("the workbook has no sheets");
		goto done;
	}
	if (name != NULL) {
		for (which = 0; which < x.nsheets && strcmp(x.sheet_names[which], name) != 0; which++)
			;
		for (i = 0; which == x.nsheets && i < x.nsheets; i++)
			if (strcasecmp(x.sheet_names[i], name) == 0)
				which = i;
		if (which == x.nsheets) {
			buf b = BUF_INIT;

			for (i = 0; i < x.nsheets; i++)
				buf_printf(&b, "%s'%s'", i ? ", " : "", x.sheet_names[i]);
			error_set("the workbook has no sheet '%s'; its sheets are %s", name, b.ptr);
			buf_free(&b);
			goto done;
		}
	}
	x.want_rid = x.sheet_rids[which];
	if (read_part(zf, "xl/_rels/workbook.xml.rels", &data) != 0 ||
	    parse(&x, "xl/_rels/workbook.xml.rels", &data, rels_start, NULL) != 0 ||
	    x.target == NULL) {
		if (x.target == NULL)
			error_set("the workbook does not say where its sheet '%s' is; is the file "
			          "damaged?",
			          x.sheet_names[which]);
		goto done;
	}
	r = read_part(zf, "xl/sharedStrings.xml", &data);
	if (r < 0 || (r == 0 && parse(&x, "xl/sharedStrings.xml", &data, sst_start, sst_end) != 0))
		goto done;
	part = part_of_target(x.target);
	r = read_part(zf, part, &data);
	if (r != 0) {
		if (r > 0)
			error_set("the workbook's sheet '%s' is missing (%s); is the file damaged?",
			          x.sheet_names[which], part);
		goto done;
	}
	x.s = xcalloc(1, sizeof(*x.s));
	x.s->name = xstrdup(x.sheet_names[which]);
	x.next_row = 1;
	x.in_t = x.in_rph = 0;
	if (parse(&x, part, &data, ws_start, ws_end) != 0) {
		sheet_free(x.s);
		goto done;
	}
	*out = x.s;
	rc = 0;
done:
	free(part);
	buf_free(&data);
	xlsx_clear(&x);
	unzClose(zf);
	return rc;
}
