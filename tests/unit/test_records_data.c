/*
 * The shipped records against the plan: 4 goals, 18 activities and 33
 * indicators that parse as records, name their schema, and agree with the
 * plan's text on priorities, windows, targets and requirements. Runs from
 * the project root, as tests/run.sh does.
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

#include "ledger/period.h"
#include "util/date.h"
#include "util/error.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

enum { MAX_RECORDS = 64 };

/* One parsed record file: its id (the file name without .yaml) and tree. */
typedef struct record {
	char id[32];
	char path[128];
	ytree_doc *doc;
} record;

typedef struct record_set {
	record items[MAX_RECORDS];
	size_t n;
} record_set;

/* Every record the tests need, loaded once for the group. */
typedef struct ledger {
	ytree_doc *plan;
	ytree_doc *people;
	ytree_doc *common; /* schemas/common.schema.yaml, in general mode */
	record_set goals, activities, indicators;
	period plan_period;
} ledger;

/* Parses one record file, failing the test on any finding. */
static ytree_doc *
parse_record(const char *path)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int rc = ytree_parse_file(&doc, path, YTREE_RECORD, NULL, &f);
	size_t i;

	if (rc < 0)
		fprintf(stderr, "%s: %s (run the tests from the project root)\n", path,
		        error_last());
	for (i = 0; i < f.n; i++)
		fprintf(stderr, "%s:%u:%u: %s\n", path, f.items[i].line, f.items[i].col,
		        f.items[i].message);
	assert_int_equal(rc, YTREE_OK);
	assert_int_equal(f.n, 0);
	assert_non_null(doc->root);
	assert_int_equal(doc->root->kind, YT_MAP);
	diag_list_free(&f);
	return doc;
}

/*
 * Checks that the file's first line is the YAML language server modeline
 * pointing at schemas/<schema>.schema.yaml by a path relative to the file.
 */
static void
check_modeline(const char *path, const char *schema)
{
	char line[256], want[256];
	const char *p;
	size_t depth = 0;
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	fclose(fp);
	for (p = path; *p != '\0'; p++)
		depth += *p == '/';
	snprintf(want, sizeof(want), "# yaml-language-server: $schema=");
	while (depth-- > 0)
		strcat(want, "../");
	strcat(want, "schemas/");
	strcat(want, schema);
	strcat(want, ".schema.yaml\n");
	if (strcmp(line, want) != 0)
		fprintf(stderr, "%s: first line is %swanted %s", path, line, want);
	assert_string_equal(line, want);
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const record *)a)->id, ((const record *)b)->id);
}

/* Loads every .yaml file of dir, each checked for its schema's modeline. */
static void
load_dir(record_set *set, const char *dir, const char *schema)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		fprintf(stderr, "cannot open %s; run the tests from the project root\n", dir);
	assert_non_null(d);
	set->n = 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		record *r;

		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		assert_true(set->n < MAX_RECORDS);
		assert_true(len - 5 < sizeof(r->id));
		r = &set->items[set->n++];
		memcpy(r->id, e->d_name, len - 5);
		r->id[len - 5] = '\0';
		snprintf(r->path, sizeof(r->path), "%s/%s", dir, e->d_name);
		check_modeline(r->path, schema);
		r->doc = parse_record(r->path);
	}
	closedir(d);
	qsort(set->items, set->n, sizeof(set->items[0]), by_id);
}

static const ytree_node *
get(const ytree_node *map, const char *key)
{
	const ytree_node *v = ytree_get(map, key);

	if (v == NULL)
		fprintf(stderr, "no key '%s' at line %u\n", key, map->line);
	assert_non_null(v);
	return v;
}

static const char *
str(const ytree_node *map, const char *key)
{
	const ytree_node *v = get(map, key);

	assert_int_equal(v->kind, YT_STR);
	return v->str;
}

