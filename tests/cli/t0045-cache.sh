#!/bin/sh
# The cache kept in .git/plan/ makes checks faster, never different: the same
# findings warm as cold, every change seen, a damaged cache ignored, and new
# schemas judging every file anew.
. "$(dirname "$0")/lib.sh"

# A ledger with twenty events made a minute ago (so the cache trusts them),
# one of them invalid.
test_expect_success 'set up a ledger with a cold cache' '
	make_ledger L && cd L &&
	for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
		write_event . 2019-04-$i seminarium-$i seminar I14 >/dev/null || return 1
	done &&
	sed -i "s/^kind: seminar/kind: seminarium/" records/events/2019/04/2019-04-07-seminarium-07.yaml &&
	find records -type f -exec touch -d "1 minute ago" {} + &&
	# touch sets the change time to now, which the cache does not trust in
	# the second it is written (Git'"'"'s racy-clean rule): let that second pass.
	sleep 1 &&
	test_must_fail plan check --today 2020-01-01 >../cold.out &&
	test -f .git/plan/worktree.bin && ls .git/plan | grep -q "^events\.\(bin\|new\)$"
'

test_expect_success 'a warm run says exactly what the cold run said, from the cache' '
	cd L && PLAN_CACHE_STATS=1 test_must_fail plan check --today 2020-01-01 >../warm.out 2>../stats &&
	test_cmp ../cold.out ../warm.out &&
	test_grep "^cache: 20 found, 0 checked anew, 20 unchanged by stat" ../stats &&
	test_grep "2019-04-07-seminarium-07.yaml:4:7: error\[schema\]: /kind: must be one of" ../warm.out &&
	PLAN_NO_CACHE=1 test_must_fail plan check --today 2020-01-01 >../nocache.out &&
	test_cmp ../cold.out ../nocache.out
'

test_expect_success 'an edit of the same size, touched back to its old time, is seen' '
	cd L && f=records/events/2019/04/2019-04-03-seminarium-03.yaml &&
	t=$(stat -c %y "$f") &&
	sed -i "s/I14/I99/" "$f" && touch -d "$t" "$f" &&
	PLAN_CACHE_STATS=1 test_must_fail plan check --today 2020-01-01 >../edit.out 2>../stats &&
	test_grep "^cache: 19 found, 1 checked anew, 19 unchanged by stat" ../stats &&
	test_grep "2019-04-03-seminarium-03.yaml:6:14: error\[ref\]: there is no indicator .I99." ../edit.out &&
	sed -i "s/I99/I14/" "$f"
'

test_expect_success 'a damaged cache is ignored, and the answer stays the same' '
	cd L && for f in .git/plan/*; do head -c 100 /dev/urandom >"$f"; done &&
	test_must_fail plan check --today 2020-01-01 >../damaged.out &&
	test_cmp ../cold.out ../damaged.out &&
	printf "PLANCACH\001\000\000\000" >.git/plan/events.bin &&
	test_must_fail plan check --today 2020-01-01 >../damaged2.out &&
	test_cmp ../cold.out ../damaged2.out
'

test_expect_success 'an empty event file and one too large to read keep their own findings' '
	cd L && d=records/events/2019/05 && mkdir -p $d &&
	: >$d/2019-05-01-tom.yaml &&
	head -c 70000 /dev/zero | tr "\\0" a >$d/2019-05-02-stor.yaml &&
	touch -d "1 minute ago" $d/* && sleep 1 &&
	PLAN_NO_CACHE=1 test_must_fail plan check --today 2020-01-01 $d >../big0.out &&
	test_grep "2019-05-02-stor.yaml:1:1: error\[yaml\]: the file is larger than 64.0 KiB" ../big0.out &&
	test_must_fail plan check --today 2020-01-01 $d >../big1.out &&
	test_must_fail plan check --today 2020-01-01 $d >../big2.out &&
	test_cmp ../big0.out ../big1.out && test_cmp ../big0.out ../big2.out &&
	rm -r $d
'

test_expect_success 'changed schemas judge every file anew' '
	cd L && plan check --today 2020-01-01 >/dev/null;
	sed -i "s/^    maxLength: .*/    maxLength: 10/" schemas/common.schema.yaml &&
	grep -q "maxLength: 10" schemas/common.schema.yaml &&
	test_must_fail plan check --today 2020-01-01 >../schema.out &&
	test "$(grep -c "error\[schema\]" ../schema.out)" -gt 10
'

test_expect_success '--staged and status give the same answers warm as cold' '
	cd L && git checkout -q schemas && git add -A && git commit -q --no-verify -m events &&
	rm -rf .git/plan && plan status --format json --at 2020-01-01 >../s1.json &&
	plan status --format json --at 2020-01-01 >../s2.json && test_cmp ../s1.json ../s2.json &&
	test_must_fail plan check --staged >../st1.out; test_must_fail plan check --staged >../st2.out &&
	test_cmp ../st1.out ../st2.out && test_grep "seminarium-07" ../st2.out
