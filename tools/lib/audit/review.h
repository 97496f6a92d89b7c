/*
 * review: a change in words a reviewer can judge (plan review): from the
 * common ancestor of base and tip to tip, the events added, corrected,
 * changed or deleted, the plan's own records and schemas changed, the
 * findings of the checks a push gets (range.h), and which indicator
 * periods change status, judged on one day.
 */
#ifndef PLAN_REVIEW_H
#define PLAN_REVIEW_H

#include <stddef.h>

#include "ledger/fulfil.h"
#include "ledger/records.h"
#include "store/history.h"
#include "util/diag.h"

typedef struct review_change {
	const char *what; /* added, corrected, changed, deleted, plan, schema */
	const char *path;
	const rec_event *event; /* the new version, or for a deletion the old one */
	char *diff; /* plan records: the lines taken away (-) and added (+), or NULL;
		       filled by the caller (plan review runs git diff), freed by review_free */
} review_change;

typedef struct review_status {
	const char *indicator;
	const char *period;
	fulfil_status before, after;
	int achieved_before, achieved_after, target;
} review_status;

typedef struct review {
	/* Given: the two commits (base already the common ancestor), their
	 * ledgers (the caller's), and the day fulfilment is judged on. */
	hist_oid base, tip;
	const ledger *before, *after;
	date_days at;
	/* Found by review_run, freed by review_free. */
	fulfil_result *fb, *fa;
	review_change *changes;
	size_t nchanges, changes_cap;
	review_status *status;
	size_t nstatus, status_cap;
	diag_list findings;
	size_t commits;
	hist_changes ch;
} review;

/* Fills in what the change does. Returns 0, or -1 with the error set. */
int review_run(history *h, review *r);
void review_free(review *r);

#endif
