/*
 * The yaml-test-suite as a conformance test of ytree in general mode.
 *
 *   build/tests/suite_yaml [SUITE [EXPECTED-FAILURES]]
 *
 * SUITE defaults to ../shared/suites/yaml-test-suite and EXPECTED-FAILURES
 * to tests/data/yaml-suite-expected-failures.tsv, both relative to the
 * project root, where tests/run.sh runs it.
 *
 * Every case listed in the suite's index.tsv is judged: a case with an
 * `error` file must be rejected, every other case accepted, and a case with
 * in.json must give the same data as that JSON, document by document. The
 * JSON values are loaded with the same tree builder (JSON is YAML) and
 * compared with ytree_equal.
 *
 * Cases that libyaml 0.2.5 itself gets wrong are listed, each with its
 * reason, in the expected-failures file. They are counted apart and printed
 * by id ("xfail: ID ..."). A listed case that passes is a failure
 * ("XPASS"), so that the list cannot silently grow stale; so is a listed id
 * the suite does not have.
 *
 * When the suite is missing, the runner says "skipped" and passes, unless
 * the environment has CI=true: there a missing suite is a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

#define DEFAULT_SUITE "../shared/suites/yaml-test-suite"
#define DEFAULT_XFAIL "tests/data/yaml-suite-expected-failures.tsv"
#define MAX_FILE (64u * 1024 * 1024)
#define SHOW_MAX 160

typedef struct xfail {
	char *id;
	char *reason;
	int seen;
} xfail;

typedef struct xfail_list {
	xfail *items;
	size_t n, cap;
} xfail_list;

/* A piece of a file: one JSON value of a concatenated stream. */
typedef struct span {
	size_t start, len;
} span;

/* Reads a whole file; returns 0, or -1 with the error set. */
static int
read_all(const char *path, buf *out)
{
	int too_big = 0;

	if (fsutil_read_file(path, MAX_FILE, out, &too_big) != 0)
		return -1;
	if (too_big)
		return error_set("%s is larger than the runner reads", path);
	return 0;
}

/*
 * Loads the expected failures: one case a line, "ID<tab>reason"; blank lines
 * and lines starting with '#' are comments. A line without a reason is an
 * error, since the point of the list is to say why.
 */
static int
xfail_load(const char *path, xfail_list *l)
{
	buf data = BUF_INIT;
	char *line, *next;
	unsigned lineno = 0;

	if (read_all(path, &data) != 0) {
		buf_free(&data);
		return -1;
	}
	for (line = data.ptr; line != NULL && *line != '\0'; line = next) {
		char *tab, *end;

		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		end = line + strlen(line);
		if (end > line && end[-1] == '\r')
			*--end = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		tab = strchr(line, '\t');
		if (tab == NULL || tab[1] == '\0') {
			error_set("%s:%u: a case id, a tab and the reason are expected", path,
				  lineno);
			buf_free(&data);
			return -1;
		}
		*tab = '\0';
		l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof(*l->items));
		l->items[l->n].id = xstrdup(line);
		l->items[l->n].reason = xstrdup(tab + 1);
		l->items[l->n].seen = 0;
		l->n++;
	}
	buf_free(&data);
	return 0;
}

static xfail *
xfail_find(xfail_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	return NULL;
}

static void
xfail_free(xfail_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].id);
		free(l->items[i].reason);
	}
	free(l->items);
}

static int
is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Skips a JSON string that starts at s[i] (a '"') and returns the offset
 * just after its closing quote, or len when it is not closed.
 */
static size_t
skip_json_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return len;
}

/*
 * Splits text holding JSON values one after another into one span per
 * value. It only finds where each value ends (strings, nesting and bare
 * words), leaving the checking of each value to the parser. Returns 0, or
 * -1 when the text ends inside a value.
 */
