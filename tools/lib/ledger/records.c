/*
 * Extracting records from their YAML trees. The schema has already judged
 * each record; this code only reads what is there and of the right type, so
 * that a record with a mistake still takes part in the cross-record rules
 * as far as it can.
 */
#include "ledger/records.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/binio.h"
#include "util/xalloc.h"
#include "util/i18n.h"

typedef struct kind_info {
	const char *pattern;
	rec_kind kind;
	const char *schema;
	const char *name;
	const char *place;
} kind_info;

static const kind_info kinds[] = {
	{"records/plan.yaml", REC_PLAN, "plan.schema.yaml", N_("plan"), "records/plan.yaml"},
	{"records/people.yaml", REC_PEOPLE, "people.schema.yaml", N_("people"),
	 "records/people.yaml"},
	{"records/goals/*.yaml", REC_GOAL, "goal.schema.yaml", N_("goal"), "records/goals/"},
	{"records/activities/*.yaml", REC_ACTIVITY, "activity.schema.yaml", N_("activity"),
	 "records/activities/"},
	{"records/indicators/*.yaml", REC_INDICATOR, "indicator.schema.yaml", N_("indicator"),
	 "records/indicators/"},
	{"records/events/*/*/*.yaml", REC_EVENT, "event.schema.yaml", N_("event"),
	 "records/events/YYYY/MM/"},
	{"records/allowed_signers", REC_SIGNERS, NULL, "list of signing keys",
	 "records/allowed_signers"},
};

enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };

/* The table's line for kind, or NULL. */
static const kind_info *
kind_info_of(rec_kind kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return &kinds[i];
	return NULL;
}

/*
 * Matches a path against a pattern whose '*' stands for any run of
 * characters within one folder or file name, never a leading '.' (as
 * fnmatch with FNM_PATHNAME | FNM_PERIOD, which this replaces because it
 * runs for every file of every check).
 */
