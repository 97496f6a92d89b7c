/*
 * history: everything the tools read from Git, through libgit2. This is the
 * only module that includes <git2.h>; the rest of the code sees object ids,
 * entries, commits and changes as plain structs.
 *
 * Ownership: history_open's *out is freed with history_free. Lists
 * (hist_entries, hist_changes) own their strings in an arena and are freed
 * with their _free function; hist_commit with hist_commit_free. Every
 * function returns 0 on success and -1 with error_set() on failure, unless
 * its comment says otherwise.
 */
#ifndef PLAN_HISTORY_H
#define PLAN_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/oid.h"

/* File modes as Git stores them. */
enum {
	HIST_MODE_TREE = 0040000,
	HIST_MODE_BLOB = 0100644,
	HIST_MODE_EXEC = 0100755,
	HIST_MODE_LINK = 0120000,
	HIST_MODE_GITLINK = 0160000
};

typedef struct history history;

/*
 * Opens the repository that contains start, or, with start NULL, the one the
 * environment names the way git does (GIT_DIR, GIT_INDEX_FILE,
 * GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES, ...: what hooks
 * and the quarantined objects of a pre-receive hook need) or the current
 * folder is in. Hash verification of every object read is off, as in git;
 * history_verify_objects turns it on.
 */
int history_open(history **out, const char *start);
void history_free(history *h);
/* The work tree with a trailing '/', or NULL for a bare repository. */
const char *history_workdir(const history *h);
/* The Git folder (".git/" or the bare repository), with a trailing '/'. */
const char *history_gitdir(const history *h);
/*
 * The folder Git runs this repository's hooks from: core.hooksPath when set
 * (relative to the work tree, as Git reads it), else hooks/ in the common
 * Git folder (shared by all work trees). The caller frees it.
 */
int history_hooks_dir(history *h, char **out);
/* Turns hash verification of objects read on or off (for audits). */
void history_verify_objects(int on);
/*
 * Turns libgit2's cache of parsed objects off (or back on) for the whole
 * process, before history_open: for walks that read each object once, where
 * filling and then freeing the cache costs more than it saves.
 */
void history_cache_objects(int on);

/* The id Git gives a blob with these contents. */
int history_hash_blob(const void *data, size_t len, hist_oid *out);

typedef struct hist_entry {
	char *path; /* repository-relative, in the list's arena */
	hist_oid oid;
	unsigned mode;
	int stage; /* index entries: 0, or 1 to 3 for a conflict */
} hist_entry;

typedef struct hist_entries {
	hist_entry *v;
	size_t n;
	size_t cap;
	arena arena;
} hist_entries;

#define HIST_ENTRIES_INIT {NULL, 0, 0, ARENA_INIT}
void hist_entries_free(hist_entries *l);

/*
 * The index entries whose path starts with prefix ("" for all), in index
 * order (sorted by path, then stage). Reads the index file named by
 * GIT_INDEX_FILE when set.
 */
int history_index_entries(history *h, const char *prefix, hist_entries *out);
/*
 * The entries of one tree, not descending: names (in the list's arena,
 * without a folder), ids and modes, in Git's order. Appends to out.
 */
int history_tree_children(history *h, const hist_oid *tree, hist_entries *out);

/*
 * The same, read from the object store alone (no parsed tree object): it
 * may run in a second thread beside the first's use of h, since libgit2
 * guards its object store (a git_repository is for one thread at a time).
 */
int history_tree_children_raw(history *h, const hist_oid *tree, hist_entries *out);

/*
 * Every file (blob, symlink, submodule) under prefix in a tree, recursively,
 * in Git's order. A missing prefix gives an empty list.
 */
int history_tree_entries(history *h, const hist_oid *tree, const char *prefix,
			 hist_entries *out);

/*
 * The blob id and mode of one file in a tree. Returns 1 (no error) when
 * there is no file at path.
 */
int history_tree_file(history *h, const hist_oid *tree, const char *path, hist_oid *out,
		      unsigned *mode);

/*
 * The id and mode of whatever is at path in a tree (a file or a folder).
 * Returns 1 (no error) when there is nothing there.
 */
int history_tree_path(history *h, const hist_oid *tree, const char *path, hist_oid *out,
		      unsigned *mode);

/*
 * Reads a blob into out. Reads only its size first: a blob over max sets
 * *too_big and leaves out empty.
 */
int history_read_blob(history *h, const hist_oid *oid, size_t max, buf *out, int *too_big);

/*
 * Resolves a revision ("HEAD", "main", "origin/main", an id, "main~2") to a
 * commit id. A name that is a branch (or a remote-tracking branch) means
 * that branch even when a tag has the same name, unlike Git's own lookup,
 * so a tag called "main" cannot stand in for the main branch. Returns 0, or
 * -1 with an error naming the revision.
 */
int history_resolve(history *h, const char *rev, hist_oid *out);
/* The commit an abbreviated id (hex only, never a branch name) stands for. */
int history_resolve_short(history *h, const char *hex, hist_oid *out);
/*
 * The tip of the main line: rev when given (as history_resolve reads it),
 * else the main branch, else HEAD. Returns 0, or -1 with the error set.
 */
