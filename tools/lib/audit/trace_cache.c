/*
 * The trace's cache, $GIT_DIR/plan/trace-<indicator>.bin: the steps of one
 * indicator's history up to a tip. The steps of old commits never change
 * (commits never do, and each step is judged on its own commit's day), so a
 * later trace whose tip descends from the cached one adds only the steps
 * since.
 *
 * A cache file (cachefile.h) of kind "trace" whose key is the tool's
 * version; its payload: the indicator, the
 * tip (20), the number of commits walked (4), the indicator's text, the
 * number of steps (4), then the steps. Strings are a length (4) and bytes,
 * or 0xffffffff for none; numbers are little-endian.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/trace.h"
#include "util/binio.h"
#include "util/buf.h"
#include "util/cachefile.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "util/i18n.h"

enum { TRACE_CACHE_VERSION = 1 };

static void
put_sig(buf *b, const hist_sig *s)
{
	binio_put_str(b, s->name);
	binio_put_str(b, s->email);
	binio_put32(b, (uint32_t)((uint64_t)s->time & 0xffffffffu));
	binio_put32(b, (uint32_t)((uint64_t)s->time >> 32));
	binio_put32(b, (uint32_t)s->offset);
}

static void
put_state(buf *b, const trace_state *s)
{
	size_t i;

	binio_put32(b, (uint32_t)s->status);
	binio_put32(b, (uint32_t)s->nperiods);
	for (i = 0; i < s->nperiods; i++) {
		binio_put_str(b, s->periods[i].label);
		binio_put32(b, (uint32_t)s->periods[i].status);
		binio_put32(b, (uint32_t)s->periods[i].achieved);
		binio_put32(b, (uint32_t)s->periods[i].target);
	}
}

static char *
cache_path(const char *dir, const char *indicator)
{
	buf b = BUF_INIT;
	const char *p;

	buf_printf(&b, "%s/trace-", dir);
	/* Ids are short words; anything else is spelled out so no path can be formed. */
	for (p = indicator; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-')
			buf_putc(&b, *p);
		else
			buf_printf(&b, "_%02x", (unsigned char)*p);
	buf_puts(&b, ".bin");
	return buf_detach(&b);
}

static int
cache_key(hist_oid *key)
{
	char k[64];

	snprintf(k, sizeof(k), "plan trace " PLAN_VERSION ", cache 3, %s", i18n_language());
	return history_hash_blob(k, strlen(k), key);
}

void
trace_cache_save(const char *dir, const trace_result *r)
{
	buf b = BUF_INIT;
	hist_oid key;
	char *path;
	size_t i, k;

	cachefile_id id = {"trace", TRACE_CACHE_VERSION, NULL};

	if (cache_key(&key) != 0)
		return;
	id.key = key.id;
	cachefile_begin(&b, &id);
	binio_put_str(&b, r->indicator);
	buf_put(&b, r->tip.id, HIST_RAWSZ);
	binio_put32(&b, (uint32_t)r->commits);
	binio_put_str(&b, r->text);
	binio_put32(&b, (uint32_t)r->nsteps);
	for (i = 0; i < r->nsteps; i++) {
		const trace_step *s = &r->steps[i];

		buf_put(&b, s->commit.id, HIST_RAWSZ);
		put_sig(&b, &s->author);
		put_sig(&b, &s->committer);
		binio_put_str(&b, s->approver);
		binio_put32(&b, (uint32_t)s->day);
		binio_put32(&b, (uint32_t)s->plan_changed);
		binio_put32(&b, (uint32_t)s->nchanges);
		for (k = 0; k < s->nchanges; k++) {
			const trace_change *c = &s->changes[k];

			binio_put32(&b, (uint32_t)c->kind);
			binio_put_str(&b, c->event);
			binio_put_str(&b, c->path);
			binio_put_str(&b, c->kind_of_event);
			binio_put32(&b, (uint32_t)c->date);
			binio_put_str(&b, c->supersedes);
			binio_put_str(&b, c->placed);
		}
		put_state(&b, &s->before);
		put_state(&b, &s->after);
	}
	path = cache_path(dir, r->indicator);
	/* A cache that cannot be written only makes the next trace slower. */
	cachefile_write(path, &b);
	free(path);
	buf_free(&b);
}

