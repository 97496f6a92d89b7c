/*
 * render_review: what review (audit/review.h) found, written into a
 * buffer: text for people (or Markdown, md 1), and JSON.
 */
#ifndef PLAN_RENDER_REVIEW_H
#define PLAN_RENDER_REVIEW_H

#include "audit/review.h"
#include "util/buf.h"

void render_review_text(buf *out, const review *r, int md);
void render_review_json(buf *out, const review *r);

#endif
