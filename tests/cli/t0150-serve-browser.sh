#!/bin/sh
# plan serve in a real browser: headless Chromium (Debian's chromium and
# chromium-driver, driven by python3-selenium; sh tools/deps.sh --browser
# installs them) on the demo ledger. The overview shows the chart and the
# 33 indicators; the events filter; the form refuses a wrong date and
# writes nothing, then records the event on the person's branch and, with
# the box ticked, sends it to a central repository for review; a second
# person approves that branch with the button, and plan audit stays clean.
# Each step saves screenshots in the test logs (serve-*.png).
. "$(dirname "$0")/lib.sh"

SHOTS=$SRC/${B:-build}/test-logs
PY=python3
python3 -c "import selenium" 2>/dev/null || PY=/usr/bin/python3
BIN=$(dirname "$PLAN")

# serve_as N: starts plan serve in the demo ledger as handlaggare-N (its
# home, Git identity and signing key), on 2021-12-20; sets URL and PID.
serve_as() {
	(
		cd demo/ledger &&
		HOME=$TRASH/demo/homes/$1 PLAN_TODAY=2021-12-20 PATH=$BIN:$PATH \
		GIT_AUTHOR_NAME="Handläggare $1" GIT_AUTHOR_EMAIL=handlaggare-$1@example.org \
		GIT_COMMITTER_NAME="Handläggare $1" GIT_COMMITTER_EMAIL=handlaggare-$1@example.org \
		GIT_AUTHOR_DATE=2021-12-20T14:00:00 GIT_COMMITTER_DATE=2021-12-20T14:00:00 \
		LC_ALL=C.UTF-8 exec "$PLAN" serve --port 0 --lang en
	) >"serve$1.out" 2>"serve$1.err" &
	PID=$!
	echo $PID >>"$TRASH/servers"
	for i in $(seq 50); do
		URL=$(sed -n "s|^plan serve: \(http://[^ ]*\)/ .*|\1|p" "serve$1.out")
		[ -n "$URL" ] && return 0
		sleep 0.2
	done
	cat "serve$1.err"
	return 1
}

stop() {
	kill "$PID" && wait "$PID"
	PID=
}

browse() {
	timeout 300 "$PY" "$SRC/tests/cli/serve-browser.py" "$1" "$URL" "$SHOTS" "$TRASH/profile-$1"
}

test_expect_success 'chromium, chromedriver and selenium are installed (sh tools/deps.sh --browser)' '
	command -v chromium && command -v chromedriver && "$PY" -c "import selenium"
'

test_expect_success 'the demo ledger' '
	DEMO_DIR=$TRASH/demo sh "$SRC/tools/demo.sh" "$PLAN" >demo.out 2>&1 &&
	mkdir -p "$SHOTS"
'

test_expect_success 'the overview shows the chart and the 33 indicators' '
	serve_as 1 && browse overview; rc=$?; stop; test $rc = 0
'

test_expect_success 'the events filter by indicator' '
	serve_as 1 && browse events; rc=$?; stop; test $rc = 0
'

test_expect_success 'the form refuses a wrong date, then records the event and sends it for review' '
	git clone -q --bare demo/ledger central.git &&
	git -C demo/ledger remote add origin "$TRASH/central.git" &&
	git -C demo/ledger fetch -q origin &&
	serve_as 1 && browse form; rc=$?; stop; test $rc = 0 &&
	test "$(git -C central.git rev-parse handlaggare-1/2021-12-20)" = \
		"$(git -C demo/ledger rev-parse handlaggare-1/2021-12-20)" &&
	cd demo/ledger &&
	git rev-parse --verify -q handlaggare-1/2021-12-20 >/dev/null &&
	test "$(git log --format=%s main..handlaggare-1/2021-12-20)" = \
		"Record 2021-12-15-informationsseminarium-om-social-hansyn-december (I14)" &&
	test "$(git diff --name-only main handlaggare-1/2021-12-20)" = \
		records/events/2021/12/2021-12-15-informationsseminarium-om-social-hansyn-december.yaml &&
	test -z "$(git status --porcelain)"
'

test_expect_success 'a second person approves the branch; plan audit stays clean' '
	serve_as 2 && browse approve; rc=$?; stop; test $rc = 0 &&
	cd demo/ledger &&
	git merge-base --is-ancestor handlaggare-1/2021-12-20 main &&
	git log -1 --format=%B main >msg &&
	test_grep "^Approved-by: handlaggare-2 <handlaggare-2@example.org>" msg &&
	plan audit >audit.out &&
	test_grep "0 of them not properly approved" audit.out &&
	plan check
'

# A server that a failed test left running is stopped.
[ -f "$TRASH/servers" ] && for p in $(cat "$TRASH/servers"); do kill "$p" 2>/dev/null; done

test_done
