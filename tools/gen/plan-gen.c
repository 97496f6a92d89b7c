/*
 * plan-gen: writes a git fast-import stream that makes a synthetic ledger
 * from a plan's records, for benchmarks and tests:
 *
 *     git init -q L && build/plan-gen --events 10000 --seed 1 |
 *         git -C L fast-import --quiet && git -C L reset -q --hard main
 *
 * The ledger holds the plan's records and schemas, an invented staff in
 * records/people.yaml, and the given number of events, dated inside their
 * activities' windows and the plan period, on branches by the staff that
 * reviewers merge into main the way `plan approve` does (a merge of the
 * previous main and the branch tip, with the branch's tree, by the
 * reviewer, with an Approved-by: trailer). Requirements between indicators
 * hold at every commit: the events that meet a required indicator come
 * first, at the earliest date its window allows. Every commit is dated on or
 * after the days of the events it records. The output depends only on the
 * options and the plan's files.
 *
 * Each commit's tree is built from the previous one by fast-import: a
 * commit lists only the files it adds. Branches fork from the latest main
 * and only one is open at a time, so main's tree after a merge equals the
 * branch's and fast-import keeps both in memory. A merge names the files of
 * its branch again; with --into, plan-gen runs fast-import itself, asks it
 * for the id of the branch tip's records/ tree and gives the merge that
 * tree instead, which spares fast-import a third of its work.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ledger/check.h"
#include "ledger/records.h"
#include "store/source.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/xalloc.h"

/* Seconds east of UTC of the commits' time zone (+0100, Swedish winter time). */
#define TZ_OFFSET  (60 * 60)
#define TZ_TEXT    "+0100"
#define NSTAFF     12
#define NREVIEWERS 3
#define NPEOPLE    (NSTAFF + NREVIEWERS)

/* A small, fast generator (splitmix64): the same seed gives the same ledger everywhere. */
typedef struct rng {
	uint64_t s;
} rng;

static uint64_t
rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A number in [0, n); n > 0. */
static uint64_t
rng_below(rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

typedef struct person {
	char id[32];
	char name[64];
	char email[64];
	int reviewer;
} person;

/* Swedish number words for the invented names. */
static const char *const number_words[] = {"Ett", "Två",  "Tre", "Fyra", "Fem",  "Sex",
                                           "Sju", "Åtta", "Nio", "Tio",  "Elva", "Tolv"};

/* The days of one calendar year on which events of an indicator may fall. */
typedef struct span {
	date_days lo, hi;
} span;

enum { MAX_YEARS = 64 };

typedef struct gen_ind {
	const rec_indicator *ind;
	span years[MAX_YEARS]; /* empty spans have lo > hi */
	size_t nyears;
	uint64_t days;   /* the eligible days, over all years */
	uint64_t weight; /* days x target: more events where more are needed */
	int required;    /* another indicator requires this one: its seeds stay */
} gen_ind;

/* One event file. Content is written when its commit is. */
typedef struct event {
	date_days date;
	unsigned ind;     /* into gen.inds */
	unsigned kind;    /* into the indicator's counts */
	unsigned topic;   /* into topics[] */
	uint32_t seq;     /* the order it was made in, for a stable sort */
	int seed;         /* meets a required indicator; never corrected */
	int corrected;    /* a later event supersedes it */
	long supersedes;  /* the event it corrects, or -1 */
	unsigned number;  /* the slug's number, in date order */
	uint64_t mark;    /* fast-import mark of its blob, once written */
	int participants; /* -1 for none */
	int evidence;     /* 0 none, else a diarienummer */
	char *path;       /* records/events/YYYY/MM/<id>.yaml, once written */
} event;

typedef struct gen {
	/* Options. */
	size_t nevents, ncommits, ncorrections;
	uint64_t seed;
	const char *plan_dir;
	const char *into; /* a repository to run fast-import in, or NULL */
	/* The plan. */
	ledger *plan;
	source *src;
	date_days start, end;
	gen_ind *inds;
	size_t ninds;
	person people[NPEOPLE];
	/* The events; corrections are made while committing and appended. */
	event *ev;
	size_t nev, evcap;
	/* Output, and with --into fast-import's answers and process. */
	FILE *out;
	FILE *answers;
	pid_t importer;
	uint64_t marks;
	int64_t clock; /* the time of the latest commit */
	rng r;
	/* Counts for the summary. */
	size_t nseeds, nbranches, nbranch_commits, nmerges, ncorrected;
	uint64_t bytes;
} gen;

static const char *const topics[] = {
        "social ekonomi",
        "upphandling med social hänsyn",
        "socialt entreprenörskap",
        "idéburet offentligt partnerskap",
        "föreningsstöd",
        "överenskommelsen med civilsamhället",
        "arbetsintegrerande sociala företag",
        "ideell sektor i länet",
        "REVES-nätverket",
        "fördelning av verksamhetsbidrag",
        "kartläggning av sociala företag",
        "statistik om civilsamhället",
        "finansiering av sociala innovationer",
        "kommunala samverkansråd",
};
enum { NTOPICS = sizeof(topics) / sizeof(topics[0]) };

static const char *const reasons[] = {
        "Fel antal deltagare angavs",
        "Titeln var felstavad",
        "Diarienumret var fel",
        "Fel ansvarig angavs",
};
enum { NREASONS = sizeof(reasons) / sizeof(reasons[0]) };

/* Kinds of event that people attend, and so have a number of participants. */
static int
kind_is_held(const char *kind)
{
	static const char *const held[] = {"seminar", "workshop",   "training",
	                                   "meeting", "conference", "trip"};
	size_t i;

	for (i = 0; i < sizeof(held) / sizeof(held[0]); i++)
		if (strcmp(kind, held[i]) == 0)
			return 1;
	return 0;
}

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "plan-gen: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void
usage(FILE *f)
{
	fputs("usage: plan-gen [--events N] [--commits M] [--seed S] [--corrections C]\n"
	      "                [--plan-dir DIR] [--into REPO]\n"
	      "\n"
	      "Writes a git fast-import stream of a synthetic ledger made from the plan in\n"
	      "DIR (records/ and schemas/; default: the current folder) to standard output:\n"
	      "N events (default 1000), of which C corrections (default N/500), in M commits\n"
	      "(default N/2; branch commits and approval merges, and the first commit).\n"
	      "The same options give the same stream. What it made goes to standard error.\n"
	      "With --into, it runs 'git fast-import' in the repository REPO itself (a\n"
	      "third faster; the same commits).\n"
	      "\n"
	      "    git init -q L && plan-gen --events 10000 | git -C L fast-import --quiet\n"
	      "    git init -q L && plan-gen --events 10000 --into L\n",
	      f);
}

static size_t
parse_count(const char *opt, const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || v > 100000000ULL)
		die("%s needs a whole number up to 100000000", opt);
	return (size_t)v;
}

