/* Unit tests of the record model: paths to kinds, ids, serialized events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/records.h"
#include "ledger/event_write.h"
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

static void
test_records__ids_as_runs_show_the_gaps(void **state)
{
	const char *ind[] = {"I10", "I2", "I1", "I3", "I5", "I6", "I9", NULL, "I8"};
	const char *act[] = {"A1.1", "A1.2", "A2.1", "A2.10", "A2.2", "A2.3", "X"};
	buf b = BUF_INIT;

	(void)state;
	records_id_runs(&b, ind, 9, " to ");
	assert_string_equal(buf_cstr(&b), "I1 to I3, I5, I6, I8 to I10");
	buf_reset(&b);
	records_id_runs(&b, act, 7, " till ");
	assert_string_equal(buf_cstr(&b), "A1.1, A1.2, A2.1 till A2.3, A2.10, X");
	buf_reset(&b);
	records_id_runs(&b, ind, 0, " to ");
	assert_string_equal(buf_cstr(&b), "none");
	buf_free(&b);
}

/* What yaml-language-server makes of a file's header, in our terms. */
static records_modeline_state
modeline_of(const char *path, const char *text, unsigned *line)
{
	buf named = BUF_INIT;
	records_modeline_state st = records_modeline_check(path, text, strlen(text), line, &named);

	buf_free(&named);
	return st;
}

static void
test_records__the_modeline_names_the_schema_from_the_files_folder(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	assert_int_equal(records_modeline("records/events/2019/04/2019-04-12-x.yaml", &b), 0);
	assert_string_equal(
	        buf_cstr(&b),
	        "# yaml-language-server: $schema=../../../../schemas/event.schema.yaml");
	/* What plan add event writes is that line. */
	assert_string_equal(buf_cstr(&b), EVENT_MODELINE);
	assert_int_equal(records_modeline("records/goals/M1.yaml", &b), 0);
	assert_string_equal(buf_cstr(&b),
	                    "# yaml-language-server: $schema=../../schemas/goal.schema.yaml");
	assert_int_equal(records_modeline("records/people.yaml", &b), 0);
	assert_string_equal(buf_cstr(&b),
	                    "# yaml-language-server: $schema=../schemas/people.schema.yaml");
	assert_int_equal(records_modeline("records/allowed_signers", &b), -1);
	assert_int_equal(records_modeline("records/notes.txt", &b), -1);
	buf_free(&b);
}

static void
test_records__a_modeline_is_read_as_the_language_server_reads_it(void **state)
{
	const char *ev = "records/events/2019/04/2019-04-12-x.yaml";
	unsigned line;

	(void)state;
	assert_int_equal(modeline_of(ev,
	                             "# yaml-language-server: "
	                             "$schema=../../../../schemas/event.schema.yaml\nid: x\n",
	                             &line),
	                 MODELINE_OK);
	assert_int_equal(line, 1);
	/* After other comments, blank lines and a document start; "./" and "//" are nothing. */
	assert_int_equal(
	        modeline_of(ev,
	                    "# Anteckning\n\n---\n#  yaml-language-server : foo "
	                    "$schema=.././../..//../schemas/./event.schema.yaml\r\nid: x\n",
	                    &line),
	        MODELINE_OK);
	assert_int_equal(line, 4);
	assert_int_equal(
	        modeline_of(ev, "# $schema: ../../../../schemas/event.schema.yaml\n", &line),
	        MODELINE_OK);
	assert_int_equal(modeline_of(ev,
	                             "\xEF\xBB\xBF# yaml-language-server: "
	                             "$schema=../../../../schemas/event.schema.yaml\n",
	                             &line),
	                 MODELINE_OK);
	/* One folder too shallow, too deep, another schema, a fragment, a URL, none at all. */
	assert_int_equal(
	        modeline_of(ev,
	                    "# yaml-language-server: $schema=../../../schemas/event.schema.yaml\n",
	                    &line),
	        MODELINE_WRONG);
	assert_int_equal(line, 1);
	assert_int_equal(modeline_of(ev,
	                             "# yaml-language-server: "
	                             "$schema=../../../../../schemas/event.schema.yaml\n",
	                             &line),
	                 MODELINE_WRONG);
	assert_int_equal(
	        modeline_of(
	                ev,
	                "# yaml-language-server: $schema=../../../../schemas/goal.schema.yaml\n",
	                &line),
	        MODELINE_WRONG);
	assert_int_equal(modeline_of(ev,
	                             "# yaml-language-server: "
	                             "$schema=../../../../schemas/event.schema.yaml#/x\n",
	                             &line),
	                 MODELINE_WRONG);
	assert_int_equal(
	        modeline_of(
	                ev,
	                "# yaml-language-server: $schema=https://example.org/event.schema.yaml\n",
	                &line),
	        MODELINE_WRONG);
	assert_int_equal(modeline_of(ev,
	                             "# yaml-language-server: $schema=/schemas/event.schema.yaml\n",
	                             &line),
	                 MODELINE_WRONG);
	assert_int_equal(modeline_of(ev, "# yaml-language-server: $schema=none\n", &line),
	                 MODELINE_WRONG);
	assert_int_equal(modeline_of(ev, "# Anteckning\n# yaml-language-server: schema\n", &line),
	                 MODELINE_WRONG);
	assert_int_equal(line, 2);
	/* The first modeline counts, as in the editor. */
	assert_int_equal(modeline_of(ev,
	                             "# yaml-language-server: $schema=x\n# yaml-language-server: "
	                             "$schema=../../../../schemas/event.schema.yaml\n",
	                             &line),
	                 MODELINE_WRONG);
	assert_int_equal(line, 1);
	/* Not a modeline: no blank after '#', or after the record's first line. */
	assert_int_equal(
	        modeline_of(
	                ev,
	                "#yaml-language-server: $schema=../../../../schemas/event.schema.yaml\n",
	                &line),
	        MODELINE_MISSING);
	assert_int_equal(line, 0);
	assert_int_equal(modeline_of(ev,
	                             "id: x\n# yaml-language-server: "
	                             "$schema=../../../../schemas/event.schema.yaml\n",
	                             &line),
	                 MODELINE_MISSING);
	assert_int_equal(modeline_of(ev, "", &line), MODELINE_MISSING);
	assert_int_equal(modeline_of("records/plan.yaml",
	                             "# yaml-language-server: $schema=../schemas/plan.schema.yaml",
	                             &line),
	                 MODELINE_OK);
	assert_int_equal(
	        modeline_of("records/plan.yaml",
	                    "# yaml-language-server: $schema=../../schemas/plan.schema.yaml",
	                    &line),
	        MODELINE_WRONG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_records__paths_name_their_kind),
	        cmocka_unit_test(test_records__other_paths_are_no_record),
	        cmocka_unit_test(test_records__ids_sort_in_the_plans_numbering),
	        cmocka_unit_test(test_records__a_serialized_event_reads_back_the_same),
	        cmocka_unit_test(test_records__ids_as_runs_show_the_gaps),
	        cmocka_unit_test(test_records__the_modeline_names_the_schema_from_the_files_folder),
	        cmocka_unit_test(test_records__a_modeline_is_read_as_the_language_server_reads_it),
	};

	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}