static int
split_json(const char *s, size_t len, span **out, size_t *n)
{
	size_t i = 0, cap = 0;

	*out = NULL;
	*n = 0;
	for (;;) {
		size_t start, depth = 0;

		while (i < len && is_json_space(s[i]))
			i++;
		if (i >= len)
			return 0;
		start = i;
		if (s[i] == '"') {
			i = skip_json_string(s, len, i);
		} else if (s[i] == '[' || s[i] == '{') {
			do {
				if (s[i] == '"') {
					i = skip_json_string(s, len, i);
					continue;
				}
				if (s[i] == '[' || s[i] == '{')
					depth++;
				else if (s[i] == ']' || s[i] == '}')
					depth--;
				i++;
			} while (i < len && depth > 0);
			if (depth > 0)
				return -1;
		} else {
			while (i < len && !is_json_space(s[i]) && strchr("[]{}\",", s[i]) == NULL)
				i++;
			if (i == start)
				return -1;
		}
		if (i > len || (s[start] == '"' && s[i - 1] != '"'))
			return -1;
		*out = xgrow(*out, &cap, *n + 1, sizeof(**out));
		(*out)[*n].start = start;
		(*out)[*n].len = i - start;
		(*n)++;
	}
}

/* Appends a short, one-line JSON rendering of node for a failure message. */
static void
show_node(buf *why, const ytree_node *node)
{
	buf j = BUF_INIT;

	ytree_to_json(&j, node);
	if (j.len > SHOW_MAX)
		buf_printf(why, "%.*s...", SHOW_MAX, j.ptr);
	else
		buf_puts(why, buf_cstr(&j));
	buf_free(&j);
}

static void
show_first_finding(buf *why, const diag_list *f)
{
	if (f->n == 0)
		buf_puts(why, "(no finding given)");
	else
		buf_printf(why, "%u:%u: %s", f->items[0].line, f->items[0].col,
			   f->items[0].message);
}

/*
 * Compares the documents of doc with the JSON values of in.json. Returns 1
 * when they hold the same data, else 0 with the reason in why.
 */
static int
compare_with_json(const ytree_doc *doc, const char *json_path, buf *why)
{
	buf json = BUF_INIT;
	span *values = NULL;
	size_t nvalues = 0, i;
	int same = 1;

	if (read_all(json_path, &json) != 0) {
		buf_printf(why, "in.json cannot be read: %s", error_last());
		buf_free(&json);
		return 0;
	}
	if (split_json(json.ptr, json.len, &values, &nvalues) != 0) {
		buf_puts(why, "in.json cannot be split into values; it ends inside one");
		same = 0;
	} else if (nvalues != doc->ndocs) {
		buf_printf(why, "%zu document%s, but in.json has %zu value%s", doc->ndocs,
			   doc->ndocs == 1 ? "" : "s", nvalues, nvalues == 1 ? "" : "s");
		same = 0;
	}
	for (i = 0; same && i < nvalues; i++) {
		diag_list f = DIAG_LIST_INIT;
		ytree_doc *expect = NULL;

		if (ytree_parse(&expect, "in.json", json.ptr + values[i].start, values[i].len,
				YTREE_GENERAL, NULL, &f) != YTREE_OK) {
			buf_printf(why, "value %zu of in.json is not read: ", i + 1);
			show_first_finding(why, &f);
			same = 0;
		} else if (expect->ndocs != 1) {
			buf_printf(why, "value %zu of in.json reads as %zu documents", i + 1,
				   expect->ndocs);
			same = 0;
		} else if (!ytree_equal(doc->docs[i], expect->root)) {
			buf_printf(why, "document %zu differs from in.json: got ", i + 1);
			show_node(why, doc->docs[i]);
			buf_puts(why, ", expected ");
			show_node(why, expect->root);
			same = 0;
		}
		ytree_doc_free(expect);
		diag_list_free(&f);
	}
	free(values);
	buf_free(&json);
	return same;
}

/*
 * Judges one case. Returns 1 when ytree does as the suite says, 0 when not
 * (with the reason in why), -1 when the case cannot be read.
 */
