#!/bin/sh
# Hostile records: a file within every limit that once cost minutes and
# gigabytes must be judged in well under a second, its findings capped, and
# whatever is shown must be what is stored. Times here are generous bounds
# (timeout) so a slow machine passes; the measured numbers are in the log.
. "$(dirname "$0")/lib.sh"

# dup_event DIR N: an event listing I14 N times, in one flow sequence.
dup_event() {
	mkdir -p "$1/records/events/2019/04"
	python3 - "$1/records/events/2019/04/2019-04-12-dup.yaml" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("# yaml-language-server: $schema=../../../../schemas/event.schema.yaml\n"
            "id: 2019-04-12-dup\ndate: 2019-04-12\nkind: seminar\ntitle: x\n"
            "responsible: handlaggare-1\nindicators: [" + ", ".join(["I14"] * int(sys.argv[2])) + "]\n")
PY
}

# timed OUT COMMAND...: runs COMMAND with a 20 s limit, its output in OUT;
# with /usr/bin/time, its peak memory in kilobytes goes to OUT.kb.
timed() {
	o=$1
	shift
	if [ -x /usr/bin/time ]; then
		timeout 20 /usr/bin/time -f "%M %e" -o "$o.time" "$@" >"$o" 2>"$o.err"
		st=$?
		say "# $* : $(cat "$o.time" 2>/dev/null) (kB, s)" >&2
		sed -n '$s/ .*//p' "$o.time" >"$o.kb"
	else
		timeout 20 "$@" >"$o" 2>"$o.err"
		st=$?
		echo 0 >"$o.kb"
	fi
	return $st
}

test_expect_success 'an event listing I14 9,000 times: one finding for it, capped, fast, small' '
	make_ledger d9 &&
	dup_event d9 9000 &&
	(cd d9 && timed ../out "$PLAN" check --today 2020-01-01; test $? -eq 1) &&
	test_grep "error\[ref\]: I14 is listed 9000 times; list each indicator once" out &&
	test_grep "2019-04-12-dup.yaml: \.\.\. and 8980 more findings in this file not shown" out &&
	test_grep "^9000 errors, 0 warnings in 58 files" out &&
	test "$(wc -l <out)" -le 23 &&
	test "$(cat out.kb)" -lt 200000
'

