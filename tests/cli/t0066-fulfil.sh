#!/bin/sh
# The fulfilment figures of issue 15, one test per finding, each on a fresh
# ledger of the shipped plan: exceptions, due windows in the indicators'
# own words, advisory and strict requirements, the check before writing,
# met late and early, --at and --year (DESIGN.md sections 4 and 5).
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2022-06-30
export PLAN_TODAY

# field JSON INDICATOR PERIOD KEY: one field of one period of plan status --format json.
field() {
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i in d["indicators"]:
    if i["id"] == sys.argv[2]:
        if sys.argv[3] == "-":
            print(json.dumps(i[sys.argv[4]]))
        for p in i["periods"]:
            if p["period"] == sys.argv[3]:
                print(json.dumps(p[sys.argv[4]]))
PY
}

test_expect_success '1. an exception event counts where its date falls, and its reason is shown' '
	make_ledger f1 && cd f1 &&
	plan add event --date 2019-03-01 --kind report --indicator I16 --title Översyn \
		--exception "Gjord tidigare" --commit >../out 2>../err &&
	test_grep "warning\[window\]: .*exception: Gjord tidigare" ../err &&
	plan status --at 2020-01-01 --indicator I16 >../st &&
	test_grep "2019-07-01/2019-12-31 +1/1 +met \(early: 2019-03-01\) \(exception 2019-03-01: Gjord tidigare\)" ../st &&
	plan report --format md --at 2020-01-01 >../r.md 2>/dev/null &&
	test_grep "2019-03-01 Översyn \(rapport, tidigt\), undantag: Gjord tidigare" ../r.md
'

test_expect_success '1. an exception event outside every period is listed as not counted, with its reason, everywhere' '
	cd f1 &&
	plan add event --date 2017-12-01 --kind report --indicator I16 --title "Före planen" \
		--exception "Gjord innan planen antogs" --commit >/dev/null 2>&1 &&
	plan status --at 2020-01-01 --indicator I16 >../st &&
	test_grep "not counted: 2017-12-01-fore-planen \(dated 2017-12-01, outside every period of I16; recorded as an exception: Gjord innan planen antogs\)" ../st &&
	plan status --at 2020-01-01 --format json >../st.json &&
	field ../st.json I16 - not_counted >../nc &&
	test_grep "\"id\": \"2017-12-01-fore-planen\", \"reason\": \"outside\"" ../nc &&
	test_grep "Gjord innan planen antogs" ../nc &&
	plan status --at 2020-01-01 --format csv >../st.csv &&
	test_grep "^I16,.*2017-12-01-fore-planen \(dated 2017-12-01, outside every period" ../st.csv &&
	plan status --at 2020-01-01 --format md >../st.md &&
	test_grep "^\| I16 \| A2.5 \| \| .* \| – \| not counted: 2017-12-01-fore-planen" ../st.md &&
	plan report --format md --at 2020-01-01 >../r.md 2>/dev/null &&
	test_grep "^- ~~räknas inte~~ I16, hösten 2019: 2017-12-01 Före planen .*\*\*räknas inte: daterad 2017-12-01, utanför alla perioder för I16; registrerad som undantag: Gjord innan planen antogs\*\*" ../r.md &&
	plan report --html ../r.html --at 2020-01-01 2>/dev/null &&
	test_grep "<li class=\"nc\" data-event=\"2017-12-01-fore-planen\"" ../r.html &&
	test_grep "Gjord innan planen antogs" ../r.html &&
	plan trace I16 >../tr &&
	test_grep "not counted: dated 2017-12-01, outside every period of I16; recorded as an exception: Gjord innan planen antogs" ../tr &&
	test_grep "counts early in 2019-07-01/2019-12-31; recorded as an exception: Gjord tidigare" ../tr
'

test_expect_success '2. I6 is due in all of 2019, as its words say: an autumn proposal counts, with a warning' '
	make_ledger f2 && cd f2 &&
	plan add event --date 2019-10-01 --kind proposal --indicator I6 --title Utredningsförslag \
		--commit >../out 2>../err &&
	test_grep "warning\[window\]: I6 belongs to activity A1.4, which the plan scheduled 2019-01-01 to 2019-06-30; this event is dated 2019-10-01, later than the plan scheduled but inside I6.s own due window, so it counts" ../err &&
	plan status --at 2020-01-01 --indicator I6 >../st &&
	test_grep "^ +2019 +1/1 +met$" ../st &&
	plan add event --date 2018-05-02 --kind publication --indicator I3 --title Informationsmaterial \
		--commit >../out 2>../err &&
	test_grep "warning\[window\]: I3 .*earlier than the plan scheduled" ../err &&
	plan status --at 2022-01-01 --indicator I3 >../st &&
	test_grep "^ +2018-2021 +1/1 +met$" ../st
'

