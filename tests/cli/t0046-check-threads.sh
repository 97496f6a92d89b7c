#!/bin/sh
# plan check reads the files and runs the rules on several threads
# (PLAN_THREADS, else one per processor): what it prints is the same on any
# number of threads, cold and warm, findings in the same order.
. "$(dirname "$0")/lib.sh"

# Five hundred events over two years (many pieces of files for the threads),
# some of them wrong in each way a file can be: a kind the schema does not
# know, an indicator that does not exist, a field no event has, YAML that
# does not parse, a file where no record belongs.
test_expect_success 'set up a ledger of five hundred events, some wrong' '
	make_ledger L && cd L && git init -q -b main . &&
	python3 - <<-\PY &&
	import os
	for i in range(500):
	    y, m, d = 2019 + i % 2, "%02d" % (i % 12 + 1), "%02d" % (i % 28 + 1)
	    folder = "records/events/%d/%s" % (y, m)
	    os.makedirs(folder, exist_ok=True)
	    kind = "seminarium" if i % 17 == 0 else "seminar"
	    ind = "I99" if i % 13 == 0 else "I14"
	    extra = "titel: extra\n" if i % 19 == 0 else ""
	    with open("%s/%d-%s-%s-e%d.yaml" % (folder, y, m, d, i), "w") as f:
	        f.write("# yaml-language-server: $schema=../../../../schemas/event.schema.yaml\n"
	                "id: %d-%s-%s-e%d\ndate: %d-%s-%s\nkind: %s\ntitle: Invented event %d\n"
	                "indicators: [%s]\nresponsible: handlaggare-1\n%s"
	                % (y, m, d, i, y, m, d, kind, i, ind, extra))
	with open("records/events/2019/03/2019-03-04-broken.yaml", "w") as f:
	    f.write("id: [unclosed\n")
	with open("records/events/2020/06/notes.txt", "w") as f:
	    f.write("notes\n")
	PY
	git add -A && git commit -q -m events
'

test_expect_success 'one thread and several print the same, cold and warm' '
	cd L &&
	rm -rf .git/plan &&
	PLAN_THREADS=1 test_must_fail plan check --today 2020-01-01 >../one.out &&
	test_grep "error\[yaml\]" ../one.out &&
	test_grep "error\[schema\]" ../one.out &&
	test_grep "error\[ref\]" ../one.out &&
	test_grep "notes.txt: error\[file\]" ../one.out &&
	for n in 2 3 8; do
		rm -rf .git/plan &&
		PLAN_THREADS=$n test_must_fail plan check --today 2020-01-01 >../cold.out &&
		test_cmp ../one.out ../cold.out &&
		PLAN_THREADS=$n test_must_fail plan check --today 2020-01-01 >../warm.out &&
		test_cmp ../one.out ../warm.out || return 1
	done &&
	PLAN_THREADS=1 test_must_fail plan check --today 2020-01-01 >../warm.out &&
	test_cmp ../one.out ../warm.out
'

test_expect_success 'every finding, as JSON, in the same order on one thread and on four' '
	cd L &&
	PLAN_NO_CACHE=1 PLAN_THREADS=1 test_must_fail plan check --today 2020-01-01 --format json >../one.json &&
	PLAN_NO_CACHE=1 PLAN_THREADS=4 test_must_fail plan check --today 2020-01-01 --format json >../four.json &&
	test_cmp ../one.json ../four.json &&
	test $(grep -c "\"rule\"" ../one.json) -gt 60
'

test_expect_success 'a PLAN_THREADS that is no number is one per processor, the same output' '
	cd L &&
	PLAN_THREADS=many test_must_fail plan check --today 2020-01-01 >../any.out &&
	test_cmp ../one.out ../any.out &&
	PLAN_THREADS=0 test_must_fail plan check --today 2020-01-01 >../any.out &&
	test_cmp ../one.out ../any.out
'

test_done
