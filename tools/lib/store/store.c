/*
 * Loading a ledger: schemas first, then each record through YAML, schema
 * and extraction, with the caches kept within a run (ledger_memo) and
 * between runs (rcache.h, tcache.h); then, for store_check, the rules.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "jschema/jschema.h"
#include "ledger/rules.h"
#include "store/rcache.h"
#include "store/results.h"
#include "store/snapshot.h"
#include "store/source.h"
#include "util/binio.h"
#include "util/cachefile.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/workpool.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

static const rec_kind record_kinds[] = {REC_PLAN,      REC_GOAL,   REC_ACTIVITY,
					REC_INDICATOR, REC_PEOPLE, REC_EVENT};
enum { NRECORD_KINDS = sizeof(record_kinds) / sizeof(record_kinds[0]) };

typedef struct memo_entry {
	hist_oid oid;
	char *path;
	ytree_doc *doc; /* NULL when the file was rejected */
	int valid;
	diag_list findings;
} memo_entry;

struct ledger_memo {
	/* The schemas the entries were checked against: a hash of their ids. */
	hist_oid schemas;
	int has_schemas;
	memo_entry *v;
	size_t n, cap;
	size_t *slots; /* open addressing: index + 1 into v */
	size_t nslots;
};

ledger_memo *
ledger_memo_new(void)
{
	return xcalloc(1, sizeof(ledger_memo));
}

/* Forgets every entry, keeping the cache itself. */
static void
cache_clear(ledger_memo *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		ytree_doc_free(c->v[i].doc);
		diag_list_free(&c->v[i].findings);
	}
	free(c->v);
	free(c->slots);
	c->v = NULL;
	c->slots = NULL;
	c->n = c->cap = c->nslots = 0;
}

void
ledger_memo_free(ledger_memo *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	free(c);
}

/*
 * Entries hold schema findings, so they are only good for the schemas they
 * were made with: a source whose schemas differ (by blob id) empties the
 * cache. A source without blob ids (the work tree) does not use it.
 */
static void
cache_use_schemas(ledger_memo *c, const source *src)
{
	buf key = BUF_INIT;
	hist_oid id;
	size_t i;
	char hex[HIST_HEXSZ + 1];

	for (i = 0; i < src->nfiles; i++)
		if (strncmp(src->files[i].path, "schemas/", 8) == 0 && src->files[i].has_oid)
			buf_printf(&key, "%s %s\n", hist_oid_fmt(&src->files[i].oid, hex),
				   src->files[i].path);
	if (history_hash_blob(key.ptr != NULL ? key.ptr : "", key.len, &id) == 0 &&
	    (!c->has_schemas || !hist_oid_equal(&id, &c->schemas))) {
		cache_clear(c);
		c->schemas = id;
		c->has_schemas = 1;
	}
	buf_free(&key);
}

static size_t
cache_hash(const hist_oid *oid, const char *path)
{
	size_t h = 0, i;

	for (i = 0; i < sizeof(h) && i < HIST_RAWSZ; i++)
		h = (h << 8) | oid->id[i];
	while (*path)
		h = (h ^ (unsigned char)*path++) * 1099511628211u;
	return h;
}

static memo_entry *
cache_find(ledger_memo *c, const hist_oid *oid, const char *path)
{
	size_t i;

	if (c->nslots == 0)
		return NULL;
	for (i = cache_hash(oid, path) & (c->nslots - 1); c->slots[i] != 0;
	     i = (i + 1) & (c->nslots - 1)) {
		memo_entry *e = &c->v[c->slots[i] - 1];

		if (hist_oid_equal(&e->oid, oid) && strcmp(e->path, path) == 0)
			return e;
	}
	return NULL;
}

static void
cache_slot(ledger_memo *c, size_t idx)
{
	size_t i;

	for (i = cache_hash(&c->v[idx].oid, c->v[idx].path) & (c->nslots - 1); c->slots[i] != 0;
	     i = (i + 1) & (c->nslots - 1))
		;
	c->slots[i] = idx + 1;
}

static memo_entry *
cache_add(ledger_memo *c, const hist_oid *oid, const char *path)
{
	memo_entry *e;
	size_t i;

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	e = memset(&c->v[c->n++], 0, sizeof(*e));
	e->oid = *oid;
	e->path = xstrdup(path);
	if (c->n * 2 > c->nslots) {
		free(c->slots);
		c->nslots = c->nslots ? c->nslots * 2 : 1024;
		c->slots = xcalloc(c->nslots, sizeof(*c->slots));
		for (i = 0; i < c->n; i++)
			cache_slot(c, i);
	} else {
		cache_slot(c, c->n - 1);
	}
	return e;
}

/* Appends copies of the findings of a cached file. */
static void
copy_findings(diag_list *out, const diag_list *in)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		const diag *d = &in->items[i];

		diag_add(out, d->path, d->line, d->col, d->severity, d->rule, "%s", d->message);
		diag_set_location(out, d->pointer, d->schema_loc);
	}
}

/* What an event file judged through the cache gave, for the snapshot to be written. */
typedef struct snap_note {
	int set;
	const unsigned char *raw; /* the entry's bytes, when from a snapshot */
	size_t rawlen;
	long event;               /* its event's index in the ledger, or -1 */
	size_t first, end;        /* its findings */
	int valid;
} snap_note;

enum { SNAP_DIRECT = 64 };

typedef struct snap_state {
	snapshot *own;  /* the snapshot of the tree being loaded, which lists it */
	snapshot *base; /* the one unchanged event files are taken from */
	size_t used;    /* event files taken from base */
	size_t direct;  /* event files beside base read without the cache of single files */
	snap_note *notes; /* per file of the source, when a snapshot is to be written */
	const hist_oid *tree; /* the tree to write it for (NULL: the index) */
} snap_state;


