#!/bin/sh
# Proven identities: with signed approvals, every commit that changes
# records/ or schemas/ is signed by the key of the person whose address it
# carries, so that "not the approver's own work" is proven, not claimed.
# Each forgery of the issue is caught by the server and by the audit; with
# signed: false, the audit says that identities are self-asserted.
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2020-06-30
export PLAN_TODAY

people() {
	cat >records/people.yaml <<-PEOPLE
	people:
	  - {id: handlaggare-1, name: Handläggare Ett, email: handlaggare-1@example.org, fte: 1.0, roles: [staff]}
	  - {id: handlaggare-2, name: Handläggare Två, email: handlaggare-2@example.org, fte: 1.0, roles: [staff, reviewer]}
	  - {id: handlaggare-3, name: Handläggare Tre, email: handlaggare-3@example.org, fte: 1.0, roles: [staff, reviewer]}
	PEOPLE
}

server_refs() {
	git -C "$TRASH/$1" for-each-ref --format='%(refname) %(objectname)'
}

# A signed ledger S (plan init's default) and an unsigned one U, each with
# its central repository started from it; everyone signs their commits.
test_expect_success 'set up a signed and an unsigned ledger, each with its server' '
	for n in 1 2 3; do
		ssh-keygen -q -t ed25519 -N "" -C "handlaggare-$n" -f key-$n &&
		as $n git config --global gpg.format ssh &&
		as $n git config --global user.signingkey "$TRASH/key-$n" &&
		as $n git config --global commit.gpgsign true || return 1
	done &&
	plan init S >out && test_grep "It asks for signed changes" out &&
	(cd S && people && grep -q "^  signed: true$" records/plan.yaml &&
	 for n in 1 2 3; do
		echo "handlaggare-$n@example.org namespaces=\"git\" $(cut -d" " -f1,2 ../key-$n.pub)" >>records/allowed_signers || return 1
	 done &&
	 git commit -q --amend -a -m "Start the ledger" &&
	 plan init --bare ../S.git --from . >/dev/null &&
	 git remote add origin ../S.git && git fetch -q origin) &&
	plan init --unsigned U >/dev/null &&
	(cd U && people && grep -q "^  signed: false$" records/plan.yaml &&
	 git commit -q --amend -a -m "Start the ledger" &&
	 plan init --bare ../U.git --from . >/dev/null &&
	 git remote add origin ../U.git && git fetch -q origin)
'

test_expect_success 'signed work by its maker, approved by another, passes server and audit' '
	cd S && git checkout -q -b h1/seminarium main &&
	write_event . 2019-03-12 seminarium seminar I14 >/dev/null && git add records &&
	as 1 git commit -qm "Seminarium" && git cat-file commit HEAD | grep -q "BEGIN SSH SIGNATURE" &&
	as 1 git push -q origin h1/seminarium &&
	git checkout -q main && as 2 plan approve h1/seminarium >/dev/null &&
	git push -q origin main &&
	plan audit >../out &&
	test_grep "0 of them not properly approved; 1 signature verified" ../out &&
	test_grep ! "self-asserted" ../out &&
	plan audit --format json | grep -q "\"identities\":\"proven\""
'

test_expect_success 'an unsigned commit is refused by the server and by plan approve' '
	cd S && git checkout -q -b h1/osignerad main &&
	write_event . 2019-03-13 osignerad seminar I14 >/dev/null && git add records &&
	as 1 git commit -q --no-gpg-sign -m "Osignerad" &&
	before=$(server_refs S.git) &&
	test_must_fail as 1 git push -q origin h1/osignerad 2>../err &&
	test_grep "error\[approval\]: this commit changes records/ or schemas/, and the ledger asks that every such commit be signed .*but it is not signed" ../err &&
	test "$(server_refs S.git)" = "$before" &&
	git checkout -q main &&
	test_must_fail as 2 plan approve h1/osignerad >../out 2>../err &&
	test_grep "it is not signed" ../out && test_grep "nothing was approved" ../err &&
	test "$(git rev-parse main)" = "$(git rev-parse origin/main)"
'

