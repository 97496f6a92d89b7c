/*
 * The rules across records, one function per rule id (rules.h lists them).
 * Each walks the ledger once and appends findings; none stops at the first
 * problem. Helpers shared by several rules come first, then the rules in
 * the order of RULES.
 */
#include "ledger/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/fulfil.h"
#include "ledger/period.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/hmap.h"
#include "util/workpool.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct rules_run {
	const ledger *l;
	const rules_options *o;
	/* For the k-th indicator an event lists, the index of its first listing
	 * in the same event: at[e] + k indexes first. k itself when it is the
	 * first; a repeat is reported by ref and skipped by the other rules. */
	size_t *at, *first;
};

static int
repeat(const rules_run *r, size_t e, size_t k)
{
	return r->first[r->at[e] + k] != k;
}

static void
add(diag_list *out, const char *path, rec_pos pos, diag_severity sev, const char *rule,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
add(diag_list *out, const char *path, rec_pos pos, diag_severity sev, const char *rule,
    const char *fmt, ...)
{
	buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&m, _(fmt), ap);
	va_end(ap);
	diag_add_owned(out, path, pos.line, pos.col, sev, rule, buf_detach(&m));
}

/* Whether path ends in "/<id>.yaml" (or is "<id>.yaml"). */
static int
id_matches_file(const char *id, const char *path)
{
	size_t n = strlen(id), p = strlen(path);

	return p >= n + 5 && memcmp(path + p - 5, ".yaml", 5) == 0 &&
	       memcmp(path + p - 5 - n, id, n) == 0 && (p == n + 5 || path[p - 6 - n] == '/');
}

static void
check_id_is_file_name(diag_list *out, const char *what, const char *id, const char *path,
		      rec_pos pos)
{
	size_t n;
	const char *s;

	if (id == NULL || id_matches_file(id, path))
		return;
	s = fsutil_base(path, ".yaml", &n);
	add(out, path, pos, DIAG_ERROR, "id",
	    "the %s's id '%s' does not match its file name '%.*s.yaml'; rename the file or "
	    "change the id so they are the same",
	    what, id, (int)n, s);
}

/* Lists the ids of a kind of record for "there are ..." in messages. */
static void
list_ids(buf *b, const ledger *l, rec_kind kind)
{
	size_t i, n = 0;

	switch (kind) {
	case REC_GOAL:
		for (i = 0; i < l->ngoals; i++)
			if (l->goals[i].id != NULL)
				buf_printf(b, "%s%s", n++ ? ", " : "", l->goals[i].id);
		break;
	case REC_ACTIVITY:
	case REC_INDICATOR: {
		/* As runs, so that a record that is gone shows as a gap. */
		size_t m = kind == REC_ACTIVITY ? l->nactivities : l->nindicators;
		const char **ids = xcalloc(m + 1, sizeof(*ids));

		for (i = 0; i < m; i++)
			ids[i] = kind == REC_ACTIVITY ? l->activities[i].id : l->indicators[i].id;
		if (m > 0)
			records_id_runs(b, ids, m, _(" to "));
		free(ids);
		break;
	}
	case REC_PEOPLE:
		for (i = 0; i < l->npeople; i++)
			buf_printf(b, "%s%s", n++ ? ", " : "", l->people[i].id);
		break;
	default:
		break;
	}
	if (b->len == 0)
		buf_puts(b, _("none"));
}

static void
missing_ref(diag_list *out, const ledger *l, const char *path, const rec_ref *r, rec_kind kind)
{
	buf ids = BUF_INIT;

	list_ids(&ids, l, kind);
	if (kind == REC_PEOPLE)
		add(out, path, r->pos, DIAG_ERROR, "ref",
		    "'%s' is not a person in records/people.yaml (people: %s); use one of their "
		    "ids, or add the person there first",
		    r->id, ids.ptr);
	else
		add(out, path, r->pos, DIAG_ERROR, "ref",
		    "there is no %s '%s' in this plan (its %ss: %s)", _(records_kind_name(kind)), r->id,
		    records_kind_name(kind), ids.ptr);
	buf_free(&ids);
}

static const char *
fmt_date(date_days d, char *s)
{
	return date_format(d, s);
}