static void
parse_options(gen *g, int argc, char **argv)
{
	int i, have_commits = 0, have_corrections = 0;

	g->nevents = 1000;
	g->seed = 1;
	g->plan_dir = ".";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		}
		if (i + 1 >= argc)
			die("unknown option or missing value: %s (see --help)", a);
		if (strcmp(a, "--events") == 0) {
			g->nevents = parse_count(a, argv[++i]);
		} else if (strcmp(a, "--commits") == 0) {
			g->ncommits = parse_count(a, argv[++i]);
			have_commits = 1;
		} else if (strcmp(a, "--corrections") == 0) {
			g->ncorrections = parse_count(a, argv[++i]);
			have_corrections = 1;
		} else if (strcmp(a, "--seed") == 0) {
			g->seed = parse_count(a, argv[++i]);
		} else if (strcmp(a, "--plan-dir") == 0) {
			g->plan_dir = argv[++i];
		} else if (strcmp(a, "--into") == 0) {
			g->into = argv[++i];
		} else {
			die("unknown option: %s (see --help)", a);
		}
	}
	if (!have_commits)
		g->ncommits = g->nevents / 2 > 3 ? g->nevents / 2 : 3;
	if (!have_corrections)
		g->ncorrections = g->nevents / 500;
	if (g->ncommits < 3)
		die("%s: at least 3 commits are needed (the first, a branch commit, a merge)",
		    "--commits");
}

/* Reads and checks the plan's records; a plan with findings is refused. */
static void
load_plan(gen *g)
{
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	ledger_from from;
	size_t i;

	memset(&co, 0, sizeof(co));
	co.today = -1;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = g->plan_dir;
	if (source_worktree(&g->src, g->plan_dir) != 0 ||
	    store_check(&g->plan, NULL, &from, NULL, &co, &findings) != 0)
		die("cannot read the plan: %s", error_last());
	for (i = 0; i < findings.n; i++)
		if (findings.items[i].severity == DIAG_ERROR &&
		    strncmp(findings.items[i].path, "records/events/", 15) != 0)
			die("the plan's records have findings; run 'plan check' in %s",
			    g->plan_dir);
	diag_list_free(&findings);
	if (g->plan->plan == NULL || !g->plan->plan->has_period)
		die("%s/records/plan.yaml has no period", g->plan_dir);
	g->start = g->plan->plan->period.start;
	g->end = g->plan->plan->period.end;
	if (date_year(g->end) - date_year(g->start) >= MAX_YEARS)
		die("the plan period is longer than %s years", "64");
}

