#!/bin/sh
# plan import FILE.csv: encodings and separators, Swedish and English
# headers, a map file, findings at row and column for bad rows of every
# kind, nothing written unless every row passes (or --skip-bad), and a
# second import of the same file adding nothing.
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2020-01-15
export PLAN_TODAY

count_events() {
	find "$1/records/events" -name "*.yaml" 2>/dev/null | wc -l
}

test_expect_success 'UTF-8 with BOM, ";", CR LF, a quoted note over two lines, Swedish headers' '
	make_ledger sv &&
	printf "\357\273\277Datum;Typ;Indikator;Titel;Deltagare;Diarienummer;Anteckning\r\n" >sv.csv &&
	printf "2019-04-12;utbildning;i15;Anbudsskola om upphandling med social hänsyn;14;RUN 19/00123;\"Första dagen;\r\nandra dagen\"\r\n" >>sv.csv &&
	printf "2019-05-02;Seminarium;I14, I19;Seminarium om social hänsyn;;;\r\n" >>sv.csv &&
	(cd sv && plan import ../sv.csv >../out 2>../err) &&
	test_grep "^../sv.csv: 2 rows: 2 new events written, 0 already in the ledger" out &&
	test ! -s err &&
	f=sv/records/events/2019/04/2019-04-12-anbudsskola-om-upphandling-med-social-hansyn.yaml &&
	test_grep "^kind: training$" $f && test_grep "^participants: 14$" $f &&
	test_grep "^note: \|-$" $f && test_grep "^  Första dagen;$" $f &&
	test_grep "^indicators: \[I14, I19\]$" sv/records/events/2019/05/2019-05-02-seminarium-om-social-hansyn.yaml &&
	(cd sv && plan check >../out) && test_grep "^0 errors, 0 warnings in 59 files" out
'

