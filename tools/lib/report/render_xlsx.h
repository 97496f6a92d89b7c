/*
 * render_xlsx: Excel workbooks (libxlsxwriter) of the events and of the
 * fulfilment table: a header row in bold, frozen under it, with a filter;
 * real dates (formatted YYYY-MM-DD) and numbers; column widths that fit;
 * in the status table each status as a word and a colour.
 *
 * The file is written to a temporary name beside path and renamed over it
 * once complete, so a reader never sees half a workbook. Returns 0, or -1
 * with the error set.
 */
#ifndef PLAN_RENDER_XLSX_H
#define PLAN_RENDER_XLSX_H

#include <stddef.h>

#include "ledger/records.h"
#include "report/render.h"

int render_xlsx_events(const char *path, const ledger *l, const rec_event *const *ev, size_t n);

/* The same periods as render_status_csv; sv: the statuses in Swedish words. */
int render_xlsx_status(const char *path, const render_ctx *c, int sv);

#endif