'

test_expect_success 'the rules on a commit are kept by its tree; kept or not, the same answer' '
	cd L && git checkout -q schemas &&
	sed -i "s/strict: false/strict: true/" records/indicators/I18.yaml &&
	write_event . 2019-05-01 kartlaggning report I18 >/dev/null &&
	git add -A && git commit -q --no-verify -m "I18 before I17: a requires error" &&
	rm -rf .git/plan && plan status --at 2020-01-01 >../r1.out 2>../r1.err &&
	test -f .git/plan/rules.bin &&
	plan status --at 2020-01-01 >../r2.out 2>../r2.err &&
	test_cmp ../r1.out ../r2.out && test_cmp ../r1.err ../r2.err &&
	test_grep "has [0-9]+ errors?" ../r2.err &&
	printf "PLANCACH\001\000\000\000broken" >.git/plan/rules.bin &&
	plan status --at 2020-01-01 >../r3.out 2>../r3.err && test_cmp ../r1.err ../r3.err &&
	plan review --at 2020-01-01 HEAD~1..HEAD >../v1.out; plan review --at 2020-01-01 HEAD~1..HEAD >../v2.out;
	test_cmp ../v1.out ../v2.out && test_grep "error\[requires\]" ../v2.out
'

# A commit's ledger is kept as one snapshot per tree; the index is loaded as
# HEAD's snapshot plus the paths whose blob differs.
test_expect_success 'a tree is kept as a snapshot, and read from it with the same answers' '
	cd L && git checkout -q -- . && rm -rf .git/plan &&
	PLAN_NO_CACHE=1 plan status --at 2020-01-01 --format json >../n1.json 2>../n1.err &&
	plan status --at 2020-01-01 --format json >../c1.json 2>../c1.err &&
	test -f .git/plan/snap-$(git rev-parse "HEAD^{tree}").bin &&
	rm .git/plan/events.* .git/plan/trees.bin .git/plan/rules.bin .git/plan/status.bin &&
	plan status --at 2020-01-01 --format json >../c2.json 2>../c2.err &&
	test_cmp ../n1.json ../c1.json && test_cmp ../n1.json ../c2.json &&
	test_cmp ../n1.err ../c2.err &&
	! test -f .git/plan/events.bin && ! test -f .git/plan/events.new
'

test_expect_success 'status keeps its figures by commit, day and options, never mixing them' '
	cd L && rm -rf .git/plan &&
	for at in 2019-04-10 2019-12-31 2020-01-01; do
		for f in text json csv; do
			PLAN_NO_CACHE=1 plan status --at $at --format $f >../f0.$at.$f 2>&1 &&
			plan status --at $at --format $f >../f1.$at.$f 2>&1 &&
			plan status --at $at --format $f >../f2.$at.$f 2>&1 &&
			test_cmp ../f0.$at.$f ../f1.$at.$f && test_cmp ../f0.$at.$f ../f2.$at.$f || return 1
		done
	done &&
	test -f .git/plan/status.bin &&
	test_must_fail test_cmp ../f0.2019-04-10.json ../f0.2020-01-01.json >/dev/null &&
	PLAN_NO_CACHE=1 plan status --at 2020-01-01 --indicator I14 >../i0.out &&
	plan status --at 2020-01-01 --indicator I14 >../i1.out && test_cmp ../i0.out ../i1.out &&
	PLAN_NO_CACHE=1 plan status --at 2020-01-01 --csv-separator ";" --format csv >../p0.out &&
	plan status --at 2020-01-01 --csv-separator ";" --format csv >../p1.out &&
	test_cmp ../p0.out ../p1.out &&
	plan --lang sv status --at 2020-01-01 >../sv.out &&
	PLAN_NO_CACHE=1 plan --lang sv status --at 2020-01-01 >../sv0.out &&
	test_cmp ../sv0.out ../sv.out &&
	test_must_fail test_cmp ../f0.2020-01-01.text ../sv.out >/dev/null
'

test_expect_success '--staged: HEAD'"'"'s snapshot plus an added, a changed and a deleted event' '
	cd L && plan status >/dev/null 2>&1 &&
	write_event . 2019-06-01 ny-seminarium seminar I14 >/dev/null &&
	sed -i "s/I14/I99/" records/events/2019/04/2019-04-03-seminarium-03.yaml &&
	git rm -q records/events/2019/04/2019-04-05-seminarium-05.yaml &&
	git add -A &&
	PLAN_NO_CACHE=1 test_must_fail plan check --staged >../s0.out &&
	PLAN_CACHE_STATS=1 test_must_fail plan check --staged >../s1.out 2>../s1.stats &&
	test_cmp ../s0.out ../s1.out &&
	test_grep "2019-04-03-seminarium-03.yaml:6:14: error\[ref\]: there is no indicator .I99." ../s1.out &&
	! test_grep "seminarium-05" ../s1.out &&
	n=$(git ls-files records/events | wc -l) &&
	test_grep "^cache: $((n - 2)) found, 2 checked anew, 0 unchanged by stat, $((n - 2)) from a snapshot" ../s1.stats
