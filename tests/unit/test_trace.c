/*
 * Unit tests of trace (the history of one indicator along the main line)
 * on a main line built here with the real git binary: which commits become
 * steps, what each says changed, and the indicator's status before and
 * after, judged on the commit's day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/trace.h"
#include "report/render_trace.h"
#include "util/error.h"

#include "gitrepo.h"

/* handlaggare-1 records what CMD does on branch NAME; handlaggare-2 approves it on DAY. */
#define APPROVE(name, day, cmd)                                                           \
	sh("git checkout -q -b " name " main && " cmd " && git add -A records && " AS(1, day) \
	   "git commit -q -m " name " && git checkout -q main && " AS(2, day)                \
	   "git merge -q --no-ff -m 'Approve " name "' "                                      \
	   "-m 'Approved-by: handlaggare-2 <handlaggare-2@example.org>' " name)

static int
setup_repo(void **state)
{
	(void)state;
	ledger_repo("trace");
	sh("git checkout -q -b sem main");
	write_event("2019-04-12", "sem", "seminar", "I14");
	sh(AS(1, "2019-04-12") "git commit -q -m sem && git checkout -q main && " AS(2, "2019-04-15")
	   "git merge -q --no-ff -m 'Approve sem' "
	   "-m 'Approved-by: handlaggare-2 <handlaggare-2@example.org>' sem");
	/* Another indicator's event: no step for I14. */
	sh("git checkout -q -b annan main");
	write_event("2019-05-02", "annan", "seminar", "I1");
	sh(AS(1, "2019-05-02") "git commit -q -m annan && git checkout -q main && "
	   AS(2, "2019-05-03") "git merge -q --no-ff -m 'Approve annan' "
	   "-m 'Approved-by: handlaggare-2 <handlaggare-2@example.org>' annan");
	/* A correction of the seminar, moved into 2020. */
	sh("git checkout -q -b ratt main");
	write_event("2020-02-01", "ratt", "seminar", "I14");
	sh("printf 'supersedes: 2019-04-12-sem\\nreason: Fel datum\\n' >> "
	   "records/events/2020/02/2020-02-01-ratt.yaml && git add records && "
	   AS(1, "2020-02-03") "git commit -q -m ratt && git checkout -q main && "
	   AS(2, "2020-02-03") "git merge -q --no-ff -m 'Approve ratt' "
	   "-m 'Approved-by: handlaggare-2 <handlaggare-2@example.org>' ratt");
	return 0;
}

static trace_result *
trace(const char *indicator, int expect)
{
	history *h = NULL;
	hist_oid tip;
	trace_result *r = NULL;
	int rc;

	if (history_open(&h, repo) != 0)
		fail_msg("history_open: %s", error_last());
	assert_int_equal(history_resolve(h, "main", &tip), 0);
	rc = trace_run(h, &tip, indicator, NULL, &r, NULL);
	if (rc < 0)
		fail_msg("trace_run: %s", error_last());
	assert_int_equal(rc, expect);
	history_free(h);
	return r;
}

/* The period labelled label of a state. */
static const trace_period *
period(const trace_state *s, const char *label)
{
	size_t i;

	for (i = 0; i < s->nperiods; i++)
		if (strcmp(s->periods[i].label, label) == 0)
			return &s->periods[i];
	fail_msg("no period %s", label);
	return NULL;
}

static void
test_trace__an_added_event_is_a_step_with_its_effect(void **state)
{
	trace_result *r = trace("I14", 0);
	const trace_step *s;
	char *id = git_line("rev-parse main~2");
	char hex[64];

	(void)state;
	assert_string_equal(r->indicator, "I14");
	assert_non_null(strstr(r->text, "informationsseminarium"));
	assert_int_equal(r->commits, 4);
	/* The founding commit brings the indicator itself: a step with no event. */
	assert_int_equal(r->nsteps, 3);
	assert_int_equal(r->steps[0].plan_changed, 1);
	assert_int_equal(r->steps[0].nchanges, 0);
	s = &r->steps[1];
	assert_string_equal(hist_oid_fmt(&s->commit, hex), id);
	assert_string_equal(s->author.email, "handlaggare-1@example.org");
	assert_string_equal(s->committer.email, "handlaggare-2@example.org");
	assert_string_equal(s->approver, "handlaggare-2 <handlaggare-2@example.org>");
	assert_int_equal(s->nchanges, 1);
	assert_int_equal(s->changes[0].kind, TRACE_ADDED);
	assert_string_equal(s->changes[0].event, "2019-04-12-sem");
	assert_string_equal(s->changes[0].kind_of_event, "seminar");
	assert_non_null(strstr(s->changes[0].placed, "on time"));
	assert_int_equal(s->plan_changed, 0);
	/* Judged on 2019-04-15: 2019 was open and became met; 2018 was closed, not met. */
	assert_int_equal(period(&s->before, "2019")->achieved, 0);
	assert_int_equal(period(&s->after, "2019")->achieved, 1);
	assert_int_equal(period(&s->after, "2019")->target, 1);
	assert_string_equal(fulfil_status_name(period(&s->before, "2019")->status), "in-progress");
	assert_string_equal(fulfil_status_name(period(&s->after, "2019")->status), "met");
	assert_string_equal(fulfil_status_name(period(&s->after, "2018")->status), "not-met");
	free(id);
	trace_free(r);
}

