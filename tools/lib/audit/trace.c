/*
 * Tracing one indicator through the main line.
 *
 * Every event version ever seen is parsed once into a store (a ledger used
 * only as a pool of records, by index). Two maps give the live version of
 * each path and each event id. Events that name the indicator, or one it
 * requires, or correct such an event, are "watched"; only a commit that
 * touches a watched event or the plan's own records costs more than its
 * tree comparison.
 */
#include "audit/trace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/rcache.h"
#include "ledger/records.h"
#include "store/source.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/hmap.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"
#include "util/i18n.h"

#define NONE ((size_t)-1)

/* The maps from strings (kept in the store) to indices; NONE marks a removed value. */
static size_t
smap_get(hmap *m, const char *key)
{
	hmap_entry *e = key != NULL ? hmap_find(m, key, strlen(key)) : NULL;

	return e != NULL ? e->idx : NONE;
}

static void
smap_set(hmap *m, const char *key, size_t idx)
{
	hmap_insert(m, key, strlen(key), NULL)->idx = idx;
}

typedef struct tracer {
	history *h;
	const char *id;
	ledger *store;
	hmap paths;
	hmap ids;
	unsigned char *watched; /* per store index */
	size_t watched_cap;
	ledger *defs;
	/* The watched events that are live (no later version at their path), as
	 * store indices in date order: what a status computation reads. */
	size_t *live;
	size_t nlive, live_cap;
	/* The ledger of the watched events and the plan's records, rebuilt only
	 * when either changed (work_dirty). */
	ledger *work;
	int work_dirty;
	const char *watch[16]; /* the indicator and the ones it requires */
	size_t nwatch;
	buf data;
	trace_result *res;
	size_t nsteps_cap;
	rcache *parsed; /* events parsed in earlier traces, by blob id */
} tracer;

static int
names_watched(const tracer *t, const rec_event *e)
{
	size_t i, j;

	for (i = 0; i < e->nindicators; i++)
		for (j = 0; j < t->nwatch; j++)
			if (e->indicators[i].id != NULL && strcmp(e->indicators[i].id, t->watch[j]) == 0)
				return 1;
	return 0;
}

static int
names_indicator(const rec_event *e, const char *id)
{
	size_t i;

	for (i = 0; i < e->nindicators; i++)
		if (e->indicators[i].id != NULL && strcmp(e->indicators[i].id, id) == 0)
			return 1;
	return 0;
}

/* Whether an event is watched: it names a watched indicator or corrects a watched event. */
static int
should_watch(tracer *t, const rec_event *e)
{
	size_t target;

	if (names_watched(t, e))
		return 1;
	target = smap_get(&t->ids, e->supersedes.id);
	return target != NONE && t->watched[target];
}

static void
set_watched(tracer *t, size_t idx, int on)
{
	if (idx >= t->watched_cap) {
		size_t old = t->watched_cap;

		t->watched = xgrow(t->watched, &t->watched_cap, idx + 1, 1);
		memset(t->watched + old, 0, t->watched_cap - old);
	}
	t->watched[idx] = (unsigned char)on;
}

static int
live_before(const tracer *t, size_t a, size_t b)
{
	const rec_event *x = &t->store->events[a], *y = &t->store->events[b];
	int c;

	if (x->has_date != y->has_date)
		return x->has_date;
	if (x->has_date && x->date != y->date)
		return x->date < y->date;
	c = strcmp(x->path, y->path);
	return c < 0 || (c == 0 && a < b);
}

