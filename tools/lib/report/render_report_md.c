/*
 * The follow-up report as Markdown, for the annual follow-up document: the
 * facts of the report, a summary table, then a heading per goal and per
 * activity with a table of the activity's indicators (a row per period)
 * and a list of the events that count, each with the commit that recorded
 * it. There is no chart.
 *
 * Record text is escaped so that it stays text: Markdown's punctuation and
 * '<' get a backslash, '|' cannot end a cell, and a line break cannot end a
 * row or a list item.
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

typedef struct md {
	buf *out;
	const report_ctx *c;
	const report_words *w;
} md;

static void
md_esc(buf *out, const char *s)
{
	const char *p;

	for (p = s != NULL ? s : ""; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			buf_putc(out, ' ');
		else if (strchr("\\`*_[]<>|&", *p) != NULL) {
			buf_putc(out, '\\');
			buf_putc(out, *p);
		} else
			buf_putc(out, *p);
	}
}

static const char *
status_word(const md *m, fulfil_status s)
{
	return m->w->status[s];
}

static const char *
priority_words(const md *m, rec_priority p)
{
	return report_priority_words(p, m->c->lang);
}

/* "Delmål 2" for M2; other ids escaped as they are. */
static void
goal_name(md *m, const rec_goal *g)
{
	const char *n = report_goal_number(g);

	if (n != NULL)
		buf_printf(m->out, "%s %s", m->w->goal, n);
	else
		md_esc(m->out, g->id != NULL ? g->id : "?");
}

static int
in_goal(const rec_activity *a, const rec_goal *g)
{
	return a != NULL && a->goal.id != NULL && g->id != NULL && strcmp(a->goal.id, g->id) == 0;
}

static void
facts(md *m)
{
	const rec_plan *p = m->c->l->plan;
	char d[DATE_BUFSZ], e[DATE_BUFSZ];

	buf_printf(m->out, "# %s: ", m->w->report);
	md_esc(m->out, p != NULL && p->title != NULL ? p->title : "plan");
	buf_puts(m->out, "\n\n");
	if (p != NULL && p->organisation != NULL) {
		md_esc(m->out, p->organisation);
		buf_puts(m->out, "\n\n");
	}
	buf_puts(m->out, "| | |\n|---|---|\n");
	if (p != NULL && p->has_period) {
		buf_printf(m->out, "| %s | ", m->w->plan_period);
		report_window_words(m->out, p->period.start, p->period.end, m->c->lang);
		buf_printf(m->out, " (%s–%s) |\n", date_format(p->period.start, d),
			   date_format(p->period.end, e));
	}
	buf_printf(m->out, "| %s | %s |\n", m->w->at, date_format(m->c->r->at, d));
	buf_printf(m->out, "| %s | commit `%s` (%s) |\n\n", m->w->commit, m->c->commit,
		   date_format(m->c->commit_day, d));
	if (p != NULL && p->overall_goal != NULL) {
		buf_printf(m->out, "**%s:** ", m->w->overall_goal);
		md_esc(m->out, p->overall_goal);
		buf_puts(m->out, "\n\n");
	}
	if (m->c->errors > 0)
		buf_printf(m->out, "> %s\n\n", m->w->ledger_errors);
}

static void
summary(md *m)
{
	const ledger *l = m->c->l;
	size_t total[FULFIL_NSTATUS] = {0}, g, i, k;

	buf_printf(m->out, "## %s\n\n| %s | %s |", m->w->summary, m->w->goal, m->w->goal_status);
	for (k = 0; k < FULFIL_NSTATUS; k++)
		buf_printf(m->out, " %s |", status_word(m, (fulfil_status)k));
	buf_puts(m->out, "\n|---|---|");
	for (k = 0; k < FULFIL_NSTATUS; k++)
		buf_puts(m->out, "--:|");
	buf_putc(m->out, '\n');
	for (g = 0; g < l->ngoals; g++) {
		const rec_goal *goal = &l->goals[g];
		const fulfil_rollup *gr = report_rollup(m->c->r->goals, m->c->r->ngoals, goal->id);
		size_t count[FULFIL_NSTATUS] = {0};

		for (i = 0; i < m->c->r->nindicators; i++)
			if (in_goal(m->c->r->indicators[i].activity, goal))
				count[m->c->r->indicators[i].status]++;
		buf_puts(m->out, "| ");
		goal_name(m, goal);
		buf_puts(m->out, ": ");
		md_esc(m->out, goal->title);
		buf_printf(m->out, " | %s |", status_word(m, gr != NULL ? gr->status : ST_NOT_STARTED));
		for (k = 0; k < FULFIL_NSTATUS; k++) {
			buf_printf(m->out, " %zu |", count[k]);
			total[k] += count[k];
		}
		buf_putc(m->out, '\n');
	}
	buf_printf(m->out, "| **%s** | |", m->c->lang == REPORT_EN ? "All" : "Alla");
	for (k = 0; k < FULFIL_NSTATUS; k++)
		buf_printf(m->out, " **%zu** |", total[k]);
	buf_puts(m->out, "\n");
}