static void
test_trace__a_correction_moves_the_count(void **state)
{
	trace_result *r = trace("I14", 0);
	const trace_step *s;

	(void)state;
	assert_int_equal(r->nsteps, 3);
	s = &r->steps[2];
	assert_int_equal(s->nchanges, 1);
	assert_int_equal(s->changes[0].kind, TRACE_CORRECTED);
	assert_string_equal(s->changes[0].event, "2020-02-01-ratt");
	assert_string_equal(s->changes[0].supersedes, "2019-04-12-sem");
	/* Judged on 2020-02-03: 2019 loses its seminar, 2020 gains one. */
	assert_int_equal(period(&s->before, "2019")->achieved, 1);
	assert_int_equal(period(&s->after, "2019")->achieved, 0);
	assert_string_equal(fulfil_status_name(period(&s->after, "2019")->status), "not-met");
	assert_int_equal(period(&s->before, "2020")->achieved, 0);
	assert_int_equal(period(&s->after, "2020")->achieved, 1);
	trace_free(r);
}

static void
test_trace__a_deletion_and_a_change_of_target_are_steps(void **state)
{
	trace_result *r;
	const trace_step *s;

	(void)state;
	APPROVE("bort", "2020-03-01", "git rm -q records/events/2020/02/2020-02-01-ratt.yaml");
	APPROVE("mal", "2020-03-02", "sed -i 's/min: 1/min: 2/' records/indicators/I14.yaml");
	r = trace("I14", 0);
	assert_int_equal(r->nsteps, 5);
	s = &r->steps[3];
	assert_int_equal(s->nchanges, 1);
	assert_int_equal(s->changes[0].kind, TRACE_DELETED);
	assert_string_equal(s->changes[0].event, "2020-02-01-ratt");
	assert_null(s->changes[0].placed);
	assert_int_equal(period(&s->after, "2020")->achieved, 0);
	s = &r->steps[4];
	assert_int_equal(s->plan_changed, 1);
	assert_int_equal(period(&s->before, "2020")->target, 1);
	assert_int_equal(period(&s->after, "2020")->target, 2);
	trace_free(r);
}

static void
test_trace__an_indicator_the_tip_lacks_is_no_error(void **state)
{
	(void)state;
	assert_null(trace("I99", 1));
}

static void
test_trace__rendered_as_text_and_json(void **state)
{
	trace_result *r = trace("I14", 0);
	char *tip = git_line("rev-parse --short=12 main");
	char *head = xasprintf("Main line up to %s: 4 commits, 3 that changed what counts toward "
			       "I14\n", tip);
	buf t = BUF_INIT, j = BUF_INIT;

	(void)state;
	render_trace_text(&t, r, NULL);
	assert_true(strncmp(t.ptr, "I14  Minst ett informationsseminarium", 37) == 0);
	assert_non_null(strstr(t.ptr, head));
	assert_non_null(strstr(t.ptr, "\n              approved by handlaggare-2 "
				      "<handlaggare-2@example.org>\n"));
	assert_non_null(strstr(t.ptr, "\n    added      2019-04-12-sem  (seminar, 2019-04-12)\n"));
	assert_non_null(strstr(t.ptr, "\n    corrected  2020-02-01-ratt  (seminar, 2020-02-01), "
				      "corrects 2019-04-12-sem\n"));
	assert_non_null(strstr(t.ptr, "2019: in-progress 0/1 -> met 1/1"));
	render_trace_json(&j, r);
	assert_true(strncmp(j.ptr, "{\"indicator\":\"I14\",\"tip\":\"", 26) == 0);
	assert_non_null(strstr(j.ptr, "\"commits\":4,"));
	assert_non_null(strstr(j.ptr, "{\"change\":\"corrected\",\"event\":\"2020-02-01-ratt\""));
	assert_non_null(strstr(j.ptr, "\"supersedes\":\"2019-04-12-sem\""));
	assert_string_equal(j.ptr + j.len - 3, "]}\n");
	buf_free(&t);
	buf_free(&j);
	free(tip);
	free(head);
	trace_free(r);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(test_trace__##name, setup_repo, remove_repo)
	const struct CMUnitTest tests[] = {
		T(an_added_event_is_a_step_with_its_effect),
		T(a_correction_moves_the_count),
		T(a_deletion_and_a_change_of_target_are_steps),
		T(an_indicator_the_tip_lacks_is_no_error),
		T(rendered_as_text_and_json),
	};
#undef T

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
