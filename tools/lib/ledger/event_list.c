/*
 * The events of a ledger chosen by a filter, as a table in text, CSV and
 * JSON.
 */
#include "ledger/event_list.h"

#include <stdlib.h>
#include <string.h>

#include "util/strdist.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const column_names[EVCOL_N] = {
        "id",           "date",     "kind", "title",      "indicators", "responsible",
        "participants", "evidence", "note", "supersedes", "reason",     "exception",
        "superseded_by"};

const char *
event_list_column(event_col c)
{
	return c < EVCOL_N ? column_names[c] : "";
}

/* A byte in lower case; Å, Ä, Ö and É (UTF-8 lead byte 0xc3) are handled by the caller. */
static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/*
 * Folds s into out for a search that ignores case: ASCII letters, and the
 * Latin-1 capitals encoded as 0xc3 0x80-0x9e (Å, Ä, Ö, É, ...), lowered.
 */
static void
fold_case(buf *out, const char *s)
{
	size_t i, n = s != NULL ? strlen(s) : 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9e && (unsigned char)s[i + 1] != 0x97) {
			buf_putc(out, (char)c);
			buf_putc(out, (char)((unsigned char)s[i + 1] + 0x20));
			i++;
			continue;
		}
		buf_putc(out, (char)lower(c));
	}
	buf_putc(out, '\n');
}

static int
has_text(const rec_event *e, const char *needle)
{
	buf hay = BUF_INIT, n = BUF_INIT;
	size_t i;
	int found;

	fold_case(&hay, e->id);
	fold_case(&hay, e->title);
	fold_case(&hay, e->note);
	for (i = 0; i < e->nevidence; i++) {
		fold_case(&hay, e->evidence[i].type);
		fold_case(&hay, e->evidence[i].ref);
	}
	fold_case(&n, needle);
	n.ptr[--n.len] = '\0';
	found = strstr(buf_cstr(&hay), buf_cstr(&n)) != NULL;
	buf_free(&hay);
	buf_free(&n);
	return found;
}

/*
 * s in lower case without accents: Å, Ä, À, Á, Â as a, Ö, Ø, Ó as o, É, È,
 * Ê as e, Ü as u; other letters as fold_case leaves them.
 */
static void
fold_plain(buf *out, const char *s)
{
	size_t i, n = s != NULL ? strlen(s) : 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xc3 && i + 1 < n) {
			unsigned char d = (unsigned char)s[i + 1] | 0x20;

			if (d >= 0xa0 && d <= 0xa5) {
				buf_putc(out, 'a');
				i++;
				continue;
			}
			if (d == 0xb2 || d == 0xb3 || d == 0xb4 || d == 0xb6 || d == 0xb8) {
				buf_putc(out, 'o');
				i++;
				continue;
			}
			if (d >= 0xa8 && d <= 0xab) {
				buf_putc(out, 'e');
				i++;
				continue;
			}
			if (d >= 0xb9 && d <= 0xbc) {
				buf_putc(out, 'u');
				i++;
				continue;
			}
		}
		buf_putc(out, (char)lower(c));
	}
}

/* 1 when a and b are the same text but for case and accents. */
static int
same_folded(const char *a, const char *b)
{
	buf x = BUF_INIT, y = BUF_INIT;
	int same;

	fold_plain(&x, a);
	fold_plain(&y, b);
	same = strcmp(buf_cstr(&x), buf_cstr(&y)) == 0;
	buf_free(&x);
	buf_free(&y);
	return same;
}

const char *
event_list_find_kind(const ledger *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->nkinds; i++)
		if (same_folded(l->kinds[i], s) ||
		    (l->kind_sv[i] != NULL && same_folded(l->kind_sv[i], s)) ||
		    (l->kind_en[i] != NULL && same_folded(l->kind_en[i], s)))
			return l->kinds[i];
	return NULL;
}

/* The distance between the folded s and the folded name, or -1 for no name. */
static size_t
folded_dist(const char *s, const char *name)
{
	buf x = BUF_INIT, y = BUF_INIT;
	size_t d;

	if (name == NULL)
		return (size_t)-1;
	fold_plain(&x, s);
	fold_plain(&y, name);
	d = strdist(buf_cstr(&x), x.len, buf_cstr(&y), y.len);
	buf_free(&x);
	buf_free(&y);
	return d;
}

const char *
event_list_suggest_kind(const ledger *l, const char *s, buf *list)
{
	size_t i, k, best = (size_t)-1, len = strlen(s);
	const char *guess = NULL;

	for (i = 0; i < l->nkinds; i++) {
		const char *names[3] = {l->kinds[i], l->kind_sv[i], l->kind_en[i]};

		for (k = 0; k < 3; k++) {
			size_t d = folded_dist(s, names[k]);

			if (d < best) {
				best = d;
				guess = l->kinds[i];
			}
		}
		buf_printf(list, "%s%s", i ? ", " : "", l->kinds[i]);
		if (l->kind_sv[i] != NULL && strcmp(l->kind_sv[i], l->kinds[i]) != 0)
			buf_printf(list, " (%s)", l->kind_sv[i]);
	}
	/* Near: one edit, or at most a third of the word's letters. */
	return best <= 1 || best * 3 <= len ? guess : NULL;
}

