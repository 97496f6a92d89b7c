#!/bin/sh
# plan list events: filters, corrected events hidden unless --all, and the
# table as text, CSV (with either separator) and JSON.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a ledger with a few events, one corrected by another' '
	make_ledger ledger &&
	write_event ledger 2018-04-12 seminarium-a seminar I14 >/dev/null &&
	write_event ledger 2019-04-10 seminarium-b seminar I14 >/dev/null &&
	write_event ledger 2019-04-12 seminarium-b-rattat seminar I14 \
		"supersedes: 2019-04-10-seminarium-b
reason: Fel datum" >/dev/null &&
	write_event ledger 2019-05-20 anbudsskola training I15 "responsible: handlaggare-2
participants: 14
evidence:
  - {type: diarienummer, ref: \"RUN 19/00123\"}
note: Hölls i Örebro, två dagar" >/dev/null &&
	sed -i "/^responsible: handlaggare-1$/d" ledger/records/events/2019/05/2019-05-20-anbudsskola.yaml &&
	(cd ledger && plan check >../out) && test_grep "^0 errors" out
'

test_expect_success 'all current events in date order; the corrected one only with --all' '
	(cd ledger && plan list events >../out) &&
	awk "{print \$1 \"  \" \$2}" out >got &&
	cat >expect <<-\EOF &&
	2018-04-12  2018-04-12-seminarium-a
	2019-04-12  2019-04-12-seminarium-b-rattat
	2019-05-20  2019-05-20-anbudsskola
	EOF
	test_cmp expect got &&
	(cd ledger && plan list events --all >../out) &&
	test_grep "^2019-04-10  2019-04-10-seminarium-b .*\(superseded by 2019-04-12-seminarium-b-rattat\)$" out &&
	test $(wc -l <out) -eq 4
'

test_expect_success 'filters: indicator, activity, goal, kind by its Swedish name, person, dates, text' '
	(cd ledger &&
	 plan list events --indicator i15 >../o1 &&
	 plan list events --activity A2.4 >../o2 &&
	 plan list events --goal M2 --kind Seminarium >../o3 &&
	 plan list events --person handlaggare-2 >../o4 &&
	 plan list events --from 2019-01-01 --to 2019-04-30 >../o5 &&
	 plan list events --text ÖREBRO >../o6 &&
	 plan list events --text "run 19/" >../o7) &&
	test $(wc -l <o1) -eq 1 && test_grep anbudsskola o1 &&
	grep -q . o2 && ! grep -v "I14\|I15" o2 >/dev/null &&
	test $(wc -l <o3) -eq 2 && test_grep ! anbudsskola o3 &&
	test $(wc -l <o4) -eq 1 && test_grep anbudsskola o4 &&
	test $(wc -l <o5) -eq 1 && test_grep seminarium-b-rattat o5 &&
	test $(wc -l <o6) -eq 1 && test_grep anbudsskola o6 &&
	test $(wc -l <o7) -eq 1 && test_grep anbudsskola o7
'

test_expect_success 'a filter naming nothing in the plan is a usage error, not an empty list' '
	(cd ledger &&
	 test_must_fail --status=2 plan list events --indicator I99 2>../err1 &&
	 test_must_fail --status=2 plan list events --person nobody 2>../err2 &&
	 test_must_fail --status=2 plan list events --kind fika 2>../err3 &&
	 test_must_fail --status=2 plan list events --from 2019-02-30 2>../err4) &&
	test_grep "no indicator .I99." err1 && test_grep "no person .nobody." err2 &&
	test_grep "the kinds are: seminar \(seminarium\), workshop, " err3 && test_grep "2019-02-30" err4
'

test_expect_success 'CSV: a byte-order mark, a header, quotes where needed; ; for Swedish locales' '
	(cd ledger && plan list events --format csv --indicator I15 >../out) &&
	printf "\357\273\277id,date,kind,title,indicators,responsible,participants,evidence,note,supersedes,reason,exception,superseded_by\r\n" >expect &&
	printf "2019-05-20-anbudsskola,2019-05-20,training,Invented event anbudsskola,I15,handlaggare-2,14,diarienummer: RUN 19/00123,\"Hölls i Örebro, två dagar\",,,,\r\n" >>expect &&
	test_cmp expect out &&
	(cd ledger && LC_ALL=sv_SE.UTF-8 plan list events --format csv --indicator I15 >../out) &&
	test_grep ";14;diarienummer: RUN 19/00123;Hölls i Örebro, två dagar;;;;" out &&
	(cd ledger && unset LC_ALL && LANG=sv_SE.UTF-8 plan list events --format csv --csv-separator , \
		--indicator I15 >../out) &&
	test_grep ",\"Hölls i Örebro, två dagar\"," out &&
	(cd ledger && test_must_fail --status=2 plan list events --format csv --csv-separator tab 2>../err) &&
	test_grep "is .,. or .;." err
'

test_expect_success 'JSON: every field, numbers as numbers; --output writes a file' '
	(cd ledger && plan list events --all --format json --output ../ev.json) &&
	python3 -c "
import json
d = json.load(open(\"ev.json\"))[\"events\"]
assert [e[\"id\"] for e in d] == [\"2018-04-12-seminarium-a\", \"2019-04-10-seminarium-b\", \"2019-04-12-seminarium-b-rattat\", \"2019-05-20-anbudsskola\"], d
assert d[1][\"superseded_by\"] == \"2019-04-12-seminarium-b-rattat\"
assert d[2][\"supersedes\"] == \"2019-04-10-seminarium-b\" and d[2][\"reason\"] == \"Fel datum\"
assert d[3][\"participants\"] == 14 and d[3][\"evidence\"] == [{\"type\": \"diarienummer\", \"ref\": \"RUN 19/00123\"}]
assert d[3][\"indicators\"] == [\"I15\"] and \"participants\" not in d[0]
"
'

test_done
