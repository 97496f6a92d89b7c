/*
 * Events from the rows of a sheet: the columns found, each row's record and
 * id, and the check of all rows at once by the rules of plan check.
 */
#define _POSIX_C_SOURCE 200809L
#include "ledger/event_import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ledger/event_write.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

/* The headers each field is known by, Swedish and English, folded to lower case. */
static const char *const known_headers[EVCOL_N][8] = {
        [EVCOL_ID] = {"id", "händelse-id", NULL},
        [EVCOL_DATE] = {"date", "datum", "dag", "day", NULL},
        [EVCOL_KIND] = {"kind", "typ", "slag", "type", "händelsetyp", NULL},
        [EVCOL_TITLE] = {"title", "titel", "rubrik", "benämning", "händelse", "event", NULL},
        [EVCOL_INDICATORS] = {"indicators", "indicator", "indikator", "indikatorer", NULL},
        [EVCOL_RESPONSIBLE] = {"responsible", "ansvarig", "ansvarig person", NULL},
        [EVCOL_PARTICIPANTS] = {"participants", "deltagare", "antal deltagare", "antal",
                                NULL},
        [EVCOL_EVIDENCE] = {"evidence", "underlag", "diarienummer", "dnr", "diarienr",
                            "verifikation", NULL},
        [EVCOL_NOTE] = {"note", "notes", "anteckning", "kommentar", "anmärkning", "noteringar",
                        NULL},
        [EVCOL_SUPERSEDES] = {"supersedes", "ersätter", NULL},
        [EVCOL_REASON] = {"reason", "skäl", "orsak", NULL},
        [EVCOL_EXCEPTION] = {"exception", "undantag", NULL},
        [EVCOL_SUPERSEDED_BY] = {"superseded_by", "ersatt av", NULL},
};

/* The map file's names of the fields: the column names of plan list events. */
static int
field_by_name(const char *s)
{
	int c;

	for (c = 0; c < EVCOL_N; c++)
		if (strcmp(event_list_column((event_col)c), s) == 0)
			return c;
	return -1;
}

