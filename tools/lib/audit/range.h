/*
 * range: the checks of a push. Every commit from old to new passes every
 * rule of `plan check` on its own tree (judging "future" by the commit's
 * day), and the change from its first parent passes the history rule
 * immutable: an event that exists on the main branch may not be edited or
 * deleted. Updates of the main branch may neither delete it nor rewrite it,
 * and every commit they bring to the main line must pass the audit of
 * approvals (audit.h).
 */
#ifndef PLAN_RANGE_H
#define PLAN_RANGE_H

#include "util/diag.h"
#include "store/history.h"

typedef struct range_options {
	/* The reference a push updates ("refs/heads/main"), or NULL. */
	const char *refname;
	/* The main branch, whose events are approved and so immutable. */
	const char *main_ref;
	/* The folder of the cache kept between runs, or NULL. */
	const char *cache_dir;
} range_options;

/*
 * Checks the commits that new brings over old. old may be the zero id: a
 * new branch, which brings what no existing branch or tag has; new may be
 * the zero id: a deletion. Findings name their commit in the path
 * ("1a2b3c4d5e6f:records/events/..."). *ncommits receives the number of
 * commits checked. Returns 0, or -1 with the error set.
 */
int range_check(history *h, const hist_oid *old, const hist_oid *new, const range_options *o,
		diag_list *out, size_t *ncommits);

#endif
