#!/bin/sh
# plan serve over a real socket, without a browser: what it listens on,
# the Host check and the form's checks through libmicrohttpd, a body too
# large, a bare repository showing only, bad options, and Ctrl-C (SIGINT)
# and SIGTERM ending it cleanly.
. "$(dirname "$0")/lib.sh"

# start DIR [OPTION...]: plan serve --port 0 in DIR; sets PID and URL.
start() {
	dir=$1
	shift
	(cd "$dir" && PLAN_TODAY=2020-06-30 exec "$PLAN" serve --port 0 --lang en "$@") \
		>serve.out 2>serve.err &
	PID=$!
	echo $PID >>"$TRASH/servers"
	for i in $(seq 50); do
		URL=$(sed -n "s|^plan serve: \(http://[^ ]*\)/ .*|\1|p" serve.out)
		[ -n "$URL" ] && return 0
		sleep 0.2
	done
	cat serve.err
	return 1
}

# ask METHOD PATH [HOST] [BODY] [HEADER:VALUE...]: prints the status and the body.
ask() {
	python3 - "$URL" "$@" <<-\PY
	import http.client, sys, urllib.parse
	url, method, path = sys.argv[1:4]
	host = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
	body = sys.argv[5] if len(sys.argv) > 5 else None
	u = urllib.parse.urlparse(url)
	c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
	c.putrequest(method, path, skip_host=True)
	c.putheader("Host", host or u.netloc)
	for h in sys.argv[6:]:
	    k, v = h.split(":", 1)
	    c.putheader(k, v.replace("URL", url))
	data = body.encode() if body is not None else None
	if data is not None:
	    c.putheader("Content-Length", str(len(data)))
	c.endheaders(data)
	r = c.getresponse()
	print(r.status)
	for k, v in r.getheaders():
	    print("header %s: %s" % (k.lower(), v))
	print(r.read().decode("utf-8", "replace"))
	PY
}

FORM=Content-Type:application/x-www-form-urlencoded

test_expect_success 'a ledger with an event' '
	make_ledger L &&
	write_event L 2019-04-12 seminarium seminar I14 >/dev/null &&
	(cd L && git add -A && git commit -qm event)
'