static rec_pos
indicator_pos(const rec_event *e, const char *id)
{
	size_t p;

	for (p = 0; p < e->nindicators; p++)
		if (strcmp(e->indicators[p].id, id) == 0)
			return e->indicators[p].pos;
	return e->date_pos;
}

/*
 * An event that counts toward ind (placed by fulfil, the same code as
 * plan status) before a requirement was met: an error when the link is
 * strict (the event then does not count), a warning when it is advisory.
 */
static void
check_requirement(const ledger *l, const rec_indicator *ind, size_t k, diag_list *out)
{
	const rec_require *r = &ind->requires[k];
	const rec_indicator *req = ledger_indicator(l, r->indicator.id);
	char d[DATE_BUFSZ], m[DATE_BUFSZ];
	const rec_event **ev;
	size_t n, i;
	int years[64];
	date_days dates[64];
	int known[64];
	size_t nyears = 0;
	int any_known = 0, any_ok = 0;
	date_days any = -1;

	if (req == NULL || req == ind)
		return;
	n = ledger_counted_events(l, ind, -1, &ev);
	for (i = 0; i < n; i++) {
		const rec_event *e = ev[i];
		const char *same = r->per_year ? _(" in the same year") : "";
		const char *what = r->strict ? "" : _(" (an advisory requirement: the event counts)");
		diag_severity sev = r->strict ? DIAG_ERROR : DIAG_WARNING;
		fulfil_place pl;
		date_days met = -1;
		int ok, y = date_year(e->date);
		size_t j;

		/* Placed without requirements: only events that would count are judged. */
		fulfil_place_plain(l, ind, e, &pl);
		if (pl.how == FULFIL_NOT_COUNTED)
			continue;
		/* When req was met: once per year asked (or once), by the counting code. */
		if (r->per_year) {
			for (j = 0; j < nyears && years[j] != y; j++)
				;
			if (j == nyears && nyears < 64) {
				years[j] = y;
				known[j] = fulfil_met_on(l, req, 1, y, -1, &dates[j]);
				nyears++;
			}
			ok = j < nyears && known[j];
			met = ok ? dates[j] : -1;
		} else {
			if (!any_known) {
				any_ok = fulfil_met_on(l, req, 0, 0, -1, &any);
				any_known = 1;
			}
			ok = any_ok;
			met = any;
		}
		date_format(e->date, d);
		if (!ok)
			add(out, e->path, indicator_pos(e, ind->id), sev, "requires",
			    "%s counts only once %s is met%s, and %s has not been met%s%s; record "
			    "what meets %s first, or link this event to another indicator",
			    ind->id, req->id, same, req->id, r->per_year ? _(" in that year") : "", what,
			    req->id);
		else if (met > e->date)
			add(out, e->path, indicator_pos(e, ind->id), sev, "requires",
			    "%s counts only once %s is met%s; %s was met on %s, after this event "
			    "(%s)%s",
			    ind->id, req->id, same, req->id, date_format(met, m), d, what);
	}
	free(ev);
}

/* The plan's own words for a window must mean the window's dates. */
static void
check_window_text(const ledger *l, diag_list *out, const char *path, const char *words,
		  rec_pos words_pos, const rec_window *w, rec_pos w_pos)
{
	char a1[DATE_BUFSZ], a2[DATE_BUFSZ], b1[DATE_BUFSZ], b2[DATE_BUFSZ];
	period plan, got;
	char *why = NULL;

	plan.start = l->plan->period.start;
	plan.end = l->plan->period.end;
	plan.yearly = 0;
	if (period_parse(words, strlen(words), &plan, &got, &why) != 0) {
		add(out, path, words_pos, DIAG_ERROR, "window-text",
		    "'%s' cannot be read as a period: %s", words, why != NULL ? why : "");
		free(why);
		return;
	}
	if (got.start != w->start || got.end != w->end)
		add(out, path, w_pos, DIAG_ERROR, "window-text",
		    "the window %s to %s does not match the plan's words '%s', which mean %s to "
		    "%s; correct whichever is wrong",
		    date_format(w->start, a1), date_format(w->end, a2), words,
		    date_format(got.start, b1), date_format(got.end, b2));
}


