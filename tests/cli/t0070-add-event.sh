#!/bin/sh
# plan add event: the options path, the interactive path through a real
# pseudo-terminal, refusals that write nothing, unique file names, failed
# writes that leave nothing behind, --commit through the pre-commit hook,
# and values a YAML 1.1 reader would misread.
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2020-01-15
export PLAN_TODAY
DRIVE="$SRC/tests/cli/pty-drive.py"
I15_FILE=records/events/2019/04/2019-04-12-anbudsskola-om-upphandling-med-social-hansyn.yaml

# Every path under a folder but .git, to show that nothing was left behind.
snapshot() {
	(cd "$1" && find . -path ./.git -prune -o -print | LC_ALL=C sort)
}

test_expect_success 'options: the event is written where it belongs and passes plan check' '
	make_ledger flags &&
	(cd flags && plan add event --date 2019-04-12 --kind training --indicator I15 \
		--title "Anbudsskola om upphandling med social hänsyn" --participants 14 \
		--evidence "diarienummer:RUN 19/00123" >../out 2>../err) &&
	echo "$I15_FILE" >expect &&
	test_cmp expect out &&
	test ! -s err &&
	cat >expect <<-\EOF &&
	# yaml-language-server: $schema=../../../../schemas/event.schema.yaml
	id: 2019-04-12-anbudsskola-om-upphandling-med-social-hansyn
	date: 2019-04-12
	kind: training
	title: Anbudsskola om upphandling med social hänsyn
	indicators: [I15]
	responsible: handlaggare-1
	participants: 14
	evidence:
	  - type: diarienummer
	    ref: RUN 19/00123
	EOF
	test_cmp expect "flags/$I15_FILE" &&
	(cd flags && plan check >../out) &&
	test_grep "^0 errors, 0 warnings in 58 files" out
'