static date_days
date_at(const ytree_node *map, const char *key)
{
	const char *s = str(map, key);
	date_days d;

	assert_int_equal(date_parse(s, strlen(s), &d), 0);
	return d;
}

/* Reads a {start, end} window. */
static period
window_at(const ytree_node *map, const char *key)
{
	const ytree_node *w = get(map, key);
	period p;

	assert_int_equal(w->kind, YT_MAP);
	p.start = date_at(w, "start");
	p.end = date_at(w, "end");
	p.yearly = 0;
	assert_true(p.start <= p.end);
	return p;
}

static const ytree_node *
find(const record_set *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->items[i].id, id) == 0)
			return set->items[i].doc->root;
	fprintf(stderr, "no record %s\n", id);
	fail();
	return NULL;
}

static int
setup(void **state)
{
	ledger *l = xcalloc(1, sizeof(*l));
	diag_list f = DIAG_LIST_INIT;

	check_modeline("records/plan.yaml", "plan");
	check_modeline("records/people.yaml", "people");
	l->plan = parse_record("records/plan.yaml");
	l->people = parse_record("records/people.yaml");
	l->plan_period = window_at(l->plan->root, "period");
	if (ytree_parse_file(&l->common, "schemas/common.schema.yaml", YTREE_GENERAL, NULL, &f) !=
	    YTREE_OK)
		return -1;
	diag_list_free(&f);
	load_dir(&l->goals, "records/goals", "goal");
	load_dir(&l->activities, "records/activities", "activity");
	load_dir(&l->indicators, "records/indicators", "indicator");
	*state = l;
	return 0;
}

static void
free_set(record_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		ytree_doc_free(set->items[i].doc);
}

static int
teardown(void **state)
{
	ledger *l = *state;

	if (l == NULL)
		return 0;
	ytree_doc_free(l->plan);
	ytree_doc_free(l->people);
	ytree_doc_free(l->common);
	free_set(&l->goals);
	free_set(&l->activities);
	free_set(&l->indicators);
	free(l);
	return 0;
}

static void
test_records__plan_is_orebros_2018_to_2021(void **state)
{
	const ledger *l = *state;
	const ytree_node *plan = l->plan->root;

	assert_string_equal(str(plan, "id"), "orebro-civilsamhalle-2018-2021");
	assert_string_equal(str(plan, "organisation"), "Region Örebro län");
	assert_string_equal(str(plan, "unit"), "Område kultur och ideell sektor");
	assert_string_equal(str(plan, "language"), "sv");
	assert_int_equal(l->plan_period.start, date_from_ymd(2018, 1, 1));
	assert_int_equal(l->plan_period.end, date_from_ymd(2021, 12, 31));
	assert_int_equal(date_at(get(plan, "adopted"), "date"), date_from_ymd(2018, 1, 25));
	assert_string_equal(str(get(plan, "adopted"), "by"), "Nämnden för regional tillväxt");
	assert_int_equal(get(get(plan, "approval"), "signed")->kind, YT_BOOL);
	assert_false(get(get(plan, "approval"), "signed")->boolean);
	assert_string_equal(
		str(plan, "overall_goal"),
		"Ett ökat inflytande och deltagande av civilsamhälle och social ekonomi "
		"i det regionala utvecklings- och tillväxtarbetet.");
}

