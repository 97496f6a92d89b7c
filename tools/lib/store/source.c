/*
 * Listing the files of a check from the work tree, the index or a tree.
 */
#define _POSIX_C_SOURCE 200809L
#include "store/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/gitindex.h"
#include "store/tcache.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

enum { MAX_DIR_DEPTH = 16 };

static const char *const folders[] = {"records/", "schemas/"};

static source *
source_new(source_kind kind)
{
	source *s = xcalloc(1, sizeof(*s));

	s->kind = kind;
	return s;
}

void
source_free(source *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->kind == SOURCE_WORKTREE)
		for (i = 0; i < s->nfiles; i++)
			if (s->files[i].mem == NULL)
				free((char *)s->files[i].path);
	for (i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->files);
	free(s->root);
	free(s->uri_base);
	hist_entries_free(&s->entries);
	free(s);
}

static int
cmp_path(const void *pa, const void *pb)
{
	const source_file *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/*
 * The work tree is listed by a few threads at once, as Git looks at the
 * files of its index (core.preloadIndex): the folders to read wait in one
 * queue, each thread reads one (readdir, and lstat of each entry relative
 * to the open folder, so the kernel need not walk the whole path again),
 * queues the folders found in it and keeps the files in a list of its own.
 * The lists are sorted together at the end, so the listing is the same
 * whatever the number of threads.
 */
typedef struct dir_job {
	char *abs, *rel; /* with a trailing '/' */
	int depth;
} dir_job;

typedef struct dir_list {
	source_file *files;
	size_t n, cap;
	/* The error about the first folder (by path) that could not be read. */
	char *err, *err_at;
} dir_list;

typedef struct dir_walk {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	dir_job *q;
	size_t nq, qcap;
	unsigned busy; /* threads reading a folder */
} dir_walk;

static void
walk_error(dir_list *out, const char *at)
{
	if (out->err_at != NULL && strcmp(at, out->err_at) >= 0)
		return;
	free(out->err);
	free(out->err_at);
	out->err = xstrdup(error_last());
	out->err_at = xstrdup(at);
}

static void
push_job(dir_job **q, size_t *n, size_t *cap, char *abs, char *rel, int depth)
{
	*q = xgrow(*q, cap, *n + 1, sizeof(**q));
	(*q)[*n].abs = abs;
	(*q)[*n].rel = rel;
	(*q)[(*n)++].depth = depth;
}

/* Lists one folder into out; the folders in it go to *sub. */
static void
list_dir(const dir_job *j, dir_list *out, dir_job **sub, size_t *nsub, size_t *subcap)
{
	DIR *d;
	struct dirent *de;
	buf rel = BUF_INIT;
	size_t rel_len = strlen(j->rel);

	if (j->depth > MAX_DIR_DEPTH) {
		error_set("%s is nested more than %d folders deep", j->rel, MAX_DIR_DEPTH);
		walk_error(out, j->rel);
		return;
	}
	d = opendir(j->abs);
	if (d == NULL) {
		if (errno == ENOENT && j->depth == 0)
			return;
		error_set_errno("cannot read the folder %s", j->rel);
		walk_error(out, j->rel);
		return;
	}
	buf_puts(&rel, j->rel);
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		source_file *f;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		rel.len = rel_len;
		buf_puts(&rel, de->d_name);
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			error_set_errno("cannot look at %s", rel.ptr);
			walk_error(out, rel.ptr);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			push_job(sub, nsub, subcap, xasprintf("%s%s/", j->abs, de->d_name),
				 xasprintf("%s/", rel.ptr), j->depth + 1);
			continue;
		}
		out->files = xgrow(out->files, &out->cap, out->n + 1, sizeof(*out->files));
		f = memset(&out->files[out->n++], 0, sizeof(*f));
		f->path = xstrndup(rel.ptr, rel.len);
		f->mtime_s = (int64_t)st.st_mtim.tv_sec;
		f->mtime_ns = (int32_t)st.st_mtim.tv_nsec;
		f->ctime_s = (int64_t)st.st_ctim.tv_sec;
		f->ctime_ns = (int32_t)st.st_ctim.tv_nsec;
		f->size = (uint64_t)st.st_size;
		f->ino = (uint64_t)st.st_ino;
		f->mode = S_ISLNK(st.st_mode) ? HIST_MODE_LINK :
			  (st.st_mode & 0111)  ? HIST_MODE_EXEC :
						 HIST_MODE_BLOB;
		f->special = !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode);
	}
	closedir(d);
	buf_free(&rel);
}

