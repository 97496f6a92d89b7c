# The command-line tests' library, after git's t/test-lib.sh. A test script
# sources this file, then calls test_expect_success 'what' 'commands' for
# each test. Every script works in its own fresh folder with fixed Git
# identities and dates; the folder is kept when a test fails.
set -u
LC_ALL=C
TZ=UTC
export LC_ALL TZ
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
GIT_AUTHOR_NAME="Handläggare Ett"
GIT_AUTHOR_EMAIL="handlaggare-1@example.org"
GIT_COMMITTER_NAME="Handläggare Ett"
GIT_COMMITTER_EMAIL="handlaggare-1@example.org"
GIT_AUTHOR_DATE="2020-01-15T10:00:00Z"
GIT_COMMITTER_DATE="2020-01-15T10:00:00Z"
GIT_CONFIG_NOSYSTEM=1
HOME=${TMPDIR:-/tmp}/plan-test-home-$$
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
export GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_CONFIG_NOSYSTEM HOME
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global user.name "$GIT_AUTHOR_NAME"
git config --global user.email "$GIT_AUTHOR_EMAIL"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
PLAN=${PLAN:-$SRC/build/plan}
DATA=$SRC/tests/data
SHARED=$SRC/../shared
TEST_NAME=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/plan-$TEST_NAME.XXXXXX")
test_passed=0
test_failed=0
cd "$TRASH" || exit 1

plan() {
	"$PLAN" "$@"
}

say() {
	printf '%s\n' "$*"
}

# Runs the commands in a subshell, in the test's folder.
test_expect_success() {
	desc=$1
	body=$2
	if (cd "$TRASH" && eval "$body") >"$TRASH/.out" 2>&1; then
		test_passed=$((test_passed + 1))
		say "ok $((test_passed + test_failed)) - $desc"
	else
		test_failed=$((test_failed + 1))
		say "not ok $((test_passed + test_failed)) - $desc"
		sed 's/^/#   /' "$TRASH/.out"
	fi
}

# Succeeds when the command fails with the given exit status (default 1),
# and did not die of a signal.
test_must_fail() {
	want=1
	case "$1" in
	--status=*) want=${1#--status=}; shift ;;
	esac
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "test_must_fail: '$*' exited $got, expected $want" >&2
		return 1
	fi
	return 0
}

# Compares expected and actual files, showing the difference when they differ.
test_cmp() {
	diff -u "$1" "$2"
}

# Succeeds when the file contains a line matching the extended regex.
test_grep() {
	if [ "$1" = "!" ]; then
		shift
		if grep -E -q -- "$1" "$2"; then
			echo "test_grep: '$1' found in $2:" >&2
			cat "$2" >&2
			return 1
		fi
		return 0
	fi
	if ! grep -E -q -- "$1" "$2"; then
		echo "test_grep: '$1' not found in $2:" >&2
		cat "$2" >&2
		return 1
	fi
}

test_done() {
	if [ "$test_failed" -eq 0 ]; then
		cd / && rm -rf "$TRASH" "$HOME"
	else
		say "# kept $TRASH"
	fi
	say "$test_passed passed, $test_failed failed"
	[ "$test_failed" -eq 0 ]
	exit $?
}

# Makes a ledger folder DIR (default: ledger) from the shipped plan's records
# and schemas, with invented people in place of the plan's real staff, and
# makes it a Git repository with one commit. Prints nothing.
make_ledger() {
	dir=${1:-ledger}
	mkdir -p "$dir"
	cp -R "$SRC/records" "$SRC/schemas" "$dir/"
	rm -rf "$dir/records/events"
	cat >"$dir/records/people.yaml" <<'PEOPLE'
# yaml-language-server: $schema=../schemas/people.schema.yaml
people:
  - id: handlaggare-1
    name: Handläggare Ett
    email: handlaggare-1@example.org
    fte: 1.0
    roles: [staff, reviewer]
  - id: handlaggare-2
    name: Handläggare Två
    email: handlaggare-2@example.org
    fte: 1.0
    roles: [staff, reviewer]
  - id: handlaggare-3
    name: Handläggare Tre
    email: handlaggare-3@example.org
    fte: 0.8
    roles: [staff, auditor]
PEOPLE
	(cd "$dir" && git init -q -b main . && git add -A && git commit -q -m "Start the ledger")
}

# strict DIR INDICATOR: makes the indicator's requirement strict, committed.
strict() {
	(cd "$1" && sed -i "s/strict: false/strict: true/" "records/indicators/$2.yaml" &&
		git commit -qam "$2: its requirement strict")
}

# Writes an event file: write_event DIR DATE SLUG KIND INDICATORS [EXTRA-YAML]
# e.g. write_event ledger 2019-04-12 anbudsskola training I15
write_event() {
	dir=$1 date=$2 slug=$3 kind=$4 inds=$5 extra=${6:-}
	y=${date%%-*}
	m=${date#*-}
	m=${m%%-*}
	mkdir -p "$dir/records/events/$y/$m"
	{
		echo "# yaml-language-server: \$schema=../../../../schemas/event.schema.yaml"
		echo "id: $date-$slug"
		echo "date: $date"
		echo "kind: $kind"
		echo "title: Invented event $slug"
		echo "indicators: [$inds]"
		echo "responsible: handlaggare-1"
		[ -n "$extra" ] && printf '%s\n' "$extra"
	} >"$dir/records/events/$y/$m/$date-$slug.yaml"
	echo "records/events/$y/$m/$date-$slug.yaml"
}

# as N COMMAND...: runs COMMAND as handlaggare-N: a home folder of their own
# with their Git configuration (libgit2 reads $HOME/.gitconfig), and Git's
# identity variables set to them.
as() {
	who=$1
	shift
	h="$TRASH/.home-$who"
	if [ ! -d "$h" ]; then
		mkdir -p "$h"
		HOME=$h git config --global user.name "Handläggare $who"
		HOME=$h git config --global user.email "handlaggare-$who@example.org"
		HOME=$h git config --global init.defaultBranch main
	fi
	(
		HOME=$h
		GIT_AUTHOR_NAME="Handläggare $who"
		GIT_AUTHOR_EMAIL="handlaggare-$who@example.org"
		GIT_COMMITTER_NAME="Handläggare $who"
		GIT_COMMITTER_EMAIL="handlaggare-$who@example.org"
		export HOME GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
		"$@"
	)
}
