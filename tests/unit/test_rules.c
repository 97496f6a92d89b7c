/*
 * Unit tests of the rules across records (DESIGN.md section 4) that need no
 * history, one table row per finding: the shipped plan's records (read from
 * the project root, as tests/run.sh runs the tests), with records of the
 * row's own written as YAML here, added or put in place of a shipped one;
 * then the finding expected, by rule, severity, file and words, and how
 * many of that rule the ledger has in all. The counting rules (window,
 * requires, counts) are tested with fulfilment in test_fulfil.c.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/records.h"
#include "ledger/rules.h"
#include "util/date.h"
#include "yaml/ytree.h"

enum { MAX_FILES = 4 };

typedef struct file {
	const char *path; /* "-" + a shipped path leaves that file out */
	const char *yaml;
} file;

typedef struct row {
	const char *name;
	file files[MAX_FILES];
	const char *today; /* the future rule's day, or NULL: off */
	const char *rule;
	diag_severity sev;
	const char *in;	     /* a piece of the finding's path */
	const char *words;   /* a piece of its message */
	unsigned line;	     /* its line, or 0: not checked */
	size_t of_rule;	     /* findings of the rule in all */
} row;

/* A seminar for I14 by anders.bro, in the folder of its date, with extra lines. */
#define EVENT(y, m, d, slug, extra)                                                          \
	{"records/events/" y "/" m "/" y "-" m "-" d "-" slug ".yaml",                      \
	 "id: " y "-" m "-" d "-" slug "\ndate: " y "-" m "-" d "\nkind: seminar\n"         \
	 "title: Invented\nindicators: [I14]\nresponsible: anders.bro\n" extra}
#define EV_PATH(y, m, slug) "records/events/" y "/" m "/" y "-" m "-" slug

