#!/bin/sh
# plan check: the shipped plan passes, and every rule fires on its fixture
# with its id, position and words, and stays quiet on a passing one.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the shipped records pass plan check' '
	make_ledger ledger &&
	(cd ledger && plan check --today 2026-01-01 >../out) &&
	test_grep "^0 errors, 0 warnings in 57 files" out
'

test_expect_success 'a valid event passes; the summary counts files' '
	make_ledger ok &&
	write_event ok 2019-04-12 anbudsskola training I15 >/dev/null &&
	(cd ok && plan check --today 2020-01-01 >../out) &&
	test_grep "0 errors, 0 warnings in 58 files" out
'

test_expect_success 'yaml: a duplicate key is an error naming both lines' '
	make_ledger y &&
	f=$(write_event y 2019-04-12 dup seminar I14 "kind: workshop") &&
	(cd y && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^$f:8:1: error\[yaml\]: the key .kind. appears twice.*line 4 and line 8" out
'

test_expect_success 'schema: an impossible date is named in plain words' '
	make_ledger s &&
	mkdir -p s/records/events/2019/02 &&
	printf "id: 2019-02-30-x\ndate: 2019-02-30\nkind: seminar\ntitle: x\nindicators: [I14]\nresponsible: handlaggare-1\n" \
		>s/records/events/2019/02/2019-02-30-x.yaml &&
	(cd s && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "2019-02-30-x.yaml:2:7: error\[schema\]: /date: .*2019-02-30" out
'

test_expect_success 'schema: an unknown field is caught, with the field named' '
	make_ledger u &&
	f=$(write_event u 2019-04-12 typo seminar I14 "titel: extra") &&
	(cd u && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:8:1: error\[schema\]: .*titel" out
'

test_expect_success 'window: I16 outside A2.5, as DESIGN.md words it' '
	make_ledger w &&
	f=$(write_event w 2018-02-01 y report I16) &&
	(cd w && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^$f:6:14: error\[window\]: I16 belongs to activity A2.5, which runs 2019-07-01 to 2019-12-31; this event is dated 2018-02-01" out
'

test_expect_success 'window: with an exception it is a warning and check passes' '
	make_ledger we &&
	f=$(write_event we 2018-02-01 y report I16 "exception: {reason: Planerat tidigare}") &&
	(cd we && plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:14: warning\[window\]: .*exception: Planerat tidigare" out
'

test_expect_success 'window: an event before the plan period' '
	make_ledger wp &&
	f=$(write_event wp 2017-12-01 early meeting I26) &&
	(cd wp && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:3:7: error\[window\]: this event is dated 2017-12-01, outside the plan period 2018-01-01 to 2021-12-31" out
'

test_expect_success 'window-text: dates that disagree with the plan'"'"'s words' '
	make_ledger wt &&
	sed -i "s/end: 2019-12-31/end: 2019-11-30/" wt/records/activities/A2.5.yaml &&
	(cd wt && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "A2.5.yaml:[0-9]+:[0-9]+: error\[window-text\]: the window 2019-07-01 to 2019-11-30 does not match the plan.s words .Hösten 2019., which mean 2019-07-01 to 2019-12-31" out
'

test_expect_success 'id: a file name that is not the id, and a file in the wrong month' '
	make_ledger i &&
	f=$(write_event i 2019-04-12 a seminar I14) &&
	sed -i "s/^id: .*/id: 2019-04-12-b/" i/$f &&
	mkdir -p i/records/events/2019/05 &&
	g=records/events/2019/05/2019-04-13-c.yaml &&
	sed "s/2019-04-12-a/2019-04-13-c/; s/2019-04-12/2019-04-13/" i/$f >i/$g &&
	sed -i "s/^id: .*/id: 2019-04-13-c/" i/$g &&
	(cd i && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:2:5: error\[id\]: the event.s id .2019-04-12-b. does not match its file name .2019-04-12-a.yaml." out &&
	test_grep "$g:3:7: error\[id\]: this event is dated 2019-04-13, so its file belongs in records/events/2019/04/" out
'

test_expect_success 'ref: an unknown indicator and an unknown person' '
	make_ledger r &&
	f=$(write_event r 2019-04-12 x seminar "I14, I99") &&
	sed -i "s/responsible: .*/responsible: anna/" r/$f &&
	(cd r && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:19: error\[ref\]: there is no indicator .I99. in this plan \(its indicators: I1 to I33\)" out &&
	test_grep "$f:7:14: error\[ref\]: .anna. is not a person in records/people.yaml \(people: handlaggare-1, handlaggare-2, handlaggare-3\)" out
'

test_expect_success 'ref: after an indicator file is deleted, the list of indicators shows the gap' '
	make_ledger gap &&
	(cd gap && git rm -q records/indicators/I7.yaml records/indicators/I8.yaml) &&
	f=$(write_event gap 2019-04-12 x meeting "I7") &&
	(cd gap && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:14: error\[ref\]: there is no indicator .I7. in this plan \(its indicators: I1 to I6, I9 to I33\)" out &&
	(cd gap && rm "$f" && test_must_fail plan add event --date 2019-04-12 --kind meeting \
		--indicator I7 --title Möte >../out 2>../err) &&
	cat err out && test_grep "no indicator .I7." err &&
	grep -h "I1 to I6, I9 to I33" out err
'

test_expect_success 'requires: I18 before I17 is met, then after (advisory: a warning)' '
	make_ledger q &&
	f=$(write_event q 2019-03-01 kartlaggning report I18) &&
	(cd q && plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:14: warning\[requires\]: I18 counts only once I17 is met, and I17 has not been met \(an advisory requirement: the event counts\)" out &&
	write_event q 2018-10-03 forslag proposal I17 >/dev/null &&
	(cd q && plan check --today 2020-01-01 >../out2) &&
	test_grep "0 errors, 0 warnings" out2
'

test_expect_success 'requires: a strict link makes the same event an error' '
	make_ledger qs &&
	sed -i "s/strict: false/strict: true/" qs/records/indicators/I18.yaml &&
	f=$(write_event qs 2019-03-01 kartlaggning report I18) &&
	(cd qs && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:14: error\[requires\]: I18 counts only once I17 is met, and I17 has not been met;" out
'

test_expect_success 'requires: a link without strict is refused by the schema' '
	make_ledger qn &&
	sed -i "/strict: false/d" qn/records/indicators/I18.yaml &&
	(cd qn && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "records/indicators/I18.yaml:.*error\[schema\]" out
'

test_expect_success 'requires: within a year, I12 needs I11 in the same year' '
	make_ledger qy &&
	sed -i "s/strict: false/strict: true/" qy/records/indicators/I12.yaml &&
	write_event qy 2018-03-01 inriktning proposal I11 >/dev/null &&
	f=$(write_event qy 2019-03-01 fordelning proposal I12) &&
	(cd qy && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:14: error\[requires\]: I12 counts only once I11 is met in the same year" out
'

test_expect_success 'future: an event after today, and --today moves today' '
	make_ledger f &&
	f=$(write_event f 2019-04-12 later seminar I14) &&
	(cd f && test_must_fail plan check --today 2019-04-11 >../out) &&
	test_grep "$f:3:7: error\[future\]: this event is dated 2019-04-12, after today \(2019-04-11\)" out &&
	(cd f && plan check --today 2019-04-12 >/dev/null)
'

test_expect_success 'counts: a kind the indicator does not count is a warning' '
	make_ledger k &&
	f=$(write_event k 2019-04-12 mote meeting I14) &&
	(cd k && plan check --today 2020-01-01 >../out) &&
	test_grep "$f:6:14: warning\[counts\]: a meeting does not count toward I14, which counts: seminar" out
'

test_expect_success 'supersedes: correcting an event twice' '
	make_ledger c &&
	write_event c 2019-04-12 orig seminar I14 >/dev/null &&
	write_event c 2019-04-12 fix1 seminar I14 "supersedes: 2019-04-12-orig
reason: fel titel" >/dev/null &&
	f=$(write_event c 2019-04-12 fix2 seminar I14 "supersedes: 2019-04-12-orig
reason: fel datum") &&
	(cd c && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "$f:8:13: error\[supersedes\]: .2019-04-12-orig. is already corrected by records/events/2019/04/2019-04-12-fix1.yaml" out
'

test_expect_success 'file: something that is not a record under records/' '
	make_ledger x &&
	echo hello >x/records/notes.txt &&
	(cd x && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^records/notes.txt: error\[file\]: this file is not where any record belongs" out
'

test_expect_success 'paths limit what is shown; json carries rule and position' '
	make_ledger p &&
	f=$(write_event p 2019-04-12 x seminar I99) &&
	echo hello >p/records/notes.txt &&
	(cd p && test_must_fail plan check --today 2020-01-01 --format json records/events >../out.json) &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\")); f=d[\"findings\"]; assert len(f)==1 and f[0][\"rule\"]==\"ref\" and f[0][\"line\"]==6, f" &&
	(cd p/records/events && test_must_fail plan check --today 2020-01-01 . >../../../out) &&
	test_grep "error\[ref\]" out && test_grep ! "notes.txt" out
'

test_expect_success 'a path typed from a sub-folder, absolute, mistyped or outside' '
	make_ledger pathled && mkdir pathled/sub &&
	printf "id: [\n" >>pathled/records/plan.yaml &&
	(cd pathled/sub && test_must_fail plan check ../records/plan.yaml >../../out1) &&
	test_grep "^\.\./records/plan.yaml:[0-9]+:[0-9]+: error\[yaml\]" out1 &&
	(cd pathled/sub && test_must_fail plan check "$TRASH/pathled/records/plan.yaml" >../../out2) &&
	test_cmp out1 out2 &&
	(cd pathled/sub && test_must_fail plan check "$TRASH/pathled/sub/../records/" >../../out3) &&
	test_grep "^\.\./records/plan.yaml:[0-9]+:[0-9]+: error\[yaml\]" out3 &&
	(cd pathled/sub && test_must_fail --status=2 plan check ../records/plan.yml 2>../../err) &&
	test_grep "records/plan.yml is no file or folder of the ledger" err &&
	(cd pathled && test_must_fail --status=2 plan check README.md 2>../err) &&
	test_grep "README.md is no file or folder of the ledger" err &&
	(cd pathled && test_must_fail plan check ../pathled/records/plan.yaml >../out4) &&
	sed "s|^\.\./||" out1 >out1-root && test_cmp out1-root out4 &&
	(cd pathled && test_must_fail --status=2 plan check ../p/records 2>../err) &&
	test_grep "../p/records is outside the ledger" err &&
	(cd pathled && test_must_fail --status=2 plan check "$TRASH/p/records" 2>../err) &&
	test_grep "is outside the ledger" err
'

test_expect_success 'outside any ledger: a clear error, exit 2' '
	mkdir -p empty && cd empty &&
	GIT_CEILING_DIRECTORIES=$(pwd)/.. test_must_fail --status=2 plan check 2>../err &&
	test_grep "no ledger here" ../err &&
	test_must_fail --status=2 plan -C "$TRASH/nowhere" status 2>../err &&
	test_grep "cannot go to the folder .*/nowhere: No such file" ../err
'

test_expect_success 'paths are shown from the current folder, as git status shows them' '
	make_ledger rel &&
	write_event rel 2019-04-12 fel training I99 >/dev/null &&
	(cd rel/records/events && test_must_fail plan check --today 2020-01-01 >../../../out) &&
	test_grep "^2019/04/2019-04-12-fel.yaml:[0-9]+:[0-9]+: error\[ref\]" out &&
	(cd rel/schemas && test_must_fail plan check --today 2020-01-01 >../../out) &&
	test_grep "^\.\./records/events/2019/04/2019-04-12-fel.yaml:" out &&
	(cd rel/records/events/2019/04 && test_must_fail plan check --today 2020-01-01 . >../../../../../out) &&
	test_grep "^2019-04-12-fel.yaml:" out &&
	(cd rel/records/events && test_must_fail plan check --full-name --today 2020-01-01 >../../../out) &&
	test_grep "^records/events/2019/04/2019-04-12-fel.yaml:" out &&
	(cd rel/records/events && test_must_fail plan check --format json --today 2020-01-01 >../../../out.json) &&
	test_grep "\"records/events/2019/04/2019-04-12-fel.yaml\"" out.json
'

test_expect_success 'a schema written in JSON is read as JSON, not as YAML 1.1' '
	make_ledger js &&
	printf "{\"\$id\": \"extra.schema.json\", \"const\": \"a\302\205b\357\277\277c\177\"}\n" \
		>js/schemas/extra.schema.json &&
	(cd js && plan check --today 2020-01-01 >../out) &&
	test_grep "^0 errors, 0 warnings" out &&
	printf "{\"a\": 1,}\n" >js/schemas/extra.schema.json &&
	(cd js && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^schemas/extra.schema.json:1:[0-9]+: error\[json\]" out
'

test_done
