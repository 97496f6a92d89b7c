/*
 * gitindex: the Git index file read directly, for the one list a check of
 * the index needs (paths, blob ids, modes, stages), without building
 * libgit2's whole index in memory: on a ledger of many files that was most
 * of plan check --staged.
 *
 * It reads the index formats 2, 3 and 4. Like Git itself (outside git
 * fsck), it does not verify the file's checksum. An index it does not read
 * this way (a split or sparse index, an unknown version, anything unusual)
 * is left to libgit2, which knows every form.
 */
#ifndef PLAN_GITINDEX_H
#define PLAN_GITINDEX_H

#include "store/history.h"

/*
 * The index file of h: $GIT_INDEX_FILE when set (as libgit2 reads it), else
 * index in the Git folder. Freed with free().
 */
char *gitindex_path(const history *h);

/*
 * Appends to out the entries of the index file at path whose path begins
 * with one of the n prefixes, in the index's order. Returns 0, or 1 (out
 * unchanged) when the file is missing or not in a form this reader knows.
 */
int gitindex_entries(const char *path, const char *const *prefixes, size_t n, hist_entries *out);

#endif
