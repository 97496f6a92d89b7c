#!/bin/sh
# plan validate: YAML and JSON files against a JSON Schema, with references
# across the schema's folder; exit 0 valid, 1 invalid, 2 unusable schema or
# arguments; hostile input ends in a finding, under a timeout.
. "$(dirname "$0")/lib.sh"

mkdir schemas broken
cat >schemas/common.schema.yaml <<'EOF'
$defs:
  date: {type: string, format: date}
EOF
cat >schemas/event.schema.yaml <<'EOF'
type: object
required: [id, date, kind]
additionalProperties: false
properties:
  id: {type: string, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+$'}
  date: {$ref: 'common.schema.yaml#/$defs/date'}
  kind: {enum: [seminar, report, meeting]}
  participants: {type: integer, minimum: 0}
EOF
cat >schemas/tree.schema.yaml <<'EOF'
items: {$ref: '#'}
EOF
cat >schemas/redos.schema.yaml <<'EOF'
pattern: '^(a+)+$'
EOF
cat >broken/type.schema.yaml <<'EOF'
type: object
properties:
  a: {type: 12}
EOF
cat >broken/loop.schema.yaml <<'EOF'
$ref: '#'
EOF
cat >broken/nowhere.schema.yaml <<'EOF'
properties:
  d: {$ref: 'common.schema.yaml#/$defs/nope'}
EOF
cat >broken/regex.schema.yaml <<'EOF'
pattern: '(unclosed'
EOF
cat >good.yaml <<'EOF'
id: 2019-05-20-kartlaggning
date: 2019-05-20
kind: report
participants: 14
EOF
cat >good.json <<'EOF'
{"id": "2019-04-12-anbudsskola", "date": "2019-04-12", "kind": "seminar"}
EOF
cat >bad.yaml <<'EOF'
id: 2019-02-30-x
date: 2019-02-30
kind: trip
dat: 1
participants: -2
EOF
cat >typo.yaml <<'EOF'
id: 2019-05-20-x
kind: report
dat: 2019-05-20
EOF
printf '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"\n' >redos.json
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }' >deep.json

test_expect_success 'valid YAML and JSON files pass' '
	plan validate --schema schemas/event.schema.yaml good.yaml >out &&
	test_cmp /dev/null out &&
	echo "0 errors, 0 warnings in 2 files" >expect &&
	plan validate --schema schemas/event.schema.yaml good.yaml good.json >out &&
	test_cmp expect out
'

test_expect_success 'every failure is reported, compiler-style' '
	cat >expect <<-\EOF &&
	bad.yaml:2:7: error[schema]: /date: is not a valid date: 2019-02-30
	bad.yaml:3:7: error[schema]: /kind: must be one of: seminar, report, meeting
	bad.yaml:4:1: error[schema]: (top): the field QdatQ is not allowed here
	bad.yaml:5:15: error[schema]: /participants: must be at least 0
	4 errors, 0 warnings in 2 files
	EOF
	sed "s/Q/'"'"'/g" expect >expect.q &&
	test_must_fail plan validate --schema schemas/event.schema.yaml bad.yaml good.yaml >out &&
	test_cmp expect.q out
'

test_expect_success '--no-format leaves dates unchecked' '
	test_must_fail plan validate --no-format --schema schemas/event.schema.yaml bad.yaml >out &&
	test_grep ! "valid date" out &&
	test_grep "/kind: must be one of" out
'

test_expect_success '--format json gives the pointer and the schema location' '
	test_must_fail plan validate --schema schemas/event.schema.yaml --format json bad.yaml >out &&
	test_grep "\"pointer\":\"/date\",\"schema\":\"common.schema.yaml#/.defs/date/format\"" out &&
	test_grep "\"errors\":4" out
'

test_expect_success 'a misspelt field gets a suggestion' '
	test_must_fail plan validate --schema schemas/event.schema.yaml typo.yaml >out &&
	test_grep "the field .dat. is not allowed here \(did you mean .date.\?\)" out
'

