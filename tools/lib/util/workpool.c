/*
 * The ordered loop of workpool.h: the calling thread works pieces like the
 * others, and whenever the next piece in order is done it merges it.
 */
#define _POSIX_C_SOURCE 200809L
#include "util/workpool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/xalloc.h"

enum { MAX_THREADS = 64, ERR_LEN = 1024 };

typedef struct pool {
	const workpool_job *job;
	size_t npieces;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;   /* the next piece to hand out */
	size_t merged; /* pieces merged so far */
	int stop;
	signed char *state; /* per slot: 0 empty or being worked, 1 done, -1 failed */
	char (*err)[ERR_LEN];
} pool;

typedef struct worker_arg {
	pool *p;
	unsigned id;
} worker_arg;

static void
piece_range(const pool *p, size_t k, size_t *begin, size_t *end)
{
	*begin = k * p->job->chunk;
	*end = *begin + p->job->chunk;
	if (*end > p->job->nitems)
		*end = p->job->nitems;
}

/* Takes a piece to work when one may be started; called with the lock held. */
static int
take_piece(pool *p, size_t *k)
{
	if (p->stop || p->next >= p->npieces || p->next >= p->merged + p->job->window)
		return 0;
	*k = p->next++;
	return 1;
}

/* Works piece k (the lock not held) and says so (taking the lock again). */
static void
work_piece(pool *p, unsigned id, size_t k)
{
	size_t begin, end, slot = k % p->job->window;
	int rc;

	piece_range(p, k, &begin, &end);
	rc = p->job->work(p->job->ctx, id, k, begin, end);
	pthread_mutex_lock(&p->lock);
	if (rc != 0)
		snprintf(p->err[slot], ERR_LEN, "%s", error_last());
	p->state[slot] = rc != 0 ? -1 : 1;
	pthread_cond_broadcast(&p->cond);
}

static void *
worker_main(void *arg)
{
	worker_arg *a = arg;
	pool *p = a->p;
	size_t k;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		if (take_piece(p, &k)) {
			pthread_mutex_unlock(&p->lock);
			work_piece(p, a->id, k);
			continue;
		}
		if (p->next >= p->npieces)
			break;
		pthread_cond_wait(&p->cond, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static int
run_serial(const workpool_job *j, size_t npieces)
{
	size_t k;

	for (k = 0; k < npieces; k++) {
		size_t begin = k * j->chunk, end = begin + j->chunk;

		if (end > j->nitems)
			end = j->nitems;
		if (j->work(j->ctx, 0, k, begin, end) != 0 || j->merge(j->ctx, k) != 0)
			return -1;
	}
	return 0;
}

int
workpool_run(const workpool_job *j)
{
	pool p;
	pthread_t tids[MAX_THREADS];
	worker_arg args[MAX_THREADS];
	unsigned nthreads = j->threads, started = 0, i;
	size_t k;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.job = j;
	p.npieces = j->chunk > 0 ? (j->nitems + j->chunk - 1) / j->chunk : 0;
	if (nthreads > MAX_THREADS)
		nthreads = MAX_THREADS;
	if (nthreads > p.npieces)
		nthreads = (unsigned)p.npieces;
	if (nthreads <= 1 || j->window < 2)
		return run_serial(j, p.npieces);
	p.state = xcalloc(j->window, sizeof(*p.state));
	p.err = xcalloc(j->window, sizeof(*p.err));
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	/* A thread that cannot be started leaves its share to the others. */
	for (i = 1; i < nthreads; i++) {
		args[started].p = &p;
		args[started].id = i;
		if (pthread_create(&tids[started], NULL, worker_main, &args[started]) != 0)
			break;
		started++;
	}
	pthread_mutex_lock(&p.lock);
	while (p.merged < p.npieces) {
		size_t slot = p.merged % j->window;

		if (p.state[slot] != 0) {
			int failed = p.state[slot] < 0;

			pthread_mutex_unlock(&p.lock);
			if (failed)
				rc = error_set("%s", p.err[slot]);
			else
				rc = j->merge(j->ctx, p.merged);
			pthread_mutex_lock(&p.lock);
			if (rc != 0) {
				p.stop = 1;
				break;
			}
			p.state[slot] = 0;
			p.merged++;
			pthread_cond_broadcast(&p.cond);
			continue;
		}
		if (take_piece(&p, &k)) {
			pthread_mutex_unlock(&p.lock);
			work_piece(&p, 0, k);
			continue;
		}
		pthread_cond_wait(&p.cond, &p.lock);
	}
	p.stop = 1;
	pthread_cond_broadcast(&p.cond);
	pthread_mutex_unlock(&p.lock);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
	free(p.state);
	free(p.err);
	return rc;
}

unsigned
workpool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}
