/*
 * The follow-up report as one self-contained HTML page: a masthead with the
 * plan, its period, the commit and the report's date; a summary; the plan's
 * Gantt chart (one row per activity, quarter columns over the plan period,
 * bars coloured by priority, the recorded events laid over them); and every
 * indicator's periods with the events that count and the commits that
 * recorded them.
 *
 * Every text that comes from the records goes through esc(), which makes
 * it inert in element content and in quoted attribute values alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/render_html.h"
#include "report/report.h"
#include "util/xalloc.h"

typedef struct html {
	buf *out;
	const report_ctx *c;
	const report_words *w;
	int q0, nq; /* the chart's first quarter (year * 4 + quarter - 1) and their number */
} html;

/* Appends s with &, <, >, " and ' as character references, control characters as spaces. */
static void
esc(buf *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)(s != NULL ? s : ""); *p; p++) {
		switch (*p) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default:
			if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
				buf_putc(out, ' ');
			else
				buf_putc(out, (char)*p);
		}
	}
}

static void
badge(html *h, fulfil_status s)
{
	buf_printf(h->out, "<span class=\"st st-%s\">%s</span>", fulfil_status_name(s),
		   h->w->status[s]);
}

static void
date_el(html *h, date_days d)
{
	char s[DATE_BUFSZ];

	date_format(d, s);
	buf_printf(h->out, "<time datetime=\"%s\">%s</time>", s, s);
}

/* "Delmål 2" for M2; other ids as they are. */
static void
goal_name(html *h, const rec_goal *g)
{
	const char *n = report_goal_number(g);

	if (n != NULL)
		buf_printf(h->out, "%s %s", h->w->goal, n);
	else
		esc(h->out, g->id != NULL ? g->id : "?");
}

static const char *
priority_class(rec_priority p)
{
	return p == PRIO_MEDIUM_HIGH ? "medium-high" : p == PRIO_HIGH ? "high" : "unknown";
}

static const char *
priority_words(const html *h, rec_priority p)
{
	return report_priority_words(p, h->c->lang);
}

static int
activity_of_goal(const rec_activity *a, const rec_goal *g)
{
	return a->goal.id != NULL && g->id != NULL && strcmp(a->goal.id, g->id) == 0;
}

/* The chart's quarters: the plan period, else the activities' windows, else the report's year. */
static int
quarter_of(date_days d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return y * 4 + (m - 1) / 3;
}

static date_days
quarter_start(int q)
{
	return date_from_ymd(q / 4, (q % 4) * 3 + 1, 1);
}

static void
scale_init(html *h)
{
	const ledger *l = h->c->l;
	date_days start = 0, end = 0;
	int have = 0, from_plan = 0;
	size_t i;

	if (l->plan != NULL && l->plan->has_period) {
		start = l->plan->period.start;
		end = l->plan->period.end;
		have = from_plan = 1;
	}
	for (i = 0; !from_plan && i < l->nactivities; i++) {
		const rec_activity *a = &l->activities[i];

		if (!a->has_window)
			continue;
		if (!have || a->window.start < start)
			start = a->window.start;
		if (!have || a->window.end > end)
			end = a->window.end;
		have = 1;
	}
	if (!have) {
		start = date_from_ymd(date_year(h->c->r->at), 1, 1);
		end = date_from_ymd(date_year(h->c->r->at), 12, 31);
	}
	h->q0 = quarter_of(start);
	h->nq = quarter_of(end) - h->q0 + 1;
	if (h->nq < 1)
		h->nq = 1;
}

/* Where a day begins on the chart, in percent of its width (clamped to the chart). */
static double
xpos(const html *h, date_days d)
{
	int q = quarter_of(d);
	date_days qs = quarter_start(q), qe = quarter_start(q + 1);
	double x = ((double)(q - h->q0) + (double)(d - qs) / (double)(qe - qs)) / h->nq;

	return 100.0 * (x < 0 ? 0 : x > 1 ? 1 : x);
}

static void
head(html *h)
{
	const rec_plan *p = h->c->l->plan;

	buf_printf(h->out,
		   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
		   h->w->lang);
	if (h->c->generator != NULL) {
		buf_puts(h->out, "<meta name=\"generator\" content=\"");
		esc(h->out, h->c->generator);
		buf_puts(h->out, "\">\n");
	}
	buf_printf(h->out, "<title>%s: ", h->w->report);
	esc(h->out, p != NULL && p->title != NULL ? p->title : "plan");
	buf_puts(h->out, "</title>\n<style>\n");
	render_html_style(h->out);
	buf_puts(h->out, "</style>\n</head>\n<body>\n<div class=\"page\">\n");
}

static void
fact(html *h, const char *term)
{
	buf_printf(h->out, "<div><dt>%s</dt><dd>", term);
}

