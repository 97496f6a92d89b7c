#!/bin/sh
# Four-eyes approval with real git and real ssh-keygen keys: a legitimate
# approval passes the audit, and each way of cheating is caught.
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2020-06-30
export PLAN_TODAY

# The ledger: handlaggare-1 is staff; 2 and 3 are reviewers; 1, 2 and 3 have
# keys; 4 is staff with a key that is not allowed. Approvals must be signed,
# and so every commit that changes records/ (t0056 tests that part).
test_expect_success 'set up a ledger with reviewers, keys and signed approvals' '
	for n in 1 2 3 4 5; do
		ssh-keygen -q -t ed25519 -N "" -C "handlaggare-$n" -f key-$n || return 1
	done &&
	make_ledger L && cd L &&
	cat >records/people.yaml <<-PEOPLE &&
	# yaml-language-server: \$schema=../schemas/people.schema.yaml
	people:
	  - {id: handlaggare-1, name: Handläggare Ett, email: handlaggare-1@example.org, fte: 1.0, roles: [staff]}
	  - {id: handlaggare-2, name: Handläggare Två, email: handlaggare-2@example.org, fte: 1.0, roles: [staff, reviewer]}
	  - {id: handlaggare-3, name: Handläggare Tre, email: handlaggare-3@example.org, fte: 1.0, roles: [staff, reviewer]}
	  - {id: handlaggare-4, name: Handläggare Fyra, email: handlaggare-4@example.org, fte: 0.5, roles: [staff]}
	  - {id: handlaggare-5, name: Handläggare Fem, email: handlaggare-5@example.org, fte: 0.5, roles: [staff, reviewer]}
	PEOPLE
	for n in 1 2 3; do
		echo "handlaggare-$n@example.org namespaces=\"git\" $(cut -d" " -f1,2 ../key-$n.pub)" >>records/allowed_signers || return 1
	done &&
	echo "handlaggare-5@example.org namespaces=\"git\",valid-before=\"20201231Z\" $(cut -d" " -f1,2 ../key-5.pub)" >>records/allowed_signers &&
	sed -i "s/signed: false/signed: true/" records/plan.yaml &&
	grep -q "signed: true" records/plan.yaml &&
	plan check --today 2020-06-30 &&
	git add -A && git commit -q --amend -m "Start the ledger" &&
	plan hooks install >/dev/null &&
	plan init --bare ../server.git --from . >/dev/null &&
	git remote add origin ../server.git && git fetch -q origin &&
	for n in 1 2 3 4 5; do
		as $n git config --global gpg.format ssh &&
		as $n git config --global user.signingkey "$TRASH/key-$n" || return 1
	done
'

# branch_by N NAME DATE: handlaggare-N records a seminar on a new branch NAME.
branch_by() {
	git checkout -q -b "$2" main &&
	write_event . "$3" "$2" seminar I14 >/dev/null &&
	sed -i "s/responsible: .*/responsible: handlaggare-$1/" records/events/*/*/"$3-$2".yaml &&
	git add records && as "$1" git commit -S -qm "Seminar $2" &&
	git checkout -q main
}

test_expect_success 'a legitimate, signed approval passes the audit and the server' '
	cd L && branch_by 1 seminarium 2019-03-12 &&
	as 2 plan approve --no-push seminarium >../out &&
	test_grep "approved seminarium as [0-9a-f]{12} \(signed\)" ../out &&
	git log -1 --format=%B | grep -q "^Approved-by: handlaggare-2 <handlaggare-2@example.org>$" &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse seminarium^{tree})" &&
	test "$(git rev-list --parents -n1 HEAD | wc -w)" -eq 3 &&
	plan audit >../out &&
	test_grep "2 commits on the main line, 1 changing records, 0 of them not properly approved; 1 signature verified" ../out &&
	git push -q origin main &&
	plan trace --format json I14 | grep -q "\"approver\":\"handlaggare-2 <handlaggare-2@example.org>\""
'

