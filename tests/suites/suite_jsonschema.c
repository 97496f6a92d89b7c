/*
 * The JSON Schema Test Suite (draft 2020-12) against jschema.
 *
 * Reads ../shared/suites/JSON-Schema-Test-Suite (or the folder given as the
 * first argument): every file of tests/draft2020-12, as JSON (the copies in
 * tests-libyaml-safe/ were for reading them as YAML, and are not needed);
 * the core files and optional/ files with format assertion off,
 * optional/format/ files with it on; remotes/ under http://localhost:1234/.
 * Each case is checked twice, with jschema_valid and jschema_validate,
 * which must agree. A group whose schema cannot be compiled without the
 * remotes is a remote-reference group: its cases are counted apart too.
 *
 * Prints one line per file with passed/total and the failing cases, totals
 * per tier (TIERS.tsv), the remote-reference cases, and the closing
 * "N passed, N failed". Cases listed
 * in tests/data/jsonschema-expected-failures.tsv are counted and printed as
 * expected failures, neither passed nor failed; a listed case that passes
 * fails the run, so that the list stays true.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jschema/jschema.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

#define SUITE_DIR "../shared/suites/JSON-Schema-Test-Suite"
#define EXPECTED "tests/data/jsonschema-expected-failures.tsv"
#define REMOTES_URI "http://localhost:1234/"

typedef struct strlist {
	char **v;
	size_t n, cap;
} strlist;

static void
strlist_add(strlist *l, char *s)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static void
strlist_free(strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A remote document: parsed once, lent to every group's registry. */
typedef struct remote {
	char *uri;
	ytree_doc *doc;
} remote;

typedef struct expected {
	char *file, *group, *test, *reason;
	int seen;
} expected;

typedef struct tier {
	char *name;
	size_t passed, failed, expected;
} tier;

typedef struct runner {
	const char *root;
	remote *remotes;
	size_t nremotes, remcap;
	expected *exp;
	size_t nexp, expcap;
	strlist tier_files, tier_names;
	tier *tiers;
	size_t ntiers, tiercap;
	size_t passed, failed, expected_failures, core_passed, core_total;
	size_t remote_passed, remote_total;
} runner;

/* Lists the files below dir/rel (recursively) that end in .json. */
static void
list_json(const char *dir, const char *rel, strlist *out)
{
	char *path = xasprintf("%s%s%s", dir, *rel ? "/" : "", rel);
	DIR *d = opendir(path);
	struct dirent *e;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *sub, *full;
			struct stat st;

			if (e->d_name[0] == '.')
				continue;
			sub = xasprintf("%s%s%s", rel, *rel ? "/" : "", e->d_name);
			full = xasprintf("%s/%s", dir, sub);
			if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
				list_json(dir, sub, out);
				free(sub);
			} else if (strlen(sub) > 5 && strcmp(sub + strlen(sub) - 5, ".json") == 0) {
				strlist_add(out, sub);
			} else {
				free(sub);
			}
			free(full);
		}
		closedir(d);
	}
	free(path);
	qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static ytree_doc *
parse(const char *path)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	int rc = ytree_parse_json_file(&doc, path, NULL, &f);

	if (rc != YTREE_OK) {
		printf("error: cannot read %s: %s\n", path,
		       rc < 0 ? error_last() : f.n ? f.items[0].message : "?");
		doc = NULL;
	}
	diag_list_free(&f);
	return doc;
}

static void
load_remotes(runner *r)
{
	char *dir = xasprintf("%s/remotes", r->root);
	strlist files = {0};
	size_t i;

	list_json(dir, "", &files);
	for (i = 0; i < files.n; i++) {
		char *path = xasprintf("%s/%s", dir, files.v[i]);
		ytree_doc *doc = parse(path);

		if (doc != NULL) {
			r->remotes = xgrow(r->remotes, &r->remcap, r->nremotes + 1,
					   sizeof(*r->remotes));
			r->remotes[r->nremotes].uri = xasprintf(REMOTES_URI "%s", files.v[i]);
			r->remotes[r->nremotes++].doc = doc;
		}
		free(path);
	}
	strlist_free(&files);
	free(dir);
}

/* Splits a line at tabs into at most max fields (in place). */
static size_t
split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		char *tab = strchr(p, '\t');

		fields[n++] = p;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/* Reads a TSV file and calls fn for each line that is not a comment. */