/*
 * A cache entry to remember once every file is loaded: while the threads of
 * a load run, the cache is only read. Its event and findings are given as
 * indices into the ledger's events and the findings of the load (or, until
 * its piece is merged, of the piece).
 */
typedef struct cache_put {
	hist_oid oid;
	char *path; /* a work tree file's stat data when not NULL (owned) */
	rcache_stat st;
	long event; /* else an event blob: its event, or -1 for none */
	size_t first, nfindings;
	int valid;
} cache_put;

typedef struct cache_puts {
	cache_put *v;
	size_t n, cap;
} cache_puts;

/*
 * The state of a load. The files under records/ are read in pieces, each
 * by a copy of the loader with a ledger, findings, cache entries and read
 * buffer of its own (load_records); the rest is shared and only read then.
 */
typedef struct loader {
	const source *src;
	const ledger_load_options *o;
	diag_list *out;
	jschema_registry *reg;
	const jschema *schemas[NRECORD_KINDS];
	const ytree_node *common; /* common.schema.yaml, for the event kinds */
	ledger *l;
	buf data;
	int data_too_big; /* the last file read was too large to read: data holds nothing of it */
	int data_held;    /* data already holds the file parse_and_validate is to judge */
	buf schemas_key; /* "path blob-id" of every schema file, for the cache */
	hist_oid key;    /* its hash, when has_key: what cached findings are good for */
	int has_key;
	rcache *rc; /* opened when first needed (rcache_of) */
	ledger_load_stats stats;
	snap_state snap;
	cache_puts *puts; /* where the cache entries to remember go */
	/* Where the cache of single files is kept once opened: the loader's own,
	 * also for the copies that read pieces of the files (see rcache_of). */
	rcache **rc_home;
} loader;

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
is_schema_file(const char *path)
{
	return strncmp(path, "schemas/", 8) == 0 && strchr(path + 8, '/') == NULL &&
	       (ends_with(path, ".yaml") || ends_with(path, ".yml") || ends_with(path, ".json"));
}

static void
file_finding(loader *c, const char *path, const char *message)
{
	diag_add(c->out, path, 0, 0, DIAG_ERROR, "file", "%s", message);
}

/*
 * Everything under records/ and schemas/ must be an ordinary file: a
 * symbolic link could show the check one file and the reader another, or
 * reach outside the repository, and a named pipe or a device could hold the
 * check up for ever; none is read. Returns 1 when f is such a file (and
 * gives the finding).
 */
static int
not_ordinary(loader *c, const source_file *f)
{
	const char *where = strncmp(f->path, "schemas", 7) == 0 ? "schemas/" : "records/";

	if (f->mode == HIST_MODE_LINK)
		diag_add(c->out, f->path, 0, 0, DIAG_ERROR, "file",
			 "this is a symbolic link; everything under %s must be an ordinary file "
			 "in the repository (replace the link with the file itself)",
			 where);
	else if (f->mode == HIST_MODE_GITLINK)
		diag_add(c->out, f->path, 0, 0, DIAG_ERROR, "file",
			 "this is a submodule; everything under %s must be an ordinary file", where);
	else if (f->special)
		diag_add(c->out, f->path, 0, 0, DIAG_ERROR, "file",
			 "this is not an ordinary file (a named pipe, a device or a socket), so it "
			 "is not read; everything under %s must be an ordinary file: delete it",
			 where);
	else
		return 0;
	return 1;
}

/* Parses and registers every schema of the source, then compiles one per record kind. */
static int
load_schemas(loader *c)
{
	size_t i, found = 0;

	for (i = 0; i < c->src->nfiles; i++) {
		const source_file *f = &c->src->files[i];
		ytree_doc *doc = NULL;
		char *uri;
		int too_big;

		hist_oid oid;
		char hex[HIST_HEXSZ + 1];

		if (strncmp(f->path, "schemas", 7) != 0 || (f->path[7] != '/' && f->path[7] != '\0'))
			continue;
		if (strcmp(f->path, "schemas") == 0) {
			if (!not_ordinary(c, f))
				file_finding(c, f->path,
					     "schemas must be a folder of the repository, and here it "
					     "is a file");
			continue;
		}
		if (not_ordinary(c, f) || !is_schema_file(f->path))
			continue;
		if (source_read(c->src, f, ytree_general_limits.max_bytes, &c->data, &too_big) != 0)
			return -1;
		if (f->has_oid)
			oid = f->oid;
		else if (history_hash_blob(c->data.ptr != NULL ? c->data.ptr : "", c->data.len,
					   &oid) != 0)
			return -1;
		buf_printf(&c->schemas_key, "%s %s\n", f->path, hist_oid_fmt(&oid, hex));
		/* A schema written in JSON is read as JSON, as plan validate reads it. */
		if ((ytree_is_json_name(f->path)
			     ? ytree_parse_json(&doc, f->path, c->data.ptr, c->data.len, NULL, c->out)
			     : ytree_parse(&doc, f->path, c->data.ptr, c->data.len, YTREE_DATA, NULL,
					   c->out)) != YTREE_OK)
			continue;
		if (strcmp(f->path, "schemas/common.schema.yaml") == 0)
			c->common = doc->root;
		uri = xasprintf("%s%s", c->src->uri_base, f->path);
		jschema_registry_add(c->reg, uri, doc);
		free(uri);
		found++;
	}
	if (found == 0)
		return error_set("there are no schemas in schemas/; the records cannot be checked "
				 "without them (a ledger made by 'plan init' has them)");
	for (i = 0; i < NRECORD_KINDS; i++) {
		char *uri = xasprintf("%sschemas/%s", c->src->uri_base,
				      records_schema_of(record_kinds[i]));
		int rc = jschema_get(&c->schemas[i], c->reg, uri, c->out);

		free(uri);
		if (rc < 0)
			return -1;
		if (rc > 0)
			c->schemas[i] = NULL;
	}
	return 0;
}

