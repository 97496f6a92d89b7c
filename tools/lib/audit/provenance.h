/*
 * provenance: which commit of the main line recorded each event.
 *
 * One walk over the first parents of a tip, oldest first, compares each
 * commit's records/events/ with its first parent's (skipping unchanged
 * subtrees, so the walk costs about as much as `git log --first-parent
 * --raw -- records/events`). For every event file in the tip's tree it
 * keeps the commit that added it (the last addition, when a file was
 * deleted and added again) and, when the file was edited after that, the
 * last commit that edited it.
 *
 * A commit is described by its id, its day (the committer's date, as
 * `plan trace` judges it), the author of the change (for a merge, the
 * author of the merged branch's tip: the second parent) and the first
 * Approved-by trailer of its message.
 *
 * Ownership: provenance_build's *out is freed with provenance_free; the
 * entries and commits it returns are borrowed from it.
 */
#ifndef PLAN_PROVENANCE_H
#define PLAN_PROVENANCE_H

#include <stddef.h>

#include "store/history.h"
#include "util/date.h"

typedef struct prov_commit {
	hist_oid id;
	date_days day;
	const char *author_name;
	const char *author_email;
	const char *approver; /* the first Approved-by trailer, or NULL */
} prov_commit;

typedef struct prov_entry {
	const char *path;	    /* records/events/YYYY/MM/<id>.yaml */
	const prov_commit *added;   /* never NULL */
	const prov_commit *changed; /* the last edit after the addition, or NULL */
} prov_entry;

typedef struct provenance provenance;

/*
 * Walks the first parents of tip and maps every event file in tip's tree to
 * the commits that recorded it. Returns 0, or -1 with the error set.
 */
int provenance_build(provenance **out, history *h, const hist_oid *tip);
void provenance_free(provenance *p);

/* The entry of an event file (its repository-relative path), or NULL. */
const prov_entry *provenance_find(const provenance *p, const char *path);
/* The number of event files mapped. */
size_t provenance_count(const provenance *p);
/* The number of commits walked. */
size_t provenance_commits(const provenance *p);

#endif