static void
read_tsv(const char *path, void (*fn)(runner *, char **, size_t), runner *r)
{
	buf data = BUF_INIT;
	int too_big = 0;
	char *line, *save = NULL;

	if (fsutil_read_file(path, 1 << 20, &data, &too_big) < 0)
		return;
	for (line = strtok_r(data.ptr, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *fields[8];
		size_t n;

		if (line[0] == '#' || line[0] == '\0')
			continue;
		n = split_tabs(line, fields, 8);
		fn(r, fields, n);
	}
	buf_free(&data);
}

static void
on_tier(runner *r, char **f, size_t n)
{
	if (n < 2 || strcmp(f[0], "file") == 0)
		return;
	strlist_add(&r->tier_files, xstrdup(f[0]));
	strlist_add(&r->tier_names, xstrdup(f[1]));
}

static void
on_expected(runner *r, char **f, size_t n)
{
	expected *e;

	if (n < 4)
		return;
	r->exp = xgrow(r->exp, &r->expcap, r->nexp + 1, sizeof(*r->exp));
	e = &r->exp[r->nexp++];
	e->file = xstrdup(f[0]);
	e->group = xstrdup(f[1]);
	e->test = xstrdup(f[2]);
	e->reason = xstrdup(f[3]);
	e->seen = 0;
}

static expected *
find_expected(runner *r, const char *file, const char *group, const char *test)
{
	size_t i;

	for (i = 0; i < r->nexp; i++)
		if (strcmp(r->exp[i].file, file) == 0 && strcmp(r->exp[i].group, group) == 0 &&
		    strcmp(r->exp[i].test, test) == 0)
			return &r->exp[i];
	return NULL;
}

static tier *
tier_of(runner *r, const char *file)
{
	const char *name = "optional/other";
	size_t i;

	for (i = 0; i < r->tier_files.n; i++)
		if (strcmp(r->tier_files.v[i], file) == 0)
			name = r->tier_names.v[i];
	for (i = 0; i < r->ntiers; i++)
		if (strcmp(r->tiers[i].name, name) == 0)
			return &r->tiers[i];
	r->tiers = xgrow(r->tiers, &r->tiercap, r->ntiers + 1, sizeof(*r->tiers));
	memset(&r->tiers[r->ntiers], 0, sizeof(*r->tiers));
	r->tiers[r->ntiers].name = xstrdup(name);
	return &r->tiers[r->ntiers++];
}

static const char *
text_of(const ytree_node *map, const char *key)
{
	const ytree_node *v = ytree_get(map, key);

	return v != NULL && v->kind == YT_STR ? v->str : "?";
}

/* Runs one case; returns NULL when it passes, else why it failed (static or owned in *own). */
static const char *
run_case(const jschema *s, const ytree_node *data, int want, char **own)
{
	diag_list f = DIAG_LIST_INIT;
	int fast = jschema_valid(s, data);
	size_t n = jschema_validate(s, data, "data", &f), i;
	const char *why = NULL;

	if ((n == 0) != fast)
		why = "jschema_valid and jschema_validate disagree";
	else if (fast != want)
		why = want ? "valid data rejected" : "invalid data accepted";
	for (i = 0; why == NULL && i < f.n; i++)
		if (f.items[i].pointer == NULL || f.items[i].schema_loc == NULL ||
		    f.items[i].line == 0)
			why = "a finding lacks its pointer, schema location or line";
	if (why != NULL && want && f.n > 0) {
		*own = xasprintf("%s: %s", why, f.items[0].message);
		why = *own;
	}
	diag_list_free(&f);
	return why;
}

/*
 * 1 when the group's schema names the remotes' address and cannot be
 * compiled without them.
 */
static int
needs_remotes(const ytree_node *schema, const jschema_options *opts, const char *uri)
{
	jschema_registry *reg;
	diag_list f = DIAG_LIST_INIT;
	const jschema *s = NULL;
	buf text = BUF_INIT;
	int needs = 0;

	if (schema == NULL)
		return 0;
	ytree_to_json(&text, schema);
	if (strstr(buf_cstr(&text), "localhost:1234") != NULL) {
		reg = jschema_registry_new(opts);
		jschema_registry_add_node(reg, uri, schema, uri);
		needs = jschema_get(&s, reg, uri, &f) != 0;
		jschema_registry_free(reg);
	}
	diag_list_free(&f);
	buf_free(&text);
	return needs;
}

static void
run_file(runner *r, const char *file)
{
	char *path = xasprintf("%s/tests/draft2020-12/%s", r->root, file);
	jschema_options opts = {strncmp(file, "optional/format/", 16) == 0};
	ytree_doc *doc = parse(path);
	tier *t = tier_of(r, file);
	int core = strncmp(file, "optional/", 9) != 0;
	size_t g, k, passed = 0, total = 0;
	buf notes = BUF_INIT;

	for (g = 0; doc != NULL && doc->root != NULL && g < doc->root->n; g++) {
		const ytree_node *group = doc->root->items[g];
		const ytree_node *tests = ytree_get(group, "tests");
		const char *gdesc = text_of(group, "description");
		jschema_registry *reg = jschema_registry_new(&opts);
		diag_list f = DIAG_LIST_INIT;
		char *uri = xasprintf("http://suite.invalid/%s/%zu.json", file, g);
		const jschema *s = NULL;
		size_t i;
		int rc, by_remote = needs_remotes(ytree_get(group, "schema"), &opts, uri);

		for (i = 0; i < r->nremotes; i++)
			jschema_registry_add_node(reg, r->remotes[i].uri, r->remotes[i].doc->root,
						  r->remotes[i].uri);
		jschema_registry_add_node(reg, uri, ytree_get(group, "schema"), file);
		rc = jschema_get(&s, reg, uri, &f);
		for (k = 0; tests != NULL && k < tests->n; k++) {
			const ytree_node *tc = tests->items[k];
			const char *tdesc = text_of(tc, "description");
			const ytree_node *valid = ytree_get(tc, "valid");
			expected *e = find_expected(r, file, gdesc, tdesc);
			char *own = NULL;
			const char *why;

			if (rc != 0)
				why = f.n > 0 ? f.items[0].message : error_last();
			else
				why = run_case(s, ytree_get(tc, "data"), valid != NULL && valid->boolean,
					       &own);
			total++;
			if (core)
				r->core_total++;
			if (by_remote) {
				r->remote_total++;
				r->remote_passed += why == NULL && e == NULL;
			}
			if (e != NULL) {
				e->seen = 1;
				if (why == NULL) {
					buf_printf(&notes, "  UNEXPECTED PASS (remove it from %s): %s / %s\n",
						   EXPECTED, gdesc, tdesc);
					r->failed++;
					t->failed++;
				} else {
					buf_printf(&notes, "  expected failure: %s / %s (%s)\n", gdesc,
						   tdesc, e->reason);
					r->expected_failures++;
					t->expected++;
				}
			} else if (why == NULL) {
				passed++;
				r->passed++;
				t->passed++;
				if (core)
					r->core_passed++;
			} else {
				buf_printf(&notes, "  FAIL %s / %s: %s\n", gdesc, tdesc, why);
				r->failed++;
				t->failed++;
			}
			free(own);
		}
		diag_list_free(&f);
		free(uri);
		jschema_registry_free(reg);
	}
	if (doc == NULL) {
		r->failed++;
		t->failed++;
	}
	printf("%-45s %zu/%zu\n", file, passed, total);
	fputs(buf_cstr(&notes), stdout);
	buf_free(&notes);
	ytree_doc_free(doc);
	free(path);
}

static void
runner_free(runner *r)
{
	size_t i;

	for (i = 0; i < r->nremotes; i++) {
		free(r->remotes[i].uri);
		ytree_doc_free(r->remotes[i].doc);
	}
	free(r->remotes);
	for (i = 0; i < r->nexp; i++) {
		free(r->exp[i].file);
		free(r->exp[i].group);
		free(r->exp[i].test);
		free(r->exp[i].reason);
	}
	free(r->exp);
	for (i = 0; i < r->ntiers; i++)
		free(r->tiers[i].name);
	free(r->tiers);
	strlist_free(&r->tier_files);
	strlist_free(&r->tier_names);
}

int
main(int argc, char **argv)
{
	runner r;
	strlist files = {0};
	char *tests;
	const char *ci = getenv("CI");
	size_t i;

	memset(&r, 0, sizeof(r));
	r.root = argc > 1 ? argv[1] : SUITE_DIR;
	tests = xasprintf("%s/tests/draft2020-12", r.root);
	if (!fsutil_exists(tests)) {
		printf("skipped: JSON-Schema-Test-Suite (%s not found)\n", r.root);
		free(tests);
		if (ci != NULL && strcmp(ci, "true") == 0) {
			printf("0 passed, 1 failed\n");
			return 1;
		}
		printf("0 passed, 0 failed\n");
		return 0;
	}
	{
		char *tiers = xasprintf("%s/TIERS.tsv", r.root);

		read_tsv(tiers, on_tier, &r);
		free(tiers);
	}
	read_tsv(EXPECTED, on_expected, &r);
	load_remotes(&r);
	list_json(tests, "", &files);
	for (i = 0; i < files.n; i++)
		run_file(&r, files.v[i]);
	for (i = 0; i < r.nexp; i++)
		if (!r.exp[i].seen) {
			printf("listed in %s but not in the suite: %s / %s / %s\n", EXPECTED,
			       r.exp[i].file, r.exp[i].group, r.exp[i].test);
			r.failed++;
		}
	printf("\nby tier:\n");
	for (i = 0; i < r.ntiers; i++)
		printf("  %-16s %zu passed, %zu failed, %zu expected failures\n", r.tiers[i].name,
		       r.tiers[i].passed, r.tiers[i].failed, r.tiers[i].expected);
	printf("core: %zu of %zu cases passed\n", r.core_passed, r.core_total);
	printf("remote references: %zu of %zu cases passed (counted above too)\n",
	       r.remote_passed, r.remote_total);
	printf("%zu expected failures (listed in %s)\n", r.expected_failures, EXPECTED);
	printf("%zu passed, %zu failed\n", r.passed, r.failed);
	strlist_free(&files);
	free(tests);
	runner_free(&r);
	return r.failed > 0;
}