static void
masthead(html *h)
{
	const rec_plan *p = h->c->l->plan;
	const ledger *l = h->c->l;

	buf_printf(h->out, "<header class=\"masthead\">\n<p class=\"kicker\">%s</p>\n<h1>",
		   h->w->report);
	esc(h->out, p != NULL && p->title != NULL ? p->title : "plan");
	buf_puts(h->out, "</h1>\n");
	if (p != NULL && p->organisation != NULL) {
		buf_puts(h->out, "<p class=\"org\">");
		esc(h->out, p->organisation);
		buf_puts(h->out, "</p>\n");
	}
	buf_puts(h->out, "<dl class=\"facts\">\n");
	if (p != NULL && p->has_period) {
		fact(h, h->w->plan_period);
		report_window_words(h->out, p->period.start, p->period.end, h->c->lang);
		buf_puts(h->out, "<span class=\"small\">");
		date_el(h, p->period.start);
		buf_puts(h->out, " – ");
		date_el(h, p->period.end);
		buf_puts(h->out, "</span></dd></div>\n");
	}
	fact(h, h->w->at);
	date_el(h, h->c->r->at);
	buf_puts(h->out, "</dd></div>\n");
	fact(h, h->w->commit);
	buf_printf(h->out, "commit <code id=\"commit\" data-commit=\"%s\" title=\"%s\">%.12s</code>, ",
		   h->c->commit, h->c->commit, h->c->commit);
	date_el(h, h->c->commit_day);
	buf_puts(h->out, "</dd></div>\n");
	fact(h, h->w->indicators_count);
	buf_printf(h->out, "%zu (%zu %s, %zu %s)</dd></div>\n", l->nindicators, l->nactivities,
		   h->c->lang == REPORT_EN ? "activities" : "aktiviteter", l->ngoals,
		   h->c->lang == REPORT_EN ? "goals" : "delmål");
	buf_puts(h->out, "</dl>\n");
	if (p != NULL && p->overall_goal != NULL) {
		buf_printf(h->out, "<p class=\"goal-text\"><strong>%s:</strong> ", h->w->overall_goal);
		esc(h->out, p->overall_goal);
		buf_puts(h->out, "</p>\n");
	}
	if (h->c->errors > 0)
		buf_printf(h->out, "<p class=\"warn\" role=\"note\">%s</p>\n", h->w->ledger_errors);
	buf_printf(h->out,
		   "<nav class=\"toc\" aria-label=\"%s\"><ol>"
		   "<li><a href=\"#sammanfattning\">%s</a></li>"
		   "<li><a href=\"#tidsplan\">%s</a></li>"
		   "<li><a href=\"#indikatorer\">%s</a></li>"
		   "<li><a href=\"#om\">%s</a></li></ol></nav>\n</header>\n<main>\n",
		   h->w->contents, h->w->summary, h->w->timeline, h->w->indicators, h->w->about);
}

/* The indicators of a goal (or of all goals, g NULL) counted by their status. */
static void
count_statuses(const html *h, const rec_goal *g, size_t count[FULFIL_NSTATUS])
{
	size_t i;

	memset(count, 0, FULFIL_NSTATUS * sizeof(count[0]));
	for (i = 0; i < h->c->r->nindicators; i++) {
		const fulfil_indicator *fi = &h->c->r->indicators[i];

		if (g != NULL && (fi->activity == NULL || !activity_of_goal(fi->activity, g)))
			continue;
		count[fi->status]++;
	}
}