test_expect_success 'it listens on 127.0.0.1 and serves the overview with its security headers' '
	start L &&
	case "$URL" in http://127.0.0.1:*) ;; *) false ;; esac &&
	test_grep "recording and approving on" serve.out &&
	ask GET / >out &&
	test "$(head -n 1 out)" = 200 &&
	test_grep "^header content-security-policy: default-src .none." out &&
	test_grep "^header x-frame-options: DENY" out &&
	test_grep "data-indicator=\"I14\"" out &&
	# Another Host is refused, also localhost under another port.
	ask GET / evil.example >out && test "$(head -n 1 out)" = 421 &&
	ask GET / "localhost:1" >out && test "$(head -n 1 out)" = 421 &&
	port=${URL##*:} &&
	ask GET / "localhost:$port" >out && test "$(head -n 1 out)" = 200 &&
	# The query and the path as sent, not as the server library decoded them.
	ask GET "/events?q=%zz" >out && test "$(head -n 1 out)" = 400 &&
	ask GET "/event/..%2F..%2F.git%2Fconfig" >out && test "$(head -n 1 out)" = 404 &&
	ask GET "/../../etc/passwd" >out && test "$(head -n 1 out)" = 404 &&
	test_grep ! "root:" out &&
	# Ctrl-C ends it with status 0.
	kill -INT $PID && wait $PID
'

test_expect_success 'a form without the token, from elsewhere, or too large is refused' '
	start L &&
	ask POST /new "" "title=x" $FORM "Origin:URL" >out &&
	test "$(head -n 1 out)" = 403 &&
	test_grep "out of date or not from this server" out &&
	token=$(ask GET /new | sed -n "s/.*name=\"token\" value=\"\([0-9a-f]*\)\".*/\1/p" | head -n 1) &&
	test ${#token} = 32 &&
	ask POST /new "" "token=$token" $FORM "Origin:http://evil.example" >out &&
	test "$(head -n 1 out)" = 403 &&
	big=$(python3 -c "print(\"x=\" + \"a\" * 70000)") &&
	ask POST /new "" "$big" $FORM "Origin:URL" >out &&
	test "$(head -n 1 out)" = 413 &&
	ask POST /new "" "token=$token&date=2019-02-30" $FORM "Origin:URL" >out &&
	test "$(head -n 1 out)" = 422 &&
	test_grep "id=\"err-date\"" out &&
	test -z "$(cd L && git branch --list "handlaggare-1/*")" &&
	kill -TERM $PID && wait $PID
'

# post_event TITLE [send=1]: records an event through the form; prints the status and the page.
post_event() {
	token=$(ask GET /new | sed -n "s/.*name=\"token\" value=\"\([0-9a-f]*\)\".*/\1/p" | head -n 1) &&
	ask POST /new "" "token=$token&date=2019-12-12&kind=seminar&indicator=I14&title=$1&responsible=handlaggare-1${2:+&$2}" \
		$FORM "Origin:URL"
}

test_expect_success 'the form can send the event for review to a real central repository' '
	git clone -q --bare L central.git &&
	(cd L && git config user.email handlaggare-1@example.org &&
	 git remote add origin "$TRASH/central.git" && git fetch -q origin) &&
	start L &&
	ask GET /new >out &&
	test_grep "<input type=\"checkbox\" name=\"send\" id=\"f-send\" value=\"1\">" out &&
	post_event Seminarium+ett send=1 >out &&
	test "$(head -n 1 out)" = 200 &&
	test_grep "id=\"sent\"" out &&
	test_grep ! "id=\"not-sent\"" out &&
	kill $PID && wait $PID &&
	git -C central.git rev-parse --verify -q refs/heads/handlaggare-1/2020-06-30 >/dev/null &&
	test "$(git -C central.git rev-parse handlaggare-1/2020-06-30)" = \
		"$(git -C L rev-parse handlaggare-1/2020-06-30)" &&
	git -C central.git log --format=%s main..handlaggare-1/2020-06-30 >log &&
	test_grep "^Record 2019-12-12-seminarium-ett .I14.$" log
'

test_expect_success 'the server work tree lets the branch go: git branch -D and git switch work' '
	(cd L && git worktree list) >wt &&
	test_grep "serve-worktree .*(detached HEAD)" wt &&
	git -C L branch -D handlaggare-1/2020-06-30 &&
	git -C L push -q origin :handlaggare-1/2020-06-30
'

test_expect_success 'without the box ticked, the event is committed and the page says how to send it' '
	start L &&
	post_event Seminarium+tva >out &&
	kill $PID && wait $PID &&
	test "$(head -n 1 out)" = 200 &&
	test_grep "id=\"not-sent\"" out &&
	test_grep "git switch handlaggare-1/2020-06-30" out &&
	git -C L rev-parse --verify -q handlaggare-1/2020-06-30 >/dev/null &&
	test_must_fail git -C central.git rev-parse --verify -q refs/heads/handlaggare-1/2020-06-30
'

test_expect_success 'when the central repository is unreachable the event is still committed, and the page says so' '
	git -C L remote set-url origin "$TRASH/nowhere.git" &&
	start L &&
	post_event Seminarium+tre send=1 >out &&
	kill $PID && wait $PID &&
	test "$(head -n 1 out)" = 200 &&
	test_grep "id=\"not-sent\"" out &&
	test_grep "not sent for review" out &&
	test_grep "plan submit" out &&
	git -C L log --format=%s main..handlaggare-1/2020-06-30 >log &&
	test_grep "^Record 2019-12-12-seminarium-tre .I14.$" log &&
	test_must_fail git -C central.git rev-parse --verify -q refs/heads/handlaggare-1/2020-06-30 &&
	# What the page says to do sends it, once the central repository is back.
	git -C L remote set-url origin "$TRASH/central.git" &&
	(cd L && git switch -q handlaggare-1/2020-06-30 && "$PLAN" submit >../submit.out) &&
	git -C central.git rev-parse --verify -q refs/heads/handlaggare-1/2020-06-30 >/dev/null &&
	git -C L switch -q main
'

test_expect_success 'with --read-only, or in a bare repository, the pages only show' '
	start L --read-only && ask GET /new >out && kill $PID && wait $PID &&
	test "$(head -n 1 out)" = 403 &&
	git clone -q --bare L bare.git &&
	start bare.git &&
	test_grep "read-only" serve.out &&
	ask GET / >out && test "$(head -n 1 out)" = 200 &&
	test_grep ! "href=\"/new\"" out &&
	ask GET /new >out2 && kill $PID && wait $PID &&
	test "$(head -n 1 out2)" = 403
'

test_expect_success 'bad options and a taken port are refused in words' '
	test_must_fail --status=2 plan serve --port 70000 2>err &&
	test_grep "port is a number" err &&
	test_must_fail --status=2 plan serve --bind example.org 2>err &&
	test_grep "IPv4 address" err &&
	start L && port=${URL##*:} &&
	(cd L && "$PLAN" serve --port $port 2>../err; test $? = 2) ; rc=$?;
	kill $PID && wait $PID && test $rc = 0 &&
	test_grep "cannot listen on 127.0.0.1 port $port" err
'

# A server that a failed test left running is stopped.
[ -f "$TRASH/servers" ] && for p in $(cat "$TRASH/servers"); do kill "$p" 2>/dev/null; done

test_done
