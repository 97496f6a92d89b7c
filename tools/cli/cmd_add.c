/*
 * plan add event: records something that happened as a new event file
 * that passes every check, from options or by asking at a terminal.
 *
 * The record is built in memory and checked by store_check on the work
 * tree with the new file added in memory, so it meets exactly the rules of
 * 'plan check'; and the ledger as the pre-commit hook will see it with the
 * record in is checked whole, so that a record that would make another
 * file break a rule (a correction a dependent event relies on) is refused
 * before anything is written. Only then is it written, atomically and never over another
 * file, and (with --commit) staged and committed through git, so that the
 * pre-commit hook runs as on any commit.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "cli.h"
#include "ledger/event_list.h"
#include "ledger/event_write.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

typedef struct strv {
	char **v;
	size_t n, cap;
} strv;

typedef struct adder {
	/* The event; every string is owned. */
	date_days date;
	int has_date;
	char *kind, *title, *responsible, *note, *supersedes, *reason, *exception;
	strv indicators;
	strv ev_type, ev_ref;
	int has_participants;
	long long participants;
	/* How to go about it. */
	int commit, submit, dry_run, asking, sv; /* sv: the kinds' Swedish labels */
	cli_format fmt;
	date_days today;
	/* The ledger as it stands in the work tree. */
	history *h;
	char *root, *prefix;
	ledger *l;
	char *cache_dir; /* $GIT_DIR/plan, or NULL */
	diag_list before; /* the work tree's findings before the new record */
	char *email;    /* the configured user's e-mail address, or NULL */
	const char *me; /* that user's person id, or NULL; borrowed from l */
} adder;

/* Why asking stopped: the end of input, or a ledger nobody can answer for. */
enum { ASK_CANCELLED = -1, ASK_TROUBLE = -2 };

static void
strv_push(strv *s, char *str)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = str;
}

