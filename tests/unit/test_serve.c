/*
 * Unit tests of serve's request handling, without a socket: the status
 * codes, the Host, origin and token checks, bad query strings, and
 * escaping, against a ledger of the shipped plan in a real Git repository.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "serve/serve.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include "gitrepo.h"

#define HOST "127.0.0.1:8150"
#define TOKEN "0123456789abcdef0123456789abcdef"
#define HOSTILE "2019-04-12-hostile"

static history *hist;
static serve *srv;
static serve_response rs;

static int
setup(void **state)
{
	char src[4096];
	serve_config cfg;
	char *workdir;

	(void)state;
	if (getcwd(src, sizeof(src)) == NULL || access("schemas", F_OK) != 0)
		return -1;
	snprintf(repo, sizeof(repo), "/tmp/plan-serve-XXXXXX");
	if (mkdtemp(repo) == NULL)
		return -1;
	setenv("GIT_AUTHOR_NAME", "Handläggare Ett", 1);
	setenv("GIT_AUTHOR_EMAIL", "handlaggare-1@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Handläggare Ett", 1);
	setenv("GIT_COMMITTER_EMAIL", "handlaggare-1@example.org", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", repo, 1);
	setenv("PLAN_TODAY", "2020-06-30", 1);
	sh("cp -R '%s/records' '%s/schemas' . && rm -rf records/events && "
	   "mkdir -p records/events/2019/04 && git init -q -b main .",
	   src, src);
	sh("printf '%%s\\n' 'id: " HOSTILE "' 'date: 2019-04-12' 'kind: seminar' "
	   "'title: \"<script>alert(1)</script> & \\\"quoted\\\" <b>\"' 'indicators: [I14]' "
	   "'responsible: \"<i>nobody</i>\"' 'evidence:' "
	   "'  - {type: url, ref: \"javascript:alert(2)\"}' >records/events/2019/04/" HOSTILE
	   ".yaml");
	sh("git add -A && GIT_AUTHOR_DATE=2019-05-01T12:00:00Z GIT_COMMITTER_DATE=2019-05-01T12:00:00Z "
	   "git commit -q -m start");
	if (history_open(&hist, repo) != 0)
		return -1;
	workdir = xasprintf("%s/", repo);
	memset(&cfg, 0, sizeof(cfg));
	cfg.host = HOST;
	cfg.alt_host = "localhost:8150";
	cfg.token = TOKEN;
	cfg.workdir = workdir;
	cfg.read_only = 1;
	cfg.lang = REPORT_EN;
	srv = serve_new(hist, &cfg);
	free(workdir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	serve_free(srv);
	history_free(hist);
	sh("cd / && rm -rf %s", repo);
	return 0;
}

/* Answers a GET of target under host; the response stays in rs. */
static int
get_as(const char *host, const char *target)
{
	serve_request rq;

	serve_response_free(&rs);
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.target = target;
	rq.host = host;
	serve_handle(srv, &rq, &rs);
	return rs.status;
}

static int
get(const char *target)
{
	return get_as(HOST, target);
}