/* The trace's reader: binio's, with the arena its strings go to. */
typedef struct reader {
	binio_reader in;
	arena *a;
} reader;

static uint32_t
get32(reader *r)
{
	return binio_get32(&r->in);
}

static const char *
get_str(reader *r)
{
	return binio_get_str(&r->in, r->a);
}

static void
get_oid(reader *r, hist_oid *o)
{
	binio_get_bytes(&r->in, o->id, HIST_RAWSZ);
}

static void
get_sig(reader *r, hist_sig *s)
{
	uint64_t lo, hi;

	s->name = (char *)get_str(r);
	s->email = (char *)get_str(r);
	lo = get32(r);
	hi = get32(r);
	s->time = (int64_t)(lo | hi << 32);
	s->offset = (int)get32(r);
	if (s->name == NULL || s->email == NULL)
		r->in.bad = 1;
}

static void
get_state(reader *r, trace_state *s)
{
	size_t i;

	s->status = (fulfil_status)get32(r);
	s->nperiods = get32(r);
	if (r->in.bad || s->nperiods > 1000 || (unsigned)s->status >= FULFIL_NSTATUS) {
		r->in.bad = 1;
		s->nperiods = 0;
		return;
	}
	s->periods = arena_alloc(r->a, (s->nperiods ? s->nperiods : 1) * sizeof(*s->periods));
	for (i = 0; i < s->nperiods; i++) {
		s->periods[i].label = get_str(r);
		s->periods[i].status = (fulfil_status)get32(r);
		s->periods[i].achieved = (int)get32(r);
		s->periods[i].target = (int)get32(r);
		if (s->periods[i].label == NULL || (unsigned)s->periods[i].status >= FULFIL_NSTATUS)
			r->in.bad = 1;
	}
}

int
trace_cache_load(const char *dir, const char *indicator, trace_result *res, size_t *steps_cap)
{
	char *path = cache_path(dir, indicator);
	cachefile b;
	cachefile_id cid = {"trace", TRACE_CACHE_VERSION, NULL};
	reader r;
	hist_oid key;
	const char *id;
	size_t n, i, k;
	int ok = 0;

	memset(&b, 0, sizeof(b));
	if (cache_key(&key) != 0)
		goto done;
	cid.key = key.id;
	if (cachefile_open(&b, path, &cid) != 0)
		goto done;
	binio_reader_init(&r.in, b.data, b.len);
	r.a = &res->arena;
	id = get_str(&r);
	if (id == NULL || strcmp(id, indicator) != 0)
		goto done;
	get_oid(&r, &res->tip);
	res->commits = get32(&r);
	res->text = get_str(&r);
	n = get32(&r);
	if (r.in.bad || n > b.len)
		goto done;
	res->steps = xgrow(res->steps, steps_cap, n + 1, sizeof(*res->steps));
	for (i = 0; i < n && !r.in.bad; i++) {
		trace_step *s = &res->steps[i];

		memset(s, 0, sizeof(*s));
		get_oid(&r, &s->commit);
		get_sig(&r, &s->author);
		get_sig(&r, &s->committer);
		s->approver = get_str(&r);
		s->day = (date_days)get32(&r);
		s->plan_changed = (int)get32(&r);
		s->nchanges = get32(&r);
		if (r.in.bad || s->nchanges > b.len)
			break;
		s->changes = arena_alloc(&res->arena, (s->nchanges ? s->nchanges : 1) *
							     sizeof(*s->changes));
		for (k = 0; k < s->nchanges; k++) {
			trace_change *c = &s->changes[k];

			c->kind = (trace_change_kind)get32(&r);
			c->event = get_str(&r);
			c->path = get_str(&r);
			c->kind_of_event = get_str(&r);
			c->date = (date_days)get32(&r);
			c->supersedes = get_str(&r);
			c->placed = get_str(&r);
			if (c->event == NULL || c->path == NULL || (unsigned)c->kind > TRACE_DELETED)
				r.in.bad = 1;
		}
		get_state(&r, &s->before);
		get_state(&r, &s->after);
	}
	if (r.in.bad || i != n || r.in.p != r.in.end)
		goto done;
	res->nsteps = n;
	ok = 1;
done:
	if (!ok)
		res->nsteps = 0;
	free(path);
	cachefile_close(&b);
	return ok;
}
