/*
 * Pieces of the HTML report that live in their own files: the inline style
 * sheet and script (render_html_assets.c). report.h has the public entry.
 */
#ifndef PLAN_RENDER_HTML_H
#define PLAN_RENDER_HTML_H

#include "util/buf.h"

/* Appends the report's CSS (without the <style> element). */
void render_html_style(buf *out);
/* Appends the report's script (without the <script> element). */
void render_html_script(buf *out);

#endif
