#!/bin/sh
# The central repository behind a real web server: Apache (Debian's apache2)
# with git-http-backend and the configuration 'plan init --bare
# --apache-config' prints, started here on 127.0.0.1 with its own ServerRoot
# in the test's folder. A login per person (htpasswd); the pre-receive hook
# knows who pushed (REMOTE_USER): their own branches only, main only for a
# reviewer. The workflow runs through it: join, submit, review, approve,
# sync, audit.
. "$(dirname "$0")/lib.sh"

if ! command -v apache2 >/dev/null 2>&1 && ! [ -x /usr/sbin/apache2 ]; then
	say "skipped: Apache (apache2 is not installed; tools/deps.sh installs it)"
	test_done
fi
APACHE=$(command -v apache2 || echo /usr/sbin/apache2)
MODULES=/usr/lib/apache2/modules

person() {
	n=$1 day=$2
	shift 2
	PLAN_TODAY=$day GIT_AUTHOR_DATE="${day}T10:00:00Z" GIT_COMMITTER_DATE="${day}T10:00:00Z" \
		as "$n" "$@"
}

stop_apache() {
	if [ -f "$TRASH/apache/httpd.pid" ]; then
		kill "$(cat "$TRASH/apache/httpd.pid")" 2>/dev/null
		i=0
		while [ -f "$TRASH/apache/httpd.pid" ] && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
}
trap stop_apache EXIT

test_expect_success 'a ledger, its central repository and the configuration for Apache' '
	plan init --unsigned \
		--person "id=handlaggare-1,name=Handläggare 1,email=handlaggare-1@example.org,roles=staff+reviewer" \
		--person "id=handlaggare-2,name=Handläggare 2,email=handlaggare-2@example.org,roles=staff+reviewer" \
		--person "id=handlaggare-3,name=Handläggare 3,email=handlaggare-3@example.org,roles=staff" \
		L >/dev/null &&
	mkdir srv && plan init --bare srv/central.git --from L --apache-config >conf.out 2>err &&
	test_grep "made a central ledger repository" err &&
	test_grep ! "^(installed|made) " conf.out &&
	test_grep "^ScriptAlias /ledger/ .*/git-http-backend/$" conf.out &&
	test_grep "^    Require valid-user$" conf.out &&
	test_grep "htpasswd -c /etc/apache2/plan-ledger.passwd" conf.out &&
	sed -n "/^SetEnv GIT_PROJECT_ROOT/,/^<\\/Location>/p" conf.out |
		sed "s|/etc/apache2/plan-ledger.passwd|$TRASH/passwd|" >ledger.conf &&
	test_grep "^SetEnv GIT_PROJECT_ROOT $TRASH/srv$" ledger.conf &&
	htpasswd -bcB passwd handlaggare-1 losen-1 2>/dev/null &&
	htpasswd -bB passwd handlaggare-2 losen-2 2>/dev/null &&
	htpasswd -bB passwd handlaggare-3 losen-3 2>/dev/null
'

test_expect_success 'Apache starts on 127.0.0.1 with that configuration' '
	port=$(python3 -c "import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])") &&
	echo "$port" >port &&
	mkdir -p apache/run &&
	if [ "$(id -u)" -eq 0 ]; then
		# Apache will not serve as root: its workers run as www-data, who owns the repository.
		chmod 755 "$TRASH" && chown -R www-data: srv && chmod 644 passwd &&
		user="User www-data
