/*
 * The libgit2 side of the tools. Each function turns libgit2's error into
 * error_set() once, here, and hands back plain structs.
 */
#include "store/history.h"

#include <git2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/xalloc.h"

struct history {
	git_repository *repo;
	git_odb *odb;
	char *workdir;
	char *gitdir;
};

struct history_walk {
	git_revwalk *walk;
	git_repository *repo;
};

enum { MAX_TREE_DEPTH = 64 };

/* Whether libgit2 keeps parsed objects (history_cache_objects). */
static int cache_objects = 1;

static int
git_fail(const char *what)
{
	const git_error *e = git_error_last();

	return error_set("%s: %s", what, e != NULL && e->message != NULL ? e->message : "unknown");
}

static void
to_oid(hist_oid *out, const git_oid *in)
{
	memcpy(out->id, in->id, HIST_RAWSZ);
}

static void
from_oid(git_oid *out, const hist_oid *in)
{
	memcpy(out->id, in->id, HIST_RAWSZ);
}

static char *
with_slash(const char *path)
{
	size_t n = strlen(path);

	return n > 0 && path[n - 1] == '/' ? xstrdup(path) : xasprintf("%s/", path);
}

int
history_open(history **out, const char *start)
{
	history *h;
	int rc;

	*out = NULL;
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, cache_objects);
	h = xcalloc(1, sizeof(*h));
	if (start == NULL)
		rc = git_repository_open_ext(&h->repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		rc = git_repository_open_ext(&h->repo, start, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		free(h);
		git_libgit2_shutdown();
		return error_set("not inside a Git repository (make one with 'plan init DIR', "
				 "or run this inside a clone of the records)");
	}
	if (rc < 0) {
		git_fail("cannot open the Git repository");
		free(h);
		git_libgit2_shutdown();
		return -1;
	}
	if (git_repository_odb(&h->odb, h->repo) < 0) {
		git_fail("cannot open the Git object store");
		git_repository_free(h->repo);
		free(h);
		git_libgit2_shutdown();
		return -1;
	}
	if (git_repository_workdir(h->repo) != NULL)
		h->workdir = with_slash(git_repository_workdir(h->repo));
	h->gitdir = with_slash(git_repository_path(h->repo));
	*out = h;
	return 0;
}

void
history_free(history *h)
{
	if (h == NULL)
		return;
	git_odb_free(h->odb);
	git_repository_free(h->repo);
	free(h->workdir);
	free(h->gitdir);
	free(h);
	git_libgit2_shutdown();
}

int
history_hooks_dir(history *h, char **out)
{
	char *path = NULL;
	int rc = history_config(h, "core.hooksPath", &path);

	*out = NULL;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (path[0] == '/' || h->workdir == NULL)
			*out = path;
		else {
			*out = xasprintf("%s%s", h->workdir, path);
			free(path);
		}
		return 0;
	}
	*out = xasprintf("%shooks", git_repository_commondir(h->repo));
	return 0;
}

const char *
history_workdir(const history *h)
{
	return h->workdir;
}

const char *
history_gitdir(const history *h)
{
	return h->gitdir;
}

void
history_cache_objects(int on)
{
	cache_objects = on;
}

void
history_verify_objects(int on)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on ? 1 : 0);
}

int
history_hash_blob(const void *data, size_t len, hist_oid *out)
{
	git_oid g;

	if (git_odb_hash(&g, data, len, GIT_OBJECT_BLOB) < 0)
		return git_fail("cannot hash a file");
	to_oid(out, &g);
	return 0;
}

void
hist_entries_free(hist_entries *l)
{
	free(l->v);
	arena_free(&l->arena);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void
entry_add(hist_entries *l, const char *path, size_t len, const git_oid *oid, unsigned mode,
	  int stage)
{
	hist_entry *e;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	e = &l->v[l->n++];
	e->path = arena_strndup(&l->arena, path, len);
	to_oid(&e->oid, oid);
	e->mode = mode;
	e->stage = stage;
}

int
history_index_entries(history *h, const char *prefix, hist_entries *out)
{
	git_index *idx;
	size_t i, n, plen = strlen(prefix);

	if (git_repository_index(&idx, h->repo) < 0)
		return git_fail("cannot read the Git index");
	if (git_index_read(idx, 0) < 0) {
		git_index_free(idx);
		return git_fail("cannot read the Git index");
	}
	n = git_index_entrycount(idx);
	if (plen == 0 || git_index_find_prefix(&i, idx, prefix) < 0)
		i = plen == 0 ? 0 : n;
	for (; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);

		if (strncmp(e->path, prefix, plen) != 0)
			break;
		entry_add(out, e->path, strlen(e->path), &e->id, e->mode, GIT_INDEX_ENTRY_STAGE(e));
	}
	git_index_free(idx);
	return 0;
}