typedef struct walk_arg {
	dir_walk *w;
	dir_list *out;
} walk_arg;

/* Reads folders from the queue until it is empty and no thread is reading one. */
static void *
walk_thread(void *arg)
{
	walk_arg *a = arg;
	dir_walk *w = a->w;
	dir_job *sub = NULL;
	size_t nsub = 0, subcap = 0, i;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		dir_job j;

		while (w->nq == 0 && w->busy > 0)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->nq == 0)
			break;
		j = w->q[--w->nq];
		w->busy++;
		pthread_mutex_unlock(&w->lock);
		list_dir(&j, a->out, &sub, &nsub, &subcap);
		free(j.abs);
		free(j.rel);
		pthread_mutex_lock(&w->lock);
		for (i = 0; i < nsub; i++)
			push_job(&w->q, &w->nq, &w->qcap, sub[i].abs, sub[i].rel, sub[i].depth);
		nsub = 0;
		w->busy--;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	free(sub);
	return NULL;
}

/* Lists the folders queued in w on `threads` threads into s; returns 0 or -1. */
static int
walk_all(source *s, dir_walk *w, unsigned threads)
{
	enum { MAX_THREADS = 64 };
	pthread_t tids[MAX_THREADS];
	walk_arg args[MAX_THREADS];
	dir_list *lists;
	unsigned started = 0, i;
	const dir_list *failed = NULL;
	size_t cap = s->nfiles, k;

	if (threads < 1)
		threads = 1;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	lists = xcalloc(threads, sizeof(*lists));
	for (i = 0; i < threads; i++) {
		args[i].w = w;
		args[i].out = &lists[i];
	}
	/* A thread that cannot be started leaves its share to the others. */
	for (i = 1; i < threads; i++) {
		if (pthread_create(&tids[started], NULL, walk_thread, &args[i]) != 0)
			break;
		started++;
	}
	walk_thread(&args[0]);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	for (i = 0; i < threads; i++) {
		if (lists[i].err_at != NULL &&
		    (failed == NULL || strcmp(lists[i].err_at, failed->err_at) < 0))
			failed = &lists[i];
		s->files = xgrow(s->files, &cap, s->nfiles + lists[i].n + 1, sizeof(*s->files));
		for (k = 0; k < lists[i].n; k++)
			s->files[s->nfiles++] = lists[i].files[k];
		free(lists[i].files);
	}
	if (failed != NULL)
		error_set("%s", failed->err);
	for (i = 0; i < threads; i++) {
		free(lists[i].err);
		free(lists[i].err_at);
	}
	free(lists);
	return failed != NULL ? -1 : 0;
}

int
source_worktree_threads(source **out, const char *root, unsigned threads)
{
	source *s = source_new(SOURCE_WORKTREE);
	dir_walk w;
	size_t i, n = strlen(root), cap = 0;
	char *abs;
	int rc;

	*out = NULL;
	s->root = n > 0 && root[n - 1] == '/' ? xstrdup(root) : xasprintf("%s/", root);
	abs = realpath(s->root, NULL);
	s->uri_base = xasprintf("file://%s/", abs != NULL ? abs : s->root);
	free(abs);
	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		struct stat st;
		char *top = xasprintf("%s%.*s", s->root, (int)strlen(folders[i]) - 1, folders[i]);

		/* records/ or schemas/ as a symbolic link is listed as one, not followed. */
		if (lstat(top, &st) == 0 && !S_ISDIR(st.st_mode)) {
			source_file *f;

			s->files = xgrow(s->files, &cap, s->nfiles + 1, sizeof(*s->files));
			f = memset(&s->files[s->nfiles++], 0, sizeof(*f));
			f->path = xstrndup(folders[i], strlen(folders[i]) - 1);
			f->mode = S_ISLNK(st.st_mode) ? HIST_MODE_LINK : HIST_MODE_BLOB;
			f->special = !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode);
			free(top);
			continue;
		}
		push_job(&w.q, &w.nq, &w.qcap, xasprintf("%s/", top), xstrdup(folders[i]), 0);
		free(top);
	}
	rc = walk_all(s, &w, threads);
	free(w.q);
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	if (rc != 0) {
		source_free(s);
		return -1;
	}
	if (s->nfiles > 1)
		qsort(s->files, s->nfiles, sizeof(*s->files), cmp_path);
	*out = s;
	return 0;
}