Group www-data"
	else
		user=
	fi &&
	cat >apache/httpd.conf <<-EOF &&
	ServerRoot "$TRASH/apache"
	DefaultRuntimeDir "$TRASH/apache/run"
	Listen 127.0.0.1:$port
	ServerName 127.0.0.1
	PidFile "$TRASH/apache/httpd.pid"
	ErrorLog "$TRASH/apache/error.log"
	LoadModule mpm_prefork_module $MODULES/mod_mpm_prefork.so
	LoadModule authn_core_module $MODULES/mod_authn_core.so
	LoadModule authz_core_module $MODULES/mod_authz_core.so
	LoadModule auth_basic_module $MODULES/mod_auth_basic.so
	LoadModule authn_file_module $MODULES/mod_authn_file.so
	LoadModule authz_user_module $MODULES/mod_authz_user.so
	LoadModule alias_module $MODULES/mod_alias.so
	LoadModule cgi_module $MODULES/mod_cgi.so
	LoadModule env_module $MODULES/mod_env.so
	StartServers 2
	$user
	Include "$TRASH/ledger.conf"
	EOF
	"$APACHE" -f "$TRASH/apache/httpd.conf" -k start &&
	i=0 && while ! [ -f apache/httpd.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done &&
	test -f apache/httpd.pid &&
	test_must_fail --status=128 git ls-remote "http://127.0.0.1:$port/ledger/central.git" 2>err &&
	test_grep "401|Authentication failed|could not read Username" err
'

url() {
	echo "http://handlaggare-$1:losen-$1@127.0.0.1:$(cat "$TRASH/port")/ledger/central.git"
}

test_expect_success 'each person joins through the web server with their login' '
	for n in 1 2 3; do
		person $n 2020-01-13 plan join "$(url $n)" c$n >out || return 1
	done &&
	test_grep "You are handlaggare-3" out
'

test_expect_success 'staff submit, a reviewer reviews and approves, through the web server' '
	cd c3 &&
	person 3 2020-03-12 plan add event --date 2020-03-10 --kind seminar --indicator I14 \
		--title "Seminarium om upphandling" --submit >../out &&
	test_grep "Sent for review: the branch handlaggare-3/2020-03-12" ../out &&
	cd ../c2 &&
	person 2 2020-03-13 plan review --pending >../out &&
	test_grep "^origin/handlaggare-3/2020-03-12	1 commit" ../out &&
	person 2 2020-03-13 plan review origin/handlaggare-3/2020-03-12 >../out &&
	test_grep "added event 2020-03-10-seminarium-om-upphandling" ../out &&
	person 2 2020-03-13 plan approve origin/handlaggare-3/2020-03-12 >../out &&
	test_grep "on the central repository" ../out
'

test_expect_success 'a push to someone else.s branch is refused' '
	cd c3 &&
	person 3 2020-03-20 plan sync >/dev/null &&
	person 3 2020-03-20 plan add event --date 2020-03-18 --kind seminar --indicator I14 \
		--title "Andra seminariet" --commit >/dev/null &&
	test_must_fail git push -q origin HEAD:refs/heads/handlaggare-1/2020-03-20 2>../err &&
	test_grep "handlaggare-3 may push only their own branches, named handlaggare-3/" ../err &&
	test_must_fail git push -q origin HEAD:refs/heads/anything 2>../err &&
	test_grep "may push only their own branches" ../err
'

test_expect_success 'a push to main by staff is refused; by a reviewer it is not' '
	cd c3 &&
	test_must_fail git push -q origin HEAD:main 2>../err &&
	test_grep "handlaggare-3 has no reviewer role, so may not change main" ../err &&
	person 3 2020-03-20 plan submit >../out &&
	test_grep "moved to the branch handlaggare-3/2020-03-20" ../out &&
	cd ../c1 &&
	person 1 2020-03-21 plan approve origin/handlaggare-3/2020-03-20 >../out &&
	test_grep "on the central repository" ../out
'

test_expect_success 'plan sync through the web server; the audit is clean' '
	cd c3 && person 3 2020-03-22 plan sync >../out &&
	test_grep "Approve origin/handlaggare-3/2020-03-20" ../out &&
	test "$(git rev-parse main)" = "$(git rev-parse origin/main)" &&
	plan audit >../out &&
	test_grep "3 commits on the main line, 2 changing records, 0 of them not properly approved" ../out
'

stop_apache
test_expect_success 'Apache stopped' '
	test ! -f apache/httpd.pid
'

test_done
