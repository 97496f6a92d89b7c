/*
 * plan review's output: a review (audit/review.h) as text, Markdown and JSON.
 */
#include "report/render_review.h"

#include <string.h>

#include "report/render.h"
#include "util/date.h"
#include "util/i18n.h"

static void
event_words(buf *out, const rec_event *e)
{
	char d[DATE_BUFSZ];
	size_t i;

	if (e == NULL)
		return;
	buf_printf(out, " %s: %s, %s \"%s\"", e->id ? e->id : "?",
		   e->has_date ? date_format(e->date, d) : _("no date"), e->kind ? e->kind : "?",
		   e->title ? e->title : "");
	if (e->nindicators > 0) {
		buf_puts(out, _(" for "));
		for (i = 0; i < e->nindicators; i++)
			buf_printf(out, "%s%s", i ? ", " : "", e->indicators[i].id);
	}
	if (e->participants >= 0)
		buf_printf(out, _("; %d participants"), e->participants);
	if (e->nevidence > 0) {
		buf_puts(out, _("; evidence: "));
		for (i = 0; i < e->nevidence; i++)
			buf_printf(out, "%s%s %s", i ? ", " : "",
				   e->evidence[i].type ? e->evidence[i].type : "?",
				   e->evidence[i].ref ? e->evidence[i].ref : "");
	} else {
		buf_puts(out, _("; no evidence"));
	}
	if (e->supersedes.id != NULL)
		buf_printf(out, _("; corrects %s because: %s"), e->supersedes.id,
			   e->reason ? e->reason : _("(no reason)"));
	if (e->exception != NULL)
		buf_printf(out, _("; EXCEPTION: %s"), e->exception);
}

/*
 * The lines a change to one of the plan's own records takes away (-) and
 * adds (+), with a line around each, from git diff's output (diff).
 */
static void
plan_diff(buf *out, const char *diff, int md)
{
	const char *p;
	int body = 0;

	if (diff == NULL || *diff == '\0')
		return;
	if (md)
		buf_puts(out, "\n```diff\n");
	for (p = diff; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		if (strncmp(p, "@@", 2) == 0)
			body = 1;
		else if (body)
			buf_printf(out, "%s%.*s\n", md ? "" : "      ", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (md)
		buf_puts(out, "```\n\n");
}

void
render_review_text(buf *out, const review *r, int md)
{
	char a[HIST_HEXSZ + 1], b[HIST_HEXSZ + 1];
	size_t i;
	const char *bullet = md ? "- " : "  ";

	buf_printf(out, md ? _("## Review of %.12s..%.12s\n\n") : _("Review of %.12s..%.12s\n"),
		   hist_oid_fmt(&r->base, a), hist_oid_fmt(&r->tip, b));
	buf_printf(out, ngettext("%zu commit; fulfilment judged on %s\n\n",
				 "%zu commits; fulfilment judged on %s\n\n", r->commits),
		   r->commits, date_format(r->at, a));
	buf_puts(out, md ? _("### Changes\n\n") : _("Changes:\n"));
	if (r->nchanges == 0)
		buf_printf(out, _("%snone to the records\n"), bullet);
	for (i = 0; i < r->nchanges; i++) {
		const review_change *c = &r->changes[i];

		if (strcmp(c->what, "plan") == 0) {
			buf_printf(out, _("%splan record changed: %s\n"), bullet, c->path);
			plan_diff(out, c->diff, md);
			continue;
		}
		if (strcmp(c->what, "schema") == 0) {
			buf_printf(out,
				   _("%sSCHEMA changed: %s (it decides what a valid record is; read the "
				     "change itself: git diff %.12s %.12s -- %s)\n"),
				   bullet, c->path, hist_oid_fmt(&r->base, a), hist_oid_fmt(&r->tip, b),
				   c->path);
			continue;
		}
		buf_printf(out, _("%s%s event"), bullet, _(c->what));
		event_words(out, c->event);
		buf_putc(out, '\n');
	}
	buf_puts(out, md ? _("\n### Checks\n\n") : _("\nChecks:\n"));
	if (r->findings.n == 0)
		buf_printf(out, _("%sall commits pass plan check --range\n"), bullet);
	for (i = 0; i < r->findings.n; i++) {
		const diag *d = &r->findings.items[i];

		buf_printf(out, "%s%s%s:%u:%u: %s[%s]: %s%s\n", bullet, md ? "`" : "", d->path, d->line,
			   d->col, d->severity == DIAG_ERROR ? _("error") : _("warning"), d->rule, d->message,
			   md ? "`" : "");
	}
	buf_puts(out, md ? _("\n### Effect on fulfilment\n\n") : _("\nEffect on fulfilment:\n"));
	if (r->nstatus == 0)
		buf_printf(out, _("%sno indicator period changes status\n"), bullet);
	for (i = 0; i < r->nstatus; i++) {
		const review_status *s = &r->status[i];

		buf_printf(out, "%s%s %s: %s -> %s (%d/%d -> %d/%d)\n", bullet, s->indicator, s->period,
			   _(fulfil_status_name(s->before)), _(fulfil_status_name(s->after)),
			   s->achieved_before, s->target, s->achieved_after, s->target);
	}
}

void
render_review_json(buf *out, const review *r)
{
	char a[HIST_HEXSZ + 1];
	size_t i;

	buf_printf(out, "{\"base\":\"%s\"", hist_oid_fmt(&r->base, a));
	buf_printf(out, ",\"tip\":\"%s\",\"commits\":%zu", hist_oid_fmt(&r->tip, a), r->commits);
	buf_printf(out, ",\"at\":\"%s\",\"changes\":[", date_format(r->at, a));
	for (i = 0; i < r->nchanges; i++) {
		const review_change *c = &r->changes[i];

		buf_printf(out, "%s{\"change\":\"%s\",\"path\":", i ? "," : "", c->what);
		render_json_str(out, c->path);
		buf_puts(out, ",\"event\":");
		render_json_str(out, c->event != NULL ? c->event->id : NULL);
		buf_puts(out, ",\"supersedes\":");
		render_json_str(out, c->event != NULL ? c->event->supersedes.id : NULL);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"findings\":[");
	for (i = 0; i < r->findings.n; i++) {
		const diag *d = &r->findings.items[i];

		buf_printf(out, "%s{\"path\":", i ? "," : "");
		render_json_str(out, d->path);
		buf_printf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":\"%s\",\"message\":",
			   d->line, d->col, d->severity == DIAG_ERROR ? "error" : "warning", d->rule);
		render_json_str(out, d->message);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"status_changes\":[");
	for (i = 0; i < r->nstatus; i++) {
		const review_status *s = &r->status[i];

		buf_printf(out, "%s{\"indicator\":\"%s\",\"period\":\"%s\",\"before\":\"%s\",\"after\":\"%s\","
			   "\"achieved_before\":%d,\"achieved_after\":%d,\"target\":%d}",
			   i ? "," : "", s->indicator, s->period, fulfil_status_name(s->before),
			   fulfil_status_name(s->after), s->achieved_before, s->achieved_after,
			   s->target);
	}
	buf_puts(out, "]}\n");
}