static int
list_tree(history *h, const git_tree *tree, buf *path, hist_entries *out, int depth)
{
	size_t i, n = git_tree_entrycount(tree);
	size_t base = path->len;

	if (depth > MAX_TREE_DEPTH)
		return error_set("the tree at %s is nested more than %d levels deep", path->ptr,
				 MAX_TREE_DEPTH);
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		unsigned mode = (unsigned)git_tree_entry_filemode(e);

		path->len = base;
		buf_puts(path, git_tree_entry_name(e));
		if (mode == HIST_MODE_TREE) {
			git_tree *sub;
			int rc;

			if (git_tree_lookup(&sub, h->repo, git_tree_entry_id(e)) < 0)
				return git_fail("cannot read a tree");
			buf_putc(path, '/');
			rc = list_tree(h, sub, path, out, depth + 1);
			git_tree_free(sub);
			if (rc < 0)
				return rc;
		} else {
			entry_add(out, path->ptr, path->len, git_tree_entry_id(e), mode, 0);
		}
	}
	path->len = base;
	if (path->ptr != NULL)
		path->ptr[base] = '\0';
	return 0;
}

int
history_tree_children(history *h, const hist_oid *tree, hist_entries *out)
{
	git_oid g;
	git_tree *t;
	size_t i, n;

	from_oid(&g, tree);
	if (git_tree_lookup(&t, h->repo, &g) < 0)
		return git_fail("cannot read a tree");
	n = git_tree_entrycount(t);
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);

		entry_add(out, name, strlen(name), git_tree_entry_id(e),
			  (unsigned)git_tree_entry_filemode(e), 0);
	}
	git_tree_free(t);
	return 0;
}

/* Looks up the subtree at prefix ("records/"); *out NULL when absent. */
static int
subtree(history *h, const hist_oid *tree_id, const char *prefix, git_tree **out)
{
	git_oid g;
	git_tree *root;
	git_tree_entry *e;
	char *dir;
	size_t len = strlen(prefix);
	int rc;

	*out = NULL;
	from_oid(&g, tree_id);
	if (git_tree_lookup(&root, h->repo, &g) < 0)
		return git_fail("cannot read a tree");
	if (len == 0) {
		*out = root;
		return 0;
	}
	dir = xstrndup(prefix, prefix[len - 1] == '/' ? len - 1 : len);
	rc = git_tree_entry_bypath(&e, root, dir);
	free(dir);
	git_tree_free(root);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return git_fail("cannot read a tree");
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(out, h->repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return rc < 0 ? git_fail("cannot read a tree") : 0;
}

static void
prefix_dir(buf *b, const char *prefix)
{
	size_t len = strlen(prefix);

	buf_puts(b, prefix);
	if (len > 0 && prefix[len - 1] != '/')
		buf_putc(b, '/');
}

int
history_tree_entries(history *h, const hist_oid *tree, const char *prefix, hist_entries *out)
{
	git_tree *t;
	buf path = BUF_INIT;
	int rc;

	if (subtree(h, tree, prefix, &t) < 0)
		return -1;
	if (t == NULL)
		return 0;
	prefix_dir(&path, prefix);
	rc = list_tree(h, t, &path, out, 0);
	git_tree_free(t);
	buf_free(&path);
	return rc;
}

int
history_tree_path(history *h, const hist_oid *tree, const char *path, hist_oid *out,
		  unsigned *mode)
{
	git_oid g;
	git_tree *root;
	git_tree_entry *e;
	int rc;

	from_oid(&g, tree);
	if (git_tree_lookup(&root, h->repo, &g) < 0)
		return git_fail("cannot read a tree");
	rc = git_tree_entry_bypath(&e, root, path);
	git_tree_free(root);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc < 0)
		return git_fail("cannot read a tree");
	to_oid(out, git_tree_entry_id(e));
	*mode = (unsigned)git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 0;
}

