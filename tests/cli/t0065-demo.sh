#!/bin/sh
# The demo (make demo): builds a ledger with an invented history through the
# real tools, and it must come out approved, checked and plausible.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the demo builds its ledger and prints the status' '
	DEMO_DIR=$TRASH/demo sh "$SRC/tools/demo.sh" "$PLAN" >out 2>err &&
	test_grep "^Aktivitetsplan för civilsamhälle och social ekonomi 2018–2021" out &&
	test_grep "INVENTED history" out &&
	test -f demo/status.json
'

test_expect_success 'every change in it is approved, signed and audits clean' '
	cd demo/ledger && plan audit >../../audit.out &&
	test_grep "0 of them not properly approved; [1-9][0-9]* signatures verified" ../../audit.out &&
	plan check
'

test_expect_success 'it has all 33 indicators, a late report, a correction and misses' '
	python3 - demo/status.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	ind = {i["id"]: i for i in d["indicators"]}
	assert len(ind) == 33, len(ind)
	assert ind["I18"]["periods"][0]["status"] == "met-late", ind["I18"]
	statuses = {p["status"] for i in d["indicators"] for p in i["periods"]}
	assert {"met", "met-late", "partial", "not-met"} <= statuses, statuses
	i14 = [p for p in ind["I14"]["periods"] if p["period"] == "2019"][0]
	assert i14["events"] == ["2019-04-12-informationsseminarium-om-social-hansyn"], i14
	PY
'

test_expect_success 'only invented people appear in its history and records' '
	cd demo/ledger &&
	git log --format="%an %ae %cn %ce" >../../people.out &&
	test_grep ! "Bro|Hedfeldt|Norberg|regionorebrolan" ../../people.out &&
	test_grep ! "Bro|Hedfeldt|Norberg|regionorebrolan" records/people.yaml
'

test_done