/* Rule id: ids match file names; events sit in the folder of their date; ids are unique. */
void
rule_id(const rules_run *r, diag_list *out)
{
	const ledger *l = r->l;
	char d[DATE_BUFSZ];
	hmap ids = HMAP_INIT;
	size_t i;

	for (i = 0; i < l->ngoals; i++)
		check_id_is_file_name(out, _("goal"), l->goals[i].id, l->goals[i].path,
				      l->goals[i].id_pos);
	for (i = 0; i < l->nactivities; i++)
		check_id_is_file_name(out, _("activity"), l->activities[i].id, l->activities[i].path,
				      l->activities[i].id_pos);
	for (i = 0; i < l->nindicators; i++)
		check_id_is_file_name(out, _("indicator"), l->indicators[i].id, l->indicators[i].path,
				      l->indicators[i].id_pos);
	for (i = 0; i < l->npeople; i++) {
		int added;
		hmap_entry *e = hmap_insert(&ids, l->people[i].id, strlen(l->people[i].id), &added);

		if (added)
			e->idx = i;
		else
			add(out, l->people_path, l->people[i].pos, DIAG_ERROR, "id",
			    "the person id '%s' is used twice (also on line %u); each "
			    "person needs an id of their own",
			    l->people[i].id, l->people[e->idx].pos.line);
	}
	hmap_free(&ids);
	for (i = 0; i < l->ndups; i++) {
		const rec_event *e = &l->events[l->dups[2 * i]];

		add(out, e->path, e->id_pos, DIAG_ERROR, "id",
		    "the id '%s' is used by two events (also %s); each event needs an id of its "
		    "own",
		    e->id, l->events[l->dups[2 * i + 1]].path);
	}
	for (i = 0; i < l->nevents; i++) {
		const rec_event *e = &l->events[i];
		char folder[32] = "records/events/YYYY/MM/";

		check_id_is_file_name(out, _("event"), e->id, e->path, e->id_pos);
		if (!e->has_date)
			continue;
		date_format(e->date, d);
		/* The date as "YYYY-MM-DD" must begin the id and name the folder. */
		if (e->id != NULL && strncmp(e->id, d, 10) == 0 &&
		    strncmp(e->path, "records/events/", 15) == 0 && memcmp(e->path + 15, d, 4) == 0 &&
		    e->path[19] == '/' && memcmp(e->path + 20, d + 5, 2) == 0 && e->path[22] == '/')
			continue;
		/* "records/events/" then the date's "YYYY" and "MM" from "YYYY-MM-DD". */
		memcpy(folder + 15, d, 4);
		memcpy(folder + 20, d + 5, 2);
		if (strncmp(e->path, folder, 23) != 0)
			add(out, e->path, e->date_pos, DIAG_ERROR, "id",
			    "this event is dated %s, so its file belongs in %s; move it there", d,
			    folder);
		if (e->id != NULL && strncmp(e->id, d, 10) != 0)
			add(out, e->path, e->id_pos, DIAG_ERROR, "id",
			    "the id '%s' must begin with the event's date, %s", e->id, d);
	}
}

/*
 * The indicators an event lists again after their first time are reported
 * once each, where they come again, with how many times they are listed.
 */
static void
report_repeats(const rules_run *r, size_t idx, diag_list *out)
{
	const rec_event *e = &r->l->events[idx];
	size_t *times, *again, i, first;

	if (e->nindicators < 2)
		return;
	times = xcalloc(e->nindicators, sizeof(*times));
	again = xcalloc(e->nindicators, sizeof(*again));
	for (i = 0; i < e->nindicators; i++) {
		if (!repeat(r, idx, i))
			continue;
		first = r->first[r->at[idx] + i];
		if (times[first]++ == 0)
			again[first] = i;
	}
	for (i = 0; i < e->nindicators; i++)
		if (times[i] > 0)
			add(out, e->path, e->indicators[again[i]].pos, DIAG_ERROR, "ref",
			    times[i] == 1 ? "%s is listed twice; list each indicator once" :
					    "%s is listed %zu times; list each indicator once",
			    e->indicators[i].id, times[i] + 1);
	free(times);
	free(again);
}

