#!/bin/sh
# make bench: builds synthetic ledgers with plan-gen and times plan's
# commands on them beside peers measured in the same run (ajv-cli and
# Python's jsonschema for the schema checks, git status for the work tree
# and the index, git itself for the history),
# then prints the table and writes it to build/bench/results.md.
#
#   SCALE=all (10k, 50k, 200k events), small (10k), or a list of sizes
#   BENCH_RUNS=5        timed runs per figure (a median of them)
#   BENCH_BUDGET=30     seconds per figure after which no new run starts
#   BENCH_WARMUP=1      untimed runs before the timed ones (the file cache of
#                       this kind of machine does not keep a large ledger)
#   BENCH_SEED=1        the generator's seed
#   BENCH_PROFILE=1     also perf record our commands at the largest size,
#                       into build/bench/profile/
#
# Commits are half the events. A ledger is kept in build/bench/ledger-N and
# reused while the generator, the plan's files and the options are the
# same; the figures that add commits or stage files put it back first.
set -u
B=${B:-build}
SCALE=${SCALE:-all}
RUNS=${BENCH_RUNS:-5}
BUDGET=${BENCH_BUDGET:-30}
SEED=${BENCH_SEED:-1}
WARMUP=${BENCH_WARMUP:-1}
SRC=$(pwd)
OUT=$SRC/build/bench
BIN=$SRC/$B
PLAN=$BIN/plan
GEN=$BIN/plan-gen
TIMER=$BIN/bench-time
INDEX=$BIN/bench-index
AJV=$OUT/node_modules/.bin/ajv
PY=/usr/bin/python3
RAW=$OUT/raw.tsv
RESULTS=$OUT/results.md
LC_ALL=C
export LC_ALL
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES

case $SCALE in
small) SIZES=10000 ;;
all) SIZES="10000 50000 200000" ;;
*[!0-9\ ]* | "")
	echo "bench: SCALE is all, small, or a list of event counts, not '$SCALE'" >&2
	exit 2
	;;
*) SIZES=$SCALE ;;
esac
[ "$SCALE" = small ] && [ -z "${BENCH_BUDGET:-}" ] && BUDGET=5

mkdir -p "$OUT/logs"
sh "$SRC/bench/deps.sh" "$OUT" || exit 1
for f in "$PLAN" "$GEN" "$TIMER" "$INDEX"; do
	[ -x "$f" ] || {
		echo "bench: $f is missing; run make bench" >&2
		exit 2
	}
done
: >"$RAW"
HAVE_AUDIT=0
"$PLAN" help audit >/dev/null 2>&1 && HAVE_AUDIT=1

say() {
	printf '%s\n' "$*" >&2
}

# now: seconds since the epoch with nanoseconds.
now() {
	date +%s.%N
}

# record SIZE KEY WHO MEDIAN MIN MAX PEAK_KB RUNS
record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW"
}

# measure SIZE KEY WHO [bench-time options] -- COMMAND...: times the command
# in the current folder and records the result; a failure is recorded as
# "failed" and its log named.
measure() {
	size=$1 key=$2 who=$3
	shift 3
	log="$OUT/logs/$size-$key-$(echo "$who" | tr -c 'a-zA-Z0-9\n' '_').log"
	rm -f "$log"
	if line=$("$TIMER" --runs "$RUNS" --warmup "$WARMUP" --budget "$BUDGET" --log "$log" "$@"); then
		set -- $line
		record "$size" "$key" "$who" "$1" "$2" "$3" "$4" "$5"
		say "  $key  $who: median $1 s over $5 runs, peak $(($4 / 1024)) MB"
	else
		record "$size" "$key" "$who" failed - - - 0
		say "  $key  $who: FAILED (see $log)"
	fi
}

# profile SIZE KEY COMMAND...: a flat perf profile of one run (self time
# per function), for BENCH_PROFILE=1.
profile() {
	size=$1 key=$2
	shift 2
	[ "${BENCH_PROFILE:-0}" = 1 ] && [ "$size" = "$LARGEST" ] || return 0
	command -v perf >/dev/null 2>&1 || return 0
	mkdir -p "$OUT/profile"
	perf record -q -o "$OUT/profile/$key.data" -- "$@" >/dev/null 2>&1
	perf report -i "$OUT/profile/$key.data" --no-children --stdio --percent-limit 1 \
		>"$OUT/profile/$key.txt" 2>/dev/null
	say "  $key: profile in $OUT/profile/$key.txt"
}

# The stamp a reusable ledger must match: generator, plan files, options.
stamp_of() {
	{
		cksum <"$GEN"
		(cd "$SRC" && find records schemas -type f | LC_ALL=C sort | xargs cksum)
		echo "$1 $2 $SEED"
	} | cksum
}