test_expect_success 'a schema that is not a schema is exit 2 with its position' '
	test_must_fail --status=2 plan validate --schema broken/type.schema.yaml good.yaml 2>err &&
	test_grep "^broken/type.schema.yaml:3:13: error\[schema\]: .type. must name a type" err &&
	test_grep "cannot be used" err
'

test_expect_success 'a $ref loop and a $ref to nowhere are exit 2' '
	test_must_fail --status=2 plan validate --schema broken/loop.schema.yaml good.yaml 2>err &&
	test_grep "^broken/loop.schema.yaml:1:7: .*leads into a loop" err &&
	test_must_fail --status=2 plan validate --schema broken/nowhere.schema.yaml good.yaml 2>err &&
	test_grep "^broken/nowhere.schema.yaml:2:13: .*points to nothing" err
'

test_expect_success 'a bad regular expression is exit 2' '
	test_must_fail --status=2 plan validate --schema broken/regex.schema.yaml good.yaml 2>err &&
	test_grep "^broken/regex.schema.yaml:1:10: .*not a valid regular expression" err
'

test_expect_success 'missing arguments and files are exit 2' '
	test_must_fail --status=2 plan validate good.yaml 2>err &&
	test_grep "name the schema" err &&
	test_must_fail --status=2 plan validate --schema schemas/event.schema.yaml 2>err &&
	test_must_fail --status=2 plan validate --schema nowhere.yaml good.yaml 2>err &&
	test_must_fail --status=2 plan validate --schema schemas/event.schema.yaml nofile.yaml 2>err
'

test_expect_success 'a value nested 10,000 deep is a finding, not a crash' '
	test_must_fail timeout 20 "$PLAN" validate --schema schemas/tree.schema.yaml deep.json >out &&
	test_grep "nested more than 1000 levels deep" out
'

test_expect_success 'a pattern that backtracks without end is a finding, not a hang' '
	test_must_fail timeout 20 "$PLAN" validate --schema schemas/redos.schema.yaml redos.json >out &&
	test_grep "could not be checked against the pattern" out
'

test_expect_success 'a key written twice is a finding, in data and in schemas alike' '
	printf "a: 1\nb: 2\na: 3\n" >twice.yaml &&
	test_must_fail plan validate --schema schemas/event.schema.yaml twice.yaml >out &&
	test_grep "^twice.yaml:3:1: error\[yaml\]: the key .a. appears twice" out &&
	mkdir -p dup && printf "type: object\ntype: array\n" >dup/dup.schema.yaml &&
	test_must_fail --status=2 plan validate --schema dup/dup.schema.yaml good.yaml 2>err &&
	test_grep "appears twice" err
'

test_expect_success 'JSON files are read as JSON: a raw U+0085 stays in the text' '
	printf "{\"const\": \"a\302\205b\"}" >nel.schema.json &&
	printf "\"a\302\205b\"" >nel.json &&
	plan validate --schema nel.schema.json nel.json &&
	printf "{\"maxLength\": 2}" >max2.schema.json &&
	test_must_fail plan validate --schema max2.schema.json nel.json >out &&
	test_grep "^nel.json:1:1: error\[schema\]: .top.: must be at most 2 characters long" out &&
	printf "\"a b\"" >space.json &&
	test_must_fail plan validate --schema nel.schema.json space.json
'

test_expect_success 'JSON files may hold U+FFFF and DEL in text' '
	printf "{\"a\": \"x\357\277\277y\", \"b\": \"\177\"}" >odd.json &&
	printf "{\"type\": \"object\"}" >obj.schema.json &&
	plan validate --schema obj.schema.json odd.json
'

