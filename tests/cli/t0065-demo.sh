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

test_expect_success 'status, report and trace agree on every indicator of the demo ledger' '
	cd demo/ledger &&
	plan status --at 2021-12-31 --format json >../../all.json &&
	plan report --format md --lang en --at 2021-12-31 >../../report.md 2>/dev/null &&
	for i in $(python3 -c "import json; print(\" \".join(x[\"id\"] for x in json.load(open(\"../../all.json\"))[\"indicators\"]))"); do
		plan trace --format json $i >../../trace-$i.json &&
		d=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"steps\"][-1][\"date\"])" ../../trace-$i.json) &&
		plan status --at $d --format json >../../at-$i.json || return 1
	done &&
	python3 - ../../all.json ../../report.md .. <<-PY
	import json, re, sys
	d = json.load(open(sys.argv[1]))
	words = {"met": "met", "met-late": "met late", "partial": "partly met",
	         "not-met": "not met", "in-progress": "in progress", "not-started": "not started"}
	rows = {}
	cur = None
	for line in open(sys.argv[2]):
	    m = re.match(r"^\| (I[0-9]+)( [^|]*)? \|", line)
	    if not m:
	        continue
	    cells = [c.strip() for c in line.strip().strip("|").split("|")]
	    rows.setdefault(m.group(1), []).append((cells[-2], cells[-1]))
	assert len(d["indicators"]) == 33 and len(rows) == 33, (len(d["indicators"]), len(rows))
	for ind in d["indicators"]:
	    i = ind["id"]
	    # The report: the same figures, period by period.
	    want = [("%d / %d" % (p["achieved"], p["target"]), words[p["status"]]) for p in ind["periods"]]
	    assert rows[i] == want, (i, rows[i], want)
	    # The trace: its last step, judged on its day, is what status says on that day.
	    t = json.load(open("../../trace-%s.json" % i))
	    after = t["steps"][-1]["after"]
	    s = [x for x in json.load(open("../../at-%s.json" % i))["indicators"] if x["id"] == i][0]
	    assert after["status"] == s["status"], (i, after, s["status"])
	    got = [(p["period"], p["status"], p["achieved"]) for p in after["periods"]]
	    want = [(p["period"], p["status"], p["achieved"]) for p in s["periods"]]
	    assert got == want, (i, got, want)
	PY
'

test_expect_success 'only invented people appear in its history and records' '
	cd demo/ledger &&
	git log --format="%an %ae %cn %ce" >../../people.out &&
	test_grep ! "Bro|Hedfeldt|Norberg|regionorebrolan" ../../people.out &&
	test_grep ! "Bro|Hedfeldt|Norberg|regionorebrolan" records/people.yaml
'

test_expect_success 'round trip: its events to Excel and into a fresh ledger give the same status' '
	(cd demo/ledger && plan list events --all --format xlsx --output ../../events.xlsx) &&
	plan init fresh >/dev/null &&
	cp demo/ledger/records/people.yaml fresh/records/people.yaml &&
	(cd fresh && git add records/people.yaml && git commit -q -m "The demo staff" &&
	 plan import --commit ../events.xlsx >../import.out) &&
	n=$(find demo/ledger/records/events -name "*.yaml" | wc -l) &&
	test_grep "^../events.xlsx: $n rows: $n new events written, 0 already" import.out &&
	diff -r demo/ledger/records/events fresh/records/events &&
	for at in 2019-06-30 2021-12-31; do
		(cd demo/ledger && plan status --at $at >../../before) &&
		(cd fresh && plan status --at $at >../after) &&
		sed "s/commit [0-9a-f]*/commit X/" before >b && sed "s/commit [0-9a-f]*/commit X/" after >a &&
		test_cmp b a &&
		(cd demo/ledger && plan status --at $at --format json) | python3 -c "import json,sys; d=json.load(sys.stdin); d.pop(\"rev\", None); print(json.dumps(d, sort_keys=True))" >b &&
		(cd fresh && plan status --at $at --format json) | python3 -c "import json,sys; d=json.load(sys.stdin); d.pop(\"rev\", None); print(json.dumps(d, sort_keys=True))" >a &&
		test_cmp b a || return 1
	done &&
	(cd fresh && plan import ../events.xlsx >../again.out && plan check >/dev/null) &&
	test_grep "$n rows: 0 new events written, $n already in the ledger" again.out
'

test_done