/* Ids equal file names, and run M1–M4, A1.1–A4.2 (4, 8, 4, 2), I1–I33. */
static void
test_records__four_goals_eighteen_activities_thirty_three_indicators(void **state)
{
	const ledger *l = *state;
	static const int per_goal[] = {4, 8, 4, 2};
	const record_set *sets[] = {&l->goals, &l->activities, &l->indicators};
	char id[16];
	size_t i, s;
	int g, a;

	assert_int_equal(l->goals.n, 4);
	assert_int_equal(l->activities.n, 18);
	assert_int_equal(l->indicators.n, 33);
	for (s = 0; s < 3; s++)
		for (i = 0; i < sets[s]->n; i++)
			assert_string_equal(str(sets[s]->items[i].doc->root, "id"),
			                    sets[s]->items[i].id);
	for (g = 1; g <= 4; g++) {
		snprintf(id, sizeof(id), "M%d", g);
		find(&l->goals, id);
		for (a = 1; a <= 8; a++) {
			snprintf(id, sizeof(id), "A%d.%d", g, a);
			for (i = 0; i < l->activities.n; i++)
				if (strcmp(l->activities.items[i].id, id) == 0)
					break;
			assert_int_equal(i < l->activities.n, a <= per_goal[g - 1]);
			if (i < l->activities.n) {
				snprintf(id, sizeof(id), "M%d", g);
				assert_string_equal(str(l->activities.items[i].doc->root, "goal"),
				                    id);
			}
		}
	}
	for (i = 1; i <= 33; i++) {
		snprintf(id, sizeof(id), "I%zu", i);
		find(&l->indicators, id);
	}
}

static void
expect_activity(const ledger *l, const char *id, const char *priority, const char *start,
                const char *end, const char *window_text)
{
	const ytree_node *a = find(&l->activities, id);
	period w = window_at(a, "window");
	char s[DATE_BUFSZ], e[DATE_BUFSZ];

	assert_string_equal(str(a, "priority"), priority);
	assert_string_equal(date_format(w.start, s), start);
	assert_string_equal(date_format(w.end, e), end);
	assert_string_equal(str(a, "window_text"), window_text);
}

/* A sample checked by hand against the plan's "Prioritet:" and "Tid:" lines. */
static void
test_records__sample_priorities_and_windows_match_the_plan(void **state)
{
	const ledger *l = *state;
	size_t i, medium = 0;

	expect_activity(l, "A1.1", "high", "2018-01-01", "2019-12-31", "2018–2019");
	expect_activity(l, "A1.2", "medium-high", "2021-01-01", "2021-12-31", "2021");
	expect_activity(l, "A1.4", "medium-high", "2019-01-01", "2019-06-30", "Våren 2019");
	expect_activity(l, "A2.1", "high", "2018-01-01", "2019-06-30", "2018–våren 2019");
	expect_activity(l, "A2.2", "high", "2018-01-01", "2021-12-31", "Löpande årsvis");
	expect_activity(l, "A2.4", "high", "2018-01-01", "2021-12-31",
	                "Återkommande med start våren 2018");
	expect_activity(l, "A2.5", "high", "2019-07-01", "2019-12-31", "Hösten 2019");
	expect_activity(l, "A2.6", "high", "2018-07-01", "2020-12-31", "Hösten 2018–2020");
	expect_activity(l, "A2.8", "medium-high", "2019-01-01", "2020-12-31", "2019–2020");
	expect_activity(l, "A3.1", "high", "2018-01-01", "2021-12-31", "Löpande");
	expect_activity(l, "A3.3", "high", "2018-07-01", "2019-06-30", "Hösten 2018–våren 2019");
	expect_activity(l, "A3.4", "medium-high", "2021-07-01", "2021-12-31", "Hösten 2021");
	expect_activity(l, "A4.2", "high", "2018-01-01", "2021-12-31", "Löpande");
	for (i = 0; i < l->activities.n; i++)
		medium += strcmp(str(l->activities.items[i].doc->root, "priority"),
		                 "medium-high") == 0;
	assert_int_equal(medium, 4);
	assert_string_equal(str(find(&l->activities, "A3.1"), "title"),
	                    "Att samordna en förvaltningsintern arbetsgrupp om civilsamhälle och "
	                    "social ekonomi.");
	assert_string_equal(str(find(&l->activities, "A3.2"), "title"),
	                    "Att samordna Partnerskapet för sociala innovationer.");
}

