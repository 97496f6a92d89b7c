/* Unit tests of the record model: paths to kinds, ids, serialized events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/records.h"
#include "yaml/ytree.h"

static void
test_records__paths_name_their_kind(void **state)
{
	(void)state;
	assert_int_equal(records_kind_of("records/plan.yaml"), REC_PLAN);
	assert_int_equal(records_kind_of("records/people.yaml"), REC_PEOPLE);
	assert_int_equal(records_kind_of("records/goals/M1.yaml"), REC_GOAL);
	assert_int_equal(records_kind_of("records/activities/A2.10.yaml"), REC_ACTIVITY);
	assert_int_equal(records_kind_of("records/indicators/I33.yaml"), REC_INDICATOR);
	assert_int_equal(records_kind_of("records/events/2019/04/2019-04-12-x.yaml"), REC_EVENT);
	assert_int_equal(records_kind_of("records/allowed_signers"), REC_SIGNERS);
}

static void
test_records__other_paths_are_no_record(void **state)
{
	(void)state;
	assert_int_equal(records_kind_of("records/events/2019/2019-04-12-x.yaml"), REC_NONE);
	assert_int_equal(records_kind_of("records/events/2019/04/05/x.yaml"), REC_NONE);
	assert_int_equal(records_kind_of("records/events/2019/04/.hidden.yaml"), REC_NONE);
	assert_int_equal(records_kind_of("records/events/2019/04/x.yml"), REC_NONE);
	assert_int_equal(records_kind_of("records/goals/sub/M1.yaml"), REC_NONE);
	assert_int_equal(records_kind_of("records/goals/.yaml"), REC_NONE);
	assert_int_equal(records_kind_of("records/plan.yaml.orig"), REC_NONE);
	assert_int_equal(records_kind_of("schemas/event.schema.yaml"), REC_NONE);
	assert_int_equal(records_kind_of("records/notes.txt"), REC_NONE);
}

static void
test_records__ids_sort_in_the_plans_numbering(void **state)
{
	(void)state;
	assert_true(records_id_cmp("I9", "I10") < 0);
	assert_true(records_id_cmp("A2.9", "A2.10") < 0);
	assert_true(records_id_cmp("A2.10", "A3.1") < 0);
	assert_true(records_id_cmp("M1", "M1") == 0);
	assert_true(records_id_cmp("I010", "I10") == 0);
	assert_true(records_id_cmp(NULL, "I1") > 0);
}

static void
test_records__a_serialized_event_reads_back_the_same(void **state)
{
	const char *text = "id: 2019-04-12-x\ndate: 2019-04-12\nkind: seminar\ntitle: Åäö \"q\"\n"
			   "indicators: [I14, I19]\nresponsible: handlaggare-1\nparticipants: 12\n"
			   "evidence:\n  - {type: diarienummer, ref: RUN 19/1}\n"
			   "supersedes: 2019-04-10-x\nreason: fel datum\nexception: {reason: sent}\n";
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	ledger *a = ledger_new(), *b = ledger_new();
	hist_oid oid;
	buf ser = BUF_INIT;
	const rec_event *x, *y;

	(void)state;
	memset(&oid, 7, sizeof(oid));
	assert_int_equal(ytree_parse(&doc, "p.yaml", text, strlen(text), YTREE_RECORD, NULL, &f), 0);
	ledger_add(a, REC_EVENT, "records/events/2019/04/2019-04-12-x.yaml", doc->root, 1, &oid);
	records_serialize_event(&a->events[0], &ser);
	assert_int_equal(ledger_add_serialized(b, "records/events/2019/04/2019-04-12-x.yaml", &oid,
					       (const unsigned char *)ser.ptr, ser.len),
			 0);
	x = &a->events[0];
	y = &b->events[0];
	assert_string_equal(x->id, y->id);
	assert_int_equal(x->date, y->date);
	assert_string_equal(y->title, "Åäö \"q\"");
	assert_int_equal(y->nindicators, 2);
	assert_string_equal(y->indicators[1].id, "I19");
	assert_int_equal(y->indicators[1].pos.col, x->indicators[1].pos.col);
	assert_int_equal(y->participants, 12);
	assert_string_equal(y->evidence[0].ref, "RUN 19/1");
	assert_string_equal(y->supersedes.id, "2019-04-10-x");
	assert_string_equal(y->exception, "sent");
	assert_true(hist_oid_equal(&y->oid, &oid));
	/* Damaged bytes are refused, not half read. */
	assert_int_equal(ledger_add_serialized(b, "p", &oid, (const unsigned char *)ser.ptr,
					       ser.len - 3),
			 -1);
	assert_int_equal(b->nevents, 1);
	buf_free(&ser);
	ytree_doc_free(doc);
	ledger_free(a);
	ledger_free(b);
	diag_list_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records__paths_name_their_kind),
		cmocka_unit_test(test_records__other_paths_are_no_record),
		cmocka_unit_test(test_records__ids_sort_in_the_plans_numbering),
		cmocka_unit_test(test_records__a_serialized_event_reads_back_the_same),
	};

	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}
