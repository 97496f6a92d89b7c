/*
 * Writing fulfilment out. Every format walks the same structure: goals, their
 * activities, their indicators, and each indicator's periods.
 */
#include <stdio.h>
#include <string.h>

#include "report/render.h"
#include "util/utf8.h"
#include "util/i18n.h"

static const char *
s_or(const char *s, const char *fallback)
{
	return s != NULL ? s : fallback;
}

void
render_fit(buf *out, const char *s, size_t width)
{
	size_t i = 0, chars = 0, n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (utf8_count(s, n) <= width) {
		buf_put(out, s, n);
		return;
	}
	while (i < n && chars + 1 < width) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	buf_put(out, s, i);
	buf_puts(out, "…");
}

/*
 * The kinds that count: their ids, or in Swedish their Swedish names from
 * the schemas' labels, in small letters as in running text ("seminarium").
 */
static void
kinds_list(buf *out, const ledger *l, const rec_indicator *ind)
{
	int sv = strcmp(i18n_language(), "sv") == 0;
	size_t i;

	for (i = 0; i < ind->ncounts; i++) {
		const char *k = sv && l != NULL ? ledger_kind_label(l, ind->counts[i], "sv") :
						  ind->counts[i];

		buf_puts(out, i ? ", " : "");
		if (sv && k[0] >= 'A' && k[0] <= 'Z') {
			buf_putc(out, (char)(k[0] - 'A' + 'a'));
			k++;
		}
		buf_puts(out, k);
	}
}

void
render_target(buf *out, const ledger *l, const rec_indicator *ind)
{
	char a[DATE_BUFSZ];

	if (ind->per_year)
		buf_printf(out, _("%d per year"), ind->min);
	else if (ind->has_due)
		buf_printf(out, _("%d by %s"), ind->min, date_format(ind->due.end, a));
	else
		buf_printf(out, "%d", ind->min);
	if (ind->ncounts > 0) {
		buf_puts(out, " (");
		kinds_list(out, l, ind);
		buf_putc(out, ')');
	}
}

static int
period_wanted(const render_ctx *c, const fulfil_period *p)
{
	if (c->year == 0)
		return 1;
	return date_year(p->start) <= c->year && date_year(p->end) >= c->year;
}

static int
indicator_wanted(const render_ctx *c, const fulfil_indicator *fi)
{
	size_t p;

	if (c->only != NULL && (fi->ind->id == NULL || strcmp(fi->ind->id, c->only) != 0))
		return 0;
	for (p = 0; p < fi->nperiods; p++)
		if (period_wanted(c, &fi->periods[p]))
			return 1;
	return fi->nperiods == 0 && c->year == 0;
}