static const jschema *
schema_for(const loader *c, rec_kind kind)
{
	size_t i;

	for (i = 0; i < NRECORD_KINDS; i++)
		if (record_kinds[i] == kind)
			return c->schemas[i];
	return NULL;
}

/*
 * The modeline: without the right one an editor's YAML language server does
 * not check the record as it is typed, and says at most that it cannot load
 * a schema. A warning on the modeline's line (or the first line) with the
 * line to write.
 */
static void
check_modeline(const source_file *f, const buf *data, diag_list *out)
{
	buf want = BUF_INIT, named = BUF_INIT;
	unsigned line;

	if (records_modeline(f->path, &want) != 0) {
		buf_free(&want);
		return;
	}
	switch (records_modeline_check(f->path, data->ptr != NULL ? data->ptr : "", data->len,
	                               &line, &named)) {
	case MODELINE_OK: break;
	case MODELINE_MISSING:
		diag_add(out, f->path, 1, 1, DIAG_WARNING, "file",
		         _("the file does not name its schema, so editors cannot check it as you "
		           "type; write this as its first line: %s"),
		         buf_cstr(&want));
		break;
	case MODELINE_WRONG:
		if (named.len > 0)
			diag_add(
			        out, f->path, line, 1, DIAG_WARNING, "file",
			        _("this line points editors to '%s', which from this file's folder "
			          "is not the %s schema (schemas/%s), so they do not check the "
			          "file "
			          "as you type; write this line instead: %s"),
			        buf_cstr(&named), records_kind_name(records_kind_of(f->path)),
			        records_schema_of(records_kind_of(f->path)), buf_cstr(&want));
		else
			diag_add(out, f->path, line, 1, DIAG_WARNING, "file",
			         _("this line names no schema, so editors cannot check the file as "
			           "you type; write this line instead: %s"),
			         buf_cstr(&want));
		break;
	}
	buf_free(&want);
	buf_free(&named);
}

/*
 * Reads, parses and validates one record file. *doc is NULL when the file
 * was rejected before it could be read as a record.
 */
static int
parse_and_validate(loader *c, const source_file *f, rec_kind kind, diag_list *out,
		   ytree_doc **doc, int *valid)
{
	int too_big = 0;

	*doc = NULL;
	*valid = 0;
	if (c->data_held)
		too_big = c->data_too_big;
	else if (source_read(c->src, f, ytree_record_limits.max_bytes, &c->data, &too_big) != 0)
		return -1;
	c->data_held = 0;
	c->data_too_big = too_big;
	if (too_big) {
		diag_add(out, f->path, 1, 1, DIAG_ERROR, "yaml",
			 "the file is larger than 64.0 KiB, the most a record file may hold");
		return 0;
	}
	check_modeline(f, &c->data, out);
	if (ytree_parse(doc, f->path, c->data.ptr, c->data.len, YTREE_RECORD, NULL, out) !=
	    YTREE_OK)
		return 0;
	if ((*doc)->root == NULL) {
		diag_add(out, f->path, 1, 1, DIAG_ERROR, "schema",
			 "the file holds no record; write the %s's fields in it, or delete it",
			 _(records_kind_name(kind)));
		ytree_doc_free(*doc);
		*doc = NULL;
		return 0;
	}
	*valid = 1;
	if (schema_for(c, kind) != NULL)
		*valid = jschema_validate(schema_for(c, kind), (*doc)->root, f->path, out) == 0;
	return 0;
}

/*
 * records/allowed_signers holds the reviewers' SSH keys in OpenSSH's
 * allowed-signers format: per line, principals (e-mail addresses), optional
 * options, a key type and a key. Only its shape is checked here;
 * ssh-keygen judges the keys when an approval is verified.
 */
static int
check_signers_file(loader *c, const source_file *f)
{
	int too_big = 0;
	unsigned line = 0;
	const char *p, *end;

	if (source_read(c->src, f, 1024 * 1024, &c->data, &too_big) != 0)
		return -1;
	if (too_big) {
		diag_add(c->out, f->path, 1, 1, DIAG_ERROR, "file",
			 "the list of signing keys is larger than 1 MB");
		return 0;
	}
	for (p = c->data.ptr != NULL ? c->data.ptr : ""; *p != '\0'; p = *end ? end + 1 : end) {
		size_t fields = 0;
		const char *q;

		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		line++;
		for (q = p; q < end && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == end || *q == '#')
			continue;
		while (q < end) {
			fields++;
			while (q < end && *q != ' ' && *q != '\t')
				q++;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
		}
		if (fields < 3)
			diag_add(c->out, f->path, line, 1, DIAG_ERROR, "file",
				 "each line needs an e-mail address, a key type and a key, such as "
				 "'granskare-1@example.org ssh-ed25519 AAAA...'");
	}
	return 0;
}

/*
 * The cache of single files, opened when first needed, by the loader whose
 * files are read (a copy reading a piece of them opens it for the loader).
 * Loads on several threads open it before they start (ledger_load), so
 * that the threads only read it here.
 */
static rcache *
rcache_of(loader *c)
{
	if (c->rc == NULL) {
		if (c->rc_home == NULL)
			c->rc_home = &c->rc;
		if (*c->rc_home == NULL)
			*c->rc_home = rcache_open(c->o->cache_dir, &c->key);
		c->rc = *c->rc_home;
	}
	return c->rc;
}

