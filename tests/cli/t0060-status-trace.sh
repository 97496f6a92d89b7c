#!/bin/sh
# plan status and plan trace on a fixture history built here with real git
# and fixed dates; every expectation below was worked out by hand.
. "$(dirname "$0")/lib.sh"

# commit_on DATE MESSAGE: commits everything, dated DATE (noon UTC).
commit_on() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" git commit -qm "$2"
}

# status_of JSON INDICATOR PERIOD: "achieved/target status" of one period.
status_of() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i in d["indicators"]:
    if i["id"] == sys.argv[2]:
        for p in i["periods"]:
            if p["period"] == sys.argv[3]:
                print("%d/%d %s" % (p["achieved"], p["target"], p["status"]))
PY
}

test_expect_success 'build the fixture history' '
	make_ledger L && cd L &&
	GIT_COMMITTER_DATE=2018-01-26T12:00:00Z git commit -q --amend -m "Start the ledger" \
		--date=2018-01-26T12:00:00Z &&
	write_event . 2018-03-01 statistik-1 seminar I1 >/dev/null &&
	write_event . 2018-05-01 statistik-2 seminar I1 >/dev/null &&
	write_event . 2018-09-01 statistik-3 workshop I1 >/dev/null &&
	write_event . 2018-04-02 upphandling seminar I14 >/dev/null &&
	commit_on 2018-10-01 "C1: statistics and procurement seminars" &&
	git rev-parse HEAD >../c1 &&
	write_event . 2018-11-15 kartlaggning-forslag proposal I17 >/dev/null &&
	commit_on 2018-11-20 "C2: the mapping proposal" &&
	for d in 2019-01-10 2019-01-24 2019-02-07 2019-02-21; do
		write_event . $d statistik seminar I1 >/dev/null || return 1
	done &&
	commit_on 2019-03-01 "C3: four statistics seminars in 2019" &&
	write_event . 2019-12-10 kartlaggning report I18 >/dev/null &&
	commit_on 2019-12-20 "C4: the mapping presented" &&
	git rev-parse HEAD >../c4 &&
	write_event . 2020-02-15 stodformer report I21 >/dev/null &&
	commit_on 2020-03-01 "C5: the compilation, late" &&
	write_event . 2018-04-03 upphandling-rattad seminar I14 "supersedes: 2018-04-02-upphandling
reason: fel datum" >/dev/null &&
	commit_on 2020-03-10 "C6: correct the procurement seminar" &&
	git rev-parse HEAD >../c6 &&
	write_event . 2020-03-01 finansiering-1 seminar I22 >/dev/null &&
	write_event . 2020-04-01 finansiering-2 seminar I22 >/dev/null &&
	write_event . 2020-04-20 partnerskap meeting I26 >/dev/null &&
	commit_on 2020-05-01 "C7: unrelated to I14" &&
	plan check --today 2020-06-30
'

test_expect_success 'per-year counts: I1 2018 missed (3 of 4), 2019 met' '
	cd L && plan status --at 2019-12-31 --format json >../s.json &&
	test "$(status_of ../s.json I1 2018)" = "3/4 partial" &&
	test "$(status_of ../s.json I1 2019)" = "4/4 met"
'

test_expect_success 'a period with nothing is not-met once over, on its last day too (--at is the end of the day)' '
	test "$(status_of s.json I14 2019)" = "0/1 not-met" &&
	(cd L && plan status --at 2019-12-30 --format json >../dec30.json) &&
	test "$(status_of dec30.json I14 2019)" = "0/1 in-progress" &&
	(cd L && plan status --at 2020-01-01 --format json >../jan.json) &&
	test "$(status_of jan.json I14 2019)" = "0/1 not-met" &&
	test "$(status_of s.json I14 2021)" = "0/1 not-started" &&
	test "$(status_of s.json I2 2018)" = "0/1 not-met"
'

test_expect_success 'a dependency-ordered pair: I17 then I18 both met' '
	test "$(status_of s.json I17 2018-07-01/2018-12-31)" = "1/1 met" &&
	test "$(status_of s.json I18 2019)" = "1/1 met"
'