static int
path_match(const char *pat, const char *path)
{
	const char *star_pat = NULL, *star_path = NULL;

	while (*path != '\0') {
		if (*pat == '*') {
			if (*path == '.' && (path == star_path || path[-1] == '/'))
				return 0;
			star_pat = ++pat;
			star_path = path;
			continue;
		}
		if (*pat == *path) {
			pat++;
			path++;
			continue;
		}
		/* Let the last star take one more character, but never a '/'. */
		if (star_pat == NULL || *star_path == '/')
			return 0;
		pat = star_pat;
		path = ++star_path;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/*
 * The part after "records/events/" of an event's path: two folder names and
 * a file name ending in ".yaml", none of them empty or hidden (what
 * the event pattern of the table means).
 */
static int
is_event_path(const char *p)
{
	int part;
	size_t len;

	for (part = 0; part < 2; part++) {
		const char *slash = strchr(p, '/');

		if (slash == NULL || slash == p || *p == '.')
			return 0;
		p = slash + 1;
	}
	len = strlen(p);
	return *p != '.' && len > 5 && strchr(p, '/') == NULL && memcmp(p + len - 5, ".yaml", 5) == 0;
}

rec_kind
records_kind_of(const char *path)
{
	size_t i;

	if (strncmp(path, "records/", 8) != 0)
		return REC_NONE;
	/* Nearly every file is an event: its shape, checked directly. */
	if (strncmp(path + 8, "events/", 7) == 0)
		return is_event_path(path + 15) ? REC_EVENT : REC_NONE;
	for (i = 0; i < NKINDS; i++)
		if (path_match(kinds[i].pattern, path))
			return kinds[i].kind;
	return REC_NONE;
}

const char *
records_schema_of(rec_kind kind)
{
	const kind_info *k = kind_info_of(kind);

	return k != NULL ? k->schema : NULL;
}

const char *
records_kind_name(rec_kind kind)
{
	const kind_info *k = kind_info_of(kind);

	return k != NULL ? k->name : "record";
}

int
records_modeline(const char *path, buf *out)
{
	const char *schema = records_schema_of(records_kind_of(path)), *p;

	buf_reset(out);
	if (schema == NULL)
		return -1;
	buf_puts(out, "# yaml-language-server: $schema=");
	for (p = path; *p != '\0'; p++)
		if (*p == '/')
			buf_puts(out, "../");
	buf_printf(out, "schemas/%s", schema);
	return 0;
}

/* Whether the line [p, end) is a modeline by yaml-language-server's rule: '#', blanks, then the
 * name. */
static int
is_modeline(const char *p, const char *end)
{
	const char *q = p + 1;

	if (p == end || *p != '#' || q == end || (*q != ' ' && *q != '\t'))
		return 0;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if ((size_t)(end - q) >= 8 && memcmp(q, "$schema:", 8) == 0)
		return 1;
	if ((size_t)(end - q) < 20 || memcmp(q, "yaml-language-server", 20) != 0)
		return 0;
	for (q += 20; q < end && (*q == ' ' || *q == '\t'); q++)
		;
	return q < end && *q == ':';
}

/*
 * Whether REF, resolved from the folder of PATH as a path (as Node's
 * path.resolve does: empty names and "." dropped, ".." one folder up),
 * is the file WANT; both relative to the ledger's root.
 */
static int
resolves_to(const char *path, const char *ref, size_t reflen, const char *want)
{
	buf r = BUF_INIT;
	const char *slash = strrchr(path, '/'), *p = ref, *end = ref + reflen;
	int ok = 1;

	if (slash != NULL)
		buf_put(&r, path, (size_t)(slash - path));
	while (p < end && ok) {
		const char *e = memchr(p, '/', (size_t)(end - p));
		size_t n;

		if (e == NULL)
			e = end;
		n = (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* Above the ledger's folder: no file of this ledger. */
			const char *cut;

			if (r.len == 0) {
				ok = 0;
			} else {
				cut = strrchr(r.ptr, '/');
				r.len = cut != NULL ? (size_t)(cut - r.ptr) : 0;
				r.ptr[r.len] = '\0';
			}
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (r.len > 0)
				buf_putc(&r, '/');
			buf_put(&r, p, n);
		}
		p = e < end ? e + 1 : end;
	}
	ok = ok && strcmp(buf_cstr(&r), want) == 0;
	buf_free(&r);
	return ok;
}

records_modeline_state
records_modeline_check(const char *path, const char *data, size_t len, unsigned *line, buf *named)
{
	const char *schema = records_schema_of(records_kind_of(path));
	const char *p = data, *end = data + len;
	unsigned n = 0;

	*line = 0;
	if (named != NULL)
		buf_reset(named);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p, *le;

		if (eol == NULL)
			eol = end;
		le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
		n++;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if (is_modeline(q, le)) {
			/* Its first "$schema=" or "$schema:" and the word after it. */
			const char *s = q, *w, *we;
			char *want;
			int ok;

			*line = n;
			while ((s = memchr(s, '$', (size_t)(le - s))) != NULL) {
				if ((size_t)(le - s) >= 8 && memcmp(s, "$schema", 7) == 0 &&
				    (s[7] == '=' || s[7] == ':'))
					break;
				s++;
			}
			if (s == NULL)
				return MODELINE_WRONG;
			w = s + 8;
			if (s[7] == ':')
				while (w < le && (*w == ' ' || *w == '\t'))
					w++;
			for (we = w; we < le && *we != ' ' && *we != '\t'; we++)
				;
			if (named != NULL)
				buf_put(named, w, (size_t)(we - w));
			if (we == w || schema == NULL)
				return MODELINE_WRONG;
			/* A fragment or a URL names something else than the ledger's schema file.
			 */
			if (memchr(w, '#', (size_t)(we - w)) != NULL ||
			    memchr(w, ':', (size_t)(we - w)) != NULL || *w == '/')
				return MODELINE_WRONG;
			want = xasprintf("schemas/%s", schema);
			ok = resolves_to(path, w, (size_t)(we - w), want);
			free(want);
			return ok ? MODELINE_OK : MODELINE_WRONG;
		}
		/* Blank lines, comments, directives and the document's start come before the
		 * record. */
		if (!(q == le || *q == '#' || *q == '%' ||
		      ((size_t)(le - q) >= 3 && memcmp(q, "---", 3) == 0 &&
		       (le - q == 3 || q[3] == ' ' || q[3] == '\t'))))
			break;
		p = eol < end ? eol + 1 : end;
	}
	return MODELINE_MISSING;
}

static int
cmp_id_ptr(const void *a, const void *b)
{
	return records_id_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* The length of id without its trailing digits, and the number they make (-1 when none). */
static size_t
id_stem(const char *id, long *num)
{
	size_t n = strlen(id), k = n;

	while (k > 0 && id[k - 1] >= '0' && id[k - 1] <= '9')
		k--;
	*num = k < n && n - k < 9 ? strtol(id + k, NULL, 10) : -1;
	return k;
}

void
records_id_runs(buf *out, const char **ids, size_t n, const char *to)
{
	const char **v = xcalloc(n + 1, sizeof(*v));
	size_t m = 0, i, shown = 0;

	for (i = 0; i < n; i++)
		if (ids[i] != NULL)
			v[m++] = ids[i];
	qsort(v, m, sizeof(*v), cmp_id_ptr);
	for (i = 0; i < m;) {
		size_t j = i, stem;
		long num, next;

		stem = id_stem(v[i], &num);
		/* The run: the same stem, each number one more than the last. */
		while (num >= 0 && j + 1 < m && id_stem(v[j + 1], &next) == stem &&
		       strncmp(v[j + 1], v[i], stem) == 0 && next == num + (long)(j + 1 - i))
			j++;
		buf_printf(out, "%s%s", shown++ ? ", " : "", v[i]);
		if (j == i + 1)
			buf_printf(out, ", %s", v[j]);
		else if (j > i)
			buf_printf(out, "%s%s", to, v[j]);
		i = j + 1;
	}
	if (m == 0)
		buf_puts(out, "none");
	free(v);
}

const char *
records_kind_place(rec_kind kind)
{
	const kind_info *k = kind_info_of(kind);

	return k != NULL ? k->place : "records/";
}

static void
free_naming(ledger *l)
{
	size_t i;

	for (i = 0; l->naming != NULL && i < l->nindicators; i++)
		free(l->naming[i]);
	free(l->naming);
	free(l->nnaming);
	l->naming = NULL;
	l->nnaming = NULL;
}

ledger *
ledger_new(void)
{
	return xcalloc(1, sizeof(ledger));
}

void
ledger_keep(ledger *l, void *p, void (*release)(void *))
{
	l->kept = xgrow(l->kept, &l->kept_cap, l->nkept + 1, sizeof(*l->kept));
	l->kept[l->nkept].p = p;
	l->kept[l->nkept++].release = release;
}

void
ledger_free(ledger *l)
{
	size_t i;

	if (l == NULL)
		return;
	free(l->goals);
	free(l->activities);
	free(l->indicators);
	free(l->people);
	free(l->events);
	free(l->kinds);
	free(l->kind_sv);
	free(l->kind_en);
	free(l->event_hash);
	free_naming(l);
	free(l->id_hash);
	free(l->dups);
	for (i = 0; i < l->nkept; i++)
		l->kept[i].release(l->kept[i].p);
	free(l->kept);
	arena_free(&l->arena);
	free(l);
}

/* The text of a node when it is text, copied into the ledger; else NULL. */
static const char *
text(ledger *l, const ytree_node *n)
{
	if (n == NULL || n->kind != YT_STR)
		return NULL;
	return arena_strndup(&l->arena, n->str, n->len);
}

static const char *
field(ledger *l, const ytree_node *map, const char *key)
{
	return text(l, ytree_get(map, key));
}

static rec_pos
pos_of(const ytree_node *n)
{
	rec_pos p = {0, 0};

	if (n != NULL) {
		p.line = n->line;
		p.col = n->col;
	}
	return p;
}

/* The position of a key's value, or of the whole record when the key is missing. */
static rec_pos
field_pos(const ytree_node *map, const char *key)
{
	const ytree_node *v = ytree_get(map, key);

	return pos_of(v != NULL ? v : map);
}

static int
date_of(const ytree_node *n, date_days *out)
{
	return n != NULL && n->kind == YT_STR && date_parse(n->str, n->len, out) == 0;
}

static int
window_of(const ytree_node *n, rec_window *w)
{
	return date_of(ytree_get(n, "start"), &w->start) && date_of(ytree_get(n, "end"), &w->end);
}

static rec_ref
ref_of(ledger *l, const ytree_node *n)
{
	rec_ref r;

	r.id = text(l, n);
	r.pos = pos_of(n);
	return r;
}

/* A list of references (ids as text), copied into the arena. */
static rec_ref *
refs_of(ledger *l, const ytree_node *n, size_t *count)
{
	rec_ref *v;
	size_t i, k = 0;

	*count = 0;
	if (n == NULL || n->kind != YT_SEQ || n->n == 0)
		return NULL;
	v = arena_alloc(&l->arena, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++)
		if (n->items[i]->kind == YT_STR)
			v[k++] = ref_of(l, n->items[i]);
	*count = k;
	return v;
}

static void
add_plan(ledger *l, const char *path, const ytree_node *r)
{
	rec_plan *p = arena_alloc(&l->arena, sizeof(*p));
	const ytree_node *approval = ytree_get(r, "approval");
	const ytree_node *sig = ytree_get(approval, "signed");

	p->path = arena_strdup(&l->arena, path);
	p->id = field(l, r, "id");
	p->title = field(l, r, "title");
	p->organisation = field(l, r, "organisation");
	p->overall_goal = field(l, r, "overall_goal");
	p->has_period = window_of(ytree_get(r, "period"), &p->period);
	p->period_pos = field_pos(r, "period");
	p->signed_approvals = sig != NULL && sig->kind == YT_BOOL && sig->boolean;
	l->plan = p;
}

static void
add_goal(ledger *l, const char *path, const ytree_node *r, int valid)
{
	rec_goal *g;

	l->goals = xgrow(l->goals, &l->goals_cap, l->ngoals + 1, sizeof(*l->goals));
	g = memset(&l->goals[l->ngoals++], 0, sizeof(*g));
	g->path = arena_strdup(&l->arena, path);
	g->id = field(l, r, "id");
	g->title = field(l, r, "title");
	g->id_pos = field_pos(r, "id");
	g->valid = valid;
}

static void
add_activity(ledger *l, const char *path, const ytree_node *r, int valid)
{
	rec_activity *a;
	const ytree_node *prio = ytree_get(r, "priority");

	l->activities = xgrow(l->activities, &l->activities_cap, l->nactivities + 1,
			      sizeof(*l->activities));
	a = memset(&l->activities[l->nactivities++], 0, sizeof(*a));
	a->path = arena_strdup(&l->arena, path);
	a->id = field(l, r, "id");
	a->title = field(l, r, "title");
	a->section = field(l, r, "section");
	a->goal = ref_of(l, ytree_get(r, "goal"));
	a->priority = ytree_is_str(prio, "high")	  ? PRIO_HIGH :
		      ytree_is_str(prio, "medium-high") ? PRIO_MEDIUM_HIGH :
							  PRIO_UNKNOWN;
	a->has_window = window_of(ytree_get(r, "window"), &a->window);
	a->window_text = field(l, r, "window_text");
	a->id_pos = field_pos(r, "id");
	a->window_pos = field_pos(r, "window");
	a->window_text_pos = field_pos(r, "window_text");
	a->depends_on = refs_of(l, ytree_get(r, "depends_on"), &a->ndepends_on);
	a->valid = valid;
}

static void
add_requires(ledger *l, rec_indicator *ind, const ytree_node *n)
{
	size_t i;

	if (n == NULL || n->kind != YT_SEQ || n->n == 0)
		return;
	ind->requires = arena_alloc(&l->arena, n->n * sizeof(*ind->requires));
	for (i = 0; i < n->n; i++) {
		const ytree_node *item = n->items[i];
		rec_require *r = &ind->requires[ind->nrequires];

		if (item->kind == YT_STR) {
			r->indicator = ref_of(l, item);
			r->strict = 1;
		} else if (item->kind == YT_MAP) {
			const ytree_node *strict = ytree_get(item, "strict");

			r->indicator = ref_of(l, ytree_get(item, "indicator"));
			r->per_year = ytree_is_str(ytree_get(item, "scope"), "year");
			r->strict = strict == NULL || (strict->kind == YT_BOOL && strict->boolean);
		}
		if (r->indicator.id != NULL)
			ind->nrequires++;
	}
}

static void
add_indicator(ledger *l, const char *path, const ytree_node *r, int valid)
{
	rec_indicator *ind;
	const ytree_node *t = ytree_get(r, "target");
	const ytree_node *min = ytree_get(t, "min");
	const ytree_node *counts = ytree_get(t, "counts");
	size_t i;

	l->indicators = xgrow(l->indicators, &l->indicators_cap, l->nindicators + 1,
			      sizeof(*l->indicators));
	ind = memset(&l->indicators[l->nindicators++], 0, sizeof(*ind));
	ind->path = arena_strdup(&l->arena, path);
	ind->id = field(l, r, "id");
	ind->text = field(l, r, "text");
	ind->activity = ref_of(l, ytree_get(r, "activity"));
	ind->target_kind = ytree_is_str(ytree_get(t, "kind"), "count") ? TARGET_COUNT :
									 TARGET_DELIVERABLE;
	ind->min = min != NULL && min->kind == YT_INT && !min->big && min->integer > 0 &&
				   min->integer < 1000000 ?
			   (int)min->integer :
			   1;
	ind->per_year = ytree_is_str(ytree_get(t, "per"), "year");
	ind->has_due = window_of(ytree_get(t, "due"), &ind->due);
	ind->due_text = field(l, t, "due_text");
	ind->id_pos = field_pos(r, "id");
	ind->due_pos = field_pos(t != NULL ? t : r, "due");
	ind->due_text_pos = field_pos(t != NULL ? t : r, "due_text");
	if (counts != NULL && counts->kind == YT_SEQ && counts->n > 0) {
		ind->counts = arena_alloc(&l->arena, counts->n * sizeof(*ind->counts));
		for (i = 0; i < counts->n; i++)
			if (counts->items[i]->kind == YT_STR)
				ind->counts[ind->ncounts++] = text(l, counts->items[i]);
	}
	add_requires(l, ind, ytree_get(r, "requires"));
	ind->valid = valid;
}

static void
add_people(ledger *l, const char *path, const ytree_node *r)
{
	const ytree_node *list = ytree_get(r, "people");
	size_t i, j;

	l->people_path = arena_strdup(&l->arena, path);
	if (list == NULL || list->kind != YT_SEQ)
		return;
	for (i = 0; i < list->n; i++) {
		const ytree_node *p = list->items[i];
		const ytree_node *roles = ytree_get(p, "roles");
		const ytree_node *fte = ytree_get(p, "fte");
		rec_person *person;

		if (p->kind != YT_MAP || field(l, p, "id") == NULL)
			continue;
		l->people = xgrow(l->people, &l->people_cap, l->npeople + 1, sizeof(*l->people));
		person = memset(&l->people[l->npeople++], 0, sizeof(*person));
		person->id = field(l, p, "id");
		person->name = field(l, p, "name");
		person->email = field(l, p, "email");
		person->fte = fte != NULL && (fte->kind == YT_INT || fte->kind == YT_FLOAT) ?
				      fte->number :
				      0.0;
		person->pos = field_pos(p, "id");
		for (j = 0; roles != NULL && roles->kind == YT_SEQ && j < roles->n; j++) {
			if (ytree_is_str(roles->items[j], "staff"))
				person->roles |= ROLE_STAFF;
			else if (ytree_is_str(roles->items[j], "reviewer"))
				person->roles |= ROLE_REVIEWER;
			else if (ytree_is_str(roles->items[j], "auditor"))
				person->roles |= ROLE_AUDITOR;
		}
	}
}

static void
add_event(ledger *l, const char *path, const ytree_node *r, int valid, const hist_oid *oid)
{
	rec_event *e;
	const ytree_node *n = ytree_get(r, "participants");
	const ytree_node *ev = ytree_get(r, "evidence");
	const ytree_node *exc = ytree_get(r, "exception");
	size_t i;

	l->events = xgrow(l->events, &l->events_cap, l->nevents + 1, sizeof(*l->events));
	e = memset(&l->events[l->nevents++], 0, sizeof(*e));
	e->path = arena_strdup(&l->arena, path);
	e->id = field(l, r, "id");
	e->has_date = date_of(ytree_get(r, "date"), &e->date);
	e->kind = field(l, r, "kind");
	e->title = field(l, r, "title");
	e->indicators = refs_of(l, ytree_get(r, "indicators"), &e->nindicators);
	e->responsible = ref_of(l, ytree_get(r, "responsible"));
	e->participants = n != NULL && n->kind == YT_INT && !n->big && n->integer >= 0 &&
					  n->integer <= 10000000 ?
				  (int)n->integer :
				  -1;
	if (ev != NULL && ev->kind == YT_SEQ && ev->n > 0) {
		e->evidence = arena_alloc(&l->arena, ev->n * sizeof(*e->evidence));
		for (i = 0; i < ev->n; i++) {
			const char *type = field(l, ev->items[i], "type");
			const char *ref = field(l, ev->items[i], "ref");

			if (ref == NULL)
				continue;
			e->evidence[e->nevidence].type = type;
			e->evidence[e->nevidence++].ref = ref;
		}
	}
	e->note = field(l, r, "note");
	e->supersedes = ref_of(l, ytree_get(r, "supersedes"));
	e->reason = field(l, r, "reason");
	e->exception = field(l, exc, "reason");
	if (exc != NULL && e->exception == NULL)
		e->exception = "";
	e->id_pos = field_pos(r, "id");
	e->date_pos = field_pos(r, "date");
	e->kind_pos = field_pos(r, "kind");
	if (oid != NULL)
		e->oid = *oid;
	e->valid = valid;
	e->superseded_by = -1;
}

void
ledger_add(ledger *l, rec_kind kind, const char *path, const ytree_node *root, int valid,
	   const hist_oid *oid)
{
	if (root == NULL || root->kind != YT_MAP) {
		if (kind == REC_PEOPLE)
			l->people_path = arena_strdup(&l->arena, path);
		return;
	}
	switch (kind) {
	case REC_PLAN: add_plan(l, path, root); break;
	case REC_GOAL: add_goal(l, path, root, valid); break;
	case REC_ACTIVITY: add_activity(l, path, root, valid); break;
	case REC_INDICATOR: add_indicator(l, path, root, valid); break;
	case REC_PEOPLE: add_people(l, path, root); break;
	case REC_EVENT: add_event(l, path, root, valid, oid); break;
	case REC_SIGNERS:
	case REC_NONE: break;
	}
}

void
ledger_set_kinds(ledger *l, const ytree_node *common)
{
	const ytree_node *k = ytree_get(ytree_get(ytree_get(common, "$defs"), "event_kind"), "enum");
	const ytree_node *labels =
		ytree_get(ytree_get(ytree_get(common, "$defs"), "event_kind"), "x-labels");
	size_t i;

	if (k == NULL || k->kind != YT_SEQ)
		return;
	free(l->kinds);
	free(l->kind_sv);
	free(l->kind_en);
	l->kinds = xcalloc(k->n + 1, sizeof(*l->kinds));
	l->kind_sv = xcalloc(k->n + 1, sizeof(*l->kind_sv));
	l->kind_en = xcalloc(k->n + 1, sizeof(*l->kind_en));
	l->nkinds = 0;
	for (i = 0; i < k->n; i++) {
		const char *name = text(l, k->items[i]);
		const ytree_node *lab;

		if (name == NULL)
			continue;
		lab = ytree_get(labels, name);
		l->kinds[l->nkinds] = name;
		l->kind_sv[l->nkinds] = field(l, lab, "sv");
		l->kind_en[l->nkinds] = field(l, lab, "en");
		l->nkinds++;
	}
}

/* Events sort by date, then path; sorting small keys and moving each event once. */
typedef struct event_key {
	date_days date;
	int has_date;
	const char *path;
	size_t idx;
} event_key;

static int
cmp_event_keys(const void *pa, const void *pb)
{
	const event_key *a = pa, *b = pb;

	if (a->has_date != b->has_date)
		return a->has_date ? -1 : 1;
	if (a->has_date && a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return strcmp(a->path, b->path);
}

static void
sort_events(ledger *l)
{
	event_key *keys;
	rec_event *sorted;
	size_t i;

	if (l->nevents < 2 || l->presorted)
		return;
	/* Events that come in order need no sorting. */
	for (i = 1; i < l->nevents; i++) {
		const rec_event *a = &l->events[i - 1], *b = &l->events[i];
		event_key ka = {a->date, a->has_date, a->path, 0}, kb = {b->date, b->has_date, b->path, 0};

		if (cmp_event_keys(&ka, &kb) > 0)
			break;
	}
	if (i == l->nevents)
		return;
	keys = xmalloc(l->nevents * sizeof(*keys));
	for (i = 0; i < l->nevents; i++) {
		keys[i].date = l->events[i].date;
		keys[i].has_date = l->events[i].has_date;
		keys[i].path = l->events[i].path;
		keys[i].idx = i;
	}
	qsort(keys, l->nevents, sizeof(*keys), cmp_event_keys);
	sorted = xmalloc(l->events_cap * sizeof(*sorted));
	for (i = 0; i < l->nevents; i++)
		sorted[i] = l->events[keys[i].idx];
	free(l->events);
	l->events = sorted;
	free(keys);
}

/*
 * Compares ids as the plan numbers them: runs of digits by value, so that
 * I9 comes before I10 and A2.10 after A2.9.
 */
int
records_id_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == NULL ? (b == NULL ? 0 : 1) : -1;
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			const char *sa = a, *sb = b;
			size_t la, lb;

			while (*sa == '0')
				sa++;
			while (*sb == '0')
				sb++;
			for (a = sa; *a >= '0' && *a <= '9'; a++)
				;
			for (b = sb; *b >= '0' && *b <= '9'; b++)
				;
			la = (size_t)(a - sa);
			lb = (size_t)(b - sb);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(sa, sb, la) != 0)
				return memcmp(sa, sb, la) < 0 ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int
cmp_goals(const void *pa, const void *pb)
{
	return records_id_cmp(((const rec_goal *)pa)->id, ((const rec_goal *)pb)->id);
}

static int
cmp_activities(const void *pa, const void *pb)
{
	return records_id_cmp(((const rec_activity *)pa)->id, ((const rec_activity *)pb)->id);
}

static int
cmp_indicators(const void *pa, const void *pb)
{
	return records_id_cmp(((const rec_indicator *)pa)->id, ((const rec_indicator *)pb)->id);
}

/*
 * Plan records by id: one table for goals, activities and indicators, whose
 * ids never collide (M, A and I). Each slot holds the kind in its top bits.
 */
enum { ID_PERSON = 0, ID_GOAL = 1, ID_ACTIVITY = 2, ID_INDICATOR = 3 };

static size_t
id_slot_value(int kind, size_t idx)
{
	return ((size_t)kind << (sizeof(size_t) * 8 - 2)) | (idx + 1);
}

static const char *
id_of_slot(const ledger *l, size_t v, int *kind, size_t *idx)
{
	*kind = (int)(v >> (sizeof(size_t) * 8 - 2));
	*idx = (v & (((size_t)1 << (sizeof(size_t) * 8 - 2)) - 1)) - 1;
	switch (*kind) {
	case ID_PERSON: return l->people[*idx].id;
	case ID_GOAL: return l->goals[*idx].id;
	case ID_ACTIVITY: return l->activities[*idx].id;
	default: return l->indicators[*idx].id;
	}
}

static void
id_insert(ledger *l, int kind, size_t idx, const char *id)
{
	size_t j;

	if (id == NULL)
		return;
	for (j = binio_hash_str(id) & (l->id_hash_cap - 1); l->id_hash[j] != 0;
	     j = (j + 1) & (l->id_hash_cap - 1)) {
		int k;
		size_t i;

		/* The first of two records with one id keeps it, as the rules expect. */
		if (strcmp(id_of_slot(l, l->id_hash[j], &k, &i), id) == 0)
			return;
	}
	l->id_hash[j] = id_slot_value(kind, idx);
}

static void
index_ids(ledger *l)
{
	size_t i, cap = 64, n = l->ngoals + l->nactivities + l->nindicators + l->npeople;

	while (cap < n * 2)
		cap *= 2;
	free(l->id_hash);
	l->id_hash = xcalloc(cap, sizeof(*l->id_hash));
	l->id_hash_cap = cap;
	for (i = 0; i < l->ngoals; i++)
		id_insert(l, ID_GOAL, i, l->goals[i].id);
	for (i = 0; i < l->nactivities; i++)
		id_insert(l, ID_ACTIVITY, i, l->activities[i].id);
	for (i = 0; i < l->nindicators; i++)
		id_insert(l, ID_INDICATOR, i, l->indicators[i].id);
	for (i = 0; i < l->npeople; i++)
		id_insert(l, ID_PERSON, i, l->people[i].id);
}

static long
id_lookup(const ledger *l, int kind, const char *id)
{
	size_t j;

	if (id == NULL || l->id_hash_cap == 0)
		return -1;
	for (j = binio_hash_str(id) & (l->id_hash_cap - 1); l->id_hash[j] != 0;
	     j = (j + 1) & (l->id_hash_cap - 1)) {
		int k;
		size_t i;
		const char *have = id_of_slot(l, l->id_hash[j], &k, &i);

		if (strcmp(have, id) == 0)
			return k == kind ? (long)i : -1;
	}
	return -1;
}

/* For each indicator, the events that name it, in the events' (date) order. */
static void
index_naming(ledger *l)
{
	size_t i, j, *caps;

	free_naming(l);
	l->naming = xcalloc(l->nindicators ? l->nindicators : 1, sizeof(*l->naming));
	l->nnaming = xcalloc(l->nindicators ? l->nindicators : 1, sizeof(*l->nnaming));
	caps = xcalloc(l->nindicators ? l->nindicators : 1, sizeof(*caps));
	for (i = 0; i < l->nevents; i++) {
		const rec_event *e = &l->events[i];

		for (j = 0; j < e->nindicators; j++) {
			long k = id_lookup(l, ID_INDICATOR, e->indicators[j].id);

			/* An indicator listed twice in one event still names it
			 * once: its list already ends with this event. */
			if (k < 0 || (l->nnaming[k] > 0 && l->naming[k][l->nnaming[k] - 1] == i))
				continue;
			l->naming[k] = xgrow(l->naming[k], &caps[k], l->nnaming[k] + 1,
					     sizeof(**l->naming));
			l->naming[k][l->nnaming[k]++] = i;
		}
	}
	free(caps);
}

void
ledger_index(ledger *l)
{
	size_t i, cap = 16;
	int any_correction = 0;

	/* qsort may not be handed a null array, even an empty one. */
	if (l->ngoals > 1)
		qsort(l->goals, l->ngoals, sizeof(*l->goals), cmp_goals);
	if (l->nactivities > 1)
		qsort(l->activities, l->nactivities, sizeof(*l->activities), cmp_activities);
	if (l->nindicators > 1)
		qsort(l->indicators, l->nindicators, sizeof(*l->indicators), cmp_indicators);
	sort_events(l);
	index_ids(l);
	l->indexed = 1;
	free(l->event_hash);
	l->event_hash = NULL;
	l->event_hash_cap = 0;
	for (i = 0; i < l->nevents; i++) {
		l->events[i].superseded_by = -1;
		if (l->events[i].supersedes.id != NULL)
			any_correction = 1;
	}
	/* A light ledger (one indicator's events, for trace) needs the lookup of
	 * events by id only to follow corrections. */
	if (!l->light || any_correction) {
		while (cap < l->nevents * 2)
			cap *= 2;
		l->event_hash = xcalloc(cap, sizeof(*l->event_hash));
		l->event_hash_cap = cap;
	}
	l->ndups = 0;
	for (i = 0; i < l->nevents && l->event_hash != NULL; i++) {
		const char *id = l->events[i].id;
		size_t j;

		if (id == NULL)
			continue;
		/* The first of two events with one id keeps it; the rules report the second. */
		for (j = binio_hash_str(id) & (cap - 1); l->event_hash[j] != 0; j = (j + 1) & (cap - 1))
			if (strcmp(l->events[l->event_hash[j] - 1].id, id) == 0)
				break;
		if (l->event_hash[j] == 0) {
			l->event_hash[j] = i + 1;
		} else {
			l->dups = xgrow(l->dups, &l->dups_cap, l->ndups * 2 + 2, sizeof(*l->dups));
			l->dups[l->ndups * 2] = i;
			l->dups[l->ndups * 2 + 1] = l->event_hash[j] - 1;
			l->ndups++;
		}
	}
	for (i = 0; i < l->nevents; i++) {
		long t;

		if (l->events[i].supersedes.id == NULL)
			continue;
		t = ledger_event_index(l, l->events[i].supersedes.id);
		if (t >= 0 && (size_t)t != i && l->events[t].superseded_by < 0)
			l->events[t].superseded_by = (long)i;
	}
	index_naming(l);
}

long
ledger_event_index(const ledger *l, const char *id)
{
	size_t j;

	if (l->event_hash_cap == 0 || id == NULL)
		return -1;
	for (j = binio_hash_str(id) & (l->event_hash_cap - 1); l->event_hash[j] != 0;
	     j = (j + 1) & (l->event_hash_cap - 1))
		if (strcmp(l->events[l->event_hash[j] - 1].id, id) == 0)
			return (long)l->event_hash[j] - 1;
	return -1;
}

/*
 * Finds a plan record by id through the table ledger_index builds; before
 * ledger_index, arrays are searched one by one.
 */
#define LOOKUP(kind, field, count)                                                        \
	do {                                                                              \
		size_t i;                                                                 \
		long k;                                                                   \
		if (id == NULL)                                                           \
			return NULL;                                                      \
		if (l->indexed) {                                                         \
			k = id_lookup(l, kind, id);                                       \
			return k < 0 ? NULL : &l->field[k];                               \
		}                                                                         \
		for (i = 0; i < l->count; i++)                                            \
			if (l->field[i].id != NULL && strcmp(l->field[i].id, id) == 0)   \
				return &l->field[i];                                      \
		return NULL;                                                              \
	} while (0)

const rec_goal *
ledger_goal(const ledger *l, const char *id)
{
	LOOKUP(ID_GOAL, goals, ngoals);
}

const rec_activity *
ledger_activity(const ledger *l, const char *id)
{
	LOOKUP(ID_ACTIVITY, activities, nactivities);
}

const rec_indicator *
ledger_indicator(const ledger *l, const char *id)
{
	LOOKUP(ID_INDICATOR, indicators, nindicators);
}

const rec_person *
ledger_person(const ledger *l, const char *id)
{
	size_t i;

	if (id != NULL && l->indexed) {
		long k = id_lookup(l, ID_PERSON, id);

		return k < 0 ? NULL : &l->people[k];
	}
	for (i = 0; id != NULL && i < l->npeople; i++)
		if (strcmp(l->people[i].id, id) == 0)
			return &l->people[i];
	return NULL;
}

const rec_person *
ledger_person_by_email(const ledger *l, const char *email)
{
	size_t i;

	for (i = 0; email != NULL && i < l->npeople; i++)
		if (l->people[i].email != NULL && strcasecmp(l->people[i].email, email) == 0)
			return &l->people[i];
	return NULL;
}

const char *
ledger_kind_label(const ledger *l, const char *kind, const char *lang)
{
	size_t i;

	for (i = 0; kind != NULL && i < l->nkinds; i++) {
		if (strcmp(l->kinds[i], kind) != 0)
			continue;
		if (strcmp(lang, "sv") == 0 && l->kind_sv[i] != NULL)
			return l->kind_sv[i];
		if (strcmp(lang, "en") == 0 && l->kind_en[i] != NULL)
			return l->kind_en[i];
		break;
	}
	return kind != NULL ? kind : "";
}

int
ledger_indicator_runs_on(const ledger *l, const rec_indicator *ind, date_days day)
{
	const rec_activity *a = ledger_activity(l, ind->activity.id);

	/* Inside the indicator's own due window the event counts too (a window warning). */
	if (ind->has_due && day >= ind->due.start && day <= ind->due.end)
		return 1;
	return a == NULL || !a->has_window || (day >= a->window.start && day <= a->window.end);
}

int
ledger_kind_counts(const rec_indicator *ind, const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < ind->ncounts; i++)
		if (strcmp(ind->counts[i], kind) == 0)
			return 1;
	return 0;
}

size_t
ledger_counted_events(const ledger *l, const rec_indicator *ind, date_days until,
		      const rec_event ***out)
{
	size_t i, n = 0, k, count;
	const rec_event **v;

	*out = NULL;
	/* The indicator may be a copy from another ledger: find this ledger's own. */
	if (ind < l->indicators || ind >= l->indicators + l->nindicators)
		ind = ledger_indicator(l, ind->id);
	if (ind == NULL || ind->id == NULL || l->naming == NULL)
		return 0;
	k = (size_t)(ind - l->indicators);
	count = l->nnaming[k];
	v = xmalloc((count ? count : 1) * sizeof(*v));
	for (i = 0; i < count; i++) {
		const rec_event *e = &l->events[l->naming[k][i]];

		if (!e->has_date || e->superseded_by >= 0 || (until != -1 && e->date > until) ||
		    !ledger_kind_counts(ind, e->kind))
			continue;
		v[n++] = e;
	}
	*out = v;
	return n;
}

/*
 * Serialized events (util/binio.h): a version, then the fields; a position
 * is two numbers.
 */
enum { SER_VERSION = 2 };

static void
put_pos(buf *b, rec_pos p)
{
	binio_put32(b, p.line);
	binio_put32(b, p.col);
}

static void
put_ref(buf *b, const rec_ref *r)
{
	binio_put_strz(b, r->id);
	put_pos(b, r->pos);
}

void
records_serialize_event(const rec_event *e, buf *out)
{
	size_t i;

	binio_put32(out, SER_VERSION);
	binio_put32(out, (uint32_t)e->valid | (uint32_t)e->has_date << 1);
	binio_put32(out, (uint32_t)e->date);
	binio_put32(out, (uint32_t)e->participants);
	binio_put_strz(out, e->id);
	binio_put_strz(out, e->kind);
	binio_put_strz(out, e->title);
	binio_put_strz(out, e->note);
	binio_put_strz(out, e->reason);
	binio_put_strz(out, e->exception);
	put_pos(out, e->id_pos);
	put_pos(out, e->date_pos);
	put_pos(out, e->kind_pos);
	put_ref(out, &e->responsible);
	put_ref(out, &e->supersedes);
	binio_put32(out, (uint32_t)e->nindicators);
	for (i = 0; i < e->nindicators; i++)
		put_ref(out, &e->indicators[i]);
	binio_put32(out, (uint32_t)e->nevidence);
	for (i = 0; i < e->nevidence; i++) {
		binio_put_strz(out, e->evidence[i].type);
		binio_put_strz(out, e->evidence[i].ref);
	}
}

static rec_pos
get_pos(binio_reader *r)
{
	rec_pos p;

	p.line = binio_get32(r);
	p.col = binio_get32(r);
	return p;
}

static rec_ref
get_ref(binio_reader *r)
{
	rec_ref x;

	x.id = binio_get_strz(r);
	x.pos = get_pos(r);
	return x;
}

static int
add_serialized(ledger *l, const char *path, int lend_path, const hist_oid *oid,
	       const unsigned char *data, size_t len)
{
	binio_reader r;
	rec_event e;
	uint32_t flags, i, n;

	memset(&e, 0, sizeof(e));
	binio_reader_init(&r, data, len);
	if (binio_get32(&r) != SER_VERSION)
		return -1;
	flags = binio_get32(&r);
	e.valid = (int)(flags & 1);
	e.has_date = (int)(flags >> 1 & 1);
	e.date = (date_days)binio_get32(&r);
	e.participants = (int)binio_get32(&r);
	e.id = binio_get_strz(&r);
	e.kind = binio_get_strz(&r);
	e.title = binio_get_strz(&r);
	e.note = binio_get_strz(&r);
	e.reason = binio_get_strz(&r);
	e.exception = binio_get_strz(&r);
	e.id_pos = get_pos(&r);
	e.date_pos = get_pos(&r);
	e.kind_pos = get_pos(&r);
	e.responsible = get_ref(&r);
	e.supersedes = get_ref(&r);
	n = binio_get32(&r);
	if (r.bad || n > len / 8)
		return -1;
	e.indicators = arena_alloc(&l->arena, (n ? n : 1) * sizeof(*e.indicators));
	for (i = 0; i < n; i++)
		e.indicators[i] = get_ref(&r);
	e.nindicators = n;
	n = binio_get32(&r);
	if (r.bad || n > len / 8)
		return -1;
	e.evidence = arena_alloc(&l->arena, (n ? n : 1) * sizeof(*e.evidence));
	for (i = 0; i < n; i++) {
		e.evidence[i].type = binio_get_strz(&r);
		e.evidence[i].ref = binio_get_strz(&r);
	}
	e.nevidence = n;
	if (r.bad || r.p != r.end)
		return -1;
	e.path = lend_path ? path : arena_strdup(&l->arena, path);
	if (oid != NULL)
		e.oid = *oid;
	e.superseded_by = -1;
	l->events = xgrow(l->events, &l->events_cap, l->nevents + 1, sizeof(*l->events));
	l->events[l->nevents++] = e;
	return 0;
}

int
ledger_add_serialized(ledger *l, const char *path, const hist_oid *oid,
		      const unsigned char *data, size_t len)
{
	return add_serialized(l, path, 0, oid, data, len);
}

int
ledger_add_serialized_lent(ledger *l, const char *path, const hist_oid *oid,
			   const unsigned char *data, size_t len)
{
	return add_serialized(l, path, 1, oid, data, len);
}

static void
release_ledger(void *p)
{
	ledger_free(p);
}

/* Appends n records of size from one array to another. */
static void *
append_records(void *to, size_t *n, size_t *cap, const void *from, size_t m, size_t size)
{
	if (m == 0)
		return to;
	to = xgrow(to, cap, *n + m, size);
	memcpy((char *)to + *n * size, from, m * size);
	*n += m;
	return to;
}

void
ledger_absorb(ledger *into, ledger *from)
{
	into->goals = append_records(into->goals, &into->ngoals, &into->goals_cap, from->goals,
				     from->ngoals, sizeof(*from->goals));
	into->activities = append_records(into->activities, &into->nactivities,
					  &into->activities_cap, from->activities,
					  from->nactivities, sizeof(*from->activities));
	into->indicators = append_records(into->indicators, &into->nindicators,
					  &into->indicators_cap, from->indicators,
					  from->nindicators, sizeof(*from->indicators));
	into->people = append_records(into->people, &into->npeople, &into->people_cap, from->people,
				      from->npeople, sizeof(*from->people));
	into->events = append_records(into->events, &into->nevents, &into->events_cap, from->events,
				      from->nevents, sizeof(*from->events));
	if (from->plan != NULL)
		into->plan = from->plan;
	if (from->people_path != NULL)
		into->people_path = from->people_path;
	from->ngoals = from->nactivities = from->nindicators = from->npeople = from->nevents = 0;
	from->plan = NULL;
	from->people_path = NULL;
	ledger_keep(into, from, release_ledger);
}