test_expect_success '2. plan check accepts a due window beyond the activity window, not beyond the plan period' '
	make_ledger f2b && cd f2b &&
	sed -i "s/due: {start: 2019-07-01, end: 2019-12-31}/due: {start: 2019-07-01, end: 2020-06-30}/" \
		records/indicators/I16.yaml &&
	plan check >../out && test_grep "^0 errors" ../out &&
	sed -i "s/end: 2020-06-30}/end: 2022-06-30}/" records/indicators/I16.yaml &&
	test_must_fail plan check >../out &&
	test_grep "error\[window\]: the due window 2019-07-01 to 2022-06-30 reaches outside the plan period" ../out
'

test_expect_success '3. a requirement is met for the rule exactly when it is met for the status' '
	make_ledger f3 && strict f3 I22 && cd f3 &&
	write_event . 2018-06-01 sammanstallning report I21 "exception: {reason: Klar tidigt}" >/dev/null &&
	write_event . 2020-03-01 seminarium-1 seminar I22 >/dev/null &&
	write_event . 2020-04-01 seminarium-2 seminar I22 >/dev/null &&
	git add -A && git commit -qm "I21 early by exception, two I22 seminars" &&
	plan check >../out &&
	plan status --at 2021-01-01 --format json >../st.json &&
	test "$(field ../st.json I21 2019 status)" = "\"met\"" &&
	test "$(field ../st.json I21 2019 early)" = "[\"2018-06-01-sammanstallning\"]" &&
	test "$(field ../st.json I22 2020 status)" = "\"met\"" &&
	git rm -q records/events/2018/06/2018-06-01-sammanstallning.yaml &&
	write_event . 2017-12-01 sammanstallning report I21 "exception: {reason: Klar tidigt}" >/dev/null &&
	git add -A &&
	git commit -q --no-verify -m "I21 outside every period" &&
	plan status --at 2021-01-01 --format json >../st2.json &&
	test "$(field ../st2.json I21 2019 status)" = "\"not-met\"" &&
	test "$(field ../st2.json I22 2020 achieved)" = "0" &&
	field ../st2.json I22 2020 not_counted >../nc &&
	test_grep "\"reason\": \"requires\"" ../nc &&
	test_must_fail plan check >../out &&
	test_grep "2020-03-01-seminarium-1.yaml:.*error\[requires\]: I22 counts only once I21 is met, and I21 has not been met" ../out
'

test_expect_success '4. the shipped requirements are advisory: I8 before I7 is met is a warning and counts' '
	make_ledger f4 && cd f4 &&
	write_event . 2018-03-01 mote-1 meeting I7 >/dev/null &&
	write_event . 2018-09-01 mote-2 meeting I7 >/dev/null &&
	git add -A && git commit -qm "two I7 meetings" &&
	plan add event --date 2019-05-02 --kind proposal --indicator I8 --title "Förslag till ny överenskommelse" \
		--commit >../out 2>../err &&
	test_grep "warning\[requires\]: I8 counts only once I7 is met, and I7 has not been met \(an advisory requirement: the event counts\)" ../err &&
	plan status --at 2020-01-01 --indicator I8 >../st &&
	test_grep "^ +2019-01-01/2019-06-30 +1/1 +met$" ../st
'

test_expect_success '5. add event refuses a correction that would break another event, and writes and stages nothing' '
	make_ledger f5 && strict f5 I22 && cd f5 && plan hooks install >/dev/null &&
	write_event . 2019-05-01 sammanstallning report I21 >/dev/null &&
	write_event . 2020-03-01 seminarium-1 seminar I22 >/dev/null &&
	git add -A && git commit -qm "I21 and an I22 seminar" &&
	git status --porcelain >../before &&
	test_must_fail plan add event --commit --date 2019-05-01 --kind seminar --indicator I21 \
		--title "Rättad typ" --supersedes 2019-05-01-sammanstallning --reason "Fel typ" >../out 2>../err &&
	test_grep "records/events/2020/03/2020-03-01-seminarium-1.yaml:.*error\[requires\]: I22 counts only once I21 is met" ../err &&
	test_grep "error\[check\]: with this event the ledger breaks the rules in 1 other place" ../err &&
	test_grep "nothing was written" ../err &&
	test ! -e records/events/2019/05/2019-05-01-rattad-typ.yaml &&
	git status --porcelain >../after && test_cmp ../before ../after &&
	test_must_fail plan add event --dry-run --date 2019-05-01 --kind seminar --indicator I21 \
		--title "Rättad typ" --supersedes 2019-05-01-sammanstallning --reason "Fel typ" >../out 2>../err &&
	test_grep "2020-03-01-seminarium-1.yaml:.*error\[requires\]" ../err &&
	test_grep "would not write" ../err
'