static void
summary(html *h)
{
	const ledger *l = h->c->l;
	size_t count[FULFIL_NSTATUS], total = 0, k, g;
	double x = 0;

	count_statuses(h, NULL, count);
	for (k = 0; k < FULFIL_NSTATUS; k++)
		total += count[k];
	buf_printf(h->out,
		   "<section id=\"sammanfattning\" aria-labelledby=\"h-sum\">\n"
		   "<h2 id=\"h-sum\">%s</h2>\n<div class=\"overview\">\n"
		   "<svg class=\"stack\" role=\"img\" aria-labelledby=\"stack-t\" "
		   "preserveAspectRatio=\"none\"><title id=\"stack-t\">%s:",
		   h->w->summary, h->w->indicators);
	for (k = 0; k < FULFIL_NSTATUS; k++)
		if (count[k] > 0)
			buf_printf(h->out, " %zu %s%s", count[k], h->w->status[k],
				   k + 1 < FULFIL_NSTATUS ? "," : "");
	buf_puts(h->out, "</title>");
	for (k = 0; k < FULFIL_NSTATUS && total > 0; k++) {
		double wd = 100.0 * (double)count[k] / (double)total;

		if (count[k] == 0)
			continue;
		buf_printf(h->out, "<rect class=\"s-%s\" x=\"%.3f%%\" y=\"0\" width=\"%.3f%%\" "
				   "height=\"100%%\"/>",
			   fulfil_status_name((fulfil_status)k), x, wd);
		x += wd;
	}
	buf_puts(h->out, "</svg>\n<ul class=\"counts\">");
	for (k = 0; k < FULFIL_NSTATUS; k++) {
		buf_printf(h->out, "<li><b>%zu</b>", count[k]);
		badge(h, (fulfil_status)k);
		buf_puts(h->out, "</li>");
	}
	buf_printf(h->out, "</ul>\n</div>\n<table class=\"goals\">\n<caption>%s</caption>\n"
			   "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		   h->c->lang == REPORT_EN ? "Indicators by goal and status"
					   : "Indikatorer per delmål och status",
		   h->w->goal, h->w->goal_status);
	for (k = 0; k < FULFIL_NSTATUS; k++)
		buf_printf(h->out, "<th scope=\"col\" class=\"n\">%s</th>", h->w->status[k]);
	buf_puts(h->out, "</tr></thead>\n<tbody>\n");
	for (g = 0; g < l->ngoals; g++) {
		const rec_goal *goal = &l->goals[g];
		const fulfil_rollup *gr = report_rollup(h->c->r->goals, h->c->r->ngoals, goal->id);

		count_statuses(h, goal, count);
		buf_puts(h->out, "<tr><th scope=\"row\"><a href=\"#goal-");
		esc(h->out, goal->id);
		buf_puts(h->out, "\">");
		goal_name(h, goal);
		buf_puts(h->out, "</a>: ");
		esc(h->out, goal->title);
		buf_puts(h->out, "</th><td>");
		badge(h, gr != NULL ? gr->status : ST_NOT_STARTED);
		buf_puts(h->out, "</td>");
		for (k = 0; k < FULFIL_NSTATUS; k++)
			buf_printf(h->out, "<td class=\"n\">%zu</td>", count[k]);
		buf_puts(h->out, "</tr>\n");
	}
	buf_puts(h->out, "</tbody>\n</table>\n</section>\n");
}

/* The pattern of medium-high bars, and the legend that shows every mark of the chart. */
static void
gantt_legend(html *h)
{
	char d[DATE_BUFSZ];

	buf_puts(h->out,
		 "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\" "
		 "focusable=\"false\"><defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" "
		 "width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" "
		 "height=\"6\" fill=\"#cfe0f1\"/><rect width=\"2.4\" height=\"6\" "
		 "fill=\"#1f5c99\"/></pattern></defs></svg>\n");
	buf_printf(h->out, "<ul class=\"legend\" aria-label=\"%s\">\n", h->w->legend);
	buf_printf(h->out,
		   "<li><svg width=\"34\" height=\"14\" aria-hidden=\"true\"><rect class=\"w-high\" "
		   "width=\"34\" height=\"14\" rx=\"3\"/></svg>%s</li>\n",
		   h->w->priority_high);
	buf_printf(h->out,
		   "<li><svg width=\"34\" height=\"14\" aria-hidden=\"true\"><rect "
		   "class=\"w-medium-high\" x=\".6\" y=\".6\" width=\"32.8\" height=\"12.8\" "
		   "rx=\"3\"/></svg>%s</li>\n",
		   h->w->priority_medium_high);
	buf_printf(h->out,
		   "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><g class=\"ev\"><circle "
		   "cx=\"7\" cy=\"7\" r=\"5\"/></g></svg>%s</li>\n",
		   h->w->event_marker);
	buf_printf(h->out,
		   "<li><svg width=\"14\" height=\"18\" aria-hidden=\"true\"><line class=\"atl\" "
		   "x1=\"7\" x2=\"7\" y1=\"0\" y2=\"18\"/></svg>%s %s</li>\n</ul>\n",
		   h->w->today_line, date_format(h->c->r->at, d));
}

/* The chart's column header: the years over their quarters. */
static void
gantt_scale(html *h)
{
	int q, y, ylast = (h->q0 + h->nq - 1) / 4;

	buf_printf(h->out,
		   "<th scope=\"col\" class=\"scale\"><span class=\"sr\">%s</span>"
		   "<div class=\"years\" aria-hidden=\"true\" "
		   "style=\"grid-template-columns:repeat(%d,1fr)\">",
		   h->w->timeline, h->nq);
	for (y = h->q0 / 4; y <= ylast; y++) {
		int from = y * 4 < h->q0 ? h->q0 : y * 4;
		int to = y * 4 + 3 > h->q0 + h->nq - 1 ? h->q0 + h->nq - 1 : y * 4 + 3;

		buf_printf(h->out, "<span style=\"grid-column:span %d\">%d</span>", to - from + 1, y);
	}
	buf_printf(h->out, "</div><div class=\"qs\" aria-hidden=\"true\" "
			   "style=\"grid-template-columns:repeat(%d,1fr)\">",
		   h->nq);
	for (q = h->q0; q < h->q0 + h->nq; q++) {
		if (h->nq <= 32)
			buf_printf(h->out, "<span>%s%s%d</span>", h->w->quarter,
				   h->c->lang == REPORT_EN ? "" : " ", q % 4 + 1);
		else
			buf_puts(h->out, "<span></span>");
	}
	buf_puts(h->out, "</div></th>");
}

