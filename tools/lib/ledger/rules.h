/*
 * rules: the plan's rules across records (DESIGN.md section 4) that need
 * no history: id, ref, window, window-text, requires, future, and two of
 * our own: counts (a warning: an event of a kind its indicator does not
 * count) and supersedes (corrections that clash). Each finding names its
 * rule and says in plain words what is wrong and how to fix it.
 */
#ifndef PLAN_RULES_H
#define PLAN_RULES_H

#include "util/diag.h"
#include "ledger/records.h"
#include "util/date.h"

typedef struct rules_options {
	/* Events dated after this day break the future rule; -1 turns it off. */
	date_days today;
	/* How "today" reads in messages: "today" or "the day it was committed". */
	const char *today_words;
} rules_options;

/* Appends every finding about the ledger (which must be indexed) to out. */
void rules_check(const ledger *l, const rules_options *o, diag_list *out);

#endif
