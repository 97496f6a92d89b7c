/*
 * tcache: the listings of leaf trees (folders that hold only files, such as
 * one month of events), kept between runs in $GIT_DIR/plan/trees.bin and
 * keyed by the tree's id, so that listing a commit's records reads from Git
 * only the folders that changed. Tree ids name their content, so an entry
 * never goes stale; a save keeps what the run used. A missing or damaged
 * file is an empty cache.
 */
#ifndef PLAN_TCACHE_H
#define PLAN_TCACHE_H

#include <stddef.h>

#include "store/history.h"

typedef struct tcache tcache;

typedef struct tcache_entry {
	const char *name;
	hist_oid oid;
	unsigned mode;
} tcache_entry;

tcache *tcache_open(const char *dir);
/* The files of a leaf tree: 1 with *out (borrowed until tcache_free) and *n, or 0. */
int tcache_get(tcache *c, const hist_oid *tree, const tcache_entry **out, size_t *n);
/* Remembers the files of a leaf tree (children holds names, not paths). */
void tcache_put(tcache *c, const hist_oid *tree, const hist_entries *children);
/* Writes the trees this run used. Returns 0, or -1 with the error set. */
int tcache_save(tcache *c);
void tcache_free(tcache *c);

#endif
