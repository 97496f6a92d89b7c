/*
 * Computing fulfilment. Every event that names an indicator is placed by
 * one function (fulfil_place_event: on time, early, late, or not counted
 * and why), and the counted ones are dealt into the periods. Whether a
 * requirement was met, and when, is counted by the same function, so the
 * requires rule and the status cannot disagree.
 */
#include "ledger/fulfil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

/* Marked for the text reports, which show them with _(); JSON keeps these. */
static const char *const status_names[FULFIL_NSTATUS] = {
	N_("met"), N_("met-late"), N_("partial"), N_("not-met"), N_("in-progress"), N_("not-started")};

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

static const char *const how_names[] = {N_("on time"), N_("early"), N_("late"), N_("not counted")};
static const char *const why_names[] = {"counts", "kind", "superseded", "outside", "requires",
					"no-date"};

const char *
fulfil_how_name(fulfil_how h)
{
	return (unsigned)h < 4 ? how_names[h] : "?";
}

const char *
fulfil_why_name(fulfil_why w)
{
	return (unsigned)w < 6 ? why_names[w] : "?";
}

size_t
fulfil_periods(const rec_indicator *ind, date_days *start, date_days *end, size_t max)
{
	int y1, y2;
	size_t n, p;

	if (!ind->has_due || ind->due.start > ind->due.end)
		return 0;
	y1 = date_year(ind->due.start);
	y2 = date_year(ind->due.end);
	n = ind->per_year ? (size_t)(y2 - y1 + 1) : 1;
	for (p = 0; p < n && p < max; p++) {
		if (ind->per_year) {
			date_days ys = date_from_ymd(y1 + (int)p, 1, 1);
			date_days ye = date_from_ymd(y1 + (int)p, 12, 31);

			start[p] = ys > ind->due.start ? ys : ind->due.start;
			end[p] = ye < ind->due.end ? ye : ind->due.end;
		} else {
			start[p] = ind->due.start;
			end[p] = ind->due.end;
		}
	}
	return n;
}

/* Requirements nest (I22 needs I21, which may need another): this deep at most. */
enum { MAX_DEPTH = 8, MAX_PERIODS = 256 };

/* An indicator's periods, worked out once for all its events. */
typedef struct spans {
	date_days start[MAX_PERIODS], end[MAX_PERIODS];
	size_t n;
} spans;

static void
spans_of(const rec_indicator *ind, spans *sp)
{
	sp->n = fulfil_periods(ind, sp->start, sp->end, MAX_PERIODS);
	if (sp->n > MAX_PERIODS)
		sp->n = MAX_PERIODS;
}

/* When a requirement was met: once, or (per year) in each calendar year. */
typedef struct met_table {
	int per_year;
	int met_any;
	date_days any;
	int years[64];
	date_days dates[64];
	size_t n;
} met_table;

static void met_fill(const ledger *l, const rec_indicator *req, int per_year, date_days until,
		     met_table *t, int depth);

static int
met_get(const met_table *t, int year, date_days *met)
{
	size_t i;

	if (!t->per_year) {
		*met = t->any;
		return t->met_any;
	}
	for (i = 0; i < t->n; i++)
		if (t->years[i] == year) {
			*met = t->dates[i];
			return 1;
		}
	return 0;
}

/* The placing without requirements: kind, correction, and where the date falls. */
static void
place_plain(const ledger *l, const rec_indicator *ind, const rec_event *e, fulfil_place *out,
	    const spans *sp)
{
	spans own_spans;
	const date_days *start, *end;
	size_t n, p;
	const rec_activity *act;
	int in_plan, allowed;

	if (sp == NULL) {
		spans_of(ind, &own_spans);
		sp = &own_spans;
	}
	start = sp->start;
	end = sp->end;
	n = sp->n;
	memset(out, 0, sizeof(*out));
	out->how = FULFIL_NOT_COUNTED;
	out->req_met = -1;
	if (!e->has_date) {
		out->why = FULFIL_NO_DATE;
		return;
	}
	for (p = 0; p + 1 < n && e->date > end[p]; p++)
		;
	out->period = p; /* the period nearest its date */
	if (!ledger_kind_counts(ind, e->kind)) {
		out->why = FULFIL_KIND;
		return;
	}
	if (e->superseded_by >= 0) {
		out->why = FULFIL_SUPERSEDED;
		return;
	}
	out->why = FULFIL_OUTSIDE;
	if (n == 0)
		return;
	if (e->date >= start[p] && e->date <= end[p]) {
		out->how = FULFIL_ON_TIME;
		out->why = FULFIL_COUNTS;
		return;
	}
	/* Early or late: a deliverable, in the activity's window or by exception,
	 * and never outside the plan period. */
	if (ind->target_kind != TARGET_DELIVERABLE)
		return;
	in_plan = l->plan == NULL || !l->plan->has_period ||
		  (e->date >= l->plan->period.start && e->date <= l->plan->period.end);
	act = ledger_activity(l, ind->activity.id);
	allowed = in_plan && (e->exception != NULL || act == NULL || !act->has_window ||
			      (e->date >= act->window.start && e->date <= act->window.end));
	if (!allowed)
		return;
	if (e->date < start[0]) {
		out->how = FULFIL_EARLY;
		out->period = 0;
		out->why = FULFIL_COUNTS;
	} else if (e->date > end[n - 1]) {
		out->how = FULFIL_LATE;
		out->period = n - 1;
		out->why = FULFIL_COUNTS;
	}
}