/* Notes what an event file gave, when a snapshot is to be written. */
static void
snap_note_file(loader *c, const source_file *f, const unsigned char *raw, size_t rawlen,
	       size_t before, size_t first, int valid)
{
	snap_note *n;

	if (c->snap.notes == NULL)
		return;
	n = &c->snap.notes[f - c->src->files];
	n->set = 1;
	n->raw = raw;
	n->rawlen = rawlen;
	n->event = c->l->nevents > before ? (long)before : -1;
	n->first = first;
	n->end = c->out->n;
	n->valid = valid;
}

static cache_put *
new_put(loader *c, const hist_oid *oid)
{
	cache_put *p;

	c->puts->v = xgrow(c->puts->v, &c->puts->cap, c->puts->n + 1, sizeof(*c->puts->v));
	p = memset(&c->puts->v[c->puts->n++], 0, sizeof(*p));
	p->oid = *oid;
	p->event = -1;
	return p;
}

static void
put_stat(loader *c, const char *path, const rcache_stat *st, const hist_oid *oid)
{
	cache_put *p = new_put(c, oid);

	p->path = xstrdup(path);
	p->st = *st;
}

static void
put_event(loader *c, const hist_oid *oid, long event, size_t first, size_t nfindings, int valid)
{
	cache_put *p = new_put(c, oid);

	p->event = event;
	p->first = first;
	p->nfindings = nfindings;
	p->valid = valid;
}

/* Writes the entries to the cache, in order (before the ledger is indexed). */
static void
apply_puts(loader *c, cache_puts *all)
{
	size_t i;

	for (i = 0; i < all->n; i++) {
		const cache_put *p = &all->v[i];
		diag_list view;

		if (p->path != NULL) {
			rcache_stat_put(c->rc, p->path, &p->st, &p->oid);
			continue;
		}
		view.items = c->out->items + p->first;
		view.n = view.cap = p->nfindings;
		rcache_put_event(c->rc, &p->oid, p->event >= 0 ? &c->l->events[p->event] : NULL,
				 &view, 0, p->valid);
	}
}

static void
free_puts(cache_puts *all)
{
	size_t i;

	for (i = 0; i < all->n; i++)
		free(all->v[i].path);
	free(all->v);
	memset(all, 0, sizeof(*all));
}

/*
 * An event through the cache kept between runs: its blob id comes from Git,
 * or from the stat data of an unchanged work-tree file; a hit adds the event
 * and its findings without reading the file. A miss checks it and
 * remembers the result. Returns 1 when handled, 0 when there is no cache.
 */
static int
check_event_cached(loader *c, const source_file *f, rec_kind kind)
{
	rcache_stat st;
	hist_oid oid;
	ytree_doc *doc = NULL;
	size_t first = c->out->n, before = c->l->nevents;
	int have = f->has_oid, valid = 0;

	rcache *rc;
	const unsigned char *raw = NULL;
	size_t rawlen = 0;

	/* A file held in memory (a new event being checked before it is
	 * written) has no stat data worth remembering. */
	if (!c->has_key || kind != REC_EVENT || f->mode != HIST_MODE_BLOB || f->mem != NULL)
		return 0;
	if (have && c->snap.base != NULL &&
	    snapshot_get(c->snap.base, f->path, &f->oid, c->l, c->out, &valid, &raw, &rawlen)) {
		c->snap.used++;
		c->stats.hits++;
		snap_note_file(c, f, raw, rawlen, before, first, valid);
		return 1;
	}
	/*
	 * The few files a snapshot does not hold (those staged since HEAD) are
	 * read at once: opening the cache of single files, which checks all of
	 * it, would cost more than reading them.
	 */
	if (have && c->snap.base != NULL && c->snap.direct < SNAP_DIRECT) {
		c->snap.direct++;
		c->stats.misses++;
		if (parse_and_validate(c, f, kind, c->out, &doc, &valid) != 0)
			return -1;
		if (doc != NULL)
			ledger_add(c->l, kind, f->path, doc->root, valid, &f->oid);
		ytree_doc_free(doc);
		snap_note_file(c, f, NULL, 0, before, first, valid);
		return 1;
	}
	rc = rcache_of(c);
	st.mtime_s = f->mtime_s;
	st.mtime_ns = f->mtime_ns;
	st.ctime_s = f->ctime_s;
	st.ctime_ns = f->ctime_ns;
	st.size = f->size;
	st.ino = f->ino;
	if (have)
		oid = f->oid;
	else if ((have = rcache_stat_get(rc, f->path, &st, &oid)) != 0)
		c->stats.stat_hits++;
	if (!have) {
		/* Changed, or too recent to trust its stat data: its content may
		 * still be one the cache knows (a file saved again unchanged, or
		 * copied), so it is read and hashed before it is parsed. */
		int too_big = 0;

		if (source_read(c->src, f, ytree_record_limits.max_bytes, &c->data, &too_big) != 0)
			return -1;
		c->data_held = 1;
		c->data_too_big = too_big;
		if (!too_big) {
			if (history_hash_blob(c->data.ptr != NULL ? c->data.ptr : "", c->data.len,
					      &oid) != 0)
				return -1;
			have = 1;
			put_stat(c, f->path, &st, &oid);
		}
	}
	if (have && rcache_get_event(rc, &oid, f->path, c->l, c->out, &valid)) {
		c->data_held = 0;
		c->stats.hits++;
		snap_note_file(c, f, NULL, 0, before, first, valid);
		return 1;
	}
	c->stats.misses++;
	if (parse_and_validate(c, f, kind, c->out, &doc, &valid) != 0)
		return -1;
	/* A file too large to read has no blob id here; it is judged anew each time. */
	if (!have)
		return 1;
	if (doc != NULL)
		ledger_add(c->l, kind, f->path, doc->root, valid, &oid);
	ytree_doc_free(doc);
	put_event(c, &oid, c->l->nevents > before ? (long)before : -1, first, c->out->n - first,
		  valid);
	snap_note_file(c, f, NULL, 0, before, first, valid);
	return 1;
}