int
history_tree_file(history *h, const hist_oid *tree, const char *path, hist_oid *out,
		  unsigned *mode)
{
	int rc = history_tree_path(h, tree, path, out, mode);

	return rc == 0 && *mode == HIST_MODE_TREE ? 1 : rc;
}

int
history_read_blob(history *h, const hist_oid *oid, size_t max, buf *out, int *too_big)
{
	git_oid g;
	git_odb_object *obj;
	size_t len;
	git_object_t type;

	buf_reset(out);
	*too_big = 0;
	from_oid(&g, oid);
	/*
	 * Asking for the size first (git_odb_read_header) costs as much as the
	 * read when the blob is a delta in a pack, so read it and judge the size
	 * after: a blob over the limit is only ever as big as what Git holds.
	 */
	if (git_odb_read(&obj, h->odb, &g) < 0)
		return git_fail("cannot read a file from Git");
	len = git_odb_object_size(obj);
	type = git_odb_object_type(obj);
	if (type != GIT_OBJECT_BLOB) {
		git_odb_object_free(obj);
		return error_set("%s is not a file in Git", hist_oid_fmt(oid, (char[HIST_HEXSZ + 1]){0}));
	}
	if (len > max)
		*too_big = 1;
	else
		buf_put(out, git_odb_object_data(obj), len);
	git_odb_object_free(obj);
	return 0;
}

/*
 * The full reference a revision's leading name stands for, when it names a
 * branch (refs/heads/NAME) or a remote-tracking branch (refs/remotes/NAME,
 * or a remote's HEAD): Git's own lookup tries refs/tags/NAME first, so a tag
 * named like a branch ("main") would otherwise stand in for the branch. The
 * caller frees the result; NULL when the name is no branch.
 */
static char *
branch_first(history *h, const char *rev)
{
	static const char *const forms[] = {"refs/heads/%.*s", "refs/remotes/%.*s",
					    "refs/remotes/%.*s/HEAD"};
	size_t n = strcspn(rev, "~^:@"), i;
	char *name = NULL;

	while (rev[n] == '@' && rev[n + 1] != '{' && rev[n + 1] != '\0')
		n += 1 + strcspn(rev + n + 1, "~^:@");
	if (n == 0 || strncmp(rev, "refs/", 5) == 0 || (n == 4 && strncmp(rev, "HEAD", 4) == 0) ||
	    (n == HIST_HEXSZ && strspn(rev, "0123456789abcdef") == HIST_HEXSZ))
		return NULL;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]) && name == NULL; i++) {
		git_reference *ref;

		name = xasprintf(forms[i], (int)n, rev);
		if (git_reference_lookup(&ref, h->repo, name) == 0)
			git_reference_free(ref);
		else {
			free(name);
			name = NULL;
		}
	}
	if (name == NULL)
		return NULL;
	{
		char *full = xasprintf("%s%s", name, rev + n);

		free(name);
		return full;
	}
}