static int
names_wanted_indicator(const ledger *l, const rec_event *e, const event_filter *f)
{
	size_t i, k;

	for (i = 0; i < e->nindicators; i++) {
		const char *id = e->indicators[i].id;
		const rec_indicator *ind;
		const rec_activity *a;

		if (id == NULL)
			continue;
		if (f->nindicators > 0) {
			for (k = 0; k < f->nindicators; k++)
				if (strcmp(f->indicators[k], id) == 0)
					break;
			if (k == f->nindicators)
				continue;
		}
		ind = ledger_indicator(l, id);
		a = ind != NULL && ind->activity.id != NULL ? ledger_activity(l, ind->activity.id)
		                                            : NULL;
		if (f->activity != NULL && (a == NULL || strcmp(a->id, f->activity) != 0))
			continue;
		if (f->goal != NULL &&
		    (a == NULL || a->goal.id == NULL || strcmp(a->goal.id, f->goal) != 0))
			continue;
		return 1;
	}
	return 0;
}

static int
wanted(const ledger *l, const rec_event *e, const event_filter *f)
{
	if (e->id == NULL)
		return 0;
	if (!f->all && e->superseded_by >= 0)
		return 0;
	if ((f->has_from || f->has_to) && !e->has_date)
		return 0;
	if (f->has_from && e->date < f->from)
		return 0;
	if (f->has_to && e->date > f->to)
		return 0;
	if (f->kind != NULL && (e->kind == NULL || strcmp(e->kind, f->kind) != 0))
		return 0;
	if (f->person != NULL &&
	    (e->responsible.id == NULL || strcmp(e->responsible.id, f->person) != 0))
		return 0;
	if ((f->nindicators > 0 || f->activity != NULL || f->goal != NULL) &&
	    !names_wanted_indicator(l, e, f))
		return 0;
	if (f->text != NULL && *f->text != '\0' && !has_text(e, f->text))
		return 0;
	return 1;
}

static int
by_date(const void *a, const void *b)
{
	const rec_event *x = *(const rec_event *const *)a, *y = *(const rec_event *const *)b;

	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	if (x->has_date && x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->id, y->id);
}

size_t
event_list_select(const ledger *l, const event_filter *f, const rec_event ***out)
{
	const rec_event **v = NULL;
	size_t i, n = 0;

	if (l->nevents > 0)
		v = xcalloc(l->nevents, sizeof(*v));
	for (i = 0; i < l->nevents; i++)
		if (wanted(l, &l->events[i], f))
			v[n++] = &l->events[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), by_date);
	if (n == 0) {
		free(v);
		v = NULL;
	}
	*out = v;
	return n;
}

void
event_list_cell(buf *out, const ledger *l, const rec_event *e, event_col c)
{
	char d[DATE_BUFSZ];
	size_t i;

	switch (c) {
	case EVCOL_ID: buf_puts(out, e->id != NULL ? e->id : ""); break;
	case EVCOL_DATE:
		if (e->has_date)
			buf_puts(out, date_format(e->date, d));
		break;
	case EVCOL_KIND: buf_puts(out, e->kind != NULL ? e->kind : ""); break;
	case EVCOL_TITLE: buf_puts(out, e->title != NULL ? e->title : ""); break;
	case EVCOL_INDICATORS:
		for (i = 0; i < e->nindicators; i++)
			buf_printf(out, "%s%s", i ? ", " : "",
			           e->indicators[i].id != NULL ? e->indicators[i].id : "");
		break;
	case EVCOL_RESPONSIBLE:
		buf_puts(out, e->responsible.id != NULL ? e->responsible.id : "");
		break;
	case EVCOL_PARTICIPANTS:
		if (e->participants >= 0)
			buf_printf(out, "%d", e->participants);
		break;
	case EVCOL_EVIDENCE:
		/* One item a line: a reference may hold commas and semicolons. */
		for (i = 0; i < e->nevidence; i++)
			buf_printf(out, "%s%s: %s", i ? "\n" : "",
			           e->evidence[i].type != NULL ? e->evidence[i].type : "",
			           e->evidence[i].ref != NULL ? e->evidence[i].ref : "");
		break;
	case EVCOL_NOTE: buf_puts(out, e->note != NULL ? e->note : ""); break;
	case EVCOL_SUPERSEDES:
		buf_puts(out, e->supersedes.id != NULL ? e->supersedes.id : "");
		break;
	case EVCOL_REASON: buf_puts(out, e->reason != NULL ? e->reason : ""); break;
	case EVCOL_EXCEPTION: buf_puts(out, e->exception != NULL ? e->exception : ""); break;
	case EVCOL_SUPERSEDED_BY:
		if (e->superseded_by >= 0 && (size_t)e->superseded_by < l->nevents)
			buf_puts(out, l->events[e->superseded_by].id);
		break;
	case EVCOL_N: break;
	}
}

