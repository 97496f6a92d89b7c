/*
 * Computing fulfilment. The counted events of each indicator are gathered
 * once (ledger_counted_events, oldest first), cut at the reference date and
 * at the requirements' met dates, and then dealt into periods.
 */
#include "fulfil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util/xalloc.h"

static const char *const status_names[FULFIL_NSTATUS] = {
	"met", "met-late", "partial", "not-met", "in-progress", "not-started"};

const char *
fulfil_status_name(fulfil_status s)
{
	return (unsigned)s < FULFIL_NSTATUS ? status_names[s] : "?";
}

/*
 * Rolling up: everything met is met; met or met late is met-late; nothing
 * begun is not-started; open work without a shortfall is in-progress;
 * shortfalls with nothing achieved are not-met; any other mix is partial.
 */
fulfil_status
fulfil_rollup_status(const size_t c[FULFIL_NSTATUS])
{
	size_t total = 0, i;

	for (i = 0; i < FULFIL_NSTATUS; i++)
		total += c[i];
	if (total == 0 || c[ST_NOT_STARTED] == total)
		return ST_NOT_STARTED;
	if (c[ST_MET] == total)
		return ST_MET;
	if (c[ST_MET] + c[ST_MET_LATE] == total)
		return ST_MET_LATE;
	if (c[ST_PARTIAL] + c[ST_NOT_MET] == 0)
		return ST_IN_PROGRESS;
	if (c[ST_MET] + c[ST_MET_LATE] + c[ST_PARTIAL] + c[ST_IN_PROGRESS] == 0)
		return ST_NOT_MET;
	return ST_PARTIAL;
}

/* Whether an event counts, given when the indicators its indicator requires were met. */
static int
requirements_met(const ledger *l, const rec_indicator *ind, const rules_met *met_tables,
		 const rec_event *e)
{
	size_t j;

	for (j = 0; j < ind->nrequires; j++) {
		const rec_indicator *req = ledger_indicator(l, ind->requires[j].indicator.id);
		date_days met;

		if (req == NULL || req == ind)
			continue;
		if (!rules_met_get(&met_tables[j], date_year(e->date), &met) || met > e->date)
			return 0;
	}
	return 1;
}

static void
period_label(fulfil_period *p, int per_year)
{
	int y1, m1, d1, y2, m2, d2;

	date_to_ymd(p->start, &y1, &m1, &d1);
	date_to_ymd(p->end, &y2, &m2, &d2);
	if (per_year || (m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31 && y1 == y2))
		snprintf(p->label, sizeof(p->label), "%d", y1);
	else if (m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31)
		snprintf(p->label, sizeof(p->label), "%d-%d", y1, y2);
	else {
		char a[DATE_BUFSZ], b[DATE_BUFSZ];

		snprintf(p->label, sizeof(p->label), "%s/%s", date_format(p->start, a),
			 date_format(p->end, b));
	}
}

static void
judge(fulfil_period *p, const rec_indicator *ind, const rec_activity *act,
      const rec_event **ev, size_t n, date_days at)
{
	size_t i;

	p->expected = -1;
	if (p->achieved >= p->target) {
		p->status = ST_MET;
		return;
	}
	if (at < p->start) {
		p->status = ST_NOT_STARTED;
		return;
	}
	if (at <= p->end) {
		double share = (double)(at - p->start + 1) / (double)(p->end - p->start + 1);

		p->status = ST_IN_PROGRESS;
		p->expected = (double)p->target * share;
		return;
	}
	/* A deliverable may come late: after its due window, inside its activity's. */
	if (ind->target_kind == TARGET_DELIVERABLE && !ind->per_year && act != NULL &&
	    act->has_window)
		for (i = 0; i < n; i++)
			if (ev[i]->date > p->end && ev[i]->date <= act->window.end) {
				p->late = ev[i];
				p->status = ST_MET_LATE;
				return;
			}
	p->status = p->achieved > 0 ? ST_PARTIAL : ST_NOT_MET;
}

