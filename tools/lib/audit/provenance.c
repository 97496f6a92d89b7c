/*
 * Provenance of event files along the main line. The walk notes every
 * addition, edit and deletion of an event file as a step; at the end the
 * steps are sorted by path (and, within a path, in walk order) and each
 * path's steps are played in turn to find the commit that added the file
 * that is there at the tip. Lookups are binary searches on the sorted
 * entries.
 */
#include "audit/provenance.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/records.h"
#include "util/arena.h"
#include "util/xalloc.h"

struct provenance {
	arena arena;
	prov_entry *entries; /* sorted by path */
	size_t nentries;
	size_t commits;
};

typedef struct prov_step {
	const char *path;
	size_t seq;
	const prov_commit *commit;
	hist_change_kind kind;
} prov_step;

typedef struct prov_steps {
	prov_step *v;
	size_t n, cap;
} prov_steps;

/* Describes a commit that changed event files; the strings go into the arena. */
static int
describe(provenance *p, history *h, const hist_commit *c, const prov_commit **out)
{
	prov_commit *pc = arena_alloc(&p->arena, sizeof(*pc));
	const hist_sig *author = &c->author;
	hist_commit merged;
	char **approvers = NULL;
	size_t napprovers = 0;
	int have_merged = 0;

	pc->id = c->id;
	pc->day = date_from_time(c->committer.time, c->committer.offset);
	if (c->nparents > 1) {
		if (history_commit(h, &c->parents[1], &merged) != 0)
			return -1;
		have_merged = 1;
		author = &merged.author;
	}
	pc->author_name = arena_strdup(&p->arena, author->name != NULL ? author->name : "");
	pc->author_email = arena_strdup(&p->arena, author->email != NULL ? author->email : "");
	if (have_merged)
		hist_commit_free(&merged);
	if (history_trailers(c->message != NULL ? c->message : "", "Approved-by", &approvers,
			     &napprovers) != 0)
		return -1;
	if (napprovers > 0)
		pc->approver = arena_strdup(&p->arena, approvers[0]);
	hist_strings_free(approvers, napprovers);
	*out = pc;
	return 0;
}

/* Notes the event files one commit changed, compared with its first parent. */
static int
walk_commit(provenance *p, history *h, const hist_commit *c, const hist_oid *parent_tree,
	    prov_steps *steps)
{
	hist_changes changes = HIST_CHANGES_INIT;
	const prov_commit *pc = NULL;
	size_t i;
	int rc = -1;

	if (history_tree_changes(h, parent_tree, &c->tree, "records/events/", &changes) != 0)
		goto done;
	for (i = 0; i < changes.n; i++) {
		prov_step *s;

		if (records_kind_of(changes.v[i].path) != REC_EVENT)
			continue;
		if (pc == NULL && describe(p, h, c, &pc) != 0)
			goto done;
		steps->v = xgrow(steps->v, &steps->cap, steps->n + 1, sizeof(*steps->v));
		s = &steps->v[steps->n];
		s->path = arena_strdup(&p->arena, changes.v[i].path);
		s->seq = steps->n++;
		s->commit = pc;
		s->kind = changes.v[i].kind;
	}
	rc = 0;
done:
	hist_changes_free(&changes);
	return rc;
}

static int
step_cmp(const void *a, const void *b)
{
	const prov_step *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Plays each path's steps in walk order and keeps the files that are there at the end. */
static void
resolve(provenance *p, prov_steps *steps)
{
	size_t i = 0, cap = 0;

	if (steps->n > 0)
		qsort(steps->v, steps->n, sizeof(*steps->v), step_cmp);
	while (i < steps->n) {
		const char *path = steps->v[i].path;
		const prov_commit *added = NULL, *changed = NULL;

		for (; i < steps->n && strcmp(steps->v[i].path, path) == 0; i++) {
			switch (steps->v[i].kind) {
			case HIST_ADDED:
				added = steps->v[i].commit;
				changed = NULL;
				break;
			case HIST_MODIFIED:
				if (added != NULL)
					changed = steps->v[i].commit;
				break;
			case HIST_DELETED:
				added = changed = NULL;
				break;
			}
		}
		if (added == NULL)
			continue;
		p->entries = xgrow(p->entries, &cap, p->nentries + 1, sizeof(*p->entries));
		p->entries[p->nentries].path = path;
		p->entries[p->nentries].added = added;
		p->entries[p->nentries].changed = changed;
		p->nentries++;
	}
}

int
provenance_build(provenance **out, history *h, const hist_oid *tip)
{
	provenance *p = xcalloc(1, sizeof(*p));
	prov_steps steps = {NULL, 0, 0};
	hist_commit *line = NULL;
	size_t nline = 0, i;
	hist_oid parent_tree;
	int have_parent = 0, rc = -1;

	*out = NULL;
	/* The main line, oldest first, by the one first-parent walk. */
	if (history_first_parents(h, tip, NULL, SIZE_MAX, &line, &nline) < 0)
		goto done;
	for (i = nline; i-- > 0;) {
		p->commits++;
		if (walk_commit(p, h, &line[i], have_parent ? &parent_tree : NULL, &steps) != 0)
			goto done;
		parent_tree = line[i].tree;
		have_parent = 1;
	}
	resolve(p, &steps);
	rc = 0;
done:
	free(steps.v);
	hist_commits_free(line, nline);
	if (rc == 0)
		*out = p;
	else
		provenance_free(p);
	return rc;
}

void
provenance_free(provenance *p)
{
	if (p == NULL)
		return;
	free(p->entries);
	arena_free(&p->arena);
	free(p);
}

static int
entry_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const prov_entry *)elem)->path);
}

const prov_entry *
provenance_find(const provenance *p, const char *path)
{
	if (p == NULL || path == NULL || p->nentries == 0)
		return NULL;
	return bsearch(path, p->entries, p->nentries, sizeof(*p->entries), entry_cmp);
}

size_t
provenance_count(const provenance *p)
{
	return p != NULL ? p->nentries : 0;
}

size_t
provenance_commits(const provenance *p)
{
	return p != NULL ? p->commits : 0;
}
