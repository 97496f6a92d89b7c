/*
 * Excel workbooks of the events and of the fulfilment table, through
 * libxlsxwriter.
 */
#define _POSIX_C_SOURCE 200809L
#include "report/render_xlsx.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ledger/event_list.h"
#include "report/report.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Widths in characters: at least the header's, at most max. */
typedef struct widths {
	double w[32];
} widths;

static void
fit(widths *wd, int col, const char *s, double max)
{
	size_t line = 0, longest = 0, i, k, n = strlen(s);
	uint32_t cp;

	for (i = 0; i < n; i += k ? k : 1) {
		k = utf8_decode(s + i, n - i, &cp);
		if (cp == '\n') {
			line = 0;
			continue;
		}
		if (++line > longest)
			longest = line;
	}
	if (longest + 2 > wd->w[col])
		wd->w[col] = (double)longest + 2 > max ? max : (double)longest + 2;
}

typedef struct book {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date, *wrap, *num;
	char *tmp;
} book;

/* A new workbook at a temporary name beside path, with one sheet and the common formats. */
static int
book_open(book *b, const char *path, const char *sheet_name)
{
	int fd;

	memset(b, 0, sizeof(*b));
	b->tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(b->tmp);
	if (fd < 0) {
		error_set_errno("cannot write %s", path);
		free(b->tmp);
		b->tmp = NULL;
		return -1;
	}
	close(fd);
	b->wb = workbook_new(b->tmp);
	if (b->wb == NULL) {
		unlink(b->tmp);
		free(b->tmp);
		b->tmp = NULL;
		return error_set("cannot start the workbook %s", path);
	}
	b->ws = workbook_add_worksheet(b->wb, sheet_name);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	format_set_bg_color(b->head, 0xDDE4EE);
	b->date = workbook_add_format(b->wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	format_set_align(b->date, LXW_ALIGN_LEFT);
	b->wrap = workbook_add_format(b->wb);
	format_set_text_wrap(b->wrap);
	format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
	b->num = workbook_add_format(b->wb);
	format_set_num_format(b->num, "0.00");
	return 0;
}

/* Closes the workbook and renames it to path (fsync first); removes it on failure. */
static int
book_close(book *b, const char *path)
{
	lxw_error err = workbook_close(b->wb);
	int fd, rc = 0;

	if (err != LXW_NO_ERROR)
		rc = error_set("cannot write %s: %s", path, lxw_strerror(err));
	if (rc == 0 && (fd = open(b->tmp, O_RDONLY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rc == 0 && rename(b->tmp, path) != 0)
		rc = error_set_errno("cannot write %s", path);
	if (rc != 0)
		unlink(b->tmp);
	free(b->tmp);
	return rc;
}

static void
put_date(book *b, lxw_row_t r, lxw_col_t c, date_days d)
{
	lxw_datetime dt;
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	memset(&dt, 0, sizeof(dt));
	dt.year = y;
	dt.month = m;
	dt.day = day;
	worksheet_write_datetime(b->ws, r, c, &dt, b->date);
}

/* The header row, frozen, with a filter over the table. */
static void
header(book *b, widths *wd, const char *const *names, int ncols, size_t nrows)
{
	int c;

	for (c = 0; c < ncols; c++) {
		worksheet_write_string(b->ws, 0, (lxw_col_t)c, names[c], b->head);
		fit(wd, c, names[c], 60);
	}
	worksheet_freeze_panes(b->ws, 1, 0);
	worksheet_autofilter(b->ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1));
}

static void
set_widths(book *b, const widths *wd, int ncols)
{
	int c;

	for (c = 0; c < ncols; c++)
		worksheet_set_column(b->ws, (lxw_col_t)c, (lxw_col_t)c, wd->w[c], NULL);
}

int
render_xlsx_events(const char *path, const ledger *l, const rec_event *const *ev, size_t n)
{
	const char *names[EVCOL_N];
	buf cell = BUF_INIT;
	widths wd;
	book b;
	size_t i;
	int c;

	if (book_open(&b, path, "events") != 0)
		return -1;
	memset(&wd, 0, sizeof(wd));
	for (c = 0; c < EVCOL_N; c++)
		names[c] = event_list_column((event_col)c);
	header(&b, &wd, names, EVCOL_N, n);
	wd.w[EVCOL_DATE] = 12;
	for (i = 0; i < n; i++) {
		const rec_event *e = ev[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		for (c = 0; c < EVCOL_N; c++) {
			if (c == EVCOL_DATE && e->has_date) {
				put_date(&b, r, (lxw_col_t)c, e->date);
				continue;
			}
			if (c == EVCOL_PARTICIPANTS && e->participants >= 0) {
				worksheet_write_number(b.ws, r, (lxw_col_t)c, e->participants, NULL);
				continue;
			}
			buf_reset(&cell);
			event_list_cell(&cell, l, e, (event_col)c);
			if (cell.len == 0)
				continue;
			worksheet_write_string(b.ws, r, (lxw_col_t)c, cell.ptr,
			                       strchr(cell.ptr, '\n') != NULL ? b.wrap : NULL);
			fit(&wd, c, cell.ptr, c == EVCOL_TITLE || c == EVCOL_NOTE ? 70 : 45);
		}
	}
	set_widths(&b, &wd, EVCOL_N);
	buf_free(&cell);
	return book_close(&b, path);
}

static int
period_wanted(const render_ctx *c, const fulfil_period *p)
{
	return c->year == 0 || (date_year(p->start) <= c->year && date_year(p->end) >= c->year);
}

/* A fill for each status, in its order: met, met-late, partial, not-met, in-progress, not-started. */
static const lxw_color_t status_fill[FULFIL_NSTATUS] = {0xC6EFCE, 0xE2F0D9, 0xFFEB9C,
                                                         0xFFC7CE, 0xDDEBF7, 0xEDEDED};
static const lxw_color_t status_font[FULFIL_NSTATUS] = {0x006100, 0x38761D, 0x9C5700,
                                                         0x9C0006, 0x1F4E79, 0x595959};

int
render_xlsx_status(const char *path, const render_ctx *c, int sv)
{
	static const char *const names[] = {"indicator", "activity", "goal",   "period",
	                                    "start",     "end",      "achieved", "target",
	                                    "status",    "expected", "events", "text"};
	enum { NCOLS = sizeof(names) / sizeof(names[0]) };
	const report_words *words = report_words_of(sv ? REPORT_SV : REPORT_EN);
	lxw_format *st[FULFIL_NSTATUS];
	buf ev = BUF_INIT;
	size_t i, p, k, rows = 0;
	lxw_row_t r = 1;
	widths wd;
	book b;

	if (book_open(&b, path, sv ? "Status" : "status") != 0)
		return -1;
	for (i = 0; i < FULFIL_NSTATUS; i++) {
		st[i] = workbook_add_format(b.wb);
		format_set_bg_color(st[i], status_fill[i]);
		format_set_font_color(st[i], status_font[i]);
	}
	memset(&wd, 0, sizeof(wd));
	for (i = 0; i < c->r->nindicators; i++)
		for (p = 0; p < c->r->indicators[i].nperiods; p++)
			rows += period_wanted(c, &c->r->indicators[i].periods[p]) &&
			        (c->only == NULL || (c->r->indicators[i].ind->id != NULL &&
			                             strcmp(c->r->indicators[i].ind->id, c->only) == 0));
	header(&b, &wd, names, NCOLS, rows);
	wd.w[4] = wd.w[5] = 12;
	for (i = 0; i < c->r->nindicators; i++) {
		const fulfil_indicator *fi = &c->r->indicators[i];

		if (c->only != NULL && (fi->ind->id == NULL || strcmp(fi->ind->id, c->only) != 0))
			continue;
		for (p = 0; p < fi->nperiods; p++) {
			const fulfil_period *fp = &fi->periods[p];
			const char *status = sv ? words->status[fp->status]
			                        : fulfil_status_name(fp->status);
			const char *cells[] = {fi->ind->id, fi->ind->activity.id,
			                       fi->activity != NULL ? fi->activity->goal.id : NULL,
			                       fp->label};
			int col;

			if (!period_wanted(c, fp))
				continue;
			for (col = 0; col < 4; col++)
				if (cells[col] != NULL) {
					worksheet_write_string(b.ws, r, (lxw_col_t)col, cells[col], NULL);
					fit(&wd, col, cells[col], 30);
				}
			put_date(&b, r, 4, fp->start);
			put_date(&b, r, 5, fp->end);
			worksheet_write_number(b.ws, r, 6, fp->achieved, NULL);
			worksheet_write_number(b.ws, r, 7, fp->target, NULL);
			worksheet_write_string(b.ws, r, 8, status, st[fp->status]);
			fit(&wd, 8, status, 30);
			if (fp->expected >= 0)
				worksheet_write_number(b.ws, r, 9, fp->expected, b.num);
			buf_reset(&ev);
			for (k = 0; k < fp->nevents; k++)
				buf_printf(&ev, "%s%s", k ? "\n" : "", fp->events[k]->id);
			if (ev.len > 0) {
				worksheet_write_string(b.ws, r, 10, ev.ptr, b.wrap);
				fit(&wd, 10, ev.ptr, 60);
			}
			if (fi->ind->text != NULL) {
				worksheet_write_string(b.ws, r, 11, fi->ind->text, NULL);
				fit(&wd, 11, fi->ind->text, 80);
			}
			r++;
		}
	}
	set_widths(&b, &wd, NCOLS);
	buf_free(&ev);
	return book_close(&b, path);
}