/*
 * How many events a marker's tooltip and a row's description list; the
 * rest are counted ("and 9,000 more"), so that a page of a large ledger
 * stays small (200,000 events listed made the page 23 MB).
 */
enum { GANTT_LIST_MAX = 12 };

/*
 * One marker per month with events, so that close events stay apart: a
 * ring at the events' mean day, with their number in it when there are
 * several. Its tooltip lists them (date, kind, title), the first
 * GANTT_LIST_MAX of them.
 */
static void
gantt_markers(html *h, const rec_event **ev, size_t n)
{
	size_t i = 0, j, k;
	char d[DATE_BUFSZ];

	while (i < n) {
		double sum = 0;
		date_days first = ev[i]->date, next;
		int y, m, dd;

		/* The events of ev[i]'s month: those before the next month's first day. */
		date_to_ymd(first, &y, &m, &dd);
		next = date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
		for (j = i; j < n && ev[j]->date >= first - dd + 1 && ev[j]->date < next; j++)
			sum += xpos(h, ev[j]->date);
		buf_printf(h->out, "<g class=\"ev\"><title>");
		for (k = i; k < j && k - i < GANTT_LIST_MAX; k++) {
			buf_printf(h->out, "%s%s · ", k > i ? "\n" : "", date_format(ev[k]->date, d));
			esc(h->out, ledger_kind_label(h->c->l, ev[k]->kind, h->w->lang));
			buf_puts(h->out, " · ");
			esc(h->out, ev[k]->title);
		}
		if (j - i > GANTT_LIST_MAX) {
			buf_puts(h->out, "\n");
			buf_printf(h->out, h->w->and_more, j - i - GANTT_LIST_MAX);
		}
		/* The middle of the day, not its start. */
		sum = sum / (double)(j - i) + 50.0 / (h->nq * 91.0);
		buf_printf(h->out, "</title><circle cx=\"%.3f%%\" cy=\"19\" r=\"%d\"/>", sum,
			   j - i > 1 ? 7 : 5);
		if (j - i > 1)
			buf_printf(h->out, "<text x=\"%.3f%%\" y=\"22.5\">%zu</text>", sum, j - i);
		buf_puts(h->out, "</g>");
		i = j;
	}
}

static void
gantt_row(html *h, const rec_activity *a)
{
	const fulfil_rollup *ar = report_rollup(h->c->r->activities, h->c->r->nactivities, a->id);
	fulfil_status st = ar != NULL ? ar->status : ST_NOT_STARTED;
	const rec_event **ev;
	size_t n = report_activity_events(h->c->l, a, h->c->r->at, &ev), k;
	char s[DATE_BUFSZ], e[DATE_BUFSZ];
	double x0, x1;
	int q;

	buf_puts(h->out, "<tr data-activity=\"");
	esc(h->out, a->id);
	buf_printf(h->out, "\" data-status=\"%s\" data-priority=\"%s\">\n<th scope=\"row\">",
		   fulfil_status_name(st), priority_class(a->priority));
	buf_puts(h->out, "<span class=\"aid\">");
	esc(h->out, a->id);
	buf_puts(h->out, "</span> ");
	esc(h->out, a->title);
	buf_puts(h->out, "<span class=\"ameta\">");
	if (a->window_text != NULL)
		esc(h->out, a->window_text);
	else if (a->has_window)
		report_window_words(h->out, a->window.start, a->window.end, h->c->lang);
	buf_printf(h->out, " · %s</span></th>\n<td class=\"tl\"><svg role=\"img\" "
			   "aria-labelledby=\"gt-",
		   priority_words(h, a->priority));
	esc(h->out, a->id);
	buf_puts(h->out, "\"><title id=\"gt-");
	esc(h->out, a->id);
	buf_puts(h->out, "\">");
	esc(h->out, a->id);
	if (a->has_window)
		buf_printf(h->out, ": %s–%s", date_format(a->window.start, s),
			   date_format(a->window.end, e));
	buf_printf(h->out, ", %s, %zu %s</title>", priority_words(h, a->priority), n,
		   n == 1 ? h->w->events_one : h->w->events_many);
	buf_puts(h->out, "<desc>");
	for (k = 0; k < n && k < GANTT_LIST_MAX; k++) {
		buf_printf(h->out, "%s%s ", k ? "; " : "", date_format(ev[k]->date, s));
		esc(h->out, ev[k]->title);
	}
	if (n > GANTT_LIST_MAX) {
		buf_puts(h->out, "; ");
		buf_printf(h->out, h->w->and_more, n - GANTT_LIST_MAX);
	}
	buf_puts(h->out, "</desc>");
	for (q = 1; q < h->nq; q++)
		buf_printf(h->out, "<line class=\"grid%s\" x1=\"%.3f%%\" x2=\"%.3f%%\" y1=\"0\" "
				   "y2=\"38\"/>",
			   (h->q0 + q) % 4 == 0 ? " y" : "", 100.0 * q / h->nq, 100.0 * q / h->nq);
	if (a->has_window) {
		x0 = xpos(h, a->window.start);
		x1 = xpos(h, a->window.end + 1);
		buf_printf(h->out, "<rect class=\"w-%s\" x=\"%.3f%%\" y=\"10\" width=\"%.3f%%\" "
				   "height=\"18\" rx=\"3\"/>",
			   priority_class(a->priority), x0, x1 - x0 > 0.2 ? x1 - x0 : 0.2);
	}
	buf_printf(h->out, "<line class=\"atl\" x1=\"%.3f%%\" x2=\"%.3f%%\" y1=\"0\" y2=\"38\"/>",
		   xpos(h, h->c->r->at + 1), xpos(h, h->c->r->at + 1));
	gantt_markers(h, ev, n);
	buf_puts(h->out, "</svg></td>\n<td>");
	badge(h, st);
	buf_puts(h->out, "</td>\n</tr>\n");
	free(ev);
}