int
history_resolve(history *h, const char *rev, hist_oid *out)
{
	git_object *obj, *peeled;
	char *branch = branch_first(h, rev);
	int r = git_revparse_single(&obj, h->repo, branch != NULL ? branch : rev);

	free(branch);
	if (r < 0)
		return error_set("'%s' does not name a commit in this repository", rev);
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return error_set("'%s' does not name a commit", rev);
	}
	to_oid(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

int
history_resolve_short(history *h, const char *hex, hist_oid *out)
{
	git_oid g;
	git_commit *c;
	size_t n = strlen(hex);

	if (n < 4 || n > HIST_HEXSZ || strspn(hex, "0123456789abcdef") != n ||
	    git_oid_fromstrn(&g, hex, n) < 0 || git_commit_lookup_prefix(&c, h->repo, &g, n) < 0)
		return error_set("'%s' is no commit id in this repository", hex);
	to_oid(out, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int
history_ref(history *h, const char *refname, hist_oid *out)
{
	git_oid g;
	int rc = git_reference_name_to_id(&g, h->repo, refname);

	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
		return 1;
	if (rc < 0)
		return git_fail("cannot read a reference");
	to_oid(out, &g);
	return 0;
}

int
history_head(history *h, char **branch, hist_oid *out)
{
	git_reference *head;
	git_oid g;
	int rc;

	*branch = NULL;
	memset(out, 0, sizeof(*out));
	rc = git_reference_lookup(&head, h->repo, "HEAD");
	if (rc < 0)
		return git_fail("cannot read HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		*branch = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	rc = git_reference_name_to_id(&g, h->repo, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 1;
	if (rc < 0) {
		free(*branch);
		*branch = NULL;
		return git_fail("cannot read HEAD");
	}
	to_oid(out, &g);
	return 0;
}

static void
copy_sig(hist_sig *out, const git_signature *s)
{
	out->name = xstrdup(s->name != NULL ? s->name : "");
	out->email = xstrdup(s->email != NULL ? s->email : "");
	out->time = (int64_t)s->when.time;
	out->offset = s->when.offset;
}

static int commit_read_raw(history *h, const hist_oid *id, hist_commit *out);

int
history_commit(history *h, const hist_oid *id, hist_commit *out)
{
	git_oid g;
	git_commit *c;
	size_t i;

	if (commit_read_raw(h, id, out) == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	from_oid(&g, id);
	if (git_commit_lookup(&c, h->repo, &g) < 0)
		return git_fail("cannot read a commit");
	out->id = *id;
	to_oid(&out->tree, git_commit_tree_id(c));
	out->nparents = git_commit_parentcount(c);
	out->parents = xcalloc(out->nparents ? out->nparents : 1, sizeof(*out->parents));
	for (i = 0; i < out->nparents; i++)
		to_oid(&out->parents[i], git_commit_parent_id(c, (unsigned)i));
	copy_sig(&out->author, git_commit_author(c));
	copy_sig(&out->committer, git_commit_committer(c));
	out->message = xstrdup(git_commit_message(c) != NULL ? git_commit_message(c) : "");
	git_commit_free(c);
	return 0;
}

void
hist_commit_free(hist_commit *c)
{
	if (c == NULL)
		return;
	if (c->mem != NULL) {
		free(c->mem);
		memset(c, 0, sizeof(*c));
		return;
	}
	free(c->parents);
	free(c->author.name);
	free(c->author.email);
	free(c->committer.name);
	free(c->committer.email);
	free(c->message);
	memset(c, 0, sizeof(*c));
}

int
history_commit_signature(history *h, const hist_oid *id, buf *sig, buf *signed_data)
{
	git_buf s = GIT_BUF_INIT, d = GIT_BUF_INIT;
	git_oid g;
	int rc;

	from_oid(&g, id);
	rc = git_commit_extract_signature(&s, &d, h->repo, &g, NULL);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc < 0)
		return git_fail("cannot read a commit's signature");
	buf_reset(sig);
	buf_reset(signed_data);
	buf_put(sig, s.ptr, s.size);
	buf_put(signed_data, d.ptr, d.size);
	git_buf_dispose(&s);
	git_buf_dispose(&d);
	return 0;
}

int
history_trailers(const char *message, const char *key, char ***out, size_t *n)
{
	git_message_trailer_array arr;
	size_t i;

	*out = NULL;
	*n = 0;
	if (git_message_trailers(&arr, message) < 0)
		return git_fail("cannot read a commit message's trailers");
	*out = xcalloc(arr.count + 1, sizeof(**out));
	for (i = 0; i < arr.count; i++)
		if (strcasecmp(arr.trailers[i].key, key) == 0)
			(*out)[(*n)++] = xstrdup(arr.trailers[i].value);
	git_message_trailer_array_free(&arr);
	return 0;
}

void
hist_strings_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
history_walk_new(history_walk **out, history *h, const hist_oid *tip, const hist_oid *hide,
		 unsigned flags)
{
	history_walk *w = xcalloc(1, sizeof(*w));
	git_oid g;
	unsigned sort = (flags & HIST_WALK_UNORDERED) ? GIT_SORT_NONE : GIT_SORT_TOPOLOGICAL;

	*out = NULL;
	w->repo = h->repo;
	if (git_revwalk_new(&w->walk, h->repo) < 0) {
		free(w);
		return git_fail("cannot walk the history");
	}
	if (flags & HIST_WALK_REVERSE)
		sort |= GIT_SORT_REVERSE;
	git_revwalk_sorting(w->walk, sort);
	if (flags & HIST_WALK_FIRST_PARENT)
		git_revwalk_simplify_first_parent(w->walk);
	from_oid(&g, tip);
	if (git_revwalk_push(w->walk, &g) < 0)
		goto fail;
	if (hide != NULL && !hist_oid_is_zero(hide)) {
		from_oid(&g, hide);
		if (git_revwalk_hide(w->walk, &g) < 0)
			goto fail;
	}
	*out = w;
	return 0;
fail:
	git_fail("cannot walk the history");
	git_revwalk_free(w->walk);
	free(w);
	return -1;
}

int
history_walk_hide_refs(history_walk *w)
{
	if (git_revwalk_hide_glob(w->walk, "refs/heads/*") < 0 ||
	    git_revwalk_hide_glob(w->walk, "refs/tags/*") < 0)
		return git_fail("cannot walk the history");
	return 0;
}

int
history_walk_next(history_walk *w, hist_oid *out)
{
	git_oid g;
	int rc = git_revwalk_next(&g, w->walk);

	if (rc == GIT_ITEROVER)
		return 1;
	if (rc < 0)
		return git_fail("cannot walk the history");
	to_oid(out, &g);
	return 0;
}

void
history_walk_free(history_walk *w)
{
	if (w == NULL)
		return;
	git_revwalk_free(w->walk);
	free(w);
}

int
history_merge_base(history *h, const hist_oid *a, const hist_oid *b, hist_oid *out)
{
	git_oid ga, gb, base;
	int rc;

	from_oid(&ga, a);
	from_oid(&gb, b);
	rc = git_merge_base(&base, h->repo, &ga, &gb);
	if (rc == GIT_ENOTFOUND)
		return error_set("the two revisions have no history in common");
	if (rc < 0)
		return git_fail("cannot find a common ancestor");
	to_oid(out, &base);
	return 0;
}

int
history_is_ancestor(history *h, const hist_oid *ancestor, const hist_oid *descendant)
{
	git_oid a, d;
	int rc;

	if (hist_oid_equal(ancestor, descendant))
		return 1;
	from_oid(&a, ancestor);
	from_oid(&d, descendant);
	rc = git_graph_descendant_of(h->repo, &d, &a);
	return rc < 0 ? git_fail("cannot compare commits") : rc;
}

int
history_first_parents_reach(history *h, const hist_oid *ancestor, const hist_oid *tip,
			    size_t limit, size_t *steps)
{
	size_t n;
	int r = history_first_parents(h, tip, ancestor, limit, NULL, &n);

	if (r == 1 && steps != NULL)
		*steps = n;
	return r;
}

int
history_on_first_parent_line(history *h, const hist_oid *ancestor, const hist_oid *tip)
{
	return history_first_parents_reach(h, ancestor, tip, SIZE_MAX, NULL);
}

void
hist_changes_free(hist_changes *l)
{
	free(l->v);
	arena_free(&l->arena);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void
change_add(hist_changes *l, hist_change_kind kind, const buf *path, const git_tree_entry *old,
	   const git_tree_entry *new)
{
	hist_change *c;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->path = arena_strndup(&l->arena, path->ptr, path->len);
	if (old != NULL) {
		to_oid(&c->old_oid, git_tree_entry_id(old));
		c->old_mode = (unsigned)git_tree_entry_filemode(old);
	}
	if (new != NULL) {
		to_oid(&c->new_oid, git_tree_entry_id(new));
		c->new_mode = (unsigned)git_tree_entry_filemode(new);
	}
}

static int diff_trees(history *h, const git_tree *a, const git_tree *b, buf *path,
		      hist_changes *out, int depth);

/* A whole subtree that was added (side 1) or deleted (side 0). */
static int
one_side(history *h, const git_tree_entry *e, int added, buf *path, hist_changes *out, int depth)
{
	git_tree *t;
	int rc;

	if (git_tree_entry_filemode(e) != GIT_FILEMODE_TREE) {
		change_add(out, added ? HIST_ADDED : HIST_DELETED, path, added ? NULL : e,
			   added ? e : NULL);
		return 0;
	}
	if (git_tree_lookup(&t, h->repo, git_tree_entry_id(e)) < 0)
		return git_fail("cannot read a tree");
	buf_putc(path, '/');
	rc = diff_trees(h, added ? NULL : t, added ? t : NULL, path, out, depth + 1);
	git_tree_free(t);
	return rc;
}

static int
both_sides(history *h, const git_tree_entry *ea, const git_tree_entry *eb, buf *path,
	   hist_changes *out, int depth)
{
	git_tree *ta, *tb;
	int rc;

	if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return 0;
	if (git_tree_entry_filemode(ea) != GIT_FILEMODE_TREE) {
		change_add(out, HIST_MODIFIED, path, ea, eb);
		return 0;
	}
	if (git_tree_lookup(&ta, h->repo, git_tree_entry_id(ea)) < 0)
		return git_fail("cannot read a tree");
	if (git_tree_lookup(&tb, h->repo, git_tree_entry_id(eb)) < 0) {
		git_tree_free(ta);
		return git_fail("cannot read a tree");
	}
	buf_putc(path, '/');
	rc = diff_trees(h, ta, tb, path, out, depth + 1);
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

/*
 * Walks two sorted trees in step. Entries are ordered as Git orders them
 * (a tree's name compares as if it ended in '/'), which git_tree_entry_cmp
 * gives; a name that is a file on one side and a folder on the other
 * compares unequal and so is a deletion plus an addition.
 */
static int
diff_trees(history *h, const git_tree *a, const git_tree *b, buf *path, hist_changes *out,
	   int depth)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	size_t base = path->len;
	int rc = 0;

	if (depth > MAX_TREE_DEPTH)
		return error_set("a tree is nested more than %d levels deep", MAX_TREE_DEPTH);
	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = ea == NULL ? 1 : eb == NULL ? -1 : git_tree_entry_cmp(ea, eb);

		path->len = base;
		buf_puts(path, git_tree_entry_name(c <= 0 ? ea : eb));
		if (c < 0) {
			rc = one_side(h, ea, 0, path, out, depth);
			i++;
		} else if (c > 0) {
			rc = one_side(h, eb, 1, path, out, depth);
			j++;
		} else {
			rc = both_sides(h, ea, eb, path, out, depth);
			i++;
			j++;
		}
	}
	path->len = base;
	if (path->ptr != NULL)
		path->ptr[base] = '\0';
	return rc;
}

int
history_tree_changes(history *h, const hist_oid *old_tree, const hist_oid *new_tree,
		     const char *prefix, hist_changes *out)
{
	git_tree *a = NULL, *b = NULL;
	buf path = BUF_INIT;
	int rc = -1;

	if (old_tree != NULL && !hist_oid_is_zero(old_tree) && subtree(h, old_tree, prefix, &a) < 0)
		goto done;
	if (new_tree != NULL && !hist_oid_is_zero(new_tree) && subtree(h, new_tree, prefix, &b) < 0)
		goto done;
	if (a != NULL && b != NULL && git_oid_equal(git_tree_id(a), git_tree_id(b))) {
		rc = 0;
		goto done;
	}
	prefix_dir(&path, prefix);
	rc = diff_trees(h, a, b, &path, out, 0);
done:
	git_tree_free(a);
	git_tree_free(b);
	buf_free(&path);
	return rc;
}

int
history_config(history *h, const char *key, char **out)
{
	git_config *cfg;
	git_buf v = GIT_BUF_INIT;
	int rc;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, h->repo) < 0)
		return git_fail("cannot read the Git configuration");
	rc = git_config_get_string_buf(&v, cfg, key);
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc < 0)
		return git_fail("cannot read the Git configuration");
	*out = xstrndup(v.ptr, v.size);
	git_buf_dispose(&v);
	return 0;
}

int
history_first_parents(history *h, const hist_oid *tip, const hist_oid *stop, size_t limit,
		      hist_commit **out, size_t *n)
{
	hist_oid id = *tip;
	size_t cap = 0, i;

	if (out != NULL)
		*out = NULL;
	*n = 0;
	if (stop != NULL && hist_oid_is_zero(stop))
		stop = NULL;
	for (;;) {
		hist_commit c;

		if (stop != NULL && hist_oid_equal(&id, stop))
			return 1;
		if (*n >= limit)
			return 0;
		if (history_commit(h, &id, &c) != 0)
			break;
		(*n)++;
		if (c.nparents > 0)
			id = c.parents[0];
		if (out != NULL) {
			*out = xgrow(*out, &cap, *n, sizeof(**out));
			(*out)[*n - 1] = c;
		}
		if (c.nparents == 0) {
			if (out == NULL)
				hist_commit_free(&c);
			return 0;
		}
		if (out == NULL)
			hist_commit_free(&c);
	}
	if (out != NULL) {
		for (i = 0; i < *n; i++)
			hist_commit_free(&(*out)[i]);
		free(*out);
		*out = NULL;
	}
	*n = 0;
	return -1;
}

void
hist_commits_free(hist_commit *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		hist_commit_free(&v[i]);
	free(v);
}

/*
 * Reading a commit without libgit2's parsed object: its raw text, parsed
 * into one block of memory, as git_commit_lookup would parse it (the same
 * fields; a signature as git_signature__parse reads one). Returns 1 when
 * the object is not a commit this reads plainly (history_commit then asks
 * libgit2, for its words on what is wrong), -1 when it cannot be read.
 */
static int
parse_hex_line(const char **p, const char *end, const char *key, hist_oid *out)
{
	size_t klen = strlen(key);
	git_oid g;

	if ((size_t)(end - *p) < klen + HIST_HEXSZ + 1 || memcmp(*p, key, klen) != 0 ||
	    (*p)[klen + HIST_HEXSZ] != '\n' || git_oid_fromstrn(&g, *p + klen, HIST_HEXSZ) < 0)
		return -1;
	to_oid(out, &g);
	*p += klen + HIST_HEXSZ + 1;
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The span of [s, e) without white space at its ends. */
static void
trimmed(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
}

/* A number of at most digits digits (after an optional sign), as git__strntol64 reads it. */
static int
read_long(const char *p, const char *end, int64_t *out, const char **stop)
{
	int neg = 0;
	int64_t v = 0;
	const char *q;

	while (p < end && is_space(*p))
		p++;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (q = p; q < end && *q >= '0' && *q <= '9'; q++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*q - '0');
	}
	if (q == p)
		return -1;
	*out = neg ? -v : v;
	*stop = q;
	return 0;
}

typedef struct raw_sig {
	const char *name, *name_end, *email, *email_end;
	int64_t time;
	int offset;
} raw_sig;

static int
parse_sig(const char **p, const char *end, const char *key, raw_sig *s)
{
	size_t klen = strlen(key);
	const char *line = *p, *eol, *lt = NULL, *gt = NULL, *q;

	memset(s, 0, sizeof(*s));
	if ((size_t)(end - line) < klen || memcmp(line, key, klen) != 0)
		return -1;
	eol = memchr(line, '\n', (size_t)(end - line));
	if (eol == NULL)
		return -1;
	line += klen;
	for (q = line; q < eol; q++) {
		if (*q == '<')
			lt = q;
		else if (*q == '>')
			gt = q;
	}
	if (lt == NULL || gt == NULL || gt <= lt)
		return -1;
	s->name = line;
	s->name_end = lt;
	trimmed(&s->name, &s->name_end);
	s->email = lt + 1;
	s->email_end = gt;
	trimmed(&s->email, &s->email_end);
	if (gt + 2 < eol) {
		const char *tz;
		int64_t off;

		if (read_long(gt + 2, eol, &s->time, &tz) != 0)
			return -1;
		if (tz + 1 < eol) {
			tz++;
			if ((*tz != '-' && *tz != '+') || read_long(tz + 1, eol, &off, &q) != 0 ||
			    off > INT32_MAX || off < INT32_MIN)
				off = 0;
			if (off / 100 <= 14 && off % 100 <= 59)
				s->offset = (int)((off / 100) * 60 + off % 100) * (*tz == '-' ? -1 : 1);
		}
	}
	*p = eol + 1;
	return 0;
}

static char *
put_str(char **at, const char *s, const char *e)
{
	char *r = *at;

	memcpy(r, s, (size_t)(e - s));
	r[e - s] = '\0';
	*at += e - s + 1;
	return r;
}

static int
commit_read_raw(history *h, const hist_oid *id, hist_commit *out)
{
	git_oid g;
	git_odb_object *obj;
	const char *p, *end, *msg, *msg_end;
	hist_oid tree, parent;
	size_t nparents = 0, size;
	raw_sig au, co;
	char *at;
	int rc = 1;

	memset(out, 0, sizeof(*out));
	from_oid(&g, id);
	if (git_odb_read(&obj, h->odb, &g) < 0)
		return 1;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT)
		goto done;
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	if (parse_hex_line(&p, end, "tree ", &tree) != 0)
		goto done;
	msg = p;
	while (parse_hex_line(&p, end, "parent ", &parent) == 0)
		nparents++;
	if (parse_sig(&p, end, "author ", &au) != 0)
		goto done;
	/* Some tools write more than one author; the first counts. */
	while ((size_t)(end - p) >= 7 && memcmp(p, "author ", 7) == 0) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		p = eol != NULL ? eol + 1 : end;
	}
	if (parse_sig(&p, end, "committer ", &co) != 0)
		goto done;
	/* The other headers, up to the empty line. */
	while (p < end && !(p[-1] == '\n' && p[0] == '\n')) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		p = eol != NULL ? eol + 1 : end;
	}
	msg_end = p + 1 <= end ? p + 1 + strnlen(p + 1, (size_t)(end - p - 1)) : NULL;
	p = p + 1 <= end ? p + 1 : NULL;
	while (p != NULL && p < msg_end && *p == '\n')
		p++;
	size = (nparents ? nparents : 1) * sizeof(hist_oid) + (size_t)(au.name_end - au.name) +
	       (size_t)(au.email_end - au.email) + (size_t)(co.name_end - co.name) +
	       (size_t)(co.email_end - co.email) + (p != NULL ? (size_t)(msg_end - p) : 0) + 5;
	out->mem = xmalloc(size);
	out->parents = out->mem;
	at = (char *)(out->parents + (nparents ? nparents : 1));
	out->id = *id;
	out->tree = tree;
	/* The parents again, from where they began. */
	while (out->nparents < nparents) {
		parse_hex_line(&msg, end, "parent ", &out->parents[out->nparents]);
		out->nparents++;
	}
	out->author.name = put_str(&at, au.name, au.name_end);
	out->author.email = put_str(&at, au.email, au.email_end);
	out->author.time = au.time;
	out->author.offset = au.offset;
	out->committer.name = put_str(&at, co.name, co.name_end);
	out->committer.email = put_str(&at, co.email, co.email_end);
	out->committer.time = co.time;
	out->committer.offset = co.offset;
	out->message = p != NULL ? put_str(&at, p, msg_end) : put_str(&at, "", "");
	rc = 0;