static void
strv_free(strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void
set(char **field, const char *value)
{
	free(*field);
	*field = value != NULL ? xstrdup(value) : NULL;
}

static int
is_utf8(const char *s)
{
	return utf8_valid(s, strlen(s), NULL);
}

/* Adds the indicator ids of one --indicator value or answer: "I14, 15 i16". */
static void
add_indicators(strv *out, const char *list)
{
	const char *p = list;

	while (*p != '\0') {
		size_t n = strcspn(p, ", \t");

		if (n > 0) {
			char *id = event_write_indicator_id(p, n);
			size_t i;

			for (i = 0; i < out->n && strcmp(out->v[i], id) != 0; i++)
				;
			if (i < out->n)
				free(id);
			else
				strv_push(out, id);
		}
		p += n;
		p += strspn(p, ", \t");
	}
}

/* Reads (or reads again) the ledger of the work tree, every file checked. */
static int
load(adder *ad)
{
	check_options co;
	ledger_load_options lo;
	ledger_from from;

	ledger_free(ad->l);
	diag_list_free(&ad->before);
	ad->l = NULL;
	memset(&co, 0, sizeof(co));
	co.today = ad->today;
	co.today_words = "today";
	if (ad->h != NULL && ad->cache_dir == NULL)
		ad->cache_dir = cli_cache_dir(ad->h);
	memset(&lo, 0, sizeof(lo));
	lo.cache_dir = ad->cache_dir;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = ad->root;
	if (store_check(&ad->l, ad->h, &from, &lo, &co, &ad->before) != 0)
		return cli_error("%s", error_last());
	ad->me = NULL;
	if (ad->email != NULL) {
		const rec_person *p = ledger_person_by_email(ad->l, ad->email);

		ad->me = p != NULL ? p->id : NULL;
	}
	return 0;
}

/* The kind named by its id or by its Swedish or English label, in any
 * case, with or without å, ä and ö. */
static const char *
find_kind(const ledger *l, const char *s)
{
	return event_list_find_kind(l, s);
}

/* A kind that names none: "did you mean", and every kind there is. */
static int
unknown_kind(const char *cmd, const ledger *l, const char *s)
{
	buf all = BUF_INIT;
	const char *guess = event_list_suggest_kind(l, s, &all);

	if (guess != NULL && cli_swedish() && ledger_kind_label(l, guess, "sv") != NULL)
		guess = ledger_kind_label(l, guess, "sv");
	if (guess != NULL)
		cli_usage_error(cmd, "there is no kind of event '%s'; did you mean %s? The kinds are: %s",
				s, guess, buf_cstr(&all));
	else
		cli_usage_error(cmd, "there is no kind of event '%s'; the kinds are: %s", s,
				buf_cstr(&all));
	buf_free(&all);
	return EXIT_TROUBLE;
}

/* Prints text cut to at most width characters, with "..." when cut. */
static void
print_cut(const char *text, size_t width)
{
	size_t i = 0, n = strlen(text), chars = 0;
	uint32_t cp;

	while (i < n && chars < width) {
		size_t k = utf8_decode(text + i, n - i, &cp);

		i += k > 0 ? k : 1;
		chars++;
	}
	if (i < n) {
		/* Leave room for the dots, at a character boundary. */
		while (i > 0 && chars > width - 3) {
			i--;
			while (i > 0 && ((unsigned char)text[i] & 0xc0) == 0x80)
				i--;
			chars--;
		}
		printf("%.*s...", (int)i, text);
	} else {
		fputs(text, stdout);
	}
}

/* Parses a typed day: YYYY-MM-DD, today, yesterday (idag, igår). */
static int
parse_day(const adder *ad, const char *s, date_days *d)
{
	if (strcasecmp(s, "today") == 0 || strcasecmp(s, "idag") == 0) {
		*d = ad->today;
		return 0;
	}
	if (strcasecmp(s, "yesterday") == 0 || strcasecmp(s, "igår") == 0 ||
	    strcasecmp(s, "igar") == 0) {
		*d = ad->today - 1;
		return 0;
	}
	return date_parse(s, strlen(s), d);
}

static int
ask_date(adder *ad)
{
	char def[DATE_BUFSZ], a1[DATE_BUFSZ], a2[DATE_BUFSZ];
	const ledger *l = ad->l;

	date_format(ad->has_date ? ad->date : ad->today, def);
	for (;;) {
		char *ans;
		date_days d;
		size_t i, open = 0;

		if (cli_ask(_("Date of the event (YYYY-MM-DD)"),
		            def, &ans) != 0)
			return ASK_CANCELLED;
		if (parse_day(ad, ans, &d) != 0) {
			printf(_("  '%s' is not a date; write it as YYYY-MM-DD, such as "
			         "2019-04-12\n"),
			       ans);
			free(ans);
			continue;
		}
		free(ans);
		date_format(d, a1);
		if (d > ad->today) {
			printf(_("  %s is after today (%s); record an event once it has happened\n"),
			       a1, def);
			continue;
		}
		if (ad->exception == NULL && l->plan != NULL && l->plan->has_period &&
		    (d < l->plan->period.start || d > l->plan->period.end)) {
			date_format(l->plan->period.start, a2);
			printf(_("  %s is outside the plan period, which runs %s to "),
			       a1, a2);
			printf("%s\n", date_format(l->plan->period.end, a2));
			continue;
		}
		for (i = 0; i < l->nindicators; i++)
			open += ledger_indicator_runs_on(l, &l->indicators[i], d);
		if (open == 0 && ad->exception == NULL) {
			printf(_("  no activity of the plan runs on %s\n"),
			       a1);
			continue;
		}
		ad->date = d;
		ad->has_date = 1;
		return 0;
	}
}

static int
ask_responsible(adder *ad)
{
	const ledger *l = ad->l;
	size_t i;

	if (l->npeople == 0) {
		cli_error("records/people.yaml lists nobody; add the staff there first");
		return ASK_TROUBLE;
	}
	if (ad->me == NULL) {
		printf("%s\n",
		       _("People in records/people.yaml:"));
		for (i = 0; i < l->npeople; i++)
			printf("  %-20s %s\n", l->people[i].id,
			       l->people[i].name ? l->people[i].name : "");
	}
	for (;;) {
		const rec_person *p;
		char *ans;

		if (cli_ask(_("Responsible (a person id)"),
		            ad->responsible != NULL ? ad->responsible : ad->me, &ans) != 0)
			return ASK_CANCELLED;
		p = ledger_person(l, ans);
		if (p == NULL)
			p = ledger_person_by_email(l, ans);
		if (p != NULL) {
			set(&ad->responsible, p->id);
			free(ans);
			return 0;
		}
		printf(_("  '%s' is not in records/people.yaml; choose one of:"),
		       ans);
		for (i = 0; i < l->npeople; i++)
			printf("%s %s", i ? "," : "", l->people[i].id);
		putchar('\n');
		free(ans);
	}
}

/* Checks typed indicator ids; prints why not and returns -1 when one will not do. */
static int
indicators_ok(const adder *ad, const strv *ids)
{
	char d[DATE_BUFSZ], s[DATE_BUFSZ], e[DATE_BUFSZ];
	const ledger *l = ad->l;
	size_t i;

	if (ids->n == 0) {
		printf("%s\n", _("  name at least one indicator, such as I15"));
		return -1;
	}
	for (i = 0; i < ids->n; i++) {
		const rec_indicator *ind = ledger_indicator(l, ids->v[i]);
		const rec_activity *a;

		if (ind == NULL) {
			/* The indicators there are, as runs: one that was deleted is a gap. */
			const char **all = xcalloc(l->nindicators + 1, sizeof(*all));
			buf runs = BUF_INIT;
			size_t k;

			for (k = 0; k < l->nindicators; k++)
				all[k] = l->indicators[k].id;
			records_id_runs(&runs, all, l->nindicators, _(" to "));
			printf(_("  there is no indicator '%s' in this plan (its indicators: %s)\n"),
			       ids->v[i], buf_cstr(&runs));
			buf_free(&runs);
			free(all);
			return -1;
		}
		a = ledger_activity(l, ind->activity.id);
		if (ad->exception == NULL && !ledger_indicator_runs_on(l, ind, ad->date)) {
			printf(_("  %s belongs to activity %s, which runs %s to %s, not on %s\n"),
			       ind->id, a->id, date_format(a->window.start, s),
			       date_format(a->window.end, e), date_format(ad->date, d));
			return -1;
		}
	}
	return 0;
}

static int
ask_indicators(adder *ad)
{
	char d[DATE_BUFSZ];
	const ledger *l = ad->l;
	size_t i;

	printf(_("Indicators of the activities that run on %s:\n"),
	       date_format(ad->date, d));
	for (i = 0; i < l->nindicators; i++) {
		const rec_indicator *ind = &l->indicators[i];

		if (ind->id == NULL ||
		    (ad->exception == NULL && !ledger_indicator_runs_on(l, ind, ad->date)))
			continue;
		printf("  %-5s ", ind->id);
		print_cut(ind->text != NULL ? ind->text : "", 70);
		putchar('\n');
	}
	for (;;) {
		strv ids = {NULL, 0, 0};
		buf def = BUF_INIT;
		char *ans;
		int r;

		for (i = 0; i < ad->indicators.n; i++)
			buf_printf(&def, "%s%s", i ? ", " : "", ad->indicators.v[i]);
		r = cli_ask(_("Indicators, separated by commas (such as I15)"),
		            def.len > 0 ? def.ptr : NULL, &ans);
		buf_free(&def);
		if (r != 0)
			return ASK_CANCELLED;
		add_indicators(&ids, ans);
		free(ans);
		if (indicators_ok(ad, &ids) == 0) {
			strv_free(&ad->indicators);
			ad->indicators = ids;
			return 0;
		}
		strv_free(&ids);
	}
}

/* The kinds that count toward any of the chosen indicators, in the schema's order. */
static size_t
counting_kinds(const adder *ad, const char **out)
{
	const ledger *l = ad->l;
	size_t i, j, n = 0;

	for (i = 0; i < l->nkinds; i++)
		for (j = 0; j < ad->indicators.n; j++) {
			const rec_indicator *ind = ledger_indicator(l, ad->indicators.v[j]);

			if (ind != NULL && ledger_kind_counts(ind, l->kinds[i])) {
				out[n++] = l->kinds[i];
				break;
			}
		}
	return n;
}

static int
ask_kind(adder *ad)
{
	const ledger *l = ad->l;
	const char **list = xcalloc(l->nkinds + 1, sizeof(*list));
	size_t i, n = counting_kinds(ad, list);

	if (n > 0) {
		printf("%s", _("Kinds of event that count toward"));
		for (i = 0; i < ad->indicators.n; i++)
			printf("%s %s", i ? "," : "", ad->indicators.v[i]);
		printf(":\n");
	} else {
		for (i = 0; i < l->nkinds; i++)
			list[i] = l->kinds[i];
		n = l->nkinds;
		printf("%s\n", _("Kinds of event:"));
	}
	for (i = 0; i < n; i++)
		printf("  %2zu  %-12s %s / %s\n", i + 1, list[i],
		       ledger_kind_label(l, list[i], "sv"), ledger_kind_label(l, list[i], "en"));
	for (;;) {
		const char *kind = NULL;
		char *ans, *end;
		unsigned long k;

		if (cli_ask(_("Kind (its name or number)"),
		            ad->kind != NULL ? ad->kind : n == 1 ? list[0] : NULL, &ans) != 0) {
			free(list);
			return ASK_CANCELLED;
		}
		k = strtoul(ans, &end, 10);
		if (*ans >= '0' && *ans <= '9' && *end == '\0')
			kind = k >= 1 && k <= n ? list[k - 1] : NULL;
		else
			kind = find_kind(l, ans);
		if (kind == NULL) {
			printf(_("  '%s' is not one of the kinds; give a name or a number from the "
			         "list\n"),
			       ans);
			free(ans);
			continue;
		}
		free(ans);
		{
			int counts_nowhere = 0, keep = 1;

			for (i = 0; i < ad->indicators.n; i++) {
				const rec_indicator *ind = ledger_indicator(l, ad->indicators.v[i]);

				if (ind != NULL && ind->ncounts > 0 && !ledger_kind_counts(ind, kind)) {
					printf(_("  a %s does not count toward %s\n"),
					       kind, ind->id);
					counts_nowhere = 1;
				}
			}
			/* A kind that does not count is most often a slip: Enter says no. */
			if (counts_nowhere) {
				char *yn;

				if (cli_ask(_("  Record it anyway, not counted there? (y/N)"), "n", &yn) != 0) {
					free(list);
					return ASK_CANCELLED;
				}
				keep = strchr("yYjJ", yn[0]) != NULL && yn[0] != '\0';
				free(yn);
			}
			if (!keep)
				continue;
		}
		set(&ad->kind, kind);
		free(list);
		return 0;
	}
}

static int
ask_title(adder *ad)
{
	for (;;) {
		char *ans;

		if (cli_ask(_("Title (one line: what happened)"),
		            ad->title, &ans) != 0)
			return ASK_CANCELLED;
		if (*ans != '\0' && is_utf8(ans)) {
			free(ad->title);
			ad->title = ans;
			return 0;
		}
		printf("%s\n",
		       *ans == '\0'
		               ? _("  the event needs a title")
		               : _("  that text is not UTF-8; check the terminal's character set"));
		free(ans);
	}
}

/* A count of people: digits only, at most nine of them. */
static int
parse_count(const char *s, long long *out)
{
	size_t n = strlen(s);

	if (n == 0 || n > 9 || strspn(s, "0123456789") != n)
		return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

static int
ask_participants(adder *ad)
{
	for (;;) {
		char *ans, def[24];

		snprintf(def, sizeof(def), "%lld", ad->participants);
		if (cli_ask(_("Number of participants, if counted (Enter to skip)"),
		            ad->has_participants ? def : NULL, &ans) != 0)
			return ASK_CANCELLED;
		if (*ans == '\0' || parse_count(ans, &ad->participants) == 0) {
			ad->has_participants = *ans != '\0';
			free(ans);
			return 0;
		}
		printf("%s\n",
		       _("  write a whole number, such as 14, or press Enter to skip"));
		free(ans);
	}
}

static int
ask_evidence(adder *ad)
{
	size_t i;

	for (i = 0; i < ad->ev_type.n; i++)
		printf(_("  evidence kept: %s:%s\n"), ad->ev_type.v[i], ad->ev_ref.v[i]);
	for (;;) {
		char *ans, *type, *ref;

		if (cli_ask(_("Evidence as TYPE:REFERENCE, such as diarienummer:RUN 19/00123 "
		              "(Enter when there is no more)"),
		            NULL, &ans) != 0)
			return ASK_CANCELLED;
		if (*ans == '\0') {
			free(ans);
			return 0;
		}
		if (is_utf8(ans) && event_write_parse_evidence(ans, &type, &ref) == 0) {
			strv_push(&ad->ev_type, type);
			strv_push(&ad->ev_ref, ref);
		} else {
			printf("%s\n", _("  write the type, a colon and the reference, such as "
			                 "diarienummer:RUN 19/00123"));
		}
		free(ans);
	}
}

/* The reason for a correction, asked until one is given. */
static int
ask_reason(adder *ad)
{
	for (;;) {
		char *ans;

		if (cli_ask(_("Why is it corrected? (one line: what was wrong)"), ad->reason, &ans) != 0)
			return ASK_CANCELLED;
		if (*ans != '\0' && is_utf8(ans)) {
			free(ad->reason);
			ad->reason = ans;
			return 0;
		}
		printf("%s\n", _("  a correction needs its reason, such as: wrong date, it was held "
		                 "on 12 March"));
		free(ans);
	}
}

/* The fields ask_fields asks for, in the order of the form. */
enum {
	ASK_DATE = 1 << 0,
	ASK_RESPONSIBLE = 1 << 1,
	ASK_INDICATORS = 1 << 2,
	ASK_KIND = 1 << 3,
	ASK_TITLE = 1 << 4,
	ASK_PARTICIPANTS = 1 << 5,
	ASK_EVIDENCE = 1 << 6,
	ASK_REASON = 1 << 7
};

/*
 * Asks at the terminal for the fields in which (ASK_ bits), in the order of
 * the form: date, responsible, indicators, kind, title, participants,
 * evidence, reason. Returns 0, ASK_CANCELLED or ASK_TROUBLE.
 */
static int
ask_fields(adder *ad, unsigned which)
{
	static int (*const ask[])(adder *) = {ask_date,  ask_responsible,  ask_indicators,
	                                      ask_kind,  ask_title,        ask_participants,
	                                      ask_evidence, ask_reason};
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(ask) / sizeof(ask[0]) && rc == 0; i++)
		if (which & (1u << i))
			rc = ask[i](ad);
	return rc;
}

/*
 * Asks at the terminal for everything the options left out. Returns 0,
 * ASK_CANCELLED or ASK_TROUBLE.
 */
static int
ask_all(adder *ad, int given_participants, int given_evidence)
{
	printf("%s\n", _("Recording an event. Press Enter to take the value in [brackets], "
	                 "Ctrl-D to stop."));
	return ask_fields(ad, (ad->has_date ? 0u : ASK_DATE) |
	                      (ad->responsible != NULL ? 0u : ASK_RESPONSIBLE) |
	                      (ad->indicators.n > 0 ? 0u : ASK_INDICATORS) |
	                      (ad->kind != NULL ? 0u : ASK_KIND) |
	                      (ad->title != NULL ? 0u : ASK_TITLE) |
	                      (given_participants ? 0u : ASK_PARTICIPANTS) |
	                      (given_evidence ? 0u : ASK_EVIDENCE));
}

/* The exit status when asking stopped: cancelled (and said so), or trouble. */
static int
ask_failed(int r)
{
	if (r == ASK_CANCELLED)
		printf("%s\n", _("Cancelled; nothing was written."));
	return r == ASK_CANCELLED ? EXIT_FINDINGS : EXIT_TROUBLE;
}

static int
same_finding(const diag *a, const diag *b)
{
	return a->line == b->line && a->col == b->col && a->severity == b->severity &&
	       strcmp(a->path, b->path) == 0 && strcmp(a->rule, b->rule) == 0 &&
	       strcmp(a->message, b->message) == 0;
}

/* Adds a copy of d to out. */
static void
copy_finding(diag_list *out, const diag *d)
{
	diag_add(out, d->path, d->line, d->col, d->severity, d->rule, "%s", d->message);
	diag_set_location(out, d->pointer, d->schema_loc);
}

static int
listed(const diag_list *l, const diag *d)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (same_finding(&l->items[i], d))
			return 1;
	return 0;
}