test_expect_success 'what JSON does not allow is a finding with its line and column' '
	printf "{\"a\": [1, 2,],\n \"b\": 1}\n" >comma.json &&
	printf "{\"a\": 1,\n  \"a\": 2}\n" >twice.json &&
	printf "{\"a\": 1 // note\n}\n" >comment.json &&
	cat >expect <<-\EOF &&
	comma.json:1:13: error[json]: a comma before QQ]QQ with nothing after it; remove the comma
	comment.json:1:9: error[json]: JSON allows no comments; remove it
	twice.json:2:3: error[json]: the key QQaQQ appears twice in the same object, on line 1 and line 2; keep one of them
	3 errors, 0 warnings in 3 files
	EOF
	sed "s/QQ/'"'"'/g" expect >expect.q &&
	test_must_fail plan validate --schema obj.schema.json comma.json comment.json twice.json >out &&
	test_cmp expect.q out
'

test_expect_success 'a JSON schema is read as JSON too' '
	printf "{\"type\": \"object\",, }" >badjson.schema.json &&
	test_must_fail --status=2 plan validate --schema badjson.schema.json good.json 2>err &&
	test_grep "^badjson.schema.json:1:19: error\[json\]: a comma where a key" err
'

test_expect_success 'whole numbers beyond 64 bits are judged exactly' '
	echo "{\"maximum\": 18446744073709551615}" >max.schema.json &&
	echo 18446744073709551615 >at.json &&
	echo 18446744073709551616 >over.json &&
	echo 18446744073709551616 >over.yaml &&
	plan validate --schema max.schema.json at.json &&
	test_must_fail plan validate --schema max.schema.json over.json over.yaml >out &&
	test_grep "^over.json:1:1: .*must be at most 18446744073709551615" out &&
	test_grep "^over.yaml:1:1: .*must be at most 18446744073709551615" out &&
	echo "{\"enum\": [100000000000000000002], \"multipleOf\": 3}" >big.schema.json &&
	echo 100000000000000000002 >in.json &&
	echo 100000000000000000001 >near.json &&
	test_must_fail plan validate --schema big.schema.json in.json near.json >out &&
	test_grep ! "^in.json" out &&
	test_grep "^near.json:1:1: .*must be exactly: 100000000000000000002" out &&
	test_grep "^near.json:1:1: .*must be a multiple of 3" out
'

test_expect_success 'an e-mail address literal takes the IPv6 tag in any case' '
	echo "{\"format\": \"email\"}" >email.schema.json &&
	echo "\"joe@[IPv6:2001:db8::1]\"" >v6.json &&
	echo "\"joe@[ipv6:2001:db8::1]\"" >v6lower.json &&
	echo "\"joe@[IPV6:2001:db8::1]\"" >v6upper.json &&
	echo "\"joe@[ipv6:2001:db8::zz]\"" >v6bad.json &&
	plan validate --schema email.schema.json v6.json v6lower.json v6upper.json &&
	test_must_fail plan validate --schema email.schema.json v6bad.json >out &&
	test_grep "^v6bad.json:1:1: .*is not a valid e-mail address" out
'

test_expect_success '-r loads more schemas by their $id, as files or patterns' '
	mkdir -p lib other &&
	cat >lib/date.json <<-\EOF &&
	{"$id": "https://example.org/date.json", "type": "string", "format": "date"}
	EOF
	cat >lib/kind.yaml <<-\EOF &&
	$id: https://example.org/kind.yaml
	enum: [seminar, report]
	EOF
	cat >other/uses.schema.json <<-\EOF &&
	{"properties": {"date": {"$ref": "https://example.org/date.json"},
	                "kind": {"$ref": "https://example.org/kind.yaml"}}}
	EOF
	echo "{\"date\": \"2019-02-30\", \"kind\": \"trip\"}" >uses.json &&
	test_must_fail --status=2 plan validate --schema other/uses.schema.json uses.json 2>err &&
	test_grep "points to nothing" err &&
	test_must_fail plan validate --schema other/uses.schema.json -r lib/date.json \
		--ref lib/kind.yaml uses.json >out &&
	test_grep "^uses.json:1:10: .*/date: is not a valid date" out &&
	test_grep "^uses.json:1:32: .*/kind: must be one of" out &&
	test_must_fail plan validate --schema other/uses.schema.json -r "lib/*" uses.json >out2 &&
	test_cmp out out2 &&
	echo "{\"\$ref\": \"https://example.org/served/at.json\"}" >other/at.schema.json &&
	echo "\"2019-02-30\"" >date.json &&
	test_must_fail plan validate --schema other/at.schema.json \
		-r https://example.org/served/at.json=lib/date.json date.json >out &&
	test_grep "^date.json:1:1: .*is not a valid date" out
