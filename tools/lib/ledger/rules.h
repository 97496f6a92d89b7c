/*
 * rules: the plan's rules across records (DESIGN.md section 4) that need
 * no history. Each rule has an id, which every finding of it carries, and
 * one function, rule_<id> (with '-' as '_'), in rules.c: RULES below lists
 * them in the order rules_check runs them. The rules that need history
 * are elsewhere: immutable in audit/range.c, approval in audit/audit.c.
 * Each finding says in plain words what is wrong and how to fix it.
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
	/* How many rules run at once (0 or 1: one after another); their findings
	 * come in the same order whatever the number. */
	unsigned threads;
} rules_options;

/* What every rule gets: the ledger, the options, and facts the rules share. */
typedef struct rules_run rules_run;

/*
 * The rules: X(id, function, what it asks). The order is the order of
 * their findings before sorting (plan review shows them so).
 */
#define RULES(X)                                                                                  \
	X("id", rule_id,                                                                          \
	  "a record's id is its file name; an event's file is in the folder of its date and its " \
	  "id begins with it; no two events or people share an id")                              \
	X("ref", rule_ref,                                                                        \
	  "every goal, activity, indicator, person and corrected event named exists; plan.yaml "  \
	  "and people.yaml exist; an event lists each indicator once")                           \
	X("counts", rule_counts,                                                                  \
	  "a warning: an event of a kind its indicator does not count")                          \
	X("window", rule_window,                                                                  \
	  "windows lie inside the plan period and start before they end; an event lies inside "  \
	  "its activity's window (or due window, or is an exception)")                           \
	X("window-text", rule_window_text,                                                        \
	  "an activity's window_text, read as a period, means its window's dates")               \
	X("future", rule_future, "no event is dated after today (or the day it was committed)")  \
	X("supersedes", rule_supersedes,                                                          \
	  "an event is corrected once, not by itself, and corrections do not go round in a "      \
	  "circle")                                                                               \
	X("requires", rule_requires,                                                              \
	  "an indicator does not require itself; an event counts only once what its indicator "  \
	  "requires is met (an error when strict, else a warning)")

#define RULES_DECLARE(id, fn, about) void fn(const rules_run *r, diag_list *out);
RULES(RULES_DECLARE)
#undef RULES_DECLARE

typedef struct rule_def {
	const char *id;
	void (*run)(const rules_run *r, diag_list *out);
	const char *about;
} rule_def;

/* RULES as a table, and how many there are. */
extern const rule_def rules_table[];
extern const size_t rules_count;

/* Runs every rule over the ledger (which must be indexed), appending findings to out. */
void rules_check(const ledger *l, const rules_options *o, diag_list *out);
/* Runs the one rule of that id; returns 0, or -1 when there is no such rule. */
int rules_check_one(const ledger *l, const rules_options *o, const char *id, diag_list *out);

#endif