/*
 * Adds to out the errors of after that before does not have (about any
 * file but path, whose own findings the caller has) and, when there are
 * such, one that says the hook would refuse the commit.
 */
static void
new_errors(const diag_list *before, const diag_list *after, const char *path, diag_list *out)
{
	size_t i, others = 0;

	for (i = 0; i < after->n; i++) {
		const diag *d = &after->items[i];

		if (d->severity != DIAG_ERROR || listed(before, d) || listed(out, d))
			continue;
		copy_finding(out, d);
		others += strcmp(d->path, path) != 0;
	}
	if (others > 0)
		diag_add(out, path, 0, 0, DIAG_ERROR, "check",
			 "with this event the ledger breaks the rules in %zu other place%s (above), "
			 "so the pre-commit hook (plan check --staged) would refuse the commit",
			 others, others == 1 ? "" : "s");
}

/*
 * The options of a check of the ledger with text standing at path, as plan
 * check on the day the event is added; where the ledger is read from
 * (from->where) is the caller's to say.
 */
static void
check_setup(const adder *ad, const char *path, const buf *text, check_options *co,
            ledger_load_options *lo, ledger_from *from, ledger_file *file)
{
	memset(co, 0, sizeof(*co));
	co->today = ad->today;
	co->today_words = "today";
	memset(lo, 0, sizeof(*lo));
	lo->cache_dir = ad->cache_dir;
	memset(from, 0, sizeof(*from));
	file->path = path;
	file->data = text->ptr != NULL ? text->ptr : "";
	file->len = text->len;
	from->files = file;
	from->nfiles = 1;
}