static int
check_record_file(loader *c, const source_file *f)
{
	rec_kind kind = records_kind_of(f->path);
	ytree_doc *doc = NULL;
	int valid;

	if (f->stage > 0) {
		file_finding(c, f->path,
			     "this file has an unresolved merge conflict; edit it to the version "
			     "you want and stage it with 'git add'");
		return 0;
	}
	if (not_ordinary(c, f))
		return 0;
	if (kind == REC_SIGNERS)
		return check_signers_file(c, f);
	if (kind == REC_NONE) {
		file_finding(c, f->path,
			     "this file is not where any record belongs: records live in "
			     "records/plan.yaml, records/people.yaml, records/goals/, "
			     "records/activities/, records/indicators/ and records/events/YYYY/MM/, "
			     "and their names end in .yaml (beside them only "
			     "records/allowed_signers, the reviewers' signing keys)");
		return 0;
	}
	switch (check_event_cached(c, f, kind)) {
	case -1: return -1;
	case 1: return 0;
	default: break;
	}
	if (c->o->memo != NULL && f->has_oid) {
		memo_entry *e = cache_find(c->o->memo, &f->oid, f->path);

		if (e != NULL) {
			copy_findings(c->out, &e->findings);
			if (e->doc != NULL)
				ledger_add(c->l, kind, f->path, e->doc->root, e->valid, &f->oid);
			return 0;
		}
		e = cache_add(c->o->memo, &f->oid, f->path);
		if (parse_and_validate(c, f, kind, &e->findings, &e->doc, &e->valid) != 0)
			return -1;
		copy_findings(c->out, &e->findings);
		if (e->doc != NULL)
			ledger_add(c->l, kind, f->path, e->doc->root, e->valid, &f->oid);
		return 0;
	}
	if (parse_and_validate(c, f, kind, c->out, &doc, &valid) != 0)
		return -1;
	if (doc != NULL)
		ledger_add(c->l, kind, f->path, doc->root, valid, f->has_oid ? &f->oid : NULL);
	ytree_doc_free(doc);
	return 0;
}

static int
load_file(loader *c, const source_file *f)
{
	if (strncmp(f->path, "records/", 8) == 0)
		c->stats.record_files++;
	if (strcmp(f->path, "records") == 0 && !not_ordinary(c, f))
		file_finding(c, f->path,
			     "records must be a folder of the repository, and here it is a file");
	if (strncmp(f->path, "records/", 8) == 0)
		return check_record_file(c, f);
	return 0;
}

/* What the files of one piece gave, until it is merged. */
typedef struct load_piece {
	ledger *l;
	diag_list out;
	cache_puts puts;
	ledger_load_stats stats;
	size_t begin, end;          /* its files */
	size_t snap_used, snap_direct; /* files taken from a snapshot, or read beside one */
} load_piece;

typedef struct load_pool {
	loader *c;
	loader shared; /* a copy of *c taken before the threads start, only read then */
	load_piece *slots;
	buf *data;       /* a read buffer per thread */
	cache_puts puts; /* every piece's, as indices into c->l and c->out */
	size_t window;
} load_pool;

static void
piece_free(load_piece *p)
{
	ledger_free(p->l);
	diag_list_free(&p->out);
	free_puts(&p->puts);
	memset(p, 0, sizeof(*p));
}

static int
piece_work(void *ctx, unsigned worker, size_t piece, size_t begin, size_t end)
{
	load_pool *lp = ctx;
	load_piece *p = &lp->slots[piece % lp->window];
	loader w = lp->shared;
	size_t i;
	int rc = 0;

	piece_free(p);
	p->l = ledger_new();
	/* Room for an event per file: most are. */
	p->l->events = xgrow(NULL, &p->l->events_cap, end - begin, sizeof(*p->l->events));
	w.l = p->l;
	w.out = &p->out;
	w.puts = &p->puts;
	w.data = lp->data[worker];
	w.data_held = w.data_too_big = 0;
	memset(&w.stats, 0, sizeof(w.stats));
	/* Beside a snapshot the pieces are read one after another (ledger_load),
	 * and the count of files read beside it goes on from piece to piece. */
	w.snap.used = 0;
	w.snap.direct = lp->shared.snap.base != NULL ? lp->c->snap.direct : 0;
	p->begin = begin;
	p->end = end;
	for (i = begin; i < end && rc == 0; i++)
		rc = load_file(&w, &w.src->files[i]);
	lp->data[worker] = w.data;
	p->stats = w.stats;
	p->snap_used = w.snap.used;
	p->snap_direct = lp->shared.snap.base != NULL ? w.snap.direct - lp->c->snap.direct : 0;
	return rc;
}