test_expect_success 'a deliverable after its due window is met-late' '
	cd L && plan status --at 2020-06-30 --format json >../late.json &&
	test "$(status_of ../late.json I21 2019)" = "1/1 met-late" &&
	test "$(status_of ../s.json I21 2019)" = "0/1 not-met" &&
	python3 - ../late.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	p = [i for i in d["indicators"] if i["id"] == "I21"][0]["periods"][0]
	assert p["late"] == ["2020-02-15-stodformer"] and p["on_time"] == [] and p["early"] == [], p
	assert p["events"] == ["2020-02-15-stodformer"] and p["late_event"] == "2020-02-15-stodformer", p
	PY
'

test_expect_success 'a superseded event counts once, in its latest version' '
	python3 - late.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	i = [x for x in d["indicators"] if x["id"] == "I14"][0]
	p = [x for x in i["periods"] if x["period"] == "2018"][0]
	assert p["achieved"] == 1 and p["events"] == ["2018-04-03-upphandling-rattad"], p
	PY
'

test_expect_success 'an open period that reached its target is met; pace for open ones' '
	test "$(status_of late.json I22 2020)" = "2/2 met" &&
	python3 - late.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	i = [x for x in d["indicators"] if x["id"] == "I14"][0]
	p = [x for x in i["periods"] if x["period"] == "2020"][0]
	# 2020-01-01 to 2020-06-30 is 182 of 366 days: 1 x 182/366 = 0.50
	assert p["status"] == "in-progress" and abs(p["expected"] - 0.50) < 0.01, p
	PY
'

test_expect_success '--at and --rev give different answers for the same date' '
	cd L &&
	plan status --rev "$(cat ../c4)" --at 2020-06-30 --format json >../rev.json &&
	test "$(status_of ../rev.json I21 2019)" = "0/1 not-met" &&
	test "$(status_of ../late.json I21 2019)" = "1/1 met-late" &&
	plan status --at 2018-06-30 --format json >../early.json &&
	test "$(status_of ../early.json I1 2018)" = "2/4 in-progress"
'

test_expect_success 'roll-ups per activity and goal' '
	python3 - late.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["id"]: x for x in d["activities"]}
	assert a["A2.6"]["status"] == "met", a["A2.6"]
	assert a["A1.1"]["periods"]["partial"] == 1 and a["A1.1"]["periods"]["met"] == 1, a["A1.1"]
	assert a["A3.4"]["status"] == "not-started", a["A3.4"]
	g = {x["id"]: x for x in d["goals"]}
	assert set(g) == {"M1", "M2", "M3", "M4"}
	PY
'

test_expect_success 'text, csv and md carry the same figures' '
	cd L && plan status --at 2020-06-30 --indicator I21 >../t.txt &&
	test_grep "2019 +1/1 +met late \(2020-02-15\)" ../t.txt &&
	plan status --at 2020-06-30 --format csv >../s.csv &&
	head -c 3 ../s.csv | od -An -tx1 | grep -q "ef bb bf" &&
	grep -q "^I21,A2.8,M2,2019,2019-01-01,2019-12-31,1,1,met-late,,2020-02-15-stodformer,,,2020-02-15-stodformer,2020-02-15,," ../s.csv &&
	plan status --at 2020-06-30 --format md --year 2019 >../s.md &&
	grep -q "^| I18 | A2.6 | .* | 2019 | 1/1 | met |" ../s.md
'

test_expect_success 'trace lists exactly the commits that changed what counts toward I14' '
	cd L && plan trace --format json I14 >../tr.json &&
	python3 - ../tr.json ../c1 ../c6 <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	c1 = open(sys.argv[2]).read().strip(); c6 = open(sys.argv[3]).read().strip()
	steps = d["steps"]
	assert d["commits"] == 8, d["commits"]
	assert [s["commit"] for s in steps][1:] == [c1, c6], [s["commit"] for s in steps]
	assert steps[0]["plan_changed"] and steps[0]["changes"] == []
	assert [c["change"] for c in steps[1]["changes"]] == ["added"]
	# Judged on the day of the commit (2018-10-01), 2018 was still open.
	assert steps[1]["before"]["periods"][0]["status"] == "in-progress"
	assert steps[1]["after"]["periods"][0]["status"] == "met"
	ch = steps[2]["changes"]
	assert len(ch) == 1 and ch[0]["change"] == "corrected" and ch[0]["supersedes"] == "2018-04-02-upphandling", ch
	assert steps[2]["date"] == "2020-03-10"
	PY