# Attack (a): a reviewer makes a commit under a colleague's name and
# address, then approves and signs "the colleague's" work.
test_expect_success 'a reviewer committing as a colleague is caught by server, approve and audit' '
	cd S && git checkout -q -b h1/lant main &&
	write_event . 2019-03-14 lant seminar I14 >/dev/null && git add records &&
	as 2 env GIT_AUTHOR_NAME="Handläggare 1" GIT_AUTHOR_EMAIL=handlaggare-1@example.org \
		GIT_COMMITTER_NAME="Handläggare 1" GIT_COMMITTER_EMAIL=handlaggare-1@example.org \
		git commit -qm "Seminarium (by handlaggare-1, it says)" &&
	test "$(git log -1 --format=%ae/%ce)" = "handlaggare-1@example.org/handlaggare-1@example.org" &&
	before=$(server_refs S.git) &&
	test_must_fail as 2 git push -q origin h1/lant 2>../err &&
	test_grep "ssh-keygen does not verify it with handlaggare-1@example.org.s key" ../err &&
	test "$(server_refs S.git)" = "$before" &&
	git checkout -q main &&
	test_must_fail as 2 plan approve h1/lant >../out 2>../err &&
	test_grep "does not verify it with handlaggare-1@example.org.s key" ../out &&
	m=$(as 2 git commit-tree -S "h1/lant^{tree}" -p main -p h1/lant -m "Approve h1/lant

Approved-by: handlaggare-2 <handlaggare-2@example.org>") &&
	git merge -q --ff-only $m &&
	test_must_fail plan audit >../out &&
	test_grep "error\[approval\]: 1 of the commits this merge approves changes records/ or schemas/ without proof of who made them \(the first, [0-9a-f]{12} by Handläggare 1 <handlaggare-1@example.org>: ssh-keygen does not verify it" ../out &&
	test_must_fail plan audit --no-cache >../out2 && test_cmp ../out ../out2 &&
	test_must_fail git push -q origin main 2>../err &&
	test_grep "without proof of who made them" ../err &&
	test "$(server_refs S.git)" = "$before" &&
	git reset -q --hard origin/main
'

# Attack (b): a non-reviewer writes the approval merge under a reviewer's
# address, with the trailer. Signed: refused (t0055 tests the variants).
# Unsigned: nothing in Git can tell, and the audit says so in words.
test_expect_success 'a merge forged under a reviewer address: refused when signed' '
	cd S && git checkout -q -b h3/forfalskad main &&
	write_event . 2019-03-15 forfalskad seminar I14 >/dev/null && git add records &&
	as 3 git commit -qm "Forfalskad" && git checkout -q main &&
	m=$(as 1 env GIT_COMMITTER_NAME="Handläggare 2" GIT_COMMITTER_EMAIL=handlaggare-2@example.org \
		git commit-tree -S "h3/forfalskad^{tree}" -p main -p h3/forfalskad -m "Approve

Approved-by: handlaggare-2 <handlaggare-2@example.org>") &&
	git merge -q --ff-only $m &&
	test_must_fail plan audit >../out &&
	test_grep "the signature on this merge is not handlaggare-2.s" ../out &&
	test_must_fail git push -q origin main 2>../err &&
	test_grep "the signature on this merge is not handlaggare-2.s" ../err &&
	git reset -q --hard origin/main
'

test_expect_success 'the same forgery without signatures: the audit says identities are self-asserted' '
	cd U && git checkout -q -b h3/forfalskad main &&
	write_event . 2019-03-15 forfalskad seminar I14 >/dev/null && git add records &&
	as 3 git commit -q --no-gpg-sign -m "Forfalskad" && git push -q origin h3/forfalskad &&
	git checkout -q main &&
	m=$(as 1 env GIT_COMMITTER_NAME="Handläggare 2" GIT_COMMITTER_EMAIL=handlaggare-2@example.org \
		git commit-tree --no-gpg-sign "h3/forfalskad^{tree}" -p main -p h3/forfalskad -m "Approve

Approved-by: handlaggare-2 <handlaggare-2@example.org>") &&
	git merge -q --ff-only $m && git push -q origin main &&
	plan audit >../out &&
	test_grep "note: records/plan.yaml does not ask for signed approvals .* these identities are self-asserted, not proven" ../out &&
	tail -n 1 ../out | grep -q "0 of them not properly approved" &&
	plan audit --format json | grep -q "\"identities\":\"self-asserted\""
'

test_expect_success 'a change that turns signing off must itself be signed' '
	cd S && git checkout -q -b h1/av main &&
	sed -i "s/^  signed: true$/  signed: false/" records/plan.yaml &&
	as 1 git commit -q --no-gpg-sign -am "Stop signing" &&
	test_must_fail as 1 git push -q origin h1/av 2>../err &&
	test_grep "it is not signed" ../err &&
	git checkout -q main && git branch -q -D h1/av
'

test_expect_success 'plan init --bare takes only a ledger whose main passes the checks' '
	mkdir bad && cd bad && git init -q -b main . &&
	cp -R ../S/records ../S/schemas . && sed -i "s/^id: I14$/id: I99/" records/indicators/I14.yaml &&
	git add -A && git commit -q --no-gpg-sign -m "Broken" && cd .. &&
	test_must_fail --status=2 plan init --bare bad.git --from bad >out 2>err &&
	test_grep "does not pass the checks" err && test ! -e bad.git/refs/heads/main &&
	test_must_fail --status=2 plan init --bare none.git --from nowhere 2>err &&
	test_grep "no ledger to start from" err
'

test_expect_success 'a central repository needs a reviewer with a key when changes are signed' '
	plan init K >/dev/null && (cd K && people && git commit -q --amend -a -m "No keys") &&
	test_must_fail --status=2 plan init --bare K.git --from K 2>err &&
	test_grep "no reviewer in records/people.yaml of K has a key in records/allowed_signers" err &&
	test_grep "warning: handlaggare-1 has no key in records/allowed_signers of K" err &&
	test ! -e K.git &&
	(cd K && echo "handlaggare-2@example.org namespaces=\"git\" $(cut -d" " -f1,2 ../key-2.pub)" >>records/allowed_signers &&
	 git commit -q --amend -a -m "One key") &&
	plan init --bare K.git --from K >/dev/null 2>err &&
	test_grep "warning: handlaggare-3 has no key" err && test_grep ! "handlaggare-2 has no key" err
'

test_done