test_expect_success 'each record is the one plan add event writes for the same fields' '
	make_ledger add &&
	(cd add && plan add event --dry-run --date 2019-04-12 --kind training --indicator I15 \
		--title "Anbudsskola om upphandling med social hänsyn" --participants 14 \
		--evidence "diarienummer:RUN 19/00123" --note "Första dagen;
andra dagen" >../added 2>/dev/null) &&
	test_cmp added sv/records/events/2019/04/2019-04-12-anbudsskola-om-upphandling-med-social-hansyn.yaml
'

test_expect_success 'the same file again adds nothing' '
	(cd sv && git add -A && git commit -q -m "Import" && plan import ../sv.csv >../out) &&
	test_grep "2 rows: 0 new events written, 2 already in the ledger" out &&
	test -z "$(cd sv && git status --porcelain)"
'

test_expect_success 'Windows-1252, ",", English headers, LF line ends, a kind by its English name' '
	make_ledger en &&
	printf "Date,Kind,Indicator,Title,Responsible,Evidence\n2019-04-12,Training,I15,Anbudsskola f\366r f\366reningar i \326rebro l\344n,handlaggare-2,\"diarienummer: RUN 19/1, 2\"\n" >en.csv &&
	(cd en && plan import ../en.csv >../out) &&
	f=en/records/events/2019/04/2019-04-12-anbudsskola-for-foreningar-i-orebro-lan.yaml &&
	test_grep "^title: Anbudsskola för föreningar i Örebro län$" $f &&
	test_grep "^responsible: handlaggare-2$" $f &&
	test_grep "^    ref: RUN 19/1, 2$" $f
'

test_expect_success 'bad rows of every kind: each finding names its row and cell; nothing is written' '
	make_ledger bad &&
	cat >bad.csv <<-\EOF &&
	Datum,Typ,Indikator,Titel,Deltagare,Ansvarig,Undantag,Id
	2019-04-12,utbildning,I15,Rätt rad,,,,
	2019-02-30,seminar,I14,Inget datum,,,,
	2019-04-12,fika,I14,Okänd typ,,,,
	2019-04-12,seminar,I99,Okänd indikator,,,,
	2018-02-01,report,I16,Utanför fönstret,,,,
	2020-03-01,seminar,I14,I framtiden,,,,
	2019-04-12,seminar,I14,,,,,
	2019-04-12,seminar,I14,Många,fjorton,,,
	2019-04-12,seminar,I14,Okänd person,,nobody,,
	2019-04-12,seminar,I14,Bara ja,,,Ja,
	2019-04-13,seminar,I14,Samma id,,,,x-1
	2019-04-13,seminar,I14,Samma id igen,,,,x-1
	EOF
	(cd bad && test_must_fail plan import ../bad.csv >../out 2>../err) &&
	test_grep "^../bad.csv:3:1: error\[import\]: A3 \(Datum\): .2019-02-30. is not a date; write it as YYYY-MM-DD" err &&
	test_grep "^../bad.csv:4:2: error\[schema\]: B4 \(Typ\): /kind: " err &&
	test_grep "^../bad.csv:5:3: error\[ref\]: C5 \(Indikator\): .*I99" err &&
	test_grep "^../bad.csv:6:3: error\[window\]: C6 \(Indikator\): I16 belongs to activity A2.5" err &&
	test_grep "^../bad.csv:7:1: error\[future\]: A7 \(Datum\): " err &&
	test_grep "^../bad.csv:8:4: error\[import\]: D8 \(Titel\): the title is missing" err &&
	test_grep "^../bad.csv:9:5: error\[import\]: E9 \(Deltagare\): .fjorton. is not a number" err &&
	test_grep "^../bad.csv:10:6: error\[ref\]: F10 \(Ansvarig\): .*nobody" err &&
	test_grep "^../bad.csv:11:7: error\[import\]: G11 \(Undantag\): an exception needs its reason" err &&
	test_grep "^../bad.csv:13:8: error\[id\]: H13 \(Id\): the id x-1 is row 12.s too" err &&
	test_grep "nothing was imported: 11 of 12 rows have errors" err &&
	test ! -s out && test $(count_events bad) -eq 0
'

test_expect_success '--skip-bad writes the good rows, lists the others and exits 1; again adds nothing' '
	(cd bad && test_must_fail plan import --skip-bad ../bad.csv >../out 2>../err) &&
	test_grep "12 rows: 1 new event written, 0 already in the ledger, 0 the same as an earlier row, 11 not imported" out &&
	test $(count_events bad) -eq 1 &&
	(cd bad && test_must_fail plan import --skip-bad ../bad.csv >../out 2>/dev/null) &&
	test_grep "12 rows: 0 new events written, 1 already in the ledger" out &&
	test $(count_events bad) -eq 1
'

test_expect_success 'a map file: columns by header and letter, defaults, value mappings' '
	make_ledger map &&
	cat >map.yaml <<-\EOF &&
	columns:
	  date: Dag
	  title: Vad hände
	  kind: C
	  exception: Utanför planen
	defaults:
	  indicators: I16
	  responsible: handlaggare-3
	values:
	  kind: {Rapportering: report}
	  exception:
	    Ja: Nämnden beslutade 2018-01-20 att börja tidigare
	    Nej:
	EOF
	printf "Dag;Vad hände;Sort;Utanför planen\n2018-02-01;Tidig rapport;Rapportering;ja\n2019-08-01;Rapport i tid;rapportering;Nej\n" >map.csv &&
	(cd map && plan import --map ../map.yaml ../map.csv >../out 2>../err) &&
	test_grep "2 rows: 2 new events written" out &&
	test_grep "^../map.csv:2: warning\[window\]: row 2: I16 belongs to activity A2.5" err &&
	f=map/records/events/2018/02/2018-02-01-tidig-rapport.yaml &&
	test_grep "^kind: report$" $f && test_grep "^responsible: handlaggare-3$" $f &&
	test_grep "^  reason: Nämnden beslutade 2018-01-20 att börja tidigare$" $f &&
	test_grep ! "exception" map/records/events/2019/08/2019-08-01-rapport-i-tid.yaml
'

test_expect_success 'a bad map file is reported at its line; nothing is imported' '
	printf "columns:\n  datum: Dag\nextra: 1\n" >badmap.yaml &&
	(cd map && test_must_fail plan import --map ../badmap.yaml ../map.csv 2>../err) &&
	test_grep "^../badmap.yaml:2:3: error\[import\]: .datum. is no field of an event" err &&
	test_grep "^../badmap.yaml:3:1: error\[import\]: .extra. is not a part of a map file" err
'

test_expect_success 'rows refer to each other; a row the same as another is imported once' '
	make_ledger rel &&
	cat >rel.csv <<-\EOF &&
	id,date,kind,title,indicators,responsible,supersedes,reason
	2019-04-10-seminarium,2019-04-10,seminar,Seminarium,I14,handlaggare-1,,
	2019-04-12-seminarium,2019-04-12,seminar,Seminarium,I14,handlaggare-1,2019-04-10-seminarium,Fel datum
	2019-04-12-seminarium,2019-04-12,seminar,Seminarium,I14,handlaggare-1,2019-04-10-seminarium,Fel datum
	EOF
	(cd rel && plan import ../rel.csv >../out 2>../err) &&
	test_grep "3 rows: 2 new events written, 0 already in the ledger, 1 the same as an earlier row" out &&
	(cd rel && plan list events --all >../out) &&
	test_grep "superseded by 2019-04-12-seminarium" out
'

test_expect_success 'the same day and title with other content gets the next id, both times' '
	make_ledger twice &&
	printf "Datum,Typ,Indikator,Titel,Deltagare\n2019-04-12,seminar,I14,Seminarium,10\n2019-04-12,seminar,I14,Seminarium,20\n" >twice.csv &&
	(cd twice && plan import ../twice.csv >../out && plan import ../twice.csv >../out2) &&
	test_grep "2 new events written" out && test_grep "0 new events written, 2 already" out2 &&
	test_grep "^participants: 20$" twice/records/events/2019/04/2019-04-12-seminarium-2.yaml
'

test_expect_success '--dry-run writes nothing; --commit commits the new files in one commit' '
	make_ledger dry &&
	(cd dry && plan import --dry-run ../sv.csv >../out) &&
	test_grep "2 new events to write \(a dry run: nothing was written\)" out &&
	test $(count_events dry) -eq 0 &&
	(cd dry && plan import --commit ../sv.csv >../out) &&
	test "$(cd dry && git log -1 --format=%s)" = "Import 2 events from ../sv.csv" &&
	test -z "$(cd dry && git status --porcelain)"
'

test_expect_success 'files that are no CSV table: clear messages, exit 1, nothing written' '
	make_ledger broken &&
	printf "Datum,Titel\n2019-04-12,\"Oavslutad\n" >q.csv &&
	printf "\377\376D\000a\000" >u16.csv &&
	printf "Titel\nNågot\n" >nodate.csv &&
	: >empty.csv &&
	python3 -c "import sys; sys.stdout.write(\"a\" + \",a\" * 2000000 + \"\\n\")" >wide.csv &&
	(cd broken &&
	 test_must_fail plan import ../q.csv 2>../e1 &&
	 test_must_fail plan import ../u16.csv 2>../e2 &&
	 test_must_fail plan import ../nodate.csv 2>../e3 &&
	 test_must_fail plan import ../empty.csv 2>../e4 &&
	 test_must_fail plan import ../wide.csv 2>../e6 &&
	 test_must_fail --status=2 plan import ../missing.csv 2>../e5) &&
	test_grep "^../q.csv: error\[import\]: row 2: the quotes do not pair up" e1 &&
	test_grep "UTF-16" e2 &&
	test_grep "^../nodate.csv:1: error\[import\]: row 1: no column holds the date" e3 &&
	test_grep "the sheet is empty" e4 &&
	test_grep "^../wide.csv: error\[import\]: the file holds more than 2,000,000 cells" e6 &&
	test_grep "missing.csv" e5 &&
	test $(count_events broken) -eq 0
'

test_done