/* The window-text rule on the shipped data: words and dates agree exactly. */
static void
test_records__every_window_text_parses_to_exactly_its_window(void **state)
{
	const ledger *l = *state;
	size_t i;

	for (i = 0; i < l->activities.n; i++) {
		const ytree_node *a = l->activities.items[i].doc->root;
		const char *text = str(a, "window_text");
		period w = window_at(a, "window"), got;
		char *why = NULL;

		if (period_parse(text, strlen(text), &l->plan_period, &got, &why) != 0)
			fprintf(stderr, "%s: %s\n", l->activities.items[i].id, why);
		assert_null(why);
		if (got.start != w.start || got.end != w.end)
			fprintf(stderr, "%s: \"%s\" disagrees with its window\n",
			        l->activities.items[i].id, text);
		assert_int_equal(got.start, w.start);
		assert_int_equal(got.end, w.end);
		assert_true(period_contains(&l->plan_period, w.start));
		assert_true(period_contains(&l->plan_period, w.end));
	}
}

/* Which activity each indicator belongs to, as the plan (and its Bilaga) has it. */
static void
test_records__indicators_belong_to_the_plans_activities(void **state)
{
	static const char *const owner[34] = {
		NULL,   "A1.1", "A1.1", "A1.2", "A1.3", "A1.3", "A1.4", "A2.1", "A2.1",
		"A2.1", "A2.2", "A2.3", "A2.3", "A2.3", "A2.4", "A2.4", "A2.5", "A2.6",
		"A2.6", "A2.7", "A2.7", "A2.8", "A2.8", "A3.1", "A3.1", "A3.2", "A3.2",
		"A3.3", "A3.4", "A4.1", "A4.1", "A4.1", "A4.2", "A4.2",
	};
	const ledger *l = *state;
	char id[8];
	size_t i, a;

	for (i = 1; i <= 33; i++) {
		snprintf(id, sizeof(id), "I%zu", i);
		assert_string_equal(str(find(&l->indicators, id), "activity"), owner[i]);
	}
	/* Every activity has at least one indicator. */
	for (a = 0; a < l->activities.n; a++) {
		int has = 0;

		for (i = 1; i <= 33; i++)
			has |= strcmp(owner[i], l->activities.items[a].id) == 0;
		assert_true(has);
	}
}

/*
 * Targets: due windows inside the plan period (beyond the activity's window
 * only for I3 and I6, whose words say so, with a note), whole calendar years
 * when counted per year, deliverables of one, and a sample against the plan.
 */