/* The indicator a requirement names, or NULL when it names none or itself. */
static const rec_indicator *
required(const ledger *l, const rec_indicator *ind, size_t k)
{
	const rec_indicator *req = ledger_indicator(l, ind->requires[k].indicator.id);

	if (req == NULL || req == ind ||
	    (ind->id != NULL && req->id != NULL && strcmp(req->id, ind->id) == 0))
		return NULL;
	return req;
}

/*
 * Places e for ind. tables holds, for each of ind's requirements, when it
 * was met (NULL: worked out here, for one event).
 */
static void
place(const ledger *l, const rec_indicator *ind, const rec_event *e, date_days at,
      fulfil_place *out, int depth, const met_table *tables, const spans *sp)
{
	size_t k;

	place_plain(l, ind, e, out, sp);
	if (out->how == FULFIL_NOT_COUNTED)
		return;
	for (k = 0; k < ind->nrequires; k++) {
		const rec_indicator *req = required(l, ind, k);
		date_days met = -1;
		met_table one;
		int ok;

		if (!ind->requires[k].strict || req == NULL || depth >= MAX_DEPTH)
			continue;
		if (tables == NULL) {
			met_fill(l, req, ind->requires[k].per_year, at, &one, depth + 1);
			ok = met_get(&one, date_year(e->date), &met);
		} else {
			ok = met_get(&tables[k], date_year(e->date), &met);
		}
		if (ok && met <= e->date)
			continue;
		out->how = FULFIL_NOT_COUNTED;
		out->why = FULFIL_REQUIRES;
		out->req = ind->requires[k].indicator.id;
		out->req_met = ok ? met : -1;
		return;
	}
}

void
fulfil_place_event(const ledger *l, const rec_indicator *ind, const rec_event *e, date_days at,
		   fulfil_place *out)
{
	place(l, ind, e, at, out, 0, NULL, NULL);
}

void
fulfil_place_plain(const ledger *l, const rec_indicator *ind, const rec_event *e,
		   fulfil_place *out)
{
	place_plain(l, ind, e, out, NULL);
}

/* This ledger's own record of an indicator (it may be a copy from another ledger). */
static const rec_indicator *
own(const ledger *l, const rec_indicator *ind)
{
	if (ind >= l->indicators && ind < l->indicators + l->nindicators)
		return ind;
	return ind->id != NULL ? ledger_indicator(l, ind->id) : NULL;
}

static size_t
naming(const ledger *l, const rec_indicator *ind, const size_t **idx)
{
	size_t k;

	*idx = NULL;
	if (ind == NULL || l->naming == NULL)
		return 0;
	k = (size_t)(ind - l->indicators);
	*idx = l->naming[k];
	return l->nnaming[k];
}

/* The met tables of ind's requirements, counted up to until; free() the result. */
static met_table *
tables_for(const ledger *l, const rec_indicator *ind, date_days until, int depth)
{
	met_table *t = xcalloc(ind->nrequires ? ind->nrequires : 1, sizeof(*t));
	size_t k;

	for (k = 0; k < ind->nrequires; k++) {
		const rec_indicator *req = required(l, ind, k);

		t[k].per_year = ind->requires[k].per_year;
		if (req != NULL && ind->requires[k].strict && depth < MAX_DEPTH)
			met_fill(l, req, ind->requires[k].per_year, until, &t[k], depth + 1);
	}
	return t;
}

