#!/bin/sh
# Swedish: every message marked in the sources has its translation in
# po/sv.po, and with a Swedish locale (or --lang sv, or the ledger's
# interface_language) no line that plan prints is left in English, except
# the machine formats (JSON keys, CSV headers, rule ids).
. "$(dirname "$0")/lib.sh"

ENGLISH="python3 $SRC/tests/cli/i18n-english.py $SRC/po/sv.po"
SV="env -u LC_ALL -u LANGUAGE LANG=sv_SE.UTF-8"

test_expect_success 'po/sv.po: every message translated, none fuzzy, formats checked' '
	msgfmt --check --statistics -o /dev/null "$SRC/po/sv.po" 2>err &&
	test_grep "^[0-9]* translated messages\.$" err
'

test_expect_success 'every message marked in the sources has its Swedish translation' '
	make -s -C "$SRC" --no-print-directory pot POT="$TRASH/fresh.pot" >/dev/null 2>&1 &&
	test -s fresh.pot &&
	if ! msgcmp "$SRC/po/sv.po" fresh.pot 2>err; then
		echo "messages without a Swedish translation in po/sv.po (make pot, then"
		echo "msgmerge --no-location -U po/sv.po po/plan.pot, and translate them):"
		cat err
		false
	fi &&
	msgcmp --use-untranslated "$SRC/po/plan.pot" fresh.pot
'

test_expect_success 'the test that finds English lines finds them' '
	printf "%s\n" "  no activity of the plan runs on 2019-01-01" "x.yaml:1:1: error[ref]: an event cannot correct itself" >en &&
	test_must_fail $ENGLISH en >out &&
	test_grep "en:1: English" out &&
	test_grep "en:2: English" out
'

test_expect_success 'every command'"'"'s --help, the overview and the usage errors in Swedish' '
	make_ledger ledger &&
	cd ledger &&
	plan --lang en list commands | cut -f1 >../cmds &&
	test $(wc -l <../cmds) -ge 15 &&
	for c in $(cat ../cmds); do
		$SV "$PLAN" $c --help >>../help || exit 1
	done &&
	$SV "$PLAN" --help >>../help &&
	$SV "$PLAN" help check >>../help &&
	{ $SV "$PLAN" status --bogus 2>>../help; test $? = 2; } &&
	{ $SV "$PLAN" stauts 2>>../help; test $? = 2; } &&
	{ $SV "$PLAN" check --today 2019-13-01 2>>../help; test $? = 2; } &&
	{ $SV "$PLAN" --lang xx status 2>>../help; test $? = 2; } &&
	cd .. &&
	test_grep "^användning: plan check" help &&
	test_grep "okänd flagga .--bogus." help &&
	test_grep "Det mest liknande kommandot är" help &&
	$ENGLISH help
'

test_expect_success '--lang and LANGUAGE, LC_ALL, LC_MESSAGES, LANG choose the language' '
	plan --lang sv help version >out && test_grep "^användning: plan version" out &&
	plan --lang=sv help version >out && test_grep "^användning: plan version" out &&
	LC_ALL=sv_SE.UTF-8 plan help version >out && test_grep "^användning" out &&
	env -u LC_ALL LC_MESSAGES=sv_SE.UTF-8 LANG=en_US.UTF-8 "$PLAN" help version >out &&
	test_grep "^användning" out &&
	env -u LC_ALL LANG=en_US.UTF-8 LANGUAGE=sv "$PLAN" help version >out &&
	test_grep "^användning" out &&
	LANGUAGE=sv plan help version >out && test_grep "^usage" out &&
	LC_ALL=sv_SE.UTF-8 plan --lang en help version >out && test_grep "^usage" out &&
	plan help version >out && test_grep "^usage" out
'