'

test_expect_success '--staged: a staged schema makes the snapshot useless, not wrong' '
	cd L && sed -i "s/^    maxLength: .*/    maxLength: 10/" schemas/common.schema.yaml &&
	git add schemas &&
	PLAN_NO_CACHE=1 test_must_fail plan check --staged >../k0.out &&
	PLAN_CACHE_STATS=1 test_must_fail plan check --staged >../k1.out 2>../k1.stats &&
	test_cmp ../k0.out ../k1.out && test "$(grep -c "error\[schema\]" ../k1.out)" -gt 10 &&
	test_grep ", 0 from a snapshot$" ../k1.stats &&
	git reset -q --hard
'

test_expect_success 'a damaged or cut snapshot is a miss, and the answers stay the same' '
	cd L && rm -rf .git/plan && plan status --at 2020-01-01 --format json >../d0.json 2>/dev/null &&
	snap=.git/plan/snap-$(git rev-parse "HEAD^{tree}").bin &&
	size=$(wc -c <$snap) && head -c $((size / 2)) $snap >../half && cp ../half $snap &&
	rm .git/plan/status.bin &&
	plan status --at 2020-01-01 --format json >../d1.json 2>/dev/null &&
	test_cmp ../d0.json ../d1.json && test "$(wc -c <$snap)" = "$size" &&
	python3 -c "
import sys
d = bytearray(open(sys.argv[1], \"rb\").read())
d[len(d) // 2] ^= 4
open(sys.argv[1], \"wb\").write(bytes(d))
" $snap &&
	rm .git/plan/status.bin &&
	plan status --at 2020-01-01 --format json >../d2.json 2>/dev/null &&
	test_cmp ../d0.json ../d2.json &&
	PLAN_CACHE_STATS=1 test_must_fail plan check --staged >/dev/null 2>../d.stats &&
	test_grep "[1-9][0-9]* from a snapshot" ../d.stats
'

test_expect_success 'the snapshots of the last few trees are kept, the older ones removed' '
	cd L && rm -rf .git/plan &&
	for i in 1 2 3 4 5 6; do
		write_event . 2019-07-0$i fler-$i seminar I14 >/dev/null &&
		git add -A && git commit -q --no-verify -m "event $i" &&
		plan status --at 2020-01-01 >/dev/null || return 1
	done &&
	test "$(ls .git/plan | grep -c "^snap-[0-9a-f]\{40\}\.bin$")" = 4 &&
	test -f .git/plan/snap-$(git rev-parse "HEAD^{tree}").bin &&
	! test -f .git/plan/snap-$(git rev-parse "HEAD~5^{tree}").bin &&
	PLAN_NO_CACHE=1 plan status --rev HEAD~5 --at 2020-01-01 >../o0.out &&
	plan status --rev HEAD~5 --at 2020-01-01 >../o1.out && test_cmp ../o0.out ../o1.out
'

# What each read-only command says with no cache, then with every cache file
# damaged inside (a byte changed somewhere in its middle, headers intact): the
# same answers, every time, since each file carries a checksum.
answers() {
	test_must_fail plan check --today 2020-01-01 >"$1.check"
	plan status --at 2020-01-01 --format json >"$1.status" 2>&1 &&
	plan status --rev HEAD~1 --at 2020-01-01 --format json >"$1.status1" 2>&1 &&
	plan trace I14 >"$1.trace" 2>&1 &&
	{ plan audit >"$1.audit" 2>&1; true; }
}

test_expect_success 'a cache damaged inside is noticed, and the answers stay the same' '
	cd L && PLAN_NO_CACHE=1 answers ../clean && answers ../warm &&
	for k in check status status1 trace audit; do test_cmp ../clean.$k ../warm.$k || return 1; done &&
	ls .git/plan >../files && test_grep "^events" ../files && test_grep "^trees.bin" ../files &&
	test_grep "^trace" ../files && test_grep "^audit.bin" ../files && test_grep "^rules.bin" ../files &&
	for round in 1 2 3 4 5 6; do
		for f in $(find .git/plan -type f); do
			python3 -c "
import sys
p, r = sys.argv[1], int(sys.argv[2])
d = bytearray(open(p, \"rb\").read())
if len(d) > 40:
    i = 24 + (r * 7919) % (len(d) - 32)
    d[i] ^= 1 << (r % 8)
    open(p, \"wb\").write(bytes(d))
" "$f" "$round" || return 1
		done &&
		answers ../damaged &&
		for k in check status status1 trace audit; do
			test_cmp ../clean.$k ../damaged.$k || return 1
		done
	done
'

test_done