'

test_expect_success '-r that names nothing, a folder or a bad file is exit 2' '
	test_must_fail --status=2 plan validate --schema other/uses.schema.json -r "nowhere/*.json" \
		uses.json 2>err &&
	test_grep "no file matches .-r nowhere/\*.json." err &&
	test_must_fail --status=2 plan validate --schema other/uses.schema.json -r lib uses.json 2>err &&
	test_grep "names a folder" err &&
	test_must_fail --status=2 plan validate --schema other/uses.schema.json -r nofile.json \
		uses.json 2>err &&
	test_must_fail --status=2 plan validate --schema other/uses.schema.json -r comma.json \
		uses.json 2>err &&
	test_grep "^comma.json:1:13: error\[json\]" err &&
	test_grep "given with -r cannot be read" err
'

# The JSON Schema Test Suite's cases that refer to its remotes/ (served as
# http://localhost:1234/ when the suite runs): each group's schema and each
# case's data as files, each remote through -r URI=FILE at its address. A
# group counts when its schema cannot be used without -r.
SUITE=$SHARED/suites/JSON-Schema-Test-Suite
test_expect_success 'the suite'"'"'s remote-reference cases pass through plan validate -r' '
	if ! test -d "$SUITE/remotes"; then
		say "skipped: $SUITE not found"; exit 0
	fi
	cat >remote-cases.py <<-\EOF &&
	import glob, json, os, subprocess, sys
	suite, plan = sys.argv[1], sys.argv[2]
	refs = []
	for path in sorted(glob.glob(suite + "/remotes/**/*.json", recursive=True)):
	    rel = os.path.relpath(path, suite + "/remotes")
	    refs += ["-r", "http://localhost:1234/%s=%s" % (rel, path)]
	def run(args):
	    return subprocess.run([plan, "validate"] + args, stdout=subprocess.PIPE,
	                          stderr=subprocess.PIPE).returncode
	cases = passed = 0
	n = 0
	files = sorted(glob.glob(suite + "/tests/draft2020-12/**/*.json", recursive=True))
	for f in files:
	    rel = os.path.relpath(f, suite + "/tests/draft2020-12")
	    fmt = [] if rel.startswith("optional/format/") else ["--no-format"]
	    for group in json.load(open(f, encoding="utf-8")):
	        if "localhost:1234" not in json.dumps(group["schema"]):
	            continue
	        n += 1
	        os.makedirs("g%d" % n)
	        schema = "g%d/schema.json" % n
	        json.dump(group["schema"], open(schema, "w", encoding="utf-8"), ensure_ascii=False)
	        json.dump(None, open("probe.json", "w"))
	        if run(["--schema", schema] + fmt + ["probe.json"]) != 2:
	            continue
	        for k, case in enumerate(group["tests"]):
	            data = "g%d/case%d.json" % (n, k)
	            json.dump(case["data"], open(data, "w", encoding="utf-8"), ensure_ascii=False)
	            rc = run(["--schema", schema] + refs + fmt + [data])
	            cases += 1
	            if rc == (0 if case["valid"] else 1):
	                passed += 1
	            else:
	                print("FAIL %s / %s / %s: exit %d" % (rel, group["description"],
	                                                      case["description"], rc))
	print("remote cases: %d passed, %d failed" % (passed, cases - passed))
	EOF
	python3 remote-cases.py "$SUITE" "$PLAN" >out &&
	cat out &&
	test_grep "^remote cases: [0-9]+ passed, 0 failed" out &&
	test "$(sed -n "s/^remote cases: \([0-9]*\) passed.*/\1/p" out)" -ge 40
'

test_done