test_expect_success 'interface_language in records/plan.yaml: Swedish for everyone; --lang overrides' '
	make_ledger il &&
	printf "interface_language: sv\n" >>il/records/plan.yaml &&
	(cd il/records && plan help version >../../out) && test_grep "^användning" out &&
	plan -C il help version >out && test_grep "^användning" out &&
	(cd il && plan --lang en help version >../out) && test_grep "^usage" out &&
	(cd il && plan check --today 2020-01-01 >../out) &&
	test_grep "^0 fel, 0 varningar i 57 filer" out &&
	printf "interface_language: fi\n" >>il/records/plan.yaml &&
	(cd il && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "error\[" out
'

test_expect_success 'every rule'"'"'s finding in Swedish, its rule id kept' '
	make_ledger r &&
	write_event r 2018-02-01 y report I16 >/dev/null &&
	write_event r 2018-02-01 z report I16 "exception: {reason: Planerat tidigare}" >/dev/null &&
	write_event r 2017-12-01 early meeting I26 >/dev/null &&
	f=$(write_event r 2019-04-12 a seminar I14) && mv r/$f r/${f%a.yaml}b.yaml &&
	write_event r 2019-05-12 c seminar I14 >/dev/null &&
	mv r/records/events/2019/05/2019-05-12-c.yaml r/records/events/2019/04/ &&
	write_event r 2019-04-12 x seminar "I14, I99" "responsible: nobody" >/dev/null &&
	sed -i "/^responsible: handlaggare-1$/d" r/records/events/2019/04/2019-04-12-x.yaml &&
	write_event r 2019-03-01 kartlaggning report I18 >/dev/null &&
	write_event r 2019-09-12 later seminar I14 >/dev/null &&
	write_event r 2019-04-13 mote meeting I14 >/dev/null &&
	write_event r 2019-04-14 orig seminar I14 >/dev/null &&
	write_event r 2019-04-14 fix1 seminar I14 "supersedes: 2019-04-14-orig
reason: fel datum" >/dev/null &&
	write_event r 2019-04-14 fix2 seminar I14 "supersedes: 2019-04-14-orig
reason: fel datum igen" >/dev/null &&
	write_event r 2019-04-15 self seminar I14 "supersedes: 2019-04-15-self
reason: x" >/dev/null &&
	write_event r 2019-04-16 dup seminar I14 "kind: workshop" >/dev/null &&
	write_event r 2019-04-17 schema seminar I14 "participants: 2.5
titel: Seminarium
evidence: [{type: url}]" >/dev/null &&
	sed -i "s/^date: 2019-04-17$/date: 2019-04-31/" r/records/events/2019/04/2019-04-17-schema.yaml &&
	sed -i "s/^window_text: .*/window_text: 2018 ungefär/" r/records/activities/A1.1.yaml &&
	sed -i "s/^window_text: .*/window_text: Hösten 2019/" r/records/activities/A1.2.yaml &&
	(cd r && $SV "$PLAN" check --today 2019-06-01 >../out; test $? = 1) &&
	for rule in yaml schema window window-text id ref requires future counts supersedes; do
		test_grep "(fel|varning)\[$rule\]" out || exit 1
	done &&
	test_grep "^[0-9]* fel, [0-9]* varning" out &&
	test_grep "fel\[schema\]: fältet date måste vara ett datum som 2019-04-12, inte 2019-04-31$" out &&
	test_grep "fel\[schema\]: fältet participants måste vara ett heltal, inte 2.5$" out &&
	test_grep "fel\[schema\]: fältet .titel. får inte finnas i posten$" out &&
	test_grep "fel\[schema\]: fältet evidence/0 saknar det obligatoriska fältet .ref.$" out &&
	test_grep "fel\[window-text\]: .2018 ungefär. kan inte läsas som en period: förstår inte \"ungefär\" efter \"2018\"; de former som förstås är ett år" out &&
	test_grep "fel\[window-text\]: tidsfönstret .* stämmer inte med planens ord .Hösten 2019., som betyder 2019-07-01 till 2019-12-31" out &&
	$ENGLISH out &&
	(cd r && plan check --today 2019-06-01 >../out-en; test $? = 1) &&
	test_grep "error\[supersedes\]: an event cannot correct itself" out-en &&
	test_grep "error\[schema\]: /date: is not a valid date: 2019-04-31$" out-en &&
	test_grep "error\[schema\]: .top.: the field .titel. is not allowed here$" out-en &&
	test_grep "error\[window-text\]: .2018 ungefär. cannot be read as a period: did not understand \"ungefär\" after \"2018\"; the forms understood" out-en &&
	test_grep ! "fel\[" out-en &&
	test $(grep -c "\[schema\]" out) = $(grep -c "\[schema\]" out-en) &&
	test $(grep -c "\[window-text\]" out) = 2 &&
	grep "\[\(schema\|window-text\)\]" out | sed "s/^[^]]*\]: //" >findings &&
	test_must_fail grep -F -x -f findings out-en
'

test_expect_success 'plan validate: the schema'"'"'s findings and its own faults in Swedish' '
	printf "type: object\nrequired: 5\nproperties:\n  n: {minimum: x}\n" >bad.schema.yaml &&
	printf "type: object\nproperties:\n  d: {type: string, format: date}\n  t: {type: array, maxItems: 1}\npropertyNames: {pattern: \"^[a-z]+\$\"}\nrequired: [n]\n" >ok.schema.yaml &&
	printf "Abc: 1\nd: 2019-02-30\nt: [1, 2]\n" >y.yaml &&
	test_must_fail --status=2 $SV "$PLAN" validate --schema bad.schema.yaml y.yaml >out 2>&1 &&
	test_must_fail $SV "$PLAN" validate --schema ok.schema.yaml y.yaml >>out 2>&1 &&
	test_grep "fel\[schema\]: .required. måste vara en lista av fältnamn$" out &&
	test_grep "fel\[schema\]: .minimum. måste vara ett tal$" out &&
	test_grep "fel\[schema\]: fältnamnet .Abc. i posten har inte den form som mönstret" out &&
	test_grep "fel\[schema\]: posten saknar det obligatoriska fältet .n.$" out &&
	test_grep "fel\[schema\]: fältet d måste vara ett datum som 2019-04-12, inte 2019-02-30$" out &&
	test_grep "fel\[schema\]: fältet t får ha högst 1 värde$" out &&
	printf "type: object\nproperties:\n  a: {type: string, pattern: \"a{3,1}\"}\n" >re.schema.yaml &&
	test_must_fail --status=2 $SV "$PLAN" validate --schema re.schema.yaml y.yaml >>out 2>&1 &&
	test_grep "reguljärt uttryck: en upprepning {n,m} har m mindre än n$" out &&
	$ENGLISH out &&
	test_must_fail plan validate --schema ok.schema.yaml y.yaml >en &&
	test_grep "error\[schema\]: /t: must have at most 1 item$" en &&
	test_grep "error\[schema\]: .top.: the field name .Abc.: does not match the pattern" en
'

test_expect_success 'the audit and trace caches keep each language apart' '
	make_ledger c &&
	(cd c && git checkout -q -b b && write_event . 2019-04-12 s seminar I14 >/dev/null &&
	 git add -A && as 2 git commit -q -m s && git checkout -q main &&
	 plan approve b >/dev/null && git commit -q --allow-empty -m direct-but-empty &&
	 write_event . 2019-04-13 t seminar I14 >/dev/null && git add -A && git commit -q -m direct &&
	 test_must_fail $SV "$PLAN" audit >../a-sv && test_must_fail plan audit >../a-en &&
	 $SV "$PLAN" trace I14 >../t-sv && plan trace I14 >../t-en) &&
	test_grep "direkt på huvudgrenen" a-sv &&
	test_grep "directly on the main branch" a-en &&
	test_grep "^Huvudlinjen" t-sv && test_grep "^Main line" t-en
'

test_expect_success 'the pre-commit hook refuses in Swedish' '
	make_ledger h &&
	(cd h && plan hooks install >/dev/null) &&
	write_event h 2018-02-01 y report I16 >/dev/null &&
	(cd h && git add -A && ! $SV git commit -q -m x 2>../out) &&
	test_grep "fel\[window\]" out &&
	$ENGLISH out
'

test_expect_success 'the pre-receive hook refuses a push in Swedish, its own last line too' '
	make_ledger w &&
	plan init --bare server.git --from w >/dev/null &&
	(cd w && git remote add origin ../server.git && git fetch -q origin &&
	 write_event . 2019-04-20 direkt seminar I14 >/dev/null &&
	 git add records && git commit -q --no-verify -m "Straight onto main" &&
	 ! $SV git push -q origin main 2>../err) &&
	test_grep "fel\[approval\]: den här incheckningen ändrar records/ direkt på huvudgrenen" err &&
	test_grep "pre-receive: det som skickades vägrades; ingenting ändrades på servern" err &&
	$ENGLISH err
'

test_expect_success 'status, trace, review, approve and audit in Swedish; JSON stays English' '
	make_ledger s &&
	(cd s && git checkout -q -b handlaggare-2/april &&
	 write_event . 2019-04-12 seminarium seminar I14 >/dev/null &&
	 git add -A && as 2 git commit -q -m "Seminarium" &&
	 $SV "$PLAN" review --at 2019-06-01 main..HEAD >../review &&
	 git checkout -q main &&
	 $SV "$PLAN" approve handlaggare-2/april >../approve &&
	 $SV "$PLAN" status --at 2019-06-01 >../status &&
	 $SV "$PLAN" status --at 2019-06-01 --format md >../status.md &&
	 $SV "$PLAN" trace I14 >../trace &&
	 $SV "$PLAN" audit >../audit &&
	 $SV "$PLAN" status --at 2019-06-01 --format json >../sv.json &&
	 plan status --at 2019-06-01 --format json >../en.json) &&
	test_grep "^Granskning av" review &&
	test_grep "^godkände handlaggare-2/april" approve &&
	test_grep "^Liggaren vid incheckning" status &&
	test_grep "(pågår|delvis uppfyllt|ej påbörjat|uppfyllt)" status &&
	test_grep "^    I1   4 per år \(seminarium, workshop\)$" status &&
	test_grep "^Huvudlinjen fram till" trace &&
	test_grep "tillagd" trace &&
	test_grep "räknas i tid för 2019" trace &&
	! grep -q "counts" trace &&
	test_grep "incheckningar på huvudlinjen" audit &&
	$ENGLISH review approve status status.md trace audit &&
	test_cmp en.json sv.json
'

test_expect_success 'kinds in either language, with or without å, ä, ö; menade du; every kind listed' '
	make_ledger k &&
	(cd k &&
	 plan add event --kind mote --date 2019-04-12 --indicator I26 --title "Möte ett" >../out1 &&
	 plan add event --kind MÖTE --date 2019-04-13 --indicator I26 --title "Möte två" >>../out1 &&
	 plan add event --kind Meeting --date 2019-04-14 --indicator I26 --title "Möte tre" >>../out1 &&
	 plan list events --kind mote >../list &&
	 test_must_fail --status=2 $SV "$PLAN" add event --kind seminariu --date 2019-04-12 \
		--indicator I14 --title x 2>../sv-err &&
	 test_must_fail --status=2 plan list events --kind seminarier 2>../en-err &&
	 test_must_fail --status=2 plan list events --kind bok 2>../none-err) &&
	test $(grep -c "^records/events/2019/04/" out1) = 3 &&
	test $(wc -l <list) = 3 &&
	test_grep "kind: meeting" k/records/events/2019/04/2019-04-12-mote-ett.yaml &&
	test_grep "menade du seminarium\? Slagen är: seminar \(seminarium\), " sv-err &&
	test_grep "procurement \(upphandling\)$" sv-err &&
	test_grep "did you mean seminar\? The kinds are: " en-err &&
	test_grep "initiative \(väckt fråga\), procurement \(upphandling\)$" en-err &&
	test_grep ! "did you mean" none-err && test_grep "the kinds are: seminar" none-err
'

test_expect_success 'doc/sv/plan.1 is the Swedish help of every command, and renders cleanly' '
	python3 "$SRC/doc/sv/gen-plan.1.py" "$PLAN" >plan.1 &&
	test_cmp "$SRC/doc/sv/plan.1" plan.1 &&
	groff -man -Tutf8 -ww -z "$SRC/doc/sv/plan.1" 2>err && test ! -s err &&
	groff -man -Tutf8 -P-cbou "$SRC/doc/sv/plan.1" 2>/dev/null >page &&
	test_grep "^KOMMANDON" page && test_grep "användning: plan add event" page &&
	$ENGLISH page
'

test_done