# ledger N: makes (or puts back) build/bench/ledger-N and its JSON copy.
ledger() {
	n=$1 m=$(($1 / 2))
	L=$OUT/ledger-$n
	J=$OUT/json-$n
	stamp=$(stamp_of "$n" "$m")
	if [ -f "$L.stamp" ] && [ "$(cat "$L.stamp")" = "$stamp" ] &&
		git -C "$L" rev-parse -q --verify refs/bench/base >/dev/null; then
		say "ledger-$n: reusing it (generated in $(cat "$L.gen-seconds") s)"
		reset_ledger
	else
		rm -rf "$L" "$J" "$L.stamp"
		git init -q -b main "$L" || exit 1
		t0=$(now)
		"$GEN" --plan-dir "$SRC" --events "$n" --commits "$m" --seed "$SEED" --into "$L" ||
			exit 1
		t1=$(now)
		git -C "$L" reset -q --hard main || exit 1
		t2=$(now)
		git -C "$L" update-ref refs/bench/base main
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' >"$L.gen-seconds"
		say "ledger-$n: generated in $(cat "$L.gen-seconds") s, checked out in" \
			"$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }') s"
		t0=$(now)
		"$PY" "$SRC/bench/peer_jsonschema.py" to-json "$L" "$J" >/dev/null || exit 1
		say "ledger-$n: JSON copy for ajv-cli made in" \
			"$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s (untimed)"
		echo "$stamp" >"$L.stamp"
	fi
	record "$n" gen plan-gen "$(cat "$L.gen-seconds")" - - 0 1
}

# Puts the ledger back as generated: main at its first tip, nothing staged.
reset_ledger() {
	sh "$SRC/bench/stage-event.sh" "$L" clean
	git -C "$L" update-ref refs/heads/main refs/bench/base
	git -C "$L" reset -q --hard main
	gd=$(git -C "$L" rev-parse --absolute-git-dir)
	rm -rf "$gd/plan" "$gd/bench-approved" "$gd/bench-index.tmp"
}

# The filtered event list timed: one indicator, one kind, a year.
SERVE_EVENTS='/events?indicator=I14&kind=seminar&from=2019-01-01&to=2019-12-31'

# serve_pages N: plan serve in the ledger (the current folder), read-only
# on a free port; once it answers (its first page is its cold start,
# untimed), its overview and a filtered event list are fetched with curl,
# each after a warm-up, beside plan status warm. The peak is the server's.
serve_pages() {
	n=$1
	slog="$OUT/logs/$n-serve"
	"$PLAN" serve --port 0 --read-only >"$slog.out" 2>"$slog.err" &
	spid=$!
	url=
	for i in $(seq 100); do
		url=$(sed -n 's|^plan serve: \(http://[^ ]*\)/ .*|\1|p' "$slog.out")
		[ -n "$url" ] && break
		sleep 0.2
	done
	if [ -z "$url" ] || ! curl -sf -o /dev/null --max-time 600 "$url/"; then
		say "  serve: plan serve did not answer (see $slog.err)"
		record "$n" serve.overview plan failed - - - 0
		record "$n" serve.events plan failed - - - 0
		kill "$spid" 2>/dev/null
		wait "$spid" 2>/dev/null
		return
	fi
	for page in "serve.overview /" "serve.events $SERVE_EVENTS"; do
		set -- $page
		measure "$n" "$1" plan --warmup 1 -- curl -sf -o /dev/null "$url$2"
		hwm=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$spid/status")
		# The peak of the server, not of curl (the last record's seventh field).
		awk -F '\t' -v OFS='\t' -v hwm="${hwm:-0}" \
			'NR == FNR { last = FNR; next } FNR == last && $7 != 0 { $7 = hwm } { print }' \
			"$RAW" "$RAW" >"$RAW.tmp" && mv "$RAW.tmp" "$RAW"
	done
	kill "$spid"
	wait "$spid" 2>/dev/null
}

