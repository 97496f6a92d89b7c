/*
 * Unit tests of review (what plan review says of a change) and its
 * renderer, on a branch built here with the real git binary; the ledgers
 * of both ends are read from the work tree as each commit has it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/review.h"
#include "report/render_review.h"
#include "util/error.h"
#include "yaml/ytree.h"

#include "gitrepo.h"

static int
setup_repo(void **state)
{
	(void)state;
	ledger_repo("review");
	sh("git checkout -q -b gren main");
	write_event("2019-04-12", "sem", "seminar", "I14");
	write_event("2019-05-02", "fel", "seminar", "I99");
	sh("sed -i 's/min: 1/min: 2/' records/indicators/I14.yaml && git add records && "
	   AS(1, "2019-05-02") "git commit -q -m gren && git checkout -q main");
	return 0;
}

/* The ledger of rev's records, read from the work tree with rev checked out. */
static ledger *
ledger_at(const char *rev)
{
	ledger *l = ledger_new();
	char *cmd = xasprintf("checkout -q %s", rev), *files, *p;

	free(git_out(cmd));
	files = git_out("ls-files records/");
	for (p = strtok(files, "\n"); p != NULL; p = strtok(NULL, "\n")) {
		char *path = xasprintf("%s/%s", repo, p);
		diag_list f = DIAG_LIST_INIT;
		ytree_doc *doc = NULL;

		if (records_kind_of(p) != REC_NONE &&
		    ytree_parse_file(&doc, path, YTREE_RECORD, NULL, &f) == 0) {
			/* Paths as the ledger's own: relative to the repository. */
			ledger_add(l, records_kind_of(p), p, doc->root, 1, NULL);
			ytree_doc_free(doc);
		}
		diag_list_free(&f);
		free(path);
	}
	ledger_index(l);
	free(files);
	free(cmd);
	return l;
}

static void
test_review__a_branch_in_words(void **state)
{
	history *h = NULL;
	review r;
	ledger *before, *after;
	buf t = BUF_INIT, j = BUF_INIT;
	size_t i, met = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	before = ledger_at("main");
	after = ledger_at("gren");
	if (history_open(&h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	assert_int_equal(history_resolve(h, "main", &r.base), 0);
	assert_int_equal(history_resolve(h, "gren", &r.tip), 0);
	assert_int_equal(date_parse("2019-12-31", 10, &r.at), 0);
	r.before = before;
	r.after = after;
	if (review_run(h, &r) != 0)
		fail_msg("review_run: %s", error_last());
	assert_int_equal(r.commits, 1);
	assert_int_equal(r.nchanges, 3);
	assert_string_equal(r.changes[0].what, "added");
	assert_string_equal(r.changes[0].event->id, "2019-04-12-sem");
	assert_string_equal(r.changes[1].what, "added");
	assert_string_equal(r.changes[2].what, "plan");
	assert_string_equal(r.changes[2].path, "records/indicators/I14.yaml");
	/* The push's checks: the unknown indicator. */
	assert_int_equal(r.findings.n, 1);
	assert_string_equal(r.findings.items[0].rule, "ref");
	/* I14 2019 gains a seminar but now needs two: 0/1 -> 1/2. */
	for (i = 0; i < r.nstatus; i++)
		if (strcmp(r.status[i].indicator, "I14") == 0 && strcmp(r.status[i].period, "2019") == 0) {
			assert_int_equal(r.status[i].achieved_before, 0);
			assert_int_equal(r.status[i].achieved_after, 1);
			assert_int_equal(r.status[i].target, 2);
			met++;
		}
	assert_int_equal(met, 1);
	render_review_text(&t, &r, 0);
	assert_non_null(strstr(t.ptr, "1 commit; fulfilment judged on 2019-12-31\n"));
	assert_non_null(strstr(t.ptr, "\n  added event 2019-04-12-sem: 2019-04-12, seminar \"Invented "
				      "event sem\" for I14; no evidence\n"));
	assert_non_null(strstr(t.ptr, "\n  plan record changed: records/indicators/I14.yaml\n"));
	assert_non_null(strstr(t.ptr, "error[ref]: there is no indicator 'I99'"));
	assert_non_null(strstr(t.ptr, "\n  I14 2019: not-met -> partial (0/2 -> 1/2)\n"));
	buf_reset(&t);
	render_review_text(&t, &r, 1);
	assert_non_null(strstr(t.ptr, "\n### Effect on fulfilment\n\n- I14 2019: "));
	render_review_json(&j, &r);
	assert_non_null(strstr(j.ptr, "\"changes\":[{\"change\":\"added\",\"path\":"
				      "\"records/events/2019/04/2019-04-12-sem.yaml\",\"event\":"
				      "\"2019-04-12-sem\",\"supersedes\":null}"));
	assert_non_null(strstr(j.ptr, "\"rule\":\"ref\""));
	assert_non_null(strstr(j.ptr, "],\"status_changes\":[{\"indicator\":"));
	assert_non_null(strstr(j.ptr, "{\"indicator\":\"I14\",\"period\":\"2019\",\"before\":"
				      "\"not-met\",\"after\":\"partial\",\"achieved_before\":0,"
				      "\"achieved_after\":1,\"target\":2}"));
	buf_free(&t);
	buf_free(&j);
	review_free(&r);
	ledger_free(before);
	ledger_free(after);
	history_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_review__a_branch_in_words, setup_repo,
						remove_repo),
	};

	return cmocka_run_group_tests_name("review", tests, NULL, NULL);
}
