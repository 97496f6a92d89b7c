#!/bin/sh
# plan lint-yaml on hostile and broken record files: each must exit 1 with a
# clear error[yaml] finding at path:line:col, within a timeout (a hang is a
# failure, not a slow pass) and, outside a sanitizer build, under a memory
# ceiling. Big inputs are made here, never committed. Speed itself belongs
# in the benchmarks, not here.
. "$(dirname "$0")/lib.sh"

# Runs plan lint-yaml under a 10 s timeout and, unless plan was built with a
# sanitizer (whose shadow memory needs terabytes of address space), with at
# most 512 MB of address space.
lint() {
	case $PLAN in
	*/sanitize/*)
		timeout 10 "$PLAN" lint-yaml "$@"
		;;
	*)
		(ulimit -v 524288 && timeout 10 "$PLAN" lint-yaml "$@")
		;;
	esac
}

# Lints FILE, which must be rejected: exit 1, nothing on stderr, and a
# finding at POS (line:col) whose message matches WORDS.
lint_rejects() {
	file=$1 pos=$2 words=$3
	test_must_fail lint "$file" >out 2>err &&
	test_grep "^$file:$pos: error\[yaml\]: .*$words" out &&
	! test -s err
}

# Writes STRING repeated COUNT times.
repeat() {
	python3 -c 'import sys; sys.stdout.write(sys.argv[1] * int(sys.argv[2]))' "$1" "$2"
}

cat >record.yaml <<'EOF'
id: 2019-05-20-kartlaggning-presenterad
date: 2019-05-20
title: Kartläggningen presenterad för länets föreningar
indicators: [I14, I15]
EOF

test_expect_success 'a valid record passes quietly' '
	lint record.yaml >out 2>err &&
	! test -s out &&
	! test -s err
'

test_expect_success 'an alias bomb is stopped at its first anchor, in few lines' '
	printf "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" >bomb.yaml &&
	p=a &&
	for x in b c d e f g h i; do
		printf "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n" \
			$x $x $p $p $p $p $p $p $p $p $p >>bomb.yaml || return 1
		p=$x
	done &&
	lint_rejects bomb.yaml 1:4 "anchors \(&a\) are not allowed in records" &&
	test_grep "more problems from here on" out &&
	test $(wc -l <out) -le 22
'

test_expect_success 'a self-referencing alias is rejected' '
	printf "a: &a [*a]\n" >self.yaml &&
	lint_rejects self.yaml 1:4 "anchors \(&a\) are not allowed" &&
	test_grep "^self.yaml:1:8: error\[yaml\]: aliases \(\*a\) are not allowed" out
'

test_expect_success '100 KB of [ is over the size limit' '
	repeat "[" 102400 >brackets.yaml &&
	lint_rejects brackets.yaml 1:1 "larger than 64.0 KiB, the most a record file may hold"
'

test_expect_success '60 KB of [ stops at the depth limit' '
	repeat "[" 61440 >brackets60.yaml &&
	lint_rejects brackets60.yaml 1:17 "nested more than 16 levels deep"
'

test_expect_success '50,000 nested list items are over the size limit' '
	{ repeat "- " 50000 && echo x; } >dashes.yaml &&
	lint_rejects dashes.yaml 1:1 "larger than 64.0 KiB"
'

test_expect_success '30,000 nested list items stop at the depth limit' '
	{ repeat "- " 30000 && echo x; } >dashes30.yaml &&
	lint_rejects dashes30.yaml 1:33 "nested more than 16 levels deep"
'

test_expect_success 'a duplicate id names both lines' '
	printf "id: A1\ntitle: x\nid: A2\n" >dup.yaml &&
	lint_rejects dup.yaml 3:1 "the key .id. appears twice in the same mapping, on line 1 and line 3"
'

test_expect_success 'a second document is rejected' '
	printf "id: A1\n---\nid: A2\n" >two.yaml &&
	lint_rejects two.yaml 2:1 "more than one document"
'

test_expect_success 'a !!str tag is rejected' '
	printf "id: !!str 12\n" >tag.yaml &&
	lint_rejects tag.yaml 1:5 "tags \(here .!!str.\) are not allowed in records"
'

test_expect_success 'a merge key is rejected' '
	printf "base: {a: 1}\nother:\n  <<: {a: 2}\n" >merge.yaml &&
	lint_rejects merge.yaml 3:3 "merge keys \(<<\) are not allowed in records"
'

test_expect_success 'Latin-1 text is named as such' '
	printf "id: A1\ntitle: V\345r plan\n" >latin1.yaml &&
	lint_rejects latin1.yaml 2:9 "not valid UTF-8 here \(byte 0xE5\).*Latin-1.*save it as UTF-8"
'

test_expect_success 'UTF-16 with a byte-order mark is named as such' '
	printf "\377\376i\000d\000:\000 \000x\000\n\000" >utf16le-bom.yaml &&
	lint_rejects utf16le-bom.yaml 1:1 "saved as UTF-16; save it as UTF-8" &&
	printf "\376\377\000i\000d\000:\000 \000x\000\n" >utf16be-bom.yaml &&
	lint_rejects utf16be-bom.yaml 1:1 "saved as UTF-16; save it as UTF-8"
'

test_expect_success 'UTF-16 without a byte-order mark is named as such' '
	printf "i\000d\000:\000 \000x\000\n\000" >utf16le.yaml &&
	lint_rejects utf16le.yaml 1:1 "saved as UTF-16 .*save it as UTF-8" &&
	printf "\000i\000d\000:\000 \000x\000\n" >utf16be.yaml &&
	lint_rejects utf16be.yaml 1:1 "saved as UTF-16 .*save it as UTF-8"
'

test_expect_success 'a UTF-8 byte-order mark is rejected' '
	printf "\357\273\277id: A1\n" >bom.yaml &&
	lint_rejects bom.yaml 1:1 "byte-order mark.*save it as UTF-8 without BOM"
'

test_expect_success 'a NUL byte inside a quoted text is found where it is' '
	printf "id: A1\ntitle: \"a\000b\"\n" >nul.yaml &&
	lint_rejects nul.yaml 2:10 "NUL character"
'

test_expect_success 'U+202E (right-to-left override) is rejected' '
	printf "id: A1\ntitle: \"abc\342\200\256def\"\n" >rlo.yaml &&
	lint_rejects rlo.yaml 2:12 "invisible character U\+202E.*delete it"
'

test_expect_success 'a 10 MB file is over the size limit' '
	python3 -c "import sys; sys.stdout.write((\"k: \" + \"x\" * 70 + \"\\n\") * 150000)" >big.yaml &&
	test $(wc -c <big.yaml) -gt 10000000 &&
	lint_rejects big.yaml 1:1 "larger than 64.0 KiB"
'

test_expect_success 'a 50 MB value is over the size limit' '
	{ printf "title: " && repeat x 52428800 && echo; } >scalar.yaml &&
	lint_rejects scalar.yaml 1:1 "larger than 64.0 KiB"
'

test_expect_success 'a 60 KB value is over the value limit' '
	{ printf "title: " && repeat x 61440 && echo; } >scalar60.yaml &&
	lint_rejects scalar60.yaml 1:8 "this value is 60.0 KiB long; a value may be at most 4.0 KiB"
'

test_expect_success '--format json gives every field of every finding' '
	test_must_fail lint --format json dup.yaml bom.yaml >out.json &&
	python3 - out.json <<-\EOF
	import json, sys
	doc = json.load(open(sys.argv[1]))
	found = doc["findings"]
	assert len(found) == 2, found
	for f in found:
	    assert set(f) >= {"path", "line", "column", "severity", "rule", "message"}, f
	    assert f["severity"] == "error" and f["rule"] == "yaml", f
	assert [(f["path"], f["line"], f["column"]) for f in found] == \
	    [("bom.yaml", 1, 1), ("dup.yaml", 3, 1)], found
	assert doc["errors"] == 2, doc
	EOF
'

test_expect_success 'several files report every finding, sorted by file and line' '
	printf "b: 1\n---\nx: !!int 2\n" >b.yaml &&
	printf "id: a\nid: b\nt: &x 1\n" >a.yaml &&
	test_must_fail lint b.yaml record.yaml a.yaml >out &&
	cat >expect <<-\EOF &&
	a.yaml:2:1: error[yaml]: the key '\''id'\'' appears twice in the same mapping, on line 1 and line 2; keep one of them
	a.yaml:3:4: error[yaml]: anchors (&x) are not allowed in records; write the value out in full
	b.yaml:2:1: error[yaml]: the file holds more than one document (a second '\''---'\''); a record file holds exactly one
	b.yaml:3:4: error[yaml]: tags (here '\''!!int'\'') are not allowed in records; remove it, and put the value in quotes if it must be text
	4 errors, 0 warnings in 3 files
	EOF
	test_cmp expect out
'

test_done
