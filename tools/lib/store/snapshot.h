/*
 * snapshot: what loading one tree's ledger found, kept between runs in
 * $GIT_DIR/plan/ as one cache file (cachefile.h) per tree id: the listing
 * of records/ and schemas/ (path, blob id, mode) and, for every event file,
 * its extracted event and the findings about the file, in path order.
 *
 * A tree whose snapshot is kept is loaded from it without listing the tree
 * in Git or reading an event. Any other listing (the Git index, another
 * commit's tree) is loaded as "a snapshot + the changed paths": an event
 * file whose path and blob id a snapshot holds is taken from it, in order,
 * and only the others are read. The index uses HEAD's tree's snapshot (or
 * the index's own last one); another tree the newest snapshot kept.
 *
 * A snapshot's findings hold only for the schemas they were made with: it
 * records their key, and one made under other schemas is not used. The
 * file's key also names the tool's version and the language of the
 * messages. A snapshot that is missing, damaged or made for another key is
 * a miss; the last few trees' snapshots are kept, older ones removed.
 */
#ifndef PLAN_SNAPSHOT_H
#define PLAN_SNAPSHOT_H

#include <stddef.h>

#include "ledger/records.h"
#include "store/history.h"
#include "store/source.h"
#include "util/diag.h"

enum { SNAPSHOT_KEEP = 4 };

typedef struct snapshot snapshot;

/* The snapshot of tree (NULL: the index's), or NULL on a miss. */
snapshot *snapshot_open(const char *cache_dir, const hist_oid *tree);
/* The snapshot written last, of any tree or the index, or NULL. */
snapshot *snapshot_open_newest(const char *cache_dir);
void snapshot_free(snapshot *s);

/* Whether its findings were made under the schemas with this key. */
int snapshot_schemas_are(const snapshot *s, const hist_oid *schemas_key);

/*
 * The snapshot's listing as the source of a tree (whose paths it lends:
 * the snapshot must outlive the source), or NULL when it is damaged.
 */
source *snapshot_source(snapshot *s, history *h, const hist_oid *tree);

/*
 * The event file path with blob id oid: on a hit adds its event (none when
 * the file was rejected) to l and its findings to out, sets *valid and
 * returns 1, with the entry's bytes in *raw and *rawlen (lent by s).
 * Returns 0 on a miss. Lookups in path order are fastest.
 */
int snapshot_get(snapshot *s, const char *path, const hist_oid *oid, ledger *l, diag_list *out,
		 int *valid, const unsigned char **raw, size_t *rawlen);

/* A snapshot being written: the files of a listing, in order. */
typedef struct snapshot_writer snapshot_writer;

snapshot_writer *snapshot_writer_new(const hist_oid *schemas_key);
/*
 * Adds a file of the listing; an event file judged by the cache also its
 * entry's bytes (rcache_entry_encode), else data NULL.
 */
void snapshot_writer_add(snapshot_writer *w, const source_file *f, const void *data, size_t len);
/*
 * Writes the snapshot of tree (NULL: the index's), atomically, and removes
 * the oldest when more than SNAPSHOT_KEEP trees' are kept. Frees w.
 * Returns 0 or -1 with the error set (callers may ignore it).
 */
int snapshot_writer_save(snapshot_writer *w, const char *cache_dir, const hist_oid *tree);
void snapshot_writer_free(snapshot_writer *w);

#endif
