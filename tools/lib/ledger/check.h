/*
 * check: every rule that needs no history, over one source of files (the
 * work tree, the index, or a commit's tree): YAML, schema, then the rules
 * across records. The schemas are read from the same source, so a commit
 * is judged by the schemas it carries.
 */
#ifndef PLAN_CHECK_H
#define PLAN_CHECK_H

#include "util/diag.h"
#include "ledger/records.h"
#include "store/source.h"
#include "util/date.h"

/*
 * A cache of parsed and schema-checked record files, keyed by blob id and
 * path, for checks of many trees that share most of their files (every
 * commit of a push). Owned by the caller; check_cache_free releases it.
 */
typedef struct check_cache check_cache;

check_cache *check_cache_new(void);
void check_cache_free(check_cache *c);

typedef struct check_options {
	/* Events dated after this day break the future rule; -1 turns it off. */
	date_days today;
	/* How that day reads in messages ("today", "the day it was committed"). */
	const char *today_words;
	/* When nonly > 0, only findings about files under these paths are kept. */
	const char *const *only;
	size_t nonly;
	/* When not NULL, files with a blob id are parsed once across calls. */
	check_cache *cache;
	/* When not NULL, the folder of the cache kept between runs (rcache.h):
	 * $GIT_DIR/plan. */
	const char *cache_dir;
	/* When not NULL, receives how the cache did: files found in it, files
	 * checked anew, work-tree files known unchanged by their stat data. */
	struct check_stats {
		size_t hits, misses, stat_hits;
	} *stats;
} check_options;

/*
 * Checks every file of src and appends the findings to out. When ledger_out
 * is not NULL it receives the ledger (the caller frees it with ledger_free).
 * Returns 0, or -1 with the error set when the check cannot run at all (no
 * schemas, a file that cannot be read).
 */
int check_source(const source *src, const check_options *o, diag_list *out,
		 ledger **ledger_out);

#endif
