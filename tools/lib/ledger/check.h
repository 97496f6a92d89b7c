/*
 * check: the rules across records over a loaded ledger (store.h loads it,
 * with the findings about single files), and the choice of findings about
 * the paths asked for. Nothing here reads a file or a cache.
 */
#ifndef PLAN_CHECK_H
#define PLAN_CHECK_H

#include "ledger/records.h"
#include "util/date.h"
#include "util/diag.h"

typedef struct check_options {
	/* Events dated after this day break the future rule; -1 turns it off. */
	date_days today;
	/* How that day reads in messages ("today", "the day it was committed"). */
	const char *today_words;
	/* When nonly > 0, only findings about files under these paths are kept. */
	const char *const *only;
	size_t nonly;
	/* How many rules run at once (rules_options). */
	unsigned threads;
} check_options;

/* Appends the rules' findings about the (indexed) ledger to out. */
void check_rules(const ledger *l, const check_options *o, diag_list *out);

/* Keeps only the findings of out about the paths o->only names (all when none). */
void check_keep_only(diag_list *out, const check_options *o);

/* check_rules, then check_keep_only: what plan check says of a loaded ledger. */
void check_ledger(const ledger *l, const check_options *o, diag_list *out);

/* 1 when path is prefix or lies under it ("." and "" are every path). */
int check_path_under(const char *path, const char *prefix);

#endif