static const row rows[] = {
	{"id: an event in the folder of its month passes",
	 {{EV_PATH("2019", "04", "12-sem.yaml"),
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: handlaggare-1\n"}},
	 NULL, "id", DIAG_ERROR, NULL, NULL, 0, 0},
	{"id: the id must be the file name",
	 {{"records/goals/M9.yaml", "id: M8\ntitle: Ett mål\nsummary: S\n"}}, NULL, "id",
	 DIAG_ERROR, "goals/M9.yaml", "does not match its file name 'M9.yaml'", 1, 1},
	{"id: an event's folder follows its date",
	 {{EV_PATH("2019", "05", "12-sem.yaml"),
	   "id: 2019-05-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: handlaggare-1\n"}},
	 NULL, "id", DIAG_ERROR, "2019-05-12-sem", "belongs in records/events/2019/04/; move it",
	 2, 2},
	{"id: ... and its id begins with the date",
	 {{EV_PATH("2019", "05", "12-sem.yaml"),
	   "id: 2019-05-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: handlaggare-1\n"}},
	 NULL, "id", DIAG_ERROR, "2019-05-12-sem", "must begin with the event's date, 2019-04-12", 1,
	 2},
	{"id: a person id used twice",
	 {{"records/people.yaml",
	   "people:\n  - {id: handlaggare-1, name: A, fte: 1.0, roles: [staff]}\n"
	   "  - {id: handlaggare-1, name: B, fte: 1.0, roles: [staff]}\n"}},
	 NULL, "id", DIAG_ERROR, "people.yaml", "used twice (also on line 2)", 3, 1},
	{"id: two events with one id",
	 {{EV_PATH("2019", "04", "12-sem.yaml"),
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: handlaggare-1\n"},
	  {"records/events/2019/05/2019-04-12-sem.yaml",
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: handlaggare-1\n"}},
	 NULL, "id", DIAG_ERROR, "2019/05/2019-04-12-sem", "is used by two events (also records/events/2019/04/", 1, 2},
	{"ref: the plan record is missing", {{"-records/plan.yaml", NULL}}, NULL, "ref", DIAG_ERROR,
	 "records/plan.yaml", "the plan record is missing", 0, 1},
	{"ref: an activity's goal that does not exist",
	 {{"records/activities/A9.1.yaml",
	   "id: A9.1\ngoal: M9\ntitle: T\nwindow: {start: 2018-01-01, end: 2018-12-31}\n"}},
	 NULL, "ref", DIAG_ERROR, "A9.1", "there is no goal 'M9' in this plan (its goals: M1, M2, M3, M4)",
	 2, 1},
	{"ref: an event's indicator that does not exist, and its responsible nobody",
	 {{EV_PATH("2019", "04", "12-sem.yaml"),
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14, I99]\nresponsible: nobody-1\n"}},
	 NULL, "ref", DIAG_ERROR, "12-sem", "there is no indicator 'I99' in this plan (its indicators: I1 to I33)",
	 5, 2},
	{"ref: ... the person is named with the people there are",
	 {{EV_PATH("2019", "04", "12-sem.yaml"),
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: nobody-1\n"}},
	 NULL, "ref", DIAG_ERROR, "12-sem",
	 "'nobody-1' is not a person in records/people.yaml (people: anders.bro, mona.hedfeldt, "
	 "mikael.norberg)",
	 6, 1},
	{"ref: an indicator listed three times is said once, with the count",
	 {{EV_PATH("2019", "04", "12-sem.yaml"),
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14, I19, I14, I14]\nresponsible: anders.bro\n"}},
	 NULL, "ref", DIAG_ERROR, "12-sem", "I14 is listed 3 times", 5, 1},
	{"ref: a correction of an event that does not exist",
	 {{EV_PATH("2019", "04", "12-sem.yaml"),
	   "id: 2019-04-12-sem\ndate: 2019-04-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: anders.bro\nsupersedes: 2019-04-01-x\nreason: r\n"}},
	 NULL, "ref", DIAG_ERROR, "12-sem", "corrects '2019-04-01-x', but there is no event", 7, 1},
	{"window: an activity's window that ends before it starts",
	 {{"records/activities/A9.1.yaml",
	   "id: A9.1\ngoal: M1\ntitle: T\nwindow: {start: 2019-01-01, end: 2018-12-31}\n"}},
	 NULL, "window", DIAG_ERROR, "A9.1", "the window starts (2019-01-01) after it ends (2018-12-31)",
	 4, 1},
	{"window: an activity's window outside the plan period",
	 {{"records/activities/A9.1.yaml",
	   "id: A9.1\ngoal: M1\ntitle: T\nwindow: {start: 2021-01-01, end: 2022-06-30}\n"}},
	 NULL, "window", DIAG_ERROR, "A9.1", "reaches outside the plan period 2018-01-01 to 2021-12-31",
	 4, 1},
	{"window: an event outside the plan period is an error",
	 {{EV_PATH("2022", "01", "12-sem.yaml"),
	   "id: 2022-01-12-sem\ndate: 2022-01-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: anders.bro\n"}},
	 NULL, "window", DIAG_ERROR, "12-sem", "outside the plan period 2018-01-01 to 2021-12-31", 2,
	 2},
	{"window: ... a warning when recorded as an exception",
	 {{EV_PATH("2022", "01", "12-sem.yaml"),
	   "id: 2022-01-12-sem\ndate: 2022-01-12\nkind: seminar\ntitle: T\n"
	   "indicators: [I14]\nresponsible: anders.bro\nexception: {reason: Sent}\n"}},
	 NULL, "window", DIAG_WARNING, "12-sem", "(recorded as an exception)", 2, 2},
	{"window-text: the words must mean the window's dates",
	 {{"records/activities/A9.1.yaml",
	   "id: A9.1\ngoal: M1\ntitle: T\nwindow: {start: 2018-01-01, end: 2018-12-31}\n"
	   "window_text: hösten 2019\n"}},
	 NULL, "window-text", DIAG_ERROR, "A9.1",
	 "does not match the plan's words 'hösten 2019', which mean 2019-07-01 to 2019-12-31", 4, 1},
	{"window-text: words that are no period",
	 {{"records/activities/A9.1.yaml",
	   "id: A9.1\ngoal: M1\ntitle: T\nwindow: {start: 2018-01-01, end: 2018-12-31}\n"
	   "window_text: när det passar\n"}},
	 NULL, "window-text", DIAG_ERROR, "A9.1", "'när det passar' cannot be read as a period", 5,
	 1},
	{"window-text: the shipped plan's words all match its windows", {{NULL, NULL}}, NULL,
	 "window-text", DIAG_ERROR, NULL, NULL, 0, 0},
	{"requires: an indicator cannot require itself",
	 {{"records/indicators/I14.yaml",
	   "id: I14\nactivity: A2.4\ntext: T\ntarget: {kind: count, min: 1, per: year}\n"
	   "requires: [I14]\n"}},
	 NULL, "requires", DIAG_ERROR, "I14", "cannot require itself", 5, 1},
	{"future: an event after today", {EVENT("2019", "04", "12", "sem", "")}, "2019-04-11", "future",
	 DIAG_ERROR, "sem", "dated 2019-04-12, after today (2019-04-11)", 2, 1},
	{"future: an event of today is no finding", {EVENT("2019", "04", "12", "sem", "")}, "2019-04-12",
	 "future", DIAG_ERROR, NULL, NULL, 0, 0},
	{"supersedes: an event cannot correct itself",
	 {EVENT("2019", "04", "12", "sem", "supersedes: 2019-04-12-sem\nreason: r\n")}, NULL,
	 "supersedes", DIAG_ERROR, "sem", "cannot correct itself", 7, 1},
	{"supersedes: corrections that go round in a circle",
	 {EVENT("2019", "04", "12", "a", "supersedes: 2019-04-13-b\nreason: r\n"),
	  EVENT("2019", "04", "13", "b", "supersedes: 2019-04-12-a\nreason: r\n")},
	 NULL, "supersedes", DIAG_ERROR, "-a.yaml", "go round in a circle", 7, 2},
};

static int
replaced(const row *r, const char *path)
{
	size_t i;

	for (i = 0; i < MAX_FILES && r->files[i].path != NULL; i++)
		if (strcmp(r->files[i].path + (r->files[i].path[0] == '-'), path) == 0)
			return 1;
	return 0;
}

static void
add_text(ledger *l, const char *path, const char *text)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;

	assert_int_equal(ytree_parse(&doc, path, text, strlen(text), YTREE_RECORD, NULL, &f), 0);
	assert_int_equal(f.n, 0);
	ledger_add(l, records_kind_of(path), path, doc->root, 1, NULL);
	ytree_doc_free(doc);
	diag_list_free(&f);
}

static void
add_shipped(ledger *l, const row *r, const char *path)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;

	if (replaced(r, path))
		return;
	assert_int_equal(ytree_parse_file(&doc, path, YTREE_RECORD, NULL, &f), 0);
	ledger_add(l, records_kind_of(path), path, doc->root, 1, NULL);
	ytree_doc_free(doc);
	diag_list_free(&f);
}

static void
add_dir(ledger *l, const row *r, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512];

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 6 || strcmp(de->d_name + n - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		add_shipped(l, r, path);
	}
	closedir(d);
}

static ledger *
build(const row *r)
{
	ledger *l = ledger_new();
	size_t i;

	add_shipped(l, r, "records/plan.yaml");
	add_shipped(l, r, "records/people.yaml");
	add_dir(l, r, "records/goals");
	add_dir(l, r, "records/activities");
	add_dir(l, r, "records/indicators");
	for (i = 0; i < MAX_FILES && r->files[i].path != NULL; i++)
		if (r->files[i].yaml != NULL)
			add_text(l, r->files[i].path, r->files[i].yaml);
	ledger_index(l);
	return l;
}

static void
check_row(const row *r)
{
	ledger *l = build(r);
	rules_options o = {-1, NULL, 0};
	diag_list out = DIAG_LIST_INIT;
	size_t k, of_rule = 0, hits = 0;

	print_message("  %s\n", r->name);
	if (r->today != NULL)
		assert_int_equal(date_parse(r->today, strlen(r->today), &o.today), 0);
	rules_check(l, &o, &out);
	for (k = 0; k < out.n; k++) {
		const diag *d = &out.items[k];

		if (strcmp(d->rule, r->rule) != 0)
			continue;
		of_rule++;
		print_message("    %s:%u: %s\n", d->path, d->line, d->message);
		if (r->in != NULL && d->severity == r->sev && strstr(d->path, r->in) != NULL &&
		    strstr(d->message, r->words) != NULL && (r->line == 0 || d->line == r->line))
			hits++;
	}
	assert_int_equal(of_rule, r->of_rule);
	assert_int_equal(hits, r->in != NULL ? 1 : 0);
	diag_list_free(&out);
	ledger_free(l);
}

static void
test_rules__one_finding_per_row(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
}

/*
 * rules.h's table: one id per row; each function makes findings of its own
 * id only; and together they make what rules_check makes.
 */
static void
test_rules__each_id_has_its_one_function(void **state)
{
	size_t i, j, k, n;

	(void)state;
	for (i = 0; i < rules_count; i++)
		for (j = i + 1; j < rules_count; j++)
			assert_string_not_equal(rules_table[i].id, rules_table[j].id);
	assert_int_equal(rules_check_one(NULL, NULL, "no-such-rule", NULL), -1);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ledger *l = build(&rows[i]);
		rules_options o = {-1, NULL, 0};
		diag_list all = DIAG_LIST_INIT;

		if (rows[i].today != NULL)
			assert_int_equal(
				date_parse(rows[i].today, strlen(rows[i].today), &o.today), 0);
		rules_check(l, &o, &all);
		for (j = 0, n = 0; j < rules_count; j++) {
			diag_list one = DIAG_LIST_INIT;

			assert_int_equal(rules_check_one(l, &o, rules_table[j].id, &one), 0);
			for (k = 0; k < one.n; k++) {
				assert_string_equal(one.items[k].rule, rules_table[j].id);
				assert_string_equal(one.items[k].message, all.items[n + k].message);
			}
			n += one.n;
			diag_list_free(&one);
		}
		assert_int_equal(n, all.n);
		/* The rules run on several threads give the same findings in the same order. */
		{
			diag_list par = DIAG_LIST_INIT;

			o.threads = 3;
			rules_check(l, &o, &par);
			assert_int_equal(par.n, all.n);
			for (k = 0; k < par.n; k++) {
				assert_string_equal(par.items[k].rule, all.items[k].rule);
				assert_string_equal(par.items[k].path, all.items[k].path);
				assert_string_equal(par.items[k].message, all.items[k].message);
			}
			diag_list_free(&par);
		}
		diag_list_free(&all);
		ledger_free(l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules__one_finding_per_row),
		cmocka_unit_test(test_rules__each_id_has_its_one_function),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