/* Lower case for ASCII and the Latin-1 capitals (Å, Ä, Ö, É ...), spaces trimmed. */
static char *
folded(const char *s)
{
	buf b = BUF_INIT;
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9e && (unsigned char)s[i + 1] != 0x97) {
			buf_putc(&b, (char)c);
			buf_putc(&b, (char)((unsigned char)s[i + 1] + 0x20));
			i++;
		} else {
			buf_putc(&b, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
		}
	}
	if (b.ptr == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

static int
same_text(const char *a, const char *b)
{
	char *x = folded(a), *y = folded(b);
	int same = strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Text without spaces at either end, as a new string. */
static char *
trim(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	while (n > 0 && strchr(" \t\r\n", *s) != NULL) {
		s++;
		n--;
	}
	return xstrndup(s, n);
}

/* --- The map file. --- */

void
import_map_free(import_map *m)
{
	size_t c, i;

	if (m == NULL)
		return;
	for (c = 0; c < EVCOL_N; c++) {
		free(m->column[c]);
		free(m->fallback[c]);
		for (i = 0; i < m->nvalues[c]; i++) {
			free(m->values[c][i].from);
			free(m->values[c][i].to);
		}
		free(m->values[c]);
	}
	free(m);
}

/* The text of a scalar node (numbers and words as written), or NULL. */
static const char *
scalar(const ytree_node *n)
{
	return n != NULL && n->kind != YT_SEQ && n->kind != YT_MAP && n->kind != YT_NULL ? n->str
	                                                                               : NULL;
}

static void
map_bad(diag_list *f, const char *path, const ytree_node *n, const char *msg, const char *what)
{
	diag_add(f, path, n->line, n->col, DIAG_ERROR, "import", msg, what);
}

int
import_map_read(import_map **out, const char *path, diag_list *findings)
{
	static const char *const sections[] = {"columns", "defaults", "values"};
	ytree_doc *doc = NULL;
	import_map *m;
	size_t before = findings->n, s, i, k;
	int rc;

	*out = NULL;
	rc = ytree_parse_file(&doc, path, YTREE_DATA, NULL, findings);
	if (rc < 0)
		return -1;
	if (rc != YTREE_OK)
		return 1;
	m = xcalloc(1, sizeof(*m));
	if (doc->root == NULL || doc->root->kind != YT_MAP) {
		diag_add(findings, path, 1, 1, DIAG_ERROR, "import",
		         "a map file holds a mapping with columns:, defaults: and values:");
		goto done;
	}
	for (i = 0; i < doc->root->n; i++) {
		const ytree_pair *p = &doc->root->pairs[i];
		const ytree_node *v = p->value;

		for (s = 0; s < 3 && !ytree_is_str(p->key, sections[s]); s++)
			;
		if (s == 3) {
			map_bad(findings, path, p->key,
			        "'%s' is not a part of a map file: write columns:, defaults: or values:",
			        scalar(p->key) ? scalar(p->key) : "?");
			continue;
		}
		if (v->kind != YT_MAP) {
			map_bad(findings, path, v, "%s: needs field: value lines under it",
			        sections[s]);
			continue;
		}
		for (k = 0; k < v->n; k++) {
			const ytree_pair *q = &v->pairs[k];
			const char *name = scalar(q->key);
			int c = name != NULL ? field_by_name(name) : -1;

			if (c < 0 || c == EVCOL_SUPERSEDED_BY) {
				map_bad(findings, path, q->key,
				        "'%s' is no field of an event: use id, date, kind, title, "
				        "indicators, responsible, participants, evidence, note, "
				        "supersedes, reason or exception",
				        name != NULL ? name : "?");
				continue;
			}
			if (s < 2) {
				const char *val = scalar(q->value);

				if (val == NULL) {
					map_bad(findings, path, q->value, "%s needs one value (text)",
					        name);
					continue;
				}
				if (s == 0) {
					free(m->column[c]);
					m->column[c] = xstrdup(val);
				} else {
					free(m->fallback[c]);
					m->fallback[c] = xstrdup(val);
				}
				continue;
			}
			if (q->value->kind != YT_MAP) {
				map_bad(findings, path, q->value,
				        "values of %s: write them as 'in the sheet: in the record' lines",
				        name);
				continue;
			}
			for (size_t j = 0; j < q->value->n; j++) {
				const ytree_pair *r = &q->value->pairs[j];
				const char *from = scalar(r->key), *to = scalar(r->value);

				if (from == NULL || (to == NULL && r->value->kind != YT_NULL)) {
					map_bad(findings, path, r->key,
					        "a value mapping of %s is text: text", name);
					continue;
				}
				m->values[c] = xrealloc(m->values[c], (m->nvalues[c] + 1) *
				                                              sizeof(*m->values[c]));
				m->values[c][m->nvalues[c]].from = xstrdup(from);
				m->values[c][m->nvalues[c]].to = xstrdup(to != NULL ? to : "");
				m->nvalues[c]++;
			}
		}
	}
done:
	ytree_doc_free(doc);
	if (findings->n > before) {
		import_map_free(m);
		return 1;
	}
	*out = m;
	return 0;
}

/* --- Rows to records. --- */

static void
row_free(import_row *r)
{
	free(r->id);
	free(r->path);
	free(r->indicators);
	buf_free(&r->text);
}

void
import_plan_free(import_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrows; i++)
		row_free(&p->rows[i]);
	for (i = 0; i < EVCOL_N; i++)
		free(p->header[i]);
	free(p->rows);
	free(p->file);
	free(p->sheet);
	free(p);
}

size_t
import_count(const import_plan *p, import_state st)
{
	size_t i, n = 0;

	for (i = 0; i < p->nrows; i++)
		n += p->rows[i].state == st;
	return n;
}

/* "C14 (Datum)", "Blad1!C14 (Datum)" or "row 14". */
static void
cell_name(buf *out, const import_plan *p, unsigned row, int col, int field)
{
	char letters[8];

	if (col < 0) {
		buf_printf(out, "row %u", row);
		return;
	}
	if (p->sheet != NULL)
		buf_printf(out, "%s!", p->sheet);
	buf_printf(out, "%s%u", sheet_column_name((size_t)col, letters), row);
	if (field >= 0 && p->header[field] != NULL)
		buf_printf(out, " (%s)", p->header[field]);
}

static void
cell_finding(diag_list *f, const import_plan *p, unsigned row, int col, int field,
             diag_severity sev, const char *rule, const char *msg)
{
	buf b = BUF_INIT;

	cell_name(&b, p, row, col, field);
	buf_printf(&b, ": %s", msg);
	diag_add_owned(f, p->file, row, col >= 0 ? (unsigned)col + 1 : 0, sev, rule, buf_detach(&b));
}

/* The column of a letters reference ("C", "AB"), or -1 when it is no such thing. */
static int
column_of_letters(const char *s)
{
	int c = 0;
	size_t i, n = strlen(s);

	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
			return -1;
		c = c * 26 + ((s[i] | 0x20) - 'a' + 1);
	}
	return c - 1;
}