test_expect_success 'an indicator listed twice is one finding, at its second listing' '
	make_ledger d2 &&
	f=$(write_event d2 2019-04-12 two seminar "I14, I13, I14") &&
	(cd d2 && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^$f:6:24: error\[ref\]: I14 is listed twice; list each indicator once" out &&
	test "$(grep -c "error\[ref\]" out)" -eq 1
'

test_expect_success 'the cap on findings per run: a line says how many more' '
	make_ledger many &&
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
		for d in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28; do
			mkdir -p many/records/events/2019/$m &&
			printf "# yaml-language-server: \$schema=../../../../schemas/event.schema.yaml\nid: 2019-$m-$d-x\ndate: 2019-$m-$d\nkind: seminar\ntitle: x\nindicators: [I99]\nresponsible: nobody\n" \
				>many/records/events/2019/$m/2019-$m-$d-x.yaml || return 1
		done
	done &&
	(cd many && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^\.\.\. and [0-9]+ more findings not shown; correct the ones above" out &&
	test "$(grep -c "error\[" out)" -eq 500 &&
	test_grep "^[0-9]+ errors, 0 warnings in" out
'

test_expect_success 'check --range: 3,000 duplicates over four commits, fast, small' '
	make_ledger r3 &&
	(cd r3 && git checkout -q -b dup) &&
	dup_event r3 3000 &&
	(cd r3 && git add -A && git commit -qm dup &&
	 for i in 1 2 3; do
		sed -i "s/\[/[I13, /" records/events/2019/04/2019-04-12-dup.yaml &&
		git commit -qam "again $i" || return 1
	 done &&
	 PLAN_NO_CACHE=1 timed ../out "$PLAN" check --range main..dup; test $? -eq 1) &&
	test_grep "I14 is listed 3000 times" out &&
	test_grep "^4 commits checked" out &&
	test "$(wc -l <out)" -le 100 &&
	test "$(cat out.kb)" -lt 200000
'

test_expect_success 'a pattern that backtracks on a 64 KiB value ends at once, with a finding' '
	printf "type: object\nproperties:\n  t: {type: string, pattern: \"(a|b)*[cd]\"}\n" >slow.schema.yaml &&
	python3 -c "print(\"t: \" + \"a\" * 65000 + \"!\")" >slow.yaml &&
	timed out "$PLAN" validate --schema slow.schema.yaml slow.yaml; test $? -eq 1 &&
	test_grep "^slow.yaml:1:4: error\[schema\]: /t: could not be checked against the pattern \(a\|b\)\*\[cd\] \(matching takes too long\)" out &&
	printf "t: %s\n" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab >fine.yaml &&
	test_must_fail plan validate --schema slow.schema.yaml fine.yaml >out &&
	test_grep "does not match the pattern" out &&
	printf "t: %s\n" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac >good.yaml &&
	plan validate --schema slow.schema.yaml good.yaml
'

test_expect_success 'a value just over the limit is measured in bytes, not rounded to the limit' '
	python3 -c "print(\"t: \" + \"a\" * 4097)" >v4097.yaml &&
	test_must_fail plan lint-yaml v4097.yaml >out &&
	test_grep "^v4097.yaml:1:4: error\[yaml\]: this value is 4097 bytes long; a value may be at most 4096 bytes$" out &&
	python3 -c "print(\"t: \" + \"a\" * 6000)" >v6000.yaml &&
	test_must_fail plan lint-yaml v6000.yaml >out &&
	test_grep "this value is 5.9 KiB long; a value may be at most 4.0 KiB$" out
'

test_expect_success 'a hidden file under records/ is checked, in the work tree and at a push' '
	make_ledger h &&
	f=$(write_event h 2019-04-12 dold seminar I99) &&
	mv h/$f h/records/events/2019/04/.x.yaml &&
	printf "big: file\n" >h/records/.hidden.yaml &&
	(cd h && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^records/events/2019/04/.x.yaml: error\[file\]: this file is not where any record belongs" out &&
	test_grep "^records/.hidden.yaml: error\[file\]: this file is not where any record belongs" out &&
	(cd h && git checkout -q -b dold && git add -A && git commit -qm dold &&
	 test_must_fail plan check --range main..dold >../out) &&
	test_grep ":records/.hidden.yaml: error\[file\]: this file is not where any record belongs" out
'

test_expect_success 'a named pipe under records/ is a finding, never read (no hang)' '
	make_ledger fifo &&
	mkdir -p fifo/records/events/2019/04 &&
	mkfifo fifo/records/events/2019/04/2019-04-12-p.yaml fifo/schemas/x.schema.yaml &&
	(cd fifo && timeout 20 "$PLAN" check --today 2020-01-01 >../out; test $? -eq 1) &&
	test_grep "^records/events/2019/04/2019-04-12-p.yaml: error\[file\]: this is not an ordinary file \(a named pipe, a device or a socket\), so it is not read" out &&
	test_grep "^schemas/x.schema.yaml: error\[file\]: this is not an ordinary file" out
'

test_expect_success 'symbolic links in records/ and schemas/ are findings; a records link is refused' '
	make_ledger sl &&
	ln -s ../../etc/passwd sl/records/goals/M9.yaml &&
	ln -s common.schema.yaml sl/schemas/other.schema.yaml &&
	(cd sl && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^records/goals/M9.yaml: error\[file\]: this is a symbolic link; everything under records/ must be an ordinary file" out &&
	test_grep "^schemas/other.schema.yaml: error\[file\]: this is a symbolic link; everything under schemas/" out &&
	make_ledger outside &&
	write_event outside 2019-04-12 ute seminar I99 >/dev/null &&
	make_ledger inside &&
	(cd inside && rm -rf records && ln -s ../outside/records records &&
	 test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "^records: error\[file\]: this is a symbolic link" out &&
	test_grep ! "I99" out &&
	(cd inside && git add -A && test_must_fail plan check --staged >../out) &&
	test_grep "^records: error\[file\]: this is a symbolic link" out &&
	(cd inside && git checkout -q -b lank && git commit -qm lank --no-verify &&
	 test_must_fail plan check --range main..lank >../out) &&
	test_grep ":records: error\[file\]: this is a symbolic link" out
'

# ctl_event DIR SLUG TITLE: an event whose title is written as given (YAML).
ctl_event() {
	mkdir -p "$1/records/events/2019/04"
	printf "id: 2019-04-12-%s\ndate: 2019-04-12\nkind: seminar\ntitle: %s\nindicators: [I14]\nresponsible: handlaggare-1\n" \
		"$2" "$3" >"$1/records/events/2019/04/2019-04-12-$2.yaml"
}

test_expect_success 'escaped control characters in a value are findings: check, --staged, a push' '
	make_ledger ctl &&
	ctl_event ctl esc "\"ok\\e[2K\\e[1GFAKE\\0hidden\"" &&
	ctl_event ctl nul "\"a\\0b\"" &&
	ctl_event ctl hex "\"a\\x1bb\"" &&
	ctl_event ctl rlo "\"a\\u202eb\"" &&
	ctl_event ctl cr "\"a\\rb\"" &&
	ctl_event ctl nel "\"a\\Nb\"" &&
	ctl_event ctl ls "\"a\\Lb\"" &&
	(cd ctl && test_must_fail plan check --today 2020-01-01 >../out) &&
	e=records/events/2019/04/2019-04-12 &&
	test_grep "^$e-esc.yaml:4:8: error\[yaml\]: this value contains the control character U\+001B \(ESC, written .e or .x1b\), which a screen acts on instead of showing" out &&
	test_grep "^$e-nul.yaml:4:8: error\[yaml\]: this value contains a NUL character" out &&
	test_grep "^$e-hex.yaml:4:8: error\[yaml\]: this value contains the control character U\+001B" out &&
	test_grep "^$e-rlo.yaml:4:8: error\[yaml\]: this value contains the invisible character U\+202E, which changes the direction" out &&
	test_grep "^$e-cr.yaml:4:8: error\[yaml\]: this value contains the control character U\+000D \(carriage return" out &&
	test_grep "^$e-nel.yaml:4:8: error\[yaml\]: this value contains the invisible control character U\+0085" out &&
	test_grep "^$e-ls.yaml:4:8: error\[yaml\]: this value contains U\+2028, a line break" out &&
	(cd ctl && git add -A && test_must_fail plan check --staged >../out) &&
	test_grep "esc.yaml:4:8: error\[yaml\]: this value contains the control character U\+001B" out &&
	(cd ctl && git checkout -q -b ctl && git commit -qm ctl --no-verify &&
	 test_must_fail plan check --range main..ctl >../out) &&
	test_grep ":$e-esc.yaml:4:8: error\[yaml\]: this value contains the control character" out
'

test_expect_success 'a raw control or direction character in a value is a finding too; a tab only where lines are allowed' '
	make_ledger raw &&
	ctl_event raw bidi "$(printf "a\342\200\256b")" &&
	ctl_event raw tab "$(printf "\"a\tb\"")" &&
	f=$(write_event raw 2019-04-13 note seminar I14 "$(printf "note: \"tab\there\"")") &&
	(cd raw && test_must_fail plan check --today 2020-01-01 >../out) &&
	test_grep "2019-04-12-bidi.yaml:4:8: error\[yaml\]: this value contains the invisible character U\+202E" out &&
	test_grep "2019-04-12-tab.yaml:4:8: error\[schema\]: /title: does not match the pattern" out &&
	test_grep ! "$f" out
'

test_expect_success 'what is shown is what is stored: findings, review, status, report escape controls' '
	make_ledger show &&
	(cd show && git checkout -q -b visa) &&
	ctl_event show esc "\"ok\\e[2K\\e[1GFAKE\"" &&
	mkdir -p "show/records/events/2019/05" &&
	: >"show/records/events/2019/05/$(printf "\033[2Jx").yaml" &&
	(cd show && git add -A && git commit -qm visa --no-verify &&
	 test_must_fail plan check --today 2020-01-01 >../check.out;
	 plan review main..visa >../review.out 2>&1;
	 git checkout -q main && git merge -q --no-verify --no-ff visa -m visa &&
	 plan status --at 2020-01-01 >../status.out 2>&1;
	 plan report --format md --at 2020-01-01 >../report.out 2>&1; true) &&
	for o in check review status report; do
		if grep -q "$(printf "\033")" $o.out; then echo "raw ESC in $o" >&2; return 1; fi
	done &&
	test_grep "^records/events/2019/05/.x1B\[2Jx.yaml:1:1: error\[schema\]: the file holds no record" check.out &&
	test_grep "^  [0-9a-f]+:records/events/2019/05/.x1B\[2Jx.yaml:1:1: error" review.out &&
	test_grep "Effect on fulfilment" review.out &&
	test -s status.out && test -s report.out
'

# slow_events DIR N: N events whose notes of 3,900 characters take the
# note's pattern (a lookahead, slow but within its limits) a few
# milliseconds each: a push of many such files takes seconds in all.
slow_events() {
	sed -i "s/^    maxLength: 4000$/    pattern: \"(?=a*[cd])\"/" "$1/schemas/common.schema.yaml" &&
	test "$(grep -c "pattern: \"(?=a" "$1/schemas/common.schema.yaml")" -eq 1 &&
	python3 - "$1" "$2" <<'PY'
import os, sys
for i in range(int(sys.argv[2])):
    m, d = i // 28 % 12 + 1, i % 28 + 1
    folder = os.path.join(sys.argv[1], "records/events/2019/%02d" % m)
    os.makedirs(folder, exist_ok=True)
    name = "2019-%02d-%02d-slow%d" % (m, d, i)
    with open(os.path.join(folder, name + ".yaml"), "w") as f:
        f.write("id: %s\ndate: 2019-%02d-%02d\nkind: seminar\ntitle: x\n"
                "indicators: [I14]\nresponsible: handlaggare-1\nnote: %s!\n" % (name, m, d, "a" * 3900))
PY
}

test_expect_success 'check --max-seconds: a check past its time stops with a message' '
	make_ledger slow &&
	slow_events slow 1500 &&
	(cd slow && git checkout -q -b slow && git add -A && git commit -qm slow &&
	 PLAN_NO_CACHE=1 timed ../out "$PLAN" check --range main..slow --max-seconds 1; test $? -eq 2) &&
	test_grep "the check of this push took longer than its budget of 1 seconds and was stopped" out.err &&
	test "$(sed "s/.* //" out.time 2>/dev/null || echo 0)" != "" &&
	test_must_fail --status=2 plan check --max-seconds 0 2>err &&
	test_grep "needs a whole number above 0" err
'

test_expect_success 'check --max-memory: a check past its memory stops with a message' '
	case "$PLAN" in
	*sanitize*) say "# skipped: the sanitizers need all the memory there is" ;;
	*)
		(cd slow && test_must_fail --status=2 plan check --range main..slow --max-memory 8 2>../err) &&
		test_grep "needed more memory than its budget of 8 MiB and was stopped" err ;;
	esac
'

test_expect_success 'the pre-receive hook: the push budget refuses a slow push' '
	sed "s|^PLAN_INSTALLED=\$|PLAN_INSTALLED='\''$PLAN'\''|" "$SRC/hooks/pre-receive" >slow/pre-receive &&
	(cd slow && git config plan.pushSeconds 1 &&
	 echo "$(git rev-parse main) $(git rev-parse slow) refs/heads/slow" >in &&
	 PLAN_NO_CACHE=1 timeout 20 sh pre-receive <in 2>../err; test $? -eq 1) &&
	test_grep "took longer than its budget of 1 seconds" err &&
	test_grep "the push was refused" err
'

test_expect_success 'the pre-receive hook ends at once on SIGTERM, its check with it' '
	(cd slow && git config plan.pushSeconds 300 &&
	 PLAN_NO_CACHE=1 sh pre-receive <in 2>../err & hook=$! &&
	 sleep 1 &&
	 kill -TERM $hook &&
	 n=0 &&
	 while kill -0 $hook 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done &&
	 ! kill -0 $hook 2>/dev/null &&
	 sleep 0.2 &&
	 ! pgrep -f "check --range $(git rev-parse main)" >/dev/null) &&
	test_grep "the check was stopped; the push was refused" err
'

test_done