static void
gantt(html *h)
{
	const ledger *l = h->c->l;
	size_t g, a;

	buf_printf(h->out,
		   "<section id=\"tidsplan\" class=\"sheet\" aria-labelledby=\"h-gantt\">\n"
		   "<h2 id=\"h-gantt\">%s</h2>\n<p class=\"lead\">%s</p>\n",
		   h->w->timeline, h->w->timeline_lead);
	gantt_legend(h);
	buf_printf(h->out,
		   "<table class=\"gantt\">\n<colgroup><col class=\"c-act\"><col class=\"c-tl\">"
		   "<col class=\"c-st\"></colgroup>\n<thead><tr><th scope=\"col\">%s</th>",
		   h->w->activity);
	gantt_scale(h);
	buf_printf(h->out, "<th scope=\"col\">%s</th></tr></thead>\n", h->w->status_word);
	for (g = 0; g < l->ngoals; g++) {
		buf_puts(h->out, "<tbody>\n<tr class=\"goal\"><th scope=\"rowgroup\" colspan=\"3\">");
		goal_name(h, &l->goals[g]);
		buf_puts(h->out, ": ");
		esc(h->out, l->goals[g].title);
		buf_puts(h->out, "</th></tr>\n");
		for (a = 0; a < l->nactivities; a++)
			if (activity_of_goal(&l->activities[a], &l->goals[g]))
				gantt_row(h, &l->activities[a]);
		buf_puts(h->out, "</tbody>\n");
	}
	/* Activities whose goal is missing still get their row. */
	for (a = 0; a < l->nactivities; a++) {
		const rec_activity *act = &l->activities[a];

		if (act->goal.id != NULL && ledger_goal(l, act->goal.id) != NULL)
			continue;
		buf_puts(h->out, "<tbody>\n");
		gantt_row(h, act);
		buf_puts(h->out, "</tbody>\n");
	}
	buf_puts(h->out, "</table>\n</section>\n");
}

/* The approver by name (people.yaml), as authors are; the trailer as written in the title. */
static void
approver_words(html *h, const char *approver)
{
	buf name = BUF_INIT;

	buf_printf(h->out, " · %s <span title=\"", h->w->approved_by);
	esc(h->out, approver);
	buf_puts(h->out, "\">");
	esc(h->out, report_person_name(&name, h->c->l, approver, NULL));
	buf_puts(h->out, "</span>");
	buf_free(&name);
}