/* Rule ref: every record named exists, and an event names each indicator once. */
void
rule_ref(const rules_run *r, diag_list *out)
{
	const ledger *l = r->l;
	size_t i, j;

	if (l->plan == NULL)
		diag_add(out, "records/plan.yaml", 0, 0, DIAG_ERROR, "ref",
			 "the plan record is missing; every ledger needs records/plan.yaml");
	if (l->people_path == NULL)
		diag_add(out, "records/people.yaml", 0, 0, DIAG_ERROR, "ref",
			 "the list of people is missing; every ledger needs records/people.yaml");
	for (i = 0; i < l->nactivities; i++) {
		const rec_activity *a = &l->activities[i];

		if (a->goal.id != NULL && ledger_goal(l, a->goal.id) == NULL)
			missing_ref(out, l, a->path, &a->goal, REC_GOAL);
		for (j = 0; j < a->ndepends_on; j++)
			if (ledger_activity(l, a->depends_on[j].id) == NULL)
				missing_ref(out, l, a->path, &a->depends_on[j], REC_ACTIVITY);
	}
	for (i = 0; i < l->nindicators; i++) {
		const rec_indicator *ind = &l->indicators[i];

		if (ind->activity.id != NULL && ledger_activity(l, ind->activity.id) == NULL)
			missing_ref(out, l, ind->path, &ind->activity, REC_ACTIVITY);
		for (j = 0; j < ind->nrequires; j++)
			if (ledger_indicator(l, ind->requires[j].indicator.id) == NULL)
				missing_ref(out, l, ind->path, &ind->requires[j].indicator,
					    REC_INDICATOR);
	}
	for (i = 0; i < l->nevents; i++) {
		const rec_event *e = &l->events[i];

		report_repeats(r, i, out);
		for (j = 0; j < e->nindicators; j++)
			if (!repeat(r, i, j) && ledger_indicator(l, e->indicators[j].id) == NULL)
				missing_ref(out, l, e->path, &e->indicators[j], REC_INDICATOR);
		if (e->responsible.id != NULL && ledger_person(l, e->responsible.id) == NULL)
			missing_ref(out, l, e->path, &e->responsible, REC_PEOPLE);
		if (e->supersedes.id != NULL && ledger_event_index(l, e->supersedes.id) < 0)
			add(out, e->path, e->supersedes.pos, DIAG_ERROR, "ref",
			    "this event corrects '%s', but there is no event with that id; give the "
			    "id (the file name without .yaml) of the event it corrects",
			    e->supersedes.id);
	}
}

/* Rule counts (a warning): an event of a kind its indicator does not count. */
void
rule_counts(const rules_run *r, diag_list *out)
{
	const ledger *l = r->l;
	size_t i, j, k;

	for (i = 0; i < l->nevents; i++) {
		const rec_event *e = &l->events[i];

		for (j = 0; j < e->nindicators && e->kind != NULL; j++) {
			const rec_indicator *ind;
			buf kinds = BUF_INIT;

			if (repeat(r, i, j))
				continue;
			ind = ledger_indicator(l, e->indicators[j].id);
			if (ind == NULL || ind->ncounts == 0 || ledger_kind_counts(ind, e->kind))
				continue;
			for (k = 0; k < ind->ncounts; k++)
				buf_printf(&kinds, "%s%s", k ? ", " : "", ind->counts[k]);
			add(out, e->path, e->indicators[j].pos, DIAG_WARNING, "counts",
			    "a %s does not count toward %s, which counts: %s; the event is "
			    "recorded, but it will not count there",
			    e->kind, ind->id, kinds.ptr);
			buf_free(&kinds);
		}
	}
}

