#!/bin/sh
# tools/deps.sh installs everything that the build, the demo and the tests
# run, so that the README's two commands work on a Debian with nothing
# installed: every program that a script or the C code runs is either in
# deps.sh's table or part of every Debian system (Essential, or priority
# required, which a minimal debootstrap installs), or one of the three
# packages the README asks for first (git, make, ca-certificates).
. "$(dirname "$0")/lib.sh"

DEPS=$SRC/tools/deps.sh

test_expect_success 'every program the scripts and tools run comes from a listed package' '
	sh "$DEPS" --list >table &&
	test_grep "^cmd cc gcc$" table &&
	test_grep "^cmd python3 python3$" table &&
	test_grep "^cmd chromium chromium$" table &&
	(cd "$SRC" && python3 tests/cli/deps-scan.py tests/cli/*.sh tests/run.sh \
		tools/demo.sh hooks/* $(find tools -name "*.c")) >used &&
	test_grep "^git " used && test_grep "^ssh-keygen tools/lib/audit/audit.c" used &&
	test_grep "^python3 " used && test_grep "^chromium " used &&
	: >unlisted &&
	awk "{print \$1}" used | sort -u | while read -r prog; do
		grep -q "^cmd $prog " table && continue
		path=
		for d in /usr/bin /bin /usr/sbin /sbin; do
			[ -x "$d/$prog" ] && { path=$d/$prog; break; }
		done
		[ -n "$path" ] || continue
		pkg=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1)
		[ -n "$pkg" ] || pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1)
		[ -n "$pkg" ] || continue
		case " git make ca-certificates " in *" $pkg "*) continue ;; esac
		grep -q " $pkg$" table && continue
		how=$(dpkg-query -W -f="\${Essential} \${Priority}" "$pkg" 2>/dev/null)
		case "$how" in yes\ * | *\ required) continue ;; esac
		echo "$prog (Debian package $pkg, $how), run by: $(grep "^$prog " used | cut -d" " -f2 | tr "\n" " ")" >>unlisted
	done &&
	if [ -s unlisted ]; then
		echo "these programs are run but tools/deps.sh does not install them; add a line to its table:"
		cat unlisted
		false
	fi
'

# A bin folder with the few commands deps.sh needs, and a stand-in "id"
# that says who we are; no compiler, no pkg-config, no sudo.
fake_bin() {
	mkdir -p "$1" &&
	for c in sh awk tr find head grep cat dpkg-query; do
		ln -sf "$(command -v $c)" "$1/$c" || return 1
	done &&
	printf "#!/bin/sh\necho %s\n" "$2" >"$1/id" && chmod +x "$1/id"
}

test_expect_success 'as another user without sudo, it prints one su command naming the compiler' '
	fake_bin bin 1000 &&
	printf "#!/bin/sh\nexit 0\n" >bin/apt-get && chmod +x bin/apt-get &&
	test_must_fail env PATH=$TRASH/bin sh "$DEPS" 2>err &&
	test_grep "missing: gcc .*binutils pkg-config" err &&
	test_grep "^  su -c .apt-get update && apt-get install -y --no-install-recommends gcc .*libgit2-dev.*python3 .*.$" err &&
	test_grep ! "sudo" err
'

test_expect_success 'with sudo there, it prints the sudo command instead' '
	printf "#!/bin/sh\nexit 0\n" >bin/sudo && chmod +x bin/sudo &&
	test_must_fail env PATH=$TRASH/bin sh "$DEPS" 2>err &&
	test_grep "^  sudo sh -c .apt-get update && apt-get install -y --no-install-recommends gcc " err
'

test_expect_success 'as root it runs apt-get with every missing package, and checks the result' '
	fake_bin root 0 &&
	printf "#!/bin/sh\necho \"\$*\" >>%s/apt.log\n" "$TRASH" >root/apt-get && chmod +x root/apt-get &&
	test_must_fail env PATH=$TRASH/root sh "$DEPS" 2>err &&
	test_grep "^install -y -qq --no-install-recommends gcc (libc6-dev )?binutils pkg-config libgit2-dev libyaml-dev libpcre2-dev libcmocka-dev (libcsv-dev )?libxlsxwriter-dev libminizip-dev libexpat1-dev libmicrohttpd-dev git openssh-client python3 python3-yaml python3-openpyxl man-db groff-base pre-commit strace procps gettext nodejs npm vim (apache2 )?apache2-utils$" apt.log &&
	test_grep "still missing what these packages should bring: gcc" err
'

test_expect_success 'on this machine nothing is missing' '
	sh "$DEPS" && sh "$DEPS" --browser
'

# A tree with one stand-in suite runner and no other test, for tests/run.sh.
suite_tree() {
	mkdir -p "$1/b/tests" "$1/tests/cli" &&
	printf "#!/bin/sh\necho \"7 passed, 0 failed\"\n" >"$1/b/tests/suite_yaml" &&
	chmod +x "$1/b/tests/suite_yaml"
}

test_expect_success 'a missing conformance suite fails the run, by name, and is never counted' '
	suite_tree t && (cd t &&
	test_must_fail env -u CI -u PLAN_SUITES B=b PLAN_SUITES_DIR=nowhere sh "$SRC/tests/run.sh" >../out) &&
	test_grep "did NOT run: yaml-test-suite" out &&
	test_grep "PLAN_SUITES=skip make test" out &&
	test "$(tail -n 1 out)" = "0 passed, 1 failed"
'

test_expect_success 'PLAN_SUITES=skip goes on without it, but not under CI=true' '
	(cd t && env -u CI B=b PLAN_SUITES=skip PLAN_SUITES_DIR=nowhere sh "$SRC/tests/run.sh" >../out) &&
	test_grep "did NOT run: yaml-test-suite" out &&
	test "$(tail -n 1 out)" = "0 passed, 0 failed" &&
	(cd t && test_must_fail env CI=true B=b PLAN_SUITES=skip PLAN_SUITES_DIR=nowhere \
		sh "$SRC/tests/run.sh" >../out) &&
	test "$(tail -n 1 out)" = "0 passed, 1 failed"
'

test_expect_success 'a suite that is there runs from the folder given' '
	mkdir -p suites/yaml-test-suite &&
	(cd t && B=b PLAN_SUITES_DIR=../suites sh "$SRC/tests/run.sh" >../out) &&
	test "$(tail -n 1 out)" = "7 passed, 0 failed"
'

test_done