int history_main_line(history *h, const char *rev, hist_oid *out);
/* Resolves a full reference name; returns 1 (no error) when it does not exist. */
int history_ref(history *h, const char *refname, hist_oid *out);
/*
 * The current branch's full reference name ("refs/heads/main"; the caller
 * frees it; NULL when HEAD is detached) and its commit. Returns 1 (no error)
 * when the branch has no commit yet, with *out zero.
 */
int history_head(history *h, char **branch, hist_oid *out);

typedef struct hist_sig {
	char *name;
	char *email;
	int64_t time; /* seconds since 1970 */
	int offset;   /* minutes east of UTC */
} hist_sig;

typedef struct hist_commit {
	hist_oid id;
	hist_oid tree;
	hist_oid *parents;
	size_t nparents;
	hist_sig author;
	hist_sig committer;
	char *message;
	void *mem; /* when not NULL, one block that holds all of the above */
} hist_commit;

int history_commit(history *h, const hist_oid *id, hist_commit *out);
/*
 * The same from the object store alone, for a second thread beside the
 * first's use of h (see history_tree_children_raw): a commit whose text
 * libgit2 would have to judge is an error here.
 */
int history_commit_odb(history *h, const hist_oid *id, hist_commit *out);
void hist_commit_free(hist_commit *c);
/*
 * The commit's signature and the data it signs. Returns 1 (no error) when
 * the commit is not signed.
 */
int history_commit_signature(history *h, const hist_oid *id, buf *sig, buf *signed_data);
/*
 * The values of the trailers named key ("Approved-by", compared without
 * regard to case) in the trailer block at the end of a commit message, in
 * order. *out is an array of *n strings, freed with hist_strings_free.
 */
int history_trailers(const char *message, const char *key, char ***out, size_t *n);
void hist_strings_free(char **v, size_t n);

/* Walking commits. */
enum {
	HIST_WALK_FIRST_PARENT = 1, /* follow only first parents */
	HIST_WALK_REVERSE = 2,      /* oldest first */
	HIST_WALK_UNORDERED = 4     /* any order: cheaper when only the set matters */
};

typedef struct history_walk history_walk;

/* Walks the commits reachable from tip but not from hide (may be NULL). */
int history_walk_new(history_walk **out, history *h, const hist_oid *tip, const hist_oid *hide,
		     unsigned flags);
/*
 * Also hides every commit reachable from the repository's branches and
 * tags, so that the walk gives only what none of them has (what a push to a
 * new branch brings).
 */
int history_walk_hide_refs(history_walk *w);
/* Returns 0 with the next commit id, 1 at the end, or -1. */
int history_walk_next(history_walk *w, hist_oid *out);
void history_walk_free(history_walk *w);

/* The best common ancestor of two commits into *out (which may alias a or b). */
int history_merge_base(history *h, const hist_oid *a, const hist_oid *b, hist_oid *out);
/* 1 when ancestor is an ancestor of (or equal to) descendant, 0 when not, -1 error. */
int history_is_ancestor(history *h, const hist_oid *ancestor, const hist_oid *descendant);
/*
 * The one walk of first parents: the commits of tip's first-parent line
 * (tip, its first parent, that one's first parent, ...), newest first,
 * each read once, up to stop (not included; NULL or the zero id: to the
 * root) and at most limit of them (SIZE_MAX: any). Returns 1 when it met
 * stop, 0 when it did not (at the root or the limit), -1 on error. *n is
 * the number of commits before stop; with out not NULL, *out holds them
 * (freed with hist_commits_free).
 */
int history_first_parents(history *h, const hist_oid *tip, const hist_oid *stop, size_t limit,
			  hist_commit **out, size_t *n);
void hist_commits_free(hist_commit *v, size_t n);
/*
 * Along that walk: 1 when ancestor is on tip's first-parent
 * line (tip itself, its first parent, that one's first parent, ...) within
 * limit steps (SIZE_MAX: any), with *steps (when not NULL) the number of
 * commits after it (0: ancestor is tip); 0 when not, -1 error. How a main
 * branch that grows only by merging branches into it keeps its past, and
 * how far a cached tip is behind.
 */
int history_first_parents_reach(history *h, const hist_oid *ancestor, const hist_oid *tip,
				size_t limit, size_t *steps);
/* The same without a limit. */
int history_on_first_parent_line(history *h, const hist_oid *ancestor, const hist_oid *tip);

typedef enum hist_change_kind { HIST_ADDED, HIST_DELETED, HIST_MODIFIED } hist_change_kind;

typedef struct hist_change {
	hist_change_kind kind;
	char *path; /* in the list's arena */
	hist_oid old_oid, new_oid;
	unsigned old_mode, new_mode;
} hist_change;

typedef struct hist_changes {
	hist_change *v;
	size_t n;
	size_t cap;
	arena arena;
} hist_changes;

#define HIST_CHANGES_INIT {NULL, 0, 0, ARENA_INIT}
void hist_changes_free(hist_changes *l);

/*
 * The files that differ under prefix between two trees (either may be NULL
 * or the zero id for "no tree"), found by walking both trees in step and
 * skipping every subtree whose id did not change, so the cost follows the
 * size of the change, not of the trees. Appends to out in path order.
 */
int history_tree_changes(history *h, const hist_oid *old_tree, const hist_oid *new_tree,
			 const char *prefix, hist_changes *out);

/* A configuration value; returns 1 (no error) when it is not set. *out is freed with free(). */
int history_config(history *h, const char *key, char **out);

#endif