bench_size() {
	n=$1
	ledger "$n"
	cd "$L" || exit 1
	gd=$(git rev-parse --absolute-git-dir)
	cold="rm -rf '$gd/plan'"
	say "ledger-$n: timing"

	measure "$n" check.cold plan --prepare "$cold" -- "$PLAN" check
	profile "$n" check.cold "$PLAN" check
	measure "$n" check.warm plan --warmup 1 -- "$PLAN" check
	(cd "$J" && measure "$n" check.peer ajv-cli -- "$AJV" validate --spec=draft2020 \
		--strict=false -c ajv-formats -s event.schema.json -r common.schema.json \
		-d "records/events/**/*.json")
	measure "$n" check.peer "python3 jsonschema" -- "$PY" "$SRC/bench/peer_jsonschema.py" \
		validate .
	# Git looking at every file of the same work tree (its index's stat data).
	measure "$n" check.peer "git status" -- git status --porcelain

	stage="sh '$SRC/bench/stage-event.sh' '$L'"
	measure "$n" staged.cold plan --prepare "$stage; $cold" -- "$PLAN" check --staged
	measure "$n" staged.warm plan --warmup 1 --prepare "$stage" -- "$PLAN" check --staged
	profile "$n" staged.warm "$PLAN" check --staged
	measure "$n" staged.peer "git diff --cached --name-only" -- git diff --cached --name-only
	measure "$n" staged.peer "git status" -- git status --porcelain
	"$INDEX" >/dev/null
	idx=$(for i in 1 2 3 4 5; do "$INDEX"; done | sort -n | sed -n 3p)
	record "$n" staged.peer "libgit2 index load alone" "${idx%% *}" - - 0 5
	say "  staged.peer  libgit2 index load alone: median ${idx%% *} s"
	sh "$SRC/bench/stage-event.sh" "$L" clean

	measure "$n" status.cold plan --prepare "$cold" -- "$PLAN" status
	profile "$n" status.cold "$PLAN" status
	measure "$n" status.warm plan --warmup 1 -- "$PLAN" status
	measure "$n" status.peer "ls-tree + cat-file --batch" --shell -- \
		"git ls-tree -r --object-only HEAD records/events | git cat-file --batch >/dev/null"

	serve_pages "$n"

	measure "$n" trace.first plan --prepare "$cold" -- "$PLAN" trace I14
	profile "$n" trace.first "$PLAN" trace I14
	measure "$n" trace.peer "git log --raw" -- git log --raw --no-renames -- records/events
	if [ "$HAVE_AUDIT" = 1 ]; then
		measure "$n" audit.first plan --prepare "$cold" -- "$PLAN" audit
		measure "$n" audit.peer "git log --first-parent" -- \
			git log --first-parent --format='%H %B' main
	fi
	# The incremental runs: two new approved branches (4 commits) before each.
	add="sh '$SRC/bench/add-approved.sh' '$L' 2"
	"$PLAN" trace I14 >/dev/null 2>&1
	measure "$n" trace.next plan --prepare "$add" -- "$PLAN" trace I14
	if [ "$HAVE_AUDIT" = 1 ]; then
		"$PLAN" audit >/dev/null 2>&1
		measure "$n" audit.next plan --prepare "$add" -- "$PLAN" audit
	fi
	reset_ledger
	cd "$SRC" || exit 1
}

LARGEST=0
for n in $SIZES; do
	[ "$n" -gt "$LARGEST" ] && LARGEST=$n
done
START=$(now)
for n in $SIZES; do
	bench_size "$n"
done

# The report: one table per size, then the growth from the smallest size
# to the largest.
{
	echo "# plan ledger benchmarks"
	echo
	echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores" \
		"($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), plan at" \
		"$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)," \
		"$(git --version), libgit2 $(pkg-config --modversion libgit2 2>/dev/null)," \
		"ajv-cli $(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' "$OUT/node_modules/ajv-cli/package.json" | head -n 1)" \
		"on node $(node --version 2>/dev/null), Python jsonschema" \
		"$("$PY" -c 'import importlib.metadata as m; print(m.version("jsonschema"))' 2>/dev/null)."
	echo "Each figure is the median of up to $RUNS runs (fewer when the runs pass $BUDGET s);"
	echo "time in seconds, peak memory of the largest process in MB. The ratio is ours"
	echo "divided by the peer measured in the same run: below 1 we are faster. Times on a"
	echo "2-core machine are noisy; read the ratios, not the absolute figures."
	echo
	echo "- cold: \$GIT_DIR/plan/ (the tool's own cache) removed before each run; warm:"
	echo "  a run before, nothing changed since. Every figure, ours and the peers', has"
	echo "  $WARMUP untimed run(s) first: this machine's file cache does not always keep a"
	echo "  large ledger, and a first read from disk can take three times as long."
	echo "- The peers of plan check check the event schema only (plan checks schema and"
	echo "  rules). ajv-cli reads YAML with js-yaml, which turns 2019-04-12 into a Date and"
	echo "  fails every event, so it validates a JSON copy made once, untimed; Python reads"
	echo "  the YAML files with PyYAML (C loader, timestamps left as strings)."
	echo "- plan serve: the server started in the ledger and its first page fetched"
	echo "  (untimed); then curl fetches the overview and the event list filtered by"
	echo "  indicator, kind and a year, beside plan status warm. Peak: the server's."
	echo "- --staged: a new event file staged before each run. trace/audit next: two new"
	echo "  approved branches (4 commits) added before each run, after a first run."
	[ "$HAVE_AUDIT" = 1 ] || echo "- plan audit: not available in this build (\`plan help audit\` fails)."
	echo
	awk -F '\t' -v have_audit="$HAVE_AUDIT" -f "$SRC/bench/report.awk" "$RAW"
	echo
	echo "Whole run: $(awk -v a="$START" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s."
} >"$RESULTS"
cat "$RESULTS"
if grep -q "	failed	" "$RAW"; then
	say "bench: some figures failed; see $OUT/logs/"
	exit 1
fi
exit 0