/* One event as a list item: date, title, kind, evidence, and the commit that recorded it. */
static void
event_item(md *m, const fulfil_indicator *fi, const fulfil_period *p, const rec_event *e,
	   fulfil_how how, const fulfil_skip *skip)
{
	const prov_entry *pe = provenance_find(m->c->prov, e->path);
	char hex[HIST_HEXSZ + 1], d[DATE_BUFSZ];
	buf name = BUF_INIT;
	size_t k;

	buf_puts(m->out, "- ");
	if (skip != NULL)
		buf_printf(m->out, "~~%s~~ ", m->w->not_counted);
	md_esc(m->out, fi->ind->id);
	if (p != NULL) {
		buf_puts(m->out, ", ");
		report_window_words(m->out, p->start, p->end, m->c->lang);
	}
	buf_printf(m->out, ": %s ", e->has_date ? date_format(e->date, d) : "?");
	md_esc(m->out, e->title);
	buf_puts(m->out, " (");
	md_esc(m->out, ledger_kind_label(m->c->l, e->kind, m->w->lang));
	if (how == FULFIL_LATE)
		buf_printf(m->out, ", %s", m->w->late);
	if (how == FULFIL_EARLY)
		buf_printf(m->out, ", %s", m->w->early);
	buf_putc(m->out, ')');
	if (skip != NULL) {
		buf t = BUF_INIT;

		report_why_words(&t, skip, fi->ind, m->c->lang);
		buf_printf(m->out, " **%s: ", m->w->not_counted);
		md_esc(m->out, t.ptr);
		buf_puts(m->out, "**");
		buf_free(&t);
	}
	for (k = 0; k < e->nevidence; k++) {
		buf_puts(m->out, k ? "; " : ", ");
		md_esc(m->out, e->evidence[k].type);
		buf_putc(m->out, ' ');
		md_esc(m->out, e->evidence[k].ref);
	}
	if (e->supersedes.id != NULL) {
		buf_printf(m->out, ", %s ", m->w->corrects);
		md_esc(m->out, e->supersedes.id);
		if (e->reason != NULL) {
			buf_printf(m->out, " (%s: ", m->w->because);
			md_esc(m->out, e->reason);
			buf_putc(m->out, ')');
		}
	}
	if (e->exception != NULL && skip == NULL) {
		buf_printf(m->out, ", %s: ", m->w->exception);
		md_esc(m->out, e->exception);
	}
	if (pe != NULL) {
		buf_printf(m->out, "; %s `%.10s` %s, ", m->w->recorded,
			   hist_oid_fmt(&pe->added->id, hex), date_format(pe->added->day, d));
		md_esc(m->out, report_person_name(&name, m->c->l, pe->added->author_name,
						  pe->added->author_email));
		if (pe->added->approver != NULL) {
			buf_printf(m->out, ", %s ", m->w->approved_by);
			md_esc(m->out, report_person_name(&name, m->c->l, pe->added->approver, NULL));
		} else {
			buf_printf(m->out, ", %s", m->w->not_approved);
		}
		if (pe->changed != NULL)
			buf_printf(m->out, "; %s `%.10s` %s", m->w->edited_in,
				   hist_oid_fmt(&pe->changed->id, hex), date_format(pe->changed->day, d));
	}
	buf_putc(m->out, '\n');
	buf_free(&name);
}