static void
make_people(gen *g)
{
	size_t i;

	for (i = 0; i < NPEOPLE; i++) {
		person *p = &g->people[i];
		int reviewer = i >= NSTAFF;
		size_t n = reviewer ? i - NSTAFF : i;

		snprintf(p->id, sizeof(p->id), "%s-%zu", reviewer ? "granskare" : "handlaggare",
		         n + 1);
		snprintf(p->name, sizeof(p->name), "%s %s", reviewer ? "Granskare" : "Handläggare",
		         number_words[n]);
		snprintf(p->email, sizeof(p->email), "%s@example.org", p->id);
		p->reviewer = reviewer;
	}
}

static void
people_yaml(const gen *g, buf *b)
{
	size_t i;

	buf_puts(b, "# yaml-language-server: $schema=../schemas/people.schema.yaml\npeople:\n");
	for (i = 0; i < NPEOPLE; i++) {
		const person *p = &g->people[i];

		buf_printf(b,
		           "  - id: %s\n    name: %s\n    email: %s\n    fte: %s\n"
		           "    roles: [%s]\n",
		           p->id, p->name, p->email, i % 4 == 3 ? "0.5" : "1.0",
		           p->reviewer ? "staff, reviewer" : "staff");
	}
	buf_puts(b, "note: >-\n  An invented staff for a synthetic ledger made by plan-gen.\n");
}

/*
 * The first and last day of the window of an indicator's activity, within
 * the plan period. Returns 0 when the indicator has no usable window.
 */
static int
indicator_window(const gen *g, const rec_indicator *ind, span *w)
{
	const rec_activity *a = ledger_activity(g->plan, ind->activity.id);

	if (a == NULL || !a->has_window || ind->ncounts == 0)
		return 0;
	w->lo = a->window.start > g->start ? a->window.start : g->start;
	w->hi = a->window.end < g->end ? a->window.end : g->end;
	return w->lo <= w->hi;
}

/* The first day an event of ind may count in year y (or at all, per_year 0). */
static date_days
seed_day(const gen *g, const rec_indicator *ind, int y, int per_year, int *ok)
{
	span w;
	date_days d;

	*ok = 0;
	if (!indicator_window(g, ind, &w))
		return 0;
	if (!per_year) {
		*ok = 1;
		return w.lo;
	}
	d = date_from_ymd(y, 1, 1);
	if (d < w.lo)
		d = w.lo;
	*ok = d <= w.hi && date_year(d) == y;
	return d;
}

static gen_ind *
gen_ind_of(gen *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->ninds; i++)
		if (strcmp(g->inds[i].ind->id, id) == 0)
			return &g->inds[i];
	return NULL;
}

/*
 * The days each indicator's events may fall on: its activity's window
 * within the plan period, and, when it requires other indicators, only from
 * the day those are met (which the seed events make the earliest possible
 * day). Chains of requirements are refused.
 */
static void
plan_indicators(gen *g)
{
	size_t i, j;
	int y0 = date_year(g->start), y1 = date_year(g->end), y;

	g->ninds = g->plan->nindicators;
	g->inds = xcalloc(g->ninds ? g->ninds : 1, sizeof(*g->inds));
	for (i = 0; i < g->ninds; i++)
		g->inds[i].ind = &g->plan->indicators[i];
	for (i = 0; i < g->ninds; i++)
		for (j = 0; j < g->inds[i].ind->nrequires; j++) {
			gen_ind *r = gen_ind_of(g, g->inds[i].ind->requires[j].indicator.id);

			if (r != NULL)
				r->required = 1;
		}
	for (i = 0; i < g->ninds; i++) {
		gen_ind *gi = &g->inds[i];
		const rec_indicator *ind = gi->ind;
		span w;

		gi->nyears = (size_t)(y1 - y0 + 1);
		for (y = y0; y <= y1; y++) {
			span *s = &gi->years[y - y0];

			s->lo = 1;
			s->hi = 0;
			if (!indicator_window(g, ind, &w))
				continue;
			s->lo = date_from_ymd(y, 1, 1) > w.lo ? date_from_ymd(y, 1, 1) : w.lo;
			s->hi = date_from_ymd(y, 12, 31) < w.hi ? date_from_ymd(y, 12, 31) : w.hi;
			for (j = 0; j < ind->nrequires && s->lo <= s->hi; j++) {
				const rec_require *rq = &ind->requires[j];
				gen_ind *r = gen_ind_of(g, rq->indicator.id);
				date_days d;
				int ok;

				if (r == NULL)
					continue;
				if (r->ind->nrequires > 0)
					die("%s: requirements that require others are not "
					    "supported",
					    r->ind->id);
				d = seed_day(g, r->ind, y, rq->per_year, &ok);
				if (!ok)
					s->hi = s->lo - 1;
				else if (d > s->lo)
					s->lo = d;
			}
			if (s->lo <= s->hi)
				gi->days += (uint64_t)(s->hi - s->lo + 1);
		}
		gi->weight = gi->days * (uint64_t)(ind->min > 0 ? ind->min : 1);
	}
}