int
source_worktree(source **out, const char *root)
{
	return source_worktree_threads(out, root, 1);
}

static void
from_entries(source *s)
{
	size_t i;

	s->files = xcalloc(s->entries.n ? s->entries.n : 1, sizeof(*s->files));
	for (i = 0; i < s->entries.n; i++) {
		source_file *f = &s->files[s->nfiles++];

		f->path = s->entries.v[i].path;
		f->oid = s->entries.v[i].oid;
		f->has_oid = 1;
		f->mode = s->entries.v[i].mode;
		f->stage = s->entries.v[i].stage;
	}
}

/* The index's entries under records and schemas read from its file (gitindex.h); 1 when not. */
static int
index_direct(history *h, hist_entries *out)
{
	static const char *const prefixes[] = {"records", "schemas"};
	char *path = gitindex_path(h);
	int rc = gitindex_entries(path, prefixes, 2, out);

	free(path);
	return rc;
}

int
source_index(source **out, history *h)
{
	source *s = source_new(SOURCE_INDEX);
	size_t i, k;

	*out = NULL;
	s->hist = h;
	s->uri_base = xstrdup("git:///index/");
	/* Without the slash, so that records or schemas staged as a symbolic
	 * link is listed too; names that only begin the same are left out. */
	if (index_direct(h, &s->entries) == 0)
		i = sizeof(folders) / sizeof(folders[0]);
	else
		i = 0;
	for (; i < sizeof(folders) / sizeof(folders[0]); i++) {
		char *name = xstrndup(folders[i], strlen(folders[i]) - 1);
		int rc = history_index_entries(h, name, &s->entries);

		free(name);
		if (rc != 0) {
			source_free(s);
			return -1;
		}
	}
	from_entries(s);
	for (i = k = 0; i < s->nfiles; i++) {
		const char *p = s->files[i].path;
		size_t j, keep = 0;

		for (j = 0; j < sizeof(folders) / sizeof(folders[0]) && !keep; j++) {
			size_t n = strlen(folders[j]) - 1;

			keep = strncmp(p, folders[j], n) == 0 && (p[n] == '\0' || p[n] == '/');
		}
		if (keep)
			s->files[k++] = s->files[i];
	}
	s->nfiles = k;
	*out = s;
	return 0;
}

int
source_tree(source **out, history *h, const hist_oid *tree)
{
	source *s = source_new(SOURCE_TREE);
	char hex[HIST_HEXSZ + 1];
	size_t i;

	*out = NULL;
	s->hist = h;
	s->uri_base = xasprintf("git:///%s/", hist_oid_fmt(tree, hex));
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (history_tree_entries(h, tree, folders[i], &s->entries) != 0) {
			source_free(s);
			return -1;
		}
	from_entries(s);
	*out = s;
	return 0;
}

/* Appends one file to a source's listing. */
static void
entry_push(source *s, const char *dir, size_t dlen, const char *name, const hist_oid *oid,
	   unsigned mode)
{
	hist_entry *e;
	size_t nlen = strlen(name);
	char *path;

	s->entries.v = xgrow(s->entries.v, &s->entries.cap, s->entries.n + 1, sizeof(*s->entries.v));
	e = &s->entries.v[s->entries.n++];
	path = arena_alloc(&s->entries.arena, dlen + nlen + 1);
	memcpy(path, dir, dlen);
	memcpy(path + dlen, name, nlen + 1);
	e->path = path;
	e->oid = *oid;
	e->mode = mode;
	e->stage = 0;
}

/* Lists a tree into s, a folder of files from the cache when it is there. */
static int
walk_tree(source *s, tcache *tc, const hist_oid *tree, buf *dir, int depth)
{
	hist_entries kids = HIST_ENTRIES_INIT;
	const tcache_entry *cached;
	size_t i, n, base = dir->len;
	int leaf = 1, rc = 0;

	if (depth > MAX_DIR_DEPTH)
		return error_set("%s is nested more than %d folders deep", dir->ptr, MAX_DIR_DEPTH);
	if (tc != NULL && tcache_get(tc, tree, &cached, &n)) {
		for (i = 0; i < n; i++)
			entry_push(s, dir->ptr, dir->len, cached[i].name, &cached[i].oid, cached[i].mode);
		return 0;
	}
	if (history_tree_children(s->hist, tree, &kids) != 0)
		return -1;
	for (i = 0; i < kids.n && rc == 0; i++) {
		if (kids.v[i].mode == HIST_MODE_TREE) {
			leaf = 0;
			dir->len = base;
			buf_printf(dir, "%s/", kids.v[i].path);
			rc = walk_tree(s, tc, &kids.v[i].oid, dir, depth + 1);
		} else {
			entry_push(s, dir->ptr, base, kids.v[i].path, &kids.v[i].oid, kids.v[i].mode);
		}
	}
	dir->len = base;
	dir->ptr[base] = '\0';
	if (rc == 0 && leaf && tc != NULL && kids.n > 0)
		tcache_put(tc, tree, &kids);
	hist_entries_free(&kids);
	return rc;
}