/*
 * With --commit: what the pre-commit hook (plan check --staged, the same
 * code) will say of the commit --commit makes, HEAD and the new file (git
 * commit -- PATH): every error it would find that HEAD does not have
 * already, about any file, is added to out.
 */
static int
hook_findings(adder *ad, const char *path, const buf *text, diag_list *out)
{
	diag_list after = DIAG_LIST_INIT, before = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	ledger_file file;
	hist_oid head;
	hist_commit c;
	size_t i, others = 0;
	int rc = -1;

	check_setup(ad, path, text, &co, &lo, &from, &file);
	if (history_resolve(ad->h, "HEAD", &head) == 0 && history_commit(ad->h, &head, &c) == 0) {
		from.where = LEDGER_TREE;
		from.tree = c.tree;
		hist_commit_free(&c);
	} else {
		from.where = LEDGER_INDEX;
	}
	if (store_check(NULL, ad->h, &from, &lo, &co, &after) != 0)
		goto done;
	/* Errors about other files: those HEAD has already are not this event's. */
	for (i = 0; i < after.n; i++)
		if (after.items[i].severity == DIAG_ERROR && strcmp(after.items[i].path, path) != 0)
			others++;
	if (others > 0) {
		file.data = NULL;
		if (store_check(NULL, ad->h, &from, &lo, &co, &before) != 0)
			goto done;
	}
	new_errors(&before, &after, path, out);
	rc = 0;
done:
	if (rc != 0)
		cli_error("%s", error_last());
	diag_list_free(&before);
	diag_list_free(&after);
	return rc;
}

/*
 * Checks the ledger as it will be after the write, the record at path:
 * the findings about the record, and every error about another file that
 * the ledger did not have before (a correction that leaves an event
 * relying on it without ground), which the pre-commit hook would refuse.
 * With --commit, also the commit it makes, as the hook will see it.
 */
static int
check_record(adder *ad, const char *path, const buf *text, diag_list *out)
{
	diag_list all = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	ledger_file file;
	size_t i;

	check_setup(ad, path, text, &co, &lo, &from, &file);
	from.where = LEDGER_WORKTREE;
	from.root = ad->root;
	if (store_check(NULL, ad->h, &from, &lo, &co, &all) != 0) {
		diag_list_free(&all);
		return cli_error("%s", error_last());
	}
	for (i = 0; i < all.n; i++) {
		const diag *d = &all.items[i];

		if (strcmp(d->path, path) == 0)
			copy_finding(out, d);
	}
	new_errors(&ad->before, &all, path, out);
	diag_list_free(&all);
	return ad->commit && ad->h != NULL ? hook_findings(ad, path, text, out) : 0;
}