/* Windows of activities and indicators against the plan period and each other. */
static void
plan_windows(const ledger *l, diag_list *out)
{
	char a1[DATE_BUFSZ], a2[DATE_BUFSZ], b1[DATE_BUFSZ], b2[DATE_BUFSZ];
	size_t i;

	for (i = 0; i < l->nactivities; i++) {
		const rec_activity *a = &l->activities[i];

		if (!a->has_window)
			continue;
		if (a->window.start > a->window.end)
			add(out, a->path, a->window_pos, DIAG_ERROR, "window",
			    "the window starts (%s) after it ends (%s)",
			    fmt_date(a->window.start, a1), fmt_date(a->window.end, a2));
		if (l->plan != NULL && l->plan->has_period &&
		    (a->window.start < l->plan->period.start || a->window.end > l->plan->period.end))
			add(out, a->path, a->window_pos, DIAG_ERROR, "window",
			    "the window %s to %s reaches outside the plan period %s to %s",
			    fmt_date(a->window.start, a1), fmt_date(a->window.end, a2),
			    fmt_date(l->plan->period.start, b1), fmt_date(l->plan->period.end, b2));
	}
	for (i = 0; i < l->nindicators; i++) {
		const rec_indicator *ind = &l->indicators[i];

		/* A due window may reach beyond its activity's window: it follows the
		 * indicator's own words (DESIGN.md section 4). */
		if (!ind->has_due)
			continue;
		if (ind->due.start > ind->due.end)
			add(out, ind->path, ind->due_pos, DIAG_ERROR, "window",
			    "the due window starts (%s) after it ends (%s)",
			    fmt_date(ind->due.start, a1), fmt_date(ind->due.end, a2));
		else if (l->plan != NULL && l->plan->has_period &&
			 (ind->due.start < l->plan->period.start ||
			  ind->due.end > l->plan->period.end))
			add(out, ind->path, ind->due_pos, DIAG_ERROR, "window",
			    "the due window %s to %s reaches outside the plan period %s to %s",
			    fmt_date(ind->due.start, a1), fmt_date(ind->due.end, a2),
			    fmt_date(l->plan->period.start, b1), fmt_date(l->plan->period.end, b2));
	}
}

/* An event against the plan period and the windows of the indicators it lists. */
static void
event_window(const rules_run *r, size_t idx, diag_list *out)
{
	const ledger *l = r->l;
	const rec_event *e = &l->events[idx];
	char d[DATE_BUFSZ], s[DATE_BUFSZ], t[DATE_BUFSZ];
	size_t i;

	if (!e->has_date)
		return;
	/* Formatted once, and only for a finding: most events have none. */
	d[0] = '\0';
	if (l->plan != NULL && l->plan->has_period &&
	    (e->date < l->plan->period.start || e->date > l->plan->period.end))
		add(out, e->path, e->date_pos, e->exception ? DIAG_WARNING : DIAG_ERROR, "window",
		    "this event is dated %s, outside the plan period %s to %s%s",
		    date_format(e->date, d),
		    fmt_date(l->plan->period.start, s), fmt_date(l->plan->period.end, t),
		    e->exception ? _(" (recorded as an exception)") : "");
	for (i = 0; i < e->nindicators; i++) {
		const rec_indicator *ind;
		const rec_activity *a;
		int in_due;

		if (repeat(r, idx, i))
			continue;
		ind = ledger_indicator(l, e->indicators[i].id);
		a = ind != NULL ? ledger_activity(l, ind->activity.id) : NULL;
		if (a == NULL || !a->has_window)
			continue;
		in_due = ind->has_due && e->date >= ind->due.start && e->date <= ind->due.end;
		fmt_date(a->window.start, s);
		fmt_date(a->window.end, t);
		date_format(e->date, d);
		if (e->date >= a->window.start && e->date <= a->window.end) {
			/* Outside the due window: a deliverable counts early or late, other
			 * targets not at all; either way, say so. */
			if (!ind->has_due || in_due || !ledger_kind_counts(ind, e->kind))
				continue;
			fmt_date(ind->due.start, s);
			fmt_date(ind->due.end, t);
			if (ind->target_kind != TARGET_DELIVERABLE)
				add(out, e->path, e->indicators[i].pos, DIAG_WARNING, "window",
				    "%s is due %s to %s; this event is dated %s, outside that, so it "
				    "does not count toward %s",
				    ind->id, s, t, d, ind->id);
			else
				add(out, e->path, e->indicators[i].pos, DIAG_WARNING, "window",
				    "%s is due %s to %s; this event is dated %s, %s that, and "
				    "counts there as delivered %s",
				    ind->id, s, t, d, e->date < ind->due.start ? _("before") : _("after"),
				    e->date < ind->due.start ? _("early") : _("late"));
			continue;
		}
		if (in_due)
			add(out, e->path, e->indicators[i].pos, DIAG_WARNING, "window",
			    "%s belongs to activity %s, which the plan scheduled %s to %s; this "
			    "event is dated %s, %s than the plan scheduled but inside %s's own "
			    "due window, so it counts",
			    ind->id, a->id, s, t, d, e->date > a->window.end ? _("later") : _("earlier"),
			    ind->id);
		else if (e->exception != NULL)
			add(out, e->path, e->indicators[i].pos, DIAG_WARNING, "window",
			    "%s belongs to activity %s, which runs %s to %s; this event is dated "
			    "%s, outside it, and is recorded as an exception: %s",
			    ind->id, a->id, s, t, d, *e->exception ? e->exception : "(no reason)");
		else
			add(out, e->path, e->indicators[i].pos, DIAG_ERROR, "window",
			    "%s belongs to activity %s, which runs %s to %s; this event is dated "
			    "%s. Give another date (--date) or another indicator (--indicator), "
			    "or record it as an exception with --exception REASON saying why it "
			    "belongs here",
			    ind->id, a->id, s, t, d);
	}
}