static void
met_fill(const ledger *l, const rec_indicator *req, int per_year, date_days until, met_table *t,
	 int depth)
{
	spans *sp;
	size_t i, cnt;
	int counts[MAX_PERIODS] = {0}, year = 0, seen = 0;
	const size_t *idx;
	met_table *tables;

	memset(t, 0, sizeof(*t));
	t->per_year = per_year;
	req = own(l, req);
	cnt = naming(l, req, &idx);
	if (req == NULL)
		return;
	sp = xmalloc(sizeof(*sp));
	spans_of(req, sp);
	tables = tables_for(l, req, until, depth);
	for (i = 0; i < cnt; i++) {
		const rec_event *e = &l->events[idx[i]];
		fulfil_place pl;

		if (!e->has_date || (until != -1 && e->date > until))
			continue;
		place(l, req, e, until, &pl, depth, tables, sp);
		if (pl.how == FULFIL_NOT_COUNTED)
			continue;
		if (!per_year) {
			if (pl.period < MAX_PERIODS && ++counts[pl.period] == req->min) {
				t->met_any = 1;
				t->any = e->date;
				break;
			}
			continue;
		}
		if (date_year(e->date) != year) {
			year = date_year(e->date);
			seen = 0;
		}
		if (++seen == req->min && t->n < sizeof(t->years) / sizeof(t->years[0])) {
			t->years[t->n] = year;
			t->dates[t->n++] = e->date;
		}
	}
	free(sp);
	free(tables);
}

int
fulfil_met_on(const ledger *l, const rec_indicator *req, int per_year, int year, date_days until,
	      date_days *met)
{
	met_table t;

	met_fill(l, req, per_year, until, &t, 0);
	return met_get(&t, year, met);
}

int
fulfil_requirement_met(const ledger *l, const rec_indicator *ind, size_t k, const rec_event *e,
		       date_days until, date_days *met)
{
	const rec_indicator *req = required(l, ind, k);

	*met = -1;
	if (req == NULL || !e->has_date)
		return 1;
	if (!fulfil_met_on(l, req, ind->requires[k].per_year, date_year(e->date), until, met)) {
		*met = -1;
		return 0;
	}
	return *met <= e->date;
}

void
fulfil_why_words(buf *out, const fulfil_skip *s, const rec_indicator *ind)
{
	char d[DATE_BUFSZ];

	switch (s->place.why) {
	case FULFIL_KIND:
		buf_printf(out, _("a %s does not count toward %s"), s->e->kind ? s->e->kind : "?",
			   ind->id ? ind->id : "?");
		break;
	case FULFIL_SUPERSEDED:
		buf_puts(out, _("corrected by a later version"));
		break;
	case FULFIL_OUTSIDE:
		buf_printf(out, _("dated %s, outside every period of %s"),
			   s->e->has_date ? date_format(s->e->date, d) : "?", ind->id ? ind->id : "?");
		break;
	case FULFIL_REQUIRES:
		if (s->place.req_met >= 0)
			buf_printf(out, _("%s is required first and was met only on %s"), s->place.req,
				   date_format(s->place.req_met, d));
		else
			buf_printf(out, _("%s is required first and was not met"), s->place.req);
		break;
	case FULFIL_NO_DATE:
		buf_puts(out, _("it has no valid date"));
		break;
	default:
		buf_puts(out, _("it counts"));
		break;
	}
	if (s->e->exception != NULL)
		buf_printf(out, _("; recorded as an exception: %s"), s->e->exception);
}

