#!/bin/sh
# make install and make uninstall into a DESTDIR: the program, the git-plan
# link, the man page, the bash completion and the data 'plan init' copies;
# the installed program finds its data and makes a working ledger; the man
# page renders without warnings and shows every command's usage as its
# --help does; uninstall removes exactly what install put there.
#
# make runs in the source tree with the build the tests run: the SANITIZE
# of a 'make SANITIZE=... test' reaches it through MAKEFLAGS.
. "$(dirname "$0")/lib.sh"

D=$TRASH/dest
P=/opt/plan
unset PLAN_DATADIR

test_expect_success 'make install puts every file in place under DESTDIR' '
	make -s -C "$SRC" install DESTDIR="$D" PREFIX=$P >out 2>&1 &&
	test -x "$D$P/bin/plan" &&
	test "$(readlink "$D$P/bin/git-plan")" = plan &&
	test -f "$D$P/share/man/man1/plan.1" &&
	test "$(cat "$D$P/share/man/man1/git-plan.1")" = ".so man1/plan.1" &&
	test -f "$D$P/share/bash-completion/completions/plan" &&
	test -f "$D$P/share/locale/sv/LC_MESSAGES/plan.mo" &&
	test -f "$D$P/share/man/sv/man1/plan.1" &&
	test "$(cat "$D$P/share/man/sv/man1/git-plan.1")" = ".so man1/plan.1" &&
	test -f "$D$P/share/plan/schemas/event.schema.yaml" &&
	test -f "$D$P/share/plan/schemas/common.schema.yaml" &&
	test -x "$D$P/share/plan/hooks/pre-commit" &&
	test -x "$D$P/share/plan/hooks/pre-receive" &&
	test -f "$D$P/share/plan/records/plan.yaml" &&
	test -f "$D$P/share/plan/records/indicators/I15.yaml" &&
	test ! -e "$D$P/share/plan/records/events" &&
	(cd "$SRC" && find records -type f ! -path "records/events/*" | sort) >expect &&
	(cd "$D$P/share/plan" && find records -type f | sort) >actual &&
	test_cmp expect actual
'

test_expect_success 'the installed plan finds its data: plan init, git plan, a recorded event' '
	PATH="$D$P/bin:$PATH" &&
	plan() { "$D$P/bin/plan" "$@"; } &&
	plan --version >out && test_grep "^plan version " out &&
	plan --lang sv help version >out && test_grep "^användning: plan version" out &&
	plan init fresh >out &&
	test_grep "made a new ledger in fresh" out &&
	test -f fresh/records/plan.yaml && test -f fresh/schemas/event.schema.yaml &&
	test ! -e fresh/records/events &&
	test_grep "^PLAN_INSTALLED=.$D$P/bin/plan.$" fresh/.git/hooks/pre-commit &&
	mv "$D$P/share/plan" "$D$P/share/plan.away" &&
	test_must_fail --status=2 plan init other 2>err &&
	mv "$D$P/share/plan.away" "$D$P/share/plan" &&
	test_grep "cannot find the plan.s shipped schemas" err &&
	cd fresh &&
	git plan --version >../out && test_grep "^plan version " ../out &&
	cat >records/people.yaml <<-\PEOPLE &&
	people:
	  - {id: handlaggare-1, name: Handläggare Ett, email: handlaggare-1@example.org, fte: 1.0, roles: [staff, reviewer]}
	PEOPLE
	grep -q "^  signed: true$" records/plan.yaml && test -f records/allowed_signers &&
	sed -i "s/^  signed: true$/  signed: false/" records/plan.yaml &&
	git commit -qam "Invented staff for the tests, no keys" &&
	PLAN_TODAY=2020-01-15 plan add event --commit --date 2019-04-12 --kind training \
		--indicator I15 --title Anbudsskola >../out 2>../err &&
	test_grep "^records/events/2019/04/2019-04-12-anbudsskola.yaml$" ../out &&
	PLAN_TODAY=2020-01-15 plan check --range HEAD~1..HEAD &&
	git log -1 --format=%s | grep -q "^Record 2019-04-12-anbudsskola (I15)$"
'

test_expect_success 'the installed completion loads and completes from the installed plan' '
	cd fresh &&
	PATH="$D$P/bin:/usr/bin:/bin" bash -c "source \"$D$P/share/bash-completion/completions/plan\" &&
		COMP_WORDS=(plan add event --indicator I3); COMP_CWORD=4; _plan;
		echo \"\${COMPREPLY[*]}\"" >../out 2>../err &&
	test ! -s ../err &&
	echo "I3 I30 I31 I32 I33" >../expect && test_cmp ../expect ../out
'

if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
	test_expect_success 'man -l renders the installed page without warnings' '
		MANWIDTH=80 man --warnings -l "$D$P/share/man/man1/plan.1" >out 2>err &&
		test ! -s err &&
		test_grep "^NAME" out && test_grep "plan add event" out
	'
else
	say "skipped: man -l (man-db is not installed); groff alone checks the page below"
fi

if command -v groff >/dev/null 2>&1; then
	test_expect_success 'groff -ww finds nothing to warn about' '
		groff -man -Tutf8 -ww -z "$SRC/doc/plan.1" 2>err &&
		test ! -s err
	'

	test_expect_success 'every command'"'"'s usage in --help stands in the man page' '
		groff -man -Tascii -P-cbou "$SRC/doc/plan.1" 2>/dev/null | tr -s " \n" "  " >man.txt &&
		"$PLAN" list commands | cut -f1 >commands &&
		test -s commands &&
		while read -r cmd; do
			"$PLAN" help "$cmd" | awk "
				/^\$/ { exit }
				/^usage: / { if (s) print s; s = substr(\$0, 8); next }
				/^   or: / { if (s) print s; s = substr(\$0, 8); next }
				{ s = s \" \" \$0 }
				END { if (s) print s }" |
			tr -s " " " " >usage &&
			while read -r line; do
				if ! grep -q -F -- "$line" man.txt; then
					echo "not in doc/plan.1: $line"
					exit 1
				fi
			done <usage || exit 1
		done <commands
	'
else
	say "skipped: the man page checks (groff is not installed)"
fi

if command -v man >/dev/null 2>&1; then
	test_expect_success 'git help plan and git plan --help show the manual page' '
		MANPATH=$D$P/share/man MANPAGER=cat MANWIDTH=80 PATH=$D$P/bin:$PATH \
			git help plan >help.out 2>&1 &&
		test_grep "plan check" help.out && test_grep "plan audit" help.out &&
		MANPATH=$D$P/share/man MANPAGER=cat MANWIDTH=80 PATH=$D$P/bin:$PATH \
			git plan --help >help2.out 2>&1 &&
		test_cmp help.out help2.out
	'
fi

test_expect_success 'make uninstall removes what install put there, and only that' '
	echo mine >"$D$P/bin/other-tool" &&
	make -s -C "$SRC" uninstall DESTDIR="$D" PREFIX=$P >out 2>&1 &&
	test ! -e "$D$P/bin/plan" && test ! -e "$D$P/bin/git-plan" &&
	test ! -e "$D$P/share/man/man1/plan.1" &&
	test ! -e "$D$P/share/man/man1/git-plan.1" &&
	test ! -e "$D$P/share/bash-completion/completions/plan" &&
	test ! -e "$D$P/share/plan" &&
	test -f "$D$P/bin/other-tool" &&
	find "$D" -type f >left && echo "$D$P/bin/other-tool" >expect && test_cmp expect left
'

test_done
