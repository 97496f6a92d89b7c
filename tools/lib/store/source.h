/*
 * source: the files a check reads, from the work tree, the Git index or a
 * commit's tree, as one list of paths with a way to read each. Only the
 * records/ and schemas/ folders are listed.
 *
 * A source owns its list; source_free releases it. The history it was made
 * from must outlive it.
 */
#ifndef PLAN_SOURCE_H
#define PLAN_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "store/history.h"
#include "util/buf.h"

typedef struct source_file {
	const char *path; /* repository-relative, "records/plan.yaml" */
	hist_oid oid;     /* the blob id, when has_oid */
	int has_oid;
	unsigned mode; /* HIST_MODE_*; a work tree's plain file is HIST_MODE_BLOB */
	int stage;     /* index only: 1 to 3 for an unresolved conflict */
	/* Work tree only: what lstat said, for the cache of unchanged files. */
	int64_t mtime_s, ctime_s;
	int32_t mtime_ns, ctime_ns;
	uint64_t size, ino;
	/* Work tree only: neither an ordinary file nor a symbolic link (a
	 * named pipe, a device, a socket), which is never read. */
	int special;
	/* A file added with source_add_memory: its contents (owned by the
	 * source), else NULL. */
	const char *mem;
	size_t mem_len;
} source_file;

typedef struct source source;

typedef enum source_kind { SOURCE_WORKTREE, SOURCE_INDEX, SOURCE_TREE } source_kind;

struct source {
	source_kind kind;
	source_file *files; /* sorted by path */
	size_t nfiles;
	char *root;    /* work tree: the folder, with a trailing '/' */
	history *hist; /* index and tree: borrowed */
	/* The base under which the source's schemas are registered:
	 * "file:///abs/root/" or "git:///<tree id>/". */
	char *uri_base;
	hist_entries entries; /* index and tree: the listing */
	char *store;          /* work tree: the paths */
	size_t store_len, store_cap;
	/* Paths and contents of the files added in memory, freed with the source. */
	char **owned;
	size_t nowned, owned_cap;
};

/*
 * The files under records/ and schemas/ of a folder on disk (symlinks are
 * listed, not followed; records or schemas themselves as a symlink or a file
 * are listed as the one entry "records" or "schemas").
 */
int source_worktree(source **out, const char *root);
/* The same, read by `threads` threads at once (0 or 1: the calling thread); the same listing. */
int source_worktree_threads(source **out, const char *root, unsigned threads);
/* The index's entries under records/ and schemas/ (GIT_INDEX_FILE honoured). */
int source_index(source **out, history *h);
/* A tree's files under records/ and schemas/. */
int source_tree(source **out, history *h, const hist_oid *tree);
/*
 * The same, reading the folders that hold only files (months of events)
 * from the cache of tree listings in cache_dir when they are there (see
 * tcache.h), and remembering the ones read.
 */
int source_tree_cached(source **out, history *h, const hist_oid *tree, const char *cache_dir);
void source_free(source *s);

/*
 * Adds a file held in memory at path (repository-relative), such as a record
 * about to be written, so that a check sees it as if it were there; a file
 * already listed at path is replaced. The source keeps its own copy of path
 * and data; source_read returns that data.
 */
void source_add_memory(source *s, const char *path, const char *data, size_t len);

/* Leaves the files under prefix ("records/events/") out of the source. */
void source_drop(source *s, const char *prefix);

/*
 * Reads a file of the source. At most max bytes: a bigger file sets
 * *too_big and leaves out empty. Returns 0 or -1 with the error set.
 */
int source_read(const source *s, const source_file *f, size_t max, buf *out, int *too_big);

#endif
