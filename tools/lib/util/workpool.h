/*
 * workpool: a loop over n items run on a few threads, whose results are put
 * together in the items' order, so that what comes out is the same as when
 * one thread runs it.
 *
 * The items are cut into pieces of `chunk` items. work() handles a piece
 * in any thread, into a slot of the caller's (piece k uses slot k % window,
 * so at most `window` pieces are done and not yet put together); merge()
 * puts the pieces together one at a time, in the calling thread, in order.
 * With one thread every piece is worked and merged in turn in the calling
 * thread, and no thread is started.
 */
#ifndef PLAN_WORKPOOL_H
#define PLAN_WORKPOOL_H

#include <stddef.h>

typedef struct workpool_job {
	size_t nitems;
	size_t chunk;     /* items per piece, at least 1 */
	size_t window;    /* slots, at least 1 */
	unsigned threads; /* 0 or 1: only the calling thread */
	void *ctx;
	/*
	 * Handles items [begin, end) as piece `piece` into slot piece % window;
	 * worker is 0 for the calling thread, else 1 to threads - 1 (for state
	 * of one thread, such as buffers). Returns 0, or -1 with the error set.
	 */
	int (*work)(void *ctx, unsigned worker, size_t piece, size_t begin, size_t end);
	/* Puts piece `piece` together with the ones before it. Returns 0 or -1. */
	int (*merge)(void *ctx, size_t piece);
} workpool_job;

/*
 * Runs the job. Returns 0, or -1 with the error of the first piece (in
 * order) that failed; the slots of pieces worked but not merged may then
 * still hold their results, for the caller to free.
 */
int workpool_run(const workpool_job *job);

/* The number of processors online, at least 1 (for the command line's default). */
unsigned workpool_cpus(void);

#endif
