#!/bin/sh
# The records as an editor sees them: yaml-language-server (the YAML
# language server of VS Code, Neovim and Emacs, from npm) is driven over
# its standard input and output by a small LSP client, on records with
# mistakes. Its diagnostics stand where plan check's schema findings stand;
# a record whose modeline is wrong or missing gets no checking in the
# editor, and plan check says so, with the line that makes the editor check
# it. yaml-language-server is installed into build/ylsp with npm the first
# time (npm needs the registry, https://registry.npmjs.org); a missing npm or
# registry is a failure, not a skip.
. "$(dirname "$0")/lib.sh"

YLSP_VERSION=1.25.0
YLSP_DIR=$SRC/${B:-build}/ylsp
YLSP=$YLSP_DIR/node_modules/yaml-language-server/bin/yaml-language-server
CLIENT=$SRC/tests/cli/lsp-client.py
EV=records/events/2019/04

# editor FILE...: what the editor shows for these files of the ledger L.
editor() {
	timeout 300 python3 "$CLIENT" L "$@" -- node "$YLSP" --stdio
}

test_expect_success "yaml-language-server $YLSP_VERSION from npm, in build/ylsp" '
	if [ ! -f "$YLSP" ] || ! grep -q "\"version\": \"$YLSP_VERSION\"" \
		"$YLSP_DIR/node_modules/yaml-language-server/package.json"; then
		command -v npm >/dev/null ||
		{ echo "no npm: run sh tools/deps.sh as root" >&2; false; } &&
		mkdir -p "$YLSP_DIR" &&
		timeout 600 npm install --prefix "$YLSP_DIR" --no-audit --no-fund --loglevel=error \
			"yaml-language-server@$YLSP_VERSION" ||
		{ echo "npm could not install yaml-language-server@$YLSP_VERSION: is the npm registry reachable?" >&2; false; }
	fi &&
	test -f "$YLSP"
'

test_expect_success 'a ledger with mistakes a schema finds' '
	make_ledger L &&
	mkdir -p L/$EV &&
	cat >L/$EV/2019-04-12-kurs.yaml <<-\EOF &&
	# yaml-language-server: $schema=../../../../schemas/event.schema.yaml
	id: 2019-04-12-kurs
	date: 2019-04-12
	kind: kurs
	title: Kurs i Örebro
	indicators: [Ö15, 15]
	responsible: handlaggare-1
	colour: blå
	EOF
	cat >L/$EV/2019-04-13-mote.yaml <<-\EOF &&
	# yaml-language-server: $schema=../../../../schemas/event.schema.yaml
	id: 2019-04-13-mote
	date: 2019-04-31
	kind: meeting
	indicators: I15
	responsible: Handläggare Ett
	participants: många
	EOF
	cat >L/records/goals/M2.yaml <<-\EOF
	# yaml-language-server: $schema=../../schemas/goal.schema.yaml
	id: M2
	title: Åtta mål
	summary: 5
	EOF
'

test_expect_success 'the editor marks what plan check finds, at the same line and column' '
	editor $EV/2019-04-12-kurs.yaml $EV/2019-04-13-mote.yaml records/goals/M2.yaml >lsp &&
	cat lsp &&
	(cd L && test_must_fail plan check --format json) >check.json &&
	python3 - <<-\PY
	import json, re
	lsp = set()
	for line in open("lsp"):
	    m = re.match(r"(.*?):(\d+):(\d+): error: ", line)
	    assert m, "not a diagnostic: " + line
	    lsp.add((m.group(1), int(m.group(2)), int(m.group(3))))
	schema = {}
	for f in json.load(open("check.json"))["findings"]:
	    if f["rule"] == "schema":
	        schema[(f["path"], f["line"], f["column"])] = f.get("schema", "")
	# Every mark of the editor is a schema finding of plan check ...
	assert lsp <= set(schema), sorted(lsp - set(schema))
	# ... and plan check finds only formats besides (the editor does not check dates).
	rest = {k: v for k, v in schema.items() if k not in lsp}
	assert all(v.endswith("/format") for v in rest.values()), rest
	assert len(lsp) >= 9, sorted(lsp)
	# Columns count characters: "15" after "Ö15, " is at 19 (byte 20) in both.
	assert ("records/events/2019/04/2019-04-12-kurs.yaml", 6, 19) in lsp, sorted(lsp)
	assert ("records/events/2019/04/2019-04-13-mote.yaml", 3, 7) in rest
	PY
