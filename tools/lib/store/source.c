/*
 * Listing the files of a check from the work tree, the index or a tree.
 */
#define _POSIX_C_SOURCE 200809L
#include "store/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

typedef struct walk {
	source *s;
	size_t cap;
	buf abs;
	buf rel;
} walk;

static int
walk_dir(walk *w, int depth)
{
	DIR *d;
	struct dirent *de;
	size_t abs_len = w->abs.len, rel_len = w->rel.len;
	int rc = 0;

	if (depth > MAX_DIR_DEPTH)
		return error_set("%s is nested more than %d folders deep", w->rel.ptr, MAX_DIR_DEPTH);
	d = opendir(w->abs.ptr);
	if (d == NULL) {
		if (errno == ENOENT && depth == 0)
			return 0;
		return error_set_errno("cannot read the folder %s", w->rel.ptr);
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct stat st;
		source_file *f;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		w->abs.len = abs_len;
		w->rel.len = rel_len;
		buf_puts(&w->abs, de->d_name);
		buf_puts(&w->rel, de->d_name);
		/* Relative to the open folder: the kernel need not walk the whole path again. */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = error_set_errno("cannot look at %s", w->rel.ptr);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			buf_putc(&w->abs, '/');
			buf_putc(&w->rel, '/');
			rc = walk_dir(w, depth + 1);
			continue;
		}
		w->s->files = xgrow(w->s->files, &w->cap, w->s->nfiles + 1, sizeof(*w->s->files));
		f = memset(&w->s->files[w->s->nfiles++], 0, sizeof(*f));
		f->path = xstrndup(w->rel.ptr, w->rel.len);
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
	w->abs.len = abs_len;
	w->rel.len = rel_len;
	w->abs.ptr[abs_len] = '\0';
	w->rel.ptr[rel_len] = '\0';
	return rc;
}

int
source_worktree(source **out, const char *root)
{
	source *s = source_new(SOURCE_WORKTREE);
	walk w;
	size_t i, n = strlen(root);
	char *abs;

	*out = NULL;
	s->root = n > 0 && root[n - 1] == '/' ? xstrdup(root) : xasprintf("%s/", root);
	abs = realpath(s->root, NULL);
	s->uri_base = xasprintf("file://%s/", abs != NULL ? abs : s->root);
	free(abs);
	memset(&w, 0, sizeof(w));
	w.s = s;
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		struct stat st;

		buf_reset(&w.abs);
		buf_reset(&w.rel);
		buf_printf(&w.abs, "%s%.*s", s->root, (int)strlen(folders[i]) - 1, folders[i]);
		/* records/ or schemas/ as a symbolic link is listed as one, not followed. */
		if (lstat(w.abs.ptr, &st) == 0 && !S_ISDIR(st.st_mode)) {
			source_file *f;

			s->files = xgrow(s->files, &w.cap, s->nfiles + 1, sizeof(*s->files));
			f = memset(&s->files[s->nfiles++], 0, sizeof(*f));
			f->path = xstrndup(folders[i], strlen(folders[i]) - 1);
			f->mode = S_ISLNK(st.st_mode) ? HIST_MODE_LINK : HIST_MODE_BLOB;
			f->special = !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode);
			continue;
		}
		buf_putc(&w.abs, '/');
		buf_puts(&w.rel, folders[i]);
		if (walk_dir(&w, 0) != 0) {
			buf_free(&w.abs);
			buf_free(&w.rel);
			source_free(s);
			return -1;
		}
	}
	buf_free(&w.abs);
	buf_free(&w.rel);
	if (s->nfiles > 1)
		qsort(s->files, s->nfiles, sizeof(*s->files), cmp_path);
	*out = s;
	return 0;
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
