/*
 * trace: the history of one indicator along the main line. Walks the first
 * parents from the oldest commit to the tip, compares each commit's tree
 * with its parent's (skipping unchanged subtrees), parses each event blob
 * once, and for every commit that changed what counts toward the indicator
 * records who, when, what, and the indicator's status before and after,
 * both judged on the commit's day.
 *
 * The plan's own records (indicators, activities) are read as each commit
 * has them, so a change to a target shows in the status it gives.
 */
#ifndef PLAN_TRACE_H
#define PLAN_TRACE_H

#include <stddef.h>

#include "ledger/fulfil.h"
#include "store/history.h"
#include "util/arena.h"

typedef enum trace_change_kind {
	TRACE_ADDED,      /* a new event names the indicator */
	TRACE_CORRECTED,  /* a new event supersedes one that counted here */
	TRACE_CHANGED,    /* an existing event's file was edited */
	TRACE_DELETED     /* an event's file was removed */
} trace_change_kind;

typedef struct trace_change {
	trace_change_kind kind;
	const char *event; /* the event's id */
	const char *path;
	const char *kind_of_event; /* seminar, meeting, ... (NULL when unknown) */
	date_days date;            /* -1 when unknown */
	const char *supersedes;    /* TRACE_CORRECTED: the id it corrects */
	/* Where the event stands for the indicator after the commit, as plan
	 * status places it: "counts on time in 2019", "counts late in 2019",
	 * "not counted: <why>"; NULL when deleted or about another indicator. */
	const char *placed;
} trace_change;

typedef struct trace_period {
	const char *label;
	fulfil_status status;
	int achieved, target;
} trace_period;

typedef struct trace_state {
	fulfil_status status;
	trace_period *periods;
	size_t nperiods;
} trace_state;

typedef struct trace_step {
	hist_oid commit;
	hist_sig author;    /* of the change: for a merge, the first merged commit's author */
	hist_sig committer;
	const char *approver; /* the Approved-by trailer, or NULL */
	date_days day;        /* the commit's day, on which the status is judged */
	trace_change *changes;
	size_t nchanges;
	int plan_changed; /* the plan's own records changed in this commit */
	trace_state before, after;
} trace_step;

typedef struct trace_result {
	const char *indicator;
	const char *text;	/* the indicator's text as the tip has it */
	hist_oid tip;
	size_t commits;		/* commits walked */
	trace_step *steps;
	size_t nsteps;
	arena arena;
} trace_result;

/*
 * Traces indicator along the first parents of tip. Returns 0 with *out
 * (freed with trace_free), 1 when the indicator does not exist at the tip
 * (no error set), or -1 with the error set.
 *
 * cache_dir ($GIT_DIR/plan, or NULL) keeps what a trace learned: each
 * event blob parsed, and the steps up to the tip (trace_cache.c). A later
 * trace whose tip descends from a cached one walks only the commits since;
 * *reused (when not NULL) receives how many commits it did not walk again.
 */
int trace_run(history *h, const hist_oid *tip, const char *indicator, const char *cache_dir,
	      trace_result **out, size_t *reused);

/* The cache of steps (trace_cache.c): load returns 1 when res was filled. */
int trace_cache_load(const char *dir, const char *indicator, trace_result *res,
		     size_t *steps_cap);
void trace_cache_save(const char *dir, const trace_result *r);
void trace_free(trace_result *r);

/* "added", "corrected", "changed", "deleted". */
const char *trace_change_name(trace_change_kind k);

#endif