static void
indicator_rows(md *m, const fulfil_indicator *fi)
{
	size_t p;
	buf target = BUF_INIT, kinds = BUF_INIT;

	report_target_words(&target, fi->ind, m->c->lang);
	report_kinds_words(&kinds, m->c->l, fi->ind, m->c->lang);
	if (kinds.len > 0)
		buf_printf(&target, " (%s: %s)", m->w->kinds_counting, kinds.ptr);
	if (fi->nperiods == 0) {
		buf_puts(m->out, "| ");
		md_esc(m->out, fi->ind->id);
		buf_puts(m->out, " ");
		md_esc(m->out, fi->ind->text);
		buf_puts(m->out, " | ");
		md_esc(m->out, target.ptr);
		buf_printf(m->out, " | – | – | %s |\n", status_word(m, fi->status));
	}
	for (p = 0; p < fi->nperiods; p++) {
		const fulfil_period *fp = &fi->periods[p];

		buf_puts(m->out, "| ");
		md_esc(m->out, fi->ind->id);
		if (p == 0) {
			buf_putc(m->out, ' ');
			md_esc(m->out, fi->ind->text);
			buf_puts(m->out, " | ");
			md_esc(m->out, target.ptr);
		} else {
			buf_puts(m->out, " |");
		}
		buf_puts(m->out, " | ");
		report_window_words(m->out, fp->start, fp->end, m->c->lang);
		buf_printf(m->out, " | %d / %d | %s |\n", fp->achieved, fp->target,
			   status_word(m, fp->status));
	}
	buf_free(&target);
	buf_free(&kinds);
}

static void
activity(md *m, const rec_activity *a)
{
	const fulfil_rollup *ar = report_rollup(m->c->r->activities, m->c->r->nactivities, a->id);
	const fulfil_result *r = m->c->r;
	size_t i, p, k, nev = 0;

	buf_puts(m->out, "\n### ");
	md_esc(m->out, a->id);
	buf_putc(m->out, ' ');
	md_esc(m->out, a->title);
	buf_printf(m->out, "\n\n%s · %s: ", priority_words(m, a->priority), m->w->time);
	if (a->window_text != NULL)
		md_esc(m->out, a->window_text);
	else if (a->has_window)
		report_window_words(m->out, a->window.start, a->window.end, m->c->lang);
	buf_printf(m->out, " · %s: %s\n", m->w->status_word,
		   status_word(m, ar != NULL ? ar->status : ST_NOT_STARTED));
	if (report_indicator_count(r, a) == 0)
		return;
	buf_printf(m->out, "\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", m->w->indicator,
		   m->w->target, m->w->period, m->w->achieved, m->w->status_word);
	for (i = 0; i < r->nindicators; i++)
		if (r->indicators[i].activity == a)
			indicator_rows(m, &r->indicators[i]);
	for (i = 0; i < r->nindicators; i++) {
		const fulfil_indicator *fi = &r->indicators[i];

		if (fi->activity != a)
			continue;
		for (p = 0; p < fi->nperiods; p++) {
			const fulfil_period *fp = &fi->periods[p];

			if (fp->nevents > 0) {
				if (nev++ == 0)
					buf_printf(m->out, "\n%s:\n\n", m->w->events_counting);
				for (k = 0; k < fp->nevents; k++)
					event_item(m, fi, fp, fp->events[k], fp->how[k], NULL);
			}
		}
	}
	nev = 0;
	for (i = 0; i < r->nindicators; i++) {
		const fulfil_indicator *fi = &r->indicators[i];

		if (fi->activity != a)
			continue;
		for (k = 0; k < fi->nskipped; k++) {
			const fulfil_skip *sk = &fi->skipped[k];

			if (nev++ == 0)
				buf_printf(m->out, "\n%s:\n\n", m->w->not_counted_lead);
			event_item(m, fi,
				   sk->place.period < fi->nperiods ? &fi->periods[sk->place.period] :
								     NULL,
				   sk->e, FULFIL_NOT_COUNTED, sk);
		}
	}
}

void
report_md(buf *out, const report_ctx *c)
{
	const ledger *l = c->l;
	md m;
	size_t g, a;

	m.out = out;
	m.c = c;
	m.w = report_words_of(c->lang);
	facts(&m);
	summary(&m);
	for (g = 0; g < l->ngoals; g++) {
		const rec_goal *goal = &l->goals[g];
		const fulfil_rollup *gr = report_rollup(c->r->goals, c->r->ngoals, goal->id);

		buf_puts(out, "\n## ");
		goal_name(&m, goal);
		buf_puts(out, ": ");
		md_esc(out, goal->title);
		buf_printf(out, "\n\n%s: %s\n", m.w->goal_status,
			   status_word(&m, gr != NULL ? gr->status : ST_NOT_STARTED));
		for (a = 0; a < l->nactivities; a++)
			if (in_goal(&l->activities[a], goal))
				activity(&m, &l->activities[a]);
	}
	for (a = 0; a < l->nactivities; a++)
		if (l->activities[a].goal.id == NULL || ledger_goal(l, l->activities[a].goal.id) == NULL)
			activity(&m, &l->activities[a]);
}
