/*
 * render: fulfilment as text, JSON, CSV and Markdown, written into a buffer
 * (the command line prints it). The HTML report has its own module.
 */
#ifndef PLAN_RENDER_H
#define PLAN_RENDER_H

#include "ledger/fulfil.h"
#include "ledger/records.h"
#include "util/buf.h"

typedef struct render_ctx {
	const ledger *l;
	const fulfil_result *r;
	const char *rev;     /* the commit id the ledger was read from, or NULL */
	int year;            /* only periods that overlap this year; 0 for all */
	const char *only;    /* only this indicator; NULL for all */
	int width;           /* text: the line width to fit titles into */
} render_ctx;

void render_status_text(buf *out, const render_ctx *c);
void render_status_json(buf *out, const render_ctx *c);
/* CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads å, ä, ö), a header row. */
void render_status_csv(buf *out, const render_ctx *c);
void render_status_md(buf *out, const render_ctx *c);

/* Appends s as a JSON string, or null when s is NULL. */
void render_json_str(buf *out, const char *s);
/* Appends s cut to at most width characters, ending in "…" when cut. */
void render_fit(buf *out, const char *s, size_t width);
/* A target in words: "4 per year (seminar, workshop)", "1 by 2018-12-31 (proposal)". */
void render_target(buf *out, const ledger *l, const rec_indicator *ind);

#endif