'

test_expect_success 'trace follows strict requirements: I18 is met when a late I17 is recorded' '
	make_ledger L2 && cd L2 &&
	sed -i "s/strict: false/strict: true/" records/indicators/I18.yaml &&
	git commit -qam "I18 requires I17 strictly" &&
	write_event . 2019-12-10 kartlaggning report I18 >/dev/null &&
	commit_on 2019-12-20 "I18 before its requirement is recorded" &&
	git rev-parse HEAD >../a &&
	write_event . 2018-11-15 forslag proposal I17 >/dev/null &&
	commit_on 2020-01-10 "I17, recorded late" &&
	git rev-parse HEAD >../b &&
	plan trace --format json I18 >../tr18.json &&
	python3 - ../tr18.json ../a ../b <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = open(sys.argv[2]).read().strip(); b = open(sys.argv[3]).read().strip()
	s = [x for x in d["steps"] if x["commit"] in (a, b)]
	assert [x["commit"] for x in s] == [a, b], d["steps"]
	# The I18 report does not count yet: I17 is not met.
	assert s[0]["after"]["periods"][0]["achieved"] == 0
	# Recording I17 makes it count, though I17 names another indicator.
	assert s[1]["changes"][0]["event"] == "2018-11-15-forslag"
	assert s[1]["before"]["periods"][0]["status"] == "not-met"
	assert s[1]["after"]["periods"][0]["status"] == "met", s[1]
	PY
'

test_expect_success 'a later trace walks only new commits and says the same as a fresh one' '
	cd L && rm -rf .git/plan &&
	PLAN_CACHE_STATS=1 plan trace --format json I14 >../t1.json 2>../s1 &&
	test_grep "^cache: 0 of 8 " ../s1 &&
	PLAN_CACHE_STATS=1 plan trace --format json I14 >../t2.json 2>../s2 &&
	test_grep "^cache: 8 of 8 " ../s2 && test_cmp ../t1.json ../t2.json &&
	write_event . 2020-05-02 upphandling-2020 seminar I14 >/dev/null &&
	commit_on 2020-05-05 "C8: the 2020 procurement seminar" &&
	write_event . 2020-05-03 annat meeting I26 >/dev/null &&
	commit_on 2020-05-06 "C9: unrelated" &&
	PLAN_CACHE_STATS=1 plan trace --format json I14 >../t3.json 2>../s3 &&
	test_grep "^cache: 8 of 10 " ../s3 &&
	PLAN_NO_CACHE=1 plan trace --format json I14 >../t4.json &&
	test_cmp ../t4.json ../t3.json &&
	python3 -c "import json; d=json.load(open(\"../t3.json\")); assert d[\"steps\"][-1][\"changes\"][0][\"event\"]==\"2020-05-02-upphandling-2020\", d[\"steps\"][-1]"
'

test_expect_success 'a trace cache damaged or from a rewritten history is not trusted' '
	cd L && for f in .git/plan/trace-*.bin; do printf "PLANCACH\001\000\000\000garbage" >"$f"; done &&
	plan trace --format json I14 >../t5.json && test_cmp ../t4.json ../t5.json &&
	git reset -q --hard HEAD~2 &&
	plan trace --format json I14 >../t6.json && PLAN_NO_CACHE=1 plan trace --format json I14 >../t7.json &&
	test_cmp ../t7.json ../t6.json
'

test_expect_success 'unknown indicator and bad dates are usage errors' '
	cd L && test_must_fail --status=2 plan trace I99 2>../err && test_grep "no indicator .I99." ../err &&
	test_must_fail --status=2 plan status --at 2019-13-01 2>../err && test_grep "YYYY-MM-DD" ../err &&
	test_must_fail --status=2 plan status --indicator I0 2>../err
'

test_expect_success 'after the plan period, status says every period is closed; within it, not' '
	make_ledger over &&
	(cd over && plan status --at 2026-12-05 >../over.txt && plan status --at 2021-12-31 >../last.txt &&
	 plan status --at 2026-12-05 --format md >../over.md) &&
	test_grep "events up to 2026-12-05; the plan period ended 2021-12-31, so every period is closed$" over.txt &&
	test_grep "events up to 2021-12-31$" last.txt &&
	test_grep "the plan period ended 2021-12-31, so every period is closed\.$" over.md
'

test_done