int
fulfil_expected_whole(const fulfil_period *p)
{
	/* Whole events: the pace's share of the target, rounded to the nearest. */
	return p->expected < 0 ? 0 : (int)(p->expected + 0.5);
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

/* The status of a period at the end of the day at. */
static void
judge(fulfil_period *p, date_days at)
{
	p->expected = -1;
	if (p->achieved - p->nlate >= p->target) {
		p->status = ST_MET;
		return;
	}
	if (p->achieved >= p->target) {
		p->status = ST_MET_LATE;
		return;
	}
	if (at < p->start) {
		p->status = ST_NOT_STARTED;
		return;
	}
	if (at < p->end) {
		double share = (double)(at - p->start + 1) / (double)(p->end - p->start + 1);

		p->status = ST_IN_PROGRESS;
		p->expected = (double)p->target * share;
		return;
	}
	p->status = p->achieved > 0 ? ST_PARTIAL : ST_NOT_MET;
}

static int
overlaps(date_days start, date_days end, int year)
{
	return year == 0 || (date_year(start) <= year && date_year(end) >= year);
}

static void
compute_indicator(const ledger *l, fulfil_indicator *fi, date_days at, int year)
{
	const rec_indicator *ind = fi->ind;
	const rec_indicator *mine = own(l, ind);
	spans *sp = xmalloc(sizeof(*sp));
	const date_days *start, *end;
	size_t n, cnt, i, p, k;
	size_t counts[FULFIL_NSTATUS] = {0};
	size_t *map; /* period index -> index kept, or (size_t)-1 */
	const size_t *idx;
	met_table *tables;

	fi->activity = ledger_activity(l, ind->activity.id);
	spans_of(ind, sp);
	start = sp->start;
	end = sp->end;
	n = sp->n;
	cnt = naming(l, mine, &idx);
	map = xcalloc(n ? n : 1, sizeof(*map));
	fi->periods = xcalloc(n ? n : 1, sizeof(*fi->periods));
	for (p = 0; p < n; p++) {
		fulfil_period *fp;

		map[p] = (size_t)-1;
		if (!overlaps(start[p], end[p], year))
			continue;
		map[p] = fi->nperiods;
		fp = &fi->periods[fi->nperiods++];
		fp->start = start[p];
		fp->end = end[p];
		fp->target = ind->min;
		period_label(fp, ind->per_year);
		fp->events = xcalloc(cnt ? cnt : 1, sizeof(*fp->events));
		fp->how = xcalloc(cnt ? cnt : 1, sizeof(*fp->how));
	}
	fi->skipped = xcalloc(cnt ? cnt : 1, sizeof(*fi->skipped));
	tables = tables_for(l, ind, at, 0);
	for (i = 0; i < cnt; i++) {
		const rec_event *e = &l->events[idx[i]];
		fulfil_period *fp;
		fulfil_place pl;

		if (e->has_date && at != -1 && e->date > at)
			continue;
		place(l, ind, e, at, &pl, 0, tables, sp);
		k = n > 0 ? map[pl.period] : (size_t)-1;
		if (pl.how == FULFIL_NOT_COUNTED) {
			/* Narrowed to a year: only what is dated in it, or near a period kept. */
			if (year != 0 && !(e->has_date && date_year(e->date) == year) &&
			    k == (size_t)-1)
				continue;
			pl.period = k; /* the period kept nearest its date, or (size_t)-1 */
			fi->skipped[fi->nskipped].e = e;
			fi->skipped[fi->nskipped++].place = pl;
			continue;
		}
		if (k == (size_t)-1)
			continue;
		fp = &fi->periods[k];
		fp->events[fp->nevents] = e;
		fp->how[fp->nevents++] = pl.how;
		if (pl.how == FULFIL_LATE) {
			if (fp->late == NULL)
				fp->late = e;
			fp->nlate++;
		}
		if (pl.how == FULFIL_EARLY)
			fp->nearly++;
	}
	free(map);
	free(tables);
	free(sp);
	for (p = 0; p < fi->nperiods; p++) {
		fulfil_period *fp = &fi->periods[p];

		fp->achieved = (int)fp->nevents;
		judge(fp, at);
		counts[fp->status]++;
	}
	fi->status = fulfil_rollup_status(counts);
}

void
fulfil_indicator_compute(const ledger *l, const rec_indicator *ind, date_days at,
			 fulfil_indicator *out)
{
	memset(out, 0, sizeof(*out));
	out->ind = ind;
	compute_indicator(l, out, at, 0);
}

void
fulfil_indicator_clear(fulfil_indicator *fi)
{
	size_t p;

	for (p = 0; p < fi->nperiods; p++) {
		free(fi->periods[p].events);
		free(fi->periods[p].how);
	}
	free(fi->periods);
	free(fi->skipped);
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
	return fulfil_compute_year(l, at, 0);
}

fulfil_result *
fulfil_compute_year(const ledger *l, date_days at, int year)
{
	fulfil_result *r = xcalloc(1, sizeof(*r));
	size_t i, j;

	r->at = at;
	r->year = year;
	r->nindicators = l->nindicators;
	r->indicators = xcalloc(l->nindicators ? l->nindicators : 1, sizeof(*r->indicators));
	for (i = 0; i < l->nindicators; i++) {
		r->indicators[i].ind = &l->indicators[i];
		compute_indicator(l, &r->indicators[i], at, year);
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