static void
build(const adder *ad, const char *id, buf *text)
{
	event_evidence *ev = xcalloc(ad->ev_type.n + 1, sizeof(*ev));
	event_fields f;
	size_t i;

	for (i = 0; i < ad->ev_type.n; i++) {
		ev[i].type = ad->ev_type.v[i];
		ev[i].ref = ad->ev_ref.v[i];
	}
	memset(&f, 0, sizeof(f));
	f.id = id;
	f.date = ad->date;
	f.kind = ad->kind;
	f.title = ad->title;
	f.indicators = (const char *const *)ad->indicators.v;
	f.nindicators = ad->indicators.n;
	f.responsible = ad->responsible;
	f.has_participants = ad->has_participants;
	f.participants = ad->participants;
	f.evidence = ev;
	f.nevidence = ad->ev_type.n;
	f.note = ad->note;
	f.supersedes = ad->supersedes;
	f.reason = ad->reason;
	f.exception = ad->exception;
	buf_reset(text);
	event_write_text(text, &f);
	free(ev);
}

/*
 * Shows the record at the terminal and asks whether to write it: 1 yes, 0
 * no, -1 cancelled. Nothing is asked (0) when it has errors or on a dry run.
 */
static int
confirm(adder *ad, const char *path, const buf *text, diag_list *findings)
{
	const char *p = text->ptr;

	printf(_("\nThe event, to be written to %s:\n\n"),
	       path);
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");

		printf("    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	putchar('\n');
	if (findings->n > 0)
		cli_print_findings(stdout, findings, FMT_TEXT, 0);
	if (diag_errors(findings) > 0 || ad->dry_run)
		return 0;
	for (;;) {
		char *ans;
		int yes = -1;

		if (cli_ask(_("Write it? [Y/n]"), NULL, &ans) != 0)
			return -1;
		if (*ans == '\0' || strcasecmp(ans, "y") == 0 || strcasecmp(ans, "yes") == 0 ||
		    strcasecmp(ans, "j") == 0 || strcasecmp(ans, "ja") == 0)
			yes = 1;
		else if (strcasecmp(ans, "n") == 0 || strcasecmp(ans, "no") == 0 ||
		         strcasecmp(ans, "nej") == 0)
			yes = 0;
		free(ans);
		if (yes >= 0)
			return yes;
		printf("%s\n", _("  answer y (yes) or n (no)"));
	}
}

/*
 * Writes with the signals that end a program held back, and the temporary
 * file in $GIT_DIR/plan/tmp, so that not even a kill -9 leaves a stray file
 * under records/.
 */
static int
write_file(const adder *ad, const char *path, const buf *text, int *exists)
{
	sigset_t block, old;
	char *plan_dir = ad->h != NULL ? cli_plan_dir(ad->h) : NULL;
	char *tmp_dir = plan_dir != NULL ? xasprintf("%s/tmp", plan_dir) : NULL;
	int rc;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	/* What a killed add left there a day ago is no one's any more. */
	if (tmp_dir != NULL)
		fsutil_sweep(tmp_dir, 24L * 60 * 60);
	sigprocmask(SIG_BLOCK, &block, &old);
	rc = event_write_file(ad->root, path, text->ptr, text->len, tmp_dir, exists);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(plan_dir);
	free(tmp_dir);
	return rc;
}

/*
 * Stages and commits the new file, alone (other staged changes stay
 * staged), through git so its hooks run. Returns 0, or says what happened
 * and how to go on, and returns -1.
 */
static int
commit_file(const adder *ad, const char *path, const char *id)
{
	const char *add[] = {"git", "add", "--", path, NULL};
	buf subject = BUF_INIT;
	size_t i;
	int rc;

	buf_printf(&subject, "Record %s (", id);
	for (i = 0; i < ad->indicators.n; i++)
		buf_printf(&subject, "%s%s", i ? ", " : "", ad->indicators.v[i]);
	buf_putc(&subject, ')');
	if (cli_run_to_stderr(ad->root, add) != 0) {
		cli_error("%s is written, but 'git add' failed (see git's message above), so "
		          "nothing was committed; stage and commit it yourself with: git add -- %s "
		          "&& git commit",
		          path, path);
		buf_free(&subject);
		return -1;
	}
	{
		const char *commit[] = {"git", "commit",  "-q", "-m", subject.ptr,
		                        "-m",  ad->title, "--", path, NULL};

		rc = cli_run_to_stderr(ad->root, commit);
	}
	buf_free(&subject);
	if (rc != 0) {
		cli_error("%s is written and staged, but the commit failed (see the messages "
		          "above). Correct what they say, then commit it with: git commit -- %s "
		          "(or take the event back with: git rm --cached -- %s, and delete the "
		          "file)",
		          path, path, path);
		return -1;
	}
	return 0;
}

static void
print_json(const adder *ad, const char *path, const char *id, const buf *text, diag_list *findings,
           int written, int committed)
{
	buf b = BUF_INIT;

	diag_sort(findings);
	buf_puts(&b, "{\"path\":");
	buf_put_json_str(&b, path, strlen(path));
	buf_puts(&b, ",\"id\":");
	buf_put_json_str(&b, id, strlen(id));
	buf_printf(&b, ",\"written\":%s,\"committed\":%s,\"dry_run\":%s,\"record\":",
	           written ? "true" : "false", committed ? "true" : "false",
	           ad->dry_run ? "true" : "false");
	buf_put_json_str(&b, text->ptr, text->len);
	buf_putc(&b, ',');
	cli_findings_json(&b, findings);
	buf_puts(&b, "}\n");
	fwrite(b.ptr, 1, b.len, stdout);
	buf_free(&b);
}

/* The top-level key of the record whose value holds line (1-based) of text, or NULL. */
static char *
field_at(const buf *text, unsigned line)
{
	const char *p = buf_cstr(text), *key = NULL;
	unsigned n = 1;

	while (*p != '\0' && n <= line) {
		if (*p != ' ' && *p != '-' && *p != '#' && *p != '\n')
			key = p;
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
		n++;
	}
	return key != NULL ? xstrndup(key, strcspn(key, ":\n")) : NULL;
}

/*
 * When an error of the record lies in an answer: shows the findings, says
 * which answer it was, and asks it again. Returns 1 when asked again, 0
 * when no answer caused it, -1 when cancelled.
 */
static int
ask_again(adder *ad, const char *path, const buf *text, diag_list *findings)
{
	static const char *const fields[] = {"date", "kind", "indicators", "title",
	                                     "responsible", "participants", "evidence"};
	size_t i, k;
	char *field = NULL;
	int rc = 0;

	for (i = 0; i < findings->n && field == NULL; i++) {
		const diag *d = &findings->items[i];

		if (d->severity != DIAG_ERROR || strcmp(d->path, path) != 0)
			continue;
		field = d->pointer != NULL && d->pointer[0] == '/'
		                ? xstrndup(d->pointer + 1, strcspn(d->pointer + 1, "/"))
		                : field_at(text, d->line);
		for (k = 0; field != NULL && k < sizeof(fields) / sizeof(fields[0]); k++)
			if (strcmp(field, fields[k]) == 0)
				break;
		if (field != NULL && k == sizeof(fields) / sizeof(fields[0])) {
			free(field);
			field = NULL;
		}
	}
	if (field == NULL)
		return 0;
	cli_print_findings(stdout, findings, FMT_TEXT, 0);
	printf(_("That is in your answer for '%s'; give it again (your other answers are "
	         "kept).\n"),
	       field);
	if (strcmp(field, "date") == 0)
		rc = ask_date(ad);
	else if (strcmp(field, "kind") == 0)
		rc = ask_kind(ad);
	else if (strcmp(field, "indicators") == 0)
		rc = ask_indicators(ad);
	else if (strcmp(field, "title") == 0)
		rc = ask_title(ad);
	else if (strcmp(field, "responsible") == 0)
		rc = ask_responsible(ad);
	else if (strcmp(field, "participants") == 0)
		rc = ask_participants(ad);
	else {
		strv_free(&ad->ev_type);
		strv_free(&ad->ev_ref);
		rc = ask_evidence(ad);
	}
	free(field);
	return rc == 0 ? 1 : -1;
}

/*
 * Builds, checks, shows or writes, and commits the event. A file that
 * appears at the chosen path meanwhile makes it read the ledger again and
 * choose the next free name.
 */
static int
record(adder *ad)
{
	char *slug = event_write_slug(ad->title, EVENT_SLUG_MAX);
	buf text = BUF_INIT;
	int attempt, rc = EXIT_TROUBLE;

	if (*slug == '\0') {
		free(slug);
		slug = xstrdup(ad->kind != NULL && *ad->kind != '\0' &&
		                               strspn(ad->kind, "abcdefghijklmnopqrstuvwxyz") ==
		                                       strlen(ad->kind)
		                       ? ad->kind
		                       : "event");
	}
	for (attempt = 0; attempt < 5; attempt++) {
		diag_list findings = DIAG_LIST_INIT;
		char *id = NULL, *path = NULL;
		int exists = 0, committed = 0, yes;

		if (attempt > 0 && load(ad) != 0)
			break;
		if (event_write_unique_id(&id, &path, ad->l, ad->root, ad->date, slug) != 0) {
			cli_error("%s", error_last());
			break;
		}
		build(ad, id, &text);
		if (check_record(ad, path, &text, &findings) != 0)
			goto next;
		if (ad->asking && attempt == 0) {
			const char *say = NULL;
			int again;

			/* An error the answers caused: ask that one again, keep the others. */
			while (diag_errors(&findings) > 0 &&
			       (again = ask_again(ad, path, &text, &findings)) != 0) {
				if (again < 0) {
					printf("%s\n", _("Cancelled; nothing was written."));
					rc = EXIT_FINDINGS;
					goto next;
				}
				diag_list_free(&findings);
				free(id);
				free(path);
				id = path = NULL;
				if (load(ad) != 0 ||
				    event_write_unique_id(&id, &path, ad->l, ad->root, ad->date, slug) != 0) {
					if (id == NULL)
						cli_error("%s", error_last());
					goto next;
				}
				build(ad, id, &text);
				if (check_record(ad, path, &text, &findings) != 0)
					goto next;
			}
			yes = confirm(ad, path, &text, &findings);
			rc = EXIT_FINDINGS;
			if (diag_errors(&findings) > 0)
				say = _("The event cannot be recorded as it stands; nothing was "
				        "written.");
			else if (ad->dry_run)
				say = _("A dry run: nothing was written.");
			else if (yes < 0)
				say = _("Cancelled; nothing was written.");
			else if (yes == 0)
				say = _("Nothing was written.");
			if (say != NULL) {
				printf("%s\n", say);
				if (ad->dry_run && diag_errors(&findings) == 0)
					rc = EXIT_OK;
				goto next;
			}
			rc = EXIT_TROUBLE;
		}
		if (ad->fmt == FMT_JSON && (ad->dry_run || diag_errors(&findings) > 0)) {
			print_json(ad, path, id, &text, &findings, 0, 0);
			rc = diag_errors(&findings) ? EXIT_FINDINGS : EXIT_OK;
			goto next;
		}
		if (ad->dry_run) {
			fwrite(text.ptr, 1, text.len, stdout);
			cli_print_findings(stderr, &findings, FMT_TEXT, 0);
			fprintf(stderr, _("%s add event: %s %s (a dry run: nothing was written)\n"),
			        cli_progname,
			        diag_errors(&findings) ? _("would not write") : _("would write"), path);
			rc = diag_errors(&findings) ? EXIT_FINDINGS : EXIT_OK;
			goto next;
		}
		if (diag_errors(&findings) > 0) {
			cli_print_findings(stderr, &findings, FMT_TEXT, 0);
			fprintf(stderr,
			        "%s add event: nothing was written; correct the event and run the "
			        "command again (--dry-run shows the record it would write)\n",
			        cli_progname);
			rc = EXIT_FINDINGS;
			goto next;
		}
		if (write_file(ad, path, &text, &exists) != 0) {
			if (exists) {
				diag_list_free(&findings);
				free(id);
				free(path);
				continue;
			}
			cli_error("nothing was written: %s", error_last());
			goto next;
		}
		if (!ad->asking && ad->fmt == FMT_TEXT)
			cli_print_findings(stderr, &findings, FMT_TEXT, 0);
		rc = EXIT_OK;
		if (ad->commit) {
			committed = commit_file(ad, path, id) == 0;
			if (!committed)
				rc = EXIT_TROUBLE;
		}
		if (ad->fmt == FMT_JSON)
			print_json(ad, path, id, &text, &findings, 1, committed);
		else if (ad->asking)
			printf(committed    ? _("Written to %s and committed.\n")
			       : ad->commit || ad->submit
			               ? _("Written to %s.\n")
			               : _("Written to %s. To send it for review: plan submit\n"),
			       path);
		else
			printf("%s\n", path);
	next:
		diag_list_free(&findings);
		free(id);
		free(path);
		break;
	}
	if (attempt == 5)
		cli_error("other files kept taking the name of this event; nothing was written");
	free(slug);
	buf_free(&text);
	return rc;
}

/* Names the options still missing; returns how many. */
static int
missing(const adder *ad, buf *words)
{
	const char *names[4];
	int n = 0, i;

	if (ad->kind == NULL)
		names[n++] = "--kind";
	if (ad->indicators.n == 0)
		names[n++] = "--indicator";
	if (ad->title == NULL)
		names[n++] = "--title";
	if (ad->responsible == NULL)
		names[n++] = "--responsible";
	for (i = 0; i < n; i++)
		buf_printf(words, "%s%s", i == 0 ? "" : i == n - 1 ? _(" and ") : ", ", names[i]);
	return n;
}

static void
adder_free(adder *ad)
{
	free(ad->kind);
	free(ad->title);
	free(ad->responsible);
	free(ad->note);
	free(ad->supersedes);
	free(ad->reason);
	free(ad->exception);
	strv_free(&ad->indicators);
	strv_free(&ad->ev_type);
	strv_free(&ad->ev_ref);
	free(ad->email);
	ledger_free(ad->l);
	free(ad->cache_dir);
	diag_list_free(&ad->before);
	history_free(ad->h);
	free(ad->root);
	free(ad->prefix);
}

enum {
	O_DATE,
	O_KIND,
	O_INDICATOR,
	O_TITLE,
	O_RESPONSIBLE,
	O_PARTICIPANTS,
	O_EVIDENCE,
	O_NOTE,
	O_SUPERSEDES,
	O_REASON,
	O_EXCEPTION,
	O_COMMIT,
	O_DRY_RUN,
	O_FORMAT,
	O_SUBMIT
};

/* Takes one option into the event; returns 0, or prints why not and returns -1. */
static int
take_option(adder *ad, int opt, const char *val)
{
	static const char *const names[] = {"date",        "kind",         "indicator", "title",
	                                    "responsible", "participants", "evidence",  "note",
	                                    "supersedes",  "reason",       "exception"};
	char **text[] = {NULL,          &ad->kind, NULL,      &ad->title,      &ad->responsible,
	                 NULL,          NULL,      &ad->note, &ad->supersedes, &ad->reason,
	                 &ad->exception};
	char *type, *ref;

	if (opt <= O_EXCEPTION && !is_utf8(val)) {
		cli_usage_error("add event",
		                "the --%s is not UTF-8 text; check the character set of "
		                "the terminal or script",
		                names[opt]);
		return -1;
	}
	switch (opt) {
	case O_DATE: ad->has_date = 1; return cli_parse_date("add event", "--date", val, &ad->date);
	case O_INDICATOR: add_indicators(&ad->indicators, val); return 0;
	case O_PARTICIPANTS:
		ad->has_participants = 1;
		if (parse_count(val, &ad->participants) == 0)
			return 0;
		cli_usage_error("add event",
		                "--participants needs a whole number of people, such as "
		                "14; '%s' is not one",
		                val);
		return -1;
	case O_EVIDENCE:
		if (event_write_parse_evidence(val, &type, &ref) != 0) {
			cli_usage_error("add event", "--evidence: %s", error_last());
			return -1;
		}
		strv_push(&ad->ev_type, type);
		strv_push(&ad->ev_ref, ref);
		return 0;
	case O_COMMIT: ad->commit = 1; return 0;
	case O_DRY_RUN: ad->dry_run = 1; return 0;
	case O_FORMAT: return cli_parse_format("add event", val, FMT_TEXT | FMT_JSON, &ad->fmt);
	case O_SUBMIT: ad->submit = 1; return 0;
	}
	set(text[opt], val);
	return 0;
}

/* The options of plan add event and plan correct, in the order of the O_ values. */
static const cli_option event_opts[] = {
        {"date", 0, 1},     {"kind", 0, 1},        {"indicator", 0, 1},
        {"title", 0, 1},    {"responsible", 0, 1}, {"participants", 0, 1},
        {"evidence", 0, 1}, {"note", 0, 1},        {"supersedes", 0, 1},
        {"reason", 0, 1},   {"exception", 0, 1},   {"commit", 0, 0},
        {"dry-run", 0, 0},  {"format", 0, 1},      {"submit", 0, 0},
        {NULL, 0, 0}};

/* Writes the event (record), and with --submit sends it for review. */
static int
record_and_submit(adder *ad)
{
	int rc = record(ad);

	/* The written event (and anything else of the person's) goes for review. */
	if (rc == EXIT_OK && ad->submit && !ad->dry_run)
		rc = cli_submit(&ad->h, ad->root, NULL);
	return rc;
}

/* An adder with the defaults: text output, today, the kinds' labels in the user's language. */
static void
adder_init(adder *ad)
{
	memset(ad, 0, sizeof(*ad));
	ad->fmt = FMT_TEXT;
	ad->today = date_today();
	ad->sv = cli_swedish();
}

/*
 * Finds the ledger to add to. Returns 0, or EXIT_TROUBLE after saying why
 * (no ledger here, or --commit or --submit outside Git).
 */
static int
find_ledger(adder *ad)
{
	if (cli_find_root(&ad->h, &ad->root, &ad->prefix) != 0)
		return EXIT_TROUBLE;
	if ((ad->commit || ad->submit) && ad->h == NULL)
		return cli_error("--commit needs a Git repository, and this ledger is not in one");
	return 0;
}

int
cmd_add(int argc, char **argv)
{
	adder ad;
	buf words = BUF_INIT, why = BUF_INIT;
	cli_args a;
	const char *val, *kind;
	int n, opt, given_responsible, given_participants, given_evidence, rc = EXIT_TROUBLE;

	adder_init(&ad);
	cli_args_init(&a, "add event", argc, argv, event_opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "add");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR || take_option(&ad, opt, val) != 0)
			goto done;
	}
	if (a.npos != 1 || strcmp(a.pos[0], "event") != 0) {
		cli_usage_error(a.cmd,
		                a.npos == 0 ? "say what to add: plan add event ..."
		                            : _("only events are added this way: plan add event ..."));
		goto done;
	}
	given_participants = ad.has_participants;
	given_evidence = ad.ev_type.n > 0;
	if (find_ledger(&ad) != 0)
		goto done;
	if (ad.submit && (ad.dry_run || ad.fmt != FMT_TEXT)) {
		cli_usage_error(a.cmd, _("--submit sends the event for review; it goes with neither "
					 "--dry-run nor --format json"));
		goto done;
	}
	ad.email = cli_configured_email(ad.h);
	if (load(&ad) != 0)
		goto done;
	/* A kind may be given by its Swedish or English name too. */
	if (ad.kind != NULL && (kind = find_kind(ad.l, ad.kind)) != NULL)
		set(&ad.kind, kind);
	else if (ad.kind != NULL) {
		rc = unknown_kind(a.cmd, ad.l, ad.kind);
		goto done;
	}
	given_responsible = ad.responsible != NULL;
	if (ad.responsible == NULL && ad.me != NULL)
		set(&ad.responsible, ad.me);
	if ((n = missing(&ad, &words)) > 0) {
		if (!cli_terminal() || ad.fmt != FMT_TEXT) {
			if (ad.responsible == NULL && ad.email != NULL)
				buf_printf(&why,
				           _(". No one in records/people.yaml has the e-mail "
				             "address %s, which Git is configured with, so name the "
				             "responsible person with --responsible"),
				           ad.email);
			else if (ad.responsible == NULL)
				buf_puts(&why,
				         _(". No e-mail address is configured in Git (git config "
				           "user.email) to find you in records/people.yaml, so name "
				           "the responsible person with --responsible"));
			cli_usage_error(a.cmd,
			                "%s %s missing (at a terminal, plan asks for %s "
			                "instead)%s",
			                words.ptr, n > 1 ? "are" : "is", n > 1 ? "them" : "it",
			                buf_cstr(&why));
			goto done;
		}
		ad.asking = 1;
		if (!ad.has_date)
			ad.date = ad.today;
		/* At the terminal the configured user is the default, not a given. */
		if (!given_responsible)
			set(&ad.responsible, NULL);
		rc = ask_all(&ad, given_participants, given_evidence);
		if (rc != 0) {
			rc = ask_failed(rc);
			goto done;
		}
	}
	if (!ad.has_date)
		ad.date = ad.today;
	rc = record_and_submit(&ad);
