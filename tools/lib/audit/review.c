#include "audit/review.h"

#include <stdlib.h>
#include <string.h>

#include "audit/range.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static const rec_event *
event_at(const ledger *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nevents; i++)
		if (strcmp(l->events[i].path, path) == 0)
			return &l->events[i];
	return NULL;
}

static void
add_change(review *r, const char *what, const char *path, const rec_event *e)
{
	review_change *c;

	r->changes = xgrow(r->changes, &r->changes_cap, r->nchanges + 1, sizeof(*r->changes));
	c = &r->changes[r->nchanges++];
	c->what = what;
	c->path = path;
	c->event = e;
	c->diff = NULL;
}

static int
collect_changes(history *h, review *r, hist_changes *ch)
{
	hist_commit b, t;
	size_t i;

	if (history_commit(h, &r->base, &b) != 0)
		return -1;
	if (history_commit(h, &r->tip, &t) != 0) {
		hist_commit_free(&b);
		return -1;
	}
	if (history_tree_changes(h, &b.tree, &t.tree, "records/", ch) != 0 ||
	    history_tree_changes(h, &b.tree, &t.tree, "schemas/", ch) != 0) {
		hist_commit_free(&b);
		hist_commit_free(&t);
		return -1;
	}
	hist_commit_free(&b);
	hist_commit_free(&t);
	for (i = 0; i < ch->n; i++) {
		const char *p = ch->v[i].path;

		if (strncmp(p, "schemas/", 8) == 0) {
			add_change(r, "schema", p, NULL);
		} else if (records_kind_of(p) != REC_EVENT) {
			add_change(r, "plan", p, NULL);
		} else if (ch->v[i].kind == HIST_DELETED) {
			add_change(r, N_("deleted"), p, event_at(r->before, p));
		} else {
			const rec_event *e = event_at(r->after, p);

			add_change(r,
				   ch->v[i].kind == HIST_MODIFIED ? N_("changed") :
				   e != NULL && e->supersedes.id != NULL ? N_("corrected") :
									    N_("added"),
				   p, e);
		}
	}
	return 0;
}

static void
compare_status(review *r)
{
	size_t i, j, k;

	for (i = 0; i < r->fa->nindicators; i++) {
		const fulfil_indicator *a = &r->fa->indicators[i];
		const fulfil_indicator *b = fulfil_find(r->fb, a->ind->id);

		for (j = 0; j < a->nperiods; j++) {
			const fulfil_period *pa = &a->periods[j];
			const fulfil_period *pb = NULL;
			review_status *s;

			for (k = 0; b != NULL && k < b->nperiods; k++)
				if (strcmp(b->periods[k].label, pa->label) == 0)
					pb = &b->periods[k];
			if (pb != NULL && pb->status == pa->status && pb->achieved == pa->achieved)
				continue;
			r->status = xgrow(r->status, &r->status_cap, r->nstatus + 1, sizeof(*r->status));
			s = &r->status[r->nstatus++];
			s->indicator = a->ind->id;
			s->period = pa->label;
			s->before = pb != NULL ? pb->status : ST_NOT_STARTED;
			s->after = pa->status;
			s->achieved_before = pb != NULL ? pb->achieved : 0;
			s->achieved_after = pa->achieved;
			s->target = pa->target;
		}
	}
}

int
review_run(history *h, review *r)
{
	range_options ro;

	if (collect_changes(h, r, &r->ch) != 0)
		return -1;
	memset(&ro, 0, sizeof(ro));
	ro.main_ref = "refs/heads/main";
	if (range_check(h, &r->base, &r->tip, &ro, &r->findings, &r->commits) != 0)
		return -1;
	r->fb = fulfil_compute(r->before, r->at);
	r->fa = fulfil_compute(r->after, r->at);
	compare_status(r);
	return 0;
}

void
review_free(review *r)
{
	hist_changes_free(&r->ch);
	fulfil_free(r->fb);
	fulfil_free(r->fa);
	diag_list_free(&r->findings);
	for (size_t i = 0; i < r->nchanges; i++)
		free(r->changes[i].diff);
	free(r->changes);
	free(r->status);
	r->fb = r->fa = NULL;
	r->changes = NULL;
	r->status = NULL;
	r->nchanges = r->nstatus = r->changes_cap = r->status_cap = 0;
}