/* Rule window: windows inside the plan period; events inside their windows. */
void
rule_window(const rules_run *r, diag_list *out)
{
	size_t i;

	plan_windows(r->l, out);
	for (i = 0; i < r->l->nevents; i++)
		event_window(r, i, out);
}

/* Rule window-text: the plan's own words for a window mean the window's dates. */
void
rule_window_text(const rules_run *r, diag_list *out)
{
	const ledger *l = r->l;
	size_t i;

	if (l->plan == NULL || !l->plan->has_period)
		return;
	for (i = 0; i < l->nactivities; i++) {
		const rec_activity *a = &l->activities[i];

		if (a->window_text != NULL && a->has_window)
			check_window_text(l, out, a->path, a->window_text, a->window_text_pos,
					  &a->window, a->window_pos);
	}
}

/* Rule future: no event dated after today. */
void
rule_future(const rules_run *r, diag_list *out)
{
	char d[DATE_BUFSZ], t[DATE_BUFSZ];
	size_t i;

	if (r->o->today == -1)
		return;
	for (i = 0; i < r->l->nevents; i++) {
		const rec_event *e = &r->l->events[i];

		if (!e->has_date || e->date <= r->o->today)
			continue;
		add(out, e->path, e->date_pos, DIAG_ERROR, "future",
		    "this event is dated %s, after %s (%s); record an event once it has happened",
		    date_format(e->date, d), r->o->today_words ? _(r->o->today_words) : _("today"),
		    date_format(r->o->today, t));
	}
}

/* One event's correction: not of itself, not a second one, not in a circle. */
static void
event_supersedes(const ledger *l, size_t idx, diag_list *out)
{
	const rec_event *e = &l->events[idx];
	long t, k;
	size_t steps;

	if (e->supersedes.id == NULL)
		return;
	t = ledger_event_index(l, e->supersedes.id);
	if (t < 0)
		return; /* rule ref says so */
	if ((size_t)t == idx) {
		add(out, e->path, e->supersedes.pos, DIAG_ERROR, "supersedes",
		    "an event cannot correct itself");
		return;
	}
	if (l->events[t].superseded_by >= 0 && (size_t)l->events[t].superseded_by != idx) {
		const rec_event *first = &l->events[l->events[t].superseded_by];

		add(out, e->path, e->supersedes.pos, DIAG_ERROR, "supersedes",
		    "'%s' is already corrected by %s; correct that latest version instead",
		    e->supersedes.id, first->path);
		/* Said of both: which of the two was recorded later is not for the rules to know. */
		add(out, first->path, first->supersedes.pos, DIAG_ERROR, "supersedes",
		    "'%s' is corrected a second time by %s; an event is corrected once, so "
		    "one of the two must correct the other instead",
		    e->supersedes.id, e->path);
		return;
	}
	/* Follow the chain of corrections back; coming round to this event is a loop. */
	for (k = t, steps = 0; k >= 0 && steps <= l->nevents; steps++) {
		const rec_event *p = &l->events[k];

		if (p->supersedes.id == NULL)
			break;
		k = ledger_event_index(l, p->supersedes.id);
		if (k == (long)idx) {
			add(out, e->path, e->supersedes.pos, DIAG_ERROR, "supersedes",
			    "the corrections starting here go round in a circle back to this "
			    "event; one of them must be the original");
			break;
		}
	}
}

/* Rule supersedes: corrections that clash. */
void
rule_supersedes(const rules_run *r, diag_list *out)
{
	size_t i;

	for (i = 0; i < r->l->nevents; i++)
		event_supersedes(r->l, i, out);
}