static void
test_records__targets_lie_inside_their_activity_windows(void **state)
{
	const ledger *l = *state;
	const ytree_node *t;
	size_t i;

	for (i = 0; i < l->indicators.n; i++) {
		const ytree_node *ind = l->indicators.items[i].doc->root;
		const ytree_node *act = find(&l->activities, str(ind, "activity"));
		period aw = window_at(act, "window"), due;
		int y, m, d;

		t = get(ind, "target");
		due = window_at(t, "due");
		assert_true(period_contains(&l->plan_period, due.start));
		assert_true(period_contains(&l->plan_period, due.end));
		if (!period_contains(&aw, due.start) || !period_contains(&aw, due.end)) {
			const char *id = l->indicators.items[i].id;

			if (strcmp(id, "I3") != 0 && strcmp(id, "I6") != 0)
				fprintf(stderr, "%s: due lies outside %s's window\n", id,
				        str(ind, "activity"));
			assert_true(strcmp(id, "I3") == 0 || strcmp(id, "I6") == 0);
			assert_non_null(strstr(str(ind, "note"), "own words"));
		}
		if (strcmp(str(t, "per"), "year") == 0) {
			date_to_ymd(due.start, &y, &m, &d);
			assert_true(m == 1 && d == 1);
			date_to_ymd(due.end, &y, &m, &d);
			assert_true(m == 12 && d == 31);
		}
		if (strcmp(str(t, "kind"), "deliverable") == 0)
			assert_int_equal(get(t, "min")->integer, 1);
		assert_int_equal(get(t, "counts")->kind, YT_SEQ);
		assert_true(get(t, "counts")->n >= 1);
	}
	/* I1: four seminars or workshops a year in 2018 and 2019. */
	t = get(find(&l->indicators, "I1"), "target");
	assert_string_equal(str(t, "kind"), "count");
	assert_int_equal(get(t, "min")->integer, 4);
	assert_string_equal(str(t, "per"), "year");
	assert_int_equal(window_at(t, "due").start, date_from_ymd(2018, 1, 1));
	assert_int_equal(window_at(t, "due").end, date_from_ymd(2019, 12, 31));
	assert_int_equal(get(t, "counts")->n, 2);
	assert_true(ytree_is_str(get(t, "counts")->items[0], "seminar"));
	assert_true(ytree_is_str(get(t, "counts")->items[1], "workshop"));
	/* I2: a proposal due in 2018, although its activity runs 2018–2019. */
	t = get(find(&l->indicators, "I2"), "target");
	assert_string_equal(str(t, "kind"), "deliverable");
	assert_int_equal(window_at(t, "due").end, date_from_ymd(2018, 12, 31));
	assert_true(ytree_is_str(get(t, "counts")->items[0], "proposal"));
	/* I6 "Under 2019" and I3 "Under verksamhetsperioden": their own words, not the activity's. */
	t = get(find(&l->indicators, "I6"), "target");
	assert_int_equal(window_at(t, "due").end, date_from_ymd(2019, 12, 31));
	t = get(find(&l->indicators, "I3"), "target");
	assert_int_equal(window_at(t, "due").start, date_from_ymd(2018, 1, 1));
	assert_int_equal(window_at(t, "due").end, date_from_ymd(2021, 12, 31));
	/* I26: at least ten committee meetings a year. */
	t = get(find(&l->indicators, "I26"), "target");
	assert_int_equal(get(t, "min")->integer, 10);
	assert_string_equal(str(t, "per"), "year");
	/* I32: two applications over the whole period, not per year. */
	t = get(find(&l->indicators, "I32"), "target");
	assert_int_equal(get(t, "min")->integer, 2);
	assert_string_equal(str(t, "per"), "window");
}

/* 1 when indicator id's requires lists want ({indicator, strict: false, scope}), advisory. */
static int requires(const ledger *l, const char *id, const char *want, const char *scope)
{
	const ytree_node *req = ytree_get(find(&l->indicators, id), "requires");
	size_t i;

	if (req == NULL)
		return 0;
	for (i = 0; i < req->n; i++) {
		const ytree_node *r = req->items[i];

		const ytree_node *strict = ytree_get(r, "strict");

		if (r->kind != YT_MAP || !ytree_is_str(ytree_get(r, "indicator"), want) ||
		    strict == NULL || strict->kind != YT_BOOL || strict->boolean ||
		    ytree_get(r, "note") == NULL)
			continue;
		if (scope == NULL ? ytree_get(r, "scope") == NULL
		                  : ytree_is_str(ytree_get(r, "scope"), scope))
			return 1;
	}
	return 0;
}

static void
test_records__requirements_follow_the_plans_time_logic(void **state)
{
	const ledger *l = *state;
	size_t i, k;

	assert_true(requires(l, "I5", "I4", NULL));
	assert_true(requires(l, "I8", "I7", NULL));
	assert_true(requires(l, "I18", "I17", NULL));
	assert_true(requires(l, "I22", "I21", NULL));
	assert_true(requires(l, "I24", "I23", NULL));
	assert_true(requires(l, "I12", "I11", "year"));
	/* Every requirement names an indicator that exists, and not itself. */
	for (i = 0; i < l->indicators.n; i++) {
		const ytree_node *req = ytree_get(l->indicators.items[i].doc->root, "requires");

		if (req == NULL)
			continue;
		assert_int_equal(req->kind, YT_SEQ);
		for (k = 0; k < req->n; k++) {
			const ytree_node *r = req->items[k];
			const ytree_node *target = r->kind == YT_MAP ? get(r, "indicator") : r;

			assert_int_equal(target->kind, YT_STR);
			find(&l->indicators, target->str);
			assert_string_not_equal(target->str, l->indicators.items[i].id);
		}
	}
	/* Activities depend on none, as the plan names no such wait. */
	for (i = 0; i < l->activities.n; i++)
		assert_int_equal(get(l->activities.items[i].doc->root, "depends_on")->n, 0);
}