/* Appends s with every line break and tab as a space, so one event stays on one line. */
static void
one_line(buf *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		buf_putc(out, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

void
event_list_text(buf *out, const ledger *l, const rec_event *const *ev, size_t n)
{
	buf cell = BUF_INIT;
	size_t i, w = 0;

	for (i = 0; i < n; i++) {
		size_t len = utf8_count(ev[i]->id, strlen(ev[i]->id));

		if (len > w)
			w = len;
	}
	for (i = 0; i < n; i++) {
		const rec_event *e = ev[i];

		buf_reset(&cell);
		event_list_cell(&cell, l, e, EVCOL_DATE);
		buf_printf(out, "%-10s  %-*s  %-10s  ", buf_cstr(&cell), (int)w, e->id,
		           e->kind != NULL ? e->kind : "");
		buf_reset(&cell);
		event_list_cell(&cell, l, e, EVCOL_INDICATORS);
		buf_printf(out, "%-8s  ", buf_cstr(&cell));
		one_line(out, e->title);
		if (e->superseded_by >= 0) {
			buf_reset(&cell);
			event_list_cell(&cell, l, e, EVCOL_SUPERSEDED_BY);
			buf_printf(out, "  (superseded by %s)", buf_cstr(&cell));
		}
		if (e->exception != NULL) {
			buf_puts(out, "  (exception: ");
			one_line(out, e->exception);
			buf_putc(out, ')');
		}
		buf_putc(out, '\n');
	}
	buf_free(&cell);
}

void
event_list_csv(buf *out, const ledger *l, const rec_event *const *ev, size_t n, char sep)
{
	buf cell = BUF_INIT;
	size_t i;
	int c;

	buf_puts(out, "\xef\xbb\xbf");
	for (c = 0; c < EVCOL_N; c++) {
		if (c > 0)
			buf_putc(out, sep);
		buf_puts(out, column_names[c]);
	}
	buf_puts(out, "\r\n");
	for (i = 0; i < n; i++) {
		for (c = 0; c < EVCOL_N; c++) {
			if (c > 0)
				buf_putc(out, sep);
			buf_reset(&cell);
			event_list_cell(&cell, l, ev[i], (event_col)c);
			buf_put_csv_field(out, buf_cstr(&cell), sep);
		}
		buf_puts(out, "\r\n");
	}
	buf_free(&cell);
}

void
event_list_json(buf *out, const ledger *l, const rec_event *const *ev, size_t n)
{
	size_t i, k;

	buf_puts(out, "{\"events\":[");
	for (i = 0; i < n; i++) {
		const rec_event *e = ev[i];
		buf cell = BUF_INIT;
		int c;

		buf_puts(out, i ? ",\n  {" : "\n  {");
		buf_puts(out, "\"id\":");
		buf_put_json_str(out, e->id, strlen(e->id));
		for (c = EVCOL_DATE; c < EVCOL_N; c++) {
			buf_reset(&cell);
			event_list_cell(&cell, l, e, (event_col)c);
			if (c == EVCOL_INDICATORS) {
				buf_puts(out, ",\"indicators\":[");
				for (k = 0; k < e->nindicators; k++) {
					const char *id = e->indicators[k].id != NULL
					                         ? e->indicators[k].id
					                         : "";

					if (k > 0)
						buf_putc(out, ',');
					buf_put_json_str(out, id, strlen(id));
				}
				buf_putc(out, ']');
				continue;
			}
			if (c == EVCOL_EVIDENCE) {
				if (e->nevidence == 0)
					continue;
				buf_puts(out, ",\"evidence\":[");
				for (k = 0; k < e->nevidence; k++) {
					const rec_evidence *v = &e->evidence[k];

					buf_puts(out, k ? ",{\"type\":" : "{\"type\":");
					buf_put_json_str(out, v->type ? v->type : "",
					                 v->type ? strlen(v->type) : 0);
					buf_puts(out, ",\"ref\":");
					buf_put_json_str(out, v->ref ? v->ref : "",
					                 v->ref ? strlen(v->ref) : 0);
					buf_putc(out, '}');
				}
				buf_putc(out, ']');
				continue;
			}
			if (cell.len == 0)
				continue;
			buf_printf(out, ",\"%s\":", column_names[c]);
			if (c == EVCOL_PARTICIPANTS)
				buf_puts(out, buf_cstr(&cell));
			else
				buf_put_json_str(out, cell.ptr, cell.len);
		}
		buf_putc(out, '}');
		buf_free(&cell);
	}
	buf_puts(out, n ? "\n]}\n" : "]}\n");
}