/*
 * Finds the column of each field from the header row. Returns 0, or -1
 * after a finding when the sheet cannot be read (no date or title column).
 */
static int
find_columns(import_plan *p, const sheet *s, const import_map *m, int col_of[EVCOL_N],
             diag_list *f)
{
	const sheet_row *h = &s->rows[0];
	size_t k;
	int c, rc = 0;

	for (c = 0; c < EVCOL_N; c++)
		col_of[c] = -1;
	for (c = 0; c < EVCOL_N; c++) {
		int letters;

		if (m == NULL || m->column[c] == NULL)
			continue;
		for (k = 0; k < h->ncells; k++)
			if (same_text(h->cells[k].text, m->column[c]))
				break;
		letters = column_of_letters(m->column[c]);
		if (k < h->ncells)
			col_of[c] = (int)k;
		else if (letters >= 0)
			col_of[c] = letters;
		else {
			buf b = BUF_INIT;

			buf_printf(&b,
			           "the map file names the column '%s' for %s, but no column has that "
			           "header; the headers are:",
			           m->column[c], event_list_column((event_col)c));
			for (k = 0; k < h->ncells; k++)
				buf_printf(&b, "%s '%s'", k ? "," : "", h->cells[k].text);
			cell_finding(f, p, h->row, -1, -1, DIAG_ERROR, "import", b.ptr);
			buf_free(&b);
			rc = -1;
		}
	}
	for (k = 0; k < h->ncells; k++) {
		char *name = folded(h->cells[k].text);
		int found = -1, taken = 0;

		for (c = 0; c < EVCOL_N && found < 0; c++) {
			size_t j;

			for (j = 0; known_headers[c][j] != NULL; j++)
				if (strcmp(name, known_headers[c][j]) == 0)
					found = c;
			if (col_of[c] == (int)k)
				taken = 1;
		}
		if (!taken && found >= 0 && col_of[found] < 0 && (m == NULL || m->column[found] == NULL))
			col_of[found] = (int)k;
		else if (!taken && *name != '\0' && (found < 0 || col_of[found] != (int)k)) {
			buf b = BUF_INIT;

			buf_printf(&b,
			           "the column '%s' is not imported: no field of an event has that "
			           "name; a map file (--map) can say which field it is",
			           h->cells[k].text);
			cell_finding(f, p, h->row, (int)k, -1, DIAG_WARNING, "import", b.ptr);
			buf_free(&b);
		}
		free(name);
	}
	for (c = 0; c < EVCOL_N; c++)
		if (col_of[c] >= 0 && (size_t)col_of[c] < h->ncells)
			p->header[c] = xstrdup(h->cells[col_of[c]].text);
	if (col_of[EVCOL_DATE] < 0 && (m == NULL || m->fallback[EVCOL_DATE] == NULL)) {
		cell_finding(f, p, h->row, -1, -1, DIAG_ERROR, "import",
		             "no column holds the date: head it Datum or Date, or name it in a map "
		             "file (--map) under columns: {date: ...}");
		rc = -1;
	}
	if (col_of[EVCOL_TITLE] < 0 && (m == NULL || m->fallback[EVCOL_TITLE] == NULL)) {
		cell_finding(f, p, h->row, -1, -1, DIAG_ERROR, "import",
		             "no column holds the title: head it Titel or Title, or name it in a "
		             "map file (--map) under columns: {title: ...}");
		rc = -1;
	}
	return rc;
}