/* Where idx belongs in the live list (binary search on date, then path). */
static size_t
live_slot(const tracer *t, size_t idx)
{
	size_t lo = 0, hi = t->nlive;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (live_before(t, t->live[mid], idx))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
live_add(tracer *t, size_t idx)
{
	size_t at = live_slot(t, idx);

	t->live = xgrow(t->live, &t->live_cap, t->nlive + 1, sizeof(*t->live));
	memmove(t->live + at + 1, t->live + at, (t->nlive - at) * sizeof(*t->live));
	t->live[at] = idx;
	t->nlive++;
	t->work_dirty = 1;
}

static void
live_remove(tracer *t, size_t idx)
{
	size_t at = live_slot(t, idx);

	if (at < t->nlive && t->live[at] == idx) {
		memmove(t->live + at, t->live + at + 1, (t->nlive - at - 1) * sizeof(*t->live));
		t->nlive--;
		t->work_dirty = 1;
	}
}

/* Adds a record blob to l (an unreadable or broken one adds nothing). */
static void
add_blob(tracer *t, ledger *l, rec_kind kind, const char *path, const hist_oid *oid, int keep_id)
{
	/* A blob that cannot be read is left out, as a broken one is. */
	if (ledger_load_blob(l, t->h, kind, path, oid, keep_id, &t->data) != 0)
		error_clear();
}

/*
 * Parses an event version into the store (or takes it from the cache of
 * parsed events) and returns its index, or NONE.
 */
static size_t
store_event(tracer *t, const char *path, const hist_oid *oid)
{
	size_t before = t->store->nevents;

	if (t->parsed != NULL) {
		diag_list ignored = DIAG_LIST_INIT;
		int valid;
		int hit = rcache_get_event(t->parsed, oid, path, t->store, &ignored, &valid);

		diag_list_free(&ignored);
		if (hit) {
			if (t->store->nevents == before)
				return NONE;
			set_watched(t, before, 0);
			return before;
		}
	}
	add_blob(t, t->store, REC_EVENT, path, oid, 1);
	if (t->parsed != NULL) {
		diag_list none = DIAG_LIST_INIT;

		rcache_put_event(t->parsed, oid,
				 t->store->nevents > before ? &t->store->events[before] : NULL, &none,
				 0, 1);
	}
	if (t->store->nevents == before)
		return NONE;
	set_watched(t, before, 0);
	return before;
}

/* Reloads the plan's own records (everything under records/ but events) from a tree. */
static int
load_defs(tracer *t, const hist_oid *tree)
{
	static const char *const folders[] = {"records/goals/", "records/activities/",
					      "records/indicators/"};
	static const char *const files[] = {"records/plan.yaml"};
	hist_entries entries = HIST_ENTRIES_INIT;
	size_t i;
	int rc = 0;

	/* The scratch ledger borrows the old records: let it go first. */
	if (t->work != NULL) {
		t->work->plan = NULL;
		ledger_free(t->work);
		t->work = NULL;
	}
	ledger_free(t->defs);
	t->defs = ledger_new();
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]) && rc == 0; i++)
		rc = history_tree_entries(t->h, tree, folders[i], &entries);
	for (i = 0; i < sizeof(files) / sizeof(files[0]) && rc == 0; i++) {
		hist_entry e;
		int found;

		memset(&e, 0, sizeof(e));
		found = history_tree_file(t->h, tree, files[i], &e.oid, &e.mode);
		if (found < 0) {
			rc = -1;
			break;
		}
		if (found == 0)
			add_blob(t, t->defs, REC_PLAN, files[i], &e.oid, 0);
	}
	for (i = 0; rc == 0 && i < entries.n; i++) {
		rec_kind kind = records_kind_of(entries.v[i].path);

		if (kind == REC_NONE || entries.v[i].mode == HIST_MODE_LINK ||
		    entries.v[i].mode == HIST_MODE_GITLINK)
			continue;
		add_blob(t, t->defs, kind, entries.v[i].path, &entries.v[i].oid, 0);
	}
	hist_entries_free(&entries);
	if (rc != 0)
		return -1;
	ledger_index(t->defs);
	/* The watched indicators follow the traced one's requirements as this tree has them. */
	t->watch[0] = t->id;
	t->nwatch = 1;
	{
		const rec_indicator *ind = ledger_indicator(t->defs, t->id);

		for (i = 0; ind != NULL && i < ind->nrequires &&
			    t->nwatch < sizeof(t->watch) / sizeof(t->watch[0]);
		     i++)
			t->watch[t->nwatch++] = ind->requires[i].indicator.id;
	}
	return 0;
}