static int
judge(const char *suite, const char *id, buf *why)
{
	char *dir = xasprintf("%s/%s", suite, id);
	char *yaml_path = xasprintf("%s/in.yaml", dir);
	char *error_path = xasprintf("%s/error", dir);
	char *json_path = xasprintf("%s/in.json", dir);
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	buf yaml = BUF_INIT;
	int must_fail, rc, verdict;

	if (read_all(yaml_path, &yaml) != 0) {
		buf_puts(why, error_last());
		verdict = -1;
		goto done;
	}
	must_fail = fsutil_exists(error_path);
	rc = ytree_parse(&doc, yaml_path, yaml.ptr, yaml.len, YTREE_GENERAL, NULL, &f);
	if (must_fail) {
		verdict = rc != YTREE_OK;
		if (!verdict)
			buf_puts(why, "accepted, but the suite says this YAML must be rejected");
	} else if (rc != YTREE_OK) {
		buf_puts(why, "rejected valid YAML: ");
		show_first_finding(why, &f);
		verdict = 0;
	} else if (fsutil_exists(json_path)) {
		verdict = compare_with_json(doc, json_path, why);
	} else {
		verdict = 1;
	}
done:
	ytree_doc_free(doc);
	diag_list_free(&f);
	buf_free(&yaml);
	free(dir);
	free(yaml_path);
	free(error_path);
	free(json_path);
	return verdict;
}

/*
 * Reads the case ids from the suite's index.tsv (first column, after the
 * header line). Returns 0, or -1 with the error set.
 */
static int
read_index(const char *suite, char ***ids, size_t *n)
{
	char *path = xasprintf("%s/index.tsv", suite);
	buf data = BUF_INIT;
	size_t cap = 0;
	char *line, *next;
	int first = 1;

	*ids = NULL;
	*n = 0;
	if (read_all(path, &data) != 0) {
		free(path);
		buf_free(&data);
		return -1;
	}
	free(path);
	for (line = data.ptr; *line != '\0'; line = next) {
		size_t idlen = strcspn(line, "\t\r\n");

		next = line + strcspn(line, "\n");
		if (*next == '\n')
			next++;
		if (first) {
			first = 0;
			continue;
		}
		if (idlen == 0)
			continue;
		*ids = xgrow(*ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = xstrndup(line, idlen);
	}
	buf_free(&data);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *suite = argc > 1 ? argv[1] : DEFAULT_SUITE;
	const char *xfail_path = argc > 2 ? argv[2] : DEFAULT_XFAIL;
	const char *ci = getenv("CI");
	xfail_list xf = {NULL, 0, 0};
	char **ids = NULL;
	size_t nids = 0, i, passed = 0, failed = 0, xfailed = 0;

	if (argc > 3) {
		fprintf(stderr, "usage: %s [SUITE [EXPECTED-FAILURES]]\n", argv[0]);
		return 2;
	}
	if (!fsutil_exists(suite)) {
		int in_ci = ci != NULL && strcmp(ci, "true") == 0;

		printf("skipped: yaml-test-suite (%s not found)\n", suite);
		if (in_ci)
			printf("FAIL: the suite is required when CI=true\n");
		printf("0 passed, %d failed\n", in_ci);
		return in_ci;
	}
	if (xfail_load(xfail_path, &xf) != 0 || read_index(suite, &ids, &nids) != 0) {
		printf("FAIL: %s\n", error_last());
		printf("0 passed, 1 failed\n");
		xfail_free(&xf);
		return 1;
	}
	for (i = 0; i < nids; i++) {
		xfail *x = xfail_find(&xf, ids[i]);
		buf why = BUF_INIT;
		int v = judge(suite, ids[i], &why);

		if (x != NULL)
			x->seen = 1;
		if (v < 0) {
			printf("FAIL %s: cannot be read: %s\n", ids[i], buf_cstr(&why));
			failed++;
		} else if (x != NULL && v) {
			printf("XPASS %s: listed as an expected failure (%s), but it passes; "
			       "take it off the list\n",
			       ids[i], x->reason);
			failed++;
		} else if (x != NULL) {
			printf("xfail: %s %s [%s]\n", ids[i], x->reason, buf_cstr(&why));
			xfailed++;
		} else if (v) {
			passed++;
		} else {
			printf("FAIL %s: %s\n", ids[i], buf_cstr(&why));
			failed++;
		}
		buf_free(&why);
		free(ids[i]);
	}
	free(ids);
	for (i = 0; i < xf.n; i++) {
		if (!xf.items[i].seen) {
			printf("FAIL %s: listed as an expected failure, but the suite has no "
			       "such case\n",
			       xf.items[i].id);
			failed++;
		}
	}
	xfail_free(&xf);
	printf("yaml-test-suite: %zu cases; %zu expected failures (libyaml 0.2.5's own, "
	       "listed in %s)\n",
	       nids, xfailed, xfail_path);
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed != 0;
}