/* The event kinds indicators count are the schema's, each with sv and en labels. */
static void
test_records__counted_kinds_come_from_the_schema_vocabulary(void **state)
{
	const ledger *l = *state;
	const ytree_node *kind = get(get(l->common->root, "$defs"), "event_kind");
	const ytree_node *kinds = get(kind, "enum"), *labels = get(kind, "x-labels");
	size_t i, k, j;

	assert_true(kinds->n >= 10);
	assert_int_equal(labels->n, kinds->n);
	for (k = 0; k < kinds->n; k++) {
		const ytree_node *lab = get(labels, kinds->items[k]->str);

		assert_int_equal(get(lab, "sv")->kind, YT_STR);
		assert_int_equal(get(lab, "en")->kind, YT_STR);
	}
	for (i = 0; i < l->indicators.n; i++) {
		const ytree_node *counts =
		        get(get(l->indicators.items[i].doc->root, "target"), "counts");

		for (j = 0; j < counts->n; j++) {
			int known = 0;

			for (k = 0; k < kinds->n; k++)
				known |= ytree_equal(counts->items[j], kinds->items[k]);
			if (!known)
				fprintf(stderr, "%s counts unknown kind %s\n",
				        l->indicators.items[i].id, counts->items[j]->str);
			assert_true(known);
		}
	}
}

static void
test_records__people_are_the_staff_of_three(void **state)
{
	const ledger *l = *state;
	const ytree_node *people = get(l->people->root, "people");
	static const char *const names[] = {"Anders Bro", "Mona Hedfeldt", "Mikael Norberg"};
	static const double fte[] = {1.0, 1.0, 0.8};
	size_t i, k, reviewers = 0, emails = 0;

	assert_int_equal(people->n, 3);
	for (i = 0; i < people->n; i++) {
		const ytree_node *p = people->items[i], *roles = get(p, "roles");

		assert_string_equal(str(p, "name"), names[i]);
		assert_true(get(p, "fte")->number == fte[i]);
		/* All three are staff; some also review or audit. */
		assert_true(ytree_is_str(roles->items[0], "staff"));
		for (k = 0; k < roles->n; k++)
			reviewers += ytree_is_str(roles->items[k], "reviewer");
		if (ytree_get(p, "email") != NULL) {
			emails++;
			assert_string_equal(str(p, "email"), "anders.bro@regionorebrolan.se");
		}
	}
	/* Two reviewers, so each change can be approved by someone else. */
	assert_int_equal(reviewers, 2);
	assert_int_equal(emails, 1);
	assert_string_equal(str(people->items[1], "id"), "mona.hedfeldt");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records__plan_is_orebros_2018_to_2021),
		cmocka_unit_test(
	                test_records__four_goals_eighteen_activities_thirty_three_indicators),
		cmocka_unit_test(test_records__sample_priorities_and_windows_match_the_plan),
		cmocka_unit_test(test_records__every_window_text_parses_to_exactly_its_window),
		cmocka_unit_test(test_records__indicators_belong_to_the_plans_activities),
		cmocka_unit_test(test_records__targets_lie_inside_their_activity_windows),
		cmocka_unit_test(test_records__requirements_follow_the_plans_time_logic),
		cmocka_unit_test(test_records__counted_kinds_come_from_the_schema_vocabulary),
		cmocka_unit_test(test_records__people_are_the_staff_of_three),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
