/*
 * The trace's cache, $GIT_DIR/plan/trace-<indicator>.bin: the steps of one
 * indicator's history up to a tip. The steps of old commits never change
 * (commits never do, and each step is judged on its own commit's day), so a
 * later trace whose tip descends from the cached one adds only the steps
 * since.
 *
 * Layout: "PLANRT2\n", a key (20: the tool's version), the indicator, the
 * tip (20), the number of commits walked (4), the indicator's text, the
 * number of steps (4), then the steps. Strings are a length (4) and bytes,
 * or 0xffffffff for none; numbers are little-endian.
 */
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#define MAGIC "PLANRT2\n"
enum { NONE32 = 0xffffffffu };

static void
put32(buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};

	buf_put(b, x, 4);
}

static void
put_str(buf *b, const char *s)
{
	if (s == NULL) {
		put32(b, NONE32);
		return;
	}
	put32(b, (uint32_t)strlen(s));
	buf_puts(b, s);
}

static void
put_sig(buf *b, const hist_sig *s)
{
	put_str(b, s->name);
	put_str(b, s->email);
	put32(b, (uint32_t)((uint64_t)s->time & 0xffffffffu));
	put32(b, (uint32_t)((uint64_t)s->time >> 32));
	put32(b, (uint32_t)s->offset);
}

static void
put_state(buf *b, const trace_state *s)
{
	size_t i;

	put32(b, (uint32_t)s->status);
	put32(b, (uint32_t)s->nperiods);
	for (i = 0; i < s->nperiods; i++) {
		put_str(b, s->periods[i].label);
		put32(b, (uint32_t)s->periods[i].status);
		put32(b, (uint32_t)s->periods[i].achieved);
		put32(b, (uint32_t)s->periods[i].target);
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
	const char *k = "plan trace " PLAN_VERSION ", cache 1";

	return history_hash_blob(k, strlen(k), key);
}

void
trace_cache_save(const char *dir, const trace_result *r)
{
	buf b = BUF_INIT;
	hist_oid key;
	char *path;
	size_t i, k;

	if (cache_key(&key) != 0 || fsutil_mkdirs(dir) != 0)
		return;
	buf_put(&b, MAGIC, 8);
	buf_put(&b, key.id, HIST_RAWSZ);
	put_str(&b, r->indicator);
	buf_put(&b, r->tip.id, HIST_RAWSZ);
	put32(&b, (uint32_t)r->commits);
	put_str(&b, r->text);
	put32(&b, (uint32_t)r->nsteps);
	for (i = 0; i < r->nsteps; i++) {
		const trace_step *s = &r->steps[i];

		buf_put(&b, s->commit.id, HIST_RAWSZ);
		put_sig(&b, &s->author);
		put_sig(&b, &s->committer);
		put_str(&b, s->approver);
		put32(&b, (uint32_t)s->day);
		put32(&b, (uint32_t)s->plan_changed);
		put32(&b, (uint32_t)s->nchanges);
		for (k = 0; k < s->nchanges; k++) {
			const trace_change *c = &s->changes[k];

			put32(&b, (uint32_t)c->kind);
			put_str(&b, c->event);
			put_str(&b, c->path);
			put_str(&b, c->kind_of_event);
			put32(&b, (uint32_t)c->date);
			put_str(&b, c->supersedes);
		}
		put_state(&b, &s->before);
		put_state(&b, &s->after);
	}
	path = cache_path(dir, r->indicator);
	/* A cache that cannot be written only makes the next trace slower. */
	fsutil_write_cache(path, b.ptr, b.len);
	free(path);
	buf_free(&b);
}

typedef struct reader {
	const unsigned char *p, *end;
	int bad;
	arena *a;
} reader;

static uint32_t
get32(reader *r)
{
	uint32_t v;

	if (r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
	    (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static const char *
get_str(reader *r)
{
	uint32_t n = get32(r);
	const char *s;

	if (n == NONE32 || r->bad)
		return NULL;
	if ((size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	s = arena_strndup(r->a, (const char *)r->p, n);
	r->p += n;
	return s;
}

static void
get_oid(reader *r, hist_oid *o)
{
	if (r->end - r->p < HIST_RAWSZ) {
		r->bad = 1;
		memset(o, 0, sizeof(*o));
		return;
	}
	memcpy(o->id, r->p, HIST_RAWSZ);
	r->p += HIST_RAWSZ;
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
		r->bad = 1;
}

static void
get_state(reader *r, trace_state *s)
{
	size_t i;

	s->status = (fulfil_status)get32(r);
	s->nperiods = get32(r);
	if (r->bad || s->nperiods > 1000 || (unsigned)s->status >= FULFIL_NSTATUS) {
		r->bad = 1;
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
			r->bad = 1;
	}
}

int
trace_cache_load(const char *dir, const char *indicator, trace_result *res, size_t *steps_cap)
{
	char *path = cache_path(dir, indicator);
	buf b = BUF_INIT;
	reader r;
	hist_oid key, got;
	const char *id;
	size_t n, i, k;
	int too_big, ok = 0;

	if (fsutil_read_file(path, (size_t)1 << 30, &b, &too_big) != 0 || too_big || b.len < 8 ||
	    memcmp(b.ptr, MAGIC, 8) != 0 || cache_key(&key) != 0)
		goto done;
	r.p = (const unsigned char *)b.ptr + 8;
	r.end = (const unsigned char *)b.ptr + b.len;
	r.bad = 0;
	r.a = &res->arena;
	get_oid(&r, &got);
	if (r.bad || !hist_oid_equal(&got, &key))
		goto done;
	id = get_str(&r);
	if (id == NULL || strcmp(id, indicator) != 0)
		goto done;
	get_oid(&r, &res->tip);
	res->commits = get32(&r);
	res->text = get_str(&r);
	n = get32(&r);
	if (r.bad || n > b.len)
		goto done;
	res->steps = xgrow(res->steps, steps_cap, n + 1, sizeof(*res->steps));
	for (i = 0; i < n && !r.bad; i++) {
		trace_step *s = &res->steps[i];

		memset(s, 0, sizeof(*s));
		get_oid(&r, &s->commit);
		get_sig(&r, &s->author);
		get_sig(&r, &s->committer);
		s->approver = get_str(&r);
		s->day = (date_days)get32(&r);
		s->plan_changed = (int)get32(&r);
		s->nchanges = get32(&r);
		if (r.bad || s->nchanges > b.len)
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
			if (c->event == NULL || c->path == NULL || (unsigned)c->kind > TRACE_DELETED)
				r.bad = 1;
		}
		get_state(&r, &s->before);
		get_state(&r, &s->after);
	}
	if (r.bad || i != n || r.p != r.end)
		goto done;
	res->nsteps = n;
	ok = 1;
done:
	if (!ok)
		res->nsteps = 0;
	free(path);
	buf_free(&b);
	return ok;
}