'

# The text after "write ... : " in plan check's modeline warning.
wanted_line() {
	sed -n "s%^.*$1:$2:1: warning\[file\]: .*; write this [a-z ]*: %%p" out
}

test_expect_success 'a modeline one folder too shallow: no checking in the editor, a warning from plan check' '
	sed -i "1s|^.*\$|# yaml-language-server: \$schema=../../../schemas/event.schema.yaml|" \
		L/$EV/2019-04-12-kurs.yaml &&
	editor $EV/2019-04-12-kurs.yaml >lsp &&
	cat lsp &&
	test_grep "^$EV/2019-04-12-kurs.yaml:2:1: error: Unable to load schema from .*records/schemas/event.schema.yaml" lsp &&
	test "$(wc -l <lsp)" -eq 1 &&
	(cd L && test_must_fail plan check) >out &&
	test_grep "^$EV/2019-04-12-kurs.yaml:1:1: warning\[file\]: this line points editors to .\.\./\.\./\.\./schemas/event.schema.yaml., which from this file.s folder is not the event schema" out &&
	wanted_line 2019-04-12-kurs.yaml 1 >want &&
	echo "# yaml-language-server: \$schema=../../../../schemas/event.schema.yaml" >expect &&
	test_cmp expect want
'

test_expect_success 'the line plan check asks for makes the editor check the file again' '
	line=$(cat want) &&
	sed -i "1s|^.*\$|$line|" L/$EV/2019-04-12-kurs.yaml &&
	editor $EV/2019-04-12-kurs.yaml >lsp &&
	test_grep "^$EV/2019-04-12-kurs.yaml:8:1: error: Property colour is not allowed" lsp &&
	(cd L && test_must_fail plan check) >out &&
	test_grep ! "kurs.yaml:.*warning\[file\]" out
'

test_expect_success 'no modeline: the editor checks nothing, plan check gives the first line to write' '
	sed -i 1d L/records/goals/M2.yaml &&
	editor records/goals/M2.yaml >lsp &&
	echo "records/goals/M2.yaml: none" >expect &&
	test_cmp expect lsp &&
	(cd L && test_must_fail plan check) >out &&
	test_grep "^records/goals/M2.yaml:1:1: warning\[file\]: the file does not name its schema" out &&
	wanted_line records/goals/M2.yaml 1 >want &&
	echo "# yaml-language-server: \$schema=../../schemas/goal.schema.yaml" >expect &&
	test_cmp expect want &&
	{ cat want && cat L/records/goals/M2.yaml; } >M2 && mv M2 L/records/goals/M2.yaml &&
	editor records/goals/M2.yaml >lsp &&
	test_grep "^records/goals/M2.yaml:4:10: error: Incorrect type" lsp
'

test_expect_success 'plan add event writes the modeline the editor follows' '
	make_ledger A &&
	(cd A && PLAN_TODAY=2020-01-15 plan add event --date 2019-04-12 --kind training \
		--indicator I15 --title "Anbudsskola i Örebro" >../path) &&
	(cd A && plan check) >out &&
	test_grep "^0 errors, 0 warnings" out &&
	echo "colour: blå" >>"A/$(cat path)" &&
	timeout 300 python3 "$CLIENT" A "$(cat path)" -- node "$YLSP" --stdio >lsp &&
	test_grep ":[0-9]+:1: error: Property colour is not allowed" lsp
'

test_done