static int
post(const char *target, const char *origin, const char *referer, const char *type,
     const char *body)
{
	serve_request rq;

	serve_response_free(&rs);
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.target = target;
	rq.host = HOST;
	rq.origin = origin;
	rq.referer = referer;
	rq.content_type = type;
	rq.body = body;
	rq.body_len = strlen(body);
	serve_handle(srv, &rq, &rs);
	return rs.status;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_serve__the_overview_has_the_chart_and_every_indicator(void **state)
{
	(void)state;
	assert_int_equal(get("/"), 200);
	assert_string_equal(rs.content_type, "text/html; charset=utf-8");
	assert_int_equal(count(rs.body.ptr, "<tr data-indicator="), 33);
	assert_int_equal(count(rs.body.ptr, "<tr data-activity="), 18);
	assert_non_null(strstr(rs.body.ptr, "<path data-goal=\"M1\""));
	assert_int_equal(get("/?at=2019-12-31"), 200);
	assert_non_null(strstr(rs.body.ptr, "events dated up to 2019-12-31"));
}

static void
test_serve__a_wrong_or_missing_host_is_refused(void **state)
{
	(void)state;
	assert_int_equal(get_as("evil.example:8150", "/"), 421);
	assert_int_equal(get_as("127.0.0.1:8151", "/"), 421);
	assert_int_equal(get_as(NULL, "/"), 421);
	assert_null(strstr(rs.body.ptr, "data-indicator"));
	assert_int_equal(get_as("localhost:8150", "/events"), 200);
	/* Not even the plan's title goes to a page under another name. */
	assert_non_null(strstr(rs.body.ptr, "Aktivitetsplan"));
	assert_int_equal(get_as("evil.example", "/events"), 421);
	assert_null(strstr(rs.body.ptr, "Aktivitetsplan"));
}

static void
test_serve__bad_queries_get_a_page_and_a_4xx(void **state)
{
	static const char *const bad[] = {
		"/events?q=%zz", "/events?q=%4",	 "/events?q=a%00b", "/events?q=%FF",
		"/?at=2019-02-30", "/?at=yesterday",	 "/?rev=../../etc/passwd",
		"/?rev=-n",	   "/events?page=abc",	 "/events?page=0", "/events?goal=M9",
		"/events?kind=<b>", "/events?sort=evil", "/events?format=xml",
		"/events?from=2019-1-1", "nothing-at-the-start", "/%zz"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int st = get(bad[i]);

		if (st != 400)
			fail_msg("%s: %d", bad[i], st);
		assert_non_null(strstr(rs.body.ptr, "class=\"card problem\""));
	}
	assert_int_equal(get("/no/such/page"), 404);
	assert_int_equal(get("/indicator/I99"), 404);
	assert_int_equal(get("/event/..%2F..%2Fplan"), 404);
	assert_int_equal(get("/?rev=no-such-branch"), 404);
	assert_int_equal(get("/events?page=99"), 404);
	{
		serve_request rq;

		serve_response_free(&rs);
		memset(&rq, 0, sizeof(rq));
		rq.method = "DELETE";
		rq.target = "/";
		rq.host = HOST;
		serve_handle(srv, &rq, &rs);
		assert_int_equal(rs.status, 405);
	}
}

static void
test_serve__every_value_is_escaped(void **state)
{
	(void)state;
	assert_int_equal(get("/event/" HOSTILE), 200);
	assert_null(strstr(rs.body.ptr, "<script>"));
	assert_null(strstr(rs.body.ptr, "<i>nobody"));
	assert_non_null(strstr(rs.body.ptr, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
					    "&quot;quoted&quot; &lt;b&gt;"));
	/* Only http and https references become links of their own. */
	assert_null(strstr(rs.body.ptr, "href=\"javascript:"));
	assert_int_equal(get("/events?q=%22%3E%3Cscript%3Ex"), 200);
	assert_null(strstr(rs.body.ptr, "<script>"));
	assert_non_null(strstr(rs.body.ptr, "value=\"&quot;&gt;&lt;script&gt;x\""));
	assert_int_equal(get("/events"), 200);
	assert_null(strstr(rs.body.ptr, "<script>"));
	assert_int_equal(get("/indicator/I14"), 200);
	assert_null(strstr(rs.body.ptr, "<script>"));
}

static void
test_serve__the_events_filter_and_download_as_csv(void **state)
{
	(void)state;
	assert_int_equal(get("/events?indicator=I14"), 200);
	assert_non_null(strstr(rs.body.ptr, "data-count=\"1\""));
	assert_int_equal(get("/events?indicator=I15"), 200);
	assert_non_null(strstr(rs.body.ptr, "data-count=\"0\""));
	assert_int_equal(get("/events?to=2019-04-11"), 200);
	assert_non_null(strstr(rs.body.ptr, "data-count=\"0\""));
	assert_int_equal(get("/events?q=QUOTED&kind=seminar&goal=M2&format=csv"), 200);
	assert_string_equal(rs.content_type, "text/csv; charset=utf-8");
	assert_non_null(rs.disposition);
	assert_non_null(strstr(rs.body.ptr, "id"));
	assert_non_null(strstr(rs.body.ptr, HOSTILE));
}

static void
test_serve__a_post_needs_the_token_and_the_same_origin(void **state)
{
	const char *form = "application/x-www-form-urlencoded";

	(void)state;
	/* Neither Origin nor Referer. */
	assert_int_equal(post("/new", NULL, NULL, form, "token=" TOKEN), 403);
	assert_int_equal(post("/new", "http://evil.example", NULL, form, "token=" TOKEN), 403);
	assert_int_equal(post("/new", "http://" HOST ".evil.example", NULL, form, "token=" TOKEN),
			 403);
	assert_int_equal(post("/new", NULL, "http://evil.example/", form, "token=" TOKEN), 403);
	assert_int_equal(post("/new", NULL, "http://" HOST "evil/", form, "token=" TOKEN), 403);
	/* The right origin, but no token or a wrong one. */
	assert_int_equal(post("/new", "http://" HOST, NULL, form, "title=x"), 403);
	assert_non_null(strstr(rs.body.ptr, "out of date or not from this server"));
	assert_int_equal(post("/new", "http://" HOST, NULL, form, "token=" TOKEN "0"), 403);
	assert_int_equal(post("/new", "http://" HOST, NULL, form, "token=0123"), 403);
	assert_int_equal(post("/new", "http://" HOST, NULL, "text/plain", "token=" TOKEN), 415);
	assert_int_equal(post("/new", "http://" HOST, NULL, form, "token=%zz"), 400);
	/* Everything right, and this server is read-only. */
	assert_int_equal(post("/new", "http://" HOST, NULL, form, "token=" TOKEN), 403);
	assert_non_null(strstr(rs.body.ptr, "shows the ledger only"));
	assert_int_equal(post("/approve", NULL, "http://" HOST "/review", form, "token=" TOKEN),
			 403);
	assert_non_null(strstr(rs.body.ptr, "shows the ledger only"));
	/* The writing pages are off too. */
	assert_int_equal(get("/new"), 403);
}

/* Whatever the target, a page and a status from 200 to 499, never a crash. */
static void
test_serve__hostile_targets_get_a_page(void **state)
{
	static const char *const targets[] = {
		"", "/", "//", "/?", "/?&&&", "/?=", "/?a", "/?at=", "/?rev=", "/?at=&rev=",
		"/?at=9999-12-31", "/?at=0001-01-01", "/?at=2019-04-12&at=x", "/events?page=",
		"/events?page=1e9", "/events?page=-1", "/events?page=99999999999999999999",
		"/events?sort=-", "/events?sort=--date", "/events?from=2020-01-01&to=2019-01-01",
		"/events?q=%E2%80%AE", "/events?q=%C0%AF", "/events?q=%ED%A0%80",
		"/indicator/", "/indicator/I14/extra", "/indicator/%00", "/event/", "/event/%2e%2e",
		"/event/" HOSTILE "?rev=main~1", "/?rev=HEAD~999", "/?rev=main^^^^",
		"/?rev=main@{0}", "/?rev=:/x", "/new?token=x", "/review?approved=x",
		"/events?indicator=I14&indicator=I15&goal=&kind=", "/\\..\\etc",
		"/events?q=" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		int st = get(targets[i]);

		if (st < 200 || st > 499)
			fail_msg("%s: %d", targets[i], st);
		assert_non_null(strstr(rs.body.ptr, "</html>"));
	}
	assert_int_equal(get("/review?approved=%3Cscript%3E"), 200);
	assert_null(strstr(rs.body.ptr, "<script>"));
	/* Two hundred parameters are read; more are a bad query. */
	{
		buf t = BUF_INIT;

		buf_puts(&t, "/events?");
		for (i = 0; i < 201; i++)
			buf_puts(&t, "x=1&");
		assert_int_equal(get(t.ptr), 400);
		buf_free(&t);
	}
}

static void
test_serve__decode(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	assert_int_equal(serve_decode("a%41+b", 6, &b), 0);
	assert_string_equal(b.ptr, "aA b");
	assert_int_equal(serve_decode("%C3%A5", 6, &b), 0);
	assert_string_equal(b.ptr, "å");
	assert_int_equal(serve_decode("%4", 2, &b), -1);
	assert_int_equal(serve_decode("%", 1, &b), -1);
	assert_int_equal(serve_decode("%g1", 3, &b), -1);
	assert_int_equal(serve_decode("%FF", 3, &b), -1);
	assert_int_equal(serve_decode("%1B", 3, &b), -1);
	assert_int_equal(serve_decode("a%0Ab", 5, &b), 0);
	buf_free(&b);
}

/*
 * The overview kept from one request to the next is the one of the same
 * commit: a new commit shows at once. A month with many events lists the
 * first 12 in its marker's tooltip and counts the rest, as does the row's
 * description (a large ledger's page stays small).
 */
static void
test_serve__the_overview_follows_new_commits_and_lists_12_events(void **state)
{
	char *first;

	(void)state;
	assert_int_equal(get("/"), 200);
	first = xstrdup(rs.body.ptr);
	assert_null(strstr(first, "and 4 more"));
	assert_int_equal(get("/"), 200);
	assert_string_equal(rs.body.ptr, first);
	sh("for d in 01 02 03 04 05 06 07 08 09 10 11 13 14 15 16; do "
	   "printf '%%s\\n' \"id: 2019-04-$d-many\" \"date: 2019-04-$d\" 'kind: seminar' "
	   "\"title: Seminar $d\" 'indicators: [I14]' 'responsible: handlaggare-1' "
	   ">records/events/2019/04/2019-04-$d-many.yaml; done && git add -A && "
	   "GIT_AUTHOR_DATE=2019-05-02T12:00:00Z GIT_COMMITTER_DATE=2019-05-02T12:00:00Z "
	   "git commit -q -m many");
	assert_int_equal(get("/"), 200);
	assert_string_not_equal(rs.body.ptr, first);
	/* 16 events in April 2019, all of I14's activity: the tooltip and the description. */
	assert_int_equal(count(rs.body.ptr, "and 4 more"), 2);
	assert_non_null(strstr(rs.body.ptr, "2019-04-01 · seminar · Seminar 01"));
	assert_null(strstr(rs.body.ptr, "2019-04-16 · seminar · Seminar 16"));
	free(first);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serve__the_overview_has_the_chart_and_every_indicator),
		cmocka_unit_test(test_serve__a_wrong_or_missing_host_is_refused),
		cmocka_unit_test(test_serve__bad_queries_get_a_page_and_a_4xx),
		cmocka_unit_test(test_serve__every_value_is_escaped),
		cmocka_unit_test(test_serve__the_events_filter_and_download_as_csv),
		cmocka_unit_test(test_serve__a_post_needs_the_token_and_the_same_origin),
		cmocka_unit_test(test_serve__hostile_targets_get_a_page),
		cmocka_unit_test(test_serve__decode),
		cmocka_unit_test(test_serve__the_overview_follows_new_commits_and_lists_12_events),
	};
	int rc = cmocka_run_group_tests_name("serve", tests, setup, teardown);

	serve_response_free(&rs);
	return rc;
}