/* Rule requires: no indicator requires itself; events count once requirements are met. */
void
rule_requires(const rules_run *r, diag_list *out)
{
	const ledger *l = r->l;
	size_t i, j;

	for (i = 0; i < l->nindicators; i++) {
		const rec_indicator *ind = &l->indicators[i];

		for (j = 0; j < ind->nrequires; j++) {
			const rec_ref *q = &ind->requires[j].indicator;

			if (ind->id != NULL && strcmp(q->id, ind->id) == 0 &&
			    ledger_indicator(l, q->id) != NULL)
				add(out, ind->path, q->pos, DIAG_ERROR, "requires",
				    "an indicator cannot require itself");
		}
	}
	for (i = 0; i < l->nindicators; i++)
		for (j = 0; j < l->indicators[i].nrequires; j++)
			check_requirement(l, &l->indicators[i], j, out);
}

#define RULES_ROW(id, fn, about) {id, fn, about},
const rule_def rules_table[] = {RULES(RULES_ROW)};
#undef RULES_ROW
const size_t rules_count = sizeof(rules_table) / sizeof(rules_table[0]);

/*
 * Where each indicator an event lists was first listed in it, by a set of
 * the ids, so that an event listing one id thousands of times costs no
 * more than thousands of ids.
 */
static void
mark_repeats(rules_run *r)
{
	const ledger *l = r->l;
	size_t i, k, n = 0;

	r->at = xcalloc(l->nevents + 1, sizeof(*r->at));
	for (i = 0; i < l->nevents; i++) {
		r->at[i] = n;
		n += l->events[i].nindicators;
	}
	r->first = xcalloc(n + 1, sizeof(*r->first));
	for (i = 0; i < l->nevents; i++) {
		const rec_event *e = &l->events[i];
		size_t *first = r->first + r->at[i];
		hmap seen = HMAP_INIT;

		for (k = 0; k < e->nindicators; k++) {
			int added = 1;
			hmap_entry *had;

			first[k] = k;
			if (e->nindicators < 2)
				continue;
			had = hmap_insert(&seen, e->indicators[k].id, strlen(e->indicators[k].id),
					  &added);
			if (added)
				had->idx = k;
			else
				first[k] = had->idx;
		}
		hmap_free(&seen);
	}
}

/* Runs the rules of the table whose id is id, or every rule when id is NULL. */
/* The rules run at once, each into findings of its own, put together in the table's order. */
typedef struct rules_pool {
	const rules_run *r;
	diag_list *found; /* per rule */
	diag_list *out;
} rules_pool;

static int
rule_work(void *ctx, unsigned worker, size_t piece, size_t begin, size_t end)
{
	rules_pool *p = ctx;

	(void)worker;
	(void)end;
	rules_table[begin].run(p->r, &p->found[piece]);
	return 0;
}

static int
rule_merge(void *ctx, size_t piece)
{
	rules_pool *p = ctx;

	diag_move(p->out, &p->found[piece]);
	return 0;
}

static int
run(const ledger *l, const rules_options *o, const char *id, diag_list *out)
{
	rules_run r = {l, o, NULL, NULL};
	size_t i;
	int ran = 0;

	if (id == NULL && o->threads > 1) {
		rules_pool p;
		workpool_job job;

		mark_repeats(&r);
		p.r = &r;
		p.out = out;
		p.found = xcalloc(rules_count, sizeof(*p.found));
		memset(&job, 0, sizeof(job));
		job.nitems = rules_count;
		job.chunk = 1;
		job.window = rules_count;
		job.threads = o->threads;
		job.ctx = &p;
		job.work = rule_work;
		job.merge = rule_merge;
		workpool_run(&job);
		for (i = 0; i < rules_count; i++)
			diag_list_free(&p.found[i]);
		free(p.found);
		free(r.at);
		free(r.first);
		return 0;
	}
	for (i = 0; i < rules_count; i++) {
		if (id != NULL && strcmp(rules_table[i].id, id) != 0)
			continue;
		if (!ran++)
			mark_repeats(&r);
		rules_table[i].run(&r, out);
	}
	free(r.at);
	free(r.first);
	return ran ? 0 : -1;
}

void
rules_check(const ledger *l, const rules_options *o, diag_list *out)
{
	run(l, o, NULL, out);
}

int
rules_check_one(const ledger *l, const rules_options *o, const char *id, diag_list *out)
{
	return run(l, o, id, out);
}