test_expect_success '5. a second correction of a corrected event is refused before writing, naming the new event' '
	cd f5 &&
	plan add event --commit --date 2020-03-01 --kind seminar --indicator I22 --title "Rättat" \
		--supersedes 2020-03-01-seminarium-1 --reason "Fel titel" >/dev/null 2>&1 &&
	git status --porcelain >../before &&
	test_must_fail plan add event --dry-run --date 2020-03-02 --kind seminar --indicator I22 \
		--title "Rättat igen" --supersedes 2020-03-01-seminarium-1 --reason "Fel dag" >../out 2>../err &&
	test_grep "2020-03-02-rattat-igen.yaml:.*error\[supersedes\]: .2020-03-01-seminarium-1. is (already corrected|corrected a second time)" ../err &&
	test_must_fail plan add event --commit --date 2020-03-02 --kind seminar --indicator I22 \
		--title "Rättat igen" --supersedes 2020-03-01-seminarium-1 --reason "Fel dag" >../out 2>../err &&
	test_grep "2020-03-02-rattat-igen.yaml:.*error\[supersedes\]" ../err &&
	git status --porcelain >../after && test_cmp ../before ../after
'

test_expect_success '6. met late reads 1/1 met late (date), in text, JSON and CSV' '
	make_ledger f6 && cd f6 &&
	plan add event --date 2019-03-01 --kind proposal --indicator I2 --title Förslag --commit >/dev/null 2>&1 &&
	plan status --at 2020-01-01 --indicator I2 >../st &&
	test_grep "^ +2018 +1/1 +met late \(2019-03-01\)$" ../st &&
	plan status --at 2020-01-01 --format json >../st.json &&
	test "$(field ../st.json I2 2018 achieved)" = "1" &&
	test "$(field ../st.json I2 2018 late)" = "[\"2019-03-01-forslag\"]" &&
	test "$(field ../st.json I2 2018 on_time)" = "[]" &&
	plan status --at 2020-01-01 --format csv >../st.csv &&
	head -n 1 ../st.csv | grep -q ",events,on_time,early,late,late_date,not_counted,text" &&
	grep -q "^I2,A1.1,M1,2018,2018-01-01,2018-12-31,1,1,met-late,,2019-03-01-forslag,,,2019-03-01-forslag,2019-03-01,," ../st.csv
'

test_expect_success '7. --at is the end of the day: the period ending on it is closed; pace in whole events' '
	make_ledger f7 && cd f7 &&
	write_event . 2019-12-31 seminarium seminar I14 >/dev/null &&
	git add -A && git commit -qm "a seminar on the last day" &&
	plan status --at 2019-12-31 --indicator I14 >../st &&
	test_grep "^ +2019 +1/1 +met$" ../st &&
	plan status --at 2019-12-31 --indicator I1 >../st &&
	test_grep "^ +2019 +0/4 +not-met$" ../st &&
	plan status --at 2019-07-01 --indicator I1 >../st &&
	test_grep "^ +2019 +0/4 +in-progress \(by now 2 expected\)$" ../st
'

test_expect_success '8. --year narrows every figure: statuses and roll-ups' '
	make_ledger f8 && cd f8 &&
	for d in 2018-03-01 2018-05-01 2018-09-01 2019-01-10 2019-02-10 2019-03-10 2019-04-10; do
		write_event . $d statistik seminar I1 >/dev/null || return 1
	done &&
	git add -A && git commit -qm "I1: three in 2018, four in 2019" &&
	plan status --at 2020-01-01 --format json >../all.json &&
	plan status --at 2020-01-01 --year 2019 --format json >../y.json &&
	python3 - ../all.json ../y.json <<-PY
	import json, sys
	a = json.load(open(sys.argv[1])); y = json.load(open(sys.argv[2]))
	ia = [i for i in a["indicators"] if i["id"] == "I1"][0]
	iy = [i for i in y["indicators"] if i["id"] == "I1"][0]
	assert ia["status"] == "partial" and iy["status"] == "met", (ia["status"], iy["status"])
	assert [p["period"] for p in iy["periods"]] == ["2019"], iy["periods"]
	act = {x["id"]: x for x in y["activities"]}["A1.1"]
	# I1 2019 met, I2 2018 is not in 2019: only the one period.
	assert act["periods"]["met"] == 1 and sum(act["periods"].values()) == 1, act
	assert act["status"] == "met", act
	g = {x["id"]: x for x in y["goals"]}["M1"]
	assert g["periods"]["partial"] == 0, g
	PY
	plan status --at 2020-01-01 --year 2019 >../y.txt &&
	test_grep "^  A1.1 .*\[met\]$" ../y.txt
'

test_expect_success '9. an early deliverable inside its activity window counts early, with a word' '
	make_ledger f9 && cd f9 &&
	write_event . 2018-11-01 forslag proposal I17 >/dev/null &&
	git add -A && git commit -qm "I17" &&
	plan add event --date 2018-12-10 --kind report --indicator I18 --title Kartläggning \
		--commit >../out 2>../err &&
	test_grep "warning\[window\]: I18 is due 2019-01-01 to 2019-12-31; this event is dated 2018-12-10, before that, and counts there as delivered early" ../err &&
	plan status --at 2020-01-01 --format json >../st.json &&
	test "$(field ../st.json I18 2019 early)" = "[\"2018-12-10-kartlaggning\"]" &&
	test "$(field ../st.json I18 2019 status)" = "\"met\"" &&
	plan status --at 2020-01-01 --indicator I18 >../st &&
	test_grep "^ +2019 +1/1 +met \(early: 2018-12-10\)$" ../st
'

test_done