/* A row's value of one field: the cell (mapped), else the map's default; NULL when empty. */
static char *
value_of(const sheet_row *r, const int col_of[EVCOL_N], const import_map *m, int c,
         const sheet_cell **cell)
{
	char *v = NULL;
	size_t i;

	*cell = NULL;
	if (col_of[c] >= 0 && (size_t)col_of[c] < r->ncells) {
		*cell = &r->cells[col_of[c]];
		v = trim((*cell)->text);
	}
	if (v != NULL && m != NULL)
		for (i = 0; i < m->nvalues[c]; i++)
			if (same_text(v, m->values[c][i].from)) {
				free(v);
				v = xstrdup(m->values[c][i].to);
				break;
			}
	if ((v == NULL || *v == '\0') && m != NULL && m->fallback[c] != NULL) {
		free(v);
		v = xstrdup(m->fallback[c]);
		*cell = NULL;
	}
	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

/* Everything a row holds, as the record's fields; strings owned. */
typedef struct row_fields {
	char *v[EVCOL_N];
	const sheet_cell *cell[EVCOL_N];
	date_days date;
	char **indicators;
	size_t nindicators;
	event_evidence *evidence;
	size_t nevidence;
	char **strings; /* evidence parts, to free */
	size_t nstrings;
	long long participants;
	int has_participants;
} row_fields;

static void
fields_free(row_fields *rf)
{
	size_t i;

	for (i = 0; i < EVCOL_N; i++)
		free(rf->v[i]);
	for (i = 0; i < rf->nindicators; i++)
		free(rf->indicators[i]);
	free(rf->indicators);
	for (i = 0; i < rf->nstrings; i++)
		free(rf->strings[i]);
	free(rf->strings);
	free(rf->evidence);
}

static char *
keep(row_fields *rf, char *s)
{
	rf->strings = xrealloc(rf->strings, (rf->nstrings + 1) * sizeof(*rf->strings));
	rf->strings[rf->nstrings++] = s;
	return s;
}

/* A date cell: an Excel day number, or YYYY-MM-DD (a time after it is dropped). */
static int
parse_date_cell(const char *v, const sheet_cell *cell, date_days *out)
{
	size_t n = strlen(v);

	if (cell != NULL && cell->numeric)
		return sheet_excel_day(cell->number, out);
	if (n > 10 && (v[10] == ' ' || v[10] == 'T'))
		n = 10;
	return date_parse(v, n, out);
}

/* The evidence of a cell: items on lines or separated by ';', each TYPE: REFERENCE. */
static int
parse_evidence(row_fields *rf, const char *v, const char *header, buf *why)
{
	const char *p = v;
	char *hdr = header != NULL ? folded(header) : xstrdup("");
	const char *type_of_column = NULL;
	int rc = 0;

	if (strcmp(hdr, "diarienummer") == 0 || strcmp(hdr, "dnr") == 0 ||
	    strcmp(hdr, "diarienr") == 0)
		type_of_column = "diarienummer";
	while (*p != '\0' && rc == 0) {
		size_t n = strcspn(p, "\n;");
		char *item = xstrndup(p, n), *t = trim(item), *type = NULL, *ref = NULL;

		free(item);
		if (*t != '\0') {
			if (strncmp(t, "http://", 7) == 0 || strncmp(t, "https://", 8) == 0) {
				type = xstrdup("url");
				ref = xstrdup(t);
			} else if (type_of_column != NULL && strchr(t, ':') == NULL) {
				type = xstrdup(type_of_column);
				ref = xstrdup(t);
			} else if (event_write_parse_evidence(t, &type, &ref) != 0) {
				buf_printf(why, "%s", error_last());
				rc = -1;
			}
			if (rc == 0) {
				rf->evidence = xrealloc(rf->evidence,
				                        (rf->nevidence + 1) * sizeof(*rf->evidence));
				rf->evidence[rf->nevidence].type = keep(rf, type);
				rf->evidence[rf->nevidence].ref = keep(rf, ref);
				rf->nevidence++;
			}
		}
		free(t);
		p += n;
		if (*p != '\0')
			p++;
	}
	free(hdr);
	return rc;
}

/* A person named by id, e-mail address or name, as their id; NULL when none is. */
static const char *
find_person(const ledger *l, const char *s)
{
	const rec_person *p = ledger_person(l, s);
	size_t i;

	if (p == NULL)
		p = ledger_person_by_email(l, s);
	for (i = 0; p == NULL && i < l->npeople; i++)
		if (l->people[i].name != NULL && same_text(l->people[i].name, s))
			p = &l->people[i];
	return p != NULL ? p->id : NULL;
}

/*
 * Reads one row into rf. Findings about cells that cannot become fields
 * are appended; returns how many there were.
 */
static int
read_row(row_fields *rf, import_plan *p, const sheet_row *r, const int col_of[EVCOL_N],
         const import_map *m, const ledger *l, const char *responsible, diag_list *f)
{
	buf why = BUF_INIT;
	int c, bad = 0;

	memset(rf, 0, sizeof(*rf));
	for (c = 0; c < EVCOL_N; c++)
		if (c != EVCOL_SUPERSEDED_BY)
			rf->v[c] = value_of(r, col_of, m, c, &rf->cell[c]);
	if (rf->v[EVCOL_DATE] == NULL) {
		cell_finding(f, p, r->row, col_of[EVCOL_DATE], EVCOL_DATE, DIAG_ERROR, "import",
		             "the date is missing; every event needs the day it happened, as "
		             "YYYY-MM-DD");
		bad++;
	} else if (parse_date_cell(rf->v[EVCOL_DATE], rf->cell[EVCOL_DATE], &rf->date) != 0) {
		buf_printf(&why, "'%s' is not a date; write it as YYYY-MM-DD, such as 2019-04-12",
		           rf->v[EVCOL_DATE]);
		cell_finding(f, p, r->row, col_of[EVCOL_DATE], EVCOL_DATE, DIAG_ERROR, "import",
		             why.ptr);
		bad++;
	}
	if (rf->v[EVCOL_TITLE] == NULL) {
		cell_finding(f, p, r->row, col_of[EVCOL_TITLE], EVCOL_TITLE, DIAG_ERROR, "import",
		             "the title is missing; say in a few words what happened");
		bad++;
	}
	if (rf->v[EVCOL_KIND] != NULL) {
		const char *k = event_list_find_kind(l, rf->v[EVCOL_KIND]);

		if (k != NULL) {
			free(rf->v[EVCOL_KIND]);
			rf->v[EVCOL_KIND] = xstrdup(k);
		}
	}
	if (rf->v[EVCOL_RESPONSIBLE] == NULL && responsible != NULL)
		rf->v[EVCOL_RESPONSIBLE] = xstrdup(responsible);
	else if (rf->v[EVCOL_RESPONSIBLE] == NULL) {
		cell_finding(f, p, r->row, col_of[EVCOL_RESPONSIBLE], EVCOL_RESPONSIBLE, DIAG_ERROR,
		             "import",
		             "no one is responsible: name a person of records/people.yaml in a "
		             "column Ansvarig, or give plan import --responsible ID");
		bad++;
	} else if (rf->v[EVCOL_RESPONSIBLE] != NULL) {
		const char *id = find_person(l, rf->v[EVCOL_RESPONSIBLE]);

		if (id != NULL) {
			free(rf->v[EVCOL_RESPONSIBLE]);
			rf->v[EVCOL_RESPONSIBLE] = xstrdup(id);
		}
	}
	if (rf->v[EVCOL_INDICATORS] != NULL) {
		const char *q = rf->v[EVCOL_INDICATORS];

		while (*q != '\0') {
			size_t n = strcspn(q, ",; \n");

			if (n > 0) {
				rf->indicators = xrealloc(rf->indicators, (rf->nindicators + 1) *
				                                                  sizeof(char *));
				rf->indicators[rf->nindicators++] = event_write_indicator_id(q, n);
			}
			q += n;
			q += strspn(q, ",; \n");
		}
	}
	if (rf->v[EVCOL_PARTICIPANTS] != NULL) {
		const sheet_cell *cell = rf->cell[EVCOL_PARTICIPANTS];
		const char *v = rf->v[EVCOL_PARTICIPANTS];
		size_t n = strlen(v);

		if (cell != NULL && cell->numeric && cell->number >= 0 && cell->number < 1e9 &&
		    floor(cell->number) == cell->number) {
			rf->participants = (long long)cell->number;
			rf->has_participants = 1;
		} else if (n > 0 && n <= 9 && strspn(v, "0123456789") == n) {
			rf->participants = strtoll(v, NULL, 10);
			rf->has_participants = 1;
		} else {
			buf_reset(&why);
			buf_printf(&why, "'%s' is not a number of people; write a whole number, such "
			                 "as 14, or leave the cell empty",
			           v);
			cell_finding(f, p, r->row, col_of[EVCOL_PARTICIPANTS], EVCOL_PARTICIPANTS,
			             DIAG_ERROR, "import", why.ptr);
			bad++;
		}
	}
	if (rf->v[EVCOL_EVIDENCE] != NULL) {
		buf_reset(&why);
		if (parse_evidence(rf, rf->v[EVCOL_EVIDENCE], p->header[EVCOL_EVIDENCE], &why) != 0) {
			cell_finding(f, p, r->row, col_of[EVCOL_EVIDENCE], EVCOL_EVIDENCE, DIAG_ERROR,
			             "import", why.ptr);
			bad++;
		}
	}
	if (rf->v[EVCOL_EXCEPTION] != NULL) {
		char *v = folded(rf->v[EVCOL_EXCEPTION]);

		if (strcmp(v, "nej") == 0 || strcmp(v, "no") == 0 || strcmp(v, "-") == 0) {
			free(rf->v[EVCOL_EXCEPTION]);
			rf->v[EVCOL_EXCEPTION] = NULL;
		} else if (strcmp(v, "ja") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "x") == 0) {
			cell_finding(f, p, r->row, col_of[EVCOL_EXCEPTION], EVCOL_EXCEPTION,
			             DIAG_ERROR, "import",
			             "an exception needs its reason, not only yes: write the reason in "
			             "the cell, or give it in a map file under values: {exception: "
			             "{Ja: the reason}}");
			bad++;
		}
		free(v);
	}
	buf_free(&why);
	return bad;
}