static event *
new_event(gen *g)
{
	event *e;

	g->ev = xgrow(g->ev, &g->evcap, g->nev + 1, sizeof(*g->ev));
	e = &g->ev[g->nev];
	memset(e, 0, sizeof(*e));
	e->seq = (uint32_t)g->nev++;
	e->supersedes = -1;
	return e;
}

/* Fills in what an event of indicator i on day d looks like. */
static void
dress_event(gen *g, event *e, size_t i, date_days d)
{
	const rec_indicator *ind = g->inds[i].ind;

	e->ind = (unsigned)i;
	e->date = d;
	e->kind = (unsigned)rng_below(&g->r, ind->ncounts);
	e->topic = (unsigned)rng_below(&g->r, NTOPICS);
	e->participants = kind_is_held(ind->counts[e->kind]) && rng_below(&g->r, 10) < 7
	                          ? (int)(3 + rng_below(&g->r, 118))
	                          : -1;
	e->evidence = rng_below(&g->r, 10) < 4 ? (int)(1 + rng_below(&g->r, 2999)) : 0;
}

/*
 * The events that meet each required indicator at the earliest day its
 * requirements are judged from (once, or every year), so that every event
 * of the requiring indicators may count.
 */
static void
make_seeds(gen *g)
{
	int y0 = date_year(g->start), y1 = date_year(g->end), y;
	size_t i, j, k;

	for (i = 0; i < g->ninds; i++) {
		const rec_indicator *ind = g->inds[i].ind;

		for (j = 0; j < ind->nrequires; j++) {
			const rec_require *rq = &ind->requires[j];
			gen_ind *r = gen_ind_of(g, rq->indicator.id);

			if (r == NULL)
				continue;
			for (y = y0; y <= (rq->per_year ? y1 : y0); y++) {
				int ok, have = 0;
				date_days d = seed_day(g, r->ind, y, rq->per_year, &ok);

				if (!ok)
					continue;
				for (k = 0; k < g->nev; k++)
					if (g->ev[k].ind == (unsigned)(r - g->inds) &&
					    g->ev[k].date == d)
						have++;
				for (; have < (r->ind->min > 0 ? r->ind->min : 1); have++) {
					event *e = new_event(g);

					dress_event(g, e, (size_t)(r - g->inds), d);
					e->kind = 0;
					e->seed = 1;
					g->nseeds++;
				}
			}
		}
	}
}

/* A day drawn evenly from the days indicator i's events may fall on. */
static date_days
draw_day(gen *g, const gen_ind *gi)
{
	uint64_t k = rng_below(&g->r, gi->days);
	size_t y;

	for (y = 0; y < gi->nyears; y++) {
		const span *s = &gi->years[y];
		uint64_t n;

		if (s->lo > s->hi)
			continue;
		n = (uint64_t)(s->hi - s->lo + 1);
		if (k < n)
			return s->lo + (date_days)k;
		k -= n;
	}
	return gi->years[0].lo;
}

static int
event_cmp(const void *pa, const void *pb)
{
	const event *a = pa, *b = pb;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->seed != b->seed)
		return a->seed ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The ordinary events, drawn by weight over the indicators, then sorted by day. */
static void
make_events(gen *g, size_t n)
{
	uint64_t total = 0;
	size_t i, k;

	for (i = 0; i < g->ninds; i++)
		total += g->inds[i].weight;
	if (total == 0)
		die("%s: no indicator has a window that events can fall in", g->plan_dir);
	for (k = 0; k < n; k++) {
		uint64_t w = rng_below(&g->r, total);
		event *e;

		for (i = 0; i < g->ninds && w >= g->inds[i].weight; i++)
			w -= g->inds[i].weight;
		e = new_event(g);
		dress_event(g, e, i, draw_day(g, &g->inds[i]));
	}
	qsort(g->ev, g->nev, sizeof(*g->ev), event_cmp);
	for (k = 0; k < g->nev; k++)
		g->ev[k].number = (unsigned)(k + 1);
}