test_expect_success 'plan review describes the change and its effect' '
	cd L && branch_by 1 fler 2019-04-02 &&
	git checkout -q fler && sed -i "s/\[I14\]/[I14, I19]/" records/events/2019/04/2019-04-02-fler.yaml &&
	git add records && as 1 git commit -S -qm "Also certification" && git checkout -q main &&
	plan review --at 2020-01-31 main..fler >../out &&
	test_grep "added event 2019-04-02-fler: 2019-04-02, seminar .Invented event fler. for I14, I19" ../out &&
	test_grep "all commits pass plan check --range" ../out &&
	test_grep "I14 2019: met -> met \(1/1 -> 2/1\)" ../out &&
	test_grep "I19 2019: not-met -> met \(0/1 -> 1/1\)" ../out &&
	plan review --format md main..fler >../out.md && test_grep "^### Effect on fulfilment" ../out.md &&
	plan review --format json main..fler | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"changes\"][0][\"change\"]==\"added\""
'

# audit_fails_with WORDS: plan audit finds a violation in these words, and the
# server refuses main as it now is; then main goes back to the server's.
audit_fails_with() {
	test_must_fail plan audit >../audit.out &&
	test_grep "error\[approval\]: .*$1" ../audit.out &&
	before=$(git -C ../server.git rev-parse main) &&
	test_must_fail git push -q origin main 2>../push.err &&
	test_grep "approval" ../push.err &&
	test "$(git -C ../server.git rev-parse main)" = "$before" &&
	git reset -q --hard origin/main
}

# merge_as N BRANCH MESSAGE [SIGN]: handlaggare-N writes an approval-like merge
# by hand (SIGN: "-S" to sign with N's key) and moves main to it.
merge_as() {
	m=$(as "$1" git commit-tree ${4:-} "$2^{tree}" -p main -p "$2" -m "$3") &&
	git merge -q --ff-only "$m"
}

test_expect_success 'self-approval is refused by plan approve --no-push and caught by the audit' '
	cd L && branch_by 2 egen 2019-05-02 &&
	test_must_fail --status=2 as 2 plan approve --no-push egen 2>../err &&
	test_grep "authored or committed 1 of the 1 commits" ../err &&
	merge_as 2 egen "Approve egen

Approved-by: handlaggare-2 <handlaggare-2@example.org>" -S &&
	audit_fails_with "handlaggare-2 approved a change they made themselves"
'

test_expect_success 'self-approval under an address people.yaml does not list is caught too' '
	cd L && git checkout -q -b privat main &&
	write_event . 2019-05-03 privat seminar I14 >/dev/null && git add records &&
	as 2 env GIT_AUTHOR_EMAIL=h2@privat.example GIT_COMMITTER_EMAIL=h2@privat.example git commit -qm "Seminar privat" &&
	git checkout -q main &&
	test_must_fail --status=2 as 2 plan approve --no-push privat 2>../err &&
	test_grep "1 of the 1 commits on privat were made with an e-mail address that records/people.yaml does not list \(h2@privat.example\)" ../err &&
	merge_as 2 privat "Approve privat

Approved-by: handlaggare-2 <handlaggare-2@example.org>" -S &&
	audit_fails_with "that records/people.yaml did not list \(h2@privat.example\), so nothing shows that the approver handlaggare-2 did not make them"
'

test_expect_success 'a forged Approved-by by a non-reviewer is caught' '
	cd L && branch_by 3 forfalskad 2019-05-03 &&
	test_must_fail --status=2 as 1 plan approve --no-push forfalskad 2>../err &&
	test_grep "no reviewer role" ../err &&
	merge_as 1 forfalskad "Approve forfalskad

Approved-by: handlaggare-1 <handlaggare-1@example.org>" &&
	audit_fails_with "the approver handlaggare-1 did not have the reviewer role"
'

test_expect_success 'naming a real reviewer does not help a non-reviewer committer' '
	cd L && branch_by 3 lanad 2019-05-04 &&
	merge_as 1 lanad "Approve lanad

Approved-by: handlaggare-2 <handlaggare-2@example.org>" &&
	audit_fails_with "committed by Handläggare 1 <handlaggare-1@example.org>, not by the approver handlaggare-2"