static void
build_text(buf *out, const row_fields *rf, const char *id)
{
	event_fields ef;

	memset(&ef, 0, sizeof(ef));
	ef.id = id;
	ef.date = rf->date;
	ef.kind = rf->v[EVCOL_KIND];
	ef.title = rf->v[EVCOL_TITLE];
	ef.indicators = (const char *const *)rf->indicators;
	ef.nindicators = rf->nindicators;
	ef.responsible = rf->v[EVCOL_RESPONSIBLE];
	ef.has_participants = rf->has_participants;
	ef.participants = rf->participants;
	ef.evidence = rf->evidence;
	ef.nevidence = rf->nevidence;
	ef.note = rf->v[EVCOL_NOTE];
	ef.supersedes = rf->v[EVCOL_SUPERSEDES];
	ef.reason = rf->v[EVCOL_REASON];
	ef.exception = rf->v[EVCOL_EXCEPTION];
	buf_reset(out);
	event_write_text(out, &ef);
}

/* 1 when the file at root + path holds exactly text. */
static int
same_file(const char *root, const char *path, const buf *text)
{
	char *full = xasprintf("%s%s", root, path);
	buf b = BUF_INIT;
	int same = 0;

	if (fsutil_read_file(full, 1 << 20, &b, NULL) == 0)
		same = b.len == text->len && memcmp(b.ptr, text->ptr, b.len) == 0;
	buf_free(&b);
	free(full);
	return same;
}