/* Appends s folded to a slug: lower case, Swedish letters without marks, '-' between words. */
static void
put_slug(buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int gap = b->len > 0 && b->ptr[b->len - 1] != '-';

	for (; *p != '\0'; p++) {
		char c = 0;

		if (*p >= 'a' && *p <= 'z')
			c = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)(*p - 'A' + 'a');
		else if (*p >= '0' && *p <= '9')
			c = (char)*p;
		else if (*p == 0xc3 && p[1] != '\0') {
			p++;
			c = (*p == 0xb6 || *p == 0x96)   ? 'o'
			    : (*p == 0xa9 || *p == 0x89) ? 'e'
			                                 : 'a';
		}
		if (c == 0) {
			gap = 1;
			continue;
		}
		if (gap && b->len > 0 && b->ptr[b->len - 1] != '-')
			buf_putc(b, '-');
		gap = 0;
		buf_putc(b, c);
	}
}

static const char *
kind_of(const gen *g, const event *e)
{
	return g->inds[e->ind].ind->counts[e->kind];
}

static void
put_title(const gen *g, const event *e, int mark_correction, buf *b)
{
	const char *label = ledger_kind_label(g->plan, kind_of(g, e), "sv");
	size_t at = b->len;

	buf_printf(b, "%s om %s", label, topics[e->topic]);
	if (b->ptr[at] >= 'a' && b->ptr[at] <= 'z')
		b->ptr[at] = (char)(b->ptr[at] - 'a' + 'A');
	if (mark_correction && e->supersedes >= 0)
		buf_puts(b, " (rättad)");
}

/* The event's id: its day, and a slug of its title with its number. */
static void
put_id(const gen *g, const event *e, buf *b)
{
	char d[DATE_BUFSZ];
	buf t = BUF_INIT;

	buf_printf(b, "%s-", date_format(e->date, d));
	put_title(g, e, 0, &t);
	put_slug(b, buf_cstr(&t));
	buf_printf(b, "-%u", e->number);
	if (e->supersedes >= 0)
		buf_puts(b, "-rattad");
	buf_free(&t);
}

/* The event's file, as `plan add event` writes it; responsible is the commit's author. */
static void
event_yaml(const gen *g, const event *e, const person *who, buf *b)
{
	char d[DATE_BUFSZ];

	buf_puts(b, "# yaml-language-server: $schema=../../../../schemas/event.schema.yaml\nid: ");
	put_id(g, e, b);
	buf_printf(b, "\ndate: %s\nkind: %s\ntitle: ", date_format(e->date, d), kind_of(g, e));
	put_title(g, e, 1, b);
	buf_printf(b, "\nindicators: [%s]\nresponsible: %s\n", g->inds[e->ind].ind->id, who->id);
	if (e->participants >= 0)
		buf_printf(b, "participants: %d\n", e->participants);
	if (e->evidence > 0)
		buf_printf(b, "evidence:\n  - {type: diarienummer, ref: \"RUN %02d/%05d\"}\n",
		           date_year(e->date) % 100, e->evidence);
	if (e->supersedes >= 0) {
		buf_puts(b, "supersedes: ");
		put_id(g, &g->ev[e->supersedes], b);
		buf_printf(b, "\nreason: %s\n", reasons[e->number % NREASONS]);
	}
}

static void
put_data(gen *g, const char *s, size_t n)
{
	fprintf(g->out, "data %zu\n", n);
	fwrite(s, 1, n, g->out);
	fputc('\n', g->out);
	g->bytes += n;
}

/* Writes the event's blob with a mark, and remembers its path. */
static void
write_event_blob(gen *g, event *e, const person *who)
{
	buf b = BUF_INIT, p = BUF_INIT;
	int y, m, d;

	event_yaml(g, e, who, &b);
	date_to_ymd(e->date, &y, &m, &d);
	buf_printf(&p, "records/events/%04d/%02d/", y, m);
	put_id(g, e, &p);
	buf_puts(&p, ".yaml");
	e->path = buf_detach(&p);
	e->mark = ++g->marks;
	fprintf(g->out, "blob\nmark :%llu\n", (unsigned long long)e->mark);
	put_data(g, b.ptr, b.len);
	buf_free(&b);
}

static void
put_ident(gen *g, const char *role, const person *p, int64_t t)
{
	fprintf(g->out, "%s %s <%s> %lld " TZ_TEXT "\n", role, p->name, p->email, (long long)t);
}

