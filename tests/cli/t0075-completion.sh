#!/bin/sh
# Bash completion (contrib/completion/plan.bash): it loads without a word
# on stderr and completes commands, options, indicator ids (after a comma,
# and only those running on --date), event kinds and people from the ledger,
# in another folder with -C, and 'git plan' through git's own completion.
. "$(dirname "$0")/lib.sh"

COMPLETION=$SRC/contrib/completion/plan.bash
PATH=$(dirname "$PLAN"):$PATH
export PATH COMPLETION

# The completions of the last of the words, on one line.
completions() {
	bash -c 'source "$COMPLETION" || exit 9
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_plan; echo "${COMPREPLY[*]}"' plan "$@"
}

if ! command -v bash >/dev/null 2>&1; then
	say "skipped: bash completion (bash is not installed)"
	test_done
fi

test_expect_success 'the script loads without a word on stderr and registers _plan' '
	bash -c "source \"$COMPLETION\" && complete -p plan" >out 2>err &&
	test ! -s err &&
	test_grep "complete .*-F _plan plan" out &&
	bash -n "$COMPLETION"
'

test_expect_success 'commands, subcommands and options' '
	make_ledger ledger && cd ledger &&
	completions plan "" >../out && test_grep "(^| )add( |$)" ../out &&
	test_grep "(^| )list( |$)" ../out && test_grep "(^| )check( |$)" ../out &&
	test "$(completions plan ad)" = add &&
	test "$(completions plan add "")" = event &&
	test "$(completions plan hooks "")" = install &&
	test "$(completions plan help st)" = status &&
	test "$(completions plan list "")" = "events indicators kinds people commands" &&
	test "$(completions plan add event --ind)" = --indicator &&
	test "$(completions plan add event --dr)" = --dry-run &&
	test "$(completions plan status --format "")" = "text json csv md xlsx" &&
	test "$(completions plan list events --format "")" = "text csv json xlsx" &&
	test "$(completions plan list events --kind sem --format "")" = "text csv json xlsx" &&
	test "$(completions plan imp)" = import &&
	test "$(completions plan check --format "")" = "text json gnu" &&
	test "$(completions plan trace --format "")" = "text json" &&
	test "$(completions plan -)" = "-C --version --help"
'

test_expect_success 'indicator ids, after a comma too, and only those running on --date' '
	cd ledger &&
	test "$(completions plan add event --indicator I1)" = "I1 I10 I11 I12 I13 I14 I15 I16 I17 I18 I19" &&
	test "$(completions plan add event --indicator I14,I3)" = "I14,I3 I14,I30 I14,I31 I14,I32 I14,I33" &&
	completions plan add event --date 2018-02-01 --indicator I1 >../out &&
	test_grep "I15" ../out && test_grep ! "I16" ../out &&
	test "$(completions plan trace I3)" = "I3 I30 I31 I32 I33"
'

test_expect_success 'event kinds (those counting toward --indicator) and people' '
	cd ledger &&
	test "$(completions plan add event --indicator I15 --kind "")" = training &&
	test "$(completions plan add event --kind se)" = seminar &&
	test "$(completions plan add event --kind = tr)" = "training trip" &&
	test "$(completions plan add event --responsible "")" = "handlaggare-1 handlaggare-2 handlaggare-3"
'

test_expect_success 'with -C, the ledger of that folder' '
	test "$(completions plan -C ledger add event --responsible handlaggare-3)" = handlaggare-3 &&
	test -z "$(completions plan add event --responsible "")"
'

if [ -f /usr/share/bash-completion/completions/git ]; then
	test_expect_success 'git plan, through git'"'"'s completion' '
		cd ledger &&
		bash -c "source /usr/share/bash-completion/completions/git &&
			source \"$COMPLETION\" &&
			COMP_WORDS=(git plan add event --kind sem); COMP_CWORD=5
			COMP_LINE=\"git plan add event --kind sem\"; COMP_POINT=\${#COMP_LINE}
			__git_wrap__git_main; echo \"\${COMPREPLY[*]}\"" >../out 2>../err &&
		echo seminar >../expect && test_cmp ../expect ../out
	'
else
	say "skipped: git plan completion (git's bash completion is not installed)"
fi

test_done