/*
 * Chooses the row's id and path (see the header): the first candidate id
 * that no file, event or earlier row has, or that holds exactly this record
 * already.
 */
static void
choose_id(import_plan *p, size_t at, const row_fields *rf, const ledger *l, const char *root,
          diag_list *f)
{
	import_row *r = &p->rows[at];
	char *slug;
	int n;

	if (rf->v[EVCOL_ID] != NULL)
		slug = NULL;
	else {
		slug = event_write_slug(rf->v[EVCOL_TITLE], EVENT_SLUG_MAX);
		if (*slug == '\0') {
			free(slug);
			slug = xstrdup("event");
		}
	}
	for (n = 1; n < 10000; n++) {
		char day[DATE_BUFSZ];
		size_t k;
		int clash = 0;

		free(r->id);
		free(r->path);
		date_format(rf->date, day);
		if (slug == NULL)
			r->id = xstrdup(rf->v[EVCOL_ID]);
		else
			r->id = n == 1 ? xasprintf("%s-%s", day, slug) : xasprintf("%s-%s-%d", day, slug, n);
		r->path = event_write_path(rf->date, r->id);
		build_text(&r->text, rf, r->id);
		for (k = 0; k < at; k++) {
			const import_row *o = &p->rows[k];

			if (o->id == NULL || strcmp(o->id, r->id) != 0)
				continue;
			if (o->text.len == r->text.len && memcmp(o->text.ptr, r->text.ptr, o->text.len) == 0) {
				r->state = IMPORT_DUPLICATE;
				r->same_as = k;
				free(slug);
				return;
			}
			clash = 1;
			if (slug == NULL) {
				buf b = BUF_INIT;

				buf_printf(&b, "the id %s is row %u's too; every event needs an id of its own",
				           r->id, o->row);
				cell_finding(f, p, r->row, r->col[EVCOL_ID], EVCOL_ID, DIAG_ERROR, "id",
				             b.ptr);
				buf_free(&b);
				r->state = IMPORT_BAD;
				free(slug);
				return;
			}
		}
		if (!clash && same_file(root, r->path, &r->text)) {
			r->state = IMPORT_PRESENT;
			free(slug);
			return;
		}
		if (!clash) {
			char *full = xasprintf("%s%s", root, r->path);

			clash = fsutil_exists(full) || ledger_event_index(l, r->id) >= 0;
			free(full);
		}
		if (!clash) {
			free(slug);
			return;
		}
		if (slug == NULL) {
			buf b = BUF_INIT;

			buf_printf(&b,
			           "the ledger already has an event %s with other content; an event "
			           "is corrected by a new one: give the row a new id (or none) and "
			           "'%s' in a supersedes column, with the reason",
			           r->id, r->id);
			cell_finding(f, p, r->row, r->col[EVCOL_ID], EVCOL_ID, DIAG_ERROR, "immutable",
			             b.ptr);
			buf_free(&b);
			r->state = IMPORT_BAD;
			return;
		}
	}
	free(slug);
	r->state = IMPORT_BAD;
	cell_finding(f, p, r->row, r->col[EVCOL_TITLE], EVCOL_TITLE, DIAG_ERROR, "id",
	             "there are already 9,999 events of this day and title; give it another title");
}

