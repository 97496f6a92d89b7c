/*
 * render_trace: what trace (audit/trace.h) found, written into a buffer:
 * text for people, and JSON. The command line prints it.
 */
#ifndef PLAN_RENDER_TRACE_H
#define PLAN_RENDER_TRACE_H

#include "audit/trace.h"
#include "ledger/records.h"
#include "util/buf.h"

/* People by their names in people.yaml of l (may be NULL), as the report names them. */
void render_trace_text(buf *out, const trace_result *r, const ledger *l);
void render_trace_json(buf *out, const trace_result *r);

#endif
