#!/bin/sh
# The pre-commit framework as users run it (Debian 12's pre-commit 3.0.4, or
# later): this project's .pre-commit-hooks.yaml must be a manifest it accepts,
# the commit hook must refuse a bad record and pass a good one, the push hook
# must catch a commit made with --no-verify, and plan's own hook, kept as
# pre-commit.legacy, must not check each commit a second time.
. "$(dirname "$0")/lib.sh"

PRE_COMMIT_HOME=$TRASH/pre-commit-home
export PRE_COMMIT_HOME
# "plan" on PATH is a wrapper that notes each run, then runs the real one.
mkdir -p bin
printf '#!/bin/sh\necho "$*" >>"%s/plan-runs"\nexec "%s" "$@"\n' "$TRASH" "$PLAN" >bin/plan
chmod +x bin/plan
PATH=$TRASH/bin:$PATH
export PATH

test_expect_success 'pre-commit accepts the manifest and installs the hooks' '
	mkdir hooks-repo && cp "$SRC/.pre-commit-hooks.yaml" hooks-repo/ &&
	(cd hooks-repo && git init -q -b main . && git add -A && git commit -q -m hooks) &&
	rev=$(git -C hooks-repo rev-parse HEAD) &&
	make_ledger ledger && cd ledger &&
	plan hooks install >/dev/null &&
	cat >.pre-commit-config.yaml <<-EOF &&
	repos:
	  - repo: $TRASH/hooks-repo
	    rev: $rev
	    hooks:
	      - id: plan-check
	      - id: plan-check-push
	      - id: plan-check-worktree
	EOF
	git add .pre-commit-config.yaml && git commit -q -m "pre-commit" &&
	pre-commit install --hook-type pre-commit --hook-type pre-push >../install.out 2>&1 &&
	test -f .git/hooks/pre-commit.legacy &&
	pre-commit run --all-files --hook-stage manual >../run.out 2>&1
'

test_expect_success 'a bad record is refused with the finding, and plan runs once' '
	cd ledger && : >../plan-runs &&
	f=$(write_event . 2019-04-12 fel training I99) && git add "$f" &&
	test_must_fail git commit -q -m bad >../commit.out 2>&1 &&
	test_grep "^records/events/2019/04/2019-04-12-fel.yaml:[0-9]+:[0-9]+: error\[ref\]" ../commit.out &&
	test "$(grep -c "^check --staged" ../plan-runs)" = 1 &&
	git rm -q --cached "$f" && rm "$f"
'

test_expect_success 'a good record passes, checked once' '
	cd ledger && : >../plan-runs &&
	f=$(write_event . 2019-04-12 bra training I15) && git add "$f" &&
	git commit -q -m good >../commit.out 2>&1 &&
	test "$(grep -c "^check --staged" ../plan-runs)" = 1
'

test_expect_success 'file names passed to the commit hook are taken, and the index judged' '
	cd ledger &&
	f=$(write_event . 2019-05-02 fel2 training I99) && git add "$f" &&
	test_must_fail pre-commit run plan-check --files "$f" >../run.out 2>&1 &&
	test_grep "error\[ref\]" ../run.out &&
	git rm -q --cached "$f" &&
	pre-commit run plan-check --files "$f" >../run.out 2>&1 &&
	rm "$f"
'

test_expect_success 'the work-tree hook sees what is not staged; the commit hook does not' '
	cd ledger &&
	write_event . 2019-05-03 ostagad training I99 >/dev/null &&
	test_must_fail pre-commit run --all-files --hook-stage manual >../run.out 2>&1 &&
	test_grep "2019-05-03-ostagad.yaml.*error\[ref\]" ../run.out &&
	pre-commit run plan-check --all-files >../run.out 2>&1 &&
	rm records/events/2019/05/2019-05-03-ostagad.yaml
'

test_expect_success 'the push hook catches a commit made with --no-verify' '
	cd ledger && git checkout -q -b topic &&
	f=$(write_event . 2019-06-04 smyg training I99) && git add "$f" &&
	git commit -q --no-verify -m sneaked &&
	test_must_fail pre-commit run --hook-stage push --from-ref main --to-ref topic >../push.out 2>&1 &&
	test_grep "2019-06-04-smyg.yaml.*error\[ref\]" ../push.out &&
	git checkout -q main
'

test_done