int
import_prepare(import_plan **out, const sheet *s, const char *file, const import_map *m,
               const ledger *l, const char *root, const char *responsible, diag_list *findings)
{
	import_plan *p = xcalloc(1, sizeof(*p));
	int col_of[EVCOL_N];
	size_t i;

	p->file = xstrdup(file);
	p->sheet = s->name != NULL ? xstrdup(s->name) : NULL;
	*out = p;
	if (s->nrows == 0) {
		diag_add(findings, file, 0, 0, DIAG_ERROR, "import",
		         "the sheet is empty: its first row names the columns (Datum, Titel, "
		         "Indikator, Typ, ...) and each row after it is one event");
		return 0;
	}
	if (find_columns(p, s, m, col_of, findings) != 0)
		return 0;
	p->rows = xcalloc(s->nrows, sizeof(*p->rows));
	for (i = 1; i < s->nrows; i++) {
		import_row *r = &p->rows[p->nrows++];
		row_fields rf;

		r->row = s->rows[i].row;
		memcpy(r->col, col_of, sizeof(r->col));
		if (read_row(&rf, p, &s->rows[i], col_of, m, l, responsible, findings) > 0)
			r->state = IMPORT_BAD;
		else {
			buf b = BUF_INIT;
			size_t k;

			for (k = 0; k < rf.nindicators; k++)
				buf_printf(&b, "%s%s", k ? ", " : "", rf.indicators[k]);
			r->indicators = b.ptr != NULL ? buf_detach(&b) : xstrdup("");
			choose_id(p, p->nrows - 1, &rf, l, root, findings);
		}
		fields_free(&rf);
	}
	return 0;
}