done:
	git_odb_object_free(obj);
	return rc;
}

int
history_main_line(history *h, const char *rev, hist_oid *out)
{
	if (rev != NULL)
		return history_resolve(h, rev, out);
	if (history_ref(h, "refs/heads/main", out) == 0)
		return 0;
	if (history_resolve(h, "HEAD", out) != 0)
		return error_set("there are no commits yet, so there is no history to follow");
	return 0;
}

/* A tree entry's mode as libgit2 gives it (git_tree_entry_filemode). */
static unsigned
normal_mode(unsigned m)
{
	if ((m & 0170000) == 0040000)
		return HIST_MODE_TREE;
	if (m & 0111)
		return HIST_MODE_EXEC;
	if ((m & 0170000) == 0160000)
		return HIST_MODE_GITLINK;
	if ((m & 0170000) == 0120000)
		return HIST_MODE_LINK;
	return HIST_MODE_BLOB;
}

int
history_tree_children_raw(history *h, const hist_oid *tree, hist_entries *out)
{
	git_oid g;
	git_odb_object *obj;
	const unsigned char *p, *end;
	int rc = -1;

	from_oid(&g, tree);
	if (git_odb_read(&obj, h->odb, &g) < 0)
		return git_fail("cannot read a tree");
	if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(obj);
		return error_set("%s: %s", "cannot read a tree", "the object is no tree");
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	while (p < end) {
		unsigned mode = 0;
		const unsigned char *name, *nul;

		while (p < end && *p >= '0' && *p <= '7')
			mode = mode * 8 + (unsigned)(*p++ - '0');
		if (p >= end || *p != ' ')
			goto bad;
		name = ++p;
		nul = memchr(p, '\0', (size_t)(end - p));
		if (nul == NULL || nul == name || (size_t)(end - nul - 1) < HIST_RAWSZ)
			goto bad;
		memcpy(g.id, nul + 1, HIST_RAWSZ);
		entry_add(out, (const char *)name, (size_t)(nul - name), &g, normal_mode(mode), 0);
		p = nul + 1 + HIST_RAWSZ;
	}
	rc = 0;
	goto done;
bad:
	error_set("%s: %s", "cannot read a tree", "the tree is damaged");
done:
	git_odb_object_free(obj);
	return rc;
}

int
history_commit_odb(history *h, const hist_oid *id, hist_commit *out)
{
	int rc = commit_read_raw(h, id, out);

	if (rc != 0)
		return error_set("%s: %s", "cannot read a commit",
				 hist_oid_fmt(id, (char[HIST_HEXSZ + 1]){0}));
	return 0;
}
