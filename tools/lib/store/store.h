/*
 * store: the one way every command gets a ledger. ledger_load reads the
 * records of the work tree, the Git index or a commit's tree: it lists the
 * files, reads the schemas from the same place (a commit is judged by the
 * schemas it carries), parses and validates every record, and keeps what
 * it found in the cache kept between runs. Its findings are those about
 * single files (file, yaml, schema); the rules across records are check's
 * (check.h), and store_check does both, keeping the rules' findings on a
 * commit's tree in the cache too.
 */
#ifndef PLAN_STORE_H
#define PLAN_STORE_H

#include <stddef.h>

#include "ledger/check.h"
#include "ledger/records.h"
#include "store/history.h"
#include "util/diag.h"

typedef enum ledger_where { LEDGER_WORKTREE, LEDGER_INDEX, LEDGER_TREE } ledger_where;

/* A file put in place of what the source holds at path; data NULL leaves it out. */
typedef struct ledger_file {
	const char *path; /* repository-relative */
	const char *data;
	size_t len;
} ledger_file;

/* Where the ledger is read from. */
typedef struct ledger_from {
	ledger_where where;
	const char *root; /* LEDGER_WORKTREE: the folder of the work tree */
	hist_oid tree;    /* LEDGER_TREE: the tree's id */
	/* Files held in memory over the source (a record about to be written). */
	const ledger_file *files;
	size_t nfiles;
	/* Leaves records/events/ out (lists that need only the plan). */
	int no_events;
} ledger_from;

/*
 * Parsed record files kept across the loads of one run, by blob id and
 * path (the commits of a push share most of their files). Owned by the
 * caller.
 */
typedef struct ledger_memo ledger_memo;

ledger_memo *ledger_memo_new(void);
void ledger_memo_free(ledger_memo *m);

typedef struct ledger_load_stats {
	size_t hits, misses, stat_hits; /* cache: found, read anew, known by stat data */
	size_t from_snapshot;            /* of the hits, taken from a tree's snapshot */
	size_t record_files;             /* files listed under records/ */
} ledger_load_stats;

typedef struct ledger_load_options {
	/* The folder of the cache kept between runs ($GIT_DIR/plan), or NULL
	 * for none: the command line passes NULL when PLAN_NO_CACHE is set. */
	const char *cache_dir;
	/* When not NULL, parsed files are kept across loads. */
	ledger_memo *memo;
	/* Paths that must name a file or folder of the source (plan check PATH). */
	const char *const *must_exist;
	size_t nmust_exist;
	/* Keeps what was loaded as a snapshot (store/snapshot.h) when it is a
	 * commit's tree or the index as they are: for the commands that read the
	 * same trees again and again (status, report, check --staged), not for
	 * those that read each commit once (check --range). A snapshot kept is
	 * used either way. */
	int keep_snapshot;
	/* When not NULL, receives counts (added to what it holds). */
	ledger_load_stats *stats;
	/*
	 * How many threads read, parse and validate the files at once (0 or 1:
	 * the calling thread alone). The ledger and the findings are the same
	 * whatever the number; the command line chooses it (PLAN_THREADS).
	 */
	unsigned threads;
} ledger_load_options;

/*
 * Loads the ledger of from into *out (indexed; the caller frees it with
 * ledger_free) and appends the findings about single files to findings.
 * h may be NULL for a work tree outside Git. Returns 0, or -1 with the
 * error set when it cannot be read at all (no schemas, an unreadable file).
 */
int ledger_load(ledger **out, history *h, const ledger_from *from, const ledger_load_options *o,
		diag_list *findings);

/*
 * One record blob of a commit, parsed without the schemas, added to l as a
 * valid record (for the readers of history, audit and trace, which take
 * the records one commit at a time); blob_id is recorded with it when
 * keep_id. A blob too large or not YAML adds nothing. scratch holds the
 * blob's bytes. Returns 0, or -1 with the error set when it cannot be read.
 */
int ledger_load_blob(ledger *l, history *h, rec_kind kind, const char *path,
		     const hist_oid *blob_id, int keep_id, buf *scratch);

/*
 * ledger_load, then the rules over the ledger (check_ledger), whose
 * findings on a commit's tree are kept in the cache by tree id and day.
 * out may be NULL when only the findings are wanted.
 */
int store_check(ledger **out, history *h, const ledger_from *from, const ledger_load_options *o,
		const check_options *co, diag_list *findings);

#endif