test_expect_success 'options: ids in any case, kinds by their Swedish name, every optional field' '
	make_ledger opt &&
	(cd opt/records && plan add event --date 2019-05-02 --kind seminarium \
		--indicator i14,19 --indicator I14 --title "Seminarium om social hänsyn" \
		--responsible handlaggare-2 --evidence "protokoll: §12" --evidence url:https://example.org/x \
		--note "Första raden
andra raden" >../../out) &&
	f=opt/$(cat out) &&
	test_grep "^kind: seminar$" "$f" &&
	test_grep "^indicators: \[I14, I19\]$" "$f" &&
	test_grep "^responsible: handlaggare-2$" "$f" &&
	test_grep "^    ref: https://example.org/x$" "$f" &&
	test_grep "^note: \|-$" "$f" &&
	test_grep "^  andra raden$" "$f" &&
	(cd opt && plan add event --date 2019-05-03 --kind seminar --indicator I14 \
		--title "Seminarium om social hänsyn (rättat)" \
		--supersedes 2019-05-02-seminarium-om-social-hansyn --reason "Fel datum" >../out) &&
	test_grep "^supersedes: 2019-05-02-seminarium-om-social-hansyn$" opt/$(cat out) &&
	(cd opt && plan check >../out) && test_grep "^0 errors, 0 warnings" out
'

test_expect_success 'options: an exception turns a window error into a warning, and it is written' '
	make_ledger exc &&
	(cd exc && plan add event --date 2018-02-01 --kind report --indicator I16 --title Tidig \
		--exception "Planerat tidigare" >../out 2>../err) &&
	test_grep "2018-02-01-tidig.yaml:6:14: warning\[window\]: .*exception: Planerat tidigare" err &&
	test_grep "^  reason: Planerat tidigare$" exc/$(cat out)
'

test_expect_success 'a warning (a kind the indicator does not count) is shown; the event is written' '
	make_ledger warn &&
	(cd warn && plan add event --date 2019-04-12 --kind workshop --indicator I15 \
		--title Verkstad >../out 2>../err) &&
	test_grep "^records/events/2019/04/2019-04-12-verkstad.yaml:6:14: warning\[counts\]: a workshop does not count toward I15" err &&
	test -f warn/records/events/2019/04/2019-04-12-verkstad.yaml
'

test_expect_success '--dry-run prints the record and its path and writes nothing' '
	make_ledger dry &&
	snapshot dry >before &&
	(cd dry && plan add event --dry-run --date 2019-04-12 --kind training --indicator I15 \
		--title "Anbudsskola om upphandling med social hänsyn" >../out 2>../err) &&
	test_grep "^id: 2019-04-12-anbudsskola-om-upphandling-med-social-hansyn$" out &&
	head -n 1 out | grep -q "^# yaml-language-server" &&
	test_grep "would write $I15_FILE \(a dry run: nothing was written\)" err &&
	snapshot dry >after &&
	test_cmp before after
'

test_expect_success 'a refused event writes nothing and says why, compiler-style' '
	make_ledger bad &&
	snapshot bad >before &&
	(cd bad && test_must_fail plan add event --date 2019-04-12 --kind training \
		--indicator I99 --title "Fel indikator" >../out 2>../err) &&
	test ! -s out &&
	test_grep "^records/events/2019/04/2019-04-12-fel-indikator.yaml:6:14: error\[ref\]: there is no indicator .I99. in this plan" err &&
	test_grep "nothing was written" err &&
	snapshot bad >after &&
	test_cmp before after
'

test_expect_success 'every rule refuses through the same check, and the folder stays as it was' '
	make_ledger rules && strict rules I18 &&
	snapshot rules >before &&
	cd rules &&
	test_must_fail plan add event --date 2020-01-16 --kind seminar --indicator I14 --title Framtid 2>../err &&
	test_grep "error\[future\]: this event is dated 2020-01-16, after today \(2020-01-15\)" ../err &&
	test_must_fail plan add event --date 2018-02-01 --kind report --indicator I16 --title Tidig 2>../err &&
	test_grep "error\[window\]: I16 belongs to activity A2.5" ../err &&
	test_must_fail --status=2 plan add event --date 2019-04-12 --kind fest --indicator I14 --title Fest 2>../err &&
	test_grep "there is no kind of event .fest.; the kinds are: seminar \(seminarium\), " ../err &&
	test_must_fail plan add event --date 2019-04-12 --kind seminar --indicator I14 --title Rättelse \
		--supersedes 2019-01-01-finns-inte --reason "Fel" 2>../err &&
	test_grep "error\[ref\]: this event corrects .2019-01-01-finns-inte." ../err &&
	test_must_fail plan add event --date 2019-04-12 --kind seminar --indicator I14 --title Skäl \
		--reason "Utan supersedes" 2>../err &&
	test_grep "error\[schema\]" ../err &&
	test_must_fail plan add event --date 2019-03-01 --kind report --indicator I18 --title Kartlaggning 2>../err &&
	test_grep "error\[requires\]: I18 counts only once I17 is met" ../err &&
	test_must_fail plan add event --date 2019-04-12 --kind seminar --indicator I14 --title " kant " 2>../err &&
	test_grep "error\[schema\]: /title" ../err &&
	test_must_fail plan add event --date 2019-04-12 --kind seminar --indicator I14 --title x \
		--responsible anna 2>../err &&
	test_grep "error\[ref\]: .anna. is not a person" ../err &&
	cd .. &&
	snapshot rules >after &&
	test_cmp before after
'

test_expect_success 'the same title on the same day gets a file of its own, -2, -3' '
	make_ledger same &&
	cd same &&
	plan add event --date 2019-04-12 --kind training --indicator I15 --title "Anbudsskola" >../out1 &&
	plan add event --date 2019-04-12 --kind training --indicator I15 --title "Anbudsskola" >../out2 &&
	plan add event --date 2019-04-12 --kind training --indicator I15 --title "ANBUDSSKOLA!" >../out3 &&
	cd .. &&
	printf "%s\n" records/events/2019/04/2019-04-12-anbudsskola.yaml \
		records/events/2019/04/2019-04-12-anbudsskola-2.yaml \
		records/events/2019/04/2019-04-12-anbudsskola-3.yaml >expect &&
	cat out1 out2 out3 >out &&
	test_cmp expect out &&
	test_grep "^id: 2019-04-12-anbudsskola-3$" same/records/events/2019/04/2019-04-12-anbudsskola-3.yaml &&
	(cd same && plan check >../out) && test_grep "^0 errors" out
'

test_expect_success 'a file that is no event at the chosen name is never overwritten' '
	make_ledger clash &&
	mkdir -p clash/records/events/2019/04 &&
	printf "not: a record\n" >clash/records/events/2019/04/2019-04-12-krock.yaml &&
	cp clash/records/events/2019/04/2019-04-12-krock.yaml kept &&
	(cd clash && plan add event --date 2019-04-12 --kind training --indicator I15 --title Krock >../out) &&
	echo records/events/2019/04/2019-04-12-krock-2.yaml >expect &&
	test_cmp expect out &&
	test_cmp kept clash/records/events/2019/04/2019-04-12-krock.yaml
'

test_expect_success 'an id used by an event in another folder is not taken again' '
	make_ledger elsewhere &&
	mkdir -p elsewhere/records/events/2019/05 &&
	write_event elsewhere 2019-04-12 flytt training I15 >/dev/null &&
	mv elsewhere/records/events/2019/04/2019-04-12-flytt.yaml elsewhere/records/events/2019/05/ &&
	(cd elsewhere && plan add event --date 2019-04-12 --kind training --indicator I15 --title Flytt >../out) &&
	echo records/events/2019/04/2019-04-12-flytt-2.yaml >expect &&
	test_cmp expect out
'

test_expect_success 'without a terminal, missing options are named and nothing is asked' '
	make_ledger notty &&
	(cd notty && test_must_fail --status=2 timeout 10 "$PLAN" add event --title x </dev/null 2>../err) &&
	test_grep "plan add event: --kind and --indicator are missing" err &&
	(cd notty && GIT_AUTHOR_EMAIL=okand@example.org test_must_fail --status=2 timeout 10 \
		"$PLAN" add event --kind seminar --indicator I14 --title x </dev/null 2>../err) &&
	test_grep "--responsible is missing .*No one in records/people.yaml has the e-mail address okand@example.org" err &&
	(cd notty && test_must_fail --status=2 timeout 10 "$PLAN" add event --format json </dev/null 2>../err) &&
	test_grep "--kind, --indicator and --title are missing" err
'

test_expect_success 'bad options are usage errors (exit 2) and write nothing' '
	make_ledger usage &&
	snapshot usage >before &&
	cd usage &&
	test_must_fail --status=2 plan add event --date 2019-13-01 --kind seminar --indicator I14 --title x 2>../err &&
	test_grep "--date needs a date written YYYY-MM-DD" ../err &&
	test_must_fail --status=2 plan add event --participants många --kind seminar --indicator I14 --title x 2>../err &&
	test_grep "--participants needs a whole number" ../err &&
	test_must_fail --status=2 plan add event --evidence "utan kolon" --kind seminar --indicator I14 --title x 2>../err &&
	test_grep "TYPE:REFERENCE" ../err &&
	test_must_fail --status=2 plan add event --title "$(printf "Latin-1 \344")" --kind seminar --indicator I14 2>../err &&
	test_grep "the --title is not UTF-8 text" ../err &&
	test_must_fail --status=2 plan add 2>../err &&
	test_grep "say what to add" ../err &&
	test_must_fail --status=2 plan add goal 2>../err &&
	test_grep "only events are added" ../err &&
	plan add event --help >../out && test_grep "^usage: plan add event" ../out &&
	cd .. &&
	rm -rf nogit && mkdir nogit && cp -R usage/records usage/schemas nogit/ &&
	(cd nogit && test_must_fail --status=2 plan add event --commit --date 2019-04-12 \
		--kind seminar --indicator I14 --title x --responsible handlaggare-1 2>../err) &&
	test_grep "--commit needs a Git repository" err &&
	snapshot usage >after &&
	test_cmp before after
'

test_expect_success 'json: the path, the record and the findings' '
	make_ledger json &&
	(cd json && plan add event --format json --date 2019-04-12 --kind workshop --indicator I15 \
		--title Verkstad >../out.json) &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert d[\"written\"] and d[\"path\"].endswith(\"2019-04-12-verkstad.yaml\") and d[\"warnings\"]==1 and d[\"findings\"][0][\"rule\"]==\"counts\", d" &&
	(cd json && test_must_fail plan add event --format json --date 2019-04-12 --kind seminar \
		--indicator I99 --title Fel >../out.json) &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert not d[\"written\"] and d[\"errors\"]==1, d"
'

# Writing where writing fails: a read-only month folder (as an ordinary
# user, since root may write anywhere) and, where a tmpfs can be mounted,
# a full disk.
as_user=
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		as_user="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
	else
		say "skipped: read-only folder (running as root without setpriv to drop to nobody)"
	fi
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
	test_expect_success 'a read-only month folder: nothing written, no temporary file left' '
		make_ledger ro &&
		mkdir -p ro/records/events/2019/04 &&
		chmod 755 "$TRASH" &&
		if [ -n "$as_user" ]; then chown -R nobody ro; fi &&
		chmod a-w ro/records/events/2019/04 &&
		snapshot ro >before &&
		(cd ro && test_must_fail --status=2 $as_user "$PLAN" add event --date 2019-04-12 \
			--kind training --indicator I15 --title Anbudsskola \
			--responsible handlaggare-1 >../out 2>../err) &&
		chmod u+w ro/records/events/2019/04 &&
		test_grep "nothing was written: cannot write .*2019-04-12-anbudsskola.yaml: Permission denied" err &&
		test ! -s out &&
		snapshot ro >after &&
		test_cmp before after
	'
fi

mkdir -p "$TRASH/probe"
if command -v unshare >/dev/null 2>&1 &&
	unshare -m sh -c "mount -t tmpfs -o size=4k tmpfs '$TRASH/probe'" 2>/dev/null; then
	test_expect_success 'a full disk: nothing written, no partial or temporary file left' '
		make_ledger full &&
		m=full/records/events/2019/04 &&
		mkdir -p $m &&
		unshare -m sh -c "mount -t tmpfs -o size=4k tmpfs $m &&
			head -c 4096 /dev/zero >$m/.fill;
			cd full && \"$PLAN\" add event --date 2019-04-12 --kind training \
				--indicator I15 --title Anbudsskola >../out 2>../err;
			echo \$? >../status; ls -A ../$m >../left" &&
		echo 2 >expect && test_cmp expect status &&
		test_grep "nothing was written: cannot write .*2019-04-12-anbudsskola.yaml: No space left on device" err &&
		echo .fill >expect && test_cmp expect left &&
		test ! -s out
	'
else
	say "skipped: full disk (cannot mount a small tmpfs here)"
fi

test_expect_success '--commit: a commit the hook passed, that passes plan check --range' '
	make_ledger com &&
	cd com &&
	plan hooks install >/dev/null &&
	echo other >other.txt && git add other.txt &&
	f=records/events/2019/04/2019-04-12-seminarium-om-upphandling-med-social-hansyn.yaml &&
	plan add event --commit --date 2019-04-12 --kind seminar --indicator I14,I19 \
		--title "Seminarium om upphandling med social hänsyn" >../out 2>../err &&
	echo "$f" >../expect && test_cmp ../expect ../out &&
	test_grep ! "error" ../err &&
	git log -1 --format=%s >../subject &&
	echo "Record 2019-04-12-seminarium-om-upphandling-med-social-hansyn (I14, I19)" >../expect &&
	test_cmp ../expect ../subject &&
	git log -1 --format=%b | grep -q "^Seminarium om upphandling med social hänsyn$" &&
	git show --name-only --format= HEAD | grep -v "^$" >../files &&
	echo "$f" >../expect && test_cmp ../expect ../files &&
	git diff --cached --name-only >../staged &&
	echo other.txt >../expect && test_cmp ../expect ../staged &&
	plan check --range HEAD~1..HEAD
'

test_expect_success '--commit refused by the hook: the file stays written and staged, and it says how to go on' '
	cd com &&
	git reset -q other.txt &&
	printf "#!/bin/sh\necho refused by a test hook >&2\nexit 1\n" >.git/hooks/pre-commit &&
	before=$(git rev-parse HEAD) &&
	test_must_fail --status=2 plan add event --commit --date 2019-04-13 --kind training \
		--indicator I15 --title "Anbudsskola igen" >../out 2>../err &&
	test "$(git rev-parse HEAD)" = "$before" &&
	f=records/events/2019/04/2019-04-13-anbudsskola-igen.yaml &&
	test -f "$f" &&
	git diff --cached --name-only >../staged && echo "$f" >../expect && test_cmp ../expect ../staged &&
	test_grep "refused by a test hook" ../err &&
	test_grep "is written and staged, but the commit failed.*git commit -- $f.*git rm --cached -- $f" ../err
'

# Values that a YAML 1.1 reader (PyYAML) would misread, unquoted, read back
# exactly as given, as titles and as notes.
cat >roundtrip.py <<'EOF'
import subprocess, sys, yaml
titles = ["no", "No", "yes", "on", "off", "y", "n", "~", "null", "true", "False", "010",
          "0x1F", "0o17", "1e3", ".5", "1.2.3", "1:30", "190:20:30", ".inf", "-.Inf", ".NaN",
          "2019-04-12", "2019-04-12 10:00", "- item", "? q", ": c", "[a]", "{b}", "#tag",
          "&a", "*b", "!t", "|p", ">f", "'s'", '"d"', "%p", "@a", "`b`", "a: b", "a #b",
          "Möte: budget", "Att göra:", "=", "<<", "bom\ufeffx",
          "a\\b", "ÅÄÖ åäö", "C#", "50%", "https://example.org/a?b=c#d"]
notes = titles + [" a", "a ", "  indrag  ", "\u00a0a", "två\nrader", "slut\n", "tom\n\n",
                  "\nförst tom", " indragen\nförsta", "a\n   \nb", "tab\there"]
# Characters a screen acts on or hides are refused, in a title or a note;
# so is a tab in a title, which is one line.
refused = [("nel\x85x", "U+0085"), ("rlo\u202eevil", "U+202E"), ("ctrl\x01\x1b", "U+0001"),
           ("\x7f", "U+007F"), ("esc\x1b[2Kx", "U+001B"), ("lrm\u200ex", "U+200E")]
plan = sys.argv[1]
bad = 0
for i, note in enumerate(notes):
    title = titles[i % len(titles)]
    r = subprocess.run([plan, "add", "event", "--date", "2019-04-12", "--kind", "training",
                        "--indicator", "I15", "--title", title, "--note", note],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("refused: %r %r: %s" % (title, note, r.stderr)); bad += 1; continue
    d = yaml.safe_load(open(r.stdout.strip(), encoding="utf-8"))
    if d["title"] != title or d["note"] != note:
        print("misread: %r %r as %r %r" % (title, note, d["title"], d["note"])); bad += 1
for value, code in refused + [("tab\there", "pattern")]:
    for args in (["--title", value], ["--title", "x", "--note", value]):
        if code == "pattern" and args[0] == "--title" and args[1] == "x":
            continue
        r = subprocess.run([plan, "add", "event", "--date", "2019-04-12", "--kind", "training",
                            "--indicator", "I15"] + args, capture_output=True, text=True)
        if r.returncode == 0 or code not in r.stderr + r.stdout:
            print("not refused with %s: %r" % (code, args)); bad += 1
print("%d values, %d bad" % (len(notes), bad))
sys.exit(1 if bad else 0)
EOF
if python3 -c "import yaml" 2>/dev/null; then
	test_expect_success 'values a YAML 1.1 reader would misread are quoted and read back exactly' '
		make_ledger yaml11 &&
		(cd yaml11 && python3 ../roundtrip.py "$PLAN") &&
		(cd yaml11 && plan check >../out) && test_grep "^0 errors, 0 warnings" out
	'
else
	say "skipped: YAML 1.1 round trip (python3 with PyYAML is not installed)"
fi

if command -v python3 >/dev/null 2>&1; then
	test_expect_success 'at a terminal: asks, re-asks with the reason, previews, writes' '
		make_ledger tty &&
		cd tty &&
		PLAN_TODAY=2019-04-20 python3 "$DRIVE" ../transcript "$PLAN" add event <<-\EOF &&
		expect Date of the event \(YYYY-MM-DD\) \[2019-04-20\]:
		send 2019-13-01
		expect .2019-13-01. is not a date; write it as YYYY-MM-DD
		send 2019-05-01
		expect 2019-05-01 is after today \(2019-04-20\)
		send 2019-04-12
		expect Responsible \(a person id\) \[handlaggare-1\]:
		send
		expect I15 +En anbudsskola om upphandling
		expect Indicators, separated by commas
		send I99
		expect there is no indicator .I99. in this plan
		send I16
		expect I16 belongs to activity A2.5, which runs 2019-07-01 to 2019-12-31, not on 2019-04-12
		send 15
		expect 1 +training +utbildning / training
		expect Kind \(its name or number\) \[training\]:
		send
		expect Title
		send Anbudsskola: "no" #2
		expect Number of participants
		send många
		expect write a whole number
		send 14
		expect Evidence as TYPE:REFERENCE
		send diarienummer:RUN 19/00123
		expect Evidence as TYPE:REFERENCE
		send
		expect The event, to be written to records/events/2019/04/2019-04-12-anbudsskola-no-2.yaml:
		expect Write it\? \[Y/n\]:
		send
		expect Written to records/events/2019/04/2019-04-12-anbudsskola-no-2.yaml
		EOF
		f=records/events/2019/04/2019-04-12-anbudsskola-no-2.yaml &&
		test_grep "^title: \"Anbudsskola: \\\\\"no\\\\\" #2\"$" $f &&
		test_grep "^participants: 14$" $f &&
		test_grep "^    ref: RUN 19/00123$" $f &&
		test_grep "^responsible: handlaggare-1$" $f &&
		PLAN_TODAY=2019-04-20 plan check >../out && test_grep "^0 errors" ../out
	'

	test_expect_success 'at a terminal: only what the options leave out is asked' '
		make_ledger part &&
		cd part &&
		python3 "$DRIVE" ../transcript "$PLAN" add event --date 2019-04-12 --indicator I15 \
			--kind training --responsible handlaggare-2 --participants 3 <<-\EOF &&
		expect Title
		send Anbudsskola
		expect Evidence
		send
		expect Write it
		send ja
		expect Written to
		EOF
		test_grep ! "Date of the event|Responsible|Indicators,|Kind|Number of participants" ../transcript &&
		test_grep "^responsible: handlaggare-2$" records/events/2019/04/2019-04-12-anbudsskola.yaml
	'

	test_expect_success 'at a terminal: Ctrl-D and "n" cancel and write nothing' '
		make_ledger cancel &&
		snapshot cancel >before &&
		(cd cancel && test_must_fail python3 "$DRIVE" ../transcript "$PLAN" add event \
			--date 2019-04-12 <<-\EOF) &&
		expect Responsible
		send
		expect Indicators, separated
		send I15
		expect Kind
		send
		expect Title
		eof
		expect Cancelled; nothing was written.
		EOF
		(cd cancel && test_must_fail python3 "$DRIVE" ../transcript "$PLAN" add event \
			--date 2019-04-12 --indicator I15 --kind training <<-\EOF) &&
		expect Responsible
		send
		expect Title
		send Anbudsskola
		expect Number of participants
		send
		expect Evidence
		send
		expect Write it
		send kanske
		expect answer y \(yes\) or n \(no\)
		send n
		expect Nothing was written.
		EOF
		snapshot cancel >after &&
		test_cmp before after
	'

	test_expect_success 'at a terminal: an event the rules refuse is shown and not written' '
		make_ledger refuse && strict refuse I18 &&
		snapshot refuse >before &&
		(cd refuse && test_must_fail python3 "$DRIVE" ../transcript "$PLAN" add event \
			--date 2019-03-01 --indicator I18 --kind report --responsible handlaggare-1 <<-\EOF) &&
		expect Title
		send Kartläggning
		expect Number of participants
		send
		expect Evidence
		send
		expect error\[requires\]: I18 counts only once I17 is met
		expect That is in your answer for .indicators.; give it again
		expect Indicators, separated by commas
		eof
		expect Cancelled; nothing was written.
		EOF
		test_grep ! "Write it" transcript &&
		snapshot refuse >after &&
		test_cmp before after
	'

	test_expect_success 'at a terminal with --dry-run: the preview, no question, nothing written' '
		make_ledger drytty &&
		snapshot drytty >before &&
		(cd drytty && python3 "$DRIVE" ../transcript "$PLAN" add event --dry-run \
			--date 2019-04-12 --indicator I15 --kind training --responsible handlaggare-1 <<-\EOF) &&
		expect Title
		send Anbudsskola
		expect Number of participants
		send
		expect Evidence
		send
		expect title: Anbudsskola
		expect A dry run: nothing was written.
		EOF
		test_grep ! "Write it" transcript &&
		snapshot drytty >after &&
		test_cmp before after
	'

	test_expect_success 'at a terminal, in Swedish when the language is Swedish' '
		make_ledger sv &&
		(cd sv && LC_ALL=sv_SE.UTF-8 python3 "$DRIVE" ../transcript "$PLAN" add event \
			--indicator I15 --kind training <<-\EOF) &&
		expect Datum för händelsen \(ÅÅÅÅ-MM-DD\) \[2020-01-15\]:
		send idag
		expect Ansvarig
		send
		expect Rubrik
		send Anbudsskola
		expect Antal deltagare
		send
		expect Underlag som TYP:REFERENS
		send
		expect Skriva den\? \[J/n\]:
		send j
		expect Skrevs till records/events/2020/01/2020-01-15-anbudsskola.yaml
		EOF
		test -f sv/records/events/2020/01/2020-01-15-anbudsskola.yaml
	'
else
	say "skipped: the terminal tests (python3 is not installed)"
fi

test_expect_success 'plan list: indicators on a day, the kinds an indicator counts, people, commands' '
	make_ledger list &&
	cd list &&
	plan list indicators --date 2019-04-12 >../out &&
	test_grep "^I15	En anbudsskola" ../out &&
	test_grep ! "^I16	" ../out &&
	plan list indicators >../out && test "$(wc -l <../out)" -eq 33 &&
	plan list kinds --indicator I15 >../out &&
	printf "training\ttraining\n" >../expect && test_cmp ../expect ../out &&
	LC_ALL=sv_SE.UTF-8 plan list kinds --indicator I14,I26 >../out &&
	printf "seminar\tseminarium\nmeeting\tmöte\n" >../expect && test_cmp ../expect ../out &&
	plan list people >../out && test_grep "^handlaggare-2	Handläggare Två$" ../out &&
	plan list commands >../out && test_grep "^add	" ../out &&
	plan list --format json kinds >../out.json &&
	python3 -c "import json; d=json.load(open(\"../out.json\")); assert len(d[\"kinds\"])==13, d" &&
	test_must_fail --status=2 plan list goals 2>../err &&
	test_grep "say what to list" ../err
'

# A kill -9 at the worst moment, as strace can give it: the new file written
# in full, just before it is linked into place. The temporary file is in
# $GIT_DIR/plan/tmp, so nothing is left under records/ to fail a later check.
test_expect_success 'a plan add event killed before its file is in place leaves nothing in records/' '
	if ! command -v strace >/dev/null 2>&1 || ! strace -o /dev/null true 2>/dev/null; then
		say "# skipped: strace cannot run here"
		return 0
	fi &&
	make_ledger killed &&
	(cd killed && strace -f -o /dev/null -e trace=link -e inject=link:signal=SIGKILL \
		"$PLAN" add event --date 2019-04-12 --kind training --indicator I15 --title Avbruten \
		>../out 2>../err; test $? -ne 0) &&
	test -z "$(cd killed && git status --porcelain --untracked-files=all -- records)" &&
	test "$(ls killed/.git/plan/tmp | wc -l)" -eq 1 &&
	(cd killed && plan check --today 2020-01-01 >../out) &&
	test_grep "^0 errors, 0 warnings in 57 files" out &&
	: "the next add sweeps what is over a day old, and only that" &&
	touch -d "2 days ago" killed/.git/plan/tmp/* &&
	: >killed/.git/plan/tmp/fresh &&
	(cd killed && plan add event --date 2019-04-13 --kind training --indicator I15 \
		--title Nästa >/dev/null) &&
	test "$(ls killed/.git/plan/tmp)" = fresh
'

test_done
