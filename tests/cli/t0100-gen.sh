#!/bin/sh
# plan-gen, the synthetic ledger generator of the benchmarks: the same seed
# gives the same stream, the ledger passes plan check (the work tree and
# every commit), and its history has the shape plan approve writes.
. "$(dirname "$0")/lib.sh"

GEN=${GEN:-$(dirname "$PLAN")/plan-gen}

gen() {
	"$GEN" --plan-dir "$SRC" "$@"
}

test_expect_success 'the same options give the same stream; another seed another' '
	gen --events 120 --commits 60 --corrections 3 --seed 5 >a.fi 2>a.err &&
	gen --events 120 --commits 60 --corrections 3 --seed 5 >b.fi 2>/dev/null &&
	cmp a.fi b.fi &&
	gen --events 120 --commits 60 --corrections 3 --seed 6 >c.fi 2>/dev/null &&
	! cmp -s a.fi c.fi &&
	test_grep "^plan-gen: 120 events .*3 corrections.* 60 commits" a.err
'

test_expect_success 'fast-import makes the ledger; --into makes the same commits' '
	git init -q -b main L && git -C L fast-import --quiet <a.fi &&
	git init -q -b main L2 && gen --events 120 --commits 60 --corrections 3 --seed 5 \
		--into L2 2>/dev/null &&
	test "$(git -C L rev-parse main)" = "$(git -C L2 rev-parse main)" &&
	test "$(git -C L for-each-ref --format="%(refname)")" = refs/heads/main &&
	test "$(git -C L rev-list --count main)" = 60 &&
	git -C L reset -q --hard main &&
	test "$(find L/records/events -name "*.yaml" | wc -l)" = 120
'

test_expect_success 'the work tree and every commit pass plan check' '
	(cd L && plan check && plan check --range "$(git rev-list --max-parents=0 main)..main")
'

test_expect_success 'event files: month folders, ids equal to file names, the modeline' '
	for f in $(cd L && find records/events -name "*.yaml"); do
		id=$(basename "$f" .yaml) &&
		d=$(sed -n "s/^date: //p" "L/$f") &&
		test "$f" = "records/events/$(echo "$d" | cut -c1-4)/$(echo "$d" | cut -c6-7)/$id.yaml" &&
		test "$(sed -n 2p "L/$f")" = "id: $id" &&
		test "$(head -n 1 "L/$f")" = \
			"# yaml-language-server: \$schema=../../../../schemas/event.schema.yaml" ||
		return 1
	done &&
	test "$(grep -l "^supersedes: " L/records/events/*/*/*.yaml | wc -l)" = 3
'

test_expect_success 'approvals: merges of main and the tip, its tree, by another reviewer' '
	cd L &&
	git rev-list --first-parent --merges main >../merges &&
	test "$(git rev-list --first-parent --no-merges main | wc -l)" = 1 &&
	while read m; do
		set -- $(git rev-parse "$m^1" "$m^2") &&
		test "$(git merge-base "$1" "$2")" = "$1" &&
		test "$(git rev-parse "$m^{tree}")" = "$(git rev-parse "$2^{tree}")" &&
		git log -1 --format=%B "$m" >../msg &&
		rev=$(sed -n "s/^Approved-by: \([^ ]*\) .*/\1/p" ../msg) &&
		test "$(git log -1 --format="%ae %ce" "$m")" = "$rev@example.org $rev@example.org" &&
		grep -q "^  - id: $rev$" records/people.yaml &&
		case $rev in granskare-*) ;; *) return 1 ;; esac &&
		n=$(git diff --name-only "$1" "$m" | wc -l) &&
		head -n 1 ../msg | grep -Eq "^Approve [a-z0-9-]+/[0-9]+: $n events$" &&
		test "$(sed -n 3,$((n + 2))p ../msg | sort)" = \
			"$(git diff --name-only "$1" "$m" | sed "s|.*/||; s|\.yaml$||" | sort)" &&
		test "$(sed "/^$/d" ../msg | tail -n 1)" = "Approved-by: $rev <$rev@example.org>" &&
		! git log --format="%ae%n%ce" "$1..$2" | grep -qx "$rev@example.org" || return 1
	done <../merges &&
	test "$(wc -l <../merges)" -gt 5
'

test_expect_success 'commit dates in order, never before the events they record' '
	cd L &&
	git log --date-order --reverse --format=%ct main | sort -c -n &&
	for c in $(git rev-list --no-merges main); do
		day=$(git log -1 --format=%cd --date=format:%Y-%m-%d "$c") &&
		for d in $(git diff-tree --no-commit-id --name-only -r --root "$c" -- records/events |
			sed "s|.*/||; s|-[a-z].*||"); do
			expr "$d" "<=" "$day" >/dev/null || return 1
		done || return 1
	done
'

test_expect_success 'bad options are refused with exit status 2' '
	test_must_fail --status=2 "$GEN" --events many 2>err &&
	test_grep "needs a whole number" err &&
	test_must_fail --status=2 "$GEN" --plan-dir "$SRC" --events 10 --commits 2 2>err &&
	test_grep "at least 3 commits" err
'

test_done
