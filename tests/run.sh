#!/bin/sh
# Runs every test of the project: the cmocka unit tests, the conformance
# suite runners, the fuzz corpus replays and the command-line tests in real
# Git repositories. Each part's log goes to $B/test-logs/; the last line is
# "N passed, N failed" over all of them.
set -u
B=${B:-build}
PLAN=${PLAN:-$(pwd)/build/plan}
export PLAN
logs="$B/test-logs"
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
skipped=""

# Adds the counts found in a part's log; a part that ends without its
# counting line (a crash, a timeout) counts as one failure.
tally() {
	name=$1 log=$2 status=$3
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		p=0 f=1
	else
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
		[ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	fi
	sk=$(sed -n 's/^skipped: //p' "$log")
	[ -n "$sk" ] && skipped="$skipped
  $name: $sk"
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		printf '%-40s %s passed, %s failed  (log: %s)\n' "$name" "$p" "$f" "$log"
		grep -E '^not ok|FAIL|error|ERROR|Assertion|failed' "$log" | head -n 20 | sed 's/^/    /'
	else
		printf '%-40s %s passed\n' "$name" "$p"
	fi
}

# A cmocka binary speaks TAP; its counts become a counting line.
run_unit() {
	bin=$1
	name="unit/$(basename "$bin")"
	log="$logs/$(basename "$bin").log"
	CMOCKA_MESSAGE_OUTPUT=TAP timeout 600 "$bin" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	echo "$p passed, $f failed" >>"$log"
	tally "$name" "$log" "$status"
}

run_part() {
	name=$1
	shift
	log="$logs/$(echo "$name" | tr '/' '_').log"
	timeout 1200 "$@" >"$log" 2>&1
	tally "$name" "$log" $?
}

for bin in "$B"/tests/test_*; do
	[ -x "$bin" ] && run_unit "$bin"
done
for bin in "$B"/tests/replay_*; do
	[ -x "$bin" ] || continue
	n=$(basename "$bin")
	run_part "fuzz/${n#replay_}" "$bin" "tests/fuzz/corpus/${n#replay_}"
done
# The external conformance suites live in ../shared/suites/, beside the
# clone (see README, "The conformance suites"). A missing one is not run and
# never counts as passed: it fails the run unless PLAN_SUITES=skip says to
# go without it (never under CI=true).
suites_dir=${PLAN_SUITES_DIR:-../shared/suites}
missing_suites=""
for bin in "$B"/tests/suite_*; do
	[ -x "$bin" ] || continue
	case $(basename "$bin") in
	suite_jsonschema) dir=JSON-Schema-Test-Suite ;;
	suite_yaml) dir=yaml-test-suite ;;
	*) dir= ;;
	esac
	if [ -n "$dir" ] && [ ! -d "$suites_dir/$dir" ]; then
		missing_suites="$missing_suites $dir"
		printf '%-40s not run: %s/%s is missing\n' "suite/$(basename "$bin")" "$suites_dir" "$dir"
		continue
	fi
	if [ -n "$dir" ]; then
		run_part "suite/$(basename "$bin")" "$bin" "$suites_dir/$dir"
	else
		run_part "suite/$(basename "$bin")" "$bin"
	fi
done
for t in tests/cli/t[0-9]*.sh; do
	[ -f "$t" ] && run_part "cli/$(basename "$t" .sh)" sh "$t"
done

if [ -n "$skipped" ]; then
	echo "skipped (not passed):$skipped"
fi
if [ -n "$missing_suites" ]; then
	n=$(echo $missing_suites | wc -w)
	echo "The conformance suites did NOT run:$missing_suites not found in $suites_dir/."
	echo "They are the JSON Schema Test Suite and the YAML test suite (data branch), kept in the"
	echo "shared folder beside this clone; put copies there (see README, 'The conformance suites')."
	if [ "${CI:-}" = true ] || [ "${PLAN_SUITES:-}" != skip ]; then
		echo "Each missing suite counts as a failure; PLAN_SUITES=skip make test runs without them."
		failed=$((failed + n))
	else
		echo "PLAN_SUITES=skip: the run goes on without them; they are not counted as passed."
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