done:
	buf_free(&words);
	buf_free(&why);
	adder_free(&ad);
	cli_args_free(&a);
	return rc;
}

/*
 * plan correct ID: a new event that supersedes event ID, starting from its
 * values: asked again at a terminal (Enter keeps each), or changed by the
 * options; the reason is asked for, or given with --reason.
 */
int
cmd_correct(int argc, char **argv)
{
	adder ad;
	cli_args a;
	const char *val;
	const rec_event *old = NULL;
	size_t i;
	int opt, rc = EXIT_TROUBLE;

	adder_init(&ad);
	cli_args_init(&a, "correct", argc, argv, event_opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "correct");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == O_SUPERSEDES) {
			cli_usage_error(a.cmd, _("name the event to correct as the argument: plan "
			                         "correct ID"));
			goto done;
		}
		if (take_option(&ad, opt, val) != 0)
			goto done;
	}
	if (a.npos != 1) {
		cli_usage_error(a.cmd, _("name the event to correct, such as plan correct "
		                         "2019-04-12-anbudsskola (plan list events shows the ids)"));
		goto done;
	}
	if (find_ledger(&ad) != 0)
		goto done;
	ad.email = cli_configured_email(ad.h);
	if (load(&ad) != 0)
		goto done;
	for (i = 0; i < ad.l->nevents && old == NULL; i++)
		if (ad.l->events[i].id != NULL && strcmp(ad.l->events[i].id, a.pos[0]) == 0)
			old = &ad.l->events[i];
	if (old == NULL) {
		cli_error(_("there is no event %s in this ledger; plan list events shows the events "
		            "and their ids"),
		          a.pos[0]);
		goto done;
	}
	/* What the options leave alone is the old event's. */
	if (!ad.has_date && old->has_date) {
		ad.date = old->date;
		ad.has_date = 1;
	}
	if (ad.kind == NULL && old->kind != NULL)
		set(&ad.kind, old->kind);
	else if (ad.kind != NULL && find_kind(ad.l, ad.kind) != NULL)
		set(&ad.kind, find_kind(ad.l, ad.kind));
	if (ad.title == NULL && old->title != NULL)
		set(&ad.title, old->title);
	if (ad.indicators.n == 0)
		for (i = 0; i < old->nindicators; i++)
			if (old->indicators[i].id != NULL)
				strv_push(&ad.indicators, xstrdup(old->indicators[i].id));
	if (ad.responsible == NULL && old->responsible.id != NULL)
		set(&ad.responsible, old->responsible.id);
	if (!ad.has_participants && old->participants >= 0) {
		ad.has_participants = 1;
		ad.participants = old->participants;
	}
	if (ad.ev_type.n == 0)
		for (i = 0; i < old->nevidence; i++) {
			strv_push(&ad.ev_type, xstrdup(old->evidence[i].type ? old->evidence[i].type : ""));
			strv_push(&ad.ev_ref, xstrdup(old->evidence[i].ref ? old->evidence[i].ref : ""));
		}
	if (ad.note == NULL && old->note != NULL)
		set(&ad.note, old->note);
	if (ad.exception == NULL && old->exception != NULL)
		set(&ad.exception, old->exception);
	set(&ad.supersedes, old->id);
	if (cli_terminal() && ad.fmt == FMT_TEXT) {
		int r = 0;

		ad.asking = 1;
		printf(_("Correcting %s. Enter keeps the value in [brackets]; Ctrl-D stops.\n"), old->id);
		r = ask_fields(&ad, ~0u);
		if (r != 0) {
			rc = ask_failed(r);
			goto done;
		}
	} else if (ad.reason == NULL) {
		cli_usage_error(a.cmd, _("say why %s is corrected with --reason TEXT (at a terminal, "
		                         "plan asks for it)"),
		                old->id);
		goto done;
	}
	rc = record_and_submit(&ad);
done:
	adder_free(&ad);
	cli_args_free(&a);
	return rc;
}