/* The first commit: the plan's records and schemas, the staff, a README. */
static uint64_t
write_first_commit(gen *g)
{
	static const char readme[] =
	        "# Ledger\n\nA synthetic ledger made by plan-gen from the plan's records, for "
	        "benchmarks.\n";
	static const char msg[] = "Start the ledger from the plan's records\n";
	buf b = BUF_INIT;
	uint64_t mark = ++g->marks;
	size_t i;

	g->clock = (int64_t)g->start * 86400 + 8 * 3600 - TZ_OFFSET;
	fprintf(g->out, "commit refs/heads/main\nmark :%llu\n", (unsigned long long)mark);
	put_ident(g, "author", &g->people[NSTAFF], g->clock);
	put_ident(g, "committer", &g->people[NSTAFF], g->clock);
	put_data(g, msg, sizeof(msg) - 1);
	for (i = 0; i < g->src->nfiles; i++) {
		const source_file *f = &g->src->files[i];
		int too_big;

		if (strcmp(f->path, "records/people.yaml") == 0 ||
		    strncmp(f->path, "records/events/", 15) == 0 || f->mode != HIST_MODE_BLOB)
			continue;
		buf_reset(&b);
		if (source_read(g->src, f, 64u << 20, &b, &too_big) != 0 || too_big)
			die("cannot read %s", f->path);
		fprintf(g->out, "M 100644 inline %s\n", f->path);
		put_data(g, b.ptr ? b.ptr : "", b.len);
	}
	buf_reset(&b);
	people_yaml(g, &b);
	fputs("M 100644 inline records/people.yaml\n", g->out);
	put_data(g, b.ptr, b.len);
	fputs("M 100644 inline README.md\n", g->out);
	put_data(g, readme, sizeof(readme) - 1);
	fputc('\n', g->out);
	buf_free(&b);
	return mark;
}

/*
 * The time of the next commit recording events up to day last: a few
 * minutes after the previous commit, and no earlier than a working hour on
 * the day of the latest event, a day or two later at times.
 */
static int64_t
next_time(gen *g, date_days last)
{
	int64_t t = g->clock + 20 + (int64_t)rng_below(&g->r, 280);
	int64_t day = ((int64_t)last + (int64_t)rng_below(&g->r, 3) / 2) * 86400;
	int64_t floor = day + 8 * 3600 - TZ_OFFSET + (int64_t)rng_below(&g->r, 8 * 3600);

	g->clock = t > floor ? t : floor;
	return g->clock;
}

/* Picks an event already on main to correct: not a seed, not corrected yet. */
static long
pick_correction(gen *g, size_t on_main)
{
	int tries;

	for (tries = 0; tries < 64 && on_main > 0; tries++) {
		size_t k = (size_t)rng_below(&g->r, on_main);

		if (!g->ev[k].seed && !g->ev[k].corrected && g->ev[k].supersedes < 0)
			return (long)k;
	}
	return -1;
}

/* The lengths of the branches: 1 to 4 commits each, plus a merge, adding up to total. */
static size_t *
plan_branches(gen *g, size_t total, size_t *nb)
{
	size_t *len = NULL, cap = 0, n = 0, left = total;

	while (left >= 2) {
		size_t l = 1 + (size_t)rng_below(&g->r, 4);

		if (l + 1 > left || left - (l + 1) == 1)
			l = left - 1;
		len = xgrow(len, &cap, n + 1, sizeof(*len));
		len[n++] = l;
		left -= l + 1;
	}
	*nb = n;
	return len;
}

/* Appends one line per event id of a commit or a merge. */
static void
put_ids(gen *g, buf *msg, const size_t *idx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put_id(g, &g->ev[idx[i]], msg);
		buf_putc(msg, '\n');
	}
}

/*
 * Asks fast-import, inside the commit being written, for the id of its
 * records/ tree ("040000 tree <id>\trecords"); out holds HIST_HEXSZ + 1.
 */
static void
ask_records_tree(gen *g, char *out)
{
	char line[256] = "";

	fputs("ls \"records\"\n", g->out);
	if (fflush(g->out) != 0 || fgets(line, sizeof(line), g->answers) == NULL ||
	    strncmp(line, "040000 tree ", 12) != 0 || strlen(line) < 12 + HIST_HEXSZ)
		die("fast-import did not tell the records/ tree: %s", line);
	memcpy(out, line + 12, HIST_HEXSZ);
	out[HIST_HEXSZ] = '\0';
}

/*
 * Writes one branch commit with the events idx[0..n) (on the topic ref, from
 * main's tip for the first commit of a branch) and returns its mark. When
 * records_tree is not NULL and fast-import answers, it receives the id of
 * the commit's records/ tree.
 */