static int
piece_merge(void *ctx, size_t piece)
{
	load_pool *lp = ctx;
	loader *c = lp->c;
	load_piece *p = &lp->slots[piece % lp->window];
	size_t events = c->l->nevents, findings = c->out->n, i;

	ledger_absorb(c->l, p->l);
	p->l = NULL;
	diag_move(c->out, &p->out);
	for (i = 0; i < p->puts.n; i++) {
		cache_put *e = &p->puts.v[i];

		if (e->path == NULL) {
			if (e->event >= 0)
				e->event += (long)events;
			e->first += findings;
		}
		lp->puts.v = xgrow(lp->puts.v, &lp->puts.cap, lp->puts.n + 1, sizeof(*lp->puts.v));
		lp->puts.v[lp->puts.n++] = *e;
	}
	free(p->puts.v);
	memset(&p->puts, 0, sizeof(p->puts));
	/* The snapshot's notes of the piece's files name its events and findings. */
	for (i = p->begin; c->snap.notes != NULL && i < p->end; i++) {
		snap_note *n = &c->snap.notes[i];

		if (!n->set)
			continue;
		if (n->event >= 0)
			n->event += (long)events;
		n->first += findings;
		n->end += findings;
	}
	if (p->snap_used != 0 || p->snap_direct != 0) {
		c->snap.used += p->snap_used;
		c->snap.direct += p->snap_direct;
	}
	c->stats.hits += p->stats.hits;
	c->stats.misses += p->stats.misses;
	c->stats.stat_hits += p->stats.stat_hits;
	c->stats.record_files += p->stats.record_files;
	return 0;
}

/*
 * Reads, parses and validates the files under records/, on `threads`
 * threads at once: each piece of files goes into a ledger and findings of
 * its own, which are put together in the files' order, so the ledger, the
 * findings and the cache come out the same as on one thread.
 */
static int
load_records(loader *c, unsigned threads)
{
	enum { CHUNK = 128 };
	workpool_job job;
	load_pool lp;
	size_t i;
	int rc;

	if (threads < 1)
		threads = 1;
	memset(&lp, 0, sizeof(lp));
	/* Room for an event per file, so the pieces' are not copied again and again. */
	c->l->events = xgrow(c->l->events, &c->l->events_cap, c->src->nfiles + 1,
			     sizeof(*c->l->events));
	lp.c = c;
	lp.shared = *c;
	lp.shared.rc_home = &c->rc;
	lp.window = threads > 1 ? 8 * (size_t)threads : 1;
	lp.slots = xcalloc(lp.window, sizeof(*lp.slots));
	lp.data = xcalloc(threads, sizeof(*lp.data));
	memset(&job, 0, sizeof(job));
	job.nitems = c->src->nfiles;
	job.chunk = CHUNK;
	job.window = lp.window;
	job.threads = threads;
	job.ctx = &lp;
	job.work = piece_work;
	job.merge = piece_merge;
	rc = workpool_run(&job);
	if (rc == 0 && c->rc != NULL)
		apply_puts(c, &lp.puts);
	free_puts(&lp.puts);
	for (i = 0; i < lp.window; i++)
		piece_free(&lp.slots[i]);
	for (i = 0; i < threads; i++)
		buf_free(&lp.data[i]);
	free(lp.slots);
	free(lp.data);
	return rc;
}

static void
release_rcache(void *p)
{
	rcache_free(p);
}

static void
release_snapshot(void *p)
{
	snapshot_free(p);
}

/*
 * The rules' findings on a commit's tree depend only on that tree, whose id
 * names all of its content, and on the day "future" is judged by: they are
 * kept in $GIT_DIR/plan/rules.bin (results.h) by those, for the last few
 * trees checked (status, report, review and approve read the same trees
 * again and again). The work tree and the index have no such id and are
 * always judged anew.
 */
static int
rules_key(const ledger *l, const check_options *co, hist_oid *key)
{
	buf k = BUF_INIT;
	char hex[HIST_HEXSZ + 1];
	int rc;

	buf_printf(&k, "rules, cache 3\ngit:///%s/\n%ld\n%s\n", hist_oid_fmt(&l->tree, hex),
		   (long)co->today, co->today_words != NULL ? co->today_words : "");
	rc = results_key(k.ptr, key);
	buf_free(&k);
	return rc;
}

/* Appends the kept findings for this tree; returns 1 when there were some kept. */
static int
rules_from_cache(const char *cache_dir, const hist_oid *want, diag_list *out)
{
	buf kept = BUF_INIT;
	binio_reader e;
	size_t first = out->n, n, i;

	if (!results_get(cache_dir, "rules", want, &kept)) {
		buf_free(&kept);
		return 0;
	}
	binio_reader_init(&e, (const unsigned char *)kept.ptr, kept.len);
	n = binio_get32(&e);
	for (i = 0; i < n && !e.bad; i++) {
		unsigned line = binio_get32(&e), col = binio_get32(&e), sev = binio_get32(&e);
		char *rule = binio_get_strdup(&e), *path = binio_get_strdup(&e);
		char *msg = binio_get_strdup(&e);

		if (!e.bad && rule != NULL && path != NULL && msg != NULL) {
			diag_add_owned(out, path, line, col, sev ? DIAG_WARNING : DIAG_ERROR,
				       diag_rule_static(rule), msg);
			msg = NULL;
		}
		free(rule);
		free(path);
		free(msg);
	}
	buf_free(&kept);
	if (!e.bad)
		return 1;
	/* A damaged entry: judge anew. */
	while (out->n > first) {
		diag *d = &out->items[--out->n];

		free(d->path);
		free(d->message);
	}
	return 0;
}

/* Keeps the rules' findings out[first..] for this tree, with the last few others. */
static void
rules_to_cache(const char *cache_dir, const hist_oid *want, const diag_list *out, size_t first)
{
	buf entry = BUF_INIT;
	size_t i;

	binio_put32(&entry, (uint32_t)(out->n - first));
	for (i = first; i < out->n; i++) {
		const diag *d = &out->items[i];

		binio_put32(&entry, d->line);
		binio_put32(&entry, d->col);
		binio_put32(&entry, d->severity == DIAG_WARNING);
		binio_put_str(&entry, d->rule);
		binio_put_str(&entry, d->path);
		binio_put_str(&entry, d->message);
	}
	/* A cache that cannot be written only makes the next run slower. */
	results_put(cache_dir, "rules", want, entry.ptr, entry.len);
	buf_free(&entry);
}