/* Watches anew every live event, after the set of watched indicators changed. */
static void
rewatch(tracer *t)
{
	size_t i, pass;

	t->nlive = 0;
	t->work_dirty = 1;
	/* Two passes: a correction is watched when its target is. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < t->paths.cap; i++) {
			size_t idx;

			if (t->paths.e[i].key == NULL)
				continue;
			idx = t->paths.e[i].idx;
			if (idx != NONE)
				set_watched(t, idx, should_watch(t, &t->store->events[idx]));
		}
	for (i = 0; i < t->paths.cap; i++) {
		size_t idx;

		if (t->paths.e[i].key == NULL)
			continue;
		idx = t->paths.e[i].idx;
		if (idx != NONE && t->watched[idx])
			live_add(t, idx);
	}
}

static void *
copy_array(const void *v, size_t n, size_t size)
{
	void *out = xmalloc(n ? n * size : 1);

	if (n > 0)
		memcpy(out, v, n * size);
	return out;
}

/* Builds the ledger of the watched live events (in date order) and the plan's records. */
static void
rebuild_work(tracer *t)
{
	ledger *w;
	size_t i;

	if (t->work != NULL) {
		t->work->plan = NULL;
		ledger_free(t->work);
	}
	w = t->work = ledger_new();
	w->light = 1;
	w->presorted = 1;
	w->plan = t->defs->plan;
	w->goals = copy_array(t->defs->goals, t->defs->ngoals, sizeof(*w->goals));
	w->ngoals = w->goals_cap = t->defs->ngoals;
	w->activities = copy_array(t->defs->activities, t->defs->nactivities,
				   sizeof(*w->activities));
	w->nactivities = w->activities_cap = t->defs->nactivities;
	w->indicators = copy_array(t->defs->indicators, t->defs->nindicators,
				   sizeof(*w->indicators));
	w->nindicators = w->indicators_cap = t->defs->nindicators;
	w->events = xmalloc((t->nlive ? t->nlive : 1) * sizeof(*w->events));
	w->events_cap = t->nlive ? t->nlive : 1;
	for (i = 0; i < t->nlive; i++)
		w->events[w->nevents++] = t->store->events[t->live[i]];
	ledger_index(w);
	t->work_dirty = 0;
}

/* The traced indicator's state with the watched live events, judged on day. */
static void
compute(tracer *t, date_days day, trace_state *out)
{
	const rec_indicator *ind;
	fulfil_indicator fi;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (t->work == NULL || t->work_dirty)
		rebuild_work(t);
	ind = ledger_indicator(t->work, t->id);
	out->status = ST_NOT_STARTED;
	if (ind == NULL)
		return;
	fulfil_indicator_compute(t->work, ind, day, &fi);
	out->status = fi.status;
	out->nperiods = fi.nperiods;
	out->periods = arena_alloc(&t->res->arena,
				   (fi.nperiods ? fi.nperiods : 1) * sizeof(*out->periods));
	for (i = 0; i < fi.nperiods; i++) {
		out->periods[i].label = arena_strdup(&t->res->arena, fi.periods[i].label);
		out->periods[i].status = fi.periods[i].status;
		out->periods[i].achieved = fi.periods[i].achieved;
		out->periods[i].target = fi.periods[i].target;
	}
	fulfil_indicator_clear(&fi);
}

static int
states_differ(const trace_state *a, const trace_state *b)
{
	size_t i;

	if (a->status != b->status || a->nperiods != b->nperiods)
		return 1;
	for (i = 0; i < a->nperiods; i++)
		if (a->periods[i].status != b->periods[i].status ||
		    a->periods[i].achieved != b->periods[i].achieved ||
		    strcmp(a->periods[i].label, b->periods[i].label) != 0)
			return 1;
	return 0;
}

static void
copy_sig(arena *a, hist_sig *out, const hist_sig *in)
{
	out->name = arena_strdup(a, in->name);
	out->email = arena_strdup(a, in->email);
	out->time = in->time;
	out->offset = in->offset;
}

typedef struct pending {
	trace_change *v;
	size_t n, cap;
	int touches; /* a change to an event that names the indicator itself */
} pending;

static void
note_change(tracer *t, pending *p, trace_change_kind kind, const rec_event *e, int affects)
{
	trace_change *c;

	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof(*p->v));
	c = &p->v[p->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->event = e->id != NULL ? arena_strdup(&t->res->arena, e->id) : "?";
	c->path = arena_strdup(&t->res->arena, e->path);
	c->kind_of_event = e->kind != NULL ? arena_strdup(&t->res->arena, e->kind) : NULL;
	c->date = e->has_date ? e->date : -1;
	if (e->supersedes.id != NULL)
		c->supersedes = arena_strdup(&t->res->arena, e->supersedes.id);
	if (affects || names_indicator(e, t->id))
		p->touches = 1;
}

/* Applies one changed event file; notes it when it is watched. */
static void
apply_event_change(tracer *t, const hist_change *ch, pending *p)
{
	size_t old = smap_get(&t->paths, ch->path);
	size_t new = NONE;
	int old_names = 0;

	if (ch->kind != HIST_DELETED)
		new = store_event(t, ch->path, &ch->new_oid);
	if (old != NONE) {
		const rec_event *oe = &t->store->events[old];

		old_names = names_indicator(oe, t->id);
		if (t->watched[old] && ch->kind == HIST_DELETED)
			note_change(t, p, TRACE_DELETED, oe, old_names);
		if (oe->id != NULL && smap_get(&t->ids, oe->id) == old)
			smap_set(&t->ids, oe->id, NONE);
		if (t->watched[old])
			live_remove(t, old);
	}
	if (new != NONE) {
		const rec_event *ne = &t->store->events[new];
		size_t target = smap_get(&t->ids, ne->supersedes.id);
		int watched = should_watch(t, ne);

		set_watched(t, new, watched);
		if (watched || (old != NONE && t->watched[old])) {
			if (old != NONE)
				note_change(t, p, TRACE_CHANGED, ne, old_names);
			else if (target != NONE && t->watched[target])
				note_change(t, p, TRACE_CORRECTED, ne,
					    names_indicator(&t->store->events[target], t->id));
			else
				note_change(t, p, TRACE_ADDED, ne, 0);
		}
		if (ne->id != NULL)
			smap_set(&t->ids, ne->id, new);
		smap_set(&t->paths, t->store->events[new].path, new);
		if (watched)
			live_add(t, new);
	} else if (old != NONE) {
		smap_set(&t->paths, t->store->events[old].path, NONE);
	}
}

/* Says where a changed event stands for the traced indicator, by fulfil's placing. */
static void
place_change(tracer *t, trace_change *c, date_days day, const trace_state *after)
{
	const rec_indicator *ind = ledger_indicator(t->work, t->id);
	const rec_event *e = NULL;
	fulfil_skip sk;
	buf b = BUF_INIT;
	size_t i;

	if (c->kind == TRACE_DELETED || ind == NULL)
		return;
	for (i = 0; i < t->work->nevents && e == NULL; i++)
		if (strcmp(t->work->events[i].path, c->path) == 0)
			e = &t->work->events[i];
	if (e == NULL || !names_indicator(e, t->id))
		return;
	sk.e = e;
	fulfil_place_event(t->work, ind, e, day, &sk.place);
	if (sk.place.how == FULFIL_NOT_COUNTED) {
		buf why = BUF_INIT;

		fulfil_why_words(&why, &sk, ind);
		buf_printf(&b, _("not counted: %s"), buf_cstr(&why));
		buf_free(&why);
	} else {
		const char *in = sk.place.period < after->nperiods
					 ? after->periods[sk.place.period].label
					 : NULL;

		if (sk.place.how == FULFIL_EARLY && in != NULL)
			buf_printf(&b, _("counts early in %s"), in);
		else if (sk.place.how == FULFIL_EARLY)
			buf_puts(&b, _("counts early"));
		else if (sk.place.how == FULFIL_LATE && in != NULL)
			buf_printf(&b, _("counts late in %s"), in);
		else if (sk.place.how == FULFIL_LATE)
			buf_puts(&b, _("counts late"));
		else if (in != NULL)
			buf_printf(&b, _("counts on time in %s"), in);
		else
			buf_puts(&b, _("counts on time"));
		if (e->exception != NULL)
			buf_printf(&b, _("; recorded as an exception: %s"), e->exception);
	}
	c->placed = arena_strdup(&t->res->arena, b.ptr);
	buf_free(&b);
}

static int
add_step(tracer *t, const hist_commit *c, date_days day, pending *p, int plan_changed,
	 const trace_state *before, const trace_state *after)
{
	trace_step *s;
	char **approvers = NULL;
	size_t napprovers = 0;

	t->res->steps = xgrow(t->res->steps, &t->nsteps_cap, t->res->nsteps + 1,
			      sizeof(*t->res->steps));
	s = &t->res->steps[t->res->nsteps++];
	memset(s, 0, sizeof(*s));
	s->commit = c->id;
	s->day = day;
	copy_sig(&t->res->arena, &s->committer, &c->committer);
	copy_sig(&t->res->arena, &s->author, &c->author);
	if (c->nparents > 1) {
		hist_commit merged;

		if (history_commit(t->h, &c->parents[1], &merged) != 0)
			return -1;
		copy_sig(&t->res->arena, &s->author, &merged.author);
		hist_commit_free(&merged);
	}
	if (history_trailers(c->message, "Approved-by", &approvers, &napprovers) != 0)
		return -1;
	if (napprovers > 0)
		s->approver = arena_strdup(&t->res->arena, approvers[0]);
	hist_strings_free(approvers, napprovers);
	s->nchanges = p->n;
	s->changes = arena_alloc(&t->res->arena, (p->n ? p->n : 1) * sizeof(*s->changes));
	if (p->n > 0)
		memcpy(s->changes, p->v, p->n * sizeof(*p->v));
	s->plan_changed = plan_changed;
	s->before = *before;
	s->after = *after;
	return 0;
}

/* One commit of the main line, compared with its first parent's tree. */
static int
step(tracer *t, const hist_commit *c, const hist_oid *parent_tree)
{
	hist_changes changes = HIST_CHANGES_INIT;
	pending p;
	trace_state before, after;
	int defs_changed = 0, watched_touched = 0, rc = -1;
	date_days day = date_from_time(c->committer.time, c->committer.offset);
	size_t i;

	memset(&p, 0, sizeof(p));
	if (history_tree_changes(t->h, parent_tree, &c->tree, "records/", &changes) != 0)
		goto done;
	for (i = 0; i < changes.n; i++) {
		size_t old;

		if (records_kind_of(changes.v[i].path) != REC_EVENT) {
			defs_changed = 1;
			continue;
		}
		old = smap_get(&t->paths, changes.v[i].path);
		if (old != NONE && t->watched[old])
			watched_touched = 1;
	}
	if (changes.n == 0) {
		rc = 0;
		goto done;
	}
	compute(t, day, &before);
	for (i = 0; i < changes.n; i++)
		if (records_kind_of(changes.v[i].path) == REC_EVENT)
			apply_event_change(t, &changes.v[i], &p);
	if (defs_changed) {
		if (load_defs(t, &c->tree) != 0)
			goto done;
		rewatch(t);
	}
	if (p.n == 0 && !watched_touched && !defs_changed) {
		rc = 0;
		goto done;
	}
	compute(t, day, &after);
	if (p.touches || states_differ(&before, &after)) {
		for (i = 0; i < p.n; i++)
			place_change(t, &p.v[i], day, &after);
		rc = add_step(t, c, day, &p, defs_changed, &before, &after);
	}
	else
		rc = 0;
done:
	free(p.v);
	hist_changes_free(&changes);
	return rc;
}

/*
 * Makes the tracer's state what walking the main line up to a commit would
 * have left: the plan's records and every event of the commit's tree, each
 * watched as the walk would have watched it.
 */
static int
restore_state(tracer *t, const hist_oid *tree, const char *cache_dir)
{
	source *src = NULL;
	size_t i;

	if (load_defs(t, tree) != 0 || source_tree_cached(&src, t->h, tree, cache_dir) != 0)
		return -1;
	for (i = 0; i < src->nfiles; i++) {
		const source_file *f = &src->files[i];
		size_t idx;

		if (records_kind_of(f->path) != REC_EVENT || f->mode != HIST_MODE_BLOB)
			continue;
		idx = store_event(t, f->path, &f->oid);
		if (idx == NONE)
			continue;
		smap_set(&t->paths, t->store->events[idx].path, idx);
		if (t->store->events[idx].id != NULL)
			smap_set(&t->ids, t->store->events[idx].id, idx);
	}
	source_free(src);
	rewatch(t);
	return 0;
}

/* Opens the cache of parsed events, good for this version of the tool. */
static rcache *
open_parsed(const char *cache_dir)
{
	const char *k = "plan trace parsed events " PLAN_VERSION ", cache 2";
	hist_oid key;
	char *dir;
	rcache *c;

	if (history_hash_blob(k, strlen(k), &key) != 0)
		return NULL;
	dir = xasprintf("%s/parsed", cache_dir);
	c = rcache_open(dir, &key);
	free(dir);
	return c;
}

int
trace_run(history *h, const hist_oid *tip, const char *indicator, const char *cache_dir,
	  trace_result **out, size_t *reused)
{
	tracer t;
	hist_commit *line = NULL;
	size_t nline = 0, i;
	hist_oid parent_tree, from;
	hist_commit tipc;
	int have_parent = 0, have_from = 0, rc = -1, r;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	t.h = h;
	t.store = ledger_new();
	t.res = xcalloc(1, sizeof(*t.res));
	t.res->indicator = arena_strdup(&t.res->arena, indicator);
	t.res->tip = *tip;
	t.id = t.res->indicator;
	/* The indicator must exist at the tip. */
	if (history_commit(h, tip, &tipc) != 0)
		goto done;
	r = load_defs(&t, &tipc.tree);
	hist_commit_free(&tipc);
	if (r != 0)
		goto done;
	if (ledger_indicator(t.defs, indicator) == NULL) {
		rc = 1;
		goto done;
	}
	t.res->text = ledger_indicator(t.defs, indicator)->text;
	if (t.res->text != NULL)
		t.res->text = arena_strdup(&t.res->arena, t.res->text);
	if (reused != NULL)
		*reused = 0;
	if (cache_dir != NULL) {
		const char *text = t.res->text;

		t.parsed = open_parsed(cache_dir);
		/* The steps up to a cached tip this one descends from need no walk. */
		if (trace_cache_load(cache_dir, indicator, t.res, &t.nsteps_cap)) {
			r = history_first_parents_reach(h, &t.res->tip, tip, 100000, NULL);
			if (r < 0)
				goto done;
			if (r > 0) {
				from = t.res->tip;
				have_from = 1;
			}
		}
		if (!have_from) {
			t.res->nsteps = 0;
			t.res->commits = 0;
		}
		t.res->tip = *tip;
		t.res->text = text;
	}
	if (have_from && hist_oid_equal(&from, tip)) {
		/* Nothing since the cached tip: the cached steps are the answer. */
		if (reused != NULL)
			*reused = t.res->commits;
		rc = 0;
		goto done;
	}
	if (have_from) {
		hist_commit fc;

		if (reused != NULL)
			*reused = t.res->commits;
		if (history_commit(h, &from, &fc) != 0)
			goto done;
		parent_tree = fc.tree;
		have_parent = 1;
		r = restore_state(&t, &fc.tree, cache_dir);
		hist_commit_free(&fc);
		if (r != 0)
			goto done;
	} else {
		/* The walk starts from an empty plan; the first commit brings its records. */
		ledger_free(t.defs);
		t.defs = ledger_new();
		t.watch[0] = t.id;
		t.nwatch = 1;
	}
	/* The first-parent line from the cached tip (or the root) on, oldest first. */
	if (history_first_parents(h, tip, have_from ? &from : NULL, SIZE_MAX, &line, &nline) < 0)
		goto done;
	for (i = nline; i-- > 0;) {
		const hist_commit *c = &line[i];

		t.res->commits++;
		r = step(&t, c, have_parent ? &parent_tree : NULL);
		parent_tree = c->tree;
		have_parent = 1;
		if (r != 0)
			goto done;
	}
	rc = 0;
	if (cache_dir != NULL)
		trace_cache_save(cache_dir, t.res);
done:
	hist_commits_free(line, nline);
	if (t.parsed != NULL)
		/* A cache that cannot be written only makes the next trace slower. */
		rcache_save(t.parsed);
	if (t.work != NULL) {
		t.work->plan = NULL;
		ledger_free(t.work);
	}
	ledger_free(t.store);
	/* Last: the store's events borrowed their strings from it. */
	rcache_free(t.parsed);
	ledger_free(t.defs);
	hmap_free(&t.paths);
	hmap_free(&t.ids);
	free(t.watched);
	free(t.live);
	buf_free(&t.data);
	if (rc == 0)
		*out = t.res;
	else
		trace_free(t.res);
	return rc;
}

void
trace_free(trace_result *r)
{
	if (r == NULL)
		return;
	free(r->steps);
	arena_free(&r->arena);
	free(r);
}

const char *
trace_change_name(trace_change_kind k)
{
	switch (k) {
	case TRACE_ADDED: return N_("added");
	case TRACE_CORRECTED: return N_("corrected");
	case TRACE_CHANGED: return N_("changed");
	case TRACE_DELETED: return N_("deleted");
	}
	return "?";
}
