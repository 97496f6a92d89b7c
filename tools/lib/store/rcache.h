/*
 * rcache: what checking a record file found, kept between runs in the Git
 * folder ($GIT_DIR/plan/), so that a file is parsed and validated once per
 * content, not once per run (DESIGN.md section 9).
 *
 * Two stores:
 *   - events by blob id: the extracted event (records_serialize_event) and
 *     the findings about the file itself (yaml and schema), valid only for
 *     the schemas they were made with: a cache made under other schemas (or
 *     another version of the tool) is ignored and replaced;
 *   - the work tree's files by path: size, modification time and inode,
 *     and the blob id of the content they had, so that an unchanged file
 *     need not even be read (as Git's index does; a file changed in the
 *     same second the cache was written is not trusted).
 *
 * A cache is an aid, never a source of truth: a missing, damaged or
 * unwritable cache makes the tools slower, not wrong. New entries are
 * appended to a small journal written atomically; the journal is folded
 * into the main file when it grows.
 */
#ifndef PLAN_RCACHE_H
#define PLAN_RCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "store/history.h"
#include "ledger/records.h"
#include "util/buf.h"

typedef struct rcache rcache;

typedef struct rcache_stat {
	int64_t mtime_s;
	int32_t mtime_ns;
	int64_t ctime_s; /* the inode's change time, which touch cannot set back */
	int32_t ctime_ns;
	uint64_t size;
	uint64_t ino;
} rcache_stat;

/*
 * Opens the cache in dir (created on save), for records judged by schemas
 * with this key. Never fails: anything unreadable is an empty cache.
 */
rcache *rcache_open(const char *dir, const hist_oid *schemas_key);
void rcache_free(rcache *c);

/*
 * Looks up an event blob. On a hit returns 1 and adds the event to l (none
 * when the file was rejected before it could be read as a record), appends
 * its findings under path, and sets *valid. Returns 0 on a miss.
 */
int rcache_get_event(rcache *c, const hist_oid *oid, const char *path, ledger *l,
		     diag_list *out, int *valid);
/*
 * Remembers an event blob: e may be NULL (the file was rejected), and
 * findings[first..] are the findings about the file. A blob already
 * remembered in this run is kept as it is.
 */
void rcache_put_event(rcache *c, const hist_oid *oid, const rec_event *e,
		      const diag_list *findings, size_t first, int valid);

/*
 * One entry's bytes, as the caches keep them (rcache.c and snapshot.c):
 * the event (e NULL: the file was rejected), whether it was valid, and
 * findings[first..]. Decoding adds the event to l and the findings (under
 * path) to out and returns 1, or returns 0 (adding nothing) when the bytes
 * are damaged. With lend_path the event borrows path, which must outlive l.
 */
void rcache_entry_encode(buf *b, const rec_event *e, const diag_list *findings, size_t first,
			 int valid);
int rcache_entry_decode(const unsigned char *data, size_t len, const hist_oid *oid,
			const char *path, int lend_path, ledger *l, diag_list *out, int *valid);

/*
 * Says that this run looks at the work tree, so that save keeps the stat
 * data of the files seen (and forgets the others). Call it before any
 * rcache_stat_get, which may then run on several threads at once (a
 * lookup only reads the cache, and marks its own entry seen).
 */
void rcache_stat_use(rcache *c);
/* The blob id a work tree file had, when its stat data are unchanged. Returns 1 on a hit. */
int rcache_stat_get(rcache *c, const char *path, const rcache_stat *st, hist_oid *oid);
void rcache_stat_put(rcache *c, const char *path, const rcache_stat *st, const hist_oid *oid);

/* Writes what is new. Returns 0, or -1 with the error set (callers may ignore it). */
int rcache_save(rcache *c);

#endif
