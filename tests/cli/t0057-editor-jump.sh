#!/bin/sh
# Jumping to findings in a real editor: Vim (Debian's vim) in batch mode
# reads plan check's output into its error list (:cfile), as :make would,
# from a folder below the ledger's root, and jumps to each finding. With
# --format gnu the columns count bytes, so the jump lands on the value
# after an 'Å', and Vim's errorformat for GCC sees error or warning.
. "$(dirname "$0")/lib.sh"

EV=records/events/2019/04

# vim_errors FINDINGS [EX-COMMAND]: in the current folder, Vim reads FINDINGS
# into its error list (after EX-COMMAND, such as "compiler gcc") and prints,
# for each entry it understood, where it jumps: file, line, column, type,
# and the line's text from the column on.
vim_errors() {
	cat >"$TRASH/jump.vim" <<-EOF
	${2:-}
	cfile $1
	let out = []
	let n = 0
	for e in getqflist()
	  let n += 1
	  if e.valid
	    execute 'cc ' . n
	    call add(out, printf('%s:%d:%d:%s: %s', expand('%'), line('.'), col('.'), e.type, getline('.')[col('.') - 1 :]))
	  endif
	endfor
	call writefile(out, '$TRASH/vim.out')
	qall!
	EOF
	rm -f "$TRASH/vim.out" &&
	timeout 60 vim -N -es -u NONE -i NONE -S "$TRASH/jump.vim" </dev/null &&
	cat "$TRASH/vim.out"
}

test_expect_success 'Vim with its error lists (Debian vim, not vim-tiny)' '
	vim --version >version &&
	test_grep "\+quickfix" version
'

test_expect_success 'a ledger with findings after letters such as Å' '
	make_ledger L &&
	mkdir -p L/$EV &&
	cat >L/$EV/2019-04-12-kurs.yaml <<-\EOF &&
	# yaml-language-server: $schema=../../../../schemas/event.schema.yaml
	id: 2019-04-12-kurs
	date: 2019-04-12
	kind: workshop
	title: Kurs i Örebro
	indicators: [Å15, 15, I15]
	responsible: handlaggare-1
	EOF
	(cd L/records/events && test_must_fail plan check --format gnu --today 2020-01-01) >gnu &&
	cat gnu &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:20: error: /indicators/1: must be text, not a whole number \[schema\]$" gnu &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:24: warning: a workshop does not count toward I15.* \[counts\]$" gnu &&
	(cd L/records/events && test_must_fail plan check --today 2020-01-01) >text &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:19: error\[schema\]: /indicators/1: must be text" text
'

test_expect_success 'Vim with :compiler gcc jumps to each finding, at the right byte, and knows its type' '
	(cd L/records/events && vim_errors "$TRASH/gnu" "compiler gcc") >jumps &&
	cat jumps &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:14:e: Å15, 15, I15\]$" jumps &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:20:e: 15, I15\]$" jumps &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:24:w: I15\]$" jumps
'

test_expect_success 'Vim default errorformat finds the files and the bytes too' '
	(cd L/records/events && vim_errors "$TRASH/gnu") >jumps &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:20:: 15, I15\]$" jumps &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:24:: I15\]$" jumps
'

test_expect_success 'the text format counts characters: Vim lands a byte early after Å' '
	(cd L/records/events && vim_errors "$TRASH/text") >jumps &&
	test_grep "^2019/04/2019-04-12-kurs.yaml:6:19::  15, I15\]$" jumps
'

test_expect_success '--format gnu with paths and --staged; a usage error with --range' '
	(cd L && git add -A && test_must_fail plan check --staged --format gnu --today 2020-01-01 >../staged) &&
	test_grep "^records/events/2019/04/2019-04-12-kurs.yaml:6:20: error: " staged &&
	(cd L/$EV && test_must_fail plan check --format gnu --today 2020-01-01 . >../../../../../here) &&
	test_grep "^2019-04-12-kurs.yaml:6:20: error: " here &&
	(cd L && test_must_fail --status=2 plan check --format gnu --range HEAD..HEAD 2>../err) &&
	test_grep "format gnu goes with a check of the work tree" err
'

test_done