static int
open_source(source **src, history *h, const ledger_from *from, const char *cache_dir,
	    unsigned threads)
{
	*src = NULL;
	switch (from->where) {
	case LEDGER_WORKTREE: return source_worktree_threads(src, from->root, threads);
	case LEDGER_INDEX:
		if (h == NULL)
			return error_set("the Git index can only be read in a Git repository");
		return source_index(src, h);
	case LEDGER_TREE:
		if (h == NULL)
			return error_set("a commit's tree can only be read in a Git repository");
		return cache_dir != NULL ? source_tree_cached(src, h, &from->tree, cache_dir)
					 : source_tree(src, h, &from->tree);
	}
	return error_set("no such place to read a ledger from");
}

/* Room for the events of the listing at once, rather than growing it file by file. */
static void
reserve_events(loader *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->src->nfiles; i++)
		n += strncmp(c->src->files[i].path, "records/events/", 15) == 0;
	if (n > 0)
		c->l->events = xgrow(c->l->events, &c->l->events_cap, n, sizeof(*c->l->events));
}

/* Whether from has a snapshot: a tree or the index, as it is. */
static int
snap_wanted(const history *h, const ledger_from *from, const ledger_load_options *o)
{
	return o->cache_dir != NULL && h != NULL && from->where != LEDGER_WORKTREE &&
	       from->nfiles == 0 && !from->no_events;
}

/*
 * Picks the snapshot unchanged event files are taken from, once the
 * schemas' key is known: the tree's own, else for the index HEAD's tree's
 * or the index's last, else the newest kept. One made under other schemas
 * is not used.
 */
static void
snap_choose_base(loader *c, history *h, const ledger_from *from)
{
	snap_state *s = &c->snap;
	snapshot *b = NULL;

	/* The work tree's files have no blob ids to look up. */
	if (!c->has_key || h == NULL || from->where == LEDGER_WORKTREE || from->no_events)
		return;
	if (s->own != NULL && snapshot_schemas_are(s->own, &c->key)) {
		s->base = s->own;
		return;
	}
	if (from->where == LEDGER_INDEX) {
		hist_oid head;
		hist_commit hc;

		if (history_resolve(h, "HEAD", &head) == 0 && history_commit(h, &head, &hc) == 0) {
			b = snapshot_open(c->o->cache_dir, &hc.tree);
			hist_commit_free(&hc);
		}
		if (b == NULL || !snapshot_schemas_are(b, &c->key)) {
			snapshot_free(b);
			b = snapshot_open(c->o->cache_dir, NULL);
		}
	} else {
		b = snapshot_open_newest(c->o->cache_dir);
	}
	if (b != NULL && !snapshot_schemas_are(b, &c->key)) {
		snapshot_free(b);
		b = NULL;
	}
	s->base = b;
}

/*
 * Writes the snapshot of what was loaded (before ledger_index, while the
 * events are in the order of their files). A tree's is written unless it
 * was loaded from its own; the index's only when it had no snapshot to
 * build on (no notes are kept then), so that staging a file does not write
 * the whole ledger again.
 */
static void
snap_save(loader *c)
{
	snap_state *s = &c->snap;
	snapshot_writer *w;
	buf entry = BUF_INIT;
	size_t i;

	if (s->notes == NULL || (s->own != NULL && s->base == s->own))
		return;
	w = snapshot_writer_new(&c->key);
	for (i = 0; i < c->src->nfiles; i++) {
		const snap_note *n = &s->notes[i];

		if (!n->set) {
			snapshot_writer_add(w, &c->src->files[i], NULL, 0);
		} else if (n->raw != NULL) {
			snapshot_writer_add(w, &c->src->files[i], n->raw, n->rawlen);
		} else {
			diag_list part = *c->out;

			/* The file's findings, as a list of their own. */
			part.items = c->out->items + n->first;
			part.n = n->end - n->first;
			buf_reset(&entry);
			rcache_entry_encode(&entry, n->event >= 0 ? &c->l->events[n->event] : NULL,
					    &part, 0, n->valid);
			snapshot_writer_add(w, &c->src->files[i], entry.ptr, entry.len);
		}
	}
	buf_free(&entry);
	/* A snapshot that cannot be written only makes the next run slower. */
	snapshot_writer_save(w, c->o->cache_dir, s->tree);
}