static uint64_t
write_branch_commit(gen *g, const person *who, const size_t *idx, size_t n, uint64_t from,
                    char *records_tree)
{
	buf msg = BUF_INIT;
	date_days last = g->start;
	uint64_t mark;
	int64_t t;
	size_t i;

	for (i = 0; i < n; i++) {
		event *e = &g->ev[idx[i]];

		write_event_blob(g, e, who);
		if (e->date > last)
			last = e->date;
	}
	if (n == 1) {
		buf_puts(&msg, "Record ");
		put_ids(g, &msg, idx, n);
	} else {
		buf_printf(&msg, "Record %zu events\n\n", n);
		put_ids(g, &msg, idx, n);
	}
	t = next_time(g, last);
	mark = ++g->marks;
	fprintf(g->out, "commit refs/heads/topic\nmark :%llu\n", (unsigned long long)mark);
	put_ident(g, "author", who, t);
	put_ident(g, "committer", who, t);
	put_data(g, msg.ptr, msg.len);
	if (from != 0)
		fprintf(g->out, "from :%llu\n", (unsigned long long)from);
	for (i = 0; i < n; i++)
		fprintf(g->out, "M 100644 :%llu %s\n", (unsigned long long)g->ev[idx[i]].mark,
		        g->ev[idx[i]].path);
	if (records_tree != NULL && g->answers != NULL)
		ask_records_tree(g, records_tree);
	fputc('\n', g->out);
	buf_free(&msg);
	g->nbranch_commits++;
	return mark;
}

/*
 * The approval: a merge on main of the previous main and the branch tip,
 * whose tree is the tip's (main had every other file already), by a
 * reviewer who wrote none of the branch's commits.
 */
static uint64_t
write_merge(gen *g, const char *branch, const person *rev, uint64_t tip, const size_t *idx,
            size_t n, const char *records_tree)
{
	buf msg = BUF_INIT;
	uint64_t mark = ++g->marks;
	size_t i;

	g->clock += 60 + (int64_t)rng_below(&g->r, 7200);
	buf_printf(&msg, "Approve %s: %zu event%s\n\n", branch, n, n == 1 ? "" : "s");
	put_ids(g, &msg, idx, n);
	buf_printf(&msg, "\nApproved-by: %s <%s>\n", rev->id, rev->email);
	fprintf(g->out, "commit refs/heads/main\nmark :%llu\n", (unsigned long long)mark);
	put_ident(g, "author", rev, g->clock);
	put_ident(g, "committer", rev, g->clock);
	put_data(g, msg.ptr, msg.len);
	fprintf(g->out, "merge :%llu\n", (unsigned long long)tip);
	if (records_tree[0] != '\0')
		fprintf(g->out, "M 040000 %s records\n", records_tree);
	else
		for (i = 0; i < n; i++)
			fprintf(g->out, "M 100644 :%llu %s\n",
			        (unsigned long long)g->ev[idx[i]].mark, g->ev[idx[i]].path);
	fputc('\n', g->out);
	buf_free(&msg);
	g->nmerges++;
	return mark;
}

/* A staff member: mostly handläggare, now and then a granskare. */
static const person *
pick_author(gen *g, const person * not )
{
	for (;;) {
		const person *p = rng_below(&g->r, 10) == 0
		                          ? &g->people[NSTAFF + rng_below(&g->r, NREVIEWERS)]
		                          : &g->people[rng_below(&g->r, NSTAFF)];

		if (p != not )
			return p;
	}
}

/*
 * Writes every branch and its approval. The ordinary events go out in date
 * order, evenly over the branch commits; corrections are spread over the
 * later nine tenths of the branch commits and correct an event already on
 * main, keeping its day.
 */
static void
write_history(gen *g, uint64_t main_mark)
{
	size_t nb, b, commit = 0, next = 0, ncommits_branch = 0, ncorr_left;
	size_t *len = plan_branches(g, g->ncommits - 1, &nb);
	size_t nordinary = g->nev;
	size_t *idx = NULL, idxcap = 0;
	size_t *all = NULL, allcap = 0;

	for (b = 0; b < nb; b++)
		ncommits_branch += len[b];
	if (nordinary < ncommits_branch)
		die("too few events for the commits: %s",
		    "give at most about 1.4 commits per event");
	ncorr_left = g->ncorrections;
	for (b = 0; b < nb; b++) {
		const person *a1 = pick_author(g, NULL), *a2 = a1, *rev;
		uint64_t tip = main_mark;
		size_t on_main = next, nall = 0, c;
		buf name = BUF_INIT;
		char tree[HIST_HEXSZ + 1] = "";

		if (len[b] > 1 && rng_below(&g->r, 10) == 0)
			a2 = pick_author(g, a1);
		do
			rev = &g->people[NSTAFF + rng_below(&g->r, NREVIEWERS)];
		while (rev == a1 || rev == a2);
		for (c = 0; c < len[b]; c++, commit++) {
			size_t upto = (commit + 1) * nordinary / ncommits_branch, n = 0;
			const person *who = c == 0 ? a1 : a2;

			for (; next < upto; next++) {
				idx = xgrow(idx, &idxcap, n + 1, sizeof(*idx));
				idx[n++] = next;
			}
			/* A correction here with the chance that spreads the rest evenly. */
			if (ncorr_left > 0 && commit >= ncommits_branch / 10 &&
			    rng_below(&g->r, ncommits_branch - commit) < ncorr_left) {
				long t = pick_correction(g, on_main);

				if (t >= 0) {
					event *e = new_event(g);

					*e = g->ev[t];
					e->seq = (uint32_t)(g->nev - 1);
					e->seed = 0;
					e->supersedes = t;
					e->path = NULL;
					e->participants =
					        e->participants >= 0 ? e->participants + 1 : -1;
					g->ev[t].corrected = 1;
					idx = xgrow(idx, &idxcap, n + 1, sizeof(*idx));
					idx[n++] = g->nev - 1;
					ncorr_left--;
					g->ncorrected++;
				}
			}
			tip = write_branch_commit(g, who, idx, n, c == 0 ? main_mark : 0,
			                          c + 1 == len[b] ? tree : NULL);
			all = xgrow(all, &allcap, nall + n, sizeof(*all));
			memcpy(all + nall, idx, n * sizeof(*idx));
			nall += n;
		}
		buf_printf(&name, "%s/%zu", a1->id, b + 1);
		main_mark = write_merge(g, buf_cstr(&name), rev, tip, all, nall, tree);
		buf_free(&name);
		g->nbranches++;
	}
	free(len);
	free(idx);
	free(all);
}