static void
compute_indicator(const ledger *l, fulfil_indicator *fi, date_days at)
{
	const rec_indicator *ind = fi->ind;
	const rec_event **all, **ev;
	size_t n = ledger_counted_events(l, ind, at, &all), k = 0, i, p;
	size_t counts[FULFIL_NSTATUS] = {0};
	int y1, y2;

	fi->activity = ledger_activity(l, ind->activity.id);
	rules_met *met = xcalloc(ind->nrequires ? ind->nrequires : 1, sizeof(*met));

	for (i = 0; i < ind->nrequires; i++) {
		const rec_indicator *req = ledger_indicator(l, ind->requires[i].indicator.id);

		if (req != NULL)
			rules_met_fill(l, req, ind->requires[i].per_year, at, &met[i]);
	}
	ev = xcalloc(n ? n : 1, sizeof(*ev));
	for (i = 0; i < n; i++)
		if (requirements_met(l, ind, met, all[i]))
			ev[k++] = all[i];
	free(all);
	free(met);
	n = k;
	if (!ind->has_due) {
		fi->status = ST_NOT_STARTED;
		free(ev);
		return;
	}
	y1 = date_year(ind->due.start);
	y2 = date_year(ind->due.end);
	fi->nperiods = ind->per_year && y2 >= y1 ? (size_t)(y2 - y1 + 1) : 1;
	fi->periods = xcalloc(fi->nperiods, sizeof(*fi->periods));
	for (p = 0; p < fi->nperiods; p++) {
		fulfil_period *fp = &fi->periods[p];

		if (ind->per_year) {
			date_days ys = date_from_ymd(y1 + (int)p, 1, 1);
			date_days ye = date_from_ymd(y1 + (int)p, 12, 31);

			fp->start = ys > ind->due.start ? ys : ind->due.start;
			fp->end = ye < ind->due.end ? ye : ind->due.end;
		} else {
			fp->start = ind->due.start;
			fp->end = ind->due.end;
		}
		period_label(fp, ind->per_year);
		fp->target = ind->min;
		fp->events = xcalloc(n ? n : 1, sizeof(*fp->events));
		for (i = 0; i < n; i++)
			if (ev[i]->date >= fp->start && ev[i]->date <= fp->end)
				fp->events[fp->nevents++] = ev[i];
		fp->achieved = (int)fp->nevents;
		judge(fp, ind, fi->activity, ev, n, at);
		counts[fp->status]++;
	}
	fi->status = fulfil_rollup_status(counts);
	free(ev);
}

void
fulfil_indicator_compute(const ledger *l, const rec_indicator *ind, date_days at,
			 fulfil_indicator *out)
{
	memset(out, 0, sizeof(*out));
	out->ind = ind;
	compute_indicator(l, out, at);
}

void
fulfil_indicator_clear(fulfil_indicator *fi)
{
	size_t p;

	for (p = 0; p < fi->nperiods; p++)
		free(fi->periods[p].events);
	free(fi->periods);
	memset(fi, 0, sizeof(*fi));
}

static void
rollup(fulfil_rollup *r, const fulfil_indicator *fi)
{
	size_t p;

	for (p = 0; p < fi->nperiods; p++)
		r->count[fi->periods[p].status]++;
	r->status = fulfil_rollup_status(r->count);
}

fulfil_result *
fulfil_compute(const ledger *l, date_days at)
{
	fulfil_result *r = xcalloc(1, sizeof(*r));
	size_t i, j;

	r->at = at;
	r->nindicators = l->nindicators;
	r->indicators = xcalloc(l->nindicators ? l->nindicators : 1, sizeof(*r->indicators));
	for (i = 0; i < l->nindicators; i++) {
		r->indicators[i].ind = &l->indicators[i];
		compute_indicator(l, &r->indicators[i], at);
	}
	r->nactivities = l->nactivities;
	r->activities = xcalloc(l->nactivities ? l->nactivities : 1, sizeof(*r->activities));
	r->ngoals = l->ngoals;
	r->goals = xcalloc(l->ngoals ? l->ngoals : 1, sizeof(*r->goals));
	for (i = 0; i < l->nactivities; i++)
		r->activities[i].id = l->activities[i].id;
	for (i = 0; i < l->ngoals; i++)
		r->goals[i].id = l->goals[i].id;
	for (i = 0; i < r->nindicators; i++) {
		const fulfil_indicator *fi = &r->indicators[i];

		if (fi->activity == NULL)
			continue;
		for (j = 0; j < r->nactivities; j++)
			if (r->activities[j].id != NULL && strcmp(r->activities[j].id, fi->activity->id) == 0)
				rollup(&r->activities[j], fi);
		for (j = 0; j < r->ngoals; j++)
			if (r->goals[j].id != NULL && fi->activity->goal.id != NULL &&
			    strcmp(r->goals[j].id, fi->activity->goal.id) == 0)
				rollup(&r->goals[j], fi);
	}
	for (j = 0; j < r->nactivities; j++)
		r->activities[j].status = fulfil_rollup_status(r->activities[j].count);
	for (j = 0; j < r->ngoals; j++)
		r->goals[j].status = fulfil_rollup_status(r->goals[j].count);
	return r;
}

void
fulfil_free(fulfil_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nindicators; i++)
		fulfil_indicator_clear(&r->indicators[i]);
	free(r->indicators);
	free(r->activities);
	free(r->goals);
	free(r);
}

const fulfil_indicator *
fulfil_find(const fulfil_result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nindicators; i++)
		if (r->indicators[i].ind->id != NULL && strcmp(r->indicators[i].ind->id, id) == 0)
			return &r->indicators[i];
	return NULL;
}