static const fulfil_rollup *
find_rollup(const fulfil_rollup *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < n; i++)
		if (v[i].id != NULL && strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

static int
activity_wanted(const render_ctx *c, const rec_activity *a)
{
	size_t i;

	for (i = 0; i < c->r->nindicators; i++)
		if (c->r->indicators[i].activity == a && indicator_wanted(c, &c->r->indicators[i]))
			return 1;
	return 0;
}

static const char *
priority_words(rec_priority p)
{
	return p == PRIO_HIGH ? _("high") : p == PRIO_MEDIUM_HIGH ? _("medium-high") : "?";
}

/* "met late (2019-03-01)", "in-progress (by now 2 expected)", "met (early: 2018-12-10)". */
static void
status_words(buf *out, const fulfil_period *p)
{
	char d[DATE_BUFSZ];
	size_t k;

	if (p->status == ST_MET_LATE) {
		buf_puts(out, _("met late"));
		if (p->late != NULL)
			buf_printf(out, " (%s)", date_format(p->late->date, d));
	} else {
		buf_puts(out, _(fulfil_status_name(p->status)));
	}
	if (p->status == ST_IN_PROGRESS && p->expected >= 0)
		buf_printf(out, _(" (by now %d expected)"), fulfil_expected_whole(p));
	for (k = 0; k < p->nevents; k++)
		if (p->how[k] == FULFIL_EARLY || (p->how[k] == FULFIL_LATE && p->status != ST_MET_LATE))
			buf_printf(out, " (%s: %s)", _(fulfil_how_name(p->how[k])),
				   date_format(p->events[k]->date, d));
	/* An exception's reason is shown wherever its event is. */
	for (k = 0; k < p->nevents; k++)
		if (p->events[k]->exception != NULL)
			buf_printf(out, _(" (exception %s: %s)"), date_format(p->events[k]->date, d),
				   p->events[k]->exception);
}

static void
text_period(buf *out, const fulfil_period *p)
{
	buf_printf(out, "%-22s %3d/%-3d ", p->label, p->achieved, p->target);
	status_words(out, p);
	buf_putc(out, '\n');
}

/* The events that name an indicator and do not count, each with why. */
static void
text_skipped(buf *out, const fulfil_indicator *fi)
{
	size_t k;

	for (k = 0; k < fi->nskipped; k++) {
		buf_printf(out, _("         not counted: %s ("), fi->skipped[k].e->id ? fi->skipped[k].e->id : "?");
		fulfil_why_words(out, &fi->skipped[k], fi->ind);
		buf_puts(out, ")\n");
	}
}

/*
 * After "events up to DATE": when the plan period was over by then, say so,
 * so that a date long after the plan does not read as a still open plan.
 */
static void
period_over(buf *out, const ledger *l, date_days at)
{
	char d[DATE_BUFSZ];

	if (l->plan != NULL && l->plan->has_period && at > l->plan->period.end)
		buf_printf(out, _("; the plan period ended %s, so every period is closed"),
			   date_format(l->plan->period.end, d));
}

void
render_status_text(buf *out, const render_ctx *c)
{
	const ledger *l = c->l;
	size_t g, a, i, p;
	size_t width = c->width > 40 ? (size_t)c->width : 100;
	char d[DATE_BUFSZ], e[DATE_BUFSZ];

	if (l->plan != NULL)
		buf_printf(out, "%s\n", s_or(l->plan->title, s_or(l->plan->id, "plan")));
	if (c->rev != NULL)
		buf_printf(out, _("Ledger at commit %.12s, events up to %s"), c->rev,
			   date_format(c->r->at, d));
	else
		buf_printf(out, _("Events up to %s"), date_format(c->r->at, d));
	period_over(out, l, c->r->at);
	buf_putc(out, '\n');
	for (g = 0; g < l->ngoals; g++) {
		const rec_goal *goal = &l->goals[g];
		const fulfil_rollup *gr = find_rollup(c->r->goals, c->r->ngoals, goal->id);
		int shown = 0;

		for (a = 0; a < l->nactivities; a++) {
			const rec_activity *act = &l->activities[a];
			const fulfil_rollup *ar;

			if (act->goal.id == NULL || goal->id == NULL ||
			    strcmp(act->goal.id, goal->id) != 0 || !activity_wanted(c, act))
				continue;
			if (!shown++) {
				buf_printf(out, "\n%s  ", s_or(goal->id, "?"));
				render_fit(out, goal->title, width - 20);
				buf_printf(out, "  [%s]\n", gr ? _(fulfil_status_name(gr->status)) : "?");
			}
			ar = find_rollup(c->r->activities, c->r->nactivities, act->id);
			buf_printf(out, "  %-5s ", s_or(act->id, "?"));
			render_fit(out, act->title, width - 24);
			buf_printf(out, "  [%s]\n", ar ? _(fulfil_status_name(ar->status)) : "?");
			buf_printf(out, _("        %s priority, %s to %s\n"), priority_words(act->priority),
				   date_format(act->window.start, d), date_format(act->window.end, e));
			for (i = 0; i < c->r->nindicators; i++) {
				const fulfil_indicator *fi = &c->r->indicators[i];
				if (fi->activity != act || !indicator_wanted(c, fi))
					continue;
				buf_printf(out, "    %-4s ", s_or(fi->ind->id, "?"));
				render_target(out, c->l, fi->ind);
				buf_putc(out, '\n');
				for (p = 0; p < fi->nperiods; p++) {
					if (!period_wanted(c, &fi->periods[p]))
						continue;
					buf_puts(out, "         ");
					text_period(out, &fi->periods[p]);
				}
				text_skipped(out, fi);
			}
		}
	}
}

void
render_json_str(buf *out, const char *s)
{
	if (s == NULL)
		buf_puts(out, "null");
	else
		buf_put_json_str(out, s, strlen(s));
}

static void
json_counts(buf *out, const fulfil_rollup *r)
{
	size_t k;

	buf_puts(out, "{");
	for (k = 0; k < FULFIL_NSTATUS; k++)
		buf_printf(out, "%s\"%s\":%zu", k ? "," : "", fulfil_status_name((fulfil_status)k),
			   r->count[k]);
	buf_puts(out, "}");
}

static void
json_ids(buf *out, const char *name, const fulfil_period *p, fulfil_how how)
{
	size_t k, n = 0;

	buf_printf(out, ",\"%s\":[", name);
	for (k = 0; k < p->nevents; k++) {
		if (p->how[k] != how)
			continue;
		if (n++ > 0)
			buf_putc(out, ',');
		render_json_str(out, p->events[k]->id);
	}
	buf_putc(out, ']');
}

static void
json_skipped(buf *out, const fulfil_indicator *fi, size_t period)
{
	buf why = BUF_INIT;
	size_t k, n = 0;

	buf_puts(out, ",\"not_counted\":[");
	for (k = 0; k < fi->nskipped; k++) {
		const fulfil_skip *s = &fi->skipped[k];

		if (period != (size_t)-2 && s->place.period != period)
			continue;
		buf_reset(&why);
		fulfil_why_words(&why, s, fi->ind);
		buf_puts(out, n++ ? ",{\"id\":" : "{\"id\":");
		render_json_str(out, s->e->id);
		buf_printf(out, ",\"reason\":\"%s\",\"why\":", fulfil_why_name(s->place.why));
		render_json_str(out, why.ptr);
		buf_puts(out, ",\"exception\":");
		render_json_str(out, s->e->exception);
		buf_putc(out, '}');
	}
	buf_putc(out, ']');
	buf_free(&why);
}

static void
json_period(buf *out, const fulfil_indicator *fi, size_t idx)
{
	const fulfil_period *p = &fi->periods[idx];
	char d[DATE_BUFSZ];
	size_t k;

	buf_puts(out, "{\"period\":");
	render_json_str(out, p->label);
	buf_printf(out, ",\"start\":\"%s\"", date_format(p->start, d));
	buf_printf(out, ",\"end\":\"%s\"", date_format(p->end, d));
	buf_printf(out, ",\"achieved\":%d,\"target\":%d,\"status\":\"%s\"", p->achieved, p->target,
		   fulfil_status_name(p->status));
	if (p->expected >= 0)
		buf_printf(out, ",\"expected\":%.2f", p->expected);
	else
		buf_puts(out, ",\"expected\":null");
	buf_puts(out, ",\"late_event\":");
	render_json_str(out, p->late != NULL ? p->late->id : NULL);
	buf_puts(out, ",\"events\":[");
	for (k = 0; k < p->nevents; k++) {
		if (k > 0)
			buf_putc(out, ',');
		render_json_str(out, p->events[k]->id);
	}
	buf_putc(out, ']');
	json_ids(out, "on_time", p, FULFIL_ON_TIME);
	json_ids(out, "early", p, FULFIL_EARLY);
	json_ids(out, "late", p, FULFIL_LATE);
	json_skipped(out, fi, idx);
	buf_puts(out, "}");
}

void
render_status_json(buf *out, const render_ctx *c)
{
	const ledger *l = c->l;
	char d[DATE_BUFSZ];
	size_t i, p, n = 0;

	buf_puts(out, "{\"plan\":");
	render_json_str(out, l->plan != NULL ? l->plan->id : NULL);
	buf_puts(out, ",\"title\":");
	render_json_str(out, l->plan != NULL ? l->plan->title : NULL);
	buf_puts(out, ",\"rev\":");
	render_json_str(out, c->rev);
	buf_printf(out, ",\"at\":\"%s\",\"indicators\":[", date_format(c->r->at, d));
	for (i = 0; i < c->r->nindicators; i++) {
		const fulfil_indicator *fi = &c->r->indicators[i];
		size_t k = 0;

		if (!indicator_wanted(c, fi))
			continue;
		buf_puts(out, n++ ? ",\n {\"id\":" : "\n {\"id\":");
		render_json_str(out, fi->ind->id);
		buf_puts(out, ",\"activity\":");
		render_json_str(out, fi->ind->activity.id);
		buf_puts(out, ",\"goal\":");
		render_json_str(out, fi->activity != NULL ? fi->activity->goal.id : NULL);
		buf_printf(out, ",\"status\":\"%s\",\"kind\":\"%s\",\"per\":\"%s\",\"target\":%d",
			   fulfil_status_name(fi->status),
			   fi->ind->target_kind == TARGET_COUNT ? "count" : "deliverable",
			   fi->ind->per_year ? "year" : "window", fi->ind->min);
		buf_puts(out, ",\"periods\":[");
		for (p = 0; p < fi->nperiods; p++) {
			if (!period_wanted(c, &fi->periods[p]))
				continue;
			if (k++ > 0)
				buf_putc(out, ',');
			json_period(out, fi, p);
		}
		buf_putc(out, ']');
		json_skipped(out, fi, (size_t)-2);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\n\"activities\":[");
	for (i = 0; i < c->r->nactivities; i++) {
		buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
		render_json_str(out, c->r->activities[i].id);
		buf_printf(out, ",\"status\":\"%s\",\"periods\":",
			   fulfil_status_name(c->r->activities[i].status));
		json_counts(out, &c->r->activities[i]);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\n\"goals\":[");
	for (i = 0; i < c->r->ngoals; i++) {
		buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
		render_json_str(out, c->r->goals[i].id);
		buf_printf(out, ",\"status\":\"%s\",\"periods\":",
			   fulfil_status_name(c->r->goals[i].status));
		json_counts(out, &c->r->goals[i]);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}\n");
}

void
render_status_csv(buf *out, const render_ctx *c)
{
	char d[DATE_BUFSZ];
	size_t i, p, k;
	int h;

	buf_puts(out, "\xef\xbb\xbf");
	buf_puts(out, "indicator,activity,goal,period,start,end,achieved,target,status,expected,"
		      "events,on_time,early,late,late_date,not_counted,text\r\n");
	for (i = 0; i < c->r->nindicators; i++) {
		const fulfil_indicator *fi = &c->r->indicators[i];

		if (!indicator_wanted(c, fi))
			continue;
		for (p = 0; p < fi->nperiods; p++) {
			const fulfil_period *fp = &fi->periods[p];
			buf ev = BUF_INIT;

			if (!period_wanted(c, fp))
				continue;
			buf_put_csv_field(out, fi->ind->id, ',');
			buf_putc(out, ',');
			buf_put_csv_field(out, fi->ind->activity.id, ',');
			buf_putc(out, ',');
			buf_put_csv_field(out, fi->activity != NULL ? fi->activity->goal.id : NULL, ',');
			buf_putc(out, ',');
			buf_put_csv_field(out, fp->label, ',');
			buf_printf(out, ",%s", date_format(fp->start, d));
			buf_printf(out, ",%s,%d,%d,%s,", date_format(fp->end, d), fp->achieved,
				   fp->target, fulfil_status_name(fp->status));
			if (fp->expected >= 0)
				buf_printf(out, "%.2f", fp->expected);
			buf_putc(out, ',');
			for (k = 0; k < fp->nevents; k++)
				buf_printf(&ev, "%s%s", k ? " " : "", fp->events[k]->id);
			buf_put_csv_field(out, ev.ptr, ',');
			for (h = FULFIL_ON_TIME; h <= FULFIL_LATE; h++) {
				buf_reset(&ev);
				for (k = 0; k < fp->nevents; k++)
					if (fp->how[k] == (fulfil_how)h)
						buf_printf(&ev, "%s%s", ev.len ? " " : "",
							   fp->events[k]->id);
				buf_putc(out, ',');
				buf_put_csv_field(out, ev.ptr, ',');
			}
			buf_putc(out, ',');
			if (fp->late != NULL)
				buf_puts(out, date_format(fp->late->date, d));
			buf_reset(&ev);
			for (k = 0; k < fi->nskipped; k++) {
				if (fi->skipped[k].place.period != p)
					continue;
				buf_printf(&ev, "%s%s (", ev.len ? "; " : "", fi->skipped[k].e->id);
				fulfil_why_words(&ev, &fi->skipped[k], fi->ind);
				buf_putc(&ev, ')');
			}
			buf_putc(out, ',');
			buf_put_csv_field(out, ev.ptr, ',');
			buf_free(&ev);
			buf_putc(out, ',');
			buf_put_csv_field(out, fi->ind->text, ',');
			buf_puts(out, "\r\n");
		}
	}
}

/* Markdown table cells may not hold '|' or line breaks. */
static void
md_cell(buf *out, const char *s)
{
	const char *p;

	for (p = s != NULL ? s : ""; *p; p++) {
		if (*p == '|')
			buf_puts(out, "\\|");
		else if (*p == '\n' || *p == '\r')
			buf_putc(out, ' ');
		else
			buf_putc(out, *p);
	}
}

void
render_status_md(buf *out, const render_ctx *c)
{
	const ledger *l = c->l;
	char d[DATE_BUFSZ];
	size_t g, i, p;

	buf_printf(out, "# %s\n\n", l->plan != NULL ? s_or(l->plan->title, "Plan") : "Plan");
	if (c->rev != NULL) {
		buf_printf(out, _("Ledger at commit `%.12s`, events up to %s"), c->rev,
			   date_format(c->r->at, d));
		period_over(out, l, c->r->at);
		buf_puts(out, ".\n");
	}
	for (g = 0; g < l->ngoals; g++) {
		const rec_goal *goal = &l->goals[g];
		int header = 0;

		for (i = 0; i < c->r->nindicators; i++) {
			const fulfil_indicator *fi = &c->r->indicators[i];

			if (fi->activity == NULL || fi->activity->goal.id == NULL || goal->id == NULL ||
			    strcmp(fi->activity->goal.id, goal->id) != 0 || !indicator_wanted(c, fi))
				continue;
			if (!header++) {
				buf_printf(out, "\n## %s ", goal->id);
				md_cell(out, goal->title);
				buf_puts(out, _("\n\n| Indicator | Activity | Target | Period | Achieved | Status |\n"
						"|---|---|---|---|---|---|\n"));
			}
			for (p = 0; p < fi->nperiods; p++) {
				const fulfil_period *fp = &fi->periods[p];
				buf t = BUF_INIT;

				if (!period_wanted(c, fp))
					continue;
				render_target(&t, c->l, fi->ind);
				buf_printf(out, "| %s | %s | ", s_or(fi->ind->id, "?"),
					   s_or(fi->ind->activity.id, "?"));
				md_cell(out, t.ptr);
				buf_reset(&t);
				status_words(&t, fp);
				buf_printf(out, " | %s | %d/%d | ", fp->label, fp->achieved, fp->target);
				md_cell(out, t.ptr);
				buf_puts(out, " |\n");
				buf_free(&t);
			}
			for (p = 0; p < fi->nskipped; p++) {
				const fulfil_skip *sk = &fi->skipped[p];
				buf t = BUF_INIT;

				buf_printf(&t, _("not counted: %s ("), sk->e->id ? sk->e->id : "?");
				fulfil_why_words(&t, sk, fi->ind);
				buf_putc(&t, ')');
				buf_printf(out, "| %s | %s | | %s | – | ", s_or(fi->ind->id, "?"),
					   s_or(fi->ind->activity.id, "?"),
					   sk->place.period < fi->nperiods ?
						   fi->periods[sk->place.period].label :
						   "–");
				md_cell(out, t.ptr);
				buf_puts(out, " |\n");
				buf_free(&t);
			}
		}
	}
}