/* Runs git fast-import in the repository g->into, writing to it and reading its answers. */
static void
start_importer(gen *g)
{
	int to[2], from[2];

	if (pipe(to) != 0 || pipe(from) != 0)
		die("cannot make a pipe: %s", strerror(errno));
	fflush(stdout);
	g->importer = fork();
	if (g->importer < 0)
		die("cannot start git: %s", strerror(errno));
	if (g->importer == 0) {
		if (dup2(to[0], 0) < 0 || dup2(from[1], 1) < 0)
			_exit(127);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		execlp("git", "git", "-C", g->into, "fast-import", "--quiet", "--cat-blob-fd=1",
		       (char *)NULL);
		fprintf(stderr, "plan-gen: cannot run git: %s\n", strerror(errno));
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	g->out = fdopen(to[1], "w");
	g->answers = fdopen(from[0], "r");
	if (g->out == NULL || g->answers == NULL)
		die("cannot open the pipes to git: %s", strerror(errno));
}

/* Waits for fast-import; its failure is ours. */
static void
finish_importer(gen *g)
{
	int status;

	if (fclose(g->out) != 0)
		die("cannot write to git fast-import: %s", strerror(errno));
	fclose(g->answers);
	if (waitpid(g->importer, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("git fast-import failed in %s", g->into);
}

int
main(int argc, char **argv)
{
	gen g;
	size_t nseeds, i;
	uint64_t first;
	char a[DATE_BUFSZ], z[DATE_BUFSZ];
	static char outbuf[1 << 20];

	memset(&g, 0, sizeof(g));
	parse_options(&g, argc, argv);
	g.r.s = g.seed;
	load_plan(&g);
	make_people(&g);
	plan_indicators(&g);
	make_seeds(&g);
	nseeds = g.nev;
	if (g.nevents < nseeds + g.ncorrections)
		die("too few events: the plan's requirements alone need more (%s)",
		    "give --events of at least 50");
	make_events(&g, g.nevents - nseeds - g.ncorrections);
	if (g.into != NULL)
		start_importer(&g);
	else
		g.out = stdout;
	setvbuf(g.out, outbuf, _IOFBF, sizeof(outbuf));
	fputs("feature done\n", g.out);
	first = write_first_commit(&g);
	write_history(&g, first);
	fputs("reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\ndone\n",
	      g.out);
	if (fflush(g.out) != 0 || ferror(g.out))
		die("cannot write the stream: %s", strerror(errno));
	if (g.into != NULL)
		finish_importer(&g);
	fprintf(stderr,
	        "plan-gen: %zu events (%zu meet required indicators first, %zu corrections) from "
	        "%s to "
	        "%s, %zu commits (the first, %zu branch commits, %zu approval merges) by %d "
	        "people, seed %llu, %.1f MB of file data\n",
	        g.nev, g.nseeds, g.ncorrected, date_format(g.start, a), date_format(g.end, z),
	        1 + g.nbranch_commits + g.nmerges, g.nbranch_commits, g.nmerges, NPEOPLE,
	        (unsigned long long)g.seed, (double)g.bytes / 1e6);
	for (i = 0; i < g.nev; i++)
		free(g.ev[i].path);
	free(g.ev);
	free(g.inds);
	source_free(g.src);
	ledger_free(g.plan);
	return 0;
}