int
source_tree_cached(source **out, history *h, const hist_oid *tree, const char *cache_dir)
{
	source *s = source_new(SOURCE_TREE);
	tcache *tc = cache_dir != NULL ? tcache_open(cache_dir) : NULL;
	char hex[HIST_HEXSZ + 1];
	buf dir = BUF_INIT;
	size_t i;
	int rc = 0;

	*out = NULL;
	s->hist = h;
	s->uri_base = xasprintf("git:///%s/", hist_oid_fmt(tree, hex));
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]) && rc == 0; i++) {
		hist_oid sub;
		unsigned mode;
		size_t len = strlen(folders[i]);
		int r;

		buf_reset(&dir);
		buf_put(&dir, folders[i], len - 1);
		r = history_tree_path(h, tree, dir.ptr, &sub, &mode);
		if (r < 0)
			rc = -1;
		else if (r == 0 && mode == HIST_MODE_TREE) {
			buf_putc(&dir, '/');
			rc = walk_tree(s, tc, &sub, &dir, 0);
		} else if (r == 0) {
			/* records or schemas as a file or a symbolic link: listed, not read. */
			entry_push(s, "", 0, dir.ptr, &sub, mode);
		}
	}
	buf_free(&dir);
	if (tc != NULL) {
		/* A cache that cannot be written only makes the next run slower. */
		if (rc == 0)
			tcache_save(tc);
		tcache_free(tc);
	}
	if (rc != 0) {
		source_free(s);
		return -1;
	}
	from_entries(s);
	*out = s;
	return 0;
}

/* Keeps p until the source is freed and returns it. */
static char *
own(source *s, char *p)
{
	s->owned = xgrow(s->owned, &s->owned_cap, s->nowned + 1, sizeof(*s->owned));
	s->owned[s->nowned++] = p;
	return p;
}

/* The index of path in the sorted listing, or where it would go (with *found 0). */
static size_t
find_path(const source *s, const char *path, int *found)
{
	size_t lo = 0, hi = s->nfiles;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->files[mid].path, path);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
source_add_memory(source *s, const char *path, const char *data, size_t len)
{
	int found;
	size_t at = find_path(s, path, &found);
	source_file *f;
	char *copy = xmalloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	if (found) {
		f = &s->files[at];
		if (s->kind == SOURCE_WORKTREE && f->mem == NULL)
			free((char *)f->path);
	} else {
		s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof(*s->files));
		memmove(&s->files[at + 1], &s->files[at], (s->nfiles - at) * sizeof(*s->files));
		s->nfiles++;
		f = &s->files[at];
	}
	memset(f, 0, sizeof(*f));
	f->path = own(s, xstrdup(path));
	f->mode = HIST_MODE_BLOB;
	f->mem = own(s, copy);
	f->mem_len = len;
}

void
source_drop(source *s, const char *prefix)
{
	size_t i, k = 0, n = strlen(prefix);

	for (i = 0; i < s->nfiles; i++) {
		source_file *f = &s->files[i];

		if (strncmp(f->path, prefix, n) != 0) {
			s->files[k++] = *f;
			continue;
		}
		if (s->kind == SOURCE_WORKTREE && f->mem == NULL)
			free((char *)f->path);
	}
	s->nfiles = k;
}

int
source_read(const source *s, const source_file *f, size_t max, buf *out, int *too_big)
{
	if (f->mem != NULL) {
		buf_reset(out);
		*too_big = f->mem_len > max;
		if (!*too_big)
			buf_put(out, f->mem, f->mem_len);
		return 0;
	}
	if (s->kind == SOURCE_WORKTREE) {
		char *path = xasprintf("%s%s", s->root, f->path);
		int rc = fsutil_read_regular(path, max, out, too_big);

		free(path);
		if (rc == 0 && *too_big)
			buf_reset(out);
		return rc;
	}
	return history_read_blob(s->hist, &f->oid, max, out, too_big);
}