int
ledger_load(ledger **out, history *h, const ledger_from *from, const ledger_load_options *o,
	    diag_list *findings)
{
	static const ledger_load_options none;
	jschema_options jo = {1};
	loader c;
	source *src = NULL;
	size_t i;
	unsigned threads;
	int rc = -1;

	*out = NULL;
	if (o == NULL)
		o = &none;
	memset(&c, 0, sizeof(c));
	/* A tree whose snapshot is kept is listed from it. */
	if (snap_wanted(h, from, o) && from->where == LEDGER_TREE &&
	    (c.snap.own = snapshot_open(o->cache_dir, &from->tree)) != NULL &&
	    (src = snapshot_source(c.snap.own, h, &from->tree)) == NULL) {
		snapshot_free(c.snap.own);
		c.snap.own = NULL;
	}
	if (src == NULL && open_source(&src, h, from, o->cache_dir, o->threads) != 0)
		return -1;
	if (from->no_events)
		source_drop(src, "records/events/");
	for (i = 0; i < from->nfiles; i++)
		if (from->files[i].data != NULL)
			source_add_memory(src, from->files[i].path, from->files[i].data,
					  from->files[i].len);
		else
			source_drop(src, from->files[i].path);
	for (i = 0; i < o->nmust_exist; i++) {
		size_t k = 0;

		while (k < src->nfiles && !check_path_under(src->files[k].path, o->must_exist[i]))
			k++;
		if (k == src->nfiles) {
			source_free(src);
			snapshot_free(c.snap.own);
			return error_set("%s is no file or folder of the ledger's records (plan check "
					 "looks at the files under records/ and schemas/)",
					 o->must_exist[i]);
		}
	}
	c.src = src;
	c.o = o;
	c.out = findings;
	c.reg = jschema_registry_new(&jo);
	c.l = ledger_new();
	if (load_schemas(&c) != 0)
		goto done;
	if (o->memo != NULL)
		cache_use_schemas(o->memo, src);
	if (o->cache_dir != NULL) {
		/* Entries are good for these schemas and this version of the tool only. */
		buf_printf(&c.schemas_key, "plan %s, cache 3, %s\n", PLAN_VERSION, i18n_language());
		c.has_key = history_hash_blob(c.schemas_key.ptr, c.schemas_key.len, &c.key) == 0;
	}
	reserve_events(&c);
	snap_choose_base(&c, h, from);
	/* The index beside a snapshot is not kept: staging a file would write it all again. */
	if (c.has_key && snap_wanted(h, from, o) && o->keep_snapshot &&
	    (from->where == LEDGER_TREE || c.snap.base == NULL)) {
		c.snap.notes = xcalloc(src->nfiles ? src->nfiles : 1, sizeof(*c.snap.notes));
		c.snap.tree = from->where == LEDGER_TREE ? &from->tree : NULL;
	}
	if (c.common != NULL)
		ledger_set_kinds(c.l, c.common);
	/*
	 * Several threads read the files when the cache of single files can be
	 * opened before they start: with a snapshot to build on, most files
	 * come from it (one thread decodes them), and the cache is opened only
	 * when many files are not there.
	 */
	threads = o->memo != NULL || c.snap.base != NULL ? 1 : o->threads;
	if (c.has_key && c.snap.base == NULL && rcache_of(&c) != NULL &&
	    from->where == LEDGER_WORKTREE)
		rcache_stat_use(c.rc);
	if (load_records(&c, threads) != 0)
		goto done;
	snap_save(&c);
	ledger_index(c.l);
	/* A tree's id names all of its content, unless files were put over it. */
	if (from->where == LEDGER_TREE && from->nfiles == 0 && !from->no_events) {
		c.l->tree = from->tree;
		c.l->has_tree = 1;
	}
	rc = 0;
	*out = c.l;
	c.l = NULL;
done:
	if (c.rc != NULL) {
		/* A cache that cannot be written only makes the next run slower. */
		rcache_save(c.rc);
		/* The events read from the cache borrow their strings from it. */
		if (rc == 0) {
			ledger_keep(*out, c.rc, release_rcache);
			c.rc = NULL;
		}
	}
	if (o->stats != NULL) {
		o->stats->hits += c.stats.hits;
		o->stats->misses += c.stats.misses;
		o->stats->stat_hits += c.stats.stat_hits;
		o->stats->from_snapshot += c.snap.used;
		o->stats->record_files += c.stats.record_files;
	}
	/* The events taken from a snapshot borrow their strings from it. */
	if (rc == 0 && c.snap.used > 0) {
		ledger_keep(*out, c.snap.base, release_snapshot);
		if (c.snap.own == c.snap.base)
			c.snap.own = NULL;
		c.snap.base = NULL;
	}
	ledger_free(c.l);
	rcache_free(c.rc);
	jschema_registry_free(c.reg);
	buf_free(&c.data);
	buf_free(&c.schemas_key);
	free(c.snap.notes);
	/* The source may borrow its paths from the tree's own snapshot. */
	source_free(src);
	if (c.snap.base != c.snap.own)
		snapshot_free(c.snap.base);
	snapshot_free(c.snap.own);
	return rc;
}

int
ledger_load_blob(ledger *l, history *h, rec_kind kind, const char *path, const hist_oid *blob_id,
		 int keep_id, buf *scratch)
{
	diag_list ignored = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int too_big;

	if (history_read_blob(h, blob_id, ytree_record_limits.max_bytes, scratch, &too_big) != 0)
		return -1;
	if (!too_big && ytree_parse(&doc, path, scratch->ptr, scratch->len, YTREE_RECORD, NULL,
				    &ignored) == YTREE_OK)
		ledger_add(l, kind, path, doc->root, 1, keep_id ? blob_id : NULL);
	ytree_doc_free(doc);
	diag_list_free(&ignored);
	return 0;
}

int
store_check(ledger **out, history *h, const ledger_from *from, const ledger_load_options *o,
	    const check_options *co, diag_list *findings)
{
	ledger *l = NULL;
	hist_oid key;
	int keyed;

	if (out != NULL)
		*out = NULL;
	if (ledger_load(&l, h, from, o, findings) != 0)
		return -1;
	/*
	 * The rules' findings on a commit's tree depend only on that tree and
	 * on the day "future" is judged by: they are kept by those, for the
	 * last few trees checked (status, report, review and approve read the
	 * same trees again and again). The work tree and the index have no
	 * such id and are always judged anew.
	 */
	keyed = o != NULL && o->cache_dir != NULL && l->has_tree && rules_key(l, co, &key) == 0;
	if (!keyed || !rules_from_cache(o->cache_dir, &key, findings)) {
		size_t before = findings->n;

		check_rules(l, co, findings);
		if (keyed)
			rules_to_cache(o->cache_dir, &key, findings, before);
	}
	check_keep_only(findings, co);
	if (out != NULL)
		*out = l;
	else
		ledger_free(l);
	return 0;
}