'

test_expect_success 'an unsigned approval is caught where signing is required' '
	cd L && branch_by 1 osignerad 2019-05-05 &&
	merge_as 2 osignerad "Approve osignerad

Approved-by: handlaggare-2 <handlaggare-2@example.org>" &&
	audit_fails_with "asks for signed approvals .*, but this merge is not signed"
'

test_expect_success 'a signature by another key is caught' '
	cd L && branch_by 1 fel-nyckel 2019-05-06 &&
	m=$(as 2 git -c user.signingkey="$TRASH/key-3" commit-tree -S fel-nyckel^{tree} -p main -p fel-nyckel -m "Approve fel-nyckel

Approved-by: handlaggare-2 <handlaggare-2@example.org>") &&
	git merge -q --ff-only $m &&
	audit_fails_with "the signature on this merge is not handlaggare-2.s.*\(ssh-keygen: Could not verify signature; the key that made it is not the one listed for that address\)"
'

test_expect_success 'a spoofed reviewer e-mail signed by the wrong key is caught' '
	cd L && branch_by 3 spoof 2019-05-07 &&
	m=$(as 4 env GIT_COMMITTER_EMAIL=handlaggare-2@example.org GIT_COMMITTER_NAME="Handläggare 2" \
		git commit-tree -S spoof^{tree} -p main -p spoof -m "Approve spoof

Approved-by: handlaggare-2 <handlaggare-2@example.org>") &&
	git merge -q --ff-only $m &&
	audit_fails_with "the signature on this merge is not handlaggare-2.s"
'

test_expect_success 'a change that makes its own reviewer and key is judged by the old records' '
	cd L && git checkout -q -b befordran main &&
	sed -i "s/email: handlaggare-4@example.org, fte: 0.5, roles: \[staff\]/email: handlaggare-4@example.org, fte: 0.5, roles: [staff, reviewer]/" records/people.yaml &&
	echo "handlaggare-4@example.org namespaces=\"git\" $(cut -d" " -f1,2 ../key-4.pub)" >>records/allowed_signers &&
	git add records && as 1 git commit -qm "Make handlaggare-4 a reviewer" &&
	git checkout -q main &&
	merge_as 4 befordran "Approve befordran

Approved-by: handlaggare-4 <handlaggare-4@example.org>" -S &&
	audit_fails_with "the approver handlaggare-4 did not have the reviewer role"
'

test_expect_success 'an evil merge (content differs from the branch) is caught' '
	cd L && branch_by 1 ond 2019-05-08 &&
	git checkout -q ond && write_event . 2019-05-09 smuggel seminar I14 >/dev/null && git add records &&
	tree=$(git write-tree) && git reset -q --hard ond && git checkout -q main &&
	m=$(as 2 git commit-tree -S $tree -p main -p ond -m "Approve ond

Approved-by: handlaggare-2 <handlaggare-2@example.org>") &&
	git merge -q --ff-only $m &&
	audit_fails_with "the merge.s content differs from the branch it approves"
'

test_expect_success 'a direct commit on main is caught' '
	cd L && write_event . 2019-05-10 direkt seminar I14 >/dev/null &&
	git add records && git commit -q -m "Direct" &&
	audit_fails_with "changes records/ directly on the main branch"
'

# The approved history set aside: a commit without parent holding any records
# (here: an approved event deleted, a new one unapproved), merged with the old
# main as its second parent, so that main's first-parent line starts anew.
test_expect_success 'a new beginning merged with main as its second parent is caught' '
	cd L && plan audit >/dev/null &&
	git rm -q records/events/2019/03/2019-03-12-seminarium.yaml &&
	write_event . 2019-05-13 nystart seminar I14 >/dev/null && git add -A records &&
	tree=$(git write-tree) && git reset -q --hard main &&
	root=$(as 1 git commit-tree $tree -m "Orphan") &&
	m=$(as 1 git commit-tree $tree -p $root -p main -m "Merge") &&
	before=$(git -C ../server.git rev-parse main) &&
	test_must_fail git push origin $m:refs/heads/main 2>../push.err &&
	test_grep "no longer its first parent line" ../push.err &&
	test "$(git -C ../server.git rev-parse main)" = "$before" &&
	test_must_fail plan check --range main..$m >../out &&
	test_grep "has no parent: it starts a new history" ../out &&
	test_must_fail plan audit $m >../out &&
	test_grep "joins a second history" ../out &&
	test_must_fail plan audit --no-cache $m >../out2 && test_cmp ../out ../out2 &&
	test_must_fail plan audit main..$m >../out &&
	test_grep "has no parent: the main branch.s line starts again" ../out &&
	git checkout -q -b sidospar $m && test_must_fail git push origin sidospar 2>../push.err &&
	test_grep "has no parent" ../push.err && git checkout -q main && git branch -q -D sidospar &&
	git merge -q --ff-only $m &&
	test_must_fail plan audit >../out && test_grep "joins a second history" ../out &&
	git reset -q --hard origin/main
'

test_expect_success 'a direct commit on main that loosens the schemas is caught' '
	cd L && sed -i "s/^required: \[id, date, kind, title, indicators, responsible\]/required: [id, date, kind, title, indicators]/" schemas/event.schema.yaml &&
	! git diff --quiet schemas && as 1 git commit -S -q -am "Looser events" &&
	plan review HEAD~1..HEAD >../review.out &&
	test_grep "SCHEMA changed: schemas/event.schema.yaml \(it decides what a valid record is" ../review.out &&
	plan review --format json HEAD~1..HEAD | grep -q "\"change\":\"schema\",\"path\":\"schemas/event.schema.yaml\"" &&
	audit_fails_with "changes schemas/ directly on the main branch"
'

test_expect_success 'approve refuses a branch that fails the checks, and one behind main' '
	cd L && git checkout -q -b trasig main &&
	write_event . 2019-05-11 trasig seminar I99 >/dev/null && git add records &&
	as 1 git commit -q --no-verify -m "broken" && git checkout -q main &&
	test_must_fail as 2 plan approve --no-push trasig >../out 2>../err &&
	test_grep "no indicator .I99." ../out && test_grep "nothing was approved" ../err &&
	git checkout -q -b gammal main~1 && write_event . 2019-05-12 gammal seminar I14 >/dev/null &&
	git add records && as 1 git commit -qm old && git checkout -q main &&
	test_must_fail --status=2 as 2 plan approve --no-push gammal 2>../err &&
	test_grep "does not contain the latest main" ../err &&
	test "$(git rev-parse main)" = "$(git rev-parse origin/main)"
'

test_expect_success 'the audit keeps its verdicts: later runs check only new commits' '
	cd L && rm -f .git/plan/audit.bin &&
	PLAN_CACHE_STATS=1 plan audit >../a1 2>../s1 && test_grep "^cache: 0 of 2 " ../s1 &&
	PLAN_CACHE_STATS=1 plan audit >../a2 2>../s2 && test_grep "^cache: 2 of 2 " ../s2 &&
	test_cmp ../a1 ../a2 &&
	branch_by 1 senare 2019-06-03 && as 3 plan approve --no-push senare >/dev/null &&
	PLAN_CACHE_STATS=1 plan audit >../a3 2>../s3 && test_grep "^cache: 2 of 3 " ../s3 &&
	test_grep "3 commits on the main line, 2 changing records, 0 of them not properly approved; 2 signatures verified" ../a3
'

test_expect_success 'a finding stays a finding when it comes from the cache' '
	cd L && write_event . 2019-06-04 direkt2 seminar I14 >/dev/null &&
	git add records && git commit -q -m "Direct again" &&
	test_must_fail plan audit >../b1 && test_must_fail plan audit >../b2 &&
	test_cmp ../b1 ../b2 && test_grep "directly on the main branch" ../b2 &&
	test_must_fail plan audit --no-cache >../b3 && test_cmp ../b1 ../b3 &&
	sid=$(git rev-parse --short=12 HEAD) && git branch "$sid" main~1 &&
	rm -f .git/plan/audit.bin && test_must_fail plan audit >../b4 &&
	test_must_fail plan audit >../b5 && test_cmp ../b1 ../b4 && test_cmp ../b1 ../b5 &&
	git branch -D "$sid" >/dev/null &&
	git reset -q --hard HEAD~1
'

# handlaggare-5's key was good until the end of 2020: an approval signed then
# stays good in the audit after the key expired; one signed after is caught,
# and so is one dated back before the main branch it merges into. The server
# judges a push today, so an expired key approves nothing new.
test_expect_success 'a signature is judged as of the day it was made' '
	cd L && branch_by 1 i-tid 2019-06-01 &&
	as 5 plan approve --no-push i-tid >/dev/null && git log -1 --format=%cI | grep -q "^2020-01-15" &&
	plan audit --no-cache >../out && test_grep "0 of them not properly approved" ../out &&
	test_must_fail git push origin main 2>../push.err &&
	test_grep "the signature on this merge is not handlaggare-5.s" ../push.err &&
	test_grep "\(ssh-keygen: records/allowed_signers:[0-9]+: key has expired: verify time .* > valid-before 2020-12-31T00:00:00\)" ../push.err &&
	git reset -q --hard origin/main &&
	branch_by 1 for-sent 2019-06-02 &&
	GIT_COMMITTER_DATE=2021-03-01T12:00:00Z as 5 plan approve --no-push for-sent >/dev/null &&
	audit_fails_with "the signature on this merge is not handlaggare-5.s" &&
	branch_by 1 senast 2019-06-03 &&
	GIT_COMMITTER_DATE=2021-03-01T12:00:00Z as 2 plan approve --no-push senast >/dev/null &&
	branch_by 1 bakdaterad 2019-06-04 && as 5 plan approve --no-push bakdaterad >/dev/null &&
	git log -1 --format=%cI | grep -q "^2020-01-15" &&
	audit_fails_with "the signature on this merge is not handlaggare-5.s"
'

# The approved history set aside another way: a merge made on an older main
# commit, keeping its records, with the newer main as its second parent.
test_expect_success 'a merge back onto an older main is caught' '
	cd L && branch_by 1 tillbaka 2019-06-05 && as 3 plan approve --no-push tillbaka >/dev/null &&
	git push -q origin main &&
	m=$(as 1 git commit-tree "main~1^{tree}" -p main~1 -p main -m "Merge") &&
	test_must_fail git push origin $m:refs/heads/main 2>../push.err &&
	test_grep "no longer its first parent line" ../push.err &&
	test_must_fail plan audit $m >../out && test_grep "this merge sets aside what the line it merges holds" ../out &&
	test_must_fail plan audit --no-cache $m >../out2 && test_cmp ../out ../out2 &&
	test_must_fail plan audit main..$m >../out3 && test_grep "sets aside" ../out3 &&
	git reset -q --hard origin/main
'

test_expect_success 'after all that, the history on the server audits clean' '
	cd L && git fetch -q origin && plan audit origin/main >../out &&
	test_grep "0 of them not properly approved" ../out &&
	plan audit --format json >../out.json && python3 -c "import json; json.load(open(\"../out.json\"))"
'

test_expect_success 'an auditor can work in the central, bare repository itself' '
	cd server.git && plan audit >../bare.audit &&
	test_grep "0 of them not properly approved" ../bare.audit &&
	(cd ../L && git fetch -q origin && plan audit origin/main) >../clone.audit &&
	test_cmp ../clone.audit ../bare.audit &&
	plan status --at 2020-06-30 --format json >../bare.status &&
	(cd ../L && plan status --rev origin/main --at 2020-06-30 --format json) >../clone.status &&
	test_cmp ../clone.status ../bare.status &&
	plan trace I14 >../bare.trace && test_grep "seminarium" ../bare.trace &&
	plan report --format md >../bare.md && test_grep "I14" ../bare.md &&
	test_must_fail --status=2 plan check 2>../err && test_grep "this is a bare Git repository" ../err
'

test_done
