/*
 * render_trace: what trace (audit/trace.h) found, written into a buffer:
 * text for people, and JSON. The command line prints it.
 */
#ifndef PLAN_RENDER_TRACE_H
#define PLAN_RENDER_TRACE_H

#include "audit/trace.h"
#include "util/buf.h"

void render_trace_text(buf *out, const trace_result *r);
void render_trace_json(buf *out, const trace_result *r);

#endif