/* Whether s is a web address a reader may follow: http or https only. */
static int
is_web_link(const char *s)
{
	const char *p;

	if (strncasecmp(s, "https://", 8) != 0 && strncasecmp(s, "http://", 7) != 0)
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* One event that counts, with its evidence and the commit that recorded it. */
static void
event_item(html *h, const rec_event *e, fulfil_how how, const fulfil_skip *skip,
	   const rec_indicator *ind)
{
	const prov_entry *pe = provenance_find(h->c->prov, e->path);
	char hex[HIST_HEXSZ + 1], d[DATE_BUFSZ];
	size_t k;

	buf_puts(h->out, skip != NULL ? "<li class=\"nc\" data-event=\"" : "<li data-event=\"");
	esc(h->out, e->id);
	if (pe != NULL)
		buf_printf(h->out, "\" data-commit=\"%s", hist_oid_fmt(&pe->added->id, hex));
	buf_puts(h->out, "\">");
	date_el(h, e->date);
	buf_puts(h->out, " <span class=\"et\">");
	esc(h->out, e->title);
	buf_puts(h->out, "</span> <span class=\"ek\">(");
	esc(h->out, ledger_kind_label(h->c->l, e->kind, h->w->lang));
	if (how == FULFIL_LATE)
		buf_printf(h->out, ", %s", h->w->late);
	if (how == FULFIL_EARLY)
		buf_printf(h->out, ", %s", h->w->early);
	buf_puts(h->out, ")</span>");
	if (skip != NULL) {
		buf t = BUF_INIT;

		report_why_words(&t, skip, ind, h->c->lang);
		buf_printf(h->out, " <span class=\"ncw\">%s: ", h->w->not_counted);
		esc(h->out, t.ptr);
		buf_puts(h->out, "</span>");
		buf_free(&t);
	}
	for (k = 0; k < e->nevidence; k++) {
		const char *ref = e->evidence[k].ref;

		buf_puts(h->out, k ? "; " : " <span class=\"eref\">");
		esc(h->out, e->evidence[k].type);
		buf_putc(h->out, ' ');
		if (ref != NULL && is_web_link(ref)) {
			buf_puts(h->out, "<a href=\"");
			esc(h->out, ref);
			buf_puts(h->out, "\" rel=\"noopener noreferrer\">");
			esc(h->out, ref);
			buf_puts(h->out, "</a>");
		} else {
			esc(h->out, ref);
		}
		if (k + 1 == e->nevidence)
			buf_puts(h->out, "</span>");
	}
	if (e->supersedes.id != NULL) {
		buf_printf(h->out, " <span class=\"eref\">%s ", h->w->corrects);
		esc(h->out, e->supersedes.id);
		if (e->reason != NULL) {
			buf_printf(h->out, " (%s: ", h->w->because);
			esc(h->out, e->reason);
			buf_putc(h->out, ')');
		}
		buf_puts(h->out, "</span>");
	}
	if (e->exception != NULL && skip == NULL) {
		buf_printf(h->out, " <span class=\"eref\">%s: ", h->w->exception);
		esc(h->out, e->exception);
		buf_puts(h->out, "</span>");
	}
	if (pe != NULL) {
		hist_oid_fmt(&pe->added->id, hex);
		buf_printf(h->out, "<span class=\"prov\">%s <code title=\"%s\">%.10s</code> %s %s ",
			   h->w->recorded, hex, hex, date_format(pe->added->day, d), h->w->by);
		{
			buf name = BUF_INIT;

			esc(h->out, report_person_name(&name, h->c->l, pe->added->author_name,
						       pe->added->author_email));
			buf_free(&name);
		}
		if (pe->added->approver != NULL)
			approver_words(h, pe->added->approver);
		else
			buf_printf(h->out, " · %s", h->w->not_approved);
		if (pe->changed != NULL) {
			hist_oid_fmt(&pe->changed->id, hex);
			buf_printf(h->out, " · %s <code title=\"%s\">%.10s</code> %s", h->w->edited_in,
				   hex, hex, date_format(pe->changed->day, d));
		}
		buf_puts(h->out, "</span>");
	}
	buf_puts(h->out, "</li>");
}

static void
period_cells(html *h, const fulfil_indicator *fi, size_t idx)
{
	const fulfil_period *p = &fi->periods[idx];
	size_t k, nskip = 0;

	buf_puts(h->out, "<td class=\"per\">");
	report_window_words(h->out, p->start, p->end, h->c->lang);
	buf_printf(h->out, "</td><td class=\"ach\">%d / %d", p->achieved, p->target);
	if (p->status == ST_IN_PROGRESS && p->expected >= 0) {
		char num[32], *dot;

		snprintf(num, sizeof(num), "%d", fulfil_expected_whole(p));
		if (h->c->lang == REPORT_SV && (dot = strchr(num, '.')) != NULL)
			*dot = ',';
		buf_printf(h->out, "<span class=\"small\">%s %s</span>", h->w->expected_by_now, num);
	}
	buf_puts(h->out, "</td><td class=\"stc\">");
	badge(h, p->status);
	buf_puts(h->out, "</td><td>");
	for (k = 0; k < fi->nskipped; k++)
		nskip += fi->skipped[k].place.period == idx;
	if (p->nevents == 0 && nskip == 0) {
		buf_printf(h->out, "<span class=\"none\">%s</span>", h->w->no_events);
	} else {
		buf_puts(h->out, "<ul class=\"evs\">");
		for (k = 0; k < p->nevents; k++)
			event_item(h, p->events[k], p->how[k], NULL, fi->ind);
		for (k = 0; k < fi->nskipped; k++)
			if (fi->skipped[k].place.period == idx)
				event_item(h, fi->skipped[k].e, FULFIL_NOT_COUNTED, &fi->skipped[k],
					   fi->ind);
		buf_puts(h->out, "</ul>");
	}
	buf_puts(h->out, "</td>");
}

/* One indicator: a row per period; the first carries the indicator's number and text. */
static void
indicator_group(html *h, const fulfil_indicator *fi)
{
	const rec_indicator *ind = fi->ind;
	size_t rows = fi->nperiods ? fi->nperiods : 1, p;
	buf kinds = BUF_INIT;

	buf_puts(h->out, "<tbody class=\"ind-group\">\n<tr data-indicator=\"");
	esc(h->out, ind->id);
	buf_printf(h->out, "\" data-status=\"%s\">", fulfil_status_name(fi->status));
	buf_printf(h->out, "<th scope=\"row\" rowspan=\"%zu\" id=\"ind-", rows);
	esc(h->out, ind->id);
	buf_puts(h->out, "\">");
	esc(h->out, ind->id);
	buf_printf(h->out, "</th><td class=\"txt\" rowspan=\"%zu\">", rows);
	esc(h->out, ind->text);
	buf_printf(h->out, "<span class=\"target\">%s: ", h->w->target);
	report_target_words(h->out, ind, h->c->lang);
	report_kinds_words(&kinds, h->c->l, ind, h->c->lang);
	if (kinds.len > 0) {
		buf_printf(h->out, " (%s: ", h->w->kinds_counting);
		esc(h->out, kinds.ptr);
		buf_putc(h->out, ')');
	}
	buf_free(&kinds);
	buf_puts(h->out, "</span>");
	if (fi->nperiods > 1) {
		buf_printf(h->out, "<span class=\"small\">%s: ", h->w->goal_status);
		badge(h, fi->status);
		buf_puts(h->out, "</span>");
	}
	buf_puts(h->out, "</td>");
	if (fi->nperiods == 0) {
		buf_puts(h->out, "<td class=\"per\">–</td><td class=\"ach\">–</td><td class=\"stc\">");
		badge(h, fi->status);
		buf_puts(h->out, "</td><td></td></tr>\n");
	}
	for (p = 0; p < fi->nperiods; p++) {
		if (p > 0)
			buf_puts(h->out, "<tr>");
		period_cells(h, fi, p);
		buf_puts(h->out, "</tr>\n");
	}
	buf_puts(h->out, "</tbody>\n");
}

static void
activity_block(html *h, const rec_activity *a)
{
	const fulfil_rollup *ar = report_rollup(h->c->r->activities, h->c->r->nactivities, a->id);
	size_t i;

	buf_puts(h->out, "<section class=\"activity\" id=\"act-");
	esc(h->out, a->id);
	buf_puts(h->out, "\">\n<h4><span class=\"aid\">");
	esc(h->out, a->id);
	buf_puts(h->out, "</span> ");
	esc(h->out, a->title);
	buf_printf(h->out, "</h4>\n<p class=\"ameta-line\">%s · %s: ",
		   priority_words(h, a->priority), h->w->time);
	if (a->window_text != NULL)
		esc(h->out, a->window_text);
	else if (a->has_window)
		report_window_words(h->out, a->window.start, a->window.end, h->c->lang);
	buf_printf(h->out, " · %s: ", h->w->status_word);
	badge(h, ar != NULL ? ar->status : ST_NOT_STARTED);
	buf_puts(h->out, "</p>\n");
	if (report_indicator_count(h->c->r, a) == 0) {
		buf_puts(h->out, "</section>\n");
		return;
	}
	buf_printf(h->out,
		   "<table class=\"ind\">\n<colgroup><col class=\"c-id\"><col class=\"c-txt\">"
		   "<col class=\"c-per\"><col class=\"c-ach\"><col class=\"c-st\"><col></colgroup>\n"
		   "<thead><tr><th scope=\"col\">%s</th>"
		   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n",
		   h->w->indicator, h->w->target, h->w->period, h->w->achieved, h->w->status_word,
		   h->w->events_counting);
	for (i = 0; i < h->c->r->nindicators; i++)
		if (h->c->r->indicators[i].activity == a)
			indicator_group(h, &h->c->r->indicators[i]);
	buf_puts(h->out, "</table>\n</section>\n");
}

static void
status_filter(html *h)
{
	size_t k;

	buf_printf(h->out, "<fieldset id=\"filter\" class=\"filter\" hidden>\n<legend>%s</legend>\n",
		   h->w->show);
	for (k = 0; k < FULFIL_NSTATUS; k++)
		buf_printf(h->out, "<label><input type=\"checkbox\" value=\"%s\" checked> %s</label>\n",
			   fulfil_status_name((fulfil_status)k), h->w->status[k]);
	buf_printf(h->out, "<output id=\"filter-count\" data-template=\"%s\"></output>\n</fieldset>\n",
		   h->w->showing);
}

static void
indicators(html *h)
{
	const ledger *l = h->c->l;
	size_t g, a, i;

	buf_printf(h->out,
		   "<section id=\"indikatorer\" class=\"sheet\" aria-labelledby=\"h-ind\">\n"
		   "<h2 id=\"h-ind\">%s</h2>\n<p class=\"lead\">%s</p>\n",
		   h->w->indicators, h->w->indicators_lead);
	status_filter(h);
	for (g = 0; g < l->ngoals; g++) {
		const rec_goal *goal = &l->goals[g];
		const fulfil_rollup *gr = report_rollup(h->c->r->goals, h->c->r->ngoals, goal->id);
		size_t count[FULFIL_NSTATUS], n = 0, k;

		count_statuses(h, goal, count);
		for (k = 0; k < FULFIL_NSTATUS; k++)
			n += count[k];
		buf_puts(h->out, "<section class=\"goal\" id=\"goal-");
		esc(h->out, goal->id);
		buf_puts(h->out, "\">\n<h3>");
		goal_name(h, goal);
		buf_puts(h->out, ": ");
		esc(h->out, goal->title);
		buf_printf(h->out, "</h3>\n<p class=\"ameta-line\">%s: ", h->w->goal_status);
		badge(h, gr != NULL ? gr->status : ST_NOT_STARTED);
		buf_printf(h->out, " · %zu %s</p>\n", n,
			   h->c->lang == REPORT_EN ? (n == 1 ? "indicator" : "indicators")
						   : (n == 1 ? "indikator" : "indikatorer"));
		for (a = 0; a < l->nactivities; a++)
			if (activity_of_goal(&l->activities[a], goal))
				activity_block(h, &l->activities[a]);
		buf_puts(h->out, "</section>\n");
	}
	/* Indicators whose activity is missing are still reported. */
	for (i = 0; i < h->c->r->nindicators; i++) {
		const fulfil_indicator *fi = &h->c->r->indicators[i];

		if (fi->activity != NULL && fi->activity->goal.id != NULL &&
		    ledger_goal(l, fi->activity->goal.id) != NULL)
			continue;
		buf_puts(h->out, "<table class=\"ind\">\n");
		indicator_group(h, fi);
		buf_puts(h->out, "</table>\n");
	}
	buf_puts(h->out, "</section>\n");
}

static void
about(html *h)
{
	char d[DATE_BUFSZ];
	size_t k;

	buf_printf(h->out, "</main>\n<footer class=\"about\" id=\"om\">\n<h2>%s</h2>\n<dl>\n",
		   h->w->about);
	for (k = 0; k < FULFIL_NSTATUS; k++) {
		buf_puts(h->out, "<dt>");
		badge(h, (fulfil_status)k);
		buf_printf(h->out, "</dt><dd>%s</dd>\n", h->w->status_help[k]);
	}
	buf_printf(h->out, "</dl>\n<p>%s</p>\n<p><code>plan report --html report.html --rev %s "
			   "--at %s%s</code></p>\n",
		   h->w->about_text, h->c->commit, date_format(h->c->r->at, d),
		   h->c->lang == REPORT_EN ? " --lang en" : "");
	if (h->c->generator != NULL) {
		buf_puts(h->out, "<p>");
		esc(h->out, h->c->generator);
		buf_puts(h->out, "</p>\n");
	}
	buf_puts(h->out, "</footer>\n</div>\n<script>\n");
	render_html_script(h->out);
	buf_puts(h->out, "</script>\n</body>\n</html>\n");
}

void
report_html(buf *out, const report_ctx *c)
{
	html h;

	memset(&h, 0, sizeof(h));
	h.out = out;
	h.c = c;
	h.w = report_words_of(c->lang);
	scale_init(&h);
	head(&h);
	masthead(&h);
	summary(&h);
	gantt(&h);
	indicators(&h);
	about(&h);
}

/* Pieces of the report for other pages (plan serve), with the same markup. */
void
report_html_escape(buf *out, const char *s)
{
	esc(out, s);
}

void
report_html_parts(buf *out, const report_ctx *c, unsigned parts)
{
	html h;

	memset(&h, 0, sizeof(h));
	h.out = out;
	h.c = c;
	h.w = report_words_of(c->lang);
	scale_init(&h);
	if (parts & REPORT_PART_SUMMARY)
		summary(&h);
	if (parts & REPORT_PART_GANTT)
		gantt(&h);
	if (parts & REPORT_PART_INDICATORS)
		indicators(&h);
}

void
report_html_indicator(buf *out, const report_ctx *c, const fulfil_indicator *fi)
{
	html h;

	memset(&h, 0, sizeof(h));
	h.out = out;
	h.c = c;
	h.w = report_words_of(c->lang);
	buf_printf(out,
		   "<table class=\"ind\">\n<colgroup><col class=\"c-id\"><col class=\"c-txt\">"
		   "<col class=\"c-per\"><col class=\"c-ach\"><col class=\"c-st\"><col></colgroup>\n"
		   "<thead><tr><th scope=\"col\">%s</th>"
		   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n",
		   h.w->indicator, h.w->target, h.w->period, h.w->achieved, h.w->status_word,
		   h.w->events_counting);
	indicator_group(&h, fi);
	buf_puts(out, "</table>\n");
}
