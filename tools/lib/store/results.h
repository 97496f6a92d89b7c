/*
 * results: what a command made from one commit's ledger (the figures of
 * plan status, say), kept between runs in $GIT_DIR/plan/<name>.bin by a key
 * that names everything the result depends on: the commit and its tree, the
 * day, the options, the language and the tool's version. A commit's content
 * never changes, so a result kept under such a key is never stale; the last
 * few are kept. One cache file (cachefile.h) of kind name; a missing or
 * damaged file is a miss.
 */
#ifndef PLAN_RESULTS_H
#define PLAN_RESULTS_H

#include <stddef.h>

#include "store/history.h"
#include "util/buf.h"

enum { RESULTS_KEEP = 16 };

/* The key of what text names (hashed with the tool's version and the language). */
int results_key(const char *text, hist_oid *key);

/* The result kept under key, into out (emptied first). Returns 1 on a hit, else 0. */
int results_get(const char *cache_dir, const char *name, const hist_oid *key, buf *out);

/*
 * Keeps data under key, with the RESULTS_KEEP - 1 newest others. Returns 0
 * or -1 with the error set (a result that cannot be kept is only slower).
 */
int results_put(const char *cache_dir, const char *name, const hist_oid *key, const void *data,
		size_t len);

#endif