/* The field a line of a record written by event_write_text is about, or -1. */
static int
field_at_line(const buf *text, unsigned line)
{
	const char *s = text->ptr, *end = text->ptr + text->len;
	unsigned at = 1;
	int field = -1;

	while (s < end && at <= line) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);

		if (n > 0 && s[0] != ' ' && s[0] != '#') {
			size_t k = strcspn(s, ":");
			int c;

			field = -1;
			for (c = 0; c < EVCOL_N; c++)
				if (strlen(event_list_column((event_col)c)) == k &&
				    strncmp(s, event_list_column((event_col)c), k) == 0)
					field = c;
		}
		at++;
		s += n + 1;
	}
	return field;
}

long
import_take_findings(import_plan *p, const diag_list *checked, diag_list *findings)
{
	unsigned char *is_new = xcalloc(p->nrows + 1, 1);
	size_t i, j;
	long bad = 0;

	for (i = 0; i < p->nrows; i++)
		is_new[i] = p->rows[i].state == IMPORT_NEW;
	for (j = 0; j < checked->n; j++) {
		const diag *d = &checked->items[j];
		import_row *r = NULL;
		int field;

		for (i = 0; i < p->nrows && r == NULL; i++)
			if (is_new[i] && strcmp(p->rows[i].path, d->path) == 0)
				r = &p->rows[i];
		if (r == NULL)
			continue;
		field = d->line > 0 ? field_at_line(&r->text, d->line) : -1;
		cell_finding(findings, p, r->row, field >= 0 ? r->col[field] : -1, field, d->severity,
		             d->rule, d->message);
		if (d->severity == DIAG_ERROR && r->state != IMPORT_BAD) {
			r->state = IMPORT_BAD;
			bad++;
		}
	}
	free(is_new);
	return bad;
}
